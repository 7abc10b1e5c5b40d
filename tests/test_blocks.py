"""The shared block builders (costcalc/blocks/): ResNet's trunk, built by them, against
torchvision measured with torch; the bottleneck width rule."""

import pytest

from costcalc.blocks.resnet import Conv, bottleneck_convs
from torch_reference import assert_matches_torch


@pytest.mark.parametrize("depth", [18, 34, 50, 101, 152])
def test_resnet_v1_5_equals_torchvision_measured_with_torch(depth):
    assert_matches_torch(f"resnet{depth}-v1.5", f"resnet{depth}")


def test_bottleneck_width_rule():
    # torchvision Bottleneck: width = int(planes · base_width / 64) · groups, out = 4 · planes
    assert bottleneck_convs(64, 1) == [Conv(1, 64), Conv(3, 64), Conv(1, 256)]
    assert bottleneck_convs(128, 2, groups=32, base_width=4) == [Conv(1, 256), Conv(3, 256, 2, 32),
                                                                 Conv(1, 512)]
    assert bottleneck_convs(512, 2, base_width=128, stride_on="1x1") == [Conv(1, 1024, 2), Conv(3, 1024),
                                                                         Conv(1, 2048)]
