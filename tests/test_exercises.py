"""The exercises' checks, hints and progress (crmkit.exercises), on three datasets.

Every check must accept the solution's answer, computed by the solution notebook's own code,
on the course's default dataset and on two personal ones (a student number and a Persian
name), and recognise each of its named mistakes, recomputed on the same dataset, with that
mistake's message. A mistake whose value cannot be told apart from the answer (or from
another mistake) on a dataset would make the check say the wrong thing, so that is a
failure too.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from crmkit import exercises as ex
from crmkit.exercises import _session
from crmkit.exercises._questions import Choice, Number, Question, Tables, judge
from crmkit.exercises._session import dataset, exercises, seed_of

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
#: The default dataset, a student number and a Persian name (with the Persian yeh).
DATASETS = (None, "98123456", "زهرا احمدی")
DATASET_IDS = ("default", "number", "persian-name")
QUESTIONS = [q for e in exercises().values() for q in e.questions]
CHECKED = [q for q in QUESTIONS if q.checked]
MISTAKES = [(q, m) for q in CHECKED for m in q.mistakes]


def _seed(student):
    return None if student is None else seed_of(student)


def _quiet(fn, *args, **kwargs):
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args, **kwargs)


@pytest.fixture(autouse=True)
def _own_progress_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMKIT_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("CRMKIT_GRADE_LOG", raising=False)
    _session._STATE.results.clear()


@cache
def solution_answers(exercise_id: str, student: str | None) -> dict[str, object]:
    """Run the solution notebook's code cells in this process on a dataset; the answers."""
    exercise = exercises()[exercise_id]
    nb = nbformat.read(SOLUTIONS / exercise.file, as_version=4)
    namespace: dict[str, object] = {}
    answers = {}
    for cell in nb.cells:
        meta = cell.metadata.get("crmkit", {})
        if cell.cell_type != "code" or meta.get("role") not in ("start", "answer"):
            continue
        source = cell.source
        if meta["role"] == "start":
            assert "student=None" in source
            source = source.replace("student=None", f"student={student!r}")
        _quiet(exec, compile(source, f"{exercise.file}:{meta}", "exec"), namespace)
        if meta["role"] == "answer":
            answers[meta["question"]] = namespace["answer"]
    return answers


def _check_on(student, qid, answer):
    _quiet(ex.start, qid.split(".")[0], student=student)
    return ex.check(qid, answer, quiet=True)


# --------------------------------------------------------------------------- accept


@pytest.mark.parametrize("student", DATASETS, ids=DATASET_IDS)
@pytest.mark.parametrize("question", CHECKED, ids=[q.id for q in CHECKED])
def test_the_solution_answer_is_accepted(question, student):
    answer = solution_answers(question.notebook, student)[question.id]
    result = _check_on(student, question.id, answer)
    assert result.status == "correct", result
    assert result.message.startswith("Correct.")


@pytest.mark.parametrize("student", DATASETS, ids=DATASET_IDS)
@pytest.mark.parametrize(
    ("question", "mistake"), MISTAKES, ids=[f"{q.id}-{m.name}" for q, m in MISTAKES]
)
def test_each_named_mistake_gets_its_own_message(question, mistake, student):
    wrong = mistake.wrong(dataset(_seed(student)))
    result = _check_on(student, question.id, wrong)
    assert (result.status, result.mistake) == ("mistake", mistake.name), result
    assert result.message == mistake.message


@pytest.mark.parametrize("student", DATASETS, ids=DATASET_IDS)
@pytest.mark.parametrize("question", CHECKED, ids=[q.id for q in CHECKED])
def test_mistakes_differ_from_the_answer_and_from_each_other(question, student):
    tables = dataset(_seed(student))
    expected = question.expected(tables)
    values = {m.name: m.wrong(tables) for m in question.mistakes}
    assert len(question.mistakes) >= 2, "at least two named mistakes per question"
    if isinstance(question, Choice):
        assert expected in question.options
        assert expected not in values.values()
        assert len(set(values.values())) == len(values)
        return
    tol = question.tolerance(float(expected))
    for name, value in values.items():
        assert math.isfinite(value), name
        assert abs(value - expected) > 2 * tol, (name, value, expected)
    scale = {m.name: m.scale for m in question.mistakes}
    names = list(values)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            gap = abs(values[a] - values[b])
            assert gap > 2 * tol * max(scale[a], scale[b]), (a, b, values[a], values[b])


def test_the_datasets_really_differ():
    default = dataset(None)["order_lines"]["revenue"].sum()
    personal = [dataset(seed_of(s))["order_lines"]["revenue"].sum() for s in DATASETS[1:]]
    assert len({default, *personal}) == 3


# --------------------------------------------------------------------------- wrong types


@dataclass(frozen=True)
class _SomeResult:
    retention: float
    churn: float


NOT_NUMBERS = {
    "text": "0.25",
    "percent-text": "15%",
    "words": "about a quarter",
    "bool": True,
    "series-1": pd.Series([0.2]),
    "series-many": pd.Series([0.2, 0.3], index=["before", "after"]),
    "dataframe": pd.DataFrame({"before": [0.2], "after": [0.3]}),
    "list": [0.2, 0.3],
    "dict": {"after": 0.3},
    "array": np.array([0.2, 0.3]),
    "nan": float("nan"),
    "inf": np.inf,
    "result-object": _SomeResult(0.8, 0.2),
    "object": object(),
    "na": pd.NA,
}


@pytest.mark.parametrize("kind", list(NOT_NUMBERS))
@pytest.mark.parametrize(
    "question", [q for q in CHECKED if isinstance(q, Number)], ids=lambda q: q.id
)
def test_a_number_question_explains_a_wrong_kind_of_answer(question, kind):
    result = _check_on(None, question.id, NOT_NUMBERS[kind])
    assert result.status == "invalid", result
    assert result.message.startswith(f"The question asks for {question.unit}")
    assert "\n" not in result.message and "Traceback" not in result.message


def test_messages_name_what_was_given():
    qid = "01.1"
    messages = {k: _check_on(None, qid, v).message for k, v in NOT_NUMBERS.items()}
    assert "a Series holding one value" in messages["series-1"]
    assert "'before', 'after'" in messages["series-many"]
    assert "a table (a DataFrame of 1 row and 2 columns)" in messages["dataframe"]
    assert "result.retention" in messages["result-object"]
    assert "NaN" in messages["nan"]
    assert "a number in quotes" in messages["text"]


@pytest.mark.parametrize("answer", [None, ...])
@pytest.mark.parametrize("question", CHECKED, ids=lambda q: q.id)
def test_none_and_the_stub_are_not_answered_yet(question, answer):
    result = _check_on(None, question.id, answer)
    assert result.status == "unanswered"
    assert "not answered yet" in result.text


@pytest.mark.parametrize("answer", [2, "z", "", pd.Series(["b"]), None])
@pytest.mark.parametrize(
    "question", [q for q in CHECKED if isinstance(q, Choice)], ids=lambda q: q.id
)
def test_a_choice_question_explains_a_wrong_kind_of_answer(question, answer):
    result = _check_on(None, question.id, answer)
    expected = "unanswered" if answer is None else "invalid"
    assert result.status == expected, result


@pytest.mark.parametrize("spelling", ["B", " b ", "(b)", "b)", "'b'"])
def test_a_choice_accepts_the_letter_however_written(spelling):
    assert _check_on(None, "01.4", spelling).correct


def test_a_choice_accepts_the_option_text():
    assert _check_on(None, "01.4", exercises()["01"].question("01.4").options["b"]).correct


def test_numpy_and_integer_answers_are_numbers():
    expected = exercises()["01"].question("01.3").expected(dataset(None))
    assert _check_on(None, "01.3", np.float32(expected)).status in ("correct", "mistake")
    assert _check_on(None, "01.3", np.array(expected)).correct
    assert _check_on(None, "01.3", 1).status == "incorrect"


def test_a_rounded_answer_is_told_to_keep_decimals():
    expected = exercises()["01"].question("01.1").expected(dataset(None))
    result = _check_on(None, "01.1", expected + 0.003)  # e.g. 0.1562 given as 0.159
    assert (result.status, result.mistake) == ("mistake", "rounding")


def test_an_unknown_question_is_a_sentence_not_an_error():
    result = _check_on(None, "01.9", 0.5)
    assert result.status == "invalid" and "no question '01.9'" in result.message
    assert ex.check(42, 0.5, quiet=True).status == "invalid"


def test_a_broken_check_is_reported_as_the_kits_fault():
    def broken(tables):
        raise KeyError("churn_rate")

    q = Number(id="01.1", title="t", hints=("a", "b", "c"), expected=broken, mistakes=())
    v = _session.verdict(q, 0.5, None)
    assert v.status == "error" and "not your mistake" in v.message


def test_check_without_start_uses_the_default_dataset(monkeypatch):
    monkeypatch.setattr(_session, "_STATE", _session._State())
    answer = solution_answers("01", None)["01.1"]
    result = ex.check("01.1", answer, quiet=True)
    assert result.correct and "run ex.start" in result.message


def test_the_check_judges_the_pristine_tables_not_the_students_copy():
    tables = _quiet(ex.start, "01")
    tables["order_lines"]["order_date"] = pd.Timestamp("2022-01-01")  # ruin the copy
    assert ex.check("01.1", solution_answers("01", None)["01.1"], quiet=True).correct


def test_check_shows_the_message_and_a_hint_pointer(capsys):
    _quiet(ex.start, "01")
    ex.check("01.1", 0.99)
    out = capsys.readouterr().out
    assert out.startswith("✘ 01.1 Not yet.") and "ex.hint('01.1')" in out


# --------------------------------------------------------------------------- hints


def _formats(value: float) -> set[str]:
    out = set()
    for digits in (1, 2, 3, 4):
        out.add(f"{value:.{digits}f}")
        out.add(f"{100 * value:.{digits}f}")
    return {s for s in out if len(s.strip("0.-")) >= 2}


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_three_hints_from_nudge_to_method(question, capsys):
    assert len(question.hints) == 3 and len(set(question.hints)) == 3
    for level in (1, 2, 3):
        shown = ex.hint(question.id, level)
        assert (shown.level, shown.text) == (level, question.hints[level - 1])
    assert ex.hint(question.id).level == 1
    assert "last hint" in ex.hint(question.id, 7).text
    assert ex.hint(question.id, 0).level == 0
    assert f"Hint 3 of 3 for {question.id}" in capsys.readouterr().out


@pytest.mark.parametrize("question", CHECKED, ids=lambda q: q.id)
def test_no_hint_gives_the_answer_away(question):
    text = " ".join(question.hints)
    for student in DATASETS:
        expected = question.expected(dataset(_seed(student)))
        if isinstance(question, Choice):
            pattern = rf"(['\"(]{expected}['\")]|\b(option|answer)\s+{expected}\b)"
            assert not re.search(pattern, text, flags=re.I), pattern
            assert question.options[expected] not in text
        else:
            leaked = {s for s in _formats(float(expected)) if s in text}
            assert not leaked, leaked


def test_a_reflection_passed_to_check_is_not_judged():
    result = _check_on(None, "01.5", "Roll it out to a random half of the stores first.")
    assert result.status == "answered" and "not checked automatically" in result.message


def test_hint_for_an_unknown_question():
    assert ex.hint("01.9").level == 0


# --------------------------------------------------------------------------- progress


def _progress_file() -> Path:
    return _session._progress_path()


def test_progress_remembers_results_across_sessions():
    _quiet(ex.start, "01")
    ex.check("01.1", solution_answers("01", None)["01.1"], quiet=True)
    ex.check("01.2", 0.0, quiet=True)
    saved = json.loads(_progress_file().read_text(encoding="utf-8"))
    assert saved["datasets"]["42"]["questions"]["01.1"]["status"] == "correct"
    _session._STATE.results.clear()  # a new session: only the file remembers
    shown = _quiet(ex.progress, "01")
    assert shown.status["01.1"] == "correct"
    assert shown.status["01.2"] == "incorrect"
    assert shown.status["01.3"] == "not answered"
    assert shown.done == ["01.1"]


def test_an_unsolved_cell_does_not_erase_earlier_work():
    _quiet(ex.start, "01")
    ex.check("01.1", solution_answers("01", None)["01.1"], quiet=True)
    ex.check("01.1", ..., quiet=True)
    _session._STATE.results.clear()
    assert _quiet(ex.progress, "01").status["01.1"] == "correct"


def test_progress_is_per_dataset():
    _quiet(ex.start, "01")
    ex.check("01.1", solution_answers("01", None)["01.1"], quiet=True)
    _quiet(ex.start, "01", student="98123456")
    assert _quiet(ex.progress).status["01.1"] == "not answered"


def test_progress_survives_a_deleted_file():
    _quiet(ex.start, "01")
    ex.check("01.1", solution_answers("01", None)["01.1"], quiet=True)
    _progress_file().unlink()
    _session._STATE.results.clear()
    assert _quiet(ex.progress, "01").status["01.1"] == "not answered"
    ex.check("01.2", 0.0, quiet=True)
    assert json.loads(_progress_file().read_text(encoding="utf-8"))["datasets"]


@pytest.mark.parametrize(
    "content", ["{not json", "[1, 2]", '{"datasets": []}', '{"datasets": {"42": 7}}', ""]
)
def test_progress_survives_a_corrupted_file(content, capsys):
    _progress_file().write_text(content, encoding="utf-8")
    _quiet(ex.start, "01")
    shown = ex.progress("01")
    assert "unreadable" in capsys.readouterr().out
    assert shown.status["01.1"] == "not answered"
    ex.check("01.1", solution_answers("01", None)["01.1"], quiet=True)
    saved = json.loads(_progress_file().read_text(encoding="utf-8"))
    assert saved["datasets"]["42"]["questions"]["01.1"]["status"] == "correct"


def test_progress_that_cannot_be_saved_is_not_an_error(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("CRMKIT_PROGRESS", str(blocker / "progress.json"))
    monkeypatch.setattr(_session, "_STATE", _session._State())
    _quiet(ex.start, "01")
    assert ex.check("01.1", solution_answers("01", None)["01.1"], quiet=True).correct
    assert "cannot be saved" in capsys.readouterr().out
    assert _quiet(ex.progress, "01").status["01.1"] == "correct"  # this session still knows


def test_progress_lists_reflections_without_checking_them():
    _quiet(ex.start, "01")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        shown = ex.progress("01")
    assert "01.5" not in shown.status and "✎ 01.5" in out.getvalue()


def test_progress_of_an_unknown_notebook():
    assert _quiet(ex.progress, "77").status == {}


# --------------------------------------------------------------------------- datasets


def test_seed_of_is_the_documented_sha256():
    digest = hashlib.sha256(b"zahraahmadi").hexdigest()
    assert seed_of("Zahra Ahmadi") == int(digest[:8], 16)
    # A pinned value: changing the normalisation or the hash would move every student's
    # dataset (and their grades); this test says so first.
    assert seed_of("98123456") == int(hashlib.sha256(b"98123456").hexdigest()[:8], 16)
    assert seed_of("98123456") == 1249673178


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zahra Ahmadi ", "zahra ahmadi"),
        ("ZAHRA  AHMADI", "Zahra-Ahmadi"),
        ("زهرا احمدي", "زهرا احمدی"),  # Arabic yeh (U+064A) and Persian yeh (U+06CC)
        ("كيان", "کیان"),  # Arabic kaf and yeh, as Faker's fa_IR names have them
        ("ﺯﻫﺮﺍ ﺍﺣﻤﺪﯼ", "زهرا احمدی"),  # Arabic presentation forms (copied from a PDF)
        ("محمد‌رضا", "محمدرضا"),  # with a zero-width non-joiner
        ("محمد رضا", "محمدرضا"),
        ("فاطمة", "فاطمه"),  # teh marbuta
        ("۹۸۱۲۳۴۵۶", "98123456"),  # Persian digits
        ("٩٨١٢٣٤٥٦", "98123456"),  # Arabic-Indic digits
        ("98-123-456", 98123456),
        ("Алёна Смирнова", "алена смирнова"),
    ],
)
def test_spelling_variants_give_one_seed(a, b):
    assert seed_of(a) == seed_of(b)


def test_different_students_get_different_seeds():
    names = ["زهرا احمدی", "زهرا محمدی", "98123456", "98123457", "Zahra Ahmadi", "Zahra Ahmad"]
    assert len({seed_of(n) for n in names}) == len(names)


@pytest.mark.parametrize("bad", ["", "  ", "‌", "!!"])
def test_a_student_without_letters_or_digits_is_refused(bad):
    with pytest.raises(ValueError, match="no letters or digits"):
        seed_of(bad)


@pytest.mark.parametrize("bad", [None, True, 3.5, ["a"]])
def test_a_student_of_the_wrong_type_is_refused(bad):
    with pytest.raises(TypeError, match="student number or your name"):
        seed_of(bad)


def test_start_prints_the_dataset_and_returns_copies(capsys):
    tables = ex.start("02", student="Zahra Ahmadi")
    out = capsys.readouterr().out
    assert f"seed {seed_of('zahra ahmadi')}" in out and "Zahra Ahmadi" in out
    assert len(tables["customers"]) == 2000
    assert tables["customers"] is not dataset(seed_of("zahra ahmadi"))["customers"]
    assert isinstance(dataset(None), Tables) and dataset(None).seed == 42
    ex.start(1)
    assert "the course's default (seed 42)" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["99", "1a", None, 3.0, True])
def test_start_refuses_an_unknown_notebook(bad):
    with pytest.raises(ValueError, match="no exercises for notebook"):
        ex.start(bad)


def test_grade_log_lines_when_the_grader_asks(tmp_path, monkeypatch):
    log = tmp_path / "log.jsonl"
    monkeypatch.setenv("CRMKIT_GRADE_LOG", str(log))
    _quiet(ex.start, "01", student="98123456")
    ex.check("01.1", 0.5, quiet=True)
    ex.check("01.2", pd.Series([1.0]), quiet=True)
    start, first, second = (json.loads(line) for line in log.read_text().splitlines())
    assert start == {
        "event": "start",
        "notebook": "01",
        "seed": seed_of("98123456"),
        "default": False,
        "student": "98123456",
    }
    assert (first["question"], first["answer"], first["status"]) == ("01.1", 0.5, "incorrect")
    assert (second["answer"], second["status"]) == (None, "invalid")


# --------------------------------------------------------------------------- notebooks


@pytest.mark.parametrize("exercise", list(exercises().values()), ids=lambda e: e.id)
def test_each_solution_notebook_asks_the_questions_of_its_module(exercise):
    nb = nbformat.read(SOLUTIONS / exercise.file, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert nb.cells[0].source.startswith(f"# Exercises {exercise.id}: ")
    assert "**Time:**" in nb.cells[0].source
    for q in exercise.questions:
        assert f"### {q.id} {q.title}\n" in text, q.id
        if isinstance(q, Choice):
            for key, option in q.options.items():
                assert f"- **{key}** {option}" in text, (q.id, key)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert f'ex.start("{exercise.id}", student=None)' in code[0]
    assert code[-1] == f'ex.progress("{exercise.id}")'


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_question_records_are_complete(question: Question):
    assert re.fullmatch(r"\d\d\.\d+", question.id)
    assert question.title and all(h.strip() for h in question.hints)
    for m in getattr(question, "mistakes", ()):
        assert re.fullmatch(r"[a-z][a-z0-9_]*", m.name)
        assert m.message.endswith(".") and "\n" not in m.message


def test_judge_is_pure_on_an_unanswered_answer():
    q = exercises()["01"].question("01.1")
    assert judge(q, ..., None).status == "unanswered"  # no dataset needed
