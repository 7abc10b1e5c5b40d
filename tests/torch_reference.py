"""Compare a built-in model with PyTorch's measurement of its torchvision twin.

The data files (tests/data/torch/NAME.json) are written by tools/torch_reference.py with torch
and torchvision (their versions are in each file); tests read them, torch is never imported. A
file holds torchvision's params, buffers, FlopCounterMode's FLOPs (MACs = FLOPs / 2) and every
leaf module call in forward order: its type, output shape and parameters.

``assert_matches_torch`` checks the totals and then pairs the leaf modules with costcalc's
layers of the same kinds, in order, comparing type, output shape and parameters. What torchvision
computes with a function rather than a module (DenseNet's last ReLU, MobileNetV2's pooling) has
no module to pair with: a test lists those nodes in ``functional``, with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

from costcalc import analyze
from costcalc.registry import get_model

DATA = Path(__file__).parent / "data" / "torch"

# torch leaf module type → the costcalc layer classes that stand for it
TYPES = {
    "Conv2d": ("Conv2d",),
    "BatchNorm2d": ("BatchNorm2d",),
    "Linear": ("Linear",),
    "ReLU": ("ReLU",),
    "ReLU6": ("ReLU6",),
    "MaxPool2d": ("MaxPool2d",),
    "AvgPool2d": ("AvgPool2d",),
    "AdaptiveAvgPool2d": ("AdaptiveAvgPool2d", "GlobalAvgPool2d"),
    "Dropout": ("Dropout",),
}
COMPARED = {kind for kinds in TYPES.values() for kind in kinds}


def load(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text())


def _chw(shape: list[int]) -> tuple[int, int, int]:
    """torch's [N, C, H, W] or [N, F] as costcalc's per-sample (C, H, W)."""
    per_sample = list(shape[1:])
    return tuple(per_sample + [1] * (3 - len(per_sample)))


def assert_matches_torch(model: str, torch_name: str, functional: tuple[str, ...] = (),
                         **options) -> None:
    """``model`` (built with ``options``) has torchvision's ``torch_name`` parameters, buffers
    and MACs, and its layers pair one to one with torch's leaf module calls."""
    data = load(torch_name)
    network = get_model(model).network(**options)
    analysis = analyze(network)
    assert analysis.rows()[0].output_shape == _chw(data["input"]), (model, data["input"])
    totals = analysis.totals()
    assert totals["params"] == data["params"], (model, totals["params"], data["params"])
    assert totals["buffers"] == data["buffers"], (model, totals["buffers"], data["buffers"])
    assert totals["macs"] == data["macs"], (model, totals["macs"], data["macs"])

    ours = [row for row in analysis.rows()
            if type(row.layer).__name__ in COMPARED and row.name not in functional]
    missing = set(functional) - {row.name for row in analysis.rows()}
    assert not missing, f"functional names no node: {sorted(missing)}"
    theirs = data["layers"]
    for i, (row, module) in enumerate(zip(ours, theirs)):
        where = f"{model} layer {i}: {row.name} vs torch {module['name']}"
        assert type(row.layer).__name__ in TYPES[module["type"]], (where, type(row.layer).__name__,
                                                                  module["type"])
        assert tuple(int(v) for v in row.output_shape) == _chw(module["out"]), (
            where, row.output_shape, module["out"])
        assert row.params == module["params"], (where, row.params, module["params"])
    assert len(ours) == len(theirs), (model, len(ours), len(theirs))
