"""The ``vanban`` command: a thin layer over the Python API.

Each command calls one API function and turns :class:`VanbanError` into a one-line message.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

import typer

from . import __version__
from .errors import VanbanError

# rich, SQLAlchemy, the models: imported by the commands that use them, so that `vanban version` and
# `--help` start in a few tens of milliseconds (issue 15)


def escape(text: str) -> str:
    """rich's markup escape (rich imported on first use)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def Console(**kwargs):  # noqa: N802 (rich's Console, imported on first use)
    from rich.console import Console as RichConsole

    return RichConsole(**kwargs)


class _Err:
    """The console of error messages (stderr), made on first use."""

    console = None

    def real(self):
        """The rich Console itself (for rich's own objects, a progress bar)."""
        if _Err.console is None:
            _Err.console = Console(stderr=True)
        return _Err.console

    def __getattr__(self, name):
        return getattr(self.real(), name)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="vanban: legal references, citation relations and tasks from Vietnamese administrative documents.",
)
err = _Err()
DOC_SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".doc", ".html", ".htm"}


class Ocr(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


OCR_OPTION = typer.Option(Ocr.auto, "--ocr", help="PDF pages read by OCR: auto (pages without text), always, never.")


class Format(StrEnum):
    json = "json"
    text = "text"


def _expand(paths: list[Path]) -> list[Path]:
    """Files given, and the documents inside folders given (sorted, gold files skipped). Whatever a
    folder holds under a document's name is listed, pipes and broken links too, so that each ends
    stored or failed with its reason, none skipped unsaid (issue 16)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                f for f in p.rglob("*")
                if f.suffix.lower() in DOC_SUFFIXES and not f.is_dir() and not f.name.endswith(".gold.json")
                and f.name not in {"README.md", "SOURCES.md"}
            )
        else:
            out.append(p)
    return out


def _fail(exc: VanbanError) -> None:
    err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _or_fail(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``; its :class:`VanbanError` becomes a one-line message, exit status 1."""
    try:
        return fn(*args, **kwargs)
    except VanbanError as exc:
        _fail(exc)


@app.command()
def text(
    path: Path = typer.Argument(..., help="A document (.txt, .pdf, .docx, .html)."),
    ocr: Ocr = OCR_OPTION,
) -> None:
    """Print the clean text of a document; every span of `extract` points into it.

    Example: vanban text corpus/seed-003.txt
    """
    from .clean import clean
    from .read import read_document

    raw = _or_fail(read_document, path, ocr.value)
    sys.stdout.write(clean(raw.text).text + "\n")


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Documents or folders of documents."),
    format: Format = typer.Option(Format.json, "--format", "-f", help="json (SPEC, JSON Lines for several) or text."),
    indent: int | None = typer.Option(None, help="Indent JSON (single document only)."),
    ocr: Ocr = OCR_OPTION,
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
            result = run(f, ocr.value)
        except VanbanError as exc:
            failed += 1
            if single:
                _fail(exc)
            err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            line = {"schema": "vanban.extraction/1", "source": {"path": exc.path or str(f)}, "error": exc.reason}
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


DB_OPTION = typer.Option(None, "--db", envvar="VANBAN_DB", help="Database URL (default sqlite:///vanban.db).")


def _store(db: str | None):
    from .store import Store

    return _or_fail(Store, db)


class Engine(StrEnum):
    local = "local"
    dask = "dask"


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., exists=True, help="Documents or folders to ingest."),
    db: str = DB_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    ocr: Ocr = OCR_OPTION,
    workers: int = typer.Option(None, "--workers", "-j", min=1, help="Local worker processes (default: all cores)."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: worker processes here; dask: a Dask cluster."),
    scheduler: str = typer.Option(None, "--scheduler", help="The Dask scheduler's address (tcp://host:8786)."),
    commit_every: int = typer.Option(32, "--commit-every", min=1, help="Documents per database transaction."),
) -> None:
    """Extract documents into the store; unreadable files are recorded and skipped.

    Files already stored (same content) are skipped, so an interrupted run is resumed by running it
    again. Exit status: 0 all stored, 2 some files failed (listed), 1 usage error.

    Example: vanban ingest corpus/ --db sqlite:///vanban.db --workers 2
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class _RateColumn(ProgressColumn):
        """Documents per second since the start."""

        def render(self, task) -> Text:
            elapsed = task.elapsed or 0.0
            return Text(f"{task.completed / elapsed:.1f} docs/s" if elapsed > 0.5 else "… docs/s")

    from .batch import ingest as run
    from .limits import cores

    if engine == Engine.dask and not scheduler:
        raise typer.BadParameter("--engine dask needs --scheduler ADDRESS", param_hint="--scheduler")
    files = _expand(paths)
    store = _store(db)
    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("docs"),
               TextColumn("{task.fields[pages]} pages"), _RateColumn(),
               TextColumn("[red]{task.fields[errors]} errors"), TimeElapsedColumn())
    with Progress(*columns, console=err.real(), transient=True, disable=quiet or len(files) < 2) as bar:
        job = bar.add_task("ingesting", total=len(files), pages=0, errors=0)

        def advance(event) -> None:
            task = bar.tasks[job]
            bar.update(job, advance=1, pages=task.fields["pages"] + event.pages,
                       errors=task.fields["errors"] + (event.outcome == "failed"))

        report = _or_fail(run, store, files, workers=workers or cores(), engine=engine.value,
                          scheduler=scheduler, ocr=ocr.value, commit_every=commit_every, progress=advance)
    for path, reason in report.failed:
        err.print(f"[red]error:[/red] {escape(path)}: {escape(reason)}", highlight=False, soft_wrap=True)
    if not quiet:
        summary(store, report)
    if report.failed:
        raise typer.Exit(2)


def _kinds(failed: list[tuple[str, str]]) -> str:
    """`` (2 empty, 1 not a regular file)``: the failures of a batch by kind."""
    from collections import Counter

    from .errors import kind

    counts = Counter(kind(reason) for _, reason in failed)
    return " (" + ", ".join(f"{n} {name}" for name, n in sorted(counts.items())) + ")" if counts else ""


def summary(store, report) -> None:
    from rich.table import Table

    console = Console()
    stats = store.stats()
    console.print(
        f"ingested {report.ingested}, replaced {report.replaced} (new extractor), skipped {report.skipped} "
        f"(unchanged), superseded {report.superseded} (another file of the document), failed {len(report.failed)}"
        f"{_kinds(report.failed)}; "
        f"store: {stats['documents']} documents, "
        f"{stats['references']} references, {stats['tasks']} tasks, {stats['nodes']} graph nodes, "
        f"{stats['edges']} edges",
        soft_wrap=True, highlight=False,
    )
    table = Table(title="Most-cited documents")
    table.add_column("id / title")
    table.add_column("scope")
    table.add_column("cited by", justify="right")
    for row in store.top_cited(10):
        table.add_row(escape(row["label"]), row["scope"] or "", str(row["count"]))
    console.print(table)


def _citation_rows(title: str, citations, *, side: str) -> None:
    """Print citations as a table: the document citing (``side="source"``) or the one cited."""
    from .tabletext import print_table

    rows = []
    for c in citations:
        node = c.source if side == "source" else c.target
        via = f" (via {c.source['label']})" if c.via_of and side == "target" else ""
        name = node["label"] + (f"  [{node['path']}]" if node.get("path") else "")
        when = node["date"] or "" if side == "target" else c.document["date"] or ""
        note = c.stale or ("stated in " + (c.document["number"] or Path(c.document["path"]).name) if c.via_of else "")
        rows.append((c.relation, name + via, when, note))
    columns = [("relation",), ("document" if side == "source" else "cites",), ("date",), ("note",)]
    print_table(title, columns, rows, title_justify="left", markup=False)


@app.command()
def cites(
    ident: str = typer.Argument(..., help="A document id as written: 59/2019/NĐ-CP, 'nd 59/2019', 57/qd-ubnd."),
    db: str = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Who cites a document, grouped by relation (based_on, implements, amends…).

    Example: vanban cites "nd 59/2019"
    """
    from dataclasses import asdict

    from .graph import cites as run
    from .graph import label

    store = _store(db)
    nodes, grouped = _or_fail(run, store, ident)
    from .graph import cited_by

    documents, mentions = cited_by(store, nodes)
    if as_json:
        out = {"matches": [label(n) for n in nodes], "documents": documents, "mentions": mentions,
               "by_relation": {r: [asdict(c) for c in cs] for r, cs in grouped.items()}}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        return
    console = Console()
    console.print(f"[bold]{escape(', '.join(label(n) for n in nodes))}[/bold] — cited by "
                  f"{_count(documents, 'document')} ({_count(mentions, 'mention')})")
    for relation, citations in grouped.items():
        _citation_rows(relation, citations, side="source")


@app.command()
def refs(
    doc: str = typer.Argument(..., help="A stored document: its number, path or #id."),
    db: str = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """What a stored document cites, flagging citations of documents already replaced or repealed.

    Example: vanban refs corpus/seed-000.txt
    """
    from dataclasses import asdict

    from .graph import refs as run

    store = _store(db)
    document, citations = _or_fail(run, store, doc)
    if as_json:
        sys.stdout.write(json.dumps([asdict(c) for c in citations], ensure_ascii=False, indent=1) + "\n")
        return
    _citation_rows(escape(f"{document.number or document.path} cites"), citations, side="target")


@app.command()
def show(
    doc: str = typer.Argument(..., help="A stored document: its number, path or #id."),
    db: str = DB_OPTION,
) -> None:
    """A stored document: its fields, what it cites, who cites it, and whether it still applies.

    Example: vanban show corpus/real-001.txt
    """
    from .graph import show as run

    store = _store(db)
    shown = _or_fail(run, store, doc)
    d, console = shown.document, Console()
    console.print(f"[bold]#{d.id} {escape(d.number or '(no number)')}[/bold]  {d.type or ''}  {d.date or ''}  "
                  f"{escape(d.path)}", highlight=False)
    for name in ("issuer", "place", "scope", "title", "signer_name", "signer_position"):
        if getattr(d, name):
            console.print(f"  {name}: {escape(getattr(d, name))}", highlight=False)
    console.print(f"  tasks: {shown.tasks}   references: {len(shown.references)}   cited by: {len(shown.cited_by)}")
    for relation, by, when in shown.ended_by:
        console.print(f"  [red]{'replaced' if relation == 'replaces' else 'repealed'} by {escape(by)} on {when}[/red]")
    stale = [c for c in shown.references if c.stale]
    for c in stale:
        console.print(f"  [yellow]cites {escape(c.target['label'])}, {escape(c.stale)}[/yellow]", highlight=False)
    if shown.references:
        _citation_rows("cites", shown.references, side="target")
    if shown.cited_by:
        _citation_rows("cited by", shown.cited_by, side="source")


class GraphFormat(StrEnum):
    json = "json"
    graphml = "graphml"
    dot = "dot"


class Direction(StrEnum):
    in_ = "in"
    out = "out"
    both = "both"


@app.command()
def graph(
    root: str = typer.Option(None, "--root", help="Only the neighbourhood of this document (id as written)."),
    depth: int = typer.Option(2, "--depth", min=0, help="Edges to follow from the root."),
    direction: Direction = typer.Option(Direction.both, "--direction", help="in (cited by), out (cites), both."),
    format: GraphFormat = typer.Option(GraphFormat.json, "--format", "-f", help="json, graphml or dot."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to a file instead of stdout."),
    db: str = DB_OPTION,
) -> None:
    """Export the citation graph (whole, or around --root) as node-link JSON, GraphML or DOT.

    Example: vanban graph --root "59/2019/NĐ-CP" --depth 2 --format graphml -o nd59.graphml
    """
    from .graph import write_graph

    store = _store(db)
    _or_fail(write_graph, store, output or sys.stdout, format.value, root, depth, direction.value)


@app.command(name="top-cited")
def top_cited(
    limit: int = typer.Option(20, "--limit", "-n", min=1),
    db: str = DB_OPTION,
) -> None:
    """Documents cited by the most stored documents.

    Example: vanban top-cited -n 10
    """
    _node_table("Most-cited documents", _store(db).top_cited(limit))


@app.command()
def unresolved(
    limit: int = typer.Option(None, "--limit", "-n", min=1),
    db: str = DB_OPTION,
) -> None:
    """Documents cited but never ingested, most cited first — what to fetch next.

    Example: vanban unresolved -n 20
    """
    from .graph import unresolved as run

    _node_table("Cited, not ingested", run(_store(db), limit))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _node_table(title: str, rows: list[dict]) -> None:
    from .tabletext import print_table

    columns = [("id / title",), ("type",), ("scope",), ("date",), ("cited by", "right"), ("mentions", "right")]
    print_table(title, columns, [(r["label"], r["type"] or "", r["scope"] or "", r["date"] or "",
                                  str(r["count"]), str(r["mentions"])) for r in rows], title_justify="left",
                markup=False)


class TaskFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    ics = "ics"
    xlsx = "xlsx"


@app.command()
def tasks(
    unit: str = typer.Option(None, "--unit", help="Lead or supporting unit (any part of its name)."),
    due_before: str = typer.Option(None, "--due-before", help="Due before this date (YYYY-MM-DD)."),
    due_after: str = typer.Option(None, "--due-after", help="Due after this date (YYYY-MM-DD)."),
    doc: str = typer.Option(None, "--doc", help="Only the tasks of this stored document."),
    overdue: bool = typer.Option(False, "--overdue", help="Due before today, not ongoing nor recurring."),
    format: TaskFormat = typer.Option(TaskFormat.table, "--format", "-f", help="table, csv, json, ics or xlsx."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to a file instead of stdout."),
    bom: bool = typer.Option(False, "--bom", help="CSV: start with a UTF-8 byte order mark (for Excel)."),
    db: str = DB_OPTION,
) -> None:
    """Tasks for trackers: filter by unit, due date, document; export CSV, XLSX, JSON or iCalendar VTODOs.

    Example: vanban tasks --unit "Sở Tài chính" --due-before 2024-12-31 --format ics -o tasks.ics

    Example: vanban tasks --format xlsx -o tasks.xlsx   (or --format csv --bom -o tasks.csv for Excel)
    """
    from . import tracker

    if bom and format != TaskFormat.csv:
        _fail(VanbanError(None, f"--bom applies to --format csv, not {format.value}"))
    if format == TaskFormat.xlsx and output is None and sys.stdout.isatty():
        _fail(VanbanError(None, "--format xlsx writes a binary workbook: give --output FILE.xlsx or redirect stdout"))
    store = _store(db)
    filters = dict(unit=unit, due_before=due_before, due_after=due_after, doc=doc, overdue=overdue)
    if format in (TaskFormat.csv, TaskFormat.json, TaskFormat.ics):
        # streamed: the tasks are read one by one while the export is written (issue 15)
        opener = (lambda: open(output, "wb")) if output else (lambda: _unclosed(sys.stdout.buffer))
        _or_fail(tracker.export, format.value, store, opener, bom=bom, **filters)
        return
    rows = _or_fail(tracker.tasks, store, **filters)
    if format == TaskFormat.table:
        from .tabletext import print_table

        body = []
        for t in rows:
            due = t.due or ("thường xuyên" if t.ongoing else "")
            due += f" ({t.recurrence})" if t.recurrence else ""
            body.append((t.document, t.section or "", t.title, "; ".join(t.lead), "; ".join(t.support), due))
        print_table(f"{len(body)} tasks", [("document",), ("section",), ("task",), ("lead",), ("support",), ("due",)],
                    body, title_justify="left", markup=False)
        return
    data = _or_fail(lambda: tracker.to_xlsx(list(rows)))
    output.write_bytes(data) if output else sys.stdout.buffer.write(data)


@contextmanager
def _unclosed(stream):
    """``stream`` for a ``with`` that must not close it (stdout)."""
    yield stream
    stream.flush()


class DocsFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def docs(
    type: str = typer.Option(None, "--type", "-t", help="A kind of document: ke_hoach, 'Kế hoạch' or KH."),
    issuer: str = typer.Option(None, "--issuer", help="Any part of the issuer's name (case and diacritics ignored)."),
    since: str = typer.Option(None, "--since", help="Dated on or after this date (YYYY-MM-DD)."),
    format: DocsFormat = typer.Option(DocsFormat.table, "--format", "-f", help="table, csv or json."),
    db: str = DB_OPTION,
) -> None:
    """The stored documents, newest first: type, number, issuer, date, title, references, tasks (and
    path, in csv and json).

    Example: vanban docs --type quyet_dinh --issuer "UBND tỉnh" --since 2024-01-01 --format csv
    """
    from .listing import documents, to_csv, to_json
    from .tracker import title

    rows = _or_fail(documents, _store(db), type=type, issuer=issuer, since=since)
    if format == DocsFormat.csv:
        sys.stdout.write(to_csv(rows))
        return
    if format == DocsFormat.json:
        sys.stdout.write(to_json(rows) + "\n")
        return
    from rich.table import Table

    # the path is in --format csv/json and `vanban show #id`: nine columns do not fit a terminal
    table = Table(title=_count(len(rows), "document"), title_justify="left")
    for col in ("#", "type", "number", "date", "refs", "tasks"):
        table.add_column(col, justify="right" if col in {"#", "refs", "tasks"} else "left", no_wrap=True)
    table.add_column("issuer", ratio=1)
    table.add_column("title", ratio=2)
    for d in rows:
        table.add_row(str(d.id), d.type or "", escape(d.number or ""), d.date or "", str(d.references),
                      str(d.tasks), escape(d.issuer or ""), escape(title(d.title or "", 100)))
    Console().print(table)


@app.command(name="eval")
def eval_(
    corpus: Path = typer.Argument(Path("corpus"), help="Folder of documents with <name>.gold.json beside them or in gold/."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List misses and extras."),
    per_document: bool = typer.Option(False, "--per-document", "-d", help="Also print task and reference F1 per document."),
    gold: list[Path] = typer.Option([], "--gold", "-g", help="Another folder of gold files for documents of CORPUS (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Precision, recall and F1 per field against the gold files of a corpus.

    Example: vanban eval ../shared/corpus-real-2 --gold corpus/gold-real-2 --per-document
    """
    from .evaluate import evaluate, render

    result = _or_fail(evaluate, corpus, tuple(gold))
    if as_json:
        sys.stdout.write(json.dumps(result.dump(), ensure_ascii=False, indent=2) + "\n")
    else:
        render(result, verbose=verbose, per_document=per_document)


def _existing_store(db: str | None):
    """The store at ``db``, which must exist: a mistyped SQLite path is an error here, not a new empty
    store; an unreachable server or a bad URL is one line."""
    import os

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from .store import DEFAULT_URL, Store

    url = db or os.environ.get("VANBAN_DB") or DEFAULT_URL
    try:
        parsed = make_url(url)
    except ArgumentError:
        _fail(VanbanError(None, f"--db {url!r} is not a database URL (sqlite:///vanban.db, "
                                "postgresql+psycopg2://user@host/vanban)"))
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") \
            and not Path(parsed.database).is_file():
        _fail(VanbanError(parsed.database, "no such database file (make one with `vanban ingest PATH --db URL`)"))
    try:
        return _or_fail(Store, url)
    except SQLAlchemyError as exc:
        reason = str(exc.orig if getattr(exc, "orig", None) else exc).strip().splitlines()[0]
        _fail(VanbanError(None, f"cannot open the database {parsed.render_as_string(hide_password=True)!r}: {reason}"))


@app.command()
def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """A local web app to review the store: documents with their values marked, the citation graph,
    tasks with exports, and corrections (kept beside the extracted values).

    Example: vanban serve --db sqlite:///vanban.db --port 8000   (then open http://127.0.0.1:8000/)
    """
    from .web import check_port
    from .web import serve as run

    store = _existing_store(db)
    _or_fail(check_port, host, port)
    err.print(f"vanban serve: http://{host}:{port}/ (Ctrl-C to stop)", highlight=False)
    _or_fail(run, store, host, port)


gold_app = typer.Typer(no_args_is_help=True, help="Gold files from the store, the reviewers' corrections applied.")
app.add_typer(gold_app, name="gold")


@gold_app.command("export")
def gold_export(
    doc: str = typer.Argument(..., help="A stored document: its number, path or #id."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file (NAME.gold.json) instead of stdout."),
    db: str = DB_OPTION,
) -> None:
    """Write a stored document as a gold file (SPEC shape) with its corrections applied, for `vanban eval`.

    Example: vanban gold export corpus/seed-003.txt -o gold/seed-003.gold.json
    """
    from .corrections import gold
    from .graph import find_document

    store = _existing_store(db)
    with store.session() as session:
        document = _or_fail(find_document, session, doc)
        data = gold(session, document)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}: {len(data['references'])} references, {len(data['tasks'])} tasks, "
                  f"{data['corrections']} corrections applied", highlight=False)
    else:
        sys.stdout.write(text)


@app.command()
def check(db: str = DB_OPTION) -> None:
    """Check the store's integrity (SQLite: PRAGMA integrity_check); exit status 1 if it is damaged.

    Nothing is written, the schema is not upgraded: a damaged store is only read.

    Example: vanban check --db sqlite:///vanban.db
    """
    import os

    from .store import DEFAULT_URL, Store

    url = db or os.environ.get("VANBAN_DB") or DEFAULT_URL
    store = _or_fail(Store, url, migrate=False)
    if store.file and not Path(store.file).is_file():
        _fail(VanbanError(store.file, "no such database file"))
    problems = _or_fail(store.check)
    if not problems:
        Console().print(f"{escape(store.name)}: ok", highlight=False)
        return
    for line in problems[:20]:
        err.print(f"{escape(store.name)}: {escape(line)}", highlight=False, soft_wrap=True)
    err.print(f"[red]error:[/red] {escape(store.name)}: damaged ({_count(len(problems), 'problem')}); restore it "
              "from a backup or ingest into a new --db", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print the version.

    Example: vanban version
    """
    typer.echo(__version__)


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command ``args`` name, when they name one: typer builds the parameters of
    every command of an app before running one (importing pydantic for them), a tenth of a second that
    `vanban version` and every command paid (issue 15). ``--help``, a group or an unknown name: the app."""
    if not args or args[0].startswith("-"):
        return app
    for info in app.registered_commands:
        if (info.name or info.callback.__name__.replace("_", "-")) == args[0]:
            one = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                              help=app.info.help)
            one.registered_commands = [info]
            one.callback()(_group)  # a group still: `vanban NAME …` as with every command there
            return one
    return app


def _group() -> None:
    """vanban: legal references, citation relations and tasks from Vietnamese administrative documents."""


def main() -> None:
    """Entry point: exit status 0 on success, 1 on a usage error or a failure to run at all, 2 when
    some files of a batch failed (each listed), 130 when interrupted."""
    from typer.exceptions import TyperException

    try:
        status = _app_for(sys.argv[1:])(standalone_mode=False)
    except typer.Abort:
        err.print("interrupted")
        sys.exit(130)
    except VanbanError as exc:  # a store fault past a command's own handling (issue 16): one line still
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except TyperException as exc:  # a usage error: unknown option, missing path, bad value
        show = getattr(exc, "show", None)
        show() if show else err.print(f"error: {exc}")
        sys.exit(1)
    sys.exit(status if isinstance(status, int) else 0)
