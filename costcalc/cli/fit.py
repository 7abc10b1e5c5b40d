"""``costcalc fit``: the largest batch that fits a memory budget, for inference and training."""

from __future__ import annotations

import click

from ..engine import DTYPE_BYTES
from ..units import UNIT_SYSTEMS
from .options import parse_options, training_options


@click.command()
@click.argument("model")
@click.option("--memory", required=True, metavar="SIZE",
              help="The memory to fill: 80GB, 512MB (decimal: 1 GB = 10^9 bytes, as GPUs are sold) "
                   "or 24GiB (binary: 1 GiB = 2^30 bytes), or a byte count.")
@training_options
@click.option("--overhead", metavar="PCT|SIZE",
              help="What your framework adds on top of the counted bytes (convolution workspace, "
                   "allocator rounding), e.g. 10% or 2GB; nothing unless you say.")
@click.option("--input", "input_size", metavar="N|HxW", help="Input resolution (default: the spec's).")
@click.option("--dtype", default="fp32", show_default=True, type=click.Choice(list(DTYPE_BYTES)),
              help="Element type of weights and activations (with --amp: fp32 master weights).")
@click.option("-O", "--option", "build_options", multiple=True, metavar="KEY=VALUE",
              help="Build option passed to the model's builder (`costcalc info MODEL` lists them).")
@click.option("--alpha", type=float, metavar="FLOAT", help="Width multiplier, short for -O alpha=FLOAT.")
@click.option("--model", "model_pick", metavar="NAME", help="Which model, when a spec file defines several.")
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(("text", "json")))
@click.option("--units", default="decimal", show_default=True, type=click.Choice(UNIT_SYSTEMS),
              help="How byte counts are shortened: GB (decimal) or GiB (binary).")
def fit(model, memory, training, optimizer, amp, device, overhead, input_size, dtype, build_options, alpha,
        model_pick, fmt, units):
    """The largest batch of MODEL that fits --memory: inference always, a training step with
    --training (with --optimizer, --amp, --device). Memory is affine in the batch, so the batch is
    solved for exactly, then checked: the next batch would not fit."""
    from ..api import fit as fit_model
    result = fit_model(model, memory, training=training, optimizer=optimizer, amp=amp, device=device,
                       input_size=input_size, dtype=dtype, options=parse_options(build_options, alpha),
                       name=model_pick, overhead=overhead)
    from ..report import terminal_width
    click.echo(result.render(fmt, units, terminal_width()), nl=False)
