"""The paper ledger: every figure our sources print, as data, and the verdict on each.

  model.py      Figure, NotComputable, Printed, parse_printed, Verdict, verdict, the analysis cache
  sources.py    the documents the figures cite (papers and course material), one record each
  families/     one module per spec family: its FIGURES and NOT_COMPUTABLE
  render.py     a list of verdicts as text, Markdown, CSV, JSON or HTML (``costcalc compare``)
  pages.py      the report pages of reports/ and the README summary (``costcalc reports``)

Imports run one way: pages → render → model → engine/models; families → model, sources and
the specs they measure. Nothing here imports the pages, and nothing in the ledger imports a
handout; a handout takes its ledger rows from ``render.rows_for``.
"""

from __future__ import annotations

from .families import figures_by_family, not_computable_by_family
from .model import VERDICTS, Figure, NotComputable, Printed, Verdict, clear_cache, count_layers, parse_printed, verdict

__all__ = ["VERDICTS", "Figure", "NotComputable", "Printed", "Verdict", "clear_cache", "count_layers",
           "figures", "figures_by_family", "figures_for", "not_computable", "not_computable_by_family",
           "not_computable_for", "parse_printed", "verdict"]


def figures() -> list[Figure]:
    """Every figure of every family."""
    return [f for _, f in figures_by_family()]


def not_computable() -> list[NotComputable]:
    """Every record a source states that a static analysis cannot compute."""
    return [n for _, n in not_computable_by_family()]


def figures_for(model: str) -> list[Figure]:
    """The figures about ``model``: checked on it, or claiming it as their variant."""
    return [f for f in figures() if model in (f.model, f.variant)]


def not_computable_for(model: str) -> list[NotComputable]:
    return [n for n in not_computable() if n.model == model]
