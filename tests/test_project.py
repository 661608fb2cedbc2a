"""handbook_project: the project's address and contact, set once, or left out everywhere."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tools.checks.html_reader import read

REPOSITORY = "https://forge.example.org/clinic/handbook"


@pytest.mark.sphinx("html", testroot="project", freshenv=True,
                    confoverrides={"handbook_repository_url": REPOSITORY + "/", "handbook_contact": "eds@example.org"})
def test_with_an_address_each_page_offers_feedback_and_an_edit_link_and_about_says_how(app):
    app.build()
    page = read(app.outdir / "index.html").soup
    links = {a.get_text(): a["href"] for a in page.select(".hb-page-links a")}
    assert links["Edit this page"] == f"{REPOSITORY}/edit/main/docs/index.md"
    tell = urlsplit(links["Tell us"])
    assert f"{tell.scheme}://{tell.netloc}{tell.path}" == f"{REPOSITORY}/issues/new"
    assert parse_qs(tell.query) == {"template": ["something-wrong.yml"], "title": ["A page: "], "page": ["index"]}
    about = read(app.outdir / "about.html").soup
    contact = {unquote(a["href"]) for a in about.select(".hb-contact a")}
    assert contact == {"mailto:eds@example.org", f"{REPOSITORY}/issues/new/choose"}


@pytest.mark.sphinx("html", testroot="project", freshenv=True)
def test_without_an_address_no_page_links_anywhere(app):
    app.build()
    for name in ("index.html", "about.html"):
        soup = read(app.outdir / name).soup
        assert not soup.select(".hb-page-links, .hb-contact"), name
        assert not [a["href"] for a in soup.select("a[href]") if "example" in a["href"] or "mailto:" in a["href"]]
    assert "Tell us what is wrong." in read(app.outdir / "about.html").soup.get_text()
