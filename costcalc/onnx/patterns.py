"""What exporters write for layers ONNX has no op for, recognised as those layers.

Each recogniser is tried at the first node of its pattern and matches only when every node after
it is the sole reader of the one before (so a sigmoid whose output is also read elsewhere stays a
Sigmoid): the matched nodes become one costcalc node, named after the last of them.

* SiLU: Sigmoid(x) → Mul(x, ·) (PyTorch's SiLU, EfficientNet's swish)
* Hardswish: HardSigmoid(x) → Mul(x, ·) (PyTorch's hardswish before opset 14)
* Mish: Softplus(x) → Tanh → Mul(x, ·)
* GELU: Div(x, √2) → Erf → Add(1) → Mul(x, ·) → Mul(0.5) (PyTorch's GELU before opset 20)
* ZeroPadShortcut: Slice(H, W by s) → Pad(channels) (ResNet's option-A shortcut)

Others live in ops.py because they follow from one op: MatMul + Add is a Linear with a bias, a
Transpose to channels-last then MatMul a Linear at every position, Reshape → Transpose → Reshape a
channel shuffle (a permutation of the channels), Mul by a (C, 1, 1) weight a LayerScale.
"""

from __future__ import annotations

import math

import numpy as np

from ..layers import GELU, Hardswish, Mish, SiLU, ZeroPadShortcut
from .naming import fused_leaf
from .values import Act, Const, same_view, standard
from .views import slice_spans, zero_pads


def _scalar(r, name: str) -> float | None:
    v = r.values.get(name)
    if isinstance(v, Const) and v.array.size == 1 and np.issubdtype(v.array.dtype, np.number):
        return float(v.array.reshape(-1)[0])
    return None


def _reads(node, *names) -> bool:
    return sorted(node.inputs) == sorted(names)


def _gated(r, node, chain: list[str], layer, label: str) -> bool:
    """x → f … → Mul(x, ·): ``node`` is f, ``chain`` the op types between it and the Mul."""
    x = r.values.get(node.input(0))
    if not isinstance(x, Act):
        return False
    last, inner = node, []
    for op in chain:
        last = r.only_consumer(last, op)
        if last is None:
            return False
        inner.append(last)
    mul = r.only_consumer(last, "Mul")
    if mul is None or not _reads(mul, node.inputs[0], last.outputs[0]):
        return False
    path, shape = r.emit(mul, layer, [x], leaf=fused_leaf(mul, layer.type_name))
    for done in (*inner, mul):
        done.done = True
    r.set(mul, 0, same_view(path, shape, x))
    r.recognised[label] += 1
    return True


def silu(r, node):
    return _gated(r, node, [], SiLU(), "SiLU (Sigmoid · x)")


def hardswish(r, node):
    return _gated(r, node, [], Hardswish(), "Hardswish (HardSigmoid · x)")


def mish(r, node):
    return _gated(r, node, ["Tanh"], Mish(), "Mish (Softplus → Tanh · x)")


def _other(node, name: str) -> str:
    """The input of a two-input node that is not ``name``."""
    return node.inputs[1] if node.inputs[0] == name else node.inputs[0]


def gelu(r, node):
    """Div(x, √2) (or Mul(x, 1/√2)) → Erf → Add(1), then × x and × 0.5 in either order
    (TorchScript: Mul(x, ·) → Mul(0.5); dynamo: Mul(0.5, ·) → Mul(x, ·))."""
    x = r.values.get(node.input(0))
    c = _scalar(r, node.input(1))
    scale = math.sqrt(2) if node.op == "Div" else 1 / math.sqrt(2)
    if not isinstance(x, Act) or c is None or not math.isclose(c, scale, rel_tol=1e-6):
        return False
    erf = r.only_consumer(node, "Erf")
    plus = erf and r.only_consumer(erf, "Add")
    if not plus or _scalar(r, _other(plus, erf.outputs[0])) != 1.0:
        return False
    first = r.only_consumer(plus, "Mul")
    second = first and r.only_consumer(first, "Mul")
    if not second:
        return False
    by_x_first = _other(first, plus.outputs[0]) == node.inputs[0]
    half = _scalar(r, _other(second, first.outputs[0]) if by_x_first else _other(first, plus.outputs[0]))
    times_x = first if by_x_first else second
    if half != 0.5 or _other(times_x, (plus if by_x_first else first).outputs[0]) != node.inputs[0]:
        return False
    path, shape = r.emit(second, GELU(), [x], leaf=fused_leaf(second, "GELU"))
    for done in (erf, plus, first, second):
        done.done = True
    r.set(second, 0, same_view(path, shape, x))
    r.recognised["GELU (Div → Erf → Add → Mul → Mul)"] += 1
    return True


def zero_pad_shortcut(r, node):
    """Slice every s-th row and column, then zero-pad the channels: ResNet's option A."""
    a = r.values.get(node.input(0))
    if not isinstance(a, Act) or not a.in_order or a.dims != a.shape:
        return False
    pad = r.only_consumer(node, "Pad")
    if pad is None:
        return False
    full, steps = (r.batch, *a.dims), set()
    spans = slice_spans(r, node, 4)
    for axis, (start, end, step) in spans.items():
        if start != 0 or end < full[axis] or step < 1 or (axis < 2 and step != 1):
            return False
        if axis >= 2:
            steps.add(step)
    if not {2, 3} <= set(spans) or len(steps) != 1:
        return False
    nb, cb, hb, wb, ne, ce, he, we = zero_pads(r, pad)
    if nb or ne or hb or he or wb or we:
        return False
    layer = ZeroPadShortcut(a.shape[0] + cb + ce, steps.pop())
    path, shape = r.emit(pad, layer, [a], leaf=fused_leaf(pad, "ZeroPadShortcut"))
    pad.done = True
    r.set(pad, 0, standard(path, shape))
    r.recognised["ZeroPadShortcut (Slice → Pad)"] += 1
    return True


PATTERNS = {"Sigmoid": [silu], "HardSigmoid": [hardswish], "Softplus": [mish], "Div": [gelu], "Mul": [gelu],
            "Slice": [zero_pad_shortcut]}


def recognise(r, node) -> bool:
    """Map ``node`` and the nodes after it as one layer when they form a pattern."""
    if node.domain != "ai.onnx":
        return False
    return any(match(r, node) for match in PATTERNS.get(node.op, ()))
