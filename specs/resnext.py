"""ResNeXt: Xie, Girshick, Dollár, Tu & He, "Aggregated Residual Transformations for Deep Neural
Networks", CVPR 2017, Table 1 (ResNeXt-50, 32×4d) and Section 3 (the template).

ResNet's trunk (conv1 7×7/2, a 3×3/2 max pool, four stages, global average pool, fc) with
bottleneck blocks whose 3×3 is a grouped conv: cardinality C groups of d channels each in
conv2_x, the width doubling each stage, [1×1, C·d; 3×3, C·d, C groups; 1×1, 256·2^i]. Downsampling
is a stride-2 3×3 in the first block of conv3_x … conv5_x, shortcuts are identities with
projections (1×1 conv + BN) where the shape changes, BN follows every conv (no conv bias).

The paper's net and torchvision's ``resnext50_32x4d`` / ``resnext101_32x8d`` /
``resnext101_64x4d`` are the same layout, so each has one name here. The paper prints ResNeXt-50's
"# params. 25.0×10^6" and "FLOPs 4.2×10^9" (Table 1); 32×8d is not in the paper's tables (its
ResNeXt-101 rows are 32×4d and 64×4d): it is torchvision's, built by the same template.
"""

from __future__ import annotations

from costcalc.blocks.resnet import (EXPANSION, STAGES, bottleneck_convs, head, post_activation,
                                    residual, stages, stem)
from costcalc.graph import Network
from costcalc.registry import Model
from costcalc.options import between, choice, declare

# Blocks per stage, conv2_x … conv5_x (Table 1 for 50; ResNet's Table 1 for 101).
DEPTHS = {50: (3, 4, 6, 3), 101: (3, 4, 23, 3)}


def _cell(planes: int, cardinality: int, width: int, n: int) -> str:
    """A stage's Table 1 cell, e.g. '[1×1, 128; 3×3, 128, C=32; 1×1, 256] × 3'."""
    d = planes * width // 64 * cardinality
    return f"[1×1, {d}; 3×3, {d}, C={cardinality}; 1×1, {EXPANSION['bottleneck'] * planes}] × {n}"


@declare(depth=choice(*DEPTHS, help="a depth with a stage layout (50 or 101)"),
         cardinality=between(1, help="cardinality C: the number of groups"),
         width=between(1, help="bottleneck width d: channels per group"))
def resnext(depth: int = 50, cardinality: int = 32, width: int = 4, num_classes: int = 1000) -> Network:
    """ResNeXt-``depth`` (``cardinality``×``width``d): ``width`` is d, each group's channels in
    conv2_x (torchvision's width_per_group)."""
    counts = DEPTHS[depth]
    released = (depth, cardinality, width) in ((50, 32, 4), (101, 32, 8), (101, 64, 4))
    net = Network(f"resnext{depth}-{cardinality}x{width}d", channels=3, size=224, description=(
        f"ResNeXt-{depth} ({cardinality}×{width}d), "
        + ("the paper's and torchvision's layout" if released else "the paper's template")))
    x = stem(net, **{"Table 1": "7×7, 64, stride 2"})

    def unit(net: Network, x: str, planes: int, stride: int, channels: int, index: int) -> str:
        out = EXPANSION["bottleneck"] * planes
        convs = bottleneck_convs(planes, stride, groups=cardinality, base_width=width)
        kind = "projection" if stride != 1 or channels != out else "identity"
        return residual(net, x, post_activation(net, x, convs), out, stride, kind)

    x = stages(net, x, counts, unit, lambda planes: EXPANSION["bottleneck"] * planes,
               stage_meta={stage: {"Table 1": _cell(planes, cardinality, width, n)}
                           for (stage, planes), n in zip(STAGES, counts)})
    head(net, x, num_classes, **{"Table 1": f"global average pool, {num_classes}-d fc"})
    return net


def _model(depth: int, cardinality: int, width: int) -> Model:
    name = f"resnext{depth}-{cardinality}x{width}d"
    source = ("Xie et al. 2017, Table 1" if (depth, cardinality, width) == (50, 32, 4) else
              "Xie et al. 2017, Section 3 template" + ("" if width == 4 else "; torchvision.models"))
    return Model(name, resnext, f"ResNeXt-{depth} ({cardinality}×{width}d), the paper's and "
                 "torchvision's layout", source,
                 options={"depth": depth, "cardinality": cardinality, "width": width})


MODELS = {m.name: m for m in (_model(50, 32, 4), _model(101, 32, 8), _model(101, 64, 4))}
