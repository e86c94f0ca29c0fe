"""The semi-supervised dictionary: which α coordinates are tied to which rendered parameter, in which units.

Each named direction i is trained so that the encoder's α[i] equals `param / divisor`. The manifest's calibration is
then exact by construction: channel value v (degrees or amount) → α[i] = v / divisor. Directions after the named ones
stay free (sparse).

The divisors put the tied coefficients at the scale of the encoder's latent (its values vary by about 0.07 across
images): equalized-learning-rate layers change their output scale only slowly, so asking for coefficients ten times
larger kept them far from their targets for thousands of steps (measured: yaw correlation 0.11 after 1,000 steps).
`TIE_SCALE` makes the tie loss an MSE in the parameters' natural units (about ±1).
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class TiedDirection:
    field: str          # avatars.MOTION_FIELDS name
    index: int          # dictionary direction
    divisor: float      # parameter units per α unit
    channel: str        # SDK channel name
    description: str    # meaning and sign, as shown by `portrait-rig info`
    unit: str           # 'degrees' | 'amount'
    group: str          # 'pose' | 'expression'
    range: tuple        # trained range in channel units


TIED_DIRECTIONS = (
    TiedDirection('yaw', 0, 200.0, 'head.yaw', "Head turn; + toward the avatar's left (viewer's right)", 'degrees', 'pose', (-35.0, 35.0)),
    TiedDirection('pitch', 1, 150.0, 'head.pitch', 'Head nod; + lifts the chin', 'degrees', 'pose', (-25.0, 25.0)),
    TiedDirection('roll', 2, 150.0, 'head.roll', "Head tilt; + toward the avatar's left shoulder", 'degrees', 'pose', (-20.0, 20.0)),
    TiedDirection('mouth_open', 3, 5.0, 'mouth.open', 'Jaw opening; 1 = wide open', 'amount', 'expression', (0.0, 1.0)),
    TiedDirection('mouth_smile', 4, 5.0, 'mouth.smile', 'Smile', 'amount', 'expression', (0.0, 1.0)),
    TiedDirection('mouth_round', 5, 5.0, 'mouth.round', 'Rounded "O" mouth', 'amount', 'expression', (0.0, 1.0)),
    TiedDirection('mouth_pout', 6, 5.0, 'mouth.pout', 'Pout', 'amount', 'expression', (0.0, 1.0)),
    TiedDirection('blink_left', 7, 5.0, 'eyes.blinkLeft', "Avatar's left eyelid; 1 = closed", 'amount', 'expression', (0.0, 1.0)),
    TiedDirection('blink_right', 8, 5.0, 'eyes.blinkRight', "Avatar's right eyelid; 1 = closed", 'amount', 'expression', (0.0, 1.0)),
    TiedDirection('brow_raise', 9, 5.0, 'brows.raise', 'Brows; + raise, - frown', 'amount', 'expression', (-1.0, 1.0)),
    TiedDirection('gaze_x', 10, 5.0, 'gaze.x', "Eyeballs left/right; + toward the avatar's left", 'amount', 'expression', (-1.0, 1.0)),
    TiedDirection('gaze_y', 11, 5.0, 'gaze.y', 'Eyeballs up/down; + up', 'amount', 'expression', (-1.0, 1.0)),
)
NUM_TIED = len(TIED_DIRECTIONS)
TIE_SCALE = 10.0  # tie loss = MSE(TIE_SCALE·α, TIE_SCALE·target)


def free_drift(alpha_source, alpha_driving):
    """MSE, at the tie's scale, between the free directions of two frames of one identity.

    On data whose motion is all named (the procedural avatars), any motion the encoder reads into the free directions
    is redundant with the named ones, and missing when a channel sets only its named direction: the channel under-acts.
    Pulling the free directions of source and driving frame together leaves them the identity, never the motion.
    """
    import torch.nn.functional as F  # late: make_driving_video.py imports this module and needs no torch
    return F.mse_loss(alpha_driving[:, NUM_TIED:] * TIE_SCALE, alpha_source[:, NUM_TIED:] * TIE_SCALE)


def target_matrix(motion_fields):
    """Column indices into the params array and divisors, in direction order."""
    columns = [motion_fields.index(t.field) for t in TIED_DIRECTIONS]
    divisors = [t.divisor for t in TIED_DIRECTIONS]
    return columns, divisors


def channel_map():
    """The manifest's `channels` section for the tied directions (linear calibration α = v / divisor)."""
    channels = {}
    for t in TIED_DIRECTIONS:
        channels[t.channel] = {
            'unit': t.unit, 'group': t.group, 'neutral': 0.0, 'range': list(t.range), 'verified': True,
            'description': t.description,
            'terms': [{'index': t.index, 'calibration': {'type': 'linear', 'scale': 1.0 / t.divisor, 'offset': 0.0}}],
        }
    left = next(t for t in TIED_DIRECTIONS if t.field == 'blink_left')
    right = next(t for t in TIED_DIRECTIONS if t.field == 'blink_right')
    channels['eyes.blink'] = {
        'unit': 'amount', 'group': 'expression', 'neutral': 0.0, 'range': [0.0, 1.0], 'verified': True,
        'description': 'Both eyelids; 1 = closed',
        'terms': [{'index': d.index, 'calibration': {'type': 'linear', 'scale': 1.0 / d.divisor, 'offset': 0.0}}
                  for d in (left, right)],
    }
    return channels
