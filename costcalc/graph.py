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

A loop that walks a paper's table can open and close scopes without ``with``::

    for i, row in enumerate(TABLE, start=1):
        net.open_scope(f"block{i}", kind="block")
        ...
        net.close_scope()

Node names are paths ("block1/a"). A name (node, scope or network) is a non-empty string
without '/', control characters or line breaks. Edges are added in input order, and networkx
keeps adjacency in insertion order, so ``graph.pred[node]`` lists a node's inputs in order.

Outputs: the last node added is the network's output. Any other node whose output nothing reads
is a dead branch, and ``analyze`` refuses it (naming the node) unless the spec marks it as an
output, as a training graph's auxiliary classifier is: ``net.add(..., output=True)`` or
``net.mark_output(path)``. A dead branch is almost always a wiring mistake (a merge that lists
the wrong input), and counting it silently would report a cost the network does not have.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

import networkx as nx

from .errors import SpecError
from .layers import Input, Layer

SCOPE_KINDS = ("stage", "block")


def check_name(where: str, what: str, name) -> str:
    """A node, scope or network name: a non-empty str without '/', control characters or line
    breaks (they would forge rows or paths in the reports)."""
    # str.isprintable is False for control, format, private-use, unassigned and separator
    # characters other than the ASCII space: line breaks and escapes included
    bad = not isinstance(name, str) or not name or "/" in name or not name.isprintable()
    if bad:
        shown = repr(name) if len(repr(name)) <= 60 else repr(name)[:57] + "..."
        raise SpecError(where, f"a {what} name is a non-empty string without '/', control "
                        "characters or line breaks", "e.g. 'conv1'", shown)
    return name


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
        check_name("Network(name)", "network", name)
        for what, value in (("description", description), ("source", source)):
            if not isinstance(value, str):
                raise SpecError(f"Network({what})", f"the {what} is text", "a str", repr(value))
        if isinstance(notes, str) or not isinstance(notes, (tuple, list)) or \
                not all(isinstance(n, str) for n in notes):
            raise SpecError("Network(notes)", "notes are a list of strings", "e.g. ('a note',)",
                            repr(notes))
        try:
            stem = Input(channels, size)
        except SpecError as exc:  # name the argument of Network, not of the Input it builds
            raise SpecError(exc.where.replace("Input(", "Network(", 1), exc.rule, exc.expected,
                            exc.received) from None
        self.name, self.description, self.source = name, description, source
        self.notes = list(notes)
        #: build options this network was made with, beyond its model's defaults (set by Model)
        self.options: dict = {}
        self.graph = nx.DiGraph(name=name)
        self.scopes: dict[str, ScopeInfo] = {}
        self._scope: list[str] = []
        self.last: str | None = None
        self.add("input", stem, inputs=[])

    # -- building -----------------------------------------------------------------------------

    def add(self, name: str, layer: Layer, inputs=None, output: bool = False) -> str:
        """Add ``layer`` as node ``name`` (inside the open scopes); returns the full node path.

        ``inputs`` is a node name or a list of them; by default the node added last.
        Names are looked up inside the open scopes first, then as full paths.
        ``output=True`` marks the node as an output of the network (see the module docstring).
        """
        check_name(self._where("net.add(name)"), "node", name)
        path = "/".join([*self._scope, name])
        if path in self.graph:
            raise SpecError(path, "node names must be unique", "a new name", f"'{path}' again")
        if not isinstance(layer, Layer):
            raise SpecError(path, "unknown layer type", "an instance of a costcalc.layers class",
                            type(layer).__name__)
        if not isinstance(output, bool):
            raise SpecError(path, "output is a flag", "True or False", repr(output))
        layer.check(path)
        sources = self._resolve_inputs(path, layer, inputs)
        self.graph.add_node(path, layer=layer, scope=tuple(self._scope), output=output)
        for src in sources:
            self.graph.add_edge(src, path)
        self.last = path
        return path

    def mark_output(self, path: str) -> str:
        """Mark an existing node as an output of the network (e.g. an auxiliary classifier)."""
        node = self.resolve(path)
        self.graph.nodes[node]["output"] = True
        return node

    def open_scope(self, name: str, kind: str | None = None, **meta) -> str:
        """Open a named scope (without ``with``); nodes added until ``close_scope`` get
        ``name/`` in front of their names. Returns the scope's path."""
        check_name(self._where("net.scope(name)"), "scope", name)
        if kind is not None and kind not in SCOPE_KINDS:
            raise SpecError(name, "scope kind must be one of " + ", ".join(SCOPE_KINDS),
                            " | ".join(SCOPE_KINDS), repr(kind))
        self._scope.append(name)
        path = "/".join(self._scope)
        self.scopes[path] = ScopeInfo(path, kind, dict(meta))
        return path

    def close_scope(self, path: str | None = None) -> None:
        """Close the innermost open scope (``path``, when given, must name it)."""
        if not self._scope:
            raise SpecError("close_scope", "no scope is open", "an open_scope before it", "none open")
        current = "/".join(self._scope)
        if path is not None and path != current:
            raise SpecError("close_scope", "scopes close innermost first", repr(current), repr(path))
        self._scope.pop()

    @contextmanager
    def scope(self, name: str, kind: str | None = None, **meta):
        """Open a named scope for a ``with`` block; nodes added inside get ``name/`` in front."""
        path = self.open_scope(name, kind, **meta)
        try:
            yield path
        finally:
            self.close_scope(path)

    def _where(self, what: str) -> str:
        return f"{what} in scope {'/'.join(self._scope)}" if self._scope else what

    def _resolve_inputs(self, path: str, layer: Layer, inputs) -> list[str]:
        if inputs is None:
            inputs = [] if self.last is None else [self.last]
        elif isinstance(inputs, str):
            inputs = [inputs]
        elif not isinstance(inputs, (list, tuple)) or not all(isinstance(i, str) for i in inputs):
            raise SpecError(path, "inputs is a node name or a list of node names",
                            "e.g. 'conv1' or ['a', 'b']", repr(inputs))
        resolved = [self._lookup(path, name) for name in inputs]
        if len(set(resolved)) != len(resolved):
            raise SpecError(path, "an input is listed twice", "distinct inputs", list(inputs))
        if not layer.accepts(len(resolved)):
            if layer.arity is None:
                words = {1: "one", 2: "two"}.get(layer.min_inputs, str(layer.min_inputs))
                raise SpecError(path, f"{layer.type_name} merges {words} or more inputs",
                                f">= {layer.min_inputs} inputs", len(resolved))
            raise SpecError(path, f"{layer.type_name} takes {layer.arity} input(s)", layer.arity,
                            len(resolved))
        return resolved

    def resolve(self, name: str) -> str:
        """The full path of node ``name``, looked up inside the open scopes first (as ``inputs``
        are), e.g. the input of a block builder."""
        if not isinstance(name, str):
            raise SpecError(self._where("net.resolve(name)"), "a node name is a str", "e.g. 'conv1'",
                            repr(name))
        return self._lookup(self._where("net.resolve(name)"), name)

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

    def outputs(self) -> list[str]:
        """Nodes marked as outputs, and the last node (the network's output)."""
        marked = [n for n, data in self.graph.nodes(data=True) if data.get("output")]
        last = list(self.graph.nodes)[-1] if len(self.graph) else None
        return marked + ([last] if last is not None and last not in marked else [])

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    def __repr__(self) -> str:
        return f"Network({self.name!r}, {len(self)} nodes)"
