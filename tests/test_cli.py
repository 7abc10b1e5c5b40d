"""The command line: list, report in every format, options, spec files."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from costcalc.registry import builtin_models
from costcalc.report import FORMATS

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tiny_resnet.py"


def test_list_shows_every_builtin_with_params_and_macs(run):
    result = run("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    names = [line.split()[0] for line in lines[2:-1]]
    assert set(names) == set(builtin_models())
    assert {"lenet5", "alexnet", "alexnet-2gpu", "alexnet-tv", "zfnet", "vgg11", "vgg11-lrn",
            "vgg13", "vgg16-c", "vgg16", "vgg19"} <= set(names)           # issue 2's names
    vgg16 = next(line for line in lines if line.split()[0] == "vgg16").split()
    assert vgg16[1:3] == ["138.36M", "15.47G"]   # 138,357,544 params (torchvision), 15,470,264,320 MACs
    assert max(len(line) for line in lines) <= 100   # fits a 100-column terminal (COLUMNS unset)


def test_info_lists_a_models_options_with_their_allowed_values(run):
    result = run("info", "vgg16")
    assert result.exit_code == 0
    assert "source: Simonyan & Zisserman 2015, Table 1, column D" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("num_classes"))
    assert row.split()[:4] == ["num_classes", "int", "1000", ">="]
    assert "option" in result.stdout


def test_report_vgg16_text(run):
    result = run("report", "vgg16")
    assert result.exit_code == 0
    out = result.stdout
    totals = {line[:34].strip(): line[34:].split() for line in out.splitlines()}
    assert totals["parameters"] == ["138,357,544", "138.36M"]        # torchvision vgg16
    assert totals["MACs"] == ["15,470,264,320", "15.47G"]
    assert totals["activations (elements)"] == ["15,237,608", "15.24M"]   # cs231n rows summed
    assert "conventions (--brief leaves them out):" in out and "2 x MACs" in out
    assert "conventions" not in run("report", "vgg16", "--brief").stdout


def test_report_alexnet_224_shows_54_and_the_warning(run):
    out = run("report", "alexnet", "--input", "224").stdout
    conv1 = next(line for line in out.splitlines() if line.startswith("conv1 "))
    assert "96×54×54" in conv1 and conv1.endswith("[1]")
    assert "[1] conv1: H and W: (224 − 11)/4 = 213/4 = 53.25, not whole" in out


def test_report_json_schema(run):
    data = json.loads(run("report", "alexnet", "--format", "json").stdout)
    assert data["schema"] == "costcalc.report/1"
    assert {"model", "input", "conventions", "layers", "totals"} <= set(data)
    conv1 = next(layer for layer in data["layers"] if layer["name"] == "conv1")
    assert {"name", "type", "output_shape", "params", "macs", "flops", "activations", "warnings"} <= set(conv1)
    assert conv1["output_shape"] == [96, 55, 55] and conv1["params"] == 34_944  # (11*11*3+1)*96
    assert conv1["flops"] == 2 * conv1["macs"]
    totals = data["totals"]
    assert {"params", "macs", "flops", "activations", "activation_bytes", "weight_bytes"} <= set(totals)
    assert totals["weight_bytes"] == 4 * totals["params"]
    assert data["input"] == {"channels": 3, "height": 227, "width": 227, "batch": 1, "dtype": "fp32",
                             "bytes_per_element": 4}


def test_report_csv_has_raw_integers(run):
    rows = list(csv.reader(io.StringIO(run("report", "lenet5", "--format", "csv").stdout)))
    assert rows[0] == ["name", "type", "describe", "scope", "inputs", "c", "h", "w", "params", "weights",
                       "biases", "bn_params", "buffers", "macs", "flops", "other_ops", "activations",
                       "activation_bytes", "warnings"]
    c1 = dict(zip(rows[0], next(r for r in rows if r[0] == "C1")))
    assert c1["params"] == str((5 * 5 * 1 + 1) * 6)          # 156, LeCun 1998 C1
    assert (c1["c"], c1["h"], c1["w"]) == ("6", "28", "28")   # C1: 6 maps of 28×28


LENET_PARAMS = 156 + 2_416 + 48_120 + 10_164 + 850            # (k*k*C_in + 1)*C_out per layer


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "csv"])
def test_every_format_renders_the_param_total(run, fmt):
    out = run("report", "lenet5", "--format", fmt).stdout
    assert f"{LENET_PARAMS:,}" in out or str(LENET_PARAMS) in out


def test_csv_is_one_row_per_layer_whose_params_sum_to_the_total(run):
    rows = list(csv.DictReader(io.StringIO(run("report", "lenet5", "--format", "csv").stdout)))
    assert sum(int(r["params"]) for r in rows) == LENET_PARAMS


def test_markdown_and_html_shapes(run):
    md = run("report", "lenet5", "--format", "markdown").stdout
    assert "| layer" in md and "|--" in md.replace(" ", "").replace(":", "-")
    page = run("report", "lenet5", "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and '<table class="layers">' in page and "</html>" in page
    latex = run("report", "lenet5", "--format", "latex").stdout
    assert "\\begin{longtable}" in latex and "\\caption{lenet5: layers}" in latex


def test_batch_dtype_units_and_output_file(run, tmp_path):
    target = tmp_path / "r.json"
    result = run("report", "vgg16", "--batch", "2", "--dtype", "fp16", "--format", "json", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    totals = json.loads(target.read_text())["totals"]
    assert totals["macs"] == 2 * 15_470_264_320               # batch 2 × torchvision vgg16
    assert totals["weight_bytes"] == 2 * 138_357_544          # fp16: 2 bytes per weight
    binary = run("report", "vgg16", "--units", "binary").stdout
    line = next(line for line in binary.splitlines() if line.startswith("weight memory"))
    assert line.split()[2:] == ["553,430,176", "527.79", "MiB"]   # 553,430,176 / 2**20 = 527.79


def test_group_by_stage(run):
    out = run("report", "vgg16", "--group-by", "stage").stdout
    lines = [line.split() for line in out.splitlines()]
    conv1 = next(line for line in lines if line and line[0] == "conv1")
    assert conv1[1] == "5" and conv1[3] == "38,720"            # (3*3*3+1)*64 + (3*3*64+1)*64


def test_spec_file_contract(run):
    result = run("report", str(EXAMPLE), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["model"] == "tiny_resnet"
    # stem 3*3*3*16 + BN 2*16; two blocks of 2 × (3*3*16*16 + 2*16); fc 16*10 + 10
    assert data["totals"]["params"] == (3 * 3 * 3 * 16 + 32) + 2 * 2 * (3 * 3 * 16 * 16 + 32) + 170
    options = json.loads(run("report", str(EXAMPLE), "-O", "width=8", "--format", "json").stdout)
    assert options["totals"]["params"] == (3 * 3 * 3 * 8 + 16) + 2 * 2 * (3 * 3 * 8 * 8 + 16) + 90


def test_python_dash_m_works_from_another_directory(tmp_path):
    result = subprocess.run([sys.executable, "-m", "costcalc", "report", "alexnet-tv", "--format", "json"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)["totals"]["params"] == 61_100_840  # torchvision alexnet


def test_fast_model_lookup_agrees_with_the_full_registry():
    from costcalc.registry import builtin_models, get_model
    for name, model in builtin_models().items():
        assert get_model(name) is model


def test_ledger_section_is_on_with_group_by_and_on_request(run):
    heading = "Paper figures for vgg16"
    assert heading not in run("report", "vgg16").stdout
    full = run("report", "vgg16", "--ledger").stdout
    assert heading in full and "conv1/conv1_1 weights" in full.split(heading)[1]
    grouped = run("report", "vgg16", "--group-by", "stage").stdout
    section = " ".join(grouped.split(heading)[1].split())  # notes wrap to the terminal's width
    # a grouped report shows the figures about its rows and the whole model, not per-layer ones
    assert "TOTAL params: 138M" in section and "conv1/conv1_1 weights" not in section
    assert "about these rows and the whole model; every figure: costcalc compare vgg16" in section
    assert heading not in run("report", "vgg16", "--group-by", "stage", "--no-ledger").stdout
    assert f"## {heading}" in run("report", "vgg16", "--ledger", "--format", "markdown").stdout
    assert "Paper figures" not in run("report", "vgg16", "--ledger", "--format", "json").stdout
    changed = run("report", "vgg16", "--ledger", "-O", "num_classes=10").stdout
    assert "not with this report's options or input" in changed.split(heading)[1]


def test_build_options_are_shown_in_the_header_and_json(run):
    text = run("report", "vgg16", "-O", "num_classes=10").stdout
    assert "built with: num_classes=10 (overriding the model's defaults)" in text
    data = json.loads(run("report", "vgg16", "-O", "num_classes=10", "--format", "json").stdout)
    assert data["options"] == {"num_classes": 10}
    assert data["totals"]["params"] == 138_357_544 - 4_097_000 + (4096 * 10 + 10)  # fc8 → 10 classes
    assert json.loads(run("report", "vgg16", "--format", "json").stdout)["options"] == {}


@pytest.mark.parametrize("by", ["stage", "block", "scope", "type"])
def test_grouped_rows_add_up_to_the_totals(run, by):
    data = json.loads(run("report", "googlenet", "--group-by", by, "--format", "json").stdout)
    for key in ("params", "macs"):
        assert sum(g[key] for g in data["groups"]) == data["totals"][key]
    input_tensor = data["layers"][0]["activations"]                # in no group
    assert sum(g["activations"] for g in data["groups"]) + input_tensor == data["totals"]["activations"]
