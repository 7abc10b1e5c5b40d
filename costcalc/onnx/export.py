"""costcalc ``Network`` → ONNX graph (``costcalc export MODEL -o model.onnx``).

Each layer is written as the ONNX op (or the few ops) an exporter writes for it, so that reading
the file back (reader.py) gives the same layer, shape, params and MACs at every node: Conv2d as
Conv, Linear as Gemm (a per-position Linear as Transpose → MatMul → Add → Transpose), SiLU as
Sigmoid · x, GELU as Div → Erf → Add → Mul → Mul, ChannelShuffle as Reshape → Transpose →
Reshape, and so on (``WRITERS``). ONNX node names are costcalc's node paths, so Netron groups the
nodes by scope, and the scope kinds travel in the model's metadata (``costcalc.scopes``).

Weights: initializers with dims and no data. They are external-data references (ONNX's own way to
say "the values are stored elsewhere") to ``<file>.data``, written empty beside the model: with
that file present ``onnx.checker`` accepts the model (it rejects an initializer with no data at
all, and an external reference to a missing file), Netron draws the graph (it reads tensor values
only when one is shown), and the model stays small enough to attach to an e-mail. Load it with
``onnx.load(path, load_external_data=False)``. ``with_weights=True`` writes zeros inline instead,
a model ONNX Runtime can run.

A layer type without a writer is one error line naming the node and the type.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import engine
from ..version import __version__
from ..errors import SpecError
from ..graph import Network
from ..layers import (ELU, GELU, AdaptiveAvgPool2d, AdaptiveMaxPool2d, Add, AvgPool2d, BatchNorm2d, ChannelShuffle,
                      Concat, Conv2d, ConvTranspose2d, Dropout, DropPath, Flatten, GlobalAvgPool2d, GroupNorm,
                      Hardsigmoid, Hardswish, Identity, Input, InstanceNorm2d, LayerNorm, LayerNorm2d, LayerScale,
                      LeakyReLU, Linear, LocalResponseNorm, MaxPool2d, Mish, Mul, PixelShuffle, PReLU, ReLU, ReLU6,
                      Sigmoid, SiLU, Slice, Softmax, StochasticDepth, Tanh, Upsample, ZeroPad2d, ZeroPadShortcut)
from .reader import INPLACE_HINT, SCOPES_METADATA

OPSET = 17  # LayerNormalization; GroupNorm (per-channel scale) and GELU tanh raise it to 21 / 20


@dataclass
class Writer:
    """Collects nodes, initializers and shapes while the layers are written."""

    onnx: object
    with_weights: bool
    data_file: str
    nodes: list = field(default_factory=list)
    initializers: list = field(default_factory=list)
    ranks: dict = field(default_factory=dict)   # tensor → 2 (N, C) or 4 (N, C, H, W)
    shapes: dict = field(default_factory=dict)  # tensor → its (C, H, W)
    opset: int = OPSET
    offset: int = 0
    count: int = 0

    def node(self, op: str, inputs, output: str, name: str, **attrs) -> str:
        self.nodes.append(self.onnx.helper.make_node(op, list(inputs), [output], name=name, **attrs))
        return output

    def weight(self, name: str, *dims: int) -> str:
        """A float initializer with dims only (or zeros with ``with_weights``)."""
        t = self.onnx.TensorProto()
        t.name, t.data_type = name, self.onnx.TensorProto.FLOAT
        t.dims.extend(int(d) for d in dims)
        size = 4 * math.prod(dims)
        if self.with_weights:
            t.raw_data = bytes(size)
        else:
            t.data_location = self.onnx.TensorProto.EXTERNAL
            for key, value in (("location", self.data_file), ("offset", str(self.offset)), ("length", str(size))):
                entry = t.external_data.add()
                entry.key, entry.value = key, value
            self.offset += size
        self.initializers.append(t)
        return name

    def const(self, name: str, values, dtype=np.int64) -> str:
        """A small initializer with its values (shapes, axes, scales, clip bounds)."""
        from onnx import numpy_helper
        self.initializers.append(numpy_helper.from_array(np.asarray(values, dtype=dtype), name))
        return name

    def rank4(self, tensor: str, path: str) -> str:
        """``tensor`` as (N, C, H, W): a (N, C) tensor gets an Unsqueeze (a view on reading)."""
        if self.ranks[tensor] == 4:
            return tensor
        out = f"{path}/as_nchw"
        self.node("Unsqueeze", [tensor, self.const(f"{path}/as_nchw.axes", [2, 3])], out, name=out)
        return out

    def rank2(self, tensor: str, path: str) -> str:
        """``tensor`` as (N, C) (it is C×1×1): a Reshape, a view on reading."""
        if self.ranks[tensor] == 2:
            return tensor
        out = f"{path}/as_nc"
        self.node("Reshape", [tensor, self.const(f"{path}/as_nc.shape", [0, -1])], out, name=out)
        return out


def _pads(layer) -> dict:
    if layer.padding == "same":
        return {"auto_pad": "SAME_UPPER"}
    ph, pw = layer.padding
    return {"pads": [ph, pw, ph, pw]}


def _window(layer) -> dict:
    return {"kernel_shape": list(layer.kernel_size), "strides": list(layer.stride), **_pads(layer)}


# --- one writer per layer type: (writer, path, layer, inputs, input shapes, output shape) → rank ----

def w_conv(w, p, layer, xs, shapes, y):
    c_in = shapes[0][0]
    ins = [w.rank4(xs[0], p), w.weight(f"{p}.weight", layer.out_channels, c_in // layer.groups, *layer.kernel_size)]
    if layer.bias:
        ins.append(w.weight(f"{p}.bias", layer.out_channels))
    w.node("Conv", ins, p, p, group=layer.groups, dilations=list(layer.dilation), **_window(layer))
    return 4


def w_conv_transpose(w, p, layer, xs, shapes, y):
    c_in = shapes[0][0]
    ins = [w.rank4(xs[0], p), w.weight(f"{p}.weight", c_in, layer.out_channels // layer.groups, *layer.kernel_size)]
    if layer.bias:
        ins.append(w.weight(f"{p}.bias", layer.out_channels))
    ph, pw = layer.padding
    w.node("ConvTranspose", ins, p, p, group=layer.groups, kernel_shape=list(layer.kernel_size),
           strides=list(layer.stride), pads=[ph, pw, ph, pw], output_padding=list(layer.output_padding),
           dilations=list(layer.dilation))
    return 4


def w_max_pool(w, p, layer, xs, shapes, y):
    w.node("MaxPool", [w.rank4(xs[0], p)], p, p, dilations=list(layer.dilation), ceil_mode=int(layer.ceil_mode),
           **_window(layer))
    return 4


def w_avg_pool(w, p, layer, xs, shapes, y):
    w.node("AveragePool", [w.rank4(xs[0], p)], p, p, ceil_mode=int(layer.ceil_mode), count_include_pad=1,
           **_window(layer))
    return 4


def w_global_avg_pool(w, p, layer, xs, shapes, y):
    w.node("GlobalAveragePool", [w.rank4(xs[0], p)], p, p)
    return 4


def _adaptive(op: str, global_op: str):
    """ONNX has no adaptive pool: a global pool for 1×1, else the fixed window PyTorch's exporter
    writes when the output divides the input (k = s = H / H_out: the same bins, the same count)."""
    def write(w, p, layer, xs, shapes, y):
        (_, h, wd), (oh, ow) = shapes[0], layer.output_size
        if (oh, ow) == (1, 1):
            w.node(global_op, [w.rank4(xs[0], p)], p, p)
        elif h % oh == 0 and wd % ow == 0:
            k = [h // oh, wd // ow]
            w.node(op, [w.rank4(xs[0], p)], p, p, kernel_shape=k, strides=k)
        else:
            raise SpecError(p, f"{layer.type_name} is written as a fixed ONNX pool, which needs the output to "
                            "divide the input (ONNX has no adaptive pool)", f"H, W multiples of {oh}×{ow}",
                            f"{h}×{wd}")
        return 4
    return write


def w_linear(w, p, layer, xs, shapes, y):
    c_in = shapes[0][0]
    if layer.per_position:  # a Linear at every position: channels-last, MatMul (+ Add), back
        last = w.node("Transpose", [w.rank4(xs[0], p)], f"{p}/channels_last", f"{p}/channels_last",
                      perm=[0, 2, 3, 1])
        out = f"{p}/matmul" if layer.bias else f"{p}/linear"
        w.node("MatMul", [last, w.weight(f"{p}.weight", c_in, layer.out_features)], out, out if layer.bias else p)
        if layer.bias:
            out = w.node("Add", [out, w.weight(f"{p}.bias", layer.out_features)], f"{p}/linear", p)
        w.node("Transpose", [out], p, f"{p}/channels_first", perm=[0, 3, 1, 2])
        return 4
    ins = [w.rank2(xs[0], p), w.weight(f"{p}.weight", layer.out_features, c_in)]
    if layer.bias:
        ins.append(w.weight(f"{p}.bias", layer.out_features))
    w.node("Gemm", ins, p, p, transB=1)
    return 2


def w_flatten(w, p, layer, xs, shapes, y):
    w.node("Flatten", [xs[0]], p, p, axis=1)
    return 2


def w_batch_norm(w, p, layer, xs, shapes, y):
    if not layer.affine:
        raise SpecError(p, "BatchNorm2d without affine has no ONNX op (BatchNormalization always scales and "
                        "shifts)", "affine=True", "affine=False")
    c = shapes[0][0]
    ins = [xs[0], *(w.weight(f"{p}.{n}", c) for n in ("weight", "bias", "running_mean", "running_var"))]
    w.node("BatchNormalization", ins, p, p, epsilon=layer.eps)
    return w.ranks[xs[0]]


def w_lrn(w, p, layer, xs, shapes, y):
    w.node("LRN", [w.rank4(xs[0], p)], p, p, size=layer.size, alpha=layer.alpha, beta=layer.beta, bias=layer.k)
    return 4


def _unary(op: str, **fixed):
    def write(w, p, layer, xs, shapes, y):
        attrs = {k: (v(layer) if callable(v) else v) for k, v in fixed.items()}
        w.node(op, [xs[0]], p, p, **attrs)
        return w.ranks[xs[0]]
    return write


def w_relu6(w, p, layer, xs, shapes, y):
    w.node("Clip", [xs[0], w.const(f"{p}.min", 0.0, np.float32), w.const(f"{p}.max", 6.0, np.float32)], p, p)
    return w.ranks[xs[0]]


def _gated(*ops: str):
    """x · f(x) with f written as ``ops`` (SiLU: Sigmoid; Mish: Softplus → Tanh)."""
    def write(w, p, layer, xs, shapes, y):
        t = xs[0]
        for op in ops:
            t = w.node(op, [t], f"{p}/{op.lower()}", f"{p}/{op.lower()}")
        w.node("Mul", [xs[0], t], p, p)
        return w.ranks[xs[0]]
    return write


def w_gelu(w, p, layer, xs, shapes, y):
    if layer.approximate == "tanh":
        w.opset = max(w.opset, 20)
        w.node("Gelu", [xs[0]], p, p, approximate="tanh")
        return w.ranks[xs[0]]
    x = xs[0]  # PyTorch's GELU before opset 20: x · (1 + erf(x / √2)) · 0.5
    scaled = w.node("Div", [x, w.const(f"{p}.sqrt2", math.sqrt(2), np.float32)], f"{p}/div", f"{p}/div")
    erf = w.node("Erf", [scaled], f"{p}/erf", f"{p}/erf")
    plus = w.node("Add", [erf, w.const(f"{p}.one", 1.0, np.float32)], f"{p}/add", f"{p}/add")
    times = w.node("Mul", [x, plus], f"{p}/mul", f"{p}/mul")
    w.node("Mul", [times, w.const(f"{p}.half", 0.5, np.float32)], p, p)
    return w.ranks[x]


def w_prelu(w, p, layer, xs, shapes, y):
    n, rank = layer.num_parameters, w.ranks[xs[0]]
    dims = (n,) if n == 1 or rank == 2 else (n, 1, 1)
    w.node("PRelu", [xs[0], w.weight(f"{p}.weight", *dims)], p, p)
    return rank


def w_softmax(w, p, layer, xs, shapes, y):
    w.node("Softmax", [xs[0]], p, p, axis=1)
    return w.ranks[xs[0]]


def w_dropout(w, p, layer, xs, shapes, y):
    w.node("Dropout", [xs[0], w.const(f"{p}.ratio", layer.p, np.float32)], p, p)
    return w.ranks[xs[0]]


def _merge(op: str):
    def write(w, p, layer, xs, shapes, y):
        ranks = {w.ranks[x] for x in xs}
        ins = list(xs) if ranks == {2} else [w.rank4(x, f"{p}/in{i}") for i, x in enumerate(xs)]
        if op == "Mul" and len(ins) > 2:
            raise SpecError(p, "a Mul of more than two inputs has no single ONNX op", "2 inputs", len(ins))
        w.node("Sum" if op == "Add" and len(ins) > 2 else op, ins, p, p, **({"axis": 1} if op == "Concat" else {}))
        return 2 if ranks == {2} else 4
    return write


def w_slice(w, p, layer, xs, shapes, y):
    stop = shapes[0][0] if layer.stop is None else layer.stop
    ins = [xs[0], w.const(f"{p}.starts", [layer.start]), w.const(f"{p}.ends", [stop]), w.const(f"{p}.axes", [1])]
    w.node("Slice", ins, p, p)
    return w.ranks[xs[0]]


def w_shuffle(w, p, layer, xs, shapes, y):
    c, h, wd = shapes[0]
    g = layer.groups
    five = w.node("Reshape", [w.rank4(xs[0], p), w.const(f"{p}.split", [0, g, c // g, h, wd])], f"{p}/split",
                  f"{p}/split")
    swapped = w.node("Transpose", [five], f"{p}/transpose", f"{p}/transpose", perm=[0, 2, 1, 3, 4])
    w.node("Reshape", [swapped, w.const(f"{p}.merge", [0, c, h, wd])], p, p)
    return 4


def _pad(w, p, x, pads) -> None:
    w.node("Pad", [x, w.const(f"{p}.pads", pads)], p, p, mode="constant")


def w_zero_pad(w, p, layer, xs, shapes, y):
    left, right, top, bottom = layer.padding
    _pad(w, p, w.rank4(xs[0], p), [0, 0, top, left, 0, 0, bottom, right])
    return 4


def w_zero_pad_shortcut(w, p, layer, xs, shapes, y):
    x, s, extra = w.rank4(xs[0], p), layer.stride, layer.out_channels - shapes[0][0]
    if s > 1:
        big = 2**62
        x = w.node("Slice", [x, w.const(f"{p}.starts", [0, 0]), w.const(f"{p}.ends", [big, big]),
                             w.const(f"{p}.axes", [2, 3]), w.const(f"{p}.steps", [s, s])], f"{p}/subsample",
                   f"{p}/subsample")
    _pad(w, p, x, [0, 0, 0, 0, 0, extra, 0, 0])
    return 4


def w_upsample(w, p, layer, xs, shapes, y):
    c = shapes[0][0]
    x = w.rank4(xs[0], p)
    attrs = {"mode": "nearest", "coordinate_transformation_mode": "asymmetric", "nearest_mode": "floor"}
    if layer.mode == "bilinear":
        attrs = {"mode": "linear", "coordinate_transformation_mode":
                 "align_corners" if layer.align_corners else "half_pixel"}
    if layer.size is not None:
        ins = [x, "", "", w.const(f"{p}.sizes", [1, c, *layer.size])]
    else:
        ins = [x, "", w.const(f"{p}.scales", [1.0, 1.0, *layer.scale_factor], np.float32)]
    w.node("Resize", ins, p, p, **attrs)
    return 4


def w_pixel_shuffle(w, p, layer, xs, shapes, y):
    w.node("DepthToSpace", [w.rank4(xs[0], p)], p, p, blocksize=layer.upscale_factor, mode="CRD")
    return 4


def w_layer_norm2d(w, p, layer, xs, shapes, y):
    if not layer.affine:
        raise SpecError(p, "LayerNorm2d without affine is not written as ONNX yet", "affine=True", "affine=False")
    c = shapes[0][0]
    last = w.node("Transpose", [w.rank4(xs[0], p)], f"{p}/channels_last", f"{p}/channels_last", perm=[0, 2, 3, 1])
    norm = w.node("LayerNormalization", [last, w.weight(f"{p}.weight", c), w.weight(f"{p}.bias", c)],
                  f"{p}/norm", p, axis=-1, epsilon=layer.eps)
    w.node("Transpose", [norm], p, f"{p}/channels_first", perm=[0, 3, 1, 2])
    return 4


def w_layer_norm(w, p, layer, xs, shapes, y):
    if not layer.elementwise_affine:
        raise SpecError(p, "LayerNorm without elementwise_affine is not written as ONNX yet",
                        "elementwise_affine=True", False)
    dims = layer.normalized_shape
    x = w.rank4(xs[0], p)
    ins = [x, w.weight(f"{p}.weight", *dims)] + ([w.weight(f"{p}.bias", *dims)] if layer.bias else [])
    w.node("LayerNormalization", ins, p, p, axis=4 - len(dims), epsilon=layer.eps)
    return 4


def w_group_norm(w, p, layer, xs, shapes, y):
    if not layer.affine:
        raise SpecError(p, "GroupNorm without affine is not written as ONNX yet", "affine=True", False)
    c = shapes[0][0]
    w.opset = max(w.opset, 21)  # GroupNormalization with one scale per channel
    w.node("GroupNormalization", [w.rank4(xs[0], p), w.weight(f"{p}.weight", c), w.weight(f"{p}.bias", c)], p, p,
           num_groups=layer.num_groups, epsilon=layer.eps)
    return 4


def w_instance_norm(w, p, layer, xs, shapes, y):
    if not layer.affine or layer.track_running_stats:
        raise SpecError(p, "InstanceNorm2d is written as ONNX with affine and without running statistics only",
                        "affine=True, track_running_stats=False", f"affine={layer.affine}")
    c = shapes[0][0]
    w.node("InstanceNormalization", [w.rank4(xs[0], p), w.weight(f"{p}.weight", c), w.weight(f"{p}.bias", c)],
           p, p, epsilon=layer.eps)
    return 4


def w_layer_scale(w, p, layer, xs, shapes, y):
    c = shapes[0][0]
    w.node("Mul", [w.rank4(xs[0], p), w.weight(f"{p}.gamma", c, 1, 1)], p, p)
    return 4


WRITERS = {
    Conv2d: w_conv, ConvTranspose2d: w_conv_transpose, MaxPool2d: w_max_pool, AvgPool2d: w_avg_pool,
    GlobalAvgPool2d: w_global_avg_pool, AdaptiveAvgPool2d: _adaptive("AveragePool", "GlobalAveragePool"),
    AdaptiveMaxPool2d: _adaptive("MaxPool", "GlobalMaxPool"), Linear: w_linear, Flatten: w_flatten,
    BatchNorm2d: w_batch_norm, LocalResponseNorm: w_lrn, LayerNorm2d: w_layer_norm2d, LayerNorm: w_layer_norm,
    GroupNorm: w_group_norm, InstanceNorm2d: w_instance_norm, LayerScale: w_layer_scale,
    ReLU: _unary("Relu"), ReLU6: w_relu6, LeakyReLU: _unary("LeakyRelu", alpha=lambda layer: layer.negative_slope),
    Sigmoid: _unary("Sigmoid"), Tanh: _unary("Tanh"), SiLU: _gated("Sigmoid"), Mish: _gated("Softplus", "Tanh"),
    Hardsigmoid: _unary("HardSigmoid", alpha=1 / 6, beta=0.5), Hardswish: _unary("HardSwish"),
    ELU: _unary("Elu", alpha=lambda layer: layer.alpha), GELU: w_gelu, PReLU: w_prelu, Softmax: w_softmax,
    Dropout: w_dropout, Identity: _unary("Identity"), DropPath: _unary("Identity"),
    StochasticDepth: _unary("Identity"),
    Add: _merge("Add"), Mul: _merge("Mul"), Concat: _merge("Concat"), Slice: w_slice, ChannelShuffle: w_shuffle,
    ZeroPad2d: w_zero_pad, ZeroPadShortcut: w_zero_pad_shortcut, Upsample: w_upsample, PixelShuffle: w_pixel_shuffle,
}


def _value_info(onnx, name: str, shape, rank: int):
    c, h, w = shape
    dims = ["N", c] if rank == 2 else ["N", c, h, w]
    return onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, dims)


def to_model(network: Network, input_size=None, with_weights: bool = False, data_file: str = "model.onnx.data"):
    """The ONNX ModelProto of ``network`` at ``input_size`` (H, W; None for its default), the
    batch symbolic (``N``)."""
    import onnx
    analysis = engine.analyze(network, input_size=input_size)
    w = Writer(onnx, with_weights, data_file)
    infos = []
    for i, path in enumerate(analysis.names):
        layer = analysis.layers[i]
        shape = tuple(int(d) for d in analysis.shapes[0, i])
        if isinstance(layer, Input):
            w.ranks[path], w.shapes[path] = 4, shape
            graph_input = _value_info(onnx, path, shape, 4)
            continue
        writer = WRITERS.get(type(layer))
        if writer is None:
            raise SpecError(path, f"costcalc cannot write a {layer.type_name} layer as ONNX yet",
                            "a layer type listed in README's ONNX section", layer.type_name)
        xs = list(analysis.inputs[i])
        w.ranks[path] = writer(w, path, layer, xs, [w.shapes[x] for x in xs], shape)
        if hasattr(layer, "inplace"):  # ONNX has no in-place ops: a hint for costcalc's reader
            next(n for n in reversed(w.nodes) if n.name == path).doc_string = f"{INPLACE_HINT}{layer.inplace}"
        w.shapes[path] = shape
        infos.append(_value_info(onnx, path, shape, w.ranks[path]))
    outputs = network.outputs()
    graph = onnx.helper.make_graph(
        w.nodes, network.name, [graph_input], [_value_info(onnx, o, w.shapes[o], w.ranks[o]) for o in outputs],
        initializer=w.initializers, value_info=[v for v in infos if v.name not in outputs])
    model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", w.opset)],
                                   producer_name="costcalc", producer_version=__version__)
    model.ir_version = min(model.ir_version, 10 if w.opset >= 21 else 8)
    kinds = {path: info.kind for path, info in network.scopes.items()}
    for key, value in ((SCOPES_METADATA, json.dumps(kinds, sort_keys=True)),
                       ("costcalc.description", network.description), ("costcalc.source", network.source)):
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    model.doc_string = (f"{network.name}: {network.description}\nWritten by costcalc {__version__} "
                        + ("with zero weights." if with_weights else
                           f"without weights: initializers hold dims only (external data in {data_file}, "
                           "written empty)."))
    return model


def write(network: Network, path: Path, input_size=None, with_weights: bool = False) -> Path:
    """Write ``network`` as ONNX to ``path`` (and, without weights, the empty ``<path>.data``)."""
    import onnx
    data = path.with_name(path.name + ".data")
    model = to_model(network, input_size, with_weights, data.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    if not with_weights:
        data.write_bytes(b"")
    return path
