"""One mapping per ONNX op type: ONNX node → costcalc layer(s), or a view of an activation.

Each function reads its node's inputs through the reader (``r.act``, ``r.chw``, ``r.weight``,
``r.const``), builds the costcalc layer that counts what the op computes, and adds it with
``r.emit`` (which checks the layer's parameter count against the initializers the node reads).
Views (Reshape, Transpose, Squeeze, Unsqueeze) change no data and add no node unless what they
produce is a costcalc layer of its own (a Flatten, a channel shuffle). An op with no mapping is
``unknown_op``: one error line naming the node, its op type, domain and opset. Ops the reader
folds when their inputs are constants are in fold.py.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..layers import (ELU, GELU, AdaptiveMaxPool2d, Add, AvgPool2d, BatchNorm2d, ChannelShuffle, Concat, Conv2d,
                      ConvTranspose2d, Dropout, Flatten, GlobalAvgPool2d, GroupNorm, Hardsigmoid, Hardswish,
                      Identity, InstanceNorm2d, LayerNorm, LayerNorm2d, LayerScale, LeakyReLU, Linear,
                      LocalResponseNorm, MaxPool2d, Mish, Mul, PixelShuffle, PReLU, ReLU, ReLU6, Sigmoid, Slice,
                      Softmax, Tanh, Upsample, ZeroPad2d, ZeroPadShortcut)
from .values import Act, Const, Weight

# --- helpers ------------------------------------------------------------------------------------


def channels_last(path: str, shape) -> Act:
    """The node's output seen channels-last, (N, H, W, C)."""
    c, h, w = shape
    order = np.arange(c * h * w, dtype=np.int64).reshape(c, h, w).transpose(1, 2, 0)
    return Act(path, shape, (h, w, c), order)


def same_view(path: str, shape, like: Act) -> Act:
    """The output of an element-wise op on ``like``: a new node seen through the same view."""
    return Act(path, shape, like.dims, like.order)


def standard(path: str, shape, rank2: bool = False) -> Act:
    return Act(path, shape, (shape[0],) if rank2 else shape)


def _pair(node, key, default):
    value = tuple(int(v) for v in node.attr(key, default))
    return value


def fused_leaf(node, layer_name: str) -> str:
    """A pattern's node name: the last ONNX node's, unless that is only its op type (PyTorch's
    ``…/Mul``), which the layer's name replaces (``…/SiLU``)."""
    leaf = node.parts[-1]
    base = leaf.rsplit("_", 1)[0] if leaf.rsplit("_", 1)[-1].isdigit() else leaf
    return layer_name if base == node.op else leaf


def _same_pads(size: int, k: int, s: int, d: int) -> tuple[int, int]:
    """ONNX's SAME_UPPER padding of one axis: the output is ceil(size / s)."""
    out = -(-size // s)
    total = max((out - 1) * s + d * (k - 1) + 1 - size, 0)
    return total // 2, total - total // 2


def window_padding(r, node, x: Act, kernel, strides, dilations):
    """costcalc padding for a Conv or pool: (padding, pad_first), where ``padding`` is (p_h, p_w) or
    "same", and ``pad_first`` is (left, right, top, bottom) for an asymmetric padding costcalc
    writes as a ZeroPad2d before the window (None otherwise)."""
    auto = node.attr("auto_pad", "NOTSET")
    _, h, w = x.shape
    same = [_same_pads(size, k, s, d) for size, k, s, d in zip((h, w), kernel, strides, dilations)]
    if auto in ("SAME_UPPER", "SAME_LOWER"):
        if dilations == (1, 1):
            return "same", None
        (t, b), (left, right) = same if auto == "SAME_UPPER" else [p[::-1] for p in same]
        pads = [t, left, b, right]
    elif auto == "VALID":
        return (0, 0), None
    elif auto == "NOTSET":
        pads = [int(p) for p in node.attr("pads", [0, 0, 0, 0])]
    else:
        r.fail(node, "auto_pad is NOTSET, SAME_UPPER, SAME_LOWER or VALID", "one of them", repr(auto))
    if len(pads) != 4:
        r.fail(node, "pads of a 2-D window are (top, left, bottom, right)", "4 values", pads)
    t, left, b, right = pads
    if t == b and left == right:
        return (t, left), None
    if dilations == (1, 1) and [(t, b), (left, right)] in (same, [p[::-1] for p in same]):
        return "same", None  # TensorFlow's SAME, written out at the file's size
    return (0, 0), (left, right, t, b)


def _padded(r, node, x: Act, pad_first) -> Act:
    if pad_first is None:
        return x
    path, shape = r.emit(node, ZeroPad2d(pad_first), [x], leaf=node.parts[-1] + ":pad")
    return standard(path, shape)


def _axes(r, node, index: int, rank: int) -> list[int] | None:
    """Axes from the attribute (older opsets) or input ``index`` (newer), made non-negative."""
    if "axes" in node.attrs:
        axes = node.attrs["axes"]
    elif node.input(index):
        axes = [int(a) for a in np.atleast_1d(r.const(node, index, "axes"))]
    else:
        return None
    return [int(a) % rank for a in axes]


# --- convolution and pooling --------------------------------------------------------------------

def conv(r, node):
    x = r.chw(node)
    w = r.weight(node, 1, "weight")
    if len(w.dims) != 4:
        r.fail(node, "only 2-D convolutions are supported yet", "a weight (C_out, C_in/g, k_h, k_w)",
               list(w.dims))
    b = r.weight(node, 2, "bias")
    group = int(node.attr("group", 1))
    if w.dims[1] * group != x.shape[0]:
        r.fail(node, "the weight's input channels × group must equal the input's channels",
               x.shape[0], f"{w.dims[1]} × {group}")
    kernel = _pair(node, "kernel_shape", w.dims[2:])
    strides, dilations = _pair(node, "strides", (1, 1)), _pair(node, "dilations", (1, 1))
    padding, pad_first = window_padding(r, node, x, kernel, strides, dilations)
    x = _padded(r, node, x, pad_first)
    layer = Conv2d(w.dims[0], kernel, strides, padding, dilations, group, bias=b is not None)
    path, shape = r.emit(node, layer, [x], held=[w, b])
    r.set(node, 0, standard(path, shape))


def conv_transpose(r, node):
    x = r.chw(node)
    w = r.weight(node, 1, "weight")
    if len(w.dims) != 4:
        r.fail(node, "only 2-D transposed convolutions are supported yet",
               "a weight (C_in, C_out/g, k_h, k_w)", list(w.dims))
    b = r.weight(node, 2, "bias")
    group = int(node.attr("group", 1))
    kernel = _pair(node, "kernel_shape", w.dims[2:])
    strides, dilations = _pair(node, "strides", (1, 1)), _pair(node, "dilations", (1, 1))
    pads = [int(p) for p in node.attr("pads", [0, 0, 0, 0])]
    if "output_shape" in node.attrs or node.attr("auto_pad", "NOTSET") != "NOTSET":
        r.fail(node, "ConvTranspose with output_shape or auto_pad is not supported yet", "pads", "output_shape")
    if pads[0] != pads[2] or pads[1] != pads[3]:
        r.fail(node, "asymmetric ConvTranspose padding is not supported yet", "pads (t, l, t, l)", pads)
    layer = ConvTranspose2d(w.dims[1] * group, kernel, strides, (pads[0], pads[1]),
                            _pair(node, "output_padding", (0, 0)), group, b is not None, dilations)
    path, shape = r.emit(node, layer, [x], held=[w, b])
    r.set(node, 0, standard(path, shape))


def _pool(r, node, make):
    x = r.chw(node)
    kernel = _pair(node, "kernel_shape", ())
    if len(kernel) != 2:
        r.fail(node, "only 2-D pools are supported yet", "kernel_shape (k_h, k_w)", list(kernel))
    if len(node.outputs) > 1 and node.outputs[1] and r.consumers.get(node.outputs[1]):
        r.fail(node, "MaxPool's indices output is not supported yet", "one output", "indices read")
    strides, dilations = _pair(node, "strides", (1, 1)), _pair(node, "dilations", (1, 1))
    padding, pad_first = window_padding(r, node, x, kernel, strides, dilations)
    if pad_first is not None:
        r.fail(node, "asymmetric pool padding is not supported yet", "pads (t, l, t, l) or auto_pad",
               node.attr("pads"))
    path, shape = r.emit(node, make(kernel, strides, padding, dilations, bool(node.attr("ceil_mode", 0))), [x])
    r.set(node, 0, standard(path, shape))


def max_pool(r, node):
    _pool(r, node, lambda k, s, p, d, ceil: MaxPool2d(k, s, p, d, ceil_mode=ceil))


def average_pool(r, node):
    # count_include_pad changes the divisor, not the count: k_h·k_w ops per output either way.
    def make(k, s, p, d, ceil):
        if d != (1, 1):
            r.fail(node, "a dilated average pool is not supported yet", "dilations 1", list(d))
        return AvgPool2d(k, s, p, ceil_mode=ceil)
    _pool(r, node, make)


def global_average_pool(r, node):
    x = r.chw(node)
    path, shape = r.emit(node, GlobalAvgPool2d(), [x])
    r.set(node, 0, standard(path, shape))


def global_max_pool(r, node):
    x = r.chw(node)
    path, shape = r.emit(node, AdaptiveMaxPool2d(1), [x])
    r.set(node, 0, standard(path, shape))


def reduce_mean(r, node):
    """ReduceMean over H and W: a global average pool (PyTorch's x.mean([2, 3]))."""
    a = r.act(node)
    axes = _axes(r, node, 1, len(a.dims) + 1)
    keep = bool(node.attr("keepdims", 1))
    if a.in_order and a.dims == a.shape and axes is not None and sorted(axes) == [2, 3]:
        path, shape = r.emit(node, GlobalAvgPool2d(), [a])
        r.set(node, 0, standard(path, shape, rank2=not keep))
    elif a.is_channels_last() and axes is not None and sorted(axes) == [1, 2]:
        path, shape = r.emit(node, GlobalAvgPool2d(), [a])
        r.set(node, 0, Act(path, shape, (1, 1, shape[0])) if keep else standard(path, shape, rank2=True))
    else:
        r.fail(node, "ReduceMean is supported over H and W only (a global average pool)",
               "axes [2, 3] of (N, C, H, W)", f"axes {axes} of {_view(a)}")


# --- dense layers ---------------------------------------------------------------------------------

def gemm(r, node):
    a = r.act(node)
    if node.attr("transA", 0):
        r.fail(node, "Gemm with transA is not supported yet", "transA=0", 1)
    if not a.is_flat():
        r.fail(node, "Gemm reads (N, features)", "(N, features)", _view(a))
    w = r.weight(node, 1, "weight")
    b = r.weight(node, 2, "bias")
    k, m = w.dims[::-1] if node.attr("transB", 0) else w.dims
    if k != a.dims[0]:
        r.fail(node, "the weight's input features must equal the input's", a.dims[0], f"{k} (weight {list(w.dims)})")
    path, shape = r.emit(node, Linear(m, in_features=k, bias=b is not None), [a], held=[w, b])
    r.set(node, 0, standard(path, shape, rank2=True))


def matmul(r, node):
    """activation × weight: a Linear on (N, features), or on every position of a channels-last
    tensor (ConvNeXt's Transpose + MatMul); a following Add of a (M,) bias is its bias."""
    a = r.act(node)
    if isinstance(r.value(node, 1), Act):
        r.fail(node, "MatMul of two activations (attention) is not supported yet", "an activation × a weight",
               "two activations")
    w = r.weight(node, 1, "weight")
    if len(w.dims) != 2:
        r.fail(node, "MatMul by a weight matrix is supported (a Linear); batched MatMul is not yet",
               "a weight (K, M)", list(w.dims))
    k, m = w.dims
    add = r.only_consumer(node, "Add")
    bias = None
    if add is not None:
        other = add.inputs[1] if add.inputs[0] == node.outputs[0] else add.inputs[0]
        candidate = r.values.get(other)
        if isinstance(candidate, (Weight, Const)):
            dims = candidate.dims if isinstance(candidate, Weight) else candidate.array.shape
            if tuple(dims) == (m,):
                bias = r.weight(add, add.inputs.index(other), "bias")
    out_node = add if bias is not None else node
    leaf = fused_leaf(out_node, "Linear")
    if a.is_flat():
        path, shape = r.emit(out_node, Linear(m, in_features=k, bias=bias is not None), [a], held=[w, bias],
                             leaf=leaf)
        result = standard(path, shape, rank2=True)
        r.recognised["Linear (MatMul + Add)" if bias is not None else "Linear (MatMul)"] += 1
    elif a.is_channels_last():
        layer = Linear(m, in_features=k, bias=bias is not None, per_position=True)
        path, shape = r.emit(out_node, layer, [a], held=[w, bias], leaf=leaf)
        result = channels_last(path, shape)
        r.recognised["Linear per position (Transpose + MatMul)"] += 1
    else:
        r.fail(node, "MatMul reads (N, features) or channels-last (N, H, W, C) (a Linear)",
               "(N, features) or (N, H, W, C)", _view(a))
    if k != a.dims[-1]:
        r.fail(node, "the weight's input features must equal the input's", a.dims[-1], k)
    if bias is not None:
        add.done = True
        r.set(add, 0, result)
    r.set(node, 0, result)


# --- normalisation -------------------------------------------------------------------------------

def batch_normalization(r, node):
    x = r.chw(node, flat_ok=True)
    scale, bias, mean, var = (r.weight(node, i, what) for i, what in
                              enumerate(("scale", "bias", "mean", "variance"), start=1))
    path, shape = r.emit(node, BatchNorm2d(eps=float(node.attr("epsilon", 1e-5))), [x],
                         held=[scale, bias], buffers=[mean, var])
    r.set(node, 0, same_view(path, shape, x))


def layer_normalization(r, node):
    a = r.act(node)
    scale, bias = r.weight(node, 1, "scale"), r.weight(node, 2, "bias")
    rank = len(a.dims) + 1
    axis = int(node.attr("axis", -1)) % rank
    eps = float(node.attr("epsilon", 1e-5))
    if a.is_channels_last() and axis == 3:
        if bias is None:
            r.fail(node, "LayerNormalization over channels without a bias is not supported yet",
                   "scale and bias", "scale only")
        path, shape = r.emit(node, LayerNorm2d(eps=eps), [a], held=[scale, bias])
        r.set(node, 0, channels_last(path, shape))
    elif a.is_chw() and 1 <= axis:
        normalized = tuple(a.dims[axis - 1:])
        if len(a.dims) == 1:
            normalized = tuple(a.shape)  # (N, C): over C of costcalc's (C, 1, 1)
        layer = LayerNorm(normalized, eps=eps, bias=bias is not None)
        path, shape = r.emit(node, layer, [a], held=[scale, bias])
        r.set(node, 0, same_view(path, shape, a))
    else:
        r.fail(node, "LayerNormalization is supported over channels-last C, or over trailing (C, H, W)",
               "axis -1 of (N, H, W, C), or axis >= 1 of (N, C, H, W)", f"axis {axis} of {_view(a)}")


def instance_normalization(r, node):
    x = r.chw(node)
    scale, bias = r.weight(node, 1, "scale"), r.weight(node, 2, "bias")
    layer = InstanceNorm2d(eps=float(node.attr("epsilon", 1e-5)), affine=True)
    path, shape = r.emit(node, layer, [x], held=[scale, bias])
    r.set(node, 0, standard(path, shape))


def group_normalization(r, node):
    x = r.chw(node)
    scale, bias = r.weight(node, 1, "scale"), r.weight(node, 2, "bias")
    groups = int(node.attr("num_groups"))
    if scale is not None and scale.dims != (x.shape[0],):
        r.fail(node, "GroupNormalization with one scale per group (opset 18) is not supported yet",
               f"scale ({x.shape[0]},) per channel (opset 21)", list(scale.dims))
    layer = GroupNorm(eps=float(node.attr("epsilon", 1e-5)), num_groups=groups)
    path, shape = r.emit(node, layer, [x], held=[scale, bias])
    r.set(node, 0, standard(path, shape))


def lrn(r, node):
    x = r.chw(node)
    layer = LocalResponseNorm(int(node.attr("size")), float(node.attr("alpha", 1e-4)),
                              float(node.attr("beta", 0.75)), float(node.attr("bias", 1.0)))
    path, shape = r.emit(node, layer, [x])
    r.set(node, 0, standard(path, shape))


# --- element-wise ---------------------------------------------------------------------------------

def _unary(make):
    def op(r, node):
        a = r.act(node)
        path, shape = r.emit(node, make(r, node), [a])
        r.set(node, 0, same_view(path, shape, a))
    op.__doc__ = "An element-wise op: one costcalc activation layer, the input's view kept."
    return op


relu = _unary(lambda r, n: ReLU())
sigmoid = _unary(lambda r, n: Sigmoid())
tanh = _unary(lambda r, n: Tanh())
leaky_relu = _unary(lambda r, n: LeakyReLU(negative_slope=float(n.attr("alpha", 0.01))))
elu = _unary(lambda r, n: ELU(alpha=float(n.attr("alpha", 1.0))))
hard_sigmoid = _unary(lambda r, n: Hardsigmoid())  # any α, β: two compares, a multiply, an add
hard_swish = _unary(lambda r, n: Hardswish())
mish = _unary(lambda r, n: Mish())
gelu = _unary(lambda r, n: GELU(approximate=n.attr("approximate", "none")))


def clip(r, node):
    """Clip to [0, 6] is ReLU6 and to [0, ∞) ReLU (what PyTorch writes for both)."""
    if r.opset(node) < 11:
        low, high = node.attr("min", -np.inf), node.attr("max", np.inf)
    else:
        lo, hi = r.const(node, 1, "min"), r.const(node, 2, "max")
        low = -np.inf if lo is None else float(lo)
        high = np.inf if hi is None else float(hi)
    if low == 0 and high == 6:
        layer = ReLU6()
    elif low == 0 and high == np.inf:
        layer = ReLU()
    else:
        r.fail(node, "Clip is supported as ReLU6 [0, 6] and ReLU [0, ∞) only (no Hardtanh layer yet)",
               "min 0, max 6 or none", f"min {low:g}, max {high:g}")
    a = r.act(node)
    path, shape = r.emit(node, layer, [a])
    r.set(node, 0, same_view(path, shape, a))


def prelu(r, node):
    a = r.act(node)
    slope = r.weight(node, 1, "slope")
    path, shape = r.emit(node, PReLU(num_parameters=slope.elements), [a], held=[slope])
    r.set(node, 0, same_view(path, shape, a))


def softmax(r, node):
    a = r.act(node)
    rank = len(a.dims) + 1
    axis = int(node.attr("axis", 1 if r.opset(node) < 13 else -1)) % rank
    if not (a.is_chw() and axis == 1):
        r.fail(node, "Softmax is supported over the channels", "axis 1 of (N, C) or (N, C, H, W)",
               f"axis {axis} of {_view(a)}")
    path, shape = r.emit(node, Softmax(), [a])
    r.set(node, 0, same_view(path, shape, a))


def dropout(r, node):
    a = r.act(node)
    ratio = node.attr("ratio", 0.5) if r.opset(node) < 12 else r.const(node, 1, "ratio")
    path, shape = r.emit(node, Dropout(p=0.5 if ratio is None else float(ratio)), [a])
    r.set(node, 0, same_view(path, shape, a))


def identity(r, node):
    v = r.value(node, 0)
    if isinstance(v, Weight):  # an initializer shared through Identity: each reader counts it
        r.set(node, 0, Weight(v.name, v.dims, shared=True))
    elif isinstance(v, Act):
        path, shape = r.emit(node, Identity(), [v])
        r.set(node, 0, same_view(path, shape, v))
    else:
        r.set(node, 0, v)


# --- merging, splitting, reshaping -----------------------------------------------------------------

def _binary(r, node, make):
    values = [r.value(node, i) for i in range(len(node.inputs))]
    acts = [v for v in values if isinstance(v, Act)]
    others = [v for v in values if not isinstance(v, Act)]
    if not others:
        if len({a.node for a in acts}) < len(acts):
            r.fail(node, f"{node.op} of a tensor with itself (x + x, x · x) is not supported yet",
                   "distinct inputs", "the same tensor twice")
        if all(a.is_chw() for a in acts):
            path, shape = r.emit(node, make(), acts)
            rank2 = all(len(a.dims) == 1 for a in acts)
            r.set(node, 0, standard(path, shape, rank2=rank2))
            return
        if all(a.dims == acts[0].dims and a.shape == acts[0].shape
               and np.array_equal(a.indices(), acts[0].indices()) for a in acts):
            path, shape = r.emit(node, make(), acts)
            r.set(node, 0, same_view(path, shape, acts[0]))
            return
        r.fail(node, f"{node.op} of tensors in different layouts is not supported yet",
               "inputs in one layout", " and ".join(_view(a) for a in acts))
    if node.op == "Mul" and len(acts) == 1 and len(others) == 1 and isinstance(others[0], (Weight, Const)):
        a = acts[0]
        w = r.weight(node, next(i for i, v in enumerate(values) if v is others[0]), "scale")
        c = a.shape[0]
        if a.in_order and a.dims == a.shape and w.dims in ((c, 1, 1), (1, c, 1, 1)) and \
                isinstance(others[0], Weight):
            path, shape = r.emit(node, LayerScale(), [a], held=[w])
            r.recognised["LayerScale (Mul by a (C, 1, 1) weight)"] += 1
            r.set(node, 0, standard(path, shape))
            return
    r.fail(node, f"{node.op} of an activation and a constant is not supported yet (costcalc has no layer "
           "for arithmetic with a constant)", "activations only, or a pattern such as x·sigmoid(x)",
           " and ".join(_described(v) for v in values))


def add(r, node):
    _binary(r, node, Add)


def mul(r, node):
    _binary(r, node, Mul)


def no_layer(name: str):
    def op(r, node):
        r.fail(node, f"{node.op} of an activation is not supported yet (costcalc has no {name} layer)",
               "Add or Mul, or a pattern costcalc recognises (README, ONNX)",
               " and ".join(_described(v) for v in (r.value(node, i) for i in range(len(node.inputs)))))
    op.__doc__ = f"{name}: folded when its inputs are constants (fold.py); otherwise an error."
    return op


def concat(r, node):
    acts = [r.act(node, i) for i in range(len(node.inputs))]
    axis = int(node.attr("axis")) % (len(acts[0].dims) + 1)
    if axis != 1 or not all(a.is_chw() and len(a.dims) == len(acts[0].dims) for a in acts):
        r.fail(node, "Concat is supported along the channels", "axis 1 of (N, C, H, W) or (N, C)",
               f"axis {axis} of " + ", ".join(_view(a) for a in acts[:3]))
    path, shape = r.emit(node, Concat(), acts)
    r.set(node, 0, standard(path, shape, rank2=len(acts[0].dims) == 1))


def split(r, node):
    a = r.act(node)
    axis = int(node.attr("axis", 0)) % (len(a.dims) + 1)
    if axis != 1 or not a.is_chw():
        r.fail(node, "Split is supported along the channels", "axis 1 of (N, C, H, W)", f"axis {axis} of {_view(a)}")
    c = a.shape[0]
    if r.opset(node) >= 13 and node.input(1):
        sizes = [int(s) for s in r.const(node, 1, "split")]
    elif "split" in node.attrs:
        sizes = [int(s) for s in node.attrs["split"]]
    else:
        parts = int(node.attr("num_outputs", len(node.outputs)))
        each = -(-c // parts)
        sizes = [min(each, c - i * each) for i in range(parts)]
    if sum(sizes) != c or len(sizes) != len(node.outputs):
        r.fail(node, "Split sizes must add up to the channels, one per output",
               f"{len(node.outputs)} sizes summing to {c}", sizes)
    start = 0
    for i, size in enumerate(sizes):
        path, shape = r.emit(node, Slice(start, start + size), [a], leaf=f"{node.parts[-1]}:{i}")
        r.set(node, i, standard(path, shape, rank2=len(a.dims) == 1))
        start += size


def slice_spans(r, node, rank: int) -> dict[int, tuple[int, int, int]]:
    """Slice's (start, end, step) per axis (non-negative axes), from attributes or inputs."""
    if r.opset(node) < 10:
        starts, ends = node.attr("starts"), node.attr("ends")
        axes, steps = node.attr("axes", list(range(len(starts)))), [1] * len(starts)
    else:
        starts, ends = r.const(node, 1, "starts"), r.const(node, 2, "ends")
        axes = r.const(node, 3, "axes") if node.input(3) else list(range(len(starts)))
        steps = r.const(node, 4, "steps") if node.input(4) else [1] * len(starts)
    return {int(ax) % rank: (int(s), int(e), int(st)) for s, e, ax, st in zip(starts, ends, axes, steps)}


def slice_(r, node):
    a = r.act(node)
    spans = slice_spans(r, node, len(a.dims) + 1)
    c = a.shape[0]
    if set(spans) != {1} or not a.is_chw() or spans[1][2] != 1:
        r.fail(node, "Slice is supported along the channels with step 1 (a channel split)",
               "axes [1], steps [1]", f"axes {sorted(spans)} of {_view(a)}")
    start, end, _ = spans[1]
    start, end = (min(max(v + c if v < 0 else v, 0), c) for v in (start, end))
    if end <= start:
        r.fail(node, "a channel slice keeps at least one channel", f"end > start={start}", end)
    path, shape = r.emit(node, Slice(start, end), [a])
    r.set(node, 0, standard(path, shape, rank2=len(a.dims) == 1))


def zero_pads(r, node) -> list[int]:
    """Pad's 8 pads (N, C, H, W begins, then ends), checked to be a zero padding."""
    mode = node.attr("mode", "constant")
    if mode != "constant":
        r.fail(node, f"Pad mode {mode!r} is not supported yet (zero padding only)", "constant", mode)
    if r.opset(node) < 11:
        pads, value = node.attr("pads"), node.attr("value", 0.0)
    else:
        pads = r.const(node, 1, "pads")
        value = r.const(node, 2, "constant value") if node.input(2) else 0.0
        if node.input(3):
            r.fail(node, "Pad with an axes input is not supported yet", "pads for every axis", "axes")
    pads = [int(p) for p in pads]
    fill = float(np.asarray(value).reshape(-1)[0]) if np.size(value) else 0.0
    if fill != 0.0:
        r.fail(node, "Pad with a non-zero constant is not supported yet", 0, fill)
    if len(pads) != 8 or min(pads) < 0:
        r.fail(node, "Pad of (N, C, H, W) takes 8 non-negative pads", "8 values >= 0", pads)
    return pads


def pad(r, node):
    a = r.chw(node)
    nb, cb, hb, wb, ne, ce, he, we = zero_pads(r, node)
    if nb or ne or ((cb or ce) and (hb or he or wb or we)):
        r.fail(node, "Pad of H and W, or of the channels only, is supported", "pads on H, W or on C",
               [nb, cb, hb, wb, ne, ce, he, we])
    layer = ZeroPadShortcut(a.shape[0] + cb + ce, 1) if (cb or ce) else ZeroPad2d((wb, we, hb, he))
    path, shape = r.emit(node, layer, [a])
    r.set(node, 0, standard(path, shape))


def resize(r, node):
    a = r.chw(node)
    mode = node.attr("mode", "nearest")
    if mode not in ("nearest", "linear", "bilinear"):
        r.fail(node, f"Resize mode {mode!r} is not supported yet", "nearest or linear", mode)
    _, h, w = a.shape
    if node.op == "Upsample" or r.opset(node) == 10:
        scales = node.attr("scales") if node.input(1) == "" else r.const(node, 1, "scales")
        sizes = None
    else:
        scales = r.const(node, 2, "scales") if node.input(2) else None
        sizes = r.const(node, 3, "sizes") if node.input(3) else None
    if sizes is not None and len(sizes):
        sizes = [int(s) for s in sizes]
        if sizes[:2] != [r.batch, a.shape[0]]:
            r.fail(node, "Resize changes H and W only", f"sizes [N, {a.shape[0]}, H, W]", sizes)
        exact = [Fraction(sizes[2], h), Fraction(sizes[3], w)]
        if r.from_shape(node, 3) and all(f.denominator in (1, 2, 4, 8) for f in exact):
            how = {"scale_factor": tuple(float(f) for f in exact)}
        else:
            how = {"size": (sizes[2], sizes[3])}
    else:
        scales = [float(s) for s in scales]
        if len(scales) != 4 or scales[:2] != [1.0, 1.0]:
            r.fail(node, "Resize changes H and W only", "scales [1, 1, s_h, s_w]", scales)
        how = {"scale_factor": (scales[2], scales[3])}
    bilinear = mode in ("linear", "bilinear")
    corners = node.attr("coordinate_transformation_mode", "half_pixel") == "align_corners" if bilinear else None
    layer = Upsample(mode="bilinear" if bilinear else "nearest", align_corners=corners, **how)
    path, shape = r.emit(node, layer, [a])
    r.set(node, 0, standard(path, shape))


def depth_to_space(r, node):
    a = r.chw(node)  # DCR and CRD order the channels differently; the counts are the same
    path, shape = r.emit(node, PixelShuffle(int(node.attr("blocksize"))), [a])
    r.set(node, 0, standard(path, shape))


def flatten(r, node):
    a = r.act(node)
    axis = int(node.attr("axis", 1)) % (len(a.dims) + 1)
    if axis != 1:
        r.fail(node, "Flatten keeps the batch axis apart", "axis 1", axis)
    path, shape = r.emit(node, Flatten(), [a])
    r.set(node, 0, standard(path, shape, rank2=True))


def _view_of(r, node, a: Act, dims: tuple[int, ...], order: np.ndarray, what: str) -> None:
    """Set ``node``'s output to a view of ``a``: no node, unless the view is a flattening (a
    Flatten) or a channel shuffle (ShuffleNet's Reshape → Transpose → Reshape). Any other view
    stays a view; an op that cannot read it says so."""
    b = a.viewed(dims, order)
    c, h, w = a.shape
    if len(dims) == 1 and h * w > 1:
        path, shape = r.emit(node, Flatten(), [a], leaf=fused_leaf(node, "Flatten"))
        r.set(node, 0, standard(path, shape, rank2=True))
        return
    groups = _shuffle_groups(b.order, a.shape) if not b.in_order and b.dims == a.shape else None
    if groups is not None:
        path, shape = r.emit(node, ChannelShuffle(groups), [a], leaf=fused_leaf(node, "ChannelShuffle"))
        r.recognised["ChannelShuffle (Reshape → Transpose → Reshape)"] += 1
        r.set(node, 0, standard(path, shape))
        return
    r.set(node, 0, b)


def _shuffle_groups(order: np.ndarray, shape) -> int | None:
    """g when ``order`` is ShuffleNet's channel shuffle of a (C, H, W) tensor: output channel
    k·g + i is input channel i·(C/g) + k."""
    c, h, w = shape
    perm = order[:, 0, 0] // (h * w)
    spatial = np.arange(h * w, dtype=np.int64).reshape(h, w)
    if not (order == perm[:, None, None] * h * w + spatial).all() or c < 2 or perm[1] == 0 or c % perm[1]:
        return None
    groups = c // int(perm[1])
    shuffle = np.arange(c).reshape(groups, c // groups).T.reshape(-1)
    return groups if (perm == shuffle).all() else None


def reshape(r, node):
    a = r.act(node)
    target = [int(d) for d in (r.const(node, 1, "shape") if r.opset(node) >= 5 else node.attr("shape"))]
    full = (r.batch, *a.dims)
    if not node.attr("allowzero", 0):
        target = [full[i] if d == 0 and i < len(full) else d for i, d in enumerate(target)]
    total = int(np.prod(full))
    if target.count(-1) == 1:
        known = int(np.prod([d for d in target if d != -1]))
        target[target.index(-1)] = total // known if known else 0
    if target and target[0] != r.batch and r.batch_is_one and int(np.prod(target)) == total:
        order = a.indices().reshape(target)  # the batch axis merged in: a Gather must bring it back
        r.set(node, 0, Act(a.node, a.shape, tuple(target), order, batchless=True))
        return
    if int(np.prod(target)) != total or not target or target[0] != r.batch:
        r.fail(node, "Reshape keeps the batch axis first and every element", f"(N={r.batch}, ...) of {total} elements",
               target)
    dims = tuple(target[1:])
    _view_of(r, node, a, dims, a.indices().reshape(dims), "Reshape")


def gather(r, node):
    """Gather of an activation by constant indices that reorder every element: a view (PyTorch's
    dynamo exporter writes as_strided so, after a Reshape that merged a batch of 1 away)."""
    a = r.act(node, batchless_ok=True)
    indices = r.const(node, 1, "indices").astype(np.int64)
    rank = len(a.dims) + (0 if a.batchless else 1)
    axis = int(node.attr("axis", 0)) % rank
    if not a.batchless and axis == 0:
        r.fail(node, "a Gather of an activation along the batch axis is not supported yet", "axis >= 1", axis)
    order = np.take(a.indices(), indices, axis=axis if a.batchless else axis - 1)
    dims = order.shape
    if a.batchless:
        if not dims or dims[0] != 1:
            r.fail(node, "a Gather after a Reshape that merged the batch axis must bring it back",
                   "indices of shape (1, ...)", list(dims))
        order, dims = order[0], dims[1:]
    if order.size != int(np.prod(a.shape)) or not (np.sort(order, axis=None) == np.arange(order.size)).all():
        r.fail(node, "a Gather of an activation is supported when it reorders every element (a view)",
               "a permutation of the elements", "a selection")
    _view_of(r, node, Act(a.node, a.shape, a.shape), tuple(int(d) for d in dims), order, "Gather")


def transpose(r, node):
    a = r.act(node)
    rank = len(a.dims) + 1
    perm = [int(p) for p in node.attr("perm", list(range(rank))[::-1])]
    if perm[0] != 0:
        r.fail(node, "Transpose keeps the batch axis first", "perm[0] = 0", perm)
    inner = [p - 1 for p in perm[1:]]
    _view_of(r, node, a, tuple(a.dims[i] for i in inner), a.indices().transpose(inner), "Transpose")


def squeeze(r, node):
    a = r.act(node)
    axes = _axes(r, node, 1, len(a.dims) + 1)
    if axes is None:
        axes = [i + 1 for i, d in enumerate(a.dims) if d == 1]
    if 0 in axes or any(a.dims[i - 1] != 1 for i in axes):
        r.fail(node, "Squeeze removes axes of size 1 after the batch axis", "axes of size 1", axes)
    dims = tuple(d for i, d in enumerate(a.dims) if i + 1 not in axes)
    _view_of(r, node, a, dims, a.indices().reshape(dims), "Squeeze")


def unsqueeze(r, node):
    a = r.act(node)
    raw = node.attrs["axes"] if "axes" in node.attrs else np.atleast_1d(r.const(node, 1, "axes"))
    rank = len(a.dims) + 1 + len(raw)
    dims = list(a.dims)
    for axis in sorted(int(x) % rank for x in raw):
        if axis == 0:
            r.fail(node, "Unsqueeze adds axes after the batch axis", "axes >= 1", [int(x) for x in raw])
        dims.insert(axis - 1, 1)
    _view_of(r, node, a, tuple(dims), a.indices().reshape(dims), "Unsqueeze")


def _described(v) -> str:
    """An input as an error message names it: 'an activation (N, 3, 8, 8)', 'a scalar constant'."""
    if isinstance(v, Act):
        return f"an activation {_view(v)}"
    dims = list(v.dims if isinstance(v, Weight) else v.array.shape)
    noun = "initializer" if isinstance(v, Weight) else "constant"
    return f"a scalar {noun}" if not dims else f"{'an' if noun == 'initializer' else 'a'} {noun} {dims}"


def _view(a: Act) -> str:
    layout = " channels-last" if a.is_channels_last() else "" if a.in_order else " permuted"
    return "(N, " + ", ".join(map(str, a.dims)) + ")" + layout


def unknown_op(r, node):
    from ..errors import SpecError
    raise SpecError(f"{r.file}: node {(node.name or node.op)!r}",
                    f"op {node.op} (domain {node.domain}, opset {r.opset(node) or '?'}) has no costcalc mapping",
                    "an op listed in README's ONNX section")


OPS = {("ai.onnx", op): fn for op, fn in {
    "Conv": conv, "ConvTranspose": conv_transpose, "MaxPool": max_pool, "AveragePool": average_pool,
    "GlobalAveragePool": global_average_pool, "GlobalMaxPool": global_max_pool, "ReduceMean": reduce_mean,
    "Gemm": gemm, "MatMul": matmul,
    "BatchNormalization": batch_normalization, "LayerNormalization": layer_normalization,
    "InstanceNormalization": instance_normalization, "GroupNormalization": group_normalization, "LRN": lrn,
    "Relu": relu, "Sigmoid": sigmoid, "Tanh": tanh, "LeakyRelu": leaky_relu, "Elu": elu,
    "HardSigmoid": hard_sigmoid, "HardSwish": hard_swish, "Mish": mish, "Gelu": gelu, "Clip": clip,
    "PRelu": prelu, "Softmax": softmax, "Dropout": dropout, "Identity": identity,
    "Add": add, "Sum": add, "Mul": mul, "Sub": no_layer("subtraction"), "Div": no_layer("division"),
    "Concat": concat, "Split": split, "Slice": slice_, "Pad": pad, "Resize": resize, "Upsample": resize,
    "DepthToSpace": depth_to_space, "Flatten": flatten, "Reshape": reshape, "Transpose": transpose,
    "Squeeze": squeeze, "Unsqueeze": unsqueeze, "Gather": gather,
}.items()}
