"""Deadlines: a temporal grammar of our own (SPEC tasks.deadlines).

Dates, months, quarters (Roman or Arabic), half-years, years, ``đầu/giữa/cuối năm``,
``trước ngày``, ``chậm nhất``, ``trong tháng``, ``từ … đến …``, recurrence and ongoing work.
A year left out is the year the document is about; a day is never invented; a number with its
year inside a reference (``59/2019``) is never a date.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache

import regex

from .dates import iso, month_end
from .models import Deadline
from .patterns import rx

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_Q = r"(?P<q>IV|III|II|I|[1-4])"
_Y = r"(?P<y>(?:19|20)\d\d)"
_D = r"(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})(?:\s?[/.-]\s?(?P<yy>(?:19|20)\d\d))?(?![/\d])"
_DL = r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+(?P<yy>(?:19|20)\d\d))?"

_ONGOING = regex.compile(r"(?i)\b(?:thường\s+xuyên(?:\s+trong\s+năm(?:\s+(?:19|20)\d\d)?)?|liên\s+tục|hàng\s+ngày|hằng\s+ngày)\b")

_CLOCK = r"(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?\s*,?\s+)?"
# the long form beside the short one in one pattern: its groups named apart (dl, ml, yyl; read by _day_of)
_DL_ALT = _DL.replace("(?P<d>", "(?P<dl>").replace("(?P<m>", "(?P<ml>").replace("(?P<yy>", "(?P<yyl>")
_PATTERNS: list[tuple[str, regex.Pattern]] = [
    ("range_dates", regex.compile(r"(?i)\btừ\s+(?:ngày\s+)?(?P<d1>\d{1,2})\s?/\s?(?P<m1>\d{1,2})(?:\s?/\s?(?P<y1>(?:19|20)\d\d))?\s+(?:đến|tới)\s+(?:ngày\s+)?(?P<d2>\d{1,2})\s?/\s?(?P<m2>\d{1,2})(?:\s?/\s?(?P<y2>(?:19|20)\d\d))?")),
    # (a clock time may stand before the day: "kể từ 07 giờ ngày 03/10/2026", "trước 17 giờ ngày 03/10/2026")
    ("from_date", regex.compile(rf"(?i)\b(?:kể\s+)?từ\s+{_CLOCK}ngày\s+(?:{_D}|{_DL})(?!\s*(?:đến|tới))")),
    ("before_date", regex.compile(rf"(?i)\b(?:trước|chậm\s+nhất(?:\s+(?:là|vào))?|hạn\s+chót|không\s+quá|hoàn\s+thành\s+trước|đến\s+hết|đến|hết)\s+{_CLOCK}(?:ngày\s+)?(?:{_D}|{_DL_ALT})")),
    # "trước ngày 15/6 và 15/12 hằng năm": the second date shares the bound
    # … also written out: "trước ngày 15 tháng 6 và ngày 15 tháng 12 hằng năm"
    ("and_date", regex.compile(rf"(?i)(?<=(?:trước|chậm\s+nhất|hạn\s+chót)\s+(?:ngày\s+)?\d{{1,2}}\s?/\s?\d{{1,2}}(?:\s?/\s?\d{{4}})?)\s*(?:và|,)\s*(?:ngày\s+)?{_D}"
                               rf"|(?<=(?:trước|chậm\s+nhất|hạn\s+chót)\s+(?:ngày\s+)?\d{{1,2}}\s+tháng\s+\d{{1,2}}(?:\s+năm\s+\d{{4}})?)\s*(?:và|,)\s*"
                               rf"(?:ngày\s+)?{_DL_ALT}")),
    # "trong thời hạn 05 ngày làm việc kể từ ngày nhận được hồ sơ": bounded, but by an event, not a date
    # ("trong 6 tháng đầu năm 2027" is the first half of the year)
    ("within_days", regex.compile(r"(?i)\b(?:trong\s+(?:thời\s+hạn\s+|vòng\s+)?|chậm\s+nhất\s+(?:là\s+)?|sau\s+)"
                                  r"(?P<n>\d{1,3})\s+(?:ngày(?:\s+làm\s+việc)?|giờ(?:\s+làm\s+việc)?|tháng(?!\s+(?:đầu|cuối)\s+năm)|tuần)"
                                  r"(?:\s*,?\s*kể\s+từ(?:\s+ngày)?[^.;,\n]{0,80})?")),
    ("quarter_range", regex.compile(rf"(?i)\bquý\s+(?P<q1>IV|III|II|I|[1-4])\s*(?:[-–]|đến|và|,(?=\s*(?:quý\s+)?(?:IV|III|II|I)\b))\s*(?:quý\s+)?(?P<q2>IV|III|II|I|[1-4])(?![\p{{L}}\d])(?:\s*(?:năm|/)\s*{_Y})?")),
    ("quarter", regex.compile(rf"(?i)\b(?P<pre>trong\s+|trước\s+|cuối\s+|đầu\s+)?quý\s+{_Q}(?![\p{{L}}\d])(?:\s*(?:năm|/)\s*{_Y})?")),
    # "6 tháng đầu năm 2024", "9 tháng đầu năm", "3 tháng cuối năm"
    ("half", regex.compile(rf"(?i)\b(?P<n>0?[369])\s+tháng\s+(?P<h>đầu|cuối)\s+năm(?:\s+{_Y})?")),
    # "từ tháng 3 đến tháng 6 năm 2024": one interval
    ("month_range", regex.compile(r"(?i)\btừ\s+tháng\s+(?P<m1>\d{1,2})(?:\s*(?:năm|/)\s*(?P<y1>(?:19|20)\d\d))?"
                                  r"\s*(?:đến|tới|[-–])\s*(?:hết\s+)?tháng\s+(?P<m2>\d{1,2})(?:\s*(?:năm|/)\s*(?P<y2>(?:19|20)\d\d))?"
                                  # "Tháng 4 - 5", "tháng 11-12/2027" (a programme's time cell): the second month bare
                                  r"|\btháng\s+(?P<m1>\d{1,2})\s*[-–]\s*(?P<m2>\d{1,2})(?!\d)(?!\s*/\s*\d{1,2}(?!\d))(?:\s*(?:năm|/)\s*(?P<y2>(?:19|20)\d\d))?(?![\d/])")),
    # "giai đoạn 2021-2025", "từ năm 2024 đến năm 2025"; bare "năm 2024 - 2025" in a time field
    # (not a school year: "năm học 2027 - 2028")
    ("year_range", regex.compile(r"(?i)\b(?P<pre>giai\s+đoạn|từ\s+năm|năm)?\s*(?<!\bhọc\s*)(?P<y1>(?:19|20)\d\d)\s*(?:[-–]|đến|tới)\s*"
                                 r"(?:năm\s+)?(?P<y2>(?:19|20)\d\d)(?![\d/])")),
    # "bắt đầu thực hiện từ tháng 01/2026": from the month on, no end
    ("from_month", regex.compile(r"(?i)\b(?:bắt\s+đầu\s+(?:thực\s+hiện\s+|triển\s+khai\s+|áp\s+dụng\s+)?|kể\s+)?từ\s+tháng\s+"
                                 r"(?P<mo>\d{1,2})(?:\s*(?:năm|/)\s*(?P<y>(?:19|20)\d\d))?(?![\d/])(?!\s*(?:đến|tới|[-–]))")),
    # "trong tuần đầu tháng 01/2027": a week of the month (the first seven days, the next …, the last seven)
    ("week_of_month", regex.compile(rf"(?i)\b(?:trong\s+)?tuần\s+(?P<w>đầu\s+tiên|đầu|thứ\s+nhất|thứ\s+hai|thứ\s+ba|thứ\s+tư|cuối)"
                                    rf"\s+(?:của\s+)?tháng\s+(?P<mo>\d{{1,2}})(?:\s*(?:năm|/)\s*{_Y})?(?![\d/])")),
    ("month", regex.compile(rf"(?i)\b(?P<pre>trong\s+|trước\s+|cuối\s+|đầu\s+)?tháng\s+(?P<mo>\d{{1,2}})(?:\s*(?:năm|/)\s*{_Y})?(?![\d/])")),
    # (not the school year: "đầu năm học 2027 - 2028" is September)
    ("year_part", regex.compile(rf"(?i)\b(?P<part>đầu|giữa|cuối)\s+năm(?!\s+học\b)(?:\s+{_Y})?")),
    ("this_year", regex.compile(r"(?i)\btrong\s+năm(?!\s+(?:19|20)\d\d)(?![\p{L}\d])")),
    ("date", regex.compile(rf"(?i)\b(?:ngày\s+)?{_D}|\bngày\s+{_DL}")),
    ("year", regex.compile(rf"(?i)\b(?P<pre>trong|trước|đến\s+hết|hết|đến|từ\s+nay\s+đến)?\s*năm\s+{_Y}(?![\d/])")),
    # a time column that holds a year alone: "2026"
    ("bare_year", regex.compile(rf"^\s*(?P<pre>trước|trong|đến)?\s*{_Y}\s*[.;]?\s*$", regex.I)),
    # a time cell that holds a month and year alone: "01/2027", "Trước 06/2027"
    ("bare_month", regex.compile(r"^\s*(?P<pre>trước|trong|đến)?\s*(?P<mo>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d\d)\s*[.;]?\s*$", regex.I)),
]


_NAMED_PERIOD = regex.compile(r"(?i)\b(?:Kế\s+hoạch|Chương\s+trình|Đề\s+án|Nghị\s+quyết|Quyết\s+định|Chiến\s+lược|Dự\s+án)\b[^.;:]*$")


_CLAUSE_START = regex.compile(r"(?:^|[.;:!?]\s+|\n)\s*(?:[-+•*]\s*)?$")
_NAMED_HORIZON = regex.compile(r"(?i)\b(?:Kế\s+hoạch|Chương\s+trình|Đề\s+án|Chiến\s+lược|Quy\s+hoạch|Nghị\s+quyết|"
                               r"Dự\s+án|tầm\s+nhìn|định\s+hướng)\b[^.;:,()]{0,80}$")


class _Claims:
    """Spans of ``text[lo:hi]`` already claimed by a time expression or a reference. ``overlaps(s, e)`` is
    ``any(s < te and ts < e for ts, te in claims)`` — in time of the span's length instead of the claims so
    far (issue 16: a task of "trước ngày 30/9/2023, " × 8,000 was quadratic). A claim of no length claims no
    character, and an empty query overlaps only a claim around it: both are rare, and checked one by one."""

    def __init__(self, lo: int, hi: int, spans=()):
        self.lo, self._mask = lo, bytearray(max(0, hi - lo))
        self.spans: list[tuple[int, int]] = []
        self._empty: list[tuple[int, int]] = []
        for s, e in spans:
            self.add(s, e)

    def add(self, s: int, e: int) -> None:
        self.spans.append((s, e))
        if s >= e:
            self._empty.append((s, e))
            return
        a, b = max(s - self.lo, 0), min(e - self.lo, len(self._mask))
        if a < b:
            self._mask[a:b] = b"\x01" * (b - a)

    def overlaps(self, s: int, e: int) -> bool:
        if s >= e:
            return any(s < te and ts < e for ts, te in self.spans)
        a, b = max(s - self.lo, 0), min(e - self.lo, len(self._mask))
        if (a < b and self._mask.find(1, a, b) >= 0) or any(s < te and ts < e for ts, te in self._empty):
            return True
        # a claim reaching outside [lo, hi) overlaps a span there only: spans are asked inside it
        return (s < self.lo or e > self.lo + len(self._mask)) and any(s < te and ts < e for ts, te in self.spans)


def _q(v: str) -> int:
    return ROMAN.get(v.upper(), 0) or int(v)


@cache
def _not_deadline_re() -> regex.Pattern:
    """``rules/deadlines.yaml`` not_deadline: phrases whose dates are no deadline."""
    from . import rules

    pats = [e["pattern"] for e in rules.load("deadlines").get("not_deadline", [])]
    return regex.compile("|".join(f"(?:{p})" for p in pats) or r"(?!)", regex.I)


def _until(text: str, start: int, out: list[Deadline]) -> list[Deadline]:
    """``hằng tuần … báo cáo … cho đến hết ngày 15/02/2027``: the recurrence runs until that day, one entry
    (``out`` in text order)."""
    for k, d in enumerate(out):
        if not d.recurrence or d.start or d.end or k + 1 == len(out):
            continue
        nxt = out[k + 1]
        between = text[d.span[1] - start:nxt.span[0] - start]
        if nxt.start is None and nxt.end and not nxt.recurrence and _UNTIL.match(nxt.text) \
                and len(between) <= 160 and not rx(r"[;.]").search(between):
            d.end = nxt.end
            return out[:k + 1] + out[k + 2:]
    return out


_UNTIL = regex.compile(r"(?i)(?:cho\s+)?đến(?:\s+hết)?\b")


@cache
def _reviewed_re() -> regex.Pattern:
    """``rules/deadlines.yaml`` reviewed: the words of a review right before the period it covers."""
    from . import rules

    entry = rules.load("deadlines").get("reviewed")
    return regex.compile(rf"(?:{entry['before']})$" if entry else r"(?!)", regex.I)


def _drop_reviewed(text: str, start: int, out: list[Deadline]) -> list[Deadline]:
    """The period a review covers (``Sơ kết 6 tháng đầu năm 2026 …``) is no deadline when the work has a
    time of its own (``…: trong tháng 7/2026``)."""
    # a period (it has a start), not a day the work is due by ("báo cáo kết quả trước ngày 10/7/2027")
    reviewed = [d for d in out if d.start and _reviewed_re().search(text, max(0, d.span[0] - start - 60), d.span[0] - start)]
    if reviewed and any(d not in reviewed and (d.start or d.end) for d in out):
        return [d for d in out if d not in reviewed]
    return out


def parse(text: str, start: int, default_year: int | None, in_field: bool = False,
          exclude: tuple[tuple[int, int], ...] = ()) -> list[Deadline]:
    """Every time expression in ``text`` (which starts at ``start`` of the clean text).

    ``in_field``: ``text`` is the value of a ``Thời gian thực hiện:`` line, where a bare
    ``năm 2023`` is a deadline; in prose it is usually the subject's year.
    """
    out: list[Deadline] = []
    taken = _Claims(0, len(text))

    def free(s: int, e: int) -> bool:
        return not taken.overlaps(s, e)

    for s_, e_ in exclude:
        taken.add(s_ - start, e_ - start)
    for m in _not_deadline_re().finditer(text):
        taken.add(*m.span())  # "kỷ niệm 80 năm Ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2027)"
    # numbers inside references are not dates
    for m in rx(r"\d+\s?/\s?(?:\d{4}\s?/\s?)?[\p{Lu}][\p{L}&-]*|\d+[-–][\p{Lu}]+/[\p{Lu}]+").finditer(text):
        taken.add(*m.span())
    for m in _ONGOING.finditer(text):
        if not free(*m.span()):
            continue
        y = default_year
        ym = rx(r"(19|20)\d\d").search(m.group())
        if ym:
            y = int(ym.group())
        d = Deadline(text=m.group(), span=(start + m.start(), start + m.end()), ongoing=True)
        if "trong năm" in m.group().lower() and y:
            d.start, d.end = f"{y}-01-01", f"{y}-12-31"
        taken.add(*m.span())
        out.append(d)
    for name, pat in _PATTERNS:
        for m in pat.finditer(text):
            if not free(*m.span()):
                continue
            d = _interpret(name, m, default_year, in_field)
            if d is None:
                continue
            taken.add(*m.span())
            d.text = m.group().strip()
            # the span of the text without the blanks around it ("trước ngày 15/6 và 15/12": the second
            # date's match opens with a space; its span did too, and text[span] was not its text)
            lead = m.start() + len(m.group()) - len(m.group().lstrip())
            d.span = (start + lead, start + lead + len(d.text))
            out.append(d)
    _recurrences(text, start, out, taken)
    out.sort(key=lambda d: d.span)
    out = _until(text, start, out)
    return _drop_reviewed(text, start, out)  # both keep the order


def _interpret(name: str, m: regex.Match, default_year: int | None, in_field: bool) -> Deadline | None:
    g = m.groupdict()
    if name == "range_dates":
        y1 = int(g["y1"] or g["y2"] or default_year or 0)
        y2 = int(g["y2"] or y1)
        s, e = iso(y1, int(g["m1"]), int(g["d1"])), iso(y2, int(g["m2"]), int(g["d2"]))
        return Deadline("", (0, 0), start=s, end=e) if s and e else None
    if name == "from_date":
        y = int(g["yy"]) if g.get("yy") else default_year
        if not y:
            return None
        st = iso(y, int(g["m"]), int(g["d"]))
        return Deadline("", (0, 0), start=st) if st else None
    if name == "within_days":
        return Deadline("", (0, 0))
    if name in ("and_date", "before_date"):  # the day in its short form or its long one (_DL_ALT)
        d, mo, yy = g.get("d") or g.get("dl"), g.get("m") or g.get("ml"), g.get("yy") or g.get("yyl")
        y = int(yy) if yy else default_year
        if not (d and mo and y):
            return None
        e = iso(y, int(mo), int(d))
        return Deadline("", (0, 0), end=e) if e else None
    if name == "quarter_range":
        y = int(g["y"]) if g.get("y") else default_year
        if not y:
            return None
        q1, q2 = _q(g["q1"]), _q(g["q2"])
        if q2 <= q1:
            return None
        return Deadline("", (0, 0), start=iso(y, 3 * q1 - 2, 1), end=month_end(y, 3 * q2))
    if name == "quarter":
        y = int(g["y"]) if g.get("y") else default_year
        if not y:
            return None
        q = _q(g["q"])
        pre = (g.get("pre") or "").strip().lower()
        if pre == "trước":
            return Deadline("", (0, 0), end=month_end(y, 3 * q - 3) if q > 1 else f"{y - 1}-12-31")
        return Deadline("", (0, 0), start=None if pre == "cuối" else iso(y, 3 * q - 2, 1), end=month_end(y, 3 * q))
    if name == "half":
        y = int(g["y"]) if g.get("y") else default_year
        if not y:
            return None
        n = int(g["n"])
        if g["h"].lower() == "đầu":
            return Deadline("", (0, 0), start=f"{y}-01-01", end=month_end(y, n))
        return Deadline("", (0, 0), start=f"{y}-{13 - n:02d}-01", end=f"{y}-12-31")
    if name == "month_range":
        m1, m2 = int(g["m1"]), int(g["m2"])
        y2 = int(g["y2"]) if g.get("y2") else int(g["y1"]) if g.get("y1") else default_year
        y1 = int(g["y1"]) if g.get("y1") else y2
        if not (y1 and y2 and 1 <= m1 <= 12 and 1 <= m2 <= 12) or (y1, m1) > (y2, m2):
            return None
        return Deadline("", (0, 0), start=f"{y1}-{m1:02d}-01", end=month_end(y2, m2))
    if name == "year_range":
        y1, y2 = int(g["y1"]), int(g["y2"])
        pre = rx(r"\s+").sub(" ", (g.get("pre") or "").lower())
        # in prose "giai đoạn 2021-2025" names the period of a plan, not a time limit of the task
        if not y1 < y2 <= y1 + 30 or not (in_field or pre == "từ năm"):
            return None
        if _NAMED_PERIOD.search(m.string[max(0, m.start() - 100):m.start()]):
            return None  # "theo Kế hoạch rà soát … giai đoạn 2022 - 2025": the period of a document
        return Deadline("", (0, 0), start=f"{y1}-01-01", end=f"{y2}-12-31")
    if name == "from_month":
        mo = int(g["mo"])
        y = int(g["y"]) if g.get("y") else default_year
        if not (y and 1 <= mo <= 12):
            return None
        return Deadline("", (0, 0), start=f"{y}-{mo:02d}-01")
    if name == "week_of_month":
        mo = int(g["mo"])
        y = int(g["y"]) if g.get("y") else default_year
        if not (y and 1 <= mo <= 12):
            return None
        last = int(month_end(y, mo)[-2:])
        w = rx(r"\s+").sub(" ", g["w"].lower())
        first = {"cuối": last - 6, "thứ hai": 8, "thứ ba": 15, "thứ tư": 22}.get(w, 1)
        return Deadline("", (0, 0), start=f"{y}-{mo:02d}-{first:02d}", end=f"{y}-{mo:02d}-{min(first + 6, last):02d}")
    if name == "bare_month":
        if not in_field:
            return None
        name = "month"
    if name == "month":
        mo = int(g["mo"])
        if not 1 <= mo <= 12:
            return None
        y = int(g["y"]) if g.get("y") else default_year
        if not y:
            return None
        pre = (g.get("pre") or "").strip().lower()
        if pre == "trước":
            return Deadline("", (0, 0), end=month_end(y - 1, 12) if mo == 1 else month_end(y, mo - 1))
        return Deadline("", (0, 0), start=None if pre == "cuối" else f"{y}-{mo:02d}-01", end=month_end(y, mo))
    if name == "year_part":
        y = int(g["y"]) if g.get("y") else default_year
        if not y:
            return None
        part = g["part"].lower()
        if part == "đầu":
            return Deadline("", (0, 0), start=f"{y}-01-01", end=f"{y}-03-31")
        if part == "giữa":
            return Deadline("", (0, 0), start=f"{y}-04-01", end=f"{y}-09-30")
        return Deadline("", (0, 0), end=f"{y}-12-31")
    if name == "date":
        y = int(g["yy"]) if g.get("yy") else default_year
        if not y or not g.get("yy") and "ngày" not in m.group().lower():
            return None
        e = iso(y, int(g["m"]), int(g["d"]))
        return Deadline("", (0, 0), start=e, end=e) if e else None
    if name == "this_year":
        if not in_field or not default_year:
            return None
        return Deadline("", (0, 0), start=f"{default_year}-01-01", end=f"{default_year}-12-31")
    if name == "bare_year":
        if not in_field:
            return None
        name = "year"
    if name == "year":
        y = int(g["y"])
        pre = rx(r"\s+").sub(" ", (g.get("pre") or "").strip().lower())
        if not pre and not in_field and not (m.group().lstrip().startswith("Năm")
                                             and _CLAUSE_START.search(m.string, 0, m.start())):
            return None  # a bare year in prose is the subject's, but "- Năm 2022 cố gắng …" opens with when
        if pre == "trước":
            return Deadline("", (0, 0), end=f"{y - 1}-12-31")
        if pre in {"đến hết", "đến"} and _NAMED_HORIZON.search(m.string[max(0, m.start() - 100):m.start()]):
            return None  # "thực hiện chiến lược dữ liệu quốc gia đến năm 2030": the horizon of a document
        if pre in {"đến hết", "hết", "đến", "từ nay đến"}:
            return Deadline("", (0, 0), end=f"{y}-12-31")
        return Deadline("", (0, 0), start=f"{y}-01-01", end=f"{y}-12-31")
    return None


_CLOCK = regex.compile(r"(?i)(?<![\d/.])(?:[01]?\d|2[0-3])\s?(?:h|giờ|g)\s?(?:[0-5]\d(?:'|\s?phút)?)?"
                       r"(?:\s*(?:[-–]|đến)\s*(?:[01]?\d|2[0-3])\s?(?:h|giờ|g)\s?(?:[0-5]\d(?:'|\s?phút)?)?)?(?![\p{L}\d])")


def clock_deadlines(text: str, start: int, end: int, day: str) -> list[Deadline]:
    """Clock times of a programme's time column (``07h45 - 8h00``, ``10h30``, ``14 giờ``): they fall
    on ``day``, the event's date."""
    return [Deadline(m.group().strip(), (m.start(), m.end()), start=day, end=day)
            for m in _CLOCK.finditer(text, start, end)]


@cache
def _event_res() -> tuple[regex.Pattern, regex.Pattern]:
    from . import rules

    data = rules.load("deadlines")

    def compile_(group: str) -> regex.Pattern:
        return regex.compile("|".join(f"(?:{p['pattern']})" for p in data[group]), regex.I)

    return compile_("prose"), compile_("field")


def event_deadlines(text: str, start: int, end: int, taken: list[tuple[int, int]],
                    in_field: bool = False) -> list[Deadline]:
    """Deadlines bound to an event (``sau khi … được phê duyệt``, ``trước hội nghị``; in a time field
    ``Theo yêu cầu của cấp có thẩm quyền``): entries with start and end null (SPEC rule 4)."""
    prose, field = _event_res()
    out = []
    claims = _Claims(start, end, taken)
    # in a time field, "Theo yêu cầu …" is the deadline only when the field gives no time of its own
    for pattern in (prose, field) if in_field and not taken else (prose,):
        for m in pattern.finditer(text, start, end):
            if m.start() and rx(r"\p{L}").match(text[m.start() - 1]):
                continue
            s, e = m.start(), m.end()
            if claims.overlaps(s, e):
                continue
            phrase = text[s:e].strip()
            lead = len(text[s:e]) - len(text[s:e].lstrip())  # its span without the blanks before it
            out.append(Deadline(text=phrase, span=(s + lead, s + lead + len(phrase))))
            claims.add(s, e)
    return out


@cache
def _recurrence_res() -> tuple[tuple[str, regex.Pattern], ...]:
    from . import rules

    data = rules.load("deadlines")["recurrence"]
    out = []
    for entry in data["kinds"]:
        alts = rules.phrases(entry["phrases"])
        out.append((entry["slug"], regex.compile(rf"(?i)(?<![\p{{L}}\d])(?:định\s+kỳ\s+)?(?:{alts})(?![\p{{L}}])")))
    return tuple(out)


@cache
def _named_by_re() -> regex.Pattern:
    """Nouns after which "hằng năm" names a plan, a budget or a rating rather than how often the task recurs."""
    from . import rules

    recurrence = rules.load("deadlines")["recurrence"]
    nouns, closers = recurrence["not_after"], recurrence.get("closes_noun") or ()
    # the words after the noun, none of them one that closes its phrase ("Chương trình này")
    word = rf"(?!(?:{rules.phrases(closers)})(?![\p{{L}}]))[\p{{L}}]+" if closers else r"[\p{L}]+"
    return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{rules.phrases(nouns)})(?:[\s,]+{word}){{0,5}}\s*,?\s*$")


@cache
def _verbs_when_first() -> frozenset[str]:
    from . import rules

    return frozenset(w.lower() for w in rules.load("deadlines")["recurrence"].get("verbs_when_first", []))


def _verb_first(text: str, named: regex.Match) -> bool:
    """``Báo cáo Giám đốc Sở hàng tháng``: the noun opens its clause, so it is the verb of the work."""
    word = rx(r"[\p{L}]+(?:\s+[\p{L}]+)?").match(named.group())
    # whether the text before it ends a clause, read backwards from it ("(?r)": not the whole text before
    # again for each recurrence, issue 16); a lone line break before it opens the text too
    k = named.start()
    return bool(word) and " ".join(word.group().lower().split()) in _verbs_when_first() \
        and (rx(r"(?r)(?:^|[.;:!?]\s*)$").match(text, 0, k) is not None or (k == 1 and text[0] == "\n"))


ADJACENT = 30  # characters between a recurrence and the deadline it repeats ("trước ngày 15/12 hằng năm")


def _recurrences(text: str, start: int, out: list[Deadline], taken: _Claims) -> None:
    """``hằng tháng``, ``định kỳ 06 tháng``, ``02 tuần/lần`` …: the recurrence of the deadline next to
    it, or an entry of its own; not when it qualifies a noun (``kế hoạch đầu tư công trung hạn, hằng
    năm``, ``xếp loại công chức, viên chức hàng năm``) unless ``định kỳ`` says it is the work's."""
    seen: set[str] = set()
    # the deadlines a recurrence may repeat (a start alone is when it begins), by where they start and end:
    # those within ADJACENT are looked up, not every deadline for each recurrence (issue 16)
    dated = [d for d in out if not d.recurrence and not d.ongoing and d.end]
    by_start = sorted(range(len(dated)), key=lambda i: dated[i].span[0])
    by_end = sorted(range(len(dated)), key=lambda i: dated[i].span[1])
    starts = [dated[i].span[0] - start for i in by_start]
    ends = [dated[i].span[1] - start for i in by_end]
    for slug, pattern in _recurrence_res():
        for m in pattern.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            periodic = m.group().lower().startswith("định")
            named = _named_by_re().search(text, max(0, m.start() - 80), m.start())
            if not periodic and named and not _verb_first(text, named):
                continue
            taken.add(*m.span())
            close = {*by_start[bisect_left(starts, m.end() - ADJACENT):bisect_right(starts, m.end() + ADJACENT)],
                     *by_end[bisect_left(ends, m.start() - ADJACENT):bisect_right(ends, m.start() + ADJACENT)]}
            near = [d for d in (dated[i] for i in sorted(close)) if not d.recurrence
                    and min(abs(d.span[0] - start - m.end()), abs(m.start() - (d.span[1] - start))) <= ADJACENT
                    and ";" not in text[min(m.end(), d.span[1] - start):max(m.start(), d.span[0] - start)]]
            if near:
                for d in near:
                    d.recurrence = slug
                continue
            if slug in seen:
                continue
            seen.add(slug)
            lead = m.start() + len(m.group()) - len(m.group().lstrip())  # without the blanks around it
            out.append(Deadline(text=m.group().strip(), span=(start + lead, start + lead + len(m.group().strip())),
                                recurrence=slug))
