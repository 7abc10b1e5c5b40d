"""ShuffleNet V2: Ma et al. 2018, Table 5 (the overall architecture of the four widths), whose
FLOPs and weights rows the authors' README prints again for their released models.

Every printed value is the source's text, typed in; the computed side is measured on the built
nets of costcalc/specs/shufflenetv2.py (a stage's output channels, its stride-2 and stride-1
units counted apart, the output sizes), never read from its TABLE_5.
"""

from __future__ import annotations

from ..model import Figure
from ..sources import MA_2018, MEGVII_SHUFFLENET_SERIES
from ._structure import blocks

paper = MA_2018.at
_README = MEGVII_SHUFFLENET_SERIES.at("README, table ShuffleNetV2, columns FLOPs and #Params")
_NODE = {"Conv1": {"node": "conv1/conv"}, "MaxPool": {"node": "maxpool/maxpool"},
         "Conv5": {"node": "conv5/conv"}}


def _where(layer: str) -> dict:
    return _NODE.get(layer, {"group": layer.lower()})


def channels(width: str, layer: str) -> dict:
    return {"source": paper(f"Table 5, row {layer}, column Output channels {width}×"), **_where(layer),
            "table": "shufflenetv2-table-5", "label": f"Table 5, {layer}: output channels at {width}×"}


def size(layer: str) -> dict:
    return {"source": paper(f"Table 5, row {layer}, column Output size"), **_where(layer),
            "table": "shufflenetv2-table-5", "label": f"Table 5, {layer}: output size"}


def repeat(stage: str, stride: int) -> dict:
    return {"source": paper(f"Table 5, row {stage} (stride {stride}), column Repeat"), "group": stage.lower(),
            "measure": blocks(stage.lower(), stride=stride), "table": "shufflenetv2-table-5",
            "label": f"Table 5, {stage}: units of stride {stride}"}


def total(width: str, row: str) -> dict:
    return {"source": (paper(f"Table 5, row {row}, column {width}×"), _README), "table": "shufflenetv2-table-5",
            "label": f"Table 5, {row} at {width}×"}


FLOPS = ("the convs and the FC count {macs} multiply-adds, {pct} under the printed FLOPs (which the "
         "authors' README prints too); the paper does not say what else it counted, and no reading "
         "found here closes the gap")

FIGURES = [
    Figure("shufflenetv2-x0.5", "output_channels", "24", **channels("0.5", "Conv1")),
    Figure("shufflenetv2-x1.0", "output_channels", "24", **channels("1.0", "Conv1")),
    Figure("shufflenetv2-x1.5", "output_channels", "24", **channels("1.5", "Conv1")),
    Figure("shufflenetv2-x2.0", "output_channels", "24", **channels("2.0", "Conv1")),
    Figure("shufflenetv2-x0.5", "output_channels", "48", **channels("0.5", "Stage2")),
    Figure("shufflenetv2-x1.0", "output_channels", "116", **channels("1.0", "Stage2")),
    Figure("shufflenetv2-x1.5", "output_channels", "176", **channels("1.5", "Stage2")),
    Figure("shufflenetv2-x2.0", "output_channels", "244", **channels("2.0", "Stage2")),
    Figure("shufflenetv2-x0.5", "output_channels", "96", **channels("0.5", "Stage3")),
    Figure("shufflenetv2-x1.0", "output_channels", "232", **channels("1.0", "Stage3")),
    Figure("shufflenetv2-x1.5", "output_channels", "352", **channels("1.5", "Stage3")),
    Figure("shufflenetv2-x2.0", "output_channels", "488", **channels("2.0", "Stage3")),
    Figure("shufflenetv2-x0.5", "output_channels", "192", **channels("0.5", "Stage4")),
    Figure("shufflenetv2-x1.0", "output_channels", "464", **channels("1.0", "Stage4")),
    Figure("shufflenetv2-x1.5", "output_channels", "704", **channels("1.5", "Stage4")),
    Figure("shufflenetv2-x2.0", "output_channels", "976", **channels("2.0", "Stage4")),
    Figure("shufflenetv2-x0.5", "output_channels", "1024", **channels("0.5", "Conv5")),
    Figure("shufflenetv2-x1.0", "output_channels", "1024", **channels("1.0", "Conv5")),
    Figure("shufflenetv2-x1.5", "output_channels", "1024", **channels("1.5", "Conv5")),
    Figure("shufflenetv2-x2.0", "output_channels", "2048", **channels("2.0", "Conv5")),
    Figure("shufflenetv2-x1.0", "output_size", "112×112", **size("Conv1")),
    Figure("shufflenetv2-x1.0", "output_size", "56×56", **size("MaxPool")),
    Figure("shufflenetv2-x1.0", "output_size", "28×28", **size("Stage2")),
    Figure("shufflenetv2-x1.0", "output_size", "14×14", **size("Stage3")),
    Figure("shufflenetv2-x1.0", "output_size", "7×7", **size("Stage4")),
    Figure("shufflenetv2-x1.0", "output_size", "7×7", **size("Conv5")),
    Figure("shufflenetv2-x1.0", "count", "1", **repeat("Stage2", 2)),
    Figure("shufflenetv2-x1.0", "count", "3", **repeat("Stage2", 1)),
    Figure("shufflenetv2-x1.0", "count", "1", **repeat("Stage3", 2)),
    Figure("shufflenetv2-x1.0", "count", "7", **repeat("Stage3", 1)),
    Figure("shufflenetv2-x1.0", "count", "1", **repeat("Stage4", 2)),
    Figure("shufflenetv2-x1.0", "count", "3", **repeat("Stage4", 1)),
    Figure("shufflenetv2-x0.5", "macs", "41M", tolerance=0.013,
           reason=FLOPS.format(macs="40.48M", pct="1.3%"), **total("0.5", "FLOPs")),
    Figure("shufflenetv2-x1.0", "macs", "146M", tolerance=0.008,
           reason=FLOPS.format(macs="144.91M", pct="0.7%"), **total("1.0", "FLOPs")),
    Figure("shufflenetv2-x1.5", "macs", "299M", tolerance=0.012,
           reason=FLOPS.format(macs="295.76M", pct="1.1%"), **total("1.5", "FLOPs")),
    Figure("shufflenetv2-x2.0", "macs", "591M", tolerance=0.014,
           reason=FLOPS.format(macs="583.25M", pct="1.3%"), **total("2.0", "FLOPs")),
    Figure("shufflenetv2-x0.5", "params", "1.4M", **total("0.5", "# of Weights")),
    Figure("shufflenetv2-x1.0", "params", "2.3M", **total("1.0", "# of Weights")),
    Figure("shufflenetv2-x1.5", "params", "3.5M", **total("1.5", "# of Weights")),
    Figure("shufflenetv2-x2.0", "params", "7.4M", **total("2.0", "# of Weights")),
]
