"""Activation memory over the schedule: total, and peak live tensors at inference. (Training
memory, which keeps tensors for backward, is costcalc.training.)

A node that computes in place (ReLU, Dropout) or is a view (Flatten, Identity) writes into its
first input's buffer, so it extends that buffer's life instead of allocating one. A buffer is
freed after the last node that reads it or any alias of it; outputs nobody reads live to the end.
"""

from __future__ import annotations

import numpy as np

# Reads an engine.Analysis (names, inputs, layers, activations) but does not import the engine,
# which calls it for its totals.


def buffer_owners(analysis, training: bool = False) -> list[int]:
    """For each node: the node whose buffer its output uses (itself when it writes a new
    tensor). ``training``: as in a training forward pass, where dropout and drop-path write one."""
    owner: list[int] = []
    for i, layer in enumerate(analysis.layers):
        allocates = layer.allocates_in_training if training else layer.allocates_output
        if allocates or not analysis.inputs[i]:
            owner.append(i)
        else:
            owner.append(owner[analysis.index(analysis.inputs[i][0])])
    return owner


def buffer_lifetimes(analysis) -> tuple[list[int], list[int]]:
    """For each node: the node whose buffer its output uses, and that buffer's last use."""
    owner = buffer_owners(analysis)
    last = list(range(len(owner)))
    consumed = [False] * len(owner)
    for i, srcs in enumerate(analysis.inputs):
        for s in srcs:
            j = owner[analysis.index(s)]
            last[j] = max(last[j], i)
            consumed[analysis.index(s)] = True
    end = len(owner) - 1
    for i in range(len(owner)):
        if not consumed[i]:  # a network output: kept to the end
            last[owner[i]] = end
    return owner, last


def peak_activations(analysis) -> np.ndarray:
    """Peak live activation elements per variant (batch applied), shape (V,)."""
    owner, last = buffer_lifetimes(analysis)
    sizes = analysis.activations  # (V, nodes); 0 for nodes that own no buffer
    nodes = sizes.shape[1]
    delta = np.zeros((sizes.shape[0], nodes + 1), dtype=sizes.dtype)
    delta[:, :nodes] += sizes
    np.subtract.at(delta.T, np.array(last) + 1, sizes.T)
    return np.cumsum(delta[:, :nodes], axis=1).max(axis=1)
