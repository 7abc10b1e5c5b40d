"""DenseNet's dense block and transition layer (Huang et al. 2017, Section 3), as torchvision's
``densenet.py`` builds them (node names norm1, relu1, conv1, …), for specs/densenet.py."""

from __future__ import annotations

from costcalc.graph import Network
from costcalc.layers import AvgPool2d, BatchNorm2d, Concat, Conv2d, ReLU


def dense_layer(net: Network, inputs: list[str], growth: int, bn_size: int) -> str:
    """H_l([x_0, …, x_{l−1}]) of DenseNet-B: BN-ReLU-Conv(1×1, bn_size·k)-BN-ReLU-Conv(3×3, k).
    The inputs are concatenated first (one new tensor per layer, as torchvision's forward does)."""
    x = inputs[0] if len(inputs) == 1 else net.add("concat", Concat(), inputs=inputs)
    net.add("norm1", BatchNorm2d(), inputs=x)
    net.add("relu1", ReLU())
    net.add("conv1", Conv2d(bn_size * growth, 1, bias=False))
    net.add("norm2", BatchNorm2d())
    net.add("relu2", ReLU())
    return net.add("conv2", Conv2d(growth, 3, padding=1, bias=False))


def dense_block(net: Network, x: str, layers: int, growth: int, bn_size: int) -> str:
    """``layers`` dense layers (scopes denselayer1 …, kind "block"), each reading the block input
    and every earlier layer's k new maps; the block's output concatenates them all."""
    features = [x]
    for i in range(1, layers + 1):
        with net.scope(f"denselayer{i}", kind="block"):
            features.append(dense_layer(net, features, growth, bn_size))
    return net.add("concat", Concat(), inputs=features)


def transition(net: Network, x: str, out_channels: int) -> str:
    """Transition layer: BN-ReLU-Conv(1×1, θ·m) and a 2×2 average pool, stride 2."""
    net.add("norm", BatchNorm2d(), inputs=x)
    net.add("relu", ReLU())
    net.add("conv", Conv2d(out_channels, 1, bias=False))
    return net.add("pool", AvgPool2d(2, stride=2))
