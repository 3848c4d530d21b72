"""Exercises that regenerate the student's company: ``ex.dataset_seed`` and question 07.4.

Question 07.4 compares the stratified estimate of the loyalty programme's effect with the
true effect, which only a regeneration of the *same* company without the programme can show.
A student on a personal dataset must therefore regenerate from their own seed, which
``ex.dataset_seed()`` gives; these tests check that it does, that the regeneration really is
the student's company, and that the lecture's seed (42) is not accepted in its place.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io

import pandas as pd
import pytest

from crmkit import data, loyalty
from crmkit import exercises as ex
from crmkit.exercises import _session, q07
from crmkit.exercises._session import DEFAULT_SEED, N_CUSTOMERS, dataset, seed_of

STUDENT = "98123456"


@pytest.fixture(autouse=True)
def _fresh_session(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMKIT_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("CRMKIT_GRADE_LOG", raising=False)
    monkeypatch.setattr(_session, "_STATE", _session._State())


def _start(notebook, student=None):
    with contextlib.redirect_stdout(io.StringIO()):
        return ex.start(notebook, student=student)


def test_dataset_seed_is_the_seed_start_chose():
    assert ex.dataset_seed() == DEFAULT_SEED  # before any start: the default dataset
    _start("07", STUDENT)
    # the seed test_exercises.py pins (the first four bytes of sha256(b'98123456'))
    assert ex.dataset_seed() == seed_of(STUDENT) == 1249673178
    _start("07")
    assert ex.dataset_seed() == DEFAULT_SEED == 42


def test_regenerating_from_dataset_seed_gives_the_students_own_tables():
    tables = _start("07", STUDENT)
    again = data.generate(ex.dataset_seed(), len(tables["customers"]))
    assert len(tables["customers"]) == N_CUSTOMERS
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(again[name], frame, obj=name)


def _bias_removed(tables, seed):
    no_programme = dataclasses.replace(data.PLANTED, loyalty_churn_hr=1.0)
    without = data.generate(seed, len(tables["customers"]), planted=no_programme)
    truth = loyalty.compare_with_truth(
        tables["customers"], tables["order_lines"], without["order_lines"]
    )
    return truth.bias_removed


def test_07_4_accepts_the_students_own_regeneration_and_not_the_lectures():
    tables = _start("07", STUDENT)
    own = _bias_removed(tables, ex.dataset_seed())
    assert ex.check("07.4", own, quiet=True).correct
    lectures = _bias_removed(tables, DEFAULT_SEED)  # the lecture's data.generate(42, ...)
    result = ex.check("07.4", lectures, quiet=True)
    assert not result.correct and result.status in ("incorrect", "mistake"), result


def test_07_4_regenerates_once_per_dataset():
    tables = dataset(seed_of(STUDENT))
    first = q07._without(tables)
    assert q07._without(tables) is first  # cached on the dataset, not regenerated per check
