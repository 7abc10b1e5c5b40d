"""Ops that move data without computing: views of an activation (Reshape, Transpose, Squeeze,
Unsqueeze, Gather, Flatten) and the channel merges and splits (Concat, Split, Slice, Pad,
DepthToSpace).

A view adds no costcalc node unless what it gives is a layer of its own: a flattening (Flatten)
or a channel shuffle (ShuffleNet's Reshape → Transpose → Reshape, recognised from the element
order it leaves: see values.py). Any other view stays a view; an op that cannot read it says so.
"""

from __future__ import annotations

import numpy as np

from ..layers import ChannelShuffle, Concat, Flatten, PixelShuffle, Slice, ZeroPad2d, ZeroPadShortcut
from .naming import fused_leaf
from .values import Act, standard


def axes_of(r, node, index: int, rank: int) -> list[int] | None:
    """Axes from the attribute (older opsets) or input ``index`` (newer), made non-negative."""
    if "axes" in node.attrs:
        axes = node.attrs["axes"]
    elif node.input(index):
        axes = [int(a) for a in np.atleast_1d(r.const(node, index, "axes"))]
    else:
        return None
    return [int(a) % rank for a in axes]


def flatten(r, node):
    a = r.act(node)
    axis = int(node.attr("axis", 1)) % (len(a.dims) + 1)
    if axis != 1:
        r.fail(node, "Flatten keeps the batch axis apart", "axis 1", axis)
    path, shape = r.emit(node, Flatten(), [a])
    r.set(node, 0, standard(path, shape, rank2=True))


def _view_of(r, node, a: Act, dims: tuple[int, ...], order: np.ndarray, what: str) -> None:
    """Set ``node``'s output to a view of ``a``: no node, unless the view is a flattening (a
    Flatten) or a channel shuffle (ShuffleNet's Reshape → Transpose → Reshape). Any other view
    stays a view; an op that cannot read it says so."""
    b = a.viewed(dims, order)
    c, h, w = a.shape
    if len(dims) == 1 and h * w > 1:
        path, shape = r.emit(node, Flatten(), [a], leaf=fused_leaf(node, "Flatten"))
        r.set(node, 0, standard(path, shape, rank2=True))
        return
    groups = _shuffle_groups(b.order, a.shape) if not b.in_order and b.dims == a.shape else None
    if groups is not None:
        path, shape = r.emit(node, ChannelShuffle(groups), [a], leaf=fused_leaf(node, "ChannelShuffle"))
        r.recognised["ChannelShuffle (Reshape → Transpose → Reshape)"] += 1
        r.set(node, 0, standard(path, shape))
        return
    r.set(node, 0, b)


def _shuffle_groups(order: np.ndarray, shape) -> int | None:
    """g when ``order`` is ShuffleNet's channel shuffle of a (C, H, W) tensor: output channel
    k·g + i is input channel i·(C/g) + k."""
    c, h, w = shape
    perm = order[:, 0, 0] // (h * w)
    spatial = np.arange(h * w, dtype=np.int64).reshape(h, w)
    if not (order == perm[:, None, None] * h * w + spatial).all() or c < 2 or perm[1] == 0 or c % perm[1]:
        return None
    groups = c // int(perm[1])
    shuffle = np.arange(c).reshape(groups, c // groups).T.reshape(-1)
    return groups if (perm == shuffle).all() else None


def reshape(r, node):
    a = r.act(node)
    target = [int(d) for d in (r.const(node, 1, "shape") if r.opset(node) >= 5 else node.attr("shape"))]
    full = (r.batch, *a.dims)
    if not node.attr("allowzero", 0):
        target = [full[i] if d == 0 and i < len(full) else d for i, d in enumerate(target)]
    total = int(np.prod(full))
    if target.count(-1) == 1:
        known = int(np.prod([d for d in target if d != -1]))
        target[target.index(-1)] = total // known if known else 0
    if target and target[0] != r.batch and r.batch_is_one and int(np.prod(target)) == total:
        order = a.indices().reshape(target)  # the batch axis merged in: a Gather must bring it back
        r.set(node, 0, Act(a.node, a.shape, tuple(target), order, batchless=True))
        return
    if int(np.prod(target)) != total or not target or target[0] != r.batch:
        r.fail(node, "Reshape keeps the batch axis first and every element", f"(N={r.batch}, ...) of {total} elements",
               target)
    dims = tuple(target[1:])
    _view_of(r, node, a, dims, a.indices().reshape(dims), "Reshape")


def gather(r, node):
    """Gather of an activation by constant indices that reorder every element: a view (PyTorch's
    dynamo exporter writes as_strided so, after a Reshape that merged a batch of 1 away)."""
    a = r.act(node, batchless_ok=True)
    indices = r.const(node, 1, "indices").astype(np.int64)
    rank = len(a.dims) + (0 if a.batchless else 1)
    axis = int(node.attr("axis", 0)) % rank
    if not a.batchless and axis == 0:
        r.fail(node, "a Gather of an activation along the batch axis is not supported yet", "axis >= 1", axis)
    order = np.take(a.indices(), indices, axis=axis if a.batchless else axis - 1)
    dims = order.shape
    if a.batchless:
        if not dims or dims[0] != 1:
            r.fail(node, "a Gather after a Reshape that merged the batch axis must bring it back",
                   "indices of shape (1, ...)", list(dims))
        order, dims = order[0], dims[1:]
    if order.size != int(np.prod(a.shape)) or not (np.sort(order, axis=None) == np.arange(order.size)).all():
        r.fail(node, "a Gather of an activation is supported when it reorders every element (a view)",
               "a permutation of the elements", "a selection")
    _view_of(r, node, Act(a.node, a.shape, a.shape), tuple(int(d) for d in dims), order, "Gather")


def transpose(r, node):
    a = r.act(node)
    rank = len(a.dims) + 1
    perm = [int(p) for p in node.attr("perm", list(range(rank))[::-1])]
    if perm[0] != 0:
        r.fail(node, "Transpose keeps the batch axis first", "perm[0] = 0", perm)
    inner = [p - 1 for p in perm[1:]]
    _view_of(r, node, a, tuple(a.dims[i] for i in inner), a.indices().transpose(inner), "Transpose")


def squeeze(r, node):
    a = r.act(node)
    axes = axes_of(r, node, 1, len(a.dims) + 1)
    if axes is None:
        axes = [i + 1 for i, d in enumerate(a.dims) if d == 1]
    if 0 in axes or any(a.dims[i - 1] != 1 for i in axes):
        r.fail(node, "Squeeze removes axes of size 1 after the batch axis", "axes of size 1", axes)
    dims = tuple(d for i, d in enumerate(a.dims) if i + 1 not in axes)
    _view_of(r, node, a, dims, a.indices().reshape(dims), "Squeeze")


def unsqueeze(r, node):
    a = r.act(node)
    raw = node.attrs["axes"] if "axes" in node.attrs else np.atleast_1d(r.const(node, 1, "axes"))
    rank = len(a.dims) + 1 + len(raw)
    dims = list(a.dims)
    for axis in sorted(int(x) % rank for x in raw):
        if axis == 0:
            r.fail(node, "Unsqueeze adds axes after the batch axis", "axes >= 1", [int(x) for x in raw])
        dims.insert(axis - 1, 1)
    _view_of(r, node, a, tuple(dims), a.indices().reshape(dims), "Unsqueeze")


def concat(r, node):
    acts = [r.act(node, i) for i in range(len(node.inputs))]
    axis = int(node.attr("axis")) % (len(acts[0].dims) + 1)
    if axis != 1 or not all(a.is_chw() and len(a.dims) == len(acts[0].dims) for a in acts):
        r.fail(node, "Concat is supported along the channels", "axis 1 of (N, C, H, W) or (N, C)",
               f"axis {axis} of " + ", ".join(a.describe() for a in acts[:3]))
    path, shape = r.emit(node, Concat(), acts)
    r.set(node, 0, standard(path, shape, rank2=len(acts[0].dims) == 1))


def split(r, node):
    a = r.act(node)
    axis = int(node.attr("axis", 0)) % (len(a.dims) + 1)
    if axis != 1 or not a.is_chw():
        r.fail(node, "Split is supported along the channels", "axis 1 of (N, C, H, W)",
               f"axis {axis} of {a.describe()}")
    c = a.shape[0]
    if r.opset(node) >= 13 and node.input(1):
        sizes = [int(s) for s in r.const(node, 1, "split")]
    elif "split" in node.attrs:
        sizes = [int(s) for s in node.attrs["split"]]
    else:
        parts = int(node.attr("num_outputs", len(node.outputs)))
        each = -(-c // parts)
        sizes = [min(each, c - i * each) for i in range(parts)]
    if sum(sizes) != c or len(sizes) != len(node.outputs):
        r.fail(node, "Split sizes must add up to the channels, one per output",
               f"{len(node.outputs)} sizes summing to {c}", sizes)
    start = 0
    for i, size in enumerate(sizes):
        path, shape = r.emit(node, Slice(start, start + size), [a], leaf=f"{node.parts[-1]}:{i}")
        r.set(node, i, standard(path, shape, rank2=len(a.dims) == 1))
        start += size


def slice_spans(r, node, rank: int) -> dict[int, tuple[int, int, int]]:
    """Slice's (start, end, step) per axis (non-negative axes), from attributes or inputs."""
    if r.opset(node) < 10:
        starts, ends = node.attr("starts"), node.attr("ends")
        axes, steps = node.attr("axes", list(range(len(starts)))), [1] * len(starts)
    else:
        starts, ends = r.const(node, 1, "starts"), r.const(node, 2, "ends")
        axes = r.const(node, 3, "axes") if node.input(3) else list(range(len(starts)))
        steps = r.const(node, 4, "steps") if node.input(4) else [1] * len(starts)
    return {int(ax) % rank: (int(s), int(e), int(st)) for s, e, ax, st in zip(starts, ends, axes, steps)}


def slice_(r, node):
    a = r.act(node)
    spans = slice_spans(r, node, len(a.dims) + 1)
    c = a.shape[0]
    if set(spans) != {1} or not a.is_chw() or spans[1][2] != 1:
        r.fail(node, "Slice is supported along the channels with step 1 (a channel split)",
               "axes [1], steps [1]", f"axes {sorted(spans)} of {a.describe()}")
    start, end, _ = spans[1]
    start, end = (min(max(v + c if v < 0 else v, 0), c) for v in (start, end))
    if end <= start:
        r.fail(node, "a channel slice keeps at least one channel", f"end > start={start}", end)
    path, shape = r.emit(node, Slice(start, end), [a])
    r.set(node, 0, standard(path, shape, rank2=len(a.dims) == 1))


def zero_pads(r, node) -> list[int]:
    """Pad's 8 pads (N, C, H, W begins, then ends), checked to be a zero padding."""
    mode = node.attr("mode", "constant")
    if mode != "constant":
        r.fail(node, f"Pad mode {mode!r} is not supported yet (zero padding only)", "constant", mode)
    if r.opset(node) < 11:
        pads, value = node.attr("pads"), node.attr("value", 0.0)
    else:
        pads = r.const(node, 1, "pads")
        value = r.const(node, 2, "constant value") if node.input(2) else 0.0
        if node.input(3):
            r.fail(node, "Pad with an axes input is not supported yet", "pads for every axis", "axes")
    pads = [int(p) for p in pads]
    fill = float(np.asarray(value).reshape(-1)[0]) if np.size(value) else 0.0
    if fill != 0.0:
        r.fail(node, "Pad with a non-zero constant is not supported yet", 0, fill)
    if len(pads) != 8 or min(pads) < 0:
        r.fail(node, "Pad of (N, C, H, W) takes 8 non-negative pads", "8 values >= 0", pads)
    return pads


def pad(r, node):
    a = r.chw(node)
    nb, cb, hb, wb, ne, ce, he, we = zero_pads(r, node)
    if nb or ne or ((cb or ce) and (hb or he or wb or we)):
        r.fail(node, "Pad of H and W, or of the channels only, is supported", "pads on H, W or on C",
               [nb, cb, hb, wb, ne, ce, he, we])
    layer = ZeroPadShortcut(a.shape[0] + cb + ce, 1) if (cb or ce) else ZeroPad2d((wb, we, hb, he))
    path, shape = r.emit(node, layer, [a])
    r.set(node, 0, standard(path, shape))


def depth_to_space(r, node):
    a = r.chw(node)  # DCR and CRD order the channels differently; the counts are the same
    path, shape = r.emit(node, PixelShuffle(int(node.attr("blocksize"))), [a])
    r.set(node, 0, standard(path, shape))
