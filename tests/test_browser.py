"""The course in a real browser: JupyterLab driven through Debian's Chromium by Playwright.

One JupyterLab server (127.0.0.1, isolated config, a copy of the notebooks so that nothing
is saved into the repository) and one browser for the whole module:

- every lecture notebook ``notebooks/NN_*.ipynb`` that exists is opened, run (Run All) and
  checked: no error or stderr output, a figure rendered as an image, and, where it has a
  widget, the widget reacts (a slider, menu or tick box changed, its summary or image
  changes);
- a notebook opens as live RISE slides inside JupyterLab and its widget reacts there too;
- one deck and the site's index, opened from ``file://`` with every non-file request
  aborted and DNS blocked, render: reveal's slides, a figure, the saved widget, MathJax,
  the search box (matching as ``crmkit.glossary.search`` does), and no request to the
  network.

Screenshots go to ``build/screenshots/``. The server, its kernels and the browser are shut
down by the fixtures, also when a test fails. Needs ``/usr/bin/chromium`` (``.ci/run``
installs Debian's package); never ``playwright install``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "build" / "screenshots"
TOKEN = "crmkit-browser-test"

if not CHROMIUM.exists():  # pragma: no cover - .ci/run installs it
    if os.environ.get("CI"):
        raise RuntimeError("/usr/bin/chromium is missing: .ci/run installs Debian's chromium")
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

# Stop waiting for Run All at the first error too (Run All stops there, so the later
# prompts would stay empty until the time-out).
ALL_DONE = """() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
  const done = prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
  const failed = [...document.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
    .some(e => e.textContent.includes('Traceback'));
  return done || failed;
}"""
IMAGES_LOADED = """(selector) => {
  const imgs = [...document.querySelectorAll(selector)];
  return imgs.length > 0 && imgs.some(i => i.complete && i.naturalWidth > 0);
}"""


# --------------------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read() or b"null")


def _request(url: str, method: str) -> None:
    request = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(request, timeout=10):
        pass


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a copy of the notebooks; yields its base URL."""
    import psutil

    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "root"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "data").symlink_to(ROOT / "data")  # as in the repository, for relative paths
    settings = tmp / "settings"
    for plugin, value in {
        "@jupyterlab/apputils-extension/notification": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    }.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        IPYTHONDIR=str(tmp / "ipython"),
        PYTHONHASHSEED="0",
    )
    env.pop("MPLBACKEND", None)  # kernels draw inline
    port = _free_port()
    args = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={tmp / 'ws'}",
        "--LabApp.news_url=None", "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    SHOTS.mkdir(parents=True, exist_ok=True)
    log = open(SHOTS / "jupyterlab.log", "w")
    proc = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited ({proc.returncode}): see {log.name}")
            try:
                _get(f"{base}/api/status?token={TOKEN}")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.25)
        yield base
    finally:
        kids = psutil.Process(proc.pid).children(recursive=True)
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        for kid in psutil.wait_procs(kids, timeout=5)[1]:
            kid.kill()
        log.close()


def _stop_kernels(base: str) -> None:
    for session in _get(f"{base}/api/sessions?token={TOKEN}") or []:
        _request(f"{base}/api/sessions/{session['id']}?token={TOKEN}", "DELETE")


# -------------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--disable-gpu",
                "--disable-quic",
                # no name resolves: a page that reaches for a CDN fails to
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        )
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        try:
            spec = getattr(request.node, "callspec", None)
            name = f"lab_{spec.id}" if spec else request.node.name.removeprefix("test_")[:50]
            pg.screenshot(path=str(SHOTS / f"{name}.png"))  # also after a failure
        except Exception:
            pass
        context.close()


def _wait_idle(page, timeout=90_000) -> None:
    idle = page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"ipykernel\) \| Idle"))
    expect(idle.first).to_be_visible(timeout=timeout)


def _run_all(page) -> None:
    page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
    page.wait_for_function(ALL_DONE, timeout=150_000, polling=250)
    _wait_idle(page)


# ------------------------------------------------------------------------------- widgets


def _widget_snapshot(box) -> str:
    """What a widget shows besides its controls: its summary text and image."""
    return box.evaluate(
        """(el) => [...el.querySelectorAll('.widget-html-content, .widget-label, img')]
             .map(e => e.tagName === 'IMG' ? e.src.slice(-200) : e.textContent).join('|')"""
    )


def _move_a_control(page, box) -> str:
    """Change the first control of a widget (slider, menu or tick box); says which."""
    slider = box.locator(".widget-slider .noUi-handle")
    if slider.count():
        slider.first.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        return "slider"
    select = box.locator(".widget-dropdown select")
    if select.count():
        options = select.first.locator("option").all_text_contents()
        current = select.first.evaluate("(s) => s.options[s.selectedIndex].text")
        select.first.select_option(label=next(o for o in options if o != current))
        return "menu"
    checkbox = box.locator(".widget-checkbox input")
    if checkbox.count():
        checkbox.first.click()
        return "tick box"
    raise AssertionError("no slider, menu or tick box in the widget")


def _check_widget_reacts(scope, page, root: str, name: str, timeout: float = 30) -> str:
    """Move the first widget's control and wait until its summary or image changes.

    ``scope`` is the page or a frame (RISE shows the notebook in an iframe).
    """
    boxes = scope.locator(f"{root} .widget-vbox, {root} .widget-hbox").filter(
        has=scope.locator(".widget-slider, .widget-dropdown, .widget-checkbox")
    )
    box = boxes.first
    expect(box).to_be_attached(timeout=timeout * 1000)
    box.scroll_into_view_if_needed()
    before = _widget_snapshot(box)
    box.screenshot(path=str(SHOTS / f"widget_{name}_before.png"))
    how = _move_a_control(page, box)
    deadline = time.monotonic() + 60
    while _widget_snapshot(box) == before:
        assert time.monotonic() < deadline, f"the widget's output did not change ({how})"
        page.wait_for_timeout(200)
    # The summary text changes before the new figure arrives: wait until nothing has changed
    # for a second, so the screenshot shows the redrawn figure, not the old one.
    last, still = _widget_snapshot(box), 0
    while still < 3 and time.monotonic() < deadline:
        page.wait_for_timeout(400)
        now = _widget_snapshot(box)
        still, last = (still + 1, last) if now == last else (0, now)
    page.wait_for_timeout(300)  # let the new image paint
    box.screenshot(path=str(SHOTS / f"widget_{name}_after.png"))
    return how


# ---------------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def lab_page(browser, lab):
    """One JupyterLab page for all the notebooks: each is opened in it, run and closed, so
    the app loads once (faster than a page per notebook)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        page.goto(f"{lab}/lab?reset&token={TOKEN}")
        page.wait_for_function(
            "() => window.jupyterapp && document.querySelector('#jp-main-dock-panel')"
        )
        yield page
    finally:
        context.close()


def _command(page, command: str, args: dict | None = None) -> None:
    page.evaluate("([c, a]) => window.jupyterapp.commands.execute(c, a)", [command, args or {}])


@pytest.mark.parametrize("notebook", LECTURES, ids=lambda p: p.stem)
def test_notebook_runs_in_jupyterlab_with_figures_and_a_live_widget(lab, lab_page, notebook):
    page = lab_page
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    try:
        _command(page, "docmanager:open", {"path": f"notebooks/{notebook.name}"})
        page.locator(".jp-Notebook .jp-CodeCell").first.wait_for()
        _wait_idle(page)
        _run_all(page)
        errors = page.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        assert errors.count() == 0, errors.first.text_content()
        error = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
        assert page.locator(error).count() == 0
        page.wait_for_function(
            IMAGES_LOADED, arg='.jp-OutputArea-output[data-mime-type="image/png"] img'
        )
        if nb["metadata"].get("widgets"):
            _check_widget_reacts(page, page, ".jp-Notebook", notebook.stem)
    finally:
        try:
            page.screenshot(path=str(SHOTS / f"lab_{notebook.stem}.png"))
            # save (into the server's copy) so that closing asks nothing, then close
            _command(page, "docmanager:save")
            expect(page.locator(".lm-TabBar-tab.jp-mod-dirty")).to_have_count(0)
            _command(page, "application:close-all")
            expect(page.locator(".jp-NotebookPanel")).to_have_count(0)
        finally:
            _stop_kernels(lab)


#: Why a widget does not render in RISE slides yet (the kernel and the slides do work).
RISE_WIDGETS = (
    "jupyterlab-rise 0.43.1 does not render ipywidgets 8: its slideshow app lacks the shared "
    "module @jupyterlab/console that @jupyter-widgets/jupyterlab-manager 3.0.17 needs "
    "(jupyterlab-contrib/rise issues 119 and 126); present the widget from the notebook view"
)


def test_a_notebook_presents_as_rise_slides_with_a_live_kernel(lab, page):
    """View > Render as Reveal Slideshow opens the notebook as RISE slides beside it, and a
    cell run on a slide (Ctrl+Enter) runs on the live kernel; then a widget made there."""
    notebook = LECTURES[0]
    try:
        page.goto(f"{lab}/lab/tree/notebooks/{notebook.name}?reset&token={TOKEN}")
        page.locator(".jp-Notebook .jp-CodeCell").first.wait_for()
        _wait_idle(page)
        # RISE opens on the slide of the active cell: the first code cell
        page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").first.click()
        page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=re.compile(r"^View$")).click()
        page.locator('.lm-Menu-item[data-command="RISE:preview"]').click()
        frame = page.frame_locator("iframe[src*='/rise/']")
        present = frame.locator(".reveal .slides section.present")
        expect(present.first).to_be_visible(timeout=60_000)
        cell = frame.locator(".reveal section.present .jp-CodeCell").first
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Control+Enter")
        expect(cell.locator(".jp-InputPrompt")).to_have_text(re.compile(r"\[1\]"), timeout=90_000)
        expect(cell.locator(".jp-OutputArea-output").first).to_be_visible(timeout=60_000)
        page.screenshot(path=str(SHOTS / "rise_live.png"))
        # a widget made on the slide, live on the same kernel
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Control+A")
        page.keyboard.type("import ipywidgets as w; w.IntSlider(3)")
        page.keyboard.press("Control+Enter")
        expect(cell.locator(".jp-InputPrompt")).to_have_text(re.compile(r"\[2\]"), timeout=60_000)
        try:
            expect(cell.locator(".widget-slider").first).to_be_attached(timeout=5_000)
        except AssertionError:
            pytest.xfail(RISE_WIDGETS)
        cell.locator(".noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")
        expect(cell.locator(".widget-readout").first).to_have_text("4")
    finally:
        _stop_kernels(lab)


# ------------------------------------------------------------------ offline, from file://


def _has_math(path: Path) -> bool:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return bool(re.search(r"\$[^$\n`]+\$", re.sub(r"`[^`]*`", "", text)))


def _has_widgets(path: Path) -> bool:
    return bool(json.loads(path.read_text(encoding="utf-8"))["metadata"].get("widgets"))


#: The deck opened offline: the first lecture with both math and a saved widget, if any.
DECK = next(
    (p for p in LECTURES if p.name[:2] != "00" and _has_math(p) and _has_widgets(p)),
    next((p for p in LECTURES if p.name[:2] != "00"), LECTURES[0] if LECTURES else None),
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One deck and the whole site, built into a temporary folder."""
    from delivery import site, slides

    out = tmp_path_factory.mktemp("offline")
    deck = slides.build([DECK.name[:2]], out=out / "slides")[0]
    index = site.build(out=out / "site")
    return deck, index


@pytest.fixture
def offline_page(browser, request):
    """A page that may load only file: and data: URLs; records every other request."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.set_default_timeout(30_000)
    attempted = []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            attempted.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.attempted = attempted
    failed = []
    pg.on("requestfailed", lambda r: failed.append(r.url))
    pg.failed = failed
    try:
        yield pg
    finally:
        try:
            name = request.node.name.removeprefix("test_")[:50]
            pg.screenshot(path=str(SHOTS / f"{name}.png"))
        except Exception:
            pass
        context.close()


def _go_to_slide_with(page, selector: str) -> None:
    """Show the first slide that holds ``selector`` (reveal is loaded by require.js, so it is
    not a global: navigate with the URL's #/h/v)."""
    where = page.evaluate(
        """(sel) => {
             const top = [...document.querySelectorAll('.reveal .slides > section')];
             for (let h = 0; h < top.length; h++) {
               const inner = [...top[h].querySelectorAll(':scope > section')];
               const stack = inner.length ? inner : [top[h]];
               for (let v = 0; v < stack.length; v++) {
                 if (stack[v].querySelector(sel)) return [h, v];
               }
             }
             return null;
           }""",
        selector,
    )
    assert where, f"no slide holds {selector}"
    page.evaluate(f"location.hash = '#/{where[0]}/{where[1]}'")
    expect(page.locator(f".reveal section.present {selector}").first).to_be_attached()


def test_a_deck_renders_offline_with_figure_widget_math_and_notes(built, offline_page):
    deck, _ = built
    page = offline_page
    page.goto(deck.as_uri())
    expect(page.locator(".reveal.ready")).to_be_attached(timeout=30_000)
    assert page.locator(".reveal .slides > section").count() >= 5
    expect(page.locator(".reveal .slides section.present").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "deck_title.png"))

    _go_to_slide_with(page, ".jp-OutputArea-output img")
    page.wait_for_function(IMAGES_LOADED, arg=".reveal section.present .jp-OutputArea-output img")
    page.screenshot(path=str(SHOTS / "deck_figure.png"))

    if _has_widgets(DECK):
        # the saved widget state, rendered by the local html-manager
        page.wait_for_function(
            "() => document.querySelector('.widget-slider, .widget-dropdown, .widget-checkbox')",
            timeout=30_000,
        )
        _go_to_slide_with(page, ":is(.widget-slider, .widget-dropdown, .widget-checkbox)")
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / "deck_widget.png"))
    if _has_math(DECK):
        page.wait_for_function(
            "() => window.MathJax && MathJax.Hub && document.querySelector('.MathJax_CHTML, .mjx-chtml')",
            timeout=30_000,
        )
    assert page.locator("aside.notes").count() >= 1, "lecturer's notes for the speaker view"
    assert page.attempted == [], f"the deck reached for the network: {page.attempted}"
    assert page.failed == [], f"requests failed: {page.failed}"


def test_a_formula_is_drawn_once_when_its_slide_is_opened_at_once(built, offline_page):
    # nbconvert's deck re-renders the formulas of a slide at every slide change; run while
    # MathJax was still typesetting the page (a lecturer opening the deck and moving on at
    # once), that drew every formula twice. The template queues it behind the typesetting.
    deck, _ = built
    page = offline_page
    page.goto(deck.as_uri())
    expect(page.locator(".reveal.ready")).to_be_attached(timeout=30_000)
    _go_to_slide_with(page, "script[type^='math/tex']")
    page.wait_for_function(
        "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue"
        " && !MathJax.Hub.queue.pending && !MathJax.Hub.queue.running"
        " && document.querySelector('.reveal section.present .MathJax_CHTML')",
        timeout=30_000,
    )
    page.wait_for_timeout(1000)
    drawn, formulas = page.evaluate(
        "() => { const s = document.querySelector('.reveal section.present');"
        " return [s.querySelectorAll('.MathJax_CHTML').length,"
        " s.querySelectorAll(\"script[type^='math/tex']\").length]; }"
    )
    page.screenshot(path=str(SHOTS / "deck_math.png"))
    assert drawn == formulas, f"{formulas} formula(s) drawn {drawn} times on one slide"


def _moved_by_fit(path: Path) -> int:
    import nbformat

    from delivery import slides

    nb = nbformat.read(path, as_version=4)
    fitted = slides.fit_figures(nb)
    return sum(a.metadata != b.metadata for a, b in zip(nb.cells, fitted.cells, strict=True))


def test_no_figure_falls_below_the_bottom_of_its_slide(tmp_path, offline_page):
    # A figure under a long text gets a slide of its own (delivery.slides.fit_figures); here
    # every slide of the deck where that moves most is laid out and each figure's bottom
    # measured in the slide's own pixels. A live widget's panel (controls, table, figure) is
    # taller than a slide by itself and scrolls.
    from delivery import slides

    notebook = max(LECTURES, key=_moved_by_fit)
    deck = slides.build([notebook.name[:2]], out=tmp_path)[0]
    page = offline_page
    page.goto(deck.as_uri())
    expect(page.locator(".reveal.ready")).to_be_attached(timeout=30_000)
    page.wait_for_function(IMAGES_LOADED, arg=".reveal .jp-OutputArea-output img")
    page.add_style_tag(content=".reveal .slides section { display: block !important; }")
    page.wait_for_timeout(300)
    figures = page.evaluate(
        """() => [...document.querySelectorAll('.reveal .slides section')]
             .filter(s => !s.querySelector('section'))
             .flatMap(s => {
               const box = s.getBoundingClientRect(), k = box.width / s.offsetWidth || 1;
               return [...s.querySelectorAll('.jp-OutputArea-output img')]
                 .filter(i => !i.closest('.widget-vbox, .widget-hbox, .jupyter-widgets'))
                 .map(i => [s.innerText.trim().split('\\n')[0].slice(0, 60),
                            Math.round((i.getBoundingClientRect().bottom - box.top) / k)]);
             })"""
    )
    assert figures, "the deck has figures"
    low = [(slide, bottom) for slide, bottom in figures if bottom > 720]
    assert not low, f"figures below the 720 px slide: {low}"


def test_the_site_opens_offline_and_its_search_matches_the_glossary(built, offline_page):
    from crmkit import glossary

    _, index = built
    page = offline_page
    page.goto(index.as_uri())
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("#crmkit-search")).to_be_visible()
    links = page.locator('main a[href^="notebooks/"]')
    assert links.count() == len(LECTURES)
    page.screenshot(path=str(SHOTS / "site_index.png"), full_page=False)

    # the page's search finds what crmkit.glossary.search finds, in all three languages
    for query in (
        "loyalty",
        "مشتري مداري",  # Arabic yeh (U+064A)
        "مشتری\u200cمداری",  # zero-width non-joiner
        "بخشبندی",  # written solid
        "удовлетворенности",  # ё written е
        "analytical CRM",
    ):
        expected = glossary.search(query)["english"].tolist()
        found = page.evaluate(
            "(q) => crmkitSearch.search(q).filter(h => h.kind === 'term').map(h => h.term.en)",
            query,
        )
        assert found == expected, query
    box = page.locator("#crmkit-search")
    box.fill("اعتماد و اطمينان")
    expect(
        page.locator("#crmkit-results .crmkit-hit-title", has_text="trust").first
    ).to_be_visible()
    page.screenshot(path=str(SHOTS / "site_search.png"))

    # a notebook page: its figures and saved widgets render from local files
    page.goto((index.parent / "notebooks" / f"{DECK.stem}.html").as_uri())
    page.wait_for_function(IMAGES_LOADED, arg=".jp-OutputArea-output img")
    if _has_widgets(DECK):
        page.wait_for_function(
            "() => document.querySelector('.widget-slider, .widget-dropdown, .widget-checkbox')",
            timeout=30_000,
        )
    expect(page.locator("nav.crmkit-nav a[rel=next]")).to_be_visible()
    page.screenshot(path=str(SHOTS / "site_notebook.png"))
    assert page.attempted == [], f"the site reached for the network: {page.attempted}"
    assert page.failed == [], f"requests failed: {page.failed}"
