"""costcalc: static cost analysis of convolutional networks (shapes, params, MACs, memory).

The Python API (costcalc/api.py): ``analyze``, ``sweep``, ``models``, ``info``; ``Network`` and
the layers (``costcalc.layers``) to write your own spec.
"""

from .api import MissingExtraError, ModelInfo, Summary, Sweep, analyze, info, models, sweep
from .engine import Analysis
from .errors import CostcalcError, OptionError, ShapeError, SpecError, UnknownModelError
from .graph import Network
from .onnx import load_onnx  # noqa: F401  (ONNX graph → Network; the costcalc[onnx] extra)

from .version import __version__  # noqa: F401  (costcalc.__version__)
__all__ = ["analyze", "sweep", "models", "info", "Analysis", "Summary", "Sweep", "ModelInfo",
           "Network", "CostcalcError", "OptionError", "ShapeError", "SpecError",
           "UnknownModelError", "MissingExtraError"]
