"""Parsing of option values shared by the commands."""

from __future__ import annotations

import re

import click

from ..engine import DTYPE_BYTES
from ..errors import OptionError
from ..models import get_model
from ..units import UNIT_SYSTEMS

_SIZE = re.compile(r"^\s*(\d+)\s*(?:[x×]\s*(\d+))?\s*$")


def parse_size(text: str, option: str = "--input") -> tuple[int, int]:
    """'227' → (227, 227); '227x200' → (227, 200)."""
    match = _SIZE.match(text)
    if not match or int(match.group(1)) < 1 or (match.group(2) and int(match.group(2)) < 1):
        raise OptionError(option, "input size is N or HxW with positive integers",
                          "e.g. 227 or 227x227", repr(text))
    h = int(match.group(1))
    return h, int(match.group(2) or h)


def parse_options(pairs: tuple[str, ...], alpha: float | None = None) -> dict:
    """``-O KEY=VALUE`` pairs (values stay text: Model.network reads each as its option's type),
    plus ``--alpha``, which is short for ``-O alpha=...``."""
    options = {} if alpha is None else {"alpha": alpha}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise OptionError("--option", "a build option is KEY=VALUE", "e.g. alpha=0.75", repr(pair))
        options[key.strip()] = value.strip()  # Model.network reads it as the option's type
    return options


def build_analysis(model: str, model_pick: str | None, build_options: tuple[str, ...],
                   alpha: float | None, input_size: str | None, batch: int, dtype: str):
    """The steps every single-model command takes: find the model, build it with its options,
    analyse it at the asked input. Returns (model, options, analysis)."""
    from ..engine import analyze
    spec = get_model(model, model_pick)
    options = parse_options(build_options, alpha)
    size = parse_size(input_size) if input_size else None
    return spec, options, analyze(spec.network(**options), input_size=size, batch=batch, dtype=dtype)


def analysis_options(f):
    """The options every analysing command shares."""
    decorators = [
        click.option("--input", "input_size", metavar="N|HxW",
                     help="Input resolution, e.g. 227 or 227x227 (default: the spec's)."),
        click.option("--batch", default=1, show_default=True, type=click.IntRange(min=1),
                     help="Batch size: multiplies activations, MACs and other ops, not params."),
        click.option("--dtype", default="fp32", show_default=True, type=click.Choice(list(DTYPE_BYTES)),
                     help="Element type, for bytes of activations and weights."),
        click.option("--units", default="decimal", show_default=True, type=click.Choice(UNIT_SYSTEMS),
                     help="K/M/G as powers of 1000 (decimal) or 1024 (binary: for counts too, and KiB/MiB)."),
        click.option("-O", "--option", "build_options", multiple=True, metavar="KEY=VALUE",
                     help="Build option passed to the model's builder, e.g. -O num_classes=10."),
        click.option("--alpha", type=float, metavar="FLOAT",
                     help="Width multiplier, short for -O alpha=FLOAT (MobileNet)."),
        click.option("--model", "model_pick", metavar="NAME",
                     help="Which model, when a spec file defines several."),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f
