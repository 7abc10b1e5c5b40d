"""MobileNetV2: Sandler et al. 2018, Table 2 (the body, row by row) and Table 4 (its cost).

Every printed value is the paper's text, typed in: a bottleneck row's t, c, n and s are read
back from the built net of costcalc/specs/mobilenetv2.py (the first block's expansion, the
stage's output channels, its blocks, the first block's stride), never from its TABLE_2.
"""

from __future__ import annotations

from ..model import Figure
from ..sources import SANDLER_2018
from ._structure import blocks, conv_stride, expansion, first_stride

paper = SANDLER_2018.at
_MEASURE = {"t": expansion, "n": blocks, "s": first_stride}
_WHAT = {"t": "expansion factor", "c": "output channels", "n": "repeats", "s": "first stride"}


def row(i: int, size: str, column: str) -> dict:
    """Column ``column`` of Table 2's ``i``-th bottleneck row (input ``size``)."""
    stage = f"bottleneck{i}"
    measure = {"measure": _MEASURE[column](stage)} if column in _MEASURE else {}
    return {"source": paper(f"Table 2, row {size} bottleneck, column {column}"), "group": stage, **measure,
            "table": "mobilenetv2-table-2", "label": f"Table 2, bottleneck on {size}: {column} ({_WHAT[column]})"}


def conv_row(size: str, column: str, node: str) -> dict:
    return {"source": paper(f"Table 2, row {size} conv2d, column {column}"), "node": node,
            "table": "mobilenetv2-table-2", "label": f"Table 2, conv2d on {size}: {column}"}


FIGURES = [
    Figure("mobilenetv2", "output_channels", "32", **conv_row("224²×3", "c", "conv1/conv/conv")),
    Figure("mobilenetv2", "count", "2", measure=conv_stride("conv1/conv/conv"), **conv_row("224²×3", "s", "conv1/conv/conv")),
    Figure("mobilenetv2", "ratio", "1", **row(1, "112²×32", "t")),
    Figure("mobilenetv2", "output_channels", "16", **row(1, "112²×32", "c")),
    Figure("mobilenetv2", "count", "1", **row(1, "112²×32", "n")),
    Figure("mobilenetv2", "count", "1", **row(1, "112²×32", "s")),
    Figure("mobilenetv2", "ratio", "6", **row(2, "112²×16", "t")),
    Figure("mobilenetv2", "output_channels", "24", **row(2, "112²×16", "c")),
    Figure("mobilenetv2", "count", "2", **row(2, "112²×16", "n")),
    Figure("mobilenetv2", "count", "2", **row(2, "112²×16", "s")),
    Figure("mobilenetv2", "ratio", "6", **row(3, "56²×24", "t")),
    Figure("mobilenetv2", "output_channels", "32", **row(3, "56²×24", "c")),
    Figure("mobilenetv2", "count", "3", **row(3, "56²×24", "n")),
    Figure("mobilenetv2", "count", "2", **row(3, "56²×24", "s")),
    Figure("mobilenetv2", "ratio", "6", **row(4, "28²×32", "t")),
    Figure("mobilenetv2", "output_channels", "64", **row(4, "28²×32", "c")),
    Figure("mobilenetv2", "count", "4", **row(4, "28²×32", "n")),
    Figure("mobilenetv2", "count", "2", **row(4, "28²×32", "s")),
    Figure("mobilenetv2", "ratio", "6", **row(5, "14²×64", "t")),
    Figure("mobilenetv2", "output_channels", "96", **row(5, "14²×64", "c")),
    Figure("mobilenetv2", "count", "3", **row(5, "14²×64", "n")),
    Figure("mobilenetv2", "count", "1", **row(5, "14²×64", "s")),
    Figure("mobilenetv2", "ratio", "6", **row(6, "14²×96", "t")),
    Figure("mobilenetv2", "output_channels", "160", **row(6, "14²×96", "c")),
    Figure("mobilenetv2", "count", "3", **row(6, "14²×96", "n")),
    Figure("mobilenetv2", "count", "2", **row(6, "14²×96", "s")),
    Figure("mobilenetv2", "ratio", "6", **row(7, "7²×160", "t")),
    Figure("mobilenetv2", "output_channels", "320", **row(7, "7²×160", "c")),
    Figure("mobilenetv2", "count", "1", **row(7, "7²×160", "n")),
    Figure("mobilenetv2", "count", "1", **row(7, "7²×160", "s")),
    Figure("mobilenetv2", "output_channels", "1280", **conv_row("7²×320", "c", "conv2/conv/conv")),
    Figure("mobilenetv2", "params", "3.4M", paper("Table 4, row MobileNetV2, column Params"),
           table="mobilenetv2-table-4", label="Table 4: MobileNetV2 parameters", tolerance=0.035,
           reason="3,504,872 params (torchvision's count; 3,470,760 without batch norm's γ and β) "
                  "would print 3.5; 3.4 is 3% under, truncated rather than rounded"),
    Figure("mobilenetv2", "macs", "300M", paper("Table 4, row MobileNetV2, column MAdds"),
           table="mobilenetv2-table-4", label="Table 4: MobileNetV2 multiply-adds", tolerance=0.003,
           reason="300.77M, 0.26% above; the fc alone is 1.28M and leaving it out gives 299.49M, also "
                  "outside; the table prints three digits elsewhere (585M for MobileNetV2 1.4)"),
]
