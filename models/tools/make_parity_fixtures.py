#!/usr/bin/env python3
"""Write the ONNX parity fixtures test/fixtures/models/{lia-tiny,liax-tiny}/ (seeded, deterministic).

Usage (from the repository root):  /usr/bin/python3 models/tools/make_parity_fixtures.py [--out DIR]
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portrait_rig_tools.fixtures import make_fixtures  # noqa: E402

if __name__ == "__main__":
    root = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=root / "test" / "fixtures" / "models")
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    for folder in make_fixtures(args.out, args.seed):
        size = sum(f.stat().st_size for f in folder.iterdir())
        print(f"{folder}: {size / 1e6:.2f} MB")
