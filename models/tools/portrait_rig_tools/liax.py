"""LIA-X (Wang et al., "Interpretable Latent Portrait Animator", 2025): our own implementation, official layout.

Encoder (``enc.enc_2r``): ResNet of downsampling blocks -> z (style_dim) plus feature maps 8..size; a single linear
layer (``enc.enc_r2t``) maps z to alpha. Decoder (``dec``): from a constant 4x4, one stage per resolution 8..size,
each = modulated upsampling conv, ``n_flow_blocks`` modulated residual blocks, a ToFlow that warps the encoder
feature map (align_corners=True), the warped features plus the upsampled previous warped path, ``n_rgb_blocks``
plain residual blocks, and a ToRGB accumulating the image. Every modulated layer receives the same navigated
latent; the decoder consumes alpha only through z_nav = z + Q alpha.

``image_skip=True`` (ours, not in the official model; off by default so state_dicts keep the official layout) makes
every warp relative to the source and adds an image-space skip. Official LIA-X flows are absolute functions of the
navigated latent, so even with no motion the decoder must learn to output identity flows for every identity; here each
stage warps by its flow at the navigated latent minus its flow at the source's own latent ``z + Q·alpha``, which is
exactly the identity when nothing moves. A narrow decoder's finest stage (12 channels in rig-tiny) cannot carry the
source's detail either, so the decoder also warps the source image itself by the finest relative flow and blends it
over its own image with a mask it predicts (``dec.image_skip``). The encoder computes the source's flows once (a
flow-only decoder pass with still warps) and returns them, with the image and its own latent, after the feature
maps: ``feats = [maps 8²…size², image, flows 8²…size², z + Q·alpha]``. ``detail_skip=True`` (ours, needs the
image skip) makes that source pass paint as well and appends ``detail = image - the decoder's own image at the
source``, which the skip warps and adds back where the decoder paints, so the output is the source exactly at rest
(``_ImageSkip``).

``latent_paint=True`` (ours) lets the decoder's own features paint. In the official layout the
RGB path sees only warped encoder features (times the ToFlow masks); the navigated latent steers where they are read,
not what is drawn, so what the source does not show (an opening mouth's interior and teeth, a fin turning into view)
comes out as one dull colour wherever the mask shuts. Each stage from 32² up adds ``paint{r}``, a 3×3 conv from the
stage's blend of warped and styled features to RGB, zero at first so a trained model is unchanged when it is added.

Official stage names are tied to 512x512 (the first, 8x8 stage is ``*_512``; the following ones are numbered
2..7); other resolutions keep that scheme (first stage ``*_512``, then 2, 3, ...).
"""
from __future__ import annotations

import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .generator_api import GeneratorApi
from .layers import (ConstantInput, ConvLayer, Direction, EqualConv2d, EqualLinear, ModulatedConv2d, StyledConv, ToFlow,
                     ToRGB)
from .lia import _check_channels, _check_size

_B1 = dict(bias_4d=False)  # LIA-X stores activation biases as (C,)

# Width per resolution at scale=1 (encoder and decoder share it); the released model uses scale=2.
LIAX_CHANNELS = {4: 512, 8: 512, 16: 512, 32: 512, 64: 512, 128: 256, 256: 128, 512: 64}


def liax_channels(scale: int = 1, size: int = 512) -> Dict[int, int]:
    return {r: c * scale for r, c in LIAX_CHANNELS.items() if r <= size}


def _group_count(ch: int) -> int:
    # official GroupNorm(32, C); reduced widths below 32 (or not divisible) fall back to the largest divisor
    return math.gcd(32, ch)


class _EncResDown(nn.Module):
    """LIA-X encoder block: conv(in->out), conv(out->out, stride 2 after blur), 1x1 strided skip; sum / sqrt(2)."""

    def __init__(self, in_ch: int, out_ch: int):
        super().__init__()
        self.conv1 = ConvLayer(in_ch, out_ch, 3, **_B1)
        self.conv2 = ConvLayer(out_ch, out_ch, 3, downsample=True, **_B1)
        self.skip = ConvLayer(in_ch, out_ch, 1, downsample=True, activate=False, bias=False, **_B1)

    def forward(self, x: Tensor) -> Tensor:
        return (self.conv2(self.conv1(x)) + self.skip(x)) / math.sqrt(2.0)


class _Encoder2R(nn.Module):
    def __init__(self, size: int, style_dim: int, ch: Dict[int, int]):
        super().__init__()
        log = _check_size(size)
        self.block1 = ConvLayer(3, ch[size], 1, **_B1)
        self.n_down = log - 3  # size -> 8
        for k in range(self.n_down):
            r = size >> k
            setattr(self, f"block{k + 2}", nn.Sequential(_EncResDown(ch[r], ch[r // 2])))
        self.block_512 = _EncResDown(ch[8], ch[4])  # 8 -> 4 (named after the official 512 model)
        self.block8 = EqualConv2d(ch[4], style_dim, 4, bias=False)

    def forward(self, x: Tensor) -> Tuple[Tensor, List[Tensor]]:
        h = self.block1(x)
        maps = [h]
        for k in range(self.n_down):
            h = getattr(self, f"block{k + 2}")(h)
            maps.append(h)
        z = self.block8(self.block_512(h)).flatten(1)
        return z, maps[::-1]  # features 8..size, coarse to fine


class _Encoder(nn.Module):
    def __init__(self, size: int, style_dim: int, motion_dim: int, ch: Dict[int, int]):
        super().__init__()
        self.enc_2r = _Encoder2R(size, style_dim, ch)
        self.enc_r2t = nn.Sequential(EqualLinear(style_dim, motion_dim))


class _FlowResBlock(nn.Module):
    """Modulated residual block: h1 = sconv1(x); out = h1 + gamma * sconv2(GroupNorm(h1)), gamma starts at 1e-5."""

    def __init__(self, ch: int, style_dim: int):
        super().__init__()
        self.norm = nn.GroupNorm(_group_count(ch), ch)
        self.conv1 = StyledConv(ch, ch, 3, style_dim, **_B1)
        self.conv2 = StyledConv(ch, ch, 3, style_dim, **_B1)
        self.gamma = nn.Parameter(1e-5 * torch.ones(1, ch, 1, 1))

    def forward(self, x: Tensor, z: Tensor) -> Tensor:
        h = self.conv1(x, z)
        return h + self.gamma * self.conv2(self.norm(h), z)


class _ResBlock(nn.Module):
    def __init__(self, in_ch: int, out_ch: int):
        super().__init__()
        self.conv1 = ConvLayer(in_ch, out_ch, 3, **_B1)
        self.conv2 = ConvLayer(out_ch, out_ch, 3, **_B1)
        self.skip = (nn.Identity() if in_ch == out_ch
                     else ConvLayer(in_ch, out_ch, 1, activate=False, bias=False, **_B1))

    def forward(self, x: Tensor) -> Tensor:
        return (self.conv2(self.conv1(x)) + self.skip(x)) / math.sqrt(2.0)


class _RestGate(nn.Module):
    """A per-pixel gate in (0, 1], exactly 1 when nothing moves: ``g = exp(-|sum_k conv(features)_k * (W m)_k|)``.

    The motion ``m = z - z_source`` enters linearly and without bias, so ``m = 0`` gives ``g = 1`` whatever the
    features; under motion the decoder learns where to close it (e.g. over an eye that blinks). Starts nearly open.
    """

    def __init__(self, ch: int, style_dim: int, rank: int = 8):
        super().__init__()
        self.conv = EqualConv2d(ch, rank, 1)
        self.motion = nn.Parameter(0.01 * torch.randn(rank, style_dim))

    def forward(self, features: Tensor, motion: Tensor) -> Tensor:
        weights = motion @ self.motion.t() / math.sqrt(motion.shape[1])  # (B, rank)
        c = (self.conv(features) * weights[:, :, None, None]).sum(1, keepdim=True)
        return torch.exp(-c.abs())


# the coarsest stage that paints from its own features under latent_paint: 16² and below are a few pixels per mouth
LATENT_PAINT_FROM = 32


class _ImageSkip(nn.Module):
    """Warps the source image by the motion since the source and blends it over the decoder's image with a mask.

    ``out = m * warp(source, identity + flow - source's flow) + (1 - m) * rgb`` with ``m = sigmoid(modconv(features,
    z - z_source) + bias)``: the mask is styled by the motion in latent space, so it can learn to trust the warped
    source fully when nothing moves (the navigated latent alone cannot tell whether the source's eyes were already
    closed). It starts at one half, so the decoder's image keeps half its weight when the skip is added to a trained
    model.

    ``detail=True`` (``detail_skip``) also hands back what the decoder could not paint: the encoder stores
    ``detail = source - rgb_source`` (the source minus the decoder's own image at the source's latent), and where the
    mask prefers the decoder's image the output is ``rgb + g * warp(detail)``, with a gate ``g`` that is exactly 1
    at rest (``_RestGate``). With no motion the output is then the source exactly, whatever the mask, and under
    motion the decoder paints only the change while the source's sharp detail moves with the warp.
    """

    def __init__(self, ch: int, style_dim: int, detail: bool = False):
        super().__init__()
        self.conv = ModulatedConv2d(ch, 1, 1, style_dim, demodulate=False)
        with torch.no_grad():
            self.conv.weight.mul_(0.01)
        self.bias = nn.Parameter(torch.zeros(1, 1, 1, 1))
        self.gate = _RestGate(ch, style_dim) if detail else None

    def weights(self, features: Tensor, motion: Tensor) -> Tuple[Tensor, Optional[Tensor]]:
        """(mask, gate): how much of the warped source, and of the warped detail under the decoder's image, the
        output takes per pixel (B, 1, H, W); the gate is None without the detail skip."""
        mask = torch.sigmoid(self.conv(features, motion) + self.bias)
        return mask, self.gate(features, motion) if self.gate is not None else None

    def forward(self, features: Tensor, motion: Tensor, image: Tensor, grid: Tensor, rgb: Tensor,
                detail: Optional[Tensor] = None) -> Tensor:
        mask, gate = self.weights(features, motion)
        warped = F.grid_sample(image, grid, mode="bilinear", padding_mode="border", align_corners=True)
        if gate is not None:
            moved = F.grid_sample(detail, grid, mode="bilinear", padding_mode="border", align_corners=True)
            rgb = rgb + gate * moved
        return mask * warped + (1.0 - mask) * rgb


def _stage_names(index: int) -> Dict[str, str]:
    if index == 0:
        return dict(conv="conv_512_1", blocks="conv_512_2", up=None, rgb_blocks="conv_512_2_rgb",
                    rgb="rgb_512", flow="flow_512")
    k = index + 1
    return dict(conv=f"conv{k}_1", blocks=f"conv{k}_2", up=f"conv{k}_2_up", rgb_blocks=f"conv{k}_2_rgb",
                rgb=f"rgb{k}", flow=f"flow{k}")


class _Decoder(nn.Module):
    def __init__(self, size: int, style_dim: int, motion_dim: int, ch: Dict[int, int], n_flow_blocks: int,
                 n_rgb_blocks: int, image_skip: bool = False, detail_skip: bool = False, latent_paint: bool = False):
        super().__init__()
        log = _check_size(size)
        self.direction = Direction(style_dim, motion_dim)
        self.input = ConstantInput(ch[4])
        self.conv1 = StyledConv(ch[4], ch[4], 3, style_dim, **_B1)
        self.stages = []
        prev = ch[4]
        for idx, i in enumerate(range(3, log + 1)):
            r, c, n = 2 ** i, ch[2 ** i], _stage_names(idx)
            setattr(self, n["conv"], StyledConv(prev, c, 3, style_dim, upsample=True, **_B1))
            setattr(self, n["blocks"], nn.ModuleList([_FlowResBlock(c, style_dim) for _ in range(n_flow_blocks)]))
            if n["up"]:
                setattr(self, n["up"], ConvLayer(prev, c, 3, upsample=True, **_B1))
            setattr(self, n["rgb_blocks"], nn.ModuleList([_ResBlock(c, c) for _ in range(n_rgb_blocks)]))
            setattr(self, n["rgb"], ToRGB(c, up_attr="up", **_B1))
            setattr(self, n["flow"], ToFlow(c, style_dim, r, up_attr="up", align_corners=True))
            if latent_paint and r >= LATENT_PAINT_FROM:
                n["paint"] = f"paint{r}"
                paint = EqualConv2d(c, 3, 3, padding=1)
                with torch.no_grad():
                    paint.weight.zero_()
                setattr(self, n["paint"], paint)
            self.stages.append(n)
            prev = c
        self.image_skip = _ImageSkip(ch[size], style_dim, detail_skip) if image_skip else None

    def forward(self, z: Tensor, feats: List[Tensor]) -> Tensor:
        n = len(self.stages)
        if self.image_skip is None:
            return self._run(z, feats[:n], paint=True)[0]
        image, origins, z_source = feats[n], feats[n + 1:2 * n + 1], feats[2 * n + 1]
        detail = feats[2 * n + 2] if self.image_skip.gate is not None else None
        rgb, warped, flow = self._run(z, feats[:n], paint=True, origins=origins)
        displacement = torch.tanh(flow[:, 0:2]) - origins[-1]
        grid = displacement.permute(0, 2, 3, 1) + getattr(self, self.stages[-1]["flow"]).grid
        return self.image_skip(warped, z - z_source, image, grid, rgb, detail)

    def source_pass(self, z: Tensor, maps: List[Tensor]) -> Tuple[List[Tensor], Optional[Tensor]]:
        """At latent ``z`` with still warps: each stage's displacement (B, 2, r, r), coarse to fine, and the decoder's
        own image (only with the detail skip, which needs it; otherwise the RGB path is skipped)."""
        flows: List[Tensor] = []
        rgb = self._run(z, maps, paint=self.image_skip.gate is not None, still=True, record=flows)[0]
        return flows, rgb

    def _run(self, z: Tensor, maps: List[Tensor], paint: bool, origins: Optional[List[Tensor]] = None,
             still: bool = False, record: Optional[List[Tensor]] = None):
        h = self.conv1(self.input(z), z)
        flow: Optional[Tensor] = None
        warped: Optional[Tensor] = None
        rgb: Optional[Tensor] = None
        for i, (n, feat) in enumerate(zip(self.stages, maps)):
            h = getattr(self, n["conv"])(h, z)
            for block in getattr(self, n["blocks"]):
                h = block(h, z)
            new_warped, h, flow = getattr(self, n["flow"])(h, z, feat, flow, origin=origins[i] if origins else None,
                                                           still=still)
            if record is not None:
                record.append(torch.tanh(flow[:, 0:2]))
            if not paint:  # the flows depend only on h, never on the RGB path
                continue
            if warped is not None:
                new_warped = new_warped + getattr(self, n["up"])(warped)
            warped = new_warped
            for block in getattr(self, n["rgb_blocks"]):
                warped = block(warped)
            rgb = getattr(self, n["rgb"])(warped, rgb)
            if "paint" in n:
                rgb = rgb + getattr(self, n["paint"])(h)
        return rgb, warped, flow


class LiaXGenerator(GeneratorApi):
    """LIA-X generator.

    Like the official ``Generator(style_dim, motion_dim, scale)``, the effective latent width is
    ``style_dim * scale`` (the released scale=2 model has a 1024-d latent); widths come from the official table
    times ``scale`` unless ``channels`` (resolution -> width for every power of two 4..size) is given.
    ``n_flow_blocks``/``n_rgb_blocks`` (official: 4 each) shorten the decoder stages of reduced models;
    ``image_skip`` adds our relative warps and image-space skip, ``detail_skip`` the source detail, ``latent_paint``
    the decoder's own features painting from 32² up (module docstring).
    """

    family = "lia-x"

    def __init__(self, size: int = 512, style_dim: int = 512, motion_dim: int = 40, scale: int = 1,
                 channels: Optional[Dict[int, int]] = None, n_flow_blocks: int = 4, n_rgb_blocks: int = 4,
                 image_skip: bool = False, detail_skip: bool = False, latent_paint: bool = False):
        super().__init__()
        if detail_skip and not image_skip:
            raise ValueError("detail_skip extends the image skip: it needs image_skip=True")
        style_dim = style_dim * scale
        self.size, self.style_dim, self.motion_dim = size, style_dim, motion_dim
        ch = _check_channels(channels or liax_channels(scale, size), size, "LIA-X")
        self.enc = _Encoder(size, style_dim, motion_dim, ch)
        self.dec = _Decoder(size, style_dim, motion_dim, ch, n_flow_blocks, n_rgb_blocks, image_skip, detail_skip,
                            latent_paint)
        self.feature_resolutions = [2 ** i for i in range(3, _check_size(size) + 1)]

    # The shared API (encode, navigate, decode, forward) is GeneratorApi's; these are this family's encoder heads.
    def _latent(self, img: Tensor) -> Tuple[Tensor, List[Tensor]]:
        return self.enc.enc_2r(img)

    def _source_extras(self, img: Tensor, z: Tensor, alpha: Tensor, feats: List[Tensor]) -> List[Tensor]:
        if self.dec.image_skip is None:
            return feats
        # trained through: the warps move by the difference of both passes, so both sides get the gradient
        z_source = self.navigate(z, alpha)
        flows, rgb = self.dec.source_pass(z_source, feats)
        return feats + [img] + flows + [z_source] + ([img - rgb] if rgb is not None else [])

    def _alpha(self, z: Tensor) -> Tensor:
        return self.enc.enc_r2t(z)
