"""Golden numbers of the foundation models (AlexNet, VGG, LeNet, ZFNet), each with its source."""

import pytest

from conftest import analysis_of

# cs231n VGG-16 table (seed 003): per layer, output and weights (no biases) as the slide writes
# them, with the slide's typos ("(3+3+64)+128") read as the products they stand for.
VGG16_TABLE = [  # (node, activations = output elements, weights)
    ("input", 224 * 224 * 3, 0),
    ("conv1/conv1_1", 224 * 224 * 64, (3 * 3 * 3) * 64),          # 1,728
    ("conv1/conv1_2", 224 * 224 * 64, (3 * 3 * 64) * 64),         # 36,864
    ("conv1/pool", 112 * 112 * 64, 0),
    ("conv2/conv2_1", 112 * 112 * 128, (3 * 3 * 64) * 128),       # 73,728
    ("conv2/conv2_2", 112 * 112 * 128, (3 * 3 * 128) * 128),      # 147,456
    ("conv2/pool", 56 * 56 * 128, 0),
    ("conv3/conv3_1", 56 * 56 * 256, (3 * 3 * 128) * 256),        # 294,912
    ("conv3/conv3_2", 56 * 56 * 256, (3 * 3 * 256) * 256),        # 589,824
    ("conv3/conv3_3", 56 * 56 * 256, (3 * 3 * 256) * 256),        # 589,824
    ("conv3/pool", 28 * 28 * 256, 0),
    ("conv4/conv4_1", 28 * 28 * 512, (3 * 3 * 256) * 512),        # 1,179,648
    ("conv4/conv4_2", 28 * 28 * 512, (3 * 3 * 512) * 512),        # 2,359,296
    ("conv4/conv4_3", 28 * 28 * 512, (3 * 3 * 512) * 512),        # 2,359,296
    ("conv4/pool", 14 * 14 * 512, 0),
    ("conv5/conv5_1", 14 * 14 * 512, (3 * 3 * 512) * 512),
    ("conv5/conv5_2", 14 * 14 * 512, (3 * 3 * 512) * 512),
    ("conv5/conv5_3", 14 * 14 * 512, (3 * 3 * 512) * 512),
    ("conv5/pool", 7 * 7 * 512, 0),
    ("classifier/fc6", 4096, 7 * 7 * 512 * 4096),                 # 102,760,448
    ("classifier/fc7", 4096, 4096 * 4096),                        # 16,777,216
    ("classifier/fc8", 1000, 4096 * 1000),                        # 4,096,000
]


@pytest.mark.parametrize("node, activations, weights", VGG16_TABLE)
def test_vgg16_cs231n_table_row(node, activations, weights):
    row = analysis_of("vgg16").row(node)
    assert row.activations == activations
    assert row.weights == weights


def test_vgg16_activation_total_is_the_sum_of_the_table_rows_not_24m():
    totals = analysis_of("vgg16").totals()
    assert totals["activations"] == sum(a for _, a, _ in VGG16_TABLE) == 15_237_608
    assert totals["activation_bytes"] == 15_237_608 * 4      # fp32


def test_vgg_torchvision_counts():
    assert analysis_of("vgg16").totals()["params"] == 138_357_544   # torchvision vgg16
    assert analysis_of("vgg16").totals()["macs"] == 15_470_264_320  # torchvision vgg16 (15.47 GFLOPS)
    assert analysis_of("vgg11").totals()["params"] == 132_863_336   # torchvision vgg11
    assert analysis_of("vgg19").totals()["params"] == 143_667_240   # torchvision vgg19
    assert analysis_of("vgg13").totals()["params"] == 133_047_848   # torchvision vgg13


def test_vgg_lrn_and_conv1_configurations():
    # A-LRN adds a parameter-free LRN: same params as A (paper Table 2: both 133M)
    assert analysis_of("vgg11-lrn").totals()["params"] == analysis_of("vgg11").totals()["params"]
    # C replaces three conv3 of D by conv1: D - C = 3 layers' (3*3 - 1*1)*C_in*C_out weights
    d, c = analysis_of("vgg16").totals()["params"], analysis_of("vgg16-c").totals()["params"]
    assert d - c == (9 - 1) * (256 * 256 + 512 * 512 + 512 * 512)


def test_alexnet_torchvision_params():
    assert analysis_of("alexnet-tv").totals()["params"] == 61_100_840  # torchvision alexnet


def test_alexnet_two_gpu_is_the_papers_60_million():
    # Per layer (paper Fig. 2, groups=2 on conv2/4/5):
    expected = ((11 * 11 * 3 + 1) * 96 + (5 * 5 * 48 + 1) * 256 + (3 * 3 * 256 + 1) * 384
                + (3 * 3 * 192 + 1) * 384 + (3 * 3 * 192 + 1) * 256
                + (6 * 6 * 256 + 1) * 4096 + (4096 + 1) * 4096 + (4096 + 1) * 1000)
    two_gpu = analysis_of("alexnet-2gpu").totals()["params"]
    one_tower = analysis_of("alexnet").totals()["params"]
    assert two_gpu == expected == 60_965_224
    # "60 million" describes the grouped net better than the one-tower net (62,378,344)
    assert abs(two_gpu - 60_000_000) < abs(one_tower - 60_000_000)
    assert one_tower == expected + (5 * 5 * 48) * 256 + (3 * 3 * 192) * 384 + (3 * 3 * 192) * 256


def test_alexnet_shapes_on_227_and_224():
    a = analysis_of("alexnet")
    assert [a.row(n).output_shape[1] for n in ("conv1", "pool1", "conv2", "pool2", "conv5", "pool5")] \
        == [55, 27, 27, 13, 13, 6]                            # cs231n AlexNet walk-through
    b = analysis_of("alexnet", input_size=224)
    assert b.row("conv1").output_shape == (96, 54, 54)        # floor((224-11)/4 + 1) = 54 (seed 003)
    assert any("53.25" in w for w in b.row("conv1").warnings)


def test_zfnet_sizes_follow_figure_3():
    a = analysis_of("zfnet")
    sizes = [a.row(n).output_shape[1] for n in ("conv1", "pool1", "conv2", "pool2", "conv3", "conv5", "pool5")]
    assert sizes == [110, 55, 26, 13, 13, 13, 6]              # Zeiler & Fergus 2014, Figure 3


def test_lenet5():
    a = analysis_of("lenet5")
    assert [a.row(n).output_shape for n in ("C1", "S2", "C3", "S4", "C5")] == \
        [(6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 5, 5), (120, 1, 1)]  # LeCun 1998, Fig. 2
    # C1 156, C3 (full) 2,416, C5 48,120, F6 10,164, output 850 (formula: (k*k*C_in + 1)*C_out)
    assert a.totals()["params"] == 156 + 2_416 + 48_120 + 10_164 + 850
