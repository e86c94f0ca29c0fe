"""Re-initialise a decoder stage's ToFlow whose output saturated (the repair `train.py --reset-flow` applies).

A ToFlow starts from random weights, so its first flows scramble the source features. If training then drives the
pre-activation far out (tanh(flow) near ±1, sigmoid(mask) near 0), the gradients through both vanish and the stage
never uses the source again: the decoder paints that resolution from the latent alone and the output is blurred.
This puts the stage back at an identity warp with a partly open mask, from where the reconstruction loss can teach it.
"""
import torch

from portrait_rig_tools.layers import ToFlow

# Starting mask: sigmoid(-1) ≈ 0.27 of the warped source features, the rest from the decoder's own features, so the
# stage's output changes gradually instead of all at once.
MASK_BIAS = -1.0
WEIGHT_SCALE = 0.01


def flow_at(gen, resolution: int) -> ToFlow:
    """The ToFlow module of the decoder stage at `resolution` (8, 16, …, size)."""
    if resolution not in gen.feature_resolutions:
        raise SystemExit(f'--reset-flow {resolution}: the decoder has stages {gen.feature_resolutions}')
    names = gen.dec.stages[gen.feature_resolutions.index(resolution)]
    return getattr(gen.dec, names['flow'])


@torch.no_grad()
def reset_flow(gen, resolution: int, seed: int = 0) -> list:
    """Re-initialise the ToFlow at `resolution` in place; returns its parameters (their optimizer state is stale)."""
    flow = flow_at(gen, resolution)
    rng = torch.Generator().manual_seed(seed)
    weight = flow.conv.weight
    weight.copy_(torch.randn(weight.shape, generator=rng) * WEIGHT_SCALE)
    flow.bias.zero_()
    flow.bias[0, 2] = MASK_BIAS
    return list(flow.parameters())
