"""Tasks out of the store for trackers: filtered rows, CSV with a header row, an XLSX workbook, JSON,
and iCalendar VTODOs (RFC 5545, made with the ``icalendar`` library; UIDs stable across re-ingests).

Every rendering carries a short ``title`` (the description cut at a word boundary, :func:`title`) and
the full ``description`` beside it (issue 14: a whole task text as a title is unreadable in a tracker)."""

from __future__ import annotations

import heapq
import io
import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager as ContextManager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, or_, select, tuple_

from . import __version__
from .errors import VanbanError
from .store import Assignment, DeadlineRow, Document, Store, TaskRow, Unit, UnitAlias, unit_key

_RRULE = {"weekly": {"FREQ": "WEEKLY"}, "monthly": {"FREQ": "MONTHLY"}, "quarterly": {"FREQ": "MONTHLY", "INTERVAL": 3},
          "semiannual": {"FREQ": "MONTHLY", "INTERVAL": 6}, "annual": {"FREQ": "YEARLY"}}


def _like_escaped(text: str) -> str:
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


@dataclass
class TaskOut:
    uid: str
    document: str  # number, else file name
    document_path: str
    document_date: str | None
    section: str | None
    title: str  # the description cut to TITLE_LIMIT characters at a word boundary (:func:`title`)
    description: str  # in full
    lead: list[str]
    support: list[str]
    products: list[str]
    start: str | None  # earliest start of its deadlines
    due: str | None  # latest end of its deadlines
    recurrence: str | None
    ongoing: bool
    deadline_text: str


def _iso(value: str | None, flag: str) -> str | None:
    if value is None:
        return None
    try:
        return Date.fromisoformat(value).isoformat()
    except ValueError:
        raise VanbanError(None, f"{flag} wants a date as YYYY-MM-DD, not {value!r}") from None


def query(store: Store, *, unit: str | None = None, due_before: str | None = None, due_after: str | None = None,
          doc: str | None = None, overdue: bool = False, today: str | None = None) -> list[TaskOut]:
    """Tasks matching every filter given. ``unit`` matches a lead or supporting unit by any part of
    its name, case and diacritics ignored; ``overdue``: due before ``today`` and not ongoing."""
    return list(tasks(store, unit=unit, due_before=due_before, due_after=due_after, doc=doc, overdue=overdue,
                      today=today))


def tasks(store: Store, *, unit: str | None = None, due_before: str | None = None, due_after: str | None = None,
          doc: str | None = None, overdue: bool = False, today: str | None = None) -> Iterator[TaskOut]:
    """:func:`query`'s tasks one after another, streamed from the database: three queries in the same
    order (tasks, their units, their deadlines) read side by side, so that an export of a whole archive
    holds one task at a time (issue 15). The filters are checked first: a bad date fails before any task."""
    return _tasks(store, dict(unit=unit, due_before=due_before, due_after=due_after, doc=doc, overdue=overdue,
                              today=today))


def _tasks(store: Store, filters: dict, *, after: tuple | None = None, before: tuple | None = None,
           middle: int | None = None) -> Iterator[TaskOut]:
    """:func:`tasks` with ``filters`` as its keywords, those of the documents whose order key — (date or
    "", id) — is at least ``after`` and below ``before`` (each, when given). With ``middle``, the key of
    the document at which the tasks are parted in two halves as even as whole documents allow, instead
    of the tasks (None: fewer than ``middle`` tasks)."""
    unit, doc, overdue = filters.get("unit"), filters.get("doc"), filters.get("overdue", False)
    due_before, due_after = _iso(filters.get("due_before"), "--due-before"), _iso(filters.get("due_after"), "--due-after")
    today = _iso(filters.get("today"), "today") or Date.today().isoformat()
    session = store.session()
    try:
        # every filter an EXISTS correlated with the task alone: the queries of the task's units and
        # deadlines join those tables too, and must not be filtered by them
        def having(table, *conditions):
            return select(table.id).where(*conditions).correlate_except(table).exists()

        where = []
        if unit:
            key = unit_key(unit)
            alias = having(UnitAlias, UnitAlias.unit_id == Unit.id,
                           UnitAlias.alias.contains(unit.strip(), autoescape=True))
            where.append(select(Assignment.id).where(
                Assignment.task_id == TaskRow.id, Assignment.unit_id == Unit.id,
                # the name part of the key (name|scope) only: "--unit national" is no unit's name; "%", "_" in
                # --unit are characters (issue 16)
                or_(Unit.key.like("%" + _like_escaped(key) + "%|%", escape="/"), alias)
            ).correlate_except(Assignment, Unit).exists())
        doc_id = None
        if doc:
            from .graph import find_document

            doc_id = find_document(session, doc).id
            where.append(TaskRow.document_id == doc_id)
        if due_before:
            where.append(having(DeadlineRow, DeadlineRow.task_id == TaskRow.id, DeadlineRow.end < due_before))
        if due_after:
            where.append(having(DeadlineRow, DeadlineRow.task_id == TaskRow.id, DeadlineRow.end > due_after))
        if overdue:
            where += [having(DeadlineRow, DeadlineRow.task_id == TaskRow.id, DeadlineRow.end < today),
                      ~having(DeadlineRow, DeadlineRow.task_id == TaskRow.id,
                              or_(DeadlineRow.ongoing.is_(True), DeadlineRow.recurrence.is_not(None),
                                  DeadlineRow.end >= today))]
        # a reviewer's corrections are shown instead of the extracted values (issue 14): the tasks of a
        # corrected document come from its review, merged in at their place
        from .corrections import corrected_documents, corrected_tasks

        if middle is not None:
            return _middle(session, where, middle)
        key = (func.coalesce(Document.date, ""), Document.id)
        if after is not None:
            where.append(tuple_(*key) >= tuple_(*after))
        if before is not None:
            where.append(tuple_(*key) < tuple_(*before))
        corrected = corrected_documents(session, doc_id)
        shown = [(k, row) for k, row in corrected_tasks(session, corrected, unit=unit, due_before=due_before,
                                                         due_after=due_after, overdue=overdue, today=today)
                 if (after is None or k[:2] >= after) and (before is None or k[:2] < before)]
        streamed = _stream(session, where, set(corrected))
    except BaseException:
        session.close()
        raise
    finally:
        if middle is not None:
            session.close()
    # no correction (the common case): the streamed tasks as they come, no merge to pass each through
    merged = heapq.merge(streamed, ((key, _out(row)) for key, row in shown), key=lambda x: x[0]) if shown else streamed
    return _closing(merged, session)


def _middle(session, where: list, least: int) -> tuple | None:
    """The order key of the first document at or past the middle of the tasks ``where`` selects; None
    when they are fewer than ``least``."""
    from .store import stream

    counts = select(func.coalesce(Document.date, ""), Document.id, func.count(TaskRow.id)) \
        .join(Document, TaskRow.document_id == Document.id).where(*where) \
        .group_by(Document.id, Document.date).order_by(func.coalesce(Document.date, ""), Document.id)
    total = session.scalar(select(func.count(TaskRow.id)).join(Document, TaskRow.document_id == Document.id)
                           .where(*where))
    if total < least:
        return None
    seen = 0
    for date, doc_id, n in stream(session.connection(), counts):
        if seen >= total / 2:
            return date, doc_id
        seen += n
    return None


def _closing(items, session) -> Iterator[TaskOut]:
    try:
        for _, task in items:
            yield task
    finally:
        session.close()


def _stream(session, where: list, skip: set[int]) -> Iterator[tuple[tuple, TaskOut]]:
    """(order key, task) of the extracted tasks the filters select, in order; those of the documents in
    ``skip`` (corrected ones) left out."""
    from .store import stream

    # the same order on every backend: undated documents first (SQLite's NULL order; issue 15)
    order = (func.coalesce(Document.date, ""), Document.id, TaskRow.position)
    base = select(TaskRow.id).join(Document, TaskRow.document_id == Document.id).where(*where)
    rows = base.with_only_columns(TaskRow.id, TaskRow.uid, TaskRow.section, TaskRow.description, TaskRow.products,
                                  Document.id, Document.number, Document.path, Document.date, TaskRow.position) \
        .order_by(*order)
    units = base.with_only_columns(Assignment.task_id, Assignment.role, Assignment.written) \
        .join(Assignment, Assignment.task_id == TaskRow.id).order_by(*order, Assignment.id)
    deadlines = base.with_only_columns(DeadlineRow.task_id, DeadlineRow.text, DeadlineRow.start, DeadlineRow.end,
                                       DeadlineRow.recurrence, DeadlineRow.ongoing) \
        .join(DeadlineRow, DeadlineRow.task_id == TaskRow.id).order_by(*order, DeadlineRow.id)
    connection = session.connection()
    # the units and deadlines of a task are the rows of their streams up to the next task's: read side by
    # side here, with no list or call per task (issue 15: 130,000 tasks of an archive)
    unit_rows, deadline_rows = stream(connection, units), stream(connection, deadlines)
    unit, deadline = next(unit_rows, None), next(deadline_rows, None)
    names: dict[str, str] = {}  # path → file name, for the documents without a number
    for task_id, uid, section, description, products, doc_id, number, path, date, position in stream(connection, rows):
        lead, support = [], []
        while unit is not None and unit[0] == task_id:
            if unit[1] == "lead":
                lead.append(unit[2])
            elif unit[1] == "support":
                support.append(unit[2])
            unit = next(unit_rows, None)
        start = due = recurrence = None  # the earliest start, the latest end, the first recurrence
        ongoing, texts = False, []
        while deadline is not None and deadline[0] == task_id:
            _, text, first, last, every, always = deadline
            texts.append(text)
            if first and (start is None or first < start):
                start = first
            if last and (due is None or last > due):
                due = last
            if every and recurrence is None:
                recurrence = every
            if always:
                ongoing = True
            deadline = next(deadline_rows, None)
        if doc_id in skip:
            continue
        if isinstance(products, str):  # SQLite's JSON is text; PostgreSQL's driver decodes it
            products = [] if products == "[]" else json.loads(products)
        if not number:
            if path not in names:
                if len(names) > 10_000:
                    names.clear()
                names[path] = Path(path).name
            number = names[path]
        task = TaskOut(
            uid=uid, document=number, document_path=path, document_date=date, section=section,
            title=title(description), description=description, lead=lead, support=support,
            products=list(products or []), start=start, due=due, recurrence=recurrence, ongoing=ongoing,
            deadline_text="; ".join(texts))
        yield (date or "", doc_id, position), task


def _out(row: TaskRow) -> TaskOut:
    d = row.document
    starts = sorted(x.start for x in row.deadlines if x.start)
    ends = sorted(x.end for x in row.deadlines if x.end)
    return TaskOut(
        uid=row.uid, document=d.number or Path(d.path).name, document_path=d.path, document_date=d.date,
        section=row.section, title=title(row.description), description=row.description,
        lead=[a.written for a in row.assignments if a.role == "lead"],
        support=[a.written for a in row.assignments if a.role == "support"], products=list(row.products),
        start=starts[0] if starts else None, due=ends[-1] if ends else None,
        recurrence=next((x.recurrence for x in row.deadlines if x.recurrence), None),
        ongoing=any(x.ongoing for x in row.deadlines), deadline_text="; ".join(x.text for x in row.deadlines),
    )


# -- renderings ------------------------------------------------------------------------------------

TITLE_LIMIT = 120

CSV_COLUMNS = ["uid", "title", "description", "lead", "support", "start", "due", "recurrence", "ongoing",
               "products", "deadline_text", "document", "document_date", "section", "document_path"]


def title(text: str, limit: int = TITLE_LIMIT) -> str:
    """``text`` on one line, cut to at most ``limit`` characters at a word boundary, ``…`` when cut
    (a single word longer than that is cut inside it)."""
    # the first words decide: a long description is not split whole for them (issue 15). A prefix on one
    # line is the start of ``text`` on one line (its last word perhaps cut), all that is read when longer
    # than ``limit``; the first ``limit + 1`` characters already on one line (spaces their only whitespace,
    # single, none at an end) are taken as they are
    line = text[: limit + 1]
    if len(line) <= limit or not line.isprintable() or "  " in line or line[0] == " " or line[-1] == " ":
        prefix = text[: 2 * limit]
        line = " ".join(prefix.split())
        if len(line) <= limit:
            if len(prefix) == len(text):
                return line
            line = " ".join(text.split())
            if len(line) <= limit:
                return line
    text = line
    cut = text.rfind(" ", 0, limit)  # text[:cut] ends a word and leaves room for the "…"
    head = text[:cut] if cut > 0 else text[: limit - 1]
    return head.rstrip(" ,;:-–") + "…"


def _row(t: TaskOut) -> list:
    """One task as CSV_COLUMNS; dates stay ``date`` objects, flags ``bool`` (:func:`to_csv` writes text)."""
    day = lambda v: Date.fromisoformat(v) if v else None  # noqa: E731
    return [t.uid, t.title, t.description, "; ".join(t.lead), "; ".join(t.support), day(t.start), day(t.due),
            t.recurrence, t.ongoing, "; ".join(t.products), t.deadline_text, t.document, day(t.document_date),
            t.section, t.document_path]


def to_csv(tasks: Iterable[TaskOut]) -> str:
    """One row per task; several units or products joined by `; `, dates as YYYY-MM-DD, ongoing as `yes`.
    The caller encodes it (``utf-8-sig`` for the BOM Excel needs to read UTF-8)."""
    buf = io.StringIO()
    write_csv(tasks, buf)
    return buf.getvalue()


def write_csv(tasks: Iterable[TaskOut], out, *, head: bool = True) -> None:
    """:func:`to_csv`, written to the text stream ``out`` a thousand rows at a time (open it with
    ``newline=""``): what ``csv.writer(out, lineterminator="\\r\\n")`` writes — a field quoted when it holds
    a comma, a quote or a line break, its quotes doubled — in less than half its time (issue 15: the csv
    module took 10 µs a task, reading each character of the long descriptions one by one in a loop of its
    own; ``str`` finds a character at memory speed). tests/test_tracker.py holds the two equal."""
    buf = [",".join(CSV_COLUMNS) + "\r\n"] if head else []
    for t in tasks:
        buf.append(",".join(map(_csv_field, (
            t.uid, t.title, t.description, "; ".join(t.lead), "; ".join(t.support), _day(t.start), _day(t.due),
            t.recurrence or "", "yes" if t.ongoing else "", "; ".join(t.products), t.deadline_text or "",
            t.document or "", _day(t.document_date), t.section or "", t.document_path or ""))) + "\r\n")
        if len(buf) >= 1000:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))


def _csv_field(value: str) -> str:
    """A field as ``csv.writer`` writes it (QUOTE_MINIMAL, ``"`` doubled, ``\\r\\n`` its line terminator)."""
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def _day(value: str | None) -> str:
    """A date as the CSV writes it: YYYY-MM-DD (what ``date.isoformat`` gives back)."""
    return _iso_day(value) if value else ""


@lru_cache(maxsize=8192)
def _iso_day(value: str) -> str:
    # a few thousand dates among an archive's 100,000s of tasks: each parsed once (issue 15)
    return Date.fromisoformat(value).isoformat()


# the widest a column opens at, in characters (the text is all there; the clerk can widen it)
_XLSX_WIDTH = {"uid": 34, "title": 60, "description": 80, "deadline_text": 40, "document_path": 40}


def to_xlsx(tasks: list[TaskOut]) -> bytes:
    """A workbook of one sheet: a bold, frozen header row with a filter, one row per task, the dates as
    date cells (shown dd/mm/yyyy), ``ongoing`` as a boolean, columns as wide as their text (capped)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "tasks"
    wb.properties.creator = f"vanban {__version__}"
    ws.append(CSV_COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [len(c) for c in CSV_COLUMNS]
    for t in tasks:
        values = _row(t)
        ws.append(values)
        for i, (cell, v) in enumerate(zip(ws[ws.max_row], values, strict=True)):
            if isinstance(v, Date):
                cell.number_format = "dd/mm/yyyy"
                widths[i] = max(widths[i], 10)
            elif isinstance(v, str):
                if v.startswith("="):  # text, never a formula (openpyxl takes "=…" for one)
                    cell.data_type = "s"
                widths[i] = max(widths[i], len(v))
    for i, name in enumerate(CSV_COLUMNS):
        ws.column_dimensions[get_column_letter(i + 1)].width = min(widths[i], _XLSX_WIDTH.get(name, 30)) + 2
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_json(tasks: Iterable[TaskOut]) -> str:
    buf = io.StringIO()
    write_json(tasks, buf)
    return buf.getvalue()[:-1]


def write_json(tasks: Iterable[TaskOut], out) -> None:
    """``json.dumps([asdict(t) …], ensure_ascii=False, indent=1)`` and a newline, task by task."""
    dumps = json.JSONEncoder(ensure_ascii=False, indent=1).encode
    sep = "[\n "
    for t in tasks:
        out.write(sep + dumps(asdict(t)).replace("\n", "\n "))
        sep = ",\n "
    out.write("[]\n" if sep == "[\n " else "\n]\n")


_RECURRENCE_VI = {"weekly": "hằng tuần", "monthly": "hằng tháng", "quarterly": "hằng quý",
                  "semiannual": "6 tháng một lần", "annual": "hằng năm"}


def to_ics(tasks: Iterable[TaskOut], *, now: datetime | None = None) -> bytes:
    """A VCALENDAR of VTODOs: SUMMARY (the title), DTSTAMP (``now``, the export time, UTC), DUE,
    DTSTART, RRULE, DESCRIPTION (the full description, source and section), CATEGORIES (lead units)."""
    buf = io.BytesIO()
    write_ics(tasks, buf, now=now)
    return buf.getvalue()


def write_ics(tasks: Iterable[TaskOut], out, *, now: datetime | None = None, head: bool = True,
              tail: bool = True) -> None:
    """:func:`to_ics` written to the binary stream ``out`` VTODO by VTODO: the bytes the ``icalendar``
    library gives for the same calendar (properties in its order, its TEXT escapes, lines folded at 75
    octets as it folds them; tests/test_tracker.py holds the two equal), without building the calendar.
    Without ``head`` or ``tail``, the calendar's first or last lines are left out (a part of it)."""
    # RFC 5545 §3.8.7.2: without a METHOD, DTSTAMP is when the object was created — this export
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    dtstamp = _ics_line("DTSTAMP:" + stamp.strftime("%Y%m%dT%H%M%SZ"))
    if head:
        out.write(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + _ics_line(f"PRODID:-//vanban//vanban {__version__}//VI"))
    buf: list[bytes] = []
    categories: dict[tuple, bytes] = {}
    for t in tasks:
        start, due, rrule = _ics_dates(t)
        lines = [t.description, "", f"Nguồn: {t.document}" + (f" ngày {t.document_date}" if t.document_date else ""),
                 f"Tệp: {t.document_path}"]
        if t.section:
            lines.append(f"Mục: {t.section}")
        if t.lead:
            lines.append("Chủ trì: " + "; ".join(t.lead))
        if t.support:
            lines.append("Phối hợp: " + "; ".join(t.support))
        if t.products:
            lines.append("Sản phẩm: " + "; ".join(t.products))
        if t.deadline_text:
            lines.append("Thời hạn: " + t.deadline_text)
        if t.recurrence in _RECURRENCE_VI:
            lines.append("Định kỳ: " + _RECURRENCE_VI[t.recurrence])
        # properties in alphabetical order, as icalendar writes a VTODO's
        buf.append(b"BEGIN:VTODO\r\n")
        if t.lead:
            lead = tuple(t.lead)  # the same few units lead most tasks of an archive: each line made once
            if lead not in categories:
                if len(categories) > 4096:
                    categories.clear()
                categories[lead] = _ics_line("CATEGORIES:" + ",".join(map(_ics_text, lead)))
            buf.append(categories[lead])
        buf.append(_ics_line("DESCRIPTION:" + _ics_text("\n".join(lines))))
        buf.append(dtstamp)
        if start:  # strftime's %Y%m%d: the year unpadded, as glibc writes it
            buf.append(b"DTSTART;VALUE=DATE:%d%02d%02d\r\n" % (start.year, start.month, start.day))
        if due:
            buf.append(b"DUE;VALUE=DATE:%d%02d%02d\r\n" % (due.year, due.month, due.day))
        if rrule:
            buf.append(_RRULE_LINES[t.recurrence])
        buf.append(b"STATUS:NEEDS-ACTION\r\n")
        buf.append(_ics_line("SUMMARY:" + _ics_text(t.title)))
        uid = t.uid  # the store's are hex digits: nothing to escape, too short to fold
        buf.append(b"UID:%s@vanban\r\n" % uid.encode() if uid.isalnum() and len(uid) <= 60 and uid.isascii()
                   else _ics_line("UID:" + _ics_text(f"{uid}@vanban")))
        buf.append(b"END:VTODO\r\n")
        if len(buf) > 2048:
            out.write(b"".join(buf))
            buf.clear()
    out.write(b"".join(buf) + (b"END:VCALENDAR\r\n" if tail else b""))


# -- a large export in two processes --------------------------------------------------------------

PARALLEL_TASKS = 20_000  # an ICS or CSV export of at least this many tasks is written by two processes


def export(fmt: str, store: Store, opener: Callable[[], ContextManager[BinaryIO]], *, bom: bool = False,
           now: datetime | None = None, parallel_from: int = PARALLEL_TASKS, **filters) -> None:
    """The tasks the ``filters`` (:func:`tasks`' keywords) select, written as ``fmt`` — "csv" (a BOM first
    when ``bom``), "json" or "ics" — to the binary stream ``opener()`` gives, streamed as the writers write
    them. The stream is opened once the filters are known good: a bad one leaves an output file as it was.

    An ICS or CSV export of ``parallel_from`` tasks or more is written by two processes where this system
    forks one and the store is a file or a server (issue 15: writing the text is most of an export's time,
    and an office machine has two cores): a child writes the second half of the tasks — whole documents,
    in their order — into an unnamed temporary file while this process writes the first half, then the
    child's part is copied after it. Should the child fail, this process writes that half itself: nothing
    is lost but time. The bytes are those one process writes."""
    filters["today"] = _iso(filters.get("today"), "today") or Date.today().isoformat()  # one day for both
    now = now or datetime.now(UTC)

    def write(part: Iterator[TaskOut], stream, head: bool = True, tail: bool = True) -> None:
        if fmt == "ics":
            write_ics(part, stream, now=now, head=head, tail=tail)
            return
        text = io.TextIOWrapper(stream, encoding="utf-8-sig" if bom and head else "utf-8", newline="",
                                write_through=False)
        try:
            write_csv(part, text, head=head) if fmt == "csv" else write_json(part, text)
        finally:
            text.flush()
            text.detach()

    middle = _tasks(store, filters, middle=parallel_from) if fmt != "json" and _forks(store) else None
    if middle is None:
        rows = _tasks(store, filters)
        with opener() as out:
            write(rows, out)
        return
    with tempfile.TemporaryFile() as rest, opener() as out:
        store.engine.dispose()  # no connection of this process's open in the child: each opens its own
        out.flush()
        pid = os.fork()
        if pid == 0:  # the child: the second half, and out, never back into the caller
            code = 1
            try:
                write(_tasks(store, filters, after=middle), rest, head=False)
                rest.flush()
                code = 0
            finally:
                os._exit(code)
        try:
            write(_tasks(store, filters, before=middle), out, tail=False)
        except BaseException:
            os.kill(pid, signal.SIGKILL)
            raise
        finally:
            _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) == 0:
            rest.seek(0)
            shutil.copyfileobj(rest, out, 1 << 20)
        else:
            write(_tasks(store, filters, after=middle), out, head=False)


def _forks(store: Store) -> bool:
    """Whether an export may fork a child: Linux (fork is safe there; not Windows, macOS's frameworks
    are not fork-safe), two cores for this process, a store the child can open again (not in memory)."""
    if not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2:
        return False
    url = store.engine.url
    if url.get_backend_name() == "sqlite":
        return bool(url.database) and url.database != ":memory:" and "memory" not in str(url.query.get("mode", ""))
    return True


_RRULE_LINES = {name: b"RRULE:" + ";".join(f"{k}={v}" for k, v in rule.items()).encode() + b"\r\n"
                for name, rule in _RRULE.items()}


def _ics_text(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT escapes, in the order icalendar applies them (its ``_escape_char``: a written
    ``\\N`` is a line break too, every line ending becomes ``\\n``)."""
    # each replacement only where its character is: most texts need one or two of the seven (issue 15)
    if "\\" in text:
        text = text.replace(r"\N", "\n").replace("\\", "\\\\")
    if ";" in text:
        text = text.replace(";", r"\;")
    if "," in text:
        text = text.replace(",", r"\,")
    if "\r" in text:
        text = text.replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n")
    elif "\n" in text:
        text = text.replace("\n", r"\n")
    return text


def _ics_line(line: str) -> bytes:
    """A content line folded as icalendar folds it (its ``_foldline``): at most 74 octets a line, never
    inside a UTF-8 character, and a backslash escape not split over two lines; CRLF at the end."""
    data = line.encode()
    if len(data) < 75:
        return data + b"\r\n"
    chunks, start = [], 0
    while len(data) - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # inside a character: back to its first byte
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        chunks.append(data[start:end])
        start = end
    chunks.append(data[start:])
    return b"\r\n ".join(chunks) + b"\r\n"


def _ics_dates(t: TaskOut) -> tuple[Date | None, Date | None, bool]:
    """(DTSTART, DUE, whether to write the RRULE) of a task, valid under RFC 5545:

    - DUE is the latest end of its deadlines; §3.8.2.3 wants it "equal to or after" DTSTART.
    - A recurring task starts at its period's start, else at its document's date: §3.8.2.4 makes DTSTART
      REQUIRED with an RRULE (the first instance). A start after the deadline cannot be dropped there, so
      it becomes the deadline itself, the latest start DUE allows. With neither date known the RRULE is
      left out rather than anchored on an invented day; DESCRIPTION still says how often ("Định kỳ").
    - A task done once has a DTSTART only when its period's start is written and not after DUE: DTSTART
      is optional in a VTODO (§3.6.2), and a start after the deadline is a misreading, not a date to move.
    """
    due = Date.fromisoformat(t.due) if t.due else None
    if t.recurrence in _RRULE:
        first = t.start or t.document_date
        if first is None:
            return None, due, False
        start = Date.fromisoformat(first)
        return (min(start, due) if due else start), due, True
    start = Date.fromisoformat(t.start) if t.start else None
    return (start if start and (due is None or start <= due) else None), due, False


__all__ = ["query", "tasks", "export", "title", "to_csv", "write_csv", "to_xlsx", "to_json", "write_json", "to_ics", "write_ics", "TaskOut", "CSV_COLUMNS", "TITLE_LIMIT"]
