"""Metric functions against known values.

    cd models/tools && /usr/bin/python3 -m unittest discover -s evaluation -t .
"""
import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from evaluation.metrics import (gradient_energy, inversions, psnr, sharpness_ratio, spearman, ssim,  # noqa: E402
                                summarize, PSNR_CAP_DB)


def brute_ssim(x, y, win=11, sigma=1.5):
    """Direct per-window SSIM (Wang et al. 2004), for checking the separable implementation."""
    r = np.arange(win) - (win - 1) / 2
    g = np.exp(-r ** 2 / (2 * sigma ** 2))
    w = np.outer(g, g)
    w /= w.sum()
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    vals = []
    for c in range(x.shape[2]):
        for i in range(x.shape[0] - win + 1):
            for j in range(x.shape[1] - win + 1):
                a, b = x[i:i + win, j:j + win, c], y[i:i + win, j:j + win, c]
                ma, mb = (w * a).sum(), (w * b).sum()
                va, vb = (w * a * a).sum() - ma ** 2, (w * b * b).sum() - mb ** 2
                cov = (w * a * b).sum() - ma * mb
                vals.append(((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma ** 2 + mb ** 2 + c1) * (va + vb + c2)))
    return float(np.mean(vals))


class PsnrTest(unittest.TestCase):
    def test_known_values(self):
        a = np.zeros((8, 8, 3))
        self.assertAlmostEqual(psnr(a + 0.1, a), 20.0, places=9)        # MSE 0.01
        self.assertAlmostEqual(psnr(a + 0.01, a), 40.0, places=9)       # MSE 1e-4
        black, white = np.zeros((4, 4, 3), np.uint8), np.full((4, 4, 3), 255, np.uint8)
        self.assertAlmostEqual(psnr(black, white), 0.0, places=9)       # uint8 is scaled to [0, 1]

    def test_identical_is_infinite_and_capped_in_summaries(self):
        img = np.random.default_rng(0).integers(0, 256, (16, 16, 3)).astype(np.uint8)
        self.assertEqual(psnr(img, img), math.inf)
        self.assertEqual(summarize([psnr(img, img), 20.0])['max'], PSNR_CAP_DB)

    def test_mask(self):
        a, b = np.zeros((4, 4, 3)), np.zeros((4, 4, 3))
        b[0, 0] = 0.1
        m = np.zeros((4, 4), bool)
        m[:2, :2] = True
        self.assertAlmostEqual(psnr(a, b, m), 10 * math.log10(1 / (0.01 / 4)), places=9)
        m[:] = False
        m[3, 3] = True
        self.assertEqual(psnr(a, b, m), math.inf)

    def test_shape_mismatch(self):
        with self.assertRaises(ValueError):
            psnr(np.zeros((4, 4, 3)), np.zeros((4, 5, 3)))


class SsimTest(unittest.TestCase):
    def test_identical(self):
        img = np.random.default_rng(1).integers(0, 256, (32, 32, 3)).astype(np.uint8)
        self.assertAlmostEqual(ssim(img, img), 1.0, places=12)

    def test_constant_images_known_value(self):
        # no variance: SSIM = (2 μx μy + C1) / (μx² + μy² + C1)
        x, y = np.full((16, 16, 3), 0.5), np.full((16, 16, 3), 0.25)
        c1 = 0.01 ** 2
        self.assertAlmostEqual(ssim(x, y), (2 * 0.5 * 0.25 + c1) / (0.25 + 0.0625 + c1), places=9)

    def test_matches_direct_window_computation(self):
        rng = np.random.default_rng(2)
        x = rng.random((18, 20, 3))
        y = np.clip(x + rng.normal(0, 0.1, x.shape), 0, 1)
        self.assertAlmostEqual(ssim(x, y), brute_ssim(x, y), places=9)
        self.assertAlmostEqual(ssim(x, y), ssim(y, x), places=12)

    def test_noise_lowers_it(self):
        rng = np.random.default_rng(3)
        x = rng.random((32, 32, 3))
        a = ssim(x, np.clip(x + rng.normal(0, 0.05, x.shape), 0, 1))
        b = ssim(x, np.clip(x + rng.normal(0, 0.2, x.shape), 0, 1))
        self.assertLess(b, a)
        self.assertLess(a, 1.0)


class SharpnessTest(unittest.TestCase):
    def test_ramp_and_constant(self):
        ramp = np.tile(np.arange(20, dtype=np.float64)[None, :, None] * 0.01, (20, 1, 3))
        self.assertAlmostEqual(gradient_energy(ramp), 0.01, places=9)
        self.assertEqual(gradient_energy(np.full((8, 8, 3), 0.3)), 0.0)

    def test_blur_is_below_one(self):
        from scipy import ndimage
        x = np.random.default_rng(4).random((32, 32, 3))
        blurred = ndimage.gaussian_filter(x, (1.5, 1.5, 0))
        self.assertLess(sharpness_ratio(blurred, x), 0.6)
        self.assertAlmostEqual(sharpness_ratio(x, x), 1.0)


class RankTest(unittest.TestCase):
    def test_spearman(self):
        self.assertAlmostEqual(spearman([1, 2, 3, 4], [10, 20, 25, 100]), 1.0)
        self.assertAlmostEqual(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1.0)
        self.assertEqual(spearman([1, 2, 3], [5, 5, 5]), 0.0)            # a flat sweep has no ordering
        self.assertAlmostEqual(spearman([1, 2, 3, 4], [1, 1, 2, 3]), 0.9486832980505138)  # ties: average ranks

    def test_inversions(self):
        self.assertEqual(inversions([0, 1, 0.5, 2, 3]), 1)
        self.assertEqual(inversions([0, 1, 0.5, 2, 3], tolerance=0.6), 0)
        self.assertEqual(inversions([3, 2, 1]), 2)


if __name__ == '__main__':
    unittest.main()
