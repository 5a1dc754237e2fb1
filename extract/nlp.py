"""The spaCy pipeline: a blank Vietnamese ``Language`` with underthesea as its tokenizer.

Tokenization is the expensive step (underthesea runs at some 27k tokens/s here, regex a thousand
times faster), so the regex stages decide what they can and call this only on the few sentences
where a unit's boundary is not clear from the text alone (issue 4).

- ``vanban.underthesea_tokenizer``: underthesea's words re-aligned onto the text, so that
  ``doc.text == text`` (lossless, as spaCy's own Vietnamese tokenizer does), with underthesea's
  part-of-speech tags in ``token.tag_``.
- ``vanban_units``: unit spans from the head words of ``rules/units.yaml`` (a ``SpanRuler``
  whose patterns are built at ``initialize``), written to ``doc.spans["units"]``.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces

from . import rules


class UndertheseaTokenizer:
    """underthesea ``word_tokenize`` + ``pos_tag`` as a spaCy tokenizer."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
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
        # spaCy's own alignment: extra white space becomes white-space tokens (doc.text == text)
        words, spaces = get_words_and_spaces(pieces, text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        k = 0
        for token in doc:
            if token.is_space:
                token.tag_ = "_SP"
            else:
                token.tag_ = tags[k]
                k += 1
        return doc

    # spaCy serialises tokenizers; this one holds no state of its own
    def to_bytes(self, **_kw) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kw) -> UndertheseaTokenizer:
        return self

    def to_disk(self, _path, **_kw) -> None:
        return None

    def from_disk(self, _path, **_kw) -> UndertheseaTokenizer:
        return self


def _tagged(text: str):
    """underthesea's ``(word, tag)`` pairs, line by line: a word never runs over a line break
    (``THUẾ`` / ``Căn cứ`` became one word), and the CRF tagger, slow on one long input (16 s for the
    25,000 characters of corpus/real-024-luat-03-2022.txt), tags its lines in under 1 s."""
    from underthesea import pos_tag

    for line in text.split("\n"):
        if line.strip():
            yield from pos_tag(line)


@spacy.registry.tokenizers("vanban.underthesea_tokenizer")
def create_tokenizer():
    def make(nlp: Language) -> UndertheseaTokenizer:
        return UndertheseaTokenizer(nlp.vocab)

    return make


@Language.factory("vanban_units")
def create_units(nlp: Language, name: str):
    """Unit spans from the head words of ``rules/units.yaml`` into ``doc.spans["units"]``.

    underthesea splits capitalised names unpredictably (``Ủy`` / ``ban nhân dân``), so the heads
    are matched on the text and the spans expanded to token boundaries; a unit runs on over
    nouns and names and stops at the first lower-case verb."""
    from .units import _head_re  # the same head words the regex stage uses

    verbs = {v.lower() for v in rules.load("units")["verbs"]}

    def units(doc: Doc) -> Doc:
        spans = []
        for m in _head_re().finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), label="UNIT", alignment_mode="expand")
            if span is None:
                continue
            end, stop = span.end, min(len(doc), span.end + MAX_NAME_TOKENS)
            while end < stop and not _is_predicate(doc[end], verbs) and doc[end].tag_ not in {"CH", "E", "C", "X"}:
                end += 1
            spans.append(doc[span.start:end])
        doc.spans["units"] = spacy.util.filter_spans(spans)
        return doc

    return units


MAX_NAME_TOKENS = 40  # a unit's name is never longer; it bounds the work on pathological text


def _is_predicate(token, verbs: set[str]) -> bool:
    return token.text[:1].islower() and (token.tag_ == "V" or token.text.lower() in verbs)


@cache
def pipeline() -> Language:
    """The shared pipeline, built once (no model is downloaded: it is blank plus rules)."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vanban.underthesea_tokenizer"}}})
    nlp.add_pipe("vanban_units")
    return nlp


def predicate_start(text: str, after: int) -> int | None:
    """Where the predicate begins in ``text``: the first verb (underthesea's tag ``V``) that starts
    at or after ``after`` and is written in lower case — a capitalised verb is part of a name
    (``Phòng Quản lý …``)."""
    doc = pipeline()(text)
    verbs = {v.lower() for v in rules.load("units")["verbs"]}
    for token in doc:
        if token.idx >= after and _is_predicate(token, verbs):
            if token.i and doc[token.i - 1].text.lower() in {"nơi", "đang", "đã"}:
                continue  # "Chi cục Hải quan nơi đăng ký tờ khai": a relative clause of the name
            return token.idx
    return None
