"""PDF reading on PDFs generated from texts we hold: prose, a task table over several pages,
NFD text, rotated pages, running footers."""

from __future__ import annotations

import unicodedata

import regex

from extract.clean import clean
from extract.pdf import drop_running_lines
from extract.pipeline import extract_bytes
from extract.read import read_bytes

from .conftest import CORPUS
from .pdfs import make_pdf

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
