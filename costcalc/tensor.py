"""Per-sample tensor shapes, generic over the number type.

Layer rules use only arithmetic operators, so the same rule runs on plain Python ints (one
input size: exact, and fast because no numpy call is made per node) and on int64 arrays over
the *variant* axis (many input sizes at once: a resolution sweep is one walk). Shape fields
may mix the two: a conv's C_out is an int while H and W are arrays.
"""

from __future__ import annotations

from typing import NamedTuple, Union

import numpy as np

INT = np.int64
Count = Union[int, np.ndarray]


def any_true(cond) -> bool:
    """``any`` for a Python bool or a boolean array."""
    return bool(cond.any()) if isinstance(cond, np.ndarray) else bool(cond)


def first_true(cond) -> int:
    """Index of the first variant where ``cond`` holds (0 for a scalar)."""
    return int(np.argmax(cond)) if isinstance(cond, np.ndarray) else 0


def at(x: Count, v: int) -> int:
    """Variant v of a count that is an int or an array."""
    return int(x[v]) if isinstance(x, np.ndarray) else int(x)


def uniform(x: Count):
    """The single value of x if it is the same in every variant, else None."""
    if not isinstance(x, np.ndarray):
        return int(x)
    return int(x[0]) if not (x != x[0]).any() else None


class Shape(NamedTuple):
    """(C, H, W) of one sample; each field an int or an int64 array over variants."""

    c: Count
    h: Count
    w: Count

    def elements(self) -> Count:
        return self.c * self.h * self.w

    def at(self, v: int = 0) -> tuple[int, int, int]:
        return at(self.c, v), at(self.h, v), at(self.w, v)

    def describe(self, v: int = 0) -> str:
        return "×".join(str(n) for n in self.at(v))
