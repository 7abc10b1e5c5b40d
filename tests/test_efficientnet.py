"""EfficientNet B0–B7 (specs/efficientnet.py): Table 1 walked with each variant's compound
coefficients; params equal torchvision's published counts; every MBConv's depthwise conv pairs
with its projection across the squeeze-excitation."""

import math

import pytest

from conftest import analysis_of, assert_option_error
from costcalc.blocks.mobile import make_divisible
from costcalc.separable import pairs
from costcalc.specs.efficientnet import SCALING, TABLE_1

# torchvision.models.EfficientNet_B*_Weights.IMAGENET1K_V1.meta["num_params"]
PUBLISHED = {"b0": 5_288_548, "b1": 7_794_184, "b2": 9_109_994, "b3": 12_233_232,
             "b4": 19_341_616, "b5": 30_389_784, "b6": 43_040_704, "b7": 66_347_960}


@pytest.mark.parametrize("variant", sorted(PUBLISHED))
def test_params_equal_torchvisions_published_counts(variant):
    assert analysis_of(f"efficientnet-{variant}").totals()["params"] == PUBLISHED[variant]


def test_each_variant_at_its_resolution():
    for variant, (_, _, resolution, _) in SCALING.items():
        a = analysis_of(f"efficientnet-{variant}")
        assert (int(a.height[0]), int(a.width[0])) == (resolution, resolution)


def test_strides_read_from_the_resolution_column_are_torchvisions():
    # torchvision's bneck_conf strides for stages 2–8: 1, 2, 2, 2, 1, 2, 1 (and the stem's 2)
    a = analysis_of("efficientnet-b0")
    rows = {r.name: r for r in a.rows()}
    stem = rows["stage1/conv/conv"]
    assert stem.layer.stride == (2, 2) and stem.output_shape == (32, 112, 112)
    firsts = [rows[f"stage{s}/block1/depthwise/conv"].layer.stride[0] for s in range(2, 9)]
    assert firsts == [1, 2, 2, 2, 1, 2, 1]
    # every stage ends at the next row's resolution in Table 1
    for stage in range(2, 9):
        last = [n for n in a.names if n.startswith(f"stage{stage}/")][-1]
        assert rows[last].output_shape[1] == TABLE_1[stage][2]


def test_depth_and_width_scaling():
    a = analysis_of("efficientnet-b7")
    width, depth = SCALING["b7"][:2]
    for stage, (_, _, _, channels, layers) in enumerate(TABLE_1[1:-1], start=2):
        blocks = {n.split("/")[1] for n in a.names if n.startswith(f"stage{stage}/")}
        assert len(blocks) == math.ceil(layers * depth)        # ⌈n · 3.1⌉
        assert a.row(f"stage{stage}/block1/project/bn").output_shape[0] == make_divisible(channels * width)


def test_b0_first_block_is_mbconv1_without_expansion():
    names = analysis_of("efficientnet-b0").names
    assert not any(n.startswith("stage2/block1/expand") for n in names)
    assert "stage3/block1/expand/conv" in names


def test_one_mbconv_written_out():
    # stage 3, block 2 of B0: 24 → 144 (×6) → dw 3×3 → SE 144 → 6 → 144 → 24, on 56×56, residual
    rows = [r for r in analysis_of("efficientnet-b0").rows() if r.name.startswith("stage3/block2/")]
    c, e, s, hw = 24, 144, 24 // 4, 56 * 56
    assert sum(r.params for r in rows) == (c * e + 2 * e) + (9 * e + 2 * e) + (2 * e * s + s + e) + (e * c + 2 * c)
    assert sum(r.macs for r in rows) == (c * e + 9 * e + e * c) * hw + 2 * e * s
    assert rows[-1].name == "stage3/block2/add"


def test_every_block_pairs_across_the_squeeze_excitation():
    found = pairs(analysis_of("efficientnet-b0"))
    assert len(found) == 16                                    # 1 + 2 + 2 + 3 + 3 + 4 + 1 blocks
    assert all(p.pointwise == p.depthwise.replace("depthwise", "project") for p in found)
    assert all(p.ratio == p.formula for p in found)


def test_bad_variant_is_an_option_error(run):
    result = run("report", "efficientnet-b0", "-O", "variant=b9")
    assert_option_error(result, "efficientnet-b0", "variant", "the variant is one of the paper's B0–B7")
