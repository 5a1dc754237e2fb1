"""The benchmark's own workload: many distinct documents made by varying the bundled corpus.

Each variant keeps a corpus document's form (header block, numbering, references, task lists)
and changes what differs between real documents of one office: its number, its dates, which
items of a list it has and in which order. Deterministic for a seed, and every variant is
distinct (content hash), so a batch ingests them all rather than skipping repeats.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import regex

NUMBER = regex.compile(r"(?m)^(\s*Số\s*:\s*)(\d+)")
DAY = regex.compile(r"(ngày\s+)(\d{1,2})(\s+tháng\s+)(\d{1,2})")
ITEM = regex.compile(r"^\s*(?:[-+•]|\d+(?:\.\d+)*\.|[a-zđ]\))\s")


def vary(text: str, rng: random.Random) -> str:
    """One plausible sibling of ``text``."""
    text = NUMBER.sub(lambda m: m.group(1) + str(rng.randint(1, 2999)), text, count=1)
    text = DAY.sub(lambda m: f"{m.group(1)}{rng.randint(1, 28):02d}{m.group(3)}{rng.randint(1, 12)}"
                   if rng.random() < 0.5 else m.group(0), text)
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if i > 12 and ITEM.match(line)]
    if len(body) > 4:
        if rng.random() < 0.6:  # an office drops an item of the list ...
            del lines[rng.choice(body)]
            body = [i for i, line in enumerate(lines) if i > 12 and ITEM.match(line)]
        if rng.random() < 0.6:  # ... or orders two neighbouring items the other way
            i = rng.choice(body[:-1])
            if i + 1 in body:
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "\n".join(lines)


def texts(sources: list[str], n: int, seed: int = 20261122) -> list[str]:
    """``n`` distinct variants of ``sources``, taken in turn."""
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    i = 0
    while len(out) < n:
        variant = vary(sources[i % len(sources)], rng)
        digest = hashlib.sha256(variant.encode()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            out.append(variant)
        i += 1
    return out


def write(folder: Path, names_and_data: list[tuple[str, bytes]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in names_and_data:
        (folder / name).write_bytes(data)
    return folder
