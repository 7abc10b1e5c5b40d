"""ConvNeXt T/S/B (specs/convnext.py): Table 9 walked at each variant; params equal torchvision's
published counts; the block's 1×1 convs are Linear layers at every position."""

import pytest

from conftest import analysis_of, assert_option_error
from costcalc.specs.convnext import TABLE_9, VARIANTS

# torchvision.models.ConvNeXt_*_Weights.IMAGENET1K_V1.meta["num_params"]
PUBLISHED = {"tiny": 28_589_128, "small": 50_223_688, "base": 88_591_464}


@pytest.mark.parametrize("variant", VARIANTS)
def test_params_equal_torchvisions_published_counts(variant):
    assert analysis_of(f"convnext-{variant}").totals()["params"] == PUBLISHED[variant]


@pytest.mark.parametrize("variant", VARIANTS)
def test_stages_follow_table_9(variant):
    a = analysis_of(f"convnext-{variant}")
    column = 2 + VARIANTS.index(variant)
    for name, size, *cells in TABLE_9[1:]:
        channels, blocks = cells[column - 2]
        side = int(size.split("×")[0])
        assert a.network.scopes[name].kind == "stage"
        assert len({n.split("/")[1] for n in a.names if n.startswith(f"{name}/block")}) == blocks
        assert a.row(f"{name}/block{blocks}/add").output_shape == (channels, side, side)


def test_one_block_written_out():
    # res2 block of ConvNeXt-T, dim 96 on 56×56: dw 7×7 + bias, LN, Linear 96→384, GELU,
    # Linear 384→96, layer scale
    rows = [r for r in analysis_of("convnext-tiny").rows() if r.name.startswith("res2/block1/")]
    d, hw = 96, 56 * 56
    assert sum(r.params for r in rows) == (49 * d + d) + 2 * d + (d * 4 * d + 4 * d) + (4 * d * d + d) + d
    assert sum(r.macs for r in rows) == 49 * d * hw + 2 * (d * 4 * d) * hw
    assert [r.layer.type_name for r in rows] == ["Conv2d", "LayerNorm2d", "Linear", "GELU", "Linear",
                                                  "LayerScale", "StochasticDepth", "Add"]


def test_stem_and_downsampling():
    a = analysis_of("convnext-tiny")
    assert a.row("stem/conv").output_shape == (96, 56, 56)          # 4×4, stride 4 ("patchify")
    assert a.row("stem/conv").params == 4 * 4 * 3 * 96 + 96
    assert a.row("res3/downsample/conv").output_shape == (192, 28, 28)   # 2×2, stride 2
    assert "res2/downsample/conv" not in a.names                         # res2 follows the stem


def test_bad_variant_is_an_option_error(run):
    assert_option_error(run("report", "convnext-tiny", "-O", "variant=huge"), "convnext-tiny", "variant",
                        "the variant is one of Table 9's columns")
