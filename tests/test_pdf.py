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
