"""Tables for the query commands (``cites``, ``refs``, ``top-cited``, ``tasks``…) as rich draws them,
thousands of rows in a fraction of rich's time.

On a terminal, rich draws the table (colours, its own width). Written to a file or a pipe, where rich
draws plain characters 80 columns wide (``$COLUMNS``), the same characters are written here without
rich's machinery (issue 15: rich's table took 18 of the 23 s of ``vanban cites`` on an archive). The
layout is rich's own: the column widths come from rich's width calculation run on a table of the few
cells that decide them (per column, the cell of the longest word and the one of the longest line), a
cell that must wrap is wrapped by the steps of rich's ``Text.wrap`` run on strings (printable text,
left-justified) or by ``Text.wrap`` itself; only what needs no decision — a cell that fits on its line,
the borders — is written directly. ``tests/test_tabletext.py`` holds the output equal to rich's on
hostile tables, and plain cells (``markup=False``) equal to what rich draws for them escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# only the commands that print a table import this module (when they print one, cli.py), not `vanban version`
from rich.cells import cell_len, set_cell_size


def print_table(title: str | None, columns: Sequence[tuple], rows: Iterable[Sequence[str]], *,
                title_justify: str = "center", console=None, markup: bool = True) -> None:
    """Print what ``Console().print(table)`` prints for a rich ``Table(title=title,
    title_justify=title_justify)`` with these columns — ``(header, justify="left", no_wrap=False)`` —
    and rows (rich markup, as ``Table.add_row`` takes them; with ``markup=False``, plain text: what
    their markup escaped by ``rich.markup.escape`` would draw, without escaping and reading it again)."""
    from rich.console import Console

    console = console or Console()
    rows = [tuple(r) for r in rows]
    options = console.options
    plain = not (console.is_terminal or console.color_system or options.legacy_windows or options.ascii_only)
    text = _render(console, title, [_column(*c) for c in columns], rows, title_justify, markup) if plain else None
    if text is None:
        if not markup:
            from rich.markup import escape

            rows = [tuple(map(escape, row)) for row in rows]
        console.print(rich_table(title, columns, rows, title_justify=title_justify))
    else:
        console.file.write(text)
        console.file.flush()


def rich_table(title: str | None, columns: Sequence[tuple], rows: Iterable[Sequence[str]], *,
               title_justify: str = "center"):
    """The rich ``Table`` :func:`print_table` draws."""
    from rich.table import Table

    table = Table(title=title, title_justify=title_justify)
    for header, justify, no_wrap in (_column(*c) for c in columns):
        table.add_column(header, justify=justify, no_wrap=no_wrap)
    for row in rows:
        table.add_row(*row)
    return table


def _column(header: str, justify: str = "left", no_wrap: bool = False) -> tuple[str, str, bool]:
    return header, justify, no_wrap


class _Plain:
    """The plain text of cells (markup rendered only where a cell may hold some) and its measure."""

    def __init__(self, console):
        self.console = console
        self.cell_len = _cell_len

    def text(self, cell: str) -> str:
        if "[" in cell or ":" in cell or "\\" in cell:  # markup, an emoji code, an escape: rich decides
            return self.console.render_str(cell, highlight=False).plain  # highlighting adds styles only
        return cell

    def plain_text(self, cell: str) -> str:
        """What rich draws for ``escape(cell)``: ``cell`` itself, but for an emoji code (``:smile:``) and
        the backslashes rich's escaping is unsure of, where rich decides."""
        if ":" in cell or "\\" in cell:
            from rich.markup import escape

            return self.console.render_str(escape(cell), highlight=False).plain
        return cell

    def measure(self, text: str) -> tuple[int, int]:
        """rich's ``Text.__rich_measure__``: (longest word, longest line)."""
        cell_len = self.cell_len
        lines = text.splitlines()
        longest = max(map(cell_len, lines)) if lines else 0
        words = text.split()
        return (max(map(cell_len, words)) if words else longest), longest


def _render(console, title, columns, rows, title_justify, markup=True) -> str | None:
    """The table as rich writes it without a terminal; None when rich must draw it (a column too narrow)."""
    from rich import box
    from rich.text import Text

    plain = _Plain(console)
    cell_len = plain.cell_len
    n = len(columns)
    cell_text = plain.text if markup else plain.plain_text
    texts = [tuple(map(cell_text, row)) for row in rows]
    headers = [plain.text(h) for h, _, _ in columns]
    # per column, the cells that decide its width: the longest word and the longest line
    widest: list[list] = [[(-1, ""), (-1, "")] for _ in range(n)]
    sizes: dict[str, int] = {}  # a cell's cells, measured once (the same dates, relations… in many rows)
    for row in texts:
        for k, text in enumerate(row):
            best = widest[k]
            size = sizes.get(text)
            if size is None:
                size = sizes[text] = cell_len(text)
            if size <= best[0][0]:  # none of its words or lines is longer than a word met
                continue
            low, high = plain.measure(text)
            if low > best[0][0]:
                best[0] = (low, text)
            if high > best[1][0]:
                best[1] = (high, text)
    # the deciding cells as Text: measured as they are, no markup read into them again
    sample = rich_table(None, columns, [tuple(Text(w[i][1]) for w in widest) for i in (0, 1)] if texts else [])
    max_width = console.options.max_width
    widths = sample._calculate_column_widths(console, console.options.update_width(max_width - sample._extra_width))
    if any(w < 3 for w in widths):
        return None
    table_width = sum(widths) + n + 1
    heavy = box.HEAVY_HEAD.substitute(console.options, safe=console.safe_box)

    def cell_lines(text: str, width: int, justify: str, no_wrap: bool) -> list[str]:
        inner = width - 2
        printable = text.isprintable()
        if printable and (size := sizes.get(text) or cell_len(text)) <= inner:
            if justify == "right":
                text = text.rstrip()
                return [" " * (inner - cell_len(text) + 1) + text + " "]
            if justify == "center":
                return None
            return [" " + text + " " * (inner - size + 1)]
        if justify == "left" and not no_wrap and printable:
            return [" " + line + " " for line in _wrap_left(text, inner)]
        lines = Text(text).wrap(console, inner, justify=justify, overflow="ellipsis", no_wrap=no_wrap)
        return [" " + set_cell_size(line.plain, inner) + " " for line in lines]

    out: list[str] = []
    if title:
        title_text = plain.text(title)
        if title_text.isprintable() and cell_len(title_text) <= table_width and title_justify in ("left", "center"):
            if title_justify == "center":  # rich strips a centred line's end first
                title_text = title_text.rstrip()
            pad = table_width - cell_len(title_text)
            left = pad // 2 if title_justify == "center" else 0
            out.append(" " * left + title_text + " " * (pad - left) + "\n")
        else:
            for line in Text(title_text).wrap(console, table_width, justify=title_justify, overflow="fold"):
                out.append(set_cell_size(line.plain, table_width) + "\n")
    out.append(heavy.get_top(widths) + "\n")

    def row_lines(cells: Sequence[str], edges: tuple[str, str, str], bottom: bool) -> bool:
        rendered = []
        for text, width, (_, justify, no_wrap) in zip(cells, widths, columns, strict=True):
            lines = cell_lines(text, width, justify, no_wrap)
            if lines is None:
                return False
            rendered.append(lines)
        height = max(map(len, rendered))
        left, divider, right = edges
        if height == 1:
            out.append(left + divider.join([lines[0] for lines in rendered]) + right + "\n")
            return True
        for k, lines in enumerate(rendered):
            blank = [" " * widths[k]] * (height - len(lines))
            rendered[k] = blank + lines if bottom else lines + blank
        for i in range(height):
            out.append(left + divider.join(lines[i] for lines in rendered) + right + "\n")
        return True

    if not row_lines(headers, (heavy.head_left, heavy.head_vertical, heavy.head_right), bottom=True):
        return None
    out.append(heavy.get_row(widths, "head", edge=True) + "\n")
    for i, row in enumerate(texts):
        last = i == len(texts) - 1
        edges = (heavy.foot_left, heavy.foot_vertical, heavy.foot_right) if last else \
            (heavy.mid_left, heavy.mid_vertical, heavy.mid_right)
        if not row_lines(row, edges, bottom=False):
            return None
    out.append(heavy.get_bottom(widths) + "\n")
    return "".join(out)


def _cell_len(text: str) -> int:
    """rich's ``cell_len``: printable ASCII one cell a character, without its cache's calls; the rest
    measured by rich."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


_WORD = re.compile(r"\s*\S+\s*")  # rich._wrap's word: a word and the spaces around it


def _divide(text: str, width: int) -> list[int]:
    """rich's ``divide_line(text, width, fold=False)``: where the lines of a wrapped ``text`` start."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = _cell_len(word.rstrip())
        if width - offset >= length:
            offset += _cell_len(word)
        elif length > width:  # a word longer than a line: on a line of its own, cut there
            if start:
                breaks.append(start)
            offset = _cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = _cell_len(word)
    return breaks


def _wrap_left(text: str, width: int) -> list[str]:
    """The lines, each ``width`` cells, of ``Text(text).wrap(console, width, justify="left",
    overflow="ellipsis")`` for a ``text`` all printable (one line, spaces its only whitespace): rich's own
    steps — its ``divide_line``, then per line ``rstrip_end`` and ``truncate(pad=True)`` — on strings
    instead of ``Text`` objects (issue 15: ``Text.wrap`` took most of a long table's time)."""
    bounds = [0, *_divide(text, width), len(text)]
    out = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        line = text[start:end]
        if len(line) > width:  # rstrip_end: at most the excess of trailing spaces (characters, not cells)
            line = line[:len(line) - min(len(line) - len(line.rstrip(" ")), len(line) - width)]
        length = _cell_len(line)
        if length > width:  # set_cell_size gives width - 1 cells, padded where a wide character was cut
            line = set_cell_size(line, width - 1) + "…"
        elif length < width:
            line += " " * (width - length)
        out.append(line)
    return out


__all__ = ["print_table", "rich_table"]
