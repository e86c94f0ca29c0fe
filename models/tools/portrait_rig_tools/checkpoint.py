"""Safe loading of LIA / LIA-X checkpoints.

A checkpoint is a pickle, and unpickling can run arbitrary code: treat it as untrusted input. PyTorch 1.13's
``weights_only=True`` rejects the ``argparse.Namespace`` that LIA's training script stores beside the weights and
has no ``add_safe_globals``, so we pass torch.load our own restricted pickle module. It resolves only tensor and
parameter rebuild functions, storages, dtypes, ``torch.Size``, ``OrderedDict`` and maps ``argparse.Namespace`` to
an inert placeholder; any other global is refused by name before anything is called.

Official layouts: LIA's ``vox.pt``/``taichi.pt``/``ted.pt`` are dicts whose ``'gen'`` is the generator state_dict
(beside ``'dis'``, optimizer states and ``'args'``); LIA-X's ``lia-x.pt`` is the generator state_dict itself.
"""
from __future__ import annotations

import _compat_pickle
import collections
import pickle
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

import torch

from .models import LiaGenerator, LiaXGenerator


class CheckpointError(Exception):
    """A checkpoint could not be used; the message names the file, the problem and what to do."""


class RefusedGlobalError(CheckpointError, pickle.UnpicklingError):
    def __init__(self, module: str, name: str, path: Optional[Path] = None):
        where = f"{path}: " if path else ""
        super().__init__(f"{where}refused to load global '{module}.{name}': only tensors, storages, OrderedDict and "
                         "argparse.Namespace may appear in a checkpoint (it may try to run code; not loaded)")
        self.module, self.name = module, name


class InertNamespace:
    """Stands in for argparse.Namespace (training arguments): keeps the attributes as plain data, runs nothing."""

    def __init__(self, **kwargs: Any):
        self.__dict__.update(kwargs)

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, dict):
            self.__dict__.update(state)

    def __repr__(self) -> str:
        return f"InertNamespace({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


_TORCH_REBUILD = {"_rebuild_tensor", "_rebuild_tensor_v2", "_rebuild_parameter", "_rebuild_parameter_with_state"}
_DTYPES = {n for n in dir(torch) if isinstance(getattr(torch, n, None), torch.dtype)}


def _resolve(module: str, name: str) -> Any:
    if module == "torch._utils" and name in _TORCH_REBUILD and hasattr(torch._utils, name):
        return getattr(torch._utils, name)
    if module == "torch" and (re.fullmatch(r"[A-Za-z0-9]*Storage", name) or name in _DTYPES or name == "Size"):
        if hasattr(torch, name):
            return getattr(torch, name)
    if module == "collections" and name == "OrderedDict":
        return collections.OrderedDict
    if module == "argparse" and name == "Namespace":
        return InertNamespace
    raise RefusedGlobalError(module, name)


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        # protocol-2 pickles use Python 2 names (__builtin__.slice): translate as pickle does, for the message
        if (module, name) in _compat_pickle.NAME_MAPPING:
            module, name = _compat_pickle.NAME_MAPPING[(module, name)]
        elif module in _compat_pickle.IMPORT_MAPPING:
            module = _compat_pickle.IMPORT_MAPPING[module]
        return _resolve(module, name)


class _RestrictedPickleModule:
    """What torch.load needs from a pickle module (``Unpickler`` and ``load``), restricted."""

    Unpickler = _RestrictedUnpickler
    UnpicklingError = pickle.UnpicklingError

    @staticmethod
    def load(file: Any, **kwargs: Any) -> Any:
        return _RestrictedUnpickler(file, **kwargs).load()


def _torch_load_restricted(path: Path) -> Any:
    """torch.load's two readers, driven with our pickle module.

    ``torch.load(pickle_module=...)`` cannot be used: PyTorch 1.13 replaces any pickle_module by the standard
    ``pickle`` unless weights_only=True (and then refuses an explicit module). The zip reader and the legacy reader
    it dispatches to take the module as given, so we call them directly (private, but present in 1.13 and 2.x).
    """
    ser = torch.serialization
    with open(path, "rb") as f:
        if ser._is_zipfile(f):
            with ser._open_zipfile_reader(f) as zf:
                if ser._is_torchscript_zip(zf):
                    raise CheckpointError(f"{path}: a TorchScript archive, not a checkpoint of weights (refused: "
                                          "loading it would run its TorchScript code)")
                return ser._load(zf, "cpu", _RestrictedPickleModule, encoding="utf-8")
        return ser._legacy_load(f, "cpu", _RestrictedPickleModule, encoding="utf-8")


def load_checkpoint(path: Union[str, Path]) -> Any:
    """Load a checkpoint on the CPU through the restricted unpickler; errors become CheckpointError naming the
    file (RefusedGlobalError when a disallowed global appears)."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"{path}: no such file")
    try:
        return _torch_load_restricted(path)
    except RefusedGlobalError as e:
        raise RefusedGlobalError(e.module, e.name, path) from None
    except CheckpointError:
        raise
    except Exception as e:  # corrupt zip, invalid pickle opcode, EOF in the middle, ...
        if _starts_with_zip_magic(path):
            raise CheckpointError(f"{path}: truncated or corrupted PyTorch checkpoint ({type(e).__name__}: {e})") \
                from e
        raise CheckpointError(f"{path}: not a PyTorch checkpoint ({type(e).__name__}: {e})") from e


def _starts_with_zip_magic(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"PK\x03\x04"


# --- layouts and families --------------------------------------------------------------------------------------

def detect_family(state: Dict[str, Any]) -> Optional[str]:
    keys = state.keys()
    if any(k.startswith("enc.net_app.") or k.startswith("dec.to_flows.") for k in keys):
        return "lia"
    if any(k.startswith("enc.enc_2r.") or k.startswith("dec.flow_512.") for k in keys):
        return "lia-x"
    return None


def extract_generator_state(obj: Any, source: str = "checkpoint") -> Tuple[Dict[str, torch.Tensor], str]:
    """Return (generator state_dict, layout) for LIA's {'gen': ...} dict or LIA-X's raw state_dict."""
    if not isinstance(obj, dict):
        raise CheckpointError(f"{source}: holds a {type(obj).__name__}, not a state_dict or a dict with 'gen'")
    if "gen" in obj and isinstance(obj["gen"], dict):
        state, layout = obj["gen"], "dict-with-gen"
    elif obj and all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in obj.items()):
        state, layout = obj, "state_dict"
    else:
        raise CheckpointError(f"{source}: a dict without 'gen' whose entries are not all tensors "
                              f"(keys: {sorted(map(str, obj))[:8]}): not a LIA or LIA-X checkpoint")
    if state and all(k.startswith("module.") for k in state):  # saved from DataParallel
        state = {k[len("module."):]: v for k, v in state.items()}
    return dict(state), layout


def infer_config(state: Dict[str, torch.Tensor], family: str) -> Dict[str, Any]:
    """Generator constructor arguments (official or custom widths) read from the state_dict's shapes."""
    try:
        style_dim, motion_dim = state["dec.direction.weight"].shape
        if family == "lia":
            n = sum(1 for k in state if re.fullmatch(r"dec\.to_flows\.\d+\.bias", k))
            size = 2 ** (n + 2)
            ch = {4: state["dec.input.input"].shape[1]}
            for j in range(n):
                ch[2 ** (j + 3)] = state[f"dec.to_rgbs.{j}.conv.0.weight"].shape[1]
            enc_ch = {size: state["enc.net_app.convs.0.0.weight"].shape[0]}
            for j in range(1, n + 1):  # ResBlock j: size/2^(j-1) -> size/2^j
                enc_ch[size >> j] = state[f"enc.net_app.convs.{j}.conv2.1.weight"].shape[0]
            from .lia import LIA_ENCODER_CHANNELS, lia_decoder_channels
            for m in (1, 2, 4):
                if all(LIA_ENCODER_CHANNELS[r] == c for r, c in enc_ch.items()) and \
                        all(lia_decoder_channels(m)[r] == c for r, c in ch.items()):
                    return dict(size=size, style_dim=style_dim, motion_dim=motion_dim, channel_multiplier=m)
            if enc_ch != ch:
                raise CheckpointError("LIA encoder and decoder widths differ from any supported table "
                                      f"(encoder {enc_ch}, decoder {ch})")
            return dict(size=size, style_dim=style_dim, motion_dim=motion_dim, channels=ch)
        # LIA-X
        ch = {4: state["dec.input.input"].shape[1]}
        n_down = sum(1 for k in state if re.fullmatch(r"enc\.enc_2r\.block\d+\.0\.conv1\.0\.weight", k))
        size = 2 ** (n_down + 3)
        ch[size] = state["enc.enc_2r.block1.0.weight"].shape[0]
        for k in range(n_down):
            ch[size >> (k + 1)] = state[f"enc.enc_2r.block{k + 2}.0.conv1.0.weight"].shape[0]
        n_flow = sum(1 for k in state if re.fullmatch(r"dec\.conv_512_2\.\d+\.gamma", k))
        n_rgb = sum(1 for k in state if re.fullmatch(r"dec\.conv_512_2_rgb\.\d+\.conv1\.0\.weight", k))
        from .liax import liax_channels
        scale = ch[size] // liax_channels(1, size)[size] if size in liax_channels(1, 512) else 0
        skip = dict(image_skip=True) if any(k.startswith("dec.image_skip.") for k in state) else {}  # ours (rig-tiny)
        if any(k.startswith("dec.image_skip.gate.") for k in state):
            skip["detail_skip"] = True
        if any(re.fullmatch(r"dec\.paint\d+\.weight", k) for k in state):
            skip["latent_paint"] = True
        if scale and ch == liax_channels(scale, size) and style_dim % scale == 0 and (n_flow, n_rgb) == (4, 4):
            return dict(size=size, style_dim=style_dim // scale, motion_dim=motion_dim, scale=scale, **skip)
        return dict(size=size, style_dim=style_dim, motion_dim=motion_dim, channels=ch, n_flow_blocks=n_flow,
                    n_rgb_blocks=n_rgb, **skip)
    except KeyError as e:
        raise CheckpointError(f"cannot read the {family} architecture from the state_dict: key {e} is missing")


def compare_state(model: torch.nn.Module, state: Dict[str, torch.Tensor]) -> Dict[str, List[str]]:
    expected = model.state_dict()
    return {
        "missing": sorted(k for k in expected if k not in state),
        "unexpected": sorted(k for k in state if k not in expected),
        "mismatched": sorted(f"{k}: checkpoint {tuple(state[k].shape)} vs model {tuple(v.shape)}"
                             for k, v in expected.items() if k in state and tuple(state[k].shape) != tuple(v.shape)),
    }


def _names(items: List[str], limit: int = 12) -> str:
    more = f" … and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def load_generator(path: Union[str, Path], family: Optional[str] = None, config: Optional[Dict[str, Any]] = None,
                   strict: bool = True) -> Tuple[torch.nn.Module, Dict[str, Any]]:
    """Load an official (or our own, same layout) checkpoint into a fresh generator.

    ``family``: "lia" or "lia-x" as the caller expects (None: detect). ``config``: constructor arguments (None:
    inferred from the shapes). Returns (generator in eval mode, report with layout/family/config/key problems).
    Raises CheckpointError naming missing/unexpected keys and shape mismatches when ``strict``.
    """
    obj = load_checkpoint(path)
    state, layout = extract_generator_state(obj, str(path))
    found = detect_family(state)
    names = {"lia": "LIA", "lia-x": "LIA-X"}
    if found is None:
        raise CheckpointError(f"{path}: its state_dict has neither LIA (enc.net_app.*) nor LIA-X (enc.enc_2r.*) "
                              f"keys (first keys: {_names(sorted(state), 5)})")
    if family is not None and family != found:
        hint = "a dict with 'gen'" if layout == "dict-with-gen" else "a raw generator state_dict"
        raise CheckpointError(f"{path}: this is a {names[found]} checkpoint ({hint}), not {names.get(family, family)}"
                              f"; use family '{found}'")
    config = dict(config) if config is not None else infer_config(state, found)
    gen = (LiaGenerator if found == "lia" else LiaXGenerator)(**config)
    problems = compare_state(gen, state)
    report = {"path": str(path), "layout": layout, "family": found, "config": config, **problems}
    if strict and any(problems.values()):
        parts = [f"{k} ({len(v)}): {_names(v)}" for k, v in problems.items() if v]
        raise CheckpointError(f"{path}: does not match {names[found]} {config}: " + "; ".join(parts))
    gen.load_state_dict({k: v for k, v in state.items() if k not in problems["unexpected"]
                         and not any(m.startswith(k + ":") for m in problems["mismatched"])}, strict=False)
    if isinstance(obj, dict) and "args" in obj:
        report["args"] = vars(obj["args"]) if isinstance(obj["args"], InertNamespace) else obj["args"]
    return gen.eval(), report
