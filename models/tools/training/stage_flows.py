"""Each decoder stage's warp during one decode, for supervising it (`correspondence.flow_tie`)."""
import torch

from .reset_flow import flow_at


class StageDisplacements:
    """Context manager around one `gen.decode(...)` of an image-skip generator: afterwards `displacements(feats)` gives
    {resolution: (B, 2, r, r)}, how far each stage's warp moves the source in grid units (its flow minus the source's
    own flow, the relative warp the decoder applies), with gradients."""

    def __init__(self, gen, resolutions):
        if gen.dec.image_skip is None:
            raise ValueError('stage displacements are relative to the source: the generator needs image_skip')
        self.gen, self.resolutions, self.raw, self.hooks = gen, list(resolutions), {}, []

    def __enter__(self):
        self.raw.clear()
        for r in self.resolutions:
            self.hooks.append(flow_at(self.gen, r).register_forward_hook(
                lambda _m, _i, out, r=r: self.raw.__setitem__(r, out[2])))
        return self

    def __exit__(self, *exc):
        for hook in self.hooks:
            hook.remove()
        self.hooks.clear()

    def displacements(self, feats):
        """feats: the source's encoder output (its flows follow the image at index stage count + 1)."""
        n = len(self.gen.feature_resolutions)
        origins = feats[n + 1:2 * n + 1]
        return {r: torch.tanh(self.raw[r][:, 0:2]) - origins[self.gen.feature_resolutions.index(r)]
                for r in self.resolutions}
