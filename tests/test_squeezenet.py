"""SqueezeNet v1.0 / v1.1: the paper's Table 1, torchvision's counts, and the seed's 4.8 MB."""

from dataclasses import replace

import pytest
from conftest import analysis_of
from costcalc.ledger.families.squeezenet import FIGURES, NOT_COMPUTABLE
from costcalc.specs.squeezenet import TABLE_1, TABLE_1_TOTAL, stages

from costcalc.errors import ShapeError
from costcalc.grouping import group_rows
from costcalc.ledger import parse_printed, verdict

STAGE = stages(TABLE_1)


def test_torchvision_param_counts():
    assert analysis_of("squeezenet").totals()["params"] == 1_248_424     # torchvision squeezenet1_0
    assert analysis_of("squeezenet1.1").totals()["params"] == 1_235_496  # torchvision squeezenet1_1


def test_table_1_total_is_the_column_sum_and_the_computed_total():
    column = [row[-1] for row in TABLE_1 if row[-1] is not None]
    assert sum(column) == TABLE_1_TOTAL                   # Table 1: the rows add up to its total
    assert analysis_of("squeezenet").totals()["params"] == TABLE_1_TOTAL


def test_fire2_written_out():
    a = analysis_of("squeezenet")
    # squeeze (96 + 1)*16, expand1x1 (16 + 1)*64, expand3x3 (3*3*16 + 1)*64  (Table 1: 11,920)
    assert sum(r.params for r in a.rows() if r.name.startswith("fire2-4/fire2/")) == \
        (96 + 1) * 16 + (16 + 1) * 64 + (3 * 3 * 16 + 1) * 64 == 11_920
    assert a.row("fire2-4/fire2/concat").output_shape == (64 + 64, 55, 55)   # e1x1 + e3x3


@pytest.mark.parametrize("name, params", [(r[0], r[-1]) for r in TABLE_1 if r[-1] is not None])
def test_table_1_params_column(name, params):
    a = analysis_of("squeezenet")
    prefix = f"{STAGE[name]}/{name}"
    computed = sum(r.params for r in a.rows() if r.name == prefix or r.name.startswith(prefix + "/"))
    assert computed == params                             # Table 1, #parameter before pruning


def test_table_1_output_sizes_on_227_and_the_one_typo():
    a = analysis_of("squeezenet")                        # 227×227: what Table 1's sizes need
    computed = {name: a.row(_last_node(a, name)).output_shape for name, *_ in TABLE_1}
    disagree = {name for name, (h, w, c), *_ in TABLE_1 if computed[name] != (c, h, w)}
    assert disagree == {"maxpool8"}                       # Table 1 prints 13x12x512 ...
    assert computed["maxpool8"] == (512, 13, 13)          # ... but (27 - 3)/2 + 1 = 13, as fire9's 13x13


def _last_node(analysis, name):
    """The node whose output is Table 1's row ``name``: a layer, or a fire module's concat."""
    prefix = f"{STAGE[name]}/{name}"
    rows = [r.name for r in analysis.rows() if r.name == prefix or r.name.startswith(prefix + "/")]
    return rows[-1]


def test_224_as_printed_gives_109_and_warns():
    a = analysis_of("squeezenet", input_size=224)
    assert a.row("stem/conv1").output_shape == (96, 109, 109)          # floor((224 - 7)/2) + 1
    assert any("108.5" in w for w in a.row("stem/conv1").warnings)     # (224 - 7)/2 = 108.5
    assert a.row("fire9/fire9/concat").output_shape == (512, 13, 13)   # ceil pools: 109 → 54 → 27 → 13


def test_conv1_macs_written_out():
    assert analysis_of("squeezenet").row("stem/conv1").macs == 7 * 7 * 3 * 96 * 111 * 111
    assert analysis_of("squeezenet", input_size=224).row("stem/conv1").macs == 7 * 7 * 3 * 96 * 109 * 109
    assert analysis_of("squeezenet1.1", input_size=224).row("stem/conv1").macs == 3 * 3 * 3 * 64 * 111 * 111


@pytest.mark.parametrize("model, gflops", [("squeezenet", "0.82"), ("squeezenet1.1", "0.35")])
def test_macs_at_224_against_torchvision(model, gflops):
    # torchvision model docs, SqueezeNet1_0_Weights / SqueezeNet1_1_Weights: "GFLOPS 0.82" / "0.35"
    # (they are multiply-accumulates of conv + linear, at 224×224), compared within their rounding.
    macs = analysis_of(model, input_size=224).totals()["macs"]
    assert parse_printed(f"{gflops}G").contains(macs)


def test_v1_1_moves_the_pools_earlier():
    a = analysis_of("squeezenet1.1", input_size=224)
    assert a.row("stem/conv1").output_shape == (64, 111, 111)         # floor((224 - 3)/2) + 1
    assert a.row("fire2-3/maxpool3").output_shape == (128, 27, 27)   # ceil((55 - 3)/2) + 1
    assert a.row("fire4-5/maxpool5").output_shape == (256, 13, 13)   # ceil((27 - 3)/2) + 1
    assert a.row("fire6-9/fire9/concat").output_shape == (512, 13, 13)


@pytest.mark.parametrize("model, names", [
    ("squeezenet", ["stem", "fire2-4", "fire5-8", "fire9", "classifier"]),
    ("squeezenet1.1", ["stem", "fire2-3", "fire4-5", "fire6-9", "classifier"]),
])
def test_stages_run_from_pool_to_pool(model, names):
    a = analysis_of(model)
    assert [g.key for g in group_rows(a, a.rows(), "stage")] == names
    blocks = [g for g in group_rows(a, a.rows(), "block") if "/fire" in g.key]
    assert len(blocks) == 8                               # fire2 … fire9
    assert blocks[0].meta == {"s1x1": 16, "e1x1": 64, "e3x3": 64}


def test_seed_4_8_mb_is_binary_megabytes():
    figure = next(f for f in FIGURES if f.quantity == "weight_bytes")
    bytes_ = analysis_of("squeezenet").totals()["weight_bytes"]
    assert bytes_ == 1_248_424 * 4                        # torchvision count × 4 B (fp32)
    assert verdict(figure).verdict == "match"
    assert figure.units == "binary"
    assert parse_printed("4.8 MB", "binary").contains(bytes_)       # 4.76 MiB
    assert not parse_printed("4.8 MB", "decimal").contains(bytes_)  # 4.99 MB would print 5.0


def test_every_table_1_figure_matches_and_a_wrong_one_fails():
    for figure in FIGURES:
        assert verdict(figure).verdict == "match", figure.title
    wrong = replace(next(f for f in FIGURES if f.node == "stem/conv1"), printed="14,209")
    assert verdict(wrong).verdict == "mismatch"
    wrong_units = replace(next(f for f in FIGURES if f.quantity == "weight_bytes"), units="decimal")
    assert verdict(wrong_units).verdict == "mismatch"


def test_compressed_squeezenet_is_not_computable():
    entry = next(n for n in NOT_COMPUTABLE if "Compressed" in n.what)
    assert entry.printed == "0.6 MB" and "Deep Compression" in entry.reason


@pytest.mark.parametrize("model, smallest", [("squeezenet", 21), ("squeezenet1.1", 17)])
def test_smallest_input_is_torchvisions_min_size(model, smallest):
    # torchvision model docs: min_size 21×21 (squeezenet1_0), 17×17 (squeezenet1_1)
    assert analysis_of(model, input_size=smallest).row("classifier/conv10").output_shape == (1000, 1, 1)
    with pytest.raises(ShapeError):
        analysis_of(model, input_size=smallest - 1)


def test_report_by_block_shows_the_fire_columns(run):
    result = run("report", "squeezenet", "--group-by", "block")
    assert result.exit_code == 0
    assert "s1x1" in result.output and "fire5-8/fire8" in result.output
    assert "227×227 by default" in result.output        # the note on Table 1's 224 vs 227
