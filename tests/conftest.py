import pytest
from click.testing import CliRunner


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files under tests/golden/ from the current output "
                          "(then review `git diff tests/golden/`)")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")

from costcalc.engine import analyze
from costcalc.registry import get_model


@pytest.fixture
def run():
    """Invoke the CLI in-process; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner(env={"COLUMNS": "100"})  # text tables fit $COLUMNS: fix it for the tests

    def invoke(*args):
        from costcalc.cli import main
        return runner.invoke(main, list(args), catch_exceptions=False)
    return invoke


def analysis_of(model: str, **kwargs):
    return analyze(get_model(model).network(), **kwargs)


def assert_option_error(result, model: str, option: str, rule: str | None = None) -> None:
    """``costcalc report MODEL -O option`` failed as a bad option should: exit 2, one line
    naming the model and the option, and (when given) the rule broken."""
    name = option.split("=")[0]
    assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"Error: {model}: option {name}: "), result.output
    assert rule is None or rule in result.output


def holds(text: str, quoted: str, value, units: str = "decimal") -> None:
    """A reason quotes ``quoted`` and it is still true of ``value`` (within its printing), so a
    spec change that moves a number a reason quotes fails a test. Used by the spec tests."""
    from costcalc.ledger import parse_printed
    assert quoted in text, (quoted, text)
    assert parse_printed(quoted, units).contains(value), (quoted, float(value))
