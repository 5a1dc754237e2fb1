"""Resolving found references: nesting (``of``), relation, short forms, scope.

All decisions come from the clause a reference stands in and from rule data
(``rules/relations.yaml``, ``rules/issuers.yaml``, ``rules/provinces.yaml``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

import regex

from . import rules
from .ids import LAW_KINDS, canonical_id, reference_scope, written_id
from .models import Reference
from .patterns import rx
from .references import ID, Found, match_issuer, spaced, stands_alone, to_reference, year_of

_ANY_ID = regex.compile(ID)

LIST_MARKER = regex.compile(r"\s*(?:V/v\s+|Về\s+việc\s+)?(?:[-+•·*–]\s*|(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3}){0,4}|[a-zđ])[.)]\s*)*")


@cache
def _opening_re() -> regex.Pattern:
    data = rules.load("relations")["opening"]
    alts = []
    for relation, entry in data.items():
        cues = sorted(entry["cues"], key=len, reverse=True)
        body = rules.phrases(cues)
        alts.append(f"(?P<{relation}>{body})")
    return regex.compile(r"(?i:" + "|".join(alts) + r")(?![\p{L}])")


@cache
def _action_re() -> regex.Pattern:
    data = rules.load("relations")["action"]
    alts = []
    for relation, entry in data.items():
        cues = sorted(entry["cues"], key=len, reverse=True)
        body = rules.phrases(cues, optional_commas=True)
        alts.append(f"(?P<{relation}>{body})")
    return regex.compile(r"(?i:" + "|".join(alts) + r")(?![\p{L}])")


# what may stand between an action cue and the reference it acts on
_ACTION_FILLER = regex.compile(
    r"^\s*(?:(?:,|;|và|một\s+số|một|các|những|toàn\s+bộ|nội\s+dung|quy\s+định|điều|khoản|điểm|mục|phụ\s+lục|"
    r"chương|tiết|cụm\s+từ|biểu\s+mẫu|mẫu|tại|của|theo|ban\s+hành\s+kèm\s+theo|ban\s+hành\s+kèm|kèm\s+theo|"
    r"\d+[\w./-]*|[IVXLC]+[a-zđ]?|[a-zđ](?:\.\d+)?|đã\s+được|được|sửa\s+đổi|bổ\s+sung|như\s+sau|thi\s+hành|biện\s+pháp|"
    r"chi\s+tiết|và\s+hướng\s+dẫn|hướng\s+dẫn|số|thực\s+hiện|[\"“”'])\s*)*$",
    regex.I,
)


WINDOW = 1500  # how far back a clause or an opening cue is looked for (a 5 MB line stays linear)


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", max(0, pos - WINDOW), pos) + 1
    if start == 0 and pos > WINDOW:
        start = pos - WINDOW
    end = text.find("\n", pos, pos + WINDOW)
    return start, (min(len(text), pos + WINDOW) if end < 0 else end)


_GOVERNED = regex.compile(
    r"(?:\s|[,;]|và|có\s+hiệu\s+quả|hiệu\s+quả|nghiêm\s+túc|tốt|đầy\s+đủ|kịp\s+thời|các|nội\s+dung|"
    r"của|việc|thực\s+hiện|triển\s+khai|quán\s+triệt|tinh\s+thần|chỉ\s+đạo|ý\s+kiến|đồng\s+bộ|"
    r"chủ\s+trương|chương\s+trình\s+hành\s+động|mục\s+tiêu|nhiệm\s+vụ|giải\s+pháp|quy\s+định|hướng\s+dẫn|"
    # "Để hoàn thành các mục tiêu, nhiệm vụ đề ra tại Nghị quyết số 05-NQ/HU …"
    r"(?:đã\s+)?(?:được\s+)?đề\s+ra\s+tại)*",
    regex.I,
)


_STARTS_WITH_KIND = regex.compile(r"\s*(?:Luật|Bộ\s+luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Quyết\s+định|Thông\s+tư|"
                                   r"Chỉ\s+thị|Kế\s+hoạch|Kết\s+luận|Công\s+văn|Văn\s+bản|Hướng\s+dẫn|Chương\s+trình)\b")
_BASIS = regex.compile(r"\s*Căn\s+cứ\b")


def _continues_basis(text: str, ls: int, ref_start: int) -> bool:
    if ref_start - ls > 3 or not _STARTS_WITH_KIND.match(text, ls):
        return False
    pos = ls - 1
    for _ in range(20):
        prev = text.rfind("\n", 0, max(0, pos)) + 1
        line = text[prev:pos]
        if _BASIS.match(line):
            return True
        if not _STARTS_WITH_KIND.match(line) or pos <= 0:
            return False
        pos = prev - 1
    return False


# a document named without a number before the reference, in the same list: "Thực hiện Nghị quyết Đại hội đại biểu
# toàn quốc lần thứ XIV của Đảng và Kết luận số 18-KL/TW …"
_UNNUMBERED = (r"(?:nghị\s+quyết|kết\s+luận|chỉ\s+thị|chương\s+trình|kế\s+hoạch|chiến\s+lược|đề\s+án)\s[^,;:.\d()]{3,120}?"
               r"\s*(?:,|\bvà)\s*")
_GOVERNED_LIST = rf"{_GOVERNED.pattern}(?:{_UNNUMBERED}{_GOVERNED.pattern})*"
_GOVERNED_THEO = regex.compile(rf"{_GOVERNED_LIST}\btheo\s*", regex.I)
_GOVERNED_ANY = regex.compile(_GOVERNED_LIST, regex.I)
_BASIS_GAP = regex.compile(
    r"(?:[\s,;:]|và|vào|các|cùng|căn\s+cứ|quy\s+định\s+(?:tại|của)|nội\s+dung|tại|theo|đã\s+được|được|"
    # "Căn cứ Luật … số 15/2012/QH13 được sửa đổi, bổ sung bởi Luật số 18/2017/QH14, …", "… và các Luật sửa đổi,
    # bổ sung Luật …": the laws that amended a basis are bases too
    r"(?:luật\s+)?sửa\s+đổi|bổ\s+sung|một\s+số\s+điều|bởi)*", regex.I)


# what a basis names in a document: "Căn cứ ý kiến chỉ đạo của Chủ tịch UBND tỉnh tại Văn bản số …"
_BASIS_IN = regex.compile(r"[^;()\n]{0,200}?\b(?:ban\s+hành\s+kèm\s+theo|kèm\s+theo|tại)\s*", regex.I)


_PURPOSE = regex.compile(r"(?i)(?:Để|Nhằm)\s[^,;.\n]{3,150},\s*")


_SENTENCE_STOP = regex.compile(r"[.!?]\s+(?=\p{Lu})")


def _opening_at(text: str, head: int, ref_start: int) -> regex.Match | None:
    """The opening cue at ``head``, or after a purpose there ("Để khắc phục những hạn chế nêu trên, thực hiện
    Nghị quyết số 66-NQ/TW …": implements only)."""
    m = _opening_re().match(text, head)
    if not m:
        purpose = _PURPOSE.match(text, head)
        m = _opening_re().match(text, purpose.end()) if purpose and purpose.end() <= ref_start else None
        if m and m.lastgroup != "implements":
            m = None
    return m


def _opening_relation(text: str, ref_start: int, prior_spans: list[tuple[int, int]] = ()) -> str | None:
    """based_on / implements when the paragraph opens with the cue and the reference is in
    its first sentence."""
    ls, _ = _line_bounds(text, ref_start)
    head = LIST_MARKER.match(text, ls).end()
    m = _opening_at(text, head, ref_start)
    if not m:
        # a sentence inside the paragraph that opens with the cue: "… còn thiếu. Để thực hiện có hiệu quả Nghị
        # quyết số 57-NQ/TW …, Ban Thường vụ Huyện ủy yêu cầu:" (a purpose, so implements only)
        stops = list(_SENTENCE_STOP.finditer(text, head, ref_start))
        m = _opening_at(text, stops[-1].end(), ref_start) if stops else None
        if m and m.lastgroup != "implements":
            m = None
    if not m:
        # a preamble line that lists one more basis without repeating "Căn cứ" (corpus-real 012)
        return "based_on" if _continues_basis(text, ls, ref_start) else None
    before = text[m.end():ref_start]
    if rx(r"\.\s").search(before):
        return None
    # The cue governs the first reference after it ("Thực hiện nghiêm túc Chỉ thị số …"), not a
    # source named after "theo"/"tại" ("Thực hiện cơ chế tự chủ … theo Nghị định số …"); the
    # references listed after a governed one in the same sentence share its relation.
    if m.lastgroup == "based_on":
        # the documents a Căn cứ paragraph lists are its bases ("Căn cứ Luật …; Luật sửa đổi …; Nghị định
        # số …"), not one named later in its sentence ("… (sau đây viết tắt là Kết luận số 210-KL/TW),
        # Chính phủ ban hành …", "…; xét Báo cáo số 228/BC-SNV …", "Căn cứ khả năng cân đối ngân sách …
        # theo quy định của Luật Ngân sách nhà nước")
        cursor = m.end()
        for s, e in sorted(p for p in prior_spans if m.end() <= p[0] < ref_start):
            if s < cursor:
                continue  # nested in the title of an earlier one
            if not (_BASIS_GAP.fullmatch(text, cursor, s) or cursor == m.end() and _BASIS_IN.fullmatch(text, cursor, s)):
                return None
            cursor = max(cursor, e)
        if cursor == m.end() and _BASIS_IN.fullmatch(text, cursor, ref_start):
            return "based_on"  # "Căn cứ Bộ tiêu chí … ban hành kèm theo Quyết định số 1187/QĐ-BNV …"
        return "based_on" if _BASIS_GAP.fullmatch(text, cursor, ref_start) else None
    earlier = [p for p in prior_spans if m.end() <= p[0] < ref_start]
    first_start = min((p[0] for p in earlier), default=ref_start)
    gap = text[m.end():first_start]
    # "Thực hiện theo Kế hoạch số …", "Để kịp thời triển khai các nhiệm vụ theo Kế hoạch số …" (not "… theo
    # hướng dẫn tại Công văn số …")
    if not (_GOVERNED_ANY.fullmatch(gap) or _GOVERNED_THEO.fullmatch(gap)):
        return None
    if earlier and rx(r"(?i)\b(?:theo|tại|căn\s+cứ)\s*(?:quy\s+định\s+(?:tại|của)\s*)?$").search(text[max(m.end(), ref_start - 30):ref_start]):
        return None
    return m.lastgroup


def _action_relation(text: str, clause_start: int, ref_start: int) -> str | None:
    """amends / replaces / repeals / guides when an action cue governs the reference."""
    window = text[clause_start:ref_start]
    relation = _window_relation(window)
    if relation is None and _scope_article_re().search(window):
        relation = "guides"  # "Thông tư này hướng dẫn một số nội dung về hóa đơn … theo quy định tại Luật …"
    return relation


@cache
def _scope_article_re() -> regex.Pattern:
    """The document's scope article: ``<Kind> này quy định chi tiết / hướng dẫn … theo quy định tại <reference>``."""
    names = "|".join(regex.escape(n) for n in sorted(rules.kind_by_name(), key=len, reverse=True))
    cues = rules.phrases(rules.load("relations")["action"]["guides"]["cues"])
    return regex.compile(rf"(?i)\b(?:{names})\s+này\s+(?:{cues})\b[^.;]{{0,250}}?\b(?:theo\s+quy\s+định\s+(?:tại|của)|của)\s*$")


@cache
def _in_title_re(tail: str = "") -> regex.Pattern:
    """``rules/relations.yaml`` in_title cues at the end of a window (``tail``: what may follow them)."""
    alts = "|".join(f"(?P<{rel}>{rules.phrases(entry['cues'])})"
                    for rel, entry in rules.load("relations")["in_title"].items())
    return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{alts}){tail}\s*$")


def _nested_implements(window: str) -> str | None:
    """``Chương trình hành động số 17-CTr/TU … thực hiện Nghị quyết số 52-NQ/TW``: the outer implements it."""
    m = _in_title_re().search(window)
    return m.lastgroup if m else None


_PART = regex.compile(r"(?i)\b(?:điều|khoản|điểm|mẫu|phụ\s+lục|cụm\s+từ|chương|mục|biểu\s+mẫu|tiết)\b")


def _window_relation(window: str) -> str | None:
    """The action cue that governs what follows ``window`` (only fillers after the cue).

    The verb decides, also for a part of a document: ``Bãi bỏ khoản 3 Điều 5 của …`` repeals,
    ``Thay thế Mẫu số 04-1/CC tại Phụ lục III ban hành kèm theo …`` replaces; only replacing
    words (``Thay thế cụm từ … bằng cụm từ …``) amends the text."""
    # "Bổ sung, thay thế, bãi bỏ cụm từ và một số điều, khoản của …": the first verb of a series whose rest,
    # the later verbs read as commas, is fillers. No filler holds a comma but the comma itself, so that rest is
    # fillers when each stretch between two verbs is: one pass over the window, not one per verb (issue 16:
    # "Luật sửa đổi, bổ sung một số điều của Luật Đất đai, " × 10,000 was quadratic in the verbs of a window)
    cues = list(_action_re().finditer(window))
    series = len(cues)  # the first verb from which every stretch to the window's end is fillers
    for k in range(len(cues) - 1, -1, -1):
        stretch = window[cues[k].end():cues[k + 1].start() if k + 1 < len(cues) else len(window)]
        if not _ACTION_FILLER.match(stretch):
            break
        series = k
    if series < len(cues):
        m = cues[series]
        if m.lastgroup in {"replaces", "repeals"} and _WORDING.match(window, m.end()):
            return "amends"  # replacing or striking out words amends the text
        return m.lastgroup
    # "1. Thay thế Phụ lục phạm vi địa bàn … ban hành kèm theo Nghị định số …"
    m = _PART_ACTION.match(window)
    if m and _OF_PART.search(window) and len(window) < 400:
        verb = rx(r"\s+").sub(" ", m.group("verb").lower())
        if _WORDING.match(window, m.end("verb")) or not verb.startswith(("thay thế", "bãi bỏ", "ngưng")):
            return "amends"
        return "replaces" if verb.startswith("thay thế") else "repeals"
    return None


_WORDING = regex.compile(r"(?i)\s*(?:một\s+số\s+|các\s+)?(?:cụm\s+từ|từ\s+ngữ|từ)\b")


_PART_ACTION = regex.compile(
    r"(?i)\s*(?:(?:\d+|[a-zđ])[.)]\s*)?(?:Điều\s+\d+[a-zđ]?\.\s*)?(?P<verb>sửa\s+đổi,?\s*(?:bổ\s+sung)?|bổ\s+sung|thay\s+thế|bãi\s+bỏ|"
    r"ngưng\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+đối\s+với)?)\s+"
    r"(?:một\s+số\s+|toàn\s+bộ\s+|các\s+)?(?:điều|khoản|điểm|mẫu|phụ\s+lục|cụm\s+từ|chương|mục|biểu\s+mẫu|biểu|tiết|quy\s+định|"
    r"bảng|danh\s+mục|nội\s+dung)\b"
)
_OF_PART = regex.compile(
    r"(?i)(?:(?:ban\s+hành\s+)?kèm(?:\s+theo)?|của|tại|(?:điều|khoản|điểm|mục|phụ\s+lục|chương|phần)(?:\s+số)?\s+[\w.()]+)\s*$"
)


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause holding ``pos``: after the last ``;``, sentence end or line start."""
    ls, _ = _line_bounds(text, pos)
    last = None
    for m in _CLAUSE_BREAK.finditer(text, ls, pos):
        last = m
    return last.end() if last else ls


# a clause also starts where a portal glued a new provision to a heading ("… tại Việt Nam Thay thế cụm từ …")
_CLAUSE_BREAK = regex.compile(r";|\.\s|:\s|(?<=\p{Ll})\s(?=(?:Thay\s+thế|Sửa\s+đổi|Bổ\s+sung|Bãi\s+bỏ|Ngưng\s+hiệu\s+lực)\s)")


@dataclass(frozen=True, slots=True)
class CitingContext:
    """What resolution needs to know of the citing document."""

    number: str | None = None
    province: str | None = None
    issuer_scope: str | None = None  # national | local | None
    number_span: tuple[int, int] | None = None
    type: str | None = None  # the citing document's kind
    heading_start: int | None = None  # where its kind heading (``LUẬT …``, ``NGHỊ ĐỊNH …``) starts
    title_span: tuple[int, int] | None = None  # its trích yếu (or ``V/v`` line)
    year: int | None = None  # the year it is about (SPEC rules 4–5)


_AMENDER_BEFORE = regex.compile(r"(?i)\b(?:theo|bởi|tại)\s*$")


def _sentence_end(text: str, pos: int) -> int:
    m = regex.compile(r"\.(?=\s|$)|\n").search(text, pos)
    return m.start() if m else len(text)


_PROMULGATION = regex.compile(r"(?i)ban\s+hành\s*$")


def _is_self(text: str, f: Found, ctx: CitingContext) -> bool:
    """The document naming itself: its kind heading (``LUẬT SỬA ĐỔI, BỔ SUNG …``) or its
    promulgation clause (``Quốc hội ban hành Luật sửa đổi, bổ sung …``)."""
    if ctx.heading_start is not None and f.start == ctx.heading_start:
        return True
    if f.type and f.type == ctx.type and (f.id is None or f.id == ctx.number):
        return bool(_PROMULGATION.search(text[max(0, f.start - 20):f.start]))
    return False


def resolve(text: str, found: list[Found], ctx: CitingContext) -> list[Reference]:
    found = [f for f in found if not _is_own(f, ctx)]
    # the document naming itself is no reference; what its name amends, it amends itself
    selves = [f for f in found if _is_self(text, f, ctx)]
    # a promulgation clause names everything the document acts on, up to the end of its sentence
    self_spans = [(_outer_span(f)[0], _sentence_end(text, f.start)) if f.start != ctx.heading_start else _outer_span(f)
                  for f in selves]
    found = [f for f in found if f not in selves]
    refs = [to_reference(text, f) for f in found]
    outer_span = [_outer_span(f) for f in found]
    amender = [False] * len(found)
    for i, f in enumerate(found):
        ref = refs[i]
        # nesting: inside another reference's title or law name (one of the few just before it)
        outer = None
        for j in range(max(0, i - 12), i):
            s, e = outer_span[j]
            if s <= f.start < e and found[j].start < f.start:
                outer = j
        if outer is not None:
            o = found[outer]
            cue_from = (o.title or o.law_name)[0]
            # "sửa đổi … của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương": the
            # cue governs every reference coordinated after it
            window_refs = [(found[j].start, found[j].end) for j in range(outer + 1, i) if found[j].start >= cue_from]
            blanked = _blank(text, window_refs, cue_from, f.start)
            rel = _window_relation(blanked) or _nested_implements(blanked)
            if o.law_name is not None and f.end > o.law_name[1]:
                # the date after an amending law's name is the amending law's own
                ref.date, ref.year = None, None
                ref.span = (f.start, o.law_name[1])
                ref.text = text[f.start:o.law_name[1]]
            ref.relation = "mentions"
            ref.of = (outer, rel) if rel else None  # a title that only names it carries no edge
            ref.how = (f"named in the title of reference {outer + 1}"
                       + (f", which {rel} it: «{_words_before(blanked, len(blanked))}»" if rel else ""))
            # the outer title ends with the nested reference when nothing follows it
            if refs[outer].title is not None and f.title is None and o.law_name is None:
                refs[outer].title = spaced(text[o.title[0]:f.end].strip())
            elif refs[outer].title is not None and o.law_name is None and o.title[1] < f.end:
                # a wrap inside the nested one's issuer ended the outer title ("… của Bộ\nChính trị về …"):
                # it goes on to the end of the nested one and its own title
                refs[outer].title = spaced(text[o.title[0]:max(f.end, f.title[1] if f.title else 0)].strip())
            continue
        own = next((sp for sp in self_spans if sp[0] <= f.start < sp[1]), None)
        if own is not None and (_AMENDER_BEFORE.search(text, max(own[0], f.start - 12), f.start)
                                or i and amender[i - 1] and _AND.fullmatch(text[found[i - 1].end:f.start])):
            # "… đã được sửa đổi, bổ sung một số điều theo Luật số 64/2020/QH14 và Luật số 72/2020/QH14"
            ref.relation = "mentions"
            ref.how = "the amender of what the document's own promulgation clause names"
            amender[i] = True
            continue
        if own is not None:
            # "THÔNG TƯ HƯỚNG DẪN … CỦA LUẬT QUẢN LÝ THUẾ …, NGHỊ ĐỊNH SỐ 123/2020/NĐ-CP … QUY ĐỊNH VỀ HÓA ĐƠN,
            # NGHỊ ĐỊNH SỐ 70/2025/NĐ-CP …": the references listed, each with its title, share the verb
            ref.relation = _window_relation(_blank(text, [(found[j].start, max(found[j].end, _outer_span(found[j])[1]))
                                                          for j in range(i) if found[j].start >= own[0]],
                                                   own[0], f.start)) or "mentions"
            ref.how = f"named by the document's promulgation clause: «{_words_before(text, f.start, own[0])}»"
            continue
        opening = _opening_relation(text, f.start, [
            (found[j].start, max(found[j].end, _outer_span(found[j])[1]) if found[j].title or found[j].law_name
             else found[j].end)
            for j in range(max(0, i - 30), i)])
        clause_start = _clause_start(text, f.start)
        action = _action_relation(text, clause_start, f.start)
        for _ in range(12):
            # "…; tại điểm 3 và điểm 4 Phụ lục số 6 ban hành kèm theo …": a list of places goes on
            if action or not _CONTINUES.match(text, clause_start) or clause_start <= 0:
                break
            clause_start = _clause_start(text, clause_start - 1)
            action = _action_relation(text, clause_start, f.start)
        after = None if action else _after_re().match(text, f.end)
        if after and not text[clause_start:f.start].strip(" -+•0123456789.)"):
            ref.relation = after.lastgroup  # "Quyết định số 4210/QĐ-BYT … hết hiệu lực thi hành kể từ …"
            ref.how = f"what follows it: «{' '.join(after.group().split())}»"
            continue
        if action and _acts_itself(text, clause_start, f.start,
                                   [found[j].start for j in range(max(0, i - 12), i)], ctx.type):
            ref.relation = action
            ref.how = f"the action of its clause: «{_words_before(text, f.start, clause_start)}»"
        elif opening:
            ref.relation = opening
            ref.how = f"the words that open its line: «{_words_before(text, f.start, _line_bounds(text, f.start)[0])}»"
        else:
            ref.relation = "mentions"
            ref.how = "no words of a relation before or after it"
    # the passes over the whole list: a reference whose relation one of them changes says which
    for why, apply in (
        ("nested like the reference it is coordinated with", lambda: _coordinated_nesting(text, found, refs)),
        ("amended by the law listed with it", lambda: _amended_law_list(text, found, refs)),
        ("a passive clause after it («được sửa đổi bởi …»)", lambda: _passive_edges(text, found, refs)),
        ("the action of the list it is in", lambda: _inherit_list_actions(text, found, refs)),
        ("joined by «và» or «,» to a reference acted on alike", lambda: _coordinated_actions(text, found, refs)),
        ("the document's title says it implements it", lambda: _titles_implement(text, found, refs, ctx)),
        ("inside quoted wording: named, not acted on", lambda: _quoted_are_mentions(text, found, refs)),
        ("a short mention of a document cited in full", lambda: _resolve_short_forms(refs)),
    ):
        before = [(r.relation, r.of) for r in refs]
        apply()
        for r, (relation, of) in zip(refs, before, strict=True):
            if (r.relation, r.of) != (relation, of):
                r.how = why
    for ref in refs:
        ref.scope = reference_scope(ref, ctx.province)
    _shared_tail(text, found, refs)
    _issuer_before(text, found, refs)
    _laws_by_name(text, refs, ctx.year)
    _propagate(refs)
    _written_ids(refs)
    return refs


def _words_before(text: str, end: int, start: int = 0, limit: int = 80) -> str:
    """The words of ``text[start:end]`` nearest ``end``, at most ``limit`` characters, on one line."""
    words = " ".join(text[max(start, end - 4 * limit):end].split())
    return words if len(words) <= limit else "… " + words[-limit:].split(" ", 1)[-1]


def _written_ids(refs: list[Reference]) -> None:
    """Each id as its mention writes it (``QĐ-TTg``); a short mention (``Nghị định 60/2021``) or a
    law by name takes the form another mention of the same id writes."""
    first: dict[str, str] = {}
    for r in refs:
        if not r.id:
            continue
        for m in _ANY_ID.finditer(r.text):
            if canonical_id(m.group()) == r.id:
                r.id_written = written_id(m.group())
                first.setdefault(r.id, r.id_written)
                break
    for r in refs:
        if r.id and r.id_written is None:
            r.id_written = first.get(r.id, r.id)


_JOINED = regex.compile(r"\s*(?:,|và)\s*")
# "theo chỉ đạo của Thủ tướng Chính phủ tại Công điện số 36/CĐ-TTg …", "hướng dẫn của Bộ Tài chính tại văn bản số …"
_OF_BEFORE = regex.compile(r"(?i)\bcủa\s+(?=\S)")
_AT_BEFORE = regex.compile(r"\s+(?:tại|theo)\s*")


def _issuer_before(text: str, found: list[Found], refs: list[Reference]) -> None:
    """The issuer written before the reference: ``… của <issuer> tại <reference>``."""
    for i, f in enumerate(found):
        if refs[i].issuer or refs[i].of is not None or f.kind_text is None:
            continue
        window_start = max(0, f.start - 120, found[i - 1].end if i else 0)
        last = None
        for m in _OF_BEFORE.finditer(text, window_start, f.start):
            last = m
        if last is None:
            continue
        span = match_issuer(text, last.end())
        if span and span[1] > span[0] and _AT_BEFORE.fullmatch(text, span[1], f.start):
            refs[i].issuer = text[span[0]:span[1]]


def _shared_tail(text: str, found: list[Found], refs: list[Reference]) -> None:
    """``Nghị quyết số 01/NQ-CP và Nghị quyết số 02/NQ-CP ngày 08 tháng 01 năm 2026 của Chính phủ``: two
    documents of one kind and one issuer's symbol, joined, share the date and issuer written after the last."""
    for i in range(len(found) - 2, -1, -1):
        a, b = refs[i], refs[i + 1]
        if (a.issuer or found[i].title or not a.id or not b.id or a.type != b.type or a.of or b.of
                or not _JOINED.fullmatch(text, found[i].end, found[i + 1].start)):
            continue
        if a.id.rsplit("/", 1)[-1] != b.id.rsplit("/", 1)[-1] or a.id.count("/") != b.id.count("/"):
            continue
        if a.date is None and b.date and (a.year is None or a.year == int(b.date[:4])):
            a.date, a.year = b.date, int(b.date[:4])
        if a.date is not None or b.date is None:
            a.issuer = b.issuer  # "Nghị định số 51/2010/NĐ-CP ngày …, Nghị định số 04/2014/NĐ-CP ngày … của Chính phủ"


_PASSIVE_AMEND = regex.compile(
    r"(?i)^[\s,]*(?:\([^()]{0,80}\)\s*)?(?:đã\s+)?được\s+(?P<rel>sửa\s+đổi(?:,?\s*bổ\s+sung)?|bổ\s+sung|thay\s+thế|"
    r"hướng\s+dẫn|quy\s+định\s+chi\s+tiết)(?:\s+một\s+số\s+điều)?\s*(?:theo|bởi|tại|trong)?\s*"
    r"(?:(?:điểm|khoản|điều|mục|chương)\s+[\w.]+\s*(?:,\s*)?)*(?:của\s+)?$"
)


_SAME_KIND_AMENDS = {"nghi_dinh", "thong_tu", "thong_tu_lien_tich", "quyet_dinh", "luat", "bo_luat", "nghi_quyet",
                     "chi_thi", "ke_hoach", "phap_lenh"}


def _passive_edges(text: str, found: list[Found], refs: list[Reference]) -> None:
    """``Luật Bảo hiểm y tế ngày 14/11/2008 được sửa đổi, bổ sung một số điều theo Luật … 2014``,
    ``… Nghị định số 153/2020/NĐ-CP được sửa đổi tại khoản 6 Điều 1 Nghị định số 65/2022/NĐ-CP``:
    the later document amends the earlier one — an edge between two cited documents. The amended
    one is the nearest earlier mention of the amender's kind (a decree amends decrees, not the law
    it details: "Nghị định số 146/2018 … thi hành một số điều của Luật … đã được sửa đổi, bổ sung bởi
    Nghị định số 75/2023")."""
    for i in range(1, len(found)):
        m = _PASSIVE_AMEND.match(text[found[i - 1].end:found[i].start])
        if not m:
            continue
        rel = rx(r"\s+").sub(" ", m.group("rel").lower())
        relation = ("replaces" if rel.startswith("thay") else "guides" if rel.startswith(("hướng", "quy"))
                    else "amends")
        target = i - 1
        if relation in {"amends", "replaces"} and refs[i].type in _SAME_KIND_AMENDS:
            for j in range(i - 1, max(-1, i - 6), -1):
                if refs[j].type == refs[i].type and refs[j].id != refs[i].id:
                    target = j
                    break
        if refs[target].of is not None and refs[target].of[0] != i:
            continue
        refs[target].of = (i, relation)
        if refs[i].of is not None and refs[i].of[0] == target:
            refs[i].of = None  # it was read as nested in the amended one's title; it is the amender
        if refs[i].relation == "mentions" and refs[target].relation in {"based_on", "implements"}:
            refs[i].relation = refs[target].relation  # the basis as amended: the amender is a basis too


@cache
def _after_re() -> regex.Pattern:
    """``rules/relations.yaml`` after cues later in the reference's sentence."""
    alts = "|".join(f"(?P<{rel}>{rules.phrases(entry['cues'])})" for rel, entry in rules.load("relations")["after"].items())
    return regex.compile(rf"(?i)[^;\n]{{0,400}}?(?<![\p{{L}}])(?:{alts})(?![\p{{L}}])")
# a clause that goes on with a list of places ("…; khoản 2 Điều 32; Điều 33; Điều 34 và khoản 2 Điều 35 của Nghị
# định số …", "Sửa đổi quy định tại điểm g khoản 1\nĐiều 23 Nghị định số …"), not an article's heading ("Điều 3.")
_CONTINUES = regex.compile(r"(?i)\s*(?:tại|và|hoặc|điểm|khoản|tiết|mục|phụ\s+lục|điều\s+\d+[a-zđ]?(?!\s*[.:]))\b")
_AND = regex.compile(r"\s*(?:,|và|hoặc)\s*")


def _coordinated_nesting(text: str, found: list[Found], refs: list[Reference]) -> None:
    """``… hướng dẫn thi hành một số điều của Luật Quản lý thuế và Nghị định số 126/2020/NĐ-CP``: a
    reference coordinated with a nested one is nested in the same title, with the same edge."""
    for i in range(1, len(found)):
        prev = refs[i - 1]
        if refs[i].of is not None or prev.of is None or prev.relation != "mentions":
            continue
        if not _AND.fullmatch(text[prev.span[1]:found[i].start]) or stands_alone(text, found[i]):
            continue
        outer = prev.of[0]
        refs[i].of = prev.of
        refs[i].relation = "mentions"
        o = found[outer]
        if o.title is not None and refs[outer].title is not None:
            refs[outer].title = spaced(text[o.title[0]:max(o.title[1], found[i].end)].strip())


_AMENDS_OF = regex.compile(r"(?i)\s*,?\s*(?:sửa\s+đổi,?\s*bổ\s+sung|sửa\s+đổi|bổ\s+sung)(?:\s+một\s+số\s+điều)?"
                           r"\s+của\s*$")
_LIST_GAP = regex.compile(r"\s*(?:[,;]|và)\s*(?:và\s+)?")


def _amended_law_list(text: str, found: list[Found], refs: list[Reference]) -> None:
    """``Luật số 56/2024/QH15 ngày 29 tháng 11 năm 2024 sửa đổi, bổ sung một số điều của Luật chứng
    khoán; Luật kế toán; …`` — the amending law's name runs on as a list of bare law names (no
    number, no date), even past ``;`` and a line break: each is amended by it, not a basis."""
    i = 0
    while i < len(found) - 1:
        amender = found[i]
        if amender.type not in {"luat", "bo_luat"} or refs[i].of is not None \
                or not _AMENDS_OF.fullmatch(text[amender.end:found[i + 1].start]):
            i += 1
            continue
        j = i + 1
        while j < len(found):
            f = found[j]
            bare = (f.law_name is not None and f.id is None and f.date is None and refs[j].of is None
                    and not stands_alone(text, f))
            if not bare or (j > i + 1 and not _LIST_GAP.fullmatch(text[found[j - 1].end:f.start])):
                break
            refs[j].relation, refs[j].of = "mentions", (i, "amends")
            j += 1
        i = j


_ITEM = regex.compile(r"\s*(?:\d{1,3}[.)]|[a-zđ]\)|[-+•])\s")


def _inherit_list_actions(text: str, found: list[Found], refs: list[Reference]) -> None:
    """``Ngưng hiệu lực thi hành đối với các quy định sau đây tại Nghị định số …`` followed by
    items ``1. … tại điểm d khoản 1 Điều 8 Nghị định số …``: the items name what the clause acts
    on, so their references share its action (except a document named as the amender)."""
    amenders = {r.of[0] for r in refs if r.of}
    action, list_from = None, -1
    for i, f in enumerate(found):
        ls, le = _line_bounds(text, f.start)
        if ls <= list_from - 1 and refs[i].relation in {"amends", "replaces", "repeals"}:
            continue
        if (refs[i].relation in {"amends", "replaces", "repeals"} and _ITEM.match(text, le + 1)
                and _LIST_FOLLOWS.search(text, ls, le)):
            action, list_from = refs[i].relation, le + 1
            continue
        if action is None or ls < list_from:
            continue
        # still inside the list: every line from its start to this one is an item or wraps one
        lines = text[list_from:le].split("\n")
        if not _ITEM.match(lines[0]) or any(_HEADING.match(x) for x in lines):
            action = None
            continue
        if refs[i].relation == "mentions" and i not in amenders:
            refs[i].relation = action


_AND_NUMBER = regex.compile(r"\s*(?:,|;|và|hoặc)\s*(?:và\s+)?(?:số\s+)?")


def _coordinated_actions(text: str, found: list[Found], refs: list[Reference]) -> None:
    """``Bãi bỏ các Quyết định số 100/QĐ-BYT ngày 10/01/2020 và số 200/QĐ-BYT …``: a document joined
    to one the citing document acts on, by ``và``/``,`` alone, is acted on alike."""
    for i in range(1, len(found)):
        prev_end = max(found[i - 1].end, _outer_span(found[i - 1])[1])  # past its title, if any
        if (refs[i].relation == "mentions" and refs[i].of is None and refs[i - 1].of is None
                and refs[i - 1].relation in {"amends", "replaces", "repeals", "guides"}
                and (_AND_NUMBER.fullmatch(text, found[i - 1].end, found[i].start)
                     or _AND_NUMBER.fullmatch(text, prev_end, found[i].start))):
            refs[i].relation = refs[i - 1].relation


# quoted wording: the new text of an amended article (“3. Văn bản điện tử … theo quy định tại Nghị định số …”)
_QUOTED = regex.compile(r"“[^“”]{1,20000}”|(?m)^\s*\"[^\"]{1,20000}\"")


def _quoted_are_mentions(text: str, found: list[Found], refs: list[Reference]) -> None:
    """A reference inside quoted wording is named by the quoted text, not acted on by the citing
    document: a mention (its ``of``, an edge inside the quotation, stays)."""
    if "“" not in text and '"' not in text:
        return
    quotes = [m.span() for m in _QUOTED.finditer(text)]
    if not quotes:
        return
    starts = [q[0] for q in quotes]
    for i, f in enumerate(found):
        k = bisect.bisect_right(starts, f.start) - 1
        if k >= 0 and quotes[k][0] < f.start < quotes[k][1] and refs[i].relation != "mentions":
            refs[i].relation = "mentions"


@cache
def _kind_heading_re() -> regex.Pattern:
    """A line that is a kind's name in capitals alone: the heading of the document or of an attached
    one (``CHƯƠNG TRÌNH`` / ``Hành động thực hiện Kết luận số 210-KL/TW …``, ``KẾ HOẠCH`` / ``Triển khai …``)."""
    names = sorted({n.upper() for n in rules.kind_by_name()}, key=len, reverse=True)
    alts = "|".join(regex.escape(n).replace(r"\ ", r"[ \t]+") for n in names)
    return regex.compile(rf"(?m)^[ \t]*(?:{alts})[ \t]*$")


_TITLE_LINE_STOP = regex.compile(r"[ \t]*(?:$|\(|Căn\s+cứ|_{3,}|-{3,}|Kính\s+gửi|[IVX]+\.\s|\d+\.\s|Điều\s+\d)")


def _title_regions(text: str, ctx: CitingContext) -> list[tuple[int, int]]:
    regions = [ctx.title_span] if ctx.title_span else []
    for m in _kind_heading_re().finditer(text):
        start = end = m.end() + 1
        for _ in range(5):
            if end >= len(text) or _TITLE_LINE_STOP.match(text, end):
                break
            nl = text.find("\n", end)
            end = len(text) if nl < 0 else nl + 1
        if end > start:
            regions.append((start, end))
    return regions


def _titles_implement(text: str, found: list[Found], refs: list[Reference], ctx: CitingContext) -> None:
    """A title that says what the document implements (``Ban hành Chương trình hành động … thực hiện Kết
    luận số 210-KL/TW``, ``V/v triển khai thực hiện Công văn số 5689/BCA-C04``): it implements that."""
    regions = _title_regions(text, ctx)
    if not regions:
        return
    starts = [f.start for f in found]  # in order (find_references sorts them)
    for i, f in enumerate(found):
        if refs[i].relation != "mentions" or refs[i].of is not None:
            continue
        # a title runs to a few hundred characters: past WINDOW into a "title" line, a reference is in
        # something else — and each reference rescanning the line before it was quadratic (issue 16:
        # "QUYẾT ĐỊNH SỐ 12/QĐ-UBND, " × 20,000 on one line took minutes)
        region = next((r for r in regions if r[0] <= f.start < min(r[1], r[0] + WINDOW)), None)
        if region is None:
            continue
        earlier = [(found[j].start, max(found[j].end, _outer_span(found[j])[1]))
                   for j in range(bisect.bisect_left(starts, region[0], 0, i), i)]
        m = _in_title_re(_GOVERNED_LIST).search(_blank(text, earlier, region[0], f.start))
        if m:
            refs[i].relation = m.lastgroup


_LIST_FOLLOWS = regex.compile(r"(?i)\b(?:sau\s+đây|dưới\s+đây)\b(?!\s+(?:gọi|viết))")  # not "(sau đây gọi tắt là …)"
_HEADING = regex.compile(r"\s*(?:Điều\s+\d+[a-zđ]?\s*[.:]|Chương\s|CHƯƠNG\s|[IVX]+\.\s)")


def _blank(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """``text[start:end]`` with the given spans replaced by ``", "`` (earlier references in a list)."""
    out = []
    pos = start
    for s, e in sorted(spans):
        if s < pos or e > end:
            continue
        out.append(text[pos:s])
        out.append(", ")
        pos = e
    out.append(text[pos:end])
    return "".join(out)


def _outer_span(f: Found) -> tuple[int, int]:
    if f.law_name is not None:
        return f.law_name
    if f.title is not None:
        return f.title
    return (f.end, f.end)


def _is_own(f: Found, ctx: CitingContext) -> bool:
    """The document's own number (its ``Số:`` line, or itself named in an appendix heading)."""
    if ctx.number_span and ctx.number_span[0] <= f.start < ctx.number_span[1]:
        return True
    return bool(ctx.number and f.id and f.id == ctx.number and not ctx.number.startswith("/"))


@cache
def _not_own_re() -> regex.Pattern:
    """``rules/relations.yaml`` not_own: a proposal, a condition or a task before the cue."""
    entry = rules.load("relations")["not_own"]
    unless = "".join(rf"(?<!{regex.escape(w)}\s)" for w in entry.get("except_after") or ())
    return regex.compile(rf"(?i)(?<![\p{{L}}]){unless}(?:{rules.phrases(entry['cues'])})(?![\p{{L}}])")
_PASSIVE = regex.compile(r"(?i)(?:được|bị|đã\s+được|đã\s+bị)\s*$")


def _acts_itself(text: str, clause_start: int, ref_start: int, other_starts: list[int] = (),
                 own_type: str | None = None) -> bool:
    """The action cue is the citing document's own: no other document is the subject of the
    clause before the cue, the cue is not passive ("… được sửa đổi bởi …") and not a proposal
    ("đề nghị sửa đổi …")."""
    window = text[clause_start:ref_start]
    m = None
    for cand in _action_re().finditer(window):
        if _ACTION_FILLER.match(window[cand.end():]):
            m = cand
            break
    if m is None:
        m = _action_re().search(window)  # "Thay thế Phụ lục … ban hành kèm theo …"
    if m is None:
        return False
    cue_at = clause_start + m.start()
    # a document named before the cue is the clause's subject ("Quyết định số X sửa đổi …"), unless
    # an earlier cue governs it too: "thay thế Quyết định số X … và bãi bỏ Quyết định số Y"
    first = _action_re().search(window)
    coordinated = rx(r"(?i)(?:[,;]|\bvà|\bđồng\s+thời)\s*$").search(window[:m.start()])
    subject_end = clause_start + first.start() if first is not None and coordinated else cue_at
    if any(clause_start <= s < min(cue_at, subject_end) for s in other_starts):
        return False
    before = window[:m.start()]
    if _PASSIVE.search(before) or _not_own_re().search(before):
        return False
    other = _ANOTHERS_ACT.search(before)
    if other:
        kind = rules.kind_by_name().get(rx(r"\s+").sub(" ", other.group("kind") or "").lower())
        # "NGHỊ ĐỊNH SỬA ĐỔI …", "Chính phủ ban hành Nghị định sửa đổi …": the document's own kind, as its heading or
        # promulgated, is itself; "… theo quy định của Nghị định quy định chi tiết … Luật …" is another decree
        own_place = not before[:other.start()].strip(" -+•0123456789.)") or rx(r"(?i)\bban\s+hành\s*$").search(before[:other.start()])
        return kind is not None and kind == own_type and bool(own_place)
    return True


# the cue describes another document, or someone else's act: "ban hành các văn bản hướng dẫn thi hành
# Luật …", "Tham mưu ban hành Nghị định sửa đổi, bổ sung Nghị định số …", "theo hướng dẫn tại Công văn số …"
_ANOTHERS_ACT = regex.compile(
    r"(?i)\b(?:(?P<kind>văn\s+bản|nghị\s+định|thông\s+tư|quyết\s+định|nghị\s+quyết|luật|pháp\s+lệnh|chỉ\s+thị|đề\s+án)|"
    r"dự\s+án|dự\s+thảo|quy\s+định|theo)(?:\s*,\s*(?:văn\s+bản|nghị\s+định|thông\s+tư|quyết\s+định))*\s*$"
)


def _resolve_short_forms(refs: list[Reference]) -> None:
    """``Nghị định 60/2021`` → the full id of an earlier (or later) full mention."""
    full_ids = [r.id for r in refs if r.id and rx(r"\d+[A-Z]?/\d{4}/").match(r.id)]
    for r in refs:
        if r.id and rx(r"\d+[A-Z]?/\d{4}").fullmatch(r.id):
            match = next((fid for fid in full_ids if fid.startswith(r.id + "/")), None)
            if match:
                r.id = match
                r.short = True
            elif r.type == "nghi_dinh":
                r.id = r.id + "/NĐ-CP"
                r.short = True


def _key(r: Reference) -> tuple | None:
    if r.id:
        return ("id", r.id)
    if r.title:
        return ("law", r.type, rx(r"\s+").sub(" ", r.title.lower()), r.year)
    return None


def _law_name_key(r: Reference) -> tuple | None:
    if r.type in LAW_KINDS and r.title:
        return (r.type, rx(r"\s+").sub(" ", r.title.lower()))
    return None


_KIND_WORD = regex.compile(r"(?i)^(?:bộ\s+luật|luật|pháp\s+lệnh)\s+")


def _law_keys(refs: list[Reference]):
    """The name key of each law by name; an abbreviated name (``Luật BHYT``, ``Luật HQ``) is the law
    of the document whose name's initials it is (``Luật Bảo hiểm y tế``, ``Luật Hải quan``), when one is."""
    by_initials: dict[tuple, set[tuple]] = {}
    for r in refs:
        k = _law_name_key(r)
        if k is None:
            continue
        words = _KIND_WORD.sub("", k[1]).split()
        if len(words) >= 2:
            by_initials.setdefault((k[0], "".join(w[0] for w in words)), set()).add(k)

    def key_of(r: Reference) -> tuple | None:
        k = _law_name_key(r)
        if k is None:
            return None
        short = _KIND_WORD.sub("", r.title or "").strip()
        if 2 <= len(short) <= 6 and short.isupper() and " " not in short:
            full = by_initials.get((k[0], short.lower()), set())
            if len(full) == 1:
                return next(iter(full))
        return k

    return key_of


_AMENDER = regex.compile(r"(?i)(?:sửa\s+đổi|bổ\s+sung)(?:\s+một\s+số\s+điều)?\s+(?:bởi|theo|tại)\s*$")


_OWN_YEAR = regex.compile(r"\s+năm\s+(?:19|20)\d\d$", regex.I)


def _laws_by_name(text: str, refs: list[Reference], own_year: int | None = None) -> None:
    """SPEC rule 3: a law cited by name takes the id and date of another mention of the same law
    (``Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025`` … ``theo Luật Tổ chức Chính phủ``).
    Same-named laws of different years stay apart: a mention without a year joins only when
    every mention that gives one agrees on the year — or, for a law an amending law's name lists,
    when one year only is older than the amending law. A law written by number alone (``Luật số
    46/2014/QH13 ngày 13 tháng 6 năm 2014``) gives its number to the named law of the same date."""
    key_of = _law_keys(refs)
    _own_year_after_law(refs, key_of, own_year)
    by_date = {r.date: r.id for r in refs if r.type in LAW_KINDS and r.id and r.date and not r.title}
    for r in refs:
        if key_of(r) is not None and r.date and not r.id and by_date.get(r.date):
            r.id = by_date[r.date]
            r.year = r.year or year_of(r.id, None)
    # (name, year) -> [id, date], each from the first mention that writes it
    known: dict[tuple, dict[int, list]] = {}
    years_named: dict[tuple, set[int]] = {}
    for r in refs:
        k = key_of(r)
        if k is None or r.year is None:
            continue
        if _AMENDER.search(text, max(0, r.span[0] - 40), r.span[0]):
            continue  # "… đã được sửa đổi, bổ sung bởi Luật Bảo hiểm y tế ngày 13 tháng 6 năm 2014": an amending law
        years_named.setdefault(k, set()).add(r.year)
        if r.date or r.id:
            law = known.setdefault(k, {}).setdefault(r.year, [None, None])
            law[0] = law[0] or r.id
            law[1] = law[1] or r.date
    for r in refs:
        k = key_of(r)
        if k is None or k not in known or (r.id and r.date):
            continue
        years = years_named[k]
        amender = refs[r.of[0]] if r.year is None and r.of is not None and r.of[1] == "amends" else None
        if amender is not None and amender.year:
            # the law an amending law names is older than it: by date where both are written, else by year
            years = {y for y in years if y < amender.year or y == amender.year and amender.date
                     and (known[k].get(y) or [None, None])[1] and known[k][y][1] < amender.date}
        year = r.year if r.year is not None else (next(iter(years)) if len(years) == 1 else None)
        if year not in known[k]:
            continue
        ident, date = known[k][year]
        r.id = r.id or ident
        r.date = r.date or date
        r.year = year


def _own_year_after_law(refs: list[Reference], key_of, own_year: int | None) -> None:
    """``Kế hoạch triển khai thi hành Luật Địa chất và khoáng sản năm 2026`` in a plan for 2026 whose
    ``Căn cứ`` dates the law 29/11/2024: the year is the plan's, not the law's (SPEC rule 5) — the
    mention ends before it and is the dated law. A year of its own the law keeps where no mention dates
    the same name in another year, or the year is not the citing document's."""
    if own_year is None:
        return
    dated: dict[tuple, set[int]] = {}
    for r in refs:
        k = key_of(r)
        if k is not None and r.date:
            dated.setdefault(k, set()).add(int(r.date[:4]))
    for r in refs:
        k = key_of(r)
        tail = _OWN_YEAR.search(r.text)
        if k is None or r.date or r.id or r.year != own_year or not tail or k not in dated or own_year in dated[k]:
            continue
        r.text = r.text[:tail.start()]
        r.span = (r.span[0], r.span[0] + len(r.text))
        r.year = None


def _propagate(refs: list[Reference]) -> None:
    """A later (or earlier) mention of the same document takes the date, issuer and scope a
    fuller mention writes."""
    groups: dict[tuple, list[Reference]] = {}
    for r in refs:
        k = _key(r)
        if k is not None:
            groups.setdefault(k, []).append(r)
    for members in groups.values():
        dated = next((m for m in members if m.date), None)
        # "NGHỊ ĐỊNH … CỦA CHÍNH PHỦ" in a title in capitals: later mentions take a name as it is written in text
        with_issuer = next((m for m in members if m.issuer and not m.issuer.isupper()), None) or next(
            (m for m in members if m.issuer), None)
        scoped = next((m for m in members if m.scope), None)
        for m in members:
            if m.date is None and dated is not None:
                m.date = dated.date
            if m.issuer is None and with_issuer is not None:
                m.issuer = with_issuer.issuer
            if m.scope is None and scoped is not None:
                m.scope = scoped.scope
            if m.year is None and dated is not None:
                m.year = dated.year


