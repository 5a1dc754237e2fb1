"""The whole pipeline: read → clean → outline → find → resolve → :class:`Extraction`."""

from __future__ import annotations

import bisect
from functools import cache, lru_cache
from pathlib import Path

import regex

from . import limits, rules
from .clean import clean as clean_text
from .ids import citing_province, issuer_scope
from .models import Extraction, RawDocument
from .outline import read_outline
from .patterns import rx
from .read import read_bytes, read_document
from .references import find_references
from .resolve import CitingContext, resolve
from .tasks import document_year, find_tasks

_OWN_ACTS = {"amends", "replaces", "repeals", "guides"}


@cache
def _self_named() -> regex.Pattern:
    """``Chỉ thị này``, ``Quyết định này`` opening the reference's sentence: the document itself acts."""
    names = sorted(rules.kind_by_name(), key=len, reverse=True)
    return regex.compile(rf"(?i)(?:^|[.;:]\s|\n)[^.;:\n]*?\b(?:{'|'.join(map(regex.escape, names))})\s+này\b[^.;:\n]*$")


def _tasks_act_later(text: str, refs, tasks) -> None:
    """A task that asks a unit to amend, replace or guide a document (``Sửa đổi Luật Đất đai và các văn bản
    hướng dẫn thi hành`` in a row of a plan's task table) is work to come, not the citing document's own
    act: the reference is a mention (issue 12) — unless the sentence says the document itself does it
    (``Chỉ thị này thay thế Chỉ thị số 31-CT/TU``)."""
    spans = sorted((t.span for t in tasks if t.lead), key=lambda s: s[0])
    if not spans:
        return
    for r in refs:
        if r.relation in _OWN_ACTS and r.of is None and any(s <= r.span[0] < e for s, e in spans):
            if not _self_named().search(text, max(0, r.span[0] - 300), r.span[0]):
                r.relation = "mentions"


def extract_raw(raw: RawDocument) -> Extraction:
    """Extraction from an already read document."""
    mt = clean_text(raw.text)
    text = mt.text
    limits.check()
    info, outline = read_outline(text)
    province = info.province = citing_province(text, info.place, info.issuer)
    scope = issuer_scope(info.issuer)
    ctx = CitingContext(number=info.number, province=province, issuer_scope=scope,
                        number_span=outline.number_span, type=info.type,
                        heading_start=info.spans.get("type", (None,))[0], title_span=info.spans.get("title"),
                        year=document_year(info, text))
    refs = resolve(text, find_references(text), ctx)
    limits.check()
    page_starts = _page_starts(raw, mt)
    tasks = find_tasks(text, outline, info, tuple(r.span for r in refs))
    _tasks_act_later(text, refs, tasks)
    _units_as_written(raw.text, mt, tasks)
    if raw.source.format == "pdf":
        for r in refs:
            r.page = _page(page_starts, r.span[0])
        for t in tasks:
            t.page = _page(page_starts, t.span[0])
    return Extraction(source=raw.source, clean=mt, document=info, references=refs, tasks=tasks,
                      page_starts=page_starts)


def _units_as_written(source: str, mt, tasks) -> None:
    """Units as the document writes them (SPEC rule 2): cleaning placed tone marks by one rule
    ("Văn hoá" → "Văn hóa"); a unit found in its task's clean text takes the spelling of the same
    characters in the source."""
    import unicodedata

    from .rules import fold

    text = mt.text
    for task in tasks:
        for role in ("lead", "support"):
            units = getattr(task, role)
            for n, unit in enumerate(units):
                m = _written_re(unit).search(text, task.span[0], task.span[1])
                if m is None:
                    continue
                a, b = mt.source_span(*m.span())
                written = " ".join(unicodedata.normalize("NFC", source[a:b]).replace("\u00d0", "\u0110").split())
                if written != unit and fold(written) == fold(unit) and len(written) == len(unit) \
                        and rx(r"[\p{L}\p{N}\s,.;:()\-–&/]+").fullmatch(written):
                    units[n] = written


@lru_cache(maxsize=4096)  # the units of one office come back in every document it issues
def _written_re(unit: str) -> regex.Pattern:
    """``unit``'s words with any white space between them."""
    return regex.compile(r"\s+".join(regex.escape(w) for w in unit.split()))


def _page_starts(raw: RawDocument, mt) -> list[int]:
    """Clean offsets where each page starts (from the source offsets of the pages)."""
    starts = []
    offs = mt.offsets
    for page in raw.pages:
        i = bisect.bisect_left(offs, page.start)
        starts.append(i)
    return starts


def _page(page_starts: list[int], pos: int) -> int:
    return max(1, bisect.bisect_right(page_starts, pos))


def extract(path: str | Path, ocr: str = "auto") -> Extraction:
    """Read, clean and extract the document at ``path`` (``ocr``: auto, always, never — for PDFs),
    within the per-file limits of :mod:`extract.limits`."""
    from .errors import safe_path

    with limits.budget(safe_path(path)):
        return extract_raw(read_document(path, ocr))


def extract_bytes(data: bytes, name: str, ocr: str = "auto") -> Extraction:
    with limits.budget(name):
        return extract_raw(read_bytes(data, name, ocr))
