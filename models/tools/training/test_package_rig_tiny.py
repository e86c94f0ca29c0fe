"""Re-packaging rig-tiny replaces the model folder but keeps what was written by hand or by the evaluation; the
samples' regions say where the renderer itself changes each local channel."""
import contextlib
import dataclasses
import io
import json
import os
import shutil
import tempfile
import unittest

import numpy as np

from avatars import feature_boxes, neutral, render, sample_identity
from evaluation.regions import change_mask
from package_rig_tiny import _json_flat_lists, change_spans, held_out_seeds, kept_aside


class KeptAsideTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.folder = os.path.join(self.root, 'rig-tiny')
        os.makedirs(os.path.join(self.folder, 'report'))
        for name, text in (('MODEL_CARD.md', 'card'), ('REPORT.md', 'report'), ('report/metrics.json', '{}'),
                           ('encoder.onnx', 'old weights')):
            with open(os.path.join(self.folder, name), 'w') as f:
                f.write(text)
        self.addCleanup(shutil.rmtree, self.root)

    def replace_folder(self):  # what export_model(overwrite=True) does to its output folder
        shutil.rmtree(self.folder)
        os.makedirs(self.folder)
        with open(os.path.join(self.folder, 'encoder.onnx'), 'w') as f:
            f.write('new weights')

    def read(self, name):
        with open(os.path.join(self.folder, name)) as f:
            return f.read()

    def test_the_card_and_the_evaluation_survive_a_replaced_folder(self):
        with kept_aside(self.folder):
            self.replace_folder()
        self.assertEqual(self.read('MODEL_CARD.md'), 'card')
        self.assertEqual(self.read('REPORT.md'), 'report')
        self.assertEqual(self.read('report/metrics.json'), '{}')
        self.assertEqual(self.read('encoder.onnx'), 'new weights')

    def test_they_come_back_when_the_export_fails_after_removing_the_folder(self):
        with self.assertRaisesRegex(RuntimeError, 'export failed'):
            with kept_aside(self.folder):
                shutil.rmtree(self.folder)
                raise RuntimeError('export failed')
        self.assertEqual(self.read('MODEL_CARD.md'), 'card')
        self.assertEqual(self.read('report/metrics.json'), '{}')

    def test_a_first_packaging_has_nothing_to_keep(self):
        empty = os.path.join(self.root, 'new')
        with kept_aside(empty):
            os.makedirs(empty)
        self.assertEqual(os.listdir(empty), [])


class ChangeSpansTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.identity = sample_identity(held_out_seeds(1)[0])
        cls.changes = change_spans(cls.identity, 128)

    def mask(self, channel):
        m = np.zeros((128, 128), bool)
        for y, x0, x1 in self.changes[channel]['spans']:
            m[y, x0:x1] = True
        return m

    def test_the_spans_are_the_renderers_change_mask_at_the_test_value(self):
        moved = render(self.identity, dataclasses.replace(neutral(), mouth_open=0.9), 128)
        expected = change_mask([moved], render(self.identity, neutral(), 128))
        self.assertEqual(self.changes['mouth.open']['value'], 0.9)
        np.testing.assert_array_equal(self.mask('mouth.open'), expected)

    def test_an_opening_mouth_changes_the_chin_below_the_mouth_box_and_a_blink_stays_in_the_eye_boxes(self):
        boxes = feature_boxes(self.identity, neutral(), 128)
        mouth = self.mask('mouth.open')
        self.assertGreater(mouth[boxes['mouth'][3] + 4:].sum(), 0)
        blink = self.mask('eyes.blink')
        inside = np.zeros_like(blink)
        for name in ('left_eye', 'right_eye'):
            x0, y0, x1, y1 = boxes[name]
            inside[y0 - 4:y1 + 4, x0 - 4:x1 + 4] = True
        self.assertGreater(blink.sum(), 0)
        self.assertEqual((blink & ~inside).sum(), 0)

    def test_the_regions_file_keeps_each_span_on_one_line_and_reads_back_the_same(self):
        data = {'boxes': {'a.png': {'mouth': [1, 2, 3, 4]}}, 'changes': {'a.png': self.changes}}
        text = _json_flat_lists(data)
        self.assertEqual(json.loads(text), data)
        self.assertIn('"mouth": [1, 2, 3, 4]', text)


class WeightsTest(unittest.TestCase):
    def test_the_export_carries_the_weights_asked_for_and_the_manifest_says_which(self):
        import onnx
        import torch
        from onnx import numpy_helper

        from package_rig_tiny import main
        from train import build_generator

        root = tempfile.mkdtemp(prefix='rig-package-weights-')
        self.addCleanup(shutil.rmtree, root)
        config = {'resolution': 64, 'width': 'tiny', 'style_dim': 32, 'motion_dim': 16, 'image_skip': True,
                  'detail_skip': True}
        torch.manual_seed(1)
        averaged = build_generator(config).state_dict()
        torch.manual_seed(2)
        own = build_generator(config).state_dict()
        os.makedirs(os.path.join(root, 'run'))
        torch.save({'ema': averaged, 'gen': own, 'step': 5, 'config': config}, os.path.join(root, 'run', 'checkpoint.pt'))
        for weights, expected, other in (('gen', own, averaged), ('ema', averaged, own)):
            out = os.path.join(root, weights)
            with contextlib.redirect_stdout(io.StringIO()):
                main(['--run', os.path.join(root, 'run'), '--out', out, '--weights', weights])
            with open(os.path.join(out, 'manifest.json')) as f:
                self.assertEqual(json.load(f)['provenance']['weights'], weights)
            stored = [numpy_helper.to_array(t).astype(np.float32)
                      for t in onnx.load(os.path.join(out, 'decoder.onnx')).graph.initializer]
            self.assertTrue(any(_holds(stored, expected[k]) for k in expected if expected[k].numel() > 256))
            self.assertFalse(any(_holds(stored, other[k]) for k in other if other[k].numel() > 256))

    def test_weights_the_checkpoint_lacks_are_refused_before_the_folder_is_touched(self):
        import torch

        from package_rig_tiny import main
        from train import build_generator

        root = tempfile.mkdtemp(prefix='rig-package-missing-')
        self.addCleanup(shutil.rmtree, root)
        config = {'resolution': 64, 'width': 'tiny', 'style_dim': 32, 'motion_dim': 16}
        os.makedirs(os.path.join(root, 'run'))
        torch.save({'ema': build_generator(config).state_dict(), 'step': 5, 'config': config},
                   os.path.join(root, 'run', 'checkpoint.pt'))
        out = os.path.join(root, 'out')
        with self.assertRaisesRegex(SystemExit, 'needs "gen"'):
            main(['--run', os.path.join(root, 'run'), '--out', out, '--weights', 'gen'])
        self.assertFalse(os.path.exists(out))


def _holds(stored, tensor):
    """Whether an initializer equals `tensor` to float16 precision."""
    value = tensor.detach().float().numpy()
    return any(s.shape == value.shape and np.allclose(s, value, atol=2e-3) for s in stored)


if __name__ == '__main__':
    unittest.main()
