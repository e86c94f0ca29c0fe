#!/usr/bin/env python3
"""Package a rig-tiny training run as the bundled model folder (models/rig-tiny).

    /usr/bin/python3 models/tools/package_rig_tiny.py --run models/runs/rig-tiny-128 --out models/rig-tiny

Exports the run's EMA weights (or with --weights gen the generator's own) to ONNX with the calibrated channel map
(training/targets.py), renders sample portraits of held-out (test-split) identities, copies the shared photograph, and
writes the folder's provenance notes. The model card's quality section comes from models/tools/evaluate.py
(REPORT.md).
"""
import argparse
import contextlib
import dataclasses
import json
import os
import re
import shutil
import sys
import tempfile

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from avatars import feature_boxes, neutral, render, sample_identity, split_of  # noqa: E402
from evaluation.model import WEIGHTS, checkpoint_weights  # noqa: E402
from evaluation.regions import change_mask  # noqa: E402
from evaluation.suites import SWEEPS  # noqa: E402
from portrait_rig_tools.checkpoint import load_checkpoint  # noqa: E402
from portrait_rig_tools.export import export_model  # noqa: E402
from train import build_generator  # noqa: E402
from training.targets import channel_map  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PHOTO = os.path.join(REPO, '..', 'shared', 'data', 'astronaut-portrait.png')
SAMPLE_IDENTITIES = 4
# The local channels whose region the SDK's default-model test checks, and the value it sets. Their own region is the
# feature's box plus wherever the renderer itself changes the frame at that value (an opening mouth also moves the jaw
# and chin, outside the mouth's box).
LOCAL_CHANNEL_TESTS = {'mouth.open': 0.9, 'eyes.blink': 1.0}


def held_out_seeds(count: int, start: int = 1_000_000):
    """The first `count` identity seeds at or after `start` that belong to the test split."""
    seeds, s = [], start
    while len(seeds) < count:
        if split_of(s) == 'test':
            seeds.append(s)
        s += 1
    return seeds


# Written by hand or by evaluate.py, not by the export: they must survive re-packaging.
HAND_WRITTEN = ('MODEL_CARD.md', 'REPORT.md', 'report')


@contextlib.contextmanager
def kept_aside(folder: str, names=HAND_WRITTEN):
    """Moves `names` out of `folder` (to a temporary folder elsewhere) while the block replaces `folder`, then puts
    them back, also when the block fails."""
    stash = tempfile.mkdtemp(prefix='rig-tiny-keep-')
    kept = []
    try:
        for name in names:
            path = os.path.join(folder, name)
            if os.path.exists(path):
                shutil.move(path, os.path.join(stash, name))
                kept.append(name)
        yield
    finally:
        os.makedirs(folder, exist_ok=True)
        for name in kept:
            shutil.move(os.path.join(stash, name), os.path.join(folder, name))
        os.rmdir(stash)


def _json_flat_lists(obj) -> str:
    """Indented JSON with each innermost list (a box, a span) on one line."""
    text = json.dumps(obj, indent=1)
    one_line = lambda m: '[' + ', '.join(v.strip() for v in m.group(1).split(',')) + ']'  # noqa: E731
    return re.sub(r'\[([^\[\]{}"]*)\]', one_line, text) + '\n'


def change_spans(identity, resolution: int):
    """Per local channel of LOCAL_CHANNEL_TESTS: its test value and the pixels where the renderer's frame at that value
    differs from the neutral one (evaluation/regions.change_mask, the report's own-region definition), as row spans
    [y, x0, x1)."""
    fields_of = {sweep.channel: sweep.fields for sweep in SWEEPS}  # the renderer's fields each channel drives
    rest = render(identity, neutral(), resolution)
    changes = {}
    for channel, value in LOCAL_CHANNEL_TESTS.items():
        fields = fields_of[channel]
        moved = render(identity, dataclasses.replace(neutral(), **{f: value for f in fields}), resolution)
        mask = change_mask([moved], rest)
        spans = []
        for y, row in enumerate(mask):
            edges = np.flatnonzero(np.diff(np.concatenate([[0], row.astype(np.int8), [0]])))
            spans += [[y, int(x0), int(x1)] for x0, x1 in zip(edges[::2], edges[1::2])]
        changes[channel] = {'value': value, 'spans': spans}
    return changes


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True, help='training run folder with checkpoint.pt')
    ap.add_argument('--out', default=os.path.join(REPO, 'models', 'rig-tiny'))
    ap.add_argument('--weights', choices=sorted(WEIGHTS), default='ema',
                    help="which weights to export: ema (default) or gen, the generator's own; use what evaluate.py "
                    'was given')
    args = ap.parse_args(argv)

    path = os.path.join(args.run, 'checkpoint.pt')
    state = load_checkpoint(path)
    chosen = checkpoint_weights(state, path, args.weights)
    config, step = state['config'], state['step']
    gen = build_generator(config)
    gen.load_state_dict(chosen)  # float16 EMA tensors are copied into the float32 parameters
    with kept_aside(args.out):
        export_model(gen, args.out, model_id='rig-tiny', name='PortraitRig tiny default model', family='rig',
                     channels=channel_map(), direction_groups={'default': 'expression', 'overrides': {}},
                     provenance={'source': 'models/tools/train.py', 'trainingSteps': step, 'weights': args.weights,
                                 'config': config,
                                 'data': 'procedural avatars (models/tools/avatars), train split'},
                     precision='float16-weights', overwrite=True)

    samples = os.path.join(args.out, 'samples')
    os.makedirs(samples, exist_ok=True)
    regions, changes = {}, {}
    for i, seed in enumerate(held_out_seeds(SAMPLE_IDENTITIES)):
        identity = sample_identity(seed)
        img = render(identity, neutral(), config['resolution'])
        Image.fromarray(img).save(os.path.join(samples, f'avatar-{i + 1}.png'), optimize=True)
        regions[f'avatar-{i + 1}.png'] = {k: list(v) for k, v in
                                          feature_boxes(identity, neutral(), config['resolution']).items()}
        changes[f'avatar-{i + 1}.png'] = change_spans(identity, config['resolution'])
    with open(os.path.join(samples, 'regions.json'), 'w') as f:
        f.write(_json_flat_lists({
            'description': 'pixel boxes [x0, y0, x1, y1) of each eye (with its brow) and the mouth in the avatar '
            'samples, from the renderer\'s geometry (avatars.feature_boxes); changes: per local channel, the value the '
            'tests set and the pixels where the renderer\'s own frame at that value differs from the neutral one (more '
            'than 8 levels in a colour, grown by 2 px), as row spans [y, x0, x1)',
            'boxes': regions, 'changes': changes}))
    if os.path.exists(PHOTO):
        shutil.copyfile(PHOTO, os.path.join(samples, 'astronaut-portrait.png'))
    with open(os.path.join(samples, 'SOURCES.md'), 'w') as f:
        f.write('# Sample portraits\n\n'
                '- `avatar-*.png`: held-out (test-split) procedural avatars rendered by `models/tools/avatars` '
                f'(identity seeds {", ".join(map(str, held_out_seeds(SAMPLE_IDENTITIES)))}, neutral pose). '
                'Generated by this project; MIT.\n'
                '- `regions.json`: the eye and mouth boxes of those avatars, and where the same renderer changes them '
                'under `mouth.open` and `eyes.blink` (the tests check that a channel changes mainly its own region). '
                'Generated by this project; MIT.\n'
                '- `astronaut-portrait.png`: a NASA astronaut portrait photograph, public domain (NASA imagery is '
                'not copyrighted). Photographs are outside rig-tiny\'s training domain: it is here to show that, '
                'and for converted LIA / LIA-X models.\n')
    print(json.dumps({'out': args.out, 'step': step, 'config': config}))


if __name__ == '__main__':
    main()
