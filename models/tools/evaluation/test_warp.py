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
from avatars.render import render_geometry  # noqa: E402
from evaluation.metrics import psnr  # noqa: E402
from evaluation.regions import frame_regions, region_metrics  # noqa: E402
from evaluation.warp import feature_crops, perfect_warp, warp_gain  # noqa: E402
from training.correspondence import frame_constants, source_flow  # noqa: E402


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


class PerfectWarpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.identity = sample_identity(5)
        cls.source = render(cls.identity, neutral(), 64)
        cls.motions = [neutral(), neutral().replace(yaw=15.0, mouth_open=0.8)]
        cls.truths = np.stack([render(cls.identity, m, 64) for m in cls.motions])
        cls.out = perfect_warp(cls.identity, cls.source, cls.motions, cls.truths)

    def test_the_neutral_pose_gives_the_source_back(self):
        self.assertEqual(self.out.dtype, np.uint8)
        self.assertEqual(self.out.shape, (2, 64, 64, 3))
        self.assertLessEqual(np.abs(self.out[0].astype(int) - self.source.astype(int)).max(), 1)

    def test_a_turn_with_an_open_mouth_is_reproduced_far_better_than_by_the_source(self):
        truth, regions = self.truths[1], frame_regions(self.identity, self.motions[1], 64)
        self.assertGreater(psnr(self.out[1], truth), psnr(self.source, truth) + 8)
        self.assertGreater(region_metrics(self.out[1], truth, regions['mouth'])['psnr'],
                           region_metrics(self.source, truth, regions['mouth'])['psnr'] + 5)

    def test_pixels_the_source_does_not_show_come_from_the_truth(self):
        depth_d, part_d = render_geometry(self.identity, self.motions[1], 64)
        _, trusted = source_flow(torch.from_numpy(depth_d)[None], torch.from_numpy(part_d)[None].long(),
                                 torch.from_numpy(render_geometry(self.identity, neutral(), 64)[0])[None],
                                 torch.tensor([frame_constants(self.identity)], dtype=torch.float32),
                                 torch.from_numpy(neutral().to_array())[None],
                                 torch.from_numpy(self.motions[1].to_array())[None])
        hidden = trusted[0, 0].numpy() == 0
        self.assertGreater(hidden.sum(), 20)  # the opened mouth's inside, at least
        np.testing.assert_array_equal(self.out[1][hidden], self.truths[1][hidden])


if __name__ == '__main__':
    unittest.main()
