"""Cleaning: messy extracted text → clean text with an offset map to the source.

Steps, in order (each keeps the map):

1. Unicode NFC per grapheme cluster; ``Ð`` (U+00D0) → ``Đ``; invisible and exotic
   spaces; CRLF; soft hyphens.
2. Converter debris: markdown emphasis and headings, links, LaTeX fragments, legal-portal
   tooltips (``[Khoản này được sửa đổi bởi …]``) and the portal's running title prefix.
3. Tone marks placed by one rule (:mod:`extract.orthography`).
4. Page numbers and page furniture removed; hard-wrapped lines reflowed into paragraphs
   while headings, list items, table rows and blocks stay on lines of their own.
5. Glued tokens split (``NĐ-CPngày`` → ``NĐ-CP ngày``); spaces collapsed.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

import regex

from .ocr import everywhere_fixes
from .orthography import retoned, words_pattern
from .patterns import rx
from .textmap import LinePattern, MappedText

# -- step 1: characters ---------------------------------------------------------------

_NON_NFC_CLUSTER = regex.compile(r"\X")
_CHARS = {
    "\u00d0": "\u0110",  # Ð (Icelandic eth) looks like Đ and is typed for it
    "\u00f0": "\u0111",
    "\u0189": "\u0110",  # Ɖ (African D)
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\t": " ", "\f": "\n", "\v": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n",
}
_CHAR_KEYS = "".join(_CHARS)
_CHAR_RE = regex.compile("[" + "".join(regex.escape(c) for c in _CHARS) + "]")
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff" + "".join(map(chr, [*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f]))
_INVISIBLE = regex.compile(f"[{regex.escape(_INVISIBLE_CHARS)}]|\r(?=\n)")
_INVISIBLE_OR_CR = _INVISIBLE_CHARS + "\r"  # what _INVISIBLE and _CR look for
_CR = regex.compile(r"\r")


def _nfc(mt: MappedText) -> MappedText:
    if unicodedata.is_normalized("NFC", mt.text):
        return mt
    return mt.sub(_NON_NFC_CLUSTER, lambda m: unicodedata.normalize("NFC", m.group()))


# -- a table pasted as text: tab-separated cells --------------------------------------------
# A Word table copied to the clipboard and pasted into a text file or an e-mail is one row a line, its
# cells separated by tabs; a cell holding a line break is quoted ("…") and runs over the lines, a quote
# inside it doubled (""Cổng trường an toàn""). Such a task table is written as a "| … |" table here (the
# structure reads those), before tabs become spaces: each tab a " | ", the quotes of a quoted cell dropped,
# its line breaks spaces — small edits, so every cell keeps its place in the source.

_MAX_QUOTED = 2000  # characters of one quoted cell
_MIN_CELLS = 3


def _tsv_record(text: str, pos: int) -> tuple[int, list[tuple[int, int, bool]]] | None:
    """The record (row) starting at ``pos``: (its end, its cells as (start, end, quoted)), or None when a
    quoted cell does not close."""
    cells = []
    n = len(text)
    while True:
        if pos < n and text[pos] == '"':
            j = pos + 1
            while True:
                j = text.find('"', j, min(n, pos + _MAX_QUOTED))
                if j < 0:
                    return None
                if text.startswith('""', j):
                    j += 2
                    continue
                break
            if j + 1 < n and text[j + 1] not in "\t\n":
                return None  # a quote that does not close the cell: a cell that opens with a quotation
            cells.append((pos, j + 1, True))
            pos = j + 1
        else:
            end = pos
            while end < n and text[end] not in "\t\n":
                end += 1
            cells.append((pos, end, False))
            pos = end
        if pos < n and text[pos] == "\t":
            pos += 1
            continue
        return pos, cells


def _tsv_blocks(text: str):
    """Runs of two records or more with the same number of cells (three or more), whose first rows hold a
    task table's header."""
    from .tables import column_role, is_task_header

    pos = 0
    n = len(text)
    while pos < n:
        line_end = text.find("\n", pos)
        line_end = n if line_end < 0 else line_end
        if text.count("\t", pos, line_end) < _MIN_CELLS - 1:
            pos = line_end + 1
            continue
        records = []
        at = pos
        while at < n:
            got = _tsv_record(text, at)
            if got is None or len(got[1]) < _MIN_CELLS or records and len(got[1]) != len(records[0][2]):
                break
            records.append((at, got[0], got[1]))
            at = got[0] + 1
        header = any(is_task_header({column_role(text[a:b].strip('"')) for a, b, _ in cells})
                     for _, _, cells in records[:3])
        if len(records) >= 2 and header:
            yield records
            pos = records[-1][1] + 1
        else:
            pos = line_end + 1


def _tsv_tables(mt: MappedText) -> MappedText:
    if "\t" not in mt.text:
        return mt
    text = mt.text
    edits = []
    for records in _tsv_blocks(text):
        for start, end, cells in records:
            edits.append((start, start, "| "))
            for k, (a, b, quoted) in enumerate(cells):
                if k:
                    edits.append((a - 1, a, " | "))  # the tab before the cell
                if quoted:
                    edits.append((a, a + 1, ""))
                    for m in regex.finditer(r'""|\n', text[a + 1:b - 1]):
                        at = a + 1 + m.start()
                        edits.append((at, at + len(m.group()), '"' if m.group() == '""' else " "))
                    edits.append((b - 1, b, ""))
            edits.append((end, end, " |"))
    return mt.edit(edits) if edits else mt


# -- step 2: converter and portal debris -----------------------------------------------

_MD_LINK = regex.compile(r"!?\[([^\[\]\n]{1,300})\]\((?:https?://|/)[^()\s]{1,500}\)")
_MD_IMAGE = regex.compile(r"!\[[^\[\]\n]{0,100}\](?:\([^()\s]{0,500}\))?")
_HTML_BREAK = regex.compile(r"(?i)<br\s*/?>")
_BARE_URL = regex.compile(r"\(?https?://[^\s()]{1,500}\)?")
_MD_EMPH = regex.compile(r"(?<!\*)\*{2,3}(?=\S)|(?<=\S)\*{2,3}(?!\*)|(?<![\w_])__(?=\S)|(?<=\S)__(?![\w_])")
_MD_HEADING = LinePattern(r"[ ]{0,3}#{1,6}[ ]+")
_MD_RULE = LinePattern(r"[ ]*(?:\|[ ]*:?-{2,}:?[ ]*)+\|?[ ]*$")
_MERMAID = regex.compile(r"(?ms)^```[a-z]*\n.*?^```[ ]*$")
_LATEX = regex.compile(r"\$([^$\n]{1,200})\$")
_LATEX_SYMBOLS = {
    r"\geq": "≥", r"\ge": "≥", r"\leq": "≤", r"\le": "≤", r"\times": "×", r"\%": "%",
    r"\neq": "≠", r"\pm": "±", r"\approx": "≈", r"\div": "÷", r"\cdot": "·", r"\,": " ",
    r"\ ": " ", r"\sim": "~", r"\rightarrow": "→", r"\to": "→",
}
# Legal-portal tooltips: notes about *later* documents, not references of this one.
_TOOLTIP = regex.compile(
    r"\[(?:[^\[\]\n]{0,300}?)\b(?:(?:được|bị|đã được|đã bị)\s+|(?<=này\s)|(?=(?:hết|ngưng)\s+hiệu\s+lực\b))"
    r"(?:sửa đổi|bổ sung|bãi bỏ|hướng dẫn|thay thế|"
    r"hết hiệu lực|đính chính|ngưng hiệu lực|điều chỉnh|quy định chi tiết|hủy bỏ|công bố)"
    r"[^\[\]]{0,600}\]"
)


def _latex(m: regex.Match) -> str:
    body = m.group(1)
    if not rx(r"\\[a-zA-Z%]|[\^_{}]").search(body):
        return m.group()
    for k in sorted(_LATEX_SYMBOLS, key=len, reverse=True):
        body = body.replace(k, _LATEX_SYMBOLS[k])
    body = rx(r"\\[a-zA-Z]+").sub("", body)
    body = rx(r"[{}^_]").sub("", body)
    return body.strip()


_PORTAL_HEAD = LinePattern(r"([^\n]{8,250}?)\.\s+(?=(?:Điều|Chương|Mục|Phần|Phụ lục|PHỤ LỤC|CHƯƠNG)\s+[\dIVXLC]+\b)")


def _portal_prefix(text: str) -> regex.Pattern | None:
    """The running title a legal portal puts before every article heading.

    ``Nghị định 91/2022/NĐ-CP sửa đổi …. Điều 1. …`` — a prefix that stands before
    ``Điều``/``Chương``/``Mục``/``Phần`` on two or more lines is furniture.
    """
    heads = [m.group(1) for m in _PORTAL_HEAD.finditer(text)]
    counts = Counter(h.strip() for h in heads)
    common = [h for h, n in counts.items() if n >= 2 and not rx(r"\d").match(h)]
    if not common:
        return None
    alts = "|".join(regex.escape(h) for h in sorted(common, key=len, reverse=True))
    return regex.compile(rf"(?m)^(?:{alts})\.(?:[ ]+|[ ]*\n)")


# -- step 3b: the header block, when a portal or converter joined its lines ----------------
# corpus-real 002/014/019/024: "Hà Nội, ngày 16 tháng 04 năm 2019 THÔNG TƯ SỬA ĐỔI …",
# "Số: 778/TCHQ-GSQL V/v xử lý …", "--------------- Luật số:", "… BẢO HIỂM Y TẾ BỘ TRƯỞNG BỘ Y TẾ"
HEAD = 3000
_PORTAL_TITLE = regex.compile(r"\A[^\n]{5,400}?(?:\.[ ]+|\.?[ ]*\n)(?=[\p{Lu}][\p{Lu} ,&]{2,80}[ ]*-{3,})")
# every cue opens with a capital: "(?=\p{Lu})" first spares trying the cues at most characters (issue 15)
_HEADER_BREAKS = regex.compile(
    r"""(?<=[^\n ])[ ]*(?=\p{Lu})(?=
        C[ỘO]NG\ H[ÒOÀ]A\ X[ÃA]\ H[ỘO]I\ CH[ỦU]\ NGH[ĨI]A\ VI[ỆE]T\ NAM
      | (?:Luật\ )?S[ốỐ]\s*:
      | V/v\b | Kính\ gửi\s*:
      | (?<!\p{Ll}[ ]*)(?<!(?:TP|Tp)\.[ ]?)(?:TP\.\ ?)?[\p{Lu}][\p{Ll}]+(?:\ [\p{Lu}][\p{Ll}]+){0,3},\ ngày\ (?:(?:\d{1,2}|[.…]+)\ )?tháng
      | (?:KT|TM|TL)\.\ [\p{Lu}]
      | (?:BỘ\ TRƯỞNG|THỦ\ TƯỚNG\ CHÍNH\ PHỦ|CHỦ\ TỊCH\ (?:ỦY\ BAN|UBND)|TỔNG\ GIÁM\ ĐỐC|TỔNG\ CỤC\ TRƯỞNG|
         CỤC\ TRƯỞNG|TỔNG\ KIỂM\ TOÁN\ NHÀ\ NƯỚC|THỐNG\ ĐỐC)[\ \p{Lu}]*$
    )
    | (?<=-{3,})[ ]+(?=\S)
    | (?<=\bnăm\ \d{4})[ ]+(?=[\p{Lu}]{2,}\b)
    """,
    regex.VERBOSE | regex.MULTILINE,
)


_ARTICLE_LINE = LinePattern(
    r"(?P<head>(?:Điều|Chương|Mục)\s+[\dIVXLC]+[a-zđ]?\s*[.:][^\n]*?)(?P<clause>\.\s+Khoản\s+\d+\.\s[^\n]*)?(?:\n|$)"
)
# "… của Điều 4 - Luật doanh nghiệp 2020 như sau": the portal names the amended law after the article
_PORTAL_LAW_NOTE = regex.compile(r"(?<=\bĐiều\s+\d+[a-zđ]?)\s+-\s+(?:Luật|Bộ\s+luật|Nghị\s+định|Thông\s+tư)\s[^,.;:\n]{2,80}?\s(?:19|20)\d\d(?=\s|[,.;:]|$)")
_PORTAL_LAW_NOTE_HINT = regex.compile(r"-\s+(?:Luật|Bộ\s+luật|Nghị\s+định|Thông\s+tư)\s")


_GLUED_CLAUSE = regex.compile(r"(?<=:)(?=\d{1,3}[a-zđ]?\.\s)")


def _drop_repeated_articles(mt: MappedText) -> MappedText:
    """A legal portal repeats the parent article heading before every clause of an amending
    document (corpus-real 002, 011, 024: whole lines; 026: ``Điều 1. … . Khoản 2. …``): an article
    heading seen before is furniture."""
    seen: set[str] = set()

    def repl(m: regex.Match) -> str:
        head = m.group("head").strip()
        clause = m.group("clause")
        nl = "\n" if m.group().endswith("\n") else ""
        if head in seen:
            return clause[2:].lstrip() + nl if clause else ""
        # "… của Chính phủ:14. Sửa đổi, bổ sung Điều 14 như sau:": the clause glued to the repeated heading
        glued = _GLUED_CLAUSE.search(head)
        if glued and head[:glued.start()].strip() in seen:
            return head[glued.start():] + (clause or "") + nl
        seen.add(head)
        if glued:
            seen.add(head[:glued.start()].strip())
        return m.group()

    mt = mt.sub(_ARTICLE_LINE, repl)
    return _sub_if(mt, _PORTAL_LAW_NOTE_HINT, _PORTAL_LAW_NOTE, "")


@cache
def _furniture(drop: str = "line") -> LinePattern | None:
    """Page furniture of ``rules/furniture.yaml`` whose ``drop`` is ``drop``, as whole lines."""
    from . import rules

    alts = "|".join(f"(?:{f['pattern']})" for f in rules.load("furniture") if f.get("drop", "line") == drop)
    if not alts:
        return None
    return LinePattern(rf"[ ]*(?:{alts})[ ]*(?:\n|$)" if drop != "before" else f"(?:{alts})")


# what only a document holds: a page around it holds none of these before the document starts
# (a Party plan has no article, Căn cứ or Kính gửi: its "Nơi nhận:" is the document's)
_BODY_SIGN = regex.compile(r"(?m)^[ ]*(?:Điều\s+\d+[a-zđ]?\s*[.:]|Căn\s+cứ\s|Kính\s+gửi\s*:|Nơi\s+nhận\s*:)")
# … nor a header's own lines (a header table read cell by cell puts "Số:" and "V/v" before the motto)
_HEADER_SIGN = regex.compile(r"(?m)^[ ]*(?:Số\b[ :.]*[\d/…_]|V/v\b|[^\n]{0,40}ngày[ ]+[\d.…_ ]*tháng[ ]+[\d.…_ ]*năm\s+\d{4})")
PAGE_BEFORE = 5000  # at most this much of a portal's page comes before the document
_REST = regex.compile(r"(?s).+")


def _portal_page(mt: MappedText) -> MappedText:
    """SPEC rule 1: a crawl of a portal page keeps the page around the document (menus, banners, the
    metadata box, related documents): only the document counts."""
    before = _furniture("before")
    start = before.search(mt.text, 0, PAGE_BEFORE + 2000) if before is not None else None
    if (start and 0 < start.start() <= PAGE_BEFORE and not _BODY_SIGN.search(mt.text, 0, start.start())
            and not _HEADER_SIGN.search(mt.text, 0, start.start())):
        mt = mt.sub(_REST, "", endpos=start.start())
        doc_start = 0
    else:
        doc_start = start.start() if start else None
    tail = _furniture("to_end")
    if doc_start is not None and tail is not None:
        m = tail.search(mt.text, doc_start + 1)
        if m and _BODY_SIGN.search(mt.text, doc_start, m.start()):
            mt = mt.sub(_REST, "", pos=m.start())
    return mt


def _split_header(mt: MappedText) -> MappedText:
    mt = mt.sub(_PORTAL_TITLE, "")
    mt = _portal_page(mt)
    # the header block lies in the first HEAD characters; the margin lets a break near the limit
    # see the words that follow it, as it would in the whole text
    return mt.sub(_HEADER_BREAKS, lambda m: "\n" if m.start() < HEAD else m.group(), endpos=HEAD + 400)


# -- step 4: lines -----------------------------------------------------------------------

# How a body opens after a title line ("Thời gian qua, …", "Tại Hội nghị ngày …"): a line here
# starts a block of its own, and the outline ends a title before it
BODY_OPENING = (
    r"(?:Trong\s+)?[Tt]hời\s+gian\s+(?:vừa\s+)?qua\b|Vừa\s+qua\b|Những\s+năm\s+(?:qua|gần\s+đây)\b|"
    r"Tại\s+(?:[Hh]ội\s+nghị|[Cc]uộc\s+họp|[Bb]uổi\s+(?:làm\s+việc|họp|kiểm\s+tra|hội\s+thảo))\b"
)

# A line that starts a block of its own: list markers, headings, clauses, header lines.
_BLOCK_START = regex.compile(
    r"""^(?:
        [-+•·▪◦●○–—*](?:\s|$)                                  # bullets
      | (?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3}){0,4}|[a-zđ])[.)](?:\s|$)  # I.  1.  1.1.  a)  đ)
      | \(\d{1,3}\)\s | \d{1,3}\)\s
      | (?:Điều|ĐIỀU)\s+\d+[a-zđ]?\s*[.:]
      | (?:Chương|Mục|Phần|Phụ\slục|CHƯƠNG|MỤC|PHẦN|PHỤ\sLỤC)\s+[\dIVXLC]+
      | [\p{Lu}][\p{L}.]*(?:\s[\p{Lu}][\p{L}]*){0,4},\s*ngày\s+(?:(?:\d{1,2}|[.…]{1,10})\s+)?tháng   # place, date
      | (?:BỘ\sTRƯỞNG|THỦ\sTƯỚNG\sCHÍNH\sPHỦ|CHỦ\sTỊCH\s(?:ỦY\sBAN|UBND)|TỔNG\sGIÁM\sĐỐC|TỔNG\sCỤC\sTRƯỞNG|CỤC\sTRƯỞNG|THỐNG\sĐỐC)[\s\p{Lu}]*$
      | (?:Căn\scứ|Theo\sđề\snghị|Xét\sđề\snghị|Thực\shiện|Nơi\snhận|Kính\sgửi|V/v|Về\sviệc)\b | (?:Luật\s)?Số\s*:
      | Ngày\s\d{1,2}(?:[/.-]\d{1,2}|\stháng)                     # "Ngày 02/4/2024, Chủ tịch … chủ trì cuộc họp"
      | \|
      | """ + BODY_OPENING + "\n)",
    regex.VERBOSE,
)
_PAGE_NUMBER = regex.compile(r"^\s*(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}|Trang\s+\d{1,4}(?:\s*/\s*\d{1,4})?|\d{1,4}\s*/\s*\d{1,4}\s*trang)\s*$", regex.I)
_SENTENCE_END = regex.compile(r"(?:[.;:!?…]|\./\.|[.;:]\s*[”\"»)])\s*$")
_LETTER = regex.compile(r"\p{L}")


# a line ending like this never ends a paragraph: the sentence goes on
# a field label opening a line: one to four words, the first capitalised, then a colon
_LABEL_LINE = regex.compile(r"[\p{Lu}][\p{Ll}]*(?:(?:\s+|,\s*)\p{Ll}+){0,4}\s*:\s+\S")
_DANGLING = regex.compile(
    # ("số" of "chuyển đổi số", "dữ liệu số", "hạ tầng số" is "digital": a heading may end with it)
    r"(?:,|\b(?:của|và|(?<!\b(?:đổi|liệu|tầng|tảng|tế|phủ|năng|ký|dung|quyền|thị|dân|hội|nghệ|hóa|hoá|thức)\s)số|ngày|về|các|những|theo|tại|với|cho|để|trong|là|bởi|từ|đến|tháng|năm|"
    r"hoặc|như|thuộc|do|mà|nhằm|trên|giữa|qua|bằng|vào|đối))\s*$"
)


_YEAR_GOES_ON = regex.compile(r"\s*(?:19|20)\d\d\s*")
_BEFORE_A_YEAR = regex.compile(r"(?i)\bnăm\s*$")
# "… hoàn thành trong Quý" / "II/2027.": the quarter's numeral and year never open a line of their own
_QUARTER_GOES_ON = regex.compile(r"(?:IV|III|II|I)\s*/\s*(?:19|20)\d\d(?!\d)")

_CAPS_CONNECTOR = regex.compile(r"(?:[,;\-–]|\b(?:VÀ|CỦA|VỀ|TRONG|CHO|VỚI|TẠI|THEO|ĐỂ|CÁC|NHỮNG|NĂM|SỐ|NGÀY))\s*$")


def _at_end(pattern: regex.Pattern, line: str, reach: int = 12) -> regex.Match | None:
    """``pattern.search(line)`` for a pattern anchored at the line's end (``…\\s*$``) whose match,
    trailing spaces aside, is at most ``reach`` characters long: only the tail is searched (lookbehinds
    still see the whole line), not every position of a long line (issue 15)."""
    return pattern.search(line, max(0, len(line.rstrip()) - reach))


def _is_caps_line(line: str) -> bool:
    letters = _LETTER.findall(line)
    return len(letters) >= 2 and all(not c.islower() for c in letters)


def _first_letter_lower(line: str) -> bool:
    m = _LETTER.search(line)
    return bool(m) and m.group().islower() and m.start() < 3


def _joins(prev: str, nxt: str, blanks: int, wide: int, blank_lines_wrap: bool) -> bool:
    """Whether the break between ``prev`` and ``nxt`` is a hard wrap inside a paragraph.

    ``blank_lines_wrap``: the extractor put a blank line after nearly every line (seed 000),
    so one blank line says nothing; otherwise a blank line ends a paragraph (seed 001).
    """
    if not prev or not nxt:
        return False
    if prev.startswith("|") or nxt.startswith("|"):
        return False
    if _BLOCK_START.match(nxt):
        return False
    if _LABEL_LINE.match(nxt) and not prev.rstrip().endswith(","):
        return False  # "Thời gian: …", "Địa điểm, hình thức: …" under a title: a line of its own
    if _at_end(_DANGLING, prev) or _QUARTER_GOES_ON.match(nxt):
        return True
    if blank_lines_wrap and blanks >= 2 and not _first_letter_lower(nxt):
        return False
    if _at_end(_SENTENCE_END, prev):
        # a list item continued after a semicolon never starts lower case
        return _first_letter_lower(nxt) and not prev.rstrip().endswith((".", "./.", ":"))
    if _is_caps_line(prev):
        # a title wraps in capitals; header lines ("ỦY BAN NHÂN DÂN … / VĂN PHÒNG") stay apart
        return (_is_caps_line(nxt) and not _BLOCK_START.match(nxt)
                and (len(prev) >= 0.6 * wide or _at_end(_CAPS_CONNECTOR, prev) is not None))
    if _first_letter_lower(nxt):
        return True
    if _is_caps_line(nxt) and len(nxt) < 60:
        # "… Trung tâm Ứng dụng và Dịch vụ / KHCN." — an abbreviation ending the sentence of a full line
        return bool(rx(r"[\p{Lu}Đ\-]{2,12}[.;,]").fullmatch(nxt)) and len(prev) >= 0.72 * wide
    # a short line not ending a sentence ends a heading or a block (a title, a name); a
    # heading line is judged stricter than a line inside a paragraph, which ends with punctuation
    if blanks and not blank_lines_wrap:
        # a blank line ends a paragraph, unless the line before it runs to the margin
        return len(prev) >= 0.9 * wide
    if _BLOCK_START.match(prev):
        return len(prev) >= 0.72 * wide
    return len(prev) >= 0.5 * wide


def _reflow(mt: MappedText) -> MappedText:
    text = mt.text
    raw_lines: list[tuple[int, int, int]] = []  # (start, end, blank lines before) of stripped lines
    blank_run = 0
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        s = start + (len(raw) - len(raw.lstrip(" ")))
        e = start + len(raw.rstrip(" "))
        if s >= e:
            blank_run += 1
            continue
        raw_lines.append((s, e, blank_run))
        blank_run = 0
    in_table = _flat_table_lines(text, [(s, e) for s, e, _ in raw_lines])
    lines: list[tuple[int, int]] = []
    blanks_before: list[int] = []
    table_line: list[bool] = []
    for n, (s, e, blanks) in enumerate(raw_lines):
        # a number alone on a line is a page number, except in a table written a cell a line
        if _PAGE_NUMBER.match(text[s:e]) and not in_table[n] \
                and not (lines and _YEAR_GOES_ON.fullmatch(text[s:e]) and _BEFORE_A_YEAR.search(text, *lines[-1])):
            continue  # ("… sử dụng biên chế công chức năm" / "2026": the year of a wrapped line, no page number)
        lines.append((s, e))
        blanks_before.append(blanks)
        table_line.append(in_table[n])
    if not lines:
        return MappedText("", mt.offsets[:0], mt.source_length)
    lengths = sorted(e - s for s, e in lines)
    # a page is some 70 characters wide at least: a short text says little about its width
    wide = max(70, lengths[int(len(lengths) * 0.8)] if len(lengths) >= 5 else max(lengths))
    # hard-wrapped text (a page's width, < 150 characters) with a blank line after nearly
    # every line: the blank lines carry nothing; with one paragraph a line they separate
    followed_by_blank = sum(1 for b in blanks_before[1:] if b) / max(1, len(lines) - 1)
    blank_lines_wrap = followed_by_blank > 0.6 and wide <= 150
    out: list[str] = []
    offs = mt.offsets[:0]
    prev = ""
    for n, (s, e) in enumerate(lines):
        line = text[s:e]
        if n:
            keep = table_line[n] or table_line[n - 1]
            out.append("\n" if keep or not _joins(prev, line, blanks_before[n], wide, blank_lines_wrap) else " ")
            offs.append(mt.offsets[s])
        out.append(line)
        offs.extend(mt.offsets[s:e])
        prev = line
    return MappedText("".join(out), offs, mt.source_length)


def _flat_table_lines(text: str, lines: list[tuple[int, int]]) -> list[bool]:
    """Which lines belong to a task table a PDF text layer wrote one cell fragment a line (its
    header found by ``rules/columns.yaml``): they stay as they are, for the outline to rebuild."""
    from .tables import column_role, header_run, table_end

    out = [False] * len(lines)
    n = 0
    while n < len(lines):
        s, e = lines[n]
        if e - s <= 40 and column_role(text[s:e]) in ("stt", "content") and header_run(text, lines, n):
            end = table_end(text, lines, n)
            for k in range(n, end):
                out[k] = True
            n = max(end, n + 1)
            continue
        n += 1
    return out


# -- step 5: tokens and spaces ---------------------------------------------------------

_GLUE_WORDS = (
    r"ngày|năm|tháng|về|của|và|quy định|ban hành|hướng dẫn|sửa đổi|thay thế|bãi bỏ|được|tại|"
    r"đã|do|có|thì|này|trong|theo|với|để|như|là|từ|đến"
)
_GLUED_AFTER_ID = regex.compile(
    rf"(?<=\d[/-](?:\d{{4}}/)?[\p{{Lu}}&]{{1,12}}(?:-[\p{{Lu}}&]{{1,12}}){{0,4}})(?=(?:{_GLUE_WORDS})\b)"
)
_GLUED_AFTER_ID_HINT = regex.compile(
    rf"[/-](?:\d{{4}}/)?[\p{{Lu}}&]{{1,12}}(?:-[\p{{Lu}}&]{{1,12}}){{0,4}}(?:{_GLUE_WORDS})\b"
)
_GLUED_BEFORE_NUMBER = regex.compile(r"(?<=\b(?:ngày|số|Số|năm|tháng))(?=\d)")
_GLUED_BEFORE_NUMBER_HINT = regex.compile(r"[yốmg]\d")  # the words' last letters
_GLUED_AFTER_DATE = regex.compile(r"(?<=\b\d{1,2}/\d{1,2}/\d{4})(?=\p{Ll})")
_GLUED_AFTER_DATE_HINT = regex.compile(r"/\d{4}\p{Ll}")
_SPACES = regex.compile(r"[ ]{2,}")
# OCR: the letter O (or o) for a zero and l/I for a one inside numbers and dates ("3O/9/2024", "l5/6")
_OCR_DIGITS = regex.compile(r"(?<=\d)[Oo](?=\d|/\d)|(?<=\d[/.])[Oo](?=\d)|(?<=\d)[lI](?=\d)|(?<![\p{L}\d])[lI](?=\d/\d)")


def _sub_if(mt: MappedText, hint: regex.Pattern, pattern: regex.Pattern, repl) -> MappedText:
    """``mt.sub(pattern, repl)``, only where ``hint`` — a part of every match of ``pattern`` that the
    regex module finds quickly — is in the text. A pattern that opens with a look-behind is tried at
    every character (0.5 ms a document for each of ``_GLUED_AFTER_ID``, ``_GLUED_AFTER_DATE``); a hint
    opening with a character or a short class is searched for at C speed, and is rarely there (issue 15)."""
    return mt.sub(pattern, repl) if hint.search(mt.text) else mt


def _ocr_fixes(mt: MappedText) -> MappedText:
    """The OCR fixes applied to every text (``rules/ocr.yaml``: "số l25/QĐ-UBND", OCR output saved as
    text), each where its hint is in the text. A hint not found stays not found for the fixes after it
    that share it: a fix whose hint is absent changes nothing."""
    absent: set[str] = set()
    for pattern, repl, hint in everywhere_fixes():
        if hint is None:
            mt = mt.sub(pattern, repl)
        elif hint.pattern not in absent:
            if hint.search(mt.text):
                mt = mt.sub(pattern, repl)
            else:
                absent.add(hint.pattern)
    return mt


def _has_any(text: str, characters: str) -> bool:
    """One of ``characters`` is in ``text``: a string search per character, faster than a regex class
    scan when they are rare (issue 15)."""
    return any(c in text for c in characters)


def _squeeze(mt: MappedText) -> MappedText:
    """Runs of spaces → one space (``_SPACES``, only when the text has two spaces in a row)."""
    return mt.sub(_SPACES, " ") if "  " in mt.text else mt


@dataclass(frozen=True, slots=True)
class CleanOptions:
    reflow: bool = True


def clean(source: str, options: CleanOptions | None = None) -> MappedText:
    """Clean ``source``; the result maps every character back to ``source``."""
    options = options or CleanOptions()
    mt = MappedText.identity(source)
    if _has_any(source, _INVISIBLE_OR_CR):
        mt = mt.sub(_INVISIBLE, "")
        mt = mt.sub(_CR, "\n")
    mt = _nfc(mt)
    mt = _tsv_tables(mt)
    if _has_any(mt.text, _CHAR_KEYS):
        mt = mt.sub(_CHAR_RE, lambda m: _CHARS[m.group()])
    mt = mt.sub(_MERMAID, "")
    mt = mt.sub(_TOOLTIP, "")
    mt = mt.sub(_MD_IMAGE, "")
    mt = mt.sub(_HTML_BREAK, " ")
    mt = mt.sub(_MD_LINK, r"\1")
    mt = mt.sub(_BARE_URL, "")
    mt = mt.sub(_MD_RULE, "")
    mt = mt.sub(_MD_HEADING, "")
    mt = mt.sub(_MD_EMPH, "")
    mt = mt.sub(_furniture(), "")
    mt = _ocr_fixes(mt)
    mt = mt.sub(_LATEX, _latex)
    prefix = _portal_prefix(mt.text)
    if prefix is not None:
        mt = mt.sub(prefix, "")
        mt = _drop_repeated_articles(mt)
    fixes = retoned(mt.text)  # "hoà" → "hòa", "qủa" → "quả": only the words that change
    if fixes:
        mt = mt.sub(words_pattern(fixes), lambda m: fixes[m.group()])
    mt = _squeeze(mt)
    mt = _split_header(mt)
    if options.reflow:
        mt = _reflow(mt)
    mt = _sub_if(mt, _GLUED_AFTER_ID_HINT, _GLUED_AFTER_ID, " ")
    mt = _sub_if(mt, _GLUED_BEFORE_NUMBER_HINT, _GLUED_BEFORE_NUMBER, " ")
    mt = _sub_if(mt, _GLUED_AFTER_DATE_HINT, _GLUED_AFTER_DATE, " ")
    mt = mt.sub(_OCR_DIGITS, lambda m: "0" if m.group() in "Oo" else "1")
    return _squeeze(mt)
