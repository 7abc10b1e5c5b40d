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

KINDS = ("layers", "cumulative", "compare", "sweep", "landscape")
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


# -- the complexity landscape -------------------------------------------------------------------

def plot_landscape(models: tuple[str, ...] = (), title: str | None = None):
    """ImageNet top-1 accuracy (y) against MACs (x, log), circle area ∝ parameters, one circle
    per model with a top-1 record in the ledger (costcalc/ledger/families/accuracy.py): the
    ``models`` named, or every built-in ImageNet model; the others are named in the caption
    (and on ``fig.left_out``). In the spirit of the cs231n lecture's chart (after Canziani,
    Paszke & Culurciello 2016). Labels are placed greedily, left to right: each takes the first
    spot around its circle (right, left, above, below, then further out) that overlaps no label
    placed before it, nor a circle's centre, inside the axes."""
    import textwrap

    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    from .ledger.families.accuracy import landscape
    from .registry import get_model
    points, left_out = landscape(models)
    if not points:
        raise OptionError("--kind landscape", "no model to draw has an ImageNet top-1 record in the ledger",
                          "a built-in ImageNet model with published weights", ", ".join(left_out) or "none")
    points = sorted(points, key=lambda p: (p.macs, p.model))
    builds = [get_model(p.model).build for p in points]
    family = [getattr(b, "func", b).__module__.rsplit(".", 1)[-1] for b in builds]  # partial → its function
    with _style():
        import matplotlib
        palette = [*matplotlib.colormaps["tab20"].colors, *matplotlib.colormaps["tab20b"].colors]
        colors = {f: palette[i % len(palette)] for i, f in enumerate(sorted(set(family)))}
        fig = _figure(13, 8.5)
        ax = fig.subplots()
        x = np.array([p.macs for p in points], dtype=float)
        y = np.array([float(p.top1) for p in points])
        params = np.array([p.params for p in points], dtype=float)
        area = 3000 * params / params.max()                    # points²: area, not radius, ∝ params
        ax.scatter(x, y, s=area, c=[colors[f] for f in family], alpha=0.4, edgecolors="black",
                   linewidths=0.5, zorder=3)
        ax.scatter(x, y, s=4, c="black", zorder=4)
        ax.set_xscale("log")
        xlim = (x.min() / 2.5, x.max() * 2.5)
        ax.set_xlim(*xlim)
        _log_axis(ax.xaxis, *xlim)
        ax.set_ylim(np.floor(y.min() / 5) * 5 - 2, np.ceil(y.max() / 5) * 5 + 1)
        ax.set_xlabel("MACs per image at the model's own input (log scale)")
        ax.set_ylabel("ImageNet top-1 accuracy (%)")
        ax.set_title(title or "Complexity landscape: ImageNet top-1 accuracy against MACs; circle area ∝ "
                              "parameters")
        labels = [ax.annotate(p.model, (xi, yi), xytext=(0, 0), textcoords="offset points", fontsize=7,
                              zorder=5, arrowprops={"arrowstyle": "-", "color": "grey", "lw": 0.5,
                                                    "shrinkA": 0, "shrinkB": (s ** 0.5) / 2})
                  for p, xi, yi, s in zip(points, x, y, area)]
        for label in labels:
            label.set_in_layout(False)
        # a key for the circles and one for the families, then the caption: sources and left-outs
        ref = [v for v in (10**6, 10**7, 10**8) if v <= params.max()]
        keys = [ax.scatter([], [], s=3000 * v / params.max(), color="grey", alpha=0.3, edgecolors="black",
                           linewidths=0.5) for v in ref]
        first = ax.legend(keys, [f"{human(v, compact=True)} params" for v in ref], loc="lower right",
                          labelspacing=2.2, borderpad=1.2, handletextpad=1.5, title="circle area")
        ax.add_artist(first)
        ax.legend([ax.scatter([], [], s=30, color=colors[f], alpha=0.6) for f in colors], list(colors),
                  loc="upper left", ncols=2, fontsize=7, title="spec family")
        caption = ("Accuracy: the acc@1 torchvision documents for its weights of each twin, else the paper's or "
                   "its authors' table (each record's source: costcalc compare MODEL). MACs and parameters "
                   "computed by costcalc. Left out, no top-1 record in the ledger: " +
                   (", ".join(left_out) if left_out else "none") + ".")
        wrapped = textwrap.fill(caption, 210, break_on_hyphens=False)   # model names stay whole
        fig.text(0.01, 0.005, wrapped, fontsize=6, va="bottom", ha="left")
        lines = wrapped.count("\n") + 1       # the caption's height, kept clear of the axes' labels
        bottom = (lines * 7.5 + 8) / (72 * fig.get_figheight())
        fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()

        def text_box(label):            # the text only: a leader line may cross other labels
            label.update_positions(renderer)
            return Text.get_window_extent(label, renderer)
        frame = ax.get_window_extent(renderer)
        centres = [Bbox.from_bounds(*ax.transData.transform((xi, yi)) - 8, 16, 16) for xi, yi in zip(x, y)]
        placed = [first.get_window_extent(renderer), ax.get_legend().get_window_extent(renderer)]
        for label, s in sorted(zip(labels, area), key=lambda t: t[0].xy[0]):
            r = (s ** 0.5) / 2 + 2
            spots = [(r, 0, "left", "center"), (-r, 0, "right", "center"), (0, r, "center", "bottom"),
                     (0, -r, "center", "top")]
            spots += [(dx * (r + 3 * k), dy * 8 * k, ha, "center") for k in range(1, 12)
                      for dx, ha in ((1, "left"), (-1, "right")) for dy in (1, -1)]
            spots += [(0, dy * (r + 8 * k), "center", "center") for k in range(1, 8) for dy in (1, -1)]
            best = None
            for dx, dy, ha, va in spots:
                label.set(x=0, y=0, ha=ha, va=va)
                label.xyann = (dx, dy)
                box = text_box(label)
                overlap = sum(box.intersection(box, b) is not None for b in placed + centres)
                outside = not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1)
                score = overlap + 10 * outside
                if best is None or score < best[0]:
                    best = (score, dx, dy, ha, va)
                if score == 0:
                    break
            _, dx, dy, ha, va = best
            label.set(ha=ha, va=va)
            label.xyann = (dx, dy)
            placed.append(text_box(label))
        fig.left_out = left_out
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


# -- training memory -----------------------------------------------------------------------------

def plot_memory(memories: list, batch: int, title: str | None = None, units: str = "decimal"):
    """Live bytes through one training step (costcalc.training.TrainingMemory at ``batch``):
    at each node of the forward pass, each node of the backward pass (reverse order) and the
    optimizer's step, with what is alive from the start (weights, buffers, input, optimizer
    state) and the peak marked. One panel per model."""
    from matplotlib.ticker import FuncFormatter
    with _style():
        fig = _figure(10, 0.6 + 3.2 * len(memories))
        axes = fig.subplots(len(memories), 1, squeeze=False)[:, 0]
        for ax, memory in zip(axes, memories):
            a, moments = memory.analysis, memory.moments
            live = np.array([m.live.at(batch) for m in moments], dtype=float)
            x = np.arange(len(moments))
            phases = [m.phase for m in moments]
            forward_end = max(i for i, p in enumerate(phases) if p in ("start", "forward"))
            backward_end = max(i for i, p in enumerate(phases) if p != "step")
            regions = [("forward", 0, forward_end, "C0"), ("backward", forward_end, backward_end, "C1")]
            if backward_end < len(moments) - 1:
                regions.append(("step", backward_end, len(moments) - 1, "C2"))
            for _, low, high, color in regions:
                ax.axvspan(low, high, color=color, alpha=0.07, lw=0)
            ax.plot(x, live, color="C3", lw=1.4, label="live bytes")
            start = moments[0].live.at(batch)
            ax.axhline(start, color="0.4", lw=0.8, ls="--",
                       label=f"from the start: weights, buffers, input, optimizer state ({_bytes(start, units)})")
            totals = memory.totals(batch)
            kept = totals["saved_bytes"] - sum(memory.saved[k].at(batch) for k in ("param", "buffer", "input"))
            ax.axhline(start + kept, color="C0", lw=0.8, ls=":",
                       label=f"+ activations saved for backward ({_bytes(kept, units)})")
            peak_i = int(np.argmax(live))
            ax.plot([peak_i], [live[peak_i]], "o", color="C3")
            ax.annotate(f"peak {_bytes(live[peak_i], units)}\n{totals['training_peak_at']}",
                        (peak_i, live[peak_i]), xytext=(0, 8), textcoords="offset points", fontsize=8,
                        ha="center", va="bottom")
            ax.set_xlim(0, len(moments) - 1)
            ax.set_ylim(0, live.max() * 1.25)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _bytes(v, units) if v > 0 else "0"))
            ax.set_xticks([(low + high) / 2 for _, low, high, _ in regions], [r[0] for r in regions])
            ax.grid(axis="x", visible=False)
            ax.set_ylabel("live bytes")
            detail = f"optimizer {memory.optimizer}, {memory.device}" + (f", amp {memory.amp}" if memory.amp else "")
            ax.set_title(f"{a.network.name}: training memory, input {int(a.height[0])}×{int(a.width[0])}, "
                         f"batch {batch}, {a.dtype} ({detail})")
            ax.legend(loc="lower center")
        if title:
            fig.suptitle(title)
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
              pick: str | None = None, scale: str | None = None, optimizer: str | None = None,
              amp: str | None = None, device: str | None = None):
    """``costcalc plot``: the figure of ``kind`` for the named models (built-ins or spec files);
    ``pick`` chooses inside spec files (built-in names beside them are taken as they are);
    ``scale``: log (the default) or linear count axes; ``optimizer``, ``amp`` and ``device`` are
    the training step's, for the memory kind only."""
    if scale is not None:
        _check_scale(scale)
    from .registry import get_model, is_spec_path
    if not models and kind != "landscape":
        raise OptionError("MODEL", f"--kind {kind} draws the models named", "MODEL [MODEL ...]", "no model")
    if kind != "memory" and (optimizer or amp or device):
        raise OptionError("--optimizer" if optimizer else "--amp" if amp else "--device",
                          "applies to --kind memory only", "--kind memory", f"--kind {kind}")
    if kind == "memory":
        from .api import analyze as analyze_model
        memories = [analyze_model(m, input_size, batch=batch, dtype=dtype, options=options, name=pick,
                                  training=True, optimizer=optimizer, amp=amp, device=device).training_memory
                    for m in models]
        return plot_memory(memories, batch, title, units)
    if len(set(models)) != len(models):
        raise OptionError("MODEL", "each model once", "distinct names",
                          ", ".join(sorted({m for m in models if models.count(m) > 1})) + " twice")
    sizes = parse_sizes(input_size, many=kind == "sweep")
    specs = [get_model(name, pick if is_spec_path(name) else None) for name in models]
    if kind == "landscape":      # each model at its own input, with its accuracy from the ledger
        if input_size is not None or options:
            raise OptionError("--kind landscape", "the landscape draws every model as built, at its own input",
                              "no --input and no -O", input_size or ", ".join(options))
        return plot_landscape(models, title)
    if kind == "sweep":
        grid = sizes or [(s, s) for s in SWEEP_SIZES]
        return plot_sweep([s for spec in specs for s in sweep(spec, options, grid, batch)], title, batch,
                          scale or "log")
    size = sizes[0] if sizes else None
    analyses = [analyze(spec.network(**options), input_size=size, batch=batch, dtype=dtype) for spec in specs]
    return draw(kind, analyses, title, units, scale)


def default_path(models: tuple[str, ...], kind: str) -> Path:
    """MODEL-KIND.png in the current directory (landscape.png for the landscape of every model)."""
    return Path(f"{'-'.join(Path(m).stem for m in models)}-{kind}.png") if models else Path(f"{kind}.png")
