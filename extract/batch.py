"""Batch ingestion: one loop, three ways to run extraction.

Extraction is a pure function of a file's bytes (:func:`extract.pipeline.extract_bytes`), so it
can run anywhere: in this process (``workers=1``), in a pool of local worker processes (``pebble``:
a hung worker is stopped past the per-file time limit and replaced, a dead one is replaced), or
on a Dask distributed cluster (``engine="dask"``). This process alone reads the files, decides
what to skip and writes to the store, in the order results arrive:

- a file whose content (SHA-256) is already stored by this extractor version is not extracted
  again, so an interrupted run, rerun, picks up where it stopped; identical files in one batch are
  extracted once;
- at most a few files per worker are in flight, and finished extractions are written in
  transactions of at most ``commit_every`` documents (or every ``COMMIT_SECONDS``), so memory stays
  flat however long the batch, and a kill -9 loses at most one uncommitted transaction;
- a file that cannot be read or extracted is recorded in ``ingest_errors`` with its reason, and
  the batch goes on.
"""

from __future__ import annotations

import gc
import hashlib
import os
import signal
import time
import uuid
from array import array
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from . import EXTRACTOR_VERSION, errors, limits
from .errors import ReadError, StoreError, VanbanError, safe_path
from .models import Extraction
from .pipeline import extract_bytes
from .read import read_file
from .store import Store
from .textmap import MappedText

IN_FLIGHT_PER_WORKER = 8
GRACE = 60  # seconds past the per-file limit before a local worker is stopped from outside
COMMIT_EVERY = 32  # documents per transaction
COMMIT_SECONDS = 2.0  # ... or sooner, so that a slow batch still lands often
ENGINES = ("local", "dask")


@dataclass
class IngestReport:
    """What a batch did: documents ingested, replaced (stored by an older extractor), skipped
    (already stored, or a duplicate in the batch) and failed (path, reason)."""

    ingested: int = 0
    replaced: int = 0
    skipped: int = 0
    superseded: int = 0  # another file of a stored document (same number, issuer and date) took its place
    failed: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Job:
    path: str
    data: bytes
    sha256: str


@dataclass(frozen=True, slots=True)
class Failure:
    reason: str


@dataclass(frozen=True, slots=True)
class Event:
    """What the progress callback hears once per file: ``outcome`` is ``extracted``, ``skipped``
    or ``failed``; ``pages`` is the file's page count where known."""

    path: str
    outcome: str
    pages: int = 0
    reason: str | None = None


Outcome = Extraction | Failure


def _extract(data: bytes, name: str, ocr: str) -> Extraction:
    """Extraction in a worker, as the store takes it: without the clean text's offset map back
    into the source (8 bytes a character, most of what would cross the pipe; the store keeps
    offsets into the clean text only)."""
    _test_fault(name)
    ex = extract_bytes(data, name, ocr)
    ex.clean = MappedText(ex.clean.text, array("q"), ex.clean.source_length)
    return ex


def _test_fault(name: str) -> None:
    """The test hooks that make a worker fail on a named file, at a known point and not by a timer
    (issue 16): ``VANBAN_TEST_DIE=dies.txt`` kills the worker on a file whose name ends so (exit code 9),
    ``VANBAN_TEST_HANG=hangs.txt`` makes it never return (a C library stuck in a loop, say; it is stopped
    ``VANBAN_TEST_HANG_LIMIT`` seconds after it started, by default past the per-file limit)."""
    die, hang = os.environ.get("VANBAN_TEST_DIE"), os.environ.get("VANBAN_TEST_HANG")
    if die and name.endswith(die):
        os._exit(9)
    if hang and name.endswith(hang):
        while True:
            time.sleep(3600)


def _timeout(name: str) -> float:
    """Seconds past its start after which a local worker's file is stopped from outside."""
    hang = os.environ.get("VANBAN_TEST_HANG")
    if hang and name.endswith(hang) and os.environ.get("VANBAN_TEST_HANG_LIMIT"):
        return float(os.environ["VANBAN_TEST_HANG_LIMIT"])
    return limits.TIME_LIMIT + GRACE


def ingest(store: Store, paths: Iterable[Path | str], *, workers: int = 1, engine: str = "local",
           scheduler: str | None = None, ocr: str = "auto", commit_every: int = COMMIT_EVERY,
           progress: Callable[[Event], None] | None = None) -> IngestReport:
    """Ingest ``paths`` into ``store``; returns what was ingested, replaced, skipped and failed.

    ``engine="local"`` runs ``workers`` processes (1: this process); ``engine="dask"`` sends the
    files' bytes to the Dask scheduler at ``scheduler`` (``tcp://host:8786``).
    """
    if engine not in ENGINES:
        raise VanbanError(None, f"unknown engine {engine!r} (one of: {', '.join(ENGINES)})")
    report = IngestReport()
    notify = progress or (lambda event: None)
    sink = _Sink(store, report, notify, max(1, commit_every))
    if engine == "dask":
        if not scheduler:
            raise VanbanError(None, "the dask engine needs the scheduler's address (--scheduler tcp://host:8786)")
        runner: _Runner = _DaskRunner(scheduler)
    elif workers > 1:
        runner = _PoolRunner(workers)
    else:
        runner = _InlineRunner()
    try:
        for job, outcome in runner.run(_jobs(store, paths, sink), ocr):
            sink.take(job, outcome)
    finally:
        try:
            sink.commit()  # what finished before an interrupt is kept
        finally:
            runner.close()
    return report


def _jobs(store: Store, paths: Iterable[Path | str], sink: _Sink) -> Iterator[Job]:
    """The files to extract: read once here (the bytes travel to the worker, so the stored hash is
    the hash of what was extracted), skipping what is stored. Every path ends stored, skipped as
    unchanged or failed with its reason (issue 16): a file with the bytes of one on its way waits for
    that one's outcome and shares it — skipped once it is stored, failed with its reason if it fails."""
    for p in paths:
        path = safe_path(p)  # the name in the store and in messages; the file is read by its real name
        try:
            data = read_file(p, path)
        except ReadError as exc:
            sink.fail(path, exc.reason)
            continue
        if not data:  # each empty file is a failure of its own, not a twin of the first
            sink.fail(path, errors.EMPTY)
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in sink.pending:
            sink.pending[digest].append(path)
            continue
        if store.is_current(digest):
            sink.skip(path)
            continue
        sink.pending[digest] = []
        yield Job(path, data, digest)


class _Sink:
    """Writes finished extractions in bounded transactions and keeps the report."""

    def __init__(self, store: Store, report: IngestReport, notify: Callable[[Event], None], commit_every: int):
        self.store, self.report, self.notify, self.commit_every = store, report, notify, commit_every
        self.buffer: list[Extraction] = []
        self.pending: dict[str, list[str]] = {}  # hash sent to extraction, not yet written → paths of its twins
        self.cleared: list[str] = []  # paths skipped as unchanged since the last commit
        self.since = time.monotonic()
        self.stored = 0  # documents written by this batch
        self.stop = _test_stop()

    def skip(self, path: str) -> None:
        self.report.skipped += 1
        self.cleared.append(path)
        self.notify(Event(path, "skipped"))

    def fail(self, path: str, reason: str) -> None:
        self.report.failed.append((path, reason))
        self.store.record_error(path, reason)
        self.notify(Event(path, "failed", reason=reason))

    def take(self, job: Job, outcome: Outcome) -> None:
        if isinstance(outcome, Failure):
            twins = self.pending.pop(job.sha256, [])
            for path in (job.path, *twins):
                self.fail(path, outcome.reason)
        else:
            if not self.buffer:
                self.since = time.monotonic()
            self.buffer.append(outcome)
            self.notify(Event(job.path, "extracted", outcome.source.pages or 0))
        if len(self.buffer) >= self.commit_every or (self.buffer and time.monotonic() - self.since > COMMIT_SECONDS):
            self.commit()

    def commit(self) -> None:
        if self.cleared:  # paths now skipped as unchanged: an old failure of theirs is no longer current
            cleared, self.cleared = self.cleared, []
            self.store.clear_errors(cleared)
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        reasons: list[str | None] = [None] * len(batch)
        try:
            outcomes = self.store.write(batch)
        except StoreError:  # the store itself fails (full, read-only, locked, damaged): no file is to blame
            raise
        except Exception:  # one document the store rejects must not sink the others: one by one
            outcomes = []
            for n, ex in enumerate(batch):
                try:
                    outcomes.append(self.store.write([ex])[0])
                except StoreError:
                    raise
                except Exception as exc:  # noqa: BLE001 — recorded with its reason, the batch goes on
                    outcomes.append("failed")
                    reasons[n] = f"could not be stored: {type(exc).__name__}: {exc}"
                    self.fail(ex.source.path, reasons[n])
        for ex, outcome, reason in zip(batch, outcomes, reasons, strict=True):
            twins = self.pending.pop(ex.source.sha256, [])
            if outcome != "failed":
                setattr(self.report, outcome, getattr(self.report, outcome) + 1)
                self.stored += 1
            for path in twins:  # the same bytes as this document: unchanged once it is stored
                if reason:
                    self.fail(path, reason)
                else:
                    self.skip(path)
        if self.cleared:
            cleared, self.cleared = self.cleared, []
            self.store.clear_errors(cleared)
        if self.stop is not None and self.stored >= self.stop[0]:
            sig, self.stop = self.stop[1], None
            _signal_self(sig)


def _test_stop() -> tuple[int, int] | None:
    """The test hook that stops a batch at a known point instead of a timer (issue 16, finding 9):
    ``VANBAN_TEST_STOP_AFTER=N`` sends the signal ``VANBAN_TEST_STOP_SIGNAL`` (``INT``, the default,
    or ``KILL``) once N documents are committed — to the whole process group when this process leads
    one, as a terminal's Ctrl-C reaches the workers too."""
    after = os.environ.get("VANBAN_TEST_STOP_AFTER")
    if not after:
        return None
    name = os.environ.get("VANBAN_TEST_STOP_SIGNAL", "INT").upper().removeprefix("SIG")
    return int(after), getattr(signal, f"SIG{name}")


def _signal_self(sig: int) -> None:
    if os.getpgrp() == os.getpid():
        os.killpg(os.getpgrp(), sig)
    else:
        os.kill(os.getpid(), sig)


# -- runners: where extraction happens ------------------------------------------------------------

class _Runner:
    def run(self, jobs: Iterator[Job], ocr: str) -> Iterator[tuple[Job, Outcome]]:
        raise NotImplementedError

    def close(self) -> None:
        pass


def _failure(exc: Exception) -> Failure:
    """What is recorded for a file whose extraction raised ``exc``, wherever it ran."""
    from pebble import ProcessExpired

    if isinstance(exc, VanbanError):
        return Failure(exc.reason)
    if isinstance(exc, FutureTimeout):
        return Failure(f"took longer than the per-file limit of {limits.TIME_LIMIT} s; its worker was stopped")
    if isinstance(exc, ProcessExpired):
        return Failure(f"its worker process died (exit code {exc.exitcode})")
    # a bug on one file, a Dask worker killed on it…: recorded, and the batch goes on
    return Failure(f"internal error: {type(exc).__name__}: {exc}")


class _InlineRunner(_Runner):
    """Extraction in this process, one file after another."""

    def run(self, jobs, ocr):
        for job in jobs:
            try:
                yield job, extract_bytes(job.data, job.path, ocr)
            except Exception as exc:
                yield job, _failure(exc)


class _PoolRunner(_Runner):
    """Local worker processes (pebble), at most ``IN_FLIGHT_PER_WORKER`` files each in flight."""

    def __init__(self, workers: int):
        from pebble import ProcessPool

        self.workers = workers
        # the workers are forked: keep the collector off the objects they inherit (the language
        # models), so that they share those pages with this process instead of copying them
        gc.freeze()
        self.pool = ProcessPool(max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),))

    def run(self, jobs, ocr):
        pending: dict[Future, Job] = {}
        for job in jobs:
            pending[self.pool.schedule(_extract, args=(job.data, job.path, ocr), timeout=_timeout(job.path))] = job
            while len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                yield from self._finished(pending)
        while pending:
            yield from self._finished(pending)

    @staticmethod
    def _finished(pending: dict[Future, Job]):
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            job = pending.pop(future)
            try:
                yield job, future.result()
            except Exception as exc:
                yield job, _failure(exc)

    def close(self):
        self.pool.stop()
        self.pool.join()
        gc.unfreeze()


class _DaskRunner(_Runner):
    """Extraction on a Dask distributed cluster: each file's bytes go to a worker, the extraction
    comes back. The workers need vanban installed, at this extractor version (checked)."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError:
            raise VanbanError(None, "the dask engine needs the 'distributed' package: "
                                    "pip install 'vanban[dask]'") from None
        try:
            timeout = os.environ.get("VANBAN_DASK_TIMEOUT", "20")
            self.client = Client(address, timeout=f"{timeout}s", set_as_default=False)
        except Exception as exc:  # OSError, TimeoutError, ValueError for a malformed address
            raise VanbanError(None, f"cannot reach the Dask scheduler at {address}: {exc}") from None
        try:
            versions = self.client.run(_worker_version)
        except Exception as exc:
            self.client.close()
            raise VanbanError(None, f"the Dask workers at {address} cannot run vanban: {exc}") from None
        wrong = sorted(w for w, v in versions.items() if v != EXTRACTOR_VERSION)
        if not versions or wrong:
            self.client.close()
            what = "no workers" if not versions else f"workers {', '.join(wrong)} run another vanban version"
            raise VanbanError(None, f"the Dask cluster at {address} has {what} (need {EXTRACTOR_VERSION})")
        self.capacity = max(1, sum(self.client.nthreads().values())) * IN_FLIGHT_PER_WORKER

    def run(self, jobs, ocr):
        from distributed import as_completed

        finished = as_completed(loop=self.client.loop)
        pending: dict[str, Job] = {}
        run_id = uuid.uuid4().hex[:8]
        for n, job in enumerate(jobs):
            future = self.client.submit(_extract, job.data, job.path, ocr, pure=False,
                                        key=f"vanban-{run_id}-{n}")
            pending[future.key] = job
            finished.add(future)
            while finished.count() >= self.capacity:
                yield self._outcome(next(finished), pending)
        for future in finished:
            yield self._outcome(future, pending)

    @staticmethod
    def _outcome(future, pending: dict[str, Job]) -> tuple[Job, Outcome]:
        job = pending.pop(future.key)
        try:
            return job, future.result()
        except Exception as exc:
            return job, _failure(exc)
        finally:
            future.release()

    def close(self):
        self.client.close()


def _worker_init(parent: int) -> None:
    """A local batch worker's start: it dies with the batch (issue 16: killed with ``kill -9``, the batch
    left its workers running for 10–20 s, and one stuck on a file for good); and a scan's pages are read by
    one Tesseract process at a time, the workers already keeping every core busy (unless
    ``$VANBAN_OCR_THREADS`` says otherwise)."""
    os.environ.setdefault("VANBAN_OCR_THREADS", "1")
    _die_with(parent)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with(parent: int) -> None:
    """Have this process killed when ``parent`` ends: on Linux by the kernel (``PR_SET_PDEATHSIG``: at the
    end of the parent's thread that started it — pebble starts workers from threads that live as long as
    the pool), elsewhere by a thread that looks every second whether the parent is still there."""
    import ctypes
    import sys
    import threading

    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
        if armed:
            if os.getppid() != parent:  # the parent ended before the signal was asked for
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="vanban-parent-watch", daemon=True).start()


def _worker_version() -> str:
    from extract import EXTRACTOR_VERSION as version

    return version
