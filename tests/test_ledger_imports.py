"""No import cycles anywhere in costcalc, and the ledger's imports run one way.

Every costcalc module (costcalc/**.py, and specs/*.py installed as costcalc.specs) is parsed with
``ast``; every import of a costcalc module is an edge, wherever it sits: at module level or inside
a function (a lazy import still makes a cycle, it only hides it until the call). ``from p import
name`` is an edge to ``p.name`` when that is a module, else to ``p``. The implicit import of a
module's parent packages is not an edge (every submodule would then "import" its package).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {"costcalc": ROOT / "costcalc", "costcalc.specs": ROOT / "specs"}


def module_files(sources: dict[str, Path]) -> dict[str, Path]:
    """Module name → file, for every .py under each package directory."""
    found = {}
    for package, directory in sources.items():
        for path in sorted(directory.rglob("*.py")):
            parts = list(path.relative_to(directory).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([package, *parts])] = path
    return found


def _base(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module a ``from ... import`` names (relative levels resolved)."""
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for _ in range(node.level - 1):
        package = package.rsplit(".", 1)[0]
    return f"{package}.{node.module}" if node.module else package


def import_graph(sources: dict[str, Path] = SOURCES) -> nx.DiGraph:
    """Modules and the imports between them (module level and function level alike)."""
    files = module_files(sources)
    graph = nx.DiGraph()
    graph.add_nodes_from(files)
    for module, path in files.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _base(module, path, node)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in files else base for a in node.names]
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", ""))
                  == "import_module" and node.args and isinstance(node.args[0], ast.Constant)):
                targets = [node.args[0].value]
            graph.add_edges_from((module, t) for t in targets if t in files and t != module)
    return graph


@cache
def costcalc_graph() -> nx.DiGraph:
    return import_graph()


def cycles(graph: nx.DiGraph) -> list[list[str]]:
    return sorted(sorted(c) for c in nx.simple_cycles(graph))


def test_no_import_cycle_in_costcalc():
    graph = costcalc_graph()
    assert graph.number_of_nodes() > 40 and graph.number_of_edges() > 100  # it read the code
    assert cycles(graph) == []


def test_a_function_level_cycle_is_found(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import g\n\ndef f():\n    return g()\n")
    (package / "b.py").write_text("def g():\n    from . import a  # lazy, still a cycle\n    return a\n")
    (package / "c.py").write_text("import pkg.a\n")
    graph = import_graph({"pkg": package})
    assert set(graph.edges) == {("pkg.a", "pkg.b"), ("pkg.b", "pkg.a"), ("pkg.c", "pkg.a")}
    assert cycles(graph) == [["pkg.a", "pkg.b"]]


def _reaches(graph: nx.DiGraph, source: str) -> set[str]:
    return nx.descendants(graph, source)


@pytest.mark.parametrize("module, never", [
    # the ledger's data model and figures know nothing of their presentation
    ("costcalc.ledger.model", {"costcalc.ledger.render", "costcalc.ledger.pages", "costcalc.handout"}),
    ("costcalc.ledger.families", {"costcalc.ledger.render", "costcalc.ledger.pages", "costcalc.handout"}),
    ("costcalc.ledger", {"costcalc.ledger.render", "costcalc.ledger.pages", "costcalc.handout"}),
    # the renderers never reach the pages or a handout; the handout takes its rows from render
    ("costcalc.ledger.render", {"costcalc.ledger.pages", "costcalc.handout"}),
    ("costcalc.handout", {"costcalc.ledger.pages"}),
    ("costcalc.separable", {"costcalc.ledger.pages", "costcalc.ledger.render"}),
    # nothing below the CLI imports it
    ("costcalc.ledger.pages", {"costcalc.cli"}),
])
def test_imports_run_one_way(module, never):
    graph = costcalc_graph()
    assert module in graph
    assert _reaches(graph, module) & never == set()


def test_pages_render_model_is_the_direction():
    graph = costcalc_graph()
    assert {"costcalc.ledger.render", "costcalc.ledger.model"} <= _reaches(graph, "costcalc.ledger.pages")
    assert "costcalc.ledger.model" in _reaches(graph, "costcalc.ledger.render")
    assert "costcalc.engine" in _reaches(graph, "costcalc.ledger.model")


SPECS = sorted(m for m in module_files(SOURCES) if m.startswith("costcalc.specs."))


@pytest.mark.parametrize("spec", SPECS)
def test_a_spec_is_architecture_only(spec):
    """A spec imports neither the ledger nor another family's spec, runs no analysis, and
    declares no ledger records (tables, builders, MODELS)."""
    graph = costcalc_graph()
    imported = set(graph.successors(spec))
    assert not {m for m in imported if m.startswith("costcalc.ledger")}, spec
    assert not {m for m in imported if m.startswith("costcalc.specs")}, spec
    assert "costcalc.engine" not in imported and "costcalc" not in imported, spec
    tree = ast.parse(module_files(SOURCES)[spec].read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert "analyze" not in names, spec
    assigned = {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) for t in n.targets
                if isinstance(t, ast.Name)}
    assert not assigned & {"FIGURES", "NOT_COMPUTABLE"}, spec
    assert "MODELS" in assigned, spec


def test_specs_are_found():
    assert {"costcalc.specs.vgg", "costcalc.specs.shufflenet", "costcalc.specs.lenet"} <= set(SPECS)


def test_every_package_is_installed():
    """A plain `pip install .` ships only the packages pyproject.toml lists: a new package
    directory (costcalc/ledger/families/, ...) must be listed there too."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    packages = {m for m, path in module_files(SOURCES).items() if path.name == "__init__.py"}
    assert packages == listed
