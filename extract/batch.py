"""Batch ingestion in worker processes.

Extraction is a pure function of a file's bytes, so it runs in a pool of worker processes
(``pebble``: a hung worker is stopped at the per-file time limit and replaced, a crashed one is
replaced), while this process alone writes to the store, one transaction per document, in the
order results arrive. At most a few files per worker are in flight, so memory stays flat however
long the batch. A file already stored (same content hash, same extractor version) is not sent
to a worker at all, so an interrupted run, rerun, picks up where it stopped.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from . import limits
from .errors import VanbanError
from .store import IngestReport, Store

IN_FLIGHT_PER_WORKER = 4
GRACE = 60  # seconds past the per-file limit before a worker is stopped from outside


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _extract_file(path: str, ocr: str):
    from .pipeline import extract

    return extract(path, ocr)


def ingest(store: Store, paths: Iterable[Path], *, workers: int = 1, ocr: str = "auto",
           progress: Callable[[], None] | None = None) -> IngestReport:
    """Ingest ``paths`` with ``workers`` processes (1: in this process)."""
    paths = list(paths)
    if workers <= 1 or len(paths) < 2:
        return store.ingest_paths(paths, progress=progress, ocr=ocr)
    from pebble import ProcessExpired, ProcessPool

    report = IngestReport()

    def fail(path: str, reason: str) -> None:
        report.failed.append((path, reason))
        store._record_error(path, reason)

    def done(path: str, future: Future) -> None:
        try:
            ex = future.result()
        except VanbanError as exc:
            fail(path, exc.reason)
        except FutureTimeout:
            fail(path, f"took longer than the per-file limit of {limits.TIME_LIMIT} s; its worker was stopped")
        except ProcessExpired as exc:
            fail(path, f"its worker process died (exit code {exc.exitcode})")
        except Exception as exc:  # a bug on one file must not stop the batch: record it, go on
            fail(path, f"internal error: {type(exc).__name__}: {exc}")
        else:
            outcome = store.ingest(ex)
            setattr(report, outcome, getattr(report, outcome) + 1)
        if progress is not None:
            progress()

    pending: dict[Future, str] = {}
    with ProcessPool(max_workers=workers) as pool:
        for p in paths:
            try:
                digest = hashlib.sha256(Path(p).read_bytes()).hexdigest()
            except OSError as exc:
                fail(str(p), exc.strerror or str(exc))
                if progress is not None:
                    progress()
                continue
            if store._current(digest):
                report.skipped += 1
                if progress is not None:
                    progress()
                continue
            pending[pool.schedule(_extract_file, args=(str(p), ocr), timeout=limits.TIME_LIMIT + GRACE)] = str(p)
            while len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for f in finished:
                    done(pending.pop(f), f)
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for f in finished:
                done(pending.pop(f), f)
    return report
