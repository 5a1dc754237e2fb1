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
