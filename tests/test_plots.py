"""Plots (costcalc/plots.py and `costcalc plot`): every kind, both formats, deterministic bytes,
the numbers drawn are the engine's, labels do not overlap, and bad input is one line."""

import io
import json
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from conftest import analysis_of

from costcalc import plots
from costcalc.engine import analyze
from costcalc.registry import Model, get_model, load_spec_file


def pixels(png: bytes) -> np.ndarray:
    import matplotlib.image
    return matplotlib.image.imread(io.BytesIO(png), format="png")


def assert_not_blank(png: bytes) -> None:
    image = pixels(png)[..., :3]
    ink = (image < 0.9).any(axis=2).mean()  # share of pixels that are not near-white
    assert 0.01 < ink < 0.9, ink


def text_boxes_overlap(fig, texts) -> bool:
    from matplotlib.text import Text
    renderer = fig.canvas.get_renderer()
    fig.draw_without_rendering()
    boxes = [Text.get_window_extent(t, renderer) for t in texts]
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


# -- the figures ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["layers", "cumulative", "compare"])
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_every_kind_draws_and_saves_identical_bytes_twice(kind, fmt):
    analyses = [analysis_of("alexnet"), analysis_of("vgg16")]
    first = plots.figure_bytes(plots.draw(kind, analyses), fmt, dpi=60)
    second = plots.figure_bytes(plots.draw(kind, analyses), fmt, dpi=60)
    assert first == second
    if fmt == "png":
        assert first.startswith(b"\x89PNG") and b"Software" not in first[:200]
        assert_not_blank(first)
    else:
        assert b"<svg" in first and b"dc:date" not in first and b"Matplotlib v" not in first


def test_layers_bars_are_the_engines_numbers():
    a = analysis_of("alexnet")
    fig = plots.plot_layers([a])
    params_ax, macs_ax = fig.axes
    costly = [r for r in a.rows() if r.params or r.macs]
    assert [t.get_text() for t in params_ax.get_yticklabels()] == [r.name for r in costly]
    assert [p.get_width() for p in params_ax.patches] == [r.params for r in costly]
    assert [p.get_width() for p in macs_ax.patches] == [r.macs for r in costly]
    assert params_ax.get_xscale() == "log" and "log scale" in macs_ax.get_xlabel()


def test_layers_of_a_deep_net_are_drawn_per_block():
    from costcalc.grouping import group_rows
    a = analysis_of("resnet50")
    costly = [r for r in a.rows() if r.params or r.macs]
    assert len(costly) > plots.MAX_BARS
    ax = plots.plot_layers([a]).axes[0]
    blocks = [g.key for g in group_rows(a, costly, "block")]
    assert [t.get_text() for t in ax.get_yticklabels()] == blocks
    assert "conv2_x/block1" in blocks and len(blocks) < len(costly)
    assert sum(p.get_width() for p in ax.patches) == a.totals()["params"]  # blocks partition


def test_cumulative_ends_at_100_percent():
    fig = plots.plot_cumulative([analysis_of("vgg16"), analysis_of("alexnet")])
    ax = fig.axes[0]
    assert len(ax.lines) == 4
    for line in ax.lines:
        assert line.get_ydata()[-1] == pytest.approx(100.0)
        assert np.all(np.diff(line.get_ydata()) >= 0)
    assert "%" in ax.get_ylabel()


def test_compare_bubble_area_is_activation_memory_and_labels_do_not_overlap():
    names = ["alexnet", "zfnet", "alexnet-tv", "vgg11", "vgg16"]  # three AlexNets sit close
    analyses = [analysis_of(n) for n in names]
    fig = plots.plot_compare(analyses)
    ax = fig.axes[0]
    bubbles = ax.collections[0]
    memory = np.array([a.totals()["activation_bytes"] for a in analyses], dtype=float)
    np.testing.assert_allclose(bubbles.get_sizes() / bubbles.get_sizes().max(), memory / memory.max())
    np.testing.assert_array_equal(bubbles.get_offsets()[:, 0], [a.totals()["params"] for a in analyses])
    np.testing.assert_array_equal(bubbles.get_offsets()[:, 1], [a.totals()["macs"] for a in analyses])
    labels = [t for t in ax.texts if t.get_text().split("\n")[0] in names]
    assert [t.get_text().split("\n")[0] for t in labels] == names
    assert not text_boxes_overlap(fig, labels)
    assert "parameters" in ax.get_xlabel() and "MACs" in ax.get_ylabel()


SPEC_WITH_ALPHA = textwrap.dedent('''
    """A tiny width-multiplied net with a global pool (sweeps over size and alpha)."""
    from costcalc.graph import Network
    from costcalc.layers import Conv2d, GlobalAvgPool2d, Flatten, Linear, ReLU

    def build(alpha: float = 1.0):
        net = Network("tiny-alpha", channels=3, size=32)
        net.add("conv", Conv2d(int(16 * alpha), 3, stride=2, padding=1))
        net.add("relu", ReLU())
        net.add("pool", GlobalAvgPool2d())
        net.add("flat", Flatten())
        net.add("fc", Linear(10))
        return net
''')


@pytest.fixture
def alpha_spec(tmp_path):
    path = tmp_path / "tiny_alpha.py"
    path.write_text(SPEC_WITH_ALPHA)
    return path


def test_sweep_is_one_walk_per_width_and_equals_sizes_one_by_one(alpha_spec):
    model = next(iter(load_spec_file(alpha_spec).values()))
    sizes = [(32, 32), (48, 48), (64, 40)]
    series = plots.sweep(model, {}, sizes)
    assert [s.label for s in series] == [f"tiny_alpha α={a:g}" for a in plots.SWEEP_ALPHAS]
    for alpha, s in zip(plots.SWEEP_ALPHAS, series):
        net = model.network(alpha=alpha)
        one_by_one = [analyze(net, input_size=size).totals()["macs"] for size in sizes]
        assert list(s.macs) == one_by_one
        assert s.params == analyze(net).totals()["params"]
    fixed = plots.sweep(model, {"alpha": 0.5}, sizes)  # -O alpha=0.5 fixes the width
    assert len(fixed) == 1 and fixed[0].macs == series[2].macs
    named = Model("tiny-0.5", model.build, "", "", {"alpha": 0.5})  # as mobilenet-0.5 does
    assert [s.label for s in plots.sweep(named, {}, sizes)] == ["tiny-0.5"]


def test_sweep_of_a_flattening_model_names_the_layer():
    from costcalc.errors import ShapeError
    with pytest.raises(ShapeError) as err:
        plots.sweep(get_model("vgg16"), {}, [(160, 160), (224, 224)])
    message = str(err.value)
    assert message.startswith("vgg16 classifier/fc6: cannot sweep the input sizes 160, 224")
    assert "-O adaptive_pool=true" in message and "\n" not in message
    ok = plots.sweep(get_model("vgg16"), {"adaptive_pool": True}, [(160, 160), (224, 224)])
    assert ok[0].macs[1] == analysis_of("vgg16").totals()["macs"]  # same weights, same count at 224


# -- the command line ---------------------------------------------------------------------------

def test_cli_plot_default_output_name(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("plot", "alexnet")
    assert result.exit_code == 0 and result.stderr.strip() == "wrote alexnet-layers.png"   # what it wrote: stderr
    assert_not_blank((tmp_path / "alexnet-layers.png").read_bytes())


def test_cli_plot_dpi_title_and_svg(run, tmp_path):
    png = tmp_path / "c.png"
    assert run("plot", "alexnet", "vgg16", "--kind", "compare", "--dpi", "50", "-o", str(png)).exit_code == 0
    assert pixels(png.read_bytes()).shape[1] == 8 * 50  # an 8-inch-wide figure at 50 dpi
    svg = tmp_path / "c.svg"
    result = run("plot", "vgg16", "--kind", "cumulative", "--title", "VGG-16 along depth", "-o", str(svg))
    assert result.exit_code == 0 and b"VGG-16 along depth" in svg.read_bytes()  # text kept as a comment


def test_cli_plot_sweep_with_sizes_and_spec_file(run, tmp_path, alpha_spec):
    out = tmp_path / "s.png"
    result = run("plot", str(alpha_spec), "--kind", "sweep", "--input", "32,48,64", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert_not_blank(out.read_bytes())


def test_cli_plot_input_and_build_options(run, tmp_path):
    result = run("plot", "alexnet", "--input", "224", "--batch", "2", "--dtype", "fp16",
                 "-o", str(tmp_path / "a.svg"))
    assert result.exit_code == 0
    assert b"224\xc3\x97224, batch 2" in (tmp_path / "a.svg").read_bytes()  # 224×224 in the title
    result = run("plot", "vgg16", "--kind", "sweep", "-O", "adaptive_pool=true", "--input", "192,224",
                 "-o", str(tmp_path / "v.png"))
    assert result.exit_code == 0


@pytest.mark.parametrize("args, message, code", [
    (["vgg16", "--kind", "sweep"], "Error: vgg16 classifier/fc6: cannot sweep the input sizes", 1),
    (["alexnet", "--input", "128,160"], "Error: --input: several input sizes need --kind sweep", 2),
    (["alexnet", "--input", "abc"], "Error: --input: an input size is N or HxW", 2),
    (["alexnet", "-o", "plot.jpg"], "Error: --output: a plot file ends in .png, .svg or .pdf", 2),
    (["alexnet", "--kind", "cumulative", "--scale", "log"],
     "Error: --scale: the cumulative plot is a percentage, on a linear axis", 2),
    (["alexnet", "--scale", "cubic"], "Invalid value for '--scale'", 2),
    (["alexnet", "-o", "/nonexistent-dir/p.png"], "Error: --output: cannot write the output file", 2),
    (["alexnett"], "Error: alexnett: unknown model", 2),
    (["alexnet", "--kind", "pie"], "Invalid value for '--kind'", 2),
])
def test_cli_plot_bad_input_is_one_line(run, args, message, code):
    result = run("plot", *args)
    assert result.exit_code == code
    assert message in result.stderr
    if message.startswith("Error:"):
        assert result.stderr.count("\n") == 1


def test_commands_that_draw_nothing_import_neither_matplotlib_nor_the_ledger():
    # the cold `costcalc report vgg16` path has a time budget (benchmarks/bench_engine.py)
    code = ("import sys; from click.testing import CliRunner; from costcalc.cli import main; "
            "r = CliRunner().invoke(main, ['report', 'vgg16']); assert r.exit_code == 0; "
            "print(sorted(m for m in sys.modules if m.startswith('matplotlib') or m in "
            "('costcalc.reports', 'costcalc.handout', 'costcalc.compare', 'costcalc.derive'))[:3])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_plot_layers_of_a_model_without_costs_is_one_line(run, tmp_path):
    spec = tmp_path / "pool_only.py"
    spec.write_text(textwrap.dedent('''
        from costcalc.graph import Network
        from costcalc.layers import MaxPool2d

        def build():
            net = Network("pool-only", channels=3, size=32)
            net.add("pool", MaxPool2d(2))
            return net
    '''))
    result = run("plot", str(spec), "-o", str(tmp_path / "p.png"))
    assert result.exit_code == 2
    assert result.stderr == ("Error: --kind layers: pool_only has no layer with parameters or MACs; "
                             "expected a model with a conv or fully-connected layer; received none\n")


TWO_MODELS = textwrap.dedent('''
    from costcalc.graph import Network
    from costcalc.layers import Conv2d, GlobalAvgPool2d
    from costcalc.registry import Model

    def build(width: int = 8):
        net = Network("two", channels=3, size=32)
        net.add("conv", Conv2d(width, 3, padding=1))
        net.add("pool", GlobalAvgPool2d())
        return net

    MODELS = {"narrow": Model("narrow", build, "8 filters", "test"),
              "wide": Model("wide", lambda: build(64), "64 filters", "test")}
''')


def test_cli_plot_units_and_model_pick(run, tmp_path):
    spec = tmp_path / "two.py"
    spec.write_text(TWO_MODELS)
    out = tmp_path / "c.svg"
    result = run("plot", str(spec), "alexnet", "--model", "wide", "--kind", "compare", "--units", "binary",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    svg = out.read_bytes()
    assert b"MiB activations" in svg and b"<!-- wide -->" in svg  # 64 filters, labelled by name
    assert run("plot", str(spec), "-o", str(out)).exit_code == 2  # two models: --model is needed


def test_cli_plot_names_each_model_once(run, tmp_path):
    result = run("plot", "vgg16", "vgg16", "--kind", "compare", "-o", str(tmp_path / "c.png"))
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: MODEL: each model once; expected distinct names; received vgg16 twice"


def test_cli_alpha_is_short_for_the_option_in_every_command(run, tmp_path):
    # MobileNet α = 0.5: channels int(c·α); params as test_mobilenet's formula gives (Table 6 row 0.5)
    report = json.loads(run("report", "mobilenet", "--alpha", "0.5", "--format", "json").stdout)
    option = json.loads(run("report", "mobilenet", "-O", "alpha=0.5", "--format", "json").stdout)
    assert report["totals"] == option["totals"] and report["options"] == {"alpha": 0.5}
    out = tmp_path / "m.md"
    assert run("handout", "mobilenet", "--alpha", "0.5", "-o", str(out)).exit_code == 0
    assert f"{report['totals']['params']:,}" in out.read_text()
    assert run("plot", "mobilenet", "--alpha", "0.5", "-o", str(tmp_path / "m.png")).exit_code == 0


# -- labels, scales, shared axes, PDF, fonts ----------------------------------------------------

@pytest.mark.parametrize("value, text", [
    (1_327_488, "1.33M"),      # AlexNet conv4's params: 1.327488M to three significant digits
    (999_600, "1M"),           # rounds up into the next prefix, not '1e+03K'
    (61_100, "61.1K"), (138_357_544, "138M"), (7, "7"), (0, "0"), (15_470_264_320, "15.5G"),
])
def test_short_labels_have_three_significant_digits(value, text):
    assert plots.short(value) == text


def test_short_labels_in_binary_units():
    assert plots.short(1024, "binary") == "1K" and plots.short(1536 * 1024, "binary") == "1.5M"


def test_layer_labels_are_three_significant_digits():
    a = analysis_of("alexnet")
    params_ax, macs_ax = plots.plot_layers([a]).axes
    labels = [t.get_text() for t in params_ax.texts]
    assert "1.33M" in labels  # conv4: 3*3*384*384 + 384 = 1,327,488
    significant = [len(re.sub(r"[^0-9]", "", t).lstrip("0")) for t in labels + [t.get_text() for t in macs_ax.texts]]
    assert max(significant) <= 3, labels


@pytest.mark.parametrize("scale", ["log", "linear"])
def test_layers_of_several_models_share_their_axes(scale):
    fig = plots.plot_layers([analysis_of("alexnet"), analysis_of("vgg16")], scale=scale)
    fig.draw_without_rendering()
    a_params, a_macs, v_params, v_macs = fig.axes
    assert a_params.get_xlim() == v_params.get_xlim() and a_macs.get_xlim() == v_macs.get_xlim()
    assert a_params.get_position().x0 == pytest.approx(v_params.get_position().x0)  # aligned columns
    assert a_macs.get_xscale() == scale
    biggest = max(r.macs for name in ("alexnet", "vgg16") for r in analysis_of(name).rows())
    assert a_macs.get_xlim()[1] > biggest  # the longest bar of either model fits both panels


def test_linear_scale_starts_at_zero_in_every_kind_that_takes_it(alpha_spec):
    analyses = [analysis_of("alexnet"), analysis_of("vgg16")]
    bars = plots.plot_layers(analyses, scale="linear").axes[0]
    assert bars.get_xscale() == "linear" and bars.get_xlim()[0] == 0 and "log" not in bars.get_xlabel()
    bubbles = plots.plot_compare(analyses, scale="linear").axes[0]
    assert bubbles.get_xlim()[0] == 0 and bubbles.get_ylim()[0] == 0
    model = next(iter(load_spec_file(alpha_spec).values()))
    sweep = plots.plot_sweep(plots.sweep(model, {}, [(32, 32), (64, 64)]), scale="linear").axes[0]
    assert sweep.get_yscale() == "linear" and sweep.get_ylim()[0] == 0
    with pytest.raises(Exception, match="unknown axis scale"):
        plots.plot_layers(analyses, scale="cubic")


def test_pdf_output_is_deterministic(run, tmp_path):
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for path in (first, second):
        assert run("plot", "alexnet", "vgg16", "--kind", "compare", "-o", str(path)).exit_code == 0
    data = first.read_bytes()
    assert data.startswith(b"%PDF") and data == second.read_bytes()
    assert b"CreationDate" not in data and b"Matplotlib" not in data


def test_korean_text_renders_with_the_installed_korean_font():
    chain = plots.font_chain()
    if len(chain) < 2:
        pytest.skip("no Korean font installed (Debian: apt-get install fonts-noto-cjk)")
    import warnings as w

    def title_pixels(family):
        with w.catch_warnings(record=True) as caught:
            w.simplefilter("always")
            with plots._style():  # text takes its font from the style it is made in
                fig = plots._figure(3, 0.6)
                fig.text(0.05, 0.3, "한국어 강의", fontsize=14)
                if family:
                    fig.texts[0].set_family(family)
                png = plots.figure_bytes(fig, "png", dpi=60)
        return pixels(png), [str(c.message) for c in caught]
    korean, caught = title_pixels(None)
    boxes, _ = title_pixels("DejaVu Sans")  # DejaVu has no Hangul: tofu boxes
    assert caught == []
    assert not np.array_equal(korean, boxes)


def test_no_korean_font_is_one_warning_line(run, tmp_path, monkeypatch):
    monkeypatch.setattr(plots, "KOREAN_FONTS", ())
    monkeypatch.setattr(plots, "_warned_glyphs", set())
    plots.font_chain.cache_clear()
    try:
        result = run("plot", "vgg16", "--title", "한국어", "-o", str(tmp_path / "k.png"))
    finally:
        plots.font_chain.cache_clear()
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [(
        "Warning: plot: no installed font has 한, 국, 어, drawn as empty boxes; expected a font with "
        "them, e.g. Noto Sans CJK KR for Korean (Debian: apt-get install fonts-noto-cjk); received DejaVu Sans"),
        f"wrote {tmp_path / 'k.png'}"]   # then the file it wrote, on stderr like every written file
