"""Single-channel samples: which α and parameters move, where their boxes lie, how the boxed L1 weighs pixels, and
that train.py refuses a box weight without the loss it belongs to and moves it does not know."""
import os
import shutil
import tempfile
import unittest

import numpy as np
import torch

from avatars import MOTION_FIELDS, feature_boxes, neutral, sample_identity
from train import parse_args, train
from training.single_channel import MOVES, box_l1, feature_box_mask, channel_moves
from training.targets import NUM_TIED, TIED_DIRECTIONS

MOUTH = MOTION_FIELDS.index('mouth_open')
BLINKS = [MOTION_FIELDS.index('blink_left'), MOTION_FIELDS.index('blink_right')]


class ChannelMovesTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.alpha = torch.randn(5, 20, requires_grad=True)
        self.params = torch.rand(5, len(MOTION_FIELDS))
        self.moved, self.moved_params, self.regions = channel_moves(
            self.alpha, self.params, generator=torch.Generator().manual_seed(3))

    def test_the_first_half_opens_the_mouth_and_the_rest_blink_both_eyes(self):
        self.assertEqual(self.regions, ['mouth'] * 3 + ['eyes'] * 2)
        for i, region in enumerate(self.regions):
            changed = [f for f in range(len(MOTION_FIELDS)) if self.moved_params[i, f] != self.params[i, f]]
            self.assertEqual(changed, [MOUTH] if region == 'mouth' else BLINKS)
            if region == 'eyes':
                self.assertEqual(float(self.moved_params[i, BLINKS[0]]), float(self.moved_params[i, BLINKS[1]]))

    def test_alpha_moves_only_the_channels_directions_by_amount_over_divisor(self):
        for i, region in enumerate(self.regions):
            directions = {t.index: t for t in MOVES[region].directions}
            for d in range(20):
                if d in directions:
                    field = MOTION_FIELDS.index(directions[d].field)
                    self.assertAlmostEqual(float(self.moved[i, d]),
                                           float(self.moved_params[i, field]) / directions[d].divisor, places=6)
                else:
                    self.assertEqual(float(self.moved[i, d]), float(self.alpha[i, d]))

    def test_pose_moves_set_one_angle_within_its_range_and_split_the_batch_with_the_others(self):
        params = torch.zeros(400, len(MOTION_FIELDS))
        moved, moved_params, regions = channel_moves(torch.zeros(400, 20), params, ('mouth', 'yaw', 'pitch'),
                                                     torch.Generator().manual_seed(4))
        self.assertEqual([regions.count(k) for k in ('mouth', 'yaw', 'pitch')], [134, 133, 133])
        for kind, (low, high) in (('yaw', (-35.0, 35.0)), ('pitch', (-25.0, 25.0))):
            rows = [i for i, r in enumerate(regions) if r == kind]
            field = MOTION_FIELDS.index(kind)
            angles = moved_params[rows, field]
            self.assertTrue(bool((angles >= low).all() and (angles <= high).all()))
            self.assertLess(float(angles.min()), low / 2, 'both signs are drawn')
            self.assertGreater(float(angles.max()), high / 2)
            others = [f for f in range(len(MOTION_FIELDS)) if f != field]
            self.assertEqual(float(moved_params[rows][:, others].abs().sum()), 0.0)
            tied = MOVES[kind].directions[0]
            self.assertTrue(torch.allclose(moved[rows, tied.index], angles / tied.divisor))

    def test_inputs_are_kept_and_the_free_directions_still_carry_gradients(self):
        self.assertFalse(torch.equal(self.moved_params, self.params))
        self.moved[:, NUM_TIED:].sum().backward()
        self.assertTrue(torch.all(self.alpha.grad[:, NUM_TIED:] == 1))
        mouth = [t.index for t in TIED_DIRECTIONS if t.field == 'mouth_open'][0]
        self.assertEqual(float(self.alpha.grad[0, mouth]), 0.0)


class FeatureBoxMaskTest(unittest.TestCase):
    def test_mouth_samples_cover_the_mouth_box_and_eye_samples_both_eye_boxes(self):
        seeds, rest = [11, 12], neutral().to_array()
        mask = feature_box_mask(seeds, np.stack([rest, rest]), ['mouth', 'eyes'], 128)
        mouth = feature_boxes(sample_identity(11), neutral(), 128)['mouth']
        eyes = feature_boxes(sample_identity(12), neutral(), 128)
        x0, y0, x1, y1 = mouth
        self.assertEqual(float(mask[0].sum()), (x1 - x0) * (y1 - y0))
        self.assertEqual(float(mask[0, 0, y0:y1, x0:x1].min()), 1.0)
        for name in ('left_eye', 'right_eye'):
            x0, y0, x1, y1 = eyes[name]
            self.assertEqual(float(mask[1, 0, y0:y1, x0:x1].min()), 1.0)
        self.assertEqual(float(mask[1, 0, mouth[1]:mouth[3]].sum()), 0.0, 'the eyes mask leaves the mouth rows')

    def test_a_pose_move_boxes_the_mouth_and_both_eyes(self):
        rest = neutral().to_array()
        boxes = feature_boxes(sample_identity(13), neutral(), 128)
        mask = feature_box_mask([13], rest[None], ['pitch'], 128)
        for name in ('mouth', 'left_eye', 'right_eye'):
            x0, y0, x1, y1 = boxes[name]
            self.assertEqual(float(mask[0, 0, y0:y1, x0:x1].min()), 1.0, name)

    def test_boxes_past_the_frame_are_clipped(self):
        turned = neutral().replace(yaw=35.0, pitch=-25.0).to_array()
        mask = feature_box_mask([5], turned[None], ['eyes'], 16)
        self.assertEqual(tuple(mask.shape), (1, 1, 16, 16))
        self.assertGreater(float(mask.sum()), 0)


class BoxL1Test(unittest.TestCase):
    def test_each_boxed_pixel_weighs_one_over_the_boxed_pixels_and_the_rest_nothing(self):
        out, target = torch.zeros(2, 3, 8, 8), torch.zeros(2, 3, 8, 8)
        mask = torch.zeros(2, 1, 8, 8)
        mask[0, :, :2, :2] = 1        # 4 pixels
        out[0, :, 0, 0] = 0.8         # one boxed pixel off by 0.8 in every colour
        out[1] = 5.0                  # unboxed error does not count
        self.assertAlmostEqual(float(box_l1(out, target, mask)), 0.8 / 4, places=6)

    def test_an_empty_mask_gives_zero(self):
        self.assertEqual(float(box_l1(torch.ones(1, 3, 4, 4), torch.zeros(1, 3, 4, 4), torch.zeros(1, 1, 4, 4))), 0.0)


class FlagsTest(unittest.TestCase):
    def refused(self, *flags):
        """train.py's message for these flags; the run folder must not have been created."""
        root = tempfile.mkdtemp(prefix='rig-flags-')
        self.addCleanup(shutil.rmtree, root)
        run = os.path.join(root, 'run')
        with self.assertRaises(SystemExit) as caught:
            train(parse_args(['--data', os.path.join(root, 'data'), '--run', run, *flags]))
        self.assertFalse(os.path.exists(run), 'refused before any work')
        return str(caught.exception)

    def test_a_box_weight_without_the_single_channel_loss_is_refused_before_any_work(self):
        self.assertIn('add --single-channel', self.refused('--single-channel-box', '20'))

    def test_an_unknown_move_is_refused_with_the_known_ones(self):
        self.assertIn('mouth, eyes, yaw, pitch', self.refused('--single-channel', '1', '--single-channel-moves',
                                                               'mouth,roll'))


if __name__ == '__main__':
    unittest.main()
