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
        nb = nbformat.read(path, as_version=4)
        body, _ = export.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        target = out / f"{path.stem}.slides.html"
        target.write_text(_local_links(body), encoding="utf-8")
        written.append(target)
        print(f"  {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return written


def _local_links(html: str) -> str:
    """Links between notebooks point at the decks; links elsewhere in the repo stay relative."""
    return re.sub(
        r'href="(?:\.\./notebooks/|\./)?(\d\d_[\w-]+)\.ipynb"', r'href="\1.slides.html"', html
    )
