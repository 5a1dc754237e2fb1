"""Vietnamese syllables OCR broke, restored from a word list (issue 13).

Tesseract drops or moves tone and quality marks (``kêt``, ``triên``, ``Nuồi``). Each syllable that is
no Vietnamese syllable is replaced by the one syllable of the same letters (marks aside) that makes a
word of the list with the syllable before or after it (``phát triên`` → ``phát triển``); a valid
syllable is never touched (``chính quyên`` stays: ``quyên`` is a word), nor is a capitalised run
(a person's name: the list holds no names), nor a syllable with no candidate or with two.

The word list is underthesea's Viet74K (``underthesea/corpus/data/Viet74K.txt``, shipped with the
package — nothing is downloaded), its tones placed as :func:`extract.orthography.place_tone` places
them so that ``ủy`` and ``uỷ`` are one syllable.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import regex

from .orthography import place_tone
from .rules import fold

_SYLLABLE = regex.compile(r"\p{L}+")


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str], dict[str, tuple[str, ...]]] | None:
    """(words, syllables, syllables by their letters), or None where underthesea has no word list."""
    try:
        data = resources.files("underthesea").joinpath("corpus/data/Viet74K.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None
    words: set[str] = set()
    for line in data.split("\n"):
        word = line.strip().lower()
        if word:
            words.add(word)
            words.add(" ".join(place_tone(s) for s in word.split()))
    syllables = {s for w in words for s in w.split()}
    by_letters: dict[str, set[str]] = {}
    for s in syllables:
        by_letters.setdefault(fold(s), set()).add(s)
    return frozenset(words), frozenset(syllables), {k: tuple(sorted(v)) for k, v in by_letters.items()}


def _cased(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def restore(text: str) -> str:
    """``text`` with its broken syllables restored (see the module's docstring); unchanged where the
    word list is missing."""
    lexicon = _lexicon()
    if lexicon is None:
        return text
    words, syllables, by_letters = lexicon
    tokens = list(_SYLLABLE.finditer(text))
    low = [t.group().lower() for t in tokens]

    def joined(i: int, j: int) -> bool:  # tokens i and j are one space apart
        return text[tokens[i].end():tokens[j].start()] == " "

    def name_part(i: int) -> bool:
        capital = lambda k: 0 <= k < len(tokens) and tokens[k].group()[:1].isupper() \
            and not tokens[k].group().isupper()  # noqa: E731
        return capital(i) and (capital(i - 1) and joined(i - 1, i) or capital(i + 1) and joined(i, i + 1))

    changes: dict[int, str] = {}
    for i, syllable in enumerate(low):
        if syllable in syllables or syllable.isascii() or name_part(i):
            continue
        found = set()
        for candidate in by_letters.get(fold(syllable), ()):
            if i > 0 and joined(i - 1, i) and f"{low[i - 1]} {candidate}" in words \
                    or i + 1 < len(low) and joined(i, i + 1) and f"{candidate} {low[i + 1]}" in words:
                found.add(candidate)
        if len(found) == 1:
            changes[i] = found.pop()
    if not changes:
        return text
    out, last = [], 0
    for i, new in sorted(changes.items()):
        t = tokens[i]
        out += [text[last:t.start()], _cased(new, t.group())]
        last = t.end()
    out.append(text[last:])
    return "".join(out)
