"""Generate ``exercises/`` from ``solutions/``, the single source (nbformat only).

A solution notebook marks what the student must write the way nbgrader does:

- an answer cell holds ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` around the code that
  computes ``answer = ...``; the student's copy gets :data:`CODE_STUB` instead, at the same
  indentation (so an unsolved notebook still runs, and its check says "not answered yet");
- a reflection's answer is a Markdown cell with the same markers around the model answer;
  the student's copy gets :data:`TEXT_STUB`;
- a check cell may end with ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` (an
  ``assert`` for lecturers who grade with nbgrader); the student's copy drops the region.

:func:`annotate` derives every cell's metadata from the notebook's content (nbgrader's
``solution``/``grade``/``locked``/``points``/``grade_id`` and the kit's own
``crmkit.role``/``crmkit.question``), so an author writes cells and markers and never edits
metadata by hand. :func:`student_copy` then does what nbgrader's ``ClearSolutions`` (with
``code_stub`` set to :data:`CODE_STUB`), ``ClearHiddenTests`` and ``ClearOutput`` do; a test
runs nbgrader itself on every solution and compares.

Run ``python -m crmkit.exercises build`` (or ``python3 kit.py exercises``) after editing a
solution; ``--check`` only reports what is out of date.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"

#: What replaces a code solution region in the student's copy.
CODE_STUB = "answer = ...  # YOUR CODE HERE"
#: What replaces a Markdown solution region (nbgrader's default text stub).
TEXT_STUB = "YOUR ANSWER HERE"
BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"

_HEADING = re.compile(r"^#{2,4}\s+(\d\d\.\d+)\b")
_CHECK = re.compile(r"""\bcheck\(\s*["'](\d\d\.\d+)["']""")
#: Cell metadata that only records a run; the student's copy drops it.
_RUN_METADATA = ("execution", "collapsed", "scrolled")


def _nbformat():
    import nbformat

    return nbformat


def _source(cell) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def _grade_id(qid: str, role: str) -> str:
    nn, k = qid.split(".")
    return f"q{nn}-{k}-{role}"


def _nbgrader(*, grade: bool, solution: bool, locked: bool, grade_id: str, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


def annotate(nb, exercise_id: str):
    """A copy of a solution notebook with every cell's metadata derived from its content.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A solution notebook.
    exercise_id : str
        Its two digits (``"01"``), from the file name.

    Returns
    -------
    nbformat.NotebookNode
        The annotated copy (the input is not changed).

    Raises
    ------
    ValueError
        If a solution region is outside a question's section, or a check names another
        question than its section's heading. (:func:`build` also checks that the questions
        are those of ``crmkit/exercises/qNN.py``.)

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("### 01.1 Churn"),
    ...     nbformat.v4.new_code_cell("### BEGIN SOLUTION\\nanswer = 0.2\\n### END SOLUTION"),
    ...     nbformat.v4.new_code_cell('ex.check("01.1", answer)')])
    >>> out = annotate(nb, "01")
    >>> out.cells[1].metadata["crmkit"], out.cells[2].metadata["nbgrader"]["points"]
    ({'question': '01.1', 'role': 'answer'}, 1)
    """
    nb = copy.deepcopy(nb)
    nb.metadata["crmkit"] = {"exercise": exercise_id}
    nb.metadata.pop("celltoolbar", None)
    qid = None
    for index, cell in enumerate(nb.cells):
        text = _source(cell)
        cell.metadata.pop("nbgrader", None)
        cell.metadata.pop("crmkit", None)
        role = None
        if cell.cell_type == "markdown":
            heading = _HEADING.match(text)
            if heading:
                qid = heading.group(1)
                if not qid.startswith(f"{exercise_id}."):
                    raise ValueError(
                        f"cell {index}: question {qid} is in the exercises of notebook "
                        f"{exercise_id}; number its questions {exercise_id}.1, {exercise_id}.2 ..."
                    )
            if BEGIN_SOLUTION in text:
                role = "reflection"
                cell.metadata["nbgrader"] = _nbgrader(
                    grade=True,
                    solution=True,
                    locked=False,
                    grade_id=_grade_id(_need(qid, index), "answer"),
                    points=1,
                )
        elif cell.cell_type == "code":
            checked = _CHECK.search(text)
            if BEGIN_SOLUTION in text:
                role = "answer"
                cell.metadata["nbgrader"] = _nbgrader(
                    grade=False,
                    solution=True,
                    locked=False,
                    grade_id=_grade_id(_need(qid, index), "answer"),
                )
            elif checked:
                role = "check"
                if checked.group(1) != _need(qid, index):
                    raise ValueError(
                        f"cell {index} checks {checked.group(1)} but is in the section of "
                        f"question {qid}; check the question the section is about."
                    )
                cell.metadata["nbgrader"] = _nbgrader(
                    grade=True,
                    solution=False,
                    locked=True,
                    grade_id=_grade_id(qid, "check"),
                    points=1,
                )
            elif re.search(r"\bex\.start\(", text):
                role = "start"
            elif re.search(r"\bex\.progress\(", text):
                role = "progress"
        if role is not None:
            meta = {"question": qid} if role not in ("start", "progress") else {}
            cell.metadata["crmkit"] = {**meta, "role": role}
    return nb


def _need(qid: str | None, index: int) -> str:
    if qid is None:
        raise ValueError(
            f"cell {index} has a solution or a check before the first question heading; "
            f"start each question with a Markdown heading such as '### 01.1 Title'."
        )
    return qid


def _check_questions(nb, exercise_id: str) -> None:
    """The notebook's questions are those of its module, each with the cells it needs."""
    from crmkit.exercises._session import exercises

    exercise = exercises().get(exercise_id)
    if exercise is None:
        raise ValueError(
            f"there is no question module crmkit/exercises/q{exercise_id}.py for notebook "
            f"{exercise_id}; write it first (CONTRIBUTING.md, 'Adding an exercise')."
        )
    roles: dict[str, set[str]] = {}
    for cell in nb.cells:
        meta = cell.metadata.get("crmkit", {})
        if "question" in meta:
            roles.setdefault(meta["question"], set()).add(meta["role"])
    for q in exercise.questions:
        need = {"answer", "check"} if q.checked else {"reflection"}
        have = roles.pop(q.id, set())
        if have != need:
            raise ValueError(
                f"question {q.id} ({q.kind}) needs the cells {sorted(need)} in "
                f"solutions/{exercise.file} but has {sorted(have)}."
            )
    if roles:
        raise ValueError(
            f"solutions/{exercise.file} has questions {sorted(roles)} that "
            f"crmkit/exercises/q{exercise_id}.py does not define."
        )


def _replace_region(text: str, begin: str, end: str, stub: str | None) -> str:
    """Drop the lines from a line containing ``begin`` to one containing ``end``; put the
    stub's lines, at the begin line's indentation, in their place (nbgrader's rules)."""
    out, inside = [], False
    for line in text.split("\n"):
        if begin in line:
            if inside:
                raise ValueError(f"nested '{begin}' in:\n{text}")
            inside = True
            if stub is not None:
                indent = re.match(r"\s*", line).group(0)
                out.extend(indent + s for s in stub.split("\n"))
        elif end in line:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"'{begin}' without '{end}' in:\n{text}")
    return "\n".join(out)


def student_copy(nb):
    """The exercise notebook made from an (annotated) solution notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A solution notebook, annotated by :func:`annotate`.

    Returns
    -------
    nbformat.NotebookNode
        A copy with solution regions replaced by the stubs, hidden tests removed, outputs,
        execution counts and run metadata cleared.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "# churn after\\n### BEGIN SOLUTION\\nanswer = 0.2\\n### END SOLUTION")])
    >>> nb.cells[0].metadata["nbgrader"] = {"solution": True}
    >>> print(student_copy(nb).cells[0].source)
    # churn after
    answer = ...  # YOUR CODE HERE
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("celltoolbar", None)
    for cell in nb.cells:
        text = _source(cell)
        stub = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
        replaced = _replace_region(text, BEGIN_SOLUTION, END_SOLUTION, stub)
        if replaced == text and cell.metadata.get("nbgrader", {}).get("solution"):
            replaced = stub  # nbgrader: a solution cell without markers is all solution
        cell.source = _replace_region(replaced, BEGIN_HIDDEN, END_HIDDEN, None)
        for key in _RUN_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def _text(nb) -> str:
    """The notebook as nbformat.write saves it (ending with a newline)."""
    text = _nbformat().writes(nb)
    return text if text.endswith("\n") else text + "\n"


def _exercise_id(path: Path) -> str:
    match = re.match(r"(\d\d)_", path.name)
    if not match:
        raise ValueError(f"{path.name}: a solution notebook is named NN_topic.ipynb")
    return match.group(1)


def build(*, check: bool = False, solutions: Path = SOLUTIONS, exercises: Path = EXERCISES):
    """Annotate the solutions and write the exercises; return the files out of date.

    Parameters
    ----------
    check : bool, default False
        Only report: write nothing.
    solutions, exercises : pathlib.Path
        The folders (the repository's by default).

    Returns
    -------
    list of pathlib.Path
        The files that were (or, with ``check``, would be) written or deleted.

    Examples
    --------
    >>> out_of_date = build(check=True)  # [] when exercises/ is in step with solutions/
    """
    nbformat = _nbformat()
    changed = []
    expected = set()
    for path in sorted(solutions.glob("[0-9][0-9]_*.ipynb")):
        text = path.read_text(encoding="utf-8")
        annotated = annotate(nbformat.reads(text, as_version=4), _exercise_id(path))
        _check_questions(annotated, _exercise_id(path))
        annotated_text = _text(annotated)
        if annotated_text != text:
            changed.append(path)
            if not check:
                path.write_text(annotated_text, encoding="utf-8")
        target = exercises / path.name
        expected.add(target.name)
        student_text = _text(student_copy(annotated))
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != student_text:
            changed.append(target)
            if not check:
                target.write_text(student_text, encoding="utf-8")
    for stale in sorted(exercises.glob("[0-9][0-9]_*.ipynb")):
        if stale.name not in expected:
            changed.append(stale)
            if not check:
                stale.unlink()
    return changed
