"""Executing the lecture notebooks against executing empty notebooks, paired in one run.

Each figure is one ``jupyter nbconvert --to notebook --execute`` in a fresh process (kernel
start included), as a lecturer or CI runs them. For every notebook the script alternates
notebook, empty notebook, notebook, empty notebook ... so that drift of a shared machine hits
both sides alike, and takes the ratio pair by pair (median). The empty notebook has the same
kernelspec and one empty code cell. It then executes each notebook once more in-process and
reports the slowest cells (nbclient records when each cell started and finished), which says
where the time goes.

Run from the repository root (after ``python3 kit.py setup``):

    .venv/bin/python benchmarks/bench_notebooks.py [--repeats 3] [notebooks/03_*.ipynb ...]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUPYTER = Path(sys.executable).with_name("jupyter")


def empty_notebook(folder: Path) -> Path:
    path = folder / "empty.ipynb"
    nb = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": "", "outputs": [],
                   "execution_count": None}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }  # fmt: skip
    path.write_text(json.dumps(nb))
    return path


def execute(notebook: Path, out_dir: Path) -> tuple[float, float]:
    """Wall and CPU seconds (children: nbconvert and its kernel) of one execution."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [str(JUPYTER), "nbconvert", "--to", "notebook", "--execute", str(notebook),
         "--output-dir", str(out_dir), "--log-level", "ERROR"],
        check=True, cwd=notebook.parent, capture_output=True,
    )  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def slowest_cells(executed: Path, top: int = 3) -> list[tuple[float, str]]:
    """The cells that took longest, from nbclient's timing metadata."""
    nb = json.loads(executed.read_text())
    times = []
    for cell in nb["cells"]:
        ex = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in ex and "shell.execute_reply" in ex:
            t0 = datetime.fromisoformat(ex["iopub.execute_input"].replace("Z", "+00:00"))
            t1 = datetime.fromisoformat(ex["shell.execute_reply"].replace("Z", "+00:00"))
            first = "".join(cell["source"]).strip().splitlines()[0][:60]
            times.append(((t1 - t0).total_seconds(), first))
    return sorted(times, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    notebooks = [p.resolve() for p in args.notebooks] or sorted(
        (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")
    )
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        empty = empty_notebook(tmp)
        execute(empty, tmp)  # warm the file cache and the kernel spec
        print(f"{'notebook':34s} {'wall s':>7s} {'empty s':>8s} {'wall x':>7s} "
              f"{'cpu s':>6s} {'empty':>6s} {'cpu x':>6s}")  # fmt: skip
        totals = {"nb_wall": 0.0, "empty_wall": 0.0, "nb_cpu": 0.0, "empty_cpu": 0.0}
        for notebook in notebooks:
            pairs = [(execute(notebook, tmp), execute(empty, tmp)) for _ in range(args.repeats)]
            wall_x = statistics.median(a[0] / b[0] for a, b in pairs)
            cpu_x = statistics.median(a[1] / b[1] for a, b in pairs)
            med = {
                "nb_wall": statistics.median(a[0] for a, _ in pairs),
                "empty_wall": statistics.median(b[0] for _, b in pairs),
                "nb_cpu": statistics.median(a[1] for a, _ in pairs),
                "empty_cpu": statistics.median(b[1] for _, b in pairs),
            }
            for key in totals:
                totals[key] += med[key]
            print(f"{notebook.name:34s} {med['nb_wall']:7.1f} {med['empty_wall']:8.1f} "
                  f"{wall_x:7.2f} {med['nb_cpu']:6.1f} {med['empty_cpu']:6.1f} {cpu_x:6.2f}")  # fmt: skip
            for seconds, first in slowest_cells(tmp / notebook.name):
                print(f"    {seconds:5.2f} s  {first}")
        print(f"{'all ' + str(len(notebooks)) + ' notebooks':34s} {totals['nb_wall']:7.1f} "
              f"{totals['empty_wall']:8.1f} {totals['nb_wall'] / totals['empty_wall']:7.2f} "
              f"{totals['nb_cpu']:6.1f} {totals['empty_cpu']:6.1f} "
              f"{totals['nb_cpu'] / totals['empty_cpu']:6.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
