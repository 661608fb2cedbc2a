"""The handbook works offline after one visit: a service worker made from the built site."""

from __future__ import annotations

import json
import re

from tools.checks.html_reader import read


def test_the_worker_lists_every_page_and_is_named_by_the_edition(handbook):
    worker = (handbook.html / "sw.js").read_text()
    listed = set(json.loads(re.search(r"const FILES = (\[.*?\]);", worker, re.S)[1]))
    pages = {p.relative_to(handbook.html).as_posix() for p in handbook.html.rglob("*.html")
             if "_static" not in p.parts and p.parent.name != "pdf"}
    assert pages <= listed, pages - listed
    assert {"_static/hb-programme/data.json", "_static/js/hb-programme.js", "manifest.webmanifest"} <= listed
    assert re.search(rf'const CACHE = "hb-{re.escape(handbook.edition)}-[0-9a-f]{{12}}";', worker)
    for name in ("exercises-for-back-pain", "red-flag-card", "red-flag-card-neck-and-upper-back", "exercise-diary"):
        assert f'"pdf/{name}-{handbook.edition}-a4.pdf"' in worker, name
    manifest = json.loads((handbook.html / "manifest.webmanifest").read_text())
    assert manifest["start_url"] == "index.html" and manifest["display"] == "standalone"
    head = read(handbook.html / "exercises" / "neck.html").soup.head
    assert head.find("link", rel="manifest")["href"] == "../manifest.webmanifest"
    printed = handbook.print_html.read_text()
    assert "hb-offline.js" not in printed and "manifest.webmanifest" not in printed


def test_after_one_visit_pages_and_a_programme_open_without_a_network(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served_site}/index.html", wait_until="networkidle")
    # Poll from here: wait_for_function compiles its test with eval, which the page's CSP forbids.
    for _ in range(300):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(100)
    assert page.evaluate("navigator.serviceWorker.controller !== null"), "the service worker never took over"
    context.set_offline(True)
    try:
        for name, title in (("sciatica.html", "Sciatica"), ("exercises/neck.html", "Exercises for neck pain"),
                            ("glossary.html", "Glossary")):
            page.goto(f"{served_site}/{name}")
            assert page.title().startswith(title), name
            assert page.locator("h1").first.text_content().startswith(title)
        page.goto(f"{served_site}/my-programme.html#p=1~bridge.r8~chin-tuck!b1")
        page.wait_for_selector(".hb-handout-card", timeout=10000)
        assert [t.strip() for t in page.locator(".hb-handout-card h2").all_text_contents()] == ["Bridge", "Chin tuck"]
    finally:
        context.set_offline(False)
        context.close()


def test_the_worker_lists_every_picture_a_page_shows(handbook):
    """A figure's picture is copied to _images/: offline, a page must not lose it."""
    worker = (handbook.html / "sw.js").read_text()
    listed = set(json.loads(re.search(r"const FILES = (\[.*?\]);", worker, re.S)[1]))
    shown = set()
    for page in handbook.html.rglob("*.html"):
        for img in read(page).soup.find_all("img", src=True):
            src = img["src"]
            if not src.startswith(("data:", "http:", "https:")):
                shown.add((page.parent / src).resolve().relative_to(handbook.html.resolve()).as_posix())
    assert "_images/saddle-area.svg" in shown
    assert shown <= listed, sorted(shown - listed)
