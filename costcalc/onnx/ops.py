"""One mapping per ONNX op type: ONNX node → costcalc layer(s), or a view of an activation.

Each function reads its node's inputs through the reader (``r.act``, ``r.chw``, ``r.weight``,
``r.const``), builds the costcalc layer that counts what the op computes, and adds it with
``r.emit`` (which checks the layer's parameter count against the initializers the node reads).
The ops that only move data (views, channel merges and splits) are in views.py, the ops folded
when their inputs are constants in fold.py; ``OPS`` below maps every op type to its function. An
op with no mapping is ``unknown_op``: one error line naming the node, its op type, domain and
opset.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..layers import (ELU, GELU, AdaptiveMaxPool2d, Add, AvgPool2d, BatchNorm2d, Conv2d, ConvTranspose2d,
                      Dropout, GlobalAvgPool2d, GroupNorm, Hardsigmoid, Hardswish, Identity, InstanceNorm2d,
                      LayerNorm, LayerNorm2d, LayerScale, LeakyReLU, Linear, LocalResponseNorm, MaxPool2d,
                      Mish, Mul, PReLU, ReLU, ReLU6, Sigmoid, Softmax, Tanh, Upsample, ZeroPad2d)
from .naming import fused_leaf
from .values import Act, Const, Weight, channels_last, described, same_view, standard
from .views import (axes_of, concat, depth_to_space, flatten, gather, pad, reshape, slice_, split, squeeze,
                    transpose, unsqueeze)

# --- helpers ------------------------------------------------------------------------------------


def _pair(node, key, default):
    value = tuple(int(v) for v in node.attr(key, default))
    return value


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
    axes = axes_of(r, node, 1, len(a.dims) + 1)
    keep = bool(node.attr("keepdims", 1))
    if a.in_order and a.dims == a.shape and axes is not None and sorted(axes) == [2, 3]:
        path, shape = r.emit(node, GlobalAvgPool2d(), [a])
        r.set(node, 0, standard(path, shape, rank2=not keep))
    elif a.is_channels_last() and axes is not None and sorted(axes) == [1, 2]:
        path, shape = r.emit(node, GlobalAvgPool2d(), [a])
        r.set(node, 0, Act(path, shape, (1, 1, shape[0])) if keep else standard(path, shape, rank2=True))
    else:
        r.fail(node, "ReduceMean is supported over H and W only (a global average pool)",
               "axes [2, 3] of (N, C, H, W)", f"axes {axes} of {a.describe()}")


# --- dense layers ---------------------------------------------------------------------------------

def gemm(r, node):
    a = r.act(node)
    if node.attr("transA", 0):
        r.fail(node, "Gemm with transA is not supported yet", "transA=0", 1)
    if not a.is_flat():
        r.fail(node, "Gemm reads (N, features)", "(N, features)", a.describe())
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
               "(N, features) or (N, H, W, C)", a.describe())
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
               "axis -1 of (N, H, W, C), or axis >= 1 of (N, C, H, W)", f"axis {axis} of {a.describe()}")


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
               f"axis {axis} of {a.describe()}")
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
               "inputs in one layout", " and ".join(a.describe() for a in acts))
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
           " and ".join(described(v) for v in values))


def add(r, node):
    _binary(r, node, Add)


def mul(r, node):
    _binary(r, node, Mul)


def no_layer(name: str):
    def op(r, node):
        r.fail(node, f"{node.op} of an activation is not supported yet (costcalc has no {name} layer)",
               "Add or Mul, or a pattern costcalc recognises (README, ONNX)",
               " and ".join(described(v) for v in (r.value(node, i) for i in range(len(node.inputs)))))
    op.__doc__ = f"{name}: folded when its inputs are constants (fold.py); otherwise an error."
    return op


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
