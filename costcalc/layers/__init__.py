"""Layer types. Each class holds its shape rule, parameter count, MAC count and other-op count
together, with the formula in its docstring; PyTorch's module of the same name is the reference.

Conventions (the README states them too; every report prints them):

* Shapes are (C, H, W) per sample. The batch N multiplies activations, MACs and other ops,
  never parameters; the engine applies N, so every rule here is per sample.
* MACs are the multiply-accumulates of convolution and fully-connected layers only (the papers'
  "mult-adds"; ResNet's and ShuffleNet's "FLOPs"; GoogLeNet's "ops"), so MACs equal PyTorch
  FlopCounterMode's FLOPs / 2. That includes a Linear applied at every position.
* Bias adds, normalisation, activations, pooling, softmax, residual adds and broadcast
  multiplies are *other ops*, each class saying what one op is (activation.py and norm.py
  state it once for every activation and normalisation); channel shuffle, concat, slice,
  flatten, padding, dropout and drop-path (inference) and identity cost none.
* Params = weights + biases + norm gamma/beta. Running mean/var are *buffers*.
* An activation is a layer's output tensor. Layers computed in place (ReLU, Dropout, ... when
  ``inplace=True``) and views (Flatten, Identity, Slice, DropPath) allocate none.

The contract every layer class follows (what a subclass defines, how it validates its
hyper-parameters, how it raises errors) is in ``costcalc/layers/base.py`` and README's
"Add a layer". Receptive fields (each class's ``receptive_field`` rule, the shared rules, and
what upsampling does) are in ``costcalc/layers/field.py``. Modules: base (the contract, Input), window (Conv2d, ConvTranspose2d, MaxPool2d,
AvgPool2d), pool (global and adaptive pools), dense (Linear, Flatten), norm, activation, merge
(Concat, Add, Mul, Slice, ChannelShuffle, ZeroPadShortcut), resize (Upsample, ZeroPad2d,
PixelShuffle).
"""

from __future__ import annotations

from .activation import (ELU, GELU, DropPath, Dropout, Hardsigmoid, Hardswish, Identity, LeakyReLU,
                         Mish, PReLU, ReLU, ReLU6, Sigmoid, SiLU, Softmax, StochasticDepth, Tanh)
from .base import (NO_PARAMS, RULES, SYMBOLS, Input, Layer, Params, Validator, input_channels,
                   no_macs, no_other_ops, no_params, same_shape)
from .base import TRAINING_RULES, Saved, keeps_buffer, keeps_input, keeps_new, keeps_output, keeps_param, keeps_weight, no_saved
from .dense import Flatten, Linear
from .field import Field, NoField, Span, merge_fields, no_field, same_field, statistics_over_hw, whole_input
from .merge import Add, ChannelShuffle, Concat, Mul, Slice, ZeroPadShortcut
from .norm import BatchNorm2d, GroupNorm, InstanceNorm2d, LayerNorm, LayerNorm2d, LayerScale, LocalResponseNorm
from .pool import AdaptiveAvgPool2d, AdaptiveMaxPool2d, GlobalAvgPool2d
from .resize import PixelShuffle, Upsample, ZeroPad2d
from .window import AvgPool2d, Conv2d, ConvTranspose2d, MaxPool2d


def layer_types() -> dict[str, type[Layer]]:
    """Every public layer class by name (what a spec file may use)."""
    return {name: cls for name, cls in globals().items()
            if isinstance(cls, type) and issubclass(cls, Layer) and not name.startswith("_")
            and not cls.abstract}


__all__ = ["Params", "Layer", "SYMBOLS", "NO_PARAMS", "RULES", "Validator", "no_params", "no_macs",
           "no_other_ops", "same_shape", "input_channels", "layer_types", "Field", "Span", "NoField",
           "same_field", "whole_input", "statistics_over_hw", "merge_fields", "no_field",
           "TRAINING_RULES", "Saved", "keeps_input", "keeps_output", "keeps_weight", "keeps_param",
           "keeps_buffer", "keeps_new", "no_saved", *layer_types()]
