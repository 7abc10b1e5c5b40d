"""ShuffleNet v1: Zhang et al. 2018, Table 1 cell by cell, the comparison and speed tables.

Every printed value is the source's text, typed in (김준영's slides reproduce Table 1 and both
comparison tables); the computed side is measured on the built nets of costcalc/specs/shufflenet.py,
never read from its TABLE_1: changing Stage2's g = 3 width there from 240 to 246 turns "Table 1:
Stage2 channels, g = 3" into a mismatch. Every scale figure is declared under each Conv1 reading
that builds a different net (the spec's docstring explains the readings).
"""

from __future__ import annotations

from fractions import Fraction

from ...layers import AvgPool2d, BatchNorm2d, ChannelShuffle, Conv2d, ReLU
from ...specs import shufflenet as spec
from ..model import Figure, NotComputable
from ..sources import KIM_CNN_MODELS, LIM_SHUFFLENET, ZHANG_2018

paper, kim, lim = ZHANG_2018.at, KIM_CNN_MODELS.at, LIM_SHUFFLENET.at


def conv_macs(analysis) -> int:
    """Complexity without the FC layer: the reading under which Table 1's last row holds."""
    return analysis.totals()["macs"] - analysis.row("classifier/fc").macs


def reading(model: str) -> str:
    """Conv1 in ``model`` and the readings that give it: 'Conv1 12 (released = scaled reading)'."""
    options = spec.MODELS[model].options
    groups, scale = options["groups"], options["scale"]
    c = spec.conv1_channels(groups, scale, options.get("conv1", "released"))[0]
    same = [name for name, value in (("released", "released"), ("scaled", "scaled"), ("fixed 24", 24))
            if spec.conv1_channels(groups, scale, value)[0] == c]
    return f"Conv1 {c} ({' = '.join(same)} reading)"


FC_LEFT_OUT = ("Table 1's row leaves the FC layer out: the conv layers alone match every entry "
               "(see 'conv layers only')")
NOMINAL_140 = ("140M is the budget every 1× net is built to (~140 MFLOPs for each g, as Lim's notes "
               "say: '140 MFLOPs를 유지하면서'); Table 1 prints this net's own complexity, {} for g = {}, "
               "which its conv layers match")
# The 0.5× g = 4 net's count under each reading tried (tests/test_shufflenet.py checks them).
HALF_G4 = ("38M needs 37.5–38.5M: the 0.5× g = 4 net counts 37.47M with its 136/4 = 34-channel "
           "bottleneck rounded up to 36 (to split into 4 groups); rounded down to 32 it is 36.47M, "
           "with Conv1 fixed at 24 42.80M, and the paper gives no other width; 38M is also what it "
           "prints for 0.5× g = 3 (37.59M)")
# AlexNet under each reading tried (tests/test_shufflenet.py checks them).
ALEXNET_720 = ("720M needs 719.5–720.5M: the paper's grouped two-GPU AlexNet counts 724.4M at "
               "227×227; at 224×224 it is 643.0M, torchvision's layout 714.2M, the one-tower net "
               "1,135.3M; 724.4M to two significant digits is 720M")


def _signature(row) -> tuple:
    """What Figure 2 says of a layer (batch norm and ReLU left aside)."""
    layer = row.layer
    if isinstance(layer, Conv2d):
        if layer.groups == layer.out_channels == row.input_shapes[0][0] > 1:
            return ("depthwise", layer.kernel_size[0], layer.stride[0])
        return ("conv", layer.kernel_size[0], layer.stride[0], layer.groups)
    if isinstance(layer, ChannelShuffle):
        return ("shuffle", layer.groups)
    if isinstance(layer, AvgPool2d):
        return ("avgpool", layer.kernel_size[0], layer.stride[0])
    return (type(layer).__name__,)


def _units(stage: str, stride: int, groups: int = 3):
    """A measure: the units of ``stage`` built as Figure 2 (b) (stride 1) or (c) (stride 2) draws
    them: 1×1 group conv → channel shuffle → 3×3 depthwise conv → 1×1 group conv, added to the
    input, or concatenated with a 3×3/2 average pool of it; Stage 2's first 1×1 not grouped."""
    def measure(analysis) -> int:
        units: dict[str, list] = {}
        for row in analysis.rows():
            if row.scope[:1] == (stage,) and not isinstance(row.layer, (BatchNorm2d, ReLU)):
                units.setdefault(row.scope[1], []).append(_signature(row))
        found = 0
        for unit, layers in units.items():
            first = (stage, unit) == ("stage2", "unit1")
            main = [("conv", 1, 1, 1 if first else groups), *[("shuffle", groups)] * (groups > 1),
                    ("depthwise", 3, stride), ("conv", 1, 1, groups),
                    ("Concat",) if stride == 2 else ("Add",)]
            shortcut = [("avgpool", 3, 2)] if stride == 2 else []
            found += ([x for x in layers if x[0] != "avgpool"] == main
                      and [x for x in layers if x[0] == "avgpool"] == shortcut)
        return found
    return measure


def _bottleneck_share(analysis) -> Fraction:
    """Every unit's bottleneck (its first 1×1 conv's filters) over its output channels, summed:
    exactly 1 : 4 only if every unit has a quarter."""
    mid = out = 0
    for row in analysis.rows():
        if row.scope[:1] in (("stage2",), ("stage3",), ("stage4",)):
            if row.name.endswith("/gconv1"):
                mid += row.layer.out_channels
            elif row.name.endswith("/relu"):
                out += row.output_shape[0]
    return Fraction(mid, out)


def _window(node: str, attribute: str):
    """A measure: a square window's side or stride at ``node`` (0 if not square)."""
    def measure(analysis) -> int:
        h, w = getattr(analysis.row(node).layer, attribute)
        return h if h == w else 0
    return measure


_TABLE_1_SLIDES = (kim("slide 'ShuffleNet (8/10)', Table 1"), lim("section 'ShuffleNet Architecture'"))
_COMPARISON = (kim("slide 'ShuffleNet (9/10)', comparison with MobileNet"),)
_SPEED = (kim("slide 'ShuffleNet (10/10)', time on one Snapdragon 820 core"),)
_UNIT = (paper("Section 3.2 and Figure 2"), lim("section 'ShuffleNet Unit'"))
_OUTPUT_OF = {"Conv1": {"node": "conv1/conv"}, "MaxPool": {"node": "conv1/maxpool"},
              "Stage2": {"group": "stage2"}, "Stage3": {"group": "stage3"},
              "Stage4": {"group": "stage4"}, "GlobalPool": {"node": "classifier/globalpool"}}
_NODES = {"Conv1": "conv1/conv", "MaxPool": "conv1/maxpool", "FC": "classifier/fc"}


def table_1(row: str, column: str) -> tuple:
    return (paper(f"Table 1, row {row}, column {column}"), *_TABLE_1_SLIDES)


def stage_channels(stage: str, g: int) -> dict:
    """A stage's output channels for g groups (its first, stride-2 row; the next row repeats it)."""
    return {"source": table_1(stage, f"g = {g}"), "group": stage.lower(), "table": "shufflenet-table-1",
            "label": f"Table 1: {stage} channels, g = {g}"}


def layer_channels(layer: str, g: int) -> dict:
    """Conv1's or the FC's output channels for g groups."""
    return {"source": table_1(layer, f"g = {g}"), "node": _NODES[layer], "table": "shufflenet-table-1",
            "label": f"Table 1: {layer} channels, g = {g}"}


def output_size(layer: str) -> dict:
    return {"source": table_1(layer, "Output size"), "label": f"Table 1: {layer} output size",
            "table": "shufflenet-table-1", **_OUTPUT_OF[layer]}


def complexity(g: int, conv_only: bool = False, **claim) -> dict:
    if conv_only:
        return {"source": table_1("Complexity", f"g = {g}"), "measure": conv_macs, "table": "shufflenet-table-1",
                "label": f"Table 1: complexity, g = {g}, conv layers only",
                "reason": "reading: the FC layer not counted (every entry of the row matches so)"}
    return {"source": table_1("Complexity", f"g = {g}"), "label": f"Table 1: complexity, g = {g}",
            "table": "shufflenet-table-1", **claim}


def units(stage: str, stride: int) -> dict:
    """Table 1's Repeat cell of a stage row, each unit checked against Figure 2 (g = 3, 1×)."""
    return {"source": (*table_1(f"{stage} (stride {stride})", "Repeat"), *_UNIT), "group": stage.lower(),
            "measure": _units(stage.lower(), stride), "table": "shufflenet-table-1",
            "label": f"Table 1: {stage} units of stride {stride}, built as Figure 2 "
                     f"({'c' if stride == 2 else 'b'})"}


def compared(model: str, row: str, reading_of: str | None = None, **claim) -> dict:
    """A row of the comparison with MobileNet (Complexity (MFLOPs) column). ``reading_of``: the
    default model this one is another Conv1 reading of (its figure then claims that variant)."""
    return _scale_row("comparison with MobileNet", "Complexity (MFLOPs)", _COMPARISON, "vs MobileNet",
                      model, row, reading_of, claim)


def timed(model: str, row: str, reading_of: str | None = None, **claim) -> dict:
    """A row of the speed table (FLOPs column)."""
    return _scale_row("time on one Snapdragon 820 core", "FLOPs", _SPEED, "speed table", model, row,
                      reading_of, claim)


def _scale_row(what, column, slides, short, model, row, reading_of, claim) -> dict:
    if reading_of is not None:
        claim = {"variant": reading_of, "reason": f"{reading(model)}; the print needs {reading(reading_of)}"}
    elif model.startswith("shufflenet") and not claim:
        claim = {"reason": reading(model)}
    return {"source": (paper(f"{what}, row {row}, column {column}"), *slides),
            "label": f"{short}: {row}" + (f" [{model}]" if model in spec.CONV1_VARIANTS else ""),
            "table": "shufflenet-scale", **claim}


FIGURES = [
    # Table 1: output channels per stage and g, output sizes, the complexity row.
    Figure("shufflenet-1x-g1", "output_channels", "144", **stage_channels("Stage2", 1)),
    Figure("shufflenet-1x-g2", "output_channels", "200", **stage_channels("Stage2", 2)),
    Figure("shufflenet-1x-g3", "output_channels", "240", **stage_channels("Stage2", 3)),
    Figure("shufflenet-1x-g4", "output_channels", "272", **stage_channels("Stage2", 4)),
    Figure("shufflenet-1x-g8", "output_channels", "384", **stage_channels("Stage2", 8)),
    Figure("shufflenet-1x-g1", "output_channels", "288", **stage_channels("Stage3", 1)),
    Figure("shufflenet-1x-g2", "output_channels", "400", **stage_channels("Stage3", 2)),
    Figure("shufflenet-1x-g3", "output_channels", "480", **stage_channels("Stage3", 3)),
    Figure("shufflenet-1x-g4", "output_channels", "544", **stage_channels("Stage3", 4)),
    Figure("shufflenet-1x-g8", "output_channels", "768", **stage_channels("Stage3", 8)),
    Figure("shufflenet-1x-g1", "output_channels", "576", **stage_channels("Stage4", 1)),
    Figure("shufflenet-1x-g2", "output_channels", "800", **stage_channels("Stage4", 2)),
    Figure("shufflenet-1x-g3", "output_channels", "960", **stage_channels("Stage4", 3)),
    Figure("shufflenet-1x-g4", "output_channels", "1088", **stage_channels("Stage4", 4)),
    Figure("shufflenet-1x-g8", "output_channels", "1536", **stage_channels("Stage4", 8)),
    Figure("shufflenet", "output_size", "112×112", **output_size("Conv1")),
    Figure("shufflenet", "output_size", "56×56", **output_size("MaxPool")),
    Figure("shufflenet", "output_size", "28×28", **output_size("Stage2")),
    Figure("shufflenet", "output_size", "14×14", **output_size("Stage3")),
    Figure("shufflenet", "output_size", "7×7", **output_size("Stage4")),
    Figure("shufflenet", "output_size", "1×1", **output_size("GlobalPool")),
    Figure("shufflenet-1x-g1", "macs", "143M", **complexity(1)),
    Figure("shufflenet-1x-g2", "macs", "140M", **complexity(2, tolerance=0.011, reason=FC_LEFT_OUT)),
    Figure("shufflenet-1x-g3", "macs", "137M", **complexity(3)),
    Figure("shufflenet-1x-g4", "macs", "133M", **complexity(4, tolerance=0.011, reason=FC_LEFT_OUT)),
    Figure("shufflenet-1x-g8", "macs", "137M", **complexity(8, tolerance=0.011, reason=FC_LEFT_OUT)),
    Figure("shufflenet-1x-g1", "macs", "143M", **complexity(1, conv_only=True)),
    Figure("shufflenet-1x-g2", "macs", "140M", **complexity(2, conv_only=True)),
    Figure("shufflenet-1x-g3", "macs", "137M", **complexity(3, conv_only=True)),
    Figure("shufflenet-1x-g4", "macs", "133M", **complexity(4, conv_only=True)),
    Figure("shufflenet-1x-g8", "macs", "137M", **complexity(8, conv_only=True)),
    # The comparison with MobileNet (Complexity (MFLOPs) column).
    Figure("mobilenet", "macs", "569M", **compared("mobilenet", "1.0 MobileNet-224")),
    Figure("shufflenet-2x-g3", "macs", "524M", **compared("shufflenet-2x-g3", "ShuffleNet 2x (g = 3)")),
    Figure("shufflenet-2x-g3-conv1-24", "macs", "524M",
           **compared("shufflenet-2x-g3-conv1-24", "ShuffleNet 2x (g = 3)", reading_of="shufflenet-2x-g3")),
    Figure("mobilenet-0.75", "macs", "325M", **compared("mobilenet-0.75", "0.75 MobileNet-224")),
    Figure("shufflenet-1.5x-g3", "macs", "292M", **compared("shufflenet-1.5x-g3", "ShuffleNet 1.5x (g = 3)")),
    Figure("shufflenet-1.5x-g3-conv1-scaled", "macs", "292M",
           **compared("shufflenet-1.5x-g3-conv1-scaled", "ShuffleNet 1.5x (g = 3)",
                      reading_of="shufflenet-1.5x-g3")),
    Figure("mobilenet-0.5", "macs", "149M", **compared("mobilenet-0.5", "0.5 MobileNet-224")),
    Figure("shufflenet-1x-g8", "macs", "140M",
           **compared("shufflenet-1x-g8", "ShuffleNet 1x (g = 8)", tolerance=0.015,
                      reason=NOMINAL_140.format("137M", 8))),
    Figure("mobilenet-0.25", "macs", "41M", **compared("mobilenet-0.25", "0.25 MobileNet-224")),
    Figure("shufflenet-0.5x-g4", "macs", "38M",
           **compared("shufflenet-0.5x-g4", "ShuffleNet 0.5x (g = 4)", tolerance=0.015, reason=HALF_G4)),
    # The speed table (FLOPs column).
    Figure("shufflenet-0.5x-g3", "macs", "38M", **timed("shufflenet-0.5x-g3", "ShuffleNet 0.5x (g = 3)")),
    Figure("shufflenet-0.5x-g3-conv1-24", "macs", "38M",
           **timed("shufflenet-0.5x-g3-conv1-24", "ShuffleNet 0.5x (g = 3)", reading_of="shufflenet-0.5x-g3")),
    Figure("shufflenet", "macs", "140M",
           **timed("shufflenet", "ShuffleNet 1x (g = 3)", tolerance=0.02, reason=NOMINAL_140.format("137M", 3))),
    Figure("shufflenet-2x-g3", "macs", "524M", **timed("shufflenet-2x-g3", "ShuffleNet 2x (g = 3)")),
    Figure("shufflenet-2x-g3-conv1-24", "macs", "524M",
           **timed("shufflenet-2x-g3-conv1-24", "ShuffleNet 2x (g = 3)", reading_of="shufflenet-2x-g3")),
    Figure("alexnet-2gpu", "macs", "720M", **timed("alexnet-2gpu", "AlexNet", tolerance=0.01, reason=ALEXNET_720)),
    Figure("mobilenet", "macs", "569M", **timed("mobilenet", "1.0 MobileNet-224")),
    # Table 1's other cells, and the unit of Figure 2, checked on the built net.
    Figure("shufflenet-1x-g1", "output_channels", "24", **layer_channels("Conv1", 1)),
    Figure("shufflenet-1x-g2", "output_channels", "24", **layer_channels("Conv1", 2)),
    Figure("shufflenet-1x-g3", "output_channels", "24", **layer_channels("Conv1", 3)),
    Figure("shufflenet-1x-g4", "output_channels", "24", **layer_channels("Conv1", 4)),
    Figure("shufflenet-1x-g8", "output_channels", "24", **layer_channels("Conv1", 8)),
    Figure("shufflenet-1x-g1", "output_channels", "1000", **layer_channels("FC", 1)),
    Figure("shufflenet-1x-g2", "output_channels", "1000", **layer_channels("FC", 2)),
    Figure("shufflenet-1x-g3", "output_channels", "1000", **layer_channels("FC", 3)),
    Figure("shufflenet-1x-g4", "output_channels", "1000", **layer_channels("FC", 4)),
    Figure("shufflenet-1x-g8", "output_channels", "1000", **layer_channels("FC", 8)),
    Figure("shufflenet", "count", "3×3", table_1("Conv1", "KSize"), measure=_window("conv1/conv", "kernel_size"),
           label="Table 1: Conv1 kernel size", table="shufflenet-table-1"),
    Figure("shufflenet", "count", "3×3", table_1("MaxPool", "KSize"),
           measure=_window("conv1/maxpool", "kernel_size"), label="Table 1: MaxPool kernel size",
           table="shufflenet-table-1"),
    Figure("shufflenet", "count", "2", table_1("Conv1", "Stride"), measure=_window("conv1/conv", "stride"),
           label="Table 1: Conv1 stride", table="shufflenet-table-1"),
    Figure("shufflenet", "count", "2", table_1("MaxPool", "Stride"), measure=_window("conv1/maxpool", "stride"),
           label="Table 1: MaxPool stride", table="shufflenet-table-1"),
    Figure("shufflenet", "count", "7×7", table_1("GlobalPool", "KSize"),
           measure=lambda analysis: analysis.row("classifier/globalpool").input_shapes[0][1],
           label="Table 1: GlobalPool kernel size", table="shufflenet-table-1",
           reason="a global pool's window is the whole map that reaches it"),
    Figure("shufflenet", "count", "1", **units("Stage2", 2)),
    Figure("shufflenet", "count", "3", **units("Stage2", 1)),
    Figure("shufflenet", "count", "1", **units("Stage3", 2)),
    Figure("shufflenet", "count", "7", **units("Stage3", 1)),
    Figure("shufflenet", "count", "1", **units("Stage4", 2)),
    Figure("shufflenet", "count", "3", **units("Stage4", 1)),
    Figure("shufflenet", "ratio", "1 : 4",
           paper("Section 3.3", "'we set the number of bottleneck channels to 1/4 of the output channels "
                                "for each ShuffleNet unit'"),
           measure=_bottleneck_share, label="bottleneck channels : unit output channels",
           table="shufflenet-table-1", reason="all 16 units of the 1× g = 3 net, summed"),
    Figure("shufflenet", "count", "1",
           paper("Section 3.3", "'we do not apply group convolution on the first pointwise layer because "
                                "the number of input channels is relatively small'"),
           measure=lambda analysis: analysis.row("stage2/unit1/gconv1").layer.groups,
           label="Stage2 unit1: groups of the first 1×1 conv (not grouped)", table="shufflenet-table-1",
           reason="one group is an ordinary 1×1 conv"),
    Figure("shufflenet", "count", "24", table_1("Conv1", "g = 3") + (paper("Section 3.3",
                                                                          "the input of Stage2's first 1×1 conv"),),
           measure=lambda analysis: analysis.row("stage2/unit1/gconv1").input_shapes[0][0],
           label="Stage2 unit1: input channels of the first 1×1 conv", table="shufflenet-table-1"),
]

_TIME = ("a measured time: it depends on the implementation and the hardware, not on the counts "
         "alone")


def latency(model: str, row: str, size: str) -> dict:
    return {"source": (paper(f"time on one Snapdragon 820 core, row {row}, column {size}"), *_SPEED),
            "model": model, "what": f"inference time at {size}", "reason": _TIME, "table": "shufflenet-scale"}


NOT_COMPUTABLE = [
    NotComputable(printed="15.2ms", **latency("shufflenet-0.5x-g3", "ShuffleNet 0.5x (g = 3)", "224×224")),
    NotComputable(printed="87.4ms", **latency("shufflenet-0.5x-g3", "ShuffleNet 0.5x (g = 3)", "480×640")),
    NotComputable(printed="260.1ms", **latency("shufflenet-0.5x-g3", "ShuffleNet 0.5x (g = 3)", "720×1280")),
    NotComputable(printed="37.8ms", **latency("shufflenet", "ShuffleNet 1x (g = 3)", "224×224")),
    NotComputable(printed="222.2ms", **latency("shufflenet", "ShuffleNet 1x (g = 3)", "480×640")),
    NotComputable(printed="684.5ms", **latency("shufflenet", "ShuffleNet 1x (g = 3)", "720×1280")),
    NotComputable(printed="108.8ms", **latency("shufflenet-2x-g3", "ShuffleNet 2x (g = 3)", "224×224")),
    NotComputable(printed="617.0ms", **latency("shufflenet-2x-g3", "ShuffleNet 2x (g = 3)", "480×640")),
    NotComputable(printed="1857.6ms", **latency("shufflenet-2x-g3", "ShuffleNet 2x (g = 3)", "720×1280")),
    NotComputable(printed="184.0ms", **latency("alexnet-2gpu", "AlexNet", "224×224")),
    NotComputable(printed="1156.7ms", **latency("alexnet-2gpu", "AlexNet", "480×640")),
    NotComputable(printed="3633.9ms", **latency("alexnet-2gpu", "AlexNet", "720×1280")),
    NotComputable(printed="110.0ms", **latency("mobilenet", "1.0 MobileNet-224", "224×224")),
    NotComputable(printed="612.0ms", **latency("mobilenet", "1.0 MobileNet-224", "480×640")),
    NotComputable(printed="1879.2ms", **latency("mobilenet", "1.0 MobileNet-224", "720×1280")),
    NotComputable("shufflenet-0.5x-g3", "complexity of ShuffleNet 0.5x (shallow, g = 3)", "40M",
                  (paper("comparison with MobileNet, row ShuffleNet 0.5x (shallow, g = 3), column Complexity "
                         "(MFLOPs)"), *_COMPARISON),
                  "its widths are not given: the paper's text (not the course material) makes it 26 "
                  "layers by halving the units of Stages 2-4, which at the 0.5× widths (-O shallow=true) "
                  "gives 21.58M, so the widths must differ", table="shufflenet-scale"),
    NotComputable("shufflenet-2x-g3", "complexity of ShuffleNet 2x with SE (g = 3)", "527M",
                  (paper("comparison with MobileNet, row ShuffleNet 2x (with SE, g = 3), column Complexity "
                         "(MFLOPs)"), *_COMPARISON),
                  "squeeze-and-excitation blocks are not modelled (no channel-wise scale layer), "
                  "and their reduction ratio and placement are not in the course material",
                  table="shufflenet-scale"),
]
