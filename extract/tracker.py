"""Tasks out of the store for trackers: filtered rows, CSV with a header row, JSON, and iCalendar
VTODOs (RFC 5545, made with the ``icalendar`` library; UIDs stable across re-ingests)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
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
    description: str
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
                or_(Unit.key.contains(key), exists().where(UnitAlias.unit_id == Unit.id,
                                                           UnitAlias.alias.contains(unit.strip())))))
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
        return [_out(row) for row in session.scalars(stmt).unique()]


def _out(row: TaskRow) -> TaskOut:
    d = row.document
    starts = sorted(x.start for x in row.deadlines if x.start)
    ends = sorted(x.end for x in row.deadlines if x.end)
    return TaskOut(
        uid=row.uid, document=d.number or Path(d.path).name, document_path=d.path, document_date=d.date,
        section=row.section, description=row.description,
        lead=[a.written for a in row.assignments if a.role == "lead"],
        support=[a.written for a in row.assignments if a.role == "support"], products=list(row.products),
        start=starts[0] if starts else None, due=ends[-1] if ends else None,
        recurrence=next((x.recurrence for x in row.deadlines if x.recurrence), None),
        ongoing=any(x.ongoing for x in row.deadlines), deadline_text="; ".join(x.text for x in row.deadlines),
    )


# -- renderings ------------------------------------------------------------------------------------

CSV_COLUMNS = ["uid", "title", "lead", "support", "start", "due", "recurrence", "ongoing", "products",
               "deadline_text", "document", "document_date", "section", "document_path"]


def to_csv(tasks: list[TaskOut]) -> str:
    """One row per task; several units or products joined by `; `."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for t in tasks:
        w.writerow([t.uid, t.description, "; ".join(t.lead), "; ".join(t.support), t.start or "", t.due or "",
                    t.recurrence or "", "yes" if t.ongoing else "", "; ".join(t.products), t.deadline_text,
                    t.document, t.document_date or "", t.section or "", t.document_path])
    return buf.getvalue()


def to_json(tasks: list[TaskOut]) -> str:
    return json.dumps([asdict(t) for t in tasks], ensure_ascii=False, indent=1)


def to_ics(tasks: list[TaskOut]) -> bytes:
    """A VCALENDAR of VTODOs: SUMMARY, DUE, DTSTART, RRULE, DESCRIPTION (source and section)."""
    from icalendar import Calendar, Todo, vRecur

    cal = Calendar()
    cal.add("prodid", f"-//vanban//vanban {__version__}//VI")
    cal.add("version", "2.0")
    for t in tasks:
        todo = Todo()
        todo.add("uid", f"{t.uid}@vanban")
        todo.add("summary", _summary(t.description))
        todo.add("dtstamp", _stamp(t))
        if t.due:
            todo.add("due", Date.fromisoformat(t.due))
            if t.start and t.start < t.due:
                todo.add("dtstart", Date.fromisoformat(t.start))
        if t.recurrence in _RRULE:
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
        todo.add("description", "\n".join(lines))
        if t.lead:
            todo.add("categories", t.lead)
        todo.add("status", "NEEDS-ACTION")
        cal.add_component(todo)
    return cal.to_ical()


def _summary(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _stamp(t: TaskOut):
    from datetime import UTC, datetime

    # DTSTAMP from the document date keeps the output reproducible (the same file for the same store)
    day = Date.fromisoformat(t.document_date) if t.document_date else Date(2000, 1, 1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


__all__ = ["query", "to_csv", "to_json", "to_ics", "TaskOut", "CSV_COLUMNS"]
