"""Offline reveal.js decks of the lecture notebooks: ``python3 kit.py slides [NN ...]``.

Each ``notebooks/NN_name.ipynb`` becomes ``build/slides/NN_name.slides.html`` (nbconvert
``--to slides`` with stored outputs and saved widget states), next to ``build/slides/vendor/``
with reveal.js, MathJax 2, require.js, jQuery and the widget renderer (:mod:`delivery.vendor`).
The folder ``build/slides`` works on its own, offline: copy it whole. The lecturer's notes
(cells of slide type ``notes``) are in reveal's speaker view (press ``S``).
"""

from __future__ import annotations

import re
from pathlib import Path

from . import vendor

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "slides"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def lecture_notebooks(numbers: list[str] | None = None, folder: Path = NOTEBOOKS) -> list[Path]:
    """The lecture notebooks ``NN_*.ipynb`` in order, or those of the given numbers.

    Raises
    ------
    delivery.vendor.DeliveryError
        If a number names no notebook.
    """
    found = sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb"))
    if not numbers:
        return found
    chosen = []
    for number in numbers:
        number = number.zfill(2)
        hits = [p for p in found if p.name.startswith(number + "_")]
        if not hits:
            names = ", ".join(p.name for p in found)
            raise vendor.DeliveryError(f"no notebook {number} in {folder}; there are: {names}")
        chosen += hits
    return chosen


def exporter():
    """The configured nbconvert SlidesExporter (offline template, local vendor paths)."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    c = Config()
    c.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.SlidesExporter.template_name = "reveal_offline"
    c.SlidesExporter.reveal_url_prefix = vendor.REVEAL
    c.SlidesExporter.require_js_url = vendor.REQUIRE
    c.SlidesExporter.jquery_url = vendor.JQUERY
    c.SlidesExporter.mathjax_url = vendor.MATHJAX
    c.SlidesExporter.widget_renderer_url = vendor.WIDGETS
    c.SlidesExporter.reveal_theme = "white"  # its fonts are local files
    c.SlidesExporter.reveal_transition = "none"  # reads better projected; and fast to test
    c.SlidesExporter.reveal_number = "c/t"
    c.SlidesExporter.reveal_width = "1280"
    c.SlidesExporter.reveal_height = "720"
    c.SlidesExporter.reveal_scroll = True
    return SlidesExporter(config=c)


def build(
    numbers: list[str] | None = None, out: Path = OUT, folder: Path = NOTEBOOKS
) -> list[Path]:
    """Build the decks of the given lecture numbers (all by default) into ``out``.

    Returns
    -------
    list of pathlib.Path
        The decks written, in course order.
    """
    import nbformat

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    vendor.copy_vendor(out)
    export = exporter()
    written = []
    for path in lecture_notebooks(numbers, folder):
        nb = fit_figures(nbformat.read(path, as_version=4))
        body, _ = export.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        target = out / f"{path.stem}.slides.html"
        target.write_text(_local_links(body), encoding="utf-8")
        written.append(target)
        print(f"  {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return written


#: Heights in pixels on the 1280 x 720 slide, measured on the built decks (white theme):
#: a line of prose (about 120 characters), a line of code or of a text output, a heading,
#: the space between blocks, a figure (at most 400 px high, see the template) and the slide.
_PROSE_LINE, _CODE_LINE, _HEADING, _GAP, _FIGURE, _SLIDE = 25, 22, 60, 14, 400, 640
#: A live widget's panel (controls, summary and figure) is taller than a slide by itself:
#: it starts a slide of its own when more than a heading and a few lines stand above it.
_WIDGET_ROOM = 250


def _height(cell) -> int:
    """About how high ``cell`` stands on a slide, without its figures."""
    text = "".join(cell.get("source", ""))
    if cell.cell_type == "markdown":
        height = _GAP
        for line in text.splitlines():
            if line.startswith("#"):
                height += _HEADING
            elif line.strip():
                height += _PROSE_LINE * (1 + len(line) // 120)
        return height
    height = _GAP + _CODE_LINE * max(1, len(text.splitlines()))
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        shown = "".join(out.get("text", "")) or (
            ""
            if "image/png" in data or "text/html" in data
            else "".join(data.get("text/plain", ""))
        )
        height += _CODE_LINE * len(shown.splitlines())
        if "text/html" in data and "image/png" not in data:
            height += _CODE_LINE * "".join(data["text/html"]).count("<tr")
    return height


_WIDGET = "application/vnd.jupyter.widget-view+json"


def _slide_type(cell) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") or "-"


def fit_figures(nb):
    """Give a figure its own vertical slide when the slide it is on would overflow.

    A notebook's slide holds a heading, a paragraph or two, the code and its figure; with a
    longer text the figure would fall below the bottom of the 720 px slide, where the room
    cannot see it. Such a figure's code cell becomes a ``subslide`` (the next one down, with
    the "What to see" below it), and so does a live widget's cell below more than a few
    lines (its panel fills a slide alone, and scrolls). The notebook itself is not changed
    (this works on a copy), so RISE and JupyterLab keep the notebook's own slides.
    """
    import copy

    nb = copy.deepcopy(nb)
    used = 0
    for cell in nb.cells:
        kind = _slide_type(cell)
        if kind in ("slide", "subslide"):
            used = 0
        elif kind in ("notes", "skip"):
            continue
        figure = cell.cell_type == "code" and any(
            "image/png" in out.get("data", {}) for out in cell.get("outputs", [])
        )
        widget = cell.cell_type == "code" and any(
            _WIDGET in out.get("data", {}) for out in cell.get("outputs", [])
        )
        starts = kind in ("slide", "subslide")
        if not starts and (
            (figure and used + _height(cell) + _FIGURE > _SLIDE) or (widget and used > _WIDGET_ROOM)
        ):
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "subslide"
            used = 0
        used += _height(cell) + (_FIGURE if figure else 0)
    return nb


def _local_links(html: str) -> str:
    """Links between notebooks point at the decks; links elsewhere in the repo stay relative."""
    return re.sub(
        r'href="(?:\.\./notebooks/|\./)?(\d\d_[\w-]+)\.ipynb"', r'href="\1.slides.html"', html
    )
