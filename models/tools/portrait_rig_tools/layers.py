"""Building blocks shared by the LIA and LIA-X generators.

Our own implementation of the StyleGAN2-style layers both families use. Parameter and buffer names/shapes follow
the official checkpoints so their state_dicts load unchanged; the computations use forms that export to ONNX
(opset 17) and run batched:

* Modulated convolution scales the *input* by the style, convolves with the constant weight and multiplies the
  output by the demodulation factor, instead of building a per-sample kernel (``groups=batch``), which
  ``torch.onnx`` cannot export. Mathematically identical.
* ``upfirdn2d`` (zero insertion, pad, FIR filter) is written as depthwise (transposed) convolutions.
* Fused leaky ReLU is ``leaky_relu(x + b, 0.2) * sqrt(2)``.
* The flow sampling grid is a constant, non-persistent buffer per resolution (no ``meshgrid``).

Family differences are constructor flags (``bias_4d``, ``up_attr``, ``noise``, ``align_corners``), see lia.py and
liax.py.
"""
from __future__ import annotations

import math
from typing import Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

SQRT2 = math.sqrt(2.0)
BLUR_KERNEL = (1, 3, 3, 1)


def make_blur_kernel(k: Sequence[int] = BLUR_KERNEL) -> Tensor:
    """Separable FIR kernel as a normalized 2-D outer product (sums to 1)."""
    k1 = torch.tensor(k, dtype=torch.float32)
    k2 = k1[None, :] * k1[:, None]
    return k2 / k2.sum()


def upfirdn2d(x: Tensor, kernel: Tensor, up: int = 1, down: int = 1, pad: Tuple[int, int] = (0, 0)) -> Tensor:
    """upfirdn2d: upsample by zero insertion, pad, FIR-filter (true convolution), downsample by striding.

    Computed as per-channel (depthwise) convolutions, which ONNX Runtime runs far faster than the reference
    reshape-to-single-channel form: zero insertion followed by the filter is a stride-``up`` transposed
    convolution with the unflipped kernel; without upsampling it is a convolution with the flipped kernel.
    """
    p0, p1 = pad
    if p0 < 0 or p1 < 0:
        raise ValueError(f"upfirdn2d: negative padding {pad} is not supported")
    # int(): only the batch axis is dynamic in our graphs; a static C gives the depthwise weight a static shape
    c = int(x.shape[1])
    kh, kw = int(kernel.shape[0]), int(kernel.shape[1])
    if up > 1:
        # transposed conv output (H-1)*up - 2P + k + op must equal upfirdn's H*up + p0 + p1 - k + 1
        padding, output_padding = kh - 1 - p0, p1 - p0 + up - 1
        if not (padding >= 0 and 0 <= output_padding < up and kh == kw):
            raise ValueError(f"upfirdn2d: unsupported up={up} with pad {pad} for a {kh}x{kw} kernel")
        weight = kernel.reshape(1, 1, kh, kw).repeat(c, 1, 1, 1)
        x = F.conv_transpose2d(x, weight, stride=up, padding=padding, output_padding=output_padding, groups=c)
    else:
        if p0 != p1:
            x = F.pad(x, [p0, p1, p0, p1])
            p0 = 0
        weight = torch.flip(kernel, [0, 1]).reshape(1, 1, kh, kw).repeat(c, 1, 1, 1)
        x = F.conv2d(x, weight, padding=p0, groups=c)
    if down > 1:
        x = x[:, :, ::down, ::down]
    return x


class Blur(nn.Module):
    """FIR blur with fixed padding; ``upsample_factor`` rescales the kernel to keep the gain after zero insertion."""

    def __init__(self, pad: Tuple[int, int], upsample_factor: int = 1):
        super().__init__()
        self.register_buffer("kernel", make_blur_kernel() * (upsample_factor ** 2))
        self.pad = pad

    def forward(self, x: Tensor) -> Tensor:
        return upfirdn2d(x, self.kernel, pad=self.pad)


class Upsample(nn.Module):
    """2x upsampling: zero insertion followed by the blur (gain 4 compensates the inserted zeros)."""

    def __init__(self, factor: int = 2):
        super().__init__()
        self.factor = factor
        self.register_buffer("kernel", make_blur_kernel() * (factor ** 2))
        p = 4 - factor
        self.pad = ((p + 1) // 2 + factor - 1, p // 2)

    def forward(self, x: Tensor) -> Tensor:
        return upfirdn2d(x, self.kernel, up=self.factor, pad=self.pad)


class FusedLeakyReLU(nn.Module):
    """Bias + leaky ReLU(0.2) * sqrt(2). LIA stores the bias as (1,C,1,1), LIA-X as (C,)."""

    def __init__(self, channels: int, bias_4d: bool):
        super().__init__()
        shape = (1, channels, 1, 1) if bias_4d else (channels,)
        self.bias = nn.Parameter(torch.zeros(*shape))

    def forward(self, x: Tensor) -> Tensor:
        bias = self.bias.reshape(1, -1, *([1] * (x.dim() - 2)))
        return F.leaky_relu(x + bias, 0.2) * SQRT2


class ScaledLeakyReLU(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return F.leaky_relu(x, 0.2)


class EqualConv2d(nn.Module):
    """Conv with equalized learning rate: weight ~ N(0,1) stored, scaled by 1/sqrt(fan_in) at run time."""

    def __init__(self, in_ch: int, out_ch: int, kernel_size: int, stride: int = 1, padding: int = 0,
                 bias: bool = True):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_ch, in_ch, kernel_size, kernel_size))
        self.bias = nn.Parameter(torch.zeros(out_ch)) if bias else None
        self.scale = 1.0 / math.sqrt(in_ch * kernel_size ** 2)
        self.stride = stride
        self.padding = padding

    def forward(self, x: Tensor) -> Tensor:
        return F.conv2d(x, self.weight * self.scale, self.bias, stride=self.stride, padding=self.padding)


class EqualLinear(nn.Module):
    """Linear with equalized learning rate (no activation: neither family uses the activated variant)."""

    def __init__(self, in_dim: int, out_dim: int, bias_init: float = 0.0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_dim, in_dim))
        self.bias = nn.Parameter(torch.zeros(out_dim) + bias_init)
        self.scale = 1.0 / math.sqrt(in_dim)

    def forward(self, x: Tensor) -> Tensor:
        return F.linear(x, self.weight * self.scale, self.bias)


class ConvLayer(nn.Sequential):
    """[Blur | Upsample] + EqualConv2d + [FusedLeakyReLU]; a Sequential so the indices match the official keys."""

    def __init__(self, in_ch: int, out_ch: int, kernel_size: int, *, bias_4d: bool, downsample: bool = False,
                 upsample: bool = False, bias: bool = True, activate: bool = True):
        layers = []
        stride, padding = 1, kernel_size // 2
        if downsample:
            p = (4 - 2) + (kernel_size - 1)
            layers.append(Blur(((p + 1) // 2, p // 2)))
            stride, padding = 2, 0
        elif upsample:
            layers.append(Upsample())
        layers.append(EqualConv2d(in_ch, out_ch, kernel_size, stride, padding, bias=bias and not activate))
        if activate:
            layers.append(FusedLeakyReLU(out_ch, bias_4d) if bias else ScaledLeakyReLU())
        super().__init__(*layers)


class ModulatedConv2d(nn.Module):
    """StyleGAN2 modulated conv in the export-friendly form (see module docstring).

    out = conv(x * s, W) * d  with  s = modulation(style), d_o = rsqrt(sum_i s_i^2 * sum_k W_oik^2 + 1e-8).
    """

    def __init__(self, in_ch: int, out_ch: int, kernel_size: int, style_dim: int, demodulate: bool = True,
                 upsample: bool = False):
        super().__init__()
        self.in_ch, self.out_ch, self.kernel_size = in_ch, out_ch, kernel_size
        self.upsample = upsample
        self.demodulate = demodulate
        self.scale = 1.0 / math.sqrt(in_ch * kernel_size ** 2)
        self.padding = kernel_size // 2
        self.weight = nn.Parameter(torch.randn(1, out_ch, in_ch, kernel_size, kernel_size))
        self.modulation = EqualLinear(style_dim, in_ch, bias_init=1.0)
        if upsample:
            p = (4 - 2) - (kernel_size - 1)
            self.blur = Blur(((p + 1) // 2 + 1, p // 2 + 1), upsample_factor=2)

    def forward(self, x: Tensor, style: Tensor) -> Tensor:
        s = self.modulation(style)                      # (B, in)
        w = self.weight[0] * self.scale                 # (out, in, k, k)
        x = x * s[:, :, None, None]
        if self.upsample:
            out = F.conv_transpose2d(x, w.transpose(0, 1), stride=2)
        else:
            out = F.conv2d(x, w, padding=self.padding)
        if self.demodulate:
            wsq = w.pow(2).sum(dim=[2, 3])              # (out, in)
            d = torch.rsqrt(F.linear(s * s, wsq) + 1e-8)  # (B, out)
            out = out * d[:, :, None, None]
        if self.upsample:
            out = self.blur(out)                        # blur is per-channel linear: commutes with the scaling
        return out


class NoiseInjection(nn.Module):
    """LIA keeps StyleGAN2's per-layer noise weight; inference never injects noise, so it is identity."""

    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(1))

    def forward(self, x: Tensor) -> Tensor:
        return x


class StyledConv(nn.Module):
    def __init__(self, in_ch: int, out_ch: int, kernel_size: int, style_dim: int, *, bias_4d: bool,
                 upsample: bool = False, noise: bool = False):
        super().__init__()
        self.conv = ModulatedConv2d(in_ch, out_ch, kernel_size, style_dim, upsample=upsample)
        if noise:
            self.noise = NoiseInjection()
        self.activate = FusedLeakyReLU(out_ch, bias_4d)

    def forward(self, x: Tensor, style: Tensor) -> Tensor:
        return self.activate(self.conv(x, style))


class ConstantInput(nn.Module):
    def __init__(self, channels: int, size: int = 4):
        super().__init__()
        self.input = nn.Parameter(torch.randn(1, channels, size, size))

    def forward(self, batch_like: Tensor) -> Tensor:
        # expand (not repeat): exports as Expand with the dynamic batch of the latent
        return self.input.expand(batch_like.shape[0], -1, -1, -1)


class ToRGB(nn.Module):
    """1x1 conv (+ leaky ReLU, as in the official code) + bias, plus the upsampled coarser RGB (skip)."""

    def __init__(self, in_ch: int, *, bias_4d: bool, up_attr: Optional[str]):
        super().__init__()
        self.up_attr = up_attr
        if up_attr:
            setattr(self, up_attr, Upsample())
        self.conv = ConvLayer(in_ch, 3, 1, bias_4d=bias_4d)
        self.bias = nn.Parameter(torch.zeros(1, 3, 1, 1))

    def forward(self, x: Tensor, skip: Optional[Tensor] = None) -> Tensor:
        out = self.conv(x) + self.bias
        if skip is not None:
            out = out + getattr(self, self.up_attr)(skip)
        return out


def sampling_grid(size: int) -> Tensor:
    """Identity grid (1, size, size, 2) for grid_sample: [..., 0] = x (width), [..., 1] = y, both linspace(-1, 1)."""
    lin = torch.linspace(-1.0, 1.0, size)
    gx = lin.reshape(1, size).expand(size, size)
    gy = lin.reshape(size, 1).expand(size, size)
    return torch.stack([gx, gy], dim=2).unsqueeze(0).contiguous()


class ToFlow(nn.Module):
    """Predicts a residual flow (2 ch, tanh) and a mask (1 ch, sigmoid) at one resolution and warps features.

    Returns (warped source features * mask, blend of warped features and the decoder's own features, raw 3-channel
    output that the next finer ToFlow upsamples and adds, so flows refine coarse to fine).

    ``origin`` (ours, for rig-tiny's relative warps): a displacement (B, 2, H, W) subtracted before warping, so the
    warp moves by the flow's change since ``origin``; ``still=True`` warps by nothing (the origin is the flow itself).
    The official models use neither.
    """

    def __init__(self, in_ch: int, style_dim: int, size: int, *, up_attr: str, align_corners: bool):
        super().__init__()
        self.up_attr = up_attr
        setattr(self, up_attr, Upsample())
        self.conv = ModulatedConv2d(in_ch, 3, 1, style_dim, demodulate=False)
        self.bias = nn.Parameter(torch.zeros(1, 3, 1, 1))
        self.align_corners = align_corners
        self.register_buffer("grid", sampling_grid(size), persistent=False)

    def forward(self, h: Tensor, style: Tensor, feat: Tensor, skip: Optional[Tensor] = None,
                origin: Optional[Tensor] = None, still: bool = False):
        out = self.conv(h, style) + self.bias
        if skip is not None:
            out = out + getattr(self, self.up_attr)(skip)
        if still:
            flow = self.grid.expand(out.shape[0], -1, -1, -1)
        else:
            displacement = torch.tanh(out[:, 0:2])
            if origin is not None:
                displacement = displacement - origin
            flow = displacement.permute(0, 2, 3, 1) + self.grid
        mask = torch.sigmoid(out[:, 2:3])
        warped = F.grid_sample(feat, flow, mode="bilinear", padding_mode="zeros",
                               align_corners=self.align_corners) * mask
        return warped, warped + h * (1.0 - mask), out


def _signs(r: Tensor) -> Tensor:
    """Signs of R's diagonal (a zero counts as +1)."""
    return torch.where(torch.diagonal(r) < 0, -1.0, 1.0).to(r.dtype)


class Direction(nn.Module):
    """The motion dictionary: a free (style_dim, motion_dim) matrix whose QR factor Q is the orthonormal basis.

    Which sign each column of Q takes is a convention. The official code keeps LAPACK's (Householder QR): column k
    turns over whenever one pivot entry of the matrix crosses zero, even though the column it spans barely moves.
    Converted official checkpoints keep that convention (their decoders were trained with it). `positive` (a flag
    saved with the weights when set) takes R's diagonal positive instead, so column k is the normalized part of weight
    column k that is new to the earlier ones, continuous in the weights. Measured in rig-tiny's training: the yaw
    column's pivot stayed within ±0.003 of zero (the column's norm: 11.5), so under LAPACK's convention the yaw
    direction kept turning over between checkpoints. `make_positive()` switches a trained matrix to it without
    changing Q.
    """

    def __init__(self, style_dim: int, motion_dim: int):
        super().__init__()
        if motion_dim > style_dim:
            raise ValueError(f"motion_dim ({motion_dim}) must not exceed style_dim ({style_dim}): Q has orthonormal "
                             "columns")
        self.weight = nn.Parameter(torch.randn(style_dim, motion_dim))
        self.positive = False
        self._cached_q: Optional[Tensor] = None

    # The flag is saved as an extra entry only when set, so state dicts in LAPACK's convention keep the official
    # layout (and load into the official code); one without the entry, official ones included, is LAPACK's.
    def _save_to_state_dict(self, destination, prefix, keep_vars):
        super()._save_to_state_dict(destination, prefix, keep_vars)
        if self.positive:
            destination[prefix + "positive"] = torch.tensor(True)

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        flag = state_dict.pop(prefix + "positive", None)
        self.positive = bool(flag) if flag is not None else False
        self._cached_q = None
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def _qr(self):
        # +1e-8 as in the official code (keeps QR away from exact zeros in a freshly zeroed matrix)
        return torch.linalg.qr(self.weight + 1e-8, mode="reduced")

    def q(self) -> Tensor:
        if self._cached_q is not None:
            return self._cached_q
        q, r = self._qr()
        if self.positive:
            q = q * _signs(r)
        return q

    @torch.no_grad()
    def make_positive(self) -> Tensor:
        """Switches to positive diagonals keeping Q as it is: weight columns whose pivot is negative change sign.
        Returns the signs applied to the columns (motion_dim,), for optimizer state that must follow."""
        signs = torch.ones(self.weight.shape[1], device=self.weight.device)
        if not self.positive:
            signs = _signs(self._qr()[1])
            self.weight.mul_(signs)
            self.positive = True
        self._cached_q = None
        return signs

    def cache(self, enabled: bool = True) -> None:
        """Freeze Q (computed now, detached) for inference/export; QR then no longer runs per forward."""
        self._cached_q = None
        if enabled:
            with torch.no_grad():
                self._cached_q = self.q().detach().clone()
