"""The ONNX reader beyond single ops: names as scopes, symbolic sizes, weights never read, shared
initializers, the report's notes, and every feature on an imported network. Graphs are built with
onnx.helper (no torch)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

onnx = pytest.importorskip("onnx")  # these tests need the costcalc[onnx] extra
from onnx import TensorProto, numpy_helper  # noqa: E402
from onnx_graphs import analyze, graph, ints, load, node, save, weight  # noqa: E402

import costcalc  # noqa: E402
from costcalc.cli import main  # noqa: E402
from costcalc.grouping import group_rows  # noqa: E402


def block(prefix: str, x: str, c: int) -> tuple[list, list, str]:
    """A ResNet basic block named as PyTorch's TorchScript exporter names it."""
    nodes = [node("Conv", [x, f"{prefix}.c1.w", f"{prefix}.c1.b"], [f"{prefix}/a"], name=f"/{prefix}/conv1/Conv",
                  kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
             node("Relu", [f"{prefix}/a"], [f"{prefix}/r"], name=f"/{prefix}/relu/Relu"),
             node("Conv", [f"{prefix}/r", f"{prefix}.c2.w", f"{prefix}.c2.b"], [f"{prefix}/b"],
                  name=f"/{prefix}/conv2/Conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
             node("Add", [f"{prefix}/b", x], [f"{prefix}/s"], name=f"/{prefix}/Add"),
             node("Relu", [f"{prefix}/s"], [f"{prefix}/out"], name=f"/{prefix}/relu_1/Relu")]
    inits = [weight(f"{prefix}.c1.w", c, c, 3, 3), weight(f"{prefix}.c1.b", c),
             weight(f"{prefix}.c2.w", c, c, 3, 3), weight(f"{prefix}.c2.b", c)]
    return nodes, inits, f"{prefix}/out"


def tiny_resnet(dims=(1, 3, 16, 16), producer="pytorch"):
    nodes = [node("Conv", ["x", "conv1.w", "conv1.b"], ["c1"], name="/conv1/Conv", kernel_shape=[3, 3],
                  pads=[1, 1, 1, 1]),
             node("Relu", ["c1"], ["r1"], name="/relu/Relu")]
    inits = [weight("conv1.w", 8, 3, 3, 3), weight("conv1.b", 8)]
    x = "r1"
    for prefix in ("layer1/layer1.0", "layer1/layer1.1"):
        more, more_inits, x = block(prefix, x, 8)
        nodes, inits = nodes + more, inits + more_inits
    nodes += [node("GlobalAveragePool", [x], ["p"], name="/avgpool/GlobalAveragePool"),
              node("Flatten", ["p"], ["f"], name="/Flatten"),
              node("Gemm", ["f", "fc.w", "fc.b"], ["y"], name="/fc/Gemm", transB=1)]
    inits += [weight("fc.w", 10, 8), weight("fc.b", 10)]
    return graph(nodes, inits, dims, producer=producer)


def test_names_become_scopes_first_a_stage_then_a_block(tmp_path):
    a = analyze(tmp_path, tiny_resnet())
    rows = a.rows()
    assert rows[3].name == "layer1/layer1.0/conv1/Conv"
    assert rows[3].scope == ("layer1", "layer1.0", "conv1")
    stages = [g.key for g in group_rows(a, rows, "stage")]
    assert stages == ["conv1", "relu", "layer1", "avgpool", "Flatten", "fc"]
    blocks = [(g.key, len(g.rows)) for g in group_rows(a, rows, "block")]
    assert blocks[2:4] == [("layer1/layer1.0", 5), ("layer1/layer1.1", 5)]


def test_dynamo_module_paths_from_node_metadata(tmp_path):
    conv = node("Conv", ["x", "w"], ["y"], name="node_Conv_7", kernel_shape=[1, 1])
    entry = conv.metadata_props.add()
    entry.key, entry.value = "pkg.torch.onnx.name_scopes", "['', 'layer1', 'layer1.0', 'layer1.0.conv1', 'conv2d']"
    a = analyze(tmp_path, graph([conv], [weight("w", 4, 3, 1, 1)]))
    assert (a.rows()[1].name, a.rows()[1].scope) == ("layer1/layer1.0/conv1/Conv", ("layer1", "layer1.0", "conv1"))


def test_the_counts_of_a_resnet_like_graph(tmp_path):
    t = analyze(tmp_path, tiny_resnet()).totals()
    # conv1 3·3·3·8 + 8; four 3×3 convs of 8 → 8 with biases, 4·(576 + 8); fc 8·10 + 10
    assert t["params"] == (216 + 8) + 4 * (576 + 8) + (80 + 10)
    # MACs k²·C_in·C_out·H·W per conv (16×16 outputs, stride 1), C_in·C_out for the fc
    assert t["macs"] == 3 * 3 * 3 * 8 * 16 * 16 + 4 * (3 * 3 * 8 * 8 * 16 * 16) + 8 * 10


def test_symbolic_sizes_are_set_by_the_analysis(tmp_path):
    net = load(tmp_path, tiny_resnet(dims=("N", 3, "H", "W")))
    assert net.input_layer.size == (224, 224)
    assert "input 'x' has a symbolic height or width: --input sets it (224×224 when not given)" in net.notes
    macs = [costcalc.analyze(net, s).totals()["macs"] for s in (16, 32)]
    # a stride-1 conv does one MAC per weight per output position: (216 + 4·576)·H·W, fc 80
    assert macs == [(216 + 4 * 576) * s * s + 80 for s in (16, 32)]
    sweep = costcalc.sweep(net, [16, 32], batch=4).to_dict()["variants"]
    assert [v["totals"]["macs"] for v in sweep] == [4 * m for m in macs]


def test_a_resize_to_sizes_computed_from_the_input_shape_is_a_scale(tmp_path):
    """Resize to Shape(x)[2:] · 2 (what a dynamic export writes) follows the input size."""
    nodes = [node("Shape", ["x"], ["sh"]), node("Slice", ["sh", "two", "four"], ["hw"]),
             node("Mul", ["hw", "k"], ["hw2"]), node("Slice", ["sh", "zero", "two"], ["nc"]),
             node("Concat", ["nc", "hw2"], ["sizes"], axis=0),
             node("Resize", ["x", "", "", "sizes"], ["y"], mode="nearest")]
    inits = [ints("two", 2), ints("four", 4), ints("zero", 0), ints("k", 2, 2)]
    net = load(tmp_path, graph(nodes, inits, dims=(1, 3, "H", "W")))
    assert [costcalc.analyze(net, s).rows()[-1].output_shape for s in (5, 8)] == [(3, 10, 10), (3, 16, 16)]


def test_weight_data_is_never_read(tmp_path):
    """A 2.4 MB weight stored inline: costcalc parses a few hundred bytes of it."""
    from costcalc.onnx.slim import slim_model_bytes
    w = numpy_helper.from_array(np.ones((256, 256, 3, 3), dtype=np.float32), "w")
    path = save(tmp_path, graph([node("Conv", ["x", "w"], ["y"], kernel_shape=[3, 3])], [w], dims=(1, 256, 8, 8)))
    assert path.stat().st_size > 2_359_296  # 256·256·9 floats of 4 bytes
    assert len(slim_model_bytes(path)) < 1_000
    assert costcalc.analyze(costcalc.load_onnx(path)).totals()["params"] == 256 * 256 * 9


def test_external_data_that_is_not_there(tmp_path):
    w = weight("w", 8, 3, 3, 3)
    w.data_location = TensorProto.EXTERNAL
    for key, value in (("location", "gone.bin"), ("offset", "0"), ("length", "864")):
        entry = w.external_data.add()
        entry.key, entry.value = key, value
    model = graph([node("Conv", ["x", "w"], ["y"], kernel_shape=[3, 3])], [w])
    assert analyze(tmp_path, model).totals()["params"] == 8 * 3 * 3 * 3


def test_an_initializer_shared_through_identity_counts_at_every_reader(tmp_path):
    """PyTorch's exporter reads bit-identical tensors (an untrained net's zero biases) once,
    through Identity nodes: each conv still has its bias."""
    nodes = [node("Identity", ["zeros"], ["b1"], name="Identity_0"), node("Identity", ["zeros"], ["b2"],
                                                                           name="Identity_1"),
             node("Conv", ["x", "w1", "b1"], ["c"], name="/c1/Conv", kernel_shape=[1, 1]),
             node("Conv", ["c", "w2", "b2"], ["y"], name="/c2/Conv", kernel_shape=[1, 1])]
    net = load(tmp_path, graph(nodes, [weight("zeros", 4), weight("w1", 4, 3, 1, 1), weight("w2", 4, 4, 1, 1)],
                               producer="pytorch"))
    assert costcalc.analyze(net).totals()["params"] == (12 + 4) + (16 + 4)
    assert net.notes == [
        "1 initializer(s) are read by several layers (1 through Identity nodes: PyTorch's exporter merges "
        "bit-identical tensors); each layer counts its own copy",
        "no BatchNormalization in the file; 2 convolution(s) have biases (where the network had batch norm, "
        "PyTorch's eval-mode export folded it into the conv before it: γ and β are gone, the conv's bias is "
        "counted)"]


def test_nodes_no_output_depends_on_are_left_out_and_said(tmp_path):
    nodes = [node("Relu", ["x"], ["y"]), node("Sigmoid", ["x"], ["unused"])]
    net = load(tmp_path, graph(nodes))
    assert [r.layer.type_name for r in costcalc.analyze(net).rows()] == ["OnnxInput", "ReLU"]
    assert net.notes == ["1 node(s) that no graph output depends on were left out"]


def test_several_outputs(tmp_path):
    nodes = [node("Relu", ["x"], ["aux"]), node("Sigmoid", ["aux"], ["y"])]
    net = load(tmp_path, graph(nodes, outputs=("y", "aux")))
    assert net.outputs() == ["aux/Relu", "y/Sigmoid"]


def test_every_feature_works_on_an_imported_network(tmp_path):
    path = save(tmp_path, tiny_resnet(), "tiny.onnx")
    runner = CliRunner()
    for fmt in ("text", "markdown", "csv", "json", "latex", "html"):
        result = runner.invoke(main, ["report", str(path), "--format", fmt, "--group-by", "block"])
        assert result.exit_code == 0, result.output
    data = json.loads(runner.invoke(main, ["report", str(path), "--format", "json", "--batch", "2"]).stdout)
    assert data["totals"]["macs"] == 2 * costcalc.analyze(costcalc.load_onnx(path)).totals()["macs"]
    for args in (["plot", str(path), "-o", str(tmp_path / "p.svg")],
                 ["handout", str(path), "-o", str(tmp_path / "h.md")]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    assert (tmp_path / "p.svg").stat().st_size and "tiny" in (tmp_path / "h.md").read_text()


def test_the_main_job_never_imports_onnx():
    code = ("import sys; from click.testing import CliRunner; from costcalc.cli import main; "
            "r = CliRunner().invoke(main, ['report', 'vgg16']); assert r.exit_code == 0; print('onnx' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


def test_get_model_reads_an_onnx_path(tmp_path):
    from costcalc.registry import get_model
    model = get_model(str(save(tmp_path, tiny_resnet(), "tiny.onnx")))
    assert (model.name, model.network().name) == ("tiny", "tiny")
