"""Receptive fields: the rule of each layer kind (costcalc/layers/field.py), DAGs, and a
published table.

The published values are Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional
Neural Networks", Distill 2019 (doi:10.23915/distill.00021), as tabulated by the authors' library
(github.com/google-research/receptive_field): its README table of popular convnets and
RECEPTIVE_FIELD_TABLE.md, rows at resolution 224 (TF-Slim models). Each row: end-point, receptive
field r, effective stride (our jump j), effective padding P. Their P is how far the first output's
field reaches before pixel 0, so P = −lo = (r − 1)/2 − start in our terms.
"""

import json
from dataclasses import dataclass

import pytest
from hypothesis import given, settings, strategies as st

import costcalc
from costcalc import Network
from costcalc.engine import analyze
from costcalc.errors import SpecError
from costcalc.layers import (Add, AdaptiveAvgPool2d, BatchNorm2d, Concat, Conv2d, ConvTranspose2d,
                             GlobalAvgPool2d, GroupNorm, Layer, MaxPool2d, Mul, ReLU, Sigmoid, Upsample,
                             ZeroPad2d, no_macs, no_other_ops, no_params, same_shape)


def rf(analysis, node):
    """(r, j, P) on the H axis, and a check that W agrees (square nets)."""
    f = analysis.receptive_field(node)
    assert f.h == f.w, node
    return f.h.size, f.h.jump, -f.h.lo


# --- the published table -------------------------------------------------------------------------

# RECEPTIVE_FIELD_TABLE.md, alexnet_v2 at 224 (TF-Slim's one-tower AlexNet: the same kernels,
# strides and padding as our `alexnet`; its filter counts differ, which fields do not see)
ALEXNET = {"conv1": (11, 4, 0), "pool1": (19, 8, 0), "conv2": (51, 8, 16), "conv3": (99, 16, 32),
           "conv4": (131, 16, 48), "conv5": (163, 16, 64), "pool5": (195, 32, 64)}
# vgg_16 at 224 (README row: vgg_16 212, 32, 90)
VGG16 = {"conv1/conv1_1": (3, 1, 1), "conv1/pool": (6, 2, 2), "conv2/conv2_1": (10, 2, 4),
         "conv2/pool": (16, 4, 6), "conv3/conv3_1": (24, 4, 10), "conv3/conv3_2": (32, 4, 14),
         "conv3/pool": (44, 8, 18), "conv4/conv4_1": (60, 8, 26), "conv4/conv4_2": (76, 8, 34),
         "conv4/pool": (100, 16, 42), "conv5/conv5_1": (132, 16, 58), "conv5/conv5_2": (164, 16, 74),
         "conv5/pool": (212, 32, 90)}
# vgg_a at 224 (configuration A, our vgg11)
VGG11 = {"conv1/conv1_1": (3, 1, 1), "conv1/pool": (4, 2, 1), "conv2/conv2_1": (8, 2, 3),
         "conv2/pool": (10, 4, 3), "conv3/conv3_1": (18, 4, 7), "conv3/conv3_2": (26, 4, 11),
         "conv3/pool": (30, 8, 11), "conv4/conv4_1": (46, 8, 19), "conv4/conv4_2": (62, 8, 27),
         "conv4/pool": (70, 16, 27), "conv5/conv5_1": (102, 16, 43), "conv5/conv5_2": (134, 16, 59),
         "conv5/pool": (150, 32, 59)}
# mobilenet_v1 at 224: Conv2d_0, Conv2d_1_pointwise … Conv2d_13_pointwise (README: 315, 32, 126);
# TF's SAME padding puts the odd pixel after, as costcalc's padding="same" does, so P agrees too
MOBILENET = {"conv1/conv": (3, 2, 0), "ds1/pw": (7, 2, 2), "ds2/pw": (11, 4, 2), "ds3/pw": (19, 4, 6),
             "ds4/pw": (27, 8, 6), "ds5/pw": (43, 8, 14), "ds6/pw": (59, 16, 14), "ds7/pw": (91, 16, 30),
             "ds8/pw": (123, 16, 46), "ds9/pw": (155, 16, 62), "ds10/pw": (187, 16, 78),
             "ds11/pw": (219, 16, 94), "ds12/pw": (251, 32, 94), "ds13/pw": (315, 32, 126)}
# inception_v3 at 224 (README: 1311, 32, 618)
INCEPTION_V3 = {"stem/maxpool1": (15, 4, 2), "stem/maxpool2": (31, 8, 2),
                "inception_35/Mixed_5b/concat": (63, 8, 18), "inception_35/Mixed_5c/concat": (95, 8, 34),
                "inception_35/Mixed_5d/concat": (127, 8, 50), "inception_35/Mixed_6a/concat": (159, 16, 58),
                "inception_17/Mixed_6b/concat": (351, 16, 154), "inception_17/Mixed_6c/concat": (543, 16, 250),
                "inception_17/Mixed_6d/concat": (735, 16, 346), "inception_17/Mixed_6e/concat": (927, 16, 442),
                "inception_17/Mixed_7a/concat": (1055, 32, 490), "inception_8/Mixed_7b/concat": (1183, 32, 554),
                "inception_8/Mixed_7c/concat": (1311, 32, 618)}


@pytest.mark.parametrize("model, size, table", [
    ("alexnet", 224, ALEXNET), ("vgg16", 224, VGG16), ("vgg11", 224, VGG11),
    ("mobilenet", 224, MOBILENET), ("mobilenet-0.75", 224, MOBILENET),   # α changes no field
    ("inception-v3", 224, INCEPTION_V3)])
def test_the_published_end_points(model, size, table):
    a = costcalc.analyze(model, size)
    assert {node: rf(a, node) for node in table} == table


def test_mobilenet_at_321_where_same_padding_moves_the_field():
    # RECEPTIVE_FIELD_TABLE.md, mobilenet_v1 at 321: SAME padding now puts one pixel before
    # (total ((161 − 1)·2 + 3 − 321) = 2, split 1 + 1): P grows, r and j do not
    a = costcalc.analyze("mobilenet", 321)
    assert rf(a, "conv1/conv") == (3, 2, 1)
    assert rf(a, "ds13/pw") == (315, 32, 157)


# resnet_v1_50/101/152/200, block4 (README): r 483, 1027, 1507, 1763; stride 32; P 239, 511, 751, 879.
# Ours: the same r and j; P two pixels more. TF-Slim's max pool 3×3/2 uses SAME padding, which at
# 112 puts its one pixel of padding after the map (0 before); the paper's and torchvision's pool
# pads 1 on both sides: one position before, at a jump of 2, moves the field 2 pixels left.
@pytest.mark.parametrize("model, r, p_theirs", [("resnet50", 483, 239), ("resnet101", 1027, 511),
                                                ("resnet152", 1507, 751), ("resnet200", 1763, 879)])
def test_resnet_block4_against_the_table(model, r, p_theirs):
    a = costcalc.analyze(model)
    assert rf(a, "conv5_x/block3/relu") == (r, 32, p_theirs + 2)
    pool = a.receptive_field("conv2_x/pool/maxpool").h
    assert -pool.lo == 3 + 1 * 2                 # conv1's p = 3 at j = 1, then the pool's p = 1 at j = 2


def test_resnet50_blocks_have_the_table_sizes_at_half_its_strides():
    # resnet_v1_50 block1..block3 at 224: (35, 8, 15), (99, 16, 47), (291, 32, 143). TF-Slim
    # strides the last unit of a block (block1 ends at stride 8); the paper strides the first unit
    # of the next stage (conv2_x ends at stride 4), so the strides differ by 2 where the sizes agree.
    a = costcalc.analyze("resnet50")
    ends = ["conv2_x/block3/relu", "conv3_x/block4/relu", "conv4_x/block6/relu"]
    assert [rf(a, n)[:2] for n in ends] == [(35, 4), (99, 8), (291, 16)]


def test_vgg16_pool5_and_fc6_as_deeplab_counts_it():
    a = costcalc.analyze("vgg16")
    f = a.receptive_field("conv5/pool")
    assert f.size == (212, 212) and f.start == (15.5, 15.5)   # start = (211/2) − 90
    # FC6 reads all 7×7 positions: 212 + 6·32 = 404, Chen et al. (DeepLab, 2015): "404×404 pixels
    # if the net is applied convolutionally"
    assert a.receptive_field("classifier/fc6").size == (404, 404)


# --- the rule of each layer kind -----------------------------------------------------------------

def net_of(*layers, size=32, channels=4):
    net = Network("t", channels=channels, size=size)
    for i, layer in enumerate(layers):
        net.add(f"l{i}", layer)
    return analyze(net)


def test_stacked_3x3_convs_see_5_then_7():
    a = net_of(*(Conv2d(4, 3, padding=1) for _ in range(3)))
    # r_out = r_in + (k − 1)·j_in with j = 1: 1 + 2 = 3, 3 + 2 = 5, 5 + 2 = 7
    assert [a.receptive_field(f"l{i}").size for i in range(3)] == [(3, 3), (5, 5), (7, 7)]


def test_window_rule_stride_padding_dilation_and_per_axis_kernels():
    a = net_of(Conv2d(4, 7, stride=2, padding=3), MaxPool2d(3, stride=2, padding=1),
               Conv2d(4, 3, dilation=2, padding=2), Conv2d(4, (1, 7), padding=(0, 3)))
    conv1, pool, dilated, oblong = (a.receptive_field(f"l{i}") for i in range(4))
    assert conv1.size == (7, 7) and conv1.jump == (2, 2) and conv1.start == (0, 0)  # (7−1)/2 − 3 = 0
    # pool: 7 + (3 − 1)·2 = 11, j = 4, start 0 + ((3 − 1)/2 − 1)·2 = 0
    assert pool.size == (11, 11) and pool.jump == (4, 4) and pool.start == (0, 0)
    assert dilated.size == (11 + (5 - 1) * 4,) * 2                   # k_eff = 2·(3 − 1) + 1 = 5
    assert oblong.size == (27, 27 + 6 * 4)                           # 1×7: only W grows
    even = net_of(MaxPool2d(2, stride=2)).receptive_field("l0")
    assert even.start == (0.5, 0.5)                                  # (2 − 1)/2 − 0: between two pixels


def test_same_padding_splits_as_tensorflow_does():
    # total = max((out − 1)·s + k − H, 0), ⌊total/2⌋ before: on 8, (4 − 1)·2 + 3 − 8 = 1 → 0 before;
    # on 7, 6 + 3 − 7 = 2 → 1 before
    assert net_of(Conv2d(1, 3, stride=2, padding="same"), size=8).receptive_field("l0").h.lo == 0
    assert net_of(Conv2d(1, 3, stride=2, padding="same"), size=7).receptive_field("l0").h.lo == -1


def test_pointwise_layers_keep_the_field_and_global_pool_sees_the_whole_input():
    a = net_of(Conv2d(4, 3, padding=1), BatchNorm2d(), ReLU(), Conv2d(4, 1), GlobalAvgPool2d(), size=8)
    assert a.receptive_field("l3") == a.receptive_field("l0")
    # the pool's one output reads all 8 positions: 3 + (8 − 1)·1 = 10, from −1 to 8
    pool = a.receptive_field("l4")
    assert pool.size == (10, 10) and (pool.h.lo, pool.h.hi) == (-1, 8)


def test_adaptive_pool_is_a_window_when_the_bins_are_equal_and_an_error_otherwise():
    a = net_of(AdaptiveAvgPool2d(7), size=14)
    assert a.receptive_field("l0").size == (2, 2) and a.receptive_field("l0").jump == (2, 2)
    uneven = net_of(AdaptiveAvgPool2d(7), size=16)
    with pytest.raises(SpecError, match=r"^l0 \(AdaptiveAvgPool2d\): no single receptive field: adaptive "
                                        r"bins differ in size.*received H = 16$"):
        uneven.receptive_field("l0")


def test_upsampling_has_no_field_and_says_so_downstream():
    a = net_of(Conv2d(4, 3, padding=1), Upsample(scale_factor=2), Conv2d(4, 3, padding=1), size=8)
    with pytest.raises(SpecError, match=r"^l1 \(Upsample\): no single receptive field: each output sees"):
        a.receptive_field("l1")
    with pytest.raises(SpecError, match=r"^l1 \(Upsample\)"):   # the layer where the field was lost
        a.receptive_field("l2")
    assert a.row("l2").receptive_field is None and a.row("l2").field_unknown.startswith("l1 (Upsample)")
    strided = net_of(ConvTranspose2d(4, 4, stride=2, padding=1), size=8)
    with pytest.raises(SpecError, match="a transposed conv with stride s > 1"):
        strided.receptive_field("l0")


def test_a_stride_1_transposed_conv_is_the_conv_it_equals():
    # ConvTranspose2d(k, p) with stride 1 is Conv2d(k, padding = k − 1 − p)
    t = net_of(ConvTranspose2d(4, 5, padding=1), size=8).receptive_field("l0")
    c = net_of(Conv2d(4, 5, padding=3), size=8).receptive_field("l0")
    assert t == c and t.size == (5, 5)


def test_zero_pad_shifts_the_grid():
    f = net_of(ZeroPad2d((2, 0, 1, 0)), size=8).receptive_field("l0")   # left 2, top 1
    assert (f.h.lo, f.w.lo) == (-1, -2) and f.size == (1, 1)


# --- DAGs ----------------------------------------------------------------------------------------

def test_merges_take_the_union_of_their_paths():
    net = Network("dag", channels=4, size=16)
    stem = net.add("stem", Conv2d(4, 3, padding=1))
    one = net.add("one", Conv2d(4, 1), inputs=stem)
    five = net.add("five", Conv2d(4, 5, padding=2), inputs=stem)
    net.add("cat", Concat(), inputs=[one, five])
    net.add("squeeze", Conv2d(4, 1))
    net.add("add", Add(), inputs=["squeeze", stem])            # a residual: the stem's 3×3 path too
    a = analyze(net)
    # Inception's rule: the largest over the paths: 3 (1×1 branch) vs 3 + 4 = 7 (5×5 branch)
    assert a.receptive_field("cat").size == (7, 7)
    assert a.receptive_field("add") == a.receptive_field("cat")   # 7 ∪ 3, centred alike: 7


def test_misaligned_paths_give_the_union_not_the_larger():
    net = Network("dag", channels=1, size=8)
    a_ = net.add("a", Conv2d(1, 3, padding=1), inputs="input")            # output 0 sees [−1, 1]
    net.add("pad", ZeroPad2d((0, 2, 0, 2)), inputs="input")
    b = net.add("b", Conv2d(1, 3))                                         # sees [0, 2]: shifted
    net.add("add", Add(), inputs=[a_, b])
    f = analyze(net).receptive_field("add")
    assert (f.h.lo, f.h.hi) == (-1, 2) and f.size == (4, 4) and f.start == (0.5, 0.5)


def test_squeeze_excitation_makes_every_output_see_the_whole_map():
    net = Network("se", channels=4, size=8)
    x = net.add("conv", Conv2d(4, 3, padding=1))
    net.add("pool", GlobalAvgPool2d())
    net.add("fc", Conv2d(4, 1))
    gate = net.add("gate", Sigmoid())
    net.add("scale", Mul(), inputs=[x, gate])
    net.add("after", Conv2d(4, 3, padding=1))
    a = analyze(net)
    # the gate saw all of conv's 8 positions: [−1, 1 + 7] = 10 pixels; so does every output of scale
    assert a.receptive_field("scale").size == (10, 10)
    after = a.receptive_field("after")
    assert (after.h.lo, after.h.hi) == (-2, 2)            # its own window: [−1, 1] widened by 1
    assert after.h.extent == (-2, 8) and after.size == (11, 11)   # ∪ the gate's [−1, 8]
    gn = net_of(GroupNorm(2), size=6).receptive_field("l0")               # statistics over H×W
    assert gn.size == (6, 6)


# --- layers without a rule, and what reports show ------------------------------------------------

@dataclass(frozen=True)
class OldStyle(Layer):
    """A custom layer written before the receptive-field rule: it still counts."""
    output_shape = same_shape
    params = no_params
    macs = no_macs
    other_ops = no_other_ops


def test_a_layer_without_the_rule_is_an_error_when_its_field_is_asked_for():
    a = net_of(Conv2d(4, 3, padding=1), OldStyle())
    assert a.row("l1").params == 0                                    # the counts are unaffected
    with pytest.raises(SpecError, match=r"^l1 \(OldStyle\): the layer defines no receptive_field rule"):
        a.receptive_field("l1")
    data = costcalc.analyze(a.network).to_dict()
    record = next(r for r in data["layers"] if r["name"] == "l1")
    assert record["receptive_field"] is None and record["jump"] is None and record["start"] is None
    assert data["receptive_field_unknown"].startswith("receptive field (rf) not known from l1 on: l1 (OldStyle)")


@dataclass(frozen=True)
class WrongField(OldStyle):
    """A rule that returns something else than a Field."""
    def receptive_field(self, fields, x, y):
        return (3, 3)


def test_a_rule_must_return_a_field():
    with pytest.raises(SpecError, match=r"^l0 \(WrongField\): a receptive_field rule returns a Field"):
        net_of(WrongField()).receptive_field("l0")


def test_json_and_text_show_the_field(run):
    data = json.loads(run("report", "vgg16", "--format", "json").stdout)
    pool5 = next(r for r in data["layers"] if r["name"] == "conv5/pool")
    assert (pool5["receptive_field"], pool5["jump"], pool5["start"]) == ([212, 212], [32, 32], [15.5, 15.5])
    assert "receptive_field_unknown" not in data
    out = run("report", "vgg16", "--brief").stdout
    assert " rf" in out.splitlines()[4]
    pool_line = next(line for line in out.splitlines() if line.startswith("conv5/pool "))
    assert "212×212" in pool_line


def test_a_sweep_has_a_field_per_input_size():
    s = costcalc.sweep("mobilenet", [224, 321])
    assert [-s.receptive_fields(v)[s.index("ds13/pw")].h.lo for v in (0, 1)] == [126, 157]


def test_vgg_handout_says_two_3x3_see_5x5_three_7x7(run, tmp_path):
    path = tmp_path / "vgg16.md"
    assert run("handout", "vgg16", "-o", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "two 3×3 convs see 5×5, three see 7×7" in text
    assert "conv5/pool sees 212×212 pixels of the 224×224 input" in text
    assert "3·9·C² = 27·C² weights (C channels in and out) where one 7×7 conv has 49·C²" in text


# --- the rule against counting dependencies ------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 3), st.integers(0, 2), st.integers(1, 2)),
                min_size=1, max_size=4))
def test_the_field_is_what_an_interior_output_depends_on(chain):
    size, sizes, layers = 96, [96], []
    for k, s, p, d in chain:
        reach = d * (k - 1) + 1
        p = min(p, reach // 2)
        out = (sizes[-1] + 2 * p - reach) // s + 1
        if out < 3:
            return
        layers.append((k, s, p, d, sizes[-1]))
        sizes.append(out)
    net = Network("chain", channels=1, size=(size, 1))
    for i, (k, s, p, d, _) in enumerate(layers):
        net.add(f"l{i}", Conv2d(1, (k, 1), stride=(s, 1), padding=(p, 0), dilation=(d, 1)))
    field = analyze(net).receptive_field(f"l{len(layers) - 1}").h
    q = sizes[-1] // 2
    # walk back one layer at a time, checking no intermediate map is read outside its bounds
    positions = {q}
    for (k, s, p, d, n_in) in reversed(layers):
        positions = {o * s - p + i * d for o in positions for i in range(k)}
        if min(positions) < 0 or max(positions) >= n_in:
            return                                    # touches padding: not an interior output
    assert (min(positions), max(positions)) == (field.lo + q * field.jump, field.hi + q * field.jump)
