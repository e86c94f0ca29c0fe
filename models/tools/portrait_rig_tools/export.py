"""fp32 ONNX export of a generator into a PortraitRig model folder (docs/model-manifest.md).

Writes encoder.onnx (image -> z, alpha, feat0..featN), decoder.onnx (z, feat0..featN -> image), dictionary.bin
(Q, float32 little-endian row-major [style_dim, motion_dim]) and manifest.json. Navigation z + Q alpha is left to
the SDK, so neither graph contains QR. The folder is written to a temporary sibling and renamed into place, so a
failed export never leaves a half-written model folder behind.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path
import time
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import onnx
import torch
from torch import Tensor, nn

from .channels import default_channels
from .fp16 import convert_float16, store_weights_float16
from .manifest import build_manifest, license_for, tensor_entry

OPSET = 17
# protobuf cannot serialize a message of 2 GiB or more; keep a margin for the graph itself
EXTERNAL_DATA_THRESHOLD = int(1.9e9)


class EncoderGraph(nn.Module):
    def __init__(self, gen: nn.Module):
        super().__init__()
        self.gen = gen

    def forward(self, image: Tensor) -> Tuple[Tensor, ...]:
        z, alpha, feats = self.gen.encode(image)
        return (z, alpha, *feats)


class DecoderGraph(nn.Module):
    def __init__(self, gen: nn.Module):
        super().__init__()
        self.gen = gen

    def forward(self, z: Tensor, *feats: Tensor) -> Tensor:
        return self.gen.decode(z, list(feats))


def _initializer_bytes(model: onnx.ModelProto) -> int:
    total = 0
    for t in model.graph.initializer:
        if t.raw_data:
            total += len(t.raw_data)
        else:
            total += int(np.prod(t.dims)) * 4
    return total


def _declare_shapes(model: onnx.ModelProto, shapes: Dict[str, Sequence[Any]]) -> None:
    """Write the exact I/O shapes (batch symbolic, the rest fixed) into the graph.

    torch's exporter leaves some output dims symbolic (e.g. "Divfeat0_dim_2") where its own shape inference gives
    up after a Reshape; the graph's declared shapes should say what the manifest says.
    """
    for value in list(model.graph.input) + list(model.graph.output):
        if value.name not in shapes:
            continue
        dims = value.type.tensor_type.shape.dim
        del dims[:]
        for i, d in enumerate(shapes[value.name]):
            dim = dims.add()
            if i == 0:
                dim.dim_param = "batch"
            else:
                dim.dim_value = int(d)


ProgressCallback = Callable[[Dict[str, Any]], None]
"""Receives export progress events: {"stage", "status": "start" | "done", "message", "seconds" (when done), ...}."""


class _Stages:
    """Emits start/done events for named stages through an optional callback (timing each stage)."""

    def __init__(self, callback: Optional[ProgressCallback]):
        self.callback = callback

    def run(self, stage: str, message: str, fn: Callable[[], Any], **extra: Any) -> Any:
        if self.callback:
            self.callback({"stage": stage, "status": "start", "message": message, **extra})
        started = time.perf_counter()
        result = fn()
        if self.callback:
            self.callback({"stage": stage, "status": "done", "message": message,
                           "seconds": round(time.perf_counter() - started, 3), **extra})
        return result


def _export_graph(module: nn.Module, args: Tuple[Tensor, ...], path: Path, input_names: List[str],
                  output_names: List[str], shapes: Dict[str, Sequence[int]], scratch: Path,
                  external_data: str, precision: str = "float32", io_dtype: str = "float32",
                  stages: Optional[_Stages] = None, fp16_stats: Optional[Dict[str, Any]] = None) -> List[str]:
    """Export one graph to ``path``; returns the external data files written beside it (relative names).

    ``precision="float16"`` converts the traced float32 graph with :func:`portrait_rig_tools.fp16.convert_float16`
    (graph I/O in ``io_dtype``), ``"float16-weights"`` stores its weights as float16
    (:func:`portrait_rig_tools.fp16.store_weights_float16`); their statistics go into ``fp16_stats``.
    """
    stages = stages or _Stages(None)
    graph_name = path.stem
    raw = scratch / f"raw-{path.stem}"
    raw.mkdir()
    raw_path = raw / path.name
    dynamic = {n: {0: "batch"} for n in input_names + output_names}

    def trace() -> None:
        with torch.no_grad(), warnings.catch_warnings():
            # int(size) in upfirdn2d freezes C/H/W on purpose (only the batch is dynamic): silence the tracer about it
            warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
            # graphs over 2 GB are written by torch with one external file per tensor: re-saved below as one file
            torch.onnx.export(module, args, str(raw_path), input_names=input_names, output_names=output_names,
                              dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True)

    stages.run(f"export-{graph_name}", f"tracing the {graph_name} into ONNX (opset {OPSET})", trace)
    model = onnx.load(str(raw_path), load_external_data=True)
    _declare_shapes(model, shapes)
    if precision == "float16":
        stats = stages.run(f"fp16-{graph_name}", f"converting the {graph_name} to float16",
                           lambda: convert_float16(model, io=io_dtype))
        if fp16_stats is not None:
            fp16_stats[graph_name] = stats
    elif precision == "float16-weights":
        stats = stages.run(f"fp16-{graph_name}", f"storing the {graph_name}'s weights as float16",
                           lambda: store_weights_float16(model))
        if fp16_stats is not None:
            fp16_stats[graph_name] = stats
    use_external = external_data == "always" or (external_data == "auto" and
                                                 _initializer_bytes(model) > EXTERNAL_DATA_THRESHOLD)
    files: List[str] = []

    def save() -> None:
        if use_external:
            location = path.name + ".data"
            onnx.save_model(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                            location=location, size_threshold=1024)
            files.append(location)
        else:
            onnx.save_model(model, str(path))

    stages.run(f"save-{graph_name}", f"writing {path.name}" + (" with external data" if use_external else ""), save)
    del model
    shutil.rmtree(raw)

    def check() -> None:
        onnx.checker.check_model(str(path))  # path form: works for external data and > 2 GB
        _check_io(path, input_names, output_names)

    stages.run(f"check-{graph_name}", f"checking {path.name} (onnx.checker)", check)
    return files


def _check_io(path: Path, input_names: Sequence[str], output_names: Sequence[str]) -> None:
    model = onnx.load(str(path), load_external_data=False)
    got_in = [i.name for i in model.graph.input]
    got_out = [o.name for o in model.graph.output]
    if got_in != list(input_names) or got_out != list(output_names):
        raise RuntimeError(f"{path.name}: graph inputs {got_in} / outputs {got_out}, expected {list(input_names)} / "
                           f"{list(output_names)} (an input unused by the graph is dropped by the exporter)")


def write_dictionary(q: Tensor, path: Path) -> None:
    arr = np.ascontiguousarray(q.detach().cpu().numpy().astype("<f4"))  # row-major [style_dim, motion_dim]
    path.write_bytes(arr.tobytes(order="C"))


def export_model(gen: nn.Module, out_dir: Union[str, Path], *, model_id: str, name: str,
                 license: Optional[Dict[str, str]] = None, family: Optional[str] = None,
                 channels: Optional[Dict[str, Any]] = None, direction_groups: Optional[Dict[str, Any]] = None,
                 provenance: Optional[Dict[str, Any]] = None, external_data: str = "auto",
                 overwrite: bool = False, precision: str = "float32", io_dtype: str = "float32",
                 on_progress: Optional[ProgressCallback] = None) -> Dict[str, Any]:
    """Export ``gen`` (LiaGenerator / LiaXGenerator) to ``out_dir``; returns the manifest written.

    ``family`` defaults to the generator's ("lia" / "lia-x"); pass "rig" for PortraitRig-trained models.
    ``channels``/``direction_groups`` default to the official map for the family (LIA-X: named, unverified;
    LIA: none, directions stay ``dict.<i>``). ``license`` defaults to CC-BY-NC-4.0 for official families and
    MIT for "rig". ``external_data``: "auto" (above ~1.9 GB), "always" or "never".
    ``precision``: "float32", "float16" (weights and feature maps in float16, see ``portrait_rig_tools.fp16``) or
    "float16-weights" (weights stored as float16 and cast back when the session loads: half the file, float32 speed);
    ``io_dtype`` (float16 only): "float32" keeps the graphs' inputs/outputs float32 (Casts at the boundaries, manifest
    dtype "float32"), "float16" makes them float16 (manifest dtype "float16"). ``on_progress`` receives a start and a
    done event per stage.
    """
    if external_data not in ("auto", "always", "never"):
        raise ValueError(f'external_data must be "auto", "always" or "never", got {external_data!r}')
    if precision not in ("float32", "float16", "float16-weights"):
        raise ValueError(f'precision must be "float32", "float16" or "float16-weights", got {precision!r}')
    if io_dtype not in ("float32", "float16") or (precision == "float32" and io_dtype != "float32"):
        raise ValueError(f'io_dtype must be "float32", or "float16" with precision "float16"; got {io_dtype!r}')
    stages = _Stages(on_progress)
    fp16_stats: Dict[str, Any] = {}
    out_dir = Path(out_dir)
    if out_dir.exists() and not overwrite:
        raise FileExistsError(f"{out_dir} exists; pass overwrite=True to replace it")
    family = family or gen.family
    if channels is None and direction_groups is None:
        channels, direction_groups = default_channels(family, gen.motion_dim)
    license = license or license_for("MIT" if family == "rig" else "CC-BY-NC-4.0")

    was_training = gen.training
    gen.eval()
    gen.cache_dictionary(True)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        size = gen.size
        device = next(gen.parameters()).device  # export traces on the model's own device
        image = (torch.rand(1, 3, size, size, generator=torch.Generator().manual_seed(0)) * 2 - 1).to(device)
        def sample() -> Tuple[Tensor, Tensor, List[Tensor]]:
            with torch.no_grad():
                return gen.encode(image)

        z, alpha, feats = stages.run("sample", f"encoding a sample image ({size}x{size}) for the graph shapes", sample)
        feat_names = [f"feat{i}" for i in range(len(feats))]
        shapes = {"image": image.shape, "z": z.shape, "alpha": alpha.shape,
                  **{n: f.shape for n, f in zip(feat_names, feats)}}
        scratch = tmp / ".scratch"
        scratch.mkdir()
        common = dict(precision=precision, io_dtype=io_dtype, stages=stages, fp16_stats=fp16_stats)
        enc_ext = _export_graph(EncoderGraph(gen), (image,), tmp / "encoder.onnx", ["image"],
                                ["z", "alpha", *feat_names], shapes, scratch, external_data, **common)
        dec_ext = _export_graph(DecoderGraph(gen), (z, *feats), tmp / "decoder.onnx", ["z", *feat_names],
                                ["image"], shapes, scratch, external_data, **common)
        shutil.rmtree(scratch)
        if on_progress:
            on_progress({"stage": "write", "status": "start", "message": "writing dictionary.bin and manifest.json"})
        write_started = time.perf_counter()
        write_dictionary(gen.dictionary(), tmp / "dictionary.bin")

        feat_entries = [tensor_entry("feature", n, f.shape) for n, f in zip(feat_names, feats)]
        z_entry = tensor_entry("latent", "z", z.shape)
        image_entry = tensor_entry("image", "image", image.shape)
        manifest = build_manifest(
            model_id=model_id, name=name, family=family, license=license, resolution=size,
            style_dim=gen.style_dim, motion_dim=gen.motion_dim,
            encoder={"path": "encoder.onnx", "externalData": enc_ext, "dtype": io_dtype, "inputs": [image_entry],
                     "outputs": [z_entry, tensor_entry("alpha", "alpha", alpha.shape), *feat_entries]},
            decoder={"path": "decoder.onnx", "externalData": dec_ext, "dtype": io_dtype,
                     "inputs": [z_entry, *feat_entries], "outputs": [image_entry]},
            channels=channels, direction_groups=direction_groups,
            provenance=provenance if precision == "float32" else {
                **(provenance or {}),
                "precision": {"weights": "float16 (stored; cast to float32 when the session loads)",
                              "compute": "float32", "io": io_dtype, "stats": fp16_stats}
                if precision == "float16-weights" else
                {"weights": "float16", "featureMaps": "float16", "io": io_dtype,
                 "float32": "per-sample style/demodulation math, sampling grids + GridSample, "
                            "InstanceNormalization (portrait_rig_tools.fp16)",
                 "stats": fp16_stats}})
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        os.chmod(tmp, 0o755)
        _replace_dir(tmp, out_dir)
        if on_progress:
            on_progress({"stage": "write", "status": "done", "message": "writing dictionary.bin and manifest.json",
                         "seconds": round(time.perf_counter() - write_started, 3)})
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        gen.cache_dictionary(False)
        gen.train(was_training)
    return manifest


def export_stages(precision: str = "float32") -> List[str]:
    """The stage names :func:`export_model` reports through ``on_progress``, in order."""
    per_graph = ["export", *(["fp16"] if precision == "float16" else []), "save", "check"]
    return ["sample", *[f"{s}-{g}" for g in ("encoder", "decoder") for s in per_graph], "write"]


def _replace_dir(new: Path, target: Path) -> None:
    if not target.exists():
        new.rename(target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
