"""README's command lines for plots, handouts and compare run as written: each exits 0 and
writes what it names, so the README cannot drift from the command line."""

import re
import shlex
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def use_lines(prefixes=("costcalc plot", "costcalc handout", "costcalc compare")) -> list[str]:
    block = README.read_text(encoding="utf-8").split("## Use", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.startswith(prefixes)]


def test_the_readme_shows_plot_handout_and_compare():
    lines = use_lines()
    for needed in ("costcalc plot", "--scale linear", ".pdf", "costcalc handout", "--lang ko",
                   "costcalc compare", "--format latex"):
        assert any(needed in line for line in lines), needed


@pytest.mark.parametrize("line", use_lines())
def test_readme_line_runs(line, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from costcalc.cli import main
    monkeypatch.chdir(tmp_path)
    args = shlex.split(line)[1:]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    output = re.search(r"-o (\S+)", line)
    if output:
        assert (tmp_path / output.group(1)).stat().st_size > 1000
    elif args[0] == "plot":
        assert list(tmp_path.glob("*.png"))  # MODEL-KIND.png by default
    else:
        assert len(result.stdout) > 500
