"""The ``costcalc`` command line. Each command lives in its own module of this package.

User errors (CostcalcError) print one line, ``Error: ...``, and exit non-zero; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import sys

import click

from ..version import __version__
from ..errors import CostcalcError


class _Group(click.Group):
    def main(self, *args, standalone_mode: bool = True, **kwargs):
        """Click's own usage errors (a bad --batch, an unknown --format) as one line too, with
        click's exit code (2), instead of a usage block."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.ClickException as exc:
            click.echo(f"Error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CostcalcError as exc:
            if ctx.params.get("debug"):
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(version=__version__, prog_name="costcalc")
def main(debug: bool) -> None:
    """Static cost analysis of CNNs: shapes, parameters, MACs, FLOPs and memory, no framework."""


from .report import info, list_models, report  # noqa: E402  (commands register on main)

main.add_command(list_models)
main.add_command(info)
main.add_command(report)

from .plot import plot  # noqa: E402

main.add_command(plot)

from .compare import compare  # noqa: E402
from .reports import reports  # noqa: E402

main.add_command(compare)
main.add_command(reports)

from .handout import handout  # noqa: E402

main.add_command(handout)

from .graph import graph  # noqa: E402

main.add_command(graph)

from .export import export  # noqa: E402

main.add_command(export)

from .fit import fit  # noqa: E402

main.add_command(fit)
