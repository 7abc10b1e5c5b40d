"""costcalc: static cost analysis of convolutional networks (shapes, params, MACs, memory)."""

from .engine import Analysis, analyze
from .errors import CostcalcError, OptionError, ShapeError, SpecError, UnknownModelError
from .graph import Network

__version__ = "0.1.0"
__all__ = ["Analysis", "analyze", "Network", "CostcalcError", "OptionError", "ShapeError",
           "SpecError", "UnknownModelError"]
