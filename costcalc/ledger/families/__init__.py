"""Every family's ledger records: one module per spec family, each with ``FIGURES`` (and
``NOT_COMPUTABLE`` where a source states what a static analysis cannot compute).

A family module imports the ledger's data model, the sources it cites, the layer classes and
the engine it measures with (and, where a reason explains a reading, its own family's spec);
never the report pages, the renderers or another family's spec. ``_structure`` holds the
measures the architecture tables share (blocks per stage, a stage's stride, a depthwise conv's
kernel); ``accuracy`` holds every model's ImageNet top-1 accuracy (not computable), one record
per model, for the complexity landscape.
"""

from __future__ import annotations

from . import (accuracy, alexnet, convnext, densenet, efficientnet, googlenet, inception, lenet, mobilenet,
               mobilenetv2, mobilenetv3, regnet, resnet, resnext, senet, shufflenet, shufflenetv2, squeezenet,
               vgg, wrn, xception)

MODULES = (alexnet, googlenet, inception, lenet, mobilenet, resnet, shufflenet, squeezenet, vgg,
           resnext, densenet, xception, senet, mobilenetv2, mobilenetv3, shufflenetv2, efficientnet, wrn,
           convnext, regnet, accuracy)


def family(module) -> str:
    """A family module's name: ``costcalc.ledger.families.vgg`` → ``vgg``."""
    return module.__name__.rsplit(".", 1)[-1]


def figures_by_family() -> list[tuple[str, object]]:
    """Every declared figure with the family it is declared in, in family order."""
    return [(family(m), f) for m in MODULES for f in getattr(m, "FIGURES", [])]


def not_computable_by_family() -> list[tuple[str, object]]:
    return [(family(m), n) for m in MODULES for n in getattr(m, "NOT_COMPUTABLE", [])]
