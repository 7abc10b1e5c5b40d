"""MnasNet 1.0 (torchvision's mnasnet1_0): the twin measured with torch; its stacks; reports."""

from conftest import analysis_of, assert_option_error
from costcalc.specs.mnasnet import STACKS
from torch_reference import assert_matches_torch


def test_equals_torchvision_measured_with_torch():
    # torchvision pools with x.mean([2, 3]): no module for that node
    assert_matches_torch("mnasnet1.0", "mnasnet1_0", functional=("head/pool",))


def test_stacks_have_their_kernels_expansions_and_repeats():
    a = analysis_of("mnasnet1.0")
    rows = {r.name: r for r in a.rows()}
    for i, (operator, t, k, c, n, s) in enumerate(STACKS, start=1):
        assert f"MBConv{t} (k{k}×{k})" == operator
        blocks = [p for p, info in a.network.scopes.items() if p.startswith(f"stack{i}/") and info.kind == "block"]
        assert len(blocks) == n
        dw = rows[f"stack{i}/block1/depthwise/conv"].layer
        assert dw.kernel_size == (k, k) and dw.stride == (s, s)
        assert rows[f"stack{i}/block{n}/project/bn"].output_shape[0] == c


def test_bad_num_classes_is_a_one_line_error(run):
    assert_option_error(run("report", "mnasnet1.0", "-O", "num_classes=0"), "mnasnet1.0", "num_classes", "class")


def test_handout_and_stage_grouping_run(run):
    result = run("handout", "mnasnet1.0")
    assert result.exit_code == 0 and "stack6" in result.stdout
    result = run("report", "mnasnet1.0", "--group-by", "stage")
    assert result.exit_code == 0 and "sepconv" in result.stdout
