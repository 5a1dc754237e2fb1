"""The store on SQLite and PostgreSQL: idempotent, atomic ingest; graph queries; tracker exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys

import networkx as nx
import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from extract import graph as g
from extract import store as store_module
from extract import tracker
from extract.batch import ingest
from extract.errors import StoreError, VanbanError
from extract.pipeline import extract, extract_bytes
from extract.store import Base, Document, Store, fold

from .conftest import CORPUS, run_cli

# Two documents written for these tests: a provincial decision replacing an older one, and a
# district plan that still cites the replaced decision three months later.
REPLACING = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 15/2023/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nghệ An, ngày 10 tháng 3 năm 2023

QUYẾT ĐỊNH
Ban hành Quy định quản lý cụm công nghiệp trên địa bàn tỉnh Nghệ An

ỦY BAN NHÂN DÂN TỈNH NGHỆ AN

Căn cứ Nghị định số 32/2024/NĐ-CP ngày 15 tháng 3 năm 2024 của Chính phủ về quản lý, phát triển cụm công nghiệp;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Quy định quản lý cụm công nghiệp trên địa bàn tỉnh Nghệ An.

Điều 2. Quyết định này có hiệu lực từ ngày 20 tháng 3 năm 2023 và thay thế Quyết định số 08/2020/QĐ-UBND \
ngày 05 tháng 02 năm 2020 của Ủy ban nhân dân tỉnh Nghệ An.

Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Công Thương và các đơn vị liên quan chịu trách \
nhiệm thi hành Quyết định này.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Đệ
"""

STILL_CITING = """ỦY BAN NHÂN DÂN
HUYỆN NGHI LỘC
Số: 412/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nghi Lộc, ngày 02 tháng 6 năm 2023

KẾ HOẠCH
Phát triển cụm công nghiệp huyện Nghi Lộc năm 2023

Căn cứ Quyết định số 08/2020/QĐ-UBND ngày 05 tháng 02 năm 2020 của Ủy ban nhân dân tỉnh Nghệ An ban hành \
Quy định quản lý cụm công nghiệp;
Ủy ban nhân dân huyện ban hành Kế hoạch như sau:

1. Phòng Kinh tế và Hạ tầng chủ trì, phối hợp với Phòng Tài chính - Kế hoạch rà soát quy hoạch cụm công \
nghiệp, hoàn thành trước ngày 30/9/2023.

2. Ủy ban nhân dân các xã định kỳ hàng quý báo cáo tình hình thực hiện về Phòng Kinh tế và Hạ tầng.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Hải
"""


@pytest.fixture(scope="module")
def corpus_extractions():
    docs = sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".md"})
    return [extract(p) for p in docs]


@pytest.fixture(scope="module")
def pair():
    return [extract_bytes(REPLACING.encode(), "qd-15-2023.txt"), extract_bytes(STILL_CITING.encode(), "kh-412.txt")]


def counts(store: Store) -> dict[str, int]:
    with store.session() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


# -- ingest ------------------------------------------------------------------------------------------

def test_ingest_twice_gives_identical_row_counts(store_url, corpus_extractions):
    store = Store(store_url)
    outcomes = [store.ingest(ex) for ex in corpus_extractions]
    assert outcomes == ["ingested"] * len(corpus_extractions)
    first = counts(store)
    assert first["documents"] == len(corpus_extractions)
    assert first["reference_mentions"] == sum(len(ex.references) for ex in corpus_extractions)
    assert first["tasks"] == sum(len(ex.tasks) for ex in corpus_extractions)
    assert [store.ingest(ex) for ex in corpus_extractions] == ["skipped"] * len(corpus_extractions)
    assert counts(Store(store_url)) == first


def test_new_extractor_version_replaces_rows(store_url, corpus_extractions, monkeypatch):
    store = Store(store_url)
    docs = corpus_extractions[:6]
    for ex in docs:
        store.ingest(ex)
    before = counts(store)
    with store.session() as s:
        uids = sorted(s.scalars(select(store_module.TaskRow.uid)))
    monkeypatch.setattr(store_module, "EXTRACTOR_VERSION", "999.0")
    assert [store.ingest(ex) for ex in docs] == ["replaced"] * len(docs)
    assert counts(store) == before
    with store.session() as s:
        assert set(s.scalars(select(Document.extractor_version))) == {"999.0"}
        assert sorted(s.scalars(select(store_module.TaskRow.uid))) == uids  # tracker UIDs survive


def test_crash_mid_document_leaves_store_as_before(store_url, corpus_extractions, monkeypatch):
    store = Store(store_url)
    store.ingest(corpus_extractions[0])
    before = counts(store)
    with pytest.raises(RuntimeError, match="injected"):
        store.ingest(corpus_extractions[1], _fail_after_document=True)
    assert counts(store) == before
    # a failed replacement keeps the old rows, old version included
    monkeypatch.setattr(store_module, "EXTRACTOR_VERSION", "999.0")
    with pytest.raises(RuntimeError):
        store.ingest(corpus_extractions[0], _fail_after_document=True)
    assert counts(store) == before
    with store.session() as s:
        assert s.scalar(select(Document.extractor_version)) != "999.0"


def test_unreadable_file_is_recorded_and_skipped(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    good, bad, gone = tmp_path / "a.txt", tmp_path / "b.pdf", tmp_path / "missing.txt"
    good.write_text(STILL_CITING, encoding="utf-8")
    bad.write_bytes(b"%PDF-1.7 truncated")
    report = ingest(store, [bad, good, gone])
    assert report.ingested == 1 and [p for p, _ in report.failed] == [str(bad), str(gone)]
    assert store.stats()["errors"] == 2 and store.stats()["documents"] == 1
    assert ingest(store, [good]).skipped == 1


# -- graph ---------------------------------------------------------------------------------------

def _answers(store: Store) -> dict:
    """Graph answers by label (row ids may differ between backends)."""
    nodes, grouped = g.cites(store, "nd 146/2018")
    out = {
        # rows in the order the commands print them: the same on both backends
        "cites": {rel: [(c.source["label"], c.document["number"], c.mentions) for c in cs]
                  for rel, cs in grouped.items()},
        "matches": sorted(g.label(n) for n in nodes),
        "top": [(r["label"], r["count"], r["mentions"]) for r in g.top_cited(store, 15)],
        "unresolved": [(r["label"], r["count"], r["mentions"]) for r in g.unresolved(store)],
        "refs": [(c.relation, c.target["label"], c.via_of) for c in g.refs(store, "kh-412.txt")[1]],
    }
    for direction in ("in", "out", "both"):
        sub = g.graph(store, "146/2018/NĐ-CP", depth=2, direction=direction)
        out[direction] = (sorted(d["label"] for _, d in sub.nodes(data=True)), sub.number_of_edges())
    return out


def test_graph_queries_agree_on_sqlite_and_postgresql(tmp_path, postgres, corpus_extractions, pair):
    answers = []
    for url in (f"sqlite:///{tmp_path / 'v.db'}", postgres()):
        store = Store(url)
        for ex in corpus_extractions + pair:
            store.ingest(ex)
        answers.append(_answers(store))
    assert answers[0] == answers[1]
    a = answers[0]
    assert a["matches"] == ["146/2018/NĐ-CP"]
    assert "guides" in a["cites"]  # "Nghị định 146/2018 hướng dẫn Luật BHYT": an edge between cited documents
    assert a["in"][0] != a["out"][0] and set(a["in"][0]) | set(a["out"][0]) <= set(a["both"][0])


def test_user_written_ids_find_the_same_node(tmp_path, pair):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    for ex in pair:
        store.ingest(ex)
    with store.session() as s:
        for query in ("08/2020/QĐ-UBND", "08/2020/qd-ubnd", "qd 08/2020", "Quyết định 08/2020", "08/2020"):
            assert [n.cited_id for n in g.find_nodes(s, query)] == ["08/2020/QĐ-UBND"], query
        assert [n.cited_id for n in g.find_nodes(s, "nđ 32/2024")] == ["32/2024/NĐ-CP"]
        assert g.find_nodes(s, "tt 32/2024") == []
        assert g.find_document(s, "412/KH-UBND").path == "kh-412.txt"
        assert g.find_document(s, "kh-412.txt").number == "412/KH-UBND"
    assert fold("Nghị định 59/2019/NĐ-CP") == "NGHI DINH 59/2019/ND-CP"


def test_ingested_document_is_the_node_it_was_cited_as(tmp_path, pair):
    # whichever comes first: cited, then ingested — and ingested, then cited
    for order in (pair, pair[::-1]):
        store = Store(f"sqlite:///{tmp_path / f'{len(order)}-{order[0].source.path}.db'}")
        for ex in order:
            store.ingest(ex)
        with store.session() as s:
            doc = g.find_document(s, "15/2023/QĐ-UBND")
            assert doc.node_id is not None
            assert len(g.find_nodes(s, "15/2023/QĐ-UBND")) == 1


def test_citing_a_replaced_document_is_flagged(tmp_path, pair):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    for ex in pair:
        store.ingest(ex)
    _, citations = g.refs(store, "412/KH-UBND")
    stale = [c for c in citations if c.stale]
    assert [(c.target["label"], c.stale) for c in stale] == [
        ("08/2020/QĐ-UBND", "replaced by 15/2023/QĐ-UBND on 2023-03-10")]
    # the replacing decision itself is not flagged for naming what it replaces
    assert not [c for c in g.refs(store, "15/2023/QĐ-UBND")[1] if c.stale]
    shown = g.show(store, "15/2023/QĐ-UBND")
    assert shown.ended_by == [] and shown.tasks == 0


def test_graphml_loads_in_networkx_with_every_node_and_edge(tmp_path, corpus_extractions, pair):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    for ex in corpus_extractions + pair:
        store.ingest(ex)
    stats = store.stats()
    path = tmp_path / "g.graphml"
    path.write_text(g.render_graph(g.graph(store), "graphml"), encoding="utf-8")
    loaded = nx.read_graphml(path)
    assert loaded.number_of_nodes() == stats["nodes"] and loaded.number_of_edges() == stats["edges"]
    relations = {d["relation"] for _, _, d in loaded.edges(data=True)}
    assert {"based_on", "replaces", "mentions"} <= relations
    around = g.graph(store, "08/2020/QĐ-UBND", depth=1, direction="in")
    assert sorted(d["label"] for _, d in around.nodes(data=True)) == [
        "08/2020/QĐ-UBND", "15/2023/QĐ-UBND", "412/KH-UBND"]
    dot = g.render_graph(around, "dot")
    assert dot.startswith("digraph") and 'label=replaces' in dot
    assert nx.node_link_graph(__import__("json").loads(g.render_graph(around, "json")), edges="edges")


def test_streamed_graph_is_networkxs_and_loads_in_networkx(tmp_path, corpus_extractions, pair):
    # issue 15: GraphML and JSON written row by row, never the whole graph held — the same text as
    # networkx writes for the graph, and networkx reads it back
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    for ex in corpus_extractions + pair:
        store.ingest(ex)
    stats = store.stats()
    for root, depth, direction in ((None, 2, "both"), ("08/2020/QĐ-UBND", 1, "in"), ("146/2018/NĐ-CP", 2, "out"),
                                   ("146/2018/NĐ-CP", 0, "both")):
        around = g.graph(store, root, depth, direction)
        for fmt in ("graphml", "json", "dot"):
            out = io.StringIO()
            g.write_graph(store, out, fmt, root, depth, direction)
            assert out.getvalue() == g.render_graph(around, fmt) + "\n", (root, fmt)
    path = tmp_path / "streamed.graphml"
    g.write_graph(store, path, "graphml")
    loaded = nx.read_graphml(path)
    assert loaded.number_of_nodes() == stats["nodes"] and loaded.number_of_edges() == stats["edges"]
    assert nx.node_link_graph(json.loads(run_cli("graph", "--db", store.url).stdout), edges="edges")
    with pytest.raises(VanbanError, match="no cited or stored document"):
        g.write_graph(store, tmp_path / "none.graphml", "graphml", "999/2099/QĐ-XYZ")
    assert not (tmp_path / "none.graphml").exists()  # nothing written for a document that is not there


def test_an_empty_store_streams_an_empty_graph(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    for fmt in ("graphml", "json"):
        out = io.StringIO()
        g.write_graph(store, out, fmt)
        assert out.getvalue() == g.render_graph(g.graph(store), fmt) + "\n"


def test_schema_revision_is_alembics_head():
    # the store checks its schema with one query against this constant, Alembic only when it differs
    from alembic.script import ScriptDirectory

    from extract.migrations import config

    assert ScriptDirectory.from_config(config()).get_heads() == [store_module.SCHEMA_REVISION]


# -- tracker exports ---------------------------------------------------------------------------------

def test_ics_round_trips_through_icalendar(tmp_path, pair, monkeypatch):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    for ex in pair:
        store.ingest(ex)
    tasks = tracker.query(store)
    assert [t.lead for t in tasks] == [["Phòng Kinh tế và Hạ tầng"], ["Ủy ban nhân dân các xã"]]
    cal = Calendar.from_ical(tracker.to_ics(tasks))
    todos = cal.walk("VTODO")
    assert len(todos) == 2
    first, second = todos
    assert str(first["due"].dt) == "2023-09-30" and "412/KH-UBND" in str(first["description"])
    assert "Phối hợp: Phòng Tài chính - Kế hoạch" in str(first["description"])
    assert dict(second["rrule"]) == {"FREQ": ["MONTHLY"], "INTERVAL": [3]}
    uids = [str(t["uid"]) for t in todos]
    monkeypatch.setattr(store_module, "EXTRACTOR_VERSION", "999.0")
    for ex in pair:
        assert store.ingest(ex) == "replaced"
    again = Calendar.from_ical(tracker.to_ics(tracker.query(store))).walk("VTODO")
    assert [str(t["uid"]) for t in again] == uids


def test_task_filters_and_csv(tmp_path, pair):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    for ex in pair:
        store.ingest(ex)
    assert len(tracker.query(store, unit="phong kinh te")) == 1
    assert len(tracker.query(store, unit="Tài chính")) == 1  # supporting units count
    assert len(tracker.query(store, due_before="2023-10-01")) == 1
    # the quarterly task of a plan for 2023 runs to the end of 2023 (SPEC rule 4)
    assert [t.recurrence for t in tracker.query(store, due_after="2023-10-01")] == ["quarterly"]
    assert len(tracker.query(store, overdue=True, today="2024-01-01")) == 1  # the recurring one is not overdue
    assert tracker.query(store, overdue=True, today="2023-06-01") == []
    assert len(tracker.query(store, doc="412/KH-UBND")) == 2
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        tracker.query(store, due_before="30/9/2023")
    rows = list(csv.DictReader(io.StringIO(tracker.to_csv(tracker.query(store)))))
    assert list(rows[0]) == tracker.CSV_COLUMNS and rows[0]["due"] == "2023-09-30"
    assert rows[0]["support"] == "Phòng Tài chính - Kế hoạch" and rows[1]["recurrence"] == "quarterly"


def test_sqlite_file_is_plain_tables_with_foreign_keys(tmp_path, pair):
    path = tmp_path / "v.db"
    store = Store(f"sqlite:///{path}")
    for ex in pair:
        store.ingest(ex)
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert {"documents", "nodes", "edges", "reference_mentions", "tasks", "task_assignments", "deadlines", "units",
            "unit_aliases", "ingest_errors"} <= tables
    for table in tables - {"alembic_version"}:
        types = {r[2].upper() for r in con.execute(f"pragma table_info({table})")}
        assert "BLOB" not in types, table
    assert {r[2] for r in con.execute("pragma foreign_key_list(edges)")} == {"nodes", "documents",
                                                                              "reference_mentions"}
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"


# -- the commands --------------------------------------------------------------------------------

def test_graph_and_task_commands(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "qd-15-2023.txt").write_text(REPLACING, encoding="utf-8")
    (folder / "kh-412.txt").write_text(STILL_CITING, encoding="utf-8")
    (folder / "cv-77.txt").write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 77/UBND-TH\nNghệ An, ngày 01 tháng 4 năm 2023\nV/v rà soát quy định\n"
        "Kính gửi: Sở Tư pháp\nQuyết định số 08/2020/QĐ-UBND ngày 05 tháng 02 năm 2020 của Ủy ban nhân dân tỉnh đã "
        "hết hiệu lực. Đề nghị Sở Tư pháp rà soát các văn bản còn dẫn Quyết định số 08/2020/QĐ-UBND.\n",
        encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'v.db'}"
    assert run_cli("ingest", str(folder), "--db", db, "-q").returncode == 0
    r = run_cli("cites", "qd 08/2020", "--db", db)
    assert r.returncode == 0 and "replaces" in r.stdout.decode() and "based_on" in r.stdout.decode()
    assert "cited by 3 documents (4 mentions)" in r.stdout.decode()
    r = run_cli("cites", "qd 08/2020", "--json", "--db", db)
    assert (json.loads(r.stdout)["documents"], json.loads(r.stdout)["mentions"]) == (3, 4)
    r = run_cli("top-cited", "-n", "1", "--db", db)
    row = [x for x in r.stdout.decode().splitlines() if "08/2020/QĐ-UBND" in x]
    assert row and row[0].split("│")[-3:-1] == [" " * 8 + "3 ", " " * 8 + "4 "]
    r = run_cli("refs", "412/KH-UBND", "--db", db)
    assert "replaced by 15/2023/QĐ-UBND" in r.stdout.decode().replace("\n", " ").replace("│", "")
    r = run_cli("show", "kh-412.txt", "--db", db)
    assert r.returncode == 0 and "cites 08/2020/QĐ-UBND, replaced by" in r.stdout.decode()
    r = run_cli("unresolved", "--db", db)
    assert "08/2020/QĐ-UBND" in r.stdout.decode() and "412/KH-UBND" not in r.stdout.decode()
    r = run_cli("graph", "--root", "nd 32/2024", "--depth", "1", "--format", "graphml", "--db", db)
    assert nx.parse_graphml(r.stdout.decode()).number_of_nodes() == 2
    r = run_cli("tasks", "--format", "ics", "--unit", "xã", "--db", db)
    assert len(Calendar.from_ical(r.stdout).walk("VTODO")) == 1
    r = run_cli("show", "99/2099/QĐ-UBND", "--db", db)
    assert r.returncode == 1 and r.stderr.decode().count("\n") == 1 and "no stored document" in r.stderr.decode()
    r = run_cli("tasks", "--due-before", "tomorrow", "--db", db)
    assert r.returncode == 1 and "YYYY-MM-DD" in r.stderr.decode()


def test_a_document_is_known_by_the_scope_its_own_references_take(tmp_path):
    # the header names no province ("ỦY BAN NHÂN DÂN TỈNH", place "Đà Lạt"); the text names it: the
    # document's node and the node its neighbour cites are one (extract.ids: one definition of scope)
    plan = ("ỦY BAN NHÂN DÂN TỈNH\nSố: 10/QĐ-UBND\nĐà Lạt, ngày 05 tháng 01 năm 2026\nQUYẾT ĐỊNH\nVề việc giao chỉ "
            "tiêu\nCăn cứ Quyết định số 01/QĐ-UBND ngày 02/01/2026;\nĐiều 1. Giao chỉ tiêu cho các xã của tỉnh Lâm Đồng."
            "\nĐiều 2. Các sở, ngành tỉnh Lâm Đồng thực hiện.\n")
    letter = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 20/UBND-TH\nLâm Đồng, ngày 10 tháng 01 năm 2026\nV/v triển khai\n"
              "Kính gửi: Sở Tài chính\nThực hiện Quyết định số 10/QĐ-UBND ngày 05/01/2026 của Ủy ban nhân dân tỉnh.\n")
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    for name, text in (("qd-10.txt", plan), ("cv-20.txt", letter)):
        store.ingest(extract_bytes(text.encode(), name))
    with store.session() as s:
        nodes = g.find_nodes(s, "10/QĐ-UBND")
        assert [n.scope for n in nodes] == ["Lâm Đồng"]
        assert g.find_document(s, "10/QĐ-UBND").node_id == nodes[0].id


def test_the_same_document_from_two_files_is_one_document(tmp_path):
    # its text and a second version of it (a corrected typo): one document, the later file's, tasks once
    first = STILL_CITING
    second = STILL_CITING.replace("Kế hoạch", "Kế hoạch", 1) + "\n"
    assert first != second
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    assert store.ingest(extract_bytes(first.encode(), "kh-412.txt")) == "ingested"
    with store.session() as s:
        uids = sorted(s.scalars(select(store_module.TaskRow.uid)))
    assert store.ingest(extract_bytes(second.encode(), "kh-412-v2.txt")) == "superseded"
    assert store.stats()["documents"] == 1
    with store.session() as s:
        assert s.scalars(select(Document.path)).all() == ["kh-412-v2.txt"]
        assert sorted(s.scalars(select(store_module.TaskRow.uid))) == uids  # trackers update, not duplicate
    # both in one batch: the later file wins
    other = Store(f"sqlite:///{tmp_path / 'w.db'}")
    assert other.write([extract_bytes(first.encode(), "a.txt"), extract_bytes(second.encode(), "b.txt")]) == [
        "ingested", "superseded"]
    assert other.stats()["documents"] == 1
    # a draft with a blank number identifies nothing: two drafts stay two documents
    draft = "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố:      /KH-UBND\nNghệ An, ngày      tháng 3 năm 2026\nKẾ HOẠCH\nRà soát\n"
    assert other.write([extract_bytes(draft.encode(), "d1.txt"), extract_bytes((draft + "x\n").encode(), "d2.txt")]) \
        == ["ingested", "ingested"]


# -- units by name and scope (issue 14) --------------------------------------------------------------

def _plan(province: str, number: int) -> str:
    return (f"ỦY BAN NHÂN DÂN\nTỈNH {province.upper()}\nSố: {number}/KH-UBND\n{province}, ngày 05 tháng 3 năm 2026\n"
            "KẾ HOẠCH\nRà soát tài sản công năm 2026\nI. TỔ CHỨC THỰC HIỆN\n"
            "1. Sở Tài chính chủ trì, phối hợp với Bộ Tài chính rà soát tài sản công, hoàn thành trước ngày 30/6/2026.\n"
            f"2. Công an tỉnh {province} kiểm tra việc quản lý tài sản công tại các cơ sở giam giữ.\n")


def _units(store: Store) -> list[tuple[str, str | None]]:
    with store.session() as s:
        return sorted(s.execute(select(store_module.Unit.name, store_module.Unit.scope)).all())


def test_a_unit_is_its_name_and_its_scope(store_url):
    # "Sở Tài chính" of a plan of Lâm Đồng and of one of Nghệ An are two departments; "Bộ Tài chính" is one
    store = Store(store_url)
    for province, number in (("Lâm Đồng", 11), ("Nghệ An", 12)):
        store.ingest(extract_bytes(_plan(province, number).encode(), f"kh-{number}.txt"))
    assert [tuple(u) for u in _units(store)] == [
        ("Bộ Tài chính", "national"), ("Công an tỉnh Lâm Đồng", "Lâm Đồng"), ("Công an tỉnh Nghệ An", "Nghệ An"),
        ("Sở Tài chính", "Lâm Đồng"), ("Sở Tài chính", "Nghệ An")]
    # the filter still matches by name, across provinces
    assert sorted(t.document for t in tracker.query(store, unit="Sở Tài chính")) == ["11/KH-UBND", "12/KH-UBND"]
    # and by name only: no unit is called "national", and "Lâm Đồng" names one of them
    assert tracker.query(store, unit="national") == [] and tracker.query(store, unit="nat") == []
    assert [t.lead for t in tracker.query(store, unit="Lâm Đồng")] == [["Công an tỉnh Lâm Đồng"]]


def test_the_upgrade_splits_the_units_an_older_store_keyed_by_name(tmp_path):
    from alembic import command

    from extract.migrations import config

    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    for province, number in (("Lâm Đồng", 11), ("Nghệ An", 12)):
        store.ingest(extract_bytes(_plan(province, number).encode(), f"kh-{number}.txt"))
    scoped = _units(store)
    with store.engine.begin() as connection:  # the store as revision 0003 left it: one unit per name
        cfg = config(store.engine)
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0003")
        connection.exec_driver_sql("DELETE FROM unit_aliases")
        first: dict[str, int] = {}
        for unit, key in connection.exec_driver_sql("SELECT id, key FROM units ORDER BY id").all():
            name = key.split("|")[0]
            if name in first:
                connection.exec_driver_sql("UPDATE task_assignments SET unit_id = ? WHERE unit_id = ?", (first[name], unit))
                connection.exec_driver_sql("DELETE FROM units WHERE id = ?", (unit,))
            else:
                first[name] = unit
                connection.exec_driver_sql("UPDATE units SET key = ? WHERE id = ?", (name, unit))
        assert connection.exec_driver_sql("SELECT count(*) FROM units WHERE key = 'SO TAI CHINH'").scalar() == 1
    assert len(_units(Store(store.url))) == len(scoped)  # opening it upgrades it
    assert _units(store) == scoped
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(store_module.UnitAlias)) == len(scoped)


# -- user input in filters (issue 16, finding 7) ------------------------------------------------------

def test_like_wildcards_in_user_filters_are_characters(tmp_path, pair):
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    for ex in pair:
        store.ingest(ex)
    store.ingest(extract_bytes(STILL_CITING.replace("412/KH", "413/KH").encode(), "kh-413x.txt"))
    assert len(tracker.query(store)) == 4
    for wildcard in ("%", "_", "%%", "_%_"):
        assert tracker.query(store, unit=wildcard) == [], wildcard
    with store.session() as s:
        for wildcard in ("%", "_", "%.txt", "kh-41_.txt", "%413x.txt"):
            with pytest.raises(VanbanError, match="no stored document matches"):
                g.find_document(s, wildcard)
        assert g.find_document(s, "kh-413x.txt").number == "413/KH-UBND"
        assert g.find_nodes(s, "_/2020") == [] and g.find_nodes(s, "%") == []


@pytest.mark.parametrize("query", ["#999999999999999999999999", "99999999999999999999", "#2147483648"])
def test_ids_beyond_the_integer_range_are_no_such_document(store_url, pair, query):
    store = Store(store_url)
    for ex in pair:
        store.ingest(ex)
    with store.session() as s, pytest.raises(VanbanError, match="no stored document matches"):
        g.find_document(s, query)


# -- faults of the store (issue 16, finding 5) ------------------------------------------------------------

def _one_line_error(r, *words: str) -> str:
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err, err
    return err


def _without_root_powers() -> list[str]:
    """A command prefix under which file modes bind: root ignores them unless it drops its
    capabilities (util-linux ``setpriv``)."""
    import os
    import shutil

    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: file modes cannot be made to bind")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def _cli_as_user(*args: str) -> subprocess.CompletedProcess:
    import sys

    from .conftest import ROOT

    return subprocess.run([*_without_root_powers(), sys.executable, "-m", "extract", *args], cwd=ROOT,
                          capture_output=True, timeout=300)


@pytest.fixture
def small_store(tmp_path):
    """A store with one document, a second document to ingest into it: (db file, new document)."""
    db = tmp_path / "store" / "v.db"
    db.parent.mkdir()
    store = Store(f"sqlite:///{db}")
    store.ingest(extract_bytes(REPLACING.encode(), "qd-15-2023.txt"))
    store.engine.dispose()
    new = tmp_path / "kh-412.txt"
    new.write_text(STILL_CITING, encoding="utf-8")
    return db, new


def test_a_read_only_store_file_is_one_line(small_store):
    db, new = small_store
    db.chmod(0o444)
    try:
        r = _cli_as_user("ingest", str(new), "--db", f"sqlite:///{db}")
        _one_line_error(r, f"sqlite:///{db}: the store is read-only", "allow writing")
        assert _cli_as_user("show", "15/2023/QĐ-UBND", "--db", f"sqlite:///{db}").returncode == 0  # reading works
    finally:
        db.chmod(0o644)
    assert Store(f"sqlite:///{db}").stats()["documents"] == 1


def test_a_read_only_store_folder_is_one_line(small_store):
    db, new = small_store
    db.parent.chmod(0o555)
    try:
        for args in (["ingest", str(new)], ["show", "15/2023/QĐ-UBND"], ["tasks"]):
            _one_line_error(_cli_as_user(*args, "--db", f"sqlite:///{db}"), f"sqlite:///{db}: ")
        _one_line_error(_cli_as_user("ingest", str(new), "--db", f"sqlite:///{db.parent / 'new.db'}"),
                        "cannot open the store")
    finally:
        db.parent.chmod(0o755)
    assert Store(f"sqlite:///{db}").stats()["documents"] == 1


def test_a_read_only_folder_with_a_leftover_wal_is_read_or_one_line(small_store):
    # a writer killed before it closed the store leaves its write-ahead log (and its index, -shm) beside it;
    # the folder made read-only afterwards: the store is read with what the log holds, or, with the index
    # gone, refused in one line — never a traceback, never the file without the log's documents
    import signal

    db, new = small_store
    leave_wal = ("import os, signal, sys\nfrom extract.store import Store\nfrom extract.pipeline import extract_bytes\n"
                 f"s = Store('sqlite:///{db}')\n"
                 f"s.ingest(extract_bytes(open({str(new)!r}, 'rb').read(), 'kh-412.txt'))\n"
                 "os.kill(os.getpid(), signal.SIGKILL)\n")
    from .conftest import ROOT

    killed = subprocess.run([sys.executable, "-c", leave_wal], cwd=ROOT, capture_output=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL
    assert (db.parent / "v.db-wal").stat().st_size > 0
    db.parent.chmod(0o555)
    try:
        r = _cli_as_user("show", "412/KH-UBND", "--db", f"sqlite:///{db}")
        assert r.returncode == 0 and b"412/KH-UBND" in r.stdout, r.stderr  # the document the log holds
        db.parent.chmod(0o755)
        (db.parent / "v.db-shm").unlink()
        db.parent.chmod(0o555)
        for args in (["show", "412/KH-UBND"], ["tasks"], ["ingest", str(new)]):
            _one_line_error(_cli_as_user(*args, "--db", f"sqlite:///{db}"), f"sqlite:///{db}: ")
    finally:
        db.parent.chmod(0o755)
    assert Store(f"sqlite:///{db}").stats()["documents"] == 2


def test_a_full_disk_stops_the_batch_with_one_line_and_keeps_what_was_stored(tmp_path):
    from sqlalchemy import event

    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    pages = store.engine.connect().exec_driver_sql("PRAGMA page_count").scalar()
    # the file may not grow past a few pages more: the disk is full, as SQLite sees it
    event.listen(store.engine, "connect", lambda con, _: con.execute(f"PRAGMA max_page_count={pages + 40}"))
    store.engine.dispose()
    docs = sorted(p for p in CORPUS.iterdir() if p.suffix == ".txt")
    with pytest.raises(StoreError) as exc:
        ingest(store, docs, commit_every=1)
    message = str(exc.value)
    assert message.startswith(f"sqlite:///{tmp_path / 'v.db'}: the disk is full") and "\n" not in message
    kept = store.stats()["documents"]
    assert 0 < kept < len(docs)
    assert store.check() == []
    assert ingest(Store(f"sqlite:///{tmp_path / 'v.db'}"), docs).skipped == kept  # a rerun completes


def test_a_store_locked_by_another_process_waits_a_bounded_time(small_store, monkeypatch):
    db, new = small_store
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held by this (other) process until released
    try:
        monkeypatch.setenv("VANBAN_LOCK_TIMEOUT", "1")
        r = run_cli("ingest", str(new), "--db", f"sqlite:///{db}")
        _one_line_error(r, "the store is locked by another process (waited 1 s, VANBAN_LOCK_TIMEOUT)")
    finally:
        holder.rollback()
        holder.close()
    assert run_cli("ingest", str(new), "--db", f"sqlite:///{db}", "-q").returncode == 0


def test_a_file_that_is_not_a_database_is_one_line_and_untouched(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"these are notes, not a database\n" * 500)
    before = junk.read_bytes()
    for args in (["ingest", str(CORPUS / "seed-000.txt")], ["show", "#1"], ["tasks"], ["check"]):
        _one_line_error(run_cli(*args, "--db", f"sqlite:///{junk}"), "not a vanban database")
    assert junk.read_bytes() == before


def test_a_damaged_store_is_never_written_and_check_says_so(small_store, tmp_path):
    db, new = small_store
    store = Store(f"sqlite:///{db}")
    for name in ("seed-000.txt", "seed-001.txt", "seed-002.txt", "seed-003.txt"):
        store.ingest(extract_bytes((CORPUS / name).read_bytes(), name))
    store.engine.dispose()  # closed cleanly: the log is checkpointed into the file and removed
    assert not db.with_name("v.db-wal").exists()
    healthy = run_cli("check", "--db", f"sqlite:///{db}")
    assert healthy.returncode == 0 and b": ok" in healthy.stdout
    with open(db, "r+b") as f:  # 8 KB of garbage in the middle of the file
        f.seek(db.stat().st_size // 2 // 4096 * 4096)
        f.write(bytes(range(256)) * 32)
    before = db.read_bytes()
    _one_line_error(run_cli("ingest", str(new), "--db", f"sqlite:///{db}"), "the store is damaged",
                    "nothing was written", "vanban check")
    assert db.read_bytes() == before
    r = run_cli("check", "--db", f"sqlite:///{db}")
    assert r.returncode == 1 and "Traceback" not in r.stderr.decode() and "damaged" in r.stderr.decode()
    assert db.read_bytes() == before
