"""PDF reading on PDFs generated from texts we hold: prose, a task table over several pages,
NFD text, rotated pages, running footers."""

from __future__ import annotations

import unicodedata

import pytest
import regex

from extract.clean import clean
from extract.pdf import drop_running_lines
from extract.pipeline import extract_bytes
from extract.read import read_bytes

from .conftest import CORPUS
from .pdfs import make_pdf, two_column_pdf

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 412/KH-UBND\nNghệ An, ngày 02 tháng 6 năm 2023\n\nKẾ HOẠCH\n"
        "Phát triển cụm công nghiệp năm 2023\n\nCăn cứ Quyết định số 08/2020/QĐ-UBND ngày 05 tháng 02 năm 2020 "
        "của Ủy ban nhân dân tỉnh Nghệ An ban hành Quy định quản lý cụm công nghiệp;\n")
SIGN = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn Đệ"
TABLE = [("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")] + [
    (str(i), f"Rà soát quy hoạch cụm công nghiệp số {i} và đề xuất điều chỉnh", "Sở Công Thương",
     "Sở Tài chính, Sở Xây dựng" if i % 2 else "Sở Tài chính", f"Quý {1 + i % 4} năm 2023") for i in range(1, 41)]


def words(text: str) -> list[str]:
    return regex.findall(r"\w+", unicodedata.normalize("NFC", text))


def test_prose_pdf_reproduces_the_clean_text():
    source = (CORPUS / "seed-003.txt").read_text(encoding="utf-8")
    want = clean(source).text
    raw = read_bytes(make_pdf(want, footer="- {page} -"), "kh.pdf")
    assert raw.source.pages > 3
    got = clean(raw.text).text
    assert words(got) == words(want)  # nothing lost, nothing doubled, page numbers gone
    assert got.count("\n") <= want.count("\n") + 5  # lines broken by the page width are joined again


def test_table_over_pages_comes_out_as_exact_rows():
    raw = read_bytes(make_pdf(HEAD, TABLE, SIGN, col_widths=(10, 60, 40, 40, 35)), "kh.pdf")
    assert raw.source.pages >= 3
    rows = [tuple(c.strip() for c in line.strip("|").split("|")) for line in raw.text.split("\n")
            if line.startswith("|")]
    assert rows == TABLE  # the header once: its repeats on later pages are dropped
    text = clean(raw.text).text
    assert text.index("Căn cứ") < text.index("| TT |") < text.index("| 40 |") < text.index("CHỦ TỊCH")


def test_tasks_from_a_pdf_table_with_pages():
    ex = extract_bytes(make_pdf(HEAD, TABLE, SIGN, col_widths=(10, 60, 40, 40, 35)), "kh.pdf")
    assert len(ex.tasks) == 40
    assert ex.tasks[0].lead == ["Sở Công Thương"] and ex.tasks[0].support == ["Sở Tài chính", "Sở Xây dựng"]
    assert [(d.start, d.end) for d in ex.tasks[0].deadlines] == [("2023-04-01", "2023-06-30")]
    assert ex.tasks[-1].page == ex.source.pages or ex.tasks[-1].page == ex.source.pages - 1
    assert [r.id for r in ex.references] == ["08/2020/QĐ-UBND"]


def test_nfd_text_layer_is_normalised():
    nfd = unicodedata.normalize("NFD", HEAD)
    raw = read_bytes(make_pdf(nfd), "nfd.pdf")
    assert "Quyết định số 08/2020/QĐ-UBND" in clean(raw.text).text


def test_rotated_pages_are_read():
    raw = read_bytes(make_pdf(HEAD, rotate=True), "rot.pdf")
    assert "Số: 412/KH-UBND" in raw.text


def test_running_header_and_footer_lines_are_dropped():
    body = "Điều {i}. Nội dung\nmột dòng\nhai dòng"
    pages = [f"SỞ CÔNG THƯƠNG NGHỆ AN\n{body.format(i=i)}\nTrang {i}/4" for i in range(1, 5)]
    out = drop_running_lines(pages)
    assert out[0] == "Điều 1. Nội dung\nmột dòng\nhai dòng"
    assert drop_running_lines(pages[:2]) == pages[:2]  # two pages: too few to tell
    # a line recurring inside pages is content, not a running line
    starts = ["Căn cứ Luật", "Theo đề nghị", "Điều 2. Giao", "Nơi nhận:"]
    inner = [f"{starts[i]}\nSỞ CÔNG THƯƠNG NGHỆ AN\nmột dòng\nkết thúc {'x' * i}" for i in range(4)]
    assert drop_running_lines(inner) == inner


# -- scanned PDFs ---------------------------------------------------------------------------------

def _needs_ocr():
    import pytest

    from extract import ocr

    if ocr.unavailable():
        pytest.skip(ocr.unavailable())


def test_scanned_plan_reads_like_its_text_layer():
    _needs_ocr()
    source = clean((CORPUS / "seed-004.txt").read_text(encoding="utf-8")).text
    pdf = make_pdf(source)
    from .pdfs import scan

    text_layer = extract_bytes(pdf, "kh.pdf")
    scanned = extract_bytes(scan(pdf, noise=0.003), "kh-scan.pdf")
    assert scanned.source.ocr and scanned.source.ocr_pages == list(range(1, scanned.source.pages + 1))
    assert not text_layer.source.ocr
    key = lambda r: (r.id, r.date, r.relation)  # noqa: E731
    assert sorted(map(key, scanned.references)) == sorted(map(key, text_layer.references))
    tasks = lambda ex: [(t.section, t.lead, t.support) for t in ex.tasks]  # noqa: E731
    same = [t for t in tasks(text_layer) if t in tasks(scanned)]
    assert len(same) >= len(text_layer.tasks) - 1 and len(text_layer.tasks) >= 6


def test_scanned_pdf_without_ocr_says_so(monkeypatch):
    import pytest

    from extract import ocr
    from extract.errors import ReadError

    from .pdfs import scan

    pdf = scan(make_pdf(HEAD), dpi=100)
    with pytest.raises(ReadError, match="no text layer .*--ocr auto"):
        read_bytes(pdf, "scan.pdf", ocr="never")
    monkeypatch.setattr(ocr, "unavailable", lambda: "OCR needs Tesseract (Debian packages tesseract-ocr …)")
    with pytest.raises(ReadError, match="no text layer \\(scanned pages\\) and OCR needs Tesseract"):
        read_bytes(pdf, "scan.pdf")
    with pytest.raises(ReadError, match="OCR was asked for but"):
        read_bytes(make_pdf(HEAD), "text.pdf", ocr="always")
    assert "412/KH-UBND" in read_bytes(make_pdf(HEAD), "text.pdf", ocr="auto").text  # a text layer needs none


def test_ocr_fixes_from_the_rules():
    from extract import ocr, rules

    for fix in rules.load("ocr")["fixes"]:
        for misread, fixed in fix["examples"]:
            assert ocr.fix(misread) == fixed, fix["name"]
    assert ocr.fix("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích") == "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích"


HEADER = (["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "-------", "Số: 412/KH-UBND"],
          ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------",
           "Nghệ An, ngày 02 tháng 6 năm 2023"])
BODY = ("KẾ HOẠCH\nThực hiện chuyển đổi số năm 2023\n"
        "Căn cứ Quyết định số 08/2020/QĐ-UBND ngày 05/02/2020 của UBND tỉnh;\n"
        "1. Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Tài chính triển khai, hoàn thành "
        "trước ngày 30/9/2023.")
SIGNATURE = (["Nơi nhận:", "- Bộ Thông tin và Truyền thông;", "- Các sở, ban, ngành;", "- Lưu: VT."],
             ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Lê Hồng Vinh"])


@pytest.mark.parametrize("by_lines", [False, True], ids=["column after column", "line by line"])
def test_header_and_signature_blocks_come_out_column_after_column(by_lines):
    data = two_column_pdf(HEADER, BODY, SIGNATURE, by_lines=by_lines)
    lines = read_bytes(data, "plan.pdf").text.splitlines()
    blocks = [*HEADER[0], *HEADER[1], *BODY.splitlines()[:3]]
    assert lines[:len(blocks)] == blocks
    assert lines[-8:] == [*SIGNATURE[0], *[x for x in SIGNATURE[1] if x]]
    d = extract_bytes(data, "plan.pdf").dump()["document"]
    assert (d["issuer"], d["number"], d["place"], d["date"], d["title"]) == (
        "Ủy ban nhân dân tỉnh Nghệ An", "412/KH-UBND", "Nghệ An", "2023-06-02", "Thực hiện chuyển đổi số năm 2023")
    assert d["signer"] == {"name": "Lê Hồng Vinh", "position": "Phó Chủ tịch"}
    assert d["recipients"] == ["Bộ Thông tin và Truyền thông", "Các sở, ban, ngành"]


# -- ruled tables from PDFium's path objects (issue 15) -------------------------------------------

TASK_HEADER = ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
WIDTHS = (10, 70, 40, 45, 25)


def _task(i: int) -> tuple[str, ...]:
    return (str(i), f"Rà soát, đánh giá tình hình thực hiện quy hoạch cụm công nghiệp số {i} và đề xuất điều chỉnh, "
            "bổ sung cho phù hợp với thực tiễn", "Sở Công Thương",
            "Sở Tài chính, Sở Xây dựng, Sở Nông nghiệp và Môi trường" if i % 2 else "Sở Tài chính", f"Quý {1 + i % 4} năm 2025")


def _group(title: str) -> tuple:
    return ((title, 5, 1),)  # a heading over the whole row


def _led(first: int) -> list[tuple]:
    """Four tasks, the first three led by one unit (a cell over three rows), the first two with one
    support cell over both."""
    return [(str(first), "Xây dựng kế hoạch chuyển đổi số và tổ chức triển khai thực hiện",
             ("Sở Khoa học và Công nghệ", 1, 3), ("Các sở, ban, ngành; UBND các xã, phường", 1, 2), "Tháng 6/2025"),
            (str(first + 1), "Đánh giá kết quả thực hiện và báo cáo UBND tỉnh", "Tháng 9/2025"),
            (str(first + 2), "Tổng hợp đề xuất nhiệm vụ năm sau", "Sở Tài chính", "Tháng 11/2025"),
            (str(first + 3), "Kiểm tra việc thực hiện kế hoạch tại các địa phương", "Thanh tra tỉnh", "Sở Nội vụ", "Hằng năm")]


def _places(rows: list[tuple]) -> list[tuple[str, ...]]:
    """The rows a reader gives for a table with merged cells: the text of a merged cell in its
    first place and in each row below that it covers (a lead unit over the tasks it leads, as a
    Word table gives it), the places it covers to the right empty."""
    covered: dict[tuple[int, int], str] = {}
    out = []
    for r, row in enumerate(rows):
        cells, specs = [], iter(row)
        while len(cells) < len(TASK_HEADER):
            if (r, len(cells)) in covered:
                cells.append(covered[(r, len(cells))])
                continue
            spec = next(specs)
            text, across, down = spec if isinstance(spec, tuple) else (spec, 1, 1)
            covered |= {(r + dr, len(cells) + dc): text if dc == 0 and r > 0 else ""
                        for dr in range(down) for dc in range(across)}
            cells += [text] + [""] * (across - 1)
        out.append(tuple(cells))
    return out


RULED = {  # id: (rows, ruled_pdf options)
    "cell rectangles": ([TASK_HEADER] + [_task(i) for i in range(1, 41)], {}),
    "shaded header": ([TASK_HEADER] + [_task(i) for i in range(1, 41)], {"shaded": True}),
    "group rows": ([TASK_HEADER, _group("I. NHIỆM VỤ CHUNG")] + [_task(i) for i in range(1, 7)]
                   + [_group("II. NHIỆM VỤ CỤ THỂ")] + [_task(i) for i in range(7, 31)], {}),
    "a lead over several tasks": ([TASK_HEADER] + [r for k in range(12) for r in _led(1 + 4 * k)], {}),
    "both, shaded": ([TASK_HEADER, _group("I. NHIỆM VỤ TRỌNG TÂM")] + _led(1) + _led(5)
                     + [_group("II. NHIỆM VỤ THƯỜNG XUYÊN")] + [r for k in range(2, 12) for r in _led(1 + 4 * k)],
                     {"shaded": True}),
    "landscape, small print": ([TASK_HEADER] + [_task(i) for i in range(1, 61)],
                               {"landscape": True, "font_size": 8, "col_widths": (10, 110, 50, 60, 30)}),
}


def _pipe_rows(text: str) -> list[tuple[str, ...]]:
    return [tuple(c.strip() for c in line.strip()[1:-1].split("|")) for line in text.split("\n") if line.startswith("|")]


@pytest.mark.parametrize("name", RULED)
def test_ruled_table_over_pages_comes_out_as_its_rows(name):
    from .pdfs import ruled_pdf

    rows, options = RULED[name]
    raw = read_bytes(ruled_pdf(HEAD, rows, SIGN, **{"col_widths": WIDTHS, **options}), "kh.pdf")
    assert raw.source.pages >= 3
    assert _pipe_rows(raw.text) == _places(rows)  # the header once; a cell merged down in each of its rows
    text = clean(raw.text).text
    assert text.index("Căn cứ") < text.index("| TT |") < text.index("CHỦ TỊCH")


def _plumber_rows(data: bytes) -> list[tuple[str, ...]]:
    """The rows pdfplumber's table finder gives (the reader before issue 15), its header repeats dropped."""
    import io

    import pdfplumber

    from extract.pdf import _cell, _filled_down, _plumber_downs

    out: list[tuple[str, ...]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            tables = sorted((t for t in page.find_tables() if len(t.rows[0].cells) >= 2), key=lambda t: t.bbox[1])
            for table in tables:
                rows = [tuple(_cell(c) for c in row) for row in _filled_down(table.extract(), _plumber_downs(table))]
                out += [r for r in rows if any(r) and not (out and r == out[0])]
    return out


def _in_a_form(data: bytes) -> bytes:
    """Each page of ``data`` drawn, scaled, as a form XObject on a new page — as imposition and
    print-to-PDF tools write pages."""
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    src, dst = pdfium.PdfDocument(data), pdfium.PdfDocument.new()
    for i in range(len(src)):
        xobject = pdfium_c.FPDF_NewXObjectFromPage(dst.raw, src.raw, i)
        page = dst.new_page(595, 842)
        form = pdfium_c.FPDF_NewFormObjectFromXObject(xobject)
        pdfium_c.FPDFPageObj_Transform(form, 0.8, 0, 0, 0.8, 40, 60)
        pdfium_c.FPDFPage_InsertObject(page.raw, form)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
        pdfium_c.FPDF_CloseXObject(xobject)
    buf = io.BytesIO()
    dst.save(buf)
    return buf.getvalue()


def _hand_ruled(cells: bytes) -> bytes:
    """A two-column grid drawn with stroked lines around ``cells`` (a content stream of text)."""
    from .pdfs import raw_pdf

    lines = b"".join(b"72 %d m 500 %d l S " % (y, y) for y in (700, 660, 560))
    lines += b"".join(b"%d 700 m %d 560 l S " % (x, x) for x in (72, 286, 500))
    return raw_pdf(lines + cells)


def _ruled(rows: list[tuple], **options) -> bytes:
    from .pdfs import ruled_pdf

    return ruled_pdf(HEAD, rows, SIGN, **{"col_widths": WIDTHS, **options})


FEW = [TASK_HEADER] + [_task(i) for i in range(1, 13)]
SAME_AS_PDFPLUMBER = {  # id: a PDF with ruled tables
    "make_pdf": lambda: make_pdf(HEAD, TABLE, SIGN, col_widths=(10, 60, 40, 40, 35)),
    "merged cells": lambda: _ruled(RULED["both, shaded"][0], shaded=True),
    "inner rulings only": lambda: _ruled(FEW, borders="INTERNAL"),
    "no horizontal rulings": lambda: _ruled(FEW, borders="NO_HORIZONTAL_LINES"),
    "in a form XObject": lambda: _in_a_form(_ruled(FEW)),
    "rotated pages": lambda: make_pdf(HEAD, TABLE[:12], SIGN, col_widths=(10, 60, 40, 40, 35), rotate=True),
    # PDFium joins a word hyphenated at a cell's line end into one (U+FFFE where the hyphen was)
    "a hyphen at a line's end": lambda: _hand_ruled(
        b"BT /F1 11 Tf 80 680 Td (Noi dung) Tj ET BT /F1 11 Tf 300 680 Td (Co quan chu tri) Tj ET "
        b"BT /F1 11 Tf 80 640 Td (Ra soat quy hoach phat-) Tj ET BT /F1 11 Tf 80 626 Td (trien cong nghiep) Tj ET "
        b"BT /F1 11 Tf 300 640 Td (So Ke hoach) Tj ET BT /F1 11 Tf 300 626 Td (va Dau tu) Tj ET"),
    # a line of text over the ruling between two cells: each character to the cell holding its middle
    "text over a ruling": lambda: _hand_ruled(
        b"BT /F1 12 Tf 80 680 Td (Quyet dinh so 57/QD-UBND ngay 25/01/2024) Tj ET "
        b"BT /F1 12 Tf 80 640 Td (Ra soat van ban) Tj ET BT /F1 12 Tf 300 640 Td (So Tai chinh) Tj ET"),
}


@pytest.mark.parametrize("name", SAME_AS_PDFPLUMBER)
def test_ruled_tables_give_the_rows_pdfplumber_gives(name):
    data = SAME_AS_PDFPLUMBER[name]()
    want = _plumber_rows(data)
    assert want, "the case must hold a table pdfplumber finds"
    assert _pipe_rows(read_bytes(data, "kh.pdf").text) == want


# a grid of two columns (x 72 | 286 | 500) and two rows (y 700 | 660 | 620), as segments
_OUTER = [((72, 700), (500, 700)), ((72, 620), (500, 620)), ((72, 700), (72, 620)), ((500, 700), (500, 620))]
_MIDDLE_H = [((72, 660), (286, 660)), ((286, 660), (500, 660))]
_MIDDLE_V = [((286, 700), (286, 660)), ((286, 660), (286, 620))]
GRIDS = {  # id: (segments, the rows' places — True for a cell's first place, None for a covered one)
    "two by two": (_OUTER + _MIDDLE_H + _MIDDLE_V, [[[True, True], [True, True]]]),
    "merged across": (_OUTER + _MIDDLE_H + _MIDDLE_V[1:], [[[True, None], [True, True]]]),
    "merged down": (_OUTER + _MIDDLE_H[1:] + _MIDDLE_V, [[[True, True], [None, True]]]),
    "one box": (_OUTER, []),  # one cell is no table
    "open at the right": (_OUTER[:3] + _MIDDLE_H + _MIDDLE_V, [[[True], [True]]]),
}


def _draw(segments, style: str) -> bytes:
    if style == "stroked lines":
        return b"".join(b"%d %d m %d %d l S " % (*a, *b) for a, b in segments)
    if style == "thin filled rectangles":  # as word processors draw borders
        return b"".join(b"%.1f %.1f %.1f %.1f re f " % (min(a[0], b[0]) - 0.3, min(a[1], b[1]) - 0.3,
                                                        abs(b[0] - a[0]) + 0.6, abs(b[1] - a[1]) + 0.6)
                        for a, b in segments)
    return b"".join(b"%d %d m %d %d l " % (*a, *b) for a, b in segments) + b"S "  # one path of many lines


@pytest.mark.parametrize("style", ["stroked lines", "thin filled rectangles", "one path"])
@pytest.mark.parametrize("name", GRIDS)
def test_grids_from_path_objects(name, style):
    import pypdfium2 as pdfium

    from extract import ruling

    from .pdfs import raw_pdf

    segments, places = GRIDS[name]
    doc = pdfium.PdfDocument(raw_pdf(_draw(segments, style)))
    grids = ruling.grids(ruling.rulings(doc[0]))
    assert [[[True if k is not None else None for k in row] for row in g.rows] for g in grids] == places
    for g in grids:
        assert g.bbox == pytest.approx((72, -700, 500, -620) if name != "open at the right" else (72, -700, 286, -620),
                                       abs=0.5)
