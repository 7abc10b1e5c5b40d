"""What a user passes for an analysis, checked and normalised: input sizes, batch, dtype.
Shared by the Python API, the command line and the ONNX reader."""

from __future__ import annotations

import re

import numpy as np

from . import engine
from .errors import OptionError

_SIZE_TEXT = re.compile(r"^\s*(\d{1,7})\s*(?:[x×]\s*(\d{1,7}))?\s*$")


def is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def parse_input_size(value, where: str = "input_size") -> tuple[int, int]:
    """One input size as (H, W): an int (square), an (H, W) pair, or text "224" / "227x200".

    A 3- or 4-tuple is an error, never something else: PyTorch habits like (1, 3, 224, 224)
    pass the batch and channels, which costcalc takes apart (``batch=``; channels are the spec's).
    """
    if isinstance(value, str):
        match = _SIZE_TEXT.match(value)
        if not match:
            raise OptionError(where, "an input size is N or HxW with positive integers",
                              "e.g. 224 or 227x200", short(value))
        value = (int(match.group(1)), int(match.group(2) or match.group(1)))
    if is_int(value):
        value = (value, value)
    if isinstance(value, list):
        raise OptionError(where, "one input size per analysis: several sizes are a sweep",
                          "an int or an (H, W) tuple; costcalc.sweep(model, sizes=[...]) for a list",
                          short(value))
    if isinstance(value, tuple) and len(value) in (3, 4):
        raise OptionError(where, "an input size is (H, W); give the batch as batch= (channels are "
                          "the spec's own)", "e.g. 224 or (224, 224), batch=1", repr(tuple(value)))
    if not (isinstance(value, tuple) and len(value) == 2 and all(is_int(v) for v in value)):
        raise OptionError(where, "an input size is an int, an (H, W) pair or text like '227x200'",
                          "e.g. 224 or (227, 200)", short(value))
    h, w = (int(v) for v in value)
    if h < 1 or w < 1:
        raise OptionError(where, "input sizes are positive", ">= 1", repr((h, w)))
    return h, w


def short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def batch_size(value, where: str = "batch") -> int:
    if not is_int(value) or value < 1:
        raise OptionError(where, "the batch size is a positive integer", ">= 1", short(value))
    return int(value)


def dtype_name(value, where: str = "dtype") -> str:
    if not isinstance(value, str) or value not in engine.DTYPE_BYTES:
        raise OptionError(where, "unknown dtype", " | ".join(engine.DTYPE_BYTES), short(value))
    return value
