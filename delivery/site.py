"""A static HTML version of the whole course that opens from disk: ``python3 kit.py site``.

Writes ``build/site/`` (copy the folder whole; open ``index.html``, no server, no network):

- ``index.html``: the six questions, the notebooks in order with their time and objectives,
  the exercises, the glossary and the data card;
- ``notebooks/NN_name.html``: each lecture notebook with its stored outputs and saved widget
  states (nbconvert ``--to html``, offline lab template); ``exercises/NN_name.html``: each
  exercise as the student gets it (unsolved);
- ``glossary.html`` (:func:`crmkit.glossary.to_markdown`) and ``data/README.html`` (the data
  card), rendered with mistune (what nbconvert brings);
- on every page a navigation bar (index, previous, next) and a search box over the pages'
  titles and headings and over the glossary in English, Persian and Russian, matched the way
  :func:`crmkit.glossary.search` matches; the index is a prebuilt ``assets/search-index.js``
  searched in the page, so it works from ``file://``;
- ``vendor/``: require.js, MathJax 2 and the widget renderer, local (:mod:`delivery.vendor`).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import vendor
from .slides import NOTEBOOKS, ROOT, TEMPLATES, lecture_notebooks

OUT = ROOT / "build" / "site"
EXERCISES = ROOT / "exercises"
DATA_CARD = ROOT / "data" / "README.md"
ASSETS = Path(__file__).resolve().parent / "assets"

#: The seminar's six questions (SYLLABUS.md, from seed 000 slide 5) and the notebooks that
#: answer them.
QUESTIONS = (
    ("Q1", "What does customer relationship management mean?", "01"),
    ("Q2", "Which activities create a relationship with the customer?", "02, 04"),
    ("Q3", "How is the relationship with customers measured?", "02, 05, 06"),
    ("Q4", "With which customers should we build relationships?", "03, 06"),
    ("Q5", "How is the relationship with customers improved?", "07, 08"),
    ("Q6", "How are CRM strategies designed and formulated?", "03, 09"),
)


@dataclass
class Page:
    """One page of the site: where it is (relative to the site's root) and what it holds."""

    url: str
    title: str
    kind: str  # "index", "notebook", "exercise", "glossary", "data"
    source: Path | None = None
    headings: list[tuple[str, str]] = field(default_factory=list)  # (text, url#anchor)
    time: str = ""
    questions: str = ""
    objectives: list[str] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return self.url.count("/")

    @property
    def root(self) -> str:
        return "../" * self.depth


# ----------------------------------------------------------------------- reading notebooks


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _plain(markdown: str) -> str:
    """Markdown inline text as plain text (for titles and the search index)."""
    text = re.sub(r"<[^>]+>", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


def describe_notebook(path: Path, url: str, kind: str) -> Page:
    """Title, time, questions and objectives from a notebook's opening cell."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    markdown = [_source(c) for c in nb["cells"] if c["cell_type"] == "markdown"]
    first = markdown[0] if markdown else ""
    title = next(
        (_plain(line[2:]) for line in first.splitlines() if line.startswith("# ")), path.stem
    )
    time = re.search(r"\*\*Time:\*\*\s*([^\n]*)", first)
    questions = sorted(set(re.findall(r"\bQ[1-6]\b", first)))
    objectives = []
    if "After this notebook you can" in first:
        tail = first.split("After this notebook you can", 1)[1]
        objectives = [_plain(m) for m in re.findall(r"^\s*[-*]\s+(.*)$", tail, flags=re.M)]
    return Page(
        url=url,
        title=title,
        kind=kind,
        source=path,
        time=_plain(time.group(1)) if time else "",
        questions=", ".join(questions),
        objectives=objectives,
    )


# ---------------------------------------------------------------------------- navigation


def nav_html(page: Page, pages: list[Page]) -> str:
    """The navigation bar: index, previous, next and the search box."""
    i = pages.index(page)
    root = page.root

    def link(target: Page | None, rel: str, arrow: str) -> str:
        if target is None:
            return f'<span class="crmkit-nav-{rel} crmkit-nav-none"></span>'
        return (
            f'<a class="crmkit-nav-{rel}" rel="{rel}" href="{root}{target.url}">'
            f"{arrow} {html.escape(target.title)}</a>"
        )

    prev_page = pages[i - 1] if i > 0 else None
    next_page = pages[i + 1] if i + 1 < len(pages) else None
    return (
        f'<nav class="crmkit-nav" data-root="{root}" aria-label="Course">'
        f'<a class="crmkit-nav-index" href="{root}index.html">Course index</a>'
        f"{link(prev_page, 'prev', '←')}{link(next_page, 'next', '→')}"
        '<div class="crmkit-search" role="search">'
        '<input type="search" id="crmkit-search" autocomplete="off" '
        'placeholder="Search terms and pages: English, فارسی, русский" '
        'aria-label="Search the course">'
        '<div id="crmkit-results" hidden></div></div></nav>'
    )


def footer_html(page: Page) -> str:
    root = page.root
    return (
        f'<script src="{root}assets/search-index.js"></script>'
        f'<script src="{root}assets/site.js"></script>'
    )


# ----------------------------------------------------------------------- rendering pages


def _markdown():
    import mistune

    class Renderer(mistune.HTMLRenderer):
        def heading(self, text, level, **attrs):
            anchor = _anchor(html.unescape(_plain(text)))
            return f'<h{level} id="{anchor}">{text}</h{level}>\n'

    return mistune.create_markdown(renderer=Renderer(escape=False), plugins=["table", "url"])


def _anchor(text: str) -> str:
    return re.sub(r"[^\w\-]+", "-", text, flags=re.U).strip("-")


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<link rel="stylesheet" href="{root}assets/site.css">
</head>
<body class="crmkit-page crmkit-{kind}">
{nav}
<main class="crmkit-main">
{body}
</main>
{footer}
</body>
</html>
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _html_headings(body: str, url: str) -> list[tuple[str, str]]:
    out = []
    for anchor, inner in re.findall(r'<h[1-3] id="([^"]+)"[^>]*>(.*?)</h[1-3]>', body, flags=re.S):
        text = html.unescape(_plain(re.sub(r'<a class="anchor-link".*?</a>', "", inner)))
        if text:
            out.append((text, f"{url}#{anchor}"))
    return out


def _rewrite_links(body: str, page: Page, urls: set[str]) -> str:
    """Links to the repository's notebooks and Markdown files point at their pages."""

    def fix(match):
        target, anchor = match.group(1), match.group(2) or ""
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            return match.group(0)
        resolved = _resolve(page.url, target)
        for suffix in (".ipynb", ".md"):
            if resolved.endswith(suffix) and resolved[: -len(suffix)] + ".html" in urls:
                new = target[: -len(suffix)] + ".html"
                return f'href="{new}{anchor}"'
        return match.group(0)

    return re.sub(r'href="([^"#]+)(#[^"]*)?"', fix, body)


def _resolve(base: str, target: str) -> str:
    parts = base.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _notebook_exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.HTMLExporter.template_name = "lab_offline"
    return HTMLExporter(config=c)


def _render_notebook(page: Page, pages: list[Page], urls: set[str], export, out: Path) -> None:
    import nbformat

    nb = nbformat.read(page.source, as_version=4)
    root = page.root
    export.require_js_url = root + vendor.REQUIRE
    export.mathjax_url = root + vendor.MATHJAX
    export.widget_renderer_url = root + vendor.WIDGETS
    resources = {
        "metadata": {"name": page.title},
        "crmkit_site": {"root": root, "nav": nav_html(page, pages), "footer": footer_html(page)},
    }
    body, _ = export.from_notebook_node(nb, resources=resources)
    body = _rewrite_links(body, page, urls)
    page.headings = _html_headings(body, page.url)
    _write(out / page.url, body)


def term_anchor(term) -> str:
    """The id of a term's row on the glossary page."""
    return "term-" + _anchor(term.en.lower())


def _anchor_terms(body: str) -> str:
    from crmkit import glossary

    for term in glossary.TERMS:
        cell = f"<tr>\n  <td>{html.escape(term.en, quote=False)}</td>"
        body = body.replace(cell, f'<tr id="{term_anchor(term)}">' + cell[4:], 1)
    return body


def _render_markdown(
    page: Page, pages: list[Page], urls: set[str], markdown: str, out: Path
) -> None:
    body = _markdown()(markdown)
    if page.kind == "glossary":
        body = _anchor_terms(body)
    body = _rewrite_links(body, page, urls)
    page.headings = _html_headings(body, page.url)
    text = _PAGE.format(
        title=html.escape(page.title),
        root=page.root,
        kind=page.kind,
        nav=nav_html(page, pages),
        body=body,
        footer=footer_html(page),
    )
    _write(out / page.url, text)


def index_markdown(pages: list[Page]) -> str:
    """The index page: the six questions, the notebooks, the exercises, the references."""
    lectures = [p for p in pages if p.kind == "notebook"]
    exercises = [p for p in pages if p.kind == "exercise"]
    lines = [
        "# CRM and customer satisfaction measurement: the course",
        "",
        "The seminar *Customer Relationship Management (CRM) and Customer Satisfaction "
        "Measurement (CSM)*, as notebooks over one fictional company's data (Caspian Home).",
        "",
        '<p dir="rtl" lang="fa">سمینار مدیریت ارتباط با مشتری (CRM) و محاسبه رضایت مشتری (CSM)</p>',
        "",
        "## The seminar's six questions",
        "",
        "| # | Question | Notebooks |",
        "|---|---|---|",
    ]
    lines += [f"| {q} | {text} | {nbs} |" for q, text, nbs in QUESTIONS]
    lines += ["", "## The notebooks, in order", ""]
    for p in lectures:
        extra = " · ".join(x for x in (p.questions, p.time) if x)
        lines.append(f"### [{p.title}]({p.url})")
        lines.append("")
        if extra:
            lines += [f"*{extra}*", ""]
        if p.objectives:
            lines.append("After this notebook you can:")
            lines.append("")
            lines += [f"- {o}" for o in p.objectives]
            lines.append("")
    lines += ["## Exercises", ""]
    if exercises:
        lines += [f"- [{p.title}]({p.url})" for p in exercises]
    else:
        lines.append("No exercise notebooks yet.")
    lines += [
        "",
        "## Reference",
        "",
        "- [Glossary](glossary.html): every key term in English, Persian and Russian.",
        "- [Data card](data/README.html): the tables of Caspian Home's CRM data, and how "
        "they were made.",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------- search index


def search_index(pages: list[Page]) -> dict:
    """What the search box searches: every page (title, headings) and every glossary term.

    Words are stored normalised by :func:`crmkit.glossary.normalise`; the page normalises
    the query the same way (``assets/site.js``) and matches as :func:`crmkit.glossary.search`.
    """
    from crmkit import glossary

    def words(text: str) -> list[str]:
        return glossary._words(text)

    page_entries = []
    for p in pages:
        page_entries.append(
            {
                "title": p.title,
                "url": p.url,
                "kind": p.kind,
                "words": words(p.title),
                "headings": [{"text": t, "url": u, "words": words(t)} for t, u in p.headings],
            }
        )
    term_entries = []
    lectures = {p.source.name[:2]: p for p in pages if p.kind == "notebook"}
    for t in glossary.TERMS:
        notebook = lectures.get(t.notebook)
        term_entries.append(
            {
                "en": t.en,
                "fa": t.fa,
                "ru": t.ru,
                "definition": t.definition,
                "notebook": t.notebook,
                "notebook_url": notebook.url if notebook else "",
                "url": f"glossary.html#{term_anchor(t)}",
                "words": {lang: words(getattr(t, lang)) for lang in ("en", "fa", "ru")},
            }
        )
    return {"pages": page_entries, "terms": term_entries}


# ----------------------------------------------------------------------------------- build


def plan(notebooks: Path = NOTEBOOKS, exercises: Path = EXERCISES) -> list[Page]:
    """The site's pages in reading order (the order of previous / next)."""
    pages = [Page("index.html", "Course index", "index")]
    for path in lecture_notebooks(folder=notebooks):
        pages.append(describe_notebook(path, f"notebooks/{path.stem}.html", "notebook"))
    for path in sorted(Path(exercises).glob("[0-9][0-9]_*.ipynb")):
        pages.append(describe_notebook(path, f"exercises/{path.stem}.html", "exercise"))
    pages.append(Page("glossary.html", "Glossary", "glossary"))
    pages.append(Page("data/README.html", "Data card", "data", source=DATA_CARD))
    return pages


def build(out: Path = OUT, notebooks: Path = NOTEBOOKS, exercises: Path = EXERCISES) -> Path:
    """Build the whole site into ``out``; returns the path of its ``index.html``."""
    from crmkit import glossary

    out = Path(out)
    for sub in ("notebooks", "exercises", "data"):
        shutil.rmtree(out / sub, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    vendor.copy_vendor(out)
    shutil.copytree(ASSETS, out / "assets", dirs_exist_ok=True)

    pages = plan(notebooks, exercises)
    urls = {p.url for p in pages}
    export = _notebook_exporter()
    for page in pages:
        if page.kind in ("notebook", "exercise"):
            _render_notebook(page, pages, urls, export, out)
            print(f"  {page.url}")
    _render_markdown(pages[-2], pages, urls, glossary.to_markdown(), out)
    _render_markdown(pages[-1], pages, urls, DATA_CARD.read_text(encoding="utf-8"), out)
    _render_markdown(pages[0], pages, urls, index_markdown(pages), out)

    index = json.dumps(search_index(pages), ensure_ascii=False, indent=0)
    _write(out / "assets" / "search-index.js", f"window.CRMKIT_SEARCH = {index};\n")
    print(f"  {out / 'index.html'}")
    return out / "index.html"
