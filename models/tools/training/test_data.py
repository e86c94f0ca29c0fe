"""The pair loader: pairs stay within one identity and the eye/mouth boxes follow each frame's identity and motion."""
import tempfile
import unittest
from pathlib import Path

import numpy as np

from avatars import MOTION_FIELDS, MotionParams, feature_boxes, sample_identity
from training.data import AvatarPairs


def write_shard(folder, seeds, params):
    """A shard as render_dataset.py writes it (blank images: the loader's indexing is what is under test)."""
    np.save(Path(folder) / 'train-0.params.npy', np.asarray(params, np.float32))
    np.save(Path(folder) / 'train-0.ids.npy', np.asarray(seeds, np.int64))
    np.save(Path(folder) / 'train-0.images.npy', np.zeros((len(seeds), 64, 64, 3), np.uint8))


class AvatarPairsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        rng = np.random.default_rng(0)
        self.seeds = [11, 42, 11, 42, 7, 11]
        self.params = np.zeros((6, len(MOTION_FIELDS)), np.float32)
        self.params[:, 0] = rng.uniform(-30, 30, 6)   # yaw
        self.params[:, 3] = rng.uniform(0, 1, 6)      # mouth_open
        write_shard(self.tmp.name, self.seeds, self.params)
        self.data = AvatarPairs(self.tmp.name, 'train', seed=0)

    def tearDown(self):
        self.tmp.cleanup()

    def test_pairs_are_two_different_frames_of_one_identity(self):
        src, drv = self.data.pairs(64)
        self.assertTrue(np.all(self.data.ids[src] == self.data.ids[drv]))
        self.assertTrue(np.all(src != drv))
        self.assertNotIn(7, self.data.ids[src])  # an identity with one frame has no pair

    def test_boxes_follow_each_frames_identity_and_motion(self):
        index = np.array([5, 0, 3])
        boxes = self.data.feature_boxes(index)
        for row, i in zip(boxes, index):
            fb = feature_boxes(sample_identity(self.seeds[i]), MotionParams.from_array(self.params[i]), 64)
            self.assertEqual(row.tolist(), [list(fb['left_eye']), list(fb['right_eye']), list(fb['mouth'])])
        self.assertNotEqual(boxes[0].tolist(), boxes[1].tolist())  # same identity, other pose


if __name__ == '__main__':
    unittest.main()
