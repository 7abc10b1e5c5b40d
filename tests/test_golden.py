"""Golden output files: the grouped GoogLeNet and ResNet-50 reports, text and markdown.

After a deliberate change, regenerate them with `python tests/golden/regenerate.py` and review
`git diff tests/golden/`.
"""

import difflib
import importlib.util
from pathlib import Path

import pytest

_REGEN = Path(__file__).parent / "golden" / "regenerate.py"
_spec = importlib.util.spec_from_file_location("golden_regenerate", _REGEN)
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


@pytest.mark.parametrize("name", sorted(golden.CASES))
def test_golden_grouped_report(name):
    expected = (golden.HERE / name).read_text(encoding="utf-8")
    actual = golden.render(golden.CASES[name])
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        f"tests/golden/{name}", "now"))
    assert actual == expected, ("grouped report changed; if intended, run "
                                f"`python tests/golden/regenerate.py` and review:\n{diff}")
