"""The HTML pages in a real browser: headless Chromium opens every handout of reports/handouts
(built fresh from the current code), the widest report and the compare page, offline, and
checks that the console is clean and that nothing overflows the page when printed on A4.

How the print check measures: Chromium is driven over the DevTools protocol (on a pipe, so no
network port and no package beyond the standard library). The page is laid out with print
media at the width of an A4 page's content box, read from the page's own @page rules (size and
margins), which is the width Chromium's print layout uses. Every element's box must then lie
inside the content width of the page it prints on (the landscape width for an element on the
named landscape page); every image and table row must fit a page's height. The page is also
printed to PDF with its CSS page sizes, and every PDF page must be A4. A page with a table too
wide for A4 fails (test_print_check_catches_a_table_too_wide_for_the_page), as does one with a
script error. Skipped, with the reason shown, where no Chromium is installed (CI installs the
Debian package `chromium`).
"""

import base64
import fcntl
import io
import json
import os
import re
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
REPO = Path(__file__).resolve().parent.parent
A4_MM = (210, 297)
PX_PER_MM = 96 / 25.4
PT_PER_MM = 72 / 25.4


class Chromium:
    """Headless Chromium over the DevTools protocol on a pipe (fds 3 and 4, JSON + NUL)."""

    def __init__(self):
        self.profile = tempfile.mkdtemp()
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        # bash moves them to fds 3 and 4 (the protocol's); above 10 first, so that neither
        # move overwrites the other pipe (dash, the usual sh, takes single-digit fds only)
        to_browser, from_browser = (self._above_ten(fd) for fd in (to_browser, from_browser))
        self.proc = subprocess.Popen(
            ["bash", "-c", f'exec "$0" "$@" 3<&{to_browser} 4>&{from_browser}', BROWSER, "--headless",
             "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={self.profile}", "about:blank"],
            pass_fds=(to_browser, from_browser), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser)
        os.close(from_browser)
        self.buffer, self.events, self.last_id = b"", [], 0

    @staticmethod
    def _above_ten(fd: int) -> int:
        moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(fd)
        return moved

    def _message(self) -> dict:
        while b"\0" not in self.buffer:
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self.last_id += 1
        message = {"id": self.last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self.last_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> None:
        while not any(e.get("method") == method and e.get("sessionId") == session for e in self.events):
            self.events.append(self._message())

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._write)
        os.close(self._read)
        shutil.rmtree(self.profile, ignore_errors=True)


# Reads the @page rules, then measures every box in the print layout. Returns the page widths
# and heights it used (px) and the boxes that do not fit.
MEASURE = r"""
(() => {
  const mm = %(px_per_mm)f, a4 = [%(a4_w)d, %(a4_h)d];
  const pages = {};
  for (const sheet of document.styleSheets) for (const rule of sheet.cssRules) {
    if (!(rule instanceof CSSPageRule)) continue;
    const name = rule.selectorText || "";
    const size = rule.style.getPropertyValue("size");
    const margin = parseFloat(rule.style.getPropertyValue("margin-left") || rule.style.getPropertyValue("margin")) || 0;
    const [w, h] = size.includes("landscape") ? [a4[1], a4[0]] : a4;
    pages[name] = {size, width: (w - 2 * margin) * mm, height: (h - 2 * margin) * mm};
  }
  // no @page rule: Chromium's default paper (Letter, 0.4in margins)
  if (!pages[""]) pages[""] = {size: "none", width: 7.7 * 96, height: 10.2 * 96};
  const pageOf = (el) => {
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      const name = getComputedStyle(e).page;
      if (name && name !== "auto") return name;
    }
    return "";
  };
  const bad = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    const page = pages[pageOf(el)] || pages[""];
    const tall = (el.tagName === "IMG" || el.tagName === "TR") && r.height > page.height + 0.5;
    if (r.right > page.width + 0.5 || r.left < -0.5 || tall) {
      const text = (el.textContent || el.alt || "").trim().slice(0, 40);
      bad.push(`${el.tagName.toLowerCase()}${el.className ? "." + el.className : ""} "${text}": ` +
               `x ${Math.round(r.left)}..${Math.round(r.right)} px, height ${Math.round(r.height)} px ` +
               `on a page ${Math.round(page.width)} x ${Math.round(page.height)} px`);
    }
  }
  return {pages, bad: bad.slice(0, 12), count: bad.length,
          wide: document.querySelectorAll(".wide").length};
})()
""".replace("%(px_per_mm)f", f"{PX_PER_MM:f}").replace("%(a4_w)d", str(A4_MM[0])).replace("%(a4_h)d", str(A4_MM[1]))


def open_for_print(browser: Chromium, page: Path, screenshot: Path | None = None,
                   pdf_file: Path | None = None) -> dict:
    """Open ``page`` in a new tab laid out for print; measure it, print it to PDF, and return
    the measurement, the PDF's page sizes (pt) and the console errors. ``screenshot`` and
    ``pdf_file`` keep the print layout and the PDF, for a person to look at."""
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        browser.call(f"{domain}.enable", session)
    portrait_px = round((A4_MM[0] - 2 * 12) * PX_PER_MM)  # the default page, until the rules are read
    browser.call("Emulation.setEmulatedMedia", session, media="print")
    browser.call("Emulation.setScrollbarsHidden", session, hidden=True)
    browser.call("Emulation.setDeviceMetricsOverride", session, width=portrait_px, height=1000,
                 deviceScaleFactor=1, mobile=False)
    browser.call("Page.navigate", session, url=page.as_uri())
    browser.wait_for("Page.loadEventFired", session)
    result = browser.call("Runtime.evaluate", session, expression=MEASURE, returnByValue=True)
    measured = result["result"]["value"]
    width = measured["pages"][""]["width"]
    if abs(width - portrait_px) > 1:  # the stylesheet's margins differ: measure again at its width
        browser.call("Emulation.setDeviceMetricsOverride", session, width=round(width), height=1000,
                     deviceScaleFactor=1, mobile=False)
        measured = browser.call("Runtime.evaluate", session, expression=MEASURE, returnByValue=True)["result"]["value"]
    if screenshot:
        shot = browser.call("Page.captureScreenshot", session, captureBeyondViewport=True)
        screenshot.write_bytes(base64.b64decode(shot["data"]))
    pdf = base64.b64decode(browser.call("Page.printToPDF", session, preferCSSPageSize=True,
                                        printBackground=True)["data"])
    if pdf_file:
        pdf_file.write_bytes(pdf)
    sizes = [tuple(float(v) for v in box.split()[2:]) for box in
             re.findall(rb"/MediaBox \[([\d. ]+)\]", pdf) for box in [box.decode()]]
    errors = [e for e in browser.events if e.get("sessionId") == session and (
        e["method"] == "Runtime.exceptionThrown"
        or (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
        or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error"))]
    browser.call("Target.closeTarget", targetId=target)
    return {**measured, "pdf_pages": sizes, "errors": errors}


def is_a4(size: tuple[float, float]) -> bool:
    a4 = (A4_MM[0] * PT_PER_MM, A4_MM[1] * PT_PER_MM)
    return any(abs(size[0] - w) < 2 and abs(size[1] - h) < 2 for w, h in (a4, a4[::-1]))


@pytest.fixture(scope="module")
def browser():
    b = Chromium()
    yield b
    b.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Every handout as `costcalc reports build` writes it, plus the widest report (GoogLeNet
    by block, with the paper's columns) and the compare page of every figure."""
    from costcalc.api import analyze
    from costcalc.handout import write_handouts
    from costcalc.ledger import verdict
    from costcalc.ledger.render import compare_data, render_compare, select
    out = tmp_path_factory.mktemp("pages")
    handouts = [p for p in write_handouts(out / "handouts") if p.suffix == ".html"]
    report = out / "googlenet-report.html"
    report.write_text(analyze("googlenet").render("html", group_by="block"), encoding="utf-8")
    figures, others = select(None)
    compare = out / "compare-all.html"
    compare.write_text(render_compare(compare_data([(fam, verdict(f)) for fam, f in figures], others), "html"),
                       encoding="utf-8")
    return {p.name: p for p in [*handouts, report, compare]}


def test_every_handout_of_reports_is_checked(pages):
    committed = sorted(p.name for p in (REPO / "reports" / "handouts").glob("*.html"))
    assert committed and set(committed) <= set(pages)
    assert any(name.endswith(".ko.html") for name in committed)  # the Korean sheets too


PAGE_NAMES = ["alexnet.html", "vgg16.html", "googlenet.html", "resnet50.html", "mobilenet.html",
              "alexnet.ko.html", "vgg16.ko.html", "googlenet.ko.html", "resnet50.ko.html",
              "mobilenet.ko.html", "googlenet-report.html", "compare-all.html"]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_prints_on_a4_without_losing_a_column(browser, pages, name, tmp_path):
    result = open_for_print(browser, pages[name])
    assert result["pages"][""]["size"] == "a4", result["pages"]
    assert result["errors"] == []
    assert result["count"] == 0, "\n".join(result["bad"])
    assert result["pdf_pages"] and all(is_a4(s) for s in result["pdf_pages"]), result["pdf_pages"]
    landscape = [s for s in result["pdf_pages"] if s[0] > s[1]]
    assert bool(landscape) == bool(result["wide"]), (result["wide"], result["pdf_pages"])


def test_googlenet_handout_keeps_every_column_of_its_block_table(browser, pages):
    # the columns the old print cut off: MACs, MACs %, activations (and warnings, which GoogLeNet
    # no longer has: its ceil-mode pools read every pixel, so they are notes) and the rf column
    page = pages["googlenet.html"]
    html = page.read_text(encoding="utf-8")
    head = re.search(r'<table class="layers">.*?<thead><tr>(.*?)</tr>', html, re.DOTALL).group(1)
    for column in ("MACs", "MACs %", "activations", "rf"):
        assert f">{column}<" in head, column
    assert open_for_print(browser, page)["count"] == 0


def test_print_check_catches_a_table_too_wide_for_the_page(browser, tmp_path):
    # the check above must be able to fail: a 40-column table of long numbers, with no
    # landscape page or split, does not fit a portrait A4 page
    from costcalc.html_page import page
    cells = "".join(f"<td>{10**12 + i:,}</td>" for i in range(40))
    wide = tmp_path / "wide.html"
    wide.write_text(page("too wide", f"<table><tr>{cells}</tr></table>"), encoding="utf-8")
    result = open_for_print(browser, wide)
    assert result["count"] > 0 and any(box.startswith("td") for box in result["bad"]), result["bad"]


def test_console_errors_would_be_caught(browser, tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html><body><p>x</p><script>notDefined();</script></body></html>")
    assert open_for_print(browser, broken)["errors"]


def test_screenshot_is_not_blank_and_shows_the_conv1_derivation(browser, pages, tmp_path):
    shot = tmp_path / "alexnet.png"
    open_for_print(browser, pages["alexnet.html"], screenshot=shot)
    import matplotlib.image
    image = matplotlib.image.imread(io.BytesIO(shot.read_bytes()), format="png")[..., :3]
    ink = (image < 0.8).any(axis=2).mean()  # text, tables and rules on a white page
    assert 0.02 < ink < 0.6, ink
    assert image.std() > 0.05
    html = pages["alexnet.html"].read_text(encoding="utf-8")
    for text in ("⌊(227 − (11 − 1) − 1)/4⌋ + 1 = ⌊216/4⌋ + 1", ">55<", ">34,944<", ">290,400<"):
        assert text in html, text  # conv1: 55, (11*11*3 + 1)*96, 55*55*96


def test_embedded_plot_decodes_in_the_browser(browser, pages):
    target = browser.call("Target.createTarget", url=pages["alexnet.html"].as_uri())["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    browser.call("Page.enable", session)
    for _ in range(50):
        width = browser.call("Runtime.evaluate", session, returnByValue=True,
                             expression="document.images.length && document.images[0].complete ? "
                                        "document.images[0].naturalWidth : -1")["result"]["value"]
        if width != -1:
            break
    browser.call("Target.closeTarget", targetId=target)
    assert width > 500  # the embedded SVG decoded (a 10-inch figure)
