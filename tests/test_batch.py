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


def _stopped_halfway(db_path, sig: int) -> tuple[subprocess.Popen, int, bytes]:
    """``vanban ingest`` of the corpus with 2 workers, sent ``sig`` (the whole process group, as a
    terminal does) once a first transaction has landed: (process, documents stored then, stderr)."""
    cmd = [sys.executable, "-m", "extract", "ingest", str(CORPUS), "--db", f"sqlite:///{db_path}",
           "--workers", "2", "-q", "--commit-every", "4"]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and stored < 4:
        try:
            with sqlite3.connect(db_path) as con:
                stored = con.execute("select count(*) from documents").fetchone()[0]
        except sqlite3.Error:
            stored = 0
        time.sleep(0.05)
    os.killpg(proc.pid, sig)
    _, stderr = proc.communicate(timeout=120)
    return proc, stored, stderr


def test_kill_9_halfway_then_rerun_gives_one_clean_run(tmp_path):
    db_path = tmp_path / "v.db"
    db = f"sqlite:///{db_path}"
    _, stored, _ = _stopped_halfway(db_path, signal.SIGKILL)  # the command and its workers, mid-batch
    assert 0 < stored < len(_docs()), "the batch should have been stopped halfway"
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
    proc, _, stderr = _stopped_halfway(db_path, signal.SIGINT)
    assert proc.returncode == 130, stderr.decode()
    assert "Traceback" not in stderr.decode()
    with sqlite3.connect(db_path) as con:
        kept = con.execute("select count(*) from documents").fetchone()[0]
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


def _dies_or_hangs(data, name, ocr):
    """Extraction as a worker would run it, except on two files: one kills its worker process, the
    other never returns (a C library stuck in a loop, say)."""
    from extract.pipeline import extract_bytes

    if name.endswith("dies.txt"):
        os._exit(9)
    if name.endswith("hangs.txt"):
        time.sleep(3600)
    return extract_bytes(data, name, ocr)


def test_a_dead_or_hung_worker_is_replaced_and_its_file_recorded(tmp_path, monkeypatch):
    from extract import batch, limits

    monkeypatch.setattr(batch, "extract_bytes", _dies_or_hangs)  # the forked workers inherit it
    monkeypatch.setattr(limits, "TIME_LIMIT", 1)
    monkeypatch.setattr(batch, "GRACE", 1)
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
