"""PDF pages to text: pypdfium2's text layer, its path objects for ruled tables.

pypdfium2 reads a text layer at about a thousand pages a second, pdfplumber's layout analysis at
about twenty; so every page is read with pypdfium2, and a page drawing enough ruling lines to hold a
table has its tables found from the same page's path objects (:mod:`extract.ruling`, the grid
pdfplumber's table finder draws). Such a page comes out as its text above, between and below the
tables, and each table as pipe rows (``| 1 | Rà soát … | Sở Công Thương |``) — the form the task
stage reads as a table. pdfplumber reads only a page PDFium's objects cannot place (a rotated
page). A table that goes on over a page break continues without its repeated header row. Running
headers and footers (a line at the top or bottom of most pages, numbers aside) are dropped.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

import regex

from . import errors, ruling, stamped
from .errors import ReadError
from .models import Page, pipe_row

MIN_RULES = 6  # path objects on a page before it is worth looking for a table
_DIGITS = regex.compile(r"\d+")
_EMPTY_PAGE_TREE = regex.compile(rb"/Count\s*0\b")
_PAGE = regex.compile(rb"/Type\s*/Page(?!s)\b")


@dataclass
class PdfPage:
    number: int
    text: str
    tables: int = 0  # ruled tables found on the page
    header_row: tuple[str, ...] | None = None  # header of its first table
    first_is_table: bool = False  # the page opens with a table (a continuation candidate)
    ocr: bool = False
    ocr_fields: list[str] = field(default_factory=list)  # read by OCR on a text-layer page (extract.stamped)


OCR_MODES = ("auto", "always", "never")
MIN_TEXT = 16  # letters on a page below which it counts as scanned
_ENOUGH_LETTERS = regex.compile(rf"(?:\P{{L}}*\p{{L}}){{{MIN_TEXT}}}")


def read_pdf(data: bytes, path: str, ocr: str = "auto") -> list[Page]:
    """Pages of a PDF. ``ocr``: ``auto`` reads pages without a text layer by OCR, ``always`` every
    page, ``never`` none."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError(path, errors.PDF_BROKEN.format(error=exc)) from None
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # PDFium's error code is global and may be left over from an earlier file: check the bytes
        message = str(exc)
        if _EMPTY_PAGE_TREE.search(data[:1_000_000]) and not _PAGE.search(data[:1_000_000]):
            raise ReadError(path, errors.PDF_NO_PAGES) from None  # PDFium refuses an empty page tree
        if "password" in message.lower() and b"/Encrypt" in data:
            raise ReadError(path, errors.PDF_ENCRYPTED) from None
        reason = message.split(":")[-1].strip(" .)") or message
        if reason.lower() in {"success", "incorrect password error"}:  # failed without saying why
            reason = "damaged document structure"
        raise ReadError(path, errors.PDF_BROKEN.format(error=reason)) from None
    from . import limits
    from . import ocr as tesseract

    plumber = None
    pool: ThreadPoolExecutor | None = None
    pending: dict[int, Future] = {}  # page number → its OCR text
    pages: list[PdfPage] = []
    scanned: list[int] = []  # pages that needed OCR and did not get it
    # Tesseract is looked for only when OCR is asked for or a page needs it: a text PDF never waits on it
    if ocr == "always" and (why := tesseract.unavailable()):
        pdf.close()
        raise ReadError(path, errors.OCR_UNAVAILABLE.format(why=why))
    try:
        if len(pdf) == 0:
            raise ReadError(path, errors.PDF_NO_PAGES)
        if len(pdf) > limits.MAX_PAGES:
            raise ReadError(path, errors.TOO_MANY_PAGES.format(pages=len(pdf), limit=limits.MAX_PAGES))
        for i in range(len(pdf)):
            limits.check()
            try:
                page = pdf[i]
            except pdfium.PdfiumError:
                raise ReadError(path, errors.PDF_BROKEN.format(error=f"page {i + 1} cannot be loaded")) from None
            _visible(page)
            ruled: PdfPage | None = None
            written_in: list[str] = []
            undecided = False
            try:
                found = ruling.rulings(page)
                rules = found.paths
                textpage = page.get_textpage()
                chars = textpage.count_chars()
                dense = chars > limits.MAX_PAGE_CHARS
                if rules >= MIN_RULES and not dense:  # tables first: a ruled page needs no flat text
                    try:
                        ruled = _with_ruled_tables(page, textpage, found, i + 1)
                    except ruling.Undecided:
                        undecided = True
                    except (ArithmeticError, LookupError, ValueError):  # a malformed page: keep the flat text
                        ruled = None
                if ruled is not None:
                    text = ruled.text
                else:
                    text = _newlines(textpage.get_text_bounded() or "") if not dense else ""
                needs_ocr = ocr == "always" or not _ENOUGH_LETTERS.match(text)
                to_ocr = needs_ocr and ocr != "never" and not tesseract.unavailable()
                if to_ocr:
                    ruled = None
                elif ruled is None and not dense and (i == 0 or "Nơi nhận" in text):  # header, signature
                    text = _blocks_in_columns(textpage, *page.get_size(), text, header=i == 0)
                if i == 0 and not to_ocr and not dense:  # a number or a day written in after printing
                    text, written_in = stamped.fill(page, textpage, text)
                textpage.close()
            except pdfium.PdfiumError:
                page.close()
                raise ReadError(path, errors.PDF_BROKEN.format(error=f"page {i + 1} cannot be read")) from None
            if dense:
                page.close()
                raise ReadError(path, errors.PAGE_TOO_DENSE.format(page=i + 1, chars=chars,
                                                                   limit=limits.MAX_PAGE_CHARS))
            if to_ocr:
                try:
                    png = tesseract.page_png(page)  # rendered here (PDFium is not thread-safe), read in a pool
                finally:
                    page.close()
                if pool is None:
                    pool = ThreadPoolExecutor(max_workers=tesseract.threads(), thread_name_prefix="tesseract")
                pending[i + 1] = pool.submit(tesseract.ocr_png, png)
                pages.append(PdfPage(i + 1, "", ocr=True))
                continue
            if needs_ocr:
                scanned.append(i + 1)
            page.close()
            read = ruled or PdfPage(i + 1, text)
            if i == 0 and written_in:
                read.text, read.ocr_fields = text, written_in
            if undecided:  # pdfplumber reads what PDFium's objects cannot place
                if plumber is None:
                    plumber = _open_plumber(data)
                if plumber is not None:
                    try:
                        read = _with_tables(plumber, i, i + 1) or read
                    except Exception:  # pdfminer fails on what pdfium read: keep pdfium's flat text
                        pass
            pages.append(read)
        for read in pages:
            if read.number in pending:
                read.text = _newlines(tesseract.fix(_ocr_result(pending.pop(read.number), path, read.number)))
    finally:
        pdf.close()
        if plumber is not None:
            try:
                plumber.close()
            except Exception:  # noqa: BLE001 — pdfminer chokes on boxes PDFium read (a CropBox of 3 numbers)
                pass
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    _join_continued_tables(pages)
    texts = drop_running_lines([p.text for p in pages])
    out = [Page(p.number, t, ocr=p.ocr, ocr_fields=p.ocr_fields) for p, t in zip(pages, texts, strict=True)]
    if not any(p.text.strip() for p in out):
        if scanned and ocr != "never" and (why := tesseract.unavailable()):
            raise ReadError(path, errors.PDF_NO_TEXT_NO_OCR.format(why=why))
        raise ReadError(path, errors.PDF_NO_TEXT if scanned else errors.PDF_NO_TEXT_AFTER_OCR)  # issue 16, 8
    return out


# -- the header and signature blocks: two columns side by side --------------------------------------

MOTTO_WORDS = ("CỘNG HÒA", "CỘNG HOÀ", "Độc lập")
MAX_RECTS = 5000  # text runs on a page worth laying out (a hostile page has far more)


def _blocks_in_columns(textpage, width: float, height: float, text: str, *, header: bool,
                       band: tuple[float, float] | None = None) -> str:
    """The page's text with its header block (issuer | motto, number | place and date) and its
    signature block (recipients | signer) read column after column — a generator that writes such
    a table line by line interleaves them (``TỈNH NGHỆ AN Độc lập - Tự do - Hạnh phúc``). The
    columns are found from pdfium's text runs: the lines at the top (or from ``Nơi nhận``) that all
    leave one vertical strip free. Unchanged when there is no such block. ``band`` (bottom, top):
    only the text between, above or below a ruled table."""
    count = textpage.count_rects()
    if count == 0 or count > MAX_RECTS:
        return text
    runs = ruling.text_runs(textpage, count)  # (left, bottom, right, top)
    low, high = band if band is not None else (-1, height + 1)
    if band is not None:
        runs = [r for r in runs if low <= (r[1] + r[3]) / 2 < high]
        if not runs:
            return text
    lines = _lines(runs)
    zones = []
    if header and (zone := _header_zone(lines, width)) is not None:
        zones.append(zone)
    if "Nơi nhận" in text and (zone := _signature_zone(lines, width, textpage)) is not None:
        if not zones or zone[0] > zones[-1][1]:
            zones.append(zone)
    if not zones:
        return text

    def cut(k: int) -> float:  # the y between line k - 1 and line k
        if k <= 0:
            return high
        if k >= len(lines):
            return low
        return (lines[k - 1][1] + lines[k][2]) / 2

    pieces = []
    done = 0
    for first, last, gutter in zones:
        top, bottom = cut(first), cut(last + 1)
        left = textpage.get_text_bounded(0, bottom, gutter, top) or ""
        right = textpage.get_text_bounded(gutter, bottom, width + 1, top) or ""
        if header and first == 0 and not any(w in right for w in MOTTO_WORDS):
            return text  # two columns at the top, but not the national header
        if first > done:
            pieces.append(textpage.get_text_bounded(0, top, width + 1, cut(done)) or "")
        pieces += [left, right]
        done = last + 1
    if done < len(lines):
        pieces.append(textpage.get_text_bounded(0, low, width + 1, cut(done)) or "")
    lines_out = (line.rstrip() for t in pieces for line in _newlines(t).split("\n"))
    return "\n".join(line for line in lines_out if line)


def _lines(runs: list[tuple[float, float, float, float]]) -> list[tuple[list[tuple[float, float]], float, float]]:
    """Text runs grouped into lines, top first: (x-intervals, bottom, top) each."""
    out: list[tuple[list[tuple[float, float]], float, float]] = []
    for left, bottom, right, top in sorted(runs, key=lambda r: -r[3]):
        if out:
            segs, b, t = out[-1]
            overlap = min(t, top) - max(b, bottom)
            if overlap > 0.5 * min(t - b, top - bottom):
                segs.append((left, right))
                out[-1] = (segs, min(b, bottom), max(t, top))
                continue
        out.append(([(left, right)], bottom, top))
    return out


def _free(free: list[tuple[float, float]], segs: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """``free`` intervals less what ``segs`` cover."""
    for a, b in segs:
        nxt = []
        for x, y in free:
            if b <= x or a >= y:
                nxt.append((x, y))
                continue
            if a > x:
                nxt.append((x, a))
            if b < y:
                nxt.append((b, y))
        free = nxt
    return [(x, y) for x, y in free if y - x >= 4]


def _block(lines, start: int, width: float) -> tuple[int, float] | None:
    """From line ``start`` down: the last line of the run of lines that leave a strip free, and the
    middle of the widest such strip."""
    free = [(0.2 * width, 0.65 * width)]  # where the gap between the two columns of Nghị định 30 falls
    end = None
    for k in range(start, len(lines)):
        nxt = _free(free, lines[k][0])
        if not nxt:
            break
        free, end = nxt, k
    if end is None:
        return None
    x, y = max(free, key=lambda iv: iv[1] - iv[0])
    return end, (x + y) / 2


def _sides(lines, k: int, gutter: float) -> tuple[bool, bool]:
    segs = lines[k][0]
    return any(b <= gutter for _, b in segs), any(a >= gutter for a, _ in segs)


def _header_zone(lines, width: float) -> tuple[int, int, float] | None:
    found = _block(lines, 0, width)
    if found is None:
        return None
    end, gutter = found
    sides = [_sides(lines, k, gutter) for k in range(end + 1)]
    last_left = max((k for k, (lft, _) in enumerate(sides) if lft), default=-1)
    last_right = max((k for k, (_, rgt) in enumerate(sides) if rgt), default=-1)
    last = min(last_left, last_right)
    if last < 1 or not any(lft and rgt for lft, rgt in sides[:last + 1]):
        return None
    return 0, last, gutter


def _signature_zone(lines, width: float, textpage) -> tuple[int, int, float] | None:
    searcher = textpage.search("Nơi nhận", match_case=True)
    try:
        hit = searcher.get_next()
    finally:
        searcher.close()
    if hit is None:
        return None
    _, bottom, _, top = textpage.get_charbox(hit[0])
    middle = (bottom + top) / 2
    start = next((k for k, (_, b, t) in enumerate(lines) if b <= middle <= t), None)
    if start is None:
        return None
    found = _block(lines, start, width)
    if found is None:
        return None
    end, gutter = found
    first = start
    while first > 0 and start - first < 3 and _sides(lines, first - 1, gutter) == (False, True):
        first -= 1  # the signer's position may start a line or two above "Nơi nhận"
    sides = [_sides(lines, k, gutter) for k in range(first, end + 1)]
    if not any(lft and rgt for lft, rgt in sides):
        return None
    return first, end, gutter


def _ocr_result(future: Future, path: str, number: int) -> str:
    """The OCR text of page ``number``, checking the file's time limit while it comes."""
    from . import limits

    while True:
        limits.check()
        try:
            return future.result(timeout=0.5)
        except FutureTimeout:
            continue
        except Exception as exc:  # a timeout, a crash of tesseract: name the page
            raise ReadError(path, errors.OCR_FAILED.format(page=number, error=type(exc).__name__)) from None


def _visible(page) -> None:
    """A page whose crop box lies outside its media box shows nothing (pdf.js's
    ``boundingBox_invalid.pdf``): PDFium reads no text on it and cannot render it ("Crop exceeds page
    dimensions"). Read it within its media box, as viewers show it — or within a Letter page when the
    media box has no area either (issue 16)."""
    width, height = page.get_size()
    if width >= 1 and height >= 1:
        return
    left, bottom, right, top = page.get_mediabox()
    left, right = sorted((left, right))
    bottom, top = sorted((bottom, top))
    if right - left < 1 or top - bottom < 1:
        left, bottom, right, top = 0, 0, 612, 792
        page.set_mediabox(left, bottom, right, top)
    page.set_cropbox(left, bottom, right, top)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _open_plumber(data: bytes):
    try:
        import logging

        import pdfplumber

        # its warnings ("Invalid CropBox in /Page, defaulting to MediaBox") would add lines to one-line errors
        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        return pdfplumber.open(io.BytesIO(data))
    except Exception:  # pdfminer fails on some files pdfium reads: keep pdfium's text
        return None


_SPACES = regex.compile(r"\s+")
_SEPARATORS = frozenset("\x1c\x1d\x1e\x1f")  # white space to ``str.split``, not to ``\s``


def _cell(value: str | None) -> str:
    value = value or ""
    if _SEPARATORS.isdisjoint(value):
        return " ".join(value.split())  # the same, faster
    return _SPACES.sub(" ", value).strip()


def _with_tables(plumber, index: int, number: int) -> PdfPage | None:
    """The page's text with its tables as pipe rows in reading order, or None if it has no table."""
    try:
        page = plumber.pages[index]
        tables = [t for t in page.find_tables() if len(t.rows) >= 1 and len(t.rows[0].cells) >= 2]
    except Exception:  # a malformed page: pdfium's flat text is still there
        return None
    if not tables:
        return None
    tables.sort(key=lambda t: t.bbox[1])
    parts: list[str] = []
    top = 0.0
    first_is_table = True
    header = None
    for n, table in enumerate(tables):
        x0, t_top, x1, t_bottom = table.bbox
        above = _band(page, top, t_top)
        if above.strip():
            parts.append(above)
            if n == 0:
                first_is_table = False
        rows = [tuple(_cell(c) for c in row) for row in _filled_down(table.extract(), _plumber_downs(table))]
        rows = [r for r in rows if any(r)]
        if n == 0 and rows:
            header = rows[0]
        parts.append("\n".join(pipe_row(r) for r in rows))
        top = t_bottom
    below = _band(page, top, page.height)
    if below.strip():
        parts.append(below)
    return PdfPage(number, "\n".join(parts), len(tables), header, first_is_table)


OFF_PAGE = 1e6  # beyond any page's edge, in points


def _with_ruled_tables(page, textpage, found: ruling.Rulings, number: int) -> PdfPage | None:
    """The page's text with its ruled tables as pipe rows in reading order, found from PDFium's
    objects; None if it has no table. Raises :class:`ruling.Undecided` for pdfplumber to read it."""
    if page.get_rotation() % 360:
        raise ruling.Undecided("a rotated page")  # pdfplumber lays it out as displayed
    tables = [g for g in ruling.grids(found) if len(g.lefts) >= 2]
    if not tables:
        return None
    placed = ruling.place_text(textpage, tables)
    width, height = page.get_size()
    parts: list[str] = []
    top = -math.inf  # in the top-down frame of :mod:`extract.ruling`
    first_is_table = True
    header = None

    def band_text(y0: float, y1: float) -> str:
        """The lines between y0 and y1 (top down), the header or signature block column by column."""
        if y1 - y0 < 1:
            return ""
        lines = "\n".join(t for y, t in placed.lines if y0 <= y < y1)
        opening = number == 1 and y0 == -math.inf  # the page's top: the header block, if any
        if lines and (opening or "Nơi nhận" in lines):
            band = (-min(y1, OFF_PAGE), -max(y0, -OFF_PAGE))  # PDF's frame, bottom up
            lines = _blocks_in_columns(textpage, width, height, lines, header=opening, band=band)
        return lines

    for n, (grid, rows) in enumerate(zip(tables, placed.tables, strict=True)):
        above = band_text(top, grid.bbox[1])
        if above.strip():
            parts.append(above)
            if n == 0:
                first_is_table = False
        cells = [tuple(_cell(c) for c in row) for row in _filled_down(rows, _grid_downs(grid))]
        cells = [r for r in cells if any(r)]
        if n == 0 and cells:
            header = cells[0]
        parts.append("\n".join(pipe_row(r) for r in cells))
        top = grid.bbox[3]
    below = band_text(top, math.inf)
    if below.strip():
        parts.append(below)
    return PdfPage(number, "\n".join(parts), len(tables), header, first_is_table)


def _filled_down(rows: list[list[str | None]], downs: set[tuple[int, int]]) -> list[list[str | None]]:
    """A cell merged down over several rows (a lead unit over the tasks it leads) stands in each of them,
    as a Word table gives it; ``downs``: the (row, column) places covered by the cell of the place above
    it, in that cell's first column. A header cell (the table's first row) is not repeated."""
    out = [list(row) for row in rows]
    for r, c in sorted(downs):
        if 0 < r < len(out) and c < len(out[r]) and out[r][c] is None:
            out[r][c] = out[r - 1][c]
    return out


def _grid_downs(grid: ruling.Grid) -> set[tuple[int, int]]:
    out = set()
    for (r, c), k in grid.cover.items():
        if r >= 2 and grid.rows[r][c] is None and grid.cover.get((r - 1, c)) == k and grid.cells[k][0] == grid.lefts[c]:
            out.add((r, c))
    return out


def _plumber_downs(table) -> set[tuple[int, int]]:
    """pdfplumber's rows: a missing cell whose nearest cell above in its column reaches down over it."""
    out = set()
    rows = table.rows
    for r in range(2, len(rows)):
        top = rows[r].bbox[1]
        for c, cell in enumerate(rows[r].cells):
            if cell is not None:
                continue
            above = next((rows[a].cells[c] for a in range(r - 1, 0, -1) if rows[a].cells[c] is not None), None)
            if above is not None and above[3] > top + 1:
                out.add((r, c))
    return out


def _band(page, top: float, bottom: float) -> str:
    if bottom - top < 1:
        return ""
    try:
        return page.crop((0, max(0, top), page.width, min(page.height, bottom)), strict=False).extract_text() or ""
    except Exception:
        return ""


def _join_continued_tables(pages: list[PdfPage]) -> None:
    """A table broken by a page keeps one header: the repeat at the top of the next page goes."""
    seen = pages[0].header_row if pages else None  # the header of the table last begun
    for prev, page in zip(pages, pages[1:], strict=False):
        if page.tables and prev.tables and page.first_is_table and page.header_row and page.header_row == seen:
            lines = page.text.split("\n")
            head = pipe_row(page.header_row)
            # the page may open with a running header line or page number before its table
            for k, line in enumerate(lines[:3]):
                if line == head:
                    del lines[k]
                    page.text = "\n".join(lines)
                    break
        seen = page.header_row or seen


def drop_running_lines(texts: list[str]) -> list[str]:
    """Drop a line printed at the top or bottom of most pages (``Trang 3/9``, an office name): the
    first or last non-empty line of a page, numbers ignored, recurring in that place on at least
    half of the pages (three at least). Pages of fewer than four lines are left as they are."""
    if len(texts) < 3:
        return texts
    tops, bottoms = Counter(), Counter()
    for text in texts:
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        if len(lines) >= 4:
            tops[_DIGITS.sub("#", lines[0])] += 1
            bottoms[_DIGITS.sub("#", lines[-1])] += 1
    need = max(3, (len(texts) + 1) // 2)
    top = {k for k, c in tops.items() if c >= need and not k.startswith("|") and len(k) <= 120}
    bottom = {k for k, c in bottoms.items() if c >= need and not k.startswith("|") and len(k) <= 120}
    if not top and not bottom:
        return texts
    out = []
    for text in texts:
        lines = text.split("\n")
        nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
        drop = set()
        if len(nonempty) >= 4:
            if _DIGITS.sub("#", lines[nonempty[0]].strip()) in top:
                drop.add(nonempty[0])
            if _DIGITS.sub("#", lines[nonempty[-1]].strip()) in bottom:
                drop.add(nonempty[-1])
        out.append("\n".join(ln for i, ln in enumerate(lines) if i not in drop))
    return out
