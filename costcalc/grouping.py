"""Grouping per-node rows for reports: by stage, block, scope or layer type.

Works for any spec with scopes. ``stage`` and ``block`` use the kinds specs give their scopes
(``net.scope("conv2_x", kind="stage")``): a node goes to the deepest enclosing scope whose kind
is the one asked for or coarser (stage is coarser than block); failing that, its outermost
scope; an unscoped node is a group of its own. ``scope`` groups by the deepest scope, and
``type`` by each layer's own category (``Layer.category``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .engine import Analysis, Row
from .errors import OptionError
from .graph import SCOPE_KINDS
from .tensor import Shape

GROUP_BY = ("stage", "block", "scope", "type")


@dataclass
class Group:
    key: str
    rows: list[Row] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def total(self, attr: str) -> int:
        return sum(getattr(r, attr) for r in self.rows)

    @property
    def output_shape(self) -> tuple[int, int, int]:
        return self.rows[-1].output_shape

    @property
    def warnings(self) -> list[str]:
        return [f"{r.name}: {w}" for r in self.rows for w in r.warnings]


def _scope_key(analysis: Analysis, row: Row, by: str) -> str:
    scopes = analysis.network.scopes
    paths = ["/".join(row.scope[:i + 1]) for i in range(len(row.scope))]
    if not paths:
        return row.name
    if by == "scope":
        return paths[-1]
    accepted = SCOPE_KINDS[:SCOPE_KINDS.index(by) + 1]
    for path in reversed(paths):
        if scopes[path].kind in accepted:
            return path
    return paths[0]


def group_rows(analysis: Analysis, rows: list[Row], by: str) -> list[Group]:
    """Groups in order of first appearance. The input is in no group: papers' tables start at
    the first layer (the report says what the input adds to the activation total)."""
    if by not in GROUP_BY:
        raise OptionError("--group-by", "unknown grouping", " | ".join(GROUP_BY), repr(by))
    groups: dict[str, Group] = {}
    for row in rows:
        if row.layer.arity == 0:
            continue
        if by == "type":
            key = row.layer.category([Shape(*shape) for shape in row.input_shapes])
        else:
            key = _scope_key(analysis, row, by)
        if key not in groups:
            scope = analysis.network.scopes.get(key)
            groups[key] = Group(key, meta=dict(scope.meta) if scope else {})
        groups[key].rows.append(row)
    return list(groups.values())
