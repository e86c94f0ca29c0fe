"""The evaluator's measures of the encoder's α (evaluation/model.py)."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from evaluation.model import direction_gains  # noqa: E402


class DirectionGainsTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(0)
        self.params = rng.uniform(-1, 1, (300, 3)) * np.array([30.0, 1.0, 1.0])
        self.divisors = [200.0, 5.0, 5.0]

    def gains(self, delta):
        return direction_gains(delta, self.params, [0, 1, 2], self.divisors, ['yaw', 'open', 'smile'], 3)

    def test_a_calibrated_encoder_without_free_motion_scores_one_and_zero(self):
        delta = np.concatenate([self.params / self.divisors, np.zeros((300, 2))], 1)
        for named, free in self.gains(delta).values():
            self.assertAlmostEqual(named, 1.0, places=6)
            self.assertAlmostEqual(free, 0.0, places=6)

    def test_motion_copied_into_free_directions_is_measured_in_calibrated_steps(self):
        step = self.params / self.divisors
        # yaw at 0.8 of its calibration, plus 0.6 and 0.8 of it in the two free directions (norm 1.0)
        delta = np.stack([0.8 * step[:, 0], step[:, 1], step[:, 2], 0.6 * step[:, 0], 0.8 * step[:, 0]], 1)
        gains = self.gains(delta)
        self.assertAlmostEqual(gains['yaw'][0], 0.8, places=6)
        self.assertAlmostEqual(gains['yaw'][1], 1.0, places=6)
        self.assertAlmostEqual(gains['open'][1], 0.0, places=6)

    def test_an_identity_offset_in_the_free_directions_is_not_motion(self):
        delta = np.concatenate([self.params / self.divisors, np.full((300, 2), 0.3)], 1)
        self.assertAlmostEqual(self.gains(delta)['yaw'][1], 0.0, places=6)


if __name__ == '__main__':
    unittest.main()
