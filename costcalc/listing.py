"""The model registry as text: ``costcalc list`` (one line per model) and ``costcalc info``."""

from __future__ import annotations

import shutil
import textwrap

from tabulate import tabulate

from .api import ModelInfo, analyze
from .errors import CostcalcError
from .units import human


def terminal_width() -> int:
    """$COLUMNS, else the terminal's width, else 100."""
    return shutil.get_terminal_size((100, 24)).columns


def _costs(name: str) -> tuple[str, str]:
    """Params and MACs at the model's own input, short ('25.56M', '4.09G')."""
    try:
        t = analyze(name).totals()
    except CostcalcError:  # a model that cannot run at its defaults is still listed
        return "n/a", "n/a"
    return human(t["params"]), human(t["macs"])


def model_table(models: list[ModelInfo], width: int | None = None) -> str:
    """One row per model: name, params, MACs at its own input, description (cut to fit)."""
    width = width or terminal_width()
    rows = [[m.name, *_costs(m.name), m.description] for m in models]
    # the description starts where tabulate puts it; cut it to what is left of the line
    probe = tabulate([r[:3] + [""] for r in rows], ["model", "params", "MACs", "description"],
                     tablefmt="simple", disable_numparse=True, colalign=("left", "right", "right", "left"))
    room = max(20, width - probe.splitlines()[0].index("description"))
    for r in rows:
        r[3] = textwrap.shorten(r[3], room, placeholder="…")
    table = tabulate(rows, ["model", "params", "MACs", "description"], tablefmt="simple",
                     disable_numparse=True, colalign=("left", "right", "right", "left"))
    return table + "\nparams and MACs at each model's own input; `costcalc info MODEL`: source, options"


def info_text(info: ModelInfo) -> str:
    """A model's description, source, spec family and build options."""
    lines = [f"{info.name}: {info.description}", f"source: {info.source}", f"spec: {info.family}"]
    if not info.options:
        return "\n".join([*lines, "build options: none"]) + "\n"
    rows = [[o.name, o.type_name, repr(o.default), o.allowed.describe() or "any " + o.type_name,
             o.allowed.help] for o in info.options]
    table = tabulate(rows, ["option", "type", "default", "allowed", "meaning"], tablefmt="simple",
                     disable_numparse=True)
    usage = f"set one with: costcalc report {info.name} -O {info.options[0].name}=VALUE"
    return "\n".join([*lines, "", "build options:", table, "", usage]) + "\n"
