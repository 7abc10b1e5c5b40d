"""ShuffleNet V2 0.5×, 1×, 1.5×, 2×: Ma et al., "ShuffleNet V2: Practical Guidelines for
Efficient CNN Architecture Design", ECCV 2018, Table 5 and Figure 3(c, d); as built by
torchvision's ``shufflenet_v2_x0_5`` … ``shufflenet_v2_x2_0``.

* Table 5 below is the paper's, one row per line: layer, output size, kernel, stride, repeat,
  and the output channels of the four widths. Each stage starts with one stride-2 unit and
  repeats stride-1 units; every unit ends with a concat and a channel shuffle of 2 groups.
* The basic unit (Fig. 3c, stride 1): a channel split in two halves (two ``Slice`` views of the
  input, torchvision's ``x.chunk(2, dim=1)``); the left half passes through; the right goes through
  1×1 conv + BN + ReLU, 3×3 depthwise conv + BN, 1×1 conv + BN + ReLU; then concat and shuffle.
* The down-sampling unit (Fig. 3d, stride 2): no split; the left branch is a 3×3 depthwise conv
  with stride 2 + BN and a 1×1 conv + BN + ReLU, the right branch as in the basic unit with the
  depthwise conv at stride 2; each branch gives half the stage's output channels.
* No conv has a bias (batch norm follows each). The global pool is torchvision's ``x.mean([2,
  3])``; the FC layer has a bias. torchvision's layout is the paper's.
"""

from __future__ import annotations

from costcalc.errors import OptionError
from costcalc.graph import Network
from costcalc.layers import (BatchNorm2d, ChannelShuffle, Concat, Conv2d, GlobalAvgPool2d, Linear,
                             MaxPool2d, ReLU, Slice)
from costcalc.registry import Model

PAPER = "Ma et al. 2018 (ShuffleNet V2)"
WIDTHS = ("0.5", "1.0", "1.5", "2.0")
_ = None  # an empty cell

# Table 5: layer, output size, KSize, stride, repeat, output channels at 0.5× / 1× / 1.5× / 2×.
TABLE_5 = [
    ("Image",      "224×224", _,     _, _, (3, 3, 3, 3)),
    ("Conv1",      "112×112", "3×3", 2, 1, (24, 24, 24, 24)),
    ("MaxPool",    "56×56",   "3×3", 2, 1, (24, 24, 24, 24)),
    ("Stage2",     "28×28",   _,     2, 1, (48, 116, 176, 244)),
    ("Stage2",     "28×28",   _,     1, 3, (48, 116, 176, 244)),
    ("Stage3",     "14×14",   _,     2, 1, (96, 232, 352, 488)),
    ("Stage3",     "14×14",   _,     1, 7, (96, 232, 352, 488)),
    ("Stage4",     "7×7",     _,     2, 1, (192, 464, 704, 976)),
    ("Stage4",     "7×7",     _,     1, 3, (192, 464, 704, 976)),
    ("Conv5",      "7×7",     "1×1", 1, 1, (1024, 1024, 1024, 2048)),
    ("GlobalPool", "1×1",     "7×7", _, _, (_, _, _, _)),
    ("FC",         _,         _,     _, _, (1000, 1000, 1000, 1000)),
]


def _conv_bn(net: Network, name: str, out: int, kernel: int, stride: int = 1, groups: int = 1,
             relu: bool = True, inputs=None) -> str:
    net.add(name, Conv2d(out, kernel, stride=stride, padding=kernel // 2, groups=groups, bias=False),
            inputs=inputs)
    x = net.add(f"{name}_bn", BatchNorm2d())
    return net.add(f"{name}_relu", ReLU(inplace=True)) if relu else x


def unit(net: Network, x: str, in_channels: int, out_channels: int, stride: int) -> str:
    """Fig. 3(c) (stride 1) or 3(d) (stride 2); returns the shuffled output."""
    half = out_channels // 2
    if stride == 1:
        left = net.add("split_left", Slice(0, half), inputs=x)
        right = net.add("split_right", Slice(half, in_channels), inputs=x)
    else:
        net.add("branch1_dw", Conv2d(in_channels, 3, stride=2, padding=1, groups=in_channels,
                                     bias=False), inputs=x)
        net.add("branch1_dw_bn", BatchNorm2d())
        left = _conv_bn(net, "branch1_pw", half, 1)
        right = x
    _conv_bn(net, "branch2_pw1", half, 1, inputs=right)
    net.add("branch2_dw", Conv2d(half, 3, stride=stride, padding=1, groups=half, bias=False))
    net.add("branch2_dw_bn", BatchNorm2d())
    out = _conv_bn(net, "branch2_pw2", half, 1)
    net.add("concat", Concat(), inputs=[left, out])
    return net.add("shuffle", ChannelShuffle(2))


def _check(width, num_classes) -> None:
    if width not in WIDTHS:
        raise OptionError("option width", "the width is one of Table 5's columns", " | ".join(WIDTHS),
                          repr(width))
    if not isinstance(num_classes, int) or isinstance(num_classes, bool) or num_classes < 1:
        raise OptionError("option num_classes", "the FC layer needs at least one class",
                          "a whole number ≥ 1", repr(num_classes))


def shufflenetv2(width: str = "1.0", num_classes: int = 1000) -> Network:
    """Walk Table 5 at one width column: stages as stage scopes, units as block scopes."""
    _check(width, num_classes)
    column = WIDTHS.index(width)
    net = Network(f"shufflenetv2-x{width}", channels=3, size=224, description=f"ShuffleNet V2 {width}×")
    channels, units = 3, {}
    for layer, _size, kernel, stride, repeat, outs in TABLE_5:
        out = outs[column]
        if layer == "Image":
            continue
        if layer.startswith("Stage"):
            net.open_scope(layer.lower(), kind="stage")  # a stage's two rows share its scope
            for _i in range(repeat):
                units[layer] = units.get(layer, 0) + 1
                with net.scope(f"block{units[layer]}", kind="block", stride=stride):
                    unit(net, net.last, channels, out, stride)
                channels = out
            net.close_scope()
            continue
        with net.scope(layer.lower(), kind="block"):
            if layer == "Conv1" or layer == "Conv5":
                k = int(kernel.split("×")[0])
                _conv_bn(net, "conv", out, k, stride=stride)
                channels = out
            elif layer == "MaxPool":
                net.add("maxpool", MaxPool2d(3, stride=2, padding=1))
            elif layer == "GlobalPool":
                net.add("mean", GlobalAvgPool2d())
            else:
                net.add("fc", Linear(num_classes))  # Table 5's 1000: ImageNet's classes
    return net


MODELS = {
    f"shufflenetv2-x{w}": Model(f"shufflenetv2-x{w}", shufflenetv2, f"ShuffleNet V2 {w}×",
                                f"{PAPER}, Table 5 and Figure 3(c, d); "
                                f"torchvision.models.shufflenet_v2_x{w.replace('.', '_')}",
                                options={"width": w})
    for w in WIDTHS
}
