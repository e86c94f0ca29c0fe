"""LIA (Wang et al., "Latent Image Animator", ICLR 2022): our own implementation, official state_dict layout.

Encoder: a ResNet of downsampling blocks maps the image to z (style_dim) and keeps the feature maps at 8..size;
a 5-layer MLP (``enc.fc``) maps z to alpha (motion_dim). Decoder (``dec``): StyleGAN2 synthesis from a constant 4x4,
every layer modulated by the one navigated latent; at each resolution >= 8 a ToFlow warps the encoder feature map
and ToRGB accumulates the image. Official grid_sample here uses align_corners=False (the PyTorch default the
official code relied on), unlike LIA-X.
"""
from __future__ import annotations

import math
from typing import Dict, List, Optional, Tuple

from torch import Tensor, nn

from .generator_api import GeneratorApi
from .layers import (ConstantInput, ConvLayer, Direction, EqualConv2d, EqualLinear, StyledConv, ToFlow, ToRGB)

_B4 = dict(bias_4d=True)  # LIA stores activation biases as (1, C, 1, 1)

LIA_ENCODER_CHANNELS = {4: 512, 8: 512, 16: 512, 32: 512, 64: 256, 128: 128, 256: 64, 512: 32, 1024: 16}


def lia_decoder_channels(channel_multiplier: int = 1) -> Dict[int, int]:
    m = channel_multiplier
    return {4: 512, 8: 512, 16: 512, 32: 512, 64: 256 * m, 128: 128 * m, 256: 64 * m, 512: 32 * m, 1024: 16 * m}


def _check_size(size: int) -> int:
    log = int(round(math.log2(size)))
    if size < 8 or 2 ** log != size:
        raise ValueError(f"resolution must be a power of two >= 8, got {size}")
    return log


def _check_channels(channels: Dict[int, int], size: int, what: str) -> Dict[int, int]:
    missing = [2 ** i for i in range(2, _check_size(size) + 1) if 2 ** i not in channels]
    if missing:
        raise ValueError(f"{what}: channel table lacks resolutions {missing} (needs every power of two 4..{size})")
    return {int(k): int(v) for k, v in channels.items()}


class _ResDown(nn.Module):
    """LIA encoder block: conv(in->in), conv(in->out, stride 2 after blur), 1x1 strided skip; sum / sqrt(2)."""

    def __init__(self, in_ch: int, out_ch: int):
        super().__init__()
        self.conv1 = ConvLayer(in_ch, in_ch, 3, **_B4)
        self.conv2 = ConvLayer(in_ch, out_ch, 3, downsample=True, **_B4)
        self.skip = ConvLayer(in_ch, out_ch, 1, downsample=True, activate=False, bias=False, **_B4)

    def forward(self, x: Tensor) -> Tensor:
        return (self.conv2(self.conv1(x)) + self.skip(x)) / math.sqrt(2.0)


class _EncoderApp(nn.Module):
    def __init__(self, size: int, style_dim: int, ch: Dict[int, int]):
        super().__init__()
        log = _check_size(size)
        self.convs = nn.ModuleList([ConvLayer(3, ch[size], 1, **_B4)])
        for i in range(log, 2, -1):
            self.convs.append(_ResDown(ch[2 ** i], ch[2 ** (i - 1)]))
        self.convs.append(EqualConv2d(ch[4], style_dim, 4, bias=False))

    def forward(self, x: Tensor) -> Tuple[Tensor, List[Tensor]]:
        maps = []
        for conv in self.convs:
            x = conv(x)
            maps.append(x)
        # maps: size, size/2, ..., 4, 1  ->  features 8..size, coarse to fine
        return x.flatten(1), maps[-3::-1]


class _Encoder(nn.Module):
    def __init__(self, size: int, style_dim: int, motion_dim: int, ch: Dict[int, int]):
        super().__init__()
        self.net_app = _EncoderApp(size, style_dim, ch)
        self.fc = nn.Sequential(*[EqualLinear(style_dim, style_dim) for _ in range(4)],
                                EqualLinear(style_dim, motion_dim))


class _Synthesis(nn.Module):
    def __init__(self, size: int, style_dim: int, motion_dim: int, ch: Dict[int, int]):
        super().__init__()
        log = _check_size(size)
        self.direction = Direction(style_dim, motion_dim)
        self.input = ConstantInput(ch[4])
        self.conv1 = StyledConv(ch[4], ch[4], 3, style_dim, noise=True, **_B4)
        self.to_rgb1 = ToRGB(ch[4], up_attr=None, **_B4)  # present in checkpoints, unused by the official forward
        self.convs = nn.ModuleList()
        self.upsamples = nn.ModuleList()  # empty in the official model too
        self.to_rgbs = nn.ModuleList()
        self.to_flows = nn.ModuleList()
        in_ch = ch[4]
        for i in range(3, log + 1):
            r = 2 ** i
            self.convs.append(StyledConv(in_ch, ch[r], 3, style_dim, upsample=True, noise=True, **_B4))
            self.convs.append(StyledConv(ch[r], ch[r], 3, style_dim, noise=True, **_B4))
            self.to_rgbs.append(ToRGB(ch[r], up_attr="upsample", **_B4))
            self.to_flows.append(ToFlow(ch[r], style_dim, r, up_attr="upsample", align_corners=False))
            in_ch = ch[r]

    def forward(self, z: Tensor, feats: List[Tensor]) -> Tensor:
        h = self.conv1(self.input(z), z)
        flow: Optional[Tensor] = None
        rgb: Optional[Tensor] = None
        for j, (to_rgb, to_flow, feat) in enumerate(zip(self.to_rgbs, self.to_flows, feats)):
            h = self.convs[2 * j](h, z)
            h = self.convs[2 * j + 1](h, z)
            warped, h, flow = to_flow(h, z, feat, flow)
            rgb = to_rgb(warped, rgb)
        return rgb


class LiaGenerator(GeneratorApi):
    """LIA generator. ``channels`` (resolution -> width, every power of two 4..size) replaces both official
    tables (encoder and decoder) for reduced-width models; otherwise the official tables are used, the decoder's
    scaled by ``channel_multiplier`` at 64 and above.
    """

    family = "lia"

    def __init__(self, size: int = 256, style_dim: int = 512, motion_dim: int = 20, channel_multiplier: int = 1,
                 channels: Optional[Dict[int, int]] = None):
        super().__init__()
        self.size, self.style_dim, self.motion_dim = size, style_dim, motion_dim
        enc_ch = _check_channels(channels or LIA_ENCODER_CHANNELS, size, "LIA encoder")
        dec_ch = _check_channels(channels or lia_decoder_channels(channel_multiplier), size, "LIA decoder")
        self.enc = _Encoder(size, style_dim, motion_dim, enc_ch)
        self.dec = _Synthesis(size, style_dim, motion_dim, dec_ch)
        self.feature_resolutions = [2 ** i for i in range(3, _check_size(size) + 1)]

    # The shared API (encode, navigate, decode, forward) is GeneratorApi's; these are this family's encoder heads.
    def _latent(self, img: Tensor) -> Tuple[Tensor, List[Tensor]]:
        return self.enc.net_app(img)

    def _alpha(self, z: Tensor) -> Tensor:
        return self.enc.fc(z)
