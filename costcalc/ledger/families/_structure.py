"""Measures of a built net's structure, for the papers' architecture tables: how many blocks a
stage repeats, the stride its first block takes, the kernel and width of its depthwise conv,
the weights of one block. Each returns a ``measure(analysis)`` that reads the analysed net only,
never a spec's table, so a changed table row shows up as a mismatch of the figure that prints it.

Scopes are the specs' own (``stage/blockN``); a measure whose scope is missing counts 0 (a
mismatch with its printed value, not an error), so one renamed scope cannot hide the others.
"""

from __future__ import annotations

import re
from fractions import Fraction

from ...layers import Conv2d

_BLOCK = re.compile(r"^(block|denselayer)\d+$")


def rows_in(analysis, *scope: str) -> list:
    """The rows whose scope starts with ``scope``."""
    return [r for r in analysis.rows() if r.scope[:len(scope)] == scope]


def block_names(analysis, stage: str) -> list[str]:
    """The block scopes directly inside ``stage`` (block1, block2, …; DenseNet's denselayerN),
    in network order."""
    names: dict[str, None] = {}
    for r in rows_in(analysis, stage):
        if len(r.scope) > 1 and _BLOCK.match(r.scope[1]):
            names.setdefault(r.scope[1])
    return list(names)


def blocks(stage: str, stride: int | None = None):
    """A measure: the blocks ``stage`` repeats (only those whose largest conv stride is
    ``stride``, when given: Table 5 of ShuffleNet V2 prints a stage's stride-2 and stride-1 units
    as two rows)."""
    def measure(analysis) -> int:
        names = block_names(analysis, stage)
        if stride is None:
            return len(names)
        return sum(1 for b in names if _largest_stride(rows_in(analysis, stage, b)) == stride)
    return measure


def _convs(rows) -> list:
    return [r for r in rows if isinstance(r.layer, Conv2d)]


def _largest_stride(rows) -> int:
    return max((r.layer.stride[0] for r in _convs(rows)), default=0)


def first_stride(stage: str):
    """A measure: the largest conv stride in ``stage``'s first block (its downsampling, if any)."""
    def measure(analysis) -> int:
        names = block_names(analysis, stage)
        return _largest_stride(rows_in(analysis, stage, names[0])) if names else 0
    return measure


def _depthwise(rows):
    """The first depthwise conv among ``rows`` (groups = input channels = output channels > 1)."""
    return next((r for r in _convs(rows) if r.layer.groups > 1
                 and r.layer.groups == r.layer.out_channels == r.input_shapes[0][0]), None)


def depthwise(*scope: str, attribute: str = "channels"):
    """A measure of the first depthwise conv inside ``scope`` (a block, or a stage's first
    block when the scope is a stage): its ``channels`` (MobileNetV3's "exp size"), its square
    ``kernel`` side (0 if not square), or its ``stride``."""
    def measure(analysis) -> int:
        rows = rows_in(analysis, *scope)
        if len(scope) == 1 and block_names(analysis, scope[0]):
            rows = rows_in(analysis, scope[0], block_names(analysis, scope[0])[0])
        dw = _depthwise(rows)
        if dw is None:
            return 0
        if attribute == "channels":
            return dw.layer.out_channels
        h, w = dw.layer.kernel_size if attribute == "kernel" else dw.layer.stride
        return h if h == w else 0
    return measure


def expansion(stage: str):
    """A measure: the expansion factor t of ``stage``'s first block, its depthwise conv's
    channels over the block's input channels (1 where the block has no expansion conv)."""
    def measure(analysis) -> Fraction:
        names = block_names(analysis, stage)
        rows = rows_in(analysis, stage, names[0]) if names else []
        dw = _depthwise(rows)
        if dw is None:
            return Fraction(0)
        return Fraction(dw.layer.out_channels, rows[0].input_shapes[0][0])
    return measure


def conv_weights(*scope: str):
    """A measure: the weights of the convolutions inside ``scope`` (projection shortcuts
    left out), e.g. one bottleneck's "256·64 + 3·3·64·64 + 64·256"."""
    def measure(analysis) -> int:
        return sum(r.weights for r in _convs(rows_in(analysis, *scope)) if "downsample" not in r.name)
    return measure


def params_without_bn(analysis) -> int:
    """The parameters without batch norm's γ and β: weights and biases only."""
    totals = analysis.totals()
    return totals["params"] - totals["bn_params"]


def conv_stride(node: str):
    """A measure: the square stride of the conv at ``node`` (0 if not square)."""
    def measure(analysis) -> int:
        h, w = analysis.row(node).layer.stride
        return h if h == w else 0
    return measure


def input_size(*scope: str):
    """A measure: the height of the input to ``scope``'s first layer (a stage's resolution)."""
    def measure(analysis) -> int:
        rows = rows_in(analysis, *scope)
        return rows[0].input_shapes[0][1] if rows else 0
    return measure
