"""Built-in architecture specs, one family per file, installed as ``costcalc.specs``.

Each module is architecture only: the paper's table as a literal, one builder that walks it,
and ``MODELS`` (name → costcalc.registry.Model). What the sources print about these nets is the
paper ledger's (costcalc/ledger/families/<family>.py), never a spec's: a spec imports neither
the ledger nor another family's spec, and never runs an analysis.
"""
