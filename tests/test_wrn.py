"""Wide ResNet (Zagoruyko & Komodakis 2016): WRN-28-10 on CIFAR by its formula and the paper's
36.5M; WRN-50-2 and WRN-101-2 against torchvision measured with torch; options."""

import pytest

from conftest import analysis_of, assert_option_error
from costcalc import analyze
from costcalc.layers import Dropout
from costcalc.ledger import parse_printed
from costcalc.registry import get_model
from torch_reference import assert_matches_torch


def wrn_counts(depth: int, k: int, classes: int = 10) -> tuple[int, int]:
    """Params and MACs of WRN-depth-k written out from Table 1: conv1 3×3 (3 → 16); three groups
    of N = (depth − 4)/6 units at widths 16k, 32k, 64k and sizes 32, 16, 8, each unit BN + 3×3
    conv + BN + 3×3 conv, the first unit of a group also a 1×1 shortcut (16 → 16k too); the final
    BN and the fc. Every conv of a group runs at the group's output size; convs have no bias."""
    n = (depth - 4) // 6
    params, macs, c_in = 3 * 3 * 3 * 16, 3 * 3 * 3 * 16 * 32 * 32, 16
    for width, size in ((16 * k, 32), (32 * k, 16), (64 * k, 8)):
        for i in range(n):
            c = c_in if i == 0 else width
            weights = 9 * c * width + 9 * width * width + (c * width if i == 0 else 0)
            params += 2 * c + weights + 2 * width
            macs += weights * size * size
        c_in = width
    params += 2 * c_in + c_in * classes + classes
    return params, macs + c_in * classes


def test_wrn_28_10_equals_its_formula_and_the_papers_figure():
    totals = analysis_of("wrn-28-10").totals()
    assert (totals["params"], totals["macs"]) == wrn_counts(28, 10)
    # Zagoruyko & Komodakis 2016, the CIFAR results tables, WRN-28-10 "# params": "36.5M"
    assert parse_printed("36.5M").contains(totals["params"])


def test_group_sizes_follow_table_1():
    a = analysis_of("wrn-28-10")
    last = {}
    for row in a.rows():
        last[row.scope[0] if row.scope else ""] = row.output_shape
    assert last["conv2"] == (160, 32, 32) and last["conv3"] == (320, 16, 16)
    assert last["conv4"] == (640, 8, 8) and last["avg-pool"] == (10, 1, 1)
    assert sum(1 for s in a.network.scopes if s.count("/") == 1 and "/block" in s) == 3 * 4  # N = 4


def test_dropout_between_the_convs_costs_nothing():
    plain, dropped = analysis_of("wrn-28-10"), analyze(get_model("wrn-28-10").network(dropout=0.3))
    assert sum(isinstance(r.layer, Dropout) for r in plain.rows()) == 0
    assert sum(isinstance(r.layer, Dropout) for r in dropped.rows()) == 12     # one per unit
    for key in ("params", "macs", "activations"):
        assert dropped.totals()[key] == plain.totals()[key]


@pytest.mark.parametrize("model, torch_name", [("wide-resnet50-2", "wide_resnet50_2"),
                                               ("wide-resnet101-2", "wide_resnet101_2")])
def test_imagenet_wrns_equal_torchvision_measured_with_torch(model, torch_name):
    assert_matches_torch(model, torch_name)


def test_wrn_50_2_matches_the_papers_figure():
    # Zagoruyko & Komodakis 2016, the ImageNet table: WRN-50-2-bottleneck, #params "68.9M"
    assert parse_printed("68.9M").contains(analysis_of("wide-resnet50-2").totals()["params"])


@pytest.mark.parametrize("model, option, rule", [
    ("wrn-28-10", "depth=27", "6N + 4"), ("wrn-28-10", "k=0", "widening factor"),
    ("wrn-28-10", "dropout=1.5", "probability"), ("wrn-28-10", "num_classes=0", "class"),
    ("wide-resnet50-2", "depth=34", "value not allowed (a depth with a stage layout"), ("wide-resnet50-2", "k=0", "widening factor")])
def test_bad_options_are_one_line_errors(run, model, option, rule):
    assert_option_error(run("report", model, "-O", option), model, option, rule)


@pytest.mark.parametrize("model, stage", [("wrn-28-10", "conv4"), ("wide-resnet50-2", "conv5_x")])
def test_handout_and_stage_grouping_run(run, model, stage):
    result = run("handout", model)
    assert result.exit_code == 0 and stage in result.stdout
    result = run("report", model, "--group-by", "stage")
    assert result.exit_code == 0 and stage in result.stdout
