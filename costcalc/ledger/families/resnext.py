"""ResNeXt: Xie et al. 2017, Table 1 (ResNet-50 and ResNeXt-50 32×4d side by side) and the
block parameter counts of Section 3.4.

Every printed value is the paper's text, typed in. A stage cell's figure is the block count
after its "×"; the computed side counts the built net's blocks whose convs have exactly the
kernels, widths and groups (C) the cell prints (costcalc/specs/resnext.py builds ResNeXt-50;
Table 1's ResNet-50 column is torchvision's layout, ``resnet50-v1.5``: the paper's Section 4
strides "in the 3×3 layer of the first block", and that is the net its 4.1×10^9 FLOPs count).
"""

from __future__ import annotations

import re

from ...layers import Conv2d
from ..model import Figure
from ..sources import XIE_2017
from ._structure import block_names, conv_weights, rows_in

paper = XIE_2017.at
_RESNET, _RESNEXT = "resnet50-v1.5", "resnext50-32x4d"
_COLUMN = {_RESNET: "ResNet-50", _RESNEXT: "ResNeXt-50 (32×4d)"}


def _body(analysis, stage: str, block: str) -> list[tuple[int, int, int]]:
    """A block's convs as (kernel, filters, groups), the projection shortcut left out."""
    return [(r.layer.kernel_size[0], r.layer.out_channels, r.layer.groups)
            for r in rows_in(analysis, stage, block)
            if isinstance(r.layer, Conv2d) and not r.name.endswith("/downsample")]


def _blocks_like(stage: str, cell: str):
    """A measure: the blocks of ``stage`` built as the printed ``cell`` says, e.g.
    '[1×1, 128; 3×3, 128, C=32; 1×1, 256] × 3' → convs (1, 128, 1), (3, 128, 32), (1, 256, 1)."""
    wanted = [(int(k), int(n), int(c or 1))
              for k, n, c in re.findall(r"(\d+)×\d+, (\d+)(?:, C=(\d+))?", cell.split("]")[0])]

    def measure(analysis) -> int:
        return sum(1 for b in block_names(analysis, stage) if _body(analysis, stage, b) == wanted)
    return measure


def cell(model: str, stage: str, printed_cell: str) -> dict:
    column = _COLUMN[model]
    return {"source": paper(f"Table 1, {column} column, row {stage.removesuffix('_x')}", f"'{printed_cell}'"),
            "group": stage, "measure": _blocks_like(stage, printed_cell), "table": "resnext-table-1",
            "label": f"Table 1, {column} {stage.removesuffix('_x')}: {printed_cell}"}


def size(stage: str) -> dict:
    return {"source": paper(f"Table 1, column output, row {stage.removesuffix('_x')}"), "group": stage,
            "table": "resnext-table-1", "label": f"Table 1, {stage.removesuffix('_x')} output size"}


def total(model: str, row: str) -> dict:
    return {"source": paper(f"Table 1, {_COLUMN[model]} column, row {row}"), "table": "resnext-table-1",
            "label": f"Table 1, {_COLUMN[model]} {row}"}


RESNET50_PARAMS = ("25,557,032 params (torchvision's resnet50 count) round to 25.6×10^6; without batch "
                   "norm's γ and β they are 25,503,912, which 25.5 would fit; the paper does not say "
                   "which it counted (ResNeXt-50's 25.0 fits either way)")

FIGURES = [
    Figure(_RESNEXT, "output_size", "112×112", node="conv1/conv", **size("conv1")),
    Figure(_RESNEXT, "output_size", "56×56", **size("conv2_x")),
    Figure(_RESNEXT, "output_size", "28×28", **size("conv3_x")),
    Figure(_RESNEXT, "output_size", "14×14", **size("conv4_x")),
    Figure(_RESNEXT, "output_size", "7×7", **size("conv5_x")),
    Figure(_RESNET, "count", "3", **cell(_RESNET, "conv2_x", "[1×1, 64; 3×3, 64; 1×1, 256] × 3")),
    Figure(_RESNET, "count", "4", **cell(_RESNET, "conv3_x", "[1×1, 128; 3×3, 128; 1×1, 512] × 4")),
    Figure(_RESNET, "count", "6", **cell(_RESNET, "conv4_x", "[1×1, 256; 3×3, 256; 1×1, 1024] × 6")),
    Figure(_RESNET, "count", "3", **cell(_RESNET, "conv5_x", "[1×1, 512; 3×3, 512; 1×1, 2048] × 3")),
    Figure(_RESNEXT, "count", "3", **cell(_RESNEXT, "conv2_x", "[1×1, 128; 3×3, 128, C=32; 1×1, 256] × 3")),
    Figure(_RESNEXT, "count", "4", **cell(_RESNEXT, "conv3_x", "[1×1, 256; 3×3, 256, C=32; 1×1, 512] × 4")),
    Figure(_RESNEXT, "count", "6", **cell(_RESNEXT, "conv4_x", "[1×1, 512; 3×3, 512, C=32; 1×1, 1024] × 6")),
    Figure(_RESNEXT, "count", "3", **cell(_RESNEXT, "conv5_x", "[1×1, 1024; 3×3, 1024, C=32; 1×1, 2048] × 3")),
    Figure(_RESNET, "params", "25.5×10^6", tolerance=0.005, reason=RESNET50_PARAMS, **total(_RESNET, "# params.")),
    Figure(_RESNET, "macs", "4.1×10^9", reason="FLOPs are multiply-adds; torchvision's layout (stride on the "
           "3×3) counts 4.09 G, the paper's ResNet v1 3.86 G", **total(_RESNET, "FLOPs")),
    Figure(_RESNEXT, "params", "25.0×10^6", **total(_RESNEXT, "# params.")),
    Figure(_RESNEXT, "macs", "4.2×10^9", **total(_RESNEXT, "FLOPs")),
    # Section 3.4: a conv2 block's weights, ResNet's bottleneck against the 32×4d template
    Figure(_RESNET, "count", "70k", paper("Section 3.4", "'256 · 64 + 3 · 3 · 64 · 64 + 64 · 256 ≈ 70k parameters'"),
           measure=conv_weights("conv2_x", "block2"), table="resnext-table-1",
           label="ResNet-50 conv2 bottleneck weights (Section 3.4)", reason="69,632 weights"),
    Figure(_RESNEXT, "count", "70k", paper("Section 3.4, Eq. (4)", "'C · (256 · d + 3 · 3 · d · d + d · 256)', "
                                           "'When C = 32 and d = 4, Eqn.(4) ≈ 70k'"),
           measure=conv_weights("conv2_x", "block2"), table="resnext-table-1",
           label="ResNeXt-50 (32×4d) conv2 block weights (Section 3.4, Eq. 4)",
           reason="32 · (256·4 + 9·4·4 + 4·256) = 70,144 weights"),
]
