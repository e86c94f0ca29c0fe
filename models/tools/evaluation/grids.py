"""Labelled PNG grids (uint8 cells) for the report."""
from __future__ import annotations

import os
from typing import Optional, Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

PAD = 2
HEADER = 13
MAX_BYTES = 300_000  # a grid larger than this in full colour is stored with a 256-colour palette


def error_map(pred: np.ndarray, target: np.ndarray, gain: float = 4.0) -> np.ndarray:
    """|pred − target| (mean over colour) × gain as a black → red → yellow → white heat map, uint8 (H, W, 3)."""
    e = np.abs(pred.astype(np.float32) - target.astype(np.float32)).mean(-1) / 255.0 * gain
    e = np.clip(e, 0, 1)
    r = np.clip(e * 3, 0, 1)
    g = np.clip(e * 3 - 1, 0, 1)
    b = np.clip(e * 3 - 2, 0, 1)
    return (np.stack([r, g, b], -1) * 255 + 0.5).astype(np.uint8)


def save_grid(cells: np.ndarray, path: str, col_labels: Optional[Sequence[str]] = None,
              row_labels: Optional[Sequence[str]] = None, label_width: int = 0,
              max_bytes: int = MAX_BYTES) -> int:
    """Saves (rows, cols, H, W, 3) uint8 cells as one PNG with white gutters, a header row of column labels and an
    optional left column of row labels; returns the file size in bytes. Above `max_bytes` the
    image is stored with an adaptive 256-colour palette (no dithering) instead."""
    rows, cols, h, w, _ = cells.shape
    top = HEADER if col_labels else 0
    left = label_width if row_labels else 0
    canvas = np.full((top + rows * (h + PAD) + PAD, left + cols * (w + PAD) + PAD, 3), 255, np.uint8)
    for r in range(rows):
        for c in range(cols):
            y, x = top + PAD + r * (h + PAD), left + PAD + c * (w + PAD)
            canvas[y:y + h, x:x + w] = cells[r, c]
    img = Image.fromarray(canvas)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default()
    for c, text in enumerate(col_labels or []):
        draw.text((left + PAD + c * (w + PAD) + 2, 1), str(text)[: max(1, w // 6)], fill=(0, 0, 0), font=font)
    for r, text in enumerate(row_labels or []):
        draw.text((2, top + PAD + r * (h + PAD) + h // 2 - 5), str(text)[: max(1, left // 6)], fill=(0, 0, 0),
                  font=font)
    tmp = path + '.tmp.png'
    img.save(tmp, optimize=True)
    if os.path.getsize(tmp) > max_bytes:  # noisy outputs compress badly: fall back to a 256-colour palette
        img.quantize(256, method=Image.MEDIANCUT, dither=Image.NONE).save(tmp, optimize=True)
    os.replace(tmp, path)
    return os.path.getsize(path)


def resize_nearest(image: np.ndarray, size: int) -> np.ndarray:
    return np.asarray(Image.fromarray(image).resize((size, size), Image.NEAREST))
