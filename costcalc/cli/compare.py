"""``costcalc compare``: the paper ledger, one row per figure, with its verdict."""

from __future__ import annotations

import click

from ..errors import OptionError
from .report import write_output

# costcalc.ledger.render.FORMATS, spelled out so that loading the CLI does not load the ledger (which
# imports every spec); a test checks the two agree.
FORMATS = ("text", "markdown", "csv", "json", "latex", "html")


@click.command()
@click.argument("model", required=False)
@click.option("--all", "show_all", is_flag=True, help="Every figure of every built-in spec.")
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(FORMATS),
              help="Output format; json follows the schema documented in costcalc/ledger/render.py; "
                   "latex is a fragment to \\input (booktabs, longtable, array).")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
@click.pass_context
def compare(ctx, model, show_all, fmt, output):
    """Paper figures vs computed values for MODEL (a model or a spec family, e.g. vgg) or --all.

    One row per figure: printed value, computed value, difference, verdict (match, close,
    variant, erratum, mismatch) and reason. Exits 1 when any verdict shown is mismatch.
    """
    if (model is None) == (not show_all):
        raise OptionError("MODEL", "give a model, a spec family, or --all (one of them)",
                          "e.g. `costcalc compare vgg16` or `costcalc compare --all`",
                          f"both {model!r} and --all" if model else "neither")
    from ..ledger.render import compare as compare_figures
    text, bad, judged = compare_figures(model, fmt)
    write_output(text, output)
    if bad:
        names = "; ".join(f"{v.figure.title} ({v.figure.model})" for v in bad)
        click.echo(f"compare: {len(bad)} of {judged} figures are mismatch: {names}", err=True)
        ctx.exit(1)
