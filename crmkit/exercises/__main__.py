"""Command line: ``python -m crmkit.exercises build`` and ``... grade SUBMISSIONS``.

``build [--check]`` regenerates ``exercises/`` from ``solutions/`` (``--check`` only lists
what is out of date, exit code 1 if anything is). ``grade SUBMISSIONS [--out results]
[--timeout 300] [--cell-timeout 60] [--progress on|off]`` grades a folder of students'
notebooks into ``results.csv``, ``by_student.csv`` and ``by_question.csv``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crmkit.exercises",
        description="Build the exercise notebooks from their solutions, or grade a class.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="regenerate exercises/ from solutions/")
    build.add_argument("--check", action="store_true", help="only list what is out of date")
    grade = sub.add_parser("grade", help="grade a folder of students' exercise notebooks")
    grade.add_argument("submissions", type=Path, help="the folder of submissions")
    grade.add_argument("--out", type=Path, default=Path("results"), help="folder for the CSVs")
    grade.add_argument(
        "--timeout", type=float, default=300, help="seconds each notebook may run (default 300)"
    )
    grade.add_argument(
        "--cell-timeout", type=float, default=60, help="seconds one cell may run (default 60)"
    )
    grade.add_argument("--progress", choices=["on", "off"], default="on", help="progress bar")
    args = parser.parse_args(argv)

    if args.command == "build":
        from crmkit.exercises.build import ROOT
        from crmkit.exercises.build import build as run_build

        changed = run_build(check=args.check)
        verb = "out of date" if args.check else "written"
        for path in changed:
            print(f"{verb}: {path.relative_to(ROOT)}")
        if not changed:
            print("exercises/ is in step with solutions/.")
        return 1 if args.check and changed else 0

    from crmkit.exercises.grade import grade as run_grade

    if not args.submissions.is_dir():
        print(f"error: no folder {args.submissions}", file=sys.stderr)
        return 2
    if args.timeout <= 0 or args.cell_timeout <= 0:
        print("error: time limits must be positive numbers of seconds", file=sys.stderr)
        return 2
    report = run_grade(
        args.submissions,
        args.out,
        timeout=args.timeout,
        cell_timeout=args.cell_timeout,
        progress=args.progress == "on",
    )
    rows = report["by_student"]
    kinds = [r.get("submission") for r in rows]
    graded = kinds.count("graded")
    # a run that stopped has an exercise; a file that could not be graded has none
    stopped = sum(
        r.get("submission") in ("timeout", "error") and bool(r.get("exercise")) for r in rows
    )
    print(
        f"{len(kinds)} files: {graded} graded, {stopped} stopped early (time limit or crash), "
        f"{len(kinds) - graded - stopped} could not be graded (see by_student.csv). Wrote "
        f"{args.out / 'results.csv'}, {args.out / 'by_student.csv'} and "
        f"{args.out / 'by_question.csv'}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
