"""manifest.json (docs/model-manifest.md, format version 1): building and the checks we can make in Python.

The SDK validates manifests too (sdk/rig); checking here means a bad channel map fails at export time, with the
offending channel named, instead of when a user loads the model.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence

from . import __version__

FORMAT = "portrait-rig-model"
FORMAT_VERSION = 1
FAMILIES = ("lia", "lia-x", "rig")
LICENSES = {
    "CC-BY-NC-4.0": ("Official weights by the LIA / LIA-X authors (wyhsirius), licensed CC BY-NC 4.0: "
                     "non-commercial use only. Converted with PortraitRig tools.",
                     "https://creativecommons.org/licenses/by-nc/4.0/"),
    "MIT": ("Trained by the PortraitRig project on procedurally generated avatars.",
            "https://opensource.org/license/mit"),
}


def tensor_entry(role: str, name: str, shape: Sequence[Any]) -> Dict[str, Any]:
    return {"role": role, "name": name, "shape": ["batch", *[int(s) for s in shape[1:]]]}


def build_manifest(*, model_id: str, name: str, family: str, license: Dict[str, str], resolution: int,
                   style_dim: int, motion_dim: int, encoder: Dict[str, Any], decoder: Dict[str, Any],
                   dictionary_path: str = "dictionary.bin", channels: Optional[Dict[str, Any]] = None,
                   direction_groups: Optional[Dict[str, Any]] = None,
                   provenance: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    manifest = {
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "id": model_id,
        "name": name,
        "family": family,
        "license": dict(license),
        "resolution": int(resolution),
        "normalization": {"range": [-1, 1], "layout": "NCHW", "colorOrder": "RGB"},
        "styleDim": int(style_dim),
        "motionDim": int(motion_dim),
        "files": {
            "encoder": encoder,
            "decoder": decoder,
            "dictionary": {"path": dictionary_path, "dtype": "float32", "shape": [int(style_dim), int(motion_dim)],
                           "order": "row-major"},
        },
        "channels": channels or {},
        "directionGroups": direction_groups or {"default": "expression", "overrides": {}},
        "provenance": {"exportedWith": f"portrait-rig-tools {__version__}", **(provenance or {})},
    }
    validate_manifest(manifest)
    return manifest


def license_for(spdx: str, notice: Optional[str] = None, url: Optional[str] = None) -> Dict[str, str]:
    default_notice, default_url = LICENSES.get(spdx, ("", None))
    out = {"spdx": spdx, "notice": notice if notice is not None else default_notice}
    if url or default_url:
        out["url"] = url or default_url
    return out


def _calibrate(cal: Dict[str, Any], x: float) -> float:
    if cal["type"] == "linear":
        return cal["scale"] * x + cal.get("offset", 0)
    pts = cal["points"]
    if x <= pts[0][0]:
        return pts[0][1]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return pts[-1][1]


def validate_manifest(m: Dict[str, Any]) -> None:
    """Raise ValueError listing every problem found (names the channel/field and the values involved)."""
    errors: List[str] = []
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(m.get("id", ""))):
        errors.append(f'id "{m.get("id")}" must be a short id of a-z, 0-9 and "-"')
    if m.get("family") not in FAMILIES:
        errors.append(f'family "{m.get("family")}" must be one of {FAMILIES}')
    motion_dim, style_dim = m["motionDim"], m["styleDim"]
    driven: Dict[int, set] = {}
    for ch_name, ch in m.get("channels", {}).items():
        where = f'channel "{ch_name}"'
        if ch_name.startswith("dict.") or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+",
                                                              ch_name):
            errors.append(f"{where}: names are dotted parts of letters, digits and _ (dict.* is reserved)")
        indices = [t["index"] for t in ch.get("terms", [])]
        if len(set(indices)) != len(indices):
            errors.append(f"{where}: a direction index appears more than once in terms {indices}")
        for idx in indices:
            driven.setdefault(idx, set()).add(ch.get("group"))
        if ch.get("unit") not in ("degrees", "amount", "coefficient"):
            errors.append(f"{where}: unit {ch.get('unit')!r} is not degrees/amount/coefficient")
        if ch.get("group") not in ("pose", "expression"):
            errors.append(f"{where}: group {ch.get('group')!r} is not pose/expression")
        lo, hi = ch["range"]
        neutral = ch.get("neutral", 0)
        if not lo < hi or not lo <= neutral <= hi:
            errors.append(f"{where}: range {ch['range']} must have min < max and contain neutral {neutral}")
        if not ch.get("terms"):
            errors.append(f"{where}: needs at least one term")
        for term in ch.get("terms", []):
            idx, cal = term["index"], term["calibration"]
            if not 0 <= idx < motion_dim:
                errors.append(f"{where}: direction index {idx} outside 0..{motion_dim - 1}")
            if cal["type"] == "piecewise":
                xs = [p[0] for p in cal["points"]]
                if len(xs) < 2 or any(b <= a for a, b in zip(xs, xs[1:])):
                    errors.append(f"{where}: piecewise x must strictly increase, got {xs}")
                    continue
            elif cal["type"] != "linear":
                errors.append(f"{where}: calibration type {cal['type']!r} is not linear/piecewise")
                continue
            if abs(_calibrate(cal, neutral)) > 1e-6:
                errors.append(f"{where}: calibrate(neutral={neutral}) = {_calibrate(cal, neutral)} must be 0")
    overrides = m.get("directionGroups", {}).get("overrides", {})
    for idx in overrides:
        if not (re.fullmatch(r"0|[1-9][0-9]*", idx) and int(idx) < motion_dim):
            errors.append(f'directionGroups.overrides: "{idx}" is not a direction index below {motion_dim}')
    for idx, groups in sorted(driven.items()):
        if len(groups) > 1 and str(idx) not in overrides:
            errors.append(f"direction {idx} is driven by pose and expression channels: add a directionGroups override")
    if m["files"]["dictionary"]["shape"] != [style_dim, motion_dim]:
        errors.append(f"dictionary shape {m['files']['dictionary']['shape']} != [{style_dim}, {motion_dim}]")
    if errors:
        raise ValueError("PortraitRig manifest: " + "; ".join(errors))
