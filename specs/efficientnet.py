"""EfficientNet B0–B7: Tan & Le, "EfficientNet: Rethinking Model Scaling for Convolutional Neural
Networks", ICML 2019, Table 1 (the B0 baseline) and Section 3.3 (compound scaling); as built by
torchvision's ``efficientnet_b0`` … ``efficientnet_b7``.

* Table 1 below is the paper's, one row per stage. The strides are not a column of the paper: they
  are read from the resolution column (a stage's stride is its input resolution over the next
  stage's), which gives torchvision's 1, 2, 2, 2, 1, 2, 1.
* MBConv blocks (Section 4, after MnasNet): a 1×1 expansion by the row's ratio (left out for
  MBConv1), a depthwise k×k conv, squeeze-excitation to max(1, C_in // 4) channels (torchvision:
  a quarter of the block's *input* channels, with SiLU and a Sigmoid gate), a linear 1×1
  projection; batch norm after every conv, SiLU after expansion and depthwise conv; the input
  added back when the stride is 1 and the channels match (through stochastic depth, the identity
  at inference). Stage 9 is Conv1×1 (1280) + SiLU, global pooling, dropout and FC.
* Compound scaling: each variant's (width, depth, resolution, dropout) coefficients, from the
  authors' reference code (``efficientnet_builder.py``) as torchvision uses them. Channels are
  ``make_divisible(c · width, 8)``, repeats ⌈n · depth⌉.
* Is torchvision's layout the paper's? Yes, block for block: the layers, channels, repeats,
  squeeze ratio and head are the reference code's. torchvision differs only in details that do
  not change a count: batch norm eps 1e-3 for B5–B7 (ported weights), and its B2 weights are
  evaluated at 288×288, where the paper's B2 resolution is 260 (used here).
"""

from __future__ import annotations

import math

from costcalc.blocks.mobile import conv_norm_act, make_divisible, mbconv
from costcalc.errors import OptionError
from costcalc.graph import Network
from costcalc.layers import AdaptiveAvgPool2d, Dropout, Flatten, Linear, SiLU
from costcalc.registry import Model

PAPER = "Tan & Le 2019 (EfficientNet)"

# Table 1 of the paper: EfficientNet-B0. Stage, operator, resolution H×W, #channels, #layers.
TABLE_1 = [
    (1, "Conv3x3",               224, 32,   1),
    (2, "MBConv1, k3x3",         112, 16,   1),
    (3, "MBConv6, k3x3",         112, 24,   2),
    (4, "MBConv6, k5x5",         56,  40,   2),
    (5, "MBConv6, k3x3",         28,  80,   3),
    (6, "MBConv6, k5x5",         14,  112,  3),
    (7, "MBConv6, k5x5",         14,  192,  4),
    (8, "MBConv6, k3x3",         7,   320,  1),
    (9, "Conv1x1 & Pooling & FC", 7,  1280, 1),
]

# (width, depth, resolution, dropout) per variant: the reference code's compound coefficients.
SCALING = {
    "b0": (1.0, 1.0, 224, 0.2),
    "b1": (1.0, 1.1, 240, 0.2),
    "b2": (1.1, 1.2, 260, 0.3),
    "b3": (1.2, 1.4, 300, 0.3),
    "b4": (1.4, 1.8, 380, 0.4),
    "b5": (1.6, 2.2, 456, 0.4),
    "b6": (1.8, 2.6, 528, 0.5),
    "b7": (2.0, 3.1, 600, 0.5),
}
STOCHASTIC_DEPTH = 0.2  # torchvision: the last block's drop probability, linear in block index


def _operator(text: str) -> tuple[int, int]:
    """'MBConv6, k5x5' → (expand ratio 6, kernel 5)."""
    block, kernel = text.split(", k")
    return int(block.removeprefix("MBConv")), int(kernel.split("x")[0])


def _check(variant, num_classes) -> None:
    if variant not in SCALING:
        raise OptionError("option variant", "the variant is one of the paper's B0–B7",
                          " | ".join(SCALING), repr(variant))
    if not isinstance(num_classes, int) or isinstance(num_classes, bool) or num_classes < 1:
        raise OptionError("option num_classes", "the FC layer needs at least one class",
                          "a whole number ≥ 1", repr(num_classes))


def efficientnet(variant: str = "b0", num_classes: int = 1000) -> Network:
    """Walk Table 1, scaled by the variant's width and depth coefficients."""
    _check(variant, num_classes)
    width, depth, resolution, dropout = SCALING[variant]
    net = Network(f"efficientnet-{variant}", channels=3, size=resolution,
                  description=f"EfficientNet-{variant.upper()} (width ×{width:g}, depth ×{depth:g})", notes=(
        f"compound scaling: width ×{width:g}, depth ×{depth:g}, {resolution}×{resolution} input, "
        f"dropout {dropout:g}; channels make_divisible(c·{width:g}, 8), repeats ⌈n·{depth:g}⌉",
        "squeeze-excitation to max(1, C_in // 4) channels (SiLU, Sigmoid gate) in every MBConv; "
        "stochastic depth is the identity at inference",))
    strides = [TABLE_1[i][2] // TABLE_1[i + 1][2] for i in range(len(TABLE_1) - 1)]
    repeats = [math.ceil(row[4] * depth) for row in TABLE_1[1:-1]]
    total, done = sum(repeats), 0
    channels = make_divisible(TABLE_1[0][3] * width)
    silu = lambda: SiLU(inplace=True)  # noqa: E731  (torchvision's Conv2dNormActivation)
    for (stage, operator, _, filters, _), stride in zip(TABLE_1, strides + [1]):
        with net.scope(f"stage{stage}", kind="stage", operator=operator):
            if stage == 1:
                conv_norm_act(net, "conv", channels, 3, stride=stride, activation=silu)
                continue
            if stage == len(TABLE_1):
                conv_norm_act(net, "conv", make_divisible(filters * width), 1, activation=silu)
                net.add("avgpool", AdaptiveAvgPool2d(1))
                net.add("flatten", Flatten())
                net.add("dropout", Dropout(dropout))
                net.add("fc", Linear(num_classes))
                continue
            ratio, kernel = _operator(operator)
            out = make_divisible(filters * width)
            for i in range(repeats[stage - 2]):
                mbconv(net, f"block{i + 1}", channels, out, ratio, kernel, stride if i == 0 else 1,
                       activation=silu, stochastic_depth=STOCHASTIC_DEPTH * done / total)
                channels, done = out, done + 1
    return net


MODELS = {
    f"efficientnet-{v}": Model(f"efficientnet-{v}", efficientnet,
                               f"EfficientNet-{v.upper()} ({SCALING[v][2]}×{SCALING[v][2]})",
                               f"{PAPER}, Table 1 and Section 3.3; torchvision.models.efficientnet_{v}",
                               options={"variant": v})
    for v in SCALING
}
