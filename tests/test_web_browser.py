"""The review app in a real browser (issue 14): Debian's headless Chromium driven by Playwright against
`vanban serve` started as a user starts it. Every step waits for the element it needs (Playwright's
auto-waiting `expect`), never for a length of time."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from extract.store import Document, Store
from extract.web.app import dom_id

from .test_web import Server, _fill

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium chromium-driver; `make test` does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
                              args=ARGS)
        yield b
        b.close()


@pytest.fixture
def served(tmp_path):
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    _fill(url, tmp_path)
    server = Server(url)
    try:
        yield server, Store(url)
    finally:
        server.stop()


def test_a_clerk_reviews_corrects_and_exports(browser, served, tmp_path):
    from playwright.sync_api import expect

    server, store = served
    with store.session() as s:
        doc = s.scalars(select(Document).where(Document.path.like("%synth-ct-ubnd-thanh-hoa.txt"))).one()
        mentions = [(m.span_start, m.span_end, m.text, m.node_id) for m in doc.mentions]
        dated = next((t.uid, d.text, d.start, d.end) for t in doc.tasks for d in t.deadlines if d.end)
        doc_id = doc.id
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()

    # the documents list leads to the document
    page.goto(server.base + "/")
    page.get_by_role("link", name="07/CT-UBND").click()
    expect(page).to_have_url(re.compile(rf"/doc/{doc_id}$"))

    # every reference is marked in the text; clicking one opens its card with its span
    marks = page.locator("#doc-text .hl-reference[id^=at-]")
    expect(marks).to_have_count(len(mentions))
    start, end, text, node = mentions[0]
    ref = dom_id("reference", f"{start}-{end}")
    expect(page.locator(f"#at-{ref}")).to_have_text(text)
    page.locator(f"#at-{ref}").click()
    card = page.locator(f"#{ref}")
    expect(card).to_have_class(re.compile(r"\bfocus\b"))
    expect(card).to_contain_text(f"[{start}, {end})")
    expect(page.locator("#doc-text .hl-deadline").first).to_be_visible()
    expect(page.locator("#doc-text .hl-task").first).to_be_visible()

    # follow the reference to its graph page: the cited document drawn, the citing one a link back
    card.locator("a.graph").click()
    expect(page).to_have_url(re.compile(rf"/graph/{node}\b"))
    expect(page.locator(f'svg.graph a[data-node="{node}"]')).to_be_visible()
    page.locator(f'svg.graph a[href="/doc/{doc_id}"]').first.click()
    expect(page).to_have_url(re.compile(rf"/doc/{doc_id}$"))

    # correct a deadline: open its edit form, give the date, save
    uid, deadline_text, extracted_start, extracted_end = dated
    row = page.locator(f"#{dom_id('deadline', f'{uid}|{deadline_text}')}")
    row.locator("summary", has_text="edit").click()
    row.locator("input[name=v_end]").fill("2031-03-31")
    row.get_by_role("button", name="Save").click()
    expect(row.locator(".v-deadline")).to_contain_text("2031-03-31")
    expect(row).to_contain_text(f"extracted: {extracted_start or '…'} – {extracted_end}")
    page.reload()
    expect(row.locator(".v-deadline")).to_contain_text("2031-03-31")
    expect(row.locator(".status")).to_have_text("edited")

    # export it: the gold file and the tasks CSV carry the corrected date
    with page.expect_download() as got:
        page.locator("#gold-export").click()
    gold = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert any(d["end"] == "2031-03-31" for t in gold["tasks"] for d in t["deadlines"])
    page.goto(server.base + f"/tasks?doc=%23{doc_id}")
    expect(page.locator(f'tr[data-uid="{uid}"] td.due')).to_contain_text("2031-03-31")
    with page.expect_download() as got:
        page.locator("a.export-csv").click()
    csv_text = Path(got.value.path()).read_text(encoding="utf-8-sig")
    line = next(x for x in csv_text.splitlines() if x.startswith(uid))
    assert "2031-03-31" in line
    context.close()
