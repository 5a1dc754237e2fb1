"""Every error a user can see, in one place: one line naming the file and the reason."""

from __future__ import annotations

import os
import re


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


class StoreError(VanbanError):
    """The store cannot be used (read-only, full, locked, not a database, damaged): ``path`` names the
    store, ``reason`` says what happened and what to do."""


EMPTY = "empty file"
NO_TEXT = "no text in the file (only whitespace)"
BINARY = "binary file, not text (NUL bytes and no known document format)"
NOT_FOUND = "no such file"
IS_DIRECTORY = "is a directory"
NOT_REGULAR = "not a regular file but {kind}: refused without reading it"
DANGLING_LINK = "symbolic link to a file that does not exist ({target})"
LINK_LOOP = "symbolic link loop (the link leads back to itself)"
UNREADABLE = "cannot read the file: {error}"
UNKNOWN_ENCODING = "not UTF-8 or UTF-16 text and no legacy Vietnamese encoding (TCVN3, VNI) recognised"
TOO_LARGE = "file too large ({size:,} bytes; the limit is {limit:,})"
TOO_MUCH_TEXT = "too much text ({size:,} characters; the limit is {limit:,}, VANBAN_MAX_BYTES)"
PDF_ENCRYPTED = "encrypted PDF (a password is needed to read it)"
PDF_BROKEN = "not a readable PDF ({error})"
PDF_NO_PAGES = "PDF has no pages"
TOO_MANY_PAGES = "too many pages ({pages:,}; the limit is {limit:,}, VANBAN_MAX_PAGES)"
PAGE_TOO_DENSE = "page {page} has {chars:,} characters (the limit is {limit:,}, VANBAN_MAX_PAGE_CHARS)"
DOCX_BOMB = "DOCX unpacks to {size:,} bytes (a decompression bomb; the limit is {limit:,}, VANBAN_MAX_UNPACKED)"
PDF_NO_TEXT = "PDF has no text layer (scanned pages, left unread by --ocr never; --ocr auto, the default, reads them by OCR)"
PDF_NO_TEXT_AFTER_OCR = "PDF has no text: no text layer, and OCR found none on its pages (blank or unreadable scans)"
PDF_NO_TEXT_NO_OCR = "PDF has no text layer (scanned pages) and {why}"
OCR_UNAVAILABLE = "OCR was asked for but {why}"
OCR_FAILED = "OCR failed on page {page} ({error})"
DOCX_BROKEN = "not a readable DOCX file ({error})"
DOCX_ENCRYPTED = "encrypted DOCX: cannot be read without its password"
DOC_BROKEN = "not a readable Word 97–2003 .doc file ({error})"
UNSUPPORTED = "unsupported file type {suffix!r} (vanban reads .txt, .md, .pdf, .docx, .doc, .html)"


# -- what a failed file is, in the end summary of a batch -----------------------------------------

_KINDS = [(EMPTY, "empty"), (NO_TEXT, "empty"), (NOT_FOUND, "missing"), (IS_DIRECTORY, "not a regular file"),
          (NOT_REGULAR, "not a regular file"), (DANGLING_LINK, "dangling link"), (LINK_LOOP, "link loop"),
          (UNREADABLE, "unreadable"), (TOO_LARGE, "too large"), (TOO_MUCH_TEXT, "too large"), ("could not be stored", "not stored")]


def kind(reason: str) -> str:
    """The kind of failure a reason names, for the counts of a batch's summary."""
    for template, name in _KINDS:
        if reason.startswith(template.split("{")[0]):
            return name
    return "not a readable document"


# -- file names as text ---------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_path(path: str | os.PathLike) -> str:
    """A file name as text any output takes (issue 16): bytes that are not UTF-8 (``bad\\xff.txt``)
    and control characters (a newline in a name would break a one-line error) written as escapes.
    The file itself is still opened by its real name."""
    text = os.fsdecode(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = os.fsencode(text).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
