"""The semi-supervised dictionary: which α coordinates are tied to which rendered parameter, in which units.

Each named direction i is trained so that the encoder's α[i] equals `param / divisor`. The manifest's calibration is
then exact by construction: channel value v (degrees or amount) → α[i] = v / divisor. Directions after the named ones
stay free (sparse).
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


# Divisors keep the tied coefficients within about ±2, the scale the free directions settle at.
TIED_DIRECTIONS = (
    TiedDirection('yaw', 0, 20.0, 'head.yaw', "Head turn; + toward the avatar's left (viewer's right)", 'degrees', 'pose', (-35.0, 35.0)),
    TiedDirection('pitch', 1, 15.0, 'head.pitch', 'Head nod; + lifts the chin', 'degrees', 'pose', (-25.0, 25.0)),
    TiedDirection('roll', 2, 15.0, 'head.roll', "Head tilt; + toward the avatar's left shoulder", 'degrees', 'pose', (-20.0, 20.0)),
    TiedDirection('mouth_open', 3, 0.5, 'mouth.open', 'Jaw opening; 1 = wide open', 'amount', 'expression', (0.0, 1.0)),
    TiedDirection('mouth_smile', 4, 0.5, 'mouth.smile', 'Smile', 'amount', 'expression', (0.0, 1.0)),
    TiedDirection('mouth_round', 5, 0.5, 'mouth.round', 'Rounded "O" mouth', 'amount', 'expression', (0.0, 1.0)),
    TiedDirection('mouth_pout', 6, 0.5, 'mouth.pout', 'Pout', 'amount', 'expression', (0.0, 1.0)),
    TiedDirection('blink_left', 7, 0.5, 'eyes.blinkLeft', "Avatar's left eyelid; 1 = closed", 'amount', 'expression', (0.0, 1.0)),
    TiedDirection('blink_right', 8, 0.5, 'eyes.blinkRight', "Avatar's right eyelid; 1 = closed", 'amount', 'expression', (0.0, 1.0)),
    TiedDirection('brow_raise', 9, 0.5, 'brows.raise', 'Brows; + raise, - frown', 'amount', 'expression', (-1.0, 1.0)),
    TiedDirection('gaze_x', 10, 0.5, 'gaze.x', "Eyeballs left/right; + toward the avatar's left", 'amount', 'expression', (-1.0, 1.0)),
    TiedDirection('gaze_y', 11, 0.5, 'gaze.y', 'Eyeballs up/down; + up', 'amount', 'expression', (-1.0, 1.0)),
)
NUM_TIED = len(TIED_DIRECTIONS)


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
