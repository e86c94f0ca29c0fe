"""Motion parameters: the exact ground truth rendered with every frame.

Conventions (avatar's point of view, camera looks at the face):
  yaw   + = head turns toward the avatar's LEFT (viewer's right), degrees
  pitch + = chin up, degrees
  roll  + = head tilts toward the avatar's left shoulder, degrees
  mouth_open, mouth_smile, mouth_round ('oo'), mouth_pout (pursed, lips forward): 0..1
  blink_left / blink_right: 0 open .. 1 closed (avatar's left eye is on the viewer's right)
  brow_raise: -1 frown .. +1 raised
  gaze_x + = eyes toward the avatar's left, gaze_y + = up: -1..1
"""
from __future__ import annotations

from dataclasses import astuple, dataclass, fields

import numpy as np

MOTION_FIELDS = (
    "yaw", "pitch", "roll",
    "mouth_open", "mouth_smile", "mouth_round", "mouth_pout",
    "blink_left", "blink_right",
    "brow_raise", "gaze_x", "gaze_y",
)
# (low, high) of each field, same order; used for clipping and normalisation.
MOTION_RANGES = (
    (-35.0, 35.0), (-25.0, 25.0), (-20.0, 20.0),
    (0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (0.0, 1.0),
    (0.0, 1.0), (0.0, 1.0),
    (-1.0, 1.0), (-1.0, 1.0), (-1.0, 1.0),
)


@dataclass
class MotionParams:
    yaw: float = 0.0
    pitch: float = 0.0
    roll: float = 0.0
    mouth_open: float = 0.0
    mouth_smile: float = 0.0
    mouth_round: float = 0.0
    mouth_pout: float = 0.0
    blink_left: float = 0.0
    blink_right: float = 0.0
    brow_raise: float = 0.0
    gaze_x: float = 0.0
    gaze_y: float = 0.0

    def to_array(self) -> np.ndarray:
        return np.array(astuple(self), dtype=np.float32)

    @classmethod
    def from_array(cls, a) -> "MotionParams":
        return cls(*[float(v) for v in a])

    def clipped(self) -> "MotionParams":
        a = np.clip(self.to_array(), *np.array(MOTION_RANGES, np.float32).T)
        return MotionParams.from_array(a)

    def replace(self, **kw) -> "MotionParams":
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d.update(kw)
        return MotionParams(**d)


assert tuple(f.name for f in fields(MotionParams)) == MOTION_FIELDS


def neutral() -> MotionParams:
    return MotionParams()


def _symmetric(rng, lim):
    """Many near-neutral values, a broad middle, some extremes."""
    u = rng.random()
    if u < 0.3:
        v = rng.normal(0, 0.05 * lim)
    elif u < 0.8:
        v = rng.normal(0, 0.45 * lim)
    else:
        v = rng.uniform(0.6, 1.0) * lim * rng.choice((-1, 1))
    return float(np.clip(v, -lim, lim))


def _amount(rng, p_zero, p_full=0.1):
    """0..1 amount: often exactly 0, otherwise uniform, sometimes fully on."""
    u = rng.random()
    if u < p_zero:
        return 0.0
    if u < p_zero + p_full:
        return 1.0
    return float(rng.uniform(0, 1))


def sample_motion(rng: np.random.Generator) -> MotionParams:
    """Independent factors (so a model can disentangle them)."""
    yaw = _symmetric(rng, 35.0)
    pitch = _symmetric(rng, 25.0)
    roll = _symmetric(rng, 20.0)
    u = rng.random()
    if u < 0.6:  # eyes open
        bl = br = 0.0
    elif u < 0.85:  # both eyes together (a blink), partial or full
        bl = br = 1.0 if rng.random() < 0.4 else float(rng.uniform(0, 1))
    else:  # independent lids (winks, squints)
        bl, br = _amount(rng, 0.3, 0.3), _amount(rng, 0.3, 0.3)
    brow = 0.0 if rng.random() < 0.35 else float(rng.uniform(-1, 1))
    gx = 0.0 if rng.random() < 0.35 else float(np.clip(rng.normal(0, 0.55), -1, 1))
    gy = 0.0 if rng.random() < 0.35 else float(np.clip(rng.normal(0, 0.55), -1, 1))
    return MotionParams(
        yaw, pitch, roll,
        mouth_open=_amount(rng, 0.45, 0.08),
        mouth_smile=_amount(rng, 0.5, 0.1),
        mouth_round=_amount(rng, 0.7, 0.05),
        mouth_pout=_amount(rng, 0.75, 0.05),
        blink_left=bl, blink_right=br, brow_raise=brow, gaze_x=gx, gaze_y=gy,
    )


# Groups of fields that an SDK channel or preset moves together; the rest of the face stays as it was.
FACTOR_GROUPS = {
    "yaw": ("yaw",), "pitch": ("pitch",), "roll": ("roll",),
    "mouth": ("mouth_open", "mouth_smile", "mouth_round", "mouth_pout"),
    "upper_face": ("blink_left", "blink_right", "brow_raise", "gaze_x", "gaze_y"),
}
FACTOR_REST = {"yaw": 0.3, "pitch": 0.3, "roll": 0.3, "mouth": 0.5, "upper_face": 0.5}


def sample_factored_motion(rng: np.random.Generator) -> MotionParams:
    """`sample_motion`, then each of FACTOR_GROUPS left at rest with probability FACTOR_REST.

    Under `sample_motion` the eyes, brows and gaze are all at rest in about 1 frame in 40, so between two frames the
    upper face nearly always changes; an SDK channel turns the head and leaves the eyes as they were. Here about half
    the frames keep the upper face, half the mouth, and each pose angle is 0 in about a third."""
    m = sample_motion(rng)
    rest = {name: rng.random() < FACTOR_REST[name] for name in FACTOR_GROUPS}
    return m.replace(**{f: 0.0 for name, group in FACTOR_GROUPS.items() if rest[name] for f in group})


def _smooth_noise(rng, t, period, n_waves=3):
    """Sum of random sinusoids around `period` seconds, roughly in [-1, 1]."""
    v = np.zeros_like(t)
    for _ in range(n_waves):
        f = 1.0 / (period * rng.uniform(0.6, 1.6))
        v += np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi))
    return v / np.sqrt(n_waves * 0.5)


def _events(rng, t, mean_gap, dur):
    """Sparse events (blinks, winks): 0..1 envelope with a short plateau."""
    out = np.zeros_like(t)
    end = t[-1] if len(t) else 0.0
    s = rng.uniform(0, mean_gap)
    while s < end:
        x = np.clip((t - s) / dur, 0, 1)
        out = np.maximum(out, np.minimum(1.0, 1.4 * np.sin(np.pi * x)))
        s += dur + rng.exponential(mean_gap)
    return out


def motion_sequence(seed: int, n_frames: int, fps: float = 25.0) -> list[MotionParams]:
    """Smooth, talking-head-like animation (deterministic from seed)."""
    rng = np.random.default_rng([seed, 0x5EC])
    t = np.arange(n_frames) / fps
    yaw = 14 * _smooth_noise(rng, t, 4.0) + rng.uniform(-8, 8)
    pitch = 8 * _smooth_noise(rng, t, 3.5) + rng.uniform(-5, 5)
    roll = 7 * _smooth_noise(rng, t, 5.0)
    # Speech: syllables (~4 Hz) gated by a slower phrase envelope.
    phrase = np.clip(0.6 + _smooth_noise(rng, t, 2.5), 0, 1)
    syll = np.clip(np.sin(2 * np.pi * 4.2 * t + 0.8 * np.sin(2 * np.pi * 1.3 * t)), 0, 1)
    mouth = np.clip(phrase * syll * rng.uniform(0.5, 1.0), 0, 1)
    smile = np.clip(0.5 * _smooth_noise(rng, t, 6.0) + rng.uniform(-0.2, 0.4), 0, 1)
    rnd = np.clip(0.8 * _smooth_noise(rng, t, 2.0) - 0.4, 0, 1) * phrase
    pout = np.clip(0.8 * _smooth_noise(rng, t, 5.0) - 0.55, 0, 1)
    blink = _events(rng, t, 3.0, 0.25)
    wink = _events(rng, t, 12.0, 0.6) * (rng.random() < 0.5)
    side = rng.random() < 0.5
    bl = np.clip(blink + (wink if side else 0), 0, 1)
    br = np.clip(blink + (0 if side else wink), 0, 1)
    brow = np.clip(0.6 * _smooth_noise(rng, t, 3.0) + 0.3 * phrase - 0.15, -1, 1)
    # Gaze: fixations with quick saccades between them.
    gaze = np.zeros((len(t), 2))
    cur, next_t = np.zeros(2), 0.0
    a = 1 - np.exp(-1 / (0.04 * fps))  # ~40 ms saccade time constant
    g = None
    for i, ti in enumerate(t):
        if ti >= next_t:
            cur = np.clip(rng.normal(0, 0.45, 2), -1, 1)
            next_t = ti + rng.exponential(0.9) + 0.2
        g = cur.copy() if g is None else g + a * (cur - g)
        gaze[i] = g
    arr = np.stack([yaw, pitch, roll, mouth, smile, rnd, pout, bl, br, brow,
                    gaze[:, 0], gaze[:, 1]], axis=1)
    lo, hi = np.array(MOTION_RANGES).T
    arr = np.clip(arr, lo, hi)
    return [MotionParams.from_array(r) for r in arr]
