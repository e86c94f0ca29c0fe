"""The generator API both families share (encode once, navigate z + Q·α, decode); see models.py for its use.

Each family supplies only its two encoder heads: ``_latent(img) -> (z, feats)`` and ``_alpha(z) -> alpha`` (and may
append decoder inputs computed once per source in ``_source_extras``). Methods
only: the modules (``enc``, ``dec``) and so the state_dict keys stay each family's own.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from torch import Tensor, nn


class GeneratorApi(nn.Module):
    """Base of LiaGenerator and LiaXGenerator.

    Subclasses set ``enc`` and ``dec`` (whose ``direction`` holds Q) and define ``_latent(img) -> (z, feats)`` and
    ``_alpha(z) -> alpha``.
    """

    def encode(self, img: Tensor) -> Tuple[Tensor, Tensor, List[Tensor]]:
        """img (B,3,H,W) in [-1,1] -> z (B,style_dim), alpha (B,motion_dim), feats (8x8 ... HxW, then any extras)."""
        z, feats = self._latent(img)
        alpha = self._alpha(z)
        return z, alpha, self._source_extras(img, z, alpha, feats)

    def _source_extras(self, img: Tensor, z: Tensor, alpha: Tensor, feats: List[Tensor]) -> List[Tensor]:
        """What the decoder needs besides the feature maps (none in the official models)."""
        return feats

    def encode_motion(self, img: Tensor) -> Tensor:
        return self._alpha(self._latent(img)[0])

    def dictionary(self) -> Tensor:
        """Q (style_dim, motion_dim), orthonormal columns; differentiable unless cached by cache_dictionary()."""
        return self.dec.direction.q()

    def cache_dictionary(self, enabled: bool = True) -> None:
        self.dec.direction.cache(enabled)

    def navigate(self, z: Tensor, alpha: Tensor) -> Tensor:
        return z + alpha @ self.dictionary().t()

    def decode(self, z_nav: Tensor, feats: List[Tensor]) -> Tensor:
        """Navigated latent + source features -> image (B,3,H,W), roughly [-1,1] (not clamped)."""
        return self.dec(z_nav, feats)

    def forward(self, img_source: Tensor, img_driving: Tensor, alpha_start: Optional[Tensor] = None) -> Tensor:
        """Official reenactment: z_s + Q a_d (absolute), or z_s + Q (a_d - a_start + a_s) when alpha_start given."""
        z_s, alpha_s, feats = self.encode(img_source)
        alpha = self.encode_motion(img_driving)
        if alpha_start is not None:
            alpha = alpha - alpha_start + alpha_s
        return self.decode(self.navigate(z_s, alpha), feats)
