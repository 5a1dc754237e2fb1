"""The vanban spaCy model, ``models/vanban-vi``: vanban's extraction as a spaCy pipeline (issue 14).

A blank ``vi`` pipeline whose tokenizer is underthesea (``vanban.underthesea_tokenizer`` of
:mod:`extract.nlp`, so spaCy's default Vietnamese tokenizer and its pyvi are never asked for), and
one component, ``vanban_extract``, that runs :func:`extract.pipeline.extract_raw` on ``doc.text``
and writes what it found into span groups:

- ``doc.spans["references"]``: every reference, labelled with its relation (``based_on``,
  ``implements``, …, ``mentions``);
- ``doc.spans["units"]``: the lead and supporting units of the tasks where they are written
  (labelled ``lead`` / ``support``);
- ``doc.spans["deadlines"]``: the time expressions of the tasks, labelled with their end date
  (``2023-12-31``), else their recurrence (``monthly``), else ``ongoing``;
- ``doc.spans["tasks"]``: every task, labelled ``task``.

Each span carries its SPEC value in ``span._.vanban`` (a reference's id, date, issuer…; a
deadline's dates), a reference's id also in ``span.id_``, and ``doc.user_data["vanban"]`` holds
the whole SPEC JSON. A span is the value's span in the clean text mapped back onto ``doc.text``
(identical when ``doc.text`` is already the clean text, ``Extraction.text``), white space at its
ends left out; a word of underthesea's that straddles a span's end is split there, so every span
is exact (``span.text == text[start:end]``).

The model holds no rules of its own: the component runs the extractor, which reads ``rules/``.
Its configuration records the fingerprint of the rule files it was built from
(:func:`rules_fingerprint`); ``make models`` rebuilds it after an edit of ``rules/``, a test fails
until it has, and loading a model built from other rules warns.

``python -m extract.spacy_model models/vanban-vi`` (``make models``) builds it.
"""

from __future__ import annotations

import hashlib
import json
import sys
import warnings
from pathlib import Path

import regex
import spacy
from spacy import displacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import __version__, rules  # noqa: F401  (extract.nlp registers the tokenizer)
from .models import Extraction, Page, RawDocument, Source

NAME = "vanban-vi"
SPAN_KEYS = ("references", "units", "deadlines", "tasks")
FACTORY = "vanban_extract"
MANIFEST = "rules.json"  # in the component's folder of the model: the rule files it was built from

# the review app's palette (extract/web/static/vanban.css), so a displaCy page reads like the app's
RELATION_COLOURS = {
    "based_on": "#1f77b4", "implements": "#2ca02c", "amends": "#ff7f0e", "replaces": "#d62728",
    "repeals": "#8c1c13", "guides": "#9467bd", "mentions": "#7f7f7f",
}
ROLE_COLOURS = {"lead": "#ffb000", "support": "#9ecae1"}

if not Span.has_extension("vanban"):
    Span.set_extension("vanban", default=None)


def model_path() -> Path:
    """The shipped model: ``models/vanban-vi`` of a source checkout, else the copy installed in
    the package (``extract/_models/vanban-vi``)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_models" / NAME, here.parent / "models" / NAME):
        if (candidate / "config.cfg").is_file():
            return candidate
    raise FileNotFoundError(f"the vanban spaCy model {NAME} is not built (run `make models`)")


def load() -> Language:
    """``spacy.load`` of the shipped model."""
    return spacy.load(model_path())


# -- the fingerprint of rules/ ------------------------------------------------------------------


def rule_files(folder: Path | None = None) -> dict[str, str]:
    """``{file name: sha256}`` of the rule files the extractor reads: every ``*.yaml`` of
    ``folder`` (default :func:`extract.rules.rules_dir`). Line ends are read as ``\\n``, so a
    checkout with Windows line ends has the same fingerprint; the JSON Schemas of ``schema/`` are
    left out, as they only check the files and change nothing the extractor finds."""
    folder = rules.rules_dir() if folder is None else Path(folder)
    return {p.name: hashlib.sha256(p.read_bytes().replace(b"\r\n", b"\n")).hexdigest()
            for p in sorted(folder.glob("*.yaml"))}


def rules_fingerprint(folder: Path | None = None) -> str:
    """``sha256:<hex>`` over the rule files: the sha256 of the lines ``<name> <sha256 of its
    content>\\n`` of :func:`rule_files`, sorted by name."""
    listing = "".join(f"{name} {digest}\n" for name, digest in sorted(rule_files(folder).items()))
    return "sha256:" + hashlib.sha256(listing.encode()).hexdigest()


_fingerprint_now = rules_fingerprint  # the factory's argument of the same name hides it


# -- the component ------------------------------------------------------------------------------


@Language.factory(
    FACTORY,
    default_config={"rules_fingerprint": None},
    assigns=["doc.spans"],
)
def create_vanban_extract(nlp: Language, name: str, rules_fingerprint: str | None) -> VanbanExtract:
    """vanban's extraction of ``doc.text`` into ``doc.spans`` (see the module docstring)."""
    return VanbanExtract(name, rules_fingerprint)


class VanbanExtract:
    def __init__(self, name: str, rules_fingerprint: str | None):
        self.name = name
        self.rules_fingerprint = rules_fingerprint
        self.rule_files: dict[str, str] = {}
        current = _fingerprint_now()
        if rules_fingerprint and rules_fingerprint != current:
            warnings.warn(f"{NAME}: built from other rules than {rules.rules_dir()} ({rules_fingerprint}, "
                          f"not {current}); run `make models`", stacklevel=2)

    def __call__(self, doc: Doc) -> Doc:
        return annotate(doc, extract_text(doc.text))

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Record the rule files the pipeline is built from."""
        self.rule_files = rule_files()

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        manifest = {"fingerprint": self.rules_fingerprint, "files": self.rule_files}
        (path / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def from_disk(self, path, *, exclude=()) -> VanbanExtract:
        manifest = json.loads((Path(path) / MANIFEST).read_text(encoding="utf-8"))
        self.rule_files = manifest["files"]
        return self


def extract_text(text: str) -> Extraction:
    """The extraction of a text given as a string (as a ``.txt`` file of it would be read)."""
    from .pipeline import extract_raw

    source = Source(path="<doc.text>", sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                    format="txt")
    return extract_raw(RawDocument(source, [Page(1, text)]))


# -- from an Extraction to doc.spans ------------------------------------------------------------


def annotate(doc: Doc, ex: Extraction) -> Doc:
    """``doc`` (a text ``ex`` was extracted from, or its clean text) with the references, units,
    deadlines and tasks of ``ex`` in ``doc.spans``; tokens that straddle a span's end are split."""
    from .web.marks import locate  # how the review app finds the units written in a task

    clean = ex.clean.text
    found: dict[str, list[tuple[int, int, str, str | None, dict]]] = {key: [] for key in SPAN_KEYS}
    for r in ex.references:
        found["references"].append((*r.span, r.relation, r.id, r.dump()))
    seen_units: dict[tuple[int, int, str], dict] = {}
    seen_deadlines: dict[tuple[int, int], dict] = {}
    for n, t in enumerate(ex.tasks):
        found["tasks"].append((*t.span, "task", None, t.dump()))
        for role in ("lead", "support"):
            for unit in getattr(t, role):
                at = locate(clean, unit, *t.span)
                if at is None:
                    continue
                if (*at, role) in seen_units:
                    seen_units[(*at, role)]["tasks"].append(n)
                    continue
                value = seen_units[(*at, role)] = {"name": unit, "role": role, "tasks": [n]}
                found["units"].append((*at, role, None, value))
        for d in t.deadlines:
            if tuple(d.span) in seen_deadlines:
                seen_deadlines[tuple(d.span)]["tasks"].append(n)
                continue
            value = seen_deadlines[tuple(d.span)] = {**d.dump(), "tasks": [n]}
            label = d.end or d.recurrence or ("ongoing" if d.ongoing else "deadline")
            found["deadlines"].append((*d.span, label, None, value))

    text = doc.text
    placed = {key: [(*_on(text, ex, s, e), label, id_, value) for s, e, label, id_, value in items]
              for key, items in found.items()}
    _split_at(doc, {b for items in placed.values() for s, e, *_ in items if s < e for b in (s, e)})
    for key, items in placed.items():
        spans = []
        for s, e, label, id_, value in items:
            span = doc.char_span(s, e, label=label) if s < e else None
            if span is None:
                continue
            if id_:
                span.id_ = id_
            span._.vanban = value
            spans.append(span)
        doc.spans[key] = spans
    doc.user_data["vanban"] = ex.dump()
    return doc


_EDGE_SPACE = regex.compile(r"^\s+|\s+$")


def _on(text: str, ex: Extraction, start: int, end: int) -> tuple[int, int]:
    """The clean span ``[start, end)`` on ``text``: the same characters when ``text`` is the clean
    text, else the source characters they came from; white space at its ends left out (a token
    boundary never lies inside white space; ``' và 15/12'`` of corpus/synth-cv-so-noi-vu-ocr.txt)."""
    if text != ex.clean.text:
        start, end = ex.clean.source_span(start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_at(doc: Doc, bounds: set[int]) -> None:
    """Split every token that a character offset of ``bounds`` falls inside, there (underthesea's
    ``VIII Luật`` before ``Luật Quản lý thuế số 38/2019/QH14`` of corpus/real-001-nd-91-2022.txt).
    White space of a token at a cut becomes a white-space token of its own (a token's text holds
    white space only between its syllables: ``Quản lý``); the other pieces keep the token's tag."""
    cuts: dict[int, list[int]] = {}
    for b in bounds:
        i = _token_at(doc, b)
        if i is not None:
            cuts.setdefault(i, []).append(b)
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for i, offsets in cuts.items():
            token = doc[i]
            edges = [0, *sorted(b - token.idx for b in offsets), len(token.text)]
            orths = []
            for a, b in zip(edges, edges[1:], strict=False):
                piece = token.text[a:b]
                core = piece.strip()
                lead, trail = piece[:piece.index(core)], piece[piece.index(core) + len(core):]
                orths += [part for part in (lead, core, trail) if part]
            tags = ["_SP" if part.isspace() else token.tag_ for part in orths]  # as extract.nlp tags white space
            retokenizer.split(token, orths, heads=[(token, k) for k in range(len(orths))], attrs={"TAG": tags})


def _token_at(doc: Doc, offset: int) -> int | None:
    """The index of the token that ``offset`` falls strictly inside, if any."""
    lo, hi = 0, len(doc)
    while lo < hi:  # the last token starting before offset
        mid = (lo + hi) // 2
        if doc[mid].idx < offset:
            lo = mid + 1
        else:
            hi = mid
    if lo == 0:
        return None
    token = doc[lo - 1]
    return token.i if token.idx < offset < token.idx + len(token.text) else None


# -- building and showing -----------------------------------------------------------------------


def build() -> Language:
    """The pipeline, fresh from the rules of :func:`extract.rules.rules_dir`."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vanban.underthesea_tokenizer"}}})
    nlp.add_pipe(FACTORY, config={"rules_fingerprint": rules_fingerprint()})
    nlp.initialize()
    nlp.meta.update({
        "name": NAME.replace("-", "_"), "version": __version__,
        "description": "vanban: references (by relation), units, deadlines and tasks of Vietnamese "
                       "administrative documents in doc.spans; underthesea tokenizer, no vectors",
        "spacy_version": ">=3.7,<4", "requirements": ["vanban"],
        "url": "", "author": "vanban", "license": "MIT",
    })
    return nlp


def render(doc: Doc, key: str = "references", page: bool = False) -> str:
    """The spans of ``doc.spans[key]`` drawn by displaCy's span style, coloured as in the review app
    (``page=True``: a whole HTML page)."""
    colours = {**RELATION_COLOURS, **ROLE_COLOURS}
    return displacy.render(doc, style="span", page=page, jupyter=False,
                           options={"spans_key": key, "colors": colours})


def main(argv: list[str] | None = None) -> int:
    """``python -m extract.spacy_model DIR``: build the model into ``DIR`` (``make models``)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m extract.spacy_model DIR   (e.g. models/vanban-vi)", file=sys.stderr)
        return 1
    nlp = build()
    out = Path(args[0])
    nlp.to_disk(out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"{out}: {NAME} {__version__}, rules {rules_fingerprint()}, {size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
