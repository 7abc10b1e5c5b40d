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
import inspect
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import html_page, tables
from .derive import Derivation, Line, derive, pick_layers
from .engine import Analysis, analyze
from .errors import OptionError
from .i18n import LANGUAGES, label, tr
from .ledger.model import VERDICTS
from .ledger.render import LEGEND, MARKDOWN_HEADERS, NOT_COMPUTABLE_HEADERS, figure_rows, not_computable_rows, rows_for
from .output import write_if_changed
from .registry import builtin_models
from .report import column_alignment, format_ints, layer_notes, layer_table, report_data, totals_rows

FORMATS = ("markdown", "html")
HANDOUT_MODELS = ("alexnet", "vgg16", "googlenet", "resnet50", "mobilenet")
HANDOUT_LANGUAGES = {"en": "", "ko": ".ko"}  # reports/handouts: alexnet.md, alexnet.ko.md, ...
MAX_TABLE_ROWS = 60  # a longer network gets its architecture table one row per block
LEDGER_HEADERS = [h for h in MARKDOWN_HEADERS if h != "model"]  # a handout is about one model
_LEDGER_NUMERIC = {"printed", "computed", "difference", "%"}
_HIDDEN = {"H_out", "W_out", "activations"}  # results, not givens, in a "where" line
_NOTES = ("Notes (no fault: a rounding that loses no input pixel, or the like; a warning "
          "would mean real input pixels are never read):")
_READING = ("Each line runs the layer's own rule (its class, named under each heading), first in "
            "symbols, then with this layer's numbers. ⌊x⌋ rounds down, ⌈x⌉ up, [a ≥ b] is 1 when true "
            "and 0 when false.")


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
    lang: str = "en"                 # costcalc.i18n.LANGUAGES
    rules: dict[str, tuple[str, str]] = field(default_factory=dict)  # node → (class, file) of its rule


def sheet(analysis: Analysis, layers: str | None = None, units: str = "decimal", lang: str = "en") -> Sheet:
    """Collect a handout's content; ``layers`` is the ``--layers`` text (None: the default)."""
    if lang not in LANGUAGES:
        raise OptionError("--lang", "unknown language", " | ".join(LANGUAGES), repr(lang))
    names = pick_layers(analysis, layers)
    group_by = "block" if len(analysis.names) > MAX_TABLE_ROWS else None
    data = report_data(analysis, group_by=group_by)
    footnotes: list[str] = []
    headers, body = layer_table(data, footnotes)
    if headers[-1] == "warnings" and not any(row[-1] for row in body):  # an empty column
        headers, body = headers[:-1], [row[:-1] for row in body]
    return Sheet(data, (headers, body), footnotes, [derive(analysis, n) for n in names],
                 rows_for(analysis.network.name), units, layer_notes(data), field_text(data), lang,
                 {n: rule_file(analysis.layers[analysis.index(n)]) for n in names})


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


def rule_file(layer) -> tuple[str, str]:
    """The class whose rules a derivation runs and the file a reader opens to see them:
    ('Conv2d', 'costcalc/layers/window.py'); a layer of a user's spec names its own file."""
    cls = type(layer)
    if cls.__module__.startswith("costcalc."):
        return cls.__name__, cls.__module__.replace(".", "/") + ".py"
    source = inspect.getsourcefile(cls)
    return cls.__name__, Path(source).name if source else cls.__module__


# -- pieces shared by both formats ---------------------------------------------------------------

def _title(s: Sheet) -> str:
    return tr("{model}: what it costs, worked out", s.lang, model=s.data["model"])


def _intro(s: Sheet) -> list[str]:
    """The model's description, its source, and what the input is: one paragraph each."""
    i = s.data["input"]
    shape = f"{i['channels']}×{i['height']}×{i['width']}"
    return [s.data["description"], tr("Source: {source}.", s.lang, source=s.data["source"]),
            tr("Input {shape}, batch {batch}, {dtype} ({bytes} bytes per element).", s.lang,
               shape=shape, batch=i["batch"], dtype=i["dtype"], bytes=i["bytes_per_element"]) + " "
            + tr("Every number below is computed by costcalc from the spec; the derivations run "
                 "the engine's own layer rules.", s.lang)]


def _heading(d: Derivation, lang: str = "en") -> tuple[str, str]:
    ins = ", ".join("×".join(str(n) for n in shape) for shape in d.input_shapes) or "none"
    out = "×".join(str(n) for n in d.output_shape)
    return f"{d.node}: {d.describe}", tr("input {inputs} → output {output}", lang, inputs=ins, output=out)


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


def _shapes_line(d: Derivation, lang: str, rule: tuple[str, str] | None = None) -> str:
    shapes, givens = _heading(d, lang)[1], _givens(d)
    line = f"{shapes}. " + tr("Where {givens}.", lang, givens=givens) if givens else f"{shapes}."
    return line + (" " + tr("Rules: {cls} in {file}.", lang, cls=rule[0], file=rule[1]) if rule else "")


def _quantity(d: Derivation, line: Line) -> str:
    if line.key == "h" and not any(x.key == "w" for x in d.shown()):
        return "H_out = W_out"
    return line.quantity


def _rows(d: Derivation, lang: str = "en") -> tuple[list[list[str]], list[str]]:
    """Table rows (quantity, rule, with the numbers, result) and the zero lines in brief."""
    rows, zeros = [], []
    for line in d.shown():
        constant = line.formula == line.numbers
        note = tr(line.note, lang) if line.note and line.key != "activation_bytes" else ""
        if constant and line.result == 0:
            zeros.append(f"{line.quantity} = 0" + (f" ({note})" if note else ""))
            continue
        numbers = "" if constant else " = ".join(t for t in (line.numbers, line.step) if t)
        rows.append([_quantity(d, line), line.formula + (f" ({note})" if note else ""), numbers,
                     f"{line.result:,}"])
    return rows, zeros


_DERIVATION_COLUMNS = [tables.Column("quantity"), tables.Column("rule", css="math"),
                       tables.Column("with the numbers", css="math"), tables.Column("result", "right")]


def _columns(columns: list[tables.Column], lang: str) -> list[tables.Column]:
    return [tables.with_header(c, label(c.header, lang)) for c in columns]


def _architecture(s: Sheet) -> tuple[list[tables.Column], list[list[str]]]:
    headers, body = s.table
    columns = [tables.Column(label(h, s.lang), a) for h, a in zip(headers, column_alignment(headers))]
    return columns, [[str(c) for c in row] for row in format_ints(body)]


def _totals(s: Sheet) -> tuple[list[tables.Column], list[list[str]]]:
    return (_columns([tables.Column("total"), tables.Column("value", "right")], s.lang),
            [[label(name, s.lang), value] for name, value in totals_rows(s.data, s.units)])


def _ledger_note(s: Sheet) -> str:
    c = s.ledger["counts"]
    if not s.ledger["figures"] and not s.ledger["not_computable"]:
        return tr("No figure for this model is recorded in the ledger yet.", s.lang)
    shown = [tr("{count} {verdict}", s.lang, count=c[k], verdict=label(k, s.lang)) for k in VERDICTS if c[k]]
    return (tr("{count} figures from the papers and course notes: {verdicts}", s.lang,
               count=sum(c[k] for k in VERDICTS), verdicts=", ".join(shown) or tr("none judged", s.lang))
            + (tr("; {count} not computable", s.lang, count=c["not_computable"]) if c["not_computable"] else "")
            + ".")


def _ledger(s: Sheet) -> tuple[list[tables.Column], list[list[str]], list[str]]:
    """The ledger's figure rows (costcalc.ledger.render) without the model column, and each
    row's verdict."""
    drop = MARKDOWN_HEADERS.index("model")
    rows = [row[:drop] + row[drop + 1:] for row in figure_rows(s.ledger)]
    at = LEDGER_HEADERS.index("verdict")
    verdicts = [row[at] for row in rows]
    for row in rows:
        row[at] = label(row[at], s.lang)
    css = {"verdict": "verdict", "printed": "wrap", "computed": "wrap"}  # '1,301,376 (1.30 MB)' may wrap
    columns = [tables.Column(h, "right" if h in _LEDGER_NUMERIC else "left", css=css.get(h, ""))
               for h in LEDGER_HEADERS]
    return _columns(columns, s.lang), rows, verdicts


def _not_computable(s: Sheet) -> tuple[list[tables.Column], list[list[str]]]:
    return (_columns([tables.Column(h) for h in NOT_COMPUTABLE_HEADERS], s.lang),
            not_computable_rows(s.ledger))


def _legend(s: Sheet) -> list[tuple[str, str]]:
    """(verdict as shown, its meaning); in Korean the English word follows, as the data has it."""
    return [(k if s.lang == "en" else f"{label(k, s.lang)} ({k})", tr(v, s.lang)) for k, v in LEGEND.items()]


def _conventions(s: Sheet) -> list[str]:
    return [f"{label(k, s.lang)}: {tr(v, s.lang)}" for k, v in s.data["conventions"].items()]


def _grouped_input_note(s: Sheet) -> str | None:
    if "groups" not in s.data:
        return None
    first = s.data["layers"][0]
    return tr("The input ({shape}, {activations} activations) is in no row; the totals count it.", s.lang,
              shape="×".join(str(n) for n in first["output_shape"]), activations=f"{first['activations']:,}")


# -- Markdown --------------------------------------------------------------------------------------

def render_markdown(s: Sheet, plot_file: str | None = None) -> str:
    t = s.lang
    md = tables.markdown_cell
    out = [f"# {md(_title(s))}", *(md(p) for p in _intro(s)), "## " + tr("Architecture", t),
           tables.markdown(*_architecture(s))]
    if _grouped_input_note(s):
        out.append(_grouped_input_note(s))
    if s.footnotes:
        out.append(tr("Warnings", t) + ":\n\n" + "\n".join(f"- {md(f)}" for f in s.footnotes))
    if s.notes:
        out.append(tr(_NOTES, t) + "\n\n" + "\n".join(f"- {md(n)}" for n in s.notes))
    if s.field:
        out.append(md(s.field))
    out.append("## " + tr("Worked derivations", t) + "\n\n" + tr(_READING, t))
    for d in s.derivations:
        rows, zeros = _rows(d, t)
        part = [f"### {md(_heading(d, t)[0])}", md(_shapes_line(d, t, s.rules.get(d.node)))]
        if rows:
            part.append(tables.markdown(_columns(_DERIVATION_COLUMNS, t), rows))
        if zeros:
            part.append(tr("Also {zeros}.", t, zeros="; ".join(zeros)))
        part += ["> " + tr("Warning: {warning}", t, warning=md(w)) for w in d.warnings]
        part += ["> " + tr("Note: {note}", t, note=md(n)) for n in s.notes_of(d.node)]
        out.append("\n\n".join(part))
    out.append("## " + tr("Totals", t) + "\n\n" + tables.markdown(*_totals(s)))
    if plot_file:
        alt = tr("{model}: parameters and MACs per layer", t, model=s.data["model"])
        out.append(f"## {tr('Parameters and MACs per layer', t)}\n\n![{md(alt)}]({plot_file})")
    out.append("## " + tr("Paper figures", t) + "\n\n" + _ledger_note(s))
    if s.ledger["figures"]:
        columns, rows, _ = _ledger(s)
        out.append(tables.markdown(columns, rows))
    if s.ledger["not_computable"]:
        out.append(tables.markdown(*_not_computable(s)))
    if s.ledger["figures"]:
        out.append(tr("Verdicts", t) + ": " + "; ".join(f"**{k}**: {md(v)}" for k, v in _legend(s)) + ".")
    out.append("## " + tr("Conventions", t) + "\n\n" + "\n".join(f"- {md(c)}" for c in _conventions(s)))
    return "\n\n".join(out) + "\n"


# -- HTML ------------------------------------------------------------------------------------------

def render_html(s: Sheet, plot_svg: bytes | None = None) -> str:
    """One self-contained page in the shared look (costcalc/html_page.py): every table laid
    out to print on A4 without losing a column."""
    esc, t = html.escape, s.lang
    notes = (f"<p>{esc(_grouped_input_note(s))}</p>" if _grouped_input_note(s) else "") + (
        html_page.bullets(s.footnotes, "warning") if s.footnotes else "") + (
        f"<p>{esc(tr(_NOTES, t))}</p>" + html_page.bullets(s.notes, "note") if s.notes else "") + (
        f'<p class="field">{esc(s.field)}</p>' if s.field else "")
    # the title and introduction print with the architecture table (a landscape page when wide)
    top = "".join([f"<h1>{esc(_title(s))}</h1>", *(f'<p class="meta">{esc(p)}</p>' for p in _intro(s)),
                   f"<h2>{esc(tr('Architecture', t))}</h2>"])
    out = [html_page.fitted_table(*_architecture(s), table_class="layers", before=top, after=notes)]
    out.append(f"<h2>{esc(tr('Worked derivations', t))}</h2><p>"
               + esc(tr(_READING, t)) + "</p>")
    for d in s.derivations:
        rows, zeros = _rows(d, t)
        part = [f'<section class="layer" id="{esc(d.node)}"><h3>{esc(_heading(d, t)[0])}</h3>',
                f'<p class="shape">{esc(_shapes_line(d, t, s.rules.get(d.node)))}</p>']
        if rows:
            part.append(html_page.fitted_table(_columns(_DERIVATION_COLUMNS, t), rows))
        if zeros:
            part.append(f"<p>{esc(tr('Also {zeros}.', t, zeros='; '.join(zeros)))}</p>")
        part += [f'<p class="warning">{esc(tr("Warning: {warning}", t, warning=w))}</p>' for w in d.warnings]
        part += [f'<p class="note">{esc(tr("Note: {note}", t, note=n))}</p>' for n in s.notes_of(d.node)]
        out.append("".join(part) + "</section>")
    out.append(f"<h2>{esc(tr('Totals', t))}</h2>" + html_page.fitted_table(*_totals(s), table_class="totals"))
    if plot_svg:
        data = base64.b64encode(plot_svg).decode("ascii")
        alt = tr("{model}: parameters and MACs per layer", t, model=s.data["model"])
        out.append(f"<h2>{esc(tr('Parameters and MACs per layer', t))}</h2><figure><img alt=\"{esc(alt)}\" "
                   f"src=\"data:image/svg+xml;base64,{data}\"></figure>")
    out.append(f"<h2>{esc(tr('Paper figures', t))}</h2><p>{esc(_ledger_note(s))}</p>")
    if s.ledger["figures"]:
        columns, rows, verdicts = _ledger(s)
        out.append(html_page.fitted_table(columns, rows, [f"v-{v}" for v in verdicts], "ledger"))
        out.append('<ul class="legend">' + "".join(f"<li><b>{esc(k)}</b>: {esc(v)}</li>" for k, v in _legend(s))
                   + "</ul>")
    if s.ledger["not_computable"]:
        out.append(html_page.fitted_table(*_not_computable(s)))
    out.append(f"<h2>{esc(tr('Conventions', t))}</h2>" + html_page.bullets(_conventions(s)))
    return html_page.page(_title(s), "\n".join(out), lang=t)


# -- files -----------------------------------------------------------------------------------------

def plot_svg(analysis: Analysis, lang: str = "en") -> bytes:
    from . import plots
    return plots.figure_bytes(plots.plot_layers([analysis], lang=lang), "svg")


def plot_name(document: Path) -> str:
    """The plot file a Markdown handout links to, beside it: alexnet.md → alexnet-layers.svg."""
    return f"{document.stem}-layers.svg"


def handout_text(analysis: Analysis, fmt: str, layers: str | None = None, units: str = "decimal",
                 lang: str = "en") -> str:
    """One handout as text, for standard output: HTML embeds its plot; Markdown has no file
    beside it to link a plot to, so it goes without."""
    if fmt not in FORMATS:
        raise OptionError("--format", "unknown handout format", " | ".join(FORMATS), repr(fmt))
    s = sheet(analysis, layers, units, lang)
    return render_html(s, plot_svg(analysis, lang)) if fmt == "html" else render_markdown(s)


def write_handout(analysis: Analysis, path: Path, fmt: str, layers: str | None = None,
                  units: str = "decimal", reads: tuple[str, ...] = (), lang: str = "en") -> list[Path]:
    """Write one handout to ``path`` (Markdown also writes its plot beside it, as
    ``<stem>-layers.svg``). Neither may be a file the command reads (``reads``: the spec)."""
    if fmt not in FORMATS:
        raise OptionError("--format", "unknown handout format", " | ".join(FORMATS), repr(fmt))
    targets = [path] if fmt == "html" else [path, path.with_name(plot_name(path))]
    for target in targets:
        if any(Path(r).exists() and target.exists() and target.resolve() == Path(r).resolve() for r in reads):
            raise OptionError("--output", "the output would overwrite a file the command reads",
                              "another file name", str(target))
    return _write_sheets(analysis, {fmt: path}, layers, units, lang)


def _write_sheets(analysis: Analysis, paths: dict[str, Path], layers: str | None = None,
                  units: str = "decimal", lang: str = "en") -> list[Path]:
    """One sheet and one plot, written in each format of ``paths``; returns the files written."""
    s = sheet(analysis, layers, units, lang)
    svg = plot_svg(analysis, lang)
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
    SVG plot) and HTML, at the spec's default input, in every language of HANDOUT_LANGUAGES
    (English alexnet.md, Korean alexnet.ko.md). Returns every file written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    models = builtin_models()
    written = []
    for name in HANDOUT_MODELS:
        if name not in models:
            continue
        analysis = analyze(models[name].network())
        for lang, suffix in HANDOUT_LANGUAGES.items():
            stem = directory / f"{name}{suffix}"
            written += _write_sheets(analysis, {"markdown": stem.with_name(stem.name + ".md"),
                                                "html": stem.with_name(stem.name + ".html")}, lang=lang)
    return written
