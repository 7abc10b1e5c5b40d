"""VGG with batch norm (torchvision's vgg*_bn): the twins measured with torch; the paper's nets
are unchanged by the option's default."""

import pytest

from conftest import analysis_of
from costcalc.layers import BatchNorm2d
from costcalc.specs.vgg import TABLE_1
from torch_reference import assert_matches_torch


@pytest.mark.parametrize("layers", [11, 13, 16, 19])
def test_equals_torchvision_measured_with_torch(layers):
    assert_matches_torch(f"vgg{layers}-bn", f"vgg{layers}_bn")


@pytest.mark.parametrize("layers, config", [(11, "A"), (13, "B"), (16, "D"), (19, "E")])
def test_one_batch_norm_per_conv_and_nothing_else_changes(layers, config):
    plain, bn = analysis_of(f"vgg{layers}"), analysis_of(f"vgg{layers}-bn")
    norms = [r for r in bn.rows() if isinstance(r.layer, BatchNorm2d)]
    assert len(norms) == sum(isinstance(item, int) for item in TABLE_1[config])
    # a BN on C channels: 2C params (γ, β) and 2C buffers; MACs untouched
    widths = sum(item for item in TABLE_1[config] if isinstance(item, int))
    assert bn.totals()["params"] - plain.totals()["params"] == 2 * widths
    assert bn.totals()["macs"] == plain.totals()["macs"]
    assert not any(isinstance(r.layer, BatchNorm2d) for r in plain.rows())


def test_report_runs(run):
    result = run("report", "vgg16-bn", "--group-by", "stage")
    assert result.exit_code == 0 and "classifier" in result.stdout
