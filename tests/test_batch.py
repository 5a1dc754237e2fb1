"""Batch ingestion with worker processes: same store as one process, survives kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from extract.batch import ingest
from extract.store import Store

from .conftest import CORPUS, ROOT, run_cli
from .test_store import counts


def _docs():
    return sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".md"})


def test_two_workers_store_what_one_process_stores(tmp_path):
    one, two = Store(f"sqlite:///{tmp_path / 'one.db'}"), Store(f"sqlite:///{tmp_path / 'two.db'}")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    r1 = ingest(one, [*_docs(), bad], workers=1)
    r2 = ingest(two, [*_docs(), bad], workers=2)
    assert (r1.ingested, len(r1.failed)) == (r2.ingested, len(r2.failed)) == (len(_docs()), 1)
    assert counts(one) == counts(two)
    assert ingest(two, _docs(), workers=2).skipped == len(_docs())


def test_kill_9_halfway_then_rerun_gives_one_clean_run(tmp_path):
    db_path = tmp_path / "v.db"
    db = f"sqlite:///{db_path}"
    cmd = [sys.executable, "-m", "extract", "ingest", str(CORPUS), "--db", db, "--workers", "2", "-q"]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(db_path) as con:
                stored = con.execute("select count(*) from documents").fetchone()[0]
        except sqlite3.Error:
            stored = 0
        if stored >= 3:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the command and its workers, mid-batch
    proc.wait()
    assert 0 < stored < len(_docs()), "the batch should have been stopped halfway"
    rerun = run_cli("ingest", str(CORPUS), "--db", db, "--workers", "2")
    assert rerun.returncode == 0, rerun.stderr
    clean = Store(f"sqlite:///{tmp_path / 'clean.db'}")
    ingest(clean, _docs(), workers=1)
    assert counts(Store(db)) == counts(clean)
