"""Builders for the blocks that many architectures repeat (residual blocks, squeeze-excitation,
inverted residuals, ...). Each is a function that adds named nodes to a ``Network`` inside a
scope, so a spec file in ``specs/`` walks its paper's table and calls these; no spec file imports
another family's spec file."""
