"""Learning-rate anneal for train.py: constant, then a cosine down to a final rate between two absolute steps.

Absolute steps (not "the next N steps") keep a resumed run reproducible: re-running the same command after an
interruption lands on the same rate at the same step.
"""
import math
from typing import Optional, Tuple


def learning_rate(step: int, lr: float, final: Optional[float] = None,
                  anneal: Optional[Tuple[int, int]] = None) -> float:
    """Adam's rate at `step` (0-based count of steps already taken): `lr` until `anneal[0]`, a half cosine from `lr`
    to `final` until `anneal[1]` (after `anneal[0]`: train.lr_anneal checks), then `final`. Without `anneal` (or
    `final`) the rate is `lr` throughout."""
    if anneal is None or final is None:
        return lr
    start, end = anneal
    if step <= start:
        return lr
    if step >= end:
        return final
    t = (step - start) / (end - start)
    return final + (lr - final) * 0.5 * (1 + math.cos(math.pi * t))
