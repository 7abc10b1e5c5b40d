"""Receptive fields: which pixels of the network's input a layer's output can depend on.

Per axis, a field is the span of input pixels [lo, hi] that the layer's first output (position
0) sees, and the jump j: input pixels between neighbouring outputs (the effective stride).
Pixels are indexed from 0 at the input's first; padded positions are counted where the grid
puts them, so lo may be negative and hi past the edge (the "theoretical" field of Araujo, Norris
& Sim, "Computing Receptive Fields of Convolutional Neural Networks", Distill 2019, whose
"effective padding" is −lo). What reports show:

    receptive field r = hi − lo + 1      jump j      start = (lo + hi)/2, the field's centre

A window layer (kernel k, stride s, dilation d, padding p before the first position) maps an
input field to
    r_out = r_in + (k_eff − 1)·j_in,   j_out = j_in·s,   start_out = start_in + ((k_eff − 1)/2 − p)·j_in
with k_eff = d(k − 1) + 1: output 0 reads input positions −p … k_eff − 1 − p, and input position q
sees [lo + q·j, hi + q·j]. A pointwise or element-wise layer keeps the field. A layer whose
outputs depend on its whole input map (a global pool, Flatten before a Linear, a norm whose
statistics run over H×W) sees the union of every position's field: lo stays, hi grows by
(H − 1)·j. A merge (Concat, Add, Mul) sees the union of its inputs' fields, per axis; an input
broadcast over the axis (squeeze-excitation's (C, 1, 1) gate) adds its span to every output as
``context``, a span every output of later layers sees too, whatever its position.

Upsampling (Upsample, ConvTranspose2d, PixelShuffle) has no rule that gives one field: its
outputs do not all see the same number of inputs (the count depends on the output's phase
modulo the factor), and the jump becomes a fraction. Rather than print an average, those
layers say so (``NoField``), and so does every layer after them. A layer class that defines no
``receptive_field`` rule is an error when a field is asked for (``Analysis.receptive_field``);
a report shows the field as not known from that layer on, and says why.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ..errors import SpecError


class NoField(SpecError):
    """A layer whose outputs have no single receptive field (or one that cannot be computed
    from its inputs' fields); one line, as every costcalc error."""


class Span(NamedTuple):
    """One axis of a field: [lo, hi] seen by output 0, the jump between outputs, and the
    ``context`` span every output sees besides (None when there is none). All ints. (A tuple,
    not a dataclass: a field is made per node and axis, on graphs of 10,000 nodes.)"""

    lo: int
    hi: int
    jump: int
    context: tuple[int, int] | None = None

    @property
    def extent(self) -> tuple[int, int]:
        """What output 0 sees in all: its own span and the context."""
        if self.context is None:
            return self.lo, self.hi
        return min(self.lo, self.context[0]), max(self.hi, self.context[1])

    @property
    def size(self) -> int:
        lo, hi = self.extent
        return hi - lo + 1

    @property
    def start(self) -> Fraction:
        lo, hi = self.extent
        return Fraction(lo + hi, 2)

    def window(self, reach: int, stride: int, before: int) -> Span:
        """Through a window of reach k_eff, stride s, with ``before`` padded positions before
        the first input: output 0 reads positions −before … reach − 1 − before."""
        return Span(self.lo - before * self.jump, self.hi + (reach - 1 - before) * self.jump,
                    self.jump * stride, self.context)

    def whole(self, size: int) -> Span:
        """What a single output reading all ``size`` positions sees (a global pool)."""
        return Span(self.lo, self.hi + (size - 1) * self.jump, self.jump * size, self.context)

    def with_context(self, size: int) -> Span:
        """Every output also sees all ``size`` positions of this input (statistics over H×W)."""
        return Span(self.lo, self.hi, self.jump, _union(self.context, self.whole(size).extent))


def _union(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a[0], b[0]), max(a[1], b[1])


class Field(NamedTuple):
    """A receptive field: one Span per axis (H, then W)."""

    h: Span
    w: Span

    @property
    def size(self) -> tuple[int, int]:
        return self.h.size, self.w.size

    @property
    def jump(self) -> tuple[int, int]:
        return self.h.jump, self.w.jump

    @property
    def start(self) -> tuple[Fraction, Fraction]:
        return self.h.start, self.w.start

    def describe(self) -> str:
        return f"{self.h.size}×{self.w.size}"


#: the network input: every pixel sees itself, neighbours one pixel apart
INPUT_FIELD = Field(Span(0, 0, 1), Span(0, 0, 1))


# --- the rules layers share (the explicit "nothing changes" rule included) ----------------------

def same_field(self, fields, x, y) -> Field:
    """A pointwise or element-wise layer: each output sees what its input position sees."""
    return fields[0]


def whole_input(self, fields, x, y) -> Field:
    """A single output that reads every input position (a global pool, Flatten)."""
    f, shape = fields[0], x[0]
    return Field(f.h.whole(shape.h), f.w.whole(shape.w))


def statistics_over_hw(self, fields, x, y) -> Field:
    """Each output sees its own position and, through statistics over H×W, every position."""
    f, shape = fields[0], x[0]
    return Field(f.h.with_context(shape.h), f.w.with_context(shape.w))


def merge_fields(where: str, fields: list[Field], x: list, y) -> Field:
    """Concat, Add, Mul: the union of the inputs' fields per axis. Inputs as large as the output
    on an axis line up position by position (their jumps must agree); an input of size 1 on an
    axis where the output is larger is broadcast: every output sees its span (``context``)."""
    axes = []
    for axis, out in ((0, y.h), (1, y.w)):
        spans = [f[axis] for f in fields]
        sizes = [shape[1 + axis] for shape in x]
        aligned = [s for s, n in zip(spans, sizes) if n == out]
        jumps = {s.jump for s in aligned}
        if len(jumps) > 1:
            raise NoField(where, "inputs of the same size whose fields step by different jumps have "
                          "no single field", "one jump per axis", f"jumps {sorted(jumps)} on {'HW'[axis]}")
        context = None
        for s, n in zip(spans, sizes):
            context = _union(context, s.context if n == out else s.extent)
        axes.append(Span(min(s.lo for s in aligned), max(s.hi for s in aligned), aligned[0].jump, context))
    return Field(*axes)


def no_field(why: str):
    """The rule of a layer whose outputs have no single receptive field; ``why`` says why."""
    def receptive_field(self, fields, x, y):
        raise NoField(type(self).__name__, f"no single receptive field: {why}",
                      "a layer with one field per output position", self.describe())
    return receptive_field


def field_value(n) -> int | float:
    """A start in JSON: an int, or the half-integer it is (exact in binary)."""
    n = Fraction(n)
    return int(n) if n.denominator == 1 else float(n)


__all__ = ["Field", "Span", "NoField", "INPUT_FIELD", "same_field", "whole_input", "statistics_over_hw",
           "merge_fields", "no_field", "field_value"]
