"""EfficientNet: Tan & Le 2019, Table 1 (the B0 baseline, stage by stage) and Table 2 (B0 to B7:
parameters and FLOPs).

Every printed value is the paper's text, typed in. Table 1's operator column is read as printed
("MBConv6, k5x5": expansion 6, kernel 5x5) and checked on the built stage's first block; the
resolution is the stage's input, the channels its output, the layers its blocks
(costcalc/specs/efficientnet.py; never its TABLE_1). Table 2's FLOPs are multiply-adds, counted
at each variant's own resolution.
"""

from __future__ import annotations

from fractions import Fraction

from ..model import Figure
from ..sources import TAN_2019
from ._structure import blocks, depthwise, expansion, input_size

paper = TAN_2019.at
_MEASURE = {"#Layers": blocks, "Resolution": input_size, "kernel": lambda s: depthwise(s, attribute="kernel"),
            "expansion": expansion}


def stage(i: int, operator: str, column: str, node: str | None = None) -> dict:
    name = f"stage{i}"
    where = {"node": node} if node else {"group": name}
    measure = {"measure": _MEASURE[column](name)} if column in _MEASURE else {}
    printed_column = "Operator" if column in ("kernel", "expansion") else column
    return {"source": paper(f"Table 1, stage {i} ({operator}), column {printed_column}"), **where, **measure,
            "table": "efficientnet-table-1", "label": f"Table 1, stage {i} ({operator}): {column}"}


def _billions(analysis) -> Fraction:
    """The multiply-adds in billions: Table 2 prints "0.39B", B for 10^9 (costcalc's printed
    figures read a trailing B as bytes, so the count is given in the table's unit instead)."""
    return Fraction(analysis.totals()["macs"], 10**9)


def variant(name: str, column: str) -> dict:
    unit = {"measure": _billions} if column == "#FLOPs" else {}
    return {"source": paper(f"Table 2, row EfficientNet-{name}, column {column}"), "table": "efficientnet-table-2",
            "label": f"Table 2: EfficientNet-{name} {column}" + (" (multiply-adds, B = 10^9)" if unit else ""),
            **unit}


FLOPS = ("the paper does not say how it counted; the built net at {res}×{res} (the paper's resolution "
         "for {name}) counts {macs} multiply-adds, {pct} {side}")

FIGURES = [
    Figure("efficientnet-b0", "output_size", "224×224", **stage(1, "Conv3x3", "Resolution")),
    Figure("efficientnet-b0", "output_channels", "32", **stage(1, "Conv3x3", "#Channels")),
    Figure("efficientnet-b0", "count", "1", **stage(2, "MBConv1, k3x3", "expansion")),
    Figure("efficientnet-b0", "count", "3x3", **stage(2, "MBConv1, k3x3", "kernel")),
    Figure("efficientnet-b0", "output_size", "112×112", **stage(2, "MBConv1, k3x3", "Resolution")),
    Figure("efficientnet-b0", "output_channels", "16", **stage(2, "MBConv1, k3x3", "#Channels")),
    Figure("efficientnet-b0", "count", "1", **stage(2, "MBConv1, k3x3", "#Layers")),
    Figure("efficientnet-b0", "count", "6", **stage(3, "MBConv6, k3x3", "expansion")),
    Figure("efficientnet-b0", "count", "3x3", **stage(3, "MBConv6, k3x3", "kernel")),
    Figure("efficientnet-b0", "output_size", "112×112", **stage(3, "MBConv6, k3x3", "Resolution")),
    Figure("efficientnet-b0", "output_channels", "24", **stage(3, "MBConv6, k3x3", "#Channels")),
    Figure("efficientnet-b0", "count", "2", **stage(3, "MBConv6, k3x3", "#Layers")),
    Figure("efficientnet-b0", "count", "6", **stage(4, "MBConv6, k5x5", "expansion")),
    Figure("efficientnet-b0", "count", "5x5", **stage(4, "MBConv6, k5x5", "kernel")),
    Figure("efficientnet-b0", "output_size", "56×56", **stage(4, "MBConv6, k5x5", "Resolution")),
    Figure("efficientnet-b0", "output_channels", "40", **stage(4, "MBConv6, k5x5", "#Channels")),
    Figure("efficientnet-b0", "count", "2", **stage(4, "MBConv6, k5x5", "#Layers")),
    Figure("efficientnet-b0", "count", "6", **stage(5, "MBConv6, k3x3", "expansion")),
    Figure("efficientnet-b0", "count", "3x3", **stage(5, "MBConv6, k3x3", "kernel")),
    Figure("efficientnet-b0", "output_size", "28×28", **stage(5, "MBConv6, k3x3", "Resolution")),
    Figure("efficientnet-b0", "output_channels", "80", **stage(5, "MBConv6, k3x3", "#Channels")),
    Figure("efficientnet-b0", "count", "3", **stage(5, "MBConv6, k3x3", "#Layers")),
    Figure("efficientnet-b0", "count", "6", **stage(6, "MBConv6, k5x5", "expansion")),
    Figure("efficientnet-b0", "count", "5x5", **stage(6, "MBConv6, k5x5", "kernel")),
    Figure("efficientnet-b0", "output_size", "14×14", **stage(6, "MBConv6, k5x5", "Resolution")),
    Figure("efficientnet-b0", "output_channels", "112", **stage(6, "MBConv6, k5x5", "#Channels")),
    Figure("efficientnet-b0", "count", "3", **stage(6, "MBConv6, k5x5", "#Layers")),
    Figure("efficientnet-b0", "count", "6", **stage(7, "MBConv6, k5x5", "expansion")),
    Figure("efficientnet-b0", "count", "5x5", **stage(7, "MBConv6, k5x5", "kernel")),
    Figure("efficientnet-b0", "output_size", "14×14", **stage(7, "MBConv6, k5x5", "Resolution")),
    Figure("efficientnet-b0", "output_channels", "192", **stage(7, "MBConv6, k5x5", "#Channels")),
    Figure("efficientnet-b0", "count", "4", **stage(7, "MBConv6, k5x5", "#Layers")),
    Figure("efficientnet-b0", "count", "6", **stage(8, "MBConv6, k3x3", "expansion")),
    Figure("efficientnet-b0", "count", "3x3", **stage(8, "MBConv6, k3x3", "kernel")),
    Figure("efficientnet-b0", "output_size", "7×7", **stage(8, "MBConv6, k3x3", "Resolution")),
    Figure("efficientnet-b0", "output_channels", "320", **stage(8, "MBConv6, k3x3", "#Channels")),
    Figure("efficientnet-b0", "count", "1", **stage(8, "MBConv6, k3x3", "#Layers")),
    Figure("efficientnet-b0", "output_size", "7×7", **stage(9, "Conv1x1 & Pooling & FC", "Resolution")),
    Figure("efficientnet-b0", "output_channels", "1280",
           **stage(9, "Conv1x1 & Pooling & FC", "#Channels", node="stage9/conv/conv")),
    Figure("efficientnet-b0", "params", "5.3M", **variant("B0", "#Params")),
    Figure("efficientnet-b0", "macs", "0.39B", **variant("B0", "#FLOPs")),
    Figure("efficientnet-b1", "params", "7.8M", **variant("B1", "#Params")),
    Figure("efficientnet-b1", "macs", "0.70B", tolerance=0.02, **variant("B1", "#FLOPs"),
           reason=FLOPS.format(res=240, name="B1", macs="686.8M", pct="1.9%", side="under")),
    Figure("efficientnet-b2", "params", "9.2M", tolerance=0.011, **variant("B2", "#Params"),
           reason="9,109,994 params (torchvision's efficientnet_b2 too), 1.0% under; 9.2M is not "
                  "the rounding of any count of this net found here (without batch norm's γ and β 9.04M)"),
    Figure("efficientnet-b2", "macs", "1.0B", **variant("B2", "#FLOPs")),
    Figure("efficientnet-b3", "params", "12M", **variant("B3", "#Params")),
    Figure("efficientnet-b3", "macs", "1.8B", **variant("B3", "#FLOPs")),
    Figure("efficientnet-b4", "params", "19M", **variant("B4", "#Params")),
    Figure("efficientnet-b4", "macs", "4.2B", tolerance=0.05, **variant("B4", "#FLOPs"),
           reason=FLOPS.format(res=380, name="B4", macs="4.39G", pct="4.6%", side="over")),
    Figure("efficientnet-b5", "params", "30M", **variant("B5", "#Params")),
    Figure("efficientnet-b5", "macs", "9.9B", tolerance=0.04, **variant("B5", "#FLOPs"),
           reason=FLOPS.format(res=456, name="B5", macs="10.27G", pct="3.7%", side="over")),
    Figure("efficientnet-b6", "params", "43M", **variant("B6", "#Params")),
    Figure("efficientnet-b6", "macs", "19B", **variant("B6", "#FLOPs")),
    Figure("efficientnet-b7", "params", "66M", **variant("B7", "#Params")),
    Figure("efficientnet-b7", "macs", "37B", tolerance=0.025, **variant("B7", "#FLOPs"),
           reason=FLOPS.format(res=600, name="B7", macs="37.75G", pct="2.0%", side="over")),
]
