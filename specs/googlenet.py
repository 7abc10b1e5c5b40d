"""GoogLeNet (Inception v1): Szegedy et al., "Going Deeper with Convolutions", CVPR 2015,
Table 1 and Figure 3; and torchvision's GoogLeNet.

Two GoogLeNets:

* ``googlenet``: the paper's net, one scope per Table 1 row (``conv1``, ``pool1``, ...,
  ``inception_3a`` ... ``inception_5b``, ``linear``, ``softmax``), the stem as Figure 3 draws it
  (LRN after pool1 and after the 3×3 conv), a ReLU after every conv, conv biases, no batch norm.
  The max pools round up (Caffe's ceil mode, as in bvlc_googlenet): Table 1's sizes
  112 → 56 → 28 → 14 → 7 need it.
* ``googlenet-tv``: torchvision's layout: batch norm (eps 0.001) after every conv and no conv
  bias, a 3×3 conv in the branch the paper calls 5×5 (a known bug, pytorch/vision#906), no LRN,
  a 2×2 max pool before 5a, dropout 0.2, no softmax. torchvision publishes 6,624,904 params.

The two auxiliary classifiers (Section 5: on the outputs of 4a and 4d) exist only in training:
option ``aux_logits``, off by default; the report's notes say whether they are in.

Table 1's own columns: "params" counts weights only (no biases) in K = 1024 (the linear row:
1024 × 1000 = 1,024,000 weights = 1000K exactly); "ops" counts multiply-adds of convolutions and
the linear layer in decimal M. Several rows print numbers their own filter counts do not give:
the paper ledger (costcalc/ledger/families/googlenet.py) classifies each row, with the reason.
"""

from __future__ import annotations


from costcalc.graph import Network
from costcalc.layers import (AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Concat, Conv2d, Dropout,
                             Flatten, Linear, LocalResponseNorm, MaxPool2d, ReLU, Softmax)
from costcalc.registry import Model
from costcalc.options import described, declare

# Table 1, one row per line, in the paper's column order after the scope name: type, patch
# size/stride, output size, depth, #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj, params,
# ops. The builder reads the type, patch size/stride and the six filter columns; the printed output
# size, params and ops are what the paper says (the ledger types its own copy and
# compares it with the engine).
# conv1's filter count appears only as the depth of its output size (112×112×64): read there.
_ = None  # an empty cell
TABLE_1 = [
    ("conv1",        "convolution",    "7×7/2", "112×112×64", 1, _,   _,   _,   _,  _,   _,   "2.7K",  "34M"),
    ("pool1",        "max pool",       "3×3/2", "56×56×64",   0, _,   _,   _,   _,  _,   _,   _,       _),
    ("conv2",        "convolution",    "3×3/1", "56×56×192",  2, _,   64,  192, _,  _,   _,   "112K",  "360M"),
    ("pool2",        "max pool",       "3×3/2", "28×28×192",  0, _,   _,   _,   _,  _,   _,   _,       _),
    ("inception_3a", "inception (3a)", _,       "28×28×256",  2, 64,  96,  128, 16, 32,  32,  "159K",  "128M"),
    ("inception_3b", "inception (3b)", _,       "28×28×480",  2, 128, 128, 192, 32, 96,  64,  "380K",  "304M"),
    ("pool3",        "max pool",       "3×3/2", "14×14×480",  0, _,   _,   _,   _,  _,   _,   _,       _),
    ("inception_4a", "inception (4a)", _,       "14×14×512",  2, 192, 96,  208, 16, 48,  64,  "364K",  "73M"),
    ("inception_4b", "inception (4b)", _,       "14×14×512",  2, 160, 112, 224, 24, 64,  64,  "437K",  "88M"),
    ("inception_4c", "inception (4c)", _,       "14×14×512",  2, 128, 128, 256, 24, 64,  64,  "463K",  "100M"),
    ("inception_4d", "inception (4d)", _,       "14×14×528",  2, 112, 144, 288, 32, 64,  64,  "580K",  "119M"),
    ("inception_4e", "inception (4e)", _,       "14×14×832",  2, 256, 160, 320, 32, 128, 128, "840K",  "170M"),
    ("pool4",        "max pool",       "3×3/2", "7×7×832",    0, _,   _,   _,   _,  _,   _,   _,       _),
    ("inception_5a", "inception (5a)", _,       "7×7×832",    2, 256, 160, 320, 32, 128, 128, "1072K", "54M"),
    ("inception_5b", "inception (5b)", _,       "7×7×1024",   2, 384, 192, 384, 48, 128, 128, "1388K", "71M"),
    ("pool5",        "avg pool",       "7×7/1", "1×1×1024",   0, _,   _,   _,   _,  _,   _,   _,       _),
    ("dropout",      "dropout (40%)",  _,       "1×1×1024",   0, _,   _,   _,   _,  _,   _,   _,       _),
    ("linear",       "linear",         _,       "1×1×1000",   1, _,   _,   _,   _,  _,   _,   "1000K", "1M"),
    ("softmax",      "softmax",        _,       "1×1×1000",   0, _,   _,   _,   _,  _,   _,   _,       _),
]
# The grouped report's extra columns: Table 1's own inputs, named as the paper heads them.
COLUMNS = ("type", "patch size/stride", "depth", "#1×1", "#3×3 reduce", "#3×3", "#5×5 reduce",
           "#5×5", "pool proj")
LRN_AFTER = ("pool1", "conv2")        # Figure 3: LocalRespNorm after pool1 and after the 3×3 conv
AUX_AFTER = {"inception_4a": "aux1", "inception_4d": "aux2"}  # Section 5, Figure 3
TV_PATCH = {"pool4": "2×2/2"}         # torchvision's maxpool4 is MaxPool2d(2, stride=2, ceil_mode=True)


def _patch(text: str) -> tuple[int, int]:
    """'7×7/2' → (kernel 7, stride 2)."""
    size, stride = text.split("/")
    return int(size.split("×")[0]), int(stride)


def _conv(net: Network, name: str, filters: int, kernel: int, x: str, tv: bool, stride: int = 1) -> str:
    """A conv with "same" padding and its ReLU; torchvision's BasicConv2d puts batch norm between
    them and drops the conv bias."""
    net.add(name, Conv2d(filters, kernel, stride=stride, padding=kernel // 2, bias=not tv), inputs=x)
    if tv:
        net.add(f"bn_{name}", BatchNorm2d())
    return net.add(f"relu_{name}", ReLU())


def inception(net: Network, x: str, n1x1, n3x3red, n3x3, n5x5red, n5x5, pool_proj, tv=False) -> str:
    """Figure 2(b): four branches on input x, concatenated; arguments in Table 1's column order.
    torchvision's "5×5" branch convolves 3×3 (the node keeps the paper's branch name)."""
    a = _conv(net, "1x1", n1x1, 1, x, tv)
    b = _conv(net, "3x3", n3x3, 3, _conv(net, "3x3_reduce", n3x3red, 1, x, tv), tv)
    c = _conv(net, "5x5", n5x5, 3 if tv else 5, _conv(net, "5x5_reduce", n5x5red, 1, x, tv), tv)
    net.add("pool", MaxPool2d(3, stride=1, padding=1), inputs=x)
    d = _conv(net, "pool_proj", pool_proj, 1, net.last, tv)
    return net.add("output", Concat(), inputs=[a, b, c, d])


def aux_classifier(net: Network, x: str, num_classes: int, tv: bool) -> None:
    """Section 5: 5×5/3 average pool (torchvision: adaptive to 4×4), 1×1 conv with 128 filters,
    FC 1024 + ReLU, 70% dropout, linear classifier (+ softmax in the paper)."""
    net.add("pool", AdaptiveAvgPool2d(4) if tv else AvgPool2d(5, stride=3), inputs=x)
    _conv(net, "conv", 128, 1, net.last, tv)
    net.add("flatten", Flatten())
    net.add("fc", Linear(1024))
    net.add("relu_fc", ReLU())
    net.add("drop_fc", Dropout(0.7, inplace=False))  # torchvision's nn.Dropout(p): not in place
    net.add("classifier", Linear(num_classes))
    if not tv:
        net.add("prob", Softmax())
    net.mark_output(net.last)  # a second output of the training graph, read by its loss


def _row(net: Network, name: str, kind: str, patch, size: str, filters, x: str, tv: bool,
         num_classes: int) -> str:
    """Build one Table 1 row on input x; returns the row's output node."""
    if kind.startswith("inception"):
        return inception(net, x, *filters, tv=tv)
    if kind == "convolution":
        _, reduce, n, *_ = filters
        if reduce:
            x = _conv(net, "3x3_reduce", reduce, 1, x, tv)
        kernel, stride = _patch(patch)
        x = _conv(net, f"{kernel}x{kernel}", n or int(size.split("×")[-1]), kernel, x, tv, stride)
    elif kind == "max pool":
        kernel, stride = _patch(TV_PATCH.get(name, patch) if tv else patch)
        x = net.add(f"{kernel}x{kernel}_s{stride}", MaxPool2d(kernel, stride=stride, ceil_mode=True),
                    inputs=x)
    elif kind == "avg pool":
        layer = AdaptiveAvgPool2d(1) if tv else AvgPool2d(*_patch(patch))
        x = net.add("avg", layer, inputs=x)
    elif kind.startswith("dropout"):
        x = net.add("drop", Dropout(0.2 if tv else 0.4, inplace=False), inputs=x)  # nn.Dropout(p)
    elif kind == "linear":
        x = net.add("fc", Linear(num_classes), inputs=x)
    elif kind == "softmax" and not tv:
        x = net.add("prob", Softmax(), inputs=x)
    if name in LRN_AFTER and not tv:
        x = net.add("norm", LocalResponseNorm(size=5, alpha=1e-4, beta=0.75, k=1.0), inputs=x)
    return x


@declare(aux_logits=described("the training-only auxiliary classifiers"),
         torchvision=described("torchvision's layout (batch norm, 3×3 for 5×5)"))
def googlenet(aux_logits: bool = False, torchvision: bool = False, num_classes: int = 1000) -> Network:
    """Walk Table 1 row by row, each row in its own block scope carrying the row's columns."""
    aux = ("auxiliary classifiers: included (training graph), on the outputs of inception_4a and "
           "inception_4d" if aux_logits else
           "auxiliary classifiers: not included (they exist only in training; -O aux_logits=true "
           "adds them)")
    layout = ("torchvision layout: batch norm after every conv (conv bias off), 3×3 in the "
              "'5×5' branch, no LRN, 2×2 max pool before 5a, dropout 0.2, no softmax" if torchvision
              else "Table 1's params column counts weights only, in K = 1024 (linear: 1024 × 1000 = "
              "1000K); its ops column counts multiply-adds in decimal M; params here include biases")
    what = ("GoogLeNet, torchvision layout (BN after every conv, 3×3 in the 5×5 branch)" if torchvision
            else "GoogLeNet (Inception v1), the paper's net: Table 1 with Figure 3's stem")
    net = Network("googlenet", channels=3, size=224, notes=(aux, layout),
                  description=what + (", with the auxiliary classifiers" if aux_logits else ""))
    x = "input"
    for name, kind, patch, size, depth, *rest in TABLE_1:
        filters = rest[:6]
        meta = dict(zip(COLUMNS, ["" if v is None else v for v in (kind, patch, depth, *filters)]))
        with net.scope(name, kind="block", **meta):
            x = _row(net, name, kind, patch, size, filters, x, torchvision, num_classes)
        if aux_logits and name in AUX_AFTER:
            with net.scope(AUX_AFTER[name], kind="block", type="auxiliary classifier"):
                aux_classifier(net, x, num_classes, torchvision)
    if torchvision:
        net.notes.append(TV_DIFFERENCE)
    return net


# What sets googlenet-tv apart from the paper's net (`costcalc compare googlenet` and a report of
# each give the counts): the note is about the layout, so it holds at any input size.
TV_DIFFERENCE = ("vs the paper's googlenet: weights differ by the 3×3 in the 5×5 branch (fewer "
                 "weights and MACs), biases by the convs' (none here, BN's beta instead), and BN adds "
                 "gamma/beta after every conv; every other layer is the same")


MODELS = {
    "googlenet": Model("googlenet", googlenet,
                       "GoogLeNet (Inception v1), the paper's net: Table 1 with Figure 3's stem",
                       "Szegedy et al. 2015, Table 1 and Figure 3"),
    "googlenet-tv": Model("googlenet-tv", googlenet,
                          "GoogLeNet, torchvision layout (BN after every conv, 3×3 in the 5×5 branch)",
                          "torchvision.models.googlenet", options={"torchvision": True}),
}
