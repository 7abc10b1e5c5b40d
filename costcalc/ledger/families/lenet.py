"""LeNet-5: the paper's own counts (LeCun et al. 1998, Section II.B).

The course material only names LeNet. Layers whose modern reading differs (S2, C3, S4, the RBF
output; see costcalc/specs/lenet.py) are left to the total's reason.
"""

from __future__ import annotations

from ..model import Figure
from ..sources import LECUN_1998

section = LECUN_1998.at

FIGURES = [
    Figure("lenet5", "params", "156", section("Section II.B", "'Layer C1 ... has 156 trainable parameters'"),
           node="C1", label="C1 parameters", table="lenet-other"),
    Figure("lenet5", "params", "48,120", section("Section II.B", "'Layer C5 ... has 48,120 trainable connections'"),
           node="C5", label="C5 parameters", table="lenet-other",
           reason="C5 is fully connected: connections = parameters"),
    Figure("lenet5", "params", "10,164", section("Section II.B", "'Layer F6 ... has 10,164 trainable parameters'"),
           node="F6", label="F6 parameters", table="lenet-other"),
    Figure("lenet5", "params", "60,000", section("Section II.B", "'only 60,000 trainable parameters'"),
           tolerance=0.03, label="LeNet-5 trainable parameters", table="lenet-other",
           reason="the paper's sum 156 + 12 + 1,516 + 32 + 48,120 + 10,164 is exactly 60,000; our "
                  "reading adds 900 in a full C3 and 850 in a linear output, and drops the pools' 44"),
]
