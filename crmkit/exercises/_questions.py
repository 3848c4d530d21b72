"""Question records, and how an answer is judged against a dataset.

Everything here is pure: no printing, no files. :mod:`crmkit.exercises._session` shows the
verdicts and remembers them; the grader calls :func:`judge` directly.

A question is a small declarative record (:class:`Number`, :class:`Choice` or
:class:`Reflection`). Its ``expected(tables)`` computes the right answer on *one* dataset
with ``crmkit`` calls, and each :class:`Mistake` recomputes one typical wrong variant on the
same dataset, so a student's answer is recognised on their own numbers.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

#: What a question asks for, as ``kind``.
KINDS = ("number", "choice", "reflection")

#: Every status a check can give (the grader adds its own, see ``grade.STATUSES``).
STATUSES = ("correct", "mistake", "incorrect", "unanswered", "invalid", "error", "answered")

#: The generic mistake of a number that is close to the right one but outside the tolerance.
ROUNDING = "rounding"
ROUNDING_MESSAGE = (
    "Very close, but not within the tolerance: it looks rounded too early; keep more decimals "
    "(or do not round at all)."
)


class Tables(dict):
    """The tables of one dataset (a dict of DataFrames), with a cache for the checks.

    The checks never see a student's copy: they run on a pristine ``Tables`` of the same
    seed, so an answer computed from a modified table is still judged on the real data.
    ``seed`` is the dataset's seed (42 for the course's default), ``student`` the name or
    number it was made from (``None`` for the default).
    """

    def __init__(self, tables: Mapping[str, pd.DataFrame], *, seed: int, student: str | None):
        super().__init__(tables)
        self.seed = seed
        self.student = student
        self.memo: dict[str, Any] = {}


def shared(fn: Callable[[Tables], Any]) -> Callable[[Tables], Any]:
    """Cache ``fn(tables)`` on the tables, for computations several questions share.

    Used as a decorator in the question modules (``@shared def _hse(t): ...``), so that the
    HSE table is computed once per dataset, however many questions and mistakes use it.
    On a plain dict (no cache) it just calls ``fn``.
    """
    key = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def cached(tables):
        memo = getattr(tables, "memo", None)
        if memo is None:
            return fn(tables)
        if key not in memo:
            memo[key] = fn(tables)
        return memo[key]

    return cached


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: its name, how to recompute it, and what to tell the student.

    Attributes
    ----------
    name : str
        Short identifier, reported by the check and counted by the grader
        (``"retention_for_churn"``, ``"percent"``).
    wrong : callable
        ``wrong(tables)`` recomputes the wrong variant on the student's dataset: a number
        for a :class:`Number`, an option key for a :class:`Choice`.
    message : str
        One friendly sentence that names the mistake without giving the answer.
    scale : float, default 1
        The wrong variant's unit against the answer's, for matching it: its tolerance is
        the question's times ``scale`` (100 for a percentage given instead of a
        proportion, 1000 for a count of about a thousand given instead of a share).
    """

    name: str
    wrong: Callable[[Tables], Any]
    message: str
    scale: float = 1.0


@dataclass(frozen=True, kw_only=True)
class Question:
    """What every question has: an id (``"03.2"``), a title and three hints."""

    id: str
    title: str
    hints: tuple[str, str, str]
    kind: str = field(init=False, default="")

    @property
    def notebook(self) -> str:
        return self.id.split(".")[0]

    @property
    def checked(self) -> bool:
        """Whether a check judges it (reflections are read by people)."""
        return self.kind != "reflection"


@dataclass(frozen=True, kw_only=True)
class Number(Question):
    """A question whose answer is one number, accepted within a tolerance.

    ``abs_tol`` and ``rel_tol`` combine as ``|answer - expected| <= abs_tol + rel_tol *
    |expected|``. ``unit`` says what is asked in words ("a proportion between 0 and 1"),
    ``takeaway`` is the sentence shown with "Correct".
    """

    expected: Callable[[Tables], float]
    mistakes: tuple[Mistake, ...]
    unit: str = "a number"
    abs_tol: float = 0.0005
    rel_tol: float = 0.0
    takeaway: str = ""
    kind: str = field(init=False, default="number")

    def tolerance(self, expected: float) -> float:
        return self.abs_tol + self.rel_tol * abs(expected)


@dataclass(frozen=True, kw_only=True)
class Choice(Question):
    """A question answered with the key of one option (``"b"``).

    ``expected(tables)`` returns the right key, computed from the data where the right
    interpretation depends on it; each mistake's ``wrong(tables)`` returns a wrong key.
    """

    options: Mapping[str, str]
    expected: Callable[[Tables], str]
    mistakes: tuple[Mistake, ...]
    takeaway: str = ""
    kind: str = field(init=False, default="choice")


@dataclass(frozen=True, kw_only=True)
class Reflection(Question):
    """An open question, answered in a Markdown cell; not checked (the solution has a model
    answer)."""

    kind: str = field(init=False, default="reflection")


@dataclass(frozen=True)
class Exercise:
    """The questions of one exercise notebook (``id`` "01", ``file`` its notebook name)."""

    id: str
    file: str
    title: str
    questions: tuple[Question, ...]

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)


@dataclass(frozen=True)
class Verdict:
    """What a check decided: ``status`` (see :data:`STATUSES`), the ``mistake`` it
    recognised (or None) and the ``message`` for the student."""

    status: str
    mistake: str | None
    message: str


# --------------------------------------------------------------------------- answers


def _a(word: str) -> str:
    """'a Series', 'an int'."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _fields_of(answer: object) -> list[str]:
    """Numeric fields of a result object (a dataclass such as RetentionResult)."""
    return [
        f.name
        for f in dataclasses.fields(answer)
        if isinstance(getattr(answer, f.name), numbers.Real)
        and not isinstance(getattr(answer, f.name), bool)
    ]


def _not_a_number(answer: object, unit: str) -> str | None:
    """Why ``answer`` is not one usable number (a sentence), or None if it is one."""
    asked = f"The question asks for {unit}"
    if isinstance(answer, bool | np.bool_):
        return f"{asked}, but your answer is {bool(answer)} (yes/no); give the number itself."
    if isinstance(answer, pd.DataFrame):
        r, c = answer.shape
        return (
            f"{asked}, but your answer is a table (a DataFrame of {_plural(r, 'row')} and "
            f"{_plural(c, 'column')}); pick the one cell you need, e.g. "
            f"`table.loc[row, column]`."
        )
    if isinstance(answer, pd.Series):
        if len(answer) == 1:
            return (
                f"{asked}, but your answer is a Series holding one value; take the number out "
                f"of it, e.g. `answer = float(s.iloc[0])`."
            )
        shown = ", ".join(repr(i) for i in list(answer.index[:4]))
        more = ", ..." if len(answer) > 4 else ""
        return (
            f"{asked}, but your answer is a Series of {_plural(len(answer), 'value')} (labels "
            f"{shown}{more}); pick the one you need, e.g. `s.loc[label]`."
        )
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        return _not_a_number(answer.item(), unit)
    if isinstance(answer, list | tuple | set | dict | np.ndarray | pd.Index):
        kind = type(answer).__name__
        return (
            f"{asked}, but your answer is {_a(kind)} of {_plural(len(answer), 'value')}; give "
            f"one number."
        )
    if isinstance(answer, str):
        text = answer.strip()
        try:
            float(text.rstrip("%").replace(",", ""))
            looks = " (a number in quotes)"
        except ValueError:
            looks = ""
        return (
            f"{asked}, but your answer is text{looks}: {answer!r}; write the number without "
            f"quotes (and without a % sign), e.g. `answer = 0.25`."
        )
    if dataclasses.is_dataclass(answer) and not isinstance(answer, type):
        names = _fields_of(answer)
        which = f" (it has {', '.join(names)})" if names else ""
        return (
            f"{asked}, but your answer is a whole {type(answer).__name__} result; take the one "
            f"field you need from it, e.g. `result.{names[0] if names else 'field'}`{which}."
        )
    if answer is pd.NA or answer is pd.NaT:
        return f"{asked}, but your answer is a missing value ({answer}); check the selection."
    if not isinstance(answer, numbers.Real):
        return f"{asked}, but your answer is {_a(type(answer).__name__)}; give one number."
    value = float(answer)
    if math.isnan(value):
        return (
            f"{asked}, but your answer is NaN (not a number), usually the result of an empty "
            f"selection or of dividing by zero; check the filter and the column."
        )
    if math.isinf(value):
        return f"{asked}, but your answer is infinite, usually a division by zero."
    return None


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol * (1 + 1e-9)


def _option_key(answer: object, options: Mapping[str, str]) -> str | None:
    """The option a text answer names: its key ("b", "B", "(b)", "b)") or its full text."""
    if not isinstance(answer, str):
        return None
    text = answer.strip().strip("'\"").strip()
    bare = text.strip("().").strip().lower()
    keys = {k.lower(): k for k in options}
    if bare in keys:
        return keys[bare]
    for key, option in options.items():
        if text.lower() == option.strip().lower():
            return key
    return None


def _choice_problem(answer: object, options: Mapping[str, str]) -> str:
    keys = list(options)
    listed = ", ".join(repr(k) for k in keys[:-1]) + f" or {keys[-1]!r}"
    if isinstance(answer, str):
        return f"Answer with the letter of one option ({listed}); {answer!r} is not one of them."
    return (
        f"Answer with the letter of one option, as text ({listed}), e.g. "
        f"`answer = {keys[0]!r}`; your answer is {_a(type(answer).__name__)}."
    )


# --------------------------------------------------------------------------- judging


def is_unanswered(answer: object) -> bool:
    """None and ``...`` (the stub of the student's copy) mean "not answered yet"."""
    return answer is None or answer is Ellipsis


def judge(question: Question, answer: object, tables: Tables) -> Verdict:
    """Judge one answer on one dataset; never raises on the answer, only on broken
    question code (the caller turns that into an "error" verdict)."""
    if question.kind == "reflection":
        return Verdict(
            "unanswered" if is_unanswered(answer) else "answered",
            None,
            "Reflections are not checked automatically: compare yours with the model answer "
            "when your lecturer shares it.",
        )
    if is_unanswered(answer):
        return Verdict(
            "unanswered",
            None,
            "not answered yet: replace the `...` in the answer cell with your answer and run "
            "both cells again.",
        )
    if isinstance(question, Number):
        return _judge_number(question, answer, tables)
    if isinstance(question, Choice):
        return _judge_choice(question, answer, tables)
    raise TypeError(f"unknown question type {type(question).__name__}")


def _judge_number(q: Number, answer: object, tables: Tables) -> Verdict:
    problem = _not_a_number(answer, q.unit)
    if problem is not None:
        return Verdict("invalid", None, problem)
    value = float(answer.item() if isinstance(answer, np.ndarray) else answer)
    expected = float(q.expected(tables))
    tol = q.tolerance(expected)
    if _close(value, expected, tol):
        return Verdict("correct", None, f"Correct. {q.takeaway}".strip())
    best: tuple[float, Mistake] | None = None
    for m in q.mistakes:
        wrong = float(m.wrong(tables))
        if not math.isfinite(wrong) or _close(wrong, expected, tol):
            continue  # this variant cannot be told apart from the right answer here
        gap = abs(value - wrong) / m.scale
        if _close(value, wrong, tol * m.scale) and (best is None or gap < best[0]):
            best = (gap, m)
    if best is not None:
        return Verdict("mistake", best[1].name, best[1].message)
    if abs(value - expected) <= 10 * tol:
        return Verdict("mistake", ROUNDING, ROUNDING_MESSAGE)
    return Verdict(
        "incorrect",
        None,
        "Not what your data give, and not one of the usual mistakes either; re-read what the "
        "question asks (which customers, which period, which unit).",
    )


def _judge_choice(q: Choice, answer: object, tables: Tables) -> Verdict:
    key = _option_key(answer, q.options)
    if key is None:
        return Verdict("invalid", None, _choice_problem(answer, q.options))
    expected = q.expected(tables)
    if key == expected:
        return Verdict("correct", None, f"Correct. {q.takeaway}".strip())
    for m in q.mistakes:
        if m.wrong(tables) == key and key != expected:
            return Verdict("mistake", m.name, m.message)
    return Verdict(
        "incorrect",
        None,
        "Not the best reading of your data; look again at what each option claims.",
    )


# --------------------------------------------------------------------------- helpers


def percent_for_proportion(expected: Callable[[Tables], float]) -> Mistake:
    """The mistake of giving a percentage (25) where a proportion (0.25) is asked."""
    return Mistake(
        "percent",
        lambda t: 100 * expected(t),
        "That looks like a percentage; the question asks for a proportion between 0 and 1 "
        "(0.25, not 25).",
        scale=100,
    )


def proportion_for_points(expected: Callable[[Tables], float]) -> Mistake:
    """The mistake of giving a proportion (0.05) where percentage points (5) are asked."""
    return Mistake(
        "proportion",
        lambda t: expected(t) / 100,
        "That looks like a difference of proportions; the question asks for percentage points "
        "(a change from 0.20 to 0.25 is 5 points, not 0.05).",
        scale=0.01,
    )


def option(key: str) -> Callable[[Tables], str]:
    """``wrong`` of a :class:`Choice` mistake that is one fixed option, whatever the data."""
    return lambda tables: key
