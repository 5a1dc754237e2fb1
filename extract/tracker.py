"""Tasks out of the store for trackers: filtered rows, CSV with a header row, an XLSX workbook, JSON,
and iCalendar VTODOs (RFC 5545, made with the ``icalendar`` library; UIDs stable across re-ingests).

Every rendering carries a short ``title`` (the description cut at a word boundary, :func:`title`) and
the full ``description`` beside it (issue 14: a whole task text as a title is unreadable in a tracker)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import selectinload

from . import __version__
from .errors import VanbanError
from .store import Assignment, DeadlineRow, Document, Store, TaskRow, Unit, UnitAlias, unit_key

_RRULE = {"weekly": {"FREQ": "WEEKLY"}, "monthly": {"FREQ": "MONTHLY"}, "quarterly": {"FREQ": "MONTHLY", "INTERVAL": 3},
          "semiannual": {"FREQ": "MONTHLY", "INTERVAL": 6}, "annual": {"FREQ": "YEARLY"}}


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
    due_before, due_after = _iso(due_before, "--due-before"), _iso(due_after, "--due-after")
    today = _iso(today, "today") or Date.today().isoformat()
    with store.session() as session:
        stmt = (select(TaskRow).join(Document, TaskRow.document_id == Document.id)
                .options(selectinload(TaskRow.assignments), selectinload(TaskRow.deadlines),
                         selectinload(TaskRow.document))
                .order_by(Document.date, Document.id, TaskRow.position))
        if unit:
            key = unit_key(unit)
            stmt = stmt.where(exists().where(
                Assignment.task_id == TaskRow.id, Assignment.unit_id == Unit.id,
                or_(Unit.key.contains(key, autoescape=True),  # "%", "_" in --unit: characters (issue 16)
                    exists().where(UnitAlias.unit_id == Unit.id,
                                   UnitAlias.alias.contains(unit.strip(), autoescape=True)))))
        if doc:
            from .graph import find_document

            stmt = stmt.where(TaskRow.document_id == find_document(session, doc).id)
        if due_before:
            stmt = stmt.where(exists().where(DeadlineRow.task_id == TaskRow.id, DeadlineRow.end < due_before))
        if due_after:
            stmt = stmt.where(exists().where(DeadlineRow.task_id == TaskRow.id, DeadlineRow.end > due_after))
        if overdue:
            stmt = stmt.where(
                exists().where(DeadlineRow.task_id == TaskRow.id, DeadlineRow.end < today),
                ~exists().where(and_(DeadlineRow.task_id == TaskRow.id,
                                     or_(DeadlineRow.ongoing.is_(True), DeadlineRow.recurrence.is_not(None),
                                         DeadlineRow.end >= today))))
        rows = list(session.scalars(stmt).unique())
        # a reviewer's corrections are shown instead of the extracted values (issue 14)
        from .corrections import corrected_task_rows

        doc_id = find_document(session, doc).id if doc else None
        rows = corrected_task_rows(session, rows, unit=unit, due_before=due_before, due_after=due_after,
                                   doc_id=doc_id, overdue=overdue, today=today)
        return [_out(row) for row in rows]


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
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)  # text[:cut] ends a word and leaves room for the "…"
    head = text[:cut] if cut > 0 else text[: limit - 1]
    return head.rstrip(" ,;:-–") + "…"


def _row(t: TaskOut) -> list:
    """One task as CSV_COLUMNS; dates stay ``date`` objects, flags ``bool`` (:func:`to_csv` writes text)."""
    day = lambda v: Date.fromisoformat(v) if v else None  # noqa: E731
    return [t.uid, t.title, t.description, "; ".join(t.lead), "; ".join(t.support), day(t.start), day(t.due),
            t.recurrence, t.ongoing, "; ".join(t.products), t.deadline_text, t.document, day(t.document_date),
            t.section, t.document_path]


def to_csv(tasks: list[TaskOut]) -> str:
    """One row per task; several units or products joined by `; `, dates as YYYY-MM-DD, ongoing as `yes`.
    The caller encodes it (``utf-8-sig`` for the BOM Excel needs to read UTF-8)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for t in tasks:
        w.writerow([_csv_text(v) for v in _row(t)])
    return buf.getvalue()


def _csv_text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, Date):
        return value.isoformat()
    return value or ""


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


def to_json(tasks: list[TaskOut]) -> str:
    return json.dumps([asdict(t) for t in tasks], ensure_ascii=False, indent=1)


_RECURRENCE_VI = {"weekly": "hằng tuần", "monthly": "hằng tháng", "quarterly": "hằng quý",
                  "semiannual": "6 tháng một lần", "annual": "hằng năm"}


def to_ics(tasks: list[TaskOut], *, now: datetime | None = None) -> bytes:
    """A VCALENDAR of VTODOs: SUMMARY (the title), DTSTAMP (``now``, the export time, UTC), DUE,
    DTSTART, RRULE, DESCRIPTION (the full description, source and section), CATEGORIES (lead units)."""
    from icalendar import Calendar, Todo, vRecur

    # RFC 5545 §3.8.7.2: without a METHOD, DTSTAMP is when the object was created — this export
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", f"-//vanban//vanban {__version__}//VI")
    cal.add("version", "2.0")
    for t in tasks:
        todo = Todo()
        todo.add("uid", f"{t.uid}@vanban")
        todo.add("summary", t.title)
        todo.add("dtstamp", stamp)
        start, due, rrule = _ics_dates(t)
        if start:
            todo.add("dtstart", start)
        if due:
            todo.add("due", due)
        if rrule:
            todo.add("rrule", vRecur(_RRULE[t.recurrence]))
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
        todo.add("description", "\n".join(lines))
        if t.lead:
            todo.add("categories", t.lead)
        todo.add("status", "NEEDS-ACTION")
        cal.add_component(todo)
    return cal.to_ical()


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


__all__ = ["query", "title", "to_csv", "to_xlsx", "to_json", "to_ics", "TaskOut", "CSV_COLUMNS", "TITLE_LIMIT"]
