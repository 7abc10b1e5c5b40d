"""Ground truth for costcalc's ONNX reader: export torchvision models from PyTorch, strip their
weights, and compare costcalc's params and MACs with torch's and onnx-tool's.

Runs in a separate environment with torch, torchvision, onnx and onnx-tool (never a costcalc
dependency)::

    /work/torchenv/bin/python tools/onnx_check.py export OUT_DIR [resnet50 mobilenet_v2 ...]
    python tools/onnx_check.py costcalc OUT_DIR        # in costcalc's venv: costcalc's counts
    python tools/onnx_check.py modules OUT_DIR REF_DIR # per-module MACs vs FlopCounterMode's
    /work/torchenv/bin/python tools/onnx_check.py onnx-tool OUT_DIR

``export`` writes, per model and exporter (``ts``: TorchScript, ``torch.onnx.export(...,
dynamo=False)``; ``dynamo``: ``dynamo=True``; ``dynamo-rand``: the same after setting every
parameter and buffer to random values in [0.5, 1.5], as a trained net has no all-zero bias for
the exporter's optimizer to drop), NAME.EXPORTER.onnx with its weights (for
onnx-tool, which reads initializer values) and NAME.EXPORTER.stripped.onnx: every initializer
of more than 64 elements turned into an external-data reference to a file that is not written,
so the file is a few hundred KB and holds the weights' dims only. It also writes NAME.torch.json: params,
BN params and buffers of the module and FlopCounterMode's FLOPs (MACs = FLOPs / 2). The files
are not committed; the comparison goes in the report of the ONNX work.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MODELS = ["resnet50", "mobilenet_v2", "convnext_tiny", "efficientnet_b0", "shufflenet_v2_x1_0", "vgg16"]


def strip(path: Path, out: Path) -> None:
    """``path`` with every float initializer of more than 64 elements made an external-data
    reference to a file that is not written (its dims stay; its data is gone). Integer tensors
    (shapes, indices) keep their values."""
    import onnx
    model = onnx.load(str(path), load_external_data=False)
    missing = out.name + ".weights-not-written"
    offset = 0
    for t in model.graph.initializer:
        n = 1
        for d in t.dims:
            n *= d
        if n <= 64 or t.data_type not in (onnx.TensorProto.FLOAT, onnx.TensorProto.FLOAT16, onnx.TensorProto.DOUBLE):
            if t.data_location == onnx.TensorProto.EXTERNAL:  # dynamo writes all externally: inline the small ones
                info = {e.key: e.value for e in t.external_data}
                with open(path.parent / info["location"], "rb") as f:
                    f.seek(int(info.get("offset", 0)))
                    raw = f.read(int(info["length"]))
                del t.external_data[:]
                t.data_location = onnx.TensorProto.DEFAULT
                t.raw_data = raw
            continue
        size = n * 4
        for field in ("raw_data", "float_data", "int64_data", "int32_data", "double_data"):
            t.ClearField(field)
        del t.external_data[:]
        for key, value in (("location", missing), ("offset", str(offset)), ("length", str(size))):
            entry = t.external_data.add()
            entry.key, entry.value = key, value
        t.data_location = onnx.TensorProto.EXTERNAL
        offset += size
    onnx.save(model, str(out))


def export(out_dir: Path, names: list[str]) -> None:
    import torch
    import torchvision
    from torch.utils.flop_counter import FlopCounterMode
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        model = getattr(torchvision.models, name)().eval()
        x = torch.randn(1, 3, 224, 224)
        with FlopCounterMode(display=False) as counter:
            model(x)
        bn = sum(p.numel() for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)
                 for p in m.parameters())
        facts = {"model": name, "torch": torch.__version__, "torchvision": torchvision.__version__,
                 "params": sum(p.numel() for p in model.parameters()), "bn_params": bn,
                 "bn_channels": bn // 2,
                 "flops": counter.get_total_flops(), "macs": counter.get_total_flops() // 2}
        (out_dir / f"{name}.torch.json").write_text(json.dumps(facts, indent=1))
        for exporter, dynamo in (("ts", False), ("dynamo", True), ("dynamo-rand", True)):
            path = out_dir / f"{name}.{exporter}.onnx"
            if exporter == "dynamo-rand":  # trained-like weights: no zero bias, no two tensors alike
                with torch.no_grad():
                    for t in [*model.parameters(), *model.buffers()]:
                        if t.is_floating_point():
                            t.uniform_(0.5, 1.5)
            try:
                torch.onnx.export(model, (x,), str(path), dynamo=dynamo, opset_version=17 if not dynamo else 18,
                                  input_names=["input"], output_names=["logits"])
                strip(path, out_dir / f"{name}.{exporter}.stripped.onnx")
                print(name, exporter, "ok", flush=True)
            except Exception as exc:  # noqa: BLE001 - a report of what failed, per model
                print(name, exporter, "FAILED", type(exc).__name__, str(exc)[:300], flush=True)


def costcalc_counts(out_dir: Path) -> None:
    import costcalc
    for facts_file in sorted(out_dir.glob("*.torch.json")):
        facts = json.loads(facts_file.read_text())
        for exporter in EXPORTERS:
            path = out_dir / f"{facts['model']}.{exporter}.stripped.onnx"
            if not path.exists():
                continue
            try:
                t = costcalc.analyze(costcalc.load_onnx(path)).totals()
                print(json.dumps({"model": facts["model"], "exporter": exporter, "params": t["params"],
                                  "macs": t["macs"], "bn_params": t["bn_params"]}))
            except costcalc.CostcalcError as exc:
                print(json.dumps({"model": facts["model"], "exporter": exporter, "error": str(exc)}))


def module_of(scopes) -> str:
    """The PyTorch module path of a node from its costcalc scopes, undoing the TorchScript
    exporter's naming: ['layer1', 'layer1.0', 'conv1'] → layer1.0.conv1; ['features',
    'features.1', 'features.1.0', 'block', 'block.3'] → features.1.0.block.3."""
    dotted, short = "", ""
    for s in scopes:
        if not dotted or s.startswith(dotted + "."):
            dotted = s
        elif s.startswith(short + "."):
            dotted = dotted + s[len(short):]
        else:
            dotted = f"{dotted}.{s}"
        short = s
    return dotted


def per_module(out_dir: Path, reference: Path) -> None:
    """Per-module MACs of each TorchScript export against FlopCounterMode's per-module FLOPs / 2
    (reference: a directory of tools/torch_reference.py JSON files, e.g. from branch torchref)."""
    import costcalc
    for facts_file in sorted(out_dir.glob("*.torch.json")):
        name = json.loads(facts_file.read_text())["model"]
        ref = reference / f"{name}.json"
        path = out_dir / f"{name}.ts.stripped.onnx"
        if not ref.exists() or not path.exists():
            continue
        torch_macs = {m: f // 2 for m, f in json.loads(ref.read_text())["flops_by_module"].items()}
        ours: dict[str, int] = {}
        for row in costcalc.analyze(costcalc.load_onnx(path)).rows():
            if row.macs:
                module = module_of(row.scope)
                ours[module] = ours.get(module, 0) + row.macs
        differ = {m: (ours.get(m), torch_macs.get(m)) for m in set(ours) | set(torch_macs)
                  if ours.get(m) != torch_macs.get(m)}
        print(json.dumps({"model": name, "modules": len(torch_macs), "differ": dict(list(differ.items())[:5])}))


EXPORTERS = ("ts", "dynamo", "dynamo-rand")
MAC_OPS = {"Conv", "ConvTranspose", "Gemm", "MatMul"}


def onnx_tool_counts(out_dir: Path) -> None:
    """onnx-tool's totals (as its model_profile computes them) on the files with weights, and its
    MACs of conv and matmul ops alone (the ops FlopCounterMode counts)."""
    import onnx_tool
    from onnx_tool import NoMacsOps
    for facts_file in sorted(out_dir.glob("*.torch.json")):
        facts = json.loads(facts_file.read_text())
        for exporter in EXPORTERS:
            path = out_dir / f"{facts['model']}.{exporter}.onnx"
            if not path.exists():
                continue
            try:
                g = onnx_tool.loadmodel(str(path), {"verbose": False}).graph
                g.graph_reorder_nodes()
                g.shape_infer(None)
                g.profile(exclude_ops=NoMacsOps)
                conv_macs = sum(n.macs[0] for n in g.nodemap.values() if n.op_type in MAC_OPS and hasattr(n, "macs"))
                print(json.dumps({"model": facts["model"], "exporter": exporter, "params": int(g.params),
                                  "macs": int(round(g.macs[0])), "conv_matmul_macs": int(round(conv_macs))}))
            except Exception as exc:  # noqa: BLE001
                print(json.dumps({"model": facts["model"], "exporter": exporter,
                                  "error": f"{type(exc).__name__}: {str(exc)[:200]}"}))


if __name__ == "__main__":
    command, out = sys.argv[1], Path(sys.argv[2])
    if command == "export":
        export(out, sys.argv[3:] or MODELS)
    elif command == "strip":
        for full in [f for e in EXPORTERS for f in sorted(out.glob(f"*.{e}.onnx"))]:
            strip(full, full.with_name(full.name.replace(".onnx", ".stripped.onnx")))
    elif command == "costcalc":
        costcalc_counts(out)
    elif command == "modules":
        per_module(out, Path(sys.argv[3]))
    elif command == "onnx-tool":
        onnx_tool_counts(out)
    else:
        raise SystemExit(f"unknown command {command!r}: export | strip | costcalc | modules | onnx-tool")
