"""Text with an offset map back to its source.

Every cleaning step rewrites text; a :class:`MappedText` carries, for every
character of the current text, the index of the source character it came from,
so that a span found in the clean text can always be shown on the original
(the idea of eyecite's ``SpanUpdater``, done eagerly).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex


@dataclass(slots=True)
class MappedText:
    """``text`` plus ``offsets``: ``offsets[i]`` is the source index of ``text[i]``.

    ``source_length`` closes the map: an empty span at the end of the text maps to it.
    """

    text: str
    offsets: array
    source_length: int

    @classmethod
    def identity(cls, source: str) -> MappedText:
        n = len(source)
        # a slice of a counting array is a copy made at memory speed; array("q", range(n)) builds
        # n Python integers first (0.8 ms for a 15,000-character document, issue 15)
        return cls(source, _counting()[:n] if n <= _COUNTING else array("q", range(n)), n)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The ``[start, end)`` span of the source that clean ``[start, end)`` came from."""
        if start >= len(self.text):
            return (self.source_length, self.source_length)
        src_start = self.offsets[start]
        if end <= start:
            return (src_start, src_start)
        src_end = self.offsets[end - 1] + 1
        return (src_start, max(src_end, src_start))

    def sub(self, pattern: regex.Pattern, repl: str | Callable[[regex.Match], str],
            endpos: int | None = None, pos: int = 0) -> MappedText:
        """Apply ``pattern.sub(repl)`` keeping the offset map (to matches from ``pos`` and before
        ``endpos`` only, which the pattern sees as the end of the text, if given).

        Inside a replaced match the characters shared with the match at its start
        and end keep their own offsets; the rest map to the first changed source
        character, so an inserted space sits where the glue was and a deleted
        stretch simply disappears from the map.
        """
        matches = pattern.finditer(self.text, pos, len(self.text) if endpos is None else endpos)
        return self.edit((m.start(), m.end(), repl(m) if callable(repl) else m.expand(repl)) for m in matches)

    def edit(self, edits) -> MappedText:
        """Replace ``text[start:end]`` by ``new`` for each ``(start, end, new)`` of ``edits`` (in order, not
        overlapping), keeping the offset map as :meth:`sub` does."""
        text, offs = self.text, self.offsets
        pieces: list[str] = []
        new_offs = array("q")
        last = 0
        for s, e, new in edits:
            old = text[s:e]
            if new == old:
                continue
            pieces.append(text[last:s])
            new_offs.extend(offs[last:s])
            new_offs.extend(_align(old, new, offs, s, e, self.source_length))
            pieces.append(new)
            last = e
        if last == 0 and not pieces:
            return self
        pieces.append(text[last:])
        new_offs.extend(offs[last:])
        return MappedText("".join(pieces), new_offs, self.source_length)


_COUNTING = 1 << 16  # characters: most documents are shorter, and the array costs 512 KB


@cache
def _counting() -> array:
    """0, 1, 2 … ``_COUNTING - 1``, made once; never changed (callers get slices, which are copies)."""
    return array("q", range(_COUNTING))


def _align(old: str, new: str, offs: array, s: int, e: int, source_length: int) -> array:
    """Offsets for ``new`` replacing ``old == text[s:e]``."""
    if len(old) == len(new):
        return offs[s:e]
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    out = array("q", offs[s : s + prefix])
    middle = len(new) - prefix - suffix
    if s + prefix < e:
        anchor = offs[s + prefix]
    elif e < len(offs):
        anchor = offs[e]
    else:
        anchor = source_length
    out.extend([anchor] * middle)
    if suffix:
        out.extend(offs[e - suffix : e])
    return out


class LinePattern:
    """A pattern that matches only at the start of a line (``(?m)^`` before ``body``), found by jumping
    from newline to newline.

    The regex module tries a ``(?m)^…`` pattern at every character of the text; led by a literal
    ``\\n`` it finds the candidates with a fast string search — 5 to 8 times faster on documents
    (issue 15). ``search`` and ``finditer`` find what ``(?m)^body`` finds, left to right and not
    overlapping; the matches they give answer ``start``, ``end``, ``span``, ``group`` (by number or
    name) and ``groupdict`` as the pattern's own would, and ``expand`` for replacements without group references.
    """

    __slots__ = ("at", "led", "pattern")

    def __init__(self, body: str, flags: int = 0) -> None:
        self.pattern = rf"(?m)^{body}"
        self.at = regex.compile(self.pattern, flags)
        self.led = regex.compile(rf"(?m)\n(?=({body}))", flags)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        endpos = len(text) if endpos is None else min(endpos, len(text))
        pos = min(pos, endpos)
        last = pos
        if pos == 0 or text[pos - 1 : pos] == "\n":
            m = self.at.match(text, pos, endpos)
            if m:
                yield _LineMatch(m, 0)
                last = m.end() if m.end() > m.start() else m.start() + 1
        # a line start at ``last`` has its newline at ``last - 1``, inside the match before it
        for m in self.led.finditer(text, max(pos, last - 1), endpos):
            start, end = m.span(1)
            if start < last:
                continue
            yield _LineMatch(m, 1)
            last = end if end > start else start + 1

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return next(self.finditer(text, pos, endpos), None)


class _LineMatch:
    """A match of a :class:`LinePattern`: the match of its body, whichever pattern found it."""

    __slots__ = ("_m", "_shift")

    def __init__(self, m: regex.Match, shift: int) -> None:
        self._m, self._shift = m, shift

    def _g(self, g: int | str) -> int | str:
        return g + self._shift if isinstance(g, int) else g

    def start(self, g: int | str = 0) -> int:
        return self._m.start(self._g(g))

    def end(self, g: int | str = 0) -> int:
        return self._m.end(self._g(g))

    def span(self, g: int | str = 0) -> tuple[int, int]:
        return self._m.span(self._g(g))

    def group(self, *gs: int | str):
        if not gs:
            return self._m.group(self._shift)
        return self._m.group(*(self._g(g) for g in gs))

    def groupdict(self) -> dict[str, str | None]:
        return self._m.groupdict()

    def expand(self, template: str) -> str:
        if "\\" in template:
            raise ValueError(f"a LinePattern replacement with group references is not supported: {template!r}")
        return template


class NearPattern:
    """``pattern`` searched only around the places where ``anchor`` (a literal string) is.

    For a pattern whose every match holds ``anchor`` at most ``before`` characters after the match's start
    and ends at most ``after`` characters after it (``Quyết định số 12/QĐ-UBND``: a slash within a few
    words of the kind's name). The regex module tries a pattern that opens with a class or a look-behind at
    every character; the anchor is found by a string search, and the stretches around it are a third of a
    document (issue 15). ``finditer`` finds what ``pattern.finditer`` finds: a stretch is grown while a
    match reaches its end, where the text cut off could have changed the match.
    """

    __slots__ = ("after", "anchor", "before", "pattern")

    def __init__(self, pattern: regex.Pattern, anchor: str, before: int, after: int) -> None:
        self.pattern, self.anchor, self.before, self.after = pattern, anchor, before, after

    def stretches(self, text: str) -> list[tuple[int, int]]:
        """The stretches of ``text`` within ``before``/``after`` of the anchor, merged where they meet."""
        out: list[list[int]] = []
        n, p = len(text), text.find(self.anchor)
        while p >= 0:
            a, b = max(0, p - self.before), min(n, p + len(self.anchor) + self.after + 1)
            if out and a <= out[-1][1]:
                out[-1][1] = b
            else:
                out.append([a, b])
            p = text.find(self.anchor, p + 1)
        return [(a, b) for a, b in out]

    def finditer(self, text: str):
        n = len(text)
        stretches = self.stretches(text)
        k = 0
        while k < len(stretches):
            a, b = stretches[k]
            found = list(self.pattern.finditer(text, a, b))
            if found and found[-1].end() >= b - 1 and b < n:  # cut off by the stretch's end: grow it
                b = min(n, b + self.after + 1)
                while k + 1 < len(stretches) and stretches[k + 1][0] <= b:
                    b = max(b, stretches[k + 1][1])
                    del stretches[k + 1]
                stretches[k] = (a, b)
                continue
            yield from found
            k += 1
