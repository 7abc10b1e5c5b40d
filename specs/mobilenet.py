"""MobileNet v1: Howard et al., "MobileNets: Efficient Convolutional Neural Networks for Mobile
Vision Applications", arXiv:1704.04861, 2017. Table 1 (body), Section 3.3 (α and ρ), Table 4
(Conv MobileNet).

Every conv, full or depthwise, is followed by batch norm and ReLU (paper, Figure 3), and has no
bias (batch norm's beta takes its place, as in the TF reference ``mobilenet_v1.py``). Then a
global average pool, the FC layer and soft-max, which we leave out as vgg.py does: counts are up
to the logits.

* Width multiplier α: every layer's channels become int(c·α), at least 8: the TF reference's
  ``depth(d) = max(int(d * depth_multiplier), min_depth=8)``, float product truncated. For the
  paper's α = 0.75, 0.5, 0.25 every product is whole, so no rounding happens there.
* Resolution multiplier ρ: just the input size (224, 192, 160, 128 in Table 7). Table 1's
  "Avg Pool 7×7" is the whole final map, so it is a global pool at any size. Convs use 'same'
  padding as the TF reference (the same sizes as padding 1 for 3×3, without the inexact-stride
  warnings at 224).
* ``separable=False`` builds Table 4's Conv MobileNet: each depthwise 3×3 + pointwise 1×1 pair
  becomes one full 3×3 conv with the pair's input/output channels and the depthwise stride.
* ``batch_norm=False`` drops the BN layers and their gamma/beta (4,231,976 → 4,210,088 params
  at α = 1). The paper's parameter figures hold either way (4.2M is both); its Table 2 shares
  are of the weights alone, without BN and without the FC bias.
"""

from __future__ import annotations


from costcalc.graph import Network
from costcalc.layers import BatchNorm2d, Conv2d, Flatten, GlobalAvgPool2d, Linear, ReLU
from costcalc.registry import Model
from costcalc.options import between, described, declare

PAPER = "Howard et al. 2017 (MobileNets)"
MIN_DEPTH = 8  # the TF reference's min_depth

# Table 1 as printed: (type / stride, filter shape, input size H=W, input channels).
# The paper's "5×" row pair is written out five times.
TABLE_1 = [
    ("Conv / s2",     (3, 3, 3, 32),      224, 3),
    ("Conv dw / s1",  (3, 3, 32),         112, 32),
    ("Conv / s1",     (1, 1, 32, 64),     112, 32),
    ("Conv dw / s2",  (3, 3, 64),         112, 64),
    ("Conv / s1",     (1, 1, 64, 128),    56, 64),
    ("Conv dw / s1",  (3, 3, 128),        56, 128),
    ("Conv / s1",     (1, 1, 128, 128),   56, 128),
    ("Conv dw / s2",  (3, 3, 128),        56, 128),
    ("Conv / s1",     (1, 1, 128, 256),   28, 128),
    ("Conv dw / s1",  (3, 3, 256),        28, 256),
    ("Conv / s1",     (1, 1, 256, 256),   28, 256),
    ("Conv dw / s2",  (3, 3, 256),        28, 256),
    ("Conv / s1",     (1, 1, 256, 512),   14, 256),
    *5 * [("Conv dw / s1", (3, 3, 512),        14, 512),
          ("Conv / s1",    (1, 1, 512, 512),   14, 512)],
    ("Conv dw / s2",  (3, 3, 512),        14, 512),
    ("Conv / s1",     (1, 1, 512, 1024),  7, 512),
    ("Conv dw / s2",  (3, 3, 1024),       7, 1024),   # printed s2, but 7×7 in and 7×7 out
    ("Conv / s1",     (1, 1, 1024, 1024), 7, 1024),
    ("Avg Pool / s1", (7, 7),             7, 1024),
    ("FC / s1",       (1024, 1000),       1, 1024),
    ("Softmax / s1",  None,               1, 1000),
]


def width(c: int, alpha: float) -> int:
    """Channels under the width multiplier, as the TF reference rounds them."""
    return max(int(c * alpha), MIN_DEPTH)


def strides_from_sizes(table=TABLE_1) -> tuple[list[int], list[str]]:
    """Each row's stride, read from its input size and the next row's (the sizes are
    consistent from top to bottom; one printed stride is not). Returns the strides and a note
    for every row whose printed stride disagrees."""
    strides, notes, depthwise = [], [], 0
    for i, (kind, _, size, channels) in enumerate(table):
        depthwise += kind.startswith("Conv dw")
        printed = int(kind.rsplit("/ s", 1)[1])
        nxt = table[i + 1][2] if i + 1 < len(table) else size
        stride = size // nxt if kind.startswith("Conv") else printed
        if stride != printed:
            notes.append(f"Table 1 prints '{kind}' for the depthwise conv of ds{depthwise} (input "
                         f"{size}×{size}×{channels}), but the next row's input is {nxt}×{nxt}: "
                         f"stride {stride} is used (the sizes win; so does the TF reference)")
        strides.append(stride)
    return strides, notes


def _conv_bn_relu(net, name, conv, batch_norm):
    net.add(name, conv)
    if batch_norm:
        net.add(f"{name}_bn", BatchNorm2d())
    net.add(f"{name}_relu", ReLU())


@declare(alpha=between(0, low_open=True, help="width multiplier α"),
         size=between(1, help="input size ρ·224"),
         separable=described("false builds Conv MobileNet (Table 4)"),
         batch_norm=described("batch norm after every conv"))
def mobilenet(alpha: float = 1.0, size: int = 224, separable: bool = True,
              batch_norm: bool = True, num_classes: int = 1000) -> Network:
    strides, notes = strides_from_sizes()
    kind = "MobileNet v1" if separable else "Conv MobileNet (Table 4: a full 3×3 conv per separable pair)"
    net = Network("mobilenet", channels=3, size=size, notes=notes, description=(
        f"{kind}, α = {alpha:g}, ρ = input/224, "
        + ("BN after every conv" if batch_norm else "without batch norm")))
    if not separable:
        net.notes.append("Conv MobileNet (Table 4): every depthwise 3×3 + pointwise 1×1 pair is "
                         "one full 3×3 conv with the pair's channels and the depthwise stride")
    elif alpha == 1.0:
        net.notes.append(TABLE_2_NOTE)
    block, depthwise = 0, None  # pairs so far; (kernel, stride) of the current pair's dw conv
    for (kind, shape, _, _), stride in zip(TABLE_1, strides):
        if kind.startswith("Conv dw"):
            block, depthwise = block + 1, (shape[0], stride)
            if separable:
                c = width(shape[2], alpha)
                with net.scope(f"ds{block}", kind="block"):
                    _conv_bn_relu(net, "dw", Conv2d(c, shape[0], stride=stride, padding="same",
                                                    groups=c, bias=False), batch_norm)
        elif kind.startswith("Conv") and block == 0:  # the first row: a full 3×3 conv
            with net.scope("conv1", kind="block"):
                _conv_bn_relu(net, "conv", Conv2d(width(shape[3], alpha), shape[0], stride=stride,
                                                  padding="same", bias=False), batch_norm)
        elif kind.startswith("Conv") and separable:  # the pair's pointwise 1×1 conv
            with net.scope(f"ds{block}", kind="block"):
                _conv_bn_relu(net, "pw", Conv2d(width(shape[3], alpha), shape[0], stride=stride,
                                                bias=False), batch_norm)
        elif kind.startswith("Conv"):  # Conv MobileNet: the whole pair as one full conv
            kernel, dw_stride = depthwise
            with net.scope(f"conv{block + 1}", kind="block"):
                _conv_bn_relu(net, "conv", Conv2d(width(shape[3], alpha), kernel, stride=dw_stride,
                                                  padding="same", bias=False), batch_norm)
        elif kind.startswith("Avg Pool"):
            with net.scope("classifier", kind="stage"):
                net.add("pool", GlobalAvgPool2d())
                net.add("flatten", Flatten())
        elif kind.startswith("FC"):
            with net.scope("classifier", kind="stage"):
                net.add("fc", Linear(num_classes))
        # Softmax: left out, counts stop at the logits (as vgg.py)
    return net


def _model(name, description, **options):
    return Model(name, mobilenet, description, f"{PAPER}, Table 1, Section 3.3", options)


ALPHAS = {"mobilenet-0.75": 0.75, "mobilenet-0.5": 0.5, "mobilenet-0.25": 0.25}
SIZES = {"mobilenet-1.0-192": 192, "mobilenet-1.0-160": 160, "mobilenet-1.0-128": 128}

MODELS = {
    "mobilenet": _model("mobilenet", "MobileNet v1 1.0-224 (α = 1, ρ = 1), BN after every conv"),
    **{name: _model(name, f"MobileNet v1, width multiplier α = {a}, 224×224", alpha=a)
       for name, a in ALPHAS.items()},
    **{name: _model(name, f"MobileNet v1, α = 1 at {s}×{s} (resolution multiplier)", size=s)
       for name, s in SIZES.items()},
    "mobilenet-nobn": _model("mobilenet-nobn", "MobileNet v1 1.0-224 without batch norm",
                             batch_norm=False),
    "conv-mobilenet": _model("conv-mobilenet", "Conv MobileNet (Table 4): a full 3×3 conv in "
                             "place of each depthwise separable pair", separable=False),
}


# A builder note (the report prints it under MobileNet at α = 1): how Table 2's shares are taken.
TABLE_2_NOTE = ("Table 2 (paper) takes parameter shares of the weights alone (no BN gamma/beta, "
                "no FC bias): that is how Conv 1×1 is 74.59% and FC 24.33%; this report's "
                "params % include them. Its 'Conv 3×3 1.19%' of mult-adds is 1.91% with the "
                "digits swapped (the printed column sums to 99.29%).")
