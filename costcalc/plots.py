"""Figures from the engine's numbers: per-layer costs, cumulative costs, models compared, sweeps.

matplotlib is imported inside the drawing functions only, so commands that draw nothing (a cold
``costcalc report``) never load it. Figures are drawn on the Agg canvas with no pyplot state,
and saved deterministically: a fixed SVG hash salt and no date or software version in the file,
so the same input gives the same bytes (reports/ is regenerated and diffed in CI).
"""

from __future__ import annotations

import functools
import inspect
import io
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .engine import Analysis, analyze
from .errors import OptionError, ShapeError
from .grouping import group_rows
from .i18n import tr
from .output import write_if_changed
from .registry import Model
from .units import human

KINDS = ("layers", "cumulative", "compare", "sweep")
FORMATS = ("png", "svg", "pdf")
SCALES = ("log", "linear")
SWEEP_SIZES = (128, 160, 192, 224, 256, 288, 320)
SWEEP_ALPHAS = (1.0, 0.75, 0.5, 0.25)  # MobileNet's Table 6
MAX_BARS = 40  # more cost-bearing layers than this: one bar per block instead
_STYLE = {
    "svg.hashsalt": "costcalc", "svg.fonttype": "path", "font.size": 9, "axes.titlesize": 10,
    "figure.titlesize": 11, "axes.grid": True, "grid.alpha": 0.3, "axes.axisbelow": True,
    "legend.fontsize": 8, "legend.frameon": False,
}
# Saved files carry no date and no version: two runs give identical bytes.
_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
             "pdf": {"Creator": None, "Producer": None, "CreationDate": None}}
# Fonts for Korean (the course's language) after DejaVu Sans, which matplotlib ships and which
# sets Latin, Greek and the math signs: the first of these installed is the fallback for the
# characters DejaVu Sans lacks. Any CJK face of Noto or Source Han sets Hangul the same way.
KOREAN_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans K", "Source Han Sans KR",
                "NanumGothic", "NanumBarunGothic", "Malgun Gothic", "Apple SD Gothic Neo", "AppleGothic",
                "UnDotum", "Baekmuk Gulim", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC",
                "Source Han Sans", "Droid Sans Fallback")
_KOREAN_FILES = re.compile(r"cjk|nanum|malgun|gothic|undotum|baekmuk|sourcehan|droidsansfallback", re.IGNORECASE)
_GLYPH = re.compile(r"^Glyph (\d+) .*missing from font")
_warned_glyphs: set[str] = set()
_depth = 0


class FontWarning(UserWarning):
    """Text drawn with characters no installed font has: said once per character and process,
    in one line, instead of matplotlib's warning per glyph and per drawing pass."""


@functools.cache
def font_chain() -> tuple[str, ...]:
    """The font families a figure asks for, in fallback order: DejaVu Sans, then the first
    installed font of KOREAN_FONTS (none when there is none). matplotlib's font list is a cache
    written when it first ran; a font installed since is missing from it, so when no Korean
    font is listed the font files it has not seen are added (only the likely ones: quick)."""
    from matplotlib import font_manager

    def installed():
        names = {f.name for f in font_manager.fontManager.ttflist}
        return [n for n in KOREAN_FONTS if n in names]
    found = installed()
    if not found:
        known = {f.fname for f in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known and _KOREAN_FILES.search(Path(path).name):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # a file FreeType cannot read
                    pass
        found = installed()
    return ("DejaVu Sans", *found[:1])


@contextmanager
def _style():
    """The figure style, and matplotlib's missing-glyph warnings gathered into one FontWarning."""
    import matplotlib
    global _depth
    if _depth:  # nested: the outer call gathers the warnings
        with matplotlib.rc_context(_STYLE):
            yield
        return
    _depth += 1
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with matplotlib.rc_context({**_STYLE, "font.family": list(font_chain())}):
                yield
    finally:
        _depth -= 1
    missing = []
    for w in caught:
        glyph = _GLYPH.match(str(w.message))
        if glyph:
            missing.append(chr(int(glyph.group(1))))
        else:  # not ours to handle: passed on as it came
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    new = [ch for ch in dict.fromkeys(missing) if ch not in _warned_glyphs]
    if new:
        _warned_glyphs.update(new)
        warnings.warn(FontWarning(
            f"plot: no installed font has {', '.join(new)}, drawn as empty boxes; expected a font "
            f"with them, e.g. Noto Sans CJK KR for Korean (Debian: apt-get install fonts-noto-cjk); "
            f"received {', '.join(font_chain())}"), stacklevel=3)


def short(n: float, units: str = "decimal") -> str:
    """A label's number with three significant digits: 1,327,490 → '1.33M', 999,600 → '1M',
    61,100 → '61.1K', 7 → '7'. Decimal prefixes (1000) unless ``units`` is binary (1024, where
    1000 to 1023 of a unit print whole: '1010K')."""
    base = 1024 if units == "binary" else 1000
    prefixes = ("", "K", "M", "G", "T", "P")
    value, step = float(n), 0
    while True:
        while abs(value) >= base and step < len(prefixes) - 1:
            value, step = value / base, step + 1
        text = f"{value:.0f}" if abs(value) >= 999.5 else f"{value:.3g}"
        if abs(float(text)) < base or step == len(prefixes) - 1:
            return text + prefixes[step]
        value = float(text)  # rounded up to the next prefix: 999.6K is 1M


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _check_scale(scale: str) -> None:
    if scale not in SCALES:
        raise OptionError("--scale", "unknown axis scale", " | ".join(SCALES), repr(scale))


def _log_axis(axis, low: float, high: float) -> None:
    """Log scale labelled 1K, 2M, 5G...: ticks at 1, 2, 5 × 10^n over a short range, at every
    decade over a long one (so labels never run into each other)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
    decades = np.log10(max(high, 1) / max(low, 1))
    subs = (1.0, 2.0, 5.0) if decades <= 3 else (1.0,)
    axis.set_major_locator(LogLocator(base=10, subs=subs))
    axis.set_major_formatter(FuncFormatter(lambda v, _: short(v)))
    axis.set_minor_formatter(NullFormatter())


def _scaled_axis(ax, which: str, scale: str, low: float, high: float) -> None:
    """Set one axis ("x" or "y") of ``ax`` to ``scale`` over low..high (a linear axis starts at
    0, so bar lengths and distances compare as the numbers do), labelled 2M, 4M, ..."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator
    axis = ax.xaxis if which == "x" else ax.yaxis
    getattr(ax, f"set_{which}scale")(scale)
    getattr(ax, f"set_{which}lim")(low, high)
    if scale == "log":
        _log_axis(axis, low, high)
    else:
        axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        axis.set_major_formatter(FuncFormatter(lambda v, _: short(v)))


def _input_text(a: Analysis) -> str:
    h, w, n = int(a.height[0]), int(a.width[0]), int(a.batch[0])
    return f"{h}×{w}" + (f", batch {n}" if n != 1 else "")


def _macs_label(a: Analysis, lang: str = "en") -> str:
    n = int(a.batch[0])
    return tr("MACs per image", lang) if n == 1 else tr("MACs per batch of {batch}", lang, batch=n)


def _count_label(what: str, scale: str, lang: str = "en") -> str:
    """'parameters (count, log scale)' or, on a linear axis, 'parameters (count)'."""
    return tr("{what} (count, log scale)" if scale == "log" else "{what} (count)", lang, what=what)


def _limits(values, scale: str, room: float, linear_room: float = 1.12) -> tuple[float, float]:
    """Axis limits that hold every value with room beyond the largest for the label printed
    after a bar or beside a bubble: ``room`` times the largest on a log axis (which starts at a
    third of the smallest non-zero value), ``linear_room`` times on a linear one (from 0)."""
    values = [float(v) for v in values]
    top = max(values, default=0) or 10.0
    if scale == "linear":
        return 0.0, top * linear_room
    low = max(min((v for v in values if v), default=1.0) / 3, 1.0)
    return low, top * room


def _bytes(n: float, units: str = "decimal") -> str:
    """61 MB, 4.2 MB, 10 MiB: short byte counts for labels."""
    text = human(int(n), units, "bytes")
    number, unit = text.split(" ")
    return f"{float(number):.3g} {unit}"


def _separate(fig, labels) -> None:
    """Move annotation labels down until none overlaps another (bubbles of similar models sit
    close together). Deterministic: labels are handled top to bottom. Only the text's box
    counts, not the leader line, and the labels stay out of the layout so moving them cannot
    resize the axes."""
    from matplotlib.text import Text
    renderer = fig.canvas.get_renderer()
    for label in labels:
        label.set_in_layout(False)
    fig.draw_without_rendering()

    def box(label):
        label.update_positions(renderer)
        return Text.get_window_extent(label, renderer)
    placed = []
    for label in sorted(labels, key=lambda t: -box(t).y1):
        for _ in range(len(labels)):
            current = box(label)
            hit = next((b for b in placed if current.overlaps(b)), None)
            if hit is None:
                break
            dx, dy = label.xyann
            label.xyann = (dx, dy - (current.y1 - hit.y0 + 2) * 72 / fig.dpi)
        placed.append(box(label))


# -- per-layer bars ------------------------------------------------------------------------------

def _costly(a: Analysis) -> tuple[str, list[tuple[str, int, int]]]:
    """'layer' or 'block', and (label, params, MACs) per layer with either, or per block when
    there are too many layers to read."""
    rows = [r for r in a.rows() if r.params or r.macs]
    if not rows:
        raise OptionError("--kind layers", f"{a.network.name} has no layer with parameters or MACs",
                          "a model with a conv or fully-connected layer", "none")
    if len(rows) > MAX_BARS:
        groups = group_rows(a, rows, "block")
        if len(groups) < len(rows):
            return "block", [(g.key, g.total("params"), g.total("macs")) for g in groups]
    return "layer", [(r.name, r.params, r.macs) for r in rows]


def plot_layers(analyses: list[Analysis], title: str | None = None, scale: str = "log",
                lang: str = "en"):
    """Per-layer (or per-block) parameters and MACs as horizontal bars, on log axes by default
    (``scale="linear"``: bar lengths compare as the numbers do). With several models, every
    model's panels share one parameter axis and one MAC axis, so bars compare across models."""
    _check_scale(scale)
    with _style():
        tables = [_costly(a) for a in analyses]
        heights = [1.0 + 0.24 * len(bars) for _, bars in tables]
        fig = _figure(10, sum(heights) + 0.6)
        # one grid, so that the panels of every model line up in their column
        grid = fig.subplots(len(analyses), 2, squeeze=False, gridspec_kw={"height_ratios": heights})
        limits = [_limits([b[k] for _, bars in tables for b in bars], scale, 12) for k in (1, 2)]
        for (left, right), a, (unit, bars) in zip(grid, analyses, tables):
            labels, params, macs = zip(*bars)
            y = np.arange(len(bars))
            right.sharey(left)
            for ax, values, color, label, (low, high) in (
                    (left, params, "C0", tr("parameters", lang), limits[0]),
                    (right, macs, "C1", _macs_label(a, lang), limits[1])):
                ax.barh(y, values, color=color, height=0.7)
                _scaled_axis(ax, "x", scale, low, high)
                ax.set_xlabel(_count_label(label, scale, lang))
                for yi, v in zip(y, values):
                    if v:
                        ax.annotate(short(v), (v, yi), xytext=(3, 0), textcoords="offset points",
                                    va="center", fontsize=7)
            left.set_yticks(y, labels)
            right.tick_params(labelleft=False)
            left.invert_yaxis()
            left.grid(axis="y", visible=False)
            right.grid(axis="y", visible=False)
            heading = tr("{model}: parameters and MACs per {unit}, input {input}", lang,
                         model=a.network.name, unit=tr(unit, lang), input=_input_text(a))
            if len(analyses) == 1:
                fig.suptitle(heading, fontsize=10)
            else:
                left.set_title(heading, loc="left", fontsize=10)
        if title:
            fig.suptitle(title if len(analyses) > 1 else f"{title}\n{heading}", fontsize=11)
    return fig


# -- cumulative ----------------------------------------------------------------------------------

def plot_cumulative(analyses: list[Analysis], title: str | None = None):
    """Cumulative share of MACs (solid) and parameters (dashed) along depth: one point per
    layer with MACs (conv and FC, the layers a depth counts), each including every node up to
    it (a batch norm's parameters join the next conv; the last point includes everything)."""
    with _style():
        fig = _figure(9, 5.5)
        ax = fig.subplots()
        ticks = None
        for i, a in enumerate(analyses):
            rows = a.rows()
            weighted = [k for k, r in enumerate(rows) if r.macs]
            names = [rows[k].name for k in weighted]
            if weighted:
                weighted[-1] = len(rows) - 1
            x = np.arange(1, len(weighted) + 1)
            totals = a.totals()
            color = f"C{i % 10}"
            for attr, style, name in (("macs", "-", "MACs"), ("params", "--", "params")):
                running = np.cumsum([getattr(r, attr) for r in rows])[weighted]
                share = 100 * running / totals[attr] if totals[attr] else running * 0
                ax.plot(x, share, style, color=color, marker="o", markersize=3,
                        label=f"{a.network.name} {name} (total {short(totals[attr])})")
            if len(analyses) == 1 and len(weighted) <= 30:
                ticks = (x, names)
        if ticks:
            ax.set_xticks(*ticks, rotation=90)
        ax.set_xlabel("conv and fully-connected layers, in network order (depth)")
        ax.set_ylabel("cumulative share of the model's total (%)")
        ax.set_ylim(0, 102)
        # one column per model (its MACs above its params), at most three side by side
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center",
                   ncols=min(len(analyses), 3))
        sizes = {_input_text(a) for a in analyses}
        inputs = (sizes.pop() if len(sizes) == 1 else
                  ", ".join(f"{a.network.name} {_input_text(a)}" for a in analyses))
        ax.set_title(title or f"Cumulative MACs and parameters along depth (input {inputs})")
    return fig


# -- models compared -----------------------------------------------------------------------------

def plot_compare(analyses: list[Analysis], title: str | None = None, units: str = "decimal",
                 scale: str = "log"):
    """MACs against parameters, one bubble per model, bubble area ∝ activation memory; log
    axes by default, linear ones (from 0) with ``scale="linear"``."""
    _check_scale(scale)
    with _style():
        fig = _figure(8, 6)
        ax = fig.subplots()
        totals = [a.totals() for a in analyses]
        params = np.array([t["params"] for t in totals], dtype=float)
        macs = np.array([t["macs"] for t in totals], dtype=float)
        memory = np.array([t["activation_bytes"] for t in totals], dtype=float)
        biggest = memory.max() if memory.max() > 0 else 1.0
        area = 2500 * memory / biggest  # points²; area, not radius, is proportional
        ax.scatter(params, macs, s=area, c=[f"C{i % 10}" for i in range(len(analyses))],
                   alpha=0.45, edgecolors="black", linewidths=0.6, zorder=3)
        ax.scatter(params, macs, s=6, c="black", zorder=4)
        labels = []
        for a, x, y, s, m in zip(analyses, params, macs, area, memory):
            radius = (s ** 0.5) / 2
            labels.append(ax.annotate(f"{a.network.name}\n{_bytes(m, units)} activations",
                                      (x, y), xytext=(radius + 4, 0), textcoords="offset points",
                                      va="center", fontsize=8,
                                      # a leader line, visible once _separate moves the label
                                      arrowprops={"arrowstyle": "-", "color": "grey", "lw": 0.6,
                                                  "shrinkA": 1, "shrinkB": radius}))
        # room for the largest bubble and the labels to its right
        _scaled_axis(ax, "x", scale, *_limits(params, scale, 6, 1.35))
        _scaled_axis(ax, "y", scale, *_limits(macs, scale, 3, 1.08))
        ax.set_xlabel(_count_label("parameters", scale))
        ax.set_ylabel(_count_label(_macs_label(analyses[0]), scale))
        dtype = analyses[0].dtype
        ax.set_title(title or f"MACs vs parameters; bubble area ∝ activation memory ({dtype}, "
                              f"sum of layer outputs)")
        # a size key: bubbles for round memory amounts, on the same scale
        ref = [v for v in (10**6, 10**7, 10**8, 10**9) if v <= biggest][-2:] or [biggest]
        handles = [ax.scatter([], [], s=2500 * v / biggest, color="grey", alpha=0.3,
                              edgecolors="black", linewidths=0.6) for v in ref]
        spacing = (2500 * max(ref) / biggest) ** 0.5 / 8  # in font sizes: bubbles must not touch
        # the handle box as wide as the largest bubble, so it stays clear of the axes and its label
        fig.legend(handles, [_bytes(v, units) for v in ref], title="activations",
                   loc="outside right center", labelspacing=max(1.0, spacing), borderpad=1.0,
                   handlelength=max(2.0, spacing), handletextpad=1.0, borderaxespad=1.0)
        _separate(fig, labels)
    return fig


# -- sweeps --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Series:
    """One curve of a sweep: a model (at one width multiplier) over input sizes."""

    label: str
    sizes: tuple[int, ...]      # H of each input size
    macs: tuple[int, ...]
    params: int
    grid: tuple[tuple[int, int], ...] = ()  # (H, W) of each input size


def _size_text(sizes) -> str:
    return ", ".join(f"{h}" if h == w else f"{h}×{w}" for h, w in sizes)


def sweep(model: Model, options: dict, sizes: list[tuple[int, int]], batch: int = 1) -> list[Series]:
    """MACs and params of ``model`` at every size, in one engine walk per network. A builder
    that takes ``alpha`` (a width multiplier) is swept over SWEEP_ALPHAS too, one build each,
    unless the model's name fixes alpha (mobilenet-0.5) or ``options`` does (-O alpha=0.6)."""
    fixed = {**model.options, **options}
    takes_alpha = "alpha" in inspect.signature(model.build).parameters and "alpha" not in fixed
    alphas = SWEEP_ALPHAS if takes_alpha else (None,)
    out = []
    for alpha in alphas:
        net = model.network(**options, **({} if alpha is None else {"alpha": alpha}))
        try:
            a = analyze(net, input_size=sizes, batch=batch)
        except ShapeError as exc:
            hint = (" (this model has a build option for one: -O adaptive_pool=true)"
                    if "adaptive_pool" in inspect.signature(model.build).parameters else "")
            raise ShapeError(f"{model.name} {exc.where}",
                             f"cannot sweep the input sizes {_size_text(sizes)}: {exc.rule}{hint}",
                             exc.expected, exc.received) from exc
        t = a.totals(variant=None)
        label = model.name if alpha is None else f"{model.name} α={alpha:g}"
        out.append(Series(label, tuple(h for h, _ in sizes), tuple(int(m) for m in t["macs"]),
                          int(t["params"]), tuple(sizes)))
    return out


def plot_sweep(series: list[Series], title: str | None = None, batch: int = 1, scale: str = "log"):
    """MACs (left) and parameters (right) against the input resolution, one line per series;
    log counts by default, linear ones (from 0) with ``scale="linear"``."""
    _check_scale(scale)
    grid = [hw for s in series for hw in s.grid]
    with _style():
        fig = _figure(11, 5)
        left, right = fig.subplots(1, 2)
        for i, s in enumerate(series):
            color, marker = f"C{i % 10}", "osD^v<>ph*"[i % 10]
            left.plot(s.sizes, s.macs, "-", marker=marker, color=color,
                      label=f"{s.label} ({short(s.params)} params)")
            right.plot(s.sizes, [s.params] * len(s.sizes), "-", marker=marker, color=color)
        if scale == "log":
            lo, hi = min(min(s.macs) for s in series) / 1.5, max(max(s.macs) for s in series) * 1.5
            plo, phi = min(s.params for s in series) / 2, max(s.params for s in series) * 2
        else:
            lo, hi = 0, max(max(s.macs) for s in series) * 1.08
            plo, phi = 0, max(s.params for s in series) * 1.08
        sizes = sorted({x for s in series for x in s.sizes})
        square = all(h == w for h, w in grid)
        for ax, what, limits in (
                (left, "MACs per image" if batch == 1 else f"MACs per batch of {batch}", (lo, hi)),
                (right, "parameters", (plo, phi))):
            _scaled_axis(ax, "y", scale, *limits)
            ax.set_xlabel("input resolution H = W (pixels)" if square else
                          "input height H (pixels; W as given)")
            ax.set_ylabel(_count_label(what, scale))
            if len(sizes) <= 12:
                ax.set_xticks(sizes)
        left.set_title("MACs grow with H·W")
        right.set_title("parameters: fixed by the weights, not by the input size")
        # one legend for both panels, under them, where it covers no line
        fig.legend(*left.get_legend_handles_labels(), loc="outside lower center",
                   ncols=min(len(series), 4))
        fig.suptitle(title or "Sweep of the input resolution" +
                     (" and the width multiplier α" if any("α=" in s.label for s in series) else ""))
    return fig


# -- saving --------------------------------------------------------------------------------------

def figure_bytes(fig, fmt: str, dpi: int = 150) -> bytes:
    """The figure as PNG, SVG or PDF bytes, identical from run to run."""
    if fmt not in FORMATS:
        raise OptionError("--output", "a plot is written as .png, .svg or .pdf", " | ".join(FORMATS),
                          repr(fmt))
    buffer = io.BytesIO()
    with _style():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
    return buffer.getvalue()


def plot_format(path: Path) -> str:
    """The format a plot file's extension asks for (png, svg or pdf), or a one-line error."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise OptionError("--output", "a plot file ends in .png, .svg or .pdf",
                          "FILE.png | FILE.svg | FILE.pdf", repr(str(path)))
    return fmt


def save(fig, path: Path, dpi: int = 150) -> Path:
    """Write the figure to ``path``; the extension (.png, .svg or .pdf) picks the format."""
    write_if_changed(path, figure_bytes(fig, plot_format(path), dpi))
    return path


def draw(kind: str, analyses: list[Analysis], title: str | None = None, units: str = "decimal",
         scale: str | None = None):
    """One of the non-sweep KINDS for already analysed models; ``scale`` (log | linear, default
    log) sets the count axes of layers and compare. The cumulative plot is a share in percent,
    always linear, so a scale given for it is an error rather than ignored."""
    if kind == "cumulative" and scale is not None:
        raise OptionError("--scale", "the cumulative plot is a percentage, on a linear axis",
                          "--scale with --kind layers | compare | sweep", f"--scale {scale}")
    if kind == "layers":
        return plot_layers(analyses, title, scale or "log")
    if kind == "cumulative":
        return plot_cumulative(analyses, title)
    if kind == "compare":
        return plot_compare(analyses, title, units, scale or "log")
    raise OptionError("--kind", "unknown plot kind", " | ".join(KINDS), repr(kind))


def parse_sizes(text: str | None, many: bool) -> list[tuple[int, int]] | None:
    """``--input 224`` or, for a sweep, ``--input 128,160,224x200``."""
    from .api import parse_input_size
    if text is None:
        return None
    sizes = [parse_input_size(part, "--input") for part in text.split(",")]
    if len(sizes) > 1 and not many:
        raise OptionError("--input", "several input sizes need --kind sweep", "one size, e.g. 224",
                          repr(text))
    return sizes


def figure_of(models: tuple[str, ...], kind: str, options: dict, input_size: str | None = None,
              batch: int = 1, dtype: str = "fp32", units: str = "decimal", title: str | None = None,
              pick: str | None = None, scale: str | None = None):
    """``costcalc plot``: the figure of ``kind`` for the named models (built-ins or spec files);
    ``pick`` chooses inside spec files (built-in names beside them are taken as they are);
    ``scale``: log (the default) or linear count axes."""
    if scale is not None:
        _check_scale(scale)
    from .registry import get_model, is_spec_path
    if len(set(models)) != len(models):
        raise OptionError("MODEL", "each model once", "distinct names",
                          ", ".join(sorted({m for m in models if models.count(m) > 1})) + " twice")
    sizes = parse_sizes(input_size, many=kind == "sweep")
    specs = [get_model(name, pick if is_spec_path(name) else None) for name in models]
    if kind == "sweep":
        grid = sizes or [(s, s) for s in SWEEP_SIZES]
        return plot_sweep([s for spec in specs for s in sweep(spec, options, grid, batch)], title, batch,
                          scale or "log")
    size = sizes[0] if sizes else None
    analyses = [analyze(spec.network(**options), input_size=size, batch=batch, dtype=dtype) for spec in specs]
    return draw(kind, analyses, title, units, scale)


def default_path(models: tuple[str, ...], kind: str) -> Path:
    """MODEL-KIND.png in the current directory."""
    return Path(f"{'-'.join(Path(m).stem for m in models)}-{kind}.png")
