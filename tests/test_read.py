"""Reading: encodings, legacy fonts and hostile input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extract.errors import ReadError
from extract.pipeline import extract_bytes
from extract.read import read_bytes, read_document

TEXT = "Căn cứ Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh về việc công bố Chỉ số cải cách hành chính."


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16"),  # no BOM
    ],
)
def test_unicode_encodings(data, encoding):
    raw = read_bytes(data, "x.txt")
    assert raw.text.lstrip("\ufeff") == TEXT
    assert raw.source.encoding == encoding


@pytest.mark.parametrize(
    "legacy, encoding, expected",
    [
        # TCVN3 (ABC) as typed in .VnTime and saved as text
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n"
         "QuyÕt ®Þnh sè 57/Q§-UBND ngµy 25/01/2024 cña UBND tØnh vÒ viÖc c«ng bè",
         "tcvn3", "Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh"),
        # VNI as typed in VNI-Times
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM\nÑoäc laäp - Töï do - Haïnh phuùc\n"
         "Quyeát ñònh soá 57/QÑ-UBND ngaøy 25/01/2024 cuûa UBND tænh veà vieäc coâng boá",
         "vni", "Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh"),
    ],
)
def test_legacy_font_text_is_converted(legacy, encoding, expected):
    for data in (legacy.encode("utf-8"), legacy.encode("cp1252", errors="strict")):
        raw = read_bytes(data, "old.txt")
        assert expected in raw.text
        assert raw.source.encoding == encoding


def _cp1258(text: str) -> bytes:
    """Windows-1258 has the letters with quality marks (â ê ô ơ ư ă đ) precomposed and the five
    tone marks as combining characters after them."""
    import unicodedata

    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def test_windows_1258():
    data = _cp1258(TEXT)
    raw = read_bytes(data, "w.txt")
    assert raw.source.encoding == "cp1258"
    assert "Quyết định" in raw.text


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"   \n\n  \t ", "no text"),
        (bytes(range(256)) * 40, "binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100, "binary file"),
        (b"\xff\xfe\xfe\xff\x00\x81\x82" * 50 + b"\xc3\x28\xa0\xa1" * 100, None),
    ],
)
def test_hostile_text(data, reason):
    with pytest.raises(ReadError) as exc:
        read_bytes(data, "bad.txt")
    assert "bad.txt" in str(exc.value)
    if reason:
        assert reason in str(exc.value)
    assert "\n" not in str(exc.value)


def test_invalid_utf8_never_crashes():
    data = "Quyết định".encode() + b"\xc3\x28 \xe2\x82 " + "số 57/QĐ-UBND".encode()
    try:
        raw = read_bytes(data, "mixed.txt")
    except ReadError as exc:
        assert "mixed.txt" in str(exc)
    else:
        assert raw.text


def test_not_a_pdf_and_truncated_pdf():
    with pytest.raises(ReadError, match="not a readable PDF"):
        read_bytes(b"hello, I am not a PDF", "fake.pdf")
    with pytest.raises(ReadError, match="not a readable PDF"):
        read_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "cut.pdf")


def _pdf(text: str, password: str | None = None) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    return bytes(pdf.output())


def test_text_layer_pdf():
    raw = read_bytes(_pdf("Quyet dinh so 57/QD-UBND ngay 25/01/2024"), "ok.pdf")
    assert raw.source.format == "pdf" and raw.source.pages == 1
    assert "57/QD-UBND" in raw.text


def test_encrypted_pdf():
    with pytest.raises(ReadError, match="encrypted PDF"):
        read_bytes(_pdf("secret", password="u-secret"), "locked.pdf")


def test_docx_paragraphs_and_tables():
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    t = d.add_table(rows=2, cols=3)
    for i, v in enumerate(["STT", "Nội dung", "Cơ quan chủ trì"]):
        t.cell(0, i).text = v
    for i, v in enumerate(["1", "Rà soát thủ tục", "Sở Tư pháp"]):
        t.cell(1, i).text = v
    d.add_paragraph("Nơi nhận:")
    buf = io.BytesIO()
    d.save(buf)
    raw = read_bytes(buf.getvalue(), "plan.docx")
    assert raw.text.split("\n") == ["KẾ HOẠCH", "| STT | Nội dung | Cơ quan chủ trì |", "| 1 | Rà soát thủ tục | Sở Tư pháp |",
                                    "Nơi nhận:"]


def test_docx_line_breaks_and_the_header_and_signature_tables():
    docx = pytest.importorskip("docx")
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    for (r, c), v in {(0, 0): "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN", (1, 0): "Số: 412/KH-UBND",
                      (0, 1): "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
                      (1, 1): "Nghệ An, ngày 02 tháng 6 năm 2023"}.items():
        t.cell(r, c).text = v  # python-docx writes "\n" as a line break (w:br) inside the paragraph
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện chuyển đổi số năm 2023")
    d.add_paragraph("1. Sở Công Thương chủ trì, phối hợp với Sở Tài chính rà soát\tđúng hạn.")
    s = d.add_table(rows=1, cols=2)
    s.cell(0, 0).text = "Nơi nhận:\n- Bộ Công Thương;\n- Lưu: VT."
    s.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Đức Trung"
    buf = io.BytesIO()
    d.save(buf)
    lines = [x for x in read_bytes(buf.getvalue(), "plan.docx").text.split("\n") if x]
    # layout tables come out as blocks, cell after cell, each with its own lines; a tab is a space
    assert lines == ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Số: 412/KH-UBND", "Nghệ An, ngày 02 tháng 6 năm 2023",
                     "KẾ HOẠCH", "Thực hiện chuyển đổi số năm 2023",
                     "1. Sở Công Thương chủ trì, phối hợp với Sở Tài chính rà soát đúng hạn.",
                     "Nơi nhận:", "- Bộ Công Thương;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                     "Nguyễn Đức Trung"]
    doc = extract_bytes(buf.getvalue(), "plan.docx").dump()["document"]
    assert (doc["issuer"], doc["signer"]["name"], doc["recipients"]) == (
        "Ủy ban nhân dân tỉnh Nghệ An", "Nguyễn Đức Trung", ["Bộ Công Thương"])


def test_docx_word_numbering_is_written_out():
    docx = pytest.importorskip("docx")
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def element(tag, **attrs):
        e = OxmlElement(tag)
        for k, v in attrs.items():
            e.set(qn(f"w:{k}"), v)
        return e

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Cải cách hành chính năm 2024")
    # a list defined as Word defines it: I. / 1. / a), numbering.xml, not the text, holds the markers
    numbering = d.part.numbering_part.element
    abstract = element("w:abstractNum", abstractNumId="90")
    for ilvl, fmt, text in ((0, "upperRoman", "%1."), (1, "decimal", "%2."), (2, "lowerLetter", "%3)")):
        lvl = element("w:lvl", ilvl=str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            lvl.append(element(tag, val=val))
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = element("w:num", numId="90")
    num.append(element("w:abstractNumId", val="90"))
    numbering.append(num)
    for text, ilvl in (("NHIỆM VỤ", 0), ("Cải cách thể chế", 1),
                       ("Sở Tư pháp chủ trì rà soát văn bản, hoàn thành trong Quý II/2024.", 2),
                       ("Văn phòng UBND tỉnh theo dõi, báo cáo trước ngày 15/12/2024.", 2),
                       ("Cải cách thủ tục hành chính", 1),
                       ("Sở Nội vụ chủ trì, phối hợp với các sở kiểm tra trong tháng 10/2024.", 2),
                       ("TỔ CHỨC THỰC HIỆN", 0)):
        p = d.add_paragraph(text)
        num_pr = element("w:numPr")
        num_pr.append(element("w:ilvl", val=str(ilvl)))
        num_pr.append(element("w:numId", val="90"))
        p._p.get_or_add_pPr().append(num_pr)
    d.add_paragraph("Báo cáo định kỳ", style="List Bullet")  # numbering by style
    d.add_paragraph("Tổng hợp", style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    assert read_bytes(buf.getvalue(), "plan.docx").text.split("\n")[2:] == [
        "I. NHIỆM VỤ", "1. Cải cách thể chế", "a) Sở Tư pháp chủ trì rà soát văn bản, hoàn thành trong Quý II/2024.",
        "b) Văn phòng UBND tỉnh theo dõi, báo cáo trước ngày 15/12/2024.", "2. Cải cách thủ tục hành chính",
        "a) Sở Nội vụ chủ trì, phối hợp với các sở kiểm tra trong tháng 10/2024.", "II. TỔ CHỨC THỰC HIỆN",
        "- Báo cáo định kỳ", "1. Tổng hợp"]
    tasks = extract_bytes(buf.getvalue(), "plan.docx").tasks
    assert [(t.section, t.lead) for t in tasks] == [
        ("I.1.a", ["Sở Tư pháp"]), ("I.1.b", ["Văn phòng UBND tỉnh"]), ("I.2.a", ["Sở Nội vụ"])]


LEGACY_TCVN3 = ("Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n"
                "QuyÕt ®Þnh sè 57/Q§-UBND ngµy 25/01/2024 cña UBND tØnh vÒ viÖc c«ng bè")


def test_docx_typed_in_a_legacy_font_is_converted():
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for line in LEGACY_TCVN3.split("\n"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    raw = read_bytes(buf.getvalue(), "old.docx")
    assert "Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh" in raw.text
    assert raw.source.encoding == "tcvn3"


def test_docx_runs_are_read_by_their_own_fonts():
    # a header typed in .VnTimeH (TCVN3's capitals font: a toned capital has no code, the small letter's code is
    # drawn as one), a body in .VnTime set once on the paragraph style, and a paragraph added later in a
    # Unicode font — each run as its font says
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.styles["Normal"].font.name = ".VnTime"
    caps = d.add_paragraph().add_run("th«ng b¸o kÕt luËn cña ban th­êng vô huyÖn uû")
    caps.font.name = ".VnTimeH"
    d.add_paragraph("QuyÕt ®Þnh sè 57/Q§-UBND ngµy 25/01/2024 cña UBND tØnh")  # the style's font
    new = d.add_paragraph().add_run("Giao Sở Nội vụ chủ trì thực hiện.")
    new.font.name = "Times New Roman"
    buf = io.BytesIO()
    d.save(buf)
    raw = read_bytes(buf.getvalue(), "mixed.docx")
    lines = [line for line in raw.text.split("\n") if line.strip()]
    assert lines == ["THÔNG BÁO KẾT LUẬN CỦA BAN THƯỜNG VỤ HUYỆN UỶ",
                     "Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh", "Giao Sở Nội vụ chủ trì thực hiện."]
    assert raw.source.encoding == "tcvn3"


def test_pdf_text_layer_in_a_legacy_font_is_converted():
    # a .VnTime PDF's text layer holds the TCVN3 code points, as written here with a Unicode font
    from .pdfs import make_pdf

    raw = read_bytes(make_pdf(LEGACY_TCVN3), "old.pdf")
    assert "Quyết định số 57/QĐ-UBND ngày 25/01/2024 của UBND tỉnh" in raw.text
    assert raw.source.encoding == "tcvn3"


def test_zip_that_is_not_docx():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(ReadError, match="not a readable DOCX"):
        read_bytes(buf.getvalue(), "a.docx")


def test_html_body():
    html = ("<html><head><title>x</title><style>p{}</style></head><body><nav>menu</nav>"
            "<p>Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;</p>"
            "<table><tr><td>1</td><td>Sở Nội vụ</td></tr></table></body></html>")
    raw = read_bytes(html.encode("utf-8"), "page.html")
    assert "Căn cứ Luật Tổ chức chính quyền địa phương" in raw.text
    assert "menu" not in raw.text and "Sở Nội vụ" in raw.text


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="is a directory"):
        read_document(tmp_path)


def test_docx_merged_cells_keep_the_grid():
    import docx

    d = docx.Document()
    t = d.add_table(rows=4, cols=4)
    for r, values in enumerate([["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"],
                                ["1", "Rà soát quy trình", "Sở Tư pháp", "Quý I/2024"],
                                ["2", "Công khai quy trình", "", "Quý II/2024"],
                                ["II", "Nhiệm vụ thường xuyên", "", ""]]):
        for c, value in enumerate(values):
            t.cell(r, c).text = value
    t.cell(1, 2).merge(t.cell(2, 2))  # one lead for two rows
    t.cell(3, 1).merge(t.cell(3, 3))  # a group row across the columns
    t.cell(3, 1).text = "Nhiệm vụ thường xuyên"
    t.cell(1, 1).add_paragraph("Đề xuất sửa đổi")
    buf = io.BytesIO()
    d.save(buf)
    lines = read_bytes(buf.getvalue(), "merged.docx").text.splitlines()
    assert lines == ["| STT | Nội dung | Cơ quan chủ trì | Thời gian |",
                     "| 1 | Rà soát quy trình; Đề xuất sửa đổi | Sở Tư pháp | Quý I/2024 |",
                     "| 2 | Công khai quy trình | Sở Tư pháp | Quý II/2024 |",
                     "| II | Nhiệm vụ thường xuyên |  |  |"]


DOC97 = Path(__file__).with_name("data") / "kh-doc97.doc"


def test_word_97_doc_paragraphs_fields_and_tables():
    # tests/data/make_doc97.py wrote it: header laid out in a table, a PAGE field, a task table
    # with a cell of two paragraphs, a cell merged down two rows and a group row merged across
    raw = read_document(DOC97)
    assert raw.source.format == "doc"
    lines = raw.text.splitlines()
    assert lines[:6] == ["ỦY BAN NHÂN DÂN", "HUYỆN ĐỨC PHỔ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "Số: 125/KH-UBND", "Đức Phổ, ngày 12 tháng 3 năm 2024"]
    assert any(line.endswith("năm 2024 (trang 1).") for line in lines)  # the field's result, not its code
    rows = [line for line in lines if line.startswith("|")]
    assert rows == [
        "| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |",
        "| 1 | Rà soát thủ tục hành chính lĩnh vực đất đai | Phòng Tài nguyên và Môi trường | Phòng Tư pháp; UBND các xã | Quý II/2024 |",
        "| 2 | Công khai thủ tục hành chính trên Cổng thông tin điện tử | Văn phòng HĐND và UBND | Phòng Tư pháp | Tháng 6/2024 |",
        "| 3 | Báo cáo kết quả rà soát | Văn phòng HĐND và UBND | Các phòng, ban chuyên môn | Trước ngày 15/11/2024 |",
        "| II | Nhiệm vụ thường xuyên |",
    ]
    ex = extract_bytes(DOC97.read_bytes(), "kh.doc")
    assert (ex.document.number, ex.document.date, ex.document.type) == ("125/KH-UBND", "2024-03-12", "ke_hoach")
    assert [r.id for r in ex.references] == ["57/QĐ-UBND"]
    import json
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("extract").joinpath("schema/extraction.schema.json").read_text())
    jsonschema.validate(ex.dump(), schema)  # source.format "doc"


@pytest.mark.parametrize("data, reason", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "not a readable Word 97–2003 .doc file"),
    (b"just some text, called .doc", "not a readable Word 97–2003 .doc file (not an OLE compound file)"),
])
def test_broken_doc_is_one_line_error(data, reason):
    with pytest.raises(ReadError) as err:
        read_bytes(data, "broken.doc")
    assert str(err.value).startswith(f"broken.doc: {reason}")
    assert "\n" not in str(err.value)


def test_truncated_doc_is_one_line_error():
    with pytest.raises(ReadError) as err:
        read_bytes(DOC97.read_bytes()[:5000], "cut.doc")
    assert str(err.value).startswith("cut.doc: not a readable Word 97–2003 .doc file")


def _with_footnote(docx_bytes: bytes, note: str) -> bytes:
    """A DOCX with one footnote, written into the package as Word writes it (python-docx makes none)."""
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    notes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
             f'</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{note}</w:t></w:r></w:p>'
             '</w:footnote></w:footnotes>')
    src = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdFn1" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                                    b"</Relationships>")
            dst.writestr(item, data)
        dst.writestr("word/footnotes.xml", notes)
    return out.getvalue()


def test_docx_footnotes_are_text_and_give_references():
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("THÔNG BÁO")
    d.add_paragraph("Kết luận của Phó Chủ tịch UBND tỉnh về rà soát quy hoạch xã")
    buf = io.BytesIO()
    d.save(buf)
    data = _with_footnote(buf.getvalue(), "UBND tỉnh đã chỉ đạo tại Thông báo số 370/TB-UBND ngày 30/3/2026")
    ex = extract_bytes(data, "tb.docx")
    assert "Thông báo số 370/TB-UBND" in ex.text
    assert [(r["id"], r["date"]) for r in ex.dump()["references"]] == [("370/TB-UBND", "2026-03-30")]


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (MS-CFB, version 3) holding ``streams`` — each at least 4,096 bytes, so that
    no mini stream is needed: what Word writes around a DOCX saved with a password (MS-OFFCRYPTO 2.3.4)."""
    import struct

    end, fat_mark, none = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF  # end of a chain, a FAT sector, no entry
    sectors, fat, starts = [], [], []
    for data in streams.values():
        assert len(data) >= 4096
        data += b"\0" * (-len(data) % 512)
        starts.append(len(sectors))
        n = len(data) // 512
        sectors += [data[i * 512:(i + 1) * 512] for i in range(n)]
        fat += [starts[-1] + i + 1 for i in range(n - 1)] + [end]

    def entry(name: str, kind: int, start: int, size: int, left=none, right=none, child=none) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, left, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # siblings in a chain to the right, in order
    entries = [entry("Root Entry", 5, end, 0, child=1)]
    for i, name in enumerate(names):
        k = list(streams).index(name)
        entries.append(entry(name, 2, starts[k], len(streams[name]), right=i + 2 if i + 1 < len(names) else none))
    directory = b"".join(entries).ljust(512, b"\0")
    dir_sector = len(sectors)
    sectors.append(directory)
    fat.append(end)
    fat_sector = len(sectors)
    fat.append(fat_mark)
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    sectors.append(fat_bytes)
    difat = struct.pack("<I", fat_sector) + b"\xff" * (109 * 4 - 4)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, dir_sector, 0, 4096, end, 0, end, 0) + difat)
    assert len(header) == 512
    return header + b"".join(sectors)


def test_encrypted_docx_says_so():
    # issue 16, finding 8: "not a Word document package" sent the user looking for a damaged file
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + b'<?xml version="1.0"?><encryption/>'.ljust(4096, b" ")
    package = (5000).to_bytes(8, "little") + bytes(range(256)) * 20
    data = _compound_file({"EncryptionInfo": info, "EncryptedPackage": package})
    import olefile

    assert olefile.OleFileIO(io.BytesIO(data)).exists("EncryptedPackage")  # a compound file the reader can open
    for name in ("locked.docx", "locked.doc", "locked"):
        with pytest.raises(ReadError) as err:
            read_bytes(data, name)
        assert str(err.value) == f"{name}: encrypted DOCX: cannot be read without its password"
    with pytest.raises(ReadError) as err:  # a compound file with other streams is no encrypted DOCX
        read_bytes(_compound_file({"WordDocument": b"\0" * 4096}), "other.doc")
    assert "encrypted" not in str(err.value)


def _blank_pdf() -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_a_pdf_without_text_suggests_ocr_only_when_it_was_turned_off():
    # issue 16, finding 8: "run with --ocr auto" was said even when auto, the default, had run
    from extract import ocr

    with pytest.raises(ReadError) as err:
        read_bytes(_blank_pdf(), "blank.pdf", ocr="never")
    assert "left unread by --ocr never; --ocr auto, the default, reads them by OCR" in str(err.value)
    if ocr.unavailable():
        pytest.skip(ocr.unavailable())
    for mode in ("auto", "always"):
        with pytest.raises(ReadError) as err:
            read_bytes(_blank_pdf(), "blank.pdf", ocr=mode)
        assert str(err.value) == "blank.pdf: PDF has no text: no text layer, and OCR found none on its pages " \
                                 "(blank or unreadable scans)"
