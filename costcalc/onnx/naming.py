"""ONNX node names → costcalc node paths and scopes.

The rule (README, ONNX section): a node's name is split on '/'; the last part is the costcalc
node's name and the parts before it are its scopes. So PyTorch's ``/layer1/layer1.0/conv1/Conv``
becomes the node ``layer1/layer1.0/conv1/Conv`` in scopes ``layer1`` › ``layer1.0`` › ``conv1``.
The first scope of a path is a *stage* and the second a *block* (``--group-by stage`` gives
ResNet's conv1, layer1 … layer4, fc; ``--group-by block`` its bottlenecks); deeper scopes have no
kind. A file written by ``costcalc export`` carries its own scope kinds (metadata_props
``costcalc.scopes``), which win over the rule.

PyTorch's dynamo exporter names nodes ``node_Conv_12`` and keeps the module path in the node's
metadata (``pkg.torch.onnx.name_scopes``); that path is used instead, shortened as the
TorchScript exporter writes it (``layer1.0.bn1`` inside ``layer1.0`` is ``bn1``).
"""

from __future__ import annotations

import ast
import unicodedata

SCOPES_KEY = "pkg.torch.onnx.name_scopes"


def _clean(part: str) -> str:
    """A path component costcalc accepts: control characters and line breaks become '?'."""
    return "".join("?" if unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp")
                   else ch for ch in part)


def _torch_scopes(text: str) -> list[str] | None:
    try:
        scopes = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        return None
    modules = [s for s in scopes[:-1] if s]  # the last entry names the aten op, '' the root module
    short, parent = [], ""
    for name in modules:
        rest = name[len(parent) + 1:] if parent and name.startswith(parent + ".") else name
        short.append(name if rest.isdigit() else rest)
        parent = name
    return short


def components(name: str, op: str, metadata: dict[str, str]) -> list[str]:
    """The path components of a node: scopes, then the node's own name (never empty)."""
    if SCOPES_KEY in metadata:
        modules = _torch_scopes(metadata[SCOPES_KEY])
        if modules is not None:
            return [_clean(p) for p in modules] + [op]
    parts = [_clean(p) for p in name.split("/") if p]
    return parts or [op]


def scope_kind(depth: int) -> str | None:
    """The kind of the scope at ``depth`` (1 = outermost) by the rule above."""
    return {1: "stage", 2: "block"}.get(depth)


def fused_leaf(node, layer_name: str) -> str:
    """A pattern's node name: the last ONNX node's, unless that is only its op type (PyTorch's
    ``…/Mul``), which the layer's name replaces (``…/SiLU``)."""
    leaf = node.parts[-1]
    base = leaf.rsplit("_", 1)[0] if leaf.rsplit("_", 1)[-1].isdigit() else leaf
    return layer_name if base == node.op else leaf
