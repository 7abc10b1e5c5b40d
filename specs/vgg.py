"""VGG: Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
Recognition", ICLR 2015, Table 1 (configurations A to E).

Every conv is 3×3, stride 1, padding 1 (C's "conv1" layers are 1×1, padding 0), followed by
ReLU; every max pool is 2×2, stride 2; then FC-4096, FC-4096, FC-1000 with ReLU and dropout.
The paper's net has no adaptive pool (torchvision adds one, which changes no parameter at 224),
and ends in soft-max, which we leave out as torchvision does: counts are up to the logits.
"""

from __future__ import annotations

from functools import partial

from costcalc.graph import Network
from costcalc.layers import (AdaptiveAvgPool2d, BatchNorm2d, Conv2d, Dropout, Flatten, Linear,
                             LocalResponseNorm, MaxPool2d, ReLU)
from costcalc.registry import Model

# Table 1, one column per configuration, top to bottom: an int is a conv3 layer with that
# many channels, "1x256" a conv1 layer, "LRN" local response normalisation, "M" max pool.
TABLE_1 = {
    "A":     [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "A-LRN": [64, "LRN", "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "B":     [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "C":     [64, 64, "M", 128, 128, "M", 256, 256, "1x256", "M", 512, 512, "1x512", "M",
              512, 512, "1x512", "M"],
    "D":     [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
              512, 512, 512, "M"],
    "E":     [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
              512, 512, 512, 512, "M"],
}
CLASSIFIER = [4096, 4096, 1000]
FC6_INPUT = 7 * 7 * 512  # "FC-4096" reads the last 7×7×512 pool of a 224×224 input


def vgg(config: str, num_classes: int = 1000, adaptive_pool: bool = False,
        batch_norm: bool = False) -> Network:
    """The paper's net; ``adaptive_pool=True`` adds torchvision's AdaptiveAvgPool2d(7) before the
    classifier, which lets other input sizes reach FC6 (at 224 it changes no count but adds one
    7×7×512 activation). Without it FC6 is sized for 7×7×512, i.e. for 224×224 inputs.
    ``batch_norm=True`` puts a BatchNorm2d between each conv and its ReLU, as torchvision's
    ``vgg*_bn`` do (the convs keep their biases); the paper's nets have none."""
    layers = sum(1 for item in TABLE_1[config] if item not in ("M", "LRN")) + len(CLASSIFIER)
    extras = (f" with batch norm, torchvision's vgg{layers}_bn" if batch_norm and adaptive_pool else
              " with batch norm" if batch_norm else " with torchvision's adaptive pool" if adaptive_pool else "")
    net = Network(f"vgg-{config}", channels=3, size=224,
                  description=f"VGG-{layers} (configuration {config}){extras}",
                  source="Simonyan & Zisserman 2015, Table 1, column " + config)
    block, index = 1, 1
    for item in TABLE_1[config]:
        with net.scope(f"conv{block}", kind="stage"):
            if item == "M":
                net.add("pool", MaxPool2d(2, stride=2))
                block, index = block + 1, 1
            elif item == "LRN":
                net.add("lrn", LocalResponseNorm(size=5, alpha=1e-4, beta=0.75, k=2.0))
            else:
                kernel, channels = (1, int(item[2:])) if isinstance(item, str) else (3, item)
                net.add(f"conv{block}_{index}", Conv2d(channels, kernel, padding=kernel // 2))
                if batch_norm:
                    net.add(f"bn{block}_{index}", BatchNorm2d())
                net.add(f"relu{block}_{index}", ReLU())
                index += 1
    with net.scope("classifier", kind="stage"):
        if adaptive_pool:
            net.add("avgpool", AdaptiveAvgPool2d(7))
        net.add("flatten", Flatten())
        widths = [*CLASSIFIER[:-1], num_classes]
        for i, width in enumerate(widths, start=6):
            net.add(f"fc{i}", Linear(width, in_features=FC6_INPUT if i == 6 else None))
            if i < 5 + len(widths):
                net.add(f"relu{i}", ReLU())
                net.add(f"drop{i}", Dropout(0.5, inplace=False))  # torchvision's: not in place
    return net


def _model(name, config, layers):
    return Model(name, partial(vgg, config), f"VGG-{layers} (configuration {config})",
                 f"Simonyan & Zisserman 2015, Table 1, column {config}")


def _bn_model(config, layers):
    """torchvision's vgg{layers}_bn: the configuration with batch norm and the adaptive pool."""
    return Model(f"vgg{layers}-bn", partial(vgg, config),
                 f"VGG-{layers} (configuration {config}) with batch norm, torchvision's vgg{layers}_bn",
                 f"torchvision.models vgg{layers}_bn; Simonyan & Zisserman 2015, Table 1, column {config}",
                 options={"batch_norm": True, "adaptive_pool": True})


MODELS = {
    "vgg11": _model("vgg11", "A", 11),
    "vgg11-lrn": _model("vgg11-lrn", "A-LRN", 11),
    "vgg13": _model("vgg13", "B", 13),
    "vgg16-c": _model("vgg16-c", "C", 16),
    "vgg16": _model("vgg16", "D", 16),
    "vgg19": _model("vgg19", "E", 19),
    **{f"vgg{layers}-bn": _bn_model(config, layers) for config, layers in (("A", 11), ("B", 13),
                                                                            ("D", 16), ("E", 19))},
}
