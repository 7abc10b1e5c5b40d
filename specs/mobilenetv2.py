"""MobileNetV2: Sandler, Howard, Zhu, Zhmoginov & Chen, "MobileNetV2: Inverted Residuals and
Linear Bottlenecks", CVPR 2018, Table 2 (the body) and Table 1 (the bottleneck block).

Each "bottleneck" row is n inverted residuals: 1×1 expansion to t·C (none when t = 1), 3×3
depthwise, 1×1 linear projection to c, BN after each conv and ReLU6 after the first two; the
first of the n strides s, and x is added back where the shape is kept. Then a 1×1 conv to 1280,
a global average pool and the classifier; Table 2's last row is a 1×1 conv to k classes, i.e. a
fully-connected layer with bias on the pooled 1280 values, as torchvision's Linear (with its
Dropout(0.2) before it). Convs have no bias.

The paper's net and torchvision's ``mobilenet_v2`` are the same layout, one name (Table 4 prints
"3.4M" parameters and "300M" multiply-adds for it, without saying whether BN is counted). The width
multiplier ``alpha`` rounds every width to a multiple of 8 as torchvision does (``width_mult``,
``_make_divisible``), and keeps the last conv's 1280 for α < 1 (Section 6.1: "for multipliers
less than one, we apply width multiplier to all layers except the very last convolutional
layer").
"""

from __future__ import annotations

from costcalc.blocks.mobile import conv_norm_act, inverted_residual, make_divisible
from costcalc.graph import Network
from costcalc.layers import Dropout, GlobalAvgPool2d, Linear, ReLU6
from costcalc.registry import Model
from costcalc.options import between, declare

# Table 2, as printed: input, operator, t, c, n, s ("-" where the paper prints none).
TABLE_2 = [
    ("224²×3",    "conv2d",      "-", 32,   1,   2),
    ("112²×32",   "bottleneck",  1,   16,   1,   1),
    ("112²×16",   "bottleneck",  6,   24,   2,   2),
    ("56²×24",    "bottleneck",  6,   32,   3,   2),
    ("28²×32",    "bottleneck",  6,   64,   4,   2),
    ("14²×64",    "bottleneck",  6,   96,   3,   1),
    ("14²×96",    "bottleneck",  6,   160,  3,   2),
    ("7²×160",    "bottleneck",  6,   320,  1,   1),
    ("7²×320",    "conv2d 1x1",  "-", 1280, 1,   1),
    ("7²×1280",   "avgpool 7x7", "-", "-",  1,   "-"),
    ("1×1×1280",  "conv2d 1x1",  "-", "k",  "-", "-"),
]
DROPOUT = 0.2   # torchvision's classifier (the paper does not print one)


@declare(alpha=between(0, low_open=True, help="width multiplier α: scales every layer's channels"))
def mobilenetv2(alpha: float = 1.0, num_classes: int = 1000) -> Network:
    net = Network("mobilenetv2", channels=3, size=224,
                  description=f"MobileNetV2 (α = {alpha:g}), the paper's and torchvision's layout")
    x, channels, bottleneck, conv = "input", 3, 0, 0
    for size, operator, t, c, n, s in TABLE_2:
        meta = {"input": size, "operator": operator, "t": t, "c": c, "n": n, "s": s}
        if operator == "bottleneck":
            bottleneck += 1
            out = make_divisible(c * alpha)
            with net.scope(f"bottleneck{bottleneck}", kind="stage", **meta):
                for i in range(n):
                    x = inverted_residual(net, f"block{i + 1}", channels, channels * t, out, 3,
                                          s if i == 0 else 1, activation=ReLU6, inputs=x)
                    channels = out
        elif operator.startswith("conv2d") and c != "k":
            conv += 1
            out = make_divisible(c * max(alpha, 1.0)) if c == 1280 else make_divisible(c * alpha)
            with net.scope(f"conv{conv}", kind="stage", **meta):
                x = conv_norm_act(net, "conv", out, 3 if operator == "conv2d" else 1, s, activation=ReLU6,
                                  inputs=x)
            channels = out
        elif operator.startswith("avgpool"):
            with net.scope("avgpool", kind="stage", **meta):
                x = net.add("pool", GlobalAvgPool2d(), inputs=x)
        else:
            with net.scope("classifier", kind="stage", **{**meta, "c": num_classes}):
                net.add("dropout", Dropout(DROPOUT, inplace=False), inputs=x)  # nn.Dropout(p)
                net.add("fc", Linear(num_classes))
    return net


MODELS = {"mobilenetv2": Model("mobilenetv2", mobilenetv2, "MobileNetV2 (α = 1), the paper's and "
                               "torchvision's layout", "Sandler et al. 2018, Table 2")}
