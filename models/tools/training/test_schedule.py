import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import train  # noqa: E402
from training.schedule import learning_rate  # noqa: E402


class LearningRateTest(unittest.TestCase):
    def test_without_an_anneal_the_rate_is_constant(self):
        self.assertEqual([learning_rate(s, 2e-3) for s in (0, 10_000, 50_000)], [2e-3] * 3)

    def test_the_anneal_holds_then_falls_by_a_half_cosine_then_stays_at_the_final_rate(self):
        rates = [learning_rate(s, 2e-3, 2e-4, (100, 300)) for s in (0, 100, 200, 300, 10_000)]
        self.assertEqual(rates[:2], [2e-3, 2e-3])
        self.assertAlmostEqual(rates[2], 1.1e-3)           # halfway: the mean of the two rates
        self.assertEqual(rates[3:], [2e-4, 2e-4])
        inside = [learning_rate(s, 2e-3, 2e-4, (100, 300)) for s in range(100, 301)]
        self.assertTrue(all(a > b for a, b in zip(inside, inside[1:])))


class AnnealArgumentsTest(unittest.TestCase):
    def parse(self, *extra):
        return train.parse_args(['--data', 'd', '--run', 'r', *extra])

    def test_the_steps_and_the_final_rate_go_together(self):
        with self.assertRaisesRegex(SystemExit, 'go together'):
            train.lr_anneal(self.parse('--lr-anneal', '100', '300'))
        with self.assertRaisesRegex(SystemExit, 'go together'):
            train.lr_anneal(self.parse('--lr-final', '2e-4'))

    def test_a_backwards_anneal_is_refused_before_any_work(self):
        with self.assertRaisesRegex(SystemExit, 'END step must come after'):
            train.lr_anneal(self.parse('--lr-anneal', '300', '100', '--lr-final', '2e-4'))

    def test_no_anneal_by_default(self):
        self.assertIsNone(train.lr_anneal(self.parse()))
        self.assertEqual(train.lr_anneal(self.parse('--lr-anneal', '100', '300', '--lr-final', '2e-4')), (100, 300))


class AnnealedRunTest(unittest.TestCase):
    """train.py itself: the logged rate follows the schedule, and a run resumed from its checkpoint picks the
    schedule up at its step (not at the rate Adam saved)."""

    def run_ok(self, cmd):
        done = subprocess.run(cmd, capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])

    def test_a_resumed_run_continues_on_the_schedule(self):
        tools = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        with tempfile.TemporaryDirectory() as root:
            data, run = os.path.join(root, 'data'), os.path.join(root, 'run')
            self.run_ok([sys.executable, os.path.join(tools, 'render_dataset.py'), '--out', data, '--size', '64',
                         '--identities', '40', '--frames-per-identity', '2'])
            cmd = [sys.executable, os.path.join(tools, 'train.py'), '--data', data, '--run', run, '--resolution',
                   '64', '--width', 'tiny', '--style-dim', '32', '--motion-dim', '16', '--threads', '1',
                   '--checkpoint-every', '10', '--preview-every', '1000', '--lr', '2e-3', '--lr-anneal', '0', '15',
                   '--lr-final', '2e-4']
            self.run_ok(cmd + ['--steps', '10'])
            self.run_ok(cmd + ['--steps', '20'])
            with open(os.path.join(run, 'log.jsonl')) as f:
                rates = {r['step']: r['lr'] for r in map(json.loads, f) if 'lr' in r}
        self.assertEqual(sorted(rates), [10, 20])
        self.assertAlmostEqual(rates[10], learning_rate(9, 2e-3, 2e-4, (0, 15)))   # the rate step 10 was taken at
        self.assertAlmostEqual(rates[20], 2e-4)


if __name__ == '__main__':
    unittest.main()
