"""Built-in architecture specs, one family per file, installed as ``costcalc.specs``.

Each module defines ``MODELS`` (name → costcalc.registry.Model) and, for the paper ledger,
the figures its sources state.
"""
