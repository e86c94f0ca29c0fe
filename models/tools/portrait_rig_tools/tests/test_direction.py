"""The motion dictionary's sign convention (layers.Direction): LAPACK's, as the official code, or positive."""
import unittest

import torch

from portrait_rig_tools.layers import Direction


def with_pivot(d: Direction, value: float) -> torch.Tensor:
    with torch.no_grad():
        d.weight[0, 0] = value
    return d.q().clone()


class DirectionSignTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.d = Direction(16, 4)

    def test_under_lapack_s_convention_a_column_turns_over_when_its_pivot_crosses_zero(self):
        before, after = with_pivot(self.d, 1e-4), with_pivot(self.d, -1e-4)
        self.assertAlmostEqual(float(before[:, 0] @ after[:, 0]), -1.0, places=5)

    def test_positive_columns_follow_the_weights_continuously(self):
        self.d.make_positive()
        before, after = with_pivot(self.d, 1e-4), with_pivot(self.d, -1e-4)
        self.assertAlmostEqual(float(before[:, 0] @ after[:, 0]), 1.0, places=5)
        w = self.d.weight[:, 0]
        torch.testing.assert_close(after[:, 0], w / w.norm(), rtol=0, atol=1e-6)

    def test_switching_keeps_q(self):
        with_pivot(self.d, 1e-3)  # a positive pivot: LAPACK's R00 < 0, so weight column 0 changes sign
        before = self.d.q().clone()
        signs = self.d.make_positive()
        self.assertEqual(float(signs[0]), -1.0)
        torch.testing.assert_close(self.d.q(), before, rtol=0, atol=1e-6)
        torch.testing.assert_close(self.d.make_positive(), torch.ones(4))  # already positive: nothing changes

    def test_the_flag_travels_with_the_weights_and_the_official_layout_has_no_entry(self):
        self.assertEqual(sorted(self.d.state_dict()), ['weight'])
        self.d.make_positive()
        saved = self.d.state_dict()
        self.assertEqual(sorted(saved), ['positive', 'weight'])
        fresh = Direction(16, 4)
        fresh.load_state_dict(saved)
        self.assertTrue(fresh.positive)
        torch.testing.assert_close(fresh.q(), self.d.q())
        fresh.load_state_dict({'weight': saved['weight']})  # an official or older state dict
        self.assertFalse(fresh.positive)


if __name__ == '__main__':
    unittest.main()
