"""GoogLeNet: the paper's Table 1 row by row, torchvision's variant, the auxiliary classifiers,
the ledger verdicts and the golden grouped report."""

from fractions import Fraction

import networkx as nx
import pytest

from conftest import analysis_of
from costcalc import analyze
from costcalc.grouping import group_rows
from costcalc.layers import Conv2d, Linear
from costcalc.ledger import parse_printed, verdict
from costcalc.registry import get_model
from costcalc.ledger.families.googlenet import ERRATA, FIGURES
from costcalc.specs.googlenet import TABLE_1
from conftest import assert_option_error, holds

INCEPTIONS = [row for row in TABLE_1 if row[1].startswith("inception")]


def _inception_weights():
    """(row, C_in, weights) of each inception row from Table 1 alone: C_in is 192 (the 3×3 conv's
    filters) for 3a, then the previous module's #1×1 + #3×3 + #5×5 + pool proj."""
    c_in, out = 192, []
    for row in INCEPTIONS:
        n1, r3, n3, r5, n5, proj = row[5:11]
        # C_in·(#1×1 + #3×3 reduce + #5×5 reduce + pool proj) + 3·3·#3×3 reduce·#3×3 + 5·5·#5×5 reduce·#5×5
        out.append((row, c_in, c_in * (n1 + r3 + r5 + proj) + 9 * r3 * n3 + 25 * r5 * n5))
        c_in = n1 + n3 + n5 + proj
    return out


def _groups(model="googlenet"):
    a = analysis_of(model)
    return a, {g.key: g for g in group_rows(a, a.rows(), "block")}


def test_torchvision_googlenet_params():
    assert analysis_of("googlenet-tv").totals()["params"] == 6_624_904  # torchvision googlenet


def test_one_group_per_table_1_row_with_the_papers_output_sizes():
    _, groups = _groups()
    assert list(groups) == [row[0] for row in TABLE_1]
    for name, _, _, size, *_ in TABLE_1:
        h, w, c = (int(n) for n in size.split("×"))      # Table 1 prints H×W×C
        assert groups[name].output_shape == (c, h, w), name


def test_depth_column_is_the_longest_chain_of_weighted_layers_in_each_row():
    a, groups = _groups()
    g = a.network.graph
    for name, _, _, _, depth, *_ in TABLE_1:
        nodes = [r.name for r in groups[name].rows]
        weighted = {n: int(isinstance(g.nodes[n]["layer"], (Conv2d, Linear))) for n in nodes}
        sub = g.subgraph(nodes)
        longest = {}
        for n in nx.topological_sort(sub):
            longest[n] = weighted[n] + max((longest[p] for p in sub.pred[n]), default=0)
        assert max(longest.values()) == depth, name


@pytest.mark.parametrize("row, c_in, weights", _inception_weights(), ids=[r[0] for r in INCEPTIONS])
def test_inception_row_weights_and_macs_from_its_filter_counts(row, c_in, weights):
    _, groups = _groups()
    name, _, _, size, _, n1, r3, n3, r5, n5, proj, _, _ = row
    h, w, _ = (int(n) for n in size.split("×"))
    assert groups[name].rows[0].input_shapes[0][0] == c_in
    assert groups[name].total("weights") == weights
    assert groups[name].total("biases") == n1 + r3 + n3 + r5 + n5 + proj
    assert groups[name].total("macs") == weights * h * w    # every conv runs at the row's H×W


def test_stem_rows_from_the_formula():
    _, groups = _groups()
    assert groups["conv1"].total("weights") == 7 * 7 * 3 * 64                  # 9,408
    assert groups["conv1"].total("macs") == 7 * 7 * 3 * 64 * 112 * 112         # 118,013,952
    assert groups["conv2"].total("weights") == 64 * 64 + 3 * 3 * 64 * 192      # 114,688 = 112 × 1024
    assert groups["conv2"].total("macs") == (64 * 64 + 3 * 3 * 64 * 192) * 56 * 56
    assert groups["linear"].total("weights") == 1024 * 1000                    # 1000K in K = 1024


def test_params_column_is_in_k_1024_weights_only():
    _, groups = _groups()
    linear = groups["linear"]
    # Read as K = 1024 weights, "1000K" holds exactly; as decimal K or with biases it does not.
    assert parse_printed("1000K", "binary").contains(linear.total("weights"))
    assert not parse_printed("1000K").contains(linear.total("weights"))
    assert not parse_printed("1000K", "binary").contains(linear.total("params"))
    assert groups["conv2"].total("weights") == 112 * 1024


# Table 1, per row and column: which printed cells the row's filters reproduce. Every other
# cell with a number is an erratum (reason in specs/googlenet.py).
TABLE_1_MATCHES = {
    ("conv2", "weights"), ("conv2", "macs"),
    ("inception_3a", "weights"), ("inception_3a", "macs"),
    ("inception_3b", "macs"), ("inception_4b", "macs"), ("inception_4c", "macs"),
    ("inception_4d", "macs"), ("inception_4e", "macs"), ("inception_5b", "macs"),
    ("linear", "weights"), ("linear", "macs"),
}
TABLE_FIGURES = [f for f in FIGURES if f.group]


@pytest.mark.parametrize("figure", TABLE_FIGURES, ids=[f.title for f in TABLE_FIGURES])
def test_table_1_cell_verdict(figure):
    expected = "match" if (figure.group, figure.quantity) in TABLE_1_MATCHES else "erratum"
    result = verdict(figure)
    assert result.verdict == expected, (figure.title, float(result.computed), result.reason)
    if expected == "erratum":
        assert figure.erratum    # a reason is recorded, one line
        assert "\n" not in figure.erratum


def test_every_printed_table_cell_has_a_figure():
    printed = sum(1 for row in TABLE_1 for cell in row[-2:] if cell)
    assert len(TABLE_FIGURES) == printed == 24  # 12 rows with params and ops


def test_ops_errata_rows_agree_with_their_own_wrong_params():
    # 4a and 5a: printed ops = printed params (K = 1024) × H × W, to the ops' printed rounding
    for name, h in (("inception_4a", 14), ("inception_5a", 7)):
        row = next(r for r in TABLE_1 if r[0] == name)
        params, ops = row[-2:]
        assert parse_printed(ops).contains(round(parse_printed(params, "binary").value * h * h))


TOTALS = {  # printed value → expected verdict
    "6.8M": "erratum",     # MobileNet Table 8
    "1,550M": "close",     # MobileNet Table 8
    "5M": "erratum",       # seed 000
    "27MB": "erratum",     # seed 003
}


@pytest.mark.parametrize("printed, expected", TOTALS.items())
def test_total_figure_verdicts(printed, expected):
    (figure,) = [f for f in FIGURES if f.group is None and f.printed == printed]
    assert verdict(figure).verdict == expected


def test_mobilenet_6_8m_is_the_sum_of_the_params_column_in_decimal_k():
    column = sum(parse_printed(row[-2]).value for row in TABLE_1 if row[-2])
    assert column == Fraction(67977, 10) * 1000         # 2.7 + 112 + ... + 1000 = 6,797.7K
    assert parse_printed("6.8M").contains(column)
    assert not parse_printed("6.8M").contains(analysis_of("googlenet").totals()["params"])
    # the 1,550M figure's reason: the ops column sums to 34 + 360 + ... + 1 = 1,502M
    assert sum(parse_printed(row[-1]).value for row in TABLE_1 if row[-1]) == 1_502_000_000


def test_paper_totals():
    t = analysis_of("googlenet").totals()
    stem = 7 * 7 * 3 * 64 + 64 * 64 + 3 * 3 * 64 * 192
    inceptions = sum(weights for *_, weights in _inception_weights())
    assert t["weights"] == stem + inceptions + 1024 * 1000 == 6_990_272
    assert t["bn_params"] == 0
    assert t["weight_bytes"] == 4 * t["params"]             # fp32


def test_torchvision_variant_differs_by_bn_no_bias_and_3x3_in_the_5x5_branch():
    paper, tv = analysis_of("googlenet").totals(), analysis_of("googlenet-tv").totals()
    shrink = sum((25 - 9) * r5 * n5 for *_, r5, n5, _proj, _p, _o in INCEPTIONS)   # 5×5 → 3×3
    # one bias per conv filter (the paper) or one BN gamma/beta pair (torchvision): Table 1's
    # filter columns, with conv1's 64 read from its output depth and conv2's 64 → 192
    conv_channels = 64 + 64 + 192 + sum(sum(row[5:11]) for row in INCEPTIONS)
    assert paper["biases"] == conv_channels + 1000           # + the linear layer's 1000
    assert tv["weights"] == paper["weights"] - shrink
    assert tv["biases"] == 1000
    assert tv["bn_params"] == 2 * conv_channels
    assert tv["params"] == paper["params"] - shrink - conv_channels + 2 * conv_channels
    shrink_macs = sum((25 - 9) * r5 * n5 * int(size.split("×")[0]) ** 2
                      for _, _, _, size, *_, r5, n5, _proj, _p, _o in INCEPTIONS)
    assert tv["macs"] == paper["macs"] - shrink_macs == 1_498_376_192   # torchvision: 1.50 GFLOPS
    # the variant's report names the three differences the counts above come from (a spec runs
    # no analysis, so the note is the layout's, not numbers)
    note = get_model("googlenet-tv").network().notes[-1]
    assert all(part in note for part in ("3×3 in the 5×5 branch", "biases", "gamma/beta"))


@pytest.mark.parametrize("model", ["googlenet", "googlenet-tv"])
def test_auxiliary_classifiers_are_an_option_and_the_notes_say_so(model, run):
    off, on = (get_model(model).network(aux_logits=v) for v in (False, True))
    assert any("not included" in n for n in off.notes)
    assert any("included (training graph)" in n for n in on.notes)
    tv = model == "googlenet-tv"
    # per aux head: 1×1 conv to 128 (+ bias or BN), FC 4·4·128 → 1024, FC 1024 → 1000
    def head(c_in):
        return c_in * 128 + (256 if tv else 128) + 4 * 4 * 128 * 1024 + 1024 + 1024 * 1000 + 1000
    extra = head(512) + head(528)       # on 4a (512 channels) and 4d (528)
    assert analyze(on).totals()["params"] - analyze(off).totals()["params"] == extra
    result = run("report", model, "-O", "aux_logits=true", "--group-by", "block")
    assert result.exit_code == 0 and "aux1" in result.output and "aux2" in result.output


def test_torchvision_with_aux_matches_its_state_dict():
    net = get_model("googlenet-tv").network(aux_logits=True)
    # torchvision's 6,624,904 + two heads: 1×1 conv to 128 + BN, FC 4·4·128 → 1024, FC 1024 → 1000
    heads = sum(c_in * 128 + 2 * 128 + 4 * 4 * 128 * 1024 + 1024 + 1024 * 1000 + 1000
                for c_in in (512, 528))                   # on 4a (512 channels) and 4d (528)
    assert analyze(net).totals()["params"] == 6_624_904 + heads == 13_004_888


def test_the_numbers_the_errata_quote_hold():
    _, groups = _groups()

    def row(name):  # the row's weights (its filters) and its output H·W
        _, h, w = groups[name].output_shape
        return groups[name].total("weights"), h * w
    w, area = row("conv1")
    holds(ERRATA[("conv1", "params")], "9,408", w)
    holds(ERRATA[("conv1", "params")], "9.2K", w, "binary")
    holds(ERRATA[("conv1", "params")], "33.9M", 2700 * area)        # the printed 2.7K × 112²
    holds(ERRATA[("conv1", "ops")], "118.0M", groups["conv1"].total("macs"))
    # inception rows: the filters' weights (exact and in K = 1024), their MACs (weights × H·W),
    # and the printed params × H·W the reason compares them with
    for name, exact, in_k, macs, printed_times_area in (
            ("inception_3b", "388,096", "379.0K", "304.3M", None),
            ("inception_4a", "375,552", "366.75K", None, ("364K", "73.1M")),
            ("inception_4b", "448,512", "438.0K", "87.9M", None),
            ("inception_4c", "509,440", "497.5K", "99.9M", ("463K", "92.9M")),
            ("inception_4d", "604,672", "590.5K", "118.5M", ("580K", "116.4M")),
            ("inception_4e", "867,328", "847.0K", "170.0M", ("840K", "168.6M")),
            ("inception_5a", "1,042,432", "1,018.0K", None, ("1072K", "53.8M")),
            ("inception_5b", "1,442,816", "1,409.0K", "70.7M", ("1388K", "69.6M"))):
        w, area = row(name)
        text = ERRATA[(name, "params")]
        holds(text, exact, w)
        holds(text, in_k, w, "binary")
        assert groups[name].total("macs") == w * area
        if macs:
            holds(text, macs, w * area)
        if printed_times_area:
            params, ops = printed_times_area
            assert params in text and params == next(r[-2] for r in TABLE_1 if r[0] == name)
            holds(text, ops, parse_printed(params, "binary").value * area)
    holds(ERRATA[("inception_4a", "ops")], "73.6M", row("inception_4a")[0] * 196)
    holds(ERRATA[("inception_5a", "ops")], "51.1M", row("inception_5a")[0] * 49)
    assert set(ERRATA) == {(n, "params") for n in ("conv1", "inception_3b", "inception_4a",
                                                   "inception_4b", "inception_4c", "inception_4d",
                                                   "inception_4e", "inception_5a", "inception_5b")} \
        | {("conv1", "ops"), ("inception_4a", "ops"), ("inception_5a", "ops")}


def test_the_numbers_the_total_figures_quote_hold():
    paper, tv = analysis_of("googlenet").totals(), analysis_of("googlenet-tv").totals()
    column = sum(parse_printed(row[-2]).value for row in TABLE_1 if row[-2])   # decimal K
    ops = sum(parse_printed(row[-1]).value for row in TABLE_1 if row[-1])
    by_printed = {f.printed: f for f in FIGURES if f.group is None}
    text = by_printed["6.8M"].erratum
    holds(text, "6,797.7K", column)
    holds(text, "7.0M", paper["params"])
    text = by_printed["1,550M"].reason
    assert "1,549.5–1,550.5M" in text and parse_printed("1,550M").low == 1_549_500_000
    holds(text, "1,582.67M", paper["macs"])
    holds(text, "1,498.38M", tv["macs"])
    holds(text, "1,502M", ops)
    conv1_ops = next(row[-1] for row in TABLE_1 if row[0] == "conv1")           # the printed 34M
    holds(text, "1,586M", ops - parse_printed(conv1_ops).value + analysis_of("googlenet").row("conv1/7x7").macs)
    holds(text, "118M", 7 * 7 * 3 * 64 * 112 * 112)
    text = by_printed["5M"].erratum
    holds(text, "61.0M", analysis_of("alexnet-2gpu").totals()["params"])
    holds(text, "5.1M", Fraction(analysis_of("alexnet-2gpu").totals()["params"], 12))
    holds(text, "7.0M", paper["params"])
    holds(text, "6.6M", tv["params"])
    text = by_printed["27MB"].erratum
    holds(text, "28.0 MB", 4 * paper["params"])
    holds(text, "27.2 MB", 4 * column)
    holds(text, "26.7 MiB", 4 * paper["params"])


@pytest.mark.parametrize("option, rule", [
    ("aux_logits=maybe", None),          # not true or false: the CLI or the spec says so
    ("torchvision=x", None),
    ("num_classes=0", "value not allowed (classes of the last fully-connected layer); expected >= 1; received 0"),
])
def test_bad_build_options_are_one_line_errors(run, option, rule):
    assert_option_error(run("report", "googlenet", "-O", option), "googlenet", option, rule)
