"""Draw ``docs/readme_figures.png``, the picture at the top of ``README.md``.

Run it from the repository root after a change to the figures or the data::

    .venv/bin/python docs/make_readme_figures.py

The two figures are drawn by exactly the calls the README's caption shows (with the
Axes to draw on added); ``tests/test_readme_figures.py`` checks that the two agree.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from crmkit import data, plots

OUT = Path(__file__).resolve().with_name("readme_figures.png")


def main(out: Path = OUT) -> Path:
    """Draw both figures side by side and save them as a PNG; return its path."""
    plots.use_course_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(16, 5.6))
    plots.ipa_grid(data.load("surveys"), ax=left)
    plots.pareto_chart(data.load("tickets"), ax=right)
    fig.savefig(out, dpi=100)
    plt.close(fig)
    return out


if __name__ == "__main__":
    print(main())
