"""``costcalc plot``. matplotlib loads only when the command runs (costcalc.plots imports it
inside its functions), so registering the command costs the other commands nothing."""

from __future__ import annotations

import warnings
from pathlib import Path

import click

from .options import analysis_options, parse_options, step_options

# costcalc.plots.KINDS, without importing it; memory is costcalc.plots.plot_memory
KINDS = ("layers", "cumulative", "compare", "sweep", "memory", "landscape")


@click.command()
@click.argument("models", nargs=-1, metavar="[MODEL ...]")
@click.option("--kind", default="layers", show_default=True, type=click.Choice(KINDS),
              help="layers: params and MACs per layer (per block for deep nets); cumulative: "
                   "running share along depth; compare: MACs vs params, bubble = activation "
                   "memory; sweep: MACs and params against input resolution (and α where the "
                   "model has a width multiplier); memory: live bytes through a training step's "
                   "forward and backward passes (--batch, --optimizer, --amp, --device); "
                   "landscape: ImageNet top-1 accuracy against MACs, circle = params, for the "
                   "MODELs or every built-in ImageNet model with a top-1 record in the ledger.")
@analysis_options
@step_options
@click.option("--scale", type=click.Choice(["log", "linear"]),
              help="Count axes of layers, compare and sweep: log (the default: every layer "
                   "readable) or linear (from 0: lengths compare as the numbers do).")
@click.option("-o", "--output", metavar="FILE.png|FILE.svg|FILE.pdf",
              help="Where to write the figure; the extension picks the format "
                   "(default: MODEL-KIND.png in the current directory).")
@click.option("--dpi", default=150, show_default=True, type=click.IntRange(20, 1200),
              help="Resolution of a PNG.")
@click.option("--title", help="Figure title instead of the generated one.")
def plot(models, kind, input_size, batch, dtype, units, build_options, alpha, model_pick, scale, output, dpi,
         title, optimizer, amp, device):
    """Draw a figure of one or more MODELs (built-in names or .py spec files); the landscape
    needs none (every built-in ImageNet model).

    A sweep evaluates every size in one engine walk: --input takes a comma-separated list
    (default 128,160,...,320). It needs one set of weights at every size, so a model that
    flattens a size-dependent map into a fully connected layer (VGG, the one-tower AlexNet)
    cannot be swept; the error names that layer.
    """
    from .. import plots

    path = Path(output) if output else plots.default_path(models, kind)
    plots.plot_format(path)  # a wrong extension fails before any drawing
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", plots.FontWarning)
        fig = plots.figure_of(models, kind, parse_options(build_options, alpha), input_size, batch, dtype,
                              units, title, model_pick, scale, optimizer, amp, device)
        plots.save(fig, path, dpi)
    for w in caught:  # text the fonts cannot draw: one line, not a traceback-like block
        if issubclass(w.category, plots.FontWarning):
            click.echo(f"Warning: {w.message}", err=True)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if getattr(fig, "left_out", None):
        click.echo(f"left out (no ImageNet top-1 record in the ledger): {', '.join(fig.left_out)}", err=True)
    click.echo(f"wrote {path}", err=True)
