"""The ledger's data model: a printed figure, how to read it, and the verdict on it.

A ``Figure`` records what a paper or our course material prints ("138M", "2.7K", "94.86%",
"18 : 25"), where (``source``: a citation of a document in costcalc/ledger/sources.py, at a
table, row, column or slide), what it is about (a model, and a node or scope of it, or a custom
``measure`` over the analysed net), the report page it belongs on (``table``), and the rounding
its printing implies: "138M" means 137.5M to 138.5M; "138.4M" means 138.35M to 138.45M. The
figures of each family are declared in costcalc/ledger/families/<family>.py (``FIGURES``, and
``NOT_COMPUTABLE`` for accuracy, latency and the like); ``verdict()`` compares each with the
computed value. The printed side is always the source's text, typed in; only the computed side
comes from the spec, so a changed spec shows up as a mismatch.

Verdicts:
  match     the computed value lies inside the printed rounding
  close     outside it but inside a stated relative tolerance, with the reason it is not exact
  variant   the figure belongs to another named model (e.g. v1 vs v1.5, BN or not) and matches it
  erratum   the source is wrong; ``erratum`` holds the one-line reason
  mismatch  none of these: a bug or an open question, and CI fails on it
A figure that claims close/variant/erratum is still checked: if the computation drifts so the
claim no longer holds, the verdict falls to mismatch. In particular an erratum whose figure now
matches is a mismatch (the source was wrong, so a spec that agrees with it was bent), and an
erratum with ``explained_by`` must keep reproducing the source's mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from typing import Callable

from ..engine import Analysis, analyze
from ..errors import CostcalcError, SpecError
from ..registry import builtin_models
from ..units import UNIT_SYSTEMS
from .sources import Citation

VERDICTS = ("match", "close", "variant", "erratum", "mismatch")
QUANTITIES = ("params", "weights", "macs", "flops", "other_ops", "activations",
              "activation_bytes", "weight_bytes", "output_size", "output_channels",
              "ratio", "percent", "count", "bytes")  # the last four need a measure
# Bytes are elements times the dtype's size; the element count behind each bytes quantity.
_BYTES_OF = {"weight_bytes": "params", "activation_bytes": "activations"}
_ROW_COUNTS = ("params", "weights", "biases", "bn", "macs", "flops", "other_ops", "activations")

_DECIMAL = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}
_BINARY = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
_NUMBER = re.compile(
    r"^\s*(?P<num>[0-9][0-9,.]*)\s*"
    r"(?:(?:x|×|\*)\s*10\^(?P<exp>-?\d+))?\s*"
    r"(?P<prefix>[kKMGT]?)(?P<binary>i)?\s*(?P<unit>B|bytes?|%)?\s*$")
_RATIO = re.compile(r"^\s*(?P<a>[0-9][0-9,]*)\s*:\s*(?P<b>[0-9][0-9,]*)\s*$")
_SQUARE = re.compile(r"^\s*(?P<n>[0-9]+)\s*[x×]\s*(?P=n)\s*$")  # "5x5": a 5×5 field


@dataclass(frozen=True)
class Printed:
    """A printed number: its value and the half-width of the interval its printing implies.

    ``scale`` (the K/M/G multiplier), ``decimals`` and ``suffix`` say how it was printed, so a
    computed value can be shown the same way (``as_printed``); ``ratio`` marks "a : b".
    """

    value: Fraction
    half_width: Fraction
    scale: Fraction = Fraction(1)
    decimals: int = 0
    suffix: str = ""
    ratio: bool = False

    @property
    def low(self) -> Fraction:
        return self.value - self.half_width

    @property
    def high(self) -> Fraction:
        return self.value + self.half_width

    def contains(self, x) -> bool:
        return self.low <= Fraction(x) <= self.high

    def as_printed(self, x) -> str:
        """``x`` written the way this figure is printed, one digit finer: 138,357,544 → '138.4M'."""
        x = Fraction(x)
        if self.ratio:
            return f"{x.numerator} : {x.denominator}"
        shown = x / self.scale
        exact_at_print = (shown * 10**self.decimals).denominator == 1  # no finer digit to show
        digits = self.decimals + (0 if exact_at_print else 1)
        return f"{float(shown):,.{digits}f}{self.suffix}"


def _significant_half(value: Fraction, significant: int) -> Fraction:
    """Half a unit in the ``significant``-th digit of ``value`` (800,000 at 2 digits → 5,000)."""
    magnitude, size = 0, abs(value)
    while size >= Fraction(10) ** (magnitude + 1):
        magnitude += 1
    while size and size < Fraction(10) ** magnitude:
        magnitude -= 1
    return Fraction(5) * Fraction(10) ** (magnitude - significant)


def parse_printed(text: str, units: str = "decimal", thousands: str = ",",
                  significant: int | None = None) -> Printed:
    """Read a printed figure. The last printed digit sets the rounding: "138M" → 138e6 ± 0.5e6,
    "2.7K" → 2700 ± 50, "34,944" → exact ± 0.5, "1.8 x10^9" → 1.8e9 ± 0.05e9, "94.86%" →
    94.86 ± 0.005 (percent points), "102 MB" → 102e6 bytes ± 0.5e6, "18 : 25" → 18/25 exactly,
    "5x5" → 5 (a square field). ``units='binary'`` reads K/M/G as 1024-based (and "MiB" is
    binary whatever ``units`` says). ``thousands='.'`` reads a source that groups digits with
    dots ("2.359.296", "1.728" = 1,728). ``significant``: the source rounds to that many
    significant digits, so trailing zeros are not digits it vouches for ("800K" at 2 → ± 5K).
    """
    if units not in UNIT_SYSTEMS:
        raise SpecError(text, "unknown unit system", " | ".join(UNIT_SYSTEMS), repr(units))
    ratio, square = _RATIO.match(text), _SQUARE.match(text)
    if ratio:
        a, b = (int(ratio.group(k).replace(",", "")) for k in "ab")
        return Printed(Fraction(a, b), Fraction(0), ratio=True)
    if square:
        return Printed(Fraction(int(square.group("n"))), Fraction(1, 2))
    match = _NUMBER.match(text)
    if not match:
        raise SpecError(text, "a printed figure is a number with an optional K/M/G, x10^n, B or %, "
                        "a ratio a : b, or a square NxN",
                        "e.g. 138M, 2.7K, 15,300 M, 1.8 x10^9, 94.86%, 18 : 25, 5x5", repr(text))
    digits = match.group("num")
    digits = (digits.replace(".", "").replace(",", ".") if thousands == "."
              else digits.replace(",", ""))
    if digits.count(".") > 1:
        raise SpecError(text, "more than one decimal point (a source grouping thousands with dots "
                        "needs thousands='.')", "one decimal point", repr(text))
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    scale = Fraction(10) ** int(match.group("exp") or 0)
    table = _BINARY if (units == "binary" or match.group("binary")) else _DECIMAL
    prefix = match.group("prefix").upper()
    scale *= table[prefix]
    value = Fraction(digits) * scale
    half = Fraction(1, 2) * Fraction(1, 10**decimals) * scale
    if significant is not None:
        half = max(half, _significant_half(value, significant))
    unit = match.group("unit") or ""
    unit = "B" if unit.startswith("byte") else unit
    suffix = (" " if unit == "B" else "") + prefix + (match.group("binary") or "") + unit
    if match.group("exp"):
        suffix = f" x10^{match.group('exp')}" + suffix
    return Printed(value, half, scale, decimals, suffix)


@dataclass(frozen=True)
class Figure:
    """One figure as its source prints it.

    ``model``: the registry name it is checked against. What is computed: ``quantity`` of the
    whole model, or of ``node`` (a node path) or ``group`` (a scope path: every node inside it,
    summed); or ``measure(analysis)`` for anything else (a ratio, a percentage, a count).
    ``input_size``/``options``: how to analyse (e.g. AlexNet on 224 for the paper's erratum).
    Reading the printed text: ``units`` (decimal or binary K/M), ``thousands`` (the source's
    digit-grouping character), ``significant`` (the source rounds to that many digits).
    At most one claim: ``erratum`` (why the source is wrong; ``explained_by(analysis)`` may
    reproduce the source's mistaken number, e.g. params read as bytes), ``variant`` (the model it
    really belongs to, with ``reason``), ``tolerance`` (relative, for close, with ``reason``).
    ``source``: the citations it comes from (a ``Citation``, or several in a tuple; free text
    only for figures made up in tests). ``table`` (required, by keyword): the report page it
    belongs on, one of costcalc/ledger/pages.py's ``TABLES``.
    """

    model: str
    quantity: str
    printed: str
    source: Citation | tuple[Citation, ...] | str
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
    thousands: str = ","
    significant: int | None = None
    explained_by: Callable[[Analysis], object] | None = None
    table: str = field(kw_only=True)

    def __post_init__(self):
        object.__setattr__(self, "source", _citations(self.source))

    @property
    def source_text(self) -> str:
        return source_text(self.source)

    @property
    def title(self) -> str:
        where = self.node or self.group or ""
        return self.label or " ".join(x for x in (self.model, where, self.quantity) if x)

    def parse(self) -> Printed:
        return parse_printed(self.printed, self.units, self.thousands, self.significant)


@dataclass(frozen=True)
class Verdict:
    figure: Figure
    printed: Printed
    computed: Fraction | None
    verdict: str
    reason: str

    @property
    def difference(self) -> Fraction | None:
        return None if self.computed is None else self.computed - self.printed.value

    @property
    def difference_percent(self) -> float | None:
        if self.computed is None or self.printed.value == 0:
            return None
        return float(self.difference / self.printed.value * 100)


def _citations(source):
    """A figure's ``source`` as a tuple of citations (free text, for test figures, stays text)."""
    if isinstance(source, Citation):
        return (source,)
    if isinstance(source, (list, tuple)):
        if not all(isinstance(c, Citation) for c in source):
            raise SpecError(repr(source), "a figure's source is citations (costcalc/ledger/sources.py)",
                            "Document.at(location, quote)", "a list with something else in it")
        return tuple(source)
    return source


def source_text(source) -> str:
    """How a record's source reads in a table cell: its citations joined by '; '."""
    return source if isinstance(source, str) else "; ".join(str(c) for c in source)


def documents_of(records) -> list:
    """The documents a list of Figures and NotComputables cite, in first-cited order."""
    found = {}
    for record in records:
        for citation in () if isinstance(record.source, str) else record.source:
            found.setdefault(citation.document.key, citation.document)
    return list(found.values())


def _hashable(value):
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    return value


@cache
def _analysis(model: str, options: tuple, input_size) -> Analysis:
    """One analysis per (model, options, input size): a ledger asks the same model many times."""
    return analyze(builtin_models()[model].network(**dict(options)), input_size=input_size)


def clear_cache() -> None:
    """Forget every cached analysis (after a spec's table changed, e.g. in a mutation test)."""
    _analysis.cache_clear()


def analysis_for(figure: Figure, model: str | None = None) -> Analysis:
    name = model or figure.model
    if name not in builtin_models():
        raise SpecError(figure.title, "a figure names a built-in model", "a name from `costcalc list`",
                        repr(name))
    return _analysis(name, tuple(sorted(figure.options.items())), _hashable(figure.input_size))


def _group_rows(analysis: Analysis, group: str):
    rows = [r for r in analysis.rows() if r.scope and
            ("/".join(r.scope) == group or "/".join(r.scope).startswith(group + "/"))]
    if not rows:
        raise SpecError(group, "a figure's group names no scope of the model", "a scope path",
                        repr(group))
    return rows


def _quantity(analysis: Analysis, figure: Figure):
    if figure.measure is not None:
        return figure.measure(analysis)
    if figure.quantity not in QUANTITIES:
        raise SpecError(figure.title, "unknown quantity", " | ".join(QUANTITIES), repr(figure.quantity))
    if figure.node is None and figure.group is None:
        totals = analysis.totals()
        if figure.quantity not in totals:
            raise SpecError(figure.title, "this quantity needs a node, a group or a measure",
                            " | ".join(totals), repr(figure.quantity))
        return totals[figure.quantity]
    rows = [analysis.row(figure.node)] if figure.node is not None else _group_rows(analysis, figure.group)
    if figure.quantity in ("output_size", "output_channels"):
        c, h, _ = rows[-1].output_shape
        return h if figure.quantity == "output_size" else c
    base = _BYTES_OF.get(figure.quantity, figure.quantity)
    if base not in _ROW_COUNTS:
        raise SpecError(figure.title, "this quantity needs a measure", " | ".join(_ROW_COUNTS),
                        repr(figure.quantity))
    total = sum(getattr(r, base) for r in rows)
    return total * analysis.bytes_per_element if base != figure.quantity else total


def count_layers(kind: type, **attrs) -> Callable[[Analysis], int]:
    """A ``measure`` counting the layers of one class (with these hyper-parameters) in a net,
    for figures like "5 conv layers" or "3 overlapping max pools"."""
    def measure(a: Analysis) -> int:
        return sum(1 for layer in a.layers if isinstance(layer, kind)
                   and all(getattr(layer, k) == v for k, v in attrs.items()))
    return measure


def compute(figure: Figure, model: str | None = None) -> Fraction:
    """The computed value of what ``figure`` is about (on ``model``, default its own)."""
    return Fraction(_quantity(analysis_for(figure, model), figure))


def _judge(figure: Figure, printed: Printed) -> tuple[Fraction, str, str]:
    claims = [c for c in (figure.erratum, figure.variant, figure.tolerance) if c is not None]
    if len(claims) > 1:
        raise SpecError(figure.title, "a figure makes at most one claim (erratum, variant or tolerance)",
                        1, len(claims))
    analysis = analysis_for(figure)
    computed = Fraction(_quantity(analysis, figure))
    inside = printed.contains(computed)
    if figure.erratum is not None:
        if inside:
            return computed, "mismatch", ("recorded as an erratum, yet the computed value is inside "
                                          f"the printed rounding (was a spec bent?): {figure.erratum}")
        if figure.explained_by is not None:
            theirs = Fraction(figure.explained_by(analysis))
            if not printed.contains(theirs):
                return computed, "mismatch", ("the erratum's explanation gives "
                                              f"{printed.as_printed(theirs)}, not the printed value: "
                                              f"{figure.erratum}")
        return computed, "erratum", figure.erratum
    if inside:
        return computed, "match", figure.reason
    if figure.variant is not None:
        other = compute(figure, figure.variant)
        if printed.contains(other):
            return computed, "variant", (f"matches {figure.variant} ({printed.as_printed(other)}): "
                                         f"{figure.reason}")
        return computed, "mismatch", (f"claimed variant {figure.variant} gives "
                                      f"{printed.as_printed(other)}, also outside")
    if figure.tolerance is not None:
        if abs(computed - printed.value) <= Fraction(figure.tolerance) * abs(printed.value):
            return computed, "close", f"{figure.reason} (within {figure.tolerance:.1%})"
        return computed, "mismatch", f"outside the stated tolerance {figure.tolerance:.1%}: {figure.reason}"
    return computed, "mismatch", "no explanation recorded"


def verdict(figure: Figure) -> Verdict:
    """Judge one figure. A figure that cannot be evaluated (bad node name, unknown model...) is a
    mismatch whose reason is the one-line error, so one bad record does not hide the others."""
    printed = Printed(Fraction(0), Fraction(0))
    try:
        printed = figure.parse()
        computed, kind, reason = _judge(figure, printed)
    except CostcalcError as exc:
        return Verdict(figure, printed, None, "mismatch", f"cannot be evaluated: {exc}")
    return Verdict(figure, printed, computed, kind, reason)


@dataclass(frozen=True)
class NotComputable:
    """A figure a source states that a static analysis cannot compute (accuracy, latency)."""

    model: str
    what: str
    printed: str
    source: Citation | tuple[Citation, ...] | str
    reason: str
    table: str = field(kw_only=True)

    def __post_init__(self):
        object.__setattr__(self, "source", _citations(self.source))

    @property
    def source_text(self) -> str:
        return source_text(self.source)

