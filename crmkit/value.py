r"""Customer value: RFM, customer lifetime value (CLV) and customer profitability.

Notebook 06 asks *with which customers should we build relationships?* This module gives
the three classic answers, each computed from the kit's tables (see ``data/README.md``):

- **RFM** (Hughes 1994): :func:`rfm_summary` (recency, frequency, monetary value and
  tenure per customer), :func:`rfm_scores` (1-5 scores, the "545" cell) and
  :func:`rfm_segments` (named segments from a documented rule table).
- **CLV**: :func:`clv_simple` and :func:`clv_finite` (the margin multiple of Gupta &
  Lehmann 2003), :func:`clv_from_data` (that formula with margin and retention estimated
  from the orders) and :func:`cohort_clv` (the empirical form: cumulative discounted margin
  per acquired customer, cohort by age, in the spirit of Berger & Nasr 1998).
- **Profitability**: :func:`customer_profitability` (revenue less the costs each customer
  causes), :func:`whale_curve` and :func:`unprofitable_tail` (the unprofitable customers
  that the HSE indicator of notebook 01 proposes to cut), and the examination of that
  proposal: :func:`unprofitable_kinds` and :func:`unprofitable_profile` (who they are) and
  :func:`profit_without` (what profit would be without them, when some costs stay).

Conventions are arguments, never hidden: the observation end, the time unit, whether
frequency counts repeat purchases only, whether monetary value is a mean or a total, the
discount rate and its period. Note in particular that RFM *recency* here is the time from
a customer's last purchase to the observation end (Hughes's recency); the ``lifetimes``
package calls "recency" the time from the first to the last purchase, which is
``tenure - recency`` in this module's terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmkit._customers import customer_attribute
from crmkit._validate import (
    Category,
    Dates,
    Numeric,
    Text,
    check_choice,
    check_date,
    check_frame,
    check_known,
    check_number,
)

__all__ = [
    "rfm_summary",
    "rfm_scores",
    "rfm_segments",
    "DEFAULT_RFM_SCHEME",
    "clv_simple",
    "clv_finite",
    "clv_from_data",
    "cohort_clv",
    "customer_profitability",
    "whale_curve",
    "profit_deciles",
    "unprofitable_tail",
    "UnprofitableTail",
    "UNPROFITABLE_KINDS",
    "unprofitable_kinds",
    "unprofitable_profile",
    "profit_without",
    "DropScenario",
]

_DAY_NS = 86_400 * 10**9
#: Length of one time unit in days. Months and years are average Gregorian ones
#: (365.2425 days a year), the same as ``numpy.timedelta64(1, "M")`` and ``"Y"``.
_UNIT_DAYS = {"D": 1.0, "W": 7.0, "M": 365.2425 / 12, "Y": 365.2425}
#: Periods per year for the period-based CLV functions.
_PERIODS_PER_YEAR = {"Y": 1, "Q": 4, "M": 12}
#: When margins arrive in the margin-multiple CLV (see clv_simple).
_CLV_TIMINGS = ("end", "start", "perpetuity")


# ----------------------------------------------------------------------------- helpers


def _to_ns(values: pd.Series) -> np.ndarray:
    """Datetimes as int64 nanoseconds, whatever the column's resolution."""
    return values.to_numpy(dtype="datetime64[ns]").view("int64")


def _observation_end(value: object, last_ns: int, name: str = "observation_end") -> int:
    """The observation end as int64 nanoseconds; ``None`` means the last date in the data."""
    if value is None:
        return int(last_ns)
    return int(check_date(value, name).as_unit("ns").value)


def _check_not_after(dates_ns: np.ndarray, end_ns: int, series: pd.Series, column: str) -> None:
    """Raise if any date is after the observation end (nothing is dropped silently)."""
    late = dates_ns > end_ns
    if late.any():
        pos = int(np.argmax(late))
        raise ValueError(
            f"column '{column}' in table 'order_lines' has {int(late.sum())} dates after the "
            f"observation end {pd.Timestamp(end_ns).date()} (e.g. "
            f"{pd.Timestamp(dates_ns[pos]).date()} in row {series.index[pos]}); pass a later "
            f"observation_end or filter the orders first, e.g. "
            f"order_lines[order_lines['{column}'] <= end]."
        )


def _group_starts(sorted_keys: np.ndarray) -> np.ndarray:
    """Positions where a new run of equal keys begins in a sorted array."""
    if sorted_keys.size == 0:
        return np.zeros(0, dtype=np.intp)
    return np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])


def _orders_from_lines(
    data: pd.DataFrame,
    customer: str,
    date: str,
    amount: str,
    order: str | None,
    extra: Sequence[str] = (),
    sortable_key: bool = True,
) -> dict[str, np.ndarray]:
    """Aggregate order lines to purchases, vectorised.

    Returns arrays over purchases: ``cust`` (customer code into ``customers``), ``t``
    (int64 ns), ``value`` (sum of ``amount``), ``key`` (a code that sorts as the order id
    when ``sortable_key``, else an arbitrary order code: sorting 10^5 string ids is slow),
    one array per ``extra`` column (sum), and ``customers`` (the sorted customer labels).
    Raises if one order id has lines with different customers or dates.
    """
    cust_codes, customers = pd.factorize(data[customer], sort=True)
    t = _to_ns(data[date])
    if order is None:
        day = t // _DAY_NS
        combined = cust_codes.astype(np.int64) * (int(day.max() - day.min()) + 1) + (
            day - day.min()
        )
        ord_codes = combined  # one purchase per (customer, day); sorts by customer, day
    else:
        ord_codes, ord_labels = pd.factorize(data[order])
        if sortable_key:
            rank = np.empty(len(ord_labels), dtype=np.int64)
            rank[np.argsort(np.asarray(ord_labels, dtype=object), kind="stable")] = np.arange(
                len(ord_labels)
            )
            ord_codes = rank[ord_codes]
    idx = np.argsort(ord_codes, kind="stable")
    oc = ord_codes[idx]
    starts = _group_starts(oc)
    c = cust_codes[idx]
    ts = t[idx]
    if order is not None:
        for arr, column in ((c, customer), (ts, date)):
            lo = np.minimum.reduceat(arr, starts)
            hi = np.maximum.reduceat(arr, starts)
            bad = lo != hi
            if bad.any():
                first = int(np.flatnonzero(bad)[0])
                rows = idx[starts[first] : (starts[first + 1] if first + 1 < starts.size else None)]
                shown = ", ".join(repr(str(v)) for v in pd.unique(data[column].iloc[rows])[:3])
                raise ValueError(
                    f"column '{column}' in table 'order_lines' has different values within "
                    f"order {data[order].iloc[rows[0]]!r} ({shown}); every line of an order "
                    f"must carry the same {column}: fix the order_id or the {column} values."
                )
    out = {
        "cust": c[starts],
        "t": np.minimum.reduceat(ts, starts) if order is None else ts[starts],
        "value": np.add.reduceat(data[amount].to_numpy(dtype="float64")[idx], starts),
        "key": oc[starts],
        "customers": np.asarray(customers),
    }
    for column in extra:
        out[column] = np.add.reduceat(data[column].to_numpy(dtype="float64")[idx], starts)
    return out


def _as_array(value: object, name: str) -> tuple[np.ndarray, bool]:
    """A number or array-like of numbers as a float array, and whether it was a scalar."""
    if isinstance(value, (bool, np.bool_)) or isinstance(value, str):
        raise TypeError(
            f"argument '{name}' must be a number or an array of numbers but is the "
            f"{type(value).__name__} {value!r}."
        )
    if np.isscalar(value):
        check_number(value, name)
        return np.asarray(float(value)), True
    try:
        arr = np.asarray(value, dtype="float64")
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"argument '{name}' must be a number or an array of numbers but is "
            f"{type(value).__name__} that cannot be read as numbers."
        ) from err
    if arr.size == 0:
        raise ValueError(f"argument '{name}' is empty; pass at least one number.")
    bad = ~np.isfinite(arr)
    if bad.any():
        pos = int(np.argmax(bad.ravel()))
        raise ValueError(
            f"argument '{name}' must hold finite numbers but has {arr.ravel()[pos]} at "
            f"position {pos}; fill or drop missing values before calling."
        )
    return arr, False


def _check_range(
    arr: np.ndarray, name: str, lo: float | None, hi: float | None, why: str, scalar: bool
) -> None:
    """Range check for a scalar (via check_number's wording) or an array."""
    if scalar:
        check_number(float(arr), name, lo=lo, hi=hi, why=why)
        return
    bad = np.zeros(arr.shape, dtype=bool)
    if lo is not None:
        bad |= arr < lo
    if hi is not None:
        bad |= arr > hi
    if bad.any():
        pos = int(np.argmax(bad.ravel()))
        rule = (
            f"between {lo:g} and {hi:g} (inclusive)"
            if lo is not None and hi is not None
            else (f"at least {lo:g}" if lo is not None else f"at most {hi:g}")
        )
        raise ValueError(
            f"argument '{name}' must be {rule} but has {arr.ravel()[pos]:g} at position "
            f"{pos}; {why}."
        )


def _clv_inputs(
    margin: object, retention: object, discount_rate: object, *, infinite: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    m, m_scalar = _as_array(margin, "margin")
    r, r_scalar = _as_array(retention, "retention")
    i, i_scalar = _as_array(discount_rate, "discount_rate")
    _check_range(r, "retention", 0, 1, "a retention rate is the share of customers kept", r_scalar)
    _check_range(
        i,
        "discount_rate",
        0,
        None,
        "the discount rate per period is a non-negative share, e.g. 0.1 for 10%",
        i_scalar,
    )
    try:
        m, r, i = np.broadcast_arrays(m, r, i)
    except ValueError as err:
        raise ValueError(
            f"arguments 'margin', 'retention' and 'discount_rate' have shapes {m.shape}, "
            f"{r.shape} and {i.shape}, which do not broadcast; pass numbers or arrays of "
            f"one length."
        ) from err
    bad = r >= 1 + i
    if infinite and bad.any():
        raise ValueError(
            "retention 1 with a discount rate of 0 makes the lifetime value infinite "
            "(retention must be below 1 + discount_rate); use a positive discount rate or "
            "a finite horizon with clv_finite()."
        )
    return m, r, i, m_scalar and r_scalar and i_scalar


def _period_codes(dates_ns: np.ndarray, period: str) -> np.ndarray:
    """Integer period index (years, quarters or months since year 0) of each date."""
    d = dates_ns.astype("datetime64[ns]")
    year = d.astype("datetime64[Y]").astype(np.int64) + 1970
    month = d.astype("datetime64[M]").astype(np.int64) % 12
    if period == "Y":
        return year
    if period == "Q":
        return year * 4 + month // 3
    return year * 12 + month


def _period_start_ns(code: np.ndarray | int, period: str) -> np.ndarray:
    """First instant (int64 ns) of the period with this code; vectorised."""
    code = np.asarray(code, dtype=np.int64)
    if period == "Y":
        months = (code - 1970) * 12
    elif period == "Q":
        months = (code // 4 - 1970) * 12 + (code % 4) * 3
    else:
        months = code - 1970 * 12
    return months.astype("datetime64[M]").astype("datetime64[ns]").view("int64")


def _period_label(code: np.ndarray, period: str) -> list[str]:
    if period == "Y":
        return [str(int(c)) for c in code]
    if period == "Q":
        return [f"{int(c) // 4}Q{int(c) % 4 + 1}" for c in code]
    return [f"{int(c) // 12}-{int(c) % 12 + 1:02d}" for c in code]


def _last_complete_period(end_ns: int | None, last_order_ns: int, period: str) -> int:
    """Code of the last whole period on or before the observation end.

    With no observation end the extract is taken to cover whole periods: the period of the
    last order counts as complete.
    """
    if end_ns is None:
        return int(_period_codes(np.array([last_order_ns]), period)[0])
    code = int(_period_codes(np.array([end_ns]), period)[0])
    next_start = int(_period_start_ns(code + 1, period))
    # the period is whole if the observation end reaches its last day
    return code if end_ns + _DAY_NS >= next_start else code - 1


def _calendar_codes(dates_ns: np.ndarray, period: str) -> np.ndarray:
    """Integer index of each date's calendar day, week (Monday to Sunday) or month."""
    day = np.floor_divide(dates_ns, _DAY_NS)
    if period == "D":
        return day
    if period == "W":
        return np.floor_divide(day + 3, 7)  # 1970-01-01 was a Thursday; weeks start Monday
    return dates_ns.astype("datetime64[ns]").astype("datetime64[M]").astype(np.int64)


def _annual_to_period(rate: float, period: str) -> float:
    """Equivalent per-period rate of an annual rate: (1 + i)^(1/k) - 1."""
    return float((1.0 + rate) ** (1.0 / _PERIODS_PER_YEAR[period]) - 1.0)


_ORDER_AMOUNT_WHY = "order amounts are non-negative revenue in USD"


# ----------------------------------------------------------------------------- RFM


def rfm_summary(
    order_lines: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "revenue",
    order: str | None = "order_id",
    observation_end: object = None,
    time_unit: str | None = None,
    frequency: str = "orders",
    monetary: str = "mean",
    period: str | None = None,
) -> pd.DataFrame:
    r"""Recency, frequency, monetary value and tenure of each customer.

    Parameters
    ----------
    order_lines : pandas.DataFrame
        One row per order line (table ``order_lines``). Lines are first added up to
        purchases: an order with three lines is one purchase worth the sum of its lines.
    customer, date, amount, order : str
        Column names: the customer key, the order date, the amount (USD) and the order key.
        With ``order=None`` every distinct (customer, calendar day) is one purchase, the
        convention of the ``lifetimes`` package.
    observation_end : date-like, optional
        The date at which recency and tenure are measured. Default ``None``: the latest
        order date in ``order_lines`` (for the kit's data, pass ``"2024-12-31"``, the
        extract's observation end). Orders after it raise an error.
    time_unit : {"D", "W", "M", "Y"}, optional
        Unit of recency and tenure: days, weeks (7 days), months (365.2425/12 days) or
        years (365.2425 days); values are exact fractions, not rounded. Default ``None``:
        days, or with ``period`` the period itself (giving another unit then raises).
    frequency : {"orders", "repeat"}
        ``"orders"`` (default) counts every purchase; ``"repeat"`` counts repeat purchases
        only (purchases after the first), as ``lifetimes`` and the BG/NBD model do.
    monetary : {"mean", "total"}
        Mean (default) or total value of the purchases that ``frequency`` counts. With
        ``frequency="repeat"`` it covers repeat purchases only, and is 0.0 for a customer
        without any (the ``lifetimes`` convention).
    period : {"D", "W", "M"}, optional
        Count purchases in calendar periods: a *purchase* becomes a calendar day, week
        (Monday to Sunday) or month with at least one order, worth the sum of its orders,
        so two orders in one month count once with ``period="M"``. Recency and tenure are
        then whole periods between the period of the last (first) purchase and the period
        of ``observation_end`` (0 = a purchase in the observation end's own period), as
        ``lifetimes``'s ``summary_data_from_transaction_data(freq=...)`` counts them.
        Default ``None``: every order is a purchase and times are exact.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), with columns ``recency`` (time units from the last
        purchase to the observation end), ``frequency`` (int), ``monetary`` (USD),
        ``tenure`` (time units from the first purchase to the observation end),
        ``first_order`` and ``last_order`` (dates). Only customers with at least one order
        appear.

    Raises
    ------
    ValueError
        If a column is missing, has the wrong type or missing values; if an amount is
        negative; if an order's lines disagree on the customer or the date; if an order is
        dated after ``observation_end``; if an option is not one of its choices.
    TypeError
        If ``order_lines`` is not a DataFrame.

    Notes
    -----
    For customer :math:`c` with purchases at times :math:`t_{c1} \le \dots \le t_{cn_c}`
    and values :math:`v_{c1}, \dots, v_{cn_c}`, observation end :math:`T` and time unit
    :math:`u`:

    .. math::

        R_c = \frac{T - t_{cn_c}}{u}, \qquad \text{tenure}_c = \frac{T - t_{c1}}{u},
        \qquad F_c = n_c \ \text{(or } n_c - 1\text{)}, \qquad
        M_c = \frac{1}{F_c} \sum_{j \in \text{counted}} v_{cj} \ \text{(or the sum)}.

    With ``frequency="repeat"`` the first purchase is the earliest one; orders on the same
    earliest date are ordered by order key. ``lifetimes``'s ``recency`` equals
    ``tenure - recency`` here and its ``T`` equals ``tenure``.

    With a calendar ``period`` :math:`p(\cdot)` (the integer index of a date's day, week or
    month), the purchases are the distinct periods :math:`P_c = \{p(t_{cj})\}` with value
    :math:`V_{ck} = \sum_{j: p(t_{cj}) = k} v_{cj}`, and

    .. math::

        R_c = p(T) - \max P_c, \qquad \text{tenure}_c = p(T) - \min P_c, \qquad
        F_c = |P_c| \ \text{(or } |P_c| - 1\text{)}.

    A customer who orders weekly has a monthly frequency of at most one a month: the
    period is a convention to state, as the CLV literature does (Fader, Hardie & Lee 2005
    count repeat purchases and measure time in weeks in their CDNOW example).

    The whole computation is vectorised (one sort and a few ``reduceat`` calls); there is
    no loop over customers.

    References
    ----------
    Hughes, A. M. (1994). *Strategic Database Marketing*. Probus.
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
    way: an alternative to the Pareto/NBD model. *Marketing Science* 24(2), 275-284.

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "order_id": ["O1", "O1", "O2", "O3"],
    ...     "customer_id": ["C1", "C1", "C1", "C2"],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-21",
    ...                                   "2024-01-11"]),
    ...     "revenue": [30.0, 10.0, 60.0, 25.0]})
    >>> rfm_summary(lines, observation_end="2024-01-31")[["recency", "frequency", "monetary",
    ...                                                   "tenure"]]
                 recency  frequency  monetary  tenure
    customer_id
    C1              10.0          2      50.0    30.0
    C2              20.0          1      25.0    20.0
    >>> rfm_summary(lines, observation_end="2024-01-31", frequency="repeat")["monetary"].tolist()
    [60.0, 0.0]

    In calendar months, C1's two January orders are one purchase worth 100:

    >>> rfm_summary(lines, observation_end="2024-02-29", period="M")[["recency", "frequency",
    ...                                                               "monetary", "tenure"]]
                 recency  frequency  monetary  tenure
    customer_id
    C1               1.0          1     100.0     1.0
    C2               1.0          1      25.0     1.0
    """
    if time_unit is not None:
        check_choice(time_unit, "time_unit", list(_UNIT_DAYS))
    if period is not None:
        check_choice(period, "period", ["D", "W", "M"])
        if time_unit is not None and time_unit != period:
            raise ValueError(
                f"argument 'time_unit' is {time_unit!r} but 'period' is {period!r}: with a "
                f"calendar period, recency and tenure are counted in that period; leave "
                f"time_unit out (or pass time_unit={period!r})."
            )
    check_choice(frequency, "frequency", ["orders", "repeat"])
    check_choice(monetary, "monetary", ["mean", "total"])
    columns = {
        customer: Text(),
        date: Dates(),
        amount: Numeric(lo=0, why=_ORDER_AMOUNT_WHY),
    }
    params = {customer: "customer", date: "date", amount: "amount"}
    if order is not None:
        columns[order] = Text()
        params[order] = "order"
    check_frame(order_lines, "order_lines", columns, params=params)

    t_all = _to_ns(order_lines[date])
    end = _observation_end(observation_end, t_all.max())
    _check_not_after(t_all, end, order_lines[date], date)

    # the order key only matters to pick the first purchase among same-day orders
    p = _orders_from_lines(
        order_lines, customer, date, amount, order, sortable_key=frequency == "repeat"
    )
    # sort purchases by customer, then date, then order key
    idx = np.lexsort((p["key"], p["t"], p["cust"]))
    cust, t, value = p["cust"][idx], p["t"][idx], p["value"][idx]
    starts = _group_starts(cust)
    ends = np.r_[starts[1:], cust.size] - 1
    first_t, last_t = t[starts], t[ends]
    if period is not None:
        # one purchase per (customer, calendar period), worth the sum of its orders
        code = _calendar_codes(t, period)
        new = np.r_[True, (cust[1:] != cust[:-1]) | (code[1:] != code[:-1])]
        heads = np.flatnonzero(new)
        cust, value, code = cust[heads], np.add.reduceat(value, heads), code[heads]
        starts = _group_starts(cust)
        ends = np.r_[starts[1:], cust.size] - 1
    n = np.diff(np.r_[starts, cust.size])
    total = np.add.reduceat(value, starts)

    if frequency == "repeat":
        freq = n - 1
        money_total = total - value[starts]
    else:
        freq = n
        money_total = total
    if monetary == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            money = np.where(freq > 0, money_total / np.maximum(freq, 1), 0.0)
    else:
        money = np.where(freq > 0, money_total, 0.0)

    if period is not None:
        end_code = int(_calendar_codes(np.array([end], dtype=np.int64), period)[0])
        recency = (end_code - code[ends]).astype("float64")
        tenure = (end_code - code[starts]).astype("float64")
    else:
        unit_ns = _UNIT_DAYS[time_unit or "D"] * _DAY_NS
        recency, tenure = (end - last_t) / unit_ns, (end - first_t) / unit_ns
    index = pd.Index(p["customers"][cust[starts]], name=customer)
    return pd.DataFrame(
        {
            "recency": recency,
            "frequency": freq.astype(np.int64),
            "monetary": money.astype("float64"),
            "tenure": tenure,
            "first_order": first_t.astype("datetime64[ns]"),
            "last_order": last_t.astype("datetime64[ns]"),
        },
        index=index,
    )


def _quantile_scores(values: pd.Series, bins: int, descending: bool) -> np.ndarray:
    """Equal-count scores 1..bins; ties broken by the index order (sorted labels)."""
    n = len(values)
    # order by value, then by index label, so the result does not depend on row order
    label_rank = values.index.argsort(kind="stable")
    label_pos = np.empty(n, dtype=np.int64)
    label_pos[label_rank] = np.arange(n)
    v = values.to_numpy(dtype="float64")
    order = np.lexsort((label_pos, -v if descending else v))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(1, n + 1)
    return np.ceil(rank * bins / n).astype(np.int64)


def rfm_scores(
    summary: pd.DataFrame,
    *,
    bins: int = 5,
    recency: str = "recency",
    frequency: str = "frequency",
    monetary: str = "monetary",
) -> pd.DataFrame:
    r"""Quantile scores for recency, frequency and monetary value, the RFM cell and sum.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per customer, as returned by :func:`rfm_summary` (index = customer).
    bins : int
        Number of score levels (default 5, quintiles), from 2 to 9.
    recency, frequency, monetary : str
        Column names in ``summary``.

    Returns
    -------
    pandas.DataFrame
        Same index as ``summary``, with integer columns ``r_score``, ``f_score``,
        ``m_score`` (1 to ``bins``; ``bins`` is best: most recent, most frequent, highest
        value), ``rfm_cell`` (str, e.g. ``"545"``) and ``rfm_score`` (the sum, 3 to
        ``3 * bins``).

    Raises
    ------
    ValueError
        If a column is missing or invalid, the index repeats a customer, there are fewer
        customers than ``bins``, or ``bins`` is out of range.

    Notes
    -----
    Customers are ranked on each measure (recency descending, so the most recent is
    ranked last and scores highest) and the ranks :math:`k = 1, \dots, n` are cut into
    ``bins`` groups of equal size (sizes differ by at most one):

    .. math:: s = \left\lceil \frac{b\,k}{n} \right\rceil .

    Ties are split like ``rank(method="first")`` in the order of the (sorted) customer
    labels, as Hughes's sort-and-cut method does; the scores therefore do not depend on the
    row order. Frequency has many ties (many customers buy once), so equal frequencies can
    get neighbouring scores: read ``f_score`` as a rank, not a count.

    References
    ----------
    Hughes, A. M. (1994). *Strategic Database Marketing*. Probus.

    Examples
    --------
    >>> import pandas as pd
    >>> summary = pd.DataFrame({"recency": [5.0, 40.0, 10.0, 90.0],
    ...                         "frequency": [6, 1, 3, 2],
    ...                         "monetary": [80.0, 20.0, 55.0, 30.0]},
    ...                        index=pd.Index(["C1", "C2", "C3", "C4"], name="customer_id"))
    >>> rfm_scores(summary, bins=2)
                 r_score  f_score  m_score rfm_cell  rfm_score
    customer_id
    C1                 2        2        2      222          6
    C2                 1        1        1      111          3
    C3                 2        2        2      222          6
    C4                 1        1        1      111          3
    """
    bins = check_number(bins, "bins", lo=2, hi=9, integer=True, why="RFM cells use one digit")
    check_frame(
        summary,
        "rfm_summary",
        {
            recency: Numeric(lo=0, why="recency is a time since the last purchase"),
            frequency: Numeric(lo=0, why="frequency is a count of purchases"),
            monetary: Numeric(why="monetary value is an amount in USD"),
        },
        params={recency: "recency", frequency: "frequency", monetary: "monetary"},
        min_rows=bins,
    )
    if summary.index.has_duplicates:
        dup = summary.index[summary.index.duplicated()][0]
        raise ValueError(
            f"the index of table 'rfm_summary' should identify each customer but {dup!r} "
            f"repeats; pass one row per customer, e.g. the output of rfm_summary()."
        )
    r = _quantile_scores(summary[recency], bins, descending=True)
    f = _quantile_scores(summary[frequency], bins, descending=False)
    m = _quantile_scores(summary[monetary], bins, descending=False)
    cell = pd.Series(r.astype(str), index=summary.index)
    cell = cell + f.astype(str) + m.astype(str)
    return pd.DataFrame(
        {
            "r_score": r,
            "f_score": f,
            "m_score": m,
            "rfm_cell": cell.to_numpy(),
            "rfm_score": r + f + m,
        },
        index=summary.index,
    )


#: The default segment rules on 1-5 recency and frequency scores. Each rule is
#: (segment, (lowest r_score, highest r_score), (lowest f_score, highest f_score)); the
#: first rule that matches wins. Together they cover all 25 (r, f) cells.
DEFAULT_RFM_SCHEME: tuple[tuple[str, tuple[int, int], tuple[int, int]], ...] = (
    ("Champions", (5, 5), (4, 5)),
    ("Loyal customers", (3, 4), (4, 5)),
    ("Potential loyalists", (3, 5), (2, 3)),
    ("New customers", (4, 5), (1, 1)),
    ("At risk", (1, 2), (3, 4)),
    ("Can't lose them", (1, 2), (5, 5)),
    ("Hibernating", (2, 3), (1, 2)),
    ("Lost", (1, 1), (1, 2)),
)


def rfm_segments(
    scores: pd.DataFrame,
    *,
    scheme: Sequence[tuple[str, tuple[int, int], tuple[int, int]]] | None = None,
    r_score: str = "r_score",
    f_score: str = "f_score",
) -> pd.Series:
    r"""Named RFM segments from recency and frequency scores.

    Parameters
    ----------
    scores : pandas.DataFrame
        Output of :func:`rfm_scores` (one row per customer).
    scheme : sequence of (name, (r_lo, r_hi), (f_lo, f_hi)), optional
        The rule table; a customer gets the first rule whose inclusive score ranges contain
        its ``(r_score, f_score)``. Default ``None``: :data:`DEFAULT_RFM_SCHEME`, for
        1-5 scores (see Notes).
    r_score, f_score : str
        Column names in ``scores``.

    Returns
    -------
    pandas.Series
        Categorical segment names (categories in the scheme's order), same index as
        ``scores``, named ``"segment"``.

    Raises
    ------
    ValueError
        If a column is missing or invalid, a rule is malformed, or a customer's
        (r, f) cell matches no rule.

    Notes
    -----
    The default rule table (R = recency score, F = frequency score, 5 = best):

    ===================  ======  ======
    segment              R       F
    ===================  ======  ======
    Champions            5       4-5
    Loyal customers      3-4     4-5
    Potential loyalists  3-5     2-3
    New customers        4-5     1
    At risk              1-2     3-4
    Can't lose them      1-2     5
    Hibernating          2-3     1-2
    Lost                 1       1-2
    ===================  ======  ======

    The segment of customer :math:`c` is :math:`\min\{k : R_c \in [a_k, b_k],\ F_c \in
    [d_k, e_k]\}`. The names follow common practice in RFM segmentation (the R x F grid);
    the cut-offs are a teaching convention, not a published standard, so they are a
    parameter. Monetary value is left out of the naming, as in that practice; use
    ``m_score`` to rank within a segment.

    References
    ----------
    Hughes, A. M. (1994). *Strategic Database Marketing*. Probus.
    Kumar, V. & Reinartz, W. (2018). *Customer Relationship Management: Concept, Strategy,
    and Tools* (3rd ed.). Springer, ch. 6 (RFM).

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"r_score": [5, 1, 4, 2], "f_score": [5, 5, 1, 1]},
    ...                       index=pd.Index(["C1", "C2", "C3", "C4"], name="customer_id"))
    >>> rfm_segments(scores).tolist()
    ['Champions', "Can't lose them", 'New customers', 'Hibernating']
    """
    rules = DEFAULT_RFM_SCHEME if scheme is None else scheme
    names: list[str] = []
    try:
        parsed = []
        for rule in rules:
            name, (r_lo, r_hi), (f_lo, f_hi) = rule
            if not isinstance(name, str) or not all(
                isinstance(x, (int, np.integer)) and not isinstance(x, bool)
                for x in (r_lo, r_hi, f_lo, f_hi)
            ):
                raise TypeError
            parsed.append((name, int(r_lo), int(r_hi), int(f_lo), int(f_hi)))
            names.append(name)
    except (TypeError, ValueError) as err:
        raise ValueError(
            "argument 'scheme' must be a sequence of (name, (r_lo, r_hi), (f_lo, f_hi)) "
            "rules with a str name and whole-number scores, e.g. "
            "[('Champions', (5, 5), (4, 5)), ...]; see DEFAULT_RFM_SCHEME."
        ) from err
    if not parsed:
        raise ValueError("argument 'scheme' has no rules; pass at least one rule.")
    check_frame(
        scores,
        "rfm_scores",
        {
            r_score: Numeric(lo=1, integer=True, why="scores are ranks from 1"),
            f_score: Numeric(lo=1, integer=True, why="scores are ranks from 1"),
        },
        params={r_score: "r_score", f_score: "f_score"},
    )
    r = scores[r_score].to_numpy(dtype=np.int64)
    f = scores[f_score].to_numpy(dtype=np.int64)
    conditions = [(r >= a) & (r <= b) & (f >= c) & (f <= d) for _, a, b, c, d in parsed]
    code = np.select(conditions, list(range(len(parsed))), default=-1)
    miss = code < 0
    if miss.any():
        pos = int(np.argmax(miss))
        hint = (
            " the default scheme is for 1-5 scores, so pass your own scheme for other bins"
            if scheme is None
            else " add a rule for it"
        )
        raise ValueError(
            f"no rule of the segment scheme matches r_score={r[pos]}, f_score={f[pos]} "
            f"(customer {scores.index[pos]!r}) in table 'rfm_scores';{hint}."
        )
    categories = list(dict.fromkeys(names))
    labels = np.asarray(names, dtype=object)[code]
    return pd.Series(
        pd.Categorical(labels, categories=categories), index=scores.index, name="segment"
    )


# ----------------------------------------------------------------------------- CLV


def clv_simple(
    margin: float | np.ndarray,
    retention: float | np.ndarray,
    discount_rate: float | np.ndarray,
    *,
    timing: str = "end",
) -> float | np.ndarray:
    r"""Customer lifetime value with constant margin and retention over an infinite horizon.

    Parameters
    ----------
    margin : float or array-like
        Margin per period of a retained customer, USD (may be negative).
    retention : float or array-like
        Share of customers kept from one period to the next, 0 to 1.
    discount_rate : float or array-like
        Discount rate **per period** (the same period as margin and retention), >= 0; for
        an annual rate ``a`` and quarterly periods use ``(1 + a) ** 0.25 - 1``.
    timing : {"end", "start", "perpetuity"}
        When the margins arrive; the three conventions of the literature (see Notes).
        ``"end"`` (default, Gupta & Lehmann): margins arrive at the end of each period the
        customer survives, so even the first one is kept with probability ``r``; today's
        margin is not counted. ``"start"``: the margin of the current period is received
        now and then at the start of every later period (Berger & Nasr's case 1 without
        promotion costs). ``"perpetuity"``: margins arrive at the end of each period and
        the first one is certain (retention applies from the second period on): the
        growing-perpetuity formula :math:`m / (1 + i - r)`, without ``r`` in the numerator.

    Returns
    -------
    float or numpy.ndarray
        A float when all inputs are numbers, else an array of the broadcast shape.

    Raises
    ------
    ValueError
        If retention is outside 0-1, the discount rate is negative, a value is not finite,
        or retention is 1 with a zero discount rate (infinite value).
    TypeError
        If an input is not a number or array of numbers.

    Notes
    -----
    .. math::

        \text{CLV}_{\text{end}} = \sum_{t=1}^{\infty} \frac{m\,r^t}{(1+i)^t}
            = m \frac{r}{1 + i - r}, \qquad
        \text{CLV}_{\text{start}} = \sum_{t=0}^{\infty} \frac{m\,r^t}{(1+i)^t}
            = m \frac{1 + i}{1 + i - r}, \qquad
        \text{CLV}_{\text{perpetuity}} = \sum_{t=1}^{\infty} \frac{m\,r^{t-1}}{(1+i)^t}
            = \frac{m}{1 + i - r}.

    :math:`r / (1 + i - r)` is Gupta & Lehmann's *margin multiple*: with 80% retention and
    a 12% discount rate a customer is worth 2.5 years of margin. The three conventions
    differ by constant factors, :math:`\text{start} = (1 + i)\,\text{perpetuity}` and
    :math:`\text{end} = r\,\text{perpetuity}`, so state the one you use: at 80%
    retention and 10% discount they give 2.67, 3.67 and 3.33 periods of margin.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing* 17(1), 9-24.
    Berger, P. D. & Nasr, N. I. (1998). Customer lifetime value: marketing models and
    applications. *Journal of Interactive Marketing* 12(1), 17-30.

    Examples
    --------
    >>> clv_simple(100.0, 0.8, 0.12)
    250.0
    >>> clv_simple(100.0, [0.6, 0.9], 0.10).round(2)
    array([120., 450.])
    >>> [round(clv_simple(100.0, 0.8, 0.10, timing=t), 2) for t in ("end", "start", "perpetuity")]
    [266.67, 366.67, 333.33]
    """
    check_choice(timing, "timing", list(_CLV_TIMINGS))
    m, r, i, scalar = _clv_inputs(margin, retention, discount_rate)
    numerator = {"end": r, "start": 1.0 + i, "perpetuity": 1.0}[timing]
    value = m * numerator / (1.0 + i - r)
    return float(value) if scalar else value


def clv_finite(
    margin: float | np.ndarray,
    retention: float | np.ndarray,
    discount_rate: float | np.ndarray,
    periods: int,
    *,
    timing: str = "end",
) -> float | np.ndarray:
    r"""Customer lifetime value over a finite number of periods.

    Parameters
    ----------
    margin, retention, discount_rate : float or array-like
        As in :func:`clv_simple` (discount rate per period).
    periods : int
        Number of margins counted, >= 1: periods 1..T with ``timing="end"`` and
        ``"perpetuity"``, periods 0..T-1 with ``timing="start"``.
    timing : {"end", "start", "perpetuity"}
        As in :func:`clv_simple`.

    Returns
    -------
    float or numpy.ndarray
        A float when all inputs are numbers, else an array.

    Raises
    ------
    ValueError
        As :func:`clv_simple`, or if ``periods`` is not a whole number >= 1.

    Notes
    -----
    With :math:`q = r / (1 + i)`:

    .. math::

        \text{CLV}_{\text{end}}(T) = m \sum_{t=1}^{T} q^t = m\, q \frac{1 - q^T}{1 - q},
        \qquad \text{CLV}_{\text{start}}(T) = m \sum_{t=0}^{T-1} q^t
            = m \frac{1 - q^T}{1 - q},

    :math:`\text{CLV}_{\text{perpetuity}}(T) = \text{CLV}_{\text{start}}(T) / (1 + i)`
    (the same margins, each received one period later), and :math:`m T` (or the limit)
    when :math:`q = 1`. As :math:`T \to \infty` it tends to :func:`clv_simple`.

    References
    ----------
    Berger, P. D. & Nasr, N. I. (1998). Customer lifetime value: marketing models and
    applications. *Journal of Interactive Marketing* 12(1), 17-30.
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing* 17(1), 9-24.

    Examples
    --------
    >>> round(clv_finite(100.0, 0.5, 0.0, 2), 2)
    75.0
    >>> round(clv_finite(100.0, 0.5, 0.0, 2, timing="perpetuity"), 2)
    150.0
    """
    check_choice(timing, "timing", list(_CLV_TIMINGS))
    periods = check_number(periods, "periods", lo=1, integer=True, why="count whole periods")
    m, r, i, scalar = _clv_inputs(margin, retention, discount_rate, infinite=False)
    q = r / (1.0 + i)
    with np.errstate(invalid="ignore", divide="ignore"):
        geometric = np.where(
            q == 1.0, float(periods), (1.0 - q**periods) / np.where(q == 1.0, 1.0, 1.0 - q)
        )
    factor = {"end": q, "start": 1.0, "perpetuity": 1.0 / (1.0 + i)}[timing]
    value = m * geometric * factor
    return float(value) if scalar else value


def _order_line_rules(customer: str, date: str, amount: str, cost: str) -> tuple[dict, dict]:
    columns = {
        customer: Text(),
        date: Dates(),
        amount: Numeric(lo=0, why=_ORDER_AMOUNT_WHY),
        cost: Numeric(lo=0, why="the cost of goods is a non-negative amount in USD"),
    }
    params = {customer: "customer", date: "date", amount: "amount", cost: "cost"}
    return columns, params


def clv_from_data(
    order_lines: pd.DataFrame,
    *,
    customers: pd.DataFrame | None = None,
    by: str | None = None,
    period: str = "Y",
    discount_rate: float = 0.1,
    observation_end: object = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "revenue",
    cost: str = "cost",
) -> pd.DataFrame:
    r"""CLV by the margin multiple, with margin and retention estimated from the orders.

    Parameters
    ----------
    order_lines : pandas.DataFrame
        Table ``order_lines``; margin per line is ``amount - cost``.
    customers : pandas.DataFrame, optional
        Table ``customers``; needed with ``by``.
    by : str, optional
        A column of ``customers`` (e.g. ``"segment"``) to estimate one CLV per group.
        Default ``None``: one row, labelled ``"all"``.
    period : {"Y", "Q", "M"}
        Calendar period of margin and retention: years (default), quarters or months.
    discount_rate : float
        **Annual** discount rate (default 0.1); converted to the period as
        :math:`(1 + i)^{1/k} - 1` with :math:`k` periods a year.
    observation_end : date-like, optional
        Last day of the data. Periods that end after it are incomplete and left out.
        Default ``None``: the extract covers whole periods, up to the period of the last
        order. Orders after it raise an error.
    customer, date, amount, cost : str
        Column names in ``order_lines``.

    Returns
    -------
    pandas.DataFrame
        One row per group (index named ``by`` or ``"group"``) with ``periods`` (complete
        periods used), ``active_customers`` (mean number of active customers per period),
        ``margin`` (margin per active customer per period, USD), ``retention`` (share of a
        period's active customers active again in the next period), ``discount_rate`` (per
        period), ``margin_multiple`` and ``clv`` (USD, :func:`clv_simple` with
        ``timing="end"``).

    Raises
    ------
    ValueError
        If a table or column is invalid, an order is dated after ``observation_end``, a
        customer of ``order_lines`` is missing from ``customers``, fewer than two complete
        periods are covered, or a group has no customer active before its last period.

    Notes
    -----
    A customer is *active* in period :math:`t` if they ordered in it. Over complete periods
    :math:`t = 1..P`, with :math:`A_t` the active set and :math:`M_t` the total margin:

    .. math::

        \hat m = \frac{\sum_{t=1}^{P} M_t}{\sum_{t=1}^{P} |A_t|}, \qquad
        \hat r = \frac{\sum_{t=1}^{P-1} |A_t \cap A_{t+1}|}{\sum_{t=1}^{P-1} |A_t|}, \qquad
        \text{CLV} = \hat m \frac{\hat r}{1 + i_p - \hat r}.

    Retention is pooled over the period pairs (a weighted mean of the yearly rates), and a
    customer who skips a period and comes back counts as lost and re-won: this is the
    "lost for good" reading of Jackson (1985) that the simple formula assumes.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
    Marketing* 17(1), 9-24.
    Jackson, B. B. (1985). *Winning and Keeping Industrial Customers*. Lexington Books.

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "customer_id": ["A", "B", "A", "A"],
    ...     "order_date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-02-01",
    ...                                   "2024-06-01"]),
    ...     "revenue": [100.0, 50.0, 100.0, 100.0], "cost": [60.0, 30.0, 60.0, 60.0]})
    >>> out = clv_from_data(lines, discount_rate=0.0)
    >>> out[["margin", "retention", "clv"]].round(4)
            margin  retention   clv
    group
    all       35.0     0.6667  70.0
    """
    period = check_choice(period, "period", list(_PERIODS_PER_YEAR))
    annual = check_number(
        discount_rate, "discount_rate", lo=0, why="an annual rate such as 0.1 for 10%"
    )
    columns, params = _order_line_rules(customer, date, amount, cost)
    check_frame(order_lines, "order_lines", columns, params=params)
    t = _to_ns(order_lines[date])
    end = None if observation_end is None else _observation_end(observation_end, t.max())
    if end is not None:
        _check_not_after(t, end, order_lines[date], date)

    group_of_line = _group_labels(order_lines, customers, by, customer)
    last = _last_complete_period(end, int(t.max()), period)
    p = _period_codes(t, period)
    first = int(p.min())
    if last - first + 1 < 2:
        raise ValueError(
            f"table 'order_lines' covers {max(last - first + 1, 0)} complete period(s) of "
            f"'{period}' but retention needs at least 2; use a shorter period (e.g. "
            f"period='Q') or more data."
        )
    keep = p <= last
    cust_codes, _ = pd.factorize(order_lines[customer])
    g_codes, g_labels = pd.factorize(group_of_line, sort=True)
    n_periods = last - first + 1
    margin_line = order_lines[amount].to_numpy(dtype="float64") - order_lines[cost].to_numpy(
        dtype="float64"
    )
    # unique (customer, period) activity, with the customer's group
    key = cust_codes[keep].astype(np.int64) * (n_periods + 1) + (p[keep] - first)
    uniq, first_pos = np.unique(key, return_index=True)
    g_active = g_codes[keep][first_pos]
    period_active = uniq % (n_periods + 1)
    retained = np.isin(uniq + 1, uniq) & (period_active < n_periods - 1)
    at_risk = period_active < n_periods - 1
    n_groups = len(g_labels)
    active = np.bincount(g_active, minlength=n_groups).astype(float)
    base = np.bincount(g_active, weights=at_risk, minlength=n_groups)
    kept = np.bincount(g_active, weights=retained, minlength=n_groups)
    margin_total = np.bincount(g_codes[keep], weights=margin_line[keep], minlength=n_groups)
    if (base == 0).any():
        bad = g_labels[int(np.argmax(base == 0))]
        raise ValueError(
            f"group {bad!r} of column '{by}' in table 'customers' has no customer active "
            f"before the last complete period, so its retention cannot be estimated; merge "
            f"small groups or use a shorter period."
        )
    retention = kept / base
    i_p = _annual_to_period(annual, period)
    multiple = clv_simple(1.0, retention, i_p)
    margin = margin_total / active
    index = pd.Index(list(g_labels), name=by if by is not None else "group")
    return pd.DataFrame(
        {
            "periods": np.full(n_groups, n_periods, dtype=np.int64),
            "active_customers": active / n_periods,
            "margin": margin,
            "retention": retention,
            "discount_rate": np.full(n_groups, i_p),
            "margin_multiple": multiple,
            "clv": margin * multiple,
        },
        index=index,
    )


def _group_labels(
    order_lines: pd.DataFrame, customers: pd.DataFrame | None, by: str | None, customer: str
) -> np.ndarray:
    """The group of each order line: ``customers[by]`` of its customer, or 'all'."""
    if by is None:
        return np.full(len(order_lines), "all", dtype=object)
    if customers is None:
        raise ValueError(
            f"argument 'by' ({by!r}) names a column of table 'customers', but no customers "
            f"table was given; pass customers=crmkit.data.load('customers')."
        )
    labels = customer_attribute(
        order_lines[customer], customers, by, customer=customer, table="order_lines"
    )
    return labels.astype(object).to_numpy()


def cohort_clv(
    order_lines: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    period: str = "Q",
    discount_rate: float = 0.1,
    observation_end: object = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "revenue",
    cost: str = "cost",
    signup: str = "signup_date",
) -> pd.DataFrame:
    r"""Empirical CLV: cumulative discounted margin per acquired customer, cohort by age.

    Parameters
    ----------
    order_lines : pandas.DataFrame
        Table ``order_lines``; margin per line is ``amount - cost``.
    customers : pandas.DataFrame
        Table ``customers``; the cohort of a customer is the period of ``signup``. Every
        customer counts in the denominator, including those who never ordered.
    period : {"Q", "Y", "M"}
        Calendar period of cohorts and ages (default quarters).
    discount_rate : float
        **Annual** discount rate (default 0.1), converted to the period as
        :math:`(1 + i)^{1/k} - 1`.
    observation_end : date-like, optional
        Last day of the data; cells of periods ending after it are not yet observed.
        Default ``None``: the period of the last order is complete.
    customer, date, amount, cost, signup : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Index ``cohort`` (period labels such as ``"2022Q1"``), columns ``age`` 0, 1, ...
        (periods since acquisition; 0 is the acquisition period), values in USD per
        acquired customer, discounted to the acquisition period. Cells a cohort has not yet
        reached are NaN by design (the upper-right triangle); every observed cell is a
        number.

    Raises
    ------
    ValueError
        If a table or column is invalid, a customer of ``order_lines`` is not in
        ``customers``, an order precedes its customer's signup date, or a date is after
        ``observation_end``.

    Notes
    -----
    For cohort :math:`c` with :math:`N_c` acquired customers and total margin
    :math:`M_{c,a}` of their orders in age :math:`a`:

    .. math::

        \text{CLV}_{c}(k) = \frac{1}{N_c} \sum_{a=0}^{k} \frac{M_{c,a}}{(1 + i_p)^{a}}.

    Margins of the acquisition period are not discounted. Read along a row: how much a
    customer of that cohort has been worth after :math:`k` periods; the last observed
    value of old cohorts is a lower bound of their lifetime value. Acquisition costs are
    not subtracted (compare the curve with ``customers.acquisition_cost``).

    References
    ----------
    Berger, P. D. & Nasr, N. I. (1998). Customer lifetime value: marketing models and
    applications. *Journal of Interactive Marketing* 12(1), 17-30.
    Gupta, S., Lehmann, D. R. & Stuart, J. A. (2004). Valuing customers. *Journal of
    Marketing Research* 41(1), 7-18.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"customer_id": ["A", "B"],
    ...     "signup_date": pd.to_datetime(["2022-01-15", "2022-02-01"])})
    >>> lines = pd.DataFrame({"customer_id": ["A", "A"],
    ...     "order_date": pd.to_datetime(["2022-01-20", "2023-03-01"]),
    ...     "revenue": [100.0, 100.0], "cost": [60.0, 60.0]})
    >>> cohort_clv(lines, customers, period="Y", discount_rate=0.0)
    age        0     1
    cohort
    2022    20.0  40.0
    """
    period = check_choice(period, "period", list(_PERIODS_PER_YEAR))
    annual = check_number(
        discount_rate, "discount_rate", lo=0, why="an annual rate such as 0.1 for 10%"
    )
    columns, params = _order_line_rules(customer, date, amount, cost)
    check_frame(order_lines, "order_lines", columns, params=params)
    check_frame(
        customers,
        "customers",
        {customer: Text(), signup: Dates()},
        params={customer: "customer", signup: "signup"},
        unique=customer,
    )
    check_known(
        order_lines[customer],
        pd.Index(customers[customer]),
        column=customer,
        table="order_lines",
        other="customers",
    )
    t = _to_ns(order_lines[date])
    s = _to_ns(customers[signup])
    end = None if observation_end is None else _observation_end(observation_end, t.max())
    if end is not None:
        _check_not_after(t, end, order_lines[date], date)
        late = s > end
        if late.any():
            pos = int(np.argmax(late))
            raise ValueError(
                f"column '{signup}' in table 'customers' has {int(late.sum())} dates after the "
                f"observation end {pd.Timestamp(end).date()} (e.g. in row "
                f"{customers.index[pos]}); pass a later observation_end or filter the "
                f"customers first."
            )
    signup_ns = pd.Series(s, index=customers[customer].to_numpy())
    line_signup = signup_ns.reindex(order_lines[customer].to_numpy()).to_numpy()
    early = t < line_signup
    if early.any():
        pos = int(np.argmax(early))
        raise ValueError(
            f"column '{date}' in table 'order_lines' has {int(early.sum())} orders before "
            f"their customer's {signup} (e.g. row {order_lines.index[pos]}, customer "
            f"{order_lines[customer].iloc[pos]!r}); the signup date is the first contact, "
            f"so fix the dates or the signup dates."
        )
    last_ns = int(max(t.max(), s.max()))
    last = _last_complete_period(end, last_ns, period)
    cohort_codes = _period_codes(s, period)
    c0 = int(cohort_codes.min())
    cohorts = np.arange(c0, last + 1)
    if cohorts.size == 0:
        raise ValueError(
            "no complete period after the first signup; pass a later observation_end or "
            "use a shorter period."
        )
    n_cohorts = cohorts.size
    acquired = np.bincount(cohort_codes - c0, minlength=n_cohorts)[:n_cohorts].astype(float)
    line_cohort = _period_codes(line_signup, period) - c0
    age = _period_codes(t, period) - c0 - line_cohort
    keep = (line_cohort + age) <= (last - c0)
    margin = order_lines[amount].to_numpy(dtype="float64") - order_lines[cost].to_numpy(
        dtype="float64"
    )
    i_p = _annual_to_period(annual, period)
    flat = line_cohort[keep] * n_cohorts + age[keep]
    grid = np.bincount(
        flat, weights=margin[keep] / (1.0 + i_p) ** age[keep], minlength=n_cohorts * n_cohorts
    ).reshape(n_cohorts, n_cohorts)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_customer = np.cumsum(grid, axis=1) / acquired[:, None]
    ages = np.arange(n_cohorts)
    observed = (np.arange(n_cohorts)[:, None] + ages[None, :]) <= (last - c0)
    has_customers = acquired > 0
    values = np.where(observed, per_customer, np.nan)[has_customers]
    return pd.DataFrame(
        values,
        index=pd.Index(_period_label(cohorts[has_customers], period), name="cohort"),
        columns=pd.Index(ages, name="age"),
    )


# ----------------------------------------------------------------------------- profitability


def customer_profitability(
    order_lines: pd.DataFrame,
    *,
    channels: pd.DataFrame | None = None,
    interactions: pd.DataFrame | None = None,
    tickets: pd.DataFrame | None = None,
    customers: pd.DataFrame | None = None,
    customer: str = "customer_id",
) -> pd.DataFrame:
    r"""Profit of each customer: revenue less the costs the customer causes.

    Parameters
    ----------
    order_lines : pandas.DataFrame
        Table ``order_lines`` (columns ``order_id``, ``customer_id``, ``revenue``,
        ``cost`` and, with ``channels``, ``channel``).
    channels : pandas.DataFrame, optional
        Table ``channels`` (``channel``, ``cost_per_order``). Default ``None``: no cost of
        sale.
    interactions : pandas.DataFrame, optional
        Table ``interactions`` (``customer_id``, ``interaction_type``, ``handling_cost``).
        Default ``None``: no interaction handling cost.
    tickets : pandas.DataFrame, optional
        Table ``tickets`` (``customer_id``, ``handling_cost``). Default ``None``: no
        ticket cost.
    customers : pandas.DataFrame, optional
        Table ``customers``: if given, the result has one row per customer of it (zeros for
        customers without orders or contacts) and every other table's customers must be in
        it. Default ``None``: the customers found in the other tables.
    customer : str
        The customer key column (``customer_id``) in every table.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), USD columns ``revenue``, ``cogs``, ``cost_of_sale``,
        ``service_cost``, ``profit``, and ``orders`` (int, the number of orders).

    Raises
    ------
    ValueError
        If a table or column is invalid, an order's channel is not in ``channels`` (or an
        order has lines in two channels), or a customer is not in ``customers``.

    Notes
    -----
    For customer :math:`c`:

    .. math::

        \pi_c = \underbrace{\sum_\ell \text{revenue}_\ell}_{\text{revenue}}
              - \underbrace{\sum_\ell \text{cost}_\ell}_{\text{cogs}}
              - \underbrace{\sum_{o} \text{cost\_per\_order}_{\text{channel}(o)}}
                _{\text{cost of sale}}
              - \underbrace{\sum_{k \ne \text{campaign}} h_k + \sum_{j} h_j}
                _{\text{service cost}}

    over the customer's order lines :math:`\ell`, orders :math:`o`, interactions :math:`k`
    other than campaign contacts (inquiries, complaints, service requests; their
    ``handling_cost``) and tickets :math:`j` (their ``handling_cost``, the cost of
    resolving the ticket on top of taking the contact). Campaign contacts are marketing
    spend decided by the company, not cost caused by the customer, and acquisition cost is
    sunk; neither is subtracted (add them yourself for a fully loaded view). This is the
    activity-based customer profitability of Kaplan & Cooper (1998): costs are traced to
    the customer who causes them.

    References
    ----------
    Kaplan, R. S. & Cooper, R. (1998). *Cost & Effect*. Harvard Business School Press,
    ch. 10.
    Kaplan, R. S. & Narayanan, V. G. (2001). Measuring and managing customer
    profitability. *Journal of Cost Management* 15(5), 5-15.

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({"order_id": ["O1", "O1", "O2"], "customer_id": ["A", "A", "B"],
    ...     "channel": ["web", "web", "store"], "revenue": [100.0, 50.0, 40.0],
    ...     "cost": [60.0, 30.0, 25.0]})
    >>> channels = pd.DataFrame({"channel": ["web", "store"], "cost_per_order": [5.0, 12.0]})
    >>> tickets = pd.DataFrame({"customer_id": ["B"], "handling_cost": [30.0]})
    >>> customer_profitability(lines, channels=channels, tickets=tickets)
                 revenue  cogs  cost_of_sale  service_cost  profit  orders
    customer_id
    A              150.0  90.0           5.0           0.0    55.0       1
    B               40.0  25.0          12.0          30.0   -27.0       1
    """
    money = Numeric(lo=0, why="amounts are non-negative USD")
    line_rules = {customer: Text(), "order_id": Text(), "revenue": money, "cost": money}
    if channels is not None:
        line_rules["channel"] = Category()
    check_frame(order_lines, "order_lines", line_rules, params={customer: "customer"})

    # orders: one row per order, with its customer and (if needed) channel
    order_codes, order_ids = pd.factorize(order_lines["order_id"])
    first_line = np.unique(order_codes, return_index=True)[1]
    order_customer = order_lines[customer].to_numpy()[first_line]
    cust_per_line = order_lines[customer].to_numpy()
    mismatch = cust_per_line != order_customer[order_codes]
    if mismatch.any():
        pos = int(np.argmax(mismatch))
        raise ValueError(
            f"column '{customer}' in table 'order_lines' has different values within order "
            f"{order_ids[order_codes[pos]]!r} (row {order_lines.index[pos]}); every line of "
            f"an order must carry the same customer: fix the order_id or customer_id values."
        )

    revenue = order_lines.groupby(customer, sort=True, observed=True)[["revenue", "cost"]].sum()
    n_orders = pd.Series(order_customer).value_counts()
    cost_of_sale = pd.Series(dtype="float64")
    if channels is not None:
        check_frame(
            channels,
            "channels",
            {"channel": Text(), "cost_per_order": money},
            unique="channel",
        )
        line_channel = order_lines["channel"].astype(object).to_numpy()
        order_channel = line_channel[first_line]
        mixed = line_channel != order_channel[order_codes]
        if mixed.any():
            pos = int(np.argmax(mixed))
            raise ValueError(
                f"column 'channel' in table 'order_lines' has different values within order "
                f"{order_ids[order_codes[pos]]!r} (row {order_lines.index[pos]}); an order "
                f"is sold through one channel: fix the channel values."
            )
        price = pd.Series(
            channels["cost_per_order"].to_numpy(dtype="float64"),
            index=channels["channel"].astype(object).to_numpy(),
        )
        per_order = price.reindex(order_channel)
        if per_order.isna().any():
            missing = sorted({str(c) for c in order_channel[per_order.isna().to_numpy()]})
            raise ValueError(
                f"column 'channel' in table 'order_lines' has channels that table 'channels' "
                f"does not list ({', '.join(repr(c) for c in missing)}); add them to "
                f"'channels' with their cost_per_order."
            )
        cost_of_sale = pd.Series(per_order.to_numpy(), index=order_customer).groupby(level=0).sum()

    service = []
    if interactions is not None:
        check_frame(
            interactions,
            "interactions",
            {customer: Text(), "interaction_type": Category(), "handling_cost": money},
            params={customer: "customer"},
        )
        not_campaign = interactions["interaction_type"].astype(object) != "campaign_contact"
        service.append(
            interactions.loc[not_campaign.to_numpy()]
            .groupby(customer, observed=True)["handling_cost"]
            .sum()
        )
    if tickets is not None:
        check_frame(
            tickets,
            "tickets",
            {customer: Text(), "handling_cost": money},
            params={customer: "customer"},
        )
        service.append(tickets.groupby(customer, observed=True)["handling_cost"].sum())

    ids = [revenue.index, *[s.index for s in service]]
    if customers is not None:
        check_frame(customers, "customers", {customer: Text()}, unique=customer)
        known = pd.Index(customers[customer])
        tables = [("order_lines", order_lines)]
        if interactions is not None:
            tables.append(("interactions", interactions))
        if tickets is not None:
            tables.append(("tickets", tickets))
        for name, table in tables:
            check_known(table[customer], known, column=customer, table=name, other="customers")
        index = known.sort_values()
    else:
        index = ids[0]
        for extra in ids[1:]:
            index = index.union(extra)
        index = index.sort_values()
    index = pd.Index(index.astype(object), name=customer)

    def aligned(series: pd.Series) -> np.ndarray:
        series = series.copy()
        series.index = series.index.astype(object)
        return series.reindex(index, fill_value=0.0).to_numpy(dtype="float64")

    rev = aligned(revenue["revenue"])
    cogs = aligned(revenue["cost"])
    cos = aligned(cost_of_sale) if len(cost_of_sale) else np.zeros(len(index))
    svc = np.zeros(len(index))
    for part in service:
        svc = svc + aligned(part)
    return pd.DataFrame(
        {
            "revenue": rev,
            "cogs": cogs,
            "cost_of_sale": cos,
            "service_cost": svc,
            "profit": rev - cogs - cos - svc,
            "orders": aligned(n_orders).astype(np.int64),
        },
        index=index,
    )


def whale_curve(profitability: pd.DataFrame, *, profit: str = "profit") -> pd.DataFrame:
    r"""The whale curve: cumulative profit against the share of customers, best first.

    Parameters
    ----------
    profitability : pandas.DataFrame
        One row per customer, e.g. from :func:`customer_profitability`.
    profit : str
        Column with each customer's profit (USD).

    Returns
    -------
    pandas.DataFrame
        Customers sorted by profit, highest first (ties by index label), with
        ``rank`` (1 = most profitable), ``profit``, ``customer_share`` (share of customers
        up to this one, 0-1), ``cumulative_profit`` (USD) and ``cumulative_profit_pct``
        (% of total profit; it rises above 100 and falls back to 100 when there are
        unprofitable customers: the whale's hump).

    Raises
    ------
    ValueError
        If the column is missing or invalid, or total profit is not positive (the
        percentage would have no meaning; plot ``cumulative_profit`` instead).

    Notes
    -----
    With profits sorted :math:`\pi_{(1)} \ge \dots \ge \pi_{(n)}` and :math:`\Pi = \sum
    \pi`:

    .. math::

        x_k = \frac{k}{n}, \qquad y_k = 100 \, \frac{\sum_{j \le k} \pi_{(j)}}{\Pi}.

    Kaplan & Cooper report that typically the most profitable 20% of customers earn
    150-300% of total profit and the least profitable 10-20% lose 50-200% of it.

    References
    ----------
    Kaplan, R. S. & Cooper, R. (1998). *Cost & Effect*. Harvard Business School Press.
    Kaplan, R. S. & Narayanan, V. G. (2001). Measuring and managing customer
    profitability. *Journal of Cost Management* 15(5), 5-15.

    Examples
    --------
    >>> import pandas as pd
    >>> prof = pd.DataFrame({"profit": [-20.0, 100.0, 20.0, 0.0]},
    ...                     index=pd.Index(["A", "B", "C", "D"], name="customer_id"))
    >>> whale_curve(prof)[["customer_share", "cumulative_profit_pct"]]
                 customer_share  cumulative_profit_pct
    customer_id
    B                      0.25                  100.0
    C                      0.50                  120.0
    D                      0.75                  120.0
    A                      1.00                  100.0
    """
    check_frame(
        profitability,
        "profitability",
        {profit: Numeric(why="profit is an amount in USD")},
        params={profit: "profit"},
    )
    values = profitability[profit].to_numpy(dtype="float64")
    total = float(values.sum())
    if not total > 0:
        raise ValueError(
            f"column '{profit}' in table 'profitability' sums to {total:.2f}, but the whale "
            f"curve expresses profit as a % of a positive total; with zero or negative total "
            f"profit look at cumulative profit in USD instead."
        )
    n = values.size
    label_rank = profitability.index.argsort(kind="stable")
    label_pos = np.empty(n, dtype=np.int64)
    label_pos[label_rank] = np.arange(n)
    order = np.lexsort((label_pos, -values))
    sorted_profit = values[order]
    cumulative = np.cumsum(sorted_profit)
    return pd.DataFrame(
        {
            "rank": np.arange(1, n + 1),
            "profit": sorted_profit,
            "customer_share": np.arange(1, n + 1) / n,
            "cumulative_profit": cumulative,
            "cumulative_profit_pct": 100.0 * cumulative / total,
        },
        index=profitability.index[order],
    )


def profit_deciles(
    profitability: pd.DataFrame, *, bins: int = 10, profit: str = "profit"
) -> pd.DataFrame:
    r"""The profitability distribution: customers in equal groups, most profitable first.

    Parameters
    ----------
    profitability : pandas.DataFrame
        One row per customer, e.g. from :func:`customer_profitability`.
    bins : int, default 10
        Number of groups (10: deciles), from 2 to 100.
    profit : str, default "profit"
        Profit column (USD).

    Returns
    -------
    pandas.DataFrame
        One row per group (index ``group``, 1 = the most profitable), with
        ``customers``, ``profit`` (total, USD), ``share_of_profit`` (% of total profit;
        negative for groups that lose money), ``mean_profit``, ``min_profit`` and
        ``max_profit`` (USD).

    Raises
    ------
    ValueError
        If the column is missing or invalid, there are fewer customers than ``bins``,
        ``bins`` is out of range, or total profit is not positive.

    Notes
    -----
    Customers are ranked by profit, highest first (ties by index label, as in
    :func:`whale_curve`), and rank :math:`k` goes to group :math:`\lceil b k / n \rceil`
    (group sizes differ by at most one). The groups' ``share_of_profit`` are the steps of
    the whale curve: they sum to 100, and the cumulative sum peaks where the unprofitable
    groups begin.

    References
    ----------
    Kaplan, R. S. & Cooper, R. (1998). *Cost & Effect*. Harvard Business School Press.

    Examples
    --------
    >>> import pandas as pd
    >>> prof = pd.DataFrame({"profit": [-20.0, 100.0, 20.0, 0.0]},
    ...                     index=pd.Index(["A", "B", "C", "D"], name="customer_id"))
    >>> profit_deciles(prof, bins=2)[["customers", "profit", "share_of_profit"]]
           customers  profit  share_of_profit
    group
    1              2   120.0            120.0
    2              2   -20.0            -20.0
    """
    b = check_number(bins, "bins", lo=2, hi=100, integer=True, why="the number of groups")
    check_frame(
        profitability,
        "profitability",
        {profit: Numeric(why="profit is an amount in USD")},
        params={profit: "profit"},
        min_rows=b,
    )
    values = profitability[profit]
    total = float(values.sum())
    if not total > 0:
        raise ValueError(
            f"column '{profit}' in table 'profitability' sums to {total:.2f}, but shares of "
            f"total profit need a positive total; look at the groups' profit in USD instead."
        )
    group = _quantile_scores(values, b, descending=True)
    out = (
        pd.DataFrame({"group": group, "profit": values.to_numpy(dtype="float64")})
        .groupby("group", sort=True)["profit"]
        .agg(customers="size", profit="sum", mean_profit="mean", min_profit="min", max_profit="max")
    )
    out.insert(2, "share_of_profit", 100.0 * out["profit"] / total)
    return out


@dataclass(frozen=True)
class UnprofitableTail:
    """Summary of the unprofitable customers (see :func:`unprofitable_tail`).

    Attributes
    ----------
    n_customers : int
        Customers in the table.
    n_unprofitable : int
        Customers whose profit is below the threshold (0 by default).
    share_unprofitable : float
        ``n_unprofitable / n_customers``.
    loss : float
        Sum of the unprofitable customers' profit (USD, <= 0).
    total_profit : float
        Sum of all profit (USD).
    profit_of_profitable : float
        Sum of the others' profit (USD): what the company would earn without the tail,
        if cutting them saved every cost traced to them and nothing else changed.
    peak_profit_pct : float
        Highest point of the whale curve: the profitable customers' profit as % of total
        profit. ``None`` when total profit is not positive (a % of it has no meaning).
    peak_customer_share : float
        Share of customers at the peak.
    """

    n_customers: int
    n_unprofitable: int
    share_unprofitable: float
    loss: float
    total_profit: float
    profit_of_profitable: float
    peak_profit_pct: float | None
    peak_customer_share: float


def unprofitable_tail(
    profitability: pd.DataFrame, *, profit: str = "profit", threshold: float = 0.0
) -> UnprofitableTail:
    r"""How many customers lose money, how much, and the height of the whale's hump.

    Parameters
    ----------
    profitability : pandas.DataFrame
        One row per customer, e.g. from :func:`customer_profitability`.
    profit : str
        Column with each customer's profit (USD).
    threshold : float
        A customer is unprofitable if profit is **strictly below** it (default 0: a
        customer who breaks even is not unprofitable).

    Returns
    -------
    UnprofitableTail
        Frozen dataclass: ``n_customers``, ``n_unprofitable``, ``share_unprofitable``,
        ``loss``, ``total_profit``, ``profit_of_profitable``, ``peak_profit_pct``,
        ``peak_customer_share``.

    Raises
    ------
    ValueError
        If the column is missing or invalid, or the table is empty.

    Notes
    -----
    .. math::

        U = \{c : \pi_c < \tau\}, \qquad \text{loss} = \sum_{c \in U} \pi_c, \qquad
        \text{peak} = 100 \frac{\sum_{c \notin U} \pi_c}{\sum_c \pi_c}
        \ \ (\tau = 0).

    The peak of the whale curve is the profit of the profitable customers as a % of total
    profit; with :math:`\tau \ne 0` it is still the curve's maximum. Before cutting the
    tail remember the caveats of notebook 06: costs traced to a customer may not vanish
    with them, and today's unprofitable customer may be tomorrow's profitable one.

    References
    ----------
    Kaplan, R. S. & Narayanan, V. G. (2001). Measuring and managing customer
    profitability. *Journal of Cost Management* 15(5), 5-15.
    HSE (2007), the indicator "cutting unprofitable customers" (syllabus, notebook 01).

    Examples
    --------
    >>> import pandas as pd
    >>> prof = pd.DataFrame({"profit": [-20.0, 100.0, 20.0, 0.0]})
    >>> tail = unprofitable_tail(prof)
    >>> tail.n_unprofitable, tail.share_unprofitable, tail.loss, tail.peak_profit_pct
    (1, 0.25, -20.0, 120.0)
    """
    tau = check_number(threshold, "threshold", why="a profit level in USD")
    check_frame(
        profitability,
        "profitability",
        {profit: Numeric(why="profit is an amount in USD")},
        params={profit: "profit"},
    )
    values = profitability[profit].to_numpy(dtype="float64")
    n = values.size
    bad = values < tau
    total = float(values.sum())
    ordered = np.sort(values)[::-1]
    cumulative = np.cumsum(ordered)
    k = int(np.argmax(cumulative))
    peak = 100.0 * float(cumulative[k]) / total if total > 0 else None
    return UnprofitableTail(
        n_customers=int(n),
        n_unprofitable=int(bad.sum()),
        share_unprofitable=float(bad.mean()),
        loss=float(values[bad].sum()),
        total_profit=total,
        profit_of_profitable=float(values[~bad].sum()),
        peak_profit_pct=peak,
        peak_customer_share=float((k + 1) / n),
    )


#: The kinds of customer :func:`unprofitable_kinds` tells apart, in this order.
UNPROFITABLE_KINDS: tuple[str, ...] = (
    "profitable",
    "deal seeker",
    "one order or none",
    "other unprofitable",
)


def _profit_index(profitability: pd.DataFrame, profit: str) -> pd.Index:
    check_frame(
        profitability,
        "profitability",
        {profit: Numeric(why="profit is an amount in USD")},
        params={profit: "profit"},
    )
    if profitability.index.has_duplicates:
        dup = profitability.index[profitability.index.duplicated()][0]
        raise ValueError(
            f"the index of table 'profitability' should identify each customer but {dup!r} "
            f"repeats; pass one row per customer, e.g. customer_profitability(...)."
        )
    return profitability.index


def unprofitable_kinds(
    profitability: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    profit: str = "profit",
    threshold: float = 0.0,
    promotion_discount: float = 0.3,
    promotion_share: float = 0.5,
    customer: str = "customer_id",
    order: str = "order_id",
    discount: str = "discount",
) -> pd.Series:
    r"""Tell the unprofitable customers apart by behaviour: deal seekers, one-order, other.

    Parameters
    ----------
    profitability : pandas.DataFrame
        One row per customer (index = customer), e.g. from :func:`customer_profitability`.
    order_lines : pandas.DataFrame
        Table ``order_lines`` (``order_id``, ``customer_id``, ``discount``).
    profit : str, default "profit"
        Profit column of ``profitability`` (USD).
    threshold : float, default 0
        Unprofitable means profit strictly below it, as in :func:`unprofitable_tail`.
    promotion_discount : float, default 0.3
        An order is a *promotion order* if its discount (the largest discount of its
        lines) is at least this share.
    promotion_share : float, default 0.5
        A *deal seeker* places at least this share of their orders in the promotion.
    customer, order, discount : str
        Column names in ``order_lines``.

    Returns
    -------
    pandas.Series
        Categorical, index of ``profitability``, named ``"kind"``, categories
        :data:`UNPROFITABLE_KINDS`: ``"profitable"``; among the unprofitable,
        ``"deal seeker"``, then ``"one order or none"`` (at most one order), then
        ``"other unprofitable"``. The first matching kind wins.

    Raises
    ------
    ValueError
        If a table or column is invalid, the profitability index repeats a customer, an
        order's lines name different customers, an ``order_lines`` customer is not in
        ``profitability``, or an option is out of range.

    Notes
    -----
    For customer :math:`c` with orders :math:`o = 1..n_c`, order discount :math:`d_o` and
    profit :math:`\pi_c`:

    .. math::

        s_c = \frac{1}{n_c} \sum_o \mathbf 1[d_o \ge d^*], \qquad
        \text{kind}_c = \begin{cases}
            \text{profitable} & \pi_c \ge \tau \\
            \text{deal seeker} & s_c \ge s^* \\
            \text{one order or none} & n_c \le 1 \\
            \text{other unprofitable} & \text{otherwise.}
        \end{cases}

    The rule is behavioural: the data do not say who is price-sensitive, only who buys
    mostly on deep discount. The three kinds call for different answers (Kaplan &
    Narayanan 2001): reprice the promotion for the first, wait and develop the second,
    look at the cost to serve the third.

    References
    ----------
    Kaplan, R. S. & Narayanan, V. G. (2001). Measuring and managing customer
    profitability. *Journal of Cost Management* 15(5), 5-15.

    Examples
    --------
    >>> import pandas as pd
    >>> prof = pd.DataFrame({"profit": [50.0, -80.0, -3.0, -20.0]},
    ...                     index=pd.Index(["A", "B", "C", "D"], name="customer_id"))
    >>> lines = pd.DataFrame({"order_id": ["O1", "O2", "O3", "O4", "O5", "O6"],
    ...                       "customer_id": ["A", "B", "B", "C", "D", "D"],
    ...                       "discount": [0.0, 0.3, 0.3, 0.0, 0.1, 0.0]})
    >>> unprofitable_kinds(prof, lines).tolist()
    ['profitable', 'deal seeker', 'one order or none', 'other unprofitable']
    """
    index = _profit_index(profitability, profit)
    tau = check_number(threshold, "threshold", why="a profit level in USD")
    d_star = check_number(
        promotion_discount,
        "promotion_discount",
        lo=0,
        hi=1,
        lo_open=True,
        why="a discount is a share of the price, e.g. 0.3 for 30% off",
    )
    s_star = check_number(
        promotion_share,
        "promotion_share",
        lo=0,
        hi=1,
        lo_open=True,
        why="the share of a customer's orders placed in the promotion",
    )
    check_frame(
        order_lines,
        "order_lines",
        {customer: Text(), order: Text(), discount: Numeric(lo=0, hi=1)},
        params={customer: "customer", order: "order", discount: "discount"},
    )
    check_known(
        order_lines[customer],
        index,
        column=customer,
        table="order_lines",
        other="profitability",
        fix="pass the profitability of every customer, e.g. customer_profitability(..., "
        "customers=customers)",
    )
    orders = order_lines.groupby(order, sort=False, observed=True).agg(
        cust=(customer, "first"), n_cust=(customer, "nunique"), disc=(discount, "max")
    )
    if (orders["n_cust"] > 1).any():
        bad = orders.index[(orders["n_cust"] > 1).to_numpy()][0]
        raise ValueError(
            f"column '{customer}' in table 'order_lines' has different values within order "
            f"{bad!r}; every line of an order must carry the same customer."
        )
    promo = (orders["disc"].to_numpy() >= d_star - 1e-12).astype(float)
    per = pd.DataFrame({"cust": orders["cust"].to_numpy(), "promo": promo}).groupby("cust")
    n_orders = per.size().reindex(index, fill_value=0).to_numpy()
    share = per["promo"].mean().reindex(index, fill_value=0.0).to_numpy()
    values = profitability[profit].to_numpy(dtype="float64")
    code = np.select([values >= tau, share >= s_star, n_orders <= 1], [0, 1, 2], default=3)
    return pd.Series(
        pd.Categorical.from_codes(code, categories=list(UNPROFITABLE_KINDS)),
        index=index,
        name="kind",
    )


def unprofitable_profile(
    profitability: pd.DataFrame,
    order_lines: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    by: str | None = None,
    new_days: float = 365,
    observation_end: object = None,
    profit: str = "profit",
    threshold: float = 0.0,
    promotion_discount: float = 0.3,
    promotion_share: float = 0.5,
    customer: str = "customer_id",
    signup: str = "signup_date",
) -> pd.DataFrame:
    r"""Who the unprofitable customers are: each kind's size, profit, margins and newness.

    Parameters
    ----------
    profitability : pandas.DataFrame
        One row per customer (index = customer) with ``revenue``, ``cost_of_sale``,
        ``service_cost`` and ``profit``, as from :func:`customer_profitability`.
    order_lines : pandas.DataFrame
        Table ``order_lines`` (``order_id``, ``customer_id``, ``order_date``, ``revenue``,
        ``cost``, ``discount``).
    customers : pandas.DataFrame
        Table ``customers`` (``customer_id``, ``signup_date`` and the ``by`` column).
    by : str, optional
        A label column of ``customers`` (e.g. ``"segment"``): adds one column per label
        with the number of the kind's customers in it.
    new_days : float, default 365
        A customer is *new* if they signed up at most this many days before
        ``observation_end``.
    observation_end : date-like, optional
        Default: the last order date.
    profit, threshold, promotion_discount, promotion_share : optional
        As in :func:`unprofitable_kinds`, which classifies the customers.
    customer, signup : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row per kind of :data:`UNPROFITABLE_KINDS` (index ``kind``; kinds without
        customers are left out) with ``customers``, ``share`` (of all customers, 0-1),
        ``profit`` (total, USD), ``mean_profit``, ``orders`` (mean per customer),
        ``revenue`` (total), ``promotion_margin`` and ``other_margin`` (revenue minus cost
        of goods of promotion orders and of the other orders, totals), ``cost_to_serve``
        (cost of sale plus service cost, total) and ``new`` (share of the kind's
        customers who are new, 0-1); with ``by``, one count column per label.

    Raises
    ------
    ValueError
        If a table or column is invalid, a customer is missing from a table, an order is
        dated after ``observation_end``, or an option is out of range.

    Notes
    -----
    ``profit = promotion_margin + other_margin - cost_to_serve`` for every kind (the
    margins are those of :func:`customer_profitability`'s revenue minus cogs, split by
    whether the order was a promotion order). A kind whose loss sits in
    ``promotion_margin`` loses money on the offer, not on the relationship: changing the
    offer is the remedy before dropping the customer (Kaplan & Narayanan 2001). A kind of
    new customers with one order has not yet had the time to become profitable; its
    value is a question for the CLV (Haenlein, Kaplan & Schoder 2006).

    References
    ----------
    Kaplan, R. S. & Narayanan, V. G. (2001). Measuring and managing customer
    profitability. *Journal of Cost Management* 15(5), 5-15.
    Haenlein, M., Kaplan, A. M. & Schoder, D. (2006). Valuing the real option of
    abandoning unprofitable customers when calculating customer lifetime value.
    *Journal of Marketing* 70(3), 5-20.

    Examples
    --------
    >>> import pandas as pd
    >>> prof = pd.DataFrame({"revenue": [100.0, 140.0, 20.0], "cost_of_sale": [5.0, 10.0, 5.0],
    ...                      "service_cost": [0.0, 0.0, 3.0], "profit": [35.0, -20.0, -3.0]},
    ...                     index=pd.Index(["A", "B", "C"], name="customer_id"))
    >>> lines = pd.DataFrame({"order_id": ["O1", "O2", "O3", "O4"],
    ...     "customer_id": ["A", "B", "B", "C"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-03-01",
    ...                                   "2024-06-30"]),
    ...     "revenue": [100.0, 70.0, 70.0, 20.0], "cost": [60.0, 75.0, 75.0, 15.0],
    ...     "discount": [0.0, 0.3, 0.3, 0.0]})
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C"],
    ...     "signup_date": pd.to_datetime(["2022-01-05", "2023-02-01", "2024-06-30"])})
    >>> unprofitable_profile(prof, lines, customers)[["customers", "profit",
    ...     "promotion_margin", "new"]]  # doctest: +NORMALIZE_WHITESPACE
                       customers  profit  promotion_margin  new
    kind
    profitable                 1    35.0               0.0  0.0
    deal seeker                1   -20.0             -10.0  0.0
    one order or none          1    -3.0               0.0  1.0
    """
    days = check_number(new_days, "new_days", lo=0, why="a number of days")
    money = Numeric(why="amounts in USD")
    check_frame(
        profitability,
        "profitability",
        {"revenue": money, "cost_of_sale": money, "service_cost": money},
    )
    kinds = unprofitable_kinds(
        profitability,
        order_lines,
        profit=profit,
        threshold=threshold,
        promotion_discount=promotion_discount,
        promotion_share=promotion_share,
        customer=customer,
    )
    columns, params = _order_line_rules(customer, "order_date", "revenue", "cost")
    check_frame(order_lines, "order_lines", columns, params=params)
    check_frame(
        customers,
        "customers",
        {customer: Text(), signup: Dates()},
        params={customer: "customer", signup: "signup"},
        unique=customer,
    )
    index = kinds.index
    check_known(
        pd.Series(index, index=index),
        customers[customer],
        column=customer,
        table="profitability",
        other="customers",
    )
    t = _to_ns(order_lines["order_date"])
    end = _observation_end(observation_end, t.max())
    _check_not_after(t, end, order_lines["order_date"], "order_date")
    signup_ns = pd.Series(_to_ns(customers[signup]), index=customers[customer].to_numpy())
    new = (end - signup_ns.reindex(index).to_numpy()) <= days * _DAY_NS

    line_promo = order_lines.groupby("order_id", sort=False, observed=True)["discount"]
    is_promo = line_promo.transform("max").to_numpy() >= promotion_discount - 1e-12
    margin = order_lines["revenue"].to_numpy(dtype="float64") - order_lines["cost"].to_numpy(
        dtype="float64"
    )
    split = (
        pd.DataFrame({"cust": order_lines[customer].to_numpy(), "promo": is_promo, "m": margin})
        .groupby(["cust", "promo"])["m"]
        .sum()
        .unstack("promo")
        .reindex(index=index, columns=[True, False], fill_value=0.0)
        .fillna(0.0)
    )
    orders = order_lines.groupby(customer, observed=True)["order_id"].nunique()
    frame = pd.DataFrame(
        {
            "kind": kinds.array,
            "profit": profitability[profit].to_numpy(dtype="float64"),
            "orders": orders.reindex(index, fill_value=0).to_numpy(dtype="float64"),
            "revenue": profitability["revenue"].to_numpy(dtype="float64"),
            "promotion_margin": split[True].to_numpy(),
            "other_margin": split[False].to_numpy(),
            "cost_to_serve": (
                profitability["cost_of_sale"] + profitability["service_cost"]
            ).to_numpy(dtype="float64"),
            "new": new.astype(float),
        }
    )
    grouped = frame.groupby("kind", observed=True, sort=True)
    out = grouped.agg(
        customers=("profit", "size"),
        profit=("profit", "sum"),
        mean_profit=("profit", "mean"),
        orders=("orders", "mean"),
        revenue=("revenue", "sum"),
        promotion_margin=("promotion_margin", "sum"),
        other_margin=("other_margin", "sum"),
        cost_to_serve=("cost_to_serve", "sum"),
        new=("new", "mean"),
    )
    out.insert(1, "share", out["customers"] / len(frame))
    out.index = pd.Index([str(k) for k in out.index], name="kind")
    if by is not None:
        labels = customer_attribute(
            pd.Series(index, index=index),
            customers,
            by,
            customer=customer,
            table="profitability",
        )
        counts = pd.crosstab(frame["kind"].astype(str).to_numpy(), labels.to_numpy())
        counts = counts.reindex(index=out.index, fill_value=0)
        for label in counts.columns:
            out[str(label)] = counts[label].to_numpy(dtype=np.int64)
    return out


@dataclass(frozen=True)
class DropScenario:
    """What dropping a set of customers would do to profit (see :func:`profit_without`).

    Attributes
    ----------
    n_customers, n_dropped : int
        Customers in the table, and those dropped.
    profit_now : float
        Total profit of all customers (USD).
    profit_dropped : float
        The dropped customers' traced profit (USD; negative if they lose money).
    costs_kept : float
        Costs traced to the dropped customers that would stay after they leave (USD):
        the costs named in ``kept``, times their share.
    profit_after : float
        ``profit_now - profit_dropped - costs_kept`` (USD).
    change : float
        ``profit_after - profit_now`` (USD).
    """

    n_customers: int
    n_dropped: int
    profit_now: float
    profit_dropped: float
    costs_kept: float
    profit_after: float
    change: float


def profit_without(
    profitability: pd.DataFrame,
    drop: object,
    *,
    kept: Sequence[str] | dict[str, float] = (),
    profit: str = "profit",
) -> DropScenario:
    r"""Total profit if some customers were dropped, when some of their costs stay.

    The whale curve's peak assumes that every cost traced to a customer leaves with the
    customer. Some do not: staff who answer the calls and the stores' costs per order
    stay, at least in the short run. This function states that assumption as an argument.

    Parameters
    ----------
    profitability : pandas.DataFrame
        One row per customer (index = customer) with ``profit`` and the cost columns named
        in ``kept``, as from :func:`customer_profitability`.
    drop : boolean array-like or list of customer labels
        The customers to drop: a boolean mask aligned with the rows (a Series is aligned
        by index), or the labels of the customers.
    kept : sequence of str or dict of str to float, default ()
        Cost columns that would **not** go away with the dropped customers, such as
        ``("service_cost",)``; a dict gives the share of each that stays (0-1). Default:
        every traced cost goes, the whale curve's assumption.
    profit : str, default "profit"
        The profit column.

    Returns
    -------
    DropScenario
        ``n_customers``, ``n_dropped``, ``profit_now``, ``profit_dropped``,
        ``costs_kept``, ``profit_after``, ``change``.

    Raises
    ------
    ValueError
        If a column is missing or invalid, the mask has the wrong length or labels that
        are not customers, or a share in ``kept`` is outside 0-1.
    TypeError
        If ``drop`` or ``kept`` is of the wrong kind.

    Notes
    -----
    With :math:`D` the dropped customers and :math:`k_j` the share of cost :math:`j` that
    stays,

    .. math::

        \Pi_{\text{after}} = \sum_{c \notin D} \pi_c - \sum_{c \in D} \sum_j k_j\,
        \text{cost}_{cj}.

    With ``kept=()`` and :math:`D` the unprofitable customers, :math:`\Pi_{\text{after}}`
    is :attr:`UnprofitableTail.profit_of_profitable`, the whale curve's peak in USD.
    Revenue the dropped customers would have brought later (their CLV) is not in it: it
    is a one-period view.

    References
    ----------
    Kaplan, R. S. & Narayanan, V. G. (2001). Measuring and managing customer
    profitability. *Journal of Cost Management* 15(5), 5-15.
    Haenlein, M., Kaplan, A. M. & Schoder, D. (2006). Valuing the real option of
    abandoning unprofitable customers when calculating customer lifetime value.
    *Journal of Marketing* 70(3), 5-20.

    Examples
    --------
    >>> import pandas as pd
    >>> prof = pd.DataFrame({"profit": [100.0, -10.0], "service_cost": [5.0, 30.0]},
    ...                     index=pd.Index(["A", "B"], name="customer_id"))
    >>> profit_without(prof, ["B"]).profit_after
    100.0
    >>> profit_without(prof, ["B"], kept=("service_cost",)).profit_after
    70.0
    """
    if isinstance(kept, dict):
        shares = {
            str(k): check_number(v, f"kept[{k!r}]", lo=0, hi=1, why="a share of the cost")
            for k, v in kept.items()
        }
    elif isinstance(kept, str) or not isinstance(kept, Sequence):
        raise TypeError(
            f"argument 'kept' must be a list of cost columns, such as ('service_cost',), or "
            f"a dict of column -> share kept, but is {kept!r}."
        )
    else:
        shares = dict.fromkeys((str(k) for k in kept), 1.0)
    check_frame(
        profitability,
        "profitability",
        {
            profit: Numeric(why="profit is an amount in USD"),
            **{c: Numeric(lo=0, why="costs are non-negative USD") for c in shares},
        },
        params={profit: "profit", **dict.fromkeys(shares, "kept")},
    )
    index = _profit_index(profitability, profit)
    mask = _drop_mask(drop, index)
    values = profitability[profit].to_numpy(dtype="float64")
    kept_cost = sum(
        share * float(profitability[c].to_numpy(dtype="float64")[mask].sum())
        for c, share in shares.items()
    )
    now = float(values.sum())
    dropped = float(values[mask].sum())
    after = now - dropped - float(kept_cost)
    return DropScenario(
        n_customers=int(values.size),
        n_dropped=int(mask.sum()),
        profit_now=now,
        profit_dropped=dropped,
        costs_kept=float(kept_cost),
        profit_after=after,
        change=after - now,
    )


def _drop_mask(drop: object, index: pd.Index) -> np.ndarray:
    """A boolean mask over ``index`` from a mask (array or aligned Series) or labels."""
    if isinstance(drop, pd.Series) and pd.api.types.is_bool_dtype(drop):
        missing = drop.index.difference(index)
        if len(missing):
            raise ValueError(
                f"argument 'drop' has labels that are not customers of table "
                f"'profitability' (e.g. {missing[0]!r}); build it from the same table."
            )
        return drop.reindex(index, fill_value=False).to_numpy(dtype=bool)
    if isinstance(drop, str) or not hasattr(drop, "__len__"):
        raise TypeError(
            f"argument 'drop' must be a boolean mask or a list of customer labels but is "
            f"{type(drop).__name__}."
        )
    arr = np.asarray(drop)
    if arr.dtype == bool:
        if arr.shape != (len(index),):
            raise ValueError(
                f"argument 'drop' is a mask of length {arr.size} but table 'profitability' "
                f"has {len(index)} rows; pass one True/False per row."
            )
        return arr
    wanted = pd.Index(arr)
    unknown = wanted.difference(index)
    if len(unknown):
        raise ValueError(
            f"argument 'drop' names {len(unknown)} customer(s) not in table 'profitability' "
            f"(e.g. {unknown[0]!r}); pass labels of its index."
        )
    return index.isin(wanted)
