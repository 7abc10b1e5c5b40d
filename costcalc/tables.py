"""One table skeleton for every format: columns declared once, fitted to a width once, then
written as text, Markdown, LaTeX or HTML, each escaping what its format needs.

A ``Column`` says how its cells align (numbers right), how important it is (``keep``: lower is
kept longer when the terminal is narrow) and how far its text may be shortened (``shrink``: a
name or description may lose its middle to an ellipsis; a number never does). ``fit`` first
shortens what may be shortened, then drops the least important columns, and says which it
dropped, so a reader knows what is not shown.

The text writer is ours, not tabulate's: it does no type inference per cell, which made the
10,000-node table several times slower than the analysis.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Column:
    header: str
    align: str = "left"          # "left" or "right" (numbers)
    keep: int = 0                # 0: never dropped; higher numbers are dropped first
    shrink: int | None = None    # a text column may be shortened down to this many characters
    cut: str = "middle"          # how: "path" (leading scopes first), "end" or "middle"

    @property
    def numeric(self) -> bool:
        return self.align == "right"


def clean(text: str) -> str:
    """A cell as one line: control characters (a newline in a name) shown as '␤'-like escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def _shorten(text: str, width: int, how: str) -> str:
    """Cut ``text`` to ``width`` characters. "path": middle scopes go first, the outermost and
    the last stay ('stage2/block1/se/fc1' → 'stage2/…/se/fc1'); "end": the tail goes
    ('conv 7×7/2 p3, 64' → 'conv 7×7/2 p…'); "middle": both ends stay."""
    if len(text) <= width:
        return text
    if how == "path" and "/" in text:
        parts = text.split("/")
        for keep in range(len(parts) - 2, 0, -1):  # the first scope, "…", as many trailing parts as fit
            shortened = "/".join([parts[0], "…", *parts[-keep:]])
            if len(shortened) <= width:
                return shortened
        for shortened in ("…/" + parts[-1], parts[-1]):
            if len(shortened) <= width:
                return shortened
        text = parts[-1]
    if how == "end":
        return text[:width - 1] + "…"
    head = (width - 1) // 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head):]


def drop_empty(columns: list[Column], rows: list[list[str]]) -> tuple[list[Column], list[list[str]]]:
    """Leave out the columns with no cell to show (a warnings column when nothing warned)."""
    keep = [i for i, c in enumerate(columns) if c.keep == 0 or any(str(r[i]).strip() for r in rows)]
    return [columns[i] for i in keep], [[r[i] for i in keep] for r in rows]


def _widths(columns: list[Column], rows: list[list[str]]) -> list[int]:
    return [max([len(c.header), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]


def fit(columns: list[Column], rows: list[list[str]], width: int):
    """Columns and rows that fit ``width`` characters (two spaces between columns), and the
    headers of the columns dropped to get there. Extras (``keep`` ≥ 4: percentages, paper
    columns) go first, then long text is shortened, then other optional columns go."""
    rows = [[clean(cell) for cell in r] for r in rows]
    dropped: list[str] = []

    def total():
        return sum(_widths(columns, rows)) + 2 * (len(columns) - 1)

    def drop(at_least: int) -> bool:
        candidates = [i for i, c in enumerate(columns) if c.keep >= at_least]
        if not candidates:
            return False
        i = max(candidates, key=lambda k: (columns[k].keep, k))
        dropped.append(columns[i].header)
        del columns[i]
        for r in rows:
            del r[i]
        return True

    columns = list(columns)
    while total() > width and drop(4):
        pass
    over = total() - width
    for i in range(len(columns)):  # left to right: each text column down to its floor
        c = columns[i]
        if over <= 0:
            break
        widest = _widths(columns, rows)[i]
        if c.shrink is not None and widest > c.shrink:
            target = max(c.shrink, len(c.header), widest - over)
            for r in rows:
                r[i] = _shorten(r[i], target, c.cut)
            over -= widest - _widths(columns, rows)[i]
    while total() > width and drop(1):
        pass
    return columns, rows, dropped


def text(columns: list[Column], rows: list[list[str]]) -> str:
    """A plain table: header, a rule of dashes, then the rows; numbers right-aligned."""
    rows = [[clean(cell) for cell in r] for r in rows]
    widths = _widths(columns, rows)

    def line(cells):
        return "  ".join(cell.rjust(w) if c.numeric else cell.ljust(w)
                         for c, w, cell in zip(columns, widths, cells)).rstrip()
    return "\n".join([line([c.header for c in columns]), "  ".join("-" * w for w in widths),
                      *(line(r) for r in rows)])


def markdown_cell(text_: str) -> str:
    """Text safe inside a Markdown table cell: one line, '|' escaped."""
    return clean(text_).replace("|", "\\|")


def markdown(columns: list[Column], rows: list[list[str]]) -> str:
    """A pipe table without padding (a changed number changes one line of a diff); numbers
    right-aligned with '--:'."""
    lines = ["| " + " | ".join(markdown_cell(c.header) for c in columns) + " |",
             "|" + "|".join("--:" if c.numeric else "---" for c in columns) + "|"]
    lines += ["| " + " | ".join(markdown_cell(cell) for cell in r) + " |" for r in rows]
    return "\n".join(lines)


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}", "|": r"\textbar{}", "<": r"\textless{}",
                  ">": r"\textgreater{}", "×": r"$\times$", "…": r"\ldots{}", "·": r"$\cdot$",
                  "−": "-", "⌊": r"$\lfloor$", "⌋": r"$\rfloor$", "⌈": r"$\lceil$", "⌉": r"$\rceil$",
                  "α": r"$\alpha$", "ρ": r"$\rho$", "γ": r"$\gamma$", "β": r"$\beta$", "≥": r"$\geq$",
                  "≤": r"$\leq$", "→": r"$\rightarrow$", "²": r"$^2$"}


def latex_text(text_: str) -> str:
    """Text for a LaTeX document: the special characters escaped, the symbols we print set in
    math mode, so pdflatex needs no Unicode support."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in clean(text_))


def latex(columns: list[Column], rows: list[list[str]], caption: str, label: str,
          notes: list[str] = ()) -> str:
    """A booktabs ``longtable`` (splits across pages) with caption and label; ``notes`` are set
    under the table as text, visible in the PDF. Needs \\usepackage{booktabs,longtable}."""
    spec = "".join("r" if c.numeric else "l" for c in columns)
    head = " & ".join(latex_text(c.header) for c in columns) + r" \\"
    body = [" & ".join(latex_text(cell) for cell in r) + r" \\" for r in rows]
    lines = [rf"\begin{{longtable}}{{{spec}}}",
             rf"\caption{{{latex_text(caption)}}}\label{{{label}}}\\",
             r"\toprule", head, r"\midrule", r"\endfirsthead",
             r"\toprule", head, r"\midrule", r"\endhead",
             r"\bottomrule", r"\endfoot", *body, r"\end{longtable}"]
    if notes:
        lines += [r"\begin{small}", r"\begin{itemize}",
                  *(rf"\item {latex_text(n)}" for n in notes), r"\end{itemize}", r"\end{small}"]
    return "\n".join(lines)


def html_table(columns: list[Column], rows: list[list[str]], row_classes: list[str] | None = None,
               table_class: str = "") -> str:
    """An HTML table; numeric cells get class "num" (right-aligned by the stylesheet)."""
    def cell(tag, c, value):
        cls = ' class="num"' if c.numeric else ""
        return f"<{tag}{cls}>{html.escape(clean(value))}</{tag}>"
    head = "".join(cell("th", c, c.header) for c in columns)
    body = []
    for k, r in enumerate(rows):
        cls = f' class="{row_classes[k]}"' if row_classes and row_classes[k] else ""
        body.append(f"<tr{cls}>" + "".join(cell("td", c, v) for c, v in zip(columns, r)) + "</tr>")
    tc = f' class="{table_class}"' if table_class else ""
    return f"<table{tc}><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>"


def csv_safe(value):
    """A CSV cell a spreadsheet will not run as a formula: text starting with = + - @ (or a tab
    or carriage return) gets a leading apostrophe; numbers pass unchanged."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def with_header(column: Column, header: str) -> Column:
    return replace(column, header=header)
