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


from costcalc.graph import Network
from costcalc.blocks.resnet import (EXPANSION, STAGES, Conv, basic_convs, bottleneck_convs, head,
                                    post_activation, residual, stages, stem)
from costcalc.options import choice, declare
from costcalc.registry import Model

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
VERSIONS = ("v1", "v1.5")
SHORTCUTS = ("A", "B", "C", "none")


def _convs(block: str, w: int, stride: int, version: str) -> list[Conv]:
    """A block's convs: basic [3×3, w; 3×3, w] (stride on the first 3×3 in both versions), or
    bottleneck [1×1, w; 3×3, w; 1×1, 4w] (v1 strides on the first 1×1, v1.5 on the 3×3)."""
    if block == "basic":
        return basic_convs(w, stride)
    return bottleneck_convs(w, stride, stride_on="1x1" if version == "v1" else "3x3")


def _shortcut_kind(shortcut: str, changes: bool) -> str:
    if shortcut == "none":
        return "none"
    if shortcut == "C" or (changes and shortcut == "B"):
        return "projection"
    return "zero-pad" if changes else "identity"




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


@declare(depth=choice(*TABLE_1, help="a depth of Table 1"),
         version=choice(*VERSIONS, help="v1 (the paper) or v1.5 (torchvision)"),
         shortcut=choice(*SHORTCUTS, help="Section 3.3's option A, B or C, or none (plain)"))
def resnet(depth: int = 50, version: str = "v1", shortcut: str = "B", num_classes: int = 1000) -> Network:
    """Walk Table 1: conv1, then each stage's blocks (each in its own scope), then pool and fc."""
    block, counts, _ = TABLE_1[depth]
    kind = {"B": "", "A": ", shortcut option A", "C": ", shortcut option C",
            "none": " plain net (no shortcuts)"}[shortcut]
    label = f"ResNet-{depth}" if shortcut != "none" else f"{depth}-layer"
    net = Network(f"resnet{depth}", channels=3, size=224, notes=_notes(depth, block, version, shortcut),
                  description=f"{label}{kind}, {version}, {block} blocks")
    x = stem(net, **{"Table 1": "7×7, 64, stride 2"})

    def unit(net: Network, x: str, w: int, stride: int, channels: int, index: int) -> str:
        out = EXPANSION[block] * w
        body = post_activation(net, x, _convs(block, w, stride, version))
        return residual(net, x, body, out, stride, _shortcut_kind(shortcut, stride != 1 or channels != out))

    x = stages(net, x, counts, unit, lambda w: EXPANSION[block] * w,
               stage_meta={stage: {"Table 1": _cell(block, w, n)} for (stage, w), n in zip(STAGES, counts)},
               block_meta=lambda stride, channels, out: {
                   "stride": stride, "shortcut": _shortcut_kind(shortcut, stride != 1 or channels != out)})
    head(net, x, num_classes, **{"Table 1": f"average pool, {num_classes}-d fc"})
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
