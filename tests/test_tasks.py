"""Tasks: structured blocks, unit headings and prose assignments."""

from __future__ import annotations

import pytest

from extract.clean import clean
from extract.outline import read_outline
from extract.pipeline import extract
from extract.tasks import find_tasks, split_units

from .conftest import CORPUS


def tasks_of(text: str):
    t = clean(text).text
    info, outline = read_outline(t)
    return find_tasks(t, outline, info)


@pytest.mark.parametrize(
    "value, units",
    [
        ("Phòng Hành chính - Tổng hợp và các phòng, đơn vị liên quan.",
         ["Phòng Hành chính - Tổng hợp", "các phòng, đơn vị liên quan"]),
        ("Phòng Hành chính - Tổng hợp và Trung tâm Ứng dụng và Dịch vụ KHCN.",
         ["Phòng Hành chính - Tổng hợp", "Trung tâm Ứng dụng và Dịch vụ KHCN"]),
        # kinds of body listed after a named unit are one collective unit, also when a cell's line opens it with a capital
        ("Bộ Khoa học và Công nghệ, cơ quan, tổ chức và doanh nghiệp liên quan",
         ["Bộ Khoa học và Công nghệ", "cơ quan, tổ chức và doanh nghiệp liên quan"]),
        ("Bộ Khoa học và Công nghệ,\nCơ quan, tổ chức\nvà doanh nghiệp\nliên quan",
         ["Bộ Khoa học và Công nghệ", "Cơ quan, tổ chức và doanh nghiệp liên quan"]),
        ("Báo và Phát thanh, Truyền hình Đồng Nai", ["Báo và Phát thanh, Truyền hình Đồng Nai"]),
        # a commune's villages and their heads, associations
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã, Hội Cựu chiến binh xã và các thôn",
         ["Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Hội Cựu chiến binh xã", "các thôn"]),
        ("Chi nhánh Văn phòng Đăng ký đất đai khu vực số 4 và Trưởng các thôn Đông Kết, Tân Hưng",
         ["Chi nhánh Văn phòng Đăng ký đất đai khu vực số 4", "Trưởng các thôn Đông Kết, Tân Hưng"]),
        ("Hiệp hội Doanh nghiệp tỉnh Đồng Nai, Liên minh Hợp tác xã tỉnh",
         ["Hiệp hội Doanh nghiệp tỉnh Đồng Nai", "Liên minh Hợp tác xã tỉnh"]),
        ("UBND cùng cấp", ["UBND cùng cấp"]),
        # a crime's kind names the force ("tội phạm về ma túy"); "về" after a unit otherwise opens its topic
        ("lực lượng chuyên trách phòng, chống tội phạm về ma túy và Bộ đội Biên phòng tỉnh",
         ["lực lượng chuyên trách phòng, chống tội phạm về ma túy", "Bộ đội Biên phòng tỉnh"]),
        ("Sở Tư pháp về công tác phổ biến pháp luật", ["Sở Tư pháp"]),
        ("Văn phòng Sở, Phòng Quản lý công nghệ, Thị trường công nghệ và Chuyên ngành và Chi cục Tiêu chuẩn Đo lường Chất lượng",
         ["Văn phòng Sở", "Phòng Quản lý công nghệ, Thị trường công nghệ và Chuyên ngành",
          "Chi cục Tiêu chuẩn Đo lường Chất lượng"]),
        ("Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),
        ("Các phòng, đơn vị thực hiện các giải pháp nâng cao chất lượng phục vụ", ["Các phòng, đơn vị"]),
        ("Tổ Kiểm tra cải cách hành chính của Sở.", ["Tổ Kiểm tra cải cách hành chính của Sở"]),
        ("Các phòng thuộc Sở và các đơn vị liên quan.", ["Các phòng thuộc Sở", "các đơn vị liên quan"]),
        # the comma of "phòng, chống" joins two words of one name
        ("lực lượng chuyên trách phòng, chống tội phạm", ["lực lượng chuyên trách phòng, chống tội phạm"]),
        # a qualifier names one more place after "và"
        ("cấp ủy, chính quyền địa phương khu vực biên giới, cửa khẩu và trên biển",
         ["cấp ủy, chính quyền địa phương khu vực biên giới, cửa khẩu và trên biển"]),
        # "Các Bộ: A, B" names ministries, a qualifier of them all after the list
        ("các Bộ: Xây dựng, Quốc phòng theo chức năng, nhiệm vụ được giao", ["Bộ Xây dựng", "Bộ Quốc phòng"]),
        # persons with the position that names them; the honorific is dropped, the rank kept
        ("Đồng chí Thượng tướng Nguyễn Văn Long, Thứ trưởng Bộ Công an", ["Thượng tướng Nguyễn Văn Long, Thứ trưởng Bộ Công an"]),
        # a province's cultural units
        ("Nhà hát Nghệ thuật truyền thống tỉnh; Bảo tàng tỉnh", ["Nhà hát Nghệ thuật truyền thống tỉnh", "Bảo tàng tỉnh"]),
    ],
)
def test_split_units(value, units):
    assert split_units(value) == units


def test_seed_003_yields_every_structured_item_and_section_iii():
    ex = extract(CORPUS / "seed-003.txt")
    sections = [t.section for t in ex.tasks]
    structured = [s for s in sections if s and s.startswith("II.")]
    # II.1 a b c d đ e g · II.2 a b c d đ e g h i k l · II.3 a–c · II.4 a b (+ c in prose) · II.5 a b · II.6 ·
    # II.7 a–c · II.8 · II.9 a–d
    assert len([s for s in structured if s != "II.4.c"]) == 34
    assert {"III.1", "III.2", "III.3", "III.4"} <= set(sections)
    by = {t.section: t for t in ex.tasks}
    a = by["II.1.a"]
    assert a.lead == ["Các phòng, đơn vị thuộc Sở"]
    assert a.support == ["Phòng Hành chính - Tổng hợp", "các phòng, đơn vị liên quan"]
    assert a.products == ["Các Chương trình, kế hoạch, quyết định… của UBND tỉnh, Chủ tịch UBND tỉnh và của Sở"]
    assert [(d.start, d.end, d.ongoing) for d in a.deadlines] == [("2023-01-01", "2023-12-31", True)]
    iii = by["III.1"]
    # "định kỳ hàng quý, 6 tháng, năm" in a plan of 2023 runs over 2023 (SPEC rule 4), then the schedule
    assert [(d.start, d.end, d.recurrence) for d in iii.deadlines] == [
        ("2023-01-01", "2023-12-31", "quarterly"), (None, "2023-03-03", None), (None, "2023-06-03", None),
        (None, "2023-09-03", None), (None, "2023-11-25", None)]
    assert by["II.9.a"].deadlines[0].start == "2022-12-01"


def test_unit_headings_with_duties():
    text = ("KẾ HOẠCH\nTriển khai công tác năm 2025\n"
            "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Tư pháp\n- Chủ trì, phối hợp với Sở Nội vụ hướng dẫn các địa phương.\n"
            "- Tổng hợp, xây dựng dự thảo báo cáo trước ngày 27/9/2025.\n2. Sở Tài chính\n"
            "- Bố trí kinh phí thực hiện Kế hoạch.\n")
    ts = tasks_of(text)
    assert [(t.section, t.lead, t.support) for t in ts] == [
        ("IV.1", ["Sở Tư pháp"], ["Sở Nội vụ"]),
        ("IV.1", ["Sở Tư pháp"], []),
        ("IV.2", ["Sở Tài chính"], []),
    ]
    assert ts[1].deadlines[0].end == "2025-09-27"


@pytest.mark.parametrize(
    "sentence, lead, support",
    [
        ("6. Giao ông Phạm Ngọc Thắng chủ trì (Văn phòng Sở phối hợp) triển khai thực hiện giải pháp nâng cao Chỉ số.",
         ["ông Phạm Ngọc Thắng"], ["Văn phòng Sở"]),
        ("1. Công đoàn Sở chủ trì phối hợp với Chính quyền (Phòng Quản lý Công nghệ và Chuyên ngành), Ban Chấp hành "
         "Chi đoàn cơ quan, phát động phong trào thi đua.", ["Công đoàn Sở"],
         ["Chính quyền", "Ban Chấp hành Chi đoàn cơ quan"]),  # a note in parentheses is dropped (SPEC rule 8)
        ("2. Đề nghị Tổ CNTT, quản trị CNTT của sở chủ trì, phối hợp rà soát toàn bộ số lượng người sử dụng.",
         ["Tổ CNTT, quản trị CNTT của sở"], []),
        ("3. Thanh tra Sở thực hiện tốt công tác thanh tra năm 2024.", ["Thanh tra Sở"], []),
        ("4. Giao Chánh Văn phòng chủ trì, phối hợp các phòng, cơ quan hành chính trực thuộc Sở đánh giá công chức.",
         ["Chánh Văn phòng"], ["các phòng, cơ quan hành chính trực thuộc Sở"]),
        ("5. Bộ Tài chính chủ trì, phối hợp với Bộ Quốc phòng, Bộ Công Thương và Ủy ban nhân dân tỉnh xây dựng đề án.",
         ["Bộ Tài chính"], ["Bộ Quốc phòng", "Bộ Công Thương", "Ủy ban nhân dân tỉnh"]),
        ("1. Cục Thuế sử dụng cơ sở dữ liệu về hóa đơn điện tử để xây dựng chương trình hóa đơn may mắn.",
         ["Cục Thuế"], []),
        # "tổ chức" after "các" is a noun: the unit goes on
        ("4. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tuyên truyền, vận động "
         "nhân dân.", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "các tổ chức chính trị - xã hội"], []),
        # a board whose name holds a verb of the lexicon ("xây dựng") keeps its whole name
        ("4. Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh chịu trách nhiệm đôn đốc nhà thầu.",
         ["Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"], []),
    ],
)
def test_prose_assignments(sentence, lead, support):
    (t,) = tasks_of("KẾT LUẬN\ncủa Giám đốc Sở\nII. NHIỆM VỤ\n" + sentence + "\n")
    assert (t.lead, t.support) == (lead, support)


@pytest.mark.parametrize(
    "sentence",
    [
        # the closing clause of a decision, conditions and past activities assign nothing
        "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở chịu trách nhiệm thi hành Quyết định này./.",
        "1. Phòng, đơn vị nào thiếu trách nhiệm, phối hợp chậm trễ thì người đứng đầu chịu trách nhiệm.",
        "2. Sở Khoa học và Công nghệ đã ban hành Kế hoạch chuyển đổi số năm 2023.",
        "3. Kịp thời sắp xếp, kiện toàn cơ cấu tổ chức bộ máy của Sở theo quyết định phê duyệt.",
        # cases, and a colon that lists what something holds, name no one to act
        "1. Các trường hợp bán hàng hóa, cung cấp dịch vụ với số lượng lớn được lập hóa đơn theo quy định.",
        "b) Ký hiệu hóa đơn do Chi cục Thuế đặt in là một nhóm gồm 08 ký tự thể hiện thông tin về: Chi cục Thuế đặt "
        "in hóa đơn; năm đặt in hóa đơn; ký hiệu hóa đơn do cơ quan thuế tự xác định.",
        "c) Các Ban chuyên môn của Hội đồng bao gồm: Ban Xây dựng Bộ công cụ đánh giá năng lực hành nghề; Ban Pháp chế.",
        # the closing request to carry the letter out names no work
        "3. Yêu cầu Thủ trưởng các cơ quan chuyên môn thuộc UBND tỉnh và Chủ tịch UBND các xã, phường nghiêm túc thực hiện.",
        "Đề nghị Giám đốc các sở, ngành quan tâm, khẩn trương triển khai thực hiện./.",
        # what units did (a "đã" before the predicate), and accountability, are no work
        "Các phòng, đơn vị thuộc UBND xã đã bám sát Nghị quyết số 28/NQ-HĐND ngày 18/12/2025 của HĐND xã, triển khai "
        "đồng bộ các giải pháp.",
        "Các cơ quan, đơn vị, địa phương cơ bản thực hiện đúng quy định của Luật Lưu trữ.",
        "Thủ trưởng các sở, ban, ngành, Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm trước Chủ tịch Ủy ban "
        "nhân dân tỉnh về kết quả thực hiện công tác văn thư, lưu trữ tại cơ quan, đơn vị, địa phương mình.",
        "g) Chịu trách nhiệm theo quy định về nội dung báo cáo và đề xuất, kiến nghị.",
        # a body that issued a numbered programme: what was done
        "Tỉnh ủy ban hành Chương trình hành động số 25-CTr/TU ngày 16/6/2025 thực hiện Nghị quyết số 66-NQ/TW.",
    ],
)
def test_not_tasks(sentence):
    assert tasks_of("KẾT LUẬN\ncủa Giám đốc Sở\nII. NHIỆM VỤ\n" + sentence + "\n") == []


def test_work_that_ends_with_a_call_to_carry_it_out_is_a_task():
    (t,) = tasks_of("KẾT LUẬN\ncủa Giám đốc Sở\nII. NHIỆM VỤ\n1. Yêu cầu Sở Nội vụ tổ chức tập huấn cho cán bộ, công chức về "
                    "quy định mới để nghiêm túc thực hiện.\n")
    assert t.lead == ["Sở Nội vụ"]


def test_an_item_asking_a_unit_is_no_requirements_heading():
    # "Yêu cầu" heads a plan's purposes and requirements, which assign nothing; "Yêu cầu Sở …" asks a unit for work
    text = ("KẾ HOẠCH\nII. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao chất lượng công vụ.\n2. Yêu cầu\nCác sở, ngành bám sát "
            "nội dung Kế hoạch.\nIII. NHIỆM VỤ\n1. Yêu cầu Sở Tư pháp rà soát văn bản quy phạm pháp luật.\n")
    assert [(t.section, t.lead) for t in tasks_of(text)] == [("III.1", ["Sở Tư pháp"])]


def test_header_signature_and_recipients_are_never_tasks():
    ex = extract(CORPUS / "seed-000.txt")
    start = ex.text.index("Nơi nhận")
    assert all(t.span[1] <= start for t in ex.tasks)


def test_task_table_columns_found_by_headers_and_rows_joined():
    # synth-kh-so-tu-phap-md: a converter's markdown table; a row continued on the next page
    text = ("# KẾ HOẠCH\n## Theo dõi thi hành pháp luật năm 2025\n**II. NỘI DUNG**\n"
            "| STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Sản phẩm | Thời gian hoàn thành |\n"
            "|---|---|---|---|---|---|\n"
            "| 1 | Kiểm tra tại địa phương | Thanh tra Sở | Phòng Hành chính tư pháp; Phòng Bổ trợ tư pháp | Kết luận | Tháng 10 năm 2025 |\n"
            "| 2 | Tổng hợp báo cáo | Phòng Xây dựng, kiểm tra và theo dõi thi hành pháp luật | | Báo cáo | Trước ngày 05/12/2025 |\n"
            "| | năm 2025 | | | (bản điện tử) | |\n")
    ts = tasks_of(text)
    assert [(t.section, t.lead, t.support) for t in ts] == [
        ("II.1", ["Thanh tra Sở"], ["Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp"]),
        ("II.2", ["Phòng Xây dựng, kiểm tra và theo dõi thi hành pháp luật"], []),
    ]
    assert (ts[0].deadlines[0].start, ts[0].deadlines[0].end) == ("2025-10-01", "2025-10-31")
    assert ts[1].description == "Tổng hợp báo cáo năm 2025"
    assert ts[1].products == ["Báo cáo (bản điện tử)"]


def test_duty_list_gives_one_task_per_item():
    # corpus-real 010, inside the wording an amending circular writes
    text = ("THÔNG TƯ\nSửa đổi Thông tư số 04/2017/TT-BYT\nĐiều 1. Sửa đổi, bổ sung khoản 1 Điều 6 như sau:\n"
            "\"1. Vụ Bảo hiểm y tế, Bộ Y tế có trách nhiệm:\n"
            "a) Tổ chức triển khai, kiểm tra việc thực hiện Thông tư này trên phạm vi cả nước;\n"
            "b) Chủ trì, phối hợp với các cơ quan liên quan giải quyết các vướng mắc phát sinh.\"\n")
    ts = tasks_of(text)
    assert [(t.lead, t.support) for t in ts] == [
        (["Vụ Bảo hiểm y tế, Bộ Y tế"], []),
        (["Vụ Bảo hiểm y tế, Bộ Y tế"], ["các cơ quan liên quan"]),
    ]


def test_unit_alone_before_its_duties():
    # corpus-real 019: "a) Chi cục Hải quan nơi đăng ký tờ khai (nơi đi):" and its dash items
    text = ("CÔNG VĂN\nV/v hướng dẫn\nI. Thủ tục\n1. Vận chuyển\na) Chi cục Hải quan nơi đăng ký tờ khai (nơi đi):\n"
            "- Hướng dẫn người khai khai báo thông tin tờ khai;\n- Tiếp nhận biên bản bàn giao.\n")
    ts = tasks_of(text)
    assert [t.lead for t in ts] == [["Chi cục Hải quan nơi đăng ký tờ khai"]] * 2


def test_section_heading_gives_the_year():
    # synth-bc-ubnd-huyen: a report of 2023 whose tasks are for 2024
    text = ("BÁO CÁO\nKết quả năm 2023 và phương hướng năm 2024\nI. KẾT QUẢ NĂM 2023\nĐã làm.\n"
            "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024\n1. Văn phòng HĐND và UBND huyện thực hiện thường xuyên trong năm.\n")
    (t,) = tasks_of(text)
    assert t.lead == ["Văn phòng HĐND và UBND huyện"]
    assert (t.deadlines[0].start, t.deadlines[0].end, t.deadlines[0].ongoing) == ("2024-01-01", "2024-12-31", True)


def test_plan_after_the_signature_is_searched():
    text = ("QUYẾT ĐỊNH\nBan hành Kế hoạch\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n"
            "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn An\n"
            "KẾ HOẠCH\nII. NHIỆM VỤ\n1. Sở Nội vụ chủ trì tổng hợp, báo cáo trước ngày 15/12/2024.\n")
    (t,) = tasks_of(text)
    assert t.lead == ["Sở Nội vụ"] and t.deadlines[0].end == "2024-12-15"


def test_field_lines_with_a_bare_time_label():
    text = ("KẾ HOẠCH\nKiểm tra năm 2024\nII. NHIỆM VỤ\n3. Kiểm tra việc thực hiện các quy định về bảo vệ môi trường\n"
            "- Đơn vị chủ trì: Chi cục Bảo vệ môi trường.\n- Thời gian: 6 tháng đầu năm 2024.\n")
    (t,) = tasks_of(text)
    assert t.lead == ["Chi cục Bảo vệ môi trường"]
    assert [(x.start, x.end) for x in t.deadlines] == [("2024-01-01", "2024-06-30")]


def test_items_a_letter_requests_of_the_units_it_names():
    text = ("CÔNG VĂN\nV/v báo cáo năm 2024\n"
            "Thực hiện Công văn số 5678/BNV-CCVC ngày 25/10/2024 của Bộ Nội vụ, Sở Nội vụ đề nghị các cơ quan, đơn vị, "
            "địa phương thực hiện một số nội dung sau:\n"
            "1. Tổng hợp, báo cáo số lượng cán bộ, công chức theo biểu mẫu.\n"
            "2. Báo cáo gửi về Sở Nội vụ trước ngày 20/11/2024.\n"
            "3. Trung tâm Lưu trữ lịch sử tỉnh hướng dẫn nghiệp vụ lập hồ sơ điện tử.\n"
            "Sở Nội vụ đề nghị các cơ quan, đơn vị quan tâm phối hợp thực hiện./.\n")
    got = [(t.section, t.lead, [x.end for x in t.deadlines]) for t in tasks_of(text)]
    # a sentence that introduces items works like a unit heading (SPEC rule 6): each item is a task of
    # the units it names, item 3 of its own unit
    assert got == [("1", ["các cơ quan, đơn vị, địa phương"], []),
                   ("2", ["các cơ quan, đơn vị, địa phương"], ["2024-11-20"]),
                   ("3", ["Trung tâm Lưu trữ lịch sử tỉnh"], [])]


def test_who_asks_is_not_who_acts():
    (t,) = tasks_of("KẾT LUẬN\nII. NHIỆM VỤ\n1. Chủ tịch UBND tỉnh giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ "
                    "tham mưu phương án, báo cáo trước ngày 30/6/2024.\n")
    assert (t.lead, t.support) == (["Sở Tài chính"], ["Sở Nội vụ"])


def test_an_appendix_table_is_not_under_the_last_section_of_the_body():
    text = ("KẾ HOẠCH\nChuyển đổi số năm 2025\nI. NHIỆM VỤ CỤ THỂ\n(Chi tiết tại Phụ lục kèm theo)\n"
            "II. TỔ CHỨC THỰC HIỆN\nGiao Sở Khoa học và Công nghệ chủ trì theo dõi, đôn đốc.\n"
            "PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n"
            "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
            "| 1 | Xây dựng kho dữ liệu dùng chung | Sở Khoa học và Công nghệ | Các sở, ngành | Quý II/2025 |\n"
            "| 2 | Số hóa hồ sơ thủ tục hành chính | Văn phòng UBND tỉnh | Sở Nội vụ | Tháng 6/2025 |\n")
    got = [(t.section, t.lead) for t in tasks_of(text)]
    assert got == [("II", ["Sở Khoa học và Công nghệ"]), ("Phụ lục.1", ["Sở Khoa học và Công nghệ"]),
                   ("Phụ lục.2", ["Văn phòng UBND tỉnh"])]


def test_a_programme_table_of_clock_times_falls_on_the_day_of_the_event():
    # a conference programme: the date is stated once above the table, the rows give clock times, the
    # presiding column names persons by honorific, rank, name and position; a row with no one in that
    # column names its speaker as its subject
    text = ("CHƯƠNG TRÌNH\nHội nghị sơ kết công tác chuyển đổi số\n"
            "Thời gian: 01 buổi, bắt đầu lúc 14h00, ngày 18/3/2026 (thứ Tư).\n"
            "Địa điểm: Hội trường Ủy ban nhân dân tỉnh.\n"
            "| Thời gian | Nội dung | Chủ trì |\n"
            "| 13h30 - 14h00 | Đón tiếp đại biểu | Văn phòng Ủy ban nhân dân tỉnh |\n"
            "| 14h00 - 14h15 | Khai mạc Hội nghị | Đồng chí Trần Văn Bình, Phó Chủ tịch Ủy ban nhân dân tỉnh. |\n"
            "| 14h15 - 15h00 | Báo cáo kết quả | Đồng chí Đại tá Lê Minh Hải, Giám đốc Công an tỉnh |\n"
            "| 16h30 | Chủ tịch Ủy ban nhân dân tỉnh phát biểu kết luận | |\n")
    got = [(t.lead, [(d.text, d.start, d.end) for d in t.deadlines]) for t in tasks_of(text)]
    assert got == [
        (["Văn phòng Ủy ban nhân dân tỉnh"], [("13h30 - 14h00", "2026-03-18", "2026-03-18")]),
        (["Trần Văn Bình, Phó Chủ tịch Ủy ban nhân dân tỉnh"], [("14h00 - 14h15", "2026-03-18", "2026-03-18")]),
        (["Đại tá Lê Minh Hải, Giám đốc Công an tỉnh"], [("14h15 - 15h00", "2026-03-18", "2026-03-18")]),
        (["Chủ tịch Ủy ban nhân dân tỉnh"], [("16h30", "2026-03-18", "2026-03-18")]),
    ]


def test_a_clock_time_without_a_day_is_no_deadline():
    text = ("KẾ HOẠCH\nTrực ban năm 2026\n| TT | Nội dung | Đơn vị chủ trì | Thời gian |\n"
            "| 1 | Trực ban ca sáng | Văn phòng Sở | 07h30 - 11h30 |\n")
    (t,) = tasks_of(text)
    assert t.lead == ["Văn phòng Sở"] and t.deadlines == []


def test_a_sentence_of_the_heading_unit_after_another_units_sentence_is_its_own_task():
    # a founding decision: "Điều 5. Cơ quan thường trực, Tổ giúp việc …" heads duties of both, each
    # sentence names its own subject
    text = ("QUYẾT ĐỊNH\nThành lập Ban Chỉ đạo chuyển đổi số\n"
            "Điều 5. Cơ quan thường trực, Tổ giúp việc của Ban Chỉ đạo\n"
            "1. Sở Nội vụ tham mưu quyết định thành lập Tổ giúp việc của Ban Chỉ đạo. "
            "Tổ giúp việc có trách nhiệm giúp Ban Chỉ đạo theo dõi, đôn đốc các nhiệm vụ được phân công.\n")
    got = [t.lead for t in tasks_of(text)]
    assert got == [["Sở Nội vụ"], ["Tổ giúp việc"]]


def test_the_horizon_of_a_strategy_is_no_deadline():
    (t,) = tasks_of("QUYẾT ĐỊNH\nĐiều 3. Nhiệm vụ\n1. Sở Khoa học và Công nghệ chủ trì triển khai các nhiệm vụ thực hiện "
                    "chiến lược dữ liệu quốc gia đến năm 2030 trên địa bàn tỉnh, hoàn thành đến năm 2027.\n")
    assert [(d.text, d.end) for d in t.deadlines] == [("đến năm 2027", "2027-12-31")]


def test_the_addressees_of_a_letter_are_header_not_items():
    # the dashes under "Kính gửi:" come first in the text; the body's own outline (I. / 1. / a) / -) still nests
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 123/UBND-NC\nV/v triển khai nhiệm vụ cải cách hành chính\n"
            "Kính gửi:\n- Các sở, ban, ngành;\n- Ủy ban nhân dân các xã, phường.\n"
            "Để thực hiện tốt nhiệm vụ năm 2026, Ủy ban nhân dân tỉnh yêu cầu:\n"
            "I. NHIỆM VỤ CỤ THỂ\n1. Nhiệm vụ chung\na) Giao Sở Nội vụ:\n"
            "- Chủ trì tham mưu đánh giá chỉ số cải cách hành chính, bắt đầu từ tháng 01/2026.\n"
            "- Tổng hợp báo cáo trước ngày 15/12/2026.\n"
            "b) Giao Sở Tư pháp chủ trì rà soát văn bản quy phạm pháp luật trong quý II/2026.\n")
    got = [(t.section, t.lead, [(d.start, d.end) for d in t.deadlines]) for t in tasks_of(text)]
    assert got == [("I.1.a", ["Sở Nội vụ"], [("2026-01-01", None)]),
                   ("I.1.a", ["Sở Nội vụ"], [(None, "2026-12-15")]),
                   ("I.1.b", ["Sở Tư pháp"], [("2026-04-01", "2026-06-30")])]


@pytest.mark.parametrize(
    "sentence, lead, support",
    [
        # a time first, then the units
        ("Quý I/2027, các cơ quan, đơn vị, địa phương đánh giá kết quả thực hiện phong trào thi đua.",
         ["các cơ quan, đơn vị, địa phương"], []),
        # a name the lexicon knows opens the sentence though its head word needs a name after it
        ("Báo và Đài Phát thanh, Truyền hình Lâm Đồng tăng cường công tác tuyên truyền phong trào thi đua.",
         ["Báo và Đài Phát thanh, Truyền hình Lâm Đồng"], []),
        # the partners named in a later sentence of the same work
        ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tăng cường công tác giám sát. Trên cơ sở đó, phối hợp chặt chẽ "
         "với chính quyền các cấp vận động Nhân dân hưởng ứng phong trào.",
         ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], ["chính quyền các cấp"]),
        # nothing goes on after "… liên quan"
        ("Sở Công Thương tiếp nhận phản ánh của doanh nghiệp và phối hợp với các sở, ngành liên quan giải đáp, tháo gỡ; "
         "định kỳ hằng tuần báo cáo Ủy ban nhân dân tỉnh.", ["Sở Công Thương"], ["các sở, ngành liên quan"]),
        # a coordination that names the product is no supporting unit of the task
        ("Sở Giáo dục và Đào tạo xây dựng và triển khai các chương trình, kế hoạch, quy chế phối hợp với lực lượng Công "
         "an trong quản lý học sinh.", ["Sở Giáo dục và Đào tạo"], []),
        ("Sở Y tế chủ trì, phối hợp với Sở Tài chính xây dựng quy chế phối hợp với Bảo hiểm xã hội tỉnh.",
         ["Sở Y tế"], ["Sở Tài chính"]),
        # … and the predicate starts after it: a sentence whose subject ends with "liên quan"
        ("Các sở, ban, ngành liên quan có trách nhiệm phối hợp với UBND các xã và đơn vị tư vấn, hỗ trợ cung cấp "
         "thông tin, hồ sơ, số liệu liên quan.", ["Các sở, ban, ngành liên quan"], ["UBND các xã", "đơn vị tư vấn"]),
        ("Các sở, ban, ngành liên quan chủ động chuẩn bị nội dung trả lời các kiến nghị của doanh nghiệp.",
         ["Các sở, ban, ngành liên quan"], []),
        # "thành lập" is the predicate, not "lập" inside it; "trình" of "chương trình" is no predicate
        ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố thành lập Tổ công tác rà soát văn bản.",
         ["Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"], []),
        ("Các Bộ chủ chương trình nghiên cứu, đề xuất điều chỉnh kế hoạch vốn.", ["Các Bộ chủ chương trình"], []),
        # "A hướng dẫn, chỉ đạo B …": B does the work (rule 7)
        ("Ủy ban nhân dân cấp tỉnh hướng dẫn, chỉ đạo Ủy ban nhân dân cấp xã rà soát, sắp xếp các đơn vị sự nghiệp.",
         ["Ủy ban nhân dân cấp xã"], []),
        ("Ủy ban nhân dân cấp xã quyết định thành lập đơn vị sự nghiệp công lập cung ứng dịch vụ.",
         ["Ủy ban nhân dân cấp xã"], []),
        # a fixed pair of kinds of bodies is one unit
        ("Đồng thời, các cấp, các ngành cần quan tâm bố trí nguồn lực tài chính cho cải cách hành chính.",
         ["các cấp, các ngành"], []),
    ],
)
def test_prose_assignees_of_real_forms(sentence, lead, support):
    (t,) = tasks_of("KẾ HOẠCH\nThi đua năm 2026\nIV. TỔ CHỨC THỰC HIỆN\n1. " + sentence + "\n")
    assert (t.lead, t.support) == (lead, support)


PARTY_DIRECTIVE = """HUYỆN ỦY ĐỨC TRỌNG
Số 05-CT/HU
Đức Trọng, ngày 10 tháng 02 năm 2026
CHỈ THỊ
về tăng cường công tác phòng, chống tham nhũng
-----
Để khắc phục những hạn chế nêu trên, Ban Thường vụ Huyện ủy yêu cầu các cấp ủy, chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tập trung thực hiện tốt các nội dung sau:
1. Nâng cao nhận thức của cán bộ, đảng viên về công tác phòng, chống tham nhũng.
2. Tăng cường kiểm tra, giám sát việc kê khai tài sản, thu nhập.
TỔ CHỨC THỰC HIỆN
1. Các đảng bộ trực thuộc Huyện ủy tổ chức quán triệt Chỉ thị; hoàn thành trong tháng 3 năm 2026.
2. Đoàn đại biểu Quốc hội tỉnh chủ trì, phối hợp với Ban Nội chính Huyện ủy tổ chức tiếp xúc cử tri.
3. Văn phòng Huyện ủy theo dõi, đôn đốc việc thực hiện Chỉ thị.
"""


def test_a_heading_in_capitals_ends_the_items_an_intro_gives_its_units():
    """A Party directive: the lines drawn under the title are no list item, and ``TỔ CHỨC THỰC HIỆN``
    (no numeral) closes the items of ``… yêu cầu X … các nội dung sau:``; the items after it name their own units."""
    got = [(t.lead, t.support) for t in tasks_of(PARTY_DIRECTIVE)]
    intro = ["các cấp ủy, chính quyền", "Mặt trận Tổ quốc", "các đoàn thể chính trị - xã hội"]
    assert got[:2] == [(intro, []), (intro, [])]
    assert got[2:] == [(["Các đảng bộ trực thuộc Huyện ủy"], []),
                       (["Đoàn đại biểu Quốc hội tỉnh"], ["Ban Nội chính Huyện ủy"]),
                       (["Văn phòng Huyện ủy"], [])]


def test_a_heading_of_bodies_whose_name_holds_a_verb_gives_its_items_to_them():
    """``Khu công nghệ số tập trung`` (a zone of Luật Công nghiệp công nghệ số) holds the verb ``tập trung``,
    and ``hiệp hội, doanh nghiệp liên quan`` is a kind of body: the heading names units, its items are their duties."""
    text = ("Điều 3. Tổ chức thực hiện\n"
            "5. Các Khu công nghệ cao, Khu công nghệ số tập trung và hiệp hội, doanh nghiệp liên quan:\n"
            "a) Tổng hợp kiến nghị của doanh nghiệp gửi Bộ Khoa học và Công nghệ.\n"
            "b) Tham gia xây dựng hệ sinh thái doanh nghiệp công nghệ số.\n")
    units = ["Các Khu công nghệ cao", "Khu công nghệ số tập trung", "hiệp hội, doanh nghiệp liên quan"]
    assert [t.lead for t in tasks_of(text)] == [units, units]


@pytest.mark.parametrize(
    "sentence, leads",
    [
        # rule 7: two chủ trì clauses for different work, whatever the case of the second unit's words
        ("Sở Nông nghiệp và Môi trường chủ trì hướng dẫn UBND các xã thực hiện thủ tục đăng ký biến động; Sở Tài chính "
         "chủ trì xác định giá khởi điểm để tổ chức đấu giá.", [["Sở Nông nghiệp và Môi trường"], ["Sở Tài chính"]]),
        ("Giao Phòng Kinh tế chủ trì kiểm tra an toàn thực phẩm tại chợ; Trạm Y tế xã chủ trì tuyên truyền phòng, chống "
         "ngộ độc thực phẩm.", [["Phòng Kinh tế"], ["Trạm Y tế xã"]]),
        # rule 7: "Giao A chỉ đạo B …": B does the work, also when A is a person with the office written after the name
        ("Giao Sở Nội vụ chỉ đạo Trung tâm Lưu trữ lịch sử tỉnh số hóa tài liệu lưu trữ.", [["Trung tâm Lưu trữ lịch sử tỉnh"]]),
        ("Giao đồng chí Nguyễn Thị Lan - Phó Chủ tịch UBND xã chỉ đạo Phòng Văn hóa - Xã hội chủ trì tổ chức hội diễn văn "
         "nghệ.", [["Phòng Văn hóa - Xã hội"]]),
    ],
)
def test_who_does_the_work_of_a_sentence(sentence, leads):
    assert [t.lead for t in tasks_of("THÔNG BÁO\nKết luận của Chủ tịch UBND xã\n1. " + sentence + "\n")] == leads


def test_items_that_run_on_after_a_colon_are_tasks_of_the_units_before_it():
    # "(1) …; (2) …" in one paragraph after "X chủ trì, phối hợp với Y:": one task per item, X lead, Y support
    text = ("CHƯƠNG TRÌNH\nHành động của Bộ\nII. NHIỆM VỤ\n1. Hoàn thiện thể chế\nVụ Pháp chế chủ trì, phối hợp với Cục Môi "
            "trường, Cục Quản lý tài nguyên nước: (1) rà soát, đánh giá các quy định về chất lượng nước mặt, hoàn thành "
            "trong Quý III/2026; (2) tổng hợp kiến nghị của các địa phương, báo cáo Bộ trưởng trước ngày 30/9/2026.\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Thủ trưởng các đơn vị thuộc Bộ: (1) xây dựng kế hoạch chi tiết, gửi Vụ Kế hoạch - "
            "Tài chính trước ngày 30/6/2026; (2) định kỳ 6 tháng báo cáo kết quả thực hiện về Văn phòng Bộ.\n")
    got = [(t.lead, t.support, t.description[:20], [d.end for d in t.deadlines]) for t in tasks_of(text)]
    assert got == [
        (["Vụ Pháp chế"], ["Cục Môi trường", "Cục Quản lý tài nguyên nước"], "rà soát, đánh giá cá", ["2026-09-30"]),
        (["Vụ Pháp chế"], ["Cục Môi trường", "Cục Quản lý tài nguyên nước"], "tổng hợp kiến nghị c", ["2026-09-30"]),
        (["Thủ trưởng các đơn vị thuộc Bộ"], [], "xây dựng kế hoạch ch", ["2026-06-30"]),
        (["Thủ trưởng các đơn vị thuộc Bộ"], [], "định kỳ 6 tháng báo ", [None]),
    ]
    # a "(2)" that does not follow "(1)" after a colon is no item: "theo khoản (2) Điều 5"
    (t,) = tasks_of("KẾ HOẠCH\nII. NHIỆM VỤ\n1. Sở Tư pháp rà soát văn bản theo quy định tại điểm (1), (3) của Quyết định.\n")
    assert t.lead == ["Sở Tư pháp"]


@pytest.mark.parametrize("review", [
    "Các phòng, đơn vị thuộc UBND xã đã bám sát Nghị quyết số 28/NQ-HĐND ngày 18/12/2025 của HĐND xã, triển khai đồng "
    "bộ các giải pháp; thu ngân sách ước đạt 112% dự toán.",
    "Các cơ quan, đơn vị, địa phương cơ bản thực hiện đúng quy định của Luật Lưu trữ.",
])
def test_the_review_before_the_tasks_is_no_task(review):
    text = ("THÔNG BÁO\nKết luận của Chủ tịch UBND xã\nNăm 2026 là năm đầu tiên xã vận hành theo mô hình mới. " + review
            + "\n1. Giao Phòng Kinh tế rà soát hồ sơ bồi thường.\n")
    assert [t.lead for t in tasks_of(text)] == [["Phòng Kinh tế"]]


def test_where_the_money_comes_from_assigns_nothing():
    # a plan's "KINH PHÍ THỰC HIỆN" names sources and who pays what by the rules, not work
    text = ("KẾ HOẠCH\nBồi dưỡng cán bộ năm 2026\nIV. NHIỆM VỤ\n1. Sở Nội vụ tổ chức lớp bồi dưỡng trong Quý III/2026.\n"
            "V. KINH PHÍ THỰC HIỆN\nKinh phí do ngân sách nhà nước bảo đảm. Các sở, ngành, địa phương chi trả công tác phí "
            "theo quy định hiện hành.\n- Quỹ hỗ trợ đầu tư theo quy định của pháp luật về đầu tư;\n")
    assert [t.lead for t in tasks_of(text)] == [["Sở Nội vụ"]]


def test_a_peoples_council_resolution_assigns_its_standing_body_and_the_directed_department():
    text = ("NGHỊ QUYẾT\nĐiều 5. Tổ chức thực hiện\n1. Giao Ủy ban nhân dân tỉnh tổ chức triển khai thực hiện Nghị quyết; "
            "ban hành quy định trình tự, thủ tục hỗ trợ trong quý II năm 2026; chỉ đạo Sở Khoa học và Công nghệ chủ trì, "
            "phối hợp với Sở Tư pháp rà soát Quyết định số 57/2022/QĐ-UBND, hoàn thành trước ngày 30 tháng 9 năm 2026.\n"
            "2. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, các Tổ đại biểu và đại biểu Hội "
            "đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.\n")
    got = [(t.lead, t.support, [d.end for d in t.deadlines]) for t in tasks_of(text)]
    assert got == [
        (["Ủy ban nhân dân tỉnh"], [], ["2026-06-30"]),
        # rule 7: "…; chỉ đạo B chủ trì …" inside A's sentence is B's task
        (["Sở Khoa học và Công nghệ"], ["Sở Tư pháp"], ["2026-09-30"]),
        (["Thường trực Hội đồng nhân dân tỉnh", "các Ban của Hội đồng nhân dân tỉnh", "các Tổ đại biểu",
          "đại biểu Hội đồng nhân dân tỉnh"], [], []),
    ]


def test_the_members_a_founding_decision_lists_are_no_tasks():
    # "…, gồm các ông, bà có tên sau:": names and offices; the committee's duties below are its work
    text = ("QUYẾT ĐỊNH\nVề việc thành lập Tổ công tác kiểm tra an toàn thực phẩm\nQUYẾT ĐỊNH:\n"
            "Điều 1. Thành lập Tổ công tác kiểm tra an toàn thực phẩm huyện, gồm các ông, bà có tên sau:\n"
            "1. Ông Lê Văn Minh - Phó Chủ tịch UBND huyện, Tổ trưởng;\n"
            "2. Bà Đỗ Thị Hoa - Trưởng phòng Y tế, Tổ phó;\n3. Các thành viên:\n"
            "- Ông Phan Văn Tú - Phó Trưởng Công an huyện;\n- Bà Vũ Thị Lan - Phó Trưởng phòng Kinh tế;\n"
            "Điều 2. Nhiệm vụ của Tổ công tác\n1. Kiểm tra các cơ sở sản xuất, kinh doanh thực phẩm trong tháng 9/2026.\n"
            "2. Tổng hợp, báo cáo Chủ tịch UBND huyện trước ngày 15/10/2026.\n"
            "3. Thành viên Tổ công tác làm việc theo chế độ kiêm nhiệm. Tổ công tác tự giải thể sau khi hoàn thành nhiệm vụ.\n")
    got = [(t.lead, [d.end for d in t.deadlines]) for t in tasks_of(text)]
    assert got == [(["Tổ công tác"], ["2026-09-30"]), (["Tổ công tác"], ["2026-10-15"])]


def test_a_unit_named_before_a_colon_then_its_duties_on_the_same_line():
    text = ("KẾ HOẠCH\nChuyển đổi số năm 2027\nIII. TỔ CHỨC THỰC HIỆN\n"
            "1. Sở Khoa học và Công nghệ: Là cơ quan thường trực, chủ trì theo dõi, đôn đốc các cơ quan triển khai Kế hoạch.\n"
            "2. Sở Tài chính: Trên cơ sở dự toán của các cơ quan, đơn vị, tham mưu bố trí kinh phí thực hiện Kế hoạch.\n"
            "3. Các sở, ban, ngành: Căn cứ chức năng, nhiệm vụ, gửi kế hoạch chi tiết trước ngày 31/01/2027.\n"
            "4. Phòng Kế hoạch - Tài chính: Chủ trì, phối hợp với Văn phòng Sở thẩm định dự toán.\n")
    got = [(t.lead, t.support) for t in tasks_of(text)]
    assert got == [(["Sở Khoa học và Công nghệ"], []), (["Sở Tài chính"], []), (["Các sở, ban, ngành"], []),
                   (["Phòng Kế hoạch - Tài chính"], ["Văn phòng Sở"])]


def test_an_item_of_a_plan_with_a_time_and_no_unit_is_a_task_but_not_an_item_of_a_conclusion():
    plan = ("KẾ HOẠCH\nHọc tập chuyên đề năm 2026\nIII. MỘT SỐ HOẠT ĐỘNG CHÍNH\n"
            "1. Hội nghị quán triệt chuyên đề năm 2026: trong tháng 4/2026.\n"
            "2. Sơ kết 6 tháng đầu năm 2026 việc thực hiện Kế hoạch: trong tháng 7/2026.\n"
            "3. Thời gian thực hiện Kế hoạch: từ khi ban hành đến hết năm 2026.\n")
    got = [(t.lead, [(d.start, d.end) for d in t.deadlines]) for t in tasks_of(plan)]
    # the period a review covers is no deadline beside the time of the review; the plan's own period is no task
    assert got == [([], [("2026-04-01", "2026-04-30")]), ([], [("2026-07-01", "2026-07-31")])]
    conclusion = ("THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n"
                  "1. Tình hình giải ngân vốn đầu tư công đến ngày 31 tháng 8 năm 2026 còn chậm.\n")
    assert tasks_of(conclusion) == []


def test_a_heading_of_two_units_whose_duty_names_one_of_them_chu_tri():
    text = ("BÁO CÁO\nKết quả năm 2026; phương hướng, nhiệm vụ năm 2027\nIII. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027\n"
            "1. Công an xã, Ban Chỉ huy Quân sự xã\n"
            "- Công an xã chủ trì, phối hợp với Ban Chỉ huy Quân sự xã xây dựng phương án bảo đảm an ninh, trật tự.\n"
            "- Ban Chỉ huy Quân sự xã chủ trì, phối hợp với Công an xã, Trạm Y tế xã tổ chức diễn tập trong Quý IV/2027.\n"
            "- Tuyên truyền Luật Nghĩa vụ quân sự.\n")
    got = [(t.lead, t.support) for t in tasks_of(text)]
    assert got == [(["Công an xã"], ["Ban Chỉ huy Quân sự xã"]),
                   (["Ban Chỉ huy Quân sự xã"], ["Công an xã", "Trạm Y tế xã"]),
                   (["Công an xã", "Ban Chỉ huy Quân sự xã"], [])]


def test_a_party_committee_that_leads_a_body_gives_the_work_to_that_body():
    # rule 7: "A lãnh đạo, chỉ đạo B …" — B does the work
    text = ("KẾ HOẠCH\nthực hiện Chỉ thị số 05-CT/TW năm 2026\nIV. TỔ CHỨC THỰC HIỆN\n"
            "1. Đảng ủy Ủy ban nhân dân tỉnh lãnh đạo, chỉ đạo Ủy ban nhân dân tỉnh gắn việc học tập và làm theo Bác "
            "với cải cách hành chính.\n"
            "2. Đảng ủy các cơ quan Đảng tỉnh lãnh đạo các chi bộ, đảng bộ trực thuộc hoàn thành việc đăng ký nội dung "
            "làm theo trước ngày 30/4/2026.\n")
    assert [t.lead for t in tasks_of(text)] == [["Ủy ban nhân dân tỉnh"], ["các chi bộ, đảng bộ trực thuộc"]]


def test_the_one_who_concludes_is_not_the_doer_of_the_conclusions():
    # "Giám đốc Sở kết luận như sau:": each conclusion gives work to the units it names, or to no one
    text = ("THÔNG BÁO\nKết luận của Giám đốc Sở tại cuộc họp giao ban tháng 11 năm 2026\n"
            "Sau khi nghe Văn phòng Sở báo cáo, Giám đốc Sở ghi nhận: trong tháng, Sở đã cấp 37 giấy phép.\n"
            "Giám đốc Sở kết luận như sau:\n"
            "1. Thống nhất đánh giá kết quả thực hiện nhiệm vụ tháng 11 như báo cáo tại cuộc họp.\n"
            "2. Giao Phòng Quản lý xây dựng chủ trì, phối hợp với Thanh tra Sở rà soát hồ sơ, hoàn thành trước ngày 20/12/2026.\n"
            "3. Đề nghị các Ban Quản lý dự án đầu tư xây dựng khu vực đẩy nhanh giải ngân trước ngày 31/01/2027.\n")
    got = [(t.lead, t.support) for t in tasks_of(text)]
    assert got == [(["Phòng Quản lý xây dựng"], ["Thanh tra Sở"]),
                   (["các Ban Quản lý dự án đầu tư xây dựng khu vực"], [])]


def test_an_issuer_that_issues_its_programme_as_follows_is_no_heading_of_its_items():
    text = ("CHƯƠNG TRÌNH\nCông tác năm 2027\n"
            "Sở Văn hóa, Thể thao và Du lịch ban hành Chương trình công tác năm 2027 như sau:\n"
            "I. TỔ CHỨC THỰC HIỆN\n"
            "1. Định kỳ hằng quý, các phòng, đơn vị báo cáo kết quả về Văn phòng Sở.\n"
            "2. Trong quá trình thực hiện, trường hợp cần điều chỉnh, bổ sung nội dung, các phòng, đơn vị đề xuất bằng văn bản.\n")
    assert [t.lead for t in tasks_of(text)] == [["các phòng, đơn vị"]]


def test_yeu_cau_naming_units_with_a_colon_introduces_their_duties():
    # "Yêu cầu" is also a plan's heading of requirements; naming units and a colon, it asks them
    text = ("CÔNG ĐIỆN\nVề việc ứng phó với bão số 7\n"
            "1. Yêu cầu Chủ tịch UBND các huyện, thị xã, thành phố:\n"
            "a) Tổ chức kiểm đếm tàu thuyền, hướng dẫn vào nơi tránh trú an toàn.\n"
            "b) Rà soát các khu dân cư ven biển, chủ động sơ tán người dân.\n")
    assert [t.lead for t in tasks_of(text)] == [["Chủ tịch UBND các huyện, thị xã, thành phố"]] * 2


def test_clauses_of_one_sentence_with_work_of_their_own():
    text = ("CÔNG ĐIỆN\nVề việc ứng phó với bão số 7\n"
            "3. Đề nghị Bộ Chỉ huy Quân sự tỉnh chủ động bố trí lực lượng sẵn sàng cứu nạn; Bộ Chỉ huy Bộ đội Biên phòng tỉnh "
            "phối hợp với UBND các huyện ven biển kêu gọi tàu thuyền vào bờ.\n"
            "4. Trong Quý I/2027, Bộ Nội vụ tổ chức thẩm định hồ sơ; đề nghị các cơ quan, địa phương cử đầu mối phối hợp.\n"
            "5. Giao Sở Tài chính chủ trì tham mưu bố trí kinh phí; các sở, ngành phối hợp.\n")
    got = [(t.lead, t.support) for t in tasks_of(text)]
    assert got[:2] == [(["Bộ Chỉ huy Quân sự tỉnh"], []),
                       (["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"], ["UBND các huyện ven biển"])]
    assert got == [(["Bộ Chỉ huy Quân sự tỉnh"], []),
                   (["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"], ["UBND các huyện ven biển"]),
                   (["Bộ Nội vụ"], []), (["các cơ quan, địa phương"], []),
                   (["Sở Tài chính"], ["các sở, ngành"])]


def test_a_note_in_parentheses_and_a_topic_before_a_colon_are_no_part_of_the_unit():
    text = ("CÔNG VĂN\nV/v hướng dẫn rà soát vị trí việc làm\n"
            "a) Các Bộ, cơ quan ngang Bộ (sau đây gọi chung là Bộ, ngành) tổ chức rà soát danh mục vị trí việc làm.\n"
            "b) Ban Quản lý dự án đầu tư xây dựng thuộc Ủy ban nhân dân cấp tỉnh: Ủy ban nhân dân cấp tỉnh chủ động xây dựng "
            "phương án sắp xếp.\n")
    # the bodies a note names as one set ("sau đây gọi chung là Bộ, ngành") are one unit, as corpus/forms-4's
    # blind gold reads "Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ (sau đây gọi chung là Bộ, ngành)"
    assert [t.lead for t in tasks_of(text)] == [["Các Bộ, cơ quan ngang Bộ"], ["Ủy ban nhân dân cấp tỉnh"]]


def test_and_another_unit_with_another_work_in_one_sentence():
    # "Giao Phòng A hoàn thiện …, và Phòng B tổng hợp báo cáo …": two units, two works
    text = ("THÔNG BÁO\nKết luận của Giám đốc Sở\n"
            "4. Giao Phòng Phát triển đô thị và Hạ tầng kỹ thuật hoàn thiện dự thảo Quy định quản lý để trình UBND tỉnh "
            "trong tháng 12/2026, và Phòng Quản lý nhà và Thị trường bất động sản tổng hợp báo cáo tình hình năm 2026 để "
            "gửi Bộ Xây dựng trước ngày 15/12/2026.\n")
    got = [(t.lead, [d.end for d in t.deadlines]) for t in tasks_of(text)]
    assert got == [(["Phòng Phát triển đô thị và Hạ tầng kỹ thuật"], ["2026-12-31"]),
                   (["Phòng Quản lý nhà và Thị trường bất động sản"], ["2026-12-15"])]


def test_units_alone_before_a_colon_under_an_item_have_their_own_duties():
    text = ("ỦY BAN NHÂN DÂN\nXÃ YÊN THỊNH\nSố: 486/UBND-VP\nV/v đôn đốc chuẩn bị Tết\n"
            "Kính gửi:\n- Các phòng, đơn vị thuộc UBND xã;\n- Trưởng các thôn.\n"
            "Chủ tịch UBND xã đề nghị các cơ quan, đơn vị thực hiện một số nội dung sau: (1) Giao Văn phòng HĐND và UBND xã "
            "theo dõi, tổng hợp kết quả trước ngày 05/01/2027; (2) Phòng Kinh tế chủ trì, phối hợp với Công an xã và Ban quản lý "
            "chợ Yên Thịnh kiểm tra an toàn thực phẩm chậm nhất ngày 10/01/2027.\n"
            "chăn nuôi tập trung: (3) Phòng Văn hóa - Xã hội rà soát danh sách hộ nghèo trong ngày 12/01/2027.\n"
            "- Trưởng các thôn:\n1. Tổ chức họp thôn trước ngày 08/01/2027.\n"
            "2. Tổng vệ sinh đường làng xong trong tuần đầu tháng 01/2027.\n")
    got = [(t.lead, t.support, [(d.start, d.end) for d in t.deadlines]) for t in tasks_of(text)]
    assert got == [(["Văn phòng HĐND và UBND xã"], [], [(None, "2027-01-05")]),
                   (["Phòng Kinh tế"], ["Công an xã", "Ban quản lý chợ Yên Thịnh"], [(None, "2027-01-10")]),
                   (["Phòng Văn hóa - Xã hội"], [], [("2027-01-12", "2027-01-12")]),
                   (["Trưởng các thôn"], [], [(None, "2027-01-08")]),
                   (["Trưởng các thôn"], [], [("2027-01-01", "2027-01-07")])]


def test_a_topic_then_a_colon_then_the_assignment_and_a_named_clause_after_a_semicolon():
    text = ("THÔNG BÁO\nÝ kiến kết luận của Chủ tịch UBND tỉnh\nChủ tịch UBND tỉnh kết luận, chỉ đạo như sau:\n"
            "1. Về các kiến nghị của Sở Nông nghiệp và Môi trường\n"
            "a) Đối với đề xuất bổ sung chỉ tiêu biên chế công chức: Giao Sở Nội vụ nghiên cứu, tham mưu UBND tỉnh xem xét "
            "trong quý II/2027.\n"
            "b) Giao Sở Nông nghiệp và Môi trường hoàn thiện dự thảo Quyết định, gửi Sở Tư pháp thẩm định trước ngày "
            "10/4/2027; Sở Tư pháp thẩm định trong thời hạn quy định để trình UBND tỉnh ban hành trong quý II/2027.\n")
    got = [(t.lead, [(d.start, d.end) for d in t.deadlines]) for t in tasks_of(text)]
    assert got == [(["Sở Nội vụ"], [("2027-04-01", "2027-06-30")]),
                   (["Sở Nông nghiệp và Môi trường"], [(None, "2027-04-10")]),
                   (["Sở Tư pháp"], [("2027-04-01", "2027-06-30")])]


def test_a_duty_opening_with_can_cu_is_no_grounds_heading():
    text = ("KẾ HOẠCH LIÊN TỊCH\nTuyên truyền pháp luật năm 2027\nII. NỘI DUNG\n"
            "1. Tuyên truyền các văn bản pháp luật mới có hiệu lực trong năm 2027, nhất là văn bản về đất đai.\n"
            "III. TỔ CHỨC THỰC HIỆN\n3. Đề nghị UBND các xã, phường:\n"
            "a) Căn cứ Kế hoạch này, xây dựng kế hoạch phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp, ban hành trước "
            "ngày 15 tháng 3 năm 2027.\n")
    # the item of II names the laws of the year, no time of its own; the duty of III.3.a is UBND's
    got = [(t.section, t.lead, [d.end for d in t.deadlines]) for t in tasks_of(text)]
    assert got == [("III.3.a", ["UBND các xã, phường"], ["2027-03-15"])]


def test_a_unit_that_is_the_focal_point_and_leads_is_no_definition():
    # "X là đơn vị đầu mối, chủ trì, phối hợp với Y …": X's work, not what X is
    text = ("KẾ HOẠCH\nGiáo dục STEM năm 2027\nIV. TỔ CHỨC THỰC HIỆN\n"
            "1. Phòng Giáo dục Trung học là đơn vị đầu mối, chủ trì, phối hợp với các phòng chuyên môn thuộc Sở theo dõi, "
            "đôn đốc các đơn vị triển khai Kế hoạch.\n"
            "2. Văn phòng Sở là đơn vị trực thuộc Sở.\n")
    assert [(t.lead, t.support) for t in tasks_of(text)] == [(["Phòng Giáo dục Trung học"], ["các phòng chuyên môn thuộc Sở"])]


# -- provenance: why each task was read (issue 14) ---------------------------------------------------

_FORMS_DOC = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 31/KH-UBND
Nghệ An, ngày 10 tháng 3 năm 2026
KẾ HOẠCH
Chuyển đổi số năm 2026
I. NHIỆM VỤ
1. Rà soát thủ tục hành chính trực tuyến
- Chủ trì: Sở Khoa học và Công nghệ
- Phối hợp: Văn phòng UBND tỉnh
- Thời hạn: trước ngày 30/6/2026
2. Tổng kết việc thực hiện Kế hoạch: trong tháng 12/2026.
II. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ:
a) Hướng dẫn các cơ quan rà soát vị trí việc làm, hoàn thành trước ngày 15/5/2026.
2. Giao Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.
"""


def test_each_task_says_which_form_it_was_read_from():
    how = {t.section: t.how for t in tasks_of(_FORMS_DOC)}
    assert how["I.1"] == "an item with field labels: Chủ trì, Phối hợp, Thời hạn"
    assert how["I.2"] == "an item of the plan with a time of its own, naming no unit"
    assert how["II.1.a"] == "a duty under the heading of Sở Nội vụ (SPEC rule 6)"
    assert how["II.2"] == "a sentence giving a unit work: «Giao Sở Tài chính»"
    table = ("KẾ HOẠCH\nThực hiện năm 2026\n| STT | Nội dung | Đơn vị chủ trì | Thời gian hoàn thành |\n|---|---|---|---|\n"
             "| 1 | Rà soát quy hoạch | Sở Xây dựng | Quý II/2026 |\n")
    assert [t.how for t in tasks_of(table)] == [
        "a row of the table: STT → stt | Nội dung → content | Đơn vị chủ trì → lead | Thời gian hoàn thành → time"]
    # not in SPEC's JSON
    assert all("how" not in t.dump() for t in tasks_of(_FORMS_DOC))


_COMMUNE_EVENT = """ỦY BAN NHÂN DÂN
XÃ TÂN MINH
Số: 09/KH-UBND
Tân Minh, ngày 05 tháng 3 năm 2027
KẾ HOẠCH
Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2027
I. THỜI GIAN, ĐỊA ĐIỂM
1. Thời gian: 07 giờ 30 phút, ngày 18/11/2027.
2. Địa điểm: Nhà văn hóa thôn Đồng Tâm.
II. PHÂN CÔNG NHIỆM VỤ
1. Công chức Văn hóa - Xã hội (phụ trách công tác thông tin, tuyên truyền): xây dựng nội dung tuyên truyền, hoàn thành trước ngày 10/11/2027.
2. Các thôn: Trưởng thôn Đồng Tâm, Trưởng thôn Tân Lập chuẩn bị địa điểm, hoàn thành trước ngày 15/11/2027.
3. Ủy ban MTTQ Việt Nam xã và các tổ chức chính trị - xã hội xã: cử đại biểu tham dự Ngày hội.
"""


def test_a_commune_plans_doers_by_title_group_and_label():
    # a commune's civil servants by title, a group label with its members by name, a label naming two bodies;
    # the event's own time is no task
    got = [(t.section, t.lead) for t in tasks_of(_COMMUNE_EVENT)]
    assert got == [
        ("II.1", ["Công chức Văn hóa - Xã hội"]),
        ("II.2", ["Các thôn", "Trưởng thôn Đồng Tâm", "Trưởng thôn Tân Lập"]),
        ("II.3", ["Ủy ban MTTQ Việt Nam xã", "các tổ chức chính trị - xã hội xã"]),
    ]


def test_the_speaker_of_a_party_notice_is_no_doer():
    # "…, Ban Thường vụ Huyện ủy yêu cầu:" introduces the items that name who does what; "X ghi nhận Y đã …" is
    # an assessment
    text = ("HUYỆN ỦY LẠC SƠN\n*\nSố 21-TB/HU\nĐẢNG CỘNG SẢN VIỆT NAM\nLạc Sơn, ngày 02 tháng 4 năm 2027\n"
            "THÔNG BÁO\nKẾT LUẬN CỦA BAN THƯỜNG VỤ HUYỆN ỦY\n"
            "1. Về công tác chuyển đổi số\n"
            "Ban Thường vụ Huyện ủy ghi nhận Văn phòng Huyện ủy đã chủ động tham mưu triển khai. Để thực hiện có hiệu "
            "quả Nghị quyết số 57-NQ/TW của Bộ Chính trị, Ban Thường vụ Huyện ủy yêu cầu:\n"
            "- Văn phòng Huyện ủy chủ trì hoàn thiện hạ tầng mạng, hoàn thành trong năm 2027.\n"
            "- Ban Tổ chức Huyện ủy cập nhật cơ sở dữ liệu đảng viên trong Quý III/2027.\n")
    assert [t.lead for t in tasks_of(text)] == [["Văn phòng Huyện ủy"], ["Ban Tổ chức Huyện ủy"]]


def test_party_committees_of_the_grassroots_in_the_plural():
    # "Đảng ủy các xã, thị trấn" (a head that needs a name takes the places it stands for), "Các chi, đảng bộ cơ sở"
    text = ("KẾ HOẠCH\nThực hiện năm 2027\nI. NHIỆM VỤ\n"
            "1. Đảng ủy các xã, thị trấn lãnh đạo chính quyền cơ sở rà soát các khu dân cư, hoàn thành trước ngày 30/6/2027.\n"
            "2. Các chi, đảng bộ cơ sở bố trí cán bộ tham gia lớp tập huấn trong tháng 5/2027.\n")
    assert [t.lead for t in tasks_of(text)] == [["Đảng ủy các xã, thị trấn"], ["Các chi, đảng bộ cơ sở"]]


# An e-office system's assignment sheets, printed one after another: a grid of labels and values under a
# numbered title, two label/value pairs on some rows; the list's filter line names who gave the work.
ASSIGNMENT_SHEETS = """DANH SÁCH PHIẾU GIAO VIỆC
Đơn vị giao: UBND xã Hòa Phong | Từ ngày: 02/3/2026 | Đến ngày: 06/3/2026 | Tổng số: 2 phiếu
| PHIẾU GIAO VIỆC (1/2) | | | |
| Số phiếu: | PGV-2026-0041 | Ngày giao: | 02/3/2026 09:10 |
| Người giao: | Trần Văn Bình - Chủ tịch UBND xã | Độ khẩn: | Khẩn |
| Nội dung công việc: | Rà soát danh sách hộ gia đình có nhà ở dột nát, đề xuất hỗ trợ sửa chữa. | | |
| Đơn vị xử lý chính: | Phòng Văn hóa - Xã hội | | |
| Đơn vị phối hợp: | Mặt trận Tổ quốc xã; Hội Nông dân xã | | |
| Hạn xử lý: | 20/3/2026 | Trạng thái: | Đang xử lý |
| Kết quả cần đạt: | Danh sách hộ được hỗ trợ; tờ trình Chủ tịch UBND xã. | | |
| PHIẾU GIAO VIỆC (2/2) | | | |
| Số phiếu: | PGV-2026-0044 | Ngày giao: | 04/3/2026 14:00 |
| Nội dung công việc: | Theo dõi, báo cáo tiến độ giải ngân vốn đầu tư công trên địa bàn xã. | | |
| Đơn vị xử lý chính: | Phòng Kinh tế | Đơn vị phối hợp: | Kho bạc Nhà nước khu vực |
| Hạn xử lý: | Hằng tháng, trước ngày 20 | Trạng thái: | Chưa xử lý |
"""


def test_assignment_sheets_written_as_a_grid_of_labels_are_one_task_each():
    tasks = tasks_of(ASSIGNMENT_SHEETS)
    assert [(t.section, t.lead, t.support) for t in tasks] == [
        ("1", ["Phòng Văn hóa - Xã hội"], ["Mặt trận Tổ quốc xã", "Hội Nông dân xã"]),
        ("2", ["Phòng Kinh tế"], ["Kho bạc Nhà nước khu vực"]),
    ]
    first, second = tasks
    assert first.description.startswith("Rà soát danh sách hộ gia đình")
    assert first.products == ["Danh sách hộ được hỗ trợ", "tờ trình Chủ tịch UBND xã"]
    # "Hạn xử lý: 20/3/2026": the day the work is done by
    assert [(d.start, d.end) for d in first.deadlines] == [(None, "2026-03-20")]
    assert [d.recurrence for d in second.deadlines] == ["monthly"]


def test_a_grid_of_values_is_no_form():
    # a layout table whose first cells hold no labels stays paragraphs: no task from its cells
    text = "| Số: 12/KH-UBND | Hòa Phong, ngày 02 tháng 3 năm 2026 |\n| Kính gửi: | Sở Nội vụ |\n"
    assert tasks_of(text) == []


# A work programme's table grouped by month, with no time column: the month dates the rows beneath, a
# note says when a matter is submitted, and the periods a report covers are no deadlines.
PROGRAMME = """UBND TỈNH GIA NINH
VĂN PHÒNG
Số: 52/CTr-VPUBND
Gia Ninh, ngày 25 tháng 9 năm 2026
CHƯƠNG TRÌNH CÔNG TÁC
quý IV năm 2026 của Ủy ban nhân dân tỉnh
I. CÁC NỘI DUNG TRÌNH ỦY BAN NHÂN DÂN TỈNH,
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
| STT | Nội dung trình | Cơ quan chủ trì | Cơ quan phối hợp | Hình thức văn bản | Ghi chú |
| Tháng 10 | | | | | |
| 1 | Báo cáo kết quả thực hiện nhiệm vụ 9 tháng đầu năm; nhiệm vụ trọng tâm quý IV năm 2026 | Sở Tài chính | Các sở, ban, ngành | Báo cáo | Trình trước ngày 08/10/2026 |
| 2 | Đề án phát triển du lịch giai đoạn 2026 - 2030 | Sở Văn hóa, Thể thao và Du lịch | Sở Tài chính | Quyết định | |
| Tháng 11 | | | | | |
| 3 | Kế hoạch tổ chức Hội nghị xúc tiến đầu tư (trình trước ngày 15/11/2026) | Sở Tài chính | Sở Ngoại vụ | Kế hoạch | Sau khi có ý kiến của Thường trực Tỉnh ủy |
"""


def test_a_programme_grouped_by_month_dates_its_rows_by_the_month():
    tasks = tasks_of(PROGRAMME)
    assert [(t.section, t.lead, [(d.start, d.end) for d in t.deadlines]) for t in tasks] == [
        ("I.1", ["Sở Tài chính"], [("2026-10-01", "2026-10-31"), (None, "2026-10-08")]),
        ("I.2", ["Sở Văn hóa, Thể thao và Du lịch"], [("2026-10-01", "2026-10-31")]),
        # the day in the content cell is its own; the note's condition is an event
        ("I.3", ["Sở Tài chính"], [("2026-11-01", "2026-11-30"), (None, "2026-11-15"), (None, None)]),
    ]


# A letter that names sets of bodies once ("sau đây gọi chung là …") and writes the names after.
DEFINED_NAMES = """SỞ TÀI CHÍNH
Số: 215/STC-NS
V/v lập dự toán ngân sách năm 2027
Gia Ninh, ngày 10 tháng 7 năm 2026
Kính gửi: Các sở, ban, ngành; Ủy ban nhân dân các xã, phường.
1. Các sở, ban, ngành, đơn vị sự nghiệp trực thuộc tỉnh (sau đây gọi chung là cơ quan, đơn vị) và Ủy ban nhân dân các xã, phường (sau đây gọi tắt là cấp xã) rà soát nhiệm vụ chi năm 2027.
2. Các cơ quan, đơn vị, cấp xã gửi dự toán về Sở Tài chính trước ngày 25/7/2026.
"""


def test_names_a_document_defines_for_sets_of_bodies_are_units():
    tasks = tasks_of(DEFINED_NAMES)
    assert [t.lead for t in tasks] == [
        ["Các sở, ban, ngành, đơn vị sự nghiệp trực thuộc tỉnh", "Ủy ban nhân dân các xã, phường"],
        ["Các cơ quan, đơn vị", "cấp xã"],
    ]
    # outside a document that defines them, the same words are split as ever
    assert split_units("Các cơ quan, đơn vị, cấp xã", lenient=True) != ["Các cơ quan, đơn vị", "cấp xã"]


def test_a_list_of_defined_names_and_other_words_is_read_as_ever():
    from extract.units import names_defined

    with names_defined(("Bộ, ngành", "địa phương")):
        assert split_units("các Bộ, ngành, địa phương", lenient=True) == ["các Bộ, ngành", "địa phương"]
        # a real resolution's "các bộ, cơ quan, địa phương" is one unit: "cơ quan" is no name it defined
        assert split_units("các bộ, cơ quan, địa phương", lenient=True) == ["các bộ, cơ quan, địa phương"]
    assert split_units("các Bộ, ngành, địa phương", lenient=True) == ["các Bộ, ngành, địa phương"]


# A letter asking for comments: its recipients in a dash list, then a request whose clauses before it say what
# the sender did; items with no unit of their own are the asked units', the matters to comment on are no
# partners, and an item that introduces a table leaves the work to the rows.
COMMENTS_LETTER = """SỞ XÂY DỰNG
Số: 402/SXD-QH
V/v góp ý dự thảo Quy định quản lý cây xanh đô thị
Gia Ninh, ngày 12 tháng 5 năm 2026
Kính gửi:
- Sở Tài chính;
- Ủy ban nhân dân các phường.
Thực hiện Công văn số 88/UBND-XD ngày 02/4/2026 của Ủy ban nhân dân tỉnh, Sở Xây dựng đã hoàn thành dự thảo Quy định và đề nghị các cơ quan, đơn vị thực hiện một số nội dung sau:
1. Nghiên cứu, góp ý dự thảo Quy định, tập trung vào các nội dung:
- Phân cấp quản lý cây xanh giữa Sở Xây dựng với Ủy ban nhân dân các phường;
- Danh mục cây cấm trồng, cây hạn chế trồng.
2. Phân công góp ý như sau:
| STT | Đơn vị | Nội dung góp ý | Thời hạn gửi |
| 1 | Sở Tài chính | Chương IV – Kinh phí duy trì cây xanh | Trước ngày 25/5/2026 |
3. Đề nghị Ủy ban nhân dân các phường gửi danh sách cây xanh cần thay thế trước ngày 30/5/2026.
"""


def test_a_request_after_what_the_sender_did_gives_its_items_to_the_asked_units():
    got = [(t.section, t.lead, t.support) for t in tasks_of(COMMENTS_LETTER)]
    assert got == [("1", ["các cơ quan, đơn vị"], []), ("2.1", ["Sở Tài chính"], []),
                   ("3", ["Ủy ban nhân dân các phường"], [])]


def test_another_unit_answering_for_its_own_work_after_a_semicolon_is_its_task():
    text = ("THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n"
            "2. Sở Giáo dục và Đào tạo xác định danh mục thiết bị cần mua sắm; Sở Tài chính chịu trách nhiệm thẩm định "
            "dự toán, trình UBND tỉnh trước ngày 30/6/2026.\n"
            "3. Sở Y tế rà soát nhu cầu nhân lực; Sở Y tế có trách nhiệm báo cáo kết quả trong tháng 7/2026.\n")
    assert [t.lead for t in tasks_of(text)] == [["Sở Giáo dục và Đào tạo"], ["Sở Tài chính"], ["Sở Y tế"]]


def test_a_duty_clause_giving_work_to_another_unit_is_that_units_task():
    text = ("NGHỊ QUYẾT\n1. Ủy ban nhân dân các xã, phường:\n"
            "a) Rà soát, cập nhật danh sách hộ nghèo trên địa bàn trước ngày 30/9/2026; giao Sở Nội vụ tổng hợp kết "
            "quả, báo cáo Ủy ban nhân dân tỉnh.\n")
    assert [(t.lead, [d.end for d in t.deadlines]) for t in tasks_of(text)] == [
        (["Ủy ban nhân dân các xã, phường"], ["2026-09-30"]), (["Sở Nội vụ"], [])]


def test_a_programme_whose_time_line_is_a_numbered_item_dates_its_clock_times():
    text = ("KẾ HOẠCH\nTổ chức Hội nghị tổng kết công tác năm 2025\nI. THỜI GIAN, ĐỊA ĐIỂM\n"
            "1. Thời gian: 01 buổi, khai mạc lúc 08 giờ 00 phút, thứ Ba, ngày 10/3/2026.\n"
            "II. CHƯƠNG TRÌNH\n| Thời gian | Nội dung | Đơn vị thực hiện |\n"
            "| 07h30 - 08h00 | Đón tiếp đại biểu | Văn phòng HĐND và UBND xã |\n"
            "| 08h00 - 08h20 | Báo cáo tổng kết công tác năm 2025 | Phòng Kinh tế |\n")
    got = [(t.lead, [(d.start, d.end) for d in t.deadlines]) for t in tasks_of(text)]
    assert got == [(["Văn phòng HĐND và UBND xã"], [("2026-03-10", "2026-03-10")]),
                   (["Phòng Kinh tế"], [("2026-03-10", "2026-03-10")])]
