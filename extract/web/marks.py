"""A document's clean text as HTML with every extracted value marked at its span.

Spans nest (a task holds its references, units and deadlines) and may cross; the text is cut at every
span's ends and each piece is wrapped in the marks over it, outermost first, so the HTML stays well
formed: a mark that crosses another is closed and opened again, under the same ``data-item``.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# nesting order when two marks cover the same characters: the wider kind outside
_RANK = {"task": 0, "reference": 1, "unit": 2, "deadline": 3}


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # task | reference | unit | deadline
    item: str  # the DOM id of the item's card in the side panel
    classes: str = ""
    title: str = ""


def locate(text: str, needle: str, start: int, end: int, before: int = 4000) -> tuple[int, int] | None:
    """Where ``needle`` is written within ``text[start:end]`` (units and deadlines are stored without
    spans: they are found in their task's span), case aside when it is not written as stored; else its
    nearest writing before the task, within ``before`` characters (a unit heading with its duties
    beneath: ``1. Sở Tư pháp`` / ``- Chủ trì …``)."""
    if not needle:
        return None
    at = text.find(needle, start, end)
    if at < 0:
        at = text[start:end].casefold().find(needle.casefold())
        at = at + start if at >= 0 else -1
    if at < 0:
        lo = max(0, start - before)
        at = text[lo:start].casefold().rfind(needle.casefold())
        at = at + lo if at >= 0 else -1
    return (at, at + len(needle)) if at >= 0 else None


def render(text: str, marks: list[Mark]) -> str:
    """``text`` escaped, with every mark as a ``<span class="hl …">`` around its characters."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    order = {m: k for k, m in enumerate(sorted(marks, key=lambda m: (m.start, -m.end, _RANK.get(m.kind, 9), m.item)))}
    starts: dict[int, list[Mark]] = {}
    ends: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
        ends.setdefault(m.end, []).append(m)
    bounds = sorted({0, len(text), *starts, *ends})
    out: list[str] = []
    stack: list[Mark] = []
    active: set[Mark] = set()
    opened: set[Mark] = set()
    for a, b in zip(bounds, bounds[1:], strict=False):
        active -= set(ends.get(a, ()))
        active |= set(starts.get(a, ()))
        want = sorted(active, key=order.__getitem__)
        common = 0
        while common < len(stack) and common < len(want) and stack[common] is want[common]:
            common += 1
        for _ in range(len(stack) - common):
            out.append("</span>")
            stack.pop()
        for m in want[common:]:
            out.append(_open(m, first=m not in opened))
            opened.add(m)
            stack.append(m)
        out.append(escape(text[a:b], quote=False))
    out += ["</span>"] * len(stack)
    return "".join(out)


def _open(m: Mark, first: bool) -> str:
    attrs = f' class="hl hl-{m.kind} {escape(m.classes)}" data-item="{escape(m.item)}"'
    if first:
        attrs += f' id="at-{escape(m.item)}" tabindex="0"'
    if m.title:
        attrs += f' title="{escape(m.title)}"'
    return f"<span{attrs}>"
