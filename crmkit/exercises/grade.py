"""Grade a folder of students' exercise notebooks into CSV files (for lecturers).

``python -m crmkit.exercises grade SUBMISSIONS --out results`` finds every file under
``SUBMISSIONS`` (one folder per student, ``SUBMISSIONS/<student>/<any name>.ipynb``, or files
directly in it named after the student), and for each notebook:

1. reads it (the submission itself is never modified: a copy is executed, in memory and in
   a temporary folder);
2. finds its exercise from the notebook's metadata (``crmkit.exercise``), so a renamed file
   is still graded (and reported as renamed), falling back to its file name or its
   ``ex.start("NN")`` call;
3. executes it in a fresh kernel with a time limit for the whole notebook and one for each
   cell (errors in a cell do not stop the run, they are attributed to their question; a
   cell past its limit stops it, and the questions after it are "not_run"); ``ex.start`` and every
   ``ex.check`` write one JSON line to a log the grader reads back;
4. judges every logged answer again, in the grader's own process, on the dataset of the
   seed the notebook used (so the verdicts are the kit's, not whatever ran in the kernel).

It writes ``results.csv`` (one row per student, file and question), ``by_student.csv`` (one
row per submission: the dataset used, the counts, the score, notes such as "renamed") and
``by_question.csv`` (per question: the share correct and the mistakes the class made most).
A broken, hanging, renamed or non-notebook file is a row with a status, never the end of the
run. Students' code runs with your permissions, as with nbgrader: grade in an account or
container that holds nothing you would not show a student.
"""

from __future__ import annotations

import atexit
import copy
import csv
import json
import logging
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from crmkit.exercises._questions import Exercise
from crmkit.exercises._session import (
    DEFAULT_SEED,
    GRADE_LOG_ENV,
    PROGRESS_ENV,
    exercises,
    find_question,
    seed_of,
    verdict,
)
from crmkit.exercises.build import BEGIN_SOLUTION, TEXT_STUB

#: Columns of the three CSV files.
RESULT_COLUMNS = ("student", "file", "exercise", "seed", "question", "status", "mistake", "message")
STUDENT_COLUMNS = (
    "student",
    "file",
    "exercise",
    "seed",
    "dataset",
    "submission",
    "correct",
    "mistakes",
    "incorrect",
    "unanswered",
    "other",
    "questions",
    "score",
    "reflections",
    "note",
)
QUESTION_COLUMNS = (
    "exercise",
    "question",
    "title",
    "kind",
    "submissions",
    "answered",
    "correct",
    "share_correct",
    "mistakes",
    "incorrect",
    "unanswered",
    "other",
    "top_mistakes",
)
#: Statuses of a question in results.csv, beyond those of a check (correct, mistake,
#: incorrect, unanswered, invalid, error): ``answered`` (a reflection was written),
#: ``missing`` (no check ran: the check cell was deleted), ``timeout`` (its cell hit the time
#: limit), ``not_run`` (the notebook stopped before it). A file that cannot be graded is one
#: row with an empty question and ``broken``, ``not_a_notebook``, ``unknown_exercise`` or
#: ``error`` (the kernel could not run it).
SUBMISSION_PROBLEMS = ("broken", "not_a_notebook", "unknown_exercise", "error")
_ANSWERED = {"correct", "mistake", "incorrect", "invalid", "answered"}
MAX_BYTES = 20_000_000


@dataclass
class _Run:
    """What executing one notebook left behind."""

    notebook: object = None  # the executed copy
    log: list[dict] = field(default_factory=list)
    stopped_at: int | None = None  # cell index where the run stopped early
    stop_reason: str | None = None  # "timeout" or "error"
    stop_message: str = ""


def _student_from_name(stem: str) -> str:
    """'alice' from 'alice_01_what_is_crm'; the whole stem if no exercise name is in it."""
    cleaned = stem
    for exercise in exercises().values():
        cleaned = cleaned.replace(Path(exercise.file).stem, " ")
    cleaned = re.sub(r"[\s_.\-]+", " ", cleaned).strip()
    return cleaned or stem


def find_submissions(folder: Path, exclude: Path | None = None) -> list[tuple[str, Path]]:
    """Every file under ``folder`` as (student, path): the first sub-folder names the
    student, or the file name does for files at the top. Hidden files and Jupyter's
    checkpoints are skipped."""
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if not path.is_file() or any(p.startswith(".") for p in rel.parts):
            continue
        if exclude is not None and exclude in path.resolve().parents:
            continue
        student = rel.parts[0] if len(rel.parts) > 1 else _student_from_name(path.stem)
        found.append((student, path))
    return found


def _read_notebook(path: Path):
    """(notebook, problem): the notebook, or why the file is not one."""
    import nbformat

    looks_like = path.suffix.lower() == ".ipynb"
    if path.stat().st_size > MAX_BYTES:
        return None, ("broken" if looks_like else "not_a_notebook", "the file is too large")
    try:
        content = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        if not looks_like:
            kind = f"a {path.suffix} file" if path.suffix else "a file without an extension"
            return None, ("not_a_notebook", f"not a Jupyter notebook ({kind})")
        return None, ("broken", "the file is not valid JSON: it is damaged or cut short")
    try:
        nb = nbformat.reads(json.dumps(content), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several kinds for a wrong structure
        if not looks_like:
            return None, ("not_a_notebook", "not a Jupyter notebook (JSON of another kind)")
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        return None, ("broken", f"not a valid notebook: {reason}")
    return nb, None


def _identify(nb, path: Path) -> tuple[Exercise | None, str]:
    """The exercise of a notebook, and a note on how it was found."""
    meta = nb.metadata.get("crmkit", {})
    exercise = exercises().get(str(meta.get("exercise", "")))
    if exercise is not None:
        note = "" if path.name == exercise.file else f"renamed (the exercise is {exercise.file})"
        return exercise, note
    for exercise in exercises().values():
        if Path(exercise.file).stem in path.name:
            return exercise, "no exercise metadata: identified by its file name"
    for cell in nb.cells:
        match = re.search(r"""\bex\.start\(\s*["'](\d\d)["']""", "".join(cell.source))
        if cell.cell_type == "code" and match and match.group(1) in exercises():
            exercise = exercises()[match.group(1)]
            return (
                exercise,
                f"no exercise metadata, renamed: identified by ex.start('{exercise.id}')",
            )
    return None, ""


def _execute(nb, workdir: Path, timeout: float, cell_timeout: float) -> _Run:
    """Run the notebook in a fresh kernel inside ``workdir``; never raises."""
    import os

    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    run = _Run(notebook=nb)
    log = workdir / "crmkit-grade-log.jsonl"
    log.unlink(missing_ok=True)
    env = dict(os.environ)
    env[GRADE_LOG_ENV] = str(log)
    env[PROGRESS_ENV] = str(workdir / "progress.json")
    env.pop("MPLBACKEND", None)
    current = {"cell": None}
    deadline = {"at": None}

    def remaining(cell) -> int:
        if deadline["at"] is None:
            deadline["at"] = time.monotonic() + timeout
        left = deadline["at"] - time.monotonic()
        return max(1, int(round(min(cell_timeout, left))))

    def on_cell_start(cell, cell_index):
        current["cell"] = cell_index

    quiet = logging.getLogger("crmkit.exercises.grade.kernel")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False  # timeouts and errors are reported in the CSV files instead
    client = NotebookClient(
        nb,
        log=quiet,
        kernel_name="python3",
        timeout_func=remaining,
        allow_errors=True,
        interrupt_on_timeout=False,
        record_timing=False,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(workdir)}},
        on_cell_start=on_cell_start,
    )
    try:
        # the kernel's own stderr (its start-up warnings) would scroll past the progress bar
        client.execute(env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except CellTimeoutError:
        run.stopped_at, run.stop_reason = current["cell"], "timeout"
        if deadline["at"] is not None and deadline["at"] - time.monotonic() < 1:
            run.stop_message = f"the notebook ran past its time limit ({timeout:g} s)"
        else:
            run.stop_message = f"a cell ran past the time limit of one cell ({cell_timeout:g} s)"
    except DeadKernelError:
        run.stopped_at, run.stop_reason = current["cell"], "error"
        run.stop_message = "the kernel died (the code crashed Python or ran out of memory)"
    except Exception as exc:  # kernel start-up and the like: report, go on
        run.stopped_at, run.stop_reason = current["cell"], "error"
        run.stop_message = f"the notebook could not be run: {type(exc).__name__}: {exc}"[:300]
    finally:
        atexit.unregister(client._cleanup_kernel)  # already cleaned up (or never started)
    if log.exists():
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                run.log.append(record)
    return run


def _cell_error(cell) -> str | None:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            first = str(out.get("evalue", "")).splitlines()[0] if out.get("evalue") else ""
            return f"{out.get('ename', 'Error')}: {first}"[:200]
    return None


def _roles(nb) -> dict[str, dict[str, list[int]]]:
    """Question id -> role -> cell indices, from the cells' crmkit metadata.

    A notebook with no such metadata at all (cells pasted into a new notebook) is read from
    its content: a question's section runs from its heading ("### 01.2 ...") to the next
    heading, its check cell calls ``check(``, its other code cells are answer cells and its
    other Markdown cells a reflection's answer.
    """
    found: dict[str, dict[str, list[int]]] = {}
    by_content = not any("crmkit" in cell.metadata for cell in nb.cells)
    section = None
    for index, cell in enumerate(nb.cells):
        text = "".join(cell.source)
        meta = cell.metadata.get("crmkit", {})
        if "question" in meta and "role" in meta:
            found.setdefault(meta["question"], {}).setdefault(meta["role"], []).append(index)
            continue
        if not by_content:
            continue
        heading_like = re.match(r"^#{1,4}\s", text) and BEGIN_SOLUTION not in text
        if cell.cell_type == "markdown" and heading_like:
            heading = re.match(r"^#{2,4}\s+(\d\d\.\d+)\b", text)
            section = heading.group(1) if heading else None
            continue
        if section is None:
            continue
        if cell.cell_type == "code":
            role = "check" if re.search(r"\bcheck\(", text) else "answer"
        else:
            role = "reflection"
        found.setdefault(section, {}).setdefault(role, []).append(index)
    return found


def _question_rows(exercise: Exercise, executed, run: _Run) -> list[dict]:
    """One result per question of the exercise."""
    checks: dict[str, dict] = {}
    starts = [r for r in run.log if r.get("event") == "start"]
    for record in run.log:
        if record.get("event") == "check" and isinstance(record.get("question"), str):
            checks[record["question"]] = record
    cells = _roles(executed)
    start_seed = starts[-1].get("seed") if starts else None
    rows = []
    for q in exercise.questions:
        where = cells.get(q.id, {})
        seed = checks.get(q.id, {}).get("seed", start_seed)
        row = {"question": q.id, "seed": seed, "mistake": ""}
        if not q.checked:
            texts = ["".join(executed.cells[i].source) for i in where.get("reflection", [])]
            words = " ".join(texts).replace(TEXT_STUB, " ").split()
            if not texts:
                row.update(status="missing", message="the answer cell of this reflection is gone")
            elif words:
                row.update(
                    status="answered", message=f"{len(words)} words (read it: not auto-checked)"
                )
            else:
                row.update(status="unanswered", message="no reflection written yet")
            rows.append(row)
            continue
        errors = [
            e for i in where.get("answer", []) + where.get("check", [])
            if (e := _cell_error(executed.cells[i]))
        ]  # fmt: skip
        own = where.get("answer", []) + where.get("check", [])
        if run.stopped_at is not None and run.stopped_at in own and q.id not in checks:
            row.update(status=run.stop_reason, message=run.stop_message)
        elif errors:
            row.update(status="error", message=f"the code raised {errors[0]}")
        elif q.id in checks:
            record = checks[q.id]
            answer = record.get("answer")
            if answer is not None and isinstance(seed, int):
                v = verdict(q, answer, None if seed == DEFAULT_SEED else seed)
                row.update(status=v.status, mistake=v.mistake or "", message=v.message)
            else:
                row.update(
                    status=str(record.get("status", "")),
                    mistake=record.get("mistake") or "",
                    message=str(record.get("message", "")),
                )
        elif run.stopped_at is not None and all(i > run.stopped_at for i in own or [10**9]):
            row.update(status="not_run", message=f"not run: {run.stop_message}")
        else:
            row.update(
                status="missing",
                message="no check ran for this question: is its check cell still there?",
            )
        rows.append(row)
    return rows


def _dataset(student: str, seed: object, default: bool | None) -> str:
    if not isinstance(seed, int):
        return ""
    if default:
        return "default"
    try:
        return "own" if seed == seed_of(student) else "other"
    except (TypeError, ValueError):
        return "other"


def grade_one(
    student: str,
    path: Path,
    *,
    timeout: float = 300,
    cell_timeout: float = 60,
    root: Path | None = None,
):
    """Grade one file: (rows for results.csv, the row for by_student.csv)."""
    shown = str(path.relative_to(root)) if root is not None else path.name
    base = {"student": student, "file": shown}
    nb, problem = _read_notebook(path)
    exercise, note = (None, "") if nb is None else _identify(nb, path)
    if nb is not None and exercise is None:
        problem = ("unknown_exercise", "no exercise of the kit: no crmkit metadata, no ex.start")
    if problem is not None:
        status, message = problem
        row = {**base, "exercise": "", "seed": "", "question": "", "status": status}
        row.update(mistake="", message=message)
        summary = {**base, "submission": status, "note": message}
        return [row], summary
    with tempfile.TemporaryDirectory(prefix="crmkit-grade-") as tmp:
        workdir = Path(tmp)
        shutil.copyfile(path, workdir / exercise.file)  # the submission itself stays untouched
        for _attempt in range(3):
            run = _execute(copy.deepcopy(nb), workdir, timeout, cell_timeout)
            if not (run.stop_reason == "error" and run.stopped_at is None):
                break  # a kernel that failed to start (a port taken...) is tried again
        nb = run.notebook
    starts = [r for r in run.log if r.get("event") == "start"]
    seed = starts[-1].get("seed") if starts else ""
    rows = []
    for r in _question_rows(exercise, nb, run):
        row_seed = r["seed"] if r["seed"] is not None else seed
        rows.append({**base, "exercise": exercise.id, **r, "seed": row_seed})
    counts = Counter(r["status"] for r in rows if find_question(r["question"]).checked)
    n = sum(counts.values())
    if run.stop_reason:
        where = "" if run.stopped_at is None else f" at cell {run.stopped_at + 1}"
        owner = next(
            (q for q, roles in _roles(nb).items() for cells in roles.values()
             if run.stopped_at in cells),
            None,
        )  # fmt: skip
        where += f" (question {owner})" if owner else ""
        note = "; ".join(filter(None, [note, f"{run.stop_message}{where}"]))
    if not starts:
        note = "; ".join(filter(None, [note, "ex.start(...) did not run"]))
    summary = {
        **base,
        "exercise": exercise.id,
        "seed": seed,
        "dataset": _dataset(student, seed, starts[-1].get("default") if starts else None),
        "submission": run.stop_reason or "graded",
        "correct": counts["correct"],
        "mistakes": counts["mistake"],
        "incorrect": counts["incorrect"],
        "unanswered": counts["unanswered"],
        "other": n - counts["correct"] - counts["mistake"] - counts["incorrect"]
        - counts["unanswered"],
        "questions": n,
        "score": round(counts["correct"] / n, 3) if n else "",
        "reflections": sum(r["status"] == "answered" for r in rows),
        "note": note,
    }  # fmt: skip
    return rows, summary


def _by_question(results: list[dict]) -> list[dict]:
    rows = []
    for exercise in exercises().values():
        for q in exercise.questions:
            mine = [r for r in results if r["question"] == q.id]
            if not mine:
                continue
            status = Counter(r["status"] for r in mine)
            named = Counter(r["mistake"] for r in mine if r["status"] == "mistake")
            top = sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            checked = q.checked
            rows.append(
                {
                    "exercise": exercise.id,
                    "question": q.id,
                    "title": q.title,
                    "kind": q.kind,
                    "submissions": len(mine),
                    "answered": sum(status[s] for s in _ANSWERED),
                    "correct": status["correct"] if checked else "",
                    "share_correct": round(status["correct"] / len(mine), 3) if checked else "",
                    "mistakes": status["mistake"] if checked else "",
                    "incorrect": status["incorrect"] if checked else "",
                    "unanswered": status["unanswered"],
                    "other": len(mine) - sum(status[s] for s in _ANSWERED) - status["unanswered"],
                    "top_mistakes": "; ".join(f"{name}: {k}" for name, k in top),
                }
            )
    return rows


def _write(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    # utf-8-sig: Excel then opens Persian and Russian names correctly with a double click.
    with open(path, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def grade(
    submissions: str | Path,
    out: str | Path = "results",
    *,
    timeout: float = 300,
    cell_timeout: float = 60,
    progress: bool = True,
) -> dict[str, list[dict]]:
    """Grade every file under ``submissions`` and write the three CSV files into ``out``.

    Parameters
    ----------
    submissions : str or pathlib.Path
        The folder of submissions: ``<student>/<file>`` or files named after students.
    out : str or pathlib.Path, default "results"
        Folder for ``results.csv``, ``by_student.csv`` and ``by_question.csv`` (created;
        files of an earlier run are replaced).
    timeout : float, default 300
        Seconds each notebook may run, all its cells together (the kernel's start-up not
        counted).
    cell_timeout : float, default 60
        Seconds one cell may run: a cell that hangs (``while True: pass``) costs this much,
        not the whole ``timeout``.
    progress : bool, default True
        Show a progress bar.

    Returns
    -------
    dict of str to list of dict
        The rows written, under ``"results"``, ``"by_student"`` and ``"by_question"``.

    Raises
    ------
    FileNotFoundError
        If ``submissions`` is not a folder.

    Examples
    --------
    >>> import tempfile
    >>> empty = tempfile.mkdtemp()
    >>> grade(empty, Path(empty) / "results", progress=False)["by_student"]
    []
    """
    folder = Path(submissions)
    if not folder.is_dir():
        raise FileNotFoundError(f"no folder {folder}; pass the folder of students' notebooks.")
    target = Path(out)
    found = find_submissions(folder, exclude=target.resolve())
    results, students = [], []
    from tqdm.auto import tqdm

    bar = tqdm(found, desc="grading", unit="notebook", disable=not progress)
    for student, path in bar:
        bar.set_postfix_str(student[:20])
        rows, summary = grade_one(
            student, path, timeout=timeout, cell_timeout=cell_timeout, root=folder
        )
        results.extend(rows)
        students.append(summary)
    by_question = _by_question(results)
    target.mkdir(parents=True, exist_ok=True)
    _write(target / "results.csv", RESULT_COLUMNS, results)
    _write(target / "by_student.csv", STUDENT_COLUMNS, students)
    _write(target / "by_question.csv", QUESTION_COLUMNS, by_question)
    return {"results": results, "by_student": students, "by_question": by_question}
