"""SE-ResNet-50 (Hu et al. 2018): no torchvision twin, so its counts are checked against the
paper's formula and figures and against ResNet-50, which it extends."""

import pytest
from conftest import analysis_of, assert_option_error

from costcalc.engine import analyze
from costcalc.grouping import group_rows
from costcalc.layers import Conv2d, Mul, Sigmoid
from costcalc.registry import get_model

# (stage, output channels C_s of its blocks, blocks N_s): He et al. 2016 Table 1, 50-layer column.
STAGES_50 = [("conv2_x", 256, 3), ("conv3_x", 512, 4), ("conv4_x", 1024, 6), ("conv5_x", 2048, 3)]
RESNET50_PARAMS = 25_557_032      # torchvision's resnet50 num_params (the same convs, fc and BN)


def se_params(stages, r: int) -> int:
    """Hu et al. 2018, Eq. (5): (2/r)·Σ N_s·C_s² weights of the two fcs, plus their biases,
    C/r + C per block (the released models' fcs have biases)."""
    weights = sum(2 * n * c * (c // r) for _, c, n in stages)
    biases = sum(n * (c // r + c) for _, c, n in stages)
    return weights + biases


def test_params_are_resnet50_plus_equation_5():
    # 2,514,944 weights + 16,048 biases = 2,530,992 = the paper's "∼2.5 million additional
    # parameters"; 28,088,024 in all, Table 10's "28.1M" at r = 16
    assert se_params(STAGES_50, 16) == 2_530_992
    assert analysis_of("se-resnet50").totals()["params"] == RESNET50_PARAMS + 2_530_992 == 28_088_024


@pytest.mark.parametrize("r", [4, 8, 32])
def test_other_reduction_ratios_follow_the_same_formula(r):
    net = get_model("se-resnet50").network(reduction=r)
    assert analyze(net).totals()["params"] == RESNET50_PARAMS + se_params(STAGES_50, r)


def test_macs_are_resnet50_v1_plus_the_excitation_fcs():
    # each fc runs on a 1×1 map: C·C/r MACs each, 2·C²/r per block, 2,514,944 in all; ResNet-50
    # v1 counts 3,857,973,248 (Table 2 prints 3.86 for it, and 3.87 for SE-ResNet-50)
    resnet = analysis_of("resnet50").totals()["macs"]
    assert resnet == 3_857_973_248
    assert analysis_of("se-resnet50").totals()["macs"] == resnet + 2_514_944


def test_every_bottleneck_has_an_excitation_before_the_addition():
    a = analysis_of("se-resnet50")
    rows = {r.name: r for r in a.rows()}
    for stage, c, n in STAGES_50:
        for b in range(1, n + 1):
            block = f"{stage}/block{b}"
            fc1, fc2 = rows[f"{block}/se/fc1"].layer, rows[f"{block}/se/fc2"].layer
            assert isinstance(fc1, Conv2d) and (fc1.out_channels, fc2.out_channels) == (c // 16, c)
            assert isinstance(rows[f"{block}/se/scale_activation"].layer, Sigmoid)
            scale = rows[f"{block}/se/scale"]
            assert isinstance(scale.layer, Mul) and scale.inputs[1] == f"{block}/bn3"
            assert rows[f"{block}/add"].inputs[0] == f"{block}/se/scale"


def test_downsampling_strides_the_first_1x1_as_resnet_v1():
    rows = {r.name: r.layer for r in analysis_of("se-resnet50").rows()}
    for stage in ("conv3_x", "conv4_x", "conv5_x"):
        assert rows[f"{stage}/block1/conv1"].stride == (2, 2)
        assert rows[f"{stage}/block1/conv2"].stride == (1, 1)


def test_stages_carry_table_1_cells():
    a = analysis_of("se-resnet50")
    groups = {g.key: g for g in group_rows(a, a.rows(), "stage")}
    assert list(groups) == ["conv1", "conv2_x", "conv3_x", "conv4_x", "conv5_x", "pool_fc"]
    # Table 1, middle column, conv2 row as printed
    assert groups["conv2_x"].meta["Table 1"] == "[conv, 1×1, 64; conv, 3×3, 64; conv, 1×1, 256; fc, [16, 256]] × 3"
    assert groups["conv5_x"].meta["Table 1"].endswith("fc, [128, 2048]] × 3")


@pytest.mark.parametrize("option, rule", [("depth=51", "value not allowed"), ("reduction=0", "reduction"),
                                          ("num_classes=0", "class")])
def test_bad_options_are_one_line_errors(run, option, rule):
    assert_option_error(run("report", "se-resnet50", "-O", option), "se-resnet50", option, rule)
