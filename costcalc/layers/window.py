"""Sliding windows: convolution (direct and transposed) and the windowed pools.

Symbols: C_in, H, W in; C_out, H_out, W_out out; k kernel, s stride, p padding, d dilation,
g groups (per axis where the hyper-parameter is an (h, w) pair).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import ShapeError, SpecError
from ..tensor import Shape, any_true, at, first_true, uniform
from .base import Layer, Params, fixed, input_channels, no_macs, no_params
from .base import keeps_input, keeps_new, keeps_weight


@dataclass(frozen=True)
class _Window(Layer, abstract=True):
    """A k_h×k_w window moved with stride s over an input padded by p on each side.

    H_out = floor((H + 2p - d(k-1) - 1) / s) + 1   (ceil instead of floor when ceil_mode)
    and likewise for W. With padding="same": H_out = ceil(H / s), the padding chosen to fit.
    """

    kernel_size: object = 1
    stride: object = 1
    padding: object = 0
    dilation: object = 1
    ceil_mode: bool = False

    def validate(self, v):
        v.pair("kernel_size", 1)
        v.pair("stride", 1)
        v.pair("dilation", 1)
        v.pair("padding", 0, allow=("same",))
        v.flag("ceil_mode")

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
class _Pool(_Window, abstract=True):
    """A windowed pool: PyTorch's rule that padding is at most half the (dilated) kernel,
    2p <= d(k-1) + 1 on each axis."""

    def validate(self, v):
        super().validate(v)
        if self.padding == "same":
            return
        for i in (0, 1):
            reach = self.dilation[i] * (self.kernel_size[i] - 1) + 1
            if 2 * self.padding[i] > reach:
                v.fail("padding", "pool padding must be at most half the kernel (PyTorch's rule)",
                       f"2p <= {reach}, p <= {reach // 2}", self.padding)

    params = no_params
    macs = no_macs


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

    def validate(self, v):
        super().validate(v)
        v.int("out_channels", 1)
        v.int("groups", 1)
        v.flag("bias")
        if self.ceil_mode:
            v.fail("ceil_mode", "a convolution has no ceil mode", False, self.ceil_mode)
        if self.out_channels % self.groups:
            v.fail("out_channels", "out_channels must be divisible by groups",
                   f"a multiple of groups={self.groups}", f"out_channels={self.out_channels}",
                   text=True)
        if self.padding == "same" and self.dilation != (1, 1):
            v.fail("padding", "padding='same' is supported with dilation 1 only", "dilation=1",
                   self.dilation)

    def _out_channels(self, x):
        return self.out_channels

    def output_shape(self, x, where):
        c_in = input_channels(where, x[0])
        if c_in % self.groups:
            raise ShapeError(where, "input channels must be divisible by groups",
                             f"a multiple of groups={self.groups}", f"C_in={c_in}")
        return super().output_shape(x, where)

    def _per_output(self, x) -> int:
        kh, kw = self.kernel_size
        return kh * kw * (fixed(x[0].c) // self.groups)

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

    def saved(self, x, y, device):
        """Kept for backward: the input and the weight, k_h·k_w·(C_in/g)·C_out elements
        (derivatives.yaml, convolution: convolution_backward(grad, input, weight,
        bias->sym_sizes(), ...): the bias by its size only)."""
        return (keeps_input(), keeps_weight("weight", self._per_output(x) * self.out_channels))


@dataclass(frozen=True)
class MaxPool2d(_Pool):
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

    def saved(self, x, y, device):
        """Kept for backward: the input and the argmax indices, int64, C·H_out·W_out per sample
        (derivatives.yaml, max_pool2d_with_indices: max_pool2d_with_indices_backward(grad,
        self, ..., result1); nn.MaxPool2d runs it whenever its input requires grad)."""
        return (keeps_input(name="self"), keeps_new("result1", per_sample=y.elements(), dtype="int64"))


@dataclass(frozen=True)
class AvgPool2d(_Pool):
    """Average pooling. Shape: see _Window (stride defaults to the kernel size).

    Other ops: k_h·k_w per output element ((k_h·k_w − 1) adds and one divide).
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False):
        for name, value in (("kernel_size", kernel_size),
                            ("stride", kernel_size if stride is None else stride),
                            ("padding", padding), ("dilation", 1), ("ceil_mode", ceil_mode)):
            object.__setattr__(self, name, value)
        self.__post_init__()

    def validate(self, v):
        super().validate(v)
        if self.dilation != (1, 1):
            v.fail("dilation", "an average pool has no dilation", (1, 1), self.dilation)

    def other_ops(self, x, y):
        kh, kw = self.kernel_size
        return kh * kw * y.elements()

    def describe(self):
        return f"avg pool {self._geometry()}" + (" ceil" if self.ceil_mode else "")

    def category(self, x):
        return f"AvgPool {self.kernel_size[0]}×{self.kernel_size[1]}"

    def saved(self, x, y, device):
        """Kept for backward: the input (derivatives.yaml, avg_pool2d: avg_pool2d_backward(grad,
        self, ...))."""
        return (keeps_input(name="self"),)


@dataclass(frozen=True)
class ConvTranspose2d(Layer):
    """Transposed 2-D convolution (PyTorch's nn.ConvTranspose2d; in_channels read from the input).

    Shape: H_out = (H − 1)·s − 2p + d(k − 1) + p_out + 1, likewise W (p_out = output_padding,
           smaller than the stride or the dilation, as PyTorch requires); C_out = out_channels.
    Params: weights = C_in·(C_out/g)·k_h·k_w; biases = C_out (if bias).
    MACs: H·W·C_in·(C_out/g)·k_h·k_w: every input element meets every weight of its group
          once (what FlopCounterMode counts: the input's, not the output's, positions).
    Other ops: C_out·H_out·W_out bias adds (if bias).
    """

    out_channels: int
    kernel_size: object
    stride: object = 1
    padding: object = 0
    output_padding: object = 0
    groups: int = 1
    bias: bool = True
    dilation: object = 1

    def validate(self, v):
        v.int("out_channels", 1)
        v.pair("kernel_size", 1)
        v.pair("stride", 1)
        v.pair("padding", 0)
        v.pair("output_padding", 0)
        v.int("groups", 1)
        v.flag("bias")
        v.pair("dilation", 1)
        if self.out_channels % self.groups:
            v.fail("out_channels", "out_channels must be divisible by groups",
                   f"a multiple of groups={self.groups}", f"out_channels={self.out_channels}",
                   text=True)
        for i in (0, 1):
            limit = max(self.stride[i], self.dilation[i])
            if self.output_padding[i] >= limit:
                v.fail("output_padding", "output_padding must be smaller than the stride or the "
                       "dilation (PyTorch's rule)", f"< {limit}", self.output_padding)

    def _axis(self, size, i):
        k, s, p, d, extra = (self.kernel_size[i], self.stride[i], self.padding[i],
                             self.dilation[i], self.output_padding[i])
        return (size - 1) * s - 2 * p + d * (k - 1) + extra + 1

    def output_shape(self, x, where):
        c_in = input_channels(where, x[0])
        if c_in % self.groups:
            raise ShapeError(where, "input channels must be divisible by groups",
                             f"a multiple of groups={self.groups}", f"C_in={c_in}")
        h, w = self._axis(x[0].h, 0), self._axis(x[0].w, 1)
        empty = (h <= 0) | (w <= 0)
        if any_true(empty):
            raise ShapeError(where, f"{self.describe()} gives a non-positive output size",
                             "padding small enough for the input",
                             f"input {x[0].describe(first_true(empty))}")
        return Shape(self.out_channels, h, w)

    def _per_input(self, x) -> int:
        kh, kw = self.kernel_size
        return fixed(x[0].c) * (self.out_channels // self.groups) * kh * kw

    def params(self, x, where):
        return Params(weights=self._per_input(x), biases=self.out_channels if self.bias else 0)

    def macs(self, x, y):
        return self._per_input(x) * x[0].h * x[0].w

    def other_ops(self, x, y):
        return y.elements() if self.bias else 0

    def describe(self):
        kh, kw = self.kernel_size
        sh, sw = self.stride
        groups = f" g{self.groups}" if self.groups > 1 else ""
        return f"conv transpose {kh}×{kw}/{sh if sh == sw else (sh, sw)}, {self.out_channels}{groups}"

    def category(self, x):
        return f"ConvTranspose {self.kernel_size[0]}×{self.kernel_size[1]}"

    def saved(self, x, y, device):
        """Kept for backward: the input and the weight, C_in·(C_out/g)·k_h·k_w elements
        (derivatives.yaml, convolution with transposed=True, as Conv2d)."""
        return (keeps_input(), keeps_weight("weight", self._per_input(x)))


__all__ = ["Conv2d", "ConvTranspose2d", "MaxPool2d", "AvgPool2d"]
