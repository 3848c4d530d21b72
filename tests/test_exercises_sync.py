"""exercises/ is generated from solutions/, and nbgrader agrees with how.

``solutions/`` is the single source: ``python3 kit.py exercises`` annotates it and writes
``exercises/``. These tests fail when someone edited one side only, and prove the claim that
a lecturer who grades with nbgrader can use the solution notebooks as they are: nbgrader's
own ClearSolutions (with ``code_stub`` set to the kit's stub), ClearHiddenTests and
ClearOutput make the same student copy, its metadata validator accepts the notebooks, and
``nbgrader generate_assignment`` plus ``nbgrader autograde`` give the solution full marks and
the unsolved copy none, without errors.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from crmkit.exercises.build import CODE_STUB, TEXT_STUB, build, student_copy

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
NAMES = [p.name for p in SOLUTIONS]


def test_there_is_an_exercise_for_every_solution():
    exercises = sorted(p.name for p in (ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
    assert exercises == NAMES
    assert {"01_what_is_crm.ipynb", "02_relationship_marketing.ipynb"} <= set(NAMES)


def test_exercises_are_in_step_with_solutions():
    stale = [str(p.relative_to(ROOT)) for p in build(check=True)]
    assert not stale, (
        f"out of date: {stale}; edit solutions/ only, then run `python3 kit.py exercises` "
        f"(it annotates the solutions and regenerates exercises/)."
    )


def _nbgrader_student_copy(path: Path):
    from nbconvert.preprocessors import ClearOutputPreprocessor
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions
    from traitlets.config import Config

    nb = nbformat.read(path, as_version=4)
    config = Config()
    config.ClearSolutions.code_stub = {"python": CODE_STUB}  # enforce_metadata stays on
    resources: dict = {}
    for pp in (
        ClearSolutions(config=config),
        ClearHiddenTests(config=config),
        ClearOutputPreprocessor(),
    ):
        nb, resources = pp.preprocess(nb, resources)
    return nb


@pytest.mark.parametrize("path", SOLUTIONS, ids=NAMES)
def test_nbgraders_own_stripping_gives_the_same_student_copy(path):
    ours = nbformat.read(ROOT / "exercises" / path.name, as_version=4)
    theirs = _nbgrader_student_copy(path)
    assert [(c.cell_type, c.source) for c in theirs.cells] == [
        (c.cell_type, c.source) for c in ours.cells
    ]
    assert student_copy(nbformat.read(path, as_version=4)).cells == ours.cells
    stubs = [c.source for c in ours.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert stubs and all(s.endswith((CODE_STUB, TEXT_STUB)) for s in stubs)
    assert not any("BEGIN" in c.source or "assert ex.check" in c.source for c in ours.cells)


@pytest.mark.parametrize("path", SOLUTIONS, ids=NAMES)
def test_nbgraders_metadata_validator_accepts_the_notebooks(path):
    from nbgrader.nbgraderformat import MetadataValidator

    for nb in (nbformat.read(path, as_version=4), student_copy(nbformat.read(path, 4))):
        MetadataValidator().validate_nb(nb)
        grades = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert grades and all(c.metadata["nbgrader"]["points"] == 1 for c in grades)


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    # nbgrader runs the `alembic` script of its environment to create the gradebook
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_nbgrader_releases_and_autogrades_the_notebooks_as_they_are(tmp_path):
    """The whole nbgrader round trip on exercise 01, as a lecturer would run it."""
    course = tmp_path / "course"
    (course / "source" / "ex01").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        'c.CourseDirectory.course_id = "crmkit"\n'
        f'c.ClearSolutions.code_stub = {{"python": "{CODE_STUB}"}}\n'
    )
    name = "01_what_is_crm.ipynb"
    shutil.copy(ROOT / "solutions" / name, course / "source" / "ex01" / name)
    out = _nbgrader(course, "generate_assignment", "ex01", "--force")
    assert out.returncode == 0, out.stderr[-3000:]
    released = nbformat.read(course / "release" / "ex01" / name, as_version=4)
    ours = nbformat.read(ROOT / "exercises" / name, as_version=4)
    assert [c.source for c in released.cells] == [c.source for c in ours.cells]

    for student, source in (("alice", ROOT / "solutions"), ("bob", ROOT / "exercises")):
        (course / "submitted" / student / "ex01").mkdir(parents=True)
        shutil.copy(source / name, course / "submitted" / student / "ex01" / name)
    out = _nbgrader(course, "autograde", "ex01", "--force", "--create")
    assert out.returncode == 0, out.stderr[-3000:]

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {
            student: {
                g.name: g.score
                for g in gb.find_submission("ex01", student).notebooks[0].grades
                if not g.needs_manual_grade and g.name.endswith("-check")
            }
            for student in ("alice", "bob")
        }
    assert scores["alice"] == {f"q01-{k}-check": 1.0 for k in (1, 2, 3, 4)}
    assert scores["bob"] == {f"q01-{k}-check": 0.0 for k in (1, 2, 3, 4)}
