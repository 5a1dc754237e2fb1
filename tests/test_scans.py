"""Scans of issued documents (issue 13): printed as offices print them — two-column header and
signature block, a red seal and a blue signature over the signer's position, a number written in
blue ink —, scanned in colour with noise and skew, read by OCR, and held to what the same document
gives as a clean text: document fields exact, reference id + date F1 ≥ 0.95, the same tasks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extract.pipeline import extract_bytes

from .pdfs import colour_scan, issued_pdf, scan

DOCS = yaml.safe_load((Path(__file__).parent / "data" / "issued-scans.yaml").read_text(encoding="utf-8"))


def _needs_ocr():
    from extract import ocr

    if ocr.unavailable():
        pytest.skip(ocr.unavailable())


def _as_text(doc: dict) -> str:
    """The document as a clean text would give it: header lines, heading, body, signature."""
    left, right = doc["header"]
    number = [t.replace("Số:        /", f"Số: {doc['ink']}/") if doc.get("ink") else t for t in left]
    lines = [*number[:3], *right, *number[3:], *doc["heading"], *doc["body"], *doc["signature"][0],
             *doc["signature"][1]]
    return "\n".join(lines) + "\n"


def _pdf(doc: dict) -> bytes:
    return issued_pdf(tuple(doc["header"]), doc["heading"], doc["body"], tuple(doc["signature"]), ink=doc.get("ink"))


@pytest.fixture(scope="module", params=DOCS, ids=lambda d: d["name"])
def read(request):
    _needs_ocr()
    doc = request.param
    text = extract_bytes(_as_text(doc).encode(), f"{doc['name']}.txt")
    scanned = extract_bytes(colour_scan(_pdf(doc)), f"{doc['name']}-scan.pdf")
    return doc, text, scanned


def test_the_text_version_gives_the_fields(read):
    doc, text, _ = read
    got = text.dump()["document"]
    for key, want in doc["fields"].items():
        assert got[key] == want, key


def test_a_scan_gives_the_document_fields_exactly(read):
    doc, _, scanned = read
    assert scanned.source.ocr
    got = scanned.dump()["document"]
    for key, want in doc["fields"].items():
        assert got[key] == want, key


def test_a_scan_gives_the_references_of_the_text(read):
    _, text, scanned = read
    want = [(r.id, r.date) for r in text.references]
    got = [(r.id, r.date) for r in scanned.references]
    tp = sum(min(want.count(k), got.count(k)) for k in set(want))
    f1 = 2 * tp / (len(want) + len(got))
    assert len(want) >= 3 and f1 >= 0.95, (want, got)
    assert [r.relation for r in scanned.references] == [r.relation for r in text.references]


def test_a_scan_gives_the_tasks_of_the_text(read):
    _, text, scanned = read
    key = lambda ex: [(t.lead, t.support, [d.end for d in t.deadlines]) for t in ex.tasks]  # noqa: E731
    assert len(text.tasks) >= 2
    assert key(scanned) == key(text)


def test_the_seal_over_the_position_is_not_read():
    """The red seal lies over the signer's position: read in grey it hides the words; the red
    channel with reddish pixels whitened leaves black print and blue ink."""
    from PIL import Image, ImageDraw

    from extract.ocr import prepared

    page = Image.new("RGB", (200, 60), (250, 250, 246))
    draw = ImageDraw.Draw(page)
    draw.rectangle((10, 10, 60, 30), fill=(10, 10, 10))  # print
    draw.rectangle((70, 10, 120, 30), fill=(25, 45, 160))  # blue ink
    draw.ellipse((130, 5, 190, 55), fill=(215, 35, 40))  # the seal
    grey = prepared(page)
    assert grey.getpixel((35, 20)) < 60 and grey.getpixel((95, 20)) < 100
    assert grey.getpixel((160, 30)) > 230


BODY = ("Về việc thành lập Tổ công tác chuyển đổi số\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;\n"
        "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;\n"
        "Điều 1. Thành lập Tổ công tác chuyển đổi số của tỉnh.\n")


def test_a_number_and_a_day_written_in_after_printing_are_read_from_the_page():
    """The text layer says ``Số:          /QĐ-UBND`` and ``ngày         tháng 9``; the page shows 1234 and
    11 written in (issue 13): the gaps are read by OCR, and ``source`` says which fields were."""
    _needs_ocr()
    from .pdfs import stamped_pdf

    ex = extract_bytes(stamped_pdf(BODY, number="1234", day="11"), "qd.pdf")
    assert (ex.document.number, ex.document.date) == ("1234/QĐ-UBND", "2025-09-11")
    assert ex.source.ocr_fields == ["number", "date"] and not ex.source.ocr
    assert ex.dump()["source"]["ocr_fields"] == ["number", "date"]
    assert "749/QĐ-TTG" in [r.id for r in ex.references]


def test_a_gap_with_no_marks_is_a_blank_kept_as_written():
    _needs_ocr()
    from .pdfs import stamped_pdf

    ex = extract_bytes(stamped_pdf(BODY, number=None, day=None), "qd-draft.pdf")
    assert (ex.document.number, ex.document.date) == ("/QĐ-UBND", None)
    assert ex.source.ocr_fields == [] and "ocr_fields" not in ex.dump()["source"]


def test_a_page_scanned_upside_down_is_read_upright():
    # issue 16: a sheet fed into the scanner the wrong way round reads as nonsense; Tesseract's orientation
    # detection turns it, and it gives what the upright scan gives
    _needs_ocr()
    doc = DOCS[0]
    upright = extract_bytes(scan(_pdf(doc), angle=0.4), "upright.pdf")
    turned = extract_bytes(scan(_pdf(doc), angle=180.4), "turned.pdf")
    assert turned.source.ocr and turned.document.number == upright.document.number == doc["fields"]["number"]
    assert [(r.id, r.date) for r in turned.references] == [(r.id, r.date) for r in upright.references]
    assert [(t.lead, [d.end for d in t.deadlines]) for t in turned.tasks] == \
        [(t.lead, [d.end for d in t.deadlines]) for t in upright.tasks]
