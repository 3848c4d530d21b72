"""The offline decks (``python3 kit.py slides``): every lecture notebook's deck builds, loads
nothing from the network, and carries the notebook's slides, lecturer's notes and widgets.

The decks are built once, into a temporary folder, from the notebooks in ``notebooks/``
(whichever exist), with the pinned JavaScript of ``delivery/package-lock.json``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from delivery import offline, slides, vendor

ROOT = Path(__file__).resolve().parents[1]
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    built = slides.build(out=out)
    return out, {p.name.removesuffix(".slides.html"): p for p in built}


def _kinds(path: Path) -> list[str]:
    """The slide types the deck is built with (the notebook's, and a figure or widget that
    would overflow its slide moved to a subslide of its own: :func:`slides.fit_figures`)."""
    import nbformat

    nb = slides.fit_figures(nbformat.read(path, as_version=4))
    return [c.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") for c in nb.cells]


def test_a_deck_for_every_lecture_notebook(decks):
    _, built = decks
    assert sorted(built) == [p.stem for p in LECTURES]
    assert LECTURES, "notebooks/ holds the lecture notebooks"


@pytest.mark.parametrize("notebook", LECTURES, ids=lambda p: p.stem)
def test_deck_loads_nothing_from_the_network(decks, notebook):
    out, built = decks
    text = built[notebook.stem].read_text(encoding="utf-8")
    assert offline.remote_references(text) == []
    # and everything it loads locally is in the folder
    for ref in offline.local_references(text):
        if not ref.endswith((".ipynb", ".md", ".html")):
            assert (out / ref).is_file(), ref


@pytest.mark.parametrize("notebook", LECTURES, ids=lambda p: p.stem)
def test_deck_has_the_notebooks_slides_notes_and_widgets(decks, notebook):
    _, built = decks
    text = built[notebook.stem].read_text(encoding="utf-8")
    kinds = _kinds(notebook)
    # nbconvert wraps each slide in a <section> holding a <section> per subslide
    assert text.count("<section") == 2 * kinds.count("slide") + kinds.count("subslide")
    assert text.count('<aside class="notes">') == kinds.count("notes")
    assert text.count('class="fragment"') >= kinds.count("fragment")
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    title = "".join(nb["cells"][0]["source"]).splitlines()[0].lstrip("# ").strip()
    assert title.split()[0] in text
    if "widgets" in nb["metadata"]:
        assert "application/vnd.jupyter.widget-state+json" in text
        assert vendor.WIDGETS in text
    assert f'"{vendor.REVEAL}/plugin/notes/notes.js"' in text, "speaker view (S) available"


def test_vendor_folder_is_trimmed_and_complete(decks):
    out, _ = decks
    v = out / "vendor"
    for path in (
        "reveal.js/dist/reveal.js",
        "reveal.js/dist/reveal.css",
        "reveal.js/dist/theme/white.css",
        "reveal.js/plugin/notes/notes.js",
        "mathjax/MathJax.js",
        "mathjax/config/TeX-AMS_CHTML-full.js",
        "mathjax/jax/output/CommonHTML/jax.js",
        "require.js",
        "jquery.min.js",
        "html-manager/embed-amd.js",
    ):
        assert (v / path).is_file(), path
    assert not (v / "mathjax" / "unpacked").exists()
    # the style sheets load nothing remote either (reveal's themes import web fonts)
    for css in v.rglob("*.css"):
        assert offline.remote_references(f"<style>{css.read_text()}</style>") == [], css.name
    size = sum(p.stat().st_size for p in v.rglob("*") if p.is_file())
    assert size < 30e6, f"vendor/ is {size / 1e6:.0f} MB"
    versions = json.loads((v / "VERSIONS.json").read_text())
    assert versions["reveal.js"].startswith("4.") and versions["mathjax"].startswith("2.")


def test_the_checker_catches_what_nbconvert_loads_by_default():
    # nbconvert's own deck, with no offline template: every kind of remote load it makes
    import nbformat
    from nbconvert import SlidesExporter

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A\n\n$x^2$")]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    body, _ = SlidesExporter().from_notebook_node(nb)
    found = " ".join(offline.remote_references(body))
    for what in ("reveal.js", "require", "jquery", "mathjax", "mermaid", "html-manager"):
        assert what in found, what
    assert offline.remote_references(slides.exporter().from_notebook_node(nb)[0]) == []


@pytest.mark.parametrize(
    "page",
    [
        '<script src="https://cdn.example/x.js"></script>',
        '<link rel="stylesheet" href="//cdn.example/x.css">',
        '<script>require(["https://cdn.example/reveal.js"], function () {})</script>',
        "<script type=module>import m from 'https://cdn.example/m.mjs';</script>",
        "<style>@font-face { src: url('https://fonts.example/x.woff') }</style>",
        '<style>@import "https://cdn.example/x.css";</style>',
    ],
)
def test_the_checker_finds_each_kind_of_remote_load(page):
    assert offline.remote_references(page)


@pytest.mark.parametrize(
    "page",
    [
        '<a href="https://doi.org/10.1000/1">a reference a reader clicks</a>',
        "<script>// https://github.com/hakimel/reveal.js#configuration\nvar a = 1;</script>",
        "<style>/* https://example.org */ p { color: red }</style>",
        '<!-- <script src="https://cdn.example/x.js"></script> -->',
        '<img src="data:image/png;base64,AAAA">',
        '<script src="vendor/require.js"></script>',
    ],
)
def test_the_checker_passes_comments_links_and_local_files(page):
    assert offline.remote_references(page) == []


def test_unknown_notebook_number_and_missing_npm_say_what_to_do(monkeypatch, tmp_path):
    with pytest.raises(vendor.DeliveryError, match="no notebook 42"):
        slides.lecture_notebooks(["42"])
    monkeypatch.setattr(vendor, "STAMP", tmp_path / "absent")
    monkeypatch.setattr(vendor.shutil, "which", lambda name: None)
    with pytest.raises(vendor.DeliveryError, match=re.escape("needs Node.js and npm")):
        vendor.install()


def _cell(kind, source, slide="-", outputs=()):
    import nbformat

    make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    cell = make(source)
    cell.metadata["slideshow"] = {"slide_type": slide}
    if kind == "code":
        cell.outputs = [nbformat.from_dict(out) for out in outputs]
    return cell


FIGURE = {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"},
          "metadata": {}}  # fmt: skip
WIDGET = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
          "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "m"}, "text/plain": "VBox()"}}  # fmt: skip


def _types(nb) -> list[str]:
    return [c.metadata["slideshow"]["slide_type"] for c in nb.cells]


def test_a_figure_below_a_long_text_gets_a_slide_of_its_own():
    import nbformat

    long_text = "## A heading\n\n" + "\n\n".join(["word " * 40] * 6)  # 6 paragraphs of 2 lines
    nb = nbformat.v4.new_notebook(
        cells=[
            _cell("markdown", long_text, "slide"),
            _cell("code", "ax = plot()", outputs=[FIGURE]),
            _cell("markdown", "**What to see:** ...", "fragment"),
            _cell("markdown", "## Short\n\nOne line.", "slide"),
            _cell("code", "ax = plot()", outputs=[FIGURE]),
            _cell("markdown", long_text, "slide"),
            _cell("code", "widgets.panel()", outputs=[WIDGET]),
        ]
    )
    before = nbformat.writes(nb)
    fitted = slides.fit_figures(nb)
    # By hand: heading 60 + 6 paragraphs of 200 characters, 2 lines x 25 each, + a gap of 14
    # = 374 px; the figure's cell 14 + 22 and its 400 px make 810 > 640: a subslide. The short
    # slide: 60 + 25 + 14 = 99, and 99 + 36 + 400 = 535 fits. A widget below 374 px (> 250)
    # starts its own slide too.
    assert _types(fitted) == ["slide", "subslide", "fragment", "slide", "-", "slide", "subslide"]
    assert nbformat.writes(nb) == before, "the notebook itself is not changed"


def test_the_built_decks_move_only_what_would_overflow():
    import nbformat

    moved = 0
    for path in LECTURES:
        nb = nbformat.read(path, as_version=4)
        fitted = slides.fit_figures(nb)
        for old, new in zip(nb.cells, fitted.cells, strict=True):
            a = old.metadata.get("slideshow", {}).get("slide_type", "-")
            b = new.metadata.get("slideshow", {}).get("slide_type", "-")
            if a != b:
                moved += 1
                assert b == "subslide" and a in ("-", "fragment") and old.cell_type == "code"
    assert 0 < moved <= 6 * len(LECTURES), "a few per notebook at most"
