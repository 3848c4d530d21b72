r"""Swift's CRM process loop: touchpoints, campaign lift against a control group, refinement.

Notebook 04 follows Swift (2001): the company *connects* with customers through touchpoints
(:func:`touchpoint_matrix`), turns data into *knowledge* by segmenting, plans a campaign,
*interacts* with the targeted customers and learns from their responses, then refines the
targets and runs again. A campaign's effect is measured against a randomised control group
that was held out (not contacted):

- :func:`campaign_lift`: response rates, lift with an interval and a test, per segment;
- :func:`campaign_economics`: what the lift cost, per incremental response;
- :func:`refine_targets`: the segments worth contacting in the next turn;
- :func:`loop_turn`: one full turn of the loop (segment, target, measure, refine) in one call;
- :func:`compare_turns`: the turns side by side (whom each targeted, lift, cost);
- :func:`plan_next_turn`: the refine step priced: targets, contacts, cost, expected gain;
- :func:`lift_verdict`: in words, whether each lift is real or its interval covers zero.

References
----------
Swift, R. S. (2001). Accelerating customer relationships: using CRM and relationship
technologies. Prentice Hall.

Radcliffe, N. J., & Surry, P. D. (2011). Real-world uplift modelling with
significance-based uplift trees. Stochastic Solutions White Paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmkit._customers import customer_attribute
from crmkit._stats import newcombe_interval, stats
from crmkit._validate import (
    Category,
    Flag,
    Numeric,
    Text,
    check_choice,
    check_frame,
    check_known,
    check_number,
)

__all__ = [
    "LoopTurn",
    "TurnPlan",
    "touchpoint_matrix",
    "campaign_lift",
    "campaign_economics",
    "refine_targets",
    "loop_turn",
    "compare_turns",
    "plan_next_turn",
    "VERDICTS",
    "lift_verdict",
]

_CONTACTS = "campaign_contacts"
_RULES = ("ci_low>0", "ci_low>min_lift", "lift>min_lift")


@dataclass(frozen=True, eq=False)
class LoopTurn:
    """One turn of Swift's loop: what a campaign did, per segment, and whom to target next.

    Attributes
    ----------
    campaign_id : str
        The campaign measured.
    by : str
        The segmentation column.
    n_treatment, n_control : int
        Customers contacted and held out.
    lift : pandas.DataFrame
        :func:`campaign_lift` per segment.
    overall_lift, overall_ci_low, overall_ci_high : float
        Lift of the whole campaign (all segments pooled) and its Newcombe interval.
    incremental_responses : float
        Responses the contacts added over what the control rate predicts (all segments).
    next_targets : tuple
        Segments chosen by :func:`refine_targets` for the next turn, largest lift first.
    dropped : tuple
        Segments targeted in this turn but not in the next.
    rule : str
        The refinement rule used.
    """

    campaign_id: str
    by: str
    n_treatment: int
    n_control: int
    lift: pd.DataFrame
    overall_lift: float
    overall_ci_low: float
    overall_ci_high: float
    incremental_responses: float
    next_targets: tuple
    dropped: tuple
    rule: str


# --------------------------------------------------------------------------- helpers


def _as_columns(by: object, name: str = "by") -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    if isinstance(by, Sequence) and by and all(isinstance(b, str) for b in by):
        return list(by)
    raise TypeError(
        f"argument '{name}' must be a column name or a list of column names, such as "
        f"'segment' or ['campaign_id', 'segment'], but is {by!r}."
    )


def _attach(
    data: pd.DataFrame,
    table: str,
    columns: list[str],
    customers: pd.DataFrame | None,
    customer: str,
) -> pd.DataFrame:
    """A frame of the grouping ``columns`` for every row of ``data``.

    Each column is taken from ``data`` when it has it, otherwise from ``customers`` via the
    customer key; a key without a match raises (never dropped).
    """
    out = pd.DataFrame(index=data.index)
    need = [c for c in columns if c not in data.columns]
    for c in columns:
        if c in data.columns:
            check_frame(data, table, {c: Category()}, params={c: "by"})
            out[c] = data[c]
    if not need:
        return out
    if customers is None:
        raise ValueError(
            f"table '{table}' has no column '{need[0]}'; pass customers=... (table 'customers' "
            f"with '{customer}' and '{need[0]}') to group by it, or add the column."
        )
    check_frame(data, table, {customer: Text()}, params={customer: "customer"})
    for c in need:
        out[c] = customer_attribute(data[customer], customers, c, customer=customer, table=table)
    return out


def _two_proportion_z(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray):
    """Pooled two-proportion z statistic and two-sided p-value (z = 0, p = 1 when no variance)."""
    pooled = (x1 + x2) / (n1 + n2)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    diff = x1 / n1 - x2 / n2
    z = np.divide(diff, se, out=np.zeros_like(diff, dtype="float64"), where=se > 0)
    return z, 2 * stats.norm.sf(np.abs(z))


def _contact_rules(group: str, response: str, treatment: str, control: str) -> dict:
    return {
        group: Category(
            allowed=(treatment, control),
            why="each contact is either in the treatment group (contacted) or held out as control",
        ),
        response: Flag(),
    }


# --------------------------------------------------------------------------- public API


def touchpoint_matrix(
    interactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    channel: str = "channel",
    kind: str | Sequence[str] | None = None,
    kind_column: str = "interaction_type",
    customers: pd.DataFrame | None = None,
    by: str | None = None,
    normalize: bool | str = False,
) -> pd.DataFrame:
    r"""The customer x channel touchpoint matrix (Swift's *connection*), or segment x channel.

    Parameters
    ----------
    interactions : pandas.DataFrame
        One row per touchpoint (table ``interactions``).
    customer, channel : str
        Column names of the customer key and the channel.
    kind : str or list of str, optional
        Keep only these interaction types (for example ``'complaint'`` or
        ``['inquiry', 'service']``); ``None`` (default) counts every touchpoint.
    kind_column : str, default 'interaction_type'
        The column holding the interaction type, used with ``kind``.
    customers : pandas.DataFrame, optional
        Table ``customers``. Without ``by``, every customer in it gets a row, with zeros
        where they had no touchpoint; with ``by``, it supplies the segment of each customer.
    by : str, optional
        A column of ``customers`` (such as ``'segment'``): count per group instead of per
        customer.
    normalize : False, 'index', 'columns' or 'all', default False
        ``False`` gives counts; ``'index'`` each row's share per channel (the channel mix of a
        customer or segment); ``'columns'`` each channel's share per row; ``'all'`` shares of
        all touchpoints.

    Returns
    -------
    pandas.DataFrame
        Rows: customers (sorted; all of ``customers`` when given) or groups of ``by``;
        columns: every channel (all categories of a categorical column, in their order,
        else the sorted labels), zeros filled. Counts are int64, shares float64.

    Raises
    ------
    ValueError
        If a column is missing or has missing values; ``kind`` matches no touchpoint; a
        customer of ``interactions`` is not in ``customers``; ``by`` is given without
        ``customers``; with ``normalize='index'`` a row has no touchpoint (its shares are
        undefined).

    Notes
    -----
    The count in row :math:`r` and channel :math:`c` is
    :math:`N_{rc} = \#\{\text{touchpoints of } r \text{ through } c\}`; with
    ``normalize='index'`` it becomes :math:`N_{rc} / \sum_{c'} N_{rc'}`, with ``'columns'``
    :math:`N_{rc} / \sum_{r'} N_{r'c}`, with ``'all'`` :math:`N_{rc} / \sum N`. Mapping these
    touchpoints is the *connection* component of Swift's (2001) model.

    References
    ----------
    Swift, R. S. (2001). Accelerating customer relationships: using CRM and relationship
    technologies. Prentice Hall.

    Examples
    --------
    >>> import pandas as pd
    >>> inter = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...                       "channel": ["web", "phone", "web"],
    ...                       "interaction_type": ["inquiry", "complaint", "inquiry"]})
    >>> touchpoint_matrix(inter)
    channel      phone  web
    customer_id
    A                1    1
    B                0    1
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C"],
    ...                           "segment": ["household", "corporate", "corporate"]})
    >>> touchpoint_matrix(inter, customers=customers, by="segment", normalize="index")
    channel    phone  web
    segment
    corporate    0.0  1.0
    household    0.5  0.5
    """
    normalize = check_choice(normalize, "normalize", [False, "index", "columns", "all"])
    rules = {customer: Text(), channel: Category()}
    params = {customer: "customer", channel: "channel"}
    if kind is not None:
        rules[kind_column] = Category()
        params[kind_column] = "kind_column"
    check_frame(interactions, "interactions", rules, params=params)
    data = interactions
    if kind is not None:
        kinds = [kind] if isinstance(kind, str) else list(kind)
        keep = data[kind_column].isin(kinds)
        if not keep.any():
            seen = ", ".join(repr(k) for k in sorted(map(str, data[kind_column].unique())))
            raise ValueError(
                f"no touchpoint in table 'interactions' has {kind_column} in {kinds}; "
                f"column '{kind_column}' holds {seen}."
            )
        data = data[keep]
    if isinstance(interactions[channel].dtype, pd.CategoricalDtype):
        channels = list(interactions[channel].cat.categories)
    else:
        channels = sorted(interactions[channel].unique())
    if by is not None:
        if customers is None:
            raise ValueError(
                f"by='{by}' needs the customers table (with '{customer}' and '{by}'); pass "
                f"customers=..."
            )
        rows_frame = _attach(data, "interactions", [by], customers, customer)
        rows = rows_frame[by]
        if isinstance(rows.dtype, pd.CategoricalDtype):
            row_labels = list(rows.cat.categories)
        else:
            row_labels = sorted(customers[by].unique())
        row_name = by
    else:
        rows = data[customer]
        row_name = customer
        if customers is not None:
            check_frame(
                customers,
                "customers",
                {customer: Text()},
                params={customer: "customer"},
                unique=customer,
            )
            check_known(
                data[customer],
                customers[customer],
                column=customer,
                table="interactions",
                other="customers",
            )
            row_labels = sorted(customers[customer].unique())
        else:
            row_labels = sorted(data[customer].unique())
    counts = (
        pd.DataFrame(
            {"r": np.asarray(rows, dtype=object), "c": np.asarray(data[channel], dtype=object)}
        )
        .groupby(["r", "c"], sort=False)
        .size()
        .unstack("c", fill_value=0)
        .reindex(index=row_labels, columns=channels, fill_value=0)
        .astype("int64")
    )
    counts.index.name = row_name
    counts.columns.name = channel
    if normalize is False:
        return counts
    if normalize == "index":
        totals = counts.sum(axis=1)
        if (totals == 0).any():
            empty = totals.index[int(np.argmax((totals == 0).to_numpy()))]
            raise ValueError(
                f"row {empty!r} of the touchpoint matrix has no touchpoints, so its channel "
                f"shares are undefined; use counts (normalize=False) or leave customers "
                f"without touchpoints out (customers=None)."
            )
        return counts.div(totals, axis=0)
    if normalize == "columns":
        return counts.div(counts.sum(axis=0).replace(0, 1), axis=1)
    return counts / counts.to_numpy().sum()


def campaign_lift(
    contacts: pd.DataFrame,
    *,
    group: str = "group",
    response: str = "responded",
    by: str | Sequence[str] | None = None,
    customers: pd.DataFrame | None = None,
    treatment: str = "treatment",
    control: str = "control",
    ci: float = 0.95,
    customer: str = "customer_id",
) -> pd.DataFrame:
    r"""Campaign response and lift against the randomised control group, with an interval.

    Parameters
    ----------
    contacts : pandas.DataFrame
        One row per customer assigned in a campaign (table ``campaign_contacts``); filter it
        to one campaign first, or pass ``by='campaign_id'``.
    group : str, default 'group'
        The column saying whether a customer was contacted (``treatment``) or held out
        (``control``).
    response : str, default 'responded'
        The yes/no response column.
    by : str or list of str, optional
        Grouping column(s), from ``contacts`` or else from ``customers`` (such as
        ``'segment'``). ``None`` pools all rows into one row labelled ``'all'``.
    customers : pandas.DataFrame, optional
        Table ``customers``, needed when a ``by`` column is not in ``contacts``.
    treatment, control : str, default 'treatment', 'control'
        The labels of the two groups in ``group``.
    ci : float, default 0.95
        Confidence level of the interval of the lift.
    customer : str, default 'customer_id'
        The customer key in both tables.

    Returns
    -------
    pandas.DataFrame
        One row per group of ``by``, columns ``n_treatment``, ``n_control``,
        ``responses_treatment``, ``responses_control``, ``rate_treatment``,
        ``rate_control``, ``lift`` (difference of rates in proportion units: 0.04 is
        4 percentage points), ``ci_low``, ``ci_high``, ``z``, ``p_value`` and
        ``incremental_responses``.

    Raises
    ------
    ValueError
        If a column is missing or invalid, a label of ``group`` is neither ``treatment``
        nor ``control``, a row of ``by`` has no treatment or no control customer, or a
        customer is missing from ``customers``.

    Notes
    -----
    With :math:`x_T` responses among :math:`n_T` contacted and :math:`x_C` among
    :math:`n_C` held out, :math:`\hat p_T = x_T/n_T`, :math:`\hat p_C = x_C/n_C` and

    .. math:: \text{lift} = \hat p_T - \hat p_C, \qquad
              \text{incremental responses} = n_T\,(\hat p_T - \hat p_C).

    The interval is Newcombe's hybrid score interval (method 10), built from the Wilson
    intervals :math:`[l_T, u_T]`, :math:`[l_C, u_C]` of the two rates:

    .. math:: \left[\text{lift} - \sqrt{(\hat p_T - l_T)^2 + (u_C - \hat p_C)^2},\;
              \text{lift} + \sqrt{(u_T - \hat p_T)^2 + (\hat p_C - l_C)^2}\right].

    The p-value is the two-sided pooled two-proportion z test,
    :math:`z = \text{lift} / \sqrt{\bar p(1-\bar p)(1/n_T + 1/n_C)}` with
    :math:`\bar p = (x_T + x_C)/(n_T + n_C)`; when :math:`\bar p` is 0 or 1 the lift is
    exactly 0 and :math:`z = 0`, :math:`p = 1`. Because the control group was chosen at
    random, the lift estimates the causal effect of the contact.

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Statistics in Medicine, 17(8), 873-890.

    Swift, R. S. (2001). Accelerating customer relationships. Prentice Hall.

    Examples
    --------
    >>> import pandas as pd
    >>> contacts = pd.DataFrame({
    ...     "group": ["treatment"] * 70 + ["control"] * 80,
    ...     "responded": [True] * 56 + [False] * 14 + [True] * 48 + [False] * 32})
    >>> lift = campaign_lift(contacts)
    >>> lift[["rate_treatment", "rate_control", "lift", "ci_low", "ci_high"]].round(4)
         rate_treatment  rate_control  lift  ci_low  ci_high
    all             0.8           0.6   0.2  0.0524   0.3339
    """
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    keys = _as_columns(by)
    check_frame(
        contacts,
        _CONTACTS,
        _contact_rules(group, response, treatment, control),
        params={group: "group", response: "response"},
    )
    labels = _attach(contacts, _CONTACTS, keys, customers, customer)
    if not keys:
        labels = pd.DataFrame({"_all": np.full(len(contacts), "all")}, index=contacts.index)
        keys_used = ["_all"]
    else:
        keys_used = keys
    frame = labels.assign(
        _treated=(contacts[group] == treatment).to_numpy(),
        _resp=contacts[response].astype(bool).to_numpy(),
    )
    counts = frame.groupby([*keys_used, "_treated"], observed=True, sort=True)["_resp"].agg(
        ["size", "sum"]
    )
    table = counts.unstack("_treated", fill_value=0)
    for flag, label in ((True, treatment), (False, control)):
        if ("size", flag) not in table.columns or (table[("size", flag)] == 0).any():
            where = (
                "the table"
                if ("size", flag) not in table.columns
                else f"group {table.index[int(np.argmax(table[('size', flag)] == 0))]!r}"
            )
            raise ValueError(
                f"column '{group}' in table '{_CONTACTS}' has no '{label}' customer in "
                f"{where}; the lift compares contacted with held-out customers, so each group "
                f"needs both (merge small groups or choose another by=)."
            )
    n_t = table[("size", True)].to_numpy(dtype="float64")
    n_c = table[("size", False)].to_numpy(dtype="float64")
    x_t = table[("sum", True)].to_numpy(dtype="float64")
    x_c = table[("sum", False)].to_numpy(dtype="float64")
    # one Newcombe interval per row of the result (a handful of segments)
    bounds = np.array(
        [
            newcombe_interval(a, b, c, d, level)
            for a, b, c, d in zip(x_t, n_t, x_c, n_c, strict=True)
        ]
    )
    z, p = _two_proportion_z(x_t, n_t, x_c, n_c)
    lift = x_t / n_t - x_c / n_c
    out = pd.DataFrame(
        {
            "n_treatment": n_t.astype("int64"),
            "n_control": n_c.astype("int64"),
            "responses_treatment": x_t.astype("int64"),
            "responses_control": x_c.astype("int64"),
            "rate_treatment": x_t / n_t,
            "rate_control": x_c / n_c,
            "lift": lift,
            "ci_low": bounds[:, 0],
            "ci_high": bounds[:, 1],
            "z": z,
            "p_value": p,
            "incremental_responses": n_t * lift,
        },
        index=table.index,
    )
    if not keys:
        out.index = pd.Index(["all"])
    return out


def campaign_economics(
    contacts: pd.DataFrame,
    campaigns: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    customers: pd.DataFrame | None = None,
    campaign: str = "campaign_id",
    group: str = "group",
    response: str = "responded",
    revenue: str = "response_revenue",
    cost_per_contact: str = "cost_per_contact",
    treatment: str = "treatment",
    control: str = "control",
    customer: str = "customer_id",
) -> pd.DataFrame:
    r"""What each campaign's lift cost: cost per incremental response and incremental revenue.

    Parameters
    ----------
    contacts : pandas.DataFrame
        Table ``campaign_contacts``.
    campaigns : pandas.DataFrame
        Table ``campaigns`` with ``campaign`` and ``cost_per_contact``.
    by : str or list of str, optional
        Further grouping within each campaign (such as ``'segment'``), from ``contacts`` or
        ``customers``.
    customers : pandas.DataFrame, optional
        Table ``customers``, needed when a ``by`` column is not in ``contacts``.
    campaign, group, response, revenue, cost_per_contact, customer : str
        Column names (defaults from the data contract).
    treatment, control : str, default 'treatment', 'control'
        Labels of the contacted and held-out groups.

    Returns
    -------
    pandas.DataFrame
        One row per campaign (and ``by`` group), columns ``n_treatment``, ``n_control``,
        ``cost`` (USD), ``lift``, ``incremental_responses``,
        ``revenue_per_treated``, ``revenue_per_control`` (USD per customer),
        ``incremental_revenue`` (USD), ``cost_per_incremental_response`` (USD; ``inf``
        when the campaign added no response) and ``revenue_per_cost`` (incremental revenue
        per USD spent).

    Raises
    ------
    ValueError
        If a column is missing or invalid, a campaign of ``contacts`` is not in
        ``campaigns``, ``campaigns`` repeats an ID, or a group lacks treatment or control.

    Notes
    -----
    Only contacted customers cost money (the control group is not contacted):
    :math:`\text{cost} = n_T \cdot c`, with :math:`c` the cost per contact. With mean
    response revenue :math:`\bar r_T` and :math:`\bar r_C` per customer,

    .. math:: \Delta R = n_T(\bar r_T - \bar r_C), \qquad
              \Delta x = n_T(\hat p_T - \hat p_C), \qquad
              \text{CPIR} = \frac{n_T c}{\Delta x}\ (\Delta x > 0).

    Swift (2001) judges contact effectiveness by the cost of the response a contact
    *caused*; counting all responses of the treated group would credit the campaign with
    customers who would have bought anyway. Revenue is not margin: compare
    ``revenue_per_cost`` with the inverse of the gross margin before calling a campaign
    profitable.

    References
    ----------
    Swift, R. S. (2001). Accelerating customer relationships. Prentice Hall.

    Radcliffe, N. J., & Surry, P. D. (2011). Real-world uplift modelling with
    significance-based uplift trees. Stochastic Solutions White Paper.

    Examples
    --------
    >>> import pandas as pd
    >>> contacts = pd.DataFrame({
    ...     "campaign_id": ["K01"] * 8,
    ...     "group": ["treatment"] * 4 + ["control"] * 4,
    ...     "responded": [True, True, False, False, True, False, False, False],
    ...     "response_revenue": [50.0, 30.0, 0, 0, 40.0, 0, 0, 0]})
    >>> campaigns = pd.DataFrame({"campaign_id": ["K01"], "cost_per_contact": [2.5]})
    >>> econ = campaign_economics(contacts, campaigns)
    >>> econ.loc["K01", ["cost", "incremental_responses", "incremental_revenue",
    ...                  "cost_per_incremental_response"]]
    cost                             10.0
    incremental_responses             1.0
    incremental_revenue              40.0
    cost_per_incremental_response    10.0
    Name: K01, dtype: float64
    """
    keys = [campaign, *_as_columns(by)]
    check_frame(
        contacts,
        _CONTACTS,
        {
            campaign: Text(),
            revenue: Numeric(lo=0, why="a response's revenue is 0 or more USD"),
        },
        params={campaign: "campaign", revenue: "revenue"},
    )
    check_frame(
        campaigns,
        "campaigns",
        {campaign: Text(), cost_per_contact: Numeric(lo=0, why="costs are 0 or more USD")},
        params={campaign: "campaign", cost_per_contact: "cost_per_contact"},
        unique=campaign,
    )
    check_known(
        contacts[campaign], campaigns[campaign], column=campaign, table=_CONTACTS, other="campaigns"
    )
    lift = campaign_lift(
        contacts,
        group=group,
        response=response,
        by=keys,
        customers=customers,
        treatment=treatment,
        control=control,
        customer=customer,
    )
    labels = _attach(contacts, _CONTACTS, keys, customers, customer)
    rev = (
        labels.assign(_t=(contacts[group] == treatment).to_numpy(), _r=contacts[revenue])
        .groupby([*keys, "_t"], observed=True, sort=True)["_r"]
        .mean()
        .unstack("_t")
        .reindex(lift.index)
    )
    unit_cost = campaigns.set_index(campaign)[cost_per_contact]
    camp_of_row = lift.index.get_level_values(campaign)
    n_t = lift["n_treatment"].to_numpy(dtype="float64")
    cost = n_t * unit_cost.reindex(camp_of_row).to_numpy(dtype="float64")
    inc = lift["incremental_responses"].to_numpy()
    inc_rev = n_t * (rev[True].to_numpy() - rev[False].to_numpy())
    out = pd.DataFrame(
        {
            "n_treatment": lift["n_treatment"],
            "n_control": lift["n_control"],
            "cost": cost,
            "lift": lift["lift"],
            "incremental_responses": inc,
            "revenue_per_treated": rev[True].to_numpy(),
            "revenue_per_control": rev[False].to_numpy(),
            "incremental_revenue": inc_rev,
            "cost_per_incremental_response": np.divide(
                cost, inc, out=np.full_like(cost, np.inf), where=inc > 0
            ),
            "revenue_per_cost": np.divide(
                inc_rev, cost, out=np.full_like(cost, np.inf), where=cost > 0
            ),
        },
        index=lift.index,
    )
    return out


def refine_targets(
    lift_table: pd.DataFrame,
    *,
    rule: str = "ci_low>0",
    min_lift: float = 0.0,
) -> tuple:
    r"""The *refine* step: which segments to target in the next turn of the loop.

    Parameters
    ----------
    lift_table : pandas.DataFrame
        A :func:`campaign_lift` result, one row per segment, with ``lift`` and ``ci_low``.
    rule : {'ci_low>0', 'ci_low>min_lift', 'lift>min_lift'}, default 'ci_low>0'
        ``'ci_low>0'``: keep a segment when the lower end of its interval is above zero (the
        lift is positive with the interval's confidence) *and* its lift exceeds
        ``min_lift``; ``'ci_low>min_lift'``: the whole interval is above ``min_lift`` (the
        strictest); ``'lift>min_lift'``: the point estimate alone is above ``min_lift`` (the
        most lenient; it will retarget noise).
    min_lift : float, default 0.0
        Smallest lift worth paying for, in proportion units (0.02 = 2 percentage points),
        for example the break-even lift of :func:`campaign_economics`.

    Returns
    -------
    tuple
        The index labels of the kept rows, largest lift first (empty when none qualifies).

    Raises
    ------
    ValueError
        If ``lift_table`` lacks ``lift`` or ``ci_low``, holds missing values or is empty, or
        ``rule`` is unknown.

    Notes
    -----
    With lift :math:`\hat\Delta_s` and interval :math:`[L_s, U_s]` for segment :math:`s` and
    threshold :math:`m`, the rules keep :math:`\{s : L_s > 0 \wedge \hat\Delta_s > m\}`,
    :math:`\{s : L_s > m\}` or :math:`\{s : \hat\Delta_s > m\}`. Requiring the interval to
    clear zero guards against retargeting segments whose lift was luck; Swift's loop then
    measures again, so a segment dropped wrongly can be tested again later.

    References
    ----------
    Swift, R. S. (2001). Accelerating customer relationships. Prentice Hall.

    Examples
    --------
    >>> import pandas as pd
    >>> lift = pd.DataFrame({"lift": [0.04, 0.10, 0.01], "ci_low": [0.005, 0.06, -0.03]},
    ...                     index=["household", "small_business", "corporate"])
    >>> refine_targets(lift)
    ('small_business', 'household')
    >>> refine_targets(lift, rule="ci_low>min_lift", min_lift=0.02)
    ('small_business',)
    """
    rule = check_choice(rule, "rule", _RULES)
    threshold = check_number(min_lift, "min_lift", lo=-1, hi=1)
    check_frame(
        lift_table,
        "lift_table",
        {
            "lift": Numeric(-1, 1, why="a lift is a difference of two response rates"),
            "ci_low": Numeric(-1, 1, why="a lift is a difference of two response rates"),
        },
    )
    lift, low = lift_table["lift"], lift_table["ci_low"]
    if rule == "ci_low>0":
        keep = (low > 0) & (lift > threshold)
    elif rule == "ci_low>min_lift":
        keep = low > threshold
    else:
        keep = lift > threshold
    kept = lift[keep].sort_values(ascending=False, kind="stable")
    return tuple(kept.index)


def loop_turn(
    contacts: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    campaign_id: str,
    by: str = "segment",
    ci: float = 0.95,
    rule: str = "ci_low>0",
    min_lift: float = 0.0,
    campaign: str = "campaign_id",
    group: str = "group",
    response: str = "responded",
    treatment: str = "treatment",
    control: str = "control",
    customer: str = "customer_id",
) -> LoopTurn:
    r"""One turn of Swift's loop on one campaign: segment, target, measure, refine.

    Parameters
    ----------
    contacts : pandas.DataFrame
        Table ``campaign_contacts`` (all campaigns; the turn's campaign is selected).
    customers : pandas.DataFrame
        Table ``customers``, for the segment of each contacted customer.
    campaign_id : str
        The campaign of this turn (for example ``'K01'``).
    by : str, default 'segment'
        The segmentation column (of ``contacts`` or ``customers``).
    ci : float, default 0.95
        Confidence level of the lift intervals.
    rule, min_lift
        The refinement rule, as in :func:`refine_targets`.
    campaign, group, response, customer : str
        Column names (defaults from the data contract).
    treatment, control : str, default 'treatment', 'control'
        Labels of the contacted and held-out groups.

    Returns
    -------
    LoopTurn
        Per-segment lift, the pooled lift with its interval, incremental responses, the
        next turn's targets and the segments dropped.

    Raises
    ------
    ValueError
        If ``campaign_id`` is not in ``contacts``, or as :func:`campaign_lift`.

    Notes
    -----
    *Segment*: the customers of the campaign are grouped by ``by``. *Target* and
    *interact*: the campaign contacted a random half of each segment (``treatment``) and
    held out the rest (``control``). *Measure*: :func:`campaign_lift` per segment and
    pooled, :math:`\hat p_T - \hat p_C` with Newcombe's interval. *Refine*:
    :func:`refine_targets` keeps the segments whose lift passes ``rule``; the next turn
    contacts only those, and measures again against a new control group.

    References
    ----------
    Swift, R. S. (2001). Accelerating customer relationships. Prentice Hall.

    Examples
    --------
    >>> import pandas as pd
    >>> contacts = pd.DataFrame({
    ...     "campaign_id": "K01",
    ...     "customer_id": [f"C{i}" for i in range(400)],
    ...     "group": ["treatment", "control"] * 200,
    ...     "responded": ([True] * 60 + [False] * 140    # first 200: 30 of 100 vs 30 of 100
    ...                   + [True, False] * 100)})        # last 200: 100 of 100 vs 0 of 100
    >>> customers = pd.DataFrame({"customer_id": [f"C{i}" for i in range(400)],
    ...                           "segment": ["corporate"] * 200 + ["household"] * 200})
    >>> turn = loop_turn(contacts, customers, campaign_id="K01")
    >>> turn.next_targets, turn.dropped
    (('household',), ('corporate',))
    >>> turn.lift["lift"].round(2).tolist()
    [0.0, 1.0]
    """
    if not isinstance(campaign_id, str):
        raise TypeError(
            f"argument 'campaign_id' must be a campaign ID such as 'K01' but is {campaign_id!r}."
        )
    check_frame(contacts, _CONTACTS, {campaign: Text()}, params={campaign: "campaign"})
    mask = contacts[campaign] == campaign_id
    if not mask.any():
        seen = ", ".join(repr(c) for c in sorted(map(str, contacts[campaign].unique()))[:10])
        raise ValueError(
            f"campaign {campaign_id!r} has no rows in column '{campaign}' of table "
            f"'{_CONTACTS}' (it has {seen}); pick one of those."
        )
    rows = contacts[mask]
    options = dict(
        group=group,
        response=response,
        treatment=treatment,
        control=control,
        ci=ci,
        customer=customer,
    )
    per_segment = campaign_lift(rows, by=by, customers=customers, **options)
    overall = campaign_lift(rows, **options).iloc[0]
    targets = refine_targets(per_segment, rule=rule, min_lift=min_lift)
    dropped = tuple(s for s in per_segment.index if s not in targets)
    return LoopTurn(
        campaign_id=campaign_id,
        by=by,
        n_treatment=int(overall["n_treatment"]),
        n_control=int(overall["n_control"]),
        lift=per_segment,
        overall_lift=float(overall["lift"]),
        overall_ci_low=float(overall["ci_low"]),
        overall_ci_high=float(overall["ci_high"]),
        incremental_responses=float(overall["incremental_responses"]),
        next_targets=targets,
        dropped=dropped,
        rule=rule,
    )


# --------------------------------------------------------------------------- notebook 04:
# the turns of the loop compared, and the next one planned


def compare_turns(
    contacts: pd.DataFrame,
    campaigns: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    by: str = "segment",
    ci: float = 0.95,
    campaign: str = "campaign_id",
    turn: str = "loop_turn",
    group: str = "group",
    response: str = "responded",
    revenue: str = "response_revenue",
    cost_per_contact: str = "cost_per_contact",
    treatment: str = "treatment",
    control: str = "control",
    customer: str = "customer_id",
) -> pd.DataFrame:
    r"""Every turn of the loop side by side: whom each turn targeted, its lift and its cost.

    Parameters
    ----------
    contacts : pandas.DataFrame
        Table ``campaign_contacts`` (every campaign).
    campaigns : pandas.DataFrame
        Table ``campaigns`` with ``campaign``, ``turn`` (the turn of the loop) and
        ``cost_per_contact``; one campaign per turn.
    customers : pandas.DataFrame
        Table ``customers``, for the segment (``by``) of each contact.
    by : str, default "segment"
        The segmentation column (of ``contacts`` or ``customers``).
    ci : float, default 0.95
        Confidence level of the lift intervals.
    campaign, turn, group, response, revenue, cost_per_contact, customer : str
        Column names (defaults from the data contract).
    treatment, control : str, default "treatment", "control"
        Labels of the contacted and held-out groups.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(turn, by)``: every turn crossed with every segment seen in any turn,
        with ``campaign_id``, ``targeted`` (the turn had customers of that segment), and
        for targeted rows the :func:`campaign_lift` columns ``n_treatment``,
        ``n_control``, ``rate_treatment``, ``rate_control``, ``lift``, ``ci_low``,
        ``ci_high``, ``p_value``, ``incremental_responses`` and the
        :func:`campaign_economics` columns ``cost`` and
        ``cost_per_incremental_response`` (NaN where not targeted).

    Raises
    ------
    ValueError
        If a column is missing or invalid, a turn has more than one campaign, a campaign
        of ``contacts`` is not in ``campaigns``, or as :func:`campaign_lift`.

    Notes
    -----
    Each row is :func:`campaign_lift` and :func:`campaign_economics` of one campaign
    and one segment, so the cost per incremental response is
    :math:`n_T c / (n_T(\hat p_T - \hat p_C))` (``inf`` when the lift is not
    positive). Comparing the turns shows what the refinement changed: the segments
    dropped, and whether the kept segments' lift held up. Expect it to shrink a
    little: a segment kept because its measured lift was high was, on average, also
    lucky (regression to the mean), and only a fresh control group shows by how much.

    References
    ----------
    Swift, R. S. (2001). Accelerating customer relationships. Prentice Hall.

    Newcombe, R. G. (1998). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Statistics in Medicine, 17(8), 873-890.

    Examples
    --------
    >>> import pandas as pd
    >>> contacts = pd.DataFrame({
    ...     "campaign_id": ["K01"] * 8 + ["K02"] * 4,
    ...     "customer_id": [f"C{i}" for i in range(12)],
    ...     "group": ["treatment", "control"] * 6,
    ...     "responded": [True, False, True, False, False, False, True, True,
    ...                   True, False, False, False],
    ...     "response_revenue": [10.0, 0, 10.0, 0, 0, 0, 10.0, 10.0, 10.0, 0, 0, 0]})
    >>> customers = pd.DataFrame({"customer_id": [f"C{i}" for i in range(12)],
    ...     "segment": ["a"] * 4 + ["b"] * 4 + ["a"] * 4})
    >>> campaigns = pd.DataFrame({"campaign_id": ["K01", "K02"], "loop_turn": [1, 2],
    ...                           "cost_per_contact": [1.0, 1.0]})
    >>> turns = compare_turns(contacts, campaigns, customers)
    >>> turns[["targeted", "lift", "cost_per_incremental_response"]]
                   targeted  lift  cost_per_incremental_response
    loop_turn segment
    1         a        True   1.0                            1.0
              b        True   0.0                            inf
    2         a        True   0.5                            2.0
              b       False   NaN                            NaN
    """
    check_frame(
        campaigns,
        "campaigns",
        {campaign: Text(), turn: Numeric(lo=1, integer=True, why="turns are numbered 1, 2, ...")},
        params={campaign: "campaign", turn: "turn"},
        unique=campaign,
    )
    check_frame(contacts, _CONTACTS, {campaign: Text()}, params={campaign: "campaign"})
    check_known(
        contacts[campaign], campaigns[campaign], column=campaign, table=_CONTACTS, other="campaigns"
    )
    used = campaigns[campaigns[campaign].isin(contacts[campaign].unique())]
    repeated = used[turn].duplicated(keep=False)
    if repeated.any():
        first = used.loc[repeated, turn].iloc[0]
        names = ", ".join(repr(c) for c in used.loc[used[turn] == first, campaign])
        raise ValueError(
            f"column '{turn}' in table 'campaigns' gives turn {first} to several campaigns "
            f"({names}); compare_turns expects one campaign per turn (filter the contacts "
            f"to one of them)."
        )
    common = dict(
        group=group, response=response, treatment=treatment, control=control, customer=customer
    )
    lift = campaign_lift(contacts, by=[campaign, by], customers=customers, ci=ci, **common)
    econ = campaign_economics(
        contacts,
        campaigns,
        by=by,
        customers=customers,
        campaign=campaign,
        revenue=revenue,
        cost_per_contact=cost_per_contact,
        **common,
    )
    measured = lift[
        [
            "n_treatment",
            "n_control",
            "rate_treatment",
            "rate_control",
            "lift",
            "ci_low",
            "ci_high",
            "p_value",
            "incremental_responses",
        ]
    ].join(econ[["cost", "cost_per_incremental_response"]])
    turn_of = used.set_index(campaign)[turn].astype("int64")
    measured.index = pd.MultiIndex.from_arrays(
        [
            turn_of.reindex(measured.index.get_level_values(campaign)).to_numpy(),
            measured.index.get_level_values(by),
        ],
        names=[turn, by],
    )
    segments = list(dict.fromkeys(measured.index.get_level_values(by)))
    full = pd.MultiIndex.from_product([sorted(turn_of.unique()), segments], names=[turn, by])
    out = measured.reindex(full)
    out.insert(0, "targeted", out["n_treatment"].notna().to_numpy())
    camp_of = pd.Series(turn_of.index, index=turn_of.to_numpy())
    out.insert(0, "campaign_id", camp_of.reindex(full.get_level_values(turn)).to_numpy())
    return out


@dataclass(frozen=True, eq=False)
class TurnPlan:
    """The next turn of the loop, planned from a measured one (see :func:`plan_next_turn`).

    Attributes
    ----------
    campaign_id : str
        The measured campaign the plan learns from.
    rule : str
        The refinement rule (as in :func:`refine_targets`).
    min_lift : float
        Its threshold, in proportion units.
    cost_per_contact : float
        USD per contact assumed for the next turn.
    segments : pandas.DataFrame
        One row per segment measured: ``lift``, ``ci_low``, ``ci_high``, ``target``
        (kept for the next turn), ``contacts`` (customers to contact), ``cost`` (USD),
        ``expected_incremental`` (at the measured lift), ``lower_incremental`` (at the
        interval's lower end) and ``cost_per_incremental_response`` (USD).
    targets : tuple
        The kept segments, largest lift first.
    contacts : int
        Customers the next turn contacts (all targets).
    cost : float
        What those contacts cost, USD.
    expected_incremental_responses : float
        Responses the contacts are expected to add at the measured lifts.
    cost_per_incremental_response : float
        ``cost / expected_incremental_responses`` (NaN when nothing is targeted).
    """

    campaign_id: str
    rule: str
    min_lift: float
    cost_per_contact: float
    segments: pd.DataFrame
    targets: tuple
    contacts: int
    cost: float
    expected_incremental_responses: float
    cost_per_incremental_response: float


def plan_next_turn(
    contacts: pd.DataFrame,
    campaigns: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    campaign_id: str,
    rule: str = "ci_low>0",
    min_lift: float = 0.0,
    cost_per_contact: float | None = None,
    by: str = "segment",
    ci: float = 0.95,
    campaign: str = "campaign_id",
    unit_cost: str = "cost_per_contact",
    group: str = "group",
    response: str = "responded",
    treatment: str = "treatment",
    control: str = "control",
    customer: str = "customer_id",
) -> TurnPlan:
    r"""The *refine* step priced: whom the next turn targets, what it costs, what it adds.

    Parameters
    ----------
    contacts : pandas.DataFrame
        Table ``campaign_contacts``.
    campaigns : pandas.DataFrame
        Table ``campaigns`` (``campaign`` and ``unit_cost``).
    customers : pandas.DataFrame
        Table ``customers``, for the segment of each contact.
    campaign_id : str
        The measured campaign (for example ``'K01'``).
    rule : {'ci_low>0', 'ci_low>min_lift', 'lift>min_lift'}, default 'ci_low>0'
        The refinement rule of :func:`refine_targets`.
    min_lift : float, default 0.0
        Smallest lift worth paying for, in proportion units (0.02 = 2 percentage points).
    cost_per_contact : float, optional
        USD per contact in the next turn; by default the measured campaign's own.
    by : str, default "segment"
        The segmentation column.
    ci : float, default 0.95
        Confidence level of the lift intervals.
    campaign, unit_cost, group, response, customer : str
        Column names.
    treatment, control : str, default "treatment", "control"
        Labels of the contacted and held-out groups.

    Returns
    -------
    TurnPlan
        The per-segment table, the targets and the totals.

    Raises
    ------
    ValueError
        If ``campaign_id`` is not in ``contacts`` or ``campaigns``, ``cost_per_contact``
        is negative, or as :func:`loop_turn`.

    Notes
    -----
    The next turn repeats the measured turn's design in each kept segment :math:`s`:
    it contacts as many customers as were contacted, :math:`n_s`, and holds out a new
    control group of the same size. With unit cost :math:`c`, measured lift
    :math:`\hat\Delta_s` and interval :math:`[L_s, U_s]`,

    .. math:: C = c \sum_{s \in K} n_s, \qquad
              \hat X = \sum_{s \in K} n_s \hat\Delta_s, \qquad
              \text{CPIR} = C / \hat X,

    with :math:`K` the kept segments. ``lower_incremental`` uses :math:`L_s` instead of
    :math:`\hat\Delta_s`: what the segment adds if its lift is at the low end of what the
    data allow. The projection takes the measured lift at face value; a segment chosen
    because its lift was high tends to do a little worse next time (regression to the
    mean), so the next turn measures again against its own control group.

    References
    ----------
    Swift, R. S. (2001). Accelerating customer relationships. Prentice Hall.

    Examples
    --------
    >>> import pandas as pd
    >>> contacts = pd.DataFrame({
    ...     "campaign_id": "K01",
    ...     "customer_id": [f"C{i}" for i in range(400)],
    ...     "group": ["treatment", "control"] * 200,
    ...     "responded": ([True] * 60 + [False] * 140 + [True, False] * 100)})
    >>> customers = pd.DataFrame({"customer_id": [f"C{i}" for i in range(400)],
    ...                           "segment": ["corporate"] * 200 + ["household"] * 200})
    >>> campaigns = pd.DataFrame({"campaign_id": ["K01"], "cost_per_contact": [0.5]})
    >>> plan = plan_next_turn(contacts, campaigns, customers, campaign_id="K01")
    >>> plan.targets, plan.contacts, plan.cost, plan.expected_incremental_responses
    (('household',), 100, 50.0, 100.0)
    >>> plan.cost_per_incremental_response
    0.5
    """
    turn = loop_turn(
        contacts,
        customers,
        campaign_id=campaign_id,
        by=by,
        ci=ci,
        rule=rule,
        min_lift=min_lift,
        campaign=campaign,
        group=group,
        response=response,
        treatment=treatment,
        control=control,
        customer=customer,
    )
    check_frame(
        campaigns,
        "campaigns",
        {campaign: Text(), unit_cost: Numeric(lo=0, why="costs are 0 or more USD")},
        params={campaign: "campaign", unit_cost: "unit_cost"},
        unique=campaign,
    )
    row = campaigns[campaigns[campaign] == campaign_id]
    if row.empty:
        raise ValueError(
            f"campaign {campaign_id!r} is not in column '{campaign}' of table 'campaigns'; "
            f"pass the campaigns table the contacts come from."
        )
    if cost_per_contact is None:
        unit = float(row[unit_cost].iloc[0])
    else:
        unit = check_number(cost_per_contact, "cost_per_contact", lo=0, why="a cost in USD")
    lift = turn.lift
    target = lift.index.isin(list(turn.next_targets))
    n = np.where(target, lift["n_treatment"].to_numpy(), 0).astype("int64")
    cost = n * unit
    expected = np.where(target, n * lift["lift"].to_numpy(), 0.0)
    segments = pd.DataFrame(
        {
            "lift": lift["lift"],
            "ci_low": lift["ci_low"],
            "ci_high": lift["ci_high"],
            "target": target,
            "contacts": n,
            "cost": cost,
            "expected_incremental": expected,
            "lower_incremental": np.where(target, n * lift["ci_low"].to_numpy(), 0.0),
            "cost_per_incremental_response": np.divide(
                cost, expected, out=np.full(len(n), np.nan), where=expected > 0
            ),
        },
        index=lift.index,
    )
    total_cost, total_x = float(cost.sum()), float(expected.sum())
    return TurnPlan(
        campaign_id=campaign_id,
        rule=turn.rule,
        min_lift=float(min_lift),
        cost_per_contact=unit,
        segments=segments,
        targets=turn.next_targets,
        contacts=int(n.sum()),
        cost=total_cost,
        expected_incremental_responses=total_x,
        cost_per_incremental_response=total_cost / total_x if total_x > 0 else float("nan"),
    )


#: The three verdicts of :func:`lift_verdict`.
VERDICTS: tuple[str, ...] = (
    "real gain: the whole interval is above zero",
    "not clear: the interval covers zero",
    "real loss: the whole interval is below zero",
)


def lift_verdict(lift_table: pd.DataFrame) -> pd.Series:
    r"""Say plainly, per row of a lift table, whether the lift is real or its interval covers zero.

    Parameters
    ----------
    lift_table : pandas.DataFrame
        A table with ``ci_low`` and ``ci_high`` (the lift's interval, in proportion units),
        such as :func:`campaign_lift`, :func:`compare_turns` or ``LoopTurn.lift``. Rows
        with a missing interval (a segment a turn did not target) get a missing verdict.

    Returns
    -------
    pandas.Series
        One of :data:`VERDICTS` per row (same index), named ``verdict``.

    Raises
    ------
    ValueError
        If ``ci_low`` or ``ci_high`` is missing, or an interval's low end is above its high
        end.

    Notes
    -----
    With interval :math:`[L, U]`: a *real gain* when :math:`L > 0`, a *real loss* when
    :math:`U < 0`, otherwise *not clear*. "Not clear" is not "no effect": the interval
    also holds effects that matter; only a larger group narrows it.

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Statistics in Medicine, 17(8), 873-890.

    Examples
    --------
    >>> import pandas as pd
    >>> lift = pd.DataFrame({"ci_low": [0.04, -0.19, -0.05], "ci_high": [0.13, 0.04, -0.01]},
    ...                     index=["household", "corporate", "other"])
    >>> lift_verdict(lift).str.split(":").str[0].tolist()
    ['real gain', 'not clear', 'real loss']
    """
    check_frame(
        lift_table,
        "lift_table",
        {
            "ci_low": Numeric(-1, 1, allow_nan=True, why="a lift's interval is in -1 to 1"),
            "ci_high": Numeric(-1, 1, allow_nan=True, why="a lift's interval is in -1 to 1"),
        },
    )
    low, high = lift_table["ci_low"].astype(float), lift_table["ci_high"].astype(float)
    if (low > high).any():
        row = lift_table.index[int(np.argmax((low > high).to_numpy()))]
        raise ValueError(
            f"row {row!r} of table 'lift_table' has ci_low above ci_high; pass the interval of "
            f"campaign_lift unchanged."
        )
    verdict = np.select([low > 0, high < 0], [VERDICTS[0], VERDICTS[2]], default=VERDICTS[1])
    out = pd.Series(verdict, index=lift_table.index, name="verdict", dtype=object)
    return out.where(low.notna() & high.notna())
