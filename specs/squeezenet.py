"""SqueezeNet v1.0 and v1.1 (Iandola, Han, Moskewicz, Ashraf, Dally & Keutzer, "SqueezeNet:
AlexNet-level accuracy with 50x fewer parameters and <0.5MB model size", arXiv 1602.07360, 2016).

v1.0 is the paper's Table 1. A fire module squeezes with s1x1 1×1 filters, then expands with
e1x1 1×1 and e3x3 3×3 (padding 1) filters side by side and concatenates them (e1x1 + e3x3
channels); every conv has a bias and a ReLU. Max pools are 3×3/2 in Caffe's ceil mode, as in the
released model and torchvision. The paper puts dropout (50%) after fire9 and ends in conv10 and a
global average pool (13×13/1 in Table 1); no fully connected layer.

v1.1 (the authors' repository, SqueezeNet_v1.1, and torchvision's squeezenet1_1) keeps the fire
modules, takes a 3×3/2 conv1 with 64 filters and moves the pools earlier (after conv1, fire3,
fire5): about the same parameters, 2.4× less computation.

Input size: Table 1 prints "224x224x3" but conv1 as 111×111, which needs 227: (227 − 7)/2 + 1 = 111
while 224 gives 109.5 (the AlexNet story again; the Caffe model crops 227). We default to 227 so
the table's sizes come out; torchvision evaluates the same weights at 224 (conv1 109×109 there,
and the ceil-mode pools bring it back to 13×13 at fire9).
"""

from __future__ import annotations

from functools import partial

from costcalc.graph import Network
from costcalc.layers import AdaptiveAvgPool2d, Concat, Conv2d, Dropout, Flatten, MaxPool2d, ReLU
from costcalc.registry import Model

# Table 1 of the paper (v1.0), one row per layer, in the paper's columns:
#   name, output size (H, W, C), filter size/stride, (s1x1, e1x1, e3x3), #parameter before pruning.
# A conv row's "fire" column is None and its C is the filter count. The sparsity, #bits and
# after-pruning columns belong to Deep Compression (the ledger records them as not computable) and are left out.
TABLE_1 = [
    ("conv1",     (111, 111, 96),   (7, 2),   None,            14_208),
    ("maxpool1",  (55, 55, 96),     (3, 2),   None,            None),
    ("fire2",     (55, 55, 128),    None,     (16, 64, 64),    11_920),
    ("fire3",     (55, 55, 128),    None,     (16, 64, 64),    12_432),
    ("fire4",     (55, 55, 256),    None,     (32, 128, 128),  45_344),
    ("maxpool4",  (27, 27, 256),    (3, 2),   None,            None),
    ("fire5",     (27, 27, 256),    None,     (32, 128, 128),  49_440),
    ("fire6",     (27, 27, 384),    None,     (48, 192, 192),  104_880),
    ("fire7",     (27, 27, 384),    None,     (48, 192, 192),  111_024),
    ("fire8",     (27, 27, 512),    None,     (64, 256, 256),  188_992),
    ("maxpool8",  (13, 12, 512),    (3, 2),   None,            None),  # sic: (27-3)/2+1 = 13
    ("fire9",     (13, 13, 512),    None,     (64, 256, 256),  197_184),
    ("conv10",    (13, 13, 1000),   (1, 1),   None,            513_000),
    ("avgpool10", (1, 1, 1000),     (13, 1),  None,            None),
]
TABLE_1_TOTAL = 1_248_424  # Table 1, bottom row, #parameter before pruning

# v1.1 (github.com/forresti/SqueezeNet, SqueezeNet_v1.1/train_val.prototxt), same columns; the
# repository gives no sizes or parameter counts, so those are None (a conv's C is its filters).
V1_1 = [
    ("conv1",     (None, None, 64),   (3, 2),  None,            None),
    ("maxpool1",  None,               (3, 2),  None,            None),
    ("fire2",     None,               None,    (16, 64, 64),    None),
    ("fire3",     None,               None,    (16, 64, 64),    None),
    ("maxpool3",  None,               (3, 2),  None,            None),
    ("fire4",     None,               None,    (32, 128, 128),  None),
    ("fire5",     None,               None,    (32, 128, 128),  None),
    ("maxpool5",  None,               (3, 2),  None,            None),
    ("fire6",     None,               None,    (48, 192, 192),  None),
    ("fire7",     None,               None,    (48, 192, 192),  None),
    ("fire8",     None,               None,    (64, 256, 256),  None),
    ("fire9",     None,               None,    (64, 256, 256),  None),
    ("conv10",    (None, None, 1000), (1, 1),  None,            None),
    ("avgpool10", None,               None,    None,            None),
]


def fire(net: Network, name: str, s1x1: int, e1x1: int, e3x3: int) -> None:
    """One fire module (paper Section 3.2, Figure 1), with Caffe's layer names."""
    with net.scope(name, kind="block", s1x1=s1x1, e1x1=e1x1, e3x3=e3x3):
        net.add("squeeze1x1", Conv2d(s1x1, 1))
        squeezed = net.add("relu_squeeze1x1", ReLU())
        net.add("expand1x1", Conv2d(e1x1, 1), inputs=squeezed)
        left = net.add("relu_expand1x1", ReLU())
        net.add("expand3x3", Conv2d(e3x3, 3, padding=1), inputs=squeezed)
        right = net.add("relu_expand3x3", ReLU())
        net.add("concat", Concat(), inputs=[left, right])


def stages(table: list[tuple]) -> dict[str, str]:
    """The stage of every row. A max pool closes its stage, so each stage is one spatial size
    (named by its fire modules, e.g. "fire2-4"); conv1 and its pool are the stem; dropout,
    conv10 and the global pool the classifier."""
    found: dict[str, str] = {}
    group: list[str] = []

    def close():
        fires = [n for n in group if n.startswith("fire")]
        label = ("stem" if group[0] == "conv1" else "classifier" if group[0] == "conv10" else
                 fires[0] if len(fires) == 1 else f"{fires[0]}-{fires[-1][4:]}")
        found.update(dict.fromkeys(group, label))
        group.clear()

    for name, *_ in table:
        if name == "conv10" and group:
            close()
        group.append(name)
        if name.startswith("maxpool"):
            close()
    close()
    return found


def squeezenet(table: list[tuple] = TABLE_1, size: int = 227, num_classes: int = 1000) -> Network:
    note = ("227×227 by default: Table 1's sizes need it (conv1 (227 − 7)/2 + 1 = 111); it prints "
            "224, which gives 109.5 → 109, and torchvision evaluates at 224 (--input 224)")
    what = ("SqueezeNet v1.0 (fire modules)" if table is TABLE_1 else
            "SqueezeNet v1.1 (3×3 conv1 with 64 filters, pools after conv1, fire3, fire5)" if table is V1_1
            else "a SqueezeNet-style net (a table of its own)")
    net = Network("squeezenet", channels=3, size=size, notes=(note,), description=what)
    stage_of = stages(table)
    for name, output, geometry, widths, _ in table:
        with net.scope(stage_of[name], kind="stage"):
            if widths is not None:
                fire(net, name, *widths)
            elif name.startswith("maxpool"):
                net.add(name, MaxPool2d(geometry[0], stride=geometry[1], ceil_mode=True))
            elif name == "conv10":  # the paper: "dropout with a ratio of 50% after fire9"
                net.add("drop9", Dropout(0.5, inplace=False))  # torchvision's nn.Dropout(p)
                net.add(name, Conv2d(num_classes, 1))
                net.add("relu_conv10", ReLU())
            elif name == "conv1":
                net.add(name, Conv2d(output[2], geometry[0], stride=geometry[1]))
                net.add("relu_conv1", ReLU())
            else:  # global average: Table 1's 13×13/1 pool at 224 or 227, and any size elsewhere
                net.add(name, AdaptiveAvgPool2d(1))
                net.add("flatten", Flatten())
    return net


MODELS = {
    "squeezenet": Model("squeezenet", partial(squeezenet, TABLE_1),
                        "SqueezeNet v1.0 (fire modules; 227×227 input, as Table 1's sizes need)",
                        "Iandola et al. 2016, Table 1; torchvision squeezenet1_0"),
    "squeezenet1.1": Model("squeezenet1.1", partial(squeezenet, V1_1),
                           "SqueezeNet v1.1 (3×3 conv1 with 64 filters, pools after conv1, fire3, fire5)",
                           "github.com/forresti/SqueezeNet SqueezeNet_v1.1; torchvision squeezenet1_1"),
}
