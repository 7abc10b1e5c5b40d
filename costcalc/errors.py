"""Errors a user can cause. Each renders as one line: where, what rule, expected, received.

The CLI prints ``Error: <message>`` and exits non-zero; nothing here is an ``assert``.
"""

from __future__ import annotations


class CostcalcError(Exception):
    """Base class. ``where`` is a node path, option name or file; ``rule`` names the broken rule."""

    exit_code = 1

    def __init__(self, where: str, rule: str, expected: object = None, received: object = None):
        self.where, self.rule, self.expected, self.received = where, rule, expected, received
        parts = [f"{where}: {rule}"]
        if expected is not None:
            parts.append(f"expected {expected}")
        if received is not None:
            parts.append(f"received {received}")
        super().__init__("; ".join(parts))


class SpecError(CostcalcError):
    """The spec itself is malformed: bad hyper-parameter, unknown layer, bad wiring."""


class ShapeError(CostcalcError):
    """Shapes do not fit together at a node (this input does not work with this spec)."""


class OptionError(CostcalcError):
    """A command-line or API option has a bad value."""

    exit_code = 2


class UnknownModelError(CostcalcError):
    """No built-in model and no spec file has this name."""

    exit_code = 2


class CountOverflowError(CostcalcError):
    """A count does not fit in int64; we refuse to wrap around silently."""


class MissingExtraError(CostcalcError):
    """A feature needs an optional extra that is not installed (``pip install "costcalc[x]"``)."""
