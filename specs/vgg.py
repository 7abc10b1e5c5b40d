"""VGG: Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
Recognition", ICLR 2015, Table 1 (configurations A to E).

Every conv is 3×3, stride 1, padding 1 (C's "conv1" layers are 1×1, padding 0), followed by
ReLU; every max pool is 2×2, stride 2; then FC-4096, FC-4096, FC-1000 with ReLU and dropout.
The paper's net has no adaptive pool (torchvision adds one, which changes no parameter at 224),
and ends in soft-max, which we leave out as torchvision does: counts are up to the logits.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import partial

from costcalc.engine import Analysis, analyze
from costcalc.graph import Network
from costcalc.layers import (AdaptiveAvgPool2d, BatchNorm2d, Conv2d, Dropout, Flatten, Linear,
                             LocalResponseNorm, MaxPool2d, ReLU)
from costcalc.ledger import Figure, NotComputable, count_layers
from costcalc.registry import Model

# Table 1, one column per configuration, top to bottom: an int is a conv3 layer with that
# many channels, "1x256" a conv1 layer, "LRN" local response normalisation, "M" max pool.
TABLE_1 = {
    "A":     [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "A-LRN": [64, "LRN", "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "B":     [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "C":     [64, 64, "M", 128, 128, "M", 256, 256, "1x256", "M", 512, 512, "1x512", "M",
              512, 512, "1x512", "M"],
    "D":     [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
              512, 512, 512, "M"],
    "E":     [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
              512, 512, 512, 512, "M"],
}
CLASSIFIER = [4096, 4096, 1000]
FC6_INPUT = 7 * 7 * 512  # "FC-4096" reads the last 7×7×512 pool of a 224×224 input


def vgg(config: str, num_classes: int = 1000, adaptive_pool: bool = False,
        batch_norm: bool = False) -> Network:
    """The paper's net; ``adaptive_pool=True`` adds torchvision's AdaptiveAvgPool2d(7) before the
    classifier, which lets other input sizes reach FC6 (at 224 it changes no count but adds one
    7×7×512 activation). Without it FC6 is sized for 7×7×512, i.e. for 224×224 inputs.
    ``batch_norm=True`` puts a BatchNorm2d between each conv and its ReLU, as torchvision's
    ``vgg*_bn`` do (the convs keep their biases); the paper's nets have none."""
    net = Network(f"vgg-{config}", channels=3, size=224,
                  description=f"VGG configuration {config}",
                  source="Simonyan & Zisserman 2015, Table 1, column " + config)
    block, index = 1, 1
    for item in TABLE_1[config]:
        with net.scope(f"conv{block}", kind="stage"):
            if item == "M":
                net.add("pool", MaxPool2d(2, stride=2))
                block, index = block + 1, 1
            elif item == "LRN":
                net.add("lrn", LocalResponseNorm(size=5, alpha=1e-4, beta=0.75, k=2.0))
            else:
                kernel, channels = (1, int(item[2:])) if isinstance(item, str) else (3, item)
                net.add(f"conv{block}_{index}", Conv2d(channels, kernel, padding=kernel // 2))
                if batch_norm:
                    net.add(f"bn{block}_{index}", BatchNorm2d())
                net.add(f"relu{block}_{index}", ReLU())
                index += 1
    with net.scope("classifier", kind="stage"):
        if adaptive_pool:
            net.add("avgpool", AdaptiveAvgPool2d(7))
        net.add("flatten", Flatten())
        widths = [*CLASSIFIER[:-1], num_classes]
        for i, width in enumerate(widths, start=6):
            net.add(f"fc{i}", Linear(width, in_features=FC6_INPUT if i == 6 else None))
            if i < 5 + len(widths):
                net.add(f"relu{i}", ReLU())
                net.add(f"drop{i}", Dropout(0.5))
    return net


def _model(name, config, layers):
    return Model(name, partial(vgg, config), f"VGG-{layers} (configuration {config})",
                 f"Simonyan & Zisserman 2015, Table 1, column {config}")


def _bn_model(config, layers):
    """torchvision's vgg{layers}_bn: the configuration with batch norm and the adaptive pool."""
    return Model(f"vgg{layers}-bn", partial(vgg, config),
                 f"VGG-{layers} (configuration {config}) with batch norm, torchvision's vgg{layers}_bn",
                 f"torchvision.models vgg{layers}_bn; Simonyan & Zisserman 2015, Table 1, column {config}",
                 options={"batch_norm": True, "adaptive_pool": True})


MODELS = {
    "vgg11": _model("vgg11", "A", 11),
    "vgg11-lrn": _model("vgg11-lrn", "A-LRN", 11),
    "vgg13": _model("vgg13", "B", 13),
    "vgg16-c": _model("vgg16-c", "C", 16),
    "vgg16": _model("vgg16", "D", 16),
    "vgg19": _model("vgg19", "E", 19),
    **{f"vgg{layers}-bn": _bn_model(config, layers) for config, layers in (("A", 11), ("B", 13),
                                                                            ("D", 16), ("E", 19))},
}


# --- The paper ledger (costcalc/ledger.py): what the sources print about these nets ----------

# The cs231n notes' VGG-16 table (seed 003), row by row as printed: row, our node, memory
# formula, weights formula. "memory" counts each layer's output values (the input too, ReLU in
# place, no biases); "weights" leaves biases out. Some formulas print "+" for "*"
# ("(3+3+64)+128 = 73,728") and some numbers group thousands with dots ("2.359.296"); the
# numbers themselves are the right products, and the figures below compare the numbers.
CS231N_VGG16 = [
    ("INPUT: [224x224x3]", "input", "224*224*3=150K", "0"),
    ("CONV3-64: [224x224x64]", "conv1/conv1_1", "224*224*64=3.2M", "(3+3+3)+64 = 1.728"),
    ("CONV3-64: [224x224x64]", "conv1/conv1_2", "224*224*64=3.2M", "(3*3*64)*64 = 36.864"),
    ("POOL2: [112x112x64]", "conv1/pool", "112*112*64=800K", "0"),
    ("CONV3-128: [112x112x128]", "conv2/conv2_1", "112+112+128=1.6M", "(3+3+64)+128 = 73,728"),
    ("CONV3-128: [112x112x128]", "conv2/conv2_2", "112*112*128=1.6M", "(3*3*128)*128 = 147,456"),
    ("P00L2: [56x56x128]", "conv2/pool", "56*56*128=400K", "0"),
    ("CONV3-256: [56x56x256]", "conv3/conv3_1", "56+56+256=800K", "(3*3*128)*256 = 294.912"),
    ("CONV3-256: [56x56x256]", "conv3/conv3_2", "56*56*256=800K", "(3+3+256)+256 = 589,824"),
    ("CONV3-256: [56x56x256]", "conv3/conv3_3", "56+56+256=800K", "(3+3+256)+256 = 589,824"),
    ("POOL2: [28x28x256]", "conv3/pool", "28*28*256=200K", "0"),
    ("CONV3-512: [28x28x512]", "conv4/conv4_1", "28+28+512=400K", "(3+3+256)+512 = 1,179,648"),
    ("CONV3-512: [28x28x512]", "conv4/conv4_2", "28*28*512=400K", "(3*3*512)*512 = 2.359.296"),
    ("CONV3-512: [28x28x512]", "conv4/conv4_3", "28*28*512=400K", "(3+3+512)+512 = 2,359,296"),
    ("POOL2: [14x14x512]", "conv4/pool", "14+14+512=100K", "0"),
    ("CONV3-512: [14x14x512]", "conv5/conv5_1", "14+14+512=100K", "(3*3*512)*512 = 2.359.296"),
    ("CONV3-512: [14x14x512]", "conv5/conv5_2", "14*14*512=100K", "(3+3+512)+512 = 2,359,296"),
    ("CONV3-512: [14x14x512]", "conv5/conv5_3", "14+14+512=100K", "(3+3+512)+512 = 2,359,296"),
    ("POOL2: [7x7x512]", "conv5/pool", "7*7*512=25K", "0"),
    ("FC: [1x1x4096]", "classifier/fc6", "4096", "7*7*512*4096 = 102,760,448"),
    ("FC: [1x1x4096]", "classifier/fc7", "4096", "4096*4096 = 16,777,216"),
    ("FC: [1x1x1000]", "classifier/fc8", "1000", "4096*1000 = 4,096,000"),
]
_CS231N = "seed 003, VGG-16 table from the cs231n notes ('VGGNet in detail')"


def _cs231n_figures() -> list[Figure]:
    """Two figures per row of CS231N_VGG16: its memory and its weights."""
    figures = []
    for i, (row, node, memory, weights) in enumerate(CS231N_VGG16, start=1):
        for column, quantity, text in (("memory", "activations", memory), ("weights", "weights", weights)):
            formula, _, number = text.rpartition("=")
            number = number.strip()
            notes = []
            if "+" in formula:
                notes.append(f"printed '{formula.strip()}' means {formula.strip().replace('+', '*')}")
            dotted = re.fullmatch(r"\d{1,3}(\.\d{3})+", number) is not None
            if dotted:  # a weight count has no decimals: the dots group thousands
                notes.append(f"'{number}' groups thousands with dots")
            rounded = number[-1] in "KM"
            if rounded:  # the column prints two significant digits (3.2M, 1.6M, 25K)
                notes.append("the column prints two significant digits")
            figures.append(Figure(
                "vgg16", quantity, number, f"{_CS231N}, row {i} '{row}', column {column}",
                node=node, table="vgg16-memory", label=f"{node} {column}",
                thousands="." if dotted else ",", significant=2 if rounded else None,
                reason="; ".join(notes)))
    return figures


def _stack(depth: int, what: str):
    """``depth`` of VGG's 3×3 convs stacked vs one conv that sees the same field, C → C channels
    (C and the 3×3 layer taken from VGG-16's conv3_2). ``what='field'``: the stack's receptive
    field, from the shape rule (input − output + 1 without padding); ``'ratio'``: the stack's
    weights over the single conv's (biases left out, as the slide does)."""
    def measure(a: Analysis):
        layer = a.row("conv3/conv3_2").layer
        c, size = layer.out_channels, 32
        stack = Network("stack", channels=c, size=size)
        for i in range(depth):
            stack.add(f"conv{i}", Conv2d(c, layer.kernel_size))
        stacked = analyze(stack)
        field = size - stacked.rows()[-1].output_shape[1] + 1
        if what == "field":
            return field
        single = Network("single", channels=c, size=size)
        single.add("conv", Conv2d(c, field))
        return Fraction(stacked.totals()["weights"], analyze(single).totals()["weights"])
    return measure


def _weight_layers(a: Analysis) -> int:
    """Table 1's "N weight layers": the layers that have weights (convs and FCs)."""
    return sum(1 for r in a.rows() if r.weights)


_MOBILENET_8 = "Howard et al. 2017 (MobileNet), Table 8, row VGG 16; seed 000, MobileNet (8/8)"
_FIELDS = "seed 000, VGG (2/4)"

FIGURES = [
    *_cs231n_figures(),
    Figure("vgg16", "activations", "24M",
           f"{_CS231N}, last rows: 'TOTAL memory: 24M * 4 bytes ~= 93MB / image'",
           table="vgg16-memory", label="total memory, values",
           erratum="the memory rows sum to 15,237,608 values (15.2M), not 24M (cs231n.github.io "
                   "issue #88)"),
    Figure("vgg16", "activation_bytes", "93MB",
           f"{_CS231N}, last rows: 'TOTAL memory: 24M * 4 bytes ~= 93MB / image'",
           table="vgg16-memory", label="total memory, bytes (fp32)",
           erratum="the rows give 15.2M × 4 B = 61.0 MB; 93 is not 24M × 4 B either (96.0 MB = "
                   "91.6 MiB): 93 MiB would need 24.4M values"),
    Figure("vgg16", "params", "138M", f"{_CS231N}, last row: 'TOTAL params: 138M parameters'",
           table="vgg16-memory", label="total parameters"),
    Figure("vgg19", "params", "144M", "seed 000, VGG (3/4): '파라미터의 수가 매우 많은(144M)' and "
           "GoogLeNet (1/6): 'VGG19 (19 layers) : 144M'", label="VGG-19 parameters", table="vgg-other"),
    Figure("vgg16", "params", "138M", f"{_MOBILENET_8}, column Million Parameters",
           table="mobilenet-table-8", label="VGG 16 parameters"),
    Figure("vgg16", "macs", "15,300M", f"{_MOBILENET_8}, column Million Mult-Adds",
           table="mobilenet-table-8", label="VGG 16 mult-adds", significant=3, tolerance=0.015,
           reason="15,300 is 15.3 billion: the conv layers alone give 15.35G, the FC layers' "
                  "0.12G puts the total outside"),
    Figure("vgg16", "count", "5x5", f"{_FIELDS}: '3x3 컨볼루션 연산 두 번은 5x5 영역' (two 3×3 = 5×5)",
           measure=_stack(2, "field"), label="receptive field of two stacked 3×3 convs",
           table="vgg-other"),
    Figure("vgg16", "count", "7x7", f"{_FIELDS}: '3x3 컨볼루션 연산 세 번은 7x7 영역' (three 3×3 = 7×7)",
           measure=_stack(3, "field"), label="receptive field of three stacked 3×3 convs",
           table="vgg-other"),
    Figure("vgg16", "ratio", "18 : 25", f"{_FIELDS}: '(3x3 Conv.)x2 : 5x5 Conv. = 18 : 25'",
           measure=_stack(2, "ratio"), label="weights, two 3×3 convs : one 5×5",
           table="vgg-other"),
    Figure("vgg16", "ratio", "27 : 49", f"{_FIELDS}: '(3x3 Conv.)x3 : 7x7 Conv. = 27 : 49'",
           measure=_stack(3, "ratio"), label="weights, three 3×3 convs : one 7×7",
           table="vgg-other"),
    *(Figure(name, "count", str(layers), f"Simonyan & Zisserman 2015, Table 1, column {config} "
             f"'{layers} weight layers'; seed 000, VGG (3/4)", measure=_weight_layers,
             label=f"VGG configuration {config} weight layers", table="vgg-table-1")
      for name, config, layers in (("vgg11", "A", 11), ("vgg11-lrn", "A-LRN", 11), ("vgg13", "B", 13),
                                   ("vgg16-c", "C", 16), ("vgg16", "D", 16), ("vgg19", "E", 19))),
    Figure("vgg19", "weight_bytes", "574 MB", "seed 003, 'Memory Per Model' table, row VGG-19, "
           "column Size (MB)", tolerance=0.002, table="memory-per-model",
           label="VGG-19 weight memory (fp32)",
           reason="574.67 MB: the table truncates where rounding gives 575"),
    # Table 1's layer kinds, counted on each built configuration: the conv3 cells (3×3, stride 1,
    # padding 1), the five 2×2/2 max pools whatever the depth, C's conv1 cells, A-LRN's LRN.
    *(Figure(name, "count", str(sum(isinstance(item, int) for item in TABLE_1[config])),
             f"Simonyan & Zisserman 2015, Table 1, column {config}: its conv3 cells; Section 2.1: "
             "'the convolution stride is fixed to 1 pixel; the spatial padding ... is 1 pixel for "
             "3 × 3 conv. layers'" + ("; seed 004, VGG-16: '13 Convolution Layers', '3x3 convolution "
                                      "filters', 'stride: 1 & padding: 1'" if config == "D" else ""),
             measure=count_layers(Conv2d, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)),
             label=f"VGG configuration {config}: 3×3 stride-1 pad-1 convs", table="vgg-table-1")
      for name, config in (("vgg11", "A"), ("vgg11-lrn", "A-LRN"), ("vgg13", "B"), ("vgg16-c", "C"),
                           ("vgg16", "D"), ("vgg19", "E"))),
    *(Figure(name, "count", "5", f"Simonyan & Zisserman 2015, Table 1, column {config}: five "
             "maxpool rows; seed 004, VGG-16: '2x2 max pooling (stride : 2)' and VGG 특징: 'Conv "
             "Layer의 수와는 관계없이 다섯 장의 고정된 Pooling Layer만을 사용' (five pooling layers "
             "whatever the number of conv layers)",
             measure=count_layers(MaxPool2d, kernel_size=(2, 2), stride=(2, 2)),
             label=f"VGG configuration {config}: 2×2 stride-2 max pools", table="vgg-table-1")
      for name, config in (("vgg11", "A"), ("vgg11-lrn", "A-LRN"), ("vgg13", "B"), ("vgg16-c", "C"),
                           ("vgg16", "D"), ("vgg19", "E"))),
    Figure("vgg16-c", "count", "3", "Simonyan & Zisserman 2015, Table 1, column C: 'conv1-256', "
           "'conv1-512', 'conv1-512' (seeds 000, 003, 004)", measure=count_layers(Conv2d, kernel_size=(1, 1)),
           label="VGG configuration C: 1×1 (conv1) layers", table="vgg-table-1"),
    Figure("vgg11-lrn", "count", "1", "Simonyan & Zisserman 2015, Table 1, column A-LRN: 'LRN' "
           "(seeds 000, 003, 004)", measure=count_layers(LocalResponseNorm),
           label="VGG configuration A-LRN: LRN layers", table="vgg-table-1"),
    Figure("vgg16", "count", "3", "seed 004, VGG-16 Architecture: '13 Convolution Layers + 3 "
           "Fully-connected Layers'; Table 1: FC-4096, FC-4096, FC-1000", measure=count_layers(Linear),
           label="VGG-16 fully-connected layers", table="vgg-other"),
]

NOT_COMPUTABLE = [
    NotComputable("vgg19", "top-5 error", "7.32%", "seed 000, VGG (1/4): 'VGG19 - 7.32%'",
                  "measured accuracy on ImageNet, not a static cost", table="vgg-other"),
    NotComputable("vgg19", "top-5 error", "7.5%", "seed 003, 'Memory Per Model' table, row VGG-19, "
                  "column Error % (top-5)", "measured accuracy on ImageNet, not a static cost",
                  table="memory-per-model"),
    NotComputable("vgg16", "ImageNet accuracy", "71.5%", f"{_MOBILENET_8}, column ImageNet Accuracy",
                  "measured accuracy on ImageNet, not a static cost", table="mobilenet-table-8"),
    NotComputable("vgg16", "memory with the backward pass", "~*2",
                  f"{_CS231N}, last rows: '93MB / image (only forward! ~*2 for bwd)'",
                  "a rule of thumb for training: what a backward pass keeps (activations, their "
                  "gradients) depends on the framework; costcalc counts the forward pass",
                  table="vgg16-memory"),
]
