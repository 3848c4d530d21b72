"""The static course site (``python3 kit.py site``): it builds from the notebooks that exist,
every page is reachable from the index, nothing is loaded from the network, the search index
holds every notebook and every glossary term, and previous / next follow the course order.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from crmkit import glossary
from delivery import offline, site

ROOT = Path(__file__).resolve().parents[1]
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    index = site.build(out=out)
    return out, index


def _pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "vendor" not in p.relative_to(out).parts)


def _search_index(out: Path) -> dict:
    text = (out / "assets" / "search-index.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("window.CRMKIT_SEARCH = ").rstrip().rstrip(";"))


def test_the_site_has_a_page_per_notebook_and_exercise_and_the_reference_pages(built):
    out, index = built
    assert index == out / "index.html"
    expected = {"index.html", "glossary.html", "data/README.html"}
    expected |= {f"notebooks/{p.stem}.html" for p in LECTURES}
    expected |= {f"exercises/{p.stem}.html" for p in EXERCISES}
    assert {p.relative_to(out).as_posix() for p in _pages(out)} == expected
    assert not (out / "solutions").exists(), "the site shows the exercises unsolved"


def test_every_page_is_reachable_from_the_index(built):
    out, index = built
    seen, todo = set(), [index]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        for ref in offline.local_references(page.read_text(encoding="utf-8")):
            target = (page.parent / ref).resolve()
            if target.suffix == ".html" and target.is_file():
                todo.append(target)
    assert {p.resolve() for p in _pages(out)} <= seen
    # and the index links every page itself
    links = set(offline.local_references(index.read_text(encoding="utf-8")))
    assert {p.relative_to(out).as_posix() for p in _pages(out)} - {"index.html"} <= links


def test_no_page_loads_anything_from_the_network_and_local_files_exist(built):
    out, _ = built
    for page in _pages(out):
        text = page.read_text(encoding="utf-8")
        assert offline.remote_references(text) == [], page.name
        for ref in offline.local_references(text):
            if ref.endswith((".ipynb", ".md", ".csv", ".py")):
                continue  # a link to a repository file the site does not carry
            assert (page.parent / ref).resolve().exists(), f"{page.name}: {ref}"


def test_search_index_holds_every_notebook_every_term_and_the_headings(built):
    out, _ = built
    index = _search_index(out)
    urls = {p["url"] for p in index["pages"]}
    for path in LECTURES:
        assert f"notebooks/{path.stem}.html" in urls
    for path in EXERCISES:
        assert f"exercises/{path.stem}.html" in urls
    assert {"index.html", "glossary.html", "data/README.html"} <= urls
    assert [t["en"] for t in index["terms"]] == [t.en for t in glossary.TERMS]
    for entry, term in zip(index["terms"], glossary.TERMS, strict=True):
        assert (entry["fa"], entry["ru"]) == (term.fa, term.ru)
        # stored the way crmkit.glossary.search compares them
        assert entry["words"]["fa"] == glossary._words(term.fa)
        page, _, anchor = entry["url"].partition("#")
        assert f'id="{anchor}"' in (out / page).read_text(encoding="utf-8"), entry["url"]
    headings = [h for p in index["pages"] if p["kind"] == "notebook" for h in p["headings"]]
    assert len(headings) >= 3 * len(LECTURES), "notebook headings are searchable"
    for h in headings[:50]:
        page, _, anchor = h["url"].partition("#")
        assert f'id="{anchor}"' in (out / page).read_text(encoding="utf-8"), h


def test_previous_and_next_follow_the_course_order(built):
    out, _ = built
    order = [p.url for p in site.plan()]
    assert order[0] == "index.html" and order[-2:] == ["glossary.html", "data/README.html"]
    assert order[1 : 1 + len(LECTURES)] == [f"notebooks/{p.stem}.html" for p in LECTURES]
    for i, url in enumerate(order):
        text = (out / url).read_text(encoding="utf-8")
        nav = re.search(r'<nav\b[^>]*class="crmkit-nav".*?</nav>', text, flags=re.S).group(0)
        found = {}
        for rel in ("prev", "next"):
            tag = re.search(rf'<a\b[^>]*\brel="{rel}"[^>]*>', nav)
            href = tag and re.search(r'href="([^"]+)"', tag.group(0)).group(1)
            found[rel] = (Path(url).parent / href).as_posix() if href else None
        norm = {k: v and re.sub(r"[^/]+/\.\./", "", v).removeprefix("./") for k, v in found.items()}
        assert norm["prev"] == (order[i - 1] if i > 0 else None), url
        assert norm["next"] == (order[i + 1] if i + 1 < len(order) else None), url
        assert 'id="crmkit-search"' in nav, "a search box on every page"


def test_index_lists_questions_notebooks_with_time_and_objectives(built):
    out, index = built
    text = index.read_text(encoding="utf-8")
    for number, question, _ in site.QUESTIONS:
        assert f"<td>{number}</td>" in text
        assert html.escape(question, quote=False) in text
    positions = [text.index(f'href="notebooks/{p.stem}.html"') for p in LECTURES]
    assert positions == sorted(positions), "notebooks in course order"
    for path in LECTURES:
        page = site.describe_notebook(path, "", "notebook")
        assert page.time and page.objectives, path.name
        assert html.escape(page.objectives[0], quote=False) in text


def test_glossary_and_data_card_pages(built):
    out, _ = built
    text = (out / "glossary.html").read_text(encoding="utf-8")
    for term in glossary.TERMS:
        assert f"<td>{html.escape(term.en, quote=False)}</td>" in text, term.en
    assert '<span dir="rtl">' in text
    card = (out / "data" / "README.html").read_text(encoding="utf-8")
    assert "<table>" in card and "customers" in card


def test_notebook_links_point_at_the_site_pages(built):
    out, _ = built
    for path in LECTURES:
        text = (out / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        for target in re.findall(r'href="\.\./exercises/([\w-]+)\.html"', text):
            assert (out / "exercises" / f"{target}.html").is_file()
