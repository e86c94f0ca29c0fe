"""Writes the checkpoints the `portrait-rig convert` tests convert, into the folder given as argv[1].

  lia.pt           LIA official layout {'gen', 'dis', 'g_optim', 'd_optim', 'args': argparse.Namespace}; the generator
                   is portrait_rig_tools.fixtures' seeded "lia-tiny" (64², random weights), so the converted model must
                   reproduce test/fixtures/models/lia-tiny/parity.*
  lia-x.pt         LIA-X official layout: the raw generator state_dict of the seeded "liax-tiny"
  liax-128.pt      LIA-X at 128² with early rig-tiny widths (official layout), random weights (fp16 tolerance at a
                   larger size)
  not-a-checkpoint.pt   text
  truncated.pt     the first half of lia-x.pt
  malicious.pt     a pickle whose loading would run `touch <folder>/pwned` (must be refused; the marker must never
                   appear)

Run with the tools on the path: PYTHONPATH=models/tools /usr/bin/python3 sdk/node/convert/make_test_checkpoints.py DIR
Prints a JSON object {name: path}.
"""
import argparse
import json
import os
import sys
from pathlib import Path

import torch

from portrait_rig_tools.fixtures import tiny_models
from portrait_rig_tools.models import LiaXGenerator


class Payload:
    """Unpickling this calls os.system."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    models = tiny_models()
    lia, liax = models["lia-tiny"], models["liax-tiny"]
    disc = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.Linear(4, 1))
    paths = {}
    paths["lia"] = out / "lia.pt"
    torch.save({"gen": lia.state_dict(), "dis": disc.state_dict(),
                "g_optim": torch.optim.Adam(lia.parameters(), lr=0.002, betas=(0.0, 0.99)).state_dict(),
                "d_optim": torch.optim.Adam(disc.parameters()).state_dict(),
                "args": argparse.Namespace(size=64, latent_dim_style=32, lr=0.002, dataset="vox")}, paths["lia"])
    paths["lia-x"] = out / "lia-x.pt"
    torch.save(liax.state_dict(), paths["lia-x"])
    torch.manual_seed(128)
    # official layout (convert takes LIA-X checkpoints) with the early rig-tiny widths the float16 tolerance was set on;
    # the shipped widths (96…12) convert with 1.9e-2 (models/README.md "float16"), so rig-tiny ships float16-weights
    big = LiaXGenerator(size=128, style_dim=128, motion_dim=20, channels={4: 128, 8: 128, 16: 64, 32: 32, 64: 16, 128: 8},
                        n_flow_blocks=2, n_rgb_blocks=2)
    with torch.no_grad():
        for name, p in big.named_parameters():
            if name.endswith("bias") or name.endswith("gamma") or name.endswith("norm.weight"):
                p.add_(0.2 * torch.randn_like(p))
    paths["liax-128"] = out / "liax-128.pt"
    torch.save(big.state_dict(), paths["liax-128"])
    paths["not-a-checkpoint"] = out / "not-a-checkpoint.pt"
    paths["not-a-checkpoint"].write_text("these are not the weights you are looking for\n")
    data = paths["lia-x"].read_bytes()
    paths["truncated"] = out / "truncated.pt"
    paths["truncated"].write_bytes(data[: len(data) // 2])
    paths["malicious"] = out / "malicious.pt"
    paths["marker"] = out / "pwned"
    torch.save({"gen": Payload(str(paths["marker"]))}, paths["malicious"])
    print(json.dumps({k: str(v) for k, v in paths.items()}))


if __name__ == "__main__":
    main()
