"""Each layer type's saved rule on its own: what its operation keeps for backward, in bytes, on a
2×4×6×6 fp32 input (N = 2 samples of C·H·W = 4·6·6 = 144 elements: 288 elements, 1,152 bytes)
unless the case says otherwise. Every golden number is written as its formula, with the entry of
PyTorch 2.14's tools/autograd/derivatives.yaml (or the ATen or torchvision code) it follows."""

from __future__ import annotations

import pytest

from costcalc import Network
from costcalc.engine import analyze
from costcalc.errors import SpecError
from costcalc.layers import (ELU, GELU, Add, AdaptiveAvgPool2d, AdaptiveMaxPool2d, AvgPool2d, BatchNorm2d,
                             ChannelShuffle, Concat, Conv2d, ConvTranspose2d, DropPath, Dropout, Flatten,
                             GlobalAvgPool2d, GroupNorm, Hardsigmoid, Hardswish, Identity, InstanceNorm2d,
                             LayerNorm, LayerNorm2d, LayerScale, LeakyReLU, Linear, LocalResponseNorm,
                             MaxPool2d, Mish, Mul, PixelShuffle, PReLU, ReLU, ReLU6, Sigmoid, SiLU, Slice,
                             Softmax, StochasticDepth, Tanh, Upsample, ZeroPad2d, ZeroPadShortcut,
                             layer_types)
from costcalc.training import training_memory

N, C, H, W = 2, 4, 6, 6
X = N * C * H * W * 4  # 1,152 bytes: the input, fp32

# (case id, layer, bytes the layer keeps, formula and source)
SINGLE = [
    ("Conv2d", Conv2d(8, 3, padding=1), X + 3 * 3 * 4 * 8 * 4,
     "input + weight k·k·C_in·C_out; convolution: convolution_backward(grad, input, weight, bias sizes)"),
    ("Conv2d depthwise", Conv2d(4, 3, padding=1, groups=4, bias=False), X + 3 * 3 * 1 * 4 * 4,
     "input + weight k·k·(C_in/g)·C_out; convolution"),
    ("ConvTranspose2d", ConvTranspose2d(8, 3, stride=2), X + 4 * 8 * 3 * 3 * 4,
     "input + weight C_in·C_out·k·k; convolution with transposed=True"),
    ("Linear per position", Linear(10, per_position=True), X + 4 * 10 * 4,
     "mat1 (the input) + mat2 = weight.t() (C_in·C_out); addmm"),
    ("MaxPool2d", MaxPool2d(2), X + N * C * 3 * 3 * 8,
     "self + result1, int64 indices N·C·H_out·W_out; max_pool2d_with_indices"),
    ("AvgPool2d", AvgPool2d(2), X, "self; avg_pool2d: avg_pool2d_backward(grad, self, ...)"),
    ("GlobalAvgPool2d", GlobalAvgPool2d(), 0, "nothing; mean.dim: mean_backward(grad, sizes, ...)"),
    ("AdaptiveAvgPool2d 1×1", AdaptiveAvgPool2d(1), 0, "nothing: ATen runs a 1×1 adaptive average as mean.dim"),
    ("AdaptiveAvgPool2d 6×6", AdaptiveAvgPool2d(6), X,
     "self, even at the input's size (VGG's 7×7 on 7×7); _adaptive_avg_pool2d"),
    ("AdaptiveMaxPool2d", AdaptiveMaxPool2d(3), X + N * C * 3 * 3 * 8,
     "self + result1 int64 indices; adaptive_max_pool2d"),
    ("BatchNorm2d", BatchNorm2d(), X + 5 * C * 4,
     "input + weight, running_mean, running_var, result1 (mean), result2 (invstd), C each; native_batch_norm"),
    ("BatchNorm2d no affine", BatchNorm2d(affine=False), X + 4 * C * 4,
     "input + running_mean, running_var, result1, result2; native_batch_norm (weight None)"),
    ("LayerNorm2d", LayerNorm2d(), X + 2 * C * 4 + 2 * N * H * W * 4,
     "input + weight, bias (C each) + mean, rstd (N·H·W each); native_layer_norm"),
    ("LayerNorm C×H×W", LayerNorm((C, H, W)), X + 2 * C * H * W * 4 + 2 * N * 4,
     "input + weight, bias (n = C·H·W each) + mean, rstd (one per sample); native_layer_norm"),
    ("LayerNorm W no bias", LayerNorm(W, bias=False), X + W * 4 + 2 * N * C * H * 4,
     "input + weight (n = W) + mean, rstd (N·C·H each); native_layer_norm (bias None)"),
    ("GroupNorm", GroupNorm(2), X + C * 4 + 2 * N * 2 * 4,
     "input + weight (C) + mean, rstd (N·G each); native_group_norm"),
    ("InstanceNorm2d", InstanceNorm2d(), X + 2 * N * C * 4,
     "input + save_mean, save_invstd (N·C each); ATen instance_norm → native_batch_norm"),
    ("InstanceNorm2d affine tracked", InstanceNorm2d(affine=True, track_running_stats=True), X + 5 * N * C * 4,
     "input + weight, running mean and var repeated N times, save_mean, save_invstd (N·C each)"),
    ("LocalResponseNorm", LocalResponseNorm(5), X + N * (C + 5 - 1) * H * W * 4 + 2 * X,
     "input + padded x² ((C + n − 1)·H·W) + (k + α·avg) + its power (C·H·W each): "
     "F.local_response_norm's mul.Tensor, avg_pool3d, pow.Tensor_Scalar, div.Tensor"),
    ("LayerScale", LayerScale(), X + C * 4, "other (the input) + self (γ, C); mul.Tensor"),
    ("ReLU", ReLU(inplace=False), X, "result (a new tensor); relu: threshold_backward(grad, result, 0)"),
    ("ReLU6", ReLU6(inplace=False), X, "self; hardtanh: hardtanh_backward(grad, self, 0, 6)"),
    ("LeakyReLU", LeakyReLU(inplace=False), X, "self; leaky_relu: leaky_relu_backward(grad, self, ...)"),
    ("ELU", ELU(), X, "self; elu: elu_backward(..., is_result=false, self)"),
    ("PReLU", PReLU(C), X + C * 4, "self + weight (C); _prelu_kernel"),
    ("Sigmoid", Sigmoid(), X, "result; sigmoid: sigmoid_backward(grad, result)"),
    ("Tanh", Tanh(), X, "result; tanh: tanh_backward(grad, result)"),
    ("Softmax", Softmax(), X, "result; _softmax: _softmax_backward_data(grad, result, ...)"),
    ("SiLU", SiLU(), X, "self; silu: silu_backward(grad, self)"),
    ("Hardsigmoid", Hardsigmoid(), X, "self; hardsigmoid: hardsigmoid_backward(grad, self)"),
    ("Hardswish", Hardswish(), X, "self; hardswish: hardswish_backward(grad, self)"),
    ("GELU", GELU(), X, "self; gelu: gelu_backward(grad, self, approximate)"),
    ("GELU tanh", GELU("tanh"), X, "self; gelu"),
    ("Mish", Mish(), X, "self; mish: mish_backward(grad, self)"),
    ("Dropout", Dropout(0.5, inplace=False), N * C * H * W * 1,
     "CUDA: result1, a 1-byte mask per element; native_dropout"),
    ("Dropout in place", Dropout(0.5), X, "noise of the input's type (4 bytes); input.mul_(noise): mul.Tensor"),
    ("Dropout p=0", Dropout(0.0, inplace=False), 0, "nothing: ATen returns the input (Dropout.cpp)"),
    ("Dropout p=1", Dropout(1.0, inplace=False), 4, "a 0-dim zero (one fp32): input · zeros({}) (Dropout.cpp)"),
    ("StochasticDepth row", StochasticDepth(0.2, "row"), N * 4,
     "noise N×1×1×1; torchvision.ops.stochastic_depth: input · noise (mul.Tensor)"),
    ("StochasticDepth batch", StochasticDepth(0.2, "batch"), 4, "noise 1×1×1×1 (mode 'batch')"),
    ("StochasticDepth p=0", StochasticDepth(0.0), 0, "nothing: stochastic_depth returns the input"),
    ("DropPath", DropPath(0.1), N * 4, "random_tensor N×1×1×1; timm drop_path: x · random_tensor"),
    ("DropPath 0", DropPath(0.0), 0, "nothing: drop_path returns x"),
    ("Identity", Identity(), 0, "nothing"),
    ("Flatten", Flatten(), 0, "nothing: a view (ViewBackward0 keeps sizes)"),
    ("Slice", Slice(0, 2), 0, "nothing: narrow/split keep sizes"),
    ("ChannelShuffle", ChannelShuffle(2), 0, "nothing: view, transpose, clone"),
    ("ZeroPadShortcut", ZeroPadShortcut(8, 2), 0, "nothing: strided slice, constant_pad_nd"),
    ("Upsample nearest", Upsample(scale_factor=2), 0, "nothing; upsample_nearest2d keeps sizes"),
    ("Upsample bilinear", Upsample(scale_factor=2, mode="bilinear"), 0, "nothing; upsample_bilinear2d"),
    ("ZeroPad2d", ZeroPad2d(1), 0, "nothing; constant_pad_nd: constant_pad_nd_backward(grad, pad)"),
    ("PixelShuffle", PixelShuffle(2), 0, "nothing; pixel_shuffle: pixel_unshuffle(grad, r)"),
    ("Concat one input", Concat(), 0, "nothing; cat: cat_tensors_backward(grad, sizes, types, dim)"),
]


def kept_by(layer, device: str = "cuda", channels: int = C, size=(H, W)) -> int:
    """Bytes ``layer`` keeps first when it reads a 2×channels×H×W fp32 input."""
    net = Network("one", channels=channels, size=size)
    net.add("layer", layer)
    memory = training_memory(analyze(net), device=device)
    return memory.saved_by_node[1].at(N)


@pytest.mark.parametrize("case, layer, expected, formula", SINGLE, ids=[c[0] for c in SINGLE])
def test_each_layer_keeps_what_its_derivative_needs(case, layer, expected, formula):
    assert kept_by(layer) == expected, formula


def test_linear_keeps_its_flat_input_and_its_weight():
    # mat1 N·C_in and mat2 = weight.t(), C_in·C_out, fp32 (addmm)
    assert kept_by(Linear(10), channels=144, size=(1, 1)) == N * 144 * 4 + 144 * 10 * 4


def test_dropout_differs_by_device_out_of_place_only():
    # CPU: input · noise keeps a 4-byte noise element per input element; CUDA: a 1-byte mask
    assert kept_by(Dropout(0.5, inplace=False), "cpu") == N * C * H * W * 4
    assert kept_by(Dropout(0.5, inplace=False), "cuda") == N * C * H * W * 1
    assert kept_by(Dropout(0.5, inplace=True), "cpu") == kept_by(Dropout(0.5, inplace=True), "cuda") == X


def _two_branches(merge):
    """conv a (8 channels), conv b (8), merged: conv outputs 2·8·6·6·4 = 2,304 bytes each."""
    net = Network("two", channels=C, size=(H, W))
    a = net.add("a", Conv2d(8, 3, padding=1, bias=False))
    b = net.add("b", Conv2d(8, 3, padding=1, bias=False), inputs="input")
    net.add("merge", merge, inputs=[a, b])
    return training_memory(analyze(net)).saved_by_node[3].at(N)


def test_add_and_concat_keep_nothing_mul_keeps_both_factors():
    assert _two_branches(Add()) == 0      # add.Tensor: self: grad, other: grad
    assert _two_branches(Concat()) == 0   # cat: sizes only
    assert _two_branches(Mul()) == 2 * (N * 8 * H * W * 4)  # mul.Tensor: self·other both kept


def test_mul_of_three_keeps_each_factor_and_the_partial_product():
    # ((a·b)·c): the first multiply keeps a and b, the second the partial a·b (new) and c
    net = Network("three", channels=C, size=(H, W))
    names = [net.add(n, Conv2d(8, 1, bias=False), inputs="input") for n in "abc"]
    net.add("mul", Mul(), inputs=names)
    memory = training_memory(analyze(net))
    assert memory.saved_by_node[4].at(N) == 4 * (N * 8 * H * W * 4)


def test_a_tensor_kept_by_several_layers_counts_once():
    """conv1 → ReLU (in place) → conv2: the ReLU keeps its output, which is conv1's memory, and
    conv2 keeps the same tensor as its input: one storage."""
    net = Network("chain", channels=C, size=(H, W))
    net.add("conv1", Conv2d(8, 3, padding=1, bias=False))
    net.add("relu", ReLU())
    net.add("conv2", Conv2d(8, 3, padding=1, bias=False))
    memory = training_memory(analyze(net))
    act = N * 8 * H * W * 4
    w1, w2 = 3 * 3 * C * 8 * 4, 3 * 3 * 8 * 8 * 4
    assert memory.per_node(N) == [0, X + w1, act, w2]
    assert memory.totals(N)["saved_bytes"] == X + w1 + act + w2


def test_an_in_place_op_that_reads_its_input_keeps_a_copy():
    """ReLU6 in place after a conv: hardtanh_'s derivative reads self, so autograd keeps the
    original input (a copy) and the conv's memory, now the ReLU6's output, is a second tensor
    that conv2 keeps: the same bytes as out of place."""
    def saved(inplace: bool) -> int:
        net = Network("relu6", channels=C, size=(H, W))
        net.add("conv1", Conv2d(8, 3, padding=1, bias=False))
        net.add("act", ReLU6(inplace=inplace))
        net.add("conv2", Conv2d(8, 3, padding=1, bias=False))
        return training_memory(analyze(net)).totals(N)["saved_bytes"]
    assert saved(True) == saved(False) == X + 3 * 3 * C * 8 * 4 + 2 * (N * 8 * H * W * 4) + 3 * 3 * 8 * 8 * 4


def test_leaky_relu_in_place_keeps_its_output():
    # leaky_relu_: leaky_relu_backward(grad, result, ...): the output is conv1's memory, which
    # conv2 keeps too: one tensor (out of place: the conv's output and the new output, two)
    def saved(inplace: bool) -> int:
        net = Network("leaky", channels=C, size=(H, W))
        net.add("conv1", Conv2d(8, 3, padding=1, bias=False))
        net.add("act", LeakyReLU(inplace=inplace))
        net.add("conv2", Conv2d(8, 3, padding=1, bias=False))
        return training_memory(analyze(net)).totals(N)["saved_bytes"]
    act = N * 8 * H * W * 4
    assert saved(False) - saved(True) == act


def test_a_view_keeps_its_whole_base():
    """ShuffleNet V2's branch conv reads half of the shuffled tensor (x.chunk: a view); the
    saved storage is the whole shuffled tensor, 2·8·6·6·4 bytes, as saved_tensors_hooks sees it."""
    net = Network("split", channels=C, size=(H, W))
    net.add("conv", Conv2d(8, 1, bias=False))
    net.add("shuffle", ChannelShuffle(2))
    net.add("half", Slice(4, 8))
    net.add("branch", Conv2d(4, 1, bias=False))
    memory = training_memory(analyze(net))
    assert memory.per_node(N)[4] == N * 8 * H * W * 4 + 4 * 4 * 4


def test_an_in_place_write_over_a_kept_tensor_is_refused():
    """ReLU keeps its output; an in-place Dropout after it would overwrite it, which PyTorch's
    backward refuses ('modified by an inplace operation'): no figure, a one-line error."""
    net = Network("refused", channels=C, size=(H, W))
    net.add("relu", ReLU(inplace=False))
    net.add("drop", Dropout(0.5))
    with pytest.raises(SpecError) as error:
        training_memory(analyze(net))
    assert str(error.value) == ("drop: an in-place layer overwrites a tensor that relu keeps for backward "
                                "(PyTorch's backward refuses it: 'modified by an inplace operation'); "
                                "expected inplace=False on this layer; received inplace=True")


def test_every_layer_type_has_a_golden_case():
    covered = {type(layer).__name__ for _, layer, _, _ in SINGLE} | {"Linear", "Add", "Mul", "Input"}
    assert set(layer_types()) - covered == set()
