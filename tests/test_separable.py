"""The depthwise-separable saving: every pair's counted cost against the standard conv it
replaces, equal to 1/N + 1/D_K² as exact fractions; and MobileNet against Conv MobileNet."""

import json
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import analysis_of
from costcalc import Network, analyze
from costcalc.layers import BatchNorm2d, Conv2d, ReLU
from costcalc.registry import get_model
from costcalc.separable import counterpart, pairs, totals_comparison
from test_mobilenet import expected_macs, expected_params


def test_every_mobilenet_pair_has_the_papers_ratio():
    found = pairs(analysis_of("mobilenet"))
    assert [p.depthwise for p in found] == [f"ds{i}/dw" for i in range(1, 14)]
    for p in found:
        assert p.ratio == p.formula == Fraction(1, p.n) + Fraction(1, 3 * 3)


def test_one_pair_written_out():
    ds2 = pairs(analysis_of("mobilenet"))[1]                       # 3×3 dw s2 on 64, then 1×1 64→128
    assert (ds2.m, ds2.n, ds2.kernel, ds2.size) == (64, 128, (3, 3), (56, 56))
    assert ds2.separable_macs == 3 * 3 * 64 * 56 * 56 + 64 * 128 * 56 * 56
    assert ds2.standard_macs == 3 * 3 * 64 * 128 * 56 * 56
    assert ds2.ratio == Fraction(137, 1152)                        # 1/128 + 1/9


def test_ratio_holds_at_every_alpha_and_resolution():
    for name in ("mobilenet-0.75", "mobilenet-0.25", "mobilenet-1.0-128"):
        found = pairs(analysis_of(name))
        assert len(found) == 13 and all(p.ratio == p.formula for p in found)
    found = pairs(analyze(get_model("mobilenet").network(alpha=0.6), input_size=200))
    assert len(found) == 13 and all(p.ratio == p.formula for p in found)


def test_batch_scales_both_sides():
    one, four = pairs(analysis_of("mobilenet"))[0], pairs(analysis_of("mobilenet", batch=4))[0]
    assert four.standard_macs == 4 * one.standard_macs and four.ratio == one.ratio


def test_grouped_pointwise_is_not_a_pair():
    assert pairs(analysis_of("shufflenet-1x-g3")) == []            # 1×1 convs grouped by 3
    assert pairs(analysis_of("conv-mobilenet")) == []
    g1 = pairs(analysis_of("shufflenet-1x-g1"))                    # ungrouped: separable proper
    # one pair (dw 3×3 → 1×1) per unit; Table 1: Stage 2, 3, 4 repeat 1 + 3, 1 + 7, 1 + 3
    assert len(g1) == (1 + 3) + (1 + 7) + (1 + 3) and all(p.ratio == p.formula for p in g1)


def _net(m=8, n=16, kernel=3, stride=1, size=12, middle=True, consumers=1, groups=1, mult=1):
    net = Network("t", channels=m, size=size)
    dw = net.add("dw", Conv2d(m * mult, kernel, stride=stride, padding="same", groups=m, bias=False))
    if middle:
        net.add("bn", BatchNorm2d())
        net.add("relu", ReLU())
    x = net.last
    net.add("pw", Conv2d(n, 1, groups=groups, bias=False), inputs=x, output=consumers > 1)
    if consumers > 1:
        net.add("other", Conv2d(n, 1, bias=False), inputs=dw)
    return net


def test_what_counts_as_a_pair():
    assert len(pairs(analyze(_net()))) == 1
    assert len(pairs(analyze(_net(middle=False)))) == 1
    assert pairs(analyze(_net(consumers=2, middle=False))) == []   # dw output used twice
    assert pairs(analyze(_net(groups=2))) == []                    # grouped 1×1
    assert pairs(analyze(_net(mult=2))) == []                      # channel multiplier 2


def test_non_square_kernel():
    (p,) = pairs(analyze(_net(kernel=(3, 5))))
    assert p.ratio == p.formula == Fraction(1, 16) + Fraction(1, 15)
    assert p.standard_macs == 3 * 5 * 8 * 16 * 12 * 12


@settings(max_examples=60, deadline=None)
@given(m=st.integers(2, 32), n=st.integers(1, 64), k=st.sampled_from([1, 3, 5, 7]),
       stride=st.integers(1, 3), size=st.integers(7, 40))
def test_ratio_property(m, n, k, stride, size):  # m ≥ 2: one channel is no depthwise conv
    (p,) = pairs(analyze(_net(m, n, k, stride, size)))
    d_f = -(-size // stride)                                       # 'same' padding
    assert p.separable_macs == k * k * m * d_f * d_f + m * n * d_f * d_f
    assert p.standard_macs == k * k * m * n * d_f * d_f
    assert p.ratio == Fraction(1, n) + Fraction(1, k * k)


def test_whole_model_against_conv_mobilenet():
    name, net = counterpart(get_model("mobilenet"), {})
    assert name == "conv-mobilenet"
    compared = totals_comparison(analysis_of("mobilenet").totals(), analyze(net).totals())
    # Table 1 by hand (tests/test_mobilenet.py): Σ 3·3·M·N·D_F² against Σ (3·3·M + M·N)·D_F²
    assert compared["macs"]["separable"] == expected_macs() == 568_740_352    # issue 4 golden
    assert compared["macs"]["standard"] == expected_macs(separable=False)
    assert compared["params"]["standard"] == expected_params(separable=False)
    assert compared["macs"]["ratio"] == Fraction(expected_macs(separable=False), expected_macs())
    assert round(float(compared["macs"]["ratio"]), 1) == 8.6          # paper: 4866/569 ≈ 8.5×
    assert round(float(compared["params"]["ratio"])) == 7             # paper: 29.3/4.2 ≈ 7×


def test_counterpart_follows_the_options():
    name, net = counterpart(get_model("mobilenet"), {"alpha": 0.5})
    assert name == "mobilenet (alpha=0.5, separable=False)"
    assert analyze(net).row("conv1/conv").output_shape[0] == 32 // 2   # int(32·α)
    assert analyze(net).totals()["macs"] == expected_macs(0.5, separable=False)
    assert counterpart(get_model("vgg16"), {}) is None


def test_cli_explain_separable(run):
    out = run("report", "mobilenet", "--explain-separable").stdout
    assert "ds13/dw + ds13/pw" in out and "1033/9216" in out     # 1/1024 + 1/9
    assert "NO" not in out.split("depthwise separable pairs")[1].split("whole model")[0]
    assert "mobilenet against conv-mobilenet" in out
    assert "4866M" in out and "29.3M" in out                       # Table 4 beside the counts


def test_cli_explain_separable_json_and_bad_format(run):
    data = json.loads(run("report", "mobilenet", "--explain-separable", "--format", "json").stdout)
    assert len(data["separable"]["pairs"]) == 13
    assert all(p["equal"] for p in data["separable"]["pairs"])
    assert data["separable"]["whole_model"]["params"]["standard"] == expected_params(separable=False)
    result = run("report", "mobilenet", "--explain-separable", "--format", "csv")
    assert result.exit_code == 2 and "--explain-separable" in result.stderr
