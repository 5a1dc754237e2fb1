"""The spaCy pipeline: a blank Vietnamese ``Language`` with underthesea as its tokenizer.

Tokenization is the expensive step (underthesea runs at some 27k tokens/s here, regex a thousand
times faster), so the regex stages decide what they can and tag only the few sentences where a
unit's boundary is not clear from the text alone (issue 4) — with :mod:`extract.tagging`, the same
words without spaCy, whose import costs more than the tagging (issue 15).

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

from .tagging import is_predicate, words


class UndertheseaTokenizer:
    """underthesea ``word_tokenize`` + ``pos_tag`` as a spaCy tokenizer."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        found = words(text)
        doc = Doc(self.vocab, words=[w.text for w in found], spaces=[w.space for w in found])
        for token, word in zip(doc, found, strict=True):
            token.tag_ = word.tag
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

    def units(doc: Doc) -> Doc:
        spans = []
        for m in _head_re().finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), label="UNIT", alignment_mode="expand")
            if span is None:
                continue
            end, stop = span.end, min(len(doc), span.end + MAX_NAME_TOKENS)
            while end < stop and not is_predicate(doc[end].text, doc[end].tag_) and doc[end].tag_ not in {"CH", "E", "C", "X"}:
                end += 1
            spans.append(doc[span.start:end])
        doc.spans["units"] = spacy.util.filter_spans(spans)
        return doc

    return units


MAX_NAME_TOKENS = 40  # a unit's name is never longer; it bounds the work on pathological text


@cache
def pipeline() -> Language:
    """The shared pipeline, built once (no model is downloaded: it is blank plus rules)."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vanban.underthesea_tokenizer"}}})
    nlp.add_pipe("vanban_units")
    return nlp
