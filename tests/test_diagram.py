"""`costcalc graph`: Mermaid, DOT and costcalc's own SVG of a network's graph."""

import re
import xml.etree.ElementTree as ET

import pytest

from costcalc import analyze
from costcalc.cli.graph import FORMATS as CLI_FORMATS
from costcalc.diagram import FORMATS, boxes, render_graph


def test_cli_formats_are_the_libraries():
    assert CLI_FORMATS == FORMATS


def test_mermaid_has_one_box_per_node_and_one_arrow_per_edge():
    a = analyze("examples/tiny_resnet.py")
    text = render_graph(a, "mermaid")
    edges = sum(len(r.inputs) for r in a.rows())
    assert text.count("-->") == edges and len(re.findall(r'^  n\d+\["', text, re.M)) == len(a.names)


def test_an_inception_module_shows_its_four_branches():
    a = analyze("googlenet")
    dot = render_graph(a, "dot")
    concat = next(r for r in a.rows() if r.name == "inception_3a/output")
    assert len(concat.inputs) == 4                                  # Szegedy et al. 2015, Figure 2(b)
    ids = {name: f"n{i}" for i, name in enumerate(a.names)}
    assert all(f"{ids[s]} -> {ids['inception_3a/output']};" in dot for s in concat.inputs)


def test_grouped_boxes_sum_their_layers_and_keep_the_residual_edges():
    a = analyze("resnet50")
    items = boxes(a, "block")
    block = next(b for b in items if b.id == "conv3_x/block1")
    assert block.inputs == ["conv2_x/block3"]
    macs = sum(r.macs for r in a.rows() if r.name.startswith("conv3_x/block1/"))
    assert any(line == f"{macs / 1e6:.2f}M MACs" for line in block.lines)


def test_svg_is_well_formed_and_draws_every_box():
    a = analyze("googlenet")
    svg = render_graph(a, "svg", group_by="block")
    root = ET.fromstring(svg)
    rects = root.findall("{http://www.w3.org/2000/svg}g/{http://www.w3.org/2000/svg}rect")
    assert len(rects) == len(boxes(a, "block"))


def test_svg_boxes_do_not_overlap():
    a = analyze("googlenet")
    svg = render_graph(a, "svg")
    found = [tuple(float(v) for v in m) for m in
             re.findall(r'<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)]
    for i, (x1, y1, w1, h1) in enumerate(found):
        for x2, y2, w2, h2 in found[i + 1:]:
            assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1


def test_bad_grouping_and_format_are_one_line_errors(run):
    result = run("graph", "vgg16", "--format", "png")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    from costcalc.errors import OptionError
    with pytest.raises(OptionError, match=r"^--group-by: a graph groups by scope; expected stage \| block \| scope"):
        render_graph(analyze("vgg16"), "mermaid", "type")


def test_readme_graph_sample_is_what_costcalc_prints(run):
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    sample = readme.split("<!-- graph-sample:start -->\n```mermaid\n")[1].split("```\n<!-- graph-sample:end -->")[0]
    assert sample == run("graph", "examples/tiny_resnet.py").stdout
