import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import onnx
import torch

from portrait_rig_tools.channels import official_liax_channels
from portrait_rig_tools.export import export_model
from portrait_rig_tools.manifest import validate_manifest
from portrait_rig_tools.models import LiaGenerator, LiaXGenerator

TOOLS = Path(__file__).resolve().parents[2]
TINY = {4: 16, 8: 16, 16: 8, 32: 8}


def graph_io(path):
    m = onnx.load(str(path), load_external_data=False)

    def dims(v):
        return [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
    return ([(i.name, dims(i)) for i in m.graph.input], [(o.name, dims(o)) for o in m.graph.output], m)


class ExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.manual_seed(0)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name)
        cls.liax = LiaXGenerator(32, style_dim=48, motion_dim=40, channels=TINY, n_flow_blocks=1, n_rgb_blocks=1)
        cls.manifest = export_model(cls.liax, cls.root / "liax", model_id="liax-test", name="test",
                                    external_data="always")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_folder_contents_and_external_data(self):
        folder = self.root / "liax"
        self.assertEqual(sorted(p.name for p in folder.iterdir()),
                         ["decoder.onnx", "decoder.onnx.data", "dictionary.bin", "encoder.onnx", "encoder.onnx.data",
                          "manifest.json"])
        self.assertEqual(self.manifest["files"]["decoder"]["externalData"], ["decoder.onnx.data"])
        _, _, model = graph_io(folder / "decoder.onnx")
        external = [t.name for t in model.graph.initializer
                    if t.data_location == onnx.TensorProto.EXTERNAL]
        self.assertTrue(external, "no initializer stored externally")
        for name in ("encoder.onnx", "decoder.onnx"):
            onnx.checker.check_model(str(folder / name))
        self.assertEqual(list(self.root.glob(".*")), [], "temporary folders left behind")

    def test_manifest_matches_graphs(self):
        folder = self.root / "liax"
        on_disk = json.loads((folder / "manifest.json").read_text())
        self.assertEqual(on_disk, self.manifest)
        self.assertEqual((on_disk["format"], on_disk["formatVersion"], on_disk["family"]),
                         ("portrait-rig-model", 1, "lia-x"))
        self.assertEqual(on_disk["license"]["spdx"], "CC-BY-NC-4.0")
        for key in ("encoder", "decoder"):
            entry = on_disk["files"][key]
            inputs, outputs, _ = graph_io(folder / entry["path"])
            self.assertEqual([(t["name"], t["shape"]) for t in entry["inputs"]], inputs)
            self.assertEqual([(t["name"], t["shape"]) for t in entry["outputs"]], outputs)
        enc_out = on_disk["files"]["encoder"]["outputs"]
        self.assertEqual([t["role"] for t in enc_out], ["latent", "alpha", "feature", "feature", "feature"])
        self.assertEqual([t["shape"] for t in enc_out[2:]],
                         [["batch", 16, 8, 8], ["batch", 8, 16, 16], ["batch", 8, 32, 32]])
        self.assertEqual(on_disk["files"]["decoder"]["inputs"][1:], enc_out[2:])
        self.assertEqual(on_disk["channels"], official_liax_channels())
        self.assertEqual(on_disk["directionGroups"]["overrides"]["37"], "pose")

    def test_dictionary_bin_is_q_row_major(self):
        raw = (self.root / "liax" / "dictionary.bin").read_bytes()
        self.assertEqual(len(raw), 48 * 40 * 4)
        q = np.frombuffer(raw, dtype="<f4").reshape(48, 40)
        np.testing.assert_allclose(q, self.liax.dictionary().detach().numpy(), atol=1e-7)
        np.testing.assert_allclose(q.T @ q, np.eye(40), atol=1e-5)

    def test_lia_defaults_and_atomic_replace(self):
        torch.manual_seed(1)
        lia = LiaGenerator(32, style_dim=16, motion_dim=6, channels=TINY)
        out = self.root / "lia"
        m = export_model(lia, out, model_id="lia-test", name="t")
        self.assertEqual(m["channels"], {})  # raw directions only (dict.<i>)
        self.assertEqual(m["files"]["encoder"]["externalData"], [])
        with self.assertRaises(FileExistsError):
            export_model(lia, out, model_id="lia-test", name="t")
        before = (out / "manifest.json").read_text()
        bad = {"mouth.open": {"unit": "amount", "group": "expression", "neutral": 0, "range": [0, 1],
                              "terms": [{"index": 6, "calibration": {"type": "linear", "scale": 1, "offset": 0}}]}}
        with self.assertRaisesRegex(ValueError, r'channel "mouth.open": direction index 6 outside 0..5'):
            export_model(lia, out, model_id="lia-test", name="t", channels=bad, overwrite=True)
        self.assertEqual((out / "manifest.json").read_text(), before, "failed export touched the old folder")
        self.assertEqual(list(self.root.glob(".*")), [], "temporary folders left behind")
        m2 = export_model(lia, out, model_id="lia-test2", name="t", family="rig", overwrite=True)
        self.assertEqual((m2["id"], m2["license"]["spdx"]), ("lia-test2", "MIT"))

    def test_manifest_validation_names_problems(self):
        m = json.loads(json.dumps(self.manifest))
        m["id"] = "Bad Id"
        m["channels"]["head.yaw"]["terms"][0]["calibration"] = {"type": "linear", "scale": 1, "offset": 0.5}
        m["channels"]["gaze.x"]["range"] = [0.3, 0.1]
        m["channels"]["dict.3"] = json.loads(json.dumps(m["channels"]["gaze.y"]))
        m["channels"]["custom.both"] = dict(m["channels"]["gaze.y"], terms=[
            {"index": 37, "calibration": {"type": "linear", "scale": 1, "offset": 0}},
            {"index": 37, "calibration": {"type": "linear", "scale": 2, "offset": 0}}])
        with self.assertRaises(ValueError) as ctx:
            validate_manifest(m)
        msg = str(ctx.exception)
        self.assertIn('id "Bad Id"', msg)
        self.assertIn('channel "head.yaw": calibrate(neutral=0) = 0.5 must be 0', msg)
        self.assertIn('channel "gaze.x": range [0.3, 0.1]', msg)
        self.assertIn('channel "dict.3": names are dotted parts', msg)
        self.assertIn('channel "custom.both": a direction index appears more than once', msg)
        del m["directionGroups"]["overrides"]["37"]  # head.yaw (pose) and custom.both (expression) share 37
        with self.assertRaisesRegex(ValueError, "direction 37 is driven by pose and expression channels"):
            validate_manifest(m)

    def test_cli_converts_a_lia_training_checkpoint(self):
        torch.manual_seed(2)
        lia = LiaGenerator(32, style_dim=16, motion_dim=6, channels=TINY)
        ckpt = self.root / "Vox Tiny.pt"
        torch.save({"gen": lia.state_dict(), "args": __import__("argparse").Namespace(size=32)}, ckpt)
        out = self.root / "cli"
        res = subprocess.run([sys.executable, str(TOOLS / "export.py"), str(ckpt), str(out), "--family", "lia"],
                             capture_output=True, text=True)
        self.assertEqual(res.returncode, 0, res.stderr)
        m = json.loads((out / "manifest.json").read_text())
        self.assertEqual((m["id"], m["family"], m["resolution"]), ("vox-tiny", "lia", 32))
        self.assertEqual(m["provenance"]["checkpointLayout"], "dict-with-gen")
        res = subprocess.run([sys.executable, str(TOOLS / "export.py"), str(ckpt), str(self.root / "x"),
                              "--family", "lia-x"], capture_output=True, text=True)
        self.assertEqual(res.returncode, 2)
        self.assertIn("this is a LIA checkpoint", res.stderr)


if __name__ == "__main__":
    unittest.main()
