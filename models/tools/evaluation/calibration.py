"""The SDK's channel → α mapping (sdk/rig/RigCalibration.ts `addAlpha`, sdk/rig/evaluateCalibration.ts), in Python.

Per channel: the value is clamped to the channel's `range`, then every term adds `calibration(value)` to α[index]:
`linear` gives scale·value + offset; `piecewise` interpolates its points linearly and holds the end values outside.
Channel values are added onto the source's α (α = α_src + Σ terms), as the animator does for channel control.
"""
from __future__ import annotations

from typing import Dict, Mapping

import numpy as np


def evaluate_calibration(calibration: Mapping, value: float) -> float:
    if calibration['type'] == 'linear':
        return float(calibration['scale']) * value + float(calibration.get('offset', 0.0))
    if calibration['type'] == 'piecewise':
        xs = [float(p[0]) for p in calibration['points']]
        ys = [float(p[1]) for p in calibration['points']]
        return float(np.interp(value, xs, ys))  # holds the end points outside, like the SDK
    raise ValueError(f"unknown calibration type {calibration['type']!r}")


def channel_delta(channels: Mapping[str, Mapping], values: Mapping[str, float], motion_dim: int) -> np.ndarray:
    """Σ over channels and terms of calibration(clamp(value, range)) → α increment (motion_dim,) float32."""
    delta = np.zeros(motion_dim, np.float64)
    for name, value in values.items():
        if name not in channels:
            raise KeyError(f'channel {name!r} is not in the channel map (have: {", ".join(sorted(channels))})')
        ch = channels[name]
        lo, hi = ch['range']
        v = min(max(float(value), float(lo)), float(hi))
        for term in ch['terms']:
            delta[int(term['index'])] += evaluate_calibration(term['calibration'], v)
    return delta.astype(np.float32)


def channel_alpha(alpha_src: np.ndarray, channels: Mapping[str, Mapping], values: Dict[str, float]) -> np.ndarray:
    """α_src + the channels' increment (the SDK's channel control)."""
    alpha_src = np.asarray(alpha_src, np.float32)
    return alpha_src + channel_delta(channels, values, alpha_src.shape[-1])
