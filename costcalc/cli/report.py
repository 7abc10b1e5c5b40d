"""``costcalc list`` and ``costcalc report``."""

from __future__ import annotations

from pathlib import Path

import click
from tabulate import tabulate

from ..grouping import GROUP_BY
from ..models import builtin_models
from ..output import write_if_changed
from ..report import FORMATS, render
from .options import analysis_options, build_analysis


@click.command("list")
def list_models() -> None:
    """List the built-in models: name, description, source."""
    rows = [[m.name, m.description, m.source] for m in builtin_models().values()]
    # wrapped so the table fits a 120-column terminal
    click.echo(tabulate(rows, ["model", "description", "source"], tablefmt="simple",
                        maxcolwidths=[None, 44, 40]))


def write_output(text: str, output: str | None) -> None:
    """Print, or write to a file (a clear error when the file cannot be written)."""
    if output is None:
        click.echo(text, nl=False)
    else:
        write_if_changed(Path(output), text)


@click.command()
@click.argument("model")
@analysis_options
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(FORMATS),
              help="Output format; json follows the schema documented in costcalc/report.py.")
@click.option("--group-by", type=click.Choice(GROUP_BY),
              help="One row per stage, block, scope or layer type instead of per layer.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
@click.option("--ledger/--no-ledger", default=None,
              help="Append the paper figures about this model with their verdicts (text and "
                   "markdown). Default: on with --group-by, whose rows are the papers' tables; off "
                   "otherwise, since evaluating the ledger takes longer than the report.")
@click.option("--explain-separable", is_flag=True,
              help="Add the depthwise-separable saving: each pair against the standard conv it "
                   "replaces, and the whole model against its full-conv counterpart.")
def report(model, input_size, batch, dtype, units, build_options, alpha, model_pick, fmt, group_by, output,
           ledger, explain_separable):
    """Per-layer table and totals for MODEL (a built-in name or a path to a .py spec file)."""
    spec, options, analysis = build_analysis(model, model_pick, build_options, alpha, input_size, batch,
                                             dtype)
    text = render(analysis, fmt, group_by=group_by, units=units)
    if explain_separable:
        from ..separable import with_separable
        text = with_separable(text, fmt, spec, options, analysis)
    if (group_by is not None if ledger is None else ledger) and fmt in ("text", "markdown") \
            and builtin_models().get(spec.name) is spec:
        from ..grouping import group_rows
        from ..ledger.render import model_section  # the ledger imports every spec: only when asked
        groups = None if group_by is None else {g.key for g in group_rows(analysis, analysis.rows(), group_by)}
        note = ("Note: each figure is computed on the model as its source describes it (its own input "
                "and options), not with this report's options or input." if options or input_size else "")
        section = model_section(spec.name, fmt, groups, note)
        text += f"\n{section}" if section else ""
    write_output(text, output)
