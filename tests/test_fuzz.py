"""Random graphs with hostile hyper-parameters: only costcalc's own error class ever escapes,
and every graph costcalc accepts has the counts an independent reference computes here.

The reference is written from PyTorch's documented rules (Conv2d, MaxPool2d, AvgPool2d,
BatchNorm2d, Linear), not from costcalc's code: output size ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1,
conv params k·k·(C_in/g)·C_out (+ C_out bias), MACs k·k·(C_in/g)·C_out·H_out·W_out, batch norm
2·C params, Linear C_in·C_out (+ C_out). It predicts either the counts or "an error", and the
test asserts that costcalc agrees on which, and on the numbers.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costcalc import CostcalcError, Network, analyze
from costcalc.layers import Add, AvgPool2d, BatchNorm2d, Conv2d, Flatten, Linear, MaxPool2d, ReLU

HOSTILE = st.one_of(
    st.integers(-3, 9),                                   # plain ints, some out of range
    st.integers(-3, 9).map(np.int64),                     # numpy ints: converted, never wrapped
    st.integers(-3, 9).map(np.int32),
    st.sampled_from([2**40, 2**70, True, False, "3", 3.0, float("nan"), None, (1, 2, 3), (), [2]]),
)
FLAG = st.one_of(st.booleans(), st.sampled_from(["false", 0, 1, None, np.bool_(True)]))


def _int(value):
    """The int a valid integer hyper-parameter stands for, or None when it is not one."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        return None
    return int(value)


class Invalid(Exception):
    """The reference expects costcalc to refuse this graph."""


def _need(value, minimum):
    v = _int(value)
    if v is None or v < minimum:
        raise Invalid
    return v


def _flag(value):
    if not isinstance(value, (bool, np.bool_)):   # a numpy bool is a bool; 0, 1, "false" are not
        raise Invalid
    return bool(value)


def _window(h, k, s, p, d=1):
    out = (h + 2 * p - d * (k - 1) - 1) // s + 1
    if out < 1:
        raise Invalid
    return out


def reference(size, steps):
    """(params, MACs, output shape) by PyTorch's rules, or raise Invalid."""
    c, h, w = 3, size, size
    params = macs = 0
    if c * h * w > 2**62:                        # an input beyond int64 is refused, never wrapped
        raise Invalid
    for kind, args in steps:
        if kind == "conv":
            out, k, s, p, d, g, bias = args
            out, k, s, p, d, g = (_need(out, 1), _need(k, 1), _need(s, 1), _need(p, 0), _need(d, 1), _need(g, 1))
            bias = _flag(bias)
            if out % g or c % g:
                raise Invalid
            h, w = _window(h, k, s, p, d), _window(w, k, s, p, d)
            params += k * k * (c // g) * out + (out if bias else 0)
            macs += k * k * (c // g) * out * h * w
            c = out
        elif kind in ("max", "avg"):
            k, s, p = args
            k = _need(k, 1)
            s = k if s is None else _need(s, 1)  # PyTorch: stride=None is the kernel size
            p = _need(p, 0)
            if p > k // 2:                       # PyTorch: pad should be at most half the kernel
                raise Invalid
            h, w = _window(h, k, s, p), _window(w, k, s, p)
        elif kind == "bn":
            (affine,) = args
            params += 2 * c if _flag(affine) else 0
        elif kind == "relu":
            (inplace,) = args
            _flag(inplace)
        elif kind == "residual":                 # x + conv3×3(x), padding 1: the shape is kept
            params += 9 * c * c
            macs += 9 * c * c * h * w
        elif kind == "fc":
            (out,) = args
            out = _need(out, 1)
            features = c * h * w
            params += features * out + out
            macs += features * out
            c, h, w = out, 1, 1
    return params, macs, (c, h, w)


def build(size, steps):
    net = Network("fuzz", channels=3, size=size)
    for i, (kind, args) in enumerate(steps):
        name = f"{kind}{i}"
        if kind == "conv":
            out, k, s, p, d, g, bias = args
            net.add(name, Conv2d(out, k, stride=s, padding=p, dilation=d, groups=g, bias=bias))
        elif kind == "max":
            net.add(name, MaxPool2d(args[0], stride=args[1], padding=args[2]))
        elif kind == "avg":
            net.add(name, AvgPool2d(args[0], stride=args[1], padding=args[2]))
        elif kind == "bn":
            net.add(name, BatchNorm2d(affine=args[0]))
        elif kind == "relu":
            net.add(name, ReLU(inplace=args[0]))
        elif kind == "residual":
            x = net.last
            c = analyze(net).rows()[-1].output_shape[0]
            body = net.add(f"{name}_conv", Conv2d(c, 3, padding=1, bias=False))
            net.add(name, Add(), inputs=[body, x])
        elif kind == "fc":
            net.add(f"{name}_flat", Flatten())
            net.add(name, Linear(args[0]))
    return net


STEP = st.one_of(
    st.tuples(st.just("conv"), st.tuples(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, FLAG)),
    st.tuples(st.just("max"), st.tuples(HOSTILE, HOSTILE, HOSTILE)),
    st.tuples(st.just("avg"), st.tuples(HOSTILE, HOSTILE, HOSTILE)),
    st.tuples(st.just("bn"), st.tuples(FLAG)),
    st.tuples(st.just("relu"), st.tuples(FLAG)),
    st.tuples(st.just("residual"), st.just(())),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(size=st.one_of(st.integers(1, 40), st.sampled_from([np.int64(17), 0, -5, True, 2**70, "32"])),
       steps=st.lists(STEP, min_size=1, max_size=6),
       head=st.one_of(st.none(), st.tuples(st.just("fc"), st.tuples(HOSTILE))))
def test_hostile_graphs_raise_only_costcalc_errors_and_valid_ones_count_right(size, steps, head):
    steps = steps + ([head] if head else [])
    try:
        expected = reference(_need(size, 1), steps)
        # a count beyond int64 is refused by costcalc, not wrapped: the reference says "error"
        if max(expected[0], expected[1]) > 2**62:
            raise Invalid
    except Invalid:
        expected = None
    try:
        result = analyze(build(size, steps))
    except CostcalcError as exc:
        assert "\n" not in str(exc)
        assert expected is None, f"refused a graph PyTorch accepts: {exc}"
        return
    assert expected is not None, "accepted a graph PyTorch refuses"
    params, macs, shape = expected
    assert result.totals()["params"] == params
    assert result.totals()["macs"] == macs
    assert result.rows()[-1].output_shape == shape


@settings(max_examples=200, deadline=None)
@given(input_size=st.one_of(st.integers(-2, 300), st.floats(allow_nan=True), st.text(max_size=8),
                            st.tuples(st.integers(-1, 64), st.integers(-1, 64)),
                            st.tuples(st.integers(1, 9), st.integers(1, 9), st.integers(1, 9)),
                            st.lists(st.integers(1, 64), max_size=3), st.none(), st.booleans()),
       batch=st.one_of(st.integers(-2, 8), st.floats(allow_nan=True), st.booleans(), st.text(max_size=3)),
       dtype=st.sampled_from(["fp32", "fp16", "int8", "fp64", "", None, 4]))
def test_odd_analyze_arguments_raise_only_costcalc_errors(input_size, batch, dtype):
    net = Network("n", channels=3, size=16)
    net.add("conv", Conv2d(4, 3))
    try:
        result = costcalc_analyze(net, input_size, batch, dtype)
    except CostcalcError as exc:
        assert "\n" not in str(exc)
        return
    h = result.rows()[-1].output_shape[1]
    side = 16 if input_size is None else (input_size if isinstance(input_size, int) else
                                          int(input_size[0]) if isinstance(input_size, tuple) else
                                          int(str(input_size).lower().split("x")[0]))
    assert h == side - 2                                  # ⌊(H − 3)/1⌋ + 1
    assert math.isfinite(result.totals()["macs"])


def costcalc_analyze(net, input_size, batch, dtype):
    import costcalc
    return costcalc.analyze(net, input_size, batch=batch, dtype=dtype)
