"""The Python API (costcalc/api.py): the README's example, input forms, results, errors."""

import doctest
import json
import re
import sys
from pathlib import Path

import pytest

import costcalc
from costcalc import CostcalcError, Network, OptionError
from costcalc.layers import Conv2d

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_api_example_runs_as_written():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- api-example:start -->\n```python\n(.*?)```\n<!-- api-example:end -->",
                      text, re.S).group(1)
    test = doctest.DocTestParser().get_doctest(block, {}, "README Python API", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
    assert runner.summarize(verbose=False).attempted >= 10


def test_resnet50_v15_summary_names_its_parameters():
    summary = repr(costcalc.analyze("resnet50-v1.5", 224))
    assert "25,557,032" in summary          # torchvision resnet50: 25,557,032 parameters
    assert len(summary.splitlines()) <= 30


@pytest.mark.parametrize("size", [224, (224, 224), "224", "224x224", "224×224"])
def test_every_input_form_gives_the_same_analysis(size):
    assert costcalc.analyze("resnet18", size).totals()["macs"] == 1_814_073_344  # resnet18 at 224


def test_model_may_be_a_spec_file_or_a_network(tmp_path):
    spec = Path(__file__).resolve().parents[1] / "examples" / "tiny_resnet.py"
    by_path = costcalc.analyze(str(spec))
    by_pathlib = costcalc.analyze(spec)
    net = Network("n", channels=3, size=8)
    net.add("conv", Conv2d(4, 3))
    assert by_path.totals() == by_pathlib.totals()
    # 3·3·3·4 weights + 4 biases (Conv2d's params formula)
    assert costcalc.analyze(net).totals()["params"] == 3 * 3 * 3 * 4 + 4


@pytest.mark.parametrize("call, message", [
    (lambda: costcalc.analyze("resnet18", (1, 3, 224, 224)),
     "input_size: an input size is (H, W); give the batch as batch= (channels are the spec's own); "
     "expected e.g. 224 or (224, 224), batch=1; received (1, 3, 224, 224)"),
    (lambda: costcalc.analyze("resnet18", (3, 224, 224)),
     "input_size: an input size is (H, W); give the batch as batch= (channels are the spec's own); "
     "expected e.g. 224 or (224, 224), batch=1; received (3, 224, 224)"),
    (lambda: costcalc.analyze("resnet18", [224, 256]),
     "input_size: one input size per analysis: several sizes are a sweep; expected an int or an "
     "(H, W) tuple; costcalc.sweep(model, sizes=[...]) for a list; received [224, 256]"),
    (lambda: costcalc.analyze("resnet18", 224.0),
     "input_size: an input size is an int, an (H, W) pair or text like '227x200'; expected e.g. 224 "
     "or (227, 200); received 224.0"),
    (lambda: costcalc.analyze("resnet18", True),
     "input_size: an input size is an int, an (H, W) pair or text like '227x200'; expected e.g. 224 "
     "or (227, 200); received True"),
    (lambda: costcalc.analyze("resnet18", "abc"),
     "input_size: an input size is N or HxW with positive integers; expected e.g. 224 or 227x200; "
     "received 'abc'"),
    (lambda: costcalc.analyze("resnet18", 0), "input_size: input sizes are positive; expected >= 1; received (0, 0)"),
    (lambda: costcalc.analyze("resnet18", batch=2.0),
     "batch: the batch size is a positive integer; expected >= 1; received 2.0"),
    (lambda: costcalc.analyze("resnet18", batch=True),
     "batch: the batch size is a positive integer; expected >= 1; received True"),
    (lambda: costcalc.analyze("resnet18", dtype="fp64"),
     "dtype: unknown dtype; expected fp32 | fp16 | bf16 | int8; received 'fp64'"),
    (lambda: costcalc.analyze(42), "model: a model is a built-in name, a .py spec file or a Network; "
     "expected e.g. 'vgg16'; received int"),
    (lambda: costcalc.analyze("vgg16", options=[("num_classes", 10)]),
     "options: build options are a dict of name → value; expected e.g. {'alpha': 0.75}; received list"),
    (lambda: costcalc.analyze("vgg16", options={"num_classes": 0}),
     "vgg16: option num_classes: value not allowed (classes of the last fully-connected layer); "
     "expected >= 1; received 0"),
    (lambda: costcalc.analyze("vgg16", options={"depth": 3}),
     "vgg16: option depth: this model takes no such option; expected num_classes, adaptive_pool, batch_norm; "
     "received 'depth'"),
    (lambda: costcalc.sweep("resnet18", 224),
     "sizes: a sweep takes a list of input sizes; expected e.g. [160, 192, 224]; received 224"),
    (lambda: costcalc.sweep("resnet18", []),
     "sizes: a sweep needs at least one input size; expected e.g. [160, 224]; received []"),
    (lambda: costcalc.sweep("resnet18", [224, (1, 3, 2, 2)]),
     "sizes[1]: an input size is (H, W); give the batch as batch= (channels are the spec's own); "
     "expected e.g. 224 or (224, 224), batch=1; received (1, 3, 2, 2)"),
    (lambda: costcalc.analyze("resnet50").row("fc"),
     "fc: no such node in this analysis (did you mean pool_fc/fc?); expected a node path, e.g. "
     "pool_fc/fc; received 'fc'"),
])
def test_api_errors_are_one_line(call, message):
    with pytest.raises(CostcalcError) as info:
        call()
    assert str(info.value) == message


def test_a_network_cannot_take_build_options():
    net = Network("n", channels=3, size=8)
    with pytest.raises(OptionError, match="^options: a Network is already built"):
        costcalc.analyze(net, options={"width": 2})


def test_sweep_variants_carry_the_totals_analyze_gives():
    sizes = [128, (160, 192), "224"]
    doc = costcalc.sweep("mobilenet", sizes, batch=2).to_dict()
    assert doc["schema"] == "costcalc.sweep/1" and len(doc["variants"]) == 3
    for size, variant in zip(sizes, doc["variants"]):
        assert variant["totals"] == costcalc.analyze("mobilenet", size, batch=2).totals()
    assert [(v["height"], v["width"]) for v in doc["variants"]] == [(128, 128), (160, 192), (224, 224)]


def test_to_dict_is_the_json_report(run):
    r = costcalc.analyze("alexnet")
    assert json.loads(run("report", "alexnet", "--format", "json").stdout) == r.to_dict()


def test_totals_include_peak_activations():
    t = costcalc.analyze("vgg16").totals()
    # conv1_1's input (3·224·224) is freed after it; conv1_1 → conv1_2 keeps two 64×224×224 maps
    assert t["peak_activations"] == 2 * 64 * 224 * 224
    assert t["peak_activation_bytes"] == 4 * t["peak_activations"]   # fp32: 4 bytes


def test_html_repr_is_a_table_with_every_layer():
    r = costcalc.analyze("lenet5")
    page = r._repr_html_()
    assert page.count("<tr>") == len(r.names) + 7 + 1   # layer rows, 7 totals, the header row
    assert "61,706" in page                              # LeNet-5 parameters (see tests/test_foundation_models.py)


def test_to_pandas_without_pandas_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)   # import pandas now raises ImportError
    with pytest.raises(costcalc.MissingExtraError) as info:
        costcalc.analyze("lenet5").to_pandas()
    assert str(info.value) == ("to_pandas: needs pandas, an optional extra; expected pip install "
                               "'costcalc[pandas]'; received pandas is not installed")


def test_to_pandas_has_one_row_per_layer():
    pandas = pytest.importorskip("pandas", reason="the costcalc[pandas] extra is not installed")
    r = costcalc.analyze("lenet5")
    frame = r.to_pandas()
    assert isinstance(frame, pandas.DataFrame) and list(frame.index) == r.names
    assert int(frame["params"].sum()) == r.totals()["params"]
    assert frame.loc["C1", "output_shape"] == (6, 28, 28)   # LeCun et al. 1998: C1 is 6@28×28


def test_models_list_every_builtin_with_typed_options():
    from costcalc.registry import builtin_models
    listed = {m.name: m for m in costcalc.models()}
    assert set(listed) == set(builtin_models())
    alpha = next(o for o in listed["mobilenet-0.5"].options if o.name == "alpha")
    assert (alpha.type_name, alpha.default, alpha.allowed.describe()) == ("float", 0.5, "> 0")
