"""The training losses: the eye and mouth region weighting."""
import unittest

import torch

from training.losses import reconstruction_loss, region_weight


class RegionWeightTest(unittest.TestCase):
    def test_marks_each_samples_boxes_and_clips_them_to_the_image(self):
        w = region_weight([[(2, 3, 6, 5)], [(-4, -4, 2, 2), (30, 30, 40, 40)]], 32, 2.0)
        self.assertEqual(tuple(w.shape), (2, 1, 32, 32))
        self.assertEqual(float(w[0, 0, 3:5, 2:6].min()), 3.0)
        self.assertEqual(float(w[0].sum()), 32 * 32 + 2.0 * 8)        # 4×2 pixels inside, the rest 1
        self.assertEqual(float(w[1].sum()), 32 * 32 + 2.0 * (4 + 4))  # 2×2 at each corner survive the clipping

    def test_an_error_inside_the_boxes_costs_more_than_the_same_error_outside(self):
        torch.manual_seed(0)
        target = torch.rand(1, 3, 32, 32) * 2 - 1
        inside, outside = target.clone(), target.clone()
        inside[..., 4:8, 4:8] += 0.5
        outside[..., 20:24, 20:24] += 0.5
        region = region_weight([[(4, 4, 8, 8)]], 32, 2.0)

        def cost(pred, weight):
            return float(reconstruction_loss(pred, target, target, {}, weight)[0])
        self.assertAlmostEqual(cost(inside, None), cost(outside, None), places=2)
        self.assertGreater(cost(inside, region), cost(outside, region) * 1.3)  # pyramid and SSIM stay unweighted
        self.assertAlmostEqual(cost(outside, torch.ones(1, 1, 32, 32)), cost(outside, None), places=6)


if __name__ == '__main__':
    unittest.main()
