"""Shared fixtures: the corpus, the CLI runner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = sorted(CORPUS.glob("seed-*.txt"))


def gold(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))


def run_cli(*args: str, input: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The real `vanban` command, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "extract", *args], cwd=cwd, capture_output=True, input=input,
                          timeout=300)


@pytest.fixture(scope="session")
def corpus_docs() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".md", ".pdf", ".docx", ".html"})


# -- a throwaway PostgreSQL server for the store tests ------------------------------------------

def _pg_bin() -> Path | None:
    import shutil

    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server on a Unix socket in a temporary directory (trust auth), stopped at the end.
    Yields a function that creates a fresh database and returns its SQLAlchemy URL. Skipped only where
    no PostgreSQL server binaries exist (`make test` installs Debian's `postgresql` where it can)."""
    import os
    import shutil
    import socket
    import tempfile
    import uuid

    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; install Debian 'postgresql'")
    pytest.importorskip("psycopg2")
    data = Path(tempfile.mkdtemp(prefix="vanban-pg-"))  # under /tmp: reachable by the `postgres` user
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: hand the directory to `postgres`
        shutil.chown(data, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data / "db"), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--locale=C"], check=True, capture_output=True)
    opts = f"-p {port} -k {data} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
    subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data / "db"), "-o", opts, "-l",
                    str(data / "log"), "-w", "start"], check=True, capture_output=True)
    import psycopg2

    def create() -> str:
        name = "v" + uuid.uuid4().hex[:12]
        conn = psycopg2.connect(dbname="postgres", user="postgres", host=str(data), port=port)
        conn.autocommit = True
        conn.cursor().execute(f"CREATE DATABASE {name}")
        conn.close()
        return f"postgresql+psycopg2://postgres@/{name}?host={data}&port={port}"

    try:
        yield create
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data / "db"), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres")()
