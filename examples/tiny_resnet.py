"""A tiny residual net: an example of a user's own spec file.

Run it like a built-in model:  costcalc report examples/tiny_resnet.py
A spec file defines MODELS (name -> costcalc.registry.Model), as the built-in specs do, or just a
build() function returning a Network; the file's name then names the model.
"""

from costcalc import Network
from costcalc.layers import Add, BatchNorm2d, Conv2d, Flatten, GlobalAvgPool2d, Linear, ReLU


def build(width: int = 16, num_classes: int = 10) -> Network:
    net = Network("tiny_resnet", channels=3, size=32, description="a 2-block residual net",
                  source="examples/tiny_resnet.py")
    net.add("stem", Conv2d(width, 3, padding=1, bias=False))
    net.add("stem_bn", BatchNorm2d())
    net.add("stem_relu", ReLU())
    for b in (1, 2):
        with net.scope(f"block{b}", kind="block"):
            entry = net.last
            net.add("conv1", Conv2d(width, 3, padding=1, bias=False))
            net.add("bn1", BatchNorm2d())
            net.add("relu1", ReLU())
            net.add("conv2", Conv2d(width, 3, padding=1, bias=False))
            net.add("bn2", BatchNorm2d())
            net.add("add", Add(), inputs=[net.last, entry])
            net.add("relu", ReLU())
    net.add("pool", GlobalAvgPool2d())
    net.add("flatten", Flatten())
    net.add("fc", Linear(num_classes))
    return net
