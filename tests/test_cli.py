"""The real `vanban` command on real files and temporary databases."""

from __future__ import annotations

import json
import unicodedata

import pytest

from .conftest import CORPUS, ROOT, SEEDS, run_cli

COMMANDS = ["text", "extract", "ingest", "eval", "version", "cites", "refs", "show", "graph", "top-cited",
            "unresolved", "tasks", "check"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    r = run_cli(command, "--help")
    assert r.returncode == 0
    assert "Example: vanban " + command in r.stdout.decode()


def test_extract_several_seeds_gives_json_lines():
    shared = ROOT.parent / "shared" / "seeds"
    paths = sorted(shared.glob("*.txt")) or SEEDS
    r = run_cli("extract", *map(str, paths), "--format", "json")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode().splitlines()
    assert len(lines) == len(paths)
    for line, path in zip(lines, paths, strict=True):
        d = json.loads(line)
        assert d["schema"] == "vanban.extraction/1" and d["source"]["path"] == str(path)


def test_spans_point_at_characters_of_vanban_text():
    path = CORPUS / "seed-003.txt"
    text = run_cli("text", str(path)).stdout.decode()[:-1]  # the final newline is the printer's
    d = json.loads(run_cli("extract", str(path)).stdout)
    for r in d["references"]:
        assert text[r["span"][0]:r["span"][1]] == r["text"]
    for t in d["tasks"]:
        assert text[t["span"][0]:t["span"][1]] == t["text"]
    for key, (s, e) in d["document"]["spans"].items():
        assert e > s, key


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", bytes(range(256)) * 64, "binary file"),
        ("fake.pdf", b"not a pdf at all", "not a readable PDF"),
    ],
)
def test_hostile_single_file_one_line_error(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    r = run_cli("extract", str(p))
    err = r.stderr.decode().strip()
    assert r.returncode == 1
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert name in err and reason in err


def test_nfd_and_huge_line_inputs(tmp_path):
    nfd = tmp_path / "nfd.txt"
    nfd.write_text(unicodedata.normalize("NFD", (CORPUS / "seed-004.txt").read_text(encoding="utf-8")), encoding="utf-8")
    d = json.loads(run_cli("extract", str(nfd)).stdout)
    assert d["references"][0]["id"] == "10/CT-UBND"
    huge = tmp_path / "huge.txt"
    huge.write_text(("Căn cứ Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh; " * 80000)[:5_000_000],
                    encoding="utf-8")
    r = run_cli("extract", str(huge))
    assert r.returncode == 0
    assert len(json.loads(r.stdout)["references"]) > 50000


def test_batch_records_bad_files_and_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes((CORPUS / "seed-002.txt").read_bytes())
    (folder / "b.txt").write_bytes(b"")
    r = run_cli("extract", str(folder))
    assert r.returncode == 2
    lines = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [("error" in x) for x in lines] == [False, True]
    assert lines[1]["error"] == "empty file"


def test_ingest_twice_is_idempotent_and_summarises(tmp_path):
    db = f"sqlite:///{tmp_path / 'v.db'}"
    first = run_cli("ingest", str(CORPUS), "--db", db)
    assert first.returncode == 0, first.stderr
    n = len([p for p in CORPUS.rglob("*") if p.suffix in {".txt", ".md", ".docx", ".doc", ".html", ".pdf"} and p.name != "README.md"])
    out = first.stdout.decode()
    assert f"ingested {n}," in out and "Most-cited" in out
    second = run_cli("ingest", str(CORPUS), "--db", db)
    assert f"ingested 0, replaced 0 (new extractor), skipped {n}" in second.stdout.decode().replace("\n", " ")


def test_a_folder_gives_its_word_97_files_too(tmp_path):
    # a .doc beside text files was once left out of a folder's listing: neither stored nor failed
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes((CORPUS / "seed-000.txt").read_bytes())
    (folder / "b.doc").write_bytes((ROOT / "tests" / "data" / "kh-doc97.doc").read_bytes())
    r = run_cli("ingest", str(folder), "--db", f"sqlite:///{tmp_path / 'v.db'}")
    assert r.returncode == 0, r.stderr
    assert "ingested 2," in r.stdout.decode() and "store: 2 documents" in r.stdout.decode().replace("\n", " ")


def test_ingest_bad_file_leaves_store_untouched(tmp_path):
    db = f"sqlite:///{tmp_path / 'v.db'}"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes((CORPUS / "seed-000.txt").read_bytes())
    (folder / "z.pdf").write_bytes(b"%PDF-1.4 broken")
    r = run_cli("ingest", str(folder), "--db", db)
    assert r.returncode == 2
    assert "z.pdf" in r.stderr.decode()
    assert "store: 1 documents" in r.stdout.decode().replace("\n", " ")


def test_eval_json(tmp_path):
    r = run_cli("eval", str(CORPUS), "--json")
    assert r.returncode == 0
    d = json.loads(r.stdout)
    assert d["documents"] >= 5 and "references" in d["scores"]


@pytest.mark.parametrize("args", [["show", "#999999999999999999999999"], ["show", "%"], ["refs", "_"],
                                  ["tasks", "--doc", "#99999999999999999999"]])
def test_wildcards_and_huge_ids_name_no_document(tmp_path, args):
    db = f"sqlite:///{tmp_path / 'v.db'}"
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("seed-000.txt", "seed-003.txt"):
        (folder / name).write_bytes((CORPUS / name).read_bytes())
    assert run_cli("ingest", str(folder), "--db", db, "-q").returncode == 0
    r = run_cli(*args, "--db", db)
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "no stored document matches" in err


@pytest.mark.parametrize("command", ["extract", "text"])
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path, command):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = run_cli(command, str(fifo))  # reading it would wait forever: run_cli's timeout would fail the test
    err = r.stderr.decode().strip()
    assert r.returncode == 1 and len(err.splitlines()) == 1, err
    assert "pipe.txt: not a regular file but a named pipe (FIFO)" in err


def test_a_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path):
    import os

    path = os.path.join(os.fsencode(tmp_path), b"k\xe9-ho\xffach.txt")
    with open(path, "wb") as f:
        f.write((CORPUS / "seed-003.txt").read_bytes())
    r = run_cli("extract", os.fsdecode(path))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["source"]["path"].endswith("k\\xe9-ho\\xffach.txt")
