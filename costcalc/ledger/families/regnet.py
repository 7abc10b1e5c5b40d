"""RegNetX-400MF: the RegNet authors' model zoo (pycls MODEL_ZOO.md, the baselines of
Radosavovic et al. 2020): its flops and params, on the paper's widths (costcalc/specs/regnet.py's
``regnetx-400mf``, pycls's rounding). The zoo's flops are multiply-adds.
"""

from __future__ import annotations

from ..model import Figure
from ..sources import PYCLS_MODEL_ZOO

_ROW = "table RegNetX Models, row RegNetX-400MF, column {}"

FIGURES = [
    Figure("regnetx-400mf", "macs", "0.4G", PYCLS_MODEL_ZOO.at(_ROW.format("flops (B)")), table="regnet-model-zoo",
           label="RegNetX-400MF flops (multiply-adds, B = 10^9)",
           reason="397.7M; torchvision's widths (regnetx-400mf-tv) give 413.8M, also inside"),
    Figure("regnetx-400mf", "params", "5.2M", PYCLS_MODEL_ZOO.at(_ROW.format("params (M)")), table="regnet-model-zoo",
           label="RegNetX-400MF params",
           reason="5,157,512 with pycls's rounding of the stage widths (384 for the last stage); "
                  "torchvision's 400 gives 5,495,976, which would print 5.5"),
]
