"""evaluation/warp.py: how far a warp moves the source against the true correspondence, and whether the eyes and
mouth come along."""
import os
import sys
import unittest

import numpy as np
import torch
from scipy import ndimage

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from avatars import neutral, render, sample_identity  # noqa: E402
from evaluation.regions import frame_regions  # noqa: E402
from evaluation.warp import feature_crops, warp_gain  # noqa: E402


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


class FeatureCropsTest(unittest.TestCase):
    def setUp(self):
        self.identities = [sample_identity(s) for s in (3, 4)]
        self.motion = neutral().replace(yaw=15.0)
        self.truths = np.stack([render(i, self.motion, 64) for i in self.identities])

    def test_the_truth_is_as_sharp_as_itself(self):
        r = feature_crops(self.truths, self.truths, self.identities, self.motion, 64)
        self.assertEqual(r['eyes_sharpness'], 1.0)
        self.assertEqual(r['mouth_sharpness'], 1.0)
        self.assertGreater(r['eyes_psnr'], 60)

    def test_wiped_eyes_score_low_and_soft_while_the_mouth_is_untouched(self):
        wiped = self.truths.copy()
        for k, idn in enumerate(self.identities):
            eyes = frame_regions(idn, self.motion, 64)['eyes'].mask(64)
            blurred = ndimage.uniform_filter(self.truths[k].astype(np.float32), (9, 9, 1))
            wiped[k][eyes] = blurred[eyes].astype(np.uint8)
        r = feature_crops(wiped, self.truths, self.identities, self.motion, 64)
        self.assertLess(r['eyes_sharpness'], 0.6)
        self.assertLess(r['eyes_psnr'], 30)
        self.assertEqual(r['mouth_sharpness'], 1.0)
