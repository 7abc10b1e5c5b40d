"""Global and adaptive pooling: the output size is fixed, the windows follow the input."""

from __future__ import annotations

from dataclasses import dataclass

from ..tensor import Shape
from .base import Layer, gcd, no_macs, no_params
from .base import keeps_input, keeps_new, no_saved
from .field import Field, NoField, whole_input


@dataclass(frozen=True)
class GlobalAvgPool2d(Layer):
    """Average over all of H×W. Shape: (C, 1, 1). Other ops: C·H·W (adds, and divides)."""

    def output_shape(self, x, where):
        return Shape(x[0].c, 1, 1)

    params = no_params
    macs = no_macs
    receptive_field = whole_input

    def other_ops(self, x, y):
        return x[0].elements()

    def describe(self):
        return "global avg pool"

    #: Kept for backward: nothing. PyTorch computes a global average as a mean over H and W
    #: (x.mean((2, 3)), or adaptive_avg_pool2d to 1×1, which ATen runs as that mean), whose
    #: derivative needs only sizes (derivatives.yaml, mean.dim: mean_backward(grad,
    #: self.sym_sizes(), dim, self.sym_numel(), keepdim)).
    saved = no_saved


def adaptive_extent(size, out):
    """Total window length over the ``out`` bins of one axis, PyTorch's rule: bin i covers
    [⌊i·size/out⌋, ⌈(i+1)·size/out⌉). In closed form that sum is size + out − gcd(size, out):
    Σ⌈(i+1)·size/out⌉ exceeds Σ⌊(i+1)·size/out⌋ by the out − gcd bins whose end is not whole,
    and the floors telescope to size. (tests/test_layers_new.py checks it against the loop.)"""
    return size + out - gcd(size, out)


@dataclass(frozen=True)
class _Adaptive(Layer, abstract=True):
    output_size: object = 1

    def validate(self, v):
        v.pair("output_size", 1)

    def output_shape(self, x, where):
        oh, ow = self.output_size
        return Shape(x[0].c, oh, ow)

    params = no_params
    macs = no_macs

    def receptive_field(self, fields, x, y):
        """When H is a multiple of H_out, bin i is the window [i·m, (i + 1)·m) with m = H/H_out:
        a window of k = s = m (H_out = 1: the whole input). Otherwise the bins differ in size
        and overlap unevenly, so no single field: an error rather than an average."""
        f, spans = fields[0], []
        for axis, span, size, out in (("H", f.h, x[0].h, y.h), ("W", f.w, x[0].w, y.w)):
            if size % out:
                raise NoField(type(self).__name__, "no single receptive field: adaptive bins differ in "
                              "size when the input is not a multiple of the output",
                              f"{axis} a multiple of {out}", f"{axis} = {size}")
            spans.append(span.window(size // out, size // out, 0))
        return Field(*spans)

    def _extents(self, x):
        oh, ow = self.output_size
        return adaptive_extent(x[0].h, oh), adaptive_extent(x[0].w, ow)


@dataclass(frozen=True)
class AdaptiveAvgPool2d(_Adaptive):
    """Average pooling to a fixed (H_out, W_out); bin i spans [⌊i·H/H_out⌋, ⌈(i+1)·H/H_out⌉).

    Shape: (C, H_out, W_out). Other ops: C · Σ_bins (bin height · bin width), one add or
    divide per input element read: C·(H + H_out − gcd(H, H_out))·(W + W_out − gcd(W, W_out))
    (when H is a multiple of H_out this is C·H·W).
    """

    def other_ops(self, x, y):
        eh, ew = self._extents(x)
        return x[0].c * eh * ew

    def describe(self):
        return f"adaptive avg pool → {self.output_size[0]}×{self.output_size[1]}"

    def saved(self, x, y, device):
        """Kept for backward: the input (derivatives.yaml, _adaptive_avg_pool2d:
        _adaptive_avg_pool2d_backward(grad, self)), even when the output has the input's size,
        as VGG's 7×7 pool on a 7×7 map; nothing for a 1×1 output, which ATen computes as a mean
        (see GlobalAvgPool2d)."""
        if tuple(self.output_size) == (1, 1):
            return ()
        return (keeps_input(name="self"),)


@dataclass(frozen=True)
class AdaptiveMaxPool2d(_Adaptive):
    """Max pooling to a fixed (H_out, W_out), PyTorch's bins as AdaptiveAvgPool2d.

    Shape: (C, H_out, W_out). Other ops: (bin height · bin width − 1) comparisons per bin,
    C·(E_h·E_w − H_out·W_out) with E_h = H + H_out − gcd(H, H_out), E_w likewise.
    """

    def other_ops(self, x, y):
        eh, ew = self._extents(x)
        oh, ow = self.output_size
        return x[0].c * (eh * ew - oh * ow)

    def describe(self):
        return f"adaptive max pool → {self.output_size[0]}×{self.output_size[1]}"

    def saved(self, x, y, device):
        """Kept for backward: the input and the argmax indices, int64, C·H_out·W_out per sample
        (derivatives.yaml, adaptive_max_pool2d: adaptive_max_pool2d_backward(grad, self, result1))."""
        return (keeps_input(name="self"), keeps_new("result1", per_sample=y.elements(), dtype="int64"))


__all__ = ["GlobalAvgPool2d", "AdaptiveAvgPool2d", "AdaptiveMaxPool2d"]
