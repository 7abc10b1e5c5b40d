"""The block builders (costcalc/blocks/): the nodes they add, and their counts against the
formulas of the papers written out."""

import pytest

from costcalc import Network, analyze
from costcalc.blocks.convnext import convnext_block
from costcalc.blocks.mobile import conv_norm_act, inverted_residual, make_divisible, mbconv, squeeze_excitation
from costcalc.errors import SpecError
from costcalc.layers import Hardsigmoid, Hardswish, SiLU


def _sum(analysis, prefix, field):
    return sum(getattr(r, field) for r in analysis.rows() if r.name.startswith(prefix))


@pytest.mark.parametrize("value, divisor, expected", [
    (32 * 1.1, 8, 32),     # 35.2 → 32 (not 10% below)
    (16 * 1.1, 8, 16),     # 17.6 → 16
    (24 * 1.4, 8, 32),     # 33.6 → 32
    (40 * 1.8, 8, 72),     # 72.0
    (1280 * 2.0, 8, 2560),
    (3, 8, 8),             # never below the divisor
    (72 // 4, 8, 24),      # MobileNetV3's squeeze for 72 channels: 18 → 16 is < 0.9·18, so 24
])
def test_make_divisible_is_torchvisions(value, divisor, expected):
    assert make_divisible(value, divisor) == expected


def test_squeeze_excitation_nodes_and_counts():
    net = Network("t", channels=96, size=14)
    out = squeeze_excitation(net, "se", 96, 24, gate=Hardsigmoid)
    a = analyze(net)
    assert out == "se/scale"
    assert [n for n in a.names if n.startswith("se/")] == [
        "se/avgpool", "se/fc1", "se/activation", "se/fc2", "se/scale_activation", "se/scale"]
    c, s = 96, 24
    assert _sum(a, "se/", "params") == 2 * c * s + s + c     # two 1×1 convs with bias
    assert _sum(a, "se/", "macs") == 2 * c * s               # on a 1×1 map
    assert a.row(out).output_shape == (96, 14, 14) and a.row(out).other_ops == 96 * 14 * 14


def test_conv_norm_act_pads_half_the_kernel_and_has_no_bias():
    net = Network("t", channels=16, size=28)
    conv_norm_act(net, "c", 32, 5, stride=2, activation=SiLU)
    a = analyze(net)
    conv = a.row("c/conv")
    assert conv.layer.padding == (2, 2) and conv.biases == 0 and conv.output_shape == (32, 14, 14)
    assert [n for n in a.names][1:] == ["c/conv", "c/bn", "c/act"]


def test_inverted_residual_with_and_without_expansion_and_residual():
    net = Network("t", channels=40, size=28)
    out = inverted_residual(net, "b", 40, 120, 40, 5, 1, activation=Hardswish, se_channels=32,
                            se_gate=Hardsigmoid)
    a = analyze(net)
    assert out == "b/add" and a.row(out).inputs == ("b/project/bn", "input")
    m, e, k, s = 40, 120, 5, 32
    expected_params = (m * e + 2 * e                      # expand 1×1 + BN (γ, β; mean/var are buffers)
                       + k * k * e + 2 * e                # depthwise k×k + BN
                       + 2 * e * s + s + e                # squeeze-excitation
                       + e * m + 2 * m)                   # project 1×1 + BN
    assert a.totals()["params"] == expected_params
    assert a.totals()["macs"] == (m * e + k * k * e + e * m) * 28 * 28 + 2 * e * s
    net = Network("t", channels=16, size=112)
    out = inverted_residual(net, "b", 16, 16, 24, 3, 2)      # no expansion, stride 2: no add
    names = analyze(net).names
    assert out == "b/project/bn" and not any("expand" in n or "add" in n for n in names)


def test_mbconv_is_torchvisions():
    net = Network("t", channels=16, size=112)
    mbconv(net, "b", 16, 24, 6, 3, 2, activation=SiLU)
    a = analyze(net)
    assert a.row("b/expand/conv").output_shape[0] == 96        # make_divisible(16·6)
    assert a.row("b/se/fc1").output_shape[0] == 4              # max(1, 16 // 4): the *input*'s quarter
    assert a.row("b/se/activation").layer.type_name == "SiLU"
    assert a.row("b/se/scale_activation").layer.type_name == "Sigmoid"


def test_convnext_block_counts():
    net = Network("t", channels=96, size=56)
    out = convnext_block(net, "b", 96)
    a = analyze(net)
    dim, hw = 96, 56 * 56
    assert out == "b/add"
    assert a.totals()["params"] == 8 * dim * dim + 58 * dim   # Fig. 4 written out in the docstring
    assert a.totals()["macs"] == 49 * dim * hw + 8 * dim * dim * hw
    assert a.row("b/layer_scale").params == dim


def test_a_block_activation_that_is_not_a_layer():
    net = Network("t", channels=8, size=4)
    with pytest.raises(SpecError, match=r"^c/bn: an activation argument builds a layer; expected e.g. "
                                        r"ReLU or lambda: SiLU\(\); received str$"):
        conv_norm_act(net, "c", 8, 1, activation=lambda: "relu")
