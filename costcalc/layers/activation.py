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
from .base import keeps_input, keeps_new, keeps_output, keeps_param, no_saved
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

    @property
    def writes_in_place(self):
        return self.inplace


#: What each activation keeps for backward (derivatives.yaml, torch 2.14): its input (``self``)
#: or its output (``result``). An in-place form whose derivative reads ``self`` keeps a copy of
#: the input made before it is overwritten (autograd's code generator saves original self), so it
#: keeps as much as the out-of-place form; costcalc.training applies that rule to every layer.
_KEEPS_INPUT = (keeps_input(name="self"),)
_KEEPS_OUTPUT = (keeps_output(),)


def _keeps_input(self, x, y, device):
    """Kept for backward: the input (derivatives.yaml: the derivative reads ``self``)."""
    return _KEEPS_INPUT


def _keeps_output(self, x, y, device):
    """Kept for backward: the output (derivatives.yaml: the derivative reads ``result``)."""
    return _KEEPS_OUTPUT


def _keeps_output_in_place(self, x, y, device):
    """Kept for backward: the input out of place, the output in place (derivatives.yaml: the
    out-of-place derivative reads ``self``, the in-place one ``result``)."""
    return _KEEPS_OUTPUT if self.inplace else _KEEPS_INPUT


@dataclass(frozen=True)
class ReLU(_Elementwise):
    """max(0, x): one comparison per element. Kept for backward: the output
    (derivatives.yaml, relu: threshold_backward(grad, result, 0))."""

    saved = _keeps_output


@dataclass(frozen=True)
class ReLU6(_Elementwise):
    """min(max(0, x), 6): two comparisons per element. Kept for backward: the input
    (nn.ReLU6 is hardtanh(x, 0, 6); derivatives.yaml, hardtanh: hardtanh_backward(grad, self, ...))."""

    ops_per_element: ClassVar[int] = 2
    saved = _keeps_input


@dataclass(frozen=True)
class LeakyReLU(_Elementwise):
    """x if x > 0 else a·x (a = negative_slope): a comparison and a multiply per element.
    Kept for backward: the input, or the output in place (derivatives.yaml, leaky_relu:
    leaky_relu_backward(grad, self, ...); leaky_relu_: leaky_relu_backward(grad, result, ...))."""

    negative_slope: float = 0.01
    ops_per_element: ClassVar[int] = 2
    saved = _keeps_output_in_place

    def validate(self, v):
        super().validate(v)
        v.number("negative_slope")


@dataclass(frozen=True)
class Sigmoid(_Elementwise):
    """1/(1 + e^−x): exp, add, divide per element (not in place by default). Kept for
    backward: the output (derivatives.yaml, sigmoid: sigmoid_backward(grad, result))."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 3
    saved = _keeps_output


@dataclass(frozen=True)
class Tanh(_Elementwise):
    """tanh(x): counted as one op per element (not in place by default). Kept for backward:
    the output (derivatives.yaml, tanh: tanh_backward(grad, result))."""

    inplace: bool = field(default=False, kw_only=True)
    saved = _keeps_output


@dataclass(frozen=True)
class Softmax(_Elementwise):
    """e^x / Σ e^x over channels: exp, add and divide per element. A new tensor. Kept for
    backward: the output (derivatives.yaml, _softmax: _softmax_backward_data(grad, result, ...))."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 3
    saved = _keeps_output


@dataclass(frozen=True)
class SiLU(_Elementwise):
    """x·σ(x) (swish): Sigmoid's exp, add, divide, then a multiply: 4 ops per element. Kept
    for backward: the input (derivatives.yaml, silu: silu_backward(grad, self))."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 4
    saved = _keeps_input


@dataclass(frozen=True)
class Hardsigmoid(_Elementwise):
    """0 if x ≤ −3, 1 if x ≥ 3, else x/6 + 1/2: two comparisons, a multiply, an add: 4 ops.
    Kept for backward: the input (derivatives.yaml, hardsigmoid: hardsigmoid_backward(grad, self))."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 4
    saved = _keeps_input


@dataclass(frozen=True)
class Hardswish(_Elementwise):
    """x·Hardsigmoid(x): Hardsigmoid's 4 ops, then a multiply: 5 ops per element. Kept for
    backward: the input (derivatives.yaml, hardswish: hardswish_backward(grad, self))."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 5
    saved = _keeps_input


@dataclass(frozen=True)
class ELU(_Elementwise):
    """x if x > 0 else α(e^x − 1): compare, exp, subtract, multiply: 4 ops per element. Kept
    for backward: the input, or the output in place (derivatives.yaml, elu: elu_backward(...,
    is_result=false, self); elu_: elu_backward(..., is_result=true, result))."""

    alpha: float = 1.0
    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 4
    saved = _keeps_output_in_place

    def validate(self, v):
        super().validate(v)
        v.number("alpha")


@dataclass(frozen=True)
class Mish(_Elementwise):
    """x·tanh(ln(1 + e^x)): exp, add, log, tanh, multiply: 5 ops per element. Kept for
    backward: the input (derivatives.yaml, mish: mish_backward(grad, self))."""

    inplace: bool = field(default=False, kw_only=True)
    ops_per_element: ClassVar[int] = 5
    saved = _keeps_input


@dataclass(frozen=True)
class GELU(_Activation):
    """x·Φ(x), PyTorch's nn.GELU. approximate='none': 0.5·x·(1 + erf(x/√2)), 5 ops per element
    (× 1/√2, erf, + 1, × x, × 1/2). approximate='tanh':
    0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), 9 ops per element. Always a new tensor.
    Kept for backward: the input (derivatives.yaml, gelu: gelu_backward(grad, self, approximate))."""

    approximate: str = "none"
    saved = _keeps_input

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

    def saved(self, x, y, device):
        """Kept for backward: the input and the weight (derivatives.yaml, _prelu_kernel:
        _prelu_kernel_backward(grad, self, weight))."""
        return (keeps_input(name="self"), keeps_param("weight", self.num_parameters))


@dataclass(frozen=True)
class Dropout(_Elementwise):
    """Dropout: identity at inference, so no ops. In place by default.

    ``inplace`` matters in training only: at inference PyTorch returns the input itself, in
    place or not, so no new tensor either way. In training (ATen Dropout.cpp, torch 2.14), for
    0 < p < 1 and C·H·W elements per sample:

    * out of place on CUDA: native_dropout writes a new output and keeps a 1-byte mask
      (derivatives.yaml, native_dropout: native_dropout_backward(grad, result1, scale));
    * out of place on the CPU: input · noise, with a noise tensor of the input's type (4 bytes
      in fp32) that the multiply keeps (mul.Tensor: self: grad·other), and a new output;
    * in place, on either device: input.mul_(noise): the same noise tensor kept, no new output.

    p = 0 returns the input (nothing kept); p = 1 multiplies by a 0-dimensional zero, kept.
    """

    p: float = 0.5
    ops_per_element: ClassVar[int] = 0

    def validate(self, v):
        super().validate(v)
        v.number("p", 0, 1)

    def describe(self):
        return f"dropout {self.p:g}"

    @property
    def allocates_output(self):
        return False  # inference: F.dropout(x, training=False) is x

    @property
    def allocates_in_training(self):
        return not self.inplace and self.p > 0

    @property
    def writes_in_place(self):
        return self.inplace and self.p > 0

    def saved(self, x, y, device):
        """See the class docstring: a 1-byte mask (CUDA, out of place) or a noise tensor of the
        activations' type, C·H·W per sample; nothing for p = 0."""
        if self.p == 0:
            return ()
        if self.p == 1:
            return (keeps_new("other", fixed=1),)
        if device == "cuda" and not self.inplace:
            return (keeps_new("result1", per_sample=y.elements(), dtype="bool"),)
        return (keeps_new("other", per_sample=y.elements()),)


@dataclass(frozen=True)
class Identity(Layer):
    """Passes its input through: no ops, no new activation."""

    allocates: ClassVar[bool] = False

    output_shape = same_shape
    receptive_field = same_field
    params = no_params
    macs = no_macs
    other_ops = no_other_ops
    saved = no_saved


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

    @property
    def allocates_in_training(self):
        return self.p > 0  # training: input · noise, a new tensor

    def saved(self, x, y, device):
        """In training (torchvision.ops.stochastic_depth, p > 0): input · noise, the noise of
        shape N×1×1×1 (mode 'row': one element per sample) or 1×1×1×1 ('batch'), kept by the
        multiply (derivatives.yaml, mul.Tensor: self: grad·other). p = 0: the input, nothing kept."""
        if self.p == 0:
            return ()
        return (keeps_new("other", per_sample=1) if self.mode == "row" else keeps_new("other", fixed=1),)


@dataclass(frozen=True)
class DropPath(Identity):
    """timm's DropPath(drop_prob): stochastic depth per sample, training only. At inference
    the identity: no ops, no new tensor."""

    drop_prob: float = 0.0

    def validate(self, v):
        v.number("drop_prob", 0, 1)

    def describe(self):
        return f"drop path {self.drop_prob:g}"

    @property
    def allocates_in_training(self):
        return self.drop_prob > 0

    def saved(self, x, y, device):
        """In training (timm's drop_path, drop_prob > 0): x · random_tensor, one element per
        sample, kept by the multiply (derivatives.yaml, mul.Tensor). drop_prob = 0: nothing."""
        return (keeps_new("other", per_sample=1),) if self.drop_prob > 0 else ()


__all__ = ["ReLU", "ReLU6", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "SiLU", "Hardsigmoid",
           "Hardswish", "ELU", "Mish", "GELU", "PReLU", "Dropout", "Identity", "StochasticDepth",
           "DropPath"]
