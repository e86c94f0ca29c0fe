#!/usr/bin/env python3
"""Time a generator's PyTorch decode (and encode) per frame on a given number of threads.

  /usr/bin/python3 models/tools/bench_decoder.py [--config '{"size":128,...}' | --preset rig-tiny-128
      | --fixture lia-tiny|liax-tiny | --checkpoint FILE.pt [--weights ema|gen]] [--threads 1] [--runs 10]
      [--inputs FILE.json] [--json]

Generators: a config or preset with random weights (default RIG_TINY_128); --fixture rebuilds the seeded parity
fixture generator (portrait_rig_tools.fixtures: the same weights as test/fixtures/models/<name>); --checkpoint loads a
checkpoint with the restricted unpickler (official layouts, or a PortraitRig training checkpoint: its 'ema' weights,
or with --weights gen the generator's own, whichever package_rig_tiny.py exported).

--inputs FILE.json (written by test/bench/decoderRatio.bench.ts) gives the decoder inputs to time and the
onnxruntime output for them: {"binary": "FILE.bin", "inputs": [{"name", "shape", "offset", "length"}, ...],
"output": {"shape", "offset", "length"}} (float32 little-endian, offsets in bytes). The relative L2 between our
decode and that output is reported, which shows whether both sides really hold the same weights.

Reports wall and CPU time (CPU time is the steadier figure on a shared machine); --json prints one JSON object.
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from portrait_rig_tools.models import RIG_TINY_128, LiaGenerator, LiaXGenerator, count_parameters  # noqa: E402


def build(args):
    """(generator in eval mode, description) for the chosen source."""
    if args.fixture:
        from portrait_rig_tools.fixtures import tiny_models
        return tiny_models()[args.fixture].eval(), f"fixture {args.fixture} (seeded, portrait_rig_tools.fixtures)"
    if args.checkpoint:
        from portrait_rig_tools.checkpoint import (detect_family, extract_generator_state, infer_config,
                                                   load_checkpoint)
        obj = load_checkpoint(args.checkpoint)
        used = "gen"
        if args.weights == "ema" and isinstance(obj, dict) and isinstance(obj.get("ema"), dict):
            obj, used = {"gen": obj["ema"]}, "ema"
        state, _layout = extract_generator_state(obj, str(args.checkpoint))
        family = detect_family(state)
        if family is None:
            raise SystemExit(f"{args.checkpoint}: neither LIA nor LIA-X keys")
        gen = (LiaGenerator if family == "lia" else LiaXGenerator)(**infer_config(state, family))
        gen.load_state_dict(state)
        return gen.eval(), f"checkpoint {args.checkpoint} ({used} weights, {family})"
    cfg = json.loads(args.config) if args.config else dict(RIG_TINY_128)
    if "channels" in cfg:
        cfg["channels"] = {int(k): int(v) for k, v in cfg["channels"].items()}
    torch.manual_seed(0)
    return (LiaGenerator if args.family == "lia" else LiaXGenerator)(**cfg).eval(), f"{args.family} {cfg} (random)"


def read_inputs(path: Path):
    meta = json.loads(path.read_text())
    blob = (path.parent / meta["binary"]).read_bytes()

    def tensor(entry):
        arr = np.frombuffer(blob, dtype="<f4", count=entry["length"], offset=entry["offset"])
        return torch.from_numpy(arr.copy()).reshape(entry["shape"])

    inputs = [tensor(e) for e in meta["inputs"]]
    return inputs[0], inputs[1:], tensor(meta["output"]) if "output" in meta else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--family", choices=["lia", "lia-x"], default="lia-x")
    ap.add_argument("--config", help="JSON constructor arguments (channels keys may be strings)")
    ap.add_argument("--preset", choices=["rig-tiny-128"], default="rig-tiny-128")
    ap.add_argument("--fixture", choices=["lia-tiny", "liax-tiny"])
    ap.add_argument("--checkpoint", type=Path)
    ap.add_argument("--weights", choices=["ema", "gen"], default="ema",
                    help="which weights of a training checkpoint (default ema when present)")
    ap.add_argument("--inputs", type=Path, help="decoder inputs (and the onnxruntime output) to use")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    gen, source = build(args)
    gen.cache_dictionary(True)
    img = torch.rand(1, 3, gen.size, gen.size, generator=torch.Generator().manual_seed(0)) * 2 - 1
    reference = None
    with torch.no_grad():
        if args.inputs:
            z, feats, reference = read_inputs(args.inputs)
        else:
            z, _alpha, feats = gen.encode(img)
        out = None
        for _ in range(2):
            out = gen.decode(z, feats)
        wall, cpu = [], []
        for _ in range(args.runs):
            w, c = time.perf_counter(), time.process_time()
            gen.decode(z, feats)
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        w, c = time.perf_counter(), time.process_time()
        gen.encode(img)
        enc = (time.perf_counter() - w, time.process_time() - c)
    rel = None
    if reference is not None:
        rel = float(torch.linalg.norm(out - reference) / torch.linalg.norm(reference))
    if args.json:
        print(json.dumps({
            "source": source, "torch": torch.__version__, "threads": args.threads, "runs": args.runs,
            "resolution": gen.size, "parameters": {"encoder": count_parameters(gen.enc), "decoder": count_parameters(gen.dec)},
            "decodeWallMs": [x * 1e3 for x in wall], "decodeCpuMs": [x * 1e3 for x in cpu],
            "encodeWallMs": enc[0] * 1e3, "encodeCpuMs": enc[1] * 1e3, "outputRelL2": rel}))
        return
    print(source)
    print(f"parameters: encoder {count_parameters(gen.enc) / 1e6:.2f} M, decoder {count_parameters(gen.dec) / 1e6:.2f} M")
    print(f"decode ({args.threads} thread(s)): wall median {statistics.median(wall) * 1e3:.1f} ms "
          f"(min {min(wall) * 1e3:.1f}), CPU median {statistics.median(cpu) * 1e3:.1f} ms")
    print(f"encode: wall {enc[0] * 1e3:.1f} ms, CPU {enc[1] * 1e3:.1f} ms")
    if rel is not None:
        print(f"decode vs the given onnxruntime output: relative L2 {rel:.2e}")


if __name__ == "__main__":
    main()
