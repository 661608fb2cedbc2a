"""The site in a real browser (headless chromium)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

PAGES = ["index.html", "will-exercise-hurt.html", "references.html", "search.html",
         "exercises/index.html", "exercises/low-back.html"]


@pytest.mark.parametrize("page_name", PAGES)
def test_a_page_asks_no_other_host_for_anything(browser, served_site, page_name, tmp_path):
    page = browser.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{served_site}/{page_name}", wait_until="networkidle")
    page.screenshot(path=tmp_path / "page.png")
    page.close()
    assert hosts == {urlsplit(served_site).netloc}
    assert failed == []


def test_text_is_large_and_in_the_vendored_font_on_a_phone(browser, served_site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{served_site}/will-exercise-hurt.html", wait_until="networkidle")
    size = page.eval_on_selector("article p:not(.hb-review)", "p => parseFloat(getComputedStyle(p).fontSize)")
    family = page.eval_on_selector("article p:not(.hb-review)", "p => getComputedStyle(p).fontFamily")
    loaded = page.evaluate("document.fonts.check('16px \"Atkinson Hyperlegible\"')")
    page.close()
    assert size >= 18
    assert family.startswith('"Atkinson Hyperlegible"')
    assert loaded


def test_theme_icons_draw_from_the_web_font_without_the_icon_script(browser, served_site):
    page = browser.new_page()
    scripts = []
    page.on("request", lambda request: scripts.append(request.url) if request.url.endswith(".js") or ".js?" in request.url else None)
    page.goto(f"{served_site}/start-here.html", wait_until="networkidle")
    icon = page.eval_on_selector(
        ".primary-toggle .fa-bars",
        "el => [getComputedStyle(el, '::before').content, getComputedStyle(el, '::before').fontFamily,"
        " el.getBoundingClientRect().width]")
    page.close()
    assert not any("fontawesome" in url for url in scripts)
    content, family, width = icon
    assert content not in ("none", "normal", '""') and "Font Awesome" in family and width > 0


def test_an_exercise_card_keeps_its_text_off_its_border_on_a_phone(browser, served_site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{served_site}/exercises/low-back.html", wait_until="networkidle")
    card = page.locator(".hb-exercise-card").first.bounding_box()
    purpose = page.locator(".hb-exercise-card .hb-exercise-purpose").first.bounding_box()
    steps = page.locator(".hb-exercise-card ol").first.bounding_box()
    page.close()
    assert purpose["x"] - card["x"] >= 12
    assert card["x"] + card["width"] - (purpose["x"] + purpose["width"]) >= 12
    assert steps["x"] > card["x"] + 12


def test_the_chapter_list_in_the_sidebar_is_not_small_print(browser, served_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{served_site}/index.html", wait_until="networkidle")
    sizes = page.eval_on_selector_all(".bd-sidebar-primary .bd-links a",
                                      "links => links.map(a => parseFloat(getComputedStyle(a).fontSize))")
    page.close()
    assert sizes and min(sizes) >= 17, sizes


CSP_PAGES = ["index.html", "exercises/low-back.html", "search.html", "glossary.html"]


@pytest.mark.parametrize("page_name", CSP_PAGES)
def test_the_content_security_policy_allows_the_site_and_blocks_other_hosts(browser, served_site, page_name):
    """Every page carries a CSP allowing only the site: the page works under it,
    and a load from another host that slipped in would be refused."""
    page = browser.new_page()
    page.add_init_script("window.hbViolations = [];"
                         "document.addEventListener('securitypolicyviolation',"
                         " e => window.hbViolations.push(e.blockedURI + ' ' + e.violatedDirective));")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{served_site}/{page_name}", wait_until="networkidle")
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert policy.startswith("default-src 'self';")
    assert page.evaluate("window.hbViolations") == []
    assert not [e for e in errors if "Content Security Policy" in e]
    page.evaluate("""() => { const img = document.createElement('img');
                             img.src = 'https://images.example.org/x.png'; document.body.append(img);
                             return fetch('https://api.example.org/q').catch(() => null); }""")
    page.wait_for_timeout(200)
    blocked = page.evaluate("window.hbViolations")
    page.close()
    assert "https://images.example.org/x.png img-src" in blocked
    assert "https://api.example.org/q connect-src" in blocked
