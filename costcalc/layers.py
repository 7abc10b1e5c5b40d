"""Layer types. Each class holds its shape rule, parameter count and MAC count together.

Conventions (the README states them too; every report prints them):

* Shapes are (C, H, W) per sample. The batch N multiplies activations, MACs and other ops,
  never parameters; the engine applies N, so every rule here is per sample.
* MACs are the multiply-accumulates of convolution and fully-connected layers only (the papers'
  "mult-adds"; ResNet's and ShuffleNet's "FLOPs"; GoogLeNet's "ops"). FLOPs = 2 x MACs.
* Bias adds, batch norm, activations, pooling, normalisation, softmax and residual adds are
  *other ops*, each class saying what one op is; channel shuffle, concat, flatten, dropout
  (inference) and identity cost none.
* Params = weights + biases + batch-norm gamma/beta. Running mean/var are *buffers*.
* An activation is a layer's output tensor. Layers computed in place (ReLU, Dropout, ... when
  ``inplace=True``, the default) and views (Flatten, Identity) allocate none.

Each rule receives the input shapes (one ``Shape`` per input, each field an int64 array over the
variant axis) and returns int64 arrays (or plain ints, which broadcast). Symbols in docstrings
are the ones in the code: C_in, H, W in; C_out, H_out, W_out out; k kernel, s stride, p padding,
d dilation, g groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import ClassVar, NamedTuple

import numpy as np

from .errors import ShapeError, SpecError
from .tensor import Shape, any_true, at, first_true, uniform


class Params(NamedTuple):
    """Parameter counts of one layer: weights, biases, batch-norm gamma+beta, and buffers."""

    weights: object = 0
    biases: object = 0
    bn: object = 0
    buffers: object = 0


NO_PARAMS = Params()

#: The symbol each hyper-parameter has in the formulas of the docstrings below; costcalc.derive
#: writes worked derivations with them by passing symbolic numbers through these same rules.
SYMBOLS = {"kernel_size": "k", "stride": "s", "padding": "p", "dilation": "d", "groups": "g",
           "out_channels": "C_out", "out_features": "C_out", "channels": "C"}


def _pair(value) -> tuple:
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def _require_int(where: str, name: str, value, minimum: int) -> None:
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= minimum
    if not ok:
        kind = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise SpecError(where, f"hyper-parameter {name} must be {kind}", f">= {minimum}", repr(value))


def _fixed(x):
    """The one value x has in every variant (None if they differ), as tensor.uniform. A number
    that is neither an int nor an int64 array (costcalc.derive's traced numbers) passes through
    unchanged, so a derivation can follow the rule to its result."""
    return uniform(x) if isinstance(x, (int, np.integer, np.ndarray)) else x


def _same_hw(where: str, rule: str, shapes: list[Shape]) -> None:
    first = shapes[0]
    for other in shapes[1:]:
        differs = (first.h != other.h) | (first.w != other.w)
        if any_true(differs):
            v = first_true(differs)
            raise ShapeError(where, rule, "the same H×W on every input",
                             f"{first.describe(v)} and {other.describe(v)}")


def _input_channels(where: str, x: Shape) -> int:
    """Channels of a layer with weights: they fix the weight tensor, so every variant must agree."""
    c = _fixed(x.c)
    if c is None:
        raise ShapeError(where, "a layer with weights needs the same input channels at every input size "
                         "(analyze the sizes one by one, or pool globally before it)",
                         "the same C_in in every variant", sorted({int(v) for v in x.c}))
    return c


@dataclass(frozen=True)
class Layer:
    """Base class. Subclasses override the rules that apply to them."""

    #: how many inputs the layer takes; None means "two or more"
    arity: ClassVar[int | None] = 1
    #: True when the output is a new tensor (counts as activation memory)
    allocates: ClassVar[bool] = True

    def check(self, where: str) -> None:
        """Validate hyper-parameters; raise SpecError naming ``where`` (the node path)."""

    def output_shape(self, x: list[Shape], where: str) -> Shape:
        return x[0]

    def params(self, x: list[Shape], where: str) -> Params:
        return NO_PARAMS

    def macs(self, x: list[Shape], y: Shape) -> object:
        return 0

    def other_ops(self, x: list[Shape], y: Shape) -> object:
        return 0

    def warnings(self, x: list[Shape], y: Shape) -> list[tuple[int, str]]:
        """(variant index, message) pairs, e.g. a stride that does not divide the input."""
        return []

    @property
    def allocates_output(self) -> bool:
        return self.allocates

    def activations(self, y: Shape):
        """Elements of the new tensor the layer writes, per sample: C·H·W of its output, or 0
        when it computes in place or is a view (its output is its input's memory)."""
        return y.c * y.h * y.w if self.allocates_output else 0

    @property
    def type_name(self) -> str:
        return type(self).__name__

    def describe(self) -> str:
        """Short hyper-parameter summary shown in the report's type column."""
        return self.type_name

    def category(self, x: list[Shape]) -> str:
        """Label used by ``--group-by type``."""
        return self.type_name


# --- sliding windows (shared by Conv2d and the pools) -------------------------------------------

@dataclass(frozen=True)
class _Window(Layer):
    """A k_h×k_w window moved with stride s over an input padded by p on each side.

    H_out = floor((H + 2p - d(k-1) - 1) / s) + 1   (ceil instead of floor when ceil_mode)
    and likewise for W. With padding="same": H_out = ceil(H / s), the padding chosen to fit.
    """

    kernel_size: object = 1
    stride: object = 1
    padding: object = 0
    dilation: object = 1
    ceil_mode: bool = False

    def __post_init__(self):
        object.__setattr__(self, "kernel_size", _pair(self.kernel_size))
        object.__setattr__(self, "stride", _pair(self.stride))
        object.__setattr__(self, "dilation", _pair(self.dilation))
        if self.padding != "same":
            object.__setattr__(self, "padding", _pair(self.padding))

    def check(self, where):
        for name, minimum in (("kernel_size", 1), ("stride", 1), ("dilation", 1)):
            values = getattr(self, name)
            if len(values) != 2:
                raise SpecError(where, f"{name} must be an int or an (h, w) pair", "2 values", values)
            for v in values:
                _require_int(where, name, v, minimum)
        if self.padding != "same":
            if len(self.padding) != 2:
                raise SpecError(where, "padding must be an int, an (h, w) pair or 'same'", "2 values",
                                self.padding)
            for v in self.padding:
                _require_int(where, "padding", v, 0)

    def _axis(self, size, i):
        k, s, d = self.kernel_size[i], self.stride[i], self.dilation[i]
        if self.padding == "same":
            return -(-size // s), None
        p = self.padding[i]
        span = size + 2 * p - d * (k - 1) - 1
        if self.ceil_mode:
            out = -(-span // s) + 1
            # PyTorch drops a last window that would start inside the right padding.
            out = out - ((out - 1) * s >= size + p)
        else:
            out = span // s + 1
        return out, span

    def output_shape(self, x, where):
        h, _ = self._axis(x[0].h, 0)
        w, _ = self._axis(x[0].w, 1)
        # A ceil-mode window may hang past the edge (PyTorch and Caffe give one output there),
        # so only a non-positive result is an error, not a negative span.
        empty = (h <= 0) | (w <= 0)
        if any_true(empty):
            raise ShapeError(where, f"{self.describe()} gives a non-positive output size",
                             "an input at least as large as the dilated kernel",
                             f"input {x[0].describe(first_true(empty))}")
        return Shape(self._out_channels(x[0]), h, w)

    def _out_channels(self, x: Shape):
        return x.c

    def warnings(self, x, y):
        if self.padding == "same":
            return []
        found: dict[int, dict[int, tuple]] = {}  # variant → axis index → (size, span, out)
        for i, size in ((0, x[0].h), (1, x[0].w)):
            s = self.stride[i]
            if s == 1:
                continue
            _, span = self._axis(size, i)
            if not any_true(span % s):
                continue
            out = y.h if i == 0 else y.w
            for v in np.flatnonzero(np.atleast_1d(span % s)):
                v = int(v)
                found.setdefault(v, {})[i] = (at(size, v), at(span, v), at(out, v))
        messages = []
        for v, axes in found.items():
            if len(axes) == 2 and axes[0] == axes[1] and self._square():
                messages.append((v, self._inexact_message("H and W", 0, *axes[0])))  # say it once
            else:
                messages += [(v, self._inexact_message("HW"[i], i, *axes[i])) for i in axes]
        return messages

    def _square(self) -> bool:
        return all(pair[0] == pair[1] for pair in (self.kernel_size, self.stride, self.padding,
                                                    self.dilation))

    def _inexact_message(self, axis, i, size, span, out):
        k, s, p, d = self.kernel_size[i], self.stride[i], self.padding[i], self.dilation[i]
        pad = f" + 2·{p}" if p else ""
        reach = d * (k - 1) + 1
        ratio = Fraction(span, s)
        rounding = "ceil adds" if self.ceil_mode else "floor drops"
        dropped = (1 - (ratio - (ratio.numerator // ratio.denominator))) if self.ceil_mode else \
            ratio - (ratio.numerator // ratio.denominator)
        outputs = " = ".join(f"{a}_out" for a in axis.split(" and "))
        return (f"{axis}: ({size}{pad} − {reach})/{s} = {span}/{s} = {float(ratio):g}, not whole: "
                f"{rounding} {float(dropped):g}, {outputs} = {out}")

    def _geometry(self) -> str:
        kh, kw = self.kernel_size
        sh, sw = self.stride
        text = f"{kh}×{kw}/{sh}" if sh == sw else f"{kh}×{kw}/({sh},{sw})"
        if self.padding == "same":
            text += " same"
        elif any(self.padding):
            ph, pw = self.padding
            text += f" p{ph}" if ph == pw else f" p({ph},{pw})"
        if self.dilation != (1, 1):
            text += f" d{self.dilation[0]}"
        return text


@dataclass(frozen=True)
class Conv2d(_Window):
    """2-D convolution with C_out filters of C_in/g × k_h × k_w each.

    Shape: see _Window; C_out = out_channels.
    Params: weights = k_h·k_w·(C_in/g)·C_out; biases = C_out (if bias).
    MACs: k_h·k_w·(C_in/g) · C_out·H_out·W_out (one MAC per weight per output position,
          padded positions included, as in the papers and in PyTorch's FlopCounterMode).
    Other ops: C_out·H_out·W_out bias adds (if bias).
    Depthwise: g = C_in (C_out a multiple of C_in).
    """

    out_channels: int = 1
    groups: int = 1
    bias: bool = True

    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True):
        for name, value in (("out_channels", out_channels), ("kernel_size", kernel_size),
                            ("stride", stride), ("padding", padding), ("dilation", dilation),
                            ("groups", groups), ("bias", bias), ("ceil_mode", False)):
            object.__setattr__(self, name, value)
        self.__post_init__()

    def check(self, where):
        super().check(where)
        _require_int(where, "out_channels", self.out_channels, 1)
        _require_int(where, "groups", self.groups, 1)
        if self.out_channels % self.groups:
            raise SpecError(where, "out_channels must be divisible by groups",
                            f"a multiple of groups={self.groups}", f"out_channels={self.out_channels}")
        if self.padding == "same" and self.dilation != (1, 1):
            raise SpecError(where, "padding='same' is supported with dilation 1 only", "dilation=1",
                            self.dilation)

    def _out_channels(self, x):
        return self.out_channels

    def output_shape(self, x, where):
        c_in = _input_channels(where, x[0])
        if c_in % self.groups:
            raise ShapeError(where, "input channels must be divisible by groups",
                             f"a multiple of groups={self.groups}", f"C_in={c_in}")
        return super().output_shape(x, where)

    def _per_output(self, x) -> int:
        kh, kw = self.kernel_size
        return kh * kw * (_fixed(x[0].c) // self.groups)

    def params(self, x, where):
        return Params(weights=self._per_output(x) * self.out_channels,
                      biases=self.out_channels if self.bias else 0)

    def macs(self, x, y):
        return self._per_output(x) * y.c * y.h * y.w

    def other_ops(self, x, y):
        return y.elements() if self.bias else 0

    def is_depthwise(self, x) -> bool:
        return self.groups > 1 and self.groups == uniform(x[0].c)

    def describe(self):
        groups = f" g{self.groups}" if self.groups > 1 else ""
        return f"conv {self._geometry()}, {self.out_channels}{groups}"

    def category(self, x):
        kh, kw = self.kernel_size
        kind = "Conv DW" if self.is_depthwise(x) else ("Conv GC" if self.groups > 1 else "Conv")
        return f"{kind} {kh}×{kw}"


@dataclass(frozen=True)
class MaxPool2d(_Window):
    """Max pooling. Shape: see _Window (stride defaults to the kernel size).

    Other ops: (k_h·k_w − 1) comparisons per output element, C·H_out·W_out outputs.
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
        for name, value in (("kernel_size", kernel_size),
                            ("stride", kernel_size if stride is None else stride),
                            ("padding", padding), ("dilation", dilation), ("ceil_mode", ceil_mode)):
            object.__setattr__(self, name, value)
        self.__post_init__()

    def other_ops(self, x, y):
        kh, kw = self.kernel_size
        return (kh * kw - 1) * y.elements()

    def describe(self):
        return f"max pool {self._geometry()}" + (" ceil" if self.ceil_mode else "")

    def category(self, x):
        return f"MaxPool {self.kernel_size[0]}×{self.kernel_size[1]}"


@dataclass(frozen=True)
class AvgPool2d(_Window):
    """Average pooling. Shape: see _Window (stride defaults to the kernel size).

    Other ops: k_h·k_w per output element ((k_h·k_w − 1) adds and one divide).
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False):
        for name, value in (("kernel_size", kernel_size),
                            ("stride", kernel_size if stride is None else stride),
                            ("padding", padding), ("dilation", 1), ("ceil_mode", ceil_mode)):
            object.__setattr__(self, name, value)
        self.__post_init__()

    def other_ops(self, x, y):
        kh, kw = self.kernel_size
        return kh * kw * y.elements()

    def describe(self):
        return f"avg pool {self._geometry()}" + (" ceil" if self.ceil_mode else "")

    def category(self, x):
        return f"AvgPool {self.kernel_size[0]}×{self.kernel_size[1]}"


# --- global / adaptive pooling -----------------------------------------------------------------

@dataclass(frozen=True)
class GlobalAvgPool2d(Layer):
    """Average over all of H×W. Shape: (C, 1, 1). Other ops: C·H·W (adds, and divides)."""

    def output_shape(self, x, where):
        return Shape(x[0].c, 1, 1)

    def other_ops(self, x, y):
        return x[0].elements()

    def describe(self):
        return "global avg pool"


def _adaptive_extent(size, out: int):
    """Total window length over the out bins of one axis, PyTorch's rule:
    bin i covers [floor(i·size/out), ceil((i+1)·size/out))."""
    return sum(-(-((i + 1) * size) // out) - (i * size) // out for i in range(out))


@dataclass(frozen=True)
class AdaptiveAvgPool2d(Layer):
    """Average pooling to a fixed (H_out, W_out); bin i spans [⌊i·H/H_out⌋, ⌈(i+1)·H/H_out⌉).

    Shape: (C, H_out, W_out). Other ops: C · Σ_bins (bin height · bin width), one add or
    divide per input element read (when H is a multiple of H_out this is C·H·W).
    """

    output_size: object = 1

    def __post_init__(self):
        object.__setattr__(self, "output_size", _pair(self.output_size))

    def check(self, where):
        for v in self.output_size:
            _require_int(where, "output_size", v, 1)

    def output_shape(self, x, where):
        oh, ow = self.output_size
        return Shape(x[0].c, oh, ow)

    def other_ops(self, x, y):
        oh, ow = self.output_size
        return x[0].c * _adaptive_extent(x[0].h, oh) * _adaptive_extent(x[0].w, ow)

    def describe(self):
        return f"adaptive avg pool → {self.output_size[0]}×{self.output_size[1]}"


# --- dense layers ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Linear(Layer):
    """Fully connected: y = W x + b on a flat input (C_in × 1 × 1, e.g. after Flatten).

    Params: weights = C_in·C_out; biases = C_out (if bias).
    MACs: C_in·C_out. Other ops: C_out bias adds (if bias).
    in_features, when given, must equal C_in; when None it is read from the input. With
    strict=False a different C_in is counted as it comes, with a warning (for teaching specs
    that must still run on a wrong input size, e.g. AlexNet on the paper's 224).
    """

    out_features: int = 1
    in_features: int | None = None
    bias: bool = True
    strict: bool = True

    def check(self, where):
        _require_int(where, "out_features", self.out_features, 1)
        if self.in_features is not None:
            _require_int(where, "in_features", self.in_features, 1)

    def output_shape(self, x, where):
        inp = x[0]
        not_flat = (inp.h != 1) | (inp.w != 1)
        if any_true(not_flat):
            raise ShapeError(where, "Linear needs a flat input; add Flatten or a global pool before it",
                             "C×1×1", inp.describe(first_true(not_flat)))
        c_in = _input_channels(where, inp)
        if self.in_features is not None and c_in != self.in_features and self.strict:
            raise ShapeError(where, "input features must equal in_features (the weights fix the "
                             "input size; a global or adaptive pool before the layer lifts that)",
                             self.in_features, c_in)
        return Shape(self.out_features, 1, 1)

    def warnings(self, x, y):
        c_in = uniform(x[0].c)
        if self.in_features is None or c_in == self.in_features:
            return []
        return [(0, f"input has {c_in:,} features where the layer is specified for "
                    f"{self.in_features:,}; counted with {c_in:,}")]

    def params(self, x, where):
        return Params(weights=_fixed(x[0].c) * self.out_features,
                      biases=self.out_features if self.bias else 0)

    def macs(self, x, y):
        return _fixed(x[0].c) * self.out_features

    def other_ops(self, x, y):
        return self.out_features if self.bias else 0

    def describe(self):
        return f"fc {self.out_features}"

    def category(self, x):
        return "Fully connected"


@dataclass(frozen=True)
class Flatten(Layer):
    """(C, H, W) → (C·H·W, 1, 1). A view: no new activation, no ops."""

    allocates: ClassVar[bool] = False

    def output_shape(self, x, where):
        return Shape(x[0].elements(), 1, 1)


# --- normalisation -----------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchNorm2d(Layer):
    """Batch normalisation over channels.

    Params: bn = 2·C (gamma and beta, when affine). Buffers: 2·C (running mean and variance).
    Other ops: 2·C·H·W at inference (one multiply and one add per element, statistics folded).
    """

    affine: bool = True

    def params(self, x, where):
        c = _input_channels(where, x[0])
        return Params(bn=2 * c if self.affine else 0, buffers=2 * c)

    def other_ops(self, x, y):
        return 2 * y.elements()

    def describe(self):
        return "batch norm"

    def category(self, x):
        return "BatchNorm"


@dataclass(frozen=True)
class LocalResponseNorm(Layer):
    """Local response normalisation across n neighbouring channels (AlexNet, GoogLeNet stem).

    b = a / (k + α/n · Σ a²)^β. No params.
    Other ops: (2n + 3)·C·H·W — n squares, n − 1 adds, then scale, add k, power, divide.
    """

    size: int = 5
    alpha: float = 1e-4
    beta: float = 0.75
    k: float = 2.0

    def check(self, where):
        _require_int(where, "size", self.size, 1)

    def other_ops(self, x, y):
        return (2 * self.size + 3) * y.elements()

    def describe(self):
        return f"LRN n={self.size}"

    def category(self, x):
        return "LRN"


# --- element-wise ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Elementwise(Layer):
    """Element-wise function; other ops = ops_per_element · C·H·W. In place by default."""

    inplace: bool = field(default=True, kw_only=True)
    ops_per_element: ClassVar[int] = 1

    @property
    def allocates_output(self):
        return not self.inplace

    def other_ops(self, x, y):
        return self.ops_per_element * y.elements() if self.ops_per_element else 0

    def describe(self):
        return self.type_name


@dataclass(frozen=True)
class ReLU(_Elementwise):
    """max(0, x): one comparison per element."""


@dataclass(frozen=True)
class ReLU6(_Elementwise):
    """min(max(0, x), 6): two comparisons per element."""

    ops_per_element: ClassVar[int] = 2


@dataclass(frozen=True)
class LeakyReLU(_Elementwise):
    """x if x > 0 else a·x: a comparison and a multiply per element."""

    ops_per_element: ClassVar[int] = 2


@dataclass(frozen=True)
class Sigmoid(_Elementwise):
    """1/(1 + e^−x): exp, add, divide per element (not in place by default)."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 3


@dataclass(frozen=True)
class Tanh(_Elementwise):
    """tanh(x): counted as one op per element (not in place by default)."""

    inplace: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class Dropout(_Elementwise):
    """Dropout: identity at inference, so no ops. In place by default."""

    p: float = 0.5
    ops_per_element: ClassVar[int] = 0

    def describe(self):
        return f"dropout {self.p:g}"


@dataclass(frozen=True)
class Softmax(_Elementwise):
    """e^x / Σ e^x over channels: exp, add and divide per element. A new tensor."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 3


@dataclass(frozen=True)
class Identity(Layer):
    """Passes its input through: no ops, no new activation."""

    allocates: ClassVar[bool] = False


# --- merging and reordering --------------------------------------------------------------------

@dataclass(frozen=True)
class Concat(Layer):
    """Channel concatenation: C_out = Σ C_i; every input must have the same H×W. No ops
    (a memory copy); the output is a new tensor."""

    arity: ClassVar[int | None] = None

    def output_shape(self, x, where):
        _same_hw(where, "Concat joins along channels only", x)
        return Shape(sum(s.c for s in x), x[0].h, x[0].w)

    def describe(self):
        return "concat"


@dataclass(frozen=True)
class Add(Layer):
    """Element-wise sum of n inputs of equal shape (residual add).
    Other ops: (n − 1)·C·H·W adds."""

    arity: ClassVar[int | None] = None

    def output_shape(self, x, where):
        first = x[0]
        for other in x[1:]:
            differs = (first.c != other.c) | (first.h != other.h) | (first.w != other.w)
            if any_true(differs):
                v = first_true(differs)
                raise ShapeError(where, "Add needs inputs of equal shape", first.describe(v),
                                 other.describe(v))
        return first

    def other_ops(self, x, y):
        return (len(x) - 1) * y.elements()

    def describe(self):
        return "add"


@dataclass(frozen=True)
class ChannelShuffle(Layer):
    """ShuffleNet's channel shuffle: reshape C into (g, C/g), transpose, flatten.
    C must be divisible by g. No ops; the output is a new tensor (a permuted copy)."""

    groups: int = 1

    def check(self, where):
        _require_int(where, "groups", self.groups, 1)

    def output_shape(self, x, where):
        c = x[0].c
        if any_true(c % self.groups):
            v = first_true(c % self.groups)
            raise ShapeError(where, "channels must be divisible by the shuffle groups",
                             f"a multiple of groups={self.groups}", f"C={x[0].at(v)[0]}")
        return x[0]

    def describe(self):
        return f"channel shuffle g{self.groups}"


@dataclass(frozen=True)
class ZeroPadShortcut(Layer):
    """ResNet shortcut option A: identity, subsampled by the stride, extra channels zero-padded.

    Shape: (out_channels, ⌈H/s⌉, ⌈W/s⌉) with out_channels ≥ C_in. No params, no ops
    (zeros are written, not computed); the output is a new tensor when it differs from the input.
    """

    out_channels: int = 1
    stride: int = 1

    def check(self, where):
        _require_int(where, "out_channels", self.out_channels, 1)
        _require_int(where, "stride", self.stride, 1)

    def output_shape(self, x, where):
        if any_true(x[0].c > self.out_channels):
            v = first_true(x[0].c > self.out_channels)
            raise ShapeError(where, "a zero-padded shortcut cannot drop channels",
                             f"C_in <= {self.out_channels}", f"C_in={x[0].at(v)[0]}")
        s = self.stride
        return Shape(self.out_channels, -(-x[0].h // s), -(-x[0].w // s))

    def describe(self):
        return f"zero-pad shortcut → {self.out_channels}, /{self.stride}"


@dataclass(frozen=True)
class Input(Layer):
    """The network input (C, H, W); H and W are the defaults, replaceable per analysis."""

    arity: ClassVar[int | None] = 0

    channels: int = 3
    size: object = 224

    def __post_init__(self):
        object.__setattr__(self, "size", _pair(self.size))

    def check(self, where):
        _require_int(where, "channels", self.channels, 1)
        for v in self.size:
            _require_int(where, "input size", v, 1)

    def shape_at(self, h, w) -> Shape:
        """The input tensor at the H×W an analysis asks for: (channels, H, W)."""
        return Shape(self.channels, h, w)

    def describe(self):
        return "input"


def layer_types() -> dict[str, type[Layer]]:
    """Every public layer class by name (what a spec file may use)."""
    return {name: cls for name, cls in globals().items()
            if isinstance(cls, type) and issubclass(cls, Layer) and not name.startswith("_")
            and cls is not Layer}


__all__ = ["Params", "Layer", *layer_types()]
