"""``costcalc list``, ``costcalc info`` and ``costcalc report``."""

from __future__ import annotations

from pathlib import Path

import click

from ..grouping import GROUP_BY
from ..output import write_if_changed
from ..report import FORMATS
from .options import analysis_arguments, analysis_options, training_options


@click.command("list")
def list_models() -> None:
    """List the built-in models: name, description, source."""
    from ..api import models
    from ..listing import model_table
    click.echo(model_table(models()))


@click.command()
@click.argument("model")
@click.option("--model", "model_pick", metavar="NAME", help="Which model, when a spec file defines several.")
def info(model, model_pick) -> None:
    """MODEL's description, source and build options (name, type, default, allowed values)."""
    from ..api import info as model_info
    from ..listing import info_text
    click.echo(info_text(model_info(model, model_pick)), nl=False)


def write_output(text: str, output: str | None, reads: tuple[str, ...] = ()) -> None:
    """Print, or write to a file (a clear error when the file cannot be written, or when it is
    one the command reads: a report never replaces its own spec file)."""
    if output is None:
        click.echo(text, nl=False)
        return
    path = Path(output)
    for source in reads:
        if Path(source).exists() and path.exists() and path.resolve() == Path(source).resolve():
            from ..errors import OptionError
            raise OptionError("--output", "the output would overwrite a file the command reads",
                              "another file name", str(path))
    write_if_changed(path, text)
    click.echo(f"wrote {path}", err=True)


@click.command()
@click.argument("model")
@analysis_options
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(FORMATS),
              help="Output format; json follows the schema documented in costcalc/report.py.")
@click.option("--group-by", type=click.Choice(GROUP_BY),
              help="One row per stage, block, scope or layer type instead of per layer.")
@click.option("-o", "--output", metavar="FILE",
              help="Write to FILE instead of standard output (never the spec file it reads); the "
                   "path written is printed on standard error.")
@click.option("--ledger/--no-ledger", default=None,
              help="Append the paper figures about this model with their verdicts (text and "
                   "markdown). Default: on with --group-by, whose rows are the papers' tables; off "
                   "otherwise, since evaluating the ledger takes longer than the report.")
@click.option("--explain-separable", is_flag=True,
              help="Add the depthwise-separable saving: each pair against the standard conv it "
                   "replaces, and the whole model against its full-conv counterpart.")
@click.option("--explain", is_flag=True,
              help="List the layers' notes (what is worth knowing but no fault, e.g. a floor that "
                   "drops only padding); without it they are counted in one line.")
@click.option("--brief", is_flag=True, help="Leave out the conventions block.")
@click.option("--bom", is_flag=True,
              help="CSV: start with a UTF-8 byte-order mark, so spreadsheets read × and α right.")
@training_options
def report(model, input_size, batch, dtype, units, build_options, alpha, model_pick, fmt, group_by, output,
           ledger, explain_separable, explain, brief, bom, training, optimizer, amp, device):
    """Per-layer table and totals for MODEL (a built-in name or a path to a .py spec file)."""
    from ..api import report as model_report
    text = model_report(**analysis_arguments(model, model_pick, build_options, alpha, input_size, batch, dtype),
                        fmt=fmt, group_by=group_by, units=units, ledger=ledger,
                        explain_separable=explain_separable, explain=explain, brief=brief, bom=bom,
                        training=training, optimizer=optimizer, amp=amp, device=device)
    write_output(text, output, reads=(model,))
