"""The document's structure, built once: typed blocks with spans that the task and relation
finders read instead of re-parsing lines.

A block is one line (paragraph) of the clean text: an **item** opened by a marker of
``rules/markers.yaml`` (``I.``, ``1.``, ``1.1.``, ``(1)``, ``a)``, ``-``, ``+``, ``Điều 2.``,
``Phụ lục II``), a **paragraph** without one, or a **table** (``extract.tables``: pipe rows,
crawled cells, flattened cells). An item or paragraph that opens with a field label of
``rules/fields.yaml`` (``Đơn vị chủ trì: …``) carries its :class:`Field`. Items nest by the
order in which the document first uses each marker kind (Nghị định 30/2020/NĐ-CP, Phụ lục I);
a paragraph belongs to the nearest item above it that is a heading (not to a dash). Text quoted
from another document (the new wording an amending document writes in) is marked ``quoted``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from . import rules
from .patterns import rx
from .rules import fold
from .tables import Table, crawl_table, flat_table, pipe_cells, pipe_table

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class MarkerRule:
    kind: str
    pattern: regex.Pattern
    section: bool
    examples: tuple[str, ...]


@cache
def marker_rules() -> tuple[MarkerRule, ...]:
    return tuple(MarkerRule(m["kind"], regex.compile(m["pattern"]), bool(m["section"]), tuple(m.get("examples") or ()))
                 for m in rules.load("markers"))


@cache
def section_kinds() -> frozenset[str]:
    return frozenset(m.kind for m in marker_rules() if m.section)


@dataclass(frozen=True, slots=True)
class FieldRule:
    role: str
    labels: tuple[str, ...]
    examples: tuple[str, ...]


@cache
def field_rules() -> tuple[FieldRule, ...]:
    return tuple(FieldRule(f["role"], tuple(f["labels"]), tuple(f.get("examples") or ())) for f in rules.load("fields"))


@cache
def _field_re() -> regex.Pattern:
    alts = []
    for n, rule in enumerate(field_rules()):
        alts.append(f"(?P<r{n}>{rules.phrases(rule.labels)})")
    # a form's grid puts the value in the cell beside its label ("Hạn xử lý: | 15/4/2027")
    return regex.compile(rf"(?i:{'|'.join(alts)})\s*:\s*(?:\|\s*)?(?P<value>.*)$")


@dataclass(slots=True)
class Field:
    """``label: value`` at the start of a line, the label's role (lead, support, products, time, content)."""

    role: str
    label: Span
    value: Span


def field_at(text: str, start: int, end: int) -> Field | None:
    m = _field_re().match(text, start, end)
    if not m:
        return None
    for n, rule in enumerate(field_rules()):
        if m.group(f"r{n}") is not None:
            return Field(rule.role, m.span(f"r{n}"), m.span("value"))
    return None


@dataclass(slots=True)
class Block:
    kind: str  # item | para | table
    span: Span
    content: Span  # after the marker
    marker: str | None = None
    label: str | None = None
    path: tuple[tuple[str, str], ...] = ()  # (kind, label) of the enclosing items, itself included
    parent: int | None = None
    children: list[int] = field(default_factory=list)
    quoted: bool = False
    field: Field | None = None
    table: Table | None = None

    def text(self, text: str) -> str:
        return text[self.content[0]:self.content[1]]


@dataclass(slots=True)
class Structure:
    text: str
    blocks: list[Block]
    roots: list[int]

    def section(self, i: int) -> str | None:
        return section_of(self.blocks[i].path)

    def ancestors(self, i: int):
        p = self.blocks[i].parent
        while p is not None:
            yield p
            p = self.blocks[p].parent


def section_of(path: tuple[tuple[str, str], ...]) -> str | None:
    labels = [label for kind, label in path if kind in section_kinds()]
    # "3." then "3.4.": the decimal label already holds its parent's number
    labels = [a for a, b in zip(labels, [*labels[1:], ""][:len(labels)], strict=True) if not (b and b.startswith(a + "."))]
    return ".".join(labels) if labels else None


_ARTICLE_HEAD = regex.compile(r"Điều\s+\d+[a-zđ]?\s*[.:]")
_OPEN_QUOTE = regex.compile(r"[“\"]\s*")
# "… năm 2024. 1.2. Tổ chức tập huấn …": a numbered item a PDF glued to the end of the line above
_GLUED_ITEM = regex.compile(r"(?<=[.;:])\s+(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\p{Lu})")


# a line drawn under a heading or the title ("-----", "_______", "***"): no block
_RULE_LINE = regex.compile(r"[-–—_=*~.·]{3,}")


def _lines(text: str, start: int, end: int) -> list[Span]:
    out = []
    pos = start
    for raw in text[start:end].split("\n"):
        s, e = pos, pos + len(raw)
        pos = e + 1
        stripped = raw.strip()
        if stripped and not _RULE_LINE.fullmatch(stripped):
            a = s + (len(raw) - len(raw.lstrip()))
            out.append((a, a + len(stripped)))
    return out


def _marker(text: str, s: int, e: int) -> tuple[str | None, str | None, int]:
    q = _OPEN_QUOTE.match(text, s, e)
    probe = q.end() if q else s
    for rule in marker_rules():
        m = rule.pattern.match(text, probe, e)
        if m:
            label = m.groupdict().get("label")
            if rule.kind == "appendix" and label:
                label = "Phụ lục" + rx(r"(?i)^phụ\s+lục").sub("", rx(r"\s+").sub(" ", label))
            return rule.kind, (rx(r"\s+").sub(" ", label) if label else rule.kind), m.end()
    return None, None, s


def _split_glued(text: str, lines: list[Span]) -> list[Span]:
    """Cut a line where a PDF glued the next decimal item onto it (``… năm 2024. 1.2. Tổ chức …``),
    when that label follows the last decimal item seen."""
    out: list[Span] = []
    last: tuple[int, ...] | None = None
    for s, e in lines:
        m = rx(r"(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s").match(text[s:e])
        if m:
            last = tuple(int(x) for x in m.group(1).split("."))
        cut = s
        for g in _GLUED_ITEM.finditer(text, s, e):
            value = tuple(int(x) for x in g.group("label").split("."))
            if last and len(value) == len(last) and value[:-1] == last[:-1] and value[-1] == last[-1] + 1:
                out.append((cut, g.start()))
                cut = g.start() + len(g.group()) - len(g.group().lstrip())
                last = value
        out.append((cut, e))
    return out


_INLINE_FIRST = regex.compile(r":\s*(?=\(1\)\s)")
_INLINE_ITEM = regex.compile(r"(?<=[;,.]\s{0,3})\((?P<n>\d{1,2})\)\s")


def _split_inline_items(text: str, lines: list[Span]) -> list[Span]:
    """Cut a line whose items run on after a colon (``Vụ Pháp chế chủ trì …: (1) rà soát …; (2) tổng hợp
    …``) at each item marker, numbered on from (1): the intro and each item a line of its own."""
    out: list[Span] = []
    going_on = 0  # the number the items of the line before would go on with (a paragraph broken by OCR)
    for s, e in lines:
        first = _INLINE_FIRST.search(text, s, e)
        if first:
            cuts, n, head = [first.end()], 2, first.start() + 1
        else:
            more = _inline_marker(text, s, e, going_on) if going_on else None
            if more is None:
                out.append((s, e))
                going_on = 0
                continue
            cuts, n, head = [more.start()], going_on + 1, more.start()  # "… tập trung: (3) Phòng …"
        for m in _INLINE_ITEM.finditer(text, cuts[0] + 1, e):
            if int(m.group("n")) == n:
                cuts.append(m.start())
                n += 1
        if first and len(cuts) < 2:
            out.append((s, e))
            going_on = 0
            continue
        going_on = n
        if text[s:head].strip():
            out.append((s, head if first else s + len(text[s:head].rstrip())))
        for a, b in zip(cuts, cuts[1:] + [e], strict=True):
            out.append((a, a + len(text[a:b].rstrip())))  # each piece opens with its marker: never empty
    return out


def _inline_marker(text: str, s: int, e: int, n: int) -> regex.Match | None:
    """The marker ``(n)`` in a line that goes on with the inline items of the line before."""
    for m in _INLINE_GOES_ON.finditer(text, s, e):
        if int(m.group("n")) == n:
            return m
    return None


_INLINE_GOES_ON = regex.compile(r"(?:(?<=[;:,.]\s{0,3})|^)\((?P<n>\d{1,2})\)\s", regex.M)


def _could_start_flat_header(piece: str) -> bool:
    from .tables import column_role

    return len(piece) <= 40 and column_role(piece) in ("stt", "content")


def build(text: str, start: int, end: int) -> Structure:
    """The blocks of ``text[start:end]``."""
    lines = _split_inline_items(text, _split_glued(text, _lines(text, start, end)))
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        s, e = lines[i]
        if text.startswith("|", s):
            j = i
            while j < len(lines) and text.startswith("|", lines[j][0]):
                j += 1
            rows = lines[i:j]
            table = pipe_table(text, rows)
            if table is None and any(text[a:b].strip() == "|" for a, b in rows):
                table = crawl_table(text, rows)
            if table is not None:
                blocks.append(Block("table", table.span, table.span, table=table))
            else:  # a form of labels and values, a layout table, or rows of no task table: paragraphs
                blocks += _form_blocks(text, rows) or [Block("para", (a, b), (a, b)) for a, b in rows]
            i = j
            continue
        elif _could_start_flat_header(text[s:e]):
            found = flat_table(text, lines, i)
            if found and len(found[0].rows) >= 1:
                table, j = found
                blocks.append(Block("table", table.span, table.span, table=table))
                i = j
                continue
        kind, label, content_start = _marker(text, s, e)
        blocks.append(Block("item" if kind else "para", (s, e), (content_start, e), kind, label))
        i += 1
    roots = _nest(text, blocks)
    for b in blocks:
        if b.kind != "table" and b.field is None:
            b.field = field_at(text, b.content[0], b.content[1])
    return Structure(text, blocks, roots)


def _form_blocks(text: str, rows: list[Span]) -> list[Block] | None:
    """A form written as a grid of labels and values (an e-office system's assignment sheet: ``| Nội dung
    công việc: | … |``, ``| Hạn xử lý: | 15/4/2027 | Trạng thái: | Đang xử lý |``), as the lines it stands
    for: each label with the value beside it a line of its own, which :func:`field_at` reads as a field;
    a row of one cell that is no label (``| PHIẾU GIAO VIỆC (1/8) | | |``) a line too, an item where it
    opens with a marker (rules/markers.yaml: a record's title). None unless two rows or more open with
    a label and one of the labels is a field's."""
    out: list[Block] = []
    labelled = 0
    known = False
    for s, e in rows:
        cells = pipe_cells(text, s, e)
        filled = [(a, b) for a, b in cells if b > a]
        if not filled:
            continue
        if text[filled[0][1] - 1] != ":":
            if len(filled) > 1:
                return None  # a row of values: a table of another kind
            a, b = filled[0]
            kind, label, content = _marker(text, a, b)
            out.append(Block("item" if kind else "para", (a, b), (content, b), kind, label))
            continue
        labelled += 1
        k = 0
        while k < len(cells):
            a, b = cells[k]
            if b > a and text[b - 1] == ":":  # a label, and the value in the cell after it
                end = cells[k + 1][1] if k + 1 < len(cells) and cells[k + 1][1] > cells[k + 1][0] \
                    and text[cells[k + 1][1] - 1] != ":" else b
                block = Block("para", (a, end), (a, end))
                block.field = field_at(text, a, end)
                known = known or block.field is not None
                out.append(block)
                k += 2 if end > b else 1
            else:
                k += 1
    return out if labelled >= 2 and known else None


def _nest(text: str, blocks: list[Block]) -> list[int]:
    """Parents, children and paths by the marker-kind stack; quotations nest apart."""
    stack: list[tuple[str, str, int]] = []  # (kind, label, block index)
    saved: list[tuple[str, str, int]] | None = None
    quote_depth = 0
    roots: list[int] = []
    recipients = False  # within the dash list after "Kính gửi:"
    for n, b in enumerate(blocks):
        raw = text[b.span[0]:b.span[1]]
        if recipients and b.marker not in ("dash", "plus"):
            # the list of whom a letter is sent to ends: its dashes set no order of kinds for the body
            # (a body whose "1." items hold dash lists would nest them under the recipients' dash)
            recipients, stack = False, []
        if b.kind != "table":
            if quote_depth and _ARTICLE_HEAD.match(raw):
                quote_depth = 0  # an unbalanced quote never swallows the next article
            opened = quote_depth > 0 or raw.startswith(("“", '"'))
            quote_depth = max(0, quote_depth + raw.count("“") - raw.count("”"))
            if raw.count('"') % 2:
                quote_depth = 0 if quote_depth else 1
            if opened and saved is None:
                saved = list(stack)
            elif not opened and saved is not None:
                stack, saved = saved, None
            b.quoted = opened
        if b.marker is not None:
            kinds = [k for k, _, _ in stack]
            if b.marker == "appendix":
                stack = []
            elif b.marker in kinds:
                del stack[kinds.index(b.marker):]
            parent = stack[-1][2] if stack else None
            stack.append((b.marker, b.label or b.marker, n))
        elif b.kind == "para" and not b.quoted and len(raw) < 150 and is_heading_text(raw) \
                and not (n and _wraps(text, blocks[n - 1])):
            # a heading in capitals with no marker ("TỔ CHỨC THỰC HIỆN"): the items above it end
            # (within an appendix: its title lines stay under it)
            kinds = [k for k, _, _ in stack]
            stack = stack[:len(kinds) - kinds[::-1].index("appendix")] if "appendix" in kinds else []
            parent = stack[-1][2] if stack else None
        else:
            # a paragraph belongs to the nearest heading above it, not to a dash or plus item
            parent = next((idx for k, _, idx in reversed(stack) if k in section_kinds()), None)
            if stack and stack[-1][0] not in section_kinds() and _continues(text, blocks[stack[-1][2]], b):
                parent = stack[-1][2]
        b.parent = parent
        if parent is None:
            roots.append(n)
        else:
            blocks[parent].children.append(n)
        if b.kind == "para" and _KINH_GUI.match(raw):
            recipients = True
        b.path = tuple((k, label) for k, label, _ in stack if k) if b.marker else (
            blocks[parent].path if parent is not None else ())
    return roots


def _continues(text: str, item: Block, para: Block) -> bool:
    """A paragraph in lower case right after a dash item goes on with it."""
    if para.kind == "table":
        return False
    m = rx(r"\p{L}").search(text[para.span[0]:para.span[1]])
    return bool(m) and m.group().islower() and m.start() < 2


_KINH_GUI = regex.compile(r"\s*Kính\s+gửi\s*:?\s*$")


def _wraps(text: str, item: Block) -> bool:
    """A heading in capitals that goes on on the next line: it ends with a comma or a connecting word
    (``I. CÁC NỘI DUNG TRÌNH ỦY BAN NHÂN DÂN TỈNH,`` / ``CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH``)."""
    if item.kind != "item" or item.marker not in section_kinds():
        return False
    raw = text[item.span[0]:item.span[1]].rstrip()
    return is_heading_text(raw) and bool(_WRAPPING_END.search(raw))


_WRAPPING_END = regex.compile(r"(?:,|\b(?:VÀ|CỦA|VỀ|CHO|VỚI|TRONG|TẠI|ĐẾN|TỪ))$")


def is_heading_text(text: str) -> bool:
    """A short line in capitals: a section heading (``II. NHIỆM VỤ, GIẢI PHÁP``)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and not any(c.islower() for c in letters)


def folded(text: str, block: Block) -> str:
    return fold(block.text(text))
