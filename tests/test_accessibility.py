"""Accessibility in a real browser: WCAG 2.2 AA as axe-core checks it, on every page
in light and dark mode, and a keyboard that always shows where it is.

axe-core is vendored in tests/vendor/axe-core (see its README): it runs in the page
through Playwright's evaluate, which the pages' Content-Security-Policy does not block.
"""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MODES = ["light", "dark"]


def site_pages(handbook) -> list[str]:
    """Every page a reader can open, genindex and search included."""
    return sorted(p.relative_to(handbook.html).as_posix() for p in handbook.html.rglob("*.html")
                  if not {"_static", "_sources"} & set(p.relative_to(handbook.html).parts))


def themed_context(browser, mode: str, viewport: dict):
    """A browser context whose pages open in `mode`, as a reader who chose it would see them:
    the system asks for it and the theme's stored choice says so."""
    context = browser.new_context(color_scheme=mode, viewport=viewport)
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    return context


def open_page(page, url: str, mode: str) -> None:
    page.goto(url, wait_until="load")
    assert page.evaluate("document.documentElement.dataset.theme") == mode, url


RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => ({
    passes: r.passes.length,
    violations: r.violations.map(v => ({id: v.id, help: v.help,
                                        targets: v.nodes.map(n => n.target.join(' '))}))}))"""


@pytest.mark.parametrize(("mode", "viewport"), [("light", DESKTOP), ("dark", DESKTOP), ("dark", PHONE)],
                         ids=["light-desktop", "dark-desktop", "dark-phone"])
def test_every_page_has_no_wcag_2_2_aa_violation_that_axe_finds(handbook, browser, served_site, mode, viewport):
    """Every page, genindex and search too, in light and dark; on a phone too (its header
    has controls of its own), once: the colours are the same at both widths."""
    pages = site_pages(handbook)
    assert len(pages) >= 30, pages
    axe = AXE.read_text(encoding="utf-8")
    context = themed_context(browser, mode, viewport)
    page = context.new_page()
    problems = []
    for name in pages:
        open_page(page, f"{served_site}/{name}", mode)
        page.evaluate(axe + "\n;undefined")
        result = page.evaluate(RUN_AXE, WCAG_22_AA)
        assert result["passes"] > 10, name  # axe did run
        problems += [f"{name}: {v['id']} ({v['help']}): {', '.join(v['targets'][:4])}"
                     + (f" and {len(v['targets']) - 4} more" if len(v["targets"]) > 4 else "")
                     for v in result["violations"]]
    context.close()
    assert not problems, f"axe-core {mode} mode, {viewport['width']} px:\n" + "\n".join(problems)


# -- The keyboard ------------------------------------------------------------------

FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]"

# Elements a reader reaches with Tab that are drawn (checkVisibility) yet have no size.
INVISIBLE_TAB_STOPS = f"""() => [...document.querySelectorAll('{FOCUSABLE}')]
    .filter(el => el.tabIndex >= 0 && !el.disabled && el.checkVisibility({{visibilityProperty: true}}))
    .filter(el => {{ const r = el.getBoundingClientRect(); return r.width < 1 || r.height < 1; }})
    .map(el => el.outerHTML.slice(0, 120))"""


def open_the_phone_menu(page) -> None:
    """On a phone the chapter list lives in a dialog the menu button opens."""
    page.click(".primary-toggle")
    page.wait_for_selector("#pst-primary-sidebar-modal[open] .bd-links", state="visible")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-menu-open"])
def test_no_page_has_an_invisible_tab_stop(handbook, browser, served_site, viewport):
    context = themed_context(browser, "light", viewport)
    page = context.new_page()
    problems = []
    for name in site_pages(handbook):
        open_page(page, f"{served_site}/{name}", "light")
        if viewport is PHONE:
            open_the_phone_menu(page)
        problems += [f"{name}: {html}" for html in page.evaluate(INVISIBLE_TAB_STOPS)]
    context.close()
    assert not problems, "tab stops with no width or height:\n" + "\n".join(problems)


# Before any key is pressed: the look of each focusable element and of its parent without
# focus, to tell a focus indicator from a ring or bar that is always there.
REMEMBER_UNFOCUSED = f"""() => {{ window.hbUnfocused = new Map();
    for (const el of document.querySelectorAll('{FOCUSABLE}'))
        for (const e of [el, el.parentElement]) {{
            const s = getComputedStyle(e);
            window.hbUnfocused.set(e, {{outline: s.outlineStyle + s.outlineWidth + s.outlineColor,
                                       shadow: s.boxShadow}});
        }} }}"""

# The focused element: what, how big, and the best contrast of the indicator that focus
# adds to it or to its parent (the search field rings its form), an outline or a new
# box-shadow, against the colour behind it (the nearest opaque background outside).
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const channels = rgb => rgb.match(/[\\d.]+/g).map(Number);
    const opaque = rgb => { const a = channels(rgb)[3]; return a === undefined || a > 0.5; };
    const luminance = rgb => { const c = channels(rgb).slice(0, 3).map(v => v / 255)
        .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
    const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)];
        return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
    const behind = e => { for (e = e.parentElement; e; e = e.parentElement) {
            const bg = getComputedStyle(e).backgroundColor; if (opaque(bg)) return bg; }
        return 'rgb(255, 255, 255)'; };
    let best = 0;
    for (const e of [el, el.parentElement]) {
        const s = getComputedStyle(e), before = window.hbUnfocused.get(e) || {}, colours = [];
        if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
                && s.outlineStyle + s.outlineWidth + s.outlineColor !== before.outline) colours.push(s.outlineColor);
        if (s.boxShadow !== 'none' && s.boxShadow !== before.shadow)
            colours.push(...(s.boxShadow.match(/rgba?\\([^)]*\\)/g) || [])
                             .filter(c => !(before.shadow || '').includes(c)));
        best = Math.max(best, ...colours.filter(opaque).map(c => ratio(c, behind(e))));
    }
    const r = el.getBoundingClientRect();
    return {what: el.outerHTML.slice(0, 100), width: r.width, height: r.height, contrast: best};
}"""

KEYBOARD_PAGES = ["index.html", "references.html", "exercises/low-back.html", "exercises/index.html",
                  "make-a-programme.html", "search.html", "glossary.html"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("mode", MODES)
def test_every_tab_stop_is_visible_and_shows_a_focus_ring_that_stands_out(browser, served_site, mode, viewport):
    """Tab through a few pages: each stop has a size, and focus draws an outline or ring
    of 3:1 or more against what is behind it (WCAG 2.4.7 and 1.4.11)."""
    context = themed_context(browser, mode, viewport)
    page = context.new_page()
    problems, stops = [], 0
    for name in KEYBOARD_PAGES:
        open_page(page, f"{served_site}/{name}", mode)
        page.evaluate(REMEMBER_UNFOCUSED)
        first = None
        for _ in range(300):
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUSED)
            if stop is None or stop["what"] == first:  # past the last stop, or round again
                break
            first = first or stop["what"]
            stops += 1
            if stop["width"] < 1 or stop["height"] < 1:
                problems.append(f"{name}: no size ({stop['width']:.0f} x {stop['height']:.0f}): {stop['what']}")
            elif stop["contrast"] < 3:
                problems.append(f"{name}: focus ring contrast {stop['contrast']:.1f}: {stop['what']}")
    context.close()
    assert stops > 100
    assert not problems, f"{mode} mode, {viewport['width']} px:\n" + "\n".join(problems)


BORDER_CONTRAST = """links => links.map(a => {
    const luminance = rgb => { const c = rgb.match(/[\\d.]+/g).slice(0, 3).map(v => v / 255)
        .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
    const [l, p] = [luminance(getComputedStyle(a).borderTopColor),
                    luminance(getComputedStyle(document.body).backgroundColor)];
    return [a.textContent.trim(), (Math.max(l, p) + 0.05) / (Math.min(l, p) + 0.05)]; })"""


@pytest.mark.parametrize("mode", MODES)
def test_the_landing_pages_buttons_are_outlined_so_they_stand_out(browser, served_site, mode):
    """The six ways in are drawn as buttons by their border: 3:1 against the page in both
    modes (WCAG 1.4.11), the red 'Get help now' too."""
    context = themed_context(browser, mode, DESKTOP)
    page = context.new_page()
    open_page(page, f"{served_site}/index.html", mode)
    contrasts = page.eval_on_selector_all(".hb-start-links a", BORDER_CONTRAST)
    context.close()
    assert len(contrasts) == 6
    assert all(contrast >= 3 for _, contrast in contrasts), contrasts
