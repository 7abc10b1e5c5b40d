"""GoogLeNet: Table 1 of Szegedy et al. 2015 cell by cell, and the totals other sources quote.

Table 1's params column counts weights only (no biases) in K = 1024 (the linear row: 1024 × 1000
= 1,024,000 weights = 1000K exactly); its ops column counts multiply-adds in decimal M. Several
rows print numbers their own filter counts do not give: ERRATA classifies each, with the reason
(every number a reason quotes is checked in tests/test_googlenet.py). Each printed cell is typed
from the table (김준영's and 최건호's slides reproduce it unchanged); the computed side is the
built net's row (a scope of costcalc/specs/googlenet.py).
"""

from __future__ import annotations

from fractions import Fraction

from ...engine import analyze
from ...layers import Linear
from ...registry import get_model
from ..model import Figure, parse_printed
from ..sources import CHOI_CNN_ADVANCED, HOWARD_2017, JAILIES_CS231N, KIM_CNN_MODELS, SZEGEDY_2015

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


def _printed_params(name: str) -> str:
    """The params cell this ledger records for Table 1's row ``name``."""
    return next(f.printed for f in FIGURES if f.group == name and f.quantity == "weights")


def _printed_params_times_area(name: str, units: str):
    """``explained_by`` for a wrong ops cell: the row's printed params (read as ``units``) × the
    row's H_out × W_out. The paper multiplied; the multiplicand was wrong."""
    def explain(analysis):
        _, h, w = [r for r in analysis.rows() if r.scope[:1] == (name,)][-1].output_shape
        return parse_printed(_printed_params(name), units).value * h * w
    return explain


def _params_column_sum(analysis=None) -> Fraction:
    """Table 1's params column added up as decimal thousands: 2.7K + 112K + ... = 6,797.7K."""
    return sum(parse_printed(f.printed).value for f in FIGURES if f.group and f.quantity == "weights")


def _alexnet_over_12(analysis=None) -> Fraction:
    """Section 1: GoogLeNet 'uses 12× fewer parameters than' AlexNet (the paper's two-GPU net)."""
    return Fraction(analyze(get_model("alexnet-2gpu").network()).totals()["params"], 12)


def _row_output(name: str, axis: int):
    """A measure: channels (axis 0) or height (axis 1) of the output of Table 1's row ``name``
    (its scope's last node)."""
    return lambda analysis: [r for r in analysis.rows() if r.scope[:1] == (name,)][-1].output_shape[axis]


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


_SLIDES = (KIM_CNN_MODELS.at("slide 'GoogLeNet (5/6)', Table 1"),
           CHOI_CNN_ADVANCED.at("slides 'Google Network', Table 1"))


def table_1(row: str, column: str, quote: str = ""):
    """Table 1, row ``row``, column ``column``, and the two slide decks that reproduce it."""
    return (SZEGEDY_2015.at(f"Table 1, row {row}, column {column}", quote), *_SLIDES)


def params(name: str, row: str, **claim) -> dict:
    """A params cell: weights (no biases) of the row's scope, K = 1024."""
    return {"source": table_1(row, "params"), "group": name, "units": "binary",
            "erratum": ERRATA.get((name, "params")), "reason": "weights only, K = 1024",
            "label": f"Table 1, {row}: params (weights, K = 1024)", "table": "googlenet-table-1", **claim}


def ops(name: str, row: str, explained_in: str | None = None) -> dict:
    """An ops cell: multiply-adds of the row's scope, decimal M. ``explained_in``: the units in
    which the row's own (wrong) params cell reproduces a wrong ops cell."""
    return {"source": table_1(row, "ops"), "group": name, "erratum": ERRATA.get((name, "ops")),
            "explained_by": _printed_params_times_area(name, explained_in) if explained_in else None,
            "label": f"Table 1, {row}: ops (multiply-adds)", "table": "googlenet-table-1"}


def size(name: str, row: str, printed_cell: str) -> dict:
    """The H×W of a row's output size cell."""
    return {"source": table_1(row, "output size", f"'{printed_cell}'"), "measure": _row_output(name, 1),
            "label": f"Table 1, {name} ({row}): output size", "table": "googlenet-table-1"}


def channels(name: str, row: str, printed_cell: str) -> dict:
    """The depth of a row's output size cell."""
    return {"source": table_1(row, "output size", f"'{printed_cell}'"), "measure": _row_output(name, 0),
            "label": f"Table 1, {name} ({row}): output channels", "table": "googlenet-table-1"}


FIGURES = [
    # Table 1's params and ops columns, one figure per printed cell, lined up with the row's
    # scope (``group``) so the grouped report can put each next to its computed row.
    Figure("googlenet", "weights", "2.7K", **params("conv1", "convolution 7×7/2")),
    Figure("googlenet", "macs", "34M", **ops("conv1", "convolution 7×7/2", explained_in="decimal")),
    Figure("googlenet", "weights", "112K", **params("conv2", "convolution 3×3/1")),
    Figure("googlenet", "macs", "360M", **ops("conv2", "convolution 3×3/1")),
    Figure("googlenet", "weights", "159K", **params("inception_3a", "inception (3a)")),
    Figure("googlenet", "macs", "128M", **ops("inception_3a", "inception (3a)")),
    Figure("googlenet", "weights", "380K", **params("inception_3b", "inception (3b)")),
    Figure("googlenet", "macs", "304M", **ops("inception_3b", "inception (3b)")),
    Figure("googlenet", "weights", "364K", **params("inception_4a", "inception (4a)")),
    Figure("googlenet", "macs", "73M", **ops("inception_4a", "inception (4a)", explained_in="binary")),
    Figure("googlenet", "weights", "437K", **params("inception_4b", "inception (4b)")),
    Figure("googlenet", "macs", "88M", **ops("inception_4b", "inception (4b)")),
    Figure("googlenet", "weights", "463K", **params("inception_4c", "inception (4c)")),
    Figure("googlenet", "macs", "100M", **ops("inception_4c", "inception (4c)")),
    Figure("googlenet", "weights", "580K", **params("inception_4d", "inception (4d)")),
    Figure("googlenet", "macs", "119M", **ops("inception_4d", "inception (4d)")),
    Figure("googlenet", "weights", "840K", **params("inception_4e", "inception (4e)")),
    Figure("googlenet", "macs", "170M", **ops("inception_4e", "inception (4e)")),
    Figure("googlenet", "weights", "1072K", **params("inception_5a", "inception (5a)")),
    Figure("googlenet", "macs", "54M", **ops("inception_5a", "inception (5a)", explained_in="binary")),
    Figure("googlenet", "weights", "1388K", **params("inception_5b", "inception (5b)")),
    Figure("googlenet", "macs", "71M", **ops("inception_5b", "inception (5b)")),
    Figure("googlenet", "weights", "1000K", **params("linear", "linear")),
    Figure("googlenet", "macs", "1M", **ops("linear", "linear")),
    # Table 1's output size column, every row: H×W and channels of the row's last node.
    Figure("googlenet", "output_size", "112×112", **size("conv1", "convolution 7×7/2", "112×112×64")),
    Figure("googlenet", "output_channels", "64", **channels("conv1", "convolution 7×7/2", "112×112×64")),
    Figure("googlenet", "output_size", "56×56", **size("pool1", "max pool 3×3/2", "56×56×64")),
    Figure("googlenet", "output_channels", "64", **channels("pool1", "max pool 3×3/2", "56×56×64")),
    Figure("googlenet", "output_size", "56×56", **size("conv2", "convolution 3×3/1", "56×56×192")),
    Figure("googlenet", "output_channels", "192", **channels("conv2", "convolution 3×3/1", "56×56×192")),
    Figure("googlenet", "output_size", "28×28", **size("pool2", "max pool 3×3/2", "28×28×192")),
    Figure("googlenet", "output_channels", "192", **channels("pool2", "max pool 3×3/2", "28×28×192")),
    Figure("googlenet", "output_size", "28×28", **size("inception_3a", "inception (3a)", "28×28×256")),
    Figure("googlenet", "output_channels", "256", **channels("inception_3a", "inception (3a)", "28×28×256")),
    Figure("googlenet", "output_size", "28×28", **size("inception_3b", "inception (3b)", "28×28×480")),
    Figure("googlenet", "output_channels", "480", **channels("inception_3b", "inception (3b)", "28×28×480")),
    Figure("googlenet", "output_size", "14×14", **size("pool3", "max pool 3×3/2", "14×14×480")),
    Figure("googlenet", "output_channels", "480", **channels("pool3", "max pool 3×3/2", "14×14×480")),
    Figure("googlenet", "output_size", "14×14", **size("inception_4a", "inception (4a)", "14×14×512")),
    Figure("googlenet", "output_channels", "512", **channels("inception_4a", "inception (4a)", "14×14×512")),
    Figure("googlenet", "output_size", "14×14", **size("inception_4b", "inception (4b)", "14×14×512")),
    Figure("googlenet", "output_channels", "512", **channels("inception_4b", "inception (4b)", "14×14×512")),
    Figure("googlenet", "output_size", "14×14", **size("inception_4c", "inception (4c)", "14×14×512")),
    Figure("googlenet", "output_channels", "512", **channels("inception_4c", "inception (4c)", "14×14×512")),
    Figure("googlenet", "output_size", "14×14", **size("inception_4d", "inception (4d)", "14×14×528")),
    Figure("googlenet", "output_channels", "528", **channels("inception_4d", "inception (4d)", "14×14×528")),
    Figure("googlenet", "output_size", "14×14", **size("inception_4e", "inception (4e)", "14×14×832")),
    Figure("googlenet", "output_channels", "832", **channels("inception_4e", "inception (4e)", "14×14×832")),
    Figure("googlenet", "output_size", "7×7", **size("pool4", "max pool 3×3/2", "7×7×832")),
    Figure("googlenet", "output_channels", "832", **channels("pool4", "max pool 3×3/2", "7×7×832")),
    Figure("googlenet", "output_size", "7×7", **size("inception_5a", "inception (5a)", "7×7×832")),
    Figure("googlenet", "output_channels", "832", **channels("inception_5a", "inception (5a)", "7×7×832")),
    Figure("googlenet", "output_size", "7×7", **size("inception_5b", "inception (5b)", "7×7×1024")),
    Figure("googlenet", "output_channels", "1024", **channels("inception_5b", "inception (5b)", "7×7×1024")),
    Figure("googlenet", "output_size", "1×1", **size("pool5", "avg pool 7×7/1", "1×1×1024")),
    Figure("googlenet", "output_channels", "1024", **channels("pool5", "avg pool 7×7/1", "1×1×1024")),
    Figure("googlenet", "output_size", "1×1", **size("dropout", "dropout (40%)", "1×1×1024")),
    Figure("googlenet", "output_channels", "1024", **channels("dropout", "dropout (40%)", "1×1×1024")),
    Figure("googlenet", "output_size", "1×1", **size("linear", "linear", "1×1×1000")),
    Figure("googlenet", "output_channels", "1000", **channels("linear", "linear", "1×1×1000")),
    Figure("googlenet", "output_size", "1×1", **size("softmax", "softmax", "1×1×1000")),
    Figure("googlenet", "output_channels", "1000", **channels("softmax", "softmax", "1×1×1000")),
    # The totals other sources quote.
    Figure("googlenet", "params", "6.8M",
           (HOWARD_2017.at("Table 8, row GoogLeNet, column Million Parameters"),
            KIM_CNN_MODELS.at("slide 'MobileNet (8/8)'", "Table 8")),
           label="GoogLeNet params (MobileNet Table 8)", explained_by=_params_column_sum,
           table="mobilenet-table-8",
           erratum="the sum of Table 1's params column (6,797.7K) read as decimal thousands; that "
                   "column is in K = 1024 and carries the row errata; the net has 7.0M params"),
    Figure("googlenet", "macs", "1,550M",
           (HOWARD_2017.at("Table 8, row GoogLeNet, column Million Mult-Adds"),
            KIM_CNN_MODELS.at("slide 'MobileNet (8/8)'", "Table 8: '1550'")),
           label="GoogLeNet mult-adds (MobileNet Table 8)", tolerance=0.025, table="mobilenet-table-8",
           reason="1,550M needs 1,549.5–1,550.5M and MobileNet does not say how it counted: the "
                  "paper's net counts 1,582.67M, torchvision's 3×3 variant 1,498.38M, Table 1's ops "
                  "column sums to 1,502M (1,586M with conv1's own 118M for its misprinted 34M)"),
    Figure("googlenet", "params", "5M", KIM_CNN_MODELS.at("slide 'GoogLeNet (1/6)'", "'GoogLeNet (22 layers): 5M'"),
           label="GoogLeNet params (course slides)", explained_by=_alexnet_over_12, table="googlenet-other",
           erratum="the paper's prose ('12× fewer parameters than' AlexNet: 61.0M / 12 = 5.1M), "
                   "not a count; Table 1's net has 7.0M (6.6M in torchvision's variant)"),
    Figure("googlenet", "weight_bytes", "27MB",
           CHOI_CNN_ADVANCED.at("slides 'Google Network', under Table 1", "'Parameter만 보면 27MB'"),
           label="GoogLeNet weight memory (fp32, course slides)", table="googlenet-table-1",
           explained_by=lambda analysis: _params_column_sum() * analysis.bytes_per_element,
           erratum="in decimal MB, as the same slides' memory table counts (ResNet-50 102 MB), the "
                   "net's 7.0M params × 4 B = 28.0 MB; 27 fits the 6.8M column sum × 4 B = 27.2 MB "
                   "(or the net's 28.0 MB counted in MiB: 26.7 MiB)"),
    Figure("googlenet", "count", "22",
           (KIM_CNN_MODELS.at("slide 'VGG (1/4)'", "'GoogLeNet은 22개의 레이어 층으로'"),
            KIM_CNN_MODELS.at("slide 'GoogLeNet (1/6)'", "'GoogLeNet (22 layers)'"),
            JAILIES_CS231N.at("section GoogLeNet", "'layer가 22개인'"),
            SZEGEDY_2015.at("Section 5", "'22 layers deep when counting only layers with parameters'")),
           measure=_weight_depth, label="GoogLeNet depth in layers with parameters", table="googlenet-other",
           reason="the longest input-to-output path counts conv1, the 1×1 reduce and 3×3 of conv2, "
                  "two per inception module (9) and the linear layer: Table 1's depth column"),
    Figure("googlenet", "count", "2",
           (KIM_CNN_MODELS.at("slide 'GoogLeNet (6/6)'", "'두 개의 auxiliary classifier를 학습 과정에서 사용' "
                                                         "(two auxiliary classifiers, used in training)"),
            JAILIES_CS231N.at("section GoogLeNet", "auxiliary classification"),
            SZEGEDY_2015.at("Section 5", "'At inference time, these auxiliary networks are discarded'")),
           measure=_training_only_classifiers, options={"aux_logits": True}, table="googlenet-other",
           label="GoogLeNet auxiliary classifiers (training graph only)",
           reason="the training graph (-O aux_logits=true) has aux1 and aux2 on inception_4a and "
                  "inception_4d; the default (inference) graph has neither"),
    Figure("googlenet", "params", "500M",
           JAILIES_CS231N.at("section GoogLeNet", "'파라미터는 500백만개' (500 × 10^6 parameters)"),
           label="GoogLeNet params (cs231n notes)", table="googlenet-other",
           erratum="500백만 is 500 million, 100× the '5 million' (500만) of the cs231n lecture the "
                   "notes summarise; the net has 7.0M"),
]
