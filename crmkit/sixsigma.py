r"""Six Sigma and DMAIC measures for CRM service processes (notebook 08).

The module follows the DMAIC cycle on the kit's ``tickets`` table:

- **Define / Measure**: :func:`resolution_hours`, :func:`service_level`,
  :func:`defects_summary` and the conversions :func:`dpu`, :func:`dpmo`,
  :func:`process_yield`, :func:`sigma_level`, :func:`dpmo_from_sigma`.
- **Analyze**: :func:`pareto_table` of complaint causes, :func:`capability` (Cp, Cpk).
- **Improve**: :func:`before_after`, the process change tested.
- **Control**: :func:`imr_chart`, :func:`xbar_r_chart`, :func:`xbar_s_chart`,
  :func:`p_chart` and the :func:`western_electric` out-of-control rules, on tickets
  summarised per period (:func:`ticket_periods`) or sampled per period
  (:func:`ticket_samples`).

Conventions are explicit arguments with documented defaults: the 1.5 sigma shift
(``shift=1.5``), within against overall sigma for capability (``sigma="within"``), the
test of the before/after comparison (``test="welch-log"``). A ticket is a *defect* when
it was not solved within its own ``target_hours`` (resolved strictly later than
``opened_at + target_hours``); a ticket closed exactly on target counts as on time.

Control-chart constants are computed for any subgroup size n >= 2, not read from a
table: :func:`d2` and :func:`d3` (mean and standard deviation of the range of n standard
normal values) by numerical integration, :func:`c4` from the gamma function, and every
factor built on them by :func:`spc_constants`. ``SPC_CONSTANTS`` is the familiar table
for n = 2 to 25 built from those functions (for display; it equals Montgomery 2009,
Appendix VI, to the table's three or four decimals).

The Pareto of causes counts complaints by default: in the kit's ``tickets`` table the
complaints and the service requests have their own mix of causes, and the Pareto effect
the DMAIC project acts on is the complaints' (``pareto_table(tickets, "cause")``; pass
``ticket_type=None`` to count every ticket).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from crmkit._stats import stats, wilson_interval
from crmkit._validate import (
    Category,
    Dates,
    Numeric,
    Text,
    check_choice,
    check_date,
    check_frame,
    check_number,
)

__all__ = [
    "SPC_CONSTANTS",  # noqa: F822 (built on first use, by __getattr__ below)
    "d2",
    "d3",
    "c4",
    "spc_constants",
    "DefectsSummary",
    "Capability",
    "BeforeAfter",
    "resolution_hours",
    "service_level",
    "pareto_table",
    "dpu",
    "dpmo",
    "process_yield",
    "sigma_level",
    "dpmo_from_sigma",
    "defects_summary",
    "capability",
    "imr_chart",
    "xbar_r_chart",
    "xbar_s_chart",
    "p_chart",
    "ticket_periods",
    "ticket_samples",
    "western_electric",
    "before_after",
]

_D2_MR = 1.128  # d2 for moving ranges of two consecutive points
_D4_MR = 3.267  # D4 for n = 2
_TICKETS = "tickets"


# --------------------------------------------------------------------------- helpers


def _check_values(
    values: object,
    name: str,
    *,
    lo: float | None = None,
    hi: float | None = None,
    integer: bool = False,
    why: str = "",
) -> tuple[np.ndarray, object]:
    """Validate a number or array-like argument; return it as a float array and a wrapper.

    The wrapper turns a result array back into the caller's kind: a float for a scalar,
    a Series (same index) for a Series, an ndarray otherwise.
    """
    if isinstance(values, (int, float, np.number)) and not isinstance(values, (bool, np.bool_)):
        number = check_number(values, name, lo=lo, hi=hi, integer=integer, why=why)
        return np.array([float(number)]), lambda out: float(np.asarray(out)[0])
    if isinstance(values, pd.Series):
        index, series_name = values.index, values.name
        raw = values

        def wrap(out: np.ndarray) -> pd.Series:
            return pd.Series(out, index=index, name=series_name)

    elif isinstance(values, (list, tuple, np.ndarray)):
        raw = pd.Series(np.asarray(values).ravel())
        shape = np.shape(values)

        def wrap(out: np.ndarray) -> np.ndarray:
            return np.asarray(out, dtype=float).reshape(shape)

    else:
        raise TypeError(
            f"argument '{name}' must be a number, a list, an array or a Series but is the "
            f"{type(values).__name__} {values!r}."
        )
    if len(raw) == 0:
        raise ValueError(f"argument '{name}' is empty; pass at least one value.")
    try:
        Numeric(lo=lo, hi=hi, integer=integer, why=why).check(raw, name, "argument")
    except ValueError as err:  # same wording as the table checks, naming the argument
        message = str(err).replace(f"column '{name}' in table 'argument'", f"argument '{name}'")
        raise ValueError(message.replace(f"subset=['{name}']", "")) from None
    return raw.to_numpy(dtype=float), wrap


def _ticket_rule_columns(opened: str, closed: str) -> dict:
    why = "each ticket needs the time it was opened and closed"
    return {opened: Dates(why=why), closed: Dates(why=why)}


def _hours(tickets: pd.DataFrame, opened: str, closed: str) -> pd.Series:
    """Hours from ``opened`` to ``closed``; raise naming the first ticket closed before opened."""
    hours = (tickets[closed] - tickets[opened]).dt.total_seconds() / 3600.0
    bad = (hours < 0).to_numpy()
    if bad.any():
        pos = int(np.argmax(bad))
        label = tickets.index[pos]
        ticket = (
            f"ticket {tickets['ticket_id'].iloc[pos]!r} (row {label})"
            if "ticket_id" in tickets.columns
            else f"the ticket in row {label}"
        )
        count = int(bad.sum())
        raise ValueError(
            f"column '{closed}' in table 'tickets' is earlier than '{opened}' for {count} "
            f"ticket{'s' if count > 1 else ''}, e.g. {ticket} opened "
            f"{tickets[opened].iloc[pos]} and closed {tickets[closed].iloc[pos]}; a ticket "
            f"must close at or after it opens: fix or swap the two timestamps."
        )
    return hours.rename("resolution_hours")


def _within_target(
    tickets: pd.DataFrame, target: str, opened: str, closed: str, by: Sequence[str] = ()
) -> pd.Series:
    columns = _ticket_rule_columns(opened, closed)
    columns[target] = Numeric(lo=0, why="the service-level target is a positive number of hours")
    for col in by:
        columns[col] = Category(why="every ticket needs a group label")
    params = {opened: "opened", closed: "closed", target: "target"}
    params.update({col: "by" for col in by})
    check_frame(tickets, _TICKETS, columns, params=params)
    zero = (tickets[target] <= 0).to_numpy()
    if zero.any():
        pos = int(np.argmax(zero))
        raise ValueError(
            f"column '{target}' in table 'tickets' has a target of 0 hours "
            f"(row {tickets.index[pos]}); a service-level target must be a positive number "
            f"of hours."
        )
    hours = _hours(tickets, opened, closed)
    return (hours <= tickets[target]).rename("within_target")


# ------------------------------------------------------------------- Define / Measure


def resolution_hours(
    tickets: pd.DataFrame, *, opened: str = "opened_at", closed: str = "closed_at"
) -> pd.Series:
    r"""Resolution time of each ticket, in hours.

    Parameters
    ----------
    tickets : pandas.DataFrame
        The ``tickets`` table (one row per ticket).
    opened, closed : str
        Columns holding when the ticket was opened and closed (``datetime64``).

    Returns
    -------
    pandas.Series
        Float hours named ``resolution_hours``, aligned with ``tickets.index``.

    Raises
    ------
    ValueError
        If a column is missing, not datetime, has missing values, the table is empty, or a
        ticket closed before it opened (the message names the ticket).

    Notes
    -----
    .. math:: h_i = (t^{\text{closed}}_i - t^{\text{opened}}_i) / 3600\,\text{s}

    References
    ----------
    Pyzdek, T., & Keller, P. (2014). *The Six Sigma Handbook* (4th ed.). McGraw-Hill.
    (Cycle time as a critical-to-quality characteristic.)

    Examples
    --------
    >>> t = pd.DataFrame({"opened_at": pd.to_datetime(["2024-01-01 08:00", "2024-01-02 00:00"]),
    ...                   "closed_at": pd.to_datetime(["2024-01-01 20:30", "2024-01-04 00:00"])})
    >>> resolution_hours(t).tolist()
    [12.5, 48.0]
    """
    check_frame(
        tickets,
        _TICKETS,
        _ticket_rule_columns(opened, closed),
        params={opened: "opened", closed: "closed"},
    )
    return _hours(tickets, opened, closed)


def service_level(
    tickets: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "channel",
    target: str = "target_hours",
    opened: str = "opened_at",
    closed: str = "closed_at",
    ci: float = 0.95,
) -> pd.DataFrame:
    r"""Service level: the share of tickets solved within their target time, per group.

    Parameters
    ----------
    tickets : pandas.DataFrame
        The ``tickets`` table.
    by : str, list of str or None, default "channel"
        Column(s) to group by; ``None`` gives one row labelled ``"all"``.
    target : str, default "target_hours"
        Column with each ticket's resolution target, in hours (positive).
    opened, closed : str
        Timestamp columns.
    ci : float, default 0.95
        Confidence level of the Wilson interval.

    Returns
    -------
    pandas.DataFrame
        One row per group that has tickets (groups without tickets are not listed), with
        ``tickets``, ``within_target``, ``share``, ``ci_low``, ``ci_high``.

    Raises
    ------
    ValueError
        On a missing or mistyped column, a missing value, a non-positive target, a ticket
        closed before it opened, an empty table or ``ci`` outside (0, 1).

    Notes
    -----
    A ticket is within target when :math:`h_i \le \text{target}_i` (closing exactly on
    target counts as on time). The share is :math:`\hat p = x/n`; the interval is the
    Wilson score interval

    .. math:: \frac{\hat p + z^2/2n \pm z\sqrt{\hat p(1-\hat p)/n + z^2/4n^2}}{1 + z^2/n}.

    This is the scorecard's "service level per channel %" (operations: service).

    References
    ----------
    Kim, J., Suh, E., & Hwang, H. (2003). A model for evaluating the effectiveness of CRM
    using the balanced scorecard. *Journal of Interactive Marketing*, 17(2), 5-19.
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *JASA*, 22(158), 209-212.

    Examples
    --------
    >>> t = pd.DataFrame({
    ...     "channel": ["web", "web", "phone", "phone"],
    ...     "opened_at": pd.to_datetime(["2024-01-01"] * 4),
    ...     "closed_at": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-01-02", "2024-01-03"]),
    ...     "target_hours": [48.0, 48.0, 48.0, 48.0]})
    >>> service_level(t)[["tickets", "within_target", "share"]]
             tickets  within_target  share
    channel
    phone          2              2    1.0
    web            2              1    0.5
    """
    ci = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    within = _within_target(tickets, target, opened, closed, keys)
    if keys:
        grouped = within.groupby([tickets[k] for k in keys], observed=True, sort=True)
        n = grouped.size()
        x = grouped.sum()
    else:
        n = pd.Series([len(within)], index=pd.Index(["all"], name="group"))
        x = pd.Series([int(within.sum())], index=n.index)
    out = pd.DataFrame({"tickets": n.astype("int64"), "within_target": x.astype("int64")})
    out["share"] = out["within_target"] / out["tickets"]
    lo, hi = wilson_interval(
        out["within_target"].to_numpy(float), out["tickets"].to_numpy(float), ci
    )
    out["ci_low"] = lo
    out["ci_high"] = hi
    return out


# ----------------------------------------------------------------------------- Analyze


class _Default(str):
    """A default string that remembers it was not passed (its repr is the plain string).

    ``pareto_table(tickets)`` and ``pareto_table(tickets, ticket_type="complaint")`` count
    the same rows, but only the explicit call insists on a ``ticket_type`` column.
    """

    __slots__ = ()


#: The default ``ticket_type`` of the Pareto functions: complaints.
_COMPLAINTS = _Default("complaint")


def _ticket_rows(
    data: pd.DataFrame, ticket_type: str | None, type_column: str
) -> tuple[pd.DataFrame, str | None]:
    """The rows of one ticket type, and the type counted (None when every row counts).

    A table without ``type_column`` is counted whole under the default; asking for a
    type explicitly on such a table is an error.
    """
    if ticket_type is None:
        return data, None
    if not isinstance(ticket_type, str):
        raise TypeError(
            f"argument 'ticket_type' must be a ticket type such as 'complaint', or None to "
            f"count every row, but is the {type(ticket_type).__name__} {ticket_type!r}."
        )
    explicit = not isinstance(ticket_type, _Default)
    if type_column not in data.columns:
        if explicit:
            have = ", ".join(repr(str(c)) for c in list(data.columns)[:12])
            raise ValueError(
                f"table 'tickets' has no column '{type_column}' (it has: {have}), so "
                f"ticket_type={str(ticket_type)!r} cannot pick its rows; name your type "
                f"column with type_column='...', or pass ticket_type=None to count every row."
            )
        return data, None
    check_frame(
        data,
        _TICKETS,
        {type_column: Category(why="each ticket is a complaint or a service request")},
        params={type_column: "type_column"},
    )
    keep = (data[type_column] == ticket_type).to_numpy()
    if not keep.any():
        present = ", ".join(repr(str(v)) for v in pd.unique(data[type_column]))
        raise ValueError(
            f"column '{type_column}' in table 'tickets' has no row of type "
            f"{str(ticket_type)!r} (it has {present}); pass one of those as ticket_type, or "
            f"ticket_type=None to count every row."
        )
    return data[keep], str(ticket_type)


def pareto_table(
    data: pd.DataFrame,
    category: str = "cause",
    *,
    ticket_type: str | None = _COMPLAINTS,
    type_column: str = "ticket_type",
    weight: str | None = None,
    vital_share: float = 0.8,
) -> pd.DataFrame:
    r"""Pareto table: categories sorted by frequency (or weight), with cumulative share.

    Parameters
    ----------
    data : pandas.DataFrame
        Usually the ``tickets`` table; any table with the ``category`` column.
    category : str, default "cause"
        The column to count.
    ticket_type : str or None, default "complaint"
        When ``data`` has the column ``type_column``, only the rows of this type are
        counted: by default the complaints, whose causes the DMAIC project of notebook 08
        attacks (service requests have their own mix of causes). ``None`` counts every
        row. A table without that column is counted whole, unless ``ticket_type`` is
        passed explicitly (then the missing column is an error).
    type_column : str, default "ticket_type"
        The column holding each row's ticket type.
    weight : str, optional
        A non-negative numeric column (e.g. ``handling_cost``) to rank by its sum instead
        of by counts. Its total is added as a column of that name.
    vital_share : float, default 0.8
        Cumulative share that marks the "vital few" (the 80/20 rule).

    Returns
    -------
    pandas.DataFrame
        Indexed by category, sorted descending (ties in first-seen order): ``count``,
        the weight total when ``weight`` is given, ``share``, ``cumulative_share``,
        ``vital_few``. Categories of a categorical column that never occur are listed
        with count 0 at the bottom.

    Raises
    ------
    ValueError
        On a missing column (``type_column`` too, when ``ticket_type`` is passed), a
        missing label, no row of ``ticket_type``, a negative or missing weight, an empty
        table, a zero total weight or ``vital_share`` outside (0, 1].
    TypeError
        If ``ticket_type`` is neither a string nor None.

    Notes
    -----
    With :math:`c_k` the count (or weight total) of category :math:`k`, sorted so that
    :math:`c_{(1)} \ge c_{(2)} \ge \dots`,

    .. math:: s_k = \frac{c_{(k)}}{\sum_j c_j}, \qquad S_k = \sum_{j \le k} s_j .

    A category is in the vital few when the categories ranked above it have not yet
    reached ``vital_share``: :math:`S_{k-1} < \text{vital\_share}`, so the category that
    crosses the threshold is included.

    References
    ----------
    Juran, J. M. (1951). *Quality Control Handbook*. McGraw-Hill (the Pareto principle).
    Montgomery, D. C. (2009). *Introduction to Statistical Quality Control* (6th ed.),
    Section 5.4. Wiley.

    Examples
    --------
    >>> t = pd.DataFrame({"cause": ["late", "late", "late", "damaged", "billing"]})
    >>> pareto_table(t)
             count  share  cumulative_share  vital_few
    cause
    late         3    0.6               0.6       True
    damaged      1    0.2               0.8       True
    billing      1    0.2               1.0      False

    On a ``tickets`` table only the complaints count, unless ``ticket_type`` says otherwise:

    >>> t = pd.DataFrame({"ticket_type": ["complaint"] * 3 + ["service"] * 2,
    ...                   "cause": ["late", "late", "damaged", "billing", "billing"]})
    >>> pareto_table(t)["count"].to_dict()
    {'late': 2, 'damaged': 1}
    >>> pareto_table(t, ticket_type=None)["count"].to_dict()
    {'late': 2, 'billing': 2, 'damaged': 1}
    """
    vital_share = check_number(vital_share, "vital_share", lo=0, hi=1, lo_open=True)
    if not isinstance(data, pd.DataFrame):
        check_frame(data, _TICKETS, {})  # the same TypeError as every table check
    data, _ = _ticket_rows(data, ticket_type, type_column)
    columns: dict = {category: Category(why="every row needs a category to be counted")}
    params = {category: "category"}
    if weight is not None:
        columns[weight] = Numeric(lo=0, why="Pareto weights are non-negative amounts")
        params[weight] = "weight"
    check_frame(data, _TICKETS if category == "cause" else "data", columns, params=params)
    labels = data[category]
    # start from first-seen order (unseen categories of a categorical last), then sort
    # stably by the measure, so ties keep the order in which they first occur
    seen = list(pd.unique(labels))
    if isinstance(labels.dtype, pd.CategoricalDtype):
        seen += [c for c in labels.cat.categories if c not in set(seen)]
    counts = labels.value_counts(sort=False).reindex(seen, fill_value=0)
    if weight is None:
        out = pd.DataFrame({"count": counts})
        measure = out["count"].astype(float)
    else:
        totals = data[weight].astype(float).groupby(labels, observed=False, sort=False).sum()
        out = pd.DataFrame({"count": counts, weight: totals.reindex(seen, fill_value=0.0)})
        measure = out[weight]
        if measure.sum() <= 0:
            raise ValueError(
                f"column '{weight}' sums to 0, so no category has a share; pass another "
                f"weight or weight=None to rank by counts."
            )
    order = np.argsort(-measure.to_numpy(), kind="stable")
    out = out.iloc[order]
    measure = measure.iloc[order]
    out["count"] = out["count"].astype("int64")
    out["share"] = measure / measure.sum()
    out["cumulative_share"] = out["share"].cumsum()
    before = out["cumulative_share"].shift(1, fill_value=0.0)
    out["vital_few"] = (before < vital_share - 1e-12) & (measure > 0)
    out.index.name = category
    return out


def dpu(defects: object, units: object) -> float | np.ndarray | pd.Series:
    r"""Defects per unit.

    Parameters
    ----------
    defects : number or array-like
        Defect counts (whole numbers, at least 0).
    units : number or array-like
        Units inspected (whole numbers, at least 1).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Same kind as ``defects``.

    Raises
    ------
    ValueError
        On negative or fractional counts, missing values or zero units.

    Notes
    -----
    .. math:: \mathrm{DPU} = D / U

    A unit can carry several defects, so DPU may exceed 1.

    References
    ----------
    Breyfogle, F. W. (2003). *Implementing Six Sigma* (2nd ed.), Chapter 9. Wiley.

    Examples
    --------
    >>> dpu(30, 200)
    0.15
    """
    d, wrap = _check_values(defects, "defects", lo=0, integer=True)
    u, _ = _check_values(units, "units", lo=1, integer=True)
    if u.size not in (1, d.size):
        raise ValueError(
            f"argument 'units' has {u.size} values but 'defects' has {d.size}; pass one "
            f"number or one per count."
        )
    return wrap(d / u)


def _check_opportunities(defects, units, opportunities):
    d, wrap = _check_values(defects, "defects", lo=0, integer=True)
    u, _ = _check_values(units, "units", lo=1, integer=True)
    o, _ = _check_values(opportunities, "opportunities", lo=1, integer=True)
    sizes = {d.size, u.size, o.size} - {1}
    if len(sizes) > 1:
        raise ValueError(
            f"arguments 'defects', 'units' and 'opportunities' have {d.size}, {u.size} and "
            f"{o.size} values; pass one number or the same number of values for each."
        )
    d_b, u_b, o_b = np.broadcast_arrays(d, u, o)
    too_many = d_b > u_b * o_b
    if too_many.any():
        i = int(np.argmax(too_many))
        raise ValueError(
            f"argument 'defects' is larger than units x opportunities (e.g. {d_b[i]:g} "
            f"defects on {u_b[i]:g} units x {o_b[i]:g} opportunities, at position {i}); each "
            f"opportunity holds at most one defect: raise 'opportunities' or check the counts."
        )
    return d_b, u_b, o_b, wrap


def dpmo(defects: object, units: object, opportunities: object = 1) -> float | np.ndarray:
    r"""Defects per million opportunities.

    Parameters
    ----------
    defects : number or array-like
        Defect counts (whole numbers, at least 0).
    units : number or array-like
        Units inspected (whole numbers, at least 1).
    opportunities : number or array-like, default 1
        Defect opportunities per unit (whole number, at least 1).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Same kind as ``defects``.

    Raises
    ------
    ValueError
        On invalid counts, or more defects than ``units * opportunities``.

    Notes
    -----
    .. math:: \mathrm{DPO} = \frac{D}{U \cdot O}, \qquad \mathrm{DPMO} = 10^6\,\mathrm{DPO}

    References
    ----------
    Breyfogle, F. W. (2003). *Implementing Six Sigma* (2nd ed.), Chapter 9. Wiley.

    Examples
    --------
    >>> dpmo(30, 200, opportunities=5)
    30000.0
    """
    d, u, o, wrap = _check_opportunities(defects, units, opportunities)
    return wrap(1e6 * d / (u * o))


def process_yield(
    defects: object, units: object, opportunities: object = 1, *, method: str = "dpo"
) -> float | np.ndarray:
    r"""Process yield: the expected share of defect-free output.

    Parameters
    ----------
    defects, units, opportunities : number or array-like
        As in :func:`dpmo`.
    method : {"dpo", "poisson"}, default "dpo"
        ``"dpo"``: the share of defect-free opportunities, :math:`1 - \mathrm{DPO}`, the
        yield of the sigma conversion table (for tickets with one opportunity, the share
        solved on time). ``"poisson"``: the first-time yield of a unit when defects fall
        at random (Poisson), :math:`e^{-\mathrm{DPU}}`.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        A share between 0 and 1, same kind as ``defects``.

    Raises
    ------
    ValueError
        On invalid counts or an unknown method.

    Notes
    -----
    .. math:: Y_{\mathrm{dpo}} = 1 - \frac{D}{U\,O}, \qquad
              Y_{\mathrm{poisson}} = P(X = 0) = e^{-D/U}

    The Poisson yield ignores ``opportunities``.

    References
    ----------
    Breyfogle, F. W. (2003). *Implementing Six Sigma* (2nd ed.), Section 9.4. Wiley.

    Examples
    --------
    >>> process_yield(30, 200)
    0.85
    >>> round(process_yield(30, 200, method="poisson"), 4)
    0.8607
    """
    check_choice(method, "method", ["dpo", "poisson"])
    d, u, o, wrap = _check_opportunities(defects, units, opportunities)
    if method == "poisson":
        return wrap(np.exp(-d / u))
    return wrap(1.0 - d / (u * o))


def sigma_level(dpmo: object, *, shift: float = 1.5) -> float | np.ndarray:
    r"""Sigma level of a process from its DPMO.

    Parameters
    ----------
    dpmo : number or array-like
        Defects per million opportunities, 0 to 1,000,000.
    shift : float, default 1.5
        The long-term drift of the process mean, in sigma, added by convention (Motorola):
        a "six sigma" process is one with 3.4 DPMO. Pass ``shift=0`` for the plain normal
        quantile (the long-term z).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Same kind as ``dpmo``. 0 DPMO gives ``inf`` and 1,000,000 gives ``-inf``: no
        finite sigma level describes a process that never or always fails.

    Raises
    ------
    ValueError
        If a DPMO is outside 0-1,000,000 or missing, or ``shift`` is negative.

    Notes
    -----
    .. math:: \text{sigma level} = \Phi^{-1}\!\left(1 - \frac{\mathrm{DPMO}}{10^6}\right)
              + \text{shift}

    With the shift: 3.4 DPMO is 6 sigma, 6,210 is 4 and 66,807 is 3.

    References
    ----------
    Harry, M. J. (1988). *The Nature of Six Sigma Quality*. Motorola University Press.
    Breyfogle, F. W. (2003). *Implementing Six Sigma* (2nd ed.), Table 9.2. Wiley.

    Examples
    --------
    >>> round(sigma_level(3.4), 2)
    6.0
    >>> round(sigma_level(1350, shift=0), 2)
    3.0
    """
    shift = check_number(shift, "shift", lo=0)
    x, wrap = _check_values(
        dpmo, "dpmo", lo=0, hi=1e6, why="DPMO counts defects per million opportunities"
    )
    return wrap(stats.norm.isf(x / 1e6) + shift)


def dpmo_from_sigma(sigma: object, *, shift: float = 1.5) -> float | np.ndarray:
    r"""DPMO of a process at a given sigma level (the inverse of :func:`sigma_level`).

    Parameters
    ----------
    sigma : number or array-like
        Sigma level(s).
    shift : float, default 1.5
        The assumed long-term drift of the mean, in sigma (see :func:`sigma_level`).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Same kind as ``sigma``.

    Raises
    ------
    ValueError
        If a value is missing or infinite, or ``shift`` is negative.

    Notes
    -----
    One-sided tail beyond the shifted specification:

    .. math:: \mathrm{DPMO} = 10^6 \, \bigl(1 - \Phi(\text{sigma} - \text{shift})\bigr)

    References
    ----------
    Harry, M. J. (1988). *The Nature of Six Sigma Quality*. Motorola University Press.

    Examples
    --------
    >>> round(dpmo_from_sigma(6), 1)
    3.4
    >>> dpmo_from_sigma([3, 4]).round(0)
    array([66807.,  6210.])
    """
    shift = check_number(shift, "shift", lo=0)
    s, wrap = _check_values(sigma, "sigma")
    return wrap(1e6 * stats.norm.sf(s - shift))


@dataclass(frozen=True)
class DefectsSummary:
    """Defect measures of a set of tickets (see :func:`defects_summary`)."""

    units: int
    opportunities: int
    defects: int
    dpu: float
    dpo: float
    dpmo: float
    process_yield: float
    sigma_level: float
    sigma_level_no_shift: float
    shift: float


def defects_summary(
    tickets: pd.DataFrame,
    *,
    target: str = "target_hours",
    opened: str = "opened_at",
    closed: str = "closed_at",
    opportunities: int = 1,
    shift: float = 1.5,
) -> DefectsSummary:
    r"""Defects, DPU, DPMO, yield and sigma level of the ticket process.

    Parameters
    ----------
    tickets : pandas.DataFrame
        The ``tickets`` table.
    target : str, default "target_hours"
        Column with each ticket's resolution target in hours.
    opened, closed : str
        Timestamp columns.
    opportunities : int, default 1
        Defect opportunities per ticket. With the default, the only defect counted is
        "not solved within target", so each ticket has one opportunity.
    shift : float, default 1.5
        Sigma shift for ``sigma_level`` (``sigma_level_no_shift`` always uses 0).

    Returns
    -------
    DefectsSummary
        ``units`` (tickets), ``opportunities``, ``defects``, ``dpu``, ``dpo``, ``dpmo``,
        ``process_yield`` (:math:`1 - \mathrm{DPO}`), ``sigma_level`` (with ``shift``),
        ``sigma_level_no_shift`` and ``shift``. With no defects the sigma levels are
        ``inf`` (see :func:`sigma_level`).

    Raises
    ------
    ValueError
        As :func:`service_level`, or on invalid ``opportunities`` / ``shift``.

    Notes
    -----
    A defect is a ticket with resolution time :math:`h_i > \text{target}_i`.

    .. math:: \mathrm{DPU} = \frac{D}{U},\quad \mathrm{DPMO} = 10^6\frac{D}{U\,O},\quad
              Y = 1 - \frac{D}{U\,O},\quad
              \sigma = \Phi^{-1}(Y) + \text{shift}

    References
    ----------
    Breyfogle, F. W. (2003). *Implementing Six Sigma* (2nd ed.), Chapter 9. Wiley.

    Examples
    --------
    >>> t = pd.DataFrame({
    ...     "opened_at": pd.to_datetime(["2024-01-01"] * 4),
    ...     "closed_at": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-01-02", "2024-01-03"]),
    ...     "target_hours": [48.0] * 4})
    >>> s = defects_summary(t)
    >>> s.defects, s.dpmo, round(s.sigma_level, 3)
    (1, 250000.0, 2.174)
    """
    opportunities = check_number(opportunities, "opportunities", lo=1, integer=True)
    shift = check_number(shift, "shift", lo=0)
    within = _within_target(tickets, target, opened, closed)
    units = len(within)
    defects = int((~within).sum())
    dpo = defects / (units * opportunities)
    return DefectsSummary(
        units=units,
        opportunities=opportunities,
        defects=defects,
        dpu=defects / units,
        dpo=dpo,
        dpmo=1e6 * dpo,
        process_yield=1.0 - dpo,
        sigma_level=float(stats.norm.isf(dpo) + shift),
        sigma_level_no_shift=float(stats.norm.isf(dpo)),
        shift=shift,
    )


@dataclass(frozen=True)
class Capability:
    """Process capability indices (see :func:`capability`).

    ``cp`` is None unless both specification limits are given; ``cpu`` is None without
    an upper limit and ``cpl`` without a lower one.
    """

    n: int
    mean: float
    sigma: float
    sigma_method: str
    lsl: float | None
    usl: float | None
    cp: float | None
    cpu: float | None
    cpl: float | None
    cpk: float


def _ordered_values(data: pd.DataFrame, value: str, order: str | None, table: str) -> pd.Series:
    columns: dict = {value: Numeric()}
    params = {value: "value"}
    if order is not None:
        columns[order] = Text(why="the order column puts the observations in time order")
        params[order] = "order"
    check_frame(data, table, columns, params=params, min_rows=2)
    if order is None:
        return data[value].astype(float)
    return data[value].astype(float).iloc[np.argsort(data[order].to_numpy(), kind="stable")]


def capability(
    data: pd.DataFrame,
    value: str,
    *,
    lsl: float | None = None,
    usl: float | None = None,
    sigma: str = "within",
    order: str | None = None,
) -> Capability:
    r"""Process capability indices Cp, Cpk, Cpu and Cpl.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation, in time order (or give ``order``).
    value : str
        The measured characteristic (e.g. resolution hours).
    lsl, usl : float, optional
        Lower and upper specification limits; at least one is required.
    sigma : {"within", "overall"}, default "within"
        ``"within"``: short-term sigma from the average moving range,
        :math:`\overline{MR}/d_2` with :math:`d_2 = 1.128`, which needs the data in time
        order (Cp, Cpk). ``"overall"``: the sample standard deviation (``ddof=1``), which
        gives what some texts call Pp and Ppk.
    order : str, optional
        Column to sort by (e.g. a timestamp) before taking moving ranges.

    Returns
    -------
    Capability
        ``n``, ``mean``, ``sigma``, ``sigma_method``, ``lsl``, ``usl``, ``cp`` (None with
        a one-sided specification), ``cpu``, ``cpl`` (None without that limit), ``cpk``.

    Raises
    ------
    ValueError
        On a missing or non-numeric column, missing values, fewer than 2 rows, no
        specification limit, ``lsl >= usl``, or a sigma of 0 (all values equal).

    Notes
    -----
    .. math:: C_p = \frac{USL - LSL}{6\sigma},\quad C_{pu} = \frac{USL - \bar x}{3\sigma},\quad
              C_{pl} = \frac{\bar x - LSL}{3\sigma},\quad C_{pk} = \min(C_{pu}, C_{pl})

    The indices assume a stable, roughly normal process. Resolution times are skewed
    (lognormal): read Cpk on them as a teaching approximation, or take logs of the
    values and the limits first.

    References
    ----------
    Montgomery, D. C. (2009). *Introduction to Statistical Quality Control* (6th ed.),
    Chapter 8. Wiley. Kane, V. E. (1986). Process capability indices. *Journal of Quality
    Technology*, 18(1), 41-52.

    Examples
    --------
    >>> d = pd.DataFrame({"x": [9.0, 11.0, 10.0, 12.0, 8.0]})
    >>> c = capability(d, "x", lsl=4, usl=16, sigma="overall")
    >>> round(c.sigma, 4), round(c.cp, 4), round(c.cpk, 4)
    (1.5811, 1.2649, 1.2649)
    >>> capability(d, "x", usl=16).cp is None
    True
    """
    check_choice(sigma, "sigma", ["within", "overall"])
    if lsl is None and usl is None:
        raise ValueError(
            "capability needs a specification limit: pass usl=... (e.g. the target hours), "
            "lsl=..., or both."
        )
    if lsl is not None:
        lsl = check_number(lsl, "lsl")
    if usl is not None:
        usl = check_number(usl, "usl")
    if lsl is not None and usl is not None and lsl >= usl:
        raise ValueError(f"argument 'lsl' ({lsl:g}) must be below 'usl' ({usl:g}).")
    x = _ordered_values(data, value, order, "data").to_numpy()
    if sigma == "within":
        s = float(np.mean(np.abs(np.diff(x)))) / _D2_MR
    else:
        s = float(np.std(x, ddof=1))
    if s == 0:
        raise ValueError(
            f"column '{value}' in table 'data' shows no variation (sigma = 0), so capability "
            f"indices are undefined; check that the right column was passed."
        )
    mean = float(np.mean(x))
    cpu = None if usl is None else (usl - mean) / (3 * s)
    cpl = None if lsl is None else (mean - lsl) / (3 * s)
    cp = None if (lsl is None or usl is None) else (usl - lsl) / (6 * s)
    cpk = min(c for c in (cpu, cpl) if c is not None)
    return Capability(
        n=int(x.size),
        mean=mean,
        sigma=s,
        sigma_method=sigma,
        lsl=lsl,
        usl=usl,
        cp=cp,
        cpu=cpu,
        cpl=cpl,
        cpk=float(cpk),
    )


# ------------------------------------------------------------- chart data from tickets

_FREQS = {"D": "day", "W": "week", "M": "month"}


def _ticket_window(
    tickets: pd.DataFrame,
    start: str | pd.Timestamp | None,
    end: str | pd.Timestamp | None,
    freq: str,
    opened: str,
    closed: str,
) -> pd.DataFrame:
    """Tickets opened from ``start`` to ``end`` (whole days), in time order, with hours."""
    check_choice(freq, "freq", list(_FREQS))
    hours = resolution_hours(tickets, opened=opened, closed=closed)
    keep = np.ones(len(tickets), dtype=bool)
    if start is not None:
        keep &= (tickets[opened] >= check_date(start, "start")).to_numpy()
    if end is not None:
        keep &= (tickets[opened] < check_date(end, "end") + pd.Timedelta(days=1)).to_numpy()
    if not keep.any():
        raise ValueError(
            f"no ticket in table 'tickets' was opened between {start} and {end} (column "
            f"'{opened}'); widen start and end."
        )
    frame = pd.DataFrame(
        {"opened": tickets[opened].to_numpy(), "hours": hours.to_numpy()}, index=tickets.index
    )[keep]
    frame = frame.iloc[np.argsort(frame["opened"].to_numpy(), kind="stable")]
    frame["period"] = frame["opened"].dt.to_period(freq)
    return frame


def ticket_periods(
    tickets: pd.DataFrame,
    *,
    freq: str = "W",
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    target: str = "target_hours",
    opened: str = "opened_at",
    closed: str = "closed_at",
) -> pd.DataFrame:
    r"""Tickets per period: how many, how many late, and their resolution times.

    The input of the charts that plot one value per period: :func:`p_chart` (late
    tickets of all tickets) and :func:`imr_chart` (the period's median hours).

    Parameters
    ----------
    tickets : pandas.DataFrame
        Table ``tickets``.
    freq : {"D", "W", "M"}, default "W"
        Period of the ticket's opening: day, week (Monday to Sunday) or month.
    start, end : str or Timestamp, optional
        First and last day of opening counted (both whole days); by default all tickets.
    target : str, default "target_hours"
        Column with each ticket's target; a ticket is late when it took longer.
    opened, closed : str
        Timestamp columns.

    Returns
    -------
    pandas.DataFrame
        One row per period that has tickets, in time order (a ``PeriodIndex`` named
        ``period``): ``tickets``, ``late``, ``share_late``, ``mean_hours``,
        ``median_hours``.

    Raises
    ------
    ValueError
        As :func:`service_level`; on an unknown ``freq``, or no ticket between ``start``
        and ``end``.

    Notes
    -----
    For period :math:`t` with tickets :math:`i \in t`: :math:`n_t` tickets,
    :math:`D_t = \#\{i: h_i > \text{target}_i\}` late ones, share :math:`D_t/n_t`, and
    the mean and median of :math:`h_i`.

    References
    ----------
    Montgomery, D. C. (2009). *Introduction to Statistical Quality Control* (6th ed.),
    Sections 6.4 and 7.2. Wiley.

    Examples
    --------
    >>> t = pd.DataFrame({
    ...     "opened_at": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-09"]),
    ...     "closed_at": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-01-10"]),
    ...     "target_hours": [48.0] * 3})
    >>> ticket_periods(t)
                           tickets  late  share_late  mean_hours  median_hours
    period
    2024-01-01/2024-01-07        2     1         0.5        48.0          48.0
    2024-01-08/2024-01-14        1     0         0.0        24.0          24.0
    """
    late = ~_within_target(tickets, target, opened, closed)
    frame = _ticket_window(tickets, start, end, freq, opened, closed)
    frame["late"] = late.reindex(frame.index).to_numpy()
    g = frame.groupby("period", sort=True)
    out = pd.DataFrame(
        {
            "tickets": g.size().astype("int64"),
            "late": g["late"].sum().astype("int64"),
        }
    )
    out["share_late"] = out["late"] / out["tickets"]
    out["mean_hours"] = g["hours"].mean()
    out["median_hours"] = g["hours"].median()
    return out


def ticket_samples(
    tickets: pd.DataFrame,
    *,
    size: int = 5,
    freq: str = "W",
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    opened: str = "opened_at",
    closed: str = "closed_at",
) -> pd.DataFrame:
    r"""One sample of ``size`` tickets per period: the subgroups of an X-bar chart.

    Each period's first ``size`` tickets (in opening order) form its subgroup, as if an
    analyst pulled the first tickets of every week: a *rational subgroup* of tickets
    handled under the same conditions. Periods with fewer tickets are left out.

    Parameters
    ----------
    tickets : pandas.DataFrame
        Table ``tickets``.
    size : int, default 5
        Tickets per subgroup, at least 2 (any size: the chart constants are computed).
    freq : {"D", "W", "M"}, default "W"
        The sampling period.
    start, end : str or Timestamp, optional
        First and last day of opening sampled (whole days).
    opened, closed : str
        Timestamp columns.

    Returns
    -------
    pandas.DataFrame
        One row per sampled ticket, in time order, same index as ``tickets``:
        ``period`` (the subgroup label), ``opened`` and ``hours`` (resolution time).
        Pass it to :func:`xbar_r_chart` or :func:`xbar_s_chart` with
        ``value="hours", subgroup="period"``.

    Raises
    ------
    ValueError
        As :func:`resolution_hours`; on an unknown ``freq``, a ``size`` below 2, or
        fewer than two periods with ``size`` tickets.

    Notes
    -----
    Subgroup :math:`t` holds the first ``size`` tickets opened in period :math:`t`;
    within it the tickets share the period's conditions, and between subgroups the
    process may shift, which is what the X-bar chart looks for (Montgomery 2009,
    Section 5.3.4).

    References
    ----------
    Shewhart, W. A. (1931). *Economic Control of Quality of Manufactured Product*. Van
    Nostrand. Montgomery, D. C. (2009). *Introduction to Statistical Quality Control*
    (6th ed.), Section 5.3.4. Wiley.

    Examples
    --------
    >>> t = pd.DataFrame({
    ...     "opened_at": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03",
    ...                                  "2024-01-08", "2024-01-09", "2024-01-15"]),
    ...     "closed_at": pd.to_datetime(["2024-01-02", "2024-01-04", "2024-01-04",
    ...                                  "2024-01-09", "2024-01-10", "2024-01-16"])})
    >>> s = ticket_samples(t, size=2)
    >>> s["hours"].tolist(), s["period"].astype(str).str[:10].tolist()
    ([24.0, 48.0, 24.0, 24.0], ['2024-01-01', '2024-01-01', '2024-01-08', '2024-01-08'])
    """
    size = check_number(size, "size", lo=2, integer=True, why="a subgroup needs 2 tickets")
    frame = _ticket_window(tickets, start, end, freq, opened, closed)
    counts = frame.groupby("period", sort=False)["hours"].transform("size")
    frame = frame[counts.to_numpy() >= size]
    frame = frame.groupby("period", sort=False).head(size)
    if frame["period"].nunique() < 2:
        raise ValueError(
            f"table 'tickets' has fewer than two {_FREQS[freq]}s with {size} tickets between "
            f"{start} and {end}; take a smaller size, a longer freq or a wider window."
        )
    return frame[["period", "opened", "hours"]]


# ------------------------------------------------------------ control-chart constants

#: Subgroup sizes of the display table ``SPC_CONSTANTS``.
_TABLE_SIZES = range(2, 26)
#: The factors :func:`spc_constants` returns, in the order of Montgomery's Appendix VI.
_FACTORS = ("A", "A2", "A3", "c4", "B3", "B4", "B5", "B6", "d2", "d3", "D1", "D2", "D3", "D4")


@lru_cache(maxsize=1)
def _range_grid() -> tuple[np.ndarray, ...]:
    """Quadrature nodes for the range of standard normals (built once, on first use).

    x: a uniform grid on [-9, 9] (the trapezoid rule converges geometrically for smooth
    integrands that vanish at both ends); w: 120 Gauss-Legendre nodes on [0, 18]. A
    finer grid (x on [-12, 12] with 4,801 points, 400 nodes on [0, 24]) changes d2 by
    less than 1e-12 and d3 by less than 1e-10 for n = 2 to 1,000.
    """
    from scipy.special import ndtr

    x = np.linspace(-9.0, 9.0, 721)
    nodes, weights = np.polynomial.legendre.leggauss(120)
    w = (nodes + 1.0) * 9.0
    return x, x[1] - x[0], ndtr(x), np.exp(-(x**2) / 2) / math.sqrt(2 * math.pi), w, weights * 9.0


def _check_size(n: object) -> int:
    return check_number(n, "n", lo=2, integer=True, why="a subgroup needs at least 2 observations")


@lru_cache(maxsize=256)
def _d2(n: int) -> float:
    x, h, cdf, _, _, _ = _range_grid()
    return float(np.sum(1.0 - cdf**n - (1.0 - cdf) ** n) * h)


@lru_cache(maxsize=256)
def _d3(n: int) -> float:
    from scipy.special import ndtr

    x, h, cdf, pdf, w, weights = _range_grid()
    # P(W <= w) = n * integral of phi(x) [Phi(x + w) - Phi(x)]^(n-1) dx
    inside = (ndtr(x[None, :] + w[:, None]) - cdf[None, :]) ** (n - 1)
    cdf_w = n * np.sum(inside * pdf[None, :], axis=1) * h
    second = float(np.sum(2.0 * w * (1.0 - cdf_w) * weights))  # E[W^2]
    return math.sqrt(second - _d2(n) ** 2)


def d2(n: int) -> float:
    r"""The mean range of ``n`` standard normal values, :math:`d_2(n) = E[W]`.

    Parameters
    ----------
    n : int
        Subgroup size, at least 2 (any size: the value is computed, not looked up).

    Returns
    -------
    float
        :math:`d_2(n)`, so that :math:`\hat\sigma = \bar R / d_2` for subgroups of size n.

    Raises
    ------
    TypeError
        If ``n`` is not a whole number.
    ValueError
        If ``n`` is below 2.

    Notes
    -----
    With :math:`W = X_{(n)} - X_{(1)}` the range of :math:`n` independent standard
    normal values, :math:`W = \int 1\{X_{(1)} \le t < X_{(n)}\}\,dt`, so

    .. math:: d_2(n) = E[W] = \int_{-\infty}^{\infty}
              \bigl[1 - \Phi(t)^n - (1 - \Phi(t))^n\bigr]\,dt,

    integrated by the trapezoid rule on a fine grid (accurate to about 1e-12).

    References
    ----------
    Tippett, L. H. C. (1925). On the extreme individuals and the range of samples taken
    from a normal population. *Biometrika*, 17(3/4), 364-387. Montgomery, D. C. (2009).
    *Introduction to Statistical Quality Control* (6th ed.), Section 6.2 and Appendix VI.
    Wiley.

    Examples
    --------
    >>> round(d2(2), 6)  # 2 / sqrt(pi)
    1.128379
    >>> round(d2(5), 3), round(d2(30), 3)
    (2.326, 4.086)
    """
    return _d2(_check_size(n))


def d3(n: int) -> float:
    r"""The standard deviation of the range of ``n`` standard normal values, :math:`d_3(n)`.

    Parameters
    ----------
    n : int
        Subgroup size, at least 2.

    Returns
    -------
    float
        :math:`d_3(n) = \mathrm{sd}(W)`: the range of a subgroup has standard deviation
        :math:`d_3\sigma`, which sets the R chart's limits.

    Raises
    ------
    TypeError
        If ``n`` is not a whole number.
    ValueError
        If ``n`` is below 2.

    Notes
    -----
    The range's distribution function (Tippett 1925) is

    .. math:: P(W \le w) = n \int_{-\infty}^{\infty} \varphi(x)\,
              \bigl[\Phi(x + w) - \Phi(x)\bigr]^{n-1} dx,

    and :math:`E[W^2] = \int_0^\infty 2w\,P(W > w)\,dw`, so
    :math:`d_3 = \sqrt{E[W^2] - d_2^2}`. The inner integral uses the trapezoid rule, the
    outer one Gauss-Legendre nodes (accurate to about 1e-10).

    References
    ----------
    Tippett, L. H. C. (1925). *Biometrika*, 17(3/4), 364-387. Montgomery, D. C. (2009).
    *Introduction to Statistical Quality Control* (6th ed.), Appendix VI. Wiley.

    Examples
    --------
    >>> round(d3(2), 6)  # sqrt(2 - 4 / pi)
    0.852502
    >>> round(d3(5), 3), round(d3(30), 3)
    (0.864, 0.693)
    """
    return _d3(_check_size(n))


def c4(n: int) -> float:
    r"""The bias factor of the sample standard deviation, :math:`E[s] = c_4(n)\,\sigma`.

    Parameters
    ----------
    n : int
        Subgroup size, at least 2.

    Returns
    -------
    float
        :math:`c_4(n)`, so that :math:`\hat\sigma = \bar s / c_4` for subgroups of size n.

    Raises
    ------
    TypeError
        If ``n`` is not a whole number.
    ValueError
        If ``n`` is below 2.

    Notes
    -----
    For normal data, :math:`(n-1)s^2/\sigma^2 \sim \chi^2_{n-1}`, which gives

    .. math:: c_4(n) = \sqrt{\frac{2}{n-1}}\,
              \frac{\Gamma(n/2)}{\Gamma\bigl((n-1)/2\bigr)},

    computed with log-gamma functions, so any n works.

    References
    ----------
    Montgomery, D. C. (2009). *Introduction to Statistical Quality Control* (6th ed.),
    Section 6.3 and Appendix VI. Wiley.

    Examples
    --------
    >>> round(c4(2), 4), round(c4(25), 4)  # sqrt(2 / pi) for n = 2
    (0.7979, 0.9896)
    """
    n = _check_size(n)
    return math.sqrt(2.0 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


def spc_constants(n: int, *, k: float = 3.0) -> pd.Series:
    r"""Every Shewhart control-chart factor for subgroup size ``n``, computed.

    Parameters
    ----------
    n : int
        Subgroup size, at least 2 (any size: nothing is looked up in a table).
    k : float, default 3.0
        Width of the limits in standard deviations (3 for the usual Shewhart limits).

    Returns
    -------
    pandas.Series
        Named ``n``, with the factors of Montgomery's Appendix VI: ``A``, ``A2``,
        ``A3`` (X-bar limits from sigma, R-bar and s-bar), ``c4``, ``B3``, ``B4`` (S
        limits from s-bar), ``B5``, ``B6`` (from sigma), ``d2``, ``d3``, ``D1``, ``D2``
        (R limits from sigma), ``D3``, ``D4`` (R limits from R-bar). Lower factors
        that would be negative are 0.

    Raises
    ------
    TypeError
        If ``n`` is not a whole number or ``k`` not a number.
    ValueError
        If ``n`` is below 2 or ``k`` is not positive.

    Notes
    -----
    With :math:`d_2, d_3` from :func:`d2`, :func:`d3` and :math:`c_4` from :func:`c4`:

    .. math::

        A = \frac{k}{\sqrt n},\quad A_2 = \frac{k}{d_2\sqrt n},\quad
        A_3 = \frac{k}{c_4\sqrt n},\\
        B_{3,4} = 1 \mp \frac{k}{c_4}\sqrt{1 - c_4^2},\quad
        B_{5,6} = c_4 \mp k\sqrt{1 - c_4^2},\\
        D_{1,2} = d_2 \mp k\,d_3,\quad D_{3,4} = 1 \mp k\,\frac{d_3}{d_2}.

    References
    ----------
    Montgomery, D. C. (2009). *Introduction to Statistical Quality Control* (6th ed.),
    Chapter 6 and Appendix VI. Wiley. Shewhart, W. A. (1931). *Economic Control of
    Quality of Manufactured Product*. Van Nostrand.

    Examples
    --------
    >>> spc_constants(5)[["A2", "D3", "D4", "A3", "B4"]].round(3).tolist()
    [0.577, 0.0, 2.114, 1.427, 2.089]
    >>> round(float(spc_constants(40)["A3"]), 3)  # beyond the printed tables
    0.477
    """
    n = _check_size(n)
    k = check_number(k, "k", lo=0, lo_open=True, why="limits lie k standard deviations out")
    r_mean, r_sd, s_mean = d2(n), d3(n), c4(n)
    s_sd = math.sqrt(1.0 - s_mean**2)
    values = {
        "A": k / math.sqrt(n),
        "A2": k / (r_mean * math.sqrt(n)),
        "A3": k / (s_mean * math.sqrt(n)),
        "c4": s_mean,
        "B3": max(0.0, 1.0 - k * s_sd / s_mean),
        "B4": 1.0 + k * s_sd / s_mean,
        "B5": max(0.0, s_mean - k * s_sd),
        "B6": s_mean + k * s_sd,
        "d2": r_mean,
        "d3": r_sd,
        "D1": max(0.0, r_mean - k * r_sd),
        "D2": r_mean + k * r_sd,
        "D3": max(0.0, 1.0 - k * r_sd / r_mean),
        "D4": 1.0 + k * r_sd / r_mean,
    }
    return pd.Series([values[f] for f in _FACTORS], index=list(_FACTORS), name=n, dtype=float)


@lru_cache(maxsize=1)
def _constants_table() -> pd.DataFrame:
    table = pd.DataFrame([spc_constants(n) for n in _TABLE_SIZES])
    table.index.name = "n"
    return table


def __getattr__(name: str) -> object:
    """``SPC_CONSTANTS``: the factors for n = 2..25, built from :func:`spc_constants`
    on first use (so importing the module stays light)."""
    if name == "SPC_CONSTANTS":
        return _constants_table().copy()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ----------------------------------------------------------------------------- Control


def imr_chart(data: pd.DataFrame, value: str, *, order: str | None = None) -> pd.DataFrame:
    r"""Individuals and moving-range (I-MR) control chart limits.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation (e.g. a day's median resolution time).
    value : str
        The plotted measurement.
    order : str, optional
        Column giving time order; by default the rows' order is used.

    Returns
    -------
    pandas.DataFrame
        In time order, same index as ``data``: ``value``, ``mr`` (the first row's moving
        range is NaN by definition: it has no predecessor), ``x_centre``, ``x_sigma``,
        ``x_lcl``, ``x_ucl``, ``mr_centre``, ``mr_lcl``, ``mr_ucl``.

    Raises
    ------
    ValueError
        On a missing or non-numeric column, missing values or fewer than 2 rows.

    Notes
    -----
    With :math:`MR_i = |x_i - x_{i-1}|` and :math:`\overline{MR}` their mean,
    :math:`\hat\sigma = \overline{MR}/d_2`, :math:`d_2 = 1.128`:

    .. math:: \bar x \pm 3\,\overline{MR}/d_2, \qquad
              LCL_{MR} = 0,\; UCL_{MR} = D_4\,\overline{MR},\; D_4 = 3.267.

    References
    ----------
    Montgomery, D. C. (2009). *Introduction to Statistical Quality Control* (6th ed.),
    Section 6.4. Wiley. NIST/SEMATECH (2012). *e-Handbook of Statistical Methods*,
    Section 6.3.2.2.

    Examples
    --------
    >>> d = pd.DataFrame({"x": [10.0, 12.0, 11.0, 13.0]})
    >>> c = imr_chart(d, "x")
    >>> c.loc[0, ["x_centre", "x_lcl", "x_ucl", "mr_ucl"]].round(3).tolist()
    [11.5, 7.067, 15.933, 5.445]
    """
    x = _ordered_values(data, value, order, "data")
    mr = x.diff().abs()
    mr_bar = float(mr.iloc[1:].mean())
    centre = float(x.mean())
    s = mr_bar / _D2_MR
    n = len(x)
    return pd.DataFrame(
        {
            "value": x,
            "mr": mr,
            "x_centre": np.full(n, centre),
            "x_sigma": np.full(n, s),
            "x_lcl": np.full(n, centre - 3 * s),
            "x_ucl": np.full(n, centre + 3 * s),
            "mr_centre": np.full(n, mr_bar),
            "mr_lcl": np.zeros(n),
            "mr_ucl": np.full(n, _D4_MR * mr_bar),
        },
        index=x.index,
    )


def _subgroups(data: pd.DataFrame, value: str, subgroup: str, chart: str) -> tuple:
    """Check the data of an X-bar chart; return the grouped values, the table and n."""
    check_frame(
        data,
        "data",
        {value: Numeric(), subgroup: Text(why="every observation needs a subgroup label")},
        params={value: "value", subgroup: "subgroup"},
        min_rows=4,
    )
    grouped = data[value].astype(float).groupby(data[subgroup], observed=True, sort=True)
    table = pd.DataFrame({"n": grouped.size(), "xbar": grouped.mean()})
    sizes = table["n"].unique()
    if len(table) < 2:
        raise ValueError(
            f"column '{subgroup}' in table 'data' has a single subgroup; control limits "
            f"need several (20-25 is the usual advice)."
        )
    if len(sizes) > 1:
        common = table["n"].mode().max()  # ties: the larger size (short last subgroup)
        odd = table.index[table["n"] != common][0]
        raise ValueError(
            f"column '{subgroup}' in table 'data' gives subgroups of unequal size "
            f"({', '.join(str(int(s)) for s in sorted(sizes))}; e.g. subgroup {odd} has "
            f"{int(table.loc[odd, 'n'])}); {chart} limits need one size n: drop the "
            f"incomplete subgroups or use imr_chart."
        )
    n = int(sizes[0])
    if n < 2:
        raise ValueError(
            f"column '{subgroup}' in table 'data' gives subgroups of size 1; a subgroup "
            f"needs at least 2 observations: regroup the data, or chart single values "
            f"with imr_chart."
        )
    table["n"] = table["n"].astype("int64")
    return grouped, table, n


def xbar_r_chart(data: pd.DataFrame, value: str, subgroup: str) -> pd.DataFrame:
    r"""X-bar and R control chart limits from equal-size subgroups.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation.
    value : str
        The measurement.
    subgroup : str
        Column labelling each observation's subgroup (e.g. a week or a sample number).
        Every subgroup must have the same size n >= 2; the constants are computed for
        that n (:func:`spc_constants`), so any size works. Above about 10, prefer
        :func:`xbar_s_chart`: the range then wastes information.

    Returns
    -------
    pandas.DataFrame
        One row per subgroup, sorted by label: ``n``, ``xbar``, ``r``, ``xbar_centre``,
        ``xbar_sigma`` (:math:`A_2\bar R/3`, the sigma of a subgroup mean),
        ``xbar_lcl``, ``xbar_ucl``, ``r_centre``, ``r_lcl``, ``r_ucl``.

    Raises
    ------
    ValueError
        On missing or non-numeric values, fewer than 2 subgroups, unequal subgroup sizes or
        subgroups of a single observation.

    Notes
    -----
    .. math:: \bar{\bar x} \pm A_2 \bar R, \qquad LCL_R = D_3 \bar R,\; UCL_R = D_4 \bar R

    with :math:`A_2 = 3/(d_2\sqrt n)`, :math:`D_{3,4} = \max(0, 1 \mp 3d_3/d_2)` from
    :func:`spc_constants`.

    References
    ----------
    Montgomery, D. C. (2009). *Introduction to Statistical Quality Control* (6th ed.),
    Section 6.2 and Appendix VI. Wiley. NIST/SEMATECH (2012). *e-Handbook of Statistical
    Methods*, Section 6.3.2.1.

    Examples
    --------
    >>> d = pd.DataFrame({"week": [1, 1, 2, 2, 3, 3], "x": [1.0, 3.0, 2.0, 2.0, 4.0, 5.0]})
    >>> c = xbar_r_chart(d, "x", "week")
    >>> c[["xbar", "r"]].to_numpy().tolist()
    [[2.0, 2.0], [2.0, 0.0], [4.5, 1.0]]
    >>> c[["xbar_centre", "xbar_ucl", "r_ucl"]].iloc[0].round(3).tolist()
    [2.833, 4.713, 3.267]
    """
    grouped, table, n = _subgroups(data, value, subgroup, "X-bar/R")
    table["r"] = grouped.max() - grouped.min()
    a2, d3_, d4_ = spc_constants(n)[["A2", "D3", "D4"]]
    r_bar = float(table["r"].mean())
    centre = float(table["xbar"].mean())
    table["xbar_centre"] = centre
    table["xbar_sigma"] = a2 * r_bar / 3
    table["xbar_lcl"] = centre - a2 * r_bar
    table["xbar_ucl"] = centre + a2 * r_bar
    table["r_centre"] = r_bar
    table["r_lcl"] = d3_ * r_bar
    table["r_ucl"] = d4_ * r_bar
    return table


def xbar_s_chart(data: pd.DataFrame, value: str, subgroup: str) -> pd.DataFrame:
    r"""X-bar and S control chart limits from equal-size subgroups.

    Like :func:`xbar_r_chart`, but each subgroup's spread is its sample standard
    deviation, which uses every observation (the range uses two): the chart of choice
    for subgroups larger than about 10, and for any size when the data are computed
    anyway.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation.
    value : str
        The measurement.
    subgroup : str
        Column labelling each observation's subgroup. Every subgroup must have the same
        size n >= 2; the constants are computed for that n (:func:`spc_constants`).

    Returns
    -------
    pandas.DataFrame
        One row per subgroup, sorted by label: ``n``, ``xbar``, ``s`` (sample standard
        deviation, ``ddof=1``), ``xbar_centre``, ``xbar_sigma``
        (:math:`A_3\bar s/3 = \bar s/(c_4\sqrt n)`), ``xbar_lcl``, ``xbar_ucl``,
        ``s_centre``, ``s_lcl``, ``s_ucl``.

    Raises
    ------
    ValueError
        On missing or non-numeric values, fewer than 2 subgroups, unequal subgroup sizes or
        subgroups of a single observation.

    Notes
    -----
    With :math:`\bar s` the mean of the subgroups' standard deviations,
    :math:`\hat\sigma = \bar s / c_4`, and

    .. math:: \bar{\bar x} \pm A_3 \bar s, \qquad LCL_S = B_3 \bar s,\; UCL_S = B_4 \bar s,

    where :math:`A_3 = 3/(c_4\sqrt n)` and
    :math:`B_{3,4} = \max(0, 1 \mp 3\sqrt{1 - c_4^2}/c_4)` (:func:`spc_constants`).

    References
    ----------
    Montgomery, D. C. (2009). *Introduction to Statistical Quality Control* (6th ed.),
    Section 6.3 and Appendix VI. Wiley. NIST/SEMATECH (2012). *e-Handbook of Statistical
    Methods*, Section 6.3.2.1.

    Examples
    --------
    >>> d = pd.DataFrame({"week": [1, 1, 1, 2, 2, 2], "x": [1.0, 2.0, 3.0, 2.0, 4.0, 6.0]})
    >>> c = xbar_s_chart(d, "x", "week")
    >>> c[["xbar", "s"]].to_numpy().tolist()
    [[2.0, 1.0], [4.0, 2.0]]
    >>> c[["xbar_centre", "xbar_ucl", "s_ucl"]].iloc[0].round(3).tolist()
    [3.0, 5.932, 3.852]
    """
    grouped, table, n = _subgroups(data, value, subgroup, "X-bar/S")
    table["s"] = grouped.std(ddof=1)
    a3, b3, b4 = spc_constants(n)[["A3", "B3", "B4"]]
    s_bar = float(table["s"].mean())
    centre = float(table["xbar"].mean())
    table["xbar_centre"] = centre
    table["xbar_sigma"] = a3 * s_bar / 3
    table["xbar_lcl"] = centre - a3 * s_bar
    table["xbar_ucl"] = centre + a3 * s_bar
    table["s_centre"] = s_bar
    table["s_lcl"] = b3 * s_bar
    table["s_ucl"] = b4 * s_bar
    return table


def p_chart(data: pd.DataFrame, defectives: str = "defectives", size: str = "size") -> pd.DataFrame:
    r"""p chart (fraction nonconforming) with limits for each sample's own size.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per sample (e.g. per week: tickets closed late and tickets closed).
    defectives : str, default "defectives"
        Nonconforming units in the sample (whole numbers, 0 to the sample size).
    size : str, default "size"
        Units in the sample (whole numbers, at least 1).

    Returns
    -------
    pandas.DataFrame
        Same index as ``data``: ``defectives``, ``size``, ``p``, ``centre``, ``sigma``,
        ``lcl`` (clipped at 0), ``ucl`` (clipped at 1).

    Raises
    ------
    ValueError
        On missing, negative or fractional counts, a size of 0 or more defectives than
        the sample size (the message names the row).

    Notes
    -----
    .. math:: \bar p = \frac{\sum_i D_i}{\sum_i n_i}, \qquad
              \bar p \pm 3\sqrt{\bar p(1-\bar p)/n_i}

    References
    ----------
    Montgomery, D. C. (2009). *Introduction to Statistical Quality Control* (6th ed.),
    Section 7.2. Wiley. NIST/SEMATECH (2012). *e-Handbook of Statistical Methods*,
    Section 6.3.3.2.

    Examples
    --------
    >>> d = pd.DataFrame({"defectives": [5, 10, 15], "size": [100, 100, 100]})
    >>> c = p_chart(d)
    >>> c[["p", "centre", "lcl", "ucl"]].round(4).iloc[0].tolist()
    [0.05, 0.1, 0.01, 0.19]
    """
    check_frame(
        data,
        "data",
        {
            defectives: Numeric(lo=0, integer=True, why="defectives are counts of units"),
            size: Numeric(lo=1, integer=True, why="a sample holds at least one unit"),
        },
        params={defectives: "defectives", size: "size"},
    )
    d = data[defectives].astype(float)
    n = data[size].astype(float)
    over = (d > n).to_numpy()
    if over.any():
        pos = int(np.argmax(over))
        raise ValueError(
            f"column '{defectives}' in table 'data' is larger than '{size}' in row "
            f"{data.index[pos]} ({d.iloc[pos]:g} of {n.iloc[pos]:g}); a sample cannot have "
            f"more defective units than units."
        )
    p_bar = float(d.sum() / n.sum())
    sigma = np.sqrt(p_bar * (1 - p_bar) / n)
    return pd.DataFrame(
        {
            "defectives": data[defectives],
            "size": data[size],
            "p": d / n,
            "centre": p_bar,
            "sigma": sigma,
            "lcl": np.clip(p_bar - 3 * sigma, 0.0, None),
            "ucl": np.clip(p_bar + 3 * sigma, None, 1.0),
        },
        index=data.index,
    )


def western_electric(values: object, centre: object, sigma: object) -> pd.DataFrame:
    r"""Western Electric out-of-control rules 1-4.

    Parameters
    ----------
    values : array-like or pandas.Series
        The plotted points, in time order.
    centre : float or array-like
        Centre line (one number, or one per point).
    sigma : float or array-like
        Standard deviation of a plotted point (e.g. ``x_sigma`` of :func:`imr_chart`,
        ``xbar_sigma`` of :func:`xbar_r_chart`, ``sigma`` of :func:`p_chart`); positive.

    Returns
    -------
    pandas.DataFrame
        Boolean columns ``rule_1`` ... ``rule_4`` and ``out_of_control`` (any rule), one
        row per point (the Series' index, or 0..n-1).

    Raises
    ------
    ValueError
        On missing or infinite values, a non-positive sigma, or lengths that differ.

    Notes
    -----
    With :math:`z_i = (x_i - \text{centre}_i)/\sigma_i`, a point is flagged when it
    *completes* the pattern, i.e. the point itself belongs to it:

    1. :math:`|z_i| > 3`.
    2. :math:`z_i > 2` and at least 2 of :math:`z_{i-2}, z_{i-1}, z_i` are :math:`> 2`
       (or the same below :math:`-2`).
    3. :math:`z_i > 1` and at least 4 of the 5 points ending at :math:`i` are
       :math:`> 1` (or the same below :math:`-1`).
    4. The 8 points ending at :math:`i` are all :math:`> 0` (or all :math:`< 0`); every
       further point of a longer run is flagged too. A point on the centre line breaks
       a run.

    Limits are strict: a point exactly on a limit is not beyond it. Windows at the start
    use the points available (2 of the first 2 points beyond 2 sigma is flagged).

    References
    ----------
    Western Electric Company (1956). *Statistical Quality Control Handbook*. Indianapolis.
    Montgomery, D. C. (2009). *Introduction to Statistical Quality Control* (6th ed.),
    Section 5.3.6. Wiley.

    Examples
    --------
    Point 1 is beyond 3 sigma; point 3 is the second of three beyond 2 sigma, and so is
    point 4 (with point 3):

    >>> rules = western_electric([0, 3.5, 0, 2.5, 2.5], centre=0, sigma=1)
    >>> rules.index[rules["rule_1"]].tolist(), rules.index[rules["rule_2"]].tolist()
    ([1], [3, 4])
    """
    x, _ = _check_values(values, "values")
    index = values.index if isinstance(values, pd.Series) else pd.RangeIndex(len(x))
    c, _ = _check_values(centre, "centre")
    s, _ = _check_values(sigma, "sigma", lo=0)
    for name, arr in (("centre", c), ("sigma", s)):
        if arr.size not in (1, x.size):
            raise ValueError(
                f"argument '{name}' has {arr.size} values but 'values' has {x.size}; pass "
                f"one number or one per point."
            )
    if (s <= 0).any():
        raise ValueError(
            "argument 'sigma' must be positive; a chart with sigma 0 has no zones (check "
            "that the limits were computed from varying data)."
        )
    z = (x - c) / s

    def rule(zone: float, k: int, m: int) -> np.ndarray:
        hit = np.zeros(z.size, dtype=bool)
        for side in (z > zone, z < -zone):
            count = pd.Series(side.astype(float)).rolling(k, min_periods=1).sum().to_numpy()
            hit |= side & (count >= m)
        return hit

    above = pd.Series((z > 0).astype(float)).rolling(8).sum().to_numpy() == 8
    below = pd.Series((z < 0).astype(float)).rolling(8).sum().to_numpy() == 8
    out = pd.DataFrame(
        {
            "rule_1": np.abs(z) > 3,
            "rule_2": rule(2.0, 3, 2),
            "rule_3": rule(1.0, 5, 4),
            "rule_4": above | below,
        },
        index=index,
    )
    out["out_of_control"] = out.any(axis=1)
    return out


# ----------------------------------------------------------------------------- Improve


@dataclass(frozen=True)
class BeforeAfter:
    """A before/after comparison of a process (see :func:`before_after`).

    ``effect`` is described by ``effect_label``; ``median_ratio`` is always
    ``median_after / median_before``.
    """

    test: str
    n_before: int
    n_after: int
    mean_before: float
    mean_after: float
    median_before: float
    median_after: float
    effect: float
    effect_label: str
    ci_low: float
    ci_high: float
    ci: float
    statistic: float
    p_value: float

    @property
    def median_ratio(self) -> float:
        """Observed ratio of medians, after / before."""
        return self.median_after / self.median_before


def _welch(a: np.ndarray, b: np.ndarray, ci: float) -> tuple[float, float, float, float, float]:
    """Welch t for mean(a) - mean(b): difference, ci_low, ci_high, t, two-sided p."""
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    se = np.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    diff = a.mean() - b.mean()
    t = diff / se
    p = 2 * stats.t.sf(abs(t), df)
    half = stats.t.ppf(0.5 + ci / 2, df) * se
    return float(diff), float(diff - half), float(diff + half), float(t), float(p)


def _mann_whitney(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """U of sample a and its two-sided p (normal approximation, ties, continuity)."""
    n1, n2 = a.size, b.size
    ranks = stats.rankdata(np.concatenate([a, b]))
    u = ranks[:n1].sum() - n1 * (n1 + 1) / 2
    _, ties = np.unique(ranks, return_counts=True)
    n = n1 + n2
    var = n1 * n2 / 12 * ((n + 1) - (ties**3 - ties).sum() / (n * (n - 1)))
    z = (abs(u - n1 * n2 / 2) - 0.5) / np.sqrt(var)
    return float(u), float(min(1.0, 2 * stats.norm.sf(z)))


def _median_ratio_interval(
    a: np.ndarray, b: np.ndarray, ci: float, n_boot: int, seed: int
) -> tuple[float, float]:
    """Percentile bootstrap interval of median(a) / median(b), groups resampled apart."""
    rng = np.random.default_rng(seed)
    ratios = np.empty(n_boot)
    chunk = max(1, min(n_boot, 2_000_000 // max(a.size, b.size)))
    for start in range(0, n_boot, chunk):  # chunks of resamples, to bound memory
        k = min(chunk, n_boot - start)
        ma = np.median(a[rng.integers(0, a.size, size=(k, a.size))], axis=1)
        mb = np.median(b[rng.integers(0, b.size, size=(k, b.size))], axis=1)
        ratios[start : start + k] = ma / mb
    alpha = (1 - ci) / 2
    lo, hi = np.quantile(ratios, [alpha, 1 - alpha])
    return float(lo), float(hi)


def before_after(
    tickets: pd.DataFrame,
    *,
    change: str | pd.Timestamp = "2024-01-01",
    value: str | None = None,
    date: str = "opened_at",
    opened: str = "opened_at",
    closed: str = "closed_at",
    test: str = "welch-log",
    ci: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
) -> BeforeAfter:
    r"""Compare a process before and after a change, with a two-sided test.

    Parameters
    ----------
    tickets : pandas.DataFrame
        The ``tickets`` table (or any table with ``date`` and ``value``).
    change : str or Timestamp, default "2024-01-01"
        The change date (the kit's service process change). Rows with
        ``date < change`` are *before*, the rest *after*.
    value : str, optional
        Numeric column to compare; by default the resolution time in hours from
        ``opened`` and ``closed`` (see :func:`resolution_hours`).
    date : str, default "opened_at"
        Column that places each row before or after the change.
    opened, closed : str
        Timestamp columns used when ``value`` is None.
    test : {"welch-log", "welch", "mann-whitney"}, default "welch-log"
        ``"welch-log"``: Welch's t test on log values (for positive, right-skewed data
        such as times); effect = ratio of geometric means after/before, with its
        interval. ``"welch"``: Welch's t on raw values; effect = difference of means
        after - before. ``"mann-whitney"``: Mann-Whitney U (normal approximation with tie
        and continuity corrections); effect = ratio of medians after/before with a
        percentile bootstrap interval.
    ci : float, default 0.95
        Confidence level of the effect's interval.
    n_boot, seed : int
        Bootstrap resamples and seed (``"mann-whitney"`` only).

    Returns
    -------
    BeforeAfter
        ``test``, ``n_before``, ``n_after``, means, medians, ``effect``,
        ``effect_label``, ``ci_low``, ``ci_high``, ``ci``, ``statistic`` (t of after minus
        before, or U of the after group), ``p_value`` (two-sided); property
        ``median_ratio``.

    Raises
    ------
    ValueError
        On missing or mistyped columns, fewer than 2 rows on either side of the change,
        a value of 0 or below with ``"welch-log"``, no variation, or an unknown test.

    Notes
    -----
    Welch: with :math:`v_j = s_j^2/n_j`,

    .. math:: t = \frac{\bar y_A - \bar y_B}{\sqrt{v_A + v_B}},\qquad
              \nu = \frac{(v_A + v_B)^2}{v_A^2/(n_A-1) + v_B^2/(n_B-1)}

    on :math:`y = \ln x` for ``"welch-log"``, where the effect is
    :math:`e^{\bar y_A - \bar y_B}` (for lognormal times, the ratio of medians).
    Mann-Whitney: :math:`U = R_A - n_A(n_A+1)/2`,
    :math:`z = (|U - n_An_B/2| - 1/2)/\sigma_U` with the tie-corrected
    :math:`\sigma_U^2 = \frac{n_An_B}{12}\bigl(n+1 - \frac{\sum (t^3-t)}{n(n-1)}\bigr)`.

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when several different
    population variances are involved. *Biometrika*, 34, 28-35. Mann, H. B., & Whitney,
    D. R. (1947). On a test of whether one of two random variables is stochastically
    larger than the other. *Annals of Mathematical Statistics*, 18, 50-60.

    Examples
    --------
    >>> t = pd.DataFrame({
    ...     "opened_at": pd.to_datetime(["2023-12-01"] * 3 + ["2024-02-01"] * 3),
    ...     "hours": [40.0, 50.0, 60.0, 20.0, 25.0, 30.0]})
    >>> r = before_after(t, value="hours", test="welch")
    >>> r.effect, round(r.statistic, 3), r.median_ratio
    (-25.0, -3.873, 0.5)
    """
    check_choice(test, "test", ["welch-log", "welch", "mann-whitney"])
    ci = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    n_boot = check_number(n_boot, "n_boot", lo=100, integer=True)
    seed = check_number(seed, "seed", lo=0, integer=True)
    change_at = check_date(change, "change")
    if value is None:
        check_frame(tickets, _TICKETS, {date: Dates()}, params={date: "date"})
        x = resolution_hours(tickets, opened=opened, closed=closed)
        name = "resolution_hours"
    else:
        check_frame(tickets, _TICKETS, {date: Dates(), value: Numeric()}, params={date: "date"})
        x = tickets[value].astype(float)
        name = value
    if (tickets[date].dt.tz is None) != (change_at.tzinfo is None):
        raise ValueError(
            f"column '{date}' in table 'tickets' and argument 'change' mix time-zone-aware "
            f"and naive timestamps; the kit's data are naive: pass change without a time "
            f"zone, or tz_localize one of them."
        )
    after_mask = (tickets[date] >= change_at).to_numpy()
    before_v, after_v = x.to_numpy()[~after_mask], x.to_numpy()[after_mask]
    for label, arr in (("before", before_v), ("after", after_v)):
        if arr.size < 2:
            raise ValueError(
                f"column '{date}' in table 'tickets' puts {arr.size} row"
                f"{'' if arr.size == 1 else 's'} {label} the change on "
                f"{change_at.date()}; each side needs at least 2: check 'change'."
            )
    if test == "welch-log":
        bad = (x <= 0).to_numpy()
        if bad.any():
            pos = int(np.argmax(bad))
            raise ValueError(
                f"'{name}' in table 'tickets' has values of 0 or below (e.g. "
                f"{x.iloc[pos]:g} in row {tickets.index[pos]}), which have no logarithm; "
                f"use test='welch' or test='mann-whitney'."
            )
    if before_v.std() == 0 and after_v.std() == 0:
        raise ValueError(
            f"'{name}' in table 'tickets' does not vary on either side of the change; "
            f"there is nothing to test."
        )
    if test == "mann-whitney":
        stat, p = _mann_whitney(after_v, before_v)
        effect = float(np.median(after_v) / np.median(before_v))
        lo, hi = _median_ratio_interval(after_v, before_v, ci, n_boot, seed)
        label = "ratio of medians, after / before"
    elif test == "welch-log":
        diff, lo, hi, stat, p = _welch(np.log(after_v), np.log(before_v), ci)
        effect, lo, hi = float(np.exp(diff)), float(np.exp(lo)), float(np.exp(hi))
        label = "ratio of geometric means, after / before"
    else:
        effect, lo, hi, stat, p = _welch(after_v, before_v, ci)
        label = "difference of means, after - before"
    return BeforeAfter(
        test=test,
        n_before=int(before_v.size),
        n_after=int(after_v.size),
        mean_before=float(before_v.mean()),
        mean_after=float(after_v.mean()),
        median_before=float(np.median(before_v)),
        median_after=float(np.median(after_v)),
        effect=effect,
        effect_label=label,
        ci_low=lo,
        ci_high=hi,
        ci=ci,
        statistic=stat,
        p_value=p,
    )
