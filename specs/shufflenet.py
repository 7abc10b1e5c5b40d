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
  The ledger declares every scale figure under each reading that builds a different net.
* A channel count that must split into g groups (stage widths, bottlenecks, Conv1) and does
  not is rounded up to a multiple of g. Among the named models only bottlenecks and Conv1 at
  s ≠ 1 need it (0.5× g = 4: bottleneck 136/4 = 34 → 36; 0.5× g = 8: Conv1 12 → 16, as the
  authors' code has it).
* Pools and 3×3 convs use 'same' padding: the sizes of padding 1 (⌈H/2⌉ at stride 2) without
  flagging every stride-2 layer; the FC has no bias, as in the authors' released code.
* ``shallow=True`` halves the units of Stages 2–4 (2, 4, 2): the depth of the paper's "0.5×
  shallow" net, whose widths the paper does not give (the ledger records its 40M as not computable).
"""

from __future__ import annotations


from costcalc.errors import OptionError
from costcalc.graph import Network
from costcalc.layers import (Add, AvgPool2d, BatchNorm2d, ChannelShuffle, Concat, Conv2d, Flatten,
                             GlobalAvgPool2d, Linear, MaxPool2d, ReLU)
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
    reading = ("" if conv1 == "released" else ", Conv1 24·s (scaled with s)" if conv1 == "scaled"
               else f", Conv1 fixed at {conv1} channels")
    net = Network("shufflenet", channels=3, size=224, description=(
        f"ShuffleNet v1 {scale:g}× (g = {groups}){reading}"
        + (", shallow (half the units of Stages 2–4)" if shallow else "")))
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


# The other Conv1 readings, where they build a different net from the default (the ledger checks each).
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
