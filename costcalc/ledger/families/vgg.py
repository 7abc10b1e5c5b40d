"""VGG: the cs231n VGG-16 table as 최건호's slides print it, the course slides' figures, Table 1.

Every printed value is the source's text, typed in. Table 1's layer counts are the cells of the
paper's columns, counted on the page (the slides of 김준영 and 최건호 reproduce the table); the
computed side counts the layers of the built net, never the spec's TABLE_1.
"""

from __future__ import annotations

from fractions import Fraction

from ...engine import Analysis, analyze
from ...graph import Network
from ...layers import Conv2d, Linear, LocalResponseNorm, MaxPool2d
from ..model import Figure, NotComputable, count_layers
from ..sources import CHOI_CNN_ADVANCED, GROUP3_ALEXNET_VGG_MOBILENET, HOWARD_2017, KIM_CNN_MODELS, SIMONYAN_2015

choi, kim, group3, table_1 = (CHOI_CNN_ADVANCED.at, KIM_CNN_MODELS.at, GROUP3_ALEXNET_VGG_MOBILENET.at,
                              SIMONYAN_2015.at)

# The cs231n notes' VGG-16 table as 최건호's slides reproduce it ('VGGNet in detail'): per row,
# "memory" counts the layer's output values (the input too, ReLU in place, no biases) and
# "weights" leaves biases out. The slides print some formulas with "+" for "*" ("(3+3+64)+128
# = 73,728") and group some thousands with dots ("2.359.296"); the numbers themselves are the
# right products, and the figures compare the numbers.
CS231N = "VGG-16 table (the cs231n notes' 'VGGNet in detail')"
PLUS_FOR_TIMES = "'+' printed for '*'"  # the reason spells the formula out
DOTS = "the number groups thousands with dots"
TWO_DIGITS = "the column prints two significant digits"


def cs231n(row: int, printed_row: str, node: str, column: str, formula: str, *notes: str) -> dict:
    """Everything but the printed number of one cell of the cs231n table."""
    quote = "" if formula.isdigit() else f"formula '{formula}'"
    return {"source": choi(f"{CS231N}, row {row} '{printed_row}', column {column}", quote),
            "node": node, "table": "vgg16-memory", "label": f"{node} {column}",
            "thousands": "." if DOTS in notes else ",", "significant": 2 if TWO_DIGITS in notes else None,
            "reason": "; ".join(f"printed '{formula}' means {formula.replace('+', '*')}" if note == PLUS_FOR_TIMES
                                else note for note in notes)}


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


_3X3 = count_layers(Conv2d, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
_POOLS = count_layers(MaxPool2d, kernel_size=(2, 2), stride=(2, 2))
_SECTION_2_1 = table_1("Section 2.1", "'the convolution stride is fixed to 1 pixel; the spatial "
                                      "padding ... is 1 pixel for 3 × 3 conv. layers'")
_FIVE_POOLS = group3("slide 'VGG 특징'", "'Conv Layer의 수와는 관계없이 다섯 장의 고정된 Pooling Layer만을 "
                                        "사용' (five pooling layers whatever the number of conv layers)")
_MOBILENET_8 = "Table 8, row VGG 16"
_FIELDS = "slide 'VGG (2/4)'"
_TOTALS = choi(f"{CS231N}, last rows", "'TOTAL memory: 24M * 4 bytes ~= 93MB / image'")

FIGURES = [
    Figure("vgg16", "activations", "150K", **cs231n(1, "INPUT: [224x224x3]", "input", "memory", "224*224*3",
                                                    TWO_DIGITS)),
    Figure("vgg16", "weights", "0", **cs231n(1, "INPUT: [224x224x3]", "input", "weights", "0")),
    Figure("vgg16", "activations", "3.2M", **cs231n(2, "CONV3-64: [224x224x64]", "conv1/conv1_1", "memory",
                                                    "224*224*64", TWO_DIGITS)),
    Figure("vgg16", "weights", "1.728", **cs231n(2, "CONV3-64: [224x224x64]", "conv1/conv1_1", "weights",
                                                 "(3+3+3)+64", PLUS_FOR_TIMES, DOTS)),
    Figure("vgg16", "activations", "3.2M", **cs231n(3, "CONV3-64: [224x224x64]", "conv1/conv1_2", "memory",
                                                    "224*224*64", TWO_DIGITS)),
    Figure("vgg16", "weights", "36.864", **cs231n(3, "CONV3-64: [224x224x64]", "conv1/conv1_2", "weights",
                                                  "(3*3*64)*64", DOTS)),
    Figure("vgg16", "activations", "800K", **cs231n(4, "POOL2: [112x112x64]", "conv1/pool", "memory",
                                                    "112*112*64", TWO_DIGITS)),
    Figure("vgg16", "weights", "0", **cs231n(4, "POOL2: [112x112x64]", "conv1/pool", "weights", "0")),
    Figure("vgg16", "activations", "1.6M", **cs231n(5, "CONV3-128: [112x112x128]", "conv2/conv2_1", "memory",
                                                    "112+112+128", PLUS_FOR_TIMES, TWO_DIGITS)),
    Figure("vgg16", "weights", "73,728", **cs231n(5, "CONV3-128: [112x112x128]", "conv2/conv2_1", "weights",
                                                  "(3+3+64)+128", PLUS_FOR_TIMES)),
    Figure("vgg16", "activations", "1.6M", **cs231n(6, "CONV3-128: [112x112x128]", "conv2/conv2_2", "memory",
                                                    "112*112*128", TWO_DIGITS)),
    Figure("vgg16", "weights", "147,456", **cs231n(6, "CONV3-128: [112x112x128]", "conv2/conv2_2", "weights",
                                                   "(3*3*128)*128")),
    Figure("vgg16", "activations", "400K", **cs231n(7, "P00L2: [56x56x128]", "conv2/pool", "memory",
                                                    "56*56*128", TWO_DIGITS)),
    Figure("vgg16", "weights", "0", **cs231n(7, "P00L2: [56x56x128]", "conv2/pool", "weights", "0")),
    Figure("vgg16", "activations", "800K", **cs231n(8, "CONV3-256: [56x56x256]", "conv3/conv3_1", "memory",
                                                    "56+56+256", PLUS_FOR_TIMES, TWO_DIGITS)),
    Figure("vgg16", "weights", "294.912", **cs231n(8, "CONV3-256: [56x56x256]", "conv3/conv3_1", "weights",
                                                   "(3*3*128)*256", DOTS)),
    Figure("vgg16", "activations", "800K", **cs231n(9, "CONV3-256: [56x56x256]", "conv3/conv3_2", "memory",
                                                    "56*56*256", TWO_DIGITS)),
    Figure("vgg16", "weights", "589,824", **cs231n(9, "CONV3-256: [56x56x256]", "conv3/conv3_2", "weights",
                                                   "(3+3+256)+256", PLUS_FOR_TIMES)),
    Figure("vgg16", "activations", "800K", **cs231n(10, "CONV3-256: [56x56x256]", "conv3/conv3_3", "memory",
                                                    "56+56+256", PLUS_FOR_TIMES, TWO_DIGITS)),
    Figure("vgg16", "weights", "589,824", **cs231n(10, "CONV3-256: [56x56x256]", "conv3/conv3_3", "weights",
                                                   "(3+3+256)+256", PLUS_FOR_TIMES)),
    Figure("vgg16", "activations", "200K", **cs231n(11, "POOL2: [28x28x256]", "conv3/pool", "memory",
                                                    "28*28*256", TWO_DIGITS)),
    Figure("vgg16", "weights", "0", **cs231n(11, "POOL2: [28x28x256]", "conv3/pool", "weights", "0")),
    Figure("vgg16", "activations", "400K", **cs231n(12, "CONV3-512: [28x28x512]", "conv4/conv4_1", "memory",
                                                    "28+28+512", PLUS_FOR_TIMES, TWO_DIGITS)),
    Figure("vgg16", "weights", "1,179,648", **cs231n(12, "CONV3-512: [28x28x512]", "conv4/conv4_1", "weights",
                                                     "(3+3+256)+512", PLUS_FOR_TIMES)),
    Figure("vgg16", "activations", "400K", **cs231n(13, "CONV3-512: [28x28x512]", "conv4/conv4_2", "memory",
                                                    "28*28*512", TWO_DIGITS)),
    Figure("vgg16", "weights", "2.359.296", **cs231n(13, "CONV3-512: [28x28x512]", "conv4/conv4_2", "weights",
                                                     "(3*3*512)*512", DOTS)),
    Figure("vgg16", "activations", "400K", **cs231n(14, "CONV3-512: [28x28x512]", "conv4/conv4_3", "memory",
                                                    "28*28*512", TWO_DIGITS)),
    Figure("vgg16", "weights", "2,359,296", **cs231n(14, "CONV3-512: [28x28x512]", "conv4/conv4_3", "weights",
                                                     "(3+3+512)+512", PLUS_FOR_TIMES)),
    Figure("vgg16", "activations", "100K", **cs231n(15, "POOL2: [14x14x512]", "conv4/pool", "memory",
                                                    "14+14+512", PLUS_FOR_TIMES, TWO_DIGITS)),
    Figure("vgg16", "weights", "0", **cs231n(15, "POOL2: [14x14x512]", "conv4/pool", "weights", "0")),
    Figure("vgg16", "activations", "100K", **cs231n(16, "CONV3-512: [14x14x512]", "conv5/conv5_1", "memory",
                                                    "14+14+512", PLUS_FOR_TIMES, TWO_DIGITS)),
    Figure("vgg16", "weights", "2.359.296", **cs231n(16, "CONV3-512: [14x14x512]", "conv5/conv5_1", "weights",
                                                     "(3*3*512)*512", DOTS)),
    Figure("vgg16", "activations", "100K", **cs231n(17, "CONV3-512: [14x14x512]", "conv5/conv5_2", "memory",
                                                    "14*14*512", TWO_DIGITS)),
    Figure("vgg16", "weights", "2,359,296", **cs231n(17, "CONV3-512: [14x14x512]", "conv5/conv5_2", "weights",
                                                     "(3+3+512)+512", PLUS_FOR_TIMES)),
    Figure("vgg16", "activations", "100K", **cs231n(18, "CONV3-512: [14x14x512]", "conv5/conv5_3", "memory",
                                                    "14+14+512", PLUS_FOR_TIMES, TWO_DIGITS)),
    Figure("vgg16", "weights", "2,359,296", **cs231n(18, "CONV3-512: [14x14x512]", "conv5/conv5_3", "weights",
                                                     "(3+3+512)+512", PLUS_FOR_TIMES)),
    Figure("vgg16", "activations", "25K", **cs231n(19, "POOL2: [7x7x512]", "conv5/pool", "memory",
                                                   "7*7*512", TWO_DIGITS)),
    Figure("vgg16", "weights", "0", **cs231n(19, "POOL2: [7x7x512]", "conv5/pool", "weights", "0")),
    Figure("vgg16", "activations", "4096", **cs231n(20, "FC: [1x1x4096]", "classifier/fc6", "memory", "4096")),
    Figure("vgg16", "weights", "102,760,448", **cs231n(20, "FC: [1x1x4096]", "classifier/fc6", "weights",
                                                       "7*7*512*4096")),
    Figure("vgg16", "activations", "4096", **cs231n(21, "FC: [1x1x4096]", "classifier/fc7", "memory", "4096")),
    Figure("vgg16", "weights", "16,777,216", **cs231n(21, "FC: [1x1x4096]", "classifier/fc7", "weights",
                                                      "4096*4096")),
    Figure("vgg16", "activations", "1000", **cs231n(22, "FC: [1x1x1000]", "classifier/fc8", "memory", "1000")),
    Figure("vgg16", "weights", "4,096,000", **cs231n(22, "FC: [1x1x1000]", "classifier/fc8", "weights",
                                                     "4096*1000")),
    Figure("vgg16", "activations", "24M", _TOTALS, table="vgg16-memory", label="total memory, values",
           erratum="the memory rows sum to 15,237,608 values (15.2M), not 24M (cs231n.github.io "
                   "issue #88)"),
    Figure("vgg16", "activation_bytes", "93MB", _TOTALS, table="vgg16-memory",
           label="total memory, bytes (fp32)",
           erratum="the rows give 15.2M × 4 B = 61.0 MB; 93 is not 24M × 4 B either (96.0 MB = "
                   "91.6 MiB): 93 MiB would need 24.4M values"),
    Figure("vgg16", "params", "138M", choi(f"{CS231N}, last row", "'TOTAL params: 138M parameters'"),
           table="vgg16-memory", label="total parameters"),
    Figure("vgg19", "params", "144M",
           (kim("slide 'VGG (3/4)'", "'파라미터의 수가 매우 많은(144M)'"),
            kim("slide 'GoogLeNet (1/6)'", "'VGG19 (19 layers) : 144M'")),
           label="VGG-19 parameters", table="vgg-other"),
    Figure("vgg16", "params", "138M", (HOWARD_2017.at(f"{_MOBILENET_8}, column Million Parameters"),
                                       kim("slide 'MobileNet (8/8)'", "Table 8")),
           table="mobilenet-table-8", label="VGG 16 parameters"),
    Figure("vgg16", "macs", "15,300M", (HOWARD_2017.at(f"{_MOBILENET_8}, column Million Mult-Adds"),
                                        kim("slide 'MobileNet (8/8)'", "Table 8: '15300'")),
           table="mobilenet-table-8", label="VGG 16 mult-adds", significant=3, tolerance=0.015,
           reason="15,300 is 15.3 billion: the conv layers alone give 15.35G, the FC layers' "
                  "0.12G puts the total outside"),
    Figure("vgg16", "count", "5x5", kim(_FIELDS, "'3x3 컨볼루션 연산 두 번은 5x5 영역' (two 3×3 = 5×5)"),
           measure=_stack(2, "field"), label="receptive field of two stacked 3×3 convs", table="vgg-other"),
    Figure("vgg16", "count", "7x7", kim(_FIELDS, "'3x3 컨볼루션 연산 세 번은 7x7 영역' (three 3×3 = 7×7)"),
           measure=_stack(3, "field"), label="receptive field of three stacked 3×3 convs", table="vgg-other"),
    Figure("vgg16", "ratio", "18 : 25", kim(_FIELDS, "'(3x3 Conv.)x2 : 5x5 Conv. = 18 : 25'"),
           measure=_stack(2, "ratio"), label="weights, two 3×3 convs : one 5×5", table="vgg-other"),
    Figure("vgg16", "ratio", "27 : 49", kim(_FIELDS, "'(3x3 Conv.)x3 : 7x7 Conv. = 27 : 49'"),
           measure=_stack(3, "ratio"), label="weights, three 3×3 convs : one 7×7", table="vgg-other"),
    # Table 1's heading row: "N weight layers" per configuration.
    Figure("vgg11", "count", "11", (table_1("Table 1, column A", "'11 weight layers'"), kim("slide 'VGG (3/4)'")),
           measure=_weight_layers, label="VGG configuration A weight layers", table="vgg-table-1"),
    Figure("vgg11-lrn", "count", "11", (table_1("Table 1, column A-LRN", "'11 weight layers'"),
                                        kim("slide 'VGG (3/4)'")),
           measure=_weight_layers, label="VGG configuration A-LRN weight layers", table="vgg-table-1"),
    Figure("vgg13", "count", "13", (table_1("Table 1, column B", "'13 weight layers'"), kim("slide 'VGG (3/4)'")),
           measure=_weight_layers, label="VGG configuration B weight layers", table="vgg-table-1"),
    Figure("vgg16-c", "count", "16", (table_1("Table 1, column C", "'16 weight layers'"), kim("slide 'VGG (3/4)'")),
           measure=_weight_layers, label="VGG configuration C weight layers", table="vgg-table-1"),
    Figure("vgg16", "count", "16", (table_1("Table 1, column D", "'16 weight layers'"), kim("slide 'VGG (3/4)'")),
           measure=_weight_layers, label="VGG configuration D weight layers", table="vgg-table-1"),
    Figure("vgg19", "count", "19", (table_1("Table 1, column E", "'19 weight layers'"), kim("slide 'VGG (3/4)'")),
           measure=_weight_layers, label="VGG configuration E weight layers", table="vgg-table-1"),
    Figure("vgg19", "weight_bytes", "574 MB", choi("table 'Memory Per Model', row VGG-19, column Size (MB)"),
           tolerance=0.002, table="memory-per-model", label="VGG-19 weight memory (fp32)",
           reason="574.67 MB: the table truncates where rounding gives 575"),
    # Table 1's layer kinds, counted on the page and on each built configuration: the conv3
    # cells (3×3, stride 1, padding 1), the five 2×2/2 max pools whatever the depth, C's conv1
    # cells, A-LRN's LRN.
    Figure("vgg11", "count", "8", (table_1("Table 1, column A", "8 conv3 cells"), _SECTION_2_1),
           measure=_3X3, label="VGG configuration A: 3×3 stride-1 pad-1 convs", table="vgg-table-1"),
    Figure("vgg11-lrn", "count", "8", (table_1("Table 1, column A-LRN", "8 conv3 cells"), _SECTION_2_1),
           measure=_3X3, label="VGG configuration A-LRN: 3×3 stride-1 pad-1 convs", table="vgg-table-1"),
    Figure("vgg13", "count", "10", (table_1("Table 1, column B", "10 conv3 cells"), _SECTION_2_1),
           measure=_3X3, label="VGG configuration B: 3×3 stride-1 pad-1 convs", table="vgg-table-1"),
    Figure("vgg16-c", "count", "10", (table_1("Table 1, column C", "10 conv3 cells"), _SECTION_2_1),
           measure=_3X3, label="VGG configuration C: 3×3 stride-1 pad-1 convs", table="vgg-table-1"),
    Figure("vgg16", "count", "13",
           (table_1("Table 1, column D", "13 conv3 cells"), _SECTION_2_1,
            group3("slide 'VGG-16'", "'13 Convolution Layers', '3x3 convolution filters', "
                                     "'stride: 1 & padding: 1'")),
           measure=_3X3, label="VGG configuration D: 3×3 stride-1 pad-1 convs", table="vgg-table-1"),
    Figure("vgg19", "count", "16", (table_1("Table 1, column E", "16 conv3 cells"), _SECTION_2_1),
           measure=_3X3, label="VGG configuration E: 3×3 stride-1 pad-1 convs", table="vgg-table-1"),
    Figure("vgg11", "count", "5", (table_1("Table 1, column A", "five maxpool rows"), _FIVE_POOLS),
           measure=_POOLS, label="VGG configuration A: 2×2 stride-2 max pools", table="vgg-table-1"),
    Figure("vgg11-lrn", "count", "5", (table_1("Table 1, column A-LRN", "five maxpool rows"), _FIVE_POOLS),
           measure=_POOLS, label="VGG configuration A-LRN: 2×2 stride-2 max pools", table="vgg-table-1"),
    Figure("vgg13", "count", "5", (table_1("Table 1, column B", "five maxpool rows"), _FIVE_POOLS),
           measure=_POOLS, label="VGG configuration B: 2×2 stride-2 max pools", table="vgg-table-1"),
    Figure("vgg16-c", "count", "5", (table_1("Table 1, column C", "five maxpool rows"), _FIVE_POOLS),
           measure=_POOLS, label="VGG configuration C: 2×2 stride-2 max pools", table="vgg-table-1"),
    Figure("vgg16", "count", "5",
           (table_1("Table 1, column D", "five maxpool rows"), _FIVE_POOLS,
            group3("slide 'VGG-16'", "'2x2 max pooling (stride : 2)'")),
           measure=_POOLS, label="VGG configuration D: 2×2 stride-2 max pools", table="vgg-table-1"),
    Figure("vgg19", "count", "5", (table_1("Table 1, column E", "five maxpool rows"), _FIVE_POOLS),
           measure=_POOLS, label="VGG configuration E: 2×2 stride-2 max pools", table="vgg-table-1"),
    Figure("vgg16-c", "count", "3",
           (table_1("Table 1, column C", "'conv1-256', 'conv1-512', 'conv1-512'"),
            kim("slide 'VGG (3/4)'"), choi("slides 'VGG Network'")),
           measure=count_layers(Conv2d, kernel_size=(1, 1)),
           label="VGG configuration C: 1×1 (conv1) layers", table="vgg-table-1"),
    Figure("vgg11-lrn", "count", "1",
           (table_1("Table 1, column A-LRN", "'LRN'"), kim("slide 'VGG (3/4)'"), choi("slides 'VGG Network'")),
           measure=count_layers(LocalResponseNorm), label="VGG configuration A-LRN: LRN layers",
           table="vgg-table-1"),
    Figure("vgg16", "count", "3",
           (group3("slide 'VGG-16'", "'13 Convolution Layers + 3 Fully-connected Layers'"),
            table_1("Table 1, column D", "FC-4096, FC-4096, FC-1000")),
           measure=count_layers(Linear), label="VGG-16 fully-connected layers", table="vgg-other"),
]

_ACCURACY = "measured accuracy on ImageNet, not a static cost"

NOT_COMPUTABLE = [
    NotComputable("vgg19", "top-5 error", "7.32%", kim("slide 'VGG (1/4)'", "'VGG19 - 7.32%'"), _ACCURACY,
                  table="vgg-other"),
    NotComputable("vgg19", "top-5 error", "7.5%",
                  choi("table 'Memory Per Model', row VGG-19, column Error % (top-5)"), _ACCURACY,
                  table="memory-per-model"),
    NotComputable("vgg16", "ImageNet accuracy", "71.5%",
                  (HOWARD_2017.at(f"{_MOBILENET_8}, column ImageNet Accuracy"), kim("slide 'MobileNet (8/8)'")),
                  _ACCURACY, table="mobilenet-table-8"),
    NotComputable("vgg16", "memory with the backward pass", "~*2",
                  choi(f"{CS231N}, last rows", "'93MB / image (only forward! ~*2 for bwd)'"),
                  "a rule of thumb for training: what a backward pass keeps (activations, their "
                  "gradients) depends on the framework; costcalc counts the forward pass",
                  table="vgg16-memory"),
]
