"""The Python API: what notebooks, scripts and the command line call.

    >>> import costcalc
    >>> r = costcalc.analyze("resnet50-v1.5", 224)
    >>> r.totals()["params"]
    25557032

``analyze`` takes a built-in model name, a path to a ``.py`` spec file or a ``Network``, and one
input size; ``sweep`` takes a list of sizes and walks them all at once (the engine's variant
axis). Both return an ``engine.Analysis`` that also knows how to show itself: ``repr`` is a short
summary, ``_repr_html_`` a table for notebooks, ``to_dict`` the ``--format json`` document,
``to_pandas`` the layer rows as a DataFrame (with the ``costcalc[pandas]`` extra).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from . import engine
from .errors import MissingExtraError, OptionError
from .graph import Network
from .inputs import batch_size as _batch
from .inputs import dtype_name as _dtype
from .inputs import parse_input_size
from .inputs import short as _short
from .options import Option
from .registry import Model, builtin_models, get_model
from .units import both, exact, human

def resolve(model, options: dict | None = None, name: str | None = None) -> tuple[Model | None, Network]:
    """The Model (None for a Network given as is) and the Network it builds with ``options``."""
    if options is not None and not isinstance(options, dict):
        raise OptionError("options", "build options are a dict of name → value",
                          "e.g. {'alpha': 0.75}", type(options).__name__)
    if isinstance(model, Network):
        if options:
            raise OptionError("options", "a Network is already built: its options cannot change",
                              "a model name or spec file with options=", sorted(options))
        return None, model
    if isinstance(model, Path):
        model = str(model)
    if not isinstance(model, str):
        raise OptionError("model", "a model is a built-in name, a .py spec file or a Network",
                          "e.g. 'vgg16'", type(model).__name__)
    spec = get_model(model, name)
    return spec, spec.network(**(options or {}))


def analyze(model, input_size=None, *, batch: int = 1, dtype: str = "fp32",
            options: dict | None = None, name: str | None = None, training: bool = False,
            optimizer: str | None = None, amp: str | None = None,
            device: str | None = None) -> engine.Analysis:
    """Shapes, parameters, MACs and memory of ``model`` at one input size.

    ``model``: a built-in name (``costcalc list``), a path to a .py spec file, or a Network.
    ``input_size``: an int (square), an (H, W) pair or "HxW"; None for the spec's own.
    ``batch`` multiplies activations and MACs; ``dtype`` sets bytes per element;
    ``options`` are build options (``costcalc info MODEL`` lists them); ``name`` picks a model
    in a spec file that defines several. ``training=True`` adds training memory
    (``.training_memory``, a costcalc.training.TrainingMemory; its totals in ``to_dict()``) with
    ``optimizer`` (none, sgd, momentum, adam, adamw; default none), ``amp`` (None, fp16, bf16)
    and ``device`` (cuda, the default, or cpu).
    """
    size = None if input_size is None else parse_input_size(input_size)
    n, dt = _batch(batch), _dtype(dtype)
    _, net = resolve(model, options, name)
    summary = Summary.of(engine.analyze(net, input_size=size, batch=n, dtype=dt))
    summary.training_memory = _training(summary, training, optimizer, amp, device)
    return summary


def _training(analysis: engine.Analysis, training: bool, optimizer, amp, device):
    """The TrainingMemory asked for, or None; training options without ``training`` are an
    error, so that --optimizer alone is never silently ignored."""
    if not isinstance(training, (bool, np.bool_)):
        raise OptionError("training", "training is a flag", "True or False", _short(training))
    if not training:
        given = [f"--{k}" for k, v in (("optimizer", optimizer), ("amp", amp), ("device", device))
                 if v is not None]
        if given:
            raise OptionError(given[0], "applies to training memory only", "--training with it",
                              f"{given[0]} without --training")
        return None
    from .training import training_memory
    return training_memory(analysis, optimizer=optimizer or "none", amp=amp, device=device or "cuda")


def sweep(model, sizes, *, batch: int = 1, dtype: str = "fp32", options: dict | None = None,
          name: str | None = None) -> engine.Analysis:
    """The same model at several input sizes, in one walk; ``to_dict()["variants"]`` has one
    entry per size with the totals ``analyze`` gives at that size."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise OptionError("sizes", "a sweep takes a list of input sizes", "e.g. [160, 192, 224]",
                          _short(sizes))
    grid = [parse_input_size(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
    if not grid:
        raise OptionError("sizes", "a sweep needs at least one input size", "e.g. [160, 224]", "[]")
    n, dt = _batch(batch), _dtype(dtype)
    _, net = resolve(model, options, name)
    return Sweep.of(engine.analyze(net, input_size=grid, batch=n, dtype=dt))


def report(model, input_size=None, *, batch: int = 1, dtype: str = "fp32", options: dict | None = None,
           name: str | None = None, fmt: str = "text", group_by: str | None = None,
           units: str = "decimal", ledger: bool | None = None, explain_separable: bool = False,
           brief: bool = False, bom: bool = False, width: int | None = None, explain: bool = False,
           training: bool = False, optimizer: str | None = None, amp: str | None = None,
           device: str | None = None) -> str:
    """``costcalc report``: the model's report in ``fmt``, with the optional sections.

    ``training`` (with ``optimizer``, ``amp``, ``device`` as in ``analyze``): a per-layer
    "saved" column, the training totals and their assumptions.

    ``ledger``: append the paper figures about the model (text and Markdown; default: with
    ``group_by``, whose rows are the papers' tables). ``explain_separable``: each depthwise
    separable pair against the standard conv it replaces (text, Markdown, or a ``separable``
    key in JSON). ``name`` picks a model inside a spec file that defines several. ``brief``,
    ``bom``, ``width`` and ``explain`` (list the layers' notes) as in ``report.render_data``.
    """
    from .report import check_format, render_data, report_data
    check_format(fmt, units)
    size = None if input_size is None else parse_input_size(input_size, "--input")
    spec, net = resolve(model, options, name)
    analysis = engine.analyze(net, input_size=size, batch=_batch(batch), dtype=_dtype(dtype))
    data = report_data(analysis, 0, group_by)
    memory = _training(analysis, training, optimizer, amp, device)
    if memory is not None:
        from .report import add_training
        add_training(data, memory)
    separable = None
    if explain_separable:
        from .separable import FORMATS as SEPARABLE_FORMATS, render_separable, separable_data
        if fmt not in SEPARABLE_FORMATS:
            raise OptionError("--explain-separable", "the separable section is written as text, "
                              "markdown or json", " | ".join(SEPARABLE_FORMATS), repr(fmt))
        separable = separable_data(spec, options or {}, analysis)
        if fmt == "json":
            data["separable"] = separable
    text = render_data(data, fmt, units, width, brief, bom, explain)
    if separable is not None and fmt != "json":
        text += "\n" + render_separable(separable, fmt)
    wants_ledger = group_by is not None if ledger is None else ledger
    if wants_ledger and fmt in ("text", "markdown") and spec is not None \
            and builtin_models().get(spec.name) is spec:
        text += _ledger_section(spec.name, analysis, fmt, group_by, bool(options or size))
    return text


def fit(model, memory, *, training: bool = False, optimizer: str | None = None, amp: str | None = None,
        device: str | None = None, input_size=None, dtype: str = "fp32", options: dict | None = None,
        name: str | None = None, overhead=None):
    """``costcalc fit``: the largest batch of ``model`` whose memory fits ``memory`` ('80GB',
    '24GiB', '512MB' or a byte count), for inference and, with ``training``, for a training step
    (``optimizer``, ``amp``, ``device`` as in ``analyze``). Returns a costcalc.training.Fit
    (``render()``, ``to_dict()``).

    Inference needs weights + buffers + peak live activations; training its step's peak
    (costcalc.training). Both are exact and affine in the batch N, so the batch is solved for,
    then checked at N and N + 1. ``overhead`` is what your framework adds on top ('10%' or
    '2GB': a convolution workspace, allocator rounding), never guessed by costcalc.
    """
    from .training import (Affine, Fit, FitCase, largest_batch, parse_overhead, parse_size,
                           with_overhead)
    budget = parse_size(memory)
    extra = parse_overhead(overhead)
    size = None if input_size is None else parse_input_size(input_size, "--input")
    _, net = resolve(model, options, name)
    one = engine.analyze(net, input_size=size, batch=1, dtype=_dtype(dtype))
    t = one.totals()
    fixed = t["weight_bytes"] + t["buffer_bytes"]
    inference = Affine(fixed, t["peak_activation_bytes"])

    def case(kind, needs, peak_at, parts_at, detail):
        n = largest_batch(needs, budget, extra)
        needed = with_overhead(peak_at(n), extra) if n else 0
        following = with_overhead(peak_at(n + 1), extra)
        if (n and needed > budget) or following <= budget:  # the solve and the figures disagree
            raise RuntimeError(f"fit: batch {n} does not check out ({needed}, {following}, {budget})")
        return FitCase(kind, n, needed, following, parts_at(max(n, 1)), detail)

    def inference_parts(n):
        at = engine.analyze(net, input_size=size, batch=n, dtype=_dtype(dtype)).totals()  # the check
        if at["weight_bytes"] + at["buffer_bytes"] + at["peak_activation_bytes"] != inference.at(n):
            raise RuntimeError("fit: inference memory is not affine in the batch")
        return {"weights": at["weight_bytes"], "buffers": at["buffer_bytes"],
                "peak activations": at["peak_activation_bytes"]}

    cases = [case("inference", [inference], inference.at, inference_parts,
                  "weights + buffers + peak live activations")]
    assumptions = []
    memory_model = _training(one, training, optimizer, amp, device)
    if memory_model is not None:
        m = memory_model

        def training_parts(n):
            totals = m.totals(n)
            return {"weights": m.weights.at(n), "buffers": m.buffers.at(n), "input": m.input.at(n),
                    "saved for backward": totals["saved_bytes"], "gradients": totals["gradient_bytes"],
                    "optimizer state": totals["optimizer_bytes"],
                    f"peak at {totals['training_peak_at']}": totals["training_peak_bytes"]}

        detail = f"optimizer {m.optimizer}, {m.device}" + (f", amp {m.amp}" if m.amp else "")
        cases.append(case("training", [x.live for x in m.moments], lambda n: m.peak(n)[0],
                          training_parts, detail))
        assumptions = m.assumptions
    c, h, w = (int(v) for v in one.shapes[0, 0])
    return Fit(net.name, budget, str(memory).strip(), (c, h, w), dtype, extra,
               None if overhead is None else str(overhead).strip(), cases, assumptions)


def _ledger_section(name: str, analysis: engine.Analysis, fmt: str, group_by: str | None,
                    rebuilt: bool) -> str:
    from .ledger.render import model_section  # the ledger imports every spec: only when asked
    from .grouping import group_rows
    groups = None if group_by is None else {g.key for g in group_rows(analysis, analysis.rows(), group_by)}
    note = ("Note: each figure is computed on the model as its source describes it (its own input "
            "and options), not with this report's options or input." if rebuilt else "")
    section = model_section(name, fmt, groups, note)
    return f"\n{section}" if section else ""


def export(model, path, input_size=None, *, options: dict | None = None, name: str | None = None,
           with_weights: bool = False):
    """``costcalc export``: ``model`` (a built-in name, a .py spec file, an .onnx file or a
    Network) written as an ONNX graph at ``path`` (the costcalc[onnx] extra). Returns the path."""
    from .onnx import export_onnx
    _, network = resolve(model, options, name)
    return export_onnx(network, path, input_size, with_weights=with_weights, reads=(model,))


# --- results that show themselves --------------------------------------------------------------

_SUMMARY_TOTALS = [("params", "parameters", "count"), ("macs", "MACs", "count"),
                   ("flops", "FLOPs", "count"), ("activations", "activations", "count"),
                   ("peak_activations", "peak activations", "count"),
                   ("weight_bytes", "weight memory", "bytes"),
                   ("activation_bytes", "activation memory", "bytes")]


_TRAINING_SUMMARY = [("saved_bytes", "saved (training)"), ("gradient_bytes", "gradients"),
                     ("optimizer_bytes", "optimizer state"), ("training_peak_bytes", "training peak")]


class Summary(engine.Analysis):
    """An analysis at one input size, as ``costcalc.analyze`` returns it."""

    @classmethod
    def of(cls, analysis: engine.Analysis):
        return cls(**{f.name: getattr(analysis, f.name) for f in fields(engine.Analysis)})

    #: costcalc.training.TrainingMemory when analyze(..., training=True), else None
    training_memory = None

    def to_dict(self, group_by: str | None = None) -> dict:
        """The ``--format json`` document (schema costcalc.report/1)."""
        from .report import add_training, report_data
        data = report_data(self, 0, group_by)
        return add_training(data, self.training_memory) if self.training_memory is not None else data

    def render(self, fmt: str = "text", group_by: str | None = None, units: str = "decimal") -> str:
        from .report import render
        return render(self, fmt, group_by=group_by, units=units)

    def to_pandas(self):
        """The layer rows as a pandas DataFrame (``pip install 'costcalc[pandas]'``)."""
        try:
            import pandas
        except ImportError:
            raise MissingExtraError("to_pandas", "needs pandas, an optional extra",
                                    "pip install 'costcalc[pandas]'", "pandas is not installed") from None
        rows = self.to_dict()["layers"]
        frame = pandas.DataFrame(rows).set_index("name")
        for key in ("input_shapes", "output_shape"):
            frame[key] = frame[key].map(lambda v: tuple(tuple(x) if isinstance(x, list) else x for x in v))
        return frame

    def _header(self) -> list[str]:
        net = self.network
        c = self.network.input_layer.channels
        return [f"{net.name}: {net.description}" if net.description else net.name,
                f"input {c}×{int(self.height[0])}×{int(self.width[0])}, batch {int(self.batch[0])}, "
                f"{self.dtype}; {len(self.names)} nodes"]

    def __repr__(self) -> str:
        t = self.totals()
        lines = self._header()
        lines += [f"  {label:<18} {both(t[key], kind=kind)}" for key, label, kind in _SUMMARY_TOTALS]
        if self.training_memory is not None:
            m = self.training_memory.totals(int(self.batch[0]))
            lines += [f"  {label:<18} {both(m[key], kind='bytes')}" for key, label in _TRAINING_SUMMARY]
        warned = sum(1 for v in self.warnings.values() if v)
        if warned:
            lines.append(f"  {warned} layer(s) with warnings: .render() shows them")
        lines.append("  .render() for the layer table, .to_dict() for JSON, .to_pandas() for a DataFrame")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        t = self.totals()
        head = "".join(f"<p>{html.escape(line)}</p>" for line in self._header())
        totals = "".join(f"<tr><th>{html.escape(label)}</th><td style=\"text-align:right\">"
                         f"{html.escape(both(t[key], kind=kind))}</td></tr>" for key, label, kind in _SUMMARY_TOTALS)
        numeric = ("params", "macs", "activations")
        rows = "".join(
            "<tr><td>" + html.escape(r.name) + "</td><td>" + html.escape(r.layer.describe()) + "</td><td>"
            + "×".join(map(str, r.output_shape)) + "</td>"
            + "".join(f"<td style=\"text-align:right\">{exact(getattr(r, k))}</td>" for k in numeric)
            + "</tr>" for r in self.rows())
        return (f"<div class=\"costcalc\">{head}<table><tbody>{totals}</tbody></table>"
                "<table><thead><tr><th>layer</th><th>type</th><th>output</th><th>params</th>"
                f"<th>MACs</th><th>activations</th></tr></thead><tbody>{rows}</tbody></table></div>")


SWEEP_SCHEMA = "costcalc.sweep/1"


class Sweep(engine.Analysis):
    """One model at several input sizes, as ``costcalc.sweep`` returns it."""

    @classmethod
    def of(cls, analysis: engine.Analysis):
        return cls(**{f.name: getattr(analysis, f.name) for f in fields(engine.Analysis)})

    def at(self, variant: int) -> dict:
        return {"height": int(self.height[variant]), "width": int(self.width[variant]),
                "batch": int(self.batch[variant]), "totals": self.totals(variant)}

    def to_dict(self) -> dict:
        """``{"schema", "model", "input": {channels, dtype}, "variants": [{height, width,
        batch, totals}]}``: each entry's totals are what ``analyze`` gives at that size."""
        return {"schema": SWEEP_SCHEMA, "model": self.network.name,
                "input": {"channels": self.network.input_layer.channels, "dtype": self.dtype,
                          "bytes_per_element": self.bytes_per_element},
                "variants": [self.at(v) for v in range(self.variants)]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2) + "\n"

    def __repr__(self) -> str:
        lines = [f"{self.network.name}: {self.variants} input sizes, batch {int(self.batch[0])}, {self.dtype}"]
        shown = list(range(self.variants)) if self.variants <= 20 else [*range(10), *range(self.variants - 10, self.variants)]
        for i, v in enumerate(shown):
            if i and v != shown[i - 1] + 1:
                lines.append("  ...")
            t = self.totals(v)
            lines.append(f"  {int(self.height[v])}×{int(self.width[v])}: params {human(t['params'])}, "
                         f"MACs {human(t['macs'])}, activations {human(t['activations'])}")
        return "\n".join(lines)


# --- the registry, for people ------------------------------------------------------------------

@dataclass(frozen=True)
class ModelInfo:
    """A model as ``costcalc.models()`` and ``costcalc info`` list it."""

    name: str
    description: str
    source: str
    family: str
    options: tuple[Option, ...]

    def __repr__(self) -> str:
        opts = ", ".join(f"{o.name}={o.default!r}" for o in self.options)
        return f"ModelInfo({self.name!r}: {self.description}; options: {opts or 'none'})"


def _info(model: Model) -> ModelInfo:
    builder = getattr(model.build, "func", model.build)  # a functools.partial names its function
    family = builder.__module__.removeprefix("costcalc.specs.").removeprefix("costcalc_user_spec_")
    return ModelInfo(model.name, model.description, model.source, family,
                     tuple(model.declared_options()))


def models() -> list[ModelInfo]:
    """Every built-in model with its options (name, type, default, allowed values)."""
    return [_info(m) for m in builtin_models().values()]


def info(model: str, name: str | None = None) -> ModelInfo:
    """One model (a built-in name or a spec file) with its options."""
    return _info(get_model(model, name))


__all__ = ["analyze", "sweep", "report", "export", "fit", "models", "info", "parse_input_size", "resolve", "Summary", "Sweep",
           "ModelInfo", "MissingExtraError"]
