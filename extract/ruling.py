"""Ruled tables read from PDFium's own page objects, at the speed of its text layer (issue 15).

A table drawn with ruling lines is found as pdfplumber's table finder finds it with its default
``lines`` strategy, which gave the reader its rows before: horizontal and vertical edges from the
page's path objects (stroked lines, thin filled rectangles, the four sides of a cell's rectangle),
snapped and joined within 3 pt, the points where they cross, the smallest rectangle each crossing
closes with its neighbours below and to the right, and cells that share a corner taken as one table.
A merged cell is such a rectangle over a missing inner line: its text stands in its first row and
column and the places it covers stay empty, as pdfplumber gives them.

Characters go to the cell that holds the middle of their box (pdfplumber's rule too), but not one by
one: PDFium's text layer is read once, line by line, and a line is placed by the boxes of its first
and last characters — word by word only where a line runs over a ruling (cells side by side on one
baseline). That is a few hundred look-ups a page where pdfplumber lays out every character; the
issue measured 91 % of a ruled document's reading time in it.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

import regex

# pdfplumber's TableSettings defaults, so that the grid is the one its finder drew
SNAP = 3.0  # parallel edges this close are one line, at their mean
JOIN = 3.0  # collinear edges with a gap this small are one edge
CROSS = 3.0  # an edge may stop this short of another and still cross it
MIN_EDGE = 3.0  # a joined edge shorter than this holds no cell
MIN_PIECE = 1.0  # a piece shorter than this is dropped before joining
THIN = 3.0  # a path object this thin across is one line along its middle
MAX_EDGES = 20_000  # more edges on a page make a drawing (or a hostile file), not a table
MAX_PAIRS = 1_000_000  # joined horizontal × vertical edges to cross: beyond, a drawing too
LINE_TOLERANCE = 3.0  # pieces of a cell this close vertically are one line of it (pdfplumber's y_tolerance)

_LINE = regex.compile(r"[^\r\n]+")
_WORD = regex.compile(r"\S+")


class Undecided(Exception):  # noqa: N818 — a verdict, not a failure
    """PDFium's objects cannot place this page's tables: a rotated page (pdfplumber reads it in
    its displayed orientation), or a text layer whose text does not line up with its characters."""


@dataclass(slots=True)
class Rulings:
    """A page's path objects (to the depth ``get_objects(max_depth=2)`` sees) and the axis-aligned
    edges they draw, in a top-down frame: ``y`` is minus PDF's, so that sorting puts the top first."""

    paths: int
    horizontal: list[tuple[float, float, float]]  # (y, x0, x1)
    vertical: list[tuple[float, float, float]]  # (x, y0, y1), y0 above y1


@dataclass(slots=True)
class Grid:
    """One ruled table: its cells (x0, y0, x1, y1) and the rows pdfplumber's ``Table.rows`` gives —
    per distinct top, per distinct left edge, the cell starting there or None."""

    cells: list[tuple[float, float, float, float]]
    bbox: tuple[float, float, float, float]
    rows: list[list[int | None]]  # indices into cells
    tops: list[float]
    lefts: list[float]
    cover: dict[tuple[int, int], int]  # (row, column) → the cell over that place, merged cells too


# -- PDFium's calls ---------------------------------------------------------------------------------

_HOT = ("FPDFPage_GetObject", "FPDFPageObj_GetType", "FPDFPageObj_GetBounds", "FPDFPath_CountSegments",
        "FPDFPath_GetPathSegment", "FPDFPathSegment_GetClose", "FPDFText_GetLooseCharBox", "FPDFText_GetRect")


@cache
def _pdfium() -> SimpleNamespace:
    """pypdfium2's raw module, its calls made a few hundred times a page taken without their
    ``argtypes``: ctypes' checking of each argument costs more than PDFium's work in them (1.4 µs
    against 0.5 µs a call on the bench machine). Every argument passed to them here is already a
    ctypes pointer, a ``byref`` or an ``int``, so nothing is lost but the check."""
    import pypdfium2.raw as c

    calls = {}
    for name in _HOT:
        checked = getattr(c, name)
        unchecked = ctypes.CFUNCTYPE(checked.restype)(ctypes.cast(checked, ctypes.c_void_p).value)
        unchecked.argtypes = None
        calls[name] = unchecked
    return SimpleNamespace(raw=c, **calls)


def text_runs(textpage, count: int) -> list[tuple[float, float, float, float]]:
    """The boxes (left, bottom, right, top) of the first ``count`` of PDFium's text runs on a page
    (``textpage.count_rects()`` computes them) — ``get_rect`` for each, a third of its cost."""
    get_rect = _pdfium().FPDFText_GetRect
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, top, right, bottom)]
    raw = textpage.raw
    out = []
    for k in range(count):
        if get_rect(raw, k, *refs):
            out.append((left.value, bottom.value, right.value, top.value))
    return out


# -- edges from path objects ----------------------------------------------------------------------

def rulings(page) -> Rulings:
    """The edges drawn on ``page`` (a pypdfium2 page): one pass over its objects with PDFium's raw
    calls — the object's bounds for a line or a rectangle, its segments only for other shapes."""
    fast = _pdfium()
    c = fast.raw
    out = Rulings(0, [], [])
    box = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(v) for v in box]
    raw = page.raw
    get_object = fast.FPDFPage_GetObject
    objs = [get_object(raw, j) for j in range(c.FPDFPage_CountObjects(raw))]
    _collect(fast, objs, None, True, out, box, refs)
    return out


def _collect(fast, objs, matrix, descend: bool, out: Rulings, box, refs) -> None:
    c = fast.raw
    path, form = c.FPDF_PAGEOBJ_PATH, c.FPDF_PAGEOBJ_FORM
    get_type, get_bounds = fast.FPDFPageObj_GetType, fast.FPDFPageObj_GetBounds
    count_segments = fast.FPDFPath_CountSegments
    b_left, b_bottom, b_right, b_top = box
    r_left, r_bottom, r_right, r_top = refs
    hs, vs = out.horizontal, out.vertical
    for obj in objs:
        kind = get_type(obj)
        if kind == path:
            out.paths += 1
            if len(hs) + len(vs) > MAX_EDGES or not get_bounds(obj, r_left, r_bottom, r_right, r_top):
                continue
            left, bottom, right, top = b_left.value, b_bottom.value, b_right.value, b_top.value
            if matrix is not None:  # inside a form XObject: bounds in the form's space
                left, bottom, right, top = _transform_box(matrix, left, bottom, right, top)
            width, height = right - left, top - bottom
            n = count_segments(obj)
            if (height <= THIN or width <= THIN) and n <= 5:  # a stroked line, a thin filled rectangle, a dash
                if width >= height and width >= MIN_PIECE:
                    hs.append((-(bottom + top) / 2, left, right))
                elif height > width and height >= MIN_PIECE:
                    vs.append(((left + right) / 2, -top, -bottom))
                continue
            if (n == 5 or n == 4) and _closed(fast, obj, n - 1):
                # ``re`` or ``m l l l h``: a cell's rectangle, its box — a stroke's half-width outside
                # each side, which snapping takes back onto the line it shares with the next cell
                hs.append((-top, left, right))
                hs.append((-bottom, left, right))
                vs.append((left, -top, -bottom))
                vs.append((right, -top, -bottom))
                continue
            _segments(c, obj, matrix, n, out)
        elif kind == form and descend:
            m = c.FS_MATRIX()
            if not c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
                continue
            own = (m.a, m.b, m.c, m.d, m.e, m.f)
            children = [c.FPDFFormObj_GetObject(obj, j) for j in range(c.FPDFFormObj_CountObjects(obj))]
            _collect(fast, children, own if matrix is None else _compose(own, matrix), False, out, box, refs)


def _closed(fast, obj, k: int) -> bool:
    """Segment ``k`` closes its figure (``h``, or the last side of ``re``): four or five points
    closed are a rectangle, where ``m l m l`` (two lines) or an open polyline is not."""
    seg = fast.FPDFPath_GetPathSegment(obj, k)
    return bool(seg) and bool(fast.FPDFPathSegment_GetClose(seg))


def _segments(c, obj, matrix, n: int, out: Rulings) -> None:
    """Edges of any other path, as pdfminer gives pdfplumber a curve: the axis-aligned steps
    between its successive points (control points of a curve included)."""
    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return
    own = (m.a, m.b, m.c, m.d, m.e, m.f)
    if matrix is not None:
        own = _compose(own, matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    prev = start = None
    for k in range(n):
        seg = c.FPDFPath_GetPathSegment(obj, k)
        if not seg or not c.FPDFPathSegment_GetPoint(seg, px, py):
            continue
        point = _apply(own, x.value, y.value)
        if c.FPDFPathSegment_GetType(seg) == c.FPDF_SEGMENT_MOVETO:
            prev = start = point
            continue
        if prev is not None:
            _edge(prev, point, out)
        prev = point
        if c.FPDFPathSegment_GetClose(seg) and start is not None:
            _edge(point, start, out)
            prev = start


def _edge(p: tuple[float, float], q: tuple[float, float], out: Rulings) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 1e-3 and abs(x1 - x0) >= MIN_PIECE:
        out.horizontal.append((-y0, min(x0, x1), max(x0, x1)))
    elif abs(x0 - x1) < 1e-3 and abs(y1 - y0) >= MIN_PIECE:
        out.vertical.append((x0, -max(y0, y1), -min(y0, y1)))


def _apply(m, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _compose(inner, outer):
    """``inner`` then ``outer`` (PDF's row-vector matrices)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


Box = tuple[float, float, float, float]  # (x0, y0, x1, y1)


def _transform_box(m, left: float, bottom: float, right: float, top: float) -> Box:
    pts = [_apply(m, x, y) for x in (left, right) for y in (bottom, top)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


# -- the grid: pdfplumber's table finder, step by step --------------------------------------------

def _merge(edges: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Snap (positions chained within SNAP become their mean over the edges), join (collinear
    edges within JOIN become one), drop the short — pdfplumber's ``merge_edges`` and filters.
    Pieces shorter than MIN_PIECE never get here: :func:`rulings` leaves them out."""
    edges = sorted(edges)
    out = []
    i, n = 0, len(edges)
    while i < n:
        last = total = edges[i][0]
        j = i + 1
        while j < n:
            p = edges[j][0]
            if p > last + SNAP:
                break
            total += p
            last = p
            j += 1
        position = total / (j - i)
        if j - i == 1:
            _, lo, hi = edges[i]
            if hi - lo >= MIN_EDGE:
                out.append((position, lo, hi))
            i = j
            continue
        spans = sorted([(e[1], e[2]) for e in edges[i:j]])
        lo, hi = spans[0]
        for a, b in spans:
            if a <= hi + JOIN:
                if b > hi:
                    hi = b
            else:
                if hi - lo >= MIN_EDGE:
                    out.append((position, lo, hi))
                lo, hi = a, b
        if hi - lo >= MIN_EDGE:
            out.append((position, lo, hi))
        i = j
    return out


def grids(found: Rulings) -> list[Grid]:
    """The ruled tables of a page, top first, each of two cells at least (pdfplumber's tables)."""
    if len(found.horizontal) + len(found.vertical) > MAX_EDGES:
        return []
    hs = _merge(found.horizontal)
    vs = _merge(found.vertical)
    if not hs or not vs or len(hs) * len(vs) > MAX_PAIRS:
        return []
    # crossings: (x, y) → the vertical and horizontal edges through it (pdfplumber's intersections)
    hs.sort()  # by y, then x0
    h_ys = [h[0] for h in hs]
    crossing: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for vi, (x, y0, y1) in sorted(enumerate(vs), key=lambda iv: (iv[1][0], iv[1][1])):
        for hi in range(bisect_left(h_ys, y0 - CROSS), bisect_right(h_ys, y1 + CROSS)):
            y, x0, x1 = hs[hi]
            if x0 - CROSS <= x <= x1 + CROSS:
                v_set, h_set = crossing.setdefault((x, y), (set(), set()))
                v_set.add(vi)
                h_set.add(hi)
    cells = _cells(crossing)
    return [_grid(group) for group in _tables(cells)]


def _cells(crossing: dict[tuple[float, float], tuple[set[int], set[int]]]) -> list[Box]:
    """For each crossing, the smallest rectangle it closes with crossings below and to its right,
    all four sides drawn (pdfplumber's ``intersections_to_cells``: below first, then right)."""
    points = sorted(crossing)
    below: dict[float, list[float]] = {}
    right: dict[float, list[float]] = {}
    for x, y in points:  # in order: each list comes out sorted
        below.setdefault(x, []).append(y)
        right.setdefault(y, []).append(x)
    out = []
    for pt in points:
        x, y = pt
        xs = right[y]
        k = bisect_right(xs, x)
        if k == len(xs):
            continue
        ys = below[x]
        m = bisect_right(ys, y)
        if m == len(ys):
            continue
        p_v, p_h = crossing[pt]
        found = None
        for by in ys[m:]:
            d_v, d_h = crossing[(x, by)]
            if p_v.isdisjoint(d_v):
                continue
            for rx in xs[k:]:
                a_v, a_h = crossing[(rx, y)]
                if p_h.isdisjoint(a_h):
                    continue
                corner = crossing.get((rx, by))
                if corner is not None and not corner[0].isdisjoint(a_v) and not corner[1].isdisjoint(d_h):
                    found = (x, y, rx, by)
                    break
            if found:
                out.append(found)
                break
    return out


def _tables(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """Cells that share a corner, transitively, are one table; tables of one cell are none
    (pdfplumber's ``cells_to_tables``)."""
    parent: list[int] = []
    owner: dict[tuple[float, float], int] = {}
    for i, (x0, y0, x1, y1) in enumerate(cells):
        parent.append(i)
        for corner in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)):
            j = owner.setdefault(corner, i)
            if j == i:
                continue
            while parent[j] != j:  # the root of the table that corner belongs to, halving the path
                parent[j] = parent[parent[j]]
                j = parent[j]
            if j != i:
                parent[j] = i
    groups: dict[int, list[tuple[float, float, float, float]]] = {}
    for i, cell in enumerate(cells):
        j = i
        while parent[j] != j:
            j = parent[j]
        groups.setdefault(j, []).append(cell)
    tables = [t for t in groups.values() if len(t) > 1]
    if len(tables) > 1:  # top first, then left: the order pdfplumber gives
        tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return tables


def _grid(cells: list[tuple[float, float, float, float]]) -> Grid:
    cells.sort(key=lambda c: (c[1], c[0]))
    lefts = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})
    column = {x: k for k, x in enumerate(lefts)}
    row_of = {y: k for k, y in enumerate(tops)}
    rows: list[list[int | None]] = [[None] * len(lefts) for _ in tops]
    cover: dict[tuple[int, int], int] = {}
    for k, (x0, y0, x1, y1) in enumerate(cells):
        r, c = row_of[y0], column[x0]
        rows[r][c] = k
        r_end, c_end = bisect_left(tops, y1, r + 1), bisect_left(lefts, x1, c + 1)
        if r_end == r + 1 and c_end == c + 1:
            cover.setdefault((r, c), k)
        else:  # a merged cell: every place it covers
            for rr in range(r, r_end):
                for cc in range(c, c_end):
                    cover.setdefault((rr, cc), k)
    bbox = (lefts[0], tops[0], max(c[2] for c in cells), max(c[3] for c in cells))
    return Grid(cells, bbox, rows, tops, lefts, cover)


# -- text into cells ------------------------------------------------------------------------------

@dataclass(slots=True)
class Placed:
    """A page's text placed on its tables: each table's rows of cell texts (None where a merged
    cell covers the place), and the lines outside every table, each with its middle ``y``."""

    tables: list[list[list[str | None]]]
    lines: list[tuple[float, str]]


def place_text(textpage, tables: list[Grid]) -> Placed:
    """Read ``textpage`` (pypdfium2) once and put its characters in the cells of ``tables``."""
    fast = _pdfium()
    c = fast.raw
    n = textpage.count_chars()
    text = textpage.get_text_range() if n > 0 else ""
    if len(text) != n:  # excluded or inserted characters: index and text do not line up
        raise Undecided("the text layer does not line up with its characters")
    raw = textpage.raw
    marked = "\ufffe" in text
    if marked:  # PDFium's mark for a hyphen it joined to the next line (its char 2), or a glyph without text
        text = "".join("\x02" if ch == "\ufffe" and c.FPDFText_GetUnicode(raw, i) == 2 else ch
                       for i, ch in enumerate(text))
    rect = c.FS_RECTF()
    ref = ctypes.byref(rect)
    get_box = fast.FPDFText_GetLooseCharBox  # the font's height, as pdfminer boxes a character for pdfplumber

    def middle(i: int) -> tuple[float, float]:
        get_box(raw, i, ref)
        return (rect.left + rect.right) / 2, -(rect.top + rect.bottom) / 2

    # cells are numbered across the page's tables: table t's cell k is base[t] + k
    base = [0]
    for grid in tables:
        base.append(base[-1] + len(grid.cells))
    boxes = [box for grid in tables for box in grid.cells]
    where = _locator(tables[0]) if len(tables) == 1 else _locator_of_many(tables, base)
    top = min(g.bbox[1] for g in tables)
    bottom = max(g.bbox[3] for g in tables)
    spans = [(g.bbox[1], g.bbox[3]) for g in tables] if len(tables) > 1 else []
    pieces: list[list[tuple[float, float, str]]] = [[] for _ in range(base[-1])]
    outside: list[tuple[float, str]] = []

    def by_character(ws: int, we: int) -> None:
        run: list = []  # [cell, x, y, start, end] of the characters in one cell so far
        for i in range(ws, we):
            cx, cy = middle(i)
            at = where(cx, cy)
            if run and run[0] == at:
                run[4] = i + 1
                continue
            if run and run[0] is not None:
                pieces[run[0]].append((run[2], run[1], text[run[3]:run[4]]))
            run = [at, cx, cy, i, i + 1]
        if run and run[0] is not None:
            pieces[run[0]].append((run[2], run[1], text[run[3]:run[4]]))

    for line in _LINE.finditer(text):
        piece = line.group()
        stripped = piece.strip()
        if not stripped:
            continue
        first = line.start() + len(piece) - len(piece.lstrip())
        last = first + len(stripped) - 1
        get_box(raw, first, ref)
        fx, fy = (rect.left + rect.right) / 2, -(rect.top + rect.bottom) / 2
        if not top <= fy < bottom or spans and not any(y0 <= fy < y1 for y0, y1 in spans):
            outside.append((fy, _unmark(stripped, "-\n") if marked else stripped))
            continue
        at = where(fx, fy)
        if last == first:
            if at is not None:
                pieces[at].append((fy, fx, stripped))
            continue
        get_box(raw, last, ref)
        lx, ly = (rect.left + rect.right) / 2, -(rect.top + rect.bottom) / 2
        if at is not None:
            cx0, cy0, cx1, cy1 = boxes[at]
            if cx0 <= lx < cx1 and cy0 <= ly < cy1:  # the whole line in the cell of its first character
                pieces[at].append((fy, fx, stripped))
                continue
        # the line runs over a ruling (or out of the table): word by word, a word over a ruling by
        # character; the words of one cell in a row make one piece
        placed = []
        for word in _WORD.finditer(text, first, last + 1):
            ws, we = word.span()
            x, y = (fx, fy) if ws == first else middle(ws)
            placed.append((ws, we, x, y, at if ws == first else where(x, y)))
        run = None  # [cell, y, x, start, end]
        for k, (ws, we, x, y, at) in enumerate(placed):
            nxt = placed[k + 1][4] if k + 1 < len(placed) else where(lx, ly)
            if we - ws > 1 and nxt != at:
                ex, ey = (lx, ly) if we - 1 == last else middle(we - 1)
                if where(ex, ey) != at:
                    if run is not None:
                        pieces[run[0]].append((run[1], run[2], text[run[3]:run[4]]))
                        run = None
                    by_character(ws, we)
                    continue
            if run is not None and run[0] == at:
                run[4] = we
                continue
            if run is not None:
                pieces[run[0]].append((run[1], run[2], text[run[3]:run[4]]))
            run = None if at is None else [at, y, x, ws, we]  # a word outside every cell is dropped
        if run is not None:
            pieces[run[0]].append((run[1], run[2], text[run[3]:run[4]]))
    out = []
    for t, grid in enumerate(tables):
        rows = [[None if k is None else _cell_text(pieces[base[t] + k]) for k in row] for row in grid.rows]
        if marked:  # as pdfplumber reads the cell: the hyphen ends its line (``phát- triển``)
            rows = [[v if v is None else _unmark(v, "- ") for v in row] for row in rows]
        out.append(rows)
    return Placed(out, outside)


def _locator(grid: Grid):
    """``where(x, y)``: the cell of ``grid`` holding a point, or None — two bisections and a look-up."""
    x0, y0, x1, y1 = grid.bbox
    tops, lefts, cells = grid.tops, grid.lefts, grid.cells
    width = len(lefts)
    flat: list[int | None] = [None] * (len(tops) * width)
    for (r, c), k in grid.cover.items():
        flat[r * width + c] = k

    def where(x: float, y: float) -> int | None:
        if x < x0 or x >= x1 or y < y0 or y >= y1:
            return None
        k = flat[(bisect_right(tops, y) - 1) * width + bisect_right(lefts, x) - 1]
        if k is None:
            return None
        cx0, cy0, cx1, cy1 = cells[k]
        return k if cx0 <= x < cx1 and cy0 <= y < cy1 else None

    return where


def _locator_of_many(tables: list[Grid], base: list[int]):
    located = [(_locator(g), b) for g, b in zip(tables, base, strict=False)]

    def where(x: float, y: float) -> int | None:
        for locate, b in located:
            k = locate(x, y)
            if k is not None:
                return b + k
        return None

    return where


def _unmark(piece: str, hyphen: str) -> str:
    return piece.replace("\x02", hyphen).replace("\ufffe", "")


def _cell_text(pieces: list[tuple[float, float, str]]) -> str:
    """A cell's pieces in reading order — lines top first (pieces within LINE_TOLERANCE one line),
    left to right within a line — joined by spaces."""
    if len(pieces) <= 1:
        return pieces[0][2] if pieces else ""
    pieces.sort()
    if all(b[0] - a[0] > LINE_TOLERANCE for a, b in zip(pieces, pieces[1:], strict=False)):  # a line a piece
        return " ".join(p[2] for p in pieces)
    lines: list[list[tuple[float, float, str]]] = []
    for p in pieces:
        if lines and p[0] - lines[-1][-1][0] <= LINE_TOLERANCE:
            lines[-1].append(p)
        else:
            lines.append([p])
    return " ".join(piece for line in lines for _, _, piece in sorted(line, key=lambda p: p[1]))
