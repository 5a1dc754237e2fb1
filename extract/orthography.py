"""Vietnamese tone-mark placement.

Two placements are in use: the traditional one (``hòa``, ``thủy``, ``khỏe``) and the
"new" one (``hoà``, ``thuỷ``, ``khoẻ``); typing tools also produce outright misplacements
(``qủa`` for ``quả``, ``hoạn`` for ``hoạn`` typed as ``họan``). Text is compared only after
every syllable carries its tone on one vowel, chosen by the traditional rule that the
seeds and most administrative documents use:

1. ``qu`` and ``gi`` (before another vowel) belong to the initial; their vowel is not part
   of the nucleus.
2. A vowel with a quality mark (``ă â ê ô ơ ư``) takes the tone (``ơ`` in ``ươ``).
3. Otherwise a closed syllable (with a final consonant) puts it on the last vowel.
4. Otherwise an open syllable puts it on the second to last vowel of its nucleus
   (``hòa``, ``tài``, ``ngoài``), or the only one.

Placement never changes the length of a syllable in NFC, so offsets are kept one-to-one.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
QUALITY = {"\u0302", "\u0306", "\u031b"}
VOWELS = set("aeiouy")

# A run of letters that may be a syllable: Latin letters with Vietnamese marks.
SYLLABLE = regex.compile(r"(?<![\p{L}\p{M}])[\p{Latin}\p{M}]{2,7}(?![\p{L}\p{M}])")
_FINALS = {"c", "ch", "m", "n", "ng", "nh", "p", "t"}
_INITIALS = {
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
}


def _split(ch: str) -> tuple[str, str | None, str]:
    """(base letter, tone mark or None, quality marks) of one NFC character."""
    d = unicodedata.normalize("NFD", ch)
    base = d[0]
    tone = None
    quality = ""
    for mark in d[1:]:
        if mark in TONES:
            tone = mark
        elif mark in QUALITY:
            quality += mark
        else:
            quality += mark
    return base, tone, quality


@lru_cache(maxsize=65536)
def place_tone(word: str) -> str:
    """Return ``word`` with its tone mark on the vowel the traditional rule names.

    Words that are not a single well-formed Vietnamese syllable are returned unchanged.
    """
    parts = [_split(c) for c in word]
    tones = [(i, t) for i, (_, t, _) in enumerate(parts) if t]
    if len(tones) != 1:
        return word
    lower = [b.lower() for b, _, _ in parts]
    # initial consonant cluster
    i = 0
    while i < len(lower) and lower[i] not in VOWELS:
        i += 1
    initial = "".join(lower[:i])
    if initial == "q" and i < len(lower) and lower[i] == "u":
        i += 1
        initial = "qu"
    elif initial == "g" and i + 1 < len(lower) and lower[i] == "i" and lower[i + 1] in VOWELS:
        i += 1
        initial = "gi"
    if initial not in _INITIALS:
        return word
    j = i
    while j < len(lower) and lower[j] in VOWELS:
        j += 1
    nucleus = list(range(i, j))
    final = "".join(lower[j:])
    if not nucleus or final not in _FINALS | {""} or len(nucleus) > 3:
        return word
    marked = [k for k in nucleus if parts[k][2]]
    if marked:
        target = marked[-1]
    elif final:
        target = nucleus[-1]
    elif len(nucleus) == 1:
        target = nucleus[0]
    else:
        target = nucleus[-2]
    current, tone = tones[0]
    if current == target:
        return word
    if current not in nucleus and not (initial in {"qu", "gi"} and current == i - 1):
        return word
    out = []
    for k, (base, _, quality) in enumerate(parts):
        marks = quality + (tone if k == target else "")
        out.append(unicodedata.normalize("NFC", base + marks))
    result = "".join(out)
    return result if len(result) == len(word) else word


def normalize_tones(text: str) -> str:
    """``place_tone`` on every syllable of ``text`` (length-preserving)."""
    return SYLLABLE.sub(lambda m: place_tone(m.group()), text)


def retoned(text: str) -> dict[str, str]:
    """The syllables of ``text`` whose tone mark ``place_tone`` moves, each with its fix: one C-speed
    scan and one call per distinct word, so a clean text costs almost nothing."""
    out = {}
    for word in set(SYLLABLE.findall(text)):
        fixed = place_tone(word)
        if fixed != word:
            out[word] = fixed
    return out


def words_pattern(words) -> regex.Pattern:
    """Any of ``words`` as a whole word."""
    alts = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alts})(?![\p{{L}}\p{{M}}])")
