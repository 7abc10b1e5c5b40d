"""LaTeX from `costcalc report` and `costcalc compare`: booktabs longtables with captions and
labels, notes visible as text, tables that fit the page. With pdflatex installed (CI installs
texlive-latex-base and texlive-latex-recommended) the fragments are compiled into documents of
two text widths, LaTeX's own article (345pt) and A4 with 20mm margins (482pt), and the log must
show no error and no table wider than the text; without it that test is skipped, saying why,
and the structural checks below still run."""

import re
import shutil
import subprocess

import pytest

from costcalc import tables

PDFLATEX = shutil.which("pdflatex")
DOCUMENT = r"""\documentclass{article}
%(geometry)s
\usepackage{booktabs,longtable,array}
\begin{document}
%(body)s
\end{document}
"""
FRAGMENTS = {  # the widest tables we print, and the compare pages
    "report-vgg16": ["report", "vgg16", "--format", "latex"],
    "report-googlenet-block": ["report", "googlenet", "--group-by", "block", "--format", "latex"],
    "report-resnet50-stage": ["report", "resnet50", "--group-by", "stage", "--format", "latex"],
    "compare-vgg16": ["compare", "vgg16", "--format", "latex"],
    "compare-all": ["compare", "--all", "--format", "latex"],
}


@pytest.fixture(scope="module")
def fragments():
    from click.testing import CliRunner

    from costcalc.cli import main
    runner = CliRunner()
    out = {}
    for name, args in FRAGMENTS.items():
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        out[name] = result.stdout
    return out


def _environments(tex: str) -> list[str]:
    stack = []
    for kind, name in re.findall(r"\\(begin|end)\{(\w+)\}", tex):
        if kind == "begin":
            stack.append(name)
        else:
            assert stack and stack.pop() == name, name
    return stack


@pytest.mark.parametrize("name", FRAGMENTS)
def test_fragment_structure(fragments, name):
    tex = fragments[name]
    assert _environments(tex) == []  # every environment closed, in order
    assert tex.count(r"\begingroup") == tex.count(r"\endgroup")
    assert len(re.findall(r"\\if(?:dim|defined)", tex)) == len(re.findall(r"\\fi\b", tex))
    tables_ = tex.split(r"\begin{longtable}")[1:]
    assert tables_
    for table in tables_:
        head = table.split(r"\endfirsthead")[0]
        assert r"\caption{" in head and r"\label{tab:" in head and r"\toprule" in head
        assert r"\bottomrule" in table.split(r"\end{longtable}")[0]
    labels = re.findall(r"\\label\{([^}]+)\}", tex)
    alternatives = tex.count(r"\else")  # a split table's parts stand in for the whole table
    assert len(set(labels)) >= len(labels) - alternatives * 4
    assert tables.LATEX_PACKAGES in tex


def test_warnings_and_notes_are_visible_text_not_comments(fragments):
    # GoogLeNet's roundings read every pixel, so they are notes (summed up in one visible line);
    # AlexNet on 224 has real warnings, which are visible items under its table
    tex = fragments["report-googlenet-block"]
    body = [line for line in tex.splitlines() if not line.startswith("%")]
    assert any(r"\noindent Layer notes: " in line for line in body)
    assert not any("%" in line.replace(r"\%", "") for line in body)
    from costcalc.api import report
    alexnet = report("alexnet", 224, fmt="latex").splitlines()
    assert any(r"\item{} " + tables.latex_text("[1] conv1: H and W: (224 − 11)/4") in line for line in alexnet)


def test_a_table_too_wide_even_in_scriptsize_is_split_into_parts_that_repeat_the_names():
    columns = [tables.Column("layer")] + [tables.Column(f"column {i}", "right") for i in range(30)]
    rows = [["conv1", *(f"{10**9 + i:,}" for i in range(30))]]
    tex = tables.latex(columns, rows, "wide", "tab:wide")
    whole, parts = tex.split(r"\else")[1], tex.split(r"\else")[0]
    assert whole.count(r"\begin{longtable}") == 1 and parts.count(r"\begin{longtable}") > 1
    assert parts.count("conv1 &") == parts.count(r"\begin{longtable}")  # every part names the row
    assert "part 1 of" in parts and r"\label{tab:wide}" in parts and r"\label{tab:wide-2}" in parts


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex not installed (Debian: texlive-latex-base, "
                                             "texlive-latex-recommended)")
@pytest.mark.parametrize("geometry", ["", r"\usepackage[a4paper,margin=20mm]{geometry}"],
                         ids=["article-345pt", "a4-20mm-482pt"])
def test_fragments_compile_and_every_table_fits_the_text_width(fragments, geometry, tmp_path):
    if geometry and subprocess.run(["kpsewhich", "geometry.sty"], capture_output=True, check=False).returncode:
        pytest.skip("geometry.sty not installed")
    for name, tex in fragments.items():
        (tmp_path / f"{name}.tex").write_text(tex, encoding="utf-8")
    body = "\n".join(rf"\input{{{name}}}\clearpage" for name in fragments)
    (tmp_path / "doc.tex").write_text(DOCUMENT % {"geometry": geometry, "body": body}, encoding="utf-8")
    run = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    log = (tmp_path / "doc.log").read_text(encoding="latin-1")
    assert run.returncode == 0, "\n".join(line for line in log.splitlines() if line.startswith("!"))[:2000]
    assert (tmp_path / "doc.pdf").stat().st_size > 10_000
    too_wide = [line for line in log.splitlines() if line.startswith("Overfull \\hbox") and "in alignment" in line]
    assert too_wide == [], too_wide[:5]
    assert "Unicode character" not in log and "Undefined control sequence" not in log
