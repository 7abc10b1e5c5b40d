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


# --- training memory ------------------------------------------------------------------------------
# tools/torch_reference.py's part 2 (``training``) measured, on the CPU in train mode and fp32, one
# forward + backward with loss = output.sum(): ``training.runs[str(batch)]`` at ``training.batch``
# (32 where it fits, else the largest power of two that does), with ``saved`` (the distinct saved
# storages: bytes, and the param, buffer, input and activation parts) and ``peak`` (live bytes,
# gradient bytes).

# torchvision name → (costcalc model, build options): every built-in with a torchvision twin
TWINS = {
    "alexnet": ("alexnet-tv", {}),
    **{f"vgg{d}": (f"vgg{d}", {"adaptive_pool": True}) for d in (11, 13, 16, 19)},
    **{f"vgg{d}_bn": (f"vgg{d}-bn", {}) for d in (11, 13, 16, 19)},
    "googlenet": ("googlenet-tv", {}), "inception_v3": ("inception-v3", {}),
    "resnet18": ("resnet18", {}), "resnet34": ("resnet34", {}),
    **{f"resnet{d}": (f"resnet{d}-v1.5", {}) for d in (50, 101, 152)},
    "resnext50_32x4d": ("resnext50-32x4d", {}), "resnext101_32x8d": ("resnext101-32x8d", {}),
    "wide_resnet50_2": ("wide-resnet50-2", {}), "wide_resnet101_2": ("wide-resnet101-2", {}),
    "squeezenet1_0": ("squeezenet", {}), "squeezenet1_1": ("squeezenet1.1", {}),
    **{f"densenet{d}": (f"densenet{d}", {}) for d in (121, 169, 201, 161)},
    "mobilenet_v2": ("mobilenetv2", {}),
    "mobilenet_v3_large": ("mobilenetv3-large", {}), "mobilenet_v3_small": ("mobilenetv3-small", {}),
    **{f"shufflenet_v2_x{w.replace('.', '_')}": (f"shufflenetv2-x{w}", {}) for w in ("0.5", "1.0", "1.5", "2.0")},
    **{f"efficientnet_b{i}": (f"efficientnet-b{i}", {}) for i in range(8)},
    "regnet_x_400mf": ("regnetx-400mf-tv", {}), "mnasnet1_0": ("mnasnet1.0", {}),
    **{f"convnext_{size}": (f"convnext-{size}", {}) for size in ("tiny", "small", "base")},
}


def trained() -> list[str]:
    """The twins whose data file has a training measurement."""
    return [name for name in TWINS if (DATA / f"{name}.json").exists() and "training" in load(name)]


def training_run(torch_name: str) -> dict:
    """The measured run at the training section's batch (``batch`` is in it)."""
    section = load(torch_name)["training"]
    return section["runs"][str(section["batch"])]


def twin_training(torch_name: str, **training):
    """costcalc's training memory of the twin at the measured input size (a
    costcalc.training.TrainingMemory; ``training``: optimizer, amp, device)."""
    from costcalc.training import training_memory
    model, options = TWINS[torch_name]
    run = training_run(torch_name)
    analysis = analyze(get_model(model).network(**options), input_size=tuple(run["input"][2:]))
    return training_memory(analysis, **training)


def _percent(ours: int, theirs: int) -> str:
    """The difference in percent, or in bytes when it is under 0.005%."""
    if ours == theirs:
        return "0"
    if abs(ours - theirs) * 20000 < theirs:
        return f"{ours - theirs:+,} B"
    return f"{100 * (ours - theirs) / theirs:+.2f}%"


def training_benchmark() -> str:
    """README's benchmark table (between its training-benchmark markers): for every twin with a
    training measurement, the measured and computed saved bytes and training peak (CPU, fp32,
    optimizer none) at the measured batch. test_training_torch checks README against it."""
    lines = ["| torchvision (costcalc) | batch | measured saved | costcalc saved | % | measured peak "
             "| costcalc peak | % |", "|---|--:|--:|--:|--:|--:|--:|--:|"]
    for name in trained():
        run = training_run(name)
        totals = twin_training(name, device="cpu").totals(run["batch"])
        saved, peak = run["saved"]["bytes"], run["peak"]["live_bytes_peak"]
        lines.append(f"| {name} (`{TWINS[name][0]}`) | {run['batch']} | {saved:,} | {totals['saved_bytes']:,} | "
                     f"{_percent(totals['saved_bytes'], saved)} | {peak:,} | {totals['training_peak_bytes']:,} | "
                     f"{_percent(totals['training_peak_bytes'], peak)} |")
    return "\n".join(lines)
