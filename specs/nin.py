"""Network in Network: Lin, Chen & Yan, "Network In Network", ICLR 2014.

An mlpconv layer (Figure 2) is a conv followed by a small multilayer perceptron shared across
positions, i.e. 1×1 convs (the released models' "cccp", cascaded cross-channel parametric
pooling), ReLU after each; the last mlpconv has one map per class and a global average pool
replaces the fully-connected classifier.

The paper's experiments are on CIFAR-10/100, SVHN and MNIST; it has no ImageNet net. ``nin`` is
the authors' released ImageNet model (Min Lin's ``nin_imagenet`` Caffe prototxt, the Caffe Model
Zoo's "NIN-Imagenet"), the NiN the cs231n lecture's complexity comparison places: four mlpconv
layers on a 224×224 crop, conv widths 96, 256, 384, 1024, each conv followed by two cccp layers
(the last one 1000 wide), 3×3/2 max pools between them, dropout 0.5 before the fourth, then a
6×6 average pool (the whole 6×6 map at 224) and the soft-max, left out here as elsewhere. Caffe
rounds pooled sizes up (``ceil_mode``: 54 → 27) and conv sizes down (224 → 54, with a warning:
(224 − 11)/4 = 53.25). Every conv has a bias; there is no batch norm.
"""

from __future__ import annotations

from costcalc.graph import Network
from costcalc.layers import AvgPool2d, Conv2d, Dropout, MaxPool2d, ReLU
from costcalc.registry import Model

# nin_imagenet.prototxt, one row per mlpconv layer: the conv (filters, kernel, stride, padding),
# its two cccp (1×1) widths, and what follows ("max": 3×3/2 max pool; "drop": max pool, then
# dropout 0.5; "avg": the 6×6/1 average pool).
MLPCONV = [
    ((96, 11, 4, 0),  (96, 96),     "max"),
    ((256, 5, 1, 2),  (256, 256),   "max"),
    ((384, 3, 1, 1),  (384, 384),   "drop"),
    ((1024, 3, 1, 1), (1024, 1000), "avg"),
]
CLASSES = 1000


def nin(num_classes: int = CLASSES) -> Network:
    net = Network("nin", channels=3, size=224)
    cccp = 0
    for i, ((filters, kernel, stride, padding), widths, after) in enumerate(MLPCONV, start=1):
        cell = f"conv {kernel}×{kernel}/{stride}, {filters}; cccp {widths[0]}; cccp {widths[1]}"
        with net.scope(f"mlpconv{i}", kind="stage", layers=cell):
            net.add(f"conv{i}", Conv2d(filters, kernel, stride=stride, padding=padding))
            net.add(f"conv{i}_relu", ReLU())
            for width in widths:
                cccp += 1
                last = cccp == 2 * len(MLPCONV)
                net.add(f"cccp{cccp}", Conv2d(num_classes if last else width, 1))
                net.add(f"cccp{cccp}_relu", ReLU())
            if after == "avg":
                net.add("pool", AvgPool2d(6, stride=1))   # "global" average pooling at 224
            else:
                net.add("pool", MaxPool2d(3, stride=2, ceil_mode=True))
            if after == "drop":
                net.add("drop", Dropout(0.5))
    return net


MODELS = {"nin": Model("nin", nin, "Network in Network, the authors' released ImageNet model "
                       "(four mlpconv layers)", "Lin et al. 2014; nin_imagenet (Caffe Model Zoo)")}
