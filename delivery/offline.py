"""Check that a built page loads nothing from the network: what the tests of the decks and
the site use, and a lecturer can run on any page (``python -m delivery.offline FILE ...``).

A *remote reference* is a URL with a scheme other than ``file:`` or ``data:``, or one that
starts ``//`` (protocol-relative), in a ``src`` or ``href`` attribute (links a reader
clicks, ``<a href>``, excepted: they load nothing), a ``require([...])`` list, a JavaScript
``import``, any quoted string in a script (such as the widget renderer's address that
nbconvert puts in a variable), or a CSS ``url(...)`` or ``@import``. Comments (HTML, CSS and JavaScript) are
ignored: the vendored libraries cite their home pages there.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# a // comment: not preceded by ':' (https://), a quote, '=' or another slash
_LINE_COMMENT = re.compile(r"(?<![:'\"=/\\\w])//[^\n]*")
_SCRIPT_OR_STYLE = re.compile(r"(<(script|style)\b[^>]*>)(.*?)(</\2>)", re.S | re.I)
_REMOTE = r"(?:[a-zA-Z][a-zA-Z0-9+.-]*:(?<!file:)(?<!data:)(?<!javascript:)(?<!mailto:)//|//)"

_ATTR = re.compile(
    r"<(?!a\b)(\w+)\b[^>]*?\b(src|href)\s*=\s*[\"']?(" + _REMOTE + r"[^\"'\s>]*)", re.I
)
_REQUIRE = re.compile(r"require\s*\(\s*(?:\{.*?\}\s*,\s*)?\[(.*?)\]", re.S)
_IMPORT = re.compile(r"\bimport\b[^;'\"]*?\(?\s*[\"'](" + _REMOTE + r"[^\"']*)[\"']")
_CSS_URL = re.compile(r"url\(\s*[\"']?(" + _REMOTE + r"[^\"')]*)", re.I)
_CSS_IMPORT = re.compile(r"@import\s+[\"'](" + _REMOTE + r"[^\"']*)[\"']", re.I)
_LOCAL_ATTR = re.compile(r"\b(?:src|href)\s*=\s*[\"']([^\"'#?]+)[^\"']*[\"']", re.I)
_STRING_URL = re.compile(r"[\"'](" + _REMOTE + r"[^\"']*)[\"']")


def strip_comments(text: str) -> str:
    """The page without HTML comments, and its scripts and styles without comments."""
    text = _HTML_COMMENT.sub(" ", text)

    def clean(match):
        body = _BLOCK_COMMENT.sub(" ", match.group(3))
        if match.group(2).lower() == "script":
            body = _LINE_COMMENT.sub(" ", body)
        return match.group(1) + body + match.group(4)

    return _SCRIPT_OR_STYLE.sub(clean, text)


def remote_references(text: str) -> list[str]:
    """Every remote URL the page would load, as described in the module's docstring."""
    text = strip_comments(text)
    found = [m.group(3) for m in _ATTR.finditer(text)]
    for m in _REQUIRE.finditer(text):
        found += [u.group(1) for u in _STRING_URL.finditer(m.group(1))]
    found += [m.group(1) for m in _IMPORT.finditer(text)]
    for m in _SCRIPT_OR_STYLE.finditer(text):
        if m.group(2).lower() == "script":
            found += [u.group(1) for u in _STRING_URL.finditer(m.group(3))]
    found += [m.group(1) for m in _CSS_URL.finditer(text)]
    found += [m.group(1) for m in _CSS_IMPORT.finditer(text)]
    return found


def local_references(text: str) -> list[str]:
    """The relative paths in the page's ``src`` and ``href`` attributes (no anchors)."""
    text = strip_comments(text)
    return [
        u
        for u in _LOCAL_ATTR.findall(text)
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", u) and not u.startswith("//")
    ]


def main(argv: list[str]) -> int:
    bad = 0
    for name in argv:
        for url in remote_references(Path(name).read_text(encoding="utf-8")):
            print(f"{name}: {url}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
