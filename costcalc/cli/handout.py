"""``costcalc handout``. The handout machinery (and matplotlib, for its plot) loads only when the
command runs, so registering it costs the other commands nothing."""

from __future__ import annotations

from pathlib import Path

import click

from .options import analysis_arguments, analysis_options


@click.command()
@click.argument("model")
@analysis_options
@click.option("--layers", metavar="NAME,...",
              help="Layers to work through, comma-separated node names (default: one of each "
                   "kind, plus every layer with a warning).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]),
              help="markdown (renders on GitHub) or html (one self-contained file); default: "
                   "html when -o ends in .html, else markdown.")
@click.option("--lang", default="en", show_default=True, type=click.Choice(["en", "ko"]),
              help="Language of the headings and explanations: en or ko (Korean); formulas, "
                   "numbers and the papers' data stay as they are.")
@click.option("-o", "--output", metavar="FILE",
              help="Write to FILE instead of standard output. Markdown also writes its plot beside "
                   "it, as FILE-layers.svg; HTML embeds the plot.")
def handout(model, input_size, batch, dtype, units, build_options, alpha, model_pick, layers, fmt, lang, output):
    """A teaching sheet for MODEL: architecture, worked derivations, totals, plot, paper figures."""
    from .. import handout as sheets
    from ..api import analyze
    from .report import write_output

    if fmt is None:
        fmt = "html" if output and Path(output).suffix.lower() in (".html", ".htm") else "markdown"
    analysis = analyze(**analysis_arguments(model, model_pick, build_options, alpha, input_size, batch, dtype))
    if output:
        written = sheets.write_handout(analysis, Path(output), fmt, layers, units, reads=(model,), lang=lang)
        click.echo("wrote " + ", ".join(str(p) for p in written), err=True)
        return
    write_output(sheets.handout_text(analysis, fmt, layers, units, lang), None)
