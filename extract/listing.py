"""The stored documents as a list (``vanban docs``): newest first, filtered by kind, issuer and date,
with how many references and tasks each holds; rendered as CSV or JSON (the CLI draws the table)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, fields
from datetime import date as Date

from sqlalchemy import func, select

from .errors import VanbanError
from .store import Document, Mention, Store, TaskRow, fold


@dataclass
class DocumentOut:
    id: int
    type: str | None  # SPEC type slug: ke_hoach, quyet_dinh…
    number: str | None  # số ký hiệu as written
    issuer: str | None
    date: str | None  # YYYY-MM-DD
    title: str | None  # trích yếu
    references: int
    tasks: int
    path: str


COLUMNS = [f.name for f in fields(DocumentOut)]


def _kind(value: str) -> str:
    """A kind of document as the user writes it — its slug (``ke_hoach``), its name (``Kế hoạch``, any
    case) or its symbol (``KH``) — as the slug stored."""
    from . import rules

    slugs = {k.slug for k in rules.kinds()}
    written = " ".join(value.split())
    slug = (written if written in slugs else rules.kind_by_name().get(written.lower())
            or rules.kind_by_symbol().get(written.upper()))
    if slug is None:
        raise VanbanError(None, f"--type {value!r} is no kind of document; one of: {', '.join(sorted(slugs))}")
    return slug


def documents(store: Store, *, type: str | None = None, issuer: str | None = None,
              since: str | None = None) -> list[DocumentOut]:
    """Stored documents, newest first (undated ones last). ``type``: a kind (slug, name or symbol);
    ``issuer``: any part of the issuer's name, case and diacritics ignored (as ``vanban tasks --unit``);
    ``since``: dated on or after this YYYY-MM-DD."""
    if since is not None:
        try:
            since = Date.fromisoformat(since).isoformat()
        except ValueError:
            raise VanbanError(None, f"--since wants a date as YYYY-MM-DD, not {since!r}") from None
    refs = (select(Mention.document_id, func.count().label("n")).group_by(Mention.document_id).subquery())
    tasks = (select(TaskRow.document_id, func.count().label("n")).group_by(TaskRow.document_id).subquery())
    stmt = (select(Document.id, Document.type, Document.number, Document.issuer, Document.date, Document.title,
                   func.coalesce(refs.c.n, 0), func.coalesce(tasks.c.n, 0), Document.path)
            .outerjoin(refs, refs.c.document_id == Document.id)
            .outerjoin(tasks, tasks.c.document_id == Document.id)
            .order_by(Document.date.is_(None), Document.date.desc(), Document.id.desc()))
    if type is not None:
        stmt = stmt.where(Document.type == _kind(type))
    if since is not None:
        stmt = stmt.where(Document.date >= since)
    with store.session() as session:
        rows = [DocumentOut(*row) for row in session.execute(stmt)]
    if issuer is not None and issuer.strip():
        # matched on folded text here, not by SQL LIKE: `%` and `_` in what the user typed stay plain
        # characters, and SQLite's LIKE and lower() fold ASCII only (ỦY ≠ ủy), PostgreSQL's ILIKE keeps
        # diacritics — the same query gives the same documents on both backends
        key = " ".join(fold(issuer).split())
        rows = [r for r in rows if r.issuer and key in " ".join(fold(r.issuer).split())]
    return rows


def to_csv(rows: list[DocumentOut]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow(["" if v is None else v for v in asdict(r).values()])
    return buf.getvalue()


def to_json(rows: list[DocumentOut]) -> str:
    return json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1)


__all__ = ["documents", "to_csv", "to_json", "DocumentOut", "COLUMNS"]
