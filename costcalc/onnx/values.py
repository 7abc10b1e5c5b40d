"""What the reader knows about each ONNX tensor: a constant, an initializer, or an activation.

ONNX tensors have any rank and layout; costcalc's are (C, H, W) per sample. An activation is
therefore a costcalc node seen through a *view*: the ONNX dims after the batch axis, and
``order``, which element of the node's (C, H, W) tensor each element of the view is (None: the
node's own order). Reshape, Transpose, Flatten, Squeeze and Unsqueeze only change the view, so
an op such as LayerNormalization on a channels-last tensor (ConvNeXt's permute, then layer norm)
is recognised from the view it reads, and ShuffleNet's Reshape → Transpose → Reshape is a
permutation of the channels, which is what a channel shuffle is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Const:
    """A value known when reading: a Constant node, a small initializer with its data, or shape
    arithmetic. ``from_shape``: computed from an activation's shape (Shape, Size), so it follows
    the input size (a Resize to such sizes is a scale, not a fixed size)."""

    array: np.ndarray
    from_shape: bool = False
    initializer: str | None = None


@dataclass
class Weight:
    """An initializer: its dims (its data is not read). ``shared``: read through an Identity
    node (PyTorch's exporter merges bit-identical tensors and reads the one copy that way)."""

    name: str
    dims: tuple[int, ...]
    shared: bool = False

    @property
    def elements(self) -> int:
        n = 1
        for d in self.dims:
            n *= d
        return n


@dataclass
class Act:
    """An activation: costcalc node ``node`` whose output is ``shape`` (C, H, W), seen as the
    ONNX dims ``dims`` (after the batch axis) in element order ``order`` (see the module doc)."""

    node: str
    shape: tuple[int, int, int]
    dims: tuple[int, ...]
    order: np.ndarray | None = field(default=None, repr=False)
    #: a batch-1 graph's tensor reshaped with the batch axis merged in (PyTorch's dynamo exporter
    #: writes as_strided as Reshape(-1) → Gather): ``dims`` are all its ONNX dims; only a Gather
    #: that brings the batch axis back can read it
    batchless: bool = False

    def indices(self) -> np.ndarray:
        """``order`` as an array of ``dims``: the node's element index at each position."""
        if self.order is not None:
            return self.order
        return np.arange(int(np.prod(self.shape)), dtype=np.int64).reshape(self.dims)

    def viewed(self, dims: tuple[int, ...], order: np.ndarray) -> Act:
        """This node seen through another view; ``order`` is dropped when it is the node's own."""
        flat = order.reshape(-1)
        own = bool((flat == np.arange(flat.size)).all())
        return Act(self.node, self.shape, tuple(int(d) for d in dims), None if own else order)

    @property
    def in_order(self) -> bool:
        return self.order is None

    def is_chw(self) -> bool:
        """The node's tensor as it is: rank 4 (N, C, H, W), or rank 2 (N, C) when H = W = 1."""
        c, h, w = self.shape
        return self.in_order and (self.dims == (c, h, w) or (h == w == 1 and self.dims == (c,)))

    def is_flat(self) -> bool:
        """Rank 2 (N, C·H·W) in the node's order: a Linear (Gemm) can read it."""
        return self.in_order and len(self.dims) == 1

    def is_channels_last(self) -> bool:
        """(N, H, W, C): the node's tensor permuted channels-last (PyTorch's permute(0, 2, 3, 1))."""
        c, h, w = self.shape
        if self.dims != (h, w, c):
            return False
        own = np.arange(c * h * w, dtype=np.int64).reshape(c, h, w).transpose(1, 2, 0)
        return bool((self.indices() == own).all())

    def describe(self) -> str:
        """How an error message shows the view: '(N, 8, 8, 3) channels-last'."""
        layout = " channels-last" if self.is_channels_last() else "" if self.in_order else " permuted"
        return "(N, " + ", ".join(map(str, self.dims)) + ")" + layout


Value = Const | Weight | Act


def standard(path: str, shape, rank2: bool = False) -> Act:
    """A node's output as it is: (N, C, H, W), or (N, C) with ``rank2``."""
    return Act(path, shape, (shape[0],) if rank2 else shape)


def channels_last(path: str, shape) -> Act:
    """A node's output seen channels-last, (N, H, W, C)."""
    c, h, w = shape
    order = np.arange(c * h * w, dtype=np.int64).reshape(c, h, w).transpose(1, 2, 0)
    return Act(path, shape, (h, w, c), order)


def same_view(path: str, shape, like: Act) -> Act:
    """The output of an element-wise op on ``like``: a new node seen through the same view."""
    return Act(path, shape, like.dims, like.order)


def described(v: Value) -> str:
    """An input as an error message names it: 'an activation (N, 3, 8, 8)', 'a scalar constant'."""
    if isinstance(v, Act):
        return f"an activation {v.describe()}"
    dims = list(v.dims if isinstance(v, Weight) else v.array.shape)
    noun = "initializer" if isinstance(v, Weight) else "constant"
    return f"a scalar {noun}" if not dims else f"{'an' if noun == 'initializer' else 'a'} {noun} {dims}"
