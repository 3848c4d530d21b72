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

from crmkit._validate import (
    Category,
    Dates,
    Flag,
    Numeric,
    _kind,
    _short,
    calls_public,
    check_ax,
    check_choice,
    check_column_names,
    check_flag,
    check_frame,
    check_number,
    check_table_name,
    clean_label,
    group_labels,
)
from crmkit.sixsigma import _COMPLAINTS

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "OKABE_ITO",
    "use_course_style",
    "monthly_revenue",
    "count_bar",
    "phase_outcomes",
    "loop_turns",
    "next_turn_plan",
    "hse_indicators",
    "scale_alphas",
    "loyalty_drivers",
    "repurchase_by_satisfaction",
    "wave_change",
    "satisfaction_outcomes",
    "margin_multiple",
    "profit_deciles",
    "STATUS_STYLE",
    "scorecard_tiles",
    "nps_bars",
    "ipa_grid",
    "servqual_gaps",
    "csi_weights",
    "dimension_profile",
    "alpha_if_deleted",
    "cohort_heatmap",
    "funnel",
    "phase_counts",
    "lift_forest",
    "touchpoint_heatmap",
    "rfm_segment_bars",
    "whale_curve",
    "clv_curves",
    "effect_forest",
    "tier_migration_heatmap",
    "pareto_chart",
    "control_chart",
    "before_after",
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

    Returns
    -------
    None
        The style is set in ``matplotlib.rcParams``.

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
    if check_ax(ax) is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    return ax


def _palette(n: int) -> list[str]:
    """``n`` colours from the palette, skipping the pale yellow while others are left."""
    usable = [c for c in OKABE_ITO if c != "#F0E442"]
    return [usable[i % len(usable)] for i in range(n)]


@calls_public
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
    _check_title(title, ax)
    columns = {date: Dates(), amount: Numeric()}
    if by is not None:
        columns[by] = Category()
    check_frame(data, "order_lines", columns, params={date: "date", amount: "amount", by: "by"})
    month = data[date].dt.to_period("M").dt.to_timestamp()
    keys = [month] if by is None else [month, group_labels(data[by])]
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


@calls_public
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
    'Most customers are in the household segment (2 of 3)'
    >>> count_bar(pd.DataFrame({"channel": ["web", "web", "store", "phone", "sms"]}),
    ...           "channel").get_title()
    'The largest channel is web (40% of customers)'
    """
    check_column_names(column=column)
    _check_title(title, ax)
    check_table_name(table)
    check_frame(data, table, {column: Category()})
    horizontal = check_flag(horizontal, "horizontal")
    share = check_flag(share, "share")
    counts = group_labels(data[column]).value_counts(sort=True)
    if order is not None:
        if isinstance(order, str) or not isinstance(order, Sequence):
            raise TypeError(
                f"argument 'order' must be a list of the labels of column '{column}' in the "
                f"order of the bars, such as ['household', 'corporate'], but is {_short(order)}."
            )
        order = [clean_label(label) for label in order]
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
        ax.set_xlabel(f"Share of {table} (%)" if share else table.replace("_", " ").capitalize())
        ax.grid(axis="y", visible=False)
    else:
        ax.bar(labels, values.to_numpy(), color=colours)
        ax.set_ylabel(f"Share of {table} (%)" if share else table.replace("_", " ").capitalize())
        ax.grid(axis="x", visible=False)
    ax.set_title(title or _largest_group_title(counts, column, table))
    return ax


def _largest_group_title(counts: pd.Series, column: str, table: str) -> str:
    """'Most customers are in the household segment (1,183 of 2,000)', or, when the largest
    group is not a majority, 'The largest segment is web (40% of customers)'."""
    top, n, total = str(counts.idxmax()).replace("_", " "), int(counts.max()), int(counts.sum())
    what = column.replace("_", " ")
    if n * 2 > total:
        return f"Most {table} are in the {top} {what} ({n:,} of {total:,})"
    return f"The largest {what} is {top} ({n / total:.0%} of {table})"


# ---------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------

#: Colours with a fixed meaning across the course's figures.
_GOOD, _BAD, _NEUTRAL, _REF = "#009E73", "#D55E00", "#999999", "#000000"


#: Words a label spells in capitals: 'nps_score' -> 'NPS score', the 'it' function -> 'IT'.
_ACRONYMS = {
    "acsi": "ACSI",
    "ci": "CI",
    "clv": "CLV",
    "crm": "CRM",
    "csat": "CSAT",
    "csi": "CSI",
    "dpmo": "DPMO",
    "hse": "HSE",
    "id": "ID",
    "it": "IT",
    "ipa": "IPA",
    "kpi": "KPI",
    "nps": "NPS",
    "rfm": "RFM",
    "servqual": "SERVQUAL",
    "sms": "SMS",
    "usd": "USD",
}


def _nice(label: object) -> str:
    """'late_delivery' -> 'late delivery', 'nps_score' -> 'NPS score' (tick labels, legends)."""
    return " ".join(_ACRONYMS.get(word, word) for word in str(label).replace("_", " ").split(" "))


def _cap(label: object) -> str:
    """'late_delivery' -> 'Late delivery' (the start of a title)."""
    text = _nice(label)
    return text[:1].upper() + text[1:]


def _wrap(label: object, width: int = 12) -> str:
    """Wrap a long tick label over lines so neighbouring labels never touch."""
    import textwrap

    return "\n".join(textwrap.wrap(_nice(label), width=width, break_long_words=False)) or "-"


def _and(names: Sequence[object]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    names = [_nice(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _group(by: str, label: object) -> str:
    """A group's name in a sentence: 'household', or 'wave 1' for a numeric label."""
    if isinstance(label, (int, float)) or str(label).isdigit():
        return f"{_nice(by)} {label}"
    return _nice(label)


def _set_title(ax: Axes, title: str, width: int = 60) -> None:
    """Set a title; one too long for the figure breaks into two balanced lines.

    The break goes at the ':', ';' or ',' nearest the middle, else at the middle space.
    """
    if len(title) > width:
        half = len(title) / 2

        def fits(i: int) -> bool:
            return max(len(title[:i].rstrip()), len(title[i:].lstrip())) <= width

        marks = [i + 1 for i, ch in enumerate(title[:-1]) if ch in ":;," and title[i + 1] == " "]
        spaces = [i for i, ch in enumerate(title) if ch == " "]
        cuts = [i for i in marks if fits(i)] or [i for i in spaces if fits(i)] or spaces
        if cuts:
            cut = min(cuts, key=lambda i: abs(i - half))
            title = title[:cut].rstrip() + "\n" + title[cut:].lstrip()
    ax.set_title(title)


def _check_title(title: object, ax: object = None, **texts: object) -> None:
    """Check the arguments every figure shares, before any work: ``title``, ``ax``, labels."""
    for name, value in {"title": title, **texts}.items():
        if value is not None and not isinstance(value, str):
            raise TypeError(f"argument '{name}' must be a str or None but is {_kind(value)}.")
    check_ax(ax)


def _spread_labels(ax: Axes, texts: list, *, max_iter: int = 200) -> None:
    """Nudge text labels vertically (in display pixels) until none overlaps another."""
    if len(texts) < 2:
        return
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    for _ in range(max_iter):
        moved = False
        boxes = [t.get_window_extent(renderer).expanded(1.0, 1.15) for t in texts]
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                if boxes[i].overlaps(boxes[j]):
                    # push the lower one down and the upper one up by a few pixels
                    lower, upper = (i, j) if boxes[i].y0 <= boxes[j].y0 else (j, i)
                    for k, step in ((lower, -3.0), (upper, 3.0)):
                        x, y = texts[k].get_position()
                        texts[k].set_position((x, y + step))
                    moved = True
        if not moved:
            return


def _annotate_cells(ax: Axes, values: pd.DataFrame, fmt: str, norm, cmap) -> None:
    """Write each cell's value in a heatmap, dark text on light cells and white on dark."""
    import numpy as np

    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values.iat[i, j]
            if pd.isna(v):
                continue
            r, g, b, _ = cmap(norm(v))
            light = 0.299 * r + 0.587 * g + 0.114 * b > 0.45
            ax.text(
                j,
                i,
                format(v, fmt),
                ha="center",
                va="center",
                fontsize=11,
                color="black" if light else "white",
            )
    ax.set_xticks(np.arange(values.shape[1]))
    ax.set_yticks(np.arange(values.shape[0]))
    ax.grid(False)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)


# ---------------------------------------------------------------------------------------
# What CRM is: the HSE indicators of a CRM launch (notebook 01)
# ---------------------------------------------------------------------------------------

_HSE_SHARES = {
    "churn_rate": "Customer loss\n(churn)",
    "repeat_sales_share": "Repeat (secondary)\nsales share",
    "unprofitable_share": "Unprofitable\ncustomers",
}
_HSE_WORDS = {
    "churn_rate": "churn",
    "repeat_sales_share": "repeat sales",
    "unprofitable_share": "unprofitable share",
}


def hse_indicators(
    customers: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    launch: str | pd.Timestamp = "2023-07-01",
    window_months: int = 12,
    observation_end: str | pd.Timestamp = "2024-12-31",
    channels: pd.DataFrame | None = None,
    interactions: pd.DataFrame | None = None,
    tickets: pd.DataFrame | None = None,
    indicators: Sequence[str] = tuple(_HSE_SHARES),
    ci: float = 0.95,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The HSE (2007) share indicators before and after a CRM launch, with intervals.

    Each indicator's value in the window before and the window after the launch, with
    its interval, from :func:`crmkit.lifecycle.hse_indicators`: grey before, blue after,
    one row per indicator, all on one percentage axis.

    Parameters
    ----------
    customers, order_lines : pandas.DataFrame
        Tables ``customers`` and ``order_lines``.
    launch, window_months, observation_end, channels, interactions, tickets, ci
        As in :func:`crmkit.lifecycle.hse_indicators`.
    indicators : sequence of str
        Which share indicators to draw, of ``churn_rate``, ``repeat_sales_share`` and
        ``unprofitable_share`` (all three by default).
    title : str, optional
        By default it says which indicators rose or fell beyond their change's interval.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C"],
    ...     "signup_date": pd.to_datetime(["2023-01-05", "2023-02-01", "2023-08-01"])})
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B", "C", "C"],
    ...     "order_id": ["o1", "o2", "o3", "o4", "o5"],
    ...     "order_date": pd.to_datetime(["2023-01-05", "2023-05-01", "2023-02-01",
    ...                                   "2023-08-01", "2023-11-01"]),
    ...     "revenue": [100.0, 50.0, 80.0, 60.0, 40.0], "cost": [50.0, 25.0, 40.0, 30.0, 20.0]})
    >>> ax = hse_indicators(customers, orders, window_months=6, observation_end="2023-12-31",
    ...                     indicators=["churn_rate", "repeat_sales_share"])
    >>> print(ax.get_title())
    6 months before and after 2023-07-01:
    no clear change in churn and repeat sales
    """
    from crmkit import lifecycle

    _check_title(title, ax)
    rows = [check_choice(i, "indicators", list(_HSE_SHARES)) for i in indicators]
    if not rows:
        raise ValueError(
            f"argument 'indicators' is empty; name at least one of {list(_HSE_SHARES)}."
        )
    hse = lifecycle.hse_indicators(
        customers,
        order_lines,
        launch=launch,
        window_months=window_months,
        observation_end=observation_end,
        channels=channels,
        interactions=interactions,
        tickets=tickets,
        ci=ci,
    )
    table = hse.loc[rows] * 100
    start = pd.Timestamp(launch)
    day = pd.Timedelta(days=1)
    before_label = (
        f"before: {start - pd.DateOffset(months=window_months):%Y-%m-%d} to {start - day:%Y-%m-%d}"
    )
    after_label = (
        f"after: {start:%Y-%m-%d} to {start + pd.DateOffset(months=window_months) - day:%Y-%m-%d}"
    )
    ax = _axes(ax)
    y = list(range(len(rows)))[::-1]
    for when, offset, colour, label in (
        ("before", 0.18, _NEUTRAL, before_label),
        ("after", -0.18, OKABE_ITO[0], after_label),
    ):
        values = table[when]
        ys = [yi + offset for yi in y]
        ax.errorbar(
            values.to_numpy(),
            ys,
            xerr=[
                (values - table[f"{when}_low"]).to_numpy(),
                (table[f"{when}_high"] - values).to_numpy(),
            ],
            fmt="o",
            ms=10,
            capsize=5,
            lw=1.8,
            color=colour,
            label=label,
            gid=when,
        )
        for yi, (name, v) in zip(ys, values.items(), strict=True):
            ax.annotate(
                f"{v:.0f}%",
                (table.loc[name, f"{when}_high"], yi),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=12,
            )
    ax.set_yticks(y, [_HSE_SHARES[r] for r in rows])
    ax.set_ylim(-0.7, len(rows) - 0.1)
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"Share (%, {ci:.0%} CI)")
    ax.set_ylabel("HSE (2007) indicator")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2)
    words = []
    unclear = []
    for r in rows:
        if table.loc[r, "change_low"] > 0:
            words.append(f"{_HSE_WORDS[r]} rose")
        elif table.loc[r, "change_high"] < 0:
            words.append(f"{_HSE_WORDS[r]} fell")
        else:
            unclear.append(_HSE_WORDS[r])
    if unclear:
        words.append(f"no clear change in {_and(unclear)}")
    default = f"{window_months} months before and after {start:%Y-%m-%d}: " + ", ".join(words)
    _set_title(ax, title or default)
    return ax


# ---------------------------------------------------------------------------------------
# Satisfaction (notebook 05)
# ---------------------------------------------------------------------------------------


@calls_public
def nps_bars(
    data: pd.DataFrame,
    by: str = "segment",
    *,
    score: str = "nps_score",
    customers: pd.DataFrame | None = None,
    customer: str = "customer_id",
    promoters_from: int = 9,
    detractors_to: int = 6,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Stacked bars of detractors, passives and promoters (% of respondents) per group.

    The numbers come from :func:`crmkit.satisfaction.nps_by`; each bar ends with the
    group's NPS (% promoters minus % detractors).

    Parameters
    ----------
    data : pandas.DataFrame
        Survey responses (table ``surveys``).
    by : str, default "segment"
        Group column, in ``data`` or (with ``customers``) in the customers table.
    score : str, default "nps_score"
        The 0-10 likelihood-to-recommend column.
    customers : pandas.DataFrame, optional
        Table ``customers``, when ``by`` is one of its columns.
    customer : str, default "customer_id"
        The key joining ``data`` to ``customers``.
    promoters_from, detractors_to : int
        Reichheld's cut-offs (9-10 promoters, 0-6 detractors).
    title : str, optional
        By default it names the group with the highest and the lowest NPS.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> surveys = pd.DataFrame({"wave": [1, 1, 1, 2, 2, 2],
    ...                         "nps_score": [10, 9, 3, 7, 8, 2]})
    >>> ax = nps_bars(surveys, by="wave")
    >>> ax.get_title()
    'Wave 1 has the highest NPS (33), wave 2 the lowest (-33)'
    """
    from crmkit.satisfaction import nps_by

    _check_title(title, ax)
    table = nps_by(
        data,
        by,
        score=score,
        customers=customers,
        customer=customer,
        promoters_from=promoters_from,
        detractors_to=detractors_to,
        n_boot=200,
    )
    ax = _axes(ax)
    labels = [_wrap(_cap(g), 14) for g in table.index]
    parts = [
        ("detractors", f"Detractors (0-{detractors_to})", _BAD),
        ("passives", f"Passives ({detractors_to + 1}-{promoters_from - 1})", _NEUTRAL),
        ("promoters", f"Promoters ({promoters_from}-10)", _GOOD),
    ]
    left = pd.Series(0.0, index=table.index)
    y = list(range(len(table)))[::-1]  # first group on top
    for column, label, colour in parts:
        widths = table[column]
        ax.barh(y, widths, left=left, color=colour, label=label, height=0.6)
        for yi, w, x0 in zip(y, widths, left, strict=True):
            if w >= 7:
                ax.text(x0 + w / 2, yi, f"{w:.0f}%", ha="center", va="center", color="white")
        left = left + widths
    for yi, value in zip(y, table["nps"], strict=True):
        ax.text(101.5, yi, f"NPS {value:+.0f}", va="center", ha="left", fontweight="bold")
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 122)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel("Share of respondents (%)")
    ax.set_ylabel(_cap(by))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=3)
    best, worst = table["nps"].idxmax(), table["nps"].idxmin()
    default = (
        f"{_cap(_group(by, best))} has the highest NPS ({table['nps'].max():.0f}), "
        f"{_group(by, worst)} the lowest ({table['nps'].min():.0f})"
    )
    if len(table) == 1:
        default = f"NPS {table['nps'].iloc[0]:.0f}: {table['promoters'].iloc[0]:.0f}% promoters"
    _set_title(ax, title or default)
    return ax


_ATTRIBUTES = ("product_quality", "price", "delivery", "staff_service", "after_sales", "website")
_SERVQUAL = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")


@calls_public
def ipa_grid(
    data: pd.DataFrame,
    attributes: Sequence[str] = _ATTRIBUTES,
    *,
    importance: str = "imp_{}",
    performance: str = "perf_{}",
    centre: str = "mean",
    scale: tuple[int, int] = (1, 5),
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Importance-performance grid: attributes as points, cross-hairs and the four quadrants.

    The means and quadrants come from :func:`crmkit.satisfaction.ipa` (Martilla & James
    1977); the cross-hairs are its centre. Point labels are nudged apart so none overlaps.

    Parameters
    ----------
    data : pandas.DataFrame
        Survey responses (table ``surveys``).
    attributes : sequence of str
        Attribute names filled into ``importance`` and ``performance``.
    importance, performance : str
        Column templates, e.g. ``"imp_{}"``.
    centre : {"mean", "median", "scale"}
        Where the cross-hairs go (see :func:`crmkit.satisfaction.ipa`).
    scale : tuple of int
        The rating scale, default 1-5.
    title : str, optional
        By default it names the attributes to concentrate on.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> surveys = pd.DataFrame({"imp_price": [5, 4, 5], "perf_price": [2, 3, 2],
    ...                         "imp_website": [2, 3, 2], "perf_website": [5, 4, 5]})
    >>> ax = ipa_grid(surveys, ["price", "website"])
    >>> ax.get_title()
    'Price needs attention: high importance, low performance'
    """
    from crmkit.satisfaction import ipa

    _check_title(title, ax)
    table = ipa(
        data,
        attributes,
        importance=importance,
        performance=performance,
        centre=centre,
        scale=scale,
    )
    ci, cp = table.attrs["centre"]
    ax = _axes(ax)
    colours = {
        "concentrate here": _BAD,
        "keep up the good work": _GOOD,
        "low priority": _NEUTRAL,
        "possible overkill": OKABE_ITO[0],
    }
    ax.scatter(
        table["performance"],
        table["importance"],
        s=120,
        c=[colours[q] for q in table["quadrant"]],
        zorder=3,
        edgecolor="white",
    )
    lo = min(table["performance"].min(), table["importance"].min(), cp, ci)
    hi = max(table["performance"].max(), table["importance"].max(), cp, ci)
    pad = max((hi - lo) * 0.35, 0.3)
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(lo - pad, hi + pad)
    ax.axvline(cp, color=_REF, lw=1.2, ls="--")
    ax.axhline(ci, color=_REF, lw=1.2, ls="--")
    corners = [
        ("Concentrate here", 0.01, 0.99, "left", "top"),
        ("Keep up the good work", 0.99, 0.99, "right", "top"),
        ("Low priority", 0.01, 0.01, "left", "bottom"),
        ("Possible overkill", 0.99, 0.01, "right", "bottom"),
    ]
    for text, x, y, ha, va in corners:
        ax.text(
            x,
            y,
            text,
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=12,
            style="italic",
            color="#555555",
        )
    texts = []
    for _, row in table.iterrows():
        right = row["performance"] >= cp  # label on the side away from the cross-hair
        texts.append(
            ax.annotate(
                _nice(row["attribute"]),
                (row["performance"], row["importance"]),
                xytext=(10 if right else -10, 0),
                textcoords="offset points",
                ha="left" if right else "right",
                va="center",
                fontsize=12,
                bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1},
            )
        )
    _spread_labels(ax, texts)
    ax.set_xlabel(f"Performance (mean rating, {scale[0]}-{scale[1]})")
    ax.set_ylabel(f"Importance (mean rating, {scale[0]}-{scale[1]})")
    focus = table[table["quadrant"] == "concentrate here"]
    focus = focus.assign(gap=focus["importance"] - focus["performance"]).sort_values(
        "gap", ascending=False
    )
    if len(focus) == 0:
        default = "No attribute is both important and under-performing"
    else:
        names = _and(list(focus["attribute"]))
        verb = "needs" if len(focus) == 1 else "need"
        default = (
            f"{names[:1].upper() + names[1:]} {verb} attention: high importance, low performance"
        )
    _set_title(ax, title or default)
    return ax


@calls_public
def servqual_gaps(
    data: pd.DataFrame,
    dimensions: Sequence[str] = _SERVQUAL,
    *,
    expectation: str = "sq_exp_{}_{}",
    perception: str = "sq_perc_{}_{}",
    items: int = 2,
    ci: float = 0.95,
    scale: tuple[int, int] = (1, 7),
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of SERVQUAL gaps (perception minus expectation) with their intervals.

    The gaps and intervals come from :func:`crmkit.satisfaction.servqual_gaps`; the
    overall gap is drawn last in black.

    Parameters
    ----------
    data : pandas.DataFrame
        Survey responses (table ``surveys``).
    dimensions : sequence of str
        SERVQUAL dimensions (Parasuraman, Zeithaml & Berry 1988).
    expectation, perception : str
        Column templates filled with (dimension, item number).
    items : int
        Items per dimension.
    ci : float
        Confidence level of the error bars.
    scale : tuple of int
        The rating scale, default 1-7.
    title : str, optional
        By default it names the widest gap.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> surveys = pd.DataFrame({
    ...     "sq_exp_reliability_1": [7, 6, 7], "sq_perc_reliability_1": [4, 4, 5],
    ...     "sq_exp_empathy_1": [5, 5, 6], "sq_perc_empathy_1": [5, 6, 5]})
    >>> ax = servqual_gaps(surveys, ["reliability", "empathy"], items=1)
    >>> print(ax.get_title())
    Reliability falls furthest short:
    perception 2.33 points below expectation
    """
    from crmkit.satisfaction import servqual_gaps as gaps

    _check_title(title, ax)
    table = gaps(
        data,
        dimensions,
        expectation=expectation,
        perception=perception,
        items=items,
        ci=ci,
        scale=scale,
    )
    dims = table.drop(index="overall").sort_values("gap")
    rows = pd.concat([dims, table.loc[["overall"]]])
    ax = _axes(ax)
    y = list(range(len(rows)))[::-1]
    colours = [_BAD if g < 0 else _GOOD for g in dims["gap"]] + [_REF]
    ax.barh(y, rows["gap"], color=colours, height=0.6)
    ax.errorbar(
        rows["gap"],
        y,
        xerr=[rows["gap"] - rows["ci_low"], rows["ci_high"] - rows["gap"]],
        fmt="none",
        ecolor="#333333",
        capsize=5,
        lw=1.5,
    )
    ax.axvline(0, color=_REF, lw=1)
    ax.set_yticks(y, [_cap(d) for d in rows.index])
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(f"Gap: perception - expectation (points on the {scale[0]}-{scale[1]} scale)")
    ax.set_ylabel("SERVQUAL dimension")
    worst = dims["gap"].idxmin()
    gap = dims.loc[worst, "gap"]
    default = (
        f"{_cap(worst)} falls furthest short: perception {-gap:.2f} points below expectation"
        if gap < 0
        else "Every dimension meets expectations"
    )
    _set_title(ax, title or default)
    return ax


@calls_public
def csi_weights(
    data: pd.DataFrame,
    attributes: Sequence[str] = _ATTRIBUTES,
    *,
    importance: str = "imp_{}",
    performance: str = "perf_{}",
    weights: dict[str, float] | pd.Series | None = None,
    scale: tuple[int, int] = (1, 5),
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Each attribute's weight in the CSI (%) beside its performance (0-100), and the CSI.

    Weights, performance and the index come from :func:`crmkit.satisfaction.csi`; the
    CSI is the weighted mean of the performance bars, drawn as a vertical line.

    Parameters
    ----------
    data : pandas.DataFrame
        Survey responses (table ``surveys``).
    attributes : sequence of str
        Attribute names filled into ``importance`` and ``performance``.
    importance, performance : str
        Column templates.
    weights : dict or Series, optional
        Weights summing to 1; by default the normalised mean importance.
    scale : tuple of int
        The rating scale, default 1-5.
    title : str, optional
        By default it states the CSI, the heaviest and the weakest attribute.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> surveys = pd.DataFrame({"imp_price": [5, 5], "perf_price": [2, 2],
    ...                         "imp_website": [1, 1], "perf_website": [5, 5]})
    >>> ax = csi_weights(surveys, ["price", "website"])
    >>> print(ax.get_title())
    CSI 38 of 100:
    price weighs most (83%) and scores lowest (25)
    """
    from crmkit.satisfaction import csi

    _check_title(title, ax)
    result = csi(
        data,
        attributes,
        importance=importance,
        performance=performance,
        weights=weights,
        scale=scale,
    )
    w = result.weights * 100
    perf = result.performance
    order = perf.sort_values().index  # weakest on top
    y = list(range(len(order)))[::-1]
    ax = _axes(ax)
    h = 0.38
    ax.barh([v + h / 2 for v in y], w[order], height=h, color=OKABE_ITO[1], label="Weight (%)")
    ax.barh(
        [v - h / 2 for v in y],
        perf[order],
        height=h,
        color=OKABE_ITO[0],
        label="Performance (0-100)",
    )
    box = {"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1}
    for v, a in zip(y, order, strict=True):
        ax.text(w[a] + 1, v + h / 2, f"{w[a]:.0f}%", va="center", fontsize=11, bbox=box)
        ax.text(perf[a] + 1, v - h / 2, f"{perf[a]:.0f}", va="center", fontsize=11, bbox=box)
    ax.axvline(
        result.index, color=_REF, ls="--", lw=1.5, label=f"CSI {result.index:.1f} (weighted mean)"
    )
    ax.set_yticks(y, [_wrap(_cap(a), 14) for a in order])
    ax.set_xlim(0, 110)
    ax.set_xlabel("Weight (% of the index) and performance (score out of 100)")
    ax.set_ylabel("Attribute")
    ax.grid(axis="y", visible=False)
    # Below the axes: inside, it would cover the CSI line or a bar.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=3, frameon=False)
    heavy, weak = w.idxmax(), perf.idxmin()
    if heavy == weak:
        finding = (
            f"{_nice(heavy)} weighs most ({w[heavy]:.0f}%) and scores lowest ({perf[weak]:.0f})"
        )
    else:
        finding = (
            f"{_nice(heavy)} weighs most ({w[heavy]:.0f}%), "
            f"{_nice(weak)} scores lowest ({perf[weak]:.0f})"
        )
    _set_title(ax, title or f"CSI {result.index:.0f} of 100: {finding}")
    return ax


def wave_change(
    data: pd.DataFrame,
    value: str = "csat",
    *,
    statistic: str = "mean",
    wave: str = "wave",
    customer: str = "customer_id",
    ci: float = 0.95,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The change between two survey waves: all respondents against the same customers.

    The changes and intervals come from :func:`crmkit.satisfaction.wave_change`; each
    row is drawn as its change with the interval, beside the zero line.

    Parameters
    ----------
    data : pandas.DataFrame
        Survey responses (table ``surveys``) of two waves.
    value : str, default "csat"
        The score compared.
    statistic : {"mean", "nps"}, default "mean"
        Compare mean scores, or the NPS of a 0-10 score.
    wave, customer : str
        The wave and customer key columns.
    ci : float, default 0.95
        Confidence level of the intervals.
    title : str, optional
        By default it says whether the raw change over- or understates the change of the
        same customers.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> surveys = pd.DataFrame({"customer_id": ["A", "B", "C", "A", "B"],
    ...                         "wave": [1, 1, 1, 2, 2], "csat": [3, 4, 1, 4, 5]})
    >>> ax = wave_change(surveys)
    >>> print(ax.get_title())
    The raw change (+1.83) overstates the change
    of the customers who answered twice (+1.00)
    """
    from crmkit.satisfaction import wave_change as change_of

    _check_title(title, ax)
    table = change_of(data, value, statistic=statistic, wave=wave, customer=customer, ci=ci)
    ax = _axes(ax)
    y = [1, 0]
    colours = [_NEUTRAL, OKABE_ITO[0]]
    fmt = ".1f" if statistic == "nps" else ".2f"
    for yi, (_, row), colour in zip(y, table.iterrows(), colours, strict=True):
        ax.errorbar(
            row["change"],
            yi,
            xerr=[[row["change"] - row["ci_low"]], [row["ci_high"] - row["change"]]],
            fmt="o",
            ms=11,
            color=colour,
            ecolor=colour,
            capsize=6,
            lw=2.5,
        )
        ax.annotate(
            f"{row['change']:+{fmt}}   (from {row['first']:{fmt}} to {row['second']:{fmt}}; "
            f"{int(row['n_first']):,} and {int(row['n_second']):,} answers)",
            (row["change"], yi),
            xytext=(0, 14),
            textcoords="offset points",
            ha="center",
            fontsize=12,
        )
    ax.axvline(0, color=_REF, lw=1)
    ax.set_yticks(y, ["All respondents", "Answered\nboth waves"])
    ax.set_ylabel("Respondents compared")
    ax.set_ylim(-0.6, 1.7)
    lo = min(0.0, float(table["ci_low"].min()))
    hi = max(0.0, float(table["ci_high"].max()))
    pad = (hi - lo) * 0.45
    ax.set_xlim(lo - pad, hi + pad)
    ax.grid(axis="y", visible=False)
    unit = "NPS points" if statistic == "nps" else f"points of {_nice(value)}"
    ax.set_xlabel(f"Change from the first to the second wave ({unit}, {ci:.0%} interval)")
    raw, same = table["change"]
    word = "overstates" if raw > same else "understates"
    default = (
        f"The raw change ({raw:+{fmt}}) {word} the change of the customers who answered "
        f"twice ({same:+{fmt}})"
    )
    _set_title(ax, title or default)
    return ax


def satisfaction_outcomes(
    surveys: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    score: str = "csat",
    window_days: float = 90,
    retention_days: float = 180,
    observation_end: object = None,
    min_n: int = 20,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Repurchase and retention by satisfaction level, with Wilson intervals.

    Both series come from :func:`crmkit.satisfaction.satisfaction_vs_repurchase`:
    ``measure="repurchase"`` (an order within ``window_days`` after answering) and
    ``measure="retention"`` (an order in the last ``retention_days`` before the end).

    Parameters
    ----------
    surveys : pandas.DataFrame
        Survey responses (table ``surveys``), answered before the retention window.
    order_lines : pandas.DataFrame
        Table ``order_lines``.
    score : str, default "csat"
        The satisfaction column whose levels form the x axis.
    window_days : float, default 90
        Repurchase window after the survey day.
    retention_days : float, default 180
        Activity window before ``observation_end`` that counts as still a customer.
    observation_end : str or Timestamp, optional
        Last day of orders; default the last order date.
    min_n : int, default 20
        The title compares the lowest and highest levels with at least this many
        respondents (small levels have wide intervals).
    title : str, optional
        By default it states retention and repurchase at those two levels.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> surveys = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "csat": [5, 2, 5, 2],
    ...                         "survey_date": pd.to_datetime(["2024-01-01"] * 4)})
    >>> orders = pd.DataFrame({"customer_id": ["A", "B", "C"],
    ...     "order_date": pd.to_datetime(["2024-02-01", "2024-03-01", "2024-12-31"])})
    >>> ax = satisfaction_outcomes(surveys, orders, min_n=1)
    >>> print(ax.get_title())
    Still a customer at the end: 0% at CSAT 2, 50% at 5;
    repurchase within 90 days: 50% at 2, 50% at 5
    """
    from crmkit._validate import check_number
    from crmkit.satisfaction import satisfaction_vs_repurchase

    _check_title(title, ax)
    least = check_number(min_n, "min_n", lo=1, integer=True, why="a number of respondents")
    kw = {"score": score, "observation_end": observation_end}
    rep = satisfaction_vs_repurchase(
        surveys, order_lines, measure="repurchase", window_days=window_days, **kw
    )
    ret = satisfaction_vs_repurchase(
        surveys, order_lines, measure="retention", window_days=retention_days, **kw
    )
    ax = _axes(ax)
    series = [
        (
            ret,
            f"Still a customer at the end (ordered in the last {retention_days:g} days)",
            OKABE_ITO[0],
            -0.08,
        ),
        (rep, f"Repurchased within {window_days:g} days of answering", OKABE_ITO[1], 0.08),
    ]
    for table, label, colour, dx in series:
        x = table.index.to_numpy(dtype=float) + dx
        share = table["share"] * 100
        ax.errorbar(
            x,
            share,
            yerr=[share - table["ci_low"] * 100, table["ci_high"] * 100 - share],
            fmt="o-",
            ms=8,
            color=colour,
            capsize=4,
            label=label,
        )
    ax.set_xticks(ret.index.to_numpy(), [f"{level}\n(n={n})" for level, n in ret["n"].items()])
    ax.set_ylim(0, 105)
    ax.set_xlabel(f"Satisfaction ({_nice(score)} answer; n = respondents)")
    ax.set_ylabel("Respondents (%)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.27), ncols=1)
    big = ret.index[ret["n"].to_numpy() >= least]
    if len(big) < 2:
        big = ret.index
    lo, hi = big.min(), big.max()
    default = (
        f"Still a customer at the end: {ret.loc[lo, 'share']:.0%} at {_nice(score)} {lo}, "
        f"{ret.loc[hi, 'share']:.0%} at {hi}; repurchase within {window_days:g} days: "
        f"{rep.loc[lo, 'share']:.0%} at {lo}, {rep.loc[hi, 'share']:.0%} at {hi}"
    )
    _set_title(ax, title or default)
    return ax


# ---------------------------------------------------------------------------------------
# Relationship marketing (notebook 02)
# ---------------------------------------------------------------------------------------


@calls_public
def dimension_profile(
    surveys: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    *,
    by: str = "segment",
    dimensions: dict[str, Sequence[str]] | None = None,
    ci: float = 0.95,
    customer: str = "customer_id",
    scale: tuple[float, float] = (1, 5),
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Mean score of each relationship dimension per group, with confidence intervals.

    The means and t intervals come from :func:`crmkit.relationship.dimension_profile`.

    Parameters
    ----------
    surveys : pandas.DataFrame
        Survey responses (table ``surveys``).
    customers : pandas.DataFrame, optional
        Table ``customers``, when ``by`` is one of its columns.
    by : str, default "segment"
        Group column.
    dimensions : dict of str to list of str, optional
        Dimension -> item columns; default bonding, empathy, reciprocity, trust.
    ci : float
        Confidence level of the error bars.
    customer : str
        Key joining ``surveys`` to ``customers``.
    scale : tuple of float
        The Likert scale, default 1-5.
    title : str, optional
        By default it names the highest-scoring dimension and the spread between groups.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> surveys = pd.DataFrame({"wave": [1, 1, 1, 2, 2, 2],
    ...                         "trust_1": [4, 5, 4, 3, 4, 3], "trust_2": [5, 4, 4, 3, 3, 4],
    ...                         "bonding_1": [2, 3, 2, 3, 2, 3], "bonding_2": [3, 2, 2, 2, 3, 3]})
    >>> dims = {"trust": ["trust_1", "trust_2"], "bonding": ["bonding_1", "bonding_2"]}
    >>> ax = dimension_profile(surveys, by="wave", dimensions=dims)
    >>> print(ax.get_title())
    Trust scores highest (3.8 of 5);
    waves differ by up to 1.0 points
    """
    from crmkit import relationship

    _check_title(title, ax)
    kwargs = {} if dimensions is None else {"dimensions": dimensions}
    table = relationship.dimension_profile(
        surveys, customers, by=by, ci=ci, customer=customer, scale=scale, **kwargs
    )
    groups = list(dict.fromkeys(table[by]))
    dims = list(dict.fromkeys(table["dimension"]))
    ax = _axes(ax)
    colours = _palette(len(groups))
    width = 0.7 / len(groups)
    for k, (group, colour) in enumerate(zip(groups, colours, strict=True)):
        part = table[table[by] == group].set_index("dimension").loc[dims]
        x = [i - 0.35 + width * (k + 0.5) for i in range(len(dims))]
        ax.errorbar(
            x,
            part["mean"],
            yerr=[part["mean"] - part["ci_low"], part["ci_high"] - part["mean"]],
            fmt="o",
            ms=9,
            capsize=4,
            color=colour,
            label=_nice(group),
        )
    ax.set_xticks(range(len(dims)), [_cap(d) for d in dims])
    ax.set_xlabel("Relationship-marketing dimension")
    ax.set_ylabel(f"Mean score (Likert {scale[0]:g}-{scale[1]:g})")
    ax.grid(axis="x", visible=False)
    ax.legend(title=_cap(by), ncols=min(len(groups), 4), loc="lower center")
    lo, hi = table["ci_low"].min(), table["ci_high"].max()
    pad = (hi - lo) * 0.6 + 0.05
    ax.set_ylim(max(scale[0], lo - pad), min(scale[1], hi + pad * 0.3))
    weighted = (table["mean"] * table["n"]).groupby(table["dimension"], sort=False).sum()
    overall = weighted / table.groupby("dimension", sort=False)["n"].sum()
    top = overall.idxmax()
    spread = table.groupby("dimension")["mean"].agg(lambda s: s.max() - s.min()).max()
    default = (
        f"{_cap(top)} scores highest ({overall[top]:.1f} of {scale[1]:g}); "
        f"{_nice(by)}{'' if by.endswith('s') else 's'} differ by up to {spread:.1f} points"
    )
    _set_title(ax, title or default)
    return ax


@calls_public
def alpha_if_deleted(
    data: pd.DataFrame,
    items: Sequence[str],
    *,
    ci: float = 0.95,
    scale_name: str | None = None,
    table: str = "surveys",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Bars of Cronbach's alpha with each item deleted, against the scale's alpha.

    Both come from :mod:`crmkit.relationship` (:func:`~crmkit.relationship.item_analysis`
    and :func:`~crmkit.relationship.cronbach_alpha`). A bar above the dashed line marks
    an item whose removal would make the scale more reliable.

    Parameters
    ----------
    data : pandas.DataFrame
        One column per item (table ``surveys``).
    items : sequence of str
        The scale's items (at least 3, so that deleting one leaves a scale).
    ci : float
        Confidence level of the scale alpha's interval (shown in the legend).
    scale_name : str, optional
        The scale's name for the title; by default the items' common prefix.
    table : str
        The table's name, for error messages.
    title : str, optional
        By default it says whether any item is worth dropping.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> surveys = pd.DataFrame({"trust_1": [1, 2, 3, 4, 5], "trust_2": [1, 2, 3, 5, 4],
    ...                         "trust_3": [2, 1, 3, 4, 5]})
    >>> ax = alpha_if_deleted(surveys, ["trust_1", "trust_2", "trust_3"])
    >>> print(ax.get_title())
    No trust item worth dropping:
    deleting any lowers alpha from 0.95
    """
    from crmkit.relationship import cronbach_alpha, item_analysis

    _check_title(title, ax, scale_name=scale_name)
    stats = item_analysis(data, items, table=table)
    alpha = cronbach_alpha(data, items, ci=ci, table=table)
    if scale_name is None:
        prefixes = {str(i).rsplit("_", 1)[0] for i in items}
        scale_name = prefixes.pop() if len(prefixes) == 1 else "scale"
    ax = _axes(ax)
    values = stats["alpha_if_deleted"]
    colours = [_BAD if v > alpha.alpha else OKABE_ITO[0] for v in values]
    ax.bar([_wrap(i, 12) for i in values.index], values, color=colours, width=0.6)
    for k, v in enumerate(values):
        ax.text(k, v + 0.01, f"{v:.2f}", ha="center", va="bottom", fontsize=12)
    ax.axhline(alpha.alpha, color=_REF, ls="--", lw=1.5)
    ax.text(
        1.0,
        alpha.alpha,
        f"scale alpha {alpha.alpha:.2f}\n({ci:.0%} CI {alpha.ci_low:.2f}-{alpha.ci_high:.2f})",
        transform=ax.get_yaxis_transform(),
        ha="right",
        va="bottom",
        fontsize=11,
    )
    ax.set_ylim(min(0.0, values.min() - 0.05), max(1.0, values.max() + 0.1))
    ax.set_xlabel("Item deleted")
    ax.set_ylabel("Cronbach's alpha without the item (0-1)")
    ax.grid(axis="x", visible=False)
    if (values > alpha.alpha).any():
        worst = values.idxmax()
        default = (
            f"Dropping {worst} would raise {_nice(scale_name)} alpha from {alpha.alpha:.2f} "
            f"to {values.max():.2f}"
        )
    else:
        default = (
            f"No {_nice(scale_name)} item worth dropping: deleting any lowers alpha from "
            f"{alpha.alpha:.2f}"
        )
    _set_title(ax, title or default)
    return ax


def scale_alphas(
    data: pd.DataFrame,
    dimensions: dict[str, Sequence[str]] | None = None,
    *,
    ci: float = 0.95,
    threshold: float = 0.7,
    table: str = "surveys",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Cronbach's alpha of every scale with its Feldt interval, against a threshold.

    Each alpha and interval is :func:`crmkit.relationship.cronbach_alpha` of the scale's
    items; a scale whose alpha is below ``threshold`` is drawn in vermillion.

    Parameters
    ----------
    data : pandas.DataFrame
        One column per item (table ``surveys``).
    dimensions : dict of str to list of str, optional
        Scale -> item columns (at least two each); default bonding, empathy, reciprocity
        and trust (:data:`crmkit.relationship.DIMENSIONS`).
    ci : float
        Confidence level of the error bars.
    threshold : float, default 0.7
        The dashed reference line: Nunnally's (1978) usual minimum for a research scale.
    table : str
        The table's name, for error messages.
    title : str, optional
        By default it names the scales below the threshold.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> surveys = pd.DataFrame({"trust_1": [1, 2, 3, 4, 5], "trust_2": [1, 2, 3, 5, 4],
    ...                         "bond_1": [1, 5, 2, 4, 3], "bond_2": [2, 2, 3, 5, 1]})
    >>> ax = scale_alphas(surveys, {"trust": ["trust_1", "trust_2"],
    ...                             "bonding": ["bond_1", "bond_2"]})
    >>> print(ax.get_title())
    Bonding falls short of alpha 0.7 (0.34); trust reaches it
    """
    import numpy as np

    from crmkit.relationship import DIMENSIONS, cronbach_alpha

    _check_title(title, ax)
    dims = dict(DIMENSIONS if dimensions is None else dimensions)
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    cut = check_number(threshold, "threshold", lo=0, hi=1)
    res = {d: cronbach_alpha(data, list(items), ci=level, table=table) for d, items in dims.items()}
    ax = _axes(ax)
    names = list(res)
    y = list(range(len(names)))[::-1]
    alpha = [res[d].alpha for d in names]
    lo = [res[d].ci_low for d in names]
    hi = [res[d].ci_high for d in names]
    colours = [_BAD if a < cut else OKABE_ITO[0] for a in alpha]
    ax.errorbar(
        alpha,
        y,
        xerr=[
            [a - low for a, low in zip(alpha, lo, strict=True)],
            [high - a for a, high in zip(alpha, hi, strict=True)],
        ],
        fmt="none",
        ecolor="#333333",
        capsize=6,
        lw=1.8,
    )
    ax.scatter(alpha, y, s=130, c=colours, zorder=3, gid="alpha")
    for yi, d in zip(y, names, strict=True):
        ax.annotate(
            f"{res[d].alpha:.2f} ({res[d].n_items} items)",
            (res[d].alpha, yi),
            xytext=(0, 11),
            textcoords="offset points",
            ha="center",
            fontsize=12,
        )
    ax.axvline(cut, color=_REF, ls="--", lw=1.2)
    ax.text(
        cut,
        0.01,
        f" threshold {cut:g}",
        transform=ax.get_xaxis_transform(),
        va="bottom",
        fontsize=11,
    )
    ax.set_yticks(y, [_cap(d) for d in names])
    ax.set_ylim(-0.7, len(names) - 0.4)
    # show from a round tenth below the lowest interval (and below the threshold) to 1
    left = min(min(lo) - 0.05, cut - 0.1)
    ax.set_xlim(np.floor(left * 10) / 10, 1.0)
    ax.set_xlabel(f"Cronbach's alpha ({level:.0%} CI, Feldt)")
    ax.set_ylabel("Scale")
    ax.grid(axis="y", visible=False)
    weak = [d for d, a in zip(names, alpha, strict=True) if a < cut]
    good = [d for d in names if d not in weak]
    if not weak:
        default = f"Every scale reaches alpha {cut:g} (lowest {_nice(names[alpha.index(min(alpha))])}, {min(alpha):.2f})"
    elif len(weak) == 1:
        default = f"{_cap(weak[0])} falls short of alpha {cut:g} ({res[weak[0]].alpha:.2f})"
        if good:
            default += f"; {_and(good)} {'reaches' if len(good) == 1 else 'reach'} it"
    else:
        default = f"{_cap(_and(weak))} fall short of alpha {cut:g}"
    _set_title(ax, title or default)
    return ax


def loyalty_drivers(
    surveys: pd.DataFrame,
    order_lines: pd.DataFrame | None = None,
    *,
    outcome: str | pd.Series | None = None,
    measure: str = "repurchase",
    dimensions: dict[str, Sequence[str]] | None = None,
    window_days: float = 365,
    observation_end: str | pd.Timestamp | None = None,
    standardise: bool = True,
    ci: float = 0.95,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Odds ratio of buying again per dimension, with intervals, on a log scale.

    The coefficients and Wald intervals come from
    :func:`crmkit.relationship.loyalty_drivers` (a logistic regression on all dimensions
    together), drawn as odds ratios: 1 (the dashed line) is no effect. A dimension whose
    interval excludes 1 is drawn in blue, the others in grey.

    Parameters
    ----------
    surveys, order_lines : pandas.DataFrame
        Tables ``surveys`` and ``order_lines`` (or ``outcome`` instead of ``order_lines``).
    outcome, measure, dimensions, window_days, observation_end, standardise, ci
        As in :func:`crmkit.relationship.loyalty_drivers`.
    title : str, optional
        By default it names the strongest driver and the dimensions without a clear effect.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> surveys = pd.DataFrame({
    ...     "trust_1": [5, 2, 1, 2, 3, 5, 3, 1, 2, 4, 5, 4],
    ...     "bonding_1": [5, 1, 5, 1, 3, 2, 2, 4, 2, 3, 2, 1],
    ...     "again": [True, False, False, False, False, True, True, False, False, True,
    ...               False, False]})
    >>> ax = loyalty_drivers(surveys, outcome="again",
    ...                      dimensions={"trust": ["trust_1"], "bonding": ["bonding_1"]})
    >>> print(ax.get_title())
    No dimension clearly drives buying again (largest: trust, odds x6.1 per SD)
    """
    import numpy as np

    from crmkit import relationship

    _check_title(title, ax)
    kwargs = {} if dimensions is None else {"dimensions": dimensions}
    fit = relationship.loyalty_drivers(
        surveys,
        order_lines,
        outcome=outcome,
        measure=measure,
        window_days=window_days,
        observation_end=observation_end,
        standardise=standardise,
        ci=ci,
        **kwargs,
    )
    odds = np.exp(fit[["coef", "ci_low", "ci_high"]])
    ax = _axes(ax)
    y = list(range(len(fit)))[::-1]
    clear = (fit["ci_low"] > 0) | (fit["ci_high"] < 0)
    ax.errorbar(
        odds["coef"],
        y,
        xerr=[odds["coef"] - odds["ci_low"], odds["ci_high"] - odds["coef"]],
        fmt="none",
        ecolor="#333333",
        capsize=6,
        lw=1.8,
    )
    ax.scatter(
        odds["coef"],
        y,
        s=130,
        c=[OKABE_ITO[0] if c else _NEUTRAL for c in clear],
        zorder=3,
        gid="odds",
    )
    for yi, value in zip(y, odds["coef"], strict=True):
        ax.annotate(
            f"x{value:.2f}",
            (value, yi),
            xytext=(0, 11),
            textcoords="offset points",
            ha="center",
            fontsize=12,
        )
    ax.axvline(1.0, color=_REF, ls="--", lw=1.2)
    ax.set_xscale("log")
    lo, hi = float(odds["ci_low"].min()), float(odds["ci_high"].max())
    ax.set_xlim(min(lo, 1.0) / 1.15, max(hi, 1.0) * 1.15)
    ticks = [
        t
        for t in (0.25, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
        if min(lo, 1.0) / 1.15 <= t <= max(hi, 1.0) * 1.15
    ]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.xaxis.set_minor_formatter("")
    ax.set_yticks(y, [_cap(d) for d in fit.index])
    ax.set_ylim(-0.6, len(fit) - 0.4)
    unit = "per SD" if standardise else "per scale point"
    what = "being retained" if measure == "retention" and outcome is None else "buying again"
    ax.set_xlabel(f"Odds ratio of {what}, {unit} (log scale, {ci:.0%} CI)")
    ax.set_ylabel("Dimension")
    ax.grid(axis="y", visible=False)
    top = fit.index[fit["rank"] == 1][0]
    label = "retention" if what == "being retained" else "buying again"
    unclear = [d for d in fit.index if not clear[d]]
    if clear[top]:
        default = f"{_cap(top)} drives {label} most (odds x{odds.loc[top, 'coef']:.1f} {unit})"
        if unclear:
            default += f"; no clear effect of {_and(unclear)}"
    else:
        default = (
            f"No dimension clearly drives {label} (largest: {_nice(top)}, odds "
            f"x{odds.loc[top, 'coef']:.1f} {unit})"
        )
    _set_title(ax, title or default)
    return ax


def repurchase_by_satisfaction(
    surveys: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    score: str = "csat",
    measure: str = "repurchase",
    window_days: float = 90,
    observation_end: str | pd.Timestamp | None = None,
    ci: float = 0.95,
    claim: dict[int, float] | None = None,
    claim_label: str = "the claim",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Share of respondents who bought again at each satisfaction level, with intervals.

    Shares and Wilson intervals come from
    :func:`crmkit.satisfaction.satisfaction_vs_repurchase`. A claim about some levels
    (for example "nearly all strongly dissatisfied customers leave") can be drawn as the
    share it implies, so the room sees whether the data's interval reaches it.

    Parameters
    ----------
    surveys, order_lines : pandas.DataFrame
        Tables ``surveys`` and ``order_lines``.
    score, measure, window_days, observation_end, ci
        As in :func:`crmkit.satisfaction.satisfaction_vs_repurchase`.
    claim : dict of int to float, optional
        Level -> the share (0-1) who would buy again if the claim were true; drawn as
        vermillion crosses.
    claim_label : str, default "the claim"
        The crosses' legend label.
    title : str, optional
        By default it compares the lowest and highest level, or the data with the claim.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> surveys = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "csat": [1, 1, 5, 5],
    ...                         "survey_date": pd.to_datetime(["2024-01-01"] * 4)})
    >>> orders = pd.DataFrame({"customer_id": ["A", "C", "D"],
    ...     "order_date": pd.to_datetime(["2024-02-01", "2024-02-01", "2024-03-01"])})
    >>> ax = repurchase_by_satisfaction(surveys, orders, observation_end="2024-12-31",
    ...                                 claim={1: 0.02})
    >>> print(ax.get_title())
    At CSAT 1, 50% bought again within 90 days (95% CI 9-91%);
    the claim implies 2%
    """
    import numpy as np

    from crmkit.satisfaction import satisfaction_vs_repurchase

    _check_title(title, ax)
    check_choice(measure, "measure", ["repurchase", "retention"])
    table = satisfaction_vs_repurchase(
        surveys,
        order_lines,
        score=score,
        measure=measure,
        window_days=window_days,
        observation_end=observation_end,
        ci=ci,
    )
    claimed = {} if claim is None else dict(claim)
    for level, share in claimed.items():
        if level not in table.index:
            raise ValueError(
                f"argument 'claim' names level {level!r} of column '{score}', which no "
                f"response has; levels are {table.index.tolist()}."
            )
        check_number(share, f"claim[{level!r}]", lo=0, hi=1)
    pct = table[["share", "ci_low", "ci_high"]] * 100
    x = np.arange(len(table))
    ax = _axes(ax)
    ax.bar(x, pct["share"], color=OKABE_ITO[0], width=0.6, alpha=0.85, label="data")
    ax.errorbar(
        x,
        pct["share"],
        yerr=[pct["share"] - pct["ci_low"], pct["ci_high"] - pct["share"]],
        fmt="none",
        ecolor="#333333",
        capsize=6,
        lw=1.8,
    )
    if claimed:
        pos = [table.index.get_loc(level) for level in claimed]
        ax.scatter(
            pos,
            [100 * s for s in claimed.values()],
            marker="X",
            s=220,
            color=_BAD,
            zorder=4,
            label=claim_label,
        )
        ax.legend(loc="upper left")
    name = score.upper() if score in ("csat", "nps") else _nice(score)
    ax.set_xticks(x, [f"{v}\n(n = {n:,})" for v, n in zip(table.index, table["n"], strict=True)])
    ax.set_ylim(0, 105)
    ax.set_xlabel(f"{name} (answer level, respondents)")
    did = "Bought again" if measure == "repurchase" else "Still buying"
    when = (
        f"within {window_days:g} days"
        if measure == "repurchase"
        else f"in the last {window_days:g} days"
    )
    ax.set_ylabel(f"{did} {when} (%, {ci:.0%} CI)")
    ax.grid(axis="x", visible=False)
    verb = "bought again" if measure == "repurchase" else "were still buying"
    if claimed:
        level, share = next(iter(claimed.items()))
        r = pct.loc[level]
        default = (
            f"At {name} {level}, {r['share']:.0f}% {verb} {when} ({ci:.0%} CI "
            f"{r['ci_low']:.0f}-{r['ci_high']:.0f}%); the claim implies {share:.0%}"
        )
    else:
        first, last = pct.index[0], pct.index[-1]
        default = (
            f"{pct.loc[first, 'share']:.0f}% {verb} at {name} {first}, "
            f"{pct.loc[last, 'share']:.0f}% at {last} ({when})"
        )
    _set_title(ax, title or default)
    return ax


# ---------------------------------------------------------------------------------------
# Lifecycle (notebook 03)
# ---------------------------------------------------------------------------------------

_PERIOD_WORD = {"M": "month", "Q": "quarter", "Y": "year", "A": "year", "W": "week"}


@calls_public
def cohort_heatmap(
    order_lines: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    *,
    period: str = "Q",
    cohort: str = "first_order",
    observation_end: str | pd.Timestamp = "2024-12-31",
    customer: str = "customer_id",
    order_date: str = "order_date",
    signup: str = "signup_date",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Cohort retention matrix as an annotated heatmap (% of each cohort ordering).

    The matrix comes from :func:`crmkit.lifecycle.cohort_retention`; cells a cohort has
    not reached by the observation end stay blank.

    Parameters
    ----------
    order_lines : pandas.DataFrame
        Table ``order_lines``.
    customers : pandas.DataFrame, optional
        Table ``customers`` (needed with ``cohort="signup"``).
    period : {"M", "Q", "Y"}, default "Q"
        Length of a period.
    cohort : {"first_order", "signup"}
        What starts a customer's clock.
    observation_end : str or Timestamp
        Last day of the data.
    customer, order_date, signup : str
        Column names.
    title : str, optional
        By default it states the average retention one period and the longest age later.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> lines = pd.DataFrame({"customer_id": ["A", "A", "B", "C", "C"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-04-02", "2024-02-01",
    ...                                   "2024-04-10", "2024-08-01"])})
    >>> ax = cohort_heatmap(lines, observation_end="2024-09-30")
    >>> ax.images[0].get_array().filled(-1).round(2).tolist()
    [[100.0, 50.0, 0.0], [100.0, 100.0, -1.0]]
    """
    import matplotlib as mpl

    from crmkit.lifecycle import cohort_retention

    _check_title(title, ax)
    result = cohort_retention(
        order_lines,
        customers,
        period=period,
        cohort=cohort,
        observation_end=observation_end,
        customer=customer,
        order_date=order_date,
        signup=signup,
    )
    rates = result.rates * 100
    ax = _axes(ax)
    cmap = mpl.colormaps["viridis"]
    norm = mpl.colors.Normalize(0, 100)
    image = ax.imshow(rates.to_numpy(dtype=float), cmap=cmap, norm=norm, aspect="auto")
    _annotate_cells(ax, rates.round(0), ".0f", norm, cmap)
    ax.set_xticklabels([str(c) for c in rates.columns])
    ax.set_yticklabels([str(i) for i in rates.index])
    word = _PERIOD_WORD.get(period.upper()[:1], "period")
    ax.set_xlabel(f"Age ({word}s since {_nice(cohort)}; 0 = the cohort's own {word})")
    ax.set_ylabel(f"Cohort ({word} of {_nice(cohort)})")
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("Cohort ordering (%)")
    first = rates[1].mean() if 1 in rates.columns and rates[1].notna().any() else float("nan")
    observed = [c for c in rates.columns if rates[c].notna().any()]
    last = observed[-1]
    if pd.notna(first) and last > 1:
        default = (
            f"On average {first:.0f}% of a cohort orders again next {word}; "
            f"{rates[last].mean():.0f}% still orders {last} {word}s on"
        )
    else:
        default = f"Cohort retention by {word}"
    _set_title(ax, title or default)
    return ax


@calls_public
def funnel(
    customers: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    products: pd.DataFrame | None = None,
    observation_end: str | pd.Timestamp = "2024-12-31",
    active_days: float = 180,
    min_orders: int = 3,
    min_categories: int = 2,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal funnel of the relationship stages with the conversion between stages.

    Stages, counts and conversions come from :func:`crmkit.lifecycle.funnel` (column
    names take that function's defaults).

    Parameters
    ----------
    customers, order_lines : pandas.DataFrame
        Tables ``customers`` and ``order_lines``.
    products : pandas.DataFrame, optional
        Table ``products`` (to count categories).
    observation_end : str or Timestamp
        Last day of the data.
    active_days, min_orders, min_categories
        The stage rules (see :func:`crmkit.lifecycle.funnel`).
    title : str, optional
        By default it states the share reaching the last stage and the biggest drop.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["A", "B"],
    ...     "signup_date": pd.to_datetime(["2024-01-01", "2024-01-01"])})
    >>> lines = pd.DataFrame({"customer_id": ["A", "A"], "order_id": ["O1", "O2"],
    ...     "order_date": pd.to_datetime(["2024-02-01", "2024-03-01"])})
    >>> ax = funnel(customers, lines, observation_end="2024-06-30", min_categories=1)
    >>> [round(p.get_width()) for p in ax.patches]
    [2, 1, 1, 0, 0]
    """
    from crmkit.lifecycle import funnel as lifecycle_funnel

    _check_title(title, ax)
    table = lifecycle_funnel(
        customers,
        order_lines,
        products=products,
        observation_end=observation_end,
        active_days=active_days,
        min_orders=min_orders,
        min_categories=min_categories,
    )
    ax = _axes(ax)
    y = list(range(len(table)))[::-1]
    top = float(table["customers"].iloc[0])
    colours = _palette(1) * len(table)
    ax.barh(y, table["customers"], color=colours, height=0.65)
    for yi, (_, row) in zip(y, table.iterrows(), strict=True):
        text = f"{row['customers']:,.0f} ({row['share_of_signups']:.0%} of sign-ups)"
        if yi != y[0]:
            text += f"  {row['conversion']:.0%} of previous"
        ax.text(row["customers"] + top * 0.01, yi, text, va="center", fontsize=11)
    ax.set_yticks(y, [_wrap(s, 18) for s in table["stage"]])
    ax.set_xlim(0, top * 1.75)
    ax.set_xlabel("Customers")
    ax.set_ylabel("Funnel stage")
    ax.grid(axis="y", visible=False)
    steps = table.iloc[1:]

    def short(stage: object) -> str:
        return _nice(stage).split(" (")[0]

    default = f"{table['share_of_signups'].iloc[-1]:.0%} of sign-ups reach '{short(table['stage'].iloc[-1])}'"
    if len(steps) and top > 0:
        weak = steps["conversion"].idxmin()
        default += (
            f"; the weakest step, into '{short(table.loc[weak, 'stage'])}', "
            f"keeps {table.loc[weak, 'conversion']:.0%}"
        )
    _set_title(ax, title or default)
    return ax


@calls_public
def phase_counts(
    data: pd.DataFrame,
    *,
    phase: str = "phase",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Customers in each Kalakota & Robinson phase (bars, with the share of customers).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer with a phase column, as returned by
        :func:`crmkit.lifecycle.assign_phase`.
    phase : str, default "phase"
        The phase column; phases are shown in :data:`crmkit.lifecycle.PHASES` order.
    title : str, optional
        By default it names the largest phase and the lapsed share.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> phases = pd.DataFrame({"phase": ["acquisition", "retention", "retention", "lapsed"]})
    >>> ax = phase_counts(phases)
    >>> [float(p.get_height()) for p in ax.patches]
    [1.0, 0.0, 2.0, 1.0]
    """
    check_column_names(phase=phase)
    from crmkit.lifecycle import PHASES

    _check_title(title, ax)
    check_frame(
        data,
        "phases",
        {phase: Category(allowed=tuple(PHASES), why="phases come from lifecycle.assign_phase")},
        params={phase: "phase"},
    )
    counts = group_labels(data[phase]).value_counts().reindex(list(PHASES), fill_value=0)
    shares = counts / counts.sum() * 100
    ax = _axes(ax)
    colours = [OKABE_ITO[0], OKABE_ITO[2], OKABE_ITO[1], _NEUTRAL][: len(counts)]
    ax.bar([_cap(p) for p in counts.index], counts.to_numpy(dtype=float), color=colours, width=0.6)
    for k, (c, sh) in enumerate(zip(counts, shares, strict=True)):
        ax.text(k, c, f"{c:,} ({sh:.0f}%)", ha="center", va="bottom", fontsize=12)
    ax.set_ylim(0, counts.max() * 1.15 + 1)
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.set_xlabel("Phase (Kalakota & Robinson)")
    ax.set_ylabel("Customers")
    ax.grid(axis="x", visible=False)
    top = counts.idxmax()
    default = f"{_cap(top)} is the largest phase ({shares[top]:.0f}% of customers)"
    if "lapsed" in shares.index and top != "lapsed":
        default += f"; {shares['lapsed']:.0f}% have lapsed"
    _set_title(ax, title or default)
    return ax


_OUTCOME_LABELS = {
    "repeat_rate": "Bought again\n(repeat rate)",
    "first_order_rate": "First order\n(conversion)",
    "cross_sell_rate": "Bought a new category\n(cross-sell rate)",
    "up_sell_rate": "Larger average order\n(up-sell rate)",
}
#: One colour per phase, shared by the lifecycle figures (acquisition, enhancement,
#: retention, lapsed).
_PHASE_COLOURS = (OKABE_ITO[0], OKABE_ITO[2], OKABE_ITO[1], _NEUTRAL)


def phase_outcomes(
    data: pd.DataFrame,
    *,
    measures: Sequence[str] = ("repeat_rate", "cross_sell_rate", "up_sell_rate"),
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """What each phase's customers did next: grouped bars of rates with their intervals.

    Parameters
    ----------
    data : pandas.DataFrame
        The result of :func:`crmkit.lifecycle.phase_outcomes` (indexed by phase and
        measure, with ``value``, ``ci_low`` and ``ci_high``).
    measures : sequence of str, default ("repeat_rate", "cross_sell_rate", "up_sell_rate")
        The rate measures to draw, one group of bars each (any of ``repeat_rate``,
        ``first_order_rate``, ``cross_sell_rate``, ``up_sell_rate``).
    title : str, optional
        By default it names the phase that buys again most and the one that adds new
        categories most (of the measures drawn).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> index = pd.MultiIndex.from_product(
    ...     [["acquisition", "enhancement", "retention", "lapsed"], ["repeat_rate"]],
    ...     names=["phase", "measure"])
    >>> table = pd.DataFrame({"value": [0.8, 0.9, 0.95, 0.1], "base": [10, 10, 10, 10],
    ...                       "ci_low": [0.5, 0.6, 0.7, 0.0], "ci_high": [0.9, 1.0, 1.0, 0.4]},
    ...                      index=index)
    >>> ax = phase_outcomes(table, measures=["repeat_rate"])
    >>> [round(p.get_height()) for p in ax.patches]
    [80, 90, 95, 10]
    >>> ax.get_title()
    'Retention customers buy again most (95%)'
    """
    from crmkit.lifecycle import PHASES

    _check_title(title, ax)
    measures = list(measures)
    for m in measures:
        check_choice(m, "measures", list(_OUTCOME_LABELS))
    if not isinstance(data, pd.DataFrame) or data.index.nlevels != 2:
        raise ValueError(
            "table 'outcomes' must be the result of crmkit.lifecycle.phase_outcomes (indexed by "
            "phase and measure); pass that table."
        )
    check_frame(
        data.reset_index(),
        "outcomes",
        {
            "value": Numeric(allow_nan=True),
            "ci_low": Numeric(allow_nan=True),
            "ci_high": Numeric(allow_nan=True),
        },
    )
    present = set(data.index.get_level_values(1))
    missing = [m for m in measures if m not in present]
    if missing:
        raise ValueError(
            f"table 'outcomes' has no measure {missing[0]!r} (it has {sorted(present)}); "
            "compute it with phase_outcomes(..., products=products) or leave it out of measures."
        )
    phases = [p for p in PHASES if p in set(data.index.get_level_values(0))]
    ax = _axes(ax)
    width = 0.8 / len(phases)
    heights = {}
    for k, (phase, colour) in enumerate(zip(phases, _PHASE_COLOURS, strict=False)):
        rows = data.loc[phase].reindex(measures)
        value = rows["value"].to_numpy(dtype=float) * 100
        lo = rows["ci_low"].to_numpy(dtype=float) * 100
        hi = rows["ci_high"].to_numpy(dtype=float) * 100
        x = [i - 0.4 + width * (k + 0.5) for i in range(len(measures))]
        ax.bar(x, value, width=width * 0.92, color=colour, label=_cap(phase))
        ax.errorbar(
            x, value, yerr=[value - lo, hi - value], fmt="none", ecolor="#333333", capsize=3, lw=1.2
        )
        for xi, v, top in zip(x, value, hi, strict=True):
            if v == v:  # not NaN
                ax.text(xi, top + 1.5, f"{v:.0f}", ha="center", va="bottom", fontsize=11)
        heights[phase] = dict(zip(measures, value, strict=True))
    ax.set_xticks(range(len(measures)), [_OUTCOME_LABELS[m] for m in measures])
    ax.set_ylim(0, 115)
    ax.set_ylabel("Share of the phase's customers (%)")
    ax.set_xlabel("What they did in the next period (error bars: confidence interval)")
    ax.grid(axis="x", visible=False)
    ax.legend(
        title="Phase on the day assigned",
        ncols=len(phases),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.28),
    )
    frame = pd.DataFrame(heights)  # measures x phases, in %
    parts = []
    if "repeat_rate" in frame.index and frame.loc["repeat_rate"].notna().any():
        best = frame.loc["repeat_rate"].idxmax()
        parts.append(
            f"{_cap(best)} customers buy again most ({frame.loc['repeat_rate', best]:.0f}%)"
        )
    if "cross_sell_rate" in frame.index and frame.loc["cross_sell_rate"].notna().any():
        best = frame.loc["cross_sell_rate"].idxmax()
        parts.append(
            f"{_nice(best)} customers add new categories most "
            f"({frame.loc['cross_sell_rate', best]:.0f}%)"
        )
    default = "; ".join(parts) if parts else "What each phase's customers did next"
    _set_title(ax, title or (default[:1].upper() + default[1:]))
    return ax


# ---------------------------------------------------------------------------------------
# Swift's loop (notebook 04)
# ---------------------------------------------------------------------------------------


@calls_public
def lift_forest(
    contacts: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "segment",
    customers: pd.DataFrame | None = None,
    ci: float = 0.95,
    group: str = "group",
    response: str = "responded",
    customer: str = "customer_id",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Campaign lift (treatment minus control response rate) per group, with intervals.

    Lifts and intervals come from :func:`crmkit.swift.campaign_lift`; the pooled lift
    over all contacts is the black point at the bottom; the dashed line is zero lift.

    Parameters
    ----------
    contacts : pandas.DataFrame
        Table ``campaign_contacts`` (filter one campaign first to judge that campaign).
    by : str or list of str, optional
        Group column(s), of ``contacts`` or (with ``customers``) the customers table.
    customers : pandas.DataFrame, optional
        Table ``customers``.
    ci : float
        Confidence level of the error bars.
    group, response, customer : str
        Column names.
    title : str, optional
        By default it names the groups whose whole interval is above zero.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> contacts = pd.DataFrame({"segment": ["a"] * 8 + ["b"] * 8,
    ...     "group": (["treatment"] * 4 + ["control"] * 4) * 2,
    ...     "responded": [1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0]})
    >>> ax = lift_forest(contacts)
    >>> [round(float(x), 1) for x in ax.collections[-1].get_offsets()[:, 0]]
    [50.0, 0.0, 25.0]
    """
    from crmkit.swift import campaign_lift

    _check_title(title, ax)
    common = {"group": group, "response": response, "ci": ci, "customer": customer}
    table = campaign_lift(contacts, by=by, customers=customers, **common)
    pooled = campaign_lift(contacts, by=None, **common)
    labels = [
        " / ".join(_nice(v) for v in i) if isinstance(i, tuple) else _nice(i) for i in table.index
    ]
    rows = pd.concat([table, pooled]) if by is not None else pooled
    labels = (labels + ["all contacts"]) if by is not None else ["all contacts"]
    pp = rows[["lift", "ci_low", "ci_high"]].astype(float) * 100
    ax = _axes(ax)
    y = list(range(len(rows)))[::-1]
    ax.errorbar(
        pp["lift"],
        y,
        xerr=[pp["lift"] - pp["ci_low"], pp["ci_high"] - pp["lift"]],
        fmt="none",
        ecolor="#333333",
        capsize=5,
        lw=1.8,
    )
    colours = [
        _GOOD if lo > 0 else (_BAD if hi < 0 else _NEUTRAL) for lo, hi in pp.iloc[:, 1:].values
    ]
    colours[-1] = _REF
    ax.scatter(pp["lift"], y, s=110, c=colours, zorder=3, gid="lift")
    ax.axvline(0, color=_REF, ls="--", lw=1.2)
    for yi, (_, r) in zip(y, rows.iterrows(), strict=True):
        ax.text(
            1.01,
            yi,
            f"n = {int(r['n_treatment'])} + {int(r['n_control'])}",
            transform=ax.get_yaxis_transform(),
            va="center",
            fontsize=11,
        )
    ax.text(
        1.01,
        1.0,
        "n treated + control",
        transform=ax.transAxes,
        va="bottom",
        fontsize=11,
        style="italic",
    )
    ax.set_yticks(y, labels)
    ax.set_xlabel(f"Lift: treatment - control response rate (percentage points, {ci:.0%} CI)")
    ax.set_ylabel(_cap(by) if isinstance(by, str) else "Group")
    ax.grid(axis="y", visible=False)
    if by is not None:
        sure = [lab for lab, lo in zip(labels[:-1], pp["ci_low"].iloc[:-1], strict=True) if lo > 0]
        other = [lab for lab in labels[:-1] if lab not in sure]
        if sure and other:
            default = f"The campaign lifts response in {_and(sure)}, not clearly in {_and(other)}"
        elif sure:
            default = (
                f"The campaign lifts response in every group (pooled {pp['lift'].iloc[-1]:+.1f} pp)"
            )
        else:
            default = "No group shows a lift clearly above zero"
    else:
        default = f"Pooled lift {pp['lift'].iloc[-1]:+.1f} percentage points"
    _set_title(ax, title or default)
    return ax


@calls_public
def touchpoint_heatmap(
    interactions: pd.DataFrame,
    *,
    customers: pd.DataFrame | None = None,
    by: str = "segment",
    kind: str | Sequence[str] | None = None,
    normalize: bool | str = "index",
    customer: str = "customer_id",
    channel: str = "channel",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Segment x channel touchpoint matrix as an annotated heatmap (Swift's connection).

    The matrix comes from :func:`crmkit.swift.touchpoint_matrix` with ``by``.

    Parameters
    ----------
    interactions : pandas.DataFrame
        Table ``interactions``.
    customers : pandas.DataFrame, optional
        Table ``customers``; needed when ``by`` is one of its columns.
    by : str, default "segment"
        Row groups.
    kind : str or list of str, optional
        Keep only these interaction types.
    normalize : False, "index", "columns" or "all", default "index"
        ``"index"`` shows each row's channel mix in %; ``False`` shows counts.
    customer, channel : str
        Column names.
    title : str, optional
        By default it names the busiest channel of each row.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> inter = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...                       "channel": ["web", "phone", "web"]})
    >>> cust = pd.DataFrame({"customer_id": ["A", "B"], "segment": ["x", "y"]})
    >>> ax = touchpoint_heatmap(inter, customers=cust)
    >>> ax.images[0].get_array().tolist()
    [[50.0, 50.0], [0.0, 100.0]]
    """
    import matplotlib as mpl

    from crmkit.swift import touchpoint_matrix

    _check_title(title, ax)
    matrix = touchpoint_matrix(
        interactions,
        customer=customer,
        channel=channel,
        kind=kind,
        customers=customers,
        by=by,
        normalize=normalize,
    )
    shown = matrix * 100 if normalize else matrix
    ax = _axes(ax)
    cmap = mpl.colormaps["cividis"]
    norm = mpl.colors.Normalize(0, float(shown.to_numpy().max()) or 1.0)
    image = ax.imshow(shown.to_numpy(dtype=float), cmap=cmap, norm=norm, aspect="auto")
    _annotate_cells(ax, shown, ".0f", norm, cmap)
    ax.set_xticklabels([_nice(c) for c in shown.columns])
    ax.set_yticklabels([_wrap(i, 14) for i in shown.index])
    ax.set_xlabel("Channel")
    ax.set_ylabel(_cap(by))
    what = {
        "index": "Share of the row's touchpoints (%)",
        "columns": "Share of the channel's touchpoints (%)",
        "all": "Share of all touchpoints (%)",
    }.get(normalize, "Touchpoints (count)")
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(what)
    busiest = matrix.idxmax(axis=1)
    if busiest.nunique() == 1:
        default = f"{_cap(busiest.iloc[0])} carries the most touchpoints in every {_nice(by)}"
    else:
        parts = [f"{_nice(s)}: {_nice(c)}" for s, c in busiest.items()]
        default = "Busiest channel differs by " + _nice(by) + " (" + ", ".join(parts) + ")"
    zeros = [(s, c) for s in matrix.index for c in matrix.columns if matrix.loc[s, c] == 0]
    if zeros and len(zeros) <= 2 and busiest.nunique() == 1:
        s, c = zeros[0]
        default += f"; {_nice(s)} never uses {_nice(c)}"
    _set_title(ax, title or default)
    return ax


def _money(value: float) -> str:
    """'$1.17' under ten dollars, '$43' above; 'no gain' for infinity (no incremental
    response to pay for); '-' when undefined."""
    import math

    if value is None or math.isnan(value):
        return "-"
    if math.isinf(value):
        return "no gain"
    return f"${value:,.2f}" if abs(value) < 10 else f"${value:,.0f}"


def loop_turns(
    data: pd.DataFrame,
    *,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The turns of Swift's loop side by side: lift per segment and turn, with intervals.

    One row per segment; one point per turn (its colour), filled when the interval lies
    above zero and hollow when it covers zero; "not targeted" where a turn left the
    segment out. The right margin gives each turn's cost per incremental response.

    Parameters
    ----------
    data : pandas.DataFrame
        The result of :func:`crmkit.swift.compare_turns`.
    title : str, optional
        By default it says which segments the last turn dropped, and where its lift is
        clear of zero and where its interval covers zero.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> index = pd.MultiIndex.from_product([[1, 2], ["a", "b"]],
    ...                                    names=["loop_turn", "segment"])
    >>> turns = pd.DataFrame({"campaign_id": ["K01", "K01", "K02", "K02"],
    ...     "targeted": [True, True, True, False], "lift": [0.08, -0.02, 0.05, None],
    ...     "ci_low": [0.03, -0.10, -0.01, None], "ci_high": [0.13, 0.06, 0.11, None],
    ...     "cost_per_incremental_response": [1.2, float("inf"), 2.0, None]}, index=index)
    >>> ax = loop_turns(turns)
    >>> ax.get_title()
    'Turn 2 dropped b; its interval covers zero in a'
    """
    _check_title(title, ax)
    if not isinstance(data, pd.DataFrame) or data.index.nlevels != 2:
        raise ValueError(
            "table 'turns' must be the result of crmkit.swift.compare_turns (indexed by turn "
            "and segment); pass that table."
        )
    check_frame(
        data.reset_index(),
        "turns",
        {
            "targeted": Flag(why="compare_turns sets it"),
            "lift": Numeric(-1, 1, allow_nan=True),
            "ci_low": Numeric(-1, 1, allow_nan=True),
            "ci_high": Numeric(-1, 1, allow_nan=True),
        },
    )
    turn_name, seg_name = data.index.names
    turns = list(dict.fromkeys(data.index.get_level_values(0)))
    segments = list(dict.fromkeys(data.index.get_level_values(1)))
    colours = _palette(len(turns))
    ax = _axes(ax)
    offsets = [0.18 * (k - (len(turns) - 1) / 2) for k in range(len(turns))][::-1]
    y_of = {s: len(segments) - 1 - i for i, s in enumerate(segments)}
    for turn, colour, off in zip(turns, colours, offsets, strict=True):
        rows = data.loc[turn]
        camp = rows["campaign_id"].iloc[0]
        first = True
        for seg, r in rows.iterrows():
            y = y_of[seg] + off
            if not bool(r["targeted"]):
                ax.text(
                    0,
                    y,
                    f"turn {turn}: not targeted",
                    ha="center",
                    va="center",
                    fontsize=11,
                    color=colour,
                    style="italic",
                )
                continue
            lift, lo, hi = (float(r[c]) * 100 for c in ("lift", "ci_low", "ci_high"))
            sure = lo > 0
            ax.errorbar(
                [lift],
                [y],
                xerr=[[lift - lo], [hi - lift]],
                fmt="none",
                ecolor=colour,
                capsize=4,
                lw=2,
            )
            ax.scatter(
                [lift],
                [y],
                s=110,
                zorder=3,
                color=colour if sure else "white",
                edgecolors=colour,
                linewidths=2,
                label=f"turn {turn} ({camp})" if first else None,
            )
            first = False
        lines = [
            f"turn {turn}: {_money(float(v))}"
            for v in rows["cost_per_incremental_response"].where(rows["targeted"])
        ]
        for seg, text in zip(rows.index, lines, strict=True):
            ax.text(
                1.01,
                y_of[seg] + off,
                text if bool(rows.loc[seg, "targeted"]) else "",
                transform=ax.get_yaxis_transform(),
                va="center",
                fontsize=11,
            )
    ax.text(
        1.01,
        1.0,
        "cost per incremental\nresponse",
        transform=ax.transAxes,
        va="top",
        fontsize=11,
        style="italic",
    )
    ax.axvline(0, color=_REF, ls="--", lw=1.2)
    ax.set_yticks(list(y_of.values()), [_wrap(s, 14) for s in y_of])
    ax.set_ylim(-0.6, len(segments) - 0.15)  # room for the margin header
    ax.set_xlabel("Lift: treatment - control response rate (percentage points)")
    ax.set_ylabel(_cap(seg_name))
    ax.grid(axis="y", visible=False)
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncols=len(turns),
        title="filled: interval above zero; hollow: it covers zero",
    )
    last, rows = turns[-1], data.loc[turns[-1]]
    parts = []
    if len(turns) > 1:
        before = data.loc[turns[-2], "targeted"]
        dropped = [s for s in segments if before.get(s, False) and not rows.loc[s, "targeted"]]
        if dropped:
            parts.append(f"Turn {last} dropped {_and(dropped)}")
    kept = rows[rows["targeted"].astype(bool)]
    sure = [s for s in kept.index if kept.loc[s, "ci_low"] > 0]
    unsure = [s for s in kept.index if s not in sure]
    start = "its" if parts else f"Turn {last}:"
    if sure:
        parts.append(f"{start} lift is clear of zero in {_and(sure)}")
        start = "its"
    if unsure:
        parts.append(f"{start} interval covers zero in {_and(unsure)}")
    _set_title(ax, title or "; ".join(parts))
    return ax


def next_turn_plan(
    data: object,
    *,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The refine step: each segment's measured lift, whether the next turn targets it and
    what that costs.

    Parameters
    ----------
    data : crmkit.swift.TurnPlan
        The result of :func:`crmkit.swift.plan_next_turn`.
    title : str, optional
        By default it names the targets, the contacts, the cost and the expected extra
        responses.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from crmkit.swift import TurnPlan
    >>> segments = pd.DataFrame({"lift": [0.08, 0.01], "ci_low": [0.03, -0.03],
    ...     "ci_high": [0.13, 0.05], "target": [True, False], "contacts": [100, 0],
    ...     "cost": [10.0, 0.0], "expected_incremental": [8.0, 0.0],
    ...     "cost_per_incremental_response": [1.25, float("nan")]}, index=["a", "b"])
    >>> plan = TurnPlan("K01", "ci_low>0", 0.0, 0.1, segments, ("a",), 100, 10.0, 8.0, 1.25)
    >>> ax = next_turn_plan(plan)
    >>> print(ax.get_title())
    After K01, the next turn targets a:
    100 contacts for $10, about 8 extra responses
    """
    from crmkit.swift import TurnPlan

    _check_title(title, ax)
    if not isinstance(data, TurnPlan):
        raise TypeError(
            "argument 'data' must be the TurnPlan returned by crmkit.swift.plan_next_turn but "
            f"is {type(data).__name__}."
        )
    seg = data.segments
    pp = seg[["lift", "ci_low", "ci_high"]].astype(float) * 100
    ax = _axes(ax)
    y = list(range(len(seg)))[::-1]
    colours = [_GOOD if t else _NEUTRAL for t in seg["target"]]
    ax.errorbar(
        pp["lift"],
        y,
        xerr=[pp["lift"] - pp["ci_low"], pp["ci_high"] - pp["lift"]],
        fmt="none",
        ecolor="#333333",
        capsize=5,
        lw=1.8,
    )
    ax.scatter(pp["lift"], y, s=120, c=colours, zorder=3)
    ax.axvline(0, color=_REF, ls="--", lw=1.2)
    if data.min_lift:
        ax.axvline(data.min_lift * 100, color=OKABE_ITO[1], ls=":", lw=2.2)
        ax.text(
            data.min_lift * 100,
            0.99,
            f" min lift {data.min_lift * 100:.1f} pp",
            transform=ax.get_xaxis_transform(),
            va="top",
            fontsize=11,
            color="#333333",
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1},
        )
    for yi, (_, r) in zip(y, seg.iterrows(), strict=True):
        text = (
            f"target: {int(r['contacts']):,} contacts, {_money(float(r['cost']))}"
            if r["target"]
            else "dropped"
        )
        ax.text(1.01, yi, text, transform=ax.get_yaxis_transform(), va="center", fontsize=11)
    ax.set_yticks(y, [_wrap(s, 14) for s in seg.index])
    ax.set_ylim(-0.6, len(seg) - 0.4)
    ax.set_xlabel(f"Lift measured in {data.campaign_id} (percentage points; green: targeted)")
    ax.set_ylabel("Segment")
    ax.grid(axis="y", visible=False)
    if data.targets:
        default = (
            f"After {data.campaign_id}, the next turn targets {_and(data.targets)}: "
            f"{data.contacts:,} contacts for {_money(data.cost)}, about "
            f"{data.expected_incremental_responses:.0f} extra responses"
        )
    else:
        rule = {
            "ci_low>0": "an interval above zero",
            "ci_low>min_lift": "a whole interval above the minimum lift",
            "lift>min_lift": "a lift above the minimum",
        }.get(data.rule, data.rule)
        default = f"After {data.campaign_id}, no segment has {rule}: the next turn stops"
    _set_title(ax, title or default)
    return ax


# ---------------------------------------------------------------------------------------
# Customer value (notebook 06)
# ---------------------------------------------------------------------------------------


@calls_public
def rfm_segment_bars(
    data: pd.DataFrame,
    *,
    bins: int = 5,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Customers in each named RFM segment (horizontal bars with the share of customers).

    Scores and segments come from :func:`crmkit.value.rfm_scores` and
    :func:`crmkit.value.rfm_segments` (default scheme).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer, as returned by :func:`crmkit.value.rfm_summary`.
    bins : int, default 5
        Score levels (quintiles); the default segment scheme expects 5.
    title : str, optional
        By default it names the largest segment and the champions' share.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> summary = pd.DataFrame({"recency": [5.0, 40.0, 10.0, 90.0, 3.0],
    ...                         "frequency": [6, 1, 3, 2, 9],
    ...                         "monetary": [80.0, 20.0, 55.0, 30.0, 99.0]},
    ...                        index=pd.Index(list("ABCDE"), name="customer_id"))
    >>> ax = rfm_segment_bars(summary)
    >>> int(sum(p.get_width() for p in ax.patches))
    5
    """
    from crmkit.value import rfm_scores, rfm_segments

    _check_title(title, ax)
    segments = rfm_segments(rfm_scores(data, bins=bins))
    counts = segments.value_counts(sort=False)
    counts = counts.reindex(segments.cat.categories, fill_value=0)
    shares = counts / counts.sum() * 100
    ax = _axes(ax)
    y = list(range(len(counts)))[::-1]
    ax.barh(y, counts.to_numpy(dtype=float), color=OKABE_ITO[0], height=0.65)
    for yi, c, sh in zip(y, counts, shares, strict=True):
        ax.text(c + counts.max() * 0.01, yi, f"{c:,} ({sh:.0f}%)", va="center", fontsize=12)
    ax.set_yticks(y, [str(s) for s in counts.index])
    ax.set_xlim(0, counts.max() * 1.25 + 1)
    ax.set_xlabel("Customers")
    ax.set_ylabel("RFM segment")
    ax.grid(axis="y", visible=False)
    top = counts.idxmax()
    default = f"{top} is the largest RFM segment ({shares[top]:.0f}% of customers)"
    if "Champions" in shares.index and top != "Champions":
        default += f"; Champions are {shares['Champions']:.0f}%"
    _set_title(ax, title or default)
    return ax


@calls_public
def whale_curve(
    data: pd.DataFrame,
    *,
    profit: str = "profit",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The whale curve: cumulative % of profit against cumulative % of customers, best first.

    The curve comes from :func:`crmkit.value.whale_curve`; its peak (where the
    unprofitable customers begin) is marked, with the 100% line.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer with a profit column, as returned by
        :func:`crmkit.value.customer_profitability`.
    profit : str, default "profit"
        Profit per customer, USD.
    title : str, optional
        By default it states the peak: the share of customers earning the most profit.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> prof = pd.DataFrame({"profit": [60.0, 50.0, 10.0, -20.0]},
    ...                     index=pd.Index(list("ABCD"), name="customer_id"))
    >>> ax = whale_curve(prof)
    >>> print(ax.get_title())
    The top 75% of customers earn 120% of profit;
    the rest destroy 20%
    """
    from crmkit.value import whale_curve as curve_of

    _check_title(title, ax)
    curve = curve_of(data, profit=profit)
    x = [0.0, *(curve["customer_share"] * 100)]
    y = [0.0, *curve["cumulative_profit_pct"]]
    ax = _axes(ax)
    ax.plot(x, y, color=OKABE_ITO[0], label="Cumulative profit")
    ax.axhline(100, color=_REF, ls="--", lw=1.2, label="100% of total profit")
    peak = curve["cumulative_profit_pct"].idxmax()
    px = curve.loc[peak, "customer_share"] * 100
    py = curve.loc[peak, "cumulative_profit_pct"]
    ax.plot([px], [py], "o", color=_BAD, ms=10, label="Peak: unprofitable customers start")
    ax.annotate(
        f"{px:.0f}% of customers,\n{py:.0f}% of profit",
        (px, py),
        xytext=(-30, -20),  # left of and below the peak, clear of the 100% line
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=12,
        bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"},
        arrowprops={"arrowstyle": "->", "color": "#333333"},
    )
    ax.set_xlim(0, 100)
    ax.set_ylim(min(0.0, min(y)), max(y) * 1.1)
    ax.set_xlabel("Customers, most profitable first (cumulative %)")
    ax.set_ylabel("Profit (cumulative % of total)")
    ax.legend(loc="lower right")
    if py > 100.5:
        default = (
            f"The top {px:.0f}% of customers earn {py:.0f}% of profit; "
            f"the rest destroy {py - 100:.0f}%"
        )
    else:
        default = "Every customer is profitable: the curve never rises above 100%"
    _set_title(ax, title or default)
    return ax


@calls_public
def clv_curves(
    order_lines: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    period: str = "Q",
    discount_rate: float = 0.1,
    observation_end: object = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Empirical CLV per acquired customer by age, one line per cohort, and their mean.

    The cohort values come from :func:`crmkit.value.cohort_clv` (cumulative discounted
    margin per acquired customer); cohorts are coloured by the year they were acquired.

    Parameters
    ----------
    order_lines, customers : pandas.DataFrame
        Tables ``order_lines`` and ``customers`` (column names take the defaults of
        :func:`crmkit.value.cohort_clv`).
    period : {"M", "Q", "Y"}, default "Q"
        Cohort and age period.
    discount_rate : float, default 0.1
        Annual discount rate.
    observation_end : str or Timestamp, optional
        Last day of the data; by default the last order date.
    title : str, optional
        By default it states the mean value after one and after two years.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["A", "B"],
    ...     "signup_date": pd.to_datetime(["2024-01-01", "2024-04-01"])})
    >>> lines = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-05-01", "2024-04-03"]),
    ...     "revenue": [100.0, 100.0, 50.0], "cost": [60.0, 60.0, 30.0]})
    >>> ax = clv_curves(lines, customers, observation_end="2024-06-30")
    >>> len(ax.get_lines())
    3
    """
    from crmkit.value import cohort_clv

    _check_title(title, ax)
    table = cohort_clv(
        order_lines,
        customers,
        period=period,
        discount_rate=discount_rate,
        observation_end=observation_end,
    )
    ax = _axes(ax)
    years = [str(c)[:4] for c in table.index]
    colour_of = dict(zip(dict.fromkeys(years), _palette(len(set(years))), strict=True))
    seen = set()
    for label, year in zip(table.index, years, strict=True):
        row = table.loc[label].dropna()
        ax.plot(
            row.index,
            row.to_numpy(),
            color=colour_of[year],
            lw=1.4,
            alpha=0.8,
            label=f"cohorts of {year}" if year not in seen else None,
        )
        seen.add(year)
    mean = table.mean(axis=0)
    ax.plot(mean.index, mean.to_numpy(), color=_REF, lw=3, label="mean over cohorts")
    word = _PERIOD_WORD.get(period.upper()[:1], "period")
    ax.set_xlabel(f"Age ({word}s since acquisition; 0 = acquisition {word})")
    ax.set_ylabel("CLV per acquired customer (USD, discounted)")
    ax.legend(loc="upper left")
    per_year = {"M": 12, "Q": 4, "Y": 1, "A": 1, "W": 52}.get(period.upper()[:1], 1)
    ages = [a for a in (per_year - 1, 2 * per_year - 1) if a in mean.index and pd.notna(mean[a])]
    if ages:
        parts = [
            f"${mean[a]:,.0f} after {(a + 1) // per_year} year{'s' if a >= per_year else ''}"
            for a in ages
        ]
        default = "An acquired customer is worth " + " and ".join(parts) + " of margin"
    else:
        default = f"An acquired customer is worth ${mean.iloc[-1]:,.0f} after {mean.index[-1] + 1} {word}s"
    _set_title(ax, title or default)
    return ax


def margin_multiple(
    retention: float = 0.8,
    discount_rate: float = 0.1,
    *,
    timing: str = "end",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The margin multiple against retention under the three timing conventions.

    The curves are :func:`crmkit.value.clv_simple` with a margin of 1 (``timing``
    "end", "start" and "perpetuity"); the chosen ``retention`` is marked on the curve of
    the chosen ``timing``.

    Parameters
    ----------
    retention : float, default 0.8
        Retention per period to mark, 0 to 0.95.
    discount_rate : float, default 0.1
        Discount rate per period.
    timing : {"end", "start", "perpetuity"}, default "end"
        The convention whose curve is marked (the others are drawn thinner).
    title : str, optional
        By default it states the multiple at the marked point.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = margin_multiple(0.8, 0.1)
    >>> print(ax.get_title())
    At 80% retention and a 10% discount rate
    a customer is worth 2.67 periods of margin
    """
    import numpy as np

    from crmkit._validate import check_choice, check_number
    from crmkit.value import clv_simple

    _check_title(title, ax)
    r = check_number(retention, "retention", lo=0, hi=0.95, why="the curves run to 0.95")
    check_choice(timing, "timing", ["end", "start", "perpetuity"])
    point = clv_simple(1.0, r, discount_rate, timing=timing)  # validates discount_rate
    grid = np.linspace(0.0, 0.95, 96)
    ax = _axes(ax)
    curves = [
        ("end", "end of each period: r / (1 + i - r)", OKABE_ITO[0]),
        ("start", "start of each period: (1 + i) / (1 + i - r)", OKABE_ITO[1]),
        ("perpetuity", "first margin certain: 1 / (1 + i - r)", OKABE_ITO[2]),
    ]
    for name, label, colour in curves:
        chosen = name == timing
        ax.plot(
            grid * 100,
            clv_simple(1.0, grid, discount_rate, timing=name),
            color=colour,
            lw=3.2 if chosen else 1.6,
            alpha=1.0 if chosen else 0.8,
            label=label,
        )
    colour = dict((n, c) for n, _, c in curves)[timing]
    ax.plot([r * 100], [point], "o", ms=11, color=colour, zorder=4)
    ax.annotate(
        f"{point:.2f} x margin",
        (r * 100, point),
        xytext=(0.97, 0.06),  # the empty lower-right corner, whatever the point
        textcoords="axes fraction",
        ha="right",
        va="bottom",
        arrowprops={"arrowstyle": "->", "color": "#333333"},
        fontsize=12,
        bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"},
    )
    ax.set_xlim(0, 100)
    ax.set_ylim(0, None)
    ax.set_xlabel("Retention per period (%)")
    ax.set_ylabel("Margin multiple (CLV / margin)")
    ax.legend(loc="upper left", title=f"Margins arrive at the ... (i = {discount_rate:.0%})")
    default = (
        f"At {r:.0%} retention and a {discount_rate:.0%} discount rate a customer is worth "
        f"{point:.2f} periods of margin"
    )
    _set_title(ax, title or default)
    return ax


def profit_deciles(
    data: pd.DataFrame,
    *,
    bins: int = 10,
    profit: str = "profit",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The profitability distribution: each group's share of total profit, best first.

    The groups and shares come from :func:`crmkit.value.profit_deciles`; groups that
    lose money are drawn below zero in the course's "bad" colour.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer with a profit column, as returned by
        :func:`crmkit.value.customer_profitability`.
    bins : int, default 10
        Number of equal groups (deciles).
    profit : str, default "profit"
        Profit per customer, USD.
    title : str, optional
        By default it states the top and the bottom group's share.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> prof = pd.DataFrame({"profit": [60.0, 50.0, 10.0, -20.0]},
    ...                     index=pd.Index(list("ABCD"), name="customer_id"))
    >>> ax = profit_deciles(prof, bins=4)
    >>> print(ax.get_title())
    The top 25% of customers earn 60% of profit;
    the bottom 25% lose 20%
    """
    from crmkit.value import profit_deciles as groups_of

    _check_title(title, ax)
    table = groups_of(data, bins=bins, profit=profit)
    ax = _axes(ax)
    share = table["share_of_profit"]
    colours = [_GOOD if v >= 0 else _BAD for v in share]
    ax.bar(table.index, share, color=colours, width=0.7)
    span = float(share.max() - min(share.min(), 0.0))
    for g, v in share.items():
        ax.text(
            g,
            v + (span * 0.015 if v >= 0 else -span * 0.015),
            f"{v:.0f}%",
            ha="center",
            va="bottom" if v >= 0 else "top",
            fontsize=11,
        )
    ax.axhline(0, color=_REF, lw=1)
    ax.set_xticks(table.index)
    ax.set_ylim(min(share.min(), 0.0) - span * 0.1, share.max() + span * 0.1)
    step = 100 / len(table)
    word = "decile" if len(table) == 10 else "group"
    ax.set_xlabel(f"Customer {word} by profit (1 = the most profitable {step:.0f}%)")
    ax.set_ylabel("Share of total profit (%)")
    ax.grid(axis="x", visible=False)
    top, bottom = share.iloc[0], share.iloc[-1]
    verb = "lose" if bottom < 0 else "earn"
    default = (
        f"The top {step:.0f}% of customers earn {top:.0f}% of profit; "
        f"the bottom {step:.0f}% {verb} {abs(bottom):.0f}%"
    )
    _set_title(ax, title or default)
    return ax


# ---------------------------------------------------------------------------------------
# Loyalty (notebook 07)
# ---------------------------------------------------------------------------------------


@calls_public
def effect_forest(
    customers: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    order_lines_without: pd.DataFrame | None = None,
    outcome: str = "churn",
    launch: str | pd.Timestamp = "2023-01-01",
    observation_end: str | pd.Timestamp = "2024-12-31",
    churn_days: float = 180,
    strata: str = "pre_launch_order_rate",
    n_strata: int = 5,
    ci: float = 0.95,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The loyalty programme's effect: naive against adjusted (and true), with intervals.

    Both observational differences (members minus non-members) come from
    :func:`crmkit.loyalty.programme_effect` (churn) or
    :func:`crmkit.loyalty.spend_effect` (spend); the gap between them is self-selection
    that pre-launch engagement captures. With ``order_lines_without`` (the same company
    regenerated without the programme's effect) a third row shows the true effect on
    the members, from :func:`crmkit.loyalty.compare_with_truth`.

    Parameters
    ----------
    customers, order_lines : pandas.DataFrame
        Tables ``customers`` and ``order_lines`` (default column names).
    order_lines_without : pandas.DataFrame, optional
        Table ``order_lines`` of the regeneration without the programme's effect.
    outcome : {"churn", "spend"}, default "churn"
        Churn share (percentage points) or yearly spend after the launch (USD).
    launch, observation_end : str or Timestamp
        Programme launch and the last day of the data.
    churn_days : float
        Days without an order that count as churned.
    strata, n_strata : str, int
        What to stratify on and into how many strata (see
        :func:`crmkit.loyalty.programme_effect`).
    ci : float
        Confidence level.
    title : str, optional
        By default it states the adjusted and the naive effect, or, with the true effect,
        how much of the selection bias the adjustment removed.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> ids = [f"C{i}" for i in range(8)]
    >>> customers = pd.DataFrame({"customer_id": ids, "loyalty_member": [True, False] * 4})
    >>> lines = pd.DataFrame({"customer_id": ids + ids[:5], "order_id": [f"O{i}" for i in range(13)],
    ...     "order_date": pd.to_datetime(["2022-06-01"] * 8 + ["2024-12-01"] * 5),
    ...     "revenue": np.full(13, 10.0)})
    >>> ax = effect_forest(customers, lines)
    >>> [t.get_text().split()[0] for t in ax.get_yticklabels()]
    ['naive', 'adjusted']
    >>> ax = effect_forest(customers, lines, order_lines_without=lines.iloc[:10])
    >>> [t.get_text().split()[0] for t in ax.get_yticklabels()]
    ['naive', 'adjusted', 'true']
    """
    from crmkit import loyalty

    _check_title(title, ax)
    check_choice(outcome, "outcome", ["churn", "spend"])
    common = {
        "launch": launch,
        "observation_end": observation_end,
        "strata": strata,
        "n_strata": n_strata,
        "ci": ci,
    }
    if outcome == "churn":
        common["churn_days"] = churn_days
    if order_lines_without is not None:
        eff = loyalty.compare_with_truth(
            customers, order_lines, order_lines_without, outcome=outcome, **common
        )
    elif outcome == "churn":
        eff = loyalty.programme_effect(customers, order_lines, **common)
    else:
        eff = loyalty.spend_effect(customers, order_lines, **common)
    scale, unit = (100.0, "pp") if outcome == "churn" else (1.0, "USD")
    labels = ["naive (members vs\nnon-members)", "adjusted for\nself-selection"]
    effects = [eff.naive, eff.adjusted]
    lows, highs = [eff.naive_ci_low, eff.adjusted_ci_low], [eff.naive_ci_high, eff.adjusted_ci_high]
    colours = [_NEUTRAL, OKABE_ITO[0]]
    if order_lines_without is not None:
        labels.append("true effect\n(data regenerated\nwithout it)")
        effects.append(eff.true)
        lows.append(eff.true_ci_low)
        highs.append(eff.true_ci_high)
        colours.append(OKABE_ITO[2])
    rows = pd.DataFrame({"effect": effects, "low": lows, "high": highs}, index=labels) * scale
    ax = _axes(ax)
    y = list(range(len(rows)))[::-1]
    ax.errorbar(
        rows["effect"],
        y,
        xerr=[rows["effect"] - rows["low"], rows["high"] - rows["effect"]],
        fmt="none",
        ecolor="#333333",
        capsize=6,
        lw=1.8,
    )
    ax.scatter(rows["effect"], y, s=130, c=colours, zorder=3, gid="effect")
    for yi, (_, r) in zip(y, rows.iterrows(), strict=True):
        text = f"{r['effect']:+.0f} pp" if outcome == "churn" else f"{r['effect']:+,.0f} USD"
        ax.annotate(
            text,
            (r["effect"], yi),
            xytext=(0, 12),
            textcoords="offset points",
            ha="center",
            fontsize=12,
            zorder=4,
            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1},
        )
    ax.axvline(0, color=_REF, ls="--", lw=1.2)
    ax.set_yticks(y, list(rows.index))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    lo = min(rows["low"].min(), 0)
    hi = max(rows["high"].max(), 0)
    pad = (hi - lo) * 0.15 + (1 if outcome == "churn" else 0)
    ax.set_xlim(lo - pad, hi + pad)
    if outcome == "churn":
        ax.set_xlabel(f"Churn difference, members - non-members (percentage points, {ci:.0%} CI)")
    else:
        ax.set_xlabel(f"Yearly spend difference, members - non-members (USD, {ci:.0%} CI)")
    ax.set_ylabel("Comparison")
    ax.grid(axis="y", visible=False)
    adj, naive = rows["effect"].iloc[1], rows["effect"].iloc[0]

    def amount(v: float) -> str:
        return f"{abs(v):.0f} points" if outcome == "churn" else f"{abs(v):,.0f} USD"

    less, more = ("churn", "churn") if outcome == "churn" else ("spend", "spend")
    if order_lines_without is not None:
        default = (
            f"{eff.bias_sentence}: adjusted {adj:+,.0f} {unit}, "
            f"true {rows['effect'].iloc[2]:+,.0f} {unit}"
        )
    elif rows["high"].iloc[1] < 0:
        word = "less" if outcome == "churn" else "less a year"
        default = (
            f"Members {less} {amount(adj)} {word} after adjusting for self-selection "
            f"(naive: {amount(naive)})"
        )
    elif rows["low"].iloc[1] > 0:
        word = "more" if outcome == "churn" else "more a year"
        default = (
            f"Members {more} {amount(adj)} {word} after adjusting for self-selection "
            f"(naive: {amount(naive)})"
        )
    else:
        default = (
            f"After adjusting for self-selection the effect is unclear ({adj:+,.0f} {unit}; "
            f"naive {naive:+,.0f})"
        )
    _set_title(ax, title or default)
    return ax


@calls_public
def tier_migration_heatmap(
    loyalty_events: pd.DataFrame,
    *,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    tiers: tuple[str, ...] = ("bronze", "silver", "gold"),
    normalize: bool = True,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Tier at ``start`` against tier at ``end`` as an annotated heatmap.

    The transition table comes from :func:`crmkit.loyalty.tier_migration`.

    Parameters
    ----------
    loyalty_events : pandas.DataFrame
        Table ``loyalty_events``.
    start, end : str or Timestamp
        The two days compared.
    tiers : tuple of str
        Tiers from lowest to highest.
    normalize : bool, default True
        Show each row's shares (%) instead of member counts.
    title : str, optional
        By default it states the shares of members who moved up and down.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> events = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...     "event_date": pd.to_datetime(["2024-01-01", "2024-06-01", "2024-01-01"]),
    ...     "tier": ["bronze", "silver", "gold"]})
    >>> ax = tier_migration_heatmap(events, start="2024-02-01", end="2024-12-31")
    >>> print(ax.get_title())
    Between 2024-02-01 and 2024-12-31,
    50% of members moved up a tier and 0% down
    """
    import matplotlib as mpl

    from crmkit.loyalty import tier_migration

    _check_title(title, ax)
    normalize = check_flag(normalize, "normalize")
    counts = tier_migration(loyalty_events, start=start, end=end, tiers=tiers)
    shown = counts.div(counts.sum(axis=1).replace(0, 1), axis=0) * 100 if normalize else counts
    ax = _axes(ax)
    cmap = mpl.colormaps["viridis"]
    norm = mpl.colors.Normalize(0, 100 if normalize else float(counts.to_numpy().max()) or 1.0)
    image = ax.imshow(shown.to_numpy(dtype=float), cmap=cmap, norm=norm, aspect="auto")
    _annotate_cells(ax, shown, ".0f", norm, cmap)
    ax.set_xticklabels([_nice(c) for c in shown.columns])
    ax.set_yticklabels([_nice(i) for i in shown.index])
    ax.set_xlabel(f"Tier on {pd.Timestamp(end):%Y-%m-%d}")
    ax.set_ylabel(f"Tier on {pd.Timestamp(start):%Y-%m-%d}")
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("Share of the row's members (%)" if normalize else "Members (count)")
    rank = {t: k for k, t in enumerate(tiers)}
    known = counts.drop(index="new member", errors="ignore")
    up = sum(known.loc[a, b] for a in known.index for b in known.columns if rank[b] > rank[a])
    down = sum(known.loc[a, b] for a in known.index for b in known.columns if rank[b] < rank[a])
    total = known.to_numpy().sum()
    if total:
        default = (
            f"Between {pd.Timestamp(start):%Y-%m-%d} and {pd.Timestamp(end):%Y-%m-%d}, "
            f"{up / total:.0%} of members moved up a tier and {down / total:.0%} down"
        )
    else:
        default = "Every member joined after the start day"
    _set_title(ax, title or default)
    return ax


# ---------------------------------------------------------------------------------------
# Six Sigma (notebook 08)
# ---------------------------------------------------------------------------------------


@calls_public
def pareto_chart(
    data: pd.DataFrame,
    category: str = "cause",
    *,
    ticket_type: str | None = _COMPLAINTS,
    type_column: str = "ticket_type",
    weight: str | None = None,
    vital_share: float = 0.8,
    table: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Pareto chart: bars of each category's share, the cumulative % line and the 80% line.

    Shares come from :func:`crmkit.sixsigma.pareto_table` (by default of the complaints
    only, as there); the cumulative line is drawn on a twin axis (``ax.right_ax``), the
    vital few in vermillion.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per defect (table ``tickets``).
    category : str, default "cause"
        The defect category column.
    ticket_type : str or None, default "complaint"
        Count only the rows of this type when ``data`` has ``type_column`` (see
        :func:`crmkit.sixsigma.pareto_table`); ``None`` counts every row.
    type_column : str, default "ticket_type"
        The column holding each row's ticket type.
    weight : str, optional
        Weigh each row (e.g. by ``handling_cost``) instead of counting it.
    vital_share : float, default 0.8
        The cumulative share that marks the vital few.
    table : str, optional
        What a counted row is, for the title and the y label; by default "complaints"
        when complaints are counted, "<type> tickets" for another type, else "tickets".
    title : str, optional
        By default it names the top category and how many make the vital share.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The bars' Axes; the twin axis is ``ax.right_ax``.

    Examples
    --------
    >>> tickets = pd.DataFrame({"cause": ["late_delivery"] * 6 + ["billing_error"] * 3
    ...                                  + ["wrong_item"]})
    >>> ax = pareto_chart(tickets)
    >>> [float(p.get_height()) for p in ax.patches]
    [60.0, 30.0, 10.0]
    >>> ax.get_title()
    'Late delivery causes 60% of tickets; 2 of 3 causes make 90%'
    >>> tickets["ticket_type"] = ["complaint"] * 8 + ["service"] * 2
    >>> print(pareto_chart(tickets).get_title())
    Late delivery causes 75% of complaints;
    2 of 2 causes make 100%
    """
    from crmkit.sixsigma import _ticket_rows, pareto_table

    _check_title(title, ax)
    if table is not None and not isinstance(table, str):
        raise TypeError(f"argument 'table' must be a str or None but is {type(table).__name__}.")
    if isinstance(data, pd.DataFrame):
        _, counted = _ticket_rows(data, ticket_type, type_column)
    else:
        counted = None  # pareto_table says what is wrong with it
    result = pareto_table(
        data,
        category,
        ticket_type=ticket_type,
        type_column=type_column,
        weight=weight,
        vital_share=vital_share,
    )
    if table is None:
        if counted is None:
            table = "tickets"
        else:
            table = "complaints" if counted == "complaint" else f"{_nice(counted)} tickets"
    shares = result["share"] * 100
    cumulative = result["cumulative_share"] * 100
    ax = _axes(ax)
    x = list(range(len(result)))
    colours = [_BAD if v else OKABE_ITO[0] for v in result["vital_few"]]
    ax.bar(x, shares, color=colours, width=0.7)
    ax.set_xticks(x, [_wrap(c, 10) for c in result.index])
    ax.set_ylim(0, 105)  # the cumulative axis's scale, so the gridlines agree
    ax.set_xlabel(_cap(category))
    ax.set_ylabel(f"Share of {table}{' (weighted)' if weight else ''} (%)")
    ax.grid(axis="x", visible=False)
    right = ax.twinx()
    right.plot(x, cumulative, "o-", color=_REF, label="Cumulative %")
    right.axhline(vital_share * 100, color=OKABE_ITO[1], ls="--", lw=1.5)
    right.text(
        len(x) - 0.5,
        vital_share * 100 + 1,
        f"{vital_share:.0%}",
        ha="right",
        va="bottom",
        color="#333333",
        fontsize=12,
    )
    right.set_ylim(0, 105)
    right.set_ylabel("Cumulative share (%)")
    right.grid(False)
    right.spines["right"].set_visible(True)
    ax.right_ax = right
    vital = int(result["vital_few"].sum())
    top = result.index[0]
    default = (
        f"{_cap(top)} causes {shares.iloc[0]:.0f}% of {table}; {vital} of {len(result)} "
        f"causes make {cumulative.iloc[vital - 1]:.0f}%"
    )
    _set_title(ax, title or default)
    return ax


def _short_label(label: object) -> str:
    """A short tick label: a date without its time, a weekly period by its first day."""
    if isinstance(label, pd.Period):
        return label.start_time.strftime("%Y-%m-%d") if label.freqstr[0] in "WD" else str(label)
    if isinstance(label, pd.Timestamp):
        return label.strftime("%Y-%m-%d")
    return str(label)[:12]


_CHART_KINDS = {
    "individuals": ("value", "x_centre", "x_sigma", "x_lcl", "x_ucl"),
    "xbar": ("xbar", "xbar_centre", "xbar_sigma", "xbar_lcl", "xbar_ucl"),
    "p": ("p", "centre", "sigma", "lcl", "ucl"),
    # spread charts: no sigma column; a point is out of control beyond its limits
    "mr": ("mr", "mr_centre", None, "mr_lcl", "mr_ucl"),
    "r": ("r", "r_centre", None, "r_lcl", "r_ucl"),
    "s": ("s", "s_centre", None, "s_lcl", "s_ucl"),
}
_SPREAD_NAMES = {"mr": "moving range", "r": "range", "s": "standard deviation"}


@calls_public
def control_chart(
    data: pd.DataFrame,
    *,
    kind: str = "auto",
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    events: dict[object, str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Control chart: points, centre line, control limits and out-of-control points.

    Draws a chart frame of :mod:`crmkit.sixsigma`: :func:`~crmkit.sixsigma.imr_chart`
    (individuals, or its moving ranges with ``kind="mr"``),
    :func:`~crmkit.sixsigma.xbar_r_chart` and :func:`~crmkit.sixsigma.xbar_s_chart`
    (subgroup means, or their ranges ``kind="r"`` and standard deviations
    ``kind="s"``) or :func:`~crmkit.sixsigma.p_chart` (fraction nonconforming, in %).
    On the individuals, X-bar and p charts, points breaking a Western Electric rule
    (:func:`crmkit.sixsigma.western_electric`) are circled in vermillion; on the spread
    charts (MR, R, S), whose statistic is skewed, only points beyond the limits are
    (Montgomery 2009, Section 6.2).

    Parameters
    ----------
    data : pandas.DataFrame
        The chart frame returned by one of those functions, in time order.
    kind : {"auto", "individuals", "xbar", "p", "mr", "r", "s"}
        Which chart of the frame to draw; ``"auto"`` tells the location chart from the
        columns (individuals, X-bar or p); the spread charts are asked for by name.
    xlabel, ylabel : str, optional
        Axis labels; give the measure and its unit (e.g. "Mean resolution time (hours)").
    title : str, optional
        By default it counts the out-of-control points.
    events : dict, optional
        Index labels of ``data`` mapped to a short text: a dotted vertical line is drawn
        just before that point with the text at its top, e.g. ``{27: "shift from July"}``
        where a change starts (a process change, a what-if shift).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from crmkit.sixsigma import imr_chart
    >>> chart = imr_chart(pd.DataFrame({"x": [10.0, 12, 11, 13, 11, 12, 10, 30]}), "x")
    >>> ax = control_chart(chart, ylabel="Hours")
    >>> ax.get_title()
    '1 of 8 points out of control (Western Electric rules 1-4)'
    >>> control_chart(chart, kind="mr").get_title()
    '1 of 7 moving ranges beyond the control limits'
    """
    import numpy as np

    from crmkit.sixsigma import western_electric

    _check_title(title, ax, xlabel=xlabel, ylabel=ylabel)
    check_choice(kind, "kind", ["auto", *_CHART_KINDS])
    if kind == "auto":
        found = [
            k
            for k, cols in list(_CHART_KINDS.items())[:3]
            if set(cols) <= set(getattr(data, "columns", []))
        ]
        if not found:
            raise ValueError(
                "table 'chart' is not a control-chart frame: it needs the columns of "
                "crmkit.sixsigma.imr_chart ('value', 'x_centre', ...), xbar_r_chart ('xbar', "
                "'xbar_centre', ...) or p_chart ('p', 'centre', ...); pass one of those."
            )
        kind = found[0]
    value, centre, sigma, lcl, ucl = _CHART_KINDS[kind]
    spread = sigma is None
    columns = [c for c in (value, centre, sigma, lcl, ucl) if c is not None]
    check_frame(data, "chart", {}, min_rows=2)
    if kind == "mr" and value in data.columns:
        data = data.iloc[1:]  # the first moving range is undefined (NaN)
    check_frame(data, "chart", {c: Numeric() for c in columns}, min_rows=2)
    scale = 100.0 if kind == "p" else 1.0
    if spread:
        v = data[value].to_numpy(dtype=float)
        bad = (v > data[ucl].to_numpy(dtype=float)) | (v < data[lcl].to_numpy(dtype=float))
    else:
        bad = western_electric(data[value], data[centre], data[sigma])["out_of_control"]
        bad = bad.to_numpy()
    x = list(range(len(data)))
    ax = _axes(ax)
    ax.plot(x, data[value] * scale, "o-", ms=4, lw=1.2, color=OKABE_ITO[0], label="Points")
    ax.plot(x, data[centre] * scale, color=_REF, lw=1.5, label="Centre line")
    step = "steps-mid" if kind == "p" else "default"
    ax.plot(
        x,
        data[ucl] * scale,
        color=OKABE_ITO[5],
        ls="--",
        lw=1.5,
        drawstyle=step,
        label="Control limits (3 sigma)",
    )
    ax.plot(x, data[lcl] * scale, color=OKABE_ITO[5], ls="--", lw=1.5, drawstyle=step)
    ax.scatter(
        [xi for xi, b in zip(x, bad, strict=True) if b],
        data[value].to_numpy()[bad] * scale,
        s=90,
        facecolors="none",
        edgecolors=_BAD,
        linewidths=2,
        zorder=3,
        label="Out of control",
        gid="out_of_control",
    )
    labels = [_short_label(i) for i in data.index]
    months = (
        pd.DatetimeIndex(data.index).to_period("M")
        if isinstance(data.index, pd.DatetimeIndex)
        else None
    )
    if months is not None and months.nunique() > 2:
        # dated points: a tick at the first point of a month, at most about 6 of them
        starts = np.flatnonzero(np.r_[True, months[1:] != months[:-1]])
        every = -(-len(starts) // 6)
        ticks = [int(t) for t in starts[::every]]
        ax.set_xticks(ticks, [f"{months[t]:%b %Y}" for t in ticks])
    elif len(labels) > 8:
        every = -(-len(labels) // 6)  # at most about 6 ticks, so labels never touch
        ticks = x[::every]
        ax.set_xticks(ticks, [labels[t] for t in ticks])
    else:
        ax.set_xticks(x, labels)
    default_x = {
        "individuals": "Observation (time order)",
        "xbar": "Subgroup (time order)",
        "p": "Sample (time order)",
        "mr": "Observation (time order)",
        "r": "Subgroup (time order)",
        "s": "Subgroup (time order)",
    }
    default_y = {
        "individuals": "Individual value (unit of the measure)",
        "xbar": "Subgroup mean (unit of the measure)",
        "p": "Fraction nonconforming (%)",
        "mr": "Moving range (unit of the measure)",
        "r": "Subgroup range (unit of the measure)",
        "s": "Subgroup standard deviation (unit)",
    }
    ax.set_xlabel(xlabel or default_x[kind])
    ax.set_ylabel(ylabel or default_y[kind])
    rows: list[float] = []  # right end (in points) of the last label on each text row
    width = ax.figure.get_figwidth() * 72 * 0.8 / max(len(data), 1)  # points per point
    for label, text in sorted(
        (events or {}).items(), key=lambda item: np.flatnonzero(data.index == item[0])[:1].tolist()
    ):
        if label not in data.index:
            raise ValueError(
                f"argument 'events' names {label!r}, which is not a row of table 'chart'; "
                f"use the chart's index labels (e.g. {data.index[0]!r})."
            )
        at = int(np.flatnonzero(data.index == label)[0]) - 0.5
        start = at * width
        row = next((k for k, end in enumerate(rows) if end < start), len(rows))
        if row == len(rows):
            rows.append(0.0)
        rows[row] = start + 7.0 * len(str(text)) + 12
        ax.axvline(at, color="#555555", ls=":", lw=1.8, gid="event")
        ax.annotate(  # in the head room added below, where it hides no point
            str(text),
            (at, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(4, -3 - 15 * row),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=11,
            color="#222222",
        )
    if rows:
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi + 0.1 * len(rows) * (hi - lo))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=4, fontsize=11)
    n_bad = int(np.sum(bad))
    noun = {
        "individuals": "points",
        "xbar": "subgroups",
        "p": "samples",
        "mr": "moving ranges",
        "r": "subgroup ranges",
        "s": "subgroup standard deviations",
    }[kind]
    if spread:
        default = (
            f"In control: none of the {len(x)} {noun} lies beyond the control limits"
            if n_bad == 0
            else f"{n_bad} of {len(x)} {noun} beyond the control limits"
        )
    else:
        default = (
            f"In control: none of the {len(x)} {noun} breaks a Western Electric rule"
            if n_bad == 0
            else f"{n_bad} of {len(x)} {noun} out of control (Western Electric rules 1-4)"
        )
    _set_title(ax, title or default)
    return ax


@calls_public
def before_after(
    tickets: pd.DataFrame,
    *,
    change: str | pd.Timestamp = "2024-01-01",
    value: str | None = None,
    date: str = "opened_at",
    opened: str = "opened_at",
    closed: str = "closed_at",
    unit: str = "hours",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Distributions before and after a process change on a log axis, medians marked.

    The medians and the comparison come from :func:`crmkit.sixsigma.before_after`
    (Welch's test on log values); the values are the resolution hours of
    :func:`crmkit.sixsigma.resolution_hours` unless ``value`` names a column. Tickets
    still open at the extract have no resolution time: they are left out, and the legend
    says how many.

    Parameters
    ----------
    tickets : pandas.DataFrame
        Table ``tickets`` (or any table with ``date`` and ``value``).
    change : str or Timestamp
        The change day; rows with ``date < change`` are before.
    value : str, optional
        Positive numeric column; by default the resolution time in hours.
    date, opened, closed : str
        Column names.
    unit : str, default "hours"
        Unit of the values, for the axis label and the title.
    title : str, optional
        By default it states the change of the median.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> t = pd.DataFrame({"opened_at": pd.to_datetime(["2023-12-01"] * 3 + ["2024-02-01"] * 3),
    ...                   "hours": [40.0, 50.0, 60.0, 20.0, 25.0, 30.0]})
    >>> ax = before_after(t, value="hours")
    >>> ax.get_title()
    'Median fell 50% after the change (50 to 25 hours)'
    """
    import numpy as np

    from crmkit.sixsigma import before_after as compare
    from crmkit.sixsigma import resolution_hours

    _check_title(title, ax)
    result = compare(tickets, change=change, value=value, date=date, opened=opened, closed=closed)
    values = (
        resolution_hours(tickets, opened=opened, closed=closed)
        if value is None
        else tickets[value].astype(float)
    )
    after = tickets[date] >= pd.Timestamp(change)
    still_open = values.isna()  # open tickets: no resolution time yet (left out, counted)

    def label(side: str, n: int, mask: pd.Series) -> str:
        k = int((still_open & mask).sum())
        return f"{side} (n = {n:,}" + (f"; {k:,} still open, left out)" if k else ")")

    groups = [
        (
            label(f"before {pd.Timestamp(change):%Y-%m-%d}", result.n_before, ~after),
            values[~after & ~still_open],
            result.median_before,
            _NEUTRAL,
        ),
        (
            label("after", result.n_after, after),
            values[after & ~still_open],
            result.median_after,
            OKABE_ITO[0],
        ),
    ]
    values = values[~still_open]
    lo, hi = float(values.min()), float(values.max())
    bins = np.geomspace(lo, hi, 40) if hi > lo else np.array([lo * 0.9, hi * 1.1])
    ax = _axes(ax)
    higher = max(result.median_before, result.median_after)
    for label, v, median, colour in groups:
        right = median >= higher  # the higher median's label to its right, the other's left
        weights = np.full(len(v), 100.0 / max(len(v), 1))
        ax.hist(
            v,
            bins=bins,
            weights=weights,
            histtype="stepfilled",
            alpha=0.45,
            color=colour,
            label=label,
        )
        ax.hist(v, bins=bins, weights=weights, histtype="step", lw=1.8, color=colour)
        ax.axvline(median, color=colour, ls="--", lw=2.2)
        ax.annotate(
            f"median {median:.0f}",
            (median, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(4 if right else -4, -4),
            textcoords="offset points",
            ha="left" if right else "right",
            va="top",
            fontsize=12,
            color="#222222",
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1},
        )
    ax.set_xscale("log")
    steps = [t * 10.0**k for k in range(-2, 6) for t in (1, 2, 5)]
    ax.set_xticks([t for t in steps if bins[0] <= t <= bins[-1]])
    ax.xaxis.set_major_formatter("{x:g}")
    ax.xaxis.set_minor_formatter("")
    ax.set_xlabel(f"{'Resolution time' if value is None else _cap(value)} ({unit}, log scale)")
    ax.set_ylabel("Share of the period's rows (%)")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.88))
    ratio = result.median_after / result.median_before
    direction = "fell" if ratio < 1 else "rose"
    default = (
        f"Median {direction} {abs(1 - ratio):.0%} after the change "
        f"({result.median_before:.0f} to {result.median_after:.0f} {unit})"
    )
    _set_title(ax, title or default)
    return ax


# ---------------------------------------------------------------------------------------
# The CRM scorecard (notebook 09)
# ---------------------------------------------------------------------------------------

#: How each scorecard status is drawn: fill, edge, text colour and the symbol written in
#: the tile (so the status never rests on colour alone). Okabe-Ito colours, light to dark
#: from on target to off target, so the order also shows in grey.
STATUS_STYLE: dict[str, tuple[str, str, str, str]] = {
    "on target": ("#C2E8DD", "#009E73", "#111111", "\u2713"),  # check mark
    "near target": ("#F3C460", "#B07800", "#111111", "\u2248"),  # almost equal to
    "off target": ("#D55E00", "#8A3C00", "#FFFFFF", "\u2717"),  # ballot x
    "no data": ("#F2F2F2", "#999999", "#555555", "\u2013"),  # en dash
}


def _scorecard_value(value: float, unit: str, *, short: bool = False) -> str:
    """A scorecard value in its unit, short enough for a tile: 67.5%, $1,200, $0.74.

    With ``short``, a whole number loses its decimals (a target of 80% reads "80%").
    """
    import math

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no data"
    if math.isinf(value):
        return "none"
    if short and float(value).is_integer() and abs(value) < 1e6:
        return (
            f"${value:,.0f}"
            if unit.startswith("USD")
            else f"{value:,.0f}" + ("%" if unit.startswith("%") else "")
        )
    if unit.startswith("%"):
        return f"{value:.1f}%"
    if unit.startswith("USD"):
        return f"${value:,.0f}" if abs(value) >= 100 else f"${value:,.2f}"
    return f"{value:,.1f}"


def scorecard_tiles(
    card: pd.DataFrame,
    *,
    measures: Sequence[str] | None = None,
    perspectives: Sequence[str] | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""The CRM scorecard as status tiles: one row per measure, one tile per group.

    Each tile is coloured by its status (:data:`STATUS_STYLE`: on target, near target,
    off target, no data) and carries the value, the status symbol (a check mark, an
    almost-equal sign, a cross) and the target, so the status reads without colour. The
    first tile of a row is the company-wide (``"all"``) value; the others are the
    measure's segments, channels or functions, named in the tile when the rows' groups
    differ and as column headings when they are the same.

    Parameters
    ----------
    card : pandas.DataFrame
        The result of :func:`crmkit.scorecard.scorecard`.
    measures : sequence of str, optional
        Measure ids to show, in this order (default: every measure of ``card`` in
        scorecard order).
    perspectives : sequence of str, optional
        Show only the measures of these perspectives (with ``measures``, both apply).
    title : str, optional
        By default it counts the company-wide measures on target and names the tile
        furthest below its target.
    ax : matplotlib Axes, optional
        Where to draw; a new figure sized to the tiles by default.

    Returns
    -------
    matplotlib.axes.Axes
        With ``ax.tiles``: a dict from ``(measure_id, group)`` to the tile's Rectangle.

    Raises
    ------
    ValueError
        If ``card`` lacks a scorecard's columns, or ``measures`` / ``perspectives`` name
        none of its rows.

    Examples
    --------
    >>> card = pd.DataFrame({"perspective": ["People and information"] * 3,
    ...     "measure_id": ["staff_trained"] * 3,
    ...     "measure": ["% staff trained in CRM"] * 3, "unit": ["%"] * 3,
    ...     "group": ["all", "sales", "service"], "value": [75.0, 50.0, 100.0],
    ...     "direction": ["higher"] * 3, "target": [70.0, 70.0, 90.0],
    ...     "status": ["on target", "off target", "on target"]})
    >>> ax = scorecard_tiles(card)
    >>> [t.get_text() for t in ax.texts][:6]
    ['75.0% ✓', 'target 70%', '50.0% ✗', 'target 70%', '100.0% ✓', 'target 90%']
    >>> ax.get_title().replace("\n", " ")
    '1 of 1 company-wide measures on target; furthest off: sales on % staff trained in CRM'
    """
    from matplotlib.patches import Patch, Rectangle

    _check_title(title, ax)
    check_frame(
        card,
        "scorecard",
        {
            "measure_id": Category(),
            "measure": Category(),
            "perspective": Category(),
            "unit": Category(),
            "group": Category(),
            "value": Numeric(allow_nan=True),
            "target": Numeric(),
            "direction": Category(allowed=("higher", "lower")),
            "status": Category(allowed=tuple(STATUS_STYLE)),
        },
    )
    rows = card
    if perspectives is not None:
        rows = rows[rows["perspective"].astype(str).isin([str(p) for p in perspectives])]
    if measures is not None:
        wanted = [str(m) for m in measures]
        rows = rows[rows["measure_id"].astype(str).isin(wanted)]
        order = {m: i for i, m in enumerate(wanted)}
    else:
        order = {m: i for i, m in enumerate(dict.fromkeys(card["measure_id"].astype(str)))}
    if rows.empty:
        raise ValueError(
            "arguments 'measures' and 'perspectives' leave no row of the scorecard to draw; "
            f"its measures are {', '.join(map(repr, dict.fromkeys(card['measure_id'])))}."
        )
    ids = sorted(dict.fromkeys(rows["measure_id"].astype(str)), key=order.get)
    groups = {
        m: list(dict.fromkeys(rows.loc[rows["measure_id"].astype(str) == m, "group"].astype(str)))
        for m in ids
    }
    groups = {
        m: (["all"] if "all" in g else []) + [x for x in g if x != "all"] for m, g in groups.items()
    }
    same = len({tuple(g) for g in groups.values()}) == 1
    n_cols = max(len(g) for g in groups.values())
    if ax is None:
        import matplotlib.pyplot as plt

        width = min(16.0, 4.2 + 1.75 * n_cols)
        _, ax = plt.subplots(figsize=(width, 1.6 + 0.95 * len(ids)))
    lookup = rows.assign(_m=rows["measure_id"].astype(str), _g=rows["group"].astype(str))
    lookup = lookup.set_index(["_m", "_g"])
    names = {m: str(lookup.loc[(m, groups[m][0]), "measure"]) for m in ids}
    labels = [_tile_label(_cap(names[m])) for m in ids]
    texts = {}
    for m in ids:
        for g in groups[m]:
            row = lookup.loc[(m, g)]
            unit = str(row["unit"])
            symbol = STATUS_STYLE[str(row["status"])][3]
            texts[(m, g)] = (
                None if same else ("company" if g == "all" else _nice(g)),
                f"{_scorecard_value(row['value'], unit)} {symbol}",
                f"target {_scorecard_value(row['target'], unit, short=True)}",
            )
    small, big = _tile_fonts(ax, texts.values(), labels, n_cols, len(ids))
    tiles = {}
    for i, m in enumerate(ids):
        for j, g in enumerate(groups[m]):
            fill, edge, ink, _ = STATUS_STYLE[str(lookup.loc[(m, g), "status"])]
            patch = Rectangle(
                (j - 0.46, i - 0.44), 0.92, 0.88, facecolor=fill, edgecolor=edge, linewidth=2
            )
            ax.add_patch(patch)
            tiles[(m, g)] = patch
            top, main, target = texts[(m, g)]
            drawn = [
                ax.text(j, i + (0.02 if top is not None else -0.08), main, ha="center",
                        va="center", fontsize=big, fontweight="bold", color=ink),
                ax.text(j, i + (0.27 if top is not None else 0.24), target, ha="center",
                        va="center", fontsize=small, color=ink),
            ]  # fmt: skip
            if top is not None:
                drawn.insert(
                    0,
                    ax.text(j, i - 0.25, top, ha="center", va="center", fontsize=small, color=ink),
                )
            for artist in (patch, *drawn):  # inside the Axes: no need to lay them out
                artist.set_in_layout(False)
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(len(ids) - 0.5, -0.5)
    ax.set_yticks(range(len(ids)), labels)
    if same:
        ax.set_xticks(
            range(n_cols), ["company-wide" if g == "all" else _wrap(g, 14) for g in groups[ids[0]]]
        )
        grain = ", ".join(sorted({_grain(m) for m in ids}))
        ax.set_xlabel(f"Group ({grain}); first column: company-wide")
    else:
        ax.set_xticks([])
        ax.set_xlabel("Company-wide first, then each segment, channel or function")
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_ylabel("Measure")
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    handles = [
        Patch(facecolor=f, edgecolor=e, label=f"{s} {name}")
        for name, (f, e, _, s) in STATUS_STYLE.items()
        if name in set(rows["status"].astype(str))
    ]
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
        ncol=len(handles), frameon=False, fontsize=12, handlelength=1.4,
    )  # fmt: skip
    company = rows[rows["group"].astype(str) == "all"]
    on = int((company["status"] == "on target").sum())
    scored = int((company["status"] != "no data").sum())
    sign = (rows["direction"].astype(str) == "higher").map({True: 1.0, False: -1.0})
    short = sign * (rows["target"] - rows["value"]) / rows["target"].abs()
    default = f"{on} of {scored} company-wide measures on target"
    if short.notna().any() and short.max() > 0:
        worst = rows.loc[short.idxmax()]
        where = "company-wide" if str(worst["group"]) == "all" else _nice(worst["group"])
        default += f"; furthest off: {where} on {worst['measure']}"
    _set_title(ax, title or default, width=70)
    ax.set_title(ax.get_title(), pad=12)  # clear of the column headings above the tiles
    ax.tiles = tiles
    return ax


def _tile_label(text: str, width: int = 26) -> str:
    """Wrap a measure's name for the y axis, never leaving a lone '%' on its own line."""
    import textwrap

    lines = textwrap.wrap(text, width, break_long_words=False) or [text]
    if len(lines) > 1 and len(lines[-1]) <= 2:
        lines[-2:] = [lines[-2] + " " + lines[-1]]
    return "\n".join(lines)


def _tile_fonts(ax, texts, labels, n_cols: int, n_rows: int) -> tuple[float, float]:
    """Font sizes (small, big) that fit the longest tile text in the figure's tiles.

    A character of DejaVu Sans is about 0.6 of the font size wide (0.65 in bold); the
    y tick labels take their longest line at 12 points, the title, header and legend
    about 1.5 inches. The Axes gets the figure's width and height less those (scaled
    down when it is one of several subplots; constrained layout gives a lone Axes the
    rest of the figure). 11 and 14 points when they fit, never below 8.
    """
    fig_w, fig_h = ax.figure.get_size_inches()
    pos = ax.get_position()
    longest_label = max(len(line) for label in labels for line in label.split("\n"))
    label_in = (longest_label * 0.6 * 12 + 48) / 72
    width_in = fig_w * min(1.0, pos.width / 0.775) - label_in - 0.3
    height_in = fig_h * min(1.0, pos.height / 0.77) - 1.5
    tile_w = max(1.0, width_in * 72 / n_cols * 0.86)
    tile_h = max(1.0, height_in * 72 / n_rows * 0.86)
    need_w = max(
        max(len(top or "") * 0.6 * 11, len(main) * 0.65 * 14, len(target) * 0.6 * 11)
        for top, main, target in texts
    )
    lines = 3 if any(top for top, _, _ in texts) else 2
    need_h = (11 * (lines - 1) + 14) * 1.3
    scale = min(1.0, tile_w / need_w, tile_h / need_h)
    return max(8.0, 11 * scale), max(8.0, 14 * scale)


def _grain(measure_id: str) -> str:
    """'segment', 'channel' or 'function' (from the scorecard's measure table)."""
    from crmkit.scorecard import measure_table

    table = measure_table()
    return str(table.loc[measure_id, "grain"]) if measure_id in table.index else "group"
