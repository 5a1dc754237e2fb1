"""Numbers and days written on an issued PDF after it was made (issue 13).

An office prints or exports the document with its number and day left blank (``Số:      /QĐ-UBND``,
``ngày      tháng 9 năm 2025``), then writes them in by hand or stamps them, and the copy it sends is
that page — a text layer without them and marks where they stand. Where the first page's text layer
has such a gap and the page shows marks in it, the gap alone is read by OCR (digits only), and the
text gets what was written there; the fields read so are named in ``source.ocr_fields``. A gap with
no marks is a blank kept as SPEC says (a draft).
"""

from __future__ import annotations

import io

import regex

# "Số:" then nothing before the symbol; "ngày" then nothing before "tháng"
_BLANK_NUMBER = regex.compile(r"(?P<before>S[ốỐ]\s*:)[ \t\u00a0]*(?P<after>/\s*\p{Lu})")
_BLANK_DAY = regex.compile(r"(?P<before>\bngày)[ \t\u00a0]*(?P<after>tháng\s+\d{1,2}\b)")
HEAD = 2500  # the header block lies in the first characters of the first page
SCALE = 300 / 72
DARK = 140  # a pixel darker than this is a mark
MIN_MARK = 25  # pixels: less is dust


def _gap(textpage, full: str, pattern: regex.Pattern) -> tuple[regex.Match, tuple[float, float, float, float]] | None:
    """The match of ``pattern`` in the page's text and the page box (left, bottom, right, top) of its gap."""
    m = pattern.search(full, 0, min(len(full), HEAD))
    if m is None:
        return None
    last = m.end("before") - 1
    first = m.start("after")
    a = textpage.get_charbox(last)
    b = textpage.get_charbox(first)
    left, right = a[2] + 0.5, b[0] - 0.5
    if right - left < 4 or abs((a[1] + a[3]) / 2 - (b[1] + b[3]) / 2) > 6:  # no room, or not on one line
        return None
    height = max(a[3] - a[1], b[3] - b[1], 8)
    bottom, top = min(a[1], b[1]) - height * 0.45, max(a[3], b[3]) + height * 0.45
    return m, (left, bottom, right, top)


def _read_digits(page, box: tuple[float, float, float, float]) -> str | None:
    """The digits written in ``box`` of ``page``, None where it holds no marks or no digits."""
    from PIL import Image

    from . import ocr

    width, height = page.get_size()
    left, bottom, right, top = box
    crop = (max(0.0, left), max(0.0, bottom), max(0.0, width - right), max(0.0, height - top))
    image = ocr.prepared(page.render(scale=SCALE, crop=crop).to_pil())
    if sum(image.histogram()[:DARK]) < MIN_MARK:
        return None
    padded = Image.new("L", (image.width + 40, image.height + 40), 255)
    padded.paste(image, (20, 20))
    buf = io.BytesIO()
    padded.save(buf, format="PNG")
    digits = regex.sub(r"\D", "", ocr.ocr_digits(buf.getvalue()))
    return digits or None


def fill(page, textpage, text: str) -> tuple[str, list[str]]:
    """``text`` (the first page's text layer) with a number or a day written into a gap of the
    page read there, and the fields so read (``number``, ``date``)."""
    if not (_BLANK_NUMBER.search(text, 0, HEAD) or _BLANK_DAY.search(text, 0, HEAD)):
        return text, []
    from . import ocr

    if ocr.unavailable():
        return text, []
    full = textpage.get_text_range()
    fields: list[str] = []
    for field, pattern, valid in (("number", _BLANK_NUMBER, lambda d: 1 <= len(d) <= 6),
                                  ("date", _BLANK_DAY, lambda d: len(d) <= 2 and 1 <= int(d) <= 31)):
        found = _gap(textpage, full, pattern)
        if found is None:
            continue
        digits = _read_digits(page, found[1])
        if digits is None or not valid(digits):
            continue
        target = pattern.search(text, 0, HEAD)
        if target is None:
            continue
        text = text[:target.end("before")] + f" {digits} " + text[target.start("after"):]
        fields.append(field)
    return text, fields
