"""Fully-connected layers, flat or applied at every position, and Flatten."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..errors import ShapeError
from ..tensor import Shape, any_true, first_true, uniform
from .base import Layer, Params, fixed, input_channels, no_macs, no_other_ops, no_params
from .base import keeps_input, keeps_weight, no_saved
from .field import same_field, whole_input


@dataclass(frozen=True)
class Linear(Layer):
    """Fully connected: y = W x + b, PyTorch's nn.Linear.

    Flat (the default): on a C_in × 1 × 1 input (e.g. after Flatten), output C_out × 1 × 1.
    Params: weights = C_in·C_out; biases = C_out (if bias).
    MACs: C_in·C_out. Other ops: C_out bias adds (if bias).

    ``per_position=True``: the same layer applied at every one of the H×W positions over the
    channels (ConvNeXt's pointwise layers: nn.Linear on a channels-last tensor). Output
    C_out × H × W; params as above; MACs H·W·C_in·C_out (fully-connected MACs, as
    FlopCounterMode counts the matmul); other ops C_out·H·W bias adds (if bias).

    in_features, when given, must equal C_in; when None it is read from the input. With
    strict=False a different C_in is counted as it comes, with a warning (for teaching specs
    that must still run on a wrong input size, e.g. AlexNet on the paper's 224).
    """

    out_features: int = 1
    in_features: int | None = None
    bias: bool = True
    strict: bool = True
    per_position: bool = False

    def validate(self, v):
        v.int("out_features", 1)
        v.int("in_features", 1, optional=True)
        v.flag("bias")
        v.flag("strict")
        v.flag("per_position")

    def output_shape(self, x, where):
        inp = x[0]
        if not self.per_position:
            not_flat = (inp.h != 1) | (inp.w != 1)
            if any_true(not_flat):
                raise ShapeError(where, "Linear needs a flat input; add Flatten or a global pool before "
                                 "it (or per_position=True for a Linear at every position)",
                                 "C×1×1", inp.describe(first_true(not_flat)))
        c_in = input_channels(where, inp)
        if self.in_features is not None and c_in != self.in_features and self.strict:
            raise ShapeError(where, "input features must equal in_features (the weights fix the "
                             "input size; a global or adaptive pool before the layer lifts that)",
                             self.in_features, c_in)
        if self.per_position:
            return Shape(self.out_features, inp.h, inp.w)
        return Shape(self.out_features, 1, 1)

    #: flat, its input is C×1×1 (after Flatten or a global pool, which gave it the whole input's
    #: field); per position, each output reads its own position
    receptive_field = same_field

    def warnings(self, x, y):
        c_in = uniform(x[0].c)
        if self.in_features is None or c_in == self.in_features:
            return []
        return [(0, f"input has {c_in:,} features where the layer is specified for "
                    f"{self.in_features:,}; counted with {c_in:,}")]

    def params(self, x, where):
        return Params(weights=fixed(x[0].c) * self.out_features,
                      biases=self.out_features if self.bias else 0)

    def macs(self, x, y):
        per_position = fixed(x[0].c) * self.out_features
        return per_position * y.h * y.w if self.per_position else per_position

    def other_ops(self, x, y):
        return y.elements() if self.bias else 0

    def describe(self):
        return f"fc {self.out_features}" + (" per position" if self.per_position else "")

    def category(self, x):
        return "Fully connected"

    def saved(self, x, y, device):
        """Kept for backward: the input and the weight, C_in·C_out elements (derivatives.yaml,
        addmm: mat1 and mat2 = weight.t(), a view of the weight; mm likewise without a bias).
        A flattened or per-position input is a view, so its whole storage is what is kept."""
        return (keeps_input(name="mat1"), keeps_weight("mat2", fixed(x[0].c) * self.out_features))


@dataclass(frozen=True)
class Flatten(Layer):
    """(C, H, W) → (C·H·W, 1, 1). A view: no new activation, no ops."""

    allocates: ClassVar[bool] = False

    def output_shape(self, x, where):
        return Shape(x[0].elements(), 1, 1)

    #: its one position holds every input position: the union of their fields (a Linear after
    #: it sees the whole input)
    receptive_field = whole_input
    params = no_params
    macs = no_macs
    other_ops = no_other_ops
    saved = no_saved  # a view: ViewBackward0 keeps only the sizes


__all__ = ["Linear", "Flatten"]
