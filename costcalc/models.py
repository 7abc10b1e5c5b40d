"""The model registry: built-in specs (``costcalc.specs.*``) and users' own spec files.

A spec module defines ``MODELS``, a dict from model name to ``Model``. A user's spec file may
do the same, or define ``build()`` returning a Network (the file's stem names the model).
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import inspect
import pkgutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Callable

from .errors import OptionError, SpecError, UnknownModelError
from .graph import Network


@dataclass(frozen=True)
class Model:
    """A named, buildable network. ``options`` are the keyword arguments ``build`` accepts,
    fixed per name (e.g. alpha=0.75); users may override them with ``-O key=value``."""

    name: str
    build: Callable[..., Network]
    description: str
    source: str
    options: dict = field(default_factory=dict)

    def network(self, **overrides) -> Network:
        accepted = inspect.signature(self.build).parameters
        for key in overrides:
            if key not in accepted:
                raise OptionError(f"{self.name}: option {key}", "this model takes no such option",
                                  ", ".join(accepted) or "no options", key)
        net = self.build(**{**self.options, **overrides})
        if not isinstance(net, Network):
            raise SpecError(self.name, "a model's build() must return a costcalc Network",
                            "Network", type(net).__name__)
        # The registry entry names the model: one builder serves several names.
        net.name = self.name
        net.description = self.description or net.description
        net.source = self.source or net.source
        return net


def models_of(module: ModuleType) -> dict[str, Model]:
    return dict(getattr(module, "MODELS", {}))


@cache
def spec_module_names() -> tuple[str, ...]:
    package = importlib.import_module("costcalc.specs")
    return tuple(sorted(m.name for m in pkgutil.iter_modules(package.__path__)
                        if not m.name.startswith("_")))


@cache
def spec_modules() -> tuple[ModuleType, ...]:
    """Every built-in spec module, in name order."""
    return tuple(importlib.import_module(f"costcalc.specs.{n}") for n in spec_module_names())


def _find_builtin(name: str) -> Model | None:
    """The model called ``name``, importing as few spec modules as possible: a model usually
    starts with its family's file name (vgg16 in vgg.py), so that file is tried first. This
    keeps a cold `costcalc report vgg16` from importing every family. ``builtin_models()``
    (which checks names are unique) is the reference; a test checks both agree."""
    modules = spec_module_names()
    likely = sorted((m for m in modules if name.startswith(m)), key=len, reverse=True)
    for module in likely:
        found = models_of(importlib.import_module(f"costcalc.specs.{module}")).get(name)
        if found is not None:
            return found
    return builtin_models().get(name)


@cache
def builtin_models() -> dict[str, Model]:
    found: dict[str, Model] = {}
    for module in spec_modules():
        for name, model in models_of(module).items():
            if name in found:
                raise SpecError(f"{module.__name__}:{name}", "model names must be unique",
                                "a new name", f"{name!r} already in another spec file")
            found[name] = model
    return found


def load_spec_file(path: Path) -> dict[str, Model]:
    """Models defined by a user's ``.py`` spec file."""
    if not path.is_file():
        raise UnknownModelError(str(path), "spec file does not exist", "a readable .py file", str(path))
    spec = importlib.util.spec_from_file_location(f"costcalc_user_spec_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # the user's file failed: say where, not a traceback
        raise SpecError(str(path), "spec file raised while loading", "a file that imports cleanly",
                        f"{type(exc).__name__}: {exc}") from exc
    models = models_of(module)
    if not models and callable(getattr(module, "build", None)):
        doc = (module.__doc__ or "").strip().splitlines()
        models = {path.stem: Model(path.stem, module.build, doc[0] if doc else "", str(path))}
    if not models:
        raise SpecError(str(path), "a spec file defines MODELS or build()",
                        "MODELS = {name: Model(...)} or def build() -> Network", "neither")
    return models


def get_model(name_or_path: str, model: str | None = None) -> Model:
    """A built-in model by name, or a model from a spec file (``model`` picks one of several)."""
    if name_or_path.endswith(".py") or "/" in name_or_path:
        models = load_spec_file(Path(name_or_path))
        if model is None and len(models) == 1:
            return next(iter(models.values()))
        if model in models:
            return models[model]
        raise OptionError("--model", f"{name_or_path} defines several models; pick one",
                          " | ".join(models), model)
    found = _find_builtin(name_or_path)
    if found is not None:
        return found
    models = builtin_models()
    close = difflib.get_close_matches(name_or_path, models, n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise UnknownModelError(name_or_path, "unknown model" + hint,
                            "a name from `costcalc list` or a path to a .py spec file",
                            repr(name_or_path))
