"""The depthwise-separable saving (MobileNet, Section 3.1), pair by pair and for a whole model.

A standard conv with D_K×D_K kernels from M to N channels on a D_F×D_F output map costs
    D_K·D_K·M·N·D_F·D_F
mult-adds. A depthwise D_K×D_K conv (one filter per channel) followed by a pointwise 1×1 conv
from M to N channels does the same job for
    D_K·D_K·M·D_F·D_F + M·N·D_F·D_F,
so the ratio is exactly 1/N + 1/D_K² (a non-square kernel: 1/N + 1/(k_h·k_w)).

Here the separable side is what the engine counted for the two layers, and the standard side is
what ``Conv2d``'s own rule gives for the conv they replace (same kernel, stride, padding and
dilation as the depthwise conv, N filters), so the formula checks the engine, not itself.

A pair is a depthwise conv (groups = C_in, C_out = C_in) whose output reaches an ungrouped,
stride-1 1×1 conv through nothing but shape-preserving, MAC-free layers (batch norm, ReLU, ...).
Each layer on that path has one consumer, or one consumer on the path plus side branches that
only feed back into it: a squeeze-excitation (pool, two 1×1 convs, gate) whose gate multiplies
the path again (EfficientNet, MobileNetV3). The side branch's MACs are its own, not the pair's.
A grouped 1×1 (ShuffleNet) is not a pointwise conv in this sense: its ratio would be
1/N + 1/(g·D_K²), and the paper's formula does not apply.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from fractions import Fraction

from tabulate import tabulate

from .engine import Analysis, Row, analyze
from .errors import OptionError
from .layers import Conv2d
from .registry import Model, builtin_models
from .report import TABLE_STYLE
from .tensor import Shape
from .units import exact

FORMATS = ("text", "markdown", "json")



@dataclass(frozen=True)
class Pair:
    """One depthwise + pointwise pair, with the standard conv it replaces."""

    depthwise: str
    pointwise: str
    m: int                      # input channels M
    n: int                      # output channels N
    kernel: tuple[int, int]     # D_K × D_K
    size: tuple[int, int]       # D_F × D_F, the pair's output map
    depthwise_macs: int
    pointwise_macs: int
    standard_macs: int

    @property
    def separable_macs(self) -> int:
        return self.depthwise_macs + self.pointwise_macs

    @property
    def ratio(self) -> Fraction:
        """Separable over standard, from the counted MACs."""
        return Fraction(self.separable_macs, self.standard_macs)

    @property
    def formula(self) -> Fraction:
        """The paper's 1/N + 1/D_K²."""
        return Fraction(1, self.n) + Fraction(1, self.kernel[0] * self.kernel[1])


def _shape(row: Row, i: int = 0) -> Shape:
    return Shape(*row.input_shapes[i])


def _side_branch(graph, node: str, start: str, main: str) -> set[str] | None:
    """The nodes reachable from ``start`` before ``main``, if they form a branch that reads only
    ``node`` (and itself) and feeds only itself and ``main``: a gate such as squeeze-excitation's.
    None if the branch leaks anywhere else."""
    branch, todo = set(), [start]
    while todo:
        current = todo.pop()
        if current in branch:
            continue
        branch.add(current)
        for successor in graph.succ[current]:
            if successor != main:
                todo.append(successor)
        if not graph.succ[current]:
            return None  # a branch that ends without reaching the main path
    for member in branch:
        if any(p not in branch and p != node for p in graph.pred[member]):
            return None
    return branch


def _next_on_path(graph, node: str) -> tuple[str, set[str]] | None:
    """The one consumer of ``node`` that carries the path on, and the side-branch nodes that
    feed back into it; None when the path forks for good."""
    successors = list(graph.succ[node])
    if len(successors) == 1:
        return successors[0], set()
    found = []
    for main in successors:
        side: set[str] = set()
        for other in successors:
            if other == main:
                continue
            branch = _side_branch(graph, node, other, main)
            if branch is None:
                break
            side |= branch
        else:
            found.append((main, side))
    return found[0] if len(found) == 1 else None


def _pointwise_after(analysis: Analysis, dw: Row, variant: int) -> Row | None:
    """The pointwise conv fed by ``dw`` through MAC-free, shape-preserving layers, if any."""
    graph = analysis.network.graph
    node = dw.name
    while True:
        step = _next_on_path(graph, node)
        if step is None:
            return None
        main, side = step
        row = analysis.row(main, variant)
        if any(i != node and i not in side for i in row.inputs):
            return None  # the path merges with something from elsewhere
        layer = row.layer
        if isinstance(layer, Conv2d):
            pointwise = (layer.kernel_size == (1, 1) and layer.stride == (1, 1) and not side
                         and layer.groups == 1 and row.input_shapes[0] == dw.output_shape)
            return row if pointwise else None
        if row.macs or row.output_shape != dw.output_shape:
            return None
        node = row.name


def _replaced(dw: Conv2d, n: int) -> Conv2d:
    """The standard conv a depthwise + pointwise pair stands for."""
    return Conv2d(n, dw.kernel_size, stride=dw.stride, padding=dw.padding, dilation=dw.dilation,
                  bias=False)


def pairs(analysis: Analysis, variant: int = 0) -> list[Pair]:
    """Every depthwise-separable pair of the analysed network, in schedule order."""
    found = []
    batch = int(analysis.batch[variant])
    for row in analysis.rows(variant):
        layer = row.layer
        if not (isinstance(layer, Conv2d) and row.input_shapes
                and layer.is_depthwise([_shape(row)]) and layer.out_channels == row.input_shapes[0][0]):
            continue
        pw = _pointwise_after(analysis, row, variant)
        if pw is None:
            continue
        x = [_shape(row)]
        standard = _replaced(layer, pw.layer.out_channels)
        y = standard.output_shape(x, row.name)
        found.append(Pair(
            depthwise=row.name, pointwise=pw.name, m=row.input_shapes[0][0],
            n=pw.layer.out_channels, kernel=layer.kernel_size, size=row.output_shape[1:],
            depthwise_macs=row.macs, pointwise_macs=pw.macs,
            standard_macs=int(standard.macs(x, y)) * batch))
    return found


# --- the whole model against its standard-conv counterpart ----------------------------------

def counterpart(model: Model, options: dict) -> tuple[str, object] | None:
    """The model built with full convs instead of separable pairs: (name, Network), when the
    builder takes ``separable``. The name is a registered model's when one has exactly these
    options (``mobilenet`` → ``conv-mobilenet``)."""
    if "separable" not in inspect.signature(model.build).parameters:
        return None
    wanted = {**model.options, **options, "separable": False}
    name = next((m.name for m in builtin_models().values()
                 if m.build is model.build and m.options == wanted), None)
    net = model.network(**{**options, "separable": False})
    given = "".join(f"{k}={v}, " for k, v in options.items() if k != "separable")
    label = name or f"{model.name} ({given}separable=False)"
    net.name = label
    return label, net


def totals_comparison(separable: dict, standard: dict) -> dict:
    """MACs and params of both (``Analysis.totals()`` dicts), and standard over separable as
    exact fractions."""
    return {q: {"separable": separable[q], "standard": standard[q],
                "ratio": Fraction(standard[q], separable[q])} for q in ("macs", "params")}


def _paper_figures(names: list[str]) -> list:
    """The ledger's figures on these models' totals (MACs, params, ratios), first source of
    each printed value, with their verdicts."""
    from .ledger import all_figures, verdict
    seen, found = set(), []
    for figure in all_figures():
        if (figure.model not in names or figure.quantity not in ("macs", "params", "ratio")
                or figure.node or figure.group or figure.options or figure.input_size):
            continue
        key = (figure.model, figure.quantity, figure.printed)
        if key not in seen:
            seen.add(key)
            found.append(verdict(figure))
    return found


def _fraction(x: Fraction) -> str:
    return f"{x.numerator}/{x.denominator}" if x.denominator != 1 else str(x.numerator)


def separable_data(model: Model | None, options: dict, analysis: Analysis, variant: int = 0) -> dict:
    """Everything the section shows, as plain data (fractions as 'p/q' strings)."""
    data = {"pairs": [{
        "depthwise": p.depthwise, "pointwise": p.pointwise, "M": p.m, "N": p.n,
        "kernel": list(p.kernel), "output": list(p.size), "depthwise_macs": p.depthwise_macs,
        "pointwise_macs": p.pointwise_macs, "separable_macs": p.separable_macs,
        "standard_macs": p.standard_macs, "ratio": _fraction(p.ratio),
        "formula": _fraction(p.formula), "equal": p.ratio == p.formula,
    } for p in pairs(analysis, variant)]}
    other = None if model is None else counterpart(model, options)  # a Network has no builder
    if other is not None:
        name, net = other
        standard = analyze(net, input_size=(int(analysis.height[variant]), int(analysis.width[variant])),
                           batch=int(analysis.batch[variant]), dtype=analysis.dtype)
        compared = totals_comparison(analysis.totals(variant), standard.totals())
        given = ", ".join(f"{k}={v}" for k, v in options.items())
        data["whole_model"] = {
            "separable": analysis.network.name + (f" ({given})" if given else ""), "standard": name,
            **{q: {**v, "ratio": _fraction(v["ratio"]), "ratio_float": float(v["ratio"])}
               for q, v in compared.items()},
        }
        default_input = tuple(analysis.network.input_layer.size) == (
            int(analysis.height[variant]), int(analysis.width[variant]))
        # Paper figures are about the named models as registered: not after -O or --input.
        figures = _paper_figures([analysis.network.name, name]) if not options and default_input else []
        data["paper"] = [{"model": v.figure.model, "what": v.figure.label or v.figure.quantity,
                          "printed": v.figure.printed, "source": v.figure.source,
                          "computed": None if v.computed is None else v.printed.as_printed(v.computed),
                          "verdict": v.verdict}
                         for v in figures]
    return data


def render_separable(data: dict, fmt: str = "text") -> str:
    """The section as text or Markdown."""
    style = TABLE_STYLE[fmt]
    lines = [("depthwise separable pairs: separable = D_K²·M·D_F² + M·N·D_F², "
              "standard = D_K²·M·N·D_F², ratio = 1/N + 1/D_K²")]
    if not data["pairs"]:
        lines.append("(no depthwise conv followed by an ungrouped pointwise 1×1 conv)")
    else:
        body = [[f"{p['depthwise']} + {p['pointwise']}", p["M"], p["N"],
                 "×".join(map(str, p["kernel"])), "×".join(map(str, p["output"])),
                 exact(p["separable_macs"]), exact(p["standard_macs"]), p["ratio"], p["formula"],
                 "yes" if p["equal"] else "NO",
                 f"{p['standard_macs'] / p['separable_macs']:.2f}×"] for p in data["pairs"]]
        lines.append(tabulate(body, ["pair", "M", "N", "D_K", "D_F", "separable MACs",
                                     "standard MACs", "ratio", "1/N + 1/D_K²", "equal", "saving"],
                              tablefmt=style, disable_numparse=True))
    whole = data.get("whole_model")
    if whole:
        rows = [[label, exact(whole[q]["separable"]), exact(whole[q]["standard"]),
                 f"{whole[q]['ratio_float']:.2f}×"] for q, label in (("macs", "MACs"),
                                                                      ("params", "params"))]
        lines.append(f"whole model: {whole['separable']} against {whole['standard']} "
                     "(every pair replaced by the standard conv)")
        lines.append(tabulate(rows, ["", whole["separable"], whole["standard"], "standard / separable"],
                              tablefmt=style, disable_numparse=True))
        if data["paper"]:
            rows = [[f["model"], f["what"], f["printed"], f["computed"] or "", f["verdict"],
                     f["source"]] for f in data["paper"]]
            lines.append(tabulate(rows, ["model", "figure", "paper", "computed", "verdict", "source"],
                                  tablefmt=style, disable_numparse=True))
    return "\n\n".join(lines) + "\n"


def with_separable(report_text: str, fmt: str, model: Model, options: dict,
                   analysis: Analysis) -> str:
    """``costcalc report --explain-separable``: the report followed by the section (text,
    Markdown), or the JSON report with a ``separable`` key."""
    if fmt not in FORMATS:
        raise OptionError("--explain-separable", "the separable section is written as text, "
                          "markdown or json", " | ".join(FORMATS), repr(fmt))
    data = separable_data(model, options, analysis)
    if fmt == "json":
        report = json.loads(report_text)
        report["separable"] = data
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    return report_text + "\n" + render_separable(data, fmt)
