"""Reading pose and expression back from ground-truth renders.

    cd models/tools && /usr/bin/python3 -m unittest discover -s evaluation -t .
"""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from avatars import neutral, render, sample_identity  # noqa: E402
from evaluation.estimate import estimate, parabolic_minimum, render_grid  # noqa: E402
from package_rig_tiny import held_out_seeds  # noqa: E402

SIZE = 128


class ParabolaTest(unittest.TestCase):
    def test_exact_on_a_parabola(self):
        x = np.arange(0, 11, 1.0)
        v, bound = parabolic_minimum(x, (x - 3.3) ** 2 + 2)
        self.assertAlmostEqual(v, 3.3, places=9)
        self.assertFalse(bound)

    def test_minimum_on_the_edge_is_flagged(self):
        x = np.arange(0, 5, 1.0)
        self.assertEqual(parabolic_minimum(x, x + 1.0), (0.0, True))
        self.assertEqual(parabolic_minimum(x, -x), (4.0, True))


class GroundTruthReadBackTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.idn = sample_identity(held_out_seeds(2)[1])

    def test_recovers_a_known_yaw_within_one_degree(self):
        grid = render_grid(self.idn, neutral(), ('yaw',), np.arange(-40, 41, 1.0), SIZE)
        truth = np.array([-27.6, -12.4, 0.0, 3.3, 18.7, 29.5])
        imgs = np.stack([render(self.idn, neutral().replace(yaw=float(v)), SIZE) for v in truth])
        est, bound = estimate(imgs, grid)
        self.assertFalse(bound.any())
        np.testing.assert_array_less(np.abs(est - truth), 1.0)

    def test_blurred_output_still_reads_back(self):
        # model outputs are blurrier than the truth: the MSE minimum must still sit at the right angle
        from scipy import ndimage
        grid = render_grid(self.idn, neutral(), ('yaw',), np.arange(-40, 41, 1.0), SIZE)
        img = render(self.idn, neutral().replace(yaw=12.4), SIZE).astype(np.float64)
        blurred = np.clip(ndimage.gaussian_filter(img, (1.5, 1.5, 0)), 0, 255).round().astype(np.uint8)
        est, _ = estimate(blurred[None], grid)
        self.assertLess(abs(est[0] - 12.4), 1.0)

    def test_recovers_a_known_pitch_and_mouth_opening(self):
        grid = render_grid(self.idn, neutral(), ('pitch',), np.arange(-35, 36, 1.0), SIZE)
        est, _ = estimate(render(self.idn, neutral().replace(pitch=-17.4), SIZE)[None], grid)
        self.assertLess(abs(est[0] + 17.4), 1.0)
        grid = render_grid(self.idn, neutral(), ('mouth_open',), np.linspace(0, 1, 21), SIZE)
        est, _ = estimate(render(self.idn, neutral().replace(mouth_open=0.63), SIZE)[None], grid)
        self.assertLess(abs(est[0] - 0.63), 0.05)

    def test_grid_must_be_uniform(self):
        with self.assertRaises(ValueError):
            render_grid(self.idn, neutral(), ('yaw',), [0.0, 1.0, 3.0], SIZE)


if __name__ == '__main__':
    unittest.main()
