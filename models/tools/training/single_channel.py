"""Single-channel samples: one channel moved alone, as an SDK user moves it, against a fresh render.

The data set's frames change many parameters at once, so the decoder never sees mouth.open (or eyes.blink, or one
pose angle) move while nothing else does, which is how the SDK's channels are used. Here a source's own α gets one
channel set to a random amount (`channel_moves`); the renderer draws the source again with the same change
(`AvatarPairs.rerender`), and the decoded image is fitted to that render.

Teeth and the inside of an open mouth cover about 1 % of a 128² frame, so a whole-frame L1 barely asks for them: a
`--paint-l1 200` run painted none in 930 steps. `box_l1` adds the mean L1 inside the move's boxes (the mouth, both
eyes with their brows, or for a pose move both), which weighs each of those pixels as much as the boxes' share of the
frame is small. With it the decoder learnt to paint teeth (models/README.md, steps 32,750–35,514); moving only the
mouth and eyes also taught it to part the lips when the chin lifts, which the pose moves undid (steps 35,514–37,300).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from avatars import MOTION_FIELDS, MotionParams, feature_boxes, sample_identity
from .targets import TIED_DIRECTIONS


@dataclass(frozen=True)
class Move:
    """One kind of single-channel frame: the tied parameters set together to one random amount in their range, and the
    feature boxes (avatars.feature_boxes) whose pixels the boxed L1 weighs."""
    fields: tuple
    boxes: tuple

    @property
    def directions(self):
        return [t for t in TIED_DIRECTIONS if t.field in self.fields]


# mouth.open and eyes.blink (both lids) change their own feature; a pose channel moves the whole head, and its boxes
# are the mouth and eyes that must come along unchanged (an open mouth learnt from the first kind must not appear)
MOVES = {
    'mouth': Move(('mouth_open',), ('mouth',)),
    'eyes': Move(('blink_left', 'blink_right'), ('left_eye', 'right_eye')),
    'yaw': Move(('yaw',), ('mouth', 'left_eye', 'right_eye')),
    'pitch': Move(('pitch',), ('mouth', 'left_eye', 'right_eye')),
}


def channel_moves(alpha: torch.Tensor, params: torch.Tensor, kinds=('mouth', 'eyes'),
                  generator: torch.Generator | None = None):
    """`alpha` (n, motion_dim) and the true parameters `params` (n, motion fields) with one kind of `MOVES` per sample
    (the samples split into equal runs, in the order of `kinds`): its parameters set to one random amount in their
    tied range (0..1 for expressions, degrees for pose); and each sample's kind. The inputs are not changed."""
    n = alpha.shape[0]
    moved, moved_params = alpha.clone(), params.clone()
    unit = torch.rand(n, generator=generator)
    sample_kinds = [kinds[i * len(kinds) // n] for i in range(n)]
    for i, kind in enumerate(sample_kinds):
        for tied in MOVES[kind].directions:
            low, high = tied.range
            amount = low + float(unit[i]) * (high - low)
            moved[i, tied.index] = amount / tied.divisor
            moved_params[i, MOTION_FIELDS.index(tied.field)] = amount
    return moved, moved_params, sample_kinds


def feature_box_mask(seeds, params: np.ndarray, kinds, size: int) -> torch.Tensor:
    """(n, 1, size, size) mask, 1 inside the boxes of each sample's kind of move (`MOVES`) for identity `seeds[i]` at
    `params[i]` (motion fields). Boxes are clipped to the frame."""
    mask = torch.zeros(len(kinds), 1, size, size)
    for i, (seed, p, kind) in enumerate(zip(seeds, params, kinds)):
        boxes = feature_boxes(sample_identity(int(seed)), MotionParams.from_array(p), size)
        for name in MOVES[kind].boxes:
            x0, y0, x1, y1 = (min(max(v, 0), size) for v in boxes[name])
            mask[i, :, y0:y1, x0:x1] = 1.0
    return mask


def box_l1(output: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean L1 between output and target (B, 3, H, W) over the pixels where `mask` (B, 1, H, W) is 1: each boxed pixel
    weighs 1 / (boxed pixels), not 1 / (all pixels). 0 when the mask is empty."""
    inside = mask.sum() * output.shape[1]
    if float(inside) == 0:
        return output.new_zeros(())
    return ((output - target).abs() * mask).sum() / inside
