"""Reconstruction losses that need no pretrained network.

Plain L1 on flat-background avatars is dominated by large smooth areas, which lets eyes and mouths blur. The mix
here pushes detail: an image pyramid (coarse structure), image gradients (edges), SSIM (local structure) and a
motion-weighted L1 that up-weights the pixels where source and driving frames differ (eyes, mouth, head outline).
"""
import torch
import torch.nn.functional as F


def _gaussian_window(size: int = 7, sigma: float = 1.5, device=None) -> torch.Tensor:
    coords = torch.arange(size, dtype=torch.float32, device=device) - (size - 1) / 2
    g = torch.exp(-(coords ** 2) / (2 * sigma ** 2))
    g = g / g.sum()
    return (g[:, None] * g[None, :])[None, None]


def ssim(x: torch.Tensor, y: torch.Tensor, data_range: float = 2.0) -> torch.Tensor:
    """Mean SSIM of two image batches (B,C,H,W) with values spanning `data_range` (2 for [-1,1])."""
    c = x.shape[1]
    window = _gaussian_window(device=x.device).expand(c, 1, -1, -1)
    pad = window.shape[-1] // 2
    mu_x = F.conv2d(x, window, padding=pad, groups=c)
    mu_y = F.conv2d(y, window, padding=pad, groups=c)
    sxx = F.conv2d(x * x, window, padding=pad, groups=c) - mu_x ** 2
    syy = F.conv2d(y * y, window, padding=pad, groups=c) - mu_y ** 2
    sxy = F.conv2d(x * y, window, padding=pad, groups=c) - mu_x * mu_y
    c1 = (0.01 * data_range) ** 2
    c2 = (0.03 * data_range) ** 2
    s = ((2 * mu_x * mu_y + c1) * (2 * sxy + c2)) / ((mu_x ** 2 + mu_y ** 2 + c1) * (sxx + syy + c2))
    return s.mean()


def _gradients(x: torch.Tensor):
    return x[..., :, 1:] - x[..., :, :-1], x[..., 1:, :] - x[..., :-1, :]


def reconstruction_loss(pred: torch.Tensor, target: torch.Tensor, source: torch.Tensor, weights: dict):
    """Weighted reconstruction loss; returns (total, parts) with parts as floats for logging."""
    motion = (target - source).abs().mean(1, keepdim=True)
    motion = F.avg_pool2d(motion, 5, stride=1, padding=2)
    pixel_weight = 1.0 + weights.get('motion', 4.0) * motion / (motion.mean((2, 3), keepdim=True) + 1e-3) * 0.25
    l1 = ((pred - target).abs() * pixel_weight).mean()

    pyramid = 0.0
    p, t = pred, target
    for _ in range(3):
        p, t = F.avg_pool2d(p, 2), F.avg_pool2d(t, 2)
        pyramid = pyramid + (p - t).abs().mean()

    gpx, gpy = _gradients(pred)
    gtx, gty = _gradients(target)
    grad = (gpx - gtx).abs().mean() + (gpy - gty).abs().mean()

    structure = 1.0 - ssim(pred, target)

    total = (weights.get('l1', 1.0) * l1 + weights.get('pyramid', 0.5) * pyramid
             + weights.get('grad', 1.0) * grad + weights.get('ssim', 0.5) * structure)
    parts = {'l1': float(l1), 'pyramid': float(pyramid), 'grad': float(grad), 'ssim': float(1 - structure)}
    return total, parts


def psnr(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Per-image PSNR in dB for images in [-1,1] (computed on the [0,1] scale)."""
    mse = (((pred.clamp(-1, 1) - target) / 2) ** 2).flatten(1).mean(1)
    return 10 * torch.log10(1.0 / mse.clamp_min(1e-10))
