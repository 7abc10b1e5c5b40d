"""The shared table skeleton (costcalc/tables.py): fitting to a width, and each format's escaping."""

from costcalc import tables
from costcalc.tables import Column


def test_fit_drops_extras_first_then_shortens_names_then_optional_columns():
    columns = [Column("layer", shrink=14, cut="path"), Column("MACs", "right"), Column("MACs %", "right", keep=4),
               Column("type", keep=3)]
    rows = [["stage2/block1/depthwise/conv", "3,612,672", "0.94", "conv 3×3/1 p1, 32 g32"]]
    fitted, body, dropped = tables.fit(columns, rows, 60)
    assert dropped == ["MACs %"] and [c.header for c in fitted] == ["layer", "MACs", "type"]
    fitted, body, dropped = tables.fit(columns, rows, 40)
    assert dropped == ["MACs %", "type"]          # shortening to its floor was not enough ...
    assert body[0][0] == "stage2/block1/depthwise/conv"   # ... and the room type freed goes back
    fitted, body, dropped = tables.fit(columns, rows, 30)
    assert body[0][0] == "stage2/…/conv"          # the outermost scope and the leaf stay
    assert body[0][1] == "3,612,672"              # a number is never cut
    assert len(tables.text(fitted, body).splitlines()[2]) <= 40


def test_text_cells_cannot_forge_rows():
    text = tables.text([Column("layer")], [["a\nb"]])
    assert text.splitlines()[2] == "a\\x0ab"     # one row: the newline is shown, not obeyed


def test_markdown_escapes_pipes_and_right_aligns_numbers():
    md = tables.markdown([Column("name"), Column("params", "right")], [["a|b", "1,000"]])
    assert md.splitlines() == ["| name | params |", "|---|--:|", "| a\\|b | 1,000 |"]


def test_latex_escapes_its_specials_and_sets_symbols_in_math():
    assert tables.latex_text("a_b 50% & #1 {x} 3×3 |") == r"a\_b 50\% \& \#1 \{x\} 3$\times$3 $|$"


def test_html_escapes_and_marks_numbers():
    html = tables.html_table([Column("name"), Column("n", "right")], [["<b>&", "7"]])
    assert "<td>&lt;b&gt;&amp;</td>" in html and '<td class="num">7</td>' in html


def test_csv_cells_never_start_a_formula():
    assert [tables.csv_safe(v) for v in ("=1+1", "+1", "-x", "@a", "plain", 5)] == \
        ["'=1+1", "'+1", "'-x", "'@a", "plain", 5]
