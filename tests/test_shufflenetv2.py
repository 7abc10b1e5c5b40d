"""ShuffleNet V2 (specs/shufflenetv2.py): Table 5 walked at each width; params equal
torchvision's published counts; the channel split is a view."""

import pytest

from conftest import analysis_of, assert_option_error
from costcalc.separable import pairs
from costcalc.specs.shufflenetv2 import TABLE_5, WIDTHS

# torchvision.models.ShuffleNet_V2_X*_Weights.IMAGENET1K_V1.meta["num_params"]
PUBLISHED = {"0.5": 1_366_792, "1.0": 2_278_604, "1.5": 3_503_624, "2.0": 7_393_996}


@pytest.mark.parametrize("width", WIDTHS)
def test_params_equal_torchvisions_published_counts(width):
    assert analysis_of(f"shufflenetv2-x{width}").totals()["params"] == PUBLISHED[width]


@pytest.mark.parametrize("width", WIDTHS)
def test_stages_have_tables_sizes_channels_and_repeats(width):
    a = analysis_of(f"shufflenetv2-x{width}")
    column = WIDTHS.index(width)
    for stage, size, repeats in (("stage2", 28, 4), ("stage3", 14, 8), ("stage4", 7, 4)):
        out = next(r[5][column] for r in TABLE_5 if r[0].lower() == stage)
        assert a.network.scopes[stage].kind == "stage"
        blocks = {n.split("/")[1] for n in a.names if n.startswith(stage + "/")}
        assert len(blocks) == repeats                          # 1 + 3, 1 + 7, 1 + 3
        assert a.row(f"{stage}/block{repeats}/shuffle").output_shape == (out, size, size)


def test_the_channel_split_is_two_views():
    a = analysis_of("shufflenetv2-x1.0")
    left, right = a.row("stage2/block2/split_left"), a.row("stage2/block2/split_right")
    assert left.output_shape == right.output_shape == (58, 28, 28)      # 116 split in halves
    assert left.activations == right.activations == 0


def test_one_basic_unit_written_out():
    # Fig. 3(c) on 116 channels at 28×28: 1×1 (58→58), dw 3×3 (58), 1×1 (58→58), BN after each
    rows = [r for r in analysis_of("shufflenetv2-x1.0").rows() if r.name.startswith("stage2/block2/")]
    h = 58
    assert sum(r.params for r in rows) == (h * h + 2 * h) + (9 * h + 2 * h) + (h * h + 2 * h)
    assert sum(r.macs for r in rows) == (h * h + 9 * h + h * h) * 28 * 28


def test_separable_pairs_in_every_branch():
    found = pairs(analysis_of("shufflenetv2-x1.0"))
    assert len(found) == (4 + 8 + 4) + 3          # branch2 of every unit, branch1 of the 3 stride-2 units
    assert all(p.ratio == p.formula for p in found)


def test_bad_width_is_an_option_error(run):
    assert_option_error(run("report", "shufflenetv2-x1.0", "-O", "width=3.0"), "shufflenetv2-x1.0",
                        "width", "the width is one of Table 5's columns")
