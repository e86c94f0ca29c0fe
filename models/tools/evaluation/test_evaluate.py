"""End to end: evaluate.py on a tiny untrained 64² generator writes REPORT.md, the grids and metrics.json,
deterministically, and keeps a person's Observations when the report is regenerated.

    cd models/tools && /usr/bin/python3 -m unittest discover -s evaluation -t .
"""
import contextlib
import io
import json
import math
import os
import shutil
import sys
import tempfile
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import evaluate  # noqa: E402
from evaluation.report import OBSERVATIONS, PLACEHOLDER, write_report  # noqa: E402
from train import build_generator  # noqa: E402

def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def run_quietly(argv):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return evaluate.main(argv)


CONFIG = {'resolution': 64, 'width': 'tiny', 'style_dim': 32, 'motion_dim': 16, 'image_skip': True,
          'detail_skip': True}


class EvaluateEndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(1)
        cls.tmp = tempfile.mkdtemp(prefix='rig-eval-test-')
        run = os.path.join(cls.tmp, 'run')
        os.makedirs(run)
        torch.manual_seed(0)
        gen = build_generator(CONFIG)
        torch.save({'ema': gen.state_dict(), 'gen': gen.state_dict(), 'step': 7, 'config': CONFIG},
                   os.path.join(run, 'checkpoint.pt'))
        cls.argv = ['--run', run, '--identities', '3', '--frames', '2', '--control-identities', '1',
                    '--grid-rows', '2', '--grid-identities', '1']
        cls.out = os.path.join(cls.tmp, 'out')
        cls.metrics = run_quietly(cls.argv + ['--out', cls.out])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_writes_report_grids_and_metrics(self):
        report = read(os.path.join(self.out, 'REPORT.md'))
        self.assertIn('**Generated** by `models/tools/evaluate.py`', report)
        self.assertIn('training step **7**', report)
        self.assertIn(OBSERVATIONS, report)
        self.assertIn(PLACEHOLDER, report)
        for name in ('self.png', 'cross.png', 'crops.png', 'sweep-yaw.png', 'sweep-pitch.png',
                     'sweep-mouth-open.png', 'sweep-eyes-blink.png'):
            path = os.path.join(self.out, 'report', name)
            self.assertTrue(os.path.exists(path), name)
            self.assertIn(f'(report/{name})', report)
            self.assertLess(os.path.getsize(path), 300_000)
        data = json.loads(read(os.path.join(self.out, 'report', 'metrics.json')))
        self.assertEqual(data['checkpoint']['step'], 7)
        self.assertEqual(len(data['identities']['seeds']), 3)
        names = [f['name'] for f in data['floors']]
        self.assertIn('Self-reconstruction PSNR', names)
        self.assertIn('Cross-identity gain over the no-motion baseline', names)
        self.assertTrue(any(n.startswith('head.yaw: read-back error') for n in names))
        for f in data['floors']:
            self.assertIn('PASS' if f['pass'] else '**FAIL**', report)
        # an untrained generator must not pass the transfer floors
        self.assertFalse(next(f for f in data['floors'] if f['name'] == 'Self-reconstruction PSNR')['pass'])
        self.assertEqual(len(data['transfer']['per_frame']), 6)
        self.assertEqual([r['value'] for r in data['warp']['head.yaw']['per_value']], [-30, -15, 15, 30])
        for row in data['warp']['head.yaw']['per_value']:   # the crops of the same outputs, scored
            self.assertTrue(all(math.isfinite(row[k]) for k in ('eyes_psnr', 'eyes_sharpness', 'mouth_psnr',
                                                                  'mouth_sharpness')), row)
        self.assertIn('| eyes PSNR | eyes sharpness |', report)
        self.assertIn('## Warp under the pose channels', report)
        self.assertEqual(set(data['transfer']['encoder_readback']['yaw']),
                         {'pearson', 'mae', 'named_gain', 'free_gain'})

    def test_deterministic(self):
        out2 = os.path.join(self.tmp, 'out2')
        again = run_quietly(self.argv + ['--out', out2, '--control-identities', '0'])
        for key in ('self', 'cross_relative', 'cross_absolute', 'cross_no_motion'):
            self.assertEqual(again['transfer'][key], self.metrics['transfer'][key], key)

    def test_keeps_the_observations_written_by_a_person(self):
        out3 = os.path.join(self.tmp, 'out3')
        os.makedirs(out3)
        path = write_report(out3, self.metrics)
        text = read(path).replace(PLACEHOLDER, 'Eyes are blurred; pose follows.')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        write_report(out3, self.metrics)
        text = read(path)
        self.assertIn('Eyes are blurred; pose follows.', text)
        self.assertNotIn(PLACEHOLDER, text)
        self.assertIn('Kept from the previous REPORT.md', text)
        write_report(out3, self.metrics)   # a third time: the note is not repeated
        self.assertEqual(read(path).count('Kept from the previous REPORT.md'), 1)


if __name__ == '__main__':
    unittest.main()
