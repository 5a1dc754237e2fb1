"""Writes tests/data/kh-doc97.doc, a plan of our own in Word 97–2003 format (run once by hand:
python-docx writes the DOCX, LibreOffice converts it: ``soffice --headless --convert-to doc``).

The document has what the .doc reader must get right: a header block laid out in a table, a
field (its code dropped, its result kept), paragraphs with a line break, and a task table with an
empty cell, a cell of two paragraphs, a cell merged across columns and one merged down two rows.
"""

import subprocess
import sys
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

out = Path(__file__).with_name("kh-doc97.doc")
d = docx.Document()
header = d.add_table(rows=2, cols=2)
header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC PHỔ"
header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
header.cell(1, 0).text = "Số: 125/KH-UBND"
header.cell(1, 1).text = "Đức Phổ, ngày 12 tháng 3 năm 2024"
d.add_paragraph("KẾ HOẠCH")
d.add_paragraph("Rà soát thủ tục hành chính năm 2024")
p = d.add_paragraph("Căn cứ Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh về việc ban hành Kế hoạch "
                    "kiểm soát thủ tục hành chính năm 2024 (trang ")
for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
    run = p.add_run()
    if kind == "instr":
        el = OxmlElement("w:instrText")
        el.text = text
    elif kind == "text":
        el = OxmlElement("w:t")
        el.text = text
    else:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
    run._r.append(el)
p.add_run(").")
d.add_paragraph("I. NHIỆM VỤ")
t = d.add_table(rows=5, cols=5)
rows = [
    ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
    ["1", "Rà soát thủ tục hành chính lĩnh vực đất đai", "Phòng Tài nguyên và Môi trường", "", "Quý II/2024"],
    ["2", "Công khai thủ tục hành chính trên Cổng thông tin điện tử", "Văn phòng HĐND và UBND", "Phòng Tư pháp",
     "Tháng 6/2024"],
    ["3", "Báo cáo kết quả rà soát", "", "Các phòng, ban chuyên môn", "Trước ngày 15/11/2024"],
    ["II", "Nhiệm vụ thường xuyên", "", "", ""],
]
for r, values in enumerate(rows):
    for c, value in enumerate(values):
        t.cell(r, c).text = value
t.cell(1, 3).add_paragraph("UBND các xã")  # a cell of two paragraphs
t.cell(1, 3).paragraphs[0].text = "Phòng Tư pháp"
t.cell(2, 2).merge(t.cell(3, 2))  # one lead for rows 2 and 3 (vertical merge)
t.cell(4, 1).merge(t.cell(4, 4))  # a group row across the columns (horizontal merge)
t.cell(4, 1).text = "Nhiệm vụ thường xuyên"
d.add_paragraph("Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.")
d.add_paragraph("CHỦ TỊCH")
d.add_paragraph("Nguyễn Văn An")
src = Path("/tmp") / "kh-doc97.docx"
d.save(src)
subprocess.run(["soffice", "--headless", "--convert-to", "doc", "--outdir", str(out.parent), str(src)], check=True)
print(out, out.stat().st_size, file=sys.stderr)
