"""The blocks of the mobile nets: conv + norm + activation, squeeze-excitation, and the inverted
residual (MobileNetV2/V3's bottleneck, EfficientNet's MBConv).

Each builder adds named nodes to a ``Network`` inside a scope of its own and returns the path of
the block's output. The layout and the names follow torchvision (``ops.misc.Conv2dNormActivation``,
``ops.misc.SqueezeExcitation``, ``models.mobilenetv3.InvertedResidual``,
``models.efficientnet.MBConv``), so a row of the report maps onto a module of theirs.

Activations are given as zero-argument factories (a layer class such as ``ReLU``, or
``lambda: SiLU(inplace=True)``), so one argument builds a fresh layer at every use.
"""

from __future__ import annotations

from typing import Callable

from ..errors import SpecError
from ..graph import Network
from ..layers import (Add, AdaptiveAvgPool2d, BatchNorm2d, Conv2d, Layer, Mul, ReLU, Sigmoid,
                      StochasticDepth)

Factory = Callable[[], Layer]


def make_divisible(value: float, divisor: int = 8, min_value: int | None = None) -> int:
    """torchvision's ``_make_divisible`` (from the TF MobileNet reference): the nearest multiple
    of ``divisor`` (at least ``min_value``, default ``divisor``), not more than 10% below
    ``value``."""
    floor = divisor if min_value is None else min_value
    rounded = max(floor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


def _layer(factory: Factory, where: str) -> Layer:
    layer = factory()
    if not isinstance(layer, Layer):
        raise SpecError(where, "an activation argument builds a layer", "e.g. ReLU or lambda: SiLU()",
                        type(layer).__name__)
    return layer


def conv_norm_act(net: Network, name: str, out_channels: int, kernel_size: int, stride: int = 1,
                  groups: int = 1, dilation: int = 1, activation: Factory | None = ReLU,
                  eps: float = 1e-5, inputs=None) -> str:
    """torchvision's Conv2dNormActivation: a conv with padding (k − 1)/2·d and no bias, batch
    norm, then the activation (none when ``activation`` is None). Nodes ``name/conv``,
    ``name/bn`` and ``name/act``; returns the last."""
    with net.scope(name):
        net.add("conv", Conv2d(out_channels, kernel_size, stride=stride,
                               padding=(kernel_size - 1) // 2 * dilation, dilation=dilation,
                               groups=groups, bias=False), inputs=inputs)
        out = net.add("bn", BatchNorm2d(eps=eps))
        if activation is not None:
            out = net.add("act", _layer(activation, out))
    return out


def squeeze_excitation(net: Network, name: str, channels: int, squeeze_channels: int,
                       activation: Factory = ReLU, gate: Factory = Sigmoid, inputs=None) -> str:
    """Squeeze-and-excitation (Hu et al. 2018, Fig. 1; torchvision's SqueezeExcitation): the
    input x (C×H×W) is pooled to C×1×1, squeezed by a 1×1 conv to ``squeeze_channels``,
    activated, expanded back to C by a 1×1 conv, gated (Sigmoid; Hardsigmoid in MobileNetV3)
    and multiplied into x, broadcast over H×W.

    Params: 2·C·S weights + S + C biases (the two 1×1 convs). MACs: 2·C·S (on a 1×1 map).
    Nodes ``avgpool``, ``fc1``, ``activation``, ``fc2``, ``scale_activation``, ``scale`` (the
    Mul); returns ``name/scale``."""
    with net.scope(name):
        x = net.last if inputs is None else net.resolve(inputs)
        net.add("avgpool", AdaptiveAvgPool2d(1), inputs=x)
        net.add("fc1", Conv2d(squeeze_channels, 1))
        net.add("activation", _layer(activation, name))
        net.add("fc2", Conv2d(channels, 1))
        scale = net.add("scale_activation", _layer(gate, name))
        return net.add("scale", Mul(), inputs=[scale, x])


def inverted_residual(net: Network, name: str, in_channels: int, expanded_channels: int,
                      out_channels: int, kernel_size: int, stride: int,
                      activation: Factory = ReLU, se_channels: int | None = None,
                      se_activation: Factory = ReLU, se_gate: Factory = Sigmoid,
                      dilation: int = 1, eps: float = 1e-5, stochastic_depth: float | None = None,
                      kind: str | None = "block", inputs=None, **meta) -> str:
    """The inverted residual (MobileNetV2 Fig. 3b; MobileNetV3 Fig. 4; EfficientNet's MBConv):
    a 1×1 expansion to ``expanded_channels`` (left out when it equals ``in_channels``), a
    depthwise k×k conv with the stride, an optional squeeze-excitation (``se_channels``), a
    linear 1×1 projection to ``out_channels``; each conv with batch norm. With stride 1 and
    in = out the input is added back (through a stochastic-depth node when given: the identity
    at inference). Nodes ``expand``, ``depthwise``, ``se``, ``project``, ``add`` inside scope
    ``name``; returns the block's output path."""
    with net.scope(name, kind=kind, **meta):
        x = net.last if inputs is None else net.resolve(inputs)
        out = x
        if expanded_channels != in_channels:
            out = conv_norm_act(net, "expand", expanded_channels, 1, activation=activation,
                                eps=eps, inputs=out)
        # torchvision moves the stride to a dilation when the block is dilated
        out = conv_norm_act(net, "depthwise", expanded_channels, kernel_size,
                            stride=1 if dilation > 1 else stride, groups=expanded_channels,
                            dilation=dilation, activation=activation, eps=eps, inputs=out)
        if se_channels is not None:
            out = squeeze_excitation(net, "se", expanded_channels, se_channels,
                                     activation=se_activation, gate=se_gate, inputs=out)
        out = conv_norm_act(net, "project", out_channels, 1, activation=None, eps=eps, inputs=out)
        if stride == 1 and in_channels == out_channels:
            if stochastic_depth is not None:
                out = net.add("stochastic_depth", StochasticDepth(stochastic_depth, "row"))
            out = net.add("add", Add(), inputs=[out, x])
    return out


def mbconv(net: Network, name: str, in_channels: int, out_channels: int, expand_ratio: float,
           kernel_size: int, stride: int, activation: Factory = ReLU, eps: float = 1e-5,
           stochastic_depth: float | None = None, kind: str | None = "block", inputs=None,
           **meta) -> str:
    """EfficientNet's MBConv as torchvision builds it: expanded channels
    make_divisible(C_in · expand_ratio), squeeze-excitation to max(1, C_in // 4) channels with
    the block's activation and a Sigmoid gate."""
    return inverted_residual(
        net, name, in_channels, make_divisible(in_channels * expand_ratio), out_channels,
        kernel_size, stride, activation=activation, se_channels=max(1, in_channels // 4),
        se_activation=activation, se_gate=Sigmoid, eps=eps, stochastic_depth=stochastic_depth,
        kind=kind, inputs=inputs, **meta)


__all__ = ["make_divisible", "conv_norm_act", "squeeze_excitation", "inverted_residual", "mbconv"]
