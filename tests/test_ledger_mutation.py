"""A changed number in a spec's table turns a figure of its family into a mismatch.

The ledger's printed values are typed from the sources, so they cannot follow a spec that
changes. For each family: copy one row of the spec's table literal, change one number in the
copy, put it in the table for the length of the test (the original row is put back, and the
ledger's analysis cache cleared, however the test ends), and judge the family's figures again:
at least one, and the one named here, must fall to mismatch. The row is replaced in the table
object itself because some models hold the table they were registered with
(``partial(alexnet, ONE_TOWER, 227)``), so rebinding the module's name would not reach them.
"""

from __future__ import annotations

import copy

import pytest
from costcalc.specs import (alexnet, convnext, densenet, efficientnet, googlenet, inception, lenet, mobilenet,
                            mobilenetv2, mobilenetv3, regnet, resnet, resnext, senet, shufflenet, shufflenetv2,
                            squeezenet, vgg, wrn, xception)

from costcalc import ledger
from costcalc.ledger import families


def _replace(row: tuple, index: int, value) -> tuple:
    return (*row[:index], value, *row[index + 1:])


MUTATIONS = [
    # family, the table, the key(s) of the row(s) changed, the change to a copy, a figure that must now miss
    ("alexnet", alexnet.ONE_TOWER, 0, lambda row: _replace(row, 2, 97),            # conv1: 96 → 97 filters
     "conv1 parameters"),
    ("vgg", vgg.TABLE_1, "D", lambda column: [65, *column[1:]],                    # D's first conv3-64 → 65
     "conv1/conv1_1 weights"),
    ("googlenet", googlenet.TABLE_1, 4, lambda row: _replace(row, 5, 65),          # 3a's #1×1: 64 → 65
     "Table 1, inception_3a (inception (3a)): output channels"),
    ("resnet", resnet.TABLE_1, 50, lambda row: _replace(row, 1, (3, 4, 7, 3)),     # conv4_x × 6 → × 7
     "ResNet-50 conv4_x: [1×1, 256; 3×3, 256; 1×1, 1024] × 6"),
    ("mobilenet", mobilenet.TABLE_1, 26, lambda row: _replace(row, 1, (1, 1, 1024, 1000)),  # last pw: 1024 → 1000
     "Table 1, classifier/pool (Avg Pool / s1): input channels"),
    ("shufflenet", shufflenet.TABLE_1, 4, lambda row: _replace(row, 4, 4),         # Stage2 repeat: 3 → 4
     "Table 1: Stage2 units of stride 1, built as Figure 2 (b)"),
    # the issue's case: Stage2's g = 3 width, 240 → 246 (printed on both of the stage's rows)
    ("shufflenet", shufflenet.TABLE_1, (3, 4), lambda row: _replace(row, 5, (144, 200, 246, 272, 384)),
     "Table 1: Stage2 channels, g = 3"),
    ("squeezenet", squeezenet.TABLE_1, 2, lambda row: _replace(row, 3, (16, 64, 65)),  # fire2 e3x3: 64 → 65
     "squeezenet fire2-4/fire2 params"),
    # inception's TABLE_1 is the paper's, which the released net does not follow (the builder
    # walks MODULES); change the released net's table
    ("inception", inception.MODULES, "A",
     lambda module: {**module, "branch1x1": [(65, 1)]}, "Inception v3 parameters (torchvision)"),
    ("lenet", lenet.TABLE, 0, lambda row: _replace(row, 2, 7),                     # C1: 6 → 7 maps
     "C1 parameters"),
    ("resnext", resnext.DEPTHS, 50, lambda row: (3, 4, 7, 3),                       # conv4 × 6 → × 7
     "Table 1, ResNeXt-50 (32×4d) conv4: [1×1, 512; 3×3, 512, C=32; 1×1, 1024] × 6"),
    ("densenet", densenet.TABLE_1, 121, lambda row: (6, 12, 25, 16),                # block (3): 24 → 25 layers
     "Table 1, DenseNet-121 Dense Block (3): [1×1 conv; 3×3 conv] × 24"),
    ("xception", xception.FLOWS, "middle_flow", lambda flow: [(*flow[0][:2], 9)],  # "Repeated 8 times" → 9
     "Figure 5: Repeated 8 times"),
    ("senet", senet.TABLE_1, 50, lambda row: (3, 4, 6, 4),                          # conv5 × 3 → × 4
     "Table 1, SE-ResNet-50 conv5: [conv, 1×1, 512; conv, 3×3, 512; conv, 1×1, 2048; fc, [128, 2048]] × 3, "
     "blocks"),
    ("mobilenetv2", mobilenetv2.TABLE_2, 3, lambda row: _replace(row, 3, 40),      # 56²×24 row: c 32 → 40
     "Table 2, bottleneck on 56²×24: c (output channels)"),
    ("mobilenetv3", mobilenetv3.TABLE_1, 4, lambda row: _replace(row, 2, 80),      # bneck 4: exp size 72 → 80
     "Table 1, bneck 4 on 56²×24: exp size"),
    # Stage2's width at 1× (printed on both of the stage's rows): 116 → 120
    ("shufflenetv2", shufflenetv2.TABLE_5, (3, 4), lambda row: _replace(row, 5, (48, 120, 176, 244)),
     "Table 5, Stage2: output channels at 1.0×"),
    ("efficientnet", efficientnet.TABLE_1, 4, lambda row: _replace(row, 4, 4),     # stage 5: 3 → 4 layers
     "Table 1, stage 5 (MBConv6, k3x3): #Layers"),
    ("wrn", wrn.DEPTHS, 50, lambda row: (3, 4, 7, 3),                               # WRN-50-2: conv4_x 6 → 7
     "WRN-50-2-bottleneck parameters (ImageNet)"),
    ("convnext", convnext.TABLE_9, 3, lambda row: _replace(row, 2, (384, 10)),     # ConvNeXt-T res4: 9 → 10
     "Table 9, ConvNeXt-T res4: blocks"),
    ("regnet", regnet.REGNETX, "400MF", lambda row: _replace(row, 4, 8),           # group width g 16 → 8
     "RegNetX-400MF params"),
]
FAMILIES = {families.family(m): m for m in families.MODULES}


def _mismatches(family: str) -> set[str]:
    """The family's figures judged mismatch on a value (a net the change broke would fail every
    figure with "cannot be evaluated": not the check meant here)."""
    verdicts = [ledger.verdict(f) for f in FAMILIES[family].FIGURES]
    return {v.figure.title for v in verdicts if v.verdict == "mismatch" and v.computed is not None}


def test_every_family_with_a_table_is_mutated():
    # every family with figures; accuracy's records are all not computable (no table to change)
    assert {m[0] for m in MUTATIONS} == {name for name, m in FAMILIES.items() if m.FIGURES}
    assert not families.accuracy.FIGURES and families.accuracy.NOT_COMPUTABLE


@pytest.mark.parametrize("family, table, keys, change, expected", MUTATIONS,
                         ids=[f"{m[0]}-{m[2]}" for m in MUTATIONS])
def test_a_changed_table_number_is_a_mismatch(family, table, keys, change, expected):
    assert expected in {f.title for f in FAMILIES[family].FIGURES}
    ledger.clear_cache()
    assert _mismatches(family) == set()                        # as committed: no mismatch
    keys = keys if isinstance(keys, tuple) else (keys,)
    original = {key: table[key] for key in keys}
    for key in keys:
        table[key] = change(copy.deepcopy(original[key]))
        assert table[key] != original[key]
    try:
        ledger.clear_cache()
        assert expected in _mismatches(family)
    finally:
        for key in keys:
            table[key] = original[key]
        ledger.clear_cache()
    assert _mismatches(family) == set()                        # and back
