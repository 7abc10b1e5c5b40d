"""DenseNet-BC: Huang et al. 2017, Table 1 (the ImageNet nets), and the parameters of the
released models as torchvision documents them.

Every printed value is the source's text, typed in. A dense block's figure is the layer count
after its "×"; the computed side counts the block's dense layers built as the cell prints them,
a 1×1 conv then a 3×3 conv (costcalc/specs/densenet.py), never the spec's TABLE_1. The paper
prints no parameter count for its ImageNet nets (Figure 3 plots them unlabelled), so the counts
checked are the released models' that torchvision ships (ported from the authors' LuaTorch
models), under their builders' num_params.
"""

from __future__ import annotations

from ...layers import Conv2d
from ..model import Figure
from ..sources import HUANG_2017, TORCHVISION_MODELS
from ._structure import block_names, rows_in

paper = HUANG_2017.at


def _dense_layers(block: str):
    """A measure: the dense layers of ``block`` that are a 1×1 conv then a 3×3 conv."""
    def measure(analysis) -> int:
        found = 0
        for layer in block_names(analysis, block):
            kernels = [r.layer.kernel_size[0] for r in rows_in(analysis, block, layer)
                       if isinstance(r.layer, Conv2d)]
            found += kernels == [1, 3]
        return found
    return measure


def _growth(analysis) -> int:
    """k: the maps every dense layer's 3×3 conv adds, if all add the same number (else 0)."""
    added = {r.layer.out_channels for r in analysis.rows()
             if isinstance(r.layer, Conv2d) and r.layer.kernel_size == (3, 3) and len(r.scope) == 2
             and r.scope[1].startswith("denselayer")}
    return added.pop() if len(added) == 1 else 0


def block(depth: int, i: int, printed_cell: str) -> dict:
    return {"source": paper(f"Table 1, column DenseNet-{depth} (k = 32), row Dense Block ({i})",
                            f"'{printed_cell}'"),
            "group": f"dense_block{i}", "measure": _dense_layers(f"dense_block{i}"), "table": "densenet-table-1",
            "label": f"Table 1, DenseNet-{depth} Dense Block ({i}): {printed_cell}"}


def size(row: str, group: str, node: str | None = None) -> dict:
    where = {"node": node} if node else {"group": group}
    return {"source": paper(f"Table 1, column Output Size, row {row}"), **where, "table": "densenet-table-1",
            "label": f"Table 1, {row} output size"}


def growth(depth: int) -> dict:
    return {"source": paper("Table 1 caption", "'The growth rate for all the networks is k = 32'"),
            "measure": _growth, "table": "densenet-table-1", "label": f"DenseNet-{depth} growth rate k"}


def released(builder: str) -> dict:
    weights = builder.replace("densenet", "DenseNet") + "_Weights.IMAGENET1K_V1"
    return {"source": TORCHVISION_MODELS.at(f"{builder} page, {weights}, num_params",
                                            "'These weights are ported from LuaTorch'"),
            "table": "torchvision-weights", "label": f"{builder} (the released model) parameters"}


FIGURES = [
    Figure("densenet121", "output_size", "112×112", **size("Convolution", "convolution", "convolution/conv0")),
    Figure("densenet121", "output_size", "56×56", **size("Pooling", "pooling")),
    Figure("densenet121", "output_size", "56×56", **size("Dense Block (1)", "dense_block1")),
    Figure("densenet121", "output_size", "28×28", **size("Transition Layer (1)", "transition1")),
    Figure("densenet121", "output_size", "28×28", **size("Dense Block (2)", "dense_block2")),
    Figure("densenet121", "output_size", "14×14", **size("Transition Layer (2)", "transition2")),
    Figure("densenet121", "output_size", "14×14", **size("Dense Block (3)", "dense_block3")),
    Figure("densenet121", "output_size", "7×7", **size("Transition Layer (3)", "transition3")),
    Figure("densenet121", "output_size", "7×7", **size("Dense Block (4)", "dense_block4")),
    Figure("densenet121", "output_size", "1×1", **size("Classification Layer", "classification",
                                                       "classification/avgpool")),
    Figure("densenet121", "count", "6", **block(121, 1, "[1×1 conv; 3×3 conv] × 6")),
    Figure("densenet121", "count", "12", **block(121, 2, "[1×1 conv; 3×3 conv] × 12")),
    Figure("densenet121", "count", "24", **block(121, 3, "[1×1 conv; 3×3 conv] × 24")),
    Figure("densenet121", "count", "16", **block(121, 4, "[1×1 conv; 3×3 conv] × 16")),
    Figure("densenet169", "count", "6", **block(169, 1, "[1×1 conv; 3×3 conv] × 6")),
    Figure("densenet169", "count", "12", **block(169, 2, "[1×1 conv; 3×3 conv] × 12")),
    Figure("densenet169", "count", "32", **block(169, 3, "[1×1 conv; 3×3 conv] × 32")),
    Figure("densenet169", "count", "32", **block(169, 4, "[1×1 conv; 3×3 conv] × 32")),
    Figure("densenet201", "count", "6", **block(201, 1, "[1×1 conv; 3×3 conv] × 6")),
    Figure("densenet201", "count", "12", **block(201, 2, "[1×1 conv; 3×3 conv] × 12")),
    Figure("densenet201", "count", "48", **block(201, 3, "[1×1 conv; 3×3 conv] × 48")),
    Figure("densenet201", "count", "32", **block(201, 4, "[1×1 conv; 3×3 conv] × 32")),
    Figure("densenet264", "count", "6", **block(264, 1, "[1×1 conv; 3×3 conv] × 6")),
    Figure("densenet264", "count", "12", **block(264, 2, "[1×1 conv; 3×3 conv] × 12")),
    Figure("densenet264", "count", "64", **block(264, 3, "[1×1 conv; 3×3 conv] × 64")),
    Figure("densenet264", "count", "48", **block(264, 4, "[1×1 conv; 3×3 conv] × 48")),
    Figure("densenet121", "count", "32", **growth(121)),
    Figure("densenet169", "count", "32", **growth(169)),
    Figure("densenet201", "count", "32", **growth(201)),
    Figure("densenet264", "count", "32", **growth(264)),
    Figure("densenet121", "params", "7978856", **released("densenet121")),
    Figure("densenet169", "params", "14149480", **released("densenet169")),
    Figure("densenet201", "params", "20013928", **released("densenet201")),
    Figure("densenet161", "params", "28681000", **released("densenet161")),
]
