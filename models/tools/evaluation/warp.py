"""How far the decoder's warp moves the source when a channel is set, against the true correspondence.

The control suite scores the output image; this measures one cause of an under-turn (or of lips stretched over an
opening instead of parting) directly. Each held-out identity's neutral render is moved through the SDK's channel
path (α = α_src + the channel's terms), and the decoder's finest warp (its flow relative to the source's own,
`training.stage_flows`) is compared with the true backward flow the renderer knows
(`training.correspondence.source_flow`), on the pixels where it can be trusted. Gain = ⟨warp, truth⟩ / ⟨truth, truth⟩
over those pixels: 1 = the warp moves the source as far as the truth does, 0.5 = half as far, 0 = not at all, < 0 =
the wrong way. The error is also measured on the eyes and mouth alone (`training.correspondence.feature_pixels`),
where the warp must move finest and the whole-image mean hides it.

The same outputs are scored in the eye and mouth crops against the ground-truth render (`feature_crops`): a channel
that turns the head should carry the source's eyes and mouth along, and the sampled motions of the transfer suite,
where eyes and mouth nearly always change too, cannot show whether it does.

`perfect_warp` is the warp family's ceiling on the transfer suite's frames: the source moved exactly as the renderer
moves it, and everything it does not show taken from the truth. What it still gets wrong (shading that changes with
the pose, highlights, edges finer than a pixel) is what no warp of the source can recover.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Dict, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from avatars import neutral, render
from avatars.render import render_geometry
from portrait_rig_tools.layers import sampling_grid
from training.correspondence import feature_pixels, frame_constants, source_flow
from training.stage_flows import StageDisplacements

from .calibration import channel_delta
from .model import to_uint8
from .regions import frame_regions, region_metrics

# channel → (motion fields, values, unit): the pose channels at the sizes the control floors score, and the two
# expressions whose warps must be finest (lips parting across an opening, lids closing over the eye)
WARP_SWEEPS = {'head.yaw': (('yaw',), (-30.0, -15.0, 15.0, 30.0), 'deg'),
               'head.pitch': (('pitch',), (-20.0, 20.0), 'deg'),
               'mouth.open': (('mouth_open',), (0.5, 1.0), 'amount'),
               'eyes.blink': (('blink_left', 'blink_right'), (1.0,), 'amount')}


def warp_gain(warp: torch.Tensor, truth: torch.Tensor, trusted: torch.Tensor) -> Dict[str, float]:
    """Least-squares gain of `warp` against `truth` (B, 2, H, W) over `trusted` (B, 1, H, W) pixels, with the mean
    L1 error per component (grid units) of the warp and of no warp at all."""
    w = trusted.float()
    total = (2 * w.sum()).clamp_min(1.0)
    return {'gain': float(((warp * truth).sum(1, keepdim=True) * w).sum() /
                          ((truth * truth).sum(1, keepdim=True) * w).sum().clamp_min(1e-12)),
            'error': float(((warp - truth).abs() * w).sum() / total),
            'error_no_warp': float((truth.abs() * w).sum() / total)}


def feature_crops(outputs: np.ndarray, truths: np.ndarray, identities: Sequence, motion,
                  size: int) -> Dict[str, float]:
    """Mean PSNR (dB) and sharpness ratio of the eye and mouth crops (`evaluation.regions`) of uint8 `outputs`
    against `truths` (N, H, W, 3), all of `identities` in `motion`: {'eyes_psnr', 'eyes_sharpness', 'mouth_psnr',
    'mouth_sharpness'} (NaN for a region out of frame everywhere)."""
    scores = {}
    for region in ('eyes', 'mouth'):
        rows = [region_metrics(out, truth, r) for out, truth, idn in zip(outputs, truths, identities)
                if (r := frame_regions(idn, motion, size)[region]) is not None]
        scores[f'{region}_psnr'] = float(np.mean([m['psnr'] for m in rows])) if rows else float('nan')
        scores[f'{region}_sharpness'] = float(np.mean([m['sharpness'] for m in rows])) if rows else float('nan')
    return scores


@torch.no_grad()
def perfect_warp(identity, source: np.ndarray, motions: Sequence, truths: np.ndarray) -> np.ndarray:
    """The best any warp of `source` can do: `source` (uint8 (H, W, 3), the identity's neutral render) read through
    the true backward flow to each of `motions` (`training.correspondence.source_flow`, bilinear as the decoder's
    warps read), with every pixel where that flow cannot be trusted (hidden in the source, or seen on a different
    surface) taken from `truths` (uint8 (K, H, W, 3), the renders in `motions`). Returns uint8 (K, H, W, 3)."""
    k, size = len(motions), source.shape[0]
    depth_s, _ = render_geometry(identity, neutral(), size)
    geo = [render_geometry(identity, m, size) for m in motions]
    flow, trusted = source_flow(torch.from_numpy(np.stack([d for d, _ in geo])),
                                torch.from_numpy(np.stack([p for _, p in geo])).long(),
                                torch.from_numpy(depth_s)[None].expand(k, -1, -1),
                                torch.tensor([frame_constants(identity)] * k, dtype=torch.float32),
                                torch.from_numpy(np.stack([neutral().to_array()] * k)),
                                torch.from_numpy(np.stack([m.to_array() for m in motions])))
    image = torch.from_numpy(source).permute(2, 0, 1)[None].float().expand(k, -1, -1, -1)
    warped = F.grid_sample(image, flow.permute(0, 2, 3, 1) + sampling_grid(size), mode='bilinear',
                           padding_mode='zeros', align_corners=True)
    out = torch.where(trusted > 0, warped, torch.from_numpy(truths).permute(0, 3, 1, 2).float())
    return out.round().clamp(0, 255).byte().permute(0, 2, 3, 1).numpy()


@torch.no_grad()
def warp_suite(gen, identities: Sequence, source, channels: dict, size: int,
               sweeps: Dict[str, tuple] = WARP_SWEEPS) -> dict:
    """Per channel and value: the warp's gain and errors, pooled over `identities` (whose neutral renders are
    encoded in `source`, an `evaluation.model.Encoded` with its features kept), the error on the eyes and mouth alone
    (`training.correspondence.feature_pixels`, in pixels) and the output's eye and mouth crops (`feature_crops`).
    Empty for a generator without the image skip (its warps are not relative to the source)."""
    if getattr(gen.dec, 'image_skip', None) is None:
        return {}
    n = len(identities)
    geo_s = [render_geometry(idn, neutral(), size) for idn in identities]
    depth_s = torch.from_numpy(np.stack([d for d, _ in geo_s]))
    constants = torch.tensor([frame_constants(idn) for idn in identities], dtype=torch.float32)
    q = gen.dictionary()
    motion_dim = source.alpha.shape[1]
    params_s = torch.from_numpy(np.stack([neutral().to_array()] * n))
    results = {}
    for channel, (fields, values, unit) in sweeps.items():
        if channel not in channels:
            continue
        rows = []
        for v in values:
            moved = replace(neutral(), **{field: v for field in fields})
            geo_d = [render_geometry(idn, moved, size) for idn in identities]
            depth_d = torch.from_numpy(np.stack([d for d, _ in geo_d]))
            part_d = torch.from_numpy(np.stack([p for _, p in geo_d])).long()
            params_d = torch.from_numpy(np.stack([moved.to_array()] * n))
            truth, trusted = source_flow(depth_d, part_d, depth_s, constants, params_s, params_d)
            features = trusted * feature_pixels(depth_d, part_d, constants, params_d)
            alpha = source.alpha[:n] + torch.from_numpy(channel_delta(channels, {channel: v}, motion_dim))
            feats = [f[:n] for f in source.feats]
            with StageDisplacements(gen, [size]) as stages:
                out = gen.decode(source.z[:n] + alpha @ q.t(), feats)
            crops = feature_crops(to_uint8(out), np.stack([render(idn, moved, size) for idn in identities]),
                                  identities, moved, size)
            warp = stages.displacements(feats)[size]
            on_features = warp_gain(warp, truth, features)
            px = (size - 1) / 2  # grid units → pixels (align_corners=True)
            rows.append({'value': v, **warp_gain(warp, truth, trusted),
                         'feature_error_px': on_features['error'] * px,
                         'feature_error_no_warp_px': on_features['error_no_warp'] * px, **crops})
        results[channel] = {'fields': list(fields), 'unit': unit, 'per_value': rows,
                            'gain_mean': float(np.mean([r['gain'] for r in rows]))}
    results['identities'] = n
    return results
