"""Element-wise layers: activations, dropout and the identities.

What one *other op* is, per element, for each activation (stated once; README says it too).
Every elementary arithmetic step is one op, and so is each transcendental (exp, log, tanh, erf):

    ReLU 1 (max(0, x)) · ReLU6 2 (max, min) · LeakyReLU 2 and PReLU 2 (compare, multiply)
    Sigmoid 3 (exp, add, divide) · Tanh 1 · Softmax 3 (exp, add into the sum, divide)
    SiLU 4 (Sigmoid's 3, then × x) · Hardsigmoid 4 (two comparisons, × 1/6, + 1/2)
    Hardswish 5 (Hardsigmoid's 4, then × x) · ELU 4 (compare, exp, − 1, × α)
    GELU 5 (× 1/√2, erf, + 1, × x, × 1/2) · GELU tanh 9 (x³ two multiplies, × 0.044715, + x,
    × √(2/π), tanh, + 1, × x, × 1/2) · Mish 5 (exp, + 1, log, tanh, × x)
    Dropout, DropPath, StochasticDepth, Identity 0 (identity at inference)

In place: ReLU, ReLU6, LeakyReLU and Dropout default to ``inplace=True`` (as the nets costcalc
models use them); the others follow PyTorch's default, ``inplace=False``; GELU and PReLU have
no in-place form. An in-place layer writes no new tensor (no activation). DropPath,
StochasticDepth and Identity return their input: views, no new tensor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ..errors import ShapeError
from .base import Layer, Params, input_channels, no_macs, no_other_ops, no_params, same_shape
from .field import same_field


@dataclass(frozen=True)
class _Activation(Layer, abstract=True):
    """Element-wise: same shape, no weights, no MACs; other ops = ops_per_element · C·H·W."""

    ops_per_element: ClassVar[int] = 1

    output_shape = same_shape
    receptive_field = same_field   # element-wise (Softmax: over channels, at each position)
    params = no_params
    macs = no_macs

    def other_ops(self, x, y):
        return self.ops_per_element * y.elements() if self.ops_per_element else 0

    def describe(self):
        return self.type_name


@dataclass(frozen=True)
class _Elementwise(_Activation, abstract=True):
    """An activation with PyTorch's ``inplace`` switch. In place by default."""

    inplace: bool = field(default=True, kw_only=True)

    def validate(self, v):
        v.flag("inplace")

    @property
    def allocates_output(self):
        return not self.inplace


@dataclass(frozen=True)
class ReLU(_Elementwise):
    """max(0, x): one comparison per element."""


@dataclass(frozen=True)
class ReLU6(_Elementwise):
    """min(max(0, x), 6): two comparisons per element."""

    ops_per_element: ClassVar[int] = 2


@dataclass(frozen=True)
class LeakyReLU(_Elementwise):
    """x if x > 0 else a·x (a = negative_slope): a comparison and a multiply per element."""

    negative_slope: float = 0.01
    ops_per_element: ClassVar[int] = 2

    def validate(self, v):
        super().validate(v)
        v.number("negative_slope")


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
class Softmax(_Elementwise):
    """e^x / Σ e^x over channels: exp, add and divide per element. A new tensor."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 3


@dataclass(frozen=True)
class SiLU(_Elementwise):
    """x·σ(x) (swish): Sigmoid's exp, add, divide, then a multiply: 4 ops per element."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 4


@dataclass(frozen=True)
class Hardsigmoid(_Elementwise):
    """0 if x ≤ −3, 1 if x ≥ 3, else x/6 + 1/2: two comparisons, a multiply, an add: 4 ops."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 4


@dataclass(frozen=True)
class Hardswish(_Elementwise):
    """x·Hardsigmoid(x): Hardsigmoid's 4 ops, then a multiply: 5 ops per element."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 5


@dataclass(frozen=True)
class ELU(_Elementwise):
    """x if x > 0 else α(e^x − 1): compare, exp, subtract, multiply: 4 ops per element."""

    alpha: float = 1.0
    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 4

    def validate(self, v):
        super().validate(v)
        v.number("alpha")


@dataclass(frozen=True)
class Mish(_Elementwise):
    """x·tanh(ln(1 + e^x)): exp, add, log, tanh, multiply: 5 ops per element."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 5


@dataclass(frozen=True)
class GELU(_Activation):
    """x·Φ(x), PyTorch's nn.GELU. approximate='none': 0.5·x·(1 + erf(x/√2)), 5 ops per element
    (× 1/√2, erf, + 1, × x, × 1/2). approximate='tanh':
    0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), 9 ops per element. Always a new tensor."""

    approximate: str = "none"

    def validate(self, v):
        v.choice("approximate", ("none", "tanh"))

    @property
    def ops_per_element(self):
        return 5 if self.approximate == "none" else 9

    def describe(self):
        return "GELU" if self.approximate == "none" else "GELU tanh"


@dataclass(frozen=True)
class PReLU(_Activation):
    """x if x > 0 else a·x with a learned a: one shared (num_parameters=1) or one per channel
    (num_parameters=C), PyTorch's nn.PReLU. Params: weights = num_parameters.
    Other ops: a comparison and a multiply per element. Always a new tensor."""

    num_parameters: int = 1
    init: float = 0.25
    ops_per_element: ClassVar[int] = 2

    def validate(self, v):
        v.int("num_parameters", 1)
        v.number("init")

    def output_shape(self, x, where):
        c = input_channels(where, x[0])
        if self.num_parameters not in (1, c):
            raise ShapeError(where, "PReLU has one parameter or one per channel",
                             f"num_parameters 1 or {c}", self.num_parameters)
        return x[0]

    def params(self, x, where):
        return Params(weights=self.num_parameters)


@dataclass(frozen=True)
class Dropout(_Elementwise):
    """Dropout: identity at inference, so no ops. In place by default."""

    p: float = 0.5
    ops_per_element: ClassVar[int] = 0

    def validate(self, v):
        super().validate(v)
        v.number("p", 0, 1)

    def describe(self):
        return f"dropout {self.p:g}"


@dataclass(frozen=True)
class Identity(Layer):
    """Passes its input through: no ops, no new activation."""

    allocates: ClassVar[bool] = False

    output_shape = same_shape
    receptive_field = same_field
    params = no_params
    macs = no_macs
    other_ops = no_other_ops


@dataclass(frozen=True)
class StochasticDepth(Identity):
    """torchvision.ops.StochasticDepth(p, mode): drops a residual branch (per sample with
    mode='row', for the whole batch with 'batch') in training only. At inference, the mode
    costcalc counts, it is the identity: no ops, no new tensor."""

    p: float = 0.0
    mode: str = "row"

    def validate(self, v):
        v.number("p", 0, 1)
        v.choice("mode", ("row", "batch"))

    def describe(self):
        return f"stochastic depth {self.p:g}"


@dataclass(frozen=True)
class DropPath(Identity):
    """timm's DropPath(drop_prob): stochastic depth per sample, training only. At inference
    the identity: no ops, no new tensor."""

    drop_prob: float = 0.0

    def validate(self, v):
        v.number("drop_prob", 0, 1)

    def describe(self):
        return f"drop path {self.drop_prob:g}"


__all__ = ["ReLU", "ReLU6", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "SiLU", "Hardsigmoid",
           "Hardswish", "ELU", "Mish", "GELU", "PReLU", "Dropout", "Identity", "StochasticDepth",
           "DropPath"]
