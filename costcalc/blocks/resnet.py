"""Residual blocks: the post-activation units of ResNet (basic and bottleneck, with ResNeXt's
groups and Wide ResNet's base width) and the pre-activation units of "Identity Mappings" (He et
al. 2016) and Wide ResNet. Shared by specs/resnet.py, preact.py, wrn.py, resnext.py and
regnet.py (whose X block is a post-activation bottleneck).

A block's convolutions are a list of ``Conv`` rows (kernel, filters, stride, groups), one row per
line of its paper's table cell; the builders below add them to a ``Network`` in the open scope
and return the path of the block's last node. Node names follow torchvision's ``resnet.py``
(conv1, bn1, relu1, …, downsample), so a report reads like ``print(model)``.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from costcalc.graph import Network
from costcalc.layers import (Add, BatchNorm2d, Conv2d, Dropout, GlobalAvgPool2d, Linear, MaxPool2d,
                             ReLU, ZeroPadShortcut)

EXPANSION = {"basic": 1, "bottleneck": 4}   # a block's output channels = EXPANSION × planes
# The ImageNet trunk of ResNet (He et al. 2016, Table 1) and of the nets built on it: each stage's
# name and its planes (a block's output is EXPANSION × planes channels).
STAGES = (("conv2_x", 64), ("conv3_x", 128), ("conv4_x", 256), ("conv5_x", 512))


class Conv(NamedTuple):
    """One conv of a block: k×k, ``filters`` outputs, its stride and groups (no bias: BN follows)."""

    kernel: int
    filters: int
    stride: int = 1
    groups: int = 1


def basic_convs(planes: int, stride: int) -> list[Conv]:
    """[3×3, w; 3×3, w]: the stride on the first 3×3."""
    return [Conv(3, planes, stride), Conv(3, planes)]


def bottleneck_convs(planes: int, stride: int, *, groups: int = 1, base_width: int = 64,
                     stride_on: str = "3x3") -> list[Conv]:
    """[1×1, d; 3×3, d (groups g); 1×1, 4·planes], d = ⌊planes · base_width / 64⌋ · g, the width
    rule of torchvision's Bottleneck: ResNet has g = 1, base_width = 64 (d = planes); ResNeXt
    "32×4d" has g = 32, base_width = 4 (conv2_x: d = 128); Wide ResNet-50-2 has base_width = 128
    (d = 2·planes). ``stride_on``: "1x1" (ResNet v1, the paper) or "3x3" (v1.5, ResNeXt, WRN)."""
    width = planes * base_width // 64 * groups
    s1, s3 = (stride, 1) if stride_on == "1x1" else (1, stride)
    return [Conv(1, width, s1), Conv(3, width, s3, groups), Conv(1, EXPANSION["bottleneck"] * planes)]


def conv(net: Network, name: str, spec: Conv, x: str, bias: bool = False) -> str:
    """A k×k conv with "same" padding ⌊k/2⌋."""
    return net.add(name, Conv2d(spec.filters, spec.kernel, stride=spec.stride,
                                padding=spec.kernel // 2, groups=spec.groups, bias=bias), inputs=x)


def post_activation(net: Network, x: str, convs: list[Conv]) -> str:
    """conv_i → bn_i, with relu_i between convs (ResNet's residual function F(x), Figure 2:
    the ReLU after the addition belongs to ``residual``)."""
    for i, spec in enumerate(convs, start=1):
        if i > 1:
            x = net.add(f"relu{i - 1}", ReLU())
        conv(net, f"conv{i}", spec, x)
        x = net.add(f"bn{i}", BatchNorm2d())
    return x


def shortcut(net: Network, x: str, out: int, stride: int, kind: str, bn: bool = True) -> str | None:
    """The shortcut path of a block (ResNet Section 3.3): ``projection`` a 1×1 conv (+ BN when
    ``bn``) named downsample; ``zero-pad`` option A; ``identity`` x itself; ``none`` no path."""
    if kind == "projection":
        path = conv(net, "downsample", Conv(1, out, stride), x)
        return net.add("downsample_bn", BatchNorm2d()) if bn else path
    if kind == "zero-pad":
        return net.add("shortcut", ZeroPadShortcut(out, stride), inputs=x)
    return x if kind == "identity" else None


def residual(net: Network, x: str, body: str, out: int, stride: int, kind: str) -> str:
    """Post-activation: relu(F(x) + shortcut(x)); a plain block (kind "none") only has the ReLU."""
    short = shortcut(net, x, out, stride, kind)
    if short is not None:
        body = net.add("add", Add(), inputs=[body, short])
    return net.add("relu", ReLU(), inputs=body)


def pre_activation(net: Network, x: str, convs: list[Conv], *, activate_input: bool = True,
                   dropout: float = 0.0) -> tuple[str, str]:
    """bn_i → relu_i → conv_i for each conv (Identity Mappings, Figure 4(e), "full
    pre-activation"). ``activate_input=False`` leaves out the first BN-ReLU, for a unit whose input
    is already activated (the paper's "first activation right after conv1"). ``dropout`` goes
    between the convs (Wide ResNet's "dropout between convolutions", Figure 1(d)). Returns the
    activated input (the unit's first BN-ReLU, or x) and the last conv."""
    activated = x
    for i, spec in enumerate(convs, start=1):
        if i > 1 or activate_input:
            net.add(f"bn{i}", BatchNorm2d(), inputs=x)
            x = net.add(f"relu{i}", ReLU())
            if i == 1:
                activated = x
        if i > 1 and dropout:
            x = net.add(f"dropout{i - 1}", Dropout(dropout, inplace=False), inputs=x)
        x = conv(net, f"conv{i}", spec, x)
    return activated, x


def preact_residual(net: Network, x: str, activated: str, body: str, out: int, stride: int,
                    kind: str, *, from_activated: bool, bn: bool) -> str:
    """F(x) + shortcut, no activation after the addition (Identity Mappings, Eq. 3). An identity
    shortcut is x itself; a projection (a 1×1 conv, + BN when ``bn``) reads x, or, when
    ``from_activated``, the unit's first BN-ReLU ("common BN, ReLU" before the split in the
    authors' resnet-pre-act.lua and in Wide ResNet's code)."""
    source = activated if kind == "projection" and from_activated else x
    short = shortcut(net, source, out, stride, kind, bn=bn)
    return net.add("add", Add(), inputs=[body, short])


# --- the ImageNet trunk: conv1, conv2_x … conv5_x, pool + fc -------------------------------------

#: a unit builder: (net, x, planes, stride, input channels, index of the unit in the net, from 0)
#: → the unit's output node
Unit = Callable[[Network, str, int, int, int, int], str]


def stem(net: Network, **meta) -> str:
    """conv1: 7×7/2 conv to 64 channels, BN, ReLU (stage ``conv1``; ``meta`` its table columns)."""
    with net.scope("conv1", kind="stage", **meta):
        conv(net, "conv", Conv(7, 64, 2), "input")
        net.add("bn", BatchNorm2d())
        return net.add("relu", ReLU())


def stages(net: Network, x: str, counts, unit: Unit, out_channels: Callable[[int], int], *,
           stage_meta: dict | None = None, block_meta: Callable[..., dict] | None = None) -> str:
    """conv2_x … conv5_x with ``counts`` units each: conv2_x starts with a 3×3/2 max pool, the
    first unit of conv3_x … conv5_x strides 2. Each unit is a scope ``blockN`` (kind "block");
    ``block_meta(stride, in_channels, out_channels)`` gives its report columns, ``stage_meta``
    each stage's (e.g. its Table 1 cell)."""
    channels, index = 64, 0
    for (stage, planes), n in zip(STAGES, counts):
        with net.scope(stage, kind="stage", **(stage_meta or {}).get(stage, {})):
            if stage == "conv2_x":
                with net.scope("pool", kind="block"):
                    x = net.add("maxpool", MaxPool2d(3, stride=2, padding=1), inputs=x)
            out = out_channels(planes)
            for i in range(n):
                stride = 2 if i == 0 and stage != "conv2_x" else 1
                meta = block_meta(stride, channels, out) if block_meta else {"stride": stride}
                with net.scope(f"block{i + 1}", kind="block", **meta):
                    x = unit(net, x, planes, stride, channels, index)
                channels, index = out, index + 1
    return x


def head(net: Network, x: str, num_classes: int, *, activate: bool = False, **meta) -> str:
    """pool_fc: global average pool and a ``num_classes``-way fc (the softmax left out, as
    torchvision does); ``activate`` puts a BN-ReLU first (a pre-activation net's last unit ends
    in an addition: Identity Mappings adds "an extra activation right after its element-wise
    addition")."""
    with net.scope("pool_fc", kind="stage", **meta):
        if activate:
            net.add("bn", BatchNorm2d(), inputs=x)
            x = net.add("relu", ReLU())
        net.add("avgpool", GlobalAvgPool2d(), inputs=x)
        return net.add("fc", Linear(num_classes))
