"""float16 conversion (portrait_rig_tools.fp16) and the float16 export path: structure only. The numbers (float16 vs
float32 outputs in onnxruntime) are checked from TypeScript: sdk/node/convert/convertCheckpoint.test.ts."""
import json
import tempfile
import unittest
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, numpy_helper

from portrait_rig_tools.export import export_model, export_stages
from portrait_rig_tools.fp16 import WEIGHT_ELEMENTS, convert_float16, store_weights_float16
from portrait_rig_tools.models import LiaXGenerator

TINY = {4: 16, 8: 16, 16: 8, 32: 8}


def value_types(model):
    inferred = onnx.shape_inference.infer_shapes(model)
    types = {v.name: v.type.tensor_type.elem_type
             for v in list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output)}
    types.update({t.name: t.data_type for t in model.graph.initializer})
    return types


class Fp16Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.manual_seed(0)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name)
        gen = LiaXGenerator(32, style_dim=48, motion_dim=40, channels=TINY, n_flow_blocks=1, n_rgb_blocks=1)
        cls.events = []
        export_model(gen, cls.root / "fp32", model_id="t", name="t")
        cls.manifest = export_model(gen, cls.root / "fp16", model_id="t", name="t", precision="float16",
                                    on_progress=cls.events.append)
        cls.manifest_io = export_model(gen, cls.root / "fp16io", model_id="t", name="t", precision="float16",
                                       io_dtype="float16")
        cls.manifest_w16 = export_model(gen, cls.root / "w16", model_id="t", name="t", precision="float16-weights")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_float32_io_keeps_graph_inputs_outputs_float32_and_manifest_dtype(self):
        for graph in ("encoder", "decoder"):
            m = onnx.load(str(self.root / "fp16" / f"{graph}.onnx"))
            onnx.checker.check_model(m)
            for v in list(m.graph.input) + list(m.graph.output):
                self.assertEqual(v.type.tensor_type.elem_type, TensorProto.FLOAT, f"{graph} {v.name}")
            self.assertEqual(self.manifest["files"][graph]["dtype"], "float32")
        self.assertEqual(self.manifest["provenance"]["precision"]["weights"], "float16")

    def test_float16_io_makes_graph_inputs_outputs_float16_and_manifest_says_so(self):
        for graph in ("encoder", "decoder"):
            m = onnx.load(str(self.root / "fp16io" / f"{graph}.onnx"))
            onnx.checker.check_model(m)
            for v in list(m.graph.input) + list(m.graph.output):
                self.assertEqual(v.type.tensor_type.elem_type, TensorProto.FLOAT16, f"{graph} {v.name}")
            self.assertEqual(self.manifest_io["files"][graph]["dtype"], "float16")

    def test_weights_are_float16_and_small_constants_keep_float32(self):
        m = onnx.load(str(self.root / "fp16" / "decoder.onnx"))
        big32 = [t.name for t in m.graph.initializer
                 if t.data_type == TensorProto.FLOAT and int(np.prod(t.dims)) >= WEIGHT_ELEMENTS]
        self.assertEqual(big32, [])
        self.assertGreater(sum(t.data_type == TensorProto.FLOAT16 for t in m.graph.initializer), 10)
        # the demodulation epsilon (1e-8) is zero in float16: it must stay a float32 constant
        eps = [a.t for n in m.graph.node if n.op_type == "Constant" for a in n.attribute
               if a.name == "value" and a.t.data_type == TensorProto.FLOAT and a.t.dims == []
               and np.isclose(numpy_helper.to_array(a.t), 1e-8)]
        self.assertTrue(eps, "the 1e-8 demodulation epsilon was not kept as float32")

    def test_feature_maps_are_float16_and_styles_grids_gridsample_stay_float32(self):
        m = onnx.load(str(self.root / "fp16" / "decoder.onnx"))
        types = value_types(m)
        convs = [n for n in m.graph.node if n.op_type in ("Conv", "ConvTranspose") and n.input[0] in types]
        self.assertTrue(convs)
        self.assertTrue(all(types[n.output[0]] == TensorProto.FLOAT16 for n in convs
                            if not n.name.endswith("/Cast")), "a convolution is not float16")
        grid = [n for n in m.graph.node if n.op_type == "GridSample"]
        self.assertTrue(grid)
        for n in grid:
            self.assertEqual(types[n.input[0]], TensorProto.FLOAT)
            self.assertEqual(types[n.input[1]], TensorProto.FLOAT)
        gemms = [n for n in m.graph.node if n.op_type == "Gemm"]  # style = modulation(z): per-sample vectors
        self.assertTrue(gemms and all(types[n.output[0]] == TensorProto.FLOAT for n in gemms))
        sqrts = [n for n in m.graph.node if n.op_type == "Sqrt"]  # demodulation rsqrt
        self.assertTrue(sqrts and all(types[n.output[0]] == TensorProto.FLOAT for n in sqrts))

    def test_float16_weights_are_stored_half_and_cast_back_to_the_same_float32_graph(self):
        fp32 = onnx.load(str(self.root / "fp32" / "decoder.onnx"))
        w16 = onnx.load(str(self.root / "w16" / "decoder.onnx"))
        onnx.checker.check_model(w16)
        weights = {t.name: numpy_helper.to_array(t) for t in fp32.graph.initializer}
        halves = {t.name: numpy_helper.to_array(t) for t in w16.graph.initializer if t.data_type == TensorProto.FLOAT16}
        casts = [n for n in w16.graph.node if n.op_type == "Cast" and n.input[0] in halves]
        self.assertGreaterEqual(len(casts), 10)  # the tiny test model has ten weights of ≥ 1024 values
        for node in casts:  # every big weight: a float16 copy cast back to float32 under its old name
            original = weights[node.output[0]]
            self.assertGreaterEqual(original.size, WEIGHT_ELEMENTS)
            self.assertEqual(node.attribute[0].i, TensorProto.FLOAT)
            np.testing.assert_allclose(halves[node.input[0]].astype(np.float32), original, rtol=1e-3, atol=1e-4)
        # everything else is the float32 graph unchanged: same inputs, outputs, and nodes after the casts
        self.assertEqual([n.op_type for n in w16.graph.node[len(casts):]], [n.op_type for n in fp32.graph.node])
        self.assertEqual([i.name for i in w16.graph.input], [i.name for i in fp32.graph.input])
        self.assertEqual(self.manifest_w16["files"]["decoder"]["dtype"], "float32")
        self.assertEqual(self.manifest_w16["provenance"]["precision"]["compute"], "float32")
        ratio = (self.root / "w16" / "decoder.onnx").stat().st_size / (self.root / "fp32" / "decoder.onnx").stat().st_size
        self.assertLess(ratio, 0.9)  # this tiny model is mostly tensors under 1024 values; rig-tiny: 8.1 → 4.3 MB

    def test_store_float16_leaves_small_constants_float32(self):
        model = onnx.load(str(self.root / "fp32" / "encoder.onnx"))
        small = [t.name for t in model.graph.initializer if int(np.prod(t.dims or [1])) < WEIGHT_ELEMENTS]
        stats = store_weights_float16(model)
        kept = {t.name: t.data_type for t in model.graph.initializer}
        self.assertTrue(all(kept[name] == TensorProto.FLOAT for name in small))
        self.assertEqual(stats["bytes_after"] * 2, stats["bytes_before"])

    def test_weight_bytes_halve(self):
        def initializer_bytes(path):
            return sum(len(t.raw_data) or int(np.prod(t.dims)) * 4 for t in onnx.load(str(path)).graph.initializer)
        a = initializer_bytes(self.root / "fp32" / "decoder.onnx")
        b = initializer_bytes(self.root / "fp16" / "decoder.onnx")
        # 0.5 plus the small float32 constants (< WEIGHT_ELEMENTS values) of float32 nodes, a visible share only in
        # a model this tiny (a 128² LIA-X's decoder file shrinks to 0.5x; see convertCheckpoint.test.ts)
        self.assertLess(b / a, 0.65)

    def test_progress_events_follow_export_stages(self):
        stages = [e["stage"] for e in self.events if e["status"] == "start"]
        self.assertEqual(stages, export_stages("float16"))
        done = [e for e in self.events if e["status"] == "done"]
        self.assertEqual([e["stage"] for e in done], stages)
        self.assertTrue(all(e["seconds"] >= 0 for e in done))

    def test_convert_rejects_unknown_io(self):
        m = onnx.load(str(self.root / "fp32" / "encoder.onnx"))
        with self.assertRaises(ValueError):
            convert_float16(m, io="bfloat16")

    def test_manifest_on_disk_matches_returned(self):
        self.assertEqual(json.loads((self.root / "fp16" / "manifest.json").read_text()), self.manifest)


if __name__ == "__main__":
    unittest.main()
