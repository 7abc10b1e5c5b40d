"""One ONNX graph per op mapping (built with onnx.helper; no torch): the costcalc layer each op
becomes, its output shape, params and MACs. Every expected number is the layer's formula
written out beside it (costcalc/layers docstrings)."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")  # these tests need the costcalc[onnx] extra
from onnx_graphs import (analyze, floats, graph, int_array, int_scalar, ints, node, rows, scalar,  # noqa: E402
                         weight)

CASES = {
    # Conv 3→8, 3×3, pads 1 on 8×8: weights 3·3·3·8 = 216 + 8 biases; MACs 3·3·3 · 8·8·8 = 13,824
    "conv": ([node("Conv", ["x", "w", "b"], ["y"], kernel_shape=[3, 3], pads=[1, 1, 1, 1])],
             [weight("w", 8, 3, 3, 3), weight("b", 8)], (1, 3, 8, 8),
             [("Conv2d", (8, 8, 8), 224, 13824)]),
    # groups 3 (depthwise), stride 2, dilation 2, no bias: weights 3·1·3·3 = 27;
    # H_out = ⌊(8 + 2·2 − 2·2 − 1)/2⌋ + 1 = 4; MACs 3·3·1 · 3·4·4 = 432
    "conv depthwise dilated": ([node("Conv", ["x", "w"], ["y"], group=3, strides=[2, 2], dilations=[2, 2],
                                     pads=[2, 2, 2, 2])], [weight("w", 3, 1, 3, 3)], (1, 3, 8, 8),
                               [("Conv2d", (3, 4, 4), 27, 432)]),
    # auto_pad SAME_UPPER, stride 2: H_out = ⌈8/2⌉ = 4; MACs 3·3·3 · 4·4·4 = 1,728; weights 108
    "conv same": ([node("Conv", ["x", "w"], ["y"], kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_UPPER")],
                  [weight("w", 4, 3, 3, 3)], (1, 3, 8, 8), [("Conv2d", (4, 4, 4), 108, 1728)]),
    # TensorFlow's SAME written out (pads 0, 0, 1, 1 at stride 2 on 8×8) is padding="same": H_out 4
    "conv tf same pads": ([node("Conv", ["x", "w"], ["y"], kernel_shape=[3, 3], strides=[2, 2], pads=[0, 0, 1, 1])],
                          [weight("w", 4, 3, 3, 3)], (1, 3, 8, 8), [("Conv2d", (4, 4, 4), 108, 1728)]),
    # other asymmetric pads (1, 0, 0, 0): ZeroPad2d to 3×9×8, then a 3×3 conv: H_out 7, W_out 6;
    # MACs 3·3·3 · 4·7·6 = 4,536
    "conv asymmetric pads": ([node("Conv", ["x", "w"], ["y"], kernel_shape=[3, 3], pads=[1, 0, 0, 0])],
                             [weight("w", 4, 3, 3, 3)], (1, 3, 8, 8),
                             [("ZeroPad2d", (3, 9, 8), 0, 0), ("Conv2d", (4, 7, 6), 108, 4536)]),
    # ConvTranspose 3→6 (weight C_in × C_out/g × k × k), 2×2 stride 2: H_out = (8−1)·2 + 2 = 16;
    # weights 3·6·2·2 = 72 + 6 biases; MACs H·W·C_in·C_out·k² = 8·8·3·6·4 = 4,608
    "conv transpose": ([node("ConvTranspose", ["x", "w", "b"], ["y"], kernel_shape=[2, 2], strides=[2, 2])],
                       [weight("w", 3, 6, 2, 2), weight("b", 6)], (1, 3, 8, 8),
                       [("ConvTranspose2d", (6, 16, 16), 78, 4608)]),
    # MaxPool 3×3/2 pads 1, ceil: H_out = ⌈(8 + 2 − 3)/2⌉ + 1 = 5 (the last window starts at
    # (5 − 1)·2 = 8 < 8 + 1, inside the input, so it stays). No params or MACs.
    "max pool ceil": ([node("MaxPool", ["x"], ["y"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                            ceil_mode=1)], [], (1, 3, 8, 8), [("MaxPool2d", (3, 5, 5), 0, 0)]),
    # AveragePool 2×2/2 with count_include_pad (the divisor only): H_out 4
    "average pool": ([node("AveragePool", ["x"], ["y"], kernel_shape=[2, 2], strides=[2, 2], count_include_pad=1)],
                     [], (1, 3, 8, 8), [("AvgPool2d", (3, 4, 4), 0, 0)]),
    "global average pool": ([node("GlobalAveragePool", ["x"], ["y"])], [], (1, 3, 8, 8),
                            [("GlobalAvgPool2d", (3, 1, 1), 0, 0)]),
    "global max pool": ([node("GlobalMaxPool", ["x"], ["y"])], [], (1, 3, 8, 8),
                        [("AdaptiveMaxPool2d", (3, 1, 1), 0, 0)]),
    # ReduceMean over H and W without keepdims (PyTorch's x.mean([2, 3])), then Gemm 3 → 5:
    # weights 3·5 = 15 + 5 biases, MACs 15
    "reduce mean + gemm": ([node("ReduceMean", ["x"], ["m"], axes=[2, 3], keepdims=0),
                            node("Gemm", ["m", "w", "b"], ["y"], transB=1)],
                           [weight("w", 5, 3), weight("b", 5)], (1, 3, 8, 8),
                           [("GlobalAvgPool2d", (3, 1, 1), 0, 0), ("Linear", (5, 1, 1), 20, 15)]),
    # Flatten 3·4·4 = 48 features, Gemm without transB (weight K × M = 48 × 10): 480 + 10; MACs 480
    "flatten + gemm": ([node("Flatten", ["x"], ["f"]), node("Gemm", ["f", "w", "b"], ["y"])],
                       [weight("w", 48, 10), weight("b", 10)], (1, 3, 4, 4),
                       [("Flatten", (48, 1, 1), 0, 0), ("Linear", (10, 1, 1), 490, 480)]),
    # Reshape (N, C·H·W) is a Flatten too
    "reshape flatten": ([node("Reshape", ["x", "s"], ["f"]), node("Gemm", ["f", "w"], ["y"], transB=1)],
                        [ints("s", 1, -1), weight("w", 2, 48)], (1, 3, 4, 4),
                        [("Flatten", (48, 1, 1), 0, 0), ("Linear", (2, 1, 1), 96, 96)]),
    # MatMul + Add on (N, K): one Linear with a bias: 48·10 + 10
    "matmul + add": ([node("Flatten", ["x"], ["f"]), node("MatMul", ["f", "w"], ["m"]),
                      node("Add", ["m", "b"], ["y"])], [weight("w", 48, 10), weight("b", 10)], (1, 3, 4, 4),
                     [("Flatten", (48, 1, 1), 0, 0), ("Linear", (10, 1, 1), 490, 480)]),
    # Transpose to channels-last, MatMul 3 → 6 at each of 4·4 positions (ConvNeXt's pointwise
    # layer), back: weights 18 + 6; MACs 4·4·3·6 = 288
    "transpose + matmul": ([node("Transpose", ["x"], ["t"], perm=[0, 2, 3, 1]), node("MatMul", ["t", "w"], ["m"]),
                            node("Add", ["b", "m"], ["a"]), node("Transpose", ["a"], ["y"], perm=[0, 3, 1, 2])],
                           [weight("w", 3, 6), weight("b", 6)], (1, 3, 4, 4),
                           [("Linear", (6, 4, 4), 24, 288)]),
    # BatchNormalization: γ, β (2·3) are params, mean and variance (2·3) buffers
    "batch norm": ([node("BatchNormalization", ["x", "g", "bt", "mu", "var"], ["y"])],
                   [weight(n, 3) for n in ("g", "bt", "mu", "var")], (1, 3, 8, 8),
                   [("BatchNorm2d", (3, 8, 8), 6, 0)]),
    # LayerNormalization over channels-last C (ConvNeXt's LayerNorm2d): γ, β = 2·3
    "layer norm channels-last": ([node("Transpose", ["x"], ["t"], perm=[0, 2, 3, 1]),
                                  node("LayerNormalization", ["t", "g", "b"], ["n"], axis=-1, epsilon=1e-6),
                                  node("Transpose", ["n"], ["y"], perm=[0, 3, 1, 2])],
                                 [weight("g", 3), weight("b", 3)], (1, 3, 4, 4), [("LayerNorm2d", (3, 4, 4), 6, 0)]),
    # LayerNormalization over (C, H, W) (axis 1): γ, β of 3·4·4 = 96 elements
    "layer norm chw": ([node("LayerNormalization", ["x", "g", "b"], ["y"], axis=1)],
                       [weight("g", 3, 4, 4), weight("b", 3, 4, 4)], (1, 3, 4, 4), [("LayerNorm", (3, 4, 4), 96, 0)]),
    "instance norm": ([node("InstanceNormalization", ["x", "g", "b"], ["y"])], [weight("g", 3), weight("b", 3)],
                      (1, 3, 4, 4), [("InstanceNorm2d", (3, 4, 4), 6, 0)]),
    "group norm": ([node("GroupNormalization", ["x", "g", "b"], ["y"], num_groups=2)],
                   [weight("g", 4), weight("b", 4)], (1, 4, 4, 4), [("GroupNorm", (4, 4, 4), 8, 0)], 21),
    "lrn": ([node("LRN", ["x"], ["y"], size=5, alpha=1e-4, beta=0.75, bias=2.0)], [], (1, 3, 4, 4),
            [("LocalResponseNorm", (3, 4, 4), 0, 0)]),
    "relu": ([node("Relu", ["x"], ["y"])], [], (1, 3, 4, 4), [("ReLU", (3, 4, 4), 0, 0)]),
    "sigmoid": ([node("Sigmoid", ["x"], ["y"])], [], (1, 3, 4, 4), [("Sigmoid", (3, 4, 4), 0, 0)]),
    "tanh": ([node("Tanh", ["x"], ["y"])], [], (1, 3, 4, 4), [("Tanh", (3, 4, 4), 0, 0)]),
    "leaky relu": ([node("LeakyRelu", ["x"], ["y"], alpha=0.1)], [], (1, 3, 4, 4), [("LeakyReLU", (3, 4, 4), 0, 0)]),
    "elu": ([node("Elu", ["x"], ["y"])], [], (1, 3, 4, 4), [("ELU", (3, 4, 4), 0, 0)]),
    "hard sigmoid": ([node("HardSigmoid", ["x"], ["y"], alpha=1 / 6)], [], (1, 3, 4, 4),
                     [("Hardsigmoid", (3, 4, 4), 0, 0)]),
    "hard swish": ([node("HardSwish", ["x"], ["y"])], [], (1, 3, 4, 4), [("Hardswish", (3, 4, 4), 0, 0)]),
    "mish": ([node("Mish", ["x"], ["y"])], [], (1, 3, 4, 4), [("Mish", (3, 4, 4), 0, 0)], 18),
    "gelu": ([node("Gelu", ["x"], ["y"])], [], (1, 3, 4, 4), [("GELU", (3, 4, 4), 0, 0)], 20),
    # PRelu with one slope per channel: 3 weights
    "prelu": ([node("PRelu", ["x", "s"], ["y"])], [weight("s", 3, 1, 1)], (1, 3, 4, 4), [("PReLU", (3, 4, 4), 3, 0)]),
    "clip relu6": ([node("Clip", ["x", "lo", "hi"], ["y"])], [scalar("lo", 0.0), scalar("hi", 6.0)], (1, 3, 4, 4),
                   [("ReLU6", (3, 4, 4), 0, 0)]),
    "clip relu": ([node("Clip", ["x", "lo"], ["y"])], [scalar("lo", 0.0)], (1, 3, 4, 4), [("ReLU", (3, 4, 4), 0, 0)]),
    "clip opset 6": ([node("Clip", ["x"], ["y"], min=0.0, max=6.0)], [], (1, 3, 4, 4), [("ReLU6", (3, 4, 4), 0, 0)], 6),
    "softmax": ([node("Flatten", ["x"], ["f"]), node("Softmax", ["f"], ["y"], axis=1)], [], (1, 3, 2, 2),
                [("Flatten", (12, 1, 1), 0, 0), ("Softmax", (12, 1, 1), 0, 0)]),
    "dropout": ([node("Dropout", ["x", "p"], ["y"])], [scalar("p", 0.2)], (1, 3, 4, 4), [("Dropout", (3, 4, 4), 0, 0)]),
    "identity": ([node("Identity", ["x"], ["y"])], [], (1, 3, 4, 4), [("Identity", (3, 4, 4), 0, 0)]),
    # Add and Mul broadcasting (C, 1, 1) over (C, H, W): squeeze-excitation's gate
    "add": ([node("Relu", ["x"], ["r"]), node("Add", ["x", "r"], ["y"])], [], (1, 3, 4, 4),
            [("ReLU", (3, 4, 4), 0, 0), ("Add", (3, 4, 4), 0, 0)]),
    "mul broadcast": ([node("GlobalAveragePool", ["x"], ["g"]), node("Sigmoid", ["g"], ["s"]),
                       node("Mul", ["x", "s"], ["y"])], [], (1, 3, 4, 4),
                      [("GlobalAvgPool2d", (3, 1, 1), 0, 0), ("Sigmoid", (3, 1, 1), 0, 0), ("Mul", (3, 4, 4), 0, 0)]),
    "sum": ([node("Relu", ["x"], ["r"]), node("Sigmoid", ["x"], ["s"]), node("Sum", ["x", "r", "s"], ["y"])], [],
            (1, 3, 4, 4), [("ReLU", (3, 4, 4), 0, 0), ("Sigmoid", (3, 4, 4), 0, 0), ("Add", (3, 4, 4), 0, 0)]),
    # Mul by a (C, 1, 1) initializer: ConvNeXt's layer scale, C = 3 weights
    "layer scale": ([node("Mul", ["g", "x"], ["y"])], [weight("g", 3, 1, 1)], (1, 3, 4, 4),
                    [("LayerScale", (3, 4, 4), 3, 0)]),
    "concat": ([node("Relu", ["x"], ["r"]), node("Concat", ["x", "r"], ["y"], axis=1)], [], (1, 3, 4, 4),
               [("ReLU", (3, 4, 4), 0, 0), ("Concat", (6, 4, 4), 0, 0)]),
    "split": ([node("Split", ["x", "s"], ["a", "b"], axis=1), node("Concat", ["b", "a"], ["y"], axis=1)],
              [ints("s", 1, 3)],
              (1, 4, 4, 4), [("Slice", (1, 4, 4), 0, 0), ("Slice", (3, 4, 4), 0, 0), ("Concat", (4, 4, 4), 0, 0)]),
    "slice channels": ([node("Slice", ["x", "st", "en", "ax"], ["y"])],
                       [ints("st", 1), ints("en", 2**63 - 1), ints("ax", 1)], (1, 4, 4, 4),
                       [("Slice", (3, 4, 4), 0, 0)]),
    "pad": ([node("Pad", ["x", "p"], ["y"])], [ints("p", 0, 0, 1, 2, 0, 0, 3, 4)], (1, 3, 4, 4),
            [("ZeroPad2d", (3, 8, 10), 0, 0)]),
    "pad channels": ([node("Pad", ["x", "p"], ["y"])], [ints("p", 0, 0, 0, 0, 0, 5, 0, 0)], (1, 3, 4, 4),
                     [("ZeroPadShortcut", (8, 4, 4), 0, 0)]),
    "resize scales": ([node("Resize", ["x", "", "sc"], ["y"], mode="nearest")], [floats("sc", 1, 1, 2, 2)],
                      (1, 3, 4, 4), [("Upsample", (3, 8, 8), 0, 0)]),
    "resize sizes": ([node("Resize", ["x", "", "", "sz"], ["y"], mode="linear")], [ints("sz", 1, 3, 6, 10)],
                     (1, 3, 4, 4), [("Upsample", (3, 6, 10), 0, 0)]),
    "upsample opset 9": ([node("Upsample", ["x", "sc"], ["y"])], [floats("sc", 1, 1, 2, 2)], (1, 3, 4, 4),
                         [("Upsample", (3, 8, 8), 0, 0)], 9),
    "depth to space": ([node("DepthToSpace", ["x"], ["y"], blocksize=2, mode="CRD")], [], (1, 8, 4, 4),
                       [("PixelShuffle", (2, 8, 8), 0, 0)]),
    # Squeeze / Unsqueeze of (N, C, 1, 1) change no costcalc shape: no node of their own
    "squeeze unsqueeze": ([node("GlobalAveragePool", ["x"], ["g"]), node("Squeeze", ["g", "ax"], ["s"]),
                           node("Unsqueeze", ["s", "ax"], ["u"]), node("Relu", ["u"], ["y"])], [ints("ax", 2, 3)],
                          (1, 3, 4, 4), [("GlobalAvgPool2d", (3, 1, 1), 0, 0), ("ReLU", (3, 1, 1), 0, 0)]),
    # a shape subgraph (Shape → Gather → Unsqueeze → Concat) folded for a Reshape's target
    "shape subgraph": ([node("Shape", ["x"], ["sh"]), node("Gather", ["sh", "zero"], ["n"], axis=0),
                        node("Unsqueeze", ["n", "ax0"], ["n1"]), node("Concat", ["n1", "minus1"], ["t"], axis=0),
                        node("Cast", ["t"], ["t64"], to=7), node("Reshape", ["x", "t64"], ["y"])],
                       [int_scalar("zero", 0), ints("ax0", 0), ints("minus1", -1)],
                       (1, 3, 4, 4), [("Flatten", (48, 1, 1), 0, 0)]),
    # dynamo's as_strided on a batch-1 graph: Reshape(-1) merges the batch, a Gather by indices
    # (1, C, H, W) that reorder every element brings it back: a view, no node of its own
    "reshape -1 + gather": ([node("Reshape", ["x", "flat"], ["f"]), node("Gather", ["f", "idx"], ["g"], axis=0),
                             node("Relu", ["g"], ["y"])],
                            [ints("flat", -1), int_array("idx", np.arange(12).reshape(1, 3, 2, 2))],
                            (1, 3, 2, 2), [("ReLU", (3, 2, 2), 0, 0)]),
    # ShuffleNet's channel shuffle: Reshape (N, 2, 3, H, W) → Transpose → Reshape back
    "channel shuffle": ([node("Reshape", ["x", "s5"], ["r5"]), node("Transpose", ["r5"], ["t5"], perm=[0, 2, 1, 3, 4]),
                         node("Reshape", ["t5", "s4"], ["y"])], [ints("s5", 1, 2, 3, 4, 4), ints("s4", 1, 6, 4, 4)],
                        (1, 6, 4, 4), [("ChannelShuffle", (6, 4, 4), 0, 0)]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_op_mapping(tmp_path, case):
    nodes, inits, dims, expected, *opset = CASES[case]
    assert rows(tmp_path, graph(nodes, inits, dims, opset=opset[0] if opset else 17)) == expected


def test_channel_shuffle_groups(tmp_path):
    """The shuffle's g is read from the permutation: (N, 2, 3, H, W) is g = 2."""
    nodes, inits, dims, _ = CASES["channel shuffle"]
    assert analyze(tmp_path, graph(nodes, inits, dims)).rows()[-1].layer.groups == 2

