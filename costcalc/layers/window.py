"""Sliding windows: convolution (direct and transposed) and the windowed pools.

Symbols: C_in, H, W in; C_out, H_out, W_out out; k kernel, s stride, p padding, d dilation,
g groups (per axis where the hyper-parameter is an (h, w) pair).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import ShapeError
from ..tensor import Shape, any_true, at, first_true, uniform
from .base import Layer, Params, fixed, input_channels, no_macs, no_params
from .base import keeps_input, keeps_new, keeps_weight
from .field import Field, no_field


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

    def receptive_field(self, fields, x, y):
        """r_out = r_in + (k_eff − 1)·j_in, j_out = j_in·s, start_out = start_in + ((k_eff − 1)/2 − p)·j_in,
        k_eff = d(k − 1) + 1, per axis; p is the padding before the first position (with
        padding="same", ⌊total/2⌋ of the total padding, the rest after, as TensorFlow and
        PyTorch pad). Ceil mode adds outputs, not field."""
        f = fields[0]
        spans = []
        for i, span, size, out in ((0, f.h, x[0].h, y.h), (1, f.w, x[0].w, y.w)):
            k, s, d = self.kernel_size[i], self.stride[i], self.dilation[i]
            reach = d * (k - 1) + 1
            before = max((out - 1) * s + reach - size, 0) // 2 if self.padding == "same" else self.padding[i]
            spans.append(span.window(reach, s, before))
        return Field(*spans)

    def warnings(self, x, y):
        """An inexact division whose rounding leaves real input pixels unread (see notes)."""
        return self._inexact(x, y, lost=True)

    def notes(self, x, y):
        """An inexact division whose rounding drops only padding, or positions the stride
        skips anyway, or (ceil mode) adds a last window hanging past the edge: worth knowing,
        not a fault.

        The rule, per axis: the floor leaves r = (H + 2p − k_eff) mod s positions of the padded
        input after the last window (k_eff = d(k − 1) + 1). The last p of them are padding; when
        k_eff < s every step of the window skips s − k_eff positions anyway. The real input
        pixels the rounding loses are max(0, r − p − max(0, s − k_eff)): none makes it a NOTE
        (ResNet's 7×7/2 p3 on 224: r = 1 ≤ p = 3), some make it a WARNING (AlexNet's 11×11/4 on
        224: r = 1, p = 0: the last row and column are never read). Ceil mode reads every
        input pixel (its last window reaches past the end), so its rounding is a note.
        """
        return self._inexact(x, y, lost=False)

    def _inexact(self, x, y, lost: bool) -> list[tuple[int, str]]:
        """(variant, message) for each axis whose division is not exact and whose rounding
        loses real input pixels (``lost``) or loses none (not ``lost``)."""
        if self.padding == "same":
            return []  # the padding is chosen to fit: nothing is rounded away
        found: dict[int, dict[int, tuple]] = {}  # variant → axis index → (size, span, out, unread)
        for i, size in ((0, x[0].h), (1, x[0].w)):
            s = self.stride[i]
            if s == 1:
                continue
            _, span = self._axis(size, i)
            if not any_true(span % s):
                continue
            out = y.h if i == 0 else y.w
            unread = self._unread(size, out, i)
            for v in np.flatnonzero(np.atleast_1d(span % s)):
                v = int(v)
                if (at(unread, v) > 0) == lost:
                    found.setdefault(v, {})[i] = (at(size, v), at(span, v), at(out, v), at(unread, v))
        messages = []
        for v, axes in found.items():
            if len(axes) == 2 and axes[0] == axes[1] and self._square():
                messages.append((v, self._inexact_message("H and W", 0, *axes[0])))  # say it once
            else:
                messages += [(v, self._inexact_message("HW"[i], i, *axes[i])) for i in axes]
        return messages

    def _unread(self, size, out, i):
        """Real input pixels no window reads beyond those every stride step skips anyway:
        the input ends at p + H in padded coordinates, the last window at (out − 1)·s + k_eff."""
        k, s, p, d = self.kernel_size[i], self.stride[i], self.padding[i], self.dilation[i]
        reach = d * (k - 1) + 1
        tail = p + size - (out - 1) * s - reach
        return tail - max(0, s - reach)

    def _square(self) -> bool:
        return all(pair[0] == pair[1] for pair in (self.kernel_size, self.stride, self.padding,
                                                    self.dilation))

    def _inexact_message(self, axis, i, size, span, out, unread):
        k, s, p, d = self.kernel_size[i], self.stride[i], self.padding[i], self.dilation[i]
        pad = f" + 2·{p}" if p else ""
        reach = d * (k - 1) + 1
        ratio = Fraction(span, s)
        rounding = "ceil adds" if self.ceil_mode else "floor drops"
        dropped = (1 - (ratio - (ratio.numerator // ratio.denominator))) if self.ceil_mode else \
            ratio - (ratio.numerator // ratio.denominator)
        outputs = " = ".join(f"{a}_out" for a in axis.split(" and "))
        text = (f"{axis}: ({size}{pad} − {reach})/{s} = {span}/{s} = {float(ratio):g}, not whole: "
                f"{rounding} {float(dropped):g}, {outputs} = {out}")
        if unread > 0:
            what = {"H and W": ("row and column", "rows and columns"), "H": ("row", "rows"),
                    "W": ("column", "columns")}[axis]
            lost = f"input {what[0]}" if unread == 1 else f"{unread} input {what[1]}"
            verb = "is" if unread == 1 and axis != "H and W" else "are"
            return f"{text}; the last {lost} {verb} never read"
        if self.ceil_mode:
            return f"{text}; the last window reaches past the edge, every input pixel is read"
        if span % s <= p:
            return f"{text}; what it drops is padding (p = {p}), every input pixel is read"
        return f"{text}; the dropped position is one the stride skips anyway ({reach}-wide window, stride {s})"

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


_STRIDED_TRANSPOSE = no_field("a transposed conv with stride s > 1 gives each output ⌈k/s⌉ or ⌊k/s⌋ "
                              "inputs depending on its phase, and a jump of j/s")


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

    def receptive_field(self, fields, x, y):
        """With stride 1 a transposed conv is a conv padded by k_eff − 1 − p before: output o
        reads inputs o + p − (k_eff − 1) … o + p, a window of k_eff. With a stride, no single
        field (see costcalc/layers/field.py): an error, not an average."""
        if self.stride != (1, 1):
            return _STRIDED_TRANSPOSE(self, fields, x, y)
        f = fields[0]
        return Field(*(span.window(reach, 1, reach - 1 - self.padding[i])
                       for i, span, reach in ((0, f.h, self.dilation[0] * (self.kernel_size[0] - 1) + 1),
                                              (1, f.w, self.dilation[1] * (self.kernel_size[1] - 1) + 1))))

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
