"""``vanban eval``: precision, recall and F1 per field against hand-made gold files.

A document ``CORPUS/<name>.<ext>`` has its gold in ``CORPUS/<name>.gold.json`` beside it or in
``CORPUS/gold/<name>.gold.json``, in SPEC shape. Gold written from the text alone carries no
spans: its tasks are found by their description (fragments between ``…`` are looked up in the
predicted task's text, case, diacritics and punctuation aside). Only the document fields a gold
file states are scored. Scores:

- ``document.<field>``: exact match of each document field (recipients as a set of lines);
- ``references``: entries matched by (id, date) — ids case-insensitively, laws without a number
  by (title, date) — as multisets; ``relation`` and ``scope``: accuracy over matched pairs;
  ``of``: edges (outer key, inner key, relation);
- ``tasks``: each gold task is paired with at most one predicted task (the one holding most of
  its text); ``lead`` and ``support`` are micro P/R/F1 over (task, unit); ``products`` over
  (task, product); ``deadlines`` over (task, start, end, recurrence, ongoing), and
  ``deadlines.dated`` over the deadlines that have a date, by (task, start, end).
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
from .orthography import normalize_tones
from .pipeline import extract
from .rules import fold

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
    per_document: dict[str, EvalResult] = field(default_factory=dict)

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def accuracy(self, name: str) -> Accuracy:
        return self.accuracies.setdefault(name, Accuracy())

    def merge(self, other: EvalResult, name: str) -> None:
        """Add one document's scores (kept by name too, for ``--per-document``)."""
        self.documents += other.documents
        for key, s in other.scores.items():
            mine = self.score(key)
            mine.tp, mine.fp, mine.fn = mine.tp + s.tp, mine.fp + s.fp, mine.fn + s.fn
            mine.misses += s.misses
            mine.extras += s.extras
        for key, a in other.accuracies.items():
            mine = self.accuracy(key)
            mine.right, mine.total = mine.right + a.right, mine.total + a.total
            mine.wrong += a.wrong
        self.errors += other.errors
        self.per_document[name] = other

    def dump(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "scores": {k: v.dump() for k, v in sorted(self.scores.items())},
            "accuracy": {k: v.dump() for k, v in sorted(self.accuracies.items())},
            "errors": self.errors,
        }


def _norm(value: Any) -> Any:
    """Values compare after NFC, with one tone placement (``Văn hoá`` = ``Văn hóa``) and single spaces."""
    if isinstance(value, str):
        return regex.sub(r"\s+", " ", normalize_tones(unicodedata.normalize("NFC", value))).strip()
    return value


def _get(d: dict, dotted: str) -> Any:
    for part in dotted.split("."):
        d = (d or {}).get(part)
    return d


def _has(d: dict, dotted: str) -> bool:
    """The gold states this field (a gold file written from the text may leave some out)."""
    for part in dotted.split("."):
        if not isinstance(d, dict) or part not in d:
            return False
        d = d[part]
    return True


def ref_key(r: dict) -> tuple:
    if r.get("id"):
        return (r["id"].upper(), r.get("date"))
    title = (r.get("title") or "").lower()
    return (f"{r.get('type')}:{_norm(title)}", r.get("date"))


def _start(item: dict, index: int) -> int:
    span = item.get("span")
    return span[0] if span else index


def _pair(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """Gold/predicted reference pairs with equal keys, nearest first (by span, or by order where
    the gold has no spans)."""
    spans = all(g.get("span") for g in gold)
    pairs = []
    used: set[int] = set()
    for gi, g in enumerate(gold):
        k = ref_key(g)
        best = None
        for pi, p in enumerate(pred):
            if pi in used or ref_key(p) != k:
                continue
            gpos, ppos = (g["span"][0], p["span"][0]) if spans else (gi, pi)
            if best is None or abs(ppos - gpos) < best[1]:
                best = (pi, abs(ppos - gpos))
        if best is not None:
            used.add(best[0])
            pairs.append((gi, best[0]))
    return pairs


_ELISION = regex.compile(r"…|\.\.\.")


def _fragments(description: str) -> list[str]:
    """The parts of a gold description between its elisions (``…``), folded."""
    return [f for f in (fold(x) for x in _ELISION.split(description or "")) if f]


def _task_match(gold: list[dict], pred: list[dict], text: str) -> list[tuple[int, int | None]]:
    """Pair each gold task with at most one predicted task. Gold with spans is matched by overlap;
    gold written from the text alone, by its description."""
    if gold and all(g.get("span") for g in gold):
        return _match_by_span(gold, pred, text)
    return _match_by_description(gold, pred)


def _match_by_description(gold: list[dict], pred: list[dict]) -> list[tuple[int, int | None]]:
    """A predicted task holds a gold task when its text (or description) contains the opening of
    the gold description and most of its fragments. Pairs are taken best first: most of the gold
    text held, then the same section, then the nearest in order; each task is paired once."""
    hay = [(fold(p.get("text") or ""), fold(p.get("description") or "")) for p in pred]
    candidates = []
    for gi, g in enumerate(gold):
        frags = _fragments(g.get("description", ""))
        if not frags:
            continue
        total = sum(len(f) for f in frags)
        opening = frags[0][:60]
        for pi, (ptext, pdesc) in enumerate(hay):
            if opening not in ptext and opening not in pdesc:
                continue
            held = sum(len(f) for f in frags if f in ptext or f in pdesc) / total
            if held < 0.6:
                continue
            same_section = (g.get("section") or None) == (pred[pi].get("section") or None)
            order = abs(gi / max(1, len(gold)) - pi / max(1, len(pred)))
            candidates.append((-held, not same_section, order, gi, pi))
    candidates.sort()
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, _, _, gi, pi in candidates:
        if gi in out or pi in used:
            continue
        out[gi] = pi
        used.add(pi)
    return [(gi, out.get(gi)) for gi in range(len(gold))]


def _match_by_span(gold: list[dict], pred: list[dict], text: str) -> list[tuple[int, int | None]]:
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


def gold_files(corpus: Path, gold_dirs: tuple[Path, ...] = ()) -> list[tuple[Path, Path | None]]:
    """(gold file, the document it scores) of a corpus: ``NAME.gold.json`` beside ``NAME.<ext>``,
    in ``gold/``, or in another folder of gold for the same documents (``gold_dirs``)."""
    out = []
    found = [*corpus.glob("*.gold.json"), *corpus.glob("gold/*.gold.json")]
    for folder in gold_dirs:
        found += Path(folder).glob("*.gold.json")
    for gold_path in sorted(found, key=lambda p: p.name):
        stem = gold_path.name[: -len(".gold.json")]
        docs = sorted(p for p in corpus.iterdir() if p.is_file() and p.name.startswith(stem + ".")
                      and p.name[len(stem):].count(".") == 1 and not p.name.endswith(".json"))
        out.append((gold_path, docs[0] if docs else None))
    return out


def evaluate(corpus: Path, gold_dirs: tuple[Path, ...] = ()) -> EvalResult:
    corpus = Path(corpus)
    for folder in (corpus, *gold_dirs):
        if not Path(folder).is_dir():
            raise VanbanError(str(folder), "not a folder")
    result = EvalResult()
    pairs = gold_files(corpus, tuple(Path(g) for g in gold_dirs))
    if not pairs:
        raise VanbanError(str(corpus), "no *.gold.json files (beside the documents or in gold/)")
    for gold_path, doc in pairs:
        stem = gold_path.name[: -len(".gold.json")]
        if doc is None:
            result.errors.append(f"{gold_path.name}: no document beside it")
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            ex = extract(doc)
        except VanbanError as exc:
            result.errors.append(str(exc))
            continue
        pred = ex.dump()
        one = EvalResult(documents=1)
        _score_document(one, stem, gold, pred)
        _score_references(one, stem, gold["references"], pred["references"])
        if "tasks" in gold:  # gold written for references alone leaves tasks out
            _score_tasks(one, stem, gold["tasks"], pred["tasks"], ex.text)
        result.merge(one, stem)
    return result


def _score_document(result: EvalResult, doc: str, gold: dict, pred: dict) -> None:
    for f in DOC_FIELDS:
        if not _has(gold["document"], f):
            continue
        g = _get(gold["document"], f)
        p = _get(pred["document"], f)
        if f == "recipients":
            result.score("document.recipients").add(Counter(_norm(x) for x in g or []),
                                                    Counter(_norm(x) for x in p or []), doc)
            continue
        s = result.score(f"document.{f}")
        g, p = _norm(g), _norm(p)
        if f == "number":  # symbols are matched case-insensitively ("QĐ-TTg" as issued, "QĐ-TTG")
            g, p = (v.upper() if v else v for v in (g, p))
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


def _task_label(task: dict) -> str:
    return f"{task.get('section')} {(task.get('description') or '')[:70]}"


def _score_tasks(result: EvalResult, doc: str, gold: list[dict], pred: list[dict], text: str) -> None:
    matches = _task_match(gold, pred, text)
    matched_pred = {p for _, p in matches if p is not None}
    found = result.score("tasks")
    found.tp += len(matched_pred)
    found.fn += sum(1 for _, p in matches if p is None)
    found.fp += len(pred) - len(matched_pred)
    found.misses += [f"{doc}: {_task_label(gold[g])}" for g, p in matches if p is None]
    found.extras += [f"{doc}: {_task_label(pred[i])}" for i in range(len(pred)) if i not in matched_pred]

    def per_task(name: str, items) -> None:
        """Micro P/R/F1 of (task, item): a matched pair compares its items, an unmatched gold task
        misses all of its items, an unmatched predicted task adds all of its own."""
        g_items, p_items = Counter(), Counter()
        for gi, pi in matches:
            g_items.update((gi, k) for k in items(gold[gi]))
            if pi is not None:
                p_items.update((gi, k) for k in items(pred[pi]))
        for pi in range(len(pred)):
            if pi not in matched_pred:
                p_items.update((f"extra{pi}", k) for k in items(pred[pi]))
        labels = {gi: _task_label(gold[gi]) for gi, _ in matches}
        score = result.score(f"tasks.{name}")
        before = len(score.misses), len(score.extras)
        score.add(g_items, p_items, doc)
        # name the task, not its index, in the lists --verbose prints
        score.misses[before[0]:] = [_relabel(m, labels, pred) for m in score.misses[before[0]:]]
        score.extras[before[1]:] = [_relabel(x, labels, pred) for x in score.extras[before[1]:]]

    for name in ("lead", "support", "products"):
        per_task(name, lambda t, name=name: _units(t[name]))

    def dkey(d: dict) -> tuple:
        return (d.get("start"), d.get("end"), d.get("recurrence"), bool(d.get("ongoing")))

    per_task("deadlines", lambda t: [dkey(d) for d in t["deadlines"]])
    per_task("deadlines.dated", lambda t: [(d.get("start"), d.get("end")) for d in t["deadlines"]
                                           if d.get("start") or d.get("end")])


def _relabel(entry: str, labels: dict[int, str], pred: list[dict]) -> str:
    doc, _, rest = entry.partition(": ")
    m = regex.match(r"\('?(extra)?(\d+)'?, (.*)\)$", rest)
    if not m:
        return entry
    index = int(m.group(2))
    where = f"[extra] {_task_label(pred[index])}" if m.group(1) else labels.get(index, str(index))
    return f"{doc}: {where} → {m.group(3)}"


PER_DOCUMENT = ("tasks", "tasks.lead", "tasks.support", "tasks.products", "tasks.deadlines.dated", "references")


def render(result: EvalResult, verbose: bool = False, per_document: bool = False) -> None:
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
    if per_document:
        docs = Table(title="F1 per document")
        docs.add_column("document")
        for name in PER_DOCUMENT:
            docs.add_column(name.removeprefix("tasks."), justify="right")
        for doc, one in result.per_document.items():
            cells = []
            for name in PER_DOCUMENT:
                s = one.scores.get(name)
                cells.append("" if s is None or s.tp + s.fp + s.fn == 0 else f"{s.f1:.2f}")
            docs.add_row(doc[:48], *cells)
        console.print(docs)
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
