"""Training memory: what one training step of a network holds, layer by layer, with PyTorch's
autograd (torch 2.14) as the reference. Each layer's ``saved`` rule (costcalc/layers) says which
tensors its operation keeps for backward, citing tools/autograd/derivatives.yaml; this module
puts them together over the schedule.

Every figure is an exact integer and affine in the batch N (``Affine``: fixed + per_sample·N),
so ``costcalc fit`` solves for the largest batch instead of searching.

* **saved bytes**: the distinct tensors kept for backward, what
  ``torch.autograd.graph.saved_tensors_hooks`` sees as distinct storages. A tensor is identified
  by the node whose memory holds it (an in-place layer writes into its input's memory, a view
  shows its input's), so a tensor that several layers keep counts once, and a view keeps its
  whole base. Weights, running statistics and the input count where an op keeps them.
* **gradient bytes**: one gradient per parameter, in the parameters' type.
* **optimizer bytes**: per parameter, sgd 0 states, momentum 1 (the momentum buffer), adam and
  adamw 2 (exp_avg, exp_avg_sq), in the parameters' type.
* **training peak**: the most bytes alive at once over one step: the forward pass (weights,
  buffers, input and optimizer states from the start; each layer's new output and what its op
  makes and keeps; a tensor freed after its last reader unless kept for backward), the backward
  pass in reverse order (each layer allocates the gradient of each input and of its parameters,
  then frees its output's gradient and the saved tensors no layer still to run needs), and,
  with an optimizer, its step (gradients and states, plus Adam's temporaries).

The assumptions, printed with every training report (``ASSUMPTIONS``), are where this is a model
rather than a count.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from dataclasses import dataclass, field
from fractions import Fraction

from .engine import DTYPE_BYTES, Analysis
from .errors import OptionError, SpecError
from .memory import buffer_owners
from .tensor import Shape
from .units import both, exact

OPTIMIZER_STATES = {"none": 0, "sgd": 0, "momentum": 1, "adam": 2, "adamw": 2}
OPTIMIZERS = tuple(OPTIMIZER_STATES)
AMP_DTYPES = ("fp16", "bf16")
DEVICES = ("cuda", "cpu")
FIXED_BYTES = {"fp32": 4, "int64": 8, "bool": 1}  # saved dtypes whose size no option changes


@dataclass(frozen=True)
class Affine:
    """Bytes as fixed + per_sample · N: how every training figure depends on the batch N."""

    fixed: int = 0
    per_sample: int = 0

    def at(self, batch: int) -> int:
        return self.fixed + self.per_sample * batch

    def __add__(self, other: Affine) -> Affine:
        return Affine(self.fixed + other.fixed, self.per_sample + other.per_sample)

    def __sub__(self, other: Affine) -> Affine:
        return Affine(self.fixed - other.fixed, self.per_sample - other.per_sample)


ZERO = Affine()


def total(values) -> Affine:
    out = ZERO
    for v in values:
        out = out + v
    return out


@dataclass(frozen=True)
class Precision:
    """Bytes per element of each kind of tensor in a training step."""

    dtype: str
    amp: str | None

    @property
    def activation(self) -> int:
        """Activations and their gradients: 16-bit under mixed precision, else the dtype."""
        return 2 if self.amp else DTYPE_BYTES[self.dtype]

    @property
    def param(self) -> int:
        """Parameters, buffers, gradients and optimizer states: fp32 master copies under mixed
        precision, else the dtype."""
        return DTYPE_BYTES[self.dtype]

    @property
    def input(self) -> int:
        """The input batch: fp32 under mixed precision (autocast casts it where it is read)."""
        return DTYPE_BYTES[self.dtype]

    def of(self, dtype: str) -> int:
        if dtype == "activation":
            return self.activation
        if dtype == "param":
            return self.param
        return FIXED_BYTES[dtype]


def check_options(analysis: Analysis, optimizer: str, amp: str | None, device: str) -> Precision:
    """The options as a Precision; anything else is a one-line OptionError."""
    if optimizer not in OPTIMIZER_STATES:
        raise OptionError("--optimizer", "unknown optimizer", " | ".join(OPTIMIZERS), repr(optimizer))
    if amp is not None and amp not in AMP_DTYPES:
        raise OptionError("--amp", "mixed precision computes in fp16 or bf16", " | ".join(AMP_DTYPES),
                          repr(amp))
    if device not in DEVICES:
        raise OptionError("--device", "unknown device", " | ".join(DEVICES), repr(device))
    if analysis.dtype == "int8":
        raise OptionError("--dtype", "training memory is modelled for floating-point training",
                          "fp32, fp16 or bf16 (or --amp with fp32)", "int8")
    if amp is not None and analysis.dtype != "fp32":
        raise OptionError("--amp", "mixed precision keeps fp32 master weights: give --dtype fp32 "
                          "(the default) with --amp", "--dtype fp32", f"--dtype {analysis.dtype}")
    return Precision(analysis.dtype, amp)


def assumptions(optimizer: str, amp: str | None, device: str) -> list[str]:
    """What the figures assume, in the words a report prints."""
    found = [
        "reference: PyTorch 2.14's autograd (tools/autograd/derivatives.yaml); each layer's saved "
        "rule names the derivative it follows",
        "saved bytes are distinct storages, as torch.autograd.graph.saved_tensors_hooks sees "
        "them: a tensor kept by several ops counts once, a view keeps its whole base, weights "
        "and the input count where an op keeps them",
        "the input does not require grad; every parameter does; the loss is a reduction of the "
        "output (its gradient has the output's size)",
        "gradients are set to None before the forward pass (PyTorch's zero_grad default), so "
        "they build up during the backward pass",
        "peak: forward in schedule order, a tensor freed after its last reader unless kept for "
        "backward; backward in reverse order, each layer allocating its inputs' and parameters' "
        "gradients before freeing its output's gradient and the saved tensors no later layer "
        "needs; kernel workspaces and allocator rounding are not counted (costcalc fit "
        "--overhead adds them)",
    ]
    if optimizer == "none":
        found.append("optimizer none: forward + backward with the gradients kept, no optimizer "
                     "state (the first step of any optimizer)")
    else:
        states = OPTIMIZER_STATES[optimizer]
        what = {"sgd": "no state", "momentum": "a momentum buffer",
                "adam": "exp_avg and exp_avg_sq", "adamw": "exp_avg and exp_avg_sq"}[optimizer]
        found.append(f"optimizer {optimizer}: {states} state(s) per parameter ({what}), alive "
                     "through the whole step (every step after the first)")
        if optimizer in ("adam", "adamw"):
            found.append("Adam's step allocates one temporary the size of "
                         + ("all parameters (the foreach implementation, PyTorch's default on CUDA)"
                            if device == "cuda" else
                            "the largest parameter tensor (the per-tensor loop, PyTorch's default on "
                            "the CPU)"))
    if amp:
        found.append(f"mixed precision ({amp}): fp32 master weights, buffers, gradients and "
                     f"optimizer states; activations and their gradients in {amp}; convolution "
                     f"and linear layers keep {amp} copies of their weights (autocast's cache) "
                     f"and of an fp32 input they read; norm statistics fp32; every other op "
                     f"computes in {amp} (the fp32-cast ops of autocast, e.g. layer_norm and "
                     "softmax, are not modelled)")
    found.append("device " + device + ": " + (
        "an out-of-place Dropout keeps a 1-byte mask (native_dropout)" if device == "cuda" else
        "an out-of-place Dropout keeps a noise tensor of the activations' type (4 bytes per "
        "element in fp32)"))
    return found


@dataclass
class Tensor:
    """One storage of a training step: its bytes, what it is, and the nodes that keep it."""

    key: tuple
    size: Affine
    kind: str           # "activation" | "param" | "buffer" | "input"
    made_by: int        # the node that creates it (-1: alive from the start)
    savers: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Moment:
    """The live bytes at one point of the step: phase (forward, backward, step) and node."""

    phase: str
    node: int
    live: Affine


@dataclass
class TrainingMemory:
    """Training memory of one analysis (one input size): per-node saved bytes, the totals and
    the live bytes through the step, all Affine in the batch."""

    analysis: Analysis
    optimizer: str
    amp: str | None
    device: str
    saved_by_node: list[Affine]       # bytes each node keeps first (forward order)
    saved: dict[str, Affine]          # by kind: activation, param, buffer, input
    weights: Affine
    buffers: Affine
    input: Affine
    gradients: Affine
    optimizer_state: Affine
    moments: list[Moment]
    assumptions: list[str]

    @property
    def saved_total(self) -> Affine:
        return total(self.saved.values())

    def peak(self, batch: int) -> tuple[int, Moment]:
        """The most live bytes at ``batch`` and the moment they are reached."""
        best = max(self.moments, key=lambda m: m.live.at(batch))
        return best.live.at(batch), best

    def totals(self, batch: int) -> dict:
        """The JSON totals at ``batch`` (a report's batch, or one fit chose)."""
        peak, moment = self.peak(batch)
        names = self.analysis.names
        return {
            "saved_bytes": self.saved_total.at(batch),
            "saved_activation_bytes": self.saved["activation"].at(batch),
            "saved_param_bytes": self.saved["param"].at(batch),
            "saved_buffer_bytes": self.saved["buffer"].at(batch),
            "saved_input_bytes": self.saved["input"].at(batch),
            "gradient_bytes": self.gradients.at(batch),
            "optimizer_bytes": self.optimizer_state.at(batch),
            "training_peak_bytes": peak,
            "training_peak_at": f"{moment.phase} {names[moment.node]}" if moment.node >= 0 else moment.phase,
        }

    def per_node(self, batch: int) -> list[int]:
        return [a.at(batch) for a in self.saved_by_node]


def _shapes(analysis: Analysis, variant: int) -> list[Shape]:
    return [Shape(*(int(v) for v in s)) for s in analysis.shapes[variant].tolist()]


def _elements(s: Shape) -> int:
    return s.c * s.h * s.w


def training_memory(analysis: Analysis, variant: int = 0, optimizer: str = "none",
                    amp: str | None = None, device: str = "cuda") -> TrainingMemory:
    """Saved tensors, gradients, optimizer state and the live bytes through one training step
    of ``analysis`` at its input size ``variant`` (the module docstring says what is counted)."""
    precision = check_options(analysis, optimizer, amp, device)
    layers, names = analysis.layers, analysis.names
    index = {n: i for i, n in enumerate(names)}
    inputs = [[index[s] for s in srcs] for srcs in analysis.inputs]
    shapes = _shapes(analysis, variant)
    owner = buffer_owners(analysis, training=True)
    source = next(i for i, srcs in enumerate(inputs) if not srcs)  # the Input node
    act = precision.activation

    def buffer_size(j: int) -> Affine:
        b = precision.input if j == source else act
        return Affine(0, _elements(shapes[j]) * b)

    tensors: dict[tuple, Tensor] = {}

    def tensor(key, size, kind, made_by) -> Tensor:
        if key not in tensors:
            tensors[key] = Tensor(key, size, kind, made_by)
        return tensors[key]

    # every graph buffer, by the node that owns it
    for j in range(len(names)):
        if owner[j] == j:
            tensor(("buffer", j), buffer_size(j), "input" if j == source else "activation",
                   -1 if j == source else j)

    saved_by_node = [ZERO] * len(names)
    for i, layer in enumerate(layers):
        if i == source:
            continue
        x = [shapes[j] for j in inputs[i]]
        for s in layer.saved(x, shapes[i], device):
            if s.of in ("input", "output"):
                j = inputs[i][s.index] if s.of == "input" else i
                o = owner[j]
                if s.of == "input" and layer.writes_in_place:
                    # autograd keeps a copy of an input an in-place op overwrites (original self)
                    t = tensor(("copy", i, s.name), Affine(0, _elements(shapes[j]) * act), "activation", i)
                elif amp and o == source:
                    # autocast casts the fp32 input where it is read: a 16-bit copy is kept
                    t = tensor(("cast", i, s.name), Affine(0, _elements(shapes[j]) * act), "activation", i)
                else:
                    t = tensors[("buffer", o)]
            elif s.of == "weight" and amp:
                t = tensor(("cast", i, s.name), Affine(s.fixed * act, 0), "activation", i)
            elif s.of in ("weight", "param", "buffer"):
                t = tensor(("param", i, s.name), Affine(s.fixed * precision.param, 0),
                           "buffer" if s.of == "buffer" else "param", -1)
            else:
                b = precision.of(s.dtype)
                t = tensor(("new", i, s.name), Affine(s.fixed * b, s.per_sample * b), "activation", i)
            if i not in t.savers:
                if not t.savers:
                    saved_by_node[i] = saved_by_node[i] + t.size
                t.savers.append(i)

    _refuse_overwrites(names, layers, inputs, owner, tensors)

    kept = [t for t in tensors.values() if t.savers]
    saved = {kind: total(t.size for t in kept if t.kind == kind)
             for kind in ("activation", "param", "buffer", "input")}
    params = analysis.params  # (nodes, 4): weights, biases, bn, buffers
    param_count = int(params[:, :3].sum())
    weights = Affine(param_count * precision.param, 0)
    buffers = Affine(int(params[:, 3].sum()) * precision.param, 0)
    states = Affine(OPTIMIZER_STATES[optimizer] * param_count * precision.param, 0)
    moments = _timeline(analysis, inputs, owner, tensors, shapes, source, precision,
                        weights + buffers + tensors[("buffer", source)].size + states, optimizer, device)
    return TrainingMemory(
        analysis=analysis, optimizer=optimizer, amp=amp, device=device, saved_by_node=saved_by_node,
        saved=saved, weights=weights, buffers=buffers, input=tensors[("buffer", source)].size,
        gradients=weights, optimizer_state=states, moments=moments,
        assumptions=assumptions(optimizer, amp, device))


def _refuse_overwrites(names, layers, inputs, owner, tensors) -> None:
    """An in-place layer may not overwrite a tensor an earlier layer keeps for backward:
    PyTorch stops that backward ("modified by an inplace operation"), so no figure is given."""
    for i, layer in enumerate(layers):
        if not layer.writes_in_place or not inputs[i]:
            continue
        t = tensors.get(("buffer", owner[inputs[i][0]]))
        earlier = [j for j in (t.savers if t else []) if j < i]
        if earlier:
            raise SpecError(names[i], "an in-place layer overwrites a tensor that "
                            f"{names[earlier[0]]} keeps for backward (PyTorch's backward refuses "
                            "it: 'modified by an inplace operation')",
                            "inplace=False on this layer", "inplace=True")


def _timeline(analysis, inputs, owner, tensors, shapes, source, precision, static, optimizer,
              device) -> list[Moment]:
    """Live bytes at each node of the forward pass, each node of the backward pass, and the
    optimizer's step (module docstring)."""
    nodes = len(inputs)
    act = precision.activation
    consumers = [[] for _ in range(nodes)]
    for i, srcs in enumerate(inputs):
        for j in srcs:
            consumers[j].append(i)
    # a buffer's last reader in the forward pass, over every alias of it
    last_read = {}
    for i, srcs in enumerate(inputs):
        for j in srcs:
            last_read[owner[j]] = max(last_read.get(owner[j], -1), i)
    outputs = {owner[j] for j in range(nodes) if not consumers[j]}  # held by the caller

    moments = [Moment("start", -1, static)]
    live = static  # the input buffer is in static
    made: list[list[Tensor]] = [[] for _ in range(nodes)]
    for t in tensors.values():
        if t.made_by >= 0 and (t.key[0] == "buffer" or t.savers):
            made[t.made_by].append(t)
    freed_after: list[list[Tensor]] = [[] for _ in range(nodes)]
    for t in tensors.values():
        if t.key[0] == "buffer" and not t.savers and t.key[1] not in outputs and t.key[1] != source:
            freed_after[last_read.get(t.key[1], t.key[1])].append(t)
    for i in range(nodes):
        if i == source:
            continue
        live = live + total(t.size for t in made[i])
        moments.append(Moment("forward", i, live))
        live = live - total(t.size for t in freed_after[i])

    # backward: reverse order; a node's output gradient exists once a consumer (or the loss) made it
    grad = {}
    for j in range(nodes):
        if not consumers[j] and j != source:
            grad[j] = Affine(0, _elements(shapes[j]) * act)  # the loss's gradient
            live = live + grad[j]
    release: list[list[Tensor]] = [[] for _ in range(nodes)]
    for t in tensors.values():
        if t.savers and not (t.key[0] == "buffer" and (t.key[1] in outputs or t.key[1] == source)) \
                and t.kind not in ("param", "buffer"):
            release[min(t.savers)].append(t)
    params = analysis.params
    for i in reversed(range(nodes)):
        if i == source:
            continue
        new = ZERO
        for j in inputs[i]:
            if j == source:
                continue  # the input does not require grad
            g = Affine(0, _elements(shapes[j]) * act)
            new = new + g
        param_grads = Affine(int(params[i, :3].sum()) * precision.param, 0)
        moments.append(Moment("backward", i, live + new + param_grads))
        # keep one gradient per input tensor (a second contribution is added into the first)
        kept = ZERO
        for j in inputs[i]:
            if j != source and j not in grad:
                grad[j] = Affine(0, _elements(shapes[j]) * act)
                kept = kept + grad[j]
        live = live + kept + param_grads - grad.pop(i, ZERO) - total(t.size for t in release[i])
    if optimizer != "none":
        moments.append(Moment("step", -1, live + _step_temporaries(analysis, precision, optimizer, device)))
    return moments


def _step_temporaries(analysis, precision, optimizer, device) -> Affine:
    """Adam's temporary (the denominator): all parameters at once on CUDA (foreach), the
    largest parameter tensor on the CPU (one tensor at a time). SGD's updates are in place."""
    if optimizer not in ("adam", "adamw"):
        return ZERO
    params = analysis.params
    if device == "cuda":
        return Affine(int(params[:, :3].sum()) * precision.param, 0)
    largest = max(max(int(w), int(b), int(bn) // 2) for w, b, bn, _ in params.tolist())
    return Affine(largest * precision.param, 0)


# --- the largest batch that fits ----------------------------------------------------------------

#: memory units: decimal (1 GB = 10^9 bytes, as GPU vendors state memory) and binary (1 GiB = 2^30)
SIZE_UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
              "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$")


def parse_size(text, where: str = "--memory") -> int:
    """Bytes from '80GB' (decimal, 10^9), '24GiB' (binary, 2^30), '512MB', '1.5TB' or a plain
    byte count; a whole number of bytes (rounded down). Anything else is a one-line OptionError."""
    if isinstance(text, int) and not isinstance(text, bool) and text > 0:
        return text
    match = _SIZE.match(text) if isinstance(text, str) else None
    unit = match.group(2).upper() if match else ""
    if match and unit in ("K", "M", "G", "T"):
        raise OptionError(where, f"{unit} alone is ambiguous: say {unit}B (powers of 1000) or {unit}iB "
                          "(powers of 1024)", f"e.g. {match.group(1)}{unit}B or {match.group(1)}{unit}iB",
                          repr(text)[:60])
    if not match or unit not in SIZE_UNITS and unit:
        raise OptionError(where, "a memory size is a number and a unit: B, KB, MB, GB, TB (powers of "
                          "1000) or KiB, MiB, GiB, TiB (powers of 1024)", "e.g. 80GB or 24GiB",
                          repr(text)[:60])
    size = int(Fraction(match.group(1)) * SIZE_UNITS[unit or "B"])
    if size <= 0:
        raise OptionError(where, "a memory size is positive", "e.g. 80GB", repr(text)[:60])
    return size


def parse_overhead(text, where: str = "--overhead") -> tuple[Fraction, int]:
    """What a framework adds on top of the counted bytes, as (fraction, bytes): '10%' is
    (1/10, 0), '2GB' is (0, 2·10^9), None or '0' nothing."""
    if text is None:
        return Fraction(0), 0
    if isinstance(text, str) and text.strip().endswith("%"):
        number = text.strip()[:-1].strip()
        if re.fullmatch(r"\d+(?:\.\d+)?", number):
            return Fraction(number) / 100, 0
        raise OptionError(where, "an overhead is a percentage or a memory size", "e.g. 10% or 2GB",
                          repr(text)[:60])
    if text in ("0", 0):
        return Fraction(0), 0
    try:
        return Fraction(0), parse_size(text, where)
    except OptionError:
        raise OptionError(where, "an overhead is a percentage or a memory size (B, KB, MB, GB, KiB, "
                          "MiB, GiB ...)", "e.g. 10% or 2GB", repr(text)[:60]) from None


def largest_batch(needs: list[Affine], budget: int, overhead: tuple[Fraction, int] = (Fraction(0), 0)) -> int:
    """The largest N with every figure of ``needs`` (bytes, affine in N) plus the overhead
    within ``budget``; 0 when not even N = 1 fits. Exact: each figure a + b·N, with the
    overhead (1 + f)·(a + b·N) + c, fits while N <= ((budget − c)/(1 + f) − a)/b, so the answer
    is the smallest of those floors (a peak is the largest of the figures, so it fits when all
    do)."""
    fraction, extra = overhead
    room = Fraction(budget - extra) / (1 + fraction)
    best = None
    for need in needs:
        if need.per_sample <= 0:
            if need.fixed > room:
                return 0
            continue
        n = math.floor((room - need.fixed) / need.per_sample)
        best = n if best is None else min(best, n)
    return max(best if best is not None else 0, 0)


def with_overhead(value: int, overhead: tuple[Fraction, int]) -> int:
    """``value`` bytes with the overhead added, rounded up to a whole byte."""
    fraction, extra = overhead
    return math.ceil(value * (1 + fraction)) + extra


@dataclass
class FitCase:
    """One answer of ``fit``: the largest batch, the bytes needed there (overhead included)
    and at one sample more, and the figure's parts at that batch."""

    kind: str            # "inference" | "training"
    batch: int
    needed: int          # at ``batch`` (0 when nothing fits)
    next_needed: int     # at batch + 1
    parts: dict          # name -> bytes at the batch (at batch 1 when nothing fits)
    detail: str          # optimizer/device/amp, or what the inference figure is


@dataclass
class Fit:
    """``costcalc fit``: the largest batch of a model that fits a memory budget."""

    model: str
    budget: int
    budget_text: str
    shape: tuple[int, int, int]
    dtype: str
    overhead: tuple[Fraction, int]
    overhead_text: str | None
    cases: list[FitCase]
    assumptions: list[str]

    def to_dict(self) -> dict:
        return {"schema": "costcalc.fit/1", "model": self.model, "memory_bytes": self.budget,
                "memory": self.budget_text, "input": list(self.shape), "dtype": self.dtype,
                "overhead": self.overhead_text,
                "results": [{"kind": c.kind, "batch": c.batch, "bytes": c.needed,
                             "next_batch_bytes": c.next_needed, "parts": c.parts, "detail": c.detail}
                            for c in self.cases],
                "assumptions": list(self.assumptions)}

    def render(self, fmt: str = "text", units: str = "decimal", width: int = 100) -> str:
        if fmt == "json":
            return json.dumps(self.to_dict(), indent=2) + "\n"
        if fmt != "text":
            raise OptionError("--format", "fit prints text or json", "text | json", repr(fmt))
        c, h, w = self.shape
        unit = "binary: 1 GiB = 2^30 bytes" if "I" in self.budget_text.upper() else \
            "decimal: 1 GB = 10^9 bytes"
        lines = [f"{self.model} on {self.budget_text} ({exact(self.budget)} bytes, {unit}), input "
                 f"{c}×{h}×{w}, {self.dtype}"
                 + (f", overhead {self.overhead_text}" if self.overhead_text else "")]
        for case in self.cases:
            if case.batch == 0:
                lines.append(f"{case.kind} ({case.detail}): does not fit: batch 1 needs "
                             f"{both(case.next_needed, units, 'bytes')}")
                continue
            lines.append(f"{case.kind} ({case.detail}): batch {exact(case.batch)} fits, needing "
                         f"{both(case.needed, units, 'bytes')}; batch {exact(case.batch + 1)} would "
                         f"need {both(case.next_needed, units, 'bytes')}")
            lines += [f"  {name}: {both(value, units, 'bytes')}" for name, value in case.parts.items()]
            if self.overhead_text:
                lines.append(f"  + overhead {self.overhead_text}")
        if self.assumptions:
            lines.append("assumptions (training):")
            lines += [f"  {a}" for a in self.assumptions]
        return "\n".join(textwrap.fill(line, width, subsequent_indent=" " * (len(line) - len(line.lstrip()) + 4),
                                        break_long_words=False, break_on_hyphens=False)
                          for line in lines) + "\n"

    def __repr__(self) -> str:
        return self.render()


__all__ = ["training_memory", "TrainingMemory", "Affine", "OPTIMIZERS", "AMP_DTYPES", "DEVICES",
           "assumptions", "parse_size", "parse_overhead", "largest_batch", "Fit", "FitCase"]
