"""ResNeXt (Xie et al. 2017): torchvision's twins measured with torch, Table 1's cells, options."""

import re

import pytest

from conftest import analysis_of, assert_option_error
from costcalc.grouping import group_rows
from costcalc.layers import Conv2d
from torch_reference import assert_matches_torch

# Xie et al. 2017, Table 1, ResNeXt-50 (32×4d) column, conv2 … conv5 as printed.
TABLE_1_CELLS = {
    "conv2_x": "[1×1, 128; 3×3, 128, C=32; 1×1, 256] × 3",
    "conv3_x": "[1×1, 256; 3×3, 256, C=32; 1×1, 512] × 4",
    "conv4_x": "[1×1, 512; 3×3, 512, C=32; 1×1, 1024] × 6",
    "conv5_x": "[1×1, 1024; 3×3, 1024, C=32; 1×1, 2048] × 3",
}


@pytest.mark.parametrize("model, torch_name", [("resnext50-32x4d", "resnext50_32x4d"),
                                               ("resnext101-32x8d", "resnext101_32x8d")])
def test_equals_torchvision_measured_with_torch(model, torch_name):
    assert_matches_torch(model, torch_name)


def test_resnext101_64x4d_equals_torchvisions_published_counts():
    totals = analysis_of("resnext101-64x4d").totals()
    assert totals["params"] == 83_455_272            # torchvision ResNeXt101_64X4D_Weights num_params
    assert round(totals["macs"] / 1e9, 2) == 15.46   # torchvision ResNeXt101_64X4D_Weights GFLOPS


def test_stages_carry_table_1_cells_and_their_grouped_convs():
    a = analysis_of("resnext50-32x4d")
    groups = {g.key: g for g in group_rows(a, a.rows(), "stage")}
    for stage, cell in TABLE_1_CELLS.items():
        assert groups[stage].meta["Table 1"] == cell
        width, cardinality, n = map(int, re.search(r"3×3, (\d+), C=(\d+);.*\] × (\d+)", cell).groups())
        grouped = [r for r in a.rows() if r.scope[:1] == (stage,) and isinstance(r.layer, Conv2d)
                   and r.layer.groups == cardinality]
        assert len(grouped) == n and all(r.layer.out_channels == width for r in grouped)
    assert list(groups) == ["conv1", "conv2_x", "conv3_x", "conv4_x", "conv5_x", "pool_fc"]


def test_downsampling_strides_the_3x3():
    # Section 4: "Downsampling of conv3, 4, and 5 is done by stride-2 convolutions in the 3×3
    # layer of the first block in each stage"
    rows = {r.name: r.layer for r in analysis_of("resnext50-32x4d").rows()}
    for stage in ("conv3_x", "conv4_x", "conv5_x"):
        assert rows[f"{stage}/block1/conv2"].stride == (2, 2)
        assert rows[f"{stage}/block1/conv1"].stride == (1, 1)


@pytest.mark.parametrize("option, rule", [("depth=51", "value not allowed (a depth with a stage layout"), ("cardinality=0", "groups"),
                                          ("width=0", "channels per group"), ("num_classes=0", "class")])
def test_bad_options_are_one_line_errors(run, option, rule):
    assert_option_error(run("report", "resnext50-32x4d", "-O", option), "resnext50-32x4d", option, rule)


def test_handout_and_block_grouping_run(run):
    result = run("handout", "resnext50-32x4d")
    assert result.exit_code == 0 and "conv5_x" in result.stdout
    result = run("report", "resnext50-32x4d", "--group-by", "block")
    assert result.exit_code == 0 and "conv4_x/block6" in result.stdout
