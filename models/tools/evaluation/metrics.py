"""Image metrics on uint8 or float images (H, W, 3); floats are taken to be in [0, 1].

PSNR is on the [0, 1] scale (peak 1). SSIM follows Wang et al. (2004): 11×11 Gaussian window (σ = 1.5), K1 = 0.01,
K2 = 0.03, statistics over the window only ("valid" positions, no padding), computed per colour channel and averaged
(the same definition as scikit-image's `structural_similarity(..., gaussian_weights=True, channel_axis=-1,
use_sample_covariance=False, data_range=1)`). Sharpness is the mean gradient magnitude of the luma.
"""
from __future__ import annotations

import math
from typing import Iterable, Optional, Sequence

import numpy as np
from scipy import ndimage

PSNR_CAP_DB = 100.0  # identical images have infinite PSNR; aggregates clip to this so one cannot swamp a mean


def to_float(image) -> np.ndarray:
    """uint8 [0, 255] or float [0, 1] array → float64 [0, 1]."""
    a = np.asarray(image)
    if a.dtype == np.uint8:
        return a.astype(np.float64) / 255.0
    return a.astype(np.float64)


def psnr(pred, target, mask: Optional[np.ndarray] = None) -> float:
    """PSNR in dB on the [0, 1] scale; `mask` (H, W) bool restricts it to some pixels. inf for identical images."""
    p, t = to_float(pred), to_float(target)
    if p.shape != t.shape:
        raise ValueError(f'psnr: shapes differ ({p.shape} vs {t.shape})')
    d = (p - t) ** 2
    if mask is not None:
        d = d[np.asarray(mask, bool)]
        if d.size == 0:
            raise ValueError('psnr: empty mask')
    mse = float(d.mean())
    return math.inf if mse == 0 else 10.0 * math.log10(1.0 / mse)


def _gaussian_1d(size: int, sigma: float) -> np.ndarray:
    x = np.arange(size, dtype=np.float64) - (size - 1) / 2
    g = np.exp(-x ** 2 / (2 * sigma ** 2))
    return g / g.sum()


def _window_mean(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Gaussian-weighted mean over every full window position ("valid"), separably, of (H, W, C)."""
    r = len(g) // 2
    y = ndimage.correlate1d(x, g, axis=0, mode='constant')
    y = ndimage.correlate1d(y, g, axis=1, mode='constant')
    return y[r:x.shape[0] - r, r:x.shape[1] - r]


def ssim(pred, target, window: int = 11, sigma: float = 1.5) -> float:
    """Mean SSIM of two images (H, W, 3) or (H, W). Images smaller than the window use the largest odd window
    that fits (at least 3)."""
    p, t = to_float(pred), to_float(target)
    if p.shape != t.shape:
        raise ValueError(f'ssim: shapes differ ({p.shape} vs {t.shape})')
    if p.ndim == 2:
        p, t = p[..., None], t[..., None]
    h, w = p.shape[:2]
    size = min(window, h if h % 2 else h - 1, w if w % 2 else w - 1)
    if size < 3:
        raise ValueError(f'ssim: image {h}x{w} is too small')
    g = _gaussian_1d(size, sigma)
    c = p.shape[2]
    m = _window_mean(np.concatenate([p, t, p * p, t * t, p * t], axis=2), g)
    mu_x, mu_y = m[..., :c], m[..., c:2 * c]
    sxx = m[..., 2 * c:3 * c] - mu_x ** 2
    syy = m[..., 3 * c:4 * c] - mu_y ** 2
    sxy = m[..., 4 * c:] - mu_x * mu_y
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    s = ((2 * mu_x * mu_y + c1) * (2 * sxy + c2)) / ((mu_x ** 2 + mu_y ** 2 + c1) * (sxx + syy + c2))
    return float(s.mean())


def luma(image) -> np.ndarray:
    a = to_float(image)
    return a[..., 0] * 0.299 + a[..., 1] * 0.587 + a[..., 2] * 0.114


def gradient_energy(image) -> float:
    """Mean gradient magnitude of the luma (central differences, interior pixels): high = sharp, low = blurred."""
    y = luma(image)
    if y.shape[0] < 3 or y.shape[1] < 3:
        raise ValueError('gradient_energy: image smaller than 3x3')
    gx = (y[1:-1, 2:] - y[1:-1, :-2]) / 2
    gy = (y[2:, 1:-1] - y[:-2, 1:-1]) / 2
    return float(np.sqrt(gx * gx + gy * gy).mean())


def sharpness_ratio(pred, target, eps: float = 1e-6) -> float:
    """gradient_energy(pred) / gradient_energy(target): 1 = as sharp as the truth, < 1 blurred, > 1 noisier."""
    return gradient_energy(pred) / max(gradient_energy(target), eps)


def _ranks(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n with ties given their average rank."""
    order = np.argsort(x, kind='stable')
    ranks = np.empty(len(x), np.float64)
    ranks[order] = np.arange(1, len(x) + 1)
    for v in np.unique(x):
        tie = x == v
        if tie.sum() > 1:
            ranks[tie] = ranks[tie].mean()
    return ranks


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    """Spearman's rank correlation (average ranks for ties). 0.0 when either sequence is constant (no ordering)."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if a.shape != b.shape or a.ndim != 1 or len(a) < 2:
        raise ValueError('spearman: need two 1-D sequences of equal length >= 2')
    ra, rb = _ranks(a), _ranks(b)
    ra, rb = ra - ra.mean(), rb - rb.mean()
    den = math.sqrt(float((ra * ra).sum() * (rb * rb).sum()))
    return 0.0 if den == 0 else float((ra * rb).sum() / den)


def inversions(values: Sequence[float], tolerance: float = 0.0) -> int:
    """Adjacent steps of a sweep (set values increasing) whose read-back value goes DOWN by more than `tolerance`."""
    v = np.asarray(values, np.float64)
    return int((np.diff(v) < -tolerance).sum())


def summarize(values: Iterable[float]) -> dict:
    """mean / std / min / median / max / n of finite-capped values (PSNR inf → PSNR_CAP_DB)."""
    v = np.asarray([min(float(x), PSNR_CAP_DB) for x in values], np.float64)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return {'mean': float('nan'), 'std': float('nan'), 'min': float('nan'), 'median': float('nan'),
                'max': float('nan'), 'n': 0}
    return {'mean': float(v.mean()), 'std': float(v.std()), 'min': float(v.min()), 'median': float(np.median(v)),
            'max': float(v.max()), 'n': int(v.size)}
