"""Wide ResNet: Zagoruyko & Komodakis 2016, Table 1 (the CIFAR nets, read at d = 28, k = 10)
and the parameter counts of its results tables.

Every printed value is the paper's text, typed in. Table 1 prints widths as multiples of k
("[3×3, 16×k; 3×3, 16×k] × N"): the figure is the multiple, and the computed side is the built
group's output channels over WRN-28-10's k = 10 (costcalc/specs/wrn.py, never its TABLE_1).
"""

from __future__ import annotations

from fractions import Fraction

from ..model import Figure
from ..sources import ZAGORUYKO_2016
from ._structure import rows_in

paper = ZAGORUYKO_2016.at
K = 10   # WRN-28-10's widening factor, from its name


def _width_over_k(group: str):
    """A measure: the group's output channels over k."""
    def measure(analysis) -> Fraction:
        rows = rows_in(analysis, group)
        return Fraction(rows[-1].output_shape[0], K) if rows else Fraction(0)
    return measure


def row(name: str, column: str, quote: str = "", **where) -> dict:
    return {"source": paper(f"Table 1, row {name}, column {column}", quote and f"'{quote}'"),
            "table": "wrn-table-1", "label": f"Table 1, {name}: {column} (WRN-28-10)", **where}


FIGURES = [
    Figure("wrn-28-10", "output_size", "32×32", **row("conv1", "output size", node="conv1/conv")),
    Figure("wrn-28-10", "output_channels", "16", **row("conv1", "block type = B(3, 3)", "[3×3, 16]",
                                                       node="conv1/conv")),
    Figure("wrn-28-10", "output_size", "32×32", **row("conv2", "output size", group="conv2")),
    Figure("wrn-28-10", "ratio", "16", measure=_width_over_k("conv2"),
           **row("conv2", "block type = B(3, 3)", "[3×3, 16×k; 3×3, 16×k] × N", group="conv2")),
    Figure("wrn-28-10", "output_size", "16×16", **row("conv3", "output size", group="conv3")),
    Figure("wrn-28-10", "ratio", "32", measure=_width_over_k("conv3"),
           **row("conv3", "block type = B(3, 3)", "[3×3, 32×k; 3×3, 32×k] × N", group="conv3")),
    Figure("wrn-28-10", "output_size", "8×8", **row("conv4", "output size", group="conv4")),
    Figure("wrn-28-10", "ratio", "64", measure=_width_over_k("conv4"),
           **row("conv4", "block type = B(3, 3)", "[3×3, 64×k; 3×3, 64×k] × N", group="conv4")),
    Figure("wrn-28-10", "output_size", "1×1", **row("avg-pool", "output size", "[8×8]", node="avg-pool/avgpool")),
    Figure("wrn-28-10", "params", "36.5M", paper("CIFAR results table, row WRN-28-10, column # params"),
           table="wrn-parameter-counts", label="WRN-28-10 parameters (CIFAR-10)"),
    Figure("wide-resnet50-2", "params", "68.9M", paper("ImageNet results table, row WRN-50-2-bottleneck, "
                                                       "column # params"),
           table="wrn-parameter-counts", label="WRN-50-2-bottleneck parameters (ImageNet)"),
]
