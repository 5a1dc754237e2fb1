"""Rule data: the plain files of ``rules/`` loaded into frozen objects.

Rules are data a public servant can read and correct (kinds of documents, issuing bodies,
provinces, cue phrases, unit head words, time expressions). The files are found next to the
package (a source checkout, an editable install) or under ``$VANBAN_RULES``.

Each file ``rules/<name>.yaml`` has a JSON Schema, ``rules/schema/<name>.schema.json``, that says
what every key means; :func:`load` checks the file against it, so a misspelt key or a number
where a phrase belongs stops with one line naming the file, the place in it and the reason
(:class:`RulesError`) instead of being ignored.
"""

from __future__ import annotations

import json
import os
import reprlib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import regex
import yaml

from .errors import VanbanError


class RulesError(VanbanError, ValueError):
    """A rule file that cannot be parsed or does not match its JSON Schema: ``rules/fields.yaml:
    [3].labels[0]: 5 is not of type 'string'``."""


def _package_rules_dir() -> Path | None:
    """The rules shipped with the package (``extract/_rules``) or beside a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    return None


def rules_dir() -> Path:
    env = os.environ.get("VANBAN_RULES")
    if env:
        return Path(env)
    found = _package_rules_dir()
    if found is None:
        raise FileNotFoundError("vanban rules/ folder not found (set VANBAN_RULES)")
    return found


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@cache
def _bare_letters() -> dict[int, str]:
    """Each letter with marks → the letter without them (what NFD then dropping combining marks
    gives), combining marks → nothing, đ → d: one ``str.translate`` instead of a pass per character."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for cp in (*range(0x80, 0x3000), *range(0xFE20, 0xFE30)):
        c = chr(cp)
        if unicodedata.combining(c):
            table[cp] = ""
            continue
        bare = "".join(x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x))
        if bare != c and cp not in table:
            table[cp] = bare
    return table


_WORD = regex.compile(r"[\p{L}\p{N}]+")


def fold(text: str) -> str:
    """``Văn hoá, Thể thao`` → ``van hoa the thao``: what two writings of the same words share
    (case, diacritics, tone placement, punctuation and spacing aside)."""
    return " ".join(_WORD.findall(text.translate(_bare_letters()).lower()))


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
    """The parsed YAML file ``rules/<name>.yaml`` (NFC strings throughout), checked against its
    schema ``rules/schema/<name>.schema.json``; :class:`RulesError` when it does not match."""
    return read_rules(rules_dir() / f"{name}.yaml")


def read_rules(path: Path) -> Any:
    """The rule file at ``path``, parsed and validated (not cached: :func:`load` caches)."""
    path = Path(path)
    with open(path, encoding="utf-8") as f:
        try:
            data = _nfc_all(yaml.safe_load(f))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark is not None else ""
            reason = getattr(exc, "problem", None) or str(exc)
            raise RulesError(_shown(path), " ".join(f"{where}{reason}".split())) from None
    validate(path.stem, data, path)
    return data


def schema_path(name: str, folder: Path | None = None) -> Path:
    """``schema/<name>.schema.json`` beside the rule files (``folder``, else :func:`rules_dir`), or
    the one shipped with the package when a ``$VANBAN_RULES`` folder brings none of its own."""
    folder = rules_dir() if folder is None else Path(folder)
    for base in (folder, _package_rules_dir()):
        if base is not None and (base / "schema" / f"{name}.schema.json").is_file():
            return base / "schema" / f"{name}.schema.json"
    raise RulesError(_shown(folder / f"{name}.yaml"), f"no JSON Schema schema/{name}.schema.json for this rule file")


_FORMATS = jsonschema.FormatChecker()


@_FORMATS.checks("python-regex", raises=regex.error)
def _is_regex(value: object) -> bool:
    """A pattern of the ``regex`` module (``\\p{L}``, ``(?P<label>…)``), as the extractor compiles it."""
    if isinstance(value, str):
        regex.compile(value)
    return True


@cache
def _validator(path: Path) -> jsonschema.protocols.Validator:
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
    except (ValueError, jsonschema.SchemaError) as exc:
        reason = exc.message if isinstance(exc, jsonschema.SchemaError) else str(exc)
        raise RulesError(_shown(path), " ".join(f"not a valid JSON Schema: {reason}".split())) from None
    return jsonschema.Draft202012Validator(schema, format_checker=_FORMATS)


def validate(name: str, data: Any, path: Path | None = None) -> None:
    """Check the parsed rule file ``name`` (read from ``path``) against its JSON Schema; the first,
    most telling mismatch is raised as a :class:`RulesError`."""
    path = Path(path) if path is not None else rules_dir() / f"{name}.yaml"
    validator = _validator(schema_path(name, path.parent))
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        raise RulesError(_shown(path), _reason(error))


_SHORT = reprlib.Repr()
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlist, _SHORT.maxdict = 60, 60, 3, 3


def _reason(error: jsonschema.ValidationError) -> str:
    """``[3].labels[0]: 5 is not of type 'string'``: where in the file, and why, on one line."""
    where = ""
    for key in error.absolute_path:
        where += f"[{key}]" if isinstance(key, int) else (f".{key}" if where else str(key))
    message = error.message
    whole = repr(error.instance)
    if len(whole) > 80 and message.startswith(whole):
        message = _SHORT.repr(error.instance) + message[len(whole):]  # a whole entry is no help
    if error.cause is not None:
        message += f" ({error.cause})"
    message = " ".join(message.split())
    return f"{where}: {message}" if where else message


def _shown(path: Path) -> str:
    """``rules/fields.yaml`` from the working directory, else the whole path."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


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
