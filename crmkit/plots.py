"""Figures for the course: each function takes ``data=`` and column keywords, draws on the
Axes it is given (or a new one) and returns that Axes.

Colours come from the Okabe-Ito palette, which stays distinguishable for the common forms
of colour blindness and on a washed-out projector; fonts are sized to be read from the back
of a room. :func:`use_course_style` applies both to every later figure.

matplotlib is imported when a function draws, not when the module is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from crmkit._validate import Category, Dates, Numeric, check_choice, check_frame

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "OKABE_ITO",
    "use_course_style",
    "monthly_revenue",
    "count_bar",
]

#: Okabe & Ito (2008) colour-blind-safe palette (black last: used for totals and reference lines).
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow (light: keep for fills, not thin lines)
    "#000000",  # black
)

_COURSE_RC = {
    "figure.figsize": (9.0, 5.0),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.titleweight": "bold",
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.2,
    "figure.constrained_layout.use": True,
}


def use_course_style() -> None:
    """Apply the course's figure style (palette, font sizes, layout) to later figures.

    Examples
    --------
    >>> use_course_style()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["font.size"]
    13.0
    """
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(_COURSE_RC)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=list(OKABE_ITO))


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    return ax


def _palette(n: int) -> list[str]:
    """``n`` colours from the palette, skipping the pale yellow while others are left."""
    usable = [c for c in OKABE_ITO if c != "#F0E442"]
    return [usable[i % len(usable)] for i in range(n)]


def monthly_revenue(
    data: pd.DataFrame,
    *,
    by: str | None = "channel",
    date: str = "order_date",
    amount: str = "revenue",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Plot revenue per calendar month, one line per group of ``by``.

    Parameters
    ----------
    data : pandas.DataFrame
        Order lines (table ``order_lines``).
    by : str or None, default "channel"
        Column to split the lines by; ``None`` draws the total only.
    date, amount : str
        Columns with the order date and the line revenue (USD).
    title : str, optional
        The figure's title; by default it states the best month.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> lines = pd.DataFrame({
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03"]),
    ...     "channel": ["web", "store", "web"],
    ...     "revenue": [100.0, 50.0, 80.0]})
    >>> ax = monthly_revenue(lines)
    >>> sorted(t.get_text() for t in ax.get_legend().get_texts())
    ['store', 'web']
    """
    columns = {date: Dates(), amount: Numeric()}
    if by is not None:
        columns[by] = Category()
    check_frame(data, "order_lines", columns, params={date: "date", amount: "amount", by: "by"})
    month = data[date].dt.to_period("M").dt.to_timestamp()
    keys = [month] if by is None else [month, data[by]]
    table = data[amount].groupby(keys, observed=True).sum()
    table = table.to_frame("total") if by is None else table.unstack(fill_value=0.0)
    ax = _axes(ax)
    for colour, column in zip(_palette(table.shape[1]), table.columns, strict=True):
        ax.plot(table.index, table[column] / 1000, label=str(column), color=colour)
    best = table.sum(axis=1).idxmax()
    ax.set_title(title or f"Monthly revenue, highest in {best:%B %Y}")
    ax.set_xlabel("Month")
    ax.set_ylabel("Revenue (thousand USD)")
    if by is not None:
        ax.legend(title=by.replace("_", " ").capitalize(), ncols=min(4, table.shape[1]))
    return ax


def count_bar(
    data: pd.DataFrame,
    column: str,
    *,
    table: str = "customers",
    order: Sequence[str] | None = None,
    horizontal: bool = True,
    share: bool = False,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Bar chart of how many rows fall in each label of ``column`` (e.g. customers by segment).

    Parameters
    ----------
    data : pandas.DataFrame
        Any table.
    column : str
        The label column to count.
    table : str
        The table's name, for error messages.
    order : sequence of str, optional
        Bar order; by default largest first.
    horizontal : bool, default True
        Horizontal bars keep long labels readable.
    share : bool, default False
        Show percentages of all rows instead of counts.
    title : str, optional
        By default it names the largest group.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> customers = pd.DataFrame({"segment": ["household", "household", "corporate"]})
    >>> ax = count_bar(customers, "segment")
    >>> ax.get_title()
    'Most customers are household (2 of 3)'
    """
    check_frame(data, table, {column: Category()})
    check_choice(horizontal, "horizontal", [True, False])
    counts = data[column].value_counts(sort=True)
    if order is not None:
        missing = [label for label in counts.index if label not in list(order)]
        if missing:
            raise ValueError(
                f"argument 'order' leaves out labels of column '{column}' in table '{table}' "
                f"({missing[:3]}); list every label or leave order=None."
            )
        counts = counts.reindex(list(order), fill_value=0)
    values = counts / counts.sum() * 100 if share else counts
    ax = _axes(ax)
    labels = [str(label).replace("_", " ") for label in values.index]
    colours = _palette(len(values))
    if horizontal:
        ax.barh(labels[::-1], values.to_numpy()[::-1], color=colours[::-1])
        ax.set_xlabel("Share of rows (%)" if share else "Count")
        ax.grid(axis="y", visible=False)
    else:
        ax.bar(labels, values.to_numpy(), color=colours)
        ax.set_ylabel("Share of rows (%)" if share else "Count")
        ax.grid(axis="x", visible=False)
    top = counts.idxmax()
    ax.set_title(
        title or f"Most {table} are {str(top).replace('_', ' ')} ({counts.max()} of {counts.sum()})"
    )
    return ax
