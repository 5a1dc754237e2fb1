"""Word's automatic list numbering, written out: ``I.``, ``1.``, ``a)``, ``-`` before paragraphs.

A DOCX plan numbered by Word keeps its markers in ``numbering.xml``, not in the text; without them
its outline (``II.1.a``), its items and so its tasks are lost. Each numbered paragraph names a list
(``numId``) and a level (``ilvl``), directly or through its style; the list's abstract definition
gives each level a format (decimal, letters, Roman numerals, bullet) and a pattern (``%1.%2.``).
Counters run per list; a level's counter restarts when a shallower level moves on.
"""

from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _val(el, tag: str) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val") if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:  # a damaged package: no numbering rather than no document
        return default


def _roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word: a … z, then aa, bb …
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    if not 0 < n <= 1000:  # a damaged or hostile start value: the number, not a mile of letters
        return str(n)
    if fmt in {"lowerLetter"}:
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    return str(n)  # decimal, decimalZero and the rest: the number


class Numbering:
    """Markers for the numbered paragraphs of one document, in reading order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str | None, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
            for a in root.findall(W + "abstractNum"):
                lv = {}
                for lvl in a.findall(W + "lvl"):
                    ilvl = _int(lvl.get(W + "ilvl"), 0)
                    lv[ilvl] = (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                                _int(_val(lvl, "start"), 1))
                abstract[a.get(W + "abstractNumId")] = lv
            for num in root.findall(W + "num"):
                levels = dict(abstract.get(_val(num, "abstractNumId") or "", {}))
                for override in num.findall(W + "lvlOverride"):
                    start = _val(override, "startOverride")
                    ilvl = _int(override.get(W + "ilvl"), 0)
                    if start is not None and ilvl in levels:
                        fmt, text, _ = levels[ilvl]
                        levels[ilvl] = (fmt, text, _int(start, 1))
                self.levels[num.get(W + "numId")] = levels
        try:
            for style in document.styles:
                ppr = style.element.pPr
                if ppr is not None and ppr.numPr is not None:
                    num_id = _val(ppr.numPr, "numId")
                    self.style_num[style.style_id] = (num_id, _int(_val(ppr.numPr, "ilvl"), 0))
        except (KeyError, NotImplementedError, AttributeError):
            pass

    def marker(self, paragraph) -> str:
        """The marker Word shows before ``paragraph`` (a ``w:p`` element), counting it; "" for none."""
        ppr = paragraph.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = None, 0
        if num_pr is not None:
            num_id, ilvl = _val(num_pr, "numId"), _int(_val(num_pr, "ilvl"), 0)
        elif ppr is not None and (style := _val(ppr, "pStyle")) in self.style_num:
            num_id, ilvl = self.style_num[style]
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if ilvl not in levels or not 0 <= ilvl <= 8:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        for k in range(ilvl):  # a shallower level not yet started counts from its start
            if counters[k] == 0 and k in levels:
                counters[k] = levels[k][2]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl][2]
        for k in range(ilvl + 1, 9):
            counters[k] = 0
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return "- "
        for k in range(ilvl, -1, -1):
            kfmt = levels.get(k, ("decimal", "", 1))[0]
            text = text.replace(f"%{k + 1}", _format(counters[k], kfmt))
        return text.strip() + " " if text.strip() else ""
