"""Training memory as a whole: the totals and how they depend on the batch, the optimizer, mixed
precision and the device; the peak's timeline; the report's saved column and JSON; the options'
one-line errors; a layer without a saved rule."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest

from costcalc import Network, analyze as api_analyze
from costcalc.api import report
from costcalc.engine import analyze
from costcalc.errors import OptionError, SpecError
from costcalc.layers import (BatchNorm2d, Conv2d, Flatten, GlobalAvgPool2d, Layer, Linear, ReLU, keeps_input,
                             keeps_new, no_macs, no_other_ops, no_params, same_shape)
from costcalc.training import Affine, training_memory

N = 4


def small_net() -> Network:
    """conv 3→8 (3×3, no bias) → BN → ReLU → global pool → flatten → fc 8→10, on 3×8×8."""
    net = Network("small", channels=3, size=8)
    net.add("conv", Conv2d(8, 3, padding=1, bias=False))
    net.add("bn", BatchNorm2d())
    net.add("relu", ReLU())
    net.add("pool", GlobalAvgPool2d())
    net.add("flat", Flatten())
    net.add("fc", Linear(10))
    return net


# small_net's parts, element counts (bytes follow from the dtype)
INPUT = 3 * 8 * 8            # per sample
ACT = 8 * 8 * 8              # conv, BN outputs per sample
CONV_W, BN_C, FC_W, FC_B = 3 * 3 * 3 * 8, 8, 8 * 10, 10
PARAMS = CONV_W + 2 * BN_C + FC_W + FC_B


def test_saved_bytes_of_a_small_net_written_out():
    t = training_memory(analyze(small_net())).totals(N)
    # conv: input + weight; BN: input (conv's output) + γ, running mean/var (buffers), mean, invstd;
    # ReLU (in place): its output, BN's memory; pool: nothing; fc: its input (the pool's output,
    # through the flatten view) + weight (addmm's mat1, mat2)
    activation = N * ACT * 4 + 2 * BN_C * 4 + N * ACT * 4 + N * 8 * 4
    assert t["saved_input_bytes"] == N * INPUT * 4
    assert t["saved_param_bytes"] == (CONV_W + BN_C + FC_W) * 4
    assert t["saved_buffer_bytes"] == 2 * BN_C * 4
    assert t["saved_activation_bytes"] == activation
    assert t["saved_bytes"] == N * INPUT * 4 + (CONV_W + BN_C + FC_W) * 4 + 2 * BN_C * 4 + activation
    assert t["gradient_bytes"] == PARAMS * 4
    assert t["optimizer_bytes"] == 0


def test_every_figure_is_affine_in_the_batch():
    """Training memory is computed per sample: its figures at batch N equal an analysis at N."""
    one = training_memory(analyze(small_net()))
    for batch in (1, 3, 64):
        at = training_memory(analyze(small_net(), batch=batch))
        assert at.totals(batch) == one.totals(batch)
    assert one.saved_total == Affine(one.saved_total.fixed, one.saved_total.per_sample)
    assert one.saved_total.at(10) - one.saved_total.at(9) == one.saved_total.per_sample


@pytest.mark.parametrize("optimizer, states", [("none", 0), ("sgd", 0), ("momentum", 1), ("adam", 2), ("adamw", 2)])
def test_optimizer_state_per_parameter(optimizer, states):
    # torch.optim: SGD without momentum keeps nothing, momentum a buffer, Adam/AdamW exp_avg, exp_avg_sq
    t = training_memory(analyze(small_net()), optimizer=optimizer).totals(N)
    assert t["optimizer_bytes"] == states * PARAMS * 4


def test_optimizer_state_is_alive_through_the_step():
    none = training_memory(analyze(small_net()), optimizer="none")
    momentum = training_memory(analyze(small_net()), optimizer="momentum")
    # every forward/backward moment carries the momentum buffers; SGD's step is in place
    assert momentum.peak(N)[0] == none.peak(N)[0] + PARAMS * 4


def test_adams_step_temporary_all_parameters_on_cuda_the_largest_tensor_on_cpu():
    """A net whose step is its peak: one big Linear on a 1×1×1 input at batch 1 (weights 4·10^4
    elements). The step holds weights, gradients, two Adam states and the temporary."""
    net = Network("wide", channels=100, size=1)
    net.add("fc", Linear(400))
    weights = (100 * 400 + 400) * 4
    for device, temporary in (("cuda", weights), ("cpu", 100 * 400 * 4)):
        m = training_memory(analyze(net), optimizer="adam", device=device)
        peak, moment = m.peak(1)
        assert moment.phase == "step"
        assert peak == weights + 100 * 4 + weights + 2 * weights + temporary + 400 * 4  # + the output


def test_mixed_precision_keeps_fp32_masters_and_16_bit_activations():
    t = training_memory(analyze(small_net()), amp="fp16").totals(N)
    # conv keeps a 16-bit copy of the fp32 input and of its weight (autocast's cast); BN keeps its
    # 16-bit input, fp32 γ, running statistics and batch statistics; ReLU its 16-bit output; fc
    # its 16-bit input and a 16-bit copy of its weight
    assert t["saved_input_bytes"] == 0
    assert t["saved_param_bytes"] == BN_C * 4
    assert t["saved_buffer_bytes"] == 2 * BN_C * 4
    assert t["saved_activation_bytes"] == (N * INPUT * 2 + CONV_W * 2 + N * ACT * 2 + 2 * BN_C * 4
                                           + N * ACT * 2 + N * 8 * 2 + FC_W * 2)
    assert t["gradient_bytes"] == PARAMS * 4
    assert training_memory(analyze(small_net()), amp="bf16").totals(N) == t


def test_fp16_training_halves_everything_but_statistics_and_indices():
    t16 = training_memory(analyze(small_net(), dtype="fp16")).totals(N)
    t32 = training_memory(analyze(small_net())).totals(N)
    assert t32["saved_bytes"] - 2 * BN_C * 4 == 2 * (t16["saved_bytes"] - 2 * BN_C * 4)
    assert t16["gradient_bytes"] * 2 == t32["gradient_bytes"]


def test_the_peak_is_the_largest_moment_and_says_where():
    m = training_memory(analyze(small_net()))
    peak, moment = m.peak(N)
    assert peak == max(x.live.at(N) for x in m.moments)
    assert m.totals(N)["training_peak_at"] == f"{moment.phase} {m.analysis.names[moment.node]}"
    # after the forward pass: weights, buffers, input, the saved activations and the output
    forward_end = [x for x in m.moments if x.phase == "forward"][-1].live.at(N)
    assert forward_end == (PARAMS + 2 * BN_C) * 4 + N * INPUT * 4 + m.saved["activation"].at(N) + N * 10 * 4
    assert peak >= forward_end


@pytest.mark.parametrize("kwargs, message", [
    ({"optimizer": "lbfgs"}, "--optimizer: unknown optimizer; expected none | sgd | momentum | adam | adamw; "
                             "received 'lbfgs'"),
    ({"amp": "fp8"}, "--amp: mixed precision computes in fp16 or bf16; expected fp16 | bf16; received 'fp8'"),
    ({"device": "tpu"}, "--device: unknown device; expected cuda | cpu; received 'tpu'"),
])
def test_option_errors_are_one_line(kwargs, message):
    with pytest.raises(OptionError) as error:
        training_memory(analyze(small_net()), **kwargs)
    assert str(error.value) == message


def test_amp_needs_fp32_and_int8_does_not_train():
    with pytest.raises(OptionError) as error:
        training_memory(analyze(small_net(), dtype="fp16"), amp="fp16")
    assert str(error.value) == ("--amp: mixed precision keeps fp32 master weights: give --dtype fp32 (the "
                                "default) with --amp; expected --dtype fp32; received --dtype fp16")
    with pytest.raises(OptionError) as error:
        training_memory(analyze(small_net(), dtype="int8"))
    assert str(error.value) == ("--dtype: training memory is modelled for floating-point training; expected "
                                "fp32, fp16 or bf16 (or --amp with fp32); received int8")


@dataclass(frozen=True)
class Doubler(Layer):
    """A layer of one's own with no saved rule: fine for a report, an error for training."""

    output_shape = same_shape
    params = no_params
    macs = no_macs
    other_ops = no_other_ops


def test_a_layer_without_a_saved_rule_is_an_error_only_when_training_is_asked():
    net = Network("own", channels=3, size=8)
    net.add("double", Doubler())
    assert analyze(net).totals()["params"] == 0
    with pytest.raises(SpecError) as error:
        training_memory(analyze(net))
    assert str(error.value) == ("Doubler: training memory needs the layer's saved rule (what it keeps for "
                                "backward; no_saved says nothing); expected a method named saved; received none")


def test_assumptions_name_the_options():
    text = " ".join(training_memory(analyze(small_net()), optimizer="adam", amp="bf16", device="cpu").assumptions)
    for fragment in ("PyTorch 2.14", "distinct storages", "zero_grad", "optimizer adam: 2 state(s)",
                     "largest parameter tensor", "mixed precision (bf16): fp32 master weights",
                     "device cpu: an out-of-place Dropout keeps a noise tensor"):
        assert fragment in text, fragment


# --- through the API and the report ---------------------------------------------------------------

def test_analyze_with_training_and_its_summary():
    s = api_analyze("resnet18", batch=32, training=True, optimizer="adam")
    totals = s.training_memory.totals(32)
    assert totals["optimizer_bytes"] == 2 * s.totals()["weight_bytes"]
    assert f"training peak      {totals['training_peak_bytes']:,}" in repr(s)
    assert s.to_dict()["totals"]["saved_bytes"] == totals["saved_bytes"]
    assert api_analyze("resnet18").training_memory is None


def test_training_options_without_training_are_an_error():
    with pytest.raises(OptionError) as error:
        api_analyze("resnet18", optimizer="adam")
    assert str(error.value) == ("--optimizer: applies to training memory only; expected --training with it; "
                                "received --optimizer without --training")


def test_report_json_has_the_saved_column_and_training_totals():
    data = json.loads(report("resnet18", batch=32, fmt="json", training=True, device="cpu"))
    layers, totals = data["layers"], data["totals"]
    assert sum(layer["saved_bytes"] for layer in layers) == totals["saved_bytes"]
    assert {"saved_bytes", "gradient_bytes", "optimizer_bytes", "training_peak_bytes"} <= set(totals)
    assert data["training"]["device"] == "cpu" and data["training"]["optimizer"] == "none"
    saved = data["training"]["saved"]
    assert sum(saved.values()) == totals["saved_bytes"]
    assert "saved_bytes" not in json.loads(report("resnet18", fmt="json"))["layers"][1]


def test_report_text_shows_the_column_totals_and_assumptions_only_with_training():
    text = report("resnet50-v1.5", batch=32, training=True, width=160, brief=True)
    header = next(line for line in text.splitlines() if line.startswith("layer "))
    assert "saved" in header.split()
    assert re.search(r"\nsaved for backward \(distinct tensors\) +2,851,646,976  2.85 GB\n", text)
    assert "training memory:\n  optimizer none, device cuda; the peak is at backward" in text
    plain = report("resnet50-v1.5", batch=32, width=160, brief=True)
    assert "saved" not in next(line for line in plain.splitlines() if line.startswith("layer ")).split()
    assert "training memory" not in plain


def test_grouped_report_sums_saved_per_group():
    data = json.loads(report("resnet18", fmt="json", training=True, group_by="stage"))
    # the input is in no group, but conv1 keeps it: the groups hold every saved byte
    assert sum(g["saved_bytes"] for g in data["groups"]) == data["totals"]["saved_bytes"]
    assert data["layers"][0]["saved_bytes"] == 0


@pytest.mark.parametrize("fmt", ["markdown", "csv", "html", "latex"])
def test_every_format_carries_the_training_figures(fmt):
    text = report("resnet18", fmt=fmt, training=True)
    assert "saved" in text
    if fmt != "csv":
        assert "PyTorch 2.14" in text


def test_cli_report_training(run):
    result = run("report", "resnet18", "--batch", "32", "--training", "--optimizer", "adam", "--format", "json")
    assert result.exit_code == 0
    totals = json.loads(result.output)["totals"]
    assert totals["optimizer_bytes"] == 2 * totals["weight_bytes"]
    bad = run("report", "resnet18", "--device", "cpu")
    assert bad.exit_code == 2 and bad.output == ("Error: --device: applies to training memory only; "
                                                 "expected --training with it; received --device without "
                                                 "--training\n")


def test_cli_plot_memory(run, tmp_path):
    out = tmp_path / "memory.png"
    result = run("plot", "resnet18", "--kind", "memory", "--batch", "8", "--optimizer", "adam", "-o", str(out))
    assert result.exit_code == 0 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = run("plot", "resnet18", "--optimizer", "adam", "-o", str(tmp_path / "x.png"))
    assert bad.exit_code == 2 and bad.output == ("Error: --optimizer: applies to --kind memory only; "
                                                 "expected --kind memory; received --kind layers\n")


@dataclass(frozen=True)
class Squarer(Layer):
    """x², README's example of a saved rule: its derivative 2x needs the input."""

    output_shape = same_shape
    params = no_params
    macs = no_macs

    def other_ops(self, x, y):
        return y.elements()

    def saved(self, x, y, device):
        return (keeps_input(name="self"), keeps_new("scratch", per_sample=2, fixed=3, dtype="int64"))


def test_a_layer_of_ones_own_with_a_saved_rule():
    net = Network("own", channels=3, size=8)
    net.add("square", Squarer())
    memory = training_memory(analyze(net))
    # the input (3·8·8 fp32 per sample) + scratch (2 per sample + 3) int64
    assert memory.per_node(N)[1] == N * 3 * 8 * 8 * 4 + (2 * N + 3) * 8
