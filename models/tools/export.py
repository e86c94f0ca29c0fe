#!/usr/bin/env python3
"""Convert a LIA / LIA-X checkpoint (official or PortraitRig-trained, same layout) into a PortraitRig model folder.

  /usr/bin/python3 models/tools/export.py CHECKPOINT OUT_DIR [--family lia|lia-x] [--as-family rig] [--id ID]
      [--name NAME] [--license-spdx SPDX] [--license-notice TEXT] [--channels FILE.json]
      [--external-data auto|always|never] [--overwrite]

The checkpoint is read with the restricted unpickler (portrait_rig_tools.checkpoint); the architecture is inferred
from its shapes. Official weights default to license CC-BY-NC-4.0 (non-commercial), and official LIA-X gets the
named, unverified channel map from its demo UI; LIA's directions stay raw (dict.<i>). --channels takes a JSON file
{"channels": {...}, "directionGroups": {...}} in the manifest's format.
"""
import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portrait_rig_tools.checkpoint import CheckpointError, load_generator  # noqa: E402
from portrait_rig_tools.export import export_model  # noqa: E402
from portrait_rig_tools.manifest import license_for  # noqa: E402


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


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
    ap.add_argument("--overwrite", action="store_true")
    args = ap.parse_args(argv)

    try:
        gen, report = load_generator(args.checkpoint, family=args.family)
    except CheckpointError as e:
        print(f"export: {e}", file=sys.stderr)
        return 2
    family = args.as_family or report["family"]
    model_id = args.id or re.sub(r"[^a-z0-9]+", "-", args.checkpoint.stem.lower()).strip("-") or family
    channels = direction_groups = None
    if args.channels:
        spec = json.loads(args.channels.read_text())
        channels, direction_groups = spec.get("channels", {}), spec.get("directionGroups")
    spdx = args.license_spdx or ("MIT" if family == "rig" else "CC-BY-NC-4.0")
    manifest = export_model(
        gen, args.out_dir, model_id=model_id, name=args.name or f"{model_id} ({report['family']}, {gen.size}px)",
        family=family, license=license_for(spdx, args.license_notice, args.license_url), channels=channels,
        direction_groups=direction_groups, external_data=args.external_data, overwrite=args.overwrite,
        provenance={"source": "models/tools/export.py", "checkpoint": args.checkpoint.name,
                    "checkpointSha256": sha256(args.checkpoint), "checkpointLayout": report["layout"],
                    "config": {k: (v if not isinstance(v, dict) else {str(r): c for r, c in v.items()})
                               for k, v in report["config"].items()}})
    print(f"wrote {args.out_dir} ({manifest['family']}, {manifest['resolution']}px, styleDim {manifest['styleDim']}, "
          f"motionDim {manifest['motionDim']}, {len(manifest['channels'])} named channels)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
