"""ONNX graph → costcalc ``Network``.

The reader walks the graph's nodes in order (ONNX requires a topological order) and hands each to
its op's mapping in ``ops.py``, which turns it into costcalc layers (a Conv into ``Conv2d``), into a
view of an activation (Transpose, Reshape: see ``values.py``) or into a constant (Shape, Gather,
Concat of shapes: followed for their values, costing nothing). ``patterns.py`` recognises what
exporters write for layers ONNX has no op for (x·sigmoid(x) as SiLU, ...).

Counting what the file holds: each layer's parameter count (its own rule, from shapes) must equal
the elements of the initializers it reads, or the reader stops with an error naming the node. A
tensor shared by several layers (PyTorch reads merged bit-identical tensors through Identity
nodes) is counted at each of them. Initializer data is never needed except for the few small
tensors holding shapes, axes or scales (``slim.py`` reads the file without the rest).
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import CostcalcError, ShapeError, SpecError
from ..graph import Network, check_name
from ..layers import Layer
from ..tensor import Shape
from . import naming
from .graph_input import OnnxInput
from .values import Act, Const, Value, Weight

#: H×W at which a graph whose input height and width are symbolic is read when no size is given
SYMBOLIC_DEFAULT = (224, 224)
SCOPES_METADATA = "costcalc.scopes"
#: doc_string of a node costcalc wrote for a layer computed in place (or not): ONNX cannot say it
INPLACE_HINT = "costcalc: inplace="


@dataclass
class Node:
    """One ONNX node, with its attributes decoded and its costcalc path components."""

    index: int
    name: str
    op: str
    domain: str
    inputs: list[str]
    outputs: list[str]
    attrs: dict
    parts: list[str]
    metadata: dict = field(default_factory=dict)
    doc: str = ""
    done: bool = False

    def attr(self, key, default=None):
        return self.attrs.get(key, default)

    def input(self, i: int) -> str:
        """The i-th input's tensor name, '' when absent (ONNX's optional inputs)."""
        return self.inputs[i] if i < len(self.inputs) else ""


def _attrs(proto, onnx) -> dict:
    out = {}
    for a in proto.attribute:
        value = onnx.helper.get_attribute_value(a)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        elif isinstance(value, list) and value and isinstance(value[0], bytes):
            value = [v.decode("utf-8", "replace") for v in value]
        out[a.name] = value
    return out


class Reader:
    """One reading of one graph at one input size (see ``read``)."""

    def __init__(self, model, path: Path, input_size: tuple[int, int] | None):
        import onnx
        self.onnx = onnx
        self.model, self.path, self.file = model, path, path.name
        self.opsets = {o.domain or "ai.onnx": o.version for o in model.opset_import}
        self.values: dict[str, Value] = {}
        self.consumers: dict[str, list[Node]] = defaultdict(list)
        self.recognised: Counter = Counter()  # what patterns.py and the ops folded, for the notes
        self.readers: Counter = Counter()     # initializer → how many layers count it
        self.metadata = {p.key: p.value for p in model.metadata_props}
        self.scope_kinds = self._scope_kinds()
        graph = model.graph
        self.nodes = [Node(i, n.name, n.op_type, n.domain or "ai.onnx", list(n.input), list(n.output),
                           _attrs(n, onnx), [], {p.key: p.value for p in getattr(n, "metadata_props", [])},
                           n.doc_string)
                      for i, n in enumerate(graph.node)]
        for node in self.nodes:
            node.parts = naming.components(node.name, node.op, node.metadata)
            for name in node.inputs:
                if name:
                    self.consumers[name].append(node)
        self._read_initializers(graph)
        self.net = self._input(graph, input_size)

    # -- setting up ---------------------------------------------------------------------------

    def _scope_kinds(self) -> dict[str, str | None] | None:
        text = self.metadata.get(SCOPES_METADATA)
        if text is None:
            return None
        try:
            kinds = json.loads(text)
        except ValueError:
            return None
        return kinds if isinstance(kinds, dict) else None

    def _read_initializers(self, graph) -> None:
        from onnx import numpy_helper
        if len(graph.sparse_initializer):
            raise SpecError(self.file, "sparse initializers are not supported yet",
                            "dense initializers", f"{len(graph.sparse_initializer)} sparse")
        for t in graph.initializer:
            dims = tuple(int(d) for d in t.dims)
            has_data = t.data_location != self.onnx.TensorProto.EXTERNAL and (
                len(t.raw_data) or len(t.float_data) or len(t.int64_data) or len(t.int32_data)
                or len(t.double_data) or len(t.uint64_data))
            elements = int(np.prod(dims)) if dims else 1
            if has_data and elements <= 4096:
                self.values[t.name] = Const(numpy_helper.to_array(t), initializer=t.name)
            else:
                self.values[t.name] = Weight(t.name, dims)

    def _input(self, graph, input_size) -> Network:
        inputs = [i for i in graph.input if i.name not in self.values]
        if len(inputs) != 1:
            raise SpecError(self.file, "costcalc counts networks with one input tensor", "1 graph input",
                            f"{len(inputs)}" + (f" ({', '.join(i.name for i in inputs[:4])})" if inputs else ""))
        tensor = inputs[0]
        dims = [d.dim_value if d.HasField("dim_value") else None for d in tensor.type.tensor_type.shape.dim]
        where = f"{self.file}: input {tensor.name!r}"
        shown = "[" + ", ".join("?" if d is None else str(d) for d in dims) + "]"
        if len(dims) != 4:
            raise ShapeError(where, "costcalc counts image networks: the input is (N, C, H, W)",
                             "rank 4", f"rank {len(dims)} {shown}")
        n, c, h, w = dims
        if c is None:
            raise ShapeError(where, "the number of input channels must be fixed in the file",
                             "a value for C", shown)
        self.batch = n or 1
        self.batch_is_one = n == 1  # fixed at 1: a view may merge the batch axis away (values.Act)
        size = (h or SYMBOLIC_DEFAULT[0], w or SYMBOLIC_DEFAULT[1])
        stem = OnnxInput(c, size, onnx_name=tensor.name, fixed_height=h is not None, fixed_width=w is not None)
        if input_size is not None:
            stem.shape_at(*input_size)  # a fixed graph accepts its own size only
            size = tuple(input_size)
            stem = dataclasses.replace(stem, size=size)
        self.size = size
        producer = " ".join(p for p in (self.model.producer_name, self.model.producer_version) if p)
        net = Network(_network_name(self.path), channels=c, size=size,
                      description=self.metadata.get("costcalc.description")
                      or f"ONNX graph {self.file}" + (f" ({producer})" if producer else ""),
                      source=self.metadata.get("costcalc.source") or str(self.path))
        net.graph.nodes["input"]["layer"] = stem
        if h is None or w is None:
            net.notes.append(f"input {tensor.name!r} has a symbolic height or width: --input sets it "
                             f"({SYMBOLIC_DEFAULT[0]}×{SYMBOLIC_DEFAULT[1]} when not given)")
        self.values[tensor.name] = Act("input", (c, *size), (c, *size))
        self.input_name = tensor.name
        return net

    # -- what ops call ------------------------------------------------------------------------

    def where(self, node: Node) -> str:
        return f"{self.file}: node {(node.name or node.op)!r} ({node.op})"

    def fail(self, node: Node, rule: str, expected=None, received=None):
        raise SpecError(self.where(node), rule, expected, received)

    def opset(self, node: Node) -> int:
        return self.opsets.get(node.domain, 0)

    def value(self, node: Node, i: int) -> Value | None:
        name = node.input(i)
        if not name:
            return None
        if name not in self.values:
            self.fail(node, "reads a tensor no earlier node writes (ONNX nodes are in topological "
                      "order, graph inputs and initializers first)", "a known tensor", repr(name))
        return self.values[name]

    def act(self, node: Node, i: int = 0, batchless_ok: bool = False) -> Act:
        v = self.value(node, i)
        if not isinstance(v, Act):
            self.fail(node, f"input {i} must be an activation (a tensor computed from the graph input)",
                      "an activation", "a constant" if isinstance(v, Const) else "an initializer" if v else "none")
        if v.batchless and not batchless_ok:
            self.fail(node, f"input {i} is a tensor whose batch axis a Reshape merged away", "(N, ...)",
                      "[" + ", ".join(map(str, v.dims)) + "]")
        return v

    def chw(self, node: Node, i: int = 0, flat_ok: bool = False) -> Act:
        """Input i as costcalc reads a conv's or pool's input: (N, C, H, W) in the node's order
        (with ``flat_ok``, also (N, C) when H = W = 1)."""
        a = self.act(node, i)
        if a.in_order and (a.dims == a.shape or (flat_ok and a.is_chw())):
            return a
        self.fail(node, f"{node.op} reads (N, C, H, W) in costcalc's layout", "(N, C, H, W)", a.describe())

    def const(self, node: Node, i: int, what: str) -> np.ndarray | None:
        v = self.value(node, i)
        if v is None:
            return None
        if isinstance(v, Weight):
            self.fail(node, f"needs the value of its {what} (input {i}), which the file does not hold",
                      "an initializer with its data, or a Constant", f"initializer {v.name!r} without data")
        if not isinstance(v, Const):
            self.fail(node, f"its {what} (input {i}) must be a constant, not computed from the input",
                      "a constant", "an activation")
        return v.array

    def from_shape(self, node: Node, i: int) -> bool:
        v = self.value(node, i)
        return isinstance(v, Const) and v.from_shape

    def weight(self, node: Node, i: int, what: str) -> Weight | None:
        """Input i as an initializer (dims only); None when the optional input is absent."""
        v = self.value(node, i)
        if v is None:
            return None
        if isinstance(v, Const) and v.initializer is not None:
            return Weight(v.initializer, tuple(v.array.shape))
        if isinstance(v, Const):
            return Weight(node.input(i), tuple(v.array.shape))
        if not isinstance(v, Weight):
            self.fail(node, f"its {what} (input {i}) must be an initializer",
                      "a weight tensor stored in the file", "an activation")
        return v

    def emit(self, node: Node, layer: Layer, inputs: list[Act], held=(), buffers=(),
             leaf: str | None = None) -> tuple[str, tuple[int, int, int]]:
        """Add ``layer`` as the costcalc node for ``node`` reading ``inputs``; check that its
        parameter count is what the initializers ``held`` hold (and ``buffers`` its buffers)."""
        if node.doc.startswith(INPLACE_HINT) and hasattr(layer, "inplace"):
            layer = dataclasses.replace(layer, inplace=node.doc == f"{INPLACE_HINT}True")
        parts = list(node.parts)
        if leaf is not None:
            parts[-1] = leaf
        scopes, name = parts[:-1], parts[-1]
        for depth in range(1, len(scopes) + 1):  # registers each scope and its kind
            path = "/".join(scopes[:depth])
            kind = self.scope_kinds.get(path) if self.scope_kinds is not None else naming.scope_kind(depth)
            self.net.open_scope(scopes[depth - 1], kind=kind)
        for _ in scopes:
            self.net.close_scope()
        unique, k = name, 0
        while "/".join([*scopes, unique]) in self.net.graph:
            k += 1
            unique = f"{name}_{k}"
        path = self._add(node, scopes, unique, layer, [a.node for a in inputs])
        x = [Shape(*a.shape) for a in inputs]
        y = layer.output_shape(x, path)
        p = layer.params(x, path)
        weights = [w for w in held if w is not None]
        holds = sum(w.elements for w in weights)
        if p.weights + p.biases + p.bn != holds:
            self.fail(node, f"costcalc's {layer.type_name} counts {p.weights + p.biases + p.bn:,} parameters "
                      "where the node's initializers hold a different number",
                      f"{holds:,} (" + ", ".join(f"{w.name} {list(w.dims)}" for w in weights) + ")",
                      f"{p.weights + p.biases + p.bn:,}")
        kept = sum(w.elements for w in buffers if w is not None)
        if p.buffers != kept:
            self.fail(node, f"costcalc's {layer.type_name} counts {p.buffers:,} buffer elements where the "
                      "node's initializers hold a different number", f"{kept:,}", f"{p.buffers:,}")
        for w in weights:
            self.readers[w.name] += 1
        return path, tuple(int(d) for d in y)

    def _add(self, node: Node, scopes: list[str], name: str, layer: Layer, sources: list[str]) -> str:
        """Add the node as ``Network.add`` does, but with its inputs given as full paths:
        ``Network.add`` looks an input up inside the open scopes first, where an imported name can
        be shadowed (a block's ``relu/Relu`` hides the stem's when the block's Add reads it)."""
        check_name(self.where(node), "node", name)
        path = "/".join([*scopes, name])
        layer.check(path)
        if len(set(sources)) != len(sources):
            self.fail(node, f"{node.op} of a tensor with itself (x + x, x · x) is not supported yet",
                      "distinct inputs", "the same tensor twice")
        if not layer.accepts(len(sources)):
            self.fail(node, f"{layer.type_name} takes {layer.arity_text()} input(s)", layer.arity_text(),
                      len(sources))
        self.net.graph.add_node(path, layer=layer, scope=tuple(scopes), output=False)
        for source in sources:
            self.net.graph.add_edge(source, path)
        self.net.last = path
        return path

    def set(self, node: Node, i: int, value: Value) -> None:
        if i < len(node.outputs) and node.outputs[i]:
            self.values[node.outputs[i]] = value

    def only_consumer(self, node: Node, op: str, output: int = 0) -> Node | None:
        """The node reading ``node``'s output when it is the only reader and has op type ``op``
        (and the output is not a graph output)."""
        name = node.outputs[output] if output < len(node.outputs) else ""
        readers = self.consumers.get(name, [])
        if len(readers) == 1 and readers[0].op == op and name not in self.graph_outputs:
            return readers[0]
        return None

    # -- the walk -----------------------------------------------------------------------------

    def run(self) -> Network:
        from .fold import try_fold
        from .ops import OPS, unknown_op
        from .patterns import recognise
        graph = self.model.graph
        self.graph_outputs = {o.name for o in graph.output}
        needed = self._needed()
        for node in self.nodes:  # constants first: patterns look ahead at values written later
            if node.index in needed and all(isinstance(self.values.get(i), Const) for i in node.inputs if i):
                node.done = try_fold(self, node)
        skipped = 0
        for node in self.nodes:
            if node.done:
                continue
            if node.index not in needed:
                skipped += 1
                continue
            try:
                if not (try_fold(self, node) or recognise(self, node)):
                    OPS.get((node.domain, node.op), unknown_op)(self, node)
            except CostcalcError as exc:
                if exc.where.startswith(self.file):
                    raise
                raise type(exc)(self.where(node), f"{exc.where}: {exc.rule}", exc.expected,
                                exc.received) from None
        self._outputs(graph)
        self._notes(skipped)
        return self.net

    def _needed(self) -> set[int]:
        """Indices of the nodes some graph output depends on (runtimes skip the others too)."""
        writer = {out: node for node in self.nodes for out in node.outputs if out}
        needed, todo = set(), [o.name for o in self.model.graph.output]
        while todo:
            node = writer.get(todo.pop())
            if node is None or node.index in needed:
                continue
            needed.add(node.index)
            todo.extend(i for i in node.inputs if i)
        return needed

    def _outputs(self, graph) -> None:
        g = self.net.graph
        for o in graph.output:
            v = self.values.get(o.name)
            if isinstance(v, Act) and v.node != "input":
                self.net.mark_output(v.node)
        for name in list(g.nodes):  # read only by shape arithmetic (Shape, Size): still computed
            if name != "input" and not g.succ[name]:
                g.nodes[name]["output"] = True

    def _notes(self, skipped: int) -> None:
        notes = self.net.notes
        if self.recognised:
            notes.append("recognised: " + ", ".join(f"{n} {what}" for what, n in self.recognised.items()))
        shared = {v.name for v in self.values.values() if isinstance(v, Weight) and v.shared}
        several = sum(1 for n in self.readers.values() if n > 1)
        if several:
            notes.append(f"{several} initializer(s) are read by several layers"
                         + (f" ({len(shared)} through Identity nodes: PyTorch's exporter merges bit-identical "
                            "tensors)" if shared else "") + "; each layer counts its own copy")
        folded = self.folded_bn()
        if folded and not any(n.op == "BatchNormalization" for n in self.nodes):
            notes.append(folded)
        if skipped:
            notes.append(f"{skipped} node(s) that no graph output depends on were left out")

    def folded_bn(self) -> str:
        fused = sum(1 for n in self.nodes if "FuseBatchNormIntoConv" in n.metadata.get(
            "pkg.onnxscript.rewriter.rule_name", ""))
        if fused:
            return (f"batch norm folded by the exporter into {fused} convolution(s): their biases are "
                    "counted, BN's γ and β are not in the file")
        biased = sum(1 for n in self.nodes if n.op == "Conv" and n.input(2))
        if biased and self.model.producer_name == "pytorch":
            return (f"no BatchNormalization in the file; {biased} convolution(s) have biases (where the network "
                    "had batch norm, PyTorch's eval-mode export folded it into the conv before it: γ and β "
                    "are gone, the conv's bias is counted)")
        return ""


def _network_name(path: Path) -> str:
    stem = path.name[:-5] if path.name.endswith(".onnx") else path.stem
    return naming._clean(stem.replace("/", "_")) or "onnx"


def load_model(path: Path):
    """The ModelProto of ``path`` without the data of its large initializers (slim.py)."""
    import onnx
    from google.protobuf.message import DecodeError
    from .slim import slim_model_bytes
    data = slim_model_bytes(path)
    try:
        return onnx.ModelProto.FromString(data)
    except (DecodeError, ValueError, RuntimeError):
        raise SpecError(str(path), "not an ONNX model file (the protobuf does not parse)",
                        "a .onnx file written by an ONNX exporter", "unreadable bytes") from None


def read(path: Path, input_size: tuple[int, int] | None = None) -> Network:
    model = load_model(path)
    if not model.HasField("graph"):
        raise SpecError(str(path), "not an ONNX model file (no graph)", "a .onnx file with a graph", "none")
    return Reader(model, path, input_size).run()
