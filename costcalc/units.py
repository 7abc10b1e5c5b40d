"""Number formatting. Decimal K/M/G (powers of 1000) by default; binary (powers of 1024, and
KiB/MiB/GiB for bytes) only when asked, because one paper table uses it."""

from __future__ import annotations

UNIT_SYSTEMS = ("decimal", "binary")
_PREFIXES = ("", "K", "M", "G", "T", "P")


def exact(n: int) -> str:
    """138357544 → '138,357,544'."""
    return f"{int(n):,}"


def human(n: float, units: str = "decimal", kind: str = "count", compact: bool = False) -> str:
    """A short reading of n: '138.36M' for a count, '553.43 MB' or '527.79 MiB' for bytes;
    ``compact`` drops trailing zeros ('1.5G', '20M'), for plot ticks and labels."""
    base = 1024 if units == "binary" else 1000
    value, step = float(n), 0
    while abs(value) >= base and step < len(_PREFIXES) - 1:
        value /= base
        step += 1
    prefix = _PREFIXES[step]
    if compact:
        number = f"{value:g}"
    else:
        number = f"{value:.0f}" if step == 0 else f"{value:.2f}"
    if kind == "bytes":
        unit = (prefix + "iB" if units == "binary" and prefix else prefix + "B")
        return f"{number} {unit}"
    return number + prefix


def both(n: int, units: str = "decimal", kind: str = "count") -> str:
    """'138,357,544 (138.36M)'."""
    return f"{exact(n)} ({human(n, units, kind)})"
