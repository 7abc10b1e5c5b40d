"""Building a network: a small builder over ``networkx.DiGraph``. No arithmetic here.

A plain chain is one line per layer::

    net = Network("tiny", channels=3, size=32)
    net.add("conv1", Conv2d(16, 3, padding=1))
    net.add("relu1", ReLU())

Branches name their inputs, merges list them, and scopes group nodes for reports::

    with net.scope("block1", kind="block"):
        a = net.add("a", Conv2d(16, 3, padding=1), inputs="relu1")
        b = net.add("b", Conv2d(16, 1), inputs="relu1")
        net.add("sum", Add(), inputs=[a, b])

Node names are paths ("block1/a"). Edges are added in input order, and networkx keeps
adjacency in insertion order, so ``graph.pred[node]`` lists a node's inputs in order.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

import networkx as nx

from .errors import SpecError
from .layers import Input, Layer

SCOPE_KINDS = ("stage", "block")


@dataclass
class ScopeInfo:
    """A named group of nodes. ``kind`` ('stage', 'block' or None) drives ``--group-by``;
    ``meta`` holds the paper-table columns of the group (e.g. GoogLeNet's #1×1, #3×3 reduce)."""

    path: str
    kind: str | None = None
    meta: dict = field(default_factory=dict)


class Network:
    """A named DAG of layers with one input node called ``input``."""

    def __init__(self, name: str, channels: int = 3, size=224, description: str = "",
                 source: str = "", notes: tuple[str, ...] = ()):
        self.name, self.description, self.source = name, description, source
        self.notes = list(notes)
        #: build options this network was made with, beyond its model's defaults (set by Model)
        self.options: dict = {}
        self.graph = nx.DiGraph(name=name)
        self.scopes: dict[str, ScopeInfo] = {}
        self._scope: list[str] = []
        self.last: str | None = None
        self.add("input", Input(channels, size), inputs=[])

    # -- building -----------------------------------------------------------------------------

    def add(self, name: str, layer: Layer, inputs=None) -> str:
        """Add ``layer`` as node ``name`` (inside the open scopes); returns the full node path.

        ``inputs`` is a node name or a list of them; by default the node added last.
        Names are looked up inside the open scopes first, then as full paths.
        """
        path = "/".join([*self._scope, name])
        if not isinstance(name, str) or not name or "/" in name:
            raise SpecError(path or repr(name), "a node name is a non-empty string without '/'",
                            "e.g. 'conv1'", repr(name))
        if path in self.graph:
            raise SpecError(path, "node names must be unique", "a new name", f"'{path}' again")
        if not isinstance(layer, Layer):
            raise SpecError(path, "unknown layer type", "an instance of a costcalc.layers class",
                            type(layer).__name__)
        layer.check(path)
        sources = self._resolve_inputs(path, layer, inputs)
        self.graph.add_node(path, layer=layer, scope=tuple(self._scope))
        for src in sources:
            self.graph.add_edge(src, path)
        self.last = path
        return path

    @contextmanager
    def scope(self, name: str, kind: str | None = None, **meta):
        """Open a named scope; nodes added inside get ``name/`` in front of their names."""
        if kind is not None and kind not in SCOPE_KINDS:
            raise SpecError(name, "scope kind must be one of " + ", ".join(SCOPE_KINDS), None, kind)
        self._scope.append(name)
        path = "/".join(self._scope)
        self.scopes[path] = ScopeInfo(path, kind, dict(meta))
        try:
            yield path
        finally:
            self._scope.pop()

    def _resolve_inputs(self, path: str, layer: Layer, inputs) -> list[str]:
        if inputs is None:
            inputs = [] if self.last is None else [self.last]
        elif isinstance(inputs, str):
            inputs = [inputs]
        resolved = [self._lookup(path, name) for name in inputs]
        if len(set(resolved)) != len(resolved):
            raise SpecError(path, "an input is listed twice", "distinct inputs", list(inputs))
        arity = layer.arity
        if arity is None and len(resolved) < 2:
            raise SpecError(path, f"{layer.type_name} merges two or more inputs", ">= 2 inputs",
                            len(resolved))
        if arity is not None and len(resolved) != arity:
            raise SpecError(path, f"{layer.type_name} takes {arity} input(s)", arity, len(resolved))
        return resolved

    def _lookup(self, path: str, name: str) -> str:
        for depth in range(len(self._scope), -1, -1):
            candidate = "/".join([*self._scope[:depth], name])
            if candidate in self.graph:
                return candidate
        raise SpecError(path, "an input names no node", "an existing node name", repr(name))

    # -- reading ------------------------------------------------------------------------------

    @property
    def input_layer(self) -> Input:
        return self.graph.nodes["input"]["layer"]

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    def __repr__(self) -> str:
        return f"Network({self.name!r}, {len(self)} nodes)"
