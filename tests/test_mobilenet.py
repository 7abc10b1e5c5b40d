"""MobileNet v1 (Howard et al. 2017): Table 1 as built, α and ρ, Conv MobileNet, Table 2, figures.

Expected values are the paper's formulas written out over Table 1, read by hand below (not
through the spec): a separable pair costs D_K²·M·D_F² + M·N·D_F² mult-adds.
"""

from fractions import Fraction

import pytest

from conftest import analysis_of
from costcalc import analyze
from costcalc.errors import OptionError
from costcalc.grouping import group_rows
from costcalc.layers import BatchNorm2d, Conv2d
from costcalc.ledger import Figure, parse_printed, verdict
from costcalc.registry import get_model
from costcalc.ledger.families import mobilenet as figures
from costcalc.specs import mobilenet as spec
from conftest import assert_option_error, holds

# Table 1's thirteen depthwise separable pairs: (M, N, stride of the depthwise conv), with the
# last one's stride read from the sizes (7×7 in, 7×7 out), not the printed s2.
PAIRS = [(32, 64, 1), (64, 128, 2), (128, 128, 1), (128, 256, 2), (256, 256, 1), (256, 512, 2),
         *[(512, 512, 1)] * 5, (512, 1024, 2), (1024, 1024, 1)]


def ceil_half(n: int) -> int:
    return -(-n // 2)


def table_1(alpha: float = 1.0, size: int = 224):
    """Per pair (M, N, D_F) under α (TF's int(c·α), at least 8) and input size ρ·224."""
    def w(c):
        return max(int(c * alpha), 8)
    d_f = ceil_half(size)  # conv1 is 3×3 stride 2
    rows = []
    for m, n, stride in PAIRS:
        d_f = ceil_half(d_f) if stride == 2 else d_f
        rows.append((w(m), w(n), d_f))
    return w(32), rows, ceil_half(size)


def expected_macs(alpha=1.0, size=224, separable=True):
    conv1, rows, d_f1 = table_1(alpha, size)
    pairs = sum((3 * 3 * m + m * n) * d * d if separable else 3 * 3 * m * n * d * d
                for m, n, d in rows)
    return 3 * 3 * 3 * conv1 * d_f1 * d_f1 + pairs + rows[-1][1] * 1000   # + FC


def expected_params(alpha=1.0, batch_norm=True, separable=True):
    conv1, rows, _ = table_1(alpha)
    weights = 3 * 3 * 3 * conv1 + sum(3 * 3 * m + m * n if separable else 3 * 3 * m * n
                                      for m, n, _ in rows)
    bn = 2 * (conv1 + sum((m + n) if separable else n for m, n, _ in rows))  # gamma + beta
    return weights + rows[-1][1] * 1000 + 1000 + (bn if batch_norm else 0)   # FC weights + bias


def test_golden_1_0_224():
    totals = analysis_of("mobilenet").totals()
    assert totals["macs"] == expected_macs() == 568_740_352      # issue 4 golden (paper: 569M)
    assert totals["params"] == expected_params() == 4_231_976    # with BN gamma/beta (Keras' trainable)
    no_bn = analysis_of("mobilenet-nobn").totals()
    assert no_bn["params"] == expected_params(batch_norm=False) == 4_210_088   # without BN
    assert no_bn["macs"] == totals["macs"]


@pytest.mark.parametrize("name, alpha, paper", [("mobilenet-0.75", 0.75, 325),   # Table 6 rows
                                                ("mobilenet-0.5", 0.5, 149),
                                                ("mobilenet-0.25", 0.25, 41)])
def test_width_multiplier(name, alpha, paper):
    totals = analysis_of(name).totals()
    assert totals["macs"] == expected_macs(alpha)
    assert round(totals["macs"] / 1e6) == paper
    assert totals["params"] == expected_params(alpha)


@pytest.mark.parametrize("name, size, millions", [
    ("mobilenet-1.0-192", 192, 418),      # Table 7
    ("mobilenet-1.0-160", 160, 291),      # Table 7 prints 290: ρ²·569M, FC scaled too (a close figure)
    ("mobilenet-1.0-128", 128, 186),      # Table 7
])
def test_resolution_multiplier(name, size, millions):
    totals = analysis_of(name).totals()
    assert totals["macs"] == expected_macs(1.0, size)
    assert round(totals["macs"] / 1e6) == millions
    assert totals["params"] == expected_params()           # ρ changes no weight
    # --input on the 224 model is the same thing
    assert analysis_of("mobilenet", input_size=size).totals()["macs"] == totals["macs"]


def test_any_alpha_and_size_by_option():
    net = get_model("mobilenet").network(alpha=0.6)
    a = analyze(net, input_size=200)
    assert a.totals()["macs"] == expected_macs(0.6, 200)
    assert a.row("conv1/conv").output_shape == (19, 100, 100)     # int(32·0.6) = int(19.2)
    assert a.row("ds13/pw").output_shape == (614, 7, 7)           # int(1024·0.6); 200→100→…→7


def test_width_never_below_the_tf_min_depth():
    a = analyze(get_model("mobilenet").network(alpha=0.1))
    assert a.row("conv1/conv").output_shape[0] == 8               # max(int(32·0.1), 8)
    assert a.row("ds13/pw").output_shape[0] == 102                # int(1024·0.1)


def test_depthwise_conv_counts_one_filter_per_channel():
    row = analysis_of("mobilenet").row("ds2/dw")                  # 3×3×64 dw, s2, 112→56
    assert isinstance(row.layer, Conv2d) and row.layer.groups == 64
    assert row.weights == 3 * 3 * 64 and row.biases == 0
    assert row.macs == 3 * 3 * 64 * 56 * 56
    assert row.output_shape == (64, 56, 56)


def test_pointwise_conv_counts():
    row = analysis_of("mobilenet").row("ds2/pw")                  # 1×1×64×128 at 56×56
    assert row.weights == 64 * 128
    assert row.macs == 64 * 128 * 56 * 56


def test_misprinted_stride_follows_the_sizes_and_the_report_says_so(run):
    a = analysis_of("mobilenet")
    dw = a.row("ds13/dw")
    assert dw.layer.stride == (1, 1) and dw.output_shape == (1024, 7, 7)
    printed = next(row for row in spec.TABLE_1 if row[1] == (3, 3, 1024))
    assert printed[0] == "Conv dw / s2"                           # the literal keeps the misprint
    assert len(a.network.notes) >= 1 and "ds13" in a.network.notes[0]
    out = run("report", "mobilenet").stdout
    assert "Table 1 prints 'Conv dw / s2' for the depthwise conv of ds13" in out


def test_every_conv_has_batch_norm_and_relu_and_no_bias():
    a = analysis_of("mobilenet")
    rows = a.rows()
    convs = [i for i, r in enumerate(rows) if isinstance(r.layer, Conv2d)]
    assert len(convs) == 1 + 2 * 13
    for i in convs:
        assert rows[i].biases == 0
        assert isinstance(rows[i + 1].layer, BatchNorm2d)
        assert rows[i + 2].layer.type_name == "ReLU"
    assert not any(isinstance(r.layer, BatchNorm2d) for r in analysis_of("mobilenet-nobn").rows())


def test_conv_mobilenet():
    totals = analysis_of("conv-mobilenet").totals()
    assert totals["macs"] == expected_macs(separable=False)       # Σ 3·3·M·N·D_F² + conv1 + FC
    assert totals["params"] == expected_params(separable=False)
    a = analysis_of("conv-mobilenet")
    assert a.row("conv14/conv").weights == 3 * 3 * 1024 * 1024
    assert a.row("conv3/conv").layer.stride == (2, 2)             # ds2's stride, kept


def test_table_2_breakdown_by_type():
    a = analysis_of("mobilenet")
    groups = {g.key: g for g in group_rows(a, a.rows(), "type")}
    _, rows, _ = table_1()
    assert len(groups["Conv 1×1"].rows) == 13 and len(groups["Conv DW 3×3"].rows) == 13
    assert len(groups["Conv 3×3"].rows) == 1 and len(groups["Fully connected"].rows) == 1
    assert groups["Conv 1×1"].total("macs") == sum(m * n * d * d for m, n, d in rows)
    assert groups["Conv DW 3×3"].total("macs") == sum(3 * 3 * m * d * d for m, n, d in rows)
    assert groups["Conv 3×3"].total("macs") == 3 * 3 * 3 * 32 * 112 * 112   # 10,838,016
    total = a.totals()["macs"]
    shares = {k: round(100 * groups[k].total("macs") / total, 2) for k in groups}
    # Table 2, Mult-Adds column; Conv 3×3 is printed 1.19 (digits swapped, see the erratum)
    assert (shares["Conv 1×1"], shares["Conv DW 3×3"], shares["Conv 3×3"],
            shares["Fully connected"]) == (94.86, 3.06, 1.91, 0.18)
    weights = a.totals()["weights"]
    assert weights == expected_params(batch_norm=False) - 1000      # no FC bias: 4,209,088
    shares = {k: round(100 * groups[k].total("weights") / weights, 2)
              for k in groups if k.startswith(("Conv", "Fully"))}
    assert shares == {"Conv 1×1": 74.59, "Conv DW 3×3": 1.06, "Conv 3×3": 0.02,
                      "Fully connected": 24.33}                    # Table 2, Parameters column


def test_group_by_type_prints_table_2(run):
    out = run("report", "mobilenet", "--group-by", "type").stdout
    rows = {line[:15].strip(): line[15:].split() for line in out.splitlines()}
    conv1, pairs, d_f1 = table_1()
    params, macs = expected_params(), expected_macs()       # the totals (params with BN)

    def cells(count, p, m):  # type: layers, params, params %, MACs, MACs %
        return [str(count), f"{p:,}", f"{100 * p / params:.2f}", f"{m:,}", f"{100 * m / macs:.2f}"]
    # Table 1 by type; the conv rows' params are weights (their BN has its own row), the FC's
    # include its bias, and params % are of all params, BN included (the paper's are not)
    assert rows["Conv 1×1"][:5] == cells(13, sum(m * n for m, n, _ in pairs),       # Σ M·N
                                         sum(m * n * d * d for m, n, d in pairs))  # Σ M·N·D_F²
    assert rows["Conv DW 3×3"][:5] == cells(13, sum(3 * 3 * m for m, _, _ in pairs),
                                            sum(3 * 3 * m * d * d for m, _, d in pairs))
    assert rows["Conv 3×3"][:5] == cells(1, 3 * 3 * 3 * conv1, 3 * 3 * 3 * conv1 * d_f1 * d_f1)
    assert rows["Fully connected"][:5] == cells(1, 1024 * 1000 + 1000, 1024 * 1000)
    assert "Table 2 (paper) takes parameter shares of the weights alone" in out


FIGURE_CLAIMS = {  # the figures that are not plain matches, and what they are
    "Table 2: Conv 3×3 share of mult-adds": "erratum",
    "Table 4: conv-mobilenet macs": "close",
    "Table 4: Conv MobileNet / MobileNet mult-adds": "close",
    "Table 7: mobilenet-1.0-160 macs": "close",
    "Table 1: stride of the depthwise conv on 7×7×1024": "erratum",
    "MobileNet layers (course slides)": "erratum",
}


def test_conv_over_separable_follows_the_models_alpha_and_the_input_size():
    # Table 4's ratio on 0.5 MobileNet at 160×160: Conv MobileNet at the same α and ρ over it
    a = analysis_of("mobilenet-0.5", input_size=160)
    assert figures.conv_over_separable("macs")(a) == Fraction(
        expected_macs(0.5, 160, separable=False), expected_macs(0.5, 160))
    assert figures.conv_over_separable("params")(a) == Fraction(
        expected_params(0.5, separable=False), expected_params(0.5))
    # and a figure declaring it computes the same
    figure = Figure("mobilenet-0.5", "ratio", "1", "test", input_size=160,
                    measure=figures.conv_over_separable("macs"), table="test")
    assert verdict(figure).computed == Fraction(expected_macs(0.5, 160, separable=False),
                                                expected_macs(0.5, 160))


def test_the_numbers_the_reasons_quote_hold():
    conv, sep = analysis_of("conv-mobilenet"), analysis_of("mobilenet")
    conv_macs, sep_macs = expected_macs(separable=False), expected_macs()
    fc = 1024 * 1000                                          # the FC's mult-adds
    printed = parse_printed("4866M")
    claim = figures.CLAIMS[(4, "conv-mobilenet", "macs")]["reason"]
    holds(claim, "4,867.29M", conv_macs)
    holds(claim, "0.79M", conv_macs - printed.high)           # the least the print needs removed
    holds(claim, "1.79M", conv_macs - printed.low)            # and the most
    holds(claim, "1.02M", fc)
    conv_layers = [r.macs for r in conv.rows() if isinstance(r.layer, Conv2d)]
    holds(claim, "10.84M", min(conv_layers))                  # conv1: 3·3·3·32·112²
    holds(claim, "4,866.27M", conv_macs - fc)
    assert printed.contains(conv_macs - fc)
    holds(claim, "567.72M", sep_macs - fc)
    assert not parse_printed("569M").contains(sep_macs - fc)
    rho = figures.CLAIMS[(7, "mobilenet-1.0-160", "macs")]["reason"]
    holds(rho, "568.74M", sep_macs)
    holds(rho, "290.17M", sep_macs * Fraction(160, 224) ** 2)  # all of it scaled by ρ²
    holds(rho, "290.68M", expected_macs(1.0, 160))
    ratio = next(f for f in figures.FIGURES if f.title == "Table 4: Conv MobileNet / MobileNet mult-adds")
    holds(ratio.reason, "8.55", Fraction(4866, 569))          # Table 4's printed numbers
    holds(ratio.reason, "8.56", Fraction(conv_macs, sep_macs))
    conv_3x3 = 3 * 3 * 3 * 32 * 112 * 112
    holds(figures.CONV_3X3_ERRATUM, "10,838,016", conv_3x3)
    holds(figures.CONV_3X3_ERRATUM, "568,740,352", sep_macs)
    holds(figures.CONV_3X3_ERRATUM, "1.91%", Fraction(100 * conv_3x3, sep_macs))
    column = [Fraction(f.printed.rstrip("%")) for f in figures.FIGURES          # Table 2, Mult-Adds
              if f.title.startswith("Table 2:") and f.title.endswith("mult-adds")]
    assert len(column) == 4
    holds(figures.CONV_3X3_ERRATUM, "99.29%", sum(column))
    holds(figures.CONV_3X3_ERRATUM, "100.01%", sum(column) - Fraction("1.19") + Fraction("1.91"))
    holds(spec.TABLE_2_NOTE, "1.91%", Fraction(100 * conv_3x3, sep_macs))
    holds(spec.TABLE_2_NOTE, "99.29%", sum(column))
    holds(figures.WEIGHTS_ONLY, "4,209,088", expected_params(batch_norm=False) - 1000)
    assert sep.totals()["weights"] == expected_params(batch_norm=False) - 1000


@pytest.mark.parametrize("figure", figures.FIGURES, ids=lambda f: f.title)
def test_paper_figures(figure):
    v = verdict(figure)
    assert v.verdict == FIGURE_CLAIMS.get(figure.title, "match"), v.reason


def test_paper_tables_are_all_declared():
    titles = {f.title for f in figures.FIGURES}
    tables = {4: ("conv-mobilenet", "mobilenet"),            # the paper's rows of each table
              6: ("mobilenet", "mobilenet-0.75", "mobilenet-0.5", "mobilenet-0.25"),
              7: ("mobilenet", "mobilenet-1.0-192", "mobilenet-1.0-160", "mobilenet-1.0-128"),
              8: ("mobilenet",)}                        # GoogLeNet's and VGG 16's are theirs
    for table, models in tables.items():
        for model in models:
            assert f"Table {table}: {model} macs" in titles and f"Table {table}: {model} params" in titles
    assert sum(f.title.startswith("Table 2:") for f in figures.FIGURES) == 8


def test_alpha_flag_is_the_build_option(run):
    a = run("report", "mobilenet", "--alpha", "0.6", "--input", "200", "--format", "json").stdout
    b = run("report", "mobilenet", "-O", "alpha=0.6", "--input", "200", "--format", "json").stdout
    assert a == b and f'"macs": {expected_macs(0.6, 200)}' in a


@pytest.mark.parametrize("alpha", [0, -0.5, "wide", float("nan"), float("inf")])
def test_bad_alpha_is_an_option_error(alpha):
    with pytest.raises(OptionError, match="option alpha"):
        get_model("mobilenet").network(alpha=alpha)


@pytest.mark.parametrize("option, rule", [
    ("alpha=0", "value not allowed (width multiplier α); expected > 0; received 0.0"),
    ("alpha=nan", "the option takes a finite number"),
    ("alpha=inf", "the option takes a finite number"),
    ("alpha=wide", None),            # not a number: the CLI or the spec says so
    ("size=0", "value not allowed (input size ρ·224); expected >= 1; received 0"),
    ("size=big", None),
    ("separable=maybe", None),
    ("batch_norm=2", None),
    ("num_classes=0", "expected >= 1; received 0"),
])
def test_bad_build_options_are_one_line_errors(run, option, rule):
    assert_option_error(run("report", "mobilenet", "-O", option), "mobilenet", option, rule)


def test_alpha_on_a_model_without_it_is_an_option_error():
    with pytest.raises(OptionError, match="option alpha"):
        get_model("vgg16").network(alpha=0.5)
