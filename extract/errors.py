"""Every error a user can see, in one place: one line naming the file and the reason."""

from __future__ import annotations


class VanbanError(Exception):
    """A domain error: bad input or a bad request, never a bug."""

    def __init__(self, path: str | None, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)

    def __reduce__(self):  # crosses process boundaries (batch workers) intact
        return (self.__class__, (self.path, self.reason))


class ReadError(VanbanError):
    """The file cannot be read as a document."""


EMPTY = "empty file"
NO_TEXT = "no text in the file (only whitespace)"
BINARY = "binary file, not text (NUL bytes and no known document format)"
NOT_FOUND = "no such file"
IS_DIRECTORY = "is a directory"
UNREADABLE = "cannot read the file: {error}"
UNKNOWN_ENCODING = "not UTF-8 or UTF-16 text and no legacy Vietnamese encoding (TCVN3, VNI) recognised"
TOO_LARGE = "file too large ({size:,} bytes; the limit is {limit:,})"
PDF_ENCRYPTED = "encrypted PDF (a password is needed to read it)"
PDF_BROKEN = "not a readable PDF ({error})"
PDF_NO_PAGES = "PDF has no pages"
TOO_MANY_PAGES = "too many pages ({pages:,}; the limit is {limit:,}, VANBAN_MAX_PAGES)"
PAGE_TOO_DENSE = "page {page} has {chars:,} characters (the limit is {limit:,}, VANBAN_MAX_PAGE_CHARS)"
DOCX_BOMB = "DOCX unpacks to {size:,} bytes (a decompression bomb; the limit is {limit:,}, VANBAN_MAX_UNPACKED)"
PDF_NO_TEXT = "PDF has no text layer (scanned pages; run with --ocr auto to read them by OCR)"
PDF_NO_TEXT_NO_OCR = "PDF has no text layer (scanned pages) and {why}"
OCR_UNAVAILABLE = "OCR was asked for but {why}"
OCR_FAILED = "OCR failed on page {page} ({error})"
DOCX_BROKEN = "not a readable DOCX file ({error})"
DOC_BROKEN = "not a readable Word 97–2003 .doc file ({error})"
UNSUPPORTED = "unsupported file type {suffix!r} (vanban reads .txt, .md, .pdf, .docx, .doc, .html)"
