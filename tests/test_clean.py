"""Cleaning: clean text plus an offset map back to the source."""

from __future__ import annotations

import unicodedata

import pytest

from extract.clean import clean
from extract.orthography import place_tone

from .conftest import SEEDS


@pytest.mark.parametrize(
    "word, expected",
    [
        ("qủa", "quả"),  # seed 000: "Kết qủa đạt được"
        ("hoà", "hòa"),
        ("hoá", "hóa"),  # seed 000: "mua sắm hàng hoá"
        ("uỷ", "ủy"),  # seed 001: "Tỉnh uỷ"
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("HOÀ", "HÒA"),
        ("tòan", "toàn"),
        ("lọai", "loại"),
        ("giữa", "giữa"),
        ("người", "người"),
        ("khuỷu", "khuỷu"),
        ("quốc", "quốc"),
        ("iDesk", "iDesk"),
        ("Covid", "Covid"),
    ],
)
def test_tone_placement(word, expected):
    assert place_tone(word) == expected


def _check_map(source: str, mt) -> None:
    """Every clean character that is not inserted white space comes from its mapped source
    character (equal after NFC and the Ð→Đ fold)."""
    assert len(mt.offsets) == len(mt.text)
    for i, ch in enumerate(mt.text):
        o = mt.offsets[i]
        assert 0 <= o < len(source) or o == len(source)
        if ch.isspace():
            continue
        src = source[o]
        if src.isspace():
            continue
        fold = unicodedata.normalize("NFD", src)[0].lower()
        assert unicodedata.normalize("NFD", ch)[0].lower() in {fold, "đ", "d"} or not src.isalpha(), (i, ch, src)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_offset_map_on_seeds(path):
    source = path.read_text(encoding="utf-8")
    mt = clean(source)
    _check_map(source, mt)
    # monotone: clean order is source order
    assert all(a <= b for a, b in zip(mt.offsets, mt.offsets[1:], strict=False))


def test_nfd_input_gives_nfc_text_and_maps_back():
    source = unicodedata.normalize("NFD", "Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh")
    mt = clean(source)
    assert mt.text == "Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh"
    start = mt.text.index("57/QĐ-UBND")
    s, e = mt.source_span(start, start + len("57/QĐ-UBND"))
    assert unicodedata.normalize("NFC", source[s:e]) == "57/QĐ-UBND"


def test_eth_and_glued_tokens():
    mt = clean("theo Nghị định số 59/2019/ÐN-CPngày 01/7/2019 và Quyết định số57/QĐ-UBNDngày 25/01/2024")
    assert "ÐN" not in mt.text and "ĐN-CP ngày" in mt.text
    assert "số 57/QĐ-UBND ngày" in mt.text


def test_reflow_joins_wrapped_sentence_with_blank_lines():
    # seed 000: a sentence broken across lines with blank lines between
    source = ("Ngày 12/4/2024, Sở Khoa học và Công nghệ đã tổ chức buổi Hội thảo \n\n"
              "Chuyên đề về “Xây dựng và triển khai thực hiện các giải pháp cải thiện, nâng \n\n"
              "cao chỉ số cải cách hành chính của Sở Khoa học và Công nghệ trong năm 2024” \n\n"
              "để đánh giá kết quả thực hiện. \n\n"
              "1. Kết quả đạt được \n\n"
              "Năm 2023, trên cơ sở các Quyết định của UBND tỉnh về ban hành Kế \n\n"
              "hoạch CCHC. \n\n")
    text = clean(source).text
    lines = text.split("\n")
    assert lines[0].startswith("Ngày 12/4/2024") and lines[0].endswith("thực hiện.")
    assert lines[1] == "1. Kết quả đạt được"
    assert lines[2] == "Năm 2023, trên cơ sở các Quyết định của UBND tỉnh về ban hành Kế hoạch CCHC."


def test_list_items_and_signature_stay_apart():
    source = "Nơi nhận: \n- Sở Nội vụ; \n- Lưu: VT. \nGIÁM ĐỐC \n\n\n\n Nguyễn Văn Thành \n"
    assert clean(source).text.split("\n") == ["Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT.", "GIÁM ĐỐC", "Nguyễn Văn Thành"]


def test_page_numbers_removed():
    # seed 001: a page number between two halves of a name
    source = "Sở Khoa học và Công \n9 \nnghệ thực hiện giải quyết TTHC đảm bảo đúng quy trình."
    assert clean(source).text == "Sở Khoa học và Công nghệ thực hiện giải quyết TTHC đảm bảo đúng quy trình."


def test_converter_marks():
    source = ("# KẾ HOẠCH\n**Căn cứ** Quyết định số 12/QĐ-UBND;\n| STT | Nội dung |\n|---|---|\n| 1 | Rà soát |\n"
              "tỷ lệ đạt $\\geq 50\\%$ /tổng số hồ sơ")
    text = clean(source).text
    assert text.split("\n")[:2] == ["KẾ HOẠCH", "Căn cứ Quyết định số 12/QĐ-UBND;"]
    assert "| STT | Nội dung |" in text and "|---|" not in text
    assert "≥ 50%" in text


def test_portal_tooltips_and_running_title_removed():
    source = ("Thông tư 43/2023/TT-BTC. Điều 1. Sửa đổi Thông tư số 46/2014/TT-BTC\n"
              "1. Nội dung [Khoản này được sửa đổi bởi Khoản 3 Điều 1 Thông tư 22/2019/TT-BTC có hiệu lực từ ngày 01/07/2019] mới.\n"
              "Thông tư 43/2023/TT-BTC. Điều 2. Hiệu lực thi hành\n")
    text = clean(source).text
    assert "22/2019" not in text
    assert text.count("43/2023") == 0
    assert text.startswith("Điều 1. Sửa đổi Thông tư số 46/2014/TT-BTC")


def test_huge_single_line_is_linear():
    source = ("Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh; " * 90000)[:5_000_000]
    mt = clean(source)
    assert len(mt.text) > 4_900_000


@pytest.mark.parametrize(
    "source, expected_lines",
    [
        # corpus-real 002: the portal joins the place/date line and the heading
        ("BỘ TÀI CHÍNH -------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------\n"
         "Số: 22/2019/TT-BTC\nHà Nội, ngày 16 tháng 04 năm 2019 THÔNG TƯ SỬA ĐỔI MỘT SỐ ĐIỀU\nCăn cứ Luật Hải quan;",
         ["BỘ TÀI CHÍNH -------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------",
          "Số: 22/2019/TT-BTC", "Hà Nội, ngày 16 tháng 04 năm 2019", "THÔNG TƯ SỬA ĐỔI MỘT SỐ ĐIỀU", "Căn cứ Luật Hải quan;"]),
        # corpus-real 019: number and V/v on one line
        ("TỔNG CỤC HẢI QUAN -------\nSố: 778/TCHQ-GSQL V/v xử lý vướng mắc\nHà Nội, ngày 13 tháng 02 năm 2017 Kính gửi: Cục Hải quan.",
         ["TỔNG CỤC HẢI QUAN -------", "Số: 778/TCHQ-GSQL", "V/v xử lý vướng mắc", "Hà Nội, ngày 13 tháng 02 năm 2017",
          "Kính gửi: Cục Hải quan."]),
        # header lines in capitals stay apart; a wrapped title in capitals is joined
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH\nVĂN PHÒNG\nSố: 412/TB-VP\nTP. Hồ Chí Minh, ngày 09 tháng 9 năm 2025",
         ["ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "VĂN PHÒNG", "Số: 412/TB-VP", "TP. Hồ Chí Minh, ngày 09 tháng 9 năm 2025"]),
    ],
)
def test_joined_header_lines_are_split(source, expected_lines):
    assert clean(source).text.split("\n") == expected_lines


def test_portal_title_line_and_repeated_article_headings():
    # corpus-real 026
    source = ("Luật Doanh nghiệp sửa đổi 2025\nQUỐC HỘI -------\n"
              "Luật Doanh nghiệp sửa đổi 2025. Điều 1. Sửa đổi, bổ sung Luật Doanh nghiệp. Khoản 1. Sửa đổi khoản 5 "
              "Điều 4 - Luật doanh nghiệp 2020 như sau:\n"
              "Luật Doanh nghiệp sửa đổi 2025. Điều 1. Sửa đổi, bổ sung Luật Doanh nghiệp. Khoản 2. Bổ sung khoản 5a.\n"
              "Luật Doanh nghiệp sửa đổi 2025. Điều 2. Hiệu lực thi hành\n")
    assert clean(source).text.split("\n") == [
        "QUỐC HỘI -------",
        "Điều 1. Sửa đổi, bổ sung Luật Doanh nghiệp. Khoản 1. Sửa đổi khoản 5 Điều 4 như sau:",
        "Khoản 2. Bổ sung khoản 5a.",
        "Điều 2. Hiệu lực thi hành",
    ]


@pytest.mark.parametrize(
    "noisy, fixed",
    [
        ("gửi về Sở Nội vụ trước ngày 3O/9/2024.", "gửi về Sở Nội vụ trước ngày 30/9/2024."),
        ("báo cáo trước ngày l5/6/2024", "báo cáo trước ngày 15/6/2024"),
        ("Quyết định số 2O45/QĐ-UBND", "Quyết định số 2045/QĐ-UBND"),
        ("Phụ lục IV, Mục I", "Phụ lục IV, Mục I"),  # Roman numerals are left alone
    ],
)
def test_ocr_digits(noisy, fixed):
    assert clean(noisy).text == fixed


def test_a_repeated_article_heading_with_its_clause_glued_on_is_dropped():
    # corpus-real 004: the portal repeats Điều 1's heading and glues the next clause after its colon
    head = ("Nghị định 247/2025/NĐ-CP sửa đổi Nghị định 171/2016/NĐ-CP. Điều 1. Sửa đổi, bổ sung một số điều của "
            "Nghị định số 171/2016/NĐ-CP ngày 27 tháng 12 năm 2016:")
    text = f"{head}\n1. Sửa đổi khoản 1.\n{head}14. Sửa đổi, bổ sung Điều 14 như sau:\n“Điều 14.”\n"
    out = clean(text).text
    assert out.count("Nghị định số 171/2016/NĐ-CP") == 1 and "247/2025" not in out
    assert "14. Sửa đổi, bổ sung Điều 14 như sau:" in out


def test_a_portal_note_that_a_document_lost_force_is_furniture():
    t = "2. Bãi bỏ Quyết định số 2156/QĐ-UBND.\n[Quyết định 2156/QĐ-UBND hết hiệu lực toàn bộ kể từ ngày 05/02/2026]\n"
    assert "05/02/2026" not in clean(t).text and "Bãi bỏ Quyết định số 2156/QĐ-UBND" in clean(t).text


def test_digital_at_a_heading_end_and_a_quarter_wrapped_before_its_numeral():
    # "số" of "dữ liệu số" is "digital", no number to come: the heading ends there; "Quý" / "II/2027." is one phrase
    raw = ("2. Phát triển hạ tầng số, nền tảng số và dữ liệu số\n"
           "Sở Khoa học và Công nghệ chủ trì, phối hợp với Công an tỉnh rà soát quy chế, hoàn thành trong Quý\n"
           "II/2027.\n3. Phát triển nguồn nhân lực\n")
    assert clean(raw).text.split("\n") == [
        "2. Phát triển hạ tầng số, nền tảng số và dữ liệu số",
        "Sở Khoa học và Công nghệ chủ trì, phối hợp với Công an tỉnh rà soát quy chế, hoàn thành trong Quý II/2027.",
        "3. Phát triển nguồn nhân lực"]


def test_a_year_alone_on_the_line_after_nam_is_no_page_number():
    raw = ("4. Sửa đổi một số nội dung tại Công văn số 5127/BNV-TCBC về việc báo cáo biên chế công chức năm\n"
           "2026\nKể từ ngày ký Công văn này, bãi bỏ điểm b khoản 2.\n\n12\n\nCác nội dung khác giữ nguyên.\n")
    text = clean(raw).text
    assert "biên chế công chức năm 2026" in text and "\n12\n" not in text


def test_a_header_with_blank_lines_before_its_number_keeps_its_issuer():
    # a Word header cell read as paragraphs: the issuer, an empty paragraph, the number, then the motto
    raw = ("UBND TỈNH ĐÔNG GIANG\nSỞ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH\n\nSố: 215/CTr-SVHTTDL\n"
           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nĐông Giang, ngày 28 tháng 12 năm 2026\n"
           "CHƯƠNG TRÌNH\nCông tác năm 2027\n")
    assert clean(raw).text.startswith("UBND TỈNH ĐÔNG GIANG")
    # … and a portal's article title and lead before the document go
    page = ("Công điện số 07/CĐ-UBND của Chủ tịch UBND tỉnh về ứng phó bão số 7 14:35 | 02/10/2026 Lượt xem: 1.247\n"
            "(Cổng TTĐT) - Chủ tịch UBND tỉnh ban hành Công điện số 07/CĐ-UBND yêu cầu các sở, ngành ứng phó.\n"
            "ỦY BAN NHÂN DÂN\nTỈNH ĐÔNG GIANG\n-------\nSố: 07/CĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n")
    assert clean(page).text.startswith("ỦY BAN NHÂN DÂN\nTỈNH ĐÔNG GIANG")
