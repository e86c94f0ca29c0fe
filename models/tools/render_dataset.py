#!/usr/bin/env python3
"""Pre-render avatar frames into resumable .npy shards, split by identity.

  /usr/bin/python3 models/tools/render_dataset.py --out models/data/avatars-128 --size 128 \
      --identities 2000 --frames-per-identity 16 --seed 0 --workers 2
  /usr/bin/python3 models/tools/render_dataset.py --preview preview.png --size 128
  /usr/bin/python3 models/tools/render_dataset.py --geometry models/data/avatars-128 --workers 2
  /usr/bin/python3 models/tools/render_dataset.py --out models/data/avatars-128-factored --motion factored \
      --identities 2000 --frames-per-identity 16 --seed 0 --workers 2

Identity seeds are seed .. seed+identities-1; each goes to split_of(seed).
Per split, identities are chunked into shards of --shard-identities:
  <split>-<k>.images.npy  uint8 (N, H, W, 3)
  <split>-<k>.params.npy  float32 (N, len(MOTION_FIELDS))   (exact motion parameters)
  <split>-<k>.ids.npy     int64 (N,)                        (identity seed of each frame)
Frame 0 of every identity is neutral(), the rest are sample_motion() draws, or with --motion factored
sample_factored_motion() draws (whole groups of the face left at rest, as SDK channels leave them; a second data set
for the same identities, which train.py takes as another --data).
Existing shards are skipped, so an interrupted run resumes where it stopped.

--geometry adds to every shard of an existing data set what each pixel centre sees (`render_geometry`), from which
training computes the true correspondence between two frames (`training/correspondence.py`):
  <split>-<k>.depth.npy   float16 (N, H, W)   world z of the nearest surface, -inf on the background
  <split>-<k>.part.npy    uint8 (N, H, W)     avatars.render PART_* code (how that surface moves)
"""
import argparse
import glob
import json
import os
import sys
import time
from multiprocessing import Pool

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from avatars import (MOTION_FIELDS, MOTION_RANGES, RENDERER_VERSION, MotionParams,  # noqa: E402
                     neutral, render, sample_factored_motion, sample_identity, sample_motion, split_of)
from avatars.render import render_geometry  # noqa: E402


def frame_motion(identity_seed: int, frame: int, motion: str = "full") -> MotionParams:
    if frame == 0:
        return neutral()
    if motion == "factored":  # its own stream: not the full data set's frames with groups zeroed
        return sample_factored_motion(np.random.default_rng([identity_seed, 0xFAC7, frame]))
    return sample_motion(np.random.default_rng([identity_seed, 0xF4A3E, frame]))


def _render_shard(task):
    out, name, seeds, frames, size, ss, motion = task
    imgs = np.empty((len(seeds) * frames, size, size, 3), np.uint8)
    params = np.empty((len(seeds) * frames, len(MOTION_FIELDS)), np.float32)
    ids = np.repeat(np.asarray(seeds, np.int64), frames)
    for i, s in enumerate(seeds):
        idn = sample_identity(s)
        for f in range(frames):
            mp = frame_motion(s, f, motion)
            imgs[i * frames + f] = render(idn, mp, size, ss)
            params[i * frames + f] = mp.to_array()
    # write to temporaries, rename the images file last: its presence marks a complete shard
    for suffix, arr in (("params", params), ("ids", ids), ("images", imgs)):
        tmp = os.path.join(out, f".{name}.{suffix}.tmp.npy")
        np.save(tmp, arr)
        os.replace(tmp, os.path.join(out, f"{name}.{suffix}.npy"))
    return name, len(ids)


def _render_geometry_shard(task):
    root, name = task
    ids = np.load(os.path.join(root, f"{name}.ids.npy"))
    params = np.load(os.path.join(root, f"{name}.params.npy"))
    size = np.load(os.path.join(root, f"{name}.images.npy"), mmap_mode="r").shape[1]
    depth = np.empty((len(ids), size, size), np.float16)
    part = np.empty((len(ids), size, size), np.uint8)
    identity = None
    for i, (seed, p) in enumerate(zip(ids, params)):
        if identity is None or identity.seed != int(seed):
            identity = sample_identity(int(seed))
        depth[i], part[i] = render_geometry(identity, MotionParams.from_array(p), size)
    for suffix, arr in (("part", part), ("depth", depth)):  # depth last: its presence marks a complete shard
        tmp = os.path.join(root, f".{name}.{suffix}.tmp.npy")
        np.save(tmp, arr)
        os.replace(tmp, os.path.join(root, f"{name}.{suffix}.npy"))
    return name, len(ids)


def build_geometry(root: str, workers: int):
    names = sorted(os.path.basename(f)[:-len(".images.npy")] for f in glob.glob(os.path.join(root, "*.images.npy")))
    if not names:
        sys.exit(f"{root} holds no shards: render the data set first")
    tasks = [(root, n) for n in names if not os.path.exists(os.path.join(root, f"{n}.depth.npy"))]
    print(f"geometry for {len(tasks)} of {len(names)} shards", flush=True)
    t0 = time.time()
    with Pool(workers) as pool:
        for name, n in pool.imap_unordered(_render_geometry_shard, tasks):
            print(f"{name}: {n} frames, {time.time() - t0:.0f}s elapsed", flush=True)


def build(args):
    os.makedirs(args.out, exist_ok=True)
    seeds = range(args.seed, args.seed + args.identities)
    by_split = {"train": [], "val": [], "test": []}
    for s in seeds:
        by_split[split_of(s)].append(s)
    config = {"size": args.size, "ss": args.ss, "seed": args.seed, "identities": args.identities,
              "frames_per_identity": args.frames_per_identity, "shard_identities": args.shard_identities,
              "renderer_version": RENDERER_VERSION}
    if args.motion != "full":  # data sets rendered before the option keep their configuration
        config["motion"] = args.motion
    man_path = os.path.join(args.out, "manifest.json")
    if os.path.exists(man_path):
        old = json.load(open(man_path))["config"]
        if old != config:
            sys.exit(f"{args.out} holds a different configuration {old}; use another --out")
    tasks, shards = [], []
    k = args.shard_identities
    for split, ss in by_split.items():
        for j in range(0, len(ss), k):
            name = f"{split}-{j // k:05d}"
            chunk = ss[j:j + k]
            shards.append({"name": name, "split": split, "frames": len(chunk) * args.frames_per_identity,
                           "identity_seeds": [chunk[0], chunk[-1]] if chunk else []})
            if not os.path.exists(os.path.join(args.out, f"{name}.images.npy")):
                tasks.append((args.out, name, chunk, args.frames_per_identity, args.size, args.ss, args.motion))
    manifest = {"config": config, "fields": list(MOTION_FIELDS), "ranges": [list(r) for r in MOTION_RANGES],
                "splits": {s: len(v) for s, v in by_split.items()}, "shards": shards,
                "layout": "<name>.images.npy uint8 (N,H,W,3); <name>.params.npy float32 (N,F); "
                          "<name>.ids.npy int64 identity seed; frame 0 of each identity is neutral"}
    with open(man_path, "w") as f:
        json.dump(manifest, f, indent=1)
    total = sum(t[3] * len(t[2]) for t in tasks)
    print(f"{len(shards)} shards ({len(shards) - len(tasks)} already done), {total} frames to render", flush=True)
    t0, done = time.time(), 0
    with Pool(args.workers) as pool:
        for name, n in pool.imap_unordered(_render_shard, tasks):
            done += n
            el = time.time() - t0
            eta = el / done * (total - done)
            print(f"{name}: {done}/{total} frames, {el:.0f}s elapsed, ETA {eta:.0f}s", flush=True)


def preview(path, size, seed):
    """Grid: random identities x random motions, then one sweep row per motion field."""
    from PIL import Image, ImageDraw
    cols, label_w = 8, 90
    rows, labels = [], []
    rng = np.random.default_rng(seed)
    for r in range(6):
        idn = sample_identity(seed + r)
        rows.append([render(idn, neutral() if c == 0 else sample_motion(rng), size) for c in range(cols)])
        labels.append(f"id {seed + r}\n{idn.hair_style}\n{split_of(seed + r)}")
    sweep_seed = next(i for i in range(seed + 6, seed + 100)  # a well-lit face for eyeballing
                      if np.dot(sample_identity(i).skin, (0.3, 0.59, 0.11)) > 0.5)
    idn = sample_identity(sweep_seed)
    for field, (lo, hi) in zip(MOTION_FIELDS, MOTION_RANGES):
        vals = np.linspace(lo, hi, cols)
        rows.append([render(idn, neutral().replace(**{field: float(v)}), size) for v in vals])
        labels.append(f"{field}\n{lo:g} .. {hi:g}\n(id {sweep_seed})")
    grid = np.concatenate([np.concatenate(r, 1) for r in rows], 0)
    canvas = Image.new("RGB", (grid.shape[1] + label_w, grid.shape[0]), (255, 255, 255))
    canvas.paste(Image.fromarray(grid), (label_w, 0))
    draw = ImageDraw.Draw(canvas)
    for i, text in enumerate(labels):
        draw.multiline_text((4, i * size + 4), text, fill=(0, 0, 0))
    canvas.save(path)
    print(f"wrote {path} ({canvas.size[0]}x{canvas.size[1]})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="output directory for shards")
    ap.add_argument("--size", type=int, default=128)
    ap.add_argument("--ss", type=int, default=2, help="supersampling factor per axis")
    ap.add_argument("--identities", type=int, default=2000)
    ap.add_argument("--frames-per-identity", type=int, default=16)
    ap.add_argument("--seed", type=int, default=0, help="first identity seed")
    ap.add_argument("--shard-identities", type=int, default=64)
    ap.add_argument("--motion", choices=("full", "factored"), default="full",
                    help="frames after the first: sample_motion (full) or sample_factored_motion draws")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--preview", help="write a preview grid PNG here")
    ap.add_argument("--geometry", metavar="DIR", help="add depth and part maps to the shards in DIR")
    args = ap.parse_args()
    if args.geometry:
        build_geometry(args.geometry, args.workers)
        return
    if args.preview:
        preview(args.preview, args.size, args.seed)
    if args.out:
        build(args)
    elif not args.preview:
        ap.error("give --out and/or --preview")


if __name__ == "__main__":
    main()
