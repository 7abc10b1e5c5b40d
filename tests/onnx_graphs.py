"""Building small ONNX graphs with onnx.helper for the ONNX tests (no torch anywhere).

``graph(nodes, inits)`` is a model whose input is ``x`` (N, C, H, W) and whose output is ``y``;
``weight(name, *dims)`` an initializer with dims and no data, as a stripped export holds it;
``ints`` / ``floats`` small initializers with their values (shapes, axes, scales).
"""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import costcalc  # noqa: E402


def weight(name: str, *dims: int):
    t = TensorProto()
    t.name, t.data_type = name, TensorProto.FLOAT
    t.dims.extend(dims)
    return t


def ints(name: str, *values: int):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def int_scalar(name: str, value: int):
    return numpy_helper.from_array(np.array(value, dtype=np.int64), name)


def int_array(name: str, array):
    return numpy_helper.from_array(np.asarray(array, dtype=np.int64), name)


def floats(name: str, *values: float):
    return numpy_helper.from_array(np.array(values, dtype=np.float32), name)


def scalar(name: str, value: float):
    return numpy_helper.from_array(np.array(value, dtype=np.float32), name)


def node(op: str, inputs, outputs, name: str | None = None, **attrs):
    return helper.make_node(op, list(inputs), list(outputs), name=name or f"/{outputs[0]}/{op}", **attrs)


def graph(nodes, inits=(), dims=(1, 3, 8, 8), opset: int = 17, outputs=("y",), producer: str = "test",
          metadata: dict | None = None):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, list(dims))
    ys = [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outputs]
    g = helper.make_graph(list(nodes), "g", [x], ys, initializer=list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)], producer_name=producer)
    for key, value in (metadata or {}).items():
        entry = m.metadata_props.add()
        entry.key, entry.value = key, value
    return m


def save(tmp_path, model, name: str = "m.onnx"):
    path = tmp_path / name
    onnx.save(model, str(path))
    return path


def load(tmp_path, model, **kwargs):
    return costcalc.load_onnx(save(tmp_path, model), **kwargs)


def analyze(tmp_path, model, **kwargs):
    return costcalc.analyze(load(tmp_path, model, **kwargs))


def rows(tmp_path, model, **kwargs):
    """The analysis rows after the input, as (type, output shape, params, MACs)."""
    return [(r.layer.type_name, r.output_shape, r.params, r.macs)
            for r in analyze(tmp_path, model, **kwargs).rows()[1:]]
