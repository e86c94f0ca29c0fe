"""Floors (the project's targets), REPORT.md and metrics.json."""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from typing import List, Optional

import numpy as np

from .model import WEIGHTS

MONOTONIC_SPEARMAN = 0.9
CHANNELS = ('head.yaw', 'head.pitch', 'mouth.open', 'eyes.blink')  # the channels the control floors name
OBSERVATIONS = '## Observations (written by a person after looking at the grids)'
PLACEHOLDER = ('_TO BE WRITTEN BY A PERSON: open the grids below and say in a few lines what they show (sharpness of '
               'eyes and mouth, identity preserved or not, pose and expression transfer, artefacts). The script '
               'cannot judge this; it keeps whatever is written here when the report is regenerated._')


def _failing_identities(control: dict, shown: int = 6) -> List[str]:
    """One line per channel: how many identities' sweeps fail, which hair styles they have (failing of all with
    that style), their median skin luminance against everyone's, and the worst few. Empty for reports written
    before the per-identity records."""
    lines = []
    for ch in CHANNELS:
        rows = control[ch].get('per_identity')
        if not rows:
            continue
        bad = sorted((r for r in rows if r['inversions'] > 0 or r['spearman'] < MONOTONIC_SPEARMAN),
                     key=lambda r: (r['spearman'], -r['inversions']))
        if not bad:
            lines.append(f'- `{ch}`: none of {len(rows)}')
            continue
        styles = Counter(r['hair_style'] for r in bad)
        totals = Counter(r['hair_style'] for r in rows)
        hair = ', '.join(f'{h} {n} of {totals[h]}' for h, n in styles.most_common())
        skin = (f"skin luminance median {np.median([r['skin_luminance'] for r in bad]):.2f} "
                f"(all {np.median([r['skin_luminance'] for r in rows]):.2f})")
        u = '°' if control[ch]['unit'] == 'deg' else ''
        worst = '; '.join(f"{r['seed']} ({r['hair_style']}, skin {r['skin_luminance']:.2f}): Spearman "
                          f"{r['spearman']:.2f}, {r['inversions']} inv., max error {r['max_abs_error']:.2f}{u}"
                          for r in bad[:shown])
        lines.append(f'- `{ch}`: {len(bad)} of {len(rows)} identities; hair {hair}; {skin}. {worst}')
    return lines


def _check(name, value, floor, op, unit, detail=''):
    compare = {'>=': lambda v: v >= floor, '>': lambda v: v > floor, '<=': lambda v: v <= floor}[op]
    ok = value is not None and value == value and compare(value)
    return {'name': name, 'value': value, 'floor': floor, 'op': op, 'unit': unit, 'pass': bool(ok), 'detail': detail}


def _gap(res: dict, region: str) -> float:
    """Mean crop PSNR − mean whole-image PSNR (dB) of one prediction's transfer results."""
    return res[region]['psnr']['mean'] - res['whole']['psnr']['mean']


def floor_checks(transfer: dict, control: Optional[dict]) -> List[dict]:
    s, rel, base = transfer['self'], transfer['cross_relative'], transfer['cross_no_motion']
    checks = [
        _check('Self-reconstruction PSNR', s['whole']['psnr']['mean'], 25.0, '>=', 'dB'),
        _check('Self-reconstruction SSIM', s['whole']['ssim']['mean'], 0.85, '>=', ''),
        _check('Cross-identity transfer PSNR (relative)', rel['whole']['psnr']['mean'], 21.0, '>=', 'dB'),
        _check('Cross-identity gain over the no-motion baseline',
               rel['whole']['psnr']['mean'] - base['whole']['psnr']['mean'], 3.0, '>=', 'dB',
               f"{rel['whole']['psnr']['mean']:.2f} vs {base['whole']['psnr']['mean']:.2f} dB"),
    ]
    for task, res, ceiling in (('Self', s, transfer['self_perfect_warp']),
                               ('Cross (relative)', rel, transfer['cross_perfect_warp'])):
        whole = res['whole']['psnr']['mean']
        for region in ('eyes', 'mouth'):
            checks.append(_check(f'{task}: {region} crop PSNR within 3 dB of whole image',
                                 _gap(res, region), -3.0, '>=', 'dB',
                                 f"{res[region]['psnr']['mean']:.2f} vs {whole:.2f} dB; perfect warp "
                                 f"{_gap(ceiling, region):+.2f} dB"))
    if control:
        for ch in CHANNELS:
            r = control[ch]
            if r['mae_floor'] is not None:
                checks.append(_check(f'{ch}: read-back error (mean abs) over {r["values"][0]:g}..{r["values"][-1]:g}',
                                     r['mae'], r['mae_floor'], '<=', '°' if r['unit'] == 'deg' else ''))
            # Monotonic = no step whose read-back drops (beyond half a grid step) AND the read-back follows the
            # set value (mean Spearman >= MONOTONIC_SPEARMAN): a sweep that does not move has no inversions either.
            c = _check(f'{ch}: sweep monotonic (inversions; Spearman ≥ {MONOTONIC_SPEARMAN:g})', r['inversions'], 0,
                       '<=', '', f"of {r['steps']} steps; Spearman mean {r['spearman_mean']:.3f}")
            c['pass'] = c['pass'] and r['spearman_mean'] >= MONOTONIC_SPEARMAN
            checks.append(c)
        for ch in CHANNELS:
            # "Changing mainly its own region": more than half of the output's change where the truth changes.
            loc = control[ch]['locality']
            checks.append(_check(f'{ch}: change mainly in its own region (share where the truth changes)',
                                 100 * loc['share_inside'], 50.0, '>', '%',
                                 f"that region is {100 * loc['region_area']:.0f} % of the image"))
    return checks


def _f(v, digits=2):
    if v is None:
        return '—'
    if isinstance(v, int):
        return str(v)
    if v != v:
        return 'n/a'
    if v in (float('inf'), float('-inf')):
        return '∞' if v > 0 else '−∞'
    return f'{v:.{digits}f}'


def _stat(s, digits=2):
    return f"{_f(s['mean'], digits)} ± {_f(s['std'], digits)}"


def previous_observations(path: str) -> Optional[str]:
    """The Observations section of an existing REPORT.md when a person has written it (else None)."""
    if not os.path.exists(path):
        return None
    with open(path, encoding='utf-8') as f:
        text = f.read()
    i = text.find(OBSERVATIONS)
    if i < 0:
        return None
    body = text[i + len(OBSERVATIONS):]
    j = re.search(r'^## ', body, re.M)
    body = (body[:j.start()] if j else body).strip()
    body = re.sub(r'^> Kept from the previous REPORT\.md.*\n+', '', body)
    if not body or PLACEHOLDER in body:
        return None
    return body


def write_report(out_dir: str, metrics: dict) -> str:
    path = os.path.join(out_dir, 'REPORT.md')
    kept = previous_observations(path)
    t, c, info = metrics['transfer'], metrics.get('control'), metrics['checkpoint']
    checks = metrics['floors']
    passed = sum(ch['pass'] for ch in checks)
    L = []
    add = L.append
    add('# rig-tiny evaluation report')
    add('')
    add('> **Generated** by `models/tools/evaluate.py` — do not edit by hand, except the Observations section '
        '(kept when the report is regenerated). Numbers are also in [`report/metrics.json`](report/metrics.json).')
    add('')
    where = 'the repository root' if metrics['cwd'] == '.' else f"`{metrics['cwd']}`"
    add(f"- Command: `{metrics['command']}` (run from {where})")
    add(f"- Date: {metrics['date']} · runtime {metrics['runtime_s']:.0f} s wall, {metrics['cpu_s']:.0f} s CPU, "
        f"{metrics['threads']} torch thread(s)")
    add(f"- Checkpoint: `{info['path']}`, training step **{info['step']}**, "
        f"{WEIGHTS[info.get('weights', 'ema')]}, sha256 "
        f"`{info['sha256'][:16]}…`, config `{json.dumps(info['config'])}`")
    seeds = metrics['identities']['seeds']
    add(f"- Held-out identities: **{len(seeds)}** (test split, seeds {seeds[0]}…{seeds[-1]} from "
        f"`package_rig_tiny.held_out_seeds`), {t['frames_per_identity']} sampled motions each; channel control on the "
        f"first {c['identities'] if c else 0}; resolution {info['config']['resolution']}²")
    add('')
    add(f'## Verdict: {passed} of {len(checks)} floors pass')
    add('')
    add('| check | measured | floor | result |')
    add('|---|---|---|---|')
    for ch in checks:
        v = ch['value']
        unit = f" {ch['unit']}" if ch['unit'] else ''
        detail = f" ({ch['detail']})" if ch['detail'] else ''
        add(f"| {ch['name']} | {_f(v)}{unit}{detail} | {ch['op'].replace('>=', '≥').replace('<=', '≤')} "
            f"{_f(ch['floor'])}{unit} | {'PASS' if ch['pass'] else '**FAIL**'} |")
    add('')
    add('## Transfer (whole image)')
    add('')
    add('Mean ± standard deviation over frames. PSNR on the [0, 1] scale; sharpness = mean gradient magnitude of '
        'ours / of the ground truth (1 = as sharp, < 1 blurred).')
    add('')
    add('| task | prediction | PSNR (dB) | SSIM | sharpness | frames |')
    add('|---|---|---|---|---|---|')
    rows = [('self-reconstruction', 'ours: decode(z_s + Q·α_d)', 'self'),
            ('self-reconstruction', 'no-motion baseline (the source)', 'self_no_motion'),
            ('self-reconstruction', 'perfect warp: the source through the true flow (information)',
             'self_perfect_warp'),
            ('cross-identity', 'ours, relative: α_s + (α_B,m − α_B,neutral)', 'cross_relative'),
            ('cross-identity', 'ours, absolute: α_B,m (information)', 'cross_absolute'),
            ('cross-identity', 'no-motion baseline (the source)', 'cross_no_motion'),
            ('cross-identity', 'perfect warp: the source through the true flow (information)',
             'cross_perfect_warp')]
    for task, pred, key in rows:
        w = t[key]['whole']
        add(f"| {task} | {pred} | {_stat(w['psnr'])} | {_stat(w['ssim'], 3)} | {_stat(w['sharpness'], 2)} | "
            f"{w['frames']} |")
    add('')
    add('## Crops (face, eyes, mouth)')
    add('')
    add('Regions per frame from the renderer\'s own geometry (`avatars.feature_boxes`: each eye with its brow, the '
        'mouth; face = their bounding box widened). Eye metrics pool both eye boxes.')
    add('')
    add('| task | prediction | region | PSNR (dB) | Δ vs whole | SSIM | sharpness | frames |')
    add('|---|---|---|---|---|---|---|---|')
    for task, pred, key in rows:
        if key == 'cross_absolute':
            continue
        for region in ('face', 'eyes', 'mouth'):
            r = t[key][region]
            add(f"| {task} | {pred.split(':')[0]} | {region} | {_stat(r['psnr'])} | "
                f"{_f(_gap(t[key], region), 2)} | {_stat(r['ssim'], 3)} | {_stat(r['sharpness'], 2)} | "
                f"{r['frames']} |")
    add('')
    add('Perfect warp: the source moved exactly where the renderer moves it (the true backward flow, read '
        'bilinearly as the decoder\'s warps read) and every pixel the source does not show taken from the ground '
        'truth (`evaluation/warp.py`). It is the ceiling of a model that carries the source\'s pixels: what it still '
        'misses (shading that changes with the pose, highlights, lid and iris edges finer than a pixel) no warp can '
        'recover. Its crop gaps show how much of each crop floor is beyond warping.')
    add('')
    if c:
        add('## Channel control')
        add('')
        add('Source = the identity\'s neutral render; α = α_src + Σ terms scale·value with the calibration of '
            '`training/targets.channel_map()` (as the SDK does); compared with ground-truth renders at the same '
            'parameter. The read-back value is found by matching the output against ground-truth renders of the '
            'same identity on a fine grid of the parameter (MSE minimum, parabolic refinement).')
        add('')
        add('| channel | sweep | read-back MAE | max error | bias | Spearman (mean / min) | inversions | at grid '
            'bound | change inside own region (region area) | response amplitude |')
        add('|---|---|---|---|---|---|---|---|---|---|')
        for ch in CHANNELS:
            r = c[ch]
            u = '°' if r['unit'] == 'deg' else ''
            g = r['estimation_grid']
            add(f"| {ch} | {r['values'][0]:g}…{r['values'][-1]:g}{u} ({len(r['values'])} values; grid "
                f"{g['start']:g}…{g['stop']:g} step {g['step']:g}) | {_f(r['mae'])}{u} | "
                f"{_f(r['max_abs_error'])}{u} | {_f(r['bias'])}{u} | {_f(r['spearman_mean'], 3)} / "
                f"{_f(r['spearman_min'], 3)} | {r['inversions']} of {r['steps']} | {r['at_bound']} of "
                f"{r['estimates']} | {_f(100 * r['locality']['share_inside'], 0)} % "
                f"({_f(100 * r['locality']['region_area'], 0)} %) | {_f(r['locality']['amplitude'], 2)} |")
        add('')
        add('Read-back per set value (mean estimate / mean abs error):')
        add('')
        for ch in CHANNELS:
            r = c[ch]
            cells = ', '.join(f"{p['value']:g}→{_f(p['mean_estimate'], 2 if r['unit'] == 'deg' else 2)} "
                              f"({_f(p['mae'], 2)})" for p in r['per_value'])
            add(f'- `{ch}`: {cells}')
        add('')
        failing = _failing_identities(c)
        if failing:
            add(f'Sweeps that are not monotonic, by identity (inversions, or Spearman < {MONOTONIC_SPEARMAN:g}; '
                'hair style and skin luminance of the identity, the worst first):')
            add('')
            for line in failing + ['']:
                add(line)
        add('"Change inside own region": share of the output\'s change (summed over the sweep, relative to the '
            'channel\'s neutral value) that falls where the ground truth changes; the region\'s share of the image is '
            'what an unlocalised change would score. "Response amplitude": the output\'s change inside that region / '
            'the ground truth\'s (1 = as strong, 0 = the channel does nothing).')
        add('')
    w = metrics.get('warp')
    if w:
        add('## Warp under the channels (information)')
        add('')
        add(f"Each of the {w['identities']} neutral sources moved through the channel path; the decoder's finest warp "
            '(relative to the source) against the true backward flow on the pixels where it can be trusted '
            '(`evaluation/warp.py`). Gain: ⟨warp, truth⟩ / ⟨truth, truth⟩ (1 = moves the source as far as the truth '
            'does, 0 = not at all); errors: mean L1 per component in grid units, of the warp and of no warp, and in '
            'pixels on the eyes and mouth alone (lids, brows, lips and jaw: `feature_pixels`). Eyes and mouth: the '
            'same outputs\' crops against the ground-truth render (PSNR in dB, sharpness as in the transfer tables); '
            'under the pose channels the source\'s eyes and mouth should simply come along.')
        add('')
        add('| channel | value | gain | error | error of no warp | eyes and mouth: error (px) | of no warp (px) | '
            'eyes PSNR | eyes sharpness | mouth PSNR | mouth sharpness |')
        add('|---|---|---|---|---|---|---|---|---|---|---|')
        for ch, r in w.items():
            if ch == 'identities':
                continue
            u = '°' if r['unit'] == 'deg' else ''
            for row in r['per_value']:
                add(f"| `{ch}` | {row['value']:g}{u} | {_f(row['gain'], 2)} | {_f(row['error'], 4)} | "
                    f"{_f(row['error_no_warp'], 4)} | {_f(row['feature_error_px'], 2)} | "
                    f"{_f(row['feature_error_no_warp_px'], 2)} | {_f(row['eyes_psnr'], 2)} | "
                    f"{_f(row['eyes_sharpness'], 2)} | {_f(row['mouth_psnr'], 2)} | {_f(row['mouth_sharpness'], 2)} |")
        add('')
    add('## Encoder read-back of the tied directions (information)')
    add('')
    add('On every held-out frame (neutral sources and sampled motions): α[i]·divisor vs the rendered parameter. '
        'Gains: a least-squares fit of α_driving − α_source on the parameters, in calibrated steps (1/divisor): the '
        'named direction\'s slope (1 = calibrated) and the norm of the free directions\' slopes, the motion a channel '
        'leaves out since it sets only its named direction (0 = none).')
    add('')
    add('| parameter | Pearson r | mean abs error | named gain | free gain |')
    add('|---|---|---|---|---|')
    for name, v in t['encoder_readback'].items():
        add(f"| {name} | {_f(v['pearson'], 3)} | {_f(v['mae'], 3)} | {_f(v.get('named_gain'), 2)} | "
            f"{_f(v.get('free_gain'), 2)} |")
    add('')
    add('## Grids')
    add('')
    add(f"- [Self-reconstruction](report/{t['grids']['self']}): source | driving | ours | ground truth | error ×4")
    add(f"- [Cross-identity](report/{t['grids']['cross']}): source | driving identity's neutral frame | driving "
        'frame | ours (relative) | ground truth (source identity in the driving motion) | ours (absolute) | '
        'error of relative ×4')
    add(f"- [Eye and mouth crops](report/{t['grids']['crops']}): ours vs truth, enlarged (first rows self, then cross)")
    if c:
        for ch, name in c['grids'].items():
            zoom = {'mouth.open': ', enlarged ×2 around the mouth', 'eyes.blink': ', enlarged ×2 around the eyes'}
            add(f'- [`{ch}` sweep](report/{name}): ours above, ground truth beneath, per identity'
                f"{zoom.get(ch, '')}")
    add('')
    add('(A grid that would exceed 300 KB in full colour is stored with a 256-colour palette.)')
    add('')
    add(OBSERVATIONS)
    add('')
    if kept:
        add(f"> Kept from the previous REPORT.md: check that it still holds for step {info['step']}.")
        add('')
        add(kept)
    else:
        add(PLACEHOLDER)
    add('')
    add('## Method')
    add('')
    add('- Identities: test-split seeds (`avatars.split_of`), never trained on. Motions: `avatars.sample_motion` '
        'seeded per identity with `[seed, 0xE7A1]` (the training distribution: yaw ±35°, pitch ±25°, roll ±20°, '
        'expressions). Everything is seeded: the same command gives the same numbers.')
    add('- Self-reconstruction: source = the identity\'s neutral render, driving = the same identity in a sampled '
        'motion; ours = decode(z_s + Q·α_d, feats_s); truth = the driving frame.')
    add('- Cross-identity: identity A is driven by identity B (the next seed in the list) in B\'s motion m. Relative '
        '(the SDK default, as in LIA-X): α = α_s + (α_B,m − α_B,neutral); absolute (information): α = α_B,m. Truth '
        '= A rendered in m. No-motion baseline: predicting the source image itself.')
    add('- Frames are compared as the SDK shows them (clamped to [−1, 1], rounded to 8 bits). PSNR per frame, then '
        'the mean; SSIM: Gaussian 11×11 window, σ 1.5, per colour channel (Wang et al. 2004); sharpness: mean '
        'gradient magnitude of the luma, ours / truth.')
    add('- Floors are the project\'s targets (issue). Crop floor: the eye and mouth crop PSNR must be within 3 dB of '
        'the whole-image PSNR of the same task (a relative floor: an image that is equally bad everywhere passes it, '
        'so read it beside the absolute figures; the no-motion baseline scores '
        f"{_f(_gap(t['self_no_motion'], 'eyes'))} dB on the eyes and {_f(_gap(t['self_no_motion'], 'mouth'))} dB on "
        'the mouth). '
        'Monotonic: no step of a sweep whose read-back drops by more than '
        'half an estimation-grid step, and the mean Spearman correlation of read-back vs set value is at least '
        f'{MONOTONIC_SPEARMAN:g} (a sweep that does not move has no inversions either). head.pitch is swept over '
        'its channel range ±25° (the SDK clamps there), head.yaw over ±30°. Own region: more than half of the '
        'output\'s change over the sweep falls where the ground truth changes (per identity, then the mean; the '
        'SDK\'s default-model test checks the same idea on a sample portrait with the renderer\'s mouth and eye '
        'boxes).')
    add('')
    with open(path + '.tmp', 'w', encoding='utf-8') as f:
        f.write('\n'.join(L))
    os.replace(path + '.tmp', path)
    return path


def write_metrics(report_dir: str, metrics: dict) -> str:
    path = os.path.join(report_dir, 'metrics.json')

    def clean(o):
        if isinstance(o, float):
            if o != o:
                return None
            if o in (float('inf'), float('-inf')):
                return 'inf' if o > 0 else '-inf'
            return round(o, 6)
        if isinstance(o, dict):
            return {k: clean(v) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            return [clean(v) for v in o]
        return o

    with open(path + '.tmp', 'w', encoding='utf-8') as f:
        json.dump(clean(metrics), f, indent=1, ensure_ascii=False)
        f.write('\n')
    os.replace(path + '.tmp', path)
    return path
