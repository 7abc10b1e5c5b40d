"""MobileNet v1: Howard et al. 2017, Tables 1, 2, 4, 6, 7, 8, the separable-cost formula.

Every printed value is the source's text, typed in: Table 1's input sizes and channels are the
paper's cells (김준영's and Group 3's slides reproduce the table), never the spec's TABLE_1, and
the computed side is what reaches each layer of the built net. Where a printed figure misses our
count, CLAIMS or the figure says why (the numbers the reasons quote are checked in
tests/test_mobilenet.py).
"""

from __future__ import annotations

from fractions import Fraction

from ...engine import analyze
from ...graph import Network
from ...grouping import group_rows
from ...layers import Conv2d
from ...registry import get_model
from ..model import Figure
from ..sources import GROUP3_ALEXNET_VGG_MOBILENET, HOWARD_2017, KIM_CNN_MODELS

paper, kim, group3 = HOWARD_2017.at, KIM_CNN_MODELS.at, GROUP3_ALEXNET_VGG_MOBILENET.at


def type_share(category: str, quantity: str):
    """Table 2's measure: one layer type's share, in percent, of the model's MACs or weights."""
    def measure(analysis):
        groups = {g.key: g for g in group_rows(analysis, analysis.rows(), "type")}
        return Fraction(100 * groups[category].total(quantity), analysis.totals()[quantity])
    return measure


def conv_over_separable(quantity: str):
    """Table 4 as a ratio: Conv MobileNet's count over MobileNet's, for the analysed model
    (its registered options: α, BN) at the analysis's input size (ρ) and batch."""
    def measure(analysis):
        conv = get_model(analysis.network.name).network(separable=False)  # full convs, same α
        size = (int(analysis.height[0]), int(analysis.width[0]))
        standard = analyze(conv, input_size=size, batch=int(analysis.batch[0]))
        return Fraction(standard.totals()[quantity], analysis.totals()[quantity])
    return measure


def _pair_ratio(block: str):
    """A measure: the pair's counted mult-adds (its depthwise and pointwise convs) over what
    Conv2d's own rule gives for the standard conv they replace (the depthwise conv's kernel,
    stride and padding, the pointwise conv's N filters, on the same input)."""
    def measure(analysis) -> Fraction:
        dw, pw = analysis.row(f"{block}/dw"), analysis.row(f"{block}/pw")
        m, h, w = dw.input_shapes[0]
        layer = dw.layer
        net = Network("standard", channels=m, size=h)
        net.add("conv", Conv2d(pw.layer.out_channels, layer.kernel_size, stride=layer.stride,
                               padding=layer.padding, dilation=layer.dilation, bias=False))
        standard = analyze(net, input_size=(h, w), batch=int(analysis.batch[0])).row("conv").macs
        return Fraction(dw.macs + pw.macs, standard)
    return measure


def _input(node: str, axis: int):
    """A measure: channels (axis 0) or height (axis 1) of what reaches ``node``."""
    return lambda analysis: analysis.row(node).input_shapes[0][axis]


def _weight_layers(analysis) -> int:
    """Layers with weights: every conv (depthwise and pointwise apart) and the FC."""
    return sum(1 for r in analysis.rows() if r.weights)


def _printed_conv_rows(analysis) -> int:
    """Table 1's Conv rows as the paper prints them: the built net's convs, less the four extra
    copies of the "5×" pair (two conv rows) that the paper writes once."""
    return sum(1 for r in analysis.rows() if isinstance(r.layer, Conv2d)) - 4 * 2


CONV_3X3_ERRATUM = ("digits swapped: the 3×3 conv's 10,838,016 of 568,740,352 mult-adds is 1.91%; "
                    "the printed column sums to 99.29%, and to 100.01% with 1.91%")
WEIGHTS_ONLY = ("shares of the weights alone (no BN gamma/beta, no FC bias: 4,209,088); with "
                "BN or biases Conv 1×1 and FC miss the printed 74.59% / 24.33%")
# Where a printed figure of Tables 4, 6, 7 misses our count, why (checked: the claim must hold
# or CI fails). Every parameter figure holds with or without BN (4,231,976 or 4,210,088: "4.2").
CLAIMS = {
    (4, "conv-mobilenet", "macs"): {
        "tolerance": 0.0005, "reason": "4,867.29M counted; the print needs 0.79M to 1.79M less, "
        "and the one layer that costs that is the FC (1.02M; every conv costs at least 10.84M, "
        "biases none): without it Conv MobileNet is 4,866.27M, inside, but the same table's "
        "569M for MobileNet needs its FC (567.72M without): the FC counted in one row, not the other"},
    (7, "mobilenet-1.0-160", "macs"): {
        "tolerance": 0.005, "reason": "the paper scales all of 568.74M by ρ² = (160/224)², FC included "
        "(= 290.17M); the FC does not shrink with the input, so the count is 290.68M"},
}
PAIR_FORMULA = ("the slides print the formula; here it is evaluated by hand at this pair's N (the "
                "pointwise row's filters) and D_K as Table 1 prints them")
_SLIDE_TABLES = {1: (kim("slide 'MobileNet (7/8)', Table 1"), group3("slide 'MobileNet', Table 1")),
                 2: (kim("slide 'ShuffleNet (1/10)', Table 2"),), 4: (kim("slide 'MobileNet (8/8)', Table 4"),),
                 6: (), 7: (), 8: (kim("slide 'MobileNet (8/8)', Table 8"),)}
_FORMULA = (kim("slide 'MobileNet (5/8)'", "'1/N + 1/(Dk^2)'"),
            group3("slide 'MobileNet'", "'(K^2+M)/(K^2M) = 1/M + 1/K^2'"), paper("Section 3.1"))


def table(number: int, row: str, column: str, model: str, quantity: str) -> dict:
    """A cell of Table 4, 6, 7 or 8 (model, million mult-adds or parameters)."""
    return {"source": (paper(f"Table {number}, row {row}, column {column}"), *_SLIDE_TABLES[number]),
            "label": f"Table {number}: {model} {quantity}", "table": f"mobilenet-table-{number}",
            **CLAIMS.get((number, model, quantity), {})}


def share(kind: str, quantity: str) -> dict:
    """A cell of Table 2: one layer type's share of mult-adds or of parameters."""
    column, what = ("Mult-Adds", "mult-adds") if quantity == "macs" else ("Parameters", "parameters")
    return {"source": (paper(f"Table 2, row {kind}, column {column}"), *_SLIDE_TABLES[2]),
            "measure": type_share(kind, quantity), "label": f"Table 2: {kind} share of {what}",
            "table": "mobilenet-table-2"}


def input_size(node: str, row: str, cell: str) -> dict:
    """Table 1's Input Size cell of a row: its H×W, as what reaches the row's layer."""
    return {"source": (paper(f"Table 1, row '{row}', column Input Size", f"'{cell}'"), *_SLIDE_TABLES[1]),
            "measure": _input(node, 1), "label": f"Table 1, {node} ({row.split(' | ')[0]}): input size",
            "table": "mobilenet-table-1"}


def input_channels(node: str, row: str, cell: str) -> dict:
    """Table 1's Input Size cell of a row: its channels, as what reaches the row's layer."""
    return {"source": (paper(f"Table 1, row '{row}', column Input Size", f"'{cell}'"), *_SLIDE_TABLES[1]),
            "measure": _input(node, 0), "label": f"Table 1, {node} ({row.split(' | ')[0]}): input channels",
            "table": "mobilenet-table-1"}


def pair(block: str, n: int, k: int) -> dict:
    """The separable / standard cost of one depthwise + pointwise pair, 1/N + 1/D_K²."""
    return {"source": _FORMULA, "node": f"{block}/dw", "measure": _pair_ratio(block), "table": "mobilenet-other",
            "label": f"{block}: separable / standard mult-adds, 1/N + 1/D_K² (N = {n}, D_K = {k})",
            "reason": PAIR_FORMULA}


FIGURES = [
    Figure("mobilenet", "percent", "94.86%", **share("Conv 1×1", "macs")),
    Figure("mobilenet", "percent", "3.06%", **share("Conv DW 3×3", "macs")),
    Figure("mobilenet", "percent", "1.19%", **share("Conv 3×3", "macs"), erratum=CONV_3X3_ERRATUM),
    Figure("mobilenet", "percent", "0.18%", **share("Fully connected", "macs")),
    Figure("mobilenet", "percent", "74.59%", **share("Conv 1×1", "weights"), reason=WEIGHTS_ONLY),
    Figure("mobilenet", "percent", "1.06%", **share("Conv DW 3×3", "weights"), reason=WEIGHTS_ONLY),
    Figure("mobilenet", "percent", "0.02%", **share("Conv 3×3", "weights"), reason=WEIGHTS_ONLY),
    Figure("mobilenet", "percent", "24.33%", **share("Fully connected", "weights"), reason=WEIGHTS_ONLY),
    Figure("conv-mobilenet", "macs", "4866M", **table(4, "Conv MobileNet", "Million Mult-Adds", "conv-mobilenet", "macs")),
    Figure("conv-mobilenet", "params", "29.3M",
           **table(4, "Conv MobileNet", "Million Parameters", "conv-mobilenet", "params")),
    Figure("mobilenet", "macs", "569M", **table(4, "MobileNet", "Million Mult-Adds", "mobilenet", "macs")),
    Figure("mobilenet", "params", "4.2M", **table(4, "MobileNet", "Million Parameters", "mobilenet", "params")),
    Figure("mobilenet", "ratio", "8.5",
           kim("slide 'MobileNet (8/8)'", "'연산량은 8.5배, 파라미터의 수는 7배 감소' (8.5× fewer mult-adds, "
                                          "7× fewer parameters than Conv MobileNet)"),
           measure=conv_over_separable("macs"), tolerance=0.01,
           label="Table 4: Conv MobileNet / MobileNet mult-adds", table="mobilenet-table-4",
           reason="the slide divides Table 4's 4866 by 569 (8.55); the counts give 8.56"),
    Figure("mobilenet", "ratio", "7",
           kim("slide 'MobileNet (8/8)'", "'파라미터의 수는 7배 감소' (7× fewer parameters than Conv MobileNet)"),
           measure=conv_over_separable("params"),
           label="Table 4: Conv MobileNet / MobileNet parameters", table="mobilenet-table-4"),
    Figure("mobilenet", "macs", "569M", **table(6, "1.0 MobileNet-224", "Million Mult-Adds", "mobilenet", "macs")),
    Figure("mobilenet", "params", "4.2M",
           **table(6, "1.0 MobileNet-224", "Million Parameters", "mobilenet", "params")),
    Figure("mobilenet-0.75", "macs", "325M",
           **table(6, "0.75 MobileNet-224", "Million Mult-Adds", "mobilenet-0.75", "macs")),
    Figure("mobilenet-0.75", "params", "2.6M",
           **table(6, "0.75 MobileNet-224", "Million Parameters", "mobilenet-0.75", "params")),
    Figure("mobilenet-0.5", "macs", "149M",
           **table(6, "0.5 MobileNet-224", "Million Mult-Adds", "mobilenet-0.5", "macs")),
    Figure("mobilenet-0.5", "params", "1.3M",
           **table(6, "0.5 MobileNet-224", "Million Parameters", "mobilenet-0.5", "params")),
    Figure("mobilenet-0.25", "macs", "41M",
           **table(6, "0.25 MobileNet-224", "Million Mult-Adds", "mobilenet-0.25", "macs")),
    Figure("mobilenet-0.25", "params", "0.5M",
           **table(6, "0.25 MobileNet-224", "Million Parameters", "mobilenet-0.25", "params")),
    Figure("mobilenet", "macs", "569M", **table(7, "1.0 MobileNet-224", "Million Mult-Adds", "mobilenet", "macs")),
    Figure("mobilenet", "params", "4.2M",
           **table(7, "1.0 MobileNet-224", "Million Parameters", "mobilenet", "params")),
    Figure("mobilenet-1.0-192", "macs", "418M",
           **table(7, "1.0 MobileNet-192", "Million Mult-Adds", "mobilenet-1.0-192", "macs")),
    Figure("mobilenet-1.0-192", "params", "4.2M",
           **table(7, "1.0 MobileNet-192", "Million Parameters", "mobilenet-1.0-192", "params")),
    Figure("mobilenet-1.0-160", "macs", "290M",
           **table(7, "1.0 MobileNet-160", "Million Mult-Adds", "mobilenet-1.0-160", "macs")),
    Figure("mobilenet-1.0-160", "params", "4.2M",
           **table(7, "1.0 MobileNet-160", "Million Parameters", "mobilenet-1.0-160", "params")),
    Figure("mobilenet-1.0-128", "macs", "186M",
           **table(7, "1.0 MobileNet-128", "Million Mult-Adds", "mobilenet-1.0-128", "macs")),
    Figure("mobilenet-1.0-128", "params", "4.2M",
           **table(7, "1.0 MobileNet-128", "Million Parameters", "mobilenet-1.0-128", "params")),
    # Table 8's GoogLeNet and VGG 16 rows are in googlenet.py and vgg.py.
    Figure("mobilenet", "macs", "569M", **table(8, "1.0 MobileNet-224", "Million Mult-Adds", "mobilenet", "macs")),
    Figure("mobilenet", "params", "4.2M",
           **table(8, "1.0 MobileNet-224", "Million Parameters", "mobilenet", "params")),
    # Table 1's Input Size column, every row (the "5×" pair as its five copies): the height and
    # channels reaching the row's layer. The Softmax row's input is the FC's output.
    Figure("mobilenet", "count", "224×224", **input_size("conv1/conv", "Conv / s2 | 3×3×3×32", "224×224×3")),
    Figure("mobilenet", "count", "3", **input_channels("conv1/conv", "Conv / s2 | 3×3×3×32", "224×224×3")),
    Figure("mobilenet", "count", "112×112", **input_size("ds1/dw", "Conv dw / s1 | 3×3×32 dw", "112×112×32")),
    Figure("mobilenet", "count", "32", **input_channels("ds1/dw", "Conv dw / s1 | 3×3×32 dw", "112×112×32")),
    Figure("mobilenet", "count", "112×112", **input_size("ds1/pw", "Conv / s1 | 1×1×32×64", "112×112×32")),
    Figure("mobilenet", "count", "32", **input_channels("ds1/pw", "Conv / s1 | 1×1×32×64", "112×112×32")),
    Figure("mobilenet", "count", "112×112", **input_size("ds2/dw", "Conv dw / s2 | 3×3×64 dw", "112×112×64")),
    Figure("mobilenet", "count", "64", **input_channels("ds2/dw", "Conv dw / s2 | 3×3×64 dw", "112×112×64")),
    Figure("mobilenet", "count", "56×56", **input_size("ds2/pw", "Conv / s1 | 1×1×64×128", "56×56×64")),
    Figure("mobilenet", "count", "64", **input_channels("ds2/pw", "Conv / s1 | 1×1×64×128", "56×56×64")),
    Figure("mobilenet", "count", "56×56", **input_size("ds3/dw", "Conv dw / s1 | 3×3×128 dw", "56×56×128")),
    Figure("mobilenet", "count", "128", **input_channels("ds3/dw", "Conv dw / s1 | 3×3×128 dw", "56×56×128")),
    Figure("mobilenet", "count", "56×56", **input_size("ds3/pw", "Conv / s1 | 1×1×128×128", "56×56×128")),
    Figure("mobilenet", "count", "128", **input_channels("ds3/pw", "Conv / s1 | 1×1×128×128", "56×56×128")),
    Figure("mobilenet", "count", "56×56", **input_size("ds4/dw", "Conv dw / s2 | 3×3×128 dw", "56×56×128")),
    Figure("mobilenet", "count", "128", **input_channels("ds4/dw", "Conv dw / s2 | 3×3×128 dw", "56×56×128")),
    Figure("mobilenet", "count", "28×28", **input_size("ds4/pw", "Conv / s1 | 1×1×128×256", "28×28×128")),
    Figure("mobilenet", "count", "128", **input_channels("ds4/pw", "Conv / s1 | 1×1×128×256", "28×28×128")),
    Figure("mobilenet", "count", "28×28", **input_size("ds5/dw", "Conv dw / s1 | 3×3×256 dw", "28×28×256")),
    Figure("mobilenet", "count", "256", **input_channels("ds5/dw", "Conv dw / s1 | 3×3×256 dw", "28×28×256")),
    Figure("mobilenet", "count", "28×28", **input_size("ds5/pw", "Conv / s1 | 1×1×256×256", "28×28×256")),
    Figure("mobilenet", "count", "256", **input_channels("ds5/pw", "Conv / s1 | 1×1×256×256", "28×28×256")),
    Figure("mobilenet", "count", "28×28", **input_size("ds6/dw", "Conv dw / s2 | 3×3×256 dw", "28×28×256")),
    Figure("mobilenet", "count", "256", **input_channels("ds6/dw", "Conv dw / s2 | 3×3×256 dw", "28×28×256")),
    Figure("mobilenet", "count", "14×14", **input_size("ds6/pw", "Conv / s1 | 1×1×256×512", "14×14×256")),
    Figure("mobilenet", "count", "256", **input_channels("ds6/pw", "Conv / s1 | 1×1×256×512", "14×14×256")),
    Figure("mobilenet", "count", "14×14", **input_size("ds7/dw", "Conv dw / s1 | 3×3×512 dw", "14×14×512")),
    Figure("mobilenet", "count", "512", **input_channels("ds7/dw", "Conv dw / s1 | 3×3×512 dw", "14×14×512")),
    Figure("mobilenet", "count", "14×14", **input_size("ds7/pw", "Conv / s1 | 1×1×512×512", "14×14×512")),
    Figure("mobilenet", "count", "512", **input_channels("ds7/pw", "Conv / s1 | 1×1×512×512", "14×14×512")),
    Figure("mobilenet", "count", "14×14", **input_size("ds8/dw", "Conv dw / s1 | 3×3×512 dw", "14×14×512")),
    Figure("mobilenet", "count", "512", **input_channels("ds8/dw", "Conv dw / s1 | 3×3×512 dw", "14×14×512")),
    Figure("mobilenet", "count", "14×14", **input_size("ds8/pw", "Conv / s1 | 1×1×512×512", "14×14×512")),
    Figure("mobilenet", "count", "512", **input_channels("ds8/pw", "Conv / s1 | 1×1×512×512", "14×14×512")),
    Figure("mobilenet", "count", "14×14", **input_size("ds9/dw", "Conv dw / s1 | 3×3×512 dw", "14×14×512")),
    Figure("mobilenet", "count", "512", **input_channels("ds9/dw", "Conv dw / s1 | 3×3×512 dw", "14×14×512")),
    Figure("mobilenet", "count", "14×14", **input_size("ds9/pw", "Conv / s1 | 1×1×512×512", "14×14×512")),
    Figure("mobilenet", "count", "512", **input_channels("ds9/pw", "Conv / s1 | 1×1×512×512", "14×14×512")),
    Figure("mobilenet", "count", "14×14", **input_size("ds10/dw", "Conv dw / s1 | 3×3×512 dw", "14×14×512")),
    Figure("mobilenet", "count", "512", **input_channels("ds10/dw", "Conv dw / s1 | 3×3×512 dw", "14×14×512")),
    Figure("mobilenet", "count", "14×14", **input_size("ds10/pw", "Conv / s1 | 1×1×512×512", "14×14×512")),
    Figure("mobilenet", "count", "512", **input_channels("ds10/pw", "Conv / s1 | 1×1×512×512", "14×14×512")),
    Figure("mobilenet", "count", "14×14", **input_size("ds11/dw", "Conv dw / s1 | 3×3×512 dw", "14×14×512")),
    Figure("mobilenet", "count", "512", **input_channels("ds11/dw", "Conv dw / s1 | 3×3×512 dw", "14×14×512")),
    Figure("mobilenet", "count", "14×14", **input_size("ds11/pw", "Conv / s1 | 1×1×512×512", "14×14×512")),
    Figure("mobilenet", "count", "512", **input_channels("ds11/pw", "Conv / s1 | 1×1×512×512", "14×14×512")),
    Figure("mobilenet", "count", "14×14", **input_size("ds12/dw", "Conv dw / s2 | 3×3×512 dw", "14×14×512")),
    Figure("mobilenet", "count", "512", **input_channels("ds12/dw", "Conv dw / s2 | 3×3×512 dw", "14×14×512")),
    Figure("mobilenet", "count", "7×7", **input_size("ds12/pw", "Conv / s1 | 1×1×512×1024", "7×7×512")),
    Figure("mobilenet", "count", "512", **input_channels("ds12/pw", "Conv / s1 | 1×1×512×1024", "7×7×512")),
    Figure("mobilenet", "count", "7×7", **input_size("ds13/dw", "Conv dw / s2 | 3×3×1024 dw", "7×7×1024")),
    Figure("mobilenet", "count", "1024", **input_channels("ds13/dw", "Conv dw / s2 | 3×3×1024 dw", "7×7×1024")),
    Figure("mobilenet", "count", "7×7", **input_size("ds13/pw", "Conv / s1 | 1×1×1024×1024", "7×7×1024")),
    Figure("mobilenet", "count", "1024", **input_channels("ds13/pw", "Conv / s1 | 1×1×1024×1024", "7×7×1024")),
    Figure("mobilenet", "count", "7×7", **input_size("classifier/pool", "Avg Pool / s1 | Pool 7×7", "7×7×1024")),
    Figure("mobilenet", "count", "1024",
           **input_channels("classifier/pool", "Avg Pool / s1 | Pool 7×7", "7×7×1024")),
    Figure("mobilenet", "count", "1×1", **input_size("classifier/fc", "FC / s1 | 1024×1000", "1×1×1024")),
    Figure("mobilenet", "count", "1024", **input_channels("classifier/fc", "FC / s1 | 1024×1000", "1×1×1024")),
    Figure("mobilenet", "output_size", "1×1",
           (paper("Table 1, row 'Softmax / s1 | Classifier', column Input Size", "'1×1×1000'"), *_SLIDE_TABLES[1]),
           node="classifier/fc", label="Table 1, softmax (Softmax / s1): input size", table="mobilenet-table-1"),
    Figure("mobilenet", "output_channels", "1000",
           (paper("Table 1, row 'Softmax / s1 | Classifier', column Input Size", "'1×1×1000'"), *_SLIDE_TABLES[1]),
           node="classifier/fc", label="Table 1, softmax (Softmax / s1): input channels",
           table="mobilenet-table-1"),
    Figure("mobilenet", "count", "2",
           (paper("Table 1, row 'Conv dw / s2 | 3×3×1024 dw'", "input 7×7×1024"), *_SLIDE_TABLES[1]),
           measure=lambda analysis: analysis.row("ds13/dw").layer.stride[0], table="mobilenet-table-1",
           label="Table 1: stride of the depthwise conv on 7×7×1024",
           erratum="misprint: the next row's input is 7×7×1024 too, so the stride is 1 (as in the TF "
                   "reference); a stride of 2 would give 4×4"),
    # The cost formula 1/N + 1/D_K² of the slides, at each pair's N and D_K as Table 1 prints them.
    Figure("mobilenet", "ratio", "73 : 576", **pair("ds1", 64, 3)),
    Figure("mobilenet", "ratio", "137 : 1152", **pair("ds2", 128, 3)),
    Figure("mobilenet", "ratio", "137 : 1152", **pair("ds3", 128, 3)),
    Figure("mobilenet", "ratio", "265 : 2304", **pair("ds4", 256, 3)),
    Figure("mobilenet", "ratio", "265 : 2304", **pair("ds5", 256, 3)),
    Figure("mobilenet", "ratio", "521 : 4608", **pair("ds6", 512, 3)),
    Figure("mobilenet", "ratio", "521 : 4608", **pair("ds7", 512, 3)),
    Figure("mobilenet", "ratio", "521 : 4608", **pair("ds8", 512, 3)),
    Figure("mobilenet", "ratio", "521 : 4608", **pair("ds9", 512, 3)),
    Figure("mobilenet", "ratio", "521 : 4608", **pair("ds10", 512, 3)),
    Figure("mobilenet", "ratio", "521 : 4608", **pair("ds11", 512, 3)),
    Figure("mobilenet", "ratio", "1033 : 9216", **pair("ds12", 1024, 3)),
    Figure("mobilenet", "ratio", "1033 : 9216", **pair("ds13", 1024, 3)),
    Figure("mobilenet", "ratio", "8.5",
           (group3("slide 'MobileNet'", "'K=3일 경우 약 8~9배 더 효율적' (about 8 to 9 times cheaper for K = 3)"),
            paper("Section 3.1", "'between 8 to 9 times less computation than standard convolutions'")),
           measure=conv_over_separable("macs"), significant=1, table="mobilenet-other",
           label="standard / separable mult-adds, 3×3 kernels (8 to 9 times)",
           reason="'8 to 9' read as 8.5 ± 0.5; the whole net, Conv MobileNet over MobileNet; per "
                  "pair the formula gives 576/73 (7.9, ds1, N = 64) up to 9216/1033 (8.9, N = 1024)"),
    Figure("mobilenet", "count", "19", group3("slide 'MobileNet'", "'19개의 layers' (19 layers)"),
           measure=_weight_layers, label="MobileNet layers (course slides)", table="mobilenet-other",
           explained_by=_printed_conv_rows,
           erratum="the paper counts 28 (Howard et al. 2017, Section 3.2: 'Counting depthwise and "
                   "pointwise convolutions as separate layers, MobileNet has 28 layers'): 27 convs and "
                   "the FC; 19 is Table 1's conv rows as printed, the '5×' pair written once"),
]
