"""Calendar dates as Vietnamese documents write them.

``25/01/2024``, ``25-01-2024``, ``25.01.2024``, ``ngày 29 tháng 12 năm 2022`` — and never a
number with its year (``59/2019`` inside ``59/2019/NĐ-CP`` is not a date).
"""

from __future__ import annotations

import calendar
import datetime as dt

import regex

# day/month/year with one separator kind, spaces tolerated around it (PDF noise)
NUMERIC_DATE = r"(?P<d>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4})(?![/\d])"
LONG_DATE = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*,?\s+năm\s+(?P<y2>\d{4})"
DATE = rf"(?:{NUMERIC_DATE}|{LONG_DATE})"
DATE_RE = regex.compile(DATE, regex.I)


def iso(year: int, month: int, day: int) -> str | None:
    """ISO date, or None when the day does not exist."""
    if not (1 <= month <= 12 and 1900 <= year <= 2199):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day).isoformat()


def date_from_match(m: regex.Match) -> str | None:
    """ISO date from a match of :data:`DATE` (groups d/m/y or d2/m2/y2)."""
    if m.group("d") is not None:
        return iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if m.group("d2") is not None:
        return iso(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
    return None


def month_end(year: int, month: int) -> str:
    return dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
