"""`vanban serve` (issue 14): the review app on a real store filled by really ingesting corpus documents,
driven through Starlette's TestClient; corrections kept across reloads and re-ingest; `vanban gold
export` read back by `vanban eval`; the real server started as a user starts it."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from starlette.testclient import TestClient

from extract import store as store_module
from extract import tracker
from extract.batch import ingest
from extract.corrections import document_key, review
from extract.store import Correction, Document, Edge, Store, TaskRow
from extract.web import create_app
from extract.web.app import dom_id

from .conftest import CORPUS, ROOT, run_cli

# a directive with units and dated deadlines, a plan citing Party and provincial documents, a decision
# citing decrees and laws (the graph), all plain text: ingested for real, in this process
DOCS = ["synth-ct-ubnd-thanh-hoa.txt", "seed-003.txt", "real-017-qd-1666-2020.txt"]


def _fill(url: str, folder: Path) -> list[Path]:
    files = []
    for name in DOCS:
        files.append(folder / name)
        shutil.copy(CORPUS / name, files[-1])
    report = ingest(Store(url), files)
    assert report.ingested == len(DOCS) and not report.failed
    return files


@pytest.fixture
def site(tmp_path):
    """(TestClient, store, files): a fresh store each test, as corrections change it."""
    url = f"sqlite:///{tmp_path / 'review.db'}"
    files = _fill(url, tmp_path)
    store = Store(url)
    with TestClient(create_app(store)) as client:
        yield client, store, files


def _doc(store: Store, name: str) -> Document:
    with store.session() as s:
        doc = s.scalars(select(Document).where(Document.path.like(f"%{name}")).options(
            selectinload(Document.mentions), selectinload(Document.tasks).selectinload(TaskRow.assignments),
            selectinload(Document.tasks).selectinload(TaskRow.deadlines))).one()
        s.expunge_all()
        return doc


class _Marked(HTMLParser):
    """The text of the document pane, and the characters each marked item covers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.stack: list[str | None] = []
        self.text: list[str] = []
        self.items: dict[str, str] = {}
        self.classes: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "pre" and a.get("id") == "doc-text":
            self.inside = True
        elif self.inside and tag == "span":
            self.stack.append(a.get("data-item"))
            self.classes.setdefault(a.get("data-item"), a.get("class", ""))

    def handle_endtag(self, tag):
        if self.inside and tag == "span":
            self.stack.pop()
        elif tag == "pre":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.text.append(data)
            for item in set(self.stack):
                self.items[item] = self.items.get(item, "") + data


def _marked(html: str) -> _Marked:
    p = _Marked()
    p.feed(html)
    return p


def _post(client, doc_id: int, **form) -> str:
    r = client.post(f"/doc/{doc_id}/correct", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r.headers["location"]


# -- pages ----------------------------------------------------------------------------------------

def test_documents_list_is_searchable_and_sortable(site):
    client, store, _ = site
    page = client.get("/").text
    for name in DOCS:
        assert name in page
    assert "1666/QĐ-BHXH" in page
    # search folds case and diacritics: "thanh hoa" finds the directive of UBND tỉnh Thanh Hóa only
    found = client.get("/", params={"q": "thanh hoa"}).text
    assert "synth-ct-ubnd-thanh-hoa.txt" in found and "seed-003.txt" not in found
    assert "No document matches" in client.get("/", params={"q": "no such words"}).text
    # sorted by task count, most first; the counts are the store's
    rows = re.findall(r'<td class="num">(\d+)</td>\s*<td class="num">(\d+)</td>',
                      client.get("/", params={"sort": "tasks", "order": "desc"}).text)
    tasks = [int(t) for _, t in rows]
    assert tasks == sorted(tasks, reverse=True) and len(tasks) == len(DOCS)
    with store.session() as s:
        assert sorted(tasks) == sorted(len(d.tasks) for d in s.scalars(select(Document)))
    ascending = [int(t) for _, t in re.findall(r'<td class="num">(\d+)</td>\s*<td class="num">(\d+)</td>',
                                               client.get("/", params={"sort": "tasks", "order": "asc"}).text)]
    assert ascending == sorted(tasks)


@pytest.mark.parametrize("name", DOCS)
def test_document_page_marks_every_value_at_its_span(site, name):
    client, store, _ = site
    doc = _doc(store, name)
    html = client.get(f"/doc/{doc.id}").text
    marked = _marked(html)
    assert "".join(marked.text) == doc.clean_text  # the marks add no character and lose none
    text = doc.clean_text
    shown = review_of(store, doc)
    assert shown.references and shown.tasks
    for r in shown.references:
        item = dom_id("reference", r.key)
        s, e = r.value["span"]
        assert marked.items[item] == text[s:e] == r.value["text"]
        assert f"rel-{r.value['relation']}" in marked.classes[item]  # coloured by relation
        assert f'id="{item}"' in html and f"[{s}, {e})" in html  # its card: the span, the relation
        assert r.extracted["how"] and str(escape(r.extracted["how"])) in html  # and why it has that relation
    for t in shown.tasks:
        s, e = t.value["span"]
        assert marked.items[dom_id("task", t.key)] == text[s:e]
        assert t.extracted["how"] and str(escape(t.extracted["how"])) in html  # why it was read, on its card
        for d in t.deadlines:
            assert marked.items[dom_id("deadline", d.key)].casefold() == d.value["text"].casefold()
    units = [u for t in shown.tasks for u in t.units]
    found = [u for u in units if dom_id("unit", u.key) in marked.items]
    assert len(found) >= 0.8 * len(units)  # units are found in their task's text (the store keeps no span)
    for u in found:
        assert marked.items[dom_id("unit", u.key)].casefold() == u.value["name"].casefold()


def review_of(store: Store, doc: Document):
    with store.session() as s:
        d = s.get(Document, doc.id)
        shown = review(s, d)
        s.expunge_all()
        return shown


def test_graph_page_draws_the_neighbourhood_with_links(site):
    client, store, _ = site
    doc = _doc(store, "real-017-qd-1666-2020.txt")
    html = client.get(f"/graph/{doc.node_id}", params={"depth": 1}).text
    svg = html[html.index("<svg"):html.index("</svg>")]
    cited = {m.node_id for m in doc.mentions}
    for node in cited:
        assert f'data-node="{node}"' in svg  # every document it cites is drawn, each a link
    assert svg.count("<a href=") == len(cited | {doc.node_id})
    assert f'href="/doc/{doc.id}"' in svg  # an ingested node links to its document page
    assert svg.count('class="edge') >= len(cited)
    assert "based_on" in html
    # an only-cited node's page: the graph around it, its citing document drawn and linked
    other = next(iter(cited - {doc.node_id}))
    around = client.get(f"/graph/{other}", params={"depth": 1, "direction": "in"}).text
    assert f'href="/doc/{doc.id}"' in around
    assert client.get("/graph/999999").status_code == 404
    assert client.get(f"/graph/{doc.node_id}", params={"direction": "sideways"}).status_code == 400


def test_tasks_page_filters_and_exports(site):
    client, store, _ = site
    every = tracker.query(store)
    page = client.get("/tasks").text
    assert page.count("<tr data-uid=") == len(every)
    unit = tracker.query(store, unit="so tai chinh")
    assert 0 < len(unit) < len(every)
    assert client.get("/tasks", params={"unit": "so tai chinh"}).text.count("<tr data-uid=") == len(unit)
    due = tracker.query(store, due_before="2024-07-01")
    assert client.get("/tasks", params={"due_before": "2024-07-01"}).text.count("<tr data-uid=") == len(due)
    overdue = tracker.query(store, overdue=True)
    assert client.get("/tasks", params={"overdue": "1"}).text.count("<tr data-uid=") == len(overdue)
    doc = _doc(store, "synth-ct-ubnd-thanh-hoa.txt")
    assert client.get("/tasks", params={"doc": f"#{doc.id}"}).text.count("<tr data-uid=") == len(doc.tasks)
    assert "YYYY-MM-DD" in client.get("/tasks", params={"due_before": "soon"}).text
    filtered = client.get("/tasks", params={"unit": "so tai chinh"}).text
    link = unescape(re.search(r'href="(/tasks/export\.csv[^"]*)"', filtered).group(1))
    rows = list(csv.DictReader(io.StringIO(client.get(link).content.decode("utf-8-sig"))))
    assert [r["uid"] for r in rows] == [t.uid for t in unit]
    from icalendar import Calendar

    ics = client.get(unescape(re.search(r'href="(/tasks/export\.ics[^"]*)"', filtered).group(1)))
    todos = Calendar.from_ical(ics.content).walk("VTODO")
    assert sorted(str(t["uid"]) for t in todos) == sorted(f"{t.uid}@vanban" for t in unit)
    has_xlsx = callable(getattr(tracker, "to_xlsx", None))
    assert ("export.xlsx" in filtered) == has_xlsx
    if has_xlsx:
        from openpyxl import load_workbook

        link = unescape(re.search(r'href="(/tasks/export\.xlsx[^"]*)"', filtered).group(1))
        sheet = load_workbook(io.BytesIO(client.get(link).content)).active
        assert sheet.max_row == len(unit) + 1


# -- corrections ----------------------------------------------------------------------------------

def _first_dated_deadline(doc: Document):
    for t in doc.tasks:
        for d in t.deadlines:
            if d.end:
                return t, d
    raise AssertionError("no dated deadline")


def test_corrected_deadline_is_kept_after_reload_and_reingest(site, tmp_path, monkeypatch):
    client, store, files = site
    doc = _doc(store, "synth-ct-ubnd-thanh-hoa.txt")
    task, deadline = _first_dated_deadline(doc)
    key = f"{task.uid}|{deadline.text}"
    where = _post(client, doc.id, kind="deadline", action="edit", item=key, author="Nguyễn Thị Lan",
                  v_text=deadline.text, v_start="", v_end="2031-03-31", v_recurrence="", v_ongoing_present="1")
    assert where.endswith("#" + dom_id("deadline", key))
    page = client.get(f"/doc/{doc.id}").text
    assert "2031-03-31" in page and "Nguyễn Thị Lan" in page
    assert f"(extracted: {deadline.start or '…'} – {deadline.end})" in page
    with store.session() as s:  # the extracted row is as it was: the correction sits beside it
        assert s.get(store_module.DeadlineRow, deadline.id).end == deadline.end
        assert s.scalar(select(Correction.author)) == "Nguyễn Thị Lan"
    due = {t.uid: t.due for t in tracker.query(store)}
    assert due[task.uid] == "2031-03-31"
    assert [t.uid for t in tracker.query(store, due_after="2031-01-01")] == [task.uid]

    # re-ingest by a new extractor: every extracted row is replaced, the correction still applies
    monkeypatch.setattr(store_module, "EXTRACTOR_VERSION", "999.0")
    assert ingest(store, files).replaced == len(DOCS)
    again = _doc(store, "synth-ct-ubnd-thanh-hoa.txt")
    assert again.extractor_version == "999.0"  # its rows are new ones
    assert "2031-03-31" in client.get(f"/doc/{again.id}").text
    assert {t.uid: t.due for t in tracker.query(store)}[task.uid] == "2031-03-31"

    # and from another file of the same document (its identity: type, number, scope, date)
    copy = tmp_path / "other" / "ct-07-thanh-hoa.txt"
    copy.parent.mkdir()
    copy.write_text(files[0].read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    assert ingest(store, [copy]).superseded == 1
    third = _doc(store, "ct-07-thanh-hoa.txt")
    assert document_key(third) == document_key(doc)
    assert "2031-03-31" in client.get(f"/doc/{third.id}").text
    assert {t.uid: t.due for t in tracker.query(store)}[task.uid] == "2031-03-31"
    run = run_cli("tasks", "--doc", str(copy), "--format", "json", "--db", str(store.url))
    assert run.returncode == 0, run.stderr
    assert {t["uid"]: t["due"] for t in json.loads(run.stdout)}[task.uid] == "2031-03-31"
    # an export written half by a child (issue 15) carries the corrected tasks where one process puts them
    fresh = Store(str(store.url))
    if tracker._forks(fresh):
        when = datetime(2031, 1, 1, tzinfo=UTC)
        for threshold in (1, 10**9):
            buf = io.BytesIO()
            tracker.export("ics", fresh, lambda b=buf: contextlib.nullcontext(b), now=when, parallel_from=threshold)
            assert buf.getvalue() == tracker.to_ics(tracker.query(fresh), now=when)
            assert b"DUE;VALUE=DATE:20310331" in buf.getvalue()
    # the halves met at the corrected document and at the one after it: each task in one half, in order
    every = tracker.query(fresh)
    with fresh.session() as s:
        keys = sorted((d.date or "", d.id) for d in s.scalars(select(Document)))
    at = keys.index((third.date or "", third.id))
    for key in keys[at:at + 2]:
        halves = [*tracker._tasks(fresh, {}, before=key), *tracker._tasks(fresh, {}, after=key)]
        assert halves == every


def test_wrong_edit_and_add(site):
    client, store, _ = site
    doc = _doc(store, "seed-003.txt")
    graph = client.get(f"/graph/{doc.node_id}", params={"depth": 1, "direction": "out"}).text
    inspected = {t.uid for t in tracker.query(store, unit="thanh tra so")}
    first = doc.mentions[0]
    ref_key = f"{first.span_start}-{first.span_end}"
    with store.session() as s:
        stated = s.scalar(select(func.count()).select_from(Edge).where(Edge.mention_id == first.id))
    _post(client, doc.id, kind="reference", action="wrong", item=ref_key, author="Lan")
    second = doc.mentions[1]
    _post(client, doc.id, kind="reference", action="edit", item=f"{second.span_start}-{second.span_end}",
          author="Lan", v_relation="implements", v_id=second.cited_id or "", v_date=second.date or "")
    # a missed reference, given as written: its span is found in the text, its page from its neighbours
    missed = "Kế hoạch cải cách hành chính"
    assert missed in doc.clean_text
    _post(client, doc.id, kind="reference", action="add", author="Lan", v_text=missed, v_relation="mentions")
    task = doc.tasks[0]
    lead = next(a for a in task.assignments if a.role == "lead")
    _post(client, doc.id, kind="unit", action="edit", item=f"{task.uid}|lead|{lead.written}", author="Lan",
          v_name="Văn phòng Sở", v_role="lead")
    _post(client, doc.id, kind="unit", action="add", author="Lan", v_task=task.uid, v_name="Thanh tra Sở",
          v_role="support")
    _post(client, doc.id, kind="task", action="wrong", item=doc.tasks[1].uid, author="Lan")
    _post(client, doc.id, kind="task", action="add", author="Lan", v_description="Tổ chức tập huấn nghiệp vụ",
          v_lead="Phòng Quản lý chuyên ngành", v_deadline_text="Quý II năm 2023", v_deadline_start="2023-04-01",
          v_deadline_end="2023-06-30")

    shown = review_of(store, doc)
    assert [r.status for r in shown.references[:2]] == ["wrong", "edited"]
    assert shown.references[1].value["relation"] == "implements"
    added = shown.references[-1]
    at = doc.clean_text.index(missed)
    assert added.status == "added" and added.value["span"] == [at, at + len(missed)]
    page = client.get(f"/doc/{doc.id}").text
    assert marked_text(page, dom_id("reference", added.key)) == missed  # highlighted where it is written
    assert "st-wrong" in _marked(page).classes[dom_id("reference", ref_key)]

    out = {t.uid: t for t in tracker.query(store, doc=f"#{doc.id}")}
    assert doc.tasks[1].uid not in out
    assert out[task.uid].lead[0] == "Văn phòng Sở" and "Thanh tra Sở" in out[task.uid].support
    new = [t for t in out.values() if t.description == "Tổ chức tập huấn nghiệp vụ"]
    assert len(new) == 1 and new[0].due == "2023-06-30" and new[0].lead == ["Phòng Quản lý chuyên ngành"]
    assert task.uid not in inspected
    assert {t.uid for t in tracker.query(store, unit="thanh tra so")} == inspected - {doc.tasks[1].uid} | {task.uid}

    gold = client.get(f"/doc/{doc.id}/gold.json").json()
    assert len(gold["references"]) == len(doc.mentions)  # one marked wrong, one added
    assert gold["references"][0]["text"] == second.text and gold["references"][0]["relation"] == "implements"
    assert gold["references"][-1]["span"] == [at, at + len(missed)]
    assert len(gold["tasks"]) == len(doc.tasks)  # one marked wrong, one added
    assert gold["tasks"][0]["lead"][0] == "Văn phòng Sở"
    assert gold["corrections"] == 7

    # the graph around the document no longer draws the edges the reference marked wrong stated
    after = client.get(f"/graph/{doc.node_id}", params={"depth": 1, "direction": "out"}).text
    assert stated and _edges(after) == _edges(graph) - stated
    assert "(corrected)" in after

    assert "Lan" in client.get("/corrections").text


def _cited_by(store: Store, ident: str, doc_id: int) -> list[tuple[str, str]]:
    """(relation, text) of every citation ``cites IDENT`` lists from document ``doc_id``."""
    from extract.graph import cites

    try:
        _, grouped = cites(store, ident)
    except Exception:  # noqa: BLE001 - no node of that name: nobody cites it
        return []
    return sorted((r, c.text) for r, cs in grouped.items() for c in cs if c.document["id"] == doc_id)


def _stated(store: Store, doc_id: int) -> set[tuple[str, str]]:
    """(relation, cited id) of every citation ``refs #DOC`` lists."""
    from extract.graph import refs

    return {(c.relation, c.target["id"]) for c in refs(store, f"#{doc_id}")[1] if not c.via_of}


def test_reference_corrections_change_the_citation_graph_everywhere(site, monkeypatch):
    """cites, refs, top-cited, the networkx graph and the CLI show the references as reviewed — one
    marked wrong cites nothing, an edited one its corrected relation and document, an added one is
    cited — and a re-ingest by a new extractor keeps it so; the extracted mentions stay as they were."""
    from extract.corrections import correct
    from extract.graph import graph

    client, store, files = site
    doc = _doc(store, "real-017-qd-1666-2020.txt")
    once = [m for m in doc.mentions if m.cited_id and m.of_position is None
            and sum(x.cited_id == m.cited_id for x in doc.mentions) == 1]
    assert len(once) >= 2
    gone, moved = once[0], once[1]
    assert _cited_by(store, gone.cited_id, doc.id) == [(gone.relation, gone.text)]
    before = _stated(store, doc.id)

    correct(store, doc.id, "reference", "wrong", item=f"{gone.span_start}-{gone.span_end}", author="Lan")
    correct(store, doc.id, "reference", "edit", {"id": "99/2030/NĐ-CP", "type": "nghi_dinh", "relation": "amends"},
            item=f"{moved.span_start}-{moved.span_end}", author="Lan")
    correct(store, doc.id, "reference", "add", {"text": "Thông tư số 12/2029/TT-BTC", "type": "thong_tu",
                                                "id": "12/2029/TT-BTC", "relation": "guides"}, author="Lan")

    def check() -> None:
        current = _doc(store, "real-017-qd-1666-2020.txt")
        assert _cited_by(store, gone.cited_id, current.id) == []
        assert _cited_by(store, "99/2030/NĐ-CP", current.id) == [("amends", moved.text)]
        assert _cited_by(store, "tt 12/2029", current.id) == [("guides", "Thông tư số 12/2029/TT-BTC")]
        if sum(m.cited_id == moved.cited_id for m in current.mentions) == 1:
            assert _cited_by(store, moved.cited_id, current.id) == []
        stated = _stated(store, current.id)
        assert stated == before - {(gone.relation, gone.cited_id), (moved.relation, moved.cited_id)} | {
            ("amends", "99/2030/NĐ-CP"), ("guides", "12/2029/TT-BTC")}
        g = graph(store)
        own = f"n{current.node_id}"
        out = {(d["relation"], g.nodes[t].get("id")) for _, t, d in g.out_edges(own, data=True) if not d["via_of"]}
        assert out == stated
        run = run_cli("refs", f"#{current.id}", "--json", "--db", str(store.url))
        assert run.returncode == 0, run.stderr
        assert "12/2029/TT-BTC" in run.stdout.decode() and "99/2030/NĐ-CP" in run.stdout.decode()
        with store.session() as s:  # the extracted mentions are as extracted
            rows = s.scalars(select(store_module.Mention).where(store_module.Mention.document_id == current.id,
                                                                 store_module.Mention.correction_id.is_(None))).all()
            assert [(m.cited_id, m.relation) for m in rows] == [(m.cited_id, m.relation) for m in doc.mentions]
        page = client.get(f"/graph/{current.node_id}", params={"depth": 1, "direction": "out"}).text
        assert page.count("(corrected)") >= 2  # the edited and the added one

    check()
    monkeypatch.setattr(store_module, "EXTRACTOR_VERSION", "999.0")
    assert ingest(store, files).replaced == len(DOCS)
    check()


def _edges(html: str) -> int:
    return html.split("<svg", 1)[1].split("</svg>")[0].count('class="edge')


def marked_text(html: str, item: str) -> str:
    return _marked(html).items[item]


def test_bad_corrections_are_refused_with_a_reason(site):
    client, store, _ = site
    doc = _doc(store, "synth-ct-ubnd-thanh-hoa.txt")
    task, deadline = _first_dated_deadline(doc)
    where = _post(client, doc.id, kind="deadline", action="edit", item=f"{task.uid}|{deadline.text}", author="Lan",
                  v_text=deadline.text, v_end="31/12/2024", v_ongoing_present="1")
    assert "error=" in where
    assert "YYYY-MM-DD" in client.get(where).text
    assert "has no task" in client.get(_post(client, doc.id, kind="task", action="wrong", item="nope",
                                             author="Lan")).text
    assert "nothing was changed" in client.get(_post(client, doc.id, kind="unit", action="edit", author="Lan",
                                                     item=f"{task.uid}|lead|{task.assignments[0].written}",
                                                     v_name=task.assignments[0].written,
                                                     v_role=task.assignments[0].role)).text
    other = client.post(f"/doc/{doc.id}/correct", data={"kind": "task", "action": "wrong", "item": task.uid},
                        headers={"origin": "http://evil.example"}, follow_redirects=False)
    assert other.status_code == 403
    with store.session() as s:
        assert s.scalar(select(Correction.id)) is None  # nothing of these was kept
    assert client.get("/doc/999999").status_code == 404


def test_gold_export_is_read_by_eval(site, tmp_path):
    client, store, files = site
    doc = _doc(store, "synth-ct-ubnd-thanh-hoa.txt")
    corpus, gold_dir = tmp_path / "docs", tmp_path / "gold"
    corpus.mkdir()
    shutil.copy(files[0], corpus / files[0].name)
    out = gold_dir / "synth-ct-ubnd-thanh-hoa.gold.json"
    run = run_cli("gold", "export", str(files[0]), "-o", str(out), "--db", str(store.url))
    assert run.returncode == 0, run.stderr
    assert "0 corrections applied" in run.stderr.decode()

    def scores() -> dict:
        ev = run_cli("eval", str(corpus), "--gold", str(gold_dir), "--json")
        assert ev.returncode == 0, ev.stderr
        return json.loads(ev.stdout)["scores"]

    clean = scores()
    assert clean["tasks"]["f1"] == 1.0 and clean["tasks.deadlines"]["f1"] == 1.0 and clean["references"]["f1"] == 1.0
    task, deadline = _first_dated_deadline(doc)
    _post(client, doc.id, kind="deadline", action="edit", item=f"{task.uid}|{deadline.text}", author="Lan",
          v_text=deadline.text, v_end="2031-03-31", v_ongoing_present="1")
    _post(client, doc.id, kind="task", action="wrong", item=doc.tasks[-1].uid, author="Lan")
    run = run_cli("gold", "export", f"#{doc.id}", "-o", str(out), "--db", str(store.url))
    assert run.returncode == 0 and "2 corrections applied" in run.stderr.decode()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "vanban.extraction/1" and {"document", "references", "tasks"} <= data.keys()
    corrected = scores()
    # the extractor now disagrees with the gold on exactly what was corrected
    assert corrected["tasks"]["fp"] == 1 and corrected["tasks"]["fn"] == 0
    extra = sum(1 for d in doc.tasks[-1].deadlines if d.start or d.end)  # of the task marked wrong
    assert corrected["tasks.deadlines.dated"]["fn"] == 1 and corrected["tasks.deadlines.dated"]["fp"] == 1 + extra
    stdout = run_cli("gold", "export", f"#{doc.id}", "--db", str(store.url))
    assert json.loads(stdout.stdout) == data
    missing = run_cli("gold", "export", "no/such/doc.txt", "--db", str(store.url))
    assert missing.returncode == 1 and "no stored document" in missing.stderr.decode()


# -- the server as a user starts it -----------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_bad_db_and_port_in_use_are_one_line_errors(tmp_path):
    missing = run_cli("serve", "--db", f"sqlite:///{tmp_path / 'nope' / 'x.db'}")
    assert missing.returncode == 1
    assert missing.stderr.decode().strip().count("\n") == 0 and "no such database file" in missing.stderr.decode()
    assert not (tmp_path / "nope").exists()
    bad = run_cli("serve", "--db", "not a url")
    assert bad.returncode == 1 and "not a database URL" in bad.stderr.decode()
    url = f"sqlite:///{tmp_path / 'ok.db'}"
    Store(url)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = run_cli("serve", "--db", url, "--port", str(port))
    assert busy.returncode == 1
    assert busy.stderr.decode().strip().count("\n") == 0 and f"port {port} on 127.0.0.1 is in use" in busy.stderr.decode()


class Server:
    """`vanban serve` in a subprocess on a free port, until stopped."""

    def __init__(self, url: str):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "extract", "serve", "--db", url, "--port", str(self.port)],
                                     cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        import httpx

        deadline = time.monotonic() + 60
        while True:  # until it answers (or has died): readiness, not a guess at how long it takes
            if self.proc.poll() is not None:
                raise AssertionError(self.proc.stderr.read().decode())
            try:
                httpx.get(self.base + "/", timeout=5)
                return
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError("vanban serve did not answer within 60 s") from None
                time.sleep(0.1)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def test_serve_answers_over_http_with_packaged_assets(tmp_path):
    import httpx

    url = f"sqlite:///{tmp_path / 'served.db'}"
    _fill(url, tmp_path)
    server = Server(url)
    try:
        page = httpx.get(server.base + "/").text
        assert "seed-003.txt" in page
        css = httpx.get(server.base + "/static/vanban.css")
        assert css.status_code == 200 and ".hl-reference" in css.text
        assert httpx.get(server.base + "/static/vanban.js").status_code == 200
    finally:
        server.stop()


def test_every_asset_ships_in_the_package():
    """Works offline: no page or asset loads anything from another host."""
    web = ROOT / "extract" / "web"
    for path in [*web.glob("templates/*.html"), *web.glob("static/*")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", text), path
        assert "@import" not in text and "url(http" not in text, path
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"extract.web"' in pyproject and "templates/*.html" in pyproject and "static/*" in pyproject


def test_corrections_migration_matches_the_model(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from extract.migrations import upgrade

    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    with store.engine.connect() as c:
        assert compare_metadata(MigrationContext.configure(c), store_module.Base.metadata) == []
    from alembic import command

    from extract.migrations import config

    with store.engine.begin() as connection:
        cfg = config(store.engine)
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0002")
    with store.engine.connect() as c:
        assert "corrections" not in c.dialect.get_table_names(c)
    upgrade(store.engine)
    with store.engine.connect() as c:
        assert "corrections" in c.dialect.get_table_names(c)


@pytest.mark.parametrize("command", [("serve",), ("gold", "export")])
def test_new_commands_have_help_with_an_example(command):
    r = run_cli(*command, "--help")
    assert r.returncode == 0 and "Example: vanban " + " ".join(command) in r.stdout.decode()


def test_corrections_on_postgresql(postgres, tmp_path):
    from extract.corrections import correct

    store = Store(postgres())
    shutil.copy(CORPUS / DOCS[0], tmp_path / DOCS[0])
    assert ingest(store, [tmp_path / DOCS[0]]).ingested == 1
    doc = _doc(store, DOCS[0])
    task, deadline = _first_dated_deadline(doc)
    correct(store, doc.id, "deadline", "edit", {"end": "2031-03-31"}, item=f"{task.uid}|{deadline.text}",
            author="Nguyễn Thị Lan")
    assert {t.uid: t.due for t in tracker.query(store)}[task.uid] == "2031-03-31"
    with TestClient(create_app(store)) as client:
        assert "2031-03-31" in client.get(f"/doc/{doc.id}").text
    # a reference's correction makes the document's edges again (under PostgreSQL's write lock)
    cited = next(m for m in doc.mentions if m.cited_id and m.of_position is None)
    correct(store, doc.id, "reference", "edit", {"relation": "repeals"}, item=f"{cited.span_start}-{cited.span_end}",
            author="Nguyễn Thị Lan")
    assert ("repeals", cited.text) in _cited_by(store, cited.cited_id, doc.id)
