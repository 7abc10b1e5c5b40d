"""ConvNeXt: Liu et al. 2022, Table 9 (the detailed architectures of ConvNeXt-T, -S, -B), and
the #params and FLOPs of the authors' released ImageNet-1K models.

Every printed value is the source's text, typed in; a stage's channels are its output
channels, its blocks counted on the built net of costcalc/specs/convnext.py (never TABLE_9).
The FLOPs the README prints are multiply-adds ("4.5G" for ConvNeXt-T's 4.46G MACs).
"""

from __future__ import annotations

from ..model import Figure
from ..sources import CONVNEXT_README, LIU_2022
from ._structure import blocks

paper = LIU_2022.at
_NAME = {"convnext-tiny": "ConvNeXt-T", "convnext-small": "ConvNeXt-S", "convnext-base": "ConvNeXt-B"}


def stage(model: str, name: str, column: str) -> dict:
    where = {"measure": blocks(name)} if column == "blocks" else {}
    return {"source": paper(f"Table 9, row {name}, column {_NAME[model]}"), "group": name, **where,
            "table": "convnext-table-9", "label": f"Table 9, {_NAME[model]} {name}: {column}"}


def size(name: str) -> dict:
    return {"source": paper(f"Table 9, row {name}, column output size"), "group": name,
            "table": "convnext-table-9", "label": f"Table 9, {name}: output size"}


def released(model: str, column: str) -> dict:
    return {"source": CONVNEXT_README.at(f"table 'ImageNet-1K trained models', row {_NAME[model]} 224x224, "
                                         f"column {column}"),
            "table": "convnext-results", "label": f"{_NAME[model]} (224×224) {column}"}


FIGURES = [
    Figure("convnext-tiny", "output_size", "56×56", **size("stem")),
    Figure("convnext-tiny", "output_size", "56×56", **size("res2")),
    Figure("convnext-tiny", "output_size", "28×28", **size("res3")),
    Figure("convnext-tiny", "output_size", "14×14", **size("res4")),
    Figure("convnext-tiny", "output_size", "7×7", **size("res5")),
    Figure("convnext-tiny", "output_channels", "96", **stage("convnext-tiny", "stem", "channels")),
    Figure("convnext-tiny", "output_channels", "96", **stage("convnext-tiny", "res2", "channels")),
    Figure("convnext-tiny", "count", "3", **stage("convnext-tiny", "res2", "blocks")),
    Figure("convnext-tiny", "output_channels", "192", **stage("convnext-tiny", "res3", "channels")),
    Figure("convnext-tiny", "count", "3", **stage("convnext-tiny", "res3", "blocks")),
    Figure("convnext-tiny", "output_channels", "384", **stage("convnext-tiny", "res4", "channels")),
    Figure("convnext-tiny", "count", "9", **stage("convnext-tiny", "res4", "blocks")),
    Figure("convnext-tiny", "output_channels", "768", **stage("convnext-tiny", "res5", "channels")),
    Figure("convnext-tiny", "count", "3", **stage("convnext-tiny", "res5", "blocks")),
    Figure("convnext-small", "output_channels", "96", **stage("convnext-small", "stem", "channels")),
    Figure("convnext-small", "output_channels", "96", **stage("convnext-small", "res2", "channels")),
    Figure("convnext-small", "count", "3", **stage("convnext-small", "res2", "blocks")),
    Figure("convnext-small", "output_channels", "192", **stage("convnext-small", "res3", "channels")),
    Figure("convnext-small", "count", "3", **stage("convnext-small", "res3", "blocks")),
    Figure("convnext-small", "output_channels", "384", **stage("convnext-small", "res4", "channels")),
    Figure("convnext-small", "count", "27", **stage("convnext-small", "res4", "blocks")),
    Figure("convnext-small", "output_channels", "768", **stage("convnext-small", "res5", "channels")),
    Figure("convnext-small", "count", "3", **stage("convnext-small", "res5", "blocks")),
    Figure("convnext-base", "output_channels", "128", **stage("convnext-base", "stem", "channels")),
    Figure("convnext-base", "output_channels", "128", **stage("convnext-base", "res2", "channels")),
    Figure("convnext-base", "count", "3", **stage("convnext-base", "res2", "blocks")),
    Figure("convnext-base", "output_channels", "256", **stage("convnext-base", "res3", "channels")),
    Figure("convnext-base", "count", "3", **stage("convnext-base", "res3", "blocks")),
    Figure("convnext-base", "output_channels", "512", **stage("convnext-base", "res4", "channels")),
    Figure("convnext-base", "count", "27", **stage("convnext-base", "res4", "blocks")),
    Figure("convnext-base", "output_channels", "1024", **stage("convnext-base", "res5", "channels")),
    Figure("convnext-base", "count", "3", **stage("convnext-base", "res5", "blocks")),
    Figure("convnext-tiny", "params", "28M", tolerance=0.025, **released("convnext-tiny", "#params"),
           reason="28,589,128 params (torchvision's count of the same net) round to 29M, which the "
                  "same README prints for the same net in its ImageNet-22K table; 28M is truncated"),
    Figure("convnext-tiny", "macs", "4.5G", **released("convnext-tiny", "FLOPs")),
    Figure("convnext-small", "params", "50M", **released("convnext-small", "#params")),
    Figure("convnext-small", "macs", "8.7G", **released("convnext-small", "FLOPs")),
    Figure("convnext-base", "params", "89M", **released("convnext-base", "#params")),
    Figure("convnext-base", "macs", "15.4G", **released("convnext-base", "FLOPs")),
]
