"""Inception v3 as torchvision builds it: counts, Table 1 of the paper, the aux option, 84 MB."""

from dataclasses import replace

import pytest
from conftest import analysis_of
from costcalc.ledger.families.inception import FIGURES, NOT_COMPUTABLE
from costcalc.specs.inception import TABLE_1

from costcalc.errors import ShapeError
from costcalc.grouping import group_rows
from costcalc.layers import BatchNorm2d, Conv2d
from costcalc.ledger import parse_printed, verdict
from conftest import assert_option_error, holds

AUX = {"aux_logits": True}


def with_aux(**kwargs):
    from costcalc import analyze
    from costcalc.registry import get_model
    return analyze(get_model("inception-v3").network(**AUX), **kwargs)


def test_torchvision_param_counts_with_and_without_aux():
    assert analysis_of("inception-v3").totals()["params"] == 23_834_568  # torchvision, aux_logits=False
    assert with_aux().totals()["params"] == 27_161_264                   # torchvision inception_v3
    aux = ((768 * 128 + 2 * 128)                 # conv0: 1×1, 768 → 128, no bias, BN gamma+beta
           + (5 * 5 * 128 * 768 + 2 * 768)       # conv1: 5×5, 128 → 768, BN
           + (768 * 1000 + 1000))                # fc: 768 → 1000
    assert 27_161_264 - 23_834_568 == aux == 3_326_696


def test_macs_against_torchvision():
    # torchvision docs, Inception_V3_Weights.IMAGENET1K_V1: "GFLOPS 5.71" (conv + linear MACs, eval
    # mode, so without the aux head, 299×299); timm's model card inception_v3.tv_in1k: 5.7 GMACs.
    macs = analysis_of("inception-v3").totals()["macs"]
    assert parse_printed("5.71G").contains(macs)
    assert parse_printed("5.7G").contains(macs)
    # the aux head adds conv0 + conv1 + fc on its 5×5 map: 768*128*5*5 + 5*5*128*768*1*1 + 768*1000
    assert with_aux().totals()["macs"] - macs == 768 * 128 * 25 + 25 * 128 * 768 + 768 * 1000


def test_every_conv_is_bias_free_and_followed_by_batch_norm():
    a = analysis_of("inception-v3")
    convs = [r for r in a.rows() if isinstance(r.layer, Conv2d)]
    bns = [r for r in a.rows() if isinstance(r.layer, BatchNorm2d)]
    assert len(convs) == len(bns) == 94                  # torchvision inception_v3 (no aux): 94 BasicConv2d
    assert all(r.biases == 0 for r in convs)
    assert all(a.row(f"{r.name}_bn").inputs == (r.name,) for r in convs)
    t = a.totals()
    assert t["bn_params"] == t["buffers"] == 2 * sum(r.output_shape[0] for r in convs)  # gamma+beta, mean+var
    assert t["biases"] == 1000                            # only the fc has a bias


def test_stem_sizes():
    a = analysis_of("inception-v3")
    names = ["Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3", "maxpool1", "Conv2d_3b_1x1",
             "Conv2d_4a_3x3", "maxpool2"]
    # torchvision Inception3._forward comments: 32×149, 32×147, 64×147, 64×73, 80×73, 192×71, 192×35
    assert [a.row(f"stem/{n}").output_shape for n in names] == [
        (32, 149, 149), (32, 147, 147), (64, 147, 147), (64, 73, 73), (80, 73, 73),
        (192, 71, 71), (192, 35, 35)]
    assert all(not r.warnings for r in a.rows())          # every stride divides exactly at 299


def test_table_1_rows_the_released_net_reproduces():
    a = analysis_of("inception-v3")
    shapes = {(h, w, c) for r in a.rows() for c, h, w in [r.output_shape]}
    missing = [(kind, size) for kind, _, size in TABLE_1 if size not in shapes]
    # Table 1's conv 3×3/2 on 71×71×80: the released net has 1×1 → 80 at 73×73, then 3×3 → 192.
    assert missing == [("conv", (71, 71, 80))]
    # The module groups: Table 1's inputs 35×35×288, 17×17×768, 8×8×1280 and counts 3, 5, 2.
    stages = {g.key: g for g in group_rows(a, a.rows(), "stage")}
    blocks = [g.key.split("/")[0] for g in group_rows(a, a.rows(), "block") if "/" in g.key]
    first_input = {s: a.row(next(r.name for r in stages[s].rows)).input_shapes[0]
                   for s in ("inception_35", "inception_17", "inception_8")}
    assert first_input == {"inception_35": (192, 35, 35),   # Table 1 says 288 (its stem ends in a
                           "inception_17": (768, 17, 17),   # conv to 288; the released net's does not)
                           "inception_8": (1280, 8, 8)}
    assert [blocks.count(s) for s in first_input] == [4, 5, 2]  # Table 1: 3, 5, 2 (+ 5b–5d and 6a = 4)
    assert a.row("classifier/avgpool").input_shapes[0] == (2048, 8, 8)    # Table 1: pool 8×8, 8×8×2048


def test_factorised_convs_figure_6_and_7():
    a = analysis_of("inception-v3")
    row = a.row("inception_17/Mixed_6b/branch7x7_2")     # 1×7, 128 → 128, padding (0, 3)
    assert row.output_shape == (128, 17, 17)
    assert row.weights == 1 * 7 * 128 * 128
    assert row.macs == 1 * 7 * 128 * 128 * 17 * 17
    split = a.row("inception_8/Mixed_7b/branch3x3_2_concat")   # Figure 7: 1×3 ‖ 3×1, 384 each
    assert split.output_shape == (384 + 384, 8, 8)
    assert a.row("inception_8/Mixed_7b/concat").output_shape == (320 + 768 + 768 + 192, 8, 8)
    # Mixed_5b (Figure 5 + the released 5×5 branch): 64 + 64 + 96 + pool 32 channels
    assert a.row("inception_35/Mixed_5b/concat").output_shape == (256, 35, 35)


def test_aux_option_is_off_by_default_and_the_notes_say_so():
    plain = analysis_of("inception-v3")
    assert not any(n.startswith("aux_logits/") for n in plain.names)
    assert "left out" in plain.network.notes[0]
    a = with_aux()
    assert "included" in a.network.notes[0]
    assert a.row("aux_logits/avg_pool").output_shape == (768, 5, 5)      # floor((17 - 5)/3) + 1 = 5
    assert a.row("aux_logits/conv1").output_shape == (768, 1, 1)         # 5×5 conv on 5×5
    assert a.row("aux_logits/avg_pool").inputs == ("inception_17/Mixed_6e/concat",)


def test_smallest_input_is_torchvisions_min_size():
    # torchvision docs, Inception_V3_Weights: min_size 75×75; 74 leaves Mixed_7a a 2×2 map for a 3×3/2 conv
    assert analysis_of("inception-v3", input_size=75).row("classifier/fc").output_shape == (1000, 1, 1)
    with pytest.raises(ShapeError):
        analysis_of("inception-v3", input_size=74)


def test_seed_84_mb_fits_no_reading():
    figure = FIGURES[0]
    result = verdict(figure)
    assert result.verdict == "erratum"
    plain = analysis_of("inception-v3").totals()["weight_bytes"]
    aux = with_aux().totals()["weight_bytes"]
    assert (plain, aux) == (23_834_568 * 4, 27_161_264 * 4)              # params × 4 B (fp32)
    for computed in (plain, aux):
        for units in ("decimal", "binary"):
            assert not parse_printed("84 MB", units).contains(computed)
    # the numbers the erratum quotes are the computed ones
    text = figure.erratum
    holds(text, "23,834,568", plain // 4)
    holds(text, "95.3 MB", plain)
    holds(text, "90.9 MiB", plain)
    holds(text, "108.6 MB", aux)
    holds(text, "103.6 MiB", aux)
    conv_layers = plain - 4 * analysis_of("inception-v3").row("classifier/fc").params   # less the FC
    assert analysis_of("inception-v3").row("classifier/fc").params == 2048 * 1000 + 1000
    holds(text, "87.1 MB", conv_layers)
    holds(text, "83.1 MiB", conv_layers)
    for units in ("decimal", "binary"):
        assert not parse_printed("84 MB", units).contains(conv_layers)
    holds(text, "21.0M", parse_printed("84 MB").value / 4)     # fp32 numbers in 84 MB
    # the verdict can fail: an erratum the computation reaches is a mismatch (a bent spec?), and
    # without the erratum the seed's figure is a plain mismatch
    assert verdict(replace(figure, printed="95 MB")).verdict == "mismatch"
    assert verdict(replace(figure, printed="95 MB", erratum=None)).verdict == "match"
    assert verdict(replace(figure, erratum=None)).verdict == "mismatch"


@pytest.mark.parametrize("option, rule", [
    ("aux_logits=2", None),              # not true or false: the CLI or the spec says so
    ("size=74", "value not allowed (input size (torchvision's min_size is 75)); expected >= 75; received 74"),
    ("size=big", None),
    ("num_classes=-1", "expected >= 1; received -1"),
])
def test_bad_build_options_are_one_line_errors(run, option, rule):
    assert_option_error(run("report", "inception-v3", "-O", option), "inception-v3", option, rule)


def test_top5_error_is_not_computable():
    assert [n.printed for n in NOT_COMPUTABLE] == ["5.6%"]


def test_report_with_aux_option(run):
    result = run("report", "inception-v3", "-O", "aux_logits=true", "--group-by", "stage")
    assert result.exit_code == 0
    assert "aux_logits" in result.output and "27,161,264" in result.output
    assert "auxiliary classifier included" in result.output
