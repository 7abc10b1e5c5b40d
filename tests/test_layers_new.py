"""The layers added for the modern nets (issue 11): each one's shape, params, MACs, other ops and
activation rule against PyTorch's definition with the formula written out; their bad
hyper-parameters; brute-force counts where one makes sense."""

import itertools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from costcalc import Network, analyze
from costcalc.errors import CostcalcError, ShapeError
from costcalc.layers import (ELU, GELU, AdaptiveAvgPool2d, AdaptiveMaxPool2d, Add, ConvTranspose2d,
                             DropPath, GroupNorm, Hardsigmoid, Hardswish, InstanceNorm2d, LayerNorm,
                             LayerNorm2d, LayerScale, Linear, Mish, Mul, PixelShuffle, PReLU, SiLU, Slice,
                             StochasticDepth, Upsample, ZeroPad2d)
from costcalc.layers.pool import adaptive_extent


def single(layer, channels=3, size=8, **kw):
    """Analyse input → layer; return the layer's row."""
    net = Network("t", channels=channels, size=size)
    net.add("x", layer)
    return analyze(net, **kw).row("x")


def message(action) -> str:
    with pytest.raises(CostcalcError) as info:
        action()
    assert "\n" not in str(info.value)
    return str(info.value)


# -- activations: other ops per element as activation.py's table states -----------------------

@pytest.mark.parametrize("layer, per_element", [
    (SiLU(), 4),                      # x·σ(x): exp, add, divide, multiply
    (Hardsigmoid(), 4),               # two comparisons, × 1/6, + 1/2
    (Hardswish(), 5),                 # Hardsigmoid's 4, × x
    (GELU(), 5),                      # 0.5·x·(1 + erf(x/√2)): × 1/√2, erf, + 1, × x, × 1/2
    (GELU(approximate="tanh"), 9),    # x³ (2), × 0.044715, + x, × √(2/π), tanh, + 1, × x, × 1/2
    (Mish(), 5),                      # x·tanh(ln(1 + e^x)): exp, + 1, log, tanh, × x
    (ELU(), 4),                       # α(e^x − 1) for x ≤ 0: compare, exp, − 1, × α
    (PReLU(), 2),                     # compare, multiply
])
def test_activation_other_ops_and_new_tensor(layer, per_element):
    row = single(layer, channels=4, size=(2, 3))
    assert row.output_shape == (4, 2, 3) and row.macs == 0
    assert row.other_ops == per_element * 4 * 2 * 3
    assert row.activations == 4 * 2 * 3                     # PyTorch's default: not in place


def test_in_place_activations_write_no_tensor():
    for layer in (SiLU(inplace=True), Hardswish(inplace=True), Hardsigmoid(inplace=True),
                  Mish(inplace=True), ELU(inplace=True)):
        assert single(layer, channels=4, size=2).activations == 0, layer


def test_prelu_parameters_one_or_per_channel():
    assert single(PReLU(), channels=16).params == 1          # nn.PReLU(): one shared a
    assert single(PReLU(16), channels=16).params == 16       # nn.PReLU(num_parameters=C)
    assert message(lambda: single(PReLU(3), channels=16)) == (
        "x: PReLU has one parameter or one per channel; expected num_parameters 1 or 16; received 3")


def test_activation_hyper_parameters():
    assert message(lambda: GELU("exact")) == ("GELU(approximate): hyper-parameter approximate is one of "
                                              "'none', 'tanh'; expected none | tanh; received 'exact'")
    assert message(lambda: ELU(alpha=float("inf"))) == ("ELU(alpha): hyper-parameter alpha must be a "
                                                        "finite number; expected a number; received inf")
    assert message(lambda: SiLU(inplace=1)) == ("SiLU(inplace): hyper-parameter inplace is a flag; "
                                                "expected True or False; received 1")


def test_drop_path_and_stochastic_depth_are_identities_at_inference():
    for layer in (DropPath(0.1), StochasticDepth(0.2, "row"), StochasticDepth(0.2, "batch")):
        row = single(layer, channels=8, size=4)
        assert (row.output_shape, row.params, row.macs, row.other_ops, row.activations) == \
            ((8, 4, 4), 0, 0, 0, 0)
    assert message(lambda: StochasticDepth(0.1, "col")) == (
        "StochasticDepth(mode): hyper-parameter mode is one of 'row', 'batch'; expected row | batch; "
        "received 'col'")
    assert message(lambda: DropPath(1.5)).startswith("DropPath(drop_prob): hyper-parameter drop_prob must")


# -- normalisation: norm.py's ops, PyTorch's parameter shapes -----------------------------------

def test_layer_norm_2d_over_channels_at_each_position():
    # torchvision's LayerNorm2d(96) is nn.LayerNorm(96): weight (96,) and bias (96,)
    row = single(LayerNorm2d(), channels=96, size=56)
    assert row.params == row.bn == 2 * 96 and row.buffers == 0
    # 5 per element + 4 per position (56·56 groups) + 2 per element (γ, β)
    assert row.other_ops == 5 * 96 * 56 * 56 + 4 * 56 * 56 + 2 * 96 * 56 * 56
    assert single(LayerNorm2d(affine=False), channels=96, size=56).other_ops == \
        5 * 96 * 56 * 56 + 4 * 56 * 56


def test_layer_norm_over_trailing_dimensions():
    chw = single(LayerNorm((4, 5, 6)), channels=4, size=(5, 6))
    assert chw.params == 2 * 4 * 5 * 6                       # weight and bias of shape (C, H, W)
    assert chw.other_ops == 5 * 120 + 4 * 1 + 2 * 120        # one group: the whole sample
    w = single(LayerNorm(6), channels=4, size=(5, 6))
    assert w.params == 2 * 6 and w.other_ops == 5 * 120 + 4 * 20 + 2 * 120   # 4·5 groups of 6
    no_bias = single(LayerNorm((5, 6), bias=False), channels=4, size=(5, 6))
    assert no_bias.params == 5 * 6 and no_bias.other_ops == 5 * 120 + 4 * 4 + 1 * 120
    assert single(LayerNorm(6, elementwise_affine=False), channels=4, size=(5, 6)).params == 0
    assert message(lambda: single(LayerNorm((4, 5, 7)), channels=4, size=(5, 6))) == (
        "x: the input's trailing dimensions must equal normalized_shape; expected 4×5×7; received 4×5×6")
    assert message(lambda: LayerNorm((1, 2, 3, 4))) == (
        "LayerNorm(normalized_shape): normalized_shape is 1 or 2 or 3 integers; expected 1/2/3 values; "
        "received (1, 2, 3, 4)")


def test_group_norm():
    row = single(GroupNorm(2), channels=4, size=3)
    assert row.params == 2 * 4                               # nn.GroupNorm(2, 4): weight, bias (C,)
    assert row.other_ops == 5 * 36 + 4 * 2 + 2 * 36          # 2 groups of 2·3·3
    assert message(lambda: single(GroupNorm(3), channels=4)) == (
        "x: channels must be divisible by num_groups; expected a multiple of 3; received C=4")
    assert message(lambda: GroupNorm(0)).startswith("GroupNorm(num_groups): hyper-parameter num_groups")


def test_instance_norm_affine_and_running_statistics():
    plain = single(InstanceNorm2d(), channels=4, size=3)     # nn.InstanceNorm2d(4): nothing learned
    assert (plain.params, plain.buffers) == (0, 0)
    assert plain.other_ops == 5 * 36 + 4 * 4                 # one group per channel
    affine = single(InstanceNorm2d(affine=True), channels=4, size=3)
    assert affine.params == 8 and affine.other_ops == 5 * 36 + 4 * 4 + 2 * 36
    tracked = single(InstanceNorm2d(track_running_stats=True), channels=4, size=3)
    assert tracked.buffers == 8 and tracked.other_ops == 2 * 36   # folded, as batch norm


def test_layer_scale():
    row = single(LayerScale(1e-6), channels=96, size=56)
    assert row.params == row.weights == 96                   # nn.Parameter(torch.ones(C, 1, 1))
    assert row.other_ops == 96 * 56 * 56 and row.activations == 96 * 56 * 56


# -- merges, slices, resizing ---------------------------------------------------------------------

def _se_like(layer, gate_channels=8, size=5):
    net = Network("t", channels=8, size=size)
    net.add("gate", AdaptiveAvgPool2d(1))
    if gate_channels != 8:
        net.add("squeeze", Slice(0, gate_channels))
    return net, net.add("x", layer, inputs=[net.last, "input"])


@pytest.mark.parametrize("layer", [Mul(), Add()])
def test_broadcast_of_a_c11_tensor_over_chw(layer):
    net, x = _se_like(layer)
    row = analyze(net).row(x)
    assert row.output_shape == (8, 5, 5) and row.input_shapes == ((8, 1, 1), (8, 5, 5))
    assert row.other_ops == 8 * 5 * 5 and row.macs == 0      # one multiply (add) per output element


def test_broadcast_mismatch_is_a_shape_error():
    net, _ = _se_like(Mul(), gate_channels=3)
    assert message(lambda: analyze(net)) == (
        "x: Mul needs inputs of equal shape, or of size 1 where they differ (PyTorch's broadcasting); "
        "expected 3×1×1; received 8×5×5")


def test_broadcast_over_variants():
    net, x = _se_like(Mul())
    a = analyze(net, input_size=[5, 9])
    assert a.row(x, 1).output_shape == (8, 9, 9) and a.row(x, 1).other_ops == 8 * 9 * 9


def test_slice_is_a_view_of_some_channels():
    row = single(Slice(0, 58), channels=116, size=28)        # ShuffleNetV2's x.chunk(2, dim=1)
    assert row.output_shape == (58, 28, 28) and row.activations == 0 and row.other_ops == 0
    assert single(Slice(58), channels=116, size=28).output_shape == (58, 28, 28)   # stop None: to C
    assert message(lambda: single(Slice(50, 200), channels=116)) == (
        "x: the slice reaches past the input's channels; expected C >= 200; received C=116")
    assert message(lambda: Slice(3, 2)) == ("Slice(stop): a slice must keep at least one channel; "
                                            "expected stop > start=3; received 2")


def test_upsample_by_size_and_by_scale():
    nearest = single(Upsample(scale_factor=2), channels=4, size=7)
    assert nearest.output_shape == (4, 14, 14) and nearest.other_ops == 0      # a copy
    bilinear = single(Upsample(scale_factor=2, mode="bilinear"), channels=4, size=7)
    assert bilinear.other_ops == 9 * 4 * 14 * 14             # 6 multiplies + 3 adds per output
    assert single(Upsample(size=(5, 9)), channels=4, size=7).output_shape == (4, 5, 9)
    assert single(Upsample(scale_factor=0.5), channels=1, size=7).output_shape == (1, 3, 3)  # ⌊3.5⌋
    assert single(Upsample(scale_factor=(1.5, 2)), channels=1, size=7).output_shape == (1, 10, 14)


def test_upsample_errors():
    assert message(lambda: Upsample()) == ("Upsample(size): give exactly one of size and scale_factor; "
                                           "expected size=... or scale_factor=...; received "
                                           "size=None, scale_factor=None")
    assert message(lambda: Upsample(scale_factor=0.1)).startswith(
        "Upsample(scale_factor): scale_factor is a positive whole number or an exact binary fraction")
    assert message(lambda: Upsample(scale_factor=2, align_corners=True)) == (
        "Upsample(align_corners): align_corners applies to bilinear mode only (PyTorch's rule); "
        "received True")
    assert message(lambda: Upsample(scale_factor=2, mode="bicubic")).startswith(
        "Upsample(mode): hyper-parameter mode is one of 'nearest', 'bilinear'")
    assert message(lambda: single(Upsample(scale_factor=0.25), channels=1, size=3)) == (
        "x: the scale factor shrinks the input to nothing; expected an output of at least 1×1; "
        "received input 1×3×3")


def test_zero_pad_and_pixel_shuffle():
    pad = single(ZeroPad2d((1, 2, 3, 4)), channels=2, size=5)   # (left, right, top, bottom)
    assert pad.output_shape == (2, 5 + 3 + 4, 5 + 1 + 2) and pad.other_ops == 0
    assert single(ZeroPad2d(1), channels=2, size=5).output_shape == (2, 7, 7)
    shuffle = single(PixelShuffle(2), channels=16, size=5)   # (C/r², H·r, W·r)
    assert shuffle.output_shape == (4, 10, 10) and shuffle.activations == 400 and shuffle.other_ops == 0
    assert message(lambda: single(PixelShuffle(2), channels=6)) == (
        "x: channels must be divisible by upscale_factor²; expected a multiple of 4; received C=6")
    assert message(lambda: ZeroPad2d((1, 2))).startswith("ZeroPad2d(padding): padding is 1 or 4 integers")


def test_linear_at_every_position():
    # ConvNeXt-T's pwconv1 on res2: nn.Linear(96, 384) on a 56×56 channels-last map
    row = single(Linear(384, per_position=True), channels=96, size=56)
    assert row.output_shape == (384, 56, 56)
    assert row.params == 96 * 384 + 384
    assert row.macs == 56 * 56 * 96 * 384                    # H·W·C_in·C_out, FlopCounterMode's matmul
    assert row.other_ops == 384 * 56 * 56                    # bias adds


# -- ConvTranspose2d ----------------------------------------------------------------------------

def test_conv_transpose_golden():
    row = single(ConvTranspose2d(64, 4, stride=2, padding=1), channels=128, size=16)
    assert row.output_shape == (64, 32, 32)                  # (16 − 1)·2 − 2·1 + (4 − 1) + 0 + 1 = 32
    assert row.weights == 128 * 64 * 4 * 4 and row.biases == 64   # weight (C_in, C_out/g, k, k)
    assert row.macs == 16 * 16 * 128 * 64 * 4 * 4            # H_in·W_in·C_in·(C_out/g)·k_h·k_w
    assert row.other_ops == 64 * 32 * 32
    padded = single(ConvTranspose2d(8, 3, stride=2, padding=1, output_padding=1, groups=2), channels=4,
                    size=5)
    assert padded.output_shape == (8, 10, 10)                # (5 − 1)·2 − 2 + 2 + 1 + 1 = 10
    assert padded.weights == 4 * (8 // 2) * 3 * 3


def test_conv_transpose_errors():
    assert message(lambda: ConvTranspose2d(8, 3, stride=2, output_padding=2)) == (
        "ConvTranspose2d(output_padding): output_padding must be smaller than the stride or the dilation "
        "(PyTorch's rule); expected < 2; received (2, 2)")
    assert message(lambda: ConvTranspose2d(9, 3, groups=2)) == (
        "ConvTranspose2d(out_channels): out_channels must be divisible by groups; expected a multiple of "
        "groups=2; received out_channels=9")
    assert message(lambda: single(ConvTranspose2d(4, 1, padding=3), channels=1, size=2)) == (
        "x: conv transpose 1×1/1, 4 gives a non-positive output size; expected padding small enough for "
        "the input; received input 1×2×2")


def brute_force_transpose(layer: ConvTranspose2d, c_in: int, h: int, w: int):
    """Scatter every input element through every weight of its group, one MAC each (what
    FlopCounterMode counts), keeping the taps that land inside the output; and gather, for
    every output element, the taps that reach a real input element. Both count the same
    useful taps when the output size is right."""
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = layer.kernel_size, layer.stride, layer.padding, layer.dilation
    out_h = (h - 1) * sh - 2 * ph + dh * (kh - 1) + layer.output_padding[0] + 1
    out_w = (w - 1) * sw - 2 * pw + dw * (kw - 1) + layer.output_padding[1] + 1
    per_group = layer.out_channels // layer.groups
    scattered = landed = 0
    for _ic, iy, ix, _oc, ky, kx in itertools.product(range(c_in), range(h), range(w), range(per_group),
                                                       range(kh), range(kw)):
        scattered += 1
        oy, ox = iy * sh - ph + ky * dh, ix * sw - pw + kx * dw
        landed += 0 <= oy < out_h and 0 <= ox < out_w
    gathered = 0
    for _oc, oy, ox, _ic, ky, kx in itertools.product(range(per_group), range(out_h), range(out_w),
                                                       range(c_in), range(kh), range(kw)):
        ty, tx = oy + ph - ky * dh, ox + pw - kx * dw
        gathered += (ty % sh == 0 and tx % sw == 0 and 0 <= ty // sh < h and 0 <= tx // sw < w)
    return scattered, landed, gathered, (out_h, out_w)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(0, 2), st.integers(1, 2),
       st.integers(0, 1), st.integers(2, 5), st.integers(2, 5), st.sampled_from([1, 2]), st.integers(1, 2))
def test_conv_transpose_macs_equal_a_brute_force_count(k, s, c_mult, p, d, extra, h, w, groups, out_mult):
    assume(extra < max(s, d))
    layer = ConvTranspose2d(groups * out_mult, k, stride=s, padding=p, output_padding=extra,
                            groups=groups, dilation=d)
    c_in = groups * c_mult
    try:
        row = single(layer, channels=c_in, size=(h, w))
    except ShapeError:
        assume(False)
    scattered, landed, gathered, size = brute_force_transpose(layer, c_in, h, w)
    assert row.macs == scattered
    assert landed == gathered and row.output_shape[1:] == size


# -- adaptive pooling in closed form ------------------------------------------------------------

def loop_extent(size: int, out: int) -> int:
    """PyTorch's adaptive bins one by one: bin i covers [⌊i·size/out⌋, ⌈(i+1)·size/out⌉)."""
    return sum(-(-((i + 1) * size) // out) - (i * size) // out for i in range(out))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 300), st.integers(1, 300))
def test_adaptive_extent_closed_form_equals_the_loop(size, out):
    assert adaptive_extent(size, out) == loop_extent(size, out)


def test_adaptive_pools_golden_and_no_hang():
    # 7 → 3 bins: [0,3) [2,5) [4,7), 3 + 3 + 3 per axis
    assert single(AdaptiveAvgPool2d(3), channels=2, size=7).other_ops == 2 * 9 * 9
    mx = single(AdaptiveMaxPool2d(3), channels=2, size=7)
    assert mx.output_shape == (2, 3, 3) and mx.other_ops == 2 * (9 * 9 - 3 * 3)  # bin area − 1 per bin
    # AdaptiveAvgPool2d(2**40) once looped 2**40 times; the closed form answers (then the count
    # is refused as too large, not wrapped)
    assert message(lambda: single(AdaptiveAvgPool2d(2**40), channels=1, size=4)).startswith(
        "x: other ops exceed the int64 range")
    many = analyze(_one(AdaptiveMaxPool2d((3, 2))), input_size=[7, (9, 4)])
    assert [many.row("x", v).other_ops for v in (0, 1)] == [
        5 * (loop_extent(7, 3) * loop_extent(7, 2) - 6), 5 * (loop_extent(9, 3) * loop_extent(4, 2) - 6)]


def _one(layer):
    net = Network("t", channels=5, size=7)
    net.add("x", layer)
    return net


# -- bad hyper-parameters of the new layers, one line each --------------------------------------

BAD = [
    (lambda: InstanceNorm2d(eps=-1.0), "InstanceNorm2d(eps): hyper-parameter eps must be a finite number > 0; "
                                       "expected a number > 0; received -1.0"),
    (lambda: InstanceNorm2d(track_running_stats="yes"), "InstanceNorm2d(track_running_stats): hyper-parameter "
                                                        "track_running_stats is a flag; expected True or False; "
                                                        "received 'yes'"),
    (lambda: LayerNorm2d(eps=float("nan")), "LayerNorm2d(eps): hyper-parameter eps must be a finite number > 0; "
                                            "expected a number > 0; received nan"),
    (lambda: LayerScale(float("inf")), "LayerScale(init_value): hyper-parameter init_value must be a finite "
                                       "number; expected a number; received inf"),
    (lambda: Linear(10, per_position="yes"), "Linear(per_position): hyper-parameter per_position is a flag; "
                                             "expected True or False; received 'yes'"),
    (lambda: AdaptiveMaxPool2d((2, 2, 2)), "AdaptiveMaxPool2d(output_size): output_size must be an int or an "
                                           "(h, w) pair; expected 2 values; received (2, 2, 2)"),
    (lambda: PReLU(0), "PReLU(num_parameters): hyper-parameter num_parameters must be a positive integer; "
                       "expected >= 1; received 0"),
    (lambda: PixelShuffle(True), "PixelShuffle(upscale_factor): hyper-parameter upscale_factor must be a "
                                 "positive integer; expected >= 1; received True"),
    (lambda: ConvTranspose2d(8, (3, 3, 3)), "ConvTranspose2d(kernel_size): kernel_size must be an int or an "
                                            "(h, w) pair; expected 2 values; received (3, 3, 3)"),
    (lambda: Slice(-1, 4), "Slice(start): hyper-parameter start must be an integer >= 0; expected >= 0; "
                           "received -1"),
    (lambda: Upsample(size=(4, 0)), "Upsample(size): hyper-parameter size must be a positive integer; "
                                    "expected >= 1; received 0"),
]


@pytest.mark.parametrize("make, expected", BAD, ids=[m.split(":")[0] for _, m in BAD])
def test_bad_hyper_parameters_of_the_new_layers(make, expected):
    assert message(make) == expected


def test_mul_merges_two_or_more_inputs():
    net = Network("t", channels=4, size=2)
    assert message(lambda: net.add("m", Mul())) == ("m: Mul merges two or more inputs; expected >= 2 inputs; "
                                                    "received 1")
