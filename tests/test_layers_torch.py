"""The new layers and the four new families against PyTorch, as measured by tools/torch_reference.py
on the torchref branch (tests/data/torch/<torchvision name>.json, torch and torchvision versions
inside): total params, buffers and MACs (FlopCounterMode's FLOPs / 2), and for every leaf module
the output shape, the parameter count and the FLOPs of the costcalc node that stands for it.

Modules are paired with nodes by type, in call order: the n-th Conv2d PyTorch calls is the n-th
Conv2d node of the spec, and so on. Operations PyTorch runs as functions (``torch.flatten``, ``+``,
``*``, ``torch.cat``, ``x.chunk``, channel shuffle, ``x.mean``) have no module; the spec's nodes for
them must be of the types in FUNCTIONAL, and every other node must be paired with a module.
"""

from collections import defaultdict

import pytest
from torch_reference import load as reference   # the one reader of tests/data/torch

from costcalc import analyze
from costcalc.registry import get_model

MODELS = {  # torchvision name → costcalc name
    **{f"efficientnet_b{i}": f"efficientnet-b{i}" for i in range(8)},
    "mobilenet_v3_large": "mobilenetv3-large", "mobilenet_v3_small": "mobilenetv3-small",
    **{f"shufflenet_v2_x{w.replace('.', '_')}": f"shufflenetv2-x{w}" for w in ("0.5", "1.0", "1.5", "2.0")},
    "convnext_tiny": "convnext-tiny", "convnext_small": "convnext-small", "convnext_base": "convnext-base",
}

# PyTorch module class → the costcalc layer that stands for it. ConvNeXt's block module owns its
# layer scale parameter (torchvision's CNBlock.layer_scale); its own count is costcalc's LayerScale.
COUNTERPART = {"LayerNorm": "LayerNorm2d", "CNBlock": "LayerScale"}
NO_NODE = {"Permute"}  # a memory layout change: costcalc's shapes are (C, H, W) throughout
FUNCTIONAL = {"Input", "Add", "Mul", "Concat", "Slice", "ChannelShuffle", "Flatten", "GlobalAvgPool2d"}


def chw(shape: list[int], channels_last: bool) -> tuple[int, int, int]:
    """A PyTorch output shape (batch 1) as costcalc's per-sample (C, H, W)."""
    if len(shape) == 2:
        return shape[1], 1, 1
    _, a, b, c = shape
    return (c, a, b) if channels_last else (a, b, c)


def modules_by_type(layers: list[dict]) -> dict[str, list[tuple[dict, tuple]]]:
    found, channels_last = defaultdict(list), False
    for entry in layers:
        if entry["type"] == "Permute":  # ConvNeXt's block permutes to channels-last and back
            channels_last = not channels_last
            continue
        found[COUNTERPART.get(entry["type"], entry["type"])].append((entry, chw(entry["out"], channels_last)))
    return found


@pytest.mark.parametrize("torch_name", sorted(MODELS))
def test_totals_equal_pytorch(torch_name):
    ref = reference(torch_name)
    size = tuple(ref["input"][2:])
    totals = analyze(get_model(MODELS[torch_name]).network(), input_size=size).totals()
    assert totals["params"] == ref["params"]                 # sum of numel over model.parameters()
    assert totals["macs"] == ref["macs"] == ref["flops"] // 2  # FlopCounterMode's FLOPs / 2
    assert totals["buffers"] == ref["buffers"]               # BN running mean + var


@pytest.mark.parametrize("torch_name", sorted(MODELS))
def test_every_module_has_its_node_with_the_same_shape_params_and_flops(torch_name):
    ref = reference(torch_name)
    a = analyze(get_model(MODELS[torch_name]).network(), input_size=tuple(ref["input"][2:]))
    nodes = defaultdict(list)
    for row in a.rows():
        nodes[row.layer.type_name].append(row)
    modules = modules_by_type(ref["layers"])
    assert set(nodes) - set(modules) <= FUNCTIONAL, set(nodes) - set(modules)
    flops = ref["flops_by_module"]
    for kind, entries in modules.items():
        rows = nodes.get(kind, [])
        assert len(rows) == len(entries), (kind, len(rows), len(entries))
        for (entry, shape), row in zip(entries, rows):
            assert row.output_shape == shape, (entry["name"], row.name)
            assert row.params == entry["params"], (entry["name"], row.name)
            if kind != "LayerScale":  # the block module's FLOPs are its children's
                assert 2 * row.macs == flops.get(entry["name"], 0), (entry["name"], row.name)
