"""Golden output files: the grouped GoogLeNet and ResNet-50 reports, text and markdown.

After a deliberate change to a spec, the engine or the report, regenerate them with
``pytest tests/test_golden.py --update-golden`` and review ``git diff tests/golden/``.
"""

import difflib
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
# file name → `costcalc` arguments
CASES = {
    "googlenet_block.txt": ["report", "googlenet", "--group-by", "block"],
    "googlenet_block.md": ["report", "googlenet", "--group-by", "block", "--format", "markdown"],
    "resnet50_stage.txt": ["report", "resnet50", "--group-by", "stage"],
    "resnet50_stage.md": ["report", "resnet50", "--group-by", "stage", "--format", "markdown"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_grouped_report(name, run, update_golden):
    result = run(*CASES[name])
    assert result.exit_code == 0, result.output
    actual = result.stdout
    path = GOLDEN / name
    if update_golden:
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        f"tests/golden/{name}", "now"))
    assert actual == expected, ("grouped report changed; if intended, run "
                                f"`pytest tests/test_golden.py --update-golden` and review:\n{diff}")
