"""``costcalc plot``. matplotlib loads only when the command runs (costcalc.plots imports it
inside its functions), so registering the command costs the other commands nothing."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import OptionError
from ..models import get_model, is_spec_path
from .options import analysis_options, parse_options, parse_size

KINDS = ("layers", "cumulative", "compare", "sweep")  # costcalc.plots.KINDS, without importing it


def parse_sizes(text: str | None, many: bool) -> list[tuple[int, int]] | None:
    """``--input 224`` or, for a sweep, ``--input 128,160,224x200``."""
    if text is None:
        return None
    sizes = [parse_size(part) for part in text.split(",")]
    if len(sizes) > 1 and not many:
        raise OptionError("--input", "several input sizes need --kind sweep", "one size, e.g. 224",
                          repr(text))
    return sizes


@click.command()
@click.argument("models", nargs=-1, required=True, metavar="MODEL [MODEL ...]")
@click.option("--kind", default="layers", show_default=True, type=click.Choice(KINDS),
              help="layers: params and MACs per layer (per block for deep nets); cumulative: "
                   "running share along depth; compare: MACs vs params, bubble = activation "
                   "memory; sweep: MACs and params against input resolution (and α where the "
                   "model has a width multiplier).")
@analysis_options
@click.option("-o", "--output", metavar="FILE.png|FILE.svg",
              help="Where to write the figure; the extension picks the format "
                   "(default: MODEL-KIND.png in the current directory).")
@click.option("--dpi", default=150, show_default=True, type=click.IntRange(20, 1200),
              help="Resolution of a PNG.")
@click.option("--title", help="Figure title instead of the generated one.")
def plot(models, kind, input_size, batch, dtype, units, build_options, alpha, model_pick, output, dpi, title):
    """Draw a figure of one or more MODELs (built-in names or .py spec files).

    A sweep evaluates every size in one engine walk: --input takes a comma-separated list
    (default 128,160,...,320). It needs one set of weights at every size, so a model that
    flattens a size-dependent map into a fully connected layer (VGG, the one-tower AlexNet)
    cannot be swept; the error names that layer.
    """
    from .. import plots

    if len(set(models)) != len(models):
        raise OptionError("MODEL", "each model once", "distinct names",
                          ", ".join(sorted({m for m in models if models.count(m) > 1})) + " twice")
    options = parse_options(build_options, alpha)
    sizes = parse_sizes(input_size, many=kind == "sweep")
    # --model picks inside spec files; built-in names beside them are taken as they are
    specs = [get_model(name, model_pick if is_spec_path(name) else None) for name in models]
    path = Path(output) if output else Path(f"{'-'.join(Path(m).stem for m in models)}-{kind}.png")
    plots.plot_format(path)  # a wrong extension fails before any drawing
    if kind == "sweep":
        grid = sizes or [(s, s) for s in plots.SWEEP_SIZES]
        series = [s for spec in specs for s in plots.sweep(spec, options, grid, batch)]
        fig = plots.plot_sweep(series, title, batch)
    else:
        from ..engine import analyze
        size = sizes[0] if sizes else None
        analyses = [analyze(spec.network(**options), input_size=size, batch=batch, dtype=dtype)
                    for spec in specs]
        fig = plots.draw(kind, analyses, title, units)
    plots.save(fig, path, dpi)
    click.echo(f"wrote {path}")
