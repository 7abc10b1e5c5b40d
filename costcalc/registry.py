"""The model registry: built-in specs (``costcalc.specs.*``) and users' own spec files.

A spec module defines ``MODELS``, a dict from model name to ``Model``. A user's spec file may
do the same, or define ``build()`` returning a Network (the file's stem names the model).
"""

from __future__ import annotations

import difflib
import functools
import importlib
import importlib.util
import pkgutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Callable

from .errors import CostcalcError, OptionError, SpecError, UnknownModelError
from .graph import Network
from .options import Option, options_of


@dataclass(frozen=True)
class Model:
    """A named, buildable network. ``options`` are values of the builder's options fixed for
    this name (e.g. alpha=0.75); users may override them with ``-O key=value``. What each
    option allows is declared beside the builder (costcalc.options)."""

    name: str
    build: Callable[..., Network]
    description: str
    source: str
    options: dict = field(default_factory=dict)

    def declared_options(self) -> list[Option]:
        """The options this model takes, each with the default it has under this name."""
        found = options_of(self.build)
        return [replace(o, default=self.options.get(o.name, o.default)) for o in found.values()]

    def check_options(self, overrides: dict) -> dict:
        """``overrides`` checked and read as their options' types (text from the command line
        too); an unknown name or a value the option does not allow is an OptionError."""
        accepted = options_of(self.build)
        given = {}
        for key, value in overrides.items():
            where = f"{self.name}: option {key}"
            if not isinstance(key, str) or key not in accepted:
                raise OptionError(where, "this model takes no such option",
                                  ", ".join(accepted) or "no options", repr(key))
            given[key] = accepted[key].coerce(value, where)
        return given

    def network(self, **overrides) -> Network:
        """Build the model; ``overrides`` (e.g. from ``-O alpha=0.6``) replace its options."""
        given = self.check_options(overrides)
        fixed = self.check_options(self.options)  # a registry entry obeys the same declarations
        try:
            net = self.build(**{**fixed, **given})
        except OptionError as exc:
            if exc.where.startswith("option "):  # a builder names the option; we name the model
                raise OptionError(f"{self.name}: {exc.where}", exc.rule, exc.expected,
                                  exc.received) from None
            raise
        except CostcalcError as exc:
            place = _spec_frame(exc)
            if place:  # a layer refused a value the spec's code gave it: say which line did
                raise type(exc)(f"{exc.where} ({place})", exc.rule, exc.expected, exc.received) from None
            raise
        except (Exception, SystemExit, KeyboardInterrupt) as exc:  # a bug in a spec file: one line
            raise SpecError(self.name, "build() raised", "a Network",
                            raised(exc)) from exc
        if not isinstance(net, Network):
            raise SpecError(self.name, "a model's build() must return a costcalc Network",
                            "Network", type(net).__name__)
        # The registry entry names the model (one builder serves several names). The builder's
        # description, written from the options it was given, is the true one whenever it writes
        # one (it never names an input size: the report's input line says which was analysed);
        # the registry's (what `costcalc list` shows) stands in for a builder that writes none.
        net.name = self.name
        net.description = net.description or self.description
        net.source = self.source or net.source
        net.options = dict(given)
        return net


def _where(exc: BaseException) -> str:
    """file:line of the innermost frame of a traceback (of the file itself for a SyntaxError),
    for one-line error messages."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{Path(exc.filename).name}:{exc.lineno}"
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb else "unknown place"


_CORE = Path(__file__).resolve().parent


def _spec_frame(exc: BaseException) -> str | None:
    """file:line of the innermost frame outside costcalc's own code (the spec file's line that
    built the layer), or None when there is none."""
    place, tb = None, exc.__traceback__
    while tb is not None:
        file = Path(tb.tb_frame.f_code.co_filename)
        if not file.resolve().is_relative_to(_CORE):
            place = f"{file.name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return place


def raised(exc: BaseException) -> str:
    """'ZeroDivisionError: division by zero (spec.py:4)': what a spec file's code raised, in one line."""
    text = (exc.msg if isinstance(exc, SyntaxError) else str(exc)).replace("\n", " ")
    text = text if len(text) <= 200 else text[:197] + "..."
    return f"{type(exc).__name__}{': ' + text if text else ''} ({_where(exc)})"


def models_of(module: ModuleType, where: str | None = None) -> dict[str, Model]:
    """A module's ``MODELS``: a dict from name to Model (checked, since a spec file is the
    user's own code)."""
    found = getattr(module, "MODELS", {})
    where = where or module.__name__
    if not isinstance(found, dict):
        raise SpecError(f"{where}: MODELS", "MODELS is a dict from model name to Model",
                        "{'name': Model(...)}", type(found).__name__)
    for name, model in found.items():
        if not isinstance(name, str) or not isinstance(model, Model):
            raise SpecError(f"{where}: MODELS", "MODELS maps each name (text) to a costcalc Model",
                            "{'name': Model(...)}", f"{name!r}: {type(model).__name__}")
    return dict(found)


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


def suggestions(name: str, choices) -> list[str]:
    """Up to three close matches, ignoring case (VGG16 → vgg16)."""
    by_lower = {c.lower(): c for c in choices}
    return [by_lower[c] for c in difflib.get_close_matches(name.lower(), by_lower, n=3, cutoff=0.6)]


def _short_path(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 80 else text[:40] + "…" + text[-39:]


def load_spec_file(path: Path) -> dict[str, Model]:
    """Models defined by a user's ``.py`` spec file.

    A spec file is Python that runs, like a setup.py: load only files you trust. While it loads
    (and while its builders run) its own directory is first on ``sys.path``, so it may import a
    helper module beside it.
    """
    shown = _short_path(path)
    try:
        is_dir, is_file = path.is_dir(), path.is_file()
    except OSError as exc:  # e.g. a name longer than the file system allows
        raise UnknownModelError(shown, "cannot read the spec file", "a readable .py file",
                                exc.strerror or type(exc).__name__) from None
    if is_dir:
        raise UnknownModelError(shown, "a spec file is a .py file, not a directory",
                                "a readable .py file", shown)
    if not is_file:
        raise UnknownModelError(shown, "spec file does not exist", "a readable .py file", shown)
    if path.suffix != ".py":
        raise UnknownModelError(shown, "a spec file is Python source ending in .py",
                                "a readable .py file", shown)
    spec = importlib.util.spec_from_file_location(f"costcalc_user_spec_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    with _beside(path):
        try:
            spec.loader.exec_module(module)
        except (Exception, SystemExit, KeyboardInterrupt) as exc:  # the user's file failed: one line
            raise SpecError(shown, "spec file raised while loading", "a file that imports cleanly",
                            raised(exc)) from exc
    models = models_of(module, shown)
    if not models and callable(getattr(module, "build", None)):
        doc = (module.__doc__ or "").strip().splitlines()
        # No registry description: the Network's own description=..., else the docstring's first line
        models = {path.stem: Model(path.stem, _running_beside(path, module.build, doc[0] if doc else ""),
                                   "", str(path))}
    if not models:
        raise SpecError(shown, "a spec file defines MODELS or build()",
                        "MODELS = {name: Model(...)} or def build() -> Network", "neither")
    return models


@contextmanager
def _beside(path: Path):
    """The spec file's directory first on sys.path, for as long as the block runs."""
    folder = str(path.resolve().parent)
    sys.path.insert(0, folder)
    try:
        yield
    finally:
        if folder in sys.path:
            sys.path.remove(folder)


def _running_beside(path: Path, build: Callable, description: str) -> Callable:
    """``build`` run with its file's directory on sys.path (it may import a helper lazily); a
    Network without a description gets ``description`` (the file's docstring)."""
    @functools.wraps(build)
    def run(**options):
        with _beside(path):
            net = build(**options)
        if isinstance(net, Network) and not net.description:
            net.description = description
        return net
    return run


def onnx_model(path: Path) -> Model:
    """A Model for an .onnx file: its graph read with costcalc.onnx.load_onnx when built (the
    file is checked, and the onnx extra required, now)."""
    from .onnx import _path, load_onnx, require_onnx
    file = _path(path)
    require_onnx(str(file))
    name = file.name[:-5] if file.name.endswith(".onnx") else file.stem
    return Model(name, functools.partial(load_onnx, file), f"ONNX graph {file.name}", str(file))


def is_spec_path(name: str) -> bool:
    """Whether a MODEL argument names a spec file rather than a built-in model."""
    return name.endswith(".py") or "/" in name


def get_model(name_or_path: str, model: str | None = None) -> Model:
    """A built-in model by name, or a model from a spec file (``model`` picks one of several)."""
    if name_or_path.endswith(".onnx") and model is None:  # an exported graph (costcalc[onnx] extra)
        return onnx_model(Path(name_or_path))
    if is_spec_path(name_or_path):
        models = load_spec_file(Path(name_or_path))
        if model is None and len(models) == 1:
            return next(iter(models.values()))
        if model in models:
            return models[model]
        if model is None:
            raise OptionError("--model", f"{name_or_path} defines several models; pick one",
                              " | ".join(models), "no --model")
        raise OptionError("--model", f"{name_or_path} defines no model of that name",
                          " | ".join(models), repr(model))
    if model is not None:
        raise OptionError("--model", "--model picks a model inside a spec file, not a built-in one",
                          "a .py spec file as MODEL", f"--model {model} with {name_or_path!r}")
    found = _find_builtin(name_or_path)
    if found is not None:
        return found
    models = builtin_models()
    close = suggestions(name_or_path, models)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise UnknownModelError(name_or_path, "unknown model" + hint,
                            "a name from `costcalc list` or a path to a .py spec file",
                            repr(name_or_path))
