"""Fuzzing: mutated PDFs and DOCX packages, random and adversarial texts. Nothing may escape but a
one-line ReadError, and nothing may run over the per-file time limit.

`make fuzz` runs thousands of examples (VANBAN_FUZZ_EXAMPLES per target); the test suite a few
hundred in all.
"""

from __future__ import annotations

import io
import os
import time
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import limits
from extract.errors import VanbanError
from extract.pipeline import extract_bytes

from .pdfs import make_pdf, raw_pdf

EXAMPLES = int(os.environ.get("VANBAN_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=os.environ.get("VANBAN_FUZZ_RANDOM") is None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], database=None)
SECONDS = 30  # per example: far beyond any real document of these sizes

PLAN = ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 412/KH-UBND\nNghệ An, ngày 02 tháng 6 năm 2023\nKẾ HOẠCH\n"
        "Căn cứ Quyết định số 08/2020/QĐ-UBND ngày 05/02/2020 của UBND tỉnh;\n"
        "1. Sở Công Thương chủ trì, phối hợp với Sở Tài chính rà soát, hoàn thành trước ngày 30/9/2023.\n")


def _run(data: bytes, name: str) -> None:
    started = time.monotonic()
    try:
        limits_before = limits.TIME_LIMIT
        limits.TIME_LIMIT = SECONDS
        extract_bytes(data, name, ocr="never")  # OCR is Tesseract's own code, and seconds a page
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
