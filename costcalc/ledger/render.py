"""The paper ledger rendered: one row per figure, as text, Markdown, CSV, JSON, LaTeX or HTML.

``compare_data`` builds plain data (also the JSON schema); ``render_compare`` formats it on the
table skeleton every report uses (costcalc/tables.py: text fitted to the terminal, Markdown
and LaTeX with numbers right-aligned; costcalc/html_page.py: the one HTML look).
``rows_for(model)`` is the data of one model's figures, for the handouts and
``costcalc report --ledger``.

JSON schema ``costcalc.compare/1`` (stable: fields are only ever added):
  schema: "costcalc.compare/1"
  counts: {match, close, variant, erratum, mismatch, not_computable}
  figures[]: {figure, family, model, quantity, node, group, variant_model, input_size, options,
              table, source, citations, printed, units, printed_value, printed_low, printed_high,
              computed, computed_as_printed, difference, difference_percent, verdict, reason}
  not_computable[]: {family, model, what, printed, source, citations, table, reason}
  documents[]: {key, authors, title, date, kind, venue, address, note, reference}
``family`` is the ledger module the record is declared in (costcalc/ledger/families/<family>.py);
``table`` the report page it belongs to (reports/<table>.md); ``source`` the citations as one
line of text, ``citations[]`` the same as {document, location, quote}, ``document`` a key of
``documents[]`` (every document the records cite). Numbers are exact integers when whole, floats otherwise
(ratios, percentages, bounds of a rounded figure); ``computed``, ``difference`` and
``difference_percent`` are null when a figure cannot be evaluated (its verdict is then mismatch
and ``reason`` holds the error). ``printed_low``..``printed_high`` is the interval the printing
implies; a verdict is ``match`` when ``computed`` lies inside it.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from fractions import Fraction

from .. import html_page, tables
from ..errors import OptionError
from ..report import terminal_width
from ..units import exact
from .families import figures_by_family, not_computable_by_family
from .model import VERDICTS, NotComputable, Verdict, documents_of, verdict

FORMATS = ("text", "markdown", "csv", "json", "latex", "html")
SCHEMA = "costcalc.compare/1"
LEGEND = {
    "match": "inside the rounding the printed figure implies ('138M' = 137.5M to 138.5M)",
    "close": "outside it but inside a stated tolerance; the reason says why it is not exact",
    "variant": "matches a named variant of the model (another reading of the paper, with or without "
               "BN, ...), not the model itself",
    "erratum": "the source is wrong; the reason says how",
    "mismatch": "none of these: a bug or an open question (CI fails on it)",
}


def _json_number(x: Fraction | None):
    if x is None:
        return None
    return int(x) if x.denominator == 1 else float(x)


def counts(verdicts: list[Verdict], not_computable: list = ()) -> dict:
    """How many figures got each verdict, plus the not-computable records."""
    found = {v: 0 for v in VERDICTS}
    for v in verdicts:
        found[v.verdict] += 1
    found["not_computable"] = len(not_computable)
    return found


def _citations(record) -> list[dict]:
    if isinstance(record.source, str):
        return []
    return [{"document": c.document.key, "location": c.location, "quote": c.quote} for c in record.source]


def _document(d) -> dict:
    return {"key": d.key, "authors": d.authors, "title": d.title, "date": d.date, "kind": d.kind,
            "venue": d.venue, "address": d.address or None, "note": d.note, "reference": d.reference}


def _figure_record(family: str, v: Verdict) -> dict:
    f, p = v.figure, v.printed
    pct = v.difference_percent
    return {
        "figure": f.title, "family": family, "model": f.model, "quantity": f.quantity,
        "node": f.node, "group": f.group, "variant_model": f.variant,
        "input_size": f.input_size if not isinstance(f.input_size, tuple) else list(f.input_size),
        "options": dict(f.options), "table": f.table, "source": f.source_text,
        "citations": _citations(f), "printed": f.printed,
        "units": f.units, "printed_value": _json_number(p.value),
        "printed_low": _json_number(p.low), "printed_high": _json_number(p.high),
        "computed": _json_number(v.computed),
        "computed_as_printed": None if v.computed is None else p.as_printed(v.computed),
        "difference": _json_number(v.difference),
        "difference_percent": None if pct is None else round(pct, 4),
        "verdict": v.verdict, "reason": v.reason,
    }


def compare_data(verdicts: list[tuple[str, Verdict]],
                 not_computable: list[tuple[str, NotComputable]] = ()) -> dict:
    """Plain data for a list of (family, verdict) and (family, not-computable) pairs."""
    return {
        "schema": SCHEMA,
        "counts": counts([v for _, v in verdicts], list(not_computable)),
        "figures": [_figure_record(fam, v) for fam, v in verdicts],
        "not_computable": [{"family": fam, "model": n.model, "what": n.what, "printed": n.printed,
                            "source": n.source_text, "citations": _citations(n), "table": n.table,
                            "reason": n.reason}
                           for fam, n in not_computable],
        "documents": [_document(d) for d in
                      documents_of([*(v.figure for _, v in verdicts), *(n for _, n in not_computable)])],
    }


def matching(name: str, families: bool = True):
    """Figures and not-computable records about ``name``: its own, those naming it as their
    variant and, with ``families``, every record of the family called ``name`` (e.g. vgg)."""
    def hit(record_name, fam, variant=None):
        return name in (record_name, variant) or (families and name == fam)
    figures = [(fam, f) for fam, f in figures_by_family() if hit(f.model, fam, f.variant)]
    others = [(fam, n) for fam, n in not_computable_by_family() if hit(n.model, fam)]
    return figures, others


def select(name: str | None):
    """``matching(name)``, or everything for None; an OptionError when nothing matches."""
    if name is None:
        return figures_by_family(), not_computable_by_family()
    chosen, chosen_nc = matching(name)
    if not chosen and not chosen_nc:
        from ..registry import suggestions
        figures = figures_by_family()
        names = sorted({f.model for _, f in figures} | {fam for fam, _ in figures})
        close = suggestions(name, names)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise OptionError("MODEL", f"no ledger figures for {name!r}{hint}",
                          "a model or spec family with figures (see `costcalc compare --all`)", repr(name))
    return chosen, chosen_nc


def rows_for(model: str) -> dict:
    """The ledger data (``compare_data``) of the figures checked on ``model`` itself and of its
    not-computable records: what a handout about the model shows."""
    figures = [(fam, verdict(f)) for fam, f in figures_by_family() if f.model == model]
    return compare_data(figures, [(fam, n) for fam, n in not_computable_by_family() if n.model == model])


def model_section(model: str, fmt: str, groups: set[str] | None = None, note: str = "") -> str:
    """The ledger rows about one model, for appending to its report ("" when it has none).
    With ``groups`` (the rows of a grouped report), only the figures about those rows and about
    the whole model; ``note`` is printed under the heading."""
    figures, others = matching(model, families=False)
    if groups is not None:
        figures = [(fam, f) for fam, f in figures
                   if (f.group in groups) or (f.group is None and f.node is None)]
    if not figures and not others:
        return ""
    data = compare_data([(fam, verdict(f)) for fam, f in figures], others)
    heading = f"Paper figures for {model}"
    scope = "about these rows and the whole model; every figure" if groups is not None else "also"
    intro = (f"{summary_line(data['counts'])} ({scope}: costcalc compare {model})"
             + (f"\n{note}" if note else ""))
    if fmt == "markdown":
        return f"## {heading}\n\n{intro}\n\n{markdown_tables(data)}\n"
    return f"{heading}\n{intro}\n\n" + _text(data, terminal_width()).split("\n\n", 1)[1]


# --- cells -------------------------------------------------------------------------------

def computed_cell(record: dict) -> str:
    """'138,357,544 (138.4M)': exact, then as the figure is printed when that differs."""
    value = record["computed"]
    if value is None:
        return "n/a"
    shown = record["computed_as_printed"]
    if isinstance(value, int):
        plain = exact(value)
        same = shown.split(" ")[0] == plain  # printed unscaled: '1,301,376 B'
        return shown if same else f"{plain} ({shown})"
    return shown


def difference_cells(record: dict) -> tuple[str, str]:
    diff, pct = record["difference"], record["difference_percent"]
    if diff is None:
        return "", ""
    if diff == 0 or (pct is not None and round(pct, 2) == 0 and abs(diff) < 1):
        return ("0" if diff == 0 else f"{diff:+.2g}"), "" if pct is None else "0.00%"
    if pct is not None and round(pct, 2) == 0:
        pct = 0.0  # no "-0.00%"
    if isinstance(diff, int):
        absolute = f"{diff:+,}"
    else:  # a figure printed with a binary prefix, a ratio or a percentage
        absolute = f"{diff:+,.0f}" if abs(diff) >= 1000 else f"{diff:+.4g}"
    return absolute, "" if pct is None else f"{pct:+.2f}%"


def summary_line(c: dict) -> str:
    """'12 figures: 10 match, 0 close, 0 variant, 2 erratum, 0 mismatch; 1 not computable'."""
    total = sum(c[v] for v in VERDICTS)
    line = f"{total} figure{'' if total == 1 else 's'}: " + ", ".join(f"{c[v]} {v}" for v in VERDICTS)
    return line + f"; {c['not_computable']} not computable"


MARKDOWN_HEADERS = ["figure", "model", "source", "printed", "computed", "difference", "%",
                    "verdict", "reason"]


def figure_rows(data: dict, markdown: bool = False) -> list[list[str]]:
    """One row of MARKDOWN_HEADERS per figure, plain text (the table writers escape what their
    format needs); ``markdown`` sets a mismatch verdict in bold."""
    rows = []
    for r in data["figures"]:
        diff, pct = difference_cells(r)
        verdict = f"**{r['verdict']}**" if markdown and r["verdict"] == "mismatch" else r["verdict"]
        rows.append([r["figure"], r["model"], r["source"], r["printed"], computed_cell(r), diff, pct,
                     verdict, r["reason"]])
    return rows


def not_computable_rows(data: dict, markdown: bool = False) -> list[list[str]]:
    return [[n["what"], n["model"], n["printed"], n["source"], n["reason"]] for n in data["not_computable"]]


NOT_COMPUTABLE_HEADERS = ["what", "model", "printed", "source", "why not computable"]
_ALIGN = ["left", "left", "left", "right", "right", "right", "right", "left", "left"]
# The figure table's columns for every format: numbers right; in a narrow terminal the names
# are shortened first (never a number; the full name goes to the row's note), then the
# absolute difference goes, then the relative one.
_FIGURE_COLUMNS = {
    "figure": tables.Column("figure", keep=0, shrink=18, cut="end"),
    "model": tables.Column("model", keep=0, shrink=10, cut="end"),
    "source": tables.Column("source", shrink=24, cut="end"),
    "printed": tables.Column("printed", "right", css="wrap"),
    "computed": tables.Column("computed", "right", css="wrap"),
    "difference": tables.Column("difference", "right", keep=3),
    "%": tables.Column("%", "right", keep=2),
    "verdict": tables.Column("verdict", css="verdict"),
    "reason": tables.Column("reason", shrink=24, cut="end"),
    "note": tables.Column("note"),
}


def _figure_columns(headers: list[str]) -> list[tables.Column]:
    return [_FIGURE_COLUMNS[h] for h in headers]


def pipe_table(headers: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A Markdown pipe table (costcalc.tables.markdown): no padding, so a changed number changes
    one line of a report's diff, and numbers right-aligned with '--:'."""
    return tables.markdown([tables.Column(h, a) for h, a in zip(headers, align or ["left"] * len(headers))],
                           rows)


def reference_lines(data: dict) -> list[str]:
    """One line per cited document: authors, date, title, venue and address (or that none is
    known), for the sources list under a table."""
    return [d["reference"] for d in data.get("documents", [])]


def markdown_tables(data: dict) -> str:
    """The figure table, the not-computable table (when there are any records) and the list of
    the documents they cite, as Markdown."""
    parts = []
    if data["figures"]:
        parts.append(tables.markdown(_figure_columns(MARKDOWN_HEADERS), figure_rows(data, markdown=True)))
    if data["not_computable"]:
        parts.append("Not computable (stated by a source, outside a static cost analysis):\n\n" +
                     pipe_table(NOT_COMPUTABLE_HEADERS, not_computable_rows(data)))
    if reference_lines(data):
        parts.append("Sources:\n\n" + "\n".join(f"- {tables.markdown_cell(line)}" for line in reference_lines(data)))
    return "\n\n".join(parts)


_NOT_COMPUTABLE_COLUMNS = [tables.Column("what", shrink=18), tables.Column("model", shrink=12),
                           tables.Column("printed", shrink=10), tables.Column("source", shrink=24),
                           tables.Column("why not computable", shrink=24)]
_NOTED = ["figure", "model", "printed", "computed", "difference", "%", "verdict", "note"]


def _noted_rows(data: dict) -> tuple[list[list[str]], list[str]]:
    """The figure rows with source and reason moved to a numbered note, and the notes: the
    table a terminal or a page can hold."""
    rows, notes = [], []
    for i, (figure, model, source, printed, computed, diff, pct, judged, reason) in enumerate(
            figure_rows(data), start=1):
        rows.append([figure, model, printed, computed, diff, pct, judged, f"[{i}]"])
        notes.append(f"[{i}] {source}" + (f"; {reason}" if reason else ""))
    return rows, notes


def _wrapped(lines: list[str], width: int, indent: str = "") -> str:
    return "\n".join(part for line in lines for part in tables.wrap(line, width, indent, indent + "    "))


def _text(data: dict, width: int = 100) -> str:
    """A table fitted to ``width`` columns (costcalc.tables.fit); each row's source and reason go
    to a numbered note below it, with the figure's full name when the table shortened it. (The
    figure table needs about 90 columns: names shrink, numbers never do.)"""
    parts = [_wrapped([summary_line(data["counts"])], width)]
    if data["figures"]:
        rows, notes = _noted_rows(data)
        columns, fitted, dropped = tables.fit(_figure_columns(_NOTED), rows, width)
        names = [r[0] for r in rows]
        notes = [n if fitted[k][0] == tables.clean(names[k]) else f"[{k + 1}] {names[k]}: {n.split(' ', 1)[1]}"
                 for k, n in enumerate(notes)]
        parts.append(tables.text(columns, fitted))
        if dropped:
            parts.append(_wrapped([(f"left out to fit {width} columns: {', '.join(dropped)} (COLUMNS=160 "
                                    "or --format markdown shows them)")], width))
        parts.append(_wrapped(notes, width))
    if data["not_computable"]:
        parts.append("not computable:\n" + _wrapped(
            [f"{n['model']} {n['what']} {n['printed']}: {n['reason']} ({n['source']})" for n in data["not_computable"]],
            width, "  "))
    if reference_lines(data):
        parts.append("sources:\n" + _wrapped(reference_lines(data), width, "  "))
    parts.append("verdicts:\n" + _wrapped([f"{k}: {v}" for k, v in LEGEND.items()], width, "  "))
    return "\n\n".join(parts) + "\n"


def _csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = ["figure", "family", "model", "quantity", "node", "group", "table", "source",
               "printed", "printed_low", "printed_high", "computed", "difference",
               "difference_percent", "verdict", "reason"]
    writer.writerow(columns)
    for r in data["figures"]:
        writer.writerow([tables.csv_safe("" if r[c] is None else r[c]) for c in columns])
    for n in data["not_computable"]:
        writer.writerow([tables.csv_safe(c) for c in (
            n["what"], n["family"], n["model"], "", "", "", n["table"], n["source"],
            n["printed"], "", "", "", "", "", "not computable", n["reason"])])
    return out.getvalue()


def _html(data: dict, title: str) -> str:
    """One page in the shared look: verdicts coloured by row, numbers right-aligned, the table
    laid out to print on A4 (costcalc/html_page.py)."""
    esc = html.escape
    parts = [f"<h1>{esc(title)}</h1>", f'<p class="meta">{esc(summary_line(data["counts"]))}</p>']
    if data["figures"]:
        parts.append(html_page.fitted_table(_figure_columns(MARKDOWN_HEADERS), figure_rows(data),
                                            [f"v-{r['verdict']}" for r in data["figures"]], "ledger"))
    if data["not_computable"]:
        parts.append(html_page.fitted_table([tables.Column(h) for h in NOT_COMPUTABLE_HEADERS],
                                            not_computable_rows(data), table_class="ledger",
                                            before="<h2>Not computable</h2>"))
    if reference_lines(data):
        parts.append("<h2>Sources</h2>" + html_page.bullets(reference_lines(data)))
    parts.append('<h2>Verdicts</h2><ul class="legend">'
                 + "".join(f"<li><b>{k}</b>: {esc(v)}</li>" for k, v in LEGEND.items()) + "</ul>")
    return html_page.page(title, "\n".join(parts))


def _latex(data: dict, title: str) -> str:
    """A fragment to \\input: the figure table as a booktabs longtable (it splits across pages)
    with a caption and a label; each row's source and reason as a visible numbered note under
    it; then the not-computable records, the documents cited and the verdicts' meanings."""
    label = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "compare"
    text = tables.latex_text
    parts = [rf"% costcalc compare; needs {tables.LATEX_PACKAGES}" + "\n" + tables.LATEX_SETUP,
             r"\paragraph{" + text(title) + "}", text(summary_line(data["counts"])) + "."]
    if data["figures"]:
        rows, notes = _noted_rows(data)
        parts.append(tables.latex(_figure_columns(_NOTED), rows, title, f"tab:{label}", notes))
    if data["not_computable"]:
        parts.append(tables.latex(_NOT_COMPUTABLE_COLUMNS,
                                  not_computable_rows(data), f"{title}: not computable", f"tab:{label}-nc"))
    if reference_lines(data):
        parts.append(r"\begin{small}\noindent Sources:\begin{itemize}" +
                     "".join(rf"\item{{}} {text(line)}" for line in reference_lines(data)) +
                     r"\end{itemize}\end{small}")
    parts.append(r"\begin{small}\noindent Verdicts:\begin{itemize}" +
                 "".join(rf"\item{{}} \textbf{{{k}}}: {text(v)}" for k, v in LEGEND.items()) +
                 r"\end{itemize}\end{small}")
    return "\n\n".join(parts) + "\n"


def render_compare(data: dict, fmt: str = "text", title: str = "Paper figures vs computed",
                   width: int | None = None) -> str:
    """``compare_data``'s document in ``fmt`` (one of FORMATS); ``width``: the text table's
    width (default: the terminal's, 100 when unknown)."""
    if fmt not in FORMATS:
        raise OptionError("--format", "unknown compare format", " | ".join(FORMATS), repr(fmt))
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(data)
    if fmt == "html":
        return _html(data, title)
    if fmt == "latex":
        return _latex(data, title)
    if fmt == "markdown":
        legend = "\n".join(f"- **{k}**: {v}" for k, v in LEGEND.items())
        return (f"# {tables.markdown_cell(title)}\n\n{summary_line(data['counts'])}\n\n{markdown_tables(data)}\n\n"
                f"Verdicts:\n\n{legend}\n")
    return _text(data, width or terminal_width())


def compare(model: str | None, fmt: str = "text", width: int | None = None) -> tuple[str, list[Verdict], int]:
    """``costcalc compare``: the figures about ``model`` (a model or a spec family; None: every
    figure) judged and rendered in ``fmt``, the mismatches among them, and how many were judged."""
    figures, others = select(model)
    verdicts = [(family, verdict(f)) for family, f in figures]
    title = f"Paper figures vs computed: {model or 'all built-in specs'}"
    text = render_compare(compare_data(verdicts, others), fmt, title, width)
    return text, [v for _, v in verdicts if v.verdict == "mismatch"], len(verdicts)
