"""SqueezeNet v1.0: Table 1 of Iandola et al. 2016 (#parameter before pruning), the memory table.

Every printed value is the paper's (or 최건호's slides') text, typed in; the computed side is the
built net's node or fire module (costcalc/specs/squeezenet.py), never the spec's TABLE_1.
"""

from __future__ import annotations

from ..model import Figure, NotComputable
from ..sources import CHOI_CNN_ADVANCED, IANDOLA_2016

_MEMORY = "table 'Memory Per Model', column Size (MB)"


def row(name: str) -> dict:
    """Table 1's #parameter-before-pruning cell of a row that has weights."""
    return {"source": IANDOLA_2016.at(f"Table 1, row {name}, column #parameter before pruning"),
            "table": "squeezenet-table-1"}


FIGURES = [
    # The slides' 4.8 (the paper's "4.8MB"; torchvision's squeezenet1_0 "File size 4.8 MB" too) is
    # the fp32 weights in binary megabytes.
    Figure("squeezenet", "weight_bytes", "4.8 MB", CHOI_CNN_ADVANCED.at(f"{_MEMORY}, row SqueezeNet"),
           units="binary", label="SqueezeNet weight memory (fp32)", table="memory-per-model",
           reason="binary MB (MiB): 1,248,424 params × 4 B = 4,993,696 B = 4.76 MiB; read as "
                  "decimal it would be 4.99 MB, printed 5.0"),
    # Table 1's #parameter-before-pruning column, one figure per row that has weights.
    Figure("squeezenet", "params", "14,208", node="stem/conv1", **row("conv1")),
    Figure("squeezenet", "params", "11,920", group="fire2-4/fire2", **row("fire2")),
    Figure("squeezenet", "params", "12,432", group="fire2-4/fire3", **row("fire3")),
    Figure("squeezenet", "params", "45,344", group="fire2-4/fire4", **row("fire4")),
    Figure("squeezenet", "params", "49,440", group="fire5-8/fire5", **row("fire5")),
    Figure("squeezenet", "params", "104,880", group="fire5-8/fire6", **row("fire6")),
    Figure("squeezenet", "params", "111,024", group="fire5-8/fire7", **row("fire7")),
    Figure("squeezenet", "params", "188,992", group="fire5-8/fire8", **row("fire8")),
    Figure("squeezenet", "params", "197,184", group="fire9/fire9", **row("fire9")),
    Figure("squeezenet", "params", "513,000", node="classifier/conv10", **row("conv10")),
    Figure("squeezenet", "params", "1,248,424", **row("total")),
]

NOT_COMPUTABLE = [
    NotComputable("squeezenet", "weight_bytes (SqueezeNet Compressed)", "0.6 MB",
                  CHOI_CNN_ADVANCED.at(f"{_MEMORY}, row SqueezeNet Compressed"),
                  "Deep Compression (pruning to 421,098 weights, Table 1's after-pruning column, "
                  "then 6- or 8-bit quantisation) sets the bytes per weight; the architecture "
                  "alone cannot give it", table="memory-per-model"),
    NotComputable("squeezenet", "top-5 error", "19.7%",
                  CHOI_CNN_ADVANCED.at("table 'Memory Per Model', column Error % (top-5), rows SqueezeNet "
                                       "and SqueezeNet Compressed"),
                  "measured accuracy on ImageNet, not a static cost", table="memory-per-model"),
]
