"""Changing H×W without weights: Upsample, ZeroPad2d, PixelShuffle."""

from __future__ import annotations

from dataclasses import dataclass
import math
from fractions import Fraction

import numpy as np

from ..errors import ShapeError
from ..tensor import Shape, any_true, first_true
from .base import Layer, is_int, no_macs, no_other_ops, no_params
from .base import no_saved
from .field import Field, no_field

_RESAMPLES = no_field("each output sees a number of inputs that depends on its phase modulo the "
                      "scale, and the jump becomes a fraction")

#: The largest denominator a scale factor may have: exact binary fractions such as 0.5 or 1.5,
#: so floor(H·scale) is computed exactly without overflowing int64 over many input sizes.
MAX_DENOMINATOR = 1024


@dataclass(frozen=True)
class Upsample(Layer):
    """PyTorch's nn.Upsample: to a fixed ``size`` (H_out, W_out), or by ``scale_factor``:
    H_out = ⌊H·scale⌋, W_out = ⌊W·scale⌋ (exactly, as a fraction). Exactly one of the two.

    Other ops: mode 'nearest' copies (0 ops); 'bilinear' 9 per output element, the separable
    form h₀·(w₀·a + w₁·b) + h₁·(w₀·c + w₁·d): 6 multiplies and 3 adds (the interpolation weights
    of each row and column are index arithmetic, not counted). A new tensor.
    """

    size: object = None
    scale_factor: object = None
    mode: str = "nearest"
    align_corners: bool | None = None

    def validate(self, v):
        if (self.size is None) == (self.scale_factor is None):
            v.fail("size", "give exactly one of size and scale_factor", "size=... or scale_factor=...",
                   f"size={self.size!r}, scale_factor={self.scale_factor!r}", text=True)
        if self.size is not None:
            v.pair("size", 1)
        v.skip("size", "scale_factor")  # scale_factor: checked below
        if self.scale_factor is not None:
            factors = self.scale_factor
            factors = tuple(factors) if isinstance(factors, (tuple, list)) else (factors, factors)
            if len(factors) != 2:
                v.fail("scale_factor", "scale_factor is a number or an (h, w) pair", "2 values",
                       self.scale_factor)
            for f in factors:
                if is_int(f):
                    ok = f > 0
                else:
                    ok = isinstance(f, (float, np.floating)) and math.isfinite(f) and f > 0
                if not ok or Fraction(f).denominator > MAX_DENOMINATOR:
                    v.fail("scale_factor", "scale_factor is a positive whole number or an exact binary "
                           f"fraction (denominator a power of two up to {MAX_DENOMINATOR}, e.g. 0.5, 1.5)",
                           "e.g. 2 or 0.5", self.scale_factor)
            whole = [is_int(f) or float(f).is_integer() for f in factors]
            object.__setattr__(self, "scale_factor", tuple(int(f) if w else float(f)
                                                           for f, w in zip(factors, whole)))
        v.choice("mode", ("nearest", "bilinear"))
        v.flag("align_corners", optional=True)
        if self.mode == "nearest" and self.align_corners is not None:
            v.fail("align_corners", "align_corners applies to bilinear mode only (PyTorch's rule)",
                   None, self.align_corners)

    def output_shape(self, x, where):
        if self.size is not None:
            h, w = self.size
        else:
            fh, fw = (Fraction(f) for f in self.scale_factor)
            h = x[0].h * fh.numerator // fh.denominator
            w = x[0].w * fw.numerator // fw.denominator
            empty = (h <= 0) | (w <= 0)
            if any_true(empty):
                raise ShapeError(where, "the scale factor shrinks the input to nothing",
                                 "an output of at least 1×1", f"input {x[0].describe(first_true(empty))}")
        return Shape(x[0].c, h, w)

    params = no_params
    macs = no_macs

    def receptive_field(self, fields, x, y):
        """The same size out as in: the identity. Resampling: no single field (an error, not
        an average; costcalc/layers/field.py says why)."""
        if (y.h, y.w) == (x[0].h, x[0].w):
            return fields[0]
        return _RESAMPLES(self, fields, x, y)

    def other_ops(self, x, y):
        return 9 * y.elements() if self.mode == "bilinear" else 0

    #: Kept for backward: nothing (derivatives.yaml, upsample_nearest2d and upsample_bilinear2d:
    #: the backward needs the sizes only).
    saved = no_saved

    def describe(self):
        how = "×".join(map(str, self.size)) if self.size is not None else \
            "×" + (f"{self.scale_factor[0]:g}" if self.scale_factor[0] == self.scale_factor[1]
                   else f"({self.scale_factor[0]:g}, {self.scale_factor[1]:g})")
        return f"upsample {self.mode} {how}"


@dataclass(frozen=True)
class ZeroPad2d(Layer):
    """Zero padding, PyTorch's nn.ZeroPad2d: an int (every side) or (left, right, top, bottom).
    Shape: (C, H + top + bottom, W + left + right). No ops (zeros are written); a new tensor."""

    padding: object = 0

    def validate(self, v):
        v.ints("padding", 0, lengths=(1, 4))
        if len(self.padding) == 1:
            object.__setattr__(self, "padding", self.padding * 4)

    def output_shape(self, x, where):
        left, right, top, bottom = self.padding
        return Shape(x[0].c, x[0].h + top + bottom, x[0].w + left + right)

    def receptive_field(self, fields, x, y):
        """Output q is input q − top (q − left): the grid shifts by the padding before."""
        left, _, top, _ = self.padding
        f = fields[0]
        return Field(f.h.window(1, 1, top), f.w.window(1, 1, left))

    params = no_params
    macs = no_macs
    other_ops = no_other_ops
    saved = no_saved  # constant_pad_nd: constant_pad_nd_backward(grad, pad)

    def describe(self):
        return "zero pad " + ",".join(map(str, self.padding))


@dataclass(frozen=True)
class PixelShuffle(Layer):
    """PyTorch's nn.PixelShuffle(r): (C, H, W) → (C/r², H·r, W·r); C divisible by r².
    No ops; a new tensor (a permuted copy)."""

    upscale_factor: int = 1

    def validate(self, v):
        v.int("upscale_factor", 1)

    def output_shape(self, x, where):
        r = self.upscale_factor
        c = x[0].c
        if any_true(c % (r * r)):
            raise ShapeError(where, "channels must be divisible by upscale_factor²",
                             f"a multiple of {r * r}", f"C={x[0].at(first_true(c % (r * r)))[0]}")
        return Shape(c // (r * r), x[0].h * r, x[0].w * r)

    def receptive_field(self, fields, x, y):
        """r = 1 is the identity; otherwise r×r outputs share one input position: a jump of
        j/r, no single field on the output's grid."""
        return fields[0] if self.upscale_factor == 1 else _RESAMPLES(self, fields, x, y)

    params = no_params
    macs = no_macs
    other_ops = no_other_ops
    saved = no_saved  # pixel_shuffle: pixel_unshuffle(grad, upscale_factor)

    def describe(self):
        return f"pixel shuffle ×{self.upscale_factor}"


__all__ = ["Upsample", "ZeroPad2d", "PixelShuffle"]
