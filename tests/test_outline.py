"""Document fields (SPEC ``document``) and block boundaries."""

from __future__ import annotations

import pytest

from extract import rules
from extract.clean import clean
from extract.outline import read_outline
from extract.pipeline import extract, extract_bytes

from .conftest import SEEDS, gold


def extract_text(text: str) -> dict:
    return extract_bytes(text.encode(), "doc.txt").dump()

FIELDS = ["type", "number", "issuer", "place", "date", "title", "signer", "recipients"]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_document_fields_exact_on_seeds(path):
    got = extract(path).dump()["document"]
    want = gold(path)["document"]
    for f in FIELDS:
        assert got[f] == want[f], f


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_document_spans_point_at_the_values(path):
    ex = extract(path)
    d = ex.document
    for key, value in (("place", d.place), ("issuer", d.issuer)):
        if value is not None and key in d.spans:
            s, e = d.spans[key]
            assert ex.text[s:e] == value or ex.text[s:e].lower() == value.lower()


def _doc(text: str):
    return read_outline(clean(text).text)[0]


@pytest.mark.parametrize(
    "text, position, name",
    [
        # corpus-real 001 / 005: portal text joins the signature lines
        ("…thi hành Nghị định này./.\nNơi nhận:\n- Lưu: VT, KTTH (2b).\nKT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Lê Minh Khái\n",
         "Phó Thủ tướng", "Lê Minh Khái"),
        ("…thi hành Nghị định này./.\nNơi nhận:\n- Lưu: VT.\nTM. CHÍNH PHỦ THỦ TƯỚNG Nguyễn Xuân Phúc\n",
         "Thủ tướng", "Nguyễn Xuân Phúc"),
        # the two-column layout of a provincial department
        ("…\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n\nTrần Thị Hoa\n", "Phó Giám đốc", "Trần Thị Hoa"),
        ("…\nNơi nhận:\n- Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nLê Văn An\n", "Chánh Văn phòng", "Lê Văn An"),
        ("…\nNơi nhận:\n- Lưu: VT, TST.\nTỔNG GIÁM ĐỐC Nguyễn Thế Mạnh\n", "Tổng Giám đốc", "Nguyễn Thế Mạnh"),
        # a Công báo text layer: what the signature image leaves glued or on a line of its own
        ("…thi hành Quyết định này.\nKT. THỦ TƯỚNG\n   PHÓ THỦ TƯỚNGy]\n\nTrần Văn Bình\n", "Phó Thủ tướng",
         "Trần Văn Bình"),
        ("…thực hiện Nghị quyết này./.\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\n[\nNguyễn Văn Hai\n\nPhụ lục\n", "Thủ tướng",
         "Nguyễn Văn Hai"),
        # a DOCX working copy: the signature typed beside the recipients, columns kept apart by spaces
        ("…theo dõi./.\nNơi nhận:          TL. CHỦ TỊCH\n- Như trên;            CHÁNH VĂN PHÒNG\n"
         "- Chủ tịch UBND tỉnh;\n- Lưu: VT, NC.\n\n\n                                   Lê Thị Mai\n",
         "Chánh Văn phòng", "Lê Thị Mai"),
        ("…đúng quy định./.\nNơi nhận:     KT. GIÁM ĐỐC\n- Như trên;     PHÓ GIÁM ĐỐC\n- Lưu: VT.\n\n"
         "               Hoàng Văn Nam\n", "Phó Giám đốc", "Hoàng Văn Nam"),
        ("…\nNơi nhận: T/M BAN THƯỜNG VỤ\n- Ban Bí thư Trung ương Đảng (để b/c), BÍ THƯ\n- Các huyện ủy,\n"
         "- Lưu Văn phòng Huyện ủy. Vi Văn Hùng\n", "Bí thư", "Vi Văn Hùng"),
        # a portal joins the whole signature to the last recipient
        ("…\nNơi nhận:\n- Công báo;\n- Lưu VT; TCHQ KT. BỘ TRƯỞNG THỨ TRƯỞNG Lê Văn Tâm\nDANH MỤC CÁC BIỂU MẪU\n",
         "Thứ trưởng", "Lê Văn Tâm"),
        # a transcription's "(Đã ký)", a seal's residue in OCR output
        ("…\nNơi nhận:\n- UBND tỉnh (b/c);\n- Lưu: VT.\nGIÁM ĐỐC\n*(Đã ký)*\nĐặng Thị Lan\n---\n", "Giám đốc",
         "Đặng Thị Lan"),
        ("…\nNơi nhận: KT. CHỦ TỊCH\n- Như trên; PHÓ CHỦ TỊCH\n- Lưu: VT.\n,;'(ỦY B/\\N ~NHÂN° DÂN*)·. ®:: "
         "HUYỆN ¦TƯ NGH!A¡ %~ .:·`\nLò Văn Sinh\n", "Phó Chủ tịch", "Lò Văn Sinh"),
        # a rank before the name (police, army): no part of the name
        ("…\nNơi nhận:\n- Như kính gửi;\n- Lưu: VT, PC06.\nGIÁM ĐỐC\n\nThiếu tướng Nguyễn Văn Đông\n", "Giám đốc",
         "Nguyễn Văn Đông"),
    ],
)
def test_signature_forms(text, position, name):
    d = _doc(text)
    assert (d.signer.position, d.signer.name) == (position, name)


def test_header_block_of_a_provincial_plan():
    text = ("UBND TỈNH QUẢNG NGÃI\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nSố: 1528/KH-SKHCN\nQuảng Ngãi, ngày 30 tháng 12 năm 2022\n"
            "KẾ HOẠCH\nCải cách hành chính của Sở Khoa học và Công nghệ năm 2023\n"
            "Căn cứ Quyết định số 1782/QĐ-UBND ngày 21/12/2022 của UBND tỉnh;\n"
            "Nơi nhận:\n- UBND tỉnh (báo cáo);\n- Sở Nội vụ;\n- GĐ, các PGĐ Sở;\n- Lưu: VT, HCTH.\nGIÁM ĐỐC\nNguyễn Văn Thành\n")
    d = _doc(text)
    assert d.type == "ke_hoach"
    assert d.number == "1528/KH-SKHCN"
    assert d.issuer == "Sở Khoa học và Công nghệ"
    assert (d.place, d.date) == ("Quảng Ngãi", "2022-12-30")
    assert d.title == "Cải cách hành chính của Sở Khoa học và Công nghệ năm 2023"
    assert d.recipients == ["UBND tỉnh", "Sở Nội vụ", "GĐ, các PGĐ Sở"]


def test_portal_header_of_a_decree():
    # corpus-real 001, as the portal joins the header lines
    text = ("CHÍNH PHỦ -------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------\n"
            "Số: 91/2022/NĐ-CP\nHà Nội, ngày 30 tháng 10 năm 2022\n"
            "NGHỊ ĐỊNH SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 126/2020/NĐ-CP\n"
            "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n")
    d = _doc(text)
    assert (d.type, d.number, d.issuer, d.place, d.date) == ("nghi_dinh", "91/2022/NĐ-CP", "Chính phủ", "Hà Nội",
                                                             "2022-10-30")
    assert d.title == "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 126/2020/NĐ-CP"


def test_letter_with_vv_is_cong_van():
    text = ("SỞ NỘI VỤ\nSố: 2737/SNV\nV/v hướng dẫn tự đánh giá, chấm điểm Chỉ số CCHC năm 2020\n"
            "Quảng Ngãi, ngày 25 tháng 12 năm 2020\nKính gửi: Các sở, ban, ngành\n")
    d = _doc(text)
    assert (d.type, d.number, d.issuer) == ("cong_van", "2737/SNV", "Sở Nội vụ")
    assert d.title == "hướng dẫn tự đánh giá, chấm điểm Chỉ số CCHC năm 2020"


@pytest.mark.parametrize("authority", ["ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THANH HÓA",
                                       "GIÁM ĐỐC SỞ TƯ PHÁP", "BỘ TRƯỞNG BỘ Y TẾ"])
def test_title_stops_at_the_promulgating_authority(authority):
    # Nghị định 30/2020/NĐ-CP: the trích yếu under the kind name, then the authority line in caps
    text = ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 2145/QĐ-UBND\nNghệ An, ngày 18 tháng 7 năm 2024\n\nQUYẾT ĐỊNH\n"
            "Ban hành Kế hoạch triển khai thực hiện Đề án phát triển ứng dụng dữ liệu về dân cư\n"
            "trên địa bàn tỉnh Nghệ An năm 2024\n\n" + authority + "\n\n"
            "Căn cứ Luật Giao dịch điện tử năm 2023;\n")
    d = _doc(text)
    assert d.title == ("Ban hành Kế hoạch triển khai thực hiện Đề án phát triển ứng dụng dữ liệu về dân cư "
                       "trên địa bàn tỉnh Nghệ An năm 2024")


@pytest.mark.parametrize("line, kind, number, date, title", [
    ("Chỉ thị số 14/CT-BVĐK ngày 12/3/2024 về việc tăng cường phòng cháy tại các khoa.",
     "chi_thi", "14/CT-BVĐK", "2024-03-12", "tăng cường phòng cháy tại các khoa"),
    ("Quy trình số 07/QT-KHTH về tiếp nhận người bệnh.", "quy_trinh", "07/QT-KHTH", None, "tiếp nhận người bệnh"),
    ("Kế hoạch 25/KH-TTYT ngày 02/01/2025", "ke_hoach", "25/KH-TTYT", "2025-01-02", None),
])
def test_a_document_that_opens_by_naming_itself(line, kind, number, date, title):
    d = _doc(line + "\nPhiên bản: 1\n1. MỤC ĐÍCH\nHướng dẫn thực hiện thống nhất.\n")
    assert (d.type, d.number, d.date, d.title) == (kind, number, date, title)


def test_a_sentence_citing_a_document_is_not_an_identification():
    d = _doc("căn cứ Chỉ thị số 14/CT-BVĐK ngày 12/3/2024 về việc tăng cường phòng cháy.\nNội dung khác.\n")
    assert d.number is None


@pytest.mark.parametrize(
    "header, title, body",
    [
        # a body that opens with its date or with the recent past is no part of the title
        ("VĂN PHÒNG\nSố: 45/TB-VP\nBình Định, ngày 05 tháng 4 năm 2024\nTHÔNG BÁO",
         "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về tiến độ giải ngân vốn đầu tư công",
         "Ngày 02/4/2024, Chủ tịch UBND tỉnh chủ trì cuộc họp về tiến độ giải ngân vốn đầu tư công năm 2024."),
        ("ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\nSố: 07/CT-UBND\nKhánh Hòa, ngày 18 tháng 4 năm 2024\nCHỈ THỊ",
         "Về tăng cường công tác phòng cháy, chữa cháy trong mùa khô năm 2024",
         "Thời gian qua, công tác phòng cháy, chữa cháy trên địa bàn tỉnh đạt nhiều kết quả. Để chủ động phòng "
         "ngừa, Chủ tịch UBND tỉnh yêu cầu:"),
        ("TỈNH ỦY QUẢNG NGÃI\n*\nSố 45-KL/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nQuảng Ngãi, ngày 10 tháng 5 năm 2024\nKẾT LUẬN",
         "của Ban Thường vụ Tỉnh ủy về tình hình thực hiện nhiệm vụ chuyển đổi số",
         "Tại Hội nghị ngày 08/5/2024, sau khi nghe Ban cán sự đảng UBND tỉnh báo cáo, Ban Thường vụ Tỉnh ủy kết "
         "luận như sau:"),
        # a plan's title may open with the verb a body also opens with
        ("ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG HÒA\nSố: 88/KH-UBND\nĐông Hòa, ngày 14 tháng 3 năm 2025\nKẾ HOẠCH",
         "Triển khai chuyển đổi số trên địa bàn huyện năm 2025",
         "Căn cứ Quyết định số 412/QĐ-UBND ngày 20/01/2025 của UBND tỉnh về chuyển đổi số;"),
    ],
)
def test_where_a_title_line_ends(header, title, body):
    info, _ = read_outline(clean(f"{header}\n{title}\n{body}\n").text)
    assert info.title == title


def test_a_kind_heading_with_words_of_its_own_goes_on_in_lower_case():
    # "CHƯƠNG TRÌNH CÔNG TÁC" then its period in sentence case: one title, whose one year is the programme's
    text = ("UBND TỈNH GIA NINH\nVĂN PHÒNG\nSố: 52/CTr-VPUBND\nGia Ninh, ngày 25 tháng 9 năm 2026\n"
            "CHƯƠNG TRÌNH CÔNG TÁC\nquý IV năm 2026 của Ủy ban nhân dân tỉnh\n"
            "Căn cứ Quyết định số 15/QĐ-UBND ngày 05/01/2026 của Ủy ban nhân dân tỉnh;\n")
    info, _ = read_outline(clean(text).text)
    assert info.title == "CÔNG TÁC quý IV năm 2026 của Ủy ban nhân dân tỉnh"
    # a caps line after it is still the authority's, not the title's
    info, _ = read_outline(clean(text.replace("quý IV năm 2026 của Ủy ban nhân dân tỉnh", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH")).text)
    assert "quý" not in (info.title or "")


def test_issuer_whose_field_ends_in_a_head_word():
    # "MÔI TRƯỜNG" is no "TRƯỜNG" (a school); "QUỐC PHÒNG" is no "PHÒNG"
    for header, issuer in (("UBND TỈNH LÂM ĐỒNG\nSỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Sở Tài nguyên và Môi trường"),
                           ("BỘ QUỐC PHÒNG\nCỤC QUÂN Y", "Cục Quân y")):
        text = header + "\nSố: 1520/KH-STNMT\nLâm Đồng, ngày 12 tháng 6 năm 2024\nKẾ HOẠCH\nKiểm tra năm 2024\n"
        info, _ = read_outline(clean(text).text)
        assert info.issuer == issuer


def test_a_plan_title_that_implements_a_party_programme():
    text = ("UBND TỈNH LÂM ĐỒNG\nSỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG\nSố: 1520/KH-STNMT\nLâm Đồng, ngày 12 tháng 6 năm 2024\n"
            "KẾ HOẠCH\nTriển khai thực hiện Chương trình hành động số 15-CTr/TU ngày 01/3/2024 của Tỉnh ủy\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n")
    d = extract_text(text)
    assert d["document"]["title"] == "Triển khai thực hiện Chương trình hành động số 15-CTr/TU ngày 01/3/2024 của Tỉnh ủy"
    (r,) = d["references"]
    assert (r["type"], r["id"], r["relation"], r["scope"]) == ("chuong_trinh", "15-CTR/TU", "implements", "Lâm Đồng")


def test_recipients_beside_the_signature_are_the_recipients_alone():
    d = _doc("…theo dõi./.\nNơi nhận:          TL. CHỦ TỊCH\n- Như trên;            CHÁNH VĂN PHÒNG\n"
             "- Chủ tịch UBND tỉnh;\n- LĐVP;\n- Lưu: VT, NC.\n\n\n                                   Lê Thị Mai\n")
    assert d.recipients == ["Như trên", "Chủ tịch UBND tỉnh", "LĐVP"]


@pytest.mark.parametrize("written, place", [("Lâm Đông", "Lâm Đồng"), ("Bình Thuân", "Bình Thuận"),
                                            ("Lâm Đồng", "Lâm Đồng"), ("Đức Trọng", "Đức Trọng")])
def test_a_province_misread_by_a_tone_mark_is_the_province(written, place):
    d = _doc(f"UBND TỈNH X\nSố: 12/UBND-VX\n{written}, ngày 05 tháng 3 năm 2025\nV/v triển khai\n")
    assert d.place == place


def test_a_title_ends_before_what_a_stamp_left_beside_it():
    d = _doc("CÔNG AN TỈNH LÂM ĐỒNG\nSố: 28/TTr-CAT\nLâm Đồng, ngày 02 tháng 10 năm 2025\nTỜ TRÌNH\n"
             "Đề nghị ban hành Báo cáo tháng 10/2025\nvà nhiệm vụ thời gian tới -?3 -I0- 1ữ% .\n"
             "Kính gửi: Lãnh đạo UBND tỉnh.\n")
    assert d.title == "Đề nghị ban hành Báo cáo tháng 10/2025 và nhiệm vụ thời gian tới"


@pytest.mark.parametrize("text, position", rules.load("positions")["signing_body_examples"])
def test_a_collective_signing_by_its_name_alone(text, position):
    d = _doc("CHƯƠNG TRÌNH\nHội nghị triển khai nhiệm vụ năm 2026\n" + text)
    assert (d.signer.position, d.signer.name) == (position, None)


def test_kinh_gui_after_the_motto_of_a_header_read_cell_by_cell_is_header():
    # the V/v line, then the motto, its rule and the date, then "Kính gửi:" with its dashes: no items of the body
    text = clean("BỘ NỘI VỤ\n-------\nSố: 8412/BNV-TCBC\nV/v hướng dẫn rà soát vị trí việc làm\n"
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
                 "Hà Nội, ngày 18 tháng 11 năm 2026\nKính gửi:\n- Các Bộ, cơ quan ngang Bộ;\n"
                 "- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n"
                 "Thực hiện Nghị định số 62/2020/NĐ-CP, Bộ Nội vụ hướng dẫn như sau:\n1. Về rà soát\n").text
    info, outline = read_outline(text)
    assert text[outline.header_end:].lstrip().startswith("Thực hiện Nghị định")


@pytest.mark.parametrize("head, issuer", [
    # a Party committee's header as a Word table read cell by cell (one cell a line, its paragraphs joined by ";")
    ("| ĐẢNG BỘ TỈNH BÌNH SƠN; HUYỆN ỦY LẠC PHONG; *; Số 187-TB/HU | ĐẢNG CỘNG SẢN VIỆT NAM;\n"
     "Lạc Phong, ngày 12 tháng 3 năm 2027 |\n", "Huyện ủy Lạc Phong"),
    ("ĐẢNG BỘ TỈNH NGHỆ AN\nĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH\n*\nSố 187-TB/HU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
     "Vinh, ngày 12 tháng 3 năm 2027\n", "Đảng ủy Khối các cơ quan tỉnh"),
    ("THÀNH ỦY VINH\n*\nSố 187-TB/HU\nĐẢNG CỘNG SẢN VIỆT NAM\nVinh, ngày 12 tháng 3 năm 2027\n", "Thành ủy Vinh"),
])
def test_a_party_committees_header(head, issuer):
    # "Số 187-TB/HU": a Party number has no colon; "ĐẢNG BỘ TỈNH …" is the committee above the issuer
    text = head + "THÔNG BÁO\nKẾT LUẬN CỦA BAN THƯỜNG VỤ\nBan Thường vụ kết luận như sau:\n"
    info, _ = read_outline(clean(text).text)
    assert (info.number, info.issuer, info.type) == ("187-TB/HU", issuer, "thong_bao")
