"""MobileNetV3: Howard et al. 2019, Tables 1 and 2 (Large and Small, row by row) and Table 3
(their MAdds and parameters).

Every printed value is the paper's text, typed in. A bneck row's kernel (from its operator,
"bneck, 5x5"), exp size, #out and s are read back from the built block of
costcalc/specs/mobilenetv3.py: its depthwise conv's kernel, channels and stride, and the
block's output channels, never from the spec's TABLE_1 or TABLE_2. The SE and NL columns print
marks and names (✓, RE, HS), not numbers; the block tests of tests/test_mobilenetv3.py check them.
"""

from __future__ import annotations

from ..model import Figure
from ..sources import HOWARD_2019
from ._structure import conv_stride, depthwise

paper = HOWARD_2019.at
_TABLE = {"mobilenetv3-large": (1, "MobileNetV3-Large"), "mobilenetv3-small": (2, "MobileNetV3-Small")}
_DEPTHWISE = {"kernel": "kernel", "exp size": "channels", "s": "stride"}


def bneck(model: str, i: int, size: str, kernel: str, column: str) -> dict:
    """Column ``column`` of the ``i``-th bneck row (input ``size``, operator 'bneck, ``kernel``')."""
    number, _ = _TABLE[model]
    block = f"bneck{i}"
    measure = {"measure": depthwise(block, attribute=_DEPTHWISE[column])} if column in _DEPTHWISE else {}
    where = "column Operator" if column == "kernel" else f"column {column}"
    return {"source": paper(f"Table {number}, row {i + 1} ({size}, bneck, {kernel}), {where}"), "group": block,
            **measure, "table": f"mobilenetv3-table-{number}",
            "label": f"Table {number}, bneck {i} on {size}: {column}"}


def conv_row(model: str, row: int, operator: str, column: str, node: str) -> dict:
    number, _ = _TABLE[model]
    return {"source": paper(f"Table {number}, row {row} ({operator}), column {column}"), "node": node,
            "table": f"mobilenetv3-table-{number}", "label": f"Table {number}, {operator}: {column}"}


def result(model: str, column: str) -> dict:
    _, name = _TABLE[model]
    return {"source": paper(f"Table 3, row V3-{name.split('-')[1]} 1.0, column {column}"),
            "table": "mobilenetv3-table-3", "label": f"Table 3: {name} 1.0 {column}"}


MADDS_LARGE = ("216.59M multiply-adds (torchvision's 0.22 GFLOPS, the same net), 1.1% under 219; the "
               "squeeze-excitations' fcs are in it, their pooling and gating multiplies are not")
PARAMS_LARGE = ("5,483,032 params (torchvision's count; 5,458,632 without batch norm's γ and β) print "
                "5.5; 5.4 is 1.5% under either")
MADDS_SMALL = "56.51M multiply-adds, 0.01M above the range 56 stands for (55.5–56.5M)"

FIGURES = [
    Figure("mobilenetv3-large", "output_channels", "16", **conv_row("mobilenetv3-large", 1, "conv2d", "#out", "conv1/conv/conv")),
    Figure("mobilenetv3-large", "count", "2", measure=conv_stride("conv1/conv/conv"),
           **conv_row("mobilenetv3-large", 1, "conv2d", "s", "conv1/conv/conv")),
    Figure("mobilenetv3-large", "count", "3x3", **bneck("mobilenetv3-large", 1, "112²×16", "3x3", "kernel")),
    Figure("mobilenetv3-large", "count", "16", **bneck("mobilenetv3-large", 1, "112²×16", "3x3", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "16", **bneck("mobilenetv3-large", 1, "112²×16", "3x3", "#out")),
    Figure("mobilenetv3-large", "count", "1", **bneck("mobilenetv3-large", 1, "112²×16", "3x3", "s")),
    Figure("mobilenetv3-large", "count", "3x3", **bneck("mobilenetv3-large", 2, "112²×16", "3x3", "kernel")),
    Figure("mobilenetv3-large", "count", "64", **bneck("mobilenetv3-large", 2, "112²×16", "3x3", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "24", **bneck("mobilenetv3-large", 2, "112²×16", "3x3", "#out")),
    Figure("mobilenetv3-large", "count", "2", **bneck("mobilenetv3-large", 2, "112²×16", "3x3", "s")),
    Figure("mobilenetv3-large", "count", "3x3", **bneck("mobilenetv3-large", 3, "56²×24", "3x3", "kernel")),
    Figure("mobilenetv3-large", "count", "72", **bneck("mobilenetv3-large", 3, "56²×24", "3x3", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "24", **bneck("mobilenetv3-large", 3, "56²×24", "3x3", "#out")),
    Figure("mobilenetv3-large", "count", "1", **bneck("mobilenetv3-large", 3, "56²×24", "3x3", "s")),
    Figure("mobilenetv3-large", "count", "5x5", **bneck("mobilenetv3-large", 4, "56²×24", "5x5", "kernel")),
    Figure("mobilenetv3-large", "count", "72", **bneck("mobilenetv3-large", 4, "56²×24", "5x5", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "40", **bneck("mobilenetv3-large", 4, "56²×24", "5x5", "#out")),
    Figure("mobilenetv3-large", "count", "2", **bneck("mobilenetv3-large", 4, "56²×24", "5x5", "s")),
    Figure("mobilenetv3-large", "count", "5x5", **bneck("mobilenetv3-large", 5, "28²×40", "5x5", "kernel")),
    Figure("mobilenetv3-large", "count", "120", **bneck("mobilenetv3-large", 5, "28²×40", "5x5", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "40", **bneck("mobilenetv3-large", 5, "28²×40", "5x5", "#out")),
    Figure("mobilenetv3-large", "count", "1", **bneck("mobilenetv3-large", 5, "28²×40", "5x5", "s")),
    Figure("mobilenetv3-large", "count", "5x5", **bneck("mobilenetv3-large", 6, "28²×40", "5x5", "kernel")),
    Figure("mobilenetv3-large", "count", "120", **bneck("mobilenetv3-large", 6, "28²×40", "5x5", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "40", **bneck("mobilenetv3-large", 6, "28²×40", "5x5", "#out")),
    Figure("mobilenetv3-large", "count", "1", **bneck("mobilenetv3-large", 6, "28²×40", "5x5", "s")),
    Figure("mobilenetv3-large", "count", "3x3", **bneck("mobilenetv3-large", 7, "28²×40", "3x3", "kernel")),
    Figure("mobilenetv3-large", "count", "240", **bneck("mobilenetv3-large", 7, "28²×40", "3x3", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "80", **bneck("mobilenetv3-large", 7, "28²×40", "3x3", "#out")),
    Figure("mobilenetv3-large", "count", "2", **bneck("mobilenetv3-large", 7, "28²×40", "3x3", "s")),
    Figure("mobilenetv3-large", "count", "3x3", **bneck("mobilenetv3-large", 8, "14²×80", "3x3", "kernel")),
    Figure("mobilenetv3-large", "count", "200", **bneck("mobilenetv3-large", 8, "14²×80", "3x3", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "80", **bneck("mobilenetv3-large", 8, "14²×80", "3x3", "#out")),
    Figure("mobilenetv3-large", "count", "1", **bneck("mobilenetv3-large", 8, "14²×80", "3x3", "s")),
    Figure("mobilenetv3-large", "count", "3x3", **bneck("mobilenetv3-large", 9, "14²×80", "3x3", "kernel")),
    Figure("mobilenetv3-large", "count", "184", **bneck("mobilenetv3-large", 9, "14²×80", "3x3", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "80", **bneck("mobilenetv3-large", 9, "14²×80", "3x3", "#out")),
    Figure("mobilenetv3-large", "count", "1", **bneck("mobilenetv3-large", 9, "14²×80", "3x3", "s")),
    Figure("mobilenetv3-large", "count", "3x3", **bneck("mobilenetv3-large", 10, "14²×80", "3x3", "kernel")),
    Figure("mobilenetv3-large", "count", "184", **bneck("mobilenetv3-large", 10, "14²×80", "3x3", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "80", **bneck("mobilenetv3-large", 10, "14²×80", "3x3", "#out")),
    Figure("mobilenetv3-large", "count", "1", **bneck("mobilenetv3-large", 10, "14²×80", "3x3", "s")),
    Figure("mobilenetv3-large", "count", "3x3", **bneck("mobilenetv3-large", 11, "14²×80", "3x3", "kernel")),
    Figure("mobilenetv3-large", "count", "480", **bneck("mobilenetv3-large", 11, "14²×80", "3x3", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "112", **bneck("mobilenetv3-large", 11, "14²×80", "3x3", "#out")),
    Figure("mobilenetv3-large", "count", "1", **bneck("mobilenetv3-large", 11, "14²×80", "3x3", "s")),
    Figure("mobilenetv3-large", "count", "3x3", **bneck("mobilenetv3-large", 12, "14²×112", "3x3", "kernel")),
    Figure("mobilenetv3-large", "count", "672", **bneck("mobilenetv3-large", 12, "14²×112", "3x3", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "112", **bneck("mobilenetv3-large", 12, "14²×112", "3x3", "#out")),
    Figure("mobilenetv3-large", "count", "1", **bneck("mobilenetv3-large", 12, "14²×112", "3x3", "s")),
    Figure("mobilenetv3-large", "count", "5x5", **bneck("mobilenetv3-large", 13, "14²×112", "5x5", "kernel")),
    Figure("mobilenetv3-large", "count", "672", **bneck("mobilenetv3-large", 13, "14²×112", "5x5", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "160", **bneck("mobilenetv3-large", 13, "14²×112", "5x5", "#out")),
    Figure("mobilenetv3-large", "count", "2", **bneck("mobilenetv3-large", 13, "14²×112", "5x5", "s")),
    Figure("mobilenetv3-large", "count", "5x5", **bneck("mobilenetv3-large", 14, "7²×160", "5x5", "kernel")),
    Figure("mobilenetv3-large", "count", "960", **bneck("mobilenetv3-large", 14, "7²×160", "5x5", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "160", **bneck("mobilenetv3-large", 14, "7²×160", "5x5", "#out")),
    Figure("mobilenetv3-large", "count", "1", **bneck("mobilenetv3-large", 14, "7²×160", "5x5", "s")),
    Figure("mobilenetv3-large", "count", "5x5", **bneck("mobilenetv3-large", 15, "7²×160", "5x5", "kernel")),
    Figure("mobilenetv3-large", "count", "960", **bneck("mobilenetv3-large", 15, "7²×160", "5x5", "exp size")),
    Figure("mobilenetv3-large", "output_channels", "160", **bneck("mobilenetv3-large", 15, "7²×160", "5x5", "#out")),
    Figure("mobilenetv3-large", "count", "1", **bneck("mobilenetv3-large", 15, "7²×160", "5x5", "s")),
    Figure("mobilenetv3-large", "output_channels", "960", **conv_row("mobilenetv3-large", 17, "conv2d, 1x1", "#out", "conv2/conv/conv")),
    Figure("mobilenetv3-large", "output_channels", "1280", **conv_row("mobilenetv3-large", 19, "conv2d 1x1, NBN", "#out", "classifier1/fc")),
    Figure("mobilenetv3-small", "output_channels", "16", **conv_row("mobilenetv3-small", 1, "conv2d, 3x3", "#out", "conv1/conv/conv")),
    Figure("mobilenetv3-small", "count", "2", measure=conv_stride("conv1/conv/conv"),
           **conv_row("mobilenetv3-small", 1, "conv2d, 3x3", "s", "conv1/conv/conv")),
    Figure("mobilenetv3-small", "count", "3x3", **bneck("mobilenetv3-small", 1, "112²×16", "3x3", "kernel")),
    Figure("mobilenetv3-small", "count", "16", **bneck("mobilenetv3-small", 1, "112²×16", "3x3", "exp size")),
    Figure("mobilenetv3-small", "output_channels", "16", **bneck("mobilenetv3-small", 1, "112²×16", "3x3", "#out")),
    Figure("mobilenetv3-small", "count", "2", **bneck("mobilenetv3-small", 1, "112²×16", "3x3", "s")),
    Figure("mobilenetv3-small", "count", "3x3", **bneck("mobilenetv3-small", 2, "56²×16", "3x3", "kernel")),
    Figure("mobilenetv3-small", "count", "72", **bneck("mobilenetv3-small", 2, "56²×16", "3x3", "exp size")),
    Figure("mobilenetv3-small", "output_channels", "24", **bneck("mobilenetv3-small", 2, "56²×16", "3x3", "#out")),
    Figure("mobilenetv3-small", "count", "2", **bneck("mobilenetv3-small", 2, "56²×16", "3x3", "s")),
    Figure("mobilenetv3-small", "count", "3x3", **bneck("mobilenetv3-small", 3, "28²×24", "3x3", "kernel")),
    Figure("mobilenetv3-small", "count", "88", **bneck("mobilenetv3-small", 3, "28²×24", "3x3", "exp size")),
    Figure("mobilenetv3-small", "output_channels", "24", **bneck("mobilenetv3-small", 3, "28²×24", "3x3", "#out")),
    Figure("mobilenetv3-small", "count", "1", **bneck("mobilenetv3-small", 3, "28²×24", "3x3", "s")),
    Figure("mobilenetv3-small", "count", "5x5", **bneck("mobilenetv3-small", 4, "28²×24", "5x5", "kernel")),
    Figure("mobilenetv3-small", "count", "96", **bneck("mobilenetv3-small", 4, "28²×24", "5x5", "exp size")),
    Figure("mobilenetv3-small", "output_channels", "40", **bneck("mobilenetv3-small", 4, "28²×24", "5x5", "#out")),
    Figure("mobilenetv3-small", "count", "2", **bneck("mobilenetv3-small", 4, "28²×24", "5x5", "s")),
    Figure("mobilenetv3-small", "count", "5x5", **bneck("mobilenetv3-small", 5, "14²×40", "5x5", "kernel")),
    Figure("mobilenetv3-small", "count", "240", **bneck("mobilenetv3-small", 5, "14²×40", "5x5", "exp size")),
    Figure("mobilenetv3-small", "output_channels", "40", **bneck("mobilenetv3-small", 5, "14²×40", "5x5", "#out")),
    Figure("mobilenetv3-small", "count", "1", **bneck("mobilenetv3-small", 5, "14²×40", "5x5", "s")),
    Figure("mobilenetv3-small", "count", "5x5", **bneck("mobilenetv3-small", 6, "14²×40", "5x5", "kernel")),
    Figure("mobilenetv3-small", "count", "240", **bneck("mobilenetv3-small", 6, "14²×40", "5x5", "exp size")),
    Figure("mobilenetv3-small", "output_channels", "40", **bneck("mobilenetv3-small", 6, "14²×40", "5x5", "#out")),
    Figure("mobilenetv3-small", "count", "1", **bneck("mobilenetv3-small", 6, "14²×40", "5x5", "s")),
    Figure("mobilenetv3-small", "count", "5x5", **bneck("mobilenetv3-small", 7, "14²×40", "5x5", "kernel")),
    Figure("mobilenetv3-small", "count", "120", **bneck("mobilenetv3-small", 7, "14²×40", "5x5", "exp size")),
    Figure("mobilenetv3-small", "output_channels", "48", **bneck("mobilenetv3-small", 7, "14²×40", "5x5", "#out")),
    Figure("mobilenetv3-small", "count", "1", **bneck("mobilenetv3-small", 7, "14²×40", "5x5", "s")),
    Figure("mobilenetv3-small", "count", "5x5", **bneck("mobilenetv3-small", 8, "14²×48", "5x5", "kernel")),
    Figure("mobilenetv3-small", "count", "144", **bneck("mobilenetv3-small", 8, "14²×48", "5x5", "exp size")),
    Figure("mobilenetv3-small", "output_channels", "48", **bneck("mobilenetv3-small", 8, "14²×48", "5x5", "#out")),
    Figure("mobilenetv3-small", "count", "1", **bneck("mobilenetv3-small", 8, "14²×48", "5x5", "s")),
    Figure("mobilenetv3-small", "count", "5x5", **bneck("mobilenetv3-small", 9, "14²×48", "5x5", "kernel")),
    Figure("mobilenetv3-small", "count", "288", **bneck("mobilenetv3-small", 9, "14²×48", "5x5", "exp size")),
    Figure("mobilenetv3-small", "output_channels", "96", **bneck("mobilenetv3-small", 9, "14²×48", "5x5", "#out")),
    Figure("mobilenetv3-small", "count", "2", **bneck("mobilenetv3-small", 9, "14²×48", "5x5", "s")),
    Figure("mobilenetv3-small", "count", "5x5", **bneck("mobilenetv3-small", 10, "7²×96", "5x5", "kernel")),
    Figure("mobilenetv3-small", "count", "576", **bneck("mobilenetv3-small", 10, "7²×96", "5x5", "exp size")),
    Figure("mobilenetv3-small", "output_channels", "96", **bneck("mobilenetv3-small", 10, "7²×96", "5x5", "#out")),
    Figure("mobilenetv3-small", "count", "1", **bneck("mobilenetv3-small", 10, "7²×96", "5x5", "s")),
    Figure("mobilenetv3-small", "count", "5x5", **bneck("mobilenetv3-small", 11, "7²×96", "5x5", "kernel")),
    Figure("mobilenetv3-small", "count", "576", **bneck("mobilenetv3-small", 11, "7²×96", "5x5", "exp size")),
    Figure("mobilenetv3-small", "output_channels", "96", **bneck("mobilenetv3-small", 11, "7²×96", "5x5", "#out")),
    Figure("mobilenetv3-small", "count", "1", **bneck("mobilenetv3-small", 11, "7²×96", "5x5", "s")),
    Figure("mobilenetv3-small", "output_channels", "576", **conv_row("mobilenetv3-small", 13, "conv2d, 1x1", "#out", "conv2/conv/conv")),
    Figure("mobilenetv3-small", "output_channels", "1024", **conv_row("mobilenetv3-small", 15, "conv2d 1x1, NBN", "#out", "classifier1/fc")),
    Figure("mobilenetv3-large", "macs", "219M", tolerance=0.012, reason=MADDS_LARGE, **result("mobilenetv3-large", "MAdds (M)")),
    Figure("mobilenetv3-large", "params", "5.4M", tolerance=0.016, reason=PARAMS_LARGE, **result("mobilenetv3-large", "Params (M)")),
    Figure("mobilenetv3-small", "macs", "56M", tolerance=0.01, reason=MADDS_SMALL, **result("mobilenetv3-small", "MAdds (M)")),
    Figure("mobilenetv3-small", "params", "2.5M", **result("mobilenetv3-small", "Params (M)")),
]
