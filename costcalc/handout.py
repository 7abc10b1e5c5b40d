"""Teaching handouts: one model on one sheet, as Markdown (renders on GitHub) or one
self-contained HTML file (the plot embedded, no network access, prints cleanly).

A sheet holds the architecture table, the worked derivation of the chosen layers (by default
one layer of each kind plus every layer with a warning; see costcalc/derive.py: each line is the
layer's own rule run on traced numbers), the totals, the per-layer plot, and the paper ledger's
rows for the model with their verdicts.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from pathlib import Path

from tabulate import tabulate

from .derive import Derivation, Line, derive, pick_layers
from .engine import Analysis, analyze
from .errors import OptionError
from .ledger.model import VERDICTS
from .ledger.render import LEGEND, MARKDOWN_HEADERS, NOT_COMPUTABLE_HEADERS, figure_rows, not_computable_rows, rows_for
from .registry import builtin_models
from .output import escape_markdown, write_if_changed
from .report import column_alignment, format_ints, layer_notes, layer_table, report_data, totals_rows

FORMATS = ("markdown", "html")
HANDOUT_MODELS = ("alexnet", "vgg16", "googlenet", "resnet50", "mobilenet")
MAX_TABLE_ROWS = 60  # a longer network gets its architecture table one row per block
LEDGER_HEADERS = [h for h in MARKDOWN_HEADERS if h != "model"]  # a handout is about one model
_HIDDEN = {"H_out", "W_out", "activations"}  # results, not givens, in a "where" line
_NOTES = ("Notes (no fault: a rounding that loses no input pixel, or the like; a warning "
          "would mean real input pixels are never read):")
_READING = ("Each line is the layer's rule from {code}, first in symbols, then with this layer's "
            "numbers. ⌊x⌋ rounds down, ⌈x⌉ up, [a ≥ b] is 1 when true and 0 when false.")


@dataclass
class Sheet:
    """Everything a handout shows, computed once, rendered as Markdown or HTML."""

    data: dict                       # costcalc.report's report_data
    table: tuple[list[str], list[list]]
    footnotes: list[str]
    derivations: list[Derivation]
    ledger: dict                     # costcalc.ledger.render's rows_for this model
    units: str
    notes: list[str]                 # every layer's notes ('layer: text'), shown in full
    field: str                       # what the receptive field grows to ('' when not known)

    def notes_of(self, node: str) -> list[str]:
        """The notes of one layer (a derivation shows them under its lines)."""
        return next((r["notes"] for r in self.data["layers"] if r["name"] == node), [])


def sheet(analysis: Analysis, layers: str | None = None, units: str = "decimal") -> Sheet:
    """Collect a handout's content; ``layers`` is the ``--layers`` text (None: the default)."""
    names = pick_layers(analysis, layers)
    group_by = "block" if len(analysis.names) > MAX_TABLE_ROWS else None
    data = report_data(analysis, group_by=group_by)
    footnotes: list[str] = []
    headers, body = layer_table(data, footnotes)
    if headers[-1] == "warnings" and not any(row[-1] for row in body):  # an empty column
        headers, body = headers[:-1], [row[:-1] for row in body]
    return Sheet(data, (headers, body), footnotes, [derive(analysis, n) for n in names],
                 rows_for(analysis.network.name), units, layer_notes(data), field_text(data))


_COUNT = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


def _stacks(layers: list[dict]) -> list[tuple[int, int, list[str], bool]]:
    """Runs of stacked stride-1 windows of one size along a chain of single-input layers:
    (k, how many, their names, all with MACs). Read from the receptive fields alone: a window
    of k grows the field by (k − 1)·j and keeps the jump j; a layer that keeps the field (ReLU,
    BN, a 1×1 conv) continues the run, anything else (a stride, a merge) ends it."""
    by_name = {r["name"]: r for r in layers}
    run: dict[str, tuple] = {}   # node → (k, names, convs) of the run it continues, or None
    found = []
    for r in layers:
        rf, jump = r.get("receptive_field"), r.get("jump")
        src = by_name.get(r["inputs"][0]) if len(r["inputs"]) == 1 else None
        if rf is None or src is None or src.get("receptive_field") is None:
            run[r["name"]] = None
            continue
        (rh, rw), (sh, sw), (jh, jw) = rf, src["receptive_field"], src["jump"]
        before = run.get(src["name"])
        if rf == src["receptive_field"] and jump == src["jump"]:
            run[r["name"]] = before
            continue
        grow_h, grow_w = (rh - sh) / jh, (rw - sw) / jw
        if jump != src["jump"] or grow_h != grow_w or grow_h < 1 or grow_h != int(grow_h):
            run[r["name"]] = None
            continue
        k = int(grow_h) + 1
        names = (before[1] if before and before[0] == k else []) + [r["name"]]
        convs = (before[2] if before and before[0] == k else True) and r["macs"] > 0
        run[r["name"]] = (k, names, convs)
        found.append((k, len(names), names, convs))
    return found


def field_text(data: dict) -> str:
    """What the handout says about receptive fields: the longest run of stacked k×k windows
    (VGG's argument: two 3×3 convs see 5×5, three see 7×7, with fewer weights than one 7×7),
    and what the last layer with a spatial map sees of the input. '' when no field is known."""
    layers = [r for r in data["layers"] if r.get("receptive_field") is not None]
    spatial = [r for r in layers if r["output_shape"][1] > 1 or r["output_shape"][2] > 1]
    if not spatial:
        return ""
    parts = []
    stacks = _stacks(data["layers"])
    if stacks:
        k, n, names, convs = max(stacks, key=lambda s: (s[1], -data["layers"].index(
            next(r for r in data["layers"] if r["name"] == s[2][0]))))
        if n >= 2:
            what = "convs" if convs else "layers"
            sizes = [f"{_COUNT.get(i, i)} {k}×{k} {what} see {1 + i * (k - 1)}×{1 + i * (k - 1)}" if i == 2 else
                     f"{_COUNT.get(i, i)} see {1 + i * (k - 1)}×{1 + i * (k - 1)}" for i in range(2, n + 1)]
            text = (f"{', '.join(sizes)} positions of the map they read ({names[0]} … {names[-1]})")
            if convs:  # the VGG paper's argument: the same field with fewer weights
                span = 1 + n * (k - 1)
                text += (f", with {n}·{k * k}·C² = {n * k * k}·C² weights (C channels in and out) where one "
                         f"{span}×{span} conv has {span * span}·C²")
            parts.append(text + ".")
    last = spatial[-1]
    i = data["input"]
    (rh, rw), (jh, jw) = last["receptive_field"], last["jump"]
    step = f"{jh}" if jh == jw else f"{jh}×{jw}"
    parts.append(f"{last['name']} sees {rh}×{rw} pixels of the {i['height']}×{i['width']} input, one output "
                 f"every {step} pixels (the field counts padded positions, so it may exceed the input; the rf "
                 "column has every layer's).")
    return "Receptive field: " + " ".join(parts)


# -- pieces shared by both formats ---------------------------------------------------------------

def _title(s: Sheet) -> str:
    return f"{s.data['model']}: what it costs, worked out"


def _intro(s: Sheet) -> list[str]:
    i = s.data["input"]
    return [s.data["description"], f"Source: {s.data['source']}.",
            (f"Input {i['channels']}×{i['height']}×{i['width']}, batch {i['batch']}, {i['dtype']} "
             f"({i['bytes_per_element']} bytes per element). Every number below is computed by "
             "costcalc from the spec; the derivations run the engine's own layer rules.")]


def _heading(d: Derivation) -> tuple[str, str]:
    ins = ", ".join("×".join(str(n) for n in shape) for shape in d.input_shapes) or "none"
    out = "×".join(str(n) for n in d.output_shape)
    return f"{d.node}: {d.describe}", f"input {ins} → output {out}"


def _givens(d: Derivation) -> str:
    """'Where C_in = 3, H = 227, W = 227, k = 11, s = 4, C_out = 96, b = 4': the input first,
    then the hyper-parameters, then batch and bytes per element."""
    c_out = next((line for line in d.lines if line.key == "c"), None)
    keep = [(k, v) for k, v in d.symbols if k not in _HIDDEN and
            not (k == "C_out" and c_out is not None and c_out.formula != "C_out")]

    def rank(item):
        name = item[0]
        if re.fullmatch(r"[CHW](_in|_\d+)?", name):
            return 0, int(name[2:]) if name[2:].isdigit() else 0, "CHW".index(name[0])
        return (2 if name in ("N", "b") else 1), 0, 0
    return ", ".join(f"{k} = {v:,}" for k, v in sorted(keep, key=rank))


def _quantity(d: Derivation, line: Line) -> str:
    if line.key == "h" and not any(x.key == "w" for x in d.shown()):
        return "H_out = W_out"
    return line.quantity


def _rows(d: Derivation) -> tuple[list[list[str]], list[str]]:
    """Table rows (quantity, rule, with the numbers, result) and the zero lines in brief."""
    rows, zeros = [], []
    for line in d.shown():
        constant = line.formula == line.numbers
        if constant and line.result == 0:
            zeros.append(f"{line.quantity} = 0" + (f" ({line.note})" if line.note else ""))
            continue
        numbers = "" if constant else " = ".join(t for t in (line.numbers, line.step) if t)
        rule = line.formula + (f" ({line.note})" if line.note and line.key != "activation_bytes" else "")
        rows.append([_quantity(d, line), rule, numbers, f"{line.result:,}"])
    return rows, zeros


def _ledger_note(s: Sheet) -> str:
    c = s.ledger["counts"]
    if not s.ledger["figures"] and not s.ledger["not_computable"]:
        return "No figure for this model is recorded in the ledger yet."
    shown = [f"{c[k]} {k}" for k in VERDICTS if c[k]]
    return (f"{sum(c[k] for k in VERDICTS)} figures from the papers and course notes: "
            f"{', '.join(shown) or 'none judged'}" +
            (f"; {c['not_computable']} not computable" if c["not_computable"] else "") + ".")


def _ledger_rows(s: Sheet) -> list[list[str]]:
    """The ledger's figure rows (costcalc.ledger.render) without the model column."""
    drop = MARKDOWN_HEADERS.index("model")
    return [row[:drop] + row[drop + 1:] for row in figure_rows(s.ledger)]


# -- Markdown --------------------------------------------------------------------------------------

def _md_table(headers, rows, align=None) -> str:
    rows = [[escape_markdown(str(c)) for c in row] for row in rows]
    return tabulate(rows, headers, tablefmt="github", disable_numparse=True, colalign=align)


def render_markdown(s: Sheet, plot_file: str | None = None) -> str:
    headers, body = s.table
    out = [f"# {_title(s)}", "\n".join(_intro(s)), "## Architecture",
           _md_table(headers, format_ints(body), column_alignment(headers))]
    if s.footnotes:
        out.append("Warnings:\n\n" + "\n".join(f"- {escape_markdown(f)}" for f in s.footnotes))
    if s.notes:
        out.append(f"{_NOTES}\n\n" + "\n".join(f"- {escape_markdown(n)}" for n in s.notes))
    if s.field:
        out.append(escape_markdown(s.field))
    out.append("## Worked derivations\n\n" + _READING.format(code="`costcalc/layers.py`"))
    for d in s.derivations:
        title, shapes = _heading(d)
        rows, zeros = _rows(d)
        part = [f"### {title}", f"{shapes}. Where {_givens(d)}." if _givens(d) else f"{shapes}."]
        if rows:
            part.append(_md_table(["quantity", "rule", "with the numbers", "result"], rows,
                                  ["left", "left", "left", "right"]))
        if zeros:
            part.append("Also " + "; ".join(zeros) + ".")
        part += [f"> Warning: {escape_markdown(w)}" for w in d.warnings]
        part += [f"> Note: {escape_markdown(n)}" for n in s.notes_of(d.node)]
        out.append("\n\n".join(part))
    out.append("## Totals\n\n" + _md_table(["total", "value"], totals_rows(s.data, s.units)))
    if plot_file:
        out.append(f"## Parameters and MACs per layer\n\n![{s.data['model']}: parameters and "
                   f"MACs per layer]({plot_file})")
    out.append("## Paper figures\n\n" + _ledger_note(s))
    if s.ledger["figures"]:
        out.append(_md_table(LEDGER_HEADERS, _ledger_rows(s)))
    if s.ledger["not_computable"]:
        out.append(_md_table(NOT_COMPUTABLE_HEADERS, not_computable_rows(s.ledger)))
    if s.ledger["figures"]:
        out.append("Verdicts: " + "; ".join(f"**{k}**: {v}" for k, v in LEGEND.items()) + ".")
    out.append("## Conventions\n\n" + "\n".join(f"- {k}: {escape_markdown(v)}"
                                               for k, v in s.data["conventions"].items()))
    return "\n\n".join(out) + "\n"


# -- HTML ------------------------------------------------------------------------------------------

_CSS = """
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #1d1d1d;
       max-width: 62rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem;
     border-bottom: 1px solid #ccc; } h3 { font-size: 1.05rem; margin-bottom: 0.3rem; }
table { border-collapse: collapse; margin: 0.4rem 0 1rem; font-size: 0.85rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.15rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.math { font-family: "DejaVu Sans Mono", Consolas, monospace; }
.shape { color: #444; margin: 0 0 0.3rem; } .warning { color: #8a4b00; }
.verdict-match { color: #1b6e1b; } .verdict-erratum, .verdict-close, .verdict-variant { color: #8a4b00; }
.verdict-mismatch { color: #b00020; font-weight: bold; }
table.ledger { width: 100%; } figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; }
@page { margin: 14mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  h2 { break-after: avoid; } section.layer, figure, tr { break-inside: avoid; }
  th { background: #f0f0f0 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _html_table(headers, rows, numeric=(), classes=None, table_class="") -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = (classes or {}).get(i) or ("num" if i in numeric else "")
            if callable(cls):
                cls = cls(cell)
            attr = f' class="{cls}"' if cls else ""
            cells.append(f"<td{attr}>{html.escape(str(cell))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    attr = f' class="{table_class}"' if table_class else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>"


def render_html(s: Sheet, plot_svg: bytes | None = None) -> str:
    esc = html.escape
    headers, body = s.table
    numeric = [i for i, a in enumerate(column_alignment(headers)) if a == "right"]
    out = [f"<h1>{esc(_title(s))}</h1>", *(f"<p>{esc(p)}</p>" for p in _intro(s)),
           "<h2>Architecture</h2>", _html_table(headers, format_ints(body), numeric)]
    if s.footnotes:
        out.append("<ul class=\"warning\">" + "".join(f"<li>{esc(f)}</li>" for f in s.footnotes)
                   + "</ul>")
    if s.notes:
        out.append(f"<p>{esc(_NOTES)}</p><ul class=\"note\">"
                   + "".join(f"<li>{esc(n)}</li>" for n in s.notes) + "</ul>")
    if s.field:
        out.append(f"<p class=\"field\">{esc(s.field)}</p>")
    out.append("<h2>Worked derivations</h2><p>"
               + esc(_READING).format(code="<code>costcalc/layers.py</code>") + "</p>")
    for d in s.derivations:
        title, shapes = _heading(d)
        rows, zeros = _rows(d)
        givens = _givens(d)
        part = [f"<section class=\"layer\" id=\"{esc(d.node)}\"><h3>{esc(title)}</h3>",
                f"<p class=\"shape\">{esc(shapes)}." + (f" Where {esc(givens)}." if givens else "")
                + "</p>"]
        if rows:
            part.append(_html_table(["quantity", "rule", "with the numbers", "result"], rows, (3,),
                                    {1: "math", 2: "math"}))
        if zeros:
            part.append(f"<p>Also {esc('; '.join(zeros))}.</p>")
        part += [f"<p class=\"warning\">Warning: {esc(w)}</p>" for w in d.warnings]
        part += [f"<p class=\"note\">Note: {esc(n)}</p>" for n in s.notes_of(d.node)]
        out.append("".join(part) + "</section>")
    out.append("<h2>Totals</h2>" + _html_table(["total", "value"], totals_rows(s.data, s.units)))
    if plot_svg:
        data = base64.b64encode(plot_svg).decode("ascii")
        out.append(f"<h2>Parameters and MACs per layer</h2><figure><img alt=\"{esc(s.data['model'])}: "
                   f"parameters and MACs per layer\" src=\"data:image/svg+xml;base64,{data}\">"
                   "</figure>")
    out.append(f"<h2>Paper figures</h2><p>{esc(_ledger_note(s))}</p>")
    if s.ledger["figures"]:
        numeric = [LEDGER_HEADERS.index(h) for h in ("printed", "computed", "difference", "%")]
        out.append(_html_table(LEDGER_HEADERS, _ledger_rows(s), numeric,
                               {LEDGER_HEADERS.index("verdict"): lambda v: f"verdict-{v}"}, "ledger"))
        out.append("<ul>" + "".join(f"<li><b>{k}</b>: {esc(v)}</li>" for k, v in LEGEND.items())
                   + "</ul>")
    if s.ledger["not_computable"]:
        out.append(_html_table(NOT_COMPUTABLE_HEADERS, not_computable_rows(s.ledger)))
    out.append("<h2>Conventions</h2><ul>" + "".join(
        f"<li>{esc(k)}: {esc(v)}</li>" for k, v in s.data["conventions"].items()) + "</ul>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(_title(s))}</title><style>{_CSS}</style></head>\n<body>\n"
            + "\n".join(out) + "\n</body></html>\n")


# -- files -----------------------------------------------------------------------------------------

def plot_svg(analysis: Analysis) -> bytes:
    from . import plots
    return plots.figure_bytes(plots.plot_layers([analysis]), "svg")


def plot_name(document: Path) -> str:
    """The plot file a Markdown handout links to, beside it: alexnet.md → alexnet-layers.svg."""
    return f"{document.stem}-layers.svg"


def handout_text(analysis: Analysis, fmt: str, layers: str | None = None, units: str = "decimal") -> str:
    """One handout as text, for standard output: HTML embeds its plot; Markdown has no file
    beside it to link a plot to, so it goes without."""
    if fmt not in FORMATS:
        raise OptionError("--format", "unknown handout format", " | ".join(FORMATS), repr(fmt))
    s = sheet(analysis, layers, units)
    return render_html(s, plot_svg(analysis)) if fmt == "html" else render_markdown(s)


def write_handout(analysis: Analysis, path: Path, fmt: str, layers: str | None = None,
                  units: str = "decimal", reads: tuple[str, ...] = ()) -> list[Path]:
    """Write one handout to ``path`` (Markdown also writes its plot beside it, as
    ``<stem>-layers.svg``). Neither may be a file the command reads (``reads``: the spec)."""
    if fmt not in FORMATS:
        raise OptionError("--format", "unknown handout format", " | ".join(FORMATS), repr(fmt))
    targets = [path] if fmt == "html" else [path, path.with_name(plot_name(path))]
    for target in targets:
        if any(Path(r).exists() and target.exists() and target.resolve() == Path(r).resolve() for r in reads):
            raise OptionError("--output", "the output would overwrite a file the command reads",
                              "another file name", str(target))
    return _write_sheets(analysis, {fmt: path}, layers, units)


def _write_sheets(analysis: Analysis, paths: dict[str, Path], layers: str | None = None,
                  units: str = "decimal") -> list[Path]:
    """One sheet and one plot, written in each format of ``paths``; returns the files written."""
    s = sheet(analysis, layers, units)
    svg = plot_svg(analysis)
    written = []
    for fmt, path in paths.items():
        if fmt == "html":
            write_if_changed(path, render_html(s, svg))
            written.append(path)
        else:
            figure = path.with_name(plot_name(path))
            write_if_changed(figure, svg)
            write_if_changed(path, render_markdown(s, figure.name))
            written += [path, figure]
    return written


def handout_files(directory: Path) -> list[Path]:
    """The files ``write_handouts`` writes into ``directory``, before it writes them."""
    models = builtin_models()
    return [Path(directory) / f for name in HANDOUT_MODELS if name in models
            for f in (f"{name}.md", plot_name(Path(f"{name}.md")), f"{name}.html")]


def write_handouts(directory: Path) -> list[Path]:
    """The handouts of HANDOUT_MODELS that exist in the registry, each as Markdown (with its
    SVG plot) and HTML, at the spec's default input. Returns every file written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    models = builtin_models()
    written = []
    for name in HANDOUT_MODELS:
        if name in models:
            written += _write_sheets(analyze(models[name].network()),
                                     {"markdown": directory / f"{name}.md", "html": directory / f"{name}.html"})
    return written
