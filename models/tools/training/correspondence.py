"""True dense correspondence between two rendered frames of one avatar, for supervising the decoder's warps.

The renderer knows the geometry: each pixel centre of the driving frame sees a surface point at a known depth on a
known part (`render_geometry`), and each part moves in a known way between the two frames' parameters (the head
turns about its neck pivot; within it the jaw ellipsoid drops and stretches with `mouth_open`, the muzzle drops half as
far and moves forward with pout and round; the torso turns by a quarter of the yaw; the neck and background stay).
Eyes and lips are paint on those surfaces, fixed in head space, and the paint moves by itself
(`avatars.paint._eye`, `_mouth`): the eyeball's texture (iris, pupil, catchlight) slides with the gaze, the lids' skin
stretches between the fixed crease and the moving lid line as the eye blinks, and the lips' bands (the skin above,
the upper lip, the mouth's interior, the lower lip) stretch between their edges as the mouth opens, smiles, rounds or
pouts; the skin below the lower lip moves with the jaw. The paint's formulas are `avatars.paint`'s, restated in torch
for whole batches (its numbers are repeated here: change both together; the warp tests against real renders in
`test_correspondence.py` catch a mismatch). Moving the point into the source frame's pose gives where the decoder
should read the source: a backward flow in `grid_sample` coordinates (align_corners=True), the same displacement the
ToFlow layers predict. The flow is trusted only where that point is visible in the source (its depth matches the source's
depth map there, an eyeball point is not under the source's lids, and the mouth's interior is open in the
source) and lands inside the image.
"""
from typing import Optional

import torch
import torch.nn.functional as F

from avatars import MOTION_FIELDS
from avatars.render import (JAW_DROP, JAW_STRETCH, LIP_POUT, LIP_ROUND, PART_BACKGROUND, PART_HEAD, PART_JAW,
                            PART_MUZZLE, PART_TORSO, PIVOT_H, TORSO_YAW, head_pivot, torso_centre)

VISIBLE_DEPTH = 0.05  # world units (a pixel is 0.016 at 128²): depth mismatch beyond which the point is occluded
LIPS_DEPTH = 0.2  # the same for paint on the lips, whose surface moves less than the paint
_FAR = -10.0  # stands in for the background's -inf depth when sampling (far behind everything, and finite)
_YAW, _PITCH, _ROLL, _OPEN, _SMILE, _ROUND, _POUT, _BLINK_L, _BLINK_R, _GAZE_X, _GAZE_Y = (
    MOTION_FIELDS.index(f) for f in ('yaw', 'pitch', 'roll', 'mouth_open', 'mouth_smile', 'mouth_round', 'mouth_pout',
                                     'blink_left', 'blink_right', 'gaze_x', 'gaze_y'))
# avatars.paint._eye, in eye units (u across, v up; each eye's width and height): the crease over the upper lid and
# the bottom of the lower lid's skin stay put while the lid lines move; the iris is offset by the gaze
CREASE, CREASE_SLOPE, LOWER_SKIN = 0.55, 1.05, 0.5
GAZE_X, GAZE_Y = 0.5, 0.45
PAINT_FRONT = 0.15  # head z in front of which eyes and lips are painted
MOUTH_ABOVE, MOUTH_MARGIN = 0.15, 0.05  # the mouth's paint box: its top above the mouth line, its margin beside the lips
OPEN_INTERIOR = 0.02  # head units: a source mouth open less than this shows no interior to read


def frame_constants(identity) -> list:
    """Per-identity geometry the correspondence needs: neck pivot (3), head scale, torso centre (3), the jaw's
    centre height above the pivot and vertical radius at rest, the eyes' half-separation, height above the pivot,
    half-width, half-height and tilt, and the mouth's half-width, height above the pivot and lip thicknesses (head
    units)."""
    return [*head_pivot(identity), identity.head_scale, *torso_centre(identity), identity.jaw_y - PIVOT_H[1],
            identity.jaw[1], identity.eye_sep, identity.eye_y - PIVOT_H[1], identity.eye_w, identity.eye_h,
            identity.eye_tilt, identity.mouth_w, identity.mouth_y - PIVOT_H[1], identity.lip_up, identity.lip_lo]


def _lids(u: torch.Tensor, blink: torch.Tensor):
    """(lower, upper) lid lines at `u` (eye units) for `blink` in 0..1: the upper lid descends to the lower one."""
    shape = (1 - u * u).clamp_min(0).sqrt()
    lower = -0.8 * shape * (1 - 0.35 * blink)
    return lower, shape + (lower - shape) * blink


def _eye_paint(hx, hy, hz, on_head, constants, params_s, params_d):
    """Moves head-space points (driving pose) on the painted eyes to where the source shows the same paint.

    Returns (hx, hy, hidden): `hidden` marks eyeball points that the source's lids cover."""
    sep, eye_y, w, h, tilt = (constants[:, k, None] for k in range(9, 14))
    front = on_head & (hz + PIVOT_H[2] > PAINT_FRONT)
    hidden = torch.zeros_like(front)
    for side, blink in ((1.0, _BLINK_L), (-1.0, _BLINK_R)):
        dx, dy = hx - side * sep, hy - eye_y
        u = dx / w
        v = (dy - tilt * side * dx) / h
        lower_d, upper_d = _lids(u, params_d[:, blink, None])
        lower_s, upper_s = _lids(u, params_s[:, blink, None])
        inside = front & (u.abs() < 1)
        shape = (1 - u * u).clamp_min(0).sqrt()
        crease, floor = shape * CREASE_SLOPE + CREASE, -0.8 * shape - LOWER_SKIN
        upper_skin = inside & (v >= upper_d) & (v < crease)
        lower_skin = inside & (v <= lower_d) & (v > floor)
        ball = inside & (v > lower_d) & (v < upper_d)
        # lid skin: the lid line goes to the source's lid line, the crease (or the skin's lower end) stays
        v_upper = upper_s + (v - upper_d) * (crease - upper_s) / (crease - upper_d)
        v_lower = floor + (v - floor) * (lower_s - floor) / (lower_d - floor).clamp_min(1e-6)
        v_lid = torch.where(upper_skin, v_upper, torch.where(lower_skin, v_lower, v))
        lid_dy = v_lid * h + tilt * side * dx
        # eyeball: the texture point under this pixel, at the source's gaze
        ball_dx = dx + GAZE_X * w * (params_s[:, _GAZE_X, None] - params_d[:, _GAZE_X, None])
        ball_dy = dy + GAZE_Y * h * (params_s[:, _GAZE_Y, None] - params_d[:, _GAZE_Y, None])
        ball_u = ball_dx / w
        ball_lower, ball_upper = _lids(ball_u, params_s[:, blink, None])
        ball_v = (ball_dy - tilt * side * ball_dx) / h
        hidden = hidden | (ball & ((ball_u.abs() >= 1) | (ball_v <= ball_lower) | (ball_v >= ball_upper)))
        hx = torch.where(ball, ball_dx + side * sep, hx)
        hy = torch.where(ball, ball_dy + eye_y, torch.where(upper_skin | lower_skin, lid_dy + eye_y, hy))
    return hx, hy, hidden


def _rotation(yaw: torch.Tensor, pitch: torch.Tensor, roll: torch.Tensor) -> torch.Tensor:
    """Batched `avatars.render.rotation` (head -> world), degrees in, (B, 3, 3) out."""
    y, p, r = (torch.deg2rad(a) for a in (yaw, pitch, roll))
    one, zero = torch.ones_like(y), torch.zeros_like(y)
    ry = torch.stack([y.cos(), zero, y.sin(), zero, one, zero, -y.sin(), zero, y.cos()], 1).view(-1, 3, 3)
    rx = torch.stack([one, zero, zero, zero, p.cos(), p.sin(), zero, -p.sin(), p.cos()], 1).view(-1, 3, 3)
    rz = torch.stack([r.cos(), r.sin(), zero, -r.sin(), r.cos(), zero, zero, zero, one], 1).view(-1, 3, 3)
    return ry @ rx @ rz


def _to_grid(world: torch.Tensor, n: int) -> torch.Tensor:
    """World x (right) / y (up) of pixel-centre samples -> grid_sample x / y (down) with align_corners=True."""
    k = n / (n - 1)
    return torch.stack([(world[:, 0] + 1 - 1 / n) * k - 1, (1 - 1 / n - world[:, 1]) * k - 1], 1)


def _mouth_width(constants, p):
    return constants[:, 14:15] * (1 + 0.22 * p[:, _SMILE, None] - 0.4 * p[:, _ROUND, None] - 0.4 * p[:, _POUT, None])


def _mouth_bands(u: torch.Tensor, constants, p):
    """Edges of the mouth's paint bands at `u` (across the lips, 1 at the corners), from the bottom of the lower lip
    up to the top of the paint box: (lower lip bottom, lower lip top, upper lip bottom, upper lip top, box top)."""
    o, sm, rd, pt = (p[:, k, None] for k in (_OPEN, _SMILE, _ROUND, _POUT))
    lip_up, lip_lo = constants[:, 16:17], constants[:, 17:18]
    line = constants[:, 15:16] + 0.015 * sm
    lens = (1 - u * u).clamp(0, 1)
    shape = lens.clamp_min(1e-12) ** (1 - 0.5 * rd) * (lens > 0)
    curve = line + sm * (0.12 * u * u - 0.03)
    gap = 0.3 * o + 0.1 * rd + 0.003
    upper, lower = curve + 0.25 * gap * shape, curve - 0.75 * gap * shape
    plump, root = 1 + pt + 0.3 * rd, lens.sqrt()
    upper_top = upper + (lip_up * plump * root * (1 - 0.35 * sm) - 0.3 * lip_up * torch.exp(-(u / 0.15) ** 2)).clamp_min(0)
    return lower - lip_lo * plump * root * (1 - 0.3 * sm), lower, upper, upper_top, line + MOUTH_ABOVE


def _mouth_paint(hx, hy, on_face, constants, params_s, params_d):
    """Moves head-space points (driving pose) on the painted lips to where the source shows the same band.

    Returns (hx, hy, moved, hidden): `moved` marks the points mapped here (from the bottom of the lower lip up),
    `hidden` those in the mouth's interior when the source's mouth is closed. A beard's paint, which follows the jaw
    (`avatars.paint._beard`), is left to the surfaces' motion."""
    w_d, w_s = _mouth_width(constants, params_d), _mouth_width(constants, params_s)
    side_d, side_s = 1.3 * w_d + MOUTH_MARGIN, 1.3 * w_s + MOUTH_MARGIN
    ax = hx.abs()
    # across: the lips scale with their width, the skin beside them out to the box's edge
    x_s = torch.where(ax <= w_d, ax * w_s / w_d, w_s + (ax - w_d) * (side_s - w_s) / (side_d - w_d)) * hx.sign()
    edges_d = _mouth_bands(hx / w_d, constants, params_d)
    edges_s = _mouth_bands(x_s / w_s, constants, params_s)
    moved = on_face & (ax < side_d) & (hy >= edges_d[0]) & (hy < edges_d[-1])
    y_s = hy
    for k in range(len(edges_d) - 1):
        lo_d, hi_d, lo_s, hi_s = edges_d[k], edges_d[k + 1], edges_s[k], edges_s[k + 1]
        band = (hy >= lo_d) & (hy < hi_d)
        y_s = torch.where(band, lo_s + (hy - lo_d) * (hi_s - lo_s) / (hi_d - lo_d).clamp_min(1e-6), y_s)
    interior = (hy >= edges_d[1]) & (hy < edges_d[2])
    hidden = moved & interior & (edges_s[2] - edges_s[1] < OPEN_INTERIOR)
    return torch.where(moved, x_s, hx), torch.where(moved, y_s, hy), moved, hidden


def _points(depth_d: torch.Tensor, part_d: torch.Tensor, constants: torch.Tensor, params_d: torch.Tensor):
    """Each driving pixel centre's surface point: in world space and in head space at the driving pose (relative to
    the neck pivot, in head units), both (B, 3, HW)."""
    b, n, _ = depth_d.shape
    axis = (torch.arange(n, dtype=torch.float32, device=depth_d.device) * 2 + 1) / n - 1
    x = axis.view(1, 1, n).expand(b, n, n)
    y = -axis.view(1, n, 1).expand(b, n, n)
    z = torch.where(part_d == PART_BACKGROUND, torch.zeros_like(depth_d), depth_d.float())
    world = torch.stack([x, y, z], 1).view(b, 3, -1)
    pivot, scale = constants[:, 0:3, None], constants[:, 3, None, None]
    rot_d = _rotation(params_d[:, _YAW], params_d[:, _PITCH], params_d[:, _ROLL])
    return world, rot_d.transpose(1, 2) @ (world - pivot) / scale


def source_flow(depth_d: torch.Tensor, part_d: torch.Tensor, depth_s: torch.Tensor, constants: torch.Tensor,
                params_s: torch.Tensor, params_d: torch.Tensor, paint: bool = True):
    """Backward flow driving -> source and where it can be trusted.

    depth_d, depth_s: (B, H, W) world z (-inf on the background); part_d: (B, H, W) PART_* codes of the driving
    frame; constants: (B, 18) from `frame_constants`; params: (B, F) motion parameters in MOTION_FIELDS order;
    paint=False follows the surfaces alone, as if the eyes' and lips' paint did not move on them (for comparison).
    Returns (displacement (B, 2, H, W) in grid units, weight (B, 1, H, W) in {0, 1}).
    """
    b, n, _ = depth_d.shape
    background = part_d == PART_BACKGROUND
    world, head = _points(depth_d, part_d, constants, params_d)
    pivot, scale, centre = constants[:, 0:3, None], constants[:, 3, None, None], constants[:, 4:7, None]

    # head parts: into head space (relative to the pivot) at the driving pose, the jaw and muzzle moved back to the
    # source's expression, out at the source's pose
    rot_s = _rotation(params_s[:, _YAW], params_s[:, _PITCH], params_s[:, _ROLL])
    hx, hy, hz = head[:, 0], head[:, 1], head[:, 2]
    part = part_d.view(b, -1)
    open_s, open_d = params_s[:, _OPEN, None] * JAW_DROP, params_d[:, _OPEN, None] * JAW_DROP
    # the jaw ellipsoid's centre drops by JAW_DROP * open and its vertical radius grows: map y through both
    jaw_c, jaw_r = constants[:, 7:8], constants[:, 8:9]
    jaw_y = (jaw_c - open_s) + (hy - (jaw_c - open_d)) * (jaw_r + JAW_STRETCH * open_s) / (jaw_r + JAW_STRETCH * open_d)
    lips = lambda p: LIP_POUT * p[:, _POUT, None] + LIP_ROUND * p[:, _ROUND, None]
    muzzle_y, muzzle_z = hy + 0.5 * (open_d - open_s), hz + lips(params_s) - lips(params_d)
    face = (part >= PART_HEAD) & (part <= PART_MUZZLE) & (hz + PIVOT_H[2] > PAINT_FRONT)
    lips_x, lips_y, on_lips, lips_hidden = _mouth_paint(hx, hy, face & paint, constants, params_s, params_d)
    hy = torch.where(part == PART_JAW, jaw_y, torch.where(part == PART_MUZZLE, muzzle_y, hy))
    hz = torch.where(part == PART_MUZZLE, muzzle_z, hz)
    hx, hy, hidden = _eye_paint(hx, hy, hz, (part == PART_HEAD) & paint, constants, params_s, params_d)
    hx, hy, hidden = torch.where(on_lips, lips_x, hx), torch.where(on_lips, lips_y, hy), hidden | lips_hidden
    head_world = pivot + scale * (rot_s @ torch.stack([hx, hy, hz], 1))
    part = part[:, None]

    # torso: turned about the vertical axis through its centre by a quarter of the change in yaw
    turn = torch.deg2rad(TORSO_YAW * (params_s[:, _YAW] - params_d[:, _YAW]))
    c, s = turn.cos(), turn.sin()
    zero, one = torch.zeros_like(c), torch.ones_like(c)
    rot_t = torch.stack([c, zero, s, zero, one, zero, -s, zero, c], 1).view(-1, 3, 3)
    torso_world = centre + rot_t @ (world - centre)

    is_head = (part >= PART_HEAD) & (part <= PART_MUZZLE)
    moved = torch.where(is_head, head_world, torch.where(part == PART_TORSO, torso_world, world))
    target = _to_grid(moved.view(b, 3, n, n), n)
    displacement = target - _to_grid(world.view(b, 3, n, n), n)

    # visible in the source: the source's depth there matches (both background counts as a match)
    src_z = depth_s.float()[:, None]
    src_background = torch.isinf(src_z)
    grid = target.permute(0, 2, 3, 1)
    seen_z = F.grid_sample(torch.where(src_background, torch.full_like(src_z, _FAR), src_z), grid, mode='nearest',
                           align_corners=True)
    moved_z = moved[:, 2].view(b, 1, n, n)
    # the lips' paint slides over the muzzle and jaw, so its point's depth is only near the source's surface there
    tolerance = torch.where(on_lips.view(b, 1, n, n), LIPS_DEPTH, VISIBLE_DEPTH)
    visible = torch.where(background[:, None], seen_z == _FAR, (seen_z - moved_z).abs() < tolerance)
    inside = (target.abs() <= 1.0).all(1, keepdim=True)
    return displacement, (visible & inside & ~hidden.view(b, 1, n, n)).float()


def pooled(displacement: torch.Tensor, weight: torch.Tensor, size: int):
    """The flow at a coarser stage: weighted mean over each cell; a cell counts if most of it is trusted."""
    factor = displacement.shape[-1] // size
    if factor == 1:
        return displacement, weight
    w = F.avg_pool2d(weight, factor)
    d = F.avg_pool2d(displacement * weight, factor) / w.clamp_min(1e-6)
    # with align_corners=True a world distance is n / (n - 1) grid units at n pixels: rescale to the stage's
    n = displacement.shape[-1]
    d = d * (size / (size - 1)) / (n / (n - 1))
    return d, (w > 0.5).float()


def flow_tie(predicted: dict, displacement: torch.Tensor, weight: torch.Tensor,
             importance: Optional[torch.Tensor] = None) -> torch.Tensor:
    """Mean L1 (grid units) between each stage's predicted displacement {resolution: (B, 2, r, r)} and the truth over
    the trusted cells. `importance` (B, 1, H, W), if given, multiplies each cell's error (`feature_pixels`) while the
    mean stays over the trusted cells: the features gain weight and the rest of the frame keeps its own. (A weighted
    mean, used over steps 25,500-30,750, took weight from the rest: a channel's warp could drift where nothing moves.)"""
    total = 0.0
    for size, pred in predicted.items():
        d, w = pooled(displacement, weight, size)
        err = (pred - d).abs() * w
        if importance is not None:
            err = err * F.adaptive_avg_pool2d(importance, size)
        total = total + err.sum() / (2 * w.sum()).clamp_min(1.0)
    return total / max(len(predicted), 1)


def feature_pixels(depth_d: torch.Tensor, part_d: torch.Tensor, constants: torch.Tensor,
                   params_d: torch.Tensor) -> torch.Tensor:
    """The driving frame's eyes and mouth (B, 1, H, W) in {0, 1}: its jaw and muzzle, and the face's front within
    each painted eye's lids and brow and the skin below (`_eye_paint`'s eye units: |u| < 1.2, -1.5 < v < 3).

    For weighting the flow tie (`train.py --feature-flow`): these areas move most finely (lids, gaze, the lips and the
    jaw apart across an opening) and cover about 7 % of the frame, so under a plain mean rig-tiny's 128² flow
    stayed 0.7-2.1 px off there while the rest was within 0.1-0.55 px (step 25,100, eight held-out avatars under
    opening mouths, turns, a nod, blinks and gaze).
    """
    b, n, _ = depth_d.shape
    _, head = _points(depth_d, part_d, constants, params_d)
    hx, hy, hz = head[:, 0], head[:, 1], head[:, 2]
    part = part_d.reshape(b, -1)
    front = (part == PART_HEAD) & (hz + PIVOT_H[2] > PAINT_FRONT)
    sep, eye_y, w, h, tilt = (constants[:, k, None] for k in range(9, 14))
    features = (part == PART_JAW) | (part == PART_MUZZLE)
    for side in (1.0, -1.0):
        dx, dy = hx - side * sep, hy - eye_y
        u, v = dx / w, (dy - tilt * side * dx) / h
        features = features | (front & (u.abs() < 1.2) & (v > -1.5) & (v < 3.0))
    return features.view(b, 1, n, n).float()
