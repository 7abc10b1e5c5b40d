"""Every error a user can cause: one line naming where, the rule, expected and received; the CLI
prints `Error: ...`, exits non-zero and shows no traceback."""

import subprocess
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
     ["g: out_channels must be divisible by groups", "received out_channels=9"]),
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
     ["s: hyper-parameter stride must be a positive integer", "received 0"]),
    ("negative hyper-parameter", 'net.add("p", Conv2d(8, 3, padding=-1))',
     ["p: hyper-parameter padding must be an integer >= 0", "received -1"]),
    ("non-integer hyper-parameter", 'net.add("k", Conv2d(8, 2.5))',
     ["k: hyper-parameter kernel_size must be a positive integer", "received 2.5"]),
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
    (["--input", "22x"], "--input: input size is N or HxW with positive integers"),
    (["--input", "0"], "--input: input size is N or HxW with positive integers"),
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
    from costcalc import analyze
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
        analyze(net, input_size=[8, 9])

    def unknown_node():
        analyze(_net()).row("nope")

    return [
        (lambda: _net().add("k", Conv2d(4, (1, 2, 3))), "k: kernel_size must be an int or an (h, w) pair"),
        (lambda: _net().add("p", Conv2d(4, 3, padding=(1, 1, 1))), "p: padding must be an int, an (h, w) pair or 'same'"),
        (lambda: _net().add("s", Conv2d(4, 3, padding="same", dilation=2)), "s: padding='same' is supported with dilation 1 only"),
        (shuffle, "sh: channels must be divisible by the shuffle groups; expected a multiple of groups=3; received C=4×8×8"),
        (zero_pad, "za: a zero-padded shortcut cannot drop channels; expected C_in <= 2"),
        (listed_twice, "sum: an input is listed twice"),
        (two_inputs_to_relu, "relu: an input is listed twice"),
        (second_input, "t: a network has exactly one Input node; expected 1; received ['input', 'x']"),
        (flatten_then_conv_over_sizes, "conv: a layer with weights needs the same input channels at every input size"),
        (unknown_node, "nope: no such node in this analysis"),
        (lambda: render(analyze(_net()), "pdf"), "--format: unknown report format"),
        (lambda: render(analyze(_net()), "text", units="metric"), "--units: unknown unit system"),
        (lambda: group_rows(analyze(_net()), [], "layer"), "--group-by: unknown grouping"),
    ]


@pytest.mark.parametrize("case", range(13))
def test_api_error_messages(case):
    from costcalc.errors import CostcalcError
    action, message = _api_cases()[case]
    with pytest.raises(CostcalcError) as info:
        action()
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


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
    spec.write_text("from costcalc.models import Model\n"
                    "from costcalc import Network\n"
                    "MODELS = {n: Model(n, lambda: Network(n), n, 'test') for n in ('a', 'b')}\n")
    result = run("report", str(spec))
    assert result.exit_code == 2
    assert "--model: " in result.stderr and "defines several models; pick one; expected a | b" in result.stderr
    assert run("report", str(spec), "--model", "b").exit_code == 0
