"""Export → import is the identity on every built-in model: the same nodes (names and scope
kinds), and at every node the same output shape, params, MACs, other ops and activations. Each
exported file also passes onnx.checker's full check and strict shape inference, which compares
the shapes the file declares with ONNX's own rules."""

from __future__ import annotations

import pytest

onnx = pytest.importorskip("onnx")

import costcalc  # noqa: E402
from costcalc.onnx.export import write  # noqa: E402
from costcalc.registry import builtin_models  # noqa: E402


def per_layer(analysis):
    return [(r.name, r.output_shape, r.params, r.macs, r.other_ops, r.activations, r.buffers)
            for r in analysis.rows()]


@pytest.mark.parametrize("name", list(builtin_models()))
def test_export_then_import_is_the_identity(tmp_path, name):
    net = builtin_models()[name].network()
    path = write(net, tmp_path / f"{name}.onnx")
    onnx.checker.check_model(str(path), full_check=True)
    onnx.shape_inference.infer_shapes(onnx.load(str(path), load_external_data=False), check_type=True,
                                      strict_mode=True)
    back = costcalc.load_onnx(path)
    assert per_layer(costcalc.analyze(back)) == per_layer(costcalc.analyze(net))
    assert scope_kinds(back) == scope_kinds(net)


def scope_kinds(net):
    """The kind of every scope that holds a node (a spec may open a scope it leaves empty)."""
    used = {"/".join(scope[:i + 1]) for _, scope in net.graph.nodes(data="scope") for i in range(len(scope))}
    return {path: info.kind for path, info in net.scopes.items() if path in used}


def test_costcalc_export_writes_dims_only(tmp_path):
    from click.testing import CliRunner

    from costcalc.cli import main
    out = tmp_path / "resnet18.onnx"
    result = CliRunner().invoke(main, ["export", "resnet18", "-o", str(out), "--input", "160"])
    assert (result.exit_code, result.stderr) == (0, f"wrote {out}\n")
    model = onnx.load(str(out), load_external_data=False)
    assert all(t.data_location == onnx.TensorProto.EXTERNAL for t in model.graph.initializer if len(t.dims) > 1)
    assert (tmp_path / "resnet18.onnx.data").read_bytes() == b""
    assert out.stat().st_size < 100_000  # torchvision's weights alone are 11,689,512 floats
    onnx.checker.check_model(str(out), full_check=True)
    back = costcalc.analyze(costcalc.load_onnx(out))
    assert (back.rows()[0].output_shape, back.totals()) == ((3, 160, 160), costcalc.analyze("resnet18", 160).totals())


def test_with_weights_writes_zeros_inline(tmp_path):
    from costcalc.api import export as export_onnx
    from onnx import numpy_helper
    path = export_onnx("lenet5", tmp_path / "lenet5.onnx", with_weights=True)
    model = onnx.load(str(path))  # loads: nothing is external
    floats = [numpy_helper.to_array(t) for t in model.graph.initializer if t.data_type == onnx.TensorProto.FLOAT
              and len(t.dims) > 0]
    assert sum(a.size for a in floats) == costcalc.analyze("lenet5").totals()["params"]
    assert not any(a.any() for a in floats) and not (tmp_path / "lenet5.onnx.data").exists()


def every_other_layer():
    """A network with every layer type no built-in model uses, so that the round trip covers
    every writer (each layer with options a built-in does not exercise)."""
    from costcalc import Network
    from costcalc.layers import (ELU, GELU, AdaptiveMaxPool2d, Conv2d, ConvTranspose2d, DropPath, Flatten, GroupNorm,
                                 Identity, InstanceNorm2d, LayerNorm, LeakyReLU, Linear, Mish, PixelShuffle, PReLU,
                                 ReLU6, Upsample, ZeroPad2d)
    net = Network("every_layer", channels=4, size=16)
    for name, layer in (("up", ConvTranspose2d(8, 2, stride=2)), ("gn", GroupNorm(num_groups=2)),
                        ("prelu", PReLU(num_parameters=8)), ("pad", ZeroPad2d((1, 0, 2, 1))),
                        ("conv", Conv2d(8, 3, padding=1, dilation=1)), ("inorm", InstanceNorm2d(affine=True)),
                        ("elu", ELU()), ("leaky", LeakyReLU(negative_slope=0.2)), ("relu6", ReLU6(inplace=False)),
                        ("mish", Mish()), ("gelu_tanh", GELU(approximate="tanh")), ("shuffle", PixelShuffle(2)),
                        ("bilinear", Upsample(scale_factor=0.5, mode="bilinear", align_corners=True)),
                        ("nearest", Upsample(size=(20, 18))), ("drop", DropPath(0.1)), ("same", Identity()),
                        ("pool", AdaptiveMaxPool2d((4, 3))), ("ln", LayerNorm((2, 4, 3))), ("flat", Flatten()),
                        ("fc", Linear(5))):
        net.add(name, layer)
    return net


def test_every_layer_type_round_trips(tmp_path):
    net = every_other_layer()
    path = write(net, tmp_path / "every_layer.onnx")
    onnx.checker.check_model(str(path), full_check=True)
    assert per_layer(costcalc.analyze(costcalc.load_onnx(path))) == per_layer(costcalc.analyze(net))
