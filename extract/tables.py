"""Task tables in every shape real documents give them (SPEC rule 9).

- **pipe rows**: one ``| a | b |`` line per row — markdown, and what the DOCX, DOC, HTML and
  ruled-PDF readers write;
- **crawled cells**: a portal crawl that wrote one cell per line between lines holding only
  ``|``;
- **flattened cells**: a PDF text layer (Công báo) that wrote the table one cell fragment per
  line, in column order within a row, cells wrapped over several lines, the header repeated on
  every page and a row broken over a page continued after the repeated header; a row's
  sub-indicators after a ``Trong đó:`` line (rules/cues.yaml ``sub_rows``) — in a table of targets
  also its sectors led by a dash — are rows of their own under its number, and a group row's title
  in capitals is its content whole.

Columns are known by their headers (``rules/columns.yaml``). Flattened rows are cut into cells
by a small dynamic programme: each column has a width (the longest line its cells hold), a line
that ends a cell left room for the next word, a cell starts with a capital, a lead cell with a
unit's head word, a time cell with a time expression.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

import regex

from . import rules
from .patterns import rx
from .rules import fold

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class ColumnRule:
    role: str
    headers: tuple[str, ...]
    examples: tuple[str, ...]
    starts: tuple[str, ...] = ()  # how a cell of the column opens (a table written a line per line)
    sub_headers: tuple[str, ...] = ()  # read only in a second header row ("Bắt đầu", "Hoàn thành")


@cache
def column_rules() -> tuple[ColumnRule, ...]:
    return tuple(ColumnRule(c["role"], tuple(c["headers"]), tuple(c.get("examples") or ()), tuple(c.get("starts") or ()),
                            tuple(c.get("sub_headers") or ()))
                 for c in rules.load("columns"))


def sub_header_role(cell: str) -> str | None:
    """The role of a cell of a second header row: a header, or a sub-header (``Bắt đầu``, ``Hoàn thành``) whole."""
    f = fold(cell)
    for c in column_rules():
        if any(fold(h) == f for h in c.sub_headers):
            return c.role
    return column_role(cell)


@cache
def _starts_re(role: str) -> regex.Pattern | None:
    """How a cell of a ``role`` column opens (``rules/columns.yaml`` ``starts``), or None."""
    starts = [s for c in column_rules() if c.role == role for s in c.starts]
    return regex.compile(rf"(?:{rules.phrases(starts)})(?![\p{{L}}])", regex.I) if starts else None


@cache
def _phrases() -> tuple[tuple[str, str], ...]:
    """(folded header, role), longest first."""
    out = {fold(h): c.role for c in column_rules() for h in c.headers}
    return tuple(sorted(out.items(), key=lambda kv: -len(kv[0])))


@cache
def _padded_phrases() -> tuple[tuple[str, str], ...]:
    """:func:`_phrases` with a space either side: a phrase is in a header as whole words when it is in
    the header padded likewise (the cleaning asks this of every short line, issue 15)."""
    return tuple((f" {p} ", role) for p, role in _phrases())


def column_role(header: str) -> str | None:
    """The role of a header cell: the longest known header it holds (whole words)."""
    f = fold(header)
    if not f:
        return None
    padded = f" {f} "
    for phrase, role in _padded_phrases():
        if phrase in padded:
            return role
    return None


def _starts_header(f: str) -> bool:
    """``f`` (folded) is the beginning of some header (``co quan`` of ``co quan chu tri``)."""
    return any(p == f or p.startswith(f + " ") for p, _ in _phrases())


@dataclass(slots=True)
class Column:
    role: str | None
    header: str
    span: Span


@dataclass(slots=True)
class Cell:
    spans: list[Span] = field(default_factory=list)

    def text(self, text: str) -> str:
        return " ".join(" ".join(text[a:b].split()) for a, b in self.spans).strip()


@dataclass(slots=True)
class Row:
    span: Span
    cells: list[Cell]  # one per column
    label: str | None = None  # the number in the TT column

    def cell(self, columns: list[Column], role: str) -> Cell | None:
        for col, cell in zip(columns, self.cells, strict=False):
            if col.role == role:
                return cell
        return None


@dataclass(slots=True)
class Table:
    span: Span
    columns: list[Column]
    rows: list[Row]
    form: str  # pipe | crawl | flat

    def roles(self) -> set[str]:
        return {c.role for c in self.columns if c.role}

    def text_of(self, text: str, row: Row, role: str) -> str:
        cell = row.cell(self.columns, role)
        return cell.text(text) if cell else ""

    def spans_of(self, row: Row, role: str) -> list[Span]:
        cell = row.cell(self.columns, role)
        return list(cell.spans) if cell else []


def is_task_header(roles: set[str | None]) -> bool:
    return "content" in roles and bool({"lead", "time"} & roles)


# -- pipe rows ------------------------------------------------------------------------------------

def pipe_cells(text: str, start: int, end: int) -> list[Span]:
    """The cells of a ``| a | b |`` line as spans of their stripped text."""
    row = text[start:end]
    bars = [i for i, ch in enumerate(row) if ch == "|"]
    if not row.rstrip().endswith("|"):
        bars.append(len(row))
    out = []
    for a, b in zip(bars, bars[1:], strict=False):
        cs, ce = start + a + 1, start + b
        while cs < ce and text[cs] == " ":
            cs += 1
        while ce > cs and text[ce - 1] == " ":
            ce -= 1
        out.append((cs, ce))
    return out


def _sub_header(text: str, columns: list[Column], line: Span) -> list[Column] | None:
    """A table's second header row under cells merged across it (``Đơn vị thực hiện`` over ``Chủ trì |
    Phối hợp``, ``Thời gian`` over ``Bắt đầu | Hoàn thành``; the cells merged down repeat the first row's
    text): the columns with the roles it gives, or None when the row is no header."""
    cells = pipe_cells(text, *line)
    if len(cells) != len(columns):
        return None
    out, new = [], False
    for col, (a, b) in zip(columns, cells, strict=True):
        sub = " ".join(text[a:b].split())
        if not sub or fold(sub) == fold(col.header):
            out.append(col)
            continue
        if col.role == "stt":  # the row number's column has no second header: "| I. LĨNH VỰC HẠ TẦNG SỐ | | |" is a group row
            return None
        role = sub_header_role(sub)
        if role is None:
            return None
        out.append(Column(role, f"{col.header} / {sub}".strip(" /"), (a, b)))
        new = True
    return out if new and is_task_header({c.role for c in out}) else None


def pipe_table(text: str, lines: list[Span]) -> Table | None:
    """A table from consecutive ``|`` lines; None unless a task-table header stands in its first rows."""
    header_at = None
    columns: list[Column] = []
    for k, (s, e) in enumerate(lines[:3]):
        cells = pipe_cells(text, s, e)
        cols = [Column(column_role(text[a:b]), " ".join(text[a:b].split()), (a, b)) for a, b in cells]
        if is_task_header({c.role for c in cols}):
            header_at, columns = k, cols
            break
    if header_at is None:
        return None
    body = lines[header_at + 1:]
    if body:
        merged = _sub_header(text, columns, body[0])
        if merged is not None:  # "Thời gian" over "Bắt đầu | Hoàn thành": the second row names the columns
            columns, body = merged, body[1:]
    rows = []
    for s, e in body:
        cells = pipe_cells(text, s, e)
        roles = [column_role(text[a:b]) for a, b in cells if text[a:b].strip()]
        if is_task_header(set(roles)) and None not in roles:
            # the header repeated on a new page: every cell a header ("| 9 | Sơ kết … nhiệm vụ … | Văn phòng Sở |
            # Các phòng, đơn vị thuộc Sở | Tháng 6 |" holds header words, but not only)
            continue
        rows.append(Row((s, e), [Cell([(a, b)] if b > a else []) for a, b in cells], None))
    table = Table((lines[0][0], lines[-1][1]), columns, rows, "pipe")
    _label_rows(text, table)
    return table


def _label_rows(text: str, table: Table) -> None:
    from .structure import _marker  # structure reads tables: imported when first used

    for row in table.rows:
        stt = row.cell(table.columns, "stt")
        value = stt.text(text).rstrip(".") if stt else ""
        # a group row's marker before its title, as an outline marker (rules/markers.yaml): "I. LĨNH VỰC …" → "I"
        label = _marker(value, 0, len(value))[1] if value else None
        row.label = label or value or None


# -- crawled cells --------------------------------------------------------------------------------

_BAR_LINE = regex.compile(r"^\|\s*$")


def crawl_table(text: str, lines: list[Span]) -> Table | None:
    """A table a crawl wrote one cell per line, ``|`` alone on the lines between cells: the cells in
    reading order, cut into rows of as many cells as the header has."""
    cells: list[list[Span]] = []
    current: list[Span] = []
    for s, e in lines:
        if _BAR_LINE.match(text[s:e]):
            if current:
                cells.append(current)
            current = []
            continue
        piece = text[s:e].strip().strip("|").strip()
        if piece:
            a = text.index(piece, s, e)
            current.append((a, a + len(piece)))
    if current:
        cells.append(current)
    columns: list[Column] = []
    for spans in cells:
        header = " ".join(text[a:b] for a, b in spans)
        role = column_role(header)
        if role is None or len(header) > 60:
            break
        columns.append(Column(role, header, (spans[0][0], spans[-1][1])))
    if not is_task_header({c.role for c in columns}):
        return None
    k = len(columns)
    rows = []
    body = cells[k:]
    for i in range(0, len(body), k):
        group = body[i:i + k]
        if is_task_header({column_role(" ".join(text[a:b] for a, b in c)) for c in group}):
            continue
        group += [[] for _ in range(k - len(group))]
        span = (min(sp[0][0] for sp in group if sp), max(sp[-1][1] for sp in group if sp))
        rows.append(Row(span, [Cell(list(sp)) for sp in group]))
    table = Table((lines[0][0], lines[-1][1]), columns, rows, "crawl")
    _label_rows(text, table)
    return table


# -- flattened cells ------------------------------------------------------------------------------

MAX_HEADER_FRAGMENT = 40
_LABEL = regex.compile(r"(?P<label>\d{1,3}(?:\.\d{1,3}){0,3}|[IVXLC]{1,6})\.?")
# a group row written whole on one line: "III Tiếp tục sắp xếp tổ chức bộ máy …", "**V** Đào tạo …"
_GROUP_LINE = regex.compile(r"(?P<label>[IVXLC]{1,6}|[A-Z]|\d{1,2}\.)\.?\s+(?P<title>\p{Lu}.{8,})")
# a row's number and its first line on one line, the number without a dot ("4 Hoàn thiện pháp luật …")
_INLINE_ROW = regex.compile(r"(?P<label>\d{1,3}(?:\.\d{1,3}){0,3})\s+(?P<rest>\p{Lu}.+)")
GROUP_LINE_MIN = 50  # a numbered group row runs across the table, longer than any cell's line


def header_run(text: str, lines: list[Span], i: int) -> tuple[int, list[Column]] | None:
    """The header of a flattened table starting at line ``i``: (index of the first line after it,
    columns), or None. Header fragments are short lines; a fragment joins the cell before it while
    the two still begin a known header, or when it begins none itself (``MỤC TIÊU`` / ``2026 - 2030``)."""
    columns: list[Column] = []
    j = i
    current: list[Span] = []

    def close() -> None:
        if current:
            header = " ".join(" ".join(text[a:b].split()) for a, b in current)
            columns.append(Column(column_role(header), header, (current[0][0], current[-1][1])))

    while j < len(lines):
        s, e = lines[j]
        piece = text[s:e].strip()
        f = fold(piece)
        if not f or len(piece) > MAX_HEADER_FRAGMENT:
            break
        if current:
            joined = fold(" ".join(text[a:b] for a, b in current) + " " + piece)
            if _starts_header(joined):
                current.append((s, e))
                j += 1
                continue
            if not _starts_header(f) and column_role(piece) is None:
                if _LABEL.fullmatch(piece) or not _HEADER_TAIL.fullmatch(piece):
                    break
                current.append((s, e))  # "2026 - 2030" under "MỤC TIÊU"
                j += 1
                continue
            close()
            current = []
        if not (_starts_header(f) or column_role(piece)):
            break
        current = [(s, e)]
        j += 1
    close()
    roles = [c.role for c in columns]
    if len(columns) < 3 or not is_task_header(set(roles)) or None in roles:
        return None
    return j, columns


# what may follow a header's words in its cell: a period, a unit of measure, capitals
_HEADER_TAIL = regex.compile(r"[\d\s\-–/().,%]+|[\p{Lu}\d\s\-–/().,%]{2,30}")


def _label_value(label: str) -> tuple:
    if rx(r"[IVXLC]+").fullmatch(label):
        return ("R", _roman(label))
    return ("N", tuple(int(x) for x in label.split(".")))


def _roman(s: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = vals[a]
        total += -v if b != " " and vals.get(b, 0) > v else v
    return total


def _plausible(prev_num: tuple | None, prev_roman: int | None, label: str) -> bool:
    """Whether ``label`` can be the next row number after the rows seen so far (so that ``8.500``
    in an indicator's target column is no row)."""
    kind, value = _label_value(label)
    if kind == "R":
        return value == (prev_roman or 0) + 1
    if prev_num is None:
        return value[-1] in (0, 1) or len(value) == 1 and value[0] <= 2
    if value[-1] == 1 and (value[:-1] == prev_num[:len(value) - 1] or len(value) == 1):
        return True  # a first child, or numbering that starts again in a new group
    for k in range(min(len(prev_num), len(value)), 0, -1):
        if value[:k - 1] == prev_num[:k - 1] and value[k - 1] == prev_num[k - 1] + 1 and len(value) == k:
            return True
    return len(value) == len(prev_num) + 1 and value[:-1] == prev_num and value[-1] == 1


# generic bodies a table cell names: "Cơ quan, tổ chức và doanh nghiệp liên quan", "Các bộ, ngành",
# "Ngân hàng Nhà nước", "Cấp có thẩm quyền" — not "Tổ chức thành công …", "Các khóa đào tạo …"
_GENERIC_UNIT = regex.compile(
    r"(?i)(?:và\s+)?(?:các|mỗi|từng)\s+(?:bộ|sở|ban|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương|tổ\s+chức|doanh\s+nghiệp|"
    r"tỉnh|thành\s+phố|xã|phường|huyện|cơ\s+sở|trường|hội|hiệp\s+hội|tập\s+đoàn|tổng\s+công\s+ty|ngân\s+hàng|ủy\s+ban|cấp|"
    r"lực\s+lượng|đoàn\s+thể|chủ\s+đầu\s+tư)\b"
    r"|(?:và\s+)?(?:cơ\s+quan|tổ\s+chức|doanh\s+nghiệp|đơn\s+vị|hiệp\s+hội|địa\s+phương)(?=\s*,|\s+(?:và|liên\s+quan|có\s+liên\s+quan)\b|\s*$)"
    r"|(?:ngân\s+hàng|ủy\s+ban|ubnd|hđnd|tập\s+đoàn|tổng\s+công\s+ty|cấp\s+có\s+thẩm\s+quyền)\b")


class _UnitStart:
    """A cell that opens like a unit: a head word of the lexicon, or a generic body
    (``Cơ quan, tổ chức và doanh nghiệp liên quan``, ``Các bộ, ngành``)."""

    @staticmethod
    def match(piece: str) -> bool:
        from .units import _head_re

        piece = _LIST_START.sub("", piece, count=1)  # "1. Bộ Tài chính đầu mối …"
        return bool(_head_re().match(piece) or _GENERIC_UNIT.match(piece))


def _unit_start() -> type[_UnitStart]:
    return _UnitStart


_TIME_START = regex.compile(
    r"(?i)^(?:quý|năm\s+\d|năm\s+(?:19|20)|năm\s*$|tháng|thường\s+xuyên|nhiệm\s+vụ\s+thường|hằng|hàng\s+(?:năm|quý|tháng)|"
    r"định\s+kỳ|trước|trong\s+(?:năm|quý|tháng)|từ\s+(?:năm|ngày|tháng|\d)|đến|giai\s+đoạn|theo\s+(?:yêu\s+cầu|tiến\s+độ|kế\s+hoạch)|"
    r"(?:19|20)\d\d|\d{1,2}/(?:19|20)\d\d|\d{1,2}/\d{1,2}/|sau\s+khi|khi\s+có|kịp\s+thời|hoàn\s+thành|chậm\s+nhất|"
    r"6\s+tháng|tuần|ngay|liên\s+tục|đột\s+xuất|quý)"
)
_DANGLING_END = regex.compile(r"(?:[,\-–(&/]|\b(?:và|của|các|cho|với|về|tại|theo|trong|thuộc|những|có|là|để|đối|từ|đến))\s*$", regex.I)
_LIST_END = regex.compile(r"[;,:]\s*$")
_LIST_START = regex.compile(r"^(?:[-+•]\s|\d{1,2}[.)]\s|[a-zđ]\)\s)")
_FIRST_WORD = regex.compile(r"\S+")
_NEXT_ITEM = regex.compile(r"[2-9][.)]\s|[b-hk-nđ]\)\s")  # a numbered or lettered item that is not the first
_DATE_WORD_END = regex.compile(r"(?i)\b(?:ngày|tháng|năm|quý)\s*$")
_FIRST_ITEM = regex.compile(r"1[.)]\s|a\)\s")


def _lower_start(piece: str) -> bool:
    m = rx(r"\p{L}").search(piece)
    return bool(m) and m.start() < 2 and m.group().islower()


def _names_re():
    from .units import _names_re as names

    return names()


@dataclass(slots=True)
class _Frag:
    span: Span
    text: str


def _expects_more(piece: str, role: str | None) -> float:
    """How strongly a cell whose text so far ends with ``piece`` goes on after a page break:
    below 0 it wants more (a dangling word, a comma), above 0 it looks finished."""
    if not piece:
        return 0.6  # an empty cell seldom starts on the next page
    if _DANGLING_END.search(piece):
        return -1.2
    if role == "content":
        return 0.6 if piece.rstrip().endswith((".", "./.", ":")) else -0.6
    if role in ("lead", "support", "level"):
        return 0.4 if not _LIST_END.search(piece) else -0.4
    if role == "time":
        return 0.8  # "Quý IV/2026": a time is short, it ends where it stands
    return 0.0


def _cost_tables(frags: list[_Frag], roles: list[str | None], widths: list[float] | None,
                 before: list[str] | None, pairs: list[set[tuple[str, str]]] | None = None):
    """Costs of a segmentation: per (column, fragment) placement, for a fragment that starts a
    cell, per join of two fragments in one cell, per empty column. ``before``: the text each
    cell of the row ended with before a page break, when these fragments continue it; ``pairs``:
    each column's word pairs that meet across a line wrap in cells of other rows."""
    continued = before is not None
    n = len(frags)
    place = [[0.0] * n for _ in roles]
    start = [[0.0] * n for _ in roles]
    join = [[0.0] * n for _ in roles]  # join[c][i]: fragments i and i+1 in one cell of column c
    for c, role in enumerate(roles):
        unit_role = role in ("lead", "support", "level")
        for i, f in enumerate(frags):
            t = f.text
            unit = _unit_start().match(t)
            if widths and len(t) > widths[c] * 1.12 + 2:
                place[c][i] += 6.0  # longer than any line of the column
            if continued:
                start[c][i] += _expects_more(before[c], role)
                if pairs and _pair(before[c], t) in pairs[c]:
                    start[c][i] -= 1.5  # "tỉnh, thành" / "phố trực thuộc": the column wraps its words so elsewhere
                if role == "lead" and unit:
                    start[c][i] += 1.0  # a lead cell seldom takes a second unit on the next page
                elif role == "support" and unit:
                    start[c][i] -= 0.5  # the list of supporting units goes on
            else:
                opens = _starts_re(role) if role else None
                if opens is not None and opens.match(t):
                    start[c][i] += -1.6  # "Cấp có" / "thẩm quyền" opens a cell of the "Cấp trình" column
                elif unit_role:
                    start[c][i] += -1.2 if unit else 1.0
                elif role == "time":
                    start[c][i] += -1.6 if _TIME_START.match(t) else 0.8
                elif role == "products" and unit:
                    start[c][i] += 1.5  # a product is seldom named by a unit
                if _lower_start(t):
                    start[c][i] += 2.5
            if i + 1 < n:
                nxt = frags[i + 1].text
                next_unit = _unit_start().match(nxt)
                lower = _lower_start(nxt)
                cost = 0.0
                if lower and not continued:
                    cost -= 0.8  # a cell starts with a capital: a line in lower case goes on with one
                if _DANGLING_END.search(t) and not (unit_role and next_unit):
                    cost -= 0.8
                wrapped_name = unit_role and (known := _names_re().match(t + " " + nxt)) is not None \
                    and known.end() > len(t) + 1
                if wrapped_name:
                    cost -= 2.0  # "Bộ Công" / "Thương", "Văn phòng" / "Chính phủ": one name wrapped
                if _NEXT_ITEM.match(nxt):
                    cost -= 1.5  # "2. Các bộ, cơ quan …" after "1. Bộ Tài chính …": the list goes on in its cell
                elif _FIRST_ITEM.match(nxt) and not t.rstrip().endswith(":"):
                    cost += 2.0  # "> 55" / "1. Bộ Khoa học và …": a list's first item opens a cell
                if _DATE_WORD_END.search(t) and nxt[:1].isdigit():
                    cost -= 2.0  # "Số bác sĩ/vạn dân đến năm" / "2030 (người)": a date wrapped in its cell
                if unit_role and next_unit and t.rstrip().endswith(","):
                    cost -= 1.0  # "phương, Tập đoàn," / "Tổng công ty, doanh": the list of units goes on
                # a unit cell holds one unit a paragraph, so a unit on a new line says nothing of the width
                if widths and not _LIST_END.search(t) and not _LIST_START.match(nxt) and not (unit_role and next_unit):
                    first = _FIRST_WORD.match(nxt)
                    room = widths[c] - len(t) - 1
                    if first and room >= len(first.group()) + 2 and (continued or not lower):
                        # (a time cell is broken by hand where it reads best: "Trước" / "ngày" / "01/3/2027")
                        cost += 1.5  # the next word would have fitted: the cell ended here
                    elif first and room < len(first.group()):
                        cost -= 0.4
                if unit_role and next_unit and not _DANGLING_END.search(t) and not _LIST_END.search(t) and role == "lead" \
                        and not _LIST_START.match(nxt) and not wrapped_name:
                    cost += 3.0  # "Bộ Tài chính" / "Bộ Khoa học và Công nghệ": a lead cell names one unit
                if unit_role and not next_unit and not lower and (_LIST_END.search(t) or not _DANGLING_END.search(t)):
                    cost += 1.0  # "Cơ quan, tổ chức," / "Cơ chế, chính sách …": no unit goes on like that
                join[c][i] = cost
    empty = []
    for role in roles:
        if role == "content":
            empty.append(0.3 if continued else 4.0)
        elif role == "lead":
            empty.append(0.2 if continued else 1.2)
        else:
            empty.append(0.1 if continued else 0.4)
    return place, start, join, empty


def _segment(frags: list[_Frag], roles: list[str | None], widths: list[float] | None,
             before: list[str] | None = None, pairs: list[set[tuple[str, str]]] | None = None) -> list[list[int]]:
    """Fragments → columns: a monotone assignment minimising the costs (Viterbi over (fragment,
    column))."""
    rows = _viterbi(frags, roles, widths, before, pairs, sub_rows=False)
    return rows[0] if rows else [[] for _ in roles]


SUB_ROW = 0.5  # the cost of opening a sub-row in the first column again


def _segment_rows(frags: list[_Frag], roles: list[str | None], widths: list[float] | None,
                  pairs: list[set[tuple[str, str]]] | None = None) -> list[list[list[int]]]:
    """Fragments → sub-rows of columns: :func:`_segment` where the cells may open in the first column
    again, as a row's sub-rows do ("Nhóm nông, lâm, thủy sản" / "10 - 12" / "Bộ Nông nghiệp và" / …
    / "Nhóm công nghiệp chế" / "biến, chế tạo" / "15 - 16" / …)."""
    return _viterbi(frags, roles, widths, None, pairs, sub_rows=True)


def _viterbi(frags: list[_Frag], roles: list[str | None], widths: list[float] | None, before: list[str] | None,
             pairs: list[set[tuple[str, str]]] | None, sub_rows: bool) -> list[list[list[int]]]:
    """The cheapest way through the fragments, column by column (and, with ``sub_rows``, back to the
    first column for a sub-row): the rows it makes, each its cells' fragment indices."""
    n, k = len(frags), len(roles)
    if n == 0:
        return []
    place, start, join, empty = _cost_tables(frags, roles, widths, before, pairs)
    inf = float("inf")
    # best[i][c]: fragment i is the last placed so far and lies in column c
    best = [[inf] * k for _ in range(n)]
    back: list[list[tuple[int, str] | None]] = [[None] * k for _ in range(n)]
    for c in range(k):
        best[0][c] = sum(empty[:c]) + place[c][0] + start[c][0]
    for i in range(1, n):
        for c in range(k):
            cand, arg = best[i - 1][c] + join[c][i - 1] + place[c][i], (c, "join")  # the same cell as i-1
            skipped = 0.0
            for p in range(c - 1, -1, -1):
                val = best[i - 1][p] + skipped + place[c][i] + start[c][i]
                if val < cand:
                    cand, arg = val, (p, "next")
                skipped += empty[p]
            if sub_rows and c == 0:
                for p in range(1, k):
                    val = best[i - 1][p] + sum(empty[p + 1:]) + place[0][i] + start[0][i] + SUB_ROW
                    if val < cand:
                        cand, arg = val, (p, "row")
            best[i][c], back[i][c] = cand, arg
    tail = [best[n - 1][c] + sum(empty[c + 1:]) for c in range(k)]
    c = min(range(k), key=lambda x: tail[x])
    rows: list[list[list[int]]] = [[[] for _ in range(k)]]
    for i in range(n - 1, -1, -1):
        rows[-1][c].append(i)
        if i:
            c, how = back[i][c]
            if how == "row":
                rows.append([[] for _ in range(k)])
    rows.reverse()
    for row in rows:
        for cell in row:
            cell.reverse()
    return rows


@cache
def _sub_rows_re() -> regex.Pattern:
    """The line that opens a row's sub-rows (``Trong đó:``; rules/cues.yaml ``sub_rows``), capitalised:
    a wrapped sentence's "trong đó:" goes on in its cell."""
    return regex.compile(rf"(?:{rules.phrases(rules.load('cues')['sub_rows']['phrases'])})\s*:\s*")


def _sub_rows_at(frags: list[_Frag], dashed: bool = False, least: int = 2) -> int | None:
    """The index of the fragment that opens the row's sub-rows, after ``least`` fragments of its own
    cells: a ``Trong đó:`` line, or (``dashed``: a table of targets) a line led by a dash ("- Công
    nghiệp" / "11,8" / …: the sectors of the row's figure); None without one."""
    for q, f in enumerate(frags):
        if q >= least and (_sub_rows_re().match(f.text) or dashed and f.text.startswith("- ") and q + 1 < len(frags)):
            return q
    return None


def _capital_title(parts: list[list[_Frag]]) -> bool:
    """Whether a row's fragments are a title in capitals (a group row's: "VỀ MÔI TRƯỜNG, …")."""
    words = "".join(f.text for part in parts for f in part)
    letters = [ch for ch in words if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _parted(parts: list[list[_Frag]], dashed: bool = False) -> tuple[list[list[_Frag]], list[_Frag]]:
    """A row's fragments (its parts, page by page) as its own, up to the line that opens its sub-rows
    (:func:`_sub_rows_at`), and its sub-rows' from it (one run: a page break among them is no cell's
    continuation)."""
    for j, part in enumerate(parts):
        q = _sub_rows_at(part, dashed, 2 if j == 0 else 0)
        if q is None or (j == 0 and q == 0):
            continue
        own = [*parts[:j], part[:q]] if q else parts[:j]
        if _sub_rows_re().match(part[q].text):  # "Trong đó:" opens them; what the line holds after it is the first
            first = _after_cue(part[q])
            subs = ([first] if first else []) + part[q + 1:]
        else:  # a dashed sub-row is a row of its own, dash and all
            subs = part[q:]
        subs += [f for later in parts[j + 1:] for f in later]
        if subs and own and own[0]:
            return own, subs
    return parts, []


def _after_cue(f: _Frag) -> _Frag | None:
    """What a ``Trong đó:`` line holds after its cue ("Trong đó: Tốc độ tăng năng"), else None."""
    m = _sub_rows_re().match(f.text)
    rest = f.text[m.end():]
    if not rest.strip():
        return None
    return _Frag((f.span[1] - len(rest), f.span[1]), rest)


def flat_table(text: str, lines: list[Span], i: int) -> tuple[Table, int] | None:
    """A flattened table whose header starts at ``lines[i]``: (table, index of the line after it)."""
    found = header_run(text, lines, i)
    if not found:
        return None
    j, columns = found
    header_folds = [fold(" ".join(text[s:e] for s, e in [c.span])) for c in columns]
    body_cols = [c for c in columns if c.role != "stt"]
    roles = [c.role for c in body_cols]
    has_stt = any(c.role == "stt" for c in columns)
    raw_rows: list[tuple[str | None, list[list[_Frag]], Span]] = []  # label, parts split by page repeats
    prev_num: tuple | None = None
    prev_roman: int | None = None
    stop = table_end(text, lines, i)
    end = j
    while end < stop:
        s, e = lines[end]
        piece = text[s:e].strip()
        if _repeated_header(text, lines, end, header_folds):
            end += _header_length(text, lines, end, columns)
            if raw_rows:
                raw_rows[-1][1].append([])
            continue
        label = None
        m = _LABEL.fullmatch(piece) if has_stt else None
        group = _GROUP_LINE.fullmatch(piece) if has_stt else None
        inline = _INLINE_ROW.fullmatch(piece) if has_stt and not m else None
        if m and _plausible(prev_num, prev_roman, m.group("label")):
            label = m.group("label")
        elif inline and _plausible(prev_num, prev_roman, inline.group("label")) \
                and not _unit_start().match(inline.group("rest")):
            # "4 Hoàn thiện pháp luật trong lĩnh vực tư pháp …": the number and the first line of the row
            label = inline.group("label")
            kind, value = _label_value(label)
            prev_num = value if kind == "N" else prev_num
            rest_start = s + text[s:e].index(inline.group("rest"))
            raw_rows.append((label, [[_Frag((rest_start, e), inline.group("rest"))]], (s, e)))
            end += 1
            continue
        elif group and (rx(r"[IVXLC]+").fullmatch(group.group("label")) or len(piece) >= GROUP_LINE_MIN) \
                and _plausible(prev_num, prev_roman, group.group("label").rstrip(".")):
            label = group.group("label").rstrip(".")
        if label is not None:
            kind, value = _label_value(label)
            if kind == "R":
                prev_roman = value
            else:
                prev_num = value
            raw_rows.append((label, [[]], (s, e)))
            if group and not m:
                title_start = s + text[s:e].index(group.group("title"))
                raw_rows[-1][1][0].append(_Frag((title_start, e), group.group("title")))
            end += 1
            continue
        if not raw_rows:
            raw_rows.append((None, [[]], (s, e)))
        raw_rows[-1][1][-1].append(_Frag((s, e), piece))
        raw_rows[-1] = (raw_rows[-1][0], raw_rows[-1][1], (raw_rows[-1][2][0], e))
        end += 1
    if not raw_rows:
        return None
    widths = pairs = None
    rows: list[Row] = []
    for _ in range(2):  # once on the words alone, then with the widths the first pass gives
        rows = []
        firsts = []  # each row as its first page holds it: what goes on after a page break is guessed
        for label, parts, span in raw_rows:
            parts, subs = _parted(parts, dashed="target" in roles and "time" not in roles)
            cells = [Cell() for _ in body_cols]
            if label and "content" in roles and _capital_title(parts):
                # "III" / "VỀ" / "MÔI" / "TRƯỜNG, …": a group row's title in capitals, across the table
                cells[roles.index("content")].spans = [f.span for part in parts for f in part]
                rows.append(Row(span, cells, label))
                firsts.append(rows[-1])
                continue
            for n, part in enumerate(parts):
                before = [text[cell.spans[-1][0]:cell.spans[-1][1]] if cell.spans else "" for cell in cells] if n else None
                for c, idx in enumerate(_segment(part, roles, widths, before, pairs)):
                    cells[c].spans += [part[x].span for x in idx]
                if n == 0:
                    firsts.append(Row(span, [Cell(list(cell.spans)) for cell in cells], label))
            if not subs:
                rows.append(Row(span, cells, label))
                continue
            # the row's own cells, then its sub-rows, each a row under the row's number
            rows.append(Row((span[0], max(e for cell in cells for _, e in cell.spans)), cells, label))
            for sub in _segment_rows(subs, roles, widths, pairs):
                at = [subs[x].span for idx in sub for x in idx]
                rows.append(Row((min(a for a, _ in at), max(b for _, b in at)),
                                [Cell([subs[x].span for x in idx]) for idx in sub], label))
        widths = _widths(text, rows, len(body_cols))
        pairs = _wrap_pairs(text, firsts, len(body_cols))
    full_cells = []
    for row in rows:
        cells = iter(row.cells)
        full = [Cell([]) if c.role == "stt" else next(cells) for c in columns]
        full_cells.append(Row(row.span, full, row.label))
    table = Table((lines[i][0], lines[end - 1][1]), columns, full_cells, "flat")
    return table, end


def _pair(before: str, piece: str) -> tuple[str, str] | None:
    """The last word of ``before`` and the first of ``piece`` (lower case), or None where a
    separator ends ``before``: a list goes on there, no word wraps."""
    last, first = before.split()[-1:], piece.split()[:1]
    if not last or not first or _LIST_END.search(last[0]):
        return None
    return last[0].lower(), first[0].lower()


def _wrap_pairs(text: str, rows: list[Row], k: int) -> list[set[tuple[str, str]]]:
    """Per column, the word pairs that meet across a line wrap inside its cells in at least two rows."""
    out = []
    for c in range(k):
        seen: dict[tuple[str, str], int] = {}
        for row in rows:
            spans = row.cells[c].spans
            for key in {_pair(text[a:b], text[x:y]) for (a, b), (x, y) in pairwise(spans)} - {None}:
                seen[key] = seen.get(key, 0) + 1
        out.append({key for key, n in seen.items() if n >= 2})
    return out


def _widths(text: str, rows: list[Row], k: int) -> list[float]:
    """Each column's width: a high percentile of the lengths of its lines."""
    out = []
    for c in range(k):
        lengths = sorted(b - a for row in rows for a, b in row.cells[c].spans)
        if not lengths:
            out.append(40.0)
            continue
        out.append(float(lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]))
    return out


def _repeated_header(text: str, lines: list[Span], i: int, header_folds: list[str]) -> bool:
    """The header printed again at the top of a page (its first two cells, at least)."""
    got = []
    j = i
    target = " ".join(header_folds[:2])
    while j < len(lines) and j < i + 6 and len(" ".join(got)) < len(target) + 2:
        got.append(fold(text[lines[j][0]:lines[j][1]]))
        j += 1
        if " ".join(got) == target:
            return True
    return False


def _header_length(text: str, lines: list[Span], i: int, columns: list[Column]) -> int:
    found = header_run(text, lines, i)
    return max(1, found[0] - i) if found else 1


# what ends a table written a cell a line: the next appendix, a heading of the body (a dotted Roman
# numeral before capitals, an article, a chapter), Nơi nhận, the signature block
_TABLE_END = regex.compile(r"(?:Phụ\s+lục|PHỤ\s+LỤC)(?:\s+(?:số|SỐ))?(?:\s+[IVXLC\d]+)?\s*[.:]?\s*$|Nơi\s+nhận\s*:|"
                           r"(?:KT|TM|TL)\.\s+\p{Lu}|[IVXLC]{1,5}\.\s+\p{Lu}{2,}\s+\p{Lu}{2,}|Điều\s+\d+\.\s|(?:Chương|CHƯƠNG)\s+[IVXLC]+\b")


PROSE_LINE = 60  # characters: a line this long that is no group row may be prose
PROSE_RUN = 8  # … and this many in a row are prose: no cell of a table wraps over so many


def table_end(text: str, lines: list[Span], i: int) -> int:
    """Index of the first line after a flattened table whose header starts at ``lines[i]``: an
    appendix heading, ``Nơi nhận``, a signature block, or prose again (two long lines in a row)."""
    found = header_run(text, lines, i)
    j = found[0] if found else i + 1
    while j < len(lines):
        piece = text[lines[j][0]:lines[j][1]]
        if _TABLE_END.match(piece):
            return j
        if j + PROSE_RUN <= len(lines) and all(_prose(text[a:b]) for a, b in lines[j:j + PROSE_RUN]):
            return j
        j += 1
    return j


def _prose(piece: str) -> bool:
    return len(piece) >= PROSE_LINE and not _GROUP_LINE.fullmatch(piece) and not piece.startswith("|")
