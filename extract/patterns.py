"""Patterns written where they are used, compiled once.

``regex.match(pattern, text)`` looks ``pattern`` up in the regex module's cache on every call, and
that lookup (flags arithmetic, argument checks) costs more than most of the matches themselves;
``rx(pattern).match(text)`` keeps the pattern at its place of use and pays the lookup once.
"""

from __future__ import annotations

from functools import cache

import regex


@cache
def rx(pattern: str, flags: int = 0) -> regex.Pattern:
    """``pattern`` compiled (with ``flags``), once per process."""
    return regex.compile(pattern, flags)
