#!/usr/bin/env python3
"""Write a slim, committable copy of a training checkpoint: generator weights (fp32) and EMA weights (fp16), no
optimizer state. `train.py --resume-from <slim>` continues from it on a machine that lacks the run folder.

    /usr/bin/python3 models/tools/slim_checkpoint.py models/runs/rig-tiny-128/checkpoint.pt models/checkpoints/rig-tiny-128.pt
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from portrait_rig_tools.checkpoint import load_checkpoint  # noqa: E402


def main(src, dst):
    state = load_checkpoint(src)
    slim = {'gen': state['gen'], 'ema': {k: v.half() if v.is_floating_point() else v for k, v in state['ema'].items()},
            'step': state['step'], 'config': state['config']}
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    tmp = dst + '.tmp'
    torch.save(slim, tmp)
    os.replace(tmp, dst)
    print(f'{dst}: step {state["step"]}, {os.path.getsize(dst) / 1e6:.1f} MB')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
