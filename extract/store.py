"""The relational store (SQLAlchemy 2; SQLite by default, PostgreSQL by URL).

Plain tables a user can open in Datasette: documents, reference mentions, tasks with their
units and deadlines, and ingest errors. Ingest is idempotent (same content and extractor
version → skipped) and atomic per document (one transaction).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from . import EXTRACTOR_VERSION
from .errors import VanbanError
from .models import Extraction

DEFAULT_URL = "sqlite:///vanban.db"


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    format: Mapped[str] = mapped_column(String(8))
    pages: Mapped[int | None] = mapped_column(Integer)
    extractor_version: Mapped[str] = mapped_column(String(32))
    ingested_at: Mapped[str] = mapped_column(String(32))
    type: Mapped[str | None] = mapped_column(String(40), index=True)
    number: Mapped[str | None] = mapped_column(String(120), index=True)
    issuer: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(120))
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    signer_name: Mapped[str | None] = mapped_column(Text)
    signer_position: Mapped[str | None] = mapped_column(Text)
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    clean_text: Mapped[str] = mapped_column(Text)
    references: Mapped[list[ReferenceMention]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                                              order_by="ReferenceMention.position")
    tasks: Mapped[list[TaskRow]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                                order_by="TaskRow.position")


class ReferenceMention(Base):
    __tablename__ = "reference_mentions"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    type: Mapped[str | None] = mapped_column(String(40))
    cited_id: Mapped[str | None] = mapped_column(String(120), index=True)
    date: Mapped[str | None] = mapped_column(String(10))
    issuer: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(String(60), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    relation: Mapped[str] = mapped_column(String(20), index=True)
    of_position: Mapped[int | None] = mapped_column(Integer)
    of_relation: Mapped[str | None] = mapped_column(String(20))
    document: Mapped[Document] = relationship(back_populates="references")


class TaskRow(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    document: Mapped[Document] = relationship(back_populates="tasks")
    units: Mapped[list[TaskUnit]] = relationship(cascade="all, delete-orphan", order_by="TaskUnit.id")
    deadlines: Mapped[list[DeadlineRow]] = relationship(cascade="all, delete-orphan", order_by="DeadlineRow.id")
    products: Mapped[list] = mapped_column(JSON, default=list)


class TaskUnit(Base):
    __tablename__ = "task_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(8))  # lead | support
    unit: Mapped[str] = mapped_column(Text, index=True)


class DeadlineRow(Base):
    __tablename__ = "deadlines"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10), index=True)
    recurrence: Mapped[str | None] = mapped_column(String(12))
    ongoing: Mapped[bool] = mapped_column(default=False)


class IngestError(Base):
    __tablename__ = "ingest_errors"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(32))


@dataclass
class IngestReport:
    ingested: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A vanban database. ``url`` defaults to ``$VANBAN_DB`` or ``sqlite:///vanban.db``."""

    def __init__(self, url: str | None = None):
        self.url = url or os.environ.get("VANBAN_DB") or DEFAULT_URL
        self.engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)

    def ingest(self, ex: Extraction) -> bool:
        """Store one extraction; returns False when the same content and version is there."""
        with Session(self.engine) as session, session.begin():
            old = session.scalar(select(Document).where(Document.sha256 == ex.source.sha256))
            if old is not None:
                if old.extractor_version == EXTRACTOR_VERSION:
                    return False
                session.delete(old)
                session.flush()
            session.add(_document_row(ex))
        return True

    def ingest_paths(self, paths: list[Path]) -> IngestReport:
        from .pipeline import extract

        report = IngestReport()
        for p in paths:
            try:
                ex = extract(p)
            except VanbanError as exc:
                report.failed.append((str(p), exc.reason))
                self._record_error(str(p), exc.reason)
                continue
            if self.ingest(ex):
                report.ingested += 1
            else:
                report.skipped += 1
        return report

    def _record_error(self, path: str, reason: str) -> None:
        with Session(self.engine) as session, session.begin():
            session.add(IngestError(path=path, reason=reason, at=_now()))

    def stats(self) -> dict[str, int]:
        with Session(self.engine) as session:
            return {
                "documents": session.scalar(select(func.count()).select_from(Document)) or 0,
                "references": session.scalar(select(func.count()).select_from(ReferenceMention)) or 0,
                "tasks": session.scalar(select(func.count()).select_from(TaskRow)) or 0,
            }

    def top_cited(self, limit: int = 10) -> list[dict]:
        """Cited documents by the number of distinct citing documents."""
        label = func.coalesce(ReferenceMention.cited_id, ReferenceMention.title)
        q = (
            select(label.label("label"), ReferenceMention.scope,
                   func.count(func.distinct(ReferenceMention.document_id)).label("n"))
            .group_by(label, ReferenceMention.scope)
            .order_by(func.count(func.distinct(ReferenceMention.document_id)).desc(), label)
            .limit(limit)
        )
        with Session(self.engine) as session:
            return [{"label": r.label, "scope": r.scope, "count": r.n} for r in session.execute(q)]


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _document_row(ex: Extraction) -> Document:
    d = ex.document
    doc = Document(
        path=ex.source.path, sha256=ex.source.sha256, format=ex.source.format, pages=ex.source.pages,
        extractor_version=EXTRACTOR_VERSION, ingested_at=_now(), type=d.type, number=d.number, issuer=d.issuer,
        place=d.place, date=d.date, title=d.title, signer_name=d.signer.name, signer_position=d.signer.position,
        recipients=list(d.recipients), clean_text=ex.text,
    )
    for i, r in enumerate(ex.references):
        doc.references.append(ReferenceMention(
            position=i, text=r.text, span_start=r.span[0], span_end=r.span[1], page=r.page, type=r.type,
            cited_id=r.id, date=r.date, issuer=r.issuer, scope=r.scope, title=r.title, relation=r.relation,
            of_position=r.of[0] if r.of else None, of_relation=r.of[1] if r.of else None,
        ))
    for i, t in enumerate(ex.tasks):
        row = TaskRow(position=i, section=t.section, description=t.description, text=t.text, span_start=t.span[0],
                      span_end=t.span[1], page=t.page, products=list(t.products))
        row.units = [TaskUnit(role="lead", unit=u) for u in t.lead] + [TaskUnit(role="support", unit=u) for u in t.support]
        row.deadlines = [DeadlineRow(text=x.text, start=x.start, end=x.end, recurrence=x.recurrence, ongoing=x.ongoing)
                         for x in t.deadlines]
        doc.tasks.append(row)
    return doc
