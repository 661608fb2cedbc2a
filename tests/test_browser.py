"""The site in a real browser (headless chromium)."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path
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


def test_an_exercise_cards_labels_and_take_care_lines_read_easily_on_a_phone(browser, served_site):
    """The phone review: "Take care if..." touched its orange bar, and the field labels sat in a
    95 px column, "What you should feel:" over four lines."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{served_site}/exercises/low-back.html", wait_until="networkidle")
    bar = page.locator(".hb-exercise-take-care").first.bounding_box()
    words = page.locator(".hb-exercise-take-care p").first.bounding_box()
    labels = page.eval_on_selector_all(".hb-exercise-card dl.field-list > dt", "els => els.map(e => "
                                       "[e.textContent, e.getBoundingClientRect().height, "
                                       "parseFloat(getComputedStyle(e).lineHeight)])")
    page.close()
    assert words["x"] - bar["x"] >= 10
    assert labels
    for text, height, line in labels:
        assert height < 1.5 * line, text  # one line each

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


# -- A phone reader's first screens ---------------------------------------------------------

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("page_name", ["index.html", "low-back-pain.html", "exercises/low-back.html",
                                       "make-a-programme.html"])
def test_a_first_visit_logs_no_error_and_asks_for_no_missing_file(browser, served_site, page_name):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors, missing = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("response", lambda response: response.status >= 400 and missing.append(response.url))
    page.goto(f"{served_site}/{page_name}", wait_until="networkidle")
    icon = page.get_attribute('link[rel="icon"]', "href")
    context.close()
    assert errors == [] and missing == []
    assert icon and icon.endswith("favicon.svg")


def test_the_landing_pages_first_phone_screen_offers_the_six_ways_in(browser, served_site):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{served_site}/index.html", wait_until="networkidle")
    links = page.eval_on_selector_all(".hb-start-links a", "els => els.map(a => [a.textContent.trim(), "
                                      "a.getBoundingClientRect().bottom])")
    page.close()
    assert [text for text, _ in links] == ["Low back pain", "Sciatica", "Neck pain", "Start exercising",
                                           "Make a programme", "Get help now"]
    assert all(bottom <= PHONE["height"] for _, bottom in links), links


@pytest.mark.parametrize("page_name", ["exercises/low-back.html", "exercises/sciatica.html",
                                       "exercises/neck.html", "exercises/upper-back.html", "exercises/home.html"])
def test_an_exercise_page_shows_the_emergency_signs_then_its_exercises_first(browser, served_site, page_name):
    """The compact box of emergency signs, then the page's exercises gentlest first, come
    before everything else; the full boxes follow the exercises."""
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{served_site}/{page_name}", wait_until="networkidle")
    top = lambda selector: page.eval_on_selector(selector, "e => e.getBoundingClientRect().top + scrollY")
    summary, contents, card = top(".hb-red-flags-summary"), top(".hb-exercise-contents"), top("section.hb-exercise")
    full = top(".hb-red-flags.hb-emergency")
    jumps = page.eval_on_selector_all(".hb-exercise-contents a", "els => els.map(a => a.getAttribute('href'))")
    cards = page.eval_on_selector_all("section.hb-exercise", "els => els.map(s => '#' + s.id)")
    # each sign in the compact box is one line on the phone: as tall as the box's line height
    lines = page.eval_on_selector_all(".hb-red-flags-summary li", "els => els.map(li => [li.textContent, "
                                      "li.getBoundingClientRect().height / parseFloat(getComputedStyle(li).lineHeight)])")
    page.close()
    assert summary < contents < card < full
    assert sorted(jumps) == sorted(cards)
    assert lines and all(round(height) == 1 for _, height in lines), lines
    # the first card starts within 1.5 phone screens (it was 4.7 before the page top)
    assert card <= 1.5 * PHONE["height"], card


def test_printing_any_patient_page_leaves_no_page_with_only_a_heading_or_only_a_box(handbook, browser,
                                                                                  served_site, tmp_path):
    """Browser print of every patient page: each printed page holds more than a heading, and
    more than one box or the tail of a card (cards and short boxes do not split)."""
    import subprocess

    from tools.checks.html_reader import read

    names = sorted(str(p.relative_to(handbook.html)) for p in handbook.html.glob("*.html")) + \
        sorted(str(p.relative_to(handbook.html)) for p in handbook.html.glob("exercises/*.html"))
    names = [n for n in names if n not in ("genindex.html", "search.html", "my-programme.html")]
    words = lambda text: " ".join(text.split())
    page = browser.new_page()
    lonely = []
    for name in names:
        soup = read(handbook.html / name).soup
        boxes = [words(box.get_text(" ")) for box in soup.select("article .admonition")]
        page.goto(f"{served_site}/{name}", wait_until="networkidle")
        pdf = tmp_path / "page.pdf"
        page.pdf(path=str(pdf), format="A4")
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        for number in range(1, count + 1):
            text = words(subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                                        capture_output=True, text=True).stdout)
            # pdftotext may join hyphenated words or drop a space: compare without spaces
            bare = text.replace(" ", "")
            only_box = any(bare and bare in box.replace(" ", "") for box in boxes)
            tail = text.startswith(("Stop and get advice if", "Source:", "Evidence:")) and len(text.split()) < 40
            if len(text.split()) < 5 or only_box or tail:
                lonely.append(f"{name} page {number} of {count}: {text[:120]!r}")
    page.close()
    assert not lonely, "\n".join(lonely)


def test_only_the_search_page_loads_search_and_other_scripts_wait_for_the_page(handbook, browser, served_site):
    from tools.checks.html_reader import read

    for name in ("index.html", "exercises/low-back.html", "glossary.html"):
        head = read(handbook.html / name).soup.head
        sources = [s["src"] for s in head.find_all("script", src=True)]
        assert not [s for s in sources if "searchtools" in s or "searchindex" in s or "language_data" in s], name
        blocking = [s["src"] for s in head.find_all("script", src=True)
                    if not s.has_attr("defer") and not s.has_attr("async")]
        assert [s.split("?")[0] for s in blocking] == ["_static/documentation_options.js"
                                                        if "/" not in name else "../_static/documentation_options.js"]
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{served_site}/search.html?q=knee", wait_until="networkidle")
    page.wait_for_selector("#search-results li", state="attached", timeout=10000)
    found = page.locator("#search-results li").count()
    page.close()
    assert found > 0 and errors == []


@pytest.mark.parametrize("page_name", ["low-back-pain.html", "sciatica.html", "neck-pain.html",
                                       "upper-back-pain.html"])
def test_a_condition_page_offers_its_exercises_early_after_the_emergency_signs(browser, served_site, page_name):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{served_site}/{page_name}", wait_until="networkidle")
    top = lambda selector: page.eval_on_selector(selector, "e => e.getBoundingClientRect().top + scrollY")
    summary, exercises = top(".hb-red-flags-summary"), top(".hb-exercise-list")
    later = top("#how-it-usually-goes")
    page.close()
    assert summary < exercises < later
    # about 2 to 3 phone screens down (it was 6.7), after "In short" and what the condition
    # is (with the picture of where sciatica runs, on that page)
    assert exercises < 3 * PHONE["height"], exercises


@pytest.mark.parametrize(("query", "first"), [("sciatica", "Sciatica"), ("knee", "Exercises for low back pain"),
                                              ("warning signs", None),
                                              # what a frightened reader types: Get help now first
                                              ("999", "Get help now"), ("emergency", "Get help now"),
                                              ("call an ambulance", "Get help now")])
def test_search_puts_patient_pages_first_with_snippets_from_their_text(browser, served_site, query, first):
    page = browser.new_page()
    page.goto(f"{served_site}/search.html?q={query}", wait_until="networkidle")
    page.wait_for_selector("#search-results li p.context", state="attached", timeout=10000)
    page.wait_for_timeout(1000)  # snippets arrive page by page
    results = page.eval_on_selector_all("#search-results li", "els => els.map(li => [li.querySelector('a').href, "
                                        "li.querySelector('a').textContent, (li.querySelector('p.context') || "
                                        "{textContent: ''}).textContent])")
    page.close()
    assert first is None or results[0][1] == first, results[:3]
    guide = [i for i, (href, _, _) in enumerate(results) if "/contributing/" in href]
    patient = [i for i, (href, _, _) in enumerate(results) if "/contributing/" not in href]
    assert not guide or max(patient) < min(guide)
    for _, title, snippet in results:
        assert "System Settings" not in snippet and "Light Dark" not in snippet and "Last reviewed" not in snippet, title


def test_the_sidebar_toggle_shows_where_the_keyboard_is(browser, served_site):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{served_site}/sciatica.html", wait_until="networkidle")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('primary-toggle')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('primary-toggle')")
    style, width = page.evaluate("[getComputedStyle(document.activeElement).outlineStyle, "
                                 "parseFloat(getComputedStyle(document.activeElement).outlineWidth)]")
    page.close()
    assert style == "solid" and width >= 3


@pytest.mark.parametrize("page_name", ["exercises/low-back.html", "exercises/sciatica.html",
                                       "exercises/neck.html", "exercises/home.html"])
def test_an_exercise_drawing_stacks_start_over_end_at_full_width_on_a_phone(browser, served_site, page_name):
    """On a phone the start and end pictures stand one above the other, each nearly as wide
    as the screen (the one picture of both was 297 px wide, its captions 11 px); on a wide
    screen they stand side by side."""
    panels = ("els => els.map(f => [...f.querySelectorAll(':scope > .hb-pose-panel')].map(p => {"
              " const img = p.querySelector('img').getBoundingClientRect(), box = p.getBoundingClientRect(),"
              " caption = p.querySelector('figcaption');"
              " return {top: box.top, bottom: box.bottom, left: box.left, right: box.right, width: box.width,"
              " img: img.width, caption: caption ? parseFloat(getComputedStyle(caption).fontSize) : 0,"
              " alt: p.querySelector('img').alt}; }))")
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{served_site}/{page_name}", wait_until="networkidle")
    cards = page.eval_on_selector_all("section.hb-exercise", "els => els.length")
    phone = page.eval_on_selector_all(".hb-exercise-card .hb-exercise-figure", panels)
    page.set_viewport_size({"width": 1280, "height": 900})
    wide = page.eval_on_selector_all(".hb-exercise-card .hb-exercise-figure", panels)
    page.close()
    assert cards and len(phone) == cards and all(len(figure) == 2 for figure in phone + wide), phone
    for start, end in phone:
        assert end["top"] >= start["bottom"], (start, end)
        assert min(start["width"], end["width"], start["img"], end["img"]) >= 340, (start, end)
        assert min(start["caption"], end["caption"]) >= 16, (start, end)
        assert start["alt"].strip() and end["alt"].strip()
    for start, end in wide:
        assert end["left"] >= start["right"] and abs(end["top"] - start["top"]) < 1, (start, end)
# -- Light enough for a slow phone (handbook_lean) -------------------------------------------

def theme_files() -> dict[str, Path]:
    """The theme's own stylesheets and icon font, as its packages ship them (the site has them cut)."""
    import pydata_sphinx_theme
    import sphinx_book_theme
    import sphinx_design

    pst = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    sbt = Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme" / "static"
    return {"styles/pydata-sphinx-theme.css": pst / "styles" / "pydata-sphinx-theme.css",
            "styles/sphinx-book-theme.css": sbt / "styles" / "sphinx-book-theme.css",
            "sphinx-design.min.css": Path(sphinx_design.__file__).parent / "static" / "sphinx-design.min.css",
            "vendor/fontawesome/webfonts/fa-solid-900.woff2": pst / "vendor/fontawesome/webfonts/fa-solid-900.woff2"}


def fulfill_with(path: Path, route) -> None:
    route.fulfill(path=path)


DRAWN = ["display", "visibility", "position", "top", "left", "width", "height", "margin-top", "padding-left",
         "color", "background-color", "border-top-color", "border-left-width", "font-size", "font-weight",
         "font-family", "opacity", "transform", "z-index", "content"]
DRAWN_JS = """(names) => [...document.querySelectorAll('*')].flatMap(el => [null, '::before', '::after'].map(pseudo => {
  const style = getComputedStyle(el, pseudo);
  const name = el.tagName + (el.id ? '#' + el.id.replace(/[0-9]+/g, '') : '')
    + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  return [name + (pseudo || ''), names.map(n => n + ': ' + style.getPropertyValue(n)).join('; ')];
}))"""
SHOWN_JS = """(el) => { const box = el.getBoundingClientRect(), style = getComputedStyle(el);
  return [box.width, box.height, box.left, style.display, style.visibility, el.open === undefined || el.open,
          getComputedStyle(document.body).backgroundColor]; }"""


@pytest.mark.parametrize(("page_name", "width", "scheme", "click", "shown"), [
    ("index.html", 390, "dark", None, "article"),
    ("low-back-pain.html", 390, "light", "button.primary-toggle", "#pst-primary-sidebar-modal"),
    ("exercises/low-back.html", 390, "dark", "button.primary-toggle", "#pst-primary-sidebar-modal .bd-links"),
    ("exercises/low-back.html", 1280, "dark", ".theme-switch-button", ".theme-switch-container .dropdown-menu"),
    ("sciatica.html", 390, "light", "button.search-button__button:visible", "#pst-search-dialog"),
])
def test_the_cut_stylesheets_draw_dark_mode_the_sidebar_menus_and_search_as_the_theme_does(
        handbook, browser, served_site, page_name, width, scheme, click, shown):
    """Every element of the page, in a state a reader's click brings about, is
    drawn as with the theme's full stylesheets (served in their place)."""
    files = theme_files()
    cut = handbook.html / "_static" / "styles" / "pydata-sphinx-theme.css"
    assert cut.stat().st_size < files["styles/pydata-sphinx-theme.css"].stat().st_size / 3
    drawn, boxes = {}, {}
    for version in ("cut", "theme"):
        context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme,
                                      service_workers="block")
        if version == "theme":
            for name, path in files.items():
                context.route(f"**/_static/{name}*", functools.partial(fulfill_with, path))
        page = context.new_page()
        page.goto(f"{served_site}/{page_name}", wait_until="networkidle")
        if click:
            page.locator(click).first.click()
        page.wait_for_timeout(800)  # let the tooltip and the dialog finish appearing
        boxes[version] = page.eval_on_selector(shown, SHOWN_JS)
        drawn[version] = page.evaluate(DRAWN_JS, DRAWN)
        context.close()
    w, h, left, display, visibility, is_open, background = boxes["cut"]
    assert w > 150 and h > 40 and 0 <= left < width and display != "none" and visibility == "visible" and is_open
    dark = [int(n) for n in background[background.index("(") + 1:-1].split(",")[:3]]
    assert (max(dark) < 80) == (scheme == "dark"), background
    assert len(drawn["cut"]) == len(drawn["theme"])
    differences = [(a, b[1]) for a, b in zip(drawn["cut"], drawn["theme"]) if a != b]
    assert not differences, differences[:3]


FACES_JS = """() => { const faces = [];
  const walk = (rules, base) => { for (const rule of rules) {
    if (rule instanceof CSSImportRule) { if (rule.styleSheet) walk(rule.styleSheet.cssRules, rule.styleSheet.href); }
    else if (rule instanceof CSSFontFaceRule) { const s = rule.style;
      faces.push({family: s.getPropertyValue('font-family').replace(/["']/g, ''),
                  weight: s.getPropertyValue('font-weight'), style: s.getPropertyValue('font-style') || 'normal',
                  display: s.getPropertyValue('font-display'),
                  url: new URL(s.getPropertyValue('src').match(/url\\("?([^")]+)"?\\)/)[1], base).href}); }
    else if (rule.cssRules) { walk(rule.cssRules, base); } } };
  for (const sheet of document.styleSheets) { walk(sheet.cssRules, sheet.href); }
  const loaded = []; document.fonts.forEach(f => { if (f.status === 'loaded') {
    loaded.push([f.family.replace(/["']/g, ''), f.weight, f.style].join('/')); } });
  return faces.map(f => ({...f, loaded: loaded.includes([f.family, f.weight, f.style].join('/'))})); }"""


@pytest.mark.parametrize("page_name", ["index.html", "low-back-pain.html", "exercises/low-back.html", "search.html",
                                       "contributing/index.html"])
def test_a_page_preloads_only_the_fonts_it_draws_with_and_every_font_swaps(browser, served_site, page_name):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    page.goto(f"{served_site}/{page_name}", wait_until="networkidle")
    faces = page.evaluate(FACES_JS)
    preloads = page.eval_on_selector_all('link[rel="preload"][as="font"]',
                                         "els => els.map(e => [e.href, e.hasAttribute('crossorigin')])")
    context.close()
    assert faces and not [face["url"] for face in faces if face["display"] != "swap"]
    by_url = {face["url"]: face for face in faces}
    assert {"Atkinson Hyperlegible/400/normal"} <= {f"{by_url[url]['family']}/{by_url[url]['weight']}/"
                                                   f"{by_url[url]['style']}" for url, _ in preloads if url in by_url}
    for url, crossorigin in preloads:
        assert url in by_url and by_url[url]["loaded"] and crossorigin, url


def test_every_icon_a_page_shows_is_in_the_cut_icon_font(handbook, browser, served_site):
    import re

    from fontTools.ttLib import TTFont

    font = handbook.html / "_static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
    assert font.stat().st_size < 10_000  # the theme's has 1,400 icons in 115 KB
    glyphs = TTFont(font).getBestCmap()
    shown = set()
    for page_name in ("index.html", "low-back-pain.html", "exercises/low-back.html", "search.html", "glossary.html"):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{served_site}/{page_name}", wait_until="networkidle")
        shown |= {tuple(icon) for icon in page.evaluate(
            """() => [...document.querySelectorAll('*')].flatMap(el => ['::before', '::after'].map(pseudo => {
                 const style = getComputedStyle(el, pseudo);
                 return [el.className.toString() + pseudo, style.fontFamily, style.content]; }))
               .filter(([, family, content]) => family.includes('Font Awesome') && content.startsWith('"'))""")}
        page.close()
    assert len(shown) >= 8, shown
    missing = [(name, content) for name, _, content in shown
               if any(ord(c) not in glyphs for c in re.match(r'"(.*?)"', content)[1])]
    assert not missing, missing


@pytest.mark.parametrize("page_name", ["index.html", "low-back-pain.html", "exercises/low-back.html"])
def test_a_first_visit_transfers_at_most_150_kb_from_a_gzipping_server(handbook, browser, page_name):
    from tools.site import serve
    from tools.site.bench import PAGE_BYTES_GOAL, first_visit

    server = serve.start(handbook.html, gzip_text=True)
    try:
        size, _ = first_visit(browser, f"http://127.0.0.1:{server.server_address[1]}/{page_name}", slow=False)
    finally:
        server.shutdown()
    assert size <= PAGE_BYTES_GOAL, size


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_the_search_magnifier_does_not_cover_what_you_type(browser, served_site, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(f"{served_site}/low-back-pain.html", wait_until="networkidle")
    page.click(".search-button" if viewport["width"] < 960 else ".search-button-field")
    field = page.locator("#pst-search-dialog input[type=search]")
    field.type("sciatica")
    icon = page.locator("#pst-search-dialog .fa-magnifying-glass").bounding_box()
    box = field.bounding_box()
    text_starts = box["x"] + float(field.evaluate("e => getComputedStyle(e).paddingLeft").removesuffix("px"))
    page.close()
    assert icon["x"] + icon["width"] <= text_starts, (icon, box)


def test_search_results_do_not_scroll_sideways_on_a_phone(browser, served_site):
    """A result's snippet can hold a long web address (the references page): it wraps."""
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{served_site}/search.html?q=sciatica", wait_until="networkidle")
    page.wait_for_selector("#search-results li p.context", state="attached", timeout=10000)
    page.wait_for_timeout(1500)  # snippets arrive page by page
    width = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert width <= PHONE["width"]


def test_the_header_buttons_are_big_enough_to_tap_on_a_phone(browser, served_site):
    """Menu, colour mode, search and contents: 44 px square or more."""
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{served_site}/low-back-pain.html", wait_until="networkidle")
    sizes = page.eval_on_selector_all(".bd-header-article button", "els => els.filter(e => e.offsetWidth)"
                                      ".map(e => [e.title || e.getAttribute('aria-label'), e.offsetWidth, e.offsetHeight])")
    page.close()
    assert len(sizes) == 4, sizes
    assert all(width >= 44 and height >= 44 for _, width, height in sizes), sizes


@pytest.mark.parametrize("width", [390, 1280])
def test_the_diary_says_to_slide_it_where_it_is_wider_than_the_screen(browser, served_site, handbook, width):
    """On a phone the table's days 8 to 14 were off to the right with no cue (phone review)."""
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(f"{served_site}/exercising-at-home.html", wait_until="networkidle")
    cut = page.evaluate("(() => { const s = document.querySelector('.hb-diary-scroll'); "
                        "return s.scrollWidth > s.clientWidth + 1; })()")
    says = page.locator(".hb-diary-slide").first.is_visible()
    page.close()
    assert says == cut == (width < 600)
    assert "slide it sideways" not in subprocess.run(
        ["pdftotext", str(handbook.pdf_dir / f"exercise-diary-{handbook.edition}-a4.pdf"), "-"],
        capture_output=True, text=True, check=True).stdout


def test_a_boxs_title_band_spans_its_box(browser, served_site):
    """The "In short" band stopped at about 77% of its box when printed (phone review: a
    printed programme), where the box is wider than the paragraphs' 40em measure."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{served_site}/low-back-pain.html", wait_until="networkidle")
    page.emulate_media(media="print")
    box, band = (page.locator(f".hb-in-short{part}").first.bounding_box()
                 for part in ("", " > p.admonition-title"))
    page.close()
    assert band["width"] >= box["width"] - 10, (band, box)
