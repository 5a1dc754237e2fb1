"""Rule data: every example is matched, every entry has examples, files parse."""

from __future__ import annotations

import pytest

from extract import rules
from extract.clean import clean
from extract.references import find_references
from extract.units import split_units


@pytest.mark.parametrize("kind", rules.kinds(), ids=lambda k: k.slug)
def test_every_kind_has_an_example_that_is_found(kind):
    assert kind.examples, f"{kind.slug} has no example"
    for example in kind.examples:
        text = clean(example).text
        found = find_references(text)
        assert found, example
        assert found[0].type == kind.slug, (example, found[0].type)


@pytest.mark.parametrize("relation", ["based_on", "implements", "amends", "replaces", "repeals", "guides"])
def test_every_relation_cue_group_has_an_example(relation):
    data = rules.load("relations")
    entry = data["opening"].get(relation) or data["action"].get(relation)
    assert entry["cues"] and entry["examples"]


def test_relation_examples_resolve_to_their_relation():
    from extract.resolve import CitingContext, resolve

    data = rules.load("relations")
    for group in ("opening", "action"):
        for relation, entry in data[group].items():
            for example in entry["examples"]:
                text = clean(example).text
                refs = resolve(text, find_references(text), CitingContext())
                got = [r.of[1] if r.of else r.relation for r in refs]
                assert relation in got, (example, got)


def test_unit_examples_are_split_into_units():
    for example in rules.load("units")["examples"]:
        text = example.split(" chủ trì")[0].split(" thực hiện")[0].removeprefix("Giao ")
        assert split_units(text), example


def test_provinces_are_unique_and_nfc():
    names = [p.name for p in rules.provinces()]
    assert len(names) == len(set(names)) == 63
    assert all(rules.nfc(n) == n for n in names)
