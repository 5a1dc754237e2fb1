"""The offset map and line patterns that cleaning is built on."""

from __future__ import annotations

import pytest
import regex

from extract.textmap import LinePattern, MappedText

from .conftest import ROOT

# line patterns as the cleaner writes them: a Markdown rule row, a heading mark, a furniture line that
# takes the page number under it, a line that may be empty, one that reaches into the next line
BODIES = [
    r"[ ]*(?:\|[ ]*:?-{2,}:?[ ]*)+\|?[ ]*$",
    r"[ ]{0,3}#{1,6}[ ]+",
    r"[ ]*CÔNG\s+BÁO\s*/\s*Số\s+\d+[^\n]*(?:\n[ ]*\d{1,4}[ ]*(?=\n|$))?",
    r"(?P<head>(?:Điều|Chương)\s+\d+[.:][^\n]*?)(?P<clause>\.\s+Khoản\s+\d+\.\s[^\n]*)?(?:\n|$)",
    r"[^\n]{0,5}",
    r"[A-ZĐ][^\n]*\n[A-ZĐ]",
    r"\d*",
]
TEXTS = [
    "", "\n", "\n\nabc\n", "A\nB\nĐ", "CÔNG BÁO / Số 12 / Ngày 3-4-2024\n  17\nCÔNG BÁO / Số 13 / Ngày 3-4-2024\n18",
    "| a | b |\n|---|:--:|\n| 1 | 2 |\n## Điều 1. Phạm vi. Khoản 2. Nội dung\nĐiều 2: Đối tượng\n123\n",
    *[p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))[:6]],
]


@pytest.mark.parametrize("body", BODIES)
def test_a_line_pattern_finds_what_the_multiline_pattern_finds(body):
    plain, lines = regex.compile(rf"(?m)^{body}"), LinePattern(body)
    for text in TEXTS:
        for pos, endpos in [(0, None), (1, None), (5, None), (0, 40), (7, 3000)]:
            end = len(text) if endpos is None else endpos
            want = [(m.span(), m.group(), m.groupdict()) for m in plain.finditer(text, pos, end)]
            got = [(m.span(), m.group(), m.groupdict()) for m in lines.finditer(text, pos, end)]
            assert got == want, (text[:60], pos, endpos)
            first = lines.search(text, pos, end)
            assert (first.span() if first else None) == (want[0][0] if want else None)


def test_a_line_pattern_replaces_with_the_offset_map_kept():
    source = "Điều 1. Phạm vi\n## Điều 1. Phạm vi\n|---|---|\nNội dung"
    mt = MappedText.identity(source).sub(LinePattern(r"[ ]*(?:\|[ ]*:?-{2,}:?[ ]*)+\|?[ ]*\n"), "")
    mt = mt.sub(LinePattern(r"#{1,6}[ ]+"), "")
    assert mt.text == "Điều 1. Phạm vi\nĐiều 1. Phạm vi\nNội dung"
    start = mt.text.index("Nội")
    assert source[slice(*mt.source_span(start, start + 3))] == "Nội"
    with pytest.raises(ValueError, match="group references"):
        MappedText.identity(source).sub(LinePattern(r"(Điều)"), r"\1")


def test_a_near_pattern_finds_what_the_pattern_finds():
    from extract.references import _patterns

    kinded = _patterns()["kinded"]
    texts = [*TEXTS, "Quyết định số 12/QĐ-UBND" + "x" * 500 + "Nghị định 59/2019/NĐ-CP", "Chỉ thị 31-CT/TU"]
    for text in texts:
        assert [m.span() for m in kinded.finditer(text)] == [m.span() for m in kinded.pattern.finditer(text)]


def test_a_near_pattern_grows_a_stretch_that_cuts_a_match_off():
    from extract.textmap import NearPattern

    # "a/" then a run of letters longer than the stretch: the match runs past it
    near = NearPattern(regex.compile(r"a/\p{L}+"), "/", before=1, after=3)
    text = "xx a/" + "b" * 40 + " a/cc"
    assert [m.group() for m in near.finditer(text)] == ["a/" + "b" * 40, "a/cc"]
    assert near.stretches("a/b") == [(0, 3)]
