"""Parsing of the options the commands share. Values are checked by the library
(costcalc.api, costcalc.options): the CLI only splits text into names and values."""

from __future__ import annotations

import click

from ..engine import DTYPE_BYTES
from ..errors import OptionError
from ..units import UNIT_SYSTEMS


def parse_options(pairs: tuple[str, ...], alpha: float | None = None) -> dict:
    """``-O KEY=VALUE`` pairs (values stay text: the model's option declarations read each as
    its type), plus ``--alpha``, short for ``-O alpha=...``. One option given twice, in either
    spelling, is an error: which one should win is not ours to guess."""
    options = {} if alpha is None else {"alpha": alpha}
    spelled = {} if alpha is None else {"alpha": f"--alpha {alpha:g}"}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise OptionError("--option", "a build option is KEY=VALUE", "e.g. alpha=0.75", repr(pair))
        if key in options:
            raise OptionError(f"-O {key}", "an option is given once", "one value",
                              f"{spelled[key]} and -O {pair}")
        options[key], spelled[key] = value.strip(), f"-O {pair}"
    return options


def analysis_arguments(model, model_pick, build_options, alpha, input_size, batch, dtype) -> dict:
    """The keyword arguments of costcalc.api.analyze/report from the shared options."""
    return {"model": model, "input_size": input_size, "batch": batch, "dtype": dtype,
            "options": parse_options(build_options, alpha), "name": model_pick}


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
                     help="Build option passed to the model's builder, e.g. -O num_classes=10 "
                          "(`costcalc info MODEL` lists them)."),
        click.option("--alpha", type=float, metavar="FLOAT",
                     help="Width multiplier, short for -O alpha=FLOAT (MobileNet)."),
        click.option("--model", "model_pick", metavar="NAME",
                     help="Which model, when a spec file defines several."),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


# the training options' values (costcalc.training's, named here so the CLI does not import it)
OPTIMIZERS = ("none", "sgd", "momentum", "adam", "adamw")
AMP_DTYPES = ("fp16", "bf16")
DEVICES = ("cuda", "cpu")


def training_options(f, flag: bool = True):
    """--training (unless ``flag`` is False: a command that always counts training), --optimizer,
    --amp and --device; each defaults to None, which the library reads as its default."""
    decorators = [
        click.option("--optimizer", type=click.Choice(OPTIMIZERS),
                     help="Optimizer state: none (forward + backward, gradients kept; the default), "
                          "sgd (no state), momentum (1 per parameter), adam or adamw (2)."),
        click.option("--amp", type=click.Choice(AMP_DTYPES),
                     help="Mixed precision: activations in fp16/bf16, fp32 master weights, "
                          "gradients and optimizer state."),
        click.option("--device", type=click.Choice(DEVICES),
                     help="Where the step runs (default cuda); they differ in what Dropout keeps."),
    ]
    if flag:
        decorators.insert(0, click.option(
            "--training", is_flag=True,
            help="Add training memory: a per-layer saved column (what autograd keeps for backward), "
                 "saved, gradient, optimizer and peak bytes, with the assumptions."))
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


def step_options(f):
    """--optimizer, --amp and --device without --training, for a command that always counts a
    training step (costcalc plot --kind memory)."""
    return training_options(f, flag=False)
