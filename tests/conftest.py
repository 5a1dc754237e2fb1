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
