"""Outline: the blocks of a document (Nghị định 30/2020/NĐ-CP, Điều 8 and Phụ lục I).

Header (issuing body, national motto, ``Số:``), place and date, the kind heading with its
trích yếu (title), the body, the signature block and ``Nơi nhận``. Fields of SPEC
``document`` are read off these blocks; every field keeps its span.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

import regex

from . import rules
from .clean import BODY_OPENING
from .dates import iso
from .models import DocumentInfo, Signer
from .patterns import rx
from .references import canonical_id

_MOTTO = regex.compile(
    r"(?i)C[ỘO]NG\s+H[ÒOÀ]A\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM"
)
_RULE_LINE = regex.compile(r"[-_=─—]{3,}")
# "Số 187-TB/HU" (a Party document's number has no colon) opens its line, or its cell of a header table
# read as one line ("| HUYỆN ỦY LẠC PHONG; *; Số 187-TB/HU | ĐẢNG CỘNG SẢN VIỆT NAM; … |")
_NUMBER = regex.compile(r"(?:(?<![\p{L}])[Ss][ốỐoO]\s*[:.]\s*|(?:(?m:^)|(?<=[;|][ ]))[ ]*Số[ ]+(?=\d))"
                        r"(?P<num>[^\s,;]*(?:\s?/\s?[^\s,;]+)*)")
_PLACE_DATE = regex.compile(
    # the day and month of an unsigned working copy are left blank: "Lâm Đồng, ngày      tháng 4 năm 2026"
    r"(?P<place>(?:TP\.?[ ]*|Tp\.?[ ]*|Thành phố[ ]+)?[\p{Lu}][\p{Ll}]*(?:[ ]+[\p{Lu}][\p{Ll}]*){0,4})[ ]*,[ ]*ngày\s+(?:(?P<d>\d{1,2}|[.…]{1,10})\s*)?"
    r"tháng\s+(?:(?P<m>\d{1,2}|[.…]{1,10})\s*)?năm\s+(?P<y>\d{4})"
)
_VV = regex.compile(r"(?im)^\s*V/v[:.]?\s*(?P<title>.+)$")
_CLOSING = regex.compile(r"(?i)Trên\s+đây\s+là\s+(?P<kind>[\p{L}\s]{2,25}?)\s+(?:của|về|thực\s+hiện|tình\s+hình|kết\s+quả|tại|năm|cải|công)")
_NOI_NHAN = regex.compile(r"(?m)^\s*N[ơo]i\s+nh[ậa]n\s*:?")


@dataclass(slots=True)
class Outline:
    """Block boundaries in the clean text (character offsets)."""

    header_end: int = 0  # end of the header/title area; the body starts here
    body_end: int = 0  # start of the signature / Nơi nhận area
    number_span: tuple[int, int] | None = None
    recipients_span: tuple[int, int] | None = None
    signature_span: tuple[int, int] | None = None
    lines: list[tuple[int, int]] = field(default_factory=list)


def lines_of(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


@cache
def _identification_re() -> regex.Pattern:
    alts = rules.phrases(sorted(rules.kind_by_name(), key=len, reverse=True))
    return regex.compile(
        rf"(?i:(?P<kind>{alts}))\s+(?:số\s+)?(?P<num>\d+[A-Z]?(?:/(?:19|20)\d\d)?[/-][\p{{Lu}}Đ\d]+(?:[-/][\p{{Lu}}Đ\d]+)*)"
        r"(?:\s+ngày\s+(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>(?:19|20)\d\d))?"
        r"(?:\s+(?:về\s+việc|V/v|về)\s+(?P<title>[^\n]{3,400}?)(?=\.?[ \t]*$|\.\s))?(?![\p{L}\d/-])")


def _identification_line(text: str, info: DocumentInfo, outline: Outline) -> None:
    """A document without the national header that opens by naming itself, as internal procedures
    and copies from portals do: ``Chỉ thị số 20/CT-BVNTW ngày 05/05/2023 về việc thực hiện …``."""
    if not outline.lines:
        return
    s, e = outline.lines[0]
    m = _identification_re().match(text, s, e)
    if not m or m.group("kind")[:1].islower():
        return
    info.type = rules.kind_by_name()[rx(r"\s+").sub(" ", m.group("kind")).lower()]
    info.spans["type"] = m.span("kind")
    info.number = canonical_id(m.group("num"))
    info.spans["number"] = m.span("num")
    outline.number_span = m.span("num")
    if m.group("y") and info.date is None:
        info.date = iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        info.spans["date"] = (m.start("d"), m.end("y"))
    if m.group("title") and info.title is None:
        info.title = m.group("title").strip()
        info.spans["title"] = m.span("title")
    outline.header_end = max(outline.header_end, e)


@cache
def _kind_heading_re() -> regex.Pattern:
    names = sorted(rules.kind_by_name(), key=len, reverse=True)
    alts = rules.phrases(n.upper() for n in names)
    return regex.compile(rf"^(?P<kind>{alts})(?![\p{{L}}])\s*(?P<rest>.*)$")


@cache
def _positions() -> list[str]:
    return sorted(rules.load("positions")["positions"], key=len, reverse=True)


@cache
def _position_re() -> regex.Pattern:
    alts = rules.phrases(p.upper() for p in _positions())
    return regex.compile(rf"(?<![\p{{L}}])(?:{alts})(?![\p{{L}}])")


def _proper_position(caps: str) -> str:
    key = rx(r"\s+").sub(" ", caps).lower()
    for p in _positions():
        if p.lower() == key:
            return p
    return key[:1].upper() + key[1:]


@cache
def _signature_re() -> regex.Pattern:
    """A signature block: the form (KT., TM., …), the position in capitals, the signer's name —
    after a rank (``Thiếu tướng Trương Minh Đương``: the rank is no part of the name) and past what
    a signature image leaves in a text layer (``PHÓ THỦ TƯỚNGy]``, a line ``[``)."""
    ranks = rules.phrases(rules.load("units")["ranks"])
    return regex.compile(
        r"(?<![\p{L}])(?P<block>(?:(?:KT|TM|TL|TUQ|Q|T/M|K/T|T/L)\s*\.?\s*\n?\s*)?"
        r"(?P<caps>[\p{Lu}][\p{Lu}\s.,\-–&]{2,160}?))"
        r"(?:\p{Ll}{0,2}[\[\]{}|]{1,3})?(?:[ ]*\n[ ]*[\[\]{}|]{1,3}(?=[ ]*\n))?\s*\n?\s*"
        rf"(?:(?:{ranks})[ ]+)?"
        # a name is two to five capitalised syllables not followed by a lower-case word ("… Phớc Phụ lục")
        r"(?P<name>(?:[\p{Lu}][\p{Ll}]+[ ]+){1,4}[\p{Lu}][\p{Ll}]+)(?![ ]*\p{Ll})"
    )


def _title_case_body(caps: str, text: str) -> str:
    """``SỞ KHOA HỌC VÀ CÔNG NGHỆ`` → ``Sở Khoa học và Công nghệ``: the casing of the same
    name in the lexicon or in the body, else sentence case."""
    key = rx(r"\s+").sub(" ", caps).strip(" -.,")
    low = key.lower()
    for body in rules.bodies():
        for name in (body.name, *body.names):
            if name.lower() == low:
                return name
    pattern = regex.compile(r"(?<![\p{L}])(?:" + rules.phrases([key]) + r")(?![\p{L}])", regex.I)
    for m in pattern.finditer(text):
        found = m.group()
        if not found.isupper():
            return rx(r"\s+").sub(" ", found)
    return proper_case_body(key)


def _is_province(name: str) -> bool:
    return any(name == p.name.lower() or name in (a.lower() for a in p.aliases) for p in rules.provinces())


_PLACE_COMMITTEES = {"tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy"}
_CENTRAL_CITIES = {"hồ chí minh", "hà nội", "hải phòng", "đà nẵng", "cần thơ", "huế"}
_ADMIN = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")


def proper_case_body(caps: str) -> str:
    """Capitalise an all-caps body name by the convention of Nghị định 30/2020/NĐ-CP, Phụ lục II:
    the head word as usual (``Sở``, ``Ủy ban nhân dân``), then the first syllable of the name and
    of each part joined by ``và``, a comma or a dash; place names in full (``UBND tỉnh Quảng Ngãi``)."""
    words = caps.split()
    heads = sorted(rules.load("units")["heads"], key=len, reverse=True)
    low = " ".join(w.lower() for w in words)
    out: list[str] = []
    rest = low
    for h in heads:
        if low == h.lower() or low.startswith(h.lower() + " "):
            out.append(h)
            rest = low[len(h):].strip()
            break
    for a in _ADMIN:
        if rest == a or rest.startswith(a + " "):
            place = rest[len(a):].strip()
            level = "Thành phố" if a == "thành phố" and place in _CENTRAL_CITIES else a
            return " ".join([*out, level, *(w[:1].upper() + w[1:] for w in place.split())]).strip()
    if out and rest and rx(r"[\p{L} -]+").fullmatch(rest) and (_is_province(rest) or out[-1].lower() in _PLACE_COMMITTEES):
        # "Tỉnh ủy Hà Tĩnh"; a Party committee is named by its place: "Huyện ủy Lạc Phong", "Thành ủy Vinh"
        return " ".join([*out, *(w[:1].upper() + w[1:] for w in rest.split())])
    parts = rx(r"(\s+và\s+|,\s*|\s+-\s+)").split(rest)
    for i, part in enumerate(parts):
        if i % 2 == 0 and part:
            part = part[:1].upper() + part[1:]
            part = rx(r"(?i)\bviệt nam\b").sub("Việt Nam", part)
        parts[i] = part
    name = "".join(parts)
    for w in words:
        if not any(unicodedata.normalize("NFD", c)[0].lower() in "aeiouy" for c in w) or "&" in w:
            name = regex.sub(rf"(?i)(?<![\p{{L}}]){regex.escape(w)}(?![\p{{L}}])", w, name)
    return " ".join([*out, name]).strip() if name else " ".join(out)


_HEADER_HEADS = regex.compile(
    r"(?<![\p{L}])(?:THỦ TƯỚNG CHÍNH PHỦ|ỦY BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|BẢO HIỂM XÃ HỘI|TỔNG CỤC|CHI CỤC|VĂN PHÒNG|"
    r"TRUNG TÂM|BỆNH VIỆN|THANH TRA|ỦY BAN|TỈNH ỦY|THÀNH ỦY|HUYỆN ỦY|QUẬN ỦY|THỊ ỦY|ĐẢNG ỦY|ĐẢNG BỘ|CHI BỘ|"
    r"CHÍNH PHỦ|QUỐC HỘI|KHO BẠC|CÔNG AN|SỞ|CỤC|"
    # head words that are also the end of a field's name: "TÀI NGUYÊN VÀ MÔI TRƯỜNG", "BỘ QUỐC PHÒNG",
    # "BỘ ĐỘI BIÊN PHÒNG", "CẢNH SÁT PHÒNG CHÁY", "CÁN BỘ", "BAN HÀNH"; a Party committee's "ĐẢNG BỘ TỈNH …"
    r"(?<!(?:CÁN|TOÀN|NỘI|ĐẢNG|CHI)\s)BỘ(?!\s+ĐỘI)|BAN(?!\s+HÀNH)|"
    r"(?<!(?:QUỐC|BIÊN)\s)PHÒNG(?!\s+(?:CHÁY|CHỐNG|NGỪA|BỆNH|THỦ|KHÔNG|HỘ)\b)|"
    r"UBND|HĐND|(?<!(?:MÔI|THỊ|HIỆN|CÔNG|QUẢNG|CHIẾN|THƯƠNG)\s)TRƯỜNG|VIỆN)(?![\p{L}])"
)


def read_outline(text: str) -> tuple[DocumentInfo, Outline]:
    """Document fields and block boundaries of a clean text."""
    info = DocumentInfo()
    outline = Outline(lines=lines_of(text))
    head_limit = min(len(text), 3000)
    head = text[:head_limit]

    # Số: …
    m = _NUMBER.search(head)
    if m and m.group("num"):
        raw = m.group("num")
        if "/" in raw or "-" in raw:
            info.number = canonical_id(raw) if not raw.startswith("/") else "/" + canonical_id(raw[1:])
            info.spans["number"] = m.span("num")
            outline.number_span = m.span()
    # place, ngày … tháng … năm …
    pd = _PLACE_DATE.search(head)
    if pd:
        place = pd.group("place").strip()
        place = rx(r"^(?:TP\.?|Thành phố|Tp\.?)\s*").sub("", place)
        info.place = _province_as_written(place)
        info.spans["place"] = pd.span("place")
        if (pd.group("d") or "").isdigit() and (pd.group("m") or "").isdigit():
            info.date = iso(int(pd.group("y")), int(pd.group("m")), int(pd.group("d")))
            info.spans["date"] = (pd.start("d"), pd.end("y"))

    # kind heading and title
    heading_line = None
    for n, (s, e) in enumerate(outline.lines[:40]):
        line = text[s:e].strip()
        if not line or _MOTTO.search(line) and not _kind_heading_re().match(line):
            continue
        km = _kind_heading_re().match(line)
        if km and (km.group("rest") == "" or km.group("rest")[:1].isupper() or km.group("rest")[:1] in "“\"("):
            offset = s + (len(text[s:e]) - len(text[s:e].lstrip()))
            info.type = rules.kind_by_name()[rx(r"\s+").sub(" ", km.group("kind")).lower()]
            info.spans["type"] = (offset + km.start("kind"), offset + km.end("kind"))
            heading_line = n
            title_parts = []
            if km.group("rest").strip():
                title_parts.append((offset + km.start("rest"), offset + km.end("rest")))
            for s2, e2 in outline.lines[n + 1:n + 6]:
                nxt = text[s2:e2].strip()
                if not nxt:
                    continue
                rest_caps = km.group("rest").strip() and _is_caps(km.group("rest"))
                if (_is_body_start(nxt) and not (not title_parts and not km.group("rest").strip() and _verb_title(nxt))
                        or _AUTHORITY.match(nxt)):
                    break
                # after a kind heading with words of its own, caps lines go on with it, and a line that opens in
                # lower case ("CHƯƠNG TRÌNH CÔNG TÁC" / "quý III năm 2027 của Ủy ban nhân dân tỉnh")
                if km.group("rest").strip() and not (rest_caps and (_is_caps(nxt) or nxt[:1].islower())):
                    break
                if title_parts and _is_caps(nxt) and not _is_caps(text[title_parts[-1][0]:title_parts[-1][1]]):
                    break  # a caps line after a sentence-case title: the promulgating authority
                title_parts.append((s2, e2))
                if nxt.endswith((".", ":")):
                    break
            if title_parts:
                ts, te = title_parts[0][0], title_parts[-1][1]
                te = ts + len(_without_residue(text[ts:te]))
                info.title = rx(r"\s+").sub(" ", text[ts:te]).strip()
                info.spans["title"] = (ts, te)
                outline.header_end = te
            else:
                outline.header_end = e
            break
    vv = _VV.search(head)
    if vv and info.type is None:
        info.type = "cong_van"
        info.title = vv.group("title").strip()
        info.spans["title"] = vv.span("title")
        info.spans["type"] = vv.span()
        outline.header_end = max(outline.header_end, vv.end())
    if info.number is None and info.type is None:
        _identification_line(text, info, outline)
    if outline.header_end == 0:
        for key in ("number", "date"):
            if key in info.spans:
                outline.header_end = max(outline.header_end, text.find("\n", info.spans[key][1]) % (len(text) + 1))

    outline.header_end = _after_addressees(text, outline.header_end)

    # issuer: the lowest body in the header block
    header_text_end = info.spans.get("number", (0, 0))[0] or (outline.lines[heading_line][0] if heading_line else 0)
    issuer = _header_issuer(text, header_text_end)
    if issuer:
        info.issuer, info.spans["issuer"] = issuer
    # Nơi nhận and signature
    nn = _last(_NOI_NHAN.finditer(text))
    body_end = len(text)
    if nn is not None:
        body_end = nn.start()
        info.recipients, outline.recipients_span = _recipients(text, nn.end())
    sig = _signature(text, nn.start() if nn is not None else None) or _signed_by_a_body(text)
    if sig:
        info.signer, span = sig
        info.spans["signer"] = span
        outline.signature_span = span
        body_end = min(body_end, span[0]) if nn is None or span[0] > nn.start() - 300 else body_end
    outline.body_end = body_end
    # fallbacks from the body: "Trên đây là báo cáo … của …", "… ban hành Kế hoạch …"
    closing = _last(_CLOSING.finditer(text))
    if info.type is None and closing:
        slug = rules.kind_by_name().get(rx(r"\s+").sub(" ", closing.group("kind")).lower())
        if slug:
            info.type = slug
            info.spans["type"] = closing.span("kind")
    if info.issuer is None:
        found = _issuer_from_body(text, info, closing)
        if found:
            info.issuer, info.spans["issuer"] = found
    return info, outline


def _last(matches):
    """The last of an iterator of matches, or None."""
    last = None
    for last in matches:  # noqa: B007 - walking to the end is the point
        pass
    return last


_BODY_START = regex.compile(
    r"^(?:Căn\s+cứ|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Thực\s+hiện|Triển\s+khai|Để|Nhằm|Kính\s+gửi|Ngày\s+\d|Năm\s+\d|"
    r"Điều\s+\d|Chương\s+[IVX\d]|[IVX]+\.|\d+\.|[a-zđ]\)|[-+•]\s|\||Sau\s+khi|Trong\s+thời\s+gian|"
    rf"{BODY_OPENING})"
)


_AUTHORITY = regex.compile(r"(?:BỘ TRƯỞNG|THỦ TƯỚNG CHÍNH PHỦ|CHỦ TỊCH (?:ỦY BAN|UBND)|TỔNG GIÁM ĐỐC|TỔNG CỤC TRƯỞNG"
                           r"|CỤC TRƯỞNG|THỐNG ĐỐC|GIÁM ĐỐC|[ỦU][ỶY] BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|CHÍNH PHỦ$)"
                           r"[\s\p{Lu}]*$")


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


_VERB_TITLE = regex.compile(r"^(?:Thực\s+hiện|Triển\s+khai)\s")


def _verb_title(line: str) -> bool:
    """``Triển khai chuyển đổi số năm 2025`` under a bare ``KẾ HOẠCH`` is its title, where ``Thực hiện
    Quyết định số …, Ủy ban nhân dân huyện ban hành Kế hoạch như sau:`` opens the body."""
    return (bool(_VERB_TITLE.match(line)) and len(line) <= 250 and not line.rstrip().endswith((":", ";", ",", "."))
            and "như sau" not in line
            and not rx(r"(?i),[^,]*\b(?:ban\s+hành|xây\s+dựng|triển\s+khai)\s+(?:kế\s+hoạch|chương\s+trình)").search(line))


_ADDRESSEES = regex.compile(r"\s*Kính\s+gửi\s*:?[^\n]*(?:\n[ \t]*[-+•][^\n]*)*")


def _after_addressees(text: str, pos: int) -> int:
    """A letter's ``Kính gửi:`` and the list of bodies beneath it are header, not body: their dashes are
    no items of the body. The header's other column may come first (a header read cell by cell puts the
    motto, its rule and the place and date between the ``V/v`` line and ``Kính gửi``)."""
    while True:
        line = _HEADER_CELL_LINE.match(text, pos)
        if not line or not line.group().strip():
            break
        pos = line.end()
    m = _ADDRESSEES.match(text, pos)
    return m.end() if m and m.group().strip() else pos


_HEADER_CELL_LINE = regex.compile(r"\s*(?:" + _MOTTO.pattern.replace("(?i)", "") + r"|" + _RULE_LINE.pattern + r"|"
                                  + _PLACE_DATE.pattern + r")[^\n]*(?=\n|$)", regex.I)


def _is_body_start(line: str) -> bool:
    return bool(_BODY_START.match(line)) or _MOTTO.search(line) is not None


_BARE_UNIT = regex.compile(r"(?i)văn phòng|thanh tra|ban quản lý|trung tâm|ban|phòng")


def _header_issuer(text: str, end: int) -> tuple[str, tuple[int, int]] | None:
    """The issuing body from the caps lines of the header (before ``Số:``/the heading).

    The left column of the header names the chain of bodies, one per line or wrapped over two
    (``ỦY BAN NHÂN DÂN / HUYỆN ĐỨC PHỔ``): the caps chunks are read as one chain and the lowest
    body is the issuer; a bare office (``VĂN PHÒNG``) is the office of the body above it."""
    if end <= 0:
        return None
    chunks: list[tuple[str, int]] = []
    for m in rx(r"[^\n]+").finditer(text[:end]):
        line = m.group()
        cleaned = _MOTTO.sub(lambda x: " " * len(x.group()), line)
        cleaned = _RULE_LINE.sub(lambda x: " " * len(x.group()), cleaned)
        cleaned = rx(r"S[ốỐ]\s*:.*$").sub("", cleaned)
        for part in rx(r"[\p{Lu}][\p{Lu}\s&,\-–]{2,}[\p{Lu}]").finditer(cleaned):
            chunk = part.group().strip()
            if len(chunk) < 3 or _kind_heading_re().match(chunk) or chunk in {"TM", "KT", "TL"}:
                continue
            chunks.append((chunk, m.start() + part.start()))
    if not chunks:
        return None
    chain = " ".join(c for c, _ in chunks)
    bodies = _bodies_of(chain)
    if not bodies:
        return None
    lowest = bodies[-1]
    name = _title_case_body(lowest, text)
    if len(bodies) > 1 and _BARE_UNIT.fullmatch(name):
        # "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH / VĂN PHÒNG": the office of the body above
        name = f"{name} {_title_case_body(bodies[-2], text)}"
    first_word = lowest.split()[0]
    start = next((pos + c.find(first_word) for c, pos in reversed(chunks) if first_word in c), chunks[-1][1])
    return name, (start, start + len(lowest))


def _bodies_of(chain: str) -> list[str]:
    """``BỘ TÀI CHÍNH TỔNG CỤC HẢI QUAN`` → [``BỘ TÀI CHÍNH``, ``TỔNG CỤC HẢI QUAN``]; names the
    lexicon knows whole (``THỦ TƯỚNG CHÍNH PHỦ``) are not split."""
    low = rx(r"\s+").sub(" ", chain).strip(" -–,").lower()
    for body in rules.bodies():
        if low in (n.lower() for n in (body.name, *body.names)):
            return [chain.strip(" -–,")]
    starts = [m.start() for m in _HEADER_HEADS.finditer(chain)]
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    pieces = [chain[a:b].strip(" -–,") for a, b in zip(starts, [*starts[1:], len(chain)], strict=True)]
    return [p for p in pieces if len(p) >= 3]


_OF_TITLE = regex.compile(r"^của\s+(?P<who>(?:Giám đốc|Chủ tịch|Bộ trưởng|Thủ tướng|Trưởng ban|Chánh)[^\n]{0,60}?)(?=\s+(?:tại|về|trong|năm)\b|$)")
_PROMULGATES = regex.compile(
    r"(?m)(?:^|[;,.]\s*)(?P<who>(?:Sở|Bộ|Ủy ban nhân dân|UBND|Chính phủ|Ban|Văn phòng|Cục|Tổng cục|Chi cục|Trung tâm|Thủ tướng Chính phủ)"
    r"[^\n,;.]{0,60}?)\s+(?:năm\s+)?(?:ban\s+hành|xây\s+dựng|quyết\s+định|thông\s+báo)\s+(?:Kế\s+hoạch|Nghị\s+định|Thông\s+tư|Quyết\s+định|Chương\s+trình|Hướng\s+dẫn|Luật|kết\s+luận)"
)
_AUTHOR = regex.compile(
    r"(?P<who>(?:Giám đốc|Chủ tịch|Bộ trưởng|Thủ tướng|Chánh Văn phòng)\s+(?:Sở|Bộ|UBND|Ủy ban)[^\n,;.]{0,50}?)\s+(?:yêu\s+cầu|đề\s+nghị|chỉ\s+thị|giao)"
)


def _issuer_from_body(text: str, info: DocumentInfo, closing: regex.Match | None) -> tuple[str, tuple[int, int]] | None:
    if info.title:
        m = _OF_TITLE.match(info.title)
        if m and "title" in info.spans:
            s = info.spans["title"][0]
            # locate in text (title may have collapsed whitespace)
            idx = text.find(m.group("who"), s)
            if idx >= 0:
                return m.group("who"), (idx, idx + len(m.group("who")))
    m = _PROMULGATES.search(text, 0, min(len(text), 6000))
    if m:
        return _trim_issuer(m.group("who")), (m.start("who"), m.start("who") + len(_trim_issuer(m.group("who"))))
    if closing:
        after = regex.compile(r"[^.\n]{0,120}?\bcủa\s+(?P<who>(?:Sở|Bộ|UBND|Ủy ban|Ban|Văn phòng|Cục|Chi cục|Trung tâm)"
                              r"(?:\s+[\p{Lu}&][\p{L}&]*|\s+(?:và|học|nghệ|trường|tế|vụ|pháp|chính|dân|tỉnh))*)")
        m = after.match(text, closing.end("kind"))
        if m:
            return m.group("who"), m.span("who")
    m = _AUTHOR.search(text, 0, min(len(text), 3000))
    if m:
        return m.group("who"), m.span("who")
    return None


@cache
def _provinces_by_fold() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for p in rules.provinces():
        for name in (p.name, *p.aliases):
            key = rules.fold(name)
            out[key] = p.name if out.get(key, p.name) == p.name else None  # None: two provinces share it
    return out


def _province_as_written(place: str) -> str:
    """A place that is a province's name but for a tone mark (OCR's ``Lâm Đông``) is that province."""
    if any(place == p.name or place in p.aliases for p in rules.provinces()):
        return place
    return _provinces_by_fold().get(rules.fold(place)) or place


_WORDLIKE = regex.compile(r"[(“\"]?(?:\p{L}+|\p{N}+(?:[/.\-–]\p{N}+)*|[\p{L}\p{N}]+(?:[/\-][\p{L}\p{N}]+)+|[\-–])"
                          r"[)”\".,;:]*")


def _without_residue(title: str) -> str:
    """A title without what a stamp beside it left in OCR output (``… thời gian tới -?3 -I0- 1ữ% .``)."""
    tokens = list(rx(r"\S+").finditer(title))
    keep = len(tokens)
    while keep > 1 and not _WORDLIKE.fullmatch(tokens[keep - 1].group()):
        keep -= 1
    if keep == len(tokens):
        return title
    return title[:tokens[keep - 1].end()].rstrip(" -–")


def _trim_issuer(who: str) -> str:
    return rx(r"\s+(?:năm|đã|tổ chức|tiến hành)$").sub("", who.strip())


def _recipients(text: str, pos: int) -> tuple[list[str], tuple[int, int]]:
    out: list[str] = []
    end = pos
    block = text[pos:pos + 4000]
    # items on their own lines, or several "- …;" on one line
    items = []
    for line in block.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if not rx(r"^[-+•–]").match(stripped):
            if _is_caps(stripped) and (_position_re().search(stripped) or _trailing_position(" " + stripped)):
                continue  # the signature's lines beside the list
            if items:
                break
            if stripped:
                # "Nơi nhận: - A; - B;" on one line
                if stripped.startswith(("-", "–")):
                    pass
                else:
                    break
        if (beside := _trailing_position(stripped)) is not None:
            stripped = stripped[:beside.start()].rstrip()
        for piece in rx(r"(?:^|(?<=;)\s*)[-+•–]\s*").split(stripped):
            if piece.strip():
                items.append(piece.strip())
        end = text.find(line, end) + len(line)
    for item in items:
        item = item.rstrip(" ;.,")
        if len(_LETTERS.findall(item)) < 2:
            continue  # a seal's residue
        if rx(r"(?i)^Lưu\b").match(item):
            continue
        item = rx(r"\s*\([^()]*\)$").sub("", item).rstrip(" ;.,")
        if item:
            out.append(item)
    return out, (pos, end)


_BULLET_LINE = regex.compile(r"(?m)^[ \t]*(?:N[ơo]i\s+nh[ậa]n\s*:?|[-+•–]).*$")
_FORMS = ("KT", "TM", "TL", "TUQ", "Q.", "T/M", "K/T", "T/L")
_TRAILING_CAPS = regex.compile(r"(?<=[\s;:,])(?:(?:KT|TM|TL|TUQ|Q|T/M|K/T|T/L)\.?[ ]*)?[\p{Lu}][\p{Lu} .,\-–]*$")
# the whole signature joined to the last recipient's line ("- Lưu VT; TCHQ KT. BỘ TRƯỞNG THỨ TRƯỞNG Đỗ Hoàng Anh Tuấn")
_JOINED_SIGNATURE = regex.compile(r"(?<=[\s;:,])(?:KT|TM|TL|TUQ|T/M|K/T|T/L)\.?[ ]*[\p{Lu}]{2}.*$")
# the signer's name closing the last recipient's line ("- Lưu: VT, TH.   Lộc Văn Thanh")
_TRAILING_NAME = regex.compile(r"(?<=[.;][ ]+)(?:[\p{Lu}][\p{Ll}]+[ ]+){1,4}[\p{Lu}][\p{Ll}]+[ ]*$")
# what a seal, a signature image or a transcription leaves between the position and the name:
# a line mostly of symbols (",;'(ỦY B/\\N ~NHÂN° DÂN*)·. ®::"), "(Đã ký)", "[Đã ký]"
_SIGNED_MARK = regex.compile(r"(?mi)^[ \t*_]*[(\[][ ]*(?:đã[ ]+ký|ký)[^\n)\]]{0,30}[)\]][ \t*_]*$")
_LETTERS = regex.compile(r"\p{L}")
_SYMBOLS = regex.compile(r"[^\p{L}\p{N}\s.,;:\-–]")


def _trailing_position(line: str) -> regex.Match | None:
    """The signer's position written at the end of a recipient's line (``- Như trên;   CHÁNH VĂN PHÒNG``)."""
    keep = _TRAILING_CAPS.search(line)
    if keep and (keep.group().startswith(_FORMS) or _position_re().search(keep.group())):
        return keep
    return None


def _is_residue(line: str) -> bool:
    """A line left by a seal or a signature image: mostly symbols."""
    chars = line.replace(" ", "")
    return bool(chars) and len(_SYMBOLS.findall(chars)) >= max(2, len(chars) // 4)


def _signature_view(text: str, noi_nhan: int | None) -> str:
    """``text`` with the recipients list and what seals leave blanked out (same length, the same
    offsets): where the signature stands beside the list, its lines are then read one after another
    (``Nơi nhận:   TL. CHỦ TỊCH`` / ``- Như trên;   CHÁNH VĂN PHÒNG`` / … / ``Đỗ Tấn Sương``). A
    position or a name closing a recipient's line is kept."""
    if noi_nhan is None:
        return text

    def blank(m: regex.Match) -> str:
        line = m.group()
        keep = _JOINED_SIGNATURE.search(line) or _trailing_position(line) or _TRAILING_NAME.search(line)
        return " " * keep.start() + keep.group() if keep else " " * len(line)

    view = _BULLET_LINE.sub(blank, text, pos=noi_nhan)
    view = _SIGNED_MARK.sub(lambda m: " " * len(m.group()), view, pos=noi_nhan)
    view = rx(r"(?m)^.+$").sub(lambda m: " " * len(m.group()) if _is_residue(m.group()) else m.group(), view,
                               pos=noi_nhan)
    return text[:noi_nhan] + view[noi_nhan:]


@cache
def _body_signs_re() -> regex.Pattern:
    """A collective that signs by its name alone on the document's last line (``BAN TỔ CHỨC`` under a
    conference programme; ``rules/positions.yaml`` ``signing_bodies``)."""
    names = rules.phrases(b.upper() for b in rules.load("positions").get("signing_bodies", []))
    return regex.compile(rf"(?:\A|\n)[ \t]*(?P<body>{names})[ \t.]*\s*\Z")


def _signed_by_a_body(text: str) -> tuple[Signer, tuple[int, int]] | None:
    m = _body_signs_re().search(text, max(0, len(text) - 200))
    if m is None:
        return None
    key = rx(r"\s+").sub(" ", m.group("body")).lower()
    position = next((b for b in rules.load("positions")["signing_bodies"] if b.lower() == key), m.group("body"))
    return Signer(name=None, position=position), m.span("body")


def _signature(text: str, noi_nhan: int | None) -> tuple[Signer, tuple[int, int]] | None:
    view = _signature_view(text, noi_nhan)
    if noi_nhan is not None:  # near Nơi nhận first: the whole text only where nothing is found there
        found = _signature_at(noi_nhan, _signature_re().finditer(view, max(0, noi_nhan - 2000)), near=True)
        if found is not None:
            return found
    return _signature_at(noi_nhan, _signature_re().finditer(view))


def _signature_at(noi_nhan: int | None, candidates, near: bool = False) -> tuple[Signer, tuple[int, int]] | None:
    """The signature among ``candidates`` (matches of :func:`_signature_re`): the first after the
    body, near Nơi nhận, else the last; ``near``: None rather than one before Nơi nhận."""
    good = []
    for m in candidates:
        caps = m.group("caps")
        positions = list(_position_re().finditer(caps))
        if not positions:
            continue
        good.append((m, positions))
    if not good:
        return None
    # the signature stands after the end of the body (./.) and near Nơi nhận
    anchor = noi_nhan if noi_nhan is not None else 0
    after = [g for g in good if g[0].start() >= anchor - 200]
    if near and not after:
        return None
    m, positions = (after or good)[0] if after else good[-1]
    position = _proper_position(positions[-1].group())
    name = rx(r"\s+").sub(" ", m.group("name"))
    return Signer(name=name, position=position), (m.start(), m.end("name"))
