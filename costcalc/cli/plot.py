"""``costcalc plot``. matplotlib loads only when the command runs (costcalc.plots imports it
inside its functions), so registering the command costs the other commands nothing."""

from __future__ import annotations

from pathlib import Path

import click

from .options import analysis_options, parse_options, step_options

# costcalc.plots.KINDS, without importing it, and memory (costcalc.plots.plot_memory)
KINDS = ("layers", "cumulative", "compare", "sweep", "memory")


@click.command()
@click.argument("models", nargs=-1, required=True, metavar="MODEL [MODEL ...]")
@click.option("--kind", default="layers", show_default=True, type=click.Choice(KINDS),
              help="layers: params and MACs per layer (per block for deep nets); cumulative: "
                   "running share along depth; compare: MACs vs params, bubble = activation "
                   "memory; sweep: MACs and params against input resolution (and α where the "
                   "model has a width multiplier); memory: live bytes through a training step's "
                   "forward and backward passes (--batch, --optimizer, --amp, --device).")
@analysis_options
@step_options
@click.option("-o", "--output", metavar="FILE.png|FILE.svg",
              help="Where to write the figure; the extension picks the format "
                   "(default: MODEL-KIND.png in the current directory).")
@click.option("--dpi", default=150, show_default=True, type=click.IntRange(20, 1200),
              help="Resolution of a PNG.")
@click.option("--title", help="Figure title instead of the generated one.")
def plot(models, kind, input_size, batch, dtype, units, build_options, alpha, model_pick, output, dpi, title,
         optimizer, amp, device):
    """Draw a figure of one or more MODELs (built-in names or .py spec files).

    A sweep evaluates every size in one engine walk: --input takes a comma-separated list
    (default 128,160,...,320). It needs one set of weights at every size, so a model that
    flattens a size-dependent map into a fully connected layer (VGG, the one-tower AlexNet)
    cannot be swept; the error names that layer.
    """
    from .. import plots

    path = Path(output) if output else plots.default_path(models, kind)
    plots.plot_format(path)  # a wrong extension fails before any drawing
    if kind == "memory":
        from ..api import analyze
        memories = [analyze(m, input_size, batch=batch, dtype=dtype, options=parse_options(build_options, alpha),
                            name=model_pick, training=True, optimizer=optimizer, amp=amp,
                            device=device).training_memory for m in models]
        fig = plots.plot_memory(memories, batch, title, units)
    elif optimizer or amp or device:
        from ..errors import OptionError
        raise OptionError("--optimizer" if optimizer else "--amp" if amp else "--device",
                          "applies to --kind memory only", "--kind memory", f"--kind {kind}")
    else:
        fig = plots.figure_of(models, kind, parse_options(build_options, alpha), input_size, batch, dtype,
                              units, title, model_pick)
    plots.save(fig, path, dpi)
    click.echo(f"wrote {path}")
