"""Every model of the later families (issue 12) has a handout and a report grouped by stage and
by block, with a group for each stage its paper's table names."""

import pytest

from conftest import analysis_of
from costcalc.grouping import group_rows

RESNET = ["conv1", "conv2_x", "conv3_x", "conv4_x", "conv5_x", "pool_fc"]     # He et al. 2016, Table 1
DENSENET = ["convolution", "pooling", "dense_block1", "transition1", "dense_block2", "transition2",
            "dense_block3", "transition3", "dense_block4", "classification"]  # Huang et al., Table 1
# model → the stages its paper's table names, as the spec scopes them
STAGES = {
    "nin": ["mlpconv1", "mlpconv2", "mlpconv3", "mlpconv4"],                  # Lin et al., Figure 2
    **{f"preact-resnet{d}": RESNET for d in (18, 34, 50, 101, 152, 200)},
    "wrn-28-10": ["conv1", "conv2", "conv3", "conv4", "avg-pool"],            # Zagoruyko & Komodakis, Table 1
    "wide-resnet50-2": RESNET, "wide-resnet101-2": RESNET,
    "resnext50-32x4d": RESNET, "resnext101-32x8d": RESNET, "resnext101-64x4d": RESNET,
    **{f"densenet{d}": DENSENET for d in (121, 169, 201, 264, 161)},
    "se-resnet50": RESNET,
    "xception": ["entry_flow", "middle_flow", "exit_flow"],                    # Chollet, Figure 5
    "mobilenetv2": ["conv1", *(f"bottleneck{i}" for i in range(1, 8)), "conv2", "avgpool", "classifier"],
    "mobilenetv3-large": ["conv1", *(f"bneck{i}" for i in range(1, 16)), "conv2", "pool"],
    "mobilenetv3-small": ["conv1", *(f"bneck{i}" for i in range(1, 12)), "conv2", "pool"],
    **{f"shufflenetv2-x{w}": ["conv1", "maxpool", "stage2", "stage3", "stage4", "conv5", "globalpool", "fc"]
       for w in ("0.5", "1.0", "1.5", "2.0")},                                # Ma et al., Table 5
    **{f"efficientnet-b{i}": [f"stage{s}" for s in range(1, 10)] for i in range(8)},  # Tan & Le, Table 1
    "regnetx-400mf": ["stem", "stage1", "stage2", "stage3", "stage4", "head"],
    "regnetx-400mf-tv": ["stem", "stage1", "stage2", "stage3", "stage4", "head"],
    "mnasnet1.0": ["conv1", "sepconv", *(f"stack{i}" for i in range(1, 7)), "head"],
    **{f"convnext-{v}": ["stem", "res2", "res3", "res4", "res5", "head"]       # Liu et al., Table 9
       for v in ("tiny", "small", "base")},
    "vgg16-bn": ["conv1", "conv2", "conv3", "conv4", "conv5", "classifier"],
}


@pytest.mark.parametrize("model", sorted(STAGES))
def test_handout_and_grouped_reports_run_with_a_group_per_paper_stage(run, model):
    a = analysis_of(model)
    stages = [g.key for g in group_rows(a, a.rows(), "stage")]
    assert [s for s in stages if s in STAGES[model]] == STAGES[model]     # each paper stage, in order
    blocks = group_rows(a, a.rows(), "block")
    assert len(blocks) >= len(STAGES[model])
    for args in (("handout", model), ("report", model, "--group-by", "stage"),
                 ("report", model, "--group-by", "block", "--brief")):
        result = run(*args)
        assert result.exit_code == 0, result.output
    assert all(stage in result.stdout for stage in STAGES[model][:3])
