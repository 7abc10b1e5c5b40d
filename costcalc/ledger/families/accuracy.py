"""ImageNet top-1 accuracy of the built-in models, as their sources print it: what a static
analysis cannot compute, and what the complexity landscape (``costcalc plot --kind landscape``)
puts on its y axis.

One record per model (tests/test_landscape.py checks it), ``what`` naming the measure as the
source prints it: "ImageNet top-1 accuracy" (a percentage, or a fraction where the source
prints 0.790) or "ImageNet top-1 error" (a percentage). For a model with a torchvision twin the
record is the acc@1 torchvision documents for the twin's IMAGENET1K_V1 weights (its single
224 crop, or the crop its page states); for the others, the paper's or its authors' table.
A model with no such record is left out of the landscape and named in its caption.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ...engine import analyze
from ...errors import CostcalcError
from ...registry import builtin_models, get_model
from ..model import NotComputable, parse_printed
from ..sources import (
    CHOLLET_2017,
    CONVNEXT_README,
    HOWARD_2017,
    HU_2018,
    PYCLS_MODEL_ZOO,
    TAN_2019,
    TORCHVISION_INCEPTION_V3,
    TORCHVISION_MODELS,
)

TOP1, TOP1_ERROR = "ImageNet top-1 accuracy", "ImageNet top-1 error"
TV_WEIGHTS = ("the measured accuracy of torchvision's IMAGENET1K_V1 weights for this architecture, "
              "not a static cost")
PAPER = "a measured accuracy on ImageNet's validation set (single crop), not a static cost"


def tv(builder: str, weights: str):
    return TORCHVISION_MODELS.at(f"{builder} page, {weights}.IMAGENET1K_V1, acc@1 (on ImageNet-1K)")


def efficientnet(variant: str):
    return TAN_2019.at(f"Table 2, row EfficientNet-{variant}, column Top-1 Acc.")


FIGURES: list = []   # accuracy is measured, never computed: every record is not computable

NOT_COMPUTABLE = [
    NotComputable("alexnet-tv", TOP1, "56.522", tv("alexnet", "AlexNet_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("vgg11", TOP1, "69.02", tv("vgg11", "VGG11_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("vgg13", TOP1, "69.928", tv("vgg13", "VGG13_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("vgg16", TOP1, "71.592", tv("vgg16", "VGG16_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("vgg19", TOP1, "72.376", tv("vgg19", "VGG19_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("vgg11-bn", TOP1, "70.37", tv("vgg11_bn", "VGG11_BN_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("vgg13-bn", TOP1, "71.586", tv("vgg13_bn", "VGG13_BN_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("vgg16-bn", TOP1, "73.36", tv("vgg16_bn", "VGG16_BN_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("vgg19-bn", TOP1, "74.218", tv("vgg19_bn", "VGG19_BN_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("googlenet-tv", TOP1, "69.778", tv("googlenet", "GoogLeNet_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("resnet18", TOP1, "69.758", tv("resnet18", "ResNet18_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("resnet34", TOP1, "73.314", tv("resnet34", "ResNet34_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("resnet50-v1.5", TOP1, "76.13", tv("resnet50", "ResNet50_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("resnet101-v1.5", TOP1, "77.374", tv("resnet101", "ResNet101_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("resnet152-v1.5", TOP1, "78.312", tv("resnet152", "ResNet152_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("resnext50-32x4d", TOP1, "77.618", tv("resnext50_32x4d", "ResNeXt50_32X4D_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("resnext101-32x8d", TOP1, "79.312", tv("resnext101_32x8d", "ResNeXt101_32X8D_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("resnext101-64x4d", TOP1, "83.246", tv("resnext101_64x4d", "ResNeXt101_64X4D_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("wide-resnet50-2", TOP1, "78.468", tv("wide_resnet50_2", "Wide_ResNet50_2_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("wide-resnet101-2", TOP1, "78.848", tv("wide_resnet101_2", "Wide_ResNet101_2_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("squeezenet", TOP1, "58.092", tv("squeezenet1_0", "SqueezeNet1_0_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("squeezenet1.1", TOP1, "58.178", tv("squeezenet1_1", "SqueezeNet1_1_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("densenet121", TOP1, "74.434", tv("densenet121", "DenseNet121_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("densenet161", TOP1, "77.138", tv("densenet161", "DenseNet161_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("densenet169", TOP1, "75.6", tv("densenet169", "DenseNet169_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("densenet201", TOP1, "76.896", tv("densenet201", "DenseNet201_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("mobilenetv2", TOP1, "71.878", tv("mobilenet_v2", "MobileNet_V2_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("mobilenetv3-large", TOP1, "74.042", tv("mobilenet_v3_large", "MobileNet_V3_Large_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("mobilenetv3-small", TOP1, "67.668", tv("mobilenet_v3_small", "MobileNet_V3_Small_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("shufflenetv2-x0.5", TOP1, "60.552", tv("shufflenet_v2_x0_5", "ShuffleNet_V2_X0_5_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("shufflenetv2-x1.0", TOP1, "69.362", tv("shufflenet_v2_x1_0", "ShuffleNet_V2_X1_0_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("shufflenetv2-x1.5", TOP1, "72.996", tv("shufflenet_v2_x1_5", "ShuffleNet_V2_X1_5_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("shufflenetv2-x2.0", TOP1, "76.23", tv("shufflenet_v2_x2_0", "ShuffleNet_V2_X2_0_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("mnasnet1.0", TOP1, "73.456", tv("mnasnet1_0", "MNASNet1_0_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("regnetx-400mf-tv", TOP1, "72.834", tv("regnet_x_400mf", "RegNet_X_400MF_Weights"), TV_WEIGHTS, table="torchvision-weights"),
    NotComputable("inception-v3", TOP1, "77.294",
                  TORCHVISION_INCEPTION_V3.at("Inception_V3_Weights.IMAGENET1K_V1, acc@1 (on ImageNet-1K)"),
                  TV_WEIGHTS + " (evaluated on 299×299 crops)", table="torchvision-weights"),
    NotComputable("mobilenet", TOP1, "70.6%", HOWARD_2017.at("Table 8, row 1.0 MobileNet-224, column ImageNet Accuracy"),
                  PAPER, table="mobilenet-table-8"),
    NotComputable("xception", TOP1, "0.790", CHOLLET_2017.at("Table 1, row Xception, column Top-1 accuracy"),
                  PAPER + " (299×299)", table="xception-table-1"),
    NotComputable("se-resnet50", TOP1_ERROR, "23.29", HU_2018.at("Table 2, row SE-ResNet-50, column top-1 err., SENet"),
                  PAPER, table="senet-table-2"),
    NotComputable("efficientnet-b0", TOP1, "77.1%", efficientnet("B0"), PAPER, table="efficientnet-table-2"),
    NotComputable("efficientnet-b1", TOP1, "79.1%", efficientnet("B1"), PAPER, table="efficientnet-table-2"),
    NotComputable("efficientnet-b2", TOP1, "80.1%", efficientnet("B2"), PAPER, table="efficientnet-table-2"),
    NotComputable("efficientnet-b3", TOP1, "81.6%", efficientnet("B3"), PAPER, table="efficientnet-table-2"),
    NotComputable("efficientnet-b4", TOP1, "82.9%", efficientnet("B4"), PAPER, table="efficientnet-table-2"),
    NotComputable("efficientnet-b5", TOP1, "83.6%", efficientnet("B5"), PAPER, table="efficientnet-table-2"),
    NotComputable("efficientnet-b6", TOP1, "84.0%", efficientnet("B6"), PAPER, table="efficientnet-table-2"),
    NotComputable("efficientnet-b7", TOP1, "84.3%", efficientnet("B7"), PAPER, table="efficientnet-table-2"),
    NotComputable("convnext-tiny", TOP1, "82.1", CONVNEXT_README.at("table 'ImageNet-1K trained models', row "
                                                                    "ConvNeXt-T 224x224, column acc@1"),
                  PAPER, table="convnext-results"),
    NotComputable("convnext-small", TOP1, "83.1", CONVNEXT_README.at("table 'ImageNet-1K trained models', row "
                                                                     "ConvNeXt-S 224x224, column acc@1"),
                  PAPER, table="convnext-results"),
    NotComputable("convnext-base", TOP1, "83.8", CONVNEXT_README.at("table 'ImageNet-1K trained models', row "
                                                                    "ConvNeXt-B 224x224, column acc@1"),
                  PAPER, table="convnext-results"),
    NotComputable("regnetx-400mf", TOP1_ERROR, "27.3", PYCLS_MODEL_ZOO.at("table RegNetX Models, row "
                                                                          "RegNetX-400MF, column error (top-1)"),
                  "a measured error on ImageNet, averaged over 5 runs (the zoo's note), not a static cost",
                  table="regnet-model-zoo"),
]


IMAGENET_CLASSES = 1000


def top1_percent(record: NotComputable) -> Fraction:
    """A record's top-1 accuracy in percent: "76.13" and "77.1%" as printed, "0.790" (a
    fraction) × 100, an error e as 100 − e."""
    value = parse_printed(record.printed).value
    if not record.printed.rstrip().endswith("%") and value <= 1:
        value *= 100
    return 100 - value if record.what == TOP1_ERROR else value


def records() -> dict[str, NotComputable]:
    """The top-1 record of each model that has one."""
    return {r.model: r for r in NOT_COMPUTABLE if r.what in (TOP1, TOP1_ERROR)}


@dataclass(frozen=True)
class Point:
    """One model of the landscape: its costs at its own input and its accuracy's record."""

    model: str
    macs: int
    params: int
    top1: Fraction
    record: NotComputable


def _imagenet(analysis) -> bool:
    """The net ends in ImageNet's 1000 classes (LeNet-5's 10 and WRN-28-10's CIFAR-10 do not)."""
    c, h, w = analysis.rows()[-1].output_shape
    return c * h * w == IMAGENET_CLASSES


def landscape(models: tuple[str, ...] = ()) -> tuple[list[Point], list[str]]:
    """The points of the complexity landscape and the models left out for want of a top-1
    record: ``models`` (built-in names), or every built-in ImageNet model."""
    known = records()
    names = list(models) or list(builtin_models())
    points, left_out = [], []
    for name in names:
        try:
            analysis = analyze(get_model(name).network())
        except CostcalcError:
            if models:
                raise
            continue            # a built-in that cannot run at its defaults is not drawn
        if not models and not _imagenet(analysis):
            continue
        if name not in known:
            left_out.append(name)
            continue
        totals = analysis.totals()
        points.append(Point(name, totals["macs"], totals["params"], top1_percent(known[name]), known[name]))
    return points, left_out
