#!/usr/bin/env python3
"""Render a driving video of a procedural avatar with its exact motion parameters (ground truth for motion capture).

    /usr/bin/python3 models/tools/make_driving_video.py --out test/fixtures/driving/talk-128.mp4 --seconds 4
    /usr/bin/python3 models/tools/make_driving_video.py --out sweep.mp4 --motion sweep
    /usr/bin/python3 models/tools/make_driving_video.py --out still.mkv --motion still --codec ffv1
    /usr/bin/python3 models/tools/make_driving_video.py --out source.png --motion neutral --frames 1 --identity 1000164

Writes the video through ffmpeg (the extension picks the container; `.y4m` works for Chromium's fake camera, `.png` writes the first frame only) and,
beside it, `<name>.params.json`: the parameters of every frame in avatars.MOTION_FIELDS order and units (degrees,
amounts), which SDK channel each field is tied to in rig-tiny (training/targets.py), the identity and the seeds.

Motions: `talk` (avatars.motion_sequence: drifting pose, syllables, blinks, gaze saccades), `sweep` (each field in turn
goes neutral → high → low → neutral over `--sweep-seconds`, the others neutral: every channel gets its full range),
`still` (the first frame of `talk`, repeated), `neutral` (all zeros). The identity defaults to a held-out (test-split)
seed, so a trained rig-tiny has never seen it.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from avatars import (MOTION_FIELDS, MOTION_RANGES, RENDERER_VERSION, MotionParams, motion_sequence,  # noqa: E402
                     neutral, render, sample_identity, split_of)
from training.targets import TIED_DIRECTIONS  # noqa: E402

FORMAT = 'portrait-rig-driving-params'


def held_out_seed(start: int = 1_000_000) -> int:
    """The first test-split identity seed at or after `start`."""
    seed = start
    while split_of(seed) != 'test':
        seed += 1
    return seed


def sweep_motion(n_frames: int, fps: float, seconds_per_field: float) -> list:
    """Each field in turn: neutral → high → low → neutral (a sine period), the others at neutral."""
    per = max(2, int(round(seconds_per_field * fps)))
    out = []
    for i in range(n_frames):
        field = (i // per) % len(MOTION_FIELDS)
        phase = (i % per) / per
        low, high = MOTION_RANGES[field]
        s = np.sin(2 * np.pi * phase)
        value = s * high if s >= 0 else -s * low
        a = np.zeros(len(MOTION_FIELDS), np.float32)
        a[field] = 0.9 * value
        out.append(MotionParams.from_array(a))
    return out


def motions_for(kind: str, n_frames: int, fps: float, seed: int, sweep_seconds: float) -> list:
    if kind == 'talk':
        return motion_sequence(seed, n_frames, fps)
    if kind == 'still':
        first = motion_sequence(seed, 1, fps)[0]
        return [first] * n_frames
    if kind == 'neutral':
        return [neutral()] * n_frames
    if kind == 'sweep':
        return sweep_motion(n_frames, fps, sweep_seconds)
    raise SystemExit(f'unknown --motion {kind!r}: use talk, sweep, still or neutral')


def ffmpeg_args(ffmpeg: str, size: int, fps: float, codec: str, crf: int, out: str) -> list:
    args = [ffmpeg, '-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24',
            '-s', f'{size}x{size}', '-framerate', str(fps), '-i', 'pipe:0', '-an']
    if out.lower().endswith('.y4m'):
        args += ['-pix_fmt', 'yuv420p']
    elif out.lower().endswith('.png'):
        args += ['-frames:v', '1', '-update', '1']
    elif codec == 'libx264':
        args += ['-c:v', 'libx264', '-preset', 'slow', '-crf', str(crf), '-pix_fmt', 'yuv420p', '-movflags', '+faststart']
    elif codec == 'ffv1':
        args += ['-c:v', 'ffv1', '-pix_fmt', 'bgr0']
    else:
        args += ['-c:v', codec]
    return args + [out]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', required=True, help='video path (.mp4, .mkv, .webm, .y4m …)')
    ap.add_argument('--params', help='ground-truth JSON (default: <out without extension>.params.json)')
    ap.add_argument('--motion', default='talk', choices=['talk', 'sweep', 'still', 'neutral'])
    ap.add_argument('--identity', type=int, default=None, help='identity seed (default: the first held-out test seed)')
    ap.add_argument('--motion-seed', type=int, default=0)
    ap.add_argument('--seconds', type=float, default=4.0)
    ap.add_argument('--frames', type=int, default=None, help='frame count (overrides --seconds)')
    ap.add_argument('--fps', type=float, default=25.0)
    ap.add_argument('--size', type=int, default=128)
    ap.add_argument('--ss', type=int, default=2, help='supersampling of the renderer')
    ap.add_argument('--sweep-seconds', type=float, default=0.5, help='seconds per field for --motion sweep')
    ap.add_argument('--codec', default='libx264', help='libx264 (default), ffv1 (lossless, .mkv) or any ffmpeg encoder')
    ap.add_argument('--crf', type=int, default=14)
    args = ap.parse_args(argv)

    ffmpeg = os.environ.get('PORTRAIT_RIG_FFMPEG') or shutil.which('ffmpeg')
    if not ffmpeg:
        raise SystemExit('ffmpeg was not found: install it (apt install ffmpeg) or set PORTRAIT_RIG_FFMPEG')
    n_frames = args.frames if args.frames is not None else int(round(args.seconds * args.fps))
    if n_frames < 1:
        raise SystemExit('the video needs at least one frame')
    identity_seed = args.identity if args.identity is not None else held_out_seed()
    identity = sample_identity(identity_seed)
    motions = motions_for(args.motion, n_frames, args.fps, args.motion_seed, args.sweep_seconds)

    out = os.path.abspath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    stem, ext = os.path.splitext(out)
    temp = f'{stem}.partial{ext}'
    proc = subprocess.Popen(ffmpeg_args(ffmpeg, args.size, args.fps, args.codec, args.crf, temp), stdin=subprocess.PIPE)
    try:
        for mp in motions:
            proc.stdin.write(np.ascontiguousarray(render(identity, mp, args.size, args.ss)).tobytes())
        proc.stdin.close()
        if proc.wait() != 0:
            raise SystemExit(f'ffmpeg failed writing {out}')
        os.replace(temp, out)
    finally:
        if proc.poll() is None:
            proc.kill()
        if os.path.exists(temp):
            os.remove(temp)

    params_path = args.params or f'{stem}.params.json'
    tied = {t.field: t.channel for t in TIED_DIRECTIONS}
    doc = {
        'format': FORMAT, 'version': 1,
        'video': os.path.relpath(out, os.path.dirname(os.path.abspath(params_path))),
        'fps': args.fps, 'size': args.size, 'frames': n_frames, 'motion': args.motion,
        'identitySeed': identity_seed, 'identitySplit': split_of(identity_seed), 'motionSeed': args.motion_seed,
        'rendererVersion': RENDERER_VERSION,
        'fields': list(MOTION_FIELDS), 'ranges': [list(r) for r in MOTION_RANGES],
        'units': ['degrees' if f in ('yaw', 'pitch', 'roll') else 'amount' for f in MOTION_FIELDS],
        'channels': {f: tied.get(f) for f in MOTION_FIELDS},
        'params': [[round(float(v), 5) for v in mp.to_array()] for mp in motions],
    }
    with open(params_path, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')
    print(json.dumps({'video': out, 'params': params_path, 'frames': n_frames, 'identity': identity_seed}))


if __name__ == '__main__':
    main()
