"""Xception: Chollet, "Xception: Deep Learning with Depthwise Separable Convolutions", CVPR 2017,
Figure 5 (entry, middle and exit flow) on 299×299 inputs.

Every SeparableConv is a 3×3 depthwise conv then a 1×1 pointwise conv, with no non-linearity
between them (Section 4.7) and "same" padding; every conv and separable conv is followed by batch
normalization (the figure leaves the BN out, "all Convolution and SeparableConvolution layers are
followed by batch normalization"). Entry flow: two 3×3 convs (32 stride 2, 64, no padding), then
three modules of [ReLU, SeparableConv; ReLU, SeparableConv; 3×3/2 max pool] with a 1×1 stride-2
conv (+ BN) on the shortcut (the first module has no leading ReLU: the stem's ReLU comes before
it). Middle flow: eight modules of three [ReLU, SeparableConv 728] with identity shortcuts. Exit
flow: one more module to 1024 with a 1×1/2 shortcut, SeparableConv 1536 and 2048 (each with ReLU),
global average pooling and the fc ("logistic regression"). Convs have no bias. Built as the
author's Keras reference (keras.applications.Xception) does it.

The paper's Table 3 prints Xception's parameter count as 22,855,952: the weights, the fc's biases
and the batch norms' γ and β, i.e. costcalc's params (Keras's "trainable params"; its 54,528
non-trainable ones are the BN running statistics, costcalc's buffers). There is no torchvision
twin, so the MACs are the layer rules' alone.
"""

from __future__ import annotations

from costcalc.graph import Network
from costcalc.layers import Add, BatchNorm2d, Conv2d, GlobalAvgPool2d, Linear, MaxPool2d, ReLU
from costcalc.registry import Model

# Figure 5, as drawn: per flow, its modules as (SeparableConv widths, downsampling, repeats).
# A downsampling module ends in a 3×3/2 max pool and has a 1×1/2 conv (+ BN) on its shortcut.
ENTRY_STEM = [(32, 2), (64, 1)]     # Conv 32, 3×3, stride 2×2; Conv 64, 3×3 (no padding)
FLOWS = {
    "entry_flow": [([128, 128], True, 1), ([256, 256], True, 1), ([728, 728], True, 1)],
    "middle_flow": [([728, 728, 728], False, 8)],           # "Repeated 8 times"
    "exit_flow": [([728, 1024], True, 1)],
}
EXIT_CONVS = [1536, 2048]           # SeparableConv 1536, 3×3 and 2048, 3×3, each then ReLU
SIZE = 299


def separable(net: Network, name: str, x: str, c_in: int, filters: int) -> str:
    """SeparableConv 3×3 then BN: a 3×3 depthwise conv ("same" padding) and a 1×1 pointwise conv,
    nothing between them."""
    net.add(f"{name}_dw", Conv2d(c_in, 3, padding=1, groups=c_in, bias=False), inputs=x)
    net.add(f"{name}_pw", Conv2d(filters, 1, bias=False))
    return net.add(f"{name}_bn", BatchNorm2d())


def module(net: Network, x: str, c_in: int, widths: list[int], downsample: bool, leading_relu: bool) -> str:
    """One module of Figure 5: [ReLU, SeparableConv] per width, then (downsampling) a 3×3/2 max
    pool; plus the shortcut, a 1×1/2 conv + BN when downsampling, else x."""
    if downsample:
        net.add("residual", Conv2d(widths[-1], 1, stride=2, bias=False), inputs=x)
        short = net.add("residual_bn", BatchNorm2d())
    else:
        short = x
    y, channels = x, c_in
    for i, width in enumerate(widths, start=1):
        if i > 1 or leading_relu:
            # the module's first ReLU writes a new tensor: the shortcut still reads x
            y = net.add(f"sepconv{i}_act", ReLU(inplace=i > 1), inputs=y)
        y = separable(net, f"sepconv{i}", y, channels, width)
        channels = width
    if downsample:
        y = net.add("pool", MaxPool2d(3, stride=2, padding=1))
    return net.add("add", Add(), inputs=[y, short])


def xception(num_classes: int = 1000) -> Network:
    net = Network("xception", channels=3, size=SIZE, description="Xception (Keras reference layout)")
    block = 1
    with net.scope("entry_flow", kind="stage"):
        with net.scope("block1", kind="block"):
            for i, (filters, stride) in enumerate(ENTRY_STEM, start=1):
                net.add(f"conv{i}", Conv2d(filters, 3, stride=stride, bias=False))
                net.add(f"conv{i}_bn", BatchNorm2d())
                x = net.add(f"conv{i}_act", ReLU())
    channels = ENTRY_STEM[-1][0]
    for flow, modules in FLOWS.items():
        with net.scope(flow, kind="stage"):
            for widths, downsample, repeats in modules:
                for _ in range(repeats):
                    block += 1
                    with net.scope(f"block{block}", kind="block"):
                        x = module(net, x, channels, widths, downsample, leading_relu=block > 2)
                    channels = widths[-1]
            if flow == "exit_flow":
                block += 1
                with net.scope(f"block{block}", kind="block"):
                    for i, width in enumerate(EXIT_CONVS, start=1):
                        separable(net, f"sepconv{i}", x, channels, width)
                        x = net.add(f"sepconv{i}_act", ReLU())
                        channels = width
                with net.scope("head", kind="block"):
                    net.add("avgpool", GlobalAvgPool2d(), inputs=x)
                    net.add("fc", Linear(num_classes))
    return net


MODELS = {"xception": Model("xception", xception, "Xception on 299×299 (Keras reference layout)",
                            "Chollet 2017, Figure 5 and Table 3")}
