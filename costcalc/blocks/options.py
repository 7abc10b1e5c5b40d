"""Checks for build options, shared by the spec builders: each raises the one-line
``OptionError`` ("option NAME: rule; expected …; received …"; the registry puts the model's name
in front), before anything is built."""

from __future__ import annotations

import math

from costcalc.errors import OptionError


def require_choice(option: str, value, allowed: tuple, what: str) -> None:
    """``value`` is one of ``allowed`` and of its type (50.0 or True is not the depth 50)."""
    if value not in allowed or type(value) is not type(allowed[0]):
        raise OptionError(f"option {option}", f"{option} must be {what}",
                          " | ".join(str(a) for a in allowed), repr(value))


def require_whole(option: str, value, rule: str, minimum: int = 1) -> None:
    """``value`` is an int ≥ ``minimum`` (bool is not)."""
    if type(value) is not int or value < minimum:
        raise OptionError(f"option {option}", rule, f"a whole number ≥ {minimum}", repr(value))


def require_number(option: str, value, rule: str, low: float, high: float | None = None,
                   low_inclusive: bool = False) -> None:
    """``value`` is a finite number above ``low`` (or equal, when ``low_inclusive``) and below
    ``high`` when given."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    ok = number and (value >= low if low_inclusive else value > low) and (high is None or value < high)
    if not ok:
        bounds = f"{'≥' if low_inclusive else '>'} {low}" + (f" and < {high}" if high is not None else "")
        raise OptionError(f"option {option}", rule, f"a number {bounds}", repr(value))


def require_classes(num_classes) -> None:
    require_whole("num_classes", num_classes, "the classifier needs at least one class")
