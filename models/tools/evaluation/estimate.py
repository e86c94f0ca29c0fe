"""Reading a motion parameter back from an image: match the image against ground-truth renders of the same identity
on a fine grid of that parameter (everything else fixed), take the grid value with the least MSE and refine it with
the vertex of the parabola through that point and its two neighbours.

A minimum on the first or last grid value is not refined and is flagged `at_bound` (the true value may lie beyond).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, Tuple

import numpy as np

from avatars import MotionParams, render


@dataclass(frozen=True)
class ParameterGrid:
    values: np.ndarray   # (n,) increasing, uniformly spaced
    images: np.ndarray   # (n, H, W, 3) uint8 ground-truth renders at those values


def render_grid(identity, base: MotionParams, fields: Sequence[str], values: Sequence[float],
                size: int) -> ParameterGrid:
    """Renders `base` with every field in `fields` set to each value (e.g. ('blink_left', 'blink_right'))."""
    values = np.asarray(values, np.float64)
    steps = np.diff(values)
    if len(values) < 3 or not np.allclose(steps, steps[0]) or steps[0] <= 0:
        raise ValueError('render_grid: need >= 3 increasing, uniformly spaced values')
    images = np.stack([render(identity, base.replace(**{f: float(v) for f in fields}), size) for v in values])
    return ParameterGrid(values, images)


def parabolic_minimum(values: np.ndarray, errors: np.ndarray) -> Tuple[float, bool]:
    """(x at the least error refined by a parabola through the minimum and its neighbours, at_bound)."""
    i = int(np.argmin(errors))
    if i == 0 or i == len(values) - 1:
        return float(values[i]), True
    e0, e1, e2 = float(errors[i - 1]), float(errors[i]), float(errors[i + 1])
    den = e0 - 2 * e1 + e2
    step = float(values[i + 1] - values[i])
    offset = 0.0 if den <= 0 else float(np.clip(0.5 * (e0 - e2) / den, -0.5, 0.5))
    return float(values[i]) + offset * step, False


def grid_mse(outputs: np.ndarray, grid: ParameterGrid) -> np.ndarray:
    """(M, n) MSE of each output (M, H, W, 3) uint8 against each grid image, on the [0, 1] scale."""
    o = outputs.reshape(len(outputs), -1).astype(np.float64) / 255.0
    g = grid.images.reshape(len(grid.images), -1).astype(np.float64) / 255.0
    d = (o * o).sum(1)[:, None] - 2 * o @ g.T + (g * g).sum(1)[None, :]
    return np.maximum(d, 0) / o.shape[1]


def estimate(outputs: np.ndarray, grid: ParameterGrid) -> Tuple[np.ndarray, np.ndarray]:
    """Estimated parameter value and at_bound flag for each of `outputs` (M, H, W, 3) uint8."""
    mse = grid_mse(outputs, grid)
    est, bound = zip(*(parabolic_minimum(grid.values, row) for row in mse))
    return np.array(est), np.array(bound)


