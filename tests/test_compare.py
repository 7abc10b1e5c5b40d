"""``costcalc compare`` and its renderings (text, Markdown, CSV, JSON, HTML)."""

import csv
import io
import json

import pytest

from costcalc.ledger import Figure, verdict
from costcalc.ledger.families import lenet as lenet_figures
from costcalc.ledger.render import FORMATS, SCHEMA, compare_data, render_compare
from costcalc.ledger.sources import CHOI_CNN_ADVANCED


def _data(*figures):
    return compare_data([("test", verdict(f)) for f in figures])


SLIDES = CHOI_CNN_ADVANCED.at("slides 'AlexNet (2012)'", "'364x96 = 34,944'")
CONV1 = Figure("alexnet", "params", "34,944", SLIDES, node="conv1", label="conv1 params", table="test")
FC7 = Figure("alexnet", "weight_bytes", "16.8 MB", "a slide", node="fc7", label="fc7 bytes", table="test",
             erratum="forgot ×4 bytes", explained_by=lambda a: a.row("fc7").params)


def test_json_schema_fields_and_exact_numbers():
    data = json.loads(render_compare(_data(CONV1, FC7), "json"))
    assert data["schema"] == SCHEMA
    assert data["counts"] == {"match": 1, "close": 0, "variant": 0, "erratum": 1, "mismatch": 0,
                              "not_computable": 0}
    conv1, fc7 = data["figures"]
    assert conv1["computed"] == 34_944 and conv1["difference"] == 0  # (11*11*3 + 1)*96
    assert (fc7["printed_low"], fc7["printed_high"]) == (16_750_000, 16_850_000)
    assert fc7["computed"] == 67_125_248 and fc7["computed_as_printed"] == "67.13 MB"  # ×4 B
    assert fc7["verdict"] == "erratum" and fc7["reason"] == "forgot ×4 bytes"
    assert fc7["difference_percent"] == round((67_125_248 - 16_800_000) / 16_800_000 * 100, 4)
    # the citation: as text, as data, and the document it names, once
    assert conv1["source"] == "최건호 2017 (CNN -Advanced-), slides 'AlexNet (2012)': '364x96 = 34,944'"
    assert conv1["citations"] == [{"document": "choi-cnn-advanced", "location": "slides 'AlexNet (2012)'",
                                   "quote": "'364x96 = 34,944'"}]
    assert fc7["source"] == "a slide" and fc7["citations"] == []
    (document,) = data["documents"]
    assert document["title"] == "Convolutional Neural Network -Advanced-" and document["date"] == "2017-11-04"
    assert document["address"] is None and "No public address known" in document["reference"]


def test_every_format_shows_figure_printed_computed_and_verdict():
    from costcalc.tables import latex_text
    data = _data(CONV1, FC7)
    for fmt in FORMATS:
        out = render_compare(data, fmt)
        for text in ("conv1 params", "34,944", "16.8 MB", "erratum", "forgot ×4 bytes"):
            assert (latex_text(text) if fmt == "latex" else text) in out, (fmt, text)


def test_csv_has_one_row_per_figure():
    rows = list(csv.DictReader(io.StringIO(render_compare(_data(CONV1, FC7), "csv"))))
    assert [r["verdict"] for r in rows] == ["match", "erratum"]
    assert rows[1]["computed"] == "67125248"


def test_markdown_escapes_pipes_and_text_puts_sources_in_notes():
    odd = Figure("alexnet", "params", "34,944", "a | b", node="conv1", table="test")
    assert "a \\| b" in render_compare(_data(odd), "markdown")
    text = render_compare(_data(CONV1), "text")
    assert "[1] 최건호 2017 (CNN -Advanced-), slides" in text and "1 figure: 1 match" in text


def test_every_format_lists_the_documents_cited_in_full():
    for fmt in ("text", "markdown", "html", "latex"):
        out = " ".join(render_compare(_data(CONV1), fmt).split())  # text wraps long lines
        if fmt == "latex":  # pdflatex sets Latin script only: Hangul goes through a macro
            out = out.replace(r"\costcalcscript{최건호}", "최건호")
        for text in ("최건호 (2017-11-04)", "Convolutional Neural Network -Advanced-", "No public address known"):
            assert text in out, (fmt, text)


def test_compare_model(run):
    result = run("compare", "alexnet")
    assert result.exit_code == 0, result.stderr
    assert "34,944" in result.stdout and "erratum" in result.stdout
    # "alexnet" is also the spec family: its two-GPU figures come along
    assert "AlexNet parameters" in result.stdout and "alexnet-2gpu" in result.stdout


def test_compare_one_model_of_a_family(run):
    data = json.loads(run("compare", "vgg19", "--format", "json").stdout)
    assert {f["model"] for f in data["figures"]} == {"vgg19"}


def test_compare_family_selects_its_spec_file(run):
    data = json.loads(run("compare", "vgg", "--format", "json").stdout)
    assert {f["family"] for f in data["figures"]} == {"vgg"}
    assert {"vgg16", "vgg19", "vgg11"} <= {f["model"] for f in data["figures"]}
    assert any(f["table"] == "vgg16-memory" for f in data["figures"])


def test_compare_all_has_no_mismatch(run):
    # the CI gate: every figure of every spec explained (match, close, variant or erratum)
    result = run("compare", "--all", "--format", "json")
    data = json.loads(result.stdout)
    bad = [(f["figure"], f["model"], f["reason"]) for f in data["figures"] if f["verdict"] == "mismatch"]
    assert bad == [] and result.exit_code == 0


def test_a_mismatch_exits_1_and_says_so(run, monkeypatch):
    wrong = Figure("lenet5", "params", "157", "test", node="C1", label="C1 wrong",  # 6*(5*5 + 1) = 156
                   table="lenet-other")
    monkeypatch.setattr(lenet_figures, "FIGURES", [*lenet_figures.FIGURES, wrong])
    result = run("compare", "lenet5")
    assert result.exit_code == 1
    assert "1 of 5 figures are mismatch: C1 wrong (lenet5)" in result.stderr
    assert "mismatch" in result.stdout


def test_output_file(run, tmp_path):
    out = tmp_path / "ledger.md"
    result = run("compare", "lenet5", "--format", "markdown", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text().startswith("# Paper figures vs computed: lenet5")


@pytest.mark.parametrize("args, message", [
    ((), "give a model, a spec family, or --all (one of them); expected e.g. `costcalc compare vgg16` "
         "or `costcalc compare --all`; received neither"),
    (("vgg16", "--all"), "received both 'vgg16' and --all"),
    (("vgg99",), "no ledger figures for 'vgg99' (did you mean vgg19, vgg, vgg16?)"),
    (("zfnet",), "no ledger figures for 'zfnet'"),
])
def test_bad_selection_is_a_one_line_error(run, args, message):
    result = run("compare", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_compare_formats_are_the_renderers_formats():
    from costcalc.cli.compare import FORMATS as CLI_FORMATS
    from costcalc.ledger.render import FORMATS
    assert CLI_FORMATS == FORMATS



# -- the formats on the shared table skeleton (costcalc/tables.py, costcalc/html_page.py) --------

def _all():
    from costcalc.ledger.render import select
    figures, others = select(None)
    return compare_data([(fam, verdict(f)) for fam, f in figures], others)


@pytest.mark.parametrize("width", [100, 160])  # 100: the width when the terminal's is unknown
def test_text_fits_the_terminal_width(width):
    from costcalc.tables import width_of
    text = render_compare(_all(), "text", width=width)
    too_wide = [line for line in text.splitlines() if width_of(line) > width]
    assert too_wide == []
    if width < 160:
        assert f"left out to fit {width} columns: difference" in text
        assert "conv1 output size…" in text  # names shortened, the full name in the note


def test_text_numbers_are_right_aligned_and_never_cut():
    text = render_compare(_data(CONV1, FC7), "text", width=72)
    head, _rule, *rows = text.split("\n\n")[1].splitlines()
    end = head.index("computed") + len("computed")
    assert [row[:end][-10:] for row in rows] == ["    34,944", "(67.13 MB)"]
    assert "67,125,248 (67.13 MB)" in rows[1]  # a number is never shortened
    assert "[1] 최건호 2017" in text


def test_a_shortened_figure_name_is_given_in_full_in_its_note():
    long = Figure("alexnet", "params", "34,944", "src", node="conv1", table="test",
                  label="conv1 parameters, a figure with a long name that a terminal cannot hold")
    text = render_compare(_data(long), "text", width=60)
    assert "…" in text.split("\n\n")[1]
    assert "[1] conv1 parameters, a figure with a long name that a terminal cannot hold: src" in " ".join(text.split())


def test_markdown_right_aligns_the_numbers():
    text = render_compare(_data(CONV1), "markdown")
    assert "| figure | model | source | printed | computed | difference | % | verdict | reason |\n" \
           "|---|---|---|--:|--:|--:|--:|---|---|" in text


def test_latex_is_a_booktabs_longtable_with_caption_label_and_visible_notes():
    tex = render_compare(_data(CONV1, FC7), "latex", title="Paper figures vs computed: alexnet")
    assert tex.count(r"\begin{longtable}") == tex.count(r"\end{longtable}") == 1
    for needle in (r"\toprule", r"\midrule", r"\bottomrule", r"\endhead",
                   r"\caption{Paper figures vs computed: alexnet}\label{tab:paper-figures-vs-computed-alexnet}",
                   r"\item{} [2] a slide; forgot $\times$4 bytes", r"\textbf{erratum}"):
        assert needle in tex, needle
    assert r"\costcalcscript{최건호}" in tex and tex.index(r"\providecommand{\costcalcscript}") < tex.index("최건호")
    assert "%" not in tex.replace(r"\%", "").split("\n", 1)[1]  # no note hidden in a comment


def test_html_is_the_shared_page_with_verdict_rows():
    from costcalc.html_page import STYLE
    page = render_compare(_data(CONV1, FC7), "html")
    assert STYLE in page and '<html lang="en">' in page
    assert '<tr class="v-erratum">' in page and '<td class="verdict">erratum</td>' in page
    assert '<td class="num wrap">67,125,248 (67.13 MB)</td>' in page


def test_cli_compare_latex(run):
    result = run("compare", "lenet5", "--format", "latex")
    assert result.exit_code == 0 and r"\begin{longtable}" in result.stdout
