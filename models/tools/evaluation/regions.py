"""Crop regions per frame, taken from the avatar renderer's own geometry (the renderer is not modified).

`avatars.feature_boxes(identity, motion, size)` projects the renderer's exact 3-D eye and mouth positions for that
frame's pose and expression into square pixel boxes: one per eye (with its brow) and one around the mouth. From it:

- eyes  = both eye boxes (metrics pool the two boxes' pixels, so the skin between the eyes does not count)
- mouth = the mouth box
- face  = the bounding box of the eye and mouth boxes, widened by 15 % of its width on each side and 10 % of its
          height at top and bottom (forehead to chin, cheek to cheek)

Boxes are clipped to the image; a box with a side under MIN_SIDE pixels after clipping is dropped (a feature turned
out of the frame), and a region without boxes is None for that frame.

`change_mask` is the other renderer-derived region: the pixels where ground-truth renders that differ in one
parameter differ from each other (used for "does a channel change its own region" and to cross-check the boxes).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from scipy import ndimage

from avatars import feature_boxes

from .metrics import gradient_energy, psnr, ssim

Box = Tuple[int, int, int, int]  # x0, y0, x1, y1 (x1, y1 exclusive)
MIN_SIDE = 8
FACE_PAD_X, FACE_PAD_Y = 0.15, 0.10


@dataclass(frozen=True)
class Region:
    name: str
    boxes: Tuple[Box, ...]

    def mask(self, size: int) -> np.ndarray:
        m = np.zeros((size, size), bool)
        for x0, y0, x1, y1 in self.boxes:
            m[y0:y1, x0:x1] = True
        return m

    def bounds(self) -> Box:
        b = np.array(self.boxes)
        return int(b[:, 0].min()), int(b[:, 1].min()), int(b[:, 2].max()), int(b[:, 3].max())

    def center_y(self) -> float:
        x0, y0, x1, y1 = self.bounds()
        return (y0 + y1) / 2


def clip_box(box: Sequence[float], size: int) -> Optional[Box]:
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(size, x1), min(size, y1)
    if x1 - x0 < MIN_SIDE or y1 - y0 < MIN_SIDE:
        return None
    return x0, y0, x1, y1


def _region(name: str, boxes: List[Optional[Box]]) -> Optional[Region]:
    kept = tuple(b for b in boxes if b is not None)
    return Region(name, kept) if kept else None


def frame_regions(identity, motion, size: int) -> Dict[str, Optional[Region]]:
    """{'eyes', 'mouth', 'face'} → Region (or None when out of frame) for one ground-truth frame."""
    fb = feature_boxes(identity, motion, size)
    raw = [fb['left_eye'], fb['right_eye'], fb['mouth']]
    x0 = min(b[0] for b in raw)
    y0 = min(b[1] for b in raw)
    x1 = max(b[2] for b in raw)
    y1 = max(b[3] for b in raw)
    w, h = x1 - x0, y1 - y0
    face = (x0 - FACE_PAD_X * w, y0 - FACE_PAD_Y * h, x1 + FACE_PAD_X * w, y1 + FACE_PAD_Y * h)
    return {
        'eyes': _region('eyes', [clip_box(fb['left_eye'], size), clip_box(fb['right_eye'], size)]),
        'mouth': _region('mouth', [clip_box(fb['mouth'], size)]),
        'face': _region('face', [clip_box(face, size)]),
    }


def region_metrics(pred: np.ndarray, target: np.ndarray, region: Region) -> Dict[str, float]:
    """PSNR over the region's pixels, area-weighted SSIM and sharpness ratio (gradient energy of the prediction /
    of the truth, area-weighted over the boxes)."""
    size = target.shape[0]
    areas, ssims, gp, gt = [], [], [], []
    for x0, y0, x1, y1 in region.boxes:
        p, t = pred[y0:y1, x0:x1], target[y0:y1, x0:x1]
        a = (x1 - x0) * (y1 - y0)
        areas.append(a)
        ssims.append(ssim(p, t))
        gp.append(gradient_energy(p) * a)
        gt.append(gradient_energy(t) * a)
    areas = np.array(areas, np.float64)
    return {'psnr': psnr(pred, target, region.mask(size)),
            'ssim': float((np.array(ssims) * areas).sum() / areas.sum()),
            'sharpness': float(sum(gp) / max(sum(gt), 1e-9))}


def change_mask(images: Sequence[np.ndarray], reference: np.ndarray, threshold: int = 8,
                dilate: int = 2) -> np.ndarray:
    """Pixels where any of `images` (uint8) differs from `reference` by more than `threshold` in some colour
    channel, dilated by `dilate` pixels."""
    ref = reference.astype(np.int16)
    m = np.zeros(reference.shape[:2], bool)
    for im in images:
        m |= (np.abs(im.astype(np.int16) - ref).max(-1) > threshold)
    if dilate:
        m = ndimage.binary_dilation(m, iterations=dilate)
    return m


def change_concentration(changed: np.ndarray, region_mask: np.ndarray) -> Dict[str, float]:
    """How much of an image change (H, W) ≥ 0 falls inside a region: `share` = Σ inside / Σ all, `area` = the
    region's share of the image (what `share` would be for a change spread evenly), `ratio` = mean change inside /
    mean change outside (inf when nothing changes outside)."""
    inside, outside = changed[region_mask], changed[~region_mask]
    total = float(changed.sum())
    mean_out = float(outside.mean()) if outside.size else 0.0
    return {'share': float(inside.sum()) / total if total > 0 else float('nan'),
            'area': float(region_mask.mean()),
            'ratio': float(inside.mean()) / mean_out if mean_out > 0 else float('inf')}
