"""Worked derivations (costcalc/derive.py) and handouts (costcalc/handout.py, `costcalc handout`).

The derivations run the layer rules of costcalc/layers.py on traced numbers; the tests check
that every derived result equals the engine's number, for every node of every built-in model,
and that every rendered formula evaluates back to that result (so the text is faithful too).
"""

import base64
import re

import pytest
from conftest import analysis_of
from hypothesis import given, settings
from hypothesis import strategies as st

from costcalc.derive import Traced, default_layers, derive, engine_value, pick_layers, symbol
from costcalc.engine import analyze
from costcalc.errors import OptionError
from costcalc.handout import HANDOUT_MODELS, render_html, render_markdown, sheet, write_handout, write_handouts
from costcalc.registry import builtin_models, get_model
from costcalc.tensor import Shape

# -- rendered text back to Python, to check the text says what the value is ---------------------

_TO_PY = [(",", ""), ("·", "*"), ("−", "-"), ("⌊", "("), ("⌋", ")"), ("⌈", "(-((-1)*"),
          ("⌉", "))"), ("/", "//"), (" mod ", " % "), ("[", "int("), ("]", ")"), ("≥", ">="),
          ("≤", "<="), ("≠", "!="), (" = ", " == "), ("∨", " or ")]


def as_python(text: str) -> str:
    text = re.sub(r"(\d)([A-Za-z])", r"\1*\2", text)  # "2p" is 2·p
    for a, b in _TO_PY:
        text = text.replace(a, b)
    return text


def evaluate(text: str, symbols: dict) -> int:
    return int(eval(as_python(text), {}, dict(symbols)))


# -- the derivation of AlexNet conv1, the seed's worked example ---------------------------------

def conv1_lines(size=None):
    d = derive(analysis_of("alexnet", input_size=size), "conv1")
    return d, {line.key: line.chain() for line in d.lines}


def test_alexnet_conv1_derivation_reads_like_the_slide():
    d, chains = conv1_lines()
    # (227 − 11)/4 + 1 = 55: the rule's span H − d(k − 1) − 1 with p = 0 and d = 1 folded away
    assert chains["h"] == "H_out = ⌊(H − (k − 1) − 1)/s⌋ + 1 = ⌊(227 − (11 − 1) − 1)/4⌋ + 1 = ⌊216/4⌋ + 1 = 55"
    assert chains["params"] == "params = k·k·C_in·C_out + C_out = 11·11·3·96 + 96 = 34,944"  # (11*11*3 + 1)*96
    assert chains["macs"] == ("MACs = k·k·C_in·C_out·H_out·W_out = 11·11·3·96·55·55 = 105,415,200")  # 11*11*3*96*55*55
    assert chains["activations"] == "activations = C_out·H_out·W_out = 96·55·55 = 290,400"  # 55*55*96
    assert chains["activation_bytes"] == "bytes = activations·b = 290,400·4 = 1,161,600"  # 290,400*4
    assert dict(d.symbols)["k"] == 11 and dict(d.symbols)["s"] == 4 and "p" not in dict(d.symbols)


def test_alexnet_conv1_on_224_shows_the_floor_and_the_warning():
    d, chains = conv1_lines(224)
    # (224 − 11)/4 = 53.25: the floor drops 0.25, H_out = 54
    assert chains["h"].endswith("= ⌊213/4⌋ + 1 = 54")
    assert d.warnings and "53.25" in d.warnings[0]


def test_grouped_conv_shows_the_group_division():
    d = derive(analysis_of("alexnet-2gpu"), "conv2")
    params = next(line for line in d.lines if line.key == "params")
    assert params.chain() == "params = k·k·⌊C_in/g⌋·C_out + C_out = 5·5·⌊96/2⌋·256 + 256 = 307,456"  # 5*5*48*256 + 256


def test_batch_and_dtype_enter_the_derivation():
    a = analysis_of("alexnet", batch=3, dtype="fp16")
    d = derive(a, "conv1")
    chains = {line.key: line.chain() for line in d.lines}
    assert chains["activations"] == "activations = C_out·H_out·W_out·N = 96·55·55·3 = 871,200"  # 290,400*3
    assert chains["activation_bytes"] == "bytes = activations·b = 871,200·2 = 1,742,400"  # fp16: 2 bytes
    assert chains["macs"].endswith("·3 = 316,245,600")  # 105,415,200*3


# -- one source of truth: every derived number is the engine's, for every node ------------------

def _models():
    return sorted(builtin_models())


@pytest.mark.parametrize("name", _models())
def test_every_derived_result_equals_the_engine_and_every_formula_evaluates_to_it(name):
    a = analyze(get_model(name).network())
    checked = set()
    for node in a.names:
        d = derive(a, node)
        symbols = dict(d.symbols)
        for line in d.lines:
            assert line.result == engine_value(a, node, line.key), (node, line)
            texts = (line.formula, line.numbers, line.step)
            if texts in checked:  # a ReLU's lines repeat a hundred times
                continue
            checked.add(texts)
            assert evaluate(line.formula, symbols) == line.result, (node, line.formula)
            assert evaluate(line.numbers, {}) == line.result, (node, line.numbers)
            if line.step:
                assert evaluate(line.step, {}) == line.result, (node, line.step)


def test_derivation_at_a_later_variant_equals_the_engine():
    a = analyze(get_model("alexnet-tv").network(), input_size=[160, 224, (227, 200)], batch=[1, 2, 4])
    for v in range(a.variants):
        for node in a.names:
            for line in derive(a, node, v).lines:
                assert line.result == engine_value(a, node, line.key, v), (v, node, line)


# -- the traced number itself -------------------------------------------------------------------

def test_plain_zero_and_one_fold_away_but_symbols_stay():
    h, p = symbol("H", 10), symbol("p", 0)
    assert (h + 0) is h and (0 + h) is h and (h * 1) is h and (1 * h) is h and (h // 1) is h
    assert (h + p).render() == "H + p"  # a symbol at 0 is not a plain 0: it stays visible
    assert (h + 2 * p).render() == "H + 2p" and (h + 2 * p).render("numbers") == "10 + 2·0"


def test_ceil_is_written_as_the_rules_spell_it():
    h, s = symbol("H", 225), symbol("s", 2)
    ceil = -(-h // s)  # how layers.py writes ⌈H/s⌉
    assert ceil.render() == "⌈H/s⌉" and ceil.value == 113  # ⌈225/2⌉
    assert (-(-(h - 1) // s)).render("numbers") == "⌈(225 − 1)/2⌉"


def test_comparisons_are_traced_iverson_brackets():
    h, s = symbol("H", 5), symbol("s", 2)
    flag = (h - 1) * s >= h
    assert flag.value == 1 and bool(flag) and flag.render() == "[(H − 1)·s ≥ H]"
    assert ((h - 4) - (h <= 0)).render("numbers") == "5 − 4 − [5 ≤ 0]"


def test_unsupported_operations_fail_loudly():
    with pytest.raises(TypeError):
        symbol("H", 4) / 2  # a rule never divides exactly; a traced number refuses to


_OPS = ["+", "−", "·", "//", "ceil", "neg", "mod", "≥", "<"]


def _apply(op, a, b):
    return {"+": lambda: a + b, "−": lambda: a - b, "·": lambda: a * b, "//": lambda: a // b,
            "ceil": lambda: -(-a // b), "neg": lambda: -a, "mod": lambda: a % b,
            "≥": lambda: a >= b, "<": lambda: a < b}[op]()


@st.composite
def _expr(draw, depth=0):
    """A random expression built twice: on traced numbers and on plain ints."""
    if depth > 3 or draw(st.booleans()):
        value = draw(st.integers(0, 60))
        name = draw(st.sampled_from(["H", "k", "s", "C_in", None]))
        return (Traced(value, name=name) if name else value), value
    op = draw(st.sampled_from(_OPS))
    (ta, ia), (tb, ib) = draw(_expr(depth=depth + 1)), draw(_expr(depth=depth + 1))
    if op in ("//", "ceil", "mod"):
        positive = draw(st.integers(1, 9))
        tb, ib = Traced(positive, name="s"), positive
    if not isinstance(ta, Traced):
        ta = Traced(ta)
    return _apply(op, ta, tb), int(_apply(op, ia, ib))


@settings(max_examples=300, deadline=None)
@given(_expr())
def test_traced_values_and_texts_agree_with_plain_int_arithmetic(pair):
    traced, plain = pair
    value = traced.value if isinstance(traced, Traced) else int(traced)
    assert value == plain
    if isinstance(traced, Traced):
        assert evaluate(traced.render("numbers"), {}) == plain
        assert evaluate(traced.render("step"), {}) == plain


# -- which layers a handout works through -------------------------------------------------------

def test_default_layers_one_of_each_kind_plus_every_warning():
    a = analysis_of("alexnet", input_size=224)
    picked = default_layers(a)
    rows = {r.name: r for r in a.rows()}

    def kind(r):
        return r.layer.category([Shape(*s) for s in r.input_shapes])
    kinds = [kind(r) for r in a.rows() if r.layer.arity != 0]
    assert {kind(rows[n]) for n in picked} == set(kinds)
    unwarned = [kind(rows[n]) for n in picked if not rows[n].warnings]
    assert len(unwarned) == len(set(unwarned))  # one of each kind, besides the warned layers
    assert {r.name for r in a.rows() if r.warnings} <= set(picked)
    assert picked == sorted(picked, key=a.names.index)


def test_pick_layers_reads_the_list_and_rejects_unknown_names():
    a = analysis_of("alexnet")
    assert pick_layers(a, "conv1, fc7") == ["conv1", "fc7"]
    with pytest.raises(OptionError) as err:
        pick_layers(a, "conv1,conv9")
    assert "no layer 'conv9' in alexnet" in str(err.value) and "did you mean" in str(err.value)
    assert "\n" not in str(err.value)
    with pytest.raises(OptionError):
        pick_layers(a, " , ")


# -- rendering ----------------------------------------------------------------------------------

def _pipe_cells(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def md_rows(text: str) -> list[list[str]]:
    """Cells of every pipe-table row in a Markdown text."""
    return [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            for line in text.splitlines() if line.startswith("|")]


def test_markdown_is_github_flavoured_and_holds_the_worked_example():
    text = render_markdown(sheet(analysis_of("alexnet")), "alexnet-layers.svg")
    assert text.startswith("# alexnet")
    rows = md_rows(text)
    assert ["H_out = W_out", "⌊(H − (k − 1) − 1)/s⌋ + 1",
            "⌊(227 − (11 − 1) − 1)/4⌋ + 1 = ⌊216/4⌋ + 1", "55"] in rows  # (227 − 11)/4 + 1
    assert ["params", "k·k·C_in·C_out + C_out", "11·11·3·96 + 96", "34,944"] in rows
    assert ["activations", "C_out·H_out·W_out", "96·55·55", "290,400"] in rows
    assert "![alexnet: parameters and MACs per layer](alexnet-layers.svg)" in text
    # every pipe table row has as many cells as its header
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append(line)
        elif block:
            assert len({_pipe_cells(row) for row in block}) == 1, block[0]
            assert re.match(r"^\|[-|: ]+\|$", block[1]), block[1]
            block = []
    for needle in ("## Architecture", "## Worked derivations", "### conv1: conv 11×11/4, 96",
                   "## Totals", "## Paper figures", "## Conventions", "290,400", "1,161,600"):
        assert needle in text


def test_html_is_one_self_contained_printable_file():
    a = analysis_of("alexnet")
    from costcalc.handout import plot_svg
    svg = plot_svg(a)
    page = render_html(sheet(a, "conv1"), svg)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "@media print" in page and "<script" not in page
    assert not re.search(r"""(src|href)=["'](?!data:|#)""", page)  # nothing fetched from anywhere
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    embedded = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page).group(1)
    assert base64.b64decode(embedded) == svg
    for needle in ("⌊216/4⌋ + 1", "34,944", "290,400", "1,161,600", "<h3>conv1: conv 11×11/4, 96</h3>"):
        assert needle in page
    assert "relu1:" not in page  # --layers conv1 only


# -- files and the command line -----------------------------------------------------------------

def test_write_handout_markdown_puts_its_plot_beside_it(tmp_path):
    paths = write_handout(analysis_of("alexnet"), tmp_path / "sheet.md", "markdown")
    assert paths == [tmp_path / "sheet.md", tmp_path / "sheet-layers.svg"]
    assert (tmp_path / "sheet-layers.svg").read_bytes().lstrip().startswith(b"<?xml")
    assert "(sheet-layers.svg)" in (tmp_path / "sheet.md").read_text(encoding="utf-8")


def test_handouts_are_deterministic(tmp_path):
    a = analysis_of("vgg16")
    first = [p.read_bytes() for p in write_handout(a, tmp_path / "a.html", "html")]
    second = [p.read_bytes() for p in write_handout(a, tmp_path / "b.html", "html")]
    assert first == second


def test_write_handouts_fills_the_directory_for_every_available_model(tmp_path):
    paths = write_handouts(tmp_path / "handouts")
    available = [m for m in HANDOUT_MODELS if m in builtin_models()]
    assert [p.name for p in paths] == [f"{m}{lang}{suffix}" for m in available for lang in ("", ".ko")
                                      for suffix in (".md", "-layers.svg", ".html")]
    assert all(p.is_file() and p.stat().st_size > 1000 for p in paths)


def test_cli_handout_html_for_the_done_criterion(run, tmp_path):
    out = tmp_path / "alexnet.html"
    result = run("handout", "alexnet", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "⌊(227 − (11 − 1) − 1)/4⌋ + 1 = ⌊216/4⌋ + 1" in page  # 55
    assert ">55<" in page and ">34,944<" in page and ">290,400<" in page


def test_cli_handout_format_follows_the_extension_and_stdout(run, tmp_path):
    result = run("handout", "alexnet", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 0 and (tmp_path / "x.html").read_text().startswith("<!DOCTYPE html>")
    result = run("handout", "alexnet", "-o", str(tmp_path / "x.md"))
    assert result.exit_code == 0 and (tmp_path / "x-layers.svg").is_file()
    md = run("handout", "alexnet", "--layers", "fc7")
    assert md.exit_code == 0 and md.stdout.startswith("# alexnet") and "### fc7: fc 4096" in md.stdout
    assert "4,096·4,096 + 4,096" in md.stdout  # 4096*4096 + 4096 = 16,781,312
    assert "![" not in md.stdout  # no file beside standard output for the plot
    page = run("handout", "alexnet", "--format", "html", "--layers", "conv1")
    assert page.exit_code == 0 and "data:image/svg+xml;base64," in page.stdout


def test_cli_handout_analysis_options(run):
    out = run("handout", "alexnet", "--input", "224", "--dtype", "fp16", "--batch", "2",
              "--layers", "conv1").stdout
    assert "⌊213/4⌋ + 1" in out and "Warning: H and W: (224 − 11)/4" in out
    assert "96·54·54·2" in out and "b = 2" in out  # batch 2, fp16
    vgg = run("handout", "vgg16", "-O", "adaptive_pool=true", "--input", "256", "--layers",
              "classifier/fc6")
    assert vgg.exit_code == 0 and "25,088·4,096 + 4,096" in vgg.stdout  # 512*7*7 features


@pytest.mark.parametrize("args, message", [
    (["--layers", "conv9"], "Error: --layers: no layer 'conv9' in alexnet"),
    (["-o", "/nonexistent-dir/x.html"], "Error: --output: cannot write the output file"),
    (["--format", "pdf"], "Invalid value for '--format'"),
])
def test_cli_handout_bad_input_is_one_line(run, args, message):
    result = run("handout", "alexnet", *args)
    assert result.exit_code != 0
    assert message in result.stderr
    if message.startswith("Error:"):
        assert result.stderr.count("\n") == 1


def test_cli_handout_unknown_model(run):
    result = run("handout", "alexnett")
    assert result.exit_code == 2 and result.stderr.startswith("Error: alexnett: unknown model")


def test_cli_handout_units_and_model_pick(run, tmp_path):
    from test_plots import TWO_MODELS
    spec = tmp_path / "two.py"
    spec.write_text(TWO_MODELS)
    out = run("handout", str(spec), "--model", "narrow", "--units", "binary").stdout
    assert out.startswith("# narrow") and "KiB" in out
    assert ["params", "k·k·C_in·C_out + C_out", "3·3·3·8 + 8", "224"] in md_rows(out)  # (3*3*3 + 1)*8
