"""The layer contract: what every layer class defines, and how its hyper-parameters are checked.

A concrete layer is a frozen dataclass subclassing ``Layer`` that defines four rules:

* ``output_shape(x, where) -> Shape``  its output (C, H, W) from its input shapes;
* ``params(x, where) -> Params``       weights, biases, norm gamma/beta, buffers;
* ``macs(x, y)``                       multiply-accumulates (conv and fully-connected only);
* ``other_ops(x, y)``                  every other arithmetic op, as its docstring defines one.

``x`` is the list of input shapes (one ``Shape`` per input, each field an int, or an int64 array
over the variant axis when many input sizes are analysed at once); ``y`` is the output shape.
Rules use arithmetic operators only (``+ - * // %``, comparisons), so the same rule runs on ints,
arrays and costcalc.derive's traced numbers. A layer without weights, MACs or other ops says so
explicitly: ``params = no_params``, ``macs = no_macs``, ``other_ops = no_other_ops``. A rule left
undefined is a SpecError when the class is defined (never a silent zero); an abstract base such
as the sliding-window base opts out with ``class _Window(Layer, abstract=True)`` and cannot be
instantiated (nor can ``Layer``).

Training memory adds one rule, ``saved(x, y, device) -> tuple[Saved, ...]``: the tensors the
layer's operation keeps for its backward pass, as PyTorch's autograd saves them (torch 2.14,
tools/autograd/derivatives.yaml; see ``Saved``), with ``no_saved`` for a layer that keeps none.
It is asked for only when training memory is, so a layer of your own that lacks it still
counts everything else; asking for training memory then is a SpecError naming the class.

Hyper-parameters are validated when the layer is constructed: ``validate(self, v)`` calls one of
``v.int``, ``v.flag``, ``v.number``, ``v.pair``, ``v.choice`` per dataclass field, which checks
the value and stores its normal form (numpy integers become Python ints, lists tuples). A field
that ``validate`` does not visit is an error at construction. ``check(where)`` runs the same
validation again naming the node path (``Network.add`` and ``analyze`` call it, so a layer
mutated after construction is caught). Errors are one-line ``SpecError``s: where (the class and
hyper-parameter, e.g. ``Conv2d(bias)``, or the node path), rule, expected, received.
"""

from __future__ import annotations

import dataclasses
import math
import operator
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

import numpy as np

from ..errors import ShapeError, SpecError
from ..tensor import Shape, any_true, first_true, uniform
from .field import INPUT_FIELD


class Params(NamedTuple):
    """Parameter counts of one layer: weights, biases, norm gamma+beta, and buffers."""

    weights: object = 0
    biases: object = 0
    bn: object = 0
    buffers: object = 0


NO_PARAMS = Params()

#: The symbol each hyper-parameter has in the formulas of the docstrings; costcalc.derive
#: writes worked derivations with them by passing symbolic numbers through these same rules.
SYMBOLS = {"kernel_size": "k", "stride": "s", "padding": "p", "dilation": "d", "groups": "g",
           "out_channels": "C_out", "out_features": "C_out", "channels": "C",
           "output_padding": "p_out"}

RULES = ("output_shape", "params", "macs", "other_ops")
#: rules asked for only by training memory (costcalc.training): an error when missing and asked for
TRAINING_RULES = ("saved",)


# --- the explicit "nothing here" rules ---------------------------------------------------------

def no_params(self, x, where) -> Params:
    """The layer has no weights, biases or buffers."""
    return NO_PARAMS


def no_macs(self, x, y):
    """The layer does no multiply-accumulates (only conv and fully-connected layers do)."""
    return 0


def no_other_ops(self, x, y):
    """The layer does no arithmetic (a copy, a view or a reordering)."""
    return 0


def same_shape(self, x, where) -> Shape:
    """The output has its (first) input's shape."""
    return x[0]


def _undefined_field(self, fields, x, y):
    """A layer class from before the receptive-field rule, or one that forgot it: asking for its
    field is an error (a report says the field is not known from this layer on)."""
    raise SpecError(type(self).__name__, "the layer defines no receptive_field rule (same_field keeps "
                    "the field, no_field(why) says there is none; see costcalc/layers/field.py)",
                    "a method named receptive_field", "none")


def _undefined(rule: str):
    def method(self, *args):
        raise SpecError(type(self).__name__, f"the layer defines no {rule} rule",
                        f"a method named {rule}", "none")
    method.undefined_rule = True
    return method


# --- what a layer keeps for backward ----------------------------------------------------------

class Saved(NamedTuple):
    """One tensor a layer's operation keeps for its backward pass, as torch.autograd saves it
    (the names are derivatives.yaml's: ``input``, ``weight``, ``result``, ``result1`` ...).
    ``of`` says which tensor it is:

    * ``"input"`` (input number ``index``) or ``"output"``: a tensor of the graph. It is
      identified by the node whose memory holds it (an in-place layer writes into its input's
      memory, a view shows its input's memory), so a tensor that several layers keep counts
      once, and a view keeps its whole base, as a saved storage does in PyTorch;
    * ``"weight"``: a parameter the operation multiplies with (convolution, linear): the
      parameter itself, or under mixed precision the 16-bit copy autocast makes of it;
    * ``"param"`` or ``"buffer"``: a parameter or buffer kept as it is (batch norm's γ, its
      running statistics);
    * ``"new"``: a tensor the operation makes and keeps (max pool's indices, batch norm's mean
      and inverse standard deviation, dropout's mask).

    A ``"new"``, ``"weight"`` or ``"param"`` tensor has ``per_sample`` elements for every sample
    of the batch plus ``fixed`` elements. ``dtype``: ``"activation"`` (the type the layer
    computes in), ``"param"`` (the parameters' type), ``"fp32"`` (statistics, kept in PyTorch's
    accumulate type), ``"int64"`` (indices) or ``"bool"`` (one byte).
    """

    name: str
    of: str
    index: int = 0
    per_sample: object = 0
    fixed: object = 0
    dtype: str = "activation"


def keeps_input(index: int = 0, name: str = "input") -> Saved:
    """The layer's input number ``index`` (in PyTorch's name for it: input, self, mat1 ...)."""
    return Saved(name, "input", index)


def keeps_output(name: str = "result") -> Saved:
    """The layer's output tensor (derivatives.yaml's ``result``)."""
    return Saved(name, "output")


def keeps_weight(name: str, elements) -> Saved:
    """A weight the operation multiplies with (a 16-bit copy of it under mixed precision)."""
    return Saved(name, "weight", fixed=elements, dtype="param")


def keeps_param(name: str, elements) -> Saved:
    """A parameter kept as it is, in the parameters' type."""
    return Saved(name, "param", fixed=elements, dtype="param")


def keeps_buffer(name: str, elements) -> Saved:
    """A buffer (batch norm's running mean or variance) kept as it is, in the parameters' type."""
    return Saved(name, "buffer", fixed=elements, dtype="param")


def keeps_new(name: str, per_sample=0, fixed=0, dtype: str = "activation") -> Saved:
    """A tensor the operation creates and keeps: ``per_sample`` elements per sample plus ``fixed``."""
    return Saved(name, "new", per_sample=per_sample, fixed=fixed, dtype=dtype)


def no_saved(self, x, y, device) -> tuple:
    """The operation keeps no tensor for backward (its derivative needs only sizes, or nothing)."""
    return ()


def _undefined_training(rule: str):
    def method(self, *args):
        raise SpecError(type(self).__name__, f"training memory needs the layer's {rule} rule (what "
                        "it keeps for backward; no_saved says nothing)", f"a method named {rule}",
                        "none")
    method.undefined_rule = True
    return method


# --- hyper-parameter validation -----------------------------------------------------------------

def is_int(value) -> bool:
    """A Python or numpy integer, not a bool."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _show(value) -> str:
    """``repr`` of a received value, cut short so the message stays one line."""
    text = repr(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


class Validator:
    """Checks a layer's hyper-parameters one by one and stores each in its normal form.
    ``path`` is the node path when re-checking a node, None at construction (errors then name
    the class and hyper-parameter, e.g. ``Conv2d(stride)``)."""

    def __init__(self, layer: Layer, path: str | None = None):
        self.layer, self.path, self.seen = layer, path, set()

    def where(self, name: str) -> str:
        return self.path or f"{type(self.layer).__name__}({name})"

    def fail(self, name: str, rule: str, expected, received, text: bool = False):
        """Raise the one-line SpecError; ``received`` is a value (shown by repr) or, with
        ``text=True``, already a description such as 'out_channels=9'."""
        raise SpecError(self.where(name), rule, expected, received if text else _show(received))

    def _get(self, name: str):
        self.seen.add(name)
        return getattr(self.layer, name)

    def _set(self, name: str, value):
        object.__setattr__(self.layer, name, value)
        return value

    def skip(self, *names: str) -> None:
        """Fields that are not hyper-parameters of the count (documented by the caller)."""
        self.seen.update(names)

    def _int_value(self, name, value, minimum, maximum=None, label=None) -> int:
        label = label or name
        if not is_int(value) or value < minimum or (maximum is not None and value > maximum):
            kind = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
            if maximum is not None:
                kind = f"an integer in [{minimum}, {maximum}]"
            self.fail(name, f"hyper-parameter {label} must be {kind}",
                      f">= {minimum}" if maximum is None else f"{minimum}..{maximum}", value)
        return int(value)

    def int(self, name: str, minimum: int = 0, maximum: int | None = None,
            optional: bool = False) -> int | None:
        value = self._get(name)
        if optional and value is None:
            return None
        return self._set(name, self._int_value(name, value, minimum, maximum))

    def flag(self, name: str, optional: bool = False) -> bool | None:
        value = self._get(name)
        if optional and value is None:
            return None
        if not isinstance(value, (bool, np.bool_)):
            self.fail(name, f"hyper-parameter {name} is a flag",
                      "True or False" + (" or None" if optional else ""), value)
        return self._set(name, bool(value))

    def number(self, name: str, low=None, high=None, low_open: bool = False,
               high_open: bool = False) -> float:
        """A finite real number within [low, high] (an open end when low_open / high_open)."""
        value = self._get(name)
        ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
        ok = ok and math.isfinite(value)
        ok = ok and (low is None or (value > low if low_open else value >= low))
        ok = ok and (high is None or (value < high if high_open else value <= high))
        if not ok:
            lo = "" if low is None else f"{'(' if low_open else '['}{low:g}, "
            hi = "" if high is None else f"{high:g}{')' if high_open else ']'}"
            span = f" in {lo}{hi}" if lo and hi else (f" > {low:g}" if low_open else
                                                      f" >= {low:g}" if lo else
                                                      f" <= {high:g}" if hi else "")
            self.fail(name, f"hyper-parameter {name} must be a finite number{span}",
                      f"a number{span}", value)
        return self._set(name, float(value))

    def pair(self, name: str, minimum: int, allow: tuple = ()) -> tuple:
        """An int or an (h, w) pair of ints >= minimum (or one of ``allow``, e.g. 'same')."""
        value = self._get(name)
        if isinstance(value, str) and value in allow:
            return value
        pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
        if len(pair) != 2:
            extra = "".join(f" or {a!r}" for a in allow)
            self.fail(name, f"{name} must be an int{',' if allow else ' or'} an (h, w) pair{extra}",
                      "2 values", value)
        return self._set(name, tuple(self._int_value(name, v, minimum) for v in pair))

    def ints(self, name: str, minimum: int, lengths: tuple) -> tuple:
        """A tuple of ints >= minimum whose length is one of ``lengths`` (an int: a 1-tuple)."""
        value = self._get(name)
        values = (value,) if is_int(value) else value
        if not isinstance(values, (tuple, list)) or len(values) not in lengths:
            self.fail(name, f"{name} is " + " or ".join(map(str, lengths)) + " integers",
                      f"{'/'.join(map(str, lengths))} values", value)
        return self._set(name, tuple(self._int_value(name, n, minimum) for n in values))

    def choice(self, name: str, options: tuple):
        value = self._get(name)
        if not isinstance(value, str) or value not in options:
            self.fail(name, f"hyper-parameter {name} is one of " + ", ".join(map(repr, options)),
                      " | ".join(options), value)
        return value

    def finish(self) -> None:
        missing = [f.name for f in dataclasses.fields(self.layer) if f.name not in self.seen]
        if missing:
            raise SpecError(type(self.layer).__name__, "every hyper-parameter is checked in "
                            "validate() (see README, Add a layer)",
                            "a v.int / v.flag / v.number / v.pair / v.choice call per field",
                            f"unchecked: {', '.join(missing)}")


# --- the base class ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Layer:
    """Base class of every layer; see the module docstring for what a subclass defines."""

    #: how many inputs the layer takes; None means ``min_inputs`` or more
    arity: ClassVar[int | None] = 1
    #: with arity None: the fewest inputs (2 for a merge such as Add)
    min_inputs: ClassVar[int] = 2
    #: True when the output is a new tensor (counts as activation memory)
    allocates: ClassVar[bool] = True
    #: set per class by __init_subclass__; an abstract class cannot be instantiated
    abstract: ClassVar[bool] = True

    output_shape = _undefined("output_shape")
    params = _undefined("params")
    macs = _undefined("macs")
    other_ops = _undefined("other_ops")
    #: receptive_field(fields, x, y) -> Field: the output's field from the inputs' fields (one per
    #: input) and shapes (ints: one input size); see costcalc/layers/field.py. Not checked when a
    #: class is defined (a layer written before the rule still counts), an error when asked for.
    receptive_field = _undefined_field
    #: saved(x, y, device): the tensors kept for backward (see Saved); device is "cuda" or "cpu"
    saved = _undefined_training("saved")

    def __init_subclass__(cls, abstract: bool = False, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.abstract = abstract
        if abstract:
            return
        for rule in RULES:
            method = getattr(cls, rule, None)
            if not callable(method) or getattr(method, "undefined_rule", False):
                raise SpecError(cls.__name__, f"a layer class must define its {rule} rule "
                                "(no_params, no_macs, no_other_ops say there is none)",
                                f"a method named {rule}", "none")

    def __new__(cls, *args, **kwargs):
        if cls.abstract:
            raise SpecError(cls.__name__, "an abstract layer class cannot be used as a layer",
                            "a concrete subclass (e.g. Conv2d, ReLU)", cls.__name__)
        return super().__new__(cls)

    def __post_init__(self):
        self._validated(None)

    def validate(self, v: Validator) -> None:
        """Check every hyper-parameter with ``v`` (one call per dataclass field)."""

    def _validated(self, path: str | None) -> None:
        v = Validator(self, path)
        self.validate(v)
        v.finish()
        # what was validated, so that check() can tell a layer changed since (by identity: any
        # object.__setattr__ on a field stores a new object)
        object.__setattr__(self, "_checked", self._field_values())

    def _field_values(self) -> tuple:
        names = type(self).__dict__.get("_field_names")
        if names is None:  # once per class: analyze re-checks every node, so keep this cheap
            names = tuple(f.name for f in dataclasses.fields(self))
            type.__setattr__(type(self), "_field_names", names)
        state = self.__dict__
        return tuple(state[n] for n in names)

    def check(self, where: str) -> None:
        """Validate the hyper-parameters again, unless no field changed since they were;
        errors name the node path ``where``."""
        checked = self.__dict__.get("_checked")
        if checked is not None and all(map(operator.is_, checked, self._field_values())):
            return
        self._validated(where)

    def accepts(self, n: int) -> bool:
        """Whether the layer takes ``n`` inputs."""
        return n >= self.min_inputs if self.arity is None else n == self.arity

    def arity_text(self) -> str:
        if self.arity is not None:
            return str(self.arity)
        return f">= {self.min_inputs}"

    def warnings(self, x: list[Shape], y: Shape) -> list[tuple[int, str]]:
        """(variant index, message) pairs for something that is likely a mistake or loses
        information: e.g. a stride whose floor leaves real input pixels unread (AlexNet's
        conv1 on 224), or a fully-connected layer fed the wrong number of features."""
        return []

    def notes(self, x: list[Shape], y: Shape) -> list[tuple[int, str]]:
        """(variant index, message) pairs for what is worth knowing but is no fault: e.g. a
        floor that drops only padding (ResNet's stride-2 layers on 224). Reports keep notes
        apart from warnings: counted in one line, listed with --explain and in handouts."""
        return []

    @property
    def allocates_output(self) -> bool:
        return self.allocates

    @property
    def allocates_in_training(self) -> bool:
        """Whether the output is a new tensor in a training forward pass (dropout and drop-path,
        identities at inference, write one in training)."""
        return self.allocates_output

    @property
    def writes_in_place(self) -> bool:
        """True when the layer overwrites its input's memory (``inplace=True``), as opposed to
        a view, which only shows it. Training memory needs the difference: an in-place write
        over a tensor an earlier layer keeps for backward is what PyTorch refuses at backward."""
        return False

    def activations(self, y: Shape):
        """Elements of the new tensor the layer writes, per sample: C·H·W of its output, or 0
        when it computes in place or is a view (its output is its input's memory)."""
        return y.c * y.h * y.w if self.allocates_output else 0

    @property
    def type_name(self) -> str:
        return type(self).__name__

    def describe(self) -> str:
        """Short hyper-parameter summary shown in the report's type column."""
        return self.type_name

    def category(self, x: list[Shape]) -> str:
        """Label used by ``--group-by type``."""
        return self.type_name


# --- helpers the rules share ---------------------------------------------------------------------

def fixed(x):
    """The one value x has in every variant (None if they differ), as tensor.uniform. A number
    that is neither an int nor an int64 array (costcalc.derive's traced numbers) passes through
    unchanged, so a derivation can follow the rule to its result."""
    return uniform(x) if isinstance(x, (int, np.integer, np.ndarray)) else x


def same_hw(where: str, rule: str, shapes: list[Shape]) -> None:
    first = shapes[0]
    for other in shapes[1:]:
        differs = (first.h != other.h) | (first.w != other.w)
        if any_true(differs):
            v = first_true(differs)
            raise ShapeError(where, rule, "the same H×W on every input",
                             f"{first.describe(v)} and {other.describe(v)}")


def input_channels(where: str, x: Shape) -> int:
    """Channels of a layer with weights: they fix the weight tensor, so every variant must agree."""
    c = fixed(x.c)
    if c is None:
        raise ShapeError(where, "a layer with weights needs the same input channels at every input size "
                         "(analyze the sizes one by one, or pool globally before it)",
                         "the same C_in in every variant", sorted({int(v) for v in x.c}))
    return c


def gcd(a, b):
    """Greatest common divisor of ints or int64 arrays (Python ints stay Python ints)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.gcd(a, b)
    return math.gcd(int(a), int(b))


@dataclass(frozen=True)
class Input(Layer):
    """The network input (C, H, W); H and W are the defaults, replaceable per analysis.
    No params, MACs or ops; its tensor counts as an activation."""

    arity: ClassVar[int | None] = 0

    channels: int = 3
    size: object = 224

    def validate(self, v):
        v.int("channels", 1)
        v.pair("size", 1)

    def shape_at(self, h, w) -> Shape:
        """The input tensor at the H×W an analysis asks for: (channels, H, W)."""
        return Shape(self.channels, h, w)

    def output_shape(self, x, where):
        """At the default size; the engine asks ``shape_at`` for the size analysed."""
        return self.shape_at(*self.size)

    params = no_params
    macs = no_macs
    other_ops = no_other_ops
    saved = no_saved  # the layers that read the input keep it

    def receptive_field(self, fields, x, y):
        """Each input pixel sees itself; neighbours are one pixel apart."""
        return INPUT_FIELD

    def describe(self):
        return "input"
