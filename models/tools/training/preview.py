"""Image grids for looking at training progress and evaluation results."""
import os

import numpy as np
import torch
from PIL import Image


def to_uint8(images: torch.Tensor) -> np.ndarray:
    """(…,3,H,W) in [-1,1] → (…,H,W,3) uint8."""
    x = ((images.detach().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
    return x.movedim(-3, -1).cpu().numpy()


def save_grid(grid: torch.Tensor, path: str, pad: int = 2):
    """Saves a (rows, cols, 3, H, W) tensor in [-1,1] as one PNG with `pad` white pixels between cells."""
    rows, cols, _, h, w = grid.shape
    canvas = np.full((rows * (h + pad) + pad, cols * (w + pad) + pad, 3), 255, np.uint8)
    cells = to_uint8(grid)
    for r in range(rows):
        for c in range(cols):
            y, x = pad + r * (h + pad), pad + c * (w + pad)
            canvas[y:y + h, x:x + w] = cells[r, c]
    tmp = path + '.tmp.png'
    Image.fromarray(canvas).save(tmp)
    os.replace(tmp, path)
