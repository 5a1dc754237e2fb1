"""Fuzzing: mutated PDFs and DOCX packages (a seed corpus of odd ones made here among them), random and
adversarial texts. Nothing may escape but a one-line ReadError, nothing may run over the per-file time
limit, and what comes out keeps the invariants (STYLE.md): every span lies inside the text, ``text[span]``
is the value's text, the output validates against the SPEC schema, the same input gives the same output.

`make fuzz` runs more than 10,000 inputs (VANBAN_FUZZ_EXAMPLES per target, VANBAN_FUZZ_MIN checked at
the end); the test suite a few hundred in all.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import limits
from extract.errors import VanbanError
from extract.pipeline import extract_bytes

from .pdfs import font_path, make_pdf, raw_pdf, scan

EXAMPLES = int(os.environ.get("VANBAN_FUZZ_EXAMPLES", "60"))  # per target: the test suite stays quick
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=os.environ.get("VANBAN_FUZZ_RANDOM") is None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], database=None)
SECONDS = 30  # per example: far beyond any real document of these sizes

PLAN = ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 412/KH-UBND\nNghệ An, ngày 02 tháng 6 năm 2023\nKẾ HOẠCH\n"
        "Căn cứ Quyết định số 08/2020/QĐ-UBND ngày 05/02/2020 của UBND tỉnh;\n"
        "1. Sở Công Thương chủ trì, phối hợp với Sở Tài chính rà soát, hoàn thành trước ngày 30/9/2023.\n")


RUN = {"inputs": 0}  # inputs extracted in this process, checked by the last test under `make fuzz`


@cache
def _schema_validator():
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("extract").joinpath("schema/extraction.schema.json").read_text())
    return jsonschema.validators.validator_for(schema)(schema)


def check_invariants(ex) -> dict:
    """The invariants every extraction keeps (STYLE.md, SPEC): each span inside the clean text and mapped
    inside the source, ``text[span]`` the value's text (references, tasks, deadlines), pages inside the
    document, the dump valid against the SPEC schema. Returns the dump."""
    text, dump = ex.text, ex.dump()
    errors = sorted(_schema_validator().iter_errors(dump), key=lambda e: list(e.path))
    assert not errors, f"{list(errors[0].path)}: {errors[0].message}"

    def inside(span, what) -> None:
        s, e = span
        assert 0 <= s <= e <= len(text), f"{what} span {span} outside the text ({len(text)} characters)"
        a, b = ex.clean.source_span(s, e)
        assert 0 <= a <= b <= ex.clean.source_length, f"{what} span {span} maps outside the source: {(a, b)}"

    values = [("reference", r) for r in dump["references"]]
    for t in dump["tasks"]:
        values += [("task", t)] + [("deadline", d) for d in t["deadlines"]]
    for what, v in values:
        inside(v["span"], what)
        assert text[v["span"][0]:v["span"][1]] == v["text"], f"{what}: text[span] is not its text: {v}"
        if "page" in v:
            pages = dump["source"]["pages"]
            assert v["page"] is None if pages is None else 1 <= v["page"] <= pages, f"{what} page {v['page']}"
    for field, span in dump["document"]["spans"].items():
        inside(span, f"document.{field}")
    for r in dump["references"]:
        if "of" in r:
            assert 0 <= r["of"]["index"] < len(dump["references"]), r
    return dump


def _run(data: bytes, name: str) -> None:
    started = time.monotonic()
    limits_before = limits.TIME_LIMIT
    try:
        limits.TIME_LIMIT = SECONDS
        RUN["inputs"] += 1
        ex = extract_bytes(data, name, ocr="never")  # OCR is Tesseract's own code, and seconds a page
        dump = check_invariants(ex)
        again = extract_bytes(data, name, ocr="never")  # the same input, the same output
        assert (again.text, again.dump()) == (ex.text, dump), "the same input gave another output"
    except VanbanError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(name)
        assert "took longer" not in exc.reason, exc.reason
    finally:
        limits.TIME_LIMIT = limits_before
        if os.environ.get("VANBAN_FUZZ_SLOW") and time.monotonic() - started > 1:
            print(f"\nslow ({time.monotonic() - started:.1f} s): {data[:60]!r}…{data[-200:]!r} {len(data)} bytes",
                  flush=True)


@cache
def seeds() -> dict[str, bytes]:
    import docx

    d = docx.Document()
    for line in PLAN.split("\n"):
        d.add_paragraph(line)
    t = d.add_table(rows=2, cols=3)
    for i, v in enumerate(["TT", "Nội dung", "Cơ quan chủ trì"]):
        t.cell(0, i).text = v
    buf = io.BytesIO()
    d.save(buf)
    from pathlib import Path

    html = (Path(__file__).parent / "data" / "portal-page.html").read_bytes()
    return {"pdf": make_pdf(PLAN), "raw.pdf": raw_pdf(b"BT /F1 12 Tf 72 700 Td (So 57/QD-UBND) Tj ET",
                                                      compress=False), "docx": buf.getvalue(), "html": html}


mutation = st.lists(st.tuples(st.sampled_from(["flip", "delete", "insert", "truncate", "repeat"]),
                              st.floats(0, 1), st.binary(min_size=1, max_size=64)), min_size=1, max_size=8)


def mutate(data: bytes, ops) -> bytes:
    b = bytearray(data)
    for op, where, blob in ops:
        i = int(where * max(0, len(b) - 1))
        if op == "flip" and b:
            b[i] ^= blob[0] or 0xFF
        elif op == "delete":
            del b[i:i + len(blob)]
        elif op == "insert":
            b[i:i] = blob
        elif op == "truncate":
            del b[i:]
        elif op == "repeat":
            b[i:i] = bytes(b[i:i + 256]) * 4
    return bytes(b)


@FUZZ
@given(kind=st.sampled_from(["pdf", "raw.pdf", "docx", "html"]), ops=mutation)
def test_mutated_files(kind, ops):
    name = "fuzz." + kind.split(".")[-1]
    _run(mutate(seeds()[kind], ops), name)


# -- a seed corpus of odd PDFs and DOCX packages, made here ---------------------------------------------

BODY = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND tỉnh về cải cách hành chính;\n"
        "1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát, hoàn thành trước ngày 30/9/2024.\n"
        "2. Giao UBND các huyện báo cáo kết quả hằng quý, trước ngày 15/6 và 15/12 hằng năm.\n")
TASK_ROWS = [("TT", "Nội dung", "Cơ quan chủ trì", "Thời gian"),
             ("1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Quý II/2024"),
             ("2", "Công khai quy trình theo Quyết định số 57/QĐ-UBND", "Văn phòng UBND tỉnh", "Tháng 6/2024")]
# what Word and PDF generators put in real text: soft and non-breaking hyphens, no-break and zero-width
# spaces, a byte order mark, the Symbol font's private-use bullet, Ð (eth) for Đ, tone marks left
# decomposed (NFD), typographic quotes, dashes and ellipsis, a vertical tab (Word's line break in .txt)
STRANGE = ("Quy\u00adết đ\u00adịnh số 57/QĐ\u2011UBND\u00a0ngày\u200b25/01/2024 \ufeff\uf0b7 Ðiều 1 Nghị định "
           "\u201cvề\u201d \u2013 \u2014 \u2026 " + unicodedata.normalize("NFD", "Sở Tài chính hướng dẫn") + " \u200d\u2060 x\u000by")


def _fpdf(*, compress: bool = False):
    import fpdf

    regular, bold = font_path(), font_path(bold=True)
    if regular is None or bold is None:
        pytest.skip("no DejaVu Sans font (Debian fonts-dejavu-core) to write Vietnamese PDFs")
    pdf = fpdf.FPDF()
    pdf.set_compression(compress)  # plain content streams: byte mutations reach the text operators
    pdf.add_font("dv", fname=str(regular))
    pdf.add_font("dv", style="B", fname=str(bold))
    pdf.set_font("dv", size=11)
    return pdf


def _pdf_bytes(pdf) -> bytes:
    return bytes(pdf.output())


def _rotated(data: bytes, angles) -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    for page, angle in zip(doc, angles, strict=False):
        page.set_rotation(angle)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def odd_pdfs() -> dict[str, bytes]:
    out = {}
    pdf = _fpdf()  # empty pages around one page of text
    for n in range(4):
        pdf.add_page()
        if n == 2:
            pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=BODY)
    out["empty-pages.pdf"] = _pdf_bytes(pdf)
    pdf = _fpdf()  # one page each way round, and a landscape one
    for orientation in ("P", "P", "L", "P"):
        pdf.add_page(orientation=orientation)
        pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=BODY)
    out["rotated.pdf"] = _rotated(_pdf_bytes(pdf), (90, 180, 0, 270))
    pdf = _fpdf()  # huge and tiny type, text off the page
    pdf.add_page()
    pdf.set_font("dv", size=60)
    pdf.multi_cell(0, 25, new_x="LMARGIN", new_y="NEXT", text="KẾ HOẠCH 12/KH")
    pdf.set_font("dv", size=2)
    pdf.multi_cell(0, 1, new_x="LMARGIN", new_y="NEXT", text=BODY * 3)
    pdf.set_font("dv", size=30)
    pdf.text(150, 300, "Sở Nội vụ chủ trì")  # below the bottom edge
    pdf.text(-40, 50, "Nghị định số 59/2019/NĐ-CP")  # left of the left edge
    out["huge-font.pdf"] = _pdf_bytes(pdf)
    pdf = _fpdf()  # a ruled table with cells merged across and down
    pdf.add_page()
    pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=BODY[:120])
    with pdf.table(col_widths=(10, 60, 40, 30)) as t:
        for r, values in enumerate(TASK_ROWS):
            row = t.row()
            if r == 1:
                row.cell(values[0], rowspan=2)
                row.cell(values[1])
                row.cell(values[2], colspan=2)
            elif r == 2:
                for v in values[1:]:
                    row.cell(v)
            else:
                for v in values:
                    row.cell(v)
        row = t.row()
        row.cell("II. Nhiệm vụ thường xuyên", colspan=4)
    out["merged-table.pdf"] = _pdf_bytes(pdf)
    pdf = _fpdf()  # the odd characters, overprinted text, white text
    pdf.add_page()
    strange = STRANGE.replace("\u000b", "\n").replace("\uf0b7", "•")  # DejaVu has no glyph for the bullet
    pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=strange)
    pdf.set_xy(10, 10)  # printed twice at the same place: "bold" by overprinting
    pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text=strange)
    pdf.set_text_color(255, 255, 255)
    pdf.multi_cell(0, 6, new_x="LMARGIN", new_y="NEXT", text="Giao Sở Xây dựng chủ trì (white on white)")
    out["strange-characters.pdf"] = _pdf_bytes(pdf)
    out["no-text-layer.pdf"] = scan(make_pdf(BODY), dpi=40)  # an image alone: a scan
    return out


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(build) -> bytes:
    import docx

    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _xml(paragraph, fragment: str) -> None:
    """Append raw WordprocessingML (runs, fields, text boxes) to ``paragraph``."""
    from lxml import etree

    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"')
    for el in etree.fromstring(f"<w:wrap {ns}>{fragment}</w:wrap>"):
        paragraph._p.append(el)


def _nested_tables(d) -> None:
    d.add_paragraph("KẾ HOẠCH")
    outer = d.add_table(rows=3, cols=3)
    for c, v in enumerate(TASK_ROWS[0][:3]):
        outer.cell(0, c).text = v
    outer.cell(1, 0).text = "1"
    outer.cell(1, 1).text = "Rà soát thủ tục hành chính"
    inner = outer.cell(1, 2).add_table(rows=2, cols=2)  # a table inside a cell
    inner.cell(0, 0).text = "Sở Tư pháp"
    inner.cell(1, 1).text = "Sở Nội vụ"
    inner.cell(1, 0).add_table(rows=1, cols=1).cell(0, 0).text = "UBND các huyện"  # and one inside that
    outer.cell(2, 0).merge(outer.cell(2, 2)).text = "II. Nhiệm vụ thường xuyên"  # merged across
    outer.cell(0, 2).merge(outer.cell(1, 2))  # and down, over the nested table


def _text_box_footnote_fields(d) -> None:
    d.add_paragraph("THÔNG BÁO")
    p = d.add_paragraph("Thực hiện ")
    _xml(p, '<w:fldSimple w:instr=" REF _Ref1 \\h "><w:r><w:t>Quyết định số 57/QĐ-UBND</w:t></w:r></w:fldSimple>'
            '<w:r><w:t xml:space="preserve"> ngày </w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \\@ "dd/MM/yyyy" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>25/01/2024</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:r><w:t xml:space="preserve">, Sở Nội vụ chủ trì</w:t></w:r>')
    p = d.add_paragraph()
    _xml(p, '<w:r><w:pict><v:shape style="width:200pt;height:40pt"><v:textbox><w:txbxContent>'
            '<w:p><w:r><w:t>Số: 12/TB-UBND</w:t></w:r></w:p><w:p><w:r><w:t>Giao Sở Tài chính chủ trì</w:t></w:r></w:p>'
            '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    d.add_paragraph("Kết luận của Phó Chủ tịch UBND tỉnh về rà soát quy hoạch xã")
    d.sections[0].header.paragraphs[0].text = "UBND TỈNH LÂM ĐỒNG — trang 1"
    d.sections[0].footer.paragraphs[0].text = "Nghị định số 30/2020/NĐ-CP"


def _empty_and_strange(d) -> None:
    for _ in range(40):
        d.add_paragraph("")  # empty paragraphs
    d.add_paragraph("\t \t")
    p = d.add_paragraph(STRANGE.replace("\u000b", ""))
    _xml(p, '<w:r><w:t>Bộ Lao động</w:t><w:noBreakHyphen/><w:t>Thương binh</w:t><w:softHyphen/><w:t>và Xã hội</w:t>'
            '<w:tab/><w:t>Sở</w:t><w:br/><w:t>Nội vụ</w:t><w:cr/><w:sym w:font="Symbol" w:char="F0B7"/>'
            '<w:t xml:space="preserve">   trước ngày 30/9/2024</w:t></w:r>'
            '<w:ins w:id="1" w:author="a"><w:r><w:t> (đã sửa)</w:t></w:r></w:ins>'
            '<w:del w:id="2" w:author="a"><w:r><w:delText>Sở Y tế</w:delText></w:r></w:del>')
    for line in BODY.splitlines():
        d.add_paragraph(line)
    d.add_paragraph("")


def odd_docx() -> dict[str, bytes]:
    from .test_read import _with_footnote

    plain = _docx(lambda d: [d.add_paragraph(line) for line in BODY.splitlines()])
    return {"nested-tables.docx": _docx(_nested_tables),
            "text-box-fields.docx": _with_footnote(_docx(_text_box_footnote_fields),
                                                   "UBND tỉnh đã chỉ đạo tại Thông báo số 370/TB-UBND ngày 30/3/2026"),
            "empty-and-strange.docx": _docx(_empty_and_strange),
            "footnote-only.docx": _with_footnote(plain, "Xem Nghị định số 59/2019/NĐ-CP"),
            }


@cache
def odd_files() -> dict[str, bytes]:
    files = {**odd_pdfs(), **odd_docx()}
    assert sorted(files) == ODD
    return files


ODD = sorted(["empty-pages.pdf", "rotated.pdf", "huge-font.pdf", "merged-table.pdf", "strange-characters.pdf",
              "no-text-layer.pdf", "nested-tables.docx", "text-box-fields.docx", "empty-and-strange.docx",
              "footnote-only.docx"])


@pytest.mark.parametrize("name", ODD)
def test_odd_files_read_and_keep_the_invariants(name):
    data = odd_files()[name]
    if name == "no-text-layer.pdf":  # without OCR a scan says so, in one line
        with pytest.raises(VanbanError, match="no text layer"):
            extract_bytes(data, name, ocr="never")
        return
    _run(data, name)
    ex = extract_bytes(data, name, ocr="never")
    assert "Sở" in ex.text, ex.text[:300]


def test_what_the_odd_docx_files_hold_is_read():
    # the bugs these files found (issue 16): a text box's paragraphs were glued to each other, Word's
    # non-breaking hyphen was dropped ("Bộ Lao độngThương binh"), a table cell holding a text box read it twice
    text = extract_bytes(odd_files()["text-box-fields.docx"], "t.docx", ocr="never").text
    assert "Số: 12/TB-UBND\nGiao Sở Tài chính chủ trì" in text
    assert [r.id for r in extract_bytes(odd_files()["text-box-fields.docx"], "t.docx").references] == \
        ["57/QĐ-UBND", "370/TB-UBND"]  # a field's result is text, its code is not
    text = extract_bytes(odd_files()["empty-and-strange.docx"], "s.docx", ocr="never").text
    assert "Bộ Lao động-Thương binh" in text and "(đã sửa)" in text and "Sở Y tế" not in text  # a deletion is gone
    assert "Sở Tư pháp" in extract_bytes(odd_files()["nested-tables.docx"], "n.docx", ocr="never").text


# a DOCX mutated inside its package, where the reader parses: random bytes and WordprocessingML that Word
# writes (or a careless generator does) put anywhere in one of its parts
XML_SNIPPETS = [
    "<w:p>", "</w:p>", "<w:p/>", "<w:r><w:t>Sở Nội vụ chủ trì</w:t></w:r>", "<w:t>", "</w:t>", "<w:tbl>", "</w:tbl>",
    "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>", "<w:tc>", "</w:tc>", "<w:tr>",
    '<w:tcPr><w:gridSpan w:val="99999"/></w:tcPr>', '<w:tcPr><w:gridSpan w:val="-3"/></w:tcPr>',
    '<w:tcPr><w:vMerge/></w:tcPr>', '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>', "<w:br/>", "<w:tab/>",
    "<w:noBreakHyphen/>", "<w:softHyphen/>", "<w:cr/>", '<w:sym w:font="Symbol" w:char="F0B7"/>',
    "<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Quyết định số 5/QĐ-UBND</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>", "<w:txbxContent>", "</w:txbxContent>",
    '<w:sdt><w:sdtContent><w:p><w:r><w:t>Kế hoạch số 9/KH-UBND</w:t></w:r></w:p></w:sdtContent></w:sdt>',
    '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>', '<w:fldChar w:fldCharType="begin"/>',
    "<w:instrText> HYPERLINK </w:instrText>", '<w:numPr><w:ilvl w:val="9"/><w:numId w:val="1"/></w:numPr>',
    '<w:pPr><w:pStyle w:val="ListNumber"/></w:pPr>', "&amp;", "&#0;", "&#xD800;", "<![CDATA[x]]>", "<!-- -->",
    '<w:ins w:id="1"><w:r><w:t>thêm</w:t></w:r></w:ins>', '<w:del w:id="2"><w:r><w:delText>bỏ</w:delText></w:r></w:del>',
    "\u00ad\u200b\ufeff\uf0b7\u2011", "Ð", unicodedata.normalize("NFD", "Sở Tài chính"),
]
DOCX_PARTS = ["word/document.xml"] * 6 + ["word/numbering.xml", "word/styles.xml", "word/footnotes.xml",
                                          "[Content_Types].xml", "word/_rels/document.xml.rels"]
# "element": a snippet put right after a tag's ">", where a well-formed one keeps the part well-formed (random
# bytes anywhere leave mostly XML that does not parse, and test little more than that)


def _well_formed(snippet: str) -> bool:
    from lxml import etree

    try:
        etree.fromstring(f'<r xmlns:w="{_W}" xmlns:v="urn:schemas-microsoft-com:vml">{snippet}</r>')
        return True
    except etree.XMLSyntaxError:
        return False


BALANCED = [s for s in XML_SNIPPETS if _well_formed(s)]
xml_mutation = st.lists(st.one_of(
    st.tuples(st.just("element"), st.floats(0, 1), st.sampled_from(BALANCED).map(str.encode)),
    st.tuples(st.just("element"), st.floats(0, 1), st.sampled_from(BALANCED).map(str.encode)),
    st.tuples(st.sampled_from(["flip", "delete", "insert", "truncate", "repeat"]), st.floats(0, 1),
              st.one_of(st.binary(min_size=1, max_size=32), st.sampled_from(XML_SNIPPETS).map(str.encode)))),
    min_size=1, max_size=8)


def mutate_package(data: bytes, part: str, ops) -> bytes:
    """``data`` (a ZIP package) with its member ``part`` mutated by ``ops``, written again."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        target = part if part in names else "word/document.xml"
        for name in names:
            member = src.read(name)
            dst.writestr(name, _mutate_xml(member, ops) if name == target else member)
    return out.getvalue()


def _mutate_xml(data: bytes, ops) -> bytes:
    b = bytearray(data)
    for op, where, blob in ops:
        if op == "element":
            i = b.find(b">", int(where * max(0, len(b) - 1)))
            if i >= 0:
                b[i + 1:i + 1] = blob
        else:
            b = bytearray(mutate(bytes(b), [(op, where, blob)]))
    return bytes(b)


@FUZZ
@given(name=st.sampled_from(ODD), ops=mutation, inside=xml_mutation, part=st.sampled_from(DOCX_PARTS),
       where=st.sampled_from(["bytes", "package"]))
def test_mutated_odd_files(name, ops, inside, part, where):
    """The odd files, their bytes mutated (a PDF's content streams are not compressed: mutations reach its
    text operators) or, for a DOCX, one part inside its package."""
    data = odd_files()[name]
    if name.endswith(".docx") and where == "package":
        _run(mutate_package(data, part, inside), "fuzz.docx")
    else:
        _run(mutate(data, ops), "fuzz." + name.rsplit(".", 1)[1])


def test_docx_inputs_fuzzing_found():
    # a footnotes part that is not XML: lxml's XMLSyntaxError escaped the DOCX reader (a traceback)
    _run(mutate_package(odd_files()["text-box-fields.docx"], "word/footnotes.xml", [("flip", 0.0, b"\0")]),
         "found.docx")


def test_the_same_input_gives_the_same_output_in_other_processes():
    """Determinism across processes (string hashing differs from one to the next: a set's order can leak
    into the output): the odd files and the seeds, extracted by two processes with other hash seeds."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from extract.errors import VanbanError\n"
        "from extract.pipeline import extract_bytes\n"
        "out = {}\n"
        "for p in sorted(Path(sys.argv[1]).iterdir()):\n"
        "    try:\n"
        "        out[p.name] = extract_bytes(p.read_bytes(), p.name, ocr='never').dump()\n"
        "    except VanbanError as exc:\n"
        "        out[p.name] = str(exc)\n"
        "print(json.dumps(out, ensure_ascii=False, sort_keys=True))\n")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for name, data in {**odd_files(), **{f"seed.{k}": v for k, v in seeds().items()},
                           "plan.txt": PLAN.encode(), "strange.txt": STRANGE.encode()}.items():
            (Path(folder) / name).write_bytes(data)
        outputs = []
        for hash_seed in ("1", "2"):
            env = {**os.environ, "PYTHONHASHSEED": hash_seed}
            r = subprocess.run([sys.executable, "-c", script, folder], env=env, capture_output=True, timeout=600,
                               cwd=Path(__file__).parent.parent)
            assert r.returncode == 0, r.stderr.decode()[-2000:]
            outputs.append(json.loads(r.stdout))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == len(odd_files()) + len(seeds()) + 2


ADVERSARIAL_TEXTS = [
    "Căn cứ " * 3000, "số " + "1/" * 5000, "(" * 5000 + ")" * 5000, "Quyết định số " * 2000,
    "a" * 200_000, "\n" * 50_000, "- " * 50_000, "Điều 1. " * 5000, "1." * 20_000, "| " * 40_000,
    "ngày 1 tháng 1 năm 2023 " * 2000, "NĐ-CP" * 20_000, "Sở " * 20_000, "Giao Sở " + "và Sở " * 5000,
    "Nghị định số 1/2020/NĐ-CP, " * 3000, "I.\n" * 10_000, "ĐÐ" * 30_000, "\u0301" * 20_000,
]
ADVERSARIAL = st.sampled_from(ADVERSARIAL_TEXTS)


def test_inputs_fuzzing_found():
    # a 20,000-character line without a full stop: the sentence regex backtracked quadratically (> 8 s)
    from pathlib import Path

    data = (Path(__file__).parent / "data" / "fuzz-long-line-without-full-stop.txt").read_bytes()
    _run(data, "found.txt")


@pytest.mark.parametrize("text", ADVERSARIAL_TEXTS, ids=lambda t: repr(t[:12]))
def test_every_adversarial_text(text):
    # "Sở " * 20000 once took 264 s: part-of-speech tagging of a whole "sentence" per unit head
    _run(text.encode(), "adversarial.txt")


@FUZZ
@given(text=st.one_of(st.text(max_size=4000), ADVERSARIAL,
                      st.builds(lambda a, b, c: a + b + c, st.text(max_size=300), ADVERSARIAL, st.text(max_size=300))))
def test_random_and_adversarial_texts(text):
    _run(text.encode("utf-8", "surrogatepass"), "fuzz.txt")


TAGS = ["<p>", "</p>", "<div id='toanvancontent'>", "</div>", "<table>", "<tr>", "<td>", "</td>", "</tr>",
        "</table>", "<br>", "<li>", "<ul>", "<script>", "</script>", "<!--", "-->", "<", ">", "&nbsp;", "&#",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/KH-UBND", "Giao Sở Tài chính chủ trì"]


@FUZZ
@given(soup=st.lists(st.one_of(st.sampled_from(TAGS), st.text(max_size=40)), max_size=400),
       repeat=st.integers(1, 200))
def test_tag_soup(soup, repeat):
    _run(("".join(soup) * repeat).encode("utf-8", "surrogatepass"), "fuzz.html")


@FUZZ
@given(data=st.binary(max_size=4000))
def test_random_bytes(data):
    _run(data, "fuzz.bin")


def test_enough_inputs_were_fuzzed():
    """Last in the file: `make fuzz` asks for at least VANBAN_FUZZ_MIN inputs (hypothesis stops a target
    early when it has tried all it can think of)."""
    want = int(os.environ.get("VANBAN_FUZZ_MIN", "0"))
    if not want:
        pytest.skip("counted under `make fuzz` only")
    print(f"\nfuzzed {RUN['inputs']:,} inputs", flush=True)
    assert RUN["inputs"] >= want, f"only {RUN['inputs']:,} inputs were fuzzed, fewer than {want:,}"
