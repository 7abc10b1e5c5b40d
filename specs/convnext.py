"""ConvNeXt-T, -S, -B: Liu et al., "A ConvNet for the 2020s", CVPR 2022, Table 9 (detailed
architectures) and Figure 4 (the block); as built by torchvision's ``convnext_tiny``, ``_small``,
``_base``.

* Table 9 below is the paper's: per stage, its output size and each variant's (channels C,
  blocks). The stem is a 4×4 conv with stride 4 and a layer norm ("patchify"); each later stage
  starts with a separate downsampling layer, layer norm + 2×2 conv with stride 2 (Section 2.6).
* The block (Fig. 4): a depthwise 7×7 conv, layer norm over the channels, a 1×1 conv to 4C,
  GELU, a 1×1 conv back to C, then layer scale (init 1e-6) and stochastic depth before the
  residual add. The 1×1 convs are Linear layers applied at every position, as in torchvision
  and the authors' code (``nn.Linear`` on a channels-last tensor): fully-connected MACs
  H·W·C_in·C_out, the same count as a 1×1 conv. Every conv and Linear has a bias.
* The head: global average pool, layer norm, the FC classifier.
* torchvision's layout is the paper's (and the authors' code's); stochastic depth rates (0.1,
  0.4, 0.5) only matter in training.
"""

from __future__ import annotations

from costcalc.blocks.convnext import convnext_block
from costcalc.errors import OptionError
from costcalc.graph import Network
from costcalc.layers import AdaptiveAvgPool2d, Conv2d, Flatten, LayerNorm2d, Linear
from costcalc.registry import Model

PAPER = "Liu et al. 2022 (ConvNeXt)"
VARIANTS = ("tiny", "small", "base")

# Table 9: stage, output size, then (C, blocks) for ConvNeXt-T, ConvNeXt-S, ConvNeXt-B.
TABLE_9 = [
    ("stem", "56×56", (96, 1),  (96, 1),  (128, 1)),    # 4×4, C, stride 4
    ("res2", "56×56", (96, 3),  (96, 3),  (128, 3)),    # [d7×7, C; 1×1, 4C; 1×1, C] × blocks
    ("res3", "28×28", (192, 3), (192, 3), (256, 3)),
    ("res4", "14×14", (384, 9), (384, 27), (512, 27)),
    ("res5", "7×7",   (768, 3), (768, 3), (1024, 3)),
]
STOCHASTIC_DEPTH = {"tiny": 0.1, "small": 0.4, "base": 0.5}  # torchvision's defaults
LAYER_SCALE = 1e-6
EPS = 1e-6


def _check(variant, num_classes) -> None:
    if variant not in VARIANTS:
        raise OptionError("option variant", "the variant is one of Table 9's columns",
                          " | ".join(VARIANTS), repr(variant))
    if not isinstance(num_classes, int) or isinstance(num_classes, bool) or num_classes < 1:
        raise OptionError("option num_classes", "the FC layer needs at least one class",
                          "a whole number ≥ 1", repr(num_classes))


def convnext(variant: str = "tiny", num_classes: int = 1000) -> Network:
    """Walk Table 9 at one variant's column: stages as stage scopes, blocks as block scopes."""
    _check(variant, num_classes)
    column = 2 + VARIANTS.index(variant)
    net = Network(f"convnext-{variant}", channels=3, size=224, description=f"ConvNeXt-{variant[0].upper()}",
                  notes=(
        "1×1 convs as Linear at every position (fully-connected MACs H·W·C_in·C_out); layer "
        "scale and stochastic depth before each residual add (stochastic depth: identity at "
        "inference)",))
    stages = [row[column] for row in TABLE_9[1:]]
    total = sum(blocks for _, blocks in stages)
    done = 0
    rate = STOCHASTIC_DEPTH[variant]
    for i, row in enumerate(TABLE_9):
        name, channels, blocks = row[0], *row[column]
        with net.scope(name, kind="stage", output_size=row[1]):
            if name == "stem":
                net.add("conv", Conv2d(channels, 4, stride=4))
                net.add("norm", LayerNorm2d(eps=EPS))
                continue
            if i > 1:
                with net.scope("downsample"):
                    net.add("norm", LayerNorm2d(eps=EPS))
                    net.add("conv", Conv2d(channels, 2, stride=2))
            for b in range(blocks):
                convnext_block(net, f"block{b + 1}", channels, layer_scale=LAYER_SCALE,
                               stochastic_depth=rate * done / (total - 1), eps=EPS)
                done += 1
    with net.scope("head", kind="stage"):
        net.add("avgpool", AdaptiveAvgPool2d(1))
        net.add("norm", LayerNorm2d(eps=EPS))
        net.add("flatten", Flatten())
        net.add("fc", Linear(num_classes))
    return net


MODELS = {
    f"convnext-{v}": Model(f"convnext-{v}", convnext, f"ConvNeXt-{v[0].upper()}",
                           f"{PAPER}, Table 9 and Figure 4; torchvision.models.convnext_{v}",
                           options={"variant": v})
    for v in VARIANTS
}
