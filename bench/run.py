"""``make bench``: throughput and memory, each measured against a baseline in the same run.

Builds its own workload in ``bench/work/`` (see :mod:`bench.workload`): 2,000 text documents made
by varying the bundled corpus, and 200 text-layer PDFs generated from the first 200 of them (fpdf2).
Then prints, and writes to ``bench/results.json``:

(a) text extraction (clean → outline → references → tasks) over the 2,000 texts, MB/s, and its
    ratio to underthesea ``word_tokenize`` over the same texts (a sample: tokenizing them all
    would take minutes) — what tokenizing everything would cost (``text_vs_tokenize``); the two
    taken in turn, a fifth of each at a time, so a change in the machine's load falls on both.
    ``bench/run.py text`` runs this section alone;
(b) PDF reading of the 200 PDFs, pages/s, and the ratio to pdfplumber ``extract_text`` on the
    same files (the first 30: pdfplumber is slow) (``pdf_vs_pdfplumber``);
(c) ingesting 400 texts into SQLite with 2 worker processes vs 1, best of two runs each, taken in
    turn (``workers2_vs_1``);
(d) peak RSS of ``vanban ingest`` over 200 documents vs 2,000 (10 % of them PDFs), each in a
    fresh process and database: of its largest process (a worker, holding the language models)
    and of the process that writes to the store; the larger growth is ``rss_2000_vs_200``;
(e) documents/s of that 2,000-document ingest into SQLite (``ingest_docs_per_s``);
(f) OCR of scanned pages (the first PDFs rasterized with noise and skew, as the tests make scans):
    seconds per page of vanban's read (render, Tesseract on pages in parallel, the fixes of
    ``rules/ocr.yaml``) against plain ``tesseract`` run on the same rendered pages one after another
    (``ocr_vs_tesseract``: above 1, vanban reads a scan faster than the bare tool);
(g) ruled PDFs: plans as offices issue them (header and signature blocks in two columns, a task
    table ruled cell by cell over several pages, its header shaded and repeated, group rows and lead
    units merged over rows), read by vanban against pdfplumber ``extract_text`` + ``extract_tables``
    (``ruled_pdf_vs_pdfplumber``) and against raw pypdfium2 text, the limit (``ruled_pdf_vs_pypdfium2``:
    vanban's speed as a share of it). ``bench/run.py ruled`` runs this section alone and merges its
    figures into ``bench/results.json``;
(h) queries on a store of 30,000 documents built in seconds (:mod:`bench.archive`: the corpus ingested
    once, its rows copied with SQL): ``cites``, ``refs``, ``top-cited``, ``graph --format graphml``,
    ``tasks --format ics`` and ``csv``, each run in the bench's process (its imports made: the start is
    (i)) against the ``sqlite3`` shell running the same SQL, both writing to a file (``queries_vs_sql_max``:
    the slowest ratio; the task exports, of 130,000 tasks, are written by two processes as on any Linux
    machine of two cores, each half of the tasks by its own queries, the shell on one), and the peak RSS of
    the exports on that store
    against a 3,000-document one (``rss_30000_vs_3000``);
(i) the CLI's cold start: ``vanban version`` and ``vanban extract`` of one small file, fresh processes,
    against ``python -c pass`` (``cli_start_vs_python``). ``bench/run.py queries`` runs (h) and (i) alone.

Timings never live in unit tests: the machines are shared and noisy; ratios measured in one run
are what to compare across machines.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import archive, workload  # noqa: E402
from extract.batch import ingest  # noqa: E402
from extract.clean import clean  # noqa: E402
from extract.pipeline import extract_bytes  # noqa: E402
from extract.references import find_references  # noqa: E402
from extract.store import Store  # noqa: E402

WORK = ROOT / "bench" / "work"
N_TEXTS, N_PDFS, N_WORKERS_BENCH, N_PLUMBER, N_TOKENIZE, N_SCANS = 2000, 200, 400, 30, 60, 2
TURNS = 5  # (a): extraction and tokenizing taken in turn, a fifth of each at a time


def corpus_texts() -> list[str]:
    """The bundled corpus's text documents, which every workload here is made from."""
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    if sys.argv[1:] == ["ruled"]:  # (g) alone, its figures merged into the last full run's
        return ruled_only()
    if sys.argv[1:] == ["queries"]:  # (h) and (i) alone, merged likewise
        return queries_only()
    if sys.argv[1:] == ["text"]:  # (a) alone, merged likewise
        return text_only()
    started = time.perf_counter()
    sources = corpus_texts()
    shutil.rmtree(WORK, ignore_errors=True)
    say(f"workload: {N_TEXTS} text variants of {len(sources)} corpus documents, {N_PDFS} PDFs")
    texts = workload.texts(sources, N_TEXTS)
    raw = [t.encode() for t in texts]
    pdfs = make_pdfs(texts[:N_PDFS])
    results: dict[str, float] = {"documents": len(raw), "workload_mb": round(sum(map(len, raw)) / 1e6, 2)}

    results |= bench_text(raw)
    if pdfs:
        results |= bench_pdf(pdfs)
    results |= bench_workers(raw[:N_WORKERS_BENCH])
    results |= bench_ingest(raw, pdfs)
    if pdfs:
        results |= bench_ocr(pdfs[:N_SCANS])
    results |= bench_ruled()
    results |= archive.bench_queries(WORK, say)
    results |= archive.bench_cli_start(say)
    results["bench_seconds"] = round(time.perf_counter() - started, 1)

    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    width = max(map(len, results))
    for k, v in results.items():
        print(f"{k:<{width}}  {v}")
    print(f"written to {out.relative_to(ROOT)}")


def make_pdfs(texts: list[str]) -> list[bytes]:
    from tests.pdfs import font_path, make_pdf

    if font_path() is None or font_path(bold=True) is None:
        say("PDF figures skipped: no DejaVu Sans font to write Vietnamese PDFs (Debian fonts-dejavu-core)")
        return []
    return [make_pdf(clean(t).text) for t in texts]


def bench_text(raw: list[bytes]) -> dict[str, float]:
    """(a) extraction of every text, in this process, vs tokenizing a sample of the same texts.

    Taken in turn, a slice of each at a time (a fifth of the texts, then a fifth of the sample, …):
    a shared machine's load changes over a minute, and both sides of the ratio then see the same."""
    from underthesea import word_tokenize

    say("(a) text extraction vs underthesea word_tokenize")
    extract_bytes(raw[0], "warm-up.txt")  # lexicons, POS model: loaded once, not measured
    from extract.tagging import words

    words("Các đơn vị liên quan khởi động")  # the POS model, which the first text may not have needed
    word_tokenize("khởi động")
    mb = sum(map(len, raw)) / 1e6
    cleaned = [clean(b.decode()).text for b in raw]
    sample = cleaned[:N_TOKENIZE]
    sample_mb = sum(len(t.encode()) for t in sample) / 1e6
    ext_s = tok_s = 0.0
    for k in range(TURNS):
        texts, tokenized = raw[k::TURNS], sample[k::TURNS]
        ext_s += timed(lambda texts=texts: [extract_bytes(b, f"d{i}.txt") for i, b in enumerate(texts)])
        tok_s += timed(lambda tokenized=tokenized: [word_tokenize(t) for t in tokenized])
    refs_s = timed(lambda: [find_references(t) for t in cleaned])
    text_mb_s, tok_mb_s = mb / ext_s, sample_mb / tok_s
    return {"text_mb_per_s": round(text_mb_s, 3), "text_docs_per_s": round(len(raw) / ext_s, 1),
            "references_mb_per_s": round(sum(len(t.encode()) for t in cleaned) / 1e6 / refs_s, 2),
            "tokenize_mb_per_s": round(tok_mb_s, 3), "text_vs_tokenize": round(text_mb_s / tok_mb_s, 2)}


def bench_pdf(pdfs: list[bytes]) -> dict[str, float]:
    """(b) our PDF reader vs pdfplumber's extract_text, same files."""
    import pdfplumber

    from extract.read import read_bytes

    say(f"(b) PDF reading: {len(pdfs)} PDFs; pdfplumber on the first {N_PLUMBER}")
    pages = 0

    def ours(files):
        nonlocal pages
        pages = sum(read_bytes(b, f"d{i}.pdf").source.pages for i, b in enumerate(files))

    def plumber(files):
        for b in files:
            with pdfplumber.open(io.BytesIO(b)) as pdf:
                for page in pdf.pages:
                    page.extract_text()

    all_s = timed(lambda: ours(pdfs))
    all_pages = pages
    same_s = timed(lambda: ours(pdfs[:N_PLUMBER]))
    plumber_s = timed(lambda: plumber(pdfs[:N_PLUMBER]))
    return {"pdf_pages": all_pages, "pdf_pages_per_s": round(all_pages / all_s, 1),
            "pdfplumber_pages_per_s": round(pages / plumber_s, 1), "pdf_vs_pdfplumber": round(plumber_s / same_s, 1)}


def bench_workers(raw: list[bytes]) -> dict[str, float]:
    """(c) the same batch into a fresh SQLite store with 1 process and with 2 worker processes."""
    say(f"(c) ingest {len(raw)} texts with 1 process, then 2 workers")
    folder = workload.write(WORK / "workers", [(f"{i:05d}.txt", b) for i, b in enumerate(raw)])
    files = sorted(folder.iterdir())
    seconds = {1: float("inf"), 2: float("inf")}
    for run in range(2):  # 1, 2, 1, 2: the best of two each, so that a noisy neighbour hits both alike
        for workers in (1, 2):
            db = WORK / f"workers{workers}-{run}.db"
            store = Store(f"sqlite:///{db}")
            reports = []
            seconds[workers] = min(seconds[workers], timed(
                lambda: reports.append(ingest(store, files, workers=workers))))  # noqa: B023
            # variants of one document are one document: the later file supersedes the earlier
            done = reports[0].ingested + reports[0].superseded
            assert done == len(files) and not reports[0].failed, "the benchmark batch must ingest every document"
    return {"ingest_1_worker_docs_per_s": round(len(files) / seconds[1], 1),
            "ingest_2_workers_docs_per_s": round(len(files) / seconds[2], 1),
            "workers2_vs_1": round(seconds[1] / seconds[2], 2)}


def bench_ingest(raw: list[bytes], pdfs: list[bytes]) -> dict[str, float]:
    """(d) peak RSS of `vanban ingest` at 200 and 2,000 documents; (e) its documents/s."""
    out = {}
    n_pdf = len(pdfs) // 10 if pdfs else 0
    for total in (N_TEXTS // 10, N_TEXTS):
        k = n_pdf * total // (N_TEXTS // 10) if pdfs else 0
        files = [(f"{i:05d}.txt", b) for i, b in enumerate(raw[:total - k])]
        files += [(f"{i:05d}.pdf", b) for i, b in enumerate(pdfs[:k])]
        folder = workload.write(WORK / f"ingest{total}", files)
        db = WORK / f"ingest{total}.db"
        say(f"(d, e) vanban ingest of {total} documents ({k} PDFs), 2 workers, fresh process and store")
        cmd = [sys.executable, "-m", "extract", "ingest", str(folder), "--db", f"sqlite:///{db}", "-j", "2", "-q"]
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT)
        parent_peak = 0
        while True:  # the writing process's own peak (VmHWM), read until it exits
            parent_peak = max(parent_peak, _vm_hwm_kib(proc.pid))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - t
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"vanban ingest failed on the benchmark workload ({folder})")
        out[f"rss_{total}_mb"] = round(usage.ru_maxrss / 1024, 1)  # KiB on Linux; the largest process of the run
        out[f"writer_rss_{total}_mb"] = round(parent_peak / 1024, 1)
        out[f"ingest_{total}_seconds"] = round(seconds, 1)
    small, large = N_TEXTS // 10, N_TEXTS
    # whichever grew more: the largest process (a worker) or the process that writes to the store
    out["rss_2000_vs_200"] = round(max(out[f"rss_{large}_mb"] / out[f"rss_{small}_mb"],
                                       out[f"writer_rss_{large}_mb"] / max(out[f"writer_rss_{small}_mb"], 1)), 3)
    out["ingest_docs_per_s"] = round(N_TEXTS / out[f"ingest_{N_TEXTS}_seconds"], 1)
    return out


def bench_ocr(pdfs: list[bytes]) -> dict[str, float]:
    """(f) vanban's read of scans vs plain ``tesseract`` on the same rendered pages."""
    from extract import ocr
    from extract.read import read_bytes
    from tests.pdfs import scan

    why = ocr.unavailable()
    if why:
        say(f"OCR figures skipped: {why}")
        return {}
    scans = [scan(p) for p in pdfs]
    say(f"(f) OCR of {len(scans)} scanned PDFs: vanban vs plain tesseract on the same pages")
    pages = 0

    def ours():
        nonlocal pages
        pages = sum(read_bytes(b, f"scan{i}.pdf").source.pages for i, b in enumerate(scans))

    import pypdfium2 as pdfium

    pngs = []
    for b in scans:
        doc = pdfium.PdfDocument(b)
        pngs += [ocr.page_png(doc[i]) for i in range(len(doc))]
        doc.close()

    def plain(env=None):
        for png in pngs:
            subprocess.run(["tesseract", "stdin", "stdout", "-l", ocr.LANG, "--psm", "4"], input=png,
                           capture_output=True, check=True, env=env)

    ours_s = timed(ours)
    plain_s = timed(plain)  # as a user runs it: Tesseract's own threads
    one_s = timed(lambda: plain({**os.environ, "OMP_THREAD_LIMIT": "1"}))  # one thread a page, as vanban runs it
    return {"ocr_pages": pages, "ocr_s_per_page": round(ours_s / pages, 2),
            "tesseract_s_per_page": round(plain_s / len(pngs), 2),
            "tesseract_1_thread_s_per_page": round(one_s / len(pngs), 2), "ocr_vs_tesseract": round(plain_s / ours_s, 2)}


# -- (g) ruled PDFs ----------------------------------------------------------------------------------

N_PLANS, RULED_RUNS, RULED_PASSES = 8, 3, 5  # plans; runs taken in turn; passes of the fast readers a run
UNITS = ["Sở Công Thương", "Sở Tài chính", "Sở Xây dựng", "Sở Nội vụ", "Sở Tư pháp", "Sở Y tế",
         "Sở Giáo dục và Đào tạo", "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường", "Công an tỉnh",
         "Văn phòng UBND tỉnh", "Thanh tra tỉnh", "UBND các xã, phường", "Ban Quản lý các khu công nghiệp"]


def make_plans(sources: list[str], n: int = N_PLANS, seed: int = 15) -> list[bytes]:
    """Plans with task tables as offices issue them: header and signature blocks in two columns, a
    few paragraphs, then a ruled table of 30 to 60 tasks over several pages — its cells the corpus's
    own sentences, wrapped over lines; group rows over the whole table, a lead unit merged over the
    tasks it leads."""
    import random

    from tests.pdfs import font_path, plan_pdf

    if font_path() is None or font_path(bold=True) is None:
        return []
    rng = random.Random(seed)
    sentences = [s.strip() for text in sources for s in regex.split(r"(?<=[.;:])\s+", text)
                 if 40 <= len(s.strip()) <= 220 and "|" not in s]
    plans = []
    for k in range(n):
        rows: list[tuple] = [("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")]
        number = 0
        for group in range(rng.randint(2, 4)):
            rows.append(((f"{('I', 'II', 'III', 'IV')[group]}. NHÓM NHIỆM VỤ {group + 1}", 5, 1),))
            for _ in range(rng.randint(10, 16)):
                number += 1
                lead = rng.choice(UNITS)
                support = ", ".join(rng.sample([u for u in UNITS if u != lead], rng.randint(1, 3)))
                due = rng.choice([f"Quý {rng.randint(1, 4)} năm 2025", f"Tháng {rng.randint(1, 12)}/2025", "Hằng năm",
                                  f"Trước ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/2025"])
                prev = rows[-1]
                if rng.random() < 0.15 and len(prev) == 5 and prev[0] != "TT" and not isinstance(prev[2], tuple):
                    rows[-1] = (*prev[:2], (prev[2], 1, 2), *prev[3:])  # the lead above goes on over this task
                    rows.append((str(number), rng.choice(sentences), support, due))
                else:
                    rows.append((str(number), rng.choice(sentences), lead, support, due))
        header = (["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", f"Số: {rng.randint(10, 999)}/KH-UBND"],
                  ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   f"Nghệ An, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm 2025"])
        body = rng.sample(sentences, 4)
        signature = (["Nơi nhận:", "- Như trên;", "- Lưu: VT."], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Đệ"])
        plans.append(plan_pdf(header, ["KẾ HOẠCH", f"Triển khai nhiệm vụ năm 2025 (đợt {k + 1})"], body, rows, signature,
                              col_widths=(10, 70, 35, 45, 25)))
    return plans


def bench_ruled(plans: list[bytes] | None = None) -> dict[str, float]:
    """(g) vanban's read of ruled plans vs pdfplumber (text and tables) and vs raw pypdfium2 text,
    the three taken in turn, min and median of the runs."""
    import statistics

    import pdfplumber
    import pypdfium2 as pdfium

    from extract.read import read_bytes

    if plans is None:
        plans = make_plans(corpus_texts())
    if not plans:
        say("ruled PDF figures skipped: no DejaVu font to write Vietnamese PDFs (Debian fonts-dejavu-core)")
        return {}
    pages = sum(len(pdfium.PdfDocument(b)) for b in plans)
    say(f"(g) ruled PDFs: {len(plans)} plans, {pages} pages; vanban vs pdfplumber and raw pypdfium2, "
        f"{RULED_RUNS} runs")

    def ours():
        for _ in range(RULED_PASSES):
            for i, b in enumerate(plans):
                read_bytes(b, f"plan{i}.pdf")

    def raw():
        for _ in range(RULED_PASSES):
            for b in plans:
                doc = pdfium.PdfDocument(b)
                for k in range(len(doc)):
                    page = doc[k]
                    textpage = page.get_textpage()
                    textpage.get_text_range()
                    textpage.close()
                    page.close()
                doc.close()

    def plumber():
        for b in plans:
            with pdfplumber.open(io.BytesIO(b)) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.extract_tables()

    ours()  # warm-up: imports, rules
    seconds: dict[str, list[float]] = {"ours": [], "raw": [], "plumber": []}
    for _ in range(RULED_RUNS):  # in turn, so that a noisy neighbour hits all three alike
        seconds["ours"].append(timed(ours) / RULED_PASSES)
        seconds["raw"].append(timed(raw) / RULED_PASSES)
        seconds["plumber"].append(timed(plumber))
    best = {k: min(v) for k, v in seconds.items()}
    median = {k: statistics.median(v) for k, v in seconds.items()}
    return {"ruled_pdf_pages": pages, "ruled_pdf_pages_per_s": round(pages / best["ours"], 1),
            "ruled_pdfplumber_pages_per_s": round(pages / best["plumber"], 1),
            "ruled_pypdfium2_pages_per_s": round(pages / best["raw"], 1),
            "ruled_pdf_vs_pdfplumber": round(best["plumber"] / best["ours"], 1),
            "ruled_pdf_vs_pdfplumber_median": round(median["plumber"] / median["ours"], 1),
            "ruled_pdf_vs_pypdfium2": round(best["raw"] / best["ours"], 3),
            "ruled_pdf_vs_pypdfium2_median": round(median["raw"] / median["ours"], 3)}


def text_only() -> None:
    """``bench/run.py text``: section (a) alone, on the same workload; the other figures stay as the
    last full run left them."""
    sources = corpus_texts()
    mine = bench_text([t.encode() for t in workload.texts(sources, N_TEXTS)])
    _merge(mine)


def _merge(mine: dict[str, float]) -> None:
    out = ROOT / "bench" / "results.json"
    results = json.loads(out.read_text()) if out.exists() else {}
    results |= mine
    out.write_text(json.dumps(results, indent=2) + "\n")
    for k, v in mine.items():
        print(f"{k:<32}  {v}")
    print(f"written to {out.relative_to(ROOT)}")


def ruled_only() -> None:
    """``bench/run.py ruled``: section (g) alone; the other figures stay as the last full run left them."""
    _merge(bench_ruled())


def queries_only() -> None:
    """``bench/run.py queries``: sections (h) and (i) alone; the other figures stay as the last full run left them."""
    _merge(archive.bench_queries(WORK, say) | archive.bench_cli_start(say))


def _vm_hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    main()
