"""Every figure the seeds state (the shared SEED-FIGURES.md, line by line) is in the paper ledger.

The ledger issue requires each one to be a ``Figure`` of some family (costcalc/ledger/families/)
or a ``NotComputable`` with its reason. The list below is that document as data: each claim, and the
ledger records that cover it (a Figure's title, or ``nc(model, what, printed)``). A record that
is removed or renamed, or whose verdict falls to mismatch, fails here. The data is written out,
not read from the ledger, so a family that drops a row cannot drop its expectation with it.
"""

from fractions import Fraction
from functools import cache

import pytest

from conftest import analysis_of, holds
from costcalc import analyze
from costcalc.graph import Network
from costcalc.layers import Conv2d
from costcalc.ledger import figures as all_figures
from costcalc.ledger import not_computable as all_not_computable
from costcalc.ledger import verdict
from costcalc.registry import builtin_models
from costcalc.separable import pairs


def nc(model: str, what: str, printed: str) -> tuple[str, str, str]:
    """A NotComputable record, by model, what and printed value."""
    return (model, what, printed)


# --- the rows of the seeds' big tables, written out ------------------------------------------

# cs231n's VGG-16 table (seed 003): one node per printed row, each with a memory and a weights cell.
VGG16_ROWS = ["input", "conv1/conv1_1", "conv1/conv1_2", "conv1/pool", "conv2/conv2_1",
              "conv2/conv2_2", "conv2/pool", "conv3/conv3_1", "conv3/conv3_2", "conv3/conv3_3",
              "conv3/pool", "conv4/conv4_1", "conv4/conv4_2", "conv4/conv4_3", "conv4/pool",
              "conv5/conv5_1", "conv5/conv5_2", "conv5/conv5_3", "conv5/pool", "classifier/fc6",
              "classifier/fc7", "classifier/fc8"]
# GoogLeNet Table 1 (seeds 000, 003): scope, type, patch size/stride; rows with params and ops.
GOOGLENET_ROWS = [
    ("conv1", "convolution", "7×7/2"), ("pool1", "max pool", "3×3/2"),
    ("conv2", "convolution", "3×3/1"), ("pool2", "max pool", "3×3/2"),
    ("inception_3a", "inception (3a)", ""), ("inception_3b", "inception (3b)", ""),
    ("pool3", "max pool", "3×3/2"), ("inception_4a", "inception (4a)", ""),
    ("inception_4b", "inception (4b)", ""), ("inception_4c", "inception (4c)", ""),
    ("inception_4d", "inception (4d)", ""), ("inception_4e", "inception (4e)", ""),
    ("pool4", "max pool", "3×3/2"), ("inception_5a", "inception (5a)", ""),
    ("inception_5b", "inception (5b)", ""), ("pool5", "avg pool", "7×7/1"),
    ("dropout", "dropout (40%)", ""), ("linear", "linear", ""), ("softmax", "softmax", ""),
]
GOOGLENET_COSTED = ["convolution 7×7/2", "convolution 3×3/1", "inception (3a)", "inception (3b)",
                    "inception (4a)", "inception (4b)", "inception (4c)", "inception (4d)",
                    "inception (4e)", "inception (5a)", "inception (5b)", "linear"]
# ResNet Table 1: block kind and blocks per stage (conv2_x ... conv5_x), as SEED-FIGURES lists them.
RESNET_BLOCKS = {18: ("basic", (2, 2, 2, 2)), 34: ("basic", (3, 4, 6, 3)),
                 50: ("bottleneck", (3, 4, 6, 3)), 101: ("bottleneck", (3, 4, 23, 3)),
                 152: ("bottleneck", (3, 8, 36, 3))}
# MobileNet Table 1 (seeds 000, 004), the "5×" pair written out: node and Type / Stride.
MOBILENET_ROWS = [("conv1/conv", "Conv / s2")] + [
    row for i in range(1, 14)
    for row in ((f"ds{i}/dw", "Conv dw / s2" if i in (2, 4, 6, 12, 13) else "Conv dw / s1"),
                (f"ds{i}/pw", "Conv / s1"))
] + [("classifier/pool", "Avg Pool / s1"), ("classifier/fc", "FC / s1"), ("softmax", "Softmax / s1")]


def _resnet_cell(kind: str, stage: int, blocks: int) -> str:
    w = 64 * 2 ** stage
    convs = f"3×3, {w}; 3×3, {w}" if kind == "basic" else f"1×1, {w}; 3×3, {w}; 1×1, {4 * w}"
    return f"[{convs}] × {blocks}"


_SPEED = [("shufflenet-0.5x-g3", ("15.2ms", "87.4ms", "260.1ms")),
          ("shufflenet", ("37.8ms", "222.2ms", "684.5ms")),
          ("shufflenet-2x-g3", ("108.8ms", "617.0ms", "1857.6ms")),
          ("alexnet-2gpu", ("184.0ms", "1156.7ms", "3633.9ms")),
          ("mobilenet", ("110.0ms", "612.0ms", "1879.2ms"))]

# --- SEED-FIGURES.md, claim by claim -------------------------------------------------------------

SEED_FIGURES = [
    # AlexNet (seeds 003, 000, 004)
    ("AlexNet conv1 on 224x224x3, 11x11 filters, stride 4, 96 filters: floor((224-11)/4+1) = 54",
     ["conv1 output size on 224×224 (the slide's floor)", "conv1 filter size", "conv1 stride",
      "conv1 filters"]),
    ("AlexNet: the slide calls 54 the paper's mistake (the paper's 55 on 224)",
     ["conv1 output size on 224×224 (the paper's 55)"]),
    ("AlexNet conv1 on 227x227x3: floor((227-11)/4+1) = 55", ["conv1 output size on 227×227"]),
    ("AlexNet conv1 parameters: 11*11*3+1 = 364 per filter", ["conv1 parameters per filter"]),
    ("AlexNet conv1 parameters: 364 x 96 = 34,944", ["conv1 parameters"]),
    ("AlexNet conv1 output: 55*55*96 = 290,400 values", ["conv1 output values"]),
    ("AlexNet conv1: 34,944 + 290,400 = 325,344", ["conv1 parameters + output values"]),
    ("AlexNet conv1: x4 bytes = 1,301,376 B = 1.3 MB",
     ["conv1 parameters + output, bytes", "conv1 parameters + output, KB (decimal)",
      "conv1 parameters + output, MB (decimal)"]),
    ("AlexNet FC 4096->4096: 4096*4096+4096 = 16,781,312", ["FC 4096→4096 (fc7) parameters"]),
    ("AlexNet FC 4096->4096: '= 16.8 MB', forgetting the 4 bytes", ["FC 4096→4096 (fc7) weight memory"]),
    ("AlexNet: 5 conv + 3 FC layers",
     ["AlexNet conv layers", "AlexNet fully-connected layers", "AlexNet weight layers"]),
    ("AlexNet: split over two GPUs, conv2, conv4, conv5 grouped in two", ["AlexNet convs grouped in two"]),
    ("AlexNet uses ReLU", ["AlexNet weight layers followed by a ReLU"]),
    ("AlexNet uses overlapping max pooling (3x3, stride 2)",
     ["AlexNet overlapping max pools (window > stride)", "AlexNet 3×3 stride-2 max pools"]),
    ("AlexNet uses Local Response Normalization", ["AlexNet LRN layers"]),
    ("AlexNet uses dropout", ["AlexNet dropout layers"]),
    ("AlexNet parameters '60M' (seed 000)", ["AlexNet parameters"]),
    ("ShuffleNet paper table: AlexNet 720M FLOPs (mult-adds)", ["speed table: AlexNet"]),
    # Memory per model (seed 003)
    ("Memory per model: SqueezeNet 4.8 MB", ["SqueezeNet weight memory (fp32)"]),
    ("Memory per model: AlexNet 240 MB", ["AlexNet weight memory (fp32)"]),
    ("Memory per model: Inception v3 84 MB", ["Inception v3 weight memory (fp32)"]),
    ("Memory per model: VGG-19 574 MB", ["VGG-19 weight memory (fp32)"]),
    ("Memory per model: ResNet-50 102 MB", ["ResNet-50 weight memory (fp32)"]),
    ("Memory per model: ResNet-200 519 MB", ["ResNet-200 weight memory (fp32)"]),
    ("Memory per model: the table's other cells (SqueezeNet Compressed, top-5 errors)",
     [nc("squeezenet", "weight_bytes (SqueezeNet Compressed)", "0.6 MB"),
      nc("squeezenet", "top-5 error", "19.7%"), nc("alexnet-2gpu", "top-5 error", "19.7%"),
      nc("inception-v3", "top-5 error", "5.6%"), nc("vgg19", "top-5 error", "7.5%"),
      nc("resnet50", "top-5 error", "7.8%"), nc("resnet200", "top-5 error", "4.8%")]),
    # VGG (seeds 000, 003, 004)
    ("VGG configurations A, A-LRN, B, C, D, E (Table 1): weight layers",
     [f"VGG configuration {c} weight layers" for c in ("A", "A-LRN", "B", "C", "D", "E")]),
    ("VGG: C uses conv1 layers", ["VGG configuration C: 1×1 (conv1) layers"]),
    ("VGG: A-LRN has an LRN layer", ["VGG configuration A-LRN: LRN layers"]),
    ("VGG: 3x3 convs, stride 1, pad 1",
     [f"VGG configuration {c}: 3×3 stride-1 pad-1 convs" for c in ("A", "A-LRN", "B", "C", "D", "E")]),
    ("VGG: 2x2 max pool stride 2",
     [f"VGG configuration {c}: 2×2 stride-2 max pools" for c in ("A", "A-LRN", "B", "C", "D", "E")]),
    ("VGG: FC-4096, FC-4096, FC-1000",
     ["VGG-16 fully-connected layers", "classifier/fc6 memory", "classifier/fc7 memory",
      "classifier/fc8 memory"]),
    ("VGG: two stacked 3x3 convs see a 5x5 field; three see 7x7",
     ["receptive field of two stacked 3×3 convs", "receptive field of three stacked 3×3 convs"]),
    ("VGG: weight ratio (3x3)x2 : 5x5 = 18 : 25", ["weights, two 3×3 convs : one 5×5"]),
    ("VGG: weight ratio (3x3)x3 : 7x7 = 27 : 49", ["weights, three 3×3 convs : one 7×7"]),
    ("VGG-16 per-layer table (cs231n): memory and weights of every row",
     [f"{node} {column}" for node in VGG16_ROWS for column in ("memory", "weights")]),
    ("VGG-16 'TOTAL memory: 24M * 4 bytes ~= 93MB / image' (the rows sum to another number)",
     ["total memory, values", "total memory, bytes (fp32)"]),
    ("VGG-16 '(only forward! ~*2 for bwd)'", [nc("vgg16", "memory with the backward pass", "~*2")]),
    ("VGG-16 'TOTAL params: 138M'", ["total parameters"]),
    ("VGG19 '144M' (seed 000)", ["VGG-19 parameters"]),
    ("VGG16 138M and 15,300 M mult-adds (MobileNet Table 8)",
     ["VGG 16 parameters", "VGG 16 mult-adds"]),
    # GoogLeNet (seeds 000, 003)
    ("GoogLeNet Table 1: params and ops of every row",
     [f"Table 1, {row}: {column}" for row in GOOGLENET_COSTED
      for column in ("params (weights, K = 1024)", "ops (multiply-adds)")]),
    ("GoogLeNet Table 1: output sizes 112x112x64 ... 1x1x1000",
     [f"Table 1, {name} ({kind}{' ' + patch if patch else ''}): output {what}"
      for name, kind, patch in GOOGLENET_ROWS for what in ("size", "channels")]),
    ("GoogLeNet: '5M' params (seed 000)", ["GoogLeNet params (course slides)"]),
    ("GoogLeNet: 6.8M params and 1,550 M mult-adds (MobileNet Table 8)",
     ["GoogLeNet params (MobileNet Table 8)", "GoogLeNet mult-adds (MobileNet Table 8)"]),
    ("GoogLeNet: 'Parameter only: 27MB' (seed 003)", ["GoogLeNet weight memory (fp32, course slides)"]),
    ("GoogLeNet: two auxiliary classifiers exist only during training",
     ["GoogLeNet auxiliary classifiers (training graph only)"]),
    # ResNet (seeds 000, 003)
    ("ResNet Table 1: 18/34 basic blocks, 50/101/152 bottlenecks (x4), blocks per stage",
     [f"ResNet-{d} {stage}: {_resnet_cell(kind, i, n)}" for d, (kind, blocks) in RESNET_BLOCKS.items()
      for i, (stage, n) in enumerate(zip(("conv2_x", "conv3_x", "conv4_x", "conv5_x"), blocks))]
     + [f"ResNet-{d} weight layers" for d in RESNET_BLOCKS]),
    ("ResNet FLOPs row (multiply-adds): 1.8, 3.6, 3.8, 7.6, 11.3 x10^9",
     [f"ResNet-{d} FLOPs (multiply-adds)" for d in RESNET_BLOCKS]),
    ("ResNet-50 102 MB and ResNet-200 519 MB of weights (seed 003)",
     ["ResNet-50 weight memory (fp32)", "ResNet-200 weight memory (fp32)"]),
    ("ResNet: plain and residual nets of equal depth have the same parameter count (Fig. 4)",
     ["ResNet-18 (option A) params beyond the plain 18-layer net",
      "ResNet-34 (option A) params beyond the plain 34-layer net"]),
    # MobileNet v1 (seeds 000, 004)
    ("MobileNet Table 1 body architecture, row by row",
     [f"Table 1, {node} ({kind}): input {what}" for node, kind in MOBILENET_ROWS
      for what in ("size", "channels")] + ["Table 1: stride of the depthwise conv on 7×7×1024"]),
    ("MobileNet Table 2: shares of mult-adds and parameters per layer type",
     [f"Table 2: {kind} share of {column}" for kind in ("Conv 1×1", "Conv DW 3×3", "Conv 3×3",
                                                        "Fully connected")
      for column in ("mult-adds", "parameters")]),
    ("MobileNet: separable vs standard conv cost, ratio 1/N + 1/Dk^2",
     [f"ds{i}: separable / standard mult-adds, 1/N + 1/D_K² (N = {n}, D_K = 3)"
      for i, n in enumerate((64, 128, 128, 256, 256, *[512] * 6, 1024, 1024), start=1)]),
    ("MobileNet: '8 to 9 times less' for 3x3",
     ["standard / separable mult-adds, 3×3 kernels (8 to 9 times)"]),
    ("MobileNet Table 4: Conv MobileNet 4,866 M / 29.3 M; MobileNet 569 M / 4.2 M",
     ["Table 4: conv-mobilenet macs", "Table 4: conv-mobilenet params", "Table 4: mobilenet macs",
      "Table 4: mobilenet params"]),
    ("MobileNet Table 8: 1.0 MobileNet-224 569 M / 4.2 M; GoogLeNet 1,550 M / 6.8 M; VGG16 15,300 M / 138 M",
     ["Table 8: mobilenet macs", "Table 8: mobilenet params", "GoogLeNet mult-adds (MobileNet Table 8)",
      "GoogLeNet params (MobileNet Table 8)", "VGG 16 mult-adds", "VGG 16 parameters"]),
    ("ShuffleNet paper: 0.75 / 0.5 / 0.25 MobileNet-224 at 325 / 149 / 41 MFLOPs",
     ["vs MobileNet: 0.75 MobileNet-224", "vs MobileNet: 0.5 MobileNet-224",
      "vs MobileNet: 0.25 MobileNet-224"]),
    # ShuffleNet v1 (seeds 000, 001)
    ("ShuffleNet Table 1: Conv1 3x3/2, 24 channels",
     ["Table 1: Conv1 kernel size", "Table 1: Conv1 stride", "Table 1: Conv1 output size",
      *[f"Table 1: Conv1 channels, g = {g}" for g in (1, 2, 3, 4, 8)]]),
    ("ShuffleNet Table 1: MaxPool 3x3/2",
     ["Table 1: MaxPool kernel size", "Table 1: MaxPool stride", "Table 1: MaxPool output size"]),
    ("ShuffleNet Table 1: Stage2 (1 unit stride 2 + 3), Stage3 (1 + 7), Stage4 (1 + 3)",
     [f"Table 1: Stage{s} units of stride {stride}, built as Figure 2 ({'c' if stride == 2 else 'b'})"
      for s in (2, 3, 4) for stride in (2, 1)]
     + [f"Table 1: Stage{s} output size" for s in (2, 3, 4)]),
    ("ShuffleNet Table 1: GlobalPool 7x7, FC 1000",
     ["Table 1: GlobalPool kernel size", "Table 1: GlobalPool output size",
      *[f"Table 1: FC channels, g = {g}" for g in (1, 2, 3, 4, 8)]]),
    ("ShuffleNet Table 1: output channels per stage for g = 1, 2, 3, 4, 8",
     [f"Table 1: Stage{s} channels, g = {g}" for s in (2, 3, 4) for g in (1, 2, 3, 4, 8)]),
    ("ShuffleNet Table 1: complexity 143M, 140M, 137M, 133M, 137M",
     [f"Table 1: complexity, g = {g}{part}" for g in (1, 2, 3, 4, 8)
      for part in ("", ", conv layers only")]),
    ("ShuffleNet unit: 1x1 group conv -> shuffle -> 3x3 depthwise -> 1x1 group conv; stride-2 "
     "units concatenate a 3x3 average-pool shortcut",
     [f"Table 1: Stage{s} units of stride {stride}, built as Figure 2 ({'c' if stride == 2 else 'b'})"
      for s in (2, 3, 4) for stride in (2, 1)]),
    ("ShuffleNet: bottleneck = 1/4 of the unit's output channels",
     ["bottleneck channels : unit output channels"]),
    ("ShuffleNet: the first 1x1 of Stage2 is not grouped (its input has only 24 channels)",
     ["Stage2 unit1: groups of the first 1×1 conv (not grouped)",
      "Stage2 unit1: input channels of the first 1×1 conv"]),
    ("ShuffleNet complexity by scale: 0.5x 38M, 1x 140M (g=8) / 137M, 1.5x 292M, 2x 524M",
     ["speed table: ShuffleNet 0.5x (g = 3)", "vs MobileNet: ShuffleNet 1x (g = 8)",
      "Table 1: complexity, g = 3", "speed table: ShuffleNet 1x (g = 3)",
      "vs MobileNet: ShuffleNet 1.5x (g = 3)", "vs MobileNet: ShuffleNet 2x (g = 3)",
      "speed table: ShuffleNet 2x (g = 3)"]),
    ("ShuffleNet: 0.5x (g=4) 38M", ["vs MobileNet: ShuffleNet 0.5x (g = 4)"]),
    ("ShuffleNet: 0.5x shallow (g=3) 40M",
     [nc("shufflenet-0.5x-g3", "complexity of ShuffleNet 0.5x (shallow, g = 3)", "40M")]),
    ("ShuffleNet paper: AlexNet 720M, 1.0 MobileNet-224 569M",
     ["speed table: AlexNet", "speed table: 1.0 MobileNet-224", "vs MobileNet: 1.0 MobileNet-224"]),
    ("ShuffleNet: times on one Snapdragon 820 core at 224x224 / 480x640 / 720x1280",
     [nc(model, f"inference time at {size}", ms) for model, times in _SPEED
      for size, ms in zip(("224×224", "480×640", "720×1280"), times)]),
]

# Lines of SEED-FIGURES.md that state no figure, and why; the models they name that have a spec.
NOT_FIGURES = [
    ("Other models the seeds name: LeNet (1998), ZFNet, Inception v3, SqueezeNet, identity-mapping "
     "ResNet (ResNet-200)", "names, not figures (1998 is a year); these have specs, checked below",
     ["lenet5", "zfnet", "inception-v3", "squeezenet", "resnet200"]),
    ("Other models the seeds name: Network in Network, Inception v2/v4, ResNeXt, Wide ResNet, "
     "DenseNet, FractalNet, stochastic depth", "names only: the seeds give them no number", []),
    ("GoogLeNet note: the params column's unit and the rows that disagree with their filters",
     "a task for the report, answered by the googlenet Table 1 errata above", []),
]


# --- the check ---------------------------------------------------------------------------------

@cache
def _ledger() -> tuple[dict, dict]:
    figures = {f.title: f for f in all_figures()}
    others = {(n.model, n.what, n.printed): n for n in all_not_computable()}
    return figures, others


def missing(covers, figures: dict, others: dict) -> list:
    """The covering records the ledger does not hold."""
    return [c for c in covers if (c not in others if isinstance(c, tuple) else c not in figures)]


@cache
def _verdict(title: str) -> str:
    return verdict(_ledger()[0][title]).verdict


@pytest.mark.parametrize("claim, covers", SEED_FIGURES, ids=[c for c, _ in SEED_FIGURES])
def test_every_seed_figure_is_in_the_ledger(claim, covers):
    figures, others = _ledger()
    assert covers, claim
    assert not missing(covers, figures, others), f"{claim}: not in the ledger"
    judged = {c: _verdict(c) for c in covers if isinstance(c, str)}
    assert "mismatch" not in judged.values(), judged


def test_a_removed_figure_fails_the_check():
    figures, others = _ledger()
    claim, covers = SEED_FIGURES[0]
    without = {t: f for t, f in figures.items() if t != covers[0]}
    assert missing(covers, without, others) == [covers[0]]
    cell = next(c for _, cs in SEED_FIGURES for c in cs if isinstance(c, tuple))
    assert missing([cell], figures, {}) == [cell]


def test_titles_are_unique_so_a_cover_names_one_record():
    titles = [f.title for f in all_figures()]
    assert len(titles) == len(set(titles))


def test_models_named_without_figures_have_specs():
    registered = builtin_models()
    named = [m for _, _, models in NOT_FIGURES for m in models]
    assert named and all(m in registered for m in named), [m for m in named if m not in registered]


# --- the numbers the reasons of these figures quote --------------------------------------------

def _figure(title: str):
    return _ledger()[0][title]


def test_numbers_quoted_in_the_reasons_hold():
    googlenet = analysis_of("googlenet").totals()["params"]
    holds(_figure("GoogLeNet params (cs231n notes)").erratum, "7.0M", googlenet)

    mobilenet = analysis_of("mobilenet")
    ratios = {p.depthwise: 1 / p.ratio for p in pairs(mobilenet)}   # standard / separable, per pair
    eight_to_nine = _figure("standard / separable mult-adds, 3×3 kernels (8 to 9 times)").reason
    assert min(ratios.values()) == ratios["ds1/dw"] == Fraction(576, 73)     # N = 64
    assert max(ratios.values()) == Fraction(9216, 1033)                       # N = 1024
    holds(eight_to_nine, "7.9", Fraction(576, 73))
    holds(eight_to_nine, "8.9", Fraction(9216, 1033))

    stride = _figure("Table 1: stride of the depthwise conv on 7×7×1024").erratum
    net = Network("ds13-at-stride-2", channels=1024, size=7)
    net.add("dw", Conv2d(1024, 3, stride=2, padding="same", groups=1024, bias=False))
    assert "4×4" in stride and analyze(net).row("dw").output_shape == (1024, 4, 4)

    layers = _figure("MobileNet layers (course slides)").erratum
    convs = sum(isinstance(r.layer, Conv2d) for r in mobilenet.rows())
    assert "27 convs and the FC" in layers and convs == 27 and "28" in layers

    units = {r.scope[:2] for r in analysis_of("shufflenet").rows() if r.scope[:1] in
             (("stage2",), ("stage3",), ("stage4",))}
    assert "all 16 units" in _figure("bottleneck channels : unit output channels").reason
    assert len(units) == 16
