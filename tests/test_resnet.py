"""ResNet: torchvision's reference counts, the paper's FLOPs row, v1 vs v1.5, shortcut options
A/B and the plain net, stage/block grouping, weight memory figures and the golden report."""

from fractions import Fraction

import pytest

from conftest import analysis_of
from costcalc.grouping import group_rows
from costcalc.layers import ZeroPadShortcut
from costcalc.ledger import parse_printed, verdict
from costcalc.ledger.families.resnet import CLOSE, FIGURES
from costcalc.specs.resnet import MODELS, TABLE_1
from conftest import assert_option_error, holds


def test_torchvision_reference_counts():
    r18, r50, r152 = (analysis_of(m).totals() for m in ("resnet18", "resnet50-v1.5", "resnet152-v1.5"))
    assert r18["params"] == 11_689_512            # torchvision resnet18
    assert r18["macs"] == 1_814_073_344           # torchvision resnet18 (1.81 GFLOPS)
    assert r50["params"] == 25_557_032            # torchvision resnet50 (v1.5)
    assert r50["macs"] == 4_089_184_256           # torchvision resnet50 (4.09 GFLOPS)
    assert r152["params"] == 60_192_808           # torchvision resnet152
    assert analysis_of("resnet34").totals()["params"] == 21_797_672    # torchvision resnet34
    assert analysis_of("resnet101").totals()["params"] == 44_549_160   # torchvision resnet101


def test_v1_and_v1_5_have_the_same_params_and_differ_by_the_strided_1x1():
    for depth in (50, 101, 152):
        v1, v15 = analysis_of(f"resnet{depth}").totals(), analysis_of(f"resnet{depth}-v1.5").totals()
        assert v1["params"] == v15["params"]
        # In conv3_x … conv5_x's first block, v1.5 runs the 1×1 reduce at the input size instead
        # of the output size: C_in·w·(H_in² − H_out²) more MACs each.
        extra = (256 * 128 * (56**2 - 28**2) + 512 * 256 * (28**2 - 14**2)
                 + 1024 * 512 * (14**2 - 7**2))
        assert v15["macs"] - v1["macs"] == extra == 231_211_008


@pytest.mark.parametrize("depth", [18, 34])
def test_v1_5_is_an_alias_for_basic_blocks(depth):
    a, b = analysis_of(f"resnet{depth}"), analysis_of(f"resnet{depth}-v1.5")
    assert a.totals() == b.totals()
    assert "alias" in MODELS[f"resnet{depth}-v1.5"].description


def test_blocks_per_stage_follow_table_1():
    for depth, (block, counts, _) in TABLE_1.items():
        names = analysis_of(f"resnet{depth}").network.scopes
        for stage, n in zip(("conv2_x", "conv3_x", "conv4_x", "conv5_x"), counts):
            blocks = [p for p in names if p.startswith(f"{stage}/block")]
            assert len(blocks) == n, (depth, stage)
        # 2 (basic) or 3 (bottleneck) convs per block, plus conv1 and the fc = the depth
        per_block = 2 if block == "basic" else 3
        assert per_block * sum(counts) + 2 == depth


FLOPS = {18: "match", 34: "close", 50: "close", 101: "match", 152: "match"}  # Table 1, FLOPs row


@pytest.mark.parametrize("depth, expected", FLOPS.items())
def test_table_1_flops_row_verdicts(depth, expected):
    (figure,) = [f for f in FIGURES if f.model == f"resnet{depth}" and f.quantity == "macs"]
    result = verdict(figure)
    assert result.verdict == expected, (depth, float(result.computed), result.reason)
    if expected == "close":
        assert figure.reason and figure.tolerance <= 0.02


def test_the_close_reasons_hold():
    # 34: without the three option-B projections the 34-layer net lands in "3.6"
    assert parse_printed("3.6×10^9").contains(analysis_of("resnet34-a").totals()["macs"])
    projections = (64 * 128 * 28**2 + 128 * 256 * 14**2 + 256 * 512 * 7**2)   # 1×1, stride 2
    assert (analysis_of("resnet34").totals()["macs"] - analysis_of("resnet34-a").totals()["macs"]
            == projections == 19_267_584)
    # 50: neither leaving out the fc (2048·1000) nor the four projections lands inside "3.8"
    r50 = analysis_of("resnet50")
    macs, printed = r50.totals()["macs"], parse_printed("3.8×10^9")
    assert printed.high < macs < printed.high * Fraction(1003, 1000)     # 0.2% above 3.85 G
    assert not printed.contains(macs - 2048 * 1000)
    projections = sum(r.macs for r in r50.rows() if r.name.endswith("/downsample"))
    # one 1×1 projection per stage: C_in·C_out·H_out²
    assert projections == (64 * 256 * 56**2 + 256 * 512 * 28**2 + 512 * 1024 * 14**2
                           + 1024 * 2048 * 7**2)
    assert not printed.contains(macs - projections)


def test_the_numbers_the_reasons_quote_hold():
    r34, r34a, r50 = (analysis_of(m) for m in ("resnet34", "resnet34-a", "resnet50"))
    text = CLOSE[34]
    holds(text, "19.3 M", r34.totals()["macs"] - r34a.totals()["macs"])
    holds(text, "3.66 G", r34.totals()["macs"])
    holds(text, "3.64 G", r34a.totals()["macs"])
    assert "3.55–3.65 G" in text and parse_printed("3.6×10^9").low == 3_550_000_000
    assert "resnet34-a (option A) and plain34 land inside the rounding" in text
    text, macs = CLOSE[50], r50.totals()["macs"]
    holds(text, "3.86 G", macs)
    assert "3.75–3.85 G" in text and parse_printed("3.8×10^9").high == 3_850_000_000
    holds(text, "0.2%", (macs - parse_printed("3.8×10^9").high) / parse_printed("3.8×10^9").high * 100)
    holds(text, "3.856 G", macs - 2048 * 1000)                          # without the fc
    projections = sum(r.macs for r in r50.rows() if r.name.endswith("/downsample"))
    holds(text, "3.50 G", macs - projections)
    by_model = {f.model: f for f in FIGURES if f.quantity == "weight_bytes"}
    text, t = by_model["resnet50"].reason, r50.totals()
    holds(text, "102.2 MB", 4 * t["params"])
    holds(text, "0.2 MB", 4 * t["buffers"])                             # running mean and var
    holds(text, "102.4 MB", 4 * (t["params"] + t["buffers"]))
    assert parse_printed("102 MB").contains(4 * (t["params"] + t["buffers"]))
    holds(text, "97.5", Fraction(4 * t["params"], 2**20))               # in MiB
    text, t = by_model["resnet200"].erratum, analysis_of("resnet200").totals()
    holds(text, "64.7M", t["params"])
    holds(text, "258.7 MB", 4 * t["params"])
    holds(text, "518.8 MB", 8 * (t["params"] + t["buffers"]))


def test_plain34_and_option_a_have_equal_params():
    # Fig. 4 caption: the residual nets "have no extra parameter compared to their plain counterparts"
    plain, a = analysis_of("plain34").totals(), analysis_of("resnet34-a").totals()
    # option B's three projections (1×1 conv C → 2C weights + BN gamma/beta of 2C), at C = 64,
    # 128, 256, taken from torchvision resnet34's 21,797,672 (option B)
    projections = sum(c * 2 * c + 2 * 2 * c for c in (64, 128, 256))
    assert plain["params"] == a["params"] == 21_797_672 - projections
    assert analysis_of("resnet34").totals()["params"] == 21_797_672     # torchvision resnet34
    assert plain["macs"] == a["macs"]


def test_option_a_zero_pads_where_the_shape_changes():
    a = analysis_of("resnet34-a")
    pads = [r for r in a.rows() if isinstance(r.layer, ZeroPadShortcut)]
    assert [r.name for r in pads] == [f"conv{s}_x/block1/shortcut" for s in (3, 4, 5)]
    assert all(r.params == 0 and r.macs == 0 for r in pads)
    assert not any(r.layer.type_name == "Add" for r in analysis_of("plain34").rows())


def test_stage_grouping_follows_table_1():
    a = analysis_of("resnet50")
    groups = group_rows(a, a.rows(), "stage")
    assert [g.key for g in groups] == ["conv1", "conv2_x", "conv3_x", "conv4_x", "conv5_x", "pool_fc"]
    assert [g.output_shape[1] for g in groups] == [112, 56, 28, 14, 7, 1]   # Table 1 output size
    assert sum(g.total("params") for g in groups) == a.totals()["params"]
    assert sum(g.total("macs") for g in groups) == a.totals()["macs"]
    assert groups[1].meta["Table 1"] == "[1×1, 64; 3×3, 64; 1×1, 256] × 3"


def test_block_grouping_has_one_row_per_block():
    a = analysis_of("resnet50")
    keys = [g.key for g in group_rows(a, a.rows(), "block")]
    blocks = [k for k in keys if "/block" in k]
    assert len(blocks) == sum(TABLE_1[50][1]) == 16
    assert keys[:3] == ["conv1", "conv2_x/pool", "conv2_x/block1"] and keys[-1] == "pool_fc"


def test_weight_memory_figures():
    by_model = {f.model: f for f in FIGURES if f.quantity == "weight_bytes"}
    assert verdict(by_model["resnet50"]).verdict == "match"        # 25,557,032 × 4 B = 102.2 MB
    assert verdict(by_model["resnet200"]).verdict == "erratum"
    # the erratum's reason: 519 MB is 8 bytes per stored number, not 4
    t = analysis_of("resnet200").totals()
    assert t["params"] == 64_673_832                                # timm resnet200 (same units)
    assert parse_printed("519 MB").contains(8 * (t["params"] + t["buffers"]))
    assert not parse_printed("519 MB").contains(t["weight_bytes"])


@pytest.mark.parametrize("option, rule", [
    ("depth=49", "value not allowed (a depth of Table 1); expected 18 | 34 | 50 | 101 | 152 | 200; received 49"),
    ("depth=fifty", None),               # not an integer: the CLI or the spec says so
    ("version=v2", "expected v1 | v1.5; received 'v2'"),
    ("shortcut=D", "value not allowed (Section 3.3's option A, B or C, or none (plain))"),
    ("num_classes=0", "expected >= 1; received 0"),
])
def test_bad_options_are_one_line_errors(run, option, rule):
    assert_option_error(run("report", "resnet50", "-O", option), "resnet50", option, rule)
