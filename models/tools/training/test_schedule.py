import os
import sys
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

    def test_a_resumed_run_gets_the_same_rate_at_the_same_step(self):
        self.assertEqual(learning_rate(250, 2e-3, 2e-4, (100, 300)), learning_rate(250, 2e-3, 2e-4, (100, 300)))

    def test_an_end_before_the_start_is_refused(self):
        with self.assertRaisesRegex(ValueError, 'end step must come after'):
            learning_rate(5, 2e-3, 2e-4, (300, 100))


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


if __name__ == '__main__':
    unittest.main()
