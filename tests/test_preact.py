"""Pre-activation ResNet (He et al. 2016, Identity Mappings): the same convs as ResNet v1, its
batch norms moved as Figure 4(e) and the text say; options; reports."""

import pytest

from conftest import analysis_of, assert_option_error
from costcalc.blocks.resnet import EXPANSION, STAGES
from costcalc.layers import Add, BatchNorm2d, Conv2d, ReLU
from costcalc.specs.preact import DEPTHS


def bn_moves(depth: int) -> int:
    """Params preact-resnet{depth} has beyond resnet{depth} (v1, option B), written out: a ResNet
    unit ends conv → BN(out) and its projection has a BN(out); a pre-activation unit starts
    BN(in) (the first unit takes conv1's activation instead) and its projection has none; the
    pre-activation net adds one BN on the last unit's output. A BN on C channels has 2C params."""
    block, counts = DEPTHS[depth]
    delta, channels, first = 0, 64, True
    for (_, planes), n in zip(STAGES, counts):
        out = EXPANSION[block] * planes
        for i in range(n):
            projection = channels != out or (i == 0 and planes != 64)
            delta += (0 if first else 2 * channels) - 2 * out - (2 * out if projection else 0)
            channels, first = out, False
    return delta + 2 * channels


@pytest.mark.parametrize("depth", sorted(DEPTHS))
def test_same_convs_as_resnet_v1_with_the_batch_norms_moved(depth):
    pre, post = analysis_of(f"preact-resnet{depth}").totals(), analysis_of(f"resnet{depth}").totals()
    assert pre["macs"] == post["macs"] and pre["weights"] == post["weights"]
    assert pre["params"] - post["params"] == bn_moves(depth)


def test_units_are_full_pre_activation():
    a = analysis_of("preact-resnet50")
    layers = {r.name: r.layer for r in a.rows()}
    # Figure 4(e): BN → ReLU → conv for each conv, the addition last, no ReLU after it
    assert [type(layers[f"conv3_x/block2/{n}"]) for n in ("bn1", "relu1", "conv1", "bn2", "relu2",
                                                           "conv2", "bn3", "relu3", "conv3", "add")] \
        == [BatchNorm2d, ReLU, Conv2d, BatchNorm2d, ReLU, Conv2d, BatchNorm2d, ReLU, Conv2d, Add]
    assert not any(n.startswith("conv3_x/block2/relu") and n.endswith("relu") for n in layers)
    # "we adopt the first activation right after conv1 ... an extra activation right after its
    # element-wise addition": the first unit has no BN-ReLU of its own, the last is followed by one
    assert "conv2_x/block1/bn1" not in layers and isinstance(layers["conv1/relu"], ReLU)
    assert [type(layers[n]) for n in ("pool_fc/bn", "pool_fc/relu")] == [BatchNorm2d, ReLU]


def test_projection_reads_the_activated_input_and_the_1x1_strides():
    net = analysis_of("preact-resnet50").network
    assert list(net.graph.pred["conv3_x/block1/downsample"]) == ["conv3_x/block1/relu1"]
    assert list(net.graph.pred["conv3_x/block2/add"]) == ["conv3_x/block2/conv3", "conv3_x/block1/add"]
    layers = {r.name: r.layer for r in analysis_of("preact-resnet50").rows()}
    assert layers["conv3_x/block1/conv1"].stride == (2, 2) and layers["conv3_x/block1/conv2"].stride == (1, 1)


def test_bad_depth_is_a_one_line_error(run):
    assert_option_error(run("report", "preact-resnet50", "-O", "depth=51"), "preact-resnet50", "depth=51",
                        "value not allowed (a depth of the ResNet family)")


def test_handout_and_block_grouping_run(run):
    result = run("handout", "preact-resnet18")
    assert result.exit_code == 0 and "conv5_x" in result.stdout
    result = run("report", "preact-resnet152", "--group-by", "block")
    assert result.exit_code == 0 and "conv4_x/block36" in result.stdout
