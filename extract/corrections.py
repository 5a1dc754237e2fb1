"""A reviewer's corrections of extracted values (issue 14): kept in the ``corrections`` table beside
the extracted rows, never written into them, and applied wherever values are shown.

A correction names its document by a key that outlives re-ingest — the document's identity (type,
number, scope, date; ``store.document_identity``), else its file's hash — and its item by a key that
does too:

- a task by its ``uid`` (the same across re-ingests, ``store.task_uid``);
- a reference by its span in the clean text (``"1043-1100"``);
- a unit of a task by ``uid|role|name as written``, a deadline of a task by ``uid|text``.

``review`` gives a document's references and tasks with its corrections applied in the order they
were made (``wrong`` hides an item, ``edit`` changes some of its fields, ``add`` adds a missed one);
``gold`` writes them as a gold file ``vanban eval`` reads; ``corrected_task_rows`` applies them to the
task rows ``vanban tasks`` lists; ``sync_graph`` makes a document's edges of the citation graph again
from its references as reviewed, so that ``cites``, ``refs``, ``graph``, ``top-cited`` and the graph
page show the corrected relations (a reference added by a reviewer is a mention row of its own, marked
with its correction).
"""

from __future__ import annotations

import copy
import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import date as Date
from types import SimpleNamespace

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, selectinload

from .errors import VanbanError
from .store import (
    Correction,
    Document,
    Edge,
    Mention,
    Store,
    TaskRow,
    _Known,
    _Writer,
    document_identity,
    unit_key,
)

KINDS = ("task", "reference", "unit", "deadline")
ACTIONS = ("wrong", "edit", "add")
RELATIONS = ("based_on", "implements", "amends", "replaces", "repeals", "guides", "mentions")
RECURRENCES = ("weekly", "monthly", "quarterly", "semiannual", "annual")
ROLES = ("lead", "support")
REFERENCE_FIELDS = ("text", "type", "id", "date", "issuer", "scope", "title", "relation")
TASK_FIELDS = ("description", "section", "products", "text")
DEADLINE_FIELDS = ("text", "start", "end", "recurrence", "ongoing")


# -- keys ---------------------------------------------------------------------------------------------

def document_key(doc: Document) -> str:
    """The document's identity when its number and date are written, else its file's hash."""
    identity = document_identity({"type": doc.type, "number": doc.number, "scope": doc.scope, "date": doc.date})
    if identity is None:
        return f"sha:{doc.sha256}"
    return "doc:" + "|".join("" if part is None else str(part) for part in identity)


def reference_key(start: int, end: int) -> str:
    return f"{start}-{end}"


def unit_item_key(uid: str, role: str, name: str) -> str:
    return f"{uid}|{role}|{name}"


def deadline_item_key(uid: str, text: str) -> str:
    return f"{uid}|{text}"


# -- what a document looks like, corrected ------------------------------------------------------------

@dataclass
class Item:
    """One value as shown: the extracted one (``extracted``; None when a reviewer added it) with the
    corrections made to it applied (``value``)."""

    key: str
    value: dict
    extracted: dict | None
    status: str = "extracted"  # extracted | edited | wrong | added
    history: list[Correction] = field(default_factory=list)
    row: object = None  # the stored row it was extracted as (a reference's Mention), None when added

    @property
    def shown(self) -> bool:
        return self.status != "wrong"


@dataclass
class TaskItem(Item):
    units: list[Item] = field(default_factory=list)
    deadlines: list[Item] = field(default_factory=list)

    def names(self, role: str) -> list[str]:
        return [u.value["name"] for u in self.units if u.shown and u.value["role"] == role]


@dataclass
class Review:
    document: Document
    references: list[Item]
    tasks: list[TaskItem]
    corrections: list[Correction]
    orphans: list[Correction]  # corrections whose item the store no longer holds (the extractor changed)


def corrections_of(session: Session, doc: Document) -> list[Correction]:
    return list(session.scalars(select(Correction).where(
        or_(Correction.document_key == document_key(doc), Correction.sha256 == doc.sha256)).order_by(Correction.id)))


def _reference_value(m) -> dict:
    return {"text": m.text, "span": [m.span_start, m.span_end], "page": m.page, "type": m.type, "id": m.cited_id,
            "date": m.date, "issuer": m.issuer, "scope": m.scope, "title": m.title, "relation": m.relation,
            "of": {"index": m.of_position, "relation": m.of_relation} if m.of_position is not None else None,
            "how": m.how}


def _deadline_value(d) -> dict:
    return {"text": d.text, "start": d.start, "end": d.end, "recurrence": d.recurrence, "ongoing": bool(d.ongoing)}


def review(session: Session, doc: Document, corrections: list[Correction] | None = None) -> Review:
    """The document's references and tasks, its corrections applied in the order they were made."""
    if corrections is None:
        corrections = corrections_of(session, doc)
    references: dict[str, Item] = {}
    for m in doc.mentions:
        if m.correction_id is not None:  # a reviewer's added reference as the graph states it
            continue
        key = _unique(references, reference_key(m.span_start, m.span_end))
        value = _reference_value(m)
        references[key] = Item(key, value, copy.deepcopy(value), row=m)
    tasks: dict[str, TaskItem] = {}
    for t in doc.tasks:
        value = {"text": t.text, "span": [t.span_start, t.span_end], "page": t.page, "section": t.section,
                 "description": t.description, "products": list(t.products or []), "how": t.how}
        item = tasks[t.uid] = TaskItem(t.uid, value, copy.deepcopy(value))
        for a in t.assignments:
            unit = {"name": a.written, "role": a.role}
            item.units.append(Item(unit_item_key(t.uid, a.role, a.written), unit, dict(unit)))
        seen: dict[str, Item] = {}
        for d in t.deadlines:
            key = _unique(seen, deadline_item_key(t.uid, d.text))
            seen[key] = Item(key, _deadline_value(d), _deadline_value(d))
        item.deadlines = list(seen.values())
    orphans = [c for c in corrections if not _apply(c, references, tasks, doc)]
    return Review(doc, list(references.values()), list(tasks.values()), corrections, orphans)


def _unique(taken: dict, key: str) -> str:
    n, out = 1, key
    while out in taken:
        n += 1
        out = f"{key}#{n}"
    return out


def _apply(c: Correction, references: dict[str, Item], tasks: dict[str, TaskItem], doc: Document) -> bool:
    """Apply one correction; False when its item is not there."""
    value = c.value or {}
    if c.kind == "reference":
        return _apply_to(references, c, value, lambda: Item(c.item_key, _new_reference(value), None, "added"))
    if c.kind == "task":
        return _apply_to(tasks, c, value, lambda: _new_task(c.item_key, value))
    task = tasks.get(c.item_key.split("|", 1)[0])
    if task is None:
        return False
    items = task.units if c.kind == "unit" else task.deadlines
    by_key = {i.key: i for i in items}
    ok = _apply_to(by_key, c, value, lambda: Item(c.item_key, _clean(c.kind, value), None, "added"))
    items[:] = list(by_key.values())
    return ok


def _apply_to(items: dict, c: Correction, value: dict, new) -> bool:
    item = items.get(c.item_key)
    if c.action == "add" and item is None:
        item = items[c.item_key] = new()
    if item is None:
        return False
    item.history.append(c)
    if c.action == "wrong":
        item.status = "wrong"
    else:  # edit, or add of an item already there: the value is the reviewer's
        item.value.update(_clean(c.kind, value))
        if item.status != "added":
            item.status = "edited"
    return True


def _new_reference(value: dict) -> dict:
    out = {name: None for name in REFERENCE_FIELDS} | {"span": None, "page": None, "of": None, "relation": "mentions"}
    return out | _clean("reference", value)


def _new_task(key: str, value: dict) -> TaskItem:
    base = {"text": value.get("description", ""), "span": value.get("span"), "page": value.get("page"),
            "section": None, "description": "", "products": []}
    item = TaskItem(key, base | _clean("task", value), None, "added")
    item.units = [Item(unit_item_key(key, role, name), {"name": name, "role": role}, None, "added")
                  for role in ROLES for name in value.get(role, [])]
    item.deadlines = [Item(deadline_item_key(key, d["text"]), _clean("deadline", d), None, "added")
                      for d in value.get("deadlines", [])]
    return item


def _clean(kind: str, value: dict) -> dict:
    """The fields of ``value`` that a correction of ``kind`` may set."""
    names = {"reference": (*REFERENCE_FIELDS, "span", "page"), "task": (*TASK_FIELDS, "span", "page"),
             "unit": ("name", "role"), "deadline": DEADLINE_FIELDS}[kind]
    return {k: copy.deepcopy(v) for k, v in value.items() if k in names}


# -- making corrections -------------------------------------------------------------------------------

def correct(store: Store, doc_id: int, kind: str, action: str, value: dict | None = None, *,
            item: str | None = None, author: str, note: str | None = None) -> Correction:
    """Record a correction of document ``doc_id`` (a row of ``documents``): ``wrong`` and ``edit`` name
    an ``item`` by its key; ``add`` makes one from ``value``. Returns the stored correction."""
    if kind not in KINDS:
        raise VanbanError(None, f"unknown kind of correction {kind!r} (one of: {', '.join(KINDS)})")
    if action not in ACTIONS:
        raise VanbanError(None, f"unknown correction {action!r} (one of: {', '.join(ACTIONS)})")
    author = (author or "").strip()
    if not author:
        raise VanbanError(None, "a correction needs the reviewer's name")
    value = _validated(kind, dict(value or {}), action)
    with Session(store.engine) as session, session.begin():
        if kind == "reference":
            store.lock_for_writing(session)  # its edges are made again, and may name a node first met
        doc = session.get(Document, doc_id, options=[selectinload(Document.mentions), selectinload(Document.tasks)])
        if doc is None:
            raise VanbanError(None, f"no stored document #{doc_id}")
        shown = review(session, doc)
        if action == "add":
            item = _added_key(kind, value, doc, shown)
        elif not item or not _has_item(shown, kind, item):
            raise VanbanError(None, f"document #{doc_id} has no {kind} {item!r}")
        row = Correction(document_key=document_key(doc), sha256=doc.sha256, document_path=doc.path, kind=kind,
                         item_key=item, action=action, value=value if action != "wrong" else None,
                         author=author[:120], at=datetime.now(UTC).isoformat(timespec="seconds"), note=note or None)
        session.add(row)
        session.flush()
        if kind == "reference":
            session.expire(doc, ["mentions"])
            sync_graph(session, _Writer(session, _Known()), doc)
        session.expunge(row)
        return row


def _has_item(shown: Review, kind: str, key: str) -> bool:
    if kind == "reference":
        return any(i.key == key for i in shown.references)
    if kind == "task":
        return any(t.key == key for t in shown.tasks)
    return any(i.key == key for t in shown.tasks for i in (t.units if kind == "unit" else t.deadlines))


def _added_key(kind: str, value: dict, doc: Document, shown: Review) -> str:
    if kind in ("unit", "deadline"):
        task = value.pop("task", None)
        if not any(t.key == task for t in shown.tasks):
            raise VanbanError(None, f"document #{doc.id} has no task {task!r} to add a {kind} to")
        return unit_item_key(task, value["role"], value["name"]) if kind == "unit" else \
            deadline_item_key(task, value["text"])
    _locate(value, doc, shown)
    if kind == "reference" and value.get("span"):
        return reference_key(*value["span"])
    seed = f"{document_key(doc)}|{kind}|{value.get('text') or value.get('description')}|{len(shown.corrections)}"
    return "added-" + hashlib.sha256(seed.encode()).hexdigest()[:24]


def _locate(value: dict, doc: Document, shown: Review) -> None:
    """An added reference or task takes the span of its text in the clean text (the first place it is
    written, or the one given), and the page of the extracted item before it."""
    text = value.get("text") or value.get("description") or ""
    if value.get("span") is None and text:
        at = doc.clean_text.find(text)
        if at >= 0:
            value["span"] = [at, at + len(text)]
    if value.get("span") is not None and value.get("page") is None:
        placed = sorted((i.value["span"][0], i.value["page"]) for i in (*shown.references, *shown.tasks)
                        if i.value.get("span") and i.value.get("page") is not None)
        k = bisect_right([s for s, _ in placed], value["span"][0])
        value["page"] = placed[k - 1][1] if k else None


def _iso(value, name: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return Date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise VanbanError(None, f"{name} wants a date as YYYY-MM-DD, not {value!r}") from None


def _text(value, name: str, required: bool = False) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    if required and not text:
        raise VanbanError(None, f"{name} is empty")
    return text or None


def _validated(kind: str, value: dict, action: str) -> dict:
    """Check a correction's value and bring it to the SPEC's shape (ISO dates, slugs, lists)."""
    if action == "wrong":
        return {}
    out: dict = {}
    if kind == "reference":
        for name in REFERENCE_FIELDS:
            if name in value:
                out[name] = _iso(value[name], name) if name == "date" else _text(value[name], name)
        if "relation" in value and out["relation"] not in RELATIONS:
            raise VanbanError(None, f"relation must be one of {', '.join(RELATIONS)}, not {value['relation']!r}")
        if action == "add":
            _text(out.get("text"), "the reference's text", required=True)
            out.setdefault("relation", "mentions")
    elif kind == "task":
        for name in ("description", "section", "text"):
            if name in value:
                out[name] = _text(value[name], name, required=name == "description")
        if "products" in value:
            out["products"] = _list(value["products"])
        if action == "add":
            _text(out.get("description"), "the task's description", required=True)
            for role in ROLES:
                out[role] = _list(value.get(role, []))
            out["deadlines"] = [_validated("deadline", d, "add") for d in value.get("deadlines", [])]
    elif kind == "unit":
        out["name"] = _text(value.get("name"), "the unit's name", required=True)
        out["role"] = value.get("role") or "lead"
        if out["role"] not in ROLES:
            raise VanbanError(None, f"a unit's role is lead or support, not {out['role']!r}")
    elif kind == "deadline":
        for name in ("start", "end"):
            if name in value:
                out[name] = _iso(value[name], name)
        if "text" in value or action == "add":
            out["text"] = _text(value.get("text"), "the deadline's text", required=True)
        if "recurrence" in value:
            out["recurrence"] = value["recurrence"] or None
            if out["recurrence"] not in (None, *RECURRENCES):
                raise VanbanError(None, f"recurrence must be one of {', '.join(RECURRENCES)}, not {value['recurrence']!r}")
        if "ongoing" in value:
            out["ongoing"] = value["ongoing"] in (True, "1", "on", "true", "yes")
        if out.get("start") and out.get("end") and out["start"] > out["end"]:
            raise VanbanError(None, f"the deadline starts ({out['start']}) after it ends ({out['end']})")
    if kind in ("unit", "deadline") and action == "add":
        out["task"] = value.get("task")
    for name in ("span", "page"):
        if value.get(name) is not None and kind in ("reference", "task"):
            out[name] = value[name]
    return out


def _list(value) -> list[str]:
    if isinstance(value, str):
        value = value.split(";")
    return [x for x in (_text(v, "item") for v in value) if x]


# -- the citation graph, corrected -------------------------------------------------------------------

# the fields of a reference that name the document it cites (a change of its relation alone keeps it)
_NAMING = ("id", "type", "date", "issuer", "scope", "title")


def sync_graphs(session: Session, writer: _Writer, doc_ids: list[int]) -> None:
    """:func:`sync_graph` for those of ``doc_ids`` (documents just stored) that reviewers corrected."""
    keys = set(session.scalars(select(Correction.document_key).distinct()))
    shas = set(session.scalars(select(Correction.sha256).distinct()))
    for doc in session.scalars(select(Document).where(Document.id.in_(doc_ids)).options(
            selectinload(Document.mentions))):
        if doc.sha256 in shas or document_key(doc) in keys:
            sync_graph(session, writer, doc)


def sync_graph(session: Session, writer: _Writer, doc: Document) -> None:
    """Make the edges ``doc`` states again from its references as reviewed: none for a reference marked
    wrong, the corrected relation and cited document for an edited one, and an edge for an added one
    (stated by a mention row of its own, marked with the correction). The extracted mentions are left as
    they were."""
    shown = review(session, doc)
    session.execute(delete(Edge).where(Edge.document_id == doc.id))
    session.execute(delete(Mention).where(Mention.document_id == doc.id, Mention.correction_id.is_not(None)))
    own = doc.node_id
    position = sum(1 for i in shown.references if i.row is not None)
    nodes: dict[int, int] = {}  # place among the references → the node it cites
    mentions: dict[int, int] = {}  # … → the mention row stating it
    edges: list[dict] = []
    for k, item in enumerate(shown.references):
        v = item.value
        if not item.shown or not (v.get("id") or v.get("title")):
            continue  # marked wrong, or added without naming a document: no edge to draw
        if item.row is not None and all(v.get(f) == item.extracted.get(f) for f in _NAMING):
            node = item.row.node_id
        else:
            node = writer._reference_node(_cited(v))
        mention = item.row.id if item.row is not None else None
        if mention is None:
            span = v.get("span") or [0, 0]
            mention = writer._insert_one(Mention, dict(
                document_id=doc.id, position=position, node_id=node, text=v["text"], span_start=span[0],
                span_end=span[1], page=v.get("page"), type=v.get("type"), cited_id=v.get("id"), date=v.get("date"),
                issuer=v.get("issuer"), scope=v.get("scope"), title=v.get("title"), relation=v["relation"],
                how=f"added by {item.history[-1].author}", correction_id=item.history[-1].id))
            position += 1
        nodes[k], mentions[k] = node, mention
        if node != own:
            edges.append(dict(source_id=own, target_id=node, relation=v["relation"], document_id=doc.id,
                              mention_id=mention, via_of=False))
    for k, item in enumerate(shown.references):
        of = item.value.get("of")
        outer = nodes.get(of["index"]) if of and k in nodes else None
        if outer is not None and outer != nodes[k]:
            edges.append(dict(source_id=outer, target_id=nodes[k], relation=of["relation"], document_id=doc.id,
                              mention_id=mentions[k], via_of=True))
    writer._insert_rows(Edge, edges)


def _cited(value: dict) -> SimpleNamespace:
    """A reviewed reference as :meth:`store._Writer._reference_node` reads a reference."""
    from .references import year_of

    return SimpleNamespace(id=value.get("id"), id_written=value.get("id"), title=value.get("title"),
                           type=value.get("type"), scope=value.get("scope"), date=value.get("date"),
                           issuer=value.get("issuer"), year=year_of(value.get("id"), value.get("date")))


# -- where corrected values are shown -----------------------------------------------------------------

def gold(session: Session, doc: Document) -> dict:
    """The document as a gold file in SPEC shape (the shape of ``corpus/*.gold.json``), its corrections
    applied: what ``vanban eval`` scores the extractor against."""
    shown = review(session, doc)
    kept = [r for r in shown.references if r.shown]
    index = {id(r.value): k for k, r in enumerate(kept)}
    by_position = {k: r for k, r in enumerate(shown.references) if r.extracted is not None}
    references = []
    for r in kept:
        ref = {name: r.value.get(name) for name in ("text", "span", "page", *REFERENCE_FIELDS[1:])}
        of = r.value.get("of")
        outer = by_position.get(of["index"]) if of else None
        if outer is not None and outer.shown:  # renumbered over the references kept
            ref["of"] = {"index": index[id(outer.value)], "relation": of["relation"]}
        references.append(ref)
    tasks = []
    for t in shown.tasks:
        if not t.shown:
            continue
        v = t.value
        task = {"text": v.get("text") or v["description"], "span": v.get("span"), "page": v.get("page"),
                "section": v.get("section"), "description": v["description"], "lead": t.names("lead"),
                "support": t.names("support"), "products": list(v.get("products") or []),
                "deadlines": [{k: d.value.get(k) for k in DEADLINE_FIELDS} for d in t.deadlines if d.shown]}
        if task["span"] is None:
            del task["span"]
        tasks.append(task)
    notes = [f"{c.at} {c.author}: {c.action} {c.kind} {c.item_key}" + (f" — {c.note}" if c.note else "")
             for c in shown.corrections]
    return {
        "schema": "vanban.extraction/1",
        "source": {"path": doc.path, "sha256": doc.sha256, "format": doc.format, "pages": doc.pages},
        "document": {"type": doc.type, "number": doc.number, "issuer": doc.issuer, "place": doc.place,
                     "date": doc.date, "title": doc.title,
                     "signer": {"name": doc.signer_name, "position": doc.signer_position},
                     "recipients": list(doc.recipients or [])},
        "references": references,
        "tasks": tasks,
        "corrections": len(shown.corrections),
        "notes": "Exported by `vanban gold export` from the store: the extracted values with the reviewers' "
                 f"corrections applied ({len(shown.corrections)}). " + " | ".join(notes),
    }


def corrected_task_rows(session: Session, rows: list[TaskRow], *, unit: str | None = None,
                        due_before: str | None = None, due_after: str | None = None, doc_id: int | None = None,
                        overdue: bool = False, today: str | None = None) -> list:
    """``rows`` (the tasks the filters select from the extracted values) with corrections applied:
    the tasks of a corrected document are taken from its review instead — a task marked wrong
    dropped, edited values shown, added tasks included — and the filters tried again on the values
    shown. Each row reads like a :class:`TaskRow` (``tracker._out`` renders either)."""
    corrected = corrected_documents(session, doc_id)
    if not corrected:
        return rows
    out = [((r.document.date or "", r.document_id, k), r) for k, r in enumerate(rows)
           if r.document_id not in corrected]
    out += corrected_tasks(session, corrected, unit=unit, due_before=due_before, due_after=due_after,
                           overdue=overdue, today=today)
    out.sort(key=lambda x: x[0])
    return [r for _, r in out]


def corrected_documents(session: Session, doc_id: int | None = None) -> dict[int, Document]:
    """The stored documents (only ``doc_id``, when given) that reviewers corrected, by id — one cheap query
    when there is no correction at all."""
    if session.scalar(select(Correction.id).limit(1)) is None:
        return {}
    keys = set(session.scalars(select(Correction.document_key).distinct()))
    shas = set(session.scalars(select(Correction.sha256).distinct()))
    candidates = select(Document.id, Document.type, Document.number, Document.scope, Document.date,
                        Document.sha256)
    if doc_id is not None:
        candidates = candidates.where(Document.id == doc_id)
    ids = [d.id for d in session.execute(candidates.where(or_(Document.sha256.in_(shas), Document.number.is_not(None))))
           if d.sha256 in shas or document_key(d) in keys]
    return {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(ids)).options(
        selectinload(Document.mentions),
        selectinload(Document.tasks).selectinload(TaskRow.assignments),
        selectinload(Document.tasks).selectinload(TaskRow.deadlines)))} if ids else {}


def corrected_tasks(session: Session, corrected: dict[int, Document], *, unit: str | None = None,
                    due_before: str | None = None, due_after: str | None = None, overdue: bool = False,
                    today: str | None = None) -> list[tuple[tuple, SimpleNamespace]]:
    """(order key, row) of the tasks of the ``corrected`` documents as reviewed, those the filters select;
    the key — (date, document id, place in it) — is the order ``vanban tasks`` lists tasks in."""
    today = today or Date.today().isoformat()
    out = []
    for doc in corrected.values():
        for k, t in enumerate(review(session, doc).tasks):
            if not t.shown:
                continue
            row = _row(t, doc)
            if _matches(row, unit, due_before, due_after, overdue, today):
                out.append(((doc.date or "", doc.id, k), row))
    out.sort(key=lambda x: x[0])
    return out


def _row(t: TaskItem, doc: Document) -> SimpleNamespace:
    v = t.value
    span = v.get("span") or [None, None]
    return SimpleNamespace(
        id=None, document_id=doc.id, document=doc, uid=t.key, section=v.get("section"),
        description=v["description"], text=v.get("text") or v["description"], span_start=span[0], span_end=span[1],
        page=v.get("page"), products=list(v.get("products") or []),
        assignments=[SimpleNamespace(written=u.value["name"], role=u.value["role"]) for u in t.units if u.shown],
        deadlines=[SimpleNamespace(**{k: d.value.get(k) for k in DEADLINE_FIELDS}) for d in t.deadlines if d.shown],
    )


def _matches(row, unit, due_before, due_after, overdue, today) -> bool:
    """The filters of ``tracker.query``, on a corrected task."""
    if unit:
        key, written = unit_key(unit), unit.strip()
        if not any(key in unit_key(a.written) or written in a.written for a in row.assignments):
            return False
    ends = [d.end for d in row.deadlines if d.end]
    if due_before and not any(e < due_before for e in ends):
        return False
    if due_after and not any(e > due_after for e in ends):
        return False
    if overdue:
        if not any(e < today for e in ends):
            return False
        if any(d.ongoing or d.recurrence or (d.end and d.end >= today) for d in row.deadlines):
            return False
    return True


__all__ = ["correct", "review", "gold", "sync_graph", "sync_graphs", "corrected_task_rows", "corrected_documents", "corrected_tasks", "corrections_of", "document_key", "Review", "Item",
           "TaskItem", "KINDS", "ACTIONS", "RELATIONS"]
