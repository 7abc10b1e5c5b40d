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
