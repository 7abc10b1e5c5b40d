"""``costcalc reports build`` and ``costcalc reports check``: the generated reports/ directory."""

from __future__ import annotations

from pathlib import Path

import click

_README = click.option(
    "--readme", type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Also rewrite (build) or verify (check) the generated sections of this file: the ledger "
         "summary between <!-- ledger-summary:start/end --> markers (required) and the sample "
         "between <!-- sample:alexnet:start/end --> (when present).")


@click.group("reports")
def reports() -> None:
    """The paper ledger as Markdown files, one per source table, plus an index and handouts."""


@reports.command()
@click.argument("directory", default="reports", type=click.Path(file_okay=False, path_type=Path))
@_README
def build(directory: Path, readme: Path | None) -> None:
    """Write the reports into DIRECTORY (default: reports/)."""
    from ..ledger.pages import build as build_reports  # the ledger loads every spec: only when run
    built = build_reports(directory, readme)
    click.echo(f"wrote {len(built.paths)} files to {directory}"
               + (f" and the summary in {readme}" if readme else ""))
    if built.counts["mismatch"]:
        click.echo(f"reports: {built.counts['mismatch']} figures are mismatch "
                   "(see `costcalc compare --all`)", err=True)


@reports.command()
@click.argument("directory", default="reports", type=click.Path(file_okay=False, path_type=Path))
@_README
@click.pass_context
def check(ctx, directory: Path, readme: Path | None) -> None:
    """Fail when DIRECTORY differs from a fresh build, one line per file.

    Rebuilds into a temporary directory and compares byte for byte (for CI and for users
    without git); with --readme, also checks the README's generated summary."""
    from ..ledger.pages import check as check_reports
    problems = check_reports(directory, readme)
    for line in problems:
        click.echo(f"drift: {line}", err=True)
    if problems:
        ctx.exit(1)
    click.echo(f"{directory} is up to date")
