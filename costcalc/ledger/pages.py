"""reports/: the paper ledger as one Markdown page per source table, an index, and handouts.

``build(directory)`` evaluates every figure of the ledger (costcalc/ledger/families/), puts each
on the page its ``table`` names, and writes one page per table, an index (README.md) and the
teaching handouts (handouts/*.md, *.svg, *.html). ``check(directory)`` rebuilds into a temporary
directory and reports every file that differs, is missing, or is left over from an older build:
CI runs it, so the committed reports/ always matches the code.
With ``readme``, ``build`` also rewrites the summary table between the README's
``<!-- ledger-summary:start -->`` and ``<!-- ledger-summary:end -->`` markers, and ``check``
verifies it is what a fresh build would write.

Every page is declared in ``TABLES`` (id = file name, title, what it holds); a figure names its
page by id, and a figure naming no declared page is an error. Every page is listed in the
index, with "no figures yet" until some figure is on it.
"""

from __future__ import annotations

import filecmp
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import OptionError, SpecError
from ..handout import handout_files, write_handouts
from ..output import ensure_inside, write_if_changed
from .families import figures_by_family, not_computable_by_family
from .model import VERDICTS, verdict
from .render import LEGEND, compare_data, markdown_tables, pipe_table, summary_line
from .sources import DOCUMENTS

README_START = "<!-- ledger-summary:start -->"
README_END = "<!-- ledger-summary:end -->"


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    about: str


_CHOI = "최건호's slides 'Convolutional Neural Network -Advanced-' (2017)"
TABLES = [
    Table("alexnet-conv1", "AlexNet conv1 worked example",
          f"{_CHOI} work through AlexNet's first layer (output size on 224 and on 227, "
          "parameters, output values, bytes) and the 4096→4096 fully-connected layer."),
    Table("vgg16-memory", "VGG-16 memory and weights (cs231n table)",
          f"The cs231n notes' per-layer VGG-16 table as {_CHOI} print it: output values per layer "
          "('memory', input included, biases left out) and weights, then the totals."),
    Table("googlenet-table-1", "GoogLeNet Table 1",
          "Szegedy et al. 2015, Table 1: one row per layer or inception module, with params "
          "and ops columns (reproduced in 김준영's and 최건호's slides)."),
    Table("resnet-table-1", "ResNet Table 1 (FLOPs)",
          "He et al. 2016, Table 1: blocks per stage and the FLOPs row (multiply-adds) for "
          "18 to 152 layers (reproduced in 김준영's slides)."),
    Table("mobilenet-table-2", "MobileNet Table 2 (resource per layer type)",
          "Howard et al. 2017, Table 2: share of mult-adds and parameters per layer type."),
    Table("mobilenet-table-4", "MobileNet Table 4 (depthwise separable vs full convolution)",
          "Howard et al. 2017, Table 4: Conv MobileNet vs MobileNet."),
    Table("mobilenet-table-6", "MobileNet Table 6 (width multiplier)",
          "Howard et al. 2017, Table 6: α = 1, 0.75, 0.5, 0.25 at 224."),
    Table("mobilenet-table-7", "MobileNet Table 7 (resolution multiplier)",
          "Howard et al. 2017, Table 7: ρ = 224, 192, 160, 128 at α = 1."),
    Table("mobilenet-table-8", "MobileNet Table 8 (comparison to popular models)",
          "Howard et al. 2017, Table 8: MobileNet, GoogLeNet and VGG 16."),
    Table("shufflenet-table-1", "ShuffleNet Table 1 (architecture and complexity)",
          "Zhang et al. 2018, Table 1: output channels per stage and complexity for g = 1 to 8."),
    Table("shufflenet-scale", "ShuffleNet complexity by scale",
          "Zhang et al. 2018: complexity by scale factor and groups, and the models it is "
          "compared with (AlexNet, MobileNet)."),
    Table("memory-per-model", "Memory per model",
          f"The 'Memory Per Model' table of {_CHOI}: size of the float32 weights in MB."),
    Table("alexnet-other", "AlexNet: other quoted figures", ""),
    Table("googlenet-other", "GoogLeNet: other quoted figures", ""),
    Table("inception-other", "Inception: other quoted figures", ""),
    Table("lenet-other", "LeNet: other quoted figures", ""),
    Table("mobilenet-other", "MobileNet: other quoted figures", ""),
    Table("mobilenet-table-1", "MobileNet Table 1", ""),
    Table("resnet-other", "ResNet: other quoted figures", ""),
    Table("squeezenet-table-1", "SqueezeNet Table 1", ""),
    Table("vgg-other", "VGG: other quoted figures", ""),
    Table("vgg-table-1", "VGG Table 1", ""),
    Table("resnext-table-1", "ResNeXt Table 1 (ResNet-50 vs ResNeXt-50 32×4d)",
          "Xie et al. 2017, Table 1: output sizes, the stage cells and # params / FLOPs of ResNet-50 "
          "and ResNeXt-50 (32×4d); Section 3.4's block parameter counts (Eq. 4)."),
    Table("densenet-table-1", "DenseNet Table 1 (ImageNet architectures)",
          "Huang et al. 2017, Table 1: output sizes and layers per dense block of DenseNet-121, -169, "
          "-201 and -264, growth rate k = 32."),
    Table("xception-figure-5", "Xception Figure 5 (entry, middle and exit flow)",
          "Chollet 2017, Figure 5: the flows' convolutions and the middle flow's repeats."),
    Table("xception-table-1", "Xception Table 1 (ImageNet classification)",
          "Chollet 2017, Table 1: single crop, single model top-1 accuracy."),
    Table("xception-table-3", "Xception Table 3 (size and training speed)",
          "Chollet 2017, Table 3: Xception's parameter count."),
    Table("senet-table-1", "SENet Table 1 (SE-ResNet-50)",
          "Hu et al. 2018, Table 1, middle column: SE-ResNet-50's stages, each block's two fc "
          "widths and the blocks per stage."),
    Table("senet-table-2", "SENet Table 2 (single-crop error and GFLOPs)",
          "Hu et al. 2018, Table 2: GFLOPs (multiply-adds) of ResNet and SE-ResNet, and SE-ResNet-50's "
          "top-1 error."),
    Table("senet-table-10", "SENet Table 10 (reduction ratio r)",
          "Hu et al. 2018, Table 10: SE-ResNet-50's parameters at r = 4, 8, 16, 32 and ResNet-50's."),
    Table("mobilenetv2-table-2", "MobileNetV2 Table 2 (the body)",
          "Sandler et al. 2018, Table 2: per row the expansion t, channels c, repeats n and first "
          "stride s."),
    Table("mobilenetv2-table-4", "MobileNetV2 Table 4 (ImageNet comparison)",
          "Sandler et al. 2018, Table 4: MobileNetV2's parameters and multiply-adds."),
    Table("mobilenetv3-table-1", "MobileNetV3 Table 1 (MobileNetV3-Large)",
          "Howard et al. 2019, Table 1: per row the kernel, exp size, #out and stride."),
    Table("mobilenetv3-table-2", "MobileNetV3 Table 2 (MobileNetV3-Small)",
          "Howard et al. 2019, Table 2: per row the kernel, exp size, #out and stride."),
    Table("mobilenetv3-table-3", "MobileNetV3 Table 3 (classification results)",
          "Howard et al. 2019, Table 3: MAdds and parameters of MobileNetV3-Large and -Small 1.0."),
    Table("shufflenetv2-table-5", "ShuffleNet V2 Table 5 (overall architecture)",
          "Ma et al. 2018, Table 5: output sizes, repeats and output channels of the 0.5×, 1×, 1.5× "
          "and 2× nets, their FLOPs and # of weights (the authors' README prints the same)."),
    Table("efficientnet-table-1", "EfficientNet Table 1 (EfficientNet-B0)",
          "Tan & Le 2019, Table 1: per stage the operator, resolution, #channels and #layers."),
    Table("efficientnet-table-2", "EfficientNet Table 2 (B0 to B7)",
          "Tan & Le 2019, Table 2: #Params and #FLOPs of EfficientNet-B0 … B7, and their top-1 accuracy."),
    Table("wrn-table-1", "Wide ResNet Table 1 (WRN-28-10)",
          "Zagoruyko & Komodakis 2016, Table 1 at d = 28, k = 10: output sizes, group widths and "
          "blocks per group."),
    Table("wrn-parameter-counts", "Wide ResNet: parameter counts",
          "Zagoruyko & Komodakis 2016: the parameter counts its results tables print."),
    Table("convnext-table-9", "ConvNeXt Table 9 (detailed architectures)",
          "Liu et al. 2022, Table 9: per stage the channels C and blocks of ConvNeXt-T, -S and -B."),
    Table("convnext-results", "ConvNeXt: ImageNet-1K models",
          "The ConvNeXt authors' table of released ImageNet-1K models (#params, FLOPs, acc@1), as "
          "their README prints it."),
    Table("regnet-model-zoo", "RegNetX-400MF (pycls model zoo)",
          "The RegNet authors' model zoo (pycls MODEL_ZOO.md): flops, params and top-1 error of "
          "RegNetX-400MF."),
    Table("torchvision-weights", "torchvision's published weights",
          "torchvision's documentation of each model's ImageNet weights: acc@1 (the landscape plot's "
          "accuracies) and num_params of the released DenseNets."),
]


def _page_of(record) -> str:
    """The page a record names; a name no page has is a one-line error."""
    known = [t.id for t in TABLES]
    if record.table not in known:
        what = getattr(record, "title", None) or f"{record.model} {record.what}"
        raise SpecError(what, "a ledger record names its report page", " | ".join(known), repr(record.table))
    return record.table


@dataclass
class Section:
    """One report: its table id, title, and the ledger data (costcalc.compare schema)."""

    id: str
    title: str
    about: str
    data: dict


def sections() -> list[Section]:
    """Every page of TABLES in order (empty ones too), each with the records that name it."""
    verdicts = [(fam, verdict(f)) for fam, f in figures_by_family()]
    not_computable = not_computable_by_family()
    for record in [*(v.figure for _, v in verdicts), *(n for _, n in not_computable)]:
        _page_of(record)
    return [Section(t.id, t.title, t.about,
                    compare_data([(fam, v) for fam, v in verdicts if v.figure.table == t.id],
                                 [(fam, n) for fam, n in not_computable if n.table == t.id]))
            for t in TABLES]


def _empty(section: Section) -> bool:
    return not section.data["figures"] and not section.data["not_computable"]


_GENERATED = "Generated by `costcalc reports build`: do not edit; a spec change shows up here."
_ROUNDING = ("A printed figure stands for the interval its last digit implies ('138M' is 137.5M "
             "to 138.5M, '34,944' is exact) unless the row's reason says the source rounds "
             "coarser; K/M/G are powers of 1000 unless the reason says binary.")


def page(section: Section) -> str:
    """The Markdown file for one table."""
    legend = "\n".join(f"- **{k}**: {v}" for k, v in LEGEND.items())
    parts = [f"# {section.title}", *([section.about] if section.about else []), _GENERATED,
             f"**{summary_line(section.data['counts'])}**",
             markdown_tables(section.data) if not _empty(section) else "No figures yet.",
             f"{_ROUNDING} Verdicts:\n\n{legend}"]
    return "\n\n".join(parts) + "\n"


def summary_table(all_sections: list[Section], link_base: str = "") -> str:
    """The index table: one line per report with its counts per verdict."""
    head = ["report", "figures", *VERDICTS, "not computable"]
    rows, totals = [], [0] * (len(head) - 1)
    for s in all_sections:
        c = s.data["counts"]
        if _empty(s):
            rows.append([s.title, "no figures yet", *[""] * (len(head) - 2)])
            continue
        cells = [sum(c[v] for v in VERDICTS), *(c[v] for v in VERDICTS), c["not_computable"]]
        totals = [t + n for t, n in zip(totals, cells)]
        shown = [f"**{n}**" if v == "mismatch" and n else str(n)
                 for v, n in zip(["figures", *VERDICTS, "not computable"], cells)]
        rows.append([f"[{s.title}]({link_base}{s.id}.md)", *shown])
    rows.append(["**total**", *(f"**{n}**" for n in totals)])
    return pipe_table(head, rows, ["left"] + ["right"] * (len(head) - 1))


LANDSCAPE = "landscape.svg"   # the complexity landscape (costcalc plot --kind landscape), beside the pages


def index(all_sections: list[Section], handouts: list[str], plots: list[str] = ()) -> str:
    legend = "\n".join(f"- **{k}**: {v}" for k, v in LEGEND.items())
    cited = {d["key"] for s in all_sections for d in s.data["documents"]}
    sources = "\n".join(f"- {d.reference}" for d in DOCUMENTS if d.key in cited)
    parts = ["# Paper ledger", "Every figure our sources print (the course material's slides and notes, "
             "and the papers' tables), computed from the specs and judged. " + _GENERATED,
             summary_table(all_sections), f"{_ROUNDING} Verdicts:\n\n{legend}",
             f"Sources cited (each page lists its own):\n\n{sources}",
             ("JSON of the same rows: `costcalc compare --all --format json` (schema in "
              "costcalc/ledger/render.py).")]
    if plots:
        parts.append("Plots:\n\n" + "\n".join(f"- [{p}]({p}): ImageNet top-1 accuracy against MACs, circle area "
                                               "∝ parameters, every built-in ImageNet model with a top-1 record "
                                               "(`costcalc plot --kind landscape`)" for p in plots))
    if handouts:
        parts.append("Handouts:\n\n" + "\n".join(f"- [{h}]({h})" for h in handouts))
    return "\n\n".join(parts) + "\n"


def readme_section(all_sections: list[Section], link_base: str) -> str:
    """What goes between the README's ledger-summary markers."""
    return (f"{README_START}\n{summary_table(all_sections, link_base)}\n\n"
            f"Generated by `costcalc reports build`; the reports are in "
            f"[{link_base or './'}]({link_base or './'}).\n{README_END}")


SAMPLE_START, SAMPLE_END = "<!-- sample:alexnet:start -->", "<!-- sample:alexnet:end -->"


def sample_section() -> str:
    """The README's sample: the head of `costcalc report alexnet` and two of its totals, so the
    README shows what the code prints today, not what it printed when someone pasted it."""
    from ..engine import analyze
    from ..registry import get_model
    from ..report import render
    lines = render(analyze(get_model("alexnet").network())).splitlines()
    totals = [line for line in lines if line.startswith(("parameters ", "MACs "))]
    body = "\n".join([*lines[:11], "...", *totals])
    return f"{SAMPLE_START}\n```text\n{body}\n```\n{SAMPLE_END}"


def _replace_between(text: str, start_marker: str, end_marker: str, section: str) -> str | None:
    start, end = text.find(start_marker), text.find(end_marker)
    if start < 0 or end < start:
        return None
    return text[:start] + section + text[end + len(end_marker):]


def _replace_section(text: str, readme: Path, section: str) -> str:
    """The README with its ledger summary replaced (required markers) and, where it has the
    sample markers, its sample regenerated."""
    new = _replace_between(text, README_START, README_END, section)
    if new is None:
        raise OptionError("--readme", "the README has no ledger summary markers",
                          f"{README_START} ... {README_END}", str(readme))
    with_sample = _replace_between(new, SAMPLE_START, SAMPLE_END, sample_section())
    return new if with_sample is None else with_sample


def _link_base(directory: Path, readme: Path) -> str:
    rel = os.path.relpath(directory.resolve(), readme.resolve().parent).replace(os.sep, "/")
    return "" if rel == "." else rel.rstrip("/") + "/"


def update_readme(readme: Path, directory: Path, all_sections: list[Section] | None = None) -> bool:
    """Rewrite the marked section of ``readme`` with the summary table (links into ``directory``).
    Returns True when the file changed."""
    text = readme.read_text(encoding="utf-8")
    new = _replace_section(text, readme, readme_section(all_sections or sections(),
                                                        _link_base(directory, readme)))
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


@dataclass
class Built:
    paths: list[Path]
    counts: dict




MANIFEST = ".costcalc-manifest"
_MANIFEST_HEAD = "# files written by `costcalc reports build`; the next build deletes only these\n"


def _manifest(directory: Path) -> set[Path]:
    """The files an earlier build wrote here, as it recorded them (none when it left no record)."""
    path = directory / MANIFEST
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {Path(line) for line in lines if line and not line.startswith("#")}


def _stale(directory: Path, produced: set[Path]) -> list[Path]:
    """Files the last build wrote (its manifest) that this one does not: a table whose figures
    moved away, a handout no longer made. Nothing else in the directory is ever touched."""
    root = directory.resolve()
    return sorted(directory / rel for rel in _manifest(directory) - produced
                  if (directory / rel).is_file() and not (directory / rel).is_symlink()
                  and (directory / rel).resolve().is_relative_to(root))


def build(directory: Path, readme: Path | None = None) -> Built:
    """Write every report, the index and the handouts into ``directory``, and a manifest of
    them; with ``readme``, also rewrite its marked summary section. Deletes only files the last
    build's manifest lists; refuses to write through a symlink leading out of ``directory``."""
    directory = Path(directory)
    if readme is not None:  # no markers: fail before writing anything
        _replace_section(Path(readme).read_text(encoding="utf-8"), Path(readme), "")
    if directory.exists() and not directory.is_dir():
        raise OptionError("DIRECTORY", "the reports go into a directory", "a directory path",
                          f"{directory} is a file")
    all_sections = sections()
    pages = [directory / f"{s.id}.md" for s in all_sections if not _empty(s)]
    targets = [*pages, directory / "README.md", directory / LANDSCAPE, directory / MANIFEST,
               *handout_files(directory / "handouts")]
    if directory.exists():
        ensure_inside(directory, targets, "reports build")
    directory.mkdir(parents=True, exist_ok=True)
    for path, s in zip(pages, [s for s in all_sections if not _empty(s)]):
        write_if_changed(path, page(s))
    handouts = sorted(directory / Path(h).resolve().relative_to(directory.resolve())
                      for h in write_handouts(directory / "handouts"))
    from ..plots import figure_bytes, plot_landscape   # matplotlib only when reports are built
    write_if_changed(directory / LANDSCAPE, figure_bytes(plot_landscape(), "svg"))
    write_if_changed(directory / "README.md", index(all_sections, [h.relative_to(directory).as_posix()
                                                         for h in handouts], [LANDSCAPE]))
    paths = [*pages, directory / "README.md", directory / LANDSCAPE, *handouts]
    produced = {p.relative_to(directory) for p in paths}
    for stale in _stale(directory, produced):
        stale.unlink()
    write_if_changed(directory / MANIFEST, _MANIFEST_HEAD + "".join(f"{p.as_posix()}\n" for p in sorted(produced)))
    if readme is not None:
        update_readme(Path(readme), directory, all_sections)
    counts = {k: sum(s.data["counts"][k] for s in all_sections) for k in [*VERDICTS, "not_computable"]}
    return Built([*paths, directory / MANIFEST], counts)


def check(directory: Path, readme: Path | None = None) -> list[str]:
    """Rebuild into a temporary directory and compare: one line per file that drifted."""
    directory = Path(directory)
    if not directory.is_dir():
        return [f"{directory}: no such directory; run `costcalc reports build {directory}`"]
    problems = []
    with tempfile.TemporaryDirectory(prefix="costcalc-reports-") as tmp:
        fresh = Path(tmp)
        built = build(fresh)
        produced = {p.relative_to(fresh) for p in built.paths}
        for rel in sorted(produced):
            mine = directory / rel
            if not mine.is_file():
                problems.append(f"{mine}: missing; run `costcalc reports build {directory}`")
            elif not filecmp.cmp(mine, fresh / rel, shallow=False):
                problems.append(f"{mine}: differs from a fresh build; run `costcalc reports build "
                                f"{directory}` and review the diff")
        for path in _stale(directory, produced):
            problems.append(f"{path}: not produced by the build any more; `costcalc reports build "
                            f"{directory}` deletes it")
    if readme is not None:
        readme = Path(readme)
        text = readme.read_text(encoding="utf-8")
        expected = _replace_section(text, readme, readme_section(sections(), _link_base(directory, readme)))
        if expected != text:
            problems.append(f"{readme}: the ledger summary or sample section is out of date; run "
                            f"`costcalc reports build {directory} --readme {readme}`")
    return problems
