"""Reading: a file (text, PDF, DOCX, HTML) → pages of source text.

Plain text may come as UTF-8 (with or without BOM), UTF-16/32 with BOM, Windows-1258,
or in the legacy 8-bit Vietnamese font encodings (TCVN3/ABC, VNI) — either as raw bytes
or already "decoded" into Latin-1 look-alikes (``Céng hoµ``). Legacy text is detected
and converted with viparse's tables. Everything unreadable raises :class:`ReadError`.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import unicodedata
import zipfile
from pathlib import Path

import regex

from . import errors
from .errors import ReadError
from .models import Page, RawDocument, Source, pipe_row

MAX_BYTES = 200 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003, Excel, PowerPoint: OLE compound files
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "utf-32"),
    (b"\xff\xfe", "utf-16", "utf-16"),
    (b"\xfe\xff", "utf-16", "utf-16"),
]
# Frequent syllables of administrative Vietnamese; a text in which they are common
# reads as Vietnamese.
_COMMON = frozenset(
    "của và các có được trong theo về số ngày năm tháng thực hiện quy định công tác cơ quan "
    "đơn vị nhà nước tỉnh sở ban hành quyết kế hoạch với cho để những này đã là một không".split()
)
_WORD = regex.compile(r"\p{L}+")


def vietnamese_score(text: str) -> float:
    """Share of words that are frequent Vietnamese syllables (0 for no words)."""
    words = _WORD.findall(text[:20000].lower())
    if not words:
        return 0.0
    return sum(map(_COMMON.__contains__, words)) / len(words)  # map: no generator step per word (issue 15)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_FIRST_PAGE = 4000  # characters


def _legacy_encoding(text: str) -> str | None:
    """``tcvn3`` or ``vni`` for text typed in a legacy font (TCVN3/VNI look-alike letters), else None.
    Decided on a sample, the part :func:`vietnamese_score` reads."""
    sample = text[:20000]
    # most text is plain Unicode Vietnamese, as its first page already shows (issue 15: the score of
    # the whole sample is 5 % of a text's extraction)
    if vietnamese_score(sample[:_FIRST_PAGE]) >= 0.12 or vietnamese_score(sample) >= 0.12:
        return None
    import viparse  # imported on demand: most text is Unicode and never needs it

    encoding = viparse.detect_text_encoding(sample)
    if encoding in {"tcvn3", "vni"}:
        if vietnamese_score(viparse.fix(sample, encoding=encoding)) > vietnamese_score(sample):
            return encoding
    return None


def _legacy(text: str) -> tuple[str, str | None]:
    """Convert TCVN3/VNI look-alike text to Unicode; returns (text, encoding or None)."""
    encoding = _legacy_encoding(text)
    if encoding is None:
        return text, None
    import viparse

    return viparse.fix(text, encoding=encoding), encoding


_NOT_LATIN_OR_COMMON = regex.compile(r"[^\p{Latin}\p{Common}\p{Inherited}]")
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\p{Co}\p{Cn}\ufffd]")
_SUSPECT = regex.compile(rf"{_NOT_LATIN_OR_COMMON.pattern}|{_CONTROL.pattern}")


def looks_like_text(text: str) -> bool:
    """Mostly Latin script and common signs, hardly any control or unassigned characters —
    what a Vietnamese document decodes to, and a binary file decoded by mistake does not."""
    sample = text[:50000]
    if not sample:
        return True
    suspect = _SUSPECT.findall(sample)  # one scan; the few characters found are then sorted
    bad = sum(1 for c in suspect if _CONTROL.match(c))
    latin = len(sample) - sum(1 for c in suspect if _NOT_LATIN_OR_COMMON.match(c))
    return bad <= 0.01 * len(sample) and latin >= 0.5 * len(sample)


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Bytes of a text file → (Unicode text, encoding name)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ReadError(path, f"invalid {name} text ({exc.reason} at byte {exc.start})") from None
            if not looks_like_text(text):
                raise ReadError(path, errors.BINARY)
            return text, name
    if b"\x00" in data[:65536]:
        # UTF-16 without a BOM: every other byte NUL in mostly-ASCII text
        sample = data[:4096]
        if sample[1::2].count(0) > 0.4 * len(sample[1::2]) and len(data) % 2 == 0:
            try:
                text = data.decode("utf-16-le")
            except UnicodeDecodeError:
                pass
            else:
                if looks_like_text(text):
                    return text, "utf-16"
        raise ReadError(path, errors.BINARY)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not looks_like_text(text):
            raise ReadError(path, errors.BINARY)
        fixed, legacy = _legacy(text)
        return fixed, legacy or "utf-8"
    # 8-bit: Windows-1258, or a legacy font encoding stored byte for byte
    candidates = []
    for codec in ("cp1258", "cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "cp1258":
            text = unicodedata.normalize("NFC", text)
            candidates.append((vietnamese_score(text), text, "cp1258"))
        else:
            fixed, legacy = _legacy(text)
            if legacy:
                candidates.append((vietnamese_score(fixed), fixed, legacy))
    if candidates:
        score, text, name = max(candidates, key=lambda c: c[0])
        if score >= 0.08:
            return text, name
    raise ReadError(path, errors.UNKNOWN_ENCODING)


def _read_text(data: bytes, path: str) -> tuple[list[Page], str]:
    text, encoding = decode_text(data, path)
    return [Page(1, text)], encoding


def _read_pdf(data: bytes, path: str, ocr: str = "auto") -> list[Page]:
    from .pdf import read_pdf

    return read_pdf(data, path, ocr)


def legacy_font(font: str | None) -> tuple[str, bool] | None:
    """(encoding, capitals) of a legacy Vietnamese font: TCVN3 for the ``.Vn…`` fonts, their ``…H`` cuts
    (``.VnTimeH``, ``.VnArialH``) drawing every letter as a capital — a toned capital has no code of its own
    in TCVN3, the caps font draws the small letter's code as one —, VNI for ``VNI-…``; None for any other."""
    name = (font or "").strip().upper()
    if name.startswith(".VN"):
        return "tcvn3", name.endswith("H")
    if name.startswith("VNI"):
        return "vni", False
    return None


def _read_docx(data: bytes, path: str) -> tuple[list[Page], str | None]:
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError(path, errors.DOCX_BROKEN.format(error=exc)) from None
    _check_package(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a bad package
        raise ReadError(path, errors.DOCX_BROKEN.format(error=type(exc).__name__)) from None
    from .docxnum import Numbering

    # Word's non-breaking hyphen is a hyphen ("Bộ Lao động‑Thương binh và Xã hội"); its optional one is none
    tags = {qn("w:t"): "t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:tab"): " ", qn("w:noBreakHyphen"): "-"}
    run = qn("w:r")
    box, fallback = qn("w:txbxContent"), _MC_FALLBACK
    numbering = Numbering(document)
    fonts = _DocxFonts(document, qn)

    def text_of(paragraph) -> str:
        """A paragraph's text with its list marker (Word's automatic numbering), line breaks
        (Shift+Enter) and tabs; tab stops are no text. A text box anchored in it follows, a line for
        each of its paragraphs (they were glued to the text around them); a drawing's fallback copy for
        old readers (``mc:Fallback``, the same text box in VML) is left out."""
        out = [numbering.marker(paragraph)]
        skipped: set = set()
        boxes = []
        for el in paragraph.iter(*tags, box, fallback):
            if el in skipped:
                continue
            if el.tag in (box, fallback):
                skipped.update(el.iter(*tags, box, fallback))
                if el.tag == box:
                    boxes.append(el)
                continue
            kind = tags[el.tag]
            if kind == "t":
                out.append(fonts.unicode(el, paragraph))
            elif el.getparent() is not None and el.getparent().tag == run:
                out.append(kind)
        for b in boxes:
            out += ["\n" + text_of(p) for p in b.iter(qn("w:p")) if _own_paragraph(p, b, box, fallback)]
        return "".join(out)

    from lxml import etree  # python-docx's own XML library

    body = getattr(document.element, "body", None)  # None: the main part's root is no w:document (fuzz tests)
    if body is None:
        raise ReadError(path, errors.DOCX_BROKEN.format(error="its main part has no document body"))
    blocks: list[str | list[list[list[str]]]] = []
    try:  # parts python-docx reads when asked (numbering, footnotes) may be damaged where the body is not
        for child in _docx_body_blocks(body, qn):
            if child.tag == qn("w:p"):
                blocks.append(text_of(child))
            else:
                blocks.append(_docx_rows(child, text_of, qn))
        notes = _docx_notes(document, text_of, qn)
    except etree.LxmlError as exc:  # found by the fuzz tests: a footnotes part that is not XML (issue 16)
        raise ReadError(path, errors.DOCX_BROKEN.format(error=f"a part is not XML: {type(exc).__name__}")) from None
    if notes:
        # footnotes and endnotes are the document's text too ("UBND tỉnh đã chỉ đạo tại Thông báo số
        # 370/TB-UBND …"): after the body, under a rule, each with its number, as a printed page has them
        blocks.append("_" * 12)
        blocks.extend(notes)
    return [Page(1, "\n".join(write_blocks(blocks)))], fonts.decoded


class _DocxFonts:
    """The font each run is typed in — its own, else its character style's, the paragraph style's (and the
    styles they are based on), the document's default — and the text of a run typed in a legacy font as
    Unicode: a document often mixes them (an old .VnTime file with new paragraphs typed in Times New Roman)."""

    def __init__(self, document, qn) -> None:
        self.qn = qn
        self.styles = {}
        root = document.styles.element
        self.normal = None  # the default paragraph style
        for st in root.iter(qn("w:style")):
            self.styles[st.get(qn("w:styleId"))] = st
            if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) in {"1", "true", "on"}:
                self.normal = st.get(qn("w:styleId"))
        self.default = self._fonts_of(root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"))
        self.cache: dict[str | None, str | None] = {}
        self.decoded: str | None = None  # the legacy encoding of a run decoded, if any

    def _fonts_of(self, rpr) -> str | None:
        if rpr is None:
            return None
        f = rpr.find(self.qn("w:rFonts"))
        if f is None:
            return None
        return f.get(self.qn("w:ascii")) or f.get(self.qn("w:hAnsi"))

    def _style_font(self, style_id: str | None, depth: int = 0) -> str | None:
        if style_id is None or depth > 10:
            return None
        if style_id not in self.cache:
            st = self.styles.get(style_id)
            font = None
            if st is not None:
                font = self._fonts_of(st.find(self.qn("w:rPr")))
                based = st.find(self.qn("w:basedOn"))
                if font is None and based is not None:
                    font = self._style_font(based.get(self.qn("w:val")), depth + 1)
            self.cache[style_id] = font
        return self.cache[style_id]

    def font(self, run, paragraph) -> str | None:
        qn = self.qn
        rpr = run.find(qn("w:rPr")) if run is not None else None
        font = self._fonts_of(rpr)
        if font is None and rpr is not None:
            rstyle = rpr.find(qn("w:rStyle"))
            font = self._style_font(rstyle.get(qn("w:val"))) if rstyle is not None else None
        if font is None:
            ppr = paragraph.find(qn("w:pPr"))
            pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
            font = self._style_font(pstyle.get(qn("w:val")) if pstyle is not None else self.normal)
        return font or self.default

    def unicode(self, t, paragraph) -> str:
        text = t.text or ""
        legacy = legacy_font(self.font(t.getparent(), paragraph)) if text.strip() else None
        if legacy is None:
            return text
        import viparse  # imported on demand: most documents are typed in Unicode fonts

        encoding, capitals = legacy
        self.decoded = self.decoded or encoding
        text = viparse.fix(text, encoding=encoding)
        return text.upper() if capitals else text


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _docx_body_blocks(body, qn):
    """The body's paragraphs and tables in order, those inside content controls (``w:sdt``: a cover page,
    a table of contents, a form's fields) and custom XML too — they were dropped."""
    p, tbl, sdt, content, custom = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
    stack = [iter(body)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in (p, tbl):
            yield child
        elif child.tag == sdt:
            inner = child.find(content)
            if inner is not None:
                stack.append(iter(inner))
        elif child.tag == custom:
            stack.append(iter(child))


def _own_paragraph(paragraph, container, box: str, fallback: str) -> bool:
    """Whether ``paragraph`` belongs to ``container`` itself, not to a text box (nor a drawing's fallback
    copy) inside it: that one is read with the paragraph it is anchored in."""
    for up in paragraph.iterancestors():
        if up is container:
            return True
        if up.tag in (box, fallback):
            return False
    return True


def _docx_notes(document, text_of, qn) -> list[str]:
    """The text of each footnote and endnote, ``<number> <text>`` (Word's separators, ids -1/0, left out)."""
    from lxml import etree  # python-docx's own XML library

    out = []
    for rel in document.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind not in {"footnotes", "endnotes"} or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        tag = qn("w:footnote") if kind == "footnotes" else qn("w:endnote")
        for note in root.iter(tag):
            ident = note.get(qn("w:id"))
            if note.get(qn("w:type")) in {"separator", "continuationSeparator", "continuationNotice"}:
                continue
            body = " ".join(t for t in (text_of(p).strip() for p in note.iter(qn("w:p"))) if t)
            if body:
                out.append(f"{ident} {body}")
    return out


def _docx_rows(table, text_of, qn) -> list[list[list[str]]]:
    """A Word table's rows on its grid: a cell spanning columns (``gridSpan``) keeps its text in
    its first column, the columns it covers are empty; a cell continuing a vertical merge
    (``vMerge`` without ``restart``) repeats the text of the cell above, so each row reads whole."""
    rows: list[list[list[str]]] = []
    above: dict[int, list[str]] = {}
    for tr in table.iterchildren(qn("w:tr")):
        row: list[list[str]] = []
        for tc in tr.iterchildren(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span, merge = 1, None
            if props is not None:
                grid = props.find(qn("w:gridSpan"))
                if grid is not None and (grid.get(qn("w:val")) or "").isdigit():
                    span = max(1, min(64, int(grid.get(qn("w:val")))))
                vm = props.find(qn("w:vMerge"))
                if vm is not None:
                    merge = vm.get(qn("w:val")) or "continue"
            col = len(row)
            text = [text_of(p) for p in tc.iter(qn("w:p"))
                    if _own_paragraph(p, tc, qn("w:txbxContent"), _MC_FALLBACK)]
            if merge == "continue":
                text = list(above.get(col, []))
            above[col] = text
            row.append(text)
            for k in range(1, span):
                above.pop(col + k, None)
                row.append([])
        rows.append(row)
    return rows


def write_blocks(blocks: list[str | list[list[list[str]]]]) -> list[str]:
    """Lines of a word-processor document (DOCX, DOC): paragraphs as they are; a data table as one
    pipe row per table row; a table that lays out the header or signature block, cell after cell."""
    from .html import is_layout

    lines: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            lines.append(block)
            continue
        if is_layout("\n".join(t for row in block for cell in row for t in cell)):
            lines += [line for row in block for cell in row for t in cell for line in t.split("\n")]
            continue
        for row in block:
            lines.append(pipe_row([_cell_line(cell) for cell in row]))
    return lines


def _cell_line(paragraphs: list[str]) -> str:
    """A table cell's paragraphs on one line: a paragraph ending without punctuation was an item
    of a list (``Phòng Tư pháp`` / ``UBND các xã``), so a semicolon keeps the items apart."""
    out = ""
    for t in paragraphs:
        t = " ".join(t.split())
        if not t:
            continue
        if out:
            out += " " if out[-1] in ".;:,!?" else "; "
        out += t
    return out


def _read_doc(data: bytes, path: str) -> list[Page]:
    """A Word 97–2003 ``.doc``: its main text, paragraphs and tables (:mod:`extract.msdoc`)."""
    from .msdoc import DocFormatError, doc_blocks

    try:
        blocks = doc_blocks(data)
    except DocFormatError as exc:
        raise ReadError(path, errors.DOC_BROKEN.format(error=exc)) from None
    return [Page(1, "\n".join(write_blocks(blocks)))]


def _read_html(data: bytes, path: str) -> tuple[list[Page], str]:
    from .html import html_text

    text, encoding = decode_text(data, path)
    return [Page(1, html_text(text))], encoding


def read_bytes(data: bytes, path: str, ocr: str = "auto") -> RawDocument:
    """Read a document from its bytes; ``path`` names it in errors and in ``source``. ``ocr``
    (``auto``, ``always``, ``never``) says which PDF pages are read by OCR."""
    if ocr not in {"auto", "always", "never"}:
        raise ValueError(f"ocr must be auto, always or never, not {ocr!r}")
    if not data:
        raise ReadError(path, errors.EMPTY)
    suffix = Path(path).suffix.lower()
    sha = _sha256(data)
    encoding = None
    if data.startswith(b"%PDF-") or suffix == ".pdf":
        if not data.lstrip()[:5] == b"%PDF-":
            raise ReadError(path, errors.PDF_BROKEN.format(error="no PDF header"))
        pages, fmt = _read_pdf(data, path, ocr), "pdf"
    elif data.startswith(_OLE_MAGIC) and suffix not in {".xls", ".xlsx", ".ppt", ".pptx", ".msg"} \
            and _is_encrypted_package(data):
        raise ReadError(path, errors.DOCX_ENCRYPTED)
    elif data.startswith(b"PK\x03\x04") or suffix == ".docx":
        if not _is_docx(data):
            raise ReadError(path, errors.DOCX_BROKEN.format(error="not a Word document package"))
        (pages, encoding), fmt = _read_docx(data, path), "docx"
    elif data.startswith(_OLE_MAGIC) and suffix not in {".xls", ".ppt", ".msg"} or suffix == ".doc":
        if not data.startswith(_OLE_MAGIC):
            raise ReadError(path, errors.DOC_BROKEN.format(error="not an OLE compound file"))
        pages, fmt = _read_doc(data, path), "doc"
    elif suffix in {".html", ".htm"} or data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        _check_text_size(len(data) // 4, path)  # a portal page's markup is most of its bytes
        (pages, encoding), fmt = _read_html(data, path), "html"
    elif suffix in TEXT_SUFFIXES or suffix not in {".xls", ".xlsx", ".ppt", ".pptx", ".rtf", ".odt"}:
        _check_text_size(len(data), path)  # before decoding: a text file's bytes are about its characters
        (pages, encoding), fmt = _read_text(data, path), "txt"
    else:
        raise ReadError(path, errors.UNSUPPORTED.format(suffix=suffix))
    _check_text_size(sum(len(p.text) for p in pages), path)
    if not any(p.text.strip() for p in pages):
        raise ReadError(path, errors.NO_TEXT)
    if fmt in {"pdf", "docx", "doc"} and encoding is None:
        # typed in a legacy font (.VnTime, VNI-Times) its file does not name: the text is TCVN3/VNI bytes
        encoding = _legacy_encoding("\n".join(p.text for p in pages if not p.ocr))
        if encoding:
            import viparse

            for page in pages:
                if not page.ocr:
                    page.text = viparse.fix(page.text, encoding=encoding)
    start = 0
    for page in pages:
        page.start = start
        start += len(page.text) + 1
    ocr_pages = [p.number for p in pages if p.ocr]
    source = Source(path=path, sha256=sha, format=fmt, pages=len(pages) if fmt in {"pdf"} else None,
                    encoding=encoding, ocr=bool(ocr_pages), ocr_pages=ocr_pages,
                    ocr_fields=[f for p in pages for f in p.ocr_fields])
    return RawDocument(source=source, pages=pages)


def _check_text_size(size: int, path: str) -> None:
    from . import limits

    if size > limits.MAX_BYTES:
        raise ReadError(path, errors.TOO_MUCH_TEXT.format(size=size, limit=limits.MAX_BYTES))


def _check_package(data: bytes, path: str) -> None:
    """Refuse a DOCX whose members unpack to more than the limit, or far beyond their packed size."""
    from . import limits

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
    size = sum(i.file_size for i in infos)
    bomb = any(i.file_size > 1024 * 1024 and i.file_size > limits.MAX_RATIO * max(1, i.compress_size) for i in infos)
    if size > limits.MAX_UNPACKED or bomb:
        raise ReadError(path, errors.DOCX_BOMB.format(size=size, limit=limits.MAX_UNPACKED))


def _is_encrypted_package(data: bytes) -> bool:
    """A DOCX saved with a password: Word wraps the encrypted package in an OLE compound file, with
    ``EncryptionInfo`` and ``EncryptedPackage`` streams (MS-OFFCRYPTO 2.3.4) — no ZIP to open (issue 16)."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return ole.exists("EncryptedPackage") and ole.exists("EncryptionInfo")
    except Exception:  # noqa: BLE001 — a damaged compound file is the .doc reader's to report
        return False


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_file(path: str | Path, name: str | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (``name`` names it in errors). Refused, with the
    reason, without being opened for reading: a folder, a named pipe, a device or a socket (reading a
    FIFO waits for a writer forever), a dangling link, a link loop; refused too a file over the size
    limit; a file that cannot be read gives the system's reason (issue 16)."""
    p = Path(path)
    name = name or errors.safe_path(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        if p.is_symlink():
            try:
                target = errors.safe_path(os.readlink(p))
            except OSError:
                target = "?"
            raise ReadError(name, errors.DANGLING_LINK.format(target=target)) from None
        raise ReadError(name, errors.NOT_FOUND) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError(name, errors.LINK_LOOP) from None
        raise ReadError(name, errors.UNREADABLE.format(error=exc.strerror or exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(name, errors.IS_DIRECTORY)
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(name, errors.NOT_REGULAR.format(kind=_file_kind(info.st_mode)))
    if info.st_size > MAX_BYTES:
        raise ReadError(name, errors.TOO_LARGE.format(size=info.st_size, limit=MAX_BYTES))
    try:
        # O_NONBLOCK: should the name have become a FIFO since the stat, opening it does not wait
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise ReadError(name, errors.NOT_REGULAR.format(kind=_file_kind(os.fstat(f.fileno()).st_mode)))
            data = f.read(MAX_BYTES + 1)
    except ReadError:
        raise
    except OSError as exc:
        raise ReadError(name, errors.UNREADABLE.format(error=exc.strerror or exc)) from None
    if len(data) > MAX_BYTES:  # it grew since the stat
        raise ReadError(name, errors.TOO_LARGE.format(size=len(data), limit=MAX_BYTES))
    return data


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_document(path: str | Path, ocr: str = "auto") -> RawDocument:
    """Read the file at ``path`` into pages of source text."""
    name = errors.safe_path(path)
    return read_bytes(read_file(path, name), name, ocr)
