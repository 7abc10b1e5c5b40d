"""DenseNet: Huang, Liu, van der Maaten & Weinberger, "Densely Connected Convolutional Networks",
CVPR 2017, Table 1 (the ImageNet DenseNet-BC nets, growth rate k = 32).

Convolution (7×7 conv to 2k maps, stride 2) and pooling (3×3 max pool, stride 2); four dense
blocks of [1×1 conv; 3×3 conv] × n layers, each layer BN-ReLU-Conv(1×1, 4k)-BN-ReLU-Conv(3×3, k)
on the concatenation of everything before it in the block; between blocks a transition layer
(BN-ReLU, 1×1 conv to θ·m maps with compression θ = 0.5, 2×2 average pool, stride 2); then
BN-ReLU, a 7×7 global average pool and the 1000-way fc (softmax left out). Convs have no bias.

The paper's nets and torchvision's ``densenet121`` / ``densenet169`` / ``densenet201`` are the
same layout (BN after conv0, a final BN before the pool), one name each. DenseNet-264 has no
torchvision twin; ``densenet161`` (k = 48, 96 initial maps) is not in Table 1: it is the
authors' released model that torchvision ships.
"""

from __future__ import annotations

from fractions import Fraction

from costcalc.blocks.densenet import dense_block, transition
from costcalc.graph import Network
from costcalc.layers import BatchNorm2d, Conv2d, GlobalAvgPool2d, Linear, MaxPool2d, ReLU
from costcalc.registry import Model
from costcalc.options import between, choice, declare

# Table 1: layers per dense block (1) … (4), per depth; densenet161 from torchvision (k = 48).
TABLE_1 = {
    121: (6, 12, 24, 16),
    169: (6, 12, 32, 32),
    201: (6, 12, 48, 32),
    264: (6, 12, 64, 48),
    161: (6, 12, 36, 24),
}
GROWTH = 32          # k, Table 1's caption: "The growth rate for all the networks is k = 32"
BN_SIZE = 4          # DenseNet-B: "let each 1×1 convolution produce 4k feature-maps"
COMPRESSION = Fraction(1, 2)   # DenseNet-C: θ = 0.5 (Section 3, "Compression")


@declare(depth=choice(*TABLE_1, help="a depth of Table 1 (or torchvision's 161)"),
         growth=between(1, help="growth rate k: feature maps each layer adds"))
def densenet(depth: int = 121, growth: int = GROWTH, num_classes: int = 1000) -> Network:
    twin = ("torchvision's layout" if (depth, growth) == (161, 48) else "the paper's layout"
            + (" and torchvision's" if depth in (121, 169, 201) and growth == GROWTH else ""))
    net = Network(f"densenet{depth}", channels=3, size=224,
                  description=f"DenseNet-BC-{depth} (k = {growth}), {twin}")
    channels = 2 * growth    # "the initial convolution layer comprises 2k convolutions"
    with net.scope("convolution", kind="stage", **{"Table 1": "7×7 conv, stride 2"}):
        net.add("conv0", Conv2d(channels, 7, stride=2, padding=3, bias=False))
        net.add("norm0", BatchNorm2d())
        net.add("relu0", ReLU())
    with net.scope("pooling", kind="stage", **{"Table 1": "3×3 max pool, stride 2"}):
        x = net.add("pool0", MaxPool2d(3, stride=2, padding=1))
    blocks = TABLE_1[depth]
    for i, layers in enumerate(blocks, start=1):
        with net.scope(f"dense_block{i}", kind="stage",
                       **{"Table 1": f"[1×1 conv; 3×3 conv] × {layers}"}):
            x = dense_block(net, x, layers, growth, BN_SIZE)
        channels += layers * growth
        if i < len(blocks):
            channels = int(channels * COMPRESSION)   # ⌊θ·m⌋, torchvision's num_features // 2
            with net.scope(f"transition{i}", kind="stage",
                           **{"Table 1": "1×1 conv; 2×2 average pool, stride 2"}):
                x = transition(net, x, channels)
    with net.scope("classification", kind="stage",
                   **{"Table 1": f"7×7 global average pool, {num_classes}D fully-connected"}):
        net.add("norm5", BatchNorm2d(), inputs=x)
        net.add("relu", ReLU())
        net.add("avgpool", GlobalAvgPool2d())
        net.add("classifier", Linear(num_classes))
    return net


def _model(depth: int) -> Model:
    growth = 48 if depth == 161 else GROWTH
    source = "torchvision.models (the authors' k = 48 model)" if depth == 161 else "Huang et al. 2017, Table 1"
    twin = "torchvision's layout" if depth == 161 else (
        "the paper's layout" + ("" if depth == 264 else " and torchvision's"))
    return Model(f"densenet{depth}", densenet, f"DenseNet-BC-{depth} (k = {growth}), {twin}", source,
                 options={"depth": depth, "growth": growth})


MODELS = {f"densenet{d}": _model(d) for d in TABLE_1}
