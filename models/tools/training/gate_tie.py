"""Supervising the detail skip's gate (`_RestGate`) with the true correspondence (`train.py --gate-tie`).

The gate decides where the source's own detail, warped, is added to what the decoder paints. Left to the
reconstruction loss alone it closes over eyes and mouth under any motion (the warped detail is wrong there whenever the
expression changes, and blur is what an L1 prefers when unsure), so faces come out wiped. The gate should be open
where the detail lands in the right place: where the true correspondence is trusted (the source does show that point,
eyes' and lips' paint included) and the decoder's own warp is within a pixel of it. Elsewhere it should close: what
the source hides (an eyeball under its lids, a mouth interior it lacks, a disocclusion), and where the warp is off,
since detail added there shows as a ghost of the source (measured: opening the gate wherever the truth is trusted
raised the eyes' sharpness from 0.37 to 0.59 of the truth within 850 steps, but ghosted large turns and added 1° of
yaw error).
"""
import torch

from avatars.render import PART_HEAD, PART_MUZZLE


class SkipGate:
    """Context manager around one `gen.decode(...)` of a detail-skip generator: afterwards `closure` is the gate's
    ``|c|`` (B, 1, H, W; the gate is ``exp(-|c|)``), with gradients."""

    def __init__(self, gen):
        skip = gen.dec.image_skip
        if skip is None or skip.gate is None:
            raise ValueError('the gate belongs to the detail skip: the generator needs image_skip and detail_skip')
        self.gate, self.closure, self.hook = skip.gate, None, None

    def __enter__(self):
        self.closure = None
        self.hook = self.gate.register_forward_hook(
            lambda module, inputs, _out: setattr(self, 'closure', module.closure(*inputs)))
        return self

    def __exit__(self, *exc):
        self.hook.remove()
        self.hook = None


def gate_target(warp: torch.Tensor, true_flow: torch.Tensor, trusted: torch.Tensor) -> torch.Tensor:
    """Where the gate should be open (B, 1, H, W in {0, 1}): trusted, and the decoder's warp (B, 2, H, W, grid units,
    the finest stage's relative displacement) within one pixel of the true flow in both axes."""
    pixel = 2.0 / (warp.shape[-1] - 1)  # grid units per pixel with align_corners=True
    close = ((warp.detach() - true_flow).abs().amax(1, keepdim=True) < pixel).float()
    return trusted * close


def gate_tie(closure: torch.Tensor, trusted: torch.Tensor, part: torch.Tensor) -> torch.Tensor:
    """Mean binary cross-entropy of the gate ``exp(-closure)`` against `trusted` (B, 1, H, W in {0, 1}; see
    `gate_target`) over the head's pixels (`part` (B, H, W) PART_* codes of the driving frame: head, jaw, muzzle), where the detail is."""
    weight = ((part >= PART_HEAD) & (part <= PART_MUZZLE)).float()[:, None]
    a = closure + 1e-6  # (not a clamp: an exactly open gate over a hidden point must still get a gradient)
    # -log g = |c|;  -log(1 - g) = -log(-expm1(-|c|)), stable near an open gate
    loss = trusted * a - (1 - trusted) * torch.log(-torch.expm1(-a))
    return (loss * weight).sum() / weight.sum().clamp_min(1.0)
