"""``analyze()``: walk a network in topological order and evaluate every layer's rules.

Results are columns: int64 arrays whose leading axis is the *variant* (one per requested
(batch, H, W)) and whose second axis is the node, so a resolution or batch sweep is one walk.
Parameters have no variant axis: a layer with weights requires the same input channels in every
variant (a network's weights do not change with its input). Formatting lives in report.py.

Exactness: with one variant the walk runs on Python ints (exact by construction) and the
columns are filled with int64, which raises rather than wraps. With several, the walk runs on
int64 arrays after a first walk on Python ints at the largest batch, H and W asked for: every
rule is monotone in N, H and W, so if that walk's counts fit under 2**62, no variant can wrap.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from .errors import CountOverflowError, OptionError, SpecError
from .graph import Network, check_name
from .layers import Field, Layer, Params
from .memory import peak_activations
from .tensor import INT, Shape

DTYPE_BYTES = {"fp32": 4, "fp16": 2, "bf16": 2, "int8": 1}
LIMIT = 2**62  # head-room below int64's 2**63 for totals summed over layers
PARAM_FIELDS = ("weights", "biases", "bn", "buffers")


@dataclass(frozen=True)
class Row:
    """One node at one variant, as plain ints: what reports and tests read."""

    index: int
    name: str
    layer: Layer
    scope: tuple[str, ...]
    inputs: tuple[str, ...]
    input_shapes: tuple[tuple[int, int, int], ...]
    output_shape: tuple[int, int, int]
    weights: int
    biases: int
    bn: int
    buffers: int
    macs: int
    other_ops: int
    activations: int
    activation_bytes: int
    warnings: tuple[str, ...]
    notes: tuple[str, ...] = ()
    #: the output's receptive field (costcalc/layers/field.py), None when it has none; then
    #: ``field_unknown`` says why in one line (the error Analysis.receptive_field raises)
    receptive_field: Field | None = None
    field_unknown: str = ""

    @property
    def params(self) -> int:
        return self.weights + self.biases + self.bn

    @property
    def flops(self) -> int:
        return 2 * self.macs


def _row(**fields) -> Row:
    """``Row(**fields)`` without the frozen dataclass's object.__setattr__ per field, which is
    ten times slower and most of the time of a 10,000-node report (tests/test_output_speed.py
    checks the two build equal rows)."""
    row = object.__new__(Row)
    row.__dict__.update(fields)
    return row


@dataclass(repr=False)
class Analysis:
    """Columns over (variant, node). ``names[i]`` is node i in schedule order."""

    network: Network
    batch: np.ndarray       # (V,)
    height: np.ndarray      # (V,)
    width: np.ndarray       # (V,)
    dtype: str
    names: list[str]
    layers: list[Layer]
    inputs: list[tuple[str, ...]]
    shapes: np.ndarray      # (V, nodes, 3): C, H, W of each node's output, per sample
    params: np.ndarray      # (nodes, 4): weights, biases, bn gamma+beta, buffers
    macs: np.ndarray        # (V, nodes), batch applied
    other_ops: np.ndarray   # (V, nodes), batch applied
    activations: np.ndarray  # (V, nodes): output elements × batch; 0 for in-place layers/views
    warnings: dict[int, list[tuple[int, str]]]
    #: like warnings, for what is no fault (Layer.notes): node index → [(variant, text)]
    notes: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<Analysis of {self.network.name!r}: {len(self.names)} nodes, {self.variants} variant(s)>"

    @property
    def variants(self) -> int:
        return len(self.batch)

    @property
    def bytes_per_element(self) -> int:
        return DTYPE_BYTES[self.dtype]

    def bytes_of(self, elements):
        """Memory of ``elements`` values of this analysis's dtype."""
        return elements * self.bytes_per_element

    def index(self, name: str) -> int:
        try:
            return self._index[name]
        except AttributeError:
            self._index = {n: i for i, n in enumerate(self.names)}
            return self.index(name)
        except KeyError:
            leaf = [n for n in self.names if isinstance(name, str) and n.rsplit("/", 1)[-1] == name]
            close = leaf or difflib.get_close_matches(str(name), self.names, n=3)
            hint = f" (did you mean {', '.join(close[:3])}?)" if close else ""
            raise SpecError(str(name)[:60], "no such node in this analysis" + hint,
                            "a node path, e.g. " + self.names[-1], repr(name)[:60]) from None

    def row(self, name: str, variant: int = 0) -> Row:
        return self._rows(variant, [self.index(name)])[0]

    def rows(self, variant: int = 0) -> list[Row]:
        return self._rows(variant, range(len(self.names)))

    def _variant(self, v) -> int:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not 0 <= v < self.variants:
            raise OptionError("variant", "a variant is the index of one of the analysed input sizes",
                              f"0 .. {self.variants - 1}", repr(v))
        return int(v)

    def _columns_at(self, v: int) -> tuple:
        """Variant v's columns as Python lists, converted once (an int() per cell made the
        report of a 10,000-node graph slower than its analysis)."""
        cache = self.__dict__.setdefault("_plain", {})
        if v not in cache:
            cache[v] = ([tuple(s) for s in self.shapes[v].tolist()], self.params.tolist(),
                        self.macs[v].tolist(), self.other_ops[v].tolist(), self.activations[v].tolist())
        return cache[v]

    def receptive_fields(self, variant: int = 0) -> list:
        """Each node's receptive field at one variant (a Field, or the one-line SpecError that
        says why it has none: a layer without the rule, an upsampling, or an input without a
        field), walked once in schedule order and kept."""
        cache = self.__dict__.setdefault("_fields", {})
        if variant not in cache:
            cache[variant] = _fields(self, variant)
        return cache[variant]

    def receptive_field(self, name: str, variant: int = 0) -> Field:
        """The receptive field of node ``name``; an error (SpecError) when it has none."""
        found = self.receptive_fields(variant)[self.index(name)]
        if isinstance(found, SpecError):
            raise found
        return found

    def _rows(self, v: int, which) -> list[Row]:
        v = self._variant(v)
        shapes, params, macs, other, acts = self._columns_at(v)
        fields = self.receptive_fields(v)
        b, nodes = self.bytes_per_element, self.network.graph.nodes
        self.index(self.names[0])  # builds the name → index map
        index = self._index
        found = []
        for i in which:
            weights, biases, bn, buffers = params[i]
            found.append(_row(
                index=i, name=self.names[i], layer=self.layers[i], scope=nodes[self.names[i]]["scope"],
                inputs=self.inputs[i], input_shapes=tuple(shapes[index[s]] for s in self.inputs[i]),
                output_shape=shapes[i], weights=weights, biases=biases, bn=bn, buffers=buffers,
                macs=macs[i], other_ops=other[i], activations=acts[i], activation_bytes=acts[i] * b,
                warnings=tuple(msg for var, msg in self.warnings.get(i, ()) if var == v),
                notes=tuple(msg for var, msg in self.notes.get(i, ()) if var == v),
                receptive_field=None if isinstance(fields[i], SpecError) else fields[i],
                field_unknown=str(fields[i]) if isinstance(fields[i], SpecError) else ""))
        return found

    def totals(self, variant: int | None = 0) -> dict:
        """Whole-network totals: ints for one variant, (V,) arrays for ``variant=None``."""
        weights, biases, bn, buffers = (int(n) for n in self.params.sum(axis=0))
        params = weights + biases + bn
        if variant is not None:
            variant = self._variant(variant)
        pick = (lambda a: a) if variant is None else (lambda a: int(a[variant]))
        macs = pick(self.macs.sum(axis=1))
        activations = pick(self.activations.sum(axis=1))
        peak = pick(self.peak_activations())
        return {
            "params": params, "weights": weights, "biases": biases, "bn_params": bn,
            "buffers": buffers, "macs": macs, "flops": 2 * macs,
            "other_ops": pick(self.other_ops.sum(axis=1)),
            "activations": activations, "activation_bytes": self.bytes_of(activations),
            "peak_activations": peak, "peak_activation_bytes": self.bytes_of(peak),
            "weight_bytes": self.bytes_of(params), "buffer_bytes": self.bytes_of(buffers),
        }

    def peak_activations(self) -> np.ndarray:
        """Peak live activation elements per variant (batch applied), shape (V,); see memory.py."""
        if getattr(self, "_peak", None) is None:
            self._peak = peak_activations(self)
        return self._peak


def _fields(analysis: Analysis, v: int) -> list:
    """Receptive fields in schedule order (inputs come first): each layer's rule on its
    inputs' fields and shapes at variant v. A node whose rule fails, or one of whose inputs has
    no field, gets the error (naming the node where the field was lost) instead."""
    shapes = [Shape(*s) for s in analysis._columns_at(v)[0]]
    index = {n: i for i, n in enumerate(analysis.names)}
    found: list = []
    for i, (name, layer, srcs) in enumerate(zip(analysis.names, analysis.layers, analysis.inputs)):
        at = [index[s] for s in srcs]
        inputs = [found[k] for k in at]
        lost = [f for f in inputs if type(f) is not Field]
        if lost:
            found.append(lost[0])  # the same error: it names the node where the field stopped
            continue
        try:
            field = layer.receptive_field(inputs, [shapes[k] for k in at], shapes[i])
            if type(field) is not Field:
                raise SpecError(layer.type_name, "a receptive_field rule returns a Field (costcalc.layers.Field)",
                                "a Field", type(field).__name__)
            found.append(field)
        except SpecError as exc:
            found.append(type(exc)(f"{name} ({exc.where})", exc.rule, exc.expected, exc.received))
    return found


def _variant_axis(input_size, batch, default) -> tuple[list[tuple[int, int]], list[int]]:
    """Normalise ``input_size`` (int, (H, W), or a list of those) and ``batch`` (int or list)
    to Python ints; anything else is a one-line OptionError."""
    def is_int(v):
        return isinstance(v, (int, np.integer)) and not isinstance(v, bool)

    def shown(v):
        text = repr(v)
        return text if len(text) <= 60 else text[:57] + "..."

    def size_error(s):
        return OptionError("input", "input size must be positive integers",
                           "e.g. 224, (227, 227) or a list of them", shown(s))

    if input_size is None:
        sizes = [default]
    elif is_int(input_size) or (isinstance(input_size, tuple) and len(input_size) == 2
                                and all(is_int(v) for v in input_size)):
        sizes = [input_size]
    elif isinstance(input_size, (list, tuple)) and input_size:
        sizes = list(input_size)
    else:
        raise size_error(input_size)
    hw = []
    for s in sizes:
        if is_int(s):
            h = w = s
        elif isinstance(s, (tuple, list)) and len(s) == 2:
            h, w = s
        else:
            raise size_error(s)
        if not (is_int(h) and is_int(w) and h >= 1 and w >= 1):
            raise size_error(s)
        hw.append((int(h), int(w)))
    if is_int(batch):
        batches = [batch]
    elif isinstance(batch, (list, tuple)) and batch:
        batches = list(batch)
    else:
        raise OptionError("batch", "batch size must be a positive integer", ">= 1", shown(batch))
    for n in batches:
        if not is_int(n) or n < 1:
            raise OptionError("batch", "batch size must be a positive integer", ">= 1", shown(n))
    if len(batches) != 1 and len(hw) != 1 and len(batches) != len(hw):
        raise OptionError("batch", "give one batch size or one per input size", len(hw), len(batches))
    count = max(len(hw), len(batches))
    hw = hw * count if len(hw) == 1 else hw
    batches = [int(n) for n in batches] * count if len(batches) == 1 else [int(n) for n in batches]
    return hw, batches


def _schedule(g: nx.DiGraph) -> list[str]:
    """Insertion order when it is topological (always, for networks built with Network.add)."""
    order = list(g.nodes)
    index = {n: i for i, n in enumerate(order)}
    if all(index[u] < index[v] for u, v in g.edges):
        return order
    if not nx.is_directed_acyclic_graph(g):
        cycle = [u for u, _ in nx.find_cycle(g)]
        raise SpecError(cycle[0], "the network must be acyclic", "a DAG",
                        "cycle " + " → ".join([*cycle, cycle[0]]))
    return list(nx.lexicographical_topological_sort(g, key=index.get))


def _check_nodes(g: nx.DiGraph) -> None:
    """Every node as Network.add leaves it, even in a graph edited by hand: a str path of valid
    names holding a concrete Layer whose hyper-parameters still pass its checks (a frozen layer
    can be mutated with object.__setattr__)."""
    for name, data in g.nodes(data=True):
        if not isinstance(name, str):
            raise SpecError(repr(name), "a node name is a str path", "e.g. 'block1/conv'",
                            type(name).__name__)
        if not name or not name.isprintable() or "//" in name or name.startswith("/") or name.endswith("/"):
            for part in name.split("/"):  # one of them is bad: say so
                check_name(repr(name)[:60], "node", part)
        layer = data.get("layer")
        if not isinstance(layer, Layer) or type(layer).abstract:
            raise SpecError(name, "a node holds a costcalc layer (add nodes with Network.add)",
                            "an instance of a costcalc.layers class",
                            "no layer" if layer is None else type(layer).__name__)
        layer.check(name)
        data.setdefault("scope", ())


def _check_wiring(g: nx.DiGraph, order: list[str]) -> None:
    """Input counts (Network.add checks them; a graph edited by hand may still get them wrong)
    and dead branches: a node nothing reads must be the last one or marked as an output."""
    nodes, inputs, outputs = g.nodes, dict(g.in_degree()), dict(g.out_degree())
    for name in order:
        layer = nodes[name]["layer"]
        if not layer.accepts(inputs[name]):
            raise SpecError(name, f"{layer.type_name} takes {layer.arity_text()} input(s)",
                            layer.arity_text(), inputs[name])
    for name in order[:-1]:
        if not outputs[name] and not nodes[name].get("output", False):
            raise SpecError(name, "nothing reads this node's output and it is not the network's "
                            "last node (a dead branch)", f"a consumer, or output=True in net.add "
                            f"(net.mark_output({name!r})) for a second output", "no consumer")


def _walk(network: Network, order: list[str], h, w, n, check: bool):
    """Evaluate every node's rules; h, w, n are ints (one variant) or int64 arrays."""
    g = network.graph
    shapes: dict[str, Shape] = {}
    out = []
    for name in order:
        node = g.nodes[name]
        layer = node["layer"]
        srcs = tuple(g.pred[name])
        if layer.arity == 0:
            x, y = [], layer.shape_at(h, w)
            params, warnings, notes = Params(), [], []
        else:
            x = [shapes[s] for s in srcs]
            y = layer.output_shape(x, name)
            params, warnings, notes = layer.params(x, name), layer.warnings(x, y), layer.notes(x, y)
        shapes[name] = y
        macs = layer.macs(x, y) * n
        other = layer.other_ops(x, y) * n
        acts = layer.activations(y) * n
        if check:
            for what, value in (("MACs", macs), ("other ops", other), ("activations", acts),
                                ("params", sum(params[:3]))):
                if value > LIMIT:
                    raise CountOverflowError(name, f"{what} exceed the int64 range",
                                             "at most 2**62 ≈ 4.6e18", f"{value:.3g}")
        out.append((name, layer, srcs, y, params, macs, other, acts, warnings, notes))
    return out


def _column(values, variants: int) -> np.ndarray:
    """(V, nodes) int64 from per-node ints or (V,) arrays."""
    if variants == 1:
        return np.array(values, dtype=INT)[None, :]
    out = np.empty((len(values), variants), dtype=INT)
    for i, v in enumerate(values):
        out[i] = v  # an int broadcasts over the variants
    return out.T


def analyze(network: Network, input_size=None, batch=1, dtype: str = "fp32") -> Analysis:
    """Propagate shapes and count params, MACs, other ops and activations at every node.

    ``input_size``: int, (H, W), or a list of them (one variant each); None for the spec's
    default. ``batch``: int or a list (one per variant). ``dtype``: one of DTYPE_BYTES.
    """
    if not isinstance(network, Network):
        raise OptionError("network", "analyze() takes a costcalc Network", "a Network",
                          type(network).__name__)
    if not isinstance(dtype, str) or dtype not in DTYPE_BYTES:
        raise OptionError("--dtype", "unknown dtype", " | ".join(DTYPE_BYTES), repr(dtype))
    g = network.graph
    _check_nodes(g)
    sources = [n for n in g.nodes if g.nodes[n]["layer"].arity == 0]
    if len(sources) != 1:
        raise SpecError(network.name, "a network has exactly one Input node", 1, sources)
    hw, batches = _variant_axis(input_size, batch, g.nodes[sources[0]]["layer"].size)
    order = _schedule(g)
    _check_wiring(g, order)
    variants = len(hw)
    if variants == 1:
        (h, w), n = hw[0], batches[0]
        walked = _walk(network, order, h, w, n, check=True)
    else:
        # Exact ints at the largest input first: if nothing overflows there, nothing can below.
        _walk(network, order, max(s[0] for s in hw), max(s[1] for s in hw), max(batches), check=True)
        h, w = (np.array([s[i] for s in hw], dtype=INT) for i in (0, 1))
        n = np.array(batches, dtype=INT)
        walked = _walk(network, order, h, w, n, check=False)
    names, layers, srcs, ys, params, macs, other, acts, warns, notes = zip(*walked)
    columns = {"MACs": _column(macs, variants), "other ops": _column(other, variants),
               "activations": _column(acts, variants)}
    for what, column in columns.items():
        if column.sum(axis=1, dtype=np.float64).max() > LIMIT:
            raise CountOverflowError(network.name, f"total {what} exceed the int64 range",
                                     "at most 2**62 ≈ 4.6e18",
                                     f"{column.sum(axis=1, dtype=np.float64).max():.3g}")
    shapes = np.stack([_column([y[k] for y in ys], variants) for k in range(3)], axis=2)
    return Analysis(
        network=network, batch=np.array(batches, dtype=INT),
        height=np.array([s[0] for s in hw], dtype=INT), width=np.array([s[1] for s in hw], dtype=INT),
        dtype=dtype, names=list(names), layers=list(layers), inputs=list(srcs), shapes=shapes,
        params=np.array(params, dtype=INT).reshape(len(names), 4),
        macs=columns["MACs"], other_ops=columns["other ops"], activations=columns["activations"],
        warnings={i: wl for i, wl in enumerate(warns) if wl},
        notes={i: nl for i, nl in enumerate(notes) if nl},
    )


__all__ = ["DTYPE_BYTES", "Analysis", "Row", "analyze"]
