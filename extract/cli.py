"""The ``vanban`` command: a thin layer over the Python API.

Each command calls one API function and turns :class:`VanbanError` into a one-line message.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import VanbanError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="vanban: legal references, citation relations and tasks from Vietnamese administrative documents.",
)
err = Console(stderr=True)
DOC_SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".html", ".htm"}


class Format(StrEnum):
    json = "json"
    text = "text"


def _expand(paths: list[Path]) -> list[Path]:
    """Files given, and the documents inside folders given (sorted, gold files skipped)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in DOC_SUFFIXES and not f.name.endswith(".gold.json")
                and f.name not in {"README.md", "SOURCES.md"}
            )
        else:
            out.append(p)
    return out


def _fail(exc: VanbanError) -> None:
    err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def text(path: Path = typer.Argument(..., help="A document (.txt, .pdf, .docx, .html).")) -> None:
    """Print the clean text of a document; every span of `extract` points into it.

    Example: vanban text corpus/seed-003.txt
    """
    from .clean import clean
    from .read import read_document

    try:
        raw = read_document(path)
    except VanbanError as exc:
        _fail(exc)
    sys.stdout.write(clean(raw.text).text + "\n")


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Documents or folders of documents."),
    format: Format = typer.Option(Format.json, "--format", "-f", help="json (SPEC, JSON Lines for several) or text."),
    indent: int | None = typer.Option(None, help="Indent JSON (single document only)."),
) -> None:
    """Extract document fields, references and tasks as SPEC JSON.

    Example: vanban extract corpus/seed-003.txt --format json
    """
    from .pipeline import extract as run

    files = _expand(paths)
    if not files:
        err.print("[red]error:[/red] no documents found in the given paths")
        raise typer.Exit(1)
    single = len(files) == 1 and not paths[0].is_dir()
    failed = 0
    for f in files:
        try:
            result = run(f)
        except VanbanError as exc:
            failed += 1
            if single:
                _fail(exc)
            err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            line = {"schema": "vanban.extraction/1", "source": {"path": str(f)}, "error": exc.reason}
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            continue
        data = result.dump()
        if format == Format.json:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent if single else None) + "\n")
        else:
            _print_text(data)
    if failed:
        raise typer.Exit(2)


def _print_text(data: dict) -> None:
    console = Console()
    d = data["document"]
    console.print(f"[bold]{data['source']['path']}[/bold]  {d['type']}  {d['number']}  {d['date']}  {d['issuer']}")
    for r in data["references"]:
        console.print(f"  ref  {r['relation']:<10} {r['id'] or r['title']}  {r['date'] or ''}  {r['scope'] or ''}")
    for t in data["tasks"]:
        dl = ", ".join((x["end"] or x["text"]) for x in t["deadlines"])
        console.print(f"  task {t['section'] or '-':<8} lead={t['lead']} support={t['support']} due={dl}")


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Documents or folders to ingest."),
    db: str = typer.Option(None, "--db", envvar="VANBAN_DB", help="Database URL (default sqlite:///vanban.db)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary."),
) -> None:
    """Extract documents into the store; unreadable files are recorded and skipped.

    Example: vanban ingest corpus/ --db sqlite:///vanban.db
    """
    from .store import Store

    files = _expand(paths)
    store = Store(db)
    report = store.ingest_paths(files)
    for path, reason in report.failed:
        err.print(f"[red]error:[/red] {path}: {reason}", highlight=False, soft_wrap=True)
    if not quiet:
        summary(store, report)
    if report.failed:
        raise typer.Exit(2)


def summary(store, report) -> None:
    console = Console()
    stats = store.stats()
    console.print(
        f"ingested {report.ingested}, skipped {report.skipped} (unchanged), failed {len(report.failed)}; "
        f"store: {stats['documents']} documents, {stats['references']} references, {stats['tasks']} tasks"
    )
    table = Table(title="Most-cited documents")
    table.add_column("id / title")
    table.add_column("scope")
    table.add_column("cited by", justify="right")
    for row in store.top_cited(10):
        table.add_row(row["label"], row["scope"] or "", str(row["count"]))
    console.print(table)


@app.command(name="eval")
def eval_(
    corpus: Path = typer.Argument(Path("corpus"), help="Folder of documents with <name>.gold.json beside them."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List misses and extras."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Precision, recall and F1 per field against the gold files of a corpus.

    Example: vanban eval corpus/ --verbose
    """
    from .evaluate import evaluate, render

    try:
        result = evaluate(corpus)
    except VanbanError as exc:
        _fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(result.dump(), ensure_ascii=False, indent=2) + "\n")
    else:
        render(result, verbose=verbose)


@app.command()
def version() -> None:
    """Print the version.

    Example: vanban version
    """
    typer.echo(__version__)


def main() -> None:
    app()
