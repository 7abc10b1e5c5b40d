"""ShuffleNet v1: Zhang, Zhou, Lin & Sun, "ShuffleNet: An Extremely Efficient Convolutional
Neural Network for Mobile Devices", CVPR 2018. Table 1 (architecture), Figure 2 (units).

A unit (Figure 2b): 1×1 group conv → BN → ReLU → channel shuffle → 3×3 depthwise conv → BN →
1×1 group conv → BN, added to the input, then ReLU. A stride-2 unit (Figure 2c) runs the
depthwise conv at stride 2, adds a 3×3/2 average pool on the shortcut and concatenates instead
of adding, so its last group conv makes only (output − input) channels. No ReLU after the
depthwise conv, and no conv bias (BN follows every conv). The bottleneck is ¼ of the unit's
output channels; the first 1×1 of Stage 2 is not grouped (its input has only 24 channels).

Readings the paper leaves open (each one named, with its effect on the figures):
* Scale s multiplies "the number of filters": the stage widths, and Conv1's 24? The paper does
  not say. Option ``conv1`` picks the reading:
  - ``released`` (default): what the authors built. Their released code (megvii-model/
    ShuffleNet-Series, ShuffleNetV1/network.py at commit d8e4db13, ``stage_out_channels``) has
    Conv1 = 12, 24, 24, 48 at 0.5×, 1×, 1.5×, 2× for g = 3, and 16, 24, 24, 48 for g = 8 (its
    only other group count). Of the three readings, only this one gives all of the paper's
    0.5×, 1.5× and 2× costs (38M, 292M, 524M). Scales the code does not have (0.25×, or any
    -O scale=...) take 24·s.
  - ``scaled``: 24·s at every scale (36 at 1.5×); models ``shufflenet-1.5x-g3-conv1-scaled``.
  - a channel count, e.g. ``conv1=24``: Conv1 fixed; models ``shufflenet-0.5x-g3-conv1-24``,
    ``shufflenet-2x-g3-conv1-24``.
  FIGURES declares every scale figure under each reading that builds a different net.
* A channel count that must split into g groups (stage widths, bottlenecks, Conv1) and does
  not is rounded up to a multiple of g. Among the named models only bottlenecks and Conv1 at
  s ≠ 1 need it (0.5× g = 4: bottleneck 136/4 = 34 → 36; 0.5× g = 8: Conv1 12 → 16, as the
  authors' code has it).
* Pools and 3×3 convs use 'same' padding: the sizes of padding 1 (⌈H/2⌉ at stride 2) without
  flagging every stride-2 layer; the FC has no bias, as in the authors' released code.
* ``shallow=True`` halves the units of Stages 2–4 (2, 4, 2): the depth of the paper's "0.5×
  shallow" net, whose widths the paper does not give (see NOT_COMPUTABLE).
"""

from __future__ import annotations

import math
from fractions import Fraction

from costcalc.errors import OptionError
from costcalc.graph import Network
from costcalc.layers import (Add, AvgPool2d, BatchNorm2d, ChannelShuffle, Concat, Conv2d, Flatten,
                             GlobalAvgPool2d, Linear, MaxPool2d, ReLU)
from costcalc.ledger import Figure, NotComputable
from costcalc.registry import Model
from costcalc.options import between, choice, declare, described

PAPER = "Zhang et al. 2018 (ShuffleNet)"
GROUPS = (1, 2, 3, 4, 8)
SCALES = (0.25, 0.5, 1, 1.5, 2)

# Table 1: layer, output size, kernel, stride, repeat, output channels for g = 1, 2, 3, 4, 8.
TABLE_1 = [
    ("Image",      224, None, None, None, (3, 3, 3, 3, 3)),
    ("Conv1",      112, 3,    2,    1,    (24, 24, 24, 24, 24)),
    ("MaxPool",    56,  3,    2,    None, None),
    ("Stage2",     28,  None, 2,    1,    (144, 200, 240, 272, 384)),
    ("Stage2",     28,  None, 1,    3,    (144, 200, 240, 272, 384)),
    ("Stage3",     14,  None, 2,    1,    (288, 400, 480, 544, 768)),
    ("Stage3",     14,  None, 1,    7,    (288, 400, 480, 544, 768)),
    ("Stage4",     7,   None, 2,    1,    (576, 800, 960, 1088, 1536)),
    ("Stage4",     7,   None, 1,    3,    (576, 800, 960, 1088, 1536)),
    ("GlobalPool", 1,   7,    None, None, None),
    ("FC",         None, None, None, None, (1000, 1000, 1000, 1000, 1000)),
]
COMPLEXITY = ("143M", "140M", "137M", "133M", "137M")  # Table 1's last row, g = 1, 2, 3, 4, 8

# Conv1's channels by scale in the authors' released code (megvii-model/ShuffleNet-Series,
# ShuffleNetV1/network.py, commit d8e4db13, stage_out_channels[1] for group 3). Its group-8
# table has 16 at 0.5×: 12 rounded up to a multiple of 8, the rounding every count here gets.
RELEASED_CONV1 = {0.5: 12, 1: 24, 1.5: 24, 2: 48}
CONV1_READINGS = ("released", "scaled")  # or a channel count


def multiple_of(c: int, g: int) -> int:
    """c rounded up to a multiple of g."""
    return -(-c // g) * g


def conv1_channels(groups: int, scale: float, conv1="released") -> tuple[int, str]:
    """Conv1's output channels under a reading, and how they were chosen."""
    base = TABLE_1[1][5][GROUPS.index(groups)]
    if conv1 == "released" and scale in RELEASED_CONV1:
        c, how = RELEASED_CONV1[scale], "as the authors' released code builds it"
    elif conv1 in CONV1_READINGS:
        c, how = int(base * scale), f"{base}·s" + (
            " (the released code has no such scale)" if conv1 == "released" else "")
    else:
        return conv1, "set by the conv1 option"
    rounded = multiple_of(c, groups)
    return rounded, how + (f", {c} rounded up to a multiple of g" if rounded != c else "")


def _whole(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _check_conv1(groups, scale, conv1) -> None:
    """Conv1 is the one option whose values are of two kinds (a reading's name or a channel
    count) and whose limit depends on the others, so the builder checks it; the declaration
    above ``shufflenet`` covers the rest."""
    if not (conv1 in CONV1_READINGS or (_whole(conv1) and conv1 >= 1)):
        raise OptionError("option conv1", "Conv1 is a reading of the paper or a channel count",
                          "released | scaled | a whole number, e.g. 24", repr(conv1))
    stage2 = multiple_of(int(TABLE_1[3][5][GROUPS.index(groups)] * scale), groups)
    if _whole(conv1) and (conv1 % groups or conv1 >= stage2):
        raise OptionError("option conv1", f"Conv1's channels split into g = {groups} "
                          f"groups and are fewer than Stage 2's {stage2} (the first unit "
                          "concatenates Conv1's channels with new ones)",
                          f"a multiple of {groups} below {stage2}", conv1)


def _unit(net: Network, name: str, c_in: int, c_out: int, mid: int, stride: int, groups: int,
          first_grouped: bool) -> None:
    """One ShuffleNet unit (Figure 2b, or 2c when stride is 2) with ``mid`` bottleneck channels."""
    x = net.last
    branch = c_out - c_in if stride == 2 else c_out
    with net.scope(name, kind="block"):
        net.add("gconv1", Conv2d(mid, 1, groups=groups if first_grouped else 1, bias=False),
                inputs=x)
        net.add("gconv1_bn", BatchNorm2d())
        net.add("gconv1_relu", ReLU())
        if groups > 1:  # a shuffle over one group is the identity
            net.add("shuffle", ChannelShuffle(groups))
        net.add("dwconv", Conv2d(mid, 3, stride=stride, padding="same", groups=mid, bias=False))
        net.add("dwconv_bn", BatchNorm2d())
        net.add("gconv2", Conv2d(branch, 1, groups=groups, bias=False))
        main = net.add("gconv2_bn", BatchNorm2d())
        if stride == 2:
            shortcut = net.add("shortcut", AvgPool2d(3, stride=2, padding="same"), inputs=x)
            net.add("concat", Concat(), inputs=[shortcut, main])
        else:
            net.add("add", Add(), inputs=[x, main])
        net.add("relu", ReLU())


@declare(groups=choice(*GROUPS, help="Table 1 has columns for g = 1, 2, 3, 4, 8"),
         scale=between(1 / 24, text=">= 1/24", help="scale factor s; 24·s ≥ 1 keeps a Conv1 channel"),
         shallow=described("halve the units of Stages 2–4 (the paper's 0.5× shallow net)"))
def shufflenet(groups: int = 3, scale: float = 1.0, conv1: str | int | None = None,
               shallow: bool = False, num_classes: int = 1000) -> Network:
    """``conv1``: 'released' (or None, the default), 'scaled', or a channel count."""
    if conv1 is None:
        conv1 = "released"
    elif isinstance(conv1, str) and conv1.strip().isdigit():  # -O conv1=24 arrives as text
        conv1 = int(conv1)
    _check_conv1(groups, scale, conv1)
    column = GROUPS.index(groups)
    net = Network("shufflenet", channels=3, size=224)
    if scale == 1 and not shallow:
        net.notes.append("Table 1's complexity row matches these MACs less the FC layer's: the "
                         "paper's row leaves the FC out (143M, 140M, 137M, 133M, 137M for "
                         "g = 1, 2, 3, 4, 8)")
    c_in, done = None, {}  # channels so far; units built per stage
    for layer, _, kernel, stride, repeat, channels in TABLE_1:
        if layer == "Conv1":
            c_in, how = conv1_channels(groups, scale, conv1)
            if scale != 1 or conv1 not in CONV1_READINGS:
                released = ", ".join(f"{c} at {s:g}×" for s, c in RELEASED_CONV1.items())
                net.notes.append(f"Conv1 has {c_in} channels, {how}; the readings: -O conv1=released "
                                 f"(the default: {released}), -O conv1=scaled (24·s), -O conv1=24")
            with net.scope("conv1", kind="stage"):
                net.add("conv", Conv2d(c_in, kernel, stride=stride, padding="same", bias=False))
                net.add("bn", BatchNorm2d())
                net.add("relu", ReLU())
        elif layer == "MaxPool":
            with net.scope("conv1", kind="stage"):
                net.add("maxpool", MaxPool2d(kernel, stride=stride, padding="same"))
        elif layer.startswith("Stage"):
            stage, c_out = layer.lower(), multiple_of(int(channels[column] * scale), groups)
            mid = multiple_of(c_out // 4, groups)
            if mid != c_out // 4 and stride == 2:
                net.notes.append(f"{layer}: a bottleneck of {c_out}/4 = {c_out // 4} channels does "
                                 f"not split into {groups} groups; rounded up to {mid}")
            # shallow: half of each stage's units (4 → 2, 8 → 4), the stride-2 one kept
            for _ in range(max(repeat // 2, 1) if shallow else repeat):
                done[stage] = done.get(stage, 0) + 1
                with net.scope(stage, kind="stage"):
                    _unit(net, f"unit{done[stage]}", c_in, c_out, mid, stride, groups,
                          first_grouped=(stage, done[stage]) != ("stage2", 1))
                c_in = c_out
        elif layer == "GlobalPool":
            with net.scope("classifier", kind="stage"):
                net.add("globalpool", GlobalAvgPool2d())
                net.add("flatten", Flatten())
        elif layer == "FC":
            with net.scope("classifier", kind="stage"):
                net.add("fc", Linear(num_classes, bias=False))
    return net


def _scale_name(s) -> str:
    return f"{s:g}x"


def _model(name, description, **options):
    return Model(name, shufflenet, description, f"{PAPER}, Table 1 and Figure 2", options)


# The other Conv1 readings, where they build a different net from the default (see FIGURES).
CONV1_VARIANTS = {"shufflenet-0.5x-g3-conv1-24": (0.5, 24),
                  "shufflenet-1.5x-g3-conv1-scaled": (1.5, "scaled"),
                  "shufflenet-2x-g3-conv1-24": (2, 24)}

MODELS = {
    "shufflenet": _model("shufflenet", "ShuffleNet v1 1× (g = 3)", groups=3, scale=1),
    **{f"shufflenet-{_scale_name(s)}-g{g}": _model(
        f"shufflenet-{_scale_name(s)}-g{g}", f"ShuffleNet v1 {_scale_name(s)} (g = {g})",
        groups=g, scale=s) for s in SCALES for g in GROUPS},
    **{name: _model(name, f"ShuffleNet v1 {_scale_name(s)} (g = 3), Conv1 " + (
        "24·s (scaled with s)" if conv1 == "scaled" else f"fixed at {conv1} channels"),
        groups=3, scale=s, conv1=conv1) for name, (s, conv1) in CONV1_VARIANTS.items()},
}


# --- paper figures ---------------------------------------------------------------------------

def conv_macs(analysis) -> int:
    """Complexity without the FC layer: the reading under which Table 1's last row holds."""
    return analysis.totals()["macs"] - analysis.row("classifier/fc").macs


def reading(model: str) -> str:
    """Conv1 in ``model`` and the readings that give it: 'Conv1 12 (released = scaled reading)'."""
    options = MODELS[model].options
    groups, scale = options["groups"], options["scale"]
    c = conv1_channels(groups, scale, options.get("conv1", "released"))[0]
    same = [name for name, value in (("released", "released"), ("scaled", "scaled"),
                                     ("fixed 24", 24))
            if conv1_channels(groups, scale, value)[0] == c]
    return f"Conv1 {c} ({' = '.join(same)} reading)"


COMPARISON = f"{PAPER}, comparison with MobileNet (seed 000, ShuffleNet 9/10)"
SPEEDUP = f"{PAPER}, time on one Snapdragon 820 core (seed 000, ShuffleNet 10/10)"
FC_LEFT_OUT = ("Table 1's row leaves the FC layer out: the conv layers alone match every entry "
               "(see 'conv layers only')")


def nominal_140(g: int) -> str:
    return (f"140M is the budget every 1× net is built to (~140 MFLOPs for each g, seed 001); "
            f"Table 1 prints this net's own complexity, {COMPLEXITY[GROUPS.index(g)]} for g = {g}, "
            "which its conv layers match")


# Where each Table 1 row's output is (a Stage's is its last unit's).
OUTPUT_OF = {"Conv1": {"node": "conv1/conv"}, "MaxPool": {"node": "conv1/maxpool"},
             "Stage2": {"group": "stage2"}, "Stage3": {"group": "stage3"},
             "Stage4": {"group": "stage4"}, "GlobalPool": {"node": "classifier/globalpool"}}

_TABLE_1_FIGURES = [
    *[Figure(f"shufflenet-1x-g{g}", "output_channels", str(channels[i]),
             f"{PAPER}, Table 1, row {layer}, column g = {g}",
             group=layer.lower(), label=f"Table 1: {layer} channels, g = {g}")
      for layer, _, _, stride, _, channels in TABLE_1 if layer.startswith("Stage") and stride == 2
      for i, g in enumerate(GROUPS)],
    *[Figure("shufflenet", "output_size", str(size), f"{PAPER}, Table 1, row {layer}, column "
             "Output size", label=f"Table 1: {layer} output size", **OUTPUT_OF[layer])
      for layer, size, _, stride, _, _ in TABLE_1 if layer in OUTPUT_OF and stride != 1],
    *[Figure(f"shufflenet-1x-g{g}", "macs", printed, f"{PAPER}, Table 1, row Complexity, column "
             f"g = {g}", label=f"Table 1: complexity, g = {g}",
             **({} if g in (1, 3) else {"tolerance": 0.011, "reason": FC_LEFT_OUT}))
      for g, printed in zip(GROUPS, COMPLEXITY)],
    *[Figure(f"shufflenet-1x-g{g}", "macs", printed, f"{PAPER}, Table 1, row Complexity, column "
             f"g = {g}", measure=conv_macs, label=f"Table 1: complexity, g = {g}, conv layers only",
             reason="reading: the FC layer not counted (every entry of the row matches so)")
      for g, printed in zip(GROUPS, COMPLEXITY)],
]


def _row(table: str, short: str, model: str, printed: str, row: str, **claim) -> Figure:
    column = "FLOPs" if table == SPEEDUP else "Complexity (MFLOPs)"
    return Figure(model, "macs", printed, f"{table}, row {row}, column {column}",
                  label=f"{short}: {row}" + (f" [{model}]" if model in CONV1_VARIANTS else ""),
                  **claim)


def _readings(table: str, short: str, model: str, printed: str, row: str) -> list[Figure]:
    """A scale figure on the default model and on each other Conv1 reading of it."""
    figures = [_row(table, short, model, printed, row, reason=reading(model))]
    for variant in (v for v in CONV1_VARIANTS if v.startswith(model + "-conv1-")):
        figures.append(_row(table, short, variant, printed, row, variant=model,
                            reason=f"{reading(variant)}; the print needs {reading(model)}"))
    return figures


# The 0.5× g = 4 net's count under each reading tried (tests/test_shufflenet.py checks them).
HALF_G4 = ("38M needs 37.5–38.5M: the 0.5× g = 4 net counts 37.47M with its 136/4 = 34-channel "
           "bottleneck rounded up to 36 (to split into 4 groups); rounded down to 32 it is 36.47M, "
           "with Conv1 fixed at 24 42.80M, and the paper gives no other width; 38M is also what it "
           "prints for 0.5× g = 3 (37.59M)")
# AlexNet under each reading tried (tests/test_shufflenet.py checks them).
ALEXNET_720 = ("720M needs 719.5–720.5M: the paper's grouped two-GPU AlexNet counts 724.4M at "
               "227×227; at 224×224 it is 643.0M, torchvision's layout 714.2M, the one-tower net "
               "1,135.3M; 724.4M to two significant digits is 720M")

_COMPARISON_FIGURES = [
    _row(COMPARISON, "vs MobileNet", "mobilenet", "569M", "1.0 MobileNet-224"),
    *_readings(COMPARISON, "vs MobileNet", "shufflenet-2x-g3", "524M", "ShuffleNet 2x (g = 3)"),
    _row(COMPARISON, "vs MobileNet", "mobilenet-0.75", "325M", "0.75 MobileNet-224"),
    *_readings(COMPARISON, "vs MobileNet", "shufflenet-1.5x-g3", "292M", "ShuffleNet 1.5x (g = 3)"),
    _row(COMPARISON, "vs MobileNet", "mobilenet-0.5", "149M", "0.5 MobileNet-224"),
    _row(COMPARISON, "vs MobileNet", "shufflenet-1x-g8", "140M", "ShuffleNet 1x (g = 8)",
         tolerance=0.015, reason=nominal_140(8)),
    _row(COMPARISON, "vs MobileNet", "mobilenet-0.25", "41M", "0.25 MobileNet-224"),
    _row(COMPARISON, "vs MobileNet", "shufflenet-0.5x-g4", "38M", "ShuffleNet 0.5x (g = 4)",
         tolerance=0.015, reason=HALF_G4),
]

_SPEEDUP_FIGURES = [
    *_readings(SPEEDUP, "speed table", "shufflenet-0.5x-g3", "38M", "ShuffleNet 0.5x (g = 3)"),
    _row(SPEEDUP, "speed table", "shufflenet", "140M", "ShuffleNet 1x (g = 3)", tolerance=0.02,
         reason=nominal_140(3)),
    *_readings(SPEEDUP, "speed table", "shufflenet-2x-g3", "524M", "ShuffleNet 2x (g = 3)"),
    _row(SPEEDUP, "speed table", "alexnet-2gpu", "720M", "AlexNet", tolerance=0.01,
         reason=ALEXNET_720),
    _row(SPEEDUP, "speed table", "mobilenet", "569M", "1.0 MobileNet-224"),
]


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


_ROW = f"{PAPER}, Table 1, row {{}}, column {{}} (seeds 000, 001)"
_UNIT = f"{PAPER}, Section 3.2 and Figure 2 (seed 001: 'ShuffleNet Unit')"
# Table 1's rows by layer name (a Stage's first row, the stride-2 one) and their nodes.
_ROWS = {row[0]: row for row in reversed(TABLE_1)}
_NODES = {"Conv1": "conv1/conv", "MaxPool": "conv1/maxpool", "FC": "classifier/fc"}

_ARCHITECTURE_FIGURES = [
    *[Figure(f"shufflenet-1x-g{g}", "output_channels", str(_ROWS[layer][5][i]),
             _ROW.format(layer, f"g = {g}"), node=_NODES[layer],
             label=f"Table 1: {layer} channels, g = {g}")
      for layer in ("Conv1", "FC") for i, g in enumerate(GROUPS)],
    *[Figure("shufflenet", "count", f"{_ROWS[layer][2]}×{_ROWS[layer][2]}", _ROW.format(layer, "KSize"),
             measure=_window(_NODES[layer], "kernel_size"), label=f"Table 1: {layer} kernel size")
      for layer in ("Conv1", "MaxPool")],
    *[Figure("shufflenet", "count", str(_ROWS[layer][3]), _ROW.format(layer, "Stride"),
             measure=_window(_NODES[layer], "stride"), label=f"Table 1: {layer} stride")
      for layer in ("Conv1", "MaxPool")],
    Figure("shufflenet", "count", f"{_ROWS['GlobalPool'][2]}×{_ROWS['GlobalPool'][2]}",
           _ROW.format("GlobalPool", "KSize"),
           measure=lambda analysis: analysis.row("classifier/globalpool").input_shapes[0][1],
           label="Table 1: GlobalPool kernel size",
           reason="a global pool's window is the whole map that reaches it"),
    # The Repeat column, each unit checked against Figure 2 (g = 3, the 1× net).
    *[Figure("shufflenet", "count", str(repeat), _ROW.format(f"{layer} (stride {stride})", "Repeat")
             + f"; {_UNIT}", group=layer.lower(), measure=_units(layer.lower(), stride),
             label=f"Table 1: {layer} units of stride {stride}, built as Figure 2 "
                   f"({'c' if stride == 2 else 'b'})", table="shufflenet-table-1")
      for layer, _, _, stride, repeat, _ in TABLE_1 if layer.startswith("Stage")],
    Figure("shufflenet", "ratio", "1 : 4", f"{PAPER}, Section 3.3: 'we set the number of bottleneck "
           "channels to 1/4 of the output channels for each ShuffleNet unit'", measure=_bottleneck_share,
           label="bottleneck channels : unit output channels", table="shufflenet-table-1",
           reason="all 16 units of the 1× g = 3 net, summed"),
    Figure("shufflenet", "count", "1", f"{PAPER}, Section 3.3: 'we do not apply group convolution on "
           "the first pointwise layer because the number of input channels is relatively small'",
           measure=lambda analysis: analysis.row("stage2/unit1/gconv1").layer.groups,
           label="Stage2 unit1: groups of the first 1×1 conv (not grouped)", table="shufflenet-table-1",
           reason="one group is an ordinary 1×1 conv"),
    Figure("shufflenet", "count", "24", _ROW.format("Conv1", "g = 3") + ": the input of Stage2's "
           "first 1×1 conv",
           measure=lambda analysis: analysis.row("stage2/unit1/gconv1").input_shapes[0][0],
           label="Stage2 unit1: input channels of the first 1×1 conv", table="shufflenet-table-1"),
]

FIGURES = [*_TABLE_1_FIGURES, *_COMPARISON_FIGURES, *_SPEEDUP_FIGURES, *_ARCHITECTURE_FIGURES]

# Time per image on one Snapdragon 820 core at 224×224, 480×640 and 720×1280.
LATENCY = [
    ("shufflenet-0.5x-g3", "ShuffleNet 0.5x (g = 3)", ("15.2ms", "87.4ms", "260.1ms")),
    ("shufflenet", "ShuffleNet 1x (g = 3)", ("37.8ms", "222.2ms", "684.5ms")),
    ("shufflenet-2x-g3", "ShuffleNet 2x (g = 3)", ("108.8ms", "617.0ms", "1857.6ms")),
    ("alexnet-2gpu", "AlexNet", ("184.0ms", "1156.7ms", "3633.9ms")),
    ("mobilenet", "1.0 MobileNet-224", ("110.0ms", "612.0ms", "1879.2ms")),
]

NOT_COMPUTABLE = [
    *[NotComputable(model, f"inference time at {size}", ms, f"{SPEEDUP}, row {row}, column {size}",
                    "a measured time: it depends on the implementation and the hardware, not on "
                    "the counts alone")
      for model, row, times in LATENCY
      for size, ms in zip(("224×224", "480×640", "720×1280"), times)],
    NotComputable("shufflenet-0.5x-g3", "complexity of ShuffleNet 0.5x (shallow, g = 3)", "40M",
                  f"{COMPARISON}, row ShuffleNet 0.5x (shallow, g = 3)",
                  "its widths are not given: the paper's text (not the seeds) makes it 26 layers by "
                  "halving the units of Stages 2-4, which at the 0.5× widths (-O shallow=true) "
                  "gives 21.58M, so the widths must differ"),
    NotComputable("shufflenet-2x-g3", "complexity of ShuffleNet 2x with SE (g = 3)", "527M",
                  f"{COMPARISON}, row ShuffleNet 2x (with SE, g = 3)",
                  "squeeze-and-excitation blocks are not modelled (no channel-wise scale layer), "
                  "and their reduction ratio and placement are not in the seeds"),
]
