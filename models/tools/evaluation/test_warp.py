"""The warp gain of evaluation/warp.py: how far a warp moves the source against the true correspondence."""
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from evaluation.warp import warp_gain  # noqa: E402


class WarpGainTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.truth = torch.randn(2, 2, 8, 8) * 0.05
        self.trusted = (torch.rand(2, 1, 8, 8) > 0.3).float()

    def test_the_truth_scores_one_and_no_error(self):
        r = warp_gain(self.truth, self.truth, self.trusted)
        self.assertAlmostEqual(r['gain'], 1.0, places=5)
        self.assertAlmostEqual(r['error'], 0.0, places=7)
        self.assertGreater(r['error_no_warp'], 0.0)

    def test_half_the_turn_scores_half_and_a_reversed_warp_scores_minus_one(self):
        self.assertAlmostEqual(warp_gain(0.5 * self.truth, self.truth, self.trusted)['gain'], 0.5, places=5)
        self.assertAlmostEqual(warp_gain(-self.truth, self.truth, self.trusted)['gain'], -1.0, places=5)
        self.assertAlmostEqual(warp_gain(0 * self.truth, self.truth, self.trusted)['error'],
                               warp_gain(self.truth, self.truth, self.trusted)['error_no_warp'], places=7)

    def test_untrusted_pixels_do_not_count(self):
        wrong = torch.where(self.trusted.bool().expand_as(self.truth), self.truth, torch.full_like(self.truth, 9.0))
        self.assertAlmostEqual(warp_gain(wrong, self.truth, self.trusted)['gain'], 1.0, places=5)


if __name__ == '__main__':
    unittest.main()
