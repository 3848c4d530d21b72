r"""The Kalakota & Robinson CRM lifecycle: acquire, enhance, retain (notebooks 01 and 03).

Kalakota & Robinson (1999, 2001) describe CRM as three phases of the relationship:
**acquisition** (winning new customers through differentiation), **enhancement** (making
existing customers more profitable by bundling: cross-selling and up-selling) and
**retention** (keeping profitable customers by adapting to them). This module places each
customer in a phase from their orders, with a fourth state, **lapsed**, for relationships
that have gone quiet, and computes the measures of each phase:

- :func:`assign_phase`: each customer's phase, by documented rules with parameters;
- :func:`retention_rate`: retention and churn between two periods, with a Wilson interval;
- :func:`cohort_retention`: the cohort x age retention matrix;
- :func:`phase_kpis`: acquisitions and their cost, cross-sell and up-sell rates,
  share-of-wallet growth, retention and churn in a period;
- :func:`phase_outcomes`: what each phase's customers did next (repeat, cross-sell,
  up-sell, share of wallet): the evidence for each phase's strategy;
- :func:`funnel`: signed up -> first order -> second order -> broad repeat buyer -> active;
- :func:`hse_indicators`: the HSE (2007) effectiveness indicators of a CRM project, before
  and after its launch.

Every date convention is an argument: the observation end (``"2024-12-31"``, the end of
the kit's extract), the activity windows that define "active" and "lapsed", the period.
Orders dated after the observation end are not yet known on that day and are not used
(every function computes its measures *as of* its dates).

References
----------
Kalakota, R., & Robinson, M. (1999). *e-Business: Roadmap for Success*. Addison-Wesley
(2nd ed. *e-Business 2.0*, 2001).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmkit._stats import (
    newcombe_interval,
    poisson_interval,
    ratio_interval,
    stats,
    wilson_interval,
    z_value,
)
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
    "PHASES",
    "RetentionResult",
    "CohortRetention",
    "assign_phase",
    "retention_rate",
    "cohort_retention",
    "phase_kpis",
    "OUTCOME_MEASURES",
    "phase_outcomes",
    "funnel",
    "hse_indicators",
]

#: The four states of :func:`assign_phase`, in the order of the relationship.
PHASES: tuple[str, ...] = ("acquisition", "enhancement", "retention", "lapsed")

_PERIODS = ("M", "Q", "Y")


# ----------------------------------------------------------------------------- helpers


def _check_order_lines(
    order_lines: object,
    *,
    customer: str,
    order_date: str,
    order: str | None = None,
    revenue: str | None = None,
    product: str | None = None,
) -> pd.DataFrame:
    rules: dict[str, object] = {customer: Text(), order_date: Dates()}
    params = {customer: "customer", order_date: "order_date"}
    if order is not None:
        rules[order] = Text()
        params[order] = "order"
    if revenue is not None:
        rules[revenue] = Numeric(lo=0, why="revenue is money received, never negative")
        params[revenue] = "revenue"
    if product is not None:
        rules[product] = Text()
        params[product] = "product"
    return check_frame(order_lines, "order_lines", rules, params=params)


def _check_customers(customers: object, columns: Mapping[str, object], customer: str):
    params = {c: k for c, k in ((customer, "customer"),)}
    params.update({c: kw for c, (_, kw) in columns.items()})
    rules = {customer: Text(), **{c: rule for c, (rule, _) in columns.items()}}
    return check_frame(customers, "customers", rules, params=params, unique=customer)


def _categories(
    order_lines: pd.DataFrame, products: object, product: str, category: str
) -> pd.Series:
    """The category of each order line (aligned with ``order_lines``), validated."""
    products = check_frame(
        products,
        "products",
        {product: Text(), category: Category()},
        params={product: "product", category: "category"},
        unique=product,
    )
    lookup = products.set_index(product)[category]
    check_known(
        order_lines[product],
        lookup.index,
        column=product,
        table="order_lines",
        other="products",
        fix="pass the products table the orders were taken from",
    )
    return pd.Series(
        lookup.reindex(order_lines[product].to_numpy()).astype(str).to_numpy(),
        index=order_lines.index,
    )


def _period_ordinal(dates: pd.Series, period: str) -> np.ndarray:
    """Whole periods since year 0: months (M), quarters (Q) or years (Y)."""
    year = dates.dt.year.to_numpy(dtype=np.int64)
    month = dates.dt.month.to_numpy(dtype=np.int64)
    if period == "M":
        return year * 12 + month - 1
    if period == "Q":
        return year * 4 + (month - 1) // 3
    return year


def _period_label(ordinal: np.ndarray, period: str) -> list[str]:
    if period == "M":
        return [f"{o // 12}-{o % 12 + 1:02d}" for o in ordinal]
    if period == "Q":
        return [f"{o // 4}Q{o % 4 + 1}" for o in ordinal]
    return [str(o) for o in ordinal]


def _ordered_between(
    order_lines: pd.DataFrame,
    customer: str,
    order_date: str,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.Index:
    """Customers with at least one order dated in [start, end] (days, inclusive)."""
    when = order_lines[order_date]
    mask = (when >= start) & (when <= end)
    return pd.Index(order_lines.loc[mask, customer].unique())


def _retention_counts(
    order_lines: pd.DataFrame,
    customer: str,
    order_date: str,
    base: tuple[pd.Timestamp, pd.Timestamp],
    nxt: tuple[pd.Timestamp, pd.Timestamp],
) -> tuple[pd.Index, pd.Series]:
    """The base customers and, for each, whether they ordered in the next period."""
    in_base = _ordered_between(order_lines, customer, order_date, *base)
    in_next = _ordered_between(order_lines, customer, order_date, *nxt)
    retained = pd.Series(in_base.isin(in_next), index=in_base, name="retained")
    return in_base, retained


# ----------------------------------------------------------------------------- phases


def assign_phase(
    order_lines: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    products: pd.DataFrame | None = None,
    observation_end: str | pd.Timestamp = "2024-12-31",
    new_days: float = 180,
    lapse_days: float = 180,
    enhancement_window_days: float = 365,
    min_spend_growth: float = 0.10,
    customer: str = "customer_id",
    order: str = "order_id",
    order_date: str = "order_date",
    revenue: str = "revenue",
    signup: str = "signup_date",
    product: str = "product_id",
    category: str = "category",
) -> pd.DataFrame:
    r"""Each customer's Kalakota & Robinson phase on a day, from their orders.

    Parameters
    ----------
    order_lines : pandas.DataFrame
        One row per order line (table ``order_lines``).
    customers : pandas.DataFrame
        One row per customer (table ``customers``); every customer who signed up (or
        ordered) by ``observation_end`` gets a phase, including those with no order yet.
    products : pandas.DataFrame, optional
        Table ``products``, to find each line's category. Without it the "new category"
        rule of enhancement is not used (only spend growth) and the ``new_categories``
        column is left out.
    observation_end : str or pandas.Timestamp, default "2024-12-31"
        The day the phases are measured on (the kit's extract ends on 2024-12-31). Orders
        and sign-ups after it are not used.
    new_days : float, default 180
        A customer whose first order is at most this many days old (or who signed up at
        most this many days ago and has not ordered yet) is in *acquisition*.
    lapse_days : float, default 180
        A customer with no order in the last ``lapse_days`` days (or who signed up more
        than ``new_days`` ago and never ordered) is *lapsed*.
    enhancement_window_days : float, default 365
        The length :math:`w` of the recent window :math:`(T-w, T]` and of the previous
        window :math:`(T-2w, T-w]` compared for spend growth and new categories.
    min_spend_growth : float, default 0.10
        Spend in the recent window must exceed the previous window's by more than this
        share to count as growth (0.10 = more than 10 % up).
    customer, order, order_date, revenue, signup, product, category : str
        Column names (defaults follow the kit's schema).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer, with the facts the rules use: ``signup_date``, ``n_orders``,
        ``days_since_signup``, ``days_since_first_order`` and ``days_since_last_order``
        (missing, NaN, only for customers who never ordered), ``spend_recent``,
        ``spend_previous``, ``spend_growth`` (recent minus previous), ``new_categories``
        (with ``products``) and ``phase`` (categorical, :data:`PHASES`).

    Raises
    ------
    ValueError
        If a table or column is missing or malformed, an order's customer (or product)
        is not in ``customers`` (or ``products``), or a threshold is not positive.

    Notes
    -----
    With :math:`T` the observation end, :math:`f` and :math:`l` a customer's first and
    last order, :math:`s` the sign-up day, :math:`S_r` and :math:`S_p` spend in the
    recent and previous windows and :math:`c` the number of categories first bought in
    the recent window after the first order day, the rules, applied in this order (so the
    phases are mutually exclusive and cover every customer), are

    .. math::

        \text{lapsed} &: (\text{ordered} \wedge T - l > \text{lapse\_days}) \vee
                        (\neg\text{ordered} \wedge T - s > \text{new\_days}) \\
        \text{acquisition} &: \neg\text{ordered} \vee T - f \le \text{new\_days} \\
        \text{enhancement} &: c > 0 \vee S_r > (1 + g) S_p \\
        \text{retention} &: \text{otherwise (an active, steady repeat buyer)}

    with :math:`g` = ``min_spend_growth``. Enhancement is the bundling phase: the
    customer broadens (a category new to them: cross-selling) or deepens (more spend:
    up-selling). A customer in their first year after acquisition usually has no
    previous-window spend, so any spend counts as growth: K&R's enhancement follows
    acquisition.

    References
    ----------
    Kalakota, R., & Robinson, M. (1999). *e-Business: Roadmap for Success*.
    Addison-Wesley, ch. 6 (CRM: acquire, enhance, retain).

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
    ...     "signup_date": pd.to_datetime(["2024-11-01", "2022-01-01", "2022-01-01",
    ...                                    "2022-01-01"])})
    >>> orders = pd.DataFrame({"customer_id": ["A", "B", "B", "C", "C", "D"],
    ...     "order_id": ["o1", "o2", "o3", "o4", "o5", "o6"],
    ...     "order_date": pd.to_datetime(["2024-11-02", "2023-12-01", "2024-10-01",
    ...                                   "2023-09-01", "2024-09-01", "2023-01-01"]),
    ...     "revenue": [50.0, 100.0, 300.0, 100.0, 100.0, 80.0]})
    >>> assign_phase(orders, customers)["phase"].tolist()
    ['acquisition', 'enhancement', 'retention', 'lapsed']
    """
    T = check_date(observation_end, "observation_end")
    for name, value in (
        ("new_days", new_days),
        ("lapse_days", lapse_days),
        ("enhancement_window_days", enhancement_window_days),
    ):
        check_number(value, name, lo=0, lo_open=True, why="a window is a positive number of days")
    g = check_number(min_spend_growth, "min_spend_growth", lo=0)
    w = pd.Timedelta(days=float(enhancement_window_days))
    order_lines = _check_order_lines(
        order_lines,
        customer=customer,
        order_date=order_date,
        order=order,
        revenue=revenue,
        product=product if products is not None else None,
    )
    customers = _check_customers(customers, {signup: (Dates(), "signup")}, customer)
    check_known(
        order_lines[customer],
        pd.Index(customers[customer]),
        column=customer,
        table="order_lines",
        other="customers",
        fix="pass the customers table the orders belong to",
    )

    known = order_lines[order_lines[order_date] <= T]
    when = known[order_date]
    cust = known[customer]
    grouped = known.groupby(cust, sort=False)
    first = grouped[order_date].min()
    last = grouped[order_date].max()
    n_orders = grouped[order].nunique()
    recent = when > T - w
    previous = (when > T - 2 * w) & ~recent
    spend_recent = known[revenue].where(recent, 0.0).groupby(cust, sort=False).sum()
    spend_previous = known[revenue].where(previous, 0.0).groupby(cust, sort=False).sum()

    facts = customers.set_index(customer)[[signup]].rename(columns={signup: "signup_date"})
    facts["first_order"] = first.reindex(facts.index)
    facts = facts[facts["signup_date"].where(facts["signup_date"] <= T, facts["first_order"]) <= T]
    days = 86400.0
    out = pd.DataFrame(index=facts.index)
    out.index.name = customer
    out["signup_date"] = facts["signup_date"]
    out["n_orders"] = n_orders.reindex(out.index, fill_value=0).astype("int64")
    out["days_since_signup"] = (T - facts["signup_date"]).dt.total_seconds() / days
    out["days_since_first_order"] = (T - facts["first_order"]).dt.total_seconds() / days
    out["days_since_last_order"] = (T - last.reindex(out.index)).dt.total_seconds() / days
    out["spend_recent"] = spend_recent.reindex(out.index, fill_value=0.0)
    out["spend_previous"] = spend_previous.reindex(out.index, fill_value=0.0)
    out["spend_growth"] = out["spend_recent"] - out["spend_previous"]

    broadened = pd.Series(False, index=out.index)
    if products is not None:
        cat = _categories(known, products, product, category)
        first_buy = known[order_date].groupby([cust, cat]).min().rename("first_buy").reset_index()
        first_buy.columns = ["_c", "_cat", "first_buy"]
        first_buy["first_order"] = first.reindex(first_buy["_c"]).to_numpy()
        new = (first_buy["first_buy"] > T - w) & (first_buy["first_buy"] > first_buy["first_order"])
        out["new_categories"] = (
            new.groupby(first_buy["_c"]).sum().reindex(out.index, fill_value=0).astype("int64")
        )
        broadened = out["new_categories"] > 0

    ordered = out["n_orders"] > 0
    lapsed = (ordered & (out["days_since_last_order"] > lapse_days)) | (
        ~ordered & (out["days_since_signup"] > new_days)
    )
    acquisition = ~lapsed & (~ordered | (out["days_since_first_order"] <= new_days))
    growing = out["spend_recent"] > (1.0 + g) * out["spend_previous"]
    enhancement = ~lapsed & ~acquisition & (broadened | growing)
    phase = np.select(
        [lapsed.to_numpy(), acquisition.to_numpy(), enhancement.to_numpy()],
        ["lapsed", "acquisition", "enhancement"],
        default="retention",
    )
    out["phase"] = pd.Categorical(phase, categories=list(PHASES))
    return out


# ----------------------------------------------------------------------------- retention


@dataclass(frozen=True)
class RetentionResult:
    """Retention between a base period and the next one (see :func:`retention_rate`).

    Attributes
    ----------
    n_base : int
        Customers who ordered in the base period.
    retained : int
        Of those, customers who ordered again in the next period.
    retention, churn : float
        ``retained / n_base`` and ``1 - retention``.
    ci_low, ci_high : float
        Wilson interval of the retention rate at level ``ci``.
    ci : float
        The confidence level.
    """

    n_base: int
    retained: int
    retention: float
    churn: float
    ci_low: float
    ci_high: float
    ci: float


def retention_rate(
    order_lines: pd.DataFrame,
    *,
    base_start: str | pd.Timestamp,
    base_end: str | pd.Timestamp,
    next_start: str | pd.Timestamp,
    next_end: str | pd.Timestamp,
    customers: pd.DataFrame | None = None,
    by: str | None = None,
    ci: float = 0.95,
    customer: str = "customer_id",
    order_date: str = "order_date",
) -> RetentionResult | pd.DataFrame:
    r"""Share of a period's buyers who bought again in the next period (and churn).

    Parameters
    ----------
    order_lines : pandas.DataFrame
        Table ``order_lines``.
    base_start, base_end : str or pandas.Timestamp
        The base period, both days included: its buyers are the base.
    next_start, next_end : str or pandas.Timestamp
        The next period, both days included; it must start after ``base_end``.
    customers : pandas.DataFrame, optional
        Table ``customers``; needed only with ``by``.
    by : str, optional
        A column of ``customers`` (e.g. ``"segment"``) to compute the rate per group.
    ci : float, default 0.95
        Confidence level of the Wilson interval.
    customer, order_date : str
        Column names.

    Returns
    -------
    RetentionResult or pandas.DataFrame
        Without ``by`` a :class:`RetentionResult`; with ``by`` a DataFrame indexed by
        group with the same fields as columns.

    Raises
    ------
    ValueError
        If a column is missing or malformed, the periods are in the wrong order, or no
        customer ordered in the base period.

    Notes
    -----
    With :math:`B` the set of customers with an order in the base period and :math:`N`
    those with an order in the next period,

    .. math:: \text{retention} = \frac{|B \cap N|}{|B|}, \qquad
              \text{churn} = 1 - \text{retention},

    with the Wilson (1927) score interval for the retention rate (the churn interval is
    one minus it). This is the "period retention" used in retail; it counts a customer
    who skips a period and comes back later as churned for that period.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. JASA 22, 209-212. Reichheld, F. F., & Sasser, W. E. (1990). Zero defections:
    quality comes to services. Harvard Business Review 68(5), 105-111.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["A", "B", "C", "D", "A", "C", "E"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-03-01",
    ...         "2024-03-20", "2024-04-10", "2024-05-05", "2024-06-01"])})
    >>> r = retention_rate(orders, base_start="2024-01-01", base_end="2024-03-31",
    ...                    next_start="2024-04-01", next_end="2024-06-30")
    >>> r.n_base, r.retained, r.retention, r.churn
    (4, 2, 0.5, 0.5)
    """
    b0, b1 = check_date(base_start, "base_start"), check_date(base_end, "base_end")
    n0, n1 = check_date(next_start, "next_start"), check_date(next_end, "next_end")
    _check_periods(b0, b1, n0, n1)
    check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    order_lines = _check_order_lines(order_lines, customer=customer, order_date=order_date)
    base, retained = _retention_counts(order_lines, customer, order_date, (b0, b1), (n0, n1))
    if len(base) == 0:
        raise ValueError(
            f"no customer in table 'order_lines' ordered in the base period {b0.date()} to "
            f"{b1.date()} (column '{order_date}'); choose a base period that has orders."
        )
    if by is None:
        return _retention_result(int(retained.sum()), len(base), ci)
    if customers is None:
        raise ValueError(
            f"argument 'by' ({by!r}) names a column of table 'customers' but no customers "
            f"table was given; pass customers=..."
        )
    customers = _check_customers(customers, {by: (Text(), "by")}, customer)
    groups = customers.set_index(customer, drop=False)[by]
    check_known(
        pd.Series(base, index=base),
        groups.index,
        column=customer,
        table="order_lines",
        other="customers",
        fix="pass the customers table the orders belong to",
    )
    frame = pd.DataFrame({"group": groups.reindex(base).to_numpy(), "r": retained.to_numpy()})
    rows = {
        key: _retention_result(int(part["r"].sum()), len(part), ci).__dict__
        for key, part in frame.groupby("group", sort=True, observed=True)
    }
    result = pd.DataFrame.from_dict(rows, orient="index")
    result.index.name = by
    return result


def _check_periods(b0: pd.Timestamp, b1: pd.Timestamp, n0: pd.Timestamp, n1: pd.Timestamp):
    if b1 < b0:
        raise ValueError(
            f"argument 'base_end' ({b1.date()}) is before 'base_start' ({b0.date()}); swap them."
        )
    if n1 < n0:
        raise ValueError(
            f"argument 'next_end' ({n1.date()}) is before 'next_start' ({n0.date()}); swap them."
        )
    if n0 <= b1:
        raise ValueError(
            f"argument 'next_start' ({n0.date()}) must come after 'base_end' ({b1.date()}); "
            f"retention compares a period with a later one."
        )


def _retention_result(retained: int, n_base: int, ci: float) -> RetentionResult:
    lo, hi = wilson_interval(retained, n_base, ci)
    # the Wilson bounds are exactly 0 at 0 retained and 1 at all retained (not 1e-17 off)
    lo = 0.0 if retained == 0 else max(0.0, lo)
    hi = 1.0 if retained == n_base else min(1.0, hi)
    rate = retained / n_base
    return RetentionResult(
        n_base=n_base,
        retained=retained,
        retention=rate,
        churn=1.0 - rate,
        ci_low=lo,
        ci_high=hi,
        ci=ci,
    )


# ----------------------------------------------------------------------------- cohorts


@dataclass(frozen=True)
class CohortRetention:
    """A cohort retention matrix (see :func:`cohort_retention`).

    Attributes
    ----------
    rates : pandas.DataFrame
        Cohort (rows, e.g. ``"2023Q1"``) x age in periods (columns 0, 1, ...): the share of
        the cohort that ordered in that period. Cells not yet observed at the observation
        end (the lower-right triangle) are NaN.
    counts : pandas.DataFrame
        The same layout with the number of customers who ordered (0 where not observed).
    sizes : pandas.Series
        Customers per cohort.
    """

    rates: pd.DataFrame
    counts: pd.DataFrame
    sizes: pd.Series


def cohort_retention(
    order_lines: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    *,
    period: str = "Q",
    cohort: str = "first_order",
    observation_end: str | pd.Timestamp = "2024-12-31",
    customer: str = "customer_id",
    order_date: str = "order_date",
    signup: str = "signup_date",
) -> CohortRetention:
    r"""The cohort retention matrix: share of each cohort ordering in each later period.

    Parameters
    ----------
    order_lines : pandas.DataFrame
        Table ``order_lines``.
    customers : pandas.DataFrame, optional
        Table ``customers``; needed when ``cohort="signup"``.
    period : {"M", "Q", "Y"}, default "Q"
        Calendar month, quarter or year.
    cohort : {"first_order", "signup"}, default "first_order"
        What makes a cohort: the period of the first order (so age 0 is 1 by definition)
        or the period of sign-up (age 0 is then the share who ordered in the sign-up
        period, which can be below 1; customers who never ordered count in the size).
    observation_end : str or pandas.Timestamp, default "2024-12-31"
        Orders and sign-ups after it are not used; the last period is the one holding it
        (partly observed if the day is not a period end).
    customer, order_date, signup : str
        Column names.

    Returns
    -------
    CohortRetention
        ``rates``, ``counts`` and ``sizes``.

    Raises
    ------
    ValueError
        If a column is missing or malformed, an option is unknown, or (with
        ``cohort="signup"``) an order predates its customer's sign-up.

    Notes
    -----
    For cohort :math:`c` (customers whose first order, or sign-up, falls in period
    :math:`c`) and age :math:`k \ge 0`,

    .. math:: r_{c,k} = \frac{|\{i \in c : i \text{ ordered in period } c + k\}|}{|c|}.

    Unlike a survival curve this is not monotone: a customer missing at age 1 and back
    at age 2 counts at age 2.

    References
    ----------
    Fader, P. S., & Hardie, B. G. S. (2010). Customer-base valuation in a contractual
    setting: the perils of ignoring heterogeneity. Marketing Science 29(1), 85-93 (cohort
    retention tables). Gupta, S., et al. (2006). Modeling customer lifetime value. Journal
    of Service Research 9(2), 139-155.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B", "C", "C"],
    ...     "order_date": pd.to_datetime(["2024-01-10", "2024-04-02", "2024-02-01",
    ...                                   "2024-05-01", "2024-11-30"])})
    >>> res = cohort_retention(orders, observation_end="2024-12-31")
    >>> res.rates
              0    1    2    3
    cohort
    2024Q1  1.0  0.5  0.0  0.0
    2024Q2  1.0  0.0  1.0  NaN
    >>> res.sizes.tolist()
    [2, 1]
    """
    check_choice(period, "period", _PERIODS)
    check_choice(cohort, "cohort", ("first_order", "signup"))
    T = check_date(observation_end, "observation_end")
    order_lines = _check_order_lines(order_lines, customer=customer, order_date=order_date)
    known = order_lines[order_lines[order_date] <= T]
    if cohort == "signup":
        if customers is None:
            raise ValueError(
                "cohort='signup' needs table 'customers' (column 'signup_date'); pass "
                "customers=... or use cohort='first_order'."
            )
        customers = _check_customers(customers, {signup: (Dates(), "signup")}, customer)
        start = customers.set_index(customer)[signup]
        check_known(
            known[customer],
            start.index,
            column=customer,
            table="order_lines",
            other="customers",
            fix="pass the customers table the orders belong to",
        )
        start = start[start <= T]
        before = known[order_date].to_numpy() < start.reindex(known[customer]).to_numpy()
        if before.any():
            pos = int(np.argmax(before))
            raise ValueError(
                f"column '{order_date}' in table 'order_lines' has an order before its "
                f"customer's '{signup}' (row {known.index[pos]!r}); fix the dates or use "
                f"cohort='first_order'."
            )
    else:
        start = known.groupby(customer)[order_date].min()
    if len(start) == 0:
        raise ValueError(
            f"no customer starts on or before observation_end {T.date()}; check "
            f"'{order_date}' in table 'order_lines' or pick a later observation_end."
        )
    start_ord = pd.Series(_period_ordinal(start, period), index=start.index)
    last_ord = int(_period_ordinal(pd.Series([T]), period)[0])
    first_ord = int(start_ord.min())
    n_ages = last_ord - first_ord + 1

    pairs = pd.DataFrame(
        {"c": known[customer].to_numpy(), "p": _period_ordinal(known[order_date], period)}
    ).drop_duplicates()
    pairs = pairs[pairs["c"].isin(start.index)]
    pairs["cohort"] = start_ord.reindex(pairs["c"]).to_numpy()
    pairs["age"] = pairs["p"] - pairs["cohort"]
    pairs = pairs[pairs["age"] >= 0]
    counts = (
        pairs.groupby(["cohort", "age"]).size().unstack("age", fill_value=0)
        if len(pairs)
        else pd.DataFrame()
    )
    cohorts = np.sort(start_ord.unique())
    counts = counts.reindex(index=cohorts, columns=range(n_ages), fill_value=0).astype("int64")
    sizes = start_ord.value_counts().reindex(cohorts).astype("int64")
    rates = counts.div(sizes, axis=0).astype("float64")
    observed = (cohorts[:, None] + np.arange(n_ages)[None, :]) <= last_ord
    rates = rates.where(observed)
    labels = _period_label(cohorts, period)
    for frame in (rates, counts):
        frame.index = pd.Index(labels, name="cohort")
        frame.columns = pd.Index(range(n_ages), name=None)
    sizes.index = pd.Index(labels, name="cohort")
    sizes.name = "cohort_size"
    return CohortRetention(rates=rates, counts=counts, sizes=sizes)


# ----------------------------------------------------------------------------- phase KPIs

_KPI_PHASE = {
    "acquisitions": "acquisition",
    "acquisition_cost_total": "acquisition",
    "acquisition_cost_per_customer": "acquisition",
    "cross_sell_rate": "enhancement",
    "up_sell_rate": "enhancement",
    "share_of_wallet_growth": "enhancement",
    "retention_rate": "retention",
    "churn_rate": "retention",
}


def _kpi_rows(f: pd.DataFrame, has_categories: bool) -> list[tuple[str, float, int]]:
    """KPI name, value and base size from a customer-level frame (one group)."""
    rows: list[tuple[str, float, int]] = []
    acquired = f["acquired"]
    n_acq = int(acquired.sum())
    cost = f.loc[acquired, "acquisition_cost"]
    rows.append(("acquisitions", float(n_acq), n_acq))
    rows.append(("acquisition_cost_total", float(cost.sum()), n_acq))
    rows.append(("acquisition_cost_per_customer", float(cost.mean()) if n_acq else np.nan, n_acq))
    existing_active = f["active_now"] & f["existing"]
    if has_categories:
        n = int(existing_active.sum())
        hit = int((existing_active & f["new_category"]).sum())
        rows.append(("cross_sell_rate", hit / n if n else np.nan, n))
    both = f["active_now"] & f["active_prev"]
    n = int(both.sum())
    up = int((both & (f["aov_now"] > f["aov_prev"])).sum())
    rows.append(("up_sell_rate", up / n if n else np.nan, n))
    sow_base = f["existing"] & (f["active_now"] | f["active_prev"])
    n = int(sow_base.sum())
    rows.append(
        ("share_of_wallet_growth", float(f.loc[sow_base, "sow_change"].mean()) if n else np.nan, n)
    )
    n = int(f["active_prev"].sum())
    kept = int((f["active_prev"] & f["active_now"]).sum())
    rows.append(("retention_rate", kept / n if n else np.nan, n))
    rows.append(("churn_rate", 1 - kept / n if n else np.nan, n))
    return rows


def phase_kpis(
    order_lines: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    products: pd.DataFrame | None = None,
    by: str | None = None,
    customer: str = "customer_id",
    order: str = "order_id",
    order_date: str = "order_date",
    revenue: str = "revenue",
    acquisition_cost: str = "acquisition_cost",
    wallet: str = "est_annual_wallet",
    product: str = "product_id",
    category: str = "category",
) -> pd.DataFrame:
    r"""The measures of each Kalakota & Robinson phase in a period, against the period before.

    Parameters
    ----------
    order_lines : pandas.DataFrame
        Table ``order_lines``.
    customers : pandas.DataFrame
        Table ``customers`` (``acquisition_cost``, ``est_annual_wallet``).
    start, end : str or pandas.Timestamp
        The period :math:`P`, both days included. The previous period :math:`P'` is the
        same number of days just before ``start``.
    products : pandas.DataFrame, optional
        Table ``products``; needed for the cross-sell rate (left out without it).
    by : str, optional
        A column of ``customers`` (e.g. ``"segment"``) to compute the KPIs per group.
    customer, order, order_date, revenue, acquisition_cost, wallet, product, category : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row per KPI (indexed by ``kpi``, or by ``(by, kpi)``) with columns ``phase``,
        ``value`` and ``base`` (the number of customers the value is computed over). A
        rate whose base is 0 (for example no acquisitions in a small group) is NaN.

    Raises
    ------
    ValueError
        If a column is missing or malformed, ``end`` is before ``start``, or an order's
        customer is not in ``customers``.

    Notes
    -----
    With :math:`f_i` customer :math:`i`'s first order day, :math:`S_i(P)` spend,
    :math:`O_i(P)` distinct orders in :math:`P`, :math:`W_i` the estimated annual wallet
    and :math:`L` the period's length in days:

    - acquisitions: :math:`A = \{i : f_i \in P\}` (a customer is acquired by their first
      order); their total and mean ``acquisition_cost``;
    - cross-sell rate: among *existing* customers (:math:`f_i` before :math:`P`) who
      ordered in :math:`P`, the share who bought in :math:`P` a category they had never
      bought before :math:`P`;
    - up-sell rate: among customers who ordered in both :math:`P'` and :math:`P`, the share
      whose average order value :math:`S_i(P)/O_i(P)` exceeds :math:`S_i(P')/O_i(P')`;
    - share-of-wallet growth: the mean over existing customers who ordered in
      :math:`P'` or :math:`P` of

      .. math:: \Delta\text{SOW}_i = \frac{365.25}{L}\,\frac{S_i(P) - S_i(P')}{W_i};

    - retention rate :math:`|\{i \text{ ordered in } P' \text{ and } P\}| /
      |\{i \text{ ordered in } P'\}|` and churn rate = 1 - retention rate.

    References
    ----------
    Kalakota, R., & Robinson, M. (1999). *e-Business: Roadmap for Success*.
    Addison-Wesley. Kim, J., Suh, E., & Hwang, H. (2003). A model for evaluating the
    effectiveness of CRM using the balanced scorecard. Journal of Interactive Marketing
    17(2), 5-19.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C"],
    ...     "acquisition_cost": [20.0, 30.0, 40.0], "est_annual_wallet": [1000.0] * 3})
    >>> orders = pd.DataFrame({"customer_id": ["A", "B", "A", "C"],
    ...     "order_id": ["o1", "o2", "o3", "o4"],
    ...     "order_date": pd.to_datetime(["2023-03-01", "2023-05-01", "2024-02-01",
    ...                                   "2024-03-01"]),
    ...     "revenue": [100.0, 50.0, 300.0, 80.0]})
    >>> kpi = phase_kpis(orders, customers, start="2024-01-01", end="2024-12-31")
    >>> kpi.loc[["acquisitions", "up_sell_rate", "share_of_wallet_growth", "churn_rate"],
    ...         "value"].round(3).tolist()
    [1.0, 1.0, 0.075, 0.5]
    """
    p0, p1 = check_date(start, "start"), check_date(end, "end")
    if p1 < p0:
        raise ValueError(
            f"argument 'end' ({p1.date()}) is before 'start' ({p0.date()}); swap them."
        )
    length = p1 - p0 + pd.Timedelta(days=1)
    q0 = p0 - length
    order_lines = _check_order_lines(
        order_lines,
        customer=customer,
        order_date=order_date,
        order=order,
        revenue=revenue,
        product=product if products is not None else None,
    )
    columns: dict[str, tuple[object, str]] = {
        acquisition_cost: (Numeric(lo=0, why="a cost in USD"), "acquisition_cost"),
        wallet: (
            Numeric(lo=0, why="share of wallet divides by it, so it must be positive"),
            "wallet",
        ),
    }
    if by is not None:
        columns[by] = (Text(), "by")
    customers = _check_customers(customers, columns, customer)
    if (customers[wallet] <= 0).any():
        pos = int(np.argmax((customers[wallet] <= 0).to_numpy()))
        raise ValueError(
            f"column '{wallet}' in table 'customers' has values of 0 (e.g. row "
            f"{customers.index[pos]!r}); share of wallet divides by the wallet, so every "
            f"value must be above 0."
        )
    check_known(
        order_lines[customer],
        pd.Index(customers[customer]),
        column=customer,
        table="order_lines",
        other="customers",
        fix="pass the customers table the orders belong to",
    )
    known = order_lines[order_lines[order_date] <= p1]
    when, cust = known[order_date], known[customer]
    now = when >= p0
    prev = (when >= q0) & ~now
    before = when < p0

    index = pd.Index(customers[customer])
    first = known.groupby(cust)[order_date].min().reindex(index)

    def per_customer(mask: pd.Series, column: str, how: str) -> pd.Series:
        part = known.loc[mask]
        grouped = part.groupby(part[customer])[column]
        values = grouped.sum() if how == "sum" else grouped.nunique()
        return values.reindex(index, fill_value=0)

    spend_now = per_customer(now, revenue, "sum")
    spend_prev = per_customer(prev, revenue, "sum")
    orders_now = per_customer(now, order, "nunique")
    orders_prev = per_customer(prev, order, "nunique")
    f = pd.DataFrame(index=index)
    f["acquired"] = (first >= p0).to_numpy()
    f["acquisition_cost"] = customers[acquisition_cost].to_numpy()
    f["existing"] = (first < p0).to_numpy()
    f["active_now"] = (orders_now > 0).to_numpy()
    f["active_prev"] = (orders_prev > 0).to_numpy()
    f["aov_now"] = spend_now / orders_now.where(orders_now > 0, 1)
    f["aov_prev"] = spend_prev / orders_prev.where(orders_prev > 0, 1)
    scale = 365.25 / (length / pd.Timedelta(days=1))
    f["sow_change"] = scale * (spend_now - spend_prev) / customers[wallet].to_numpy()
    has_categories = products is not None
    if has_categories:
        cat = _categories(known, products, product, category)
        pairs = pd.DataFrame({"c": cust.to_numpy(), "k": cat.to_numpy(), "b": before.to_numpy()})
        pairs["n"] = now.to_numpy()
        seen = pairs.groupby(["c", "k"]).agg(b=("b", "any"), n=("n", "any"))
        fresh = (seen["n"] & ~seen["b"]).groupby(level="c").any()
        f["new_category"] = fresh.reindex(index, fill_value=False).to_numpy()
    if by is None:
        rows = _kpi_rows(f, has_categories)
        out = pd.DataFrame(rows, columns=["kpi", "value", "base"]).set_index("kpi")
    else:
        groups = customers[by].to_numpy()
        parts = []
        for key, part in f.groupby(groups, sort=True):
            frame = pd.DataFrame(_kpi_rows(part, has_categories), columns=["kpi", "value", "base"])
            frame.insert(0, by, key)
            parts.append(frame)
        out = pd.concat(parts, ignore_index=True).set_index([by, "kpi"])
    out.insert(0, "phase", [_KPI_PHASE[k] for k in out.index.get_level_values("kpi")])
    out["base"] = out["base"].astype("int64")
    return out


# ----------------------------------------------------------------------------- phase outcomes (03)

#: The measures of :func:`phase_outcomes`, in their order.
OUTCOME_MEASURES: tuple[str, ...] = (
    "repeat_rate",
    "first_order_rate",
    "cross_sell_rate",
    "up_sell_rate",
    "share_of_wallet",
    "share_of_wallet_change",
    "categories_before",
)
_RATE_MEASURES = ("repeat_rate", "first_order_rate", "cross_sell_rate", "up_sell_rate")


def phase_outcomes(
    order_lines: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    products: pd.DataFrame | None = None,
    as_of: str | pd.Timestamp = "2023-12-31",
    horizon_days: float = 365,
    observation_end: str | pd.Timestamp = "2024-12-31",
    ci: float = 0.95,
    new_days: float = 180,
    lapse_days: float = 180,
    enhancement_window_days: float = 365,
    min_spend_growth: float = 0.10,
    customer: str = "customer_id",
    order: str = "order_id",
    order_date: str = "order_date",
    revenue: str = "revenue",
    signup: str = "signup_date",
    wallet: str = "est_annual_wallet",
    product: str = "product_id",
    category: str = "category",
) -> pd.DataFrame:
    r"""What the customers of each phase did next: the evidence for each phase's strategy.

    Each customer gets a phase on ``as_of`` by :func:`assign_phase` (the same rules and
    thresholds), then their orders in the following ``horizon_days`` are measured. Because
    the outcomes come after the day the phases are assigned, they are not what the rules
    looked at: they show what a phase's customers *go on* to do, which is what a
    strategy aimed at that phase can change.

    Parameters
    ----------
    order_lines : pandas.DataFrame
        Table ``order_lines``.
    customers : pandas.DataFrame
        Table ``customers`` (``signup_date`` and ``est_annual_wallet``).
    products : pandas.DataFrame, optional
        Table ``products``; needed for ``cross_sell_rate`` and ``categories_before`` (left
        out without it) and for the phase rule on new categories.
    as_of : str or pandas.Timestamp, default "2023-12-31"
        The day the phases are assigned on (:math:`T_0`).
    horizon_days : float, default 365
        Length :math:`h` of the outcome window :math:`(T_0, T_0 + h]`; the previous window
        :math:`(T_0 - h, T_0]` is compared with it for up-selling and share of wallet.
    observation_end : str or pandas.Timestamp, default "2024-12-31"
        The last day of data; the outcome window must end by it (a window running past the
        data would count customers as not ordering when they were merely not observed).
    ci : float, default 0.95
        Confidence level of the intervals (Wilson for rates, t for means).
    new_days, lapse_days, enhancement_window_days, min_spend_growth : float
        The phase rules' thresholds, passed to :func:`assign_phase`.
    customer, order, order_date, revenue, signup, wallet, product, category : str
        Column names (defaults follow the kit's schema).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(phase, measure)``, phases in :data:`PHASES` order and measures in
        :data:`OUTCOME_MEASURES` order, with columns ``value``, ``base`` (customers the value
        is computed over), ``ci_low`` and ``ci_high``. A measure whose base is empty is NaN.

    Raises
    ------
    ValueError
        If a table or column is missing or malformed, a threshold or ``horizon_days`` is not
        positive, the outcome window runs past ``observation_end``, or a wallet is not above 0.

    Notes
    -----
    For the customers :math:`i` of a phase on :math:`T_0`, with :math:`O_i` and :math:`S_i`
    their distinct orders and spend in the outcome window, :math:`O'_i` and :math:`S'_i` in
    the previous window, :math:`W_i` the estimated annual wallet:

    - ``repeat_rate``: of those who had ordered by :math:`T_0`, the share with
      :math:`O_i \ge 1` (bought again; for *retention* this is the rate the strategy keeps);
    - ``first_order_rate``: of those who had not ordered by :math:`T_0`, the share with
      :math:`O_i \ge 1` (converted; only *acquisition* and *lapsed* have such customers);
    - ``cross_sell_rate``: of those who had ordered by :math:`T_0` and ordered again, the
      share who bought a category they had never bought by :math:`T_0` (as in
      :func:`phase_kpis`);
    - ``up_sell_rate``: of those who ordered in both windows, the share whose average order
      value :math:`S_i/O_i` exceeds :math:`S'_i/O'_i` (as in :func:`phase_kpis`);
    - ``share_of_wallet``: the mean of :math:`\frac{365.25}{h} S_i / W_i` over the
      phase's customers;
    - ``share_of_wallet_change``: the mean of :math:`\frac{365.25}{h}(S_i - S'_i)/W_i` over
      those who had ordered by :math:`T_0`;
    - ``categories_before``: the mean number of categories bought by :math:`T_0` (with
      ``products``): the room left for bundling.

    Rates get Wilson (1927) intervals, means a t interval. The comparison is
    observational: it says where each strategy has room to work, not what a campaign
    would cause (notebook 04 measures that with a control group).

    References
    ----------
    Kalakota, R., & Robinson, M. (1999). *e-Business: Roadmap for Success*.
    Addison-Wesley. Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. JASA 22, 209-212.

    Examples
    --------
    A new customer (acquisition) who buys again, a steady one (retention) who does not,
    and a lapsed one who comes back:

    >>> import pandas as pd
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C"],
    ...     "signup_date": pd.to_datetime(["2023-11-01", "2022-01-01", "2022-01-01"]),
    ...     "est_annual_wallet": [1000.0, 1000.0, 1000.0]})
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B", "B", "C", "C"],
    ...     "order_id": ["o1", "o2", "o3", "o4", "o5", "o6"],
    ...     "order_date": pd.to_datetime(["2023-11-02", "2024-03-01", "2022-03-01",
    ...                                   "2023-12-01", "2022-06-01", "2024-05-01"]),
    ...     "revenue": [100.0, 200.0, 100.0, 80.0, 50.0, 50.0]})
    >>> out = phase_outcomes(orders, customers, as_of="2023-12-31")
    >>> out.xs("repeat_rate", level="measure")["value"].tolist()
    [1.0, nan, 0.0, 1.0]
    >>> round(float(out.loc[("acquisition", "share_of_wallet"), "value"]), 3)
    0.2
    """
    T0 = check_date(as_of, "as_of")
    T = check_date(observation_end, "observation_end")
    h = check_number(
        horizon_days,
        "horizon_days",
        lo=0,
        lo_open=True,
        why="a window is a positive number of days",
    )
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    span = pd.Timedelta(days=float(h))
    end = T0 + span
    if end > T:
        raise ValueError(
            f"the outcome window {T0.date()} + {h:g} days ends on {end.date()}, after "
            f"observation_end {T.date()}; choose an earlier as_of or a shorter horizon_days."
        )
    phases = assign_phase(
        order_lines,
        customers,
        products=products,
        observation_end=T0,
        new_days=new_days,
        lapse_days=lapse_days,
        enhancement_window_days=enhancement_window_days,
        min_spend_growth=min_spend_growth,
        customer=customer,
        order=order,
        order_date=order_date,
        revenue=revenue,
        signup=signup,
        product=product,
        category=category,
    )
    customers = _check_customers(
        customers,
        {wallet: (Numeric(lo=0, why="share of wallet divides by it"), "wallet")},
        customer,
    )
    index = phases.index
    wallets = customers.set_index(customer)[wallet].reindex(index)
    if (wallets <= 0).any():
        raise ValueError(
            f"column '{wallet}' in table 'customers' has values of 0 (e.g. customer "
            f"{wallets.index[int(np.argmax((wallets <= 0).to_numpy()))]!r}); share of wallet "
            f"divides by the wallet, so every value must be above 0."
        )
    known = order_lines[order_lines[order_date] <= end]
    when, cust = known[order_date], known[customer]
    future = when > T0
    previous = (when > T0 - span) & ~future

    def per_customer(mask: pd.Series, how: str) -> pd.Series:
        part = known.loc[mask]
        grouped = part.groupby(part[customer])
        values = grouped[revenue].sum() if how == "sum" else grouped[order].nunique()
        return values.reindex(index, fill_value=0)

    spend_f, spend_p = per_customer(future, "sum"), per_customer(previous, "sum")
    orders_f, orders_p = per_customer(future, "n"), per_customer(previous, "n")
    had = (phases["n_orders"] > 0).to_numpy()
    bought = (orders_f > 0).to_numpy()
    both = bought & (orders_p > 0).to_numpy()
    aov_f = (spend_f / orders_f.where(orders_f > 0, 1)).to_numpy()
    aov_p = (spend_p / orders_p.where(orders_p > 0, 1)).to_numpy()
    scale = 365.25 / float(h)
    w = wallets.to_numpy(dtype="float64")
    everyone = np.ones(len(index), dtype=bool)
    # measure -> (base mask, per-customer value); rates have 0/1 values
    parts: dict[str, tuple[np.ndarray, np.ndarray]] = {
        "repeat_rate": (had, bought.astype(float)),
        "first_order_rate": (~had, bought.astype(float)),
    }
    if products is not None:
        cat = _categories(known, products, product, category)
        pairs = pd.DataFrame({"c": cust.to_numpy(), "k": cat.to_numpy()})
        pairs["b"], pairs["n"] = (~future).to_numpy(), future.to_numpy()
        seen = pairs.groupby(["c", "k"]).agg(b=("b", "any"), n=("n", "any"))
        fresh = (seen["n"] & ~seen["b"]).groupby(level="c").any()
        held = seen["b"].groupby(level="c").sum()
        parts["cross_sell_rate"] = (
            had & bought,
            fresh.reindex(index, fill_value=False).to_numpy().astype(float),
        )
    parts["up_sell_rate"] = (both, (aov_f > aov_p).astype(float))
    parts["share_of_wallet"] = (everyone, scale * spend_f.to_numpy() / w)
    parts["share_of_wallet_change"] = (had, scale * (spend_f - spend_p).to_numpy() / w)
    if products is not None:
        parts["categories_before"] = (had, held.reindex(index, fill_value=0).to_numpy(float))

    phase = phases["phase"].to_numpy()
    rows = []
    for measure, (base, values) in parts.items():
        frame = pd.DataFrame({"phase": phase[base], "v": values[base]})
        g = frame.groupby(pd.Categorical(frame["phase"], categories=list(PHASES)), observed=False)[
            "v"
        ]
        n = g.size().to_numpy(dtype="float64")
        mean = g.mean().to_numpy(dtype="float64")
        if measure in _RATE_MEASURES:
            lo, hi = wilson_interval(g.sum().to_numpy(dtype="float64"), n, level)
        else:
            sd = g.std(ddof=1).to_numpy(dtype="float64")
            with np.errstate(divide="ignore", invalid="ignore"):
                half = stats.t.ppf(0.5 + level / 2, df=np.maximum(n - 1, 1)) * sd / np.sqrt(n)
            lo, hi = mean - half, mean + half
        rows.append(
            pd.DataFrame(
                {
                    "phase": list(PHASES),
                    "measure": measure,
                    "value": mean,
                    "base": n.astype("int64"),
                    "ci_low": lo,
                    "ci_high": hi,
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    order_of = {m: k for k, m in enumerate(OUTCOME_MEASURES)}
    out["_p"] = out["phase"].map({p: k for k, p in enumerate(PHASES)})
    out["_m"] = out["measure"].map(order_of)
    out = out.sort_values(["_p", "_m"], kind="stable").drop(columns=["_p", "_m"])
    return out.set_index(["phase", "measure"])


# ----------------------------------------------------------------------------- funnel


def funnel(
    customers: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    products: pd.DataFrame | None = None,
    observation_end: str | pd.Timestamp = "2024-12-31",
    active_days: float = 180,
    min_orders: int = 3,
    min_categories: int = 2,
    customer: str = "customer_id",
    order: str = "order_id",
    order_date: str = "order_date",
    signup: str = "signup_date",
    product: str = "product_id",
    category: str = "category",
) -> pd.DataFrame:
    r"""The relationship funnel: from sign-up to an active, broad repeat buyer.

    Parameters
    ----------
    customers : pandas.DataFrame
        Table ``customers``.
    order_lines : pandas.DataFrame
        Table ``order_lines``.
    products : pandas.DataFrame, optional
        Table ``products``. With it stage 4 asks for ``min_categories`` categories;
        without it stage 4 is only ``min_orders`` orders (its label says so).
    observation_end : str or pandas.Timestamp, default "2024-12-31"
        The day the funnel is measured on; later sign-ups and orders are not used.
    active_days : float, default 180
        Stage 5 ("active") needs an order in the last ``active_days`` days.
    min_orders : int, default 3
        Orders (distinct ``order_id``) needed for stage 4.
    min_categories : int, default 2
        Categories needed for stage 4 (with ``products``).
    customer, order, order_date, signup, product, category : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row per stage (``stage`` labels in order) with ``customers``,
        ``conversion`` (from the previous stage; 1 for the first) and
        ``share_of_signups``.

    Raises
    ------
    ValueError
        If a column is missing or malformed, an option is out of range, no customer has
        signed up by ``observation_end``, or an order's customer is not in ``customers``.

    Notes
    -----
    The stages are nested (each is a subset of the one before), so conversions are in
    [0, 1]:

    1. signed up by :math:`T`;
    2. first order: :math:`n_i \ge 1` distinct orders by :math:`T`;
    3. second order: :math:`n_i \ge 2`;
    4. broad repeat buyer: :math:`n_i \ge` ``min_orders`` and :math:`k_i \ge`
       ``min_categories`` categories bought;
    5. active: stage 4 and the last order within ``active_days`` of :math:`T`.

    .. math:: \text{conversion}_s = \frac{N_s}{N_{s-1}}, \qquad
              \text{share of signups}_s = \frac{N_s}{N_1}.

    References
    ----------
    Kalakota, R., & Robinson, M. (1999). *e-Business: Roadmap for Success*.
    Addison-Wesley. Jackson, R., & Wang, P. (1994). *Strategic Database Marketing*. NTC
    (the loyalty ladder behind such funnels).

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
    ...     "signup_date": pd.to_datetime(["2024-01-01"] * 4)})
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "A", "B", "B", "C"],
    ...     "order_id": ["o1", "o2", "o3", "o4", "o5", "o6"],
    ...     "order_date": pd.to_datetime(["2024-02-01", "2024-05-01", "2024-12-01",
    ...                                   "2024-03-01", "2024-04-01", "2024-03-01"])})
    >>> funnel(customers, orders)["customers"].tolist()
    [4, 3, 2, 1, 1]
    """
    T = check_date(observation_end, "observation_end")
    check_number(active_days, "active_days", lo=0, lo_open=True)
    k_orders = check_number(min_orders, "min_orders", lo=1, integer=True)
    k_cats = check_number(min_categories, "min_categories", lo=1, integer=True)
    order_lines = _check_order_lines(
        order_lines,
        customer=customer,
        order_date=order_date,
        order=order,
        product=product if products is not None else None,
    )
    customers = _check_customers(customers, {signup: (Dates(), "signup")}, customer)
    check_known(
        order_lines[customer],
        pd.Index(customers[customer]),
        column=customer,
        table="order_lines",
        other="customers",
        fix="pass the customers table the orders belong to",
    )
    known = order_lines[order_lines[order_date] <= T]
    grouped = known.groupby(known[customer])
    index = pd.Index(customers[customer])
    first = grouped[order_date].min().reindex(index)
    signed = (customers[signup].to_numpy() <= T) | (first <= T).to_numpy()
    if not signed.any():
        raise ValueError(
            f"no customer in table 'customers' signed up by observation_end {T.date()} "
            f"(column '{signup}'); pick a later observation_end."
        )
    n = grouped[order].nunique().reindex(index, fill_value=0).to_numpy()
    last = grouped[order_date].max().reindex(index)
    broad_label = f"{k_orders}+ orders"
    broad = n >= k_orders
    if products is not None:
        cat = _categories(known, products, product, category)
        n_cat = cat.groupby(known[customer]).nunique().reindex(index, fill_value=0).to_numpy()
        broad = broad & (n_cat >= k_cats)
        broad_label += f" in {k_cats}+ categories"
    recent = ((T - last).dt.total_seconds() / 86400.0 <= active_days).to_numpy()
    stages = {
        "signed up": signed,
        "first order": signed & (n >= 1),
        "second order": signed & (n >= 2),
        broad_label: signed & (n >= 2) & broad,
        f"active (ordered in the last {active_days:g} days)": signed & (n >= 2) & broad & recent,
    }
    counts = np.array([int(v.sum()) for v in stages.values()])
    previous = np.concatenate([[counts[0]], counts[:-1]])
    conversion = np.divide(
        counts, previous, out=np.zeros(len(counts), dtype=float), where=previous > 0
    )
    return pd.DataFrame(
        {
            "stage": list(stages),
            "customers": counts,
            "conversion": conversion,
            "share_of_signups": counts / counts[0],
        }
    )


# ----------------------------------------------------------------------------- HSE 2007


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
    ci: float = 0.95,
    customer: str = "customer_id",
    order: str = "order_id",
    order_date: str = "order_date",
    revenue: str = "revenue",
    signup: str = "signup_date",
    interaction_date: str = "interaction_date",
    opened_at: str = "opened_at",
    handling_cost: str = "handling_cost",
) -> pd.DataFrame:
    r"""The HSE (2007) effectiveness indicators of a CRM project, before and after launch.

    Parameters
    ----------
    customers : pandas.DataFrame
        Table ``customers``.
    order_lines : pandas.DataFrame
        Table ``order_lines``.
    launch : str or pandas.Timestamp, default "2023-07-01"
        The CRM launch day (the kit's company went live on 2023-07-01).
    window_months : int, default 12
        Length of each window: *before* is ``[launch - window_months, launch)``, *after*
        is ``[launch, launch + window_months)``. Must be even (churn splits it in halves).
    observation_end : str or pandas.Timestamp, default "2024-12-31"
        The last day of data; the *after* window must end by it.
    channels, interactions, tickets : pandas.DataFrame, optional
        Passed (restricted to each window) to
        :func:`crmkit.value.customer_profitability` for the profit of each customer; with
        ``interactions`` (or ``tickets``) the staff (or service) cost per customer is
        added.
    ci : float, default 0.95
        Confidence level of the intervals.
    customer, order, order_date, revenue, signup, interaction_date, opened_at, handling_cost : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``indicator``: ``new_customers_per_month``, ``churn_rate``,
        ``repeat_sales_share``, ``unprofitable_customers``, ``unprofitable_share`` and,
        when their table is given, ``staff_cost_per_customer`` and
        ``service_cost_per_customer``. Columns ``before``, ``after`` and ``change``
        (after minus before), then the intervals ``before_low``, ``before_high``,
        ``after_low``, ``after_high``, ``change_low`` and ``change_high`` (NaN for
        ``unprofitable_customers``, a count of the customers one could cut, not an
        estimate of a rate; read its share instead).

    Raises
    ------
    ValueError
        If a column is missing or malformed, ``window_months`` is odd or not positive,
        ``ci`` is not between 0 and 1, or the *after* window runs past
        ``observation_end``.

    Notes
    -----
    For a window :math:`[a, b)` of :math:`m` months, with :math:`R` the revenue of its
    order lines, :math:`C` the customers with an order in it:

    - customer count growth: new customers per month, sign-ups in the window :math:`x`
      over :math:`m`;
    - customer loss (churn): of the customers who ordered in the first half of the
      window, the share with no order in the second half
      (:math:`1 - |B \cap N| / |B|`, as in :func:`retention_rate`);
    - share of repeat ("secondary") sales: :math:`R_{\text{repeat}} / R`, where a line is
      repeat when its order is not the customer's first ever order (by date, then
      ``order_id``);
    - unprofitable customers: the number (and share of :math:`C`) with negative profit
      in the window from :func:`crmkit.value.customer_profitability`, the customers a
      company could cut or reprice;
    - staff cost per customer: interaction ``handling_cost`` in the window over
      :math:`|C|`; service cost per customer: ticket ``handling_cost`` (by ``opened_at``)
      over :math:`|C|`.

    Intervals. Sign-ups are a Poisson count: Garwood's exact interval for :math:`x`,
    divided by :math:`m`; the change :math:`(x_a - x_b)/m \pm z\sqrt{x_a + x_b}/m`. Churn
    and the unprofitable share are proportions of customers: Wilson intervals, and
    Newcombe's interval for the change, which treats the two windows as independent
    samples (customers present in both make the true interval narrower, so it errs on
    the wide side). The repeat share and the costs per customer are ratios of sums over
    customers (:math:`\sum y_c / \sum x_c`, with :math:`x_c` the customer's revenue, or 1
    for a customer in :math:`C`): linearised (ratio-estimator) intervals, and for the
    change the same on the customers of both windows, so a customer counted twice is
    paired with themselves (see :func:`crmkit._stats.ratio_interval`).

    The comparison is before/after, not a controlled experiment: anything else that
    changed at the launch (season, market, the loyalty programme, a young company's
    customers maturing) is mixed in, and the intervals measure sampling noise only.

    References
    ----------
    Higher School of Economics (HSE) (2007). Построение отношений клиентоориентированной
    компании [Building the relationships of a customer-oriented company]. Lecture slides,
    Moscow: HSE (slide 7, the indicators of a CRM project's effectiveness).

    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.). Wiley (ratio estimators).

    Garwood, F. (1936). Fiducial limits for the Poisson distribution. Biometrika 28(3/4),
    437-442.

    Newcombe, R. G. (1998). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Statistics in Medicine 17, 873-890.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C"],
    ...     "signup_date": pd.to_datetime(["2023-01-05", "2023-02-01", "2023-08-01"])})
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B", "C", "C"],
    ...     "order_id": ["o1", "o2", "o3", "o4", "o5"],
    ...     "order_date": pd.to_datetime(["2023-01-05", "2023-05-01", "2023-02-01",
    ...                                   "2023-08-01", "2023-11-01"]),
    ...     "revenue": [100.0, 50.0, 80.0, 60.0, 40.0], "cost": [50.0, 25.0, 40.0, 30.0, 20.0],
    ...     "product_id": ["P1"] * 5, "quantity": [1] * 5, "channel": ["web"] * 5})
    >>> hse = hse_indicators(customers, orders, launch="2023-07-01", window_months=6,
    ...                      observation_end="2023-12-31")
    >>> hse.loc[["new_customers_per_month", "repeat_sales_share"], ["before", "after", "change"]].round(3)
                             before  after  change
    indicator
    new_customers_per_month   0.333  0.167  -0.167
    repeat_sales_share        0.217  0.400   0.183
    >>> # two sign-ups in six months: Garwood's interval for 2 (0.242 to 7.225) over 6
    >>> hse.loc["new_customers_per_month", ["before_low", "before_high"]].round(3).tolist()
    [0.04, 1.204]
    """
    L = check_date(launch, "launch")
    T = check_date(observation_end, "observation_end")
    m = check_number(window_months, "window_months", lo=2, integer=True)
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    if m % 2:
        raise ValueError(
            f"argument 'window_months' must be even but is {m}; churn compares the first and "
            f"second half of each window."
        )
    half = pd.DateOffset(months=m // 2)
    a0, a1 = L - pd.DateOffset(months=m), L
    b0, b1 = L, L + pd.DateOffset(months=m)
    if b1 - pd.Timedelta(days=1) > T:
        raise ValueError(
            f"the after window {b0.date()} to {(b1 - pd.Timedelta(days=1)).date()} runs past "
            f"observation_end {T.date()}; use a shorter window_months or a later "
            f"observation_end."
        )
    order_lines = _check_order_lines(
        order_lines, customer=customer, order_date=order_date, order=order, revenue=revenue
    )
    customers = _check_customers(customers, {signup: (Dates(), "signup")}, customer)
    check_known(
        order_lines[customer],
        pd.Index(customers[customer]),
        column=customer,
        table="order_lines",
        other="customers",
        fix="pass the customers table the orders belong to",
    )
    if interactions is not None:
        interactions = check_frame(
            interactions,
            "interactions",
            {
                customer: Text(),
                interaction_date: Dates(),
                handling_cost: Numeric(lo=0, why="a cost in USD"),
            },
            params={interaction_date: "interaction_date", handling_cost: "handling_cost"},
        )
    if tickets is not None:
        tickets = check_frame(
            tickets,
            "tickets",
            {customer: Text(), opened_at: Dates(), handling_cost: Numeric(lo=0, why="USD")},
            params={opened_at: "opened_at", handling_cost: "handling_cost"},
        )
    from crmkit.value import customer_profitability

    # first ever order of each customer: by date, then order id
    heads = order_lines[[customer, order_date, order]].sort_values(
        [customer, order_date, order], kind="stable"
    )
    first_order = heads.drop_duplicates(customer, keep="first").set_index(customer)[order]
    repeat_line = (
        order_lines[order].to_numpy() != first_order.reindex(order_lines[customer]).to_numpy()
    )
    costs = {
        "staff_cost_per_customer": (interactions, interaction_date),
        "service_cost_per_customer": (tickets, opened_at),
    }

    def window(a: pd.Timestamp, b: pd.Timestamp) -> dict[str, object]:
        """The window's values and what their intervals need (counts, per-customer sums)."""
        when = order_lines[order_date]
        inside = ((when >= a) & (when < b)).to_numpy()
        lines = order_lines[inside]
        signups = customers[signup]
        out: dict[str, object] = {"signups": int(((signups >= a) & (signups < b)).sum())}
        day = pd.Timedelta(days=1)
        _, kept = _retention_counts(
            order_lines, customer, order_date, (a, a + half - day), (a + half, b - day)
        )
        out["base"], out["churned"] = len(kept), int((~kept).sum())
        by_customer = lines.groupby(customer, sort=True, observed=True)
        out["revenue"] = by_customer[revenue].sum()
        out["repeat"] = (
            lines[revenue]
            .where(repeat_line[inside], 0.0)
            .groupby(lines[customer], sort=True, observed=True)
            .sum()
        )
        active = pd.Index(lines[customer].unique())
        out["active"] = active
        out["unprofitable"] = 0
        if len(lines):
            kwargs: dict[str, object] = {"customers": customers}
            if channels is not None:
                kwargs["channels"] = channels
            for name, table, column in (
                ("interactions", interactions, interaction_date),
                ("tickets", tickets, opened_at),
            ):
                if table is not None:
                    part = table[(table[column] >= a) & (table[column] < b)]
                    if len(part):  # no contact in the window: no service cost to add
                        kwargs[name] = part
            profit = customer_profitability(lines, **kwargs)["profit"].reindex(active)
            out["unprofitable"] = int((profit < 0).sum())
        for name, (table, column) in costs.items():
            if table is not None:
                t = table[column]
                part = table[(t >= a) & (t < b)]
                out[name] = part.groupby(part[customer], observed=True)[handling_cost].sum()
        return out

    before, after = window(a0, a1), window(b0, b1)
    z = z_value(level)
    rows: dict[str, dict[str, float]] = {}

    def add(name, b, b_ci, a, a_ci, c_ci) -> None:
        rows[name] = {
            "before": b,
            "after": a,
            "change": a - b,
            "before_low": b_ci[0],
            "before_high": b_ci[1],
            "after_low": a_ci[0],
            "after_high": a_ci[1],
            "change_low": c_ci[0],
            "change_high": c_ci[1],
        }

    # new customers per month: Poisson counts over m months
    xb, xa = before["signups"], after["signups"]
    diff_half = z * np.sqrt(xb + xa) / m
    add(
        "new_customers_per_month",
        xb / m,
        np.array(poisson_interval(xb, level)) / m,
        xa / m,
        np.array(poisson_interval(xa, level)) / m,
        ((xa - xb) / m - diff_half, (xa - xb) / m + diff_half),
    )

    def share(x: int, n: int) -> tuple[float, tuple[float, float]]:
        if n == 0:
            return np.nan, (np.nan, np.nan)
        return x / n, wilson_interval(x, n, level)

    def change(xb: int, nb: int, xa: int, na: int) -> tuple[float, float]:
        if nb == 0 or na == 0:
            return (np.nan, np.nan)
        lo, hi = newcombe_interval(xa, na, xb, nb, level)
        return (lo, hi)

    nb, na = before["base"], after["base"]
    cb, ca = before["churned"], after["churned"]
    add("churn_rate", *share(cb, nb), *share(ca, na), change(cb, nb, ca, na))

    def ratio(y: pd.Series, x: pd.Series) -> tuple[float, tuple[float, float]]:
        if len(x) == 0 or x.sum() <= 0:
            return np.nan, (np.nan, np.nan)
        r, lo, hi = ratio_interval(y.to_numpy(), x.to_numpy(), level)
        return r, (lo, hi)

    def paired(yb: pd.Series, xb: pd.Series, ya: pd.Series, xa: pd.Series) -> tuple:
        if xb.sum() <= 0 or xa.sum() <= 0:
            return (np.nan, np.nan)
        units = xb.index.union(xa.index).union(yb.index).union(ya.index)
        y = np.column_stack([yb.reindex(units, fill_value=0.0), ya.reindex(units, fill_value=0)])
        x = np.column_stack([xb.reindex(units, fill_value=0.0), xa.reindex(units, fill_value=0)])
        _, lo, hi = ratio_interval(y, x, level)
        return (lo, hi)

    rb, ra = (before["repeat"], before["revenue"]), (after["repeat"], after["revenue"])
    add("repeat_sales_share", *ratio(*rb), *ratio(*ra), paired(*rb, *ra))
    ub, ua = before["unprofitable"], after["unprofitable"]
    nan2 = (np.nan, np.nan)
    add("unprofitable_customers", float(ub), nan2, float(ua), nan2, nan2)
    n_b, n_a = len(before["active"]), len(after["active"])
    add("unprofitable_share", *share(ub, n_b), *share(ua, n_a), change(ub, n_b, ua, n_a))
    for name in costs:
        if name not in before:
            continue
        # cost per active customer: a ratio of sums over every customer with a cost or an
        # order in the window (x = 1 for the customers with an order)
        xs = [pd.Series(1.0, index=w["active"]) for w in (before, after)]
        ys = [w[name].astype(float) for w in (before, after)]
        units = [x.index.union(y.index) for x, y in zip(xs, ys, strict=True)]
        xs = [x.reindex(u, fill_value=0.0) for x, u in zip(xs, units, strict=True)]
        ys = [y.reindex(u, fill_value=0.0) for y, u in zip(ys, units, strict=True)]
        add(name, *ratio(ys[0], xs[0]), *ratio(ys[1], xs[1]), paired(ys[0], xs[0], ys[1], xs[1]))
    result = pd.DataFrame.from_dict(rows, orient="index")
    result.index.name = "indicator"
    return result
