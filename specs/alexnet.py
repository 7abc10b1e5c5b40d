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

from fractions import Fraction
from functools import partial

from costcalc.engine import Analysis, analyze
from costcalc.graph import Network
from costcalc.layers import (AdaptiveAvgPool2d, Conv2d, Dropout, Flatten, Linear, LocalResponseNorm,
                             MaxPool2d, ReLU)
from costcalc.ledger import Figure, NotComputable, count_layers
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
            net.add(f"drop{i}", Dropout(0.5))
        net.add(f"fc{i}", Linear(width, in_features=6 * 6 * 256 if i == 6 else None, strict=False))
        if not last:
            net.add(f"relu{i}", ReLU())
            if not dropout_first:
                net.add(f"drop{i}", Dropout(0.5))


def alexnet(table: list[tuple] = ONE_TOWER, size: int = 227, num_classes: int = 1000) -> Network:
    net = Network("alexnet", channels=3, size=size)
    features(net, table)
    classifier(net, [*CLASSIFIER[:-1], num_classes])
    return net


def alexnet_torchvision(num_classes: int = 1000) -> Network:
    net = Network("alexnet-tv", channels=3, size=224)
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


# --- The paper ledger (costcalc/ledger.py): what the sources print about these nets ----------

_SLIDES = "seed 003, AlexNet (2012) conv1 worked example"
_FC_SLIDE = "seed 003, AlexNet (2012) FC slide ('Input: 13x13x256, Output: 4096 -> 4096 -> 1000')"
_MEMORY = "seed 003, 'Memory Per Model' table, row AlexNet"


def _conv1_values(a: Analysis) -> int:
    """The slide's 34,944 + 290,400: conv1's parameters plus its output values."""
    row = a.row("conv1")
    return row.params + row.activations


def _conv1_bytes(a: Analysis) -> int:
    return _conv1_values(a) * a.bytes_per_element


def _per_filter(a: Analysis) -> Fraction:
    row = a.row("conv1")
    return Fraction(row.params, row.output_shape[0])


def _conv1_on_227(a: Analysis) -> int:
    """The paper's 55 is what 227 gives: the erratum's explanation, computed, not asserted."""
    return analyze(a.network, input_size=227).row("conv1").output_shape[1]


def _weight_layers(a: Analysis) -> int:
    """"8 layers": the layers that have weights (convs and FCs)."""
    return count_layers(Conv2d)(a) + count_layers(Linear)(a)


def _after_relu(a: Analysis) -> int:
    """Weight layers whose output goes through a ReLU (Section 3.1's non-linearity)."""
    weighted = {r.name for r in a.rows() if isinstance(r.layer, (Conv2d, Linear))}
    return sum(1 for r in a.rows() if isinstance(r.layer, ReLU) and set(r.inputs) <= weighted)


def _overlapping_pools(a: Analysis) -> int:
    """Max pools whose window is wider than their stride, so neighbouring windows overlap
    (Section 3.4: z = 3 > s = 2); a traditional pool has window = stride."""
    return sum(1 for layer in a.layers if isinstance(layer, MaxPool2d)
               and all(k > s for k, s in zip(layer.kernel_size, layer.stride)))


def _conv1(attribute: str):
    """conv1's kernel side or stride (square ones only: a non-square one gives 0, no figure)."""
    def measure(a: Analysis) -> int:
        h, w = getattr(a.row("conv1").layer, attribute)
        return h if h == w else 0
    return measure


_TRICKS = "seed 000, AlexNet (3/6): '{}'; seed 004, AlexNet: '{}'; Krizhevsky et al. 2012, {}"

FIGURES = [
    # The conv1 worked example: the slide first computes on the paper's 224, then on 227.
    Figure("alexnet", "output_size", "54", f"{_SLIDES}: 'Input: 224x224x3 ... floor[(224-11)/4+1]=54'",
           node="conv1", input_size=224, table="alexnet-conv1",
           label="conv1 output size on 224×224 (the slide's floor)",
           reason="floor((224 − 11)/4 + 1) = floor(54.25); the layer warns that 4 does not divide 213"),
    Figure("alexnet", "output_size", "55",
           "Krizhevsky et al. 2012, Figure 2 (224×224×3 input, 55×55×96 conv1 maps); "
           f"{_SLIDES}: '54)???)', '논문이 잘못했네' (the paper got it wrong)",
           node="conv1", input_size=224, table="alexnet-conv1",
           label="conv1 output size on 224×224 (the paper's 55)", explained_by=_conv1_on_227,
           erratum="224 gives (224 − 11)/4 + 1 = 54.25; the paper's 55 needs a 227×227 input"),
    Figure("alexnet", "output_size", "55", f"{_SLIDES}: 'Input: 227x227x3 ... floor[(227-11)/4+1]=55'",
           node="conv1", table="alexnet-conv1", label="conv1 output size on 227×227"),
    Figure("alexnet", "params", "364", f"{_SLIDES}: '필터 하나당 11x11x3+1=364' (per filter)",
           measure=_per_filter, table="alexnet-conv1", label="conv1 parameters per filter"),
    Figure("alexnet", "params", "34,944", f"{_SLIDES}: '364x96 = 34,944'", node="conv1",
           table="alexnet-conv1", label="conv1 parameters"),
    Figure("alexnet", "activations", "290,400", f"{_SLIDES}: 'output 55 55 96 = 290,400'",
           node="conv1", table="alexnet-conv1", label="conv1 output values"),
    Figure("alexnet", "count", "325,344", f"{_SLIDES}: '34,944 + 290,400 = 325,344'",
           measure=_conv1_values, table="alexnet-conv1", label="conv1 parameters + output values",
           reason="the slide adds the parameters and the output values: what conv1 holds in memory"),
    Figure("alexnet", "bytes", "1,301,376 byte", f"{_SLIDES}: '325,344 x 4=1,301,376 byte' (float32)",
           measure=_conv1_bytes, table="alexnet-conv1", label="conv1 parameters + output, bytes"),
    Figure("alexnet", "bytes", "1,301.376 KB", f"{_SLIDES}: '=1,301.376 KB'", measure=_conv1_bytes,
           table="alexnet-conv1", label="conv1 parameters + output, KB (decimal)"),
    Figure("alexnet", "bytes", "1.3 MB", f"{_SLIDES}: '=1.3 MB'", measure=_conv1_bytes,
           table="alexnet-conv1", label="conv1 parameters + output, MB (decimal)"),
    Figure("alexnet", "params", "16,781,312", f"{_FC_SLIDE}: '4096 x4096+4096 = 16,781,312'",
           node="fc7", table="alexnet-conv1", label="FC 4096→4096 (fc7) parameters"),
    Figure("alexnet", "weight_bytes", "16.8 MB", f"{_FC_SLIDE}: '= 16.8 MB'", node="fc7",
           table="alexnet-conv1", label="FC 4096→4096 (fc7) weight memory",
           explained_by=lambda a: a.row("fc7").params,
           erratum="slide forgot ×4 bytes per float: 16,781,312 fp32 parameters take 67.1 MB"),
    # Whole-net figures. The paper's net is the two-GPU one (grouped conv2/4/5). (ShuffleNet's
    # "AlexNet 720M" is in specs/shufflenet.py, with the rest of its speed table.)
    Figure("alexnet-2gpu", "params", "60M",
           "seed 000, GoogLeNet (1/6): 'AlexNet (8 layers) : 60M'; Krizhevsky et al. 2012, "
           "Section 3: '60 million parameters'", tolerance=0.02, label="AlexNet parameters",
           table="alexnet-other",
           reason="the paper's round '60 million' (the one-tower alexnet has 62.4M)"),
    Figure("alexnet-2gpu", "count", "5", "seed 000, AlexNet (2/6): '5개의 Convolutional layer' "
           "(5 conv layers)", measure=count_layers(Conv2d), label="AlexNet conv layers", table="alexnet-other"),
    Figure("alexnet-2gpu", "count", "3", "seed 000, AlexNet (2/6): '3개의 FC layer' (3 FC layers)",
           measure=count_layers(Linear), label="AlexNet fully-connected layers",
           table="alexnet-other"),
    Figure("alexnet-2gpu", "count", "3", "seed 000, ShuffleNet (2/10) and Krizhevsky et al. 2012, "
           "Section 3.5: conv2, conv4, conv5 split in two over the GPUs",
           measure=count_layers(Conv2d, groups=2), label="AlexNet convs grouped in two",
           table="alexnet-other"),
    Figure("alexnet-2gpu", "weight_bytes", "240 MB", f"{_MEMORY}, column Size (MB)",
           tolerance=0.02, table="memory-per-model", label="AlexNet weight memory (fp32)",
           reason="the Caffe model's 60,965,224 fp32 weights are 243.9 MB; 240 is the round figure "
                  "Deep Compression and SqueezeNet print"),
    # conv1's hyper-parameters as the worked example states them (the 54/55 above follow from them).
    Figure("alexnet", "output_channels", "96", f"{_SLIDES}: '#Filter: 3 -> 96', '필터가 96개'",
           node="conv1", table="alexnet-conv1", label="conv1 filters"),
    Figure("alexnet", "count", "11x11", f"{_SLIDES}: 'Filter: 11x11'", measure=_conv1("kernel_size"),
           table="alexnet-conv1", label="conv1 filter size"),
    Figure("alexnet", "count", "4", f"{_SLIDES}: 'floor[(227-11)/4+1]' (stride 4)",
           measure=_conv1("stride"), table="alexnet-conv1", label="conv1 stride"),
    Figure("alexnet-2gpu", "count", "8", "seed 000, GoogLeNet (1/6): 'AlexNet (8 layers)' and VGG (1/4): "
           "'8개의 레이어를 사용한 AlexNet'", measure=_weight_layers, table="alexnet-other",
           label="AlexNet weight layers", reason="5 conv + 3 FC"),
    # The paper's tricks (seeds 000 and 004 list them), checked on the built net's layers. The
    # seeds print no counts: each count is the paper's placement of the layer, cited.
    Figure("alexnet-2gpu", "count", "7", _TRICKS.format(
               "ReLU activation function", "2. ReLU Activation Function",
               "Section 3.5: 'The ReLU non-linearity is applied to the output of every convolutional "
               "and fully-connected layer'"),
           measure=_after_relu, table="alexnet-other", label="AlexNet weight layers followed by a ReLU",
           reason="the five convs, fc6 and fc7; fc8's output goes to the 1000-way softmax instead"),
    Figure("alexnet-2gpu", "count", "2", _TRICKS.format(
               "Local Response Normalization", "3. LRN - Local Response Normalization",
               "Section 3.5: 'Response-normalization layers follow the first and second "
               "convolutional layers'"),
           measure=count_layers(LocalResponseNorm), table="alexnet-other", label="AlexNet LRN layers"),
    Figure("alexnet-2gpu", "count", "3", _TRICKS.format(
               "Overlapped pooling", "Overlapping pooling: Pooling window의 크기 > stride의 크기",
               "Section 3.5: max pooling follows both LRN layers and conv5"),
           measure=_overlapping_pools, table="alexnet-other",
           label="AlexNet overlapping max pools (window > stride)"),
    Figure("alexnet-2gpu", "count", "3", "Krizhevsky et al. 2012, Section 3.4: 's = 2 and z = 3' "
           "(seed 000, AlexNet (3/6); seed 004: 'Overlapping Pooling')",
           measure=count_layers(MaxPool2d, kernel_size=(3, 3), stride=(2, 2)), table="alexnet-other",
           label="AlexNet 3×3 stride-2 max pools"),
    Figure("alexnet-2gpu", "count", "2", _TRICKS.format(
               "Dropout", "5. Dropout & Data Augmentation",
               "Section 4.2: 'We use dropout in the first two fully-connected layers'"),
           measure=count_layers(Dropout), table="alexnet-other", label="AlexNet dropout layers"),
]

NOT_COMPUTABLE = [
    NotComputable("alexnet-2gpu", "top-5 error", "15.3%", "seed 000, AlexNet (1/6), ILSVRC 2012 "
                  "'SuperVision(AlexNet): 15.3%'", "measured accuracy on ImageNet, not a static cost",
                  table="alexnet-other"),
    NotComputable("alexnet-2gpu", "top-5 error", "19.7%", f"{_MEMORY}, column Error % (top-5)",
                  "measured accuracy on ImageNet, not a static cost", table="memory-per-model"),
]
