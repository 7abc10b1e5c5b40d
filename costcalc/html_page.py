"""One HTML look for every page costcalc writes (report, compare, handout): one stylesheet,
one skeleton. Numbers right-aligned (class "num"), verdicts coloured (rows of class
"v-<verdict>", the verdict cell of class "verdict"), and print rules so a page prints on A4
without losing a column.

Printing: a table is laid out for the page before it is written. One that fits the width of a
portrait A4 page stays in the flow; a wider one gets a landscape page of its own (a CSS named
page, ``.wide``); one too wide even for that is split into parts of columns, each repeating the
row names. Widths are estimated from the characters at the print font (numbers never wrap, text
wraps only at spaces), with the widest of the fonts the stylesheet may fall back to, so the
estimate errs on the wide side; tests/test_browser.py measures every handout in Chromium's
print layout to check it.
"""

from __future__ import annotations

import html

from . import tables

# The print geometry the stylesheet below sets up; `fitted_table` and the browser test use it.
MM = 96 / 25.4                               # CSS pixels per millimetre
PORTRAIT_MM, LANDSCAPE_MM = (210 - 2 * 12), (297 - 2 * 10)   # A4 width minus the @page margins
PAGE_HEIGHT_MM = {"portrait": 297 - 2 * 12, "landscape": 210 - 2 * 10}
PRINT_FONT_PX = 7.5 * 96 / 72                # table text in print: 7.5pt
CHAR_EM = 0.64                               # DejaVu Sans's digit and average letter (0.636 em)
CELL_PAD_PX = 2 * 0.3 * PRINT_FONT_PX + 1    # left and right padding (0.3em each) and a border

STYLE = """
:root { --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; --head: #f3f5f8; --warn: #8a4b00; }
body { font-family: "Noto Sans", "Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic",
       "Apple SD Gothic Neo", "DejaVu Sans", Arial, sans-serif; color: var(--ink);
       margin: 2rem auto; max-width: 72rem; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: .3rem; }
h2 { font-size: 1.15rem; margin-top: 1.8rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.02rem; margin: 1.1rem 0 .3rem; }
p.meta, p.shape { color: var(--muted); margin: .1rem 0; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .85rem; }
caption { text-align: left; color: var(--muted); font-size: .8rem; padding: .2rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .22rem .6rem; text-align: left;
         vertical-align: top; }
thead th { background: var(--head); border-bottom: 2px solid var(--rule); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.num.wrap { white-space: normal; }  /* '1,301,376 (1.30 MB)' may break at its space */
td.math, code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .8rem; }
.wide { overflow-x: auto; }
.warning { color: var(--warn); }
tr.v-match td.verdict { color: #116329; } tr.v-close td.verdict { color: #7d4e00; }
tr.v-variant td.verdict { color: #0550ae; } tr.v-erratum td.verdict { color: #8250df; }
tr.v-mismatch td.verdict { color: #cf222e; font-weight: bold; }
tr.v-mismatch td { background: #ffebe9; }
ul.legend b { font-weight: 600; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; }
@page { size: A4; margin: 12mm; }
@page wide { size: A4 landscape; margin: 10mm; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 9.5pt; }
  h2, h3 { break-after: avoid; }
  section.layer, figure, tr { break-inside: avoid; }
  .wide { page: wide; overflow: visible; }
  table { font-size: 7.5pt; }
  th, td { padding: .1em .3em; }
  td.math { font-size: 7pt; }
  thead { display: table-header-group; }
  figure img { max-height: 250mm; }
  th, tr.v-mismatch td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def page(title: str, body: str, lang: str = "en") -> str:
    """A complete, self-contained HTML document with the shared stylesheet."""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>\n<body>\n"
            f"{body}\n</body></html>\n")


def bullets(items, css: str = "") -> str:
    """An HTML list of plain-text items."""
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>" + "".join(f"<li>{html.escape(str(i))}</li>" for i in items) + "</ul>"


def _longest_word(text: str) -> int:
    return max((len(w) for w in str(text).split()), default=0)


def column_widths_px(columns: list[tables.Column], rows: list[list[str]]) -> list[float]:
    """Each column's narrowest printed width: a number as a whole (unless its column has the
    class "wrap"), a text at its longest word (text wraps at spaces), the header at its longest
    word."""
    def chars(i, c):
        whole = c.numeric and "wrap" not in c.css.split()
        cells = [len(tables.clean(r[i])) if whole else _longest_word(tables.clean(r[i])) for r in rows]
        return max([_longest_word(c.header), *cells])
    return [chars(i, c) * CHAR_EM * PRINT_FONT_PX + CELL_PAD_PX for i, c in enumerate(columns)]


def fitted_table(columns: list[tables.Column], rows: list[list[str]],
                 row_classes: list[str] | None = None, table_class: str = "",
                 caption: str = "", before: str = "", after: str = "") -> str:
    """``tables.html_table``, laid out for printing on A4: in the flow when it fits a portrait
    page, on a landscape page when it fits that, else split into parts of columns. ``before``
    and ``after`` (HTML: a heading, the table's notes) go on the same page as the table."""
    widths = column_widths_px(columns, rows)
    need = sum(widths)
    if need <= PORTRAIT_MM * MM:
        return before + tables.html_table(columns, rows, row_classes, table_class, caption) + after
    if need <= LANDSCAPE_MM * MM:
        parts = [tables.html_table(columns, rows, row_classes, table_class, caption)]
    else:
        groups = tables.column_parts(widths, LANDSCAPE_MM * MM)
        parts = [tables.html_table(
            [columns[i] for i in group], [[r[i] for i in group] for r in rows], row_classes, table_class,
            f"{caption + ': ' if caption else ''}columns {group[1] + 1}–{group[-1] + 1} of {len(columns)} "
            f"(part {k} of {len(groups)})") for k, group in enumerate(groups, start=1)]
    return '<div class="wide">' + before + "\n".join(parts) + after + "</div>"
