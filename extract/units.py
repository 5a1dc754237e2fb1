"""Units: the bodies, office holders and persons that assign and receive work.

A unit's name starts with a head word of ``rules/units.yaml`` (``Sở``, ``Bộ``, ``Ủy ban nhân
dân``, ``Chánh Văn phòng`` …) or a generic ``các sở, ban, ngành``, and runs to the verb that
starts the predicate; a list of units is split where a new unit starts, never inside a name that
itself holds ``và`` (``Sở Khoa học và Công nghệ``) — SPEC ``tasks``, rules 7–8.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

import regex

from . import rules
from .patterns import rx


@cache
def _unit_data() -> dict:
    return rules.load("units")


@cache
def _head_re() -> regex.Pattern:
    """A unit's first words: a capitalised head word (``Sở``, ``Phòng``, ``Chánh Văn phòng``) or a
    generic ``Các phòng, đơn vị …``. Heads that are also common words (``Tổ chức``, ``Ban hành``,
    ``Bộ chỉ số``) need a name after them."""
    data = _unit_data()
    heads = sorted(data["heads"] + data["position_heads"], key=len, reverse=True)
    named = set(data.get("need_name", []))
    alts = []
    for h in heads:
        pat = regex.escape(h).replace(r"\ ", r"\s+")
        if h in named:
            # a name, a number, or the places it stands for: "Đảng ủy xã", "Đảng ủy các xã, thị trấn", "cấp huyện"
            pat += r"(?=\s+(?:[\p{Lu}\d]|(?:các\s+)?(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn|cấp)\b))"
        alts.append(pat)
    generic = "|".join(data["generic"])
    return regex.compile(rf"(?:{generic})|(?:{'|'.join(alts)})(?![\p{{L}}])")


@cache
def _verb_re() -> regex.Pattern:
    verbs = sorted(_unit_data()["verbs"], key=len, reverse=True)
    alts = rules.phrases(verbs)
    return regex.compile(rf"(?<![\p{{L}}])(?:{alts})(?![\p{{L}}])")


# "… và cơ quan bảo hiểm xã hội": a lower-case unit after "và" in a list of units
_LOWER_UNIT = regex.compile(r"(?:cơ\s+quan|cơ\s+sở|đơn\s+vị|tổ\s+chức|doanh\s+nghiệp|đại\s+biểu)\s+\p{L}")
_SUBUNIT = regex.compile(r"(?:Vụ|Cục|Tổng cục|Văn phòng|Thanh tra|Phòng|Ban|Trung tâm|Chi cục|Viện)\s")
_PARENT = regex.compile(r"(?:Bộ|Sở|UBND|Ủy ban nhân dân|Tổng cục)\s")
_UNIT_SPLIT = regex.compile(r"\s*(?:,|;|\bvà\b|\bvới\b)\s*")


@cache
def person_re() -> regex.Pattern:
    """A person: an honorific, a rank or both, then a name of two to five capitalised words
    (``Đồng chí Thượng tướng Nguyễn Văn Long``, ``ông Phạm Ngọc Thắng``)."""
    data = _unit_data()
    honorific = rules.phrases(data["honorifics"])
    rank = rules.phrases(data["ranks"])
    name = r"(?:[\p{Lu}][\p{Ll}]+\s+){1,4}[\p{Lu}][\p{Ll}]+(?![\p{L}])"
    return regex.compile(rf"(?:(?i:{honorific})\s+(?:(?:{rank})\s+)?|(?:{rank})\s+){name}")


@cache
def _names_re() -> regex.Pattern:
    """Full names of the bodies of ``rules/bodies.yaml`` (any spacing, case of the first letter aside)."""
    data = rules.load("bodies")
    names = [n for group in data.values() for n in group["names"]]
    return regex.compile(rf"(?<![\p{{L}}])(?:{rules.phrases(names)})(?![\p{{L}}])", regex.I)


@cache
def _collective_re() -> regex.Pattern:
    return regex.compile(rf"(?:{rules.phrases(_unit_data()['collective'])})(?![\p{{L}}])", regex.I)


@cache
def _distinct_re() -> regex.Pattern:
    return regex.compile(rf"(?:{rules.phrases(_unit_data()['distinct'])})(?![\p{{L}}])")


# a kind of body named with a capital but no name of its own: "Tập đoàn kinh tế", "Tổng công ty"
_GENERIC_HEAD = regex.compile(r"(?:(?:các|Các)\s+)?(?:Tập\s+đoàn|Tổng\s+công\s+ty|Công\s+ty|Doanh\s+nghiệp|Hiệp\s+hội)(?:\s+\p{Ll}+)*")
_SEPARATOR = regex.compile(r"\s*;\s*|\s*,\s*|\s+và\s+|\s+với\s+")
_PARENTHESIS = regex.compile(r"\s*\([^()]{1,160}\)")
_HONORIFIC = regex.compile(r"(?i)^(?:đồng\s+chí|đ/c)\s+(?=\p{Lu})")
_COLLECTIVE_HEAD = regex.compile(r"(?i)^(?:các|mỗi|từng|những)\s")


def _is_collective(unit: str) -> bool:
    """``Các sở``, ``cơ quan``, ``hiệp hội``: a kind of body rather than one body."""
    return bool(_COLLECTIVE_HEAD.match(unit) or _collective_re().fullmatch(unit.strip())
                or _collective_re().match(unit) and unit[:1].islower() or rx(r"(?i)(?:cơ\s+quan|cấp\s+ủy)\b").match(unit))


@cache
def _collective_tail_re() -> regex.Pattern:
    """``… các huyện, thị xã``: a list of kinds of bodies after ``các`` that is still open."""
    words = rules.phrases(_unit_data()["collective"])
    return regex.compile(rf"(?i)\bcác\s+(?:{words})(?:\s*,\s*(?:{words}))*$")


def _starts_unit(piece: str, current: str, sep: str = ",") -> bool:
    """Whether ``piece``, after a comma, ``và`` or ``với`` (``sep``) in a list, names a unit of its own."""
    if not piece:
        return False
    if _GENERIC_HEAD.fullmatch(current.strip()) and _GENERIC_HEAD.fullmatch(rx(r"\s*[,;]").split(piece)[0].strip()):
        return False  # "Tập đoàn kinh tế, Tổng công ty": kinds of body, one collective unit
    if person_re().match(piece) or _names_re().match(piece) and piece[:1].isupper():
        return True
    if _distinct_re().match(piece):
        return True
    if rx(r"(?i)(?:thành\s+phố|tỉnh)\b").match(piece) and rx(r"(?i)\b(?:các\s+)?tỉnh$").search(current):
        return False  # "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương": one qualifier
    if piece[:1].islower() and _collective_re().match(piece) and _collective_tail_re().search(current) and sep != "và":
        return False  # "UBND các huyện, thị xã, thành phố", "Ủy ban nhân dân các quận, huyện"
    if _COLLECTIVE_HEAD.match(piece):
        return bool(_head_re().match(piece))
    if _field_head(current) and _field_start(piece):
        return True  # "Bộ Công Thương, Khoa học và Công nghệ": two ministries, the second without "Bộ"
    if piece[:1].isupper():
        # "Bộ Khoa học và Công nghệ, Cơ quan, tổ chức và doanh nghiệp liên quan" (a cell's new line opens with a
        # capital): kinds of body after a named unit start a collective unit of their own
        first = rx(r"[^,;]*").match(piece).group()
        return bool(_head_re().match(piece)) or bool(_collective_re().match(piece)) and not _is_collective(current) \
            and not _collective_re().fullmatch(current.strip()) and not rx(r"\p{Lu}").search(first, 1)
    # lower case: a kind of body goes on with a collective unit ("Các sở, ban, ngành"), and after a
    # named unit starts one of its own ("Khu Công nghệ số tập trung và hiệp hội, doanh nghiệp liên quan")
    if sep == "và" and _LOWER_UNIT.match(piece) and not rx(r"(?:\p{L}+\s+){1,2}(?:có\s+)?liên\s+quan\b").match(piece):
        return True  # "Các cơ sở khám bệnh, chữa bệnh và cơ quan bảo hiểm xã hội"
    if _collective_re().match(piece) or _head_re().match(piece):
        if _collective_re().fullmatch(current.strip()):
            return False  # "…, cơ quan, tổ chức và doanh nghiệp liên quan": kinds of body listed, one unit
        return not _is_collective(current)
    return False


@cache
def _fields_re() -> regex.Pattern:
    return regex.compile(rf"(?:{rules.phrases(_unit_data().get('fields', []))})(?![\p{{L}}])")


_FIELD_HEAD = regex.compile(r"(?:Bộ|Sở|Phòng)\s+")


def _field_head(unit: str) -> str | None:
    """``Bộ`` of ``Bộ Công Thương``: the head of a body named by a field of state management."""
    m = _FIELD_HEAD.match(unit)
    return m.group().strip() if m and _fields_re().match(unit, m.end()) else None


def _field_start(piece: str) -> bool:
    m = _fields_re().match(piece)
    return bool(m) and piece[:1].isupper() and rx(r"\s*(?:[,;]|và\b|$)").match(piece[m.end():]) is not None


# phrases whose comma joins two words of one name: "lực lượng chuyên trách phòng, chống tội phạm"
_NO_SPLIT = regex.compile(r"(?i)\bphòng\s*,\s*chống\b")
# "UBND các xã: Đức Trọng, Hiệp Thạnh", "các Bộ: Tài chính, …": the names of the kind follow the colon
_NAMES_FOLLOW = regex.compile(r"(?i)\bcác\s+(?:\p{L}+\s+)?\p{L}+\s*$")
_GROUP_LABEL = regex.compile(r"\s*:\s+")
_ELLIPTIC = regex.compile(r"(?i)(?:các\s+)?(?P<head>Bộ|Sở)\s*:\s*(?P<list>.+)$")


def _label_before(text: str, pos: int, colon: int, name_end: int) -> bool:
    """``Sở Tài chính:`` labels the duty after the colon; ``Giám đốc Sở ghi nhận:`` is a predicate (a word
    underthesea tags as a verb between the name and the colon)."""
    from .tagging import predicate_start

    # a note in parentheses is no predicate ("Công chức Văn phòng - Thống kê (phụ trách công tác thi đua):"), nor
    # a verb's word used as a noun after "các" ("… và các tổ chức chính trị - xã hội xã:")
    snippet = _PARENTHESIS.sub(lambda m: " " * len(m.group()), text[pos:colon])
    after = name_end - pos
    while (found := predicate_start(snippet, after)) is not None:
        if not (_NOUN_BEFORE.search(snippet, max(0, found - 8), found) or _NOUN_USE.match(snippet, found)):
            return False
        after = found + 1
    return True


def opens_with_a_unit(value: str) -> bool:
    """``value`` opens with a unit's head word, a known name or a person (``Trưởng các thôn``, ``Sở Nội vụ``)."""
    return bool(_head_re().match(value) or _known_at(value, 0, len(value)) or person_re().match(value))


def _known_at(text: str, pos: int, end: int) -> regex.Match | None:
    """A name the lexicon knows at ``pos``, also after ``các``/``mỗi``/``từng`` (``các Ban Quản lý dự án đầu tư
    xây dựng khu vực``: the kind of a known name, in the plural)."""
    known = _known_name_re().match(text, pos, end)
    if not known:
        plural = _COLLECTIVE_HEAD.match(text[pos:end])
        known = _known_name_re().match(text, pos + plural.end(), end) if plural else None
    return known


# "Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ (sau đây gọi chung là Bộ, ngành)": a document names a set
# of bodies once, and writes the name after ("các Bộ, ngành, địa phương báo cáo …")
_ALIAS_NOTE = regex.compile(
    r"\(\s*(?:sau\s+đây\s+)?(?:gọi\s+(?:chung|tắt)\s+là|viết\s+tắt\s+là)\s+[“\"]?(?P<alias>[^()“”\"\n]{1,60}?)[”\"]?\s*\)")
_DEFINED: ContextVar[tuple[str, ...]] = ContextVar("vanban_defined_units", default=())


def defined_names(text: str) -> tuple[str, ...]:
    """The names ``text`` gives sets of bodies (``(sau đây gọi chung là Bộ, ngành)``), longest first."""
    names = {rx(r"\s+").sub(" ", m.group("alias")).strip(" ,.;") for m in _ALIAS_NOTE.finditer(text)}
    return tuple(sorted((n for n in names if n), key=len, reverse=True))


@contextmanager
def names_defined(names: tuple[str, ...]) -> Iterator[None]:
    """:func:`split_units` within: a value that lists ``names`` and nothing else is split into them."""
    token = _DEFINED.set(names)
    try:
        yield
    finally:
        _DEFINED.reset(token)


def _defined_list(value: str) -> list[str] | None:
    """``value`` as a list of names the document defined and nothing else (``các Bộ, ngành, địa phương``:
    ``các Bộ, ngành`` and ``địa phương``), or None. A list that holds other words too is read as ever
    (``các bộ, cơ quan, địa phương`` is one unit)."""
    names = _DEFINED.get()
    if not names:
        return None
    out, pos = [], 0
    while True:
        end = _alias_at(value, pos, names)
        if end is None:
            return None
        out.append(value[pos:end])
        if not value[end:].strip(" .;:"):
            break
        sep = _SEPARATOR.match(value, end)
        if sep is None:
            return None
        pos = sep.end()
    return out if len(out) >= 2 else None


def _alias_at(value: str, pos: int, names: tuple[str, ...]) -> int | None:
    """The end of a defined name at ``pos`` (``các`` before it allowed), or None."""
    m = rx(r"(?i)(?:các\s+)?").match(value, pos)
    start = m.end()
    for name in names:
        end = start + len(name)
        if value[start:end].lower() == name.lower() and not value[end:end + 1].isalpha():
            return end
    return None


def _defined_sets(value: str) -> tuple[list[str], str] | None:
    """``A (sau đây gọi chung là X) và B (sau đây gọi chung là Y) …``: A and B, each one unit as written,
    and what follows the last note; None without such a note."""
    notes = list(_ALIAS_NOTE.finditer(value))
    if not notes:
        return None
    pieces, start = [], 0
    for m in notes:
        piece = _SET_JOIN.sub("", value[start:m.start()]).strip(" ,;")
        if piece:
            pieces.append(rx(r"\s+").sub(" ", piece))
        start = m.end()
    return pieces, _SET_JOIN.sub("", value[start:]).strip(" ,;.")


_SET_JOIN = regex.compile(r"^\s*(?:,|và|;)?\s*")


def split_units(value: str, lenient: bool = False, cut_at_verb: bool = True) -> list[str]:
    """Units named in ``value``: split at ``;`` always, at commas, ``và`` and ``với`` only where a
    new unit starts (a head word, a known body, a person; a kind of body after a named one), never
    inside a name the lexicon knows (``Sở Văn hóa, Thể thao và Du lịch``) nor inside a collective
    unit (``Các sở, ban, ngành, địa phương``). Cut at the first verb (``Các phòng, đơn vị thực hiện
    …`` → ``Các phòng, đơn vị``); notes in parentheses and honorifics are dropped (SPEC rule 8)."""
    value = value.strip().rstrip(".;:")
    sets = _defined_sets(value)
    if sets is not None:  # the bodies a note names as one set are one unit; what follows is split as usual
        pieces, rest = sets
        return pieces + (split_units(rest, lenient, cut_at_verb) if rest else [])
    named = _defined_list(value)
    if named is not None:
        return named  # "các Bộ, ngành, địa phương" where "Bộ, ngành" and "địa phương" are the document's names
    known = _known_at(value, 0, len(value))  # "Sở Xây dựng", "Ban Quản lý dự án đầu tư xây dựng": no verbs
    verb = _predicate(value, known.end() if known else 0, len(value)) if cut_at_verb else None
    if verb and verb.start() > 0:  # a verb right at the start is no unit boundary
        value = value[:verb.start()].rstrip(" ,")
    value = _PARENTHESIS.sub("", value).strip(" ,;.")
    label = _GROUP_LABEL.search(value)
    if label and not _ELLIPTIC.match(value) and opens_with_a_unit(value) and opens_with_a_unit(value[label.end():]):
        # "Các thôn: Trưởng thôn Đông Phú, Trưởng thôn Lãng Hạ": a group, then its members by name — each a unit
        return split_units(value[:label.start()], lenient, False) + split_units(value[label.end():], lenient, False)
    protected = [m.span() for m in _names_re().finditer(value)]
    protected += [m.span() for m in _NO_SPLIT.finditer(value)]
    if known:
        protected.append(known.span())
    first = _head_re().match(value)
    if first and not _COLLECTIVE_HEAD.match(value):
        protected.append(first.span())  # "Văn phòng HĐND và UBND" stays

    def inside(pos: int) -> bool:
        return any(a < pos < b for a, b in protected)

    pieces: list[str] = []
    current_start = 0
    for m in _SEPARATOR.finditer(value):
        if inside(m.start()) or inside(m.end() - 1):
            continue
        current = value[current_start:m.start()].strip()
        nxt = value[m.end():]
        hard = ";" in m.group()
        if hard or _starts_unit(nxt, current, m.group().strip() or ","):
            pieces.append(current)
            current_start = m.end()
    pieces.append(value[current_start:].strip())
    if len(pieces) == 2 and _SUBUNIT.match(pieces[0]) and _PARENT.match(pieces[1]) and rx(r"\s*,").match(value[len(pieces[0]):]):
        pieces = [pieces[0] + ", " + pieces[1]]  # "Vụ Bảo hiểm y tế, Bộ Y tế": the department of the ministry
    elliptic = _ELLIPTIC.match(value)
    if elliptic:  # "Các Bộ: Tài chính, Nông nghiệp và Môi trường, Xây dựng": each a ministry
        head = elliptic.group("head")
        pieces = [f"{head} {p}" for p in _field_list(elliptic.group("list"))] or pieces
    else:
        for n in range(1, len(pieces)):
            head = _field_head(pieces[n - 1])
            if head and _field_start(pieces[n]):
                pieces[n] = f"{head} {pieces[n]}"
    pieces = _persons_with_positions(pieces)
    units: list[str] = []
    for n, p in enumerate(pieces):
        whole = p.strip(" ,;.")
        p = _trim_unit(whole) if cut_at_verb else whole
        if n + 1 < len(pieces) and p != whole:
            pieces[n + 1:] = []  # "… Chi cục TĐC trong năm 2021 mỗi phòng, đơn vị đăng ký": the list ended at "trong"
        person = person_re().match(p)
        p = _HONORIFIC.sub("", p)
        if p and (_head_re().match(p) or person or _names_re().match(p) or lenient and _head_re_ci().match(p)
                  or _LOWER_UNIT.match(p) or _collective_re().match(p) and (units or lenient and len(pieces) == 1)):
            units.append(rx(r"\s+").sub(" ", p))
    return units


@cache
def _position_re() -> regex.Pattern:
    positions = rules.load("positions")["positions"] + _unit_data()["position_heads"]
    return regex.compile(rf"(?:{rules.phrases(positions)})(?![\p{{L}}])")


def _persons_with_positions(pieces: list[str]) -> list[str]:
    """``Đồng chí Lê Thành Long``, ``Phó Thủ tướng Chính phủ``: a person and the position that names
    them are one assignee."""
    out: list[str] = []
    for p in pieces:
        prev = out[-1] if out else ""
        if prev and person_re().fullmatch(prev.strip(" ,;.")) and _position_re().match(p.strip()):
            out[-1] = f"{prev.strip(' ,;.')}, {p.strip()}"
        else:
            out.append(p)
    return out


def _field_list(value: str) -> list[str]:
    """``Tài chính, Nông nghiệp và Môi trường, Xây dựng`` → the fields, a field holding "và" kept whole."""
    out = []
    pos = 0
    value = value.strip(" .;")
    while pos < len(value):
        m = _fields_re().match(value, pos)
        if not m:
            return []
        out.append(m.group())
        sep = rx(r"\s*(?:,|;|và)\s*").match(value[m.end():])
        if not sep:
            # "Xây dựng, Quốc phòng theo chức năng, nhiệm vụ được giao": a qualifier of them all ends the list
            done = m.end() >= len(value.rstrip()) or _LIST_QUALIFIER.match(value, m.end())
            return out if done else []
        pos = m.end() + sep.end()
    return out


_LIST_QUALIFIER = regex.compile(r"\s+(?:theo|trong|trên|tại|để|về|căn\s+cứ)\b")


_RELATIVE = regex.compile(r"\b(?:nơi|đang|đã)\s+$")
_NOUN_BEFORE = regex.compile(r"\b(?:các|những|mọi|từng)\s+$")


def _predicate(text: str, start: int, end: int) -> regex.Match | None:
    """The verb that starts the predicate after a unit's name; in ``Chi cục Hải quan nơi đăng ký
    tờ khai thực hiện …`` the first verb belongs to a relative clause of the name, and in ``… và
    các tổ chức chính trị - xã hội phối hợp …`` the word after ``các`` is a noun."""
    verb = _verb_re().search(text, start, end)
    if verb and _RELATIVE.search(text, max(start, verb.start() - 8), verb.start()):
        verb = _verb_re().search(text, verb.end(), end)
    while verb and (_NOUN_BEFORE.search(text, max(start, verb.start() - 8), verb.start())
                    or _NOUN_USE.match(text, verb.start(), end) or _inside_compound(text, verb, start)
                    or _in_parentheses(text, start, verb.start()) or _MANAGES.match(text, verb.start())
                    and _HEAD_BEFORE.search(text, max(start, verb.start() - 12), verb.start())):
        verb = _verb_re().search(text, verb.end(), end)
    return verb


# "Ban quản lý chợ Yên Thịnh", "Phòng quản lý đô thị": a body that manages, named in lower case after its head
_HEAD_BEFORE = regex.compile(r"(?<![\p{L}])(?:Ban|Phòng|Trung\s+tâm|Chi\s+cục|Tổ)\s+$")
_MANAGES = regex.compile(r"quản\s+lý\b")


def _in_parentheses(text: str, start: int, pos: int) -> bool:
    """``Các Bộ, cơ quan ngang Bộ (sau đây gọi chung là Bộ, ngành) tổ chức …``: a note inside a name is no predicate."""
    return text.count("(", start, pos) > text.count(")", start, pos)


@cache
def _compound_re() -> regex.Pattern:
    return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{rules.phrases(_unit_data().get('compound_nouns', []))})$")


@cache
def _compound_any_re() -> regex.Pattern:
    return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{rules.phrases(_unit_data().get('compound_nouns', []))})(?![\p{{L}}])")


def _inside_compound(text: str, verb: regex.Match, start: int) -> bool:
    """``trình`` of ``chương trình``: the verb is the last word of a noun."""
    return _compound_re().search(text, max(start, verb.start() - _COMPOUND_REACH), verb.end()) is not None


_COMPOUND_REACH = 40  # characters before the verb a compound noun may start (“khu công nghệ số tập trung”)


# "Cơ quan, tổ chức và doanh nghiệp liên quan": "tổ chức" named in a list of bodies is a noun
_NOUN_USE = regex.compile(r"tổ\s+chức(?=\s*[,;]|\s+(?:và|có\s+liên\s+quan|liên\s+quan|chính\s+trị|cá\s+nhân|tín\s+dụng|đoàn\s+thể|"
                          r"quốc\s+tế|xã\s+hội|đảng|cơ\s+sở\s+đảng|hội)\b|\s*$)")  # "các cấp ủy, tổ chức đảng, …"
_CAP_VERB = regex.compile(r"(?<=\p{Ll}\s)(?:Tham\s+mưu|Chủ\s+trì|Phối\s+hợp|Thực\s+hiện|Triển\s+khai|Theo\s+dõi)\b")
_UNIT_STOP = {
    "trong", "theo", "để", "về", "tại", "cho", "đến", "từ", "trên", "khi", "nếu", "đã", "sẽ", "đang", "được",
    "là", "thì", "mà", "những", "nhằm", "vào", "bằng", "qua", "sau", "trước", "ngay", "hoặc", "như", "này",
    "đó", "kể", "mỗi", "từng", "ít", "nhất", "cùng", "nào",
}


def _trim_unit(piece: str) -> str:
    """Cut a unit's name at the first word that cannot be part of it (``… Tổng hợp trong quá trình``),
    never inside a name the lexicon knows (``Phòng Xây dựng, kiểm tra và theo dõi thi hành pháp luật``)."""
    known = _known_name_re().match(piece) or _names_re().match(piece)
    for m in rx(r"(?<=\s)[\p{L}\p{M}/]+").finditer(piece, pos=known.end() if known else 0):
        word = m.group()
        rest = piece[m.end():]
        if word == "tại" and piece[:m.start()].rstrip().endswith("sở"):
            continue  # "thành phố sở tại": the local one
        if word == "cùng" and rx(r"\s+cấp\b").match(rest):
            continue  # "UBND cùng cấp": the one of the same level
        if word == "về" and rx(r"tội\s+phạm\s*$").search(piece[:m.start()]):
            continue  # "(Phòng Cảnh sát điều tra) tội phạm về ma túy": a crime's kind names the unit
        if word == "trên" and rx(r"\svà\s*$").search(piece[:m.start()]):
            continue  # "khu vực biên giới, cửa khẩu và trên biển": one more place the qualifier names
        if word == "trên" and rx(r"\s+địa\s+bàn\b").match(rest) and _COLLECTIVE_HEAD.match(piece):
            # "các cơ quan, đơn vị trên địa bàn (tỉnh)": a qualifier that restricts the unit (SPEC rule 8)
            tail = rx(r"\s+địa\s+bàn(?:\s+(?:tỉnh|thành\s+phố|huyện|xã|phường|quản\s+lý))?").match(rest)
            return (piece[:m.end()] + tail.group()).rstrip(" ,-")
        if (word in _UNIT_STOP or word == "của" and not rx(r"\s+(?:[\p{Lu}]|sở\b|bộ\b|tỉnh\b)").match(rest)
                or word == "có" and not rx(r"\s+liên\s+quan").match(rest)):
            return piece[:m.start()].rstrip(" ,-")
    return piece


@cache
def _head_re_ci() -> regex.Pattern:
    """Head words in any case, for the unit right after ``Giao``/``Đề nghị`` (``Giao văn phòng sở …``)."""
    data = _unit_data()
    alts = rules.phrases(data["heads"] + data["position_heads"])
    return regex.compile(rf"(?i:{alts})(?![\p{{L}}])")


@cache
def _known_name_re() -> regex.Pattern:
    data = _unit_data()
    fields = rules.phrases(data.get("fields", []))
    heads = rules.phrases(data["heads"])
    return regex.compile(rf"(?:{heads})\s+(?i:{fields})(?![\p{{L}}])")


# what may still qualify a unit after "… liên quan": where it is, whose it is
_QUALIFIER = regex.compile(r"\s*(?:[,;.:()]|$|(?:trên|thuộc|của|tại|ở|trong|cấp|tỉnh|huyện|xã|thành\s+phố|và|với)\b)")
MAX_UNIT_SPAN = 250  # characters from a unit's first word to the predicate


def unit_at(text: str, pos: int, end: int, lenient: bool = False) -> tuple[list[str], int] | None:
    """Units starting at ``pos`` and ending before the first verb: (units, end of the list)."""
    head = _head_re().match(text, pos, end) or person_re().match(text, pos, end)
    if not head and text[pos:pos + 1].isupper():
        head = _names_re().match(text, pos, end)  # "Báo và Đài Phát thanh, Truyền hình Lâm Đồng"
    if not head and lenient:
        head = _head_re_ci().match(text, pos, end)
    if not head:
        return None
    known = _known_at(text, pos, end)
    name_end = max(known.end() if known else head.end(), head.end())
    verb = _predicate(text, name_end, end)
    # a predicate typed with a capital ("Giao Chánh văn phòng Tham mưu …") after a lower-case word
    cap = _CAP_VERB.search(text, head.end(), verb.start() if verb else end)
    if cap:
        verb = cap
    verb_start = verb.start() if verb else None
    if head.group().endswith("liên quan") and not _QUALIFIER.match(text, head.end(), end):
        # "các sở, ngành liên quan giải đáp, tháo gỡ": nothing goes on after "liên quan"; the predicate starts
        # after the space ("… liên quan có trách nhiệm phối hợp …")
        verb_start = rx(r"\s*").match(text, head.end(), end).end()
    if verb_start is None:
        # no verb of the lexicon: let underthesea's part-of-speech tags find the predicate
        from .tagging import predicate_start

        # a unit's name runs to 250 characters at most: tag no more than that (tagging is slow)
        snippet = _compound_any_re().sub(lambda m: m.group().replace(" ", "_"), text[pos:min(end, name_end + MAX_UNIT_SPAN)])
        found = predicate_start(snippet, name_end - pos)  # a compound noun ("… số tập trung") one word
        if found is not None:
            verb_start = pos + found
    if verb_start is None:
        return None
    span_text = text[pos:verb_start]
    colon = span_text.find(":")
    if colon > 0 and not _ELLIPTIC.match(span_text) and not _NAMES_FOLLOW.search(span_text, 0, colon):
        if not _label_before(text, pos, pos + colon, name_end):
            # "- Ban Quản lý dự án … thuộc Ủy ban nhân dân cấp tỉnh: Ủy ban nhân dân cấp tỉnh chủ động …": a topic,
            # then the sentence; "Giám đốc Sở ghi nhận: …": a predicate — no unit's name runs over the colon
            return None
        # "1. Sở Khoa học và Công nghệ: Là cơ quan thường trực, chủ trì …": the unit, then its duty
        verb_start = rx(r":\s*").match(text, pos + colon).end()
        span_text = span_text[:colon]
    if len(span_text) > MAX_UNIT_SPAN or "." in span_text.replace("TP.", "").replace("đ/c.", ""):
        return None
    units = split_units(span_text, lenient)
    return (units, verb_start) if units else None
