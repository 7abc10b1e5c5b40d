"""RegNetX-400MF (Radosavovic et al. 2020): the quantized linear widths, the paper's (pycls)
rounding against torchvision's, torchvision's twin measured with torch; options; reports."""

import pytest

from conftest import analysis_of, assert_option_error
from costcalc.ledger import parse_printed
from costcalc.specs.regnet import REGNETX, block_widths, stages
from torch_reference import assert_matches_torch


def test_block_widths_follow_the_quantized_linear_rule():
    # u_j = 24 + 24.48·j; s_j = round(log(u_j/24)/log 2.54): 0, 1, 1, 2 ×7, 3 ×12;
    # 24·2.54^s rounded to a multiple of 8: 24, 60.96 → 64, 154.8 → 152, 393.2 → 392
    assert block_widths(22, 24, 24.48, 2.54) == [24] + [64] * 2 + [152] * 7 + [392] * 12


def test_stage_widths_under_each_rounding():
    # multiples of g = 16: 24/16 = 1.5 → 2 either way; 152/16 = 9.5 → 10 either way; 392/16 =
    # 24.5 → 24 in pycls (Python's round, halves to even), 25 in torchvision (halves up)
    assert stages(*REGNETX["400MF"], "pycls") == [(32, 1, 16), (64, 2, 16), (160, 7, 16), (384, 12, 16)]
    assert stages(*REGNETX["400MF"], "torchvision") == [(32, 1, 16), (64, 2, 16), (160, 7, 16), (400, 12, 16)]


def test_torchvisions_net_equals_torchvision_measured_with_torch():
    assert_matches_torch("regnetx-400mf-tv", "regnet_x_400mf")


def test_papers_net_matches_the_authors_published_size():
    totals = analysis_of("regnetx-400mf").totals()
    # timm's model card for the authors' pycls weights (regnetx_004.pycls_in1k): "Params (M): 5.2",
    # "GMACs: 0.4"; the paper's name: 400 MF (mega flops, i.e. multiply-adds)
    assert parse_printed("5.2M").contains(totals["params"])
    assert parse_printed("0.4G").contains(totals["macs"])
    assert parse_printed("400M", significant=1).contains(totals["macs"])


def test_blocks_are_x_blocks():
    rows = {r.name: r.layer for r in analysis_of("regnetx-400mf").rows()}
    assert rows["stage4/block1/conv2"].groups == 384 // 16 and rows["stage4/block1/conv2"].stride == (2, 2)
    assert "stage4/block1/downsample" in rows and "stage4/block2/downsample" not in rows


@pytest.mark.parametrize("option, rule", [("flops=800MF", "RegNetX of the paper"),
                                          ("rounding=up", "pycls"), ("num_classes=0", "class")])
def test_bad_options_are_one_line_errors(run, option, rule):
    assert_option_error(run("report", "regnetx-400mf", "-O", option), "regnetx-400mf", option, rule)


def test_handout_and_stage_grouping_run(run):
    result = run("handout", "regnetx-400mf")
    assert result.exit_code == 0 and "stage4" in result.stdout
    result = run("report", "regnetx-400mf-tv", "--group-by", "stage")
    assert result.exit_code == 0 and "stage3" in result.stdout
