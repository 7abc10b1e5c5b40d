"""What exporters write for layers ONNX has no op for, recognised as those layers (graphs built
with onnx.helper the way PyTorch's exporters write them; no torch)."""

from __future__ import annotations

import math

import pytest

onnx = pytest.importorskip("onnx")  # these tests need the costcalc[onnx] extra
from onnx_graphs import graph, ints, load, node, rows, scalar, weight  # noqa: E402

import costcalc  # noqa: E402


def test_sigmoid_times_x_is_silu(tmp_path):
    model = graph([node("Sigmoid", ["x"], ["s"], name="/features/act/Sigmoid"),
                   node("Mul", ["x", "s"], ["y"], name="/features/act/Mul")])
    net = load(tmp_path, model)
    assert [(r.name, r.layer.type_name) for r in costcalc.analyze(net).rows()[1:]] == [("features/act/SiLU", "SiLU")]
    assert net.notes == ["recognised: 1 SiLU (Sigmoid · x)"]


def test_a_sigmoid_read_elsewhere_stays_a_sigmoid(tmp_path):
    """Squeeze-excitation's gate: Mul(x, sigmoid(g)) with g ≠ x is a Sigmoid and a Mul."""
    model = graph([node("Sigmoid", ["x"], ["s"]), node("Mul", ["x", "s"], ["m"]), node("Add", ["m", "s"], ["y"])])
    assert [t for t, *_ in rows(tmp_path, model)] == ["Sigmoid", "Mul", "Add"]


def test_hardsigmoid_times_x_is_hardswish(tmp_path):
    model = graph([node("HardSigmoid", ["x"], ["s"], alpha=1 / 6), node("Mul", ["s", "x"], ["y"])])
    assert rows(tmp_path, model) == [("Hardswish", (3, 8, 8), 0, 0)]


def test_softplus_tanh_times_x_is_mish(tmp_path):
    model = graph([node("Softplus", ["x"], ["sp"]), node("Tanh", ["sp"], ["t"]), node("Mul", ["x", "t"], ["y"])])
    assert rows(tmp_path, model) == [("Mish", (3, 8, 8), 0, 0)]


SQRT2 = scalar("sqrt2", math.sqrt(2))
ONE, HALF = scalar("one", 1.0), scalar("half", 0.5)


def test_erf_gelu_as_torchscript_writes_it(tmp_path):
    """Div(x, √2) → Erf → Add(1) → Mul(x, ·) → Mul(0.5)."""
    model = graph([node("Div", ["x", "sqrt2"], ["d"], name="/mlp/act/Div"), node("Erf", ["d"], ["e"]),
                   node("Add", ["e", "one"], ["a"]), node("Mul", ["x", "a"], ["m"]),
                   node("Mul", ["m", "half"], ["y"], name="/mlp/act/Mul_1")], [SQRT2, ONE, HALF])
    net = load(tmp_path, model)
    assert [(r.name, r.layer.type_name) for r in costcalc.analyze(net).rows()[1:]] == [("mlp/act/GELU", "GELU")]
    assert net.notes == ["recognised: 1 GELU (Div → Erf → Add → Mul → Mul)"]


def test_erf_gelu_as_dynamo_writes_it(tmp_path):
    """Div(x, √2) → Erf → Add(1) → Mul(0.5, ·) → Mul(x, ·)."""
    model = graph([node("Div", ["x", "sqrt2"], ["d"]), node("Erf", ["d"], ["e"]), node("Add", ["e", "one"], ["a"]),
                   node("Mul", ["half", "a"], ["m"]), node("Mul", ["x", "m"], ["y"])], [SQRT2, ONE, HALF])
    assert rows(tmp_path, model) == [("GELU", (3, 8, 8), 0, 0)]


def test_an_erf_with_other_constants_is_not_gelu(tmp_path):
    model = graph([node("Div", ["x", "c"], ["d"], name="/Div"), node("Erf", ["d"], ["e"]),
                   node("Add", ["e", "one"], ["a"]), node("Mul", ["x", "a"], ["m"]), node("Mul", ["m", "half"], ["y"])],
                  [scalar("c", 2.0), ONE, HALF])
    with pytest.raises(costcalc.SpecError) as exc:
        load(tmp_path, model)
    assert str(exc.value).startswith("m.onnx: node '/Div' (Div): Div of an activation is not supported yet")


def test_strided_slice_then_channel_pad_is_resnets_option_a_shortcut(tmp_path):
    """x[:, :, ::2, ::2] zero-padded from 3 to 8 channels: ZeroPadShortcut(8, stride 2)."""
    model = graph([node("Slice", ["x", "st", "en", "ax", "sp"], ["s"]),
                   node("Pad", ["s", "p"], ["y"], name="/shortcut/Pad")],
                  [ints("st", 0, 0), ints("en", 2**62, 2**62), ints("ax", 2, 3), ints("sp", 2, 2),
                   ints("p", 0, 0, 0, 0, 0, 5, 0, 0)])
    assert rows(tmp_path, model) == [("ZeroPadShortcut", (8, 4, 4), 0, 0)]


def test_transpose_matmul_is_a_linear_at_every_position_and_said(tmp_path):
    model = graph([node("Transpose", ["x"], ["t"], perm=[0, 2, 3, 1]),
                   node("MatMul", ["t", "w"], ["m"], name="/block/pwconv1/MatMul"),
                   node("Add", ["b", "m"], ["a"], name="/block/pwconv1/Add"),
                   node("Transpose", ["a"], ["y"], perm=[0, 3, 1, 2])], [weight("w", 3, 12), weight("b", 12)])
    net = load(tmp_path, model)
    row = costcalc.analyze(net).rows()[1]
    # weights 3·12 + 12 biases; MACs H·W·C_in·C_out = 8·8·3·12
    assert (row.name, row.layer.describe(), row.params, row.macs) == ("block/pwconv1/Linear", "fc 12 per position",
                                                                      48, 2304)
    assert net.notes == ["recognised: 1 Linear per position (Transpose + MatMul)"]


def test_channel_shuffle_is_said(tmp_path):
    model = graph([node("Reshape", ["x", "s5"], ["r5"]), node("Transpose", ["r5"], ["t5"], perm=[0, 2, 1, 3, 4]),
                   node("Reshape", ["t5", "s4"], ["y"], name="/stage2/Reshape_1")],
                  [ints("s5", 1, 3, 2, 4, 4), ints("s4", 1, 6, 4, 4)], dims=(1, 6, 4, 4))
    net = load(tmp_path, model)
    row = costcalc.analyze(net).rows()[1]
    assert (row.name, row.layer.describe()) == ("stage2/ChannelShuffle", "channel shuffle g3")
    assert net.notes == ["recognised: 1 ChannelShuffle (Reshape → Transpose → Reshape)"]


def test_a_permutation_that_is_no_shuffle_is_refused_where_it_is_read(tmp_path):
    """Swapping H and W then reading it with a conv: costcalc says the conv cannot read it."""
    model = graph([node("Transpose", ["x"], ["t"], perm=[0, 1, 3, 2]),
                   node("Conv", ["t", "w"], ["y"], name="/Conv", kernel_shape=[1, 1])], [weight("w", 4, 3, 1, 1)])
    with pytest.raises(costcalc.SpecError) as exc:
        load(tmp_path, model)
    assert str(exc.value) == ("m.onnx: node '/Conv' (Conv): Conv reads (N, C, H, W) in costcalc's layout; expected "
                              "(N, C, H, W); received (N, 3, 8, 8) permuted")
