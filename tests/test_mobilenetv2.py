"""MobileNetV2 (Sandler et al. 2018, Table 2): torchvision's twin measured with torch; each row's
output is the next row's printed input; the width multiplier's rounding; options; reports."""

import re

from conftest import analysis_of, assert_option_error
from costcalc import analyze
from costcalc.blocks.mobile import make_divisible
from costcalc.grouping import group_rows
from costcalc.registry import get_model
from costcalc.specs.mobilenetv2 import TABLE_2
from torch_reference import assert_matches_torch


def test_equals_torchvision_measured_with_torch():
    # torchvision pools with nn.functional.adaptive_avg_pool2d: no module for that node
    assert_matches_torch("mobilenetv2", "mobilenet_v2", functional=("avgpool/pool",))


def test_each_rows_output_is_the_next_rows_printed_input():
    a = analysis_of("mobilenetv2")
    groups = group_rows(a, a.rows(), "stage")
    assert len(groups) == len(TABLE_2)
    for group, (size, *_), (next_size, *_) in zip(groups, TABLE_2, TABLE_2[1:]):
        side, channels = map(int, re.fullmatch(r"(\d+)(?:²|×1)×(\d+)", next_size).groups())
        assert group.output_shape == (channels, side, side), (group.key, next_size)
        assert group.meta["input"] == size


def test_bottleneck_rows_repeat_n_times_with_residuals_where_the_shape_is_kept():
    a = analysis_of("mobilenetv2")
    scopes = a.network.scopes
    adds = {r.scope[0] for r in a.rows() if r.name.endswith("/add")}
    for i, (_, _, t, c, n, s) in enumerate([row for row in TABLE_2 if row[1] == "bottleneck"], start=1):
        assert sum(1 for p, info in scopes.items() if p.startswith(f"bottleneck{i}/") and info.kind == "block") == n
        assert (f"bottleneck{i}" in adds) == (n > 1)   # the first block changes c or strides
    assert not any(r.name.startswith("bottleneck1/") and "/expand/" in r.name for r in a.rows())


def test_make_divisible_is_torchvisions_rounding():
    # torchvision _make_divisible(v, 8): max(8, int(v + 4) // 8 * 8), one step up if it lost > 10%
    assert [make_divisible(v) for v in (32 * 0.75, 83, 84, 3)] == [24, 80, 88, 8]
    assert make_divisible(20, 16) == 32    # 16 < 0.9 · 20


def test_width_multiplier_spares_the_last_conv_below_one():
    # Section 6.1: "we apply width multiplier to all layers except the very last convolutional
    # layer"; torchvision: last_channel = _make_divisible(1280 · max(1.0, width_mult))
    for alpha, last, first in ((0.5, 1280, 16), (1.4, 1792, 48)):
        rows = {r.name: r for r in analyze(get_model("mobilenetv2").network(alpha=alpha)).rows()}
        assert rows["conv2/conv/conv"].output_shape[0] == last and rows["conv1/conv/conv"].output_shape[0] == first


def test_bad_alpha_is_a_one_line_error(run):
    assert_option_error(run("report", "mobilenetv2", "--alpha", "0"), "mobilenetv2", "alpha", "width multiplier")


def test_handout_and_stage_grouping_run(run):
    result = run("handout", "mobilenetv2")
    assert result.exit_code == 0 and "bottleneck7" in result.stdout
    result = run("report", "mobilenetv2", "--group-by", "stage")
    assert result.exit_code == 0 and "bottleneck4" in result.stdout
