"""Hostile files: each fails alone with a one-line error naming it and the reason, within limits."""

from __future__ import annotations

import io
import zipfile

import pypdfium2 as pdfium
import pytest

from extract import limits
from extract.errors import ReadError
from extract.pipeline import extract_bytes
from extract.read import read_bytes

from .conftest import run_cli
from .pdfs import make_pdf, raw_pdf


def _blank_pages(n: int) -> bytes:
    doc = pdfium.PdfDocument.new()
    for _ in range(n):
        doc.new_page(595, 842)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _one_line(exc: pytest.ExceptionInfo, name: str) -> str:
    message = str(exc.value)
    assert "\n" not in message and message.startswith(name + ": ")
    return message


def test_zero_pages():
    with pytest.raises(ReadError) as exc:
        read_bytes(_blank_pages(0), "empty.pdf")
    assert "no pages" in _one_line(exc, "empty.pdf")


def test_five_thousand_pages():
    with pytest.raises(ReadError) as exc:
        read_bytes(_blank_pages(5000), "huge.pdf")
    assert "too many pages (5,000; the limit is 2,000" in _one_line(exc, "huge.pdf")


def test_a_page_with_a_million_glyphs():
    pdf = raw_pdf(b"BT /F1 1 Tf 10 10 Td " + b"(xxxxxxxxxx) Tj " * 100_000 + b"ET")
    with pytest.raises(ReadError) as exc:
        read_bytes(pdf, "dense.pdf")
    assert "page 1 has 1,000,000 characters" in _one_line(exc, "dense.pdf")


def test_hand_written_pdf_reads():
    pdf = raw_pdf(b"BT /F1 12 Tf 72 700 Td (Quyet dinh so 57/QD-UBND ngay 25/01/2024) Tj ET")
    assert "57/QD-UBND" in read_bytes(pdf, "ok.pdf").text


def test_docx_decompression_bomb():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (80 * 1024 * 1024) + b"</w:document>")
    assert len(buf.getvalue()) < 1024 * 1024
    with pytest.raises(ReadError) as exc:
        read_bytes(buf.getvalue(), "bomb.docx")
    assert "decompression bomb" in _one_line(exc, "bomb.docx")


def test_time_limit_per_file(monkeypatch):
    monkeypatch.setattr(limits, "TIME_LIMIT", 0)
    with pytest.raises(ReadError) as exc:
        extract_bytes(make_pdf("Căn cứ Quyết định số 57/QĐ-UBND ngày 25/01/2024;\n" * 3), "slow.pdf")
    assert "took longer than the per-file limit of 0 s" in _one_line(exc, "slow.pdf")
    limits.check()  # outside a file's budget nothing is limited


def test_batch_goes_on_past_hostile_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-huge.pdf").write_bytes(_blank_pages(2100))
    (folder / "b-dense.pdf").write_bytes(raw_pdf(b"BT /F1 1 Tf 10 10 Td " + b"(xxxxxxxxxx) Tj " * 20_000 + b"ET"))
    (folder / "c-good.txt").write_text("Căn cứ Nghị định số 59/2019/NĐ-CP ngày 01/7/2019 của Chính phủ;\n",
                                       encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'v.db'}"
    r = run_cli("ingest", str(folder), "--db", db)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "a-huge.pdf: too many pages" in err and "b-dense.pdf: page 1 has" in err
    assert "ingested 1," in r.stdout.decode() and "failed 2" in r.stdout.decode()
