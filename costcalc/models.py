"""The registry's former module name, kept so that code written against it still imports:
the layers branch's new specs (convnext, efficientnet, mobilenetv3, shufflenetv2) and tests
import ``costcalc.models``, which main renamed ``costcalc.registry``.

An integration shim of the onnx branch, to be dropped when the lead merges the layers branch and
settles the name. Importing a submodule rebinds the package attribute of the same name, which
would hide ``costcalc.models()`` (the API's model list): so this module is callable as that
function too."""

import sys
import types

from .registry import Model, builtin_models, get_model, load_spec_file  # noqa: F401


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        from .api import models
        return models(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
