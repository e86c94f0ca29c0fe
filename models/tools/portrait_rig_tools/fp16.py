"""float32 → float16 conversion of an exported ONNX graph (PyTorch 1.13 cannot run conv/grid_sample in fp16 on the
CPU, so the fp32 graph is converted here with the ``onnx`` package alone).

What becomes float16 and what stays float32 (measured, see models/README.md "fp16"):

* Feature maps (every tensor of rank 3 or more computed from the inputs) and the weights: float16. This is where the
  memory, the bandwidth and the GPU time are.
* Per-sample vectors and matrices (rank ≤ 2: the latent, the styles from the modulation layers, ``s²``, the
  demodulation factor ``rsqrt(Σ s² Σ w² + 1e-8)``): float32. They are tiny, and ``1e-8`` is zero in float16 while
  sums of squares can overflow it. Their result is cast to float16 where it meets a feature map.
* Constant subgraphs (e.g. ``Σ_k w²`` of a constant weight): float32 (onnxruntime folds them at load time, so this
  costs nothing per frame); a weight stored as float16 is cast up first, so the demodulation matches the rounded
  weights the convolution really uses.
* The sampling grids (``tanh(flow) + base grid`` up to ``GridSample``) and ``GridSample`` itself: float32 by default
  (``keep_grid_sample=True``): a float16 grid coordinate near ±1 is only good to ~5e-4, an eighth of a pixel at 512².
* ``InstanceNormalization``: float32 by default (its variance of float16 activations is computed in the op's own
  type on some backends).

Graph inputs/outputs: ``io="float32"`` (the default) keeps every graph input and output float32 and adds ``Cast``
nodes at the boundaries, so the manifest's ``dtype`` stays ``"float32"`` and the SDK feeds and reads float32 as for
any model; ``io="float16"`` makes the graph's float inputs/outputs float16 (manifest ``dtype: "float16"``; the SDK
converts with ``float32ToFloat16``/``float16ToFloat32``).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Dict, List, Optional, Set

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT, FLOAT16 = TensorProto.FLOAT, TensorProto.FLOAT16
# float initializers with at least this many values are weights: always stored as float16
WEIGHT_ELEMENTS = 1024
# ops that do not read their float input's values: no cast is inserted in front of them
_TYPE_AGNOSTIC = {"Shape", "Size"}
# ops on the path from a flow prediction to GridSample's grid that the grid precision follows back
_GRID_PATH = {"Add", "Sub", "Mul", "Div", "Tanh", "Transpose", "Reshape", "Unsqueeze", "Squeeze", "Slice", "Concat",
              "Identity", "Neg", "Clip"}


def _infer_types(model: onnx.ModelProto) -> Dict[str, Any]:
    """name → (elem_type, rank or None) for every tensor, from onnx shape inference.

    Large initializers become typed graph inputs in the copy that is inferred, so a > 2 GB model (or one whose
    weights stay in external files) infers without serializing its weights.
    """
    skeleton = onnx.ModelProto()
    _copy_without_weights(model, skeleton)
    inferred = onnx.shape_inference.infer_shapes(skeleton)
    types: Dict[str, Any] = {}
    for v in list(inferred.graph.input) + list(inferred.graph.output) + list(inferred.graph.value_info):
        t = v.type.tensor_type
        types[v.name] = (t.elem_type, len(t.shape.dim) if t.HasField("shape") else None)
    for init in model.graph.initializer:
        types[init.name] = (init.data_type, len(init.dims))
    for node in model.graph.node:
        if node.op_type == "Constant":
            for a in node.attribute:
                if a.name == "value":
                    types[node.output[0]] = (a.t.data_type, len(a.t.dims))
    return types


def _copy_without_weights(model: onnx.ModelProto, out: onnx.ModelProto) -> None:
    out.ir_version = model.ir_version
    out.opset_import.extend(model.opset_import)
    g = out.graph
    g.name = model.graph.name
    g.node.extend(model.graph.node)
    g.input.extend(model.graph.input)
    g.output.extend(model.graph.output)
    listed = {i.name for i in model.graph.input}
    for init in model.graph.initializer:
        if init.name in listed:
            continue
        if init.data_type in (FLOAT, FLOAT16, TensorProto.DOUBLE) and np.prod(init.dims, dtype=np.int64) > 16:
            g.input.append(helper.make_tensor_value_info(init.name, init.data_type, list(init.dims)))
        else:
            g.initializer.append(init)


def convert_float16(model: onnx.ModelProto, *, io: str = "float32", keep_vectors: bool = True,
                    keep_grid_sample: bool = True, keep_instance_norm: bool = True) -> Dict[str, Any]:
    """Convert ``model`` (loaded with its weights) to float16 in place, as the module docstring describes.

    ``keep_vectors``, ``keep_grid_sample``, ``keep_instance_norm`` turn the float32 islands off one by one (for
    measurements; the defaults are what the exporter uses). Constant subgraphs always stay float32.

    Returns statistics: nodes in each precision, casts added, weights converted, values that underflow to zero or
    overflow in float16.
    """
    if io not in ("float32", "float16"):
        raise ValueError(f'io must be "float32" or "float16", got {io!r}')
    graph = model.graph
    for node in graph.node:
        if any(a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS) for a in node.attribute):
            raise ValueError(f"node {node.name} ({node.op_type}) has a subgraph; not supported by convert_float16")
    types = _infer_types(model)

    def is_float(name: str) -> bool:
        return bool(name) and types.get(name, (None,))[0] == FLOAT

    def rank(name: str) -> Optional[int]:
        return types.get(name, (None, None))[1]

    producer = {o: n for n in graph.node for o in n.output}
    consumers: Dict[str, List[onnx.NodeProto]] = defaultdict(list)
    for n in graph.node:
        for i in n.input:
            consumers[i].append(n)
    inits = {t.name: t for t in graph.initializer}

    # constant subgraphs: every input an initializer, a Constant or another constant node's output
    constant: Set[str] = set(inits)
    const_nodes: Set[int] = set()
    for n in graph.node:  # nodes are topologically sorted
        if all((not i) or i in constant for i in n.input):
            const_nodes.add(id(n))
            constant.update(n.output)

    fp32_nodes: Set[int] = set(const_nodes)
    for n in graph.node:
        outs = [o for o in n.output if is_float(o)]
        if keep_vectors and outs and all(rank(o) is not None and rank(o) <= 2 for o in outs):
            fp32_nodes.add(id(n))
        if keep_instance_norm and n.op_type == "InstanceNormalization":
            fp32_nodes.add(id(n))
    if keep_grid_sample:
        for n in graph.node:
            if n.op_type != "GridSample":
                continue
            fp32_nodes.add(id(n))
            stack = [n.input[1]]
            while stack:
                p = producer.get(stack.pop())
                if p is None or id(p) in fp32_nodes or p.op_type not in _GRID_PATH:
                    continue
                fp32_nodes.add(id(p))
                stack.extend(i for i in p.input if is_float(i))

    def precision(n: onnx.NodeProto) -> int:
        return FLOAT if id(n) in fp32_nodes else FLOAT16

    stats = {"float16_nodes": 0, "float32_nodes": 0, "casts": 0, "float16_weights": 0, "float32_weights": 0,
             "float16_weight_bytes": 0, "underflow_to_zero": 0, "overflow": 0}
    io_type = FLOAT if io == "float32" else FLOAT16
    storage: Dict[str, int] = {}  # float tensor name → element type after conversion
    for i in graph.input:
        if is_float(i.name) and i.name not in inits:
            storage[i.name] = io_type
            i.type.tensor_type.elem_type = io_type
    for name, t in inits.items():
        if t.data_type != FLOAT:
            continue
        users = consumers.get(name, [])
        # weights (>= WEIGHT_ELEMENTS values) are stored as float16 even where float32 nodes use them (a Cast that
        # onnxruntime folds at load time): the file halves; small constants (eps, scales) keep their exact value
        if users and all(precision(u) == FLOAT for u in users) and int(np.prod(t.dims)) < WEIGHT_ELEMENTS:
            storage[name] = FLOAT
            stats["float32_weights"] += 1
            continue
        arr = numpy_helper.to_array(t)
        half = arr.astype(np.float16)
        stats["underflow_to_zero"] += int(np.count_nonzero((half == 0) & (arr != 0)))
        stats["overflow"] += int(np.count_nonzero(np.isinf(half) & np.isfinite(arr)))
        t.CopyFrom(numpy_helper.from_array(half, name))
        storage[name] = FLOAT16
        stats["float16_weights"] += 1
        stats["float16_weight_bytes"] += half.nbytes

    casts: Dict[Any, str] = {}
    new_nodes: List[onnx.NodeProto] = []

    def cast_of(name: str, to: int) -> str:
        key = (name, to)
        if key not in casts:
            out = f"{name}__{'fp16' if to == FLOAT16 else 'fp32'}"
            casts[key] = out
            new_nodes.append(helper.make_node("Cast", [name], [out], name=f"{out}/Cast", to=to))
            stats["casts"] += 1
        return casts[key]

    for n in list(graph.node):
        p = precision(n)
        stats["float16_nodes" if p == FLOAT16 else "float32_nodes"] += 1
        if n.op_type == "Constant":
            for a in n.attribute:
                if a.name == "value" and a.t.data_type == FLOAT and p == FLOAT16:
                    users = consumers.get(n.output[0], [])
                    if users and all(precision(u) == FLOAT16 for u in users):
                        arr = numpy_helper.to_array(a.t)
                        a.t.CopyFrom(numpy_helper.from_array(arr.astype(np.float16), a.t.name))
                    else:
                        p = FLOAT  # keeps float32; float16 users get a cast
            if is_float(n.output[0]):
                storage[n.output[0]] = p
            new_nodes.append(n)
            continue
        if n.op_type not in _TYPE_AGNOSTIC and n.op_type != "Cast":
            for k, name in enumerate(n.input):
                if is_float(name) and storage.get(name, FLOAT) != p:
                    n.input[k] = cast_of(name, p)
        if n.op_type == "Cast":
            for a in n.attribute:
                if a.name == "to" and a.i == FLOAT:
                    a.i = p
        if n.op_type == "ConstantOfShape":
            for a in n.attribute:
                if a.name == "value" and a.t.data_type == FLOAT and p == FLOAT16:
                    a.t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(a.t).astype(np.float16), a.t.name))
        for o in n.output:
            if is_float(o):
                storage[o] = p
        new_nodes.append(n)

    # graph outputs in the I/O type
    for out in graph.output:
        if not is_float(out.name):
            continue
        if storage.get(out.name, FLOAT) != io_type:
            internal = f"{out.name}__internal"
            for n in new_nodes:
                for k, name in enumerate(n.input):
                    if name == out.name:
                        n.input[k] = internal
                for k, name in enumerate(n.output):
                    if name == out.name:
                        n.output[k] = internal
            new_nodes.append(helper.make_node("Cast", [internal], [out.name], name=f"{out.name}/Cast", to=io_type))
            stats["casts"] += 1
        out.type.tensor_type.elem_type = io_type

    del graph.node[:]
    graph.node.extend(new_nodes)
    del graph.value_info[:]  # stale types; onnxruntime and the checker infer them again
    return stats


def store_weights_float16(model: onnx.ModelProto, min_elements: int = WEIGHT_ELEMENTS) -> Dict[str, Any]:
    """Halves a float32 graph's file: weights stored as float16, each cast back to float32 by a ``Cast`` node.

    The computation stays float32: onnxruntime folds a ``Cast`` of an initializer into a float32 constant when it
    loads the session, so the speed is the float32 graph's, and the only change is the weights' rounding to float16
    (relative error ~5e-4 per weight). For CPU-first models, where a float16 graph runs slower (models/README.md).
    Returns {"weights": count, "bytes_before", "bytes_after"}.
    """
    graph = model.graph
    casts, kept = [], []
    before = after = 0
    for init in graph.initializer:
        size = int(np.prod(init.dims)) if init.dims else 1
        if init.data_type != FLOAT or size < min_elements:
            kept.append(init)
            continue
        values = numpy_helper.to_array(init)
        half = numpy_helper.from_array(values.astype(np.float16), init.name + "__float16")
        before += values.nbytes
        after += values.nbytes // 2
        kept.append(half)
        casts.append(helper.make_node("Cast", [half.name], [init.name], to=FLOAT, name=init.name + "__to_float32"))
    del graph.initializer[:]
    graph.initializer.extend(kept)
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(casts + nodes)
    return {"weights": len(casts), "bytes_before": before, "bytes_after": after}
