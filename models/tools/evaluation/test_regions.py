"""Crop regions come from the renderer's geometry and sit where the renderer changes the eyes and the mouth.

    cd models/tools && /usr/bin/python3 -m unittest discover -s evaluation -t .
"""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from avatars import neutral, render, sample_identity, sample_motion  # noqa: E402
from evaluation.regions import Region, change_concentration, change_mask, frame_regions  # noqa: E402
from package_rig_tiny import held_out_seeds  # noqa: E402

SIZE = 128


def frames():
    for seed in held_out_seeds(3):
        idn = sample_identity(seed)
        for m in (neutral(), neutral().replace(yaw=20, pitch=-10, roll=8),
                  sample_motion(np.random.default_rng([seed, 1]))):
            yield idn, m


def inside(changed, region):
    return (changed & region.mask(SIZE)).sum() / max(changed.sum(), 1)


class RegionTest(unittest.TestCase):
    def test_eyes_above_mouth_and_face_contains_both(self):
        for idn, m in frames():
            r = frame_regions(idn, m, SIZE)
            self.assertEqual(len(r['eyes'].boxes), 2)
            self.assertLess(r['eyes'].center_y(), r['mouth'].center_y() - 5, (idn.seed, m))
            face = r['face'].mask(SIZE)
            self.assertTrue(face[r['eyes'].mask(SIZE)].all() and face[r['mouth'].mask(SIZE)].all())

    def test_eyelids_change_inside_the_eye_boxes(self):
        for idn, m in frames():
            r = frame_regions(idn, m, SIZE)
            closed = render(idn, m.replace(blink_left=1.0, blink_right=1.0), SIZE)
            opened = render(idn, m.replace(blink_left=0.0, blink_right=0.0), SIZE)
            changed = change_mask([closed], opened, dilate=0)
            self.assertGreater(changed.sum(), 30)
            self.assertGreaterEqual(inside(changed, r['eyes']), 0.95, (idn.seed, m))
            self.assertLess(inside(changed, r['mouth']), 0.05)

    def test_lips_change_inside_the_mouth_box(self):
        for idn, m in frames():
            r = frame_regions(idn, m, SIZE)
            for field in ('mouth_smile', 'mouth_round'):
                a = render(idn, m.replace(**{field: 1.0}), SIZE)
                b = render(idn, m.replace(**{field: 0.0}), SIZE)
                changed = change_mask([a], b, dilate=0)
                self.assertGreater(changed.sum(), 30)
                self.assertGreaterEqual(inside(changed, r['mouth']), 0.85, (idn.seed, m, field))

    def test_boxes_are_clipped_and_dropped_out_of_frame(self):
        idn = sample_identity(held_out_seeds(1)[0])
        r = frame_regions(idn, neutral(), 24)   # at 24 px every box is under MIN_SIDE: no regions
        self.assertIsNone(r['eyes'])
        self.assertIsNone(r['mouth'])
        for region in frame_regions(idn, neutral().replace(yaw=35, pitch=25), SIZE).values():
            for x0, y0, x1, y1 in region.boxes:
                self.assertTrue(0 <= x0 < x1 <= SIZE and 0 <= y0 < y1 <= SIZE)

    def test_change_concentration(self):
        region = Region('r', ((0, 0, 4, 4),)).mask(8)
        change = np.zeros((8, 8))
        change[:4, :4] = 3.0
        change[7, 7] = 1.0
        c = change_concentration(change, region)
        self.assertAlmostEqual(c['share'], 48 / 49)
        self.assertAlmostEqual(c['area'], 0.25)
        self.assertAlmostEqual(c['ratio'], 3.0 / (1 / 48))


if __name__ == '__main__':
    unittest.main()
