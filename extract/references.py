"""Finding legal references in clean text — regex only, no tokenization.

Grammar (Nghị định 30/2020/NĐ-CP, Điều 8 and Phụ lục I–III; Thông tư 01/2011/TT-BNV for older
documents; Hướng dẫn 36-HD/VPTW for Party documents)::

    reference := KIND [số[:]] ID-LIST TAIL
               | Luật|Bộ luật|Hiến pháp|Pháp lệnh NAME [số ID] [ngày DATE | năm YYYY]
               | ID                                   (a bare id whose symbol names a kind)
    ID        := N/YYYY/SYMBOL  (legal normative)  |  N-KIND/BODY  (Party)  |  N/SYMBOL
               | N/YYYY          (short form, after KIND only)
    ID-LIST   := ID {(, | và | ;) [số] ID}  |  N, N/SYMBOL   (one symbol, several numbers)
    TAIL      := {[,] [ban hành] ngày DATE | của ISSUER} [TITLE]

Every match keeps its span in the clean text; resolution (short forms, scope, relation)
is :mod:`extract.resolve`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from . import limits, rules
from .dates import DATE, date_from_match
from .ids import DASH, canonical_id, kind_of_symbol
from .models import Reference
from .patterns import rx
from .textmap import NearPattern

# A symbol segment: an upper-case letter first (QĐ, UBND, TTg, QĐi, CTr, QH14, KH&CN)
SEG = r"[\p{Lu}][\p{Lu}\p{Ll}&]{0,11}\d{0,2}"
SYMBOL = rf"{SEG}(?:(?:{DASH}\s?|\s{DASH}){SEG}){{0,5}}"
NUM = r"\d{1,5}(?:\.\d{1,2}(?=\s?/))?[a-z]?"  # "Nghị quyết số 66.2/2025/NQ-CP"
ID_LEGAL = rf"{NUM}\s?/\s?(?:19|20)\d\d\s?/\s?{SYMBOL}"
ID_PARTY = rf"{NUM}\s?{DASH}\s?{SEG}\s?/\s?{SYMBOL}"
ID_ADMIN = rf"{NUM}\s?/\s?{SYMBOL}"
ID_ADMIN_LIST = rf"{NUM}(?:\s?,\s?{NUM})+\s?/\s?{SYMBOL}"
ID_SHORT = rf"{NUM}\s?/\s?(?:19|20)\d\d(?!\s?/|\d)"
ID = rf"(?:{ID_LEGAL}|{ID_PARTY}|{ID_ADMIN_LIST}|{ID_ADMIN})"
ID_END = r"(?![\p{L}\d])"

_SO = r"(?:s[ốo]\s*[:.]?\s*|S[ỐO]\s*[:.]?\s*)"


def _name_pattern(name: str) -> str:
    """A kind name matched in any case, tolerant of line-wrap spaces and a missing tone dot."""
    parts = []
    for word in name.split():
        w = regex.escape(word)
        w = w.replace("định", "đ[ịi]nh").replace("Định", "Đ[ịi]nh")
        parts.append(w)
    return r"\s+".join(parts)


@cache
def _kind_re() -> str:
    names = sorted(rules.kind_by_name(), key=len, reverse=True)
    names = [n for n in names if rules.kind_by_name()[n] not in {"luat", "bo_luat", "hien_phap", "phap_lenh"}]
    return "(?:" + "|".join(_name_pattern(n) for n in names) + ")"


@cache
def _patterns() -> dict[str, regex.Pattern | NearPattern]:
    kind = _kind_re()
    return {
        # every id holds a slash: a kind's name, "số" and a number (or a list of them) come before it
        "kinded": NearPattern(regex.compile(
            rf"(?<![\p{{L}}])(?P<kind>(?i:{kind}))\s*{_SO}?(?P<id>{ID}|{ID_SHORT}){ID_END}",
        ), "/", before=200, after=200),
        "bare": regex.compile(rf"(?<![\p{{L}}\d/.-])(?P<id>{ID_LEGAL}|{ID_PARTY}|{ID_ADMIN}){ID_END}"),
        # matched after each reference: anchored, or each match scans the rest of the text (issue 16)
        "next_id": limits.anchored(rf"\s*(?:,|;|và|hoặc)\s*(?:các\s+)?{_SO}?(?P<id>{ID_LEGAL}|{ID_PARTY}|{ID_ADMIN}){ID_END}"),
        "date": limits.anchored(rf"\s*,?\s*(?:(?:được\s+)?ban\s+hành\s+)?(?:ngày|ngay)\s*{DATE}", regex.I),
        "year": limits.anchored(r"\s*,?\s*năm\s+(?P<year>(?:19|20)\d\d)(?!\d)", regex.I),
        "of": limits.anchored(r"\s*,?\s*của\s+", regex.I),
        "law": regex.compile(
            r"(?<![\p{L}])(?P<kind>Bộ\s+luật|BỘ\s+LUẬT|bộ\s+luật|Luật|LUẬT|luật|Hiến\s+pháp|HIẾN\s+PHÁP|Pháp\s+lệnh|PHÁP\s+LỆNH)"
            r"(?=\s|[;,.)](?<=[pP][;,.)]))"  # "… của Hiến pháp;": the Constitution needs no name
        ),
        # "Luật … được Quốc hội khóa XV, kỳ họp thứ 9 thông qua ngày 17 tháng 6 năm 2025"
        "passed": limits.anchored(r"\s*,?\s*(?:đã\s+)?được\s+Quốc\s+hội\b[^.;\n]{0,160}?\bthông\s+qua\s+(?=ngày)", regex.I),
    }


# -- issuers -------------------------------------------------------------------------------

_ISSUER_HEADS = (
    r"Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Ủy ban Thường vụ Quốc hội|Ủy ban|Uỷ ban|"
    r"Chính phủ|Thủ tướng Chính phủ|Thủ tướng|Phó Thủ tướng|Quốc hội|Chủ tịch nước|Chủ tịch|Phó Chủ tịch|"
    r"Bộ trưởng|Thứ trưởng|Bộ Chính trị|Ban Bí thư|Ban Chấp hành|Ban Thường vụ|Thường trực|Hội nghị|Tỉnh ủy|"
    r"Thành ủy|Huyện ủy|Đảng ủy|Tổng cục trưởng|Tổng cục|Cục trưởng|Cục|Chi cục|Giám đốc|Phó Giám đốc|Sở|Bộ|"
    r"Văn phòng|Ban|Thanh tra|Tổng Thanh tra|Kiểm toán|Ngân hàng|Bảo hiểm xã hội|BHXH|Tòa án|Viện kiểm sát|"
    r"Hội đồng|Trung ương|Ban Chỉ đạo|Tổng Giám đốc|Kho bạc|Công an|Bộ Tư lệnh|Liên đoàn|Mặt trận|Đoàn|Tổ"
)
# lower-case words allowed inside an issuer's name (places, ranks)
_ISSUER_LOWER = {
    "tỉnh", "thành", "phố", "huyện", "quận", "thị", "xã", "phường", "nhân", "dân", "tối", "cao", "nước",
    "và", "cấp", "trung", "ương", "đảng", "bộ", "lần", "thứ", "khóa",
}
# words that end an issuer whatever their case: the trích yếu or the sentence goes on
_ISSUER_STOP = {
    "về", "v/v", "ban", "quy", "phê", "hướng", "sửa", "thay", "bãi", "công", "triển", "thực", "kịp", "đã",
    "được", "tại", "theo", "trong", "năm", "ngày", "có", "để", "nhằm", "trên", "cho", "đối", "với", "số",
    "là", "đến", "từ", "này", "đó", "các", "những", "khi", "như", "giao", "thì", "phải", "mà", "nay",
    "hiện", "đang", "sẽ", "cũng", "tiếp", "gồm", "bao", "thông", "tổ", "kèm",
    "kết",  # "Thông báo số 21/TB-UBND … của UBND phường Tân Lập kết luận của Chủ tịch …"
}
_ORDINALS = {"nhất", "hai", "ba", "tư", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"}
# a head wrapped by a PDF line keeps its words ("của Chính\nphủ sửa đổi …", "Ủy ban nhân\ndân tỉnh")
_HEAD_RE = regex.compile("(?:" + _ISSUER_HEADS.replace(" ", r"(?:[ ]+|[ ]*\n[ ]*)") + r")(?![\p{L}])", regex.I)
_TOKEN = regex.compile(r"\(\s*[Kk]hóa\s+[IVXLC\d]+\s*\)|[\p{L}\p{M}&](?:[\p{L}\p{M}&\d]|\.(?=\p{L}))*|\d+|[-–]")


# (a line wrap inside the subject goes on when the next line starts in lower case: a flattened table cell)
_STEERING_SUBJECT = regex.compile(
    r"[ ]+(?:về|thực\s+hiện)[ ]+(?:[^;:.()\n]|[ ]*\n[ ]*(?=\p{Ll})){3,150}?"
    r"(?=[ ]*\n?[ ]*về\b|[ ]*(?:[;:.()]|\n(?![ ]*\p{Ll})|$)|,[ ]+(?=\p{Lu}))")
_JOINT = regex.compile(r",[ ]+(?P<body>[\p{Lu}][\p{L}]*(?:[ ]+[\p{L}]+){1,6}?)(?=[ ]*(?:[;.,)\n]|$|[ ]+(?:về|ngày|tại|số)\b))")
_JOINT_END = regex.compile(r"[ ]*(?:[;.,)\n]|$|(?:về|ngày|tại|số)\b)")


@cache
def _known_bodies() -> frozenset[str]:
    return frozenset(n.lower() for b in rules.bodies() for n in b.names)


def _known_body(name: str) -> bool:
    return spaced(name).strip().lower() in _known_bodies()


def spaced(name: str) -> str:
    """A name with its white space (line wraps included) as single spaces."""
    return rx(r"\s+").sub(" ", name)


_WRAP = limits.anchored(r"[ ]*\n[ ]*")
# heads that are no name by themselves: a line wrap after them goes on with the name
_NEEDS_MORE = {"bộ", "ban", "ủy ban", "uỷ ban", "văn phòng", "sở", "cục", "tổng cục", "chi cục", "thủ tướng",
               "hội đồng", "ban chấp hành", "ban thường vụ", "ban chỉ đạo", "bộ trưởng", "giám đốc", "chủ tịch",
               "ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân", "thanh tra", "tòa án", "viện kiểm sát",
               "bảo hiểm xã hội", "ngân hàng", "kho bạc", "công an", "bộ tư lệnh", "mặt trận", "hội nghị"}
_NOT_AFTER_WRAP = regex.compile(r"(?:Điều|Chương|Mục|Phần|Căn|Theo|Xét|Thực|Để|Nơi|Kính|Trên|Tại|Các|Giao)\b")


def match_issuer(text: str, pos: int) -> tuple[int, int] | None:
    """The span of an issuer's name starting at ``pos`` (right after ``của``), or None."""
    head = _HEAD_RE.match(text, pos)
    if not head:
        return None
    end = cursor = head.end()
    head_name = spaced(head.group()).lower()
    lowers_in_row = 0
    while True:
        sep = _SEP.match(text, cursor)
        t = _TOKEN.match(text, sep.end()) if sep else None
        if not t:
            # a name wrapped by a PDF line ("… của Bộ\nChính trị", "… của Thủ tướng\nChính phủ")
            sep = _WRAP.match(text, cursor)
            t = _TOKEN.match(text, sep.end()) if sep else None
            if (not t or not t.group()[0].isupper() or t.group().isupper() or _NOT_AFTER_WRAP.match(text, sep.end())
                    or spaced(text[pos:end]).lower() not in _NEEDS_MORE):
                break
        tok = t.group()
        low = tok.lower()
        again = _HEAD_RE.match(text, t.start()) if t.start() > head.end() else None
        if again and spaced(again.group()).lower() == head_name:
            break  # "… CỦA ỦY BAN NHÂN DÂN TỈNH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH": a name never holds its head twice
        nxt = _TOKEN.match(text, t.end() + 1) if text[t.end():t.end() + 1] == " " else None
        nxt_low = nxt.group().lower() if nxt else ""
        if low == "ban" and nxt_low == "hành":
            break
        if low in _ORDINALS and low_prev(text, sep.start()) == "thứ":
            # "Hội nghị lần thứ sáu Ban Chấp hành Trung ương khóa XII", "lần thứ năm" (not a year)
            cursor = end = t.end()
            lowers_in_row = 0
            continue
        if low in _ISSUER_STOP and not (tok[0].isupper() and low in {"ban", "công", "thông", "tổ"}) \
                and not (low == "ban" and low_prev(text, sep.start()) in {"ủy", "uỷ"}):
            break  # ("Chủ tịch Ủy ban nhân dân tỉnh": the "ban" of "Ủy ban" goes on)
        if low == "và" and (not nxt or not nxt.group()[0].isupper() or _starts_reference(text, nxt.start())):
            break
        if tok in {"-", "–"}:
            # "Bộ Lao động - Thương binh và Xã hội": a dash inside a name joins capitalised words
            if not nxt or not nxt.group()[0].isupper():
                break
        elif tok.startswith("("):
            pass
        elif tok[0].isupper() or low in _ISSUER_LOWER:
            lowers_in_row = 0
        elif tok.isdigit() and (low_prev(text, sep.start()) == "thứ" or nxt_low == "khóa"):
            # "Hội nghị lần thứ 6", "Hội nghị Trung ương 6 khóa XII"
            lowers_in_row = 0
        elif tok[0].islower() and lowers_in_row < 2 and _prev_is_upper(text, sep.start()):
            lowers_in_row += 1
        else:
            break
        cursor = t.end()
        if tok not in {"-", "–"}:
            end = cursor
    # a trailing connector is not part of the name
    while True:
        tail = rx(r"(?:\s+(?:và|lần|thứ|lần thứ))$").search(text[pos:end])
        if not tail:
            break
        end = pos + tail.start()
    # a steering committee is named by its subject: "Ban Chỉ đạo Trung ương về tổng kết Nghị quyết số 18-NQ/TW"
    # (the first "về" is the name's, a second one opens the document's title)
    if rx(r"(?i)ban\s+chỉ\s+đạo\b").match(text[pos:end]):
        subject = _STEERING_SUBJECT.match(text, end)
        if subject:
            end = subject.end()
    # joint issuers: "của Bộ Chính trị, Ban Bí thư về …", "của Bộ Tài chính, Bộ Y tế;" — two known bodies,
    # and the second ends the phrase (not "…, Bộ Y tế chủ trì …", a new clause)
    if _known_body(text[pos:end]):
        joint = _JOINT.match(text, end)
        if joint and _known_body(joint.group("body")) and _JOINT_END.match(text, joint.end()):
            end = joint.end()
    return (pos, end)


_SEP = regex.compile(r"[ ]?")


@cache
def _reference_start_re() -> regex.Pattern:
    return regex.compile(rf"(?:(?i:{_kind_re()})\s*{_SO}?\d|(?:Luật|Bộ luật|Hiến pháp|Pháp lệnh)\s)")


def _starts_reference(text: str, pos: int) -> bool:
    """Whether a new reference (``Nghị định số 117…``, ``Luật …``) starts at ``pos``."""
    return _reference_start_re().match(text, pos) is not None


def low_prev(text: str, cursor: int) -> str:
    m = rx(r"([\p{L}\p{M}]+)\s*$").search(text[max(0, cursor - 20):cursor])
    return m.group(1).lower() if m else ""


def _prev_is_upper(text: str, cursor: int) -> bool:
    """Whether the word before ``cursor`` is a capitalised one (``Khoa`` before ``học``)."""
    m = rx(r"([\p{L}\p{M}&]+)\s*$").search(text[max(0, cursor - 30):cursor])
    return bool(m) and m.group(1)[0].isupper()


# -- titles (trích yếu) ---------------------------------------------------------------------

@cache
def _title_start_re() -> regex.Pattern:
    cues = sorted(rules.load("relations")["title_cues"], key=len, reverse=True)
    alts = rules.phrases(cues)
    return regex.compile(rf"\s*,?\s*(?P<cue>(?i:{alts}))(?=[\s:,])")


@cache
def _clause_end_re() -> regex.Pattern:
    # a title also ends where the next coordinated reference starts: "… và Nghị định số 117/2013/NĐ-CP"
    kinds = _kind_re()
    return regex.compile(
        r"[;]|\n(?![ ]*\p{Ll})|\.(?=\s|$)|:\s|\)|(?<=\S),\s+(?=(?:và\s+)?(?:[\p{Lu}]))|\s*\((?=sau\s+đây|dưới\s+đây)|(?<=\p{Ll})\s(?=(?:Thay\s+thế|Sửa\s+đổi|Bổ\s+sung|Bãi\s+bỏ)\s)"
        rf"|\s+(?:và|hoặc)\s+(?=(?i:{kinds})\s*{_SO}?\d)"
    )


_AND_BEFORE = regex.compile(r"\s*(?:và\s+|VÀ\s+)?")


def clause_end(text: str, pos: int, limit: int = 400) -> int:
    """End of the clause that starts at ``pos`` (``;``, ``.``, a line end, ``)``, the next reference)."""
    depth = 0
    for m in _clause_end_re().finditer(text, pos, min(len(text), pos + limit)):
        if m.group().startswith(",") and not rx(r"\p{Ll}").search(text, pos=pos, endpos=m.start()):
            # an upper-case title ("QUY ĐỊNH VỀ HÓA ĐƠN, CHỨNG TỪ, NGHỊ ĐỊNH SỐ 70/2025/NĐ-CP …"): a comma
            # before a capital ends it only where the next reference starts
            nxt = _AND_BEFORE.match(text, m.end()).end()
            if not _starts_reference(text, nxt):
                continue
        if m.group() == ")":
            # "… (CCHC) trên địa bàn tỉnh": a parenthesis opened inside the title is no end
            opened = text.count("(", pos, m.start()) - text.count(")", pos, m.start())
            if opened > depth:
                continue
        return m.start()
    return min(len(text), pos + limit)


# -- finding ----------------------------------------------------------------------------------

@dataclass(slots=True)
class Found:
    """A reference as found, before resolution."""

    start: int
    end: int
    kind_text: str | None
    type: str | None
    id: str | None
    date: str | None = None
    year: int | None = None
    issuer: tuple[int, int] | None = None
    title: tuple[int, int] | None = None
    law_name: tuple[int, int] | None = None
    id_span: tuple[int, int] | None = None


def year_of(ident: str | None, date: str | None) -> int | None:
    if ident:
        m = rx(r"\d+[a-z]?/((?:19|20)\d\d)(?:/|$)", regex.I).match(ident)
        if m:
            return int(m.group(1))
    if date:
        return int(date[:4])
    return None


def _expand_ids(raw: str) -> list[str]:
    """``12, 13/QĐ-UBND`` → ``12/QĐ-UBND``, ``13/QĐ-UBND``; other ids as they are."""
    m = rx(rf"((?:{NUM}\s?,\s?)+{NUM})\s?/\s?(.+)").fullmatch(raw)
    if m and "," in m.group(1):
        nums = [n.strip() for n in m.group(1).split(",")]
        return [f"{n}/{m.group(2)}" for n in nums]
    return [raw]


def _tail(text: str, pos: int, found: Found) -> int:
    """Parse dates, years and ``của ISSUER`` after an id; return the new end."""
    pats = _patterns()
    end = pos
    for _ in range(4):
        m = pats["date"].match(text, end)
        if not m and found.law_name is not None and found.date is None:
            passed = pats["passed"].match(text, end)
            m = pats["date"].match(text, passed.end()) if passed else None
        if m and found.date is None:
            iso = date_from_match(m)
            if iso:
                found.date = iso
                end = m.end()
                continue
        m = pats["of"].match(text, end)
        if m and found.issuer is None:
            span = match_issuer(text, m.end())
            if span and span[1] > span[0]:
                found.issuer = span
                end = span[1]
                continue
        if found.kind_text is None or found.law_name is not None or found.id is None:
            m = pats["year"].match(text, end)
            if m and found.year is None and found.date is None:
                found.year = int(m.group("year"))
                end = m.end()
                continue
        break
    return end


def _title(text: str, pos: int) -> tuple[int, int] | None:
    m = _title_start_re().match(text, pos)
    if not m:
        return None
    start = m.start("cue")
    end = clause_end(text, m.end())
    # inside parentheses the title closes with them
    return (start, end) if end > m.end() else None


def find_references(text: str) -> list[Found]:
    """Every reference in ``text``, in order; nested ones included (resolution sorts them out)."""
    pats = _patterns()
    out: list[Found] = []
    taken = _Taken()  # id spans already used

    for m in pats["kinded"].finditer(text):
        kind_text = m.group("kind")
        if rx(r"(?i)pháp\s+$").search(text[max(0, m.start() - 8):m.start()]):
            continue  # "Pháp lệnh …" is a law-like act, found with the laws
        slug = rules.kind_by_name().get(rx(r"\s+").sub(" ", kind_text).lower().replace("đinh", "định"))
        raw = m.group("id")
        if rx(ID_SHORT).fullmatch(raw):
            _short_form(text, m, slug, out, taken)
            continue
        ids = _expand_ids(raw)
        group: list[Found] = []
        for ident in ids:
            cid = canonical_id(ident)
            group.append(Found(m.start(), m.end(), kind_text, slug or kind_of_symbol(cid), cid,
                               id_span=m.span("id")))
        taken.append(m.span("id"))
        end = _tail(text, m.end(), group[-1])
        for g in group[:-1]:
            g.date, g.issuer, g.year = group[-1].date, group[-1].issuer, group[-1].year
        for g in group:
            g.end = end
        out.extend(group)
        # a list: "các Nghị định số 130/2005/NĐ-CP và 117/2013/NĐ-CP"
        cursor = end
        while True:
            n = pats["next_id"].match(text, cursor)
            if not n:
                break
            cid = canonical_id(n.group("id"))
            f = Found(n.start("id"), n.end(), kind_text, slug or kind_of_symbol(cid), cid, id_span=n.span("id"))
            f.end = _tail(text, n.end(), f)
            taken.append(n.span("id"))
            out.append(f)
            cursor = f.end
        last = out[-1]
        t = _title(text, last.end)
        if t:
            last.title = t

    for f in _find_laws(text, taken):
        out.append(f)
    for m in pats["bare"].finditer(text):
        if taken.overlaps(*m.span("id")):
            continue
        if _FORM_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            continue  # "Mẫu số 01/TB-KTT": a form's number, no document
        cid = canonical_id(m.group("id"))
        slug = kind_of_symbol(cid)
        if slug is None:
            continue
        f = Found(m.start(), m.end(), None, slug, cid, id_span=m.span("id"))
        f.end = _tail(text, m.end(), f)
        t = _title(text, f.end)
        if t:
            f.title = t
        taken.append(m.span("id"))
        out.append(f)

    out.sort(key=lambda f: (f.start, f.end))
    return out


_FORM_BEFORE = regex.compile(r"(?i)\b(?:mẫu|biểu\s+mẫu|biểu)(?:\s+số)?\s*$")


class _Taken:
    """Character positions already claimed by an id (ids are short: a set beats interval search)."""

    def __init__(self) -> None:
        self._pos: set[int] = set()

    def append(self, span: tuple[int, int]) -> None:
        self._pos.update(range(*span))

    def overlaps(self, start: int, end: int) -> bool:
        return any(p in self._pos for p in range(start, end))


def _short_form(text: str, m: regex.Match, slug: str | None, out: list[Found], taken: _Taken) -> None:
    raw = canonical_id(m.group("id"))
    f = Found(m.start(), m.end(), m.group("kind"), slug, raw, id_span=m.span("id"))
    f.end = _tail(text, m.end(), f)
    taken.append(m.span("id"))
    out.append(f)


# -- laws, codes and the Constitution cited by name --------------------------------------------

_LAW_SLUG = {"luật": "luat", "bộ luật": "bo_luat", "hiến pháp": "hien_phap", "pháp lệnh": "phap_lenh"}
_LAW_STOP = {
    "đồng", "nhưng", "ngày", "năm", "số", "của", "đã", "được", "hiện", "có", "thì", "quy", "về", "tại", "để", "và", "hoặc",
    "theo", "trong", "này", "đó", "các", "những", "khi", "sau", "do", "mà", "nhằm", "với", "cho", "đến",
    "từ", "là", "như", "sẽ", "phải", "không", "gồm", "bao", "trên", "qua",
}
_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}\d]*")


def _find_laws(text: str, taken: _Taken) -> list[Found]:
    pats = _patterns()
    found: list[Found] = []
    for m in pats["law"].finditer(text):
        before = text[max(0, m.start() - 80):m.start()]
        if rx(r"(?i)\b(?:các|những)\s+$").search(before[-8:]):
            continue  # "các Luật sửa đổi, bổ sung …": a set of laws, no one law
        if _FOREIGN_LAW.search(before):
            continue  # "Công ước Liên hợp quốc về Luật Biển": no Vietnamese law
        kind_text = rx(r"\s+").sub(" ", m.group("kind"))
        slug = _LAW_SLUG[kind_text.lower()]
        caps = kind_text.isupper()
        name_start = m.end() + 1 if text[m.end():m.end() + 1].isspace() else m.end()
        wrap = _WRAP.match(text, m.end())
        if wrap and _unit_head(text, wrap.end()) and not _listed_law(text, wrap.end(), slug):
            # "… triển khai thi hành Luật" / "Văn phòng Sở": the next cell of a flattened table ("(Luật" /
            # "Bảo hiểm xã hội, …)" is a listed law's name wrapped)
            continue
        if kind_text.islower():
            # "theo quy định của luật Đất đai": lower-case only before a listed name
            if rx(r"(?i)\b(?:pháp|dự|bộ)\s+$").search(before[-10:]):
                continue
            known = _law_names_re(slug)
            k = known.match(text, name_start) if known is not None else None
            if k is None:
                continue
        name_end = _law_name_end(text, name_start, caps, slug)
        num = None
        cursor = name_end
        if name_end <= name_start and slug != "hien_phap":
            # "Luật số 59/2020/QH14": a law with a number and no name
            n = _LAW_NUMBER.match(text, m.end())
            if not n:
                continue
            num = n
            cursor = n.end()
        else:
            n = _LAW_NUMBER_AFTER.match(text, name_end)
            if n:
                num = n
                cursor = n.end()
        if num is not None and taken.overlaps(num.start("id"), num.start("id") + 1):
            if name_end <= name_start:
                continue
            num, cursor = None, name_end  # the number is the amending law's whose name lists this one
        if name_end > name_start:
            law_name = (m.start(), name_end)
        elif slug == "hien_phap":
            law_name = (m.start(), m.end())  # "Hiến pháp năm 2013": the name is the kind alone
            cursor = max(m.end(), cursor if num is not None else m.end())
        else:
            law_name = None
        f = Found(m.start(), cursor, kind_text, slug, canonical_id(num.group("id")) if num else None,
                  law_name=law_name,
                  id_span=num.span("id") if num else None)
        f.end = _tail(text, cursor, f)
        if num is not None:
            taken.append(num.span("id"))
        found.append(f)
        if f.year is not None and f.date is None and f.id is None:
            # "Luật Doanh nghiệp năm 2000, 2005, 2014": one law of each year
            for more in _MORE_YEARS.finditer(text, f.end):
                if more.start() != found[-1].end:
                    break
                found.append(Found(more.start("year"), more.end(), kind_text, slug, None, year=int(more.group("year")),
                                   law_name=law_name))
    return found


_LAW_NUMBER = limits.anchored(rf"\s*{_SO}(?P<id>{ID_LEGAL}){ID_END}")  # "Luật số 59/2020/QH14"
_LAW_NUMBER_AFTER = limits.anchored(rf"\s*,?\s*{_SO}(?P<id>{ID_LEGAL}){ID_END}")  # "Luật Đầu tư công số 39/2019/QH14"
_MORE_YEARS = regex.compile(r"\s*(?:,|và)\s*(?:năm\s+)?(?P<year>(?:19|20)\d\d)(?![\d/\p{L}])")


@cache
def _law_names_re(slug: str) -> regex.Pattern | None:
    names = rules.load("laws").get(slug) or []
    if not names:
        return None
    alts = rules.phrases(names, optional_commas=True)
    return regex.compile(rf"(?i:{alts})(?![\p{{L}}\d])")


# an international treaty's own "law" ("Công ước … về Luật Biển") is not a Vietnamese law
_FOREIGN_LAW = regex.compile(r"(?i)\b(?:công\s+ước|hiệp\s+định|điều\s+ước)\b[^.;()\n]{0,60}\bvề\s+$")


@cache
def _bill_re() -> regex.Pattern:
    """``Luật Quy hoạch (sửa đổi)``: a bill's mark is part of its name (SPEC rule 3)."""
    marks = rules.load("laws").get("bill_marks") or []
    return regex.compile(rf"[ ]?\n?[ ]?\((?:{rules.phrases(marks)})\)")


def _dated_in_its_year(text: str, num: regex.Match) -> bool:
    year = rx(r"/((?:19|20)\d\d)/").search(num.group())
    date = _patterns()["date"].match(text, num.end())
    iso = date_from_match(date) if date else None
    return bool(year and iso and iso[:4] == year.group(1))


def _ends_with_bill_mark(text: str, start: int, end: int) -> bool:
    return any(m.end() == end for m in _bill_re().finditer(text, start, end))


def stands_alone(text: str, f: Found) -> bool:
    """A law in a list that is no part of the list before it: an amending law of its own
    (``…, Luật sửa đổi, bổ sung … Luật Công chứng``) or a bill (``…, Luật Hộ tịch (sửa đổi)``)."""
    if f.law_name is None:
        return False
    kind = _INNER_LAW.match(text, f.law_name[0])
    return bool(kind and _AMENDING_HEAD.match(text, kind.end())) or _ends_with_bill_mark(text, *f.law_name)


def _with_bill_mark(text: str, end: int) -> int:
    m = _bill_re().match(text, end)
    return m.end() if m else end


_AMENDING_HEAD = regex.compile(
    r"(?i)sửa\s+đổi(?:,?\s*bổ\s+sung)?(?:\s+một\s+số\s+điều)?(?:\s+của)?\s+(?=(?:luật|bộ\s+luật|pháp\s+lệnh)\s)"
)
_AMENDS_SEVERAL = regex.compile(
    r"(?i)sửa\s+đổi(?:,?\s*bổ\s+sung)?(?:\s+một\s+số\s+điều)?\s+của\s+các\s+(?:bộ\s+)?luật\s+"
    r"(?:về|có\s+liên\s+quan\s+đến|liên\s+quan\s+đến)(?:\s+(?!(?:ngày|số|năm)\b)[\p{Ll}\p{M}]+){1,8}"
)
_INNER_LAW = regex.compile(r"(?i)(?P<kind>bộ\s+luật|luật|pháp\s+lệnh)\s+")
_INNER_NUMBER = limits.anchored(rf"\s*,?\s*{_SO}{ID_LEGAL}{ID_END}")
_INNER_SEP = regex.compile(r"\s*(?:,|và|;)\s*(?=(?i:bộ\s+luật|luật|pháp\s+lệnh)\s)")


def _listed_law(text: str, pos: int, slug: str) -> bool:
    known = _law_names_re(slug)
    return known is not None and known.match(text, pos) is not None


def _unit_head(text: str, pos: int) -> bool:
    from .units import _head_re

    return _head_re().match(text, pos) is not None


def _law_name_end(text: str, pos: int, caps: bool, slug: str) -> int:
    """End of a law's name starting at ``pos``: ``Tổ chức chính quyền địa phương``.

    An amending law is named by the laws it amends (``sửa đổi, bổ sung một số điều của Luật
    Chứng khoán, Luật Kế toán, … và Luật Xử lý vi phạm hành chính``): its name runs to the end of
    the last of them. Otherwise the longest name of ``rules/laws.yaml`` wins, and an unlisted name
    is read up to its date, year, number or the first word that cannot be part of a name."""
    several = _AMENDS_SEVERAL.match(text, pos)
    if several:
        return several.end()  # "Luật sửa đổi, bổ sung một số điều của các luật về thuế"
    head = _AMENDING_HEAD.match(text, pos)
    if head:
        end = cursor = head.end()
        for _ in range(30):
            inner = _INNER_LAW.match(text, cursor)
            if not inner or (end > head.end() and _AMENDING_HEAD.match(text, inner.end())):
                break  # "…, Luật sửa đổi, bổ sung … Luật Công chứng": a list of laws, each its own
            inner_slug = _LAW_SLUG[rx(r"\s+").sub(" ", inner.group("kind").lower())]
            name_end = _law_name_end(text, inner.end(), caps, inner_slug)
            if name_end <= inner.end() or (end > head.end() and _ends_with_bill_mark(text, inner.end(), name_end)):
                break  # "…, Luật Hộ tịch (sửa đổi)": a bill of its own
            end = name_end
            num = _INNER_NUMBER.match(text, end)
            sep = _INNER_SEP.match(text, num.end() if num else end)
            if num and not sep and _dated_in_its_year(text, num):
                # "Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế số 46/2014/QH13 ngày 13
                # tháng 6 năm 2014", "… của Luật Phòng, chống thiên tai và Luật Đê điều số 60/2020/QH14
                # ngày 17 tháng 6 năm 2020": the list's last law, then a number dated in its own year:
                # the amending law's own number
                break
            if num:
                end = num.end()  # "của Luật Đầu tư công số 39/2019/QH14, Luật …": the listed law's number
            if not sep:
                break
            cursor = sep.end()
        return end
    known = _law_names_re(slug)
    if known is not None:
        m = known.match(text, pos)
        if m:
            return _with_bill_mark(text, m.end())
    return _with_bill_mark(text, _unlisted_name_end(text, pos, caps, slug))


# a law named in a list of laws ("(Luật Cơ quan đại diện …, Luật Thỏa thuận quốc tế, Luật Hàm cấp ngoại giao...)")
# runs to the list's separator
_IN_LAW_LIST = regex.compile(r"(?:[(,:;]|\bvà)\s*(?:Luật|Bộ\s+luật|Pháp\s+lệnh)\s+$")
_LIST_ITEM = regex.compile(
    r"(?:[^,;.()\n…]|\n(?=\p{Ll})|,(?=\s*(?:chống|biển)\b)){2,120}?"
    r"(?=\s*(?:,\s*(?:và\s+)?(?:Luật|Bộ\s+luật|Pháp\s+lệnh)\s|\.{3}|…|\(|\)|\s+và\s+(?:Luật|Bộ\s+luật|Pháp\s+lệnh)\s))"
)
_NOT_IN_NAME = regex.compile(r"(?i)\b(?:ngày|năm|số)\s+\d|\b(?:của|theo|tại|đã|được|quy\s+định)\b")


def _unlisted_name_end(text: str, pos: int, caps: bool, slug: str) -> int:
    end = _unlisted_words_end(text, pos, caps, slug)
    if end > pos and _IN_LAW_LIST.search(text, max(0, pos - 16), pos):
        item = _LIST_ITEM.match(text, pos)
        if item and item.end() > end and not _NOT_IN_NAME.search(item.group()):
            return item.end()
    return end


def _unlisted_words_end(text: str, pos: int, caps: bool, slug: str) -> int:
    end = pos
    cursor = pos
    first = True
    n_words = 0
    while n_words < (10 if slug == "hien_phap" else 8):
        w = _WORD.match(text, cursor)
        if not w:
            dash = _NAME_DASH.match(text, cursor)
            if dash and not first:
                cursor = dash.end()
                continue
            break
        word = w.group()
        low = word.lower()
        if first:
            if not word[0].isupper() and not (slug == "hien_phap" and low == "nước"):
                return pos
            if len(word) >= 2 and word.isupper() and not caps:
                return w.end()  # "Luật BHYT": an abbreviated name is one word
            if caps and low in _LAW_STOP:
                return pos
        elif low in _LAW_STOP:
            if not (low == "và" and not caps and _next_is_capital_nonlaw(text, w.end())):
                break
        cursor = end = w.end()
        n_words += 1
        first = False
        sp = _NAME_SPACE.match(text, cursor)
        if not sp:
            break
        cursor = sp.end()
    return end


_NAME_DASH = regex.compile(r"\s?[-–]\s?(?=[\p{Lu}])")
# between the words of a name: spaces, a line wrap before a lower-case word, the comma of "phòng, chống"
_NAME_SPACE = regex.compile(r"[ ]*\n[ ]*(?=\p{Ll})|[ ]+|,\s*(?=chống\b|CHỐNG\b)")


def _next_is_capital_nonlaw(text: str, pos: int) -> bool:
    m = _WORD.match(text, pos + 1) if text[pos:pos + 1] == " " else None
    return bool(m) and m.group()[0].isupper() and m.group().lower() not in {"luật", "bộ", "nghị", "thông", "quyết"}


def to_reference(text: str, f: Found) -> Reference:
    """A :class:`Reference` with the raw fields of a found mention (resolution comes after)."""
    # a name or title wrapped by the lines of a table cell is given with single spaces
    title = None
    if f.law_name is not None:
        title = spaced(text[f.law_name[0]:f.law_name[1]])
    elif f.title is not None:
        title = spaced(text[f.title[0]:f.title[1]].strip())
    issuer = spaced(text[f.issuer[0]:f.issuer[1]]) if f.issuer else None
    return Reference(
        text=text[f.start:f.end],
        span=(f.start, f.end),
        type=f.type,
        id=f.id,
        date=f.date,
        issuer=issuer,
        title=title,
        year=f.year or year_of(f.id, f.date),
    )
