"""Per-file limits, so that one hostile file cannot stall or swamp a batch.

Each limit has a default fit for administrative documents and an environment variable to change it.
The time limit is checked between pages and between extraction stages (:func:`check`): a file that
runs over it fails with a one-line error naming the file, and the batch goes on.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

import regex

from .errors import ReadError


def _env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


MAX_PAGES = _env("VANBAN_MAX_PAGES", 2000)  # the longest legal documents run to a few hundred
MAX_PAGE_CHARS = _env("VANBAN_MAX_PAGE_CHARS", 100_000)  # a dense A4 page holds about 6,000
MAX_UNPACKED = _env("VANBAN_MAX_UNPACKED", 64 * 1024 * 1024)  # bytes inside a DOCX package
MAX_RATIO = 200  # unpacked / packed size of a DOCX member beyond which it is a decompression bomb
TIME_LIMIT = _env("VANBAN_TIME_LIMIT", 300)  # seconds for one file, OCR included
# characters of text in one file (a text file's bytes; what a PDF or DOCX unpacks to): the longest codes
# run to a few MB, and a 200 MB text file took 3 GB of memory and never finished (issue 16)
MAX_BYTES = _env("VANBAN_MAX_BYTES", 50 * 1024 * 1024)


def anchored(pattern: str, flags: int = 0) -> regex.Pattern:
    """``pattern`` compiled for ``.match(text, pos)`` at many places of one long text, in time bounded by
    what it matches rather than by the text after ``pos``.

    The regex module first looks for a pattern's *required string* (``của`` in ``\\s*,?\\s*của\\s+``)
    anywhere in the rest of the text; a pattern matched after each of n references in a text that lacks
    it scans the text n times — quadratic (issue 16: ``(Nghị định số 59/2019/NĐ-CP `` × 50,000). An
    alternative that never matches leaves it no required string, and its matches as they were."""
    return regex.compile(rf"(?:{pattern}|(?!))", flags)


def cores() -> int:
    """Cores this process may run on: the default number of batch workers, and of Tesseract
    processes reading one scan."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


_deadline: ContextVar[tuple[str, float, float] | None] = ContextVar("vanban_deadline", default=None)


class _Overtime(BaseException):
    """Raised in a thread whose file ran over its time (:func:`budget`); never seen outside it."""


@contextmanager
def budget(path: str, seconds: float | None = None):
    """Run the reading and extraction of ``path`` under the per-file time limit.

    :func:`check` enforces it between pages and stages. A stage that never reaches a check — a hostile
    text in a slow loop (issue 16) — is stopped a second past the limit too: in a process's main thread
    (a single-file command, an in-process batch, a local worker) by an alarm; in another thread (a Dask
    worker's) by a timer that raises in that thread (``PyThreadState_SetAsyncExc``: at the next Python
    instruction — a single call into C, one regex match, ends first)."""
    seconds = TIME_LIMIT if seconds is None else seconds
    token = _deadline.set((path, time.monotonic() + seconds, seconds))
    message = f"took longer than the per-file limit of {seconds:g} s (VANBAN_TIME_LIMIT)"
    main = threading.current_thread() is threading.main_thread()
    alarm = seconds > 0 and hasattr(signal, "setitimer") and main \
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # never displace an alarm someone else set
    timer = _Timer(seconds + 1) if seconds > 0 and not main else None

    def over(_signum, _frame):
        raise ReadError(path, message)

    previous = signal.signal(signal.SIGALRM, over) if alarm else None
    if alarm:
        signal.setitimer(signal.ITIMER_REAL, seconds + 1)
    try:
        yield
    except _Overtime:
        if timer is not None:
            timer.delivered = True
        raise ReadError(path, message) from None
    finally:
        if timer is not None:
            timer.stop()
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _deadline.reset(token)


class _Timer:
    """Raises :class:`_Overtime` in the thread that made it once ``seconds`` have passed, unless stopped
    first."""

    def __init__(self, seconds: float):
        self.thread = threading.get_ident()
        self.lock = threading.Lock()
        self.done = self.fired = self.delivered = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        with self.lock:
            if not self.done:
                self.fired = True
                _async_raise(self.thread, _Overtime)

    def stop(self) -> None:
        """Disarm, in the thread that made the timer. An exception raised but not yet delivered is received
        here, never taken back: ``PyThreadState_SetAsyncExc(NULL)`` leaves CPython 3.11's eval breaker set
        for good, so every thread ran slower ever after and a profiled one stood still (CI hung on it)."""
        self.timer.cancel()
        while True:
            try:
                with self.lock:
                    self.done = True
                    pending = self.fired and not self.delivered
                if pending:  # raised at the first backward jump of this thread, where it is checked for
                    for _ in range(1000):
                        pass
                    self.delivered = True  # or caught already where something swallowed it
                return
            except _Overtime:
                self.delivered = True


def _async_raise(thread: int, exc: type[BaseException]) -> None:
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(exc))


def check() -> None:
    """Raise the file's error if its time is up (a no-op outside :func:`budget`)."""
    current = _deadline.get()
    if current is not None and time.monotonic() > current[1]:
        raise ReadError(current[0], f"took longer than the per-file limit of {current[2]:g} s (VANBAN_TIME_LIMIT)")


@cache
def bound_to_parent() -> tuple[str, ...]:
    """The argv prefix that makes a tool's process die with the one that started it: a batch worker
    killed (kill -9, the parent's end) takes its Tesseract with it instead of leaving it to finish its
    page (issue 16). util-linux's ``setpriv --pdeathsig KILL`` sets the parent-death signal and execs the
    tool, so the tool is the same process; without a setpriv that can (not Linux, util-linux < 2.33) tools
    run as they are. Called from a thread, the signal follows that thread, which waits for the tool."""
    exe = shutil.which("setpriv")
    if exe is None:
        return ()
    try:
        ok = subprocess.run([exe, "--pdeathsig", "KILL", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return (exe, "--pdeathsig", "KILL") if ok else ()
