"""Measure torchvision models with PyTorch once, on the CPU, and store the figures as data.

costcalc never imports torch: its tests compare against the JSON files this script writes under
``tests/data/torch/`` (one per torchvision model, ``<torchvision_name>.json``, with the torch and
torchvision versions inside). Run it in a separate environment that has torch:

    python3 -m venv /work/torchenv
    /work/torchenv/bin/pip install torch==2.14.1 torchvision==0.29.1
    /work/torchenv/bin/python tools/torch_reference.py counts             # part 1, all models
    /work/torchenv/bin/python tools/torch_reference.py training resnet50  # part 2, named models
    /work/torchenv/bin/python tools/torch_reference.py --help

Every model is built with ``weights=None`` (random weights, nothing downloaded), on the CPU,
in fp32. Each part updates only its own keys of an existing file, so parts can run separately.

Part 1, ``counts`` (eval mode, batch 1, the model's standard input size, see ``MODELS``):
  * ``params``: sum of ``numel`` over ``model.parameters()``;
  * ``buffers``: ``numel`` of the buffers other than batch norm's ``num_batches_tracked``, and
    ``num_batches_tracked``: how many of those (one int64 element each) there are;
  * ``flops``: ``torch.utils.flop_counter.FlopCounterMode``'s total (it counts convolutions and
    matrix products only, 2 per multiply-accumulate) and ``macs = flops // 2`` (checked even);
    ``flops_by_module`` (leaf module -> FLOPs) and ``flops_by_op`` (aten op -> FLOPs);
  * ``layers``: one entry per call of a leaf module (or of a module owning parameters itself,
    e.g. ConvNeXt's block with its layer scale), in the order the calls finish (forward hooks):
    qualified name, class, input shapes, output shape(s), the module's own parameter count.

Part 2, ``training`` (train mode, fp32, batch 32 where it fits, else the largest power of two
whose projected peak fits ``--budget-gb``; and batch 1 too, so that every figure's dependence on
the batch is known as an affine law). One forward + backward with loss = ``output.sum()`` (the
model alone; ``--loss cross_entropy`` uses random int64 targets, which adds log_softmax's output,
the targets and a 4-byte total_weight to the saved set: 128,260 bytes for resnet50 at batch 32),
gradients kept, no optimizer step:
  * ``saved``: the distinct storages saved for backward. Exact method: a
    ``torch.autograd.graph.saved_tensors_hooks`` pack hook sees every tensor autograd saves; we
    dedupe by ``untyped_storage().data_ptr()`` and sum the storages' ``nbytes`` (``bytes``), with
    the part that is parameters, buffers (batch norm's running statistics) and the input.
    Attribution: after the forward we walk the graph from the loss through ``next_functions``,
    read every ``_saved_*`` attribute that is a tensor (or a tuple of them), and give each storage
    to the first node in forward order (``_sequence_nr``) that saves it. The walk must find the
    same storages as the hook (``walk_found_all``), except those hidden in a CopySlices node (an
    in-place op on a view), which go to that node (its ``hidden`` list, from the hook).
    ``by_node``: per grad_fn class, the number of nodes, the first node's saved attributes
    (shape, dtype, storage bytes, what it is), the distinct saving patterns, the bytes attributed
    first-seen, and the bytes before deduplication across nodes. ``by_module``: the same
    first-seen bytes per module, in forward order (a node belongs to the module whose own forward
    created it: see ``node_module_map``).
  * ``peak``: the peak of live tensor bytes over forward + backward, measured exactly and
    independently of the device: a ``TorchDispatchMode`` sees every aten op's outputs, tracks each
    distinct untyped storage (by identity; PyTorch keeps one Python storage object per storage
    while it lives) and a ``weakref.finalize`` on it records the free. Parameters, buffers, the
    input (and targets) are live from the start. Tensors an op allocates internally and frees
    before returning (kernel workspaces) are not seen; the profiler's figure
    (``torch.profiler.profile(profile_memory=True)``, the CPU allocator's own events, measured in
    the same run) includes them and is reported beside it as ``profiler_peak_bytes``.
  * ``inference``: the same live-bytes peak for eval mode under ``torch.no_grad()`` at the same
    batch.

Dropout on the CPU (seen in these runs): ``nn.Dropout`` in training does not reach
``native_dropout`` here; it multiplies by an fp32 noise tensor, which ``MulBackward0`` keeps as
``other`` (4 bytes per element; in place on a view, inside a CopySlices node). No
NativeDropoutBackward0 node appears on the CPU; issue 14 reports a 1-byte mask kept by it on CUDA
(not measured here). Stochastic depth likewise keeps its (batch, 1, 1, 1) fp32 noise.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import weakref
from pathlib import Path

import torch
import torchvision
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten
from torch.utils.flop_counter import FlopCounterMode

OUT_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "torch"

# name -> (extra constructor kwargs, input side). EfficientNet B0-B7 at the paper's resolutions
# (Tan & Le 2019: 224, 240, 260, 300, 380, 456, 528, 600; torchvision's weights use the same
# except B2, evaluated at 288: see VARIANTS); Inception v3 at 299; the rest at 224.
_NO_AUX = {"aux_logits": False, "init_weights": False}
MODELS: dict[str, tuple[dict, int]] = {
    "alexnet": ({}, 224),
    **{f"vgg{d}{bn}": ({}, 224) for d in (11, 13, 16, 19) for bn in ("", "_bn")},
    "googlenet": (_NO_AUX, 224),
    "inception_v3": (_NO_AUX, 299),
    **{f"resnet{d}": ({}, 224) for d in (18, 34, 50, 101, 152)},
    "resnext50_32x4d": ({}, 224),
    "resnext101_32x8d": ({}, 224),
    "wide_resnet50_2": ({}, 224),
    "wide_resnet101_2": ({}, 224),
    "squeezenet1_0": ({}, 224),
    "squeezenet1_1": ({}, 224),
    **{f"densenet{d}": ({}, 224) for d in (121, 169, 201, 161)},
    "mobilenet_v2": ({}, 224),
    "mobilenet_v3_large": ({}, 224),
    "mobilenet_v3_small": ({}, 224),
    **{f"shufflenet_v2_x{w}": ({}, 224) for w in ("0_5", "1_0", "1_5", "2_0")},
    **{f"efficientnet_b{i}": ({}, side) for i, side in
       enumerate((224, 240, 260, 300, 380, 456, 528, 600))},
    "regnet_x_400mf": ({}, 224),
    "mnasnet1_0": ({}, 224),
    "mnasnet0_5": ({}, 224),
    "convnext_tiny": ({}, 224),
    "convnext_small": ({}, 224),
    "convnext_base": ({}, 224),
}
# Other constructions whose counts are recorded beside the main one, label -> (kwargs, side):
# torchvision's published inception_v3 count includes the auxiliary classifier (googlenet's does
# not); torchvision publishes efficientnet_b2's operations at its weights' 288 crop.
_AUX = {"aux_logits": True, "init_weights": False}
VARIANTS: dict[str, dict[str, tuple[dict, int]]] = {
    "inception_v3": {"aux_logits=True": (_AUX, 299)},
    "googlenet": {"aux_logits=True": (_AUX, 224)},
    "efficientnet_b2": {"input 288": ({}, 288)},
}


def build(name: str, kwargs: dict | None = None) -> torch.nn.Module:
    kwargs = MODELS[name][0] if kwargs is None else kwargs
    return torchvision.models.get_model(name, weights=None, **kwargs)


def shapes(obj) -> list:
    leaves, _ = tree_flatten(obj)
    return [list(t.shape) for t in leaves if isinstance(t, torch.Tensor)]


# ---------------------------------------------------------------- part 1: counts

def param_counts(model: torch.nn.Module) -> dict:
    buffers = [(n, b) for n, b in model.named_buffers()]
    nbt = [b for n, b in buffers if n.endswith("num_batches_tracked")]
    return {
        "params": sum(p.numel() for p in model.parameters()),
        "buffers": sum(b.numel() for n, b in buffers if not n.endswith("num_batches_tracked")),
        "num_batches_tracked": len(nbt),
    }


def recorded_modules(model: torch.nn.Module) -> dict[str, torch.nn.Module]:
    """Leaf modules and modules that own parameters directly, by qualified name."""
    return {name: m for name, m in model.named_modules()
            if name and (not list(m.children()) or list(m.parameters(recurse=False)))}


def measure_counts(name: str) -> dict:
    kwargs, side = MODELS[name]
    model = build(name).eval()
    x = torch.randn(1, 3, side, side)
    modules = recorded_modules(model)
    layers = []

    def hook_for(qualname, module):
        own = sum(p.numel() for p in module.parameters(recurse=False))

        def hook(mod, args, output):
            entry = {"name": qualname, "type": type(mod).__name__, "in": shapes(args),
                     "params": own}
            out = shapes(output)
            entry["out"] = out[0] if isinstance(output, torch.Tensor) else out
            if list(mod.children()):
                entry["leaf"] = False
            layers.append(entry)
        return hook

    handles = [m.register_forward_hook(hook_for(n, m)) for n, m in modules.items()]
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        output = model(x)
    for h in handles:
        h.remove()

    flops = counter.get_total_flops()
    assert flops % 2 == 0, f"{name}: odd FLOP count {flops}"
    root = type(model).__name__
    by_module_raw = counter.get_flop_counts()
    by_module = {}
    for mod_name, ops in by_module_raw.items():
        qual = mod_name[len(root) + 1:] if mod_name.startswith(root + ".") else None
        if qual in modules and not list(modules[qual].children()):
            total = sum(ops.values())
            if total:
                by_module[qual] = total
    by_op = {str(op): n for op, n in by_module_raw.get("Global", {}).items()}
    counted_params = sum(sum(p.numel() for p in m.parameters(recurse=False))
                         for m in modules.values())
    result = {
        "constructor": {"weights": None, **kwargs},
        "input": [1, 3, side, side],
        **param_counts(model),
        "flops": flops,
        "macs": flops // 2,
        "flops_by_module": by_module,
        "flops_by_module_sum_is_total": sum(by_module.values()) == flops,
        "flops_by_op": by_op,
        "layers": layers,
        "layers_params_sum_is_params": counted_params == sum(p.numel() for p in model.parameters()),
        "output": shapes(output)[0],
    }
    variants = {}
    for label, (vkwargs, vside) in VARIANTS.get(name, {}).items():
        vmodel = build(name, vkwargs).eval()
        with torch.no_grad(), FlopCounterMode(display=False) as vcounter:
            vmodel(torch.randn(1, 3, vside, vside))
        vflops = vcounter.get_total_flops()
        assert vflops % 2 == 0, f"{name} {label}: odd FLOP count {vflops}"
        variants[label] = {"constructor": {"weights": None, **vkwargs},
                           "input": [1, 3, vside, vside], **param_counts(vmodel),
                           "flops": vflops, "macs": vflops // 2}
    if variants:
        result["variants"] = variants
    return result


# ---------------------------------------------------------------- part 2: training memory

def storage_key(t: torch.Tensor) -> tuple[int, int] | None:
    """(data_ptr, nbytes) of a tensor's storage; None for empty storages."""
    s = t.untyped_storage()
    return (s.data_ptr(), s.nbytes()) if s.nbytes() else None


class LiveBytes(TorchDispatchMode):
    """Running total of bytes in distinct live storages, with its maximum.

    Every aten op's output storages are registered once (by the identity of the storage's
    Python object, which PyTorch preserves while the storage lives); a weakref.finalize on the
    storage removes it when it is freed. The op count and phase of the peak are kept too.
    """

    def __init__(self):
        super().__init__()
        self.live: dict[int, int] = {}
        self.total = 0
        self.peak = 0
        self.peak_at = None
        self.phase = "start"
        self.ops = 0
        self.phase_peaks: dict[str, int] = {}

    def track(self, t: torch.Tensor) -> None:
        s = t.untyped_storage()
        key, n = id(s), s.nbytes()
        old = self.live.get(key)
        if old is None:
            if not n:
                return
            weakref.finalize(s, self._free, key)
            self.live[key] = n
            self.total += n
        elif old != n:  # resized in place
            self.live[key] = n
            self.total += n - old
        if self.total > self.peak:
            self.peak = self.total
            self.peak_at = {"phase": self.phase, "op_index": self.ops}
        if self.total > self.phase_peaks.get(self.phase, 0):
            self.phase_peaks[self.phase] = self.total

    def _free(self, key: int) -> None:
        self.total -= self.live.pop(key)

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        self.ops += 1
        for t in tree_flatten(out)[0]:
            if isinstance(t, torch.Tensor):
                self.track(t)
        return out


def graph_nodes(root) -> list:
    """Every autograd node reachable from ``root``, in forward order (sequence number)."""
    seen, stack, nodes = set(), [root], []
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        nodes.append(node)
        stack.extend(fn for fn, _ in node.next_functions)
    return sorted(nodes, key=lambda n: n._sequence_nr())


def saved_tensors_of(node) -> list[tuple[str, torch.Tensor]]:
    out = []
    for attr in dir(node):
        if not attr.startswith("_saved_"):
            continue
        value = getattr(node, attr)
        if isinstance(value, torch.Tensor):
            out.append((attr[len("_saved_"):], value))
        elif isinstance(value, (tuple, list)):
            out.extend((f"{attr[len('_saved_'):]}[{i}]", v) for i, v in enumerate(value)
                       if isinstance(v, torch.Tensor))
    return out


def profiler_peak(prof) -> int:
    """Peak of the running sum of the CPU allocator's events recorded by the profiler."""
    cpu = torch._C._autograd.DeviceType.CPU
    events = sorted((e.start_ns(), e.nbytes()) for e in prof.profiler.kineto_results.events()
                    if e.name() == "[memory]" and e.device_type() == cpu)
    total = peak = 0
    for _, n in events:
        total += n
        peak = max(peak, total)
    return peak


def node_module_map(model: torch.nn.Module, assigned: dict) -> list:
    """Module hooks that give each autograd node to the module whose own forward created it.

    A stack of running modules is kept by pre- and post-hooks. Nodes are created in forward
    order, so when a module is entered, the unassigned nodes reachable from its inputs were
    created by the module running so far (its parent, e.g. a functional add or flatten before a
    child's call); when a module returns, the unassigned nodes reachable from its output were
    created by it (its children's nodes are already assigned). Stored as (name, class name).
    """
    stack: list[tuple[str, str]] = []

    def claim(tensors, owner) -> None:
        todo = [t.grad_fn for t in tree_flatten(tensors)[0]
                if isinstance(t, torch.Tensor) and t.grad_fn is not None]
        while todo:
            node = todo.pop()
            if node is None or node in assigned or type(node).__name__ == "AccumulateGrad":
                continue
            assigned[node] = owner
            todo.extend(fn for fn, _ in node.next_functions)

    handles = []
    for qualname, module in model.named_modules():
        owner = (qualname or "(model)", type(module).__name__)

        def pre(mod, args, owner=owner):
            if stack:
                claim(args, stack[-1])
            stack.append(owner)

        def post(mod, args, output, owner=owner):
            claim(output, owner)
            stack.pop()
        handles.append(module.register_forward_pre_hook(pre))
        handles.append(module.register_forward_hook(post))
    return handles


LOSSES = {
    # The model alone: SumBackward0 saves no tensor. This is the 2,851,646,976 bytes
    # for resnet50 at batch 32.
    "sum": "output.sum()",
    # A training step's loss: adds log_softmax's output (batch x 1000 fp32), the int64 targets
    # and NllLoss's 4-byte total_weight (128,260 bytes at batch 32).
    "cross_entropy": "cross_entropy(output, torch.randint(0, 1000, (batch,)))",
}


# Nodes that save tensors without exposing them as _saved_* attributes: an in-place op on a
# view is recorded as CopySlices wrapping the op's own node (efficientnet's in-place dropout on
# the flattened features). The storages the walk cannot see are given to the first such node.
OPAQUE_NODES = {"CopySlices"}


def attribute_saved(root, assigned: dict, hooked: dict, record) -> dict:
    """Give every saved storage to the first node, in forward order, that saves it.

    ``by_node``: per grad_fn class, the node count, the bytes attributed first-seen, the bytes
    summed per node without deduplication across nodes, the first node's saved tensors
    (``first``), and ``patterns``: the distinct ways nodes of that class save (attribute, dtype,
    rank, what the tensor is) together with the creating module's class, each with its count and
    first module. ``by_module``: first-seen bytes per module run, in forward order.
    """
    nodes = graph_nodes(root)
    first_seen: set = set()
    by_node: dict[str, dict] = {}
    by_module: list[dict] = []
    opaque = []
    for node in nodes:
        kind = type(node).__name__
        saved = saved_tensors_of(node)
        module, module_type = assigned.get(node, ("(outside modules)", None))
        entry = by_node.setdefault(kind, {"nodes": 0, "bytes_first_seen": 0,
                                          "bytes_per_node_sum": 0, "patterns": []})
        entry["nodes"] += 1
        own_keys, new_bytes = set(), 0
        for _, t in saved:
            key = storage_key(t)
            if key is None or key in own_keys:
                continue
            own_keys.add(key)
            entry["bytes_per_node_sum"] += key[1]
            if key not in first_seen:
                first_seen.add(key)
                new_bytes += key[1]
        entry["bytes_first_seen"] += new_bytes
        records = {attr: record(t) for attr, t in saved}
        entry.setdefault("first", records)
        compact = {attr: f"{r['dtype']} rank {len(r['shape'])} {r['is']}" for attr, r in records.items()}
        for pattern in entry["patterns"]:
            if pattern["saved"] == compact and pattern["module_type"] == module_type:
                pattern["nodes"] += 1
                break
        else:
            entry["patterns"].append({"saved": compact, "module_type": module_type,
                                      "example": module, "nodes": 1})
        if by_module and by_module[-1]["module"] == module:
            row = by_module[-1]
        else:
            row = {"module": module, "nodes": {}, "bytes": 0}
            by_module.append(row)
        row["nodes"][kind] = row["nodes"].get(kind, 0) + 1
        row["bytes"] += new_bytes
        if kind in OPAQUE_NODES:
            opaque.append((entry, row))
        del saved
    result = {"graph_nodes": len(nodes), "walk_found_all": first_seen == set(hooked),
              "walk_found_only_saved": first_seen <= set(hooked)}
    hidden = [hooked[k] for k in hooked if k not in first_seen]
    if hidden and opaque:
        entry, row = opaque[0]
        entry["hidden"] = hidden
        entry["bytes_first_seen"] += sum(r["storage_bytes"] for r in hidden)
        row["bytes"] += sum(r["storage_bytes"] for r in hidden)
    elif hidden:
        result["unattributed"] = hidden
    result.update(by_node=by_node, by_module=by_module)
    return result


def measure_training(name: str, batch: int, with_profiler: bool = True,
                     loss_kind: str = "sum") -> dict:
    _, side = MODELS[name]
    torch.manual_seed(0)
    model = build(name).train()
    x = torch.randn(batch, 3, side, side)
    target = torch.randint(0, 1000, (batch,)) if loss_kind == "cross_entropy" else None
    params = {storage_key(p) for p in model.parameters()}
    buffers = {storage_key(b) for b in model.buffers()}
    inputs = {storage_key(x)}
    targets = {storage_key(target)} if target is not None else set()

    def what(key) -> str:
        for label, keys in (("param", params), ("buffer", buffers), ("input", inputs),
                            ("target", targets)):
            if key in keys:
                return label
        return "activation"

    def record(t) -> dict:
        key = storage_key(t)
        return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
                "storage_bytes": key[1] if key else 0, "is": what(key)}

    hooked: dict[tuple, dict] = {}  # storage -> the first tensor saved on it

    def pack(t):
        key = storage_key(t)
        if key is not None and key not in hooked:
            hooked[key] = record(t)
        return t

    assigned: dict = {}
    handles = node_module_map(model, assigned)
    mode = LiveBytes()
    prof = (torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU],
                                   profile_memory=True) if with_profiler else None)
    started = time.perf_counter()
    if prof:
        prof.__enter__()
    for t in [*model.parameters(), *model.buffers(), x, *([target] if target is not None else [])]:
        mode.track(t)
    mode.phase = "forward"
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t), mode:
        out = model(x)
        loss = (out.sum() if loss_kind == "sum"
                else torch.nn.functional.cross_entropy(out, target))
    for h in handles:
        h.remove()
    live_after_forward = mode.total
    saved = attribute_saved(loss.grad_fn, assigned, hooked, record)
    assigned.clear()
    saved.update({
        "bytes": sum(r["storage_bytes"] for r in hooked.values()),
        "storages": len(hooked),
        **{f"{label}_bytes": sum(r["storage_bytes"] for r in hooked.values() if r["is"] == label)
           for label in ("param", "buffer", "input", "target", "activation")},
    })
    mode.phase = "backward"
    with mode:
        loss.backward()
    if prof:
        prof.__exit__(None, None, None)
    seconds = time.perf_counter() - started
    grad_bytes = sum(p.grad.untyped_storage().nbytes() for p in model.parameters()
                     if p.grad is not None)
    static = sum(k[1] for k in params | buffers | inputs | targets)
    peak = {
        "live_bytes_peak": mode.peak,
        "peak_at": mode.peak_at,
        "phase_peaks": mode.phase_peaks,
        "live_bytes_start": static,
        "live_bytes_after_forward": live_after_forward,
        "live_bytes_after_backward": mode.total,
        "gradient_bytes": grad_bytes,
        "aten_ops": mode.ops,
    }
    if prof:
        # The profiler's running sum starts at zero: add what was allocated before it started.
        peak["profiler_peak_bytes"] = static + profiler_peak(prof)
    del out, loss, prof
    return {"batch": batch, "input": [batch, 3, side, side], "seconds": round(seconds, 1),
            "loss": LOSSES[loss_kind], "saved": saved, "peak": peak}


def measure_inference(name: str, batch: int) -> dict:
    _, side = MODELS[name]
    model = build(name).eval()
    x = torch.randn(batch, 3, side, side)
    mode = LiveBytes()
    for t in [*model.parameters(), *model.buffers(), x]:
        mode.track(t)
    start = mode.total
    mode.phase = "forward"
    started = time.perf_counter()
    with torch.no_grad(), mode:
        out = model(x)
    result = {"batch": batch, "input": [batch, 3, side, side],
              "live_bytes_start": start, "live_bytes_peak": mode.peak,
              "live_bytes_end": mode.total, "aten_ops": mode.ops,
              "seconds": round(time.perf_counter() - started, 1)}
    del out
    return result


# ---------------------------------------------------------------- files

def dumps(obj, indent: int = 0, width: int = 200) -> str:
    """JSON with sorted keys, one level per line, except that a container whose compact form
    fits in ``width`` characters stays on one line (a layer, a shape)."""
    compact = json.dumps(obj, sort_keys=True, separators=(", ", ": "))
    if not isinstance(obj, (dict, list)) or len(compact) + indent <= width or not obj:
        return compact
    pad = " " * (indent + 1)
    if isinstance(obj, dict):
        items = [f"{pad}{json.dumps(k)}: {dumps(obj[k], indent + 1, width)}" for k in sorted(obj)]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + dumps(v, indent + 1, width) for v in obj]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def update_file(name: str, **sections) -> Path:
    path = OUT_DIR / f"{name}.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data.update({"model": name, "torch": torch.__version__, "torchvision": torchvision.__version__,
                 "device": "cpu", "machine": platform.machine()})
    data.update(sections)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(data) + "\n")
    return path


def choose_batch(wanted: int, budget: int, fixed: int, peak_at_one: int) -> int:
    """Largest batch, halving from ``wanted``, whose peak projected from batch 1 stays under
    ``budget``: ``fixed`` bytes (weights, buffers and, in training, gradients) plus batch times
    the rest of batch 1's peak."""
    batch = wanted
    while batch > 1 and fixed + batch * (peak_at_one - fixed) > budget:
        batch //= 2
    return batch


def batch_runs(measure, wanted: int, budget_gb: float, peak_of) -> dict:
    """Run ``measure(batch)`` at batch 1 and at the largest batch <= wanted that fits;
    ``peak_of(run)`` gives a batch-1 run's (fixed bytes, peak)."""
    at_one = measure(1)
    batch = choose_batch(wanted, int(budget_gb * 2**30), *peak_of(at_one))
    runs = {"1": at_one}
    if batch > 1:
        runs[str(batch)] = measure(batch)
    section = {"runs": runs, "wanted_batch": wanted, "batch": batch}
    if batch != wanted:
        section["note"] = (f"batch {wanted} projects (from batch 1) past {budget_gb:g} GiB of "
                           f"live tensors on a shared 24 GiB machine; measured at batch {batch}")
    return section


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("part", choices=["counts", "training"])
    parser.add_argument("models", nargs="*", help="torchvision names (default: all)")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--budget-gb", type=float, default=12.0,
                        help="largest projected live-bytes peak a run may reach (GiB)")
    parser.add_argument("--no-profiler", action="store_true")
    parser.add_argument("--loss", choices=sorted(LOSSES), default="sum")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    names = args.models or list(MODELS)
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        parser.error(f"unknown models: {unknown}")
    for name in names:
        started = time.perf_counter()
        if args.part == "counts":
            path = update_file(name, **measure_counts(name))
        else:
            training = batch_runs(
                lambda b: measure_training(name, b, not args.no_profiler, args.loss),
                args.batch, args.budget_gb,
                lambda r: (r["peak"]["live_bytes_start"] + r["peak"]["gradient_bytes"],
                           r["peak"]["live_bytes_peak"]))
            inference = batch_runs(
                lambda b: measure_inference(name, b), args.batch, args.budget_gb,
                lambda r: (r["live_bytes_start"], r["live_bytes_peak"]))
            path = update_file(name, training=training, inference=inference)
        print(f"{name}: {time.perf_counter() - started:.1f} s -> {path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
