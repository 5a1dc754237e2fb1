"""Syllables OCR broke, restored from underthesea's word list — and a correct text left as it is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extract.clean import clean
from extract.lexicon import restore

from .conftest import CORPUS, ROOT

# ../shared where it is (the real documents: more correct text to test on), else the corpus alone
SHARED = next((Path(c) for c in (os.environ.get("VANBAN_SHARED"), ROOT.parent / "shared", "/work/shared")
               if c and Path(c, "corpus-real-2").is_dir()), ROOT / "no-shared")


@pytest.mark.parametrize("broken, restored", [
    ("phát triên kinh tế", "phát triển kinh tế"),
    ("Phát triên ứng dụng dữ liệu", "Phát triển ứng dụng dữ liệu"),
    ("cơ quan, đơn vị phối hơp thực hiện", "cơ quan, đơn vị phối hợp thực hiện"),
    ("mâu thuẩn, chồng chéo", "mâu thuẫn, chồng chéo"),
    ("Kêt quả thực hiện", "Kết quả thực hiện"),
])
def test_a_broken_syllable_is_the_one_that_makes_a_word(broken, restored):
    assert restore(broken) == restored


@pytest.mark.parametrize("text", [
    "chính quyên địa phương",  # quyên is a syllable: left alone, though chính quyền was meant
    "Nguyễn Văn Thành",  # a name: the list holds none
    "GIÁM ĐÓC",  # capitals, no neighbour in the list: rules/ocr.yaml's header words mend these
    "kêt",  # no neighbour to make a word with
])
def test_what_the_list_cannot_decide_is_left_alone(text):
    assert restore(text) == text


def test_correct_texts_come_out_unchanged():
    """Every typed text we hold, cleaned, is unchanged but for the typos it has."""
    paths = sorted([*CORPUS.rglob("*.txt"), *CORPUS.rglob("*.md"), *(SHARED / "corpus-real-2").glob("*.txt"),
                    *(SHARED / "corpus-real").glob("*.txt"), *(SHARED / "seeds").glob("*.txt")])
    assert len(paths) > 30
    changed = set()
    for p in paths:
        text = clean(p.read_text(encoding="utf-8")).text
        for a, b in zip(text.split(), restore(text).split(), strict=True):
            if a != b:
                changed.add((a.strip(",.;"), b.strip(",.;")))
    # typos of the texts themselves (seed-000 writes "mâu thuẩn"), and the OCR transcription of corpus/forms
    assert changed <= {("thuẩn", "thuẫn"), ("hơp", "hợp")}
