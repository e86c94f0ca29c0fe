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
from avatars.identity import HAIR_STYLES  # noqa: E402
from evaluation.report import OBSERVATIONS, PLACEHOLDER, _failing_identities, write_report  # noqa: E402
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
        self.assertIn('training step **7**, EMA weights', report)
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
        own = [f for f in data['floors'] if 'change mainly in its own region' in f['name']]
        self.assertEqual([f['name'].split(':')[0] for f in own], ['head.yaw', 'head.pitch', 'mouth.open', 'eyes.blink'])
        for f in own:   # the report's locality, as a percentage that must exceed half
            share = 100 * data['control'][f['name'].split(':')[0]]['locality']['share_inside']
            self.assertAlmostEqual(f['value'], share, places=3)   # metrics.json keeps 6 decimals of the share
            self.assertEqual((f['op'], f['floor'], f['pass']), ('>', 50.0, share > 50))
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
        self.assertIn('## Warp under the channels', report)
        self.assertEqual(set(data['transfer']['encoder_readback']['yaw']),
                         {'pearson', 'mae', 'named_gain', 'free_gain'})
        record, = data['control']['head.yaw']['per_identity']   # one control identity: who it is, how it read
        self.assertEqual(record['seed'], data['identities']['seeds'][0])
        self.assertIn(record['hair_style'], HAIR_STYLES)
        self.assertTrue(0 <= record['skin_luminance'] <= 1)
        self.assertEqual(len(record['estimates']), len(data['control']['head.yaw']['values']))

    def test_reports_the_perfect_warp_beside_the_crop_floors(self):
        data = json.loads(read(os.path.join(self.out, 'report', 'metrics.json')))
        report = read(os.path.join(self.out, 'REPORT.md'))
        for task in ('self', 'cross'):
            ceiling, baseline = data['transfer'][f'{task}_perfect_warp'], data['transfer'][f'{task}_no_motion']
            # it moves the source where the truth has it: far better than the source itself
            self.assertGreater(ceiling['whole']['psnr']['mean'], baseline['whole']['psnr']['mean'] + 3)
            self.assertEqual(ceiling['eyes']['frames'], 6)
        crop_floors = [f for f in data['floors'] if 'crop PSNR within 3 dB' in f['name']]
        self.assertEqual(len(crop_floors), 4)
        for f in crop_floors:
            self.assertIn('perfect warp', f['detail'])
        self.assertIn('| self-reconstruction | perfect warp | eyes |', report)
        self.assertIn('| cross-identity | perfect warp | mouth |', report)

    def test_measures_the_warp_under_the_expressions_too_and_on_the_eyes_and_mouth_alone(self):
        data = json.loads(read(os.path.join(self.out, 'report', 'metrics.json')))
        report = read(os.path.join(self.out, 'REPORT.md'))
        self.assertEqual(set(data['warp']) - {'identities'}, {'head.yaw', 'head.pitch', 'mouth.open', 'eyes.blink'})
        opened = data['warp']['mouth.open']['per_value'][-1]   # mouth.open = 1: lips and jaw move apart
        self.assertEqual(opened['value'], 1.0)
        # the truth moves the eyes and mouth by pixels while the whole image's mean hardly moves (grid units are
        # 31.5 px at 64²)
        self.assertGreater(opened['feature_error_no_warp_px'], 0.5)
        self.assertGreater(opened['feature_error_no_warp_px'] / 31.5, 10 * opened['error_no_warp'])
        self.assertIn('| `mouth.open` | 1 |', report)
        self.assertIn('| `head.yaw` | 30° |', report)

    def test_deterministic_and_a_checkpoint_file_evaluates_as_its_run_folder(self):
        out2 = os.path.join(self.tmp, 'out2')
        argv = [os.path.join(a, 'checkpoint.pt') if a == self.argv[1] else a for a in self.argv]
        again = run_quietly(argv + ['--out', out2, '--control-identities', '0'])
        self.assertEqual(again['checkpoint']['path'], argv[1])
        for key in ('self', 'cross_relative', 'cross_absolute', 'cross_no_motion', 'self_perfect_warp'):
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


class WeightsTest(unittest.TestCase):
    def test_either_the_ema_or_the_generators_own_weights_load_and_the_info_says_which(self):
        from evaluation.model import load_run
        tmp = tempfile.mkdtemp(prefix='rig-eval-weights-')
        self.addCleanup(shutil.rmtree, tmp)
        torch.manual_seed(1)
        averaged = build_generator(CONFIG).state_dict()
        torch.manual_seed(2)
        own = build_generator(CONFIG).state_dict()
        path = os.path.join(tmp, 'slim.pt')
        torch.save({'ema': {k: v.half() for k, v in averaged.items()}, 'gen': own, 'step': 9, 'config': CONFIG}, path)
        for weights, expected in (('ema', averaged), ('gen', own)):
            gen, info = load_run(path, weights)
            self.assertEqual(info['weights'], weights)
            loaded = gen.state_dict()
            key = next(k for k, v in expected.items() if v.is_floating_point() and v.numel() > 100)
            self.assertTrue(torch.allclose(loaded[key], expected[key].float(), atol=1e-2), weights)
            self.assertFalse(torch.allclose(loaded[key], (own if weights == 'ema' else averaged)[key], atol=1e-2))
        with self.assertRaisesRegex(ValueError, 'weights must be one of'):
            load_run(path, 'best')
        torch.save({'ema': averaged, 'step': 9, 'config': CONFIG}, path)
        with self.assertRaisesRegex(SystemExit, 'needs "gen"'):
            load_run(path, 'gen')


class FailingIdentitiesTest(unittest.TestCase):
    @staticmethod
    def control(rows, unit='deg'):
        ok = {'per_identity': [{'seed': 9, 'hair_style': 'bob', 'skin_luminance': 0.5, 'spearman': 1.0,
                                'inversions': 0, 'max_abs_error': 1.0}], 'unit': 'amount'}
        return {'head.yaw': {'per_identity': rows, 'unit': unit}, 'head.pitch': ok, 'mouth.open': ok,
                'eyes.blink': ok}

    def test_names_the_failing_identities_worst_first_with_their_hair_and_skin(self):
        rows = [{'seed': 1, 'hair_style': 'mohawk', 'skin_luminance': 0.2, 'spearman': 0.95, 'inversions': 1,
                 'max_abs_error': 12.0},
                {'seed': 2, 'hair_style': 'mohawk', 'skin_luminance': 0.3, 'spearman': 0.3, 'inversions': 5,
                 'max_abs_error': 30.0},
                {'seed': 3, 'hair_style': 'bob', 'skin_luminance': 0.8, 'spearman': 1.0, 'inversions': 0,
                 'max_abs_error': 2.0},
                {'seed': 4, 'hair_style': 'mohawk', 'skin_luminance': 0.6, 'spearman': 0.99, 'inversions': 0,
                 'max_abs_error': 2.0}]
        yaw, pitch, mouth, blink = _failing_identities(self.control(rows))
        self.assertTrue(yaw.startswith('- `head.yaw`: 2 of 4 identities; hair mohawk 2 of 3;'), yaw)
        self.assertIn('skin luminance median 0.25 (all 0.45)', yaw)
        self.assertLess(yaw.index('2 (mohawk, skin 0.30): Spearman 0.30, 5 inv., max error 30.00°'),
                        yaw.index('1 (mohawk, skin 0.20)'))
        self.assertEqual(pitch, '- `head.pitch`: none of 1')

    def test_reports_written_before_the_records_have_no_lines(self):
        control = self.control([])
        for ch in control:
            control[ch] = {k: v for k, v in control[ch].items() if k != 'per_identity'}
        self.assertEqual(_failing_identities(control), [])


if __name__ == '__main__':
    unittest.main()
