"""ONNX: read any exported network as a costcalc ``Network``, and write costcalc's as ONNX.

Optional extra: ``pip install "costcalc[onnx]"`` (the ``onnx`` package parses the file; the
counting is costcalc's own layers). Nothing here imports ``onnx`` until it is used, so the main
job (``costcalc report vgg16``) never needs it.

* ``load_onnx(path, input_size=None)``: the graph as a Network (reader.py, ops.py, patterns.py).
* ``export_onnx(model, path)``: a built-in model, spec file or Network as an ONNX graph whose
  initializers have dims and no data (export.py).
"""

from __future__ import annotations

from pathlib import Path

INSTALL = 'pip install "costcalc[onnx]"'


def require_onnx(where: str):
    """The ``onnx`` module, or one error line saying how to install it."""
    try:
        import onnx
    except ImportError:
        from ..api import MissingExtraError
        raise MissingExtraError(where, "reading and writing ONNX needs an optional extra", INSTALL,
                                "the onnx package is not installed") from None
    return onnx


def _path(path) -> Path:
    from ..errors import OptionError, UnknownModelError
    if not isinstance(path, (str, Path)):
        raise OptionError("load_onnx", "an ONNX model is a path", "a str or Path", type(path).__name__)
    path = Path(path)
    if not path.is_file():
        raise UnknownModelError(str(path), "ONNX file does not exist", "a readable .onnx file", str(path))
    return path


def load_onnx(path, input_size=None):
    """The ONNX graph at ``path`` as a costcalc Network. ``input_size`` (an int or (H, W)) sets a
    symbolic height and width; a graph with fixed ones accepts only its own size."""
    from ..api import parse_input_size
    file = _path(path)
    size = None if input_size is None else parse_input_size(input_size)
    require_onnx(str(file))
    from .reader import read
    return read(file, size)


def onnx_model(path):
    """A registry Model for an .onnx file (what ``get_model("x.onnx")`` returns)."""
    from ..registry import Model
    file = _path(path)
    require_onnx(str(file))

    def build():
        from .reader import read
        return read(file)
    name = file.name[:-5] if file.name.endswith(".onnx") else file.stem
    return Model(name, build, f"ONNX graph {file.name}", str(file))


def export_onnx(model, path, input_size=None, *, options: dict | None = None, name: str | None = None,
                with_weights: bool = False) -> Path:
    """Write ``model`` (a built-in name, a .py spec file, an .onnx file or a Network) as an ONNX
    graph at ``path``, at ``input_size`` (None: the model's own). Without ``with_weights`` the
    initializers hold dims only (export.py says how); with it, zeros. Returns the path."""
    from ..api import parse_input_size, resolve
    from ..errors import OptionError
    size = None if input_size is None else parse_input_size(input_size, "--input")
    if not isinstance(path, (str, Path)) or not str(path):
        raise OptionError("--output", "the ONNX file to write is a path", "e.g. model.onnx", repr(path))
    out = Path(path)
    if isinstance(model, (str, Path)) and Path(model).exists() and out.exists() and \
            out.resolve() == Path(model).resolve():
        raise OptionError("--output", "the output would overwrite the model it is written from",
                          "another file name", str(out))
    require_onnx(str(out))
    _, network = resolve(model, options, name)
    from .export import write
    return write(network, out, size, with_weights)


__all__ = ["load_onnx", "export_onnx", "onnx_model", "require_onnx", "INSTALL"]
