"""Every error the ONNX reader and writer raise is one line: where; rule; expected; received.
Each graph is built with onnx.helper (no torch)."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

onnx = pytest.importorskip("onnx")  # these tests need the costcalc[onnx] extra
from onnx import TensorProto, helper  # noqa: E402
from onnx_graphs import graph, ints, load, node, save, scalar, weight  # noqa: E402

import costcalc  # noqa: E402
from costcalc.cli import main  # noqa: E402

ACT = "an activation (N, 3, 8, 8)"

READ_ERRORS = {
    "unknown op": (
        [node("Relu", ["x"], ["r"]), node("Celu", ["r"], ["y"], name="/act/Celu")], [], (1, 3, 8, 8),
        "SpecError", "m.onnx: node '/act/Celu': op Celu (domain ai.onnx, opset 17) has no costcalc mapping; "
        "expected an op listed in README's ONNX section"),
    "op of another domain": (
        [helper.make_node("FusedConv", ["x", "w"], ["y"], name="fused", domain="com.microsoft")],
        [weight("w", 8, 3, 3, 3)], (1, 3, 8, 8),
        "SpecError", "m.onnx: node 'fused': op FusedConv (domain com.microsoft, opset ?) has no costcalc mapping; "
        "expected an op listed in README's ONNX section"),
    "subtraction": (
        [node("Relu", ["x"], ["r"]), node("Sub", ["x", "r"], ["y"], name="/Sub")], [], (1, 3, 8, 8),
        "SpecError", "m.onnx: node '/Sub' (Sub): Sub of an activation is not supported yet (costcalc has no "
        "subtraction layer); expected Add or Mul, or a pattern costcalc recognises (README, ONNX); received "
        f"{ACT} and {ACT}"),
    "multiply by a scalar": (
        [node("Mul", ["x", "c"], ["y"], name="/Mul")], [scalar("c", 0.5)], (1, 3, 8, 8),
        "SpecError", "m.onnx: node '/Mul' (Mul): Mul of an activation and a constant is not supported yet "
        "(costcalc has no layer for arithmetic with a constant); expected activations only, or a pattern such "
        f"as x·sigmoid(x); received {ACT} and a scalar constant"),
    "clip to another range": (
        [node("Clip", ["x", "lo", "hi"], ["y"], name="/Clip")], [scalar("lo", -1.0), scalar("hi", 1.0)], (1, 3, 8, 8),
        "SpecError", "m.onnx: node '/Clip' (Clip): Clip is supported as ReLU6 [0, 6] and ReLU [0, ∞) only (no "
        "Hardtanh layer yet); expected min 0, max 6 or none; received min -1, max 1"),
    "a shape whose data was stripped": (
        [node("Reshape", ["x", "s"], ["y"], name="/Reshape")], [weight("s", 2)], (1, 3, 8, 8),
        "SpecError", "m.onnx: node '/Reshape' (Reshape): needs the value of its shape (input 1), which the file "
        "does not hold; expected an initializer with its data, or a Constant; received initializer 's' without "
        "data"),
    "conv weight of other channels": (
        [node("Conv", ["x", "w"], ["y"], name="/conv/Conv", kernel_shape=[3, 3])], [weight("w", 8, 4, 3, 3)],
        (1, 3, 8, 8), "SpecError", "m.onnx: node '/conv/Conv' (Conv): the weight's input channels × group must "
        "equal the input's channels; expected 3; received 4 × 1"),
    "bias of the wrong size": (
        [node("Flatten", ["x"], ["f"]), node("Gemm", ["f", "w", "b"], ["y"], name="/fc/Gemm", transB=1)],
        [weight("w", 5, 192), weight("b", 7)], (1, 3, 8, 8),
        "SpecError", "m.onnx: node '/fc/Gemm' (Gemm): costcalc's Linear counts 965 parameters where the node's "
        "initializers hold a different number; expected 967 (w [5, 192], b [7]); received 965"),
    "slice of rows": (
        [node("Slice", ["x", "st", "en", "ax"], ["y"], name="/Slice")], [ints("st", 1), ints("en", 3), ints("ax", 2)],
        (1, 3, 8, 8), "SpecError", "m.onnx: node '/Slice' (Slice): Slice is supported along the channels with step 1 "
        "(a channel split); expected axes [1], steps [1]; received axes [2] of (N, 3, 8, 8)"),
    "matmul of two activations": (
        [node("Relu", ["x"], ["r"]), node("MatMul", ["x", "r"], ["y"], name="/MatMul")], [], (1, 3, 8, 8),
        "SpecError", "m.onnx: node '/MatMul' (MatMul): MatMul of two activations (attention) is not supported yet; "
        "expected an activation × a weight; received two activations"),
    "reflect padding": (
        [node("Pad", ["x", "p"], ["y"], name="/Pad", mode="reflect")], [ints("p", 0, 0, 1, 1, 0, 0, 1, 1)],
        (1, 3, 8, 8), "SpecError", "m.onnx: node '/Pad' (Pad): Pad mode 'reflect' is not supported yet (zero "
        "padding only); expected constant; received reflect"),
    "mean over channels": (
        [node("ReduceMean", ["x"], ["y"], name="/ReduceMean", axes=[1])], [], (1, 3, 8, 8),
        "SpecError", "m.onnx: node '/ReduceMean' (ReduceMean): ReduceMean is supported over H and W only (a global "
        "average pool); expected axes [2, 3] of (N, C, H, W); received axes [1] of (N, 3, 8, 8)"),
    "transpose of the batch": (
        [node("Transpose", ["x"], ["y"], name="/Transpose", perm=[1, 0, 2, 3])], [], (1, 3, 8, 8),
        "SpecError", "m.onnx: node '/Transpose' (Transpose): Transpose keeps the batch axis first; expected "
        "perm[0] = 0; received [1, 0, 2, 3]"),
    "conv of a channels-last tensor": (
        [node("Transpose", ["x"], ["t"], perm=[0, 2, 3, 1]), node("Conv", ["t", "w"], ["y"], name="/Conv",
                                                                    kernel_shape=[1, 1])],
        [weight("w", 4, 8, 1, 1)], (1, 3, 8, 8), "SpecError", "m.onnx: node '/Conv' (Conv): Conv reads (N, C, H, "
        "W) in costcalc's layout; expected (N, C, H, W); received (N, 8, 8, 3) channels-last"),
    "nodes out of order": (
        [node("Relu", ["r"], ["y"], name="/Relu"), node("Relu", ["x"], ["r"], name="/Relu2")], [], (1, 3, 8, 8),
        "SpecError", "m.onnx: node '/Relu' (Relu): reads a tensor no earlier node writes (ONNX nodes are in "
        "topological order, graph inputs and initializers first); expected a known tensor; received 'r'"),
    "gather of some channels": (
        [node("Gather", ["x", "i"], ["y"], name="/Gather", axis=1)], [ints("i", 0, 1)], (1, 3, 8, 8),
        "SpecError", "m.onnx: node '/Gather' (Gather): a Gather of an activation is supported when it reorders every "
        "element (a view); expected a permutation of the elements; received a selection"),
    "a rank-3 input": (
        [node("Relu", ["x"], ["y"])], [], (1, 3, 8), "ShapeError", "m.onnx: input 'x': costcalc counts image "
        "networks: the input is (N, C, H, W); expected rank 4; received rank 3 [1, 3, 8]"),
    "symbolic channels": (
        [node("Relu", ["x"], ["y"])], [], (1, "C", 8, 8), "ShapeError", "m.onnx: input 'x': the number of input "
        "channels must be fixed in the file; expected a value for C; received [1, ?, 8, 8]"),
}


@pytest.mark.parametrize("case", list(READ_ERRORS))
def test_read_error_is_one_line(tmp_path, case):
    nodes, inits, dims, kind, line = READ_ERRORS[case]
    with pytest.raises(costcalc.CostcalcError) as exc:
        costcalc.analyze(load(tmp_path, graph(nodes, inits, dims)))
    assert (type(exc.value).__name__, str(exc.value)) == (kind, line)


def test_two_inputs(tmp_path):
    x, z = (helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, 3, 8, 8]) for n in "xz")
    g = helper.make_graph([node("Add", ["x", "z"], ["y"])], "g", [x, z], [helper.make_tensor_value_info("y", 1, None)])
    with pytest.raises(costcalc.SpecError) as exc:
        load(tmp_path, helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]))
    assert str(exc.value) == ("m.onnx: costcalc counts networks with one input tensor; expected 1 graph input; "
                              "received 2 (x, z)")


FIXED = ("input 'x': the ONNX graph fixes the input's height and width (export it with dynamic axes to count "
         "other sizes); expected 8×8; received 16×16")


def test_a_fixed_graph_at_another_size_names_its_input(tmp_path):
    net = load(tmp_path, graph([node("Relu", ["x"], ["y"])]))
    for call in (lambda: costcalc.analyze(net, 16), lambda: costcalc.sweep(net, [8, 16]),
                 lambda: load(tmp_path, graph([node("Relu", ["x"], ["y"])]), input_size=16)):
        with pytest.raises(costcalc.ShapeError) as exc:
            call()
        assert str(exc.value) == FIXED


def test_the_cli_prints_one_line(tmp_path):
    path = save(tmp_path, graph([node("Relu", ["x"], ["y"])]))
    result = CliRunner().invoke(main, ["report", str(path), "--input", "16"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {FIXED}\n")


def test_not_an_onnx_file(tmp_path):
    (tmp_path / "bad.onnx").write_bytes(b"\xff\xff\xffgarbage")
    with pytest.raises(costcalc.SpecError) as exc:
        costcalc.load_onnx(tmp_path / "bad.onnx")
    assert str(exc.value) == (f"{tmp_path / 'bad.onnx'}: not an ONNX model file (the protobuf does not parse); "
                              "expected a .onnx file written by an ONNX exporter; received unreadable bytes")


def test_a_missing_file(tmp_path):
    result = CliRunner().invoke(main, ["report", str(tmp_path / "none.onnx")])
    missing = tmp_path / "none.onnx"
    assert (result.exit_code, result.stderr) == (
        2, f"Error: {missing}: ONNX file does not exist; expected a readable .onnx file; received {missing}\n")


def test_without_the_extra_one_line_says_how_to_install(tmp_path, monkeypatch):
    path = save(tmp_path, graph([node("Relu", ["x"], ["y"])]))
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx now raises ImportError
    line = ('reading and writing ONNX needs an optional extra; expected pip install "costcalc[onnx]"; '
            "received the onnx package is not installed")
    result = CliRunner().invoke(main, ["report", str(path)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {path}: {line}\n")
    result = CliRunner().invoke(main, ["export", "vgg16", "-o", str(tmp_path / "v.onnx")])
    assert (result.exit_code, result.stderr) == (1, f"Error: {tmp_path / 'v.onnx'}: {line}\n")


def test_export_refuses_a_layer_it_cannot_write(tmp_path):
    from costcalc import Network
    from costcalc.layers import AdaptiveAvgPool2d, Conv2d
    net = Network("odd", channels=3, size=10)
    net.add("conv", Conv2d(4, 3))
    net.add("pool", AdaptiveAvgPool2d(3))  # 8×8 → 3×3: the bins overlap, no fixed window is the same
    with pytest.raises(costcalc.SpecError) as exc:
        costcalc.onnx.export_onnx(net, tmp_path / "odd.onnx")
    assert str(exc.value) == ("pool: AdaptiveAvgPool2d is written as a fixed ONNX pool, which needs the output to "
                              "divide the input (ONNX has no adaptive pool); expected H, W multiples of 3×3; "
                              "received 8×8")


def test_export_refuses_to_overwrite_its_model(tmp_path):
    path = save(tmp_path, graph([node("Relu", ["x"], ["y"])]))
    result = CliRunner().invoke(main, ["export", str(path), "-o", str(path)])
    assert (result.exit_code, result.stderr) == (
        2, f"Error: --output: the output would overwrite the model it is written from; expected another file "
           f"name; received {path}\n")


def test_export_names_a_layer_type_without_a_writer(tmp_path):
    from dataclasses import dataclass

    from costcalc import Network
    from costcalc.layers import Layer, no_macs, no_other_ops, no_params, same_shape

    @dataclass(frozen=True)
    class Blur(Layer):
        output_shape = same_shape
        params = no_params
        macs = no_macs
        other_ops = no_other_ops

    net = Network("blurry", channels=3, size=8)
    net.add("blur", Blur())
    with pytest.raises(costcalc.SpecError) as exc:
        costcalc.onnx.export_onnx(net, tmp_path / "blurry.onnx")
    assert str(exc.value) == ("blur: costcalc cannot write a Blur layer as ONNX yet; expected a layer type listed "
                              "in README's ONNX section; received Blur")
