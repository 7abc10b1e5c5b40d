"""ResNet: He, Zhang, Ren & Sun, "Deep Residual Learning for Image Recognition", CVPR 2016,
Table 1 (18 to 152 layers) and Section 3.3; ResNet-200 from He et al., "Identity Mappings in
Deep Residual Networks", ECCV 2016.

conv1 is a 7×7/2 conv to 64 channels; conv2_x starts with a 3×3/2 max pool; conv3_x … conv5_x
halve the size in their first block; the net ends with global average pooling and a 1000-way fc
(the softmax is left out, as torchvision does: counts are up to the logits). Every conv is
followed by batch norm and has no bias. Blocks:

* basic (18, 34): [3×3, w; 3×3, w]; a downsampling block puts stride 2 on its first 3×3.
* bottleneck (50 and deeper): [1×1, w; 3×3, w; 1×1, 4w]. Two named variants for where a
  downsampling bottleneck strides: ``v1``, the paper (and its Caffe models): on the first 1×1;
  ``v1.5``, torchvision: on the 3×3, which costs more MACs (the 1×1 runs at the input size) and
  no parameters.

Shortcuts (Section 3.3): option A, identity with the extra channels zero-padded (no params);
option B, a projection (1×1 conv + BN) where the shape changes, identity elsewhere; option C,
projections everywhere; ``none``, the paper's plain net. ``resnet18`` … ``resnet200`` are v1 with
option B, the net behind Table 1's FLOPs row.
"""

from __future__ import annotations


from costcalc.errors import OptionError
from costcalc.graph import Network
from costcalc.layers import (Add, BatchNorm2d, Conv2d, GlobalAvgPool2d, Linear, MaxPool2d, ReLU,
                             ZeroPadShortcut)
from costcalc.models import Model

# Table 1: for each depth, its block, the blocks per stage (conv2_x, conv3_x, conv4_x, conv5_x)
# and the FLOPs row as printed (multiply-adds). ResNet-200 is not in Table 1: its stages are
# those of the Identity Mappings paper's ResNet-200 (as fb.resnet.torch and timm build it).
TABLE_1 = {
    18:  ("basic",      (2, 2, 2, 2),   "1.8×10^9"),
    34:  ("basic",      (3, 4, 6, 3),   "3.6×10^9"),
    50:  ("bottleneck", (3, 4, 6, 3),   "3.8×10^9"),
    101: ("bottleneck", (3, 4, 23, 3),  "7.6×10^9"),
    152: ("bottleneck", (3, 8, 36, 3),  "11.3×10^9"),
    200: ("bottleneck", (3, 24, 36, 3), None),
}
STAGES = (("conv2_x", 64), ("conv3_x", 128), ("conv4_x", 256), ("conv5_x", 512))  # width w
EXPANSION = {"basic": 1, "bottleneck": 4}   # a block's output channels = EXPANSION × w
VERSIONS = ("v1", "v1.5")
SHORTCUTS = ("A", "B", "C", "none")


def _conv_bn(net: Network, name: str, filters: int, kernel: int, stride: int, x: str) -> str:
    net.add(name, Conv2d(filters, kernel, stride=stride, padding=kernel // 2, bias=False), inputs=x)
    return net.add(f"bn{name[4:]}" if name.startswith("conv") else f"{name}_bn", BatchNorm2d())


def basic(net: Network, x: str, w: int, stride: int, version: str) -> str:
    """[3×3, w; 3×3, w]; stride on the first 3×3 in both versions."""
    _conv_bn(net, "conv1", w, 3, stride, x)
    return _conv_bn(net, "conv2", w, 3, 1, net.add("relu1", ReLU()))


def bottleneck(net: Network, x: str, w: int, stride: int, version: str) -> str:
    """[1×1, w; 3×3, w; 1×1, 4w]; v1 strides on the first 1×1, v1.5 on the 3×3."""
    s1, s3 = (stride, 1) if version == "v1" else (1, stride)
    _conv_bn(net, "conv1", w, 1, s1, x)
    _conv_bn(net, "conv2", w, 3, s3, net.add("relu1", ReLU()))
    return _conv_bn(net, "conv3", 4 * w, 1, 1, net.add("relu2", ReLU()))


BLOCKS = {"basic": basic, "bottleneck": bottleneck}


def _shortcut_kind(shortcut: str, changes: bool) -> str:
    if shortcut == "none":
        return "none"
    if shortcut == "C" or (changes and shortcut == "B"):
        return "projection"
    return "zero-pad" if changes else "identity"


def residual(net: Network, x: str, body: str, out: int, stride: int, kind: str) -> str:
    """F(x) + shortcut(x), then ReLU (Figure 2); a plain block only has the ReLU."""
    if kind != "none":
        if kind == "projection":
            short = _conv_bn(net, "downsample", out, 1, stride, x)
        elif kind == "zero-pad":
            short = net.add("shortcut", ZeroPadShortcut(out, stride), inputs=x)
        else:
            short = x
        body = net.add("add", Add(), inputs=[body, short])
    return net.add("relu", ReLU(), inputs=body)


def _check(depth, version, shortcut, num_classes) -> None:
    """Every build option, before anything is built: a bad one is a one-line OptionError."""
    for option, value, allowed, what in (
            ("depth", depth, tuple(TABLE_1), "a depth of Table 1"),
            ("version", version, VERSIONS, "v1 (the paper) or v1.5 (torchvision)"),
            ("shortcut", shortcut, SHORTCUTS, "a shortcut option of Section 3.3, or none (plain)")):
        if value not in allowed or type(value) is not type(allowed[0]):  # 50.0 or True: no
            raise OptionError(f"option {option}", f"{option} must be {what}",
                              " | ".join(str(a) for a in allowed), repr(value))
    if type(num_classes) is not int or num_classes < 1:
        raise OptionError("option num_classes", "the fc layer needs at least one class",
                          "a whole number ≥ 1", repr(num_classes))


def _notes(depth: int, block: str, version: str, shortcut: str) -> tuple[str, ...]:
    stride = ("basic blocks stride on the first 3×3, so v1 and v1.5 are the same net"
              if block == "basic" else
              "v1: a downsampling bottleneck strides on its first 1×1 (the paper)" if version == "v1"
              else "v1.5: a downsampling bottleneck strides on its 3×3 (torchvision)")
    short = {"A": "shortcut option A: identity, zero-padded channels where they grow (no params)",
             "B": "shortcut option B: projection (1×1 conv + BN) where the shape changes, else identity",
             "C": "shortcut option C: a projection (1×1 conv + BN) on every block",
             "none": "plain net: no shortcuts (the paper's plain baseline)"}[shortcut]
    notes = [stride, short]
    if depth == 200:
        notes.append("ResNet-200 comes from the Identity Mappings paper, whose units are "
                     "pre-activation; built here from Table 1's post-activation units with [3, 24, 36, 3] "
                     "blocks: the same convs and fc, batch norms placed (and counted) as in v1")
    return tuple(notes)


def _cell(block: str, w: int, n: int) -> str:
    """The stage's Table 1 cell, e.g. '[1×1, 64; 3×3, 64; 1×1, 256] × 3'."""
    convs = [f"3×3, {w}", f"3×3, {w}"] if block == "basic" else [f"1×1, {w}", f"3×3, {w}", f"1×1, {4 * w}"]
    return f"[{'; '.join(convs)}] × {n}"


def resnet(depth: int = 50, version: str = "v1", shortcut: str = "B", num_classes: int = 1000) -> Network:
    """Walk Table 1: conv1, then each stage's blocks (each in its own scope), then pool and fc."""
    _check(depth, version, shortcut, num_classes)
    block, counts, _ = TABLE_1[depth]
    net = Network(f"resnet{depth}", channels=3, size=224, notes=_notes(depth, block, version, shortcut))
    with net.scope("conv1", kind="stage", **{"Table 1": "7×7, 64, stride 2"}):
        _conv_bn(net, "conv", 64, 7, 2, "input")
        x = net.add("relu", ReLU())
    channels = 64
    for (stage, w), n in zip(STAGES, counts):
        cell = _cell(block, w, n)
        with net.scope(stage, kind="stage", **{"Table 1": cell}):
            if stage == "conv2_x":
                with net.scope("pool", kind="block"):
                    x = net.add("maxpool", MaxPool2d(3, stride=2, padding=1), inputs=x)
            out = EXPANSION[block] * w
            for i in range(n):
                stride = 2 if i == 0 and stage != "conv2_x" else 1
                kind = _shortcut_kind(shortcut, stride != 1 or channels != out)
                with net.scope(f"block{i + 1}", kind="block", stride=stride, shortcut=kind):
                    body = BLOCKS[block](net, x, w, stride, version)
                    x = residual(net, x, body, out, stride, kind)
                channels = out
    with net.scope("pool_fc", kind="stage", **{"Table 1": f"average pool, {num_classes}-d fc"}):
        net.add("avgpool", GlobalAvgPool2d(), inputs=x)
        net.add("fc", Linear(num_classes))
    return net


def _model(name: str, depth: int, version: str = "v1", shortcut: str = "B", what: str = "") -> Model:
    block = TABLE_1[depth][0]
    kind = {"B": "", "A": ", shortcut option A", "none": " plain net (no shortcuts)"}[shortcut]
    label = f"ResNet-{depth}" if shortcut != "none" else f"{depth}-layer"
    return Model(name, resnet, what or f"{label}{kind}, {version}, {block} blocks",
                 "He et al. 2016, Identity Mappings in Deep Residual Networks" if depth == 200
                 else "He et al. 2016, Table 1" + ("" if version == "v1" else "; torchvision.models"),
                 options={"depth": depth, "version": version, "shortcut": shortcut})


MODELS = {m.name: m for m in [
    *(_model(f"resnet{d}", d) for d in TABLE_1),
    *(_model(f"resnet{d}-v1.5", d, "v1.5") for d in (50, 101, 152)),
    # v1.5 only moves a bottleneck's stride: for basic blocks the name is an alias.
    *(_model(f"resnet{d}-v1.5", d, "v1.5", what=f"alias of resnet{d} (v1.5 changes only bottlenecks)")
      for d in (18, 34)),
    _model("resnet34-a", 34, shortcut="A"),
    _model("plain34", 34, shortcut="none"),
]}
