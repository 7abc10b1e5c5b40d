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
from costcalc.ledger import verdict
from costcalc.models import builtin_models, get_model
from costcalc.specs import shufflenet as spec

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
    for g, printed in zip(spec.GROUPS, (143, 140, 137, 133, 137)):
        conv_only = expected_macs(g) - STAGES[g][2] * 1000
        assert round(conv_only / 1e6) == printed
    with_fc = {g: round(expected_macs(g) / 1e6) for g in spec.GROUPS}
    assert with_fc == {1: 143, 2: 141, 3: 137, 4: 134, 8: 138}


@pytest.mark.parametrize("s, g, conv1", [(0.5, 3, 12), (2, 3, 48), (1.5, 3, 36), (0.5, 8, 16),
                                         (0.25, 4, 8), (1.5, 8, 40)])
def test_scale_and_conv1_reading(s, g, conv1):
    """Conv1 = 24·s rounded up to a multiple of g (the branch after it splits into g groups)."""
    a = analysis_of(f"shufflenet-{s:g}x-g{g}")
    assert a.row("conv1/conv").output_shape[0] == conv1
    widths = tuple(int(c * s) for c in STAGES[g])
    def mid(c):
        return -(-(c // 4) // g) * g                               # c/4 rounded up to a multiple of g
    assert a.totals()["macs"] == expected_macs(g, widths, conv1, mid=mid)


def test_conv1_24_variant():
    a = analysis_of("shufflenet-1.5x-g3-conv1-24")
    assert a.row("conv1/conv").output_shape[0] == 24
    assert a.totals()["macs"] == expected_macs(3, (360, 720, 1440), 24)
    assert round(a.totals()["macs"] / 1e6) == 292                  # the paper's 1.5x (g = 3)
    assert round(analysis_of("shufflenet-1.5x-g3").totals()["macs"] / 1e6) == 300


def test_bottleneck_rounding_when_c_over_4_does_not_split():
    a = analysis_of("shufflenet-0.5x-g4")                           # Stage 2: 136 channels
    assert a.row("stage2/unit1/gconv1").output_shape[0] == 36       # 136/4 = 34 → 36
    assert any("136/4 = 34" in n for n in a.network.notes)


def test_unit_structure():
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
    assert dw.layer.groups == 120 and dw.layer.stride == (2, 2)
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


def test_shallow_halves_the_units():
    a = analyze(get_model("shufflenet-0.5x-g3").network(shallow=True))
    assert sum(1 for p in a.network.scopes if p.count("/") == 1) == 2 + 4 + 2
    assert a.totals()["macs"] == expected_macs(3, (120, 240, 480), 12, units=(2, 4, 2))


def test_unknown_group_count_is_an_option_error():
    with pytest.raises(OptionError, match="g = 1, 2, 3, 4, 8"):
        get_model("shufflenet").network(groups=5)


FIGURE_CLAIMS = {  # not plain matches
    "Table 1: complexity, g = 2": "close", "Table 1: complexity, g = 4": "close",
    "Table 1: complexity, g = 8": "close",
    "vs MobileNet: ShuffleNet 2x (g = 3) [shufflenet-2x-g3-conv1-24]": "variant",
    "vs MobileNet: ShuffleNet 1.5x (g = 3)": "variant",
    "vs MobileNet: ShuffleNet 1x (g = 8)": "close",
    "vs MobileNet: ShuffleNet 0.5x (g = 4)": "close",
    "speed table: ShuffleNet 0.5x (g = 3) [shufflenet-0.5x-g3-conv1-24]": "variant",
    "speed table: ShuffleNet 1x (g = 3)": "close",
    "speed table: AlexNet": "close",
}


@pytest.mark.parametrize("figure", spec.FIGURES, ids=lambda f: f.title)
def test_paper_figures(figure):
    v = verdict(figure)
    assert v.verdict == FIGURE_CLAIMS.get(figure.title, "match"), v.reason


def test_figure_titles_are_unique_and_claims_exist():
    titles = [f.title for f in spec.FIGURES]
    assert len(titles) == len(set(titles))
    assert set(FIGURE_CLAIMS) <= set(titles)


def test_latency_is_recorded_not_computed():
    latency = [n for n in spec.NOT_COMPUTABLE if n.what.startswith("inference time")]
    assert len(latency) == 5 * 3
    assert {n.model for n in latency} <= set(builtin_models())
    shallow = next(n for n in spec.NOT_COMPUTABLE if "shallow" in n.what)
    assert shallow.printed == "40M"


def test_complexity_grid_covers_every_scale_and_g():
    grid = {(r["scale"], r["groups"]): r for r in spec.complexity_table()}
    assert len(grid) == 25
    assert grid[(1, 2)]["macs"] == expected_macs(2)
    assert grid[(1, 2)]["macs_without_fc"] == expected_macs(2) - 800 * 1000
    printed = {v.figure.printed: v.verdict for v in grid[(1, 3)]["paper"]}
    assert printed == {"137M": "match", "140M": "close"}           # Table 1; speed table's budget
    assert [v.verdict for v in grid[(1.5, 3)]["paper"]] == ["variant"]
    assert grid[(0.25, 3)]["paper"] == []                          # no figure printed for it
