"""Tasks: who must do what, with whom, producing what, by when (SPEC ``tasks``).

Three ways documents assign work, in order of precedence:

1. structured blocks under a numbered/lettered item (``- Đơn vị chủ trì thực hiện: …``,
   ``- Đơn vị phối hợp: …``, ``- Sản phẩm: …``, ``- Thời gian thực hiện: …``);
2. a unit as a heading with its duties beneath (``1. Sở Tư pháp`` → ``- Chủ trì …``);
3. prose: ``Giao X chủ trì, phối hợp với Y …``, ``X tham mưu …``, ``Đề nghị X …``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .deadlines import parse as parse_deadlines
from .models import DocumentInfo, Task
from .outline import Outline
from .units import (
    _PERSON,
    _UNIT_STOP,
    _head_re,
    _trim_unit,
    _verb_re,
    split_units,
    unit_at,
)

_MARKERS = [
    # an appendix heading on a line of its own ("PHỤ LỤC", "PHỤ LỤC II", "Phụ lục số 01") starts a new
    # outline: its table rows and items are under it, not under the last section of the body
    ("appendix", regex.compile(r"(?P<label>(?:Phụ\s+lục|PHỤ\s+LỤC)(?:\s+(?:số|SỐ)\s*)?(?:\s+[IVXLC\d]+)?)\s*[.:]?\s*$")),
    ("part", regex.compile(r"(?P<label>(?:Phần|PHẦN)\s+(?:thứ\s+)?[IVXLC\d]+)\b[.:]?\s*")),
    ("chapter", regex.compile(r"(?P<label>(?:Chương|CHƯƠNG)\s+[IVXLC\d]+)\b[.:]?\s*")),
    ("section_m", regex.compile(r"(?P<label>(?:Mục|MỤC)\s+\d+)\b[.:]?\s*")),
    ("article", regex.compile(r"(?P<label>Điều\s+\d+[a-zđ]?)\s*[.:]\s*")),
    ("roman", regex.compile(r"(?P<label>[IVXLC]{1,6})[.)]\s+")),
    ("decimal", regex.compile(r"(?P<label>\d{1,3}(?:\.\d{1,3}){1,3})\.?\s+")),
    ("arabic", regex.compile(r"(?P<label>\d{1,3})[.)]\s+")),
    ("letter", regex.compile(r"(?P<label>[a-zđ])[)]\s+")),
    ("dash", regex.compile(r"[-–•]\s*")),
    ("plus", regex.compile(r"[+]\s*")),
]
_ARTICLE_HEAD = regex.compile(r"Điều\s+\d+[a-zđ]?\s*[.:]")
_SECTION_KINDS = {"appendix", "part", "chapter", "section_m", "article", "roman", "decimal", "arabic", "letter"}
_FIELD = regex.compile(
    r"(?P<label>(?:Đơn\s+vị|Cơ\s+quan)\s+chủ\s+trì(?:\s+thực\s+hiện)?(?:\s+tiếp\s+nhận)?|Chủ\s+trì(?:\s+thực\s+hiện)?|"
    r"(?:Đơn\s+vị|Cơ\s+quan)\s+thực\s+hiện|(?:Đơn\s+vị|Cơ\s+quan)\s+phối\s+hợp(?:\s+thực\s+hiện)?|Phối\s+hợp|"
    r"Kết\s+quả\s*/\s*sản\s+phẩm|Sản\s+phẩm(?:\s+đầu\s+ra)?|Kết\s+quả\s+đầu\s+ra|"
    r"Thời\s+gian(?:\s+(?:thực\s+hiện|hoàn\s+thành|triển\s+khai))?|Thời\s+điểm\s+hoàn\s+thành|"
    r"Thời\s+hạn(?:\s+hoàn\s+thành)?|Hạn\s+hoàn\s+thành|Tiến\s+độ(?:\s+thực\s+hiện)?)\s*:\s*(?P<value>.*)$",
    regex.I,
)


def _field_role(label: str) -> str:
    low = regex.sub(r"\s+", " ", label.lower())
    if "phối hợp" in low:
        return "support"
    if "chủ trì" in low or "thực hiện" in low and ("đơn vị" in low or "cơ quan" in low):
        return "lead"
    if "sản phẩm" in low or "kết quả" in low:
        return "products"
    return "time"


@dataclass(slots=True)
class Line:
    start: int
    end: int
    kind: str | None  # marker kind, None for a plain line
    label: str | None
    content_start: int
    section: tuple[tuple[str, str], ...]  # (kind, label) of the enclosing items, itself included
    field: regex.Match | None = None


def _parse_lines(text: str, start: int, end: int) -> list[Line]:
    """Lines of the body with their outline path. Quoted text — the new wording an amending
    document writes into another (“Điều 6a. …”) — is that document's content, not this one's
    outline, and is left out."""
    out: list[Line] = []
    stack: list[tuple[str, str]] = []
    saved: list[tuple[str, str]] | None = None  # the outline outside a quotation
    pos = start
    quote_depth = 0
    for raw in text[start:end].split("\n"):
        s, e = pos, pos + len(raw)
        pos = e + 1
        stripped = raw.strip()
        if not stripped:
            continue
        if quote_depth and _ARTICLE_HEAD.match(stripped):
            quote_depth = 0  # an unbalanced quote never swallows the next article
        opened = quote_depth > 0 or stripped.startswith(("“", '"'))
        quote_depth = max(0, quote_depth + raw.count("“") - raw.count("”"))
        if raw.count('"') % 2:
            quote_depth = 0 if quote_depth else 1  # straight quotes open and close alike
        if opened and saved is None:
            # the wording an amending document writes into another has its own numbering
            saved = list(stack)
            stack = [*stack, ("quote", "“")]
        elif not opened and saved is not None:
            stack, saved = saved, None
        s += len(raw) - len(raw.lstrip())
        kind = label = None
        cs = s
        m = regex.match(r"[“\"]\s*", text[s:e])
        probe = s + (m.end() if m else 0)
        for k, pat in _MARKERS:
            mm = pat.match(text, probe, e)
            if mm:
                kind, label, cs = k, mm.groupdict().get("label") or k, mm.end()
                break
        if kind == "appendix":
            label = "Phụ lục" + regex.sub(r"(?i)^phụ\s+lục", "", regex.sub(r"\s+", " ", label))
            stack = [s_ for s_ in stack if s_[0] == "quote"]
        if kind is not None:
            kinds = [k for k, _ in stack]
            floor = kinds.index("quote") + 1 if "quote" in kinds else 0
            if kind in kinds[floor:]:
                del stack[floor + kinds[floor:].index(kind):]
            stack.append((kind, label))
        fm = _FIELD.match(text, cs, e)
        out.append(Line(s, e, kind, label, cs, tuple(stack), fm))
    return out


def _section(stack: tuple[tuple[str, str], ...]) -> str | None:
    labels = [label for kind, label in stack if kind in _SECTION_KINDS]
    return ".".join(labels) if labels else None


_PROMULGATES = regex.compile(
    r"\s*ban\s+hành\s+(?:Thông\s+tư|Nghị\s+định|Quyết\s+định|Luật|Chỉ\s+thị|Kế\s+hoạch|Nghị\s+quyết|Quy\s+chế|Quy\s+định)"
)

# -- tasks --------------------------------------------------------------------------------------

def _default_year(info: DocumentInfo, text: str) -> int | None:
    for source in (info.title or "",):
        m = regex.search(r"(?:19|20)\d\d(?![\d/])", source)
        if m:
            return int(m.group())
    if info.date:
        return int(info.date[:4])
    m = regex.search(r"năm\s+((?:19|20)\d\d)", text[:3000])
    return int(m.group(1)) if m else None


_HEADING_YEAR = regex.compile(r"(?i)\bnăm\s+((?:19|20)\d\d)\s*[.:]?\s*$")


@dataclass(frozen=True, slots=True)
class _Doc:
    """What every task finder needs: the text, the year it is about, where references stand."""

    text: str
    year: int | None
    reference_spans: tuple[tuple[int, int], ...] = ()

    section_years: dict[tuple, int] | None = None

    def deadlines(self, start: int, end: int, in_field: bool = False, section: tuple = ()) -> list:
        """Time expressions in ``text[start:end]``; dates inside references are not deadlines. A year
        left out is the year of the innermost section heading that names one ("II. PHƯƠNG HƯỚNG,
        NHIỆM VỤ NĂM 2024"), else the document's."""
        exclude = tuple(sp for sp in self.reference_spans if sp[0] < end and start < sp[1])
        year = self.year
        for k in range(len(section), 0, -1):
            found = (self.section_years or {}).get(section[:k])
            if found:
                year = found
                break
        return parse_deadlines(self.text[start:end], start, year, in_field=in_field, exclude=exclude)


@dataclass(slots=True)
class _Block:
    owner: Line
    lines: list[Line] = field(default_factory=list)


def _operative_regions(text: str, outline: Outline) -> list[tuple[int, int]]:
    start, end = outline.header_end, outline.body_end or len(text)
    regions = [(start, end)] if end > start else []
    closing = [sp[1] for sp in (outline.recipients_span, outline.signature_span) if sp and sp[0] >= end - 1]
    tail = max(closing, default=None)
    if tail is not None and tail < len(text) - 20:
        regions.append((tail, len(text)))
    return regions


def find_tasks(text: str, outline: Outline, info: DocumentInfo,
               reference_spans: tuple[tuple[int, int], ...] = ()) -> list[Task]:
    """Tasks of the operative parts of ``text``: the body, and what follows the signature (the plan
    or regulation a decision issues "kèm theo", appendices with task tables). The header, the
    signature and ``Nơi nhận`` are never tasks. ``reference_spans``: where references stand (their
    dates are no deadlines)."""
    year = _default_year(info, text)
    tasks: list[Task] = []
    for start, end in _operative_regions(text, outline):
        lines = _parse_lines(text, start, end)
        used: set[int] = set()
        section_years = {}
        for line in lines:
            if line.kind in _SECTION_KINDS:
                ym = _HEADING_YEAR.search(text, line.content_start, line.end)
                if ym and line.end - line.content_start < 160:
                    section_years[line.section] = int(ym.group(1))
        doc = _Doc(text, year, tuple(sorted(reference_spans)), section_years)
        tasks += _tables(text, lines, doc, used)
        tasks += _structured(text, lines, doc, used)
        tasks += _unit_headings(text, lines, doc, used)
        tasks += _prose(text, lines, doc, used, info)
    tasks.sort(key=lambda t: t.span)
    return tasks


def _owner_index(lines: list[Line], i: int) -> int | None:
    """The nearest numbered/lettered item enclosing line ``i``."""
    target = None
    for kind, label in reversed(lines[i].section):
        if kind in _SECTION_KINDS:
            target = (kind, label)
            break
    if target is None:
        return None
    for j in range(i, -1, -1):
        if lines[j].kind == target[0] and lines[j].label == target[1] and lines[j].section[-1] == target:
            return j
    return None


def _structured(text: str, lines: list[Line], doc: _Doc, used: set[int]) -> list[Task]:
    blocks: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.field is None:
            continue
        owner = _owner_index(lines, i)
        if owner is None:
            continue
        blocks.setdefault(owner, []).append(i)
    tasks = []
    for owner, field_idx in blocks.items():
        lead: list[str] = []
        support: list[str] = []
        products: list[str] = []
        deadlines = []
        last = field_idx[-1]
        # continuation lines of the last field (e.g. "+ …" products) up to the next item
        j = last + 1
        while j < len(lines) and lines[j].field is None and lines[j].kind in {"plus", None} and _owner_index(lines, j) == owner:
            j += 1
        block_end = j - 1
        for i in field_idx:
            fm = lines[i].field
            role = _field_role(fm.group("label"))
            value = fm.group("value").strip()
            # sub-lines of this field
            k = i + 1
            extra = []
            while k <= block_end and lines[k].field is None and lines[k].kind in {"plus", None}:
                extra.append(text[lines[k].content_start:lines[k].end].strip())
                k += 1
            if role == "lead":
                lead += [u for u in split_units(value) if u not in lead]
            elif role == "support":
                support += [u for u in split_units(value) if u not in support]
            elif role == "products":
                for piece in [value, *extra]:
                    products += [p.strip(" .;") for p in piece.split(";") if p.strip(" .;")]
            else:
                value_end = lines[k - 1].end if extra else fm.end("value")
                deadlines += doc.deadlines(fm.start("value"), value_end, in_field=True, section=lines[i].section)
        for i in range(owner, block_end + 1):
            used.add(i)
        o = lines[owner]
        desc_line = o
        for i in range(owner + 1, field_idx[0]):
            if lines[i].kind is None and lines[i].field is None:
                desc_line = lines[i]
        description = regex.sub(r"\s+", " ", text[desc_line.content_start:desc_line.end]).strip().rstrip(":;")
        span = (o.start, lines[block_end].end)
        if not (lead or support or deadlines):
            continue
        tasks.append(Task(text=text[span[0]:span[1]], span=span, section=_section(o.section), description=description,
                          lead=lead, support=support, products=products, deadlines=deadlines))
    return tasks


# -- task tables ----------------------------------------------------------------------------------

_COLUMNS = [
    ("stt", regex.compile(r"(?i)^\s*(?:stt|tt|số\s+tt|số\s+thứ\s+tự)\s*$")),
    ("support", regex.compile(r"(?i)phối\s+hợp")),
    ("lead", regex.compile(r"(?i)chủ\s+trì|(?:đơn\s+vị|cơ\s+quan)\s+thực\s+hiện|đơn\s+vị\s+thực\s+hiện|trách\s+nhiệm\s+thực\s+hiện")),
    ("products", regex.compile(r"(?i)sản\s+phẩm|kết\s+quả")),
    ("time", regex.compile(r"(?i)thời\s+gian|thời\s+hạn|tiến\s+độ")),
    ("content", regex.compile(r"(?i)nội\s+dung|nhiệm\s+vụ|công\s+việc|tên\s+(?:nhiệm\s+vụ|đề\s+án|chương\s+trình)|hoạt\s+động")),
]


def _cells(text: str, line: Line) -> list[tuple[int, int]]:
    """The cells of a ``| a | b |`` row as spans of stripped text."""
    s, e = line.start, line.end
    row = text[s:e]
    bars = [i for i, ch in enumerate(row) if ch == "|"]
    if row.rstrip().endswith("|") is False:
        bars.append(len(row))
    out = []
    for a, b in zip(bars, bars[1:], strict=False):
        cs, ce = s + a + 1, s + b
        while cs < ce and text[cs] == " ":
            cs += 1
        while ce > cs and text[ce - 1] == " ":
            ce -= 1
        out.append((cs, ce))
    return out


def _header_columns(text: str, cells: list[tuple[int, int]]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for idx, (cs, ce) in enumerate(cells):
        cell = text[cs:ce]
        for name, pat in _COLUMNS:
            if name not in cols and pat.search(cell):
                cols[name] = idx
                break
    return cols if ("lead" in cols and ("content" in cols or "time" in cols)) else None


def _tables(text: str, lines: list[Line], doc: _Doc, used: set[int]) -> list[Task]:
    """``| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời gian hoàn thành |``:
    columns found by their headers, one task per row; a row without a number that only continues
    the cells of the row above (a table broken across pages) is joined to it."""
    tasks: list[Task] = []
    i = 0
    while i < len(lines):
        if not text.startswith("|", lines[i].start):
            i += 1
            continue
        j = i
        while j < len(lines) and text.startswith("|", lines[j].start):
            j += 1
        block = list(range(i, j))
        cols = None
        body_from = None
        for k in block[:3]:
            cols = _header_columns(text, _cells(text, lines[k]))
            if cols:
                body_from = k + 1
                break
        if cols:
            rows: list[list[int]] = []
            for k in range(body_from, j):
                cells = _cells(text, lines[k])
                if _header_columns(text, cells):
                    continue  # the header repeated on a new page
                stt = text[slice(*cells[cols["stt"]])] if "stt" in cols and cols["stt"] < len(cells) else ""
                if rows and not stt.strip() and "stt" in cols:
                    rows[-1].append(k)  # continued from the page before
                else:
                    rows.append([k])
            for row in rows:
                task = _table_task(text, lines, row, cols, doc)
                if task is not None:
                    tasks.append(task)
            used.update(block)
        i = j
    return tasks


def _table_task(text: str, lines: list[Line], row: list[int], cols: dict[str, int], doc: _Doc) -> Task | None:
    def column(name: str) -> tuple[str, list[tuple[int, int]]]:
        if name not in cols:
            return "", []
        spans = []
        for k in row:
            cells = _cells(text, lines[k])
            if cols[name] < len(cells) and cells[cols[name]][1] > cells[cols[name]][0]:
                spans.append(cells[cols[name]])
        return " ".join(text[a:b] for a, b in spans), spans

    lead_text, _ = column("lead")
    support_text, _ = column("support")
    content, _ = column("content")
    products_text, _ = column("products")
    time_text, time_spans = column("time")
    stt, _ = column("stt")
    lead = split_units(lead_text, lenient=True, cut_at_verb=False) or ([lead_text.strip()] if lead_text.strip() else [])
    support = (split_units(support_text, lenient=True, cut_at_verb=False)
               or ([support_text.strip()] if support_text.strip() else []))
    deadlines = []
    for a, b in time_spans:
        deadlines += doc.deadlines(a, b, in_field=True, section=lines[row[0]].section)
    if not lead and not deadlines:
        return None  # a group heading row ("I", "Cải cách thể chế")
    span = (lines[row[0]].start, lines[row[-1]].end)
    section = _section(lines[row[0]].section)
    if stt.strip():
        section = f"{section}.{stt.strip().rstrip('.')}" if section else stt.strip().rstrip(".")
    products = [p.strip(" .;") for p in regex.split(r";|\n", products_text) if p.strip(" .;")]
    return Task(text=text[span[0]:span[1]], span=span, section=section, description=regex.sub(r"\s+", " ", content).strip(),
                lead=lead, support=support, products=products, deadlines=deadlines)


def _unit_headings(text: str, lines: list[Line], doc: _Doc, used: set[int]) -> list[Task]:
    """``1. Sở Tư pháp`` followed by ``- Chủ trì …`` items: one task per duty item."""
    tasks = []
    for i, line in enumerate(lines):
        if i in used or line.kind not in _SECTION_KINDS:
            continue
        content = text[line.content_start:line.end].strip().rstrip(":.")
        if len(content) > 90 or _verb_re().search(content):
            continue
        units = split_units(content)
        if len(units) != 1 or units[0] != content:
            continue
        j = i + 1
        while j < len(lines) and lines[j].kind in {"dash", "plus"} and len(lines[j].section) > len(line.section) - 1:
            if j in used or lines[j].kind != "dash":
                j += 1
                continue
            dl = lines[j]
            tasks.append(_item_task(text, dl, units, doc.deadlines(dl.content_start, dl.end, section=dl.section)))
            used.add(j)
            j += 1
        if j > i + 1:
            used.add(i)
    return tasks


def _item_task(text: str, item: Line, lead: list[str], deadlines: list) -> Task:
    """The task of an item listed under the unit that does it (a heading, or "X có trách nhiệm:")."""
    return Task(text=text[item.start:item.end], span=(item.start, item.end), section=_section(item.section),
                description=text[item.content_start:item.end].strip(), lead=list(lead),
                support=_support_in(text, item.content_start, item.end), deadlines=deadlines)


_ASSIGN = regex.compile(r"(?P<cue>Giao\s+cho|Giao|Đề\s+nghị|Yêu\s+cầu|Phân\s+công)\s+", regex.I)
# "Sở Nội vụ đề nghị các cơ quan …", "Chủ tịch UBND tỉnh giao Sở Tài chính …": who asks is not who acts
_REQUESTER = regex.compile(r"(?P<who>[^,.;:()]{2,80}?)\s+(?P<cue>đề\s+nghị|yêu\s+cầu|giao(?:\s+cho)?)\s+(?=\S)")


def _requested(text: str, s: int, e: int) -> regex.Match | None:
    m = _REQUESTER.match(text, s, e)
    if m and _one_unit(m.group("who")):
        return m
    return None


def _one_unit(value: str) -> bool:
    """``value`` is one unit's name (or an office holder's) and nothing more."""
    value = regex.sub(r"\s+", " ", value.strip())
    return len(value) <= 90 and split_units(value) == [value]
_GENERIC_MORE = regex.compile(r"(?:đơn\s+vị|cơ\s+quan|ban|ngành|phòng|địa\s+phương|tổ\s+chức|doanh\s+nghiệp)\b")
_LEAD_IN = regex.compile(
    r"(?i)(?:Để|Nhằm|Trên\s+cơ\s+sở|Căn\s+cứ|Sau\s+khi|Theo|Thực\s+hiện|Trong\s+năm|Từ\s+nay|Trong\s+trường\s+hợp|"
    r"Trường\s+hợp|Nếu|Khi|Trong\s+quá\s+trình|Hằng\s+năm|Hàng\s+năm|Định\s+kỳ)\b"
)
_PHOI_HOP = regex.compile(r"(?i)phối\s+hợp(?:\s+(?:chặt\s+chẽ\s+)?với)?\s+")
_PAREN_SUPPORT = regex.compile(r"\((?P<who>[^()]{3,120}?)\s+phối\s+hợp\)")
_NOT_TASK = regex.compile(
    r"(?i)(?:thi\s+hành|thực\s+hiện|triển\s+khai|quán\s+triệt)[^.]{0,80}(?:Quyết\s+định|Kết\s+luận|Kế\s+hoạch|Chỉ\s+thị|"
    r"Thông\s+tư|Nghị\s+định|Công\s+văn|Thông\s+báo|văn\s+bản)\s+này\s*\./\.|(?:nếu|khi)\s+có\s+(?:khó\s+khăn|vướng\s+mắc|phát\s+sinh)|chịu\s+trách\s+nhiệm\s+thi\s+hành|(?:chịu|có)\s+trách\s+nhiệm\s+(?:triển\s+khai\s+)?(?:tổ\s+chức\s+)?(?:thực\s+hiện|thi\s+hành)\s+(?:Nghị\s+định|Quyết\s+định|Thông\s+tư|Chỉ\s+thị|Kế\s+hoạch|Luật)\s+này\s*\.?\s*$|trên\s+đây\s+là|thông\s+báo\s+để\s+(?:các\s+)?(?:cơ\s+quan|đơn\s+vị|tổ\s+chức)|"
    # closing courtesies: "đề nghị các cơ quan, đơn vị quan tâm phối hợp thực hiện./.", "để … biết, thực hiện./."
    r"quan\s+tâm(?:,)?\s+(?:phối\s+hợp(?:,)?\s+)?(?:thực\s+hiện|triển\s+khai)\s*\./\.|"
    r"\bbiết(?:,|\s+và)\s+(?:phối\s+hợp\s+)?thực\s+hiện\s*\./\."
)
_REPORT_FUTURE = regex.compile(r"(?i)phương\s+hướng|nhiệm\s+vụ|giải\s+pháp|kiến\s+nghị|đề\s+xuất|tổ\s+chức\s+thực\s+hiện")
# a sentence ends at ". ", or where a portal lost the period before a new clause ("… Nghị định này Trong
# trường hợp cần thiết …", corpus-real 005)
# where a sentence ends: after . ! ? before a space or the line's end, or before "Trường hợp …"
_SENTENCE_BREAK = regex.compile(r"[.!?](?=\s|$)|(?<=\p{Ll})(?=\s(?:Trong\s+trường\s+hợp|Trường\s+hợp)\s)")


def _sentences(text: str, start: int, end: int):
    """(start, end) of the sentences of ``text[start:end]``, in one linear pass (a single
    lazy regex for whole sentences backtracked quadratically on long lines without a full stop)."""
    s = start
    for m in _SENTENCE_BREAK.finditer(text, start, end):
        if m.end() > s:
            yield s, m.end()
            s = m.end()
    if s < end:
        yield s, end


def _support_in(text: str, start: int, end: int) -> list[str]:
    out: list[str] = []
    for m in _PHOI_HOP.finditer(text, start, end):
        got = _units_until_verb(text, m.end(), end)
        out += [u for u in got if u not in out]
    for m in _PAREN_SUPPORT.finditer(text, start, end):
        out += [u for u in split_units(m.group("who")) if u not in out]
    return out


def _units_until_verb(text: str, pos: int, end: int) -> list[str]:
    verb = _verb_re().search(text, pos, end)
    stop = verb.start() if verb else end
    # a parenthesis belongs to the unit: "Chính quyền (Phòng Quản lý Công nghệ và Chuyên ngành)"
    chunk = text[pos:stop]
    chunk = regex.split(r"[.;:]", chunk)[0]
    pieces: list[str] = []
    for piece in regex.split(r",\s*(?![^()]*\))", chunk):
        piece = piece.strip()
        if not piece:
            continue
        if pieces and regex.search(r"\btỉnh$", pieces[-1]) and regex.match(r"thành\s+phố\b", piece):
            # "Ủy ban nhân dân tỉnh, thành phố sở tại": one unit
            pieces[-1] = _trim_unit(pieces[-1] + ", " + piece)
            continue
        if pieces and _GENERIC_MORE.match(piece) and regex.match(r"(?i)các\s", pieces[-1]):
            # "các phòng, cơ quan hành chính trực thuộc Sở": one generic unit
            pieces[-1] = _trim_unit(pieces[-1] + ", " + piece)
            continue
        if (pieces and piece[:1].islower() and len(piece.split()) <= 3
                and not any(w in _UNIT_STOP or _verb_re().match(w) for w in piece.split())):
            pieces[-1] = pieces[-1] + ", " + piece  # "Phòng Công tác văn thư, lưu trữ"
            continue
        if _head_re().match(piece) or regex.match(r"[\p{Lu}]", piece):
            pieces += split_units(piece) or ([piece] if regex.match(r"[\p{Lu}][\p{L}]*(?:\s+[\p{L}]+){0,3}\s*\(.*\)$", piece) else [])
        else:
            break
    return pieces


_AIM = r"(?:mục\s+đích|yêu\s+cầu|quan\s+điểm|mục\s+tiêu|căn\s+cứ|sự\s+cần\s+thiết)"
_NOT_OPERATIVE = regex.compile(rf"(?i)^\s*{_AIM}(?:[\s,]+(?:và\s+)?{_AIM})*\s*[.:]?\s*$")


def _in_report_past(lines: list[Line], i: int, text: str, info: DocumentInfo) -> bool:
    """Lines that assign nothing: a report's account of the past, a plan's aims and requirements."""
    path = lines[i].section
    for k, (kind, _label) in enumerate(path):
        if kind not in _SECTION_KINDS:
            continue
        for line in lines[:i + 1]:
            if line.kind is not None and line.section == path[:k + 1]:
                heading = text[line.content_start:line.end]
                if _NOT_OPERATIVE.match(heading):
                    return True
    if info.type != "bao_cao":
        return False
    for k, (kind, _label) in enumerate(path):
        if kind == "roman":
            for line in lines:
                if line.kind == "roman" and line.section == path[:k + 1]:
                    return not _REPORT_FUTURE.search(text[line.content_start:line.end])
    return True


def _prose(text: str, lines: list[Line], doc: _Doc, used: set[int], info: DocumentInfo) -> list[Task]:
    tasks = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in used or line.field is not None or _in_report_past(lines, i, text, info):
            i += 1
            continue
        if not line.section and regex.match(r"(?i)căn\s+cứ|theo\s+đề\s+nghị|xét\s+đề\s+nghị",
                                            text[line.content_start:line.end]):
            i += 1
            continue
        quoted = any(kind == "quote" for kind, _ in line.section)
        if quoted and not _DUTIES.search(text[line.content_start:line.end]):
            i += 1
            continue  # amended wording: only its explicit duty lists are assignments
        current: Task | None = None
        for s, e in _sentences(text, line.content_start, line.end):
            while s < e and text[s] == " ":
                s += 1
            task = _unit_heading_task(text, s, e, line) or _prose_task(text, s, e, doc, line)
            if task is None:
                if current is not None and not _NOT_TASK.search(text[s:e]):
                    # the sentences after an assignment go on with it ("Báo cáo Giám đốc Sở hàng tháng …")
                    current.deadlines += doc.deadlines(s, e, section=line.section)
                    current.span = (current.span[0], e)
                    current.text = text[current.span[0]:e]
                continue
            current = task
            if _REQUEST_INTRO.search(text, s, e) and e >= line.end - 1:
                for j in _items_below(lines, i, used):
                    dl = lines[j]
                    own = _prose_task(text, dl.content_start, dl.end, doc, dl)
                    deadlines = doc.deadlines(dl.content_start, dl.end, section=dl.section)
                    if own is None and not any(x.end or x.start or x.recurrence for x in deadlines):
                        continue  # "thường xuyên theo dõi …" is a manner, not a time limit
                    tasks.append(own or _item_task(text, dl, task.lead, deadlines))
                    used.add(j)
                current = None
                continue
            if (_DUTIES.search(text[s:e]) or _UNIT_HEADING.fullmatch(text, s, e)) and e >= line.end - 1:
                # "Vụ Bảo hiểm y tế có trách nhiệm:" + "a) …", "b) …": one task per duty, led by the unit
                items = _items_below(lines, i, used)
                if items:
                    for j in items:
                        dl = lines[j]
                        body = text[dl.content_start:dl.end]
                        if _DEFINITION_ITEM.match(body):
                            used.add(j)
                            continue
                        tasks.append(_item_task(text, dl, task.lead,
                                                doc.deadlines(dl.content_start, dl.end, section=dl.section)))
                        used.add(j)
                    current = None
                    continue
            # "… cụ thể như sau:" takes the bullet lines beneath it
            if text[s:e].rstrip().endswith(":") and e >= line.end - 1:
                j = i + 1
                while j < len(lines) and lines[j].kind in {"dash", "plus"} and j not in used:
                    dl = lines[j]
                    # "- Báo cáo quý I: Trước ngày 03/3/2023." — the time is the value after the label
                    colon = text.find(": ", dl.content_start, dl.end)
                    vs = colon + 2 if colon >= 0 else dl.content_start
                    task.deadlines += doc.deadlines(vs, dl.end, section=dl.section)
                    task.span = (task.span[0], dl.end)
                    used.add(j)
                    j += 1
                task.text = text[task.span[0]:task.span[1]]
            tasks.append(task)
        i += 1
    return tasks


_DEFINITION = regex.compile(r"\s*(?:là|gồm|bao\s+gồm|có\s+(?:tư\s+cách|con\s+dấu|chức\s+năng)|hoạt\s+động\s+theo)\b")
_DEFINITION_ITEM = regex.compile(r"[^,;:]{0,100}?\s(?:là|gồm|bao\s+gồm)[\s:]")
_UNIT_HEADING = regex.compile(r"(?P<unit>[^:;.()]{3,120}?)(?:\s*\([^()]{1,60}\))?\s*:\s*$")


def _unit_heading_task(text: str, s: int, e: int, line: Line) -> Task | None:
    """``a) Chi cục Hải quan nơi đăng ký tờ khai (nơi đi):`` — a unit alone before its duties."""
    m = _UNIT_HEADING.fullmatch(text, s, e)
    if not m:
        return None
    name = m.group("unit").strip()
    if not _head_re().match(name) or _verb_re().search(name.split(" nơi ")[0]):
        return None
    return Task(text=text[s:e], span=(s, e), section=_section(line.section), description=text[s:e].strip(),
                lead=[regex.sub(r"\s+", " ", name)])
_DUTIES = regex.compile(
    r"(?i)(?:(?:có|chịu)\s+trách\s+nhiệm|có\s+(?:các\s+)?nhiệm\s+vụ(?:,\s*quyền\s+hạn)?(?:\s+sau(?:\s+đây)?)?|"
    r"thực\s+hiện\s+các\s+nhiệm\s+vụ\s+sau(?:\s+đây)?)\s*:\s*$"
)
# "Sở Nội vụ đề nghị các cơ quan, đơn vị thực hiện một số nội dung sau:" + "1. …", "2. …": an item
# that names its own unit is that unit's; one that names none is the requested units' if it has a
# deadline (SPEC: an item with no unit and no deadline is not a task)
_REQUEST_INTRO = regex.compile(
    r"(?i)(?:thực\s+hiện|triển\s+khai)\s+(?:tốt\s+)?(?:một\s+số|các|những)\s+(?:nội\s+dung|nhiệm\s+vụ|công\s+việc|việc)"
    r"(?:\s+(?:cụ\s+thể|chủ\s+yếu|trọng\s+tâm))?\s+(?:sau(?:\s+đây)?|như\s+sau)\s*:\s*$"
)


def _items_below(lines: list[Line], i: int, used: set[int]) -> list[int]:
    """The list items right under line ``i`` (deeper in the outline), not yet used."""
    depth = len(lines[i].section)
    out = []
    j = i + 1
    while j < len(lines) and lines[j].kind is not None and len(lines[j].section) > depth and j not in used:
        if len(lines[j].section) == depth + 1 or lines[j].kind in {"dash", "plus"} and not out:
            out.append(j)
        j += 1
    return out


# "… thể hiện thông tin về: Chi cục Thuế đặt in hóa đơn; năm …": a colon that opens a list of what
# something holds, not the unit that is to act
_ENUMERATES = regex.compile(r"(?i)\blà\b|\b(?:về|gồm|bao\s+gồm|các|những)\s*$")


def _prose_task(text: str, s: int, e: int, doc: _Doc, line: Line) -> Task | None:
    sentence = text[s:e]
    if _NOT_TASK.search(sentence):
        return None
    if _section(line.section) is None and sentence.rstrip().endswith(":") and not _REQUEST_INTRO.search(sentence):
        return None  # the opening that introduces the items below (unless it assigns them to a unit)
    lead: list[str] = []
    person = None
    a = _ASSIGN.match(text, s, e) or _requested(text, s, e)
    pos = a.end() if a else s
    pm = _PERSON.match(text, pos, e)
    if pm:
        person = pm.group()
        lead = [person]
        after = pm.end()
    else:
        got = unit_at(text, pos, e, lenient=a is not None)
        if not got and a is None:
            # "c) Kiểm tra việc chấp hành … (…): Tổ Công tác của Sở thực hiện …"
            colon = regex.search(r":\s+(?=[\p{Lu}])", sentence)
            if colon and not _ENUMERATES.search(sentence[:colon.start()]):
                got = unit_at(text, s + colon.end(), e)
        if not got and a is None and _LEAD_IN.match(text, s, e):
            # "Để …, các phòng, đơn vị chủ động …", "Căn cứ chức năng, nhiệm vụ, các phòng …"
            for c in regex.finditer(r",\s+", text[s:e]):
                asked = _requested(text, s + c.end(), e)  # "Thực hiện …, Sở Nội vụ đề nghị các cơ quan …"
                got = unit_at(text, asked.end() if asked else s + c.end(), e, lenient=asked is not None)
                if got:
                    a = a or asked
                    break
        if not got:
            return None
        lead, after = got
        if not a and not _verb_re().match(text, after, e):
            return None
        if _DEFINITION.match(text, after, e):
            return None  # "Văn phòng Hội đồng là đơn vị …": what a unit is, not what it must do
        # the promulgation clause ("Bộ trưởng Bộ Tài chính ban hành Thông tư …") assigns nothing
        if not line.section and _PROMULGATES.match(text, after, e):
            return None
        # past activities (a report) and conditions ("đơn vị nào … thì …") assign nothing
        if (regex.match(r"\s*đã\b", text[after:after + 10]) or regex.search(r"\bđã\s*$", text[s:after])
                or regex.search(r"\bnào\b", text[s:after])):
            return None
    support = [u for u in _support_in(text, after, e) if u not in lead]
    deadlines = doc.deadlines(s, e, section=line.section)
    description = regex.sub(r"\s+", " ", sentence).strip()
    return Task(text=sentence, span=(s, e), section=_section(line.section), description=description,
                lead=lead, support=support, products=[], deadlines=deadlines)
