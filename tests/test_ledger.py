"""The paper ledger: reading printed figures, every verdict path, and that the check can fail."""

from dataclasses import replace
from fractions import Fraction

import pytest

from costcalc.errors import SpecError
from costcalc.ledger import Figure, parse_printed, verdict
from costcalc.ledger.families import alexnet as alexnet_spec
from costcalc.ledger.families import vgg as vgg_spec

VGG16_PARAMS = 138_357_544  # torchvision vgg16, and the sum of the cs231n weight rows + biases


def _figure(spec, title: str) -> Figure:
    return next(f for f in spec.FIGURES if f.title == title)


# --- reading what is printed -------------------------------------------------------------------

def test_138M_means_137_5M_to_138_5M():
    p = parse_printed("138M")
    assert (p.low, p.high) == (137_500_000, 138_500_000)
    assert p.contains(VGG16_PARAMS)


def test_a_finer_printing_is_a_narrower_interval():
    p = parse_printed("138.4M")
    assert (p.low, p.high) == (138_350_000, 138_450_000)
    assert p.contains(VGG16_PARAMS)                      # 138.36M
    assert not parse_printed("138.3M").contains(VGG16_PARAMS)  # 138.25M..138.35M


def test_decimal_vs_binary_prefixes():
    squeezenet = 4 * 1_248_424  # (Iandola et al. 2016, Table 1 total) params × 4 B = 4,993,696
    decimal, binary = parse_printed("4.8 MB"), parse_printed("4.8 MB", units="binary")
    assert (decimal.low, decimal.high) == (4_750_000, 4_850_000)
    assert (binary.low, binary.high) == (Fraction(475 * 2**20, 100), Fraction(485 * 2**20, 100))
    assert not decimal.contains(squeezenet) and binary.contains(squeezenet)
    assert parse_printed("4.8 MiB").value == binary.value  # "MiB" is binary whatever units say


def test_other_printings():
    assert (parse_printed("2.7K").low, parse_printed("2.7K").high) == (2650, 2750)
    assert parse_printed("34,944").half_width == Fraction(1, 2)          # an exact count
    assert parse_printed("1.8 x10^9").value == 1_800_000_000            # ResNet's FLOPs row
    assert parse_printed("1.8 x10^9").half_width == 50_000_000
    assert parse_printed("94.86%").value == Fraction(9486, 100)          # percent points
    assert parse_printed("1,301,376 byte").value == 1_301_376
    assert parse_printed("1,301.376 KB").value == 1_301_376
    assert parse_printed("18 : 25").value == Fraction(18, 25)            # a ratio is exact
    assert parse_printed("18 : 25").half_width == 0
    assert parse_printed("5x5").value == 5                               # a 5×5 field


def test_dots_grouping_thousands_and_significant_digits():
    # cs231n's VGG-16 table prints "(3*3*512)*512 = 2.359.296" and "(3+3+3)+64 = 1.728"
    assert parse_printed("2.359.296", thousands=".").value == 2_359_296
    assert parse_printed("1.728", thousands=".").value == 1_728
    assert parse_printed("1.728").value == Fraction(1728, 1000)  # read plainly it is 1.728
    with pytest.raises(SpecError, match="thousands"):
        parse_printed("2.359.296")
    # "800K" for 112*112*64 = 802,816: the column rounds to two significant digits
    assert not parse_printed("800K").contains(802_816)
    assert parse_printed("800K", significant=2).contains(802_816)
    assert parse_printed("15,300M", significant=3).half_width == 50_000_000


def test_unreadable_printing_is_a_one_line_error():
    with pytest.raises(SpecError, match="a printed figure is a number"):
        parse_printed("about sixty million")


def test_as_printed_shows_computed_like_the_figure():
    assert parse_printed("138M").as_printed(VGG16_PARAMS) == "138.4M"
    assert parse_printed("16.8 MB").as_printed(67_125_248) == "67.13 MB"
    assert parse_printed("55").as_printed(54) == "54"
    assert parse_printed("18 : 25").as_printed(Fraction(36, 50)) == "18 : 25"


# --- each verdict ------------------------------------------------------------------------------

def test_match():
    f = Figure("alexnet", "params", "34,944", "test", node="conv1", table="test")  # (11*11*3 + 1)*96
    v = verdict(f)
    assert (v.verdict, v.computed, v.difference) == ("match", 34_944, 0)


def test_close_needs_a_tolerance_that_covers_it():
    f = Figure("alexnet-2gpu", "params", "60M", "test", tolerance=0.02, reason="round", table="test")
    v = verdict(f)
    assert v.verdict == "close" and v.computed == 60_965_224  # Caffe bvlc_alexnet, two GPUs
    assert v.difference == 60_965_224 - 60_000_000                      # computed − printed
    assert v.difference_percent == float(Fraction(60_965_224 - 60_000_000, 60_000_000) * 100)
    assert verdict(replace(f, tolerance=0.01)).verdict == "mismatch"


def test_variant_only_when_the_variant_matches():
    # 60,965,224 is the two-GPU net; the one-tower alexnet has 62,378,344
    f = Figure("alexnet", "params", "60,965,224", "test", variant="alexnet-2gpu", reason="groups", table="test")
    v = verdict(f)
    assert v.verdict == "variant" and v.computed == 62_378_344 and "alexnet-2gpu" in v.reason
    wrong = verdict(replace(f, variant="alexnet-tv"))  # torchvision's 61,100,840 is no match either
    assert wrong.verdict == "mismatch" and "also outside" in wrong.reason


def test_erratum_and_its_explanation():
    v = verdict(_figure(alexnet_spec, "FC 4096→4096 (fc7) weight memory"))
    assert v.verdict == "erratum" and v.computed == 4 * 16_781_312  # (4096*4096 + 4096) × 4 B
    assert "forgot ×4 bytes" in v.reason
    # an explanation that no longer reproduces the printed figure breaks the erratum
    broken = replace(_figure(alexnet_spec, "FC 4096→4096 (fc7) weight memory"),
                     explained_by=lambda a: a.row("fc6").params)
    assert verdict(broken).verdict == "mismatch"


def test_the_papers_55_is_an_erratum_explained_by_227():
    v = verdict(_figure(alexnet_spec, "conv1 output size on 224×224 (the paper's 55)"))
    assert v.verdict == "erratum" and v.computed == 54  # floor((224 - 11)/4) + 1
    assert "227" in v.reason


def test_an_erratum_that_matches_is_a_mismatch():
    # recording a correct figure as an erratum: the claim does not hold, so CI must fail
    f = Figure("alexnet", "output_size", "55", "test", node="conv1", erratum="claimed wrong", table="test")
    v = verdict(f)
    assert v.verdict == "mismatch" and "inside the printed rounding" in v.reason


def test_mismatch_without_explanation():
    v = verdict(Figure("vgg16", "params", "140M", "test", table="test"))
    assert v.verdict == "mismatch" and v.reason == "no explanation recorded"


def test_a_figure_that_cannot_be_evaluated_is_a_mismatch_with_the_error():
    v = verdict(Figure("vgg16", "params", "1", "test", node="conv9/conv9_1", table="test"))
    assert v.verdict == "mismatch" and v.computed is None and "no such node" in v.reason
    v = verdict(Figure("no-such-model", "params", "1", "test", table="test"))
    assert v.verdict == "mismatch" and "built-in model" in v.reason


def test_at_most_one_claim():
    v = verdict(Figure("vgg16", "params", "140M", "test", erratum="x", tolerance=0.1, table="test"))
    assert v.verdict == "mismatch" and "at most one claim" in v.reason


# --- the check can fail --------------------------------------------------------------------------

def test_a_wrong_ledger_value_flips_to_mismatch():
    right = _figure(alexnet_spec, "conv1 parameters")
    assert verdict(right).verdict == "match"
    assert verdict(replace(right, printed="34,945")).verdict == "mismatch"
    total = _figure(vgg_spec, "total parameters")  # cs231n "TOTAL params: 138M"
    assert verdict(total).verdict == "match"
    assert verdict(replace(total, printed="139M")).verdict == "mismatch"


def test_a_changed_spec_flips_to_mismatch():
    # the same figure on a net built differently (10 classes: fc8 has 4096*10 + 10 params)
    f = Figure("alexnet", "params", "4,097,000", "test", node="fc8", table="test")  # 4096*1000 + 1000
    assert verdict(f).verdict == "match"
    assert verdict(replace(f, options={"num_classes": 10})).verdict == "mismatch"


# --- quantities ----------------------------------------------------------------------------------

def test_group_sums_every_node_inside_the_scope():
    # VGG-16 block 1: (3*3*3 + 1)*64 + (3*3*64 + 1)*64 = 1,792 + 36,928
    assert verdict(Figure("vgg16", "params", "38,720", "test", group="conv1", table="test")).verdict == "match"
    # bytes of a node: fc7's 16,781,312 params × 4 B
    assert verdict(Figure("alexnet", "weight_bytes", "67,125,248 B", "test", node="fc7", table="test")).verdict == "match"


def test_the_stacked_conv_ratios_are_computed_from_layers():
    # two 3×3 : one 5×5 = 2·9 : 25; three 3×3 : one 7×7 = 3·9 : 49; four 3×3 : one 9×9 = 36 : 81
    assert verdict(_figure(vgg_spec, "weights, two 3×3 convs : one 5×5")).computed == Fraction(18, 25)
    assert verdict(_figure(vgg_spec, "weights, three 3×3 convs : one 7×7")).computed == Fraction(27, 49)
    four = Figure("vgg16", "ratio", "36 : 81", "test", measure=vgg_spec._stack(4, "ratio"), table="test")
    assert verdict(four).verdict == "match"
    field = Figure("vgg16", "count", "9x9", "test", measure=vgg_spec._stack(4, "field"), table="test")
    assert verdict(field).verdict == "match"


# --- the foundation models' own ledger -------------------------------------------------------------

@pytest.mark.parametrize("spec", [alexnet_spec, vgg_spec], ids=["alexnet", "vgg"])
def test_no_mismatch_in_the_foundation_ledger(spec):
    bad = [(f.title, v.reason) for f in spec.FIGURES if (v := verdict(f)).verdict == "mismatch"]
    assert bad == []


def test_the_foundation_verdicts_that_are_not_match():
    expected = {  # the figure, the verdict, and why (the spec's reason says more)
        (alexnet_spec, "conv1 output size on 224×224 (the paper's 55)"): "erratum",   # needs 227
        (alexnet_spec, "FC 4096→4096 (fc7) weight memory"): "erratum",              # forgot ×4 B
        (alexnet_spec, "AlexNet parameters"): "close",                 # "60M" vs 60,965,224
        (alexnet_spec, "AlexNet weight memory (fp32)"): "close",       # 240 MB vs 243.9 MB
        (vgg_spec, "total memory, values"): "erratum",                 # 24M vs 15,237,608
        (vgg_spec, "total memory, bytes (fp32)"): "erratum",           # 93MB vs 60,950,432 B
        (vgg_spec, "VGG 16 mult-adds"): "close",                       # 15,300M vs 15,470,264,320
        (vgg_spec, "VGG-19 weight memory (fp32)"): "close",            # 574 MB vs 574,668,960 B
    }
    for (spec, title), kind in expected.items():
        assert verdict(_figure(spec, title)).verdict == kind, title
    others = [f for spec in (alexnet_spec, vgg_spec) for f in spec.FIGURES
              if (spec, f.title) not in expected]
    assert all(verdict(f).verdict == "match" for f in others)


def test_every_cs231n_row_is_in_the_ledger():
    memory = [f for f in vgg_spec.FIGURES if f.table == "vgg16-memory" and f.node]
    assert len(memory) == 2 * 22  # 22 printed rows, memory and weights each
    assert len({f.node for f in memory}) == 22
    # the rows sum to 15,237,608 values (cs231n.github.io issue #88), not "24M"
    values = sum(verdict(f).computed for f in memory if f.quantity == "activations")
    assert values == 15_237_608


# --- the README's example ---------------------------------------------------------------------------

def test_the_readme_ledger_example_runs():
    from pathlib import Path
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Paper ledger\n", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace = {}
    exec(code, namespace)  # noqa: S102 - our own README
    from costcalc import ledger
    from costcalc.ledger import families
    assert ledger.figures() == [f for m in families.MODULES for f in m.FIGURES]   # every family's
    assert ledger.not_computable() == [n for m in families.MODULES for n in getattr(m, "NOT_COMPUTABLE", [])]
    assert all("vgg16" in (f.model, f.variant) for f in ledger.figures_for("vgg16"))
    assert {f.model for f in ledger.figures_for("shufflenet-2x-g3")} == {
        "shufflenet-2x-g3", "shufflenet-2x-g3-conv1-24"}          # its own, and the one claiming it
