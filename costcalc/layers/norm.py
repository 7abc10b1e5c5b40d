"""Normalisation layers, and LayerScale (a learned per-channel scale).

What one *other op* is, for every normalisation here (stated once; README says it too):

* statistics folded (BatchNorm2d at inference, InstanceNorm2d with running statistics):
  2 per element, one multiply and one add (scale and shift folded from γ, β, mean, variance);
* statistics computed (LayerNorm2d, LayerNorm, GroupNorm, InstanceNorm2d): 5 per element (an add
  into the mean, a subtract of the mean, a square, an add into the variance, a multiply by
  1/σ) plus 4 per normalised group (divide for the mean, divide for the variance, add ε, one
  reciprocal square root), plus 2 per element with the affine γ, β (a multiply and an add).

γ and β count in ``Params.bn`` ("norm γ, β"), running mean and variance in ``Params.buffers``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ShapeError
from ..tensor import any_true, first_true
from .base import Layer, Params, input_channels, no_macs, no_params, same_shape
from .base import keeps_buffer, keeps_input, keeps_new, keeps_param
from .field import Field, same_field, statistics_over_hw

#: other ops per element and per group when a norm computes its statistics (module docstring)
PER_ELEMENT, PER_GROUP, AFFINE = 5, 4, 2


def _computed(elements, groups, affine: bool):
    return PER_ELEMENT * elements + PER_GROUP * groups + (AFFINE * elements if affine else 0)


@dataclass(frozen=True)
class BatchNorm2d(Layer):
    """Batch normalisation over channels.

    Params: bn = 2·C (gamma and beta, when affine). Buffers: 2·C (running mean and variance).
    Other ops: 2·C·H·W at inference (one multiply and one add per element, statistics folded).
    """

    affine: bool = True
    eps: float = 1e-5

    def validate(self, v):
        v.flag("affine")
        v.number("eps", 0, low_open=True)

    output_shape = same_shape
    receptive_field = same_field   # statistics folded at inference: per element
    macs = no_macs

    def params(self, x, where):
        c = input_channels(where, x[0])
        return Params(bn=2 * c if self.affine else 0, buffers=2 * c)

    def other_ops(self, x, y):
        return 2 * y.elements()

    def describe(self):
        return "batch norm"

    def category(self, x):
        return "BatchNorm"

    def saved(self, x, y, device):
        """Kept for backward in training: the input, γ (C, when affine), the running mean and
        variance (C each) and the batch statistics it computes, the mean and the inverse
        standard deviation (C each, fp32) (derivatives.yaml, native_batch_norm and
        _native_batch_norm_legit: native_batch_norm_backward(grad, input, weight, running_mean,
        running_var, result1, result2, training, eps, ...); β is not needed)."""
        c = x[0].c
        return (keeps_input(), *((keeps_param("weight", c),) if self.affine else ()),
                keeps_buffer("running_mean", c), keeps_buffer("running_var", c),
                keeps_new("result1", fixed=c, dtype="fp32"), keeps_new("result2", fixed=c, dtype="fp32"))


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

    def validate(self, v):
        v.int("size", 1)
        v.number("alpha")
        v.number("beta")
        v.number("k")

    output_shape = same_shape
    receptive_field = same_field   # across channels, at each position
    params = no_params
    macs = no_macs

    def other_ops(self, x, y):
        return (2 * self.size + 3) * y.elements()

    def describe(self):
        return f"LRN n={self.size}"

    def saved(self, x, y, device):
        """Kept for backward: PyTorch computes LRN with several ops (F.local_response_norm):
        div = x·x (mul keeps x), padded by n − 1 channels (constant_pad_nd keeps nothing),
        averaged over n channels (avg_pool3d keeps the padded tensor, (C + n − 1)·H·W), then
        ·α (nothing kept), + k (a new tensor that pow keeps, C·H·W), ^β (a new tensor that the
        division keeps, C·H·W), and x / div keeps x again. So: the input, plus
        (C + n − 1)·H·W + 2·C·H·W new elements per sample (derivatives.yaml: mul.Tensor,
        avg_pool3d, pow.Tensor_Scalar, div.Tensor)."""
        c, h, w = x[0]
        return (keeps_input(name="self"),
                keeps_new("avg_pool3d.self", per_sample=(c + self.size - 1) * h * w),
                keeps_new("pow.self", per_sample=c * h * w), keeps_new("div.other", per_sample=c * h * w))

    def category(self, x):
        return "LRN"


@dataclass(frozen=True)
class _ComputedNorm(Layer, abstract=True):
    """A normalisation that computes its statistics from the input (module docstring's ops).
    Subclasses declare ``eps`` and ``affine`` (after their own leading fields, in PyTorch's
    argument order) and say how many groups a sample has."""

    def validate(self, v):
        v.number("eps", 0, low_open=True)
        v.flag("affine")

    output_shape = same_shape
    macs = no_macs
    #: the statistics run over H×W (GroupNorm, InstanceNorm2d): every output sees every
    #: position of its input, besides its own (LayerNorm2d overrides: per position)
    receptive_field = statistics_over_hw

    def params(self, x, where):
        c = input_channels(where, x[0])
        return Params(bn=2 * c if self.affine else 0)

    def groups(self, x):
        raise NotImplementedError

    def other_ops(self, x, y):
        return _computed(y.elements(), self.groups(x), self.affine)

    def _saved_statistics(self, x):
        """Mean and reciprocal standard deviation, one each per normalised group (fp32)."""
        groups = self.groups(x)
        return (keeps_new("result1", per_sample=groups, dtype="fp32"),
                keeps_new("result2", per_sample=groups, dtype="fp32"))


@dataclass(frozen=True)
class LayerNorm2d(_ComputedNorm):
    """Layer norm over the channels at each position (ConvNeXt's LayerNorm2d: nn.LayerNorm(C)
    on a channels-last tensor). Params: bn = 2·C (γ, β; when affine).
    Other ops: 5·C·H·W + 4·H·W (+ 2·C·H·W affine): one group per position."""

    eps: float = 1e-6
    affine: bool = True
    receptive_field = same_field   # over channels, at each position

    def groups(self, x):
        return x[0].h * x[0].w

    def describe(self):
        return "layer norm (channels)"

    def category(self, x):
        return "LayerNorm"

    def saved(self, x, y, device):
        """Kept for backward: the input, γ and β (C each, when affine), the mean and the
        reciprocal standard deviation (H·W each per sample, fp32) (derivatives.yaml,
        native_layer_norm: native_layer_norm_backward(grad, input, normalized_shape, result1,
        result2, weight, bias, ...); ConvNeXt runs it on a channels-last view of its input, so
        the input's storage is what is kept)."""
        c = x[0].c
        affine = (keeps_param("weight", c), keeps_param("bias", c)) if self.affine else ()
        return (keeps_input(), *affine, *self._saved_statistics(x))


@dataclass(frozen=True)
class GroupNorm(_ComputedNorm):
    """Group norm: the C channels in ``num_groups`` groups, each normalised over its
    (C/G)·H·W elements (PyTorch's nn.GroupNorm; C must be divisible by G).
    Params: bn = 2·C (γ, β; when affine). Other ops: 5·C·H·W + 4·G (+ 2·C·H·W affine)."""

    num_groups: int = 1
    eps: float = 1e-5
    affine: bool = True

    def validate(self, v):
        super().validate(v)
        v.int("num_groups", 1)

    def output_shape(self, x, where):
        c = x[0].c
        if any_true(c % self.num_groups):
            raise ShapeError(where, "channels must be divisible by num_groups",
                             f"a multiple of {self.num_groups}",
                             f"C={x[0].at(first_true(c % self.num_groups))[0]}")
        return x[0]

    def groups(self, x):
        return self.num_groups

    def describe(self):
        return f"group norm G{self.num_groups}"

    def saved(self, x, y, device):
        """Kept for backward: the input, γ (C, when affine), the mean and the reciprocal
        standard deviation (G each per sample, fp32) (derivatives.yaml, native_group_norm:
        native_group_norm_backward(grads[0], input, result1, result2, weight, N, C, HxW,
        group, ...); β is not needed)."""
        affine = (keeps_param("weight", x[0].c),) if self.affine else ()
        return (keeps_input(), *affine, *self._saved_statistics(x))

    def category(self, x):
        return "GroupNorm"


@dataclass(frozen=True)
class InstanceNorm2d(_ComputedNorm):
    """Instance norm: each channel of each sample normalised over its H·W (nn.InstanceNorm2d:
    affine=False and track_running_stats=False by default, as in PyTorch).
    Params: bn = 2·C when affine; buffers = 2·C with track_running_stats.
    Other ops: 5·C·H·W + 4·C (+ 2·C·H·W affine), one group per channel; with running
    statistics (used at inference) 2·C·H·W, folded as batch norm's."""

    eps: float = 1e-5
    affine: bool = False
    track_running_stats: bool = False

    def validate(self, v):
        super().validate(v)
        v.flag("track_running_stats")

    def params(self, x, where):
        c = input_channels(where, x[0])
        return Params(bn=2 * c if self.affine else 0,
                      buffers=2 * c if self.track_running_stats else 0)

    def groups(self, x):
        return x[0].c

    def other_ops(self, x, y):
        if self.track_running_stats:
            return 2 * y.elements()
        return super().other_ops(x, y)

    def receptive_field(self, fields, x, y):
        """With running statistics (inference) per element; otherwise over H×W."""
        if self.track_running_stats:
            return fields[0]
        return statistics_over_hw(self, fields, x, y)

    def describe(self):
        return "instance norm"

    def saved(self, x, y, device):
        """Kept for backward in training: ATen's instance_norm reshapes the input to
        (1, N·C, H, W) (a view) and runs batch norm on it with γ and the running statistics
        repeated N times (new tensors: C per sample each), so batch norm keeps the input, the
        repeated γ (when affine), the repeated running mean and variance (with
        track_running_stats) and its mean and inverse standard deviation (C per sample each,
        fp32) (ATen Normalization.cpp, instance_norm; derivatives.yaml, native_batch_norm)."""
        c = x[0].c
        return (keeps_input(),
                *((keeps_new("weight", per_sample=c, dtype="param"),) if self.affine else ()),
                *((keeps_new("running_mean", per_sample=c, dtype="param"),
                   keeps_new("running_var", per_sample=c, dtype="param")) if self.track_running_stats else ()),
                keeps_new("result1", per_sample=c, dtype="fp32"), keeps_new("result2", per_sample=c, dtype="fp32"))

    def category(self, x):
        return "InstanceNorm"


@dataclass(frozen=True)
class LayerNorm(Layer):
    """Layer norm over the trailing dimensions of (C, H, W), PyTorch's nn.LayerNorm.

    ``normalized_shape`` is (C, H, W), (H, W) or (W,) (an int means (W,)) and must equal the
    input's trailing dimensions; its product is the size n of each normalised group.
    Params: bn = 2·n (γ, β; with elementwise_affine; γ only when bias=False).
    Other ops: 5·C·H·W + 4·(C·H·W / n) + (2·C·H·W affine; 1·C·H·W without bias).
    """

    normalized_shape: object
    eps: float = 1e-5
    elementwise_affine: bool = True
    bias: bool = True

    def validate(self, v):
        v.ints("normalized_shape", 1, lengths=(1, 2, 3))
        v.number("eps", 0, low_open=True)
        v.flag("elementwise_affine")
        v.flag("bias")

    def _size(self) -> int:
        n = 1
        for d in self.normalized_shape:
            n *= d
        return n

    def output_shape(self, x, where):
        trailing = tuple(x[0])[3 - len(self.normalized_shape):]
        for got, want in zip(trailing, self.normalized_shape):
            if any_true(got != want):
                v = first_true(got != want)
                raise ShapeError(where, "the input's trailing dimensions must equal normalized_shape",
                                 "×".join(map(str, self.normalized_shape)), x[0].describe(v))
        return x[0]

    def receptive_field(self, fields, x, y):
        """Statistics over the trailing dimensions: over W for (W,), over H and W otherwise;
        every output sees every position of its input along those axes."""
        f, shape = fields[0], x[0]
        h = f.h.with_context(shape.h) if len(self.normalized_shape) >= 2 else f.h
        return Field(h, f.w.with_context(shape.w))

    def params(self, x, where):
        if not self.elementwise_affine:
            return Params()
        return Params(bn=(2 if self.bias else 1) * self._size())

    macs = no_macs

    def other_ops(self, x, y):
        elements = y.elements()
        affine = (2 if self.bias else 1) * elements if self.elementwise_affine else 0
        return PER_ELEMENT * elements + PER_GROUP * (elements // self._size()) + affine

    def describe(self):
        return "layer norm " + "×".join(map(str, self.normalized_shape))

    def saved(self, x, y, device):
        """Kept for backward: the input, γ (n) and β (n, with bias) when elementwise_affine,
        the mean and the reciprocal standard deviation (C·H·W / n each per sample, fp32)
        (derivatives.yaml, native_layer_norm: native_layer_norm_backward(grad, input,
        normalized_shape, result1, result2, weight, bias, ...))."""
        n = self._size()
        affine = ()
        if self.elementwise_affine:
            affine = (keeps_param("weight", n), *((keeps_param("bias", n),) if self.bias else ()))
        groups = x[0].elements() // n
        return (keeps_input(), *affine, keeps_new("result1", per_sample=groups, dtype="fp32"),
                keeps_new("result2", per_sample=groups, dtype="fp32"))


@dataclass(frozen=True)
class LayerScale(Layer):
    """A learned per-channel scale, y = γ ⊙ x with γ of shape (C, 1, 1) (ConvNeXt's
    ``layer_scale``, timm's LayerScale). Params: weights = C. Other ops: C·H·W multiplies.
    A new tensor (torchvision computes ``self.layer_scale * x``), unless inplace."""

    init_value: float = 1e-6
    inplace: bool = False

    def validate(self, v):
        v.number("init_value")
        v.flag("inplace")

    output_shape = same_shape
    receptive_field = same_field
    macs = no_macs

    @property
    def allocates_output(self):
        return not self.inplace

    def params(self, x, where):
        return Params(weights=input_channels(where, x[0]))

    def other_ops(self, x, y):
        return y.elements()

    def describe(self):
        return "layer scale"

    @property
    def writes_in_place(self):
        return self.inplace

    def saved(self, x, y, device):
        """Kept for backward: γ (C) and the input, each needed for the other's gradient
        (derivatives.yaml, mul.Tensor: self: grad·other, other: grad·self; torchvision computes
        layer_scale * x)."""
        return (keeps_param("self", x[0].c), keeps_input(name="other"))


__all__ = ["BatchNorm2d", "LocalResponseNorm", "LayerNorm2d", "LayerNorm", "GroupNorm",
           "InstanceNorm2d", "LayerScale"]
