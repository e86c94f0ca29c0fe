"""Public model API for training and export: both generator families plus small helpers."""
from __future__ import annotations

import contextlib
from typing import Iterator, Union

import torch
from torch.overrides import TorchFunctionMode

from .lia import LIA_ENCODER_CHANNELS, LiaGenerator, lia_decoder_channels
from .liax import LIAX_CHANNELS, LiaXGenerator, liax_channels

Generator = Union[LiaGenerator, LiaXGenerator]

# The bundled rig-tiny (128x128): the `tiny` widths of training/widths.py, 2 modulated + 2 plain residual blocks per
# stage, the image-space skip with the source detail and the decoder's own paint from 32² up (liax.py).
# 2.39 M parameters; speed in models/README.md.
RIG_TINY_128 = dict(size=128, style_dim=128, motion_dim=20,
                    channels={4: 96, 8: 96, 16: 64, 32: 48, 64: 24, 128: 12}, n_flow_blocks=2, n_rgb_blocks=2,
                    image_skip=True, detail_skip=True, latent_paint=True)

__all__ = ["LiaGenerator", "LiaXGenerator", "Generator", "LIA_ENCODER_CHANNELS", "lia_decoder_channels",
           "LIAX_CHANNELS", "liax_channels", "shape_only", "count_parameters", "RIG_TINY_128"]

_FACTORIES = {torch.randn, torch.zeros, torch.ones, torch.empty, torch.tensor, torch.linspace, torch.full}


class _MetaMode(TorchFunctionMode):
    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        if func in _FACTORIES:
            kwargs["device"] = "meta"
        return func(*args, **kwargs)


@contextlib.contextmanager
def shape_only() -> Iterator[None]:
    """Build models on the 'meta' device (shapes, no memory, no init time): for key/shape checks of the
    hundreds-of-millions-parameter official configurations."""
    with _MetaMode():
        yield


def count_parameters(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())
