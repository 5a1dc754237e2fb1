"""Task exports a clerk uses as they are (issue 14): short titles, CSV with a BOM, an XLSX workbook,
VTODOs valid under RFC 5545; and `vanban docs`, the stored documents. Every test reads a store filled
by really ingesting corpus/ with the real `vanban ingest`."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import pty
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import asdict, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from openpyxl import load_workbook

from extract import listing, tracker
from extract.store import Store, fold

from .conftest import CORPUS, ROOT, run_cli

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Calc is a part of its own (Debian's libreoffice-core alone converts no spreadsheet)
CALC = SOFFICE is not None and (Path(os.path.realpath(SOFFICE)).parent / "libsclo.so").exists()
needs_libreoffice = pytest.mark.skipif(
    not CALC, reason="LibreOffice Calc not installed (Debian 'libreoffice-calc-nogui'; `make debs` installs it)")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """The whole bundled corpus, ingested as a user does it."""
    path = tmp_path_factory.mktemp("store") / "v.db"
    url = f"sqlite:///{path}"
    r = run_cli("ingest", str(CORPUS), "--db", url, "-q", "--workers", "1")
    assert r.returncode == 0, r.stderr.decode()
    return url


@pytest.fixture(scope="module")
def tasks(db) -> list[tracker.TaskOut]:
    rows = tracker.query(Store(db))
    assert len(rows) > 100
    return rows


def _one_line_error(r: subprocess.CompletedProcess, *words: str) -> None:
    err = r.stderr.decode()
    assert r.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err, err
    for w in words:
        assert w in err, err


# -- short titles ----------------------------------------------------------------------------------

LONG = ("Tham mưu bố trí kinh phí bảo đảm cho công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ trên địa bàn "
        "tỉnh theo quy định của pháp luật về ngân sách nhà nước")


@pytest.mark.parametrize("text, expected", [
    ("Rà soát quy hoạch cụm công nghiệp", "Rà soát quy hoạch cụm công nghiệp"),
    ("Rà soát\nquy hoạch   cụm công nghiệp ", "Rà soát quy hoạch cụm công nghiệp"),  # one line
    ("ả" * 120, "ả" * 120),  # exactly the limit: not cut
    ("ả" * 121, "ả" * 119 + "…"),  # one word longer than the limit: cut inside it
    (LONG, "Tham mưu bố trí kinh phí bảo đảm cho công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ trên địa bàn "
           "tỉnh theo quy định…"),
    # the 120th character is a space: the words before it fit with the "…"
    ("a" * 100 + " " + "b" * 18 + " cccc", "a" * 100 + " " + "b" * 18 + "…"),
    ("a" * 110 + ", " + "b" * 20, "a" * 110 + "…"),  # no comma left hanging before the "…"
    # only the first 240 characters are read first: spaces there that shrink it to the limit or below
    (" " * 200 + "Rà soát" + " " * 100 + "x" * 50, "Rà soát " + "x" * 50),
    ("a " * 60 + " " * 150 + "b", "a " * 59 + "a…"),
    ("a " * 60 + "\n" * 150 + "bbbb cc", "a " * 59 + "a…"),
    ("x" * 239 + " yy", "x" * 119 + "…"),
])
def test_title_is_the_description_cut_at_a_word_boundary(text, expected):
    assert tracker.title(text) == expected
    assert len(tracker.title(text)) <= tracker.TITLE_LIMIT


def test_every_stored_task_has_a_short_title_and_its_full_description(tasks):
    cut = 0
    for t in tasks:
        full = " ".join(t.description.split())
        assert len(t.title) <= 120 and t.title.strip() == t.title
        if t.title.endswith("…") and t.title != full:
            cut += 1
            head = t.title[:-1]
            assert full.startswith(head) and full[len(head)] in " ,;:-–", t.uid  # ends where a word ends
        else:
            assert t.title == full
    assert cut >= 20  # the corpus has long tasks (median 180 characters): many are cut


# -- CSV -------------------------------------------------------------------------------------------

def test_csv_with_bom_reads_back_with_utf8_sig(db, tasks, tmp_path):
    out = tmp_path / "tasks.csv"
    r = run_cli("tasks", "--format", "csv", "--bom", "-o", str(out), "--db", db)
    assert r.returncode == 0, r.stderr.decode()
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data[3:].startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == tracker.CSV_COLUMNS  # "uid", not "\ufeffuid"
    assert [(x["uid"], x["title"], x["description"]) for x in rows] == [(t.uid, t.title, t.description) for t in tasks]
    assert any("Ủy ban nhân dân" in x["lead"] for x in rows)
    plain = run_cli("tasks", "--format", "csv", "--db", db).stdout
    assert plain == data[3:]  # without --bom, the same bytes and no mark (what scripts read)


def test_bom_is_for_csv_only(db):
    _one_line_error(run_cli("tasks", "--format", "json", "--bom", "--db", db), "--bom", "csv")


def _soffice(tmp_path, *args: str) -> None:
    """LibreOffice, headless, with a profile of its own (two at once on one profile refuse to start)."""
    profile = (tmp_path / "lo-profile").as_uri()
    r = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", *args, "--outdir",
                        str(tmp_path / "out")], capture_output=True, timeout=180, env={**os.environ, "LANG": "C"})
    assert r.returncode == 0, r.stderr.decode()


@needs_libreoffice
def test_csv_with_bom_opens_in_libreoffice_with_its_vietnamese(db, tasks, tmp_path):
    out = tmp_path / "tasks.csv"
    assert run_cli("tasks", "--format", "csv", "--bom", "-o", str(out), "--db", db).returncode == 0
    # 76 = UTF-8: LibreOffice 7.4 headless takes the character set from the filter options, not from the
    # BOM (its import dialog reads the BOM); read so, the BOM must not end up in the first header
    _soffice(tmp_path, "--infilter=Text - txt - csv (StarCalc):44,34,76,1", "--convert-to", "xlsx", str(out))
    ws = load_workbook(tmp_path / "out" / "tasks.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == tracker.CSV_COLUMNS
    assert [r[2] for r in rows[1:]] == [t.description for t in tasks]


# -- XLSX ------------------------------------------------------------------------------------------

def test_xlsx_is_a_workbook_with_dates_a_frozen_header_and_widths(db, tasks, tmp_path):
    out = tmp_path / "tasks.xlsx"
    r = run_cli("tasks", "--format", "xlsx", "-o", str(out), "--db", db)
    assert r.returncode == 0, r.stderr.decode()
    wb = load_workbook(out)
    ws = wb.active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions
    header = [c.value for c in ws[1]]
    assert header == tracker.CSV_COLUMNS and all(c.font.b for c in ws[1])
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [x["uid"] for x in rows] == [t.uid for t in tasks]
    for x, t in zip(rows, tasks, strict=True):
        assert (x["title"], x["description"]) == (t.title, t.description)
        for name in ("start", "due", "document_date"):
            value = getattr(t, name)
            assert (x[name].date().isoformat() if x[name] else None) == value  # a date cell, not text
        assert x["ongoing"] is t.ongoing
        assert (x["lead"] or "") == "; ".join(t.lead)
    dues = [c for (c,) in ws.iter_rows(min_row=2, min_col=header.index("due") + 1, max_col=header.index("due") + 1)
            if c.value is not None]
    assert dues and all(c.is_date and c.number_format == "dd/mm/yyyy" for c in dues)
    widths = {name: ws.column_dimensions[chr(ord("A") + i)].width for i, name in enumerate(header)}
    assert widths["description"] == 82 and widths["title"] == 62  # long text: opened at the cap
    assert widths["ongoing"] == len("ongoing") + 2 and widths["uid"] == 34  # short: as wide as its header/text


def test_xlsx_text_is_never_a_formula(tasks):
    hostile = replace(tasks[0], title="=HYPERLINK(\"http://x\")", description="=1+1 giao Sở Tài chính")
    ws = load_workbook(io.BytesIO(tracker.to_xlsx([hostile]))).active
    assert ws["B2"].data_type == "s" and ws["B2"].value == '=HYPERLINK("http://x")'
    assert ws["C2"].data_type == "s" and ws["C2"].value == "=1+1 giao Sở Tài chính"


def test_xlsx_goes_to_stdout_only_when_it_is_not_a_terminal(db, tasks):
    r = run_cli("tasks", "--format", "xlsx", "--db", db)  # a pipe: the bytes
    assert r.returncode == 0 and r.stdout.startswith(b"PK")
    assert load_workbook(io.BytesIO(r.stdout)).active.max_row == len(tasks) + 1
    main, terminal = pty.openpty()
    try:
        p = subprocess.run([sys.executable, "-m", "extract", "tasks", "--format", "xlsx", "--db", db], cwd=ROOT,
                           stdout=terminal, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(terminal)
        os.close(main)
    _one_line_error(p, "--output", "xlsx")


@needs_libreoffice
def test_xlsx_opens_in_libreoffice_with_its_vietnamese(db, tasks, tmp_path):
    out = tmp_path / "tasks.xlsx"
    assert run_cli("tasks", "--format", "xlsx", "-o", str(out), "--db", db).returncode == 0
    _soffice(tmp_path, "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", str(out))
    with (tmp_path / "out" / "tasks.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(x["title"], x["description"], x["lead"]) for x in rows] == \
        [(t.title, t.description, "; ".join(t.lead)) for t in tasks]
    shown = [(x["due"], t.due) for x, t in zip(rows, tasks, strict=True) if t.due]
    assert shown and all(s == date.fromisoformat(d).strftime("%d/%m/%Y") for s, d in shown)  # dates, shown so


# -- iCalendar -------------------------------------------------------------------------------------

def _vtodos(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VTODO")


def test_ics_is_valid_for_every_stored_task(db, tasks):
    before = datetime.now(UTC).replace(microsecond=0)
    r = run_cli("tasks", "--format", "ics", "--db", db)
    after = datetime.now(UTC)
    assert r.returncode == 0, r.stderr.decode()
    todos = _vtodos(r.stdout)
    assert [str(x["uid"]) for x in todos] == [f"{t.uid}@vanban" for t in tasks]
    stamps = {x["dtstamp"].dt for x in todos}
    assert len(stamps) == 1 and before <= stamps.pop() <= after  # the export time, in UTC
    recurring = 0
    for x, t in zip(todos, tasks, strict=True):
        assert str(x["summary"]) == t.title and str(x["description"]).startswith(t.description)
        start, due = x.get("dtstart"), x.get("due")
        if "rrule" in x:
            recurring += 1
            assert start is not None, t.uid  # RFC 5545 §3.8.2.4
            assert start.dt.isoformat() in {t.start, t.document_date, t.due}
        if start is not None and due is not None:
            assert due.dt >= start.dt, t.uid  # §3.8.2.3
        if t.recurrence:
            assert "Định kỳ: " in str(x["description"])
    assert recurring >= 12  # the recurring tasks of the corpus that issue 14 found without DTSTART


def test_ics_dtstamp_is_the_time_given(tasks):
    when = datetime(2026, 3, 5, 8, 30, 15, 999, tzinfo=UTC)
    assert {x["dtstamp"].dt for x in _vtodos(tracker.to_ics(tasks[:5], now=when))} == {when.replace(microsecond=0)}


@pytest.mark.parametrize("start, due, document_date, recurrence, expected", [
    # recurring: the period's start, else the document's date; DTSTART cannot go, so at most DUE
    ("2023-01-01", "2023-12-31", "2022-12-30", "quarterly", ("2023-01-01", "2023-12-31", True)),
    (None, "2024-12-15", "2024-08-14", "semiannual", ("2024-08-14", "2024-12-15", True)),
    (None, None, "2025-04-10", "semiannual", ("2025-04-10", None, True)),
    ("2024-04-01", "2024-03-31", "2024-03-22", "monthly", ("2024-03-31", "2024-03-31", True)),
    (None, "2024-03-31", "2024-05-02", "annual", ("2024-03-31", "2024-03-31", True)),
    (None, "2021-12-31", None, "monthly", (None, "2021-12-31", False)),  # seed-004: no date to start on
    (None, None, None, "quarterly", (None, None, False)),
    # once: a written start not after the deadline, else none (no DTSTART is valid)
    ("2024-01-01", "2024-12-31", "2024-03-22", None, ("2024-01-01", "2024-12-31", False)),
    ("2024-04-01", "2024-03-31", "2024-03-22", None, (None, "2024-03-31", False)),
    ("2024-03-31", "2024-03-31", None, None, ("2024-03-31", "2024-03-31", False)),
    (None, "2024-12-31", "2024-03-22", None, (None, "2024-12-31", False)),
])
def test_ics_start_due_and_rrule(tasks, start, due, document_date, recurrence, expected):
    t = replace(tasks[0], start=start, due=due, document_date=document_date, recurrence=recurrence)
    (x,) = _vtodos(tracker.to_ics([t]))
    got = tuple(x[k].dt.isoformat() if k in x else None for k in ("dtstart", "due")) + ("rrule" in x,)
    assert got == expected


# -- vanban docs -----------------------------------------------------------------------------------

def _docs(db: str, *args: str) -> list[dict]:
    r = run_cli("docs", "--format", "json", "--db", db, *args)
    assert r.returncode == 0, r.stderr.decode()
    return json.loads(r.stdout)


def test_docs_lists_every_stored_document_newest_first_with_its_counts(db):
    docs = _docs(db)
    con = sqlite3.connect(db.removeprefix("sqlite:///"))
    stored = {i: (p, n) for i, p, n in con.execute("select id, path, number from documents")}
    refs = dict(con.execute("select document_id, count(*) from reference_mentions group by document_id"))
    tasks = dict(con.execute("select document_id, count(*) from tasks group by document_id"))
    assert sorted(d["id"] for d in docs) == sorted(stored)
    assert all((d["path"], d["number"]) == stored[d["id"]] for d in docs)
    assert all((d["references"], d["tasks"]) == (refs.get(d["id"], 0), tasks.get(d["id"], 0)) for d in docs)
    assert sum(d["tasks"] for d in docs) > 100 and any(d["references"] == 0 or d["tasks"] == 0 for d in docs)
    dated = [d["date"] for d in docs if d["date"]]
    assert dated == sorted(dated, reverse=True) and len(dated) < len(docs)
    assert all(d["date"] is None for d in docs[len(dated):])  # undated last
    assert list(docs[0]) == listing.COLUMNS


def test_docs_filters(db):
    every = _docs(db)
    plans = [d["id"] for d in every if d["type"] == "ke_hoach"]
    assert len(plans) >= 3
    for written in ("ke_hoach", "Kế hoạch", "kế hoạch", "KH"):
        assert [d["id"] for d in _docs(db, "--type", written)] == plans
    since = [d["id"] for d in every if d["date"] and d["date"] >= "2025-01-01"]
    assert 0 < len(since) < len(every) and [d["id"] for d in _docs(db, "--since", "2025-01-01")] == since
    by_issuer = [d["id"] for d in every if d["issuer"] and "UY BAN NHAN DAN" in fold(d["issuer"])]
    assert len(by_issuer) >= 3
    assert [d["id"] for d in _docs(db, "--issuer", "ủy ban NHÂN dân")] == by_issuer
    assert [d["id"] for d in _docs(db, "--issuer", "uy ban nhan dan")] == by_issuer
    both = [d["id"] for d in _docs(db, "--type", "quyet_dinh", "--issuer", "ủy ban", "--since", "2020-01-01")]
    assert both and set(both) <= set(by_issuer)
    # what LIKE would take for wildcards is matched as written: no issuer holds "%" or "_"
    assert _docs(db, "--issuer", "%") == [] and _docs(db, "--issuer", "_") == []
    assert _docs(db, "--issuer", "Ủy_ban") == [] and _docs(db, "--issuer", "Ủy%tỉnh") == []


def test_docs_formats_and_errors(db):
    r = run_cli("docs", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode())))
    assert list(rows[0]) == listing.COLUMNS and [int(x["id"]) for x in rows] == [d["id"] for d in _docs(db)]
    r = run_cli("docs", "--type", "KH", "--db", db)
    assert r.returncode == 0 and "documents" in r.stdout.decode() and "ke_hoach" in r.stdout.decode()
    _one_line_error(run_cli("docs", "--since", "1/1/2025", "--db", db), "--since", "YYYY-MM-DD")
    _one_line_error(run_cli("docs", "--type", "biên bản", "--db", db), "--type", "ke_hoach")


def test_docs_agree_on_sqlite_and_postgresql(tmp_path, postgres):
    from extract.cli import _expand
    from extract.pipeline import extract

    # the same extractions into both (extracted once: the query is what is compared)
    extractions = [extract(p) for p in _expand([CORPUS])]
    lite, pg = Store(f"sqlite:///{tmp_path / 'v.db'}"), Store(postgres())
    for store in (lite, pg):
        store.write(extractions)
    for kw in ({}, {"type": "KH"}, {"issuer": "sở"}, {"since": "2024-06-01"}, {"issuer": "%"}):
        ours = [(d.path, d.type, d.date, d.references, d.tasks) for d in listing.documents(lite, **kw)]
        theirs = [(d.path, d.type, d.date, d.references, d.tasks) for d in listing.documents(pg, **kw)]
        assert ours == theirs and (ours or kw == {"issuer": "%"}), kw


@pytest.mark.parametrize("command, example", [
    ("docs", "Example: vanban docs --type"),
    ("tasks", "Example: vanban tasks --format xlsx -o tasks.xlsx"),
])
def test_help_carries_an_example(command, example):
    r = run_cli(command, "--help")
    assert r.returncode == 0 and example in r.stdout.decode()


# -- streamed exports (issue 15) ---------------------------------------------------------------------

def _icalendar(tasks: list[tracker.TaskOut], now: datetime) -> bytes:
    """The calendar as the icalendar library makes it: what the streamed writer must give byte for byte."""
    from icalendar import Todo, vRecur

    from extract import __version__

    cal = Calendar()
    cal.add("prodid", f"-//vanban//vanban {__version__}//VI")
    cal.add("version", "2.0")
    for t in tasks:
        todo = Todo()
        todo.add("uid", f"{t.uid}@vanban")
        todo.add("summary", t.title)
        todo.add("dtstamp", now)
        start, due, rrule = tracker._ics_dates(t)
        if start:
            todo.add("dtstart", start)
        if due:
            todo.add("due", due)
        if rrule:
            todo.add("rrule", vRecur(tracker._RRULE[t.recurrence]))
        lines = [t.description, "", f"Nguồn: {t.document}" + (f" ngày {t.document_date}" if t.document_date else ""),
                 f"Tệp: {t.document_path}"]
        for label, values in (("Mục: ", [t.section] if t.section else []), ("Chủ trì: ", t.lead),
                              ("Phối hợp: ", t.support), ("Sản phẩm: ", t.products),
                              ("Thời hạn: ", [t.deadline_text] if t.deadline_text else [])):
            if values:
                lines.append(label + "; ".join(values))
        if t.recurrence in tracker._RECURRENCE_VI:
            lines.append("Định kỳ: " + tracker._RECURRENCE_VI[t.recurrence])
        todo.add("description", "\n".join(lines))
        if t.lead:
            todo.add("categories", t.lead)
        todo.add("status", "NEEDS-ACTION")
        cal.add_component(todo)
    return cal.to_ical()


HOSTILE_TEXTS = [
    "Rà soát, sửa đổi; bổ sung\\N quy chế \\ phối hợp " * 7,  # escapes all along, a written \N
    "x" * 73 + "\\" + "y" * 80,  # a backslash escape right at a fold
    "a" * 72 + "^" + "ệ" * 60,  # a caret at a fold, then three-byte characters
    "Dòng một\r\nDòng hai\rDòng ba\nDòng bốn",
    "ư" * 200, "", "đ",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_streamed_ics_is_icalendars_calendar_byte_for_byte(tasks, text):
    when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    hostile = [replace(t, description=text + t.description, title=text[:120] or t.title,
                       lead=[*t.lead, text, "Sở A, Sở B"], support=[text]) for t in tasks[:6]]
    for batch in (tasks, hostile, []):
        assert tracker.to_ics(batch, now=when) == _icalendar(batch, when)


def _csv_module(tasks: list[tracker.TaskOut]) -> str:
    """The CSV as the csv module writes it: what the streamed writer must give character for character."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(tracker.CSV_COLUMNS)
    for t in tasks:
        w.writerow(["" if v is None else "yes" if v is True else "" if v is False else v.isoformat()
                    if isinstance(v, date) else v for v in tracker._row(t)])
    return buf.getvalue()


@pytest.mark.parametrize("text", [*HOSTILE_TEXTS, '"trích" "dẫn"', 'a,"b"\r\n', " x ", "\0", "\t", "'", "#"])
def test_csv_is_the_csv_modules_byte_for_byte(tasks, text):
    hostile = [replace(t, description=text + t.description, title=text, lead=[*t.lead, text], section=text or None,
                       document_path=text, deadline_text=text) for t in tasks[:6]]
    for batch in (tasks, hostile, []):
        assert tracker.to_csv(batch) == _csv_module(batch)


def test_streamed_csv_and_json_are_the_lists(db, tasks):
    assert tracker.to_csv(iter(tasks)) == tracker.to_csv(tasks)
    assert json.loads(tracker.to_json(iter(tasks))) == json.loads(json.dumps([t.__dict__ for t in tasks]))
    assert tracker.to_json(tasks) == json.dumps([t.__dict__ for t in tasks], ensure_ascii=False, indent=1)
    assert tracker.to_json([]) == "[]"
    assert list(tracker.tasks(Store(db))) == tasks


WHEN = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def _export(store: Store, fmt: str, **kwargs) -> bytes:
    buf = io.BytesIO()
    tracker.export(fmt, store, lambda: contextlib.nullcontext(buf), now=WHEN, **kwargs)
    return buf.getvalue()


@pytest.mark.parametrize("filters", [{}, {"unit": "so tai chinh"}, {"due_before": "2024-12-31"}])
def test_an_export_in_two_processes_is_the_export_of_one(db, filters, monkeypatch):
    # issue 15: a large ICS or CSV export is written half by a forked child; the bytes are the same
    store = Store(db)
    if not tracker._forks(store):
        pytest.skip("this system does not fork an export (one core, or not Linux)")
    forks, fork = [], os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    shown = tracker.query(store, **filters)
    assert len(shown) > 10
    csv_text = tracker.to_csv(shown).encode("utf-8-sig")
    assert _export(store, "csv", parallel_from=1, bom=True, **filters) == csv_text
    assert _export(store, "ics", parallel_from=1, **filters) == tracker.to_ics(shown, now=WHEN)
    assert len(forks) == 2
    # JSON, and an export smaller than the threshold, are written by this process alone
    assert json.loads(_export(store, "json", parallel_from=1, **filters)) == [asdict(t) for t in shown]
    assert _export(store, "ics", parallel_from=len(shown) + 1, **filters) == tracker.to_ics(shown, now=WHEN)
    assert len(forks) == 2


def test_a_failed_child_loses_no_task(db, monkeypatch):
    store = Store(db)
    if not tracker._forks(store):
        pytest.skip("this system does not fork an export (one core, or not Linux)")
    parent, write = os.getpid(), tracker.write_ics

    def failing(part, out, **kwargs):
        if os.getpid() != parent:
            raise OSError(28, "No space left on device")
        return write(part, out, **kwargs)

    monkeypatch.setattr(tracker, "write_ics", failing)
    assert _export(store, "ics", parallel_from=1) == tracker.to_ics(tracker.query(store), now=WHEN)


def test_a_store_in_memory_is_not_exported_by_a_child():
    assert not tracker._forks(Store("sqlite://"))


def test_a_bad_filter_leaves_the_output_file_as_it_was(db, tmp_path):
    out = tmp_path / "tasks.ics"
    out.write_text("the last export", encoding="utf-8")
    for flag, value in (("--due-before", "soon"), ("--doc", "#999999")):
        r = run_cli("tasks", flag, value, "--format", "ics", "-o", str(out), "--db", db)
        assert r.returncode == 1, r.stderr.decode()
        assert out.read_text(encoding="utf-8") == "the last export"


def test_task_filters_do_not_filter_a_tasks_units(db):
    # the filters are EXISTS on the task: its other units and deadlines are still listed
    every = {t.uid: t for t in tracker.query(Store(db))}
    for t in tracker.query(Store(db), unit="so tai chinh"):
        assert t == every[t.uid]
    for t in tracker.query(Store(db), due_before="2024-12-31"):
        assert t == every[t.uid]


@given(st.text(alphabet="aăâđêôơưạảãàáằẳẵắặầẩẫấậệ ,;\\^n𝔸Ư", max_size=600))
@settings(max_examples=400, deadline=None)
def test_lines_fold_as_icalendar_folds_them(value):
    # the streamed writer folds as icalendar folds: at most 74 octets a line, never inside a character or an escape
    from icalendar.parser import _foldline

    line = "DESCRIPTION:" + value
    assert tracker._ics_line(line) == (_foldline(line) + "\r\n").encode()
