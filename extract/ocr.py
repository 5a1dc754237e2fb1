"""OCR of scanned pages with Tesseract's Vietnamese model (Debian: tesseract-ocr, tesseract-ocr-vie).

A page is rendered by pypdfium2 at 300 dpi and read by the ``tesseract`` command, one process per
page with ``OMP_THREAD_LIMIT=1`` (Tesseract's own threads only slow a busy machine down): the pages
of one document are read by several such processes at once (:func:`threads`), the documents of a
batch by one each.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from functools import cache

import regex

from .limits import bound_to_parent

DPI = 300
PAGE_TIMEOUT = 120  # seconds for one page
LANG = "vie"
REDNESS = 25  # red minus the brighter of green and blue: a seal's ink


@cache
def unavailable() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "OCR needs Tesseract (Debian packages tesseract-ocr and tesseract-ocr-vie)"
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract does not run ({exc})"
    if LANG not in langs:
        return "Tesseract has no Vietnamese model (Debian package tesseract-ocr-vie)"
    return None


_DIGITS = str.maketrans("lIO", "110")
_HEADER_WORDS = {"ĐÓC": "ĐỐC", "ĐÒNG": "ĐỒNG", "TÍNH": "TỈNH", "CHU": "CHỦ", "PHO": "PHÓ"}


@cache
def _fixes(everywhere: bool = False) -> tuple[tuple[regex.Pattern, object], ...]:
    """The fixes of ``rules/ocr.yaml`` (``everywhere``: only those applied to every text)."""
    from . import rules

    out = []
    for fix in rules.load("ocr")["fixes"]:
        if everywhere and not fix.get("everywhere"):
            continue
        repl = fix["replace"]
        if repl == "roman_i":  # every stroke an I: "1I" → "II", "l" → "I"
            repl = lambda m: "I" * len(m.group())  # noqa: E731
        elif repl == "header_word":  # the word with the tone mark it has in a header
            repl = lambda m: _HEADER_WORDS[m.group()]  # noqa: E731
        elif repl == "digits":  # "l25" → "125", "3O" → "30"
            repl = lambda m: m.group().translate(_DIGITS)  # noqa: E731
        out.append((regex.compile(fix["pattern"], regex.M), repl))
    return tuple(out)


@cache
def everywhere_fixes() -> tuple[tuple[regex.Pattern, object, regex.Pattern | None], ...]:
    """The fixes for forms no typed text holds, which :func:`extract.clean.clean` applies to every text,
    each with its hint (a pattern every match holds, quick to look for) or None."""
    from . import rules

    hints = [fix.get("hint") for fix in rules.load("ocr")["fixes"] if fix.get("everywhere")]
    return tuple((pattern, repl, regex.compile(hint) if hint else None)
                 for (pattern, repl), hint in zip(_fixes(everywhere=True), hints, strict=True))


def fix(text: str) -> str:
    """Undo Tesseract's usual misreadings of list markers and numerals (``rules/ocr.yaml``), and
    restore the syllables it broke (:func:`extract.lexicon.restore`)."""
    from .lexicon import restore

    for pattern, repl in _fixes():
        text = pattern.sub(repl, text)
    return restore(text)


def _tesseract(png: bytes, options: list[str], timeout: float, lang: str = LANG) -> str:
    """What ``tesseract`` prints for ``png`` with ``options`` and the model ``lang`` (one thread: see the
    module's docstring)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run([*bound_to_parent(), "tesseract", "stdin", "stdout", "-l", lang, *options], input=png,
                          capture_output=True, timeout=timeout, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "tesseract failed")
    return done.stdout.decode("utf-8", "replace")


def ocr_png(png: bytes, timeout: float = PAGE_TIMEOUT) -> str:
    """The text Tesseract reads on one page image (PNG bytes). A page fed into the scanner upside down
    or sideways reads as nonsense: when few of its words are Vietnamese, Tesseract's orientation
    detection (``--psm 0``, the ``osd`` model Debian's tesseract-ocr ships) says how it is turned, and
    the page turned upright is read again — the better reading of the two is kept."""
    from .read import vietnamese_score

    text = _tesseract(png, ["--psm", "4"], timeout)
    score = vietnamese_score(text)
    if score >= UPRIGHT_SCORE:
        return text
    turn = _rotation(png, timeout)
    if not turn:
        return text
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    for angle in (-turn, turn) if turn != 180 else (180,):  # Tesseract's "Rotate:" is clockwise, PIL's angle not
        buf = io.BytesIO()
        image.rotate(angle, expand=True, fillcolor=255).save(buf, format="PNG")
        again = _tesseract(buf.getvalue(), ["--psm", "4"], timeout)
        if vietnamese_score(again) > score:
            return again
    return text


UPRIGHT_SCORE = 0.12  # share of common Vietnamese syllables above which a page reads as upright text
_ROTATE = regex.compile(r"^Rotate:\s*(\d+)\s*$", regex.M)


def _rotation(png: bytes, timeout: float) -> int:
    """The clockwise turn (0, 90, 180, 270) that sets the page upright, by Tesseract's orientation and
    script detection; 0 when it cannot tell (no ``osd`` model, too little text on the page)."""
    try:
        m = _ROTATE.search(_tesseract(png, ["--psm", "0"], timeout, lang="osd"))
    except (RuntimeError, subprocess.TimeoutExpired):
        return 0
    return int(m.group(1)) % 360 if m else 0


def ocr_digits(png: bytes, timeout: float = PAGE_TIMEOUT) -> str:
    """The digits Tesseract reads on one line of a small image (a number written into a gap)."""
    return _tesseract(png, ["--psm", "7", "-c", "tessedit_char_whitelist=0123456789"], timeout)


def page_png(page) -> bytes:
    """A pypdfium2 page as the image Tesseract reads best: 300 dpi, grey, despeckled (scanner dust,
    fax noise), contrast stretched (faint copies). PDFium is not thread-safe: call this from the
    thread that reads the PDF."""
    buf = io.BytesIO()
    prepared(page.render(scale=DPI / 72).to_pil()).save(buf, format="PNG")
    return buf.getvalue()


def prepared(image):
    """A page image (PIL) made ready for Tesseract. Grey is taken from the red channel, and reddish
    pixels are made white: an issued document's red seal lies over the signer's position, a
    received stamp over the heading, and in grey they hide the words beneath; black print and
    blue ink (a number or a day written in) stay dark. The contrast is stretched from the darkest
    0.1 % of pixels, not 1 %: on a page mostly blank (the signature page) 1 % reaches the paper and
    turns its grain into marks Tesseract reads as text."""
    from PIL import ImageChops, ImageFilter, ImageOps

    if image.mode in ("L", "1"):
        grey = image.convert("L")
    else:
        red, green, blue = image.convert("RGB").split()
        grey = red.copy()
        redness = ImageChops.subtract(red, ImageChops.lighter(green, blue))
        # red ink, not print under it: black over the seal stays dark in the red channel
        seal = ImageChops.multiply(redness.point(lambda v: 255 if v > REDNESS else 0),
                                   red.point(lambda v: 255 if v > 150 else 0))
        grey.paste(255, mask=seal)
    return ImageOps.autocontrast(grey.filter(ImageFilter.MedianFilter(3)), cutoff=(0.1, 1))


def threads() -> int:
    """Tesseract processes to run at once for one document: ``$VANBAN_OCR_THREADS``, else one per
    core (batch workers set 1: the documents are already read in parallel)."""
    try:
        n = int(os.environ.get("VANBAN_OCR_THREADS", "0"))
    except ValueError:
        n = 0
    if n > 0:
        return n
    from .limits import cores

    return cores()
