"""Every printed value is a string literal typed from its source, and every source is a document.

The figure modules (costcalc/ledger/families/*.py) are parsed with ``ast``: each ``Figure(...)``
and ``NotComputable(...)`` call must carry its printed value as a string literal, at its
declaration (not inside a loop, a comprehension or a function, where one literal could stand
for many figures), and the printed values of the records each module exports must be exactly
those literals. So no printed side can be computed, nor read from a spec's table.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

from costcalc import ledger
from costcalc.ledger import families, pages
from costcalc.ledger.sources import DOCUMENTS, Citation, Document
from costcalc.registry import builtin_models

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = {families.family(m): m for m in families.MODULES}
_PRINTED_AT = {"Figure": 2, "NotComputable": 2}       # the positional index of ``printed``
_NOT_AT_DECLARATION = (ast.For, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
                       ast.FunctionDef, ast.Lambda)


def record_calls(source: str) -> list[tuple[str, ast.Call, list[ast.AST]]]:
    """Every Figure/NotComputable call in ``source``, with the nodes enclosing it."""
    found = []

    def visit(node, ancestors):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in _PRINTED_AT:
                found.append((name, node, ancestors))
        for child in ast.iter_child_nodes(node):
            visit(child, [*ancestors, node])
    visit(ast.parse(source), [])
    return found


def printed_literals(source: str) -> tuple[list[str], list[str]]:
    """The printed literals of the record calls, and a line per call that breaks the rule."""
    literals, problems = [], []
    for name, call, ancestors in record_calls(source):
        given = {k.arg: k.value for k in call.keywords if k.arg}
        printed = given.get("printed", call.args[_PRINTED_AT[name]] if len(call.args) > _PRINTED_AT[name]
                            else None)
        where = f"line {call.lineno}: {name}"
        if not (isinstance(printed, ast.Constant) and isinstance(printed.value, str)):
            problems.append(f"{where}: printed is not a string literal")
            continue
        if any(isinstance(a, _NOT_AT_DECLARATION) for a in ancestors):
            problems.append(f"{where} {printed.value!r}: declared inside a loop, comprehension or function")
            continue
        literals.append(printed.value)
    return literals, problems


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_printed_value_is_a_literal_at_its_declaration(family):
    module = FAMILIES[family]
    literals, problems = printed_literals(Path(module.__file__).read_text(encoding="utf-8"))
    assert problems == []
    records = [*getattr(module, "FIGURES", []), *getattr(module, "NOT_COMPUTABLE", [])]
    assert Counter(r.printed for r in records) == Counter(literals)
    assert len(records) == len(literals) > 0


@pytest.mark.parametrize("source, problem", [
    ('Figure("vgg16", "params", str(138), src, table="t")', "printed is not a string literal"),
    ('Figure("vgg16", "params", printed=f"{n}M", source=src, table="t")', "printed is not a string literal"),
    ('NotComputable("vgg16", "x", TABLE[0], src, "r", table="t")', "printed is not a string literal"),
    ('FIGURES = [Figure("vgg11", "count", "5", src, table="t") for _ in range(6)]', "inside a loop"),
    ('def f():\n    return Figure("vgg11", "count", "5", src, table="t")', "inside a loop"),
])
def test_the_literal_check_catches_a_computed_or_repeated_printed_value(source, problem):
    literals, problems = printed_literals(source)
    assert literals == [] and len(problems) == 1 and problem in problems[0]
    assert printed_literals('Figure("vgg16", "params", "138M", src, **row(1))') == (["138M"], [])


def test_every_record_cites_documents_of_the_sources_module():
    known = {d.key: d for d in DOCUMENTS}
    for record in [*ledger.figures(), *ledger.not_computable()]:
        assert isinstance(record.source, tuple) and record.source, record
        for citation in record.source:
            assert isinstance(citation, Citation) and citation.location, record
            assert known.get(citation.document.key) is citation.document, record


def test_every_document_is_named_by_title_author_and_address_or_says_it_has_none():
    for d in DOCUMENTS:
        assert isinstance(d, Document) and d.title and d.authors and d.short and d.kind, d.key
        if d.kind == "paper":
            assert d.address.startswith("https://") and d.date, d.key
        else:
            assert d.address or "No public address known" in d.reference, d.key
        assert d.reference.startswith(f"{d.authors} (")
    assert len({d.key for d in DOCUMENTS}) == len(DOCUMENTS)


def test_every_document_is_cited():
    cited = {c.document.key for r in [*ledger.figures(), *ledger.not_computable()] for c in r.source}
    assert cited == {d.key for d in DOCUMENTS}


# "seed 003", "seeds 000, 003", "a seed file": our local copies of the course material, which a
# user who clones the repo lacks; the documents are named by title and author instead
LOCAL_FILE = re.compile(r"\bseeds?\b", re.IGNORECASE)


def _user_facing_text() -> list[tuple[str, str]]:
    texts = []
    for f in ledger.figures():
        texts += [(f.title, t) for t in (f.label, f.reason, f.erratum or "", f.source_text, f.variant or "")]
    for n in ledger.not_computable():
        texts += [(n.what, t) for t in (n.what, n.reason, n.source_text)]
    texts += [(t.id, f"{t.title} {t.about}") for t in pages.TABLES]
    texts += [(d.key, d.reference) for d in DOCUMENTS]
    texts += [(name, f"{m.description} {m.source}") for name, m in builtin_models().items()]
    for path in [ROOT / "README.md", *sorted((ROOT / "reports").rglob("*.md")),
                 *sorted((ROOT / "reports").rglob("*.html"))]:
        texts.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    return texts


def test_no_user_facing_text_cites_a_local_file_number():
    found = [(where, m.group(0)) for where, text in _user_facing_text() for m in LOCAL_FILE.finditer(text)]
    assert found == []


def test_the_local_file_check_can_fail():
    assert LOCAL_FILE.search("seed 003, VGG-16 table") and LOCAL_FILE.search("(seeds 000, 003)")
    assert not LOCAL_FILE.search("the hypothesis seeded the run") and not LOCAL_FILE.search("seedling")
