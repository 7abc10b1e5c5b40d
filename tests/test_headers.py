"""A report's header describes the net actually analysed: the builder writes the description
from the options it was given (α, depth, groups, width, ...), descriptions never name an input
size, and the input line says when the analysed input is not the spec's own."""

import json
import re

import pytest

from costcalc.options import options_of
from costcalc.registry import builtin_models


def header(run, *args) -> tuple[str, str]:
    """The description line and the input line of ``costcalc report ARGS --brief``."""
    result = run("report", *args, "--brief")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    source = next(i for i, line in enumerate(lines) if line.startswith("source: "))
    title = " ".join(line.strip() for line in lines[:source])   # a long one wraps at 100 columns
    return title, next(line for line in lines if line.startswith("input: "))


def test_mobilenet_alpha_0_6_at_200_says_so(run):
    title, line = header(run, "mobilenet", "--alpha", "0.6", "--input", "200")
    assert title == "mobilenet: MobileNet v1, α = 0.6, ρ = input/224, BN after every conv"
    assert "1.0-224" not in title and "α = 1," not in title and "ρ = 1" not in title
    assert line.startswith("input: 3×200×200 (the spec's own is 224×224), batch 1")


def test_alexnet_on_224_does_not_claim_227(run):
    title, line = header(run, "alexnet", "--input", "224")
    assert title == "alexnet: AlexNet, one tower (the slides' and cs231n's arithmetic)"
    assert "227" not in title
    assert line.startswith("input: 3×224×224 (the spec's own is 227×227), batch 1")
    _, own = header(run, "alexnet")
    assert own.startswith("input: 3×227×227, batch 1")     # at its own size: nothing to add


@pytest.mark.parametrize("args, title", [
    # one per family with a size or width option (and the other options that change the net)
    (["mobilenet", "-O", "size=192"], "mobilenet: MobileNet v1, α = 1, ρ = input/224, BN after every conv"),
    (["conv-mobilenet", "--alpha", "0.5"], "conv-mobilenet: Conv MobileNet (Table 4: a full 3×3 conv per "
                                           "separable pair), α = 0.5, ρ = input/224, BN after every conv"),
    (["mobilenetv2", "--alpha", "0.5"], "mobilenetv2: MobileNetV2 (α = 0.5), the paper's and torchvision's layout"),
    (["shufflenet", "-O", "groups=8", "-O", "scale=0.5"], "shufflenet: ShuffleNet v1 0.5× (g = 8)"),
    (["shufflenet", "-O", "shallow=true"], "shufflenet: ShuffleNet v1 1× (g = 3), shallow (half the units "
                                           "of Stages 2–4)"),
    (["shufflenetv2-x1.0", "-O", "width=2.0"], "shufflenetv2-x1.0: ShuffleNet V2 2.0×"),
    (["resnet50", "-O", "depth=101", "-O", "version=v1.5"], "resnet50: ResNet-101, v1.5, bottleneck blocks"),
    (["resnet34", "-O", "shortcut=A"], "resnet34: ResNet-34, shortcut option A, v1, basic blocks"),
    (["preact-resnet50", "-O", "depth=18"], "preact-resnet50: ResNet-18 with full pre-activation units"),
    (["resnext50-32x4d", "-O", "cardinality=8"], "resnext50-32x4d: ResNeXt-50 (8×4d), the paper's template"),
    (["wrn-28-10", "-O", "k=4", "-O", "depth=16"], "wrn-28-10: WRN-16-4 on CIFAR-10 (10 classes)"),
    (["wide-resnet50-2", "-O", "k=3"], "wide-resnet50-2: Wide ResNet-50-3 (bottleneck), the paper's layout"),
    (["densenet121", "-O", "depth=169"], "densenet121: DenseNet-BC-169 (k = 32), the paper's layout and "
                                         "torchvision's"),
    (["densenet121", "-O", "growth=12"], "densenet121: DenseNet-BC-121 (k = 12), the paper's layout"),
    (["efficientnet-b0", "-O", "variant=b3"], "efficientnet-b0: EfficientNet-B3 (width ×1.2, depth ×1.4)"),
    (["mobilenetv3-large", "-O", "variant=small"], "mobilenetv3-large: MobileNetV3-Small"),
    (["convnext-tiny", "-O", "variant=base"], "convnext-tiny: ConvNeXt-B"),
    (["regnetx-400mf", "-O", "rounding=torchvision"], "regnetx-400mf: RegNetX-400MF, torchvision's widths "
                                                      "(32, 64, 160, 400)"),
    (["inception-v3", "-O", "aux_logits=true"], "inception-v3: Inception v3 as released (torchvision "
                                                "inception_v3), BN after every conv; auxiliary classifier on"),
    (["googlenet", "-O", "torchvision=true"], "googlenet: GoogLeNet, torchvision layout (BN after every conv, "
                                              "3×3 in the 5×5 branch)"),
    (["vgg16", "-O", "batch_norm=true"], "vgg16: VGG-16 (configuration D) with batch norm"),
    (["vgg16", "-O", "adaptive_pool=true", "-O", "batch_norm=true"],
     "vgg16: VGG-16 (configuration D) with batch norm, torchvision's vgg16_bn"),
])
def test_the_description_follows_the_options(run, args, title):
    assert header(run, *args)[0] == title


@pytest.mark.parametrize("args, line", [
    (["mobilenet-1.0-192", "--input", "224"], "input: 3×224×224 (the spec's own is 192×192)"),
    (["mobilenet", "-O", "size=192"], "input: 3×192×192, batch"),            # the option sets its own
    (["inception-v3", "--input", "224"], "input: 3×224×224 (the spec's own is 299×299)"),
    (["inception-v3", "-O", "size=320"], "input: 3×320×320, batch"),
    (["squeezenet", "--input", "224"], "input: 3×224×224 (the spec's own is 227×227)"),
    (["efficientnet-b0", "-O", "variant=b3"], "input: 3×300×300, batch"),    # B3's own resolution
    (["efficientnet-b3", "--input", "224"], "input: 3×224×224 (the spec's own is 300×300)"),
    (["wrn-28-10", "--input", "64"], "input: 3×64×64 (the spec's own is 32×32)"),
    (["xception", "--input", "320"], "input: 3×320×320 (the spec's own is 299×299)"),
    (["resnet50", "--input", "200x160"], "input: 3×200×160 (the spec's own is 224×224)"),
])
def test_the_input_line_names_the_spec_s_own_size_when_it_differs(run, args, line):
    assert header(run, *args)[1].startswith(line)


def test_json_input_carries_the_spec_s_own_size(run):
    data = json.loads(run("report", "alexnet", "--input", "224", "--format", "json").stdout)
    assert (data["input"]["height"], data["spec_input_size"]) == (224, [227, 227])


def test_markdown_header_says_it_too(run):
    md = run("report", "alexnet", "--input", "224", "--format", "markdown").stdout
    assert "- input: 3×224×224 (the spec's own is 227×227)" in md


@pytest.mark.parametrize("name", sorted(builtin_models()))
def test_no_description_names_an_input_size(name):
    """A description that named the spec's size would contradict a report at another input; the
    input line says the size instead. (Kernel sizes such as 7×7/2 are not input sizes.)"""
    model = builtin_models()[name]
    net = model.network()
    h, w = net.input_layer.size
    assert not re.search(rf"\b{h}×{w}\b|\b{h} input\b|\b{h}x{w}\b", net.description), net.description


@pytest.mark.parametrize("name", sorted(builtin_models()))
def test_a_builder_with_options_that_change_the_net_writes_its_own_description(name):
    """Else the registry's description, written for the registered options, would describe a
    net built with others (the registry keeps it for `costcalc list`)."""
    model = builtin_models()[name]
    if not set(options_of(model.build)) - {"num_classes"}:
        return
    raw = model.build(**model.check_options(model.options))
    assert raw.description, f"{name}: the builder writes no description"
