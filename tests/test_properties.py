"""Property tests: the variant axis, a brute-force MAC count, parameters independent of input."""

import itertools


from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from costcalc import Network
from costcalc.engine import analyze
from costcalc.errors import ShapeError
from costcalc.layers import (Add, AvgPool2d, BatchNorm2d, Concat, Conv2d, GlobalAvgPool2d, Linear,
                             MaxPool2d, ReLU)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def conv2d(draw, max_groups_of=None):
    kernel = draw(st.tuples(st.integers(1, 5), st.integers(1, 5)))
    stride = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    padding = draw(st.one_of(st.just("same"), st.tuples(st.integers(0, 2), st.integers(0, 2))))
    dilation = (1, 1) if padding == "same" else draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    groups = draw(st.sampled_from([1, 2])) if max_groups_of is None else max_groups_of
    out = groups * draw(st.integers(1, 6))
    return Conv2d(out, kernel, stride=stride, padding=padding, dilation=dilation, groups=groups,
                  bias=draw(st.booleans()))


@st.composite
def layer(draw):
    kind = draw(st.sampled_from(["conv", "max", "avg", "bn", "relu"]))
    if kind == "conv":
        return draw(conv2d())
    if kind in ("max", "avg"):
        k, s = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        ceil = draw(st.booleans())
        return MaxPool2d(k, stride=s, ceil_mode=ceil) if kind == "max" else AvgPool2d(k, stride=s, ceil_mode=ceil)
    return BatchNorm2d() if kind == "bn" else ReLU()


def stack(layers, channels=4):
    net = Network("stack", channels=channels, size=16)
    net.add("stem", Conv2d(4, 1))  # 4 channels, so groups=2 always divides
    for i, lay in enumerate(layers):
        net.add(f"l{i}", lay)
    net.add("gap", GlobalAvgPool2d())
    net.add("fc", Linear(7))
    return net


sizes = st.lists(st.tuples(st.integers(8, 40), st.integers(8, 40)), min_size=2, max_size=5)


def analyze_or_skip(net, **kw):
    try:
        return analyze(net, **kw)
    except ShapeError:
        assume(False)


@SETTINGS
@given(st.lists(layer(), min_size=1, max_size=6), sizes, st.integers(1, 4))
def test_stack_variants_in_one_walk_equal_separate_walks(layers, input_sizes, batch):
    net = stack(layers)
    together = analyze_or_skip(net, input_size=input_sizes, batch=batch)
    for v, size in enumerate(input_sizes):
        alone = analyze(net, input_size=size, batch=batch)
        assert together.rows(v) == alone.rows(0)
        assert together.totals(v) == alone.totals(0)


@st.composite
def dag(draw):
    """A small random DAG: convs keeping H×W (odd kernels, 'same'), merged by Add and Concat."""
    net = Network("dag", channels=4, size=16)
    nodes = ["input"]
    channels = {"input": 4}
    for i in range(draw(st.integers(2, 7))):
        kind = draw(st.sampled_from(["conv", "add", "concat"]))
        if kind == "conv" or len(nodes) < 2:
            src = draw(st.sampled_from(nodes))
            out = draw(st.sampled_from([4, 8]))
            name = net.add(f"n{i}", Conv2d(out, draw(st.sampled_from([1, 3])), padding="same"), inputs=src)
            channels[name] = out
        else:
            picks = draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=3, unique=True))
            if kind == "add":
                same = [p for p in picks if channels[p] == channels[picks[0]]]
                assume(len(same) >= 2)
                name = net.add(f"n{i}", Add(), inputs=same)
                channels[name] = channels[picks[0]]
            else:
                name = net.add(f"n{i}", Concat(), inputs=picks)
                channels[name] = sum(channels[p] for p in picks)
        nodes.append(name)
    for name in nodes[:-1]:  # a branch nothing reads is an output (else analyze refuses it)
        if not net.graph.succ[name]:
            net.mark_output(name)
    net.add("pool", MaxPool2d(2))
    return net


@SETTINGS
@given(dag(), sizes, st.lists(st.integers(1, 3), min_size=1, max_size=1))
def test_dag_variants_in_one_walk_equal_separate_walks(net, input_sizes, batch):
    together = analyze(net, input_size=input_sizes, batch=batch * len(input_sizes))
    for v, size in enumerate(input_sizes):
        alone = analyze(net, input_size=size, batch=batch[0])
        assert together.rows(v) == alone.rows(0)


def brute_force_macs(conv: Conv2d, c_in: int, h: int, w: int) -> int:
    """Count the multiply-accumulates of a naive convolution loop, one by one, padded taps
    included (the papers' and PyTorch's convention). Output size from the loop bounds."""
    kh, kw = conv.kernel_size
    (sh, sw), (dh, dw) = conv.stride, conv.dilation
    if conv.padding == "same":
        out_h, out_w = -(-h // sh), -(-w // sw)
        ph = max((out_h - 1) * sh + dh * (kh - 1) + 1 - h, 0)
        pw = max((out_w - 1) * sw + dw * (kw - 1) + 1 - w, 0)
        ph0, pw0 = ph // 2, pw // 2
        padded_h, padded_w = h + ph, w + pw
    else:
        ph0, pw0 = conv.padding
        padded_h, padded_w = h + 2 * ph0, w + 2 * pw0
    count = 0
    for oc in range(conv.out_channels):
        group = oc // (conv.out_channels // conv.groups)
        per_group = c_in // conv.groups
        for oy in itertools.count():
            top = oy * sh
            if top + dh * (kh - 1) >= padded_h:
                break
            for ox in itertools.count():
                left = ox * sw
                if left + dw * (kw - 1) >= padded_w:
                    break
                for _ic in range(group * per_group, (group + 1) * per_group):
                    for _ky in range(kh):
                        for _kx in range(kw):
                            count += 1  # weight[oc, ic, ky, kx] * input[ic, top+dh*ky, left+dw*kx]
    return count


@settings(max_examples=40, deadline=None)
@given(conv2d(), st.integers(1, 4), st.integers(5, 12), st.integers(5, 12))
def test_conv_macs_equal_a_brute_force_count(conv, c_mult, h, w):
    c_in = conv.groups * c_mult
    net = Network("one", channels=c_in, size=(h, w))
    net.add("conv", conv)
    try:
        row = analyze(net).row("conv")
    except ShapeError:
        assume(False)
    assert row.macs == brute_force_macs(conv, c_in, h, w)


@SETTINGS
@given(st.lists(layer(), min_size=1, max_size=6), sizes, st.integers(1, 8))
def test_params_never_depend_on_resolution_or_batch(layers, input_sizes, batch):
    net = stack(layers)
    base = analyze_or_skip(net, input_size=input_sizes[0])
    other = analyze_or_skip(net, input_size=input_sizes, batch=batch)
    assert (other.params == base.params).all()
    for v in range(len(input_sizes)):
        assert other.totals(v)["params"] == base.totals()["params"]
        assert other.totals(v)["weight_bytes"] == base.totals()["weight_bytes"]


def test_brute_force_counter_agrees_with_the_closed_form_on_alexnet_conv1():
    # guards the guard: 11*11*3 MACs at each of 55*55*96 outputs (cs231n)
    small = Conv2d(2, 11, stride=4)
    assert brute_force_macs(small, 3, 27, 27) == 11 * 11 * 3 * 2 * 5 * 5  # floor((27-11)/4)+1 = 5


