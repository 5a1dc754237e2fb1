"""Deadlines: our temporal grammar (SPEC tasks.deadlines)."""

from __future__ import annotations

import pytest

from extract.deadlines import parse


def one(text: str, year: int | None = 2023, field: bool = True):
    got = parse(text, 0, year, in_field=field)
    return [(d.start, d.end, d.recurrence, d.ongoing) for d in got]


@pytest.mark.parametrize(
    "text, expected",
    [
        # SPEC examples and seed 003's "Thời gian thực hiện:" values
        ("Quý I năm 2023", [("2023-01-01", "2023-03-31", None, False)]),
        ("Quý IV năm 2023.", [("2023-10-01", "2023-12-31", None, False)]),
        ("quý 2/2024", [("2024-04-01", "2024-06-30", None, False)]),
        ("Quý I – II năm 2023.", [("2023-01-01", "2023-06-30", None, False)]),
        ("Quý I, II/2024", [("2024-01-01", "2024-06-30", None, False)]),
        ("trong quý I, 2 báo cáo", [("2023-01-01", "2023-03-31", None, False)]),
        ("Tháng 12 năm 2022.", [("2022-12-01", "2022-12-31", None, False)]),
        ("Trước ngày 03/3/2023.", [(None, "2023-03-03", None, False)]),
        ("chậm nhất ngày 15/02", [(None, "2023-02-15", None, False)]),
        ("6 tháng đầu năm 2023", [("2023-01-01", "2023-06-30", None, False)]),
        ("6 tháng cuối năm", [("2023-07-01", "2023-12-31", None, False)]),
        ("cuối năm 2021", [(None, "2021-12-31", None, False)]),
        # the school year is no calendar year: its start or end is no deadline
        ("đầu năm học 2027 - 2028", []),
        ("tổng kết cuối năm học", []),
        ("Thường xuyên trong năm.", [("2023-01-01", "2023-12-31", None, True)]),
        ("Thường xuyên", [(None, None, None, True)]),
        ("Trong năm 2023.", [("2023-01-01", "2023-12-31", None, False)]),
        ("Định kỳ hàng tháng trong năm.", [("2023-01-01", "2023-12-31", "monthly", False)]),
        ("hàng quý", [(None, None, "quarterly", False)]),
        ("hằng năm", [(None, None, "annual", False)]),
        ("từ ngày 01/4/2024 đến ngày 30/6/2024", [("2024-04-01", "2024-06-30", None, False)]),
        ("trong tháng 9", [("2023-09-01", "2023-09-30", None, False)]),
        ("từ tháng 3 đến tháng 6 năm 2024", [("2024-03-01", "2024-06-30", None, False)]),
        # a recurrence until a day
        ("hằng tuần (vào thứ Sáu) báo cáo kết quả về Ủy ban nhân dân xã cho đến hết ngày 15/02/2027",
         [(None, "2027-02-15", "weekly", False)]),
        # a week of the month
        ("xong trong tuần đầu tháng 01/2027", [("2027-01-01", "2027-01-07", None, False)]),
        ("tuần cuối tháng 2/2027", [("2027-02-22", "2027-02-28", None, False)]),
        # a time cell with a month and year alone
        ("06/2027", [("2027-06-01", "2027-06-30", None, False)]),
        # a clock time before the day bounds the day
        ("báo cáo trước 17 giờ ngày 03/10/2026", [(None, "2026-10-03", None, False)]),
        ("kể từ 07 giờ ngày 03/10/2026", [("2026-10-03", None, None, False)]),
        # a programme's time cell: the second month bare
        ("Tháng 4 - 5", [("2023-04-01", "2023-05-31", None, False)]),
        ("tháng 11-12/2024", [("2024-11-01", "2024-12-31", None, False)]),
        ("9 tháng đầu năm 2024", [("2024-01-01", "2024-09-30", None, False)]),
        ("3 tháng cuối năm", [("2023-10-01", "2023-12-31", None, False)]),
        # "trong" before a half of the year is no duration ("trong 6 tháng kể từ …" is one)
        ("hoàn thành trong 6 tháng đầu năm 2027.", [("2027-01-01", "2027-06-30", None, False)]),
        ("trong 6 tháng kể từ ngày ký", [(None, None, None, False)]),
        ("Năm 2024 - 2025.", [("2024-01-01", "2025-12-31", None, False)]),
        ("giai đoạn 2021-2025", [("2021-01-01", "2025-12-31", None, False)]),
        # the period in a document's name is no time limit of the task
        ("Thường xuyên, theo Kế hoạch rà soát giai đoạn 2022 - 2025", [(None, None, None, True)]),
        ("ngày 27/9/2025", [("2025-09-27", "2025-09-27", None, False)]),
        ("trước ngày 31/02/2024", []),  # no such day: never invented
        ("trong thời hạn 05 ngày làm việc kể từ ngày nhận được hồ sơ", [(None, None, None, False)]),
        ("chậm nhất 02 ngày làm việc", [(None, None, None, False)]),
        ("Theo hướng dẫn của cấp trên.", []),
    ],
)
def test_time_expressions(text, expected):
    assert one(text) == expected


def test_year_comes_from_the_document():
    assert one("Quý I ban hành kế hoạch", year=2025) == [("2025-01-01", "2025-03-31", None, False)]
    assert one("Quý I ban hành kế hoạch", year=None) == []


def test_reference_numbers_are_not_dates():
    assert one("theo Nghị định 59/2019/NĐ-CP và Quyết định số 12/QĐ-UBND", field=False) == []


def test_a_bare_year_in_prose_is_no_deadline():
    assert one("theo dõi thi hành pháp luật năm 2024 thuộc lĩnh vực", field=False) == []
    assert one("trong năm 2024 cắt giảm thời gian", field=False) == [("2024-01-01", "2024-12-31", None, False)]


def test_spans_are_offsets_of_the_clean_text():
    text = "Báo cáo quý I: Trước ngày 03/3/2023."
    (d,) = parse(text[15:], 15, 2023)
    assert text[d.span[0]:d.span[1]] == "Trước ngày 03/3/2023"


def test_from_a_month_on_has_no_end():
    assert one("bắt đầu thực hiện từ tháng 01/2026.", field=False) == [("2026-01-01", None, None, False)]
    assert one("áp dụng kể từ tháng 7 năm 2025", field=False) == [("2025-07-01", None, None, False)]
    # a span of months is one interval, not a start
    assert one("từ tháng 3 đến tháng 6 năm 2024") == [("2024-03-01", "2024-06-30", None, False)]


def test_a_recurrence_is_not_the_start_it_stands_next_to():
    # "hằng tháng …, bắt đầu từ tháng 01/2026": how often, and since when — two entries
    got = one("tự đánh giá chỉ số hằng tháng của tỉnh, bắt đầu thực hiện từ tháng 01/2026.", field=False)
    assert got == [(None, None, "monthly", False), ("2026-01-01", None, None, False)]
    # … but "trước ngày 15/12 hằng năm" is one deadline that recurs
    assert one("báo cáo trước ngày 15/12 hằng năm", field=False) == [(None, "2023-12-15", "annual", False)]
    # two days a year, written out as in short: each a deadline, never "tháng 12" as the month
    short = one("gửi báo cáo trước ngày 20/6 và 20/12 hằng năm", field=False)
    assert one("gửi báo cáo trước ngày 20 tháng 6 và ngày 20 tháng 12 hằng năm", field=False) == short
    assert [e for _, e, _, _ in short] == ["2023-06-20", "2023-12-20"]


def test_the_horizon_of_a_named_plan_is_no_deadline():
    assert one("triển khai chiến lược dữ liệu quốc gia đến năm 2030", field=False) == []
    assert one("hoàn thành đến năm 2027", field=False) == [(None, "2027-12-31", None, False)]


def test_a_year_that_opens_an_item_is_when():
    assert one("- Năm 2022 cố gắng tiếp tục cắt giảm thời gian giải quyết.", field=False) == [
        ("2022-01-01", "2022-12-31", None, False)]
    assert one("cắt giảm thời gian giải quyết thủ tục năm 2022.", field=False) == []


def test_a_report_verb_is_no_noun_that_names_a_recurrence():
    # "chế độ báo cáo hằng năm" names a kind of report; "Báo cáo … hàng tháng" opening its clause is the work
    assert one("Báo cáo Giám đốc Sở hàng tháng về công tác kiểm soát thủ tục hành chính.", field=False) == [
        (None, None, "monthly", False)]
    assert one("thực hiện chế độ báo cáo hằng năm theo quy định", field=False) == []


def test_a_day_results_are_reported_by_is_kept_beside_another_time():
    # "kết quả" before a period marks what is reported on; before "trước ngày …" it is the report's own day
    from extract.deadlines import parse

    text = ("phấn đấu đến ngày 30/6/2026 giải ngân đạt trên 60% kế hoạch vốn, báo cáo Thường trực Đảng ủy "
            "kết quả trước ngày 08/7/2026.")
    assert [(d.start, d.end) for d in parse(text, 0, 2026)] == [(None, "2026-06-30"), (None, "2026-07-08")]
    text = "báo cáo Chủ tịch UBND xã kết quả thực hiện quý III năm 2026 trước ngày 05/10/2026."
    assert [(d.start, d.end) for d in parse(text, 0, 2026)] == [(None, "2026-10-05")]
