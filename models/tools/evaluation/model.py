"""The run's EMA generator, and batched encode / decode on uint8 images."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Dict, List, Tuple

import numpy as np
import torch

from portrait_rig_tools.checkpoint import load_checkpoint


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


WEIGHTS = {'ema': 'EMA weights', 'gen': "the generator's own (not averaged) weights"}


def checkpoint_weights(state, path: str, weights: str) -> dict:
    """The `weights` ('ema' or 'gen') of a train.py checkpoint `state` read from `path`; exits with what is missing when
    the file is not such a checkpoint or lacks those weights."""
    if not isinstance(state, dict) or weights not in state or 'config' not in state:
        raise SystemExit(f'{path}: not a train.py checkpoint with {WEIGHTS.get(weights, weights)} (needs "{weights}" '
                         'and "config" entries; train.py and slim_checkpoint.py write both "ema" and "gen")')
    return state[weights]


def load_run(run: str, weights: str = 'ema'):
    """(generator in eval mode with a cached dictionary, info dict) of a training run folder (its checkpoint.pt) or of
    a checkpoint file (a slim one from slim_checkpoint.py too). `weights`: 'ema', the averaged weights, or 'gen', the
    generator's own: the EMA (0.999) trails a run by about a thousand steps, so after a short fine-tune it still holds
    much of the weights it started from."""
    from train import build_generator  # models/tools/train.py (imported late: it pulls in the training modules)
    if weights not in WEIGHTS:
        raise ValueError(f'weights must be one of {sorted(WEIGHTS)}, not {weights!r}')
    path = run if os.path.isfile(run) else os.path.join(run, 'checkpoint.pt')
    state = load_checkpoint(path)
    chosen = checkpoint_weights(state, path, weights)
    gen = build_generator(state['config'])
    gen.load_state_dict(chosen)  # float16 EMA tensors are copied into the float32 parameters
    gen.eval()
    gen.requires_grad_(False)
    gen.cache_dictionary(True)
    info = {'path': path, 'step': int(state.get('step', -1)), 'config': dict(state['config']), 'weights': weights,
            'sha256': file_sha256(path)}
    return gen, info


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """uint8 (N, H, W, 3) → float (N, 3, H, W) in [-1, 1]."""
    return torch.from_numpy(np.ascontiguousarray(images)).permute(0, 3, 1, 2).float() / 127.5 - 1.0


def to_uint8(images: torch.Tensor) -> np.ndarray:
    """float (N, 3, H, W) ~[-1, 1] → uint8 (N, H, W, 3), clamped and rounded (what the SDK displays)."""
    x = ((images.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
    return x.permute(0, 2, 3, 1).numpy()


@dataclass
class Encoded:
    z: torch.Tensor             # (N, style_dim)
    alpha: torch.Tensor         # (N, motion_dim)
    feats: List[torch.Tensor]   # the decoder inputs of encode(): maps coarse → fine, then any extras; empty when not kept


@torch.no_grad()
def encode(gen, images: np.ndarray, batch: int = 16, keep_feats: bool = True) -> Encoded:
    zs, alphas, feats = [], [], []
    for i in range(0, len(images), batch):
        z, a, f = gen.encode(to_tensor(images[i:i + batch]))
        zs.append(z)
        alphas.append(a)
        if keep_feats:
            feats.append(f)
    fs = [torch.cat(level) for level in zip(*feats)] if keep_feats else []
    return Encoded(torch.cat(zs), torch.cat(alphas), fs)


@torch.no_grad()
def decode(gen, source: Encoded, source_index: np.ndarray, alpha: torch.Tensor, batch: int = 16) -> np.ndarray:
    """Frames decode(z_s + α·Qᵀ, feats_s) for sources `source_index` (M,) and motion coefficients `alpha` (M, D):
    uint8 (M, H, W, 3)."""
    q = gen.dictionary()
    out = []
    source_index = torch.as_tensor(np.asarray(source_index), dtype=torch.long)
    alpha = torch.as_tensor(alpha, dtype=torch.float32)
    for i in range(0, len(source_index), batch):
        idx = source_index[i:i + batch]
        z = source.z[idx] + alpha[i:i + batch] @ q.t()
        out.append(to_uint8(gen.decode(z, [f[idx] for f in source.feats])))
    return np.concatenate(out) if out else np.zeros((0,), np.uint8)


def direction_gains(delta_alpha: np.ndarray, params: np.ndarray, columns: List[int], divisors: List[float],
                    names: List[str], num_tied: int) -> Dict[str, Tuple[float, float]]:
    """Where the encoder puts each tied parameter's motion: (named gain, free gain) per parameter.

    A least-squares fit of α_driving − α_source (same identity) on the parameters (plus a constant), scaled by the
    divisor so that 1 is the calibrated step: the named gain is the slope of the parameter's own direction, the free
    gain the norm of the free directions' slopes. A channel sets only its named direction, so motion read into the
    free directions (free gain > 0) is motion the channel leaves out.
    """
    x = np.concatenate([params[:, columns], np.ones((len(params), 1))], 1)
    slopes, *_ = np.linalg.lstsq(x, delta_alpha, rcond=None)
    return {n: (float(slopes[i, i] * d), float(np.linalg.norm(slopes[i, num_tied:]) * d))
            for i, (d, n) in enumerate(zip(divisors, names))}


def tied_summary(alpha: np.ndarray, params: np.ndarray, columns: List[int], divisors: List[float],
                 names: List[str]) -> Dict[str, Tuple[float, float]]:
    """For each tied direction: (Pearson r, mean abs error in parameter units) of α[i]·divisor vs the truth."""
    out = {}
    for i, (c, d, n) in enumerate(zip(columns, divisors, names)):
        est, true = alpha[:, i] * d, params[:, c]
        r = float(np.corrcoef(est, true)[0, 1]) if est.std() > 0 and true.std() > 0 else float('nan')
        out[n] = (r, float(np.abs(est - true).mean()))
    return out
