"""Pre-activation ResNet: He, Zhang, Ren & Sun, "Identity Mappings in Deep Residual Networks",
ECCV 2016: Figure 4(e), the "full pre-activation" unit, on ResNet's ImageNet trunk (Table 1 of
"Deep Residual Learning": conv1, conv2_x … conv5_x with [2, 2, 2, 2] … [3, 8, 36, 3] units;
200 layers are [3, 24, 36, 3]).

A unit computes x + F(x) with F = (BN → ReLU → conv) per conv, and nothing after the addition
(Eq. 3). The paper places the two activations the units leave out: "for the first Residual Unit
(that follows a stand-alone convolutional layer, conv1), we adopt the first activation right
after conv1 and before splitting into two paths; for the last Residual Unit (followed by average
pooling and a fully-connected classifier), we adopt an extra activation right after its
element-wise addition". So conv1 is conv-BN-ReLU, the first unit has no BN-ReLU of its own, and
the net ends BN-ReLU, pool, fc.

Details the paper leaves to code, taken from resnet-pre-act.lua in the authors' repository
(github KaimingHe/resnet-1k-layers; a CIFAR net, its conventions carried over to the ImageNet
trunk): a unit whose shape changes applies its BN-ReLU before the split and
projects the activated input with a 1×1 conv (no BN); a downsampling bottleneck strides on its
first 1×1 (as the ResNet paper's v1 does; basic units stride on the first 3×3); no conv has a
bias. (fb.resnet.torch's preresnet.lua differs: stride on the 3×3, the projection reads the
raw input and has a BN.) There is no torchvision twin.
"""

from __future__ import annotations

from costcalc.blocks.resnet import (EXPANSION, basic_convs, bottleneck_convs, head, pre_activation,
                                    preact_residual, stages, stem)
from costcalc.graph import Network
from costcalc.registry import Model
from costcalc.options import choice, declare

# Units per stage (conv2_x … conv5_x) and the unit, per depth.
DEPTHS = {
    18:  ("basic",      (2, 2, 2, 2)),
    34:  ("basic",      (3, 4, 6, 3)),
    50:  ("bottleneck", (3, 4, 6, 3)),
    101: ("bottleneck", (3, 4, 23, 3)),
    152: ("bottleneck", (3, 8, 36, 3)),
    200: ("bottleneck", (3, 24, 36, 3)),
}


@declare(depth=choice(*DEPTHS, help="a depth of the ResNet family"))
def preact_resnet(depth: int = 50, num_classes: int = 1000) -> Network:
    block, counts = DEPTHS[depth]
    net = Network(f"preact-resnet{depth}", channels=3, size=224,
                  description=f"ResNet-{depth} with full pre-activation units")
    x = stem(net)   # conv1 with "the first activation right after conv1"

    def unit(net: Network, x: str, planes: int, stride: int, channels: int, index: int) -> str:
        out = EXPANSION[block] * planes
        convs = (basic_convs(planes, stride) if block == "basic"
                 else bottleneck_convs(planes, stride, stride_on="1x1"))
        kind = "projection" if stride != 1 or channels != out else "identity"
        activated, body = pre_activation(net, x, convs, activate_input=index > 0)
        return preact_residual(net, x, activated, body, out, stride, kind,
                               from_activated=True, bn=False)

    x = stages(net, x, counts, unit, lambda planes: EXPANSION[block] * planes)
    head(net, x, num_classes, activate=True)   # "an extra activation right after its addition"
    return net


MODELS = {
    f"preact-resnet{d}": Model(f"preact-resnet{d}", preact_resnet,
                               f"ResNet-{d} with full pre-activation units",
                               "He et al. 2016, Identity Mappings, Figure 4(e)",
                               options={"depth": d})
    for d in DEPTHS
}
