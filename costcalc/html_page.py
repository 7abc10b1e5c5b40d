"""One HTML look for every page costcalc writes (report, compare, handout): one stylesheet,
one skeleton. Numbers right-aligned (class "num"), verdicts coloured (class "v-<verdict>"), and
print rules so a page prints on A4 without losing a column: wide tables get a landscape page
and a smaller font instead of being cut at the margin."""

from __future__ import annotations

import html

STYLE = """
:root { --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; --head: #f3f5f8; }
body { font-family: "Noto Sans", "Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo",
       "DejaVu Sans", Arial, sans-serif; color: var(--ink); margin: 2rem auto; max-width: 72rem;
       padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: .3rem; } h2 { font-size: 1.15rem; margin-top: 1.8rem; }
p.meta { color: var(--muted); margin: .1rem 0; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .85rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .22rem .6rem; text-align: left;
         vertical-align: top; }
thead th { background: var(--head); border-bottom: 2px solid var(--rule); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.wide { overflow-x: auto; }
.v-match td.verdict { color: #116329; } .v-close td.verdict { color: #7d4e00; }
.v-variant td.verdict { color: #0550ae; } .v-erratum td.verdict { color: #8250df; }
.v-mismatch td.verdict { color: #cf222e; font-weight: bold; }
code, .formula { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
@media print {
  @page { size: A4; margin: 12mm; }
  @page wide { size: A4 landscape; margin: 10mm; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  .wide { page: wide; overflow: visible; }
  table { font-size: 7.5pt; page-break-inside: auto; } tr { page-break-inside: avoid; }
  thead { display: table-header-group; }
  th, td { padding: .1rem .3rem; }
}
"""


def page(title: str, body: str, lang: str = "en") -> str:
    """A complete, self-contained HTML document with the shared stylesheet."""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>\n<body>\n"
            f"{body}\n</body></html>\n")
