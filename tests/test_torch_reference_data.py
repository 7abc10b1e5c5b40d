"""The PyTorch reference data (tests/data/torch/*.json, written by tools/torch_reference.py) is
whole and self-consistent. No torch needed: these check the measuring script's output, not
costcalc. The published figures below are torchvision's (docs.pytorch.org/vision/stable/models,
each model builder's weights table: "num_params" and "GFLOPS"; the same values are the
``meta["num_params"]`` and ``meta["_ops"]`` of the weights enum named beside each number)."""

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "torch"

# torchvision name -> (num_params, GFLOPS as published), source: that model's weights enum.
PUBLISHED = {
    "alexnet": (61_100_840, 0.714),  # AlexNet_Weights.IMAGENET1K_V1
    "vgg11": (132_863_336, 7.609),  # VGG11_Weights.IMAGENET1K_V1
    "vgg13": (133_047_848, 11.308),  # VGG13_Weights.IMAGENET1K_V1
    "vgg16": (138_357_544, 15.47),  # VGG16_Weights.IMAGENET1K_V1
    "vgg19": (143_667_240, 19.632),  # VGG19_Weights.IMAGENET1K_V1
    "vgg11_bn": (132_868_840, 7.609),  # VGG11_BN_Weights.IMAGENET1K_V1
    "vgg13_bn": (133_053_736, 11.308),  # VGG13_BN_Weights.IMAGENET1K_V1
    "vgg16_bn": (138_365_992, 15.47),  # VGG16_BN_Weights.IMAGENET1K_V1
    "vgg19_bn": (143_678_248, 19.632),  # VGG19_BN_Weights.IMAGENET1K_V1
    "googlenet": (6_624_904, 1.498),  # GoogLeNet_Weights.IMAGENET1K_V1 (no auxiliary heads)
    "inception_v3": (27_161_264, 5.713),  # Inception_V3_Weights.IMAGENET1K_V1 (aux head counted)
    "resnet18": (11_689_512, 1.814),  # ResNet18_Weights.IMAGENET1K_V1
    "resnet34": (21_797_672, 3.664),  # ResNet34_Weights.IMAGENET1K_V1
    "resnet50": (25_557_032, 4.089),  # ResNet50_Weights.IMAGENET1K_V1
    "resnet101": (44_549_160, 7.801),  # ResNet101_Weights.IMAGENET1K_V1
    "resnet152": (60_192_808, 11.514),  # ResNet152_Weights.IMAGENET1K_V1
    "resnext50_32x4d": (25_028_904, 4.23),  # ResNeXt50_32X4D_Weights.IMAGENET1K_V1
    "resnext101_32x8d": (88_791_336, 16.414),  # ResNeXt101_32X8D_Weights.IMAGENET1K_V1
    "wide_resnet50_2": (68_883_240, 11.398),  # Wide_ResNet50_2_Weights.IMAGENET1K_V1
    "wide_resnet101_2": (126_886_696, 22.753),  # Wide_ResNet101_2_Weights.IMAGENET1K_V1
    "squeezenet1_0": (1_248_424, 0.819),  # SqueezeNet1_0_Weights.IMAGENET1K_V1
    "squeezenet1_1": (1_235_496, 0.349),  # SqueezeNet1_1_Weights.IMAGENET1K_V1
    "densenet121": (7_978_856, 2.834),  # DenseNet121_Weights.IMAGENET1K_V1
    "densenet169": (14_149_480, 3.36),  # DenseNet169_Weights.IMAGENET1K_V1
    "densenet201": (20_013_928, 4.291),  # DenseNet201_Weights.IMAGENET1K_V1
    "densenet161": (28_681_000, 7.728),  # DenseNet161_Weights.IMAGENET1K_V1
    "mobilenet_v2": (3_504_872, 0.301),  # MobileNet_V2_Weights.IMAGENET1K_V1
    "mobilenet_v3_large": (5_483_032, 0.217),  # MobileNet_V3_Large_Weights.IMAGENET1K_V1
    "mobilenet_v3_small": (2_542_856, 0.057),  # MobileNet_V3_Small_Weights.IMAGENET1K_V1
    "shufflenet_v2_x0_5": (1_366_792, 0.04),  # ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1
    "shufflenet_v2_x1_0": (2_278_604, 0.145),  # ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1
    "shufflenet_v2_x1_5": (3_503_624, 0.296),  # ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1
    "shufflenet_v2_x2_0": (7_393_996, 0.583),  # ShuffleNet_V2_X2_0_Weights.IMAGENET1K_V1
    "efficientnet_b0": (5_288_548, 0.386),  # EfficientNet_B0_Weights.IMAGENET1K_V1
    "efficientnet_b1": (7_794_184, 0.687),  # EfficientNet_B1_Weights.IMAGENET1K_V1
    "efficientnet_b2": (9_109_994, 1.088),  # EfficientNet_B2_Weights.IMAGENET1K_V1 (at 288)
    "efficientnet_b3": (12_233_232, 1.827),  # EfficientNet_B3_Weights.IMAGENET1K_V1
    "efficientnet_b4": (19_341_616, 4.394),  # EfficientNet_B4_Weights.IMAGENET1K_V1
    "efficientnet_b5": (30_389_784, 10.266),  # EfficientNet_B5_Weights.IMAGENET1K_V1
    "efficientnet_b6": (43_040_704, 19.068),  # EfficientNet_B6_Weights.IMAGENET1K_V1
    "efficientnet_b7": (66_347_960, 37.746),  # EfficientNet_B7_Weights.IMAGENET1K_V1
    "regnet_x_400mf": (5_495_976, 0.414),  # RegNet_X_400MF_Weights.IMAGENET1K_V1
    "mnasnet1_0": (4_383_312, 0.314),  # MNASNet1_0_Weights.IMAGENET1K_V1
    "mnasnet0_5": (2_218_512, 0.104),  # MNASNet0_5_Weights.IMAGENET1K_V1
    "convnext_tiny": (28_589_128, 4.456),  # ConvNeXt_Tiny_Weights.IMAGENET1K_V1
    "convnext_small": (50_223_688, 8.684),  # ConvNeXt_Small_Weights.IMAGENET1K_V1
    "convnext_base": (88_591_464, 15.355),  # ConvNeXt_Base_Weights.IMAGENET1K_V1
}
# Where torchvision's published figure is of a construction other than the file's main one,
# the variant (a key of the file's "variants") that it describes.
PUBLISHED_VARIANT = {
    "inception_v3": "aux_logits=True",  # the file's main net omits the training-only aux head
    "efficientnet_b2": "input 288",  # the file's main input is the paper's 260
}
# The standard input side each file must record: EfficientNet's from Tan & Le 2019 (Table 7's
# B0-B7 resolutions: 224, 240, 260, 300, 380, 456, 528, 600), Inception v3's 299, else 224.
SIDE = {**{name: 224 for name in PUBLISHED}, "inception_v3": 299,
        **{f"efficientnet_b{i}": side for i, side in enumerate((224, 240, 260, 300, 380, 456, 528, 600))}}

FILES = sorted(DATA.glob("*.json"))


def load(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text())


def test_every_model_has_a_file_and_no_file_is_unexplained():
    assert {path.stem for path in FILES} == set(PUBLISHED)


def test_files_stay_small():
    assert sum(path.stat().st_size for path in FILES) < 10 * 2**20


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_file_names_its_model_versions_and_input(name):
    data = load(name)
    assert data["model"] == name
    assert data["torch"].startswith("2.") and data["torchvision"].startswith("0.")
    assert data["device"] == "cpu"
    assert data["input"] == [1, 3, SIDE[name], SIDE[name]]


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_macs_are_half_the_flops(name):
    data = load(name)
    for counts in [data, *data.get("variants", {}).values()]:
        assert counts["macs"] * 2 == counts["flops"]
    assert sum(data["flops_by_module"].values()) == data["flops"]
    assert sum(data["flops_by_op"].values()) == data["flops"]


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_counts_equal_torchvisions_published_figures(name):
    data = load(name)
    counts = data["variants"][PUBLISHED_VARIANT[name]] if name in PUBLISHED_VARIANT else data
    params, gflops = PUBLISHED[name]
    assert counts["params"] == params
    # torchvision's "GFLOPS" are multiply-accumulates in billions, printed to 3 decimals.
    assert round(counts["macs"] / 1e9, 3) == gflops


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_layers_account_for_every_parameter(name):
    data = load(name)
    own = {}
    for layer in data["layers"]:
        assert set(layer) >= {"name", "type", "in", "out", "params"}
        own[layer["name"]] = layer["params"]  # a module called twice (a shared ReLU) counts once
    assert sum(own.values()) == data["params"]
    assert data["layers"][0]["in"] == [data["input"]]


# ---------------------------------------------------------------- training memory (part 2)

TRAINED = sorted(name for name in PUBLISHED if "training" in load(name))


def test_every_file_has_training_figures():
    assert TRAINED == sorted(PUBLISHED)


def static_bytes(data: dict, batch: int) -> int:
    """What is live before the forward: fp32 parameters and buffers, batch norm's int64
    num_batches_tracked, and the fp32 input batch."""
    _, channels, height, width = data["input"]
    return 4 * (data["params"] + data["buffers"]) + 8 * data["num_batches_tracked"] \
        + 4 * batch * channels * height * width


def runs(name: str, section: str) -> list[tuple[int, dict]]:
    data = load(name)[section]
    assert "1" in data["runs"] and str(data["batch"]) in data["runs"]
    return sorted((int(batch), run) for batch, run in data["runs"].items())


@pytest.mark.parametrize("name", TRAINED)
def test_saved_bytes_are_attributed_without_gaps(name):
    for batch, run in runs(name, "training"):
        saved = run["saved"]
        assert run["batch"] == batch and run["input"][0] == batch
        assert sum(node["bytes_first_seen"] for node in saved["by_node"].values()) == saved["bytes"]
        assert sum(row["bytes"] for row in saved["by_module"]) == saved["bytes"]
        parts = ("param", "buffer", "input", "target", "activation")
        assert sum(saved[f"{part}_bytes"] for part in parts) == saved["bytes"]
        # The graph walk finds only saved storages, and all of them unless an opaque node hid some.
        assert saved["walk_found_only_saved"]
        hidden = [node for node in saved["by_node"].values() if "hidden" in node]
        assert saved["walk_found_all"] == (not hidden)


@pytest.mark.parametrize("name", TRAINED)
def test_saved_bytes_are_affine_in_the_batch(name):
    # Activations scale with the batch; parameters, buffers and batch norm's per-channel saved
    # statistics do not. So saved(b) - saved(1) is (b - 1) times a whole number of bytes.
    (_, one), *larger = runs(name, "training")
    for batch, run in larger:
        assert (run["saved"]["bytes"] - one["saved"]["bytes"]) % (batch - 1) == 0
        assert run["saved"]["param_bytes"] == one["saved"]["param_bytes"]


@pytest.mark.parametrize("name", TRAINED)
def test_live_bytes_start_from_weights_and_input_and_keep_the_gradients(name):
    data = load(name)
    for batch, run in runs(name, "training"):
        peak = run["peak"]
        assert peak["live_bytes_start"] == static_bytes(data, batch)
        assert peak["gradient_bytes"] == 4 * data["params"]  # every parameter trains, in fp32
        assert peak["live_bytes_after_backward"] >= peak["live_bytes_start"] + peak["gradient_bytes"]
        assert peak["live_bytes_peak"] >= max(peak["live_bytes_after_forward"],
                                              peak["live_bytes_after_backward"])
        # The forward keeps at least what autograd saved beyond the weights and input.
        assert peak["live_bytes_after_forward"] >= peak["live_bytes_start"] + run["saved"]["activation_bytes"]
    for batch, run in runs(name, "inference"):
        assert run["live_bytes_start"] == static_bytes(data, batch)
        assert run["live_bytes_peak"] > run["live_bytes_start"]


def test_resnet50_saved_bytes_equal_the_issue_measurement():
    # Issue 14: torch 2.14, CPU, ResNet-50 at batch 32, training mode: the distinct saved
    # storages total 2,851,646,976 bytes (the same on an H100).
    run = load("resnet50")["training"]["runs"]["32"]
    assert run["loss"] == "output.sum()"
    assert run["saved"]["bytes"] == 2_851_646_976
