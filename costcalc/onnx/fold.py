"""Constant folding: ops whose inputs are all known when reading (Constant nodes, small
initializers, the shape of an activation) are evaluated with numpy and cost nothing. This is how
exporters compute Reshape targets, Slice bounds and Resize sizes (Shape → Gather → Unsqueeze →
Concat …); following the values lets the ops that read them be mapped.
"""

from __future__ import annotations

import numpy as np

from .values import Act, Const


def _axes(node, axes) -> list[int] | None:
    """Axes from the attribute (older opsets) or the second input (newer ones)."""
    if "axes" in node.attrs:
        return [int(a) for a in node.attrs["axes"]]
    return None if axes is None else [int(a) for a in np.atleast_1d(axes)]


def _unsqueeze(r, node, x, axes=None):
    axes = _axes(node, axes)
    rank = x.ndim + len(axes)
    for a in sorted(a % rank for a in axes):
        x = np.expand_dims(x, a)
    return x


def _squeeze(r, node, x, axes=None):
    axes = _axes(node, axes)
    return np.squeeze(x) if axes is None else np.squeeze(x, axis=tuple(a % x.ndim for a in axes))


def _slice(r, node, x, *rest):
    if r.opset(node) < 10:
        starts, ends = node.attrs["starts"], node.attrs["ends"]
        axes = node.attrs.get("axes", list(range(len(starts))))
        steps = [1] * len(starts)
    else:
        starts, ends = rest[0], rest[1]
        axes = rest[2] if len(rest) > 2 and rest[2] is not None else list(range(len(starts)))
        steps = rest[3] if len(rest) > 3 and rest[3] is not None else [1] * len(starts)
    index = [slice(None)] * x.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        index[int(a) % x.ndim] = slice(int(s), int(e) if abs(int(e)) < 2**62 else None, int(st))
    return x[tuple(index)]


def _reshape(r, node, x, shape=None):
    target = [int(d) for d in (shape if shape is not None else node.attrs["shape"])]
    if not node.attrs.get("allowzero", 0):
        target = [x.shape[i] if d == 0 else d for i, d in enumerate(target)]
    return x.reshape(target)


def _div(r, node, a, b):
    if np.issubdtype(a.dtype, np.integer) and np.issubdtype(b.dtype, np.integer):
        return np.trunc(a / b).astype(np.result_type(a, b))  # ONNX integer division truncates
    return a / b


def _cast(r, node, x):
    from onnx import helper
    return x.astype(helper.tensor_dtype_to_np_dtype(node.attrs["to"]))


def _constant_of_shape(r, node, shape):
    from onnx import numpy_helper
    value = node.attrs.get("value")
    fill = numpy_helper.to_array(value) if value is not None else np.zeros(1, dtype=np.float32)
    return np.full([int(d) for d in shape], fill.reshape(-1)[0], dtype=fill.dtype)


def _gather(r, node, x, indices):
    return np.take(x, indices.astype(np.int64), axis=node.attrs.get("axis", 0))


def _concat(r, node, *xs):
    return np.concatenate([np.atleast_1d(x) for x in xs], axis=node.attrs["axis"])


def _shape(r, node, x):
    dims = np.array(x.shape, dtype=np.int64)
    return dims[node.attrs.get("start", 0):node.attrs.get("end", None)]


FOLD = {
    "Identity": lambda r, n, x: x,
    "Cast": _cast,
    "Gather": _gather,
    "Unsqueeze": _unsqueeze,
    "Squeeze": _squeeze,
    "Concat": _concat,
    "Slice": _slice,
    "Reshape": _reshape,
    "Shape": _shape,
    "Size": lambda r, n, x: np.array(x.size, dtype=np.int64),
    "Transpose": lambda r, n, x: np.transpose(x, n.attrs.get("perm")),
    "ConstantOfShape": _constant_of_shape,
    "Range": lambda r, n, start, limit, delta: np.arange(start, limit, delta),
    "Expand": lambda r, n, x, shape: x * np.ones([int(d) for d in shape], dtype=x.dtype),
    "Add": lambda r, n, a, b: a + b,
    "Sub": lambda r, n, a, b: a - b,
    "Mul": lambda r, n, a, b: a * b,
    "Div": _div,
    "Mod": lambda r, n, a, b: np.fmod(a, b) if n.attrs.get("fmod") else np.mod(a, b),
    "Neg": lambda r, n, x: -x,
    "Abs": lambda r, n, x: np.abs(x),
    "Floor": lambda r, n, x: np.floor(x),
    "Ceil": lambda r, n, x: np.ceil(x),
    "Sqrt": lambda r, n, x: np.sqrt(x),
    "Max": lambda r, n, *xs: np.maximum.reduce(xs),
    "Min": lambda r, n, *xs: np.minimum.reduce(xs),
    "Equal": lambda r, n, a, b: a == b,
    "Less": lambda r, n, a, b: a < b,
    "Greater": lambda r, n, a, b: a > b,
    "Not": lambda r, n, x: np.logical_not(x),
    "Where": lambda r, n, c, a, b: np.where(c, a, b),
    "ReduceProd": lambda r, n, x, *axes: np.prod(x, keepdims=bool(n.attrs.get("keepdims", 1))),
}


def constant_value(node) -> np.ndarray:
    """The value of a Constant node (any of its value attributes)."""
    from onnx import numpy_helper
    a = node.attrs
    if "value" in a:
        return numpy_helper.to_array(a["value"])
    for key, dtype in (("value_float", np.float32), ("value_floats", np.float32), ("value_int", np.int64),
                       ("value_ints", np.int64)):
        if key in a:
            return np.array(a[key], dtype=dtype)
    raise KeyError(", ".join(a) or "no value")


def try_fold(r, node) -> bool:
    """Evaluate ``node`` if its op folds and its inputs are known; True when it did."""
    if node.domain != "ai.onnx":
        return False
    if node.op == "Constant":
        try:
            r.set(node, 0, Const(constant_value(node)))
        except KeyError as exc:
            r.fail(node, "a Constant holds a tensor, float(s) or int(s)", "value, value_float(s) or value_int(s)",
                   str(exc))
        return True
    if node.op == "Shape" and isinstance(r.value(node, 0), Act):
        a = r.values[node.inputs[0]]
        dims = np.array([r.batch, *a.dims], dtype=np.int64)
        r.set(node, 0, Const(dims[node.attrs.get("start", 0):node.attrs.get("end", None)], from_shape=True))
        return True
    if node.op == "Size" and isinstance(r.value(node, 0), Act):
        a = r.values[node.inputs[0]]
        r.set(node, 0, Const(np.array(r.batch * int(np.prod(a.dims)), dtype=np.int64), from_shape=True))
        return True
    fold = FOLD.get(node.op)
    if fold is None:
        return False
    values = [r.value(node, i) for i in range(len(node.inputs))]
    present = [v for v in values if v is not None]
    if not present or not all(isinstance(v, Const) for v in present):
        return False
    arrays = [None if v is None else v.array for v in values]
    try:
        result = fold(r, node, *arrays)
    except (ValueError, IndexError, TypeError, KeyError) as exc:
        r.fail(node, f"cannot evaluate this {node.op} of constants", "inputs ONNX's rules accept",
               f"{type(exc).__name__}: {str(exc)[:80]}")
    r.set(node, 0, Const(np.asarray(result), from_shape=any(v.from_shape for v in present)))
    return True
