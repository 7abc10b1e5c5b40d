"""Inception v3 (the released net, as torchvision builds it): the memory table, torchvision's count.

Every printed value is the source's text, typed in. torchvision's published parameter count is
exact, so it checks every filter count of costcalc/specs/inception.py.
"""

from __future__ import annotations

from ..model import Figure, NotComputable
from ..sources import CHOI_CNN_ADVANCED, TORCHVISION_INCEPTION_V3

FIGURES = [
    # Read as decimal MB, as the same table's ResNet-50 (102) and VGG-19 (574) rows must be read;
    # binary does no better. Every reading, and every number the erratum quotes, is checked in
    # tests/test_inception.py.
    Figure("inception-v3", "weight_bytes", "84 MB",
           CHOI_CNN_ADVANCED.at("table 'Memory Per Model', column Size (MB), row Inception v3"),
           label="Inception v3 weight memory (fp32)", table="memory-per-model",
           erratum="too small for the net it names: 84 MB holds 21.0M fp32 numbers, but the net "
                   "has 23,834,568 params (95.3 MB, 90.9 MiB; 108.6 MB, 103.6 MiB with the aux "
                   "classifier) and even its conv layers without the FC are 87.1 MB (83.1 MiB)"),
    Figure("inception-v3", "params", "27161264",
           TORCHVISION_INCEPTION_V3.at("Inception_V3_Weights.IMAGENET1K_V1", "'num_params 27161264'"),
           options={"aux_logits": True}, label="Inception v3 parameters (torchvision)",
           table="inception-other",
           reason="torchvision's weights hold the auxiliary classifier (-O aux_logits=true); without "
                  "it the net has 23,834,568"),
]

NOT_COMPUTABLE = [
    NotComputable("inception-v3", "top-5 error", "5.6%",
                  CHOI_CNN_ADVANCED.at("table 'Memory Per Model', column Error % (top-5), row Inception v3"),
                  "measured accuracy on ImageNet, not a static cost", table="memory-per-model"),
]
