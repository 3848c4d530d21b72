"""The JavaScript the decks and the site load, from pinned npm packages, as local files.

``package.json`` and ``package-lock.json`` beside this file pin reveal.js 4.x, MathJax 2.x,
require.js, jQuery and the widget renderer (``@jupyter-widgets/html-manager``). On first use
:func:`install` runs ``npm ci`` into ``delivery/node_modules/`` (git-ignored, about 200 MB);
:func:`copy_vendor` then copies only what the pages load into an output's ``vendor/`` folder
(about 25 MB: MathJax without its unpacked sources, localisations, SVG/HTML-CSS outputs and
non-TeX fonts; the widget renderer without source maps and legacy font formats).

Each output (``build/slides/``, ``build/site/``) gets its own ``vendor/``, so that either
folder can be copied to a USB stick whole and opened from there.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
STAMP = NODE_MODULES / ".crmkit-lock"

#: Paths, relative to an output folder, of what the pages load.
REVEAL = "vendor/reveal.js"
REQUIRE = "vendor/require.js"
JQUERY = "vendor/jquery.min.js"
MATHJAX = "vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
WIDGETS = "vendor/html-manager/embed-amd.js"

#: Changed when what :func:`copy_vendor` writes changes, so that old copies are redone.
RECIPE = "2: reveal themes without remote font imports"
_REMOTE_IMPORT = re.compile(r"@import\s+url\(\s*['\"]?(?:https?:)?//[^)]*\)\s*;?")

NPM_MISSING = (
    "Building the slides and the site needs Node.js and npm (for the pinned JavaScript "
    "packages): install them (Debian/Ubuntu: 'apt-get install nodejs npm'; macOS: 'brew "
    "install node'; Windows: https://nodejs.org) and run the command again."
)


class DeliveryError(RuntimeError):
    """A build step could not run; the message says why and what to do."""


def install(*, quiet: bool = True) -> Path:
    """Install the pinned npm packages into ``delivery/node_modules`` unless already there.

    Returns
    -------
    pathlib.Path
        The ``node_modules`` folder.

    Raises
    ------
    DeliveryError
        If npm is not installed, or ``npm ci`` fails.
    """
    lock = (HERE / "package-lock.json").read_text(encoding="utf-8")
    if STAMP.exists() and STAMP.read_text(encoding="utf-8") == lock:
        return NODE_MODULES
    # one install at a time (the test suite's workers may all ask at once)
    with _exclusive(HERE / ".npm-install.lock"):
        if STAMP.exists() and STAMP.read_text(encoding="utf-8") == lock:
            return NODE_MODULES
        return _npm_ci(lock, quiet)


@contextlib.contextmanager
def _exclusive(path: Path):
    with open(path, "w") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: one build at a time is up to the user
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _npm_ci(lock: str, quiet: bool) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise DeliveryError(NPM_MISSING)
    print("Installing the pinned JavaScript packages (npm ci, once) ...", flush=True)
    cmd = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"]
    if quiet:
        cmd += ["--loglevel=error"]
    done = subprocess.run(cmd, cwd=HERE, capture_output=quiet, text=True)
    if done.returncode != 0:
        raise DeliveryError(
            f"'npm ci' failed in {HERE} (exit {done.returncode}):\n{done.stderr or ''}"
        )
    STAMP.write_text(lock, encoding="utf-8")
    return NODE_MODULES


def _copytree(src: Path, dst: Path, keep=lambda path: True) -> None:
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_dir() or not keep(rel):
            continue
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def _mathjax_keep(rel: Path) -> bool:
    parts = rel.parts
    top = parts[0]
    if len(parts) == 1:
        return rel.name in {"MathJax.js", "LICENSE"}
    if top == "config":
        return rel.name in {"TeX-AMS_CHTML-full.js", "Safe.js"} or parts[1] == "local"
    if top == "extensions":
        return True
    if top == "jax":
        if parts[1] == "output":
            return parts[2] == "CommonHTML"
        return True  # input/TeX, element/mml
    if top == "fonts":
        # CommonHTML uses the TeX fonts, as woff
        return parts[1:3] == ("HTML-CSS", "TeX") and "woff" in parts
    return False  # unpacked/, localization/, test/


def _reveal_keep(rel: Path) -> bool:
    parts = rel.parts
    if rel.name.endswith(".map") or rel.name.endswith(".esm.js"):
        return False
    return parts[0] in {"dist", "plugin"} or rel.name == "LICENSE"


def _widgets_keep(rel: Path) -> bool:
    # embed-amd.js and the fonts it loads (woff2/woff/ttf are enough for every browser)
    return rel.name == "embed-amd.js" or rel.suffix in {".woff2", ".woff", ".ttf"}


def copy_vendor(out: Path) -> Path:
    """Copy the trimmed JavaScript into ``out/vendor`` (replacing what was there).

    Parameters
    ----------
    out : pathlib.Path
        An output folder (``build/slides`` or ``build/site``).

    Returns
    -------
    pathlib.Path
        ``out/vendor``.
    """
    modules = install()
    vendor = Path(out) / "vendor"
    lock = RECIPE + "\n" + (HERE / "package-lock.json").read_text(encoding="utf-8")
    stamp = vendor / ".crmkit-lock"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == lock:
        return vendor
    if vendor.exists():
        shutil.rmtree(vendor)
    vendor.mkdir(parents=True)
    _copytree(modules / "reveal.js", vendor / "reveal.js", _reveal_keep)
    # reveal's themes fetch their fonts from a web font service: drop those imports (the
    # slides then use the local sans-serif; the default theme, white, has local fonts)
    for css in (vendor / "reveal.js" / "dist" / "theme").glob("*.css"):
        text = css.read_text(encoding="utf-8")
        css.write_text(_REMOTE_IMPORT.sub("", text), encoding="utf-8")
    _copytree(modules / "mathjax", vendor / "mathjax", _mathjax_keep)
    _copytree(
        modules / "@jupyter-widgets/html-manager/dist", vendor / "html-manager", _widgets_keep
    )
    shutil.copy2(modules / "requirejs/require.js", vendor / "require.js")
    shutil.copy2(modules / "jquery/dist/jquery.min.js", vendor / "jquery.min.js")
    versions = {
        name: json.loads((modules / name / "package.json").read_text())["version"]
        for name in ("reveal.js", "mathjax", "requirejs", "jquery", "@jupyter-widgets/html-manager")
    }
    (vendor / "VERSIONS.json").write_text(json.dumps(versions, indent=2) + "\n")
    stamp.write_text(lock, encoding="utf-8")
    return vendor
