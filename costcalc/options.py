"""Build options: declared once beside the builder, checked by one mechanism.

A builder's keyword arguments are its options. Their name, type and default come from the
signature; what values they allow is declared next to it with ``@declare``::

    @declare(depth=choice(18, 34, 50), alpha=between(0, None, low_open=True, help="width α"))
    def resnet(depth: int = 50, alpha: float = 1.0, num_classes: int = 1000) -> Network: ...

Every value, whether typed on the command line (``-O depth=50``, text read as the type of the
default), given to ``costcalc.analyze(..., options=...)`` or fixed by a registry entry, goes
through ``Option.coerce``: one place that says what is allowed, so no builder re-checks it. An
option with no declaration still has its type checked (a bool is never an int; a float is
finite), and an int option called ``num_classes`` must be at least 1 (every builder's FC needs a
class).
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, field
from typing import Any, Callable

from .errors import OptionError

_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")
KIND_NAMES = {bool: "true or false", int: "an integer", float: "a number", str: "text"}


@dataclass(frozen=True)
class Allowed:
    """What values an option takes: ``choices`` (a closed list), or a range ``minimum`` ..
    ``maximum`` (either may be None; ``low_open`` excludes the minimum itself)."""

    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None
    low_open: bool = False
    help: str = ""
    text: str = ""  # how to show the range when its bounds are not short decimals (">= 1/24")

    def accepts(self, value) -> bool:
        if self.choices:
            return value in self.choices
        if self.minimum is not None and (value < self.minimum or (self.low_open and value == self.minimum)):
            return False
        return self.maximum is None or value <= self.maximum

    def describe(self) -> str:
        """'18 | 34 | 50', '> 0', '1 .. 8', '>= 1', or '' when anything of the type goes."""
        if self.choices:
            return " | ".join(str(c) for c in self.choices)
        if self.text:
            return self.text
        low = None if self.minimum is None else f"{'>' if self.low_open else '>='} {self.minimum:g}"
        if self.maximum is None:
            return low or ""
        if low is None:
            return f"<= {self.maximum:g}"
        return f"{self.minimum:g} .. {self.maximum:g}" if not self.low_open else f"{low}, <= {self.maximum:g}"


def choice(*values, help: str = "") -> Allowed:
    return Allowed(choices=tuple(values), help=help)


def between(minimum=None, maximum=None, *, low_open: bool = False, help: str = "",
            text: str = "") -> Allowed:
    return Allowed(minimum=minimum, maximum=maximum, low_open=low_open, help=help, text=text)


def described(help: str) -> Allowed:
    """No restriction beyond the type; only a help text for `costcalc info`."""
    return Allowed(help=help)


_IMPLIED = {"num_classes": between(1, help="classes of the last fully-connected layer")}


@dataclass(frozen=True)
class Option:
    """One build option: its name, the type of its default, the default, what it allows."""

    name: str
    kind: type | None
    default: Any
    allowed: Allowed = field(default_factory=Allowed)

    @property
    def type_name(self) -> str:
        return "any" if self.kind is None else self.kind.__name__

    def coerce(self, value, where: str):
        """``value`` as this option's type, checked against what it allows. Text (from the
        command line) is read as the type; anything else must already have it."""
        kind = self.kind
        if kind is None:
            return value
        if isinstance(value, str) and kind is not str:
            value = self._parse(value, where)
        elif kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        elif not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise OptionError(where, f"the option takes {KIND_NAMES.get(kind, kind.__name__)}",
                              f"e.g. {self.default!r}", repr(value))
        if kind is float and not math.isfinite(value):
            raise OptionError(where, "the option takes a finite number", f"e.g. {self.default!r}",
                              repr(value))
        if not self.allowed.accepts(value):
            raise OptionError(where, "value not allowed" + (f" ({self.allowed.help})" if self.allowed.help else ""),
                              self.allowed.describe(), repr(value))
        return value

    def _parse(self, text: str, where: str):
        kind, plain = self.kind, text.strip().lower()
        if kind is bool and plain in _TRUE + _FALSE:
            return plain in _TRUE
        if kind in (int, float) and len(plain) <= 100:  # int('9' * 5000) is slow and pointless
            try:
                return kind(plain)
            except ValueError:
                pass
        expected = " | ".join(_TRUE + _FALSE) if kind is bool else f"e.g. {self.default}"
        shown = repr(text) if len(text) <= 60 else repr(text[:57] + "...")
        raise OptionError(where, f"the option takes {KIND_NAMES.get(kind, kind.__name__)}", expected, shown)


def declare(**allowed: Allowed) -> Callable:
    """Decorator: what each named option of the builder allows. Names must be parameters."""
    def mark(build: Callable) -> Callable:
        params = inspect.signature(build).parameters
        unknown = sorted(set(allowed) - set(params))
        if unknown:
            raise TypeError(f"@declare on {build.__name__}: no parameter named {', '.join(unknown)}")
        build.__costcalc_options__ = dict(allowed)
        return build
    return mark


def options_of(build: Callable) -> dict[str, Option]:
    """Every option a builder takes, from its signature and its ``@declare`` (a builder wrapped in
    functools.partial keeps the options it does not fix)."""
    declared = dict(getattr(getattr(build, "func", build), "__costcalc_options__", {}))
    found = {}
    for name, param in inspect.signature(build).parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        default = None if param.default is inspect.Parameter.empty else param.default
        kind = None if default is None else type(default)
        if kind not in KIND_NAMES:
            kind = None  # a table or another structured default: passed through as given
        allowed = declared.get(name) or (_IMPLIED.get(name) if kind is int else None) or Allowed()
        found[name] = Option(name, kind, default, allowed)
    return found
