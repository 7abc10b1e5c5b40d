import pytest
from click.testing import CliRunner

from costcalc import analyze
from costcalc.models import get_model


@pytest.fixture
def run():
    """Invoke the CLI in-process; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args):
        from costcalc.cli import main
        return runner.invoke(main, list(args), catch_exceptions=False)
    return invoke


def analysis_of(model: str, **kwargs):
    return analyze(get_model(model).network(), **kwargs)
