"""The layer contract (costcalc/layers/base.py, README "Add a layer"): every rule defined, every
hyper-parameter validated at construction and again at analysis, and the builder's own checks
(names, inputs, scopes, outputs). Every error is one line; each has its exact message here."""

import dataclasses
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from costcalc import Network, analyze
from costcalc.errors import CostcalcError, CountOverflowError, OptionError, SpecError
from costcalc.layers import (RULES, Add, AdaptiveAvgPool2d, BatchNorm2d, Concat, Conv2d, Dropout,
                             Identity, Input, Layer, Linear, LocalResponseNorm, MaxPool2d, Params, ReLU,
                             layer_types, no_macs, no_other_ops, no_params, same_shape)
from costcalc.layers.window import _Window


def message(action) -> str:
    with pytest.raises(CostcalcError) as info:
        action()
    text = str(info.value)
    assert "\n" not in text
    return text


# -- the rules a subclass must define -----------------------------------------------------------

def test_layer_itself_cannot_be_made():
    assert message(Layer) == ("Layer: an abstract layer class cannot be used as a layer; expected a "
                              "concrete subclass (e.g. Conv2d, ReLU); received Layer")


def test_an_abstract_base_cannot_be_made_either():
    assert message(lambda: _Window(3)).startswith("_Window: an abstract layer class cannot be used")


@pytest.mark.parametrize("missing", RULES)
def test_a_missing_rule_is_an_error_when_the_class_is_defined(missing):
    rules = {"output_shape": same_shape, "params": no_params, "macs": no_macs,
             "other_ops": no_other_ops}
    del rules[missing]
    with pytest.raises(SpecError) as info:
        type("Half", (Layer,), dict(rules))
    assert str(info.value) == (f"Half: a layer class must define its {missing} rule (no_params, "
                               f"no_macs, no_other_ops say there is none); expected a method named "
                               f"{missing}; received none")


def test_a_subclass_with_no_rules_names_the_first_missing_one():
    with pytest.raises(SpecError, match=r"^Empty: a layer class must define its output_shape rule"):
        class Empty(Layer):
            pass


def test_a_rule_that_is_not_callable_is_missing():
    with pytest.raises(SpecError, match="must define its macs rule"):
        type("Odd", (Layer,), {"output_shape": same_shape, "params": no_params, "macs": 0,
                               "other_ops": no_other_ops})


def test_an_abstract_intermediate_base_opts_out_and_its_subclass_completes_it():
    @dataclasses.dataclass(frozen=True)
    class Shaped(Layer, abstract=True):
        output_shape = same_shape
        params = no_params

    @dataclasses.dataclass(frozen=True)
    class Done(Shaped):
        macs = no_macs
        other_ops = no_other_ops

    net = Network("t", channels=2, size=3)
    net.add("d", Done())
    assert analyze(net).row("d").output_shape == (2, 3, 3)
    assert message(Shaped).startswith("Shaped: an abstract layer class cannot be used as a layer")


def test_every_shipped_layer_is_concrete_and_defines_every_rule():
    for name, cls in layer_types().items():
        assert not cls.abstract, name
        for rule in RULES:
            assert not getattr(getattr(cls, rule), "undefined_rule", False), (name, rule)
    assert "Layer" not in layer_types() and "_Window" not in layer_types()


def test_a_field_that_validate_does_not_check_is_an_error():
    @dataclasses.dataclass(frozen=True)
    class Sloppy(Layer):
        width: int = 1
        output_shape = same_shape
        params = no_params
        macs = no_macs
        other_ops = no_other_ops

    assert message(Sloppy) == ("Sloppy: every hyper-parameter is checked in validate() (see README, "
                               "Add a layer); expected a v.int / v.flag / v.number / v.pair / v.choice "
                               "call per field; received unchecked: width")


# -- validation at construction -----------------------------------------------------------------

BAD_HYPER_PARAMETERS = [
    (lambda: Conv2d(8, 3, bias="false"),
     "Conv2d(bias): hyper-parameter bias is a flag; expected True or False; received 'false'"),
    (lambda: Conv2d(8, 3, stride=True),
     "Conv2d(stride): hyper-parameter stride must be a positive integer; expected >= 1; received True"),
    (lambda: Conv2d(8.0, 3),
     "Conv2d(out_channels): hyper-parameter out_channels must be a positive integer; expected >= 1; received 8.0"),
    (lambda: Conv2d(9, 3, groups=2),
     "Conv2d(out_channels): out_channels must be divisible by groups; expected a multiple of groups=2; "
     "received out_channels=9"),
    (lambda: ReLU(inplace="no"),
     "ReLU(inplace): hyper-parameter inplace is a flag; expected True or False; received 'no'"),
    (lambda: BatchNorm2d(affine="False"),
     "BatchNorm2d(affine): hyper-parameter affine is a flag; expected True or False; received 'False'"),
    (lambda: BatchNorm2d(eps=0),
     "BatchNorm2d(eps): hyper-parameter eps must be a finite number > 0; expected a number > 0; received 0"),
    (lambda: Dropout(p=2.0),
     "Dropout(p): hyper-parameter p must be a finite number in [0, 1]; expected a number in [0, 1]; received 2.0"),
    (lambda: Dropout(p="half"),
     "Dropout(p): hyper-parameter p must be a finite number in [0, 1]; expected a number in [0, 1]; "
     "received 'half'"),
    (lambda: LocalResponseNorm(alpha=float("nan")),
     "LocalResponseNorm(alpha): hyper-parameter alpha must be a finite number; expected a number; received nan"),
    (lambda: MaxPool2d(2, padding=2),
     "MaxPool2d(padding): pool padding must be at most half the kernel (PyTorch's rule); expected 2p <= 2, "
     "p <= 1; received (2, 2)"),
    (lambda: AdaptiveAvgPool2d((2, 2, 2)),
     "AdaptiveAvgPool2d(output_size): output_size must be an int or an (h, w) pair; expected 2 values; "
     "received (2, 2, 2)"),
    (lambda: Linear(10, in_features=0),
     "Linear(in_features): hyper-parameter in_features must be a positive integer; expected >= 1; received 0"),
    (lambda: Input(3, size="big"),
     "Input(size): hyper-parameter size must be a positive integer; expected >= 1; received 'big'"),
]


@pytest.mark.parametrize("make, expected", BAD_HYPER_PARAMETERS,
                         ids=[m.split(":")[0] for _, m in BAD_HYPER_PARAMETERS])
def test_bad_hyper_parameters_are_one_line_errors_at_construction(make, expected):
    assert message(make) == expected


def test_numpy_integers_become_python_ints():
    conv = Conv2d(np.int64(8), np.int32(3), stride=np.int64(2), padding=(np.int16(1), 1))
    for value in (conv.out_channels, *conv.kernel_size, *conv.stride, *conv.padding):
        assert type(value) is int
    assert type(Dropout(np.float32(0.25)).p) is float


def test_a_huge_numpy_integer_is_counted_exactly_and_refused_not_wrapped():
    # Conv2d(np.int64(2**60), 1) once gave MACs 0: int64 wrapped. Now a Python int, then refused.
    net = Network("t", channels=3, size=32)
    net.add("x", Conv2d(np.int64(2**60), 1))
    assert message(lambda: analyze(net)) == ("x: MACs exceed the int64 range; expected at most 2**62 ≈ "
                                             "4.6e18; received 3.54e+21")   # 2**60 * 3 * 32 * 32
    with pytest.raises(CountOverflowError):
        analyze(net, input_size=[8, 32])


@st.composite
def hostile(draw):
    return draw(st.one_of(st.just(True), st.just("3"), st.just(float("nan")), st.just(None),
                          st.just(-1), st.just((1, 2, 3)), st.just([]), st.just(2.5)))


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(layer_types())), st.data())
def test_any_hostile_value_in_any_field_is_a_spec_error_or_accepted_in_normal_form(name, data):
    cls = layer_types()[name]
    fields = [f for f in dataclasses.fields(cls) if f.init]
    if not fields:
        return
    field = data.draw(st.sampled_from(fields))
    value = data.draw(hostile())
    kwargs = {"Conv2d": {"out_channels": 4, "kernel_size": 3}, "ConvTranspose2d": {"out_channels": 4,
              "kernel_size": 3}, "MaxPool2d": {"kernel_size": 3}, "AvgPool2d": {"kernel_size": 3},
              "LayerNorm": {"normalized_shape": 4}}.get(name, {})
    try:
        layer = cls(**{**kwargs, field.name: value})
    except SpecError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(f"{name}(")
        return
    except TypeError:  # a field the constructor does not take as a keyword (e.g. Conv2d's ceil_mode)
        return
    # accepted: the value is one the field allows (None for an optional field, True for a flag...)
    for f in dataclasses.fields(layer):
        stored = getattr(layer, f.name)
        assert not isinstance(stored, (np.integer, list)), (name, f.name, stored)


# -- re-checked at analysis ---------------------------------------------------------------------

def test_a_frozen_layer_mutated_to_stride_0_is_a_spec_error_naming_the_node():
    net = Network("t", channels=3, size=8)
    conv = Conv2d(4, 3)
    net.add("conv", conv)
    object.__setattr__(conv, "stride", (0, 0))
    assert message(lambda: analyze(net)) == ("conv: hyper-parameter stride must be a positive integer; "
                                             "expected >= 1; received 0")


def test_a_mutated_numpy_integer_is_normalised_before_the_walk():
    net = Network("t", channels=3, size=8)
    conv = Conv2d(4, 3)
    net.add("conv", conv)
    object.__setattr__(conv, "out_channels", np.int64(4))
    analyze(net)
    assert type(conv.out_channels) is int


@pytest.mark.parametrize("attributes, expected", [
    ({}, "stray: a node holds a costcalc layer (add nodes with Network.add); expected an instance of a "
         "costcalc.layers class; received no layer"),
    ({"layer": "Conv2d"}, "stray: a node holds a costcalc layer (add nodes with Network.add); expected an "
                          "instance of a costcalc.layers class; received str"),
])
def test_a_node_added_by_hand_without_a_layer(attributes, expected):
    net = Network("t", channels=3, size=8)
    net.graph.add_node("stray", **attributes)
    net.graph.add_edge("input", "stray")
    assert message(lambda: analyze(net)) == expected


def test_a_node_added_by_hand_with_a_layer_but_no_scope_is_analysed():
    net = Network("t", channels=3, size=8)
    net.graph.add_node("relu", layer=ReLU())
    net.graph.add_edge("input", "relu")
    assert analyze(net).row("relu").other_ops == 3 * 8 * 8        # one comparison per element


def test_a_hand_added_node_name_with_a_newline_is_refused():
    net = Network("t", channels=3, size=8)
    net.graph.add_node("a\nb", layer=ReLU(), scope=())
    net.graph.add_edge("input", "a\nb")
    assert message(lambda: analyze(net)).startswith("'a\\nb': a node name is a non-empty string")


# -- dead branches and outputs --------------------------------------------------------------------

def _branchy(mark=None):
    net = Network("t", channels=3, size=8)
    net.add("trunk", Conv2d(4, 3, padding=1))
    net.add("aux", Conv2d(2, 1), output=mark == "add")
    net.add("head", ReLU(), inputs="trunk")
    if mark == "mark":
        net.mark_output("aux")
    return net


def test_a_branch_nothing_reads_is_an_error_naming_it():
    assert message(lambda: analyze(_branchy())) == (
        "aux: nothing reads this node's output and it is not the network's last node (a dead branch); "
        "expected a consumer, or output=True in net.add (net.mark_output('aux')) for a second output; "
        "received no consumer")


@pytest.mark.parametrize("mark", ["add", "mark"])
def test_a_branch_marked_as_an_output_is_counted(mark):
    net = _branchy(mark)
    row = analyze(net).row("aux")
    assert row.macs == 1 * 1 * 4 * 2 * 8 * 8                   # k·k·C_in · C_out·H·W
    assert net.outputs() == ["aux", "head"]


@pytest.mark.parametrize("model", ["googlenet", "inception-v3"])
def test_auxiliary_classifiers_are_marked_outputs(model):
    from costcalc.models import get_model
    net = get_model(model).network(aux_logits=True)
    assert len(net.outputs()) == (3 if model == "googlenet" else 2)
    analyze(net)


# -- the builder's arguments --------------------------------------------------------------------

BAD_BUILDER_CALLS = [
    (lambda: Network("a/b"), "Network(name): a network name is a non-empty string without '/', control "
                             "characters or line breaks; expected e.g. 'conv1'; received 'a/b'"),
    (lambda: Network(""), "Network(name): a network name is a non-empty string without '/', control "
                          "characters or line breaks; expected e.g. 'conv1'; received ''"),
    (lambda: Network("t", size=(32, 32, 32)),
     "Network(size): size must be an int or an (h, w) pair; expected 2 values; received (32, 32, 32)"),
    (lambda: Network("t", channels=0),
     "Network(channels): hyper-parameter channels must be a positive integer; expected >= 1; received 0"),
    (lambda: Network("t", channels=True),
     "Network(channels): hyper-parameter channels must be a positive integer; expected >= 1; received True"),
    (lambda: Network("t", description=5), "Network(description): the description is text; expected a str; "
                                          "received 5"),
    (lambda: Network("t", notes="one"), "Network(notes): notes are a list of strings; expected e.g. "
                                        "('a note',); received 'one'"),
    (lambda: Network("t").add(5, ReLU()), "net.add(name): a node name is a non-empty string without '/', "
                                          "control characters or line breaks; expected e.g. 'conv1'; received 5"),
    (lambda: Network("t").add("a\nb", ReLU()), "net.add(name): a node name is a non-empty string without "
                                               "'/', control characters or line breaks; expected e.g. "
                                               "'conv1'; received 'a\\nb'"),
    (lambda: Network("t").add("r", ReLU(), inputs=5), "r: inputs is a node name or a list of node names; "
                                                      "expected e.g. 'conv1' or ['a', 'b']; received 5"),
    (lambda: Network("t").add("r", ReLU(), output="yes"), "r: output is a flag; expected True or False; "
                                                          "received 'yes'"),
    (lambda: Network("t").open_scope(7), "net.scope(name): a scope name is a non-empty string without '/', "
                                         "control characters or line breaks; expected e.g. 'conv1'; received 7"),
    (lambda: Network("t").open_scope("s", kind="stack"), "s: scope kind must be one of stage, block; "
                                                         "expected stage | block; received 'stack'"),
    (lambda: Network("t").close_scope(), "close_scope: no scope is open; expected an open_scope before it; "
                                         "received none open"),
    (lambda: Network("t").mark_output("nope"), "net.resolve(name): an input names no node; expected an "
                                               "existing node name; received 'nope'"),
    (lambda: Network("t").add("c", Concat(), inputs=[]), "c: Concat merges one or more inputs; expected >= 1 "
                                                         "inputs; received 0"),
    (lambda: analyze(Network("t"), input_size="224"), "input: input size must be positive integers; expected "
                                                      "e.g. 224, (227, 227) or a list of them; received '224'"),
    (lambda: analyze(Network("t"), input_size=[]), "input: input size must be positive integers; expected e.g. "
                                                   "224, (227, 227) or a list of them; received []"),
    (lambda: analyze(Network("t"), input_size=224.0), "input: input size must be positive integers; expected "
                                                      "e.g. 224, (227, 227) or a list of them; received 224.0"),
    (lambda: analyze(Network("t"), batch=2.0), "batch: batch size must be a positive integer; expected >= 1; "
                                               "received 2.0"),
    (lambda: analyze(Network("t"), batch=True), "batch: batch size must be a positive integer; expected >= 1; "
                                                "received True"),
    (lambda: analyze("vgg16"), "network: analyze() takes a costcalc Network; expected a Network; received str"),
]


@pytest.mark.parametrize("action, expected", BAD_BUILDER_CALLS, ids=[m[:40] for _, m in BAD_BUILDER_CALLS])
def test_bad_builder_and_analyze_arguments(action, expected):
    assert message(action) == expected


def test_option_errors_exit_2():
    with pytest.raises(OptionError):
        analyze(Network("t"), batch=0)


def test_scopes_opened_and_closed_in_a_loop():
    net = Network("t", channels=4, size=8)
    for i in (1, 2):
        entry = net.last
        path = net.open_scope(f"block{i}", kind="block", row=i)
        net.add("conv", Conv2d(4, 3, padding=1))
        net.add("add", Add(), inputs=["conv", entry])
        net.close_scope(path)
    assert [n for n in net.graph.nodes][1:] == ["block1/conv", "block1/add", "block2/conv", "block2/add"]
    assert net.scopes["block2"].meta == {"row": 2} and net.scopes["block2"].kind == "block"
    assert analyze(net).row("block2/add").input_shapes == ((4, 8, 8), (4, 8, 8))


def test_scopes_close_innermost_first():
    net = Network("t")
    net.open_scope("a")
    net.open_scope("b")
    assert message(lambda: net.close_scope("a")) == ("close_scope: scopes close innermost first; "
                                                      "expected 'a/b'; received 'a'")


def test_concat_of_one_input_is_a_copy():
    # DenseNet's first dense layer concatenates a one-tensor list: torch.cat([x]) copies x
    net = Network("t", channels=64, size=56)
    net.add("cat", Concat())
    row = analyze(net).row("cat")
    assert row.output_shape == (64, 56, 56) and row.activations == 64 * 56 * 56 and row.other_ops == 0


def test_layer_rules_take_plain_ints_and_arrays_alike():
    # The rules are operator-only: the same rule evaluates one size or many in one walk.
    net = Network("t", channels=3, size=32)
    net.add("conv", Conv2d(8, 3, stride=2, padding=1))
    net.add("id", Identity())
    one = [analyze(net, input_size=s).totals() for s in (32, 64)]
    both = analyze(net, input_size=[32, 64])
    assert [both.totals(v) for v in (0, 1)] == one
    assert re.fullmatch(r"conv 3×3/2 p1, 8", both.row("conv").layer.describe())


def test_params_is_a_named_tuple_of_four_counts():
    assert Params(1, 2, 3, 4)._fields == ("weights", "biases", "bn", "buffers")


# -- README's "Add a layer" example ---------------------------------------------------------------

def test_the_custom_layer_example_runs_and_counts_by_its_formulas(run):
    from pathlib import Path

    from costcalc.models import load_spec_file
    example = Path(__file__).resolve().parent.parent / "examples" / "custom_layer.py"
    (model,) = load_spec_file(example).values()
    a = analyze(model.network())
    s2d, act = a.row("s2d"), a.row("act")
    assert s2d.output_shape == (3 * 2 * 2, 64 // 2, 64 // 2) and s2d.params == 0   # (C·b², H/b, W/b)
    assert act.params == 16 and act.other_ops == 5 * 16 * 32 * 32                   # β per channel; 5 ops
    assert a.totals()["params"] == 3 * 3 * 12 * 16 + 2 * 16 + 16 + 16 * 10 + 10    # conv, BN, β, fc
    result = run("report", str(example), "--input", "63")
    assert result.exit_code == 1 and result.stderr.strip() == (
        "Error: s2d: H and W must be multiples of the block size; expected multiples of 2; "
        "received input 3×63×63")


def test_the_readme_snippet_defines_a_working_layer():
    from pathlib import Path
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## Add a layer", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace = {}
    exec("from dataclasses import dataclass\nfrom costcalc.layers import *\n" + code, namespace)
    net = Network("t", channels=8, size=4)
    net.add("act", namespace["ScaledSwish"]())
    row = analyze(net).row("act")
    assert (row.params, row.other_ops) == (8, 5 * 8 * 4 * 4)   # β per channel; 5 ops per element
