"""Exercises with feedback on your own data: ``start``, ``check``, ``hint``, ``progress``.

Every exercise notebook in ``exercises/`` begins with::

    from crmkit import exercises as ex

    tables = ex.start("01", student=None)  # your student number or name

which loads the course's dataset, or (with a student number or name) a personal dataset of
the same company: the same planted effects, numbers of your own (:func:`seed_of`). Each
question is followed by ``ex.check("01.1", answer)``, which computes the right answer *and*
the typical wrong ones on that same dataset, so it says "correct" or names the mistake you
probably made (churn confused with retention, a percentage for a proportion, the wrong
window...) without giving the answer away. ``ex.hint("01.1", level=1)`` to ``level=3`` goes
from a nudge to the method; ``ex.progress("01")`` shows what is done, remembered in a small
local file.

For lecturers: ``python -m crmkit.exercises grade SUBMISSIONS --out results`` grades a
folder of students' notebooks (see ``exercises/README.md``); ``python -m crmkit.exercises
build`` regenerates ``exercises/`` from ``solutions/``. The questions of notebook NN live in
``crmkit/exercises/qNN.py`` (CONTRIBUTING, "Adding an exercise").

Examples
--------
>>> from crmkit import exercises as ex
>>> tables = ex.start("02", student="Zahra Ahmadi")  # doctest: +ELLIPSIS
Dataset: personal, for student 'Zahra Ahmadi' (seed ...), 2,000 customers, ...
>>> result = ex.check("02.1", "0.6")  # doctest: +ELLIPSIS
? 02.1 Not a usable answer. The question asks for one number ...
>>> result.status
'invalid'
"""

from crmkit.exercises._questions import (
    Choice,
    Exercise,
    Mistake,
    Number,
    Reflection,
    Tables,
)
from crmkit.exercises._session import (
    Hint,
    Progress,
    Result,
    check,
    dataset_seed,
    hint,
    progress,
    seed_of,
    start,
)

__all__ = [
    "start",
    "seed_of",
    "dataset_seed",
    "check",
    "hint",
    "progress",
    "Result",
    "Hint",
    "Progress",
    "Number",
    "Choice",
    "Reflection",
    "Mistake",
    "Exercise",
    "Tables",
]
