"""The evaluator's channel → α mapping is the calibration of training/targets.py (α[i] = param / divisor) with the
SDK's rules (clamp to the channel range, sum of terms, added onto α_src).

    cd models/tools && /usr/bin/python3 -m unittest discover -s evaluation -t .
"""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from avatars import MOTION_FIELDS  # noqa: E402
from evaluation.calibration import channel_alpha, channel_delta, evaluate_calibration  # noqa: E402
from training.targets import TIED_DIRECTIONS, channel_map, target_matrix  # noqa: E402

DIM = 20


class CalibrationTest(unittest.TestCase):
    def test_every_tied_channel_gives_param_over_divisor(self):
        channels = channel_map()
        columns, divisors = target_matrix(list(MOTION_FIELDS))
        for t, column, divisor in zip(TIED_DIRECTIONS, columns, divisors):
            lo, hi = t.range
            for v in (lo, 0.5 * (lo + hi), hi, 0.3 * hi):
                delta = channel_delta(channels, {t.channel: v}, DIM)
                expected = np.zeros(DIM, np.float32)
                expected[t.index] = v / divisor   # what train.py's tied_targets asks the encoder to output
                np.testing.assert_allclose(delta, expected, rtol=1e-6, atol=1e-7, err_msg=t.channel)
                self.assertEqual(MOTION_FIELDS[column], t.field)

    def test_the_calibration_inverts_the_training_target(self):
        # a rendered parameter vector → training targets; the channel values of those parameters → the same α
        channels = channel_map()
        columns, divisors = target_matrix(list(MOTION_FIELDS))
        params = np.array([12.0, -7.0, 5.0, 0.6, 0.2, 0.1, 0.0, 0.9, 0.4, -0.3, 0.5, -0.25], np.float32)
        targets = params[columns] / np.array(divisors, np.float32)
        values = {t.channel: float(params[c]) for t, c in zip(TIED_DIRECTIONS, columns)}
        np.testing.assert_allclose(channel_delta(channels, values, DIM)[:len(TIED_DIRECTIONS)], targets, rtol=1e-6)

    def test_eyes_blink_drives_both_lids(self):
        delta = channel_delta(channel_map(), {'eyes.blink': 0.8}, DIM)
        left = next(t for t in TIED_DIRECTIONS if t.field == 'blink_left')
        right = next(t for t in TIED_DIRECTIONS if t.field == 'blink_right')
        self.assertAlmostEqual(float(delta[left.index]), 0.8 / left.divisor, places=6)
        self.assertAlmostEqual(float(delta[right.index]), 0.8 / right.divisor, places=6)
        self.assertEqual(int((delta != 0).sum()), 2)

    def test_clamps_to_the_channel_range_like_the_sdk(self):
        channels = channel_map()
        yaw = next(t for t in TIED_DIRECTIONS if t.channel == 'head.yaw')
        self.assertAlmostEqual(float(channel_delta(channels, {'head.yaw': 90}, DIM)[yaw.index]),
                               yaw.range[1] / yaw.divisor, places=6)
        pitch = next(t for t in TIED_DIRECTIONS if t.channel == 'head.pitch')
        self.assertAlmostEqual(float(channel_delta(channels, {'head.pitch': -30}, DIM)[pitch.index]),
                               pitch.range[0] / pitch.divisor, places=6)

    def test_added_onto_the_source_alpha(self):
        src = np.linspace(-1, 1, DIM).astype(np.float32)
        out = channel_alpha(src, channel_map(), {'head.yaw': 10.0, 'mouth.open': 0.5})
        expected = src.copy()
        yaw = next(t for t in TIED_DIRECTIONS if t.channel == 'head.yaw')
        mouth = next(t for t in TIED_DIRECTIONS if t.channel == 'mouth.open')
        expected[yaw.index] += 10.0 / yaw.divisor
        expected[mouth.index] += 0.5 / mouth.divisor
        np.testing.assert_allclose(out, expected, rtol=1e-6)

    def test_piecewise_and_unknown(self):
        pw = {'type': 'piecewise', 'points': [[-30, -0.41], [0, 0], [30, 0.37]]}
        self.assertAlmostEqual(evaluate_calibration(pw, 15), 0.185)   # the SDK's documented example
        self.assertAlmostEqual(evaluate_calibration(pw, 99), 0.37)
        with self.assertRaises(KeyError):
            channel_delta(channel_map(), {'head.nope': 1.0}, DIM)


if __name__ == '__main__':
    unittest.main()
