"""Every error a user can cause: one line naming where, the rule, expected and received; the CLI
prints `Error: ...`, exits non-zero and shows no traceback."""

import subprocess
from pathlib import Path
import sys

import pytest

SPEC_HEAD = """
from costcalc import Network
from costcalc.layers import *
def build():
    net = Network("bad", channels=3, size=32)
"""

# (test id, body of build() after the Network line, message fragments expected in order)
BAD_SPECS = [
    ("non-positive output", 'net.add("conv", Conv2d(8, 7))\n    net.add("big", Conv2d(8, 40))',
     ["big: conv 40×40/1, 8 gives a non-positive output size", "received input 8×26×26"]),
    ("groups", 'net.add("g", Conv2d(8, 3, groups=2))',
     ["g: input channels must be divisible by groups", "expected a multiple of groups=2", "received C_in=3"]),
    ("out channels groups", 'net.add("g", Conv2d(9, 3, groups=2))',
     ["Conv2d(out_channels): out_channels must be divisible by groups", "received out_channels=9"]),
    ("add shapes", 'a = net.add("a", Conv2d(8, 3))\n    b = net.add("b", Conv2d(4, 3), inputs="input")\n'
                   '    net.add("sum", Add(), inputs=[a, b])',
     ["sum: Add needs inputs of equal shape", "expected 8×30×30", "received 4×30×30"]),
    ("concat hw", 'a = net.add("a", Conv2d(8, 3))\n    net.add("cat", Concat(), inputs=[a, "input"])',
     ["cat: Concat joins along channels only", "received 8×30×30 and 3×32×32"]),
    ("cycle", 'net.add("a", Conv2d(8, 3))\n    net.add("b", Conv2d(8, 3, padding=1))\n'
              '    net.graph.add_edge("b", "a")',
     ["the network must be acyclic", "cycle a → b → a"]),
    ("dangling input", 'net.add("a", Conv2d(8, 3), inputs="nope")',
     ["a: an input names no node", "received 'nope'"]),
    ("duplicate", 'net.add("a", Conv2d(8, 3))\n    net.add("a", ReLU())',
     ["a: node names must be unique", "received 'a' again"]),
    ("zero hyper-parameter", 'net.add("s", Conv2d(8, 3, stride=0))',
     ["Conv2d(stride): hyper-parameter stride must be a positive integer", "received 0"]),
    ("negative hyper-parameter", 'net.add("p", Conv2d(8, 3, padding=-1))',
     ["Conv2d(padding): hyper-parameter padding must be an integer >= 0", "received -1"]),
    ("non-integer hyper-parameter", 'net.add("k", Conv2d(8, 2.5))',
     ["Conv2d(kernel_size): hyper-parameter kernel_size must be a positive integer", "received 2.5"]),
    ("unknown layer type", 'net.add("x", "Conv2d")',
     ["x: unknown layer type", "received str"]),
    ("linear not flat", 'net.add("fc", Linear(10))',
     ["fc: Linear needs a flat input", "received 3×32×32"]),
]


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "costcalc", *args], capture_output=True, text=True,
                          cwd=cwd)


@pytest.mark.parametrize("name, body, fragments", BAD_SPECS, ids=[b[0] for b in BAD_SPECS])
def test_bad_spec_is_one_line_error(run, tmp_path, name, body, fragments):
    spec = tmp_path / "bad.py"
    spec.write_text(SPEC_HEAD + "    " + body + "\n    return net\n")
    result = run("report", str(spec))
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith("Error: ") and "\n" not in message
    position = 0
    for fragment in fragments:
        found = message.find(fragment, position)
        assert found >= 0, f"{fragment!r} not in {message!r}"
        position = found


def test_unknown_model_suggests_close_names_and_exits_2(run):
    result = run("report", "vgg61")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("Error: vgg61: unknown model (did you mean vgg19, vgg16, vgg13?); "
                                     "expected a name from `costcalc list` or a path to a .py spec file; "
                                     "received 'vgg61'")


def test_spec_file_that_does_not_exist(run, tmp_path):
    result = run("report", str(tmp_path / "nothere.py"))
    assert result.exit_code == 2
    assert "nothere.py: spec file does not exist" in result.stderr


def test_spec_file_that_defines_no_model(run, tmp_path):
    spec = tmp_path / "empty.py"
    spec.write_text("x = 1\n")
    result = run("report", str(spec))
    assert result.exit_code == 1
    assert "empty.py: a spec file defines MODELS or build()" in result.stderr
    assert "received neither" in result.stderr


def test_spec_file_that_raises_while_loading(run, tmp_path):
    spec = tmp_path / "broken.py"
    spec.write_text("raise RuntimeError('oops')\n")
    result = run("report", str(spec))
    assert result.exit_code == 1
    assert "broken.py: spec file raised while loading" in result.stderr
    assert "received RuntimeError: oops" in result.stderr


@pytest.mark.parametrize("args, fragment", [
    (["--input", "22x"], "--input: an input size is N or HxW with positive integers"),
    (["--input", "0"], "--input: input sizes are positive; expected >= 1; received (0, 0)"),
    (["-O", "alpha"], "--option: a build option is KEY=VALUE"),
    (["-O", "depth=3"], "vgg16: option depth: this model takes no such option; expected num_classes, adaptive_pool"),
])
def test_bad_options(run, args, fragment):
    result = run("report", "vgg16", *args)
    assert result.exit_code == 2
    assert fragment in result.stderr and result.stderr.count("\n") == 1


def test_vgg_fc6_is_sized_for_224(run):
    result = run("report", "vgg16", "--input", "256")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: classifier/fc6: input features must equal in_features (the weights fix the input "
        "size; a global or adaptive pool before the layer lifts that); expected 25088; "
        "received 32768")                                    # 7*7*512 vs 8*8*512
    lifted = run("report", "vgg16", "--input", "256", "-O", "adaptive_pool=true", "--format", "json")
    assert lifted.exit_code == 0 and '"params": 138357544' in lifted.stdout  # torchvision vgg16


def test_unwritable_output(run, tmp_path):
    result = run("report", "lenet5", "-o", str(tmp_path / "no" / "such" / "dir" / "x.txt"))
    assert result.exit_code == 2
    assert "--output: cannot write the output file" in result.stderr


def test_real_process_has_no_traceback_and_debug_shows_one():
    plain = run_cli("report", "nosuchmodel")
    assert plain.returncode == 2 and "Traceback" not in plain.stderr
    assert plain.stderr.startswith("Error: nosuchmodel: unknown model")
    debug = run_cli("--debug", "report", "nosuchmodel")
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_builder_errors_through_the_api():
    from costcalc import Network
    from costcalc.errors import SpecError
    from costcalc.layers import Add
    net = Network("t")
    with pytest.raises(SpecError, match=r"^sum: Add merges two or more inputs; expected >= 2 inputs; received 1$"):
        net.add("sum", Add())
    with pytest.raises(SpecError, match="a node name is a non-empty string without '/'"):
        net.add("a/b", Add())
    with pytest.raises(SpecError, match="scope kind must be one of stage, block"):
        with net.scope("x", kind="stack"):
            pass



def _net():
    from costcalc import Network
    return Network("t", channels=4, size=8)


def _api_cases():
    from costcalc import analyze, sweep
    from costcalc.layers import ChannelShuffle, Conv2d, Input, ReLU, ZeroPadShortcut
    from costcalc.report import render
    from costcalc.grouping import group_rows

    def shuffle():
        net = _net()
        net.add("sh", ChannelShuffle(3))
        analyze(net)

    def zero_pad():
        net = _net()
        net.add("za", ZeroPadShortcut(2))
        analyze(net)

    def listed_twice():
        net = _net()
        a = net.add("a", ReLU())
        from costcalc.layers import Add
        net.add("sum", Add(), inputs=[a, a])

    def two_inputs_to_relu():
        net = _net()
        net.add("relu", ReLU(), inputs=["input", "input"])

    def second_input():
        net = _net()
        net.add("x", Input(3, 8), inputs=[])
        analyze(net)

    def flatten_then_conv_over_sizes():
        from costcalc.layers import Flatten
        net = _net()
        net.add("flat", Flatten())
        net.add("conv", Conv2d(4, 1))
        sweep(net, [8, 9])

    def unknown_node():
        analyze(_net()).row("nope")

    def layer_without_input():
        net = _net()
        net.graph.add_node("stray", layer=Conv2d(4, 1), scope=())  # added by hand, no input
        analyze(net)

    return [
        (lambda: _net().add("k", Conv2d(4, (1, 2, 3))), "Conv2d(kernel_size): kernel_size must be an int or an (h, w) pair"),
        (lambda: _net().add("p", Conv2d(4, 3, padding=(1, 1, 1))), "Conv2d(padding): padding must be an int, an (h, w) pair or 'same'"),
        (lambda: _net().add("s", Conv2d(4, 3, padding="same", dilation=2)), "Conv2d(padding): padding='same' is supported with dilation 1 only"),
        (shuffle, "sh: channels must be divisible by the shuffle groups; expected a multiple of groups=3; received C=4"),
        (zero_pad, "za: a zero-padded shortcut cannot drop channels; expected C_in <= 2; received C_in=4"),
        (listed_twice, "sum: an input is listed twice"),
        (two_inputs_to_relu, "relu: an input is listed twice"),
        (second_input, "t: a network has exactly one Input node; expected 1; received ['input', 'x']"),
        (flatten_then_conv_over_sizes, "conv: a layer with weights needs the same input channels at every input size"),
        (unknown_node, "nope: no such node in this analysis"),
        (lambda: render(analyze(_net()), "pdf"), "--format: unknown report format"),
        (lambda: render(analyze(_net()), "text", units="metric"), "--units: unknown unit system"),
        (lambda: group_rows(analyze(_net()), [], "layer"), "--group-by: unknown grouping"),
        (layer_without_input, "stray: Conv2d takes 1 input(s); expected 1; received 0"),
    ]


API_CASES = _api_cases()


@pytest.mark.parametrize("action, message", API_CASES, ids=[m.split(";")[0][:40] for _, m in API_CASES])
def test_api_error_messages(action, message):
    from costcalc.errors import CostcalcError
    with pytest.raises(CostcalcError) as info:
        action()
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


@pytest.mark.parametrize("figure, reason", [
    (dict(quantity="weightz"), "unknown quantity"),
    (dict(quantity="output_size"), "this quantity needs a node, a group or a measure"),
    (dict(quantity="ratio", node="conv1"), "this quantity needs a measure"),
    (dict(quantity="params", group="nowhere"), "nowhere: a figure's group names no scope of the model"),
    (dict(quantity="params", model="vgg61"), "a figure names a built-in model"),
])
def test_ledger_figures_that_cannot_be_evaluated_are_mismatches_saying_why(figure, reason):
    from costcalc.ledger import Figure, verdict
    v = verdict(Figure(**{"model": "alexnet", "printed": "1", "source": "test", **figure}))
    assert v.verdict == "mismatch" and v.reason.startswith("cannot be evaluated: ")
    assert reason in v.reason and "\n" not in v.reason


def test_duplicate_model_names_across_spec_files(monkeypatch):
    import types

    from costcalc import registry as models
    from costcalc.errors import SpecError
    a, b = types.ModuleType("costcalc.specs.a"), types.ModuleType("costcalc.specs.b")
    a.MODELS = b.MODELS = {"twin": models.Model("twin", lambda: None, "", "")}
    monkeypatch.setattr(models, "spec_modules", lambda: (a, b))
    models.builtin_models.cache_clear()
    try:
        with pytest.raises(SpecError, match="^costcalc.specs.b:twin: model names must be unique"):
            models.builtin_models()
    finally:
        models.builtin_models.cache_clear()


def test_relu_with_two_distinct_inputs_is_an_arity_error():
    from costcalc.errors import SpecError
    from costcalc.layers import Conv2d, ReLU
    net = _net()
    a = net.add("a", Conv2d(4, 1))
    with pytest.raises(SpecError, match=r"^relu: ReLU takes 1 input\(s\); expected 1; received 2$"):
        net.add("relu", ReLU(), inputs=[a, "input"])


def test_build_must_return_a_network(run, tmp_path):
    spec = tmp_path / "notnet.py"
    spec.write_text("def build():\n    return 42\n")
    result = run("report", str(spec))
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Error: notnet: a model's build() must return a costcalc Network; "
                                     "expected Network; received int")


def test_spec_file_with_several_models_needs_model_option(run, tmp_path):
    spec = tmp_path / "two.py"
    spec.write_text("from costcalc.registry import Model\n"
                    "from costcalc import Network\n"
                    "MODELS = {n: Model(n, lambda: Network(n), n, 'test') for n in ('a', 'b')}\n")
    result = run("report", str(spec))
    assert result.exit_code == 2
    assert "--model: " in result.stderr and "defines several models; pick one; expected a | b" in result.stderr
    assert run("report", str(spec), "--model", "b").exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["-O", "adaptive_pool=maybe"], "Error: vgg16: option adaptive_pool: the option takes true or false; "
                                    "expected true | yes | on | 1 | false | no | off | 0; received 'maybe'"),
    (["-O", "num_classes=abc"], "Error: vgg16: option num_classes: the option takes an integer; "
                                "expected e.g. 1000; received 'abc'"),
    (["--model", "foo"], "Error: --model: --model picks a model inside a spec file, not a built-in one"),
    (["--batch", "-1"], "Error: Invalid value for '--batch': -1 is not in the range x>=1."),
    (["--format", "jsn"], "Error: Invalid value for '--format': 'jsn' is not one of"),
    (["--group-by", "stages"], "Error: Invalid value for '--group-by': 'stages' is not one of"),
])
def test_option_errors_are_one_line_with_exit_2(args, message):
    result = run_cli("report", "vgg16", *args)
    assert result.returncode == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert "Usage:" not in result.stderr and "Traceback" not in result.stderr


def test_boolean_options_read_as_booleans(run):
    import json

    def params(*options):
        out = run("report", "googlenet", *options, "--format", "json").stdout
        return json.loads(out)["totals"]["params"]
    default = params()                                   # auxiliary classifiers off by default
    assert params("-O", "aux_logits=no") == params("-O", "aux_logits=off") == default
    assert params("-O", "aux_logits=yes") == params("-O", "aux_logits=1") > default


def test_case_is_ignored_when_suggesting(run):
    result = run("report", "VGG16")
    assert result.exit_code == 2 and "did you mean vgg16" in result.stderr


def test_a_spec_whose_build_raises_names_file_and_line(run, tmp_path):
    spec = tmp_path / "zerodiv.py"
    spec.write_text("from costcalc import Network\n\ndef build(width=16):\n    return width // 0\n")
    result = run("report", str(spec))
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Error: zerodiv: build() raised; expected a Network; received "
                                     "ZeroDivisionError: integer division or modulo by zero (zerodiv.py:4)")
    typo = tmp_path / "typo.py"
    typo.write_text("from costcalc import Network\nfrom costcalc.layers import Conv2d\n\ndef build():\n"
                    "    net = Network('t')\n    net.add('c', Conv2d(16, 3, pad=1))\n    return net\n")
    result = run("report", str(typo))
    assert "typo: build() raised" in result.stderr and "unexpected keyword argument 'pad'" in result.stderr


@pytest.mark.parametrize("target, message", [
    ("README.md", "a spec file is Python source ending in .py"),
    ("specs", "a spec file is a .py file, not a directory"),
])
def test_spec_paths_that_are_not_python_files(run, target, message):
    path = Path(__file__).resolve().parent.parent / target
    result = run("report", str(path))
    assert result.exit_code == 2 and message in result.stderr


def test_model_pick_names_a_model_the_file_lacks(run):
    example = Path(__file__).resolve().parent.parent / "examples" / "tiny_resnet.py"
    result = run("report", str(example), "--model", "foo")
    assert result.exit_code == 2
    assert "defines no model of that name; expected tiny_resnet; received 'foo'" in result.stderr


@pytest.mark.parametrize("options, message", [
    ({"num_classes": True}, "vgg16: option num_classes: the option takes an integer; expected e.g. 1000; "
                            "received True"),
    ({"adaptive_pool": "perhaps"}, "vgg16: option adaptive_pool: the option takes true or false"),
    ({"num_classes": 2.5}, "vgg16: option num_classes: the option takes an integer; expected e.g. 1000; "
                           "received 2.5"),
])
def test_build_options_through_the_api_are_type_checked(options, message):
    from costcalc.errors import OptionError
    from costcalc.registry import get_model
    with pytest.raises(OptionError) as info:
        get_model("vgg16").network(**options)
    assert str(info.value).startswith(message)


def test_version_and_help_exit_0():
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("costcalc, version ")
    helped = run_cli("report", "--help")
    assert helped.returncode == 0 and "--group-by" in helped.stdout


def test_an_int_is_accepted_where_the_option_takes_a_number():
    from costcalc import analyze
    from costcalc.registry import get_model
    model = get_model("mobilenet")
    assert analyze(model.network(alpha=1)).totals() == analyze(model.network()).totals()
    assert model.network(alpha=1).options == {"alpha": 1.0}
