"""Worked derivations: a layer's own rules, run on numbers that remember how they were computed.

The rules in costcalc/layers/ use arithmetic operators only, so they accept any number type. ``Traced``
is one: it carries its value and the expression that produced it. Passing traced inputs (C_in,
H, W) and traced hyper-parameters (k, s, p, ...) through ``output_shape``, ``params`` and
``macs`` yields, for each quantity, the formula in symbols, the same formula with the numbers,
and the result: the derivation *is* the engine's rule, not a second copy of it.

    H_out = ⌊(H − (k − 1) − 1)/s⌋ + 1 = ⌊(227 − (11 − 1) − 1)/4⌋ + 1 = ⌊216/4⌋ + 1 = 55

Hyper-parameters at their neutral value (stride 1, padding 0, dilation 1, groups 1) stay plain
ints, and a plain 0 added or a plain 1 multiplied or divided by is folded away, so the formula
keeps only the terms that act on this layer. Activations (C·H·W·N of a new tensor) and bytes
(activations × bytes per element) are the engine's and the report's rules, restated here in
the same operator form; tests check every derived result against the engine.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
from dataclasses import dataclass

import numpy as np

from .engine import Analysis
from .errors import OptionError
from .layers import SYMBOLS, Layer
from .tensor import Shape

NEUTRAL = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1}
_COMPARE = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥", "eq": "=", "ne": "≠"}
_ATOM = 9  # precedence of leaves and bracketed forms (⌊⌋, ⌈⌉, [ ])


def _is_int(x) -> bool:
    return isinstance(x, (int, np.integer))


class Traced:
    """An int that remembers its expression: a leaf (a named symbol or a constant) or an
    operator applied to traced operands. Only the operators the layer rules use are defined;
    anything else (``/``, ``int()``, indexing) fails loudly rather than dropping the trace."""

    __slots__ = ("args", "name", "op", "value")

    def __init__(self, value, op: str = "leaf", args: tuple = (), name: str | None = None):
        self.value, self.op, self.args, self.name = int(value), op, args, name

    @classmethod
    def lift(cls, x) -> Traced:
        return x if isinstance(x, Traced) else cls(int(x))

    @property
    def constant(self) -> bool:
        return self.op == "leaf" and self.name is None

    # -- arithmetic (plain 0 and 1 operands fold away, see the module docstring) -----------------

    def _binary(self, other, op, swap=False):
        if not (_is_int(other) or isinstance(other, Traced)):
            return NotImplemented
        a, b = (other, self) if swap else (self, other)
        plain_a, plain_b = _is_int(a), _is_int(b)
        if op == "+" and plain_a and a == 0 or op == "·" and plain_a and a == 1:
            return b
        if op in "+−" and plain_b and b == 0 or op in ("·", "//") and plain_b and b == 1:
            return a
        a, b = Traced.lift(a), Traced.lift(b)
        value = {"+": int.__add__, "−": int.__sub__, "·": int.__mul__, "//": int.__floordiv__,
                 "mod": int.__mod__}[op](a.value, b.value)
        return Traced(value, op, (a, b))

    def __add__(self, o): return self._binary(o, "+")
    def __radd__(self, o): return self._binary(o, "+", swap=True)
    def __sub__(self, o): return self._binary(o, "−")
    def __rsub__(self, o): return self._binary(o, "−", swap=True)
    def __mul__(self, o): return self._binary(o, "·")
    def __rmul__(self, o): return self._binary(o, "·", swap=True)
    def __floordiv__(self, o): return self._binary(o, "//")
    def __rfloordiv__(self, o): return self._binary(o, "//", swap=True)
    def __mod__(self, o): return self._binary(o, "mod")
    def __rmod__(self, o): return self._binary(o, "mod", swap=True)

    def __neg__(self):
        if self.op == "neg":
            return self.args[0]
        return Traced(-self.value, "neg", (self,))

    # Comparisons are Iverson brackets: 1 or 0, still traced (a ceil-mode pool subtracts one).
    def _compare(self, other, op):
        if not (_is_int(other) or isinstance(other, Traced)):
            return NotImplemented
        a, b = self, Traced.lift(other)
        test = getattr(int, f"__{op}__")(a.value, b.value)
        return Traced(int(test), _COMPARE[op], (a, b))

    def __lt__(self, o): return self._compare(o, "lt")
    def __le__(self, o): return self._compare(o, "le")
    def __gt__(self, o): return self._compare(o, "gt")
    def __ge__(self, o): return self._compare(o, "ge")
    def __eq__(self, o): return self._compare(o, "eq")
    def __ne__(self, o): return self._compare(o, "ne")
    __hash__ = object.__hash__

    def __or__(self, o):  # (h <= 0) | (w <= 0): any of two conditions
        o = Traced.lift(o)
        return Traced(int(bool(self.value) or bool(o.value)), "∨", (self, o))
    __ror__ = __or__

    def __bool__(self) -> bool:
        return self.value != 0

    def __repr__(self) -> str:
        return f"Traced({self.render('symbols')} = {self.value})"

    # -- rendering --------------------------------------------------------------------------------

    def render(self, mode: str = "symbols") -> str:
        """``symbols``: the formula; ``numbers``: the same with every leaf's value; ``step``:
        as ``numbers`` with the operands of each ⌊⌋, ⌈⌉ and [ ] reduced to their values."""
        return self._render(mode)[0]

    def _render(self, mode: str) -> tuple[str, int]:
        op, args = self.op, self.args
        if op == "leaf":
            if mode == "symbols" and self.name:
                return self.name, _ATOM
            return (f"{self.value:,}" if self.value >= 0 else f"−{-self.value:,}"), _ATOM
        if op == "neg" and args[0].op == "//" and args[0].args[0].op == "neg":
            # -(-a // b) is how the rules write ⌈a/b⌉
            num, den = args[0].args[0].args[0], args[0].args[1]
            return "⌈" + _fraction(num, den, mode) + "⌉", _ATOM
        if op == "//":
            return "⌊" + _fraction(args[0], args[1], mode) + "⌋", _ATOM
        if op == "neg":
            return "−" + _wrap(args[0], mode, 3), 3
        if op in _COMPARE.values():
            left, right = (f"{a.value:,}" if mode == "step" else a.render(mode) for a in args)
            return f"[{left} {op} {right}]", _ATOM
        if op == "∨":
            return f"{_wrap(args[0], mode, 1)} ∨ {_wrap(args[1], mode, 1)}", 0
        if op == "·":
            a, b = args
            if mode == "symbols" and a.constant and b.op == "leaf" and len(b.name or "") == 1:
                return f"{a.value}{b.name}", 2  # 2p, as the docstrings write it
            # "a·(b mod c)": a mod beside a product gets brackets, either side
            return "·".join(f"({x.render(mode)})" if x.op == "mod" else _wrap(x, mode, 2)
                            for x in (a, b)), 2
        if op == "mod":
            return f"{_wrap(args[0], mode, 2)} mod {_wrap(args[1], mode, _ATOM)}", 2
        # + and −: the right operand of − needs brackets around a sum
        right_min = 2 if op == "−" else 1
        return f"{_wrap(args[0], mode, 1)} {op} {_wrap(args[1], mode, right_min)}", 1


def _wrap(x: Traced, mode: str, minimum: int) -> str:
    text, prec = x._render(mode)
    return text if prec >= minimum else f"({text})"


def _fraction(num: Traced, den: Traced, mode: str) -> str:
    if mode == "step":
        return f"{num.value:,}/{den.value:,}"
    top = f"({num.render(mode)})" if num.op == "mod" else _wrap(num, mode, 2)
    return f"{top}/{_wrap(den, mode, _ATOM)}"


def symbol(name: str, value) -> Traced:
    return Traced(value, name=name)


def named(name: str, x) -> Traced:
    """A computed quantity used by later formulas under its own name (H_out in the MACs)."""
    return symbol(name, x.value if isinstance(x, Traced) else x)


def leaves(*exprs) -> list[tuple[str, int]]:
    """The named symbols in the expressions, in order of first appearance."""
    found: dict[str, int] = {}

    def visit(x):
        if isinstance(x, Traced):
            if x.op == "leaf" and x.name:
                found.setdefault(x.name, x.value)
            for a in x.args:
                visit(a)
    for e in exprs:
        visit(e)
    return list(found.items())


def _hyper(field: str, name: str, value):
    """A hyper-parameter as a symbol, or as it is when neutral (or not an int, e.g. 'same')."""
    traceable = _is_int(value) and not isinstance(value, bool) and value != NEUTRAL.get(field)
    return symbol(name, value) if traceable else value


def traced_layer(layer: Layer) -> Layer:
    """A copy of ``layer`` whose hyper-parameters are symbols (k, s, p, ...), except those at
    their neutral value. The copy only feeds rules; it is never checked or added to a graph."""
    traced = copy.copy(layer)
    for f in dataclasses.fields(layer):
        name, value = SYMBOLS.get(f.name), getattr(layer, f.name)
        if name is None:
            continue
        if isinstance(value, tuple) and len(value) == 2:  # (h, w): k, or k_h and k_w
            names = (name, name) if value[0] == value[1] else (f"{name}_h", f"{name}_w")
            new = tuple(_hyper(f.name, n, v) for n, v in zip(names, value))
        else:
            new = _hyper(f.name, name, value)
        object.__setattr__(traced, f.name, new)
    return traced


# -- derivations -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One derived quantity. ``key`` names the engine's number it equals (see ``engine_value``)."""

    quantity: str
    key: str
    formula: str
    numbers: str
    step: str | None
    result: int
    note: str = ""

    def chain(self) -> str:
        """'H_out = formula = numbers = step = result', leaving out repeated links."""
        parts = [self.quantity]
        for text in (self.formula, self.numbers, self.step, f"{self.result:,}"):
            if text and text != parts[-1]:
                parts.append(text)
        return " = ".join(parts)


@dataclass(frozen=True)
class Derivation:
    node: str
    describe: str
    input_shapes: tuple[tuple[int, int, int], ...]
    output_shape: tuple[int, int, int]
    lines: tuple[Line, ...]
    symbols: tuple[tuple[str, int], ...]
    warnings: tuple[str, ...]

    def shown(self) -> list[Line]:
        """The lines worth printing: W_out only where it differs from H_out."""
        by = {line.key: line for line in self.lines}
        same = "w" in by and "h" in by and by["w"].numbers == by["h"].numbers
        return [line for line in self.lines if not (same and line.key == "w")]


def _line(quantity: str, key: str, expr, note: str = "") -> Line:
    if not isinstance(expr, Traced):
        text = f"{int(expr):,}"
        return Line(quantity, key, text, text, None, int(expr), note)
    step = expr.render("step")
    numbers = expr.render("numbers")
    return Line(quantity, key, expr.render("symbols"), numbers,
                step if step != numbers else None, expr.value, note)


def _inputs(shapes) -> list[Shape]:
    if len(shapes) == 1:
        c, h, w = shapes[0]
        return [Shape(symbol("C_in", c), symbol("H", h), symbol("W", w))]
    return [Shape(symbol(f"C_{i}", c), symbol(f"H_{i}", h), symbol(f"W_{i}", w))
            for i, (c, h, w) in enumerate(shapes, start=1)]


def derive(analysis: Analysis, node: str, variant: int = 0) -> Derivation:
    """The worked derivation of one node at one variant of ``analysis``."""
    row = analysis.row(node, variant)
    layer = row.layer
    batch = int(analysis.batch[variant])
    n = symbol("N", batch) if batch != 1 else 1
    if layer.arity == 0:  # the network input, by Input's own rule
        _, h, w = row.output_shape
        x, out = [], traced_layer(layer).shape_at(symbol("H", h), symbol("W", w))
        y, params, buffers, macs = out, 0, 0, 0
    else:
        traced = traced_layer(layer)
        x = _inputs(row.input_shapes)
        out = traced.output_shape(x, node)
        # later rules see the output under its own names: MACs = ...·H_out·W_out
        y = Shape(named("C_out", out.c), named("H_out", out.h), named("W_out", out.w))
        p = traced.params(x, node)
        params, buffers = p.weights + p.biases + p.bn, p.buffers
        macs = traced.macs(x, y) * n
    acts = layer.activations(y) * n  # the layer's own rule, as the engine applies it
    acts_note = "" if layer.allocates_output else "in place or a view: no new tensor"
    b = symbol("b", analysis.bytes_per_element)
    # Analysis.bytes_of: activations × bytes per element
    act_bytes = named("activations", acts) * b if layer.allocates_output else 0
    lines = [_line("C_out", "c", out.c), _line("H_out", "h", out.h), _line("W_out", "w", out.w),
             _line("params", "params", params)]
    if buffers:
        lines.append(_line("buffers", "buffers", buffers, "running mean and variance"))
    bytes_note = f"{analysis.dtype}: b = {analysis.bytes_per_element} bytes per element"
    lines += [_line("MACs", "macs", macs), _line("activations", "activations", acts, acts_note),
              _line("bytes", "activation_bytes", act_bytes,
                    bytes_note if layer.allocates_output else "")]
    exprs = [out.c, out.h, out.w, params, buffers, macs, acts, act_bytes]
    return Derivation(node, layer.describe(), row.input_shapes, row.output_shape, tuple(lines),
                      tuple(leaves(*exprs)), row.warnings)


def engine_value(analysis: Analysis, node: str, key: str, variant: int = 0) -> int:
    """The engine's number a derivation line with ``key`` must equal."""
    row = analysis.row(node, variant)
    shape = dict(zip("chw", row.output_shape))
    if key in shape:
        return shape[key]
    return getattr(row, key)


def default_layers(analysis: Analysis, variant: int = 0) -> list[str]:
    """One node of each kind (``Layer.category``, as ``--group-by type``), plus any node with a
    warning, in network order."""
    seen, picked = set(), []
    for row in analysis.rows(variant):
        if row.layer.arity == 0:
            continue
        kind = row.layer.category([Shape(*s) for s in row.input_shapes])
        if kind not in seen or row.warnings:
            seen.add(kind)
            picked.append(row.name)
    return picked


def pick_layers(analysis: Analysis, text: str | None) -> list[str]:
    """Parse ``--layers a,b,c`` (node paths); None means ``default_layers``."""
    if text is None:
        return default_layers(analysis)
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise OptionError("--layers", "give one or more layer names, comma-separated",
                          "e.g. conv1,fc6", repr(text))
    known = set(analysis.names)
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, analysis.names, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise OptionError("--layers", f"no layer {name!r} in {analysis.network.name}{hint}",
                              f"a layer name from `costcalc report {analysis.network.name}`",
                              repr(name))
    return names
