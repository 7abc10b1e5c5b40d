"""``costcalc graph``: a picture of the network's graph."""

from __future__ import annotations

import click

from .options import analysis_arguments, analysis_options

FORMATS = ("mermaid", "dot", "svg")  # costcalc.diagram.FORMATS; a test checks they agree


@click.command()
@click.argument("model")
@analysis_options
@click.option("--format", "fmt", default="mermaid", show_default=True, type=click.Choice(FORMATS),
              help="mermaid (renders on GitHub and in many Markdown viewers), dot (Graphviz), or svg "
                   "(drawn by costcalc itself: no Graphviz needed).")
@click.option("--group-by", type=click.Choice(["stage", "block", "scope"]),
              help="One box per stage, block or scope (its layers summed) instead of per layer.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
def graph(model, input_size, batch, dtype, units, build_options, alpha, model_pick, fmt, group_by, output):
    """MODEL's graph: each box a layer with its output shape and MACs; branches and merges shown."""
    from ..api import analyze
    from ..diagram import render_graph
    from .report import write_output
    analysis = analyze(**analysis_arguments(model, model_pick, build_options, alpha, input_size, batch, dtype))
    write_output(render_graph(analysis, fmt, group_by), output, reads=(model,))
