r"""Loyalty programmes: their effect on churn and spend, points liability, tier migration.

Notebook 07 asks what the loyalty programme did. The naive answer compares members with
non-members after the launch, but customers are not assigned to the programme at random:
the most engaged customers join most often, and they would have churned less anyway. This
*selection effect* makes the naive gap too large. :func:`programme_effect` and
:func:`spend_effect` show the naive comparison, how much more engaged members already
were before the launch, and a comparison *within* strata of pre-launch engagement pooled
with Mantel-Haenszel weights, which removes the part of the selection that pre-launch
behaviour captures (not the part it does not: the adjusted gap is still an observational
estimate). Because the kit's data are generated, :func:`compare_with_truth` can also
set these estimates against the *true* effect: the same company regenerated without the
programme's effect (``crmkit.data.generate(..., planted=...)``) shows how far the
adjustment gets.

:func:`points_balance`, :func:`points_liability` and :func:`tier_migration` read the
programme's event log (table ``loyalty_events``).

Every date is an argument: the launch, the observation end (orders after it are not yet
known and are left out) and ``as_of`` for balances; tier labels are compared after
cleaning (``'gold '`` is ``'gold'``).

References
----------
Mantel, N., & Haenszel, W. (1959). Statistical aspects of the analysis of data from
retrospective studies of disease. Journal of the National Cancer Institute 22, 719-748.
Greenland, S., & Robins, J. M. (1985). Estimation of a common effect parameter from sparse
follow-up data. Biometrics 41, 55-68. Leenheer, J., van Heerde, H. J., Bijmolt, T. H. A.,
& Smidts, A. (2007). Do loyalty programs really enhance behavioral loyalty? An empirical
analysis accounting for self-selecting members. International Journal of Research in
Marketing 24(1), 31-47.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmkit._stats import newcombe_interval, stats, z_value
from crmkit._validate import (
    Category,
    Dates,
    Flag,
    Numeric,
    Text,
    _kind,
    _short,
    check_choice,
    check_column_names,
    check_date,
    check_flag,
    check_frame,
    check_known,
    check_number,
    check_observation_end,
    clean_label,
    group_labels,
)
from crmkit.lifecycle import _check_customers, _check_order_lines

__all__ = [
    "ProgrammeEffect",
    "SpendEffect",
    "TruthComparison",
    "programme_effect",
    "spend_effect",
    "compare_with_truth",
    "points_balance",
    "points_liability",
    "tier_migration",
]

_ENGAGEMENT = ("pre_launch_order_rate", "pre_launch_orders", "pre_launch_spend")
_MONTH_DAYS = 365.25 / 12


# ----------------------------------------------------------------------------- shared


def _population(
    customers: object,
    order_lines: object,
    *,
    launch: object,
    observation_end: object,
    strata: str,
    n_strata: int,
    customer: str,
    order: str,
    order_date: str,
    revenue: str,
    member: str,
    landmark_days: float = 0,
    join_date: str = "loyalty_join_date",
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Timestamp, pd.Timestamp]:
    """Customers buying before the launch, with membership, engagement and stratum."""
    L = check_date(launch, "launch")
    T = check_date(observation_end, "observation_end")
    landmark = L + pd.Timedelta(days=check_number(landmark_days, "landmark_days", lo=0))
    if T <= L:
        raise ValueError(
            f"argument 'observation_end' ({T.date()}) must come after 'launch' ({L.date()}); "
            f"the effect is measured after the launch."
        )
    check_number(
        n_strata,
        "n_strata",
        lo=1,
        hi=50,
        integer=True,
        why="each stratum needs members and non-members",
    )
    if not isinstance(strata, str):
        raise TypeError(
            f"argument 'strata' must be 'pre_launch_order_rate', 'pre_launch_orders', "
            f"'pre_launch_spend' or a column "
            f"name of table 'customers' but is {_kind(strata)}."
        )
    columns: dict[str, tuple[object, str]] = {member: (Flag(why="membership is yes/no"), "member")}
    if strata not in _ENGAGEMENT:
        columns[strata] = (Text(), "strata")
    if landmark > L:
        columns[join_date] = (Dates(allow_nan=True), "join_date")
    customers = _check_customers(customers, columns, customer)
    order_lines = _check_order_lines(
        order_lines, customer=customer, order_date=order_date, order=order, revenue=revenue
    )
    check_known(
        order_lines[customer],
        pd.Index(customers[customer]),
        column=customer,
        table="order_lines",
        other="customers",
        fix="pass the customers table the orders belong to",
    )
    check_observation_end(T, [(order_lines[order_date], "order_lines", order_date)])
    known = order_lines[order_lines[order_date] <= T]
    pre = known[known[order_date] < L]
    if len(pre) == 0:
        raise ValueError(
            f"no order in table 'order_lines' is dated before the launch {L.date()} (column "
            f"'{order_date}'); the comparison needs customers who bought before the launch."
        )
    g = pre.groupby(pre[customer])
    months = (L - g[order_date].min()).dt.total_seconds() / 86400.0 / _MONTH_DAYS + 1.0
    frame = pd.DataFrame(
        {
            "pre_launch_orders": g[order].nunique(),
            "pre_launch_order_rate": g[order].nunique() / months,
            "pre_launch_spend": g[revenue].sum(),
        }
    )
    info = customers.set_index(customer)
    frame["member"] = info[member].reindex(frame.index).astype(bool).to_numpy()
    if landmark > L:
        # landmark: compare customers still buying in [L, landmark), members by then
        joined = info[join_date].reindex(frame.index)
        frame["member"] = frame["member"].to_numpy() & (joined < landmark).to_numpy()
        when = known[order_date]
        early = known.loc[(when >= L) & (when < landmark), customer].unique()
        frame = frame[frame.index.isin(early)]
        if len(frame) == 0:
            raise ValueError(
                f"no customer who bought before the launch {L.date()} ordered again before "
                f"the landmark {landmark.date()} (landmark_days={landmark_days}); use a "
                f"longer landmark_days or 0."
            )
    if strata in _ENGAGEMENT:
        values = frame[strata]
        frame["stratum"] = _quantile_strata(values.to_numpy(dtype=float), n_strata)
    else:
        frame["stratum"] = group_labels(info[strata]).reindex(frame.index).to_numpy()
    n1, n0 = int(frame["member"].sum()), int((~frame["member"]).sum())
    if n1 == 0 or n0 == 0:
        which = "members" if n1 == 0 else "non-members"
        raise ValueError(
            f"column '{member}' in table 'customers' has no {which} among the {len(frame)} "
            f"customers who bought before the launch {L.date()}; the comparison needs both."
        )
    return frame, known, L, T


def _quantile_strata(values: np.ndarray, n_strata: int) -> pd.Categorical:
    """Left-closed bins starting at the 0, 1/k, ..., (k-1)/k quantiles (ties share a bin).

    >>> _quantile_strata(np.array([1.0, 1, 1, 3, 3, 3, 3]), 2).tolist()
    ['[1, 3)', '[1, 3)', '[1, 3)', '[3, 3]', '[3, 3]', '[3, 3]', '[3, 3]']
    """
    starts = np.unique(np.quantile(values, np.arange(n_strata) / n_strata))
    top = values.max()
    code = np.searchsorted(starts, values, side="right") - 1
    ends = [*(f"{b:.6g})" for b in starts[1:]), f"{top:.6g}]"]
    labels = [f"[{a:.6g}, {b}" for a, b in zip(starts, ends, strict=True)]
    return pd.Categorical.from_codes(code, categories=labels)


def _selection(frame: pd.DataFrame, outcome: str) -> pd.DataFrame:
    out = frame.groupby("member").agg(
        n=("member", "size"),
        pre_launch_orders=("pre_launch_orders", "mean"),
        pre_launch_order_rate=("pre_launch_order_rate", "mean"),
        pre_launch_spend=("pre_launch_spend", "mean"),
        **{outcome: (outcome, "mean")},
    )
    out = out.rename(index={True: "members", False: "non_members"}).reindex(
        ["members", "non_members"]
    )
    out.index.name = "group"
    out["n"] = out["n"].astype("int64")
    return out


# ----------------------------------------------------------------------------- churn


@dataclass(frozen=True)
class ProgrammeEffect:
    """The loyalty programme's effect on churn (see :func:`programme_effect`).

    Attributes
    ----------
    naive : float
        Member churn minus non-member churn (negative: members churn less).
    naive_ci_low, naive_ci_high : float
        Newcombe (1998) hybrid score interval of ``naive``.
    adjusted : float
        Mantel-Haenszel risk difference over strata of pre-launch engagement.
    adjusted_ci_low, adjusted_ci_high : float
        Its Wald interval (Greenland & Robins 1985 variance).
    naive_risk_ratio, adjusted_risk_ratio : float
        Member over non-member churn, crude and Mantel-Haenszel.
    adjusted_odds_ratio : float
        The Mantel-Haenszel odds ratio of churn.
    n_members, n_non_members : int
        Customers compared (all bought before the launch).
    strata : pandas.DataFrame
        Per stratum: members, non-members, their churn, the difference and the MH weight.
    selection : pandas.DataFrame
        Members against non-members: pre-launch orders and spend (means) and churn.
    ci : float
        Confidence level.
    """

    naive: float
    naive_ci_low: float
    naive_ci_high: float
    adjusted: float
    adjusted_ci_low: float
    adjusted_ci_high: float
    naive_risk_ratio: float
    adjusted_risk_ratio: float
    adjusted_odds_ratio: float
    n_members: int
    n_non_members: int
    strata: pd.DataFrame
    selection: pd.DataFrame
    ci: float


def programme_effect(
    customers: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    launch: str | pd.Timestamp = "2023-01-01",
    observation_end: str | pd.Timestamp = "2024-12-31",
    churn_days: float = 180,
    strata: str = "pre_launch_order_rate",
    n_strata: int = 5,
    landmark_days: float = 0,
    ci: float = 0.95,
    customer: str = "customer_id",
    order: str = "order_id",
    order_date: str = "order_date",
    revenue: str = "revenue",
    member: str = "loyalty_member",
    join_date: str = "loyalty_join_date",
) -> ProgrammeEffect:
    r"""The loyalty programme's effect on churn: naive, and adjusted for self-selection.

    Parameters
    ----------
    customers : pandas.DataFrame
        Table ``customers`` with the membership flag.
    order_lines : pandas.DataFrame
        Table ``order_lines``.
    launch : str or pandas.Timestamp, default "2023-01-01"
        The programme's launch (the kit's programme started on 2023-01-01). Only customers
        with an order before it are compared: their pre-launch behaviour is the
        engagement members are selected on.
    observation_end : str or pandas.Timestamp, default "2024-12-31"
        The day churn is measured on; later orders are not used.
    churn_days : float, default 180
        A customer has churned when they have no order in the last ``churn_days`` days
        up to ``observation_end``.
    strata : str, default "pre_launch_order_rate"
        What to stratify on: ``"pre_launch_order_rate"`` (distinct orders before the
        launch per month since the first order, see Notes), ``"pre_launch_orders"`` (their
        count) or ``"pre_launch_spend"``, cut into ``n_strata`` quantile bins, or the
        name of a column of ``customers`` (e.g. ``"segment"``) used as it is. The rate is
        the default because a count also measures how long the customer had been
        buying, not only how engaged they were.
    n_strata : int, default 5
        Bins of the engagement measure: left-closed intervals starting at its 0,
        1/k, ..., (k-1)/k quantiles (fewer when quantiles tie, since equal values always
        share a bin).
    landmark_days : float, default 0
        0: compare every pre-launch buyer by final membership. Above 0: a landmark
        analysis from day :math:`L + ` ``landmark_days``: only pre-launch buyers who
        ordered again before that day are compared, and only those who had joined by
        then count as members (see Notes).
    ci : float, default 0.95
        Confidence level.
    customer, order, order_date, revenue, member, join_date : str
        Column names (``join_date`` is used only with ``landmark_days``).

    Returns
    -------
    ProgrammeEffect
        Naive and adjusted churn differences with intervals, ratios, strata and the
        selection table.

    Raises
    ------
    ValueError
        If a column is missing or malformed, no order predates the launch, or there are
        no members (or no non-members) among the pre-launch buyers.

    Notes
    -----
    Member :math:`i` has churned when :math:`T - l_i \ge` ``churn_days`` (:math:`l_i` the
    last order day, :math:`T` the observation end). The naive effect is
    :math:`\hat p_1 - \hat p_0` (members minus non-members) with Newcombe's interval. In
    stratum :math:`k` with :math:`a_k` of :math:`n_{1k}` members and :math:`c_k` of
    :math:`n_{0k}` non-members churned, :math:`N_k = n_{1k} + n_{0k}`, the
    Mantel-Haenszel (1959) risk difference and its variance (Greenland & Robins 1985,
    large strata) are

    .. math::

        \widehat{RD}_{MH} = \frac{\sum_k w_k (\hat p_{1k} - \hat p_{0k})}{\sum_k w_k},
        \quad w_k = \frac{n_{1k} n_{0k}}{N_k}, \quad
        \widehat{V} = \frac{\sum_k w_k^2 \left(\frac{\hat p_{1k}(1-\hat p_{1k})}{n_{1k}}
        + \frac{\hat p_{0k}(1-\hat p_{0k})}{n_{0k}}\right)}{(\sum_k w_k)^2},

    with the interval :math:`\widehat{RD}_{MH} \pm z \sqrt{\widehat V}`. The MH risk ratio
    is :math:`\sum_k a_k n_{0k}/N_k \big/ \sum_k c_k n_{1k}/N_k` and the MH odds ratio
    :math:`\sum_k a_k d_k/N_k \big/ \sum_k b_k c_k/N_k`. A stratum without members or
    without non-members has weight 0 (shown in ``strata``).

    The pre-launch order rate of a customer with :math:`o_i` orders before the launch
    :math:`L` and first order :math:`f_i` is :math:`o_i / ((L - f_i)/30.44 + 1)` orders a
    month (the month of the first order counts, so a customer who first bought just
    before the launch has a finite rate).

    The adjustment removes only the selection that pre-launch engagement captures; the
    engagement the counts do not measure still favours members. A second bias is
    *immortal time*: a customer who joined months after the launch had, by joining,
    not churned until then, while a customer who would have joined but left first is a
    non-member. A landmark analysis (``landmark_days`` > 0; Anderson, Cain & Gelber
    1983) compares only customers still buying by the landmark, by membership at the
    landmark (later joiners count as non-members, which biases towards 0).

    References
    ----------
    Mantel, N., & Haenszel, W. (1959). JNCI 22, 719-748. Greenland, S., & Robins, J. M.
    (1985). Biometrics 41, 55-68. Newcombe, R. G. (1998). Statistics in Medicine 17,
    873-890. Leenheer, J., et al. (2007). IJRM 24(1), 31-47. Anderson, J. R., Cain,
    K. C., & Gelber, R. D. (1983). Analysis of survival by tumor response. Journal of
    Clinical Oncology 1(11), 710-719.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"customer_id": list("ABCDEF"),
    ...     "loyalty_member": [True, True, False, True, False, False]})
    >>> orders = pd.DataFrame({"customer_id": list("ABCDEFABD"),
    ...     "order_id": [f"o{i}" for i in range(9)],
    ...     "order_date": pd.to_datetime(["2022-06-01"] * 6 + ["2024-11-01", "2022-09-01",
    ...                                                         "2024-10-01"]),
    ...     "revenue": [10.0] * 9})
    >>> eff = programme_effect(customers, orders, strata="pre_launch_orders", n_strata=2)
    >>> round(eff.naive, 3), eff.n_members, eff.n_non_members
    (-0.667, 3, 3)
    """
    check_column_names(
        customer=customer,
        order=order,
        order_date=order_date,
        revenue=revenue,
        member=member,
        join_date=join_date,
    )
    T_days = check_number(churn_days, "churn_days", lo=0, lo_open=True)
    check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    frame, known, L, T = _population(
        customers,
        order_lines,
        launch=launch,
        observation_end=observation_end,
        strata=strata,
        n_strata=n_strata,
        customer=customer,
        order=order,
        order_date=order_date,
        revenue=revenue,
        member=member,
        landmark_days=landmark_days,
        join_date=join_date,
    )
    last = known.groupby(known[customer])[order_date].max().reindex(frame.index)
    frame["churned"] = ((T - last) >= pd.Timedelta(days=T_days)).to_numpy()
    mem = frame["member"]
    x1, n1 = int(frame.loc[mem, "churned"].sum()), int(mem.sum())
    x0, n0 = int(frame.loc[~mem, "churned"].sum()), int((~mem).sum())
    naive = x1 / n1 - x0 / n0
    lo, hi = newcombe_interval(x1, n1, x0, n0, ci)

    st = _strata_table(frame, "churned")
    a, n1k = st["members_churned"], st["members"]
    c, n0k = st["non_members_churned"], st["non_members"]
    b, d = n1k - a, n0k - c
    N = n1k + n0k
    w = st["weight"]
    p1 = a / n1k.where(n1k > 0, 1)
    p0 = c / n0k.where(n0k > 0, 1)
    used = w > 0
    if not used.any():
        raise ValueError(
            "no stratum holds both members and non-members, so there is nothing to compare "
            "within strata; use fewer strata (n_strata) or another 'strata'."
        )
    W = float(w.sum())
    adjusted = float((w * (p1 - p0)).sum() / W)
    var_k = (p1 * (1 - p1) / n1k.where(n1k > 0, 1)) + (p0 * (1 - p0) / n0k.where(n0k > 0, 1))
    se = float(np.sqrt((w[used] ** 2 * var_k[used]).sum()) / W)
    z = z_value(ci)
    rr_den = float((c * n1k / N)[used].sum())
    or_den = float((b * c / N)[used].sum())
    return ProgrammeEffect(
        naive=float(naive),
        naive_ci_low=lo,
        naive_ci_high=hi,
        adjusted=adjusted,
        adjusted_ci_low=adjusted - z * se,
        adjusted_ci_high=adjusted + z * se,
        naive_risk_ratio=(x1 / n1) / (x0 / n0) if x0 else float("inf"),
        adjusted_risk_ratio=float((a * n0k / N)[used].sum()) / rr_den if rr_den else np.inf,
        adjusted_odds_ratio=float((a * d / N)[used].sum()) / or_den if or_den else np.inf,
        n_members=n1,
        n_non_members=n0,
        strata=st.assign(
            members_churn=p1.where(n1k > 0), non_members_churn=p0.where(n0k > 0)
        ).assign(difference=lambda s: s["members_churn"] - s["non_members_churn"]),
        selection=_selection(frame, "churned").rename(columns={"churned": "churn"}),
        ci=float(ci),
    )


def _strata_table(frame: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Members, non-members and the outcome's sum in each stratum, with the MH weight."""
    frame = frame.assign(_y1=frame[outcome].where(frame["member"], 0))
    frame = frame.assign(_y0=frame[outcome].where(~frame["member"], 0))
    st = frame.groupby("stratum", observed=True, sort=True).agg(
        members=("member", "sum"),
        size=("member", "size"),
        y1=("_y1", "sum"),
        y0=("_y0", "sum"),
    )
    st["members"] = st["members"].astype("int64")
    st["non_members"] = st["size"].astype("int64") - st["members"]
    suffix = "_churned" if outcome == "churned" else "_spend"
    st = st.rename(columns={"y1": f"members{suffix}", "y0": f"non_members{suffix}"})
    st["weight"] = st["members"] * st["non_members"] / st["size"]
    return st.drop(columns="size")[
        ["members", "non_members", f"members{suffix}", f"non_members{suffix}", "weight"]
    ]


# ----------------------------------------------------------------------------- spend


@dataclass(frozen=True)
class SpendEffect:
    """The loyalty programme's effect on yearly spend (see :func:`spend_effect`).

    Attributes
    ----------
    naive : float
        Mean yearly spend after the launch, members minus non-members, USD.
    naive_ci_low, naive_ci_high : float
        Welch t interval of ``naive``.
    adjusted : float
        Difference of stratum means pooled with Mantel-Haenszel weights, USD.
    adjusted_ci_low, adjusted_ci_high : float
        Its Wald interval.
    n_members, n_non_members : int
        Customers compared.
    strata, selection : pandas.DataFrame
        Per stratum means and weights; members against non-members before the launch.
    ci : float
        Confidence level.
    """

    naive: float
    naive_ci_low: float
    naive_ci_high: float
    adjusted: float
    adjusted_ci_low: float
    adjusted_ci_high: float
    n_members: int
    n_non_members: int
    strata: pd.DataFrame
    selection: pd.DataFrame
    ci: float


def spend_effect(
    customers: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    launch: str | pd.Timestamp = "2023-01-01",
    observation_end: str | pd.Timestamp = "2024-12-31",
    strata: str = "pre_launch_order_rate",
    n_strata: int = 5,
    landmark_days: float = 0,
    ci: float = 0.95,
    customer: str = "customer_id",
    order: str = "order_id",
    order_date: str = "order_date",
    revenue: str = "revenue",
    member: str = "loyalty_member",
    join_date: str = "loyalty_join_date",
) -> SpendEffect:
    r"""The loyalty programme's effect on yearly spend: naive, and adjusted for selection.

    Parameters
    ----------
    customers : pandas.DataFrame
        Table ``customers`` with the membership flag.
    order_lines : pandas.DataFrame
        Table ``order_lines``.
    launch : str or pandas.Timestamp, default "2023-01-01"
        The programme's launch; only customers who ordered before it are compared.
    observation_end : str or pandas.Timestamp, default "2024-12-31"
        The end of the after-launch period; later orders are not used.
    strata, n_strata, landmark_days : str, int, float
        As in :func:`programme_effect` (defaults ``"pre_launch_order_rate"``, 5, 0).
    ci : float, default 0.95
        Confidence level.
    customer, order, order_date, revenue, member, join_date : str
        Column names.

    Returns
    -------
    SpendEffect
        Naive and adjusted differences in yearly spend (USD) with intervals, strata and
        the selection table.

    Raises
    ------
    ValueError
        As :func:`programme_effect`, and if a stratum with weight has fewer than two
        members or non-members (its variance is undefined).

    Notes
    -----
    Yearly spend after the launch is :math:`y_i = \frac{365.25}{T - L + 1}
    \sum_{L \le t \le T} \text{revenue}_{it}` (0 for a customer who did not buy after
    the launch: churn lowers spend). The naive effect is :math:`\bar y_1 - \bar y_0`
    with Welch's t interval; the adjusted effect pools the stratum differences with the
    Mantel-Haenszel weights :math:`w_k = n_{1k} n_{0k} / N_k`:

    .. math::

        \hat\Delta = \frac{\sum_k w_k (\bar y_{1k} - \bar y_{0k})}{\sum_k w_k}, \quad
        \widehat V = \frac{\sum_k w_k^2 (s_{1k}^2/n_{1k} + s_{0k}^2/n_{0k})}{(\sum_k w_k)^2}.

    References
    ----------
    Mantel, N., & Haenszel, W. (1959). JNCI 22, 719-748. Welch, B. L. (1947). The
    generalization of "Student's" problem when several different population variances
    are involved. Biometrika 34, 28-35.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"customer_id": list("ABCD"),
    ...     "loyalty_member": [True, True, False, False]})
    >>> orders = pd.DataFrame({"customer_id": list("ABCDABCD"),
    ...     "order_id": [f"o{i}" for i in range(8)],
    ...     "order_date": pd.to_datetime(["2022-06-01"] * 4 + ["2024-03-01"] * 4),
    ...     "revenue": [10.0] * 4 + [400.0, 600.0, 300.0, 100.0]})
    >>> eff = spend_effect(customers, orders, n_strata=1)
    >>> round(eff.naive / eff.adjusted, 3)
    1.0
    """
    check_column_names(
        customer=customer,
        order=order,
        order_date=order_date,
        revenue=revenue,
        member=member,
        join_date=join_date,
    )
    check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    frame, known, L, T = _population(
        customers,
        order_lines,
        launch=launch,
        observation_end=observation_end,
        strata=strata,
        n_strata=n_strata,
        customer=customer,
        order=order,
        order_date=order_date,
        revenue=revenue,
        member=member,
        landmark_days=landmark_days,
        join_date=join_date,
    )
    post = known[known[order_date] >= L]
    years = ((T - L).days + 1) / 365.25
    frame["yearly_spend"] = (
        post.groupby(post[customer])[revenue].sum().reindex(frame.index, fill_value=0.0) / years
    )
    y, mem = frame["yearly_spend"], frame["member"]
    y1, y0 = y[mem].to_numpy(), y[~mem].to_numpy()
    naive = float(y1.mean() - y0.mean())
    v1 = y1.var(ddof=1) / len(y1) if len(y1) > 1 else np.nan
    v0 = y0.var(ddof=1) / len(y0) if len(y0) > 1 else np.nan
    se = np.sqrt(v1 + v0)
    df = (v1 + v0) ** 2 / (v1**2 / (len(y1) - 1) + v0**2 / (len(y0) - 1)) if se > 0 else np.inf
    t = float(stats.t.ppf(0.5 + ci / 2, df)) if se > 0 else 0.0

    g = frame.groupby(["stratum", "member"], observed=True)["yearly_spend"]
    means = g.mean().unstack("member")
    vars_ = g.var(ddof=1).unstack("member")
    counts = g.size().unstack("member", fill_value=0)
    st = pd.DataFrame(
        {
            "members": counts.get(True, 0),
            "non_members": counts.get(False, 0),
            "members_spend": means.get(True),
            "non_members_spend": means.get(False),
        }
    ).fillna({"members": 0, "non_members": 0})
    st["members"] = st["members"].astype("int64")
    st["non_members"] = st["non_members"].astype("int64")
    st["weight"] = st["members"] * st["non_members"] / (st["members"] + st["non_members"])
    st["difference"] = st["members_spend"] - st["non_members_spend"]
    used = st["weight"] > 0
    if not used.any():
        raise ValueError(
            "no stratum holds both members and non-members, so there is nothing to compare "
            "within strata; use fewer strata (n_strata) or another 'strata'."
        )
    small = used & ((st["members"] < 2) | (st["non_members"] < 2))
    if small.any():
        raise ValueError(
            f"stratum {st.index[int(np.argmax(small.to_numpy()))]!r} has fewer than 2 members "
            f"or non-members, so its spend variance is undefined; use fewer strata "
            f"(n_strata)."
        )
    w = st.loc[used, "weight"]
    W = float(w.sum())
    adjusted = float((w * st.loc[used, "difference"]).sum() / W)
    var_k = (
        vars_.loc[used.index[used], True] / st.loc[used, "members"]
        + vars_.loc[used.index[used], False] / st.loc[used, "non_members"]
    )
    se_adj = float(np.sqrt((w**2 * var_k).sum()) / W)
    z = z_value(ci)
    return SpendEffect(
        naive=naive,
        naive_ci_low=float(naive - t * se),
        naive_ci_high=float(naive + t * se),
        adjusted=adjusted,
        adjusted_ci_low=adjusted - z * se_adj,
        adjusted_ci_high=adjusted + z * se_adj,
        n_members=len(y1),
        n_non_members=len(y0),
        strata=st,
        selection=_selection(frame, "yearly_spend"),
        ci=float(ci),
    )


# ----------------------------------------------------------------------------- truth


@dataclass(frozen=True)
class TruthComparison:
    """Naive, stratified and true effect of the programme (see :func:`compare_with_truth`).

    Attributes
    ----------
    outcome : str
        ``"churn"`` (differences of churn shares) or ``"spend"`` (USD a year).
    naive, naive_ci_low, naive_ci_high : float
        Members minus non-members, as in :func:`programme_effect` (or
        :func:`spend_effect`).
    adjusted, adjusted_ci_low, adjusted_ci_high : float
        The Mantel-Haenszel comparison within strata of pre-launch engagement.
    true, true_ci_low, true_ci_high : float
        The members' outcome with the programme minus the same members' outcome in the
        regenerated data without it, with a paired interval.
    members_with, members_without : float
        The members' mean outcome in the two datasets.
    n_members, n_non_members : int
        Customers compared.
    strata : str
        What was stratified on.
    n_strata : int
        The number of strata asked for.
    ci : float
        Confidence level.
    """

    outcome: str
    naive: float
    naive_ci_low: float
    naive_ci_high: float
    adjusted: float
    adjusted_ci_low: float
    adjusted_ci_high: float
    true: float
    true_ci_low: float
    true_ci_high: float
    members_with: float
    members_without: float
    n_members: int
    n_non_members: int
    strata: str
    n_strata: int
    ci: float

    @property
    def bias_removed(self) -> float:
        """Share of the naive estimate's bias that stratifying removed:
        ``1 - (adjusted - true) / (naive - true)`` (1: all of it; 0: none)."""
        gap = self.naive - self.true
        return float("nan") if gap == 0 else 1.0 - (self.adjusted - self.true) / gap

    @property
    def bias_sentence(self) -> str:
        """How much of the selection bias stratifying removed, in words (for titles)."""
        removed = self.bias_removed
        if removed >= 0:
            return f"Stratifying removes {removed:.0%} of the selection bias"
        return f"Stratifying does not reduce the selection bias (it grows by {-removed:.0%})"

    @property
    def table(self) -> pd.DataFrame:
        """The three estimates as rows (``naive``, ``adjusted``, ``true``) with intervals."""
        return pd.DataFrame(
            {
                "effect": [self.naive, self.adjusted, self.true],
                "ci_low": [self.naive_ci_low, self.adjusted_ci_low, self.true_ci_low],
                "ci_high": [self.naive_ci_high, self.adjusted_ci_high, self.true_ci_high],
            },
            index=pd.Index(["naive", "adjusted", "true"], name="estimate"),
        )


def compare_with_truth(
    customers: pd.DataFrame,
    order_lines: pd.DataFrame,
    order_lines_without: pd.DataFrame,
    *,
    outcome: str = "churn",
    launch: str | pd.Timestamp = "2023-01-01",
    observation_end: str | pd.Timestamp = "2024-12-31",
    churn_days: float = 180,
    strata: str = "pre_launch_order_rate",
    n_strata: int = 5,
    landmark_days: float = 0,
    ci: float = 0.95,
    customer: str = "customer_id",
    order: str = "order_id",
    order_date: str = "order_date",
    revenue: str = "revenue",
    member: str = "loyalty_member",
    join_date: str = "loyalty_join_date",
) -> TruthComparison:
    r"""The programme's naive and stratified effect against its true effect.

    Observational data cannot tell how much of the members' advantage the programme
    caused. Generated data can: regenerate the same company (same seed and size) with
    the programme's effect switched off, and compare the members' outcome in the two
    worlds. This function puts the naive and the stratified estimate of
    :func:`programme_effect` (or :func:`spend_effect`) next to that true effect, so a
    class sees how far the adjustment gets.

    Parameters
    ----------
    customers, order_lines : pandas.DataFrame
        Tables ``customers`` and ``order_lines`` of the data with the programme.
    order_lines_without : pandas.DataFrame
        Table ``order_lines`` of the same company regenerated without the programme's
        effect, e.g. ``data.generate(42, 2000, planted=dataclasses.replace(
        data.PLANTED, loyalty_churn_hr=1.0))["order_lines"]``.
    outcome : {"churn", "spend"}, default "churn"
        Churn (as in :func:`programme_effect`) or yearly spend after the launch, USD (as
        in :func:`spend_effect`).
    launch, observation_end, churn_days, strata, n_strata, landmark_days, ci
        As in :func:`programme_effect` (``churn_days`` is used for churn only).
    customer, order, order_date, revenue, member, join_date : str
        Column names (the same in both order tables).

    Returns
    -------
    TruthComparison
        ``naive``, ``adjusted`` and ``true`` with their intervals, the members' outcome
        with and without the programme, ``bias_removed`` and ``table``.

    Raises
    ------
    ValueError
        As :func:`programme_effect`; if ``order_lines_without`` is malformed, or holds
        orders of fewer than half of the members (it is then not the same company
        regenerated); if ``outcome`` is unknown.

    Notes
    -----
    The true effect is the effect on the members (on the treated): with :math:`M` the
    members compared, :math:`y_i` a member's outcome with the programme and
    :math:`y_i^{0}` the same customer's outcome in the data without it,

    .. math:: \tau = \frac{1}{|M|}\sum_{i \in M} (y_i - y_i^{0}), \qquad
              \tau \pm z\,\frac{s_d}{\sqrt{|M|}},

    with :math:`s_d` the standard deviation of the paired differences. A customer with
    no order in ``order_lines_without`` has churned there and spent 0. The regeneration
    redraws the orders of customers whose churn time changed, so :math:`\tau` is itself
    estimated; its interval says how precisely.

    References
    ----------
    Rubin, D. B. (1974). Estimating causal effects of treatments in randomized and
    nonrandomized studies. *Journal of Educational Psychology*, 66(5), 688-701.
    Leenheer, J., van Heerde, H. J., Bijmolt, T. H. A., & Smidts, A. (2007). Do loyalty
    programs really enhance behavioral loyalty? *International Journal of Research in
    Marketing*, 24(1), 31-47.

    Examples
    --------
    Four pre-launch buyers; A and B joined. Without the programme, A would have stopped
    buying (churned); B buys anyway:

    >>> import pandas as pd
    >>> customers = pd.DataFrame({"customer_id": list("ABCD"),
    ...     "loyalty_member": [True, True, False, False]})
    >>> lines = pd.DataFrame({"customer_id": list("ABCDAB"),
    ...     "order_id": [f"o{i}" for i in range(6)],
    ...     "order_date": pd.to_datetime(["2022-06-01"] * 4 + ["2024-11-01"] * 2),
    ...     "revenue": [10.0] * 6})
    >>> without = lines.drop(index=4)  # A's late order does not happen
    >>> cmp = compare_with_truth(customers, lines, without, n_strata=1)
    >>> cmp.naive, cmp.true, cmp.members_without
    (-1.0, -0.5, 0.5)
    """
    check_choice(outcome, "outcome", ["churn", "spend"])
    options = {
        "launch": launch,
        "observation_end": observation_end,
        "strata": strata,
        "n_strata": n_strata,
        "landmark_days": landmark_days,
        "ci": ci,
        "customer": customer,
        "order": order,
        "order_date": order_date,
        "revenue": revenue,
        "member": member,
        "join_date": join_date,
    }
    if outcome == "churn":
        observed = programme_effect(customers, order_lines, churn_days=churn_days, **options)
    else:
        observed = spend_effect(customers, order_lines, **options)
    frame, known, L, T = _population(
        customers,
        order_lines,
        launch=launch,
        observation_end=observation_end,
        strata=strata,
        n_strata=n_strata,
        customer=customer,
        order=order,
        order_date=order_date,
        revenue=revenue,
        member=member,
        landmark_days=landmark_days,
        join_date=join_date,
    )
    rules = {customer: Text(), order_date: Dates()}
    params = {customer: "customer", order_date: "order_date"}
    if outcome == "spend":
        rules[revenue] = Numeric(lo=0, why="revenue is money received, never negative")
        params[revenue] = "revenue"
    other = check_frame(order_lines_without, "order_lines_without", rules, params=params)
    members = frame.index[frame["member"].to_numpy()]
    found = int(pd.Index(members).isin(other[customer]).sum())
    if found < len(members) / 2:
        raise ValueError(
            f"table 'order_lines_without' has orders of only {found} of the {len(members)} "
            f"members compared, so it is not the same company regenerated; pass the "
            f"order_lines of data.generate() with the same seed and n_customers and a "
            f"changed planted=."
        )
    other = other[other[order_date] <= T]

    def member_outcome(lines: pd.DataFrame) -> np.ndarray:
        if outcome == "churn":
            last = lines.groupby(lines[customer])[order_date].max().reindex(members)
            return ((T - last) >= pd.Timedelta(days=churn_days)).to_numpy() | last.isna().to_numpy()
        post = lines[lines[order_date] >= L]
        years = ((T - L).days + 1) / 365.25
        spend = post.groupby(post[customer])[revenue].sum().reindex(members, fill_value=0.0)
        return spend.to_numpy(dtype=float) / years

    with_ = member_outcome(known).astype(float)
    without_ = member_outcome(other).astype(float)
    diff = with_ - without_
    true = float(diff.mean())
    half = z_value(ci) * float(diff.std(ddof=1)) / np.sqrt(diff.size) if diff.size > 1 else np.nan
    return TruthComparison(
        outcome=outcome,
        naive=observed.naive,
        naive_ci_low=observed.naive_ci_low,
        naive_ci_high=observed.naive_ci_high,
        adjusted=observed.adjusted,
        adjusted_ci_low=observed.adjusted_ci_low,
        adjusted_ci_high=observed.adjusted_ci_high,
        true=true,
        true_ci_low=true - half,
        true_ci_high=true + half,
        members_with=float(with_.mean()),
        members_without=float(without_.mean()),
        n_members=observed.n_members,
        n_non_members=observed.n_non_members,
        strata=strata,
        n_strata=int(n_strata),
        ci=float(ci),
    )


# ----------------------------------------------------------------------------- points


def _check_events(
    loyalty_events: object, columns: dict[str, object], params: dict[str, str]
) -> pd.DataFrame:
    return check_frame(loyalty_events, "loyalty_events", columns, params=params)


def points_balance(
    loyalty_events: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp | None = None,
    customer: str = "customer_id",
    event_date: str = "event_date",
    points: str = "points",
) -> pd.Series:
    r"""Each member's outstanding points on a day.

    Parameters
    ----------
    loyalty_events : pandas.DataFrame
        Table ``loyalty_events``: ``points`` added (earn, positive) or removed (redeem,
        negative).
    as_of : str or pandas.Timestamp, optional
        Count events dated on or before this day; ``None`` (default) counts every event.
    customer, event_date, points : str
        Column names.

    Returns
    -------
    pandas.Series
        Integer points per member (index ``customer_id``, sorted), named ``points``; 0 for
        a member with events up to ``as_of`` but no points left.

    Raises
    ------
    ValueError
        If a column is missing or malformed, no event is dated by ``as_of``, or a
        member's balance is negative (more redeemed than earned: a data error).

    Notes
    -----
    .. math:: B_i(t) = \sum_{e \in E_i,\ t_e \le t} \text{points}_e .

    References
    ----------
    Liu, Y. (2007). The long-term impact of loyalty programs on consumer purchase
    behavior and loyalty. Journal of Marketing 71(4), 19-35.

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"customer_id": ["A", "A", "A", "B"],
    ...     "event_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01",
    ...                                   "2024-01-15"]),
    ...     "points": [0, 800, -500, 120]})
    >>> points_balance(events).tolist()
    [300, 120]
    >>> points_balance(events, as_of="2024-02-15").tolist()
    [800, 120]
    """
    check_column_names(customer=customer, event_date=event_date, points=points)
    events = _check_events(
        loyalty_events,
        {
            customer: Text(),
            event_date: Dates(),
            points: Numeric(integer=True, why="points are whole numbers"),
        },
        {customer: "customer", event_date: "event_date", points: "points"},
    )
    if as_of is not None:
        day = check_observation_end(
            check_date(as_of, "as_of"),
            [(events[event_date], "loyalty_events", event_date)],
            name="as_of",
        )
        events = events[events[event_date] <= day]
        if len(events) == 0:
            raise ValueError(
                f"no event in table 'loyalty_events' is dated on or before as_of "
                f"{day.date()} (column '{event_date}'); pick a later as_of."
            )
    balance = events.groupby(events[customer], sort=True)[points].sum().astype("int64")
    balance.name = "points"
    balance.index.name = customer
    if (balance < 0).any():
        who = balance.index[int(np.argmax((balance < 0).to_numpy()))]
        raise ValueError(
            f"column '{points}' in table 'loyalty_events' gives member {who!r} a negative "
            f"balance ({int(balance[who])}): more points redeemed than earned; check the "
            f"sign convention (earn positive, redeem negative) or the missing earn events."
        )
    return balance


def points_liability(
    loyalty_events: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp | None = None,
    point_value: float = 0.01,
    breakage: float = 0.0,
    customer: str = "customer_id",
    event_date: str = "event_date",
    points: str = "points",
) -> float:
    r"""The programme's liability for outstanding points, in USD.

    Parameters
    ----------
    loyalty_events : pandas.DataFrame
        Table ``loyalty_events``.
    as_of : str or pandas.Timestamp, optional
        The balance day (see :func:`points_balance`); ``None`` uses every event.
    point_value : float, default 0.01
        What one redeemed point costs the company, USD (1 cent: 500 points = 5 USD).
    breakage : float, default 0.0
        The expected share of outstanding points that will never be redeemed, in
        [0, 1); 0 books every point.
    customer, event_date, points : str
        Column names.

    Returns
    -------
    float
        The liability in USD.

    Raises
    ------
    ValueError
        As :func:`points_balance`, or if ``point_value`` is not positive or ``breakage``
        is outside [0, 1).

    Notes
    -----
    .. math:: \text{liability} = v\,(1 - b) \sum_i B_i(t)

    with :math:`v` the point value and :math:`b` the breakage rate (IFRS 15 books the
    points as deferred revenue net of expected breakage).

    References
    ----------
    IFRS Foundation (2014). IFRS 15 Revenue from Contracts with Customers, paragraphs
    B39-B43 (customer options, breakage).

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...     "event_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-15"]),
    ...     "points": [800, -500, 1200]})
    >>> points_liability(events, point_value=0.01, breakage=0.2)
    12.0
    """
    check_column_names(customer=customer, event_date=event_date, points=points)
    v = check_number(point_value, "point_value", lo=0, lo_open=True, why="USD per point")
    b = check_number(
        breakage, "breakage", lo=0, hi=1, hi_open=True, why="breakage is a share of points"
    )
    balance = points_balance(
        loyalty_events, as_of=as_of, customer=customer, event_date=event_date, points=points
    )
    return float(round(int(balance.sum()) * v * (1.0 - b), 10))


def tier_migration(
    loyalty_events: pd.DataFrame,
    *,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    tiers: tuple[str, ...] = ("bronze", "silver", "gold"),
    normalize: bool = False,
    customer: str = "customer_id",
    event_date: str = "event_date",
    tier: str = "tier",
) -> pd.DataFrame:
    r"""Members' tier at ``start`` against their tier at ``end`` (a transition table).

    Parameters
    ----------
    loyalty_events : pandas.DataFrame
        Table ``loyalty_events``; every event carries the member's tier after it.
    start, end : str or pandas.Timestamp
        The two days compared (``end`` after ``start``).
    tiers : tuple of str, default ("bronze", "silver", "gold")
        The tiers, lowest first.
    normalize : bool, default False
        ``False``: counts of members. ``True``: each row divided by its total (the share
        of a start tier's members in each end tier, a transition matrix); a row with no
        members is NaN.
    customer, event_date, tier : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Rows: ``"new member"`` (joined after ``start``) and the tiers at ``start``;
        columns: the tiers at ``end``. Members who joined after ``end`` are not in it.

    Raises
    ------
    ValueError
        If a column is missing or malformed, a tier is not in ``tiers``, or ``end`` is
        not after ``start``.

    Notes
    -----
    A member's tier on day :math:`t` is the tier of their last event on or before
    :math:`t` (ties: the later row). Cell :math:`(j, k)` counts members in tier
    :math:`j` at ``start`` and :math:`k` at ``end``; normalised,
    :math:`\hat P_{jk} = n_{jk} / \sum_k n_{jk}`, the maximum-likelihood estimate of a
    Markov transition matrix (Anderson & Goodman 1957).

    References
    ----------
    Anderson, T. W., & Goodman, L. A. (1957). Statistical inference about Markov chains.
    Annals of Mathematical Statistics 28(1), 89-110.

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"customer_id": ["A", "A", "B", "C"],
    ...     "event_date": pd.to_datetime(["2023-01-10", "2024-03-01", "2023-02-01",
    ...                                   "2024-05-01"]),
    ...     "tier": ["bronze", "silver", "bronze", "bronze"]})
    >>> tier_migration(events, start="2023-12-31", end="2024-12-31")
    end_tier    bronze  silver  gold
    start_tier
    new member       1       0     0
    bronze           1       1     0
    silver           0       0     0
    gold             0       0     0
    """
    check_column_names(customer=customer, event_date=event_date, tier=tier)
    if not isinstance(tiers, tuple) or not tiers or not all(isinstance(t, str) for t in tiers):
        raise TypeError(
            f"argument 'tiers' must be a tuple of tier names, lowest first, such as "
            f"('bronze', 'silver', 'gold'), but is {_short(tiers)}."
        )
    cleaned = tuple(clean_label(t) for t in tiers)
    if len(set(cleaned)) != len(cleaned) or "new member" in cleaned:
        raise ValueError(
            f"argument 'tiers' must name each tier once (and not 'new member', the row of "
            f"customers who joined in between) but is {_short(tiers)}."
        )
    tiers = cleaned
    normalize = check_flag(normalize, "normalize")
    t0, t1 = check_date(start, "start"), check_date(end, "end")
    if t1 <= t0:
        raise ValueError(
            f"argument 'end' ({t1.date()}) must come after 'start' ({t0.date()}); swap them."
        )
    events = _check_events(
        loyalty_events,
        {
            customer: Text(),
            event_date: Dates(),
            tier: Category(allowed=tiers, why="pass your tier names with tiers=(...)"),
        },
        {customer: "customer", event_date: "event_date", tier: "tier"},
    )
    ordered = events[[customer, event_date, tier]].assign(**{tier: group_labels(events[tier])})
    ordered = ordered.sort_values(event_date, kind="stable")

    def tier_on(day: pd.Timestamp) -> pd.Series:
        upto = ordered[ordered[event_date] <= day]
        return upto.groupby(upto[customer], sort=False)[tier].last().astype(str)

    at_end = tier_on(t1)
    at_start = tier_on(t0).reindex(at_end.index).fillna("new member")
    rows = ["new member", *tiers]
    table = pd.crosstab(
        pd.Categorical(at_start.to_numpy(), categories=rows),
        pd.Categorical(at_end.to_numpy(), categories=list(tiers)),
        dropna=False,
    )
    table = table.reindex(index=rows, columns=list(tiers), fill_value=0).astype("int64")
    table.index.name, table.columns.name = "start_tier", "end_tier"
    if normalize:
        totals = table.sum(axis=1)
        return table.div(totals.where(totals > 0), axis=0)
    return table
