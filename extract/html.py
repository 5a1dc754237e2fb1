"""HTML pages saved from legal portals → the document's text, tables as pipe rows.

Parsed with the standard library's :class:`html.parser.HTMLParser` into a small tree (tolerant of
the unclosed ``<p>``, ``<li>``, ``<td>`` and ``<tr>`` that portal pages are full of), then:

- the document is the portal's full-text container (``rules/html.yaml``: ``#toanvancontent`` on
  vbpl.vn and the like), else the smallest block around the national motto that holds the body,
  else the page without its site furniture (menus, header, footer);
- block elements become lines; a data table becomes one ``| cell | cell |`` row per ``<tr>`` (the
  form the task stage reads as a table; text broken over lines inside a cell is joined), and a
  layout table — one cell per row, or cells holding tables — is read as the blocks it holds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser

import regex

from . import limits, rules
from .models import pipe_row

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
BLOCK = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li",
    "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul", "br", "caption",
}
# an open <p> is closed by these; an open <li>/<td>/<tr> by a sibling of its kind
_CLOSES_P = (BLOCK - {"br", "body", "html"}) | {"p"}
# an open <li>, <td>… is closed by a sibling of its kind, looking no further up than its list/row
_SIBLINGS = {"li": ({"li"}, {"ul", "ol", "table"}), "dt": ({"dt", "dd"}, {"dl", "table"}),
             "dd": ({"dt", "dd"}, {"dl", "table"}), "tr": ({"tr"}, {"table"}),
             "td": ({"td", "th"}, {"tr", "table"}), "th": ({"td", "th"}, {"tr", "table"}),
             "option": ({"option"}, {"select"})}
_TABLE_SCOPE = {"table", "td", "th"}
MAX_DEPTH = 256  # deeper elements are attached at this depth (hostile nesting cannot blow the stack)
MAX_CLIMB = 16  # levels from the motto up to the document's block (a portal page needs about 8)
FEED = 65536  # characters fed to the parser between time-limit checks
_SPACE = regex.compile(r"[ \t\r\n\f\v]+")


@dataclass(eq=False, slots=True)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)  # Element | str
    parent: Element | None = None

    def iter(self):
        """This element and every element inside it, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([c for c in node.children if isinstance(c, Element)]))

    def text(self, skip: frozenset[str] = frozenset(), limit: int | None = None) -> str:
        """The text inside, or its first ``limit`` characters or so."""
        out: list[str] = []
        size = 0
        stack: list = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                out.append(node)
                size += len(node)
                if limit is not None and size >= limit:
                    break
            elif node.tag not in skip:
                stack.extend(reversed(node.children))
        return "".join(out)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack = [self.root]
        self.open = Counter()  # open elements by tag: most starts need not look up the stack at all

    def handle_starttag(self, tag, attrs):
        if tag in _CLOSES_P:
            self._close_open({"p"}, stop=_TABLE_SCOPE)
        if tag in _SIBLINGS:
            self._close_open(*_SIBLINGS[tag])
        element = Element(tag, {k: v or "" for k, v in attrs})
        parent = self.stack[-1]
        element.parent = parent
        parent.children.append(element)
        if tag not in VOID and len(self.stack) < MAX_DEPTH:
            self.stack.append(element)
            self.open[tag] += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self._pop_to(len(self.stack) - 1)

    def handle_endtag(self, tag):
        if not self.open[tag]:
            return  # an end tag with no open element: ignored, as browsers do
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self._pop_to(i)
                return

    def _pop_to(self, i: int) -> None:
        for element in self.stack[i:]:
            self.open[element.tag] -= 1
        del self.stack[i:]

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def _close_open(self, tags: set[str], stop: set[str]) -> None:
        if not any(self.open[t] for t in tags):
            return
        for i in range(len(self.stack) - 1, 0, -1):
            t = self.stack[i].tag
            if t in tags:
                self._pop_to(i)
                return
            if t in stop:
                return


@cache
def _config() -> dict:
    return rules.load("html")


# "<p<p<p…": a tag that never closes before the next "<" is text; left as is, the standard parser
# rescans it at every "<" (quadratic: 100,000 of them took 15 s)
_UNCLOSED_TAG = regex.compile(r"<(?=[A-Za-z][^<>]*<)")


def parse(text: str) -> Element:
    builder = _TreeBuilder()
    text = _UNCLOSED_TAG.sub("&lt;", text)
    for i in range(0, len(text), FEED):
        builder.feed(text[i:i + FEED])
        limits.check()
    builder.close()
    return builder.root


def document_element(root: Element) -> tuple[Element, frozenset[str]]:
    """The element holding the document, and the tags to leave out inside it."""
    cfg = _config()
    skip = frozenset(cfg["skip"])
    selectors = cfg["containers"]
    found: dict[str, list[Element]] = {}
    for element in root.iter():
        for selector in (f"#{element.attrs.get('id')}", *(f".{c}" for c in element.attrs.get("class", "").split()),
                         element.tag):
            found.setdefault(selector, []).append(element)
    limits.check()
    for selector in selectors:
        for element in found.get(selector, ()):
            text = _SPACE.sub(" ", element.text(skip, limit=2 * cfg["min_chars"])).strip()
            if len(text) >= cfg["min_chars"]:
                return element, skip
    anchor = _motto_anchor(root, skip, _fold(cfg["motto_anchor"]))
    node, steps = anchor, 0
    while node is not None and node.tag not in {"#root", "html", "body"} and steps < MAX_CLIMB:
        limit = cfg["motto_block_chars"]
        if node.tag not in _TABLE_PARTS and len(node.text(skip, limit=limit)) >= limit:
            return node, skip
        node, steps = node.parent, steps + 1
    return root, skip | frozenset(cfg["furniture"])


_TABLE_PARTS = {"table", "tbody", "thead", "tfoot", "tr", "td", "th"}


def _motto_anchor(root: Element, skip: frozenset[str], anchor: str) -> Element | None:
    """The element whose own text holds the first words of the national motto."""
    for element in root.iter():
        if element.tag in skip:
            continue
        for child in element.children:
            if isinstance(child, str) and anchor in _fold(child):
                return element
    return None


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).upper()


def to_text(root: Element, skip: frozenset[str]) -> str:
    """Lines of ``root``: blocks on lines of their own, data tables as pipe rows."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = _SPACE.sub(" ", "".join(current)).strip()
        if line:
            lines.append(line)
        current.clear()

    stack: list = [root]
    while stack:
        node = stack.pop()
        if node is _FLUSH:
            flush()
            continue
        if isinstance(node, str):
            current.append(node)
            continue
        if node.tag in skip:
            continue
        if node.tag == "table":
            rows = _rows(node, skip)
            if rows is not None:
                flush()
                lines.extend(rows)
                continue
        if node.tag in BLOCK or node.tag in {"tr", "td", "th", "tbody", "thead", "tfoot"}:
            flush()
            stack.append(_FLUSH)
        stack.extend(reversed(node.children))
    flush()
    return "\n".join(lines)


_FLUSH = object()


def _rows(table: Element, skip: frozenset[str]) -> list[str] | None:
    """Pipe rows of a data table, or None for a layout table (read as blocks instead)."""
    if is_layout(table.text(skip)):
        return None
    rows = [e for e in table.iter() if e.tag == "tr" and _owner(e) is table]
    out = []
    wide = False
    carried: dict[int, tuple[str, int]] = {}  # column → (text of a rowspan cell, rows it still covers)
    for tr in rows:
        cells = [c for c in tr.children if isinstance(c, Element) and c.tag in {"td", "th"}]
        if any(e.tag == "table" for c in cells for e in c.iter() if e is not c):
            return None  # a table inside a cell: this one only lays out the page
        texts = _grid_row([(_SPACE.sub(" ", _cell_text(c, skip)).strip(), _span(c, "rowspan"), _span(c, "colspan"))
                           for c in cells], carried)
        if sum(1 for t in texts if t) >= 2:
            wide = True
        if any(texts):
            out.append(pipe_row(texts))
    return out if wide else None


def _span(cell: Element, attr: str) -> int:
    value = regex.match(r"\s*(\d{1,3})", cell.attrs.get(attr, ""))
    return max(1, min(100, int(value.group(1)))) if value else 1


def _grid_row(cells: list[tuple[str, int, int]], carried: dict[int, tuple[str, int]]) -> list[str]:
    """A row's texts on the table's grid, as Word tables are read (``extract.read``): a cell spanning
    columns keeps its text in the first, the others are empty; a cell spanning rows repeats its text in
    the rows below, so each row reads whole."""
    out: list[str] = []
    pending = list(cells)
    col = 0
    while pending or any(c >= col for c in carried):
        if col in carried:
            text, left = carried[col]
            out.append(text)
            if left > 1:
                carried[col] = (text, left - 1)
            else:
                del carried[col]
            col += 1
            continue
        if not pending:
            break
        text, rows, cols = pending.pop(0)
        for k in range(cols):
            out.append(text if k == 0 else "")
            if rows > 1:
                carried[col + k] = (text if k == 0 else "", rows - 1)
        col += cols
    return out


@cache
def _layout_cue() -> regex.Pattern:
    cues = _config()["layout_cues"]
    return regex.compile(r"(?<![\p{L}])(?:" + rules.phrases(cues) + ")")


def is_layout(table_text: str) -> bool:
    """Whether a table with this text lays out the header or signature block (HTML and DOCX alike)."""
    return _layout_cue().search(table_text) is not None


def _owner(tr: Element) -> Element | None:
    node = tr.parent
    while node is not None and node.tag != "table":
        node = node.parent
    return node


def _cell_text(cell: Element, skip: frozenset[str]) -> str:
    """A cell's text on one line: its paragraphs and line breaks joined by spaces."""
    out: list[str] = []
    stack: list = [cell]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            out.append(node)
        elif node.tag not in skip:
            if node.tag in BLOCK:
                out.append(" ")
            stack.extend(reversed(node.children))
    return "".join(out)


def html_text(text: str) -> str:
    """The document's text from an HTML page."""
    root = parse(text)
    element, skip = document_element(root)
    return to_text(element, skip)
