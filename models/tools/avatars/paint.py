"""Surface colouring: facial features painted as 2-D functions of head-space
hit points, plus hair, clothing and background.

All feature edges are anti-aliased analytically (`_cov`, one supersample wide)
on top of the renderer's supersampling, so eyes and lips stay crisp.
Features are evaluated only on the samples inside their bounding box.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .identity import Identity
from .motion import MotionParams

f32 = np.float32


def _c(rgb):
    return np.array(rgb, np.float32)[:, None]


def _sstep(e0, e1, x):
    t = np.clip((x - e0) / (e1 - e0), 0, 1)
    return t * t * (3 - 2 * t)


def _cov(d, pix):
    """Coverage from a signed distance (negative inside), 1 sample wide."""
    return np.clip(0.5 - d / pix, 0, 1)


def _lerp(alb, rgb, a):
    """In place: alb (3, m) toward rgb ((3,) or (3, m)) by weight a."""
    alb += (np.asarray(rgb, np.float32).reshape(3, -1) - alb) * a


def _box(x, y, z, x0, x1, y0, y1, zmin=0.15):
    return np.flatnonzero((x > x0) & (x < x1) & (y > y0) & (y < y1) & (z > zmin))


def face_z(idn: Identity, x: float, y: float) -> float:
    """Front surface z of skull ∪ jaw at (x, y) in the neutral pose."""
    best = 0.0
    for c, r in (((0, 0.15, 0), idn.cranium), ((0, idn.jaw_y, idn.jaw_z), idn.jaw)):
        u = 1 - ((x - c[0]) / r[0]) ** 2 - ((y - c[1]) / r[1]) ** 2
        if u > 0:
            best = max(best, c[2] + r[2] * np.sqrt(u))
    return best


# ------------------------------------------------------------------ hair

_STYLE = {  # side / back hairline heights, face-opening cosine
    "buzz": (0.18, -0.45, 0.55), "short": (0.18, -0.5, 0.55), "side_part": (0.1, -0.55, 0.55),
    "bob": (-0.72, -0.85, 0.62), "long": (-0.8, -1.0, 0.62), "bun": (0.15, -0.4, 0.55),
    "afro": (-0.15, -0.55, 0.5), "ponytail": (0.15, -0.4, 0.55), "mohawk": (0.3, -0.45, 0.55),
}


def _hairline(idn: Identity, x, y, z):
    """> 0 where the scalp/shell point is covered by hair."""
    if idn.hair_style == "bald":
        return np.full(x.shape, -1.0, np.float32)
    side, back, cface = _STYLE[idn.hair_style]
    front = max(idn.hairline - 0.35 * idn.bangs, idn.eye_y + idn.brow_y + 0.16)
    if idn.hair_style == "mohawk":
        front = front + 0.3
    if idn.hair_style == "side_part":
        front = front - 0.2 * _sstep(-0.3, 0.6, x * (1 if idn.seed % 2 else -1))
    if idn.bangs > 0:
        front = front + 0.02 * np.sin(x * 55)  # jagged fringe
    c = z / (np.sqrt(x * x + z * z) + 1e-6)
    wf = _sstep(cface - 0.15, cface + 0.05, c)
    wb = np.clip(-c, 0, 1)
    line = (side + (back - side) * wb) * (1 - wf) + front * wf
    return y - line


def hair_mask(idn: Identity, name: str, x, y, z):
    """1 where a hair ellipsoid point is hair, 0 where it is cut away."""
    if name == "hair":
        m = _hairline(idn, x, y, z) > 0
        if idn.hair_style == "mohawk":
            m &= np.abs(x) < 0.17
        return m.astype(np.float32)
    if name == "hat":  # crown above a brim line that dips toward the back
        c = z / (np.sqrt(x * x + z * z) + 1e-6)
        return (y > 0.5 - 0.2 * (1 - c) * (0.5 if idn.hat == "cap" else 1)).astype(np.float32)
    if name == "visor":
        return (z > 0.45).astype(np.float32)
    if name == "curtain":  # long hair: beside the face and behind the neck
        return (((z < -0.12) | (np.abs(x) > 0.58 * idn.cranium[0])) & (y < 0.3)).astype(np.float32)
    return np.ones(x.shape, np.float32)


def hair_albedo(idn: Identity, q, inside):
    x, y, z = q
    phi = np.arctan2(x, z)
    strands = 0.86 + 0.14 * np.sin(34 * phi + 4 * y)
    tone = 0.5 + 0.5 * np.sin(5 * phi + 2 * y + idn.seed % 7)
    alb = _c(idn.hair) * (1 - 0.35 * tone) + _c(idn.hair_hi) * (0.35 * tone)
    return alb * (strands * np.where(inside, 0.5, 1.0))


def hat_albedo(idn: Identity, q, inside):
    x, y, z = q
    c = z / (np.sqrt(x * x + z * z) + 1e-6)
    alb = np.repeat(_c(idn.hat_rgb), x.size, axis=1)
    if idn.hat == "beanie":  # knit ribs and a folded brim
        alb *= 0.85 + 0.15 * np.sin(np.arctan2(x, z) * 40) ** 2
        alb *= np.where(y < 0.78 - 0.2 * (1 - c), 0.8, 1.0)
    return alb * np.where(inside, 0.45, 1.0)


def ear_albedo(idn: Identity, q):
    return np.repeat(_c(idn.skin) * 0.93, q.shape[1], axis=1)


# ------------------------------------------------------------------ face

def paint_face(idn: Identity, mp: MotionParams, q, n_samples: int):
    """Albedo (3, m) and extra specular (m,) for skin hit points q (3, m)."""
    x, y, z = q
    pix = 2.0 / (n_samples * idn.head_scale)  # one supersample in head units
    alb = np.repeat(_c(idn.skin), q.shape[1], axis=1)
    spec = np.zeros(q.shape[1], np.float32)
    _scalp(alb, x, y, z, idn, pix)
    _cheeks_nose(alb, x, y, z, idn, mp)
    _beard(alb, x, y, z, idn, mp, pix)
    _mouth(alb, spec, x, y, z, idn, mp, pix)
    for side in (1, -1):
        _eye(alb, x, y, z, idn, mp, side, pix)
        _brow(alb, x, y, z, idn, mp, side, pix)
    if idn.glasses != "none":
        _glasses(alb, x, y, z, idn, pix)
    return alb, spec


def _scalp(alb, x, y, z, idn, pix):
    if idn.hair_style == "bald":
        return
    I = np.flatnonzero(y > min(0.0, _STYLE[idn.hair_style][1]) - 0.6)
    sub = alb[:, I]
    h = _hairline(idn, x[I], y[I], z[I])
    short = idn.hair_style in ("buzz", "mohawk")
    a = _cov(-h, 2 * pix) * (0.8 if short else 1.0)
    if idn.hair_style == "mohawk":
        a = a * 0.55
    _lerp(sub, _c(idn.hair) * (0.9 if short else 0.55), a)
    alb[:, I] = sub


def _cheeks_nose(alb, x, y, z, idn, mp):
    nx, ny, nz = idn.nose
    I = _box(x, y, z, -0.75, 0.75, idn.mouth_y - 0.1, idn.eye_y - 0.05)
    sub = alb[:, I]
    xi, yi = x[I], y[I]
    # blush
    for s in (1, -1):
        r2 = (xi - s * (idn.eye_sep + 0.03)) ** 2 + (yi - idn.eye_y + 0.28) ** 2
        _lerp(sub, (0.85, 0.3, 0.35), idn.blush * 0.45 * np.exp(-r2 / 0.02))
    # outline of the nose wings and nostrils so the nose reads at low resolution
    e = np.sqrt((xi / (nx * 1.05)) ** 2 + ((yi - idn.nose_y) / ny) ** 2)
    sub *= 1 - 0.18 * np.exp(-((e - 1.0) / 0.12) ** 2) * (yi < idn.nose_y)
    for s in (1, -1):
        d = ((xi - s * nx * 0.5) / 0.035) ** 2 + ((yi - idn.nose_y + ny * 0.62) / 0.02) ** 2
        sub *= 1 - 0.55 * np.exp(-d)
    # smile folds from the nose wings to the mouth corners
    if mp.mouth_smile > 0.01:
        w = idn.mouth_w * (1 + 0.22 * mp.mouth_smile) + 0.04
        top, bot = idn.nose_y - 0.05, idn.mouth_y - 0.02
        f = np.clip((top - yi) / (top - bot), 0, 1)
        xl = nx + 0.04 + (w - nx - 0.04) * f ** 1.2
        d = np.abs(np.abs(xi) - xl)
        sub *= 1 - 0.2 * mp.mouth_smile * np.exp(-(d / 0.025) ** 2) * ((f > 0) & (f < 1))
    alb[:, I] = sub


def _beard(alb, x, y, z, idn, mp, pix):
    if idn.beard == "none":
        return
    my = idn.mouth_y
    I = _box(x, y, z, -1.0, 1.0, -1.4, my + 0.2, zmin=-0.3)
    sub = alb[:, I]
    xi, zi = x[I], z[I]
    yj = y[I] + 0.12 * mp.mouth_open * np.clip((my - y[I]) / 0.3, 0, 1)  # undo jaw drop
    hair = _c(idn.hair) * 0.85
    w = idn.mouth_w
    must = _cov(np.abs(yj - (my + idn.lip_up + 0.035 - 0.05 * (xi / w) ** 2)) - 0.025, pix) \
        * _cov(np.abs(xi) - w * 1.15, pix)
    if idn.beard == "stubble":
        a = 0.35 * _cov(yj - (my + 0.1 + 0.5 * np.clip(np.abs(xi) - 0.3, 0, 1)), 3 * pix)
    elif idn.beard == "mustache":
        a = must
    elif idn.beard == "goatee":
        chin = ((xi / 0.17) ** 2 + ((yj - my + 0.22) / 0.2) ** 2) < 1
        a = np.maximum(must, chin * 0.95)
    else:  # full
        a = 0.95 * _cov(yj - (my + 0.08 + 0.6 * np.clip(np.abs(xi) - 0.35, 0, 1)), 2 * pix) * (zi > -0.25)
        a = np.maximum(a, must)
    _lerp(sub, hair, a)
    alb[:, I] = sub


def _mouth(alb, spec, x, y, z, idn, mp, pix):
    o, sm, rd, pt = mp.mouth_open, mp.mouth_smile, mp.mouth_round, mp.mouth_pout
    W = idn.mouth_w * (1 + 0.22 * sm - 0.4 * rd - 0.4 * pt)
    my = idn.mouth_y + 0.015 * sm
    I = _box(x, y, z, -W * 1.3 - 0.05, W * 1.3 + 0.05, my - 0.45, my + 0.15)
    sub = alb[:, I]
    xi, yi = x[I], y[I]
    u = xi / W
    lens = np.clip(1 - u * u, 0, 1)
    shape = lens ** (1.0 - 0.5 * rd)  # round => elliptical opening
    curve = my + sm * (0.12 * u * u - 0.03)  # corners up when smiling
    gap = 0.3 * o + 0.1 * rd + 0.003
    yu = curve + 0.25 * gap * shape
    yl = curve - 0.75 * gap * shape
    plump = 1 + 1.0 * pt + 0.3 * rd
    root = np.sqrt(lens)
    LU = idn.lip_up * plump * root * (1 - 0.35 * sm)
    LL = idn.lip_lo * plump * root * (1 - 0.3 * sm)
    bow = 0.3 * idn.lip_up * np.exp(-(u / 0.15) ** 2)  # cupid's bow dip
    ends = (np.abs(u) - 1) * W
    lips = _c(idn.lips) * (1 + 0.25 * pt)
    a_up = _cov(np.maximum(np.maximum(yu - yi, yi - (yu + LU - bow)), ends), pix)
    a_lo = _cov(np.maximum(np.maximum(yi - yl, (yl - LL) - yi), ends), pix)
    _lerp(sub, lips * 0.9, a_up)
    _lerp(sub, lips * 1.08, a_lo)
    spec[I] += 0.12 * a_lo * np.exp(-(u / 0.45) ** 2 - ((yi - yl + 0.45 * LL) / (0.35 * LL + 1e-3)) ** 2) * (1 + pt)
    # mouth interior: dark, upper teeth, tongue; always a thin lip line
    a_in = _cov(np.maximum(np.maximum(yl - yi, yi - yu), ends), pix)
    inner = np.repeat(_c((0.25, 0.06, 0.08)), I.size, axis=1)
    teeth = _cov(np.maximum((yu - 0.045) - yi, (np.abs(u) - 0.7) * W), pix) * (1 - 0.5 * u * u)
    _lerp(inner, (0.92, 0.9, 0.84), teeth)
    if o > 0.25:
        low = _cov(np.maximum(yi - (yl + 0.025), (np.abs(u) - 0.55) * W), pix) * min(1, (o - 0.25) * 3)
        _lerp(inner, (0.85, 0.83, 0.78), low * 0.8)
    tongue = _cov(((xi / (0.55 * W)) ** 2 + ((yi - yl) / 0.06) ** 2 - 1) * 0.03, pix) * (o > 0.35)
    _lerp(inner, (0.72, 0.28, 0.32), tongue * (1 - teeth))
    _lerp(sub, inner, a_in)
    line = _cov(np.maximum(np.abs(yi - 0.5 * (yu + yl)) - 0.006, (np.abs(u) - 1.03) * W), pix)
    _lerp(sub, (0.2, 0.06, 0.07), line * 0.8)
    alb[:, I] = sub


def _eye(alb, x, y, z, idn, mp, side, pix):
    cx, cy, ew, eh = side * idn.eye_sep, idn.eye_y, idn.eye_w, idn.eye_h
    I = _box(x, y, z, cx - 1.8 * ew, cx + 1.8 * ew, cy - 3 * eh, cy + 3 * eh + 0.06)
    sub = alb[:, I]
    dx, dy = x[I] - cx, y[I] - cy
    u = dx / ew
    v = (dy - idn.eye_tilt * side * dx) / eh  # positive tilt lifts the outer corner
    blink = mp.blink_left if side > 0 else mp.blink_right
    shape = np.sqrt(np.clip(1 - u * u, 0, 1))
    bot = -0.8 * shape * (1 - 0.35 * blink)
    top = shape + (bot - shape) * blink  # upper lid descends to the lower one
    sub *= 1 - 0.13 * np.exp(-0.5 * u * u - 0.25 * (v - 0.6) ** 2)  # socket shadow
    crease = _cov(np.abs(v - shape * 1.05 - 0.55) * eh - 0.005, pix) * (np.abs(u) < 0.95)
    sub *= 1 - 0.25 * (1 - blink) * crease
    a_open = _cov(np.maximum(np.maximum(bot - v, v - top) * eh, (np.abs(u) - 1) * ew), pix)
    # eyeball: sclera shaded under the lid, iris/pupil follow gaze, catchlight
    ix, iy = mp.gaze_x * 0.5 * ew, mp.gaze_y * 0.45 * eh
    ri = idn.iris_frac * ew
    di = np.sqrt((dx - ix) ** 2 + (dy - iy) ** 2)
    ball = _c(idn.sclera) * (1 - 0.3 * np.clip(1 - (top - v) * 1.5, 0, 1) - 0.15 * u * u)
    irc = _c(idn.iris) * (1.15 - 0.6 * (di / ri) ** 3)
    _lerp(ball, irc, _cov(di - ri, pix))
    _lerp(ball, (0.03, 0.02, 0.02), _cov(di - 0.42 * ri, pix))
    dc = np.sqrt((dx - ix + 0.35 * ri) ** 2 + (dy - iy - 0.35 * ri) ** 2)
    _lerp(ball, (1, 1, 1), 0.9 * _cov(dc - 0.2 * ri, pix))
    _lerp(sub, ball, a_open)
    # lashes along the upper lid, lighter along the lower lid
    lash = _cov(np.abs(v - top) * eh - 0.011, pix) * _cov((np.abs(u) - 1.08) * ew, pix)
    _lerp(sub, (0.07, 0.05, 0.05), lash)
    low = _cov(np.abs(v - bot) * eh - 0.005, pix) * _cov((np.abs(u) - 1.0) * ew, pix)
    _lerp(sub, (0.2, 0.12, 0.1), low * 0.5 * (1 - blink))
    alb[:, I] = sub


def _brow(alb, x, y, z, idn, mp, side, pix):
    r, bl = mp.brow_raise, idn.brow_len
    bcx = side * (idn.eye_sep + 0.01)
    bcy = idn.eye_y + idn.brow_y + 0.07 * r
    I = _box(x, y, z, bcx - 1.3 * bl, bcx + 1.3 * bl, bcy - 0.2, bcy + 0.15)
    sub = alb[:, I]
    u = side * (x[I] - bcx) / bl  # -1 inner end .. +1 outer end
    inner = np.clip((1 - u) / 2, 0, 1)
    yc = bcy + idn.brow_arch * (1 - u * u) + (0.03 * max(r, 0) - 0.07 * max(-r, 0)) * inner
    th = idn.brow_thick * (0.8 + 0.4 * inner) * (1 - 0.5 * np.clip(u, 0, 1) ** 2)
    d = np.maximum(np.abs(y[I] - yc) - 0.5 * th, (np.abs(u) - 1) * bl)
    _lerp(sub, idn.brow_rgb, 0.95 * _cov(d, pix))
    alb[:, I] = sub


def _glasses(alb, x, y, z, idn, pix):
    gy = idn.eye_y + 0.015
    a, b = idn.eye_w * 1.35, idn.eye_h * 2.1
    th = 0.012 if idn.seed % 3 else 0.02
    I = _box(x, y, z, -1.0, 1.0, gy - 0.3, gy + 0.3, zmin=-0.2)
    sub = alb[:, I]
    xi, yi = x[I], y[I]
    frame = np.zeros(I.size, np.float32)
    lens = np.zeros(I.size, np.float32)
    for s in (1, -1):
        dx, dy = xi - s * idn.eye_sep, yi - gy
        if idn.glasses == "round":
            rr = np.sqrt(dx * dx + dy * dy) - a
        else:
            rr = (((dx / a) ** 4 + (dy / b) ** 4) ** 0.25 - 1) * min(a, b)
        frame = np.maximum(frame, _cov(np.abs(rr) - th, pix))
        lens = np.maximum(lens, _cov(rr, pix))
    bridge = _cov(np.maximum(np.abs(yi - gy - 0.03) - th * 0.8, np.abs(xi) - idn.eye_sep + a * 0.9), pix)
    arms = _cov(np.abs(yi - gy - 0.02) - th * 0.8, pix) * (np.abs(xi) > idn.eye_sep + a * 0.95) * (z[I] < 0.75)
    _lerp(sub, (0.6, 0.75, 0.85), lens * 0.12)
    _lerp(sub, idn.glasses_rgb, np.maximum(np.maximum(frame, bridge), arms))
    alb[:, I] = sub


# ------------------------------------------------------------------ body

def neck_albedo(idn: Identity, yy, chin_y, s):
    alb = np.repeat(_c(idn.skin) * 0.95, yy.size, axis=1)
    if idn.collar == "turtleneck":
        _lerp(alb, idn.cloth, (yy < chin_y - 0.22 * s).astype(np.float32))
    return alb


def cloth_albedo(idn: Identity, q, ry, s):
    """Torso colour in torso-local coordinates (top of the shoulders at y = ry)."""
    x, y, z = q
    alb = np.repeat(_c(idn.cloth), x.size, axis=1)
    if idn.pattern == "stripes":
        _lerp(alb, idn.cloth2, np.clip(np.sin(y * 38) * 3 + 0.5, 0, 1) * 0.85)
    elif idn.pattern == "two_tone":
        _lerp(alb, idn.cloth2, _sstep(0.33, 0.36, np.abs(x)))
    nw = s * idn.neck_r * 1.3
    dy = ry - y  # depth below the shoulder line
    front = z > 0
    kind = idn.collar
    if kind in ("crew", "hoodie"):
        e = np.sqrt((x / nw) ** 2 + (dy / 0.09) ** 2)
        band = 0.05 if kind == "hoodie" else 0.025
        _lerp(alb, np.array(idn.cloth2) * 0.8 + 0.1, ((e > 1) & (e < 1 + band / 0.09 * 3) & front) * 0.9)
        _lerp(alb, idn.skin, ((e <= 1) & front).astype(np.float32))
        if kind == "hoodie":
            cords = (np.abs(np.abs(x) - 0.07) < 0.008) & (dy > 0.1) & (dy < 0.32) & front
            _lerp(alb, idn.cloth2, cords.astype(np.float32))
    elif kind in ("v", "shirt"):
        depth = 0.3 if kind == "v" else 0.22
        vw = nw * np.clip(1 - dy / depth, 0, 1)
        skin = (np.abs(x) < vw) & front
        if kind == "shirt":
            flap = (np.abs(x) < vw + 0.09) & ~skin & (dy < depth * 1.1) & front
            _lerp(alb, idn.cloth2, flap.astype(np.float32))
        _lerp(alb, np.array(idn.cloth) * 0.6, ((np.abs(x) < vw + 0.015) & ~skin & front) * 0.7)
        _lerp(alb, idn.skin, skin.astype(np.float32))
    else:  # turtleneck: a darker roll at the neck
        _lerp(alb, np.array(idn.cloth) * 0.75, ((np.abs(x) < nw * 1.1) & (dy < 0.05)) * 1.0)
    return alb


# ------------------------------------------------------------------ background

@lru_cache(maxsize=64)
def background(idn: Identity, size: int) -> np.ndarray:
    """(3, size, size) float32, rendered at output resolution (it is smooth)."""
    c = (np.arange(size, dtype=np.float32) + 0.5) / size * 2 - 1
    X, Y = c[None, :], -c[:, None]
    b1, b2 = _c(idn.bg1)[..., None], _c(idn.bg2)[..., None]
    ca, sa = np.cos(idn.bg_angle), np.sin(idn.bg_angle)
    g = np.clip(0.5 + 0.5 * (X * ca + Y * sa), 0, 1)[None]
    kind = idn.background
    if kind == "solid":
        img = b1 * (0.92 + 0.08 * Y[None])
    elif kind == "stripes":
        w = 6 + (idn.seed % 5) * 3
        img = b1 + (b2 - b1) * np.clip(np.sin((X * ca + Y * sa) * w) * 4 + 0.5, 0, 1)[None] * 0.6
    elif kind == "vignette":
        img = b1 * (1 - 0.45 * (X * X + Y * Y)[None]) + b2 * 0.1
    else:
        img = b1 + (b2 - b1) * g
        if kind == "blobs":
            for bx, by, br, rgb in idn.bg_blobs:
                w = np.exp(-((X - bx) ** 2 + (Y - by) ** 2) / (br * br))[None] * 0.7
                img = img + (_c(rgb)[..., None] - img) * w
    img = np.ascontiguousarray(np.broadcast_to(img, (3, size, size)), dtype=np.float32)
    img.setflags(write=False)
    return img
