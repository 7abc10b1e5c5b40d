"""Each layer's shape, parameter and MAC rule, checked against the formula written out."""

import pytest

from costcalc import Network, analyze
from costcalc.errors import ShapeError
from costcalc.tensor import Shape
from costcalc.layers import (AdaptiveAvgPool2d, Add, AvgPool2d, BatchNorm2d, ChannelShuffle, Concat,
                             Conv2d, Dropout, Flatten, GlobalAvgPool2d, Identity, Linear,
                             LocalResponseNorm, MaxPool2d, ReLU, ReLU6, Sigmoid, Softmax,
                             ZeroPadShortcut)


def single(layer, channels=3, size=227, **kw):
    """Analyse input → layer; return the layer's row."""
    net = Network("t", channels=channels, size=size)
    net.add("x", layer)
    return analyze(net, **kw).row("x")


def test_alexnet_conv1_on_227():
    row = single(Conv2d(96, 11, stride=4))
    assert row.output_shape == (96, 55, 55)                  # floor((227 - 11)/4) + 1 = 55
    assert row.params == 34_944                              # (11*11*3 + 1) * 96
    assert row.weights == 11 * 11 * 3 * 96 and row.biases == 96
    assert row.activations == 290_400                        # 55*55*96
    assert row.macs == 11 * 11 * 3 * 96 * 55 * 55            # k*k*C_in * C_out*H_out*W_out
    assert row.other_ops == 96 * 55 * 55                     # one bias add per output
    assert row.warnings == ()


def test_alexnet_conv1_on_224_warns_what_floor_dropped():
    row = single(Conv2d(96, 11, stride=4), size=224)
    assert row.output_shape == (96, 54, 54)                  # floor((224 - 11)/4) + 1 = 54
    # a square input: the same arithmetic on both axes, said once
    # (224 − 11) mod 4 = 1 position left after the last window, no padding: 1 real row lost
    assert row.warnings == ("H and W: (224 − 11)/4 = 213/4 = 53.25, not whole: floor drops 0.25, "
                            "H_out = W_out = 54; the last input row and column are never read",)
    oblong = single(Conv2d(4, 3, stride=2, padding=1), channels=1, size=(32, 35))
    assert oblong.output_shape == (4, 16, 18)   # floor((32+2-3)/2)+1 = 16; floor((35+2-3)/2)+1 = 18
    # (32 + 2 − 3) mod 2 = 1 ≤ p = 1: the floor drops only padding, a note (tests/test_notes.py)
    assert oblong.warnings == ()
    assert oblong.notes == ("H: (32 + 2·1 − 3)/2 = 31/2 = 15.5, not whole: floor drops 0.5, H_out = 16; "
                            "what it drops is padding (p = 1), every input pixel is read",)


def test_conv_per_axis_padding_dilation_and_no_bias():
    row = single(Conv2d(8, (1, 7), padding=(0, 3), bias=False), channels=4, size=(17, 17))
    assert row.output_shape == (8, 17, 17)
    assert row.params == 1 * 7 * 4 * 8 and row.biases == 0   # k_h*k_w*C_in*C_out, no bias
    assert row.other_ops == 0
    dilated = single(Conv2d(1, 3, dilation=2), channels=1, size=9)
    assert dilated.output_shape == (1, 5, 5)                 # (9 - 2*(3-1) - 1)/1 + 1 = 5


def test_conv_same_padding_is_ceil_of_size_over_stride():
    row = single(Conv2d(4, 3, stride=2, padding="same"), channels=1, size=(7, 8))
    assert row.output_shape == (4, 4, 4)                     # ceil(7/2) = 4, ceil(8/2) = 4
    assert row.warnings == ()


def test_grouped_conv_counts():
    # AlexNet conv2 on one GPU pair: 256 filters of 5x5x(96/2)
    row = single(Conv2d(256, 5, padding=2, groups=2), channels=96, size=27)
    assert row.weights == 5 * 5 * (96 // 2) * 256
    assert row.macs == 5 * 5 * (96 // 2) * 256 * 27 * 27


def test_depthwise_conv_counts():
    # MobileNet dw 3x3 on 112x112x32: Dk*Dk*M*Df*Df MACs, Dk*Dk*M weights
    row = single(Conv2d(32, 3, padding=1, groups=32, bias=False), channels=32, size=112)
    assert row.weights == 3 * 3 * 32
    assert row.macs == 3 * 3 * 32 * 112 * 112
    assert row.layer.category([Shape(32, 112, 112)]) == "Conv DW 3×3"


def test_max_pool_floor_and_ceil_mode():
    assert single(MaxPool2d(3, stride=2), channels=1, size=56).output_shape == (1, 27, 27)
    # ceil((56-3)/2) + 1 = 28: GoogLeNet's Caffe pools round up
    assert single(MaxPool2d(3, stride=2, ceil_mode=True), channels=1, size=56).output_shape == (1, 28, 28)
    # PyTorch drops a last window that would start in the padding: ceil((5+2-3)/2)+1 = 3, kept
    assert single(MaxPool2d(3, stride=2, padding=1, ceil_mode=True), channels=1, size=5).output_shape[1] == 3
    row = single(MaxPool2d(3, stride=2), channels=2, size=55)
    assert row.other_ops == (3 * 3 - 1) * 2 * 27 * 27       # (k*k - 1) comparisons per output


def test_avg_pool_and_global_and_adaptive():
    assert single(AvgPool2d(2), channels=6, size=28).other_ops == 2 * 2 * 6 * 14 * 14
    g = single(GlobalAvgPool2d(), channels=1024, size=7)
    assert g.output_shape == (1024, 1, 1) and g.other_ops == 1024 * 7 * 7
    a = single(AdaptiveAvgPool2d(6), channels=256, size=6)
    assert a.output_shape == (256, 6, 6) and a.other_ops == 256 * 6 * 6  # bins of one element
    # 7 -> 3 bins: [0,3) [2,5) [4,7) (PyTorch's floor/ceil bin edges): 3 + 3 + 3 per axis
    assert single(AdaptiveAvgPool2d(3), channels=1, size=7).other_ops == 9 * 9


def test_linear_needs_flat_input_and_counts():
    net = Network("t", channels=512, size=7)
    net.add("flat", Flatten())
    net.add("fc", Linear(4096))
    rows = analyze(net).rows()
    assert rows[1].output_shape == (7 * 7 * 512, 1, 1) and rows[1].activations == 0  # a view
    assert rows[2].weights == 7 * 7 * 512 * 4096 == 102_760_448  # cs231n VGG-16 FC row
    assert rows[2].macs == 7 * 7 * 512 * 4096
    with pytest.raises(ShapeError, match="Linear needs a flat input"):
        single(Linear(10), channels=3, size=2)


def test_fc_4096_to_4096_params():
    row = single(Linear(4096), channels=4096, size=1)
    assert row.params == 16_781_312                          # 4096*4096 + 4096 (seed 003)


def test_batch_norm_params_and_buffers():
    row = single(BatchNorm2d(), channels=64, size=8)
    assert (row.bn, row.buffers, row.params) == (2 * 64, 2 * 64, 2 * 64)  # gamma+beta; mean+var
    assert row.other_ops == 2 * 64 * 8 * 8


def test_elementwise_layers_in_place_and_ops():
    assert single(ReLU(), channels=4, size=2).activations == 0          # in place
    assert single(ReLU(inplace=False), channels=4, size=2).activations == 4 * 2 * 2
    assert single(ReLU6(), channels=4, size=2).other_ops == 2 * 4 * 2 * 2
    assert single(Sigmoid(), channels=4, size=2).activations == 16      # not in place by default
    assert single(Dropout(0.5), channels=4, size=2).other_ops == 0
    assert single(Softmax(), channels=10, size=1).other_ops == 3 * 10
    assert single(Identity(), channels=4, size=2).activations == 0
    assert single(LocalResponseNorm(5), channels=4, size=2).other_ops == (2 * 5 + 3) * 16


def test_merges_and_shuffle():
    net = Network("t", channels=8, size=4)
    a = net.add("a", Conv2d(4, 1), inputs="input")
    b = net.add("b", Conv2d(6, 3, padding=1), inputs="input")
    net.add("cat", Concat(), inputs=[a, b])
    net.add("shuffle", ChannelShuffle(2))
    c = net.add("c", Conv2d(10, 1), inputs="input")
    net.add("sum", Add(), inputs=["shuffle", c])
    rows = {r.name: r for r in analyze(net).rows()}
    assert rows["cat"].output_shape == (4 + 6, 4, 4) and rows["cat"].macs == 0
    assert rows["shuffle"].macs == 0 and rows["shuffle"].other_ops == 0
    assert rows["shuffle"].activations == 10 * 4 * 4
    assert rows["sum"].other_ops == 10 * 4 * 4               # (n - 1) adds per element


def test_zero_pad_shortcut():
    row = single(ZeroPadShortcut(128, stride=2), channels=64, size=56)
    assert row.output_shape == (128, 28, 28) and row.params == 0 and row.macs == 0


def test_ceil_mode_window_may_overhang_the_edge():
    # PyTorch: ceil((2 - 3)/2) + 1 = 1 output for a 3×3/2 pool on 2×2 in ceil mode; floor gives 0
    assert single(MaxPool2d(3, stride=2, ceil_mode=True), channels=1, size=2).output_shape == (1, 1, 1)
    with pytest.raises(ShapeError, match="gives a non-positive output size"):
        single(MaxPool2d(3, stride=2), channels=1, size=2)
