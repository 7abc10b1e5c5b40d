"""ONNX: read any exported network as a costcalc ``Network``, and write costcalc's as ONNX.

Optional extra: ``pip install "costcalc[onnx]"`` (the ``onnx`` package parses the file; the
counting is costcalc's own layers). Nothing here imports ``onnx`` until it is used, so the main
job (``costcalc report vgg16``) never needs it.

* ``load_onnx(path, input_size=None)``: the graph as a Network (reader.py, ops.py, patterns.py).
* ``export_onnx(network, path)``: a Network as an ONNX graph whose initializers have dims and
  no data (export.py); ``costcalc.api.export`` does it for a model name or spec file.
* The registry reads an .onnx path as a model (``costcalc report model.onnx``) through
  ``load_onnx``: this package imports neither the registry nor the API.
"""

from __future__ import annotations

from pathlib import Path

INSTALL = 'pip install "costcalc[onnx]"'


def require_onnx(where: str):
    """The ``onnx`` module, or one error line saying how to install it."""
    try:
        import onnx
    except ImportError:
        from ..errors import MissingExtraError
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
    from ..inputs import parse_input_size
    file = _path(path)
    size = None if input_size is None else parse_input_size(input_size)
    require_onnx(str(file))
    from .reader import read
    return read(file, size)


def export_onnx(network, path, input_size=None, *, with_weights: bool = False, reads=()) -> Path:
    """Write ``network`` as an ONNX graph at ``path``, at ``input_size`` (None: its own).
    Without ``with_weights`` the initializers hold dims only (export.py says how); with it,
    zeros. ``reads``: files the command read (the model), which the output may not replace.
    Returns the path. ``costcalc.api.export`` builds the network from a model name first."""
    from ..errors import OptionError
    from ..inputs import parse_input_size
    size = None if input_size is None else parse_input_size(input_size, "--input")
    if not isinstance(path, (str, Path)) or not str(path):
        raise OptionError("--output", "the ONNX file to write is a path", "e.g. model.onnx", repr(path))
    out = Path(path)
    for source in reads:
        if isinstance(source, (str, Path)) and Path(source).exists() and out.exists() and \
                out.resolve() == Path(source).resolve():
            raise OptionError("--output", "the output would overwrite the model it is written from",
                              "another file name", str(out))
    require_onnx(str(out))
    from .export import write
    return write(network, out, size, with_weights)


__all__ = ["load_onnx", "export_onnx", "require_onnx", "INSTALL"]
