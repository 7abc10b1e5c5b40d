"""``costcalc export MODEL -o model.onnx``: any model as an ONNX graph (the costcalc[onnx] extra)."""

from __future__ import annotations

import click

from .options import parse_options


@click.command()
@click.argument("model")
@click.option("-o", "--output", required=True, metavar="FILE", help="The .onnx file to write.")
@click.option("--input", "input_size", metavar="N|HxW", help="Input resolution the graph is written for "
              "(default: the spec's).")
@click.option("-O", "--option", "build_options", multiple=True, metavar="KEY=VALUE",
              help="Build option passed to the model's builder (`costcalc info MODEL` lists them).")
@click.option("--alpha", type=float, metavar="FLOAT", help="Width multiplier, short for -O alpha=FLOAT.")
@click.option("--model", "model_pick", metavar="NAME", help="Which model, when a spec file defines several.")
@click.option("--with-weights", is_flag=True,
              help="Write zero-valued weights inline (a file ONNX Runtime can run) instead of dims only.")
def export(model, output, input_size, build_options, alpha, model_pick, with_weights):
    """Write MODEL (a built-in name, a .py spec file or an .onnx file) as an ONNX graph: its
    initializers hold dims and no data unless --with-weights. Opens in Netron."""
    from ..api import export as export_model
    path = export_model(model, output, input_size, options=parse_options(build_options, alpha),
                        name=model_pick, with_weights=with_weights)
    click.echo(f"wrote {path}", err=True)
