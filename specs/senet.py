"""SE-ResNet: Hu, Shen, Albanie, Sun & Wu, "Squeeze-and-Excitation Networks", CVPR 2018 /
TPAMI 2019 (arXiv:1709.01507), Table 1 (middle column: SE-ResNet-50) and Section 4.

ResNet-50's trunk (He et al. 2016, Table 1) with a squeeze-and-excitation block in every
bottleneck (Fig. 3, "SE-ResNet module"): the residual branch's output U (C channels) is pooled
to C×1×1, squeezed by an fc to C/r, ReLU, expanded by an fc back to C, a sigmoid, and multiplied
into U before the addition with the shortcut. r = 16 in every block (Section 4: "We set the
reduction ratio r ... to 16 in all experiments"); the fcs are 1×1 convs with bias on the pooled
map, as in the authors' released Caffe models and torchvision's SqueezeExcitation.

Where the downsampling bottleneck strides is not in the paper; its GFLOPs settle it. Table 2
prints 3.86 for ResNet-50 and 3.87 for SE-ResNet-50: ResNet v1 (stride on the first 1×1, as the
authors' Caffe models and Cadene's port of them, "It follows Caffe implementation and uses
stride=stride in conv1") counts 3.86 G MACs, v1.5 (stride on the 3×3) 4.09 G. So this is v1.

There is no torchvision twin. The parameter count is checked against the paper's Table 10
("28.1M" at r = 16) and the formula of Section 4, Eq. (5): ResNet-50's 25,557,032 plus
(2/r)·Σ N_s·C_s² weights and the fcs' biases (tests/test_senet.py writes it out).
"""

from __future__ import annotations

from costcalc.blocks.mobile import squeeze_excitation
from costcalc.blocks.resnet import EXPANSION, STAGES, bottleneck_convs, head, post_activation, residual, stages, stem
from costcalc.graph import Network
from costcalc.options import between, choice, declare
from costcalc.registry import Model

# Blocks per stage, conv2_x … conv5_x: Table 1's SE-ResNet-50 column (and ResNet's Table 1 for
# the deeper nets of the paper's Table 2).
TABLE_1 = {50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}
REDUCTION = 16   # r, "the reduction ratio r ... to 16 in all experiments"


def _cell(planes: int, n: int, reduction: int) -> str:
    """A stage's Table 1 cell: '[conv, 1×1, 64; conv, 3×3, 64; conv, 1×1, 256; fc, [16, 256]] × 3'."""
    out = EXPANSION["bottleneck"] * planes
    return (f"[conv, 1×1, {planes}; conv, 3×3, {planes}; conv, 1×1, {out}; "
            f"fc, [{out // reduction}, {out}]] × {n}")


@declare(depth=choice(*TABLE_1, help="a depth with a stage layout (50, 101 or 152)"),
         reduction=between(1, help="reduction ratio r: the excitation squeezes C to C // r"))
def se_resnet(depth: int = 50, reduction: int = REDUCTION, num_classes: int = 1000) -> Network:
    """SE-ResNet-``depth``: ResNet v1 bottlenecks, each with squeeze-excitation (C → C // r → C)
    on its residual branch before the addition."""
    counts = TABLE_1[depth]
    net = Network(f"se-resnet{depth}", channels=3, size=224,
                  description=f"SE-ResNet-{depth}, reduction r = {reduction}", notes=(
        f"squeeze-excitation in every bottleneck: pool, fc C → C/{reduction}, ReLU, fc → C, "
        "sigmoid, channel-wise scale before the addition",
        "v1: a downsampling bottleneck strides on its first 1×1 (the authors' Caffe models)"))
    x = stem(net, **{"Table 1": "conv, 7×7, 64, stride 2"})

    def unit(net: Network, x: str, planes: int, stride: int, channels: int, index: int) -> str:
        out = EXPANSION["bottleneck"] * planes
        body = post_activation(net, x, bottleneck_convs(planes, stride, stride_on="1x1"))
        body = squeeze_excitation(net, "se", out, out // reduction, inputs=body)
        kind = "projection" if stride != 1 or channels != out else "identity"
        return residual(net, x, body, out, stride, kind)

    x = stages(net, x, counts, unit, lambda planes: EXPANSION["bottleneck"] * planes,
               stage_meta={stage: {"Table 1": _cell(planes, n, reduction)}
                           for (stage, planes), n in zip(STAGES, counts)})
    head(net, x, num_classes, **{"Table 1": f"global average pool, {num_classes}-d fc, softmax"})
    return net


MODELS = {"se-resnet50": Model("se-resnet50", se_resnet, "SE-ResNet-50 (r = 16), ResNet-50 v1 with "
                               "squeeze-and-excitation in every bottleneck; no torchvision twin",
                               "Hu et al. 2018, Table 1", options={"depth": 50})}
