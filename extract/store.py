"""The relational store (SQLAlchemy 2; SQLite by default, PostgreSQL by URL).

Plain tables a user can open in Datasette. The citation graph is uniform: every document —
ingested or only cited — is a row of ``nodes`` keyed by (id, scope, year) (laws cited by name:
by title and year), and every relation is a row of ``edges`` between two nodes, stated by a
reference mention of an ingested document. An ingested document owns the node of its own number,
so a node cited before its document arrives is linked when it does, whichever comes first.

Ingest is idempotent (same content and extractor version → skipped) and atomic per document
(one transaction: a failure leaves the store as it was). The schema is created and upgraded by
the Alembic migrations in ``extract/migrations``.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import regex
from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from . import EXTRACTOR_VERSION
from .errors import VanbanError
from .models import Extraction

DEFAULT_URL = "sqlite:///vanban.db"


class Base(DeclarativeBase):
    pass


class Document(Base):
    """An ingested file and the SPEC ``document`` fields read from it."""

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
    scope: Mapped[str | None] = mapped_column(String(60))
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    signer_name: Mapped[str | None] = mapped_column(Text)
    signer_position: Mapped[str | None] = mapped_column(Text)
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    clean_text: Mapped[str] = mapped_column(Text)
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id", ondelete="SET NULL"), index=True)
    node: Mapped[Node | None] = relationship()
    mentions: Mapped[list[Mention]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                                   order_by="Mention.position", passive_deletes=True)
    tasks: Mapped[list[TaskRow]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                                order_by="TaskRow.position", passive_deletes=True)


class Node(Base):
    """A document of the citation graph, ingested or only cited."""

    __tablename__ = "nodes"
    __table_args__ = (UniqueConstraint("key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400))
    cited_id: Mapped[str | None] = mapped_column(String(120), index=True)
    folded_id: Mapped[str | None] = mapped_column(String(120), index=True)  # ascii, upper: for lookups
    title: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(String(40))
    scope: Mapped[str | None] = mapped_column(String(60))
    year: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[str | None] = mapped_column(String(10))
    issuer: Mapped[str | None] = mapped_column(Text)


class Mention(Base):
    """One reference an ingested document makes (SPEC ``references``)."""

    __tablename__ = "reference_mentions"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    type: Mapped[str | None] = mapped_column(String(40))
    cited_id: Mapped[str | None] = mapped_column(String(120), index=True)
    date: Mapped[str | None] = mapped_column(String(10))
    issuer: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(String(60))
    title: Mapped[str | None] = mapped_column(Text)
    relation: Mapped[str] = mapped_column(String(20), index=True)
    of_position: Mapped[int | None] = mapped_column(Integer)
    of_relation: Mapped[str | None] = mapped_column(String(20))
    document: Mapped[Document] = relationship(back_populates="mentions")
    node: Mapped[Node | None] = relationship()


class Edge(Base):
    """``source`` → ``target`` with a relation, stated by a mention of an ingested document: from
    the document's own node, or between two cited documents (SPEC ``of``)."""

    __tablename__ = "edges"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("nodes.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("nodes.id"), index=True)
    relation: Mapped[str] = mapped_column(String(20), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    mention_id: Mapped[int] = mapped_column(ForeignKey("reference_mentions.id", ondelete="CASCADE"))
    via_of: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[Node] = relationship(foreign_keys=[source_id])
    target: Mapped[Node] = relationship(foreign_keys=[target_id])
    document: Mapped[Document] = relationship()
    mention: Mapped[Mention] = relationship()


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    name: Mapped[str] = mapped_column(Text)


class UnitAlias(Base):
    __tablename__ = "unit_aliases"
    __table_args__ = (UniqueConstraint("unit_id", "alias"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(400))
    unit: Mapped[Unit] = relationship()


class TaskRow(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    uid: Mapped[str] = mapped_column(String(64), index=True)  # stable across re-ingests
    section: Mapped[str | None] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    products: Mapped[list] = mapped_column(JSON, default=list)
    document: Mapped[Document] = relationship(back_populates="tasks")
    assignments: Mapped[list[Assignment]] = relationship(cascade="all, delete-orphan", order_by="Assignment.id",
                                                         passive_deletes=True)
    deadlines: Mapped[list[DeadlineRow]] = relationship(cascade="all, delete-orphan", order_by="DeadlineRow.id",
                                                        passive_deletes=True)


class Assignment(Base):
    __tablename__ = "task_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(8))  # lead | support
    written: Mapped[str] = mapped_column(Text)  # the unit as the document writes it
    unit: Mapped[Unit] = relationship()


class DeadlineRow(Base):
    __tablename__ = "deadlines"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10), index=True)
    recurrence: Mapped[str | None] = mapped_column(String(12))
    ongoing: Mapped[bool] = mapped_column(Boolean, default=False)


class IngestError(Base):
    __tablename__ = "ingest_errors"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(32))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- keys ---------------------------------------------------------------------------------------

def fold(text: str) -> str:
    """ASCII upper case without tone or quality marks: ``nđ-cp`` → ``ND-CP`` (user lookups)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").upper()


def node_key(cited_id: str | None, title: str | None, type_: str | None, scope: str | None, year: int | None) -> str:
    """(id, scope, year) — ``57/QĐ-UBND`` of Quảng Ngãi and of Nghệ An are different documents."""
    if cited_id:
        return f"id:{cited_id}|{scope or ''}|{year or ''}"
    name = regex.sub(r"\s+", " ", (title or "").lower())
    return f"law:{type_ or ''}:{name}|{scope or ''}|{year or ''}"


def unit_key(name: str) -> str:
    return regex.sub(r"\s+", " ", fold(name)).strip(" .;,")


def task_uid(sha256: str, section: str | None, description: str) -> str:
    return hashlib.sha256(f"{sha256}|{section}|{description}".encode()).hexdigest()[:32]


# -- the store ------------------------------------------------------------------------------------

class Store:
    """A vanban database. ``url`` defaults to ``$VANBAN_DB`` or ``sqlite:///vanban.db``."""

    def __init__(self, url: str | None = None, *, migrate: bool = True):
        self.url = url or os.environ.get("VANBAN_DB") or DEFAULT_URL
        try:
            self.engine: Engine = create_engine(self.url)
        except Exception as exc:  # a malformed URL, a driver that is not installed
            raise VanbanError(None, f"cannot open the database {self.url!r}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if migrate:
            from .migrations import upgrade

            upgrade(self.engine)

    # ingest ------------------------------------------------------------------------------------
    def ingest(self, ex: Extraction, *, _fail_after_document: bool = False) -> str:
        """Store one extraction atomically; returns ``ingested``, ``replaced`` or ``skipped``."""
        return self.write([ex], _fail_after_document=_fail_after_document)[0]

    def write(self, extractions: list[Extraction], *, _fail_after_document: bool = False) -> list[str]:
        """Store several extractions in one transaction (all or none); returns each one's outcome:
        ``ingested``, ``replaced`` (stored by an older extractor) or ``skipped`` (already stored)."""
        with Session(self.engine, autoflush=False) as session, session.begin():
            writer = _Writer(session)
            outcomes = []
            for ex in extractions:
                outcomes.append(writer.add(ex))
                if _fail_after_document:  # tests inject a crash here: nothing may remain
                    raise RuntimeError("injected failure")
        return outcomes

    def is_current(self, sha256: str) -> bool:
        """Whether a file with this content is stored by this extractor version (nothing to do)."""
        with Session(self.engine) as session:
            version = session.scalar(select(Document.extractor_version).where(Document.sha256 == sha256))
        return version == EXTRACTOR_VERSION

    def record_error(self, path: str, reason: str) -> None:
        """Remember a file that could not be ingested (table ``ingest_errors``)."""
        with Session(self.engine) as session, session.begin():
            session.add(IngestError(path=path, reason=reason, at=_now()))

    # queries -------------------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        with Session(self.engine) as session:
            count = lambda model: session.scalar(select(func.count()).select_from(model)) or 0  # noqa: E731
            return {"documents": count(Document), "references": count(Mention), "tasks": count(TaskRow),
                    "nodes": count(Node), "edges": count(Edge), "errors": count(IngestError)}

    def session(self) -> Session:
        return Session(self.engine)

    def top_cited(self, limit: int = 10) -> list[dict]:
        from .graph import top_cited

        return top_cited(self, limit)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _document_row(ex: Extraction) -> Document:
    d = ex.document
    from .resolve import province_in

    scope = None
    if d.number:
        from .resolve import issuer_scope, symbol_scope

        kind = issuer_scope(d.issuer) or symbol_scope(d.number)
        scope = "national" if kind == "national" else province_in(d.issuer or "") or province_in(d.place or "")
    doc = Document(
        path=ex.source.path, sha256=ex.source.sha256, format=ex.source.format, pages=ex.source.pages,
        extractor_version=EXTRACTOR_VERSION, ingested_at=_now(), type=d.type, number=d.number, issuer=d.issuer,
        place=d.place, scope=scope, date=d.date, title=d.title, signer_name=d.signer.name,
        signer_position=d.signer.position, recipients=list(d.recipients), clean_text=ex.text,
    )
    for i, r in enumerate(ex.references):
        doc.mentions.append(Mention(
            position=i, text=r.text, span_start=r.span[0], span_end=r.span[1], page=r.page, type=r.type,
            cited_id=r.id, date=r.date, issuer=r.issuer, scope=r.scope, title=r.title, relation=r.relation,
            of_position=r.of[0] if r.of else None, of_relation=r.of[1] if r.of else None,
        ))
    for i, t in enumerate(ex.tasks):
        row = TaskRow(position=i, uid=task_uid(ex.source.sha256, t.section, t.description), section=t.section,
                      description=t.description, text=t.text, span_start=t.span[0], span_end=t.span[1], page=t.page,
                      products=list(t.products))
        row.deadlines = [DeadlineRow(text=x.text, start=x.start, end=x.end, recurrence=x.recurrence, ongoing=x.ongoing)
                         for x in t.deadlines]
        doc.tasks.append(row)
    return doc


class _Writer:
    """Adds documents to one transaction, remembering the nodes and units it has met, so that a
    document costs one flush, not one per row."""

    def __init__(self, session: Session):
        self.session = session
        self.nodes: dict[str, Node] = {}
        self.units: dict[str, Unit] = {}
        self.aliases: set[tuple[str, str]] = set()

    def add(self, ex: Extraction) -> str:
        session = self.session
        old = session.scalar(select(Document).where(Document.sha256 == ex.source.sha256))
        outcome = "ingested"
        if old is not None:
            if old.extractor_version == EXTRACTOR_VERSION:
                return "skipped"
            session.delete(old)
            session.flush()
            outcome = "replaced"
        doc = _document_row(ex)
        session.add(doc)
        self._link(doc, ex)
        session.flush()
        return outcome

    def node(self, key: str, **values) -> Node:
        node = self.nodes.get(key)
        if node is None:
            node = self.session.scalar(select(Node).where(Node.key == key))
        if node is None:
            node = Node(key=key, **values)
            self.session.add(node)
        else:
            for name, value in values.items():
                if value is not None and getattr(node, name) is None:
                    setattr(node, name, value)
            title = values.get("title")
            if title and node.title and node.title.isupper() and not title.isupper():
                node.title = title  # "LUẬT QUẢN LÝ THUẾ" from a caps heading: the sentence-case form reads better
        self.nodes[key] = node
        return node

    def unit(self, name: str) -> Unit:
        key = unit_key(name)
        unit = self.units.get(key) or self.session.scalar(select(Unit).where(Unit.key == key))
        if unit is None:
            unit = Unit(key=key, name=name)
            self.session.add(unit)
        self.units[key] = unit
        if (key, name) not in self.aliases:
            self.aliases.add((key, name))
            known = unit.id is not None and self.session.scalar(
                select(UnitAlias.id).where(UnitAlias.unit_id == unit.id, UnitAlias.alias == name))
            if not known:
                self.session.add(UnitAlias(unit=unit, alias=name))
        return unit

    def _link(self, doc: Document, ex: Extraction) -> None:
        """Nodes, edges and units of a new document."""
        session = self.session
        year = int(doc.date[:4]) if doc.date else None
        if doc.number and not doc.number.startswith("/"):
            m = regex.match(r"\d+[A-Z]?/((?:19|20)\d\d)/", doc.number)
            own_year = int(m.group(1)) if m else year
            key = node_key(doc.number, None, doc.type, doc.scope, own_year)
            undated_key = node_key(doc.number, None, None, doc.scope, None)
            if key not in self.nodes:
                undated = self.nodes.get(undated_key) or session.scalar(select(Node).where(Node.key == undated_key))
                if undated is not None and not session.scalar(select(Node.id).where(Node.key == key)):
                    undated.key, undated.year = key, own_year  # cited before without a date: the same document
                    self.nodes.pop(undated_key, None)
                    self.nodes[key] = undated
            own = self.node(key, cited_id=doc.number, folded_id=fold(doc.number), type=doc.type, scope=doc.scope,
                            year=own_year, date=doc.date, issuer=doc.issuer, title=doc.title)
        else:
            own = self.node(f"doc:{doc.sha256}", type=doc.type, title=doc.title or Path(doc.path).name,
                            date=doc.date, issuer=doc.issuer, year=year)
        doc.node = own
        nodes: list[Node] = []
        for mention, r in zip(doc.mentions, ex.references, strict=True):
            key = node_key(r.id, r.title, r.type, r.scope, r.year)
            if r.id and r.year is None:  # "Kế hoạch số 471/KH-SKHCN" without a date: the one known document
                session.flush()  # this document's nodes so far count too
                known = session.scalars(select(Node.key).where(Node.cited_id == r.id, Node.scope == r.scope)).all()
                key = known[0] if len(known) == 1 else key
            node = self.node(key, cited_id=r.id, folded_id=fold(r.id) if r.id else None, title=r.title,
                             type=r.type, scope=r.scope, year=r.year, date=r.date, issuer=r.issuer)
            mention.node = node
            nodes.append(node)
        for mention, r, node in zip(doc.mentions, ex.references, nodes, strict=True):
            if node is not own:
                session.add(Edge(source=own, target=node, relation=r.relation, document=doc, mention=mention))
            if r.of is not None and 0 <= r.of[0] < len(nodes) and nodes[r.of[0]] is not node:
                session.add(Edge(source=nodes[r.of[0]], target=node, relation=r.of[1], document=doc,
                                 mention=mention, via_of=True))
        for row, t in zip(doc.tasks, ex.tasks, strict=True):
            for role, names in (("lead", t.lead), ("support", t.support)):
                for name in names:
                    row.assignments.append(Assignment(unit=self.unit(name), role=role, written=name))
