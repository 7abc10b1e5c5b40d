"""MnasNet: Tan, Chen, Pang, Vasudevan, Sandler, Howard & Le, "MnasNet: Platform-Aware Neural
Architecture Search for Mobile", CVPR 2019 (arXiv:1807.11626).

``mnasnet1.0`` is torchvision's ``mnasnet1_0`` (depth multiplier 1.0): the searched net of the
paper's first arXiv version, without squeeze-and-excitation (the TF reference's "mnasnet-b1").
The CVPR paper's headline net, MnasNet-A1 (Figure 7(a)), adds squeeze-and-excitation to three of
its stages and has another stage layout; it needs layers costcalc does not have yet (a sigmoid
gate multiplied over the channels), so it is not built here.

The layout, as torchvision builds it: a 3×3/2 conv to 32; a separable conv (3×3 depthwise, 1×1
to 16, no residual); six stacks of MBConv blocks (1×1 expansion to t·C, k×k depthwise carrying
the stride, 1×1 linear projection, BN after each conv and ReLU after the first two, x added back
where the shape is kept); a 1×1 conv to 1280; the global mean, Dropout(0.2) and the fc. Convs
have no bias.
"""

from __future__ import annotations

from costcalc.blocks.mobile import conv_norm_act, inverted_residual
from costcalc.graph import Network
from costcalc.layers import Dropout, GlobalAvgPool2d, Linear, ReLU
from costcalc.registry import Model

STEM = 32          # Conv 3×3, stride 2
SEPCONV = 16       # SepConv (k3×3): depthwise 3×3 at 32, 1×1 to 16
# The MBConv stacks: operator, expansion t, kernel k, output channels c, blocks n, first stride s.
STACKS = [
    ("MBConv3 (k3×3)", 3, 3, 24,  3, 2),
    ("MBConv3 (k5×5)", 3, 5, 40,  3, 2),
    ("MBConv6 (k5×5)", 6, 5, 80,  3, 2),
    ("MBConv6 (k3×3)", 6, 3, 96,  2, 1),
    ("MBConv6 (k5×5)", 6, 5, 192, 4, 2),
    ("MBConv6 (k3×3)", 6, 3, 320, 1, 1),
]
HEAD = 1280        # the 1×1 conv before pooling
DROPOUT = 0.2


def mnasnet(num_classes: int = 1000) -> Network:
    net = Network("mnasnet1.0", channels=3, size=224)
    with net.scope("conv1", kind="stage", operator="Conv 3×3", c=STEM, n=1, s=2):
        x = conv_norm_act(net, "conv", STEM, 3, 2, activation=ReLU, inputs="input")
    with net.scope("sepconv", kind="stage", operator="SepConv (k3×3)", c=SEPCONV, n=1, s=1):
        x = inverted_residual(net, "block1", STEM, STEM, SEPCONV, 3, 1, activation=ReLU, inputs=x)
    channels = SEPCONV
    for i, (operator, t, k, c, n, s) in enumerate(STACKS, start=1):
        with net.scope(f"stack{i}", kind="stage", operator=operator, c=c, n=n, s=s):
            for j in range(n):
                x = inverted_residual(net, f"block{j + 1}", channels, channels * t, c, k,
                                      s if j == 0 else 1, activation=ReLU, inputs=x)
                channels = c
    with net.scope("head", kind="stage", operator="Conv 1×1, pooling, FC", c=HEAD, n=1, s=1):
        conv_norm_act(net, "conv", HEAD, 1, activation=ReLU, inputs=x)
        net.add("pool", GlobalAvgPool2d())
        net.add("dropout", Dropout(DROPOUT))
        net.add("fc", Linear(num_classes))
    return net


MODELS = {"mnasnet1.0": Model("mnasnet1.0", mnasnet, "MnasNet 1.0 (torchvision's mnasnet1_0; the "
                              "first arXiv version's net, no squeeze-and-excitation)",
                              "Tan et al. 2019, arXiv:1807.11626v1; torchvision.models")}
