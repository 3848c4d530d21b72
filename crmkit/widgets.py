"""Live controls for the lecture: sliders and menus over crmkit's pure functions.

Every widget here is a thin wrapper: it reads its controls, calls a pure function of
crmkit (the *same* call a notebook can make for a static result), writes that result in a
text panel and redraws a figure of :mod:`crmkit.plots`. No measure is computed here.

Each function returns an :class:`ipywidgets.VBox` with three extra attributes:

``box.result()``
    The pure function's result for the controls' current values (for example the
    :class:`~crmkit.satisfaction.CSIResult` of :func:`crmkit.satisfaction.csi`).
``box.summary``
    The :class:`ipywidgets.HTML` panel showing that result.
``box.figure``
    The last drawn :class:`matplotlib.figure.Figure` (``None`` for a widget without one).

The figure is shown as a PNG in an :class:`ipywidgets.Image`, so the picture is stored with
the notebook's widget state and a test can read it without a running kernel.

Saving a static view (for slides, a PDF or a notebook rendered without a kernel): set the
controls, then ``box.figure.savefig("csi.png")`` and ``box.result()``; or skip the widget
and make the plain call the widget makes, e.g.
``crmkit.plots.csi_weights(surveys, weights=w)`` and ``crmkit.satisfaction.csi(surveys,
weights=w)``. Each function's docstring names its plain call.

ipywidgets and matplotlib load when a widget is built, not when this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from crmkit._validate import (
    Category,
    Dates,
    _short,
    calls_public,
    check_date,
    check_frame,
    check_number,
    suggest,
)

if TYPE_CHECKING:
    import ipywidgets
    from matplotlib.axes import Axes

__all__ = [
    "csi_weights",
    "control_chart_whatif",
    "shifted_xbar_chart",
    "lifecycle_thresholds",
    "clv_calculator",
    "nps_explorer",
]

_ATTRIBUTES = ("product_quality", "price", "delivery", "staff_service", "after_sales", "website")


# ---------------------------------------------------------------------------------------
# Shared plumbing: a figure rendered to PNG, and a panel that recomputes on every change
# ---------------------------------------------------------------------------------------


def _render(draw: Callable[[Axes], object]) -> tuple[Any, bytes]:
    """Draw with the course style on a fresh Figure (not pyplot) and return it with its PNG."""
    import io

    import matplotlib as mpl
    from cycler import cycler
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from crmkit.plots import _COURSE_RC, OKABE_ITO

    with mpl.rc_context({**_COURSE_RC, "axes.prop_cycle": cycler(color=list(OKABE_ITO))}):
        fig = Figure(figsize=_COURSE_RC["figure.figsize"], layout="constrained")
        FigureCanvasAgg(fig)
        draw(fig.subplots())
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=90)
    return fig, buffer.getvalue()


def _panel(
    controls: Sequence[ipywidgets.Widget],
    compute: Callable[[], object],
    describe: Callable[[object], str],
    draw: Callable[[Axes, object], object] | None,
) -> ipywidgets.VBox:
    """Controls, a summary and a figure that update whenever a control changes.

    ``compute()`` calls crmkit's pure function with the controls' values; ``describe``
    turns its result into HTML; ``draw(ax, result)`` calls a :mod:`crmkit.plots` function.
    A ValueError from crmkit (for example every weight at 0) is shown in the summary.
    """
    import html

    import ipywidgets as widgets

    summary = widgets.HTML()
    image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="900px"))
    children = [*controls, summary] + ([image] if draw is not None else [])
    box = widgets.VBox(children)
    box.summary, box.figure = summary, None
    box.result = compute

    def update(_change: object = None) -> None:
        try:
            result = compute()
        except ValueError as error:
            summary.value = f"<p style='color:#D55E00'>{html.escape(str(error))}</p>"
            return
        summary.value = describe(result)
        if draw is not None:
            box.figure, image.value = _render(lambda ax: draw(ax, result))

    for control in controls:
        control.observe(update, names="value")
    update()
    return box


def _slider(kind: str, description: str, value: float, lo: float, hi: float, step: float):
    import ipywidgets as widgets

    cls = widgets.IntSlider if kind == "int" else widgets.FloatSlider
    return cls(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="520px"),
    )


def _table(frame: pd.DataFrame, floatfmt: str = "{:,.1f}") -> str:
    """A small HTML table with formatted numbers."""
    return frame.to_html(
        float_format=lambda v: floatfmt.format(v), border=0, classes="crmkit-table"
    )


# ---------------------------------------------------------------------------------------
# Notebook 05: CSI weights, NPS explorer
# ---------------------------------------------------------------------------------------


@calls_public
def csi_weights(
    surveys: pd.DataFrame,
    attributes: Sequence[str] = _ATTRIBUTES,
) -> ipywidgets.VBox:
    """One slider per attribute weight; shows the CSI and the weights-and-performance chart.

    The slider values are normalised to sum to 1 and passed to
    :func:`crmkit.satisfaction.csi`; the figure is :func:`crmkit.plots.csi_weights`.
    Sliders start at the importance-based weights (the default CSI).

    Parameters
    ----------
    surveys : pandas.DataFrame
        Table ``surveys`` (``imp_<attr>`` and ``perf_<attr>`` columns).
    attributes : sequence of str
        The attributes, one slider each.

    Returns
    -------
    ipywidgets.VBox
        Sliders, the summary and the figure; ``box.result()`` is the
        :class:`~crmkit.satisfaction.CSIResult` for the current weights. Static
        equivalent: ``crmkit.satisfaction.csi(surveys, weights=w / w.sum())``.

    Raises
    ------
    ValueError
        On invalid survey data, before any widget is built.

    Examples
    --------
    >>> surveys = pd.DataFrame({"imp_price": [5, 4], "perf_price": [2, 3],
    ...                         "imp_website": [2, 2], "perf_website": [5, 4]})
    >>> box = csi_weights(surveys, ["price", "website"])
    >>> box.children[0].value = 0.0  # all weight on the website
    >>> round(box.result().index, 1)
    87.5
    """
    from crmkit.satisfaction import csi

    start = csi(surveys, attributes)  # validates before anything is built
    sliders = {
        a: _slider("float", a.replace("_", " "), float(w), 0.0, 1.0, 0.01)
        for a, w in start.weights.items()
    }

    def weights() -> pd.Series:
        raw = pd.Series({a: s.value for a, s in sliders.items()}, dtype=float)
        if raw.sum() <= 0:
            raise ValueError("Every weight is 0: move at least one slider above 0.")
        return raw / raw.sum()

    def compute() -> object:
        return csi(surveys, attributes, weights=weights())

    def describe(result: object) -> str:
        shares = ", ".join(f"{a.replace('_', ' ')} {w:.0%}" for a, w in result.weights.items())
        return f"<h3>CSI = {result.index:.1f} of 100</h3><p>Normalised weights: {shares}</p>"

    def draw(ax: Axes, result: object) -> None:
        from crmkit.plots import csi_weights as plot

        plot(surveys, attributes, weights=result.weights, ax=ax)

    return _panel(list(sliders.values()), compute, describe, draw)


@calls_public
def nps_explorer(
    surveys: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    groups: Sequence[str] = ("segment", "acquisition_channel", "wave"),
) -> ipywidgets.VBox:
    """Choose a grouping and a survey wave; shows NPS per group with intervals and the bars.

    The numbers are :func:`crmkit.satisfaction.nps_by` on the chosen wave's responses;
    the figure is :func:`crmkit.plots.nps_bars`.

    Parameters
    ----------
    surveys, customers : pandas.DataFrame
        Tables ``surveys`` (with ``wave``) and ``customers``.
    groups : sequence of str
        The group columns offered (of either table).

    Returns
    -------
    ipywidgets.VBox
        Two menus, the summary table and the figure; ``box.result()`` is the ``nps_by``
        table. Static equivalent:
        ``crmkit.satisfaction.nps_by(surveys[surveys["wave"] == 2], "segment",
        customers=customers)``.

    Raises
    ------
    ValueError
        On invalid input, before any widget is built.

    Examples
    --------
    >>> surveys = pd.DataFrame({"customer_id": ["A", "B", "C", "D"] * 2,
    ...                         "wave": [1, 1, 1, 1, 2, 2, 2, 2],
    ...                         "nps_score": [10, 3, 9, 8, 10, 9, 7, 3]})
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
    ...                           "segment": ["x", "x", "y", "y"]})
    >>> box = nps_explorer(surveys, customers, groups=["segment"])
    >>> box.children[1].value = 2
    >>> box.result()["nps"].tolist()
    [100.0, -50.0]
    """
    import ipywidgets as widgets

    from crmkit.satisfaction import nps_by

    check_frame(surveys, "surveys", {"wave": Category(why="the explorer filters by wave")})
    check_frame(customers, "customers", {})
    if (
        isinstance(groups, str)
        or not isinstance(groups, Sequence)
        or not all(isinstance(g, str) for g in groups)
    ):
        raise TypeError(
            f"argument 'groups' must be a list of column names, such as ['segment', 'wave'], "
            f"but is {_short(groups)}."
        )
    unknown = [g for g in groups if g not in surveys.columns and g not in customers.columns]
    groups = [g for g in groups if g not in unknown]
    if not groups:
        near = suggest(unknown[0], [*surveys.columns, *customers.columns]) if unknown else []
        hint = f"; did you mean {near[0]!r}?" if near else "; pass e.g. groups=['segment']."
        raise ValueError(
            f"argument 'groups' names no column of table 'surveys' or table 'customers' "
            f"({', '.join(map(repr, unknown))}){hint}"
        )
    nps_by(surveys, groups[0], customers=customers, n_boot=200)  # validates first
    waves = sorted(surveys["wave"].dropna().unique().tolist())
    by = widgets.Dropdown(options=groups, value=groups[0], description="Group by")
    wave = widgets.Dropdown(
        options=[("all waves", "all")] + [(f"wave {w}", w) for w in waves],
        value="all",
        description="Wave",
    )

    def chosen() -> pd.DataFrame:
        return surveys if wave.value == "all" else surveys[surveys["wave"] == wave.value]

    def compute() -> pd.DataFrame:
        return nps_by(chosen(), by.value, customers=customers)

    def describe(result: pd.DataFrame) -> str:
        shown = result[["n", "nps", "ci_low", "ci_high", "promoters", "detractors"]]
        return _table(shown.rename(columns={"ci_low": "NPS low", "ci_high": "NPS high"}))

    def draw(ax: Axes, result: pd.DataFrame) -> None:
        from crmkit.plots import nps_bars

        nps_bars(chosen(), by.value, customers=customers, ax=ax)

    return _panel([by, wave], compute, describe, draw)


# ---------------------------------------------------------------------------------------
# Notebook 08: a control-chart what-if
# ---------------------------------------------------------------------------------------


@calls_public
def shifted_xbar_chart(
    tickets: pd.DataFrame,
    *,
    shift_hours: float = 0.0,
    subgroup_size: int = 5,
    start: str | pd.Timestamp = "2024-01-01",
    shift_from: str | pd.Timestamp = "2024-07-01",
    opened: str = "opened_at",
    closed: str = "closed_at",
) -> pd.DataFrame:
    """X-bar chart of resolution hours after adding a shift from a day on (a what-if).

    Tickets opened on or after ``start`` are taken in time order; tickets opened on or
    after ``shift_from`` get ``shift_hours`` added; consecutive tickets form subgroups
    of ``subgroup_size`` (an incomplete last subgroup is left out). The chart is
    :func:`crmkit.sixsigma.xbar_r_chart` and the rules
    :func:`crmkit.sixsigma.western_electric`; this function only prepares the scenario.

    Parameters
    ----------
    tickets : pandas.DataFrame
        Table ``tickets``.
    shift_hours : float, default 0
        Hours added to each ticket from ``shift_from`` (negative: an improvement).
    subgroup_size : int, default 5
        Tickets per subgroup, 2-10.
    start, shift_from : str or Timestamp
        First day charted (default: after the 2024 process change) and first day shifted.
    opened, closed : str
        Timestamp columns.

    Returns
    -------
    pandas.DataFrame
        The :func:`~crmkit.sixsigma.xbar_r_chart` frame (one row per subgroup) joined with
        the ``rule_1`` ... ``rule_4`` and ``out_of_control`` columns.

    Examples
    --------
    >>> t = pd.DataFrame({
    ...     "opened_at": pd.date_range("2024-01-01", periods=12, freq="7D"),
    ...     "closed_at": pd.date_range("2024-01-02", periods=12, freq="7D")})
    >>> chart = shifted_xbar_chart(t, shift_hours=24, subgroup_size=2, shift_from="2024-03-01")
    >>> chart["xbar"].tolist()
    [24.0, 24.0, 24.0, 24.0, 36.0, 48.0]
    """
    from crmkit.sixsigma import resolution_hours, western_electric, xbar_r_chart

    check_number(shift_hours, "shift_hours")
    size = check_number(subgroup_size, "subgroup_size", lo=2, hi=10, integer=True)
    first, shifted = check_date(start, "start"), check_date(shift_from, "shift_from")
    check_frame(tickets, "tickets", {opened: Dates(), closed: Dates()})
    hours = resolution_hours(tickets, opened=opened, closed=closed)
    when = tickets[opened]
    keep = when >= first
    frame = pd.DataFrame({"opened": when[keep], "hours": hours[keep]}).sort_values(
        "opened", kind="stable"
    )
    frame["hours"] += shift_hours * (frame["opened"] >= shifted)
    frame = frame.iloc[: len(frame) // size * size]
    if len(frame) < 2 * size:
        raise ValueError(
            f"table 'tickets' has {len(frame)} tickets opened from start {first.date()} on "
            f"(column '{opened}'); the chart needs at least two subgroups of {size}: pick an "
            f"earlier start or a smaller subgroup_size."
        )
    frame["subgroup"] = [k // size + 1 for k in range(len(frame))]
    chart = xbar_r_chart(frame, "hours", "subgroup")
    rules = western_electric(chart["xbar"], chart["xbar_centre"], chart["xbar_sigma"])
    return chart.join(rules.set_axis(chart.index))


@calls_public
def control_chart_whatif(
    tickets: pd.DataFrame,
    *,
    start: str | pd.Timestamp = "2024-01-01",
    shift_from: str | pd.Timestamp = "2024-07-01",
) -> ipywidgets.VBox:
    """Sliders for a shift in resolution hours and the subgroup size; redraws the X-bar chart.

    Each change calls :func:`shifted_xbar_chart` and draws it with
    :func:`crmkit.plots.control_chart`; the summary counts the out-of-control subgroups.

    Parameters
    ----------
    tickets : pandas.DataFrame
        Table ``tickets``.
    start, shift_from : str or Timestamp
        First day charted and first day shifted.

    Returns
    -------
    ipywidgets.VBox
        Two sliders, the summary and the chart; ``box.result()`` is the chart frame.
        Static equivalent: ``shifted_xbar_chart(tickets, shift_hours=10)``.

    Raises
    ------
    ValueError
        On an invalid tickets table, before any widget is built.

    Examples
    --------
    >>> t = pd.DataFrame({
    ...     "opened_at": pd.date_range("2024-01-01", periods=12, freq="7D"),
    ...     "closed_at": pd.date_range("2024-01-02", periods=12, freq="7D")
    ...                  + pd.to_timedelta([0, 5, 1, 3, 2, 4] * 2, unit="h")})
    >>> box = control_chart_whatif(t)
    >>> box.children[1].value = 4
    >>> len(box.result())
    3
    """
    shifted_xbar_chart(tickets, start=start, shift_from=shift_from)  # validates first
    shift_day = check_date(shift_from, "shift_from").strftime("%Y-%m-%d")
    shift = _slider("float", f"Shift from {shift_day} (hours)", 0, -20, 20, 1)
    size = _slider("int", "Subgroup size (tickets)", 5, 2, 10, 1)

    def compute() -> pd.DataFrame:
        return shifted_xbar_chart(
            tickets,
            shift_hours=shift.value,
            subgroup_size=size.value,
            start=start,
            shift_from=shift_from,
        )

    def describe(chart: pd.DataFrame) -> str:
        bad = int(chart["out_of_control"].sum())
        return (
            f"<h3>{bad} of {len(chart)} subgroups out of control</h3>"
            f"<p>Centre {chart['xbar_centre'].iloc[0]:.1f} h, limits "
            f"{chart['xbar_lcl'].iloc[0]:.1f}-{chart['xbar_ucl'].iloc[0]:.1f} h; "
            f"rule 1 (beyond 3 sigma): {int(chart['rule_1'].sum())}, "
            f"runs and zones (rules 2-4): {int((chart['out_of_control'] & ~chart['rule_1']).sum())}</p>"
        )

    def draw(ax: Axes, chart: pd.DataFrame) -> None:
        from crmkit.plots import control_chart

        control_chart(
            chart,
            kind="xbar",
            xlabel=f"Subgroup of {size.value} consecutive tickets (time order)",
            ylabel="Mean resolution time (hours)",
            ax=ax,
        )

    return _panel([shift, size], compute, describe, draw)


# ---------------------------------------------------------------------------------------
# Notebook 03: lifecycle thresholds
# ---------------------------------------------------------------------------------------


@calls_public
def lifecycle_thresholds(
    order_lines: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    products: pd.DataFrame | None = None,
    observation_end: str | pd.Timestamp = "2024-12-31",
) -> ipywidgets.VBox:
    """Sliders for the phase rules' ``new_days`` and ``lapse_days``; shows phase counts.

    Each change calls :func:`crmkit.lifecycle.assign_phase` and draws
    :func:`crmkit.plots.phase_counts`.

    Parameters
    ----------
    order_lines, customers : pandas.DataFrame
        Tables ``order_lines`` and ``customers``.
    products : pandas.DataFrame, optional
        Table ``products`` (for the enhancement rule on new categories).
    observation_end : str or Timestamp
        The day the phases are assigned on.

    Returns
    -------
    ipywidgets.VBox
        Two sliders, the counts and the figure; ``box.result()`` is the
        ``assign_phase`` table. Static equivalent: ``crmkit.lifecycle.assign_phase(
        order_lines, customers, new_days=90, lapse_days=365)["phase"].value_counts()``.

    Raises
    ------
    ValueError
        On invalid input, before any widget is built.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["A", "B"],
    ...     "signup_date": pd.to_datetime(["2024-01-01", "2024-11-01"])})
    >>> lines = pd.DataFrame({"customer_id": ["A", "B"], "order_id": ["O1", "O2"],
    ...     "order_date": pd.to_datetime(["2024-02-01", "2024-11-02"]),
    ...     "revenue": [10.0, 20.0]})
    >>> box = lifecycle_thresholds(lines, customers)
    >>> box.result()["phase"].astype(str).tolist()
    ['lapsed', 'acquisition']
    >>> box.children[1].value = 360  # lapse only after 360 days without an order
    >>> box.result()["phase"].astype(str).tolist()
    ['enhancement', 'acquisition']
    """
    from crmkit.lifecycle import PHASES, assign_phase

    common = {"products": products, "observation_end": observation_end}
    assign_phase(order_lines, customers, **common)  # validates first
    new = _slider("int", "New customer for (days)", 180, 30, 365, 15)
    lapse = _slider("int", "Lapsed after no order for (days)", 180, 60, 540, 30)

    def compute() -> pd.DataFrame:
        return assign_phase(
            order_lines, customers, new_days=new.value, lapse_days=lapse.value, **common
        )

    def describe(phases: pd.DataFrame) -> str:
        counts = phases["phase"].value_counts().reindex(list(PHASES), fill_value=0)
        table = pd.DataFrame({"customers": counts, "share (%)": counts / counts.sum() * 100})
        return _table(table.T, "{:,.0f}")

    def draw(ax: Axes, phases: pd.DataFrame) -> None:
        from crmkit.plots import phase_counts

        phase_counts(phases, ax=ax)

    return _panel([new, lapse], compute, describe, draw)


# ---------------------------------------------------------------------------------------
# Notebook 06: a CLV calculator
# ---------------------------------------------------------------------------------------


@calls_public
def clv_calculator(
    margin: float = 100.0,
    retention: float = 0.8,
    discount_rate: float = 0.1,
    *,
    timing: str = "end",
) -> ipywidgets.VBox:
    """Sliders for margin, retention and discount rate; shows CLV and the margin multiple.

    The value is :func:`crmkit.value.clv_simple`; the table beside it is the margin
    multiple (CLV of a margin of 1) for common retention and discount rates, from the
    same function.

    Parameters
    ----------
    margin : float, default 100
        Starting margin per period, USD.
    retention : float, default 0.8
        Starting retention per period, 0-0.99.
    discount_rate : float, default 0.1
        Starting discount rate per period, 0-0.3.
    timing : {"end", "start"}
        When margins arrive (see :func:`crmkit.value.clv_simple`).

    Returns
    -------
    ipywidgets.VBox
        Three sliders and the summary; ``box.result()`` is the CLV in USD. Static
        equivalent: ``crmkit.value.clv_simple(100, 0.8, 0.1)``.

    Raises
    ------
    ValueError
        On a starting value outside its slider's range, before any widget is built.

    Examples
    --------
    >>> box = clv_calculator()
    >>> round(box.result(), 2)
    266.67
    >>> box.children[1].value = 0.9  # retention 90%
    >>> round(box.result(), 2)
    450.0
    """
    import numpy as np

    from crmkit.value import clv_simple

    check_number(margin, "margin", lo=0, hi=1000)
    check_number(retention, "retention", lo=0, hi=0.99)
    check_number(discount_rate, "discount_rate", lo=0, hi=0.3)
    clv_simple(margin, retention, discount_rate, timing=timing)  # validates timing
    m = _slider("float", "Margin per period (USD)", margin, 0, 1000, 10)
    r = _slider("float", "Retention per period", retention, 0, 0.99, 0.01)
    i = _slider("float", "Discount rate per period", discount_rate, 0, 0.3, 0.01)
    rates = np.array([0.5, 0.6, 0.7, 0.8, 0.9])
    discounts = np.array([0.05, 0.10, 0.15, 0.20])
    grid = clv_simple(1.0, rates[:, None], discounts[None, :], timing=timing)
    multiples = pd.DataFrame(
        grid,
        index=pd.Index([f"{x:.0%}" for x in rates], name="retention"),
        columns=pd.Index([f"{x:.0%}" for x in discounts], name="discount rate"),
    )

    def compute() -> float:
        return clv_simple(m.value, r.value, i.value, timing=timing)

    def describe(value: float) -> str:
        multiple = clv_simple(1.0, r.value, i.value, timing=timing)
        return (
            f"<h3>CLV = ${value:,.0f}</h3><p>{multiple:.2f} &times; the margin per period "
            f"(the margin multiple). Margin multiples for other rates:</p>"
            + _table(multiples, "{:.2f}")
        )

    return _panel([m, r, i], compute, describe, None)
