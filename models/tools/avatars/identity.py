"""Identity = every appearance parameter of one avatar, sampled from a seed.

Geometry is in *head units*: the cranium is roughly a unit ellipsoid centred
near the origin, +x = avatar's left, +y = up, +z = out of the face.
`head_scale` converts head units to image units (the image spans [-1, 1]).
"""
from __future__ import annotations

import colorsys
from dataclasses import dataclass

import numpy as np

HAIR_STYLES = ("bald", "buzz", "short", "side_part", "bob", "long", "bun", "afro", "ponytail", "mohawk")
BEARDS = ("none", "stubble", "mustache", "goatee", "full")
GLASSES = ("none", "round", "square")
HATS = ("none", "beanie", "cap")
COLLARS = ("crew", "v", "shirt", "turtleneck", "hoodie")
PATTERNS = ("plain", "stripes", "two_tone")
BACKGROUNDS = ("solid", "gradient", "blobs", "stripes", "vignette")

Vec = tuple  # tuples keep the dataclass hashable (render caches by identity)


@dataclass(frozen=True)
class Identity:
    seed: int
    # framing / head shape
    head_scale: float
    head_offset: Vec  # (x, y) image units
    cranium: Vec  # radii (x, y, z)
    jaw: Vec  # radii (x, y, z)
    jaw_y: float
    jaw_z: float
    nose: Vec  # radii (x, y, z)
    nose_y: float
    ear_scale: float
    neck_r: float
    shoulders: Vec  # torso radii (x, y, z), image units
    # face features
    eye_sep: float
    eye_y: float
    eye_w: float
    eye_h: float
    eye_tilt: float
    iris_frac: float
    brow_y: float
    brow_len: float
    brow_thick: float
    brow_arch: float
    mouth_y: float
    mouth_w: float
    lip_up: float
    lip_lo: float
    # colours (sRGB 0..1)
    skin: Vec
    lips: Vec
    iris: Vec
    sclera: Vec
    brow_rgb: Vec
    blush: float
    hair_style: str
    hair: Vec
    hair_hi: Vec
    hairline: float
    hair_volume: float
    bangs: float
    beard: str
    glasses: str
    hat: str
    hat_rgb: Vec
    glasses_rgb: Vec
    collar: str
    pattern: str
    cloth: Vec
    cloth2: Vec
    # scene
    background: str
    bg1: Vec
    bg2: Vec
    bg_angle: float
    bg_blobs: tuple  # ((x, y, r, (r, g, b)), ...)
    light_dir: Vec  # world, toward the light
    light_rgb: Vec
    ambient: float
    rim: float
    rim_rgb: Vec


_SKIN = np.array([  # pale -> dark
    (0.98, 0.87, 0.80), (0.94, 0.77, 0.66), (0.84, 0.63, 0.48), (0.70, 0.49, 0.34),
    (0.52, 0.34, 0.23), (0.36, 0.23, 0.16), (0.24, 0.16, 0.11)])
_FANTASY_SKIN = [(0.55, 0.75, 0.92), (0.60, 0.84, 0.55), (0.76, 0.70, 0.92),
                 (0.80, 0.80, 0.82), (0.96, 0.62, 0.58), (0.95, 0.85, 0.45)]
_HAIR = [(0.07, 0.06, 0.06), (0.20, 0.13, 0.09), (0.38, 0.25, 0.15), (0.55, 0.26, 0.12),
         (0.80, 0.42, 0.18), (0.86, 0.73, 0.46), (0.94, 0.90, 0.78), (0.58, 0.57, 0.56),
         (0.90, 0.90, 0.90)]
_HAIR_P = [0.2, 0.2, 0.16, 0.08, 0.07, 0.12, 0.05, 0.07, 0.05]
_IRIS = [(0.30, 0.17, 0.08), (0.16, 0.09, 0.05), (0.45, 0.38, 0.18), (0.25, 0.50, 0.30),
         (0.25, 0.50, 0.80), (0.50, 0.58, 0.64), (0.55, 0.25, 0.75), (0.85, 0.65, 0.10)]
_IRIS_P = [0.28, 0.22, 0.12, 0.1, 0.14, 0.08, 0.03, 0.03]


def _hsv(h, s, v):
    return tuple(float(c) for c in colorsys.hsv_to_rgb(h % 1.0, s, v))


def _mix(a, b, t):
    return tuple(float(x * (1 - t) + y * t) for x, y in zip(a, b))


def _clip3(c):
    return tuple(float(np.clip(x, 0, 1)) for x in c)


def sample_identity(seed: int) -> Identity:
    rng = np.random.default_rng([int(seed), 0x1D])
    U = rng.uniform

    def pick(options, p=None):
        return options[rng.choice(len(options), p=p)]

    # skin: continuous pale..dark ramp, a few fantasy tones
    if rng.random() < 0.06:
        skin = pick(_FANTASY_SKIN)
    else:
        x = U(0, len(_SKIN) - 1)
        i = min(int(x), len(_SKIN) - 2)
        skin = _mix(_SKIN[i], _SKIN[i + 1], x - i)
    skin = _clip3(np.array(skin) * U(0.95, 1.05, 3))
    lips = _clip3(np.array(skin) * U(0.62, 0.78) + np.array((0.20, 0.02, 0.05)) * U(0.3, 1.0))
    lum = lambda c: float(np.dot(c, (0.3, 0.59, 0.11)))
    if lum(skin) - lum(lips) < 0.1:  # keep the mouth readable on dark skin
        lips = _clip3(np.array(lips) * (lum(skin) - 0.1) / max(lum(lips), 1e-3)) if lum(skin) > 0.25 \
            else _clip3(np.array(lips) * 1.35 + np.array((0.12, 0.03, 0.05)))
    if rng.random() < 0.2:  # lipstick
        lips = _hsv(U(-0.08, 0.08) if rng.random() < 0.7 else U(0, 1), U(0.5, 0.85), U(0.45, 0.85))

    if rng.random() < 0.22:  # unnatural dye
        hair = _hsv(U(0, 1), U(0.5, 0.9), U(0.5, 0.95))
    else:
        hair = _clip3(np.array(pick(_HAIR, _HAIR_P)) * U(0.9, 1.1, 3))
    hair_hi = _clip3(np.array(hair) * 1.25 + 0.08)
    style = pick(HAIR_STYLES, [0.07, 0.1, 0.16, 0.1, 0.12, 0.14, 0.08, 0.07, 0.1, 0.06])
    dark = np.array(hair).mean() < 0.6
    brow_rgb = _clip3(np.array(hair) * (0.8 if dark else 0.65)) if style != "bald" else \
        _clip3(np.array(pick(_HAIR[:5])))
    if np.array(hair).mean() > 0.75 or rng.random() < 0.15:  # light/dyed hair: darker brows
        brow_rgb = _clip3(np.array(brow_rgb) * U(0.35, 0.7))
    brow_rgb = _clip3(np.minimum(brow_rgb, np.array(skin) * 0.5))  # brows must read on any skin
    # hats only over styles that fit under them
    hat = pick(HATS, [0.88, 0.06, 0.06]) if style in ("bald", "buzz", "short", "bob", "long") else "none"
    beard = pick(BEARDS, [0.72, 0.08, 0.07, 0.06, 0.07])
    glasses = pick(GLASSES, [0.82, 0.09, 0.09])
    glasses_rgb = _hsv(U(0, 1), U(0, 0.8), U(0.05, 0.6))

    cloth = _hsv(U(0, 1), U(0.15, 0.85), U(0.2, 0.9))
    cloth2 = _hsv(U(0, 1), U(0.1, 0.8), U(0.3, 1.0))

    bg1 = _hsv(U(0, 1), U(0.05, 0.6), U(0.25, 0.95))
    bg2 = _hsv(U(0, 1), U(0.05, 0.6), U(0.2, 0.95))
    blobs = tuple((float(U(-1, 1)), float(U(-1, 1)), float(U(0.15, 0.6)),
                   _hsv(U(0, 1), U(0.1, 0.7), U(0.3, 1.0))) for _ in range(rng.integers(2, 6)))

    # light from the front hemisphere, usually above
    ld = np.array([U(-0.9, 0.9), U(-0.1, 0.9), U(0.5, 1.2)])
    ld = tuple(float(v) for v in ld / np.linalg.norm(ld))
    light_rgb = _clip3(np.array(_hsv(U(0.0, 0.7), U(0, 0.25), 1.0)) * U(0.85, 1.0))

    eye_h = U(0.07, 0.105)
    return Identity(
        seed=int(seed),
        head_scale=U(0.5, 0.58),
        head_offset=(U(-0.06, 0.06), U(-0.05, 0.04)),
        cranium=(U(0.84, 0.96), U(1.0, 1.1), U(0.96, 1.06)),
        jaw=(U(0.5, 0.74), U(0.52, 0.66), U(0.72, 0.84)),
        jaw_y=U(-0.55, -0.45),
        jaw_z=U(0.1, 0.2),
        nose=(U(0.1, 0.16), U(0.18, 0.28), U(0.12, 0.2)),
        nose_y=U(-0.26, -0.18),
        ear_scale=U(0.8, 1.2),
        neck_r=U(0.4, 0.5),
        shoulders=(U(0.85, 1.1), U(0.42, 0.56), U(0.3, 0.4)),
        eye_sep=U(0.31, 0.39),
        eye_y=U(-0.02, 0.06),
        eye_w=U(0.15, 0.19),
        eye_h=eye_h,
        eye_tilt=U(-0.12, 0.22),
        iris_frac=U(0.4, 0.48),
        brow_y=U(0.17, 0.25),
        brow_len=U(0.15, 0.21),
        brow_thick=U(0.022, 0.05),
        brow_arch=U(0.0, 0.05),
        mouth_y=U(-0.64, -0.56),
        mouth_w=U(0.19, 0.27),
        lip_up=U(0.025, 0.05),
        lip_lo=U(0.035, 0.07),
        skin=skin,
        lips=lips,
        iris=pick(_IRIS, _IRIS_P),
        sclera=_clip3(np.array((0.96, 0.95, 0.92)) * U(0.9, 1.0)),
        brow_rgb=brow_rgb,
        blush=U(0, 0.35),
        hair_style=style,
        hair=hair,
        hair_hi=hair_hi,
        hairline=U(0.5, 0.72),
        hair_volume=U(0.9, 1.2),
        bangs=U(0, 1) if rng.random() < 0.35 else 0.0,
        beard=beard,
        glasses=glasses,
        hat=hat,
        hat_rgb=_hsv(U(0, 1), U(0.2, 0.9), U(0.25, 0.9)),
        glasses_rgb=glasses_rgb,
        collar=pick(COLLARS),
        pattern=pick(PATTERNS, [0.6, 0.25, 0.15]),
        cloth=cloth,
        cloth2=cloth2,
        background=pick(BACKGROUNDS, [0.15, 0.3, 0.3, 0.1, 0.15]),
        bg1=bg1,
        bg2=bg2,
        bg_angle=U(0, 2 * np.pi),
        bg_blobs=blobs,
        light_dir=ld,
        light_rgb=light_rgb,
        ambient=U(0.3, 0.5),
        rim=U(0.0, 0.5),
        rim_rgb=_hsv(U(0, 1), U(0, 0.6), 1.0),
    )
