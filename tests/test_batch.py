"""Batch ingestion with worker processes: same store as one process, survives kill -9."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from extract.batch import ingest
from extract.store import Store

from .conftest import CORPUS, ROOT, run_cli
from .test_store import counts


def _docs():
    from extract.cli import _expand

    return _expand([CORPUS])  # what `vanban ingest corpus/` ingests: its subfolders' documents too


def test_two_workers_store_what_one_process_stores(tmp_path):
    one, two = Store(f"sqlite:///{tmp_path / 'one.db'}"), Store(f"sqlite:///{tmp_path / 'two.db'}")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    r1 = ingest(one, [*_docs(), bad], workers=1)
    r2 = ingest(two, [*_docs(), bad], workers=2)
    assert (r1.ingested, len(r1.failed)) == (r2.ingested, len(r2.failed)) == (len(_docs()), 1)
    assert counts(one) == counts(two)
    assert ingest(two, _docs(), workers=2).skipped == len(_docs())


def _stopped_halfway(db_path, sig: str) -> tuple[subprocess.Popen, bytes]:
    """``vanban ingest`` of the corpus with 2 workers, stopped by ``sig`` (the whole process group, as
    a terminal does) once its first 4 documents are committed — at a known point, by the batch's test
    hook, not by a timer: (process, stderr)."""
    cmd = [sys.executable, "-m", "extract", "ingest", str(CORPUS), "--db", f"sqlite:///{db_path}",
           "--workers", "2", "-q", "--commit-every", "4"]
    env = {**os.environ, "VANBAN_TEST_STOP_AFTER": "4", "VANBAN_TEST_STOP_SIGNAL": sig}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, preexec_fn=_ctrl_c_as_in_a_terminal)
    _, stderr = proc.communicate(timeout=300)
    return proc, stderr


def _ctrl_c_as_in_a_terminal() -> None:
    """The command as a terminal starts it, Ctrl-C not ignored: ``make test`` run in the background of a
    script (``make test &``, as CI or a second run beside another may be) ignores SIGINT, and so would every
    process it starts — the batch then never sees the signal and finishes (issue 16, finding 9)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stored(db_path) -> int:
    with sqlite3.connect(db_path) as con:
        return con.execute("select count(*) from documents").fetchone()[0]


def test_kill_9_halfway_then_rerun_gives_one_clean_run(tmp_path):
    db_path = tmp_path / "v.db"
    db = f"sqlite:///{db_path}"
    proc, _ = _stopped_halfway(db_path, "KILL")  # the command and its workers, mid-batch
    assert proc.returncode == -signal.SIGKILL
    assert 4 <= _stored(db_path) < len(_docs()), "the batch should have been stopped halfway"
    rerun = run_cli("ingest", str(CORPUS), "--db", db, "--workers", "2")
    assert rerun.returncode == 0, rerun.stderr
    clean = Store(f"sqlite:///{tmp_path / 'clean.db'}")
    ingest(clean, _docs(), workers=1)
    assert counts(Store(db)) == counts(clean)


def test_dask_engine_on_a_local_cluster_stores_what_one_process_stores(tmp_path):
    distributed = pytest.importorskip("distributed")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    local = Store(f"sqlite:///{tmp_path / 'local.db'}")
    ingest(local, [*_docs(), bad], workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        db = f"sqlite:///{tmp_path / 'dask.db'}"
        result = run_cli("ingest", str(CORPUS), str(bad), "--db", db, "--engine", "dask",
                         "--scheduler", cluster.scheduler_address, "--commit-every", "5")
        assert result.returncode == 2, result.stderr  # the bad file failed, listed; the rest stored
        assert "bad.pdf: not a readable PDF" in result.stderr.decode()
        assert counts(Store(db)) == counts(local)
        again = run_cli("ingest", str(CORPUS), "--db", db, "--engine", "dask", "--scheduler", cluster.scheduler_address)
        assert again.returncode == 0 and f"skipped {len(_docs())}" in again.stdout.decode()


def test_dask_engine_says_when_the_scheduler_cannot_be_reached(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setenv("VANBAN_DASK_TIMEOUT", "2")  # connection refused: no need to retry for 20 s
    result = run_cli("ingest", str(CORPUS), "--db", f"sqlite:///{tmp_path / 'v.db'}", "--engine", "dask",
                     "--scheduler", "tcp://127.0.0.1:9")
    assert result.returncode == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr.decode()
    assert len(result.stderr.decode().strip().splitlines()) == 1


def test_usage_errors_exit_1_and_touch_nothing(tmp_path):
    db = tmp_path / "v.db"
    for args in (["ingest", str(tmp_path / "missing.txt")], ["ingest", str(CORPUS), "--bogus"],
                 ["ingest", str(CORPUS), "--engine", "dask"]):
        result = run_cli(*args, "--db", f"sqlite:///{db}")
        assert result.returncode == 1, (args, result.stderr)
        assert "Usage:" in result.stderr.decode()
    assert not db.exists()


def test_progress_hears_every_file_once_and_duplicates_are_extracted_once(tmp_path):
    docs = _docs()[:4]
    twin = tmp_path / "twin.txt"
    twin.write_bytes(docs[0].read_bytes())
    gone = tmp_path / "gone.txt"
    events = []
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    report = ingest(store, [*docs, twin, gone], progress=events.append, commit_every=2)
    assert [e.path for e in events if e.outcome == "extracted"] == [str(p) for p in docs]
    assert [(e.path, e.outcome) for e in events if e.outcome != "extracted"] == [
        (str(twin), "skipped"), (str(gone), "failed")]
    assert (report.ingested, report.skipped, len(report.failed)) == (4, 1, 1)
    assert store.stats()["documents"] == 4


def test_ctrl_c_keeps_what_finished_exits_130_and_a_rerun_completes(tmp_path):
    db_path = tmp_path / "v.db"
    db = f"sqlite:///{db_path}"
    proc, stderr = _stopped_halfway(db_path, "INT")
    assert proc.returncode == 130, stderr.decode()
    assert "Traceback" not in stderr.decode()
    kept = _stored(db_path)
    assert 4 <= kept < len(_docs())
    rerun = run_cli("ingest", str(CORPUS), "--db", db)
    assert rerun.returncode == 0, rerun.stderr
    assert f"skipped {kept}" in rerun.stdout.decode()
    clean = Store(f"sqlite:///{tmp_path / 'clean.db'}")
    ingest(clean, _docs(), workers=1)
    assert counts(Store(db)) == counts(clean)


class _RejectsOne(Store):
    """A store that refuses one document (as PostgreSQL refuses a NUL in text), whatever batch it is in."""

    victim = ""

    def write(self, extractions, **kwargs):
        if any(ex.source.path == self.victim for ex in extractions):
            raise RuntimeError("value rejected by the database")
        return super().write(extractions, **kwargs)


def test_a_document_the_store_rejects_fails_alone(tmp_path):
    docs = _docs()[:5]
    store = _RejectsOne(f"sqlite:///{tmp_path / 'v.db'}")
    store.victim = str(docs[2])
    report = ingest(store, docs, commit_every=5)
    assert report.ingested == 4
    assert report.failed == [(str(docs[2]), "could not be stored: RuntimeError: value rejected by the database")]
    assert store.stats()["documents"] == 4 and store.stats()["errors"] == 1


def test_a_dead_or_hung_worker_is_replaced_and_its_file_recorded(tmp_path, monkeypatch):
    # the batch's test hooks (issue 16, finding 9): one named file kills its worker, another never returns
    # and is stopped a second after it started; every other file keeps the whole per-file limit, so a
    # busy machine cannot stop a normal document
    monkeypatch.setenv("VANBAN_TEST_DIE", "dies.txt")
    monkeypatch.setenv("VANBAN_TEST_HANG", "hangs.txt")
    monkeypatch.setenv("VANBAN_TEST_HANG_LIMIT", "1")
    docs = _docs()[:6]
    dies, hangs = tmp_path / "dies.txt", tmp_path / "hangs.txt"
    dies.write_text("Kế hoạch 1", encoding="utf-8")
    hangs.write_text("Kế hoạch 2", encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    report = ingest(store, [docs[0], dies, *docs[1:3], hangs, *docs[3:]], workers=2)
    reasons = dict(report.failed)
    assert reasons[str(dies)] == "its worker process died (exit code 9)"
    assert reasons[str(hangs)].startswith("took longer than the per-file limit")
    assert report.ingested == len(docs) and store.stats()["documents"] == len(docs)


def _marked(mark: str) -> list[int]:
    """Live processes (zombies are dead) whose environment holds ``VANBAN_TEST_MARK=mark``."""
    from pathlib import Path

    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes()
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if f"VANBAN_TEST_MARK={mark}".encode() in environ.split(b"\0") and state not in {"Z", "X"}:
            pids.append(int(proc.name))
    return pids


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="finds the workers through /proc (Linux)")
def test_workers_die_with_a_killed_batch(tmp_path):
    # issue 16, finding 8: after kill -9 of `vanban ingest`, its workers ran on for 10–20 s, and one stuck
    # on a file would have run for good. Here one worker hangs on a file (a test hook) and the batch kills
    # itself alone (not its process group) with SIGKILL once 2 documents are stored: a known point
    import uuid

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-hangs.txt").write_text("Kế hoạch 1", encoding="utf-8")
    for doc in _docs()[:6]:
        (folder / doc.name).write_bytes(doc.read_bytes())
    mark = uuid.uuid4().hex
    env = {**os.environ, "VANBAN_TEST_MARK": mark, "VANBAN_TEST_HANG": "a-hangs.txt", "VANBAN_TEST_STOP_AFTER": "2",
           "VANBAN_TEST_STOP_SIGNAL": "KILL"}
    cmd = [sys.executable, "-m", "extract", "ingest", str(folder), "--db", f"sqlite:///{tmp_path / 'v.db'}",
           "--workers", "2", "-q", "--commit-every", "1"]
    with open(tmp_path / "stderr", "wb") as err:  # a file, not a pipe that workers left alive would hold open
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        proc.wait(timeout=300)
    assert proc.returncode == -signal.SIGKILL, (tmp_path / "stderr").read_text()
    assert _stored(tmp_path / "v.db") >= 2
    deadline = time.monotonic() + 30  # a bound for a loaded machine, not a measure: they go at once
    while (left := _marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in left:  # never leave them running, whatever the outcome
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"workers outlived the killed batch: {left}"


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="finds the processes through /proc (Linux)")
def test_tesseract_dies_with_a_killed_worker(tmp_path):
    # issue 16: a worker killed while Tesseract read a page left Tesseract to finish it. A tesseract
    # stuck on a page (a script of that name that never ends, first on PATH) is started as OCR starts
    # it; once it runs, its parent is killed with SIGKILL: it must go too
    import uuid

    from extract.limits import bound_to_parent

    if not bound_to_parent():
        pytest.skip("no setpriv with --pdeathsig here")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stuck = bin_dir / "tesseract"
    stuck.write_text("#!/bin/sh\nexec sleep 600\n")
    stuck.chmod(0o755)
    mark = uuid.uuid4().hex
    env = {**os.environ, "VANBAN_TEST_MARK": mark, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    code = "from extract import ocr; ocr._tesseract(b'png', ['--psm', '4'], 900)"
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120  # a bound for a loaded machine: until the tool runs
        while not [p for p in _marked(mark) if p != parent.pid] and time.monotonic() < deadline:
            time.sleep(0.1)
        tools = [p for p in _marked(mark) if p != parent.pid]
        assert tools, "the stuck tesseract never started"
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 30
    while (left := _marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"tesseract outlived its killed worker: {left}"


def _odd_folder(tmp_path):
    """Three good files, a good file whose name is not UTF-8, and every kind of file that cannot be
    read: a FIFO, a dangling link, a link loop, two empty files, a file whose read fails (EIO, even
    for root), two broken PDFs with the same bytes. Returns (folder, good names, failing names)."""
    folder = tmp_path / "d"
    folder.mkdir()
    good = {"a.txt": "seed-000.txt", "b.txt": "seed-001.txt", "c.txt": "seed-002.txt"}
    for name, seed in good.items():
        (folder / name).write_bytes((CORPUS / seed).read_bytes())
    bad_name = os.fsdecode(b"bad\xff.txt")
    (folder / bad_name).write_bytes((CORPUS / "seed-003.txt").read_bytes())
    os.mkfifo(folder / "pipe.txt")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "empty1.txt").write_bytes(b"")
    (folder / "empty2.txt").write_bytes(b"")
    (folder / "unreadable.txt").symlink_to("/proc/self/mem")  # a regular file whose read fails
    (folder / "x1.pdf").write_bytes(b"%PDF-1.4 truncated")
    (folder / "x2.pdf").write_bytes(b"%PDF-1.4 truncated")
    failing = ["dangling.txt", "empty1.txt", "empty2.txt", "loop.txt", "pipe.txt", "unreadable.txt", "x1.pdf", "x2.pdf"]
    return folder, [*good, "bad\\xff.txt"], failing


def _errors(db_path) -> list[tuple[str, str]]:
    with sqlite3.connect(db_path) as con:
        return sorted((os.path.basename(p), r) for p, r in con.execute("select path, reason from ingest_errors"))


def test_every_path_ends_stored_unchanged_or_failed_with_its_reason(tmp_path):
    folder, good, failing = _odd_folder(tmp_path)
    db_path = tmp_path / "v.db"
    db = f"sqlite:///{db_path}"
    r = run_cli("ingest", str(folder), "--db", db)
    out, err = r.stdout.decode(), r.stderr.decode()
    assert r.returncode == 2 and "Traceback" not in err, err
    with sqlite3.connect(db_path) as con:
        stored = sorted(os.path.basename(p) for (p,) in con.execute("select path from documents"))
    assert stored == sorted(good)
    reasons = dict(_errors(db_path))
    assert sorted(reasons) == failing
    assert reasons["pipe.txt"].startswith("not a regular file but a named pipe (FIFO)")
    assert reasons["dangling.txt"].startswith("symbolic link to a file that does not exist")
    assert reasons["loop.txt"].startswith("symbolic link loop")
    assert reasons["empty1.txt"] == reasons["empty2.txt"] == "empty file"
    assert reasons["unreadable.txt"] == "cannot read the file: Input/output error"
    assert reasons["x1.pdf"] == reasons["x2.pdf"] and reasons["x1.pdf"].startswith("not a readable PDF")
    assert len(err.strip().splitlines()) == len(failing)  # one line each
    summary = " ".join(out.split())
    assert "ingested 4," in summary and "skipped 0 (unchanged)" in summary
    assert ("failed 8 (1 dangling link, 2 empty, 1 link loop, 2 not a readable document, 1 not a regular file, "
            "1 unreadable)") in summary

    # a rerun: the stored files are unchanged, the failures fail again — one current row per path
    again = run_cli("ingest", str(folder), "--db", db)
    assert again.returncode == 2
    assert "ingested 0," in again.stdout.decode() and "skipped 4 (unchanged)" in again.stdout.decode()
    assert [p for p, _ in _errors(db_path)] == failing

    # a file that failed and then reads: stored, its failure forgotten
    (folder / "empty1.txt").write_bytes((CORPUS / "seed-004.txt").read_bytes())
    (folder / "loop.txt").unlink()
    (folder / "loop.txt").symlink_to(folder / "a.txt")  # now the bytes of a stored file: unchanged
    third = run_cli("ingest", str(folder), "--db", db)
    assert "ingested 1," in third.stdout.decode() and "skipped 5 (unchanged)" in third.stdout.decode()
    assert [p for p, _ in _errors(db_path)] == [p for p in failing if p not in {"empty1.txt", "loop.txt"}]


def test_a_file_with_the_bytes_of_a_failed_one_fails_too_in_every_runner(tmp_path):
    bad = b"%PDF-1.4 truncated"
    paths = []
    for n in range(5):
        (tmp_path / f"bad{n}.pdf").write_bytes(bad)
        (tmp_path / f"empty{n}.txt").write_bytes(b"")
        paths += [tmp_path / f"bad{n}.pdf", tmp_path / f"empty{n}.txt"]
    for workers in (1, 2):
        store = Store(f"sqlite:///{tmp_path / f'v{workers}.db'}")
        report = ingest(store, paths, workers=workers)
        assert (report.ingested, report.skipped) == (0, 0)
        assert sorted(p for p, _ in report.failed) == sorted(map(str, paths))
        assert store.stats()["errors"] == len(paths)


def test_four_ingests_opening_one_new_store_at_once_lose_and_duplicate_nothing(tmp_path, store_url):
    """Issue 16, finding 2: the schema is made once, under a lock, however many processes open the new
    store together; their documents all land, each once."""
    docs = [p for p in _docs() if p.suffix == ".txt"]
    folders = []
    for k in range(4):
        folder = tmp_path / f"part{k}"
        folder.mkdir()
        for doc in docs[k::4]:
            (folder / doc.name).write_bytes(doc.read_bytes())
        folders.append(folder)
    # what is checked is what lands, not how fast: on a loaded machine a writer may wait its turn longer
    # than the default 30 s, so the wait is not what fails it
    env = {**os.environ, "VANBAN_LOCK_TIMEOUT": "600"}
    procs = [subprocess.Popen([sys.executable, "-m", "extract", "ingest", str(folder), "--db", store_url, "-q",
                               "--workers", "1", "--commit-every", "1"], cwd=ROOT, stderr=subprocess.PIPE, env=env)
             for folder in folders]
    results = [(p.wait(timeout=600), p.stderr.read().decode()) for p in procs]
    for p in procs:
        p.stderr.close()
    assert [rc for rc, _ in results] == [0, 0, 0, 0], [err for _, err in results]
    store = Store(store_url)
    with store.session() as s:
        from extract.store import Document

        paths = s.scalars(select(Document.path)).all()
    assert sorted(os.path.basename(p) for p in paths) == sorted(d.name for d in docs)
    clean = Store(f"sqlite:///{tmp_path / 'clean.db'}")
    ingest(clean, [f / d.name for k, f in enumerate(folders) for d in docs[k::4]])
    assert counts(store) == counts(clean)
