"""costcalc fit: memory sizes as people write them, the exact solve for the largest batch (checked
against the figures at that batch and the next), the overhead a user sets, the text and JSON."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from costcalc.api import fit
from costcalc.engine import analyze
from costcalc.errors import OptionError
from costcalc.registry import get_model
from costcalc.training import Affine, largest_batch, parse_overhead, parse_size, training_memory


@pytest.mark.parametrize("text, size", [
    ("80GB", 80 * 10**9), ("24GiB", 24 * 2**30), ("512MB", 512 * 10**6), ("1.5TB", 15 * 10**11),
    ("40 gb", 40 * 10**9), ("640KiB", 640 * 1024), ("1000", 1000), ("1000B", 1000), (12345, 12345),
])
def test_sizes_decimal_and_binary(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text, message", [
    ("24G", "--memory: G alone is ambiguous: say GB (powers of 1000) or GiB (powers of 1024); expected e.g. "
            "24GB or 24GiB; received '24G'"),
    ("lots", "--memory: a memory size is a number and a unit: B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, "
             "GiB, TiB (powers of 1024); expected e.g. 80GB or 24GiB; received 'lots'"),
    ("0GB", "--memory: a memory size is positive; expected e.g. 80GB; received '0GB'"),
    ("-3GB", "--memory: a memory size is a number and a unit: B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, "
             "GiB, TiB (powers of 1024); expected e.g. 80GB or 24GiB; received '-3GB'"),
])
def test_bad_sizes_are_one_line(text, message):
    with pytest.raises(OptionError) as error:
        parse_size(text)
    assert str(error.value) == message


def test_overheads():
    assert parse_overhead("10%") == (Fraction(1, 10), 0)
    assert parse_overhead("2.5%") == (Fraction(1, 40), 0)
    assert parse_overhead("2GB") == (0, 2 * 10**9)
    assert parse_overhead(None) == (0, 0)
    with pytest.raises(OptionError) as error:
        parse_overhead("ten%")
    assert str(error.value) == ("--overhead: an overhead is a percentage or a memory size; expected e.g. 10% "
                                "or 2GB; received 'ten%'")


def test_largest_batch_is_the_smallest_floor():
    # 100 + 7N <= 1000 → N <= 128.57; 10 + 9N <= 1000 → N <= 110: the answer is 110
    assert largest_batch([Affine(100, 7), Affine(10, 9)], 1000) == 110
    assert largest_batch([Affine(100, 7)], 50) == 0                   # not even batch 1
    assert largest_batch([Affine(2000, 0), Affine(0, 1)], 1000) == 0  # a fixed part over budget
    # 10% overhead: 1.1·(100 + 7N) <= 1000 → N <= 115.58; 2 bytes extra on top
    assert largest_batch([Affine(100, 7)], 1000, (Fraction(1, 10), 0)) == 115
    assert largest_batch([Affine(100, 7)], 1000, (Fraction(0), 6)) == 127


@pytest.mark.parametrize("model, memory, kwargs", [
    ("resnet18", "8GB", {"training": True}),
    ("resnet50-v1.5", "24GiB", {"training": True, "optimizer": "adam"}),
    ("vgg16", "12GB", {"training": True, "optimizer": "momentum", "device": "cpu"}),
    ("mobilenetv2", "6GB", {"training": True, "amp": "fp16", "overhead": "10%"}),
])
def test_the_batch_found_fits_and_one_more_does_not(model, memory, kwargs):
    result = fit(model, memory, **kwargs)
    budget = parse_size(memory)
    inference, training = result.cases
    n = inference.batch
    totals = analyze(get_model(model).network(), batch=n).totals()
    used = totals["weight_bytes"] + totals["buffer_bytes"] + totals["peak_activation_bytes"]
    fraction = Fraction(1, 10) if kwargs.get("overhead") else 0
    assert inference.needed == -(-used * (1 + fraction) // 1) <= budget < inference.next_needed
    options = {k: v for k, v in kwargs.items() if k in ("optimizer", "amp", "device")}
    memory_model = training_memory(analyze(get_model(model).network()), **options)
    peak = memory_model.peak(training.batch)[0]
    assert training.needed == -(-peak * (1 + fraction) // 1) <= budget < training.next_needed
    assert training.batch < inference.batch


def test_fit_resnet50_with_adam_text():
    text = fit("resnet50-v1.5", "80GB", training=True, optimizer="adam").render(width=200)
    lines = text.splitlines()
    assert lines[0] == ("resnet50-v1.5 on 80GB (80,000,000,000 bytes, decimal: 1 GB = 10^9 bytes), input "
                        "3×224×224, fp32")
    assert lines[1].startswith("inference (weights + buffers + peak live activations): batch ")
    assert any(line.startswith("training (optimizer adam, cuda): batch ") for line in lines)
    assert "assumptions (training):" in lines


def test_fit_without_room_says_what_batch_one_needs():
    result = fit("vgg16", "500MB")
    (inference,) = result.cases
    assert inference.batch == 0
    totals = analyze(get_model("vgg16").network()).totals()
    assert inference.next_needed == totals["weight_bytes"] + totals["buffer_bytes"] + totals["peak_activation_bytes"]
    assert "inference (weights + buffers + peak live activations): does not fit: batch 1 needs" in result.render()


def test_fit_json_and_cli(run):
    data = fit("resnet18", "16GiB", training=True, overhead="1GB").to_dict()
    assert data["memory_bytes"] == 16 * 2**30 and data["overhead"] == "1GB"
    assert [r["kind"] for r in data["results"]] == ["inference", "training"]
    result = run("fit", "resnet18", "--memory", "16GiB", "--training", "--overhead", "1GB", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output) == data
    bad = run("fit", "resnet18", "--memory", "16G")
    assert bad.exit_code == 2 and bad.output.startswith("Error: --memory: G alone is ambiguous") \
        and bad.output.count("\n") == 1
    bad = run("fit", "resnet18", "--memory", "16GB", "--optimizer", "adam")
    assert bad.exit_code == 2 and bad.output == ("Error: --optimizer: applies to training memory only; "
                                                 "expected --training with it; received --optimizer "
                                                 "without --training\n")
