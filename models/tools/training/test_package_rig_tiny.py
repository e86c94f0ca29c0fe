"""Re-packaging rig-tiny replaces the model folder but keeps what was written by hand or by the evaluation."""
import os
import shutil
import tempfile
import unittest

from package_rig_tiny import kept_aside


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


if __name__ == '__main__':
    unittest.main()
