"""What vanban extracts: one dataclass per kind of thing, each with its span.

``dump()`` gives exactly the JSON of ``../shared/SPEC.md`` (schema ``vanban.extraction/1``).
Spans are ``[start, end)`` in the clean text that ``vanban text`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .textmap import MappedText

SCHEMA = "vanban.extraction/1"


@dataclass(slots=True)
class Source:
    path: str
    sha256: str
    format: str  # txt | pdf | docx | html
    pages: int | None = None
    encoding: str | None = None  # utf-8, utf-16, tcvn3, vni, cp1258 …
    ocr: bool = False
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR
    ocr_fields: list[str] = field(default_factory=list)  # fields of a text layer read by OCR (number, date)

    def dump(self) -> dict[str, Any]:
        out = {"path": self.path, "sha256": self.sha256, "format": self.format, "pages": self.pages}
        if self.encoding:
            out["encoding"] = self.encoding
        out["ocr"] = self.ocr
        if self.ocr_pages:
            out["ocr_pages"] = list(self.ocr_pages)
        if self.ocr_fields:
            out["ocr_fields"] = list(self.ocr_fields)
        return out


def pipe_row(cells) -> str:
    """A table row as every reader writes it for the task stage: ``| 1 | Rà soát … | Sở Tư pháp |``.
    Each cell is one line already; a ``|`` inside a cell is written ``/``."""
    return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"


@dataclass(slots=True)
class Page:
    """One page of a read document: its text and where it starts in the joined source."""

    number: int
    text: str
    start: int = 0
    ocr: bool = False  # the text was read by OCR
    ocr_fields: list[str] = field(default_factory=list)  # what OCR read into a text-layer page


@dataclass(slots=True)
class RawDocument:
    """A file as read: the source text (pages joined by newlines) before cleaning."""

    source: Source
    pages: list[Page]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)


@dataclass(slots=True)
class Signer:
    name: str | None = None
    position: str | None = None

    def dump(self) -> dict[str, Any]:
        return {"name": self.name, "position": self.position}


@dataclass(slots=True)
class DocumentInfo:
    """SPEC ``document``: the fields of the document itself."""

    type: str | None = None
    number: str | None = None
    issuer: str | None = None
    place: str | None = None
    date: str | None = None
    title: str | None = None
    signer: Signer = field(default_factory=Signer)
    recipients: list[str] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    # the province its local references were resolved with (extract.ids.citing_province); not in SPEC
    province: str | None = None

    def dump(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "number": self.number,
            "issuer": self.issuer,
            "place": self.place,
            "date": self.date,
            "title": self.title,
            "signer": self.signer.dump(),
            "recipients": list(self.recipients),
            "spans": {k: list(v) for k, v in self.spans.items()},
        }


@dataclass(slots=True)
class Reference:
    """A mention of another document (SPEC ``references``)."""

    text: str
    span: tuple[int, int]
    type: str | None
    id: str | None
    date: str | None = None
    issuer: str | None = None
    scope: str | None = None
    title: str | None = None
    relation: str = "mentions"
    page: int | None = None
    of: tuple[int, str] | None = None  # (index of the outer reference, its relation to this one)
    year: int | None = None  # year of issue when known (from the id or the date)
    short: bool = False  # a short mention resolved to an earlier full one
    id_written: str | None = None  # the id with its symbol's case as issued (QĐ-TTg), for display
    # why it has its relation: the words it was decided from ("the clause it opens: «Căn cứ»"), shown by
    # the review app (issue 14); not in SPEC
    how: str | None = None

    def dump(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "span": list(self.span),
            "page": self.page,
            "type": self.type,
            "id": self.id,
            "date": self.date,
            "issuer": self.issuer,
            "scope": self.scope,
            "title": self.title,
            "relation": self.relation,
            "id_written": self.id_written,
        }
        if self.of is not None:
            out["of"] = {"index": self.of[0], "relation": self.of[1]}
        return out


@dataclass(slots=True)
class Deadline:
    text: str
    span: tuple[int, int]
    start: str | None = None
    end: str | None = None
    recurrence: str | None = None
    ongoing: bool = False

    def dump(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": list(self.span),
            "start": self.start,
            "end": self.end,
            "recurrence": self.recurrence,
            "ongoing": self.ongoing,
        }


@dataclass(slots=True)
class Task:
    text: str
    span: tuple[int, int]
    section: str | None
    description: str
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    page: int | None = None
    # why it was read: the form it was found in and what named its units ("a row of the table …", "a
    # sentence: «Giao Sở Tài chính»"), shown by the review app (issue 14); not in SPEC
    how: str | None = None

    def dump(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": list(self.span),
            "page": self.page,
            "section": self.section,
            "description": self.description,
            "lead": list(self.lead),
            "support": list(self.support),
            "products": list(self.products),
            "deadlines": [d.dump() for d in self.deadlines],
        }


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one file, with the clean text the spans point into."""

    source: Source
    clean: MappedText
    document: DocumentInfo
    references: list[Reference]
    tasks: list[Task]
    page_starts: list[int] = field(default_factory=list)  # clean offsets where pages start

    @property
    def text(self) -> str:
        return self.clean.text

    def dump(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "source": self.source.dump(),
            "document": self.document.dump(),
            "references": [r.dump() for r in self.references],
            "tasks": [t.dump() for t in self.tasks],
        }
