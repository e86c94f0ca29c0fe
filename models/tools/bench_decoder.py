#!/usr/bin/env python3
"""Time a generator's PyTorch decode (and encode) per frame on a given number of threads, random weights.

  /usr/bin/python3 models/tools/bench_decoder.py [--config '{"size":128,...}' | --preset rig-tiny-128] [--threads 1]

Reports wall and CPU time (CPU time is the steadier figure on a shared machine). ONNX Runtime is usually
1.5-3x faster than these PyTorch numbers for the same graph.
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402

from portrait_rig_tools.models import RIG_TINY_128, LiaGenerator, LiaXGenerator, count_parameters  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--family", choices=["lia", "lia-x"], default="lia-x")
    ap.add_argument("--config", help="JSON constructor arguments (channels keys may be strings)")
    ap.add_argument("--preset", choices=["rig-tiny-128"], default="rig-tiny-128")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    cfg = json.loads(args.config) if args.config else dict(RIG_TINY_128)
    if "channels" in cfg:
        cfg["channels"] = {int(k): int(v) for k, v in cfg["channels"].items()}
    torch.set_num_threads(args.threads)
    gen = (LiaGenerator if args.family == "lia" else LiaXGenerator)(**cfg).eval()
    img = torch.rand(1, 3, gen.size, gen.size) * 2 - 1
    with torch.no_grad():
        z, alpha, feats = gen.encode(img)
        for _ in range(2):
            gen.decode(z, feats)
        wall, cpu = [], []
        for _ in range(args.runs):
            w, c = time.perf_counter(), time.process_time()
            gen.decode(z, feats)
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        w, c = time.perf_counter(), time.process_time()
        gen.encode(img)
        enc = (time.perf_counter() - w, time.process_time() - c)
    print(f"{args.family} {cfg}")
    print(f"parameters: encoder {count_parameters(gen.enc) / 1e6:.2f} M, decoder {count_parameters(gen.dec) / 1e6:.2f} M")
    print(f"decode ({args.threads} thread(s)): wall median {statistics.median(wall) * 1e3:.1f} ms "
          f"(min {min(wall) * 1e3:.1f}), CPU median {statistics.median(cpu) * 1e3:.1f} ms")
    print(f"encode: wall {enc[0] * 1e3:.1f} ms, CPU {enc[1] * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
