"""The shared block builders (costcalc/blocks/): ResNet's trunk, built by them, against
torchvision measured with torch; the bottleneck width rule; the option checks."""

import pytest

from costcalc.blocks.options import require_choice, require_number, require_whole
from costcalc.blocks.resnet import Conv, bottleneck_convs
from costcalc.errors import OptionError
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


@pytest.mark.parametrize("check, value, expected", [
    (lambda v: require_choice("depth", v, (50, 101), "a depth"), 50.0, "50 | 101"),
    (lambda v: require_whole("k", v, "k is whole"), True, "a whole number ≥ 1"),
    (lambda v: require_number("alpha", v, "alpha is positive", 0.0), float("nan"), "a number > 0.0"),
    (lambda v: require_number("p", v, "p is a probability", 0.0, 1.0, low_inclusive=True), 1.0,
     "a number ≥ 0.0 and < 1.0"),
])
def test_option_checks_refuse_with_one_line(check, value, expected):
    with pytest.raises(OptionError) as error:
        check(value)
    message = str(error.value)
    assert "\n" not in message and expected in message and repr(value) in message
