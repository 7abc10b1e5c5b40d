"""The paper ledger: every figure a source states, as data, and the verdict on it.

A ``Figure`` records what a paper or our course material prints ("138M", "2.7K", "94.86%"),
where (``source``: paper or seed file, table, row, column), what it is about (a model, and a
node or scope of it, or a custom measure), and the rounding its printing implies: "138M" means
137.5M to 138.5M; "138.4M" means 138.35M to 138.45M. Spec files declare their figures in a
module-level ``FIGURES`` list; ``verdict()`` compares each with the computed value.

Verdicts:
  match     the computed value lies inside the printed rounding
  close     outside it but inside a stated relative tolerance, with the reason it is not exact
  variant   the figure belongs to another named model (e.g. v1 vs v1.5, BN or not) and matches it
  erratum   the source is wrong; ``erratum`` holds the one-line reason
  mismatch  none of these: a bug or an open question, and CI fails on it
A figure that claims close/variant/erratum is still checked: if the computation drifts so the
claim no longer holds, the verdict falls to mismatch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

from .engine import Analysis, analyze
from .errors import SpecError
from .grouping import group_rows
from .models import builtin_models

VERDICTS = ("match", "close", "variant", "erratum", "mismatch")
QUANTITIES = ("params", "macs", "flops", "activations", "activation_bytes", "weight_bytes",
              "output_size", "ratio", "percent", "count")

_DECIMAL = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "B": 10**9}
_BINARY = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
_NUMBER = re.compile(
    r"^\s*(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?)\s*"
    r"(?:(?:x|×|\*)\s*10\^(?P<exp>-?\d+))?\s*"
    r"(?P<prefix>[KMGT]?)(?P<binary>i)?\s*(?P<unit>B|%)?\s*$")


@dataclass(frozen=True)
class Printed:
    """A printed number: its value and the half-width of the interval its printing implies."""

    value: Fraction
    half_width: Fraction

    @property
    def low(self) -> Fraction:
        return self.value - self.half_width

    @property
    def high(self) -> Fraction:
        return self.value + self.half_width

    def contains(self, x) -> bool:
        return self.low <= Fraction(x) <= self.high


def parse_printed(text: str, units: str = "decimal") -> Printed:
    """Read a printed figure. The last printed digit sets the rounding: "138M" → 138e6 ± 0.5e6,
    "2.7K" → 2700 ± 50, "34,944" → exact ± 0.5, "1.8 x10^9" → 1.8e9 ± 0.05e9, "94.86%" →
    94.86 ± 0.005 (percent points), "102 MB" → 102e6 bytes ± 0.5e6. ``units='binary'`` reads
    K/M/G as 1024-based (and "MiB" is binary whatever ``units`` says).
    """
    match = _NUMBER.match(text)
    if not match:
        raise SpecError(text, "a printed figure is a number with an optional K/M/G, x10^n, B or %",
                        "e.g. 138M, 2.7K, 15,300 M, 1.8 x10^9, 94.86%", repr(text))
    digits = match.group("num").replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    scale = Fraction(10) ** int(match.group("exp") or 0)
    table = _BINARY if (units == "binary" or match.group("binary")) else _DECIMAL
    scale *= table[match.group("prefix")]
    value = Fraction(digits) * scale
    half = Fraction(1, 2) * Fraction(1, 10**decimals) * scale
    return Printed(value, half)


@dataclass(frozen=True)
class Figure:
    """One figure as its source prints it.

    ``model``: the registry name it is checked against. What is computed: ``quantity`` of the
    whole model, or of ``node`` (a node path) or ``group`` (a scope path, summed); or
    ``measure(analysis)`` for anything else (a ratio, a percentage, an output size).
    ``input_size``/``options``: how to analyse (e.g. AlexNet on 224 for the paper's erratum).
    Exactly one of the claims may be given: ``erratum`` (reason the source is wrong),
    ``variant`` (the model it really belongs to, with ``reason``), ``tolerance`` (relative, for
    close, with ``reason``).
    """

    model: str
    quantity: str
    printed: str
    source: str
    node: str | None = None
    group: str | None = None
    measure: Callable[[Analysis], object] | None = None
    units: str = "decimal"
    input_size: object = None
    options: dict = field(default_factory=dict)
    erratum: str | None = None
    variant: str | None = None
    tolerance: float | None = None
    reason: str = ""
    label: str = ""

    @property
    def title(self) -> str:
        where = self.node or self.group or ""
        return self.label or " ".join(x for x in (self.model, where, self.quantity) if x)


@dataclass(frozen=True)
class Verdict:
    figure: Figure
    printed: Printed
    computed: Fraction
    verdict: str
    reason: str

    @property
    def difference(self) -> Fraction:
        return self.computed - self.printed.value

    @property
    def difference_percent(self) -> float | None:
        return None if self.printed.value == 0 else float(self.difference / self.printed.value * 100)


def _quantity(analysis: Analysis, figure: Figure):
    if figure.measure is not None:
        return figure.measure(analysis)
    if figure.node is None and figure.group is None:
        return analysis.totals()[figure.quantity]
    if figure.node is not None:
        row = analysis.row(figure.node)
        if figure.quantity == "output_size":
            return row.output_shape[1]
        return {"activation_bytes": row.activations * analysis.bytes_per_element,
                "weight_bytes": row.params * analysis.bytes_per_element}.get(
            figure.quantity, getattr(row, figure.quantity, None))
    for by in ("scope",):
        for g in group_rows(analysis, analysis.rows(), by):
            if g.key == figure.group:
                return g.total(figure.quantity)
    raise SpecError(figure.group, "a figure's group names no scope of the model", "a scope path",
                    repr(figure.group))


def compute(figure: Figure, model: str | None = None) -> Fraction:
    """The computed value of what ``figure`` is about (on ``model``, default its own)."""
    net = builtin_models()[model or figure.model].network(**figure.options)
    analysis = analyze(net, input_size=figure.input_size)
    value = _quantity(analysis, figure)
    if value is None:
        raise SpecError(figure.title, "unknown quantity", " | ".join(QUANTITIES), figure.quantity)
    return Fraction(value)


def verdict(figure: Figure) -> Verdict:
    printed = parse_printed(figure.printed, figure.units)
    computed = compute(figure)
    claims = [c for c in (figure.erratum, figure.variant, figure.tolerance) if c is not None]
    if len(claims) > 1:
        raise SpecError(figure.title, "a figure makes at most one claim (erratum, variant or tolerance)",
                        1, len(claims))
    if printed.contains(computed):
        return Verdict(figure, printed, computed, "match", figure.reason)
    if figure.erratum:
        return Verdict(figure, printed, computed, "erratum", figure.erratum)
    if figure.variant:
        other = compute(figure, figure.variant)
        if printed.contains(other):
            return Verdict(figure, printed, computed, "variant",
                           f"matches {figure.variant} ({float(other):,.0f}): {figure.reason}")
        return Verdict(figure, printed, computed, "mismatch",
                       f"claimed variant {figure.variant} gives {float(other):,.0f}, also outside")
    if figure.tolerance is not None:
        if abs(computed - printed.value) <= Fraction(figure.tolerance) * abs(printed.value):
            return Verdict(figure, printed, computed, "close", figure.reason)
        return Verdict(figure, printed, computed, "mismatch",
                       f"outside the stated tolerance {figure.tolerance:.1%}: {figure.reason}")
    return Verdict(figure, printed, computed, "mismatch", "no explanation recorded")


def all_figures() -> list[Figure]:
    """Every figure declared by the built-in spec modules (their ``FIGURES`` lists)."""
    from .models import spec_modules
    return [f for module in spec_modules() for f in getattr(module, "FIGURES", [])]


@dataclass(frozen=True)
class NotComputable:
    """A figure a source states that a static analysis cannot compute (accuracy, latency)."""

    model: str
    what: str
    printed: str
    source: str
    reason: str


def all_not_computable() -> list[NotComputable]:
    from .models import spec_modules
    return [f for module in spec_modules() for f in getattr(module, "NOT_COMPUTABLE", [])]
