"""Two layers of your own, and a small net that uses them: README's "Add a layer" example.

Run it like a built-in model:  costcalc report examples/custom_layer.py

A layer is a frozen dataclass subclassing costcalc.layers.Layer. It defines four rules,
output_shape, params, macs and other_ops (no_params / no_macs / no_other_ops say "none"), and a
validate(v) method that checks each of its fields; a rule or a check left out is an error, never
a silent zero. The rules receive Shapes whose fields are ints, or int64 arrays over the variant
axis when several input sizes are analysed at once: write them with arithmetic operators only.
"""

from dataclasses import dataclass

from costcalc import Network
from costcalc.errors import ShapeError
from costcalc.layers import (BatchNorm2d, Conv2d, Flatten, GlobalAvgPool2d, Layer, Linear, Params,
                             input_channels, no_macs, no_other_ops, no_params, same_shape)
from costcalc.tensor import Shape, any_true, first_true


@dataclass(frozen=True)
class SpaceToDepth(Layer):
    """Moves each b×b block of pixels into channels (TF's space_to_depth, YOLOv5's Focus):
    (C, H, W) → (C·b², H/b, W/b); H and W must be multiples of b. No params, no ops (a
    permuted copy); a new tensor."""

    block_size: int = 2

    def validate(self, v):
        v.int("block_size", 1)                # a Python int >= 1 (numpy ints converted, bools refused)

    def output_shape(self, x, where):
        b = self.block_size
        ragged = (x[0].h % b != 0) | (x[0].w % b != 0)
        if any_true(ragged):                  # a one-line error: where, rule, expected, received
            raise ShapeError(where, "H and W must be multiples of the block size",
                             f"multiples of {b}", f"input {x[0].describe(first_true(ragged))}")
        return Shape(x[0].c * b * b, x[0].h // b, x[0].w // b)

    params = no_params
    macs = no_macs
    other_ops = no_other_ops

    def describe(self):
        return f"space to depth {self.block_size}"


@dataclass(frozen=True)
class ScaledSwish(Layer):
    """x·σ(β·x) with a learned β per channel (Swish-β). Params: weights = C.
    Other ops: 5 per element (× β, exp, + 1, divide, × x). A new tensor."""

    output_shape = same_shape                 # the input's shape
    macs = no_macs                            # MACs are conv and fully-connected only

    def params(self, x, where):
        # weights do not vary with the input size: input_channels insists C is one number
        return Params(weights=input_channels(where, x[0]))

    def other_ops(self, x, y):
        return 5 * y.elements()


def build(width: int = 16, num_classes: int = 10) -> Network:
    net = Network("custom_layer", channels=3, size=64, description="space-to-depth stem, Swish-β",
                  source="examples/custom_layer.py")
    net.add("s2d", SpaceToDepth(2))           # 3×64×64 → 12×32×32
    net.add("conv", Conv2d(width, 3, padding=1, bias=False))
    net.add("bn", BatchNorm2d())
    net.add("act", ScaledSwish())
    net.add("pool", GlobalAvgPool2d())
    net.add("flatten", Flatten())
    net.add("fc", Linear(num_classes))
    return net
