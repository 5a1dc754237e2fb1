"""The SPEC contract: JSON Schema of every corpus output, spans, and the eval floors."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from extract.evaluate import evaluate
from extract.pipeline import extract

from .conftest import CORPUS

SCHEMA = json.loads(resources.files("extract").joinpath("schema/extraction.schema.json").read_text())


@pytest.fixture(scope="module")
def outputs(corpus_docs):
    return {p.name: extract(p) for p in corpus_docs}


def test_every_output_validates_against_the_schema(outputs):
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for name, ex in outputs.items():
        errors = sorted(validator.iter_errors(ex.dump()), key=lambda e: list(e.path))
        assert not errors, (name, [f"{list(e.path)}: {e.message}" for e in errors[:3]])


def test_spans_point_at_the_text(outputs):
    for name, ex in outputs.items():
        for r in ex.references:
            assert ex.text[r.span[0]:r.span[1]] == r.text, name
        for t in ex.tasks:
            assert ex.text[t.span[0]:t.span[1]] == t.text, name
            for d in t.deadlines:
                assert d.text.lower() in ex.text[d.span[0]:d.span[1]].lower(), name


def test_unknown_values_are_null_never_empty(outputs):
    def walk(v):
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        else:
            assert v != ""

    for ex in outputs.values():
        walk(ex.dump())


def test_eval_floors():
    # the floors of issues 2–4, held on the bundled gold corpus
    result = evaluate(CORPUS)
    s, a = result.scores, result.accuracies
    assert result.documents >= 5 and not result.errors
    for field in ("type", "number", "issuer", "place", "date", "title", "signer.name", "signer.position"):
        assert s[f"document.{field}"].f1 == 1.0, field
    assert s["document.recipients"].f1 == 1.0
    assert s["references"].f1 >= 0.98
    assert a["references.relation"].value >= 0.95
    assert a["references.scope"].value >= 0.95
    assert s["tasks.lead"].f1 >= 0.90
    assert s["tasks.support"].f1 >= 0.85
    assert s["tasks.deadlines"].f1 >= 0.95
