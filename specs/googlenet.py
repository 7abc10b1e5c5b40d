"""GoogLeNet (Inception v1): Szegedy et al., "Going Deeper with Convolutions", CVPR 2015,
Table 1 and Figure 3; and torchvision's GoogLeNet.

Two GoogLeNets:

* ``googlenet``: the paper's net, one scope per Table 1 row (``conv1``, ``pool1``, ...,
  ``inception_3a`` ... ``inception_5b``, ``linear``, ``softmax``), the stem as Figure 3 draws it
  (LRN after pool1 and after the 3×3 conv), a ReLU after every conv, conv biases, no batch norm.
  The max pools round up (Caffe's ceil mode, as in bvlc_googlenet): Table 1's sizes
  112 → 56 → 28 → 14 → 7 need it.
* ``googlenet-tv``: torchvision's layout: batch norm (eps 0.001) after every conv and no conv
  bias, a 3×3 conv in the branch the paper calls 5×5 (a known bug, pytorch/vision#906), no LRN,
  a 2×2 max pool before 5a, dropout 0.2, no softmax. torchvision publishes 6,624,904 params.

The two auxiliary classifiers (Section 5: on the outputs of 4a and 4d) exist only in training:
option ``aux_logits``, off by default; the report's notes say whether they are in.

Table 1's own columns: "params" counts weights only (no biases) in K = 1024 (the linear row:
1024 × 1000 = 1,024,000 weights = 1000K exactly); "ops" counts multiply-adds of convolutions and
the linear layer in decimal M. Several rows print numbers their own filter counts do not give:
the ledger (FIGURES below) classifies each row, with the reason.
"""

from __future__ import annotations

from fractions import Fraction

from costcalc.engine import analyze
from costcalc.graph import Network
from costcalc.layers import (AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Concat, Conv2d, Dropout,
                             Flatten, Linear, LocalResponseNorm, MaxPool2d, ReLU, Softmax)
from costcalc.ledger import Figure, parse_printed
from costcalc.registry import Model, get_model
from costcalc.options import described, declare

# Table 1, one row per line, in the paper's column order after the scope name: type, patch
# size/stride, output size, depth, #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj, params,
# ops. The builder reads the type, patch size/stride and the six filter columns; the printed output
# size, params and ops are what the paper says (tests and FIGURES compare them with the engine).
# conv1's filter count appears only as the depth of its output size (112×112×64): read there.
_ = None  # an empty cell
TABLE_1 = [
    ("conv1",        "convolution",    "7×7/2", "112×112×64", 1, _,   _,   _,   _,  _,   _,   "2.7K",  "34M"),
    ("pool1",        "max pool",       "3×3/2", "56×56×64",   0, _,   _,   _,   _,  _,   _,   _,       _),
    ("conv2",        "convolution",    "3×3/1", "56×56×192",  2, _,   64,  192, _,  _,   _,   "112K",  "360M"),
    ("pool2",        "max pool",       "3×3/2", "28×28×192",  0, _,   _,   _,   _,  _,   _,   _,       _),
    ("inception_3a", "inception (3a)", _,       "28×28×256",  2, 64,  96,  128, 16, 32,  32,  "159K",  "128M"),
    ("inception_3b", "inception (3b)", _,       "28×28×480",  2, 128, 128, 192, 32, 96,  64,  "380K",  "304M"),
    ("pool3",        "max pool",       "3×3/2", "14×14×480",  0, _,   _,   _,   _,  _,   _,   _,       _),
    ("inception_4a", "inception (4a)", _,       "14×14×512",  2, 192, 96,  208, 16, 48,  64,  "364K",  "73M"),
    ("inception_4b", "inception (4b)", _,       "14×14×512",  2, 160, 112, 224, 24, 64,  64,  "437K",  "88M"),
    ("inception_4c", "inception (4c)", _,       "14×14×512",  2, 128, 128, 256, 24, 64,  64,  "463K",  "100M"),
    ("inception_4d", "inception (4d)", _,       "14×14×528",  2, 112, 144, 288, 32, 64,  64,  "580K",  "119M"),
    ("inception_4e", "inception (4e)", _,       "14×14×832",  2, 256, 160, 320, 32, 128, 128, "840K",  "170M"),
    ("pool4",        "max pool",       "3×3/2", "7×7×832",    0, _,   _,   _,   _,  _,   _,   _,       _),
    ("inception_5a", "inception (5a)", _,       "7×7×832",    2, 256, 160, 320, 32, 128, 128, "1072K", "54M"),
    ("inception_5b", "inception (5b)", _,       "7×7×1024",   2, 384, 192, 384, 48, 128, 128, "1388K", "71M"),
    ("pool5",        "avg pool",       "7×7/1", "1×1×1024",   0, _,   _,   _,   _,  _,   _,   _,       _),
    ("dropout",      "dropout (40%)",  _,       "1×1×1024",   0, _,   _,   _,   _,  _,   _,   _,       _),
    ("linear",       "linear",         _,       "1×1×1000",   1, _,   _,   _,   _,  _,   _,   "1000K", "1M"),
    ("softmax",      "softmax",        _,       "1×1×1000",   0, _,   _,   _,   _,  _,   _,   _,       _),
]
# The grouped report's extra columns: Table 1's own inputs, named as the paper heads them.
COLUMNS = ("type", "patch size/stride", "depth", "#1×1", "#3×3 reduce", "#3×3", "#5×5 reduce",
           "#5×5", "pool proj")
LRN_AFTER = ("pool1", "conv2")        # Figure 3: LocalRespNorm after pool1 and after the 3×3 conv
AUX_AFTER = {"inception_4a": "aux1", "inception_4d": "aux2"}  # Section 5, Figure 3
TV_PATCH = {"pool4": "2×2/2"}         # torchvision's maxpool4 is MaxPool2d(2, stride=2, ceil_mode=True)


def _patch(text: str) -> tuple[int, int]:
    """'7×7/2' → (kernel 7, stride 2)."""
    size, stride = text.split("/")
    return int(size.split("×")[0]), int(stride)


def _conv(net: Network, name: str, filters: int, kernel: int, x: str, tv: bool, stride: int = 1) -> str:
    """A conv with "same" padding and its ReLU; torchvision's BasicConv2d puts batch norm between
    them and drops the conv bias."""
    net.add(name, Conv2d(filters, kernel, stride=stride, padding=kernel // 2, bias=not tv), inputs=x)
    if tv:
        net.add(f"bn_{name}", BatchNorm2d())
    return net.add(f"relu_{name}", ReLU())


def inception(net: Network, x: str, n1x1, n3x3red, n3x3, n5x5red, n5x5, pool_proj, tv=False) -> str:
    """Figure 2(b): four branches on input x, concatenated; arguments in Table 1's column order.
    torchvision's "5×5" branch convolves 3×3 (the node keeps the paper's branch name)."""
    a = _conv(net, "1x1", n1x1, 1, x, tv)
    b = _conv(net, "3x3", n3x3, 3, _conv(net, "3x3_reduce", n3x3red, 1, x, tv), tv)
    c = _conv(net, "5x5", n5x5, 3 if tv else 5, _conv(net, "5x5_reduce", n5x5red, 1, x, tv), tv)
    net.add("pool", MaxPool2d(3, stride=1, padding=1), inputs=x)
    d = _conv(net, "pool_proj", pool_proj, 1, net.last, tv)
    return net.add("output", Concat(), inputs=[a, b, c, d])


def aux_classifier(net: Network, x: str, num_classes: int, tv: bool) -> None:
    """Section 5: 5×5/3 average pool (torchvision: adaptive to 4×4), 1×1 conv with 128 filters,
    FC 1024 + ReLU, 70% dropout, linear classifier (+ softmax in the paper)."""
    net.add("pool", AdaptiveAvgPool2d(4) if tv else AvgPool2d(5, stride=3), inputs=x)
    _conv(net, "conv", 128, 1, net.last, tv)
    net.add("flatten", Flatten())
    net.add("fc", Linear(1024))
    net.add("relu_fc", ReLU())
    net.add("drop_fc", Dropout(0.7))
    net.add("classifier", Linear(num_classes))
    if not tv:
        net.add("prob", Softmax())
    net.mark_output(net.last)  # a second output of the training graph, read by its loss


def _row(net: Network, name: str, kind: str, patch, size: str, filters, x: str, tv: bool,
         num_classes: int) -> str:
    """Build one Table 1 row on input x; returns the row's output node."""
    if kind.startswith("inception"):
        return inception(net, x, *filters, tv=tv)
    if kind == "convolution":
        _, reduce, n, *_ = filters
        if reduce:
            x = _conv(net, "3x3_reduce", reduce, 1, x, tv)
        kernel, stride = _patch(patch)
        x = _conv(net, f"{kernel}x{kernel}", n or int(size.split("×")[-1]), kernel, x, tv, stride)
    elif kind == "max pool":
        kernel, stride = _patch(TV_PATCH.get(name, patch) if tv else patch)
        x = net.add(f"{kernel}x{kernel}_s{stride}", MaxPool2d(kernel, stride=stride, ceil_mode=True),
                    inputs=x)
    elif kind == "avg pool":
        layer = AdaptiveAvgPool2d(1) if tv else AvgPool2d(*_patch(patch))
        x = net.add("avg", layer, inputs=x)
    elif kind.startswith("dropout"):
        x = net.add("drop", Dropout(0.2 if tv else 0.4), inputs=x)
    elif kind == "linear":
        x = net.add("fc", Linear(num_classes), inputs=x)
    elif kind == "softmax" and not tv:
        x = net.add("prob", Softmax(), inputs=x)
    if name in LRN_AFTER and not tv:
        x = net.add("norm", LocalResponseNorm(size=5, alpha=1e-4, beta=0.75, k=1.0), inputs=x)
    return x


@declare(aux_logits=described("the training-only auxiliary classifiers"),
         torchvision=described("torchvision's layout (batch norm, 3×3 for 5×5)"))
def googlenet(aux_logits: bool = False, torchvision: bool = False, num_classes: int = 1000) -> Network:
    """Walk Table 1 row by row, each row in its own block scope carrying the row's columns."""
    aux = ("auxiliary classifiers: included (training graph), on the outputs of inception_4a and "
           "inception_4d" if aux_logits else
           "auxiliary classifiers: not included (they exist only in training; -O aux_logits=true "
           "adds them)")
    layout = ("torchvision layout: batch norm after every conv (conv bias off), 3×3 in the "
              "'5×5' branch, no LRN, 2×2 max pool before 5a, dropout 0.2, no softmax" if torchvision
              else "Table 1's params column counts weights only, in K = 1024 (linear: 1024 × 1000 = "
              "1000K); its ops column counts multiply-adds in decimal M; params here include biases")
    net = Network("googlenet", channels=3, size=224, notes=(aux, layout))
    x = "input"
    for name, kind, patch, size, depth, *rest in TABLE_1:
        filters = rest[:6]
        meta = dict(zip(COLUMNS, ["" if v is None else v for v in (kind, patch, depth, *filters)]))
        with net.scope(name, kind="block", **meta):
            x = _row(net, name, kind, patch, size, filters, x, torchvision, num_classes)
        if aux_logits and name in AUX_AFTER:
            with net.scope(AUX_AFTER[name], kind="block", type="auxiliary classifier"):
                aux_classifier(net, x, num_classes, torchvision)
    if torchvision:
        net.notes.append(_difference_note(net, googlenet(aux_logits, False, num_classes)))
    return net


def _difference_note(tv: Network, paper: Network) -> str:
    """The torchvision variant against the paper's net, computed (at 224×224)."""
    a, b = analyze(tv).totals(), analyze(paper).totals()
    d = {k: a[k] - b[k] for k in ("params", "weights", "biases", "bn_params", "macs")}
    return (f"vs the paper's googlenet at 224×224: params {a['params']:,} vs {b['params']:,} "
            f"({d['params']:+,}: weights {d['weights']:+,} from 3×3 in the 5×5 branch, biases "
            f"{d['biases']:+,}, BN gamma/beta {d['bn_params']:+,}); MACs {a['macs']:,} vs "
            f"{b['macs']:,} ({d['macs']:+,}, all from the 3×3)")


MODELS = {
    "googlenet": Model("googlenet", googlenet,
                       "GoogLeNet (Inception v1), the paper's net: Table 1 with Figure 3's stem",
                       "Szegedy et al. 2015, Table 1 and Figure 3"),
    "googlenet-tv": Model("googlenet-tv", googlenet,
                          "GoogLeNet, torchvision layout (BN after every conv, 3×3 in the 5×5 branch)",
                          "torchvision.models.googlenet", options={"torchvision": True}),
}


# --- the paper ledger ---------------------------------------------------------------------------

_TABLE = "Szegedy et al. 2015, Table 1"
# Every Table 1 row whose printed params or ops its own filter counts do not give (weights in
# K = 1024, MACs in decimal M, both from the row's filters at the row's output size). Every
# number a reason quotes is checked in tests/test_googlenet.py.
ERRATA = {
    ("conv1", "params"): "7×7×3×64 = 9,408 weights = 9.2K; the row's 2.7K and 34M agree with each "
                         "other (2,700 × 112² = 33.9M), not with its filters",
    ("conv1", "ops"): "7×7×3×64 × 112² = 118.0M; 34M goes with the row's wrong 2.7K (2,700 × 112²)",
    ("inception_3b", "params"): "filters give 388,096 weights = 379.0K, one K below the print; "
                                "the row's 304M ops agree with 379.0K (× 28² = 304.3M)",
    ("inception_4a", "params"): "filters give 375,552 weights = 366.75K; the row's 364K and 73M "
                                "agree with each other (364K × 14² = 73.1M), not with its filters",
    ("inception_4a", "ops"): "filters give 375,552 × 14² = 73.6M; 73M goes with the row's wrong "
                             "364K (× 14² = 73.1M)",
    ("inception_4b", "params"): "filters give 448,512 weights = 438.0K, one K above the print; "
                                "the row's 88M ops agree with 438.0K (× 14² = 87.9M)",
    ("inception_4c", "params"): "filters give 509,440 weights = 497.5K; the row's own 100M ops "
                                "need them (× 14² = 99.9M), 463K would give 92.9M",
    ("inception_4d", "params"): "filters give 604,672 weights = 590.5K; the row's own 119M ops "
                                "need them (× 14² = 118.5M), 580K would give 116.4M",
    ("inception_4e", "params"): "filters give 867,328 weights = 847.0K; the row's own 170M ops "
                                "need them (× 14² = 170.0M), 840K would give 168.6M",
    ("inception_5a", "params"): "filters give 1,042,432 weights = 1,018.0K; the row's 1072K and "
                                "54M agree with each other (1072K × 7² = 53.8M), not with its filters",
    ("inception_5a", "ops"): "filters give 1,042,432 × 7² = 51.1M; 54M goes with the row's wrong "
                             "1072K (× 7² = 53.8M)",
    ("inception_5b", "params"): "filters give 1,442,816 weights = 1,409.0K; the row's own 71M ops "
                                "need them (× 7² = 70.7M), 1388K would give 69.6M",
}


# Rows whose printed ops are the row's own (wrong) printed params × its output H×W, and how the
# params cell must be read for that to hold: the paper multiplied, the multiplicand was wrong.
OPS_FROM_PRINTED_PARAMS = {"conv1": "decimal", "inception_4a": "binary", "inception_5a": "binary"}


def _printed_params_times_area(name: str, units: str):
    """``explained_by`` for a wrong ops cell: the row's printed params × the row's H_out × W_out."""
    params = next(row[-2] for row in TABLE_1 if row[0] == name)

    def explain(analysis):
        _, h, w = [r for r in analysis.rows() if r.scope[:1] == (name,)][-1].output_shape
        return parse_printed(params, units).value * h * w
    return explain


def _params_column_sum(analysis=None) -> Fraction:
    """Table 1's params column added up as decimal thousands: 2.7K + 112K + ... = 6,797.7K."""
    return sum(parse_printed(row[-2]).value for row in TABLE_1 if row[-2])


def _alexnet_over_12(analysis=None) -> Fraction:
    """Section 1: GoogLeNet 'uses 12× fewer parameters than' AlexNet (the paper's two-GPU net)."""
    return Fraction(analyze(get_model("alexnet-2gpu").network()).totals()["params"], 12)


def _table_figures() -> list[Figure]:
    """Table 1's params and ops columns, one figure per printed cell, lined up with the row's
    scope (``group``) so the grouped report can put each next to its computed row."""
    figures = []
    for name, kind, patch, _, _, *rest in TABLE_1:
        params, ops = rest[6:]
        row = f"Table 1, {kind}" + (f" {patch}" if patch else "")
        if params:
            figures.append(Figure(
                "googlenet", "weights", params, f"{_TABLE}, row {kind}, params column (seeds 000, 003)",
                group=name, units="binary", erratum=ERRATA.get((name, "params")),
                reason="weights only, K = 1024", label=f"{row}: params (weights, K = 1024)"))
        if ops:
            units = OPS_FROM_PRINTED_PARAMS.get(name)
            figures.append(Figure(
                "googlenet", "macs", ops, f"{_TABLE}, row {kind}, ops column (seeds 000, 003)",
                group=name, erratum=ERRATA.get((name, "ops")),
                explained_by=_printed_params_times_area(name, units) if units else None,
                label=f"{row}: ops (multiply-adds)"))
    return figures


def _row_output(name: str, axis: int):
    """A measure: channels (axis 0) or height (axis 1) of the output of Table 1's row ``name``
    (its scope's last node)."""
    return lambda analysis: [r for r in analysis.rows() if r.scope[:1] == (name,)][-1].output_shape[axis]


def _output_figures() -> list[Figure]:
    """Table 1's output size column, every row: H×W and channels of the row's last node."""
    figures = []
    for name, kind, patch, size, *_ in TABLE_1:
        h, w, c = size.split("×")
        row = f"Table 1, {name} ({kind}" + (f" {patch}" if patch else "") + ")"
        source = f"{_TABLE}, row {kind}, output size column: '{size}' (seeds 000, 003)"
        figures.append(Figure("googlenet", "output_size", f"{h}×{w}", source,
                              measure=_row_output(name, 1), label=f"{row}: output size"))
        figures.append(Figure("googlenet", "output_channels", c, source,
                              measure=_row_output(name, 0), label=f"{row}: output channels"))
    return figures


def _weight_depth(analysis) -> int:
    """The most layers with weights on any path from the input to an output."""
    depth = {}
    for row in analysis.rows():  # schedule order: a node's inputs come before it
        depth[row.name] = max((depth[i] for i in row.inputs), default=0) + bool(row.weights)
    return max(depth.values())


def _training_only_classifiers(analysis) -> int:
    """Classifier heads (scopes with a linear layer) that the analysed graph has and the
    inference graph (the default build, aux_logits off) does not."""
    inference = {r.scope[0] for r in analyze(get_model("googlenet").network()).rows() if r.scope}
    return len({r.scope[0] for r in analysis.rows()
                if r.scope and isinstance(r.layer, Linear) and r.scope[0] not in inference})


FIGURES = _table_figures() + _output_figures() + [
    Figure("googlenet", "params", "6.8M", "Howard et al. 2017 (MobileNet), Table 8, GoogLeNet row",
           label="GoogLeNet params (MobileNet Table 8)", explained_by=_params_column_sum,
           erratum="the sum of Table 1's params column (6,797.7K) read as decimal thousands; that "
                   "column is in K = 1024 and carries the row errata; the net has 7.0M params"),
    Figure("googlenet", "macs", "1,550M", "Howard et al. 2017 (MobileNet), Table 8, GoogLeNet row",
           label="GoogLeNet mult-adds (MobileNet Table 8)", tolerance=0.025,
           reason="1,550M needs 1,549.5–1,550.5M and MobileNet does not say how it counted: the "
                  "paper's net counts 1,582.67M, torchvision's 3×3 variant 1,498.38M, Table 1's ops "
                  "column sums to 1,502M (1,586M with conv1's own 118M for its misprinted 34M)"),
    Figure("googlenet", "params", "5M", "seed 000, GoogLeNet (1/6): 'GoogLeNet (22 layers): 5M'",
           label="GoogLeNet params (seed 000)", explained_by=_alexnet_over_12,
           erratum="the paper's prose ('12× fewer parameters than' AlexNet: 61.0M / 12 = 5.1M), "
                   "not a count; Table 1's net has 7.0M (6.6M in torchvision's variant)"),
    Figure("googlenet", "weight_bytes", "27MB", "seed 003, after Table 1: 'Parameter만 보면 27MB'",
           label="GoogLeNet weight memory (fp32, seed 003)",
           explained_by=lambda analysis: _params_column_sum() * analysis.bytes_per_element,
           erratum="in decimal MB, as seed 003's memory table counts (ResNet-50 102 MB), the net's "
                   "7.0M params × 4 B = 28.0 MB; 27 fits the 6.8M column sum × 4 B = 27.2 MB "
                   "(or the net's 28.0 MB counted in MiB: 26.7 MiB)"),
    Figure("googlenet", "count", "22", "seed 000, VGG (1/4): 'GoogLeNet은 22개의 레이어 층으로' and "
           "GoogLeNet (1/6): 'GoogLeNet (22 layers)'; seed 002: 'layer가 22개인'; Szegedy et al. "
           "2015, Section 5: '22 layers deep when counting only layers with parameters'",
           measure=_weight_depth, label="GoogLeNet depth in layers with parameters",
           reason="the longest input-to-output path counts conv1, the 1×1 reduce and 3×3 of conv2, "
                  "two per inception module (9) and the linear layer: Table 1's depth column"),
    Figure("googlenet", "count", "2", "seed 000, GoogLeNet (6/6): '두 개의 auxiliary classifier를 "
           "학습 과정에서 사용' (two auxiliary classifiers, used in training); seed 002; Szegedy et "
           "al. 2015, Section 5: 'At inference time, these auxiliary networks are discarded'",
           measure=_training_only_classifiers, options={"aux_logits": True},
           label="GoogLeNet auxiliary classifiers (training graph only)",
           reason="the training graph (-O aux_logits=true) has aux1 and aux2 on inception_4a and "
                  "inception_4d; the default (inference) graph has neither"),
    Figure("googlenet", "params", "500M", "seed 002, GoogLeNet: '파라미터는 500백만개' (500 × 10^6 "
           "parameters)", label="GoogLeNet params (seed 002)",
           erratum="500백만 is 500 million, 100× the '5 million' (500만) of the cs231n lecture the "
                   "seed summarises; the net has 7.0M"),
]
