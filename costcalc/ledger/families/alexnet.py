"""AlexNet: the conv1 worked example of 최건호's slides, the course slides' counts, the paper's.

Every printed value is the source's text, typed in; the computed side is measured on the built
net (costcalc/specs/alexnet.py). ShuffleNet's "AlexNet 720M" sits with the rest of its speed
table in shufflenet.py.
"""

from __future__ import annotations

from fractions import Fraction

from ...engine import Analysis, analyze
from ...layers import Conv2d, Dropout, Linear, LocalResponseNorm, MaxPool2d, ReLU
from ..model import Figure, NotComputable, count_layers
from ..sources import CHOI_CNN_ADVANCED, GROUP3_ALEXNET_VGG_MOBILENET, KIM_CNN_MODELS, KRIZHEVSKY_2012

CONV1_SLIDES = "slides 'AlexNet (2012)', conv1 worked example"
FC_SLIDE = "slide 'AlexNet (2012)' on the FC layers ('Input: 13x13x256, Output: 4096 -> 4096 -> 1000')"
MEMORY = "table 'Memory Per Model', row AlexNet"
ACCURACY = "measured accuracy on ImageNet, not a static cost"


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


choi, kim, group3, paper = (CHOI_CNN_ADVANCED.at, KIM_CNN_MODELS.at, GROUP3_ALEXNET_VGG_MOBILENET.at,
                            KRIZHEVSKY_2012.at)

FIGURES = [
    # The conv1 worked example: the slide first computes on the paper's 224, then on 227.
    Figure("alexnet", "output_size", "54",
           choi(CONV1_SLIDES, "'Input: 224x224x3 ... floor[(224-11)/4+1]=54'"),
           node="conv1", input_size=224, table="alexnet-conv1",
           label="conv1 output size on 224×224 (the slide's floor)",
           reason="floor((224 − 11)/4 + 1) = floor(54.25); the layer warns that 4 does not divide 213"),
    Figure("alexnet", "output_size", "55",
           (paper("Figure 2", "224×224×3 input, 55×55×96 conv1 maps"),
            choi(CONV1_SLIDES, "'54)???)', '논문이 잘못했네' (the paper got it wrong)")),
           node="conv1", input_size=224, table="alexnet-conv1",
           label="conv1 output size on 224×224 (the paper's 55)", explained_by=_conv1_on_227,
           erratum="224 gives (224 − 11)/4 + 1 = 54.25; the paper's 55 needs a 227×227 input"),
    Figure("alexnet", "output_size", "55",
           choi(CONV1_SLIDES, "'Input: 227x227x3 ... floor[(227-11)/4+1]=55'"),
           node="conv1", table="alexnet-conv1", label="conv1 output size on 227×227"),
    Figure("alexnet", "params", "364", choi(CONV1_SLIDES, "'필터 하나당 11x11x3+1=364' (per filter)"),
           measure=_per_filter, table="alexnet-conv1", label="conv1 parameters per filter"),
    Figure("alexnet", "params", "34,944", choi(CONV1_SLIDES, "'364x96 = 34,944'"), node="conv1",
           table="alexnet-conv1", label="conv1 parameters"),
    Figure("alexnet", "activations", "290,400", choi(CONV1_SLIDES, "'output 55 55 96 = 290,400'"),
           node="conv1", table="alexnet-conv1", label="conv1 output values"),
    Figure("alexnet", "count", "325,344", choi(CONV1_SLIDES, "'34,944 + 290,400 = 325,344'"),
           measure=_conv1_values, table="alexnet-conv1", label="conv1 parameters + output values",
           reason="the slide adds the parameters and the output values: what conv1 holds in memory"),
    Figure("alexnet", "bytes", "1,301,376 byte",
           choi(CONV1_SLIDES, "'325,344 x 4=1,301,376 byte' (float32)"),
           measure=_conv1_bytes, table="alexnet-conv1", label="conv1 parameters + output, bytes"),
    Figure("alexnet", "bytes", "1,301.376 KB", choi(CONV1_SLIDES, "'=1,301.376 KB'"), measure=_conv1_bytes,
           table="alexnet-conv1", label="conv1 parameters + output, KB (decimal)"),
    Figure("alexnet", "bytes", "1.3 MB", choi(CONV1_SLIDES, "'=1.3 MB'"), measure=_conv1_bytes,
           table="alexnet-conv1", label="conv1 parameters + output, MB (decimal)"),
    Figure("alexnet", "params", "16,781,312", choi(FC_SLIDE, "'4096 x4096+4096 = 16,781,312'"),
           node="fc7", table="alexnet-conv1", label="FC 4096→4096 (fc7) parameters"),
    Figure("alexnet", "weight_bytes", "16.8 MB", choi(FC_SLIDE, "'= 16.8 MB'"), node="fc7",
           table="alexnet-conv1", label="FC 4096→4096 (fc7) weight memory",
           explained_by=lambda a: a.row("fc7").params,
           erratum="slide forgot ×4 bytes per float: 16,781,312 fp32 parameters take 67.1 MB"),
    # Whole-net figures. The paper's net is the two-GPU one (grouped conv2/4/5).
    Figure("alexnet-2gpu", "params", "60M",
           (kim("slide 'GoogLeNet (1/6)'", "'AlexNet (8 layers) : 60M'"),
            paper("Section 3", "'60 million parameters'")),
           tolerance=0.02, label="AlexNet parameters", table="alexnet-other",
           reason="the paper's round '60 million' (the one-tower alexnet has 62.4M)"),
    Figure("alexnet-2gpu", "count", "5", kim("slide 'AlexNet (2/6)'", "'5개의 Convolutional layer' (5 conv layers)"),
           measure=count_layers(Conv2d), label="AlexNet conv layers", table="alexnet-other"),
    Figure("alexnet-2gpu", "count", "3", kim("slide 'AlexNet (2/6)'", "'3개의 FC layer' (3 FC layers)"),
           measure=count_layers(Linear), label="AlexNet fully-connected layers",
           table="alexnet-other"),
    Figure("alexnet-2gpu", "count", "3",
           (kim("slide 'ShuffleNet (2/10)'", "AlexNet split its layers' channels over two GPUs"),
            paper("Section 3.5", "conv2, conv4, conv5 split in two over the GPUs")),
           measure=count_layers(Conv2d, groups=2), label="AlexNet convs grouped in two",
           table="alexnet-other"),
    Figure("alexnet-2gpu", "weight_bytes", "240 MB", choi(MEMORY, "column Size (MB): '240'"),
           tolerance=0.02, table="memory-per-model", label="AlexNet weight memory (fp32)",
           reason="the Caffe model's 60,965,224 fp32 weights are 243.9 MB; 240 is the round figure "
                  "Deep Compression and SqueezeNet print"),
    # conv1's hyper-parameters as the worked example states them (the 54/55 above follow from them).
    Figure("alexnet", "output_channels", "96", choi(CONV1_SLIDES, "'#Filter: 3 -> 96', '필터가 96개'"),
           node="conv1", table="alexnet-conv1", label="conv1 filters"),
    Figure("alexnet", "count", "11x11", choi(CONV1_SLIDES, "'Filter: 11x11'"), measure=_conv1("kernel_size"),
           table="alexnet-conv1", label="conv1 filter size"),
    Figure("alexnet", "count", "4", choi(CONV1_SLIDES, "'floor[(227-11)/4+1]' (stride 4)"),
           measure=_conv1("stride"), table="alexnet-conv1", label="conv1 stride"),
    Figure("alexnet-2gpu", "count", "8",
           (kim("slide 'GoogLeNet (1/6)'", "'AlexNet (8 layers)'"),
            kim("slide 'VGG (1/4)'", "'8개의 레이어를 사용한 AlexNet'")),
           measure=_weight_layers, table="alexnet-other", label="AlexNet weight layers",
           reason="5 conv + 3 FC"),
    # The paper's tricks (the course slides list them), checked on the built net's layers. The
    # slides print no counts: each count is the paper's placement of the layer, cited.
    Figure("alexnet-2gpu", "count", "7",
           (kim("slide 'AlexNet (3/6)'", "'ReLU activation function'"),
            group3("slide 'AlexNet (2012)'", "'2. ReLU Activation Function'"),
            paper("Section 3.5", "'The ReLU non-linearity is applied to the output of every "
                                 "convolutional and fully-connected layer'")),
           measure=_after_relu, table="alexnet-other", label="AlexNet weight layers followed by a ReLU",
           reason="the five convs, fc6 and fc7; fc8's output goes to the 1000-way softmax instead"),
    Figure("alexnet-2gpu", "count", "2",
           (kim("slide 'AlexNet (3/6)'", "'Local Response Normalization'"),
            group3("slide 'AlexNet (2012)'", "'3. LRN - Local Response Normalization'"),
            paper("Section 3.5", "'Response-normalization layers follow the first and second "
                                 "convolutional layers'")),
           measure=count_layers(LocalResponseNorm), table="alexnet-other", label="AlexNet LRN layers"),
    Figure("alexnet-2gpu", "count", "3",
           (kim("slide 'AlexNet (3/6)'", "'Overlapped pooling'"),
            group3("slide 'Overlapping Pooling'", "'Overlapping pooling: Pooling window의 크기 > stride의 크기'"),
            paper("Section 3.5", "max pooling follows both LRN layers and conv5")),
           measure=_overlapping_pools, table="alexnet-other",
           label="AlexNet overlapping max pools (window > stride)"),
    Figure("alexnet-2gpu", "count", "3",
           (paper("Section 3.4", "'s = 2 and z = 3'"), kim("slide 'AlexNet (3/6)'", "'Overlapped pooling'"),
            group3("slide 'AlexNet (2012)'", "'4. Overlapping Pooling'")),
           measure=count_layers(MaxPool2d, kernel_size=(3, 3), stride=(2, 2)), table="alexnet-other",
           label="AlexNet 3×3 stride-2 max pools"),
    Figure("alexnet-2gpu", "count", "2",
           (kim("slide 'AlexNet (3/6)'", "'Dropout'"),
            group3("slide 'AlexNet (2012)'", "'5. Dropout & Data Augmentation'"),
            paper("Section 4.2", "'We use dropout in the first two fully-connected layers'")),
           measure=count_layers(Dropout), table="alexnet-other", label="AlexNet dropout layers"),
]

NOT_COMPUTABLE = [
    NotComputable("alexnet-2gpu", "top-5 error", "15.3%",
                  kim("slide 'AlexNet (1/6)', ILSVRC 2012", "'SuperVision(AlexNet): 15.3%'"), ACCURACY,
                  table="alexnet-other"),
    NotComputable("alexnet-2gpu", "top-5 error", "19.7%", choi(MEMORY, "column Error % (top-5)"),
                  ACCURACY, table="memory-per-model"),
]
