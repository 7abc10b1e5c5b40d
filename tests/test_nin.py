"""Network in Network (Lin et al. 2014), the authors' released ImageNet model: its parameters
written out, Caffe's rounding of the map sizes, options, reports."""

from conftest import analysis_of, assert_option_error
from costcalc import analyze
from costcalc.registry import get_model
from costcalc.layers import Conv2d, Linear


def test_params_written_out_from_the_prototxt():
    # (k·k·C_in + 1)·C_out per conv (every conv has a bias): conv1 11×11, 3 → 96; cccp1-2 96 → 96;
    # conv2 5×5 96 → 256; cccp3-4; conv3 3×3 256 → 384; cccp5-6; conv4 3×3 384 → 1024;
    # cccp7 1024 → 1024; cccp8 1024 → 1000
    layers = [(11, 3, 96), (1, 96, 96), (1, 96, 96), (5, 96, 256), (1, 256, 256), (1, 256, 256),
              (3, 256, 384), (1, 384, 384), (1, 384, 384), (3, 384, 1024), (1, 1024, 1024),
              (1, 1024, 1000)]
    assert analysis_of("nin").totals()["params"] == sum((k * k * c + 1) * n for k, c, n in layers) \
        == 7_595_176


def test_map_sizes_round_as_caffe_does():
    rows = {r.name: r.output_shape for r in analysis_of("nin").rows()}
    assert rows["mlpconv1/conv1"] == (96, 54, 54)      # ⌊(224 − 11)/4⌋ + 1, with a warning
    assert rows["mlpconv1/pool"] == (96, 27, 27)       # Caffe pools round up: ⌈(54 − 3)/2⌉ + 1
    assert rows["mlpconv2/pool"] == (256, 13, 13) and rows["mlpconv3/pool"] == (384, 6, 6)
    assert rows["mlpconv4/pool"] == (1000, 1, 1)       # the 6×6 average pool: one value per class


def test_no_fully_connected_layer():
    # Section 3.2: global average pooling in place of the fully-connected layers
    a = analysis_of("nin")
    assert not any(isinstance(r.layer, Linear) for r in a.rows())
    assert sum(isinstance(r.layer, Conv2d) and r.layer.kernel_size == (1, 1) for r in a.rows()) == 8


def test_num_classes_sets_the_last_cccp(run):
    rows = {r.name: r.output_shape for r in analyze(get_model("nin").network(num_classes=10)).rows()}
    assert rows["mlpconv4/cccp8"] == (10, 6, 6) and rows["mlpconv4/pool"] == (10, 1, 1)
    assert_option_error(run("report", "nin", "-O", "num_classes=0"), "nin", "num_classes", "class")


def test_handout_and_stage_grouping_run(run):
    result = run("handout", "nin")
    assert result.exit_code == 0 and "mlpconv4" in result.stdout
    result = run("report", "nin", "--group-by", "stage")
    assert result.exit_code == 0 and "mlpconv3" in result.stdout
