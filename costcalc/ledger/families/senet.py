"""SENet: Hu et al. 2018 (the TPAMI text, arXiv:1709.01507v4), Table 1 (SE-ResNet-50), Table 2
(GFLOPs), Table 10 (parameters per reduction ratio r).

Every printed value is the paper's text, typed in. Its "GFLOPs" are multiply-adds (ResNet-50's
3.86 is He et al.'s 3.8×10^9, one digit finer). The stage figures are measured on the built net
of costcalc/specs/senet.py: each block's two fc widths, and its blocks per stage.
"""

from __future__ import annotations

from ..model import Figure
from ..sources import HU_2018
from ._structure import block_names, blocks, rows_in

paper = HU_2018.at
_TABLE_10 = "Table 10, row ratio r = {}, column Params"


def _fc(stage: str, fc: str):
    """A measure: the output width of ``fc`` (fc1, fc2) in every block of ``stage``, if all
    blocks agree (else 0)."""
    def measure(analysis) -> int:
        widths = {r.layer.out_channels for b in block_names(analysis, stage)
                  for r in rows_in(analysis, stage, b, "se") if r.name.endswith(f"/se/{fc}")}
        return widths.pop() if len(widths) == 1 else 0
    return measure


def fc(stage: str, which: str, printed_cell: str) -> dict:
    row = stage.removesuffix("_x")
    return {"source": paper(f"Table 1, SE-ResNet-50 column, row {row}", f"'{printed_cell}'"), "group": stage,
            "measure": _fc(stage, which), "table": "senet-table-1",
            "label": f"Table 1, SE-ResNet-50 {row}: {printed_cell}, {which} width"}


def stage_blocks(stage: str, printed_cell: str) -> dict:
    row = stage.removesuffix("_x")
    return {"source": paper(f"Table 1, SE-ResNet-50 column, row {row}", f"'{printed_cell}'"), "group": stage,
            "measure": blocks(stage), "table": "senet-table-1",
            "label": f"Table 1, SE-ResNet-50 {row}: {printed_cell}, blocks"}


def _stored(analysis) -> int:
    """Every number a released model stores: parameters and batch norm's running mean and
    variance (the Caffe models' blobs), which is what Table 10 counts."""
    totals = analysis.totals()
    return totals["params"] + totals["buffers"]


def ratio(r: int) -> dict:
    return {"source": paper(_TABLE_10.format(r)), "options": {"reduction": r}, "measure": _stored,
            "table": "senet-table-10", "label": f"Table 10: SE-ResNet-50 parameters at r = {r}"}


STORED = ("Table 10 counts the batch norms' running mean and variance too (53,120 numbers, as the released "
          "Caffe models store them): {exact} parameters + 53,120 = {stored}; parameters alone would "
          "print {alone}")
SE_FLOPS = ("the two fcs add 2.5M MACs to ResNet-50 v1's 3.858G (3.860G, inside '3.86'); the paper's "
            "3.87 is Section 4's '0.26% relative increase', 10M more, about what the squeeze's average "
            "pooling and the channel-wise scale would add if counted (5.5M each over the net)")
DEEPER = ("ResNet-101 v1's convs and fc count 7.570G, 0.13% under the printed range; He et al. print "
          "7.6×10^9 for it, and no reading found here gives 7.58")

FIGURES = [
    Figure("se-resnet50", "count", "16", **fc("conv2_x", "fc1", "fc, [16, 256]")),
    Figure("se-resnet50", "count", "256", **fc("conv2_x", "fc2", "fc, [16, 256]")),
    Figure("se-resnet50", "count", "32", **fc("conv3_x", "fc1", "fc, [32, 512]")),
    Figure("se-resnet50", "count", "512", **fc("conv3_x", "fc2", "fc, [32, 512]")),
    Figure("se-resnet50", "count", "64", **fc("conv4_x", "fc1", "fc, [64, 1024]")),
    Figure("se-resnet50", "count", "1024", **fc("conv4_x", "fc2", "fc, [64, 1024]")),
    Figure("se-resnet50", "count", "128", **fc("conv5_x", "fc1", "fc, [128, 2048]")),
    Figure("se-resnet50", "count", "2048", **fc("conv5_x", "fc2", "fc, [128, 2048]")),
    Figure("se-resnet50", "count", "3", **stage_blocks("conv2_x", "[conv, 1×1, 64; conv, 3×3, 64; conv, 1×1, 256; fc, [16, 256]] × 3")),
    Figure("se-resnet50", "count", "4", **stage_blocks("conv3_x", "[conv, 1×1, 128; conv, 3×3, 128; conv, 1×1, 512; fc, [32, 512]] × 4")),
    Figure("se-resnet50", "count", "6", **stage_blocks("conv4_x", "[conv, 1×1, 256; conv, 3×3, 256; conv, 1×1, 1024; fc, [64, 1024]] × 6")),
    Figure("se-resnet50", "count", "3", **stage_blocks("conv5_x", "[conv, 1×1, 512; conv, 3×3, 512; conv, 1×1, 2048; fc, [128, 2048]] × 3")),
    # Table 2, GFLOPs column (Section 4 quotes the first three in its text too)
    Figure("resnet50", "macs", "3.86 G", paper("Table 2, row ResNet-50, column GFLOPs",
                                               "'ResNet-50 requires ∼3.86 GFLOPs' (Section 4)"),
           table="senet-table-2", label="Table 2: ResNet-50 GFLOPs",
           reason="ResNet v1, the stride on the first 1×1 (torchvision's v1.5 counts 4.09G)"),
    Figure("se-resnet50", "macs", "3.87 G", paper("Table 2, row SE-ResNet-50, column GFLOPs",
                                                  "'SE-ResNet-50 requires ∼3.87 GFLOPs' (Section 4)"),
           table="senet-table-2", label="Table 2: SE-ResNet-50 GFLOPs", tolerance=0.004, reason=SE_FLOPS),
    Figure("resnet101", "macs", "7.58 G", paper("Table 2, row ResNet-101, column GFLOPs",
                                                "'a deeper ResNet-101 network requiring ∼7.58 GFLOPs' (Section 4)"),
           table="senet-table-2", label="Table 2: ResNet-101 GFLOPs", tolerance=0.002, reason=DEEPER),
    # Table 10: parameters per reduction ratio
    Figure("resnet50", "params", "25.6M", paper("Table 10, row original, column Params",
                                                "'Here, original refers to ResNet-50'"),
           measure=_stored, table="senet-table-10", label="Table 10: ResNet-50 (original) parameters",
           reason=STORED.format(exact="25,557,032", stored="25,610,152", alone="25.6M as well")),
    Figure("se-resnet50", "params", "35.7M", **ratio(4),
           reason=STORED.format(exact="35,635,688", stored="35,688,808", alone="35.6M")),
    Figure("se-resnet50", "params", "30.7M", **ratio(8),
           reason=STORED.format(exact="30,603,912", stored="30,657,032", alone="30.6M")),
    Figure("se-resnet50", "params", "28.1M", **ratio(16),
           reason=STORED.format(exact="28,088,024 (ResNet-50's 25,557,032 and the SE blocks' 2,530,992)",
                                stored="28,141,144", alone="28.1M as well")),
    Figure("se-resnet50", "params", "26.9M", **ratio(32),
           reason=STORED.format(exact="26,830,080", stored="26,883,200", alone="26.8M")),
]
