"""reports/: one Markdown file per source table, the index, determinism, drift and the README."""

from dataclasses import replace
from pathlib import Path

import re

import pytest

from costcalc.errors import OptionError, SpecError
from costcalc.ledger import Figure, NotComputable
from costcalc.ledger import pages as reports
from costcalc.ledger.families import googlenet as googlenet_figures
from costcalc.ledger.families import lenet as lenet_figures
from costcalc.ledger.families import vgg as vgg_figures


@pytest.fixture
def handouts(monkeypatch):
    """A quick stand-in for costcalc.handout.write_handouts (tested with its own issue); the
    real one runs in test_real_build_with_handouts_is_deterministic."""
    def write_handouts(directory: Path) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "alexnet.md"
        path.write_text("# AlexNet handout\n", encoding="utf-8")
        return [path]
    monkeypatch.setattr(reports, "write_handouts", write_handouts)


# --- which page a record goes to -------------------------------------------------------------------

# The pages reports/ had before every figure named its own: their file names stay, so links hold.
PAGES_LINKED_TO = ["alexnet-conv1", "vgg16-memory", "googlenet-table-1", "resnet-table-1",
                   "mobilenet-table-2", "mobilenet-table-4", "mobilenet-table-6", "mobilenet-table-7",
                   "mobilenet-table-8", "shufflenet-table-1", "shufflenet-scale", "memory-per-model",
                   "alexnet-other", "googlenet-other", "lenet-other", "mobilenet-other",
                   "mobilenet-table-1", "resnet-other", "squeezenet-table-1", "vgg-other", "vgg-table-1"]


def test_every_page_linked_to_before_is_still_declared():
    assert set(PAGES_LINKED_TO) <= {t.id for t in reports.TABLES}
    assert len({t.id for t in reports.TABLES}) == len(reports.TABLES)


def test_a_record_goes_to_the_page_it_names_whatever_its_source_says(monkeypatch):
    # the source talks of the memory table and of Table 8; the figure says vgg-other, and wins
    odd = Figure("vgg19", "params", "144M", "the 'Memory Per Model' table; MobileNet Table 8",
                 table="vgg-other", label="placed by name")
    monkeypatch.setattr(vgg_figures, "FIGURES", [odd])
    monkeypatch.setattr(vgg_figures, "NOT_COMPUTABLE", [])
    placed = {s.id: [r["figure"] for r in s.data["figures"]] for s in reports.sections()}
    assert [p for p, figures in placed.items() if "placed by name" in figures] == ["vgg-other"]


@pytest.mark.parametrize("record", [
    Figure("vgg16", "params", "138M", "anywhere", table="vgg16-table-9", label="lost figure"),
    NotComputable("vgg16", "lost record", "1%", "anywhere", "r", table="vgg16-table-9"),
])
def test_a_record_naming_no_page_is_a_one_line_error(monkeypatch, record):
    name = "FIGURES" if isinstance(record, Figure) else "NOT_COMPUTABLE"
    monkeypatch.setattr(vgg_figures, name, [*getattr(vgg_figures, name), record])
    with pytest.raises(SpecError, match=r"^(lost figure|vgg16 lost record): a ledger record names its "
                                        r"report page; expected alexnet-conv1 \| .*; received 'vgg16-table-9'$"):
        reports.sections()


def test_a_figure_without_a_page_cannot_be_declared():
    with pytest.raises(TypeError, match="table"):
        Figure("vgg16", "params", "138M", "anywhere")


# --- the pages and the index ---------------------------------------------------------------------

def test_every_listed_table_is_in_the_index_even_without_figures(monkeypatch):
    monkeypatch.setattr(googlenet_figures, "FIGURES", [])
    sections = reports.sections()
    assert [s.id for s in sections] == [t.id for t in reports.TABLES]
    summary = reports.summary_table(sections)
    assert "| GoogLeNet Table 1 | no figures yet |" in summary
    assert "| [AlexNet conv1 worked example](alexnet-conv1.md) | 15 | 13 | 0 | 0 | 2 | 0 | 0 |" in summary


def test_a_page_shows_the_figures_their_verdicts_and_the_documents_they_cite():
    section = next(s for s in reports.sections() if s.id == "alexnet-conv1")
    text = reports.page(section)
    assert text.startswith("# AlexNet conv1 worked example\n")
    assert "**15 figures: 13 match, 0 close, 0 variant, 2 erratum, 0 mismatch; 0 not computable**" in text
    assert "| conv1 parameters " in text and "34,944" in text
    assert "224 gives (224 − 11)/4 + 1 = 54.25" in text  # the erratum's one line
    sources = text.split("Sources:\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert sources == [
        "- 최건호 (2017-11-04). 'Convolutional Neural Network -Advanced-'. Lecture slides, on the "
        "ImageNet winners (LeNet, AlexNet, ZFNet), VGG, GoogLeNet and ResNet; its VGG-16 table is the "
        "cs231n notes' 'VGGNet in detail' (Andrej Karpathy, 'Convolutional Neural Networks (CNNs / "
        "ConvNets)', https://cs231n.github.io/convolutional-networks/). No public address known. Title, "
        "date and author from its first slide.",
        "- Alex Krizhevsky, Ilya Sutskever, Geoffrey E. Hinton (2012). 'ImageNet Classification with "
        "Deep Convolutional Neural Networks'. Paper, Advances in Neural Information Processing Systems 25 "
        "(NIPS 2012). https://papers.nips.cc/paper_files/paper/2012/hash/"
        "c399862d3b9d6b76c8436e924a68c45b-Abstract.html."]


def test_build_writes_one_file_per_table_and_is_byte_identical(tmp_path, handouts):
    first = reports.build(tmp_path / "a")
    second = reports.build(tmp_path / "b")
    names = sorted(p.relative_to(tmp_path / "a").as_posix() for p in first.paths)
    assert names == sorted(p.relative_to(tmp_path / "b").as_posix() for p in second.paths)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    for table in ("alexnet-conv1.md", "vgg16-memory.md", "memory-per-model.md", "README.md"):
        assert table in names
    assert "handouts/alexnet.md" in names
    index = (tmp_path / "a" / "README.md").read_text()
    assert "[handouts/alexnet.md](handouts/alexnet.md)" in index
    assert first.counts["mismatch"] == 0


def test_check_names_each_drifted_file(tmp_path, handouts):
    out = tmp_path / "reports"
    reports.build(out)
    assert reports.check(out) == []
    (out / "alexnet-conv1.md").write_text("edited by hand\n")
    (out / "vgg16-memory.md").unlink()
    stale = out / "old-table.md"  # a table an earlier build wrote (its manifest says so), now empty
    stale.write_text(f"# Old table\n\n{reports._GENERATED}\n")
    with (out / reports.MANIFEST).open("a") as manifest:
        manifest.write("old-table.md\n")
    (out / "notes.md").write_text("a file of the user's, not ours\n")
    problems = reports.check(out)
    assert len(problems) == 4   # the three files, and the manifest that lists the stale one
    assert any(f"{reports.MANIFEST}: differs from a fresh build" in p for p in problems)
    assert any("alexnet-conv1.md: differs from a fresh build" in p for p in problems)
    assert any("vgg16-memory.md: missing" in p for p in problems)
    assert any("old-table.md: not produced by the build any more" in p for p in problems)
    reports.build(out)  # rebuilding repairs them all and leaves the user's file alone
    assert reports.check(out) == [] and not stale.exists() and (out / "notes.md").exists()


def test_a_changed_figure_shows_up_as_drift(tmp_path, handouts, monkeypatch):
    out = tmp_path / "reports"
    reports.build(out)
    changed = [replace(f, printed="157") if f.node == "C1" else f for f in lenet_figures.FIGURES]
    monkeypatch.setattr(lenet_figures, "FIGURES", changed)  # C1 has 6*(5*5 + 1) = 156
    problems = reports.check(out)
    assert [Path(p.split(":")[0]).name for p in problems] == ["README.md", "lenet-other.md"]


# --- the README's generated section -----------------------------------------------------------------

README = "# costcalc\n\nintro\n\n<!-- ledger-summary:start -->\nold\n<!-- ledger-summary:end -->\n\nmore\n"


def test_readme_section_is_rewritten_between_the_markers(tmp_path, handouts):
    readme = tmp_path / "README.md"
    readme.write_text(README)
    reports.build(tmp_path / "reports", readme)
    text = readme.read_text()
    assert text.startswith("# costcalc\n\nintro\n\n<!-- ledger-summary:start -->\n| report |")
    assert text.endswith("<!-- ledger-summary:end -->\n\nmore\n") and "old" not in text
    assert "[AlexNet conv1 worked example](reports/alexnet-conv1.md)" in text
    assert reports.update_readme(readme, tmp_path / "reports") is False  # idempotent
    assert reports.check(tmp_path / "reports", readme) == []
    readme.write_text(README)
    assert any("ledger summary or sample section is out of date" in p
               for p in reports.check(tmp_path / "reports", readme))


def test_readme_sample_is_the_current_alexnet_report(tmp_path, handouts):
    readme = tmp_path / "README.md"
    readme.write_text(README + "\n<!-- sample:alexnet:start -->\nstale\n<!-- sample:alexnet:end -->\n")
    reports.update_readme(readme, tmp_path / "reports")
    text = readme.read_text()
    assert "stale" not in text
    assert "conv1    conv 11×11/4, 96    96×55×55       34,944" in text  # (11*11*3 + 1)*96
    # one-tower AlexNet, (k·k·C_in + 1)·C_out per layer: 34,944 + 614,656 + 885,120 + 1,327,488
    # + 884,992 + 37,752,832 + 16,781,312 + 4,097,000
    assert re.search(r"^parameters +62,378,344 +62.38M$", text, re.M)


def test_readme_without_markers_is_a_clear_error(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# costcalc\n")
    with pytest.raises(OptionError, match="no ledger summary markers"):
        reports.update_readme(readme, tmp_path / "reports")
    with pytest.raises(OptionError, match="no ledger summary markers"):
        reports.build(tmp_path / "reports", readme)
    assert not (tmp_path / "reports").exists()  # checked before anything is written


# --- the commands ----------------------------------------------------------------------------------

def test_reports_build_and_check_commands(run, tmp_path, handouts):
    out = tmp_path / "reports"
    result = run("reports", "build", str(out))
    assert result.exit_code == 0 and f"to {out}" in result.stdout
    assert run("reports", "check", str(out)).exit_code == 0
    (out / "memory-per-model.md").write_text("x\n")
    result = run("reports", "check", str(out))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        (f"drift: {out / 'memory-per-model.md'}: differs from a fresh build; run "
         f"`costcalc reports build {out}` and review the diff")]


def test_real_build_with_handouts_is_deterministic(run, tmp_path):
    out = tmp_path / "reports"
    assert run("reports", "build", str(out)).exit_code == 0
    assert (out / "handouts").is_dir()
    result = run("reports", "check", str(out))
    assert result.exit_code == 0, result.stderr


def test_check_of_a_missing_directory_is_one_line(tmp_path):
    assert reports.check(tmp_path / "nothere") == [
        f"{tmp_path / 'nothere'}: no such directory; run `costcalc reports build {tmp_path / 'nothere'}`"]


def test_a_build_deletes_only_what_its_manifest_lists(tmp_path, handouts):
    out = tmp_path / "reports"
    reports.build(out)
    mine = [out / "handouts" / "holiday.png", out / "notes.md",
            out / "looks-generated.md"]   # a page of the user's that quotes our generated line
    for path in mine:
        path.write_text(f"the user's own file\n{reports._GENERATED}\n")
    reports.build(out)
    assert all(path.exists() for path in mine)


def test_a_build_refuses_to_write_through_a_symlink_out_of_its_directory(tmp_path, handouts):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "reports"
    out.mkdir()
    (out / "handouts").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OptionError, match=r"^reports build: refusing to write through a symlink that "
                                          r"leads out of the directory; expected files inside "):
        reports.build(out)
    assert list(elsewhere.iterdir()) == []
    (out / "handouts").unlink()
    (out / "README.md").symlink_to(elsewhere / "README.md")
    with pytest.raises(OptionError, match="refusing to write through a symlink"):
        reports.build(out)
    assert not (elsewhere / "README.md").exists()
