"""An exercise notebook with nothing filled in runs top to bottom, in its own kernel.

This is what a student's *Run All* does on a fresh copy, and what CI runs: no cell may raise
or write to stderr, and every check must say "not answered yet" (the stub ``answer = ...``
is recognised, not an error). The solutions themselves are run by nbval (strict mode,
against their saved outputs) with the rest of the suite.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))


def _text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    return output.get("data", {}).get("text/plain", "")


@pytest.mark.parametrize("path", EXERCISES, ids=[p.name for p in EXERCISES])
def test_an_unsolved_exercise_runs_and_every_check_says_not_answered(path, tmp_path, monkeypatch):
    monkeypatch.setenv("CRMKIT_PROGRESS", str(tmp_path / "progress.json"))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    checks = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            assert output["output_type"] != "error", (index, output.get("evalue"))
            assert output.get("name") != "stderr", (index, output.get("text"))
        role = cell.metadata.get("crmkit", {}).get("role")
        text = "".join(_text(o) for o in cell.outputs)
        if role == "check":
            checks += 1
            assert "not answered yet" in text, (index, text)
        if role == "progress":
            assert ": 0 of " in text and "done." in text, text
    assert checks >= 4
