"""The README's picture is drawn by the calls its caption shows.

``docs/make_readme_figures.py`` draws ``docs/readme_figures.png``; this test reads the
plotting calls in the README's caption and in the script (with the ``ax=`` keyword, which
only places a figure, left out) and checks they are the same, then runs the script and
checks the finding the picture's alt text states.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "docs" / "make_readme_figures.py"
README = ROOT / "README.md"


def _normalise(call: ast.Call) -> str:
    """A call as source, without the ``ax=`` keyword."""
    call.keywords = [k for k in call.keywords if k.arg != "ax"]
    return ast.unparse(call)


def _plot_calls(tree: ast.AST) -> list[str]:
    return [
        _normalise(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "plots"
        and node.func.attr != "use_course_style"
    ]


def _caption() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("(docs/readme_figures.png)")
    return text[start : text.index("\n\n", text.index("*", start) + 1)]


def test_script_calls_are_the_readme_calls():
    caption = _caption()
    shown = [
        _normalise(ast.parse(code, mode="eval").body)
        for code in re.findall(r"`(plots\.\w+\(.*?\))`", caption)
    ]
    drawn = _plot_calls(ast.parse(SCRIPT.read_text(encoding="utf-8")))
    # ast.unparse writes single quotes
    assert shown == [
        "plots.ipa_grid(data.load('surveys'))",
        "plots.pareto_chart(data.load('tickets'))",
    ]
    assert sorted(drawn) == sorted(shown)
    assert "docs/make_readme_figures.py" in caption


def test_script_draws_the_picture_the_alt_text_describes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_readme_figures", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = module.main(tmp_path / "figures.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the alt text: "late delivery causes half of all complaints"
    from crmkit import data, sixsigma

    alt = README.read_text(encoding="utf-8").split("](docs/readme_figures.png)")[0]
    assert "late delivery causes half of all complaints" in alt
    table = sixsigma.pareto_table(data.load("tickets"), "cause")
    assert table.index[0] == "late_delivery"
    assert abs(table["share"].iloc[0] - 0.5) < 0.02
