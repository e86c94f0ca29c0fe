"""Where the source cannot show a point, the decoder must paint it: losses on the image skip's copy weight there
and on the output there.

The image skip outputs ``m * warp(source) + (1 - m) * (rgb + g * warp(detail))`` (`liax._ImageSkip`), so the share of
each output pixel copied from the source is ``copy = m + (1 - m) * g``. Where the true correspondence is not trusted
(`correspondence.source_flow`: the point is hidden in the source, e.g. a mouth's interior opening from a closed
mouth, the side of a mohawk's fin turning into view, background uncovered by a turn), whatever the warp copies is
the wrong surface. Measured at step 22,500 the model copied 0.68–0.94 of such pixels, and diluted the open mouth its
decoder did paint. The loss is one-sided: it never asks to copy, so it cannot put ghosts of the source into the
output (the two-sided "gate tie" tried at step 13,150 did, models/README.md).
"""
import torch
import torch.nn.functional as F

# copy is capped below 1 inside the log, so a fully shut pixel costs -log(0.05) ≈ 3 and its gradient stays finite
_CAP = 0.95


class SkipCopy:
    """Context manager around one `gen.decode(...)` of an image-skip generator: afterwards `copy` is the share of each
    output pixel (B, 1, H, W) taken from the warped source and its detail, with gradients."""

    def __init__(self, gen):
        if gen.dec.image_skip is None:
            raise ValueError('the copy weight belongs to the image skip: the generator needs image_skip')
        self.skip, self.hook, self.copy = gen.dec.image_skip, None, None

    def __enter__(self):
        self.copy = None
        self.hook = self.skip.register_forward_hook(self._record)
        return self

    def __exit__(self, *exc):
        self.hook.remove()

    def _record(self, module, inputs, _out):
        mask, gate = module.weights(inputs[0], inputs[1])
        self.copy = mask if gate is None else mask + (1 - mask) * gate


def hidden_pixels(trusted: torch.Tensor) -> torch.Tensor:
    """(B, 1, H, W) in {0, 1}: pixels whose 3×3 neighbourhood is untrusted, so a point hidden in the source rather than
    a silhouette pixel whose depth test failed by a sample."""
    return 1.0 - F.max_pool2d(trusted, 3, stride=1, padding=1)


def hidden_paint_loss(copy: torch.Tensor, trusted: torch.Tensor) -> torch.Tensor:
    """-log(1 - 0.95·copy) on hidden pixels (0 where the output paints, ≈ 3 where it copies), averaged over all
    pixels like the reconstruction terms, so a pixel weighs the same whatever share of the frame is hidden.

    Averaged over the hidden pixels alone (1–2 % of a frame under a 25° turn) the same weight pressed about 60 times
    harder per pixel, and within 250 steps the skip shut over whole turning heads, which the decoder then painted
    blurred (step 22,800)."""
    cost = -torch.log1p(-_CAP * copy)
    return (cost * hidden_pixels(trusted)).mean()


def hidden_l1(output: torch.Tensor, target: torch.Tensor, trusted: torch.Tensor) -> torch.Tensor:
    """L1 between output and target (B, 3, H, W) on the hidden pixels of `trusted` alone, averaged over all pixels
    like `hidden_paint_loss`: an extra weight for what the decoder must paint itself. Where the skip is shut (the loss
    above), those pixels are the decoder's own painting. A 2 × 10-pixel band of teeth is 0.1 % of a 128² frame, and
    the reconstruction's motion weighting (`losses.reconstruction_loss`) raises it only where little else moves: at
    step 25,100 the painted open mouth was still a dark blur without teeth."""
    return ((output - target).abs().mean(1, keepdim=True) * hidden_pixels(trusted)).mean()
