"""Single-channel samples: one local channel moved alone, as an SDK user moves it, against a fresh render.

The data set's frames change many parameters at once, so the decoder never sees mouth.open (or eyes.blink) move
while nothing else does, which is how the SDK's channels are used. Here a control sample's driving α gets mouth.open,
or both blinks, set to a random amount; the renderer draws the driving frame again with the same change
(`AvatarPairs.rerender`), and the decoded image is fitted to that render.

Teeth and the inside of an open mouth cover about 1 % of a 128² frame, so a whole-frame L1 barely asks for them: a
`--paint-l1 200` run painted none in 930 steps. `box_l1` adds the mean L1 inside the moved feature's box (the mouth, or
both eyes with their brows), which weighs each of those pixels as much as the box's share of the frame is small. A
decoder-only probe with such a weight (20 on the box mean) painted teeth on held-out avatars (models/README.md).
"""
from __future__ import annotations

import numpy as np
import torch

from avatars import MOTION_FIELDS, MotionParams, feature_boxes, sample_identity
from .targets import TIED_DIRECTIONS

# each local channel's tied directions: mouth.open; both blinks together (the SDK's eyes.blink)
LOCAL_CHANNELS = {region: [t for t in TIED_DIRECTIONS if t.field in fields]
                  for region, fields in (('mouth', ('mouth_open',)), ('eyes', ('blink_left', 'blink_right')))}
# the feature boxes (avatars.feature_boxes) each local channel changes
REGION_BOXES = {'mouth': ('mouth',), 'eyes': ('left_eye', 'right_eye')}


def local_channel_moves(alpha: torch.Tensor, params: torch.Tensor, generator: torch.Generator | None = None):
    """`alpha` (n, motion_dim) and the true parameters `params` (n, motion fields) with, on the first half of the
    samples, mouth.open moved alone to a random amount in 0..1 and, on the rest, both blinks moved to one random
    amount; and which region each sample's change belongs to ('mouth' or 'eyes'). The inputs are not changed."""
    n = alpha.shape[0]
    moved, moved_params = alpha.clone(), params.clone()
    amounts = torch.rand(n, generator=generator)
    regions = ['mouth' if i < (n + 1) // 2 else 'eyes' for i in range(n)]
    for i, region in enumerate(regions):
        for tied in LOCAL_CHANNELS[region]:
            moved[i, tied.index] = float(amounts[i]) / tied.divisor
            moved_params[i, MOTION_FIELDS.index(tied.field)] = float(amounts[i])
    return moved, moved_params, regions


def feature_box_mask(seeds, params: np.ndarray, regions, size: int) -> torch.Tensor:
    """(n, 1, size, size) mask, 1 inside the boxes of each sample's region for identity `seeds[i]` at `params[i]`
    (motion fields): where that channel's change is drawn. Boxes are clipped to the frame."""
    mask = torch.zeros(len(regions), 1, size, size)
    for i, (seed, p, region) in enumerate(zip(seeds, params, regions)):
        boxes = feature_boxes(sample_identity(int(seed)), MotionParams.from_array(p), size)
        for name in REGION_BOXES[region]:
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
