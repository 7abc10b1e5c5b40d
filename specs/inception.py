"""Inception v3 (Szegedy, Vanhoucke, Ioffe, Shlens & Wojna, "Rethinking the Inception
Architecture for Computer Vision", CVPR 2016), as torchvision's ``inception_v3`` builds it (the
network Google released, ported from TensorFlow).

Every conv is torchvision's BasicConv2d: conv without bias, batch norm (gamma and beta count as
params), ReLU. Input 299×299. The modules are the paper's Figures 5, 6 and 7 and its grid-size
reductions (Figure 10), with the released net's filter counts:

* A (Figure 5, 35×35): 1×1 | 1×1 → 5×5 | 1×1 → 3×3 → 3×3 | 3×3 avg pool → 1×1. The figure
  replaces the 5×5 by two 3×3s; the released net keeps a 5×5 branch *and* the double 3×3.
* B (35 → 17 reduction): 3×3/2 | 1×1 → 3×3 → 3×3/2 | 3×3/2 max pool.
* C (Figure 6, 17×17, n = 7): 1×1 | 1×1 → 1×7 → 7×1 | 1×1 → 7×1 → 1×7 → 7×1 → 1×7 | avg pool → 1×1.
* D (17 → 8 reduction): 1×1 → 3×3/2 | 1×1 → 1×7 → 7×1 → 3×3/2 | 3×3/2 max pool.
* E (Figure 7, 8×8): 1×1 | 1×1 → (1×3 ‖ 3×1) | 1×1 → 3×3 → (1×3 ‖ 3×1) | avg pool → 1×1.

Where the paper's Table 1 and the released net differ (we follow the released net; the tests
check each claim):
* Stem: Table 1 has conv 3×3/1 (73 → 71, 80), conv 3×3/2 (71 → 35, 192) and conv 3×3/1 (35×35,
  to 288 channels); the released net has a 1×1 conv to 80, a 3×3 conv to 192 (73 → 71) and a
  3×3/2 max pool (71 → 35). So the 35×35 modules start from 192 channels, not Table 1's 288.
* Module count: Table 1 has 3 + 5 + 2 = 10 Inception rows, on 35×35×288, 17×17×768 and
  8×8×1280 inputs. Grouped by input grid the released net has 4 (Mixed_5b–5d and the reduction
  6a) + 5 (Mixed_6b–6e and the reduction 7a) + 2 (Mixed_7b, 7c): the last two rows agree.
The stages below are those three input grids, so ``--group-by stage`` lines up with Table 1.

The auxiliary classifier (on Mixed_6e, used only in training) is an option, off by default;
torchvision's published 27,161,264 params include it (its state dict holds it), its GFLOPS
(eval mode) do not.
"""

from __future__ import annotations

from costcalc.graph import Network
from costcalc.layers import (
    AdaptiveAvgPool2d,
    AvgPool2d,
    BatchNorm2d,
    Concat,
    Conv2d,
    Dropout,
    Flatten,
    Linear,
    MaxPool2d,
    ReLU,
)
from costcalc.registry import Model
from costcalc.options import between, described, declare

# The paper's Table 1 as printed: type, patch size/stride or remarks, input size (H, W, C).
# We build the released net instead (below); the tests check which rows it reproduces.
TABLE_1 = [
    ("conv", "3×3/2", (299, 299, 3)),
    ("conv", "3×3/1", (149, 149, 32)),
    ("conv padded", "3×3/1", (147, 147, 32)),
    ("pool", "3×3/2", (147, 147, 64)),
    ("conv", "3×3/1", (73, 73, 64)),
    ("conv", "3×3/2", (71, 71, 80)),
    ("conv", "3×3/1", (35, 35, 192)),
    ("3×Inception", "As in figure 5", (35, 35, 288)),
    ("5×Inception", "As in figure 6", (17, 17, 768)),
    ("2×Inception", "As in figure 7", (8, 8, 1280)),
    ("pool", "8 × 8", (8, 8, 2048)),
    ("linear", "logits", (1, 1, 2048)),
    ("softmax", "classifier", (1, 1, 1000)),
]

# A step of a chain:
#   (filters, kernel, stride, padding)   a BasicConv2d; kernel and padding an int or (h, w);
#                                        stride and padding may be left out (1 and 0)
#   ("avg" | "max", kernel, stride, padding)   a pool
#   ("split", conv, conv)                two convs on the same input, concatenated (Figure 7)
# A filter count written as a string ("c7", "pool") is a parameter of the module's row.
STEM = [  # torchvision Inception3, Conv2d_1a_3x3 … maxpool2: 299 → 149 → 147 → 147 → 73 → 73 → 71 → 35
    ("Conv2d_1a_3x3", (32, 3, 2)),
    ("Conv2d_2a_3x3", (32, 3)),
    ("Conv2d_2b_3x3", (64, 3, 1, 1)),
    ("maxpool1", ("max", 3, 2, 0)),
    ("Conv2d_3b_1x1", (80, 1)),
    ("Conv2d_4a_3x3", (192, 3)),
    ("maxpool2", ("max", 3, 2, 0)),
]

# Each module kind: its branches in concatenation order, each a chain of steps.
MODULES = {
    "A": {  # Figure 5 (with the released net's extra 5×5 branch)
        "branch1x1": [(64, 1)],
        "branch5x5": [(48, 1), (64, 5, 1, 2)],
        "branch3x3dbl": [(64, 1), (96, 3, 1, 1), (96, 3, 1, 1)],
        "branch_pool": [("avg", 3, 1, 1), ("pool", 1)],
    },
    "B": {  # Figure 10: 35×35 → 17×17
        "branch3x3": [(384, 3, 2)],
        "branch3x3dbl": [(64, 1), (96, 3, 1, 1), (96, 3, 2)],
        "branch_pool": [("max", 3, 2, 0)],
    },
    "C": {  # Figure 6, n = 7: each 7×7 factorised into 1×7 and 7×1
        "branch1x1": [(192, 1)],
        "branch7x7": [("c7", 1), ("c7", (1, 7), 1, (0, 3)), (192, (7, 1), 1, (3, 0))],
        "branch7x7dbl": [("c7", 1), ("c7", (7, 1), 1, (3, 0)), ("c7", (1, 7), 1, (0, 3)),
                         ("c7", (7, 1), 1, (3, 0)), (192, (1, 7), 1, (0, 3))],
        "branch_pool": [("avg", 3, 1, 1), (192, 1)],
    },
    "D": {  # 17×17 → 8×8
        "branch3x3": [(192, 1), (320, 3, 2)],
        "branch7x7x3": [(192, 1), (192, (1, 7), 1, (0, 3)), (192, (7, 1), 1, (3, 0)), (192, 3, 2)],
        "branch_pool": [("max", 3, 2, 0)],
    },
    "E": {  # Figure 7: expanded filter bank, 1×3 and 3×1 side by side
        "branch1x1": [(320, 1)],
        "branch3x3": [(384, 1), ("split", (384, (1, 3), 1, (0, 1)), (384, (3, 1), 1, (1, 0)))],
        "branch3x3dbl": [(448, 1), (384, 3, 1, 1),
                         ("split", (384, (1, 3), 1, (0, 1)), (384, (3, 1), 1, (1, 0)))],
        "branch_pool": [("avg", 3, 1, 1), (192, 1)],
    },
}
FIGURE_OF = {"A": "5", "B": "10", "C": "6", "D": "10", "E": "7"}

# The modules in order: stage (the input grid, as Table 1 groups them), name, kind, parameters.
INCEPTION_V3 = [
    ("inception_35", "Mixed_5b", "A", {"pool": 32}),
    ("inception_35", "Mixed_5c", "A", {"pool": 64}),
    ("inception_35", "Mixed_5d", "A", {"pool": 64}),
    ("inception_35", "Mixed_6a", "B", {}),
    ("inception_17", "Mixed_6b", "C", {"c7": 128}),
    ("inception_17", "Mixed_6c", "C", {"c7": 160}),
    ("inception_17", "Mixed_6d", "C", {"c7": 160}),
    ("inception_17", "Mixed_6e", "C", {"c7": 192}),
    ("inception_17", "Mixed_7a", "D", {}),
    ("inception_8", "Mixed_7b", "E", {}),
    ("inception_8", "Mixed_7c", "E", {}),
]
AUX_AFTER = "Mixed_6e"
# torchvision InceptionAux: 5×5/3 avg pool (17 → 5), 1×1 conv to 128, 5×5 conv to 768 (5 → 1), fc.
AUX = [("avg_pool", ("avg", 5, 3, 0)), ("conv0", (128, 1)), ("conv1", (768, 5))]


def _conv_args(step: tuple, params: dict) -> tuple:
    """(filters, kernel, stride, padding) of a conv step: defaults filled in (stride 1,
    padding 0), a named filter count read from the module's parameters."""
    filters, kernel, stride, padding = (*step, *(1, 0)[len(step) - 2:])
    return params.get(filters, filters), kernel, stride, padding


def basic_conv(net: Network, name: str, step: tuple, params: dict, inputs=None) -> str:
    """torchvision's BasicConv2d: conv (no bias), batch norm, ReLU. Returns the ReLU's path."""
    filters, kernel, stride, padding = _conv_args(step, params)
    net.add(name, Conv2d(filters, kernel, stride=stride, padding=padding, bias=False), inputs=inputs)
    net.add(f"{name}_bn", BatchNorm2d())
    return net.add(f"{name}_relu", ReLU())


def chain(net: Network, branch: str, steps: list, params: dict, source: str) -> str:
    """Walk one branch from ``source``. Convs are numbered as torchvision numbers them
    (branch5x5_1, branch5x5_2; a lone conv takes the branch's name; a split's two convs get a
    and b); a pool is named avg_pool or max_pool. Returns the branch's output node."""
    convs = sum(1 for s in steps if s[0] not in ("avg", "max"))
    last, index = source, 0
    for step in steps:
        if step[0] in ("avg", "max"):
            kind, kernel, stride, padding = step
            pool = AvgPool2d if kind == "avg" else MaxPool2d
            last = net.add(f"{kind}_pool", pool(kernel, stride=stride, padding=padding), inputs=last)
            continue
        index += 1
        name = branch if convs == 1 else f"{branch}_{index}"
        if step[0] == "split":
            halves = [basic_conv(net, f"{name}{ab}", half, params, inputs=last)
                      for ab, half in zip("ab", step[1:])]
            last = net.add(f"{name}_concat", Concat(), inputs=halves)
        else:
            last = basic_conv(net, name, step, params, inputs=last)
    return last


def inception_module(net: Network, name: str, kind: str, params: dict, source: str) -> str:
    with net.scope(name, kind="block", module=kind, figure=FIGURE_OF[kind], **params):
        outputs = [chain(net, branch, steps, params, source)
                   for branch, steps in MODULES[kind].items()]
        return net.add("concat", Concat(), inputs=outputs)


MIN_SIZE = 75  # torchvision's Inception_V3_Weights min_size: at 74 Mixed_7a gets a 2×2 map


@declare(aux_logits=described("the training-only auxiliary classifier"),
         size=between(MIN_SIZE, help="input size (torchvision's min_size is 75)"))
def inception_v3(aux_logits: bool = False, size: int = 299, num_classes: int = 1000) -> Network:
    note = ("auxiliary classifier included (on Mixed_6e; training only, as in torchvision's "
            "27,161,264 params)" if aux_logits else
            "auxiliary classifier left out (inference; torchvision's 27,161,264 params include "
            "it: add it with -O aux_logits=true)")
    net = Network("inception-v3", channels=3, size=size, notes=(note,), description=(
        "Inception v3 as released (torchvision inception_v3), BN after every conv; auxiliary "
        "classifier " + ("on" if aux_logits else "off")))
    with net.scope("stem", kind="stage"):
        for name, step in STEM:
            if step[0] == "max":
                net.add(name, MaxPool2d(step[1], stride=step[2], padding=step[3]))
            else:
                basic_conv(net, name, step, {})
    last = net.last
    for stage, name, kind, params in INCEPTION_V3:
        with net.scope(stage, kind="stage"):
            last = inception_module(net, name, kind, params, last)
        if aux_logits and name == AUX_AFTER:
            with net.scope("aux_logits", kind="stage"):
                for aux_name, step in AUX:
                    if step[0] == "avg":
                        net.add(aux_name, AvgPool2d(step[1], stride=step[2]), inputs=last)
                    else:
                        basic_conv(net, aux_name, step, {})
                net.add("adaptive_avg_pool", AdaptiveAvgPool2d(1))
                net.add("flatten", Flatten())
                net.add("fc", Linear(num_classes), output=True)  # a second output (training)
    with net.scope("classifier", kind="stage"):  # Table 1: pool 8×8, linear, softmax
        net.add("avgpool", AdaptiveAvgPool2d(1), inputs=last)
        net.add("dropout", Dropout(0.5, inplace=False))  # torchvision's nn.Dropout(p)
        net.add("flatten", Flatten())
        net.add("fc", Linear(num_classes))
    return net


MODELS = {
    "inception-v3": Model("inception-v3", inception_v3,
                          "Inception v3 as released (torchvision inception_v3), 299×299, BN after "
                          "every conv; auxiliary classifier off by default",
                          "Szegedy et al. 2016, Table 1 and Figures 5–7, 10; torchvision inception_v3"),
}
