#!/usr/bin/env python3
"""Evaluate a rig-tiny training run on held-out procedural avatars against ground-truth renders.

    /usr/bin/python3 models/tools/evaluate.py --run models/runs/rig-tiny-128 --out models/rig-tiny
    /usr/bin/python3 models/tools/evaluate.py --run models/checkpoints/rig-tiny-128.pt   # the shipped weights

Uses the run's EMA weights, or with `--weights gen` the generator's own (checkpoint.pt, or the checkpoint file given),
on test-split identities (package_rig_tiny.held_out_seeds) and writes `<out>/REPORT.md` (tables with the project's
floors and PASS/FAIL, links to the grids) and `<out>/report/`: PNG grids and `metrics.json`. Measures
self-reconstruction, cross-identity transfer (relative, as the SDK does, and absolute), the same on face / eye / mouth
crops with a sharpness ratio, and channel control through the SDK's calibration (head.yaw, head.pitch, mouth.open,
eyes.blink read back from the output by matching ground-truth renders).
For information: the same frames from a perfect warp of the source (the warp family's ceiling), where the encoder puts
each parameter (its named direction or the free ones) and how far the decoder's warp moves the source under the pose
channels, mouth.open and eyes.blink against the true correspondence (on the whole image and on the eyes and mouth
alone), and the eye and mouth crops of those outputs (evaluation/warp.py).
Deterministic (everything seeded). A person writes the report's Observations section after looking at the grids;
re-running keeps it.
"""
import argparse
import datetime
import json
import os
import shlex
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from avatars import sample_identity  # noqa: E402
from evaluation import model as M  # noqa: E402
from evaluation.report import floor_checks, write_metrics, write_report  # noqa: E402
from evaluation.suites import control_suite, transfer_suite  # noqa: E402
from evaluation.warp import warp_suite  # noqa: E402
from package_rig_tiny import held_out_seeds  # noqa: E402
from training.targets import channel_map  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--run', required=True,
                   help='training run folder with checkpoint.pt (train.py), or a checkpoint file (slim ones too)')
    p.add_argument('--out', default=os.path.join(REPO, 'models', 'rig-tiny'),
                   help='folder for REPORT.md and report/ (default: models/rig-tiny)')
    p.add_argument('--weights', choices=sorted(M.WEIGHTS), default='ema',
                   help="which weights of the checkpoint: ema (default) or gen, the generator's own (after a short "
                   'fine-tune the EMA still holds much of the weights the run started from)')
    p.add_argument('--identities', type=int, default=50, help='held-out identities (at least 50 for the report)')
    p.add_argument('--frames', type=int, default=4, help='sampled motions per identity')
    p.add_argument('--control-identities', type=int, default=50,
                   help='identities for the channel sweeps (each needs ~200 ground-truth renders); the issue asks for '
                   'at least 50 held-out identities, and on 20 one flat mouth sweep moves the mean Spearman by 0.05')
    p.add_argument('--grid-rows', type=int, default=4, help='rows of the self / cross grids')
    p.add_argument('--grid-identities', type=int, default=2, help='identities shown in each sweep grid')
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--threads', type=int, default=1)
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    started, cpu_started = time.time(), time.process_time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.identities < 2:
        raise SystemExit('--identities must be at least 2 (cross-identity transfer pairs them)')

    def log(msg):
        print(f'[{time.time() - started:6.1f} s] {msg}', file=sys.stderr, flush=True)

    gen, info = M.load_run(args.run, args.weights)
    size = info['config']['resolution']
    log(f"loaded {info['path']} (step {info['step']}, config {info['config']})")
    report_dir = os.path.join(args.out, 'report')
    os.makedirs(report_dir, exist_ok=True)
    seeds = held_out_seeds(args.identities)
    identities = [sample_identity(s) for s in seeds]

    transfer, data = transfer_suite(gen, seeds, identities, args.frames, size, args.batch, report_dir,
                                    args.grid_rows, log)
    control = None
    if args.control_identities > 0:
        control = control_suite(gen, data, args.control_identities, channel_map(), size, args.batch, report_dir,
                                args.grid_identities, log)
    warp = warp_suite(gen, identities, data.source, channel_map(), size)
    gains = [f"{channel} {r['gain_mean']:.2f} (eyes {np.mean([v['eyes_psnr'] for v in r['per_value']]):.2f} dB)"
             for channel, r in warp.items() if channel != 'identities']
    log(f"warp: mean gain {', '.join(gains) or 'n/a (no image skip)'}")
    metrics = {
        'generated_by': 'models/tools/evaluate.py',
        'command': shlex.join([sys.executable] + sys.argv if argv is None else [sys.executable, 'evaluate.py'] + argv),
        'cwd': os.path.relpath(os.getcwd(), REPO) if os.getcwd().startswith(REPO) else os.getcwd(),
        'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
        'threads': args.threads,
        'checkpoint': {**info, 'path': os.path.relpath(info['path'], REPO)
                       if os.path.abspath(info['path']).startswith(REPO) else info['path']},
        'identities': {'count': len(seeds), 'seeds': seeds, 'split': 'test'},
        'settings': {k: getattr(args, k) for k in ('frames', 'control_identities', 'grid_rows', 'grid_identities',
                                                  'batch')},
        'floors': floor_checks(transfer, control),
        'transfer': transfer,
        'control': control,
        'warp': warp,
    }
    metrics['runtime_s'] = time.time() - started
    metrics['cpu_s'] = time.process_time() - cpu_started
    write_metrics(report_dir, metrics)
    path = write_report(args.out, metrics)
    passed = sum(c['pass'] for c in metrics['floors'])
    log(f'wrote {path} and {report_dir}/ ({passed} of {len(metrics["floors"])} floors pass)')
    for c in metrics['floors']:
        print(f"{'PASS' if c['pass'] else 'FAIL'}  {c['name']}: {c['value']:.3f} {c['unit']} "
              f"({c['op']} {c['floor']})")
    print(json.dumps({'report': path, 'step': info['step'], 'passed': passed, 'floors': len(metrics['floors']),
                      'runtime_s': round(metrics['runtime_s'], 1), 'cpu_s': round(metrics['cpu_s'], 1)}))
    return metrics


if __name__ == '__main__':
    main()
