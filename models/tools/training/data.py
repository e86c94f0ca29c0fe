"""Pairs of frames of the same identity from the pre-rendered avatar shards.

Shards are written by models/tools/render_dataset.py: `<split>-<k>.images.npy`, `.params.npy`, `.ids.npy`.
"""
import glob
import os

import numpy as np
import torch

from avatars import MotionParams, feature_boxes, sample_identity


class AvatarPairs:
    """All frames of one split held in memory as uint8; `batch()` draws (source, driving) pairs of one identity."""

    def __init__(self, root: str, split: str, seed: int = 0):
        images, params, ids = [], [], []
        pattern = os.path.join(root, f'{split}-*.images.npy')
        for image_file in sorted(glob.glob(pattern)):
            images.append(np.load(image_file, mmap_mode='r'))
            params.append(np.load(image_file.replace('images', 'params')))
            ids.append(np.load(image_file.replace('images', 'ids')))
        if not images:
            raise FileNotFoundError(f'no shards match {pattern}: render the data set first (models/README.md)')
        self.images = np.concatenate(images)
        self.params = np.concatenate(params).astype(np.float32)
        self.ids = np.concatenate(ids)
        order = np.argsort(self.ids, kind='stable')
        sorted_ids = self.ids[order]
        starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
        self.groups = np.split(order, starts[1:])
        self.groups = [g for g in self.groups if len(g) >= 2]
        self.rng = np.random.default_rng(seed)
        self.resolution = self.images.shape[1]
        self._boxes = None

    def __len__(self):
        return len(self.images)

    def feature_boxes(self, index) -> np.ndarray:
        """(len(index), 3, 4) int pixel boxes (x0, y0, x1, y1) of the left eye, right eye and mouth, from the renderer's
        geometry. Computed on first use for the whole split (a frame's identity seed and parameters define them).
        """
        if self._boxes is None:
            identities = {}
            boxes = np.empty((len(self.ids), 3, 4), np.int32)
            for i, (seed, row) in enumerate(zip(self.ids, self.params)):
                if seed not in identities:
                    identities[seed] = sample_identity(int(seed))
                identity = identities[seed]
                fb = feature_boxes(identity, MotionParams.from_array(row), self.resolution)
                boxes[i] = (fb['left_eye'], fb['right_eye'], fb['mouth'])
            self._boxes = boxes
        return self._boxes[index]

    def identities(self):
        return len(self.groups)

    def to_tensor(self, index):
        x = torch.from_numpy(np.ascontiguousarray(self.images[index])).float()
        return x.permute(0, 3, 1, 2) / 127.5 - 1.0

    def pairs(self, size: int, rng=None):
        """Frame indices (source, driving) of `size` pairs, each of one identity."""
        rng = rng or self.rng
        groups = rng.integers(0, len(self.groups), size)
        src, drv = [], []
        for g in groups:
            a, b = rng.choice(self.groups[g], 2, replace=False)
            src.append(a)
            drv.append(b)
        return np.array(src), np.array(drv)

    def load(self, src, drv):
        """(source images, driving images, source params, driving params) of index arrays from `pairs()`."""
        return (self.to_tensor(src), self.to_tensor(drv),
                torch.from_numpy(self.params[src]), torch.from_numpy(self.params[drv]))

    def batch(self, size: int, rng=None):
        """`load(*pairs(size, rng))`."""
        return self.load(*self.pairs(size, rng))
