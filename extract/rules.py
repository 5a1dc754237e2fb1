"""Rule data: the plain files of ``rules/`` loaded into frozen objects.

Rules are data a public servant can read and correct (kinds of documents, issuing bodies,
provinces, cue phrases, unit head words, time expressions). The files are found next to the
package (a source checkout, an editable install) or under ``$VANBAN_RULES``.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex
import yaml


def rules_dir() -> Path:
    env = os.environ.get("VANBAN_RULES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here / "_rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("vanban rules/ folder not found (set VANBAN_RULES)")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """``Văn hoá, Thể thao`` → ``van hoa the thao``: what two writings of the same words share
    (case, diacritics, tone placement, punctuation and spacing aside)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(regex.findall(r"[\p{L}\p{N}]+", bare))


def phrases(items, optional_commas: bool = False) -> str:
    """A regex alternation of written phrases, longest first, any run of white space between
    words (PDF line wraps) and, if asked, an optional comma ("sửa đổi, bổ sung" / "sửa đổi bổ sung")."""
    out = []
    for item in sorted(set(items), key=len, reverse=True):
        pat = regex.escape(item).replace(r"\ ", r"\s+")
        out.append(pat.replace(",", ",?") if optional_commas else pat)
    return "|".join(out)


@cache
def load(name: str) -> Any:
    """The parsed YAML file ``rules/<name>.yaml`` (NFC strings throughout)."""
    with open(rules_dir() / f"{name}.yaml", encoding="utf-8") as f:
        return _nfc_all(yaml.safe_load(f))


def _nfc_all(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc_all(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc_all(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class Kind:
    slug: str
    names: tuple[str, ...]
    symbols: tuple[str, ...]
    examples: tuple[str, ...]


@cache
def kinds() -> tuple[Kind, ...]:
    return tuple(
        Kind(k["slug"], tuple(k["names"]), tuple(k.get("symbols") or ()), tuple(k.get("examples") or ()))
        for k in load("kinds")
    )


@cache
def kind_by_name() -> dict[str, str]:
    """Lower-cased written name → slug."""
    out: dict[str, str] = {}
    for k in kinds():
        for name in k.names:
            out.setdefault(name.lower(), k.slug)
    return out


@cache
def kind_by_symbol() -> dict[str, str]:
    """Upper-cased kind code in a number symbol (``QĐ``, ``NĐ``, ``KL``) → slug."""
    out: dict[str, str] = {}
    for k in kinds():
        for sym in k.symbols:
            out.setdefault(sym.upper(), k.slug)
    return out


@dataclass(frozen=True, slots=True)
class Province:
    name: str
    aliases: tuple[str, ...]


@cache
def provinces() -> tuple[Province, ...]:
    return tuple(Province(p["name"], tuple(p.get("aliases") or ())) for p in load("provinces"))


@dataclass(frozen=True, slots=True)
class Body:
    name: str
    scope: str  # national | local
    symbols: tuple[str, ...]
    names: tuple[str, ...]


@cache
def bodies() -> tuple[Body, ...]:
    data = load("issuers")
    out = []
    for scope in ("national", "local"):
        for b in data[scope]:
            out.append(Body(b["name"], scope, tuple(b.get("symbols") or ()), tuple(b.get("names") or ())))
    return tuple(out)


@cache
def scope_patterns() -> dict[str, tuple[str, ...]]:
    data = load("issuers")["patterns"]
    return {k: tuple(v) for k, v in data.items()}
