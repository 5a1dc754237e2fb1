"""``make bench``: throughput measured against baselines in the same run.

Builds its workload from the bundled corpus (the clean texts, repeated to a few MB), then
times, on the same text:

- reference finding alone (regex only) — MB/s of clean text;
- cleaning, and the whole text extraction (clean → outline → references → tasks) — MB/s;
- PDF reading: text-layer PDFs generated from the corpus texts (fpdf2), read by vanban (pypdfium2,
  pdfplumber only on pages with ruled tables) and by pdfplumber's ``extract_text`` — pages/s and
  the ratio;
- underthesea ``word_tokenize`` on a sample of the same text — MB/s, the cost of
  tokenizing everything, and the ratio of extraction to it.

Ratios are printed and written to ``bench/results.json``. Timings never live in unit tests.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.clean import clean  # noqa: E402
from extract.pipeline import extract_bytes  # noqa: E402
from extract.references import find_references  # noqa: E402


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    docs = sorted((ROOT / "corpus").glob("*.txt"))
    sources = [p.read_text(encoding="utf-8") for p in docs]
    clean_texts = [clean(s).text for s in sources]
    target = 4 * 1024 * 1024
    reps = max(1, target // sum(len(t.encode()) for t in clean_texts))
    texts = clean_texts * reps
    raw = [s.encode() for s in sources] * reps
    mb = sum(len(t.encode()) for t in texts) / 1e6
    results: dict[str, float] = {"workload_mb": round(mb, 2), "documents": len(texts)}

    refs_s = best_of(lambda: [find_references(t) for t in texts])
    results["references_mb_per_s"] = round(mb / refs_s, 2)

    clean_s = best_of(lambda: [clean(s) for s in sources * reps], repeat=1)
    results["clean_mb_per_s"] = round(mb / clean_s, 2)

    ext_s = best_of(lambda: [extract_bytes(b, f"d{i}.txt") for i, b in enumerate(raw)], repeat=1)
    results["text_mb_per_s"] = round(mb / ext_s, 2)
    results["text_docs_per_s"] = round(len(raw) / ext_s, 1)

    pdf_results = bench_pdf(sources)
    results.update(pdf_results)

    from underthesea import word_tokenize

    sample = clean_texts  # one copy of the corpus: tokenizing it all would take minutes
    sample_mb = sum(len(t.encode()) for t in sample) / 1e6
    word_tokenize("khởi động")
    tok_s = best_of(lambda: [word_tokenize(t) for t in sample], repeat=1)
    results["tokenize_mb_per_s"] = round(sample_mb / tok_s, 3)
    results["text_vs_tokenize"] = round(results["text_mb_per_s"] / results["tokenize_mb_per_s"], 2)
    results["references_vs_tokenize"] = round(results["references_mb_per_s"] / results["tokenize_mb_per_s"], 1)

    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    width = max(map(len, results))
    for k, v in results.items():
        print(f"{k:<{width}}  {v}")
    print(f"written to {out.relative_to(ROOT)}")


def bench_pdf(sources: list[str]) -> dict[str, float]:
    import io

    import pdfplumber

    from extract.read import read_bytes
    from tests.pdfs import font_path, make_pdf

    if font_path() is None:
        print("PDF benchmark skipped: no DejaVu Sans font to write Vietnamese PDFs")
        return {}
    pdfs = [make_pdf(clean(s).text) for s in sources[:12]]
    pages = 0

    def ours():
        nonlocal pages
        pages = sum(read_bytes(b, f"d{i}.pdf").source.pages for i, b in enumerate(pdfs))

    def plumber():
        for b in pdfs:
            with pdfplumber.open(io.BytesIO(b)) as pdf:
                for page in pdf.pages:
                    page.extract_text()

    ours_s = best_of(ours)
    plumber_s = best_of(plumber, repeat=1)
    return {"pdf_pages": pages, "pdf_pages_per_s": round(pages / ours_s, 1),
            "pdfplumber_pages_per_s": round(pages / plumber_s, 1),
            "pdf_vs_pdfplumber": round(plumber_s / ours_s, 1)}


if __name__ == "__main__":
    main()
