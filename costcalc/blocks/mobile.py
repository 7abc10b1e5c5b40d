"""The inverted residual of MobileNetV2 (Sandler et al. 2018, Table 1) and MnasNet's MBConv
(Tan et al. 2019), with torchvision's channel rounding; for specs/mobilenetv2.py, mnasnet.py."""

from __future__ import annotations

from costcalc.graph import Network
from costcalc.layers import Add, BatchNorm2d, Conv2d, Layer


def make_divisible(value: float, divisor: int = 8) -> int:
    """The nearest multiple of ``divisor`` at least ``divisor``, rounded up when rounding to the
    nearest would lose more than 10%: torchvision's ``_make_divisible`` (MobileNetV2) and
    ``_round_to_multiple_of`` (MnasNet), the TF reference's rule.

    >>> make_divisible(32 * 0.75), make_divisible(83), make_divisible(84), make_divisible(20, 16)
    (24, 80, 88, 32)
    """
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded if rounded >= 0.9 * value else rounded + divisor


def conv_bn(net: Network, name: str, filters: int, kernel: int, stride: int = 1, groups: int = 1,
            activation: type[Layer] | None = None, x: str | None = None) -> str:
    """Conv (no bias, padding ⌊k/2⌋) → BN [→ activation]: torchvision's Conv2dNormActivation.
    ``x`` is the input (default: the node added last)."""
    net.add(name, Conv2d(filters, kernel, stride=stride, padding=kernel // 2, groups=groups,
                         bias=False), inputs=x)
    x = net.add(f"{name}_bn", BatchNorm2d())
    return net.add(f"{name}_act", activation()) if activation else x


def inverted_residual(net: Network, x: str, in_channels: int, out_channels: int, *, kernel: int,
                      stride: int, expand: int, activation: type[Layer]) -> str:
    """1×1 expansion to t·C_in (left out when t = 1) → k×k depthwise (the stride) → 1×1 linear
    projection to C_out, each with BN, the activation after the first two; x is added back when
    the shape is kept (stride 1, C_in = C_out)."""
    hidden = in_channels * expand
    y = conv_bn(net, "expand", hidden, 1, activation=activation, x=x) if expand != 1 else x
    conv_bn(net, "dw", hidden, kernel, stride, groups=hidden, activation=activation, x=y)
    y = conv_bn(net, "project", out_channels, 1)
    if stride == 1 and in_channels == out_channels:
        y = net.add("add", Add(), inputs=[y, x])
    return y
