"""A store of an archive's size, built in seconds: the bundled corpus ingested once (real extraction,
real rows), then copied with plain SQL inserts until the store holds ``n`` documents.

Each copy of a corpus document gets a number of its own (so its own graph node), a file hash and task
uids of its own; what it cites is remapped the way an archive cites: national documents and laws are
the same nodes in every copy (a few of them cited by most of the archive), a local document cited but
never ingested is shared by ten neighbouring copies, and a corpus document cited by another is, in a
copy, the same document of the copy before (older documents cite older ones). Mentions, edges, tasks,
assignments and deadlines are the corpus's own rows, their keys remapped.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOCAL_GROUP = 10  # copies sharing one local document cited but never ingested
_DIGITS = regex.compile(r"^\d+")


def template(db: Path) -> Path:
    """The corpus's texts ingested into ``db`` (once: a store already there is reused)."""
    from extract.batch import ingest
    from extract.store import Store

    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        files = sorted((ROOT / "corpus").glob("*.txt"))
        report = ingest(Store(f"sqlite:///{db}"), files, workers=2)
        assert not report.failed, report.failed
    return db


def _rows(con: sqlite3.Connection, table: str) -> tuple[list[str], list[tuple]]:
    cur = con.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 (our own table names)
    return [d[0] for d in cur.description], cur.fetchall()


def build(db: Path, n: int, template_db: Path) -> Path:
    """A fresh store at ``db`` holding ``n`` documents copied from ``template_db``."""
    from extract.store import Store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    Store(f"sqlite:///{db}").engine.dispose()  # the schema, by the migrations, as a user's store has it
    src = sqlite3.connect(template_db)
    tables = {t: _rows(src, t) for t in ("documents", "nodes", "reference_mentions", "edges", "tasks",
                                         "task_assignments", "deadlines", "units", "unit_aliases")}
    src.close()
    out = sqlite3.connect(db)
    out.execute("PRAGMA synchronous=OFF")
    out.execute("PRAGMA journal_mode=WAL")

    def insert(table: str, rows) -> None:
        cols = tables[table][0]
        out.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",  # noqa: S608
                        rows)

    insert("units", tables["units"][1])
    insert("unit_aliases", tables["unit_aliases"][1])

    cols = {t: {c: i for i, c in enumerate(tables[t][0])} for t in tables}
    docs, nodes = tables["documents"][1], tables["nodes"][1]
    dc, nc = cols["documents"], cols["nodes"]
    by_node_id = {row[nc["id"]]: row for row in nodes}
    own = {row[dc["node_id"]]: j for j, row in enumerate(docs) if row[dc["node_id"]] is not None}
    shared = {nid for nid, row in by_node_id.items()
              if nid not in own and (row[nc["scope"]] == "national" or row[nc["key"]].startswith("law:"))}
    local = [nid for nid in by_node_id if nid not in own and nid not in shared]

    keys: set[str] = set()
    next_node = [0]
    node_rows: list[tuple] = []

    def new_node(row: tuple, salt: int) -> int:
        """A copy of node ``row``: its number moved by ``salt`` until its key is new."""
        r = list(row)
        next_node[0] += 1
        r[nc["id"]] = next_node[0]
        cited = row[nc["cited_id"]]
        key = row[nc["key"]]
        bump = salt
        while key in keys:
            if cited and _DIGITS.match(cited):
                digits = _DIGITS.match(cited).group()
                new = f"{int(digits) + bump}{cited[len(digits):]}"
                key = row[nc["key"]].replace(cited, new, 1)
                r[nc["cited_id"]] = new
                for name in ("shown_id", "folded_id"):
                    if r[nc[name]]:
                        value = r[nc[name]]
                        r[nc[name]] = f"{int(digits) + bump}{value[len(digits):]}" if value.startswith(digits) else value
            else:
                key = f"{row[nc['key']]}#{bump}"
            bump += 1
        r[nc["key"]] = key
        keys.add(key)
        node_rows.append(tuple(r))
        return r[nc["id"]]

    shared_map = {nid: new_node(by_node_id[nid], 0) for nid in shared}
    copies = -(-n // len(docs))
    own_of: list[dict[int, int]] = []  # copy → template node → node of that copy
    local_of: dict[int, dict[int, int]] = {}  # group → template node → node
    for k in range(copies):
        group = k // LOCAL_GROUP
        if group not in local_of:
            local_of[group] = {nid: new_node(by_node_id[nid], group * 1000) for nid in local}
        own_of.append({nid: new_node(by_node_id[nid], 50 * k + j + 1) for nid, j in own.items()})

    def node_of(k: int, nid: int | None) -> int | None:
        if nid is None:
            return None
        if nid in own:
            return own_of[k][nid] if nid == docs_node[k_doc[0]] else own_of[max(k - 1, 0)][nid]
        return shared_map.get(nid) or local_of[k // LOCAL_GROUP][nid]

    docs_node = [row[dc["node_id"]] for row in docs]
    k_doc = [0]
    insert("nodes", node_rows)
    cited_id = {row[0]: row[nc["cited_id"]] for row in node_rows}

    mentions_by_doc: dict[int, list[tuple]] = {}
    for row in tables["reference_mentions"][1]:
        mentions_by_doc.setdefault(row[1], []).append(row)
    edges_by_doc: dict[int, list[tuple]] = {}
    for row in tables["edges"][1]:
        edges_by_doc.setdefault(row[cols["edges"]["document_id"]], []).append(row)
    tasks_by_doc: dict[int, list[tuple]] = {}
    for row in tables["tasks"][1]:
        tasks_by_doc.setdefault(row[cols["tasks"]["document_id"]], []).append(row)
    assignments_by_task: dict[int, list[tuple]] = {}
    for row in tables["task_assignments"][1]:
        assignments_by_task.setdefault(row[cols["task_assignments"]["task_id"]], []).append(row)
    deadlines_by_task: dict[int, list[tuple]] = {}
    for row in tables["deadlines"][1]:
        deadlines_by_task.setdefault(row[cols["deadlines"]["task_id"]], []).append(row)

    mc, ec, tc = cols["reference_mentions"], cols["edges"], cols["tasks"]
    ac, lc = cols["task_assignments"], cols["deadlines"]
    ids = {"doc": 0, "mention": 0, "edge": 0, "task": 0, "assignment": 0, "deadline": 0}
    batch: dict[str, list[tuple]] = {t: [] for t in tables}
    for count in range(n):
        k, j = divmod(count, len(docs))
        k_doc[0] = j
        row = list(docs[j])
        old_doc = row[dc["id"]]
        ids["doc"] += 1
        doc_id = row[dc["id"]] = ids["doc"]
        own_node = node_of(k, row[dc["node_id"]])
        row[dc["node_id"]] = own_node
        if row[dc["number"]] and own_node is not None:
            row[dc["number"]] = cited_id[own_node] or row[dc["number"]]
        row[dc["sha256"]] = hashlib.sha256(f"{k}|{row[dc['sha256']]}".encode()).hexdigest()
        row[dc["path"]] = f"archive/{k:05d}/{Path(row[dc['path']]).name}"
        batch["documents"].append(tuple(row))
        mention_ids = {}
        for m in mentions_by_doc.get(old_doc, []):
            m = list(m)
            ids["mention"] += 1
            mention_ids[m[mc["id"]]] = m[mc["id"]] = ids["mention"]
            m[mc["document_id"]] = doc_id
            m[mc["node_id"]] = node_of(k, m[mc["node_id"]])
            if m[mc["cited_id"]] and m[mc["node_id"]] is not None:
                m[mc["cited_id"]] = cited_id[m[mc["node_id"]]] or m[mc["cited_id"]]
            batch["reference_mentions"].append(tuple(m))
        for e in edges_by_doc.get(old_doc, []):
            e = list(e)
            ids["edge"] += 1
            e[ec["id"]] = ids["edge"]
            e[ec["source_id"]] = node_of(k, e[ec["source_id"]])
            e[ec["target_id"]] = node_of(k, e[ec["target_id"]])
            e[ec["document_id"]] = doc_id
            e[ec["mention_id"]] = mention_ids[e[ec["mention_id"]]]
            batch["edges"].append(tuple(e))
        for t in tasks_by_doc.get(old_doc, []):
            t = list(t)
            old_task = t[tc["id"]]
            ids["task"] += 1
            task_id = t[tc["id"]] = ids["task"]
            t[tc["document_id"]] = doc_id
            t[tc["uid"]] = hashlib.sha256(f"{k}|{t[tc['uid']]}".encode()).hexdigest()[:32]
            batch["tasks"].append(tuple(t))
            for a in assignments_by_task.get(old_task, []):
                a = list(a)
                ids["assignment"] += 1
                a[ac["id"]], a[ac["task_id"]] = ids["assignment"], task_id
                batch["task_assignments"].append(tuple(a))
            for d in deadlines_by_task.get(old_task, []):
                d = list(d)
                ids["deadline"] += 1
                d[lc["id"]], d[lc["task_id"]] = ids["deadline"], task_id
                batch["deadlines"].append(tuple(d))
        if len(batch["documents"]) >= 2000 or count == n - 1:
            for table in ("documents", "reference_mentions", "edges", "tasks", "task_assignments", "deadlines"):
                insert(table, batch[table])
                batch[table].clear()
    out.commit()
    out.close()
    return db


# -- (h) queries at archive scale, (i) the CLI's cold start -------------------------------------------

N_LARGE, N_SMALL, RUNS = 30_000, 3_000, 3


def _sql(name: str, args: dict) -> list[tuple[str, tuple]]:
    """The SQL a query command runs, as a user would write it for sqlite3: what the command's own time is
    compared with."""
    citations = ("SELECT e.id, e.relation, e.via_of, d.id, d.path, d.number, d.date, d.node_id, m.position, m.text, "
                 "s.*, t.* FROM edges e JOIN nodes s ON e.source_id = s.id JOIN nodes t ON e.target_id = t.id "
                 "JOIN documents d ON e.document_id = d.id JOIN reference_mentions m ON e.mention_id = m.id WHERE {}")
    endings = ("SELECT e.target_id, e.relation, e.source_id, d.number, d.path, d.date FROM edges e JOIN documents d "
               "ON e.document_id = d.id AND e.source_id = d.node_id WHERE e.relation IN ('replaces', 'repeals') "
               "AND e.target_id IN (SELECT target_id FROM edges WHERE {})")
    owners = ("SELECT node_id, id, path FROM documents WHERE node_id IN (SELECT source_id FROM edges WHERE {0} "
              "UNION SELECT target_id FROM edges WHERE {0})")
    order = "ORDER BY coalesce(d.date, ''), d.id, t.position"
    tasks = [("SELECT t.id, t.uid, t.section, t.description, t.products, d.id, d.number, d.path, d.date, t.position "
              f"FROM tasks t JOIN documents d ON t.document_id = d.id {order}", ()),
             ("SELECT a.task_id, a.role, a.written FROM tasks t JOIN documents d ON t.document_id = d.id "
              f"JOIN task_assignments a ON a.task_id = t.id {order}, a.id", ()),
             ("SELECT x.task_id, x.text, x.start, x.\"end\", x.recurrence, x.ongoing FROM tasks t JOIN documents d "
              f"ON t.document_id = d.id JOIN deadlines x ON x.task_id = t.id {order}, x.id", ())]
    if name == "cites":
        where, params = "e.target_id = ?", (args["node"],)
        return [(citations.format(where), params), (endings.format("target_id = ?"), params),
                (owners.format("target_id = ?"), params * 2)]
    if name == "refs":
        params = (args["document"],)
        return [(citations.format("e.document_id = ?"), params), (endings.format("document_id = ?"), params),
                (owners.format("document_id = ?"), params * 2)]
    if name == "top-cited":
        return [("SELECT n.*, c.documents, c.mentions FROM (SELECT target_id, count(DISTINCT document_id) AS documents, "
                 "count(DISTINCT mention_id) AS mentions FROM edges WHERE NOT via_of GROUP BY target_id) c "
                 "JOIN nodes n ON n.id = c.target_id ORDER BY c.documents DESC, c.mentions DESC, "
                 "coalesce(n.cited_id, ''), n.id LIMIT 20", ())]
    if name == "graph graphml":
        return [("SELECT n.*, d.id, d.path FROM nodes n LEFT JOIN (SELECT node_id, max(id) AS doc_id FROM documents "
                 "GROUP BY node_id) o ON o.node_id = n.id LEFT JOIN documents d ON d.id = o.doc_id ORDER BY n.id", ()),
                ("SELECT e.id, e.source_id, e.target_id, e.relation, e.via_of, d.path FROM edges e JOIN documents d "
                 "ON e.document_id = d.id ORDER BY e.source_id, min(e.id) OVER (PARTITION BY e.source_id, "
                 "e.target_id), e.id", ())]
    return tasks  # tasks ics, tasks csv


def _commands(db: Path) -> tuple[dict[str, list[str]], dict[str, int]]:
    """The query commands timed, with their arguments on this store: who cites the most-cited numbered
    document, what the last document citing most cites, the top 20, the whole graph, every task."""
    con = sqlite3.connect(db)
    node, cited = con.execute(
        "SELECT n.id, n.cited_id FROM edges e JOIN nodes n ON n.id = e.target_id WHERE NOT e.via_of AND n.cited_id "
        "IS NOT NULL GROUP BY n.id ORDER BY count(DISTINCT e.document_id) DESC, n.id LIMIT 1").fetchone()
    document = con.execute("SELECT document_id FROM reference_mentions GROUP BY document_id "
                           "ORDER BY count(*) DESC, document_id DESC LIMIT 1").fetchone()[0]
    con.close()
    url = f"sqlite:///{db}"
    commands = {"cites": ["cites", cited], "refs": ["refs", f"#{document}"], "top-cited": ["top-cited"],
                "graph graphml": ["graph", "--format", "graphml"], "tasks ics": ["tasks", "--format", "ics"],
                "tasks csv": ["tasks", "--format", "csv"]}
    return {name: [*args, "--db", url] for name, args in commands.items()}, {"node": node, "document": document}


def _run_sql(db: Path, statements: list[tuple[str, tuple]], out: Path) -> None:
    """The statements run by the ``sqlite3`` shell, their rows written to ``out`` as it writes them (CSV), as
    the command writes its own; Python's sqlite3 reading every row where the shell is not installed."""
    if shutil.which("sqlite3"):
        script = "".join(_literal(sql, params) + ";\n" for sql, params in statements)
        with open(out, "wb") as stream:
            subprocess.run(["sqlite3", "-csv", str(db)], input=script.encode(), stdout=stream, check=True)
        return
    con = sqlite3.connect(db)
    for sql, params in statements:
        for _ in con.execute(sql, params):
            pass
    con.close()


def _literal(sql: str, params: tuple) -> str:
    for value in params:  # ids only
        sql = sql.replace("?", str(int(value)), 1)
    return sql


def _run_vanban(args: list[str], out: Path) -> None:
    """The command as ``vanban ARGS > out`` runs it, in this process (its imports already made)."""
    import contextlib

    from extract.cli import _app_for

    with open(out, "w", encoding="utf-8") as stream, contextlib.redirect_stdout(stream):
        _app_for(args)(args, standalone_mode=False)


def _peak_rss_mb(cmd: list[str]) -> float:
    """Peak RSS of the process running ``cmd`` (VmHWM, read until it exits: the rusage of a child
    forked from this large process would count the fork's pages)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        try:
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.01)
    assert proc.returncode == 0, cmd
    return peak / 1024


def bench_queries(work: Path, say=print) -> dict[str, float]:
    """(h) each query command on a 30,000-document store — run in this process, its imports made (the cold
    start is (i)), its output written to a file — against the same SQL run by the ``sqlite3`` shell writing
    its rows to a file; min of RUNS taken in turn. Then the peak RSS of the exports, each in a fresh
    process, on that store against a 3,000-document one."""
    tpl = template(work / "archive-template.db")
    stores = {}
    for n in (N_SMALL, N_LARGE):
        t = time.perf_counter()
        stores[n] = build(work / f"archive{n}.db", n, tpl)
        say(f"(h) a store of {n} documents built in {time.perf_counter() - t:.1f} s")
    commands, args = _commands(stores[N_LARGE])
    out = work / "query.out"
    results: dict[str, float] = {}
    for name, cmd in commands.items():
        _run_vanban(cmd, out)  # warm-up: imports, the page cache
        ours, sql = [], []
        for _ in range(RUNS):
            t = time.perf_counter()
            _run_vanban(cmd, out)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            _run_sql(stores[N_LARGE], _sql(name, args), work / "sql.out")
            sql.append(time.perf_counter() - t)
        key = name.replace(" ", "_").replace("-", "_")
        results[f"q_{key}_s"] = round(min(ours), 3)
        results[f"q_{key}_sql_s"] = round(min(sql), 3)
        results[f"q_{key}_vs_sql"] = round(min(ours) / min(sql), 2)
        say(f"(h) {name}: vanban {min(ours):.2f} s, the same SQL {min(sql):.2f} s")
    results["queries_vs_sql_max"] = max(v for k, v in results.items() if k.endswith("_vs_sql"))
    # the whole command as a user runs it, in a fresh process: peak RSS on the two stores
    growth = []
    for name in ("graph graphml", "tasks ics"):
        small_cmd = [a.replace(str(stores[N_LARGE]), str(stores[N_SMALL])) for a in commands[name]]
        base = [sys.executable, "-m", "extract"]
        large = _peak_rss_mb([*base, *commands[name], "-o", str(out)])
        small = _peak_rss_mb([*base, *small_cmd, "-o", str(out)])
        key = name.replace(" ", "_")
        results[f"rss_{key}_{N_LARGE}_mb"], results[f"rss_{key}_{N_SMALL}_mb"] = round(large, 1), round(small, 1)
        growth.append(large / small)
    results["rss_30000_vs_3000"] = round(max(growth), 3)
    return results


def bench_cli_start(say=print) -> dict[str, float]:
    """(i) ``vanban version`` and ``vanban extract`` of one small file, each a fresh process, against
    ``python -c pass``; min of 5. Bytecode is written and read as in an installed package."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    small = ROOT / "corpus" / "seed-003.txt"
    cmds = {"python": [sys.executable, "-c", "pass"], "version": [sys.executable, "-m", "extract", "version"],
            "extract": [sys.executable, "-m", "extract", "extract", str(small)]}
    best = {}
    for name, cmd in cmds.items():
        subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm-up: bytecode, the page cache
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run(cmd, env=env, capture_output=True, check=True)
            runs.append(time.perf_counter() - t)
        best[name] = min(runs)
    say(f"(i) python -c pass {best['python']:.3f} s, vanban version {best['version']:.3f} s, "
        f"vanban extract (one small file) {best['extract']:.2f} s")
    return {"python_start_s": round(best["python"], 3), "cli_version_s": round(best["version"], 3),
            "cli_extract_small_s": round(best["extract"], 2),
            "cli_start_vs_python": round(best["version"] / best["python"], 2),
            "cli_extract_small_vs_python": round(best["extract"] / best["python"], 1)}


if __name__ == "__main__":  # python bench/archive.py N OUT.db: a store to try the queries on
    work = ROOT / "bench" / "work"
    print(build(Path(sys.argv[2]), int(sys.argv[1]), template(work / "archive-template.db")))
