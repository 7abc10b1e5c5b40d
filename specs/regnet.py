"""RegNet: Radosavovic, Kosaraju, Girshick, He & Dollár, "Designing Network Design Spaces",
CVPR 2020: RegNetX (Section 3: the X block of AnyNetX and the quantized linear widths) and the
RegNetX-400MF row of its model tables (d, w0, wa, wm, g).

Stem: a 3×3/2 conv to 32, BN, ReLU. Body: four stages of X blocks, each a residual bottleneck
(1×1, BN, ReLU; 3×3 grouped conv with groups of g channels, the stage's first block striding 2,
BN, ReLU; 1×1, BN), a projection (1×1 conv + BN) where the shape changes, ReLU after the
addition; bottleneck ratio b = 1. Head: global average pool and the fc. Convs have no bias.

Widths (Section 3.3, quantized linear): u_j = w0 + wa·j for blocks j < d; s_j = round(log(u_j/w0)/log wm);
w_j = w0·wm^s_j rounded to a multiple of 8; a stage is a run of equal w_j. Each stage width is
then made a multiple of its group width g, and here the paper's code and torchvision differ:

* ``regnetx-400mf``, the paper's net: the authors' pycls rounds w/g to the nearest integer with
  Python's round, halves to even (quantize_float): stage widths 32, 64, 160, 384.
* ``regnetx-400mf-tv``, torchvision's ``regnet_x_400mf``: ``_make_divisible`` rounds halves up:
  392 → 400, stage widths 32, 64, 160, 400 (5,495,976 params).
"""

from __future__ import annotations

import math

from costcalc.blocks.mobile import make_divisible
from costcalc.blocks.resnet import Conv, conv, post_activation, shortcut
from costcalc.graph import Network
from costcalc.layers import Add, BatchNorm2d, GlobalAvgPool2d, Linear, ReLU
from costcalc.registry import Model
from costcalc.options import choice, declare

# The paper's RegNetX models, by flops: depth d, initial width w0, slope wa, multiplier wm,
# group width g (the REGNET section of pycls's RegNetX-400MF_dds_8gpu.yaml gives the same).
REGNETX = {
    "400MF": (22, 24, 24.48, 2.54, 16),
}
STEM_WIDTH = 32
QUANTUM = 8        # "w_j ... quantized to a multiple of 8"
ROUNDINGS = ("pycls", "torchvision")


def block_widths(d: int, w0: int, wa: float, wm: float) -> list[int]:
    """The quantized linear widths of the d blocks (Section 3.3)."""
    widths = []
    for j in range(d):
        s = round(math.log((w0 + wa * j) / w0) / math.log(wm))
        widths.append(round(w0 * wm ** s / QUANTUM) * QUANTUM)
    return widths


def stages(d: int, w0: int, wa: float, wm: float, g: int, rounding: str) -> list[tuple[int, int, int]]:
    """(width, depth, group width) per stage: runs of equal block widths, each width made a
    multiple of min(g, width) by ``rounding``."""
    runs: list[list[int]] = []
    for w in block_widths(d, w0, wa, wm):
        if runs and runs[-1][0] == w:
            runs[-1][1] += 1
        else:
            runs.append([w, 1])
    out = []
    for w, depth in runs:
        group = min(g, w)
        width = round(w / group) * group if rounding == "pycls" else make_divisible(w, group)
        out.append((width, depth, group))
    return out


@declare(flops=choice(*REGNETX, help="a RegNetX of the paper's table"),
         rounding=choice(*ROUNDINGS, help="pycls (the paper's code) or torchvision"))
def regnetx(flops: str = "400MF", rounding: str = "pycls", num_classes: int = 1000) -> Network:
    d, w0, wa, wm, g = REGNETX[flops]
    widths = ", ".join(str(w) for w, _, _ in stages(d, w0, wa, wm, g, rounding))
    net = Network(f"regnetx-{flops.lower()}", channels=3, size=224, description=(
        f"RegNetX-{flops}, the paper's widths (pycls rounding: {widths})" if rounding == "pycls"
        else f"RegNetX-{flops}, torchvision's widths ({widths})"))
    with net.scope("stem", kind="stage", w=STEM_WIDTH):
        conv(net, "conv", Conv(3, STEM_WIDTH, 2), "input")
        net.add("bn", BatchNorm2d())
        x = net.add("relu", ReLU())
    channels = STEM_WIDTH
    for i, (width, depth, group) in enumerate(stages(d, w0, wa, wm, g, rounding), start=1):
        with net.scope(f"stage{i}", kind="stage", w=width, d=depth, g=group):
            for j in range(depth):
                stride = 2 if j == 0 else 1
                kind = "projection" if stride != 1 or channels != width else "identity"
                with net.scope(f"block{j + 1}", kind="block", stride=stride):
                    short = shortcut(net, x, width, stride, kind)   # torchvision runs proj(x) first
                    body = post_activation(net, x, [Conv(1, width), Conv(3, width, stride, width // group),
                                                    Conv(1, width)])
                    net.add("add", Add(), inputs=[body, short])
                    x = net.add("relu", ReLU())
                channels = width
    with net.scope("head", kind="stage"):
        net.add("avgpool", GlobalAvgPool2d(), inputs=x)
        net.add("fc", Linear(num_classes))
    return net


MODELS = {
    "regnetx-400mf": Model("regnetx-400mf", regnetx, "RegNetX-400MF, the paper's widths (pycls "
                           "rounding: 32, 64, 160, 384)", "Radosavovic et al. 2020, RegNetX-400MF",
                           options={"flops": "400MF", "rounding": "pycls"}),
    "regnetx-400mf-tv": Model("regnetx-400mf-tv", regnetx, "RegNetX-400MF, torchvision's widths "
                              "(32, 64, 160, 400)", "torchvision.models regnet_x_400mf",
                              options={"flops": "400MF", "rounding": "torchvision"}),
}
