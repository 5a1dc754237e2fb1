"""models/vanban-vi: the spaCy pipeline built from rules/ by ``make models`` (issue 14)."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import regex
import spacy

from extract import spacy_model
from extract.pipeline import extract_bytes

REPO = Path(__file__).resolve().parent.parent
MODEL = REPO / "models" / spacy_model.NAME
CORPUS = REPO / "corpus"
# small documents with references, units, deadlines and tasks; real-001 has underthesea's word
# "VIII Luật" across the start of "Luật Quản lý thuế số 38/2019/QH14", synth-cv-so-noi-vu-ocr a
# deadline span that starts with a space
DOCUMENTS = ["synth-cv-so-noi-vu-ocr.txt", "synth-ct-ubnd-thanh-hoa.txt", "real-001-nd-91-2022.txt"]


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(MODEL)


def _extraction(name):
    return extract_bytes((CORPUS / name).read_bytes(), name)


def _trimmed(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def test_models_is_in_sync_with_rules():
    """A rules/ edit without ``make models`` fails here."""
    stored = spacy.util.load_config(MODEL / "config.cfg")["components"][spacy_model.FACTORY]["rules_fingerprint"]
    manifest = json.loads((MODEL / spacy_model.FACTORY / spacy_model.MANIFEST).read_text(encoding="utf-8"))
    current = spacy_model.rule_files(REPO / "rules")
    changed = sorted(n for n in current.keys() | manifest["files"].keys()
                     if current.get(n) != manifest["files"].get(n))
    assert stored == spacy_model.rules_fingerprint(REPO / "rules"), \
        f"models/{spacy_model.NAME} was built from other rules (changed: {', '.join(changed)}): run `make models`"
    assert manifest["fingerprint"] == stored and not changed


def test_fingerprint_follows_every_rule_file(tmp_path):
    """What the sync test relies on: any byte of any rule file changes the fingerprint, line ends
    and the JSON Schemas do not."""
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    folder = tmp_path / "rules"
    base = spacy_model.rules_fingerprint(folder)
    assert base == spacy_model.rules_fingerprint(REPO / "rules")
    names = sorted(p.name for p in folder.glob("*.yaml"))
    assert "units.yaml" in names and len(names) == len(spacy_model.rule_files(folder))
    for name in names:
        path = folder / name
        data = path.read_bytes()
        path.write_bytes(data + b"# edited\n")
        assert spacy_model.rules_fingerprint(folder) != base, name
        path.write_bytes(data.replace(b"\n", b"\r\n"))
        assert spacy_model.rules_fingerprint(folder) == base, name
        path.write_bytes(data)
    (folder / "schema" / "units.schema.json").write_text("{}", encoding="utf-8")
    assert spacy_model.rules_fingerprint(folder) == base


def test_loading_with_other_rules_warns(tmp_path, monkeypatch):
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    with open(tmp_path / "rules" / "kinds.yaml", "a", encoding="utf-8") as f:
        f.write("# edited\n")  # a comment: the rules the extractor reads are the same
    monkeypatch.setenv("VANBAN_RULES", str(tmp_path / "rules"))
    with pytest.warns(UserWarning, match=r"run `make models`"):
        spacy.load(MODEL)


def test_model_is_small_and_has_no_vectors(nlp):
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size < 64 * 1024, f"models/{spacy_model.NAME} is {size} bytes"
    assert nlp.vocab.vectors.shape[0] == 0
    assert nlp.pipe_names == [spacy_model.FACTORY]
    assert nlp.lang == "vi" and nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "vanban.underthesea_tokenizer"


# a fresh interpreter: no network, an empty home (no user cache), extract not imported before spacy.load
_FRESH = """
import json, socket, sys
def refuse(*args, **kwargs):
    raise OSError("network access during spacy.load / nlp(text)")
socket.socket.connect = socket.socket.connect_ex = socket.create_connection = refuse
import spacy
assert "extract" not in sys.modules
nlp = spacy.load(sys.argv[1])
doc = nlp(open(sys.argv[2], encoding="utf-8").read())
print(json.dumps({key: [[s.start_char, s.end_char, s.label_] for s in group] for key, group in doc.spans.items()}))
"""


def test_loads_in_a_fresh_process_without_downloading(tmp_path):
    name = "synth-cv-so-noi-vu-ocr.txt"
    ex = _extraction(name)
    text_file = tmp_path / "clean.txt"
    text_file.write_text(ex.text, encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("VANBAN_RULES", None)
    run = subprocess.run([sys.executable, "-c", _FRESH, str(MODEL), str(text_file)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    spans = json.loads(run.stdout)
    assert spans["references"] == [[*_trimmed(ex.text, *r.span), r.relation] for r in ex.references]
    assert spans["tasks"] == [[*_trimmed(ex.text, *t.span), "task"] for t in ex.tasks]
    assert len(spans["deadlines"]) == 5 and spans["units"]
    assert not list(tmp_path.glob(".*")) and not (tmp_path / "cache").exists()  # nothing written to home


@pytest.mark.parametrize("name", DOCUMENTS)
def test_spans_are_the_extractions(nlp, name):
    ex = _extraction(name)
    doc = nlp(ex.text)
    text = ex.text
    assert doc.text == text
    assert [(s.start_char, s.end_char, s.label_, s.id_ or None) for s in doc.spans["references"]] == \
        [(*_trimmed(text, *r.span), r.relation, r.id) for r in ex.references]
    assert [s._.vanban for s in doc.spans["references"]] == [r.dump() for r in ex.references]
    assert [(s.start_char, s.end_char) for s in doc.spans["tasks"]] == [_trimmed(text, *t.span) for t in ex.tasks]
    deadlines = {_trimmed(text, *d.span): d for t in ex.tasks for d in t.deadlines}
    assert {(s.start_char, s.end_char) for s in doc.spans["deadlines"]} == set(deadlines)
    for span in doc.spans["deadlines"]:
        d = deadlines[span.start_char, span.end_char]
        assert span.label_ == (d.end or d.recurrence or ("ongoing" if d.ongoing else "deadline"))
        assert span._.vanban["end"] == d.end
    for span in doc.spans["units"]:
        tasks = [ex.tasks[n] for n in span._.vanban["tasks"]]
        assert all(span._.vanban["name"] in getattr(t, span.label_) for t in tasks)
        assert span.text.casefold() == span._.vanban["name"].casefold()
    for key in spacy_model.SPAN_KEYS:
        for span in doc.spans[key]:  # exact spans: no token was cut, none ends or starts in white space
            assert span.text == text[span.start_char:span.end_char] and span.text == span.text.strip()
    stored, expected = doc.user_data["vanban"], ex.dump()
    assert stored["source"]["path"] == "<doc.text>"
    assert {k: v for k, v in stored.items() if k != "source"} == {k: v for k, v in expected.items() if k != "source"}


def test_spans_on_the_source_text(nlp):
    """Given the text as written, not the clean text, the spans are mapped back onto it."""
    name = "seed-001.txt"
    source = (CORPUS / name).read_text(encoding="utf-8")
    ex = _extraction(name)
    doc = nlp(source)
    assert doc.text == source and ex.text != source
    refs = doc.spans["references"]
    assert len(refs) == len(ex.references) > 20
    for span, r in zip(refs, ex.references, strict=True):
        assert (span.start_char, span.end_char) == _trimmed(source, *ex.clean.source_span(*r.span))
        assert span.label_ == r.relation
    assert any(" ".join(s.text.split()) != r.text for s, r in zip(refs, ex.references, strict=True))


def test_no_word_runs_over_a_line_break(nlp):
    text = _extraction("real-001-nd-91-2022.txt").text
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert not [t.text for t in doc if "\n" in t.text.strip()]


@pytest.mark.parametrize(
    ("cut_before", "tokens"),
    [
        # corpus/real-001-nd-91-2022.txt: underthesea's "VIII Luật" across a reference's start
        (["Luật"], ["Chương", "VIII", " ", "Luật", "Quản lý", "thuế"]),
        (["Luật", "thuế"], ["Chương", "VIII", " ", "Luật", "Quản lý", "thuế"]),
        (["VIII", "Quản lý"], ["Chương", "VIII Luật", "Quản lý", "thuế"]),  # already token boundaries
        ([], ["Chương", "VIII Luật", "Quản lý", "thuế"]),
    ],
)
def test_tokens_are_split_at_span_ends_only(nlp, cut_before, tokens):
    text = "Chương VIII Luật Quản lý thuế"
    doc = nlp.make_doc(text)
    assert [t.text for t in doc] == ["Chương", "VIII Luật", "Quản lý", "thuế"]  # underthesea's words
    tag = doc[1].tag_
    spacy_model._split_at(doc, {text.index(w) for w in cut_before})
    assert [t.text for t in doc] == tokens and doc.text == text
    assert all(t.tag_ == ("_SP" if t.is_space else tag) for t in doc if t.text in {"VIII", " ", "Luật", "VIII Luật"})


def test_displacy_renders_the_spans(nlp):
    ex = _extraction("synth-ct-ubnd-thanh-hoa.txt")
    doc = nlp(ex.text)
    out = spacy_model.render(doc, "references")
    label = regex.compile(r'<span style="[^"]*z-index: 10[^"]*">\s*(\w+)\s*</span>')  # displaCy's label box
    assert sorted(label.findall(out)) == sorted(r.relation for r in ex.references)
    shown = "".join(html.unescape(regex.sub(r"<[^>]*>", "", label.sub("", out))).split())
    for r in ex.references:
        assert "".join(r.text.split()) in shown
    assert spacy_model.RELATION_COLOURS[ex.references[0].relation] in out
    page = spacy_model.render(doc, "units", page=True)
    assert page.lstrip().startswith("<!DOCTYPE html>") and "lead" in page
