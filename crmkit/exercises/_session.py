"""The student's side: choose a dataset, check answers, ask for hints, see progress.

State lives in this module for the kernel's lifetime (the dataset chosen by :func:`start`,
the results of this session) and in a small JSON file for progress across sessions
(``.crmkit-progress.json`` next to the notebook, or the file named by the environment
variable ``CRMKIT_PROGRESS``). When the grader runs a notebook it sets ``CRMKIT_GRADE_LOG``:
:func:`start` and :func:`check` then append one JSON line each to that file.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib
import json
import math
import numbers
import os
import pkgutil
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from crmkit.exercises._questions import (
    Exercise,
    Question,
    Tables,
    Verdict,
    is_unanswered,
    judge,
)

#: The seed of the course's default dataset (the committed ``data/`` folder).
DEFAULT_SEED = 42
#: Customers in a personal dataset (the same size as the default one).
N_CUSTOMERS = 2000
#: Environment variables: the progress file, and the grader's log.
PROGRESS_ENV = "CRMKIT_PROGRESS"
GRADE_LOG_ENV = "CRMKIT_GRADE_LOG"
PROGRESS_FILE = ".crmkit-progress.json"

# Arabic letter forms Persian keyboards and Faker produce, mapped to the Persian letters,
# and the Russian ё written as е (both are common in typed names).
_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي Arabic yeh -> ی Persian yeh
        "\u0649": "\u06cc",  # ى alef maksura -> ی
        "\u0643": "\u06a9",  # ك Arabic kaf -> ک keheh
        "\u0629": "\u0647",  # ة teh marbuta -> ه heh
        "\u0451": "\u0435",  # ё -> е
    }
)


# --------------------------------------------------------------------------- registry


@functools.cache
def exercises() -> dict[str, Exercise]:
    """Every exercise notebook's questions, from the modules ``crmkit.exercises.qNN``."""
    package = importlib.import_module("crmkit.exercises")
    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        if re.fullmatch(r"q\d\d", info.name):
            module = importlib.import_module(f"crmkit.exercises.{info.name}")
            found[module.EXERCISE.id] = module.EXERCISE
    return dict(sorted(found.items()))


def find_question(qid: object) -> Question | None:
    if not isinstance(qid, str):
        return None
    exercise = exercises().get(qid.split(".")[0])
    return exercise.question(qid.strip()) if exercise else None


def _notebook_id(notebook: object) -> str:
    """'01' from '01', '1', 1 or '01_what_is_crm'; raises ValueError for unknown ones."""
    text = str(notebook).strip() if isinstance(notebook, str | int) else ""
    if isinstance(notebook, bool):
        text = ""
    match = re.match(r"(\d{1,2})(?:_|\.ipynb|$)", text)
    nn = f"{int(match.group(1)):02d}" if match else None
    if nn not in exercises():
        known = ", ".join(repr(k) for k in exercises())
        raise ValueError(
            f"there are no exercises for notebook {notebook!r}; the exercise notebooks are "
            f"{known} (pass the two digits of the notebook, e.g. ex.start('01'))."
        )
    return nn


# --------------------------------------------------------------------------- datasets


def normalise_student(student: object) -> str:
    """The form of a student's name or number that :func:`seed_of` hashes.

    Unicode NFKC (which also turns Arabic presentation forms into plain letters), then
    lower case (``casefold``), Arabic ي ى ك ة as the Persian ی ی ک ه and ё as е, every digit
    (Persian ۱۲۳, Arabic-Indic ١٢٣) as its ASCII digit, and everything that is not a letter or
    a digit (spaces, ZWNJ, hyphens, dots, diacritics) removed.
    """
    if isinstance(student, bool) or not isinstance(student, str | numbers.Integral):
        raise TypeError(
            f"student must be your student number or your name (text or a whole number), "
            f"but is the {type(student).__name__} {student!r}."
        )
    text = unicodedata.normalize("NFKC", str(student)).casefold().translate(_LETTERS)
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Nd":
            kept.append(str(unicodedata.digit(ch)))
        elif category[0] in "LN":
            kept.append(ch)
    out = "".join(kept)
    if not out:
        raise ValueError(
            f"student {student!r} has no letters or digits; pass your student number or your "
            f"name, e.g. ex.start('01', student='98123456')."
        )
    return out


def seed_of(student: str | int) -> int:
    """The seed of a student's personal dataset: a stable hash of their name or number.

    Parameters
    ----------
    student : str or int
        A student number or a name. Spelling variants give the same seed: case, spaces,
        punctuation, Persian or Arabic letter forms and digits (see Notes).

    Returns
    -------
    int
        A seed from 0 to 2**32 - 1, the same on every computer and in every Python version.

    Raises
    ------
    TypeError
        If ``student`` is neither text nor a whole number.
    ValueError
        If it has no letter or digit.

    Notes
    -----
    The seed is the first four bytes of the SHA-256 digest of the normalised text, read as
    a big-endian integer: ``int(hashlib.sha256(norm.encode("utf-8")).hexdigest()[:8], 16)``.
    The normalisation applies Unicode NFKC (Arabic presentation forms become plain
    letters), ``casefold``, maps Arabic ي ى ك ة to Persian ی ی ک ه and ё to е, turns every
    decimal digit (Persian, Arabic-Indic) into its ASCII digit, and drops every character
    that is not a letter or a digit (spaces, zero-width non-joiners, hyphens, diacritics).

    Examples
    --------
    >>> from crmkit.exercises import seed_of
    >>> seed_of("Zahra Ahmadi ") == seed_of("zahra ahmadi")
    True
    >>> seed_of("زهرا احمدي") == seed_of("زهرا احمدی")  # Arabic and Persian yeh
    True
    >>> seed_of("۹۸۱۲۳۴۵۶") == seed_of(98123456)  # Persian digits
    True
    """
    norm = normalise_student(student)
    return int(hashlib.sha256(norm.encode("utf-8")).hexdigest()[:8], 16)


@functools.lru_cache(maxsize=4)
def dataset(seed: int | None) -> Tables:
    """The pristine tables of a dataset (``None``: the course's default), cached.

    The checks judge answers on these; students get copies from :func:`start`.
    """
    from crmkit import data

    if seed is None:
        return Tables(data.load_all(), seed=DEFAULT_SEED, student=None)
    return Tables(data.generate(seed=seed, n_customers=N_CUSTOMERS), seed=seed, student=None)


@dataclass
class _State:
    notebook: str | None = None
    seed: int | None = None  # None: the default dataset
    student: str | None = None
    results: dict[tuple[int, str], str] = field(default_factory=dict)
    warned_progress: bool = False


_STATE = _State()


def _current_seed() -> int:
    return DEFAULT_SEED if _STATE.seed is None else _STATE.seed


def start(notebook: str | int, student: str | int | None = None) -> dict:
    """Choose the dataset of an exercise notebook and return its tables.

    Parameters
    ----------
    notebook : str or int
        The exercise notebook, by its two digits (``"01"``).
    student : str or int, optional
        Your student number or your name. ``None`` (the default) uses the course's
        dataset, the one the lectures show; with a student, a personal dataset of the same
        company, with the same planted effects but your own numbers, is generated from
        :func:`seed_of` (it takes a fraction of a second).

    Returns
    -------
    dict of str to pandas.DataFrame
        The eleven tables (a fresh copy: change them as you like, the checks use their own).

    Raises
    ------
    ValueError
        If the notebook has no exercises, or ``student`` has no letter or digit.
    TypeError
        If ``student`` is neither text nor a whole number.

    Examples
    --------
    >>> from crmkit import exercises as ex
    >>> tables = ex.start("01")
    Dataset: the course's default (seed 42), 2,000 customers, 2022-01-01 to 2024-12-31. For numbers of your own, pass your student number or name: ex.start('01', student='...').
    >>> tables["customers"].shape
    (2000, 11)
    """
    nn = _notebook_id(notebook)
    seed = None if student is None else seed_of(student)
    tables = dataset(seed)
    _STATE.notebook, _STATE.seed = nn, seed
    _STATE.student = None if student is None else str(student).strip()
    n = len(tables["customers"])
    from crmkit.data import OBSERVATION_END, OBSERVATION_START

    first, last = OBSERVATION_START.date(), OBSERVATION_END.date()
    if seed is None:
        print(
            f"Dataset: the course's default (seed {DEFAULT_SEED}), {n:,} customers, {first} to "
            f"{last}. For numbers of your own, pass your student number or name: "
            f"ex.start('{nn}', student='...')."
        )
    else:
        print(
            f"Dataset: personal, for student {_STATE.student!r} (seed {seed}), {n:,} customers, "
            f"{first} to {last}: the same company and planted effects as the course's data, "
            f"with numbers of your own."
        )
    _log(
        {
            "event": "start",
            "notebook": nn,
            "seed": _current_seed(),
            "default": seed is None,
            "student": _STATE.student,
        }
    )
    return {name: frame.copy() for name, frame in tables.items()}


def dataset_seed() -> int:
    """The seed of the dataset :func:`start` chose, to regenerate the same company.

    A question may ask what the data would have been with another planted truth (notebook
    07 regenerates the company without the loyalty programme's effect). That needs the
    seed of *your* dataset: ``data.generate(ex.dataset_seed(), len(tables["customers"]),
    planted=...)`` is your company again, with the change.

    Returns
    -------
    int
        The seed :func:`start` printed: 42 for the course's default dataset (also before
        any :func:`start`), :func:`seed_of` of the student for a personal one.

    Notes
    -----
    The default dataset (the committed ``data/`` folder) is ``data.generate(42, 2000)``;
    a personal one is ``data.generate(seed_of(student), 2000)``.

    Examples
    --------
    >>> from crmkit import exercises as ex
    >>> tables = ex.start("01", student="98123456")  # doctest: +ELLIPSIS
    Dataset: personal, for student '98123456' (seed 1249673178), ...
    >>> ex.dataset_seed() == ex.seed_of("98123456")
    True
    """
    return _current_seed()


# --------------------------------------------------------------------------- output


_SYMBOL = {
    "correct": "✔",
    "mistake": "✘",
    "incorrect": "✘",
    "unanswered": "…",
    "invalid": "?",
    "error": "⚠",
    "answered": "✎",
}
_LABEL = {
    "correct": "",
    "mistake": "Not yet. ",
    "incorrect": "Not yet. ",
    "unanswered": "",
    "invalid": "Not a usable answer. ",
    "error": "",
    "answered": "",
}
# Colour-blind-safe (ColorBrewer Dark2); the symbol and the words carry the meaning too.
_COLOUR = {
    "correct": "#1b9e77",
    "mistake": "#d95f02",
    "incorrect": "#d95f02",
    "unanswered": "#7570b3",
    "invalid": "#e6ab02",
    "error": "#e7298a",
    "answered": "#666666",
}


def _html(status: str, head: str, text: str) -> str:
    body = html.escape(text)
    body = re.sub(r"`([^`]+)`", r"<code>\1</code>", body)
    colour = _COLOUR.get(status, "#666666")
    return (
        f'<div style="border-left: 4px solid {colour}; padding: 0.2em 0.7em; margin: 0.2em 0;">'
        f"<strong>{html.escape(head)}</strong> {body}</div>"
    )


def _show(status: str, head: str, text: str) -> None:
    """Show a message: rich (HTML with a coloured bar) in Jupyter, plain text elsewhere."""
    plain = f"{head} {text}"
    shell = sys.modules.get("IPython")
    ip = shell.get_ipython() if shell is not None else None
    if ip is None or type(ip).__name__ == "TerminalInteractiveShell":
        print(plain)
        return
    from IPython.display import display

    display({"text/plain": plain, "text/html": _html(status, head, text)}, raw=True)


@dataclass(frozen=True)
class Result:
    """The verdict of :func:`check` on one answer.

    Attributes
    ----------
    question : str
        The question's id (``"03.2"``).
    status : str
        ``"correct"``, ``"mistake"`` (a known mistake, named in ``mistake``),
        ``"incorrect"``, ``"unanswered"``, ``"invalid"`` (not the kind of answer asked for),
        ``"error"`` (the check itself failed) or ``"answered"`` (a reflection, not judged).
    mistake : str or None
        The name of the recognised mistake.
    message : str
        The sentence shown to the student.
    """

    question: str
    status: str
    mistake: str | None
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def text(self) -> str:
        """The message as one line of plain text, as :func:`check` shows it."""
        return f"{self._head()} {self.message}"

    def _head(self) -> str:
        return (
            f"{_SYMBOL.get(self.status, '')} {self.question} {_LABEL.get(self.status, '')}".strip()
        )

    def _ipython_display_(self) -> None:
        """Nothing: :func:`check` has already shown the message."""


# --------------------------------------------------------------------------- files


def _progress_path() -> Path:
    return Path(os.environ.get(PROGRESS_ENV) or Path.cwd() / PROGRESS_FILE)


def _read_progress() -> tuple[dict, bool]:
    """The progress file's content, and whether it was unreadable (then started afresh)."""
    path = _progress_path()
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"version": 1, "datasets": {}}, False
    except (OSError, ValueError):
        return {"version": 1, "datasets": {}}, True
    if not isinstance(content, dict) or not isinstance(content.get("datasets"), dict):
        return {"version": 1, "datasets": {}}, True
    for entry in content["datasets"].values():
        if not isinstance(entry, dict) or not isinstance(entry.get("questions", {}), dict):
            return {"version": 1, "datasets": {}}, True
    return content, False


def _write_progress(content: dict) -> None:
    path = _progress_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".crmkit-progress-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(content, out, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, path)
    except OSError:
        if not _STATE.warned_progress:
            _STATE.warned_progress = True
            print(f"(Progress cannot be saved in {path}; your checks still work.)")


def _remember(result: Result) -> None:
    """Keep an answered result in the session and in the progress file."""
    if result.status == "unanswered":
        return  # running an unsolved cell never erases earlier work
    seed = _current_seed()
    _STATE.results[(seed, result.question)] = result.status
    content, _ = _read_progress()
    entry = content["datasets"].setdefault(str(seed), {"questions": {}})
    entry.setdefault("questions", {})[result.question] = {
        "status": result.status,
        "mistake": result.mistake,
    }
    if _STATE.student is not None:
        entry["student"] = _STATE.student
    content["last_dataset"] = str(seed)
    _write_progress(content)


def _log(record: dict) -> None:
    """Append one JSON line to the grader's log, when the grader runs this notebook."""
    path = os.environ.get(GRADE_LOG_ENV)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError:
        pass


def _loggable(answer: object) -> object:
    """The answer as JSON (a number or a string), or None when it is neither."""
    if isinstance(answer, bool) or answer is None or answer is Ellipsis:
        return None
    if isinstance(answer, str):
        return answer
    if isinstance(answer, numbers.Real):
        value = float(answer)
        return value if math.isfinite(value) else None
    return None


# --------------------------------------------------------------------------- check


def verdict(question: Question, answer: object, seed: int | None) -> Verdict:
    """Judge an answer on a dataset, turning a failure of the check itself into an error."""
    try:
        tables = None if is_unanswered(answer) else dataset(seed)
        return judge(question, answer, tables)
    except Exception as exc:  # a broken check must not look like the student's fault
        return Verdict(
            "error",
            None,
            f"The check itself failed ({type(exc).__name__}: {exc}); this is not your "
            f"mistake, please tell your lecturer.",
        )


def check(qid: str, answer: object, *, quiet: bool = False) -> Result:
    """Check an answer on your dataset, and say what is right or which mistake it looks like.

    Parameters
    ----------
    qid : str
        The question's id, as in its heading (``"03.2"``).
    answer : object
        Your answer: a number, or the letter of an option. ``...`` (the stub of the
        exercise notebook) or ``None`` means "not answered yet".
    quiet : bool, default False
        Return the result without showing it (for nbgrader's hidden tests).

    Returns
    -------
    Result
        ``status``, ``mistake`` and ``message`` (also shown, unless ``quiet``).

    Notes
    -----
    The right answer is computed on the dataset chosen by :func:`start` (the course's
    default if ``start`` was not called), and so are the typical mistakes: a number close
    to one of them gets that mistake's message. The check never raises on an answer; a
    wrong kind of answer (text, a Series, a table) gets a sentence saying what is expected.

    Examples
    --------
    >>> from crmkit import exercises as ex
    >>> tables = ex.start("01")
    Dataset: the course's default (seed 42), ...
    >>> result = ex.check("01.1", ...)
    … 01.1 not answered yet: replace the `...` in the answer cell with your answer and run both cells again.
    >>> result.status
    'unanswered'
    """
    question = find_question(qid)
    if question is None:
        result = Result(
            str(qid),
            "invalid",
            None,
            f"There is no question {qid!r}; use the id in the question's heading, e.g. "
            f"ex.check('01.1', answer).",
        )
    else:
        v = verdict(question, answer, _STATE.seed)
        message = v.message
        if _STATE.notebook is None and v.status not in ("unanswered", "invalid"):
            message += " (Checked on the course's default dataset: run ex.start(...) first.)"
        result = Result(question.id, v.status, v.mistake, message)
    _remember(result)
    _log(
        {
            "event": "check",
            "question": result.question,
            "seed": _current_seed(),
            "status": result.status,
            "mistake": result.mistake,
            "message": result.message,
            "answer": _loggable(answer),
        }
    )
    if not quiet:
        extra = ""
        if result.status in ("mistake", "incorrect"):
            extra = f" Stuck? ex.hint('{result.question}')."
        _show(result.status, result._head(), result.message + extra)
    return result


# --------------------------------------------------------------------------- hints


@dataclass(frozen=True)
class Hint:
    """A hint shown by :func:`hint`: the question, the level (1-3) and the text."""

    question: str
    level: int
    text: str

    def _ipython_display_(self) -> None:
        """Nothing: :func:`hint` has already shown it."""


def hint(qid: str, level: int = 1) -> Hint:
    """Show a hint for a question: level 1 a nudge, 2 the tool, 3 the method.

    Parameters
    ----------
    qid : str
        The question's id (``"03.2"``).
    level : int, default 1
        1, 2 or 3. No hint gives the answer away.

    Returns
    -------
    Hint
        The hint (also shown).

    Examples
    --------
    >>> from crmkit import exercises as ex
    >>> h = ex.hint("01.1")  # doctest: +ELLIPSIS
    Hint 1 of 3 for 01.1: Customer loss is one of the HSE (2007) effectiveness indicators, ...
    >>> h.level
    1
    """
    question = find_question(qid)
    if question is None:
        text = f"There is no question {qid!r}; use the id in the question's heading."
        shown = Hint(str(qid), 0, text)
        _show("invalid", "?", text)
        return shown
    if isinstance(level, bool) or not isinstance(level, numbers.Integral) or level < 1:
        text = f"Ask for level 1, 2 or 3, e.g. ex.hint('{question.id}', 2)."
        _show("invalid", f"? {question.id}", text)
        return Hint(question.id, 0, text)
    n = len(question.hints)
    chosen = min(int(level), n)
    text = question.hints[chosen - 1]
    if int(level) > n:
        text += f" (That is the last hint; there are {n}.)"
    _show("unanswered", f"Hint {chosen} of {n} for {question.id}:", text)
    return Hint(question.id, chosen, text)


# --------------------------------------------------------------------------- progress


@dataclass(frozen=True)
class Progress:
    """What :func:`progress` showed: the dataset's seed and each question's status."""

    seed: int
    status: dict[str, str]

    @property
    def done(self) -> list[str]:
        return [q for q, s in self.status.items() if s == "correct"]

    def _ipython_display_(self) -> None:
        """Nothing: :func:`progress` has already shown it."""


def progress(notebook: str | int | None = None) -> Progress:
    """Show which questions are done on your dataset, remembered across sessions.

    Parameters
    ----------
    notebook : str or int, optional
        The exercise notebook (``"01"``); by default the one :func:`start` chose, or all.

    Returns
    -------
    Progress
        The seed and each question's last status (``"not answered"`` if never checked).

    Notes
    -----
    Results are kept per dataset in ``.crmkit-progress.json`` in the notebook's folder (or
    the file named by the environment variable ``CRMKIT_PROGRESS``): no server, no account.
    A deleted file starts afresh; an unreadable one is replaced by a new one. Running a
    check on an unsolved cell never erases an earlier result. Reflections are listed but
    not checked.

    Examples
    --------
    >>> from crmkit import exercises as ex
    >>> p = ex.progress("01")  # doctest: +ELLIPSIS
    Progress on exercises 01 (dataset seed ...
    """
    try:
        nns = [_notebook_id(notebook)] if notebook is not None else None
    except ValueError as exc:
        _show("invalid", "?", str(exc))
        return Progress(_current_seed(), {})
    if nns is None:
        nns = [_STATE.notebook] if _STATE.notebook else list(exercises())
    seed = _current_seed()
    content, unreadable = _read_progress()
    saved = content["datasets"].get(str(seed), {}).get("questions", {})
    status: dict[str, str] = {}
    lines = []
    for nn in nns:
        for q in exercises()[nn].questions:
            if not q.checked:
                lines.append(f"  ✎ {q.id} {q.title} (open question: write it in the notebook)")
                continue
            entry = saved.get(q.id)
            last = entry.get("status") if isinstance(entry, dict) else None
            last = _STATE.results.get((seed, q.id), last) or "not answered"
            status[q.id] = last
            mark = {"correct": "✔", "not answered": "·"}.get(last, "✘")
            note = {"correct": "", "not answered": " (not answered yet)"}.get(
                last, " (tried, not right yet)"
            )
            lines.append(f"  {mark} {q.id} {q.title}{note}")
    done = sum(s == "correct" for s in status.values())
    which = ", ".join(nns)
    head = f"Progress on exercises {which} (dataset seed {seed}): {done} of {len(status)} done."
    if unreadable:
        head += " (The progress file was unreadable and has been started afresh.)"
        _write_progress(content)
    text = "\n".join(lines)
    shell = sys.modules.get("IPython")
    ip = shell.get_ipython() if shell is not None else None
    if ip is None or type(ip).__name__ == "TerminalInteractiveShell":
        print(head + "\n" + text)
    else:
        from IPython.display import display

        rows = "".join(f"<li>{html.escape(line.strip())}</li>" for line in lines)
        display(
            {
                "text/plain": head + "\n" + text,
                "text/html": f"<div><strong>{html.escape(head)}</strong>"
                f'<ul style="list-style: none; padding-left: 1em;">{rows}</ul></div>',
            },
            raw=True,
        )
    return Progress(seed, status)
