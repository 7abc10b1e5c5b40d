"""The HTML handout in a real browser: headless Chromium renders it, offline, without console
errors, and the screenshot is not blank. Skipped, with the reason shown, where no Chromium is
installed (CI installs the Debian package `chromium`)."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

BROWSER = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(b)), None)
pytestmark = [
    pytest.mark.skipif(BROWSER is None, reason="no chromium binary found (apt-get install chromium)"),
]
# After load, write the embedded plot's decoded width into the DOM, where --dump-dom shows it.
PROBE = ("<script>window.addEventListener('load', () => document.body.setAttribute("
         "'data-plot-width', document.images[0].naturalWidth));</script>")
CONSOLE_TROUBLE = ("Uncaught", "ERROR:CONSOLE", ":CONSOLE(")


def chromium(page: Path, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
             *args, page.as_uri()],
            check=False, capture_output=True, text=True, timeout=120)


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if any(t in line for t in CONSOLE_TROUBLE)]


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    from click.testing import CliRunner

    from costcalc.cli import main
    page = tmp_path_factory.mktemp("browser") / "alexnet.html"
    result = CliRunner().invoke(main, ["handout", "alexnet", "--format", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output
    return page


def test_screenshot_is_not_blank_and_the_console_is_clean(handout, tmp_path):
    shot = tmp_path / "shot.png"
    run = chromium(handout, "--window-size=1200,1600", f"--screenshot={shot}")
    assert run.returncode == 0, run.stderr[-2000:]
    assert console_errors(run.stderr) == []
    import matplotlib.image
    image = matplotlib.image.imread(io.BytesIO(shot.read_bytes()), format="png")[..., :3]
    assert image.shape[:2] == (1600, 1200)
    ink = (image < 0.8).any(axis=2).mean()  # text, tables and rules on a white page
    assert 0.02 < ink < 0.6, ink
    assert image.std() > 0.05


def test_rendered_page_shows_the_conv1_derivation_and_the_plot(handout, tmp_path):
    probed = tmp_path / "probed.html"
    probed.write_text(handout.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                      encoding="utf-8")
    run = chromium(probed, "--dump-dom")
    assert run.returncode == 0, run.stderr[-2000:]
    assert console_errors(run.stderr) == []
    dom = run.stdout
    for text in ("⌊(227 − (11 − 1) − 1)/4⌋ + 1 = ⌊216/4⌋ + 1", ">55<", ">34,944<", ">290,400<"):
        assert text in dom, text  # conv1: 55, (11*11*3 + 1)*96, 55*55*96
    width = int(dom.split('data-plot-width="')[1].split('"')[0])
    assert width > 500  # the embedded SVG decoded (a 10-inch figure)


def test_console_errors_would_be_caught(tmp_path):
    # the check above must be able to fail: a page with a broken script is reported
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html><body><p>x</p><script>notDefined();</script></body></html>")
    run = chromium(broken, "--dump-dom")
    assert console_errors(run.stderr), run.stderr[-2000:]
