"""``vanban eval``: precision, recall and F1 per field against hand-made gold files.

Every document ``corpus/<name>.<ext>`` has ``corpus/<name>.gold.json`` beside it, in SPEC
shape. Scores:

- ``document.<field>``: exact match of each document field (recipients as a set of lines);
- ``references``: entries matched by (id, date) — laws without a number by (title, date) —
  as multisets; ``relation`` and ``scope``: accuracy over matched pairs; ``of``: edges
  (outer key, inner key, relation);
- ``tasks``: a gold task matches the predicted task sharing most of its text; ``lead`` and
  ``support`` are micro P/R/F1 over (task, unit); ``products`` over (task, product);
  ``deadlines`` over (task, start, end, recurrence, ongoing).
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
from rich.console import Console
from rich.table import Table

from .errors import VanbanError
from .pipeline import extract

DOC_FIELDS = ["type", "number", "issuer", "place", "date", "title", "signer.name", "signer.position", "recipients"]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: Counter, pred: Counter, doc: str) -> None:
        common = gold & pred
        self.tp += sum(common.values())
        missing = gold - pred
        extra = pred - gold
        self.fn += sum(missing.values())
        self.fp += sum(extra.values())
        self.misses += [f"{doc}: {k}" for k in missing.elements()]
        self.extras += [f"{doc}: {k}" for k in extra.elements()]

    def dump(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0

    def dump(self) -> dict[str, Any]:
        return {"accuracy": round(self.value, 4), "right": self.right, "total": self.total}


@dataclass
class EvalResult:
    documents: int = 0
    scores: dict[str, Score] = field(default_factory=dict)
    accuracies: dict[str, Accuracy] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def accuracy(self, name: str) -> Accuracy:
        return self.accuracies.setdefault(name, Accuracy())

    def dump(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "scores": {k: v.dump() for k, v in sorted(self.scores.items())},
            "accuracy": {k: v.dump() for k, v in sorted(self.accuracies.items())},
            "errors": self.errors,
        }


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return regex.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
    return value


def _get(d: dict, dotted: str) -> Any:
    for part in dotted.split("."):
        d = (d or {}).get(part)
    return d


def ref_key(r: dict) -> tuple:
    if r.get("id"):
        return (r["id"], r.get("date"))
    title = (r.get("title") or "").lower()
    return (f"{r.get('type')}:{_norm(title)}", r.get("date"))


def _pair(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """Gold/predicted reference pairs with equal keys, in order of appearance."""
    pairs = []
    used: set[int] = set()
    for gi, g in enumerate(gold):
        k = ref_key(g)
        best = None
        for pi, p in enumerate(pred):
            if pi in used or ref_key(p) != k:
                continue
            if best is None or abs(p["span"][0] - g["span"][0]) < abs(pred[best]["span"][0] - g["span"][0]):
                best = pi
        if best is not None:
            used.add(best)
            pairs.append((gi, best))
    return pairs


def _task_match(gold: list[dict], pred: list[dict], text: str) -> list[tuple[int, int | None]]:
    out = []
    used: set[int] = set()
    for gi, g in enumerate(gold):
        gs, ge = _locate(g, text)
        best, best_overlap = None, 0
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            ps, pe = p["span"]
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > best_overlap:
                best, best_overlap = pi, overlap
        if best is not None and best_overlap >= 0.5 * min(ge - gs, pred[best]["span"][1] - pred[best]["span"][0]):
            used.add(best)
            out.append((gi, best))
        else:
            out.append((gi, None))
    return out


def _locate(task: dict, text: str) -> tuple[int, int]:
    """The gold task's span in the current clean text: re-anchored on its text when cleaning moved it."""
    s, e = task["span"]
    if text[s:e] == task.get("text"):
        return s, e
    needle = task.get("text") or ""
    if needle:
        idx = text.find(needle)
        if idx >= 0:
            return idx, idx + len(needle)
    return s, e


def _units(values: list[str]) -> list[str]:
    return [_norm(v).lower() for v in values]


def evaluate(corpus: Path) -> EvalResult:
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise VanbanError(str(corpus), "not a folder")
    result = EvalResult()
    golds = sorted(corpus.glob("*.gold.json"))
    if not golds:
        raise VanbanError(str(corpus), "no *.gold.json files")
    for gold_path in golds:
        stem = gold_path.name[: -len(".gold.json")]
        docs = [p for p in corpus.iterdir() if p.stem == stem and not p.name.endswith(".json")]
        if not docs:
            result.errors.append(f"{gold_path.name}: no document beside it")
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            ex = extract(docs[0])
        except VanbanError as exc:
            result.errors.append(str(exc))
            continue
        pred = ex.dump()
        result.documents += 1
        _score_document(result, stem, gold, pred)
        _score_references(result, stem, gold["references"], pred["references"])
        _score_tasks(result, stem, gold["tasks"], pred["tasks"], ex.text)
    return result


def _score_document(result: EvalResult, doc: str, gold: dict, pred: dict) -> None:
    for f in DOC_FIELDS:
        g = _get(gold["document"], f)
        p = _get(pred["document"], f)
        if f == "recipients":
            result.score("document.recipients").add(Counter(_norm(x) for x in g or []),
                                                    Counter(_norm(x) for x in p or []), doc)
            continue
        s = result.score(f"document.{f}")
        g, p = _norm(g), _norm(p)
        if g is None and p is None:
            continue
        if g == p:
            s.tp += 1
        else:
            if g is not None:
                s.fn += 1
                s.misses.append(f"{doc}: {g!r} (got {p!r})")
            if p is not None:
                s.fp += 1
                s.extras.append(f"{doc}: {p!r}")


def _score_references(result: EvalResult, doc: str, gold: list[dict], pred: list[dict]) -> None:
    result.score("references").add(Counter(ref_key(r) for r in gold), Counter(ref_key(r) for r in pred), doc)
    result.score("references.laws_by_name").add(
        Counter(ref_key(r) for r in gold if not r.get("id")), Counter(ref_key(r) for r in pred if not r.get("id")), doc)
    pairs = _pair(gold, pred)
    for name in ("relation", "scope", "issuer", "type"):
        acc = result.accuracy(f"references.{name}")
        for gi, pi in pairs:
            acc.total += 1
            if _norm(gold[gi].get(name)) == _norm(pred[pi].get(name)):
                acc.right += 1
            else:
                acc.wrong.append(f"{doc}: {ref_key(gold[gi])} {gold[gi].get(name)!r} (got {pred[pi].get(name)!r})")

    def edges(refs: list[dict]) -> Counter:
        out = Counter()
        for r in refs:
            of = r.get("of")
            if of and 0 <= of["index"] < len(refs):
                out[(ref_key(refs[of["index"]]), ref_key(r), of["relation"])] += 1
        return out

    result.score("references.of").add(edges(gold), edges(pred), doc)


def _score_tasks(result: EvalResult, doc: str, gold: list[dict], pred: list[dict], text: str) -> None:
    matches = _task_match(gold, pred, text)
    matched_pred = {p for _, p in matches if p is not None}
    found = result.score("tasks")
    found.tp += len(matched_pred)
    found.fn += sum(1 for _, p in matches if p is None)
    found.fp += len(pred) - len(matched_pred)
    found.misses += [f"{doc}: {gold[g]['section']} {gold[g]['description'][:60]}" for g, p in matches if p is None]
    found.extras += [f"{doc}: {pred[i]['section']} {pred[i]['description'][:60]}" for i in range(len(pred))
                     if i not in matched_pred]
    for name in ("lead", "support", "products"):
        g_items, p_items = Counter(), Counter()
        for gi, pi in matches:
            g_items.update((gi, u) for u in _units(gold[gi][name]))
            if pi is not None:
                p_items.update((gi, u) for u in _units(pred[pi][name]))
        for pi in range(len(pred)):
            if pi not in matched_pred:
                p_items.update((f"extra{pi}", u) for u in _units(pred[pi][name]))
        result.score(f"tasks.{name}").add(g_items, p_items, doc)
    g_d, p_d = Counter(), Counter()

    def dkey(d: dict) -> tuple:
        return (d.get("start"), d.get("end"), d.get("recurrence"), bool(d.get("ongoing")))

    for gi, pi in matches:
        g_d.update((gi, dkey(d)) for d in gold[gi]["deadlines"])
        if pi is not None:
            p_d.update((gi, dkey(d)) for d in pred[pi]["deadlines"])
    for pi in range(len(pred)):
        if pi not in matched_pred:
            p_d.update((f"extra{pi}", dkey(d)) for d in pred[pi]["deadlines"])
    result.score("tasks.deadlines").add(g_d, p_d, doc)


def render(result: EvalResult, verbose: bool = False) -> None:
    console = Console()
    table = Table(title=f"vanban eval: {result.documents} documents")
    table.add_column("field")
    table.add_column("P", justify="right")
    table.add_column("R", justify="right")
    table.add_column("F1", justify="right")
    table.add_column("tp/fp/fn", justify="right")
    for name, s in sorted(result.scores.items()):
        table.add_row(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", f"{s.tp}/{s.fp}/{s.fn}")
    for name, a in sorted(result.accuracies.items()):
        table.add_row(name + " (accuracy)", "", "", f"{a.value:.3f}", f"{a.right}/{a.total}")
    console.print(table)
    for e in result.errors:
        console.print(f"[red]error:[/red] {e}", highlight=False)
    if verbose:
        for name, s in sorted(result.scores.items()):
            for m in s.misses:
                console.print(f"[yellow]miss[/yellow]  {name}  {m}", highlight=False, soft_wrap=True)
            for x in s.extras:
                console.print(f"[cyan]extra[/cyan] {name}  {x}", highlight=False, soft_wrap=True)
        for name, a in sorted(result.accuracies.items()):
            for w in a.wrong:
                console.print(f"[magenta]wrong[/magenta] {name}  {w}", highlight=False, soft_wrap=True)
