"""DenseNet-BC (Huang et al. 2017, Table 1): torchvision's twins measured with torch; DenseNet-264
by its formula; the layer count of each column; options; reports."""

import pytest

from conftest import analysis_of, assert_option_error
from costcalc.layers import Concat, Conv2d, Linear
from costcalc.specs.densenet import TABLE_1
from torch_reference import assert_matches_torch

# torchvision applies the last ReLU and the pool as functions (F.relu, F.adaptive_avg_pool2d in
# DenseNet.forward): no module to pair those nodes with.
FUNCTIONAL = ("classification/relu", "classification/avgpool")


@pytest.mark.parametrize("depth", [121, 161, 169, 201])
def test_equals_torchvision_measured_with_torch(depth):
    assert_matches_torch(f"densenet{depth}", f"densenet{depth}", functional=FUNCTIONAL)


def densenet_params(blocks, k: int, classes: int = 1000) -> int:
    """Section 3 written out: conv0 7×7 (3 → 2k) + BN; a dense layer on m maps: BN(m), 1×1 conv
    m → 4k, BN(4k), 3×3 conv 4k → k; a transition on m maps: BN(m), 1×1 conv m → ⌊m/2⌋; the
    final BN and the fc with bias. A BN on C channels has 2C params; convs have no bias."""
    m = 2 * k
    params = 7 * 7 * 3 * m + 2 * m
    for i, layers in enumerate(blocks):
        for _ in range(layers):
            params += 2 * m + m * 4 * k + 2 * 4 * k + 9 * 4 * k * k
            m += k
        if i < len(blocks) - 1:
            params += 2 * m + m * (m // 2)
            m //= 2
    return params + 2 * m + m * classes + classes


@pytest.mark.parametrize("depth", [121, 169, 201, 264])
def test_params_equal_the_formula(depth):
    assert analysis_of(f"densenet{depth}").totals()["params"] == densenet_params(TABLE_1[depth], 32)


def weight_layers(analysis) -> int:
    return sum(isinstance(r.layer, (Conv2d, Linear)) for r in analysis.rows())


@pytest.mark.parametrize("depth", [121, 169, 201])
def test_depth_counts_the_weight_layers(depth):
    # two convs per dense layer, three transitions' convs, conv0 and the fc
    assert weight_layers(analysis_of(f"densenet{depth}")) == 2 * sum(TABLE_1[depth]) + 5 == depth


def test_densenet_264s_column_counts_265_weight_layers():
    # Table 1's DenseNet-264 column: blocks of 6, 12, 64, 48 layers: 2·130 + 5 = 265
    assert weight_layers(analysis_of("densenet264")) == 2 * (6 + 12 + 64 + 48) + 5 == 265


def test_each_layer_reads_every_earlier_map_of_its_block():
    a = analysis_of("densenet121")
    shapes = {r.name: r.output_shape for r in a.rows()}
    graph = a.network.graph
    # dense_block1 starts from 64 maps at 56×56 and adds k = 32 per layer
    for i in range(2, 7):
        concat = f"dense_block1/denselayer{i}/concat"
        assert len(graph.pred[concat]) == i and shapes[concat] == (64 + 32 * (i - 1), 56, 56)
    assert shapes["dense_block1/concat"] == (256, 56, 56) and shapes["transition1/pool"] == (128, 28, 28)
    assert isinstance(graph.nodes["dense_block1/concat"]["layer"], Concat)


@pytest.mark.parametrize("option, rule", [("depth=100", "value not allowed (a depth of Table 1"), ("growth=0", "growth rate"),
                                          ("num_classes=0", "class")])
def test_bad_options_are_one_line_errors(run, option, rule):
    assert_option_error(run("report", "densenet121", "-O", option), "densenet121", option, rule)


def test_handout_and_stage_grouping_run(run):
    result = run("handout", "densenet121")
    assert result.exit_code == 0 and "transition3" in result.stdout
    result = run("report", "densenet264", "--group-by", "stage")
    assert result.exit_code == 0 and "dense_block4" in result.stdout and "classification" in result.stdout
