"""The spaCy pipeline with underthesea as its tokenizer."""

from __future__ import annotations

import pytest

from extract.nlp import pipeline
from extract.tagging import predicate_start
from extract.units import unit_at


@pytest.mark.parametrize(
    "text",
    [
        "Giao Sở Tài chính chủ trì, phối hợp với Kho bạc Nhà nước khu vực II rà soát.",
        "  Ủy ban nhân dân các quận,  huyện đẩy nhanh công tác bồi thường (GPMB)…\n",
        "Căn cứ Quyết định số 57/QĐ-UBND ngày 25/01/2024;",
    ],
)
def test_tokenization_is_lossless_and_tagged(text):
    doc = pipeline()(text)
    assert doc.text == text
    assert all(t.tag_ for t in doc)


def test_unit_spans_from_the_rules():
    doc = pipeline()("Ủy ban nhân dân các quận, huyện đẩy nhanh công tác bồi thường.")
    assert [s.text for s in doc.spans["units"]] == ["Ủy ban nhân dân các quận"]


def test_predicate_from_part_of_speech_when_the_lexicon_has_no_verb():
    text = "Công an tỉnh lắp đặt camera tại các nút giao thông trọng điểm."  # "lắp đặt" is in no rule file
    assert predicate_start(text, len("Công an tỉnh")) == text.index("lắp đặt")
    assert unit_at(text, 0, len(text)) == (["Công an tỉnh"], text.index("lắp đặt"))


def test_relative_clause_stays_in_the_name():
    text = "Chi cục Hải quan nơi đăng ký tờ khai thực hiện xem xét, phê duyệt."
    assert unit_at(text, 0, len(text))[0] == ["Chi cục Hải quan nơi đăng ký tờ khai"]
