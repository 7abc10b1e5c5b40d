"""The engine: the variant axis, batch and dtype, overflow, memory liveness."""

import numpy as np
import pytest

from costcalc import Network
from costcalc.engine import analyze
from costcalc.errors import CountOverflowError, OptionError
from costcalc.layers import Add, Conv2d, GlobalAvgPool2d, Linear, MaxPool2d, ReLU
from costcalc.memory import peak_activations
from conftest import analysis_of


def small_net():
    net = Network("small", channels=3, size=32)
    net.add("conv", Conv2d(8, 3, stride=2, padding=1))
    net.add("relu", ReLU())
    net.add("pool", MaxPool2d(3, stride=2))
    net.add("gap", GlobalAvgPool2d())
    net.add("fc", Linear(10))
    return net


def test_many_resolutions_in_one_walk_equal_separate_walks():
    sizes = [32, 33, (40, 57), 64, 101]
    together = analyze(small_net(), input_size=sizes, batch=[1, 2, 3, 4, 5])
    assert together.variants == 5
    for v, (size, batch) in enumerate(zip(sizes, [1, 2, 3, 4, 5])):
        alone = analyze(small_net(), input_size=size, batch=batch)
        assert together.rows(v) == alone.rows(0)
        assert together.totals(v) == alone.totals(0)
    assert np.array_equal(together.totals(None)["macs"],
                          [analyze(small_net(), input_size=s, batch=b).totals()["macs"]
                           for s, b in zip(sizes, [1, 2, 3, 4, 5])])


def test_columns_are_int64_with_a_leading_variant_axis():
    a = analyze(small_net(), input_size=[32, 64])
    assert a.macs.dtype == np.int64 and a.macs.shape == (2, len(a.names))
    assert a.shapes.shape == (2, len(a.names), 3)


def test_batch_scales_activations_and_macs_not_params():
    one, eight = analysis_of("vgg16"), analysis_of("vgg16", batch=8)
    t1, t8 = one.totals(), eight.totals()
    assert t8["params"] == t1["params"]
    assert t8["macs"] == 8 * t1["macs"] and t8["activations"] == 8 * t1["activations"]
    assert t8["other_ops"] == 8 * t1["other_ops"]


@pytest.mark.parametrize("dtype, size", [("fp32", 4), ("fp16", 2), ("bf16", 2), ("int8", 1)])
def test_dtype_sets_bytes_per_element(dtype, size):
    t = analysis_of("vgg16", dtype=dtype).totals()
    assert t["weight_bytes"] == 138_357_544 * size          # torchvision vgg16 params × bytes
    assert t["activation_bytes"] == 15_237_608 * size       # cs231n rows summed × bytes


def test_count_that_would_overflow_int64_raises():
    net = Network("huge", channels=3, size=2_000_000)
    net.add("conv", Conv2d(4096, 3, padding=1))
    # 3*3*3*4096 MACs per position * 4e12 positions ≈ 4.4e17 per sample; batch 100 → 4.4e19
    with pytest.raises(CountOverflowError, match="conv: MACs exceed the int64 range"):
        analyze(net, batch=100)
    with pytest.raises(CountOverflowError, match="conv: MACs exceed"):
        analyze(net, input_size=[8, 2_000_000], batch=[1, 100])


def test_totals_that_would_overflow_raise():
    net = Network("deep", channels=64, size=1_000_000)
    for i in range(40):
        net.add(f"conv{i}", Conv2d(64, 3, padding=1))
    # each conv: 3*3*64*64 * 1e12 ≈ 3.7e16 MACs; 40 of them with batch 4 ≈ 5.9e18 > 2**62
    with pytest.raises(CountOverflowError, match="total MACs"):
        analyze(net, batch=4)


def test_peak_live_activations_frees_after_last_use():
    net = Network("res", channels=4, size=8)
    a = net.add("a", Conv2d(4, 3, padding=1))
    net.add("relu", ReLU())                      # in place: extends a's buffer
    b = net.add("b", Conv2d(4, 3, padding=1))
    net.add("sum", Add(), inputs=[a, b])         # a (through relu) lives until here
    analysis = analyze(net)
    elements = 4 * 8 * 8
    # at "sum": a, b and the sum are all live; the input was freed after "a"
    assert int(peak_activations(analysis)[0]) == 3 * elements
    assert analysis.totals()["activations"] == 4 * elements   # input, a, b, sum


def test_vgg16_peak_is_two_largest_neighbours():
    # conv1_1 output (read by conv1_2 through the in-place ReLU) and conv1_2 output: 2 × 224*224*64
    assert int(peak_activations(analysis_of("vgg16"))[0]) == 2 * 224 * 224 * 64


def test_bad_options_raise_option_errors():
    with pytest.raises(OptionError, match="dtype"):
        analyze(small_net(), dtype="fp64")
    with pytest.raises(OptionError, match="batch size must be a positive integer"):
        analyze(small_net(), batch=0)
    with pytest.raises(OptionError, match="input size must be positive integers"):
        analyze(small_net(), input_size=-3)
    with pytest.raises(OptionError, match="one batch size or one per input size"):
        analyze(small_net(), input_size=[32, 64, 96], batch=[1, 2])
