"""Reports: one data structure (``report_data``, also the JSON schema) rendered as text,
Markdown, CSV, JSON, LaTeX or HTML.

JSON schema ``costcalc.report/1`` (stable: fields are only ever added):
  model, description, source, notes[], options{} (build options given, beyond the defaults)
  input: {channels, height, width, batch, dtype, bytes_per_element}
  spec_input_size: [H, W], the spec's own input size (the header names it when the analysed one differs)
  conventions: {name: text}
  layers[]: {name, type, describe, scope, inputs[], input_shapes[[C,H,W]], output_shape [C,H,W],
             params, weights, biases, bn_params, buffers, macs, flops, other_ops,
             activations, activation_bytes, warnings[], notes[],
             receptive_field [h, w], jump [h, w], start [h, w] (null when the layer has no field)}
  receptive_field_unknown (only when some layer has no field): from which layer on, and why
  groups[] (only with group_by): {name, layers, output_shape, receptive_field, params, macs, flops,
             other_ops, activations, params_percent, macs_percent, meta{}, warnings[], notes[]}
  totals: {params, weights, biases, bn_params, buffers, macs, flops, other_ops, activations,
           activation_bytes, peak_activations, peak_activation_bytes, weight_bytes, buffer_bytes}
With training memory (``add_training``; ``costcalc report --training``), also:
  layers[] and groups[]: saved_bytes (the tensors the layer keeps for backward that no earlier
           layer keeps: every saved tensor counted once, at its first keeper in forward order)
  totals: saved_bytes, gradient_bytes, optimizer_bytes, training_peak_bytes
  training: {optimizer, amp, device, peak_at, saved: {activation_bytes, param_bytes,
           buffer_bytes, input_bytes}, assumptions[]}
All counts are exact integers.

A layer's ``warnings`` are what is likely a fault or loses information (a floor that leaves real
input pixels unread, an FC fed the wrong number of features); its ``notes`` what is worth knowing
and no fault (a floor that drops only padding). Text, Markdown, LaTeX and HTML list warnings
under the table and count notes in one line; ``explain=True`` (``--explain``) lists the notes.
The top-level ``notes`` are the network's own (the spec's remarks), not a layer's.

``receptive_field`` is r, the input pixels the layer's first output sees; ``jump`` the input pixels
between neighbouring outputs; ``start`` the centre of the first output's field, in input pixels
(an int, or a half); see costcalc/layers/field.py. Text shows r as the ``rf`` column.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import re
import shutil
import textwrap

from . import tables
from .conventions import CONVENTIONS
from .engine import Analysis, Row
from .errors import OptionError
from .grouping import group_rows
from .html_page import fitted_table, page
from .layers.field import field_value
from .units import UNIT_SYSTEMS, both, exact, human

FORMATS = ("text", "markdown", "csv", "json", "latex", "html")
SCHEMA = "costcalc.report/1"
TABLE_STYLE = {"text": "simple", "markdown": "github", "latex": "latex_booktabs", "html": "html"}


@functools.lru_cache(maxsize=4096)
def _describe_cached(layer) -> str:
    return layer.describe()


def _describe(layer) -> str:
    """``layer.describe()``, once per distinct layer (a deep net repeats the same ReLU, the
    same 3×3 conv thousands of times; layers are frozen, so equal layers describe alike)."""
    try:
        return _describe_cached(layer)
    except TypeError:  # a layer with an unhashable field
        return layer.describe()


def _layer_record(row: Row) -> dict:
    return {
        "name": row.name, "type": row.layer.type_name, "describe": _describe(row.layer),
        "scope": "/".join(row.scope), "inputs": list(row.inputs),
        "input_shapes": [list(s) for s in row.input_shapes], "output_shape": list(row.output_shape),
        "params": row.params, "weights": row.weights, "biases": row.biases, "bn_params": row.bn,
        "buffers": row.buffers, "macs": row.macs, "flops": row.flops, "other_ops": row.other_ops,
        "activations": row.activations, "activation_bytes": row.activation_bytes,
        "warnings": list(row.warnings), "notes": list(row.notes), **_field_record(row),
    }


def _field_record(row: Row) -> dict:
    """receptive_field, jump and start as [h, w] (None when the layer has no field), and where
    the field stops, that layer's note saying why."""
    f = row.receptive_field
    if f is None:
        return {"receptive_field": None, "jump": None, "start": None}
    return {"receptive_field": list(f.size), "jump": list(f.jump), "start": [field_value(s) for s in f.start]}


def field_stops(data: dict) -> str:
    """'' or the one line saying from which layer on the receptive field is not known, and why."""
    return data.get("receptive_field_unknown", "")


def _rf(record: dict) -> str:
    rf = record.get("receptive_field")
    return "–" if rf is None else _shape(rf)


def report_data(analysis: Analysis, variant: int = 0, group_by: str | None = None) -> dict:
    """Everything a report shows, as plain data (ints, strings, lists, dicts)."""
    net = analysis.network
    rows = analysis.rows(variant)
    b = analysis.bytes_per_element
    totals = analysis.totals(variant)
    data = {
        "schema": SCHEMA,
        "model": net.name, "description": net.description, "source": net.source,
        "notes": list(net.notes), "options": dict(net.options),
        "input": {"channels": rows[0].output_shape[0], "height": int(analysis.height[variant]),
                  "width": int(analysis.width[variant]), "batch": int(analysis.batch[variant]),
                  "dtype": analysis.dtype, "bytes_per_element": b},
        "spec_input_size": list(net.input_layer.size),
        "conventions": dict(CONVENTIONS),
        "layers": [_layer_record(r) for r in rows],
        "totals": totals,
    }
    lost = next((r for r in rows if r.receptive_field is None), None)
    if lost is not None:  # the first node without a field: its error names where it stopped
        data["receptive_field_unknown"] = f"receptive field (rf) not known from {lost.name} on: {lost.field_unknown}"
    if group_by:
        data["group_by"] = group_by
        data["groups"] = [{
            "name": g.key, "layers": len(g.rows), "output_shape": list(g.output_shape),
            "receptive_field": _field_record(g.rows[-1])["receptive_field"],
            "params": g.total("params"), "macs": g.total("macs"), "flops": g.total("flops"),
            "other_ops": g.total("other_ops"), "activations": g.total("activations"),
            "params_percent": _percent(g.total("params"), totals["params"]),
            "macs_percent": _percent(g.total("macs"), totals["macs"]),
            "meta": g.meta, "warnings": g.warnings,
            "notes": [f"{r.name}: {n}" for r in g.rows for n in r.notes],
        } for g in group_rows(analysis, rows, group_by)]
    return data


def add_training(data: dict, memory) -> dict:
    """``data`` (report_data's document) with the training memory ``memory``
    (costcalc.training.TrainingMemory of the same analysis) at the report's batch: a saved_bytes
    per layer (and group), the training totals and a ``training`` section (schema above)."""
    batch = data["input"]["batch"]
    per_node = memory.per_node(batch)
    for record, saved in zip(data["layers"], per_node):
        record["saved_bytes"] = saved
    if "groups" in data:
        by_name = dict(zip(memory.analysis.names, per_node))
        analysis = memory.analysis
        for record, group in zip(data["groups"], group_rows(analysis, analysis.rows(), data["group_by"])):
            record["saved_bytes"] = sum(by_name[r.name] for r in group.rows)
    totals = memory.totals(batch)
    data["totals"].update({key: totals[key] for key, _, _ in TRAINING_TOTAL_LABELS})
    data["training"] = {
        "optimizer": memory.optimizer, "amp": memory.amp, "device": memory.device,
        "peak_at": totals["training_peak_at"],
        "saved": {f"{kind}_bytes": totals[f"saved_{kind}_bytes"] for kind in ("activation", "param", "buffer", "input")},
        "assumptions": list(memory.assumptions),
    }
    return data


#: the training totals a report shows with --training, after the inference totals
TRAINING_TOTAL_LABELS = [
    ("saved_bytes", "saved for backward (distinct tensors)", "bytes"),
    ("gradient_bytes", "gradients", "bytes"), ("optimizer_bytes", "optimizer state", "bytes"),
    ("training_peak_bytes", "training peak (forward, backward, step)", "bytes"),
]


def _total_labels(data: dict) -> list[tuple[str, str, str]]:
    return _TOTAL_LABELS + (TRAINING_TOTAL_LABELS if "training" in data else [])


def _training_lines(data: dict) -> list[str]:
    """The training block's lines: the options and where the peak is, then the assumptions."""
    t = data["training"]
    amp = f", mixed precision {t['amp']}" if t["amp"] else ""
    return [f"optimizer {t['optimizer']}, device {t['device']}{amp}; the peak is at {t['peak_at']}",
            *t["assumptions"]]


def _percent(part: int, whole: int) -> float:
    """Share in percent, rounded to 2 decimals (the precision papers print)."""
    return round(100 * part / whole, 2) if whole else 0.0


def _shape(s) -> str:
    return "×".join(str(n) for n in s)


def layer_table(data: dict, footnotes: list[str] | None = None,
                percent: bool = False) -> tuple[list[str], list[list]]:
    """The main table: one row per layer, or per group when grouped. With ``footnotes`` (a list
    to fill), the warnings column holds markers like [1] and the texts go to the list, which
    keeps a text table narrow enough to read; without it (CSV) the texts stay in the cell."""
    def mark(name: str, warnings: list[str]) -> str:
        if footnotes is None or not warnings:
            return "; ".join(warnings)
        first = len(footnotes) + 1
        footnotes.extend(f"[{first + i}] {name}: {w}" for i, w in enumerate(warnings))
        return " ".join(f"[{first + i}]" for i in range(len(warnings)))

    if "groups" in data:
        meta_keys = list(dict.fromkeys(k for g in data["groups"] for k in g["meta"]))
        headers = [data["group_by"], "layers", *meta_keys, "output", "params", "params %",
                   "MACs", "MACs %", "activations", "rf", "warnings"]
        body = [[g["name"], g["layers"], *(g["meta"].get(k, "") for k in meta_keys),
                 "" if data["group_by"] == "type" else _shape(g["output_shape"]), g["params"],
                 f"{g['params_percent']:.2f}", g["macs"], f"{g['macs_percent']:.2f}", g["activations"],
                 "" if data["group_by"] == "type" else _rf(g), mark(g["name"], g["warnings"])]
                for g in data["groups"]]
        return _with_saved(data, data["groups"], headers, body)
    if percent:  # each layer's share of the totals, as the grouped rows show it
        t = data["totals"]
        headers = ["layer", "type", "output", "params", "params %", "MACs", "MACs %", "activations",
                   "rf", "warnings"]
        body = [[r["name"], r["describe"], _shape(r["output_shape"]), r["params"],
                 f"{_percent(r['params'], t['params']):.2f}", r["macs"],
                 f"{_percent(r['macs'], t['macs']):.2f}", r["activations"], _rf(r),
                 mark(r["name"], r["warnings"])]
                for r in data["layers"]]
        return _with_saved(data, data["layers"], headers, body)
    headers = ["layer", "type", "output", "params", "MACs", "activations", "rf", "warnings"]
    body = [[r["name"], r["describe"], _shape(r["output_shape"]), r["params"], r["macs"],
             r["activations"], _rf(r), mark(r["name"], r["warnings"])] for r in data["layers"]]
    return _with_saved(data, data["layers"], headers, body)


def _with_saved(data: dict, records: list[dict], headers: list[str], body: list[list]):
    """With training memory, a "saved bytes" column (bytes kept for backward) after the activations."""
    if "training" not in data:
        return headers, body
    at = headers.index("activations") + 1
    return (headers[:at] + ["saved bytes"] + headers[at:],
            [row[:at] + [r["saved_bytes"]] + row[at:] for row, r in zip(body, records)])


_TOTAL_LABELS = [
    ("params", "parameters", "count"), ("weights", "  weights", "count"),
    ("biases", "  biases", "count"), ("bn_params", "  batch-norm gamma/beta", "count"),
    ("buffers", "buffers (BN running stats)", "count"), ("macs", "MACs", "count"),
    ("flops", "FLOPs (2 × MACs)", "count"), ("other_ops", "other ops", "count"),
    ("activations", "activations (elements)", "count"),
    ("activation_bytes", "activation memory", "bytes"),
    ("peak_activations", "peak live activations (elements)", "count"),
    ("peak_activation_bytes", "peak activation memory", "bytes"),
    ("weight_bytes", "weight memory", "bytes"), ("buffer_bytes", "buffer memory", "bytes"),
]


def totals_rows(data: dict, units: str) -> list[list[str]]:
    return [[label, both(data["totals"][key], units, kind)] for key, label, kind in _total_labels(data)]


def _heading(data: dict) -> list[str]:
    i = data["input"]
    options = ", ".join(f"{k}={v}" for k, v in data["options"].items())
    return [
        f"{data['model']}: {data['description']}",
        f"source: {data['source']}",
        *([f"built with: {options} (overriding the model's defaults)"] if options else []),
        f"input: {i['channels']}×{i['height']}×{i['width']}{_own_size(data)}, batch {i['batch']}, "
        f"{i['dtype']} ({i['bytes_per_element']} bytes per element)",
    ]


def _own_size(data: dict) -> str:
    """' (the spec's own is 227×227)' when the analysed input is another size, else ''."""
    own, i = data.get("spec_input_size"), data["input"]
    if own is None or tuple(own) == (i["height"], i["width"]):
        return ""
    return f" (the spec's own is {own[0]}×{own[1]})"


def format_ints(body: list[list]) -> list[list]:
    return [[exact(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in row]
            for row in body]


def _cell_text(v) -> str:
    """A cell as format_ints and str() make it: '1,234' for an int, str() of anything else."""
    return f"{v:,}" if type(v) is int else str(v)


def render(analysis: Analysis, fmt: str = "text", variant: int = 0, group_by: str | None = None,
           units: str = "decimal", width: int | None = None, brief: bool = False, bom: bool = False,
           explain: bool = False) -> str:
    """The report of one analysis in ``fmt`` (one of FORMATS); see ``render_data``."""
    check_format(fmt, units)
    with tables.gc_paused():
        return render_data(report_data(analysis, variant, group_by), fmt, units, width, brief, bom, explain)


def check_format(fmt: str, units: str = "decimal") -> None:
    if fmt not in FORMATS:
        raise OptionError("--format", "unknown report format", " | ".join(FORMATS), repr(fmt))
    if units not in UNIT_SYSTEMS:
        raise OptionError("--units", "unknown unit system", " | ".join(UNIT_SYSTEMS), repr(units))


def render_data(data: dict, fmt: str = "text", units: str = "decimal", width: int | None = None,
                brief: bool = False, bom: bool = False, explain: bool = False) -> str:
    """The report of ``report_data``'s document (with any extra keys it carries, in JSON).

    ``width``: the text table's width (default: the terminal's, 100 when unknown); columns that
    do not fit are shortened or left out, and the report says which. ``brief`` leaves out the
    conventions block. ``bom`` starts CSV with a UTF-8 byte-order mark, for spreadsheets that
    otherwise misread × and other non-ASCII characters. ``explain`` lists the layers' notes
    (see the module docstring); without it they are counted in one line.
    """
    check_format(fmt, units)
    with tables.gc_paused():
        return _render_data(data, fmt, units, width, brief, bom, explain)


def _render_data(data: dict, fmt: str, units: str, width: int | None, brief: bool, bom: bool,
                 explain: bool = False) -> str:
    if fmt == "json":
        return json_document(data)
    if fmt == "csv":
        return ("\ufeff" if bom else "") + _csv(data)
    footnotes: list[str] = []
    columns, body = _columns(data, footnotes)
    columns, body = tables.drop_empty(columns, body)
    totals = ([tables.Column("total"), tables.Column("value", "right"), tables.Column("")],
              [[label, exact(data["totals"][key]), human(data["totals"][key], units, kind)]
               for key, label, kind in _total_labels(data)])
    conventions = [] if brief else [f"{k}: {v}" for k, v in data["conventions"].items()]
    notes = layer_notes(data) if explain else []
    summary = "" if explain else notes_summary(data)
    if fmt == "html":
        return _html(data, columns, body, footnotes, totals, conventions, notes, summary)
    if fmt == "latex":
        return _latex(data, columns, body, footnotes, totals, conventions, notes, summary)
    if fmt == "markdown":
        return _markdown(data, columns, body, footnotes, totals, conventions, notes, summary)
    return _text(data, columns, body, footnotes, totals, conventions, width or terminal_width(), notes, summary)


def layer_notes(data: dict) -> list[str]:
    """Every layer's notes as 'layer: text', in network order (grouped or not)."""
    return [f"{r['name']}: {n}" for r in data["layers"] for n in r.get("notes", ())]


def notes_summary(data: dict) -> str:
    """The one line that counts the layers' notes when they are not listed ('' when none)."""
    count = len(layer_notes(data))
    if not count:
        return ""
    return (f"{count} layer note{'s' if count > 1 else ''} (worth knowing, no fault: e.g. a floor "
            "that drops only padding); --explain lists them")


def json_document(data: dict) -> str:
    """JSON with one line per top-level field and one line per item of a list of records (a
    layer, a group): readable and diffable, and written by json's C encoder (``indent=`` takes
    the pure-Python one, several times slower on a large graph)."""
    def value(v) -> str:
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            return _records(v)
        return _dumps(v)
    return "{\n" + ",\n".join(f"  {json.dumps(k)}: {value(v)}" for k, v in data.items()) + "\n}\n"


def _records(records: list[dict]) -> str:
    """A list of records, one per line. The list is encoded in one call and broken at the
    records' boundaries: each record is a dict whose first key is the same ("name"), so a
    boundary reads '}, {"name": ', which no string inside a record can hold (its quote would be
    escaped). If the count of boundaries says otherwise, each record is encoded on its own."""
    first = next(iter(records[0]), None)
    if isinstance(first, str):
        boundary = "}, {" + _dumps(first) + ": "
        text = _dumps(records)[1:-1]
        if text.count(boundary) == len(records) - 1:
            return "[\n    " + text.replace(boundary, "},\n    {" + _dumps(first) + ": ") + "\n  ]"
    return "[\n    " + ",\n    ".join(map(_dumps, records)) + "\n  ]"


def _c_encoder():
    """json's C encoder, made once: ``json.dumps`` makes a new one per call, which is most of
    the time of a small record (None where the C accelerator is missing or differs)."""
    try:
        from json.encoder import c_make_encoder, encode_basestring
        encode = c_make_encoder(None, json.JSONEncoder().default, encode_basestring, None, ": ", ", ",
                                False, False, True)
        probe = {"a": [1, 2.5, None, True, "é×\n"], "b": {"c": -3}}
        return encode if "".join(encode(probe, 0)) == json.dumps(probe, ensure_ascii=False) else None
    except (ImportError, TypeError):
        return None


_ENCODE = _c_encoder()


def _dumps(value) -> str:
    """``json.dumps(value, ensure_ascii=False)``, byte for byte."""
    return "".join(_ENCODE(value, 0)) if _ENCODE else json.dumps(value, ensure_ascii=False)


def terminal_width() -> int:
    """$COLUMNS, else the terminal's width, else 100."""
    return shutil.get_terminal_size((100, 24)).columns


_COLUMN_KINDS = {  # header → (align, keep, shrink, cut): how important, how far a text may shrink
    "layer": ("left", 0, 22, "path"), "type": ("left", 3, 14, "end"), "output": ("left", 0, None, "end"),
    "rf": ("left", 3, None, ""),
    "params": ("right", 0, None, ""), "params %": ("right", 5, None, ""), "MACs": ("right", 0, None, ""),
    "MACs %": ("right", 4, None, ""), "activations": ("right", 2, None, ""),
    "warnings": ("left", 1, None, ""), "layers": ("right", 6, None, ""),
    "saved bytes": ("right", 2, None, ""),
}


def _columns(data: dict, footnotes: list[str]) -> tuple[list[tables.Column], list[list[str]]]:
    """The layer (or group) table with per-row percentages, as declared columns and text cells."""
    headers, body = layer_table(data, footnotes, percent=True)
    columns = []
    for h in headers:  # a column we do not know is a paper-table column (GoogLeNet's #1×1)
        align, keep, shrink, cut = _COLUMN_KINDS.get(h, ("left", 7, 8, "end"))
        columns.append(tables.Column(h, align, keep, shrink, cut or "middle"))
    columns[0] = tables.Column(headers[0], "left", 0, 22, "path")  # the row's name: never dropped
    return columns, [list(map(_cell_text, row)) for row in body]  # one pass: format_ints, then str


def _wrap(text: str, width: int, indent: str = "") -> str:
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent + "    ",
                         break_long_words=False, break_on_hyphens=False)


def _text(data, columns, body, footnotes, totals, conventions, width: int, notes=(), summary="") -> str:
    fitted, rows, dropped = tables.fit(columns, body, width)
    parts = ["\n".join(_wrap(line, width) for line in _heading(data)), tables.text(fitted, rows)]
    if dropped:
        parts.append(_wrap(f"left out to fit {width} columns: {', '.join(dropped)} (a wider terminal, "
                           "COLUMNS=160, or --format markdown shows every column)", width))
    if field_stops(data):
        parts.append(_wrap(field_stops(data), width))
    if "groups" in data:
        first = data["layers"][0]
        parts.append(_wrap(f"The input ({_shape(first['output_shape'])}, {exact(first['activations'])} "
                           "activations) is in no row; the totals count it.", width))
    if footnotes:
        parts.append("warnings:\n" + "\n".join(_wrap(f, width, "  ") for f in footnotes))
    if notes:
        parts.append("layer notes:\n" + "\n".join(_wrap(n, width, "  ") for n in notes))
    if summary:
        parts.append(_wrap(summary, width))
    parts.append(tables.text(*totals))
    if "training" in data:
        parts.append("training memory:\n" + "\n".join(_wrap(n, width, "  ") for n in _training_lines(data)))
    if data["notes"]:
        parts.append("notes:\n" + "\n".join(_wrap(n, width, "  ") for n in data["notes"]))
    if conventions:
        parts.append("conventions (--brief leaves them out):\n"
                     + "\n".join(_wrap(c, width, "  ") for c in conventions))
    return "\n\n".join(parts) + "\n"


def _markdown(data, columns, body, footnotes, totals, conventions, notes=(), summary="") -> str:
    title, *rest = _heading(data)
    parts = [f"## {tables.markdown_cell(title)}", "\n".join(f"- {tables.markdown_cell(line)}" for line in rest),
             tables.markdown(columns, body)]
    if field_stops(data):
        parts.append(tables.markdown_cell(field_stops(data)))
    if "groups" in data:
        first = data["layers"][0]
        parts.append(f"The input ({_shape(first['output_shape'])}, {exact(first['activations'])} "
                     "activations) is in no row; the totals count it.")
    if footnotes:
        parts.append("Warnings:\n\n" + "\n".join(f"- {tables.markdown_cell(f)}" for f in footnotes))
    if notes:
        parts.append("Layer notes:\n\n" + "\n".join(f"- {tables.markdown_cell(n)}" for n in notes))
    if summary:
        parts.append(tables.markdown_cell(summary))
    parts.append(tables.markdown(*totals))
    if "training" in data:
        parts.append("Training memory:\n\n" + "\n".join(f"- {tables.markdown_cell(n)}" for n in _training_lines(data)))
    if data["notes"]:
        parts.append("Notes:\n\n" + "\n".join(f"- {tables.markdown_cell(n)}" for n in data["notes"]))
    if conventions:
        parts.append("Conventions:\n\n" + "\n".join(f"- {tables.markdown_cell(c)}" for c in conventions))
    return "\n\n".join(parts) + "\n"


def _latex(data, columns, body, footnotes, totals, conventions, notes=(), summary="") -> str:
    """Two longtables (layers, then totals) with captions and labels; warnings, notes and
    conventions as visible text. Needs booktabs and longtable; landscape pages for wide tables
    are the document's choice (\\usepackage{pdflscape})."""
    label = re.sub(r"[^a-z0-9]+", "-", data["model"].lower()).strip("-") or "model"
    title, *rest = _heading(data)
    parts = [rf"% costcalc report; needs {tables.LATEX_PACKAGES}",
             r"\paragraph{" + tables.latex_text(title) + "}",
             r"\\ ".join(tables.latex_text(line) for line in rest),
             tables.latex(columns, body, f"{data['model']}: layers", f"tab:{label}-layers", footnotes),
             tables.latex(*totals, f"{data['model']}: totals", f"tab:{label}-totals",
                          data["notes"] + (_training_lines(data) if "training" in data else []))]
    if field_stops(data):
        parts.insert(-1, tables.latex_text(field_stops(data)))
    if notes or summary:
        parts.insert(-1, r"\begin{small}\noindent Layer notes: "
                     + ("; ".join(tables.latex_text(n) for n in notes) or tables.latex_text(summary))
                     + r".\end{small}")
    if conventions:
        parts.append(r"\begin{small}\noindent Conventions: "
                     + "; ".join(tables.latex_text(c) for c in conventions) + r".\end{small}")
    return "\n\n".join(parts) + "\n"


def _html(data, columns, body, footnotes, totals, conventions, notes=(), summary="") -> str:
    title, *rest = _heading(data)
    head = f"<h1>{html.escape(title)}</h1>" + "".join(f"<p class=\"meta\">{html.escape(line)}</p>" for line in rest)
    # a wide table prints on a landscape page (or in parts), its heading with it
    parts = [fitted_table(columns, body, table_class="layers", before=head)]
    if footnotes:
        parts.append("<h2>Warnings</h2><ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in footnotes) + "</ul>")
    if field_stops(data):
        parts.append(f"<p class=\"meta\">{html.escape(field_stops(data))}</p>")
    if notes:
        parts.append("<h2>Layer notes</h2><ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in notes) + "</ul>")
    if summary:
        parts.append(f"<p class=\"meta\">{html.escape(summary)}</p>")
    parts.append("<h2>Totals</h2>" + tables.html_table(*totals, table_class="totals"))
    if "training" in data:
        parts.append("<h2>Training memory</h2><ul>"
                     + "".join(f"<li>{html.escape(n)}</li>" for n in _training_lines(data)) + "</ul>")
    if data["notes"]:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in data["notes"]) + "</ul>")
    if conventions:
        parts.append("<h2>Conventions</h2><ul>" + "".join(f"<li>{html.escape(c)}</li>" for c in conventions) + "</ul>")
    return page(data["model"], "\n".join(parts))


CSV_LAYER_FIELDS = ["name", "type", "describe", "scope", "inputs", "c", "h", "w", "params", "weights",
                    "biases", "bn_params", "buffers", "macs", "flops", "other_ops", "activations",
                    "activation_bytes", "warnings"]
CSV_GROUP_FIELDS = ["name", "layers", "c", "h", "w", "params", "params_percent", "macs", "macs_percent",
                    "flops", "other_ops", "activations", "warnings"]


def _csv(data: dict) -> str:
    """One row per layer (or group) with every numeric field of the JSON; the output shape in
    its own c, h and w columns. Text a spreadsheet would run as a formula is quoted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    grouped = "groups" in data
    fields = CSV_GROUP_FIELDS if grouped else CSV_LAYER_FIELDS
    if "training" in data:
        fields = fields + ["saved_bytes"]
    writer.writerow(fields)
    for record in data["groups"] if grouped else data["layers"]:
        c, h, w = record["output_shape"]
        cells = {**record, "c": c, "h": h, "w": w, "warnings": "; ".join(record["warnings"]),
                 "inputs": " ".join(record.get("inputs", []))}
        writer.writerow([tables.csv_safe(cells[f]) for f in fields])
    return out.getvalue()


def column_alignment(headers: list[str]) -> list[str]:
    numeric = {"params", "MACs", "activations", "layers", "params %", "MACs %", "saved bytes"}
    return ["right" if h in numeric else "left" for h in headers]
