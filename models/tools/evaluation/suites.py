"""The evaluations: transfer (self-reconstruction and cross-identity) and channel control.

All inputs are rendered here from seeds: held-out identities (test split), motions from `avatars.sample_motion`
with a per-identity seeded generator, so the same command gives the same numbers.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np
import torch

from avatars import MOTION_FIELDS, neutral, render, sample_motion
from training.targets import TIED_DIRECTIONS, target_matrix

from . import model as M
from .calibration import channel_delta
from .estimate import estimate, render_grid
from .grids import error_map, resize_nearest, save_grid
from .metrics import inversions, psnr, sharpness_ratio, spearman, ssim, summarize
from .regions import change_concentration, change_mask, frame_regions, region_metrics
from .warp import perfect_warp

MOTION_STREAM = 0xE7A1  # second word of each identity's motion seed: [identity_seed, MOTION_STREAM]
REGIONS = ('face', 'eyes', 'mouth')


def identity_motions(seed: int, count: int):
    rng = np.random.default_rng([int(seed), MOTION_STREAM])
    return [sample_motion(rng) for _ in range(count)]


def _frame_metrics(pred: np.ndarray, target: np.ndarray, regions) -> Dict[str, Dict[str, float]]:
    out = {'whole': {'psnr': psnr(pred, target), 'ssim': ssim(pred, target),
                     'sharpness': sharpness_ratio(pred, target)}}
    for name in REGIONS:
        r = regions[name]
        out[name] = region_metrics(pred, target, r) if r is not None else None
    return out


def _aggregate(per_frame: List[Dict[str, Optional[Dict[str, float]]]]) -> Dict[str, Dict[str, dict]]:
    out = {}
    for region in ('whole',) + REGIONS:
        rows = [f[region] for f in per_frame if f[region] is not None]
        out[region] = {m: summarize(r[m] for r in rows) for m in ('psnr', 'ssim', 'sharpness')}
        out[region]['frames'] = len(rows)
    return out


@dataclass
class TransferData:
    seeds: List[int]
    identities: list
    motions: list                 # [i][k] MotionParams
    neutral: np.ndarray           # (N, H, W, 3)
    source: M.Encoded             # encodings of the neutral renders (features kept)
    per_frame: List[dict] = field(default_factory=list)


def transfer_suite(gen, seeds, identities, frames: int, size: int, batch: int, report_dir: str,
                   grid_rows: int, log: Callable[[str], None]) -> Tuple[dict, TransferData]:
    n, k = len(identities), frames
    t0 = time.time()
    motions = [identity_motions(s, k) for s in seeds]
    partner = [(i + 1) % n for i in range(n)]
    neutral_imgs = np.stack([render(idn, neutral(), size) for idn in identities])
    drive = np.stack([render(identities[i], motions[i][j], size) for i in range(n) for j in range(k)])
    cross_gt = np.stack([render(identities[i], motions[partner[i]][j], size) for i in range(n) for j in range(k)])
    log(f'transfer: rendered {n + 2 * n * k} frames in {time.time() - t0:.1f} s')

    t0 = time.time()
    src = M.encode(gen, neutral_imgs, batch)
    drv = M.encode(gen, drive, batch, keep_feats=False)
    log(f'transfer: encoded {n + n * k} frames in {time.time() - t0:.1f} s')

    a_s, a_d = src.alpha, drv.alpha
    src_index = np.repeat(np.arange(n), k)
    drv_of_partner = np.array([partner[i] * k + j for i in range(n) for j in range(k)])
    start_of_partner = np.repeat(np.array(partner), k)
    alpha_self = a_d
    alpha_rel = a_s[src_index] + a_d[drv_of_partner] - a_s[start_of_partner]
    alpha_abs = a_d[drv_of_partner]
    t0 = time.time()
    pred_self = M.decode(gen, src, src_index, alpha_self, batch)
    pred_rel = M.decode(gen, src, src_index, alpha_rel, batch)
    pred_abs = M.decode(gen, src, src_index, alpha_abs, batch)
    log(f'transfer: decoded {3 * n * k} frames in {time.time() - t0:.1f} s')

    t0 = time.time()  # the warp family's ceiling on the same frames (information)
    perfect_self = np.concatenate([perfect_warp(identities[i], neutral_imgs[i], motions[i], drive[i * k:(i + 1) * k])
                                   for i in range(n)])
    perfect_cross = np.concatenate([perfect_warp(identities[i], neutral_imgs[i], motions[partner[i]],
                                                 cross_gt[i * k:(i + 1) * k]) for i in range(n)])
    log(f'transfer: perfect warps of {2 * n * k} frames in {time.time() - t0:.1f} s')

    t0 = time.time()
    per = {key: [] for key in ('self', 'self_no_motion', 'self_perfect_warp', 'cross_relative', 'cross_absolute',
                               'cross_no_motion', 'cross_perfect_warp')}
    records = []
    regions_self, regions_cross = [], []
    for f in range(n * k):
        i, j = divmod(f, k)
        r_self = frame_regions(identities[i], motions[i][j], size)
        r_cross = frame_regions(identities[i], motions[partner[i]][j], size)
        regions_self.append(r_self)
        regions_cross.append(r_cross)
        m = {'self': _frame_metrics(pred_self[f], drive[f], r_self),
             'self_no_motion': _frame_metrics(neutral_imgs[i], drive[f], r_self),
             'self_perfect_warp': _frame_metrics(perfect_self[f], drive[f], r_self),
             'cross_relative': _frame_metrics(pred_rel[f], cross_gt[f], r_cross),
             'cross_absolute': _frame_metrics(pred_abs[f], cross_gt[f], r_cross),
             'cross_no_motion': _frame_metrics(neutral_imgs[i], cross_gt[f], r_cross),
             'cross_perfect_warp': _frame_metrics(perfect_cross[f], cross_gt[f], r_cross)}
        for key, v in m.items():
            per[key].append(v)
        records.append({'identity': int(seeds[i]), 'frame': j, 'driving_identity': int(seeds[partner[i]]),
                        'psnr_self': round(m['self']['whole']['psnr'], 3),
                        'psnr_cross_relative': round(m['cross_relative']['whole']['psnr'], 3),
                        'psnr_cross_absolute': round(m['cross_absolute']['whole']['psnr'], 3),
                        'psnr_no_motion_self': round(m['self_no_motion']['whole']['psnr'], 3),
                        'psnr_no_motion_cross': round(m['cross_no_motion']['whole']['psnr'], 3)})
    results = {key: _aggregate(v) for key, v in per.items()}
    log(f'transfer: metrics in {time.time() - t0:.1f} s')

    # Encoder read-back of the tied directions on every held-out frame (information: is α calibrated?).
    columns, divisors = target_matrix(list(MOTION_FIELDS))
    params = np.stack([neutral().to_array()] * n + [motions[i][j].to_array() for i in range(n) for j in range(k)])
    alphas = torch.cat([a_s, a_d]).numpy()
    readback = M.tied_summary(alphas, params, columns, divisors, [t.field for t in TIED_DIRECTIONS])
    gains = M.direction_gains((a_d - a_s[src_index]).numpy(), params[n:], columns, divisors,
                              [t.field for t in TIED_DIRECTIONS], len(TIED_DIRECTIONS))
    results['encoder_readback'] = {name: {'pearson': r, 'mae': mae, 'named_gain': gains[name][0],
                                          'free_gain': gains[name][1]} for name, (r, mae) in readback.items()}
    results['frames_per_identity'] = k
    results['per_frame'] = records

    # Grids
    rows = min(grid_rows, n)
    pick = [r * k + (r % k) for r in range(rows)]
    cells = np.stack([np.stack([neutral_imgs[f // k], drive[f], pred_self[f], drive[f],
                                error_map(pred_self[f], drive[f])]) for f in pick])
    files = {'self': 'self.png'}
    save_grid(cells, f'{report_dir}/self.png', ['source', 'driving', 'ours', 'truth', '|err|x4'])
    cells = np.stack([np.stack([neutral_imgs[f // k], neutral_imgs[partner[f // k]], drive[drv_of_partner[f]],
                                pred_rel[f], cross_gt[f], pred_abs[f], error_map(pred_rel[f], cross_gt[f])])
                      for f in pick])
    files['cross'] = 'cross.png'
    save_grid(cells, f'{report_dir}/cross.png',
              ['source', 'drv start', 'driving', 'ours rel', 'truth', 'ours abs', '|err|x4'])
    files['crops'] = 'crops.png'
    _crops_grid(f'{report_dir}/crops.png',
                [(pred_self[f], drive[f], regions_self[f], 'self') for f in pick] +
                [(pred_rel[f], cross_gt[f], regions_cross[f], 'cross') for f in pick], identities, seeds,
                size)
    results['grids'] = files
    data = TransferData(list(seeds), identities, motions, neutral_imgs, src)
    return results, data


def _crops_grid(path, items, identities, seeds, size, cell=64):
    """Rows: frames; columns: each eye and the mouth, ours then truth, upscaled (nearest) to `cell` pixels."""
    rows, labels = [], []
    for pred, target, regions, label in items:
        row = []
        eyes = list(regions['eyes'].boxes) if regions['eyes'] is not None else []
        boxes = (eyes + [None, None])[:2] + [regions['mouth'].boxes[0] if regions['mouth'] is not None else None]
        for box in boxes:
            for img in (pred, target):
                if box is None:
                    row.append(np.full((cell, cell, 3), 128, np.uint8))
                else:
                    x0, y0, x1, y1 = box
                    side = max(x1 - x0, y1 - y0)
                    crop = np.full((side, side, 3), 255, np.uint8)
                    crop[:y1 - y0, :x1 - x0] = img[y0:y1, x0:x1]
                    row.append(resize_nearest(crop, cell))
        rows.append(np.stack(row))
        labels.append(label)
    save_grid(np.stack(rows), path, ['eye ours', 'eye truth', 'eye ours', 'eye truth', 'mouth ours', 'mth truth'],
              row_labels=labels, label_width=36)


# ------------------------------------------------------------------------------------------------------------ control

@dataclass(frozen=True)
class Sweep:
    channel: str
    fields: Tuple[str, ...]            # ground-truth render fields the channel moves
    values: Tuple[float, ...]          # channel values decoded (increasing)
    display: Tuple[float, ...]         # the values shown in the sweep grid
    grid: Tuple[float, float, float]   # estimation grid: start, stop (inclusive), step
    tolerance: float                   # read-back drop that counts as an inversion
    unit: str
    mae_floor: Optional[float]         # project floor on the mean abs read-back error (None: reported only)
    slug: str
    zoom: Optional[str] = None         # the sweep grid shows this region enlarged ×2 (expressions are small)


def _r(a):
    return tuple(float(round(v, 6)) for v in a)


SWEEPS = (
    Sweep('head.yaw', ('yaw',), _r(np.arange(-30, 31, 5)), (-30, -20, -10, 0, 10, 20, 30), (-40, 40, 1), 0.5,
          'deg', 3.0, 'yaw'),
    # head.pitch's channel range is ±25° (the SDK clamps there), so the sweep covers ±25°, not ±30°.
    Sweep('head.pitch', ('pitch',), _r(np.arange(-25, 26, 5)), (-25, -15, 0, 15, 25), (-35, 35, 1), 0.5, 'deg', 3.0,
          'pitch'),
    Sweep('mouth.open', ('mouth_open',), _r(np.linspace(0, 1, 6)), _r(np.linspace(0, 1, 6)), (0, 1, 0.05), 0.025,
          'amount', None, 'mouth-open', 'mouth'),
    Sweep('eyes.blink', ('blink_left', 'blink_right'), _r(np.linspace(0, 1, 6)), _r(np.linspace(0, 1, 6)),
          (0, 1, 0.05), 0.025, 'amount', None, 'eyes-blink', 'eyes'),
)


def _grid_values(spec: Tuple[float, float, float]) -> np.ndarray:
    start, stop, step = spec
    return np.round(np.arange(start, stop + step / 2, step), 6)


def _index_of(values: np.ndarray, v: float) -> int:
    i = int(np.argmin(np.abs(values - v)))
    if abs(values[i] - v) > 1e-6:
        raise ValueError(f'{v} is not on the estimation grid')
    return i


def _zoom(identity, region: Optional[str], size: int):
    """Image → the same image, or a size/2 square around `region` (of the neutral frame) enlarged ×2."""
    if region is None:
        return lambda img: img
    r = frame_regions(identity, neutral(), size)[region]
    if r is None:
        return lambda img: img
    x0, y0, x1, y1 = r.bounds()
    half = size // 4
    cx = int(np.clip(round((x0 + x1) / 2), half, size - half))
    cy = int(np.clip(round((y0 + y1) / 2), half, size - half))
    return lambda img: resize_nearest(np.ascontiguousarray(img[cy - half:cy + half, cx - half:cx + half]), size)


def identity_traits(identity) -> dict:
    """What a per-identity failure may go with: hair style and skin luminance (0 black … 1 white, Rec. 601)."""
    return {'hair_style': identity.hair_style,
            'skin_luminance': round(float(np.dot(identity.skin, (0.299, 0.587, 0.114))), 3)}


def control_suite(gen, data: TransferData, count: int, channels: dict, size: int, batch: int, report_dir: str,
                  grid_identities: int, log: Callable[[str], None]) -> dict:
    count = min(count, len(data.identities))
    per_channel = {s.channel: {'errors': [], 'estimates': [], 'spearman': [], 'inversions': 0, 'steps': 0,
                               'at_bound': 0, 'share': [], 'area': [], 'ratio': [], 'amplitude': [],
                               'per_identity': []}
                   for s in SWEEPS}
    sweep_cells = {s.channel: [] for s in SWEEPS}
    motion_dim = data.source.alpha.shape[1]
    t_render = t_decode = 0.0
    for c in range(count):
        idn = data.identities[c]
        alphas, spans = [], {}
        for s in SWEEPS:
            start = len(alphas)
            for v in s.values:
                delta = torch.from_numpy(channel_delta(channels, {s.channel: v}, motion_dim))
                alphas.append(data.source.alpha[c] + delta)
            spans[s.channel] = (start, len(alphas))
        t0 = time.time()
        outs = M.decode(gen, data.source, np.full(len(alphas), c), torch.stack(alphas), batch)
        t_decode += time.time() - t0
        for s in SWEEPS:
            lo, hi = spans[s.channel]
            out = outs[lo:hi]
            t0 = time.time()
            grid = render_grid(idn, neutral(), s.fields, _grid_values(s.grid), size)
            t_render += time.time() - t0
            est, bound = estimate(out, grid)
            acc = per_channel[s.channel]
            vals = np.array(s.values)
            acc['errors'].append(est - vals)
            acc['estimates'].append(est)
            rho, drops = spearman(vals, est), inversions(est, s.tolerance)
            acc['spearman'].append(rho)
            acc['inversions'] += drops
            acc['per_identity'].append({'seed': int(data.seeds[c]), **identity_traits(idn), 'spearman': rho,
                                        'inversions': drops,
                                        'max_abs_error': float(np.abs(est - vals).max()),
                                        'estimates': [round(float(v), 3) for v in est]})
            acc['steps'] += len(vals) - 1
            acc['at_bound'] += int(bound.sum())
            # locality: where the output changes vs where the truth changes, relative to the channel's neutral value
            gt = grid.images[[_index_of(grid.values, v) for v in vals]]
            i0 = _index_of(vals, 0.0)
            region = change_mask(list(gt), gt[i0])
            d_out = sum(np.abs(o.astype(np.float32) - out[i0].astype(np.float32)).mean(-1) for o in out)
            d_gt = sum(np.abs(g.astype(np.float32) - gt[i0].astype(np.float32)).mean(-1) for g in gt)
            conc = change_concentration(d_out, region)
            acc['share'].append(conc['share'])
            acc['area'].append(conc['area'])
            acc['ratio'].append(conc['ratio'])
            acc['amplitude'].append(float(d_out[region].sum() / max(d_gt[region].sum(), 1e-9)))
            if c < grid_identities:
                cols = [_index_of(vals, v) for v in s.display]
                view = _zoom(idn, s.zoom, size)
                sweep_cells[s.channel].append(np.stack([view(out[i]) for i in cols]))
                sweep_cells[s.channel].append(np.stack([view(gt[i]) for i in cols]))
        log(f'control: identity {c + 1}/{count} (decode {t_decode:.1f} s, ground-truth grids {t_render:.1f} s)')

    results, files = {}, {}
    for s in SWEEPS:
        acc = per_channel[s.channel]
        err = np.stack(acc['errors'])  # (identities, values)
        est = np.stack(acc['estimates'])
        ratios = np.array(acc['ratio'])
        results[s.channel] = {
            'unit': s.unit, 'values': list(s.values), 'fields': list(s.fields),
            'estimation_grid': {'start': s.grid[0], 'stop': s.grid[1], 'step': s.grid[2]},
            'mae': float(np.abs(err).mean()), 'max_abs_error': float(np.abs(err).max()),
            'bias': float(err.mean()),
            'per_value': [{'value': v, 'mean_estimate': float(est[:, i].mean()),
                           'mae': float(np.abs(err[:, i]).mean())} for i, v in enumerate(s.values)],
            'spearman_mean': float(np.mean(acc['spearman'])), 'spearman_min': float(np.min(acc['spearman'])),
            'inversions': acc['inversions'], 'steps': acc['steps'], 'inversion_tolerance': s.tolerance,
            'at_bound': acc['at_bound'], 'estimates': int(err.size),
            'locality': {'share_inside': float(np.nanmean(acc['share'])), 'region_area': float(np.mean(acc['area'])),
                         'ratio_median': float(np.median(ratios)),
                         'amplitude': float(np.mean(acc['amplitude']))},
            'mae_floor': s.mae_floor,
            'per_identity': acc['per_identity'],
        }
        if sweep_cells[s.channel]:
            name = f'sweep-{s.slug}.png'
            labels = []
            for c in range(min(grid_identities, count)):
                labels += [f'ours {c + 1}', f'truth {c + 1}']
            save_grid(np.stack(sweep_cells[s.channel]), f'{report_dir}/{name}',
                      [f'{s.channel} {v:g}' if i == 0 else f'{v:g}' for i, v in enumerate(s.display)],
                      row_labels=labels, label_width=48)
            files[s.channel] = name
    results['identities'] = count
    results['grids'] = files
    return results
