#!/usr/bin/env python3
"""Convert a LIA / LIA-X checkpoint (official or PortraitRig-trained, same layout) into a PortraitRig model folder.

  /usr/bin/python3 models/tools/export.py CHECKPOINT OUT_DIR [--family lia|lia-x] [--as-family rig] [--id ID]
      [--name NAME] [--license-spdx SPDX] [--license-notice TEXT] [--channels FILE.json]
      [--external-data auto|always|never] [--fp16 [--fp16-io]] [--threads N] [--progress] [--overwrite]

The checkpoint is read with the restricted unpickler (portrait_rig_tools.checkpoint); the architecture is inferred
from its shapes. Official weights default to license CC-BY-NC-4.0 (non-commercial), and official LIA-X gets the
named, unverified channel map from its demo UI; LIA's directions stay raw (dict.<i>). --channels takes a JSON file
{"channels": {...}, "directionGroups": {...}} in the manifest's format.

--fp16 stores weights and feature maps as float16 (portrait_rig_tools.fp16; graph inputs/outputs stay float32 unless
--fp16-io). --progress prints one machine-readable line per stage on stdout, ``PROGRESS {json}`` (keys: stage,
status "start"/"done", index, count, message, seconds), and a final ``RESULT {json}`` (manifest summary, file
sizes, peak memory); errors go to stderr as ``export: <message>`` (exit code 2 for an unusable checkpoint).
This is the protocol `portrait-rig convert` reads. SIGTERM/SIGINT stop the export and remove its temporary folder.
"""
import argparse
import hashlib
import json
import re
import resource
import signal
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portrait_rig_tools.checkpoint import CheckpointError, load_generator  # noqa: E402
from portrait_rig_tools.export import export_model, export_stages  # noqa: E402
from portrait_rig_tools.manifest import license_for  # noqa: E402


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _emit(kind: str, payload: dict) -> None:
    print(f"{kind} {json.dumps(payload, separators=(',', ':'))}", flush=True)


def _interrupt(signum, _frame):
    # the default SIGTERM action kills the process at once; raising lets export_model remove its temporary folder
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Export a LIA / LIA-X checkpoint to a PortraitRig model folder.")
    ap.add_argument("checkpoint", type=Path)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--family", choices=["lia", "lia-x"], help="expected family (default: detected)")
    ap.add_argument("--as-family", choices=["lia", "lia-x", "rig"],
                    help='manifest family (default: the checkpoint\'s; "rig" for PortraitRig-trained models)')
    ap.add_argument("--id", help="model id, [a-z0-9-] (default: from the checkpoint file name)")
    ap.add_argument("--name", help="human-readable name")
    ap.add_argument("--license-spdx", help="default: CC-BY-NC-4.0 for lia/lia-x, MIT for rig")
    ap.add_argument("--license-notice")
    ap.add_argument("--license-url")
    ap.add_argument("--channels", type=Path, help="JSON with channels and directionGroups (manifest format)")
    ap.add_argument("--external-data", choices=["auto", "always", "never"], default="auto")
    ap.add_argument("--fp16", action="store_true", help="float16 weights and feature maps (float32 graph I/O)")
    ap.add_argument("--fp16-io", action="store_true", help="with --fp16: float16 graph inputs/outputs too")
    ap.add_argument("--threads", type=int, help="PyTorch threads (default: PyTorch's choice)")
    ap.add_argument("--progress", action="store_true", help="machine-readable PROGRESS/RESULT lines on stdout")
    ap.add_argument("--overwrite", action="store_true")
    args = ap.parse_args(argv)
    if args.fp16_io and not args.fp16:
        ap.error("--fp16-io needs --fp16")
    signal.signal(signal.SIGTERM, _interrupt)
    # torch.onnx notes about Slice steps it cannot constant-fold: harmless, and noise in `portrait-rig convert`
    warnings.filterwarnings("ignore", category=UserWarning, module=r"torch\.onnx")
    if args.threads:
        import torch
        torch.set_num_threads(args.threads)
    precision = "float16" if args.fp16 else "float32"
    names = ["load", *export_stages(precision)]
    started = time.perf_counter()

    def progress(event: dict) -> None:
        if args.progress:
            _emit("PROGRESS", {**event, "index": names.index(event["stage"]) + 1, "count": len(names)})

    progress({"stage": "load", "status": "start", "message": f"reading {args.checkpoint.name} (restricted unpickler)"})
    try:
        gen, report = load_generator(args.checkpoint, family=args.family)
    except CheckpointError as e:
        print(f"export: {e}", file=sys.stderr)
        return 2
    params = sum(p.numel() for p in gen.parameters())
    progress({"stage": "load", "status": "done", "seconds": round(time.perf_counter() - started, 3),
              "message": f"{report['family']} {gen.size}px, {params / 1e6:.2f} M parameters, layout {report['layout']}",
              "family": report["family"], "resolution": gen.size, "parameters": params})
    family = args.as_family or report["family"]
    model_id = args.id or re.sub(r"[^a-z0-9]+", "-", args.checkpoint.stem.lower()).strip("-") or family
    channels = direction_groups = None
    if args.channels:
        try:
            spec = json.loads(args.channels.read_text())
            channels, direction_groups = spec.get("channels", {}), spec.get("directionGroups")
        except (OSError, ValueError, AttributeError) as e:
            print(f"export: --channels {args.channels}: not a JSON object with channels/directionGroups ({e})",
                  file=sys.stderr)
            return 2
    spdx = args.license_spdx or ("MIT" if family == "rig" else "CC-BY-NC-4.0")
    try:
        manifest = export_model(
            gen, args.out_dir, model_id=model_id, name=args.name or f"{model_id} ({report['family']}, {gen.size}px)",
            family=family, license=license_for(spdx, args.license_notice, args.license_url), channels=channels,
            direction_groups=direction_groups, external_data=args.external_data, overwrite=args.overwrite,
            precision=precision, io_dtype="float16" if args.fp16_io else "float32", on_progress=progress,
            provenance={"source": "models/tools/export.py", "checkpoint": args.checkpoint.name,
                        "checkpointSha256": sha256(args.checkpoint), "checkpointLayout": report["layout"],
                        "config": {k: (v if not isinstance(v, dict) else {str(r): c for r, c in v.items()})
                                   for k, v in report["config"].items()}})
    except (ValueError, FileExistsError) as e:  # a bad channel map (names the channel and value), an existing folder
        print(f"export: {e}", file=sys.stderr)
        return 2
    if args.progress:
        files = {p.name: p.stat().st_size for p in sorted(args.out_dir.iterdir()) if p.is_file()}
        # ru_maxrss is in KiB on Linux, bytes on macOS
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        _emit("RESULT", {"outDir": str(args.out_dir), "id": manifest["id"], "family": manifest["family"],
                         "checkpointFamily": report["family"], "layout": report["layout"],
                         "resolution": manifest["resolution"], "styleDim": manifest["styleDim"],
                         "motionDim": manifest["motionDim"], "parameters": params, "precision": precision,
                         "license": manifest["license"], "channels": len(manifest["channels"]), "files": files,
                         "seconds": round(time.perf_counter() - started, 3), "peakRssBytes": rss})
    else:
        print(f"wrote {args.out_dir} ({manifest['family']}, {manifest['resolution']}px, styleDim "
              f"{manifest['styleDim']}, motionDim {manifest['motionDim']}, {len(manifest['channels'])} named channels)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("export: cancelled; nothing was written", file=sys.stderr)
        sys.exit(130)
