"""Reports: one data structure (``report_data``, also the JSON schema) rendered as text,
Markdown, CSV, JSON, LaTeX or HTML.

JSON schema ``costcalc.report/1`` (stable: fields are only ever added):
  model, description, source, notes[], options{} (build options given, beyond the defaults)
  input: {channels, height, width, batch, dtype, bytes_per_element}
  conventions: {name: text}
  layers[]: {name, type, describe, scope, inputs[], input_shapes[[C,H,W]], output_shape [C,H,W],
             params, weights, biases, bn_params, buffers, macs, flops, other_ops,
             activations, activation_bytes, warnings[]}
  groups[] (only with group_by): {name, layers, output_shape, params, macs, flops, other_ops,
             activations, params_percent, macs_percent, meta{}, warnings[]}
  totals: {params, weights, biases, bn_params, buffers, macs, flops, other_ops, activations,
           activation_bytes, peak_activations, peak_activation_bytes, weight_bytes, buffer_bytes}
All counts are exact integers.
"""

from __future__ import annotations

import csv
import html
import io
import json

from tabulate import tabulate

from .conventions import CONVENTIONS
from .engine import Analysis, Row
from .errors import OptionError
from .grouping import group_rows
from .units import UNIT_SYSTEMS, both, exact

FORMATS = ("text", "markdown", "csv", "json", "latex", "html")
SCHEMA = "costcalc.report/1"
TABLE_STYLE = {"text": "simple", "markdown": "github", "latex": "latex_booktabs", "html": "html"}


def _layer_record(row: Row) -> dict:
    return {
        "name": row.name, "type": row.layer.type_name, "describe": row.layer.describe(),
        "scope": "/".join(row.scope), "inputs": list(row.inputs),
        "input_shapes": [list(s) for s in row.input_shapes], "output_shape": list(row.output_shape),
        "params": row.params, "weights": row.weights, "biases": row.biases, "bn_params": row.bn,
        "buffers": row.buffers, "macs": row.macs, "flops": row.flops, "other_ops": row.other_ops,
        "activations": row.activations, "activation_bytes": row.activation_bytes,
        "warnings": list(row.warnings),
    }


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
        "conventions": dict(CONVENTIONS),
        "layers": [_layer_record(r) for r in rows],
        "totals": totals,
    }
    if group_by:
        data["group_by"] = group_by
        data["groups"] = [{
            "name": g.key, "layers": len(g.rows), "output_shape": list(g.output_shape),
            "params": g.total("params"), "macs": g.total("macs"), "flops": g.total("flops"),
            "other_ops": g.total("other_ops"), "activations": g.total("activations"),
            "params_percent": _percent(g.total("params"), totals["params"]),
            "macs_percent": _percent(g.total("macs"), totals["macs"]),
            "meta": g.meta, "warnings": g.warnings,
        } for g in group_rows(analysis, rows, group_by)]
    return data


def _percent(part: int, whole: int) -> float:
    """Share in percent, rounded to 2 decimals (the precision papers print)."""
    return round(100 * part / whole, 2) if whole else 0.0


def _shape(s) -> str:
    return "×".join(str(n) for n in s)


def layer_table(data: dict, footnotes: list[str] | None = None) -> tuple[list[str], list[list]]:
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
                   "MACs", "MACs %", "activations", "warnings"]
        body = [[g["name"], g["layers"], *(g["meta"].get(k, "") for k in meta_keys),
                 "" if data["group_by"] == "type" else _shape(g["output_shape"]), g["params"],
                 f"{g['params_percent']:.2f}", g["macs"],
                 f"{g['macs_percent']:.2f}", g["activations"], mark(g["name"], g["warnings"])]
                for g in data["groups"]]
        return headers, body
    headers = ["layer", "type", "output", "params", "MACs", "activations", "warnings"]
    body = [[r["name"], r["describe"], _shape(r["output_shape"]), r["params"], r["macs"],
             r["activations"], mark(r["name"], r["warnings"])] for r in data["layers"]]
    return headers, body


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
    return [[label, both(data["totals"][key], units, kind)] for key, label, kind in _TOTAL_LABELS]


def _heading(data: dict) -> list[str]:
    i = data["input"]
    options = ", ".join(f"{k}={v}" for k, v in data["options"].items())
    return [
        f"{data['model']}: {data['description']}",
        f"source: {data['source']}",
        *([f"built with: {options} (overriding the model's defaults)"] if options else []),
        f"input: {i['channels']}×{i['height']}×{i['width']}, batch {i['batch']}, "
        f"{i['dtype']} ({i['bytes_per_element']} bytes per element)",
    ]


def format_ints(body: list[list]) -> list[list]:
    return [[exact(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in row]
            for row in body]


def render(analysis: Analysis, fmt: str = "text", variant: int = 0, group_by: str | None = None,
           units: str = "decimal") -> str:
    """The report of one analysis in ``fmt`` (one of FORMATS)."""
    check_format(fmt, units)
    return render_data(report_data(analysis, variant, group_by), fmt, units)


def check_format(fmt: str, units: str = "decimal") -> None:
    if fmt not in FORMATS:
        raise OptionError("--format", "unknown report format", " | ".join(FORMATS), repr(fmt))
    if units not in UNIT_SYSTEMS:
        raise OptionError("--units", "unknown unit system", " | ".join(UNIT_SYSTEMS), repr(units))


def render_data(data: dict, fmt: str = "text", units: str = "decimal") -> str:
    """The report of ``report_data``'s document (with any extra keys it carries, in JSON)."""
    check_format(fmt, units)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    footnotes: list[str] = []
    headers, body = layer_table(data, None if fmt == "csv" else footnotes)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(body)
        return out.getvalue()
    style = TABLE_STYLE[fmt]
    table = tabulate(format_ints(body), headers, tablefmt=style, disable_numparse=True,
                     colalign=column_alignment(headers))
    totals = tabulate(totals_rows(data, units), ["total", "value"], tablefmt=style,
                      disable_numparse=True)
    conventions = [f"{k}: {v}" for k, v in data["conventions"].items()]
    if fmt == "html":
        return _html(data, table, footnotes, totals, conventions)
    if fmt == "latex":
        return "\n".join([*(f"% {line}" for line in _heading(data)), table,
                          *(f"% {line}" for line in footnotes), totals,
                          *(f"% {line}" for line in conventions)]) + "\n"
    bullet = "- " if fmt == "markdown" else "  "
    parts = ["\n".join(_heading(data)), table]
    if "groups" in data:
        first = data["layers"][0]
        parts.append(f"The input ({_shape(first['output_shape'])}, {exact(first['activations'])} "
                     "activations) is in no row; the totals count it.")
    if footnotes:
        parts.append("warnings:\n" + "\n".join(bullet + f for f in footnotes))
    parts.append(totals)
    if data["notes"]:
        parts.append("notes:\n" + "\n".join(bullet + n for n in data["notes"]))
    parts.append("conventions:\n" + "\n".join(bullet + c for c in conventions))
    return "\n\n".join(parts) + "\n"


def column_alignment(headers: list[str]) -> list[str]:
    numeric = {"params", "MACs", "activations", "layers", "params %", "MACs %"}
    return ["right" if h in numeric else "left" for h in headers]


def _html(data: dict, table: str, footnotes: list[str], totals: str, conventions: list[str]) -> str:
    heading = "".join(f"<p>{html.escape(line)}</p>" for line in _heading(data)[1:])
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in footnotes)
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in data["notes"])
    conv = "".join(f"<li>{html.escape(c)}</li>" for c in conventions)
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(data['model'])}"
            f"</title></head><body>\n<h1>{html.escape(data['model'])}</h1>{heading}\n{table}\n"
            f"<ul>{warnings}</ul>\n"
            f"<h2>Totals</h2>\n{totals}\n<ul>{notes}</ul>\n<h2>Conventions</h2><ul>{conv}</ul>\n"
            "</body></html>\n")
