"""Grading a class folder (crmkit.exercises.grade): the CSVs for a realistic mix of files.

The folder holds a good submission, a partly wrong one that was renamed (and raises in one
answer), a broken file, one that hangs and a PDF. Each notebook runs in its own kernel with a
short time limit per cell; the test checks the three CSV files row by row, and that no
submission was modified.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import nbformat
import pytest

from crmkit.exercises import seed_of
from crmkit.exercises.__main__ import main
from crmkit.exercises._session import exercises
from crmkit.exercises.build import TEXT_STUB
from crmkit.exercises.grade import find_submissions, grade

ROOT = Path(__file__).resolve().parents[1]
NAME = "01_what_is_crm.ipynb"
CELL_TIMEOUT = 10  # seconds per cell: plenty for exercise 01's cells, short for the hang
Q = {q.id: q for q in exercises()["01"].questions}
UNANSWERED = (
    "not answered yet: replace the `...` in the answer cell with your answer and run both "
    "cells again."
)


def _model_answer_words() -> int:
    nb = nbformat.read(ROOT / "solutions" / NAME, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("crmkit", {}).get("role") == "reflection")
    return len(cell.source.replace(TEXT_STUB, " ").split())


def _correct(qid: str) -> str:
    return f"Correct. {Q[qid].takeaway}"


def _mistake(qid: str, name: str) -> str:
    return next(m.message for m in Q[qid].mistakes if m.name == name)


def _with(nb, student: str, answers: dict[str, str]):
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        meta = cell.metadata.get("crmkit", {})
        if meta.get("role") == "start":
            cell.source = cell.source.replace("student=None", f"student={student!r}")
        if meta.get("role") == "answer" and meta["question"] in answers:
            cell.source = answers[meta["question"]]
    return nb


HSE = 'lifecycle.hse_indicators(tables["customers"], tables["order_lines"])'


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    solution = nbformat.read(ROOT / "solutions" / NAME, as_version=4)
    exercise = nbformat.read(ROOT / "exercises" / NAME, as_version=4)
    for student in ("alice", "bob", "carol", "dave", "erin"):
        (folder / student).mkdir()
    nbformat.write(_with(solution, "alice", {}), folder / "alice" / NAME)
    bob = {
        "01.1": f'answer = 1 - {HSE}.loc["churn_rate", "after"]',  # retention for churn
        "01.2": f'answer = 100 * {HSE}.loc["repeat_sales_share", "change"]',  # right
        "01.3": 'answer = hse.loc["new_customers_per_month", "after"]',  # hse undefined
        "01.4": 'answer = "a"',  # the causal claim
    }
    nbformat.write(_with(exercise, "bob", bob), folder / "bob" / "homework 1.ipynb")
    (folder / "carol" / NAME).write_text(json.dumps(exercise)[:4000], encoding="utf-8")
    hang = {"01.2": "import time\n\ntime.sleep(600)\nanswer = 1"}
    nbformat.write(_with(exercise, "dave", hang), folder / "dave" / NAME)
    (folder / "erin" / "01_what_is_crm.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*.*")}
    out = tmp_path_factory.mktemp("results")
    code = main([
        "grade", str(folder), "--out", str(out), "--cell-timeout", str(CELL_TIMEOUT), "--progress", "off"
    ])  # fmt: skip
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*.*")}
    return code, out, before, after


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_the_command_succeeds_and_modifies_no_submission(graded):
    code, out, before, after = graded
    assert code == 0
    assert before == after
    assert sorted(p.name for p in out.iterdir()) == [
        "by_question.csv",
        "by_student.csv",
        "results.csv",
    ]


def test_results_csv_has_a_row_per_question_and_a_status_for_each_problem(graded):
    _, out, _, _ = graded
    a, b, d = seed_of("alice"), seed_of("bob"), seed_of("dave")
    row = "{},{},01,{},{},{},{},{}".format
    expected = [
        *[row("alice", f"alice/{NAME}", a, q, "correct", "", _correct(q)) for q in Q if q != "01.5"],
        row("alice", f"alice/{NAME}", a, "01.5", "answered", "",
            f"{_model_answer_words()} words (read it: not auto-checked)"),
        row("bob", "bob/homework 1.ipynb", b, "01.1", "mistake", "retention_for_churn",
            _mistake("01.1", "retention_for_churn")),
        row("bob", "bob/homework 1.ipynb", b, "01.2", "correct", "", _correct("01.2")),
        row("bob", "bob/homework 1.ipynb", b, "01.3", "error", "",
            "the code raised NameError: name 'hse' is not defined"),
        row("bob", "bob/homework 1.ipynb", b, "01.4", "mistake", "causal_claim",
            _mistake("01.4", "causal_claim")),
        row("bob", "bob/homework 1.ipynb", b, "01.5", "unanswered", "", "no reflection written yet"),
        f"carol,carol/{NAME},,,,broken,,the file is not valid JSON: it is damaged or cut short",
        row("dave", f"dave/{NAME}", d, "01.1", "unanswered", "", UNANSWERED),
        row("dave", f"dave/{NAME}", d, "01.2", "timeout", "",
            f"a cell ran past the time limit of one cell ({CELL_TIMEOUT} s)"),
        row("dave", f"dave/{NAME}", d, "01.3", "not_run", "",
            f"not run: a cell ran past the time limit of one cell ({CELL_TIMEOUT} s)"),
        row("dave", f"dave/{NAME}", d, "01.4", "not_run", "",
            f"not run: a cell ran past the time limit of one cell ({CELL_TIMEOUT} s)"),
        row("dave", f"dave/{NAME}", d, "01.5", "unanswered", "", "no reflection written yet"),
        "erin,erin/01_what_is_crm.pdf,,,,not_a_notebook,,not a Jupyter notebook (a .pdf file)",
    ]  # fmt: skip
    rows = _rows(out / "results.csv")
    assert list(rows[0]) == [
        "student", "file", "exercise", "seed", "question", "status", "mistake", "message"
    ]  # fmt: skip
    assert [",".join(r.values()) for r in rows] == expected


def test_by_student_csv(graded):
    _, out, _, _ = graded
    rows = {r["student"]: r for r in _rows(out / "by_student.csv")}
    pick = ("exercise", "dataset", "submission", "correct", "mistakes", "incorrect",
            "unanswered", "other", "questions", "score", "reflections")  # fmt: skip
    assert {s: tuple(r[c] for c in pick) for s, r in rows.items()} == {
        "alice": ("01", "own", "graded", "4", "0", "0", "0", "0", "4", "1.0", "1"),
        "bob": ("01", "own", "graded", "1", "2", "0", "0", "1", "4", "0.25", "0"),
        "carol": ("", "", "broken", "", "", "", "", "", "", "", ""),
        "dave": ("01", "own", "timeout", "0", "0", "0", "1", "3", "4", "0.0", "0"),
        "erin": ("", "", "not_a_notebook", "", "", "", "", "", "", "", ""),
    }
    assert rows["alice"]["seed"] == str(seed_of("alice"))
    assert rows["bob"]["note"] == f"renamed (the exercise is {NAME})"
    assert rows["dave"]["note"] == (
        f"a cell ran past the time limit of one cell ({CELL_TIMEOUT} s) at cell 8 (question 01.2)"
    )
    assert rows["carol"]["note"] == "the file is not valid JSON: it is damaged or cut short"


def test_by_question_csv_names_the_class_mistakes(graded):
    _, out, _, _ = graded
    rows = {r["question"]: r for r in _rows(out / "by_question.csv")}
    pick = ("submissions", "answered", "correct", "share_correct", "mistakes", "unanswered",
            "other", "top_mistakes")  # fmt: skip
    assert {q: tuple(r[c] for c in pick) for q, r in rows.items()} == {
        "01.1": ("3", "2", "1", "0.333", "1", "1", "0", "retention_for_churn: 1"),
        "01.2": ("3", "2", "2", "0.667", "0", "0", "1", ""),
        "01.3": ("3", "1", "1", "0.333", "0", "0", "2", ""),
        "01.4": ("3", "2", "1", "0.333", "1", "0", "1", "causal_claim: 1"),
        "01.5": ("3", "1", "", "", "", "2", "0", ""),
    }
    assert rows["01.5"]["kind"] == "reflection" and rows["01.1"]["title"] == Q["01.1"].title


def test_students_are_named_by_folder_or_by_file(tmp_path):
    for name in ("98123456.ipynb", "zahra_01_what_is_crm.ipynb", "Ali Rezaei - 02.ipynb"):
        (tmp_path / name).write_text("{}")
    (tmp_path / "sara" / "week1").mkdir(parents=True)
    (tmp_path / "sara" / "week1" / "anything.ipynb").write_text("{}")
    (tmp_path / "sara" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "sara" / ".ipynb_checkpoints" / "anything-checkpoint.ipynb").write_text("{}")
    found = {(s, p.name) for s, p in find_submissions(tmp_path)}
    assert found == {
        ("98123456", "98123456.ipynb"),
        ("zahra", "zahra_01_what_is_crm.ipynb"),
        ("Ali Rezaei 02", "Ali Rezaei - 02.ipynb"),
        ("sara", "anything.ipynb"),
    }


def test_a_missing_folder_is_an_error_message(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "nope")]) == 2
    assert "no folder" in capsys.readouterr().err
    with pytest.raises(FileNotFoundError):
        grade(tmp_path / "nope")
