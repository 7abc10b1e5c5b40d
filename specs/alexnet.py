"""AlexNet (Krizhevsky, Sutskever & Hinton, NIPS 2012), ZFNet (Zeiler & Fergus, ECCV 2014),
and torchvision's AlexNet layout.

Three AlexNets, because the sources describe three different nets:

* ``alexnet``: one tower of 96-256-384-384-256 filters on 227×227, the net the course slides
  and the cs231n notes compute (CONV1 → POOL1 → NORM1 → CONV2 → POOL2 → NORM2 → ...).
* ``alexnet-2gpu``: the paper's net, split over two GTX 580s: conv2, conv4 and conv5 only see
  the half of the previous layer on their own GPU (groups = 2); LRN follows the ReLU of conv1 and
  conv2, max pooling follows both LRNs and conv5 (paper, Section 3.5 and Figure 2). This is the
  net behind the paper's "60 million parameters".
* ``alexnet-tv``: torchvision's layout (64-192-384-256-256 filters, 224 input, padding 2 on
  conv1, no LRN, adaptive average pool to 6×6), the net behind torchvision's 61,100,840.

The paper says 224×224 input; with an 11×11 stride-4 conv that gives (224 − 11)/4 + 1 = 54.25,
not the paper's 55: the arithmetic needs 227 (the report warns when the input is 224).
"""

from __future__ import annotations

from functools import partial

from costcalc.graph import Network
from costcalc.layers import (AdaptiveAvgPool2d, Conv2d, Dropout, Flatten, Linear, LocalResponseNorm,
                             MaxPool2d, ReLU)
from costcalc.registry import Model

# Feature extractors as data, one row per layer:
#   ("conv", name, filters, kernel, stride, padding, groups) | ("pool", name, kernel, stride)
#   | ("lrn", name)
ONE_TOWER = [  # cs231n / slides: 227×227×3 input
    ("conv", "conv1", 96, 11, 4, 0, 1), ("pool", "pool1", 3, 2), ("lrn", "norm1"),
    ("conv", "conv2", 256, 5, 1, 2, 1), ("pool", "pool2", 3, 2), ("lrn", "norm2"),
    ("conv", "conv3", 384, 3, 1, 1, 1),
    ("conv", "conv4", 384, 3, 1, 1, 1),
    ("conv", "conv5", 256, 3, 1, 1, 1), ("pool", "pool5", 3, 2),
]
TWO_GPU = [  # paper, Figure 2: conv2/4/5 connect only within a GPU (groups=2)
    ("conv", "conv1", 96, 11, 4, 0, 1), ("lrn", "norm1"), ("pool", "pool1", 3, 2),
    ("conv", "conv2", 256, 5, 1, 2, 2), ("lrn", "norm2"), ("pool", "pool2", 3, 2),
    ("conv", "conv3", 384, 3, 1, 1, 1),
    ("conv", "conv4", 384, 3, 1, 1, 2),
    ("conv", "conv5", 256, 3, 1, 1, 2), ("pool", "pool5", 3, 2),
]
TORCHVISION = [  # torchvision.models.alexnet (after Krizhevsky's "One weird trick", 2014)
    ("conv", "conv1", 64, 11, 4, 2, 1), ("pool", "pool1", 3, 2),
    ("conv", "conv2", 192, 5, 1, 2, 1), ("pool", "pool2", 3, 2),
    ("conv", "conv3", 384, 3, 1, 1, 1),
    ("conv", "conv4", 256, 3, 1, 1, 1),
    ("conv", "conv5", 256, 3, 1, 1, 1), ("pool", "pool5", 3, 2),
]
# ZFNet (Zeiler & Fergus 2014, Figure 3): 7×7/2 conv1, 5×5/2 conv2. Its sizes 224 → 110 → 55
# → 26 → 13 → 13 → 13 → 6 need conv1 padding 1 and pools that round up (Caffe's ceil mode).
ZFNET = [
    ("conv", "conv1", 96, 7, 2, 1, 1), ("pool", "pool1", 3, 2, True), ("lrn", "norm1"),
    ("conv", "conv2", 256, 5, 2, 0, 1), ("pool", "pool2", 3, 2, True), ("lrn", "norm2"),
    ("conv", "conv3", 384, 3, 1, 1, 1),
    ("conv", "conv4", 384, 3, 1, 1, 1),
    ("conv", "conv5", 256, 3, 1, 1, 1), ("pool", "pool5", 3, 2, True),
]
CLASSIFIER = [4096, 4096, 1000]  # FC6, FC7, FC8 in every variant


def features(net: Network, table: list[tuple]) -> None:
    """Walk a feature table: conv rows get a ReLU after them, as in every AlexNet."""
    for kind, name, *args in table:
        if kind == "conv":
            filters, kernel, stride, padding, groups = args
            net.add(name, Conv2d(filters, kernel, stride=stride, padding=padding, groups=groups))
            net.add(f"relu{name[-1]}", ReLU())
        elif kind == "pool":
            kernel, stride, *ceil = args
            net.add(name, MaxPool2d(kernel, stride=stride, ceil_mode=bool(ceil and ceil[0])))
        else:
            net.add(name, LocalResponseNorm(size=5, alpha=1e-4, beta=0.75, k=2.0))


def classifier(net: Network, widths: list[int], dropout_first: bool = False) -> None:
    """FC6–FC8 with ReLU and dropout (torchvision puts dropout before each FC instead).
    FC6 is sized for the 6×6×256 output of pool5, as in every variant's paper or code; another
    input size is counted with the features that arrive, and FC6 warns (AlexNet on the paper's
    224 is a lesson worth running, not an error)."""
    net.add("flatten", Flatten())
    for i, width in enumerate(widths, start=6):
        last = i == 5 + len(widths)
        if dropout_first and not last:
            net.add(f"drop{i}", Dropout(0.5, inplace=False))  # torchvision's: not in place
        net.add(f"fc{i}", Linear(width, in_features=6 * 6 * 256 if i == 6 else None, strict=False))
        if not last:
            net.add(f"relu{i}", ReLU())
            if not dropout_first:
                net.add(f"drop{i}", Dropout(0.5, inplace=False))  # after a ReLU it keeps


def describe(table: list[tuple]) -> str:
    """What a feature table builds (no input size: the report says which one is analysed)."""
    if table is ONE_TOWER:
        return "AlexNet, one tower (the slides' and cs231n's arithmetic)"
    if table is TWO_GPU:
        return "AlexNet as trained on two GPUs: grouped conv2/conv4/conv5, LRN"
    if table is ZFNET:
        return "ZFNet: AlexNet with 7×7/2 conv1 and 5×5/2 conv2"
    return "an AlexNet-style net (a feature table of its own)"


def alexnet(table: list[tuple] = ONE_TOWER, size: int = 227, num_classes: int = 1000) -> Network:
    net = Network("alexnet", channels=3, size=size, description=describe(table))
    features(net, table)
    classifier(net, [*CLASSIFIER[:-1], num_classes])
    return net


def alexnet_torchvision(num_classes: int = 1000) -> Network:
    net = Network("alexnet-tv", channels=3, size=224,
                  description="AlexNet, torchvision layout (64-192-384-256-256)")
    features(net, TORCHVISION)
    net.add("avgpool", AdaptiveAvgPool2d(6))
    classifier(net, [*CLASSIFIER[:-1], num_classes], dropout_first=True)
    return net


MODELS = {
    "alexnet": Model("alexnet", partial(alexnet, ONE_TOWER, 227),
                     "AlexNet, one tower on 227×227 (the slides' and cs231n's arithmetic)",
                     "Krizhevsky et al. 2012, Section 3.5; cs231n notes (CONV1 … FC8)"),
    "alexnet-2gpu": Model("alexnet-2gpu", partial(alexnet, TWO_GPU, 227),
                          "AlexNet as trained on two GPUs: grouped conv2/conv4/conv5, LRN",
                          "Krizhevsky et al. 2012, Section 3.5 and Figure 2"),
    "alexnet-tv": Model("alexnet-tv", alexnet_torchvision,
                        "AlexNet, torchvision layout (64-192-384-256-256, 224 input)",
                        "torchvision.models.alexnet; Krizhevsky 2014, 'One weird trick'"),
    "zfnet": Model("zfnet", partial(alexnet, ZFNET, 224),
                   "ZFNet: AlexNet with 7×7/2 conv1 and 5×5/2 conv2",
                   "Zeiler & Fergus 2014, Figure 3"),
}
