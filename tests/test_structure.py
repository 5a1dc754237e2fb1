"""Structure: blocks by marker (rules/markers.yaml), field lines (rules/fields.yaml), parents,
section paths and quotations, and the tasks items with fields give (SPEC tasks)."""

from __future__ import annotations

import pytest

from extract.clean import clean
from extract.outline import read_outline
from extract.structure import Structure, build
from extract.tasks import find_tasks


def structure_of(text: str) -> tuple[str, Structure]:
    """The clean text and its structure, as the task stage builds it."""
    t = clean(text).text
    return t, build(t, 0, len(t))


def tasks_of(text: str):
    t = clean(text).text
    info, outline = read_outline(t)
    return find_tasks(t, outline, info)


def line_text(t: str, structure: Structure, i: int) -> str:
    s, e = structure.blocks[i].span
    return t[s:e]


def block_starting(t: str, structure: Structure, start: str) -> int:
    """Index of the one block whose line starts with ``start``."""
    (i,) = [n for n, b in enumerate(structure.blocks) if t[b.span[0]:b.span[1]].startswith(start)]
    return i


# -- markers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, kind, label, content",
    [
        ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I", "MỤC ĐÍCH, YÊU CẦU"),
        ("IV. TỔ CHỨC THỰC HIỆN", "roman", "IV", "TỔ CHỨC THỰC HIỆN"),
        ("2. Sở Tài chính", "arabic", "2", "Sở Tài chính"),
        ("1.1. Rà soát, hệ thống hóa văn bản quy phạm pháp luật do tỉnh ban hành",
         "decimal", "1.1", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do tỉnh ban hành"),
        ("2.3 Công khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia",
         "decimal", "2.3", "Công khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia"),
        ("(1) Sở Nội vụ chủ trì tham mưu kiện toàn Ban Chỉ đạo cải cách hành chính tỉnh.",
         "paren", "1", "Sở Nội vụ chủ trì tham mưu kiện toàn Ban Chỉ đạo cải cách hành chính tỉnh."),
        ("a) Các sở, ban, ngành, UBND các xã, phường", "letter", "a", "Các sở, ban, ngành, UBND các xã, phường"),
        ("đ) Sở Giáo dục và Đào tạo", "letter", "đ", "Sở Giáo dục và Đào tạo"),
        ("Điều 2. Tổ chức thực hiện", "article", "Điều 2", "Tổ chức thực hiện"),
        ("Chương III. TỔ CHỨC THỰC HIỆN", "chapter", "Chương III", "TỔ CHỨC THỰC HIỆN"),
        ("Phụ lục II", "appendix", "Phụ lục II", ""),
        ("PHỤ LỤC", "appendix", "Phụ lục", ""),
    ],
)
def test_numbered_markers_give_kind_label_and_content(line, kind, label, content):
    t, st = structure_of(line + "\n")
    (b,) = st.blocks
    assert (b.kind, b.marker, b.label, b.text(t)) == ("item", kind, label, content)


@pytest.mark.parametrize(
    "line, kind, content",
    [
        ("- Chủ trì, phối hợp với các sở, ngành liên quan rà soát thủ tục hành chính.", "dash",
         "Chủ trì, phối hợp với các sở, ngành liên quan rà soát thủ tục hành chính."),
        ("*   Rà soát, đề xuất sửa đổi quy trình nội bộ giải quyết thủ tục hành chính", "star",
         "Rà soát, đề xuất sửa đổi quy trình nội bộ giải quyết thủ tục hành chính"),
        ("+ Phương án phân bổ vốn đầu tư công năm 2026", "plus", "Phương án phân bổ vốn đầu tư công năm 2026"),
    ],
)
def test_bullets_are_items_that_enter_no_section(line, kind, content):
    t, st = structure_of("II. NHIỆM VỤ\n" + line + "\n")
    heading, bullet = st.blocks
    assert (bullet.kind, bullet.marker, bullet.text(t)) == ("item", kind, content)
    assert bullet.parent == 0 and st.section(1) == "II"  # a bullet adds nothing to the path


@pytest.mark.parametrize(
    "line",
    [
        "Năm 2026, Sở Nội vụ tiếp tục tham mưu thực hiện Kế hoạch.",
        "Các phòng chuyên môn báo cáo kết quả trước ngày 15 hằng tháng.",
        "NHIỆM VỤ TRIỂN KHAI CHƯƠNG TRÌNH HÀNH ĐỘNG",
    ],
)
def test_lines_without_a_marker_are_paragraphs(line):
    _, st = structure_of(line + "\n")
    (b,) = st.blocks
    assert (b.kind, b.marker, b.label) == ("para", None, None)


def test_bold_unit_heading_is_an_item_without_its_emphasis():
    # a converter's markdown: "**1. Sở Tài chính** (cơ quan chủ trì)"
    t, st = structure_of("IV. TỔ CHỨC THỰC HIỆN\n**1. Sở Tài chính** (cơ quan chủ trì)\n"
                         "- Tham mưu bố trí kinh phí thực hiện Kế hoạch.\n")
    i = block_starting(t, st, "1.")
    assert (st.blocks[i].marker, st.blocks[i].label) == ("arabic", "1")
    assert st.blocks[i].text(t) == "Sở Tài chính (cơ quan chủ trì)"
    assert st.section(i + 1) == "IV.1"


def test_decimal_item_glued_to_the_line_above_is_cut_off():
    # a PDF text layer wrote "1.2." at the end of the line of "1.1."
    t, st = structure_of("II. NHIỆM VỤ\n1. Cải cách thể chế\n"
                         "1.1. Rà soát văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành năm 2025. "
                         "1.2. Kiểm tra việc thực hiện văn bản quy phạm pháp luật tại UBND các xã.\n")
    items = [(b.marker, b.label, b.text(t)) for b in st.blocks]
    assert items[2:] == [
        ("decimal", "1.1", "Rà soát văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành năm 2025."),
        ("decimal", "1.2", "Kiểm tra việc thực hiện văn bản quy phạm pháp luật tại UBND các xã."),
    ]


def test_a_number_that_is_not_the_next_item_stays_in_its_line():
    t, st = structure_of("II. NHIỆM VỤ\n1.1. Thực hiện các nội dung tại tiểu mục 2.4. Phụ lục I kèm theo Kế hoạch này.\n")
    assert [b.label for b in st.blocks] == ["II", "1.1"]
    assert st.blocks[1].text(t).endswith("tiểu mục 2.4. Phụ lục I kèm theo Kế hoạch này.")


# -- nesting, parents and section paths ----------------------------------------------------------

PLAN = """KẾ HOẠCH
Cải cách hành chính năm 2026
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao chất lượng phục vụ người dân, doanh nghiệp.
II. NHIỆM VỤ CỤ THỂ
1. Cải cách thể chế
a) Rà soát các văn bản quy phạm pháp luật của tỉnh
- Đơn vị chủ trì: Sở Tư pháp.
b) Kiểm tra công tác thi hành pháp luật
2. Nâng cao kỷ luật, kỷ cương hành chính
- Rà soát quy chế làm việc của cơ quan.
- Cập nhật danh mục hồ sơ điện tử của cơ quan.
Các phòng chuyên môn báo cáo kết quả về Văn phòng Sở trước ngày 15 hằng tháng.
III. TỔ CHỨC THỰC HIỆN
"""


def test_section_paths_follow_the_headings_above():
    t, st = structure_of(PLAN)
    got = {line_text(t, st, n)[:12]: st.section(n) for n in range(len(st.blocks)) if st.blocks[n].kind == "item"}
    assert got == {
        "I. MỤC ĐÍCH,": "I", "1. Mục đích": "I.1", "II. NHIỆM VỤ": "II", "1. Cải cách ": "II.1",
        "a) Rà soát c": "II.1.a", "- Đơn vị chủ": "II.1.a", "b) Kiểm tra ": "II.1.b",
        "2. Nâng cao ": "II.2", "- Rà soát qu": "II.2", "- Cập nhật d": "II.2", "III. TỔ CHỨC": "III",
    }


def test_parents_children_and_ancestors():
    t, st = structure_of(PLAN)
    ii = block_starting(t, st, "II.")
    one = block_starting(t, st, "1. Cải cách")
    a = block_starting(t, st, "a) ")
    field = block_starting(t, st, "- Đơn vị chủ trì")
    b = block_starting(t, st, "b) ")
    two = block_starting(t, st, "2. ")
    assert st.blocks[one].parent == ii and st.blocks[two].parent == ii
    assert st.blocks[a].children == [field]
    assert st.blocks[b].parent == one  # "b)" closes "a)", not "1."
    assert list(st.ancestors(field)) == [a, one, ii]
    assert block_starting(t, st, "III.") in st.roots


def test_paragraph_belongs_to_the_nearest_heading_not_to_a_dash():
    t, st = structure_of(PLAN)
    para = block_starting(t, st, "Các phòng chuyên môn")
    assert st.blocks[para].kind == "para"
    assert st.blocks[para].parent == block_starting(t, st, "2. ")
    assert st.section(para) == "II.2"
    intro = block_starting(t, st, "Nâng cao chất lượng")
    assert st.blocks[intro].parent == block_starting(t, st, "1. Mục đích") and st.section(intro) == "I.1"


def test_irregular_lettering_is_kept_as_written():
    # "c)" left out and "đ)" after "d)": the labels are the document's, never renumbered
    text = ("III. NHIỆM VỤ, GIẢI PHÁP\n1. Nhiệm vụ chung\na) Rà soát quy trình nội bộ.\n"
            "b) Công khai thủ tục hành chính.\nd) Số hóa hồ sơ.\nđ) Đánh giá mức độ hài lòng.\n")
    t, st = structure_of(text)
    assert [st.section(n) for n in range(len(st.blocks))] == ["III", "III.1", "III.1.a", "III.1.b", "III.1.d", "III.1.đ"]


def test_kinds_nest_in_the_order_the_document_first_uses_them():
    # letters above numbers: "a)" opens first, so "1." nests under it and "b)" closes it
    text = ("II. NHIỆM VỤ\na) Nhiệm vụ chung\n1. Sở Nội vụ tham mưu kiện toàn tổ chức bộ máy.\n"
            "2. Sở Tài chính bố trí kinh phí.\nb) Nhiệm vụ cụ thể\n1. Văn phòng UBND tỉnh tổng hợp báo cáo.\n")
    t, st = structure_of(text)
    assert [st.section(n) for n in range(len(st.blocks))] == ["II", "II.a", "II.a.1", "II.a.2", "II.b", "II.b.1"]


def test_a_decimal_item_under_its_number_does_not_repeat_it():
    # corpus-real-2 011 (gold "V.3.4"): "V." → "3. Thủ tục, hồ sơ" → "3.4. Thời gian gửi hồ sơ"
    text = ("V. TIÊU CHUẨN, HÌNH THỨC, HỒ SƠ KHEN THƯỞNG\n3. Thủ tục, hồ sơ đề nghị khen thưởng\n"
            "3.1. Thủ tục khen thưởng theo quy định hiện hành.\n3.4. Thời gian gửi hồ sơ khen thưởng trước ngày 15/12/2026.\n")
    _, st = structure_of(text)
    assert [st.section(n) for n in range(len(st.blocks))] == ["V", "V.3", "V.3.1", "V.3.4"]


def test_an_appendix_starts_a_new_path():
    text = ("III. TỔ CHỨC THỰC HIỆN\n2. Sở Tài chính bố trí kinh phí.\nPhụ lục I\nI. NHIỆM VỤ TRỌNG TÂM\n"
            "1. Số hóa hồ sơ thủ tục hành chính.\n")
    _, st = structure_of(text)
    assert [st.section(n) for n in range(len(st.blocks))] == ["III", "III.2", "Phụ lục I", "Phụ lục I.I", "Phụ lục I.I.1"]


# -- quotations -----------------------------------------------------------------------------------

AMENDING = """QUYẾT ĐỊNH
Sửa đổi, bổ sung một số điều của Quy chế làm việc
Điều 1. Sửa đổi, bổ sung một số điều của Quy chế ban hành kèm theo Quyết định số 25/2023/QĐ-UBND
1. Sửa đổi khoản 2 Điều 5 như sau:
“2. Sở Nội vụ chủ trì, phối hợp với Văn phòng UBND tỉnh tổng hợp, báo cáo Chủ tịch UBND tỉnh trước ngày 20 hằng tháng.
a) Báo cáo gửi bằng văn bản điện tử;
b) Báo cáo đột xuất theo yêu cầu.”
2. Bổ sung khoản 4 vào Điều 7 như sau:
“4. Văn phòng UBND tỉnh công khai kết quả trên Cổng thông tin điện tử tỉnh.”
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""


def test_quoted_wording_is_marked_quoted_and_nests_apart():
    t, st = structure_of(AMENDING)
    quoted = [line_text(t, st, n)[:10] for n, b in enumerate(st.blocks) if b.quoted]
    assert quoted == ["“2. Sở Nội", "a) Báo cáo", "b) Báo cáo", "“4. Văn ph"]
    # the amending document's own "2." follows its "1.": the quoted "2." and its points never close it
    two = block_starting(t, st, "2. Bổ sung")
    assert st.section(two) == "Điều 1.2" and not st.blocks[two].quoted
    assert st.section(block_starting(t, st, "Điều 2.")) == "Điều 2"


def test_an_unclosed_quotation_ends_at_the_next_article():
    text = ("Điều 1. Sửa đổi khoản 1 Điều 3 như sau:\n“1. Sở Tư pháp chủ trì thẩm định dự thảo văn bản.\n"
            "Điều 2. Hiệu lực thi hành\n1. Quyết định này có hiệu lực kể từ ngày ký.\n")
    t, st = structure_of(text)
    assert [b.quoted for b in st.blocks] == [False, True, False, False]
    assert st.section(3) == "Điều 2.1"


# -- field lines ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, role, label, value",
    [
        ("- Đơn vị chủ trì thực hiện: Sở Tư pháp.", "lead", "Đơn vị chủ trì thực hiện", "Sở Tư pháp."),
        ("- Đơn vị (chủ trì) thực hiện: Văn phòng Sở.", "lead", "Đơn vị (chủ trì) thực hiện", "Văn phòng Sở."),
        ("- Đơn vị thực hiện: Các phòng, đơn vị thuộc Sở.", "lead", "Đơn vị thực hiện", "Các phòng, đơn vị thuộc Sở."),
        ("- Đơn vị chịu trách nhiệm: Phòng Hành chính - Tổng hợp", "lead", "Đơn vị chịu trách nhiệm",
         "Phòng Hành chính - Tổng hợp"),
        ("- Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với Sở Tài chính; UBND các xã", "lead", "Cơ quan thực hiện",
         "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính; UBND các xã"),
        ("- Cơ quan phối hợp: Sở Tài chính; UBND các xã, phường.", "support", "Cơ quan phối hợp",
         "Sở Tài chính; UBND các xã, phường."),
        ("- Tên nhiệm vụ: Rà soát, đơn giản hóa thủ tục hành chính nội bộ", "content", "Tên nhiệm vụ",
         "Rà soát, đơn giản hóa thủ tục hành chính nội bộ"),
        ("- Kết quả: Quyết định công bố danh mục thủ tục hành chính", "products", "Kết quả",
         "Quyết định công bố danh mục thủ tục hành chính"),
        ("- Sản phẩm: Báo cáo kết quả rà soát; Dự thảo Quyết định.", "products", "Sản phẩm",
         "Báo cáo kết quả rà soát; Dự thảo Quyết định."),
        ("- Lộ trình: Năm 2026 - 2027", "time", "Lộ trình", "Năm 2026 - 2027"),
        ("- Mốc hoàn thành: Tháng 12/2026", "time", "Mốc hoàn thành", "Tháng 12/2026"),
        ("Thời hạn hoàn thành: trước ngày 30/6/2026", "time", "Thời hạn hoàn thành", "trước ngày 30/6/2026"),
    ],
)
def test_field_lines_give_label_role_and_value(line, role, label, value):
    t, st = structure_of(line + "\n")
    (b,) = st.blocks
    f = b.field
    assert f is not None
    assert (f.role, t[f.label[0]:f.label[1]], t[f.value[0]:f.value[1]]) == (role, label, value)


@pytest.mark.parametrize(
    "line",
    [
        "- Thời gian qua, các sở, ngành đã tích cực triển khai nhiệm vụ.",
        "- Nội dung chính của Kế hoạch gồm: tuyên truyền, tập huấn, kiểm tra.",
        "- Giao Sở Nội vụ chủ trì thực hiện.",
    ],
)
def test_lines_that_only_begin_like_a_label_are_no_fields(line):
    _, st = structure_of(line + "\n")
    assert st.blocks[0].field is None


def test_lead_field_names_the_lead_and_its_supporters():
    text = ("KẾ HOẠCH\nKiểm soát thủ tục hành chính năm 2026\nII. NHIỆM VỤ\n"
            "1. Rà soát, đơn giản hóa thủ tục hành chính nội bộ\n"
            "- Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với Sở Tài chính; UBND các xã.\n"
            "- Sản phẩm: Báo cáo kết quả rà soát; Quyết định phê duyệt phương án đơn giản hóa.\n"
            "- Thời gian hoàn thành: Quý III năm 2026.\n")
    (task,) = tasks_of(text)
    assert task.section == "II.1"
    assert (task.lead, task.support) == (["Sở Nội vụ"], ["Sở Tài chính", "UBND các xã"])
    assert task.products == ["Báo cáo kết quả rà soát", "Quyết định phê duyệt phương án đơn giản hóa"]
    assert [(d.start, d.end) for d in task.deadlines] == [("2026-07-01", "2026-09-30")]


def test_each_item_with_fields_is_one_task():
    text = ("KẾ HOẠCH\nChuyển đổi số năm 2026\nII. NHIỆM VỤ CỤ THỂ\n1. Số hóa hồ sơ\n"
            "a) Số hóa kết quả giải quyết thủ tục hành chính\n"
            "- Tên nhiệm vụ: Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực\n"
            "- Đơn vị (chủ trì) thực hiện: Văn phòng UBND tỉnh\n"
            "- Kết quả: Kho dữ liệu số hóa được kết nối với Cổng Dịch vụ công quốc gia\n"
            "- Mốc hoàn thành: Tháng 10/2026\n"
            "b) Lập hồ sơ điện tử\n"
            "- Đơn vị chịu trách nhiệm: Sở Nội vụ\n"
            "- Lộ trình: Năm 2026 - 2027\n")
    ts = tasks_of(text)
    assert [t.section for t in ts] == ["II.1.a", "II.1.b"]
    a, b = ts
    assert a.lead == ["Văn phòng UBND tỉnh"]
    assert a.products == ["Kho dữ liệu số hóa được kết nối với Cổng Dịch vụ công quốc gia"]
    assert [(d.start, d.end) for d in a.deadlines] == [("2026-10-01", "2026-10-31")]
    assert b.lead == ["Sở Nội vụ"]
    assert [(d.start, d.end) for d in b.deadlines] == [("2026-01-01", "2027-12-31")]


def test_bold_unit_heading_leads_its_duties():
    text = ("KẾ HOẠCH\nThực hành tiết kiệm, chống lãng phí năm 2026\nIV. TỔ CHỨC THỰC HIỆN\n"
            "**1. Sở Tài chính** (cơ quan chủ trì)\n"
            "- Chủ trì, phối hợp với Sở Nội vụ hướng dẫn các cơ quan, đơn vị xây dựng chương trình.\n"
            "- Tổng hợp, báo cáo UBND tỉnh kết quả thực hiện trước ngày 30/11/2026.\n"
            "**2. Văn phòng UBND tỉnh**\n- Theo dõi, đôn đốc việc thực hiện Kế hoạch.\n")
    got = [(t.section, t.lead, t.support, [d.end for d in t.deadlines]) for t in tasks_of(text)]
    assert got == [("IV.1", ["Sở Tài chính"], ["Sở Nội vụ"], []),
                   ("IV.1", ["Sở Tài chính"], [], ["2026-11-30"]),
                   ("IV.2", ["Văn phòng UBND tỉnh"], [], [])]

