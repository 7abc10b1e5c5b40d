"""Golden output files of the grouped GoogLeNet and ResNet-50 reports.

Regenerate them (after a deliberate change to a spec, the engine or the report), from the repo root:

    .venv/bin/python tests/golden/regenerate.py

then review the change as a diff (``git diff tests/golden/``) before committing it.
tests/test_golden.py compares the CLI's output with these files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from costcalc.cli import main

HERE = Path(__file__).parent
# file name → `costcalc` arguments
CASES = {
    "googlenet_block.txt": ["report", "googlenet", "--group-by", "block"],
    "googlenet_block.md": ["report", "googlenet", "--group-by", "block", "--format", "markdown"],
    "resnet50_stage.txt": ["report", "resnet50", "--group-by", "stage"],
    "resnet50_stage.md": ["report", "resnet50", "--group-by", "stage", "--format", "markdown"],
}


def render(args: list[str]) -> str:
    """What `costcalc ARGS` prints, run in-process."""
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"costcalc {' '.join(args)} exited {result.exit_code}: {result.output}")
    return result.output


def regenerate() -> None:
    for name, args in CASES.items():
        (HERE / name).write_text(render(args), encoding="utf-8")
        print(f"wrote {HERE / name}", file=sys.stderr)


if __name__ == "__main__":
    regenerate()
