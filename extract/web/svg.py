"""The citation graph around a document as an inline SVG, laid out on the server: the root in the
middle, what it cites in columns to its right (one column per step), what cites it to its left.
No JavaScript and no layout library: a column per distance, nodes sorted by label within it."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

COLUMN, ROW, BOX_W, BOX_H, MARGIN = 300, 34, 240, 24, 20
COLOURS = {"based_on": "#1f77b4", "implements": "#2ca02c", "amends": "#ff7f0e", "replaces": "#d62728",
           "repeals": "#8c1c13", "guides": "#9467bd", "mentions": "#7f7f7f"}


@dataclass
class GNode:
    id: int
    label: str
    href: str
    ingested: bool
    column: int  # 0 the root, > 0 cited by it (steps away), < 0 citing it
    tooltip: str = ""


@dataclass
class GEdge:
    source: int
    target: int
    relation: str
    via_of: bool
    corrected: bool = False


def columns(root: int, edges: list[GEdge], depth: int, direction: str) -> dict[int, int]:
    """Each node's column: its distance from the root, positive along citations, negative against."""
    out: dict[int, int] = {root: 0}
    frontier_out, frontier_in = [root], [root]
    for step in range(1, depth + 1):
        if direction in ("out", "both"):
            nxt = [e.target for e in edges if e.source in frontier_out and e.target not in out]
            for n in nxt:
                out.setdefault(n, step)
            frontier_out = nxt
        if direction in ("in", "both"):
            nxt = [e.source for e in edges if e.target in frontier_in and e.source not in out]
            for n in nxt:
                out.setdefault(n, -step)
            frontier_in = nxt
    return out


def draw(nodes: list[GNode], edges: list[GEdge], root: int) -> str:
    cols = sorted({n.column for n in nodes})
    by_col: dict[int, list[GNode]] = {c: sorted((n for n in nodes if n.column == c), key=lambda n: n.label)
                                      for c in cols}
    rows = max((len(v) for v in by_col.values()), default=1)
    width = MARGIN * 2 + COLUMN * (len(cols) - 1) + BOX_W
    height = MARGIN * 2 + ROW * rows
    place: dict[int, tuple[float, float]] = {}
    for ci, c in enumerate(cols):
        col = by_col[c]
        top = MARGIN + (rows - len(col)) * ROW / 2
        for ri, n in enumerate(col):
            place[n.id] = (MARGIN + ci * COLUMN, top + ri * ROW)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="citation graph">',
             "<defs>" + "".join(
                 f'<marker id="arrow-{r}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
                 f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{c}"/></marker>'
                 for r, c in COLOURS.items()) + "</defs>"]
    for e in edges:
        if e.source not in place or e.target not in place:
            continue
        (x1, y1), (x2, y2) = place[e.source], place[e.target]
        colour = COLOURS.get(e.relation, "#7f7f7f")
        sx, tx = (x1 + BOX_W, x2) if x2 > x1 else ((x1, x2 + BOX_W) if x2 < x1 else (x1 + BOX_W, x2 + BOX_W))
        sy, ty = y1 + BOX_H / 2, y2 + BOX_H / 2
        bend = (tx - sx) / 2 if x1 != x2 else 60
        dash = ' stroke-dasharray="5 3"' if e.via_of else ""
        parts.append(f'<path class="edge rel-{e.relation}" d="M {sx:.0f} {sy:.0f} C {sx + bend:.0f} {sy:.0f} '
                     f'{tx - bend:.0f} {ty:.0f} {tx:.0f} {ty:.0f}" fill="none" stroke="{colour}" stroke-width="1.4"'
                     f'{dash} marker-end="url(#arrow-{e.relation if e.relation in COLOURS else "mentions"})">'
                     f'<title>{escape(e.relation)}{" (corrected)" if e.corrected else ""}'
                     f'{" — stated in a cited title" if e.via_of else ""}</title></path>')
    for n in nodes:
        x, y = place[n.id]
        cls = "node" + (" ingested" if n.ingested else "") + (" root" if n.id == root else "")
        label = n.label if len(n.label) <= 34 else n.label[:33] + "…"
        parts.append(f'<a href="{escape(n.href)}" class="{cls}" data-node="{n.id}"><title>{escape(n.tooltip or n.label)}'
                     f'</title><rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="4"/>'
                     f'<text x="{x + 8:.0f}" y="{y + 16:.0f}">{escape(label)}</text></a>')
    parts.append("</svg>")
    return "".join(parts)
