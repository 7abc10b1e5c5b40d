"""Wide Residual Networks: Zagoruyko & Komodakis, BMVC 2016, Table 1 (the CIFAR nets WRN-d-k)
and the ImageNet experiments (WRN-50-2-bottleneck).

CIFAR (``wrn-28-10``, 32×32 inputs, 10 classes): conv1 is one 3×3 conv to 16 channels; conv2,
conv3, conv4 hold N = (d − 4)/6 wide basic units [3×3, 16k·2^i; 3×3, 16k·2^i] each, conv3 and
conv4 starting with stride 2; then BN-ReLU, an 8×8 average pool and the fc. The units are
pre-activation (BN-ReLU-conv, Figure 1(c)); where the width changes, the BN-ReLU comes before
the split and the shortcut is a 1×1 conv (no BN), as in the authors' code; no conv has a bias.
``dropout`` > 0 puts Wide ResNet's dropout between the two convs (Figure 1(d)): no parameters,
no MACs. The paper's CIFAR results tables print "36.5M" parameters for WRN-28-10; there is no
torchvision twin.

ImageNet (``wide-resnet50-2``, ``wide-resnet101-2``): ResNet-50/101 (post-activation,
torchvision's stride on the 3×3) whose bottleneck 1×1 reduce and 3×3 are k = 2 times wider,
the block outputs unchanged: the paper's WRN-50-2-bottleneck ("68.9M" parameters in its ImageNet
table) and torchvision's ``wide_resnet50_2`` / ``wide_resnet101_2`` are the same net, one name
each.
"""

from __future__ import annotations

from costcalc.blocks.resnet import (EXPANSION, STAGES, Conv, basic_convs, bottleneck_convs, conv,
                                    head, post_activation, pre_activation, preact_residual,
                                    residual, stages, stem)
from costcalc.errors import OptionError
from costcalc.graph import Network
from costcalc.layers import AvgPool2d, BatchNorm2d, Flatten, Linear, ReLU
from costcalc.registry import Model
from costcalc.options import between, choice, declare

# Table 1 (CIFAR): group, output size, the unit's width before the factor k, the first stride.
TABLE_1 = (("conv2", 32, 16, 1), ("conv3", 16, 32, 2), ("conv4", 8, 64, 2))
STEM_WIDTH = 16          # conv1: [3×3, 16]
POOL = 8                 # avg-pool: [8×8]

# ImageNet: blocks per stage, conv2_x … conv5_x (ResNet's Table 1).
DEPTHS = {50: (3, 4, 6, 3), 101: (3, 4, 23, 3)}


@declare(k=between(1, help="widening factor k: multiplies every group's width"),
         dropout=between(0, 1, help="dropout probability between the convs (no cost at inference)"))
def wrn(depth: int = 28, k: int = 10, dropout: float = 0.0, num_classes: int = 10) -> Network:
    """WRN-``depth``-``k`` on CIFAR: N = (depth − 4)/6 units per group."""
    if type(depth) is not int or depth < 10 or (depth - 4) % 6:
        raise OptionError("option depth", "a WRN's depth is 6N + 4 (two convs per unit, three "
                          "groups, conv1 and the fc)", "10, 16, 22, 28, 34, 40, …", repr(depth))
    n = (depth - 4) // 6
    net = Network(f"wrn-{depth}-{k}", channels=3, size=32, description=(
        f"WRN-{depth}-{k} on CIFAR-10 (10 classes)" if num_classes == 10 else
        f"WRN-{depth}-{k}, CIFAR layout, {num_classes} classes"))
    with net.scope("conv1", kind="stage", **{"Table 1": f"[3×3, {STEM_WIDTH}]"}):
        x = conv(net, "conv", Conv(3, STEM_WIDTH), "input")
    channels = STEM_WIDTH
    for group, size, width, first_stride in TABLE_1:
        out = width * k
        cell = f"[3×3, {out}; 3×3, {out}] × {n}"
        with net.scope(group, kind="stage", **{"Table 1": cell, "output size": f"{size}×{size}"}):
            for i in range(n):
                stride = first_stride if i == 0 else 1
                kind = "projection" if stride != 1 or channels != out else "identity"
                with net.scope(f"block{i + 1}", kind="block", stride=stride, shortcut=kind):
                    activated, body = pre_activation(net, x, basic_convs(out, stride), dropout=dropout)
                    x = preact_residual(net, x, activated, body, out, stride, kind,
                                        from_activated=True, bn=False)
                channels = out
    with net.scope("avg-pool", kind="stage", **{"Table 1": f"[{POOL}×{POOL}]"}):
        net.add("bn", BatchNorm2d(), inputs=x)
        net.add("relu", ReLU())
        net.add("avgpool", AvgPool2d(POOL, stride=1))
        net.add("flatten", Flatten())
        net.add("fc", Linear(num_classes))
    return net


@declare(depth=choice(*DEPTHS, help="a depth with a stage layout (50 or 101)"),
         k=between(1, help="widening factor k: multiplies the bottleneck width"))
def wide_resnet(depth: int = 50, k: int = 2, num_classes: int = 1000) -> Network:
    """WRN-``depth``-``k``-bottleneck on ImageNet: ResNet-``depth`` with bottlenecks k times wider
    inside (torchvision's width_per_group = 64·k)."""
    net = Network(f"wide-resnet{depth}-{k}", channels=3, size=224, description=(
        f"Wide ResNet-{depth}-{k} (bottleneck), the paper's"
        + (" and torchvision's layout" if k == 2 else " layout")))
    x = stem(net)

    def out_of(planes: int) -> int:
        return EXPANSION["bottleneck"] * planes

    def unit(net: Network, x: str, planes: int, stride: int, channels: int, index: int) -> str:
        convs = bottleneck_convs(planes, stride, base_width=64 * k)
        kind = "projection" if stride != 1 or channels != out_of(planes) else "identity"
        return residual(net, x, post_activation(net, x, convs), out_of(planes), stride, kind)

    x = stages(net, x, DEPTHS[depth], unit, out_of,
               stage_meta={stage: {"width": f"[1×1, {k * planes}; 3×3, {k * planes}; 1×1, "
                                            f"{out_of(planes)}] × {n}"}
                           for (stage, planes), n in zip(STAGES, DEPTHS[depth])})
    head(net, x, num_classes)
    return net


MODELS = {m.name: m for m in (
    Model("wrn-28-10", wrn, "WRN-28-10 on CIFAR-10 (32×32, 10 classes)",
          "Zagoruyko & Komodakis 2016, Table 1", options={"depth": 28, "k": 10}),
    *(Model(f"wide-resnet{d}-2", wide_resnet, f"Wide ResNet-{d}-2 (bottleneck), the paper's and "
            "torchvision's layout", "Zagoruyko & Komodakis 2016, ImageNet experiments; "
            "torchvision.models", options={"depth": d, "k": 2}) for d in DEPTHS),
)}
