"""underthesea's part-of-speech tags aligned on the text, without spaCy.

The unit stage asks for a predicate only where its regexes find no verb (:func:`predicate_start`);
importing spaCy for that cost some 3 s a process, more than all the tagging a batch does (issue 15).
The spaCy tokenizer of :mod:`extract.nlp` builds its ``Doc`` from these same words, so the two
cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from . import rules


@dataclass(frozen=True, slots=True)
class Word:
    """One token of the text: ``text`` starts at ``start``; ``space``: one space follows it (spaCy's
    ``whitespace_``); ``tag``: underthesea's part of speech, ``_SP`` for white space, ``X`` for text
    underthesea dropped."""

    text: str
    start: int
    space: bool
    tag: str


def words(text: str) -> list[Word]:
    """The words of ``text`` with their tags, lossless: their texts and spaces put together are ``text``."""
    pieces: list[str] = []
    tags: list[str] = []
    pos = 0
    for word, tag in _tagged(text):
        # underthesea joins syllables with single spaces: find them in the text, in order
        syllables = word.split()
        start = text.find(syllables[0], pos) if syllables else -1
        if start < 0:
            continue
        end = start
        for syl in syllables:
            i = text.find(syl, end)
            if i < 0:
                break
            end = i + len(syl)
        if text[pos:start].strip():  # text underthesea dropped is kept as a token of its own
            pieces.append(text[pos:start].strip())
            tags.append("X")
        pieces.append(text[start:end])
        tags.append(tag)
        pos = end
    if text[pos:].strip():
        pieces.append(text[pos:].strip())
        tags.append("X")
    out: list[Word] = []
    k = 0
    start = 0
    for word, space in zip(*_words_and_spaces(pieces, text), strict=True):
        if word.isspace():  # spaCy's is_space
            tag = "_SP"
        else:
            tag = tags[k]
            k += 1
        out.append(Word(word, start, space, tag))
        start += len(word) + space
    return out


def _words_and_spaces(pieces: list[str], text: str) -> tuple[list[str], list[bool]]:
    """spaCy's ``get_words_and_spaces`` (spacy.util, 3.8): extra white space becomes words of its own."""
    if "".join("".join(pieces).split()) != "".join(text.split()):
        raise ValueError(f"the words do not match the text: {text!r}")
    text_words: list[str] = []
    text_spaces: list[bool] = []
    text_pos = 0
    for word in (w for w in pieces if not w.isspace()):
        word_start = text[text_pos:].index(word)
        if word_start > 0:
            text_words.append(text[text_pos:text_pos + word_start])
            text_spaces.append(False)
            text_pos += word_start
        text_words.append(word)
        text_spaces.append(False)
        text_pos += len(word)
        if text_pos < len(text) and text[text_pos] == " ":
            text_spaces[-1] = True
            text_pos += 1
    if text_pos < len(text):
        text_words.append(text[text_pos:])
        text_spaces.append(False)
    return text_words, text_spaces


def _tagged(text: str):
    """underthesea's ``(word, tag)`` pairs, line by line: a word never runs over a line break
    (``THUẾ`` / ``Căn cứ`` became one word), and the CRF tagger, slow on one long input (16 s for the
    25,000 characters of corpus/real-024-luat-03-2022.txt), tags its lines in under 1 s."""
    from underthesea import pos_tag

    for line in text.split("\n"):
        if line.strip():
            yield from pos_tag(line)


@cache
def verbs() -> frozenset[str]:
    """The verbs of ``rules/units.yaml``, lower case."""
    return frozenset(v.lower() for v in rules.load("units")["verbs"])


def is_predicate(text: str, tag: str) -> bool:
    """A verb written in lower case: a capitalised verb is part of a name (``Phòng Quản lý …``)."""
    return text[:1].islower() and (tag == "V" or text.lower() in verbs())


# the same snippet comes back in every document of an office (its header, its usual list of units):
# it is tagged once (the answer depends on the text alone)
@lru_cache(maxsize=1024)
def predicate_start(text: str, after: int) -> int | None:
    """Where the predicate begins in ``text``: the first verb (underthesea's tag ``V``) that starts
    at or after ``after`` and is written in lower case — a capitalised verb is part of a name
    (``Phòng Quản lý …``)."""
    # such a verb starts with a lower-case letter: with none from ``after`` on, there is nothing to tag
    # ("ỦY BAN NHÂN DÂN TỈNH" | " NGHỆ AN", or nothing at all after the unit's head)
    if not any(map(str.islower, text[max(after, 0):])):
        return None
    found = words(text)
    for i, word in enumerate(found):
        if word.start >= after and is_predicate(word.text, word.tag):
            if i and found[i - 1].text.lower() in {"nơi", "đang", "đã"}:
                continue  # "Chi cục Hải quan nơi đăng ký tờ khai": a relative clause of the name
            return word.start
    return None
