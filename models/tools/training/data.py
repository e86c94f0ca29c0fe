"""Pairs of frames of the same identity from the pre-rendered avatar shards.

Shards are written by models/tools/render_dataset.py: `<split>-<k>.images.npy`, `.params.npy`, `.ids.npy`, and with
`--geometry` also `.depth.npy` and `.part.npy` (what each pixel sees, for the true correspondence between frames).
"""
import glob
import os

import numpy as np
import torch

from avatars import MotionParams, render, sample_identity
from .correspondence import frame_constants


def _sibling(image_file: str, kind: str) -> str:
    """`<split>-<k>.<kind>.npy` beside `<split>-<k>.images.npy` (only the suffix changes: a folder may say 'images')."""
    return image_file[:-len('images.npy')] + f'{kind}.npy'


class AvatarPairs:
    """All frames of one split held in memory as uint8; `batch()` draws (source, driving) pairs of one identity.

    `root` is a data set folder or a list of them (e.g. the full and the factored renders of the same identities):
    frames are grouped by identity seed across folders, so pairs mix frames of both.

    `geometry=True` also loads the depth and part maps, for `geometry()`.
    """

    def __init__(self, root, split: str, seed: int = 0, geometry: bool = False):
        images, params, ids, depth, part = [], [], [], [], []
        roots = [root] if isinstance(root, str) else list(root)
        patterns = [os.path.join(r, f'{split}-*.images.npy') for r in roots]
        for image_file in [f for pattern in patterns for f in sorted(glob.glob(pattern))]:
            images.append(np.load(image_file, mmap_mode='r'))
            params.append(np.load(_sibling(image_file, 'params')))
            ids.append(np.load(_sibling(image_file, 'ids')))
            if geometry:
                depth_file = _sibling(image_file, 'depth')
                if not os.path.exists(depth_file):
                    raise FileNotFoundError(f'{depth_file} is missing: add the geometry to the data set with render_'
                                            f'dataset.py --geometry {os.path.dirname(image_file)} (models/README.md)')
                depth.append(np.load(depth_file, mmap_mode='r'))
                part.append(np.load(_sibling(image_file, 'part'), mmap_mode='r'))
        if not images:
            raise FileNotFoundError(f'no shards match {" or ".join(patterns)}: render the data set first '
                                    '(models/README.md)')
        if len({a.shape[1:] for a in images}) > 1:
            raise ValueError(f'the data sets {roots} hold frames of different sizes: train on one resolution')
        self.images = np.concatenate(images)
        self.params = np.concatenate(params).astype(np.float32)
        self.ids = np.concatenate(ids)
        self.depth = np.concatenate(depth) if geometry else None
        self.part = np.concatenate(part) if geometry else None
        if geometry:
            constants = {int(s): frame_constants(sample_identity(int(s))) for s in np.unique(self.ids)}
            self.constants = np.array([constants[int(s)] for s in self.ids], np.float32)
        order = np.argsort(self.ids, kind='stable')
        sorted_ids = self.ids[order]
        starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
        self.groups = np.split(order, starts[1:])
        self.groups = [g for g in self.groups if len(g) >= 2]
        # each identity's frame closest to rest (render_dataset.py renders frame 0 at neutral())
        self.rest = np.array([g[np.abs(self.params[g]).sum(1).argmin()] for g in self.groups])
        self.rng = np.random.default_rng(seed)
        self.resolution = self.images.shape[1]

    def __len__(self):
        return len(self.images)

    def identities(self):
        return len(self.groups)

    def to_tensor(self, index):
        x = torch.from_numpy(np.ascontiguousarray(self.images[index])).float()
        return x.permute(0, 3, 1, 2) / 127.5 - 1.0

    def pair_indices(self, size: int, rng=None, rest_fraction: float = 0.0):
        """Frame indices (source, driving) of `size` pairs, each of one identity; about `rest_fraction` of them
        (drawn at random) have the identity's frame at rest as their source, as the SDK's portraits are."""
        rng = rng or self.rng
        groups = rng.integers(0, len(self.groups), size)
        pairs = np.array([rng.choice(self.groups[g], 2, replace=False) for g in groups]).reshape(size, 2)
        if rest_fraction > 0:
            at_rest = rng.random(size) < rest_fraction
            for k in np.flatnonzero(at_rest):
                frames, rest = self.groups[groups[k]], self.rest[groups[k]]
                pairs[k] = rest, rng.choice(frames[frames != rest])
        return pairs[:, 0], pairs[:, 1]

    def tensors(self, src, drv):
        """(source images, driving images, source params, driving params); images in [-1, 1], (B, 3, H, W)."""
        return (self.to_tensor(src), self.to_tensor(drv),
                torch.from_numpy(self.params[src]), torch.from_numpy(self.params[drv]))

    def rerender(self, frames, params) -> torch.Tensor:
        """The identities of `frames` (indices) rendered afresh at `params` (B, motion fields), in [-1, 1] (B, 3, H, W):
        frames the data set does not hold, such as a source with one channel moved. The renderer is
        deterministic, so at a frame's own params this is the stored frame (to the float32 rounding of the params)."""
        images = np.stack([render(sample_identity(int(self.ids[i])), MotionParams.from_array(p), self.resolution)
                           for i, p in zip(frames, params)])
        return torch.from_numpy(images).permute(0, 3, 1, 2).float() / 127.5 - 1.0

    def geometry(self, src, drv):
        """What `correspondence.source_flow` needs: (source depth, driving depth, driving parts, constants)."""
        if self.depth is None:
            raise ValueError('this data set was loaded without geometry=True')
        pick = lambda a, i: torch.from_numpy(np.ascontiguousarray(a[i]))
        return pick(self.depth, src), pick(self.depth, drv), pick(self.part, drv).long(), pick(self.constants, drv)

    def batch(self, size: int, rng=None):
        return self.tensors(*self.pair_indices(size, rng))
