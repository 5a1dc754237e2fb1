"""Tasks: who must do what, with whom, producing what, by when (SPEC ``tasks``).

The finder reads the document's structure (:mod:`extract.structure`), never the raw lines:

1. **task tables**, whatever their shape (:mod:`extract.tables`): one task per row that names a
   lead unit or a time (rule 9);
2. **items with field lines** (``Đơn vị chủ trì: …``, ``Thời gian: …``, ``rules/fields.yaml``):
   one task per item;
3. **a unit as a heading**, or a sentence that introduces its duties (``X có trách nhiệm:``,
   ``…, giao X:``): one task per duty beneath, that unit as lead (rules 6–7);
4. **prose**: ``Giao X …``, ``Đề nghị X …``, ``X chủ trì, phối hợp với Y …``, ``A giao B …``.

Cue phrases, markers, field labels and column headers are data (``rules/cues.yaml``,
``markers.yaml``, ``fields.yaml``, ``columns.yaml``); units come from :mod:`extract.units`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from . import rules
from .dates import month_end
from .deadlines import clock_deadlines, event_deadlines
from .deadlines import parse as parse_deadlines
from .models import Deadline, DocumentInfo, Task
from .outline import Outline
from .patterns import rx
from .rules import fold
from .structure import Block, Structure, _marker, build, field_at, is_heading_text, section_kinds, section_of
from .tables import Table, _starts_re
from .tables import _UnitStart as _UNIT_START
from .textmap import LinePattern
from .units import (
    _collective_re,
    _distinct_re,
    _is_collective,
    _verb_re,
    defined_names,
    names_defined,
    opens_with_a_unit,
    person_re,
    split_units,
    unit_at,
)

Span = tuple[int, int]


# -- cue phrases ------------------------------------------------------------------------------------

@cache
def cues() -> dict:
    return rules.load("cues")


def _cue_alternation(group: str) -> str:
    return rules.phrases(cues()[group]["phrases"], optional_commas=True)


@cache
def _assign_re() -> regex.Pattern:
    return regex.compile(rf"(?i:(?P<cue>{_cue_alternation('assign')}))\s+(?=\S){_NOT_A_CUE}")


@cache
def _directs_first_re() -> regex.Pattern:
    """A duty that opens by directing a body (rules/cues.yaml directs): the heading unit's (rule 7)."""
    return regex.compile(rf"[-+•–]?\s*(?i:{_cue_alternation('directs')})\s+(?=\S)")


@cache
def _request_re() -> regex.Pattern:
    # "Chủ tịch Ủy ban nhân dân tỉnh giao Công an tỉnh …": who asks is not who acts (rule 7)
    return regex.compile(rf"(?P<who>[^,.;:()]{{2,120}}?)\s+(?P<cue>{_cue_alternation('request')})\s+(?=\S){_NOT_A_CUE}")


# "giao" of "giao thông", "giao dịch", "giao ban": a noun, no one is given work ("Giao Ban Quản lý …" is a cue)
_NOT_A_CUE = r"(?!(?<=(?i:giao)\s+)(?:thông|dịch|lưu|thương|ban|tiếp|nhận)(?![\p{L}]))"


def _cue_word_re(group: str, after: str) -> regex.Pattern:
    """A cue of ``group`` standing as words of its own, then ``after``."""
    return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{_cue_alternation(group)}){after}")


@cache
def _support_re() -> regex.Pattern:
    return _cue_word_re("support", r"\s+")


@cache
def _co_lead_re() -> regex.Pattern:
    return _cue_word_re("co_lead", r"\s+")


@cache
def _lead_cue_re() -> regex.Pattern:
    return _cue_word_re("lead", r"(?![\p{L}])")


@cache
def _duty_intro_re() -> regex.Pattern:
    return regex.compile(rf"(?i)(?:^|(?<![\p{{L}}]))(?:{_cue_alternation('duty_intro')})\s*:\s*$")


@cache
def _topics_intro_re() -> regex.Pattern:
    return regex.compile(rf"(?i)(?:^|(?<![\p{{L}}]))(?:{_cue_alternation('topics_intro')})\s*:\s*$")


@cache
def _members_intro_re() -> regex.Pattern:
    return regex.compile(rf"(?i)(?:^|(?<![\p{{L}}]))(?:{_cue_alternation('members_intro')})\s*:\s*$")


@cache
def _speaker_intro_re() -> regex.Pattern:
    bare = cues()["speaker_intro"].get("bare")
    bare_alt = f"|(?i:{rules.phrases(bare)})" if bare else ""  # "…, Ban Thường vụ Huyện ủy yêu cầu:"
    return regex.compile(rf"\s*(?:(?i:{_cue_alternation('speaker_intro')})\s+(?:như\s+sau|(?:một\s+số\s+|các\s+)?"
                         rf"(?:nội\s+dung|ý\s+kiến|vấn\s+đề|việc)\s+(?:như\s+)?sau(?:\s+đây)?){bare_alt})\s*:\s*$")


def _speaks(ctx: _Context, who: tuple[Assignees, int] | None, e: int) -> bool:
    """``Giám đốc Sở kết luận như sau:``: the units found are the speaker, not the doers of the items below;
    ``Sở Văn hóa, Thể thao và Du lịch ban hành Chương trình công tác năm 2027 như sau:``: the issuer."""
    return who is not None and (_speaker_intro_re().match(ctx.text, who[1], e) is not None
                                or _ISSUES_THIS.match(ctx.text, who[1], e) is not None)


_ISSUES_THIS = regex.compile(r"\s*(?:ban\s+hành|xây\s+dựng)\s+(?:Kế\s+hoạch|Chương\s+trình|Đề\s+án|Quy\s+chế|Hướng\s+dẫn)\b"
                             r"[^.;:]{0,160}?(?:như\s+sau|sau\s+đây|sau)\s*:\s*$")


def _lists_members(ctx: _Context, i: int) -> bool:
    """``…, gồm các ông, bà có tên sau:``: the items below are a body's members, no one's work."""
    return _members_intro_re().search(ctx.structure.blocks[i].text(ctx.text).rstrip()) is not None


@cache
def _heading_prefix_re() -> regex.Pattern:
    return regex.compile(rf"(?i:{_cue_alternation('heading_prefix')})\s+(?=\S)")


@cache
def _not_operative_re() -> regex.Pattern:
    alts = "|".join(fold(p) for p in cues()["not_operative"]["phrases"])
    return regex.compile(rf"^(?:{alts})\b")


@cache
def _not_task_res() -> tuple[regex.Pattern, ...]:
    # one pattern each: an alternation of them all is searched at every position of the sentence, while
    # most of them open with a literal word or an anchor the regex module can look for first (issue 15:
    # 3.8 times faster, the same answers)
    return tuple(regex.compile(p, regex.I) for p in cues()["not_task"]["patterns"])


def is_not_task(sentence: str) -> bool:
    return any(p.search(sentence) is not None for p in _not_task_res())


_PROMULGATES = regex.compile(
    r"\s*ban\s+hành\s+(?:Thông\s+tư|Nghị\s+định|Quyết\s+định|Luật|Chỉ\s+thị|Kế\s+hoạch|Nghị\s+quyết|Quy\s+chế|Quy\s+định|"
    r"(?:Chương\s+trình|Đề\s+án)(?=[^.;:]{0,40}\bsố\s+\d))"
)
_DEFINITION = regex.compile(r"\s*(?:là\s+(?!(?:cơ\s+quan|đơn\s+vị)\s+(?:chủ\s+trì|thường\s+trực|đầu\s+mối)|đầu\s+mối)|gồm|bao\s+gồm|"
                            r"có\s+(?:tư\s+cách|con\s+dấu|chức\s+năng)|hoạt\s+động\s+theo)\b")
_LEAD_IN = regex.compile(
    r"(?i)(?:Để|Nhằm|Trên\s+cơ\s+sở|Căn\s+cứ|Sau\s+khi|Theo|Thực\s+hiện|Trong\s+năm|Từ\s+nay|Trong\s+trường\s+hợp|"
    r"Trường\s+hợp|Nếu|Khi|Trong\s+quá\s+trình|Hằng\s+năm|Hàng\s+năm|Định\s+kỳ|Đồng\s+thời|Ngoài\s+ra|Bên\s+cạnh\s+đó|"
    r"Qua\s+xem\s+xét|Sau\s+khi\s+xem\s+xét|Xét\s+đề\s+nghị|Theo\s+đề\s+nghị|Trước\s+tình\s+hình|"
    # a time first: "Quý I/2027, các cơ quan, đơn vị …", "Trước ngày 15/3/2026, …"
    r"(?:Trong\s+)?(?:[Qq]uý\s+(?:IV|III|II|I|[1-4])|[Tt]háng\s+\d)|Trước\s+ngày|Chậm\s+nhất|Năm\s+(?:19|20)\d\d|Ngày\s+\d)\b"
)
_PAREN_SUPPORT = regex.compile(r"\((?P<who>[^()]{3,120}?)\s+phối\s+hợp\)")
# where a sentence ends: . ! ? before a space or the line's end, or before "Trường hợp …"
_SENTENCE_BREAK = regex.compile(r"[.!?](?=\s|$)|(?<=\p{Ll})(?=\s(?:Trong\s+trường\s+hợp|Trường\s+hợp)\s)")
_NOUN_UNIT = regex.compile(r"(?:đơn\s+vị|cơ\s+quan|ban|ngành|phòng|địa\s+phương|tổ\s+chức|doanh\s+nghiệp)\b")


def _sentences(text: str, start: int, end: int):
    """(start, end) of the sentences of ``text[start:end]``, in one linear pass."""
    s = start
    for m in _SENTENCE_BREAK.finditer(text, start, end):
        if m.end() > s:
            yield s, m.end()
            s = m.end()
    if s < end:
        yield s, end


@dataclass(frozen=True, slots=True)
class Assignees:
    lead: tuple[str, ...]
    support: tuple[str, ...] = ()


# -- the year a document is about ------------------------------------------------------------------

_SINGLE_YEAR = regex.compile(r"(?i)(?<!đến\s)(?<!từ\s)(?<!tầm\s+nhìn\s)(?<!tầm\s+nhìn\s+đến\s)\bnăm\s+((?:19|20)\d\d)(?![\d/\-–])(?!\s*[-–]\s*\d)")
_PERIOD_YEAR = regex.compile(r"(?i)\bnăm\s+((?:19|20)\d\d)\b")
_RANGE = regex.compile(r"(?i)(?:giai\s+đoạn|từ\s+năm|đến\s+năm|tầm\s+nhìn|(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d)")
_HEADING_MONTH = regex.compile(r"(?i)\btháng\s+(\d{1,2})\s*(?:/|năm)\s*((?:19|20)\d\d)")
_HEADING_YEAR = regex.compile(r"(?i)\bnăm\s+((?:19|20)\d\d)\s*[.:]?\s*$")


_CITED_DATE = regex.compile(r"(?i)ngày\s+\d{1,2}\s*(?:tháng\s+\d{1,2}\s+năm\s+|[/.-]\s*\d{1,2}\s*[/.-]\s*)(?:19|20)\d\d")


def _single_year(text: str) -> int | None:
    """The one year a title or heading names (``Kế hoạch … năm 2025``), not a period
    (``đến năm 2030``, ``giai đoạn 2026 - 2030``), nor the date of a document it cites
    (``thực hiện Kết luận số 210-KL/TW ngày 12 tháng 11 năm 2025``: SPEC rule 5)."""
    text = _CITED_DATE.sub(" ", text or "")
    if not text or _RANGE.search(text):
        return None
    years = {m.group(1) for m in _SINGLE_YEAR.finditer(text)}
    return int(years.pop()) if len(years) == 1 else None


def document_year(info: DocumentInfo, text: str) -> int | None:
    """The year a year left out means (SPEC rules 4–5): the title's one year, else the date's."""
    year = _single_year(info.title or "")
    if year:
        return year
    if info.date:
        return int(info.date[:4])
    m = rx(r"ngày\s+(?:\d{1,2}\s+)?tháng\s+(?:\d{1,2}\s+)?năm\s+((?:19|20)\d\d)").search(text[:3000])
    if m:
        return int(m.group(1))
    m = rx(r"năm\s+((?:19|20)\d\d)").search(text[:3000])
    return int(m.group(1)) if m else None


@dataclass(slots=True)
class _Period:
    """What a section heading says of time: its year, its month, a deadline it sets."""

    year: int | None = None
    month: int | None = None
    deadlines: tuple[Deadline, ...] = ()


# -- the finder -------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Context:
    text: str
    structure: Structure
    info: DocumentInfo
    year: int | None  # the year a year left out means
    period: int | None  # the one year of the title, for ongoing and recurring work (rule 4)
    reference_spans: tuple[Span, ...] = ()
    tasks: list[Task] = field(default_factory=list)
    periods: dict[int, _Period] = field(default_factory=dict)
    consumed: set[int] = field(default_factory=set)  # blocks read as part of another's task
    day: str | None = None  # the one date of the event a programme is for (clock times fall on it)


# legal normative documents (Luật Ban hành văn bản quy phạm pháp luật 2025): their rules bind whom they
# concern; only state bodies are given work (real-023: "Các tổ chức quản lý nền tảng … thực hiện kê khai …")
_NORMATIVE = {"luat", "bo_luat", "hien_phap", "phap_lenh", "nghi_dinh", "thong_tu", "thong_tu_lien_tich"}
_PRIVATE = regex.compile(r"(?i)(?:các|mỗi|những)?\s*(?:tổ\s+chức|cá\s+nhân|doanh\s+nghiệp|người|hộ|cơ\s+sở|nhà\s+đầu\s+tư|"
                         r"chủ\s+đầu\s+tư|đối\s+tượng|bên)\b")


def _operative_regions(text: str, outline: Outline) -> list[Span]:
    start, end = outline.header_end, outline.body_end or len(text)
    regions = [(start, end)] if end > start else []
    closing = [sp[1] for sp in (outline.recipients_span, outline.signature_span) if sp and sp[0] >= end - 1]
    tail = max(closing, default=None)
    if tail is not None and tail < len(text) - 20:
        regions.append((tail, len(text)))
    return regions


def find_tasks(text: str, outline: Outline, info: DocumentInfo,
               reference_spans: tuple[Span, ...] = ()) -> list[Task]:
    """Tasks of the operative parts of ``text``: the body, and what follows the signature (the plan
    a decision issues "kèm theo", appendices with task tables). The header, the signature and
    ``Nơi nhận`` are never tasks. ``reference_spans``: where references stand (their dates are no
    deadlines)."""
    year = document_year(info, text)
    period = _single_year(info.title or "")
    tasks: list[Task] = []
    day = _event_day(text, year)
    with names_defined(defined_names(text)):
        for start, end in _operative_regions(text, outline):
            structure = build(text, start, end)
            ctx = _Context(text, structure, info, year, period, tuple(sorted(reference_spans)), day=day)
            _visit_all(ctx, structure.roots, None)
            tasks += ctx.tasks
    tasks.sort(key=lambda t: t.span)
    return tasks


def _event_day(text: str, year: int | None) -> str | None:
    """The day of the event a programme is for: the one date of the document's ``Thời gian:`` lines
    outside table rows (``Thời gian: ½ ngày, bắt đầu lúc 08h00, ngày 09/10/2025``). A time column that
    holds a clock time (``08h00 - 08h10``) falls on it. Read once per document."""
    days = set()
    for m in _TEXT_LINE.finditer(text):
        # "1. Thời gian: 01 buổi, khai mạc lúc 07 giờ 30 phút, thứ Sáu, ngày 22/01/2027": after its marker
        f = field_at(text, _marker(text, m.start(), m.end())[2], m.end())
        if f is None or f.role != "time":
            continue
        s, e = f.value
        days |= {d.start for d in parse_deadlines(text[s:e], s, year) if d.start and d.start == d.end}
    return days.pop() if len(days) == 1 else None


_TEXT_LINE = LinePattern(r"[^|\n].*$")  # a line that is no table row


def _block_period(ctx: _Context, i: int) -> _Period:
    """The year, month and deadline a heading sets for what lies beneath (``NHIỆM VỤ CẦN TRIỂN KHAI
    NGAY TRONG THÁNG 12/2025``, ``II. NHIỆM VỤ … NĂM 2026``)."""
    if i in ctx.periods:
        return ctx.periods[i]
    b = ctx.structure.blocks[i]
    out = _Period()
    content = b.text(ctx.text)
    heading = is_heading_text(content) or len(content) < 160 and not content.rstrip().endswith((".", ";", ":"))
    if b.marker in section_kinds() and heading and (is_heading_text(content) or b.children):
        m = _HEADING_MONTH.search(content)
        if m and 1 <= int(m.group(1)) <= 12:
            out.year, out.month = int(m.group(2)), int(m.group(1))
            out.deadlines = tuple(d for d in parse_deadlines(content, b.content[0], out.year) if d.start or d.end)
        else:
            out.year = _single_year(content) if _HEADING_YEAR.search(content) or is_heading_text(content) else None
    ctx.periods[i] = out
    return out


def _periods_above(ctx: _Context, i: int) -> list[_Period]:
    return [_block_period(ctx, a) for a in [i, *ctx.structure.ancestors(i)]]


def _deadlines(ctx: _Context, spans: list[Span], i: int, in_field: bool = False) -> list[Deadline]:
    """Time expressions in the task's text; dates inside references are not deadlines. A year left
    out is the year of the innermost heading that names one, else the document's; ongoing and
    recurring work takes the period of that heading, or the title's one year (rule 4). A task with
    no time of its own takes a deadline its heading sets."""
    periods = _periods_above(ctx, i)
    year = next((p.year for p in periods if p.year), ctx.year)
    period = next(((p.year, p.month) for p in periods if p.year), (ctx.period, None))
    out: list[Deadline] = []
    for s, e in spans:
        exclude = tuple(sp for sp in ctx.reference_spans if sp[0] < e and s < sp[1])
        found = parse_deadlines(ctx.text[s:e], s, year, in_field=in_field, exclude=exclude)
        found += event_deadlines(ctx.text, s, e, [d.span for d in found], in_field)
        if in_field and not found and ctx.day:
            found = clock_deadlines(ctx.text, s, e, ctx.day)
        out += found
    for d in out:
        if (d.ongoing or d.recurrence) and not (d.start or d.end):
            py, pm = period
            if py and pm:
                d.start, d.end = f"{py}-{pm:02d}-01", month_end(py, pm)
            elif py:
                d.start, d.end = f"{py}-01-01", f"{py}-12-31"
    if not out:
        for p in periods:
            if p.deadlines:
                out = [_copy(d) for d in p.deadlines]
                break
    out.sort(key=lambda d: d.span)
    return out


def _skip(ctx: _Context, i: int) -> bool:
    """Parts that assign nothing: a plan's purposes and targets, a report's account of the past."""
    b = ctx.structure.blocks[i]
    if b.marker in section_kinds() and b.content[1] - b.content[0] < 400:  # folded, ≥ 160 beyond that
        raw = b.text(ctx.text)
        content = fold(raw)
        comma = raw.find(", ")
        if _not_operative_re().match(content) and len(content) < 160 \
                and not (comma > 0 and _verb_re().match(raw, comma + 2)):  # "a) Căn cứ Kế hoạch này, xây dựng …": a duty
            # "1. Yêu cầu Sở Nội vụ tổ chức …" is work asked of a unit, not the heading "Yêu cầu" of a plan
            cue = _assign_re().match(ctx.text, b.content[0], b.content[1])
            if not (cue and (unit_at(ctx.text, cue.end(), b.content[1], lenient=True)
                             or raw.rstrip().endswith(":") and _tail_assignees(raw.strip()))):
                return True  # ("1. Yêu cầu Chủ tịch UBND các huyện, thị xã, thành phố:" introduces their duties)
    if ctx.info.type in _REPORTS:
        # a report's (a submission's) account of what was done assigns nothing; only its parts on what is
        # to be done do (phương hướng, nhiệm vụ, giải pháp, kiến nghị)
        if b.marker in section_kinds() and (is_heading_text(b.text(ctx.text)) or b.marker == "roman"):
            return not _REPORT_FUTURE.search(b.text(ctx.text))
        if not any(ctx.structure.blocks[a].marker in section_kinds() for a in ctx.structure.ancestors(i)) and b.marker is None:
            return True
    return False


_REPORTS = {"bao_cao", "to_trinh"}
_REPORT_FUTURE = regex.compile(r"(?i)phương\s+hướng|nhiệm\s+vụ|giải\s+pháp|kiến\s+nghị|đề\s+xuất|tổ\s+chức\s+thực\s+hiện|thời\s+gian\s+tới")


def _visit(ctx: _Context, i: int, heading: Assignees | None) -> None:
    if i in ctx.consumed:
        return
    b = ctx.structure.blocks[i]
    if b.kind == "table":
        _table_tasks(ctx, i)
        return
    if _skip(ctx, i) or _lists_members(ctx, i):
        return
    if b.quoted and heading is None and not _duty_intro_re().search(b.text(ctx.text)):
        return  # amended wording: another document's content, but for the duties it lists
    text = ctx.text
    if b.field is not None and heading is None:
        return  # a field line is read with its item
    if _fields_of(ctx, i):
        _field_task(ctx, i, heading)
        return
    own = _heading_assignees(ctx, i)
    if own is not None:
        _visit_all(ctx, b.children, own)
        return
    intro = _intro(ctx, i)
    if intro is not None:
        assignees, items = intro
        _visit_all(ctx, items, assignees)
        _visit_all(ctx, [c for c in b.children if c not in items], None)
        return
    if heading is not None:
        if _passes_through(ctx, i):
            _visit_all(ctx, b.children, heading)
            return
        _duty_tasks(ctx, i, heading)
        return
    last = _prose_tasks(ctx, i)
    if last is None and b.kind == "item" and not b.children:
        _dated_item(ctx, i)
    if last is not None:
        # paragraphs under an item that name no one go on with its task ("Sau khi được Quốc hội thông
        # qua, tham mưu Chính phủ …")
        for c in b.children:
            cb = ctx.structure.blocks[c]
            if cb.kind != "para" or cb.field is not None or _para_intro(ctx, c) is not None:
                break
            if any(_sentence_assignees(ctx, cs, ce) for cs, ce in _sentences(text, cb.content[0], cb.content[1])):
                break
            if is_not_task(cb.text(text)):
                break
            last.deadlines += _deadlines(ctx, [cb.content], c)
            last.support += [u for u in _support_in(text, *cb.content)
                             if u not in last.support and not any(_same_unit(u, x) for x in last.lead)]
            last.span = (last.span[0], cb.content[1])
            last.text = text[last.span[0]:last.span[1]]
            ctx.consumed.add(c)
    _visit_all(ctx, b.children, None)
    del text


# what plans their work item by item: the kinds whose items with a time are tasks without a unit; a
# conclusion's or a report's items with a date tell how things stand ("… đến ngày 31/8/2025 còn chậm")
_PLANS = {"ke_hoach", "ke_hoach_lien_tich", "chuong_trinh", "de_an", "du_an", "phuong_an", "huong_dan"}
# "1. Thời gian thực hiện Kế hoạch: Từ khi ban hành đến hết năm 2030.": the plan's own period
_PLAN_PERIOD = regex.compile(r"(?i)\s*(?:thời\s+gian|thời\s+hạn|phạm\s+vi)\b")


def _dated_item(ctx: _Context, i: int) -> None:
    """An item that names no unit but a time of its own (``3. Sơ kết 6 tháng đầu năm việc thực hiện Kế
    hoạch: trong tháng 7/2026.``) is a task with no lead (SPEC: only an item with neither is none)."""
    b = ctx.structure.blocks[i]
    content = b.text(ctx.text)
    if ctx.info.type not in _PLANS or b.quoted or is_not_task(content) or is_heading_text(content) \
            or _PLAN_PERIOD.match(content):
        return
    # the schedule form "activity: time" ("… có hiệu lực trong năm 2027" names which laws, not when)
    colon = ctx.text.find(": ", b.content[0], b.content[1])
    own = [d for d in _deadlines(ctx, [b.content], i)
           if colon >= 0 and colon < d.span[0] < b.content[1] and (d.start or d.end) and not (d.ongoing or d.recurrence)]
    if own:
        _add_task(ctx, i, b.content, [b.content], [], [], deadlines=own,
                  how="an item of the plan with a time of its own, naming no unit")


def _visit_all(ctx: _Context, children: list[int], heading: Assignees | None) -> None:
    """Visit sibling blocks in order. A paragraph that introduces items (``Chính phủ yêu cầu các Bộ
    trưởng … chú trọng những nội dung sau:``) gives the items after it to its units."""
    blocks = ctx.structure.blocks
    current = heading
    asked = False  # current: the units a request asks to do the items, which name none of their own
    for c in children:
        b = blocks[c]
        if b.kind == "para" and b.field is None:
            if _lists_members(ctx, c):
                current = _MEMBERS
                continue
            intro = _para_intro(ctx, c)
            asked = intro is None and heading is None and (intro := _asked_to_do(ctx, c)) is not None
            if intro is not None:
                current = intro
                continue
            current = heading
        if current is _MEMBERS:
            if b.kind == "item":
                continue  # a member: a name and an office
            current = heading
        if asked and b.kind == "item" and _names_someone(ctx, c):
            _visit(ctx, c, None)  # "6. Giao Phòng Kinh tế …; Trạm Y tế xã chủ trì …": its own units
            continue
        _visit(ctx, c, current if b.kind == "item" else heading)


_MEMBERS = Assignees((), ())  # the items after a paragraph that lists a body's members


def _para_intro(ctx: _Context, i: int) -> Assignees | None:
    """The units a paragraph ending with a colon gives the items after it (rule 6)."""
    b = ctx.structure.blocks[i]
    text = ctx.text
    content = b.text(text).rstrip()
    if not content.endswith(":"):
        return None
    s, e = _last_sentence(text, b)
    tail = _tail_assignees(text[s:e]) or _units_alone(text[s:e])
    if tail:
        return tail
    who = _sentence_assignees(ctx, s, e, strict=True)
    return who[0] if who and not _speaks(ctx, who, e) else None


def _asked_to_do(ctx: _Context, i: int) -> Assignees | None:
    """``…, Sở Tài chính đã hoàn thành dự thảo … và đề nghị các cơ quan, đơn vị phối hợp thực hiện một số nội
    dung sau:``: the units the paragraph's last cue asks to do the duties it introduces, whatever the clauses
    before it say; for the items after it that name no unit of their own."""
    b = ctx.structure.blocks[i]
    text = ctx.text
    if not b.text(text).rstrip().endswith(":"):
        return None
    s, e = _last_sentence(text, b)
    if not _duty_intro_re().search(text, s, e):
        return None
    cues = list(_CUE_INSIDE.finditer(text, s, e))
    if not cues:
        return None
    got = unit_at(text, cues[-1].end(), e, lenient=True)
    return Assignees(tuple(got[0]), ()) if got else None


def _last_sentence(text: str, b: Block) -> Span | None:
    """The last sentence of a block, without the blanks before it (None for a block with none)."""
    sentences = list(_sentences(text, b.content[0], b.content[1]))
    if not sentences:
        return None
    s, e = sentences[-1]
    while s < e and text[s] == " ":
        s += 1
    return s, e


def _names_someone(ctx: _Context, i: int) -> bool:
    b = ctx.structure.blocks[i]
    return any(_sentence_assignees(ctx, s, e) for s, e in _sentences(ctx.text, b.content[0], b.content[1]))


_CUE_INSIDE = regex.compile(r"(?i)(?<=[\s,;])(?:đề\s+nghị|yêu\s+cầu|giao)\s+(?=\S)")


# -- headings and intros ----------------------------------------------------------------------------

_TRAILER = regex.compile(r"(?:\s*\([^()]{1,80}\))+\s*[:.]?\s*$|\s*[:.;]\s*$")


def _bare(value: str) -> str:
    """A heading's text without its trailing parentheses and colon."""
    return rx(r"\s+").sub(" ", _TRAILER.sub("", value)).strip()


def _covers(units: list[str], value: str) -> bool:
    """Whether ``units`` are all of ``value`` (but for the words that join them)."""
    def words(s: str) -> list[str]:
        return [w for w in fold(s).split() if w not in {"va", "voi", "cac"}]

    return bool(units) and words(" ".join(units)) == words(_bare(value).replace(";", ","))


def _heading_assignees(ctx: _Context, i: int) -> Assignees | None:
    """A heading that names the units doing the work beneath it (rule 6): ``1. Sở Tư pháp``,
    ``b) Giao Sở Nội vụ:``, ``g) Đề nghị Ủy ban MTTQ …, Tỉnh đoàn``, ``a) Sở Tài chính chủ trì,
    phối hợp các sở, ban, ngành``, ``c) Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên
    phòng và đề nghị Bộ tư lệnh Vùng Cảnh sát biển 3`` (rule 7: the directed units lead)."""
    b = ctx.structure.blocks[i]
    if b.marker is None or b.marker not in section_kinds() or not b.children:
        return None
    content = _bare(b.text(ctx.text))
    if not content or len(content) > 260:
        return None
    p = _heading_prefix_re().match(content)
    value = content[p.end():] if p else content
    units = split_units(value, lenient=bool(p))
    if _covers(units, value) and all(_state_body(u) for u in units):
        return Assignees(tuple(units))
    # "A chủ trì, phối hợp (với) B" / "A chỉ đạo B và đề nghị C"
    lead_cue = _lead_cue_re().search(value)
    sup = _support_re().search(value)
    if lead_cue and sup and lead_cue.end() <= sup.start():
        lead = split_units(value[:lead_cue.start()], cut_at_verb=False)
        support = split_units(value[sup.end():], lenient=True, cut_at_verb=False)
        if lead and _covers(lead, value[:lead_cue.start()]) and support and _covers(support, value[sup.end():]) \
                and not _verb_re().search(value, sup.end()):  # units only: "… và Ban quản lý chợ kiểm tra …" is work
            return Assignees(tuple(lead), tuple(support))
    directed = rx(r"\s(?:chỉ\s+đạo|đề\s+nghị|giao)\s+").search(value)
    if directed:
        head = split_units(value[:directed.start()], cut_at_verb=False)
        rest = rx(r"\s+và\s+(?:đề\s+nghị|chỉ\s+đạo|giao)\s+").sub(", ", value[directed.end():])
        others = split_units(rest, lenient=True, cut_at_verb=False)
        if head and _covers(head, value[:directed.start()]) and others and _covers(others, rest):
            return Assignees(tuple(others))
    return None


# "…, giao Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh:": the units a sentence's last cue names
_TAIL_CUE = regex.compile(r"(?i)(?:^|[,;]\s*|\s)(?:giao(?:\s+cho)?|đề\s+nghị|yêu\s+cầu)\s+(?P<who>[^:;]{3,200}?)\s*:\s*$")


def _units_alone(sentence: str) -> Assignees | None:
    """``Trưởng các thôn:``, ``Văn phòng Sở, Phòng Kế hoạch - Tài chính:``: units alone before a colon
    introduce their duties, as a unit heading does (rule 6)."""
    value = sentence.strip()
    if not value.endswith(":") or len(value) > 160:
        return None
    value = value[:-1].strip()
    units = split_units(value, lenient=True)
    if units and _covers(units, value) and opens_with_a_unit(units[0]):
        return Assignees(tuple(units))
    return None


def _tail_assignees(sentence: str) -> Assignees | None:
    tail = _TAIL_CUE.search(sentence)
    if tail:
        units = split_units(tail.group("who"), lenient=True)
        if _covers(units, tail.group("who")):
            return Assignees(tuple(units))
    return None


def _state_body(unit: str) -> bool:
    """A unit a heading can name: a body by its head word or name, an office holder, a person, or a
    kind of state body (``Các sở, ban, ngành``) — not ``tổ chức quản lý nền tảng thương mại điện
    tử``, whose duties in a decree are standing rules (real-023)."""
    return bool(unit[:1].isupper() or rx(r"(?i)(?:các|mỗi|từng)\s").match(unit) or person_re().match(unit)
                or rx(r"(?:lực\s+lượng|cấp\s+ủy|chính\s+quyền)\b").match(unit)
                or _distinct_re().match(unit)
                or _collective_re().match(unit) and len(_RELATED_TAIL.sub("", unit).split()) <= 5)


_RELATED_TAIL = regex.compile(r"\s+(?:có\s+)?liên\s+quan$")  # "hiệp hội, doanh nghiệp liên quan": no words of the kind


def _intro(ctx: _Context, i: int) -> tuple[Assignees, list[int]] | None:
    """A block whose last sentence introduces items for its units: ``X có trách nhiệm:``,
    ``…, giao Trung tâm X:``, ``Sở Nội vụ đề nghị các cơ quan … thực hiện một số nội dung sau:``, or an
    assignment followed by ``Cụ thể:``. (assignees, the items beneath)."""
    b = ctx.structure.blocks[i]
    text = ctx.text
    blocks = ctx.structure.blocks
    items = [c for c in b.children if blocks[c].kind != "table"]
    last = _last_sentence(text, b)
    if last is None:
        return None
    s, e = last
    sentence = text[s:e]
    follows = [c for c in items if blocks[c].kind == "para"]
    if follows and _duty_intro_re().fullmatch(blocks[follows[0]].text(text).strip()) \
            and blocks[follows[0]].text(text).strip().lower().startswith(("cụ thể", "như sau")):
        # "3. Các bộ, ngành … tổ chức thực hiện … mình phụ trách." + "Cụ thể:" + "- …"
        who = _sentence_assignees(ctx, b.content[0], b.content[1], strict=True)
        if who:
            return who[0], [c for c in items if c != follows[0]]
    if not sentence.rstrip().endswith(":") or not items or _schedule(ctx, items) or _NOTES_INTRO.search(sentence):
        return None
    # "…, giao Trung tâm X:" / "Giao Trung tâm X:" / "… đề nghị X:" / "- Trưởng các thôn:"
    tail = _tail_assignees(sentence) or _units_alone(sentence)
    if tail:
        return tail, items
    if any(blocks[c].kind == "item" for c in items):
        # "2. Ủy ban nhân dân các tỉnh, thành phố theo chức năng … tổ chức thực hiện các nhiệm vụ … sau:"
        who = _sentence_assignees(ctx, s, e, strict=True)
        if who and not _speaks(ctx, who, e):
            return who[0], items
    return None


# "… phải lưu ý một số vấn đề như sau:": the points of one duty, not duties of their own (seed-004, 5)
# ("… rà soát danh mục vị trí việc làm, tập trung vào các nội dung sau:": what one review looks at)
_NOTES_INTRO = regex.compile(r"(?i)\b(?:lưu\s+ý|vấn\s+đề|nguyên\s+tắc|yêu\s+cầu\s+sau|điều\s+kiện|tập\s+trung\s+vào)\b[^:]{0,60}:\s*$")


def _schedule(ctx: _Context, items: list[int]) -> bool:
    """Items that only say when (``- Báo cáo quý I: Trước ngày 03/3/2023.``): the timetable of the
    task above them, not duties of their own (corpus seed-003, III.1)."""
    text = ctx.text
    blocks = ctx.structure.blocks
    if not items:
        return False
    for c in items:
        b = blocks[c]
        content = b.text(text)
        colon = content.find(": ")
        if b.kind != "item" or len(content) > 90 or colon < 0 or b.children:
            return False
        if not parse_deadlines(content[colon + 2:], 0, ctx.year or 2000, in_field=True):
            return False
    return True


def _passes_through(ctx: _Context, i: int) -> bool:
    """A topic heading under a unit heading (``a) Về cải cách thể chế``): its items are the duties."""
    b = ctx.structure.blocks[i]
    if not b.children or b.marker is None:
        return False
    content = b.text(ctx.text).strip()
    if content.endswith(":"):
        return False
    return len(content) < 120 and not _verb_re().search(content) and not rx(r"[.;]").search(content)


# -- duties under a heading -------------------------------------------------------------------------

# "xây dựng quy chế phối hợp với lực lượng Công an", "chương trình phối hợp hành động với Bộ Công an": the
# coordination is the product's name, the body it names no supporting unit of the task
_COORDINATION_NOUN = regex.compile(r"(?i)(?:quy\s+chế|chương\s+trình|kế\s+hoạch|cơ\s+chế|thỏa\s+thuận|thoả\s+thuận|"
                                   r"văn\s+bản|liên\s+tịch)\s*,?\s*$")


def _support_in(text: str, start: int, end: int) -> list[str]:
    out: list[str] = []
    for m in _support_re().finditer(text, start, end):
        if _COORDINATION_NOUN.search(text, max(start, m.start() - 30), m.start()):
            continue
        got = unit_at(text, m.end(), end, lenient=True)
        units = got[0] if got else _units_to_verb(text, m.end(), end)
        out += [u for u in units if u not in out]
    for m in _PAREN_SUPPORT.finditer(text, start, end):
        out += [u for u in split_units(m.group("who")) if u not in out]
    return out


def _units_to_verb(text: str, pos: int, end: int) -> list[str]:
    verb = _verb_re().search(text, pos, end)
    stop = verb.start() if verb else end
    chunk = rx(r"[.:]").split(text[pos:stop])[0]
    return split_units(chunk, lenient=True) if len(chunk) < 600 else []


def _co_leads(text: str, start: int, end: int) -> list[str]:
    out: list[str] = []
    for m in _co_lead_re().finditer(text, start, end):
        got = unit_at(text, m.end(), end, lenient=True)
        out += [u for u in (got[0] if got else []) if u not in out]
    return out


def _same_unit(a: str, b: str) -> bool:
    """``Trung tâm`` and ``Trung tâm Xúc tiến Đầu tư … tỉnh``, ``các sở, ngành`` and ``các sở, ban,
    ngành``, or the same name written twice."""
    fa, fb = fold(a), fold(b)
    if fa == fb or fb.startswith(fa + " ") or fa.startswith(fb + " "):
        return True
    wa, wb = fa.split(), fb.split()
    return bool(wa and wb) and wa[0] == wb[0] and (set(wa) <= set(wb) or set(wb) <= set(wa))


def _duty_tasks(ctx: _Context, i: int, heading: Assignees) -> None:
    """A duty item (or paragraph) under a unit heading: one task with the heading's units as lead
    (rule 6), its sub-items folded in; a sentence of it that names another unit as its own
    subject, or a second ``Chủ trì …`` sentence, is a task of its own."""
    b = ctx.structure.blocks[i]
    text = ctx.text
    content = b.text(text).strip()
    blocks = ctx.structure.blocks
    if not content or _duty_intro_re().fullmatch(content) \
            or content.endswith(":") and any(blocks[c].kind == "table" for c in b.children):
        # "2. Phân công góp ý theo chương của dự thảo Quy định như sau:" over a table: the rows are the work
        for c in b.children:
            _visit(ctx, c, heading)
        return
    groups: list[list[Span]] = []
    leads: list[Assignees] = []
    for s, e in _asked_clauses(ctx, _sentences(text, b.content[0], b.content[1])):
        while s < e and text[s] == " ":
            s += 1
        if s >= e:
            continue
        sentence = text[s:e]
        if is_not_task(sentence):
            continue
        # "Lãnh đạo Ủy ban nhân dân tỉnh ban hành …" under "2. Đảng ủy Ủy ban nhân dân tỉnh": the heading's
        who = None if _directs_first_re().match(text, s, e) else _sentence_assignees(ctx, s, e, under=heading)
        if who and not any(_same_unit(u, h) for u in who[0].lead for h in heading.lead) \
                and (groups or _subject_at(ctx, s, e)):
            # a sentence whose own subject is another unit ("Các sở, ban, ngành liên quan chủ động …")
            groups.append([(s, e)])
            leads.append(who[0])
            continue
        if who and groups and leads[-1] is not heading and _subject_at(ctx, s, e):
            # after another unit's sentence, one whose subject is (one of) the heading's units again
            groups.append([(s, e)])
            leads.append(who[0])
            continue
        if groups and rx(r"(?i)chủ\s+trì\b").match(sentence) and _lead_cue_re().search(text, groups[-1][0][0], groups[-1][-1][1]) \
                and leads[-1] == heading:
            groups.append([(s, e)])
            leads.append(heading)
            continue
        if not groups:
            groups.append([(s, e)])
            leads.append(who[0] if who and _one_of_heading(ctx, who[0], heading, s, e) else heading)
        else:
            groups[-1].append((s, e))
    if not groups:
        return
    # sub-items: folded into the first task, unless they name a unit of their own; the matters a duty is
    # about ("…, tập trung vào các nội dung:") are part of it, and the bodies they name no partners of it
    extra_children = []
    topics: list[Span] = []
    about = _topics_intro_re().search(content) is not None
    for c in b.children:
        cb = ctx.structure.blocks[c]
        intro = _intro(ctx, c) if cb.children else None
        if cb.kind == "table" or _heading_assignees(ctx, c) is not None \
                or intro is not None and not any(_same_unit(u, h) for u in intro[0].lead for h in heading.lead):
            extra_children.append(c)  # ("- Trưởng các thôn:" and their duties beneath: theirs, not the item's)
            continue
        who = _sentence_assignees(ctx, cb.content[0], cb.content[1], under=heading)
        if who and not any(_same_unit(u, h) for u in who[0].lead for h in heading.lead):
            extra_children.append(c)
            continue
        if about:
            topics.append(_subtree_span(ctx, c))
            continue
        groups[0] += [_subtree_span(ctx, c)]
    for n, (spans, who) in enumerate(zip(groups, leads, strict=True)):
        start = b.content[0] if n == 0 else spans[0][0]
        span = (start, max(e for _, e in spans + (topics if n == 0 else [])))
        if who is heading:
            own_support = []
            for s, e in spans:
                own_support += [u for u in _support_in(text, s, e) if u not in own_support]
            # the heading's partners, but a duty naming generic partners of its own names them instead
            generic_own = any(_is_collective(u) for u in own_support)
            support = own_support + [u for u in heading.support if not (generic_own and _is_collective(u))
                                     and not any(_same_unit(u, o) for o in own_support)]
            lead = list(heading.lead) + [u for u in _co_leads(text, span[0], span[1]) if u not in heading.lead]
        else:
            lead, support = list(who.lead), list(who.support)
        support = [u for u in support if not any(_same_unit(u, x) for x in lead)]
        how = (f"a duty under the heading of {', '.join(heading.lead)} (SPEC rule 6)" if who is heading
               else f"a sentence of a duty, naming its own unit: «{_said(text, spans[0][0], lead)}»")
        _add_task(ctx, i, span, spans, lead, support, how=how)
    for c in extra_children:
        _visit(ctx, c, heading)


def _asked_clauses(ctx: _Context, sentences) -> list[Span]:
    """The sentences of a duty, each cut where a clause gives work to another unit (``…; giao Văn phòng
    Chính phủ đưa nội dung này vào Quy chế làm việc của Chính phủ.``): that clause is read as a sentence of
    its own, whose unit leads it (rule 7)."""
    text = ctx.text
    out: list[Span] = []
    for s, e in sentences:
        start = s
        for m in _ASKED_CLAUSE.finditer(text, s, e):
            if unit_at(text, m.end("cue"), e, lenient=True):
                out.append((start, m.start()))
                start = m.start("cue")
        out.append((start, e))
    return out


_ASKED_CLAUSE = regex.compile(r";\s+(?P<cue>(?:giao|đề\s+nghị)\s+)")


def _one_of_heading(ctx: _Context, who: Assignees, heading: Assignees, s: int, e: int) -> bool:
    """A heading of two units (``e) Công an xã, Ban Chỉ huy Quân sự xã``) whose duty names one of them as
    its ``chủ trì``: that one leads the duty, the units it works with support it."""
    if len(heading.lead) < 2 or not who.lead or len(who.lead) >= len(heading.lead):
        return False
    if not all(any(_same_unit(u, h) for h in heading.lead) for u in who.lead):
        return False
    return _subject_at(ctx, s, e) and _lead_cue_re().search(ctx.text, s, e) is not None


def _subject_at(ctx: _Context, s: int, e: int) -> bool:
    """The sentence opens with the units it gives the work to: its subject, or after ``Giao``/``Đề
    nghị`` (no lead-in clause)."""
    if _assign_re().match(ctx.text, s, e):
        return True
    got = unit_at(ctx.text, s, e)
    return got is not None and _verb_re().match(ctx.text, got[1], e) is not None


def _subtree_span(ctx: _Context, i: int) -> Span:
    b = ctx.structure.blocks[i]
    end = b.span[1]
    for c in b.children:
        end = max(end, _subtree_span(ctx, c)[1])
    return (b.span[0], end)


def _add_task(ctx: _Context, i: int, span: Span, spans: list[Span], lead: list[str], support: list[str],
              products: list[str] | None = None, deadlines: list[Deadline] | None = None,
              description: str | None = None, section: str | None = None, how: str | None = None) -> None:
    text = ctx.text
    if deadlines is None:
        deadlines = _deadlines(ctx, spans, i)
    if not lead and not deadlines:
        return  # SPEC: an item with no unit and no deadline is not a task
    if ctx.info.type in _NORMATIVE and lead and all(_PRIVATE.match(u) for u in lead):
        return  # a decree's or a law's duties of persons and firms are standing rules, not assigned work
    desc = description if description is not None else rx(r"\s+").sub(" ", text[span[0]:span[1]]).strip()
    ctx.tasks.append(Task(text=text[span[0]:span[1]], span=span,
                          section=section if section is not None else ctx.structure.section(i),
                          description=desc, lead=lead, support=support, products=products or [],
                          deadlines=deadlines, how=how))


def _said(text: str, start: int, lead: list[str], limit: int = 100) -> str:
    """The words of a sentence up to its (last) lead unit: what gave the work to whom (``Giao Sở Tài chính``,
    ``Để …, Ủy ban nhân dân các xã``), for a task's provenance; at most ``limit`` characters."""
    window = text[start:start + 400]
    end = max((window.find(u) + len(u) for u in lead if u in window), default=-1)
    phrase = rx(r"\s+").sub(" ", window[:end] if end > 0 else window[:60]).strip()
    return phrase if len(phrase) <= limit else phrase[:limit - 1].rsplit(" ", 1)[0] + " …"


# -- prose -------------------------------------------------------------------------------------------

def _requested(ctx: _Context, s: int, e: int) -> regex.Match | None:
    m = _request_re().match(ctx.text, s, e)
    if m and _one_unit(m.group("who")):
        return m
    return None


def _one_unit(value: str) -> bool:
    value = rx(r"\s+").sub(" ", value.strip())
    return len(value) <= 120 and split_units(value) == [value]


def _sentence_assignees(ctx: _Context, s: int, e: int, under: Assignees | None = None,
                        strict: bool = False) -> tuple[Assignees, int] | None:
    """Who a sentence gives work to, and where the work begins: ``Giao X …``, ``Đề nghị X …``,
    ``A giao/đề nghị/chỉ đạo B …`` (B), ``X chủ trì, phối hợp với Y …``, ``Để …, X …``.
    ``strict``: for a sentence that introduces items, the units must be its subject or follow a
    cue (``Sau khi nghe … Văn phòng UBND tỉnh …, kết luận như sau:`` introduces no one's duties)."""
    found = _assignees_in(ctx, s, e, strict)
    # what no sentence of work says ("… chịu trách nhiệm thi hành Quyết định này"), asked last: only of the
    # few sentences that name someone (issue 15: 15 times fewer calls, the same answers)
    return None if found is None or is_not_task(ctx.text[s:e]) else found


def _assignees_in(ctx: _Context, s: int, e: int, strict: bool) -> tuple[Assignees, int] | None:
    text = ctx.text
    sentence = text[s:e]
    a = _assign_re().match(text, s, e) or _requested(ctx, s, e)
    pos = a.end() if a else s
    pm = person_re().match(text, pos, e)
    if pm:
        lead, after = [pm.group()], pm.end()
        office = _OFFICE_AFTER_NAME.match(text, after, e)
        if office:
            after = office.end()  # "Giao đồng chí Nguyễn Thị Lan - Phó Chủ tịch UBND xã chỉ đạo Phòng …"
    else:
        got = unit_at(text, pos, e, lenient=a is not None)
        if not got and a is None:
            colon = rx(r":\s+(?=[\p{Lu}])").search(sentence)
            if colon and not rx(r"(?i)\blà\b|\b(?:về|gồm|bao\s+gồm|các|những)\s*$").search(sentence[:colon.start()]):
                # "Đối với đề xuất …: Sở Khoa học và Công nghệ phối hợp …", "…: Giao Sở Nội vụ nghiên cứu …"
                cue = _assign_re().match(text, s + colon.end(), e)
                got = unit_at(text, cue.end() if cue else s + colon.end(), e, lenient=cue is not None)
                if got and cue:
                    a = cue
        if not got and a is None:
            # "Để …, X …", "Qua xem xét, Chủ tịch UBND tỉnh giao Sở Tài chính …": after a clause that leads
            # in, the units (or a cue naming them) after a comma; with no such clause, only after a cue
            lead_in = _LEAD_IN.match(text, s, e) is not None
            for c in rx(r"[,;]\s+").finditer(sentence):
                asked = _requested(ctx, s + c.end(), e)
                assigned = _assign_re().match(text, s + c.end(), e)
                cue = asked or assigned
                if (strict or not lead_in) and cue is None:
                    continue
                got = unit_at(text, cue.end() if cue else s + c.end(), e, lenient=cue is not None)
                if got:
                    a = a or cue
                    break
        if not got:
            return None
        lead, after = got
        if _DEFINITION.match(text, after, e):
            return None  # "Văn phòng Hội đồng là đơn vị …": what a unit is
        labelled = text[max(s, after - 3):after].rstrip().endswith(":")  # "2. Sở Tài chính: Trên cơ sở …, tham mưu …"
        if not a and not labelled and not _verb_re().match(text, after, e):
            return None
        if not a and _SUBORDINATE.search(text, s, after):
            return None  # "Các Ban Quản lý dự án … sau khi sắp xếp được giao …": the verb is the clause's, not the unit's
        if _PROMULGATES.match(text, after, e):
            return None  # "Bộ trưởng Bộ Tài chính ban hành Thông tư …"
        if rx(r"\s*đã\b").match(text[after:after + 10]) or rx(r"\bđã\s*$").search(text[s:after]) \
                or rx(r"\bnào\b").search(text[s:after]) or not a and not _LEAD_IN.match(text, s, e) \
                and rx(r"\b(?:đã|cơ\s+bản)\s").search(text[s:after]):
            # past activities, conditions ("Các phòng, đơn vị thuộc UBND xã đã bám sát Nghị quyết …, triển khai …":
            # with no cue, a "đã" before the predicate tells what was done)
            return None
    # "A chỉ đạo B …": B does the work, A only when no other unit is named (rule 7)
    directed = _DIRECTS.match(text[after:e])
    if directed:
        got2 = unit_at(text, after + directed.end(), e, lenient=True)
        if got2:
            lead, after = got2
    lead = list(lead) + [u for u in _co_leads(text, after, e) if u not in lead]
    support = [u for u in _support_in(text, after, e) + _partners_after(text, after, e)
               if not any(_same_unit(u, x) for x in lead)]
    return Assignees(tuple(lead), tuple(dict.fromkeys(support))), after


# "Giao Sở Tài chính chủ trì tham mưu …; các sở, ngành phối hợp.": the units named before "phối hợp" at the end
_PARTNERS_AT_END = regex.compile(r";\s*(?P<who>[^;.:]{3,160}?)\s+(?:cùng\s+)?phối\s+hợp(?:\s+(?:thực\s+hiện|triển\s+khai))?\s*[.;]?\s*$")


def _partners_after(text: str, start: int, end: int) -> list[str]:
    m = _PARTNERS_AT_END.search(text, start, end)
    return split_units(m.group("who"), lenient=True) if m else []


_SUBORDINATE = regex.compile(r"\s(?:sau|trước)\s+khi\s")
# the office a person holds, written after the name before what the person is to do
_OFFICE_AFTER_NAME = regex.compile(r"\s*[-–,]\s*(?:Phó\s+)?(?:Chủ\s+tịch|Bí\s+thư|Giám\s+đốc|Trưởng|Chánh|Thủ\s+trưởng|"
                                   r"Ủy\s+viên|Chỉ\s+huy\s+trưởng)\b[^;.:()]{0,100}?(?=\s+(?:chủ\s+trì|chỉ\s+đạo|phụ\s+trách|theo\s+dõi)\b)")
# "A chỉ đạo B …", "A hướng dẫn, chỉ đạo B …", "A chỉ đạo, đôn đốc B …": B does the work (rule 7)
_DIRECTS = regex.compile(r"\s*(?:(?:hướng\s+dẫn|đôn\s+đốc|kiểm\s+tra)\s*(?:,|và)\s*)?chỉ\s+đạo"
                         r"(?:\s*(?:,|và)\s*(?:hướng\s+dẫn|đôn\s+đốc|kiểm\s+tra))?\s+")


# "… X chủ trì …; Y chủ trì …", "… X chủ trì …; chủ trì, phối hợp với …": a second clause of its own
_TWO_LEADS = regex.compile(r"[;,]\s+(?=(?:[\p{Lu}][\p{L}]*\s+){1,8}?(?:chủ\s+trì|đồng\s+chủ\s+trì)\b)|;\s+(?=chủ\s+trì\b)")
# "…; Sở Tài chính chủ trì …", "…; Trạm Y tế xã chủ trì …": a unit (whatever the case of its words), then chủ trì;
# "Giao UBND tỉnh …; chỉ đạo Sở Khoa học và Công nghệ chủ trì …": B's work (rule 7)
# "Bộ Nội vụ tổ chức thẩm định …; đề nghị các cơ quan, địa phương cử đầu mối …": a request to others, their task
_CLAUSE_CUT = regex.compile(r";\s+(?:(?P<directed>(?:chỉ\s+đạo|đề\s+nghị|giao)\s+)|(?=\p{Lu}))|(?P<also>,\s+và\s+)(?=\p{Lu})")
_LEADS_HERE = regex.compile(r"\s*(?:đồng\s+)?chủ\s+trì\b")
_RESPONSIBLE = regex.compile(r"\s*(?:chịu|có)\s+trách\s+nhiệm\b")
_ASKS = regex.compile(r"đề\s+nghị|giao")  # a clause asking others is theirs; one directing them only with its chủ trì
_PARTNERS = regex.compile(r"\s*phối\s+hợp\s+(?:chặt\s+chẽ\s+)?(?:với|cùng)\s+")


def _prose_tasks(ctx: _Context, i: int) -> Task | None:
    """Sentences of a block without a heading above that give work to a unit; the sentences after
    one go on with it until another assigns work again."""
    b = ctx.structure.blocks[i]
    text = ctx.text
    if b.marker is None and not b.path and rx(r"(?i)căn\s+cứ|theo\s+đề\s+nghị|xét\s+đề\s+nghị").match(b.text(text)):
        return None
    before = len(ctx.tasks)
    current: list[Span] | None = None
    current_who: Assignees | None = None

    def flush() -> None:
        if current:
            span = (current[0][0], current[-1][1])
            support = list(current_who.support)
            for cs, ce in current[1:]:  # "… Trên cơ sở đó, phối hợp chặt chẽ với chính quyền các cấp …"
                support += [u for u in _support_in(text, cs, ce)
                            if u not in support and not any(_same_unit(u, x) for x in current_who.lead)]
            how = f"a sentence giving a unit work: «{_said(text, current[0][0], list(current_who.lead))}»"
            _add_task(ctx, i, span, current, list(current_who.lead), support, how=how)

    for s, e in _sentences(text, b.content[0], b.content[1]):
        while s < e and text[s] == " ":
            s += 1
        if s >= e:
            continue
        sentence = text[s:e]
        if b.marker is None and not b.path and sentence.rstrip().endswith(":"):
            continue  # the opening that introduces what follows
        for n, (cs, ce) in enumerate(_clauses(text, s, e)):
            who = _sentence_assignees(ctx, cs, ce)
            if _speaks(ctx, who, ce):
                who = None  # "…, Ban Thường vụ Huyện ủy yêu cầu:": the speaker; the items below name the doers
            directed = _DIRECTS.match(text, cs, ce) if who is None and n else None
            if directed:
                got = unit_at(text, directed.end(), ce, lenient=True)
                if got:
                    who = (Assignees(tuple(got[0]), tuple(u for u in _support_in(text, got[1], ce) if u not in got[0])),
                           got[1])
            if who is None and n and current_who is not None and rx(r"(?i)chủ\s+trì\b").match(text[cs:ce]):
                who = (current_who, cs)  # "…; chủ trì, phối hợp với …": the same unit, other work
                support = _support_in(text, cs, ce)
                who = (Assignees(current_who.lead, tuple(support)), cs)
            if who is not None:
                flush()
                current, current_who = [(cs, ce)], who[0]
            elif current is not None and not is_not_task(text[cs:ce]):
                current.append((cs, ce))
    if current is not None and b.text(text).rstrip().endswith(":") and _schedule(ctx, b.children):
        # "… cụ thể như sau:" + "- Báo cáo quý I: Trước ngày 03/3/2023.": the times of this task
        for c in b.children:
            cb = ctx.structure.blocks[c]
            colon = text.find(": ", cb.content[0], cb.content[1])
            current.append((colon + 2 if colon >= 0 else cb.content[0], cb.content[1]))
            ctx.consumed.add(c)
    flush()
    return ctx.tasks[-1] if len(ctx.tasks) > before else None


def _clauses(text: str, s: int, e: int) -> list[Span]:
    """A sentence with two ``chủ trì`` clauses for different work is two tasks (rule 7)."""
    cuts = {m.start() for m in _TWO_LEADS.finditer(text, s, e)}
    directed = set()  # a directed unit's clause is its own task whatever the clause before it holds
    for m in _CLAUSE_CUT.finditer(text, s, e):
        got = unit_at(text, m.end(), e, lenient=bool(m.group("directed")))
        if got and (_LEADS_HERE.match(text, got[1], e) or _ASKS.match(m.group("directed") or "")):
            (directed if m.group("directed") else cuts).add(m.start())
        elif got and not m.group("directed") and _RESPONSIBLE.match(text, got[1], e) \
                and not _same_subject(text, s, m.start(), got[0]):
            # "Sở Khoa học và Công nghệ … xác định nội dung; Sở Tài chính chịu trách nhiệm thẩm định dự toán …":
            # another unit answers for work of its own
            directed.add(m.start())
        elif got and not m.group("directed"):
            # "…; Bộ Chỉ huy Bộ đội Biên phòng tỉnh phối hợp với UBND các huyện ven biển kêu gọi tàu thuyền …":
            # work of its own (a predicate after the units it works with), not support of the clause before;
            # "Giao Phòng A hoàn thiện …, và Phòng B tổng hợp báo cáo …": another unit, another work
            partners = _PARTNERS.match(text, got[1], e)
            if partners and unit_at(text, partners.end(), e, lenient=True) \
                    or not partners and _verb_re().match(text, got[1], e) \
                    and (m.group("also") or _named_clause(text, s, m.start(), got[0])):
                directed.add(m.start())
    out = []
    start = s
    for c in sorted(cuts | directed):
        if c in directed or _lead_cue_re().search(text, start, c):
            out.append((start, c))
            start = _CUT_MARK.match(text, c, e).end()  # past "; " or ", và "
    out.append((start, e))
    return out


def _opening_units(text: str, s: int, cut: int) -> tuple[list[str] | None, bool]:
    """The units the sentence at ``s`` opens with, before ``cut`` (after a cue giving work, if any), or None;
    and whether it opens with such a cue."""
    cue = _assign_re().match(text, s, cut)
    first = unit_at(text, cue.end() if cue else s, cut, lenient=cue is not None)
    return (first[0] if first else None), cue is not None


def _same_subject(text: str, s: int, cut: int, units: list[str]) -> bool:
    """One of ``units`` is a unit the sentence opens with (after a cue giving work, if any)."""
    first, _ = _opening_units(text, s, cut)
    return bool(first) and any(_same_unit(u, f) for u in units for f in first)


def _named_clause(text: str, s: int, cut: int, units: list[str]) -> bool:
    """``Giao Sở A hoàn thiện …, gửi Sở Tư pháp thẩm định trước ngày …; Sở Tư pháp thẩm định trong thời hạn …``: after
    ``;`` one named body (not a kind of bodies, not a list) with a verb of its own does other work, when the
    sentence opened by giving work to another unit."""
    if len(units) != 1 or _is_collective(units[0]):
        return False
    first, assigned = _opening_units(text, s, cut)
    return assigned and bool(first) and not any(_same_unit(units[0], u) for u in first)


_CUT_MARK = regex.compile(r"[;,]\s*(?:và\s+)?")


# -- items with field lines --------------------------------------------------------------------------

def _fields_of(ctx: _Context, i: int) -> list[int]:
    """The field lines (``Đơn vị chủ trì: …``) of an item: its own, or its children's."""
    blocks = ctx.structure.blocks
    b = blocks[i]
    if b.field is not None or b.kind != "item" and not b.children:
        return []
    out: list[int] = []
    stack = list(b.children)
    while stack:  # fields of the item, also under its dashes (not under an item of its own outline level)
        c = stack.pop(0)
        if blocks[c].field is not None:
            out.append(c)
        elif blocks[c].marker not in section_kinds():
            stack = list(blocks[c].children) + stack
    roles = {blocks[c].field.role for c in out}
    return sorted(out) if roles & {"lead", "support", "time"} else []


def _field_task(ctx: _Context, i: int, heading: Assignees | None) -> None:
    text = ctx.text
    blocks = ctx.structure.blocks
    b = blocks[i]
    lead: list[str] = []
    support: list[str] = []
    products: list[str] = []
    deadlines: list[Deadline] = []
    description = None
    end = b.span[1]
    fields = _fields_of(ctx, i)
    for c in fields:
        f = blocks[c].field
        vs, ve = f.value
        sub_end = _subtree_span(ctx, c)[1]
        end = max(end, sub_end)
        value = text[vs:ve]
        if f.role == "lead":
            l2, s2 = _lead_value(text[vs:ve])
            lead += [u for u in l2 if u not in lead]
            support += [u for u in s2 if u not in support]
        elif f.role == "support":
            support += [u for u in split_units(value, lenient=True, cut_at_verb=False) if u not in support]
        elif f.role == "products":
            pieces = [value] + [blocks[k].text(text) for k in blocks[c].children if blocks[k].field is None]
            for piece in pieces:
                products += [p.strip(" .;") for p in piece.split(";") if p.strip(" .;")]
        elif f.role == "time":
            found = _deadlines(ctx, [(vs, sub_end)], c, in_field=True)
            if _BY_COLUMN.search(fold(text[slice(*f.label)])):
                _done_by(found)  # "Hạn xử lý: 15/4/2027": the day the work is done by
            deadlines += found
        elif f.role == "content":
            description = rx(r"\s+").sub(" ", value).strip()
    for c in b.children:
        end = max(end, _subtree_span(ctx, c)[1])
    if heading is None and not (lead or support or products or description) \
            and (b.field is not None and b.field.role == "time" or _PLAN_PERIOD.match(b.text(text))) \
            and all(blocks[c].field.role == "time" for c in fields):
        # "II. THỜI GIAN, ĐỊA ĐIỂM" + "1. Thời gian: 07 giờ 30 ngày 22/01/2027": when the plan's event is, no work
        return
    if not lead and heading is not None:
        lead = list(heading.lead)
    if description is None:
        description = rx(r"\s+").sub(" ", b.text(text)).strip().rstrip(":;")
    span = (b.span[0], end)
    if not (lead or support or deadlines):
        return
    labels = ", ".join(dict.fromkeys(rx(r"\s+").sub(" ", text[slice(*blocks[c].field.label)]).strip()
                                     for c in fields))
    _add_task(ctx, i, span, [span], lead, support, products, deadlines, description,
              how=f"an item with field labels: {labels}")


def _lead_value(value: str, cell: bool = False) -> tuple[list[str], list[str]]:
    """A lead field or cell: ``Sở Nội vụ chủ trì, phối hợp với Sở Tài chính; UBND các xã`` → lead
    and support; a numbered list of leads (``1. Bộ Tài chính đầu mối … 2. Các bộ …``)."""
    cue = _lead_cue_re().search(value)
    sup = _support_re().search(value)
    parts = rx(r"(?:^|\s)\d{1,2}\.\s+(?=\p{Lu})").split(value)
    numbered = len([p for p in parts if p.strip()]) > 1 or rx(r"\s*\d{1,2}\.\s+\p{Lu}").match(value)
    # a numbered cell with a "chủ trì" in more than one item is read item by item
    if cue and not (numbered and _lead_cue_re().search(value, cue.end())):
        lead = split_units(value[:cue.start()], lenient=True, cut_at_verb=False)
        support = split_units(value[sup.end():], lenient=True) if sup and sup.start() >= cue.end() else []
        if lead:
            return lead, support
    if numbered:
        lead = []
        for p in parts:
            lead += [u for u in _item_leads(p) if u not in lead]
        return lead, []
    # a cell or a field may go on after its units with what they do ("Các bộ, cơ quan, địa phương rà
    # soát trong lĩnh vực quản lý được giao"); names that hold verbs are known to the lexicon
    units = split_units(value, lenient=True) or split_units(value, lenient=True, cut_at_verb=False)
    if ";" in value:
        # "Bộ Tài chính đối với …; Bộ KHCN đối với …": the cut at the first predicate left out the parts
        # after it; each such part's units, cut at its own
        for part in value.split(";")[1:]:
            if not any(u in part for u in units):
                units += [u for u in split_units(part, lenient=True) if u not in units]
    return units or ([" ".join(value.split())] if value.strip() and len(value) < 120 else []), []


def _item_leads(item: str) -> list[str]:
    """The leads of one item of a numbered lead cell: its units, or those before its ``chủ trì`` —
    after the matter it names (``Về quản lý quy hoạch khoáng sản: Bộ Nông nghiệp và Môi trường chủ
    trì``) or before a colon (``Bộ Công an: chủ trì kinh tế dữ liệu``)."""
    cue = _lead_cue_re().search(item)
    if not cue:
        return split_units(item, lenient=True)
    head = item[:cue.start()].strip().rstrip(":").strip()
    if ":" in head:
        named = split_units(head.rsplit(":", 1)[1], lenient=True, cut_at_verb=False)
        if named:
            return named
    return split_units(head, lenient=True, cut_at_verb=False)


# -- task tables -------------------------------------------------------------------------------------

def _unit_cell(text: str, spans: list[Span]) -> str:
    """A unit cell's lines joined, a ``;`` where a new unit starts a line (``Bộ Tài chính`` /
    ``Cơ quan, tổ chức và doanh nghiệp liên quan``)."""
    out = ""
    for a, b in spans:
        piece = " ".join(text[a:b].split())
        if out:
            dangling = rx(r"(?:[,;\-–(]|\b(?:và|của|các|thuộc|với|trực))\s*$").search(out)
            new_unit = _UNIT_START.match(piece) and piece[:1].isupper()
            out += "; " if new_unit and not dangling else " "
        out += piece
    return out


def _table_tasks(ctx: _Context, i: int) -> None:
    text = ctx.text
    b = ctx.structure.blocks[i]
    table: Table = b.table
    roles = table.roles()
    base = section_of(b.path) if b.path else ctx.structure.section(b.parent) if b.parent is not None else None
    group_label: str | None = None
    # "Thời gian hoàn thành" | "30/6/2027": a bare date in such a column is the day the work is done by
    done_by = bool(_BY_COLUMN.search(fold(next((c.header for c in table.columns if c.role == "time"), ""))))
    previous: Task | None = None
    previous_content = None
    group_time: list[Deadline] = []  # "| Tháng 7 | | |": the time of the rows beneath, where they write none
    how = "a row of the table: " + " | ".join(
        f"{' '.join(c.header.split()) or '(no header)'} → {c.role or 'not read'}" for c in table.columns)
    for row in table.rows:
        content = table.text_of(text, row, "content")
        lead_spans = table.spans_of(row, "lead")
        time_spans = table.spans_of(row, "time")
        has_lead = any(e > s for s, e in lead_spans)
        has_time = any(e > s for s, e in time_spans + table.spans_of(row, "start"))
        label = row.label
        if not has_lead and not has_time:
            others = [r for r in ("support", "products") if table.text_of(text, row, r)]
            if label and not others:
                times = _time_label(ctx, i, table.spans_of(row, "stt"))
                if times:
                    group_time = times  # "Tháng 7": no part of the section path
                else:
                    group_label = label  # "I", "II", "1. Rà soát, hoàn thiện thể chế": a group row
                    group_time = []
                previous = None
                continue
            if not label and previous is not None and (not content or content == previous_content or "stt" in roles):
                _extend(ctx, i, previous, table, row, content if content != previous_content else "")
                continue
        if not label and previous is not None and "stt" in roles and (
                not content or content == previous_content
                or not has_lead or fold(table.text_of(text, row, "lead")) == fold(previous.lead[0] if previous.lead else "")):
            # a row without a number: the rest of the row above, broken over a page, or a sub-row of
            # it with more products and another deadline
            _extend(ctx, i, previous, table, row, content if content != previous_content else "")
            continue
        lead_text = _unit_cell(text, lead_spans) if table.form == "flat" else table.text_of(text, row, "lead")
        lead, support = _lead_value(lead_text, cell=True) if has_lead else ([], [])
        if not lead and "lead" in roles:
            lead = _subject_of(ctx, table.spans_of(row, "content"))
        sup_spans = table.spans_of(row, "support")
        if sup_spans:
            cell = _unit_cell(text, sup_spans) if table.form == "flat" else table.text_of(text, row, "support")
            units = split_units(cell, lenient=True) or split_units(cell, lenient=True, cut_at_verb=False)
            support += [u for u in units if u not in support]
        deadlines: list[Deadline] = []
        for s, e in _merged(time_spans):
            deadlines += _deadlines(ctx, [(s, e)], i, in_field=True)
        if done_by:
            _done_by(deadlines)
        if "start" in roles:
            deadlines = _from_start(ctx, i, _merged(table.spans_of(row, "start")), deadlines)
        if "time" not in roles:
            # no time column: the time a note gives ("Trình trước ngày 05/7/2027"), the group's ("Tháng 7"),
            # and the time the row writes (an indicator table: "đến năm 2030"); under a note's or a group's
            # time, a period in the content is what the work is about ("Báo cáo … 6 tháng đầu năm"), and
            # only a day it is due by is its own ("(trình trước ngày 20/8/2027 …)")
            noted = _deadlines(ctx, _merged(table.spans_of(row, "note")), i, in_field=True)
            # what an indicator is about is no time to do it by: "khám sức khỏe hằng năm", "đào tạo thường
            # xuyên" in its name; only a day or a period it names ("đến năm 2030") bounds it
            written = [d for r in ("content", "target") for d in _deadlines(ctx, _merged(table.spans_of(row, r)), i)
                       if not (d.recurrence or d.ongoing) or "target" not in roles]
            if noted or group_time:
                written = [d for d in written if d.end and not d.start]
            deadlines = [_copy(d) for d in group_time] + sorted(written + noted, key=lambda d: d.span)
        elif group_time and not deadlines:
            deadlines = [_copy(d) for d in group_time]
        products = _products(text, table, row)
        section = base
        # (a sub-row under the group row's own number: "1" / "- Công nghiệp" is in group 1, not 1.1)
        if group_label and label != group_label and not (label or "").startswith(group_label.rstrip(".") + "."):
            section = f"{section}.{group_label}" if section else group_label
        if label:
            section = f"{section}.{label}" if section else label
        span = row.span
        desc = rx(r"\s+").sub(" ", content).strip()
        if not lead and not deadlines:
            continue
        task = Task(text=text[span[0]:span[1]], span=span, section=section, description=desc, lead=lead,
                    support=[u for u in support if u not in lead], products=products, deadlines=deadlines, how=how)
        ctx.tasks.append(task)
        previous, previous_content = task, content


# a time column's header or a time field's label that names the day work is done by: "Thời gian hoàn
# thành", "Thời hạn", "Hạn xử lý", "Hạn chót" (folded)
_BY_COLUMN = regex.compile(r"\b(?:hoan thanh|han|ket thuc)\b")
_BARE_DATE = regex.compile(r"(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?")


def _time_label(ctx: _Context, i: int, spans: list[Span]) -> list[Deadline]:
    """The times a group row's label is and nothing else (``Tháng 7``, ``Quý III/2027``), else none."""
    text = " ".join(ctx.text[a:b] for a, b in spans).strip()
    if not text:
        return []
    found = _deadlines(ctx, spans, i, in_field=True)
    said = sum(len(d.text) for d in found)
    return found if found and said >= 0.8 * len(text) and all(d.start or d.end for d in found) else []


def _copy(d: Deadline) -> Deadline:
    return Deadline(d.text, d.span, d.start, d.end, d.recurrence, d.ongoing)


def _done_by(deadlines: list[Deadline]) -> None:
    """A bare date under a header or label of :data:`_BY_COLUMN` is the day the work is done by: no start."""
    for d in deadlines:
        if d.start and d.start == d.end and _BARE_DATE.fullmatch(d.text):
            d.start = None


def _from_start(ctx: _Context, i: int, start_spans: list[Span], finish: list[Deadline]) -> list[Deadline]:
    """A row with a start and a finish cell (``01/2027`` | ``06/2027``) is one interval: from the start
    of the one to the end of the other, its text the cells as written."""
    starts = [d for s, e in start_spans for d in _deadlines(ctx, [(s, e)], i, in_field=True)]
    dated_start = [d for d in starts if d.start or d.end]
    dated_end = [d for d in finish if d.start or d.end]
    if len(dated_start) != 1 or len(dated_end) != 1:
        return finish or starts
    a, b = dated_start[0], dated_end[0]
    begin, end = a.start or a.end, b.end or b.start
    if begin and end and begin > end:
        return finish
    span = (min(a.span[0], b.span[0]), max(a.span[1], b.span[1]))
    return [Deadline(ctx.text[span[0]:span[1]], span, begin, end)] + [d for d in finish if d is not b]


def _subject_of(ctx: _Context, spans: list[Span]) -> list[str]:
    """A row whose lead cell is empty names its lead as the subject of its content (``Thủ tướng
    Chính phủ phát biểu chỉ đạo``)."""
    if not spans:
        return []
    s, e = spans[0][0], spans[-1][1]
    found = unit_at(ctx.text, s, e)
    return found[0] if found else []


def _merged(spans: list[Span]) -> list[Span]:
    """A cell's lines as one span when they follow each other (a time written over two lines)."""
    if not spans:
        return []
    return [(spans[0][0], spans[-1][1])]


def _products(text: str, table: Table, row) -> list[str]:
    spans = table.spans_of(row, "products")
    if not spans:
        return []
    if table.form != "flat":
        value = table.text_of(text, row, "products")
        return [p.strip(" .;") for p in rx(r";|\n").split(value) if p.strip(" .;")]
    out: list[str] = []
    current = ""
    opens = _starts_re("products")
    for a, b in spans:
        piece = " ".join(text[a:b].split())
        if current and piece[:1].isupper() and not rx(r"(?:[,\-–(]|\b(?:và|của|các|cho|về))\s*$").search(current) \
                and (current.rstrip().endswith((".", ";")) or opens is not None and opens.match(piece)) \
                or current.rstrip().endswith(";"):
            out.append(current.strip(" .;"))
            current = piece
        else:
            current = f"{current} {piece}".strip()
    if current.strip(" .;"):
        out.append(current.strip(" .;"))
    return out


def _extend(ctx: _Context, i: int, task: Task, table: Table, row, more_content: str = "") -> None:
    text = ctx.text
    products = _products(text, table, row)
    if more_content:
        # the row goes on after a page break: its cells go on too
        task.description = (task.description + " " + " ".join(more_content.split())).strip()
        if products and task.products:
            task.products[-1] = f"{task.products[-1]} {products.pop(0)}"
    task.products += [p for p in products if p not in task.products]
    for s, e in _merged(table.spans_of(row, "time")):
        task.deadlines += _deadlines(ctx, [(s, e)], i, in_field=True)
    if "time" not in table.roles():
        for r in ("content", "target"):
            task.deadlines += _deadlines(ctx, _merged(table.spans_of(row, r)), i)
    task.span = (task.span[0], max(task.span[1], row.span[1]))
    task.text = text[task.span[0]:task.span[1]]


__all__ = ["find_tasks", "split_units", "Assignees", "is_not_task", "Block"]
