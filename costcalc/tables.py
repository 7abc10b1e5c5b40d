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

import gc
import html
import re
from contextlib import contextmanager
from dataclasses import dataclass, replace

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Column:
    header: str
    align: str = "left"          # "left" or "right" (numbers)
    keep: int = 0                # 0: never dropped; higher numbers are dropped first
    shrink: int | None = None    # a text column may be shortened down to this many characters
    cut: str = "middle"          # how: "path" (leading scopes first), "end" or "middle"
    css: str = ""                # an HTML class for its cells ("math", "verdict"), beside "num"

    @property
    def numeric(self) -> bool:
        return self.align == "right"


@contextmanager
def gc_paused():
    """Rendering a 10,000-node report makes some 200,000 small lists, dicts and strings that all
    live until the document is written; the cyclic collector would scan them again and again
    and free nothing (a third of the rendering time). Paused while rendering, then restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def clean(text: str) -> str:
    """A cell as one line: control characters (a newline in a name) shown as '\\x0a'-like escapes."""
    text = text if type(text) is str else str(text)
    if text.isprintable():  # nearly every cell: no regular expression to run
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


# East Asian wide and full-width characters (Hangul, CJK, full-width forms): two terminal
# columns each (Unicode's East_Asian_Width W and F, in the ranges that hold them)
_WIDE = re.compile("[\u1100-\u115f\u2329\u232a\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                   "\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f"
                   "\uff00-\uff60\uffe0-\uffe6\U0001f300-\U0001f64f\U0001f900-\U0001f9ff"
                   "\U00020000-\U0003fffd]")


def width_of(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for a wide character (Hangul, CJK), else one."""
    return len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))


def wrap(text: str, width: int, indent: str = "", subsequent: str = "") -> list[str]:
    """``text`` as lines of at most ``width`` terminal columns (textwrap counts characters; a
    Hangul syllable takes two columns), broken at spaces, a word too long for a line cut."""
    lines, line = [], indent
    for word in clean(text).split():
        while True:
            start = line.strip() == ""  # nothing but the indent yet
            candidate = line + word if start else f"{line} {word}"
            if width_of(candidate) <= width:
                line = candidate
                break
            if not start:
                lines.append(line)
                line = subsequent
                continue
            room = max(width - width_of(line), 1)  # a word longer than a line
            lines.append(line + _cut(word, room))
            word, line = word[len(_cut(word, room)):], subsequent
            if not word:
                break
    if line.strip():
        lines.append(line)
    return lines


def _pad(text: str, width: int, right: bool) -> str:
    gap = width - width_of(text)
    if gap <= 0:
        return text
    return " " * gap + text if right else text + " " * gap


def _cut(text: str, width: int, from_end: bool = False) -> str:
    """The longest head (or tail) of ``text`` that takes at most ``width`` columns."""
    if text.isascii():
        return text[len(text) - width:] if from_end and width > 0 else ("" if from_end else text[:max(width, 0)])
    chars = reversed(text) if from_end else text
    taken, used = [], 0
    for ch in chars:
        used += width_of(ch)
        if used > width:
            break
        taken.append(ch)
    return "".join(reversed(taken) if from_end else taken)


def _shorten(text: str, width: int, how: str) -> str:
    """Cut ``text`` to ``width`` columns. "path": middle scopes go first, the outermost and
    the last stay ('stage2/block1/se/fc1' → 'stage2/…/se/fc1'); "end": the tail goes
    ('conv 7×7/2 p3, 64' → 'conv 7×7/2 p…'); "middle": both ends stay."""
    if width_of(text) <= width:
        return text
    if how == "path" and "/" in text:
        parts = text.split("/")
        for keep in range(len(parts) - 2, 0, -1):  # the first scope, "…", as many trailing parts as fit
            shortened = "/".join([parts[0], "…", *parts[-keep:]])
            if width_of(shortened) <= width:
                return shortened
        for shortened in ("…/" + parts[-1], parts[-1]):
            if width_of(shortened) <= width:
                return shortened
        text = parts[-1]
    if how == "end":
        return _cut(text, width - 1) + "…"
    head = (width - 1) // 2
    return _cut(text, head) + "…" + _cut(text, width - 1 - head, from_end=True)


def clean_rows(rows: list[list[str]]) -> list[list[str]]:
    """Every cell through ``clean``, as new lists; one check of the whole table first, since
    nearly every table has nothing to clean."""
    rows = [list(map(str, r)) for r in rows]
    if "".join(map("".join, rows)).isprintable():
        return rows
    return [[clean(cell) for cell in r] for r in rows]


def drop_empty(columns: list[Column], rows: list[list[str]]) -> tuple[list[Column], list[list[str]]]:
    """Leave out the columns with no cell to show (a warnings column when nothing warned)."""
    keep = [i for i, c in enumerate(columns)
            if c.keep == 0 or "".join(str(r[i]) for r in rows).strip()]
    return [columns[i] for i in keep], [[r[i] for i in keep] for r in rows]


def _widths(columns: list[Column], rows: list[list[str]]) -> list[int]:
    return [_column_width(c, rows, i) for i, c in enumerate(columns)]


def _column_width(column: Column, rows: list[list[str]], i: int) -> int:
    cells = [r[i] for r in rows]
    if not _WIDE.search("".join(cells)):  # one scan of the column, in C
        return max([width_of(column.header), *map(len, cells)])
    return max([width_of(column.header), *map(width_of, cells)])


def fit(columns: list[Column], rows: list[list[str]], width: int):
    """Columns and rows that fit ``width`` terminal columns (two spaces between columns; a wide
    character takes two), and the headers of the columns dropped to get there. Extras
    (``keep`` ≥ 4: percentages, paper columns) go first, then long text is shortened, then
    other optional columns go, one at a time, each time shortening the text again from the
    whole cells so that names get back the room a dropped column leaves."""
    rows = clean_rows(rows)
    columns = list(columns)
    widths = _widths(columns, rows)  # kept up to date, not measured again per step
    dropped: list[str] = []

    def total(ws):
        return sum(ws) + 2 * (len(columns) - 1)

    def drop(at_least: int) -> bool:
        candidates = [i for i, c in enumerate(columns) if c.keep >= at_least]
        if not candidates:
            return False
        i = max(candidates, key=lambda k: (columns[k].keep, k))
        dropped.append(columns[i].header)
        del columns[i], widths[i]
        for r in rows:
            del r[i]
        return True

    def shortened():
        """The rows with long text shortened, left to right, just enough to fit (if it can)."""
        out, ws, over = rows, list(widths), total(widths) - width
        for i, c in enumerate(columns):
            if over <= 0:
                break
            if c.shrink is not None and ws[i] > c.shrink:
                if out is rows:
                    out = [list(r) for r in rows]
                target = max(c.shrink, width_of(c.header), ws[i] - over)
                for r in out:
                    r[i] = _shorten(r[i], target, c.cut)
                new = _column_width(c, out, i)
                over -= ws[i] - new
                ws[i] = new
        return out, ws

    while total(widths) > width and drop(4):
        pass
    fitted, ws = shortened()
    while total(ws) > width and drop(1):
        fitted, ws = shortened()
    return columns, fitted, dropped


def text(columns: list[Column], rows: list[list[str]]) -> str:
    """A plain table: header, a rule of dashes, then the rows; numbers right-aligned."""
    rows = clean_rows(rows)
    widths = _widths(columns, rows)
    if not _WIDE.search("".join(map("".join, rows))):
        # one format string for every row: str.format pads in C
        template = "  ".join(f"{{:{'>' if c.numeric else '<'}{w}}}" for c, w in zip(columns, widths))
        lines = [template.format(*r).rstrip() for r in rows]
    else:
        lines = ["  ".join(_pad(cell, w, c.numeric) for c, w, cell in zip(columns, widths, r)).rstrip()
                 for r in rows]
    head = "  ".join(_pad(c.header, w, c.numeric) for c, w in zip(columns, widths)).rstrip()
    return "\n".join([head, "  ".join("-" * w for w in widths), *lines])


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
                  "^": r"\textasciicircum{}", "×": r"$\times$", "…": r"\ldots{}", "·": r"$\cdot$",
                  "−": "-", "⌊": r"$\lfloor$", "⌋": r"$\rfloor$", "⌈": r"$\lceil$", "⌉": r"$\rceil$",
                  "/": r"/\allowbreak{}", "α": r"$\alpha$", "ρ": r"$\rho$", "γ": r"$\gamma$", "β": r"$\beta$", "≥": r"$\geq$",
                  "≤": r"$\leq$", "→": r"$\rightarrow$", "²": r"$^2$", "–": "--", "—": "---",
                  "‘": "`", "’": "'", "“": "``", "”": "''", "≈": r"$\approx$", "∝": r"$\propto$",
                  "±": r"$\pm$", "μ": r"$\mu$", "∞": r"$\infty$", "≠": r"$\neq$", "∨": r"$\vee$",
                  "√": r"$\surd$", "•": r"$\bullet$",
                  "<": r"$<$", ">": r"$>$", "|": r"$|$"}  # OT1 has no < > |: ¡ ¿ — instead


# pdflatex sets Latin script only: a run of any other script (the Korean names of the course
# material's authors) goes into this macro, which prints it under XeLaTeX or LuaLaTeX (with a
# font for it, e.g. kotex's) and a placeholder under pdflatex, so the document compiles on all
# three. A fragment that may hold such text starts with LATEX_SETUP.
LATEX_SETUP = (r"\providecommand{\costcalcscript}[1]{\ifdefined\XeTeXrevision#1\else"
               r"\ifdefined\directlua#1\else\textit{[non-Latin text]}\fi\fi}")


_OTHER = "[^\\x00-\\u024f" + "".join(re.escape(ch) for ch in _LATEX_SPECIAL) + "]"
# a run of another script, spaces inside it included: '대표적인 CNN 모델 분석' is two runs
_OTHER_RUN = re.compile(f"{_OTHER}+(?:\\s+{_OTHER}+)*")


def latex_text(text_: str) -> str:
    """Text for a LaTeX document: the special characters escaped, the symbols we print set in
    math mode, so pdflatex needs no Unicode support; other scripts in \\costcalcscript{...}."""
    def latin(part: str) -> str:
        return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in part)
    text_, out, at = clean(text_), [], 0
    for m in _OTHER_RUN.finditer(text_):
        out += [latin(text_[at:m.start()]), r"\costcalcscript{" + m.group() + "}"]
        at = m.end()
    return "".join([*out, latin(text_[at:])])


LATEX_PACKAGES = r"\usepackage{booktabs,longtable,array}"
# Font sizes a wide table steps down through (in a 10pt document), with the width of their em
# in pt (Computer Modern's small sizes are drawn wider: \scriptsize is 7pt with a 7.97pt em)
# and the column gap.
_LATEX_SIZES = (("normalsize", 10, 6), ("small", 9.25, 4), ("footnotesize", 8.5, 3), ("scriptsize", 7.97, 2))
_EM_PER_CHAR = 0.55  # Computer Modern: digits are half an em, × and capitals wider
_LATEX_PART_PT = 345  # a part of a split table: the text width of LaTeX's own article on A4


def column_parts(widths: list[float], budget: float) -> list[list[int]]:
    """Column indices of each part of a table split by columns so that each part is at most
    ``budget`` wide (when a column allows); every part starts with column 0, the row names."""
    parts, current, used = [], [0], widths[0]
    for i in range(1, len(widths)):
        if used + widths[i] > budget and len(current) > 1:
            parts.append(current)
            current, used = [0], widths[0]
        current.append(i)
        used += widths[i]
    return [*parts, current]


def _latex_header(column: Column, chars: int) -> str:
    """A header wider than its column's cells is set on several lines, one word each."""
    words = column.header.split()
    if len(words) > 1 and len(column.header) > chars:
        align = "r" if column.numeric else "l"
        return rf"\shortstack[{align}]{{" + r"\\".join(latex_text(w) for w in words) + "}"
    return latex_text(column.header)


def _latex_columns(columns: list[Column], cells: list[list[str]]) -> list[tuple[int, str]]:
    """Each column's width in characters and its column type. A text column that may be
    shortened (``shrink``) wraps instead, ragged right, at that many characters; a number
    column of class "wrap" ('1,301,376 (1.30 MB)') wraps at its spaces, ragged left."""
    out = []
    for i, c in enumerate(columns):
        widest = max([0, *(len(r[i]) for r in cells)])
        words = max([len(w) for w in c.header.split()] or [0])
        if c.shrink is not None and not c.numeric and widest > c.shrink:
            chars = max(c.shrink, words)
            out.append((chars, rf">{{\raggedright\arraybackslash}}p{{{chars * _EM_PER_CHAR:g}em}}"))
        elif c.numeric and "wrap" in c.css.split() and widest > 12:
            chars = max(12, words, *(len(w) for r in cells for w in r[i].split()))
            out.append((chars, rf">{{\raggedleft\arraybackslash}}p{{{chars * _EM_PER_CHAR:g}em}}"))
        else:
            out.append((max(widest, words), "r" if c.numeric else "l"))
    return out


def _latex_width(chars: list[int], size: int, gap: int) -> float:
    """A table's width in pt, a little over the estimate ('+', '%' and capitals are wider than
    the average character), so that a table TeX is told fits does."""
    return 1.04 * sum(chars) * _EM_PER_CHAR * size + 2 * gap * len(chars)


def _longtable(columns, cells, layout, caption: str, label: str, notes=()) -> list[str]:
    chars = [n for n, _ in layout]
    head = " & ".join(_latex_header(c, n) for c, n in zip(columns, chars)) + r" \\"
    steps = [rf"\ifdim\linewidth<{_latex_width(chars, *_LATEX_SIZES[k - 1][1:]):.0f}pt\relax\{name}"
             rf"\setlength{{\tabcolsep}}{{{gap}pt}}\fi" for k, (name, _, gap) in enumerate(_LATEX_SIZES) if k]
    lines = [r"\begingroup", *steps,
             rf"\begin{{longtable}}{{{''.join(spec for _, spec in layout)}}}",
             rf"\caption{{{latex_text(caption)}}}\label{{{label}}}\\",
             r"\toprule", head, r"\midrule", r"\endfirsthead",
             r"\toprule", head, r"\midrule", r"\endhead",
             r"\bottomrule", r"\endfoot",
             *(" & ".join(latex_text(cell) for cell in r) + r" \\" for r in cells), r"\end{longtable}",
             r"\endgroup"]
    if notes:  # at the text's size, whatever size the table took
        lines += [r"\begin{small}\begin{itemize}", *(rf"\item{{}} {latex_text(n)}" for n in notes),
                  r"\end{itemize}\end{small}"]
    return lines


def latex(columns: list[Column], rows: list[list[str]], caption: str, label: str,
          notes: list[str] = ()) -> str:
    """A booktabs ``longtable`` (splits across pages) with caption and label; ``notes`` are set
    under the table as text, visible in the PDF. Needs LATEX_PACKAGES.

    The table fits the document's \\linewidth, whatever it is, by choices TeX makes when it
    reads the file: a text column that may be shortened (``shrink``) wraps instead; a header
    wider than its cells is stacked a word a line; the font steps down (\\small to
    \\scriptsize, with narrower gaps) while the estimated width exceeds \\linewidth; and a
    table wider than that even in \\scriptsize is set as parts of columns, each repeating the
    first column (the row names), each part stepping down the same way."""
    cells = [[clean(cell) for cell in r] for r in rows]
    layout = _latex_columns(columns, cells)
    full = _longtable(columns, cells, layout, caption, label, notes)
    chars = [n for n, _ in layout]
    smallest = _latex_width(chars, *_LATEX_SIZES[-1][1:])  # the whole table in \scriptsize
    parts = column_parts([_latex_width([n], *_LATEX_SIZES[2][1:]) for n in chars], _LATEX_PART_PT)
    if smallest <= _LATEX_PART_PT or len(parts) == 1:  # it fits the narrowest page we expect
        return "\n".join(full)
    split = []
    for k, part in enumerate(parts, start=1):
        split += _longtable([columns[i] for i in part], [[r[i] for i in part] for r in cells],
                            [layout[i] for i in part],
                            f"{caption} (columns {part[1] + 1}–{part[-1] + 1} of {len(columns)}, "
                            f"part {k} of {len(parts)})", label if k == 1 else f"{label}-{k}",
                            notes if k == len(parts) else ())
    return "\n".join([rf"\ifdim\linewidth<{smallest:.0f}pt\relax", *split, r"\else", *full, r"\fi"])


def html_table(columns: list[Column], rows: list[list[str]], row_classes: list[str] | None = None,
               table_class: str = "", caption: str = "") -> str:
    """An HTML table; numeric cells get class "num" (right-aligned by the stylesheet), every
    cell its column's ``css`` class, row k the class ``row_classes[k]`` (e.g. "v-match")."""
    def cell(tag, c, value):
        names = " ".join(n for n in ("num" if c.numeric else "", c.css) if n)
        cls = f' class="{names}"' if names else ""
        return f"<{tag}{cls}>{html.escape(clean(value))}</{tag}>"
    head = "".join(cell("th", c, c.header) for c in columns)
    body = []
    for k, r in enumerate(rows):
        cls = f' class="{row_classes[k]}"' if row_classes and row_classes[k] else ""
        body.append(f"<tr{cls}>" + "".join(cell("td", c, v) for c, v in zip(columns, r)) + "</tr>")
    tc = f' class="{table_class}"' if table_class else ""
    cap = f"<caption>{html.escape(clean(caption))}</caption>" if caption else ""
    return (f"<table{tc}>{cap}<thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body)
            + "\n</tbody></table>")


def csv_safe(value):
    """A CSV cell a spreadsheet will not run as a formula: text starting with = + - @ (or a tab
    or carriage return) gets a leading apostrophe; numbers pass unchanged."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def with_header(column: Column, header: str) -> Column:
    return replace(column, header=header)
