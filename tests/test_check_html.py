"""tools.checks.check_html on small sites that each break one rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.checks import check_html

GOOD_PAGE = """<!DOCTYPE html>
<html><head><link rel="stylesheet" href="_static/site.css"></head>
<body>
<h1 id="top">Start</h1>
<a href="other.html#part">other</a> <a href="#top">top</a> <a href="https://example.org/">out</a>
<img src="_static/pic.png" alt="A picture">
</body></html>
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "site.css").write_text("body { background: url('pic.png'); }\n")
    (tmp_path / "_static" / "pic.png").write_bytes(b"png")
    (tmp_path / "index.html").write_text(GOOD_PAGE)
    (tmp_path / "other.html").write_text('<html><body><p id="part">Part</p></body></html>\n')
    return tmp_path


def run(site: Path, capsys) -> tuple[int, list[str]]:
    status = check_html.main([str(site)])
    return status, capsys.readouterr().out.splitlines()


def add_line(site: Path, line: str) -> str:
    """Put `line` into index.html on a line of its own; return 'index.html:N'."""
    page = site / "index.html"
    lines = page.read_text().splitlines()
    lines.insert(4, line)
    page.write_text("\n".join(lines) + "\n")
    return f"{page}:5"


def test_a_good_site_passes(site, capsys):
    assert run(site, capsys) == (0, [])


@pytest.mark.parametrize(("html", "problem"), [
    ('<a href="missing.html">dead</a>', "link to missing file missing.html"),
    ('<a href="other.html#nowhere">x</a>', "link to missing anchor '#nowhere' in other.html"),
    ('<a href="#nowhere">x</a>', "link to missing anchor '#nowhere' in index.html"),
    ('<img src="_static/missing.png" alt="x">', "link to missing file _static/missing.png"),
    ('<script src="_static/missing.js"></script>', "link to missing file _static/missing.js"),
    ('<a href="file:///etc/passwd">x</a>', "file:// link 'file:///etc/passwd': link within the site instead"),
    ('<a href="http://example.org/">x</a>', "plain http:// link 'http://example.org/': use https://"),
    ('<script src="https://cdn.example.org/x.js"></script>',
     "loads 'https://cdn.example.org/x.js' from another host: serve it from the site"),
    ('<link rel="stylesheet" href="//fonts.example.org/f.css">',
     "loads '//fonts.example.org/f.css' from another host: serve it from the site"),
    ('<img src="_static/pic.png" srcset="_static/pic.png 1x, https://img.example.org/p.png 2x" alt="x">',
     "loads 'https://img.example.org/p.png' from another host (from a srcset): serve it from the site"),
    ('<iframe src="https://video.example.org/embed/1" title="x"></iframe>',
     "loads 'https://video.example.org/embed/1' from another host: serve it from the site"),
    ('<div style="background:url(https://img.example.org/bg.png)">x</div>',
     "loads 'https://img.example.org/bg.png' from another host (from a style): serve it from the site"),
    ('<style>body { background: url("//img.example.org/bg.png"); }</style>',
     "loads '//img.example.org/bg.png' from another host (from a style): serve it from the site"),
    ('<script>fetch("https://track.example.org/hit?p=1")</script>',
     "loads 'https://track.example.org/hit?p=1' from another host (from an inline script): serve it from the site"),
    ("<script>var x = new XMLHttpRequest(); x.open('GET', 'https://api.example.org/q');</script>",
     "loads 'https://api.example.org/q' from another host (from an inline script): serve it from the site"),
    ('<script>var s = document.createElement("script"); s.src = "https://cdn.example.org/a.js";</script>',
     "loads 'https://cdn.example.org/a.js' from another host (from an inline script): serve it from the site"),
    ('<a href="javascript:alert(1)">x</a>', "javascript: link 'javascript:alert(1)': link to a page, or use a button"),
])
def test_each_broken_link_is_reported_with_file_and_line(site, capsys, html, problem):
    where = add_line(site, html)
    assert run(site, capsys) == (1, [f"{where}: {problem}"])


def test_css_urls_are_checked(site, capsys):
    css = site / "_static" / "site.css"
    css.write_text("body {}\n@font-face { src: url(https://fonts.example.org/a.woff2); }\n"
                   "h1 { background: url('gone.png'); }\n")
    status, lines = run(site, capsys)
    assert status == 1
    assert lines == [
        f"{css}:2: loads 'https://fonts.example.org/a.woff2' from another host: serve it from the site",
        f"{css}:3: link to missing file _static/gone.png",
    ]


def test_a_missing_site_is_an_error_not_a_pass(tmp_path, capsys):
    assert check_html.main([str(tmp_path / "nothing")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_inline_scripts_that_only_name_an_address_pass(site, capsys):
    add_line(site, '<script>var home = "https://example.org/"; document.title = "x";</script>')
    assert run(site, capsys) == (0, [])


def reads_counted(monkeypatch) -> list[str]:
    """The pages check_html parses from now on, by name."""
    names: list[str] = []
    real = check_html.read

    def counting(path):
        names.append(path.name)
        return real(path)

    monkeypatch.setattr(check_html, "read", counting)
    return names


def test_a_stored_check_parses_only_the_pages_that_changed_and_finds_what_broke(site, tmp_path, monkeypatch):
    """make html's check before publishing: the pages Sphinx did not rewrite are
    not parsed again, yet a link in them to an anchor that went is still caught."""
    store = tmp_path.parent / f"{tmp_path.name}-links.json"
    assert check_html.check_site(site, store=store) == []
    (site / "other.html").write_text('<html><body><p id="renamed">Part</p></body></html>\n')
    parsed = reads_counted(monkeypatch)
    problems = check_html.check_site(site, store=store)
    assert parsed == ["other.html"]
    assert problems == [f"{site / 'index.html'}:5: link to missing anchor '#part' in other.html"]


def test_a_store_made_by_other_reader_code_is_not_used(site, tmp_path, monkeypatch):
    store = tmp_path.parent / f"{tmp_path.name}-links.json"
    check_html.check_site(site, store=store)
    monkeypatch.setattr(check_html, "READER_CODE", check_html.READER_CODE + b"\n# changed")
    parsed = reads_counted(monkeypatch)
    assert check_html.check_site(site, store=store) == []
    assert sorted(parsed) == ["index.html", "other.html"]
