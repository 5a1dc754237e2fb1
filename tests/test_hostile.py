"""Hostile files: each fails alone with a one-line error naming it and the reason, within limits."""

from __future__ import annotations

import io
import textwrap
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


def _in_a_thread(work) -> dict:
    """Run ``work`` in a thread other than the main one (as a Dask worker runs extraction): what it
    returned or the error it raised."""
    import threading

    out: dict = {}

    def run():
        try:
            out["value"] = work()
        except Exception as exc:  # noqa: BLE001 - the test reads it
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(120)  # a bound for a loaded machine: the limit stops it a second past 1 s
    assert not thread.is_alive(), "the per-file limit never fired"
    return out


def test_time_limit_stops_a_stage_that_never_checks_in_a_worker_thread():
    # issue 16: in a Dask worker's thread no alarm can fire; a loop that never reaches limits.check()
    # ran on past the limit. A timer now raises in that thread
    def spin():
        with limits.budget("loop.txt", 1):
            n = 0
            while True:
                n += 1

    out = _in_a_thread(spin)
    assert isinstance(out.get("error"), ReadError)
    assert str(out["error"]) == "loop.txt: took longer than the per-file limit of 1 s (VANBAN_TIME_LIMIT)"


def test_a_file_done_in_time_leaves_its_thread_alone():
    import time

    def quick():
        with limits.budget("quick.txt", 0.2):
            pass
        time.sleep(2)  # past the limit and its second: nothing may be raised here
        return "ok"

    assert _in_a_thread(quick) == {"value": "ok"}


def test_a_fired_limit_leaves_the_interpreter_as_it_found_it():
    # CI hung here: the timer took its exception back with PyThreadState_SetAsyncExc(NULL), which leaves
    # CPython 3.11's eval breaker set for good; a function profiled afterwards (sys.setprofile, as
    # test_hostile_text_work_grows_linearly counts calls) never returned. Run apart, so a hang is an error
    import subprocess
    import sys

    script = textwrap.dedent("""
        import sys, threading
        from extract import limits
        from extract.errors import ReadError

        def spin():
            try:
                with limits.budget("loop.txt", 0.1):
                    while True:
                        pass
            except ReadError:
                print("stopped")

        thread = threading.Thread(target=spin)
        thread.start()
        thread.join()
        calls = []
        sys.setprofile(lambda frame, event, arg: calls.append(event))
        sum(len(str(i)) for i in range(1000))
        sys.setprofile(None)
        print("profiled", len(calls) > 1000)
    """)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert r.stdout.split() == ["stopped", "profiled", "True"], r.stderr


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


def _boxed_pdf(boxes: bytes, *, ruled: bool) -> bytes:
    """A one-page PDF with the page boxes ``boxes`` written by hand (pdf.js's ``boundingBox_invalid.pdf``
    is of this kind); ``ruled``: with a ruled table, so that pdfplumber reads the page too."""
    import zlib

    rules = b"".join(b"72 %d m 500 %d l S 72 %d m 72 %d l S 500 %d m 500 %d l S " % (y, y, y, y - 40, y, y - 40)
                     for y in (700, 660, 620)) + b"286 700 m 286 580 l S 72 580 m 500 580 l S " if ruled else b""
    text = (b"BT /F1 12 Tf 80 680 Td (Quyet dinh so 57/QD-UBND ngay 25/01/2024) Tj ET "
            b"BT /F1 12 Tf 80 640 Td (Ra soat van ban) Tj ET BT /F1 12 Tf 300 640 Td (So Tai chinh) Tj ET")
    stream = zlib.compress(rules + text)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R " + boxes + b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
               b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


INVALID_BOXES = [
    b"/MediaBox [0 0 595 842] /CropBox [700 900 1000 1200]",  # the crop box beside the page: no visible area
    b"/MediaBox [0 0 595 842] /CropBox [0 -842 595 0]",  # below it
    b"/MediaBox [0 0 595 842] /CropBox [0 0 595]",  # three numbers
    b"/MediaBox [0 0 0 0]",
    b"/MediaBox [595 842 0 0] /CropBox [-100 -100 1000 1000]",  # corners swapped, crop box larger
]


@pytest.mark.parametrize("ruled", [False, True], ids=["text", "table"])
@pytest.mark.parametrize("boxes", INVALID_BOXES)
def test_pdf_with_invalid_page_boxes_reads(boxes, ruled):
    text = read_bytes(_boxed_pdf(boxes, ruled=ruled), "boxes.pdf").text
    assert "57/QD-UBND" in text and "So Tai chinh" in text


def test_pdf_with_invalid_page_boxes_in_the_commands(tmp_path):
    for n, boxes in enumerate(INVALID_BOXES):
        (tmp_path / f"boxes-{n}.pdf").write_bytes(_boxed_pdf(boxes, ruled=n % 2 == 1))
    r = run_cli("extract", str(tmp_path / "boxes-0.pdf"))
    assert r.returncode == 0 and r.stderr == b"", r.stderr
    r = run_cli("ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'v.db'}", "-q")
    assert r.returncode == 0 and r.stderr == b"", r.stderr


def test_text_over_the_size_limit_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(limits, "MAX_BYTES", 10_000)
    text = "Căn cứ Nghị định số 59/2019/NĐ-CP ngày 01/7/2019 của Chính phủ;\n" * 200
    with pytest.raises(ReadError) as exc:
        read_bytes(text.encode(), "big.txt")
    assert "too much text (" in _one_line(exc, "big.txt") and "VANBAN_MAX_BYTES" in str(exc.value)
    with pytest.raises(ReadError, match="too much text"):
        read_bytes(make_pdf(text[:20_000]), "big.pdf")
    assert read_bytes(text[:5_000].encode(), "small.txt").text
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("VANBAN_MAX_BYTES", "10000")
    r = run_cli("extract", str(path))
    err = r.stderr.decode().strip()
    assert r.returncode == 1 and len(err.splitlines()) == 1 and "big.txt: too much text" in err, err


HOSTILE_TEXTS = {  # issue 16, finding 3: each ran for minutes past the per-file limit
    "nested.txt": "Thực hiện " + "(Nghị định số 59/2019/NĐ-CP " * 50_000 + ")" * 50_000,
    "one-line.txt": "Căn cứ Quyết định Nghị định số Thông tư ngày tháng năm của UBND tỉnh " * 70_000,
    "units.txt": "Sở Nội vụ, " * 200_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXTS))
def test_hostile_text_answers_within_the_per_file_limit(tmp_path, monkeypatch, name):
    import json

    path = tmp_path / name
    path.write_text(HOSTILE_TEXTS[name], encoding="utf-8")
    monkeypatch.setenv("VANBAN_TIME_LIMIT", "2")
    r = run_cli("extract", str(path))  # run_cli gives up (and the test fails) after 300 s
    err = r.stderr.decode().strip()
    if r.returncode == 0:
        assert json.loads(r.stdout)["source"]["path"] == str(path)
    else:
        assert r.returncode == 1 and len(err.splitlines()) == 1, err
        assert f"{name}: took longer than the per-file limit of 2 s" in err


def test_a_stage_that_never_reaches_a_check_is_stopped(monkeypatch):
    monkeypatch.setattr(limits, "TIME_LIMIT", 1)
    with pytest.raises(ReadError) as exc:
        extract_bytes(HOSTILE_TEXTS["nested.txt"].encode(), "nested.txt")
    assert "took longer than the per-file limit of 1 s" in _one_line(exc, "nested.txt")


# -- the work these texts take grows linearly (issue 16, finding 3) ---------------------------------------
# Counted, not timed: every Python function call and every call into C (each regex match or search is one)
# while one text is extracted — a deterministic measure. A text 4 times as long may take at most 5 times the
# calls; the quadratic loops these texts found took 13 to 15 times as many.

GROWTH = {
    "nested": lambda n: "Thực hiện " + "(Nghị định số 59/2019/NĐ-CP " * n + ")" * n,
    "one-line": lambda n: "Căn cứ Quyết định Nghị định số Thông tư ngày tháng năm của UBND tỉnh " * n,
    "units": lambda n: "Sở Nội vụ, " * n,
    # a "title" line of references: each rescanned the line before it (resolve._titles_implement)
    "title-line": lambda n: "QUYẾT ĐỊNH SỐ 12/QĐ-UBND, " * n,
    "amending-verbs": lambda n: "Luật sửa đổi, bổ sung một số điều của Luật Đất đai, " * n,
    # one task with many deadlines: each looked through all found before it (extract.deadlines)
    "deadlines": lambda n: "Sở Nội vụ báo cáo " + "trước ngày 30/9/2023 hằng tháng; " * n,
    "event-deadlines": lambda n: "Sở Nội vụ báo cáo " + "trước ngày 30/9/2023, sau khi được phê duyệt, " * n,
}


def _calls(text: str) -> int:
    import sys

    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        extract_bytes(text.encode(), "growth.txt")
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("name", sorted(GROWTH))
def test_hostile_text_work_grows_linearly(name):
    make = GROWTH[name]
    extract_bytes(make(60).encode(), "warm.txt")  # the rules compiled, the models loaded: no first-call work
    small, large = _calls(make(250)), _calls(make(1000))
    assert large <= 5 * small, f"{name}: {small:,} calls for 250 repetitions, {large:,} for 1,000"


def _required_string(pattern) -> str | None:
    """The literal the regex module looks for in all the rest of the text before it tries a match at a
    place, when it stands at no fixed offset in the pattern (``của`` in ``\\s*,?\\s*của\\s+``)."""
    data = getattr(pattern, "_pickled_data", None)
    if data is None or len(data) < 9:
        pytest.skip("this regex version does not show its required string")
    offset, chars = data[7], data[8]
    return "".join(map(chr, chars)) if offset == -1 and chars else None


def test_patterns_matched_after_each_reference_scan_no_further_than_their_match():
    # a pattern matched at n places of a text that lacks its required string scanned the rest of the text n
    # times: "(Nghị định số 59/2019/NĐ-CP " × 8,000 spent 4 s in reference tails alone (24 × the time of 2,000)
    import regex

    from extract import references

    assert _required_string(regex.compile(r"\s*,?\s*của\s+")) == "của"  # what is looked for
    assert _required_string(limits.anchored(r"\s*,?\s*của\s+")) is None
    patterns = references._patterns()
    for name in ("date", "year", "of", "passed", "next_id"):
        assert _required_string(patterns[name]) is None, name
    for pattern in (references._WRAP, references._INNER_NUMBER, references._LAW_NUMBER,
                    references._LAW_NUMBER_AFTER):
        assert _required_string(pattern) is None, pattern.pattern
    assert limits.anchored(r"\s*,?\s*của\s+").match("Quyết định số 1/QĐ-UB, của UBND tỉnh", 21).span() == (21, 27)
