"""Channel maps (manifest ``channels`` + ``directionGroups``) for the official model families.

The official LIA-X release names 14 of its 40 directions; its demo UI exposes them as sliders in raw coefficient
units. We map them to the rig's channel names with identity calibration in coefficient units and the slider ranges
as ranges. Signs follow the official slider labels ("open->close", "close->open") but none of this is verified
against the weights, hence ``verified: false``. LIA's 20 directions are unnamed: only ``dict.<i>`` (implicit).
"""
from __future__ import annotations

from typing import Any, Dict, Tuple

# channel -> (direction index, slider range, sign, group, description)
_LIAX_OFFICIAL: Dict[str, Tuple[int, Tuple[float, float], float, str, str]] = {
    "head.yaw": (37, (-1.0, 0.5), 1.0, "pose", 'official "yaw1" (head only)'),
    "head.yawBody": (39, (-1.0, 0.5), 1.0, "pose", 'official "yaw2" (head and shoulders)'),
    "head.pitch": (28, (-1.0, 0.5), 1.0, "pose", 'official "pitch"'),
    "head.roll": (15, (-0.5, 0.5), 1.0, "pose", 'official "roll1"'),
    "head.rollAlt": (33, (-0.5, 0.5), 1.0, "pose", 'official "roll2"'),
    "head.shift": (31, (-0.5, 0.5), 1.0, "pose", 'official "neck" (neck shift)'),
    "mouth.pout": (6, (-0.4, 0.4), 1.0, "expression", 'official "pout"'),
    "mouth.open": (25, (-0.4, 0.4), -1.0, "expression",
                   'official "open->close" slider, negated so + opens (sign unverified)'),
    "mouth.round": (16, (-0.4, 0.4), 1.0, "expression", 'official "\\"O\\" Mouth"'),
    "mouth.smile": (19, (-0.4, 0.4), 1.0, "expression", 'official "smile" (moving apple cheek / smirk)'),
    "eyes.blink": (13, (-0.4, 0.4), -1.0, "expression",
                   'official "close->open" slider, negated so + closes (sign unverified)'),
    "brows.raise": (24, (-0.4, 0.4), 1.0, "expression", 'official "eyebrows" (raise/frown; sign unverified)'),
    "gaze.x": (17, (-0.2, 0.2), 1.0, "expression", 'official "eyeballs1" (axis and sign unverified)'),
    "gaze.y": (26, (-0.2, 0.2), 1.0, "expression", 'official "eyeballs2" (axis and sign unverified)'),
}


def official_liax_channels() -> Dict[str, Any]:
    """Channel map of the released LIA-X (motion_dim 40), in coefficient units, unverified."""
    out: Dict[str, Any] = {}
    for name, (index, rng, sign, group, desc) in _LIAX_OFFICIAL.items():
        lo, hi = (rng[0] * sign, rng[1] * sign)
        out[name] = {
            "unit": "coefficient",
            "group": group,
            "neutral": 0,
            "range": [min(lo, hi), max(lo, hi)],
            "verified": False,
            "description": f"{desc}; direction {index}, official UI slider range {list(rng)}",
            "terms": [{"index": index, "calibration": {"type": "linear", "scale": sign, "offset": 0}}],
        }
    return out


def official_liax_direction_groups() -> Dict[str, Any]:
    pose = sorted({idx for idx, _, _, group, _ in _LIAX_OFFICIAL.values() if group == "pose"})
    return {"default": "expression", "overrides": {str(i): "pose" for i in pose}}


def default_channels(family: str, motion_dim: int) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """(channels, directionGroups) for an official family; LIA and other models get no named channels."""
    if family == "lia-x" and motion_dim == 40:
        return official_liax_channels(), official_liax_direction_groups()
    return {}, {"default": "expression", "overrides": {}}
