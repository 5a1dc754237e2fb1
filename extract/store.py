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
import itertools
import os
import unicodedata
from datetime import UTC, datetime
from functools import partial
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
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from . import EXTRACTOR_VERSION
from .errors import StoreError, VanbanError
from .models import Extraction

DEFAULT_URL = "sqlite:///vanban.db"
# the newest revision of extract/migrations/versions (tests/test_store.py holds it equal to Alembic's head)
SCHEMA_REVISION = "0006"


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
    shown_id: Mapped[str | None] = mapped_column(String(120))  # as issued, for display: 05/2025/QĐ-TTg
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
    how: Mapped[str | None] = mapped_column(Text)  # why it has its relation: the words it was decided from
    # set on a reference a reviewer added: the correction that added it (extract/corrections.py); None on
    # every extracted one
    correction_id: Mapped[int | None] = mapped_column(Integer)
    document: Mapped[Document] = relationship(back_populates="mentions")


class Edge(Base):
    """``source`` → ``target`` with a relation, stated by a mention of an ingested document: from
    the document's own node, or between two cited documents (SPEC ``of``). The edges are the
    references as shown: those of a document a reviewer corrected are made again from its review
    (``corrections.sync_graph``) — a reference marked wrong states none, an edited one its corrected
    relation and document — while its mentions keep what was extracted."""

    __tablename__ = "edges"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("nodes.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("nodes.id"), index=True)
    relation: Mapped[str] = mapped_column(String(20), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    mention_id: Mapped[int] = mapped_column(ForeignKey("reference_mentions.id", ondelete="CASCADE"))
    via_of: Mapped[bool] = mapped_column(Boolean, default=False)


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)  # unit_key(name) | scope
    name: Mapped[str] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(String(60), index=True)  # a province, or national (ids.unit_scope)


class UnitAlias(Base):
    __tablename__ = "unit_aliases"
    __table_args__ = (UniqueConstraint("unit_id", "alias"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(400))


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
    how: Mapped[str | None] = mapped_column(Text)  # why it was read: its form and what named its units
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


class Correction(Base):
    """A reviewer's correction of one extracted value (issue 14), kept beside the extracted rows and
    never written into them. It names its document by a key that outlives re-ingest (the document's
    identity, else its file's hash) and its item by a key that does too: a task's ``uid``, a reference's
    span, a unit or deadline of a task by the task's ``uid`` and what was written (extract/corrections.py)."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_key: Mapped[str] = mapped_column(String(400), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # the file corrected, when its identity changes
    document_path: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(12))  # task | reference | unit | deadline
    item_key: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(8))  # wrong | edit | add
    value: Mapped[dict | None] = mapped_column(JSON)  # the corrected value (edit, add); null for wrong
    author: Mapped[str] = mapped_column(String(120))
    at: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)


WRITE_LOCK = 0x76616E62616F  # the PostgreSQL advisory lock a write transaction holds (migrations: …6E)


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


def scoped_unit_key(name: str, scope: str) -> str:
    """A unit's key in the store: its name and its scope (``sở tài chính|Lâm Đồng``) — the filters match
    on the name part, so ``--unit "Sở Tài chính"`` still finds the departments of every province."""
    return f"{unit_key(name)}|{scope}"


def task_uid(sha256: str, section: str | None, description: str, identity: tuple | None = None) -> str:
    """A task's id for trackers: the same when the document is ingested again — from another file of it
    too (its .txt and its .pdf, a second version), when the document is known by its number and date."""
    owner = "|".join(map(str, identity)) if identity else sha256
    return hashlib.sha256(f"{owner}|{section}|{description}".encode()).hexdigest()[:32]


def document_identity(fields: dict) -> tuple | None:
    """(type, number, scope, date) of a document whose number and date are written: two files with the
    same identity are one document (a blank number ``/UBND-NC`` or an undated draft identifies nothing)."""
    number = fields.get("number")
    if not number or number.startswith("/") or not fields.get("date"):
        return None
    return (fields.get("type"), number, fields.get("scope"), fields["date"])


# -- the store ------------------------------------------------------------------------------------

class Store:
    """A vanban database. ``url`` defaults to ``$VANBAN_DB`` or ``sqlite:///vanban.db``.

    Faults of the store itself — read-only, disk full, locked by another process past
    ``$VANBAN_LOCK_TIMEOUT`` seconds, not a database, damaged — raise :class:`StoreError`, one line
    naming the store and what to do (issue 16). Before its first write into an SQLite file, the store
    runs ``PRAGMA quick_check`` (when the file was not closed cleanly, or is small enough for the check
    to be cheap) and never writes into a damaged file."""

    def __init__(self, url: str | None = None, *, migrate: bool = True):
        self.url = url or os.environ.get("VANBAN_DB") or DEFAULT_URL
        self.lock_timeout = _lock_timeout()
        try:
            self.engine: Engine = create_engine(self.url, **_engine_options(self.url, self.lock_timeout))
        except Exception as exc:  # a malformed URL, a driver that is not installed
            raise VanbanError(None, f"cannot open the database {self.url!r}: {exc}") from None
        self.name = self.engine.url.render_as_string(hide_password=True)
        self.file = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        if self.file in {"", ":memory:"} or (self.file or "").startswith("file:"):
            self.file = None
        # a write-ahead log left behind: the last process using the file did not close it
        self._unclean = bool(self.file) and os.path.exists(f"{self.file}-wal") and os.path.getsize(f"{self.file}-wal") > 0
        self._checked = False
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", partial(_sqlite_pragmas, timeout=self.lock_timeout))
        event.listen(self.engine, "handle_error", self._fault)
        self._known = _Known()
        if migrate and not self._schema_current():
            from .migrations import needs_upgrade, upgrade

            if needs_upgrade(self.engine):
                self.check_before_writing()
                upgrade(self.engine)

    def _schema_current(self) -> bool:
        """Whether the store is at :data:`SCHEMA_REVISION`, read in one query without Alembic (whose import
        alone cost a query command 0.7 s; issue 15). Anything else — a new store, an older schema, no
        version table — is for Alembic to decide."""
        try:
            with self.engine.connect() as connection:
                rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        except StoreError:
            raise
        except Exception:  # no version table yet: a new store
            return False
        return [r[0] for r in rows] == [SCHEMA_REVISION]

    # faults --------------------------------------------------------------------------------------
    def _fault(self, context) -> None:
        """SQLAlchemy's ``handle_error`` hook: a fault of the store becomes a :class:`StoreError`."""
        reason = store_fault(context.original_exception, self.lock_timeout)
        if reason is not None:
            raise StoreError(self.name, reason) from None

    def check_before_writing(self) -> None:
        """``PRAGMA quick_check`` once, before the first write into an SQLite file that was not closed
        cleanly or is at most ``QUICK_CHECK_BYTES`` (the check reads the whole file): a damaged store
        raises :class:`StoreError` and nothing is written into it."""
        if self._checked or not self.file or not os.path.exists(self.file):
            return
        self._checked = True
        if os.path.getsize(self.file) == 0 or not self._unclean and os.path.getsize(self.file) > QUICK_CHECK_BYTES:
            return
        with self.engine.connect() as connection:
            problems = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check")]
        if problems != ["ok"]:
            problem = " ".join(" ".join(problems).replace("*** in database main ***", "").split())
            raise StoreError(self.name, DAMAGED.format(problem=problem[:160] + ("…" if len(problem) > 160 else "")))

    def check(self) -> list[str]:
        """A full integrity check (SQLite's ``PRAGMA integrity_check``; on PostgreSQL, which checks its
        own pages, every table read through): the problems found, none when the store is sound."""
        with self.engine.connect() as connection:
            if self.engine.dialect.name == "sqlite":
                problems = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
                problems += [f"foreign key: {row[0]} row {row[1]} points to a missing {row[2]} row"
                             for row in connection.exec_driver_sql("PRAGMA foreign_key_check")]
                return [] if problems == ["ok"] else [p for p in problems if p != "ok"]
            for table in Base.metadata.sorted_tables:
                connection.execute(select(func.count()).select_from(table))
        return []

    # ingest ------------------------------------------------------------------------------------
    def ingest(self, ex: Extraction, *, _fail_after_document: bool = False) -> str:
        """Store one extraction atomically; returns ``ingested``, ``replaced`` or ``skipped``."""
        return self.write([ex], _fail_after_document=_fail_after_document)[0]

    def write(self, extractions: list[Extraction], *, _fail_after_document: bool = False) -> list[str]:
        """Store several extractions in one transaction (all or none); returns each one's outcome:
        ``ingested``, ``replaced`` (stored by an older extractor) or ``skipped`` (already stored)."""
        self.check_before_writing()
        try:
            with Session(self.engine, autoflush=False) as session, session.begin():
                self.lock_for_writing(session)
                # first statement: a write, so that SQLite takes its write lock before anything is read
                # (reads made before it could be stale once another process has written; issue 16)
                _clear_errors(session, [ex.source.path for ex in extractions])
                outcomes = _Writer(session, self._known).add(extractions, _fail_after_document)
        except BaseException:
            self._known = _Known()  # it may name rows the rollback took back
            raise
        if self._known.size() > _Known.LIMIT:  # memory stays flat over a whole archive
            self._known = _Known()
        return outcomes

    def lock_for_writing(self, session: Session) -> None:
        """On PostgreSQL, one writer at a time, as SQLite has it: two ingests creating the node of the
        same cited document at once would otherwise collide on its key (issue 16)."""
        if self.engine.dialect.name == "postgresql":
            session.execute(sql_text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})

    def is_current(self, sha256: str) -> bool:
        """Whether a file with this content is stored by this extractor version (nothing to do)."""
        with Session(self.engine) as session:
            version = session.scalar(select(Document.extractor_version).where(Document.sha256 == sha256))
        return version == EXTRACTOR_VERSION

    def record_error(self, path: str, reason: str) -> None:
        """Remember a file that could not be ingested (table ``ingest_errors``): one current row per
        path, so a rerun replaces the row of its last failure instead of adding one (issue 16)."""
        self.check_before_writing()
        with Session(self.engine) as session, session.begin():
            session.execute(delete(IngestError).where(IngestError.path == path))
            session.add(IngestError(path=path, reason=reason, at=_now()))

    def clear_errors(self, paths: list[str]) -> None:
        """Forget the failures of ``paths``: they are stored now, or skipped as unchanged."""
        self.check_before_writing()
        with Session(self.engine) as session, session.begin():
            _clear_errors(session, paths)

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


def stream(connection, statement, size: int = 2000):
    """The rows of ``statement`` as plain tuples, fetched from the driver's cursor ``size`` at a time —
    a server-side cursor on PostgreSQL — so that memory stays flat however many rows there are, and no
    row object is made (issue 15: on an archive, making SQLAlchemy rows cost more than the query itself).
    Values are the driver's: a boolean may be 0 or 1."""
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    raw = connection.connection.dbapi_connection
    named = connection.dialect.name == "postgresql"
    cursor = raw.cursor(name=f"vanban_{next(_CURSORS)}") if named else raw.cursor()
    try:
        cursor.execute(str(compiled), params)
        while rows := cursor.fetchmany(size):
            yield from rows
    finally:
        cursor.close()


_CURSORS = itertools.count()


# -- faults of the store -------------------------------------------------------------------------

QUICK_CHECK_BYTES = 256 * 1024 * 1024  # files up to this size get PRAGMA quick_check before a write (< 1 s)
DAMAGED = ("the store is damaged ({problem}); nothing was written into it: run `vanban check`, and restore "
           "it from a backup or ingest into a new --db")
_SQLITE_FAULTS = {
    "SQLITE_READONLY": "the store is read-only ({error}): allow writing to the file and its folder, or use another --db",
    "SQLITE_FULL": "the disk is full ({error}): free some space or use another --db; what was stored before is kept",
    "SQLITE_BUSY": "the store is locked by another process (waited {timeout:g} s, VANBAN_LOCK_TIMEOUT): "
                   "try again when it is done, or set VANBAN_LOCK_TIMEOUT higher",
    "SQLITE_NOTADB": "not a vanban database ({error}): give the path of a vanban store, or a new file, with --db",
    "SQLITE_CORRUPT": DAMAGED.replace("{problem}", "{error}"),
    "SQLITE_CANTOPEN": "cannot open the store ({error}): check that its folder exists and that it may be written",
    "SQLITE_PERM": "no permission to use the store ({error}): allow reading and writing the file and its folder",
    "SQLITE_IOERR": "the disk failed reading or writing the store ({error}): check the disk, or use another --db",
}
_SQLITE_FAULTS["SQLITE_LOCKED"] = _SQLITE_FAULTS["SQLITE_BUSY"]
_POSTGRES_FAULTS = {  # SQLSTATE classes and codes
    "53": "the database server is out of resources ({error}): free disk space or memory on it",
    "25006": "the database is read-only ({error}): connect to a primary server, or as a user who may write",
    "55P03": "the store is locked by another process (waited {timeout:g} s, VANBAN_LOCK_TIMEOUT): "
             "try again when it is done, or set VANBAN_LOCK_TIMEOUT higher",
    "42501": "no permission to use the store ({error}): grant the user rights on the database",
    "08": "cannot connect to the store ({error}): check that the server runs and the URL is right",
}


def store_fault(exc: BaseException, timeout: float) -> str | None:
    """What to tell the user when the driver's exception ``exc`` is a fault of the store itself
    (None for the errors of one statement: those are bugs or a document the store refuses)."""
    error = " ".join(str(exc).split()) or type(exc).__name__
    name = getattr(exc, "sqlite_errorname", None)
    if name is not None:
        template = _SQLITE_FAULTS.get(name) or _SQLITE_FAULTS.get("_".join(name.split("_")[:2]))
        if template is None and "unable to open database file" in error:
            template = _SQLITE_FAULTS["SQLITE_CANTOPEN"]
        return template.format(error=error, timeout=timeout) if template else None
    code = getattr(exc, "pgcode", None)
    if code is None and type(exc).__name__ == "OperationalError" and type(exc).__module__.startswith("psycopg"):
        code = "08"  # no SQLSTATE: the connection itself failed
    if code:
        template = _POSTGRES_FAULTS.get(code) or _POSTGRES_FAULTS.get(code[:2])
        error = error.split(" DETAIL:")[0].split(" HINT:")[0]
        return template.format(error=error, timeout=timeout) if template else None
    return None


def _lock_timeout() -> float:
    """Seconds to wait for a lock another process holds on the store (``$VANBAN_LOCK_TIMEOUT``, 30)."""
    try:
        return max(0.0, float(os.environ.get("VANBAN_LOCK_TIMEOUT", "30")))
    except ValueError:
        return 30.0


def _engine_options(url: str, timeout: float) -> dict:
    if url.startswith("postgresql"):
        return {"connect_args": {"options": f"-c lock_timeout={int(timeout * 1000)}"}}
    return {}


def _clear_errors(session: Session, paths: list[str]) -> None:
    for start in range(0, len(paths), 500):
        session.execute(delete(IngestError).where(IngestError.path.in_(paths[start:start + 500])))


def _sqlite_pragmas(dbapi_connection, _record, *, timeout: float) -> None:
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")  # first: the journal mode below may wait too
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _document_fields(ex: Extraction) -> dict:
    d = ex.document
    from .ids import document_scope

    # the province the pipeline resolved the document's own local references with: one definition
    scope = document_scope(d.number, d.issuer, d.province)
    return dict(
        path=ex.source.path, sha256=ex.source.sha256, format=ex.source.format, pages=ex.source.pages,
        extractor_version=EXTRACTOR_VERSION, ingested_at=_now(), type=d.type, number=d.number, issuer=d.issuer,
        place=d.place, scope=scope, date=d.date, title=d.title, signer_name=d.signer.name,
        signer_position=d.signer.position, recipients=list(d.recipients), clean_text=ex.text,
    )


_NODE_FIELDS = ("cited_id", "folded_id", "shown_id", "title", "type", "scope", "year", "date", "issuer")


class _Known:
    """Nodes and units already met by this store's writes. Rows of both are never deleted, so the
    ids stay true across transactions; after a rollback the store starts a new one."""

    LIMIT = 50_000  # entries; past it the store starts afresh (a miss costs one indexed lookup)

    def __init__(self):
        self.nodes: dict[str, dict] = {}  # key → the node's row (with id), as stored
        self.units: dict[str, int] = {}  # unit key → id
        self.aliases: set[tuple[int, str]] = set()  # (unit id, alias) known to be stored

    def size(self) -> int:
        return len(self.nodes) + len(self.units) + len(self.aliases)


class _Writer:
    """Adds documents to one transaction with plain multi-row INSERTs (the ORM's unit of work cost
    more than extraction itself)."""

    def __init__(self, session: Session, known: _Known):
        self.session = session
        self.nodes, self.units, self.aliases = known.nodes, known.units, known.aliases

    def _insert_one(self, model, row: dict) -> int:
        """Insert one row; its id."""
        table = model.__table__
        return self.session.execute(insert(table).values(**row).returning(table.c.id)).scalar_one()

    def add(self, extractions: list[Extraction], fail_after_documents: bool = False) -> list[str]:
        """Add a batch: a few statements per node or unit first met, then one multi-row INSERT per
        table for the whole batch."""
        s = self.session
        shas = [ex.source.sha256 for ex in extractions]
        stored = {row.sha256: row for row in s.execute(
            select(Document.id, Document.sha256, Document.extractor_version).where(Document.sha256.in_(set(shas))))}
        outcomes: list[str] = []
        todo: list[tuple[Extraction, dict, int, list[int]]] = []
        seen: set[str] = set()
        by_identity: dict[tuple, int] = {}  # identity → its place in todo
        for ex in extractions:
            sha = ex.source.sha256
            old = stored.get(sha)
            if sha in seen or old is not None and old.extractor_version == EXTRACTOR_VERSION:
                outcomes.append("skipped")
                continue
            seen.add(sha)
            outcome = "ingested"
            table = Document.__table__
            if old is not None:
                s.execute(delete(table).where(table.c.id == old.id))  # rows below cascade
                outcome = "replaced"
            fields = _document_fields(ex)
            identity = document_identity(fields)
            if identity is not None:
                # the same document from another file (its .txt and its .pdf, a second version): this one
                # replaces the one stored, and its tasks keep their ids
                kind, number, scope, date = identity
                same = s.execute(select(table.c.id).where(
                    table.c.number == number, table.c.date == date, table.c.sha256 != sha,
                    table.c.type.is_(None) if kind is None else table.c.type == kind,
                    table.c.scope.is_(None) if scope is None else table.c.scope == scope)).scalars().all()
                if same:
                    s.execute(delete(table).where(table.c.id.in_(same)))
                    outcome = "superseded" if outcome == "ingested" else outcome
                if identity in by_identity:  # the same document twice in one batch: the later file wins
                    todo[by_identity[identity]] = None
                    outcome = "superseded"
            outcomes.append(outcome)
            own = self._own_node(fields)
            if identity is not None:
                by_identity[identity] = len(todo)
            todo.append((ex, fields | {"node_id": own}, own, [self._reference_node(r) for r in ex.references]))
        todo = [t for t in todo if t is not None]
        # plain multi-row INSERTs, then the new ids in one SELECT each: SQLite cannot return ids in
        # the order of the rows of a multi-row INSERT, and SQLAlchemy then inserts row by row
        self._insert_rows(Document, [fields for _, fields, _, _ in todo])
        by_sha = dict(s.execute(select(Document.sha256, Document.id).where(
            Document.sha256.in_([ex.source.sha256 for ex, _, _, _ in todo]))).all()) if todo else {}
        doc_ids = [by_sha[ex.source.sha256] for ex, _, _, _ in todo]
        if fail_after_documents:  # tests inject a crash here: nothing may remain
            raise RuntimeError("injected failure")

        mentions, tasks = [], []
        for (ex, fields, _, nodes), doc_id in zip(todo, doc_ids, strict=True):
            identity = document_identity(fields)
            mentions += [dict(
                document_id=doc_id, position=i, node_id=node, text=r.text, span_start=r.span[0], span_end=r.span[1],
                page=r.page, type=r.type, cited_id=r.id, date=r.date, issuer=r.issuer, scope=r.scope, title=r.title,
                relation=r.relation, of_position=r.of[0] if r.of else None, of_relation=r.of[1] if r.of else None,
                how=r.how,
            ) for i, (r, node) in enumerate(zip(ex.references, nodes, strict=True))]
            tasks += [dict(
                document_id=doc_id, position=i, uid=task_uid(ex.source.sha256, t.section, t.description, identity),
                section=t.section, description=t.description, text=t.text, span_start=t.span[0], span_end=t.span[1],
                page=t.page, products=list(t.products), how=t.how,
            ) for i, t in enumerate(ex.tasks)]
        self._insert_rows(Mention, mentions)
        self._insert_rows(TaskRow, tasks)
        mention_ids = iter(self._ids_by_position(Mention, doc_ids))
        task_ids = iter(self._ids_by_position(TaskRow, doc_ids))

        from .ids import unit_scope  # the rules' lexicons: queries of the store never import them (issue 15)

        edges, deadlines, assignments = [], [], []
        for (ex, _, own, nodes), doc_id in zip(todo, doc_ids, strict=True):
            for r, node in zip(ex.references, nodes, strict=True):
                mention = next(mention_ids)
                if node != own:
                    edges.append(dict(source_id=own, target_id=node, relation=r.relation, document_id=doc_id,
                                      mention_id=mention, via_of=False))
                if r.of is not None and 0 <= r.of[0] < len(nodes) and nodes[r.of[0]] != node:
                    edges.append(dict(source_id=nodes[r.of[0]], target_id=node, relation=r.of[1],
                                      document_id=doc_id, mention_id=mention, via_of=True))
            province = ex.document.province
            for t in ex.tasks:
                task_id = next(task_ids)
                deadlines += [dict(task_id=task_id, text=x.text, start=x.start, end=x.end, recurrence=x.recurrence,
                                   ongoing=x.ongoing) for x in t.deadlines]
                assignments += [dict(task_id=task_id, unit_id=self._unit(name, unit_scope(name, province)), role=role, written=name)
                                 for role, names in (("lead", t.lead), ("support", t.support)) for name in names]
        self._insert_rows(Edge, edges)
        self._insert_rows(DeadlineRow, deadlines)
        self._insert_rows(Assignment, assignments)
        if doc_ids and s.scalar(select(Correction.id).limit(1)) is not None:
            from .corrections import sync_graphs  # a re-ingested document keeps its reviewers' corrections

            sync_graphs(s, self, doc_ids)
        return outcomes

    def _insert_rows(self, model, rows: list[dict]) -> None:
        if rows:
            self.session.execute(insert(model.__table__), rows)

    def _ids_by_position(self, model, doc_ids: list[int]) -> list[int]:
        """Ids of the rows of ``model`` of these documents, document after document, by position."""
        if not doc_ids:
            return []
        table = model.__table__
        rows = self.session.execute(select(table.c.id, table.c.document_id, table.c.position)
                                    .where(table.c.document_id.in_(doc_ids))).all()
        order = {doc_id: k for k, doc_id in enumerate(doc_ids)}
        return [row.id for row in sorted(rows, key=lambda r: (order[r.document_id], r.position))]

    # nodes -------------------------------------------------------------------------------------
    def _lookup(self, key: str) -> dict | None:
        row = self.nodes.get(key)
        if row is None:
            found = self.session.execute(select(Node.__table__).where(Node.__table__.c.key == key)).mappings().first()
            if found is not None:
                row = self.nodes[key] = dict(found)
        return row

    def _node(self, key: str, **values) -> int:
        """The id of the node ``key``, created with ``values`` or completed by them."""
        row = self._lookup(key)
        if row is None:
            row = {"key": key, **{name: values.get(name) for name in _NODE_FIELDS}}
            row["id"] = self._insert_one(Node, row)
            self.nodes[key] = row
            return row["id"]
        changes = {name: value for name, value in values.items() if value is not None and row.get(name) is None}
        title = values.get("title")
        if title and row["title"] and row["title"].isupper() and not title.isupper():
            changes["title"] = title  # "LUẬT QUẢN LÝ THUẾ" from a caps heading: the sentence-case form reads better
        if changes:
            table = Node.__table__
            self.session.execute(update(table).where(table.c.id == row["id"]).values(**changes))
            row.update(changes)
        return row["id"]

    def _own_node(self, doc: dict) -> int:
        """The node of the document being added: its number's (cited before or not), or its own."""
        year = int(doc["date"][:4]) if doc["date"] else None
        number = doc["number"]
        if not number or number.startswith("/"):
            return self._node(f"doc:{doc['sha256']}", type=doc["type"], title=doc["title"] or Path(doc["path"]).name,
                              date=doc["date"], issuer=doc["issuer"], year=year)
        m = regex.match(r"\d+[A-Z]?/((?:19|20)\d\d)/", number)
        own_year = int(m.group(1)) if m else year
        key = node_key(number, None, doc["type"], doc["scope"], own_year)
        if self._lookup(key) is None:
            undated_key = node_key(number, None, None, doc["scope"], None)
            undated = self._lookup(undated_key)
            if undated is not None:  # cited before without a date: the same document
                table = Node.__table__
                self.session.execute(update(table).where(table.c.id == undated["id"]).values(key=key, year=own_year))
                undated.update(key=key, year=own_year)
                self.nodes[key] = self.nodes.pop(undated_key)
        return self._node(key, cited_id=number, folded_id=fold(number), type=doc["type"], scope=doc["scope"],
                          year=own_year, date=doc["date"], issuer=doc["issuer"], title=doc["title"])

    def _reference_node(self, r) -> int:
        key = node_key(r.id, r.title, r.type, r.scope, r.year)
        if r.id and r.year is None:  # "Kế hoạch số 471/KH-SKHCN" without a date: the one known document
            known = self.session.scalars(select(Node.key).where(Node.cited_id == r.id, Node.scope == r.scope)).all()
            key = known[0] if len(known) == 1 else key
        return self._node(key, cited_id=r.id, folded_id=fold(r.id) if r.id else None, shown_id=r.id_written, title=r.title,
                          type=r.type, scope=r.scope, year=r.year, date=r.date, issuer=r.issuer)

    # units -------------------------------------------------------------------------------------
    def _unit(self, name: str, scope: str) -> int:
        key = scoped_unit_key(name, scope)
        unit = self.units.get(key) or self.session.scalar(select(Unit.id).where(Unit.key == key))
        if unit is None:
            unit = self._insert_one(Unit, {"key": key, "name": name, "scope": scope})
        self.units[key] = unit
        if (unit, name) not in self.aliases:
            self.aliases.add((unit, name))
            if not self.session.scalar(select(UnitAlias.id).where(UnitAlias.unit_id == unit, UnitAlias.alias == name)):
                self._insert_rows(UnitAlias, [{"unit_id": unit, "alias": name}])
        return unit
