"""References: every form Vietnamese documents use, from real sentences."""

from __future__ import annotations

import pytest
import regex

from extract.clean import clean
from extract.references import find_references
from extract.resolve import CitingContext, resolve


def refs(text: str, province: str | None = "Quảng Ngãi", number: str | None = None, doc_type: str | None = None):
    t = clean(text).text
    return resolve(t, find_references(t), CitingContext(number=number, province=province, type=doc_type))


# sentences that are a circular's own title or promulgation clause: the citing document is a Thông tư
_OWN_CIRCULAR = ("Thông tư hướng dẫn thực hiện Nghị định", "Theo đề nghị của Vụ trưởng, Bộ trưởng Bộ Y tế ban hành Thông tư")


def _doc_type(text: str) -> str | None:
    return "thong_tu" if text.startswith(_OWN_CIRCULAR) else None


def ids(text: str, **kw) -> list[tuple]:
    return [(r.type, r.id, r.date) for r in refs(text, **kw)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # seed 000
        ("Theo kết quả chấm điểm CCHC được ban hành tại Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh về việc",
         [("quyet_dinh", "57/QĐ-UBND", "2024-01-25")]),
        ("theo quy định tại Nghị định số 59/2019/NĐ-CP ngày 01/7/2019 của Chính phủ quy định chi tiết",
         [("nghi_dinh", "59/2019/NĐ-CP", "2019-07-01")]),
        ("Chỉ thị số  31-CT/TU ngày 13/6/2014 của Ban Thường vụ Tỉnh ủy về chủ trương", [("chi_thi", "31-CT/TU", "2014-06-13")]),
        # seed 003: long dates, Party numbers
        ("Căn cứ Kết luận số 1492-KL/TU ngày 05/12/2022 của Hội nghị Tỉnh ủy lần thứ 10 (Khóa XX) về tình hình",
         [("ket_luan", "1492-KL/TU", "2022-12-05")]),
        ("Quyết định số 4288/QĐ-UBND ngày 29 tháng 12 năm 2022 của UBND tỉnh Nghệ An về ban hành Kế hoạch",
         [("quyet_dinh", "4288/QĐ-UBND", "2022-12-29")]),
        # seed 002: a letter numbered without a kind code
        ("theo hướng dẫn của Sở Nội vụ tại Công văn số 2737/SNV ngày 25/12/2020 về việc hướng dẫn",
         [("cong_van", "2737/SNV", "2020-12-25")]),
        ("Kế hoạch số 59/SKHCN-VP ngày 31/01/2023 của Giám đốc Sở", [("ke_hoach", "59/SKHCN-VP", "2023-01-31")]),
        # without "số", with "số:", upper case, issuer before the date (seed 001)
        ("theo Nghị định 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ", [("nghi_dinh", "60/2021/NĐ-CP", "2021-06-21")]),
        ("căn cứ Quyết định số: 15/2024/QĐ-UBND ngày 02/3/2024", [("quyet_dinh", "15/2024/QĐ-UBND", "2024-03-02")]),
        ("Theo quyết định số 4617/QĐ-UBND của UBND tỉnh ngày 08/11/2019 về việc công bố",
         [("quyet_dinh", "4617/QĐ-UBND", "2019-11-08")]),
        ("CỦA NGHỊ ĐỊNH SỐ 126/2020/NĐ-CP NGÀY 19 THÁNG 10 NĂM 2020 CỦA CHÍNH PHỦ",
         [("nghi_dinh", "126/2020/NĐ-CP", "2020-10-19")]),
        # PDF/OCR noise: a space after the dash, glued date, capital TTG, a missing tone dot, Ð for Đ
        ("Nghị định số 60/2021/NĐ- CP ngày 21/6/2021", [("nghi_dinh", "60/2021/NĐ-CP", "2021-06-21")]),
        ("Nghị định số 16/2015/NĐ-CPngày 14/2/2015 của Chính phủ", [("nghi_dinh", "16/2015/NĐ-CP", "2015-02-14")]),
        ("Quyết định số 1085/QĐ-TTG ngày 15/9/2022", [("quyet_dinh", "1085/QĐ-TTG", "2022-09-15")]),
        ("Quyết đinh số 766/QĐ-TTg ngày 23/6/2022", [("quyet_dinh", "766/QĐ-TTG", "2022-06-23")]),
        ("Nghị định số 91/2022/NÐ-CP", [("nghi_dinh", "91/2022/NĐ-CP", None)]),
        # a reference broken across lines
        ("thực hiện Quyết định số \n01/2024/QĐ-UBND ngày 03/01/2024 của UBND \ntỉnh Ban hành Quy chế",
         [("quyet_dinh", "01/2024/QĐ-UBND", "2024-01-03")]),
        # legal normative numbers of the National Assembly
        ("Luật số 59/2020/QH14 ngày 17 tháng 6 năm 2020", [("luat", "59/2020/QH14", "2020-06-17")]),
        ("Nghị quyết số 45/2019/QH14 của Quốc hội", [("nghi_quyet", "45/2019/QH14", None)]),
        # Party guidance
        ("Hướng dẫn số 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng", [("huong_dan", "36-HD/VPTW", "2018-04-03")]),
        ("Thông tư liên tịch số 85/2016/TTLT-BQP-BYT-BTC", [("thong_tu_lien_tich", "85/2016/TTLT-BQP-BYT-BTC", None)]),
    ],
)
def test_reference_forms(text, expected):
    assert ids(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("các Nghị định số 130/2005/NĐ-CP và 117/2013/NĐ-CP của Chính phủ",
         ["130/2005/NĐ-CP", "117/2013/NĐ-CP"]),
        ("Quyết định số 12, 13/QĐ-UBND ngày 05/01/2024 của UBND tỉnh", ["12/QĐ-UBND", "13/QĐ-UBND"]),
        ("Thông tư số 46/2014/TT-BTC, 197/2015/TT-BTC và 152/2016/TT-BTC",
         ["46/2014/TT-BTC", "197/2015/TT-BTC", "152/2016/TT-BTC"]),
    ],
)
def test_lists_are_expanded(text, expected):
    assert [r.id for r in refs(text)] == expected


@pytest.mark.parametrize(
    "text, title, date",
    [
        ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
         "Luật Tổ chức chính quyền địa phương", "2015-06-19"),
        ("phù hợp với Bộ luật Lao động năm 2019 và", "Bộ luật Lao động", None),
        ("biện pháp thi hành Luật Phòng, chống tham nhũng; Kiểm tra việc", "Luật Phòng, chống tham nhũng", None),
        ("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
         "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam", None),
        ("Căn cứ Luật Quản lý thuế ngày 13 tháng 6 năm 2019;", "Luật Quản lý thuế", "2019-06-13"),
        ("Căn cứ Hiến pháp năm 2013;", "Hiến pháp", None),
    ],
)
def test_laws_cited_by_name(text, title, date):
    (r,) = refs(text)
    assert (r.id, r.title, r.date, r.scope) == (None, title, date, "national")


def test_law_with_number_has_id_and_title():
    (r,) = refs("theo Luật Doanh nghiệp số 59/2020/QH14 ngày 17 tháng 6 năm 2020")
    assert (r.type, r.id, r.title, r.date) == ("luat", "59/2020/QH14", "Luật Doanh nghiệp", "2020-06-17")


def test_generic_law_word_is_no_reference():
    assert refs("nhất là các Luật và văn bản quy phạm pháp luật về lĩnh vực khoa học") == []
    assert refs("theo quy định của luật hiện hành") == []


def test_standards_and_scores_are_no_references():
    assert refs("theo tiêu chuẩn TCVN ISO 9001:2015; đạt 83,45/100 điểm, xếp thứ 13/18 sở") == []


def test_own_number_is_no_reference():
    t = clean("Số: 91/2022/NĐ-CP\nHà Nội, ngày 30 tháng 10 năm 2022\n").text
    found = find_references(t)
    span = (0, t.index("\n"))
    assert resolve(t, found, CitingContext(number="91/2022/NĐ-CP", number_span=span)) == []


def test_short_form_is_resolved_to_the_full_mention():
    rs = refs("Thực hiện Nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ quy định cơ chế tự chủ. "
              "Các đơn vị xây dựng phương án theo Nghị định 60/2021 và Quyết định số 57/QĐ-UBND ngày 25/01/2024 "
              "của UBND tỉnh. Báo cáo theo Quyết định số 57/QĐ-UBND.")
    assert [(r.id, r.date, r.issuer) for r in rs] == [
        ("60/2021/NĐ-CP", "2021-06-21", "Chính phủ"),
        ("60/2021/NĐ-CP", "2021-06-21", "Chính phủ"),
        ("57/QĐ-UBND", "2024-01-25", "UBND tỉnh"),
        ("57/QĐ-UBND", "2024-01-25", "UBND tỉnh"),
    ]


def test_a_number_with_its_year_is_never_a_date():
    (r,) = refs("theo Nghị định 59/2019")
    assert r.date is None and r.id == "59/2019/NĐ-CP"


@pytest.mark.parametrize(
    "text, scope",
    [
        ("Quyết định số 4288/QĐ-UBND ngày 29/12/2022 của UBND tỉnh Nghệ An", "Nghệ An"),
        ("Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh", "Quảng Ngãi"),
        ("Chỉ thị số 31-CT/TU ngày 13/6/2014 của Ban Thường vụ Tỉnh ủy", "Quảng Ngãi"),
        ("Nghị quyết số 04-NQ/TW ngày 30/10/2016", "national"),
        ("Quyết định số 1085/QĐ-TTg ngày 15/9/2022 của Thủ tướng Chính phủ", "national"),
        ("Thông tư số 12/2015/TT-BTC", "national"),
        ("Công văn số 2737/SNV ngày 25/12/2020", "Quảng Ngãi"),
        ("Quyết định số 5029/QĐ-UBND ngày 06/12/2019 của Ủy ban nhân dân thành phố Hồ Chí Minh", "Hồ Chí Minh"),
    ],
)
def test_scope(text, scope):
    (r,) = refs(text)
    assert r.scope == scope


@pytest.mark.parametrize(
    "text, relations",
    [
        ("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức "
         "Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
         ["based_on", "based_on", "mentions", "mentions"]),
        ("Thực hiện Chỉ thị số 10/CT-UBND ngày 16/8/2021 của UBND tỉnh về việc nâng cao hiệu quả công tác CCHC,",
         ["implements"]),
        ("c) Triển khai thực hiện có hiệu quả Quyết định số 34/2022/QĐ-UBND ngày 10/10/2022 của UBND tỉnh", ["implements"]),
        ("5.1. Thực hiện tốt cơ chế tự chủ theo Nghị định số 130/2005/NĐ-CP ngày 17/10/2005", ["mentions"]),
        ("Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 126/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính phủ",
         ["amends"]),
        ("Quyết định này thay thế Quyết định số 3455/QĐ-BYT ngày 16/5/2017 của Bộ trưởng Bộ Y tế.", ["replaces"]),
        ("Bãi bỏ Thông tư liên tịch số 85/2016/TTLT-BQP-BYT-BTC ngày 29/6/2016.", ["repeals"]),
        ("Phòng Hành chính - Tổng hợp tham mưu thực hiện Nghị định số 130/2005/NĐ-CP ngày 17/10/2005", ["mentions"]),
        # two actions of the document itself, coordinated: the first object is no subject of the second
        ("Điều 2. Quyết định này có hiệu lực kể từ ngày ký, thay thế Quyết định số 57/QĐ-UBND ngày 25/01/2022 và "
         "bãi bỏ Quyết định số 58/2021/QĐ-UBND ngày 01/02/2021 của UBND tỉnh.", ["replaces", "repeals"]),
        ("Bãi bỏ các Quyết định số 100/QĐ-BYT ngày 10/01/2020 và số 200/QĐ-BYT ngày 20/02/2021 của Bộ trưởng "
         "Bộ Y tế.", ["repeals", "repeals"]),
        # ... but a document named right before a cue is its subject: Nghị định 70 amends 123, not this one
        ("Thông tư hướng dẫn thực hiện Nghị định số 70/2025/NĐ-CP ngày 20 tháng 3 năm 2025 sửa đổi, bổ sung một số "
         "điều của Nghị định số 123/2020/NĐ-CP", ["guides", "mentions"]),
        # a purpose opening a sentence inside the paragraph, and "the targets set out in" a resolution
        ("Hạ tầng ở một số xã còn thiếu. Để thực hiện có hiệu quả Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 "
         "của Bộ Chính trị, Ban Thường vụ Huyện ủy yêu cầu:", ["implements"]),
        ("Để hoàn thành các mục tiêu, nhiệm vụ đề ra tại Nghị quyết số 05-NQ/HU ngày 25 tháng 12 năm 2026 của Ban "
         "Chấp hành Đảng bộ huyện, Ban Thường vụ Huyện ủy yêu cầu:", ["implements"]),
        # ... but a sentence inside a paragraph that only names it: no basis ("Căn cứ" opens the paragraph only)
        ("Các xã đã triển khai. Theo Kế hoạch số 12/KH-UBND ngày 02/3/2026, các xã báo cáo trước ngày 30/6.", ["mentions"]),
    ],
)
def test_relation(text, relations):
    assert [r.relation for r in refs(text, doc_type=_doc_type(text))] == relations


def test_each_relation_says_which_words_decided_it():
    # provenance (issue 14): the review app shows why a reference has its relation
    text = ("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n"
            "Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 126/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính phủ.\n"
            "Điều 2. Quyết định này thay thế Quyết định số 57/QĐ-UBND ngày 25/01/2022 và Quyết định số 58/QĐ-UBND ngày "
            "01/02/2022.\n"
            "Các đơn vị báo cáo theo Công văn số 2737/SNV ngày 25/12/2020.\n")
    got = [(r.relation, r.how) for r in refs(text)]
    assert got == [
        ("based_on", "the words that open its line: «Căn cứ»"),
        ("amends", "the action of its clause: «Sửa đổi, bổ sung một số điều của»"),
        ("replaces", "the action of its clause: «Quyết định này thay thế»"),
        ("replaces", "joined by «và» or «,» to a reference acted on alike"),
        ("mentions", "no words of a relation before or after it"),
    ]
    assert all("how" not in r.dump() for r in refs(text))


def test_a_province_the_list_does_not_know_is_the_one_its_bodies_name():
    # a commune's plan: its header names the commune, its text the province's bodies ("… của Ủy ban nhân dân tỉnh
    # Tây Giang", a name no list holds — a new province or a made-up one); local references take it
    from extract.pipeline import extract_bytes

    text = ("ỦY BAN NHÂN DÂN\nXÃ PHÚ LÃNG\nSố: 05/KH-UBND\nPhú Lãng, ngày 12 tháng 01 năm 2027\nKẾ HOẠCH\n"
            "Tổ chức hội nghị tổng kết năm 2026\n"
            "Căn cứ Nghị quyết số 15/NQ-HĐND ngày 18/12/2026 của Hội đồng nhân dân xã;\n"
            "Thực hiện Kế hoạch số 18/KH-UBND ngày 14/01/2027 của Ủy ban nhân dân tỉnh Tây Giang;\n"
            "Theo Kế hoạch số 07-KH/TU ngày 02/01/2027 của Ban Thường vụ Tỉnh ủy Tây Giang.\n")
    got = [(r.id, r.scope) for r in extract_bytes(text.encode(), "kh.txt").references]
    assert got == [("15/NQ-HĐND", "Tây Giang"), ("18/KH-UBND", "Tây Giang"), ("07-KH/TU", "Tây Giang")]


def test_nested_reference_gets_an_of_edge():
    # seed 000
    rs = refs("Nghị định số 130/2005/NĐ-CP ngày 17/10/2005 của Chính phủ về chế độ tự chủ và Nghị định số "
              "117/2013/NĐ-CP ngày 07/10/2013 về sửa đổi, bổ sung một số Điều của Nghị định số 130/2005/NĐ-CP "
              "ngày 17/10/2005 của Chính phủ kịp thời, đúng quy định;")
    assert [(r.id, r.relation, r.of) for r in rs] == [
        ("130/2005/NĐ-CP", "mentions", None),
        ("117/2013/NĐ-CP", "mentions", None),
        ("130/2005/NĐ-CP", "mentions", (1, "amends")),
    ]
    assert rs[1].title == "về sửa đổi, bổ sung một số Điều của Nghị định số 130/2005/NĐ-CP ngày 17/10/2005 của Chính phủ"


def test_law_nested_in_a_decree_title_is_guided():
    rs = refs("Nghị định số 59/2019/NĐ-CP ngày 01/7/2019 của Chính phủ quy định chi tiết một số điều và biện pháp "
              "thi hành Luật Phòng, chống tham nhũng;")
    assert [(r.id, r.title if r.id is None else None, r.of) for r in rs] == [
        ("59/2019/NĐ-CP", None, None), (None, "Luật Phòng, chống tham nhũng", (0, "guides"))]


def test_spans_point_at_the_mention():
    t = clean("Căn cứ Quyết định số 1782/QĐ-UBND ngày 21/12/2022 của UBND tỉnh ban hành Kế hoạch CCHC;").text
    (r,) = resolve(t, find_references(t), CitingContext(province="Quảng Ngãi"))
    assert t[r.span[0]:r.span[1]] == r.text == "Quyết định số 1782/QĐ-UBND ngày 21/12/2022 của UBND tỉnh"
    assert r.title == "ban hành Kế hoạch CCHC"


def test_passive_amendment_edge_finds_the_amended_kind():
    # corpus-real 010: the decree, not the law it details, is amended by the later decree
    rs = refs("Căn cứ Nghị định số 146/2018/NĐ-CP ngày 17 tháng 10 năm 2018 của Chính phủ quy định chi tiết và hướng "
              "dẫn biện pháp thi hành một số điều của Luật bảo hiểm y tế đã được sửa đổi, bổ sung bởi Nghị định số "
              "75/2023/NĐ-CP ngày 19 tháng 10 năm 2023;")
    assert [(r.id or r.title, r.relation, r.of) for r in rs] == [
        ("146/2018/NĐ-CP", "based_on", (2, "amends")),
        ("Luật bảo hiểm y tế", "mentions", (0, "guides")),
        ("75/2023/NĐ-CP", "based_on", None),
    ]


def test_promulgation_clause_acts_on_the_laws_it_lists():
    # corpus-real 024: amended laws amend; the laws that amended them before are mentioned
    t = clean("LUẬT SỬA ĐỔI MỘT SỐ ĐIỀU CỦA LUẬT ĐẦU TƯ CÔNG\nQuốc hội ban hành Luật sửa đổi, bổ sung một số điều "
              "của Luật Đầu tư công số 39/2019/QH14 đã được sửa đổi, bổ sung một số điều theo Luật số 64/2020/QH14 và "
              "Luật số 72/2020/QH14; Luật Nhà ở số 65/2014/QH13.").text
    ctx = CitingContext(type="luat", heading_start=0)
    rs = resolve(t, find_references(t), ctx)
    # the title's law takes the number its later mention writes (SPEC rule 3)
    assert [(r.title, r.id, r.relation) for r in rs][:1] == [("LUẬT ĐẦU TƯ CÔNG", "39/2019/QH14", "amends")]
    assert [(r.id or r.title, r.relation) for r in rs] == [
        ("39/2019/QH14", "amends"), ("39/2019/QH14", "amends"), ("64/2020/QH14", "mentions"),
        ("72/2020/QH14", "mentions"), ("65/2014/QH13", "amends"),
    ]


@pytest.mark.parametrize(
    "text, relation",
    [
        ("Quyết định số 4210/QĐ-BYT ngày 20 tháng 9 năm 2017 của Bộ trưởng Bộ Y tế quy định chuẩn dữ liệu hết hiệu "
         "lực thi hành kể từ ngày 01 tháng 7 năm 2024.", "repeals"),
        # the verb decides, also for a part of the document: replacing an appendix replaces, striking out a
        # clause repeals, replacing or striking out words amends
        ("1. Thay thế Phụ lục phạm vi địa bàn hoạt động hải quan ban hành kèm theo Nghị định số 01/2015/NĐ-CP.", "replaces"),
        ("3. Bãi bỏ khoản 2 Điều 13, khoản 1 Điều 14 Thông tư số 76/2014/TT-BTC ngày 16 tháng 6 năm 2014.", "repeals"),
        ("Điều 2. Bổ sung, thay thế, bãi bỏ cụm từ và một số điều, khoản của Nghị định số 70/2015/NĐ-CP", "amends"),
        ("4. Bãi bỏ cụm từ “Đăng ký hộ khẩu thường trú tại:” tại điểm 5 Phụ lục số 01/ĐKHN ban hành kèm theo Thông tư "
         "số 296/2016/TT-BTC.", "amends"),
        ("2. Thay thế cụm từ “hộ khẩu” tại khoản 4 Điều 5 Thông tư số 229/2016/TT-BTC bằng cụm từ “nơi thường trú”.",
         "amends"),
        ("Theo đề nghị của Vụ trưởng, Bộ trưởng Bộ Y tế ban hành Thông tư sửa đổi, bổ sung một số điều của Thông tư số "
         "04/2017/TT-BYT.", "amends"),
        ("Đề nghị Bộ Tài chính nghiên cứu sửa đổi Thông tư số 12/2015/TT-BTC.", "mentions"),
    ],
)
def test_relation_more_forms(text, relation):
    assert refs(text, doc_type=_doc_type(text))[0].relation == relation


def test_ocr_kind_codes_and_plural_laws():
    assert ids("Thực hiện Nghị định số 30/2020/ND-CP ngày 05/3/2020 của Chính phủ") == [
        ("nghi_dinh", "30/2020/NĐ-CP", "2020-03-05")]
    # "các Luật sửa đổi" names a set of laws, not one
    assert [r.title for r in refs("Căn cứ Luật Thuế giá trị gia tăng ngày 03 tháng 6 năm 2008 và các Luật sửa đổi, "
                                  "bổ sung Luật Thuế giá trị gia tăng;")] == ["Luật Thuế giá trị gia tăng"] * 2


def test_an_amending_law_names_the_laws_it_amends_in_a_list():
    # the form of Luật 56/2024/QH15 in a Căn cứ block: its name lists bare law names, even over ";" and lines
    rs = refs("Căn cứ Luật số 12/2023/QH15 ngày 10 tháng 6 năm 2023 sửa đổi, bổ sung một số điều của Luật kế toán; "
              "Luật thống kê;\nLuật dự trữ quốc gia và Luật đê điều;\n"
              "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;", number="01/2024/TT-BTC")
    assert [(r.title if r.id is None else r.id, r.relation, r.of) for r in rs] == [
        ("12/2023/QH15", "based_on", None),
        ("Luật kế toán", "mentions", (0, "amends")),
        ("Luật thống kê", "mentions", (0, "amends")),
        ("Luật dự trữ quốc gia", "mentions", (0, "amends")),
        ("Luật đê điều", "mentions", (0, "amends")),
        ("Luật Ngân sách nhà nước", "based_on", None),
    ]


def test_issuer_with_an_ordinal_session():
    (r,) = refs("Căn cứ Nghị quyết 20-NQ/TW ngày 25/10/2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương "
                "khóa XII về tăng cường công tác bảo vệ sức khỏe nhân dân;")
    assert r.issuer == "Hội nghị lần thứ sáu Ban Chấp hành Trung ương khóa XII"
    (r,) = refs("Thực hiện Kết luận số 12-KL/TU của Hội nghị lần thứ năm Ban Chấp hành Đảng bộ tỉnh;")
    assert r.issuer == "Hội nghị lần thứ năm Ban Chấp hành Đảng bộ tỉnh"


# -- laws cited by name (issue 12) -------------------------------------------------------------

def _laws(text: str):
    return [(r.title, r.id, r.date) for r in refs(text) if r.type in {"luat", "bo_luat", "phap_lenh", "hien_phap"}]


def test_a_bill_keeps_its_mark_and_a_list_of_laws_is_cut_between_them():
    # a list of bills in a Government meeting's conclusions, wrapped as the Công báo prints it
    got = _laws("3. Bộ Tư pháp báo cáo về tiếp thu, chỉnh lý dự thảo: Luật Thủ đô\n(sửa đổi), Luật sửa đổi, bổ sung "
                "một số điều của Luật Trợ giúp pháp lý, Luật sửa\nđổi, bổ sung một số điều của Luật Công chứng, Luật "
                "Hộ tịch (sửa đổi), Luật Tiếp\ncận thông tin (sửa đổi).")
    assert [" ".join(t.split()) for t, _, _ in got] == [
        "Luật Thủ đô (sửa đổi)", "Luật sửa đổi, bổ sung một số điều của Luật Trợ giúp pháp lý", "Luật Trợ giúp pháp lý",
        "Luật sửa đổi, bổ sung một số điều của Luật Công chứng", "Luật Công chứng", "Luật Hộ tịch (sửa đổi)",
        "Luật Tiếp cận thông tin (sửa đổi)"]
    rs = refs("chỉnh lý dự thảo Luật sửa đổi, bổ sung một số điều của Luật Trợ giúp pháp lý, Luật sửa đổi, bổ sung "
              "một số điều của Luật Công chứng, Luật Hộ tịch (sửa đổi).")
    assert [(r.title, r.of) for r in rs] == [
        ("Luật sửa đổi, bổ sung một số điều của Luật Trợ giúp pháp lý", None), ("Luật Trợ giúp pháp lý", (0, "amends")),
        ("Luật sửa đổi, bổ sung một số điều của Luật Công chứng", None), ("Luật Công chứng", (2, "amends")),
        ("Luật Hộ tịch (sửa đổi)", None)]


def test_lower_case_luat_only_before_a_listed_name_and_no_treaty_law():
    got = _laws("thực hiện theo quy định của luật Đất đai và pháp luật về đất đai; luật pháp quốc tế, trong đó có "
                "Công ước Liên hợp quốc về Luật Biển (UNCLOS) 1982; luật mới chưa có quy định.")
    assert got == [("luật Đất đai", None, None)]


def test_a_law_takes_the_date_it_was_passed_and_later_mentions_take_it_too():
    got = _laws("Căn cứ Luật Thi đua, khen thưởng được Quốc hội khóa XV, kỳ họp thứ 3 thông qua ngày 15/6/2022;\n"
                "Các đơn vị thực hiện đúng quy định của Luật Thi đua, khen thưởng.")
    assert got == [("Luật Thi đua, khen thưởng", None, "2022-06-15")] * 2


def test_same_named_laws_of_different_years_stay_apart():
    got = _laws("Căn cứ Luật Doanh nghiệp số 59/2020/QH14 ngày 17 tháng 6 năm 2020;\nThay thế các quy định của "
                "Luật Doanh nghiệp năm 2014. Theo Luật Doanh nghiệp, doanh nghiệp phải đăng ký.")
    assert got == [("Luật Doanh nghiệp", "59/2020/QH14", "2020-06-17"), ("Luật Doanh nghiệp", None, None),
                   ("Luật Doanh nghiệp", None, None)]
    one_year = _laws("Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\nTheo Luật Tổ chức Chính phủ năm 2025 "
                     "và Luật Tổ chức Chính phủ, Chính phủ quyết nghị.")
    assert [d for _, _, d in one_year] == ["2025-02-18"] * 3


def test_the_number_after_an_amending_laws_name_is_its_own_when_dated_in_its_year():
    got = _laws("Căn cứ Luật Bảo hiểm y tế số 25/2008/QH12 ngày 14 tháng 11 năm 2008;\nLuật sửa đổi, bổ sung một số "
                "Điều của Luật Bảo hiểm y tế số 46/2014/QH13 ngày 13 tháng 6 năm 2014;")
    assert got == [("Luật Bảo hiểm y tế", "25/2008/QH12", "2008-11-14"),
                   ("Luật sửa đổi, bổ sung một số Điều của Luật Bảo hiểm y tế", "46/2014/QH13", "2014-06-13"),
                   ("Luật Bảo hiểm y tế", "25/2008/QH12", "2008-11-14")]
    # no date of its year: the number is the amended law's ("… của Luật Quản lý, sử dụng vũ khí … số 14/2017/QH14.")
    got = _laws("Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Quản lý, sử dụng vũ khí, vật liệu nổ "
                "và công cụ hỗ trợ số 14/2017/QH14.")
    assert got[-1] == ("Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ", "14/2017/QH14", None)
    # the last of two amended laws, then a number dated in its year: the amending law's
    got = _laws("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Trồng trọt và Luật Chăn nuôi số 31/2026/QH15 "
                "ngày 24 tháng 6 năm 2026;")
    assert got == [("Luật sửa đổi, bổ sung một số điều của Luật Trồng trọt và Luật Chăn nuôi", "31/2026/QH15", "2026-06-24"),
                   ("Luật Trồng trọt", None, None), ("Luật Chăn nuôi", None, None)]


@pytest.mark.parametrize(
    "text, relations",
    [
        # someone else's guidance, a document described by its kind, a task asking for an amendment: mentions
        ("a) Hướng dẫn người khai thực hiện theo hướng dẫn tại công văn số 10983/TCHQ-GSQL ngày 21/11/2016 của Tổng "
         "cục Hải quan.", ["mentions"]),
        ("- Chủ trì hoàn thiện thể chế về công tác cán bộ. Kịp thời ban hành các văn bản hướng dẫn thi hành Luật Cán "
         "bộ, công chức năm 2025, Luật Viên chức năm 2025.", ["mentions", "mentions"]),
        ("6 Tham mưu ban hành Nghị định sửa đổi, bổ sung Nghị định số 120/2020/NĐ-CP ngày 07 tháng 10 năm 2020 của "
         "Chính phủ", ["mentions"]),
        ("Việc xử phạt thực hiện theo quy định của Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật "
         "Xử lý vi phạm hành chính.", ["mentions"]),
    ],
)
def test_relation_of_anothers_act(text, relations):
    assert [r.relation for r in refs(text, doc_type="nghi_quyet")] == relations


def test_an_upper_case_title_lists_what_the_document_guides():
    # corpus-real 029: the title glued to the date line by the portal, in capitals
    t = ("THÔNG TƯ HƯỚNG DẪN THỰC HIỆN MỘT SỐ ĐIỀU CỦA LUẬT QUẢN LÝ THUẾ NGÀY 13 THÁNG 6 NĂM 2019, NGHỊ ĐỊNH SỐ "
         "123/2020/NĐ-CP NGÀY 19 THÁNG 10 NĂM 2020 CỦA CHÍNH PHỦ QUY ĐỊNH VỀ HÓA ĐƠN, CHỨNG TỪ, NGHỊ ĐỊNH SỐ "
         "70/2025/NĐ-CP NGÀY 20 THÁNG 3 NĂM 2025 SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 123/2020/NĐ-CP\n"
         "Căn cứ Luật sửa đổi, bổ sung một số điều của các luật về thuế ngày 26 tháng 11 năm 2014;")
    rs = refs(t, doc_type="thong_tu")
    assert [(r.id or r.title, r.relation, r.of) for r in rs] == [
        ("LUẬT QUẢN LÝ THUẾ", "guides", None), ("123/2020/NĐ-CP", "guides", None), ("70/2025/NĐ-CP", "guides", None),
        ("123/2020/NĐ-CP", "mentions", (2, "amends")),
        ("Luật sửa đổi, bổ sung một số điều của các luật về thuế", "based_on", None)]
    assert rs[1].title == "QUY ĐỊNH VỀ HÓA ĐƠN, CHỨNG TỪ"


def test_a_basis_paragraph_lists_its_bases_and_no_later_mention():
    t = ("Căn cứ Kết luận số 210-KL/TW ngày 12 tháng 11 năm 2025 của Ban Chấp hành Trung ương Đảng khóa XIII về tiếp "
         "tục xây dựng, hoàn thiện tổ chức bộ máy (sau đây viết tắt là Kết luận số 210-KL/TW), Chính phủ ban hành "
         "Chương trình hành động thực hiện Kết luận số 210-KL/TW như sau:")
    assert [r.relation for r in refs(t)] == ["based_on", "mentions", "mentions"]
    t = ("Căn cứ Quyết định số 1187/QĐ-BNV ngày 15/10/2025 của Bộ trưởng Bộ Nội vụ; xét Báo cáo số 228/BC-SNV ngày "
         "28/11/2025 của Sở Nội vụ về tình hình thực hiện")
    assert [r.relation for r in refs(t)] == ["based_on", "mentions"]
    t = ("Căn cứ khả năng cân đối ngân sách trình Hội đồng nhân dân cùng cấp bố trí kinh phí theo quy định của Luật "
         "Ngân sách nhà nước và các văn bản hướng dẫn thi hành;")
    assert [r.relation for r in refs(t)] == ["mentions"]
    # the laws that amended a basis are bases too
    t = ("Căn cứ Luật Xử lý vi phạm hành chính số 15/2012/QH13 được sửa đổi, bổ sung bởi Luật số 18/2017/QH14, Luật số "
         "67/2020/QH14;\nCăn cứ Luật Thuế giá trị gia tăng ngày 03 tháng 6 năm 2008 và các Luật sửa đổi, bổ sung Luật "
         "Thuế giá trị gia tăng ngày 03 tháng 6 năm 2008; Luật Thuế giá trị gia tăng ngày 29 tháng 11 năm 2024;")
    assert [r.relation for r in refs(t)] == ["based_on"] * 6


def test_a_title_says_what_the_document_implements():
    # a resolution's title, and the heading of the programme it attaches (Công báo layout)
    t = ("NGHỊ QUYẾT\nBan hành Chương trình hành động của Chính phủ thực hiện Kết luận\nsố 210-KL/TW ngày 12 tháng 11 "
         "năm 2025 của Ban Chấp hành Trung ương Đảng khóa XIII về tiếp tục xây dựng\n\nQUYẾT NGHỊ:\nĐiều 1. Ban hành "
         "kèm theo Nghị quyết này Chương trình hành động của Chính phủ thực hiện Kết luận số 210-KL/TW.\n\n"
         "CHƯƠNG TRÌNH\nHành động thực hiện Kết luận số 210-KL/TW ngày 12 tháng 11 năm 2025\n(Kèm theo Nghị quyết "
         "số 105/NQ-CP ngày 08 tháng 4 năm 2026 của Chính phủ)\n")
    rs = refs(t, number="105/NQ-CP", doc_type="nghi_quyet")
    assert [(r.id, r.relation) for r in rs] == [
        ("210-KL/TW", "implements"), ("210-KL/TW", "mentions"), ("210-KL/TW", "implements")]


def test_a_task_cell_opening_with_thuc_hien_theo_implements():
    t = "36\nThực hiện theo Kế hoạch số 01-KH/BCĐTW, ngày 02/6/2025 của\nBan Chỉ đạo Trung ương về phát triển khoa học"
    assert [r.relation for r in refs(t)] == ["implements"]
    t = "Thực hiện theo hướng dẫn tại công văn 6376/TCHQ-GSQL ngày 14/7/2015 của Tổng cục Hải quan"
    assert [r.relation for r in refs(t)] == ["mentions"]


def test_joined_documents_of_one_kind_share_the_date_written_after_the_last():
    got = ids("theo yêu cầu tại Nghị quyết số 01/NQ-CP và Nghị quyết số 02/NQ-CP ngày 08 tháng 01 năm 2026 của Chính phủ")
    assert got == [("nghi_quyet", "01/NQ-CP", "2026-01-08"), ("nghi_quyet", "02/NQ-CP", "2026-01-08")]
    # another issuer's symbol: no sharing
    got = ids("theo Quyết định số 12/QĐ-UBND và Quyết định số 13/QĐ-TTg ngày 08/01/2026")
    assert got[0][2] is None


def test_law_names_in_a_list_and_the_constitution_by_itself():
    got = _laws("Hoàn thiện pháp luật (Luật Cơ quan đại diện\nnước Cộng hòa Xã hội Chủ nghĩa Việt Nam ở nước ngoài, Luật "
                "Thỏa\nthuận quốc tế, Luật Hàm cấp ngoại giao...), (Luật Quản lý phương tiện bay không người lái (UAV)...)."
                " Bảo đảm phù hợp với quy định của Hiến pháp; Luật Giáo dục nghề nghiệp\n(sửa đổi).")
    assert [" ".join(t.split()) for t, _, _ in got] == [
        "Luật Cơ quan đại diện nước Cộng hòa Xã hội Chủ nghĩa Việt Nam ở nước ngoài", "Luật Thỏa thuận quốc tế",
        "Luật Hàm cấp ngoại giao", "Luật Quản lý phương tiện bay không người lái", "Hiến pháp",
        "Luật Giáo dục nghề nghiệp (sửa đổi)"]


def test_a_law_by_number_names_the_law_of_its_date_and_amenders_are_no_candidates():
    got = _laws("Căn cứ Luật Bảo hiểm y tế ngày 14 tháng 11 năm 2008 đã được sửa đổi, bổ sung bởi Luật Bảo hiểm y tế "
                "ngày 13 tháng 6 năm 2014;\nThanh toán theo quy định của Luật Bảo hiểm y tế.")
    assert [d for _, _, d in got] == ["2008-11-14", "2014-06-13", "2008-11-14"]
    got = _laws("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế ngày 13 tháng 6 năm 2014;\n"
                "Luật số 46/2014/QH13 ngày 13 tháng 6 năm 2014 đã sửa đổi Luật Bảo hiểm y tế.")
    assert got[0][1:] == ("46/2014/QH13", "2014-06-13")
    # a law an amending law's name lists is older than it: the 2008 law, not the 2024 one
    got = _laws("Căn cứ Luật Thuế giá trị gia tăng ngày 03 tháng 6 năm 2008; Luật sửa đổi, bổ sung một số điều của Luật "
                "Thuế giá trị gia tăng ngày 19 tháng 6 năm 2013; Luật Thuế giá trị gia tăng ngày 26 tháng 6 năm 2024;")
    assert [d for _, _, d in got] == ["2008-06-03", "2013-06-19", "2008-06-03", "2024-06-26"]


def test_decimal_numbers_and_form_numbers():
    assert ids("Căn cứ Nghị quyết số 66.2/2025/NQ-CP ngày 28 tháng 7 năm 2025 của Chính phủ;") == [
        ("nghi_quyet", "66.2/2025/NQ-CP", "2025-07-28")]
    # a form's number is no document (the portal's link to the form file)
    assert ids("được cơ quan thuế thông báo ( [Mẫu số 01/TB-KTT Phụ lục IB](https://files.example/a.doc))") == []


def test_the_issuer_written_before_a_reference():
    rs = refs("d) Thực hiện nghiêm chỉ đạo của Thủ tướng Chính phủ tại Công điện số\n36/CĐ-TTg ngày 25 tháng 4 năm 2026 "
              "về việc tăng cường kỷ luật; và hướng dẫn của Bộ Tài chính tại văn bản số 4468/BTC-PTHT ngày 09 tháng 4 "
              "năm 2026./.\nTheo đề nghị của Giám đốc Công an tỉnh tại Tờ trình số 519/TTr-CAT-PC06 ngày 24/12/2025.")
    assert [r.issuer for r in rs] == ["Thủ tướng Chính phủ", "Bộ Tài chính", "Giám đốc Công an tỉnh"]
    # a name wrapped by a line is one name; the next line's unit is not part of it
    t = ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ\nChính trị về đột phá;\nNghị định số 179/2025/NĐ-CP của "
         "Chính phủ\nSở Khoa học và Công nghệ chủ trì.")  # a table cell's lines, as a DOCX reader writes them
    rs = resolve(t, find_references(t), CitingContext())
    assert [regex.sub(r"\s+", " ", r.issuer) for r in rs] == ["Bộ Chính trị", "Chính phủ"]


def test_a_portal_page_around_the_document_gives_no_references():
    # written for this test in the form a crawl copies a legal portal's page: menus, a privacy banner
    # citing the personal-data decree, the metadata box, tabs, then the document, then related documents
    from pathlib import Path

    from extract.pipeline import extract

    ex = extract(Path(__file__).parent / "data" / "portal-crawl-nghi-dinh.txt")
    d = ex.dump()
    assert {r["id"] for r in d["references"]} == {"33/2024/QH15", "63/2025/QH15", "01/2013/NĐ-CP"}
    assert d["document"]["number"] == "45/2026/NĐ-CP" and d["document"]["signer"]["name"] == "Nguyễn Văn An"
    assert [r["relation"] for r in d["references"] if r["id"] == "01/2013/NĐ-CP"] == ["replaces"]


def test_a_task_to_amend_a_document_is_a_mention():
    from extract.pipeline import extract_bytes

    plan = ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 12/KH-UBND\nNghệ An, ngày 05 tháng 01 năm 2026\nKẾ HOẠCH\nHoàn thiện "
            "thể chế năm 2026\nI. NHIỆM VỤ\n1. Sửa đổi, bổ sung Quyết định số 15/2023/QĐ-UBND ngày 10/3/2023 của Ủy ban "
            "nhân dân tỉnh về quản lý lưu trữ.\nĐơn vị chủ trì: Sở Nội vụ.\nThời gian hoàn thành: Quý II năm 2026.\n")
    ex = extract_bytes(plan.encode(), "kh.txt")
    assert ex.tasks and ex.tasks[0].lead == ["Sở Nội vụ"]
    assert [r.relation for r in ex.references] == ["mentions"]


@pytest.mark.parametrize(
    "text, relations",
    [
        # quoted new wording names documents; the citing document does not act on them
        ("1. Sửa đổi, bổ sung khoản 3 Điều 4 của Quy chế ban hành kèm theo Quyết định số 34/2024/QĐ-UBND ngày 18 "
         "tháng 6 năm 2024 (sau đây gọi tắt là Quy chế) như sau:\n“3. Văn bản điện tử được ký số theo quy định tại Nghị "
         "định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020.”", ["amends", "mentions"]),
        # a purpose clause before the opening cue
        ("Để khắc phục những hạn chế nêu trên, thực hiện Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị và Kết "
         "luận số 119-KL/TW ngày 20/01/2025 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy yêu cầu:", ["implements", "implements"]),
        ("Để kịp thời triển khai các nhiệm vụ theo Kế hoạch số 36/KH-UBND ngày 20/02/2025 của UBND huyện về chuyển đổi "
         "số, Chủ tịch UBND huyện yêu cầu:", ["implements"]),
    ],
)
def test_relation_by_block_quotation_and_opening(text, relations):
    assert [r.relation for r in refs(text)] == relations


def test_the_document_itself_acts_even_after_a_task():
    from extract.pipeline import extract_bytes

    ct = ("BAN THƯỜNG VỤ TỈNH ỦY LẠNG SƠN\nSố 12-CT/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nLạng Sơn, ngày 05 tháng 3 năm 2026\n"
          "CHỈ THỊ\nvề tăng cường công tác pháp luật\n1. Văn phòng Tỉnh ủy chủ trì theo dõi, đôn đốc việc thực hiện Chỉ "
          "thị; định kỳ 6 tháng, hằng năm tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy.\nChỉ thị này thay thế Chỉ thị số "
          "31-CT/TU ngày 14/9/2021 của Ban Thường vụ Tỉnh ủy về phổ biến pháp luật.\n")
    ex = extract_bytes(ct.encode(), "ct.txt")
    assert [(r.id, r.relation) for r in ex.references] == [("31-CT/TU", "replaces")]


def test_issuer_names_do_not_run_into_the_next_authority_line():
    rs = refs("QUY CHẾ BAN HÀNH KÈM THEO QUYẾT ĐỊNH SỐ 34/2024/QĐ-UBND NGÀY 18 THÁNG 6 NĂM 2024 CỦA ỦY BAN NHÂN DÂN "
              "TỈNH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH\nBãi bỏ các Quyết định số 2156/QĐ-UBND và 2157/QĐ-UBND ngày 30 tháng "
              "5 năm 2022 của Chủ tịch Ủy ban nhân dân tỉnh về việc công bố danh mục.")
    assert [r.issuer for r in rs] == ["ỦY BAN NHÂN DÂN TỈNH", "Chủ tịch Ủy ban nhân dân tỉnh",
                                      "Chủ tịch Ủy ban nhân dân tỉnh"]


def test_an_amended_law_of_the_same_year_is_older_by_date():
    got = _laws("Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025; Luật sửa đổi, bổ sung một "
                "số điều của Luật Ban hành văn bản quy phạm pháp luật ngày 25 tháng 6 năm 2025;")
    assert [d for _, _, d in got] == ["2025-02-19", "2025-06-25", "2025-02-19"]


def test_an_abbreviated_law_takes_the_date_of_the_law_it_abbreviates():
    got = _laws("Căn cứ Luật Bảo hiểm y tế ngày 14 tháng 11 năm 2008;\nThanh toán theo Luật BHYT; Luật HQ năm 2014.")
    assert got == [("Luật Bảo hiểm y tế", None, "2008-11-14"), ("Luật BHYT", None, "2008-11-14"), ("Luật HQ", None, None)]


def test_joint_issuers_and_a_plenum_by_number():
    rs = refs("Kết luận số 221-KL/TW ngày 28/11/2025 của Bộ Chính trị, Ban Bí thư về tiếp tục sắp xếp; Nghị quyết số "
              "18-NQ/TW ngày 25/10/2017 của Hội nghị Trung ương 6 khóa XII về một số vấn đề; theo Công văn số "
              "12/BTC-NSNN ngày 02/01/2025 của Bộ Tài chính, Bộ Y tế chủ trì thực hiện.")
    assert [r.issuer for r in rs] == ["Bộ Chính trị, Ban Bí thư", "Hội nghị Trung ương 6 khóa XII", "Bộ Tài chính"]


def test_a_steering_committee_is_named_by_its_subject():
    rs = refs("theo Công văn số 59-CV/BCĐ ngày 12/9/2025 của Ban Chỉ đạo Trung ương về tổng kết Nghị quyết số 18-NQ/TW "
              "về việc báo cáo; Kế hoạch số 01-KH/BCĐTW ngày 02/01/2025 của Ban Chỉ đạo Trung ương về phát triển khoa "
              "học, công nghệ, đổi mới sáng tạo và chuyển đổi số, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:")
    assert [(r.id, r.issuer) for r in rs if r.id != "18-NQ/TW"] == [
        ("59-CV/BCĐ", "Ban Chỉ đạo Trung ương về tổng kết Nghị quyết số 18-NQ/TW"),
        ("01-KH/BCĐTW", "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số")]


@pytest.mark.parametrize(
    "text, doc_type, relations",
    [
        ("23. Thay thế Mẫu số 01, Mẫu số 02 tại Phụ lục ban hành kèm Nghị định số 171/2016/NĐ-CP bằng Mẫu số 01.",
         "nghi_dinh", ["replaces"]),
        ("2. Bãi bỏ khoản 2 Điều 7; điểm b khoản 1 Điều 16; Điều 20; Điều 34 và khoản 2 Điều 35 của Nghị định số "
         "125/2020/NĐ-CP.", "nghi_dinh", ["repeals"]),
        ("Điều 2. Bãi bỏ Quyết định số 1/QĐ-UBND ngày 02/01/2024.\nĐiều 3. Các sở căn cứ Quyết định số 2/QĐ-UBND ngày "
         "03/01/2024 để thực hiện.", "quyet_dinh", ["repeals", "mentions"]),
        ("Điều 1. Phạm vi điều chỉnh\nThông tư này hướng dẫn một số nội dung về hóa đơn, chứng từ theo quy định tại Luật "
         "Quản lý thuế ngày 13 tháng 6 năm 2019, Nghị định số 123/2020/NĐ-CP ngày 19 tháng 10 năm 2020.", "thong_tu",
         ["guides", "guides"]),
        # another decree described by its kind, in a decree
        ("Việc xử phạt thực hiện theo quy định của Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Xử "
         "lý vi phạm hành chính.", "nghi_dinh", ["mentions"]),
    ],
)
def test_relation_of_parts_lists_and_scope_articles(text, doc_type, relations):
    assert [r.relation for r in refs(text, doc_type=doc_type)] == relations


def test_a_document_named_without_a_number_before_the_reference_in_the_list():
    t = ("CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ\nThực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng và Kết "
         "luận số 18-KL/TW ngày 02 tháng 4 năm 2026 của Trung ương về Kế hoạch phát triển kinh tế - xã hội")
    assert [r.relation for r in refs(t)] == ["implements"]


def test_a_list_of_years_names_one_law_of_each():
    got = _laws("Kế thừa các quy định của Luật Doanh nghiệp năm 2000, 2005, 2014 và Luật Đất đai năm 2013 và năm 2024; "
                "Hiến pháp năm 2013, 100 người tham gia.")
    assert [(t, r.year) for (t, _, _), r in zip(got, [r for r in refs(
        "Kế thừa các quy định của Luật Doanh nghiệp năm 2000, 2005, 2014 và Luật Đất đai năm 2013 và năm 2024; "
        "Hiến pháp năm 2013, 100 người tham gia.")], strict=True)] == [
        ("Luật Doanh nghiệp", 2000), ("Luật Doanh nghiệp", 2005), ("Luật Doanh nghiệp", 2014),
        ("Luật Đất đai", 2013), ("Luật Đất đai", 2024), ("Hiến pháp", 2013)]


# a task cell of a flattened Công báo table keeps its line wraps (cleaning cannot join them: the next
# line may be another cell), so names and titles run over lines inside the cell
CELL_WRAPS = ("Thực hiện theo Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính\n"
              "phủ sửa đổi, bổ sung, cập nhật Chương trình hành động của Chính\n"
              "phủ thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ\n"
              "Chính trị về đột phá phát triển khoa học\n"
              "Bộ Khoa học và\n"
              "Công nghệ\n"
              "Thực hiện theo Kế hoạch số 01-KH/BCĐTW, ngày 02/6/2025 của\n"
              "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới\n"
              "sáng tạo và chuyển đổi số về hành động chiến lược triển khai Nghị\n"
              "quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n"
              "Bộ Khoa học và\n")


def test_names_and_titles_wrapped_inside_a_table_cell():
    rs = resolve(CELL_WRAPS, find_references(CELL_WRAPS), CitingContext(province=None))
    got = [(r.id, r.issuer, r.relation, r.of and (rs[r.of[0]].id, r.of[1])) for r in rs]
    assert got == [
        ("71/NQ-CP", "Chính phủ", "implements", None),
        ("57-NQ/TW", "Bộ Chính trị", "mentions", ("71/NQ-CP", "implements")),
        ("01-KH/BCĐTW", "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
         "implements", None),
        ("57-NQ/TW", "Bộ Chính trị", "mentions", ("01-KH/BCĐTW", "implements")),
    ]
    # a title goes on over a wrap into a line in lower case, and stops before the next cell ("Bộ Khoa học và")
    assert rs[0].title == ("sửa đổi, bổ sung, cập nhật Chương trình hành động của Chính phủ thực hiện Nghị quyết "
                           "số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học")
    assert rs[2].title == "về hành động chiến lược triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị"


def test_the_plans_own_year_after_a_law_dated_elsewhere_is_not_the_laws():
    # SPEC rule 5: "năm 2026" is the year of the plan "triển khai thi hành Luật …"; the Căn cứ dates the law
    t = ("Triển khai thi hành Luật Địa chất và khoáng sản năm 2026\n"
         "Căn cứ Luật Địa chất và khoáng sản ngày 29 tháng 11 năm 2024;\n"
         "Sở ban hành Kế hoạch triển khai thi hành Luật Địa chất và khoáng sản năm 2026, cụ thể như sau:\n")
    rs = resolve(t, find_references(t), CitingContext(year=2026))
    assert [(r.text, r.date) for r in rs] == [
        ("Luật Địa chất và khoáng sản", "2024-11-29"),
        ("Luật Địa chất và khoáng sản ngày 29 tháng 11 năm 2024", "2024-11-29"),
        ("Luật Địa chất và khoáng sản", "2024-11-29"),
    ]
    assert all(t[r.span[0]:r.span[1]] == r.text for r in rs)
    # a year that is not the document's own is the law's: another law of that name
    t = "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;\nThay thế các quy định thi hành Luật Đất đai năm 2013.\n"
    rs = resolve(t, find_references(t), CitingContext(year=2026))
    assert [(r.text, r.date) for r in rs] == [("Luật Đất đai ngày 18 tháng 01 năm 2024", "2024-01-18"),
                                              ("Luật Đất đai năm 2013", None)]


def test_a_law_word_ending_a_table_cell_names_no_law():
    # a flattened table: the content cell ends with "Luật", the lead cell "Văn phòng Sở" follows on its own line
    t = "12\nSơ kết 01 năm triển khai thi hành Luật\nVăn phòng Sở\nCác phòng, đơn vị thuộc Sở\nQuý IV/2026\n"
    assert resolve(t, find_references(t), CitingContext()) == []
    # … but a listed law's name wrapped after it is the law's
    t = "Hoàn thiện pháp luật trong lĩnh vực bảo hiểm xã hội (Luật\nBảo hiểm xã hội, Bộ luật Lao động...)\n"
    assert [r.title for r in resolve(t, find_references(t), CitingContext())][:1] == ["Luật Bảo hiểm xã hội"]


def test_a_province_the_list_does_not_know_is_read_from_the_issuer_or_the_header():
    from extract.ids import citing_province

    # a known province first; else the one the issuer or the header's own line names (a new or made-up name)
    assert citing_province("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\n", "Đà Lạt", "Sở Nội vụ") == "Lâm Đồng"
    assert citing_province("x", "Phú Lâm", "Ủy ban nhân dân tỉnh Tây Sơn") == "Tây Sơn"
    assert citing_province("UBND TỈNH ĐÔNG GIANG\nSỞ XÂY DỰNG\nSố: 428/TB-SXD\n", "Đông Giang", "Sở Xây dựng") == "Đông Giang"
    assert citing_province("BỘ NỘI VỤ\nSố: 8412/BNV-TCBC\n", "Hà Nội", "Bộ Nội vụ") is None


def test_an_issuer_ends_before_the_notice_says_what_it_concludes():
    got = refs("Thực hiện Thông báo số 14/TB-UBND ngày 05/3/2026 của UBND xã Hòa Phong kết luận của Chủ tịch UBND "
               "xã tại cuộc họp giao ban tháng 2/2026.")
    assert [(r.id, r.issuer) for r in got] == [("14/TB-UBND", "UBND xã Hòa Phong")]
