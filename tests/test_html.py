"""HTML pages saved from portals: the document's body, its tables as pipe rows, nothing else."""

from __future__ import annotations

import time

from extract.html import html_text
from extract.pipeline import extract, extract_bytes
from extract.read import read_bytes

from .conftest import ROOT

PAGE = ROOT / "tests" / "data" / "portal-page.html"


def test_portal_page_gives_the_document_and_nothing_of_the_site():
    text = read_bytes(PAGE.read_bytes(), PAGE.name).text
    for debris in ("Trang chủ", "Trung ương", "Thuộc tính", "Văn bản liên quan", "999/QĐ-UBND", "Bản quyền",
                   "var menu", "margin"):
        assert debris not in text, debris
    lines = text.splitlines()
    # the header block: issuer, motto, number, place and date — each on lines of its own, in order
    assert lines[:8] == ["ỦY BAN NHÂN DÂN", "HUYỆN ĐÔNG HÒA", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "---------------", "Số: 88/KH-UBND",
                         "Đông Hòa, ngày 14 tháng 3 năm 2025"]
    # the data table: one row per <tr>, a cell's lines and paragraphs joined, &nbsp; a space
    rows = [line for line in lines if line.startswith("|")]
    assert rows == [
        "| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |",
        "| 1 | Rà soát, cập nhật\xa0danh mục dịch vụ công trực tuyến | Văn phòng HĐND và UBND huyện "
        "| Các phòng, ban chuyên môn | Tháng 6/2025 |",
        "| 2 | Tổ chức tập huấn kỹ năng số cho cán bộ | Phòng Nội vụ |  | Quý III/2025 |",  # as PDF, DOCX
    ]
    # the signature table is layout: its cells are blocks
    assert "Nơi nhận:" in lines and "TM. ỦY BAN NHÂN DÂN" in lines and lines[-1] == "Nguyễn Văn An"


def test_portal_page_extracts_like_a_document():
    d = extract(PAGE).dump()
    doc = d["document"]
    assert (doc["type"], doc["number"], doc["date"], doc["issuer"], doc["title"]) == (
        "ke_hoach", "88/KH-UBND", "2025-03-14", "Ủy ban nhân dân huyện Đông Hòa",
        "Triển khai chuyển đổi số trên địa bàn huyện năm 2025")
    assert doc["signer"] == {"name": "Nguyễn Văn An", "position": "Chủ tịch"}
    assert [(r["id"], r["relation"]) for r in d["references"]] == [("412/QĐ-UBND", "based_on")]
    tasks = [(t["lead"], t["support"], [x["end"] for x in t["deadlines"]]) for t in d["tasks"]]
    assert tasks == [
        (["Văn phòng HĐND và UBND huyện"], ["Các phòng, ban chuyên môn"], ["2025-06-30"]),
        (["Phòng Nội vụ"], [], ["2025-09-30"]),
        (["Phòng Văn hóa và Thông tin"], [], ["2025-12-15"]),
    ]


def test_without_a_known_container_the_block_around_the_motto_is_the_document():
    menu = "".join(f"<li><a href='/{i}'>Thủ tục hành chính số {i} của tỉnh</a></li>" for i in range(60))
    page = f"""<html><body><div class="menu-trai"><ul>{menu}</ul></div>
    <div class="noi-dung-chinh"><div class="tieu-de">Chi tiết văn bản</div>
    <div class="noidung">
    <p>SỞ Y TẾ</p><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>Độc lập - Tự do - Hạnh phúc</p>
    <p>Số: 12/CV-SYT</p><p>Bình Định, ngày 02 tháng 4 năm 2025</p>
    <p>{"Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư; " * 8}</p>
    <p>Giao Trung tâm Kiểm soát bệnh tật tỉnh chủ trì, báo cáo trước ngày 30/6/2025.</p></div>
    <div class="chia-se">Chia sẻ: Facebook Zalo</div></div></body></html>"""
    text = html_text(page)
    assert text.startswith("SỞ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "Thủ tục hành chính" not in text and "Chi tiết văn bản" not in text and "Zalo" not in text
    assert text.endswith("báo cáo trước ngày 30/6/2025.")


def test_unclosed_tags_nested_lists_and_a_table_framing_the_page():
    page = """<table><tr><td>
      <p>Nội dung thứ nhất<p>Nội dung thứ hai
      <ul><li>Một<li>Hai<ul><li>Hai a<li>Hai b</ul><li>Ba</ul>
      <table border=1><tr><td>1<td>Sở Tài chính<td>Quý I<tr><td>2<td>Sở Nội vụ<td>Quý II</table>
    </td></tr></table>"""
    assert html_text(page).splitlines() == [
        "Nội dung thứ nhất", "Nội dung thứ hai", "Một", "Hai", "Hai a", "Hai b", "Ba",
        "| 1 | Sở Tài chính | Quý I |", "| 2 | Sở Nội vụ | Quý II |",
    ]


def test_hostile_html_is_read_quickly():
    deep = "<div>" * 100_000 + "Căn cứ Luật Ban hành văn bản quy phạm pháp luật" + "</div>" * 100_000
    wide = "<table>" + "<tr><td>x<td>y" * 20_000 + "</table>"
    for page in (deep, wide, "<p" * 50_000, "<!--" + "-" * 100_000, "&#" * 50_000):
        t = time.monotonic()
        extract_bytes(page.encode(), "hostile.html")
        assert time.monotonic() - t < 30
