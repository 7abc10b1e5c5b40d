"""ShuffleNet v1 (Zhang et al. 2018): Table 1's channels and complexity, the units, the readings.

Expected costs are written from the paper (Table 1, Figure 2) by hand, not through the spec:
a unit with input c_in, output c_out and bottleneck m = c_out/4 costs
    c_in·m/g₁·H_in²  (1×1 group conv; g₁ = 1 for the first unit of Stage 2)
  + 3·3·m·H_out²     (depthwise)
  + m/g·b·H_out²     (1×1 group conv; b = c_out − c_in when the unit concatenates)
"""

import pytest

from conftest import analysis_of
from costcalc import analyze
from costcalc.errors import OptionError
from costcalc.layers import AvgPool2d, ChannelShuffle, Concat
from costcalc.ledger import parse_printed, verdict
from costcalc.registry import builtin_models, get_model
from costcalc.ledger.families import shufflenet as figures
from costcalc.specs import shufflenet as spec
from conftest import assert_option_error, holds

STAGES = {1: (144, 288, 576), 2: (200, 400, 800), 3: (240, 480, 960), 4: (272, 544, 1088),
          8: (384, 768, 1536)}                                     # Table 1, output channels
UNITS = (4, 8, 4)                                                  # Table 1, repeat 1 + 3, 1 + 7, 1 + 3


def expected_macs(g, widths=None, conv1=24, units=UNITS, mid=lambda c: c // 4):
    widths = widths or STAGES[g]
    total = 3 * 3 * 3 * conv1 * 112 * 112                          # Conv1 3×3/2
    c_in, h = conv1, 56                                            # after the 3×3/2 max pool
    for stage, (c_out, n) in enumerate(zip(widths, units)):
        m = mid(c_out)
        for i in range(n):
            stride = 2 if i == 0 else 1
            h_out = h // stride
            g1 = 1 if (stage, i) == (0, 0) else g
            b = c_out - c_in if stride == 2 else c_out
            total += c_in * m // g1 * h * h + 3 * 3 * m * h_out * h_out + m // g * b * h_out * h_out
            c_in, h = c_out, h_out
    return total + c_in * 1000                                     # FC


@pytest.mark.parametrize("g", spec.GROUPS)
def test_table_1_channels_and_sizes(g):
    a = analysis_of(f"shufflenet-1x-g{g}")
    assert a.row("conv1/conv").output_shape == (24, 112, 112)
    assert a.row("conv1/maxpool").output_shape == (24, 56, 56)
    last = {"stage2": "unit4", "stage3": "unit8", "stage4": "unit4"}
    for (stage, unit), c, h in zip(last.items(), STAGES[g], (28, 14, 7)):
        assert a.row(f"{stage}/{unit}/relu").output_shape == (c, h, h)
    assert a.row("classifier/fc").output_shape == (1000, 1, 1)


@pytest.mark.parametrize("g", spec.GROUPS)
def test_complexity_formula(g):
    a = analysis_of(f"shufflenet-1x-g{g}")
    assert a.totals()["macs"] == expected_macs(g)
    assert a.totals()["macs"] - a.row("classifier/fc").macs == expected_macs(g) - STAGES[g][2] * 1000


def test_complexity_row_reading():
    """Table 1's row (143, 140, 137, 133, 137 M) holds for every g only without the FC layer."""
    row = dict(zip(spec.GROUPS, ("143M", "140M", "137M", "133M", "137M")))   # Table 1, Complexity
    for g, printed in row.items():
        assert parse_printed(printed).contains(expected_macs(g) - STAGES[g][2] * 1000)  # less the FC
    # with the FC, the entries that miss are exactly those the ledger records as close
    missed = {g for g, printed in row.items() if not parse_printed(printed).contains(expected_macs(g))}
    assert missed == {g for g in spec.GROUPS if FIGURE_CLAIMS.get(f"Table 1: complexity, g = {g}")}
    assert missed


def mid_up(g):
    return lambda c: -(-(c // 4) // g) * g                         # c/4 rounded up to a multiple of g


@pytest.mark.parametrize("s, g, conv1", [
    (0.5, 3, 12), (1.5, 3, 24), (2, 3, 48),     # the authors' code, group 3: 12, 24, 24, 48
    (0.5, 8, 16), (1.5, 8, 24),                 # the authors' code, group 8: 16, 24, 24, 48
    (0.25, 4, -(-int(24 * 0.25) // 4) * 4),     # no 0.25× in their code: 24·s, up to a multiple of g
])
def test_scale_and_conv1_released_reading(s, g, conv1):
    """The default: Conv1 as the authors' released code (megvii-model/ShuffleNet-Series,
    ShuffleNetV1/network.py) builds it; widths c·s; bottlenecks rounded up to split into g."""
    a = analysis_of(f"shufflenet-{s:g}x-g{g}")
    assert a.row("conv1/conv").output_shape[0] == conv1
    widths = tuple(int(c * s) for c in STAGES[g])
    assert a.totals()["macs"] == expected_macs(g, widths, conv1, mid=mid_up(g))


@pytest.mark.parametrize("name, s, conv1", [
    ("shufflenet-0.5x-g3-conv1-24", 0.5, 24),           # fixed at Table 1's 24
    ("shufflenet-1.5x-g3-conv1-scaled", 1.5, 24 * 3 // 2),  # 24·s
    ("shufflenet-2x-g3-conv1-24", 2, 24),
])
def test_other_conv1_readings(name, s, conv1):
    a = analysis_of(name)
    assert a.row("conv1/conv").output_shape[0] == conv1
    widths = tuple(int(c * s) for c in STAGES[3])
    assert a.totals()["macs"] == expected_macs(3, widths, conv1)


def test_only_the_released_reading_gives_every_scale_figure():
    printed = {0.5: "38M", 1.5: "292M", 2: "524M"}   # g = 3 (seed 000, ShuffleNet 9/10 and 10/10)

    def fits(conv1):
        return all(parse_printed(p).contains(
            expected_macs(3, tuple(int(c * s) for c in STAGES[3]), conv1(s))) for s, p in printed.items())
    released = {0.5: 12, 1.5: 24, 2: 48}   # megvii-model/ShuffleNet-Series, ShuffleNetV1/network.py
    assert fits(released.get) and spec.RELEASED_CONV1 == {**released, 1: 24}
    assert not fits(lambda s: int(24 * s))           # scaled: 36 at 1.5× misses 292M
    assert not fits(lambda s: 24)                    # fixed: 0.5× and 2× miss


def test_conv1_option_takes_a_reading_or_a_count(run):
    net = get_model("shufflenet-0.5x-g3").network
    assert analyze(net(conv1="24")).row("conv1/conv").output_shape[0] == 24   # text, as from -O
    assert analyze(net(conv1="scaled")).row("conv1/conv").output_shape[0] == 12
    out = run("report", "shufflenet-1.5x-g3", "-O", "conv1=scaled", "--format", "json").stdout
    assert f'"macs": {expected_macs(3, (360, 720, 1440), 36)}' in out


def test_bottleneck_rounding_when_c_over_4_does_not_split():
    a = analysis_of("shufflenet-0.5x-g4")                           # Stage 2: 136 channels
    assert a.row("stage2/unit1/gconv1").output_shape[0] == 36       # 136/4 = 34 → 36
    assert any("136/4 = 34" in n for n in a.network.notes)


def test_unit_structure():
    # Table 1, g = 3: Conv1 24 channels, Stage 2 240 at 28×28, Stage 3 480 (bottleneck 480/4)
    a = analysis_of("shufflenet")
    first = a.row("stage2/unit1/gconv1")
    assert first.layer.groups == 1                                  # not grouped: 24 input channels
    assert a.row("stage2/unit2/gconv1").layer.groups == 3
    assert a.row("stage2/unit1/gconv2").output_shape == (240 - 24, 28, 28)
    concat = a.row("stage2/unit1/concat")
    assert isinstance(concat.layer, Concat) and concat.output_shape == (240, 28, 28)
    shortcut = a.row("stage2/unit1/shortcut")
    assert isinstance(shortcut.layer, AvgPool2d) and shortcut.output_shape == (24, 28, 28)
    assert a.row("stage2/unit2/add").output_shape == (240, 28, 28)
    dw = a.row("stage3/unit1/dwconv")
    assert dw.layer.groups == 480 // 4 and dw.layer.stride == (2, 2)
    assert not any(r.name.startswith("stage3/unit1/dwconv_relu") for r in a.rows())  # no ReLU after DW


def test_grouped_conv_counts():
    row = analysis_of("shufflenet").row("stage3/unit2/gconv1")       # 480 → 120, g = 3, 14×14
    assert row.weights == 1 * 1 * (480 // 3) * 120
    assert row.macs == (480 // 3) * 120 * 14 * 14
    row = analysis_of("shufflenet").row("stage3/unit2/gconv2")       # 120 → 480, g = 3
    assert row.weights == (120 // 3) * 480
    assert row.macs == (120 // 3) * 480 * 14 * 14


def test_depthwise_conv_counts():
    row = analysis_of("shufflenet").row("stage4/unit1/dwconv")       # 240 channels, 3×3/2, 14→7
    assert row.weights == 3 * 3 * 240
    assert row.macs == 3 * 3 * 240 * 7 * 7


def test_shuffle_and_concat_cost_no_macs():
    a = analysis_of("shufflenet")
    for name in ("stage2/unit2/shuffle", "stage2/unit1/concat"):
        row = a.row(name)
        assert row.macs == 0 and row.params == 0 and row.other_ops == 0
        assert row.activations == row.output_shape[0] * row.output_shape[1] * row.output_shape[2]
    shuffles = [r for r in a.rows() if isinstance(r.layer, ChannelShuffle)]
    assert len(shuffles) == sum(UNITS) and all(r.layer.groups == 3 for r in shuffles)
    assert not any(isinstance(r.layer, ChannelShuffle) for r in analysis_of("shufflenet-1x-g1").rows())


def test_scopes_per_stage_and_unit():
    net = get_model("shufflenet").network()
    kinds = {p: s.kind for p, s in net.scopes.items()}
    assert kinds["stage2"] == kinds["stage3"] == kinds["stage4"] == "stage"
    assert kinds["stage3/unit8"] == "block"
    assert sum(1 for p in kinds if p.startswith("stage3/unit")) == 8


def test_names():
    models = builtin_models()
    for s in ("0.25x", "0.5x", "1x", "1.5x", "2x"):
        for g in spec.GROUPS:
            assert f"shufflenet-{s}-g{g}" in models
    assert models["shufflenet"].options == {"groups": 3, "scale": 1}
    assert models["shufflenet-1.5x-g3-conv1-scaled"].options["conv1"] == "scaled"
    assert models["shufflenet-2x-g3-conv1-24"].options["conv1"] == 24


def test_shallow_halves_the_units():
    a = analyze(get_model("shufflenet-0.5x-g3").network(shallow=True))
    assert sum(1 for p in a.network.scopes if p.count("/") == 1) == 2 + 4 + 2
    assert a.totals()["macs"] == expected_macs(3, (120, 240, 480), 12, units=(2, 4, 2))


def test_unknown_group_count_is_an_option_error():
    with pytest.raises(OptionError, match="g = 1, 2, 3, 4, 8"):
        get_model("shufflenet").network(groups=5)


@pytest.mark.parametrize("option, rule", [
    ("scale=abc", None),                 # not a number: the CLI or the spec says so
    ("scale=0", "value not allowed (scale factor s; 24·s ≥ 1 keeps a Conv1 channel); expected >= 1/24; received 0.0"),
    ("scale=0.04", "expected >= 1/24; received 0.04"),
    ("scale=nan", "the option takes a finite number"),
    ("scale=inf", "the option takes a finite number"),
    ("groups=5", "Table 1 has columns for g = 1, 2, 3, 4, 8"),
    ("groups=true", None),
    ("conv1=foo", "Conv1 is a reading of the paper or a channel count"),
    ("conv1=0", "Conv1 is a reading of the paper or a channel count"),
    ("conv1=25", "Conv1's channels split into g = 3 groups and are fewer than Stage 2's 240"),
    ("conv1=240", "Conv1's channels split into g = 3 groups and are fewer than Stage 2's 240"),
    ("shallow=maybe", None),
    ("num_classes=0", "expected >= 1; received 0"),
])
def test_bad_build_options_are_one_line_errors(run, option, rule):
    assert_option_error(run("report", "shufflenet", "-O", option), "shufflenet", option, rule)


FIGURE_CLAIMS = {  # not plain matches
    "Table 1: complexity, g = 2": "close", "Table 1: complexity, g = 4": "close",
    "Table 1: complexity, g = 8": "close",
    "vs MobileNet: ShuffleNet 2x (g = 3) [shufflenet-2x-g3-conv1-24]": "variant",
    "vs MobileNet: ShuffleNet 1.5x (g = 3) [shufflenet-1.5x-g3-conv1-scaled]": "variant",
    "vs MobileNet: ShuffleNet 1x (g = 8)": "close",
    "vs MobileNet: ShuffleNet 0.5x (g = 4)": "close",
    "speed table: ShuffleNet 0.5x (g = 3) [shufflenet-0.5x-g3-conv1-24]": "variant",
    "speed table: ShuffleNet 1x (g = 3)": "close",
    "speed table: ShuffleNet 2x (g = 3) [shufflenet-2x-g3-conv1-24]": "variant",
    "speed table: AlexNet": "close",
}


@pytest.mark.parametrize("figure", figures.FIGURES, ids=lambda f: f.title)
def test_paper_figures(figure):
    v = verdict(figure)
    assert v.verdict == FIGURE_CLAIMS.get(figure.title, "match"), v.reason


def test_figure_titles_are_unique_and_claims_exist():
    titles = [f.title for f in figures.FIGURES]
    assert len(titles) == len(set(titles))
    assert set(FIGURE_CLAIMS) <= set(titles)


def test_latency_is_recorded_not_computed():
    latency = [n for n in figures.NOT_COMPUTABLE if n.what.startswith("inference time")]
    assert len(latency) == 5 * 3
    assert {n.model for n in latency} <= set(builtin_models())
    shallow = next(n for n in figures.NOT_COMPUTABLE if "shallow" in n.what)
    assert shallow.printed == "40M"


def test_every_scale_figure_is_declared_under_each_reading():
    # 0.5×, 1.5× and 2× (g = 3): the default (released) model and every variant that differs
    for model, printed in (("shufflenet-0.5x-g3", "38M"), ("shufflenet-1.5x-g3", "292M"),
                           ("shufflenet-2x-g3", "524M")):
        models = {f.model for f in figures.FIGURES if f.printed == printed and f.quantity == "macs"}
        variants = {n for n in spec.CONV1_VARIANTS if n.startswith(model + "-")}
        assert variants and {model} | variants <= models


def test_the_numbers_the_reasons_quote_hold():
    half = figures.HALF_G4                                            # ShuffleNet 0.5x (g = 4), 38M
    assert "37.5–38.5M" in half and parse_printed("38M").low == 37_500_000
    widths = (136, 272, 544)                                       # Table 1's g = 4 column × 0.5
    holds(half, "37.47M", analysis_of("shufflenet-0.5x-g4").totals()["macs"])
    assert analysis_of("shufflenet-0.5x-g4").totals()["macs"] == expected_macs(4, widths, 12, mid=mid_up(4))
    holds(half, "36.47M", expected_macs(4, widths, 12, mid=lambda c: c // 4 // 4 * 4))  # rounded down
    holds(half, "42.80M", analyze(get_model("shufflenet-0.5x-g4").network(conv1=24)).totals()["macs"])
    holds(half, "37.59M", analysis_of("shufflenet-0.5x-g3").totals()["macs"])
    alexnet = figures.ALEXNET_720                                     # AlexNet, 720M
    assert "719.5–720.5M" in alexnet
    holds(alexnet, "724.4M", analysis_of("alexnet-2gpu").totals()["macs"])
    holds(alexnet, "643.0M", analysis_of("alexnet-2gpu", input_size=224).totals()["macs"])
    holds(alexnet, "714.2M", analysis_of("alexnet-tv").totals()["macs"])
    holds(alexnet, "1,135.3M", analysis_of("alexnet").totals()["macs"])
    assert parse_printed("720M", significant=2).contains(analysis_of("alexnet-2gpu").totals()["macs"])
    shallow = next(n for n in figures.NOT_COMPUTABLE if "shallow" in n.what)
    holds(shallow.reason, "21.58M", expected_macs(3, (120, 240, 480), 12, units=(2, 4, 2)))
