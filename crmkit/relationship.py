r"""Relationship marketing: the four dimensions, their scales, reliability and effect on loyalty.

Notebook 02 measures the relationship-marketing orientation of Caspian Home's customers on
four dimensions (seed 000, slide 3), each asked as three Likert items from 1 (strongly
disagree) to 5 (strongly agree) in the ``surveys`` table:

- **bonding**: two-way attachment built on shared interest;
- **empathy**: seeing the situation from the other side;
- **reciprocity**: cooperation and mutual help;
- **trust**: confidence in, and reliance on, the other side.

The functions follow the order of the notebook: score each dimension
(:func:`scale_scores`), check that its items measure one thing (:func:`cronbach_alpha`,
:func:`item_analysis`, :func:`reliability`), compare segments (:func:`dimension_profile`)
and ask which dimension drives customers to buy again (:func:`loyalty_drivers`).

References
----------
Morgan, R. M., & Hunt, S. D. (1994). The commitment-trust theory of relationship marketing.
Journal of Marketing, 58(3), 20-38.

Yau, O. H. M., McFetridge, P. R., Chow, R. P. M., Lee, J. S. Y., Sin, L. Y. M., & Tse,
A. C. B. (2000). Is relationship marketing for everyone? European Journal of Marketing,
34(9/10), 1111-1127.

Sin, L. Y. M., Tse, A. C. B., Yau, O. H. M., Chow, R. P. M., Lee, J. S. Y., & Lau, L. B. Y.
(2005). Relationship marketing orientation: scale development and cross-cultural
validation. Journal of Business Research, 58(2), 185-194.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmkit._customers import customer_attribute, order_outcome
from crmkit._stats import mean_interval, stats, z_value
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
    check_frame,
    check_number,
    check_observation_end,
    check_table_name,
    group_labels,
)

__all__ = [
    "DIMENSIONS",
    "AlphaResult",
    "scale_scores",
    "cronbach_alpha",
    "item_analysis",
    "reliability",
    "dimension_profile",
    "loyalty_drivers",
]

#: The four relationship-marketing dimensions and their Likert items in table ``surveys``.
DIMENSIONS: dict[str, tuple[str, ...]] = {
    dim: tuple(f"{dim}_{i}" for i in (1, 2, 3))
    for dim in ("bonding", "empathy", "reciprocity", "trust")
}

_SURVEYS = "surveys"
_LIKERT_WHY = "relationship items are Likert answers from {lo} (strongly disagree) to {hi}"


@dataclass(frozen=True)
class AlphaResult:
    """Cronbach's alpha with its Feldt confidence interval.

    Attributes
    ----------
    alpha : float
        Cronbach's alpha (at most 1; negative when items disagree more than they agree).
    ci_low, ci_high : float
        Feldt's confidence interval for alpha at level ``ci``.
    n_items : int
        Number of items :math:`k`.
    n : int
        Number of respondents (rows).
    ci : float
        Confidence level of the interval.
    """

    alpha: float
    ci_low: float
    ci_high: float
    n_items: int
    n: int
    ci: float


# --------------------------------------------------------------------------- helpers


def _check_items(items: object, name: str = "items", min_items: int = 2) -> list[str]:
    """A list of distinct column names, at least ``min_items`` long."""
    if isinstance(items, str) or not isinstance(items, Sequence | pd.Index):
        raise TypeError(
            f"argument '{name}' must be a list of column names, such as "
            f"['trust_1', 'trust_2', 'trust_3'], but is {_kind(items)}."
        )
    cols = list(items)
    if len(set(cols)) != len(cols):
        raise ValueError(f"argument '{name}' lists a column twice ({cols}); list each item once.")
    if len(cols) < min_items:
        raise ValueError(
            f"argument '{name}' has {len(cols)} item{'s' if len(cols) != 1 else ''} "
            f"({cols}) but this needs at least {min_items}; a reliability coefficient "
            f"compares items with each other."
        )
    return cols


def _check_dimensions(dimensions: object, min_items: int = 1) -> dict[str, list[str]]:
    if not isinstance(dimensions, Mapping) or len(dimensions) == 0:
        raise TypeError(
            "argument 'dimensions' must be a non-empty mapping of dimension name to its item "
            "columns, such as {'trust': ['trust_1', 'trust_2', 'trust_3']}, but is "
            f"{_kind(dimensions)}."
        )
    return {
        str(dim): _check_items(items, name=f"dimensions['{dim}']", min_items=min_items)
        for dim, items in dimensions.items()
    }


def _check_scale(scale: object) -> tuple[float, float]:
    if not isinstance(scale, tuple | list) or len(scale) != 2:
        raise TypeError(
            f"argument 'scale' must be a (lowest, highest) pair such as (1, 5) but is "
            f"{_short(scale)}."
        )
    lo = check_number(scale[0], "scale[0]")
    hi = check_number(scale[1], "scale[1]")
    if not lo < hi:
        raise ValueError(
            f"argument 'scale' must list the lowest answer first but is {_short(scale)}."
        )
    return lo, hi


def _item_rules(items: Sequence[str], scale: tuple[float, float] | None) -> dict[str, Numeric]:
    if scale is None:
        return dict.fromkeys(items, Numeric())
    lo, hi = scale
    why = _LIKERT_WHY.format(lo=f"{lo:g}", hi=f"{hi:g} (strongly agree)")
    return dict.fromkeys(items, Numeric(lo, hi, why=why))


def _check_not_constant(values: np.ndarray, items: Sequence[str], table: str) -> None:
    """Raise if an item has the same answer in every row (its correlation is undefined)."""
    constant = np.ptp(values, axis=0) == 0
    if constant.any():
        j = int(np.argmax(constant))
        raise ValueError(
            f"column '{items[j]}' in table '{table}' has the same value ({values[0, j]:g}) in "
            f"every row; a constant item carries no information about the scale, so leave it "
            f"out of the items."
        )


def _feldt(alpha: np.ndarray, n: int, k: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Feldt, Woodruff & Salih (1987) interval for alpha."""
    tail = (1 - ci) / 2
    df1 = n - 1
    df2 = df1 * (k - 1)
    lower = 1 - (1 - alpha) * stats.f.isf(tail, df1, df2)
    upper = 1 - (1 - alpha) * stats.f.isf(1 - tail, df1, df2)
    return lower, upper


def _alpha_from_cov(cov: np.ndarray) -> float:
    k = cov.shape[0]
    return float(k / (k - 1) * (1 - np.trace(cov) / cov.sum()))


def _deleted_stats(cov: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Corrected item-total correlation and alpha-if-deleted for every item, from the covariances.

    With :math:`C` the item covariance matrix, :math:`T` the total and :math:`x_i` one item:
    var(T - x_i) = sum(C) - 2 sum_j C_ij + C_ii and cov(x_i, T - x_i) = sum_j C_ij - C_ii.
    """
    k = cov.shape[0]
    diag = np.diag(cov)
    row = cov.sum(axis=1)
    rest_var = cov.sum() - 2 * row + diag
    r_rest = (row - diag) / np.sqrt(diag * rest_var)
    alpha_deleted = (k - 1) / (k - 2) * (1 - (np.trace(cov) - diag) / rest_var)
    return r_rest, alpha_deleted


# --------------------------------------------------------------------------- public API


def scale_scores(
    data: pd.DataFrame,
    dimensions: Mapping[str, Sequence[str]] = DIMENSIONS,
    *,
    scale: tuple[float, float] = (1, 5),
) -> pd.DataFrame:
    r"""Score each relationship dimension as the mean of its Likert items.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per survey response (table ``surveys``) with the item columns.
    dimensions : mapping of str to list of str, default :data:`DIMENSIONS`
        Dimension name to its item columns (bonding_1..3, empathy_1..3, reciprocity_1..3,
        trust_1..3).
    scale : (float, float), default (1, 5)
        Lowest and highest possible answer; every item must lie within it.

    Returns
    -------
    pandas.DataFrame
        One float column per dimension, in the order of ``dimensions``, with the index of
        ``data``. Scores stay on the answer scale (1-5 by default).

    Raises
    ------
    ValueError
        If an item column is missing, not numeric, has missing values or an answer outside
        ``scale``, or the table is empty.
    TypeError
        If ``data`` is not a DataFrame or ``dimensions`` is not a mapping.

    Notes
    -----
    The score of respondent :math:`r` on a dimension with items :math:`1, \dots, k` is the
    item mean

    .. math:: S_r = \frac{1}{k} \sum_{i=1}^{k} x_{ri},

    the usual summated (Likert) scale divided by :math:`k`, so that a score reads on the
    same 1-5 scale as the answers. Missing answers are not imputed: fill or drop them first.

    References
    ----------
    Likert, R. (1932). A technique for the measurement of attitudes. Archives of Psychology,
    22(140), 1-55.

    Sin, L. Y. M., Tse, A. C. B., Yau, O. H. M., Chow, R. P. M., Lee, J. S. Y., & Lau,
    L. B. Y. (2005). Relationship marketing orientation: scale development and
    cross-cultural validation. Journal of Business Research, 58(2), 185-194.

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({"trust_1": [5, 2], "trust_2": [4, 2], "trust_3": [5, 3]})
    >>> scale_scores(answers, {"trust": ["trust_1", "trust_2", "trust_3"]})
          trust
    0  4.666667
    1  2.333333
    """
    dims = _check_dimensions(dimensions)
    lo_hi = _check_scale(scale)
    all_items = list(dict.fromkeys(c for items in dims.values() for c in items))
    check_frame(data, _SURVEYS, _item_rules(all_items, lo_hi))
    scores = {dim: data[items].astype("float64").mean(axis=1) for dim, items in dims.items()}
    return pd.DataFrame(scores, index=data.index)


def cronbach_alpha(
    data: pd.DataFrame,
    items: Sequence[str],
    *,
    ci: float = 0.95,
    table: str = _SURVEYS,
) -> AlphaResult:
    r"""Cronbach's alpha of a set of items, with Feldt's confidence interval.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, one column per item (for example table ``surveys``).
    items : list of str
        The item columns of one scale, at least two.
    ci : float, default 0.95
        Confidence level of the interval.
    table : str, default 'surveys'
        The table's name, used in error messages.

    Returns
    -------
    AlphaResult
        ``alpha``, ``ci_low``, ``ci_high``, ``n_items``, ``n`` and ``ci``.

    Raises
    ------
    ValueError
        If an item is missing, not numeric or has missing values; fewer than two items or
        two rows; an item is constant; ``ci`` is not strictly between 0 and 1.

    Notes
    -----
    With :math:`k` items of sample variances :math:`s_i^2` and the total score
    :math:`T = \sum_i x_i` of variance :math:`s_T^2` (both with the same divisor, so it
    cancels),

    .. math:: \alpha = \frac{k}{k-1}\left(1 - \frac{\sum_{i=1}^k s_i^2}{s_T^2}\right).

    The interval is Feldt's, from the :math:`F` distribution with :math:`n-1` and
    :math:`(n-1)(k-1)` degrees of freedom:

    .. math:: \left[\,1 - (1-\hat\alpha)\,F_{1-\gamma/2},\;
              1 - (1-\hat\alpha)\,F_{\gamma/2}\,\right], \quad \gamma = 1 - \text{ci},

    where :math:`F_q` is the upper-:math:`q` quantile. Values of 0.7 and above are usually
    read as acceptable internal consistency for a research scale (Nunnally, 1978).

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16(3), 297-334.

    Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for
    coefficient alpha. Applied Psychological Measurement, 11(1), 93-103.

    Nunnally, J. C. (1978). Psychometric theory (2nd ed.). McGraw-Hill.

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [2, 2, 3, 5, 4],
    ...                         "q3": [1, 3, 3, 4, 4]})
    >>> res = cronbach_alpha(answers, ["q1", "q2", "q3"], table="answers")
    >>> round(res.alpha, 4), res.n_items, res.n
    (0.9375, 3, 5)
    >>> round(res.ci_low, 3), round(res.ci_high, 3)
    (0.684, 0.993)
    """
    cols = _check_items(items, min_items=2)
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    table = check_table_name(table)
    check_frame(data, table, _item_rules(cols, None), min_rows=2)
    values = data[cols].to_numpy(dtype="float64")
    _check_not_constant(values, cols, table)
    alpha = _alpha_from_cov(np.cov(values, rowvar=False, ddof=1))
    n, k = values.shape
    lo, hi = _feldt(np.asarray(alpha), n, np.asarray(k), level)
    return AlphaResult(float(alpha), float(lo), float(hi), int(k), int(n), float(level))


def item_analysis(
    data: pd.DataFrame,
    items: Sequence[str],
    *,
    ddof: int = 1,
    table: str = _SURVEYS,
) -> pd.DataFrame:
    r"""Item statistics of one scale: mean, SD, corrected item-total r, alpha if item deleted.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, one column per item (for example table ``surveys``).
    items : list of str
        The item columns of one scale, at least three (so that two remain when one is
        deleted).
    ddof : int, default 1
        Delta degrees of freedom of the reported standard deviation ``sd`` (1: sample SD,
        as SPSS and R's ``psych::alpha`` report it; 0: population SD). It does not change
        the correlations or alphas.
    table : str, default 'surveys'
        The table's name, used in error messages.

    Returns
    -------
    pandas.DataFrame
        Indexed by item (in the order given), columns ``mean``, ``sd``, ``item_total_r``
        (corrected item-total correlation) and ``alpha_if_deleted``.

    Raises
    ------
    ValueError
        If an item is missing, not numeric, has missing values or is constant, or there are
        fewer than three items or two rows.

    Notes
    -----
    The corrected item-total correlation correlates each item with the sum of the *other*
    items, so the item is not correlated with itself:

    .. math:: r_{i,T-i} = \operatorname{corr}\Bigl(x_i,\ \sum_{j \ne i} x_j\Bigr).

    ``alpha_if_deleted`` is :func:`cronbach_alpha` of the remaining :math:`k-1` items. An
    item whose deletion raises alpha, or whose corrected correlation is below about 0.3,
    measures something else than the rest of its scale (Nunnally & Bernstein, 1994).

    References
    ----------
    Nunnally, J. C., & Bernstein, I. H. (1994). Psychometric theory (3rd ed.).
    McGraw-Hill.

    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16(3), 297-334.

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [2, 2, 3, 5, 4],
    ...                         "q3": [1, 3, 3, 4, 4]})
    >>> item_analysis(answers, ["q1", "q2", "q3"], table="answers").round(4)
          mean      sd  item_total_r  alpha_if_deleted
    item
    q1     3.0  1.5811        0.9272            0.8772
    q2     3.2  1.3038        0.8402            0.9333
    q3     3.0  1.2247        0.8827            0.9091
    """
    cols = _check_items(items, min_items=3)
    ddof = int(check_number(ddof, "ddof", lo=0, hi=1, integer=True))
    table = check_table_name(table)
    check_frame(data, table, _item_rules(cols, None), min_rows=2)
    values = data[cols].to_numpy(dtype="float64")
    _check_not_constant(values, cols, table)
    r_rest, alpha_deleted = _deleted_stats(np.cov(values, rowvar=False, ddof=1))
    return pd.DataFrame(
        {
            "mean": values.mean(axis=0),
            "sd": values.std(axis=0, ddof=ddof),
            "item_total_r": r_rest,
            "alpha_if_deleted": alpha_deleted,
        },
        index=pd.Index(cols, name="item"),
    )


def reliability(
    data: pd.DataFrame,
    dimensions: Mapping[str, Sequence[str]] = DIMENSIONS,
    *,
    ci: float = 0.95,
    scale: tuple[float, float] | None = (1, 5),
) -> pd.DataFrame:
    r"""Reliability of every dimension: Cronbach's alpha, its interval and the weakest item.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per survey response (table ``surveys``).
    dimensions : mapping of str to list of str, default :data:`DIMENSIONS`
        Dimension name to its item columns (at least three each).
    ci : float, default 0.95
        Confidence level of Feldt's interval.
    scale : (float, float) or None, default (1, 5)
        Lowest and highest possible answer, checked on every item; ``None`` skips the check.

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension, columns ``n_items``, ``n``, ``alpha``, ``ci_low``, ``ci_high``,
        ``weakest_item`` (the item with the lowest corrected item-total correlation),
        ``weakest_item_total_r`` and ``alpha_if_weakest_deleted``.

    Raises
    ------
    ValueError
        As :func:`item_analysis`, for any dimension, or an answer outside ``scale``.

    Notes
    -----
    For each dimension, :math:`\alpha` and its Feldt interval as in :func:`cronbach_alpha`,
    and the item :math:`i^* = \arg\min_i r_{i,T-i}` with its alpha-if-deleted as in
    :func:`item_analysis`. When ``alpha_if_weakest_deleted`` exceeds ``alpha`` the scale is
    more consistent without that item.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16(3), 297-334.

    Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for
    coefficient alpha. Applied Psychological Measurement, 11(1), 93-103.

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({"t1": [1, 2, 3, 4, 5], "t2": [2, 2, 3, 5, 4],
    ...                         "t3": [1, 3, 3, 4, 4]})
    >>> table = reliability(answers, {"trust": ["t1", "t2", "t3"]})
    >>> table[["alpha", "weakest_item", "alpha_if_weakest_deleted"]].round(4)
                alpha weakest_item  alpha_if_weakest_deleted
    dimension
    trust      0.9375           t2                    0.9333
    """
    dims = _check_dimensions(dimensions, min_items=3)
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    lo_hi = None if scale is None else _check_scale(scale)
    all_items = list(dict.fromkeys(c for items in dims.values() for c in items))
    check_frame(data, _SURVEYS, _item_rules(all_items, lo_hi), min_rows=2)
    rows = []
    for dim, items in dims.items():  # one pass per dimension (four), not per respondent
        values = data[items].to_numpy(dtype="float64")
        _check_not_constant(values, items, _SURVEYS)
        cov = np.cov(values, rowvar=False, ddof=1)
        r_rest, alpha_deleted = _deleted_stats(cov)
        weakest = int(np.argmin(r_rest))
        rows.append(
            {
                "dimension": dim,
                "n_items": len(items),
                "n": values.shape[0],
                "alpha": _alpha_from_cov(cov),
                "weakest_item": items[weakest],
                "weakest_item_total_r": float(r_rest[weakest]),
                "alpha_if_weakest_deleted": float(alpha_deleted[weakest]),
            }
        )
    out = pd.DataFrame(rows).set_index("dimension")
    lo, hi = _feldt(out["alpha"].to_numpy(), len(data), out["n_items"].to_numpy(), level)
    out.insert(3, "ci_low", lo)
    out.insert(4, "ci_high", hi)
    return out


def dimension_profile(
    surveys: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    *,
    by: str = "segment",
    dimensions: Mapping[str, Sequence[str]] = DIMENSIONS,
    ci: float = 0.95,
    customer: str = "customer_id",
    scale: tuple[float, float] = (1, 5),
) -> pd.DataFrame:
    r"""Mean score of every dimension in every group (segment), with t intervals.

    Parameters
    ----------
    surveys : pandas.DataFrame
        One row per survey response (table ``surveys``) with ``customer`` and the items.
    customers : pandas.DataFrame, optional
        Table ``customers`` with ``customer`` and the ``by`` column. Leave it out when
        ``by`` is already a column of ``surveys`` (such as ``wave``).
    by : str, default 'segment'
        The grouping column.
    dimensions : mapping of str to list of str, default :data:`DIMENSIONS`
        Dimension name to its item columns.
    ci : float, default 0.95
        Confidence level of the t intervals.
    customer : str, default 'customer_id'
        The customer key in both tables.
    scale : (float, float), default (1, 5)
        Lowest and highest possible answer, checked on every item.

    Returns
    -------
    pandas.DataFrame
        Tidy (long) table, one row per group and dimension (groups in sorted or category
        order, dimensions in the order given), columns ``by``, ``dimension``, ``n``,
        ``mean``, ``sd`` (ddof=1), ``ci_low``, ``ci_high``. Pivot it for a wide view:
        ``profile.pivot(index=by, columns="dimension", values="mean")``.

    Raises
    ------
    ValueError
        If a column is missing or invalid, a surveyed customer is not in ``customers``,
        ``customers`` repeats a customer, or a group has fewer than two responses.

    Notes
    -----
    Each response counts once (a customer who answered both waves counts twice; filter
    ``surveys`` by ``wave`` for one wave). For group :math:`g` with :math:`n_g` scores of
    mean :math:`\bar S_g` and sample SD :math:`s_g`,

    .. math:: \bar S_g \pm t_{1-\gamma/2,\,n_g-1}\, \frac{s_g}{\sqrt{n_g}},
              \quad \gamma = 1 - \text{ci}.

    References
    ----------
    Student [Gosset, W. S.] (1908). The probable error of a mean. Biometrika, 6(1), 1-25.

    Sin, L. Y. M., et al. (2005). Relationship marketing orientation: scale development
    and cross-cultural validation. Journal of Business Research, 58(2), 185-194.

    Examples
    --------
    >>> import pandas as pd
    >>> surveys = pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
    ...                         "t1": [5, 4, 2, 1], "t2": [4, 4, 2, 2]})
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
    ...                           "segment": ["household", "household", "corporate", "corporate"]})
    >>> dimension_profile(surveys, customers, dimensions={"trust": ["t1", "t2"]}).round(3)
         segment dimension  n  mean     sd  ci_low  ci_high
    0  corporate     trust  2  1.75  0.354  -1.427    4.927
    1  household     trust  2  4.25  0.354   1.073    7.427
    """
    check_column_names(customer=customer)
    dims = _check_dimensions(dimensions)
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    if not isinstance(by, str):
        raise TypeError(f"argument 'by' must be a column name (str) but is {_kind(by)}.")
    scores = scale_scores(surveys, dims, scale=scale)
    if customers is None:
        if by not in surveys.columns:
            raise ValueError(
                f"table 'surveys' has no column '{by}' and no customers table was given; "
                f"pass customers=... (table 'customers' with '{customer}' and '{by}') or "
                f"choose by= among the survey's own columns."
            )
        check_frame(surveys, _SURVEYS, {by: Category()}, params={by: "by"})
        groups = group_labels(surveys[by])
    else:
        check_frame(surveys, _SURVEYS, {customer: Text()}, params={customer: "customer"})
        groups = customer_attribute(
            surveys[customer], customers, by, customer=customer, table=_SURVEYS
        )
    scores = scores.assign(_group=groups.to_numpy())
    sizes = scores.groupby("_group", sort=True, observed=True).size()
    if (sizes < 2).any():
        small = sizes[sizes < 2].index[0]
        raise ValueError(
            f"group {small!r} of column '{by}' has only {int(sizes[small])} survey response; "
            f"a t interval needs at least 2 per group, so merge or leave out that group."
        )
    grouped = scores.groupby("_group", sort=True, observed=True)
    rows = []
    for dim in dims:  # one pass per dimension and group (a handful), never per respondent
        parts = [(g, v.to_numpy()) for g, v in grouped[dim]]
        intervals = np.array([mean_interval(v, level) for _, v in parts])
        rows.append(
            pd.DataFrame(
                {
                    by: [g for g, _ in parts],
                    "dimension": dim,
                    "n": [v.size for _, v in parts],
                    "mean": intervals[:, 0],
                    "sd": [v.std(ddof=1) for _, v in parts],
                    "ci_low": intervals[:, 1],
                    "ci_high": intervals[:, 2],
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    if isinstance(groups.dtype, pd.CategoricalDtype):
        out[by] = out[by].astype(groups.dtype)
    # group-major order; the stable sort keeps the dimensions in the order given
    out = out.sort_values(by, kind="stable", ignore_index=True)
    return out


def _irls_logit(
    X: np.ndarray, y: np.ndarray, *, max_iter: int = 100, tol: float = 1e-10
) -> tuple[np.ndarray, np.ndarray, int]:
    """Maximum-likelihood logistic regression by Newton-Raphson (IRLS).

    Returns the coefficients, their covariance (inverse Fisher information) and the
    number of iterations. Raises ValueError when it does not converge (separation) or
    the design is singular.
    """
    beta = np.zeros(X.shape[1])
    for it in range(1, max_iter + 1):
        p = 1.0 / (1.0 + np.exp(-(X @ beta)))
        w = p * (1.0 - p)
        info = X.T @ (X * w[:, None])
        try:
            step = np.linalg.solve(info, X.T @ (y - p))
        except np.linalg.LinAlgError:
            raise ValueError(
                "the scale scores are perfectly collinear (two dimensions carry the same "
                "information), so their separate effects cannot be estimated; leave one out "
                "of dimensions."
            ) from None
        beta = beta + step
        if np.max(np.abs(step)) < tol:
            break
        if np.max(np.abs(beta)) > 50:
            it = max_iter + 1
            break
    if it > max_iter or np.max(np.abs(step)) >= tol:
        raise ValueError(
            "the logistic regression did not converge: the scale scores separate customers "
            "who ordered again from those who did not (perfect separation), usually because "
            "there are too few responses; use more survey responses or fewer dimensions."
        )
    p = 1.0 / (1.0 + np.exp(-(X @ beta)))
    info = X.T @ (X * (p * (1.0 - p))[:, None])
    return beta, np.linalg.inv(info), it


def loyalty_drivers(
    surveys: pd.DataFrame,
    order_lines: pd.DataFrame | None = None,
    *,
    outcome: str | pd.Series | None = None,
    measure: str = "repurchase",
    dimensions: Mapping[str, Sequence[str]] = DIMENSIONS,
    window_days: float = 365,
    observation_end: str | pd.Timestamp | None = None,
    standardise: bool = True,
    ci: float = 0.95,
    customer: str = "customer_id",
    date: str = "survey_date",
    order_date: str = "order_date",
    scale: tuple[float, float] = (1, 5),
) -> pd.DataFrame:
    r"""Which dimension drives loyalty: a multiple logistic regression of buying again.

    The outcome of each survey response comes from ``order_lines`` (``measure``): whether
    the customer ordered again within ``window_days`` after answering (repurchase), or
    whether the customer was still buying in the last ``window_days`` before
    ``observation_end`` (retention); or it is an outcome you pass. It is regressed on all
    dimension scores together, so each coefficient is the effect of one dimension with the
    others held fixed.

    Parameters
    ----------
    surveys : pandas.DataFrame
        One row per survey response (table ``surveys``).
    order_lines : pandas.DataFrame, optional
        Table ``order_lines`` with ``customer`` and ``order_date``; needed unless
        ``outcome`` is given.
    outcome : str or pandas.Series of bool, optional
        Instead of ``order_lines``: a yes/no column of ``surveys`` or a boolean Series with
        the index of ``surveys`` (for example satisfaction-based loyalty, or churn).
    measure : {'repurchase', 'retention'}, default 'repurchase'
        How the outcome is read from ``order_lines``. ``'repurchase'``: an order strictly
        after the survey day and at most ``window_days`` later. ``'retention'``: an order in
        the last ``window_days`` before ``observation_end`` (the customer is still active at
        the end), which needs every survey to precede that window.
    dimensions : mapping of str to list of str, default :data:`DIMENSIONS`
        Dimension name to its item columns.
    window_days : float, default 365
        Length of the outcome window in days: after each survey (repurchase) or before
        ``observation_end`` (retention).
    observation_end : str or Timestamp, optional
        The last day of the data (2024-12-31 for Caspian Home). For repurchase, when given,
        every response's window must end by then, otherwise customers surveyed late would
        look disloyal only because their window was cut short; the function raises instead
        of dropping them (``None`` does not check). For retention, ``None`` means the last
        ``order_date`` in ``order_lines``.
    standardise : bool, default True
        Divide each score by its sample SD (ddof=1) after centring, so coefficients are
        log-odds per standard deviation and comparable across dimensions. ``False`` gives
        log-odds per scale point.
    ci : float, default 0.95
        Confidence level of the Wald intervals.
    customer, date, order_date : str
        Column names: the customer key (both tables), the survey day, the order day.
    scale : (float, float), default (1, 5)
        Lowest and highest possible answer, checked on every item.

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension (order of ``dimensions``), columns ``coef`` (log-odds),
        ``std_err``, ``z``, ``p_value``, ``ci_low``, ``ci_high``, ``odds_ratio`` and
        ``rank`` (1 = largest coefficient). ``attrs`` holds ``intercept``, ``n``,
        ``n_events`` (responses that bought again) and ``iterations``.

    Raises
    ------
    ValueError
        If a column is missing or invalid; the outcome is all yes or all no; a window
        runs past ``observation_end``; a score is constant; the fit does not converge.

    Notes
    -----
    With :math:`y_r = 1` when response :math:`r` was followed by an order within the
    window (repurchase: :math:`(t_r, t_r + w]` after survey day :math:`t_r`; retention:
    :math:`(E - w, E]` before the observation end :math:`E`) and :math:`z_{rd}` the
    (standardised) score of dimension :math:`d`,

    .. math:: \log\frac{P(y_r = 1)}{1 - P(y_r = 1)} = \beta_0 + \sum_d \beta_d z_{rd}.

    The maximum-likelihood :math:`\beta` is found by Newton-Raphson (iteratively reweighted
    least squares): :math:`\beta \leftarrow \beta + (X^\top W X)^{-1} X^\top (y - p)` with
    :math:`W = \operatorname{diag}(p_r(1-p_r))`, until the step is below :math:`10^{-10}`.
    Standard errors are the square roots of the diagonal of :math:`(X^\top W X)^{-1}`,
    :math:`z = \hat\beta / \mathrm{se}`, the p-value is :math:`2\,\Phi(-|z|)` and the interval
    :math:`\hat\beta \pm z_{1-\gamma/2}\,\mathrm{se}`. The coefficients are associations in
    survey data, not causal effects.

    References
    ----------
    Hosmer, D. W., Lemeshow, S., & Sturdivant, R. X. (2013). Applied logistic regression
    (3rd ed.). Wiley.

    Morgan, R. M., & Hunt, S. D. (1994). The commitment-trust theory of relationship
    marketing. Journal of Marketing, 58(3), 20-38.

    Examples
    --------
    >>> import pandas as pd
    >>> surveys = pd.DataFrame({
    ...     "trust_1": [5, 2, 1, 2, 3, 5, 3, 1, 2, 4, 5, 4],
    ...     "bonding_1": [5, 1, 5, 1, 3, 2, 2, 4, 2, 3, 2, 1],
    ...     "again": [True, False, False, False, False, True, True, False, False, True,
    ...               False, False]})
    >>> dims = {"trust": ["trust_1"], "bonding": ["bonding_1"]}
    >>> fit = loyalty_drivers(surveys, outcome="again", dimensions=dims)
    >>> fit[["coef", "std_err", "p_value", "rank"]].round(3)
                coef  std_err  p_value  rank
    dimension
    trust      1.812    1.042    0.082     1
    bonding    1.036    1.152    0.368     2
    """
    check_column_names(customer=customer, date=date, order_date=order_date)
    dims = _check_dimensions(dimensions)
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    if not isinstance(standardise, bool | np.bool_):
        raise TypeError(
            f"argument 'standardise' must be True or False but is {_short(standardise)}."
        )
    scores = scale_scores(surveys, dims, scale=scale)
    measure = check_choice(measure, "measure", ["repurchase", "retention"])
    y = _loyalty_outcome(
        surveys,
        order_lines,
        outcome,
        measure,
        window_days,
        observation_end,
        customer,
        date,
        order_date,
    )
    n_events = int(y.sum())
    if n_events in (0, len(y)):
        word = "bought again" if n_events else "did not buy again"
        raise ValueError(
            f"every one of the {len(y)} survey responses {word}, so nothing distinguishes "
            f"loyal from other customers; use a different window_days or more responses."
        )
    z = scores.to_numpy(dtype="float64")
    sd = z.std(axis=0, ddof=1)
    if (sd == 0).any():
        d = list(dims)[int(np.argmax(sd == 0))]
        raise ValueError(
            f"the '{d}' score is the same for every survey response, so its effect cannot be "
            f"estimated; leave it out of dimensions."
        )
    if standardise:
        z = (z - z.mean(axis=0)) / sd
    X = np.column_stack([np.ones(len(z)), z])
    beta, cov, iterations = _irls_logit(X, y.astype("float64"))
    se = np.sqrt(np.diag(cov))
    zstat = beta / se
    half = z_value(level) * se
    out = pd.DataFrame(
        {
            "coef": beta[1:],
            "std_err": se[1:],
            "z": zstat[1:],
            "p_value": 2 * stats.norm.sf(np.abs(zstat[1:])),
            "ci_low": beta[1:] - half[1:],
            "ci_high": beta[1:] + half[1:],
            "odds_ratio": np.exp(beta[1:]),
        },
        index=pd.Index(list(dims), name="dimension"),
    )
    out["rank"] = out["coef"].rank(ascending=False, method="min").astype("int64")
    out.attrs.update(
        intercept=float(beta[0]), n=int(len(y)), n_events=n_events, iterations=int(iterations)
    )
    return out


def _loyalty_outcome(
    surveys: pd.DataFrame,
    order_lines: pd.DataFrame | None,
    outcome: str | pd.Series | None,
    measure: str,
    window_days: float,
    observation_end: str | pd.Timestamp | None,
    customer: str,
    date: str,
    order_date: str,
) -> np.ndarray:
    """The 0/1 outcome per survey response, validated."""
    if outcome is not None and order_lines is not None:
        raise ValueError(
            "pass either order_lines (the outcome is 'ordered again within window_days') or "
            "outcome= (your own yes/no outcome), not both."
        )
    if isinstance(outcome, str):
        check_frame(surveys, _SURVEYS, {outcome: Flag()}, params={outcome: "outcome"})
        return surveys[outcome].astype(bool).to_numpy()
    if isinstance(outcome, pd.Series):
        if not outcome.index.equals(surveys.index):
            raise ValueError(
                "the outcome Series must have the same index as table 'surveys' (one yes/no "
                "per response, in the same order); build it from surveys, e.g. "
                "surveys['csat'] >= 4."
            )
        check_frame(outcome.to_frame("outcome"), _SURVEYS, {"outcome": Flag()})
        return outcome.astype(bool).to_numpy()
    if outcome is not None:
        raise TypeError(
            f"argument 'outcome' must be a column name of surveys or a boolean Series but is "
            f"the {type(outcome).__name__} {outcome!r}."
        )
    if order_lines is None:
        raise ValueError(
            "loyalty_drivers needs either order_lines (table 'order_lines', to see who "
            "ordered again) or outcome= (a yes/no column or Series)."
        )
    window = check_number(window_days, "window_days", lo=0, lo_open=True)
    check_frame(
        surveys,
        _SURVEYS,
        {customer: Text(), date: Dates()},
        params={customer: "customer", date: "date"},
    )
    check_frame(
        order_lines,
        "order_lines",
        {customer: Text(), order_date: Dates()},
        params={customer: "customer", order_date: "order_date"},
    )
    end = (
        None
        if observation_end is None
        else check_observation_end(
            check_date(observation_end, "observation_end"),
            [(order_lines[order_date], "order_lines", order_date), (surveys[date], _SURVEYS, date)],
        )
    )
    return order_outcome(
        surveys,
        order_lines,
        measure=measure,
        window_days=window,
        observation_end=end,
        customer=customer,
        date=date,
        order_date=order_date,
    )
