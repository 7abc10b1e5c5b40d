"""The complexity landscape: accuracies are ledger records (one per model, each with its
source), every built-in ImageNet model is drawn or named as left out, circle area ∝ params,
labels do not overlap, and `costcalc plot --kind landscape` writes it."""

from collections import Counter
from fractions import Fraction

import pytest
from matplotlib.text import Text

from conftest import analysis_of
from costcalc import ledger
from costcalc.ledger.families import accuracy
from costcalc.ledger.sources import Citation
from costcalc.plots import figure_bytes, plot_landscape
from costcalc.registry import builtin_models


def test_one_top1_record_per_model_each_with_a_source():
    top1 = [r for r in ledger.not_computable() if r.what in (accuracy.TOP1, accuracy.TOP1_ERROR)]
    assert top1 == [r for r in accuracy.NOT_COMPUTABLE]           # all of them in the accuracy module
    assert max(Counter(r.model for r in top1).values()) == 1
    assert {r.model for r in top1} <= set(builtin_models())
    assert all(isinstance(c, Citation) for r in top1 for c in r.source)
    assert len(top1) == 51


@pytest.mark.parametrize("model, percent", [
    ("resnet50-v1.5", Fraction("76.13")),        # torchvision's acc@1 as its page prints it
    ("efficientnet-b0", Fraction("77.1")),       # Tan & Le, Table 2: "77.1%"
    ("xception", Fraction(79)),                  # Chollet, Table 1: "0.790", a fraction
    ("se-resnet50", 100 - Fraction("23.29")),    # Hu et al., Table 2: top-1 error "23.29"
    ("regnetx-400mf", 100 - Fraction("27.3")),   # pycls model zoo: error (top-1) "27.3"
])
def test_a_record_reads_as_a_percentage(model, percent):
    assert accuracy.top1_percent(accuracy.records()[model]) == percent


def test_every_builtin_imagenet_model_is_drawn_or_left_out():
    points, left_out = accuracy.landscape()
    drawn = [p.model for p in points]
    assert set(drawn) == set(accuracy.records()) and not set(drawn) & set(left_out)
    imagenet = {n for n in builtin_models() if analysis_of(n).rows()[-1].output_shape[0] == 1000}
    assert set(drawn) | set(left_out) == imagenet
    assert {"nin", "resnet50", "densenet264", "shufflenet"} <= set(left_out)   # no record: named
    assert "lenet5" not in imagenet and "wrn-28-10" not in imagenet           # 10 classes: not ImageNet
    b0 = next(p for p in points if p.model == "efficientnet-b0")
    assert (b0.macs, b0.params) == (385_814_752, 5_288_548)                   # at its own 224×224


def test_named_models_only_and_the_left_out_ones_listed():
    points, left_out = accuracy.landscape(("se-resnet50", "nin", "mobilenetv2"))
    assert [p.model for p in points] == ["se-resnet50", "mobilenetv2"] and left_out == ["nin"]


@pytest.fixture(scope="module")
def figure():
    return plot_landscape()


def test_circle_area_is_proportional_to_params(figure):
    points, _ = accuracy.landscape()
    params = {p.model: p.params for p in points}
    ax = figure.axes[0]
    names = [t.get_text() for t in ax.texts]
    sizes = ax.collections[0].get_sizes()
    ratios = {round(s / params[n] * 1e6, 6) for n, s in zip(names, sizes)}
    assert len(names) == 51 and len(ratios) == 1          # one points² per parameter for all


def test_labels_do_not_overlap_and_stay_inside(figure):
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    boxes = [Text.get_window_extent(t, renderer) for t in ax.texts]
    frame = ax.get_window_extent(renderer)
    assert [(i, j) for i in range(len(boxes)) for j in range(i) if boxes[i].overlaps(boxes[j])] == []
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1 for b in boxes)


def test_the_caption_names_the_left_out_models(figure):
    caption = " ".join(t.get_text() for t in figure.texts).replace("\n", " ")
    assert figure.left_out and all(name in caption for name in figure.left_out)


def test_the_same_models_give_the_same_bytes():
    first = figure_bytes(plot_landscape(("mobilenetv2", "resnet18")), "svg")
    assert first == figure_bytes(plot_landscape(("mobilenetv2", "resnet18")), "svg")


def test_cli_writes_the_landscape_and_lists_the_left_out(run, tmp_path):
    path = tmp_path / "landscape.png"
    result = run("plot", "--kind", "landscape", "se-resnet50", "nin", "-o", str(path))
    assert result.exit_code == 0 and path.read_bytes()[:4] == b"\x89PNG"
    assert "left out (no ImageNet top-1 record in the ledger): nin" in result.stderr


@pytest.mark.parametrize("args, message", [
    (("plot", "--kind", "compare"),
     "Error: MODEL: --kind compare draws the models named; expected MODEL [MODEL ...]; received no model"),
    (("plot", "--kind", "landscape", "--input", "160"),
     "Error: --kind landscape: the landscape draws every model as built, at its own input; expected no "
     "--input and no -O; received 160"),
    (("plot", "--kind", "landscape", "nin"),
     "Error: --kind landscape: no model to draw has an ImageNet top-1 record in the ledger; expected a "
     "built-in ImageNet model with published weights; received nin"),
])
def test_errors_are_one_line(run, tmp_path, args, message):
    result = run(*args, "-o", str(tmp_path / "x.png"))
    assert result.exit_code == 2 and result.output.strip() == message
