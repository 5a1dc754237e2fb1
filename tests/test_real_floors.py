"""Accuracy floors on real documents whose gold was written from the text alone (issue 11).

``../shared/corpus-real-2`` holds 20 real documents that assign work, 8 with gold beside them
(``gold/``); ``corpus/gold-real-2`` holds gold for the other 12, written the same way. The
floors are issue 11's: tasks found F1 ≥ 0.85, lead ≥ 0.85, support ≥ 0.75, dated deadlines ≥ 0.80;
and issue 12's: references (id + date) F1 ≥ 0.97, relation accuracy ≥ 0.95 — also on the 14 documents of
``../shared/corpus-real`` whose reference gold ``corpus/gold-real`` holds (written blind, no tasks).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extract import ocr
from extract.evaluate import evaluate

from .conftest import CORPUS, ROOT

FLOORS = {"tasks": 0.85, "tasks.lead": 0.85, "tasks.support": 0.75, "tasks.deadlines.dated": 0.80,
          "references": 0.97}
ACCURACY = {"references.relation": 0.95}


def _shared() -> Path | None:
    candidates = [os.environ.get("VANBAN_SHARED"), ROOT.parent / "shared", Path("/work/shared")]
    for c in candidates:
        if c and (Path(c) / "corpus-real-2" / "gold").is_dir():
            return Path(c) / "corpus-real-2"
    return None


REAL = _shared()
needs_real = pytest.mark.skipif(REAL is None, reason="../shared/corpus-real-2 is not on this machine (set VANBAN_SHARED)")


def _check(result, documents: int, floors: dict = FLOORS, accuracy: dict = ACCURACY) -> None:
    # the scanned document needs Tesseract; without it that one document is an error, the rest still count
    allowed = [e for e in result.errors if ocr.unavailable() and "OCR" in e]
    assert result.errors == allowed, result.errors
    assert result.documents + len(allowed) == documents
    for field, floor in floors.items():
        assert result.scores[field].f1 >= floor, (field, round(result.scores[field].f1, 3))
    for field, floor in accuracy.items():
        assert result.accuracies[field].value >= floor, (field, round(result.accuracies[field].value, 3))


def test_floors_on_the_bundled_corpus():
    _check(evaluate(CORPUS), len(list(CORPUS.glob("*.gold.json"))))


@needs_real
def test_floors_on_the_shared_gold():
    _check(evaluate(REAL), 8)


@needs_real
def test_floors_on_all_twenty_real_documents():
    _check(evaluate(REAL, (CORPUS / "gold-real-2",)), 20)


@needs_real
def test_reference_floors_on_the_decrees_annotated_blind():
    gold = CORPUS / "gold-real"
    _check(evaluate(REAL.parent / "corpus-real", (gold,)), len(list(gold.glob("*.gold.json"))),
           {"references": 0.97, "references.laws_by_name": 0.95}, ACCURACY)


def test_floors_on_the_documents_written_in_real_forms():
    # corpus/forms: a portal crawl, a Markdown transcription, OCR output, a Công báo text layer, a Party
    # directive — written for tests, gold written blind by annotators who had not written them
    forms = CORPUS / "forms"
    _check(evaluate(forms), len(list(forms.glob("*.gold.json"))), {"references": 0.97, "tasks": 0.85}, ACCURACY)


@pytest.mark.parametrize("folder", ["forms-2", "forms-3"])
def test_floors_on_the_later_batches_of_real_forms(folder):
    # corpus/forms-2 and forms-3: letters, programmes, conclusions, a founding decision, a report, a Party plan,
    # a gazette resolution, an issued PDF with a ruled appendix, a Word 97 letter — gold written blind (README)
    forms = CORPUS / folder
    _check(evaluate(forms), len(list(forms.glob("*.gold.json"))),
           {"references": 0.97, "tasks": 0.95, "tasks.lead": 0.90, "tasks.support": 0.90, "tasks.deadlines.dated": 0.85},
           {"references.relation": 0.85})  # forms-2 .889, forms-3 .923 on 2026-12-02


def test_floors_on_the_fourth_batch_of_real_forms():
    # corpus/forms-4: a conclusions notice as an issued PDF, a Công điện on a news portal's page, a programme's
    # table by quarter, a ministry's guiding letter as a legal portal's text — gold written blind (README)
    forms = CORPUS / "forms-4"
    _check(evaluate(forms), len(list(forms.glob("*.gold.json"))),
           {"references": 0.97, "tasks": 0.90, "tasks.lead": 0.87, "tasks.support": 0.90, "tasks.deadlines.dated": 0.85},
           {"references.relation": 0.85})  # tasks .939, lead .898 (.831 before the names it defines), support .966,
    # dated .880, relation .880 on 2026-12-03


def test_floors_on_the_fifth_batch_of_real_forms():
    # corpus/forms-5: a scanned letter (OCR; without Tesseract it is an allowed error), a plan's two-row table
    # header, a legal database's HTML decision with rowspans, an Office's notice of conclusions — gold written blind
    forms = CORPUS / "forms-5"
    _check(evaluate(forms), len(list(forms.glob("*.gold.json"))),
           {"references": 0.97, "tasks": 0.90, "tasks.lead": 0.85, "tasks.support": 0.80, "tasks.deadlines.dated": 0.85},
           {"references.relation": 0.90})  # tasks .991, lead .957, support .915, dated .971, relation .962 on 2026-12-02


def test_floors_on_the_sixth_batch_of_real_forms():
    # corpus/forms-6: a department's report as an issued PDF, a joint plan as Word 97, a letter as Markdown
    forms = CORPUS / "forms-6"
    _check(evaluate(forms), len(list(forms.glob("*.gold.json"))),
           {"references": 0.97, "tasks": 0.95, "tasks.lead": 0.90, "tasks.support": 0.80, "tasks.deadlines.dated": 0.90},
           {"references.relation": 0.80})  # tasks .981, lead .943 (.941, .902 before the letter's request was read),
    # support .889, dated .957, relation .846 on 2026-12-03


def test_floors_on_the_seventh_batch_of_real_forms():
    # corpus/forms-7: a Party notice typed in TCVN3 as DOCX, a decision with its coordination regulation as an
    # issued PDF, a commune's event plan on a portal page, a plan pasted as text with a tab-separated table
    forms = CORPUS / "forms-7"
    _check(evaluate(forms), len(list(forms.glob("*.gold.json"))),
           {"references": 0.97, "tasks": 0.92, "tasks.lead": 0.83, "tasks.support": 0.88, "tasks.deadlines.dated": 0.86},
           {"references.relation": 0.95})  # tasks .964, lead .877, support .926, dated .906 (.793 before the event's day
    # was read from a numbered "1. Thời gian:" line), relation 1.00 on 2026-12-03


def test_floors_on_the_eighth_batch_of_real_forms():
    # corpus/forms-8: a Word draft with tracked changes, a quarterly programme grouped by month, e-office
    # assignment sheets with field labels, a decision with a landscape appendix broken over pages
    forms = CORPUS / "forms-8"
    _check(evaluate(forms), len(list(forms.glob("*.gold.json"))),
           {"references": 0.97, "references.laws_by_name": 0.97, "references.of": 0.97, "tasks": 0.97, "tasks.lead": 0.96,
            "tasks.support": 0.96, "tasks.products": 0.97, "tasks.deadlines": 0.95, "tasks.deadlines.dated": 0.96},
           {"references.relation": 0.95, "references.issuer": 0.94})
    # on 2026-12-03: references, laws by name, of 1.000, tasks 1.000, lead .985, support .990, products .991, deadlines
    # .980, dated .993, relation .970, issuer .970 (were references .909, laws .400, of .167, tasks .924, lead .912,
    # support .874, products .860, dated .667 before the grid form, the month groups and the amending law's number)
