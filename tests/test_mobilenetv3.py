"""MobileNetV3-Large and -Small (specs/mobilenetv3.py): Tables 1 and 2 walked row by row; params
equal torchvision's published counts; every bneck's depthwise conv pairs with its projection,
across the squeeze-excitation where there is one."""

import pytest

from conftest import analysis_of, assert_option_error
from costcalc.separable import pairs
from costcalc.specs.mobilenetv3 import TABLE_1, TABLE_2

# torchvision.models.MobileNet_V3_*_Weights.IMAGENET1K_V1.meta["num_params"]
PUBLISHED = {"large": 5_483_032, "small": 2_542_856}


@pytest.mark.parametrize("variant", sorted(PUBLISHED))
def test_params_equal_torchvisions_published_counts(variant):
    assert analysis_of(f"mobilenetv3-{variant}").totals()["params"] == PUBLISHED[variant]


@pytest.mark.parametrize("variant, table, blocks", [("large", TABLE_1, 15), ("small", TABLE_2, 11)])
def test_every_bneck_row_is_a_block_at_the_tables_size(variant, table, blocks):
    a = analysis_of(f"mobilenetv3-{variant}")
    rows = [r for r in table if r[1].startswith("bneck")]
    assert len(rows) == blocks
    for i, (size, _, expansion, out, se, nl, _) in enumerate(rows, start=1):
        block = [n for n in a.names if n.startswith(f"bneck{i}/")]
        side = int(size.split("²")[0])
        assert a.row(f"bneck{i}/depthwise/conv").input_shapes[0] == (expansion, side, side)
        assert a.row(block[-1]).output_shape[0] == out
        assert any("/se/" in n for n in block) == bool(se)
        act = a.row(f"bneck{i}/depthwise/act").layer.type_name
        assert act == ("Hardswish" if nl == "HS" else "ReLU")


def test_squeeze_excitation_is_make_divisible_of_a_quarter_with_a_hard_sigmoid():
    a = analysis_of("mobilenetv3-large")
    assert a.row("bneck4/se/fc1").output_shape[0] == 24       # make_divisible(72 // 4 = 18, 8) = 24
    assert a.row("bneck13/se/fc1").output_shape[0] == 168     # 672 // 4 = 168
    assert a.row("bneck4/se/scale_activation").layer.type_name == "Hardsigmoid"


def test_the_head_is_fully_connected():
    a = analysis_of("mobilenetv3-large")
    assert a.row("classifier1/fc").params == 960 * 1280 + 1280   # conv2d 1×1, NBN: with bias
    assert a.row("classifier2/fc").params == 1280 * 1000 + 1000


@pytest.mark.parametrize("variant, count", [("large", 15), ("small", 11)])
def test_every_block_has_a_separable_pair(variant, count):
    found = pairs(analysis_of(f"mobilenetv3-{variant}"))
    assert len(found) == count and all(p.ratio == p.formula for p in found)


def test_bad_variant_is_an_option_error(run):
    assert_option_error(run("report", "mobilenetv3-large", "-O", "variant=medium"), "mobilenetv3-large",
                        "variant", "the variant is one of the paper's two tables")
