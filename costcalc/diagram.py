"""Pictures of a network's graph: Mermaid, Graphviz DOT, or an SVG drawn here (no Graphviz).

Each box is a node (or, with ``group_by``, one stage/block/scope: its nodes summed) with its
output shape and MACs; branches and merges are visible (an inception module's four branches
side by side, a residual block's shortcut beside its convs).

The SVG layout is a small layered drawing (Sugiyama's method, simplified): a node's rank is its
longest path from the input, an edge that skips ranks gets a waypoint in each rank it passes,
and each rank is ordered by the mean position of what it hangs from, so branches sit side by
side and a shortcut runs in a lane of its own beside the boxes it skips.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from .engine import Analysis
from .errors import OptionError
from .grouping import GROUP_BY, group_rows
from .units import human

FORMATS = ("mermaid", "dot", "svg")


@dataclass
class Box:
    id: str
    title: str
    lines: list[str]
    inputs: list[str] = field(default_factory=list)


def boxes(analysis: Analysis, group_by: str | None = None) -> list[Box]:
    """The boxes to draw, in schedule order, each with the boxes it reads."""
    rows = analysis.rows()
    if group_by is None:
        return [Box(r.name, r.name, [d for d in [r.layer.describe()] if d != r.name]
                    + ["×".join(map(str, r.output_shape))]
                    + ([f"{human(r.macs)} MACs"] if r.macs else []), list(r.inputs)) for r in rows]
    if group_by not in GROUP_BY or group_by == "type":
        raise OptionError("--group-by", "a graph groups by scope", "stage | block | scope", repr(group_by))
    groups = group_rows(analysis, rows, group_by)
    owner = {r.name: g.key for g in groups for r in g.rows}
    owner[rows[0].name] = rows[0].name  # the input is in no group: a box of its own
    found = [Box(rows[0].name, rows[0].name, ["input", "×".join(map(str, rows[0].output_shape))])]
    for g in groups:
        inputs = list(dict.fromkeys(owner[s] for r in g.rows for s in r.inputs if owner[s] != g.key))
        macs = g.total("macs")
        found.append(Box(g.key, g.key, [f"{len(g.rows)} layer{'s' if len(g.rows) > 1 else ''}", "×".join(map(str, g.output_shape))]
                         + ([f"{human(macs)} MACs"] if macs else []), inputs))
    return found


def _ident(i: int) -> str:
    return f"n{i}"


def to_mermaid(items: list[Box]) -> str:
    ids = {b.id: _ident(i) for i, b in enumerate(items)}
    lines = ["flowchart TB"]
    for b in items:
        # Mermaid reads #quot; for a quote inside a label; < > & as HTML entities
        text = "<br/>".join(html.escape(t, quote=False).replace('"', "#quot;") for t in [b.title, *b.lines])
        lines.append(f'  {ids[b.id]}["{text}"]')
    lines += [f"  {ids[s]} --> {ids[b.id]}" for b in items for s in b.inputs]
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_dot(items: list[Box], name: str) -> str:
    ids = {b.id: _ident(i) for i, b in enumerate(items)}
    lines = [f'digraph "{_dot_text(name)}" {{', "  rankdir=TB;",
             '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];']
    for b in items:
        label = "\\n".join(_dot_text(t) for t in [b.title, *b.lines])
        lines.append(f'  {ids[b.id]} [label="{label}"];')
    lines += [f"  {ids[s]} -> {ids[b.id]};" for b in items for s in b.inputs]
    return "\n".join([*lines, "}"]) + "\n"


# --- SVG ------------------------------------------------------------------------------------

_CHAR, _LINE, _PAD, _GAP_X, _GAP_Y = 6.6, 14, 8, 24, 30  # px at font-size 11 (monospace-ish)


_DUMMY_WIDTH = 12.0  # the room an edge takes where it passes a rank it does not stop at


def _layout(items: list[Box]):
    """Place boxes in ranks (longest path from the input); an edge that skips ranks gets a
    waypoint in every rank it passes (Sugiyama's dummy nodes), so ordering each rank by the mean
    position of its inputs keeps long edges in lanes of their own instead of through boxes.
    Returns the boxes' (x-centre, y-top, width, height) and each edge's waypoints."""
    rank = {}
    for b in items:
        rank[b.id] = 1 + max((rank[s] for s in b.inputs), default=-1)
    size = {b.id: (max(len(t) for t in [b.title, *b.lines]) * _CHAR + 2 * _PAD,
                   (1 + len(b.lines)) * _LINE + 2 * _PAD) for b in items}
    ranks: dict[int, list[str]] = {}
    for b in items:
        ranks.setdefault(rank[b.id], []).append(b.id)
    above: dict[str, list[str]] = {b.id: [] for b in items}   # what each slot is drawn below
    edges: dict[tuple[str, str], list[str]] = {}
    for b in items:
        for s in b.inputs:
            chain, prev = [], s
            for r in range(rank[s] + 1, rank[b.id]):
                dummy = f"\0{s}\0{b.id}\0{r}"
                size[dummy] = (_DUMMY_WIDTH, 0.0)
                ranks[r].append(dummy)
                above[dummy] = [prev]
                chain.append(dummy)
                prev = dummy
            above[b.id].append(prev)
            edges[(s, b.id)] = chain
    x: dict[str, float] = {}
    for _ in range(3):  # order each rank by the mean x of what it hangs from, then place
        for r in sorted(ranks):
            ids = ranks[r]
            ids.sort(key=lambda i: sum(x.get(u, 0.0) for u in above[i]) / max(1, len(above[i])))
            total = sum(size[i][0] for i in ids) + _GAP_X * (len(ids) - 1)
            left = -total / 2
            for i in ids:
                x[i] = left + size[i][0] / 2
                left += size[i][0] + _GAP_X
    y, top = {}, 0.0
    for r in sorted(ranks):
        height = max(size[i][1] for i in ranks[r])
        for i in ranks[r]:
            y[i] = top + height / 2 if size[i][1] == 0 else top
        top += height + _GAP_Y
    place = {b.id: (x[b.id], y[b.id], *size[b.id]) for b in items}
    waypoints = {e: [(x[d], y[d]) for d in chain] for e, chain in edges.items()}
    return place, waypoints


def _edge_path(points: list[tuple[float, float]]) -> str:
    """A smooth path through the points: vertical tangents at every point, so it leaves and
    enters boxes straight and bends only between ranks."""
    (x0, y0), rest = points[0], points[1:]
    parts = [f"M{x0:.1f},{y0:.1f}"]
    for x1, y1 in rest:
        mid = (y0 + y1) / 2
        parts.append(f"C{x0:.1f},{mid:.1f} {x1:.1f},{mid:.1f} {x1:.1f},{y1:.1f}")
        x0, y0 = x1, y1
    return " ".join(parts)


def to_svg(items: list[Box], title: str) -> str:
    place, waypoints = _layout(items)
    left = min(cx - w / 2 for cx, _, w, _ in place.values()) - 20
    right = max(cx + w / 2 for cx, _, w, _ in place.values()) + 20
    bottom = max(top + h for _, top, _, h in place.values())
    width, height = max(right - left, len(title) * 8 + 40), bottom + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="{left:.0f} -30 {width:.0f} {height:.0f}" font-family="DejaVu Sans Mono, monospace" '
           'font-size="11">',
           f"<title>{html.escape(title)}</title>",
           '<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" '
           'markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#555"/></marker></defs>',
           f'<text x="{left + 10:.0f}" y="-12" font-size="13" font-weight="bold">{html.escape(title)}</text>']
    for (s, t), via in waypoints.items():
        sx, stop, _, sh = place[s]
        tx, ttop, _, _ = place[t]
        path = _edge_path([(sx, stop + sh), *via, (tx, ttop)])
        out.append(f'<path d="{path}" fill="none" stroke="#555" marker-end="url(#arrow)"/>')
    for b in items:
        cx, top, w, h = place[b.id]
        out.append(f'<g><rect x="{cx - w / 2:.1f}" y="{top:.1f}" width="{w:.1f}" height="{h:.1f}" rx="5" '
                   'fill="#f4f7fb" stroke="#3b6ea5"/>')
        for k, text in enumerate([b.title, *b.lines]):
            weight = ' font-weight="bold"' if k == 0 else ""
            out.append(f'<text x="{cx:.1f}" y="{top + _PAD + (k + 0.8) * _LINE:.1f}" text-anchor="middle"'
                       f'{weight}>{html.escape(text)}</text>')
        out.append("</g>")
    return "\n".join([*out, "</svg>"]) + "\n"


def render_graph(analysis: Analysis, fmt: str = "mermaid", group_by: str | None = None) -> str:
    """The graph of ``analysis`` in ``fmt`` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise OptionError("--format", "unknown graph format", " | ".join(FORMATS), repr(fmt))
    items = boxes(analysis, group_by)
    title = f"{analysis.network.name}: {int(analysis.height[0])}×{int(analysis.width[0])} input"
    if fmt == "mermaid":
        return to_mermaid(items)
    if fmt == "dot":
        return to_dot(items, analysis.network.name)
    return to_svg(items, title)
