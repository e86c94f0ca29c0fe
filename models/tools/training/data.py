"""Pairs of frames of the same identity from the pre-rendered avatar shards.

Shards are written by models/tools/render_dataset.py: `<split>-<k>.images.npy`, `.params.npy`, `.ids.npy`.
"""
import glob
import os

import numpy as np
import torch


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

    def __len__(self):
        return len(self.images)

    def identities(self):
        return len(self.groups)

    def to_tensor(self, index):
        x = torch.from_numpy(np.ascontiguousarray(self.images[index])).float()
        return x.permute(0, 3, 1, 2) / 127.5 - 1.0

    def batch(self, size: int, rng=None):
        rng = rng or self.rng
        groups = rng.integers(0, len(self.groups), size)
        src, drv = [], []
        for g in groups:
            a, b = rng.choice(self.groups[g], 2, replace=False)
            src.append(a)
            drv.append(b)
        src, drv = np.array(src), np.array(drv)
        return (self.to_tensor(src), self.to_tensor(drv),
                torch.from_numpy(self.params[src]), torch.from_numpy(self.params[drv]))
