"""Vectorised numpy ray caster for avatar heads.

Camera: orthographic, looking down -z; the image spans [-1, 1]^2 (y up), so
every ray shares one direction. Head-space objects (skull, jaw, nose, ears,
hair) are ellipsoids intersected analytically after rotating the rays by the
inverse head pose (pivot at the top of the neck); facial features are painted
as 2-D functions of the head-space hit point. Neck and torso live in world
space (the torso follows a quarter of the yaw). Rendering happens at `ss`x
supersampling into a z-buffer, is box-filtered, and composited over a
per-identity background rendered at output size.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .identity import Identity
from .motion import MotionParams
from . import paint

Z0 = 4.0  # ray origin plane (world z)
PIVOT_H = np.array([0.0, -0.62, -0.1])  # neck pivot in head units
PIVOT_Y = -0.2  # world y of the pivot (before identity offset)
INF = np.float32(np.inf)
f32 = np.float32
JAW_DROP = 0.12  # head units the jaw moves down at mouth_open = 1 (the muzzle moves half as far)
JAW_STRETCH = 0.4  # the jaw's vertical radius grows by this share of its drop
LIP_POUT, LIP_ROUND = 0.1, 0.04  # head units the lips (muzzle) move forward at mouth_pout / mouth_round = 1
# What each pixel of a geometry render shows (`render_geometry`): how that surface moves between two frames.
PART_BACKGROUND, PART_HEAD, PART_JAW, PART_MUZZLE, PART_NECK, PART_TORSO = range(6)
_PRIM_PART = {"jaw": PART_JAW, "muzzle": PART_MUZZLE}  # every other head primitive moves rigidly with the head


def rotation(yaw: float, pitch: float, roll: float) -> np.ndarray:
    """Head->world rotation. +yaw turns the face toward +x (avatar's left),
    +pitch lifts the chin (+y), +roll tips the crown toward +x."""
    y, p, r = np.radians([yaw, pitch, roll])
    Ry = np.array([[np.cos(y), 0, np.sin(y)], [0, 1, 0], [-np.sin(y), 0, np.cos(y)]])
    Rx = np.array([[1, 0, 0], [0, np.cos(p), np.sin(p)], [0, -np.sin(p), np.cos(p)]])
    Rz = np.array([[np.cos(r), np.sin(r), 0], [-np.sin(r), np.cos(r), 0], [0, 0, 1]])
    return Ry @ Rx @ Rz


@lru_cache(maxsize=8)
def _axis(n: int) -> np.ndarray:
    """Sample-centre coordinates in [-1, 1] for n samples."""
    return ((np.arange(n, dtype=np.float32) + 0.5) / n * 2 - 1).astype(np.float32)


class _Frame:
    def __init__(self, n):
        self.n = n
        self.ax = _axis(n)
        self.z = np.full(n * n, INF, np.float32)
        self.col = np.zeros((3, n * n), np.float32)
        self.part = np.zeros(n * n, np.uint8)  # PART_* code of the nearest surface (geometry renders)

    def window(self, x0, x1, y0, y1):
        """Sample window covering a world box: (rows, cols, X (1,w), Y (h,1), flat idx)."""
        n = self.n
        j0, j1 = max(0, int((x0 + 1) * n / 2)), min(n, int(np.ceil((x1 + 1) * n / 2)))
        i0, i1 = max(0, int((1 - y1) * n / 2)), min(n, int(np.ceil((1 - y0) * n / 2)))
        if j1 <= j0 or i1 <= i0:
            return None
        X = self.ax[j0:j1][None, :]
        Y = -self.ax[i0:i1][:, None]
        gidx = (np.arange(i0, i1)[:, None] * n + np.arange(j0, j1)[None, :]).ravel()
        return X, Y, gidx

    def write(self, gidx, t, rgb, part):
        """Depth-tested write of samples (t = world distance from the ray origin; part: a PART_* code per sample)."""
        m = t < self.z[gidx]
        g = gidx[m]
        self.z[g] = t[m]
        self.col[:, g] = rgb[:, m]
        self.part[g] = np.broadcast_to(part, t.shape)[m]


def _ray_ellipsoid(o, d, c, r):
    """Near/far ray parameters (inf where missed) for rays o + t d, constant d."""
    ox, oy, oz = [(o[k] - f32(c[k])) * f32(1 / r[k]) for k in range(3)]
    dx, dy, dz = [d[k] / r[k] for k in range(3)]
    a = dx * dx + dy * dy + dz * dz
    b = ox * f32(dx) + oy * f32(dy) + oz * f32(dz)
    q = ox * ox + oy * oy + oz * oz - 1
    disc = b * b - f32(a) * q
    hit = disc > 0
    sq = np.sqrt(np.where(hit, disc, 0))
    tn = np.where(hit, (-b - sq) * f32(1 / a), INF)
    tf = np.where(hit, (-b + sq) * f32(1 / a), INF)
    return tn, tf


def _light(alb, n, L, V, idn, spec=0.0, shine=16.0):
    """Lambert (slightly wrapped) + ambient + rim + optional specular; n, L, V in one space."""
    ndl = n[0] * L[0] + n[1] * L[1] + n[2] * L[2]
    diff = np.clip((ndl + 0.15) / 1.15, 0, 1)
    ndv = np.clip(n[0] * V[0] + n[1] * V[1] + n[2] * V[2], 0, 1)
    rim = idn.rim * (1 - ndv) ** 3
    amb = idn.ambient
    lc = np.array(idn.light_rgb, np.float32)[:, None] * (1 - amb)
    out = alb * (amb + lc * diff) * 1.12 + np.array(idn.rim_rgb, np.float32)[:, None] * rim * 0.6
    if spec:
        H = np.asarray(L) + np.asarray(V)
        H = H / np.linalg.norm(H)
        ndh = np.clip(n[0] * H[0] + n[1] * H[1] + n[2] * H[2], 0, 1)
        out = out + lc * (spec * ndh ** shine)
    return out


def _normalize(v):
    inv = 1 / np.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2] + 1e-12)
    return v * inv


# ---------------------------------------------------------------- head space

def _head_prims(idn: Identity, mp: MotionParams):
    """(name, centre, radii, material) of every head-space ellipsoid."""
    cr = np.array(idn.cranium)
    jaw_drop = JAW_DROP * mp.mouth_open
    jc = (0.0, idn.jaw_y - jaw_drop, idn.jaw_z)
    prims = [("cranium", (0.0, 0.15, 0.0), tuple(cr), "skin"),
             ("jaw", jc, (idn.jaw[0], idn.jaw[1] + JAW_STRETCH * jaw_drop, idn.jaw[2]), "skin")]
    zf = paint.face_z(idn, 0.0, idn.nose_y)
    nr = idn.nose
    prims.append(("nose", (0.0, idn.nose_y, zf - 0.25 * nr[2]), nr, "skin"))
    zm = paint.face_z(idn, 0.0, idn.mouth_y - 0.04)
    lip_fwd = LIP_POUT * mp.mouth_pout + LIP_ROUND * mp.mouth_round  # 0 = flush with the face
    prims.append(("muzzle", (0.0, idn.mouth_y - 0.05 - 0.5 * jaw_drop, zm - 0.16 + lip_fwd),
                  (idn.mouth_w * 1.3, 0.2, 0.16), "skin"))
    style = idn.hair_style
    if style not in ("bob", "long", "afro"):
        e = idn.ear_scale
        for s in (-1, 1):
            prims.append(("ear", (s * cr[0] * 0.97, -0.08, -0.08), (0.08 * e, 0.2 * e, 0.13 * e), "ear"))
    v = idn.hair_volume
    shell = {"short": 0.07, "side_part": 0.1, "bob": 0.16, "long": 0.14, "afro": 0.38,
             "ponytail": 0.04, "bun": 0.04, "mohawk": 0.28}.get(style)
    if shell is not None:
        th = shell * v
        c = (0.0, 0.15 + (0.2 * th if style == "afro" else 0.3 * th), -0.03)
        prims.append(("hair", c, tuple(cr * (1 + th)), "hair"))
    if idn.hat != "none":  # just outside any hair shell
        th = 1.06 + (shell or 0.0) * v
        prims.append(("hat", (0.0, 0.2, -0.02), tuple(cr * th), "hat"))
        if idn.hat == "cap":
            prims.append(("visor", (0.0, 0.62, 0.55 * cr[2] * th), (0.62, 0.05, 0.62), "hat"))
    if style == "long":
        prims.append(("curtain", (0.0, -0.8, -0.42), (cr[0] * 1.1 * v, 1.35, 0.55), "hair"))
    if style == "bun":
        prims.append(("bun", (0.0, 1.05, -0.55), (0.38 * v,) * 3, "hair"))
    if style == "ponytail":
        prims.append(("tail", (0.0, -0.2, -1.1), (0.22 * v, 0.62, 0.24 * v), "hair"))
    return prims


def _head_pass(F: _Frame, idn: Identity, mp: MotionParams, R, P, s):
    prims = _head_prims(idn, mp)
    # screen boxes of the projected bounding spheres; the window is their union
    cs = np.array([p[1] for p in prims]) - PIVOT_H
    wc = P[None, :2] + s * (cs @ R.T)[:, :2]
    rad = s * np.array([max(p[2]) for p in prims])[:, None]
    lo, hi = (wc - rad).min(0), (wc + rad).max(0)
    win = F.window(lo[0], hi[0], lo[1], hi[1])
    if win is None:
        return
    X, Y, gidx = win
    Xs, Ys = (X - f32(P[0])) / f32(s), (Y - f32(P[1])) / f32(s)
    o = [f32(PIVOT_H[k] + R[2, k] * (Z0 - P[2]) / s) + f32(R[0, k]) * Xs + f32(R[1, k]) * Ys
         for k in range(3)]
    d = -R[2, :]  # head-space ray direction
    # nearest surface per sample; each primitive is cast only inside its own box.
    # Hair ellipsoids are cut by masks, so their far (inner) side can be seen too.
    tbest = np.full(o[0].shape, INF, np.float32)
    kind = np.full(o[0].shape, -1, np.int16)
    surf = []  # kind -> (prim index, +1 outside / -1 inside)
    h, w = tbest.shape
    for i, (name, c, r, mat) in enumerate(prims):
        c0 = min(w, max(0, int((wc[i, 0] - rad[i, 0] - X[0, 0]) * F.n / 2)))
        c1 = min(w, max(0, int(np.ceil((wc[i, 0] + rad[i, 0] - X[0, 0]) * F.n / 2)) + 1))
        r0 = min(h, max(0, int((Y[0, 0] - wc[i, 1] - rad[i, 0]) * F.n / 2)))
        r1 = min(h, max(0, int(np.ceil((Y[0, 0] - wc[i, 1] + rad[i, 0]) * F.n / 2)) + 1))
        if c1 <= c0 or r1 <= r0:
            continue
        sl = (slice(r0, r1), slice(c0, c1))
        os_ = [ok[sl] for ok in o]
        tn, tf = _ray_ellipsoid(os_, d, c, r)
        sides = ((1, tn), (-1, tf)) if mat in ("hair", "hat") else ((1, tn),)
        for side, t in sides:
            if mat in ("hair", "hat"):
                ok = np.isfinite(t)
                if ok.any():
                    pts = [os_[k][ok] + t[ok] * f32(d[k]) for k in range(3)]
                    t[ok] = np.where(paint.hair_mask(idn, name, *pts) > 0.5, t[ok], INF)
            tb = tbest[sl]
            better = t < tb
            tb[better] = t[better]
            kind[sl][better] = len(surf)
            surf.append((i, side))
    t = tbest.ravel()
    idx = np.flatnonzero(kind.ravel() >= 0)
    if idx.size == 0:
        return
    k, t, gidx = kind.ravel()[idx], t[idx], gidx[idx]
    p = np.stack([o[j].ravel()[idx] + t * f32(d[j]) for j in range(3)])
    L = R.T @ np.array(idn.light_dir)
    V = -d
    rgb = np.empty((3, idx.size), np.float32)
    codes = {"skin": 0, "ear": 1, "hair": 2, "hat": 3}
    mats = np.array([codes[prims[i][3]] for i, _ in surf], np.int8)[k]
    # skin: normals blended across skull/jaw/nose/muzzle so the union shows no creases
    sk = np.flatnonzero(mats == 0)
    if sk.size:
        q = p[:, sk]
        nsum = np.zeros_like(q)
        for name, c, r, mat in prims:
            if mat != "skin":
                continue
            dq = (q - np.array(c, np.float32)[:, None]) / np.array(r, np.float32)[:, None]
            F_ = dq[0] * dq[0] + dq[1] * dq[1] + dq[2] * dq[2] - 1
            near = np.flatnonzero(F_ < 0.7)  # weights below e^-5.6 are dropped
            g = dq[:, near] / np.array(r, np.float32)[:, None]
            wgt = np.exp((-14 if name == "nose" else -8) * np.maximum(F_[near], 0))
            nsum[:, near] += _normalize(g) * wgt
        n = _normalize(nsum)
        alb, spec = paint.paint_face(idn, mp, q, F.n)
        rgb[:, sk] = _light(alb, n, L, V, idn) + spec * np.array(idn.light_rgb, np.float32)[:, None]
    side_of = np.array([sd for _, sd in surf])
    for mat in ("ear", "hair", "hat"):
        sel = np.flatnonzero(mats == codes[mat])
        if not sel.size:
            continue
        q, ks = p[:, sel], k[sel]
        n = np.empty_like(q)
        for j in np.unique(ks):
            i, side = surf[j]
            m = ks == j
            c, r = np.array(prims[i][1], np.float32)[:, None], np.array(prims[i][2], np.float32)[:, None]
            n[:, m] = side * _normalize((q[:, m] - c) / r ** 2)
        if mat == "ear":
            rgb[:, sel] = _light(paint.ear_albedo(idn, q), n, L, V, idn)
        elif mat == "hat":
            rgb[:, sel] = _light(paint.hat_albedo(idn, q, side_of[ks] < 0), n, L, V, idn)
        else:
            alb = paint.hair_albedo(idn, q, side_of[ks] < 0)
            rgb[:, sel] = _light(alb, n, L, V, idn, spec=0.35, shine=12)
    prim_part = np.array([_PRIM_PART.get(prims[i][0], PART_HEAD) for i, _ in surf], np.uint8)
    F.write(gidx, t * f32(s), rgb, prim_part[k])


# ---------------------------------------------------------------- world space

def _body_pass(F: _Frame, idn: Identity, mp: MotionParams, P, s):
    L = np.array(idn.light_dir)
    V = np.array([0.0, 0.0, 1.0])
    chin_y = P[1] + s * (idn.jaw_y - idn.jaw[1] - PIVOT_H[1])
    # neck: vertical cylinder from the head pivot down
    nr = s * idn.neck_r
    nx, nz = P[0], -0.02
    win = F.window(nx - nr, nx + nr, -1.0, P[1] + 0.05)
    if win is not None:
        X, Y, gidx = win
        dx = np.broadcast_to(X - f32(nx), (Y.shape[0], X.shape[1])).ravel()
        yy = np.broadcast_to(Y, (Y.shape[0], X.shape[1])).ravel()
        ok = np.flatnonzero(dx * dx < nr * nr)
        dx, yy, gidx = dx[ok], yy[ok], gidx[ok]
        dz = np.sqrt(nr * nr - dx * dx)
        t = f32(Z0 - nz) - dz
        n = np.stack([dx / nr, np.zeros_like(dx), dz / nr])
        # shadow under the jaw fades downward
        shade = 0.55 + 0.45 * np.clip((chin_y - yy) / (0.35 * s) + 0.1, 0, 1)
        alb = paint.neck_albedo(idn, yy, chin_y, s) * shade
        F.write(gidx, t, _light(alb, n, L, V, idn), PART_NECK)
    # torso: ellipsoid turned by a quarter of the head yaw
    rx, ry, rz = idn.shoulders
    top = _torso_top(idn)
    c = np.array([P[0] * 0.6, top - ry, -0.12])
    a = np.radians(TORSO_YAW * mp.yaw)
    Rt = np.array([[np.cos(a), 0, np.sin(a)], [0, 1, 0], [-np.sin(a), 0, np.cos(a)]])
    win = F.window(c[0] - rx - 0.05, c[0] + rx + 0.05, -1.0, top + 0.01)
    if win is None:
        return
    X, Y, gidx = win
    o = [f32(Rt[0, k]) * (X - f32(c[0])) + f32(Rt[1, k]) * (Y - f32(c[1])) + f32(Rt[2, k] * (Z0 - c[2]))
         for k in range(3)]
    d = -Rt[2, :]
    tn, _ = _ray_ellipsoid(o, d, (0, 0, 0), (rx, ry, rz))
    tn = tn.ravel()
    ok = np.flatnonzero(tn < F.z[gidx])
    if not ok.size:
        return
    t = tn[ok]
    q = np.stack([o[k].ravel()[ok] + t * f32(d[k]) for k in range(3)])
    n = _normalize(q / (np.array([rx, ry, rz], np.float32)[:, None] ** 2))
    alb = paint.cloth_albedo(idn, q, ry, s)
    F.write(gidx[ok], t, _light(alb, n, Rt.T @ L, Rt.T @ V, idn), PART_TORSO)


TORSO_YAW = 0.25  # the torso turns by this share of the head yaw, about a vertical axis through its centre


def head_pivot(idn: Identity) -> np.ndarray:
    """World position of the neck pivot the head turns about."""
    return np.array([idn.head_offset[0], PIVOT_Y + idn.head_offset[1], 0.0])


def _torso_top(idn: Identity) -> float:
    P, s = head_pivot(idn), idn.head_scale
    chin_y = P[1] + s * (idn.jaw_y - idn.jaw[1] - PIVOT_H[1])
    return chin_y - 0.12 - 0.15 * s


def torso_centre(idn: Identity) -> np.ndarray:
    """World centre of the torso ellipsoid (it turns about the vertical axis through this point)."""
    return np.array([head_pivot(idn)[0] * 0.6, _torso_top(idn) - idn.shoulders[1], -0.12])


# ---------------------------------------------------------------- public API

def render(identity: Identity, motion: MotionParams, size: int = 128, ss: int = 2) -> np.ndarray:
    """Render one frame: uint8 array (size, size, 3)."""
    n = size * ss
    F = _Frame(n)
    mp = motion
    R = rotation(mp.yaw, mp.pitch, mp.roll)
    s = identity.head_scale
    P = head_pivot(identity)
    _head_pass(F, identity, mp, R, P, s)
    _body_pass(F, identity, mp, P, s)
    # box filter: sum the ss x ss sub-samples with strided views (faster than .mean over axes)
    c5 = F.col.reshape(3, size, ss, size, ss)
    v5 = np.isfinite(F.z).astype(np.float32).reshape(size, ss, size, ss)
    col, cov = c5[:, :, 0, :, 0].copy(), v5[:, 0, :, 0].copy()
    for a in range(ss):
        for b in range(ss):
            if a or b:
                col += c5[:, :, a, :, b]
                cov += v5[:, a, :, b]
    col *= 1 / (ss * ss)
    cov *= 1 / (ss * ss)
    img = col + (1 - cov)[None] * paint.background(identity, size)
    return (np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8).transpose(1, 2, 0)


def render_geometry(identity: Identity, motion: MotionParams, size: int = 128):
    """What each pixel centre sees, for dense ground-truth correspondence between frames (one sample per pixel).

    Returns (depth, part): depth float32 (size, size), the world z of the nearest surface (+z toward the camera;
    -inf on the background), and part uint8 (size, size), its PART_* code.
    """
    F = _Frame(size)
    R = rotation(motion.yaw, motion.pitch, motion.roll)
    P = head_pivot(identity)
    _head_pass(F, identity, motion, R, P, identity.head_scale)
    _body_pass(F, identity, motion, P, identity.head_scale)
    depth = (f32(Z0) - F.z).reshape(size, size)
    return depth, F.part.reshape(size, size)


def landmarks(identity: Identity, motion: MotionParams, size: int = 128) -> dict:
    """Exact pixel positions (x right, y down) of face points; for crops and checks.
    Keys: left_eye / right_eye (the avatar's own left/right), mouth, nose_tip, chin."""
    idn, mp = identity, motion
    R = rotation(mp.yaw, mp.pitch, mp.roll)
    P = head_pivot(idn)
    z = lambda x, y: paint.face_z(idn, x, y)
    my = idn.mouth_y - 0.1 * mp.mouth_open
    pts = {
        "left_eye": (idn.eye_sep, idn.eye_y, z(idn.eye_sep, idn.eye_y)),
        "right_eye": (-idn.eye_sep, idn.eye_y, z(-idn.eye_sep, idn.eye_y)),
        "mouth": (0.0, my, z(0.0, my) + 0.02),
        "nose_tip": (0.0, idn.nose_y, z(0.0, idn.nose_y) + 0.75 * idn.nose[2]),
        "chin": (0.0, idn.jaw_y - idn.jaw[1] - (1 + JAW_STRETCH) * JAW_DROP * mp.mouth_open, idn.jaw_z),
    }
    out = {}
    for k, h in pts.items():
        w = P + idn.head_scale * R @ (np.array(h) - PIVOT_H)
        out[k] = ((w[0] + 1) / 2 * size, (1 - w[1]) / 2 * size)
    return out


def feature_boxes(identity: Identity, motion: MotionParams, size: int = 128) -> dict:
    """Square pixel boxes (x0, y0, x1, y1) around each eye (with its brow) and the mouth."""
    lm = landmarks(identity, motion, size)
    s = identity.head_scale * size / 2  # pixels per head unit
    half = {"left_eye": 0.3 * s, "right_eye": 0.3 * s, "mouth": 0.36 * s}
    boxes = {}
    for k, h in half.items():
        x, y = lm[k]
        if k != "mouth":
            y -= 0.08 * s  # include the brow
        boxes[k] = tuple(int(round(v)) for v in (x - h, y - h, x + h, y + h))
    return boxes


def render_batch(identities, motions, size: int = 128, ss: int = 2) -> np.ndarray:
    """Render pairs (identities may be a single Identity): uint8 (N, size, size, 3)."""
    if isinstance(identities, Identity):
        identities = [identities] * len(motions)
    return np.stack([render(i, m, size, ss) for i, m in zip(identities, motions)])
