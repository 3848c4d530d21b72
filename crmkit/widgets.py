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

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from crmkit._validate import (
    Category,
    Dates,
    _short,
    calls_public,
    check_choice,
    check_date,
    check_frame,
    check_number,
    suggest,
)

if TYPE_CHECKING:
    import ipywidgets
    from matplotlib.axes import Axes

__all__ = [
    "hse_launch_window",
    "alpha_items",
    "csi_weights",
    "loyalty_strata",
    "control_chart_whatif",
    "shifted_xbar_chart",
    "lifecycle_thresholds",
    "loop_refinement",
    "clv_calculator",
    "nps_explorer",
    "shifted_targets",
    "scorecard_targets",
]

_ATTRIBUTES = ("product_quality", "price", "delivery", "staff_service", "after_sales", "website")


# ---------------------------------------------------------------------------------------
# Shared plumbing: labels, numbers and tables in the course's style, a figure rendered to
# PNG, sliders that line up, and a panel that recomputes on every change
# ---------------------------------------------------------------------------------------

#: Width of every control's description, so that all slider tracks start at one place.
_DESCRIPTION_WIDTH = "19em"
#: Widest a control row, the summary and the figure get: fits a 1280 x 720 projector
#: (with JupyterLab's side bar open) and a notebook.
_MAX_WIDTH = "900px"
_FIGSIZE = (9.0, 4.3)  # inches; 900 x 430 px at the widgets' 100 dpi
_MINUS = "\u2212"
_BAD = "#D55E00"
_FONT = "font-size:15px;line-height:1.45"
_CELL = "padding:2px 12px;border-bottom:1px solid #e3e3e3"
_NUMBER = "text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap"


def _label(name: object, by: str | None = None) -> str:
    """A raw name or group label as a person writes it.

    'small_business' -> 'Small business', 'nps' -> 'NPS', 'ci_low' -> 'CI low'; a number
    with ``by`` names its group: ``_label(2, by="wave")`` -> 'Wave 2'. Text that already
    reads well (capitals, units in brackets) is kept, apart from its first letter.

    Examples
    --------
    >>> _label("small_business"), _label("nps"), _label("acquisition_channel")
    ('Small business', 'NPS', 'Acquisition channel')
    >>> _label(2, by="wave"), _label("Share (%)")
    ('Wave 2', 'Share (%)')
    """
    if by is not None and (isinstance(name, (int, float)) or str(name).isdigit()):
        return f"{_label(by)} {name}"
    from crmkit.plots import _cap  # the figures' own rule, so a panel and its chart agree

    return _cap(name)


def _number(value: object, fmt: str = "{:,.1f}") -> str:
    """A number in a fixed format with a true minus sign; a missing value as a dash."""
    if value is None or (isinstance(value, float) and value != value):
        return "\u2013"
    return fmt.format(value).replace("-", _MINUS)


def _render(draw: Callable[[Axes], object], *, figsize: tuple[float, float] | None = None):
    """Draw with the course style on a fresh Figure (not pyplot) and return it with its PNG."""
    import io

    import matplotlib as mpl
    from cycler import cycler
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from crmkit.plots import _COURSE_RC, OKABE_ITO

    with mpl.rc_context({**_COURSE_RC, "axes.prop_cycle": cycler(color=list(OKABE_ITO))}):
        fig = Figure(figsize=figsize or _FIGSIZE, layout="constrained")
        FigureCanvasAgg(fig)
        draw(fig.subplots())
        buffer = io.BytesIO()
        # "tight" keeps what a figure writes beside its axes (labels at x > 1), as inline does
        fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return fig, buffer.getvalue()


def _error_html(message: str) -> str:
    import html

    return (
        f"<div style='{_FONT};max-width:{_MAX_WIDTH};border-left:5px solid {_BAD};"
        f"background:#fbece6;padding:8px 14px;margin:6px 0'>"
        f"<b>No result for these settings.</b> {html.escape(message[:1].upper() + message[1:])}<br>"
        f"<span style='color:#555'>The chart is hidden until the settings give a result "
        f"again.</span></div>"
    )


def _panel(
    controls: Sequence[ipywidgets.Widget],
    compute: Callable[[], object],
    describe: Callable[[object], str],
    draw: Callable[[Axes, object], object] | None,
) -> ipywidgets.VBox:
    """Controls, a summary and a figure that update whenever a control changes.

    ``compute()`` calls crmkit's pure function with the controls' values; ``describe``
    turns its result into HTML; ``draw(ax, result)`` calls a :mod:`crmkit.plots` function.
    A ValueError from crmkit (for example every weight at 0) replaces the summary with
    the message (what to change) and hides the figure, which would no longer be true;
    both come back with the next valid setting. ``box.error`` holds the message (None
    when the panel shows a result) and ``box.figure`` is None while it is shown.
    """
    import ipywidgets as widgets

    # The panel takes the width it is given up to _MAX_WIDTH: next to JupyterLab's side bar
    # the figure shrinks with it and a wide table scrolls instead of being cut off.
    summary = widgets.HTML(layout=widgets.Layout(max_width=_MAX_WIDTH, overflow="auto"))
    image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width=_MAX_WIDTH))
    children = [*controls, summary] + ([image] if draw is not None else [])
    box = widgets.VBox(children, layout=widgets.Layout(width="100%", max_width=_MAX_WIDTH))
    box.summary, box.figure, box.error = summary, None, None
    box.result = compute

    def update(_change: object = None) -> None:
        try:
            result = compute()
        except ValueError as error:
            box.error, box.figure = str(error), None
            summary.value = _error_html(str(error))
            image.layout.display = "none"
            return
        box.error = None
        summary.value = f"<div style='{_FONT}'>{describe(result)}</div>"
        if draw is not None:
            box.figure, image.value = _render(lambda ax: draw(ax, result))
            image.layout.display = None

    for control in controls:
        control.observe(update, names="value")
    update()
    return box


def _slider(
    kind: str,
    description: str,
    value: float,
    lo: float,
    hi: float,
    step: float,
    *,
    readout: bool = True,
    readout_format: str | None = None,
    width: str = _DESCRIPTION_WIDTH,
):
    """A slider whose track starts where every other control's does (fixed description
    width) and whose readout shows the value in ``readout_format`` (d3 format, e.g.
    ``".0%"`` for a share, ``",.0f"`` for money); ``readout=False`` hides it. ``width`` is
    the description's width: the same for every control of one widget, wider for long names."""
    import ipywidgets as widgets

    cls = widgets.IntSlider if kind == "int" else widgets.FloatSlider
    extra = {} if readout_format is None else {"readout_format": readout_format}
    return cls(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        tooltip=description,  # the whole text on hover, should a narrow screen cut it
        continuous_update=False,
        readout=readout,
        style={"description_width": width},
        layout=widgets.Layout(width="100%", max_width="640px"),
        **extra,
    )


def _dropdown(description: str, options: Sequence, value: object):
    """A menu aligned with the sliders (same description width)."""
    import ipywidgets as widgets

    return widgets.Dropdown(
        options=options,
        value=value,
        description=description,
        tooltip=description,
        style={"description_width": _DESCRIPTION_WIDTH},
        layout=widgets.Layout(width="100%", max_width="560px"),
    )


def _table(
    frame: pd.DataFrame,
    floatfmt: str = "{:,.1f}",
    *,
    formats: dict[str, str] | None = None,
    by: str | None = None,
    total: int | None = None,
    highlight: tuple[object, object] | None = None,
    corner: str | None = None,
    columns_title: str | None = None,
) -> str:
    """A small HTML table as on a slide: labels in words, numbers right-aligned.

    Column names and index labels go through :func:`_label` (``by`` names the groups of
    a numeric index, e.g. 'Wave 1'); each column has one fixed format: ``formats[column]``,
    else ``{:,}`` for an integer column and ``floatfmt`` for a float one, with a true minus
    sign; text columns are left-aligned. ``total`` makes the last ``total`` rows a bold
    total line; ``highlight`` is an (index, column) cell to mark; ``corner`` is the text
    above the index (default: the index name); ``columns_title`` a heading over the
    columns (e.g. 'Discount rate per period').
    """
    import html

    formats = dict(formats or {})
    for column in frame.columns:
        if column not in formats and pd.api.types.is_numeric_dtype(frame[column]):
            is_int = pd.api.types.is_integer_dtype(frame[column])
            formats[column] = "{:,}" if is_int else floatfmt
    head = "text-align:left;white-space:nowrap"
    corner = corner if corner is not None else _label(frame.index.name or "")
    rows = []
    if columns_title is not None:
        rows.append(
            f"<tr><th style='padding:3px 12px'></th><th colspan='{frame.shape[1]}' "
            f"style='padding:3px 12px;text-align:center;font-weight:normal;color:#555'>"
            f"{html.escape(columns_title)}</th></tr>"
        )
    cells = [f"<th style='{_CELL};{head}'>{html.escape(corner)}</th>"]
    for column in frame.columns:
        align = "text-align:right" if column in formats else "text-align:left"
        label = html.escape(_label(column))
        cells.append(f"<th style='{_CELL};{align};white-space:nowrap'>{label}</th>")
    rows.append("<tr style='border-bottom:2px solid #999'>" + "".join(cells) + "</tr>")
    for k, key in enumerate(frame.index):
        bold = total is not None and k >= len(frame) - total
        style = "font-weight:bold;border-top:2px solid #999" if bold else ""
        cells = [f"<td style='{_CELL};{head}'>{html.escape(_label(key, by))}</td>"]
        for column in frame.columns:
            v = frame[column].iloc[k]
            mark = ";background:#fde9c8;font-weight:bold" if highlight == (key, column) else ""
            if column in formats:
                text = _number(v, formats[column]) if pd.api.types.is_number(v) else str(v)
                cells.append(f"<td style='{_CELL};{_NUMBER}{mark}'>{html.escape(text)}</td>")
            else:
                text = html.escape(_label(v))
                cells.append(f"<td style='{_CELL};white-space:nowrap{mark}'>{text}</td>")
        rows.append(f"<tr style='{style}'>" + "".join(cells) + "</tr>")
    return (
        "<table class='crmkit-table' style='border-collapse:collapse;margin:4px 0 8px'>"
        + "".join(rows)
        + "</table>"
    )


# ---------------------------------------------------------------------------------------
# Notebook 01: the HSE indicators when the launch date or the window moves
# ---------------------------------------------------------------------------------------

_HSE_SHARE_ROWS = ("churn_rate", "repeat_sales_share", "unprofitable_share")


def _hse_cell(indicator: str, value: float, *, change: bool = False) -> str:
    """An HSE indicator's value as text: shares in % (changes in points), counts whole,
    costs in USD, sign-ups per month with one decimal."""
    if pd.isna(value):
        return "-"
    sign = "+" if change else ""
    if indicator in _HSE_SHARE_ROWS:
        return f"{100 * value:{sign}.1f} pp" if change else f"{100 * value:.1f}%"
    if indicator == "unprofitable_customers":
        return f"{value:{sign},.0f}"
    if indicator.endswith("cost_per_customer"):
        return f"{value:{sign},.2f} USD"
    return f"{value:{sign},.1f}"


def hse_launch_window(
    customers: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    launch: str | pd.Timestamp = "2023-07-01",
    observation_end: str | pd.Timestamp = "2024-12-31",
    channels: pd.DataFrame | None = None,
    interactions: pd.DataFrame | None = None,
    tickets: pd.DataFrame | None = None,
) -> ipywidgets.VBox:
    """Sliders that move the launch date and the window; redraws the HSE indicators.

    Each change calls :func:`crmkit.lifecycle.hse_indicators` with the launch moved by
    the first slider (whole months, -6 to +6) and windows of the second slider's length
    (2 to 12 months, even), and draws :func:`crmkit.plots.hse_indicators`. Moving the
    launch to a day when nothing was launched is a placebo test: an effect of the
    launch should be largest at the real date, while a trend shows at every date.

    Parameters
    ----------
    customers, order_lines : pandas.DataFrame
        Tables ``customers`` and ``order_lines``.
    launch : str or Timestamp, default "2023-07-01"
        The real launch day, where the first slider starts.
    observation_end : str or Timestamp, default "2024-12-31"
        The last day of data. A setting whose after window runs past it shows the
        message of :func:`~crmkit.lifecycle.hse_indicators` instead of numbers.
    channels, interactions, tickets : pandas.DataFrame, optional
        Passed on, for the profit of each customer and the costs per customer.

    Returns
    -------
    ipywidgets.VBox
        Two sliders, the table (every indicator before, after, the change and its
        interval) and the figure; ``box.result()`` is the ``hse_indicators`` table.
        Static equivalent: ``crmkit.lifecycle.hse_indicators(customers, order_lines,
        launch="2023-01-01", window_months=6)``.

    Raises
    ------
    ValueError
        On invalid input, before any widget is built.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C"],
    ...     "signup_date": pd.to_datetime(["2023-01-05", "2023-02-01", "2023-08-01"])})
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B", "C", "C"],
    ...     "order_id": ["o1", "o2", "o3", "o4", "o5"],
    ...     "order_date": pd.to_datetime(["2023-01-05", "2023-05-01", "2023-02-01",
    ...                                   "2023-08-01", "2023-11-01"]),
    ...     "revenue": [100.0, 50.0, 80.0, 60.0, 40.0], "cost": [50.0, 25.0, 40.0, 30.0, 20.0]})
    >>> box = hse_launch_window(customers, orders, observation_end="2023-12-31")
    >>> "runs past observation_end" in box.summary.value  # 12 months after July 2023
    True
    >>> box.children[1].value = 6  # six months either side
    >>> float(round(box.result().loc["repeat_sales_share", "after"], 3))
    0.4
    """
    from crmkit.lifecycle import hse_indicators

    start = check_date(launch, "launch")
    common = {
        "observation_end": observation_end,
        "channels": channels,
        "interactions": interactions,
        "tickets": tickets,
    }
    # validates the tables first, with the shortest window (the one most likely to fit)
    hse_indicators(customers, order_lines, launch=start, window_months=2, **common)
    shift = _slider("int", f"Launch moved from {start:%d %b %Y} (months)", 0, -6, 6, 1)
    months = _slider("int", "Months before and after it", 12, 2, 12, 2)

    def moved() -> pd.Timestamp:
        return start + pd.DateOffset(months=shift.value)

    def compute() -> pd.DataFrame:
        return hse_indicators(
            customers, order_lines, launch=moved(), window_months=months.value, **common
        )

    def describe(table: pd.DataFrame) -> str:
        shown = pd.DataFrame(
            {
                "before": [_hse_cell(i, v) for i, v in table["before"].items()],
                "after": [_hse_cell(i, v) for i, v in table["after"].items()],
                "change": [_hse_cell(i, v, change=True) for i, v in table["change"].items()],
                "change, 95% CI": [
                    "-"
                    if pd.isna(lo)
                    else f"{_hse_cell(i, lo, change=True)} to {_hse_cell(i, hi, change=True)}"
                    for i, lo, hi in zip(
                        table.index, table["change_low"], table["change_high"], strict=True
                    )
                ],
            },
            index=[i.replace("_", " ") for i in table.index],
        )
        head = (
            f"<h3>Launch {moved():%Y-%m-%d}, {months.value} months before and after"
            f"{' (the real launch)' if shift.value == 0 else ' (a pretend launch)'}</h3>"
        )
        return head + _table(shown)

    def draw(ax: Axes, table: pd.DataFrame) -> None:
        from crmkit.plots import hse_indicators as plot

        plot(customers, order_lines, launch=moved(), window_months=months.value, ax=ax, **common)

    return _panel([shift, months], compute, describe, draw)


# ---------------------------------------------------------------------------------------
# Notebook 02: untick a scale's items and watch Cronbach's alpha
# ---------------------------------------------------------------------------------------


def alpha_items(
    surveys: pd.DataFrame,
    dimensions: Mapping[str, Sequence[str]] | None = None,
    *,
    dimension: str | None = None,
    ci: float = 0.95,
) -> ipywidgets.VBox:
    """Choose a scale and untick its items; shows Cronbach's alpha and its interval.

    The number is :func:`crmkit.relationship.cronbach_alpha` of the ticked items of the
    chosen scale; the figure is :func:`crmkit.plots.scale_alphas` of every scale, the
    chosen one with only its ticked items. The table under it is the scale's
    :func:`~crmkit.relationship.item_analysis` with all its items (which item to untick).

    Parameters
    ----------
    surveys : pandas.DataFrame
        Table ``surveys`` (one column per item).
    dimensions : mapping of str to list of str, optional
        Scale -> item columns (at least three each); default
        :data:`crmkit.relationship.DIMENSIONS`.
    dimension : str, optional
        The scale shown first; default the first of ``dimensions``.
    ci : float, default 0.95
        Confidence level of Feldt's interval.

    Returns
    -------
    ipywidgets.VBox
        A menu, one tick box per item, the summary and the figure; ``box.result()`` is
        the :class:`~crmkit.relationship.AlphaResult` of the ticked items. Fewer than two
        ticked items show the library's message instead. Static equivalent:
        ``crmkit.relationship.cronbach_alpha(surveys, ["reciprocity_1", "reciprocity_2"])``.

    Raises
    ------
    ValueError
        On invalid survey data or an unknown ``dimension``, before any widget is built.

    Examples
    --------
    >>> surveys = pd.DataFrame({"t1": [1, 2, 3, 4, 5], "t2": [1, 2, 3, 5, 4],
    ...                         "t3": [2, 1, 3, 4, 5], "t4": [3, 1, 2, 5, 4]})
    >>> box = alpha_items(surveys, {"trust": ["t1", "t2", "t3", "t4"]})
    >>> round(box.result().alpha, 3)
    0.935
    >>> box.children[4].value = False  # untick t4
    >>> round(box.result().alpha, 3), box.result().n_items
    (0.951, 3)
    """
    import ipywidgets as widgets

    from crmkit.relationship import DIMENSIONS, cronbach_alpha, item_analysis, reliability

    dims = {str(k): list(v) for k, v in (DIMENSIONS if dimensions is None else dimensions).items()}
    reliability(surveys, dims, ci=ci, scale=None)  # validates every scale first
    first = check_choice(list(dims)[0] if dimension is None else dimension, "dimension", list(dims))
    menu = _dropdown("Scale", [(_label(k), k) for k in dims], first)
    width = max(len(items) for items in dims.values())
    ticks = [widgets.Checkbox(value=True, indent=False) for _ in range(width)]

    def relabel(_change: object = None) -> None:
        items = dims[menu.value]
        for k, box in enumerate(ticks):
            box.description = items[k] if k < len(items) else ""
            box.layout.display = None if k < len(items) else "none"
            box.value = k < len(items)

    relabel()
    menu.observe(relabel, names="value")  # before the panel's own update: labels first

    def ticked() -> list[str]:
        items = dims[menu.value]
        return [item for item, box in zip(items, ticks, strict=False) if box.value]

    def compute() -> object:
        return cronbach_alpha(surveys, ticked(), ci=ci)

    def describe(result: object) -> str:
        items = dims[menu.value]
        full = cronbach_alpha(surveys, items, ci=ci)
        stats = item_analysis(surveys, items)[["item_total_r", "alpha_if_deleted"]]
        stats.columns = ["item-total r", "alpha if deleted"]
        stats.index.name = None
        return (
            f"<h3>{menu.value.capitalize()}: alpha = {result.alpha:.2f} ({ci:.0%} CI "
            f"{result.ci_low:.2f}-{result.ci_high:.2f}) with {result.n_items} of "
            f"{len(items)} items</h3><p>With every item: {full.alpha:.2f} "
            f"({full.ci_low:.2f}-{full.ci_high:.2f}), n = {result.n:,} responses.</p>"
            + _table(stats, "{:.2f}")
        )

    def draw(ax: Axes, result: object) -> None:
        from crmkit.plots import scale_alphas

        scale_alphas(surveys, {**dims, menu.value: ticked()}, ci=ci, ax=ax)

    return _panel([menu, *ticks], compute, describe, draw)


# ---------------------------------------------------------------------------------------
# Notebook 05: CSI weights, NPS explorer
# ---------------------------------------------------------------------------------------


@calls_public
def csi_weights(
    surveys: pd.DataFrame,
    attributes: Sequence[str] = _ATTRIBUTES,
) -> ipywidgets.VBox:
    """One slider per attribute weight; shows the CSI and the weights-and-performance chart.

    The weights are relative: each slider's value divided by the sum of all of them is
    the attribute's share of the index, shown beside its name (the sliders have no raw
    readout, which would disagree with that share). The shares are passed to
    :func:`crmkit.satisfaction.csi`; the figure is :func:`crmkit.plots.csi_weights`.
    Sliders start at the importance-based weights (the default CSI). With every slider at
    0 there is no index: the panel says so and hides the chart.

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
    >>> box.children[1].description
    'Website: 100%'
    """
    from crmkit.satisfaction import csi

    start = csi(surveys, attributes)  # validates before anything is built
    sliders = {
        a: _slider("float", _label(a), float(w), 0.0, 1.0, 0.01, readout=False)
        for a, w in start.weights.items()
    }

    def weights() -> pd.Series:
        raw = pd.Series({a: s.value for a, s in sliders.items()}, dtype=float)
        if raw.sum() <= 0:
            raise ValueError(
                "Every weight is 0, so the index has nothing to average: move at least one "
                "slider above 0."
            )
        return raw / raw.sum()

    def show_shares(_change: object = None) -> None:
        raw = pd.Series({a: s.value for a, s in sliders.items()}, dtype=float)
        for a, slider in sliders.items():
            share = "\u2013" if raw.sum() <= 0 else f"{raw[a] / raw.sum():.0%}"
            slider.description = f"{_label(a)}: {share}"

    for slider in sliders.values():  # before the panel's own observer: shares first
        slider.observe(show_shares, names="value")
    show_shares()

    def compute() -> object:
        return csi(surveys, attributes, weights=weights())

    def describe(result: object) -> str:
        heavy = result.weights.idxmax()
        return (
            f"<h3 style='margin:6px 0'>CSI = {result.index:.1f} of 100</h3>"
            f"<p style='margin:2px 0'>Weights are relative: each attribute's share of the "
            f"slider total (beside its name) is its weight in the index; "
            f"{heavy.replace('_', ' ')} weighs most ({result.weights[heavy]:.0%}).</p>"
        )

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
    names = {"wave": "Survey wave"}
    by = _dropdown("Group by", [(names.get(g, _label(g)), g) for g in groups], groups[0])
    wave = _dropdown(
        "Responses from",
        [("All waves", "all")] + [(_label(w, by="wave"), w) for w in waves],
        "all",
    )

    def chosen() -> pd.DataFrame:
        return surveys if wave.value == "all" else surveys[surveys["wave"] == wave.value]

    def compute() -> pd.DataFrame:
        return nps_by(chosen(), by.value, customers=customers)

    def describe(result: pd.DataFrame) -> str:
        interval = [
            f"{_number(lo, '{:+.1f}')} to {_number(hi, '{:+.1f}')}"
            for lo, hi in zip(result["ci_low"], result["ci_high"], strict=True)
        ]
        shown = pd.DataFrame(
            {
                "Respondents": result["n"].astype("int64"),
                "NPS": result["nps"],
                "95 % interval": interval,
                "Promoters (%)": result["promoters"],
                "Detractors (%)": result["detractors"],
            },
            index=result.index,
        )
        where = "all waves" if wave.value == "all" else _label(wave.value, by="wave").lower()
        return (
            f"<h3 style='margin:6px 0'>NPS by {names.get(by.value, _label(by.value)).lower()}, "
            f"{where} ({int(result['n'].sum()):,} respondents)</h3>"
            + _table(
                shown,
                formats={"NPS": "{:+.1f}", "95 % interval": "{}"},
                by=by.value,
                corner=names.get(by.value, _label(by.value)),
            )
            + "<p style='margin:2px 0;color:#555'>NPS = % promoters (9-10) \u2212 % "
            "detractors (0-6), \u2212100 to +100; bootstrap 95 % interval.</p>"
        )

    def draw(ax: Axes, result: pd.DataFrame) -> None:
        from crmkit.plots import nps_bars

        nps_bars(chosen(), by.value, customers=customers, ax=ax)

    return _panel([by, wave], compute, describe, draw)


# ---------------------------------------------------------------------------------------
# Notebook 07: how far stratifying gets towards the programme's true effect
# ---------------------------------------------------------------------------------------

_STRATA_OPTIONS = (
    ("pre-launch orders a month", "pre_launch_order_rate"),
    ("pre-launch orders (count)", "pre_launch_orders"),
    ("pre-launch spend", "pre_launch_spend"),
    ("segment", "segment"),
)


def loyalty_strata(
    customers: pd.DataFrame,
    order_lines: pd.DataFrame,
    order_lines_without: pd.DataFrame | None = None,
    *,
    outcome: str = "churn",
) -> ipywidgets.VBox:
    """A slider for the number of strata and a menu for what to stratify on.

    Each change calls :func:`crmkit.loyalty.compare_with_truth` (or, without the
    regenerated data, :func:`crmkit.loyalty.programme_effect` /
    :func:`crmkit.loyalty.spend_effect`) and draws :func:`crmkit.plots.effect_forest`:
    the room sees the adjusted gap shrink from the naive one as strata are added, level
    off, and stay far from the true effect.

    Parameters
    ----------
    customers, order_lines : pandas.DataFrame
        Tables ``customers`` and ``order_lines``.
    order_lines_without : pandas.DataFrame, optional
        Table ``order_lines`` of the same company regenerated without the programme's
        effect (``crmkit.data.generate(..., planted=...)``), for the true effect.
    outcome : {"churn", "spend"}, default "churn"
        The outcome compared.

    Returns
    -------
    ipywidgets.VBox
        The menu, the slider (1-20 strata, starting at 5), the summary and the figure;
        ``box.result()`` is the :class:`~crmkit.loyalty.TruthComparison` (or the
        effect) for the current controls. Static equivalent:
        ``crmkit.plots.effect_forest(customers, order_lines,
        order_lines_without=order_lines_without, n_strata=5)``.

    Raises
    ------
    ValueError
        On invalid input, before any widget is built.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": list("ABCDEF"),
    ...     "loyalty_member": [True, True, True, False, False, False]})
    >>> lines = pd.DataFrame({"customer_id": list("ABCDEFABD"),
    ...     "order_id": [f"o{i}" for i in range(9)],
    ...     "order_date": pd.to_datetime(["2022-06-01"] * 6 + ["2024-11-01"] * 3),
    ...     "revenue": [10.0] * 9})
    >>> box = loyalty_strata(customers, lines, lines.drop(index=6))
    >>> box.children[1].value = 1  # one stratum: the adjusted gap is the naive one
    >>> r = box.result()
    >>> round(r.naive, 3), round(r.adjusted, 3), round(r.true, 3)
    (-0.333, -0.333, -0.333)
    """

    from crmkit import loyalty

    check_choice(outcome, "outcome", ["churn", "spend"])

    def estimate(strata: str, n_strata: int) -> object:
        if order_lines_without is not None:
            return loyalty.compare_with_truth(
                customers,
                order_lines,
                order_lines_without,
                outcome=outcome,
                strata=strata,
                n_strata=n_strata,
            )
        measure = loyalty.programme_effect if outcome == "churn" else loyalty.spend_effect
        return measure(customers, order_lines, strata=strata, n_strata=n_strata)

    estimate("pre_launch_order_rate", 5)  # validates first
    options = [
        (label, key)
        for label, key in _STRATA_OPTIONS
        if key != "segment" or "segment" in getattr(customers, "columns", ())
    ]
    strata = _dropdown("Stratify on", options, "pre_launch_order_rate")
    count = _slider("int", "Number of strata", 5, 1, 20, 1)

    def compute() -> object:
        return estimate(strata.value, count.value)

    def describe(result: object) -> str:
        scale, unit = (100.0, "pp") if outcome == "churn" else (1.0, "USD")
        rows = {"naive": result.naive, "adjusted": result.adjusted}
        if order_lines_without is not None:
            rows["true"] = result.true
        table = pd.DataFrame({f"effect ({unit})": pd.Series(rows) * scale})
        head = (
            f"<h3>{result.bias_sentence}</h3>"
            if order_lines_without is not None
            else f"<h3>Adjusted effect {result.adjusted * scale:+,.1f} {unit}</h3>"
        )
        note = (
            ""
            if count.value > 1 or strata.value == "segment"
            else ("<p>One stratum: the adjusted comparison is the naive one.</p>")
        )
        return head + note + _table(table.T, "{:+,.1f}")

    def draw(ax: Axes, result: object) -> None:
        from crmkit.plots import effect_forest

        effect_forest(
            customers,
            order_lines,
            order_lines_without=order_lines_without,
            outcome=outcome,
            strata=strata.value,
            n_strata=count.value,
            ax=ax,
        )

    return _panel([strata, count], compute, describe, draw)


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

    The closed tickets opened on or after ``start`` are taken in time order. Those opened
    before ``shift_from`` are the **baseline**: consecutive tickets form subgroups of
    ``subgroup_size``, and these subgroups alone set the centre line and the control
    limits (Phase I, :func:`crmkit.sixsigma.xbar_r_chart` with ``baseline``). Tickets
    opened on or after ``shift_from`` get ``shift_hours`` added and form their own
    subgroups (so none mixes the two periods), judged against the baseline's limits
    (Phase II) with :func:`crmkit.sixsigma.western_electric`. An incomplete last subgroup
    of each period is left out. This function only prepares the scenario.

    Parameters
    ----------
    tickets : pandas.DataFrame
        Table ``tickets``; tickets still open (no ``closed``) have no resolution time and
        are left out (counted in ``chart.attrs["open_left_out"]``).
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
        One row per subgroup (labels 1, 2, ...): the :func:`~crmkit.sixsigma.xbar_r_chart`
        columns with the baseline's limits on every row, ``period`` ("baseline" or
        "shifted"), ``first_opened`` (when the subgroup's first ticket was opened), and
        the ``rule_1`` ... ``rule_4`` and ``out_of_control`` columns.
        ``chart.attrs["open_left_out"]`` counts the open tickets left out.

    Raises
    ------
    ValueError
        On an invalid tickets table or argument, or fewer than 2 baseline subgroups.

    Examples
    --------
    Twelve weekly tickets, each resolved in 24 hours; the baseline (before March) has 9,
    so 4 subgroups of 2, the shifted period 3 tickets, so 1 subgroup:

    >>> t = pd.DataFrame({
    ...     "opened_at": pd.date_range("2024-01-01", periods=12, freq="7D"),
    ...     "closed_at": pd.date_range("2024-01-02", periods=12, freq="7D")})
    >>> t.loc[[1, 3], "closed_at"] += pd.Timedelta(hours=4)  # some spread in the baseline
    >>> chart = shifted_xbar_chart(t, shift_hours=24, subgroup_size=2, shift_from="2024-03-01")
    >>> chart["xbar"].tolist(), chart["period"].tolist()[-2:]
    ([26.0, 26.0, 24.0, 24.0, 48.0], ['baseline', 'shifted'])
    >>> float(chart["xbar_centre"].iloc[-1]), bool(chart["out_of_control"].iloc[-1])
    (25.0, True)
    """
    from crmkit.sixsigma import resolution_hours, western_electric, xbar_r_chart

    check_number(shift_hours, "shift_hours")
    size = check_number(subgroup_size, "subgroup_size", lo=2, hi=10, integer=True)
    check_frame(tickets, "tickets", {opened: Dates(), closed: Dates(allow_nan=True)})
    start_at, shift_at = check_date(start, "start"), check_date(shift_from, "shift_from")
    if shift_at <= start_at:
        raise ValueError(
            f"argument 'shift_from' ({shift_at.date()}) must be after 'start' "
            f"({start_at.date()}): the tickets between them are the baseline."
        )
    hours = resolution_hours(tickets, opened=opened, closed=closed)
    when = tickets[opened]
    charted = when >= start_at
    still_open = charted & hours.isna()  # no resolution time yet
    frame = pd.DataFrame({"opened": when, "hours": hours})[charted & ~still_open]
    frame = frame.sort_values("opened", kind="stable")
    shifted = (frame["opened"] >= shift_at).to_numpy()
    parts = []
    for period, mask in (("baseline", ~shifted), ("shifted", shifted)):
        part = frame[mask]
        parts.append(part.iloc[: len(part) // size * size].assign(period=period))
    frame = pd.concat(parts)
    frame["hours"] += shift_hours * (frame["period"] == "shifted")
    frame["subgroup"] = np.arange(len(frame)) // size + 1
    base = frame.loc[frame["period"] == "baseline", "subgroup"].unique()
    if len(base) < 2:
        raise ValueError(
            f"the baseline (tickets opened {start_at.date()} to "
            f"{(shift_at - pd.Timedelta(days=1)).date()}) has {len(base)} complete "
            f"subgroup{'' if len(base) == 1 else 's'} of {size} closed tickets; its limits need "
            f"at least 2: choose a smaller subgroup size, an earlier 'start' or a later "
            f"'shift_from'."
        )
    chart = xbar_r_chart(frame, "hours", "subgroup", baseline=base)
    first = frame.groupby("subgroup")[["opened", "period"]].first()
    chart["period"] = first["period"]
    chart["first_opened"] = first["opened"]
    rules = western_electric(chart["xbar"], chart["xbar_centre"], chart["xbar_sigma"])
    chart = chart.join(rules.set_axis(chart.index))
    chart.attrs["open_left_out"] = int(still_open.sum())
    return chart


@calls_public
def control_chart_whatif(
    tickets: pd.DataFrame,
    *,
    start: str | pd.Timestamp = "2024-01-01",
    shift_from: str | pd.Timestamp = "2024-07-01",
) -> ipywidgets.VBox:
    """Sliders for a shift in resolution hours and the subgroup size; redraws the X-bar chart.

    Each change calls :func:`shifted_xbar_chart` and draws it with
    :func:`crmkit.plots.control_chart`: the limits stay those of the baseline period
    (``start`` to ``shift_from``), a dotted line marks where the shift starts, and the
    subgroups breaking a Western Electric rule are circled. The summary counts them per
    period.

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
    ...     "opened_at": pd.date_range("2024-01-01", periods=36, freq="7D"),
    ...     "closed_at": pd.date_range("2024-01-02", periods=36, freq="7D")
    ...                  + pd.to_timedelta([0, 5, 1, 3, 2, 4] * 6, unit="h")})
    >>> box = control_chart_whatif(t)
    >>> box.children[1].value = 4  # subgroups of 4 tickets
    >>> box.result()["period"].value_counts().to_dict()
    {'baseline': 6, 'shifted': 2}
    >>> box.children[0].value = 10  # 10 hours more from July: beyond the baseline's limits
    >>> box.result()["out_of_control"].tolist()[-2:]
    [True, True]
    """
    shifted_xbar_chart(tickets, start=start, shift_from=shift_from)  # validates first
    day = check_date(shift_from, "shift_from")
    when = f"{day.day} {day:%b %Y}"
    shift = _slider("float", f"Shift from {when} (hours)", 0, -20, 20, 1, readout_format="+.0f")
    size = _slider("int", "Subgroup size (tickets)", 5, 2, 10, 1)

    def compute() -> pd.DataFrame:
        return shifted_xbar_chart(
            tickets,
            shift_hours=shift.value,
            subgroup_size=size.value,
            start=start,
            shift_from=shift_from,
        )

    def shift_text() -> str:
        return f"{_number(shift.value, '{:+.0f}')} h shift from {when}"

    def describe(chart: pd.DataFrame) -> str:
        grouped = chart.groupby("period")
        per = pd.DataFrame(
            {
                "Subgroups": grouped["xbar"].size(),
                "Mean (hours)": grouped["xbar"].mean(),
                "Out of control": grouped["out_of_control"].sum(),
                "Beyond 3\u03c3": grouped["rule_1"].sum(),
            }
        ).reindex(["baseline", "shifted"])
        counts = ["Subgroups", "Out of control", "Beyond 3\u03c3"]
        per[counts] = per[counts].fillna(0).astype("int64")
        base = chart[chart["period"] == "baseline"]
        begin, last = pd.Timestamp(start), day - pd.Timedelta(days=1)
        per.index = [
            f"Baseline, {begin.day} {begin:%b} to {last.day} {last:%b}",
            f"From {day.day} {day:%b}, "
            + (f"{shift_text().split(' from')[0]}" if shift.value else "no shift"),
        ]
        shifted = chart[chart["period"] == "shifted"]
        bad = int(shifted["out_of_control"].sum())
        head = (
            f"A {shift_text()}: {bad} of {len(shifted)} later subgroups out of control"
            if shift.value
            else f"No shift: {int(chart['out_of_control'].sum())} of {len(chart)} subgroups "
            f"out of control"
        )
        left_out = chart.attrs.get("open_left_out", 0)
        note = (
            f" {left_out} open tickets (no resolution time yet) are left out." if left_out else ""
        )
        return (
            f"<h3 style='margin:6px 0'>{head}</h3>"
            + _table(per, "{:,.1f}", corner="Period")
            + f"<p style='margin:2px 0;color:#555'>Limits from the baseline's "
            f"{len(base)} subgroups, kept for the whole chart: centre "
            f"{chart['xbar_centre'].iloc[0]:.1f} h, 3-sigma limits "
            f"{_number(chart['xbar_lcl'].iloc[0])} to {_number(chart['xbar_ucl'].iloc[0])} h."
            f"{note}</p>"
        )

    def draw(ax: Axes, chart: pd.DataFrame) -> None:
        from crmkit.plots import control_chart

        shown = chart.set_index("first_opened")  # date the subgroups on the axis
        later = shown.index[shown["period"] == "shifted"]
        events = {shown.index[0]: "baseline: sets the limits"}
        if len(later):
            events[later[0]] = shift_text() if shift.value else f"from {when}"
        shifted = chart[chart["period"] == "shifted"]
        title = (
            f"A {shift_text()}: {int(shifted['out_of_control'].sum())} of {len(shifted)} "
            f"later subgroups out of control"
            if shift.value
            else None
        )
        control_chart(
            shown,
            kind="xbar",
            xlabel=f"Subgroups of {size.value} consecutive closed tickets, by first ticket's day",
            ylabel="Mean resolution time (hours)",
            title=title,
            events=events,
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
    end = pd.Timestamp(observation_end)

    def compute() -> pd.DataFrame:
        return assign_phase(
            order_lines, customers, new_days=new.value, lapse_days=lapse.value, **common
        )

    def describe(phases: pd.DataFrame) -> str:
        counts = phases["phase"].value_counts().reindex(list(PHASES), fill_value=0)
        table = pd.DataFrame(
            {"Customers": counts.astype("int64"), "Share (%)": counts / counts.sum() * 100}
        )
        table.loc["All customers"] = [int(counts.sum()), 100.0]
        table["Customers"] = table["Customers"].astype("int64")
        return (
            f"<h3 style='margin:6px 0'>Customers by phase on {end.day} {end:%b %Y}</h3>"
            f"<p style='margin:2px 0'>New for {new.value} days after signing up; lapsed "
            f"after {lapse.value} days without an order.</p>"
            + _table(table, "{:.1f}", total=1, corner="Phase")
        )

    def draw(ax: Axes, phases: pd.DataFrame) -> None:
        from crmkit.plots import phase_counts

        phase_counts(phases, ax=ax)

    return _panel([new, lapse], compute, describe, draw)


# ---------------------------------------------------------------------------------------
# Notebook 04: the refine step of Swift's loop
# ---------------------------------------------------------------------------------------


def loop_refinement(
    contacts: pd.DataFrame,
    campaigns: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    campaign_id: str = "K01",
) -> ipywidgets.VBox:
    """Choose the measured campaign, the refine rule and the smallest lift worth paying for;
    shows whom the next turn would target and what it would cost.

    Each change calls :func:`crmkit.swift.plan_next_turn` and draws
    :func:`crmkit.plots.next_turn_plan`.

    Parameters
    ----------
    contacts, campaigns, customers : pandas.DataFrame
        Tables ``campaign_contacts``, ``campaigns`` and ``customers``.
    campaign_id : str, default "K01"
        The campaign selected at the start.

    Returns
    -------
    ipywidgets.VBox
        A campaign menu, a rule menu, a ``min_lift`` slider (percentage points), the plan
        and its figure; ``box.result()`` is the :class:`~crmkit.swift.TurnPlan`. Static
        equivalent: ``crmkit.swift.plan_next_turn(contacts, campaigns, customers,
        campaign_id="K01", rule="ci_low>0", min_lift=0.0)``.

    Raises
    ------
    ValueError
        On invalid input or an unknown ``campaign_id``, before any widget is built.

    Examples
    --------
    >>> contacts = pd.DataFrame({"campaign_id": "K01",
    ...     "customer_id": [f"C{i}" for i in range(400)],
    ...     "group": ["treatment", "control"] * 200,
    ...     "responded": [True] * 60 + [False] * 140 + [True, False] * 100})
    >>> customers = pd.DataFrame({"customer_id": [f"C{i}" for i in range(400)],
    ...                           "segment": ["corporate"] * 200 + ["household"] * 200})
    >>> campaigns = pd.DataFrame({"campaign_id": ["K01"], "cost_per_contact": [0.5]})
    >>> box = loop_refinement(contacts, campaigns, customers)
    >>> box.result().targets
    ('household',)
    >>> box.children[1].value = "lift>min_lift"  # the point estimate alone decides
    >>> box.children[2].value = -1.0  # any lift above -1 percentage point
    >>> box.result().targets
    ('household', 'corporate')
    """

    from crmkit.swift import _RULES, plan_next_turn

    plan_next_turn(contacts, campaigns, customers, campaign_id=campaign_id)  # validates first
    ids = sorted(map(str, contacts["campaign_id"].unique()))
    campaign = _dropdown("Learn from", ids, campaign_id)
    rule = _dropdown(
        "Keep a segment when",
        [
            ("interval above 0 and lift above the minimum", "ci_low>0"),
            ("whole interval above the minimum", "ci_low>min_lift"),
            ("lift above the minimum (ignores the interval)", "lift>min_lift"),
        ],
        _RULES[0],
    )
    min_lift = _slider("float", "Smallest lift worth paying for (pp)", 0.0, -5.0, 10.0, 0.5)

    def compute() -> object:
        return plan_next_turn(
            contacts,
            campaigns,
            customers,
            campaign_id=campaign.value,
            rule=rule.value,
            min_lift=min_lift.value / 100,
        )

    def describe(plan: object) -> str:
        seg = plan.segments
        shown = pd.DataFrame(
            {
                "lift (pp)": seg["lift"] * 100,
                "interval (pp)": [
                    f"{_number(lo * 100)} to {_number(hi * 100)}"
                    for lo, hi in zip(seg["ci_low"], seg["ci_high"], strict=True)
                ],
                "next turn": ["target" if t else "drop" for t in seg["target"]],
                "contacts": seg["contacts"],
                "cost (USD)": seg["cost"],
                "extra responses": seg["expected_incremental"],
            },
            index=seg.index,
        )
        if plan.targets:
            head = (
                f"<h3>Next turn: {plan.contacts:,} contacts for ${plan.cost:,.2f}, about "
                f"{plan.expected_incremental_responses:.0f} extra responses "
                f"(${plan.cost_per_incremental_response:,.2f} each)</h3>"
            )
        else:
            head = "<h3>No segment passes the rule: the next turn contacts nobody</h3>"
        return head + _table(shown)

    def draw(ax: Axes, plan: object) -> None:
        from crmkit.plots import next_turn_plan

        next_turn_plan(plan, ax=ax)

    return _panel([campaign, rule, min_lift], compute, describe, draw)


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
    """Sliders for margin, retention and discount rate, and a menu for the timing convention.

    The value is :func:`crmkit.value.clv_simple`; the table beside it is the margin
    multiple (CLV of a margin of 1) for common retention and discount rates, from the
    same function, and the figure is :func:`crmkit.plots.margin_multiple` (the three
    timing conventions, the chosen point marked).

    Parameters
    ----------
    margin : float, default 100
        Starting margin per period, USD.
    retention : float, default 0.8
        Starting retention per period, 0-0.95.
    discount_rate : float, default 0.1
        Starting discount rate per period, 0-0.3.
    timing : {"end", "start", "perpetuity"}
        Starting timing convention: when margins arrive (see
        :func:`crmkit.value.clv_simple`).

    Returns
    -------
    ipywidgets.VBox
        Three sliders, the timing menu, the summary and the figure; ``box.result()`` is
        the CLV in USD. Static equivalent: ``crmkit.value.clv_simple(100, 0.8, 0.1)`` and
        ``crmkit.plots.margin_multiple(0.8, 0.1)``.

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
    >>> box.children[3].value = "perpetuity"  # the first margin is certain
    >>> round(box.result(), 2)
    500.0
    """
    import numpy as np

    from crmkit.value import clv_simple

    check_number(margin, "margin", lo=0, hi=1000)
    check_number(retention, "retention", lo=0, hi=0.95)
    check_number(discount_rate, "discount_rate", lo=0, hi=0.3)
    clv_simple(margin, retention, discount_rate, timing=timing)  # validates timing
    m = _slider("float", "Margin per period (USD)", margin, 0, 1000, 10, readout_format="$,.0f")
    r = _slider("float", "Retention per period", retention, 0, 0.95, 0.01, readout_format=".0%")
    i = _slider(
        "float", "Discount rate per period", discount_rate, 0, 0.3, 0.01, readout_format=".0%"
    )
    when = _dropdown(
        "Margins arrive at the",
        [
            ("end of each period: r / (1 + i - r)", "end"),
            ("start of each period: (1 + i) / (1 + i - r)", "start"),
            ("first margin certain: 1 / (1 + i - r)", "perpetuity"),
        ],
        timing,
    )
    rates = np.array([0.5, 0.6, 0.7, 0.8, 0.9])
    discounts = np.array([0.05, 0.10, 0.15, 0.20])

    def multiples() -> pd.DataFrame:
        grid = clv_simple(1.0, rates[:, None], discounts[None, :], timing=when.value)
        return pd.DataFrame(
            grid,
            index=pd.Index([f"{x:.0%}" for x in rates], name="retention"),
            columns=pd.Index([f"{x:.0%}" for x in discounts], name="discount rate"),
        )

    def compute() -> float:
        return clv_simple(m.value, r.value, i.value, timing=when.value)

    def describe(value: float) -> str:
        multiple = clv_simple(1.0, r.value, i.value, timing=when.value)
        grid = multiples()
        here = (f"{r.value:.0%}", f"{i.value:.0%}")
        on_grid = here[0] in grid.index and here[1] in grid.columns
        timing_words = {
            "end": "margins at the end of each period",
            "start": "margins at the start of each period",
            "perpetuity": "the first margin certain, no retention in the numerator",
        }[when.value]
        return (
            f"<h3 style='margin:6px 0'>CLV = {_number(value, '${:,.0f}')}</h3>"
            f"<p style='margin:2px 0'>{multiple:.2f} &times; the margin per period (the "
            f"margin multiple), with {timing_words}. Margin multiples for other "
            f"rates{' (yours is marked)' if on_grid else ''}:</p>"
            + _table(
                grid,
                "{:.2f}",
                corner="Retention",
                columns_title="Discount rate per period",
                highlight=here if on_grid else None,
            )
        )

    def draw(ax: Axes, value: float) -> None:
        from crmkit.plots import margin_multiple

        margin_multiple(r.value, i.value, timing=when.value, ax=ax)

    return _panel([m, r, i, when], compute, describe, draw)


# ---------------------------------------------------------------------------------------
# Notebook 09: scorecard targets
# ---------------------------------------------------------------------------------------

#: The measures whose company-wide target :func:`scorecard_targets` offers by default.
_TARGET_SLIDERS = ("retention", "fully_satisfied", "service_level", "staff_trained")


def shifted_targets(
    targets: pd.DataFrame,
    company_wide: dict[str, float],
) -> pd.DataFrame:
    """Targets with each named measure's company-wide target moved, its groups alongside.

    For every measure in ``company_wide``, the difference between the new company-wide
    target and the measure's current one (its ``"all"`` row, else its ``"*"`` row) is
    added to every target of that measure, so segment targets keep their distance from
    the company's. The other measures are left as they are.

    Parameters
    ----------
    targets : pandas.DataFrame
        Targets as :func:`crmkit.scorecard.default_targets` returns them (``measure_id``,
        ``group``, ``target``).
    company_wide : dict of str to float
        Measure id -> its new company-wide target, in the measure's unit.

    Returns
    -------
    pandas.DataFrame
        A copy of ``targets`` with the shifted targets.

    Raises
    ------
    ValueError
        If ``targets`` lacks its columns, or names no target for a measure of
        ``company_wide``.

    Examples
    --------
    >>> t = pd.DataFrame({"measure_id": ["retention"] * 3 + ["clv"],
    ...                   "group": ["all", "household", "*", "*"],
    ...                   "target": [80.0, 78.0, 80.0, 1200.0]})
    >>> shifted_targets(t, {"retention": 85.0})["target"].tolist()
    [85.0, 83.0, 85.0, 1200.0]
    """
    from crmkit._validate import Numeric, Text

    check_frame(targets, "targets", {"measure_id": Text(), "group": Text(), "target": Numeric()})
    out = targets.copy()
    for measure_id, new in company_wide.items():
        check_number(new, f"target of {measure_id}")
        rows = out["measure_id"] == measure_id
        if not rows.any():
            raise ValueError(
                f"table 'targets' has no target for measure {measure_id!r}; add one, e.g. a "
                f"row with group '*'."
            )
        groups = out.loc[rows, "group"].astype(str)
        base = out.loc[
            rows & (out["group"].astype(str) == ("all" if "all" in set(groups) else "*"))
        ]
        old = float(base["target"].iloc[0]) if len(base) else float(out.loc[rows, "target"].iloc[0])
        out.loc[rows, "target"] = out.loc[rows, "target"] + (float(new) - old)
    return out


def scorecard_targets(
    measures: pd.DataFrame,
    *,
    moved: Sequence[str] = _TARGET_SLIDERS,
    targets: pd.DataFrame | None = None,
) -> ipywidgets.VBox:
    """Sliders for company-wide targets and the tolerance; redraws the scorecard's statuses.

    Each change shifts the targets with :func:`shifted_targets`, calls
    :func:`crmkit.scorecard.scorecard` on the measures (computed once, not again) and
    :func:`crmkit.scorecard.scorecard_summary`, and draws the moved measures' rows with
    :func:`crmkit.plots.scorecard_tiles`.

    Parameters
    ----------
    measures : pandas.DataFrame
        The result of :func:`crmkit.scorecard.compute_measures`.
    moved : sequence of str, default ("retention", "fully_satisfied", "service_level", "staff_trained")
        The measures that get a slider for their company-wide target (their groups'
        targets move with it).
    targets : pandas.DataFrame, optional
        The starting targets (``measure_id``, ``group``, ``target``); default
        :func:`crmkit.scorecard.default_targets`, so the widget starts at the default
        scorecard.

    Returns
    -------
    ipywidgets.VBox
        The sliders (one per moved measure, then the tolerance), the summary and the
        tiles; ``box.result()`` is the scorecard for the current values. Static
        equivalent: ``crmkit.scorecard.scorecard(measures)`` and
        ``crmkit.plots.scorecard_tiles(card, measures=moved)``.

    Raises
    ------
    ValueError
        If a moved measure is not in ``measures``, or ``measures`` or ``targets`` is
        malformed, before any widget is built.

    Examples
    --------
    >>> from crmkit.scorecard import compute_measures
    >>> staff = pd.DataFrame({"staff_id": ["S1", "S2", "S3", "S4"],
    ...     "function": ["sales", "sales", "service", "service"],
    ...     "satisfaction": [5, 3, 4, 5], "trained_in_crm": [True, False, True, True],
    ...     "competencies_held": [5, 1, 4, 3], "crm_info_access": [True, True, False, True]})
    >>> m = compute_measures({"staff_survey": staff}, measures=["staff_trained"])
    >>> box = scorecard_targets(m, moved=["staff_trained"])
    >>> box.result()["status"].tolist()  # 75% trained against the default 80%
    ['off target', 'off target', 'on target']
    >>> box.children[0].value = 70  # a company-wide target of 70%
    >>> box.result()["status"].tolist()
    ['on target', 'off target', 'on target']
    """
    from crmkit.scorecard import default_targets, measure_table, scorecard, scorecard_summary

    moved = [str(m) for m in ([moved] if isinstance(moved, str) else moved)]
    start = default_targets() if targets is None else targets
    card = scorecard(measures, targets=start)  # validates first
    absent = [m for m in moved if m not in set(card["measure_id"])]
    if absent:
        raise ValueError(
            f"argument 'moved' names measure(s) {', '.join(map(repr, absent))} that are not in "
            f"table 'measures'; choose among {', '.join(map(repr, dict.fromkeys(card['measure_id'])))}."
        )
    table = measure_table()
    sliders = {}
    for m in moved:
        unit = table.loc[m, "unit"]
        now = float(
            card.loc[(card["measure_id"] == m) & (card["group"] == "all"), "target"].iloc[0]
        )
        top = 100.0 if unit.startswith("%") else max(1.0, 2 * abs(now))
        step = 1.0 if top >= 20 else round(top / 100, 3)
        label = f"Target: {table.loc[m, 'measure']}"
        sliders[m] = _slider("float", label, now, 0.0, top, step, width="23em")
    tolerance = _slider(
        "float", "Near target: within (share)", 0.05, 0.0, 0.2, 0.01, readout_format=".0%",
        width="23em",
    )  # fmt: skip

    def compute() -> pd.DataFrame:
        shifted = shifted_targets(start, {m: s.value for m, s in sliders.items()})
        return scorecard(measures, targets=shifted, tolerance=tolerance.value)

    def describe(result: pd.DataFrame) -> str:
        summary = scorecard_summary(result)
        on = int(summary["on_target"].sum())
        scored = int((summary["measures"] - summary["no_data"]).sum())
        shown = summary[["on_target", "near_target", "off_target", "share_on_target"]]
        shown = shown.rename(
            columns={
                "on_target": "on",
                "near_target": "near",
                "off_target": "off",
                "share_on_target": "on target (%)",
            }
        )
        return f"<h3>{on} of {scored} measures on target company-wide</h3>" + _table(
            shown, "{:,.0f}"
        )

    def draw(ax: Axes, result: pd.DataFrame) -> None:
        from crmkit.plots import scorecard_tiles

        ax.figure.set_size_inches(12.0, 1.6 + 1.0 * len(moved))  # tiles need the width
        scorecard_tiles(result, measures=moved, ax=ax)

    return _panel([*sliders.values(), tolerance], compute, describe, draw)
