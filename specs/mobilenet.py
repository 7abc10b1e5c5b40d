"""MobileNet v1: Howard et al., "MobileNets: Efficient Convolutional Neural Networks for Mobile
Vision Applications", arXiv:1704.04861, 2017. Table 1 (body), Section 3.3 (α and ρ), Table 4
(Conv MobileNet).

Every conv, full or depthwise, is followed by batch norm and ReLU (paper, Figure 3), and has no
bias (batch norm's beta takes its place, as in the TF reference ``mobilenet_v1.py``). Then a
global average pool, the FC layer and soft-max, which we leave out as vgg.py does: counts are up
to the logits.

* Width multiplier α: every layer's channels become int(c·α), at least 8: the TF reference's
  ``depth(d) = max(int(d * depth_multiplier), min_depth=8)``, float product truncated. For the
  paper's α = 0.75, 0.5, 0.25 every product is whole, so no rounding happens there.
* Resolution multiplier ρ: just the input size (224, 192, 160, 128 in Table 7). Table 1's
  "Avg Pool 7×7" is the whole final map, so it is a global pool at any size. Convs use 'same'
  padding as the TF reference (the same sizes as padding 1 for 3×3, without the inexact-stride
  warnings at 224).
* ``separable=False`` builds Table 4's Conv MobileNet: each depthwise 3×3 + pointwise 1×1 pair
  becomes one full 3×3 conv with the pair's input/output channels and the depthwise stride.
* ``batch_norm=False`` drops the BN layers and their gamma/beta (4,231,976 → 4,210,088 params
  at α = 1). The paper's parameter figures hold either way (4.2M is both); its Table 2 shares
  are of the weights alone, without BN and without the FC bias.
"""

from __future__ import annotations

import math
from fractions import Fraction

from costcalc.graph import Network
from costcalc.grouping import group_rows
from costcalc.layers import BatchNorm2d, Conv2d, Flatten, GlobalAvgPool2d, Linear, ReLU
from costcalc.ledger import Figure
from costcalc.registry import Model
from costcalc.options import between, described, declare

PAPER = "Howard et al. 2017 (MobileNets)"
MIN_DEPTH = 8  # the TF reference's min_depth

# Table 1 as printed: (type / stride, filter shape, input size H=W, input channels).
# The paper's "5×" row pair is written out five times.
TABLE_1 = [
    ("Conv / s2",     (3, 3, 3, 32),      224, 3),
    ("Conv dw / s1",  (3, 3, 32),         112, 32),
    ("Conv / s1",     (1, 1, 32, 64),     112, 32),
    ("Conv dw / s2",  (3, 3, 64),         112, 64),
    ("Conv / s1",     (1, 1, 64, 128),    56, 64),
    ("Conv dw / s1",  (3, 3, 128),        56, 128),
    ("Conv / s1",     (1, 1, 128, 128),   56, 128),
    ("Conv dw / s2",  (3, 3, 128),        56, 128),
    ("Conv / s1",     (1, 1, 128, 256),   28, 128),
    ("Conv dw / s1",  (3, 3, 256),        28, 256),
    ("Conv / s1",     (1, 1, 256, 256),   28, 256),
    ("Conv dw / s2",  (3, 3, 256),        28, 256),
    ("Conv / s1",     (1, 1, 256, 512),   14, 256),
    *5 * [("Conv dw / s1", (3, 3, 512),        14, 512),
          ("Conv / s1",    (1, 1, 512, 512),   14, 512)],
    ("Conv dw / s2",  (3, 3, 512),        14, 512),
    ("Conv / s1",     (1, 1, 512, 1024),  7, 512),
    ("Conv dw / s2",  (3, 3, 1024),       7, 1024),   # printed s2, but 7×7 in and 7×7 out
    ("Conv / s1",     (1, 1, 1024, 1024), 7, 1024),
    ("Avg Pool / s1", (7, 7),             7, 1024),
    ("FC / s1",       (1024, 1000),       1, 1024),
    ("Softmax / s1",  None,               1, 1000),
]


def width(c: int, alpha: float) -> int:
    """Channels under the width multiplier, as the TF reference rounds them."""
    return max(int(c * alpha), MIN_DEPTH)


def strides_from_sizes(table=TABLE_1) -> tuple[list[int], list[str]]:
    """Each row's stride, read from its input size and the next row's (the sizes are
    consistent from top to bottom; one printed stride is not). Returns the strides and a note
    for every row whose printed stride disagrees."""
    strides, notes, depthwise = [], [], 0
    for i, (kind, _, size, channels) in enumerate(table):
        depthwise += kind.startswith("Conv dw")
        printed = int(kind.rsplit("/ s", 1)[1])
        nxt = table[i + 1][2] if i + 1 < len(table) else size
        stride = size // nxt if kind.startswith("Conv") else printed
        if stride != printed:
            notes.append(f"Table 1 prints '{kind}' for the depthwise conv of ds{depthwise} (input "
                         f"{size}×{size}×{channels}), but the next row's input is {nxt}×{nxt}: "
                         f"stride {stride} is used (the sizes win; so does the TF reference)")
        strides.append(stride)
    return strides, notes


def _conv_bn_relu(net, name, conv, batch_norm):
    net.add(name, conv)
    if batch_norm:
        net.add(f"{name}_bn", BatchNorm2d())
    net.add(f"{name}_relu", ReLU())


@declare(alpha=between(0, low_open=True, help="width multiplier α"),
         size=between(1, help="input size ρ·224"),
         separable=described("false builds Conv MobileNet (Table 4)"),
         batch_norm=described("batch norm after every conv"))
def mobilenet(alpha: float = 1.0, size: int = 224, separable: bool = True,
              batch_norm: bool = True, num_classes: int = 1000) -> Network:
    strides, notes = strides_from_sizes()
    net = Network("mobilenet", channels=3, size=size, notes=notes)
    if not separable:
        net.notes.append("Conv MobileNet (Table 4): every depthwise 3×3 + pointwise 1×1 pair is "
                         "one full 3×3 conv with the pair's channels and the depthwise stride")
    elif alpha == 1.0:
        net.notes.append(TABLE_2_NOTE)
    block, depthwise = 0, None  # pairs so far; (kernel, stride) of the current pair's dw conv
    for (kind, shape, _, _), stride in zip(TABLE_1, strides):
        if kind.startswith("Conv dw"):
            block, depthwise = block + 1, (shape[0], stride)
            if separable:
                c = width(shape[2], alpha)
                with net.scope(f"ds{block}", kind="block"):
                    _conv_bn_relu(net, "dw", Conv2d(c, shape[0], stride=stride, padding="same",
                                                    groups=c, bias=False), batch_norm)
        elif kind.startswith("Conv") and block == 0:  # the first row: a full 3×3 conv
            with net.scope("conv1", kind="block"):
                _conv_bn_relu(net, "conv", Conv2d(width(shape[3], alpha), shape[0], stride=stride,
                                                  padding="same", bias=False), batch_norm)
        elif kind.startswith("Conv") and separable:  # the pair's pointwise 1×1 conv
            with net.scope(f"ds{block}", kind="block"):
                _conv_bn_relu(net, "pw", Conv2d(width(shape[3], alpha), shape[0], stride=stride,
                                                bias=False), batch_norm)
        elif kind.startswith("Conv"):  # Conv MobileNet: the whole pair as one full conv
            kernel, dw_stride = depthwise
            with net.scope(f"conv{block + 1}", kind="block"):
                _conv_bn_relu(net, "conv", Conv2d(width(shape[3], alpha), kernel, stride=dw_stride,
                                                  padding="same", bias=False), batch_norm)
        elif kind.startswith("Avg Pool"):
            with net.scope("classifier", kind="stage"):
                net.add("pool", GlobalAvgPool2d())
                net.add("flatten", Flatten())
        elif kind.startswith("FC"):
            with net.scope("classifier", kind="stage"):
                net.add("fc", Linear(num_classes))
        # Softmax: left out, counts stop at the logits (as vgg.py)
    return net


def _model(name, description, **options):
    return Model(name, mobilenet, description, f"{PAPER}, Table 1, Section 3.3", options)


ALPHAS = {"mobilenet-0.75": 0.75, "mobilenet-0.5": 0.5, "mobilenet-0.25": 0.25}
SIZES = {"mobilenet-1.0-192": 192, "mobilenet-1.0-160": 160, "mobilenet-1.0-128": 128}

MODELS = {
    "mobilenet": _model("mobilenet", "MobileNet v1 1.0-224 (α = 1, ρ = 1), BN after every conv"),
    **{name: _model(name, f"MobileNet v1, width multiplier α = {a}, 224×224", alpha=a)
       for name, a in ALPHAS.items()},
    **{name: _model(name, f"MobileNet v1, α = 1 at {s}×{s} (resolution multiplier)", size=s)
       for name, s in SIZES.items()},
    "mobilenet-nobn": _model("mobilenet-nobn", "MobileNet v1 1.0-224 without batch norm",
                             batch_norm=False),
    "conv-mobilenet": _model("conv-mobilenet", "Conv MobileNet (Table 4): a full 3×3 conv in "
                             "place of each depthwise separable pair", separable=False),
}


# --- paper figures ---------------------------------------------------------------------------

def type_share(category: str, quantity: str):
    """Table 2's measure: one layer type's share, in percent, of the model's MACs or weights."""
    def measure(analysis):
        groups = {g.key: g for g in group_rows(analysis, analysis.rows(), "type")}
        return Fraction(100 * groups[category].total(quantity), analysis.totals()[quantity])
    return measure


def conv_over_separable(quantity: str):
    """Table 4 as a ratio: Conv MobileNet's count over MobileNet's, for the analysed model
    (its registered options: α, BN) at the analysis's input size (ρ) and batch."""
    def measure(analysis):
        from costcalc.engine import analyze
        from costcalc.separable import counterpart  # the same net with full convs
        _, conv = counterpart(MODELS[analysis.network.name], {})
        size = (int(analysis.height[0]), int(analysis.width[0]))
        standard = analyze(conv, input_size=size, batch=int(analysis.batch[0]))
        return Fraction(standard.totals()[quantity], analysis.totals()[quantity])
    return measure


# Table 2, "Resource per layer type", as printed: type, mult-adds share, parameters share.
TABLE_2 = [
    ("Conv 1×1", "94.86%", "74.59%"),
    ("Conv DW 3×3", "3.06%", "1.06%"),
    ("Conv 3×3", "1.19%", "0.02%"),
    ("Fully connected", "0.18%", "24.33%"),
]
TABLE_2_NOTE = ("Table 2 (paper) takes parameter shares of the weights alone (no BN gamma/beta, "
                "no FC bias): that is how Conv 1×1 is 74.59% and FC 24.33%; this report's "
                "params % include them. Its 'Conv 3×3 1.19%' of mult-adds is 1.91% with the "
                "digits swapped (the printed column sums to 99.29%).")
CONV_3X3_ERRATUM = ("digits swapped: the 3×3 conv's 10,838,016 of 568,740,352 mult-adds is 1.91%; "
                    "the printed column sums to 99.29%, and to 100.01% with 1.91%")
WEIGHTS_ONLY = ("shares of the weights alone (no BN gamma/beta, no FC bias: 4,209,088); with "
                "BN or biases Conv 1×1 and FC miss the printed 74.59% / 24.33%")

# Tables 4, 6 (α), 7 (ρ) and 8 as printed: model, million mult-adds, million parameters.
# Every parameter figure holds with or without BN (e.g. 4,231,976 or 4,210,088 for "4.2").
TABLE_4 = [("conv-mobilenet", "4866", "29.3"), ("mobilenet", "569", "4.2")]
TABLE_6 = [("mobilenet", "569", "4.2"), ("mobilenet-0.75", "325", "2.6"),
           ("mobilenet-0.5", "149", "1.3"), ("mobilenet-0.25", "41", "0.5")]
TABLE_7 = [("mobilenet", "569", "4.2"), ("mobilenet-1.0-192", "418", "4.2"),
           ("mobilenet-1.0-160", "290", "4.2"), ("mobilenet-1.0-128", "186", "4.2")]
TABLE_8 = [("mobilenet", "569", "4.2")]  # GoogLeNet's and VGG 16's rows belong to their specs

# Where a printed figure misses our count, why (checked: the claim must hold or CI fails; the
# numbers the reasons quote are checked in tests/test_mobilenet.py).
CLAIMS = {
    (4, "conv-mobilenet", "macs"): {
        "tolerance": 0.0005, "reason": "4,867.29M counted; the print needs 0.79M to 1.79M less, "
        "and the one layer that costs that is the FC (1.02M; every conv costs at least 10.84M, "
        "biases none): without it Conv MobileNet is 4,866.27M, inside, but the same table's "
        "569M for MobileNet needs its FC (567.72M without): the FC counted in one row, not the other"},
    (7, "mobilenet-1.0-160", "macs"): {
        "tolerance": 0.005, "reason": "the paper scales all of 568.74M by ρ² = (160/224)², FC included "
        "(= 290.17M); the FC does not shrink with the input, so the count is 290.68M"},
}


def _table_figures(table, number):
    found = []
    for model, macs, params in table:
        row = f"{PAPER}, Table {number}, row {model}"
        for quantity, printed, column in (("macs", macs, "Million Mult-Adds"),
                                          ("params", params, "Million Parameters")):
            found.append(Figure(model, quantity, f"{printed}M", f"{row}, column {column}",
                                label=f"Table {number}: {model} {quantity}",
                                **CLAIMS.get((number, model, quantity), {})))
    return found


def _table_1_nodes() -> list[str | None]:
    """The node each Table 1 row builds, in the builder's naming (None: the Softmax row)."""
    nodes, block = [], 0
    for kind, *_ in TABLE_1:
        if kind.startswith("Conv dw"):
            block += 1
            nodes.append(f"ds{block}/dw")
        elif kind.startswith("Conv"):
            nodes.append("conv1/conv" if block == 0 else f"ds{block}/pw")
        else:
            nodes.append({"Avg Pool": "classifier/pool", "FC": "classifier/fc"}.get(kind.split(" /")[0]))
    return nodes


def _input(node: str, axis: int):
    """A measure: channels (axis 0) or height (axis 1) of what reaches ``node``."""
    return lambda analysis: analysis.row(node).input_shapes[0][axis]


def _shape_text(kind: str, shape) -> str:
    """Table 1's filter shape cell: '3×3×3×32', '3×3×32 dw', 'Pool 7×7', '1024×1000'."""
    if shape is None:
        return "Classifier"
    text = "×".join(map(str, shape))
    return text + " dw" if kind.startswith("Conv dw") else f"Pool {text}" if kind.startswith("Avg") else text


def _table_1_figures() -> list[Figure]:
    """Table 1's Input Size column, every row (the "5×" pair as its five copies): the height and
    channels reaching the row's layer. The Softmax row's input is the FC's output."""
    figures = []
    for (kind, shape, size, channels), node in zip(TABLE_1, _table_1_nodes()):
        source = (f"{PAPER}, Table 1, row '{kind} | {_shape_text(kind, shape)}', column Input "
                  f"Size: '{size}×{size}×{channels}' (seeds 000, 004)")
        where = node or "softmax"
        for what, printed, axis in (("input size", f"{size}×{size}", 1),
                                    ("input channels", str(channels), 0)):
            label = f"Table 1, {where} ({kind}): {what}"
            if node is None:
                figures.append(Figure("mobilenet", "output_size" if axis else "output_channels", printed,
                                      source, node="classifier/fc", label=label))
            else:
                figures.append(Figure("mobilenet", "count", printed, source, measure=_input(node, axis),
                                      label=label))
    return figures


def _pair_ratio(depthwise: str):
    """A measure: the pair's counted mult-adds over the standard conv's it replaces."""
    def measure(analysis) -> Fraction:
        from costcalc.separable import pairs  # loads the model registry: only when evaluated
        return next(p.ratio for p in pairs(analysis) if p.depthwise == depthwise)
    return measure


def _pair_figures() -> list[Figure]:
    """The cost formula 1/N + 1/D_K² of the slides, evaluated at each pair's N and D_K as Table 1
    gives them (the pointwise row's filters, the depthwise row's kernel)."""
    figures, nodes = [], _table_1_nodes()
    for i, (kind, shape, _, _) in enumerate(TABLE_1):
        if kind.startswith("Conv dw"):
            k, n = shape[0], TABLE_1[i + 1][1][3]
            formula = Fraction(1, n) + Fraction(1, k * k)
            figures.append(Figure(
                "mobilenet", "ratio", f"{formula.numerator} : {formula.denominator}",
                f"seed 000, MobileNet (5/8): '1/N + 1/(Dk^2)'; seed 004: '(K^2+M)/(K^2M) = 1/M + "
                f"1/K^2'; {PAPER}, Section 3.1, at N = {n}, D_K = {k} (Table 1)",
                node=nodes[i], measure=_pair_ratio(nodes[i]), table="mobilenet-other",
                label=f"{nodes[i].split('/')[0]}: separable / standard mult-adds, 1/N + 1/D_K² "
                      f"(N = {n}, D_K = {k})",
                reason="the slides print the formula; here it is evaluated at this pair's N and D_K"))
    return figures


def _weight_layers(analysis) -> int:
    """Layers with weights: every conv (depthwise and pointwise apart) and the FC."""
    return sum(1 for r in analysis.rows() if r.weights)


# Table 1 as printed writes the "5×" pair once; TABLE_1 writes it out five times.
PRINTED_CONV_ROWS = sum(kind.startswith("Conv") for kind, *_ in TABLE_1) - 4 * 2

FIGURES = [
    *[Figure("mobilenet", "percent", share, f"{PAPER}, Table 2, row {kind}, column Mult-Adds",
             measure=type_share(kind, "macs"), label=f"Table 2: {kind} share of mult-adds",
             erratum=CONV_3X3_ERRATUM if kind == "Conv 3×3" else None)
      for kind, share, _ in TABLE_2],
    *[Figure("mobilenet", "percent", share, f"{PAPER}, Table 2, row {kind}, column Parameters",
             measure=type_share(kind, "weights"), label=f"Table 2: {kind} share of parameters",
             reason=WEIGHTS_ONLY)
      for kind, _, share in TABLE_2],
    *_table_figures(TABLE_4, 4),
    Figure("mobilenet", "ratio", "8.5", "seed 000, MobileNet (8/8): 8.5× fewer mult-adds than "
           "Conv MobileNet", measure=conv_over_separable("macs"), tolerance=0.01,
           label="Table 4: Conv MobileNet / MobileNet mult-adds", table="mobilenet-table-4",
           reason="the slide divides Table 4's 4866 by 569 (8.55); the counts give 8.56"),
    Figure("mobilenet", "ratio", "7", "seed 000, MobileNet (8/8): 7× fewer parameters than "
           "Conv MobileNet", measure=conv_over_separable("params"),
           label="Table 4: Conv MobileNet / MobileNet parameters", table="mobilenet-table-4"),
    *_table_figures(TABLE_6, 6),
    *_table_figures(TABLE_7, 7),
    *_table_figures(TABLE_8, 8),
    *_table_1_figures(),
    Figure("mobilenet", "count", "2", f"{PAPER}, Table 1, row 'Conv dw / s2 | 3×3×1024 dw', input "
           "7×7×1024 (seeds 000, 004)", measure=lambda analysis: analysis.row("ds13/dw").layer.stride[0],
           label="Table 1: stride of the depthwise conv on 7×7×1024",
           erratum="misprint: the next row's input is 7×7×1024 too, so the stride is 1 (as in the TF "
                   "reference); a stride of 2 would give 4×4"),
    *_pair_figures(),
    Figure("mobilenet", "ratio", "8.5", "seed 004, MobileNet: 'K=3일 경우 약 8~9배 더 효율적' (about 8 "
           f"to 9 times cheaper for K = 3); {PAPER}, Section 3.1: 'between 8 to 9 times less "
           "computation than standard convolutions'", measure=conv_over_separable("macs"),
           significant=1, label="standard / separable mult-adds, 3×3 kernels (8 to 9 times)",
           reason="'8 to 9' read as 8.5 ± 0.5; the whole net, Conv MobileNet over MobileNet; per "
                  "pair the formula gives 576/73 (7.9, ds1, N = 64) up to 9216/1033 (8.9, N = 1024)"),
    Figure("mobilenet", "count", "19", "seed 004, MobileNet: '19개의 layers' (19 layers)",
           measure=_weight_layers, label="MobileNet layers (seed 004)",
           explained_by=lambda analysis: PRINTED_CONV_ROWS,
           erratum=f"the paper counts 28 ({PAPER}, Section 3.2: 'Counting depthwise and pointwise "
                   "convolutions as separate layers, MobileNet has 28 layers'): 27 convs and the FC; "
                   "19 is Table 1's conv rows as printed, the '5×' pair written once"),
]
