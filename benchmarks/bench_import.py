"""Import cost of crmkit against ``import pandas``, paired in one run.

Each figure is a fresh interpreter (``python -X importtime`` is not used: it adds its own
cost); the commands alternate A, B, A, B ... so that drift of a shared machine hits both
sides alike, and the ratio is taken pair by pair. Run from the repository root:

    .venv/bin/python benchmarks/bench_import.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

BASELINE = "import pandas"
CANDIDATES = {
    "import crmkit": "import crmkit",
    "import crmkit.satisfaction, crmkit.value, crmkit.sixsigma": (
        "import crmkit.satisfaction, crmkit.value, crmkit.sixsigma"
    ),
    "import every crmkit module": (
        "import crmkit; [getattr(crmkit, m) for m in crmkit._SUBMODULES]"
    ),
}


def wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    wall("pass")  # warm the file cache
    empty = statistics.median(wall("pass") for _ in range(5))
    print(f"interpreter alone: {empty * 1000:.0f} ms (median of 5)")
    print(f"{'command':58s} {'median s':>9s} {'pandas s':>9s} {'ratio':>6s}")
    for label, code in CANDIDATES.items():
        wall(code)
        pairs = [(wall(code), wall(BASELINE)) for _ in range(args.repeats)]
        ratio = statistics.median(a / b for a, b in pairs)
        a_med = statistics.median(a for a, _ in pairs)
        b_med = statistics.median(b for _, b in pairs)
        print(f"{label:58s} {a_med:9.3f} {b_med:9.3f} {ratio:6.2f}")


if __name__ == "__main__":
    main()
