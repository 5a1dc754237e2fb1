"""Word 97–2003 binary documents (``.doc``): the main text, paragraphs and tables.

The file is an OLE compound file (read with olefile). Its ``WordDocument`` stream starts with
the File Information Block; the text is stored in pieces listed by the piece table (``Clx``) of
the ``0Table``/``1Table`` stream, each piece either 8-bit (cp1252) or UTF-16LE ([MS-DOC] 2.4.1).
Paragraphs end with ``\\r``; table cells end with ``\\x07``, and the paragraph properties
(``PlcBtePapx`` → ``PapxFkp`` → ``sprmPFTtp``) tell a row's end mark from a cell's ([MS-DOC]
2.4.3–2.4.4). Field codes (``\\x13 code \\x14 result \\x15``) keep their result only.

:func:`doc_blocks` gives the document as paragraphs and tables (rows of cells of lines) in
order, for the reader to write out as it writes DOCX.
"""

from __future__ import annotations

import io
import struct
from bisect import bisect_right
from dataclasses import dataclass

_MAGIC = 0xA5EC
_FIELD_BEGIN, _FIELD_SEP, _FIELD_END = "\x13", "\x14", "\x15"
_CELL = "\x07"
# characters that stand for an object, a note reference or a soft hyphen: no text
_DROP = dict.fromkeys(map(ord, "\x01\x02\x03\x04\x05\x06\x08\x1f"), None)
_MAP = {ord("\x0b"): "\n", ord("\x0c"): "\n", ord("\x1e"): "-", ord("\xa0"): " ", ord("\t"): " "}
_SPRM_TTP = 0x2417  # sprmPFTtp: this paragraph mark ends a table row
_SPRM_INNER_TTP = 0x244C  # sprmPFInnerTtp: ends a row of a nested table
_SPRM_IN_TABLE = 0x2416  # sprmPFInTable
_SPRM_ITAP = 0x6649  # sprmPItap: table depth
_SPRM_DEF_TABLE = 0xD608  # sprmTDefTable: the row's cells (TC80), vertical merge flags among them
_SPRM_VERT_MERGE = 0xD62B  # sprmTVertMerge (on a row's end mark): cell itc continues the cell above


class DocFormatError(ValueError):
    """The bytes are not a Word 97–2003 document this reader can read; the message says why."""


@dataclass(slots=True)
class _Piece:
    cp_start: int
    cp_end: int
    fc: int  # byte offset in WordDocument
    compressed: bool

    def fc_of(self, cp: int) -> int:
        return self.fc + (cp - self.cp_start) * (1 if self.compressed else 2)


def _fib(word: bytes) -> tuple[bool, int, int, int, int, int]:
    """(table stream is 1Table, ccpText, fcClx, lcbClx, fcPlcfBtePapx, lcbPlcfBtePapx) from the FIB."""
    if len(word) < 0x22 or struct.unpack_from("<H", word, 0)[0] != _MAGIC:
        raise DocFormatError("no Word document header (FIB)")
    nfib = struct.unpack_from("<H", word, 2)[0]
    if nfib < 0x65:  # Word 6 and Word 95 store text another way
        raise DocFormatError("Word 6/95 format (save it as .docx or Word 97–2003)")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & 0x0100:
        raise DocFormatError("encrypted (a password is needed to read it)")
    pos = 0x20
    csw = struct.unpack_from("<H", word, pos)[0]
    pos += 2 + 2 * csw
    cslw = struct.unpack_from("<H", word, pos)[0]
    lw = pos + 2
    if cslw < 4:
        raise DocFormatError("damaged FIB")
    ccp_text = struct.unpack_from("<i", word, lw + 3 * 4)[0]
    pos = lw + 4 * cslw
    cb = struct.unpack_from("<H", word, pos)[0]
    blob = pos + 2
    if cb < 34:
        raise DocFormatError("damaged FIB")
    fc_clx, lcb_clx = struct.unpack_from("<II", word, blob + 33 * 8)
    fc_papx, lcb_papx = struct.unpack_from("<II", word, blob + 13 * 8)
    return bool(flags & 0x0200), ccp_text, fc_clx, lcb_clx, fc_papx, lcb_papx


def _pieces(table: bytes, fc_clx: int, lcb_clx: int) -> list[_Piece]:
    pos, end = fc_clx, fc_clx + lcb_clx
    if end > len(table):
        raise DocFormatError("damaged piece table")
    while pos < end and table[pos] == 0x01:  # Prc: formatting of complex files, skipped
        (cb,) = struct.unpack_from("<h", table, pos + 1)
        pos += 3 + cb
    if pos >= end or table[pos] != 0x02:
        raise DocFormatError("damaged piece table")
    (lcb,) = struct.unpack_from("<I", table, pos + 1)
    plc = pos + 5
    n = (lcb - 4) // 12
    if n <= 0 or plc + lcb > len(table):
        raise DocFormatError("damaged piece table")
    cps = struct.unpack_from(f"<{n + 1}I", table, plc)
    out = []
    for i in range(n):
        (raw_fc,) = struct.unpack_from("<I", table, plc + 4 * (n + 1) + 8 * i + 2)
        compressed = bool(raw_fc & 0x40000000)
        fc = raw_fc & 0x3FFFFFFF
        out.append(_Piece(cps[i], cps[i + 1], fc // 2 if compressed else fc, compressed))
    return out


def _text(word: bytes, pieces: list[_Piece], ccp: int) -> str:
    parts = []
    for p in pieces:
        if p.cp_start >= ccp:
            break
        n = min(p.cp_end, ccp) - p.cp_start
        if p.compressed:
            parts.append(word[p.fc:p.fc + n].decode("cp1252", errors="replace"))
        else:
            parts.append(word[p.fc:p.fc + 2 * n].decode("utf-16-le", errors="replace"))
    return "".join(parts)


def _sprm_size(sprm: int, grpprl: bytes, pos: int) -> int:
    spra = sprm >> 13
    if spra in (0, 1):
        return 1
    if spra in (2, 4, 5):
        return 2
    if spra == 3:
        return 4
    if spra == 7:
        return 3
    # variable: the first byte is the size (sprmTDefTable and sprmPChgTabs count differently)
    if sprm == 0xD608 and pos + 1 < len(grpprl):
        return struct.unpack_from("<H", grpprl, pos)[0] + 1
    if pos < len(grpprl):
        return grpprl[pos] + 1
    return 1


def _merged_in_def_table(operand: bytes) -> set[int]:
    """Cells whose TC80 says "merged with the cell above" (tcgrf bits 5–6 = 1) in sprmTDefTable's
    operand: cb (2 bytes), itcMac, rgdxaCenter (itcMac + 1 shorts), rgTc80 (20 bytes each)."""
    itc_mac = operand[2]
    base = 3 + 2 * (itc_mac + 1)
    out = set()
    for i in range(itc_mac):
        at = base + 20 * i
        if at + 2 > len(operand):
            break
        (tcgrf,) = struct.unpack_from("<H", operand, at)
        if (tcgrf >> 5) & 3 == 1:
            out.add(i)
    return out


def _row_end(grpprl: bytes) -> tuple[bool, frozenset[int]]:
    """Whether the paragraph properties say this mark ends a table row (outer or nested), and
    which cells of that row continue a vertical merge."""
    pos = 0
    depth = 1
    ttp = inner = False
    merged: set[int] = set()
    while pos + 2 <= len(grpprl):
        (sprm,) = struct.unpack_from("<H", grpprl, pos)
        pos += 2
        size = _sprm_size(sprm, grpprl, pos)
        operand = grpprl[pos:pos + size]
        if sprm == _SPRM_TTP and operand[:1] == b"\x01":
            ttp = True
        elif sprm == _SPRM_INNER_TTP and operand[:1] == b"\x01":
            inner = True
        elif sprm == _SPRM_ITAP and len(operand) == 4:
            depth = struct.unpack("<i", operand)[0]
        elif sprm == _SPRM_VERT_MERGE and len(operand) == 3 and operand[2] == 1:
            merged.add(operand[1])
        elif sprm == _SPRM_DEF_TABLE and len(operand) >= 3:
            merged |= _merged_in_def_table(operand)
        pos += size
    return ttp or inner and depth >= 1, frozenset(merged)


def _row_end_fcs(word: bytes, table: bytes, fc_papx: int,
                 lcb_papx: int) -> list[tuple[int, int, bool, frozenset[int]]]:
    """(start fc, end fc, ends a row, cells merged with the row above) of every paragraph run in the
    paragraph-property pages."""
    if lcb_papx < 8 or fc_papx + lcb_papx > len(table):
        return []
    n = (lcb_papx - 4) // 8
    pns = struct.unpack_from(f"<{n}I", table, fc_papx + 4 * (n + 1))
    runs = []
    for pn in pns:
        page = (pn & 0x3FFFFF) * 512
        if page + 512 > len(word):
            continue
        fkp = word[page:page + 512]
        crun = fkp[511]
        if crun == 0 or 4 * (crun + 1) + 13 * crun > 511:
            continue
        fcs = struct.unpack_from(f"<{crun + 1}I", fkp, 0)
        for i in range(crun):
            boffset = fkp[4 * (crun + 1) + 13 * i]
            ends_row, merged = False, frozenset()
            if boffset:
                at = 2 * boffset
                cb = fkp[at]
                if cb == 0:
                    size, at = 2 * fkp[at + 1], at + 2
                else:
                    size, at = 2 * cb - 1, at + 1
                grpprl = fkp[at + 2:at + size]  # after the style index
                ends_row, merged = _row_end(grpprl)
            runs.append((fcs[i], fcs[i + 1], ends_row, merged))
    runs.sort()
    return runs


def doc_blocks(data: bytes) -> list[str | list[list[list[str]]]]:
    """The main text of a ``.doc`` as blocks in order: a paragraph's text (``str``), or a table
    (rows of cells, each cell a list of its paragraphs' lines). Raises :class:`DocFormatError`."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error) as exc:
        raise DocFormatError(f"not an OLE compound file ({exc})") from None
    try:
        if not ole.exists("WordDocument"):
            raise DocFormatError("no WordDocument stream (not a Word document)")
        word = ole.openstream("WordDocument").read()
        one_table, ccp, fc_clx, lcb_clx, fc_papx, lcb_papx = _fib(word)
        name = "1Table" if one_table else "0Table"
        if not ole.exists(name):
            raise DocFormatError(f"no {name} stream")
        table = ole.openstream(name).read()
    except (OSError, struct.error) as exc:
        raise DocFormatError(f"damaged file ({exc})") from None
    finally:
        ole.close()
    try:
        pieces = _pieces(table, fc_clx, lcb_clx)
        text = _text(word, pieces, ccp)
        runs = _row_end_fcs(word, table, fc_papx, lcb_papx)
    except struct.error as exc:
        raise DocFormatError(f"damaged file ({exc})") from None
    starts = [r[0] for r in runs]
    piece_starts = [p.cp_start for p in pieces]

    def ends_row(cp: int) -> frozenset[int] | None:
        """The cells merged with the row above when the mark at ``cp`` ends a row, else None."""
        k = bisect_right(piece_starts, cp) - 1
        if k < 0:
            return None
        fc = pieces[k].fc_of(cp)
        i = bisect_right(starts, fc) - 1
        if i >= 0 and runs[i][0] <= fc < runs[i][1] and runs[i][2]:
            return runs[i][3]
        return None

    return _blocks(_fields(text), ends_row)


def _fields(text: str) -> list[tuple[int, str]]:
    """(cp, character) of the text without field codes (a field keeps its result)."""
    out = []
    stack: list[bool] = []  # per open field: are we in its code part?
    for cp, ch in enumerate(text):
        if ch == _FIELD_BEGIN:
            stack.append(True)
            continue
        if ch == _FIELD_SEP and stack:
            stack[-1] = False
            continue
        if ch == _FIELD_END and stack:
            stack.pop()
            continue
        if any(stack):
            continue
        out.append((cp, ch))
    return out


def _blocks(chars: list[tuple[int, str]], ends_row) -> list[str | list[list[list[str]]]]:
    blocks: list[str | list[list[list[str]]]] = []
    para: list[str] = []
    cell: list[str] = []  # paragraphs of the open cell
    row: list[list[str]] = []
    rows: list[list[list[str]]] = []

    def line() -> str:
        return "".join(para).translate(_DROP).translate(_MAP)

    for cp, ch in chars:
        if ch == "\r":
            if rows and not row and not cell:
                blocks.append(rows)  # a paragraph after a table ends it
                rows = []
            if row or cell:
                cell.append(line())  # a paragraph inside a cell
            else:
                blocks.append(line())
            para = []
        elif ch == _CELL:
            merged = ends_row(cp)
            if merged is not None:
                if para or cell:
                    cell.append(line())
                    row.append(cell)
                for itc in merged:  # a vertical merge reads as the text of the cell above
                    if rows and itc < len(row) and itc < len(rows[-1]) and not any(t.strip() for t in row[itc]):
                        row[itc] = list(rows[-1][itc])
                rows.append(row)
                row, cell, para = [], [], []
            else:
                cell.append(line())
                row.append(cell)
                cell, para = [], []
        else:
            para.append(ch)
    if row or cell:
        if para:
            cell.append(line())
        if cell:
            row.append(cell)
        rows.append(row)
    if rows:
        blocks.append(rows)
    if para:
        blocks.append(line())
    return blocks
