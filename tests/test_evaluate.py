"""``vanban eval`` on gold written from the text alone: no spans, descriptions with elisions."""

import json

import pytest

from extract.evaluate import _match_by_description, evaluate, gold_files
from extract.rules import fold


@pytest.mark.parametrize("written, folded", [
    ("Sở Văn hoá, Thể thao và Du lịch", "so van hoa the thao va du lich"),
    ("Sở Văn hóa,  Thể thao\nvà Du lịch", "so van hoa the thao va du lich"),
    ("ĐẨY MẠNH “Toàn dân …”", "day manh toan dan"),
])
def test_fold_forgets_case_diacritics_and_punctuation(written, folded):
    assert fold(written) == folded


def _task(text, section=None, description=None):
    return {"text": text, "description": description or text, "section": section}


def test_description_fragments_pick_the_task_that_holds_them():
    gold = [{"section": "III.10", "description": "tham mưu triển khai thực hiện các nội dung tại Dự án 6 …"},
            {"section": "III.10", "description": "tham mưu triển khai thực hiện các nội dung tại Tiểu dự án 1: "
                                                  "Truyền thông … (thuộc Dự án 7)"}]
    pred = [_task("- Sở Văn hoá, Thể thao và Du lịch tham mưu triển khai thực hiện các nội dung tại Tiểu dự án 1: "
                  "Truyền thông về phòng, chống ma túy (thuộc Dự án 7).", "III.10"),
            _task("- Sở Y tế tham mưu triển khai thực hiện các nội dung tại Dự án 6: Tăng cường đáp ứng y tế.", "III.10")]
    assert _match_by_description(gold, pred) == [(0, 1), (1, 0)]


def test_a_merged_task_matches_one_gold_task_only():
    gold = [{"section": "1", "description": "Rà soát thủ tục hành chính …"},
            {"section": "2", "description": "Công khai thủ tục hành chính …"}]
    pred = [_task("Sở Tư pháp rà soát thủ tục hành chính; công khai thủ tục hành chính trên Cổng.", "1")]
    assert _match_by_description(gold, pred) == [(0, 0), (1, None)]


def test_a_task_holding_only_the_opening_is_no_match():
    gold = [{"section": "1", "description": "Rà soát thủ tục hành chính thuộc thẩm quyền của Sở, đề xuất cắt giảm "
                                             "các thủ tục không cần thiết …"}]
    pred = [_task("Rà soát thủ tục hành chính thuộc thẩm quyền.", "1")]
    assert _match_by_description(gold, pred) == [(0, None)]


def test_gold_in_a_gold_folder_scores_the_document_beside_it(tmp_path):
    (tmp_path / "gold").mkdir()
    doc = tmp_path / "cv-1.txt"
    doc.write_text("UBND TỈNH QUẢNG NGÃI\nSố: 12/UBND\nV/v rà soát thủ tục\n"
                   "Giao Sở Tư pháp rà soát thủ tục hành chính, báo cáo trước ngày 30/6/2024.\n", encoding="utf-8")
    gold = {"document": {"number": "12/UBND"}, "references": [],
            "tasks": [{"section": None, "description": "rà soát thủ tục hành chính, báo cáo …",
                       "lead": ["Sở Tư pháp"], "support": [], "products": [],
                       "deadlines": [{"text": "trước ngày 30/6/2024", "start": None, "end": "2024-06-30",
                                      "recurrence": None, "ongoing": False}]}]}
    (tmp_path / "gold" / "cv-1.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    assert gold_files(tmp_path) == [(tmp_path / "gold" / "cv-1.gold.json", doc)]
    result = evaluate(tmp_path)
    assert result.documents == 1 and not result.errors
    assert result.scores["tasks"].tp == 1 and result.scores["tasks.lead"].f1 == 1.0
    assert result.scores["tasks.deadlines.dated"].f1 == 1.0
    assert "document.title" not in result.scores  # a field the gold does not state is not scored
