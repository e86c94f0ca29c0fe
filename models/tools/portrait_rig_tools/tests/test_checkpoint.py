import argparse
import os
import pickle
import tempfile
import unittest
from pathlib import Path

import torch

from portrait_rig_tools.checkpoint import (CheckpointError, RefusedGlobalError, infer_config, load_checkpoint,
                                           load_generator)
from portrait_rig_tools.models import LiaGenerator, LiaXGenerator, shape_only

TINY = {4: 32, 8: 32, 16: 16, 32: 16, 64: 8}


def tiny_lia():
    torch.manual_seed(3)
    return LiaGenerator(64, style_dim=32, motion_dim=8, channels=TINY)


def tiny_liax():
    torch.manual_seed(4)
    return LiaXGenerator(64, style_dim=32, motion_dim=8, channels=TINY, n_flow_blocks=2, n_rgb_blocks=1)


def lia_training_checkpoint(gen):
    """LIA's train.py layout: generator, discriminator, both optimizers and the argparse arguments."""
    disc = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.Linear(4, 1))
    g_optim = torch.optim.Adam(gen.parameters(), lr=0.002, betas=(0.0, 0.99))
    img = torch.rand(1, 3, 64, 64)
    gen(img, img).mean().backward()
    g_optim.step()
    g_optim.zero_grad()
    return {"gen": gen.state_dict(), "dis": disc.state_dict(), "g_optim": g_optim.state_dict(),
            "d_optim": torch.optim.Adam(disc.parameters()).state_dict(),
            "args": argparse.Namespace(size=64, latent_dim_style=32, lr=0.002, dataset="vox")}


class Payload:
    """Unpickling this runs os.system: the checkpoint loader must refuse it before it runs."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


class CheckpointTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def assertSameWeights(self, a, b):
        sa, sb = a.state_dict(), b.state_dict()
        self.assertEqual(sorted(sa), sorted(sb))
        for k in sa:
            self.assertTrue(torch.equal(sa[k], sb[k]), k)

    def test_lia_layout_dict_with_gen_and_namespace(self):
        gen = tiny_lia()
        path = self.dir / "vox.pt"
        torch.save(lia_training_checkpoint(gen), path)
        loaded, report = load_generator(path, family="lia")
        self.assertIsInstance(loaded, LiaGenerator)
        self.assertSameWeights(loaded, gen)
        self.assertEqual(report["layout"], "dict-with-gen")
        self.assertEqual(report["args"]["dataset"], "vox")
        self.assertEqual(report["config"]["channels"], TINY)
        self.assertEqual((report["missing"], report["unexpected"], report["mismatched"]), ([], [], []))

    def test_liax_layout_raw_state_dict(self):
        gen = tiny_liax()
        path = self.dir / "lia-x.pt"
        torch.save(gen.state_dict(), path)
        loaded, report = load_generator(path)  # family detected
        self.assertIsInstance(loaded, LiaXGenerator)
        self.assertSameWeights(loaded, gen)
        self.assertEqual(report["layout"], "state_dict")
        self.assertEqual(report["config"]["n_flow_blocks"], 2)
        self.assertEqual(report["config"]["n_rgb_blocks"], 1)

    def test_legacy_serialization_format(self):
        gen = tiny_liax()
        path = self.dir / "old.pt"
        torch.save(gen.state_dict(), path, _use_new_zipfile_serialization=False)
        loaded, _ = load_generator(path, family="lia-x")
        self.assertSameWeights(loaded, gen)

    def test_official_configs_are_inferred_from_shapes(self):
        with shape_only():
            cases = [(LiaGenerator(256), dict(size=256, style_dim=512, motion_dim=20, channel_multiplier=1)),
                     (LiaXGenerator(512, scale=2), dict(size=512, style_dim=512, motion_dim=40, scale=2)),
                     (LiaXGenerator(512, scale=1), dict(size=512, style_dim=512, motion_dim=40, scale=1))]
            for gen, want in cases:
                self.assertEqual(infer_config(gen.state_dict(), gen.family), want)

    def test_other_family_is_named(self):
        path = self.dir / "lia-x.pt"
        torch.save(tiny_liax().state_dict(), path)
        with self.assertRaisesRegex(CheckpointError, r"this is a LIA-X checkpoint .*not LIA; use family 'lia-x'"):
            load_generator(path, family="lia")
        path = self.dir / "vox.pt"
        torch.save(lia_training_checkpoint(tiny_lia()), path)
        with self.assertRaisesRegex(CheckpointError, r"this is a LIA checkpoint \(a dict with 'gen'\), not LIA-X"):
            load_generator(path, family="lia-x")

    def test_shape_mismatch_missing_and_unexpected_keys_are_named(self):
        state = tiny_lia().state_dict()
        state["dec.direction.weight"] = torch.zeros(32, 9)
        del state["enc.fc.4.bias"]
        state["dec.extra.weight"] = torch.zeros(1)
        path = self.dir / "bad.pt"
        torch.save({"gen": state}, path)
        config = dict(size=64, style_dim=32, motion_dim=8, channels=TINY)
        with self.assertRaises(CheckpointError) as ctx:
            load_generator(path, config=config)
        msg = str(ctx.exception)
        self.assertIn("missing (1): enc.fc.4.bias", msg)
        self.assertIn("unexpected (1): dec.extra.weight", msg)
        self.assertIn("dec.direction.weight: checkpoint (32, 9) vs model (32, 8)", msg)
        gen, report = load_generator(path, config=config, strict=False)
        self.assertEqual(report["missing"], ["enc.fc.4.bias"])

    def test_not_a_checkpoint(self):
        path = self.dir / "notes.pt"
        path.write_text("hello, this is not a checkpoint\n")
        with self.assertRaisesRegex(CheckpointError, "not a PyTorch checkpoint"):
            load_checkpoint(path)
        with self.assertRaisesRegex(CheckpointError, "no such file"):
            load_checkpoint(self.dir / "missing.pt")
        path = self.dir / "list.pt"
        torch.save([torch.zeros(2)], path)
        with self.assertRaisesRegex(CheckpointError, "holds a list"):
            load_generator(path)
        path = self.dir / "other.pt"
        torch.save({"weight": torch.zeros(2)}, path)
        with self.assertRaisesRegex(CheckpointError, "neither LIA .* nor LIA-X"):
            load_generator(path)

    def test_truncated_file(self):
        path = self.dir / "full.pt"
        torch.save(tiny_liax().state_dict(), path)
        data = path.read_bytes()
        cut = self.dir / "cut.pt"
        cut.write_bytes(data[: len(data) // 2])
        with self.assertRaisesRegex(CheckpointError, "truncated or corrupted"):
            load_checkpoint(cut)

    def test_malicious_pickles_are_refused_by_name_and_do_not_run(self):
        marker = self.dir / "pwned"
        payload = {"gen": tiny_lia().state_dict(), "args": Payload(marker)}
        files = {"zip": self.dir / "evil.pt", "legacy": self.dir / "evil-legacy.pt", "pickle": self.dir / "evil.pkl"}
        torch.save(payload, files["zip"])
        torch.save(payload, files["legacy"], _use_new_zipfile_serialization=False)
        files["pickle"].write_bytes(pickle.dumps(Payload(marker)))
        for kind, path in files.items():
            with self.subTest(kind):
                with self.assertRaises(RefusedGlobalError) as ctx:
                    load_checkpoint(path)
                self.assertRegex(str(ctx.exception), r"refused to load global '(posix|os|nt)\.system'")
                self.assertFalse(marker.exists(), "the payload ran")
        with self.assertRaises(RefusedGlobalError):
            load_generator(files["zip"])
        self.assertFalse(marker.exists())

    def test_other_globals_refused(self):
        path = self.dir / "eval.pt"
        torch.save({"gen": {}, "x": slice(1, 2)}, path)  # builtins.slice: harmless, but not on the list
        with self.assertRaisesRegex(RefusedGlobalError, "'builtins.slice'"):
            load_checkpoint(path)


if __name__ == "__main__":
    unittest.main()
