"""MobileNetV3-Large and -Small: Howard et al., "Searching for MobileNetV3", ICCV 2019, Tables 1
and 2; as built by torchvision's ``mobilenet_v3_large`` and ``mobilenet_v3_small``.

* Each table below is the paper's, one row per layer: input size, operator, expansion size,
  #out, SE, non-linearity (RE = ReLU, HS = h-swish), stride. Each ``bneck`` row is an inverted
  residual block (Section 5.3, Fig. 4): 1×1 expansion (left out when the expansion size equals
  the input channels), depthwise k×k conv, squeeze-excitation when SE is marked, linear 1×1
  projection; batch norm (eps 0.001) after every conv; the input added back when the stride is 1
  and the channels match.
* Squeeze-excitation (Section 5.3): to make_divisible(expansion / 4, 8) channels, ReLU, and a
  hard-sigmoid gate (torchvision's SqueezeExcitation with Hardsigmoid).
* The head: the paper's ``conv2d 1×1, NBN`` rows on the pooled 1×1 map are fully connected
  layers with bias and no batch norm; torchvision writes them as Linear, with h-swish and
  dropout 0.2 between them: the same params and MACs. We follow torchvision.
* Table 2 marks SE on Small's last conv2d 1×1 (576); neither torchvision nor the authors' TF
  reference puts one there, and torchvision's 2,542,856 params have none: not built.
"""

from __future__ import annotations

from costcalc.blocks.mobile import conv_norm_act, inverted_residual, make_divisible
from costcalc.errors import OptionError
from costcalc.graph import Network
from costcalc.layers import AdaptiveAvgPool2d, Dropout, Flatten, Hardsigmoid, Hardswish, Linear, ReLU
from costcalc.registry import Model

PAPER = "Howard et al. 2019 (MobileNetV3)"
_ = None  # an empty cell

# Table 1: MobileNetV3-Large. Input, operator, exp size, #out, SE, NL, s.
TABLE_1 = [
    ("224²×3",   "conv2d",          _,   16,   _,   "HS", 2),
    ("112²×16",  "bneck, 3x3",      16,  16,   _,   "RE", 1),
    ("112²×16",  "bneck, 3x3",      64,  24,   _,   "RE", 2),
    ("56²×24",   "bneck, 3x3",      72,  24,   _,   "RE", 1),
    ("56²×24",   "bneck, 5x5",      72,  40,   "✓", "RE", 2),
    ("28²×40",   "bneck, 5x5",      120, 40,   "✓", "RE", 1),
    ("28²×40",   "bneck, 5x5",      120, 40,   "✓", "RE", 1),
    ("28²×40",   "bneck, 3x3",      240, 80,   _,   "HS", 2),
    ("14²×80",   "bneck, 3x3",      200, 80,   _,   "HS", 1),
    ("14²×80",   "bneck, 3x3",      184, 80,   _,   "HS", 1),
    ("14²×80",   "bneck, 3x3",      184, 80,   _,   "HS", 1),
    ("14²×80",   "bneck, 3x3",      480, 112,  "✓", "HS", 1),
    ("14²×112",  "bneck, 3x3",      672, 112,  "✓", "HS", 1),
    ("14²×112",  "bneck, 5x5",      672, 160,  "✓", "HS", 2),
    ("7²×160",   "bneck, 5x5",      960, 160,  "✓", "HS", 1),
    ("7²×160",   "bneck, 5x5",      960, 160,  "✓", "HS", 1),
    ("7²×160",   "conv2d, 1x1",     _,   960,  _,   "HS", 1),
    ("7²×960",   "pool, 7x7",       _,   _,    _,   _,    1),
    ("1²×960",   "conv2d 1x1, NBN", _,   1280, _,   "HS", 1),
    ("1²×1280",  "conv2d 1x1, NBN", _,   "k",  _,   _,    1),
]

# Table 2: MobileNetV3-Small, same columns.
TABLE_2 = [
    ("224²×3",   "conv2d, 3x3",     _,   16,   _,   "HS", 2),
    ("112²×16",  "bneck, 3x3",      16,  16,   "✓", "RE", 2),
    ("56²×16",   "bneck, 3x3",      72,  24,   _,   "RE", 2),
    ("28²×24",   "bneck, 3x3",      88,  24,   _,   "RE", 1),
    ("28²×24",   "bneck, 5x5",      96,  40,   "✓", "HS", 2),
    ("14²×40",   "bneck, 5x5",      240, 40,   "✓", "HS", 1),
    ("14²×40",   "bneck, 5x5",      240, 40,   "✓", "HS", 1),
    ("14²×40",   "bneck, 5x5",      120, 48,   "✓", "HS", 1),
    ("14²×48",   "bneck, 5x5",      144, 48,   "✓", "HS", 1),
    ("14²×48",   "bneck, 5x5",      288, 96,   "✓", "HS", 2),
    ("7²×96",    "bneck, 5x5",      576, 96,   "✓", "HS", 1),
    ("7²×96",    "bneck, 5x5",      576, 96,   "✓", "HS", 1),
    ("7²×96",    "conv2d, 1x1",     _,   576,  "✓", "HS", 1),
    ("7²×576",   "pool, 7x7",       _,   _,    _,   _,    1),
    ("1²×576",   "conv2d 1x1, NBN", _,   1024, _,   "HS", 1),
    ("1²×1024",  "conv2d 1x1, NBN", _,   "k",  _,   _,    1),
]
TABLES = {"large": TABLE_1, "small": TABLE_2}
EPS = 0.001  # torchvision's BatchNorm2d(eps=0.001, momentum=0.01)


def _activation(nl: str):
    return (lambda: Hardswish(inplace=True)) if nl == "HS" else (lambda: ReLU(inplace=True))


def _check(variant, num_classes) -> None:
    if variant not in TABLES:
        raise OptionError("option variant", "the variant is one of the paper's two tables",
                          " | ".join(TABLES), repr(variant))
    if not isinstance(num_classes, int) or isinstance(num_classes, bool) or num_classes < 1:
        raise OptionError("option num_classes", "the FC layer needs at least one class",
                          "a whole number ≥ 1", repr(num_classes))


def mobilenetv3(variant: str = "large", num_classes: int = 1000) -> Network:
    """Walk the variant's table row by row: one block scope per bneck row."""
    _check(variant, num_classes)
    net = Network(f"mobilenetv3-{variant}", channels=3, size=224,
                  description=f"MobileNetV3-{variant.capitalize()}", notes=(
        "squeeze-excitation to make_divisible(exp/4, 8) channels, ReLU, hard-sigmoid gate",
        "head: the paper's conv2d 1×1 NBN rows as torchvision's Linear layers (h-swish, "
        "dropout 0.2 between them)",))
    channels, block, head = 3, 0, 0
    for size, operator, expansion, out, se, nl, stride in TABLES[variant]:
        if operator.startswith("bneck"):
            block += 1
            kernel = int(operator.split(", ")[1].split("x")[0])
            inverted_residual(
                net, f"bneck{block}", channels, expansion, out, kernel, stride,
                activation=_activation(nl), eps=EPS,
                se_channels=make_divisible(expansion // 4) if se else None,
                se_activation=ReLU, se_gate=Hardsigmoid, operator=operator, SE=se or "", NL=nl)
            channels = out
        elif operator.startswith("conv2d") and "NBN" not in operator:
            name = "conv1" if block == 0 else "conv2"
            with net.scope(name, kind="block", operator=operator, NL=nl):
                kernel = 1 if "1x1" in operator else 3
                conv_norm_act(net, "conv", out, kernel, stride=stride, activation=_activation(nl),
                              eps=EPS)
            channels = out
        elif operator.startswith("pool"):
            with net.scope("pool", kind="block", operator=operator):
                net.add("avgpool", AdaptiveAvgPool2d(1))
                net.add("flatten", Flatten())
        else:  # conv2d 1x1, NBN on the pooled map: fully connected
            head += 1
            with net.scope(f"classifier{head}", kind="block", operator=operator):
                if out == "k":
                    net.add("fc", Linear(num_classes))
                else:
                    net.add("fc", Linear(out))
                    net.add("act", Hardswish(inplace=True))
                    net.add("dropout", Dropout(0.2))
    return net


MODELS = {
    f"mobilenetv3-{v}": Model(f"mobilenetv3-{v}", mobilenetv3, f"MobileNetV3-{v.capitalize()}",
                              f"{PAPER}, Table {1 if v == 'large' else 2}; "
                              f"torchvision.models.mobilenet_v3_{v}", options={"variant": v})
    for v in TABLES
}
