"""Merging, splitting and reordering channels: Concat, Add, Mul, Slice, ChannelShuffle and
ResNet's zero-padded shortcut."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..errors import ShapeError
from ..tensor import Shape, any_true, first_true
from .base import Layer, no_macs, no_other_ops, no_params, same_hw
from .base import keeps_input, keeps_new, no_saved
from .field import Field, merge_fields, same_field


def broadcast(where: str, rule: str, shapes: list[Shape]) -> Shape:
    """The shape of an element-wise op on ``shapes``, PyTorch's broadcasting: on each of C, H
    and W the inputs agree or are 1 (squeeze-excitation's (C, 1, 1) gate over (C, H, W))."""
    first = shapes[0]
    if not any(any_true((s.c != first.c) | (s.h != first.h) | (s.w != first.w)) for s in shapes[1:]):
        return first  # the common case, and the one a derivation shows
    dims = []
    for k in range(3):
        d = first[k]
        for s in shapes[1:]:
            d = d + (s[k] - d) * (d == 1)  # a size-1 dimension takes the other's size
        dims.append(d)
    out = Shape(*dims)
    for s in shapes[1:]:  # the first never disagrees: where it is not 1, it set the size
        # "and" as a product, so the rule stays operator-only (costcalc.derive traces it)
        bad = ((s.c != out.c) * (s.c != 1)) | ((s.h != out.h) * (s.h != 1)) | ((s.w != out.w) * (s.w != 1))
        if any_true(bad):
            v = first_true(bad)
            raise ShapeError(where, rule, first.describe(v), s.describe(v))
    return out


@dataclass(frozen=True)
class Concat(Layer):
    """Channel concatenation: C_out = Σ C_i; every input must have the same H×W. No ops
    (a memory copy); the output is a new tensor. One input is allowed (DenseNet's first
    dense layer reads a one-tensor list): torch.cat of one tensor is still a copy."""

    arity: ClassVar[int | None] = None
    min_inputs: ClassVar[int] = 1

    def output_shape(self, x, where):
        same_hw(where, "Concat joins along channels only", x)
        return Shape(sum(s.c for s in x), x[0].h, x[0].w)

    def receptive_field(self, fields, x, y):
        """The union of the inputs' fields, per axis (costcalc/layers/field.py)."""
        return merge_fields(self.type_name, fields, x, y)

    params = no_params
    macs = no_macs
    other_ops = no_other_ops
    #: Kept for backward: nothing (derivatives.yaml, cat: cat_tensors_backward(grad, sizes,
    #: scalar types, dim): the inputs' sizes only).
    saved = no_saved

    def describe(self):
        return "concat"


@dataclass(frozen=True)
class _Broadcast(Layer, abstract=True):
    """n inputs combined element by element, of equal shape or broadcast (a size-1 dimension
    stretches, as in PyTorch). Other ops: (n − 1)·C·H·W of the output; a new tensor."""

    arity: ClassVar[int | None] = None

    def output_shape(self, x, where):
        return broadcast(where, f"{self.type_name} needs inputs of equal shape, or of size 1 where "
                         "they differ (PyTorch's broadcasting)", x)

    def receptive_field(self, fields, x, y):
        """The union of the inputs' fields, per axis; a broadcast input is seen by every output."""
        return merge_fields(self.type_name, fields, x, y)

    params = no_params
    macs = no_macs

    def other_ops(self, x, y):
        return (len(x) - 1) * y.elements()

    #: Kept for backward: nothing (derivatives.yaml, add.Tensor: self: grad, other: grad).
    saved = no_saved

    def describe(self):
        return self.type_name.lower()


@dataclass(frozen=True)
class Add(_Broadcast):
    """Element-wise sum (a residual add): (n − 1)·C·H·W adds."""


@dataclass(frozen=True)
class Mul(_Broadcast):
    """Element-wise product (squeeze-excitation's ``scale * input``: a (C, 1, 1) gate times
    (C, H, W)). Not a MAC (nothing accumulates): (n − 1)·C·H·W multiplies."""

    def saved(self, x, y, device):
        """Kept for backward: both factors, each needed for the other's gradient
        (derivatives.yaml, mul.Tensor: self: grad·other, other: grad·self). With n > 2 inputs
        PyTorch multiplies pairwise, ((x₀·x₁)·x₂)…, so each partial product but the last is a
        new tensor that the next multiply keeps too."""
        kept = [keeps_input(0, "self"), keeps_input(1, "other")]
        for k in range(2, len(x)):
            partial = broadcast("Mul", "Mul's partial product", x[:k])
            kept += [keeps_new(f"self{k - 1}", per_sample=partial.elements()), keeps_input(k, f"other{k - 1}")]
        return tuple(kept)



@dataclass(frozen=True)
class Slice(Layer):
    """Channels start..stop−1 of the input (``x[:, start:stop]``; stop None: to the end), as
    ShuffleNetV2's channel split (``x.chunk(2, dim=1)``). A view: no ops, no new tensor.
    Shape: (stop − start, H, W); stop must not exceed C."""

    start: int = 0
    stop: int | None = None
    allocates: ClassVar[bool] = False

    def validate(self, v):
        v.int("start", 0)
        v.int("stop", 1, optional=True)
        if self.stop is not None and self.stop <= self.start:
            v.fail("stop", "a slice must keep at least one channel", f"stop > start={self.start}",
                   self.stop)

    def output_shape(self, x, where):
        c = x[0].c
        stop = c if self.stop is None else self.stop
        if any_true(stop > c) or any_true(c <= self.start):
            v = first_true((stop > c) | (c <= self.start))
            raise ShapeError(where, "the slice reaches past the input's channels",
                             f"C >= {self.stop if self.stop is not None else self.start + 1}",
                             f"C={x[0].at(v)[0]}")
        return Shape(stop - self.start, x[0].h, x[0].w)

    receptive_field = same_field
    params = no_params
    macs = no_macs
    other_ops = no_other_ops
    saved = no_saved  # a view (split, narrow): its derivative needs sizes only

    def describe(self):
        return f"slice channels {self.start}:{'' if self.stop is None else self.stop}"


@dataclass(frozen=True)
class ChannelShuffle(Layer):
    """ShuffleNet's channel shuffle: reshape C into (g, C/g), transpose, flatten.
    C must be divisible by g. No ops; the output is a new tensor (a permuted copy)."""

    groups: int = 1

    def validate(self, v):
        v.int("groups", 1)

    def output_shape(self, x, where):
        c = x[0].c
        if any_true(c % self.groups):
            v = first_true(c % self.groups)
            raise ShapeError(where, "channels must be divisible by the shuffle groups",
                             f"a multiple of groups={self.groups}", f"C={x[0].at(v)[0]}")
        return x[0]

    receptive_field = same_field
    params = no_params
    macs = no_macs
    other_ops = no_other_ops
    saved = no_saved  # view, transpose, contiguous (clone), view: none keeps a tensor

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

    def validate(self, v):
        v.int("out_channels", 1)
        v.int("stride", 1)

    def output_shape(self, x, where):
        if any_true(x[0].c > self.out_channels):
            v = first_true(x[0].c > self.out_channels)
            raise ShapeError(where, "a zero-padded shortcut cannot drop channels",
                             f"C_in <= {self.out_channels}", f"C_in={x[0].at(v)[0]}")
        s = self.stride
        return Shape(self.out_channels, -(-x[0].h // s), -(-x[0].w // s))

    def receptive_field(self, fields, x, y):
        """Output q is input q·s: a 1×1 window with stride s."""
        f = fields[0]
        return Field(f.h.window(1, self.stride, 0), f.w.window(1, self.stride, 0))

    params = no_params
    macs = no_macs
    other_ops = no_other_ops
    saved = no_saved  # strided slice and constant_pad_nd: sizes only

    def describe(self):
        return f"zero-pad shortcut → {self.out_channels}, /{self.stride}"


__all__ = ["Concat", "Add", "Mul", "Slice", "ChannelShuffle", "ZeroPadShortcut"]
