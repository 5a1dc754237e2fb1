"""Ids and scope: the one place that says what a number is and where its issuer's authority lies.

- :func:`canonical_id` — SPEC's id normalization (NFC, Ð→Đ, dashes, spaces, upper-case symbol letters);
- :func:`kind_of_symbol` — the kind a symbol names (``57/QĐ-UBND`` → quyet_dinh);
- :func:`symbol_scope`, :func:`issuer_scope` — national or local, from the symbol or the issuer's name
  (``rules/issuers.yaml``);
- :func:`province_in` — the province a text names (``rules/provinces.yaml``);
- :func:`citing_province`, :func:`document_scope` — the citing document's own province and scope,
  the node key it is stored under and the province its local references take;
- :func:`reference_scope` — a cited document's scope.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache

import regex

from . import rules
from .models import Reference
from .patterns import rx

DASH = r"[-–—‐‑]"
LAW_KINDS = frozenset({"luat", "bo_luat", "hien_phap", "phap_lenh"})  # laws, codes, the Constitution, ordinances

_OCR_SYMBOL = regex.compile(r"(^[^/]*/(?:\d{4}/)?|^\d+-)(ND(?=-CP)|QD(?=-)|QD(?=/))")


# the Cyrillic look-alikes a portal left in symbols (010: "CР")
_CYRILLIC = str.maketrans("АВСЕНКМОРТХ", "ABCEHKMOPTX")


def _normalized(raw: str) -> str:
    """NFC, Ð→Đ, any dash → ``-``, no spaces, no Cyrillic look-alikes: an id in the case it is written."""
    s = rules.nfc(raw).replace("\u00d0", "\u0110")
    s = rx(DASH).sub("-", s)
    return rx(r"\s+").sub("", s).translate(_CYRILLIC)


@lru_cache(maxsize=65536)
def canonical_id(raw: str) -> str:
    """SPEC id normalization: NFC, Ð→Đ, any dash → ``-``, no spaces, symbol letters upper-case."""
    s = _normalized(raw).upper()
    # OCR and typing drop the stroke of Đ in kind codes: ND-CP, QD-UBND (rules: kinds.yaml symbols)
    return _OCR_SYMBOL.sub(lambda m: m.group(1) + m.group(2).replace("D", "Đ"), s)


@lru_cache(maxsize=65536)
def written_id(raw: str) -> str:
    """The id as issued, for display: :func:`canonical_id` but the symbol's letters keep their case
    (``05/2025/QĐ-TTg``, ``519/TTr-CAT-PC06``); matching goes by :func:`canonical_id`."""
    s = _normalized(raw)
    canonical = canonical_id(raw)
    return s if s.upper() == canonical else canonical


@lru_cache(maxsize=65536)
def kind_of_symbol(ident: str) -> str | None:
    """The kind a number's symbol names: ``57/QĐ-UBND`` → quyet_dinh, ``1492-KL/TU`` → ket_luan."""
    by_symbol = rules.kind_by_symbol()
    m = rx(r"\d+[A-Z]?-([^/]+)/").match(ident)  # Party: N-KIND/BODY
    if m:
        return by_symbol.get(m.group(1).upper())
    parts = ident.split("/")
    symbol = parts[-1]
    code = symbol.split("-")[0]
    if len(parts) >= 3 and rx(r"QH\d*").fullmatch(code):
        return "luat"
    if rx(r"UBTVQH\d*").fullmatch(code):
        return "nghi_quyet" if "NQ" in symbol else "phap_lenh"
    return by_symbol.get(code.upper()) if "-" in symbol or code.upper() in by_symbol else None


# -- scope -----------------------------------------------------------------------------------

@cache
def _province_re() -> regex.Pattern:
    names = []
    for p in rules.provinces():
        names.append((p.name, p.name))
        for a in p.aliases:
            names.append((a, p.name))
    names.sort(key=lambda x: len(x[0]), reverse=True)
    alts = rules.phrases(n for n, _ in names)
    return regex.compile(rf"(?<![\p{{L}}])(?P<name>{alts})(?![\p{{L}}])", regex.I)


@cache
def _province_lookup() -> dict[str, str]:
    out = {}
    for p in rules.provinces():
        out[p.name.lower()] = p.name
        for a in p.aliases:
            out[a.lower()] = p.name
    return out


@lru_cache(maxsize=65536)
def province_in(text: str) -> str | None:
    """The province named in ``text`` (``UBND tỉnh Nghệ An`` → ``Nghệ An``), or None."""
    m = _province_re().search(text)
    if not m:
        return None
    return _province_lookup().get(rx(r"\s+").sub(" ", m.group("name")).lower())


@cache
def _body_scopes() -> list[tuple[regex.Pattern, str]]:
    out = []
    for body in rules.bodies():
        for name in body.names:
            out.append((regex.compile(rf"(?i)(?<![\p{{L}}]){regex.escape(name)}(?![\p{{L}}])"), body.scope))
    return out


@lru_cache(maxsize=65536)
def symbol_scope(ident: str | None) -> str | None:
    """national / local from the issuing-body part of a number's symbol."""
    if not ident:
        return None
    parts = ident.split("/")
    if rx(r"\d+[A-Z]?-").match(ident):  # Party: N-KIND/BODY
        candidates = [parts[-1]]
    else:
        symbol = parts[-1]
        segs = symbol.split("-")
        # 57/QĐ-UBND, 3512/TTr-CAT-PC06: the body follows the kind code; 59/SKHCN-VP: it leads; a body
        # may be listed with its kind code (NĐ-CP, NQ-UBTVQH, L-CTN)
        body = segs[1] if len(segs) > 1 and segs[0] in rules.kind_by_symbol() else segs[0]
        candidates = [symbol, "-".join(segs[:2]), body]
    for body in candidates:
        for b in rules.bodies():
            if body in {s.upper() for s in b.symbols}:
                return b.scope
    body = candidates[-1]
    pats = rules.scope_patterns()
    for scope in ("local", "national"):
        for p in pats[scope]:
            if rx(p).match(body):
                return scope
    return None


@lru_cache(maxsize=65536)
def issuer_scope(issuer: str | None) -> str | None:
    if not issuer:
        return None
    if province_in(issuer):
        return "local"
    best = None
    for pat, scope in _body_scopes():
        m = pat.search(issuer)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), scope)
    if best:
        return best[1]
    if rx(r"(?i)(?:Giám đốc\s+)?Sở\b").match(issuer):
        return "local"
    if rx(r"(?i)(?:Bộ trưởng\s+)?Bộ\b").match(issuer):
        return "national"
    return None


def reference_scope(ref: Reference, citing_province: str | None) -> str | None:
    """A reference's scope (SPEC references.scope): national for central bodies and laws, the
    province its issuer names, else the citing document's province for a local body."""
    if ref.type in LAW_KINDS:
        return "national"
    if ref.issuer:
        p = named_province(ref.issuer)
        if p:
            return p
    kind = issuer_scope(ref.issuer) or symbol_scope(ref.id)
    if kind == "national":
        return "national"
    if kind == "local":
        return citing_province
    return None


def citing_province(text: str, place: str | None, issuer: str | None) -> str | None:
    """The citing document's province: its issuer, its place line, or the province it names most."""
    for candidate in (issuer, place):
        if candidate:
            p = province_in(candidate)
            if p and not (candidate is place and p == "Hà Nội" and issuer_scope(issuer) == "national"):
                return p
    counts = Counter()
    for m in rx(r"(?i)(?:tỉnh|thành phố|TP\.?)\s+([\p{Lu}][\p{L}]*(?:\s+[\p{Lu}][\p{L}]*){0,3})").finditer(text):
        p = province_in(m.group(1))
        if p:
            counts[p] += 1
    if counts:
        return counts.most_common(1)[0][0]
    # a province the list does not know (a new name, a test document's made-up one): as the issuer or the
    # header's own line names it ("Ủy ban nhân dân tỉnh Tây Sơn", "UBND TỈNH ĐÔNG GIANG")
    for candidate in (issuer or "", text[:400]):
        m = _PROVINCE_NAMED.search(candidate)
        if m:
            return " ".join(w[:1] + w[1:].lower() for w in m.group(1).split())
    # … or as the text names the province's own bodies: a commune's or a district's document cites "Kế hoạch số
    # 18/KH-UBND … của Ủy ban nhân dân tỉnh Bình Sơn" — the one it names most
    named = Counter(m.group(1) for m in _PROVINCE_BODY.finditer(text))
    return named.most_common(1)[0][0] if named else None


def named_province(text: str | None) -> str | None:
    """The province a body's name gives, known to the list or not (``Ủy ban nhân dân tỉnh Bình Sơn`` → ``Bình Sơn``)."""
    if not text:
        return None
    known = province_in(text)
    if known:
        return known
    m = _PROVINCE_BODY.search(text)
    return m.group(1) if m else None


_PROVINCE_BODY = regex.compile(r"(?:(?:Ủy\s+ban\s+nhân\s+dân|UBND|Hội\s+đồng\s+nhân\s+dân|HĐND|Đảng\s+bộ)\s+tỉnh|Tỉnh\s+ủy)\s+"
                               r"(\p{Lu}\p{Ll}+(?:[ ]\p{Lu}\p{Ll}+){0,2})(?![\p{L}])")


_PROVINCE_NAMED = regex.compile(r"(?:(?:Ủy\s+ban\s+nhân\s+dân|UBND|ỦY\s+BAN\s+NHÂN\s+DÂN)\s+(?:tỉnh|TỈNH)|^TỈNH)[ ]+"
                                r"(\p{Lu}[\p{L}]*(?:[ ]+\p{Lu}[\p{L}]*){0,3})[ ]*$", regex.M)


def unit_scope(name: str, province: str | None) -> str:
    """The scope a task's unit is known by in the store (issue 14): the province its name gives
    (``Ủy ban nhân dân tỉnh Lâm Đồng``), ``national`` for a central body (``Bộ Tài chính``, ``Văn phòng
    Chính phủ``), else the province of the document that assigns it — ``Sở Tài chính`` of a plan of Lâm Đồng
    and of one of Nghệ An are two departments — and ``national`` when that document has none (a ministry's
    letter to ``Sở Tài chính các tỉnh``: the departments of every province)."""
    named = province_in(name)
    if named:
        return named
    if issuer_scope(name) == "national":
        return "national"
    return province or "national"


def document_scope(number: str | None, issuer: str | None, province: str | None) -> str | None:
    """The scope a document is known by (its node in the citation graph): national for a central
    issuer or symbol, else its province (:func:`citing_province`)."""
    if not number:
        return None
    kind = issuer_scope(issuer) or symbol_scope(number)
    return "national" if kind == "national" else province
