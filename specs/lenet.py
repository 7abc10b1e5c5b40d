"""LeNet-5 (LeCun, Bottou, Bengio & Haffner, Proc. IEEE 1998, Section II.B and Figure 2).

32×32×1 input; C1: 6 5×5 convs → 28×28; S2: 2×2 subsampling → 14×14; C3: 16 5×5 convs →
10×10; S4 → 5×5; C5: 120 5×5 convs → 1×1; F6: 84 units; output: 10 units; tanh activations.

The common modern reading, and ours: S2/S4 are average pools without the paper's trainable
coefficient and bias (the paper's 12 and 32 parameters), C3 sees all 6 maps (the paper's
connection table uses 60 of 96 map pairs: 1,516 parameters instead of 2,416), and the output
is a linear layer (the paper's RBF units hold 840 fixed parameters).
"""

from __future__ import annotations

from costcalc.graph import Network
from costcalc.layers import AvgPool2d, Conv2d, Flatten, Linear, Tanh
from costcalc.registry import Model

# (name, layer kind, maps or units, kernel) as in Figure 2
TABLE = [
    ("C1", "conv", 6, 5), ("S2", "pool", 6, 2),
    ("C3", "conv", 16, 5), ("S4", "pool", 16, 2),
    ("C5", "conv", 120, 5),
    ("F6", "fc", 84, None), ("output", "fc", 10, None),
]


def lenet5(num_classes: int = 10) -> Network:
    net = Network("lenet5", channels=1, size=32)
    for name, kind, width, kernel in TABLE:
        if kind == "conv":
            net.add(name, Conv2d(width, kernel))
            net.add(f"{name}_tanh", Tanh())
        elif kind == "pool":
            net.add(name, AvgPool2d(kernel, stride=kernel))
        else:
            if name == "F6":
                net.add("flatten", Flatten())
            net.add(name, Linear(num_classes if name == "output" else width))
            if name != "output":
                net.add(f"{name}_tanh", Tanh())
    return net


MODELS = {
    "lenet5": Model("lenet5", lenet5, "LeNet-5 (modern reading: average pools, full C3, linear output)",
                    "LeCun et al. 1998, Figure 2 and Section II.B"),
}
