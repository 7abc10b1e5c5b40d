"""Xception: Chollet 2017, Figure 5 (the three flows) and Table 3 (its parameter count).

Every printed value is the paper's text, typed in; the computed side is measured on the built
net of costcalc/specs/xception.py (the middle flow's repeats are its blocks, never FLOWS).
Table 3's count holds the batch norms' γ and β, as costcalc's params do (Keras's trainable
parameters; the running statistics are Keras's 54,528 non-trainable ones, costcalc's buffers).
"""

from __future__ import annotations

from ..model import Figure
from ..sources import CHOLLET_2017
from ._structure import blocks

paper = CHOLLET_2017.at


def flow(quote: str, **where) -> dict:
    return {"source": paper("Figure 5", f"'{quote}'"), "table": "xception-figure-5",
            "label": f"Figure 5: {quote}", **where}


FIGURES = [
    Figure("xception", "output_channels", "32", **flow("Conv 32, 3x3, stride=2x2", node="entry_flow/block1/conv1")),
    Figure("xception", "output_channels", "64", **flow("Conv 64, 3x3", node="entry_flow/block1/conv2")),
    Figure("xception", "output_channels", "128", **flow("SeparableConv 128, 3x3", group="entry_flow/block2")),
    Figure("xception", "output_channels", "256", **flow("SeparableConv 256, 3x3", group="entry_flow/block3")),
    Figure("xception", "output_channels", "728", **flow("SeparableConv 728, 3x3", group="entry_flow/block4")),
    Figure("xception", "count", "8", **flow("Repeated 8 times", measure=blocks("middle_flow"),
                                             group="middle_flow")),
    Figure("xception", "output_channels", "1024", **flow("SeparableConv 1024, 3x3", group="exit_flow/block13")),
    Figure("xception", "output_channels", "1536", **flow("SeparableConv 1536, 3x3",
                                                          node="exit_flow/block14/sepconv1_bn")),
    Figure("xception", "output_channels", "2048", **flow("SeparableConv 2048, 3x3",
                                                          node="exit_flow/block14/sepconv2_bn")),
    Figure("xception", "params", "22,855,952", paper("Table 3, row Xception, column Parameter count"),
           table="xception-table-3", label="Table 3: Xception parameter count",
           reason="weights, the fc's biases and the batch norms' γ and β"),
]
