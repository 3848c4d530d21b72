"""Customer satisfaction measurement (CSM): the measures of notebook 05.

One function per measure, each taking the ``surveys`` table (see ``data/README.md``) with
column names that default to the kit's schema:

- :func:`csat`: share of satisfied respondents (CSAT %).
- :func:`nps` and :func:`nps_by`: Net Promoter Score with a bootstrap interval.
- :func:`nps_noise`: how far two NPS surveys differ by chance alone, by survey size.
- :func:`csi`: importance-weighted customer satisfaction index, 0-100.
- :func:`acsi_index`: ACSI-style 0-100 indices with item weights from PLS path modelling.
- :func:`ipa`: importance-performance analysis quadrants.
- :func:`servqual_gaps`: SERVQUAL perception-minus-expectation gaps with paired intervals.
- :func:`satisfaction_vs_repurchase`: repurchase rate by satisfaction level.
- :func:`compare_groups`: a score's mean per segment or wave, with Welch differences.
- :func:`wave_change`: change between two waves, for all respondents and for the same
  customers (the survivors of the first wave).

Every function validates its input and raises :class:`ValueError` naming the table, the
column, what was expected and how to fix it; none modifies its input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmkit._customers import customer_attribute, order_outcome
from crmkit._stats import bootstrap_interval, mean_interval, stats, wilson_interval, z_value
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
    "ATTRIBUTES",
    "ACSI_BLOCKS",
    "ACSI_PATHS",
    "SERVQUAL_DIMENSIONS",
    "NPSResult",
    "NPSNoise",
    "CSIResult",
    "ACSIResult",
    "csat",
    "nps",
    "nps_by",
    "nps_noise",
    "csi",
    "acsi_index",
    "ipa",
    "servqual_gaps",
    "satisfaction_vs_repurchase",
    "compare_groups",
    "wave_change",
]

#: The attributes rated for importance (``imp_<attr>``) and performance (``perf_<attr>``).
ATTRIBUTES: tuple[str, ...] = (
    "product_quality",
    "price",
    "delivery",
    "staff_service",
    "after_sales",
    "website",
)

#: The ACSI measurement model: construct -> its survey items (1-10 scale).
ACSI_BLOCKS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "expectations": ("acsi_exp_1", "acsi_exp_2", "acsi_exp_3"),
        "quality": ("acsi_qual_1", "acsi_qual_2", "acsi_qual_3"),
        "value": ("acsi_value_1", "acsi_value_2"),
        "satisfaction": ("acsi_sat_1", "acsi_sat_2", "acsi_sat_3"),
        "complaints": ("acsi_complaint_1",),
        "loyalty": ("acsi_loyalty_1", "acsi_loyalty_2"),
    }
)

#: The ACSI structural (inner) model of Fornell et al. (1996): (cause, effect) pairs.
ACSI_PATHS: tuple[tuple[str, str], ...] = (
    ("expectations", "quality"),
    ("expectations", "value"),
    ("quality", "value"),
    ("expectations", "satisfaction"),
    ("quality", "satisfaction"),
    ("value", "satisfaction"),
    ("satisfaction", "complaints"),
    ("satisfaction", "loyalty"),
    ("complaints", "loyalty"),
)

#: The five SERVQUAL dimensions of Parasuraman, Zeithaml & Berry (1988).
SERVQUAL_DIMENSIONS: tuple[str, ...] = (
    "tangibles",
    "reliability",
    "responsiveness",
    "assurance",
    "empathy",
)

_TABLE = "surveys"


# ----------------------------------------------------------------------------- helpers


def _check_scale(scale: object, name: str = "scale") -> tuple[float, float]:
    """Check a (lowest, highest) pair of scale points and return it as floats."""
    if (
        not isinstance(scale, (tuple, list))
        or len(scale) != 2
        or any(isinstance(v, bool) or not isinstance(v, (int, float, np.number)) for v in scale)
    ):
        raise TypeError(
            f"argument '{name}' must be a pair (lowest, highest) of numbers, such as (1, 5), "
            f"but is {scale!r}."
        )
    lo, hi = float(scale[0]), float(scale[1])
    if not (np.isfinite(lo) and np.isfinite(hi)) or lo >= hi:
        raise ValueError(
            f"argument '{name}' must be (lowest, highest) with lowest < highest but is "
            f"{scale!r}; write the scale's end points in order, such as (1, 5)."
        )
    return lo, hi


def _check_names(values: object, name: str) -> tuple[str, ...]:
    """Check a non-empty sequence of distinct strings (attributes, dimensions)."""
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise TypeError(
            f"argument '{name}' must be a list or tuple of names, such as ('price', "
            f"'delivery'), but is {values!r}; wrap a single name in a list."
        )
    names = tuple(values)
    if not names or not all(isinstance(v, str) for v in names):
        raise ValueError(
            f"argument '{name}' must be a non-empty list of names (strings) but is {values!r}."
        )
    if len(set(names)) != len(names):
        dup = next(v for v in names if names.count(v) > 1)
        raise ValueError(f"argument '{name}' names {dup!r} twice; list each name once.")
    return names


def _check_template(template: object, name: str, slots: int) -> str:
    """Check a column-name template such as 'imp_{}' with ``slots`` '{}' placeholders."""
    if not isinstance(template, str) or template.count("{}") != slots:
        example = "'imp_{}'" if slots == 1 else "'sq_exp_{}_{}'"
        raise ValueError(
            f"argument '{name}' must be a column-name template with {slots} '{{}}' "
            f"placeholder{'s' if slots > 1 else ''} (such as {example}) but is {template!r}."
        )
    return template


def _nps_codes(values: np.ndarray, promoters_from: int, detractors_to: int) -> np.ndarray:
    """+1 for a promoter, -1 for a detractor, 0 for a passive."""
    return np.where(values >= promoters_from, 1, np.where(values <= detractors_to, -1, 0)).astype(
        np.int8
    )


def _check_nps_thresholds(promoters_from: object, detractors_to: object) -> tuple[int, int]:
    pf = check_number(promoters_from, "promoters_from", lo=0, hi=10, integer=True)
    dt = check_number(detractors_to, "detractors_to", lo=0, hi=10, integer=True)
    if dt >= pf:
        raise ValueError(
            f"argument 'detractors_to' ({dt}) must be below 'promoters_from' ({pf}); the "
            f"usual NPS bands are detractors 0-6 and promoters 9-10."
        )
    return pf, dt


def _nps_rule() -> Numeric:
    return Numeric(0, 10, integer=True, why="NPS expects the 0-10 likelihood-to-recommend scale")


def _group_labels(
    data: pd.DataFrame,
    by: object,
    table: str,
    customers: pd.DataFrame | None,
    customer: str,
) -> pd.Series:
    """The grouping labels for each row of ``data``: its own column, or joined from customers."""
    if not isinstance(by, str):
        raise TypeError(f"argument 'by' must be a column name (str) but is {by!r}.")
    if by in data.columns:
        check_frame(data, table, {by: Category()}, params={by: "by"})
        return data[by]
    if customers is None:
        have = ", ".join(repr(str(c)) for c in list(data.columns)[:12])
        raise ValueError(
            f"table '{table}' has no column '{by}' (it has: {have}); pass the customers "
            f"table with customers=... to join '{by}' by '{customer}', or merge it in first: "
            f"data.merge(customers[['{customer}', '{by}']], on='{customer}')."
        )
    check_frame(data, table, {customer: Text()}, params={customer: "customer"})
    return customer_attribute(data[customer], customers, by, customer=customer, table=table)


def _groups(labels: pd.Series) -> list[tuple[object, np.ndarray]]:
    """(label, row positions) per group, in sorted (or category) order."""
    codes = pd.Series(np.arange(len(labels)), index=labels.index)
    # positional keys (no index alignment); a Categorical keeps its category order
    keys = labels.array if isinstance(labels.dtype, pd.CategoricalDtype) else labels.to_numpy()
    grouped = codes.groupby(keys, sort=True, observed=True)
    return [(key, grp.to_numpy()) for key, grp in grouped]


def _pick_reference(groups: list[tuple[object, np.ndarray]], reference: object, by: str) -> int:
    keys = [k for k, _ in groups]
    if reference is None:
        return 0
    for i, k in enumerate(keys):
        if k == reference or str(k) == str(reference):
            return i
    shown = ", ".join(repr(k) for k in keys)
    raise ValueError(
        f"argument 'reference' is {reference!r} but column '{by}' has the groups {shown}; "
        f"pick one of them (or None for the first)."
    )


# ----------------------------------------------------------------------------- CSAT and NPS


def csat(
    data: pd.DataFrame,
    score: str = "csat",
    *,
    satisfied_from: int = 4,
    scale: tuple[int, int] = (1, 5),
) -> float:
    r"""Customer satisfaction score (CSAT): the percentage of satisfied respondents.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per survey response (table ``surveys``).
    score : str, default "csat"
        Column with the overall satisfaction rating, whole numbers on ``scale``.
    satisfied_from : int, default 4
        The lowest rating that counts as satisfied ("top-2-box" on a 1-5 scale). Use 5 for
        the "% fully satisfied" measure of the CRM scorecard ("top box").
    scale : tuple of int, default (1, 5)
        The lowest and highest points of the rating scale.

    Returns
    -------
    float
        CSAT in percent, 0-100.

    Raises
    ------
    ValueError
        If the column is missing, not whole numbers on ``scale``, has missing values, the
        table is empty, or ``satisfied_from`` lies outside ``scale``.

    Notes
    -----
    With ratings :math:`x_1, \dots, x_n` and threshold :math:`s`,

    .. math:: \mathrm{CSAT} = 100 \cdot \frac{1}{n} \sum_{i=1}^{n} \mathbf{1}[x_i \ge s].

    References
    ----------
    Hayes, B. E. (2008). Measuring Customer Satisfaction and Loyalty (3rd ed.). ASQ Quality
    Press. Farris, P. W., Bendle, N. T., Pfeifer, P. E., & Reibstein, D. J. (2010).
    Marketing Metrics (2nd ed.), ch. 2. Pearson.

    Examples
    --------
    >>> import pandas as pd
    >>> surveys = pd.DataFrame({"csat": [5, 4, 3, 5, 2]})
    >>> csat(surveys)
    60.0
    >>> csat(surveys, satisfied_from=5)
    40.0
    """
    lo, hi = _check_scale(scale)
    threshold = check_number(
        satisfied_from,
        "satisfied_from",
        lo=lo,
        hi=hi,
        integer=True,
        why=f"it is the lowest satisfied rating on the {scale} scale",
    )
    check_frame(
        data,
        _TABLE,
        {score: Numeric(lo, hi, integer=True, why=f"CSAT expects ratings on the {scale} scale")},
        params={score: "score"},
    )
    values = data[score].to_numpy(dtype=float)
    return float(100.0 * np.mean(values >= threshold))


@dataclass(frozen=True)
class NPSResult:
    """Net Promoter Score with its parts and interval (percent and percentage points).

    Attributes
    ----------
    score : float
        NPS, % promoters minus % detractors, from -100 to 100.
    promoters, passives, detractors : float
        Shares of respondents in percent (they sum to 100).
    n : int
        Number of respondents.
    ci_low, ci_high : float
        Confidence interval for ``score``.
    ci : float
        Confidence level of the interval.
    method : str
        How the interval was computed: "bootstrap" or "normal".
    """

    score: float
    promoters: float
    passives: float
    detractors: float
    n: int
    ci_low: float
    ci_high: float
    ci: float
    method: str


def nps(
    data: pd.DataFrame,
    score: str = "nps_score",
    *,
    promoters_from: int = 9,
    detractors_to: int = 6,
    ci: float = 0.95,
    method: str = "bootstrap",
    n_boot: int = 2000,
    seed: int = 0,
) -> NPSResult:
    r"""Net Promoter Score (NPS) with a confidence interval.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per survey response (table ``surveys``).
    score : str, default "nps_score"
        Column with the 0-10 likelihood-to-recommend answer.
    promoters_from : int, default 9
        Lowest answer of a promoter (Reichheld 2003: 9-10).
    detractors_to : int, default 6
        Highest answer of a detractor (Reichheld 2003: 0-6); answers in between are passives.
    ci : float, default 0.95
        Confidence level of the interval.
    method : {"bootstrap", "normal"}, default "bootstrap"
        "bootstrap": percentile bootstrap over respondents (``n_boot`` resamples,
        reproducible with ``seed``). "normal": the analytic interval
        :math:`\mathrm{NPS} \pm z\,\mathrm{SE}` with the standard error in Notes.
    n_boot : int, default 2000
        Number of bootstrap resamples.
    seed : int, default 0
        Seed of the bootstrap's random generator.

    Returns
    -------
    NPSResult
        ``score``, ``promoters``, ``passives``, ``detractors`` (percent), ``n``, ``ci_low``,
        ``ci_high``, ``ci``, ``method``.

    Raises
    ------
    ValueError
        If the column is missing, has values outside 0-10, fractions or missing values, the
        table is empty, or an option is out of range.

    Notes
    -----
    Code each answer :math:`c_i = +1` (promoter), :math:`0` (passive), :math:`-1`
    (detractor). Then :math:`\mathrm{NPS} = 100\,\bar c = 100\,(p_P - p_D)` and

    .. math:: \mathrm{SE}(\mathrm{NPS}) = 100 \sqrt{\frac{p_P + p_D - (p_P - p_D)^2}{n}}.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review
    81(12), 46-54. Efron, B., & Tibshirani, R. J. (1993). An Introduction to the Bootstrap,
    ch. 13. Chapman & Hall.

    Examples
    --------
    >>> import pandas as pd
    >>> surveys = pd.DataFrame({"nps_score": [10, 9, 9, 8, 7, 6, 3, 10, 9, 0]})
    >>> r = nps(surveys, method="normal")
    >>> r.score, r.promoters, r.passives, r.detractors
    (20.0, 50.0, 20.0, 30.0)
    >>> round(r.ci_low, 1), round(r.ci_high, 1)
    (-34.0, 74.0)
    """
    pf, dt = _check_nps_thresholds(promoters_from, detractors_to)
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    check_choice(method, "method", ["bootstrap", "normal"])
    boots = check_number(n_boot, "n_boot", lo=100, integer=True)
    seed = check_number(seed, "seed", lo=0, integer=True)
    check_frame(data, _TABLE, {score: _nps_rule()}, params={score: "score"})
    codes = _nps_codes(data[score].to_numpy(dtype=float), pf, dt)
    n = codes.size
    p_pro = float(np.mean(codes == 1))
    p_det = float(np.mean(codes == -1))
    value = 100.0 * (p_pro - p_det)
    if method == "bootstrap":
        lo, hi = bootstrap_interval(
            lambda s: 100.0 * s.mean(axis=1), codes, n_boot=boots, ci=level, seed=seed
        )
    else:
        se = 100.0 * np.sqrt(max(p_pro + p_det - (p_pro - p_det) ** 2, 0.0) / n)
        z = z_value(level)
        lo, hi = value - z * se, value + z * se
    return NPSResult(
        score=value,
        promoters=100.0 * p_pro,
        passives=100.0 * (1.0 - p_pro - p_det),
        detractors=100.0 * p_det,
        n=int(n),
        ci_low=float(lo),
        ci_high=float(hi),
        ci=level,
        method=method,
    )


def _nps_draws(codes: np.ndarray, n_boot: int, seed: int) -> np.ndarray:
    """Bootstrap NPS draws, resampled exactly as :func:`crmkit._stats.bootstrap_interval`."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, codes.shape[0], size=(n_boot, codes.shape[0]))
    return 100.0 * codes[idx].mean(axis=1)


def nps_by(
    data: pd.DataFrame,
    by: str,
    *,
    score: str = "nps_score",
    customers: pd.DataFrame | None = None,
    customer: str = "customer_id",
    reference: object = None,
    promoters_from: int = 9,
    detractors_to: int = 6,
    ci: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    r"""NPS per group (segment, wave, ...) with bootstrap intervals and differences.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per survey response (table ``surveys``).
    by : str
        Column that defines the groups, such as "wave". If ``data`` lacks it and
        ``customers`` is given, it is taken from ``customers`` by ``customer`` (so
        ``by="segment"`` works on the raw surveys table).
    score : str, default "nps_score"
        Column with the 0-10 likelihood-to-recommend answer.
    customers : pandas.DataFrame, optional
        The ``customers`` table, used only when ``by`` is not a column of ``data``.
    customer : str, default "customer_id"
        Key that links ``data`` to ``customers``.
    reference : object, optional
        The group the others are compared with; default the first group in sorted order.
    promoters_from, detractors_to : int, default 9 and 6
        The promoter and detractor bands, as in :func:`nps`.
    ci : float, default 0.95
        Confidence level.
    n_boot : int, default 2000
        Bootstrap resamples per group.
    seed : int, default 0
        Group :math:`k` (0-based, in sorted order) is resampled with seed ``seed + k``, so
        its interval equals ``nps(group, seed=seed + k)``; groups are resampled
        independently.

    Returns
    -------
    pandas.DataFrame
        One row per group (index named ``by``) with columns ``n``, ``nps``, ``promoters``,
        ``passives``, ``detractors``, ``ci_low``, ``ci_high``, and ``diff``, ``diff_low``,
        ``diff_high``: the group's NPS minus the reference group's, with the percentile
        bootstrap interval of that difference (NaN on the reference row itself).

    Raises
    ------
    ValueError
        If a column is missing or invalid, a group has fewer than 2 responses, or
        ``reference`` is not one of the groups.

    Notes
    -----
    For groups :math:`g` and reference :math:`r` with bootstrap draws
    :math:`\mathrm{NPS}^{*}_{g,b}` and :math:`\mathrm{NPS}^{*}_{r,b}`, the difference interval
    is the :math:`\alpha/2` and :math:`1-\alpha/2` quantiles of
    :math:`\mathrm{NPS}^{*}_{g,b} - \mathrm{NPS}^{*}_{r,b}`, :math:`b = 1, \dots, B`.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review
    81(12), 46-54. Efron, B., & Tibshirani, R. J. (1993). An Introduction to the Bootstrap.
    Chapman & Hall.

    Examples
    --------
    >>> import pandas as pd
    >>> surveys = pd.DataFrame({"wave": [1] * 5 + [2] * 5,
    ...                         "nps_score": [10, 6, 3, 8, 9, 10, 9, 9, 7, 5]})
    >>> table = nps_by(surveys, "wave", n_boot=500)
    >>> table[["n", "nps", "diff"]]
          n   nps  diff
    wave
    1     5   0.0   NaN
    2     5  40.0  40.0
    """
    pf, dt = _check_nps_thresholds(promoters_from, detractors_to)
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    boots = check_number(n_boot, "n_boot", lo=100, integer=True)
    seed = check_number(seed, "seed", lo=0, integer=True)
    check_frame(data, _TABLE, {score: _nps_rule()}, params={score: "score"})
    labels = _group_labels(data, by, _TABLE, customers, customer)
    groups = _groups(labels)
    ref = _pick_reference(groups, reference, by)
    codes = _nps_codes(data[score].to_numpy(dtype=float), pf, dt)
    alpha = (1 - level) / 2
    rows, draws = [], []
    for k, (key, pos) in enumerate(groups):
        if pos.size < 2:
            raise ValueError(
                f"group {key!r} of column '{by}' has {pos.size} response; an interval needs "
                f"at least 2 per group. Merge small groups or drop them first."
            )
        c = codes[pos]
        d = _nps_draws(c, boots, seed + k)
        draws.append(d)
        lo, hi = np.quantile(d, [alpha, 1 - alpha])
        p_pro, p_det = float(np.mean(c == 1)), float(np.mean(c == -1))
        rows.append(
            {
                "n": int(c.size),
                "nps": 100.0 * (p_pro - p_det),
                "promoters": 100.0 * p_pro,
                "passives": 100.0 * (1 - p_pro - p_det),
                "detractors": 100.0 * p_det,
                "ci_low": float(lo),
                "ci_high": float(hi),
            }
        )
    out = pd.DataFrame(rows, index=pd.Index([k for k, _ in groups], name=by))
    diff = out["nps"].to_numpy() - out["nps"].iloc[ref]
    diff_q = np.array([np.quantile(d - draws[ref], [alpha, 1 - alpha]) for d in draws])
    diff_q[ref] = np.nan
    diff = diff.astype(float)
    diff[ref] = np.nan
    out["diff"] = diff
    out["diff_low"] = diff_q[:, 0]
    out["diff_high"] = diff_q[:, 1]
    return out


@dataclass(frozen=True)
class NPSNoise:
    """How much an NPS moves by chance alone (see :func:`nps_noise`).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per survey size ``n`` with ``se`` (standard error of one NPS, points),
        ``margin`` (half-width of its interval), ``se_difference`` and
        ``margin_difference`` (the same for the difference between two independent
        surveys of ``n`` respondents each) and ``p_noise`` (the probability that two such
        surveys of an unchanged population differ by at least ``change`` points).
    change : float
        The change in NPS points the table is about.
    ci : float
        Confidence level of the margins.
    n_needed : int
        Respondents per survey for a change of ``change`` points to be the margin of the
        difference (the smallest per-survey sample that can tell it from noise).
    sd : float
        Standard deviation of one answer coded +100 (promoter), 0, -100 (detractor).
    """

    table: pd.DataFrame
    change: float
    ci: float
    n_needed: int
    sd: float


def nps_noise(
    data: pd.DataFrame,
    score: str = "nps_score",
    *,
    n: int | Sequence[int] | None = None,
    change: float = 5.0,
    ci: float = 0.95,
    promoters_from: int = 9,
    detractors_to: int = 6,
) -> NPSNoise:
    r"""How far two NPS surveys of an unchanged population differ by chance alone.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per survey response (table ``surveys``): it gives the shares of promoters
        and detractors the noise is computed for.
    score : str, default "nps_score"
        Column with the 0-10 likelihood-to-recommend answer.
    n : int or sequence of int, optional
        Respondents per survey, one table row each. Default: the number of rows of ``data``.
    change : float, default 5
        The NPS change (points) whose chance of arising from noise is reported.
    ci : float, default 0.95
        Confidence level of the margins.
    promoters_from, detractors_to : int, default 9 and 6
        The promoter and detractor bands, as in :func:`nps`.

    Returns
    -------
    NPSNoise
        ``table`` (indexed by ``n``: ``se``, ``margin``, ``se_difference``,
        ``margin_difference``, ``p_noise``), ``change``, ``ci``, ``n_needed``, ``sd``.

    Raises
    ------
    ValueError
        If the column is missing or invalid, ``n`` is not a whole number of at least 2,
        ``change`` is not positive, or every answer is in one band (no spread).

    Notes
    -----
    With answers coded :math:`c = +1, 0, -1` and shares :math:`p_P, p_D`, one answer has
    variance :math:`\sigma^2 = p_P + p_D - (p_P - p_D)^2` and an NPS of :math:`n` answers
    has :math:`\mathrm{SE} = 100\,\sigma/\sqrt n`. Two independent surveys of :math:`n`
    answers each from the same population differ by
    :math:`D \approx N(0,\ 2\,\mathrm{SE}^2)`, so

    .. math::

        \text{margin}_D = z\,\sqrt2\,\mathrm{SE}, \qquad
        P(|D| \ge \Delta) = 2\left(1 - \Phi\!\left(\frac{\Delta}{\sqrt2\,\mathrm{SE}}\right)
        \right), \qquad
        n_{\text{needed}} = \left\lceil 2 \left(\frac{100\,z\,\sigma}{\Delta}\right)^2
        \right\rceil.

    The normal approximation is good from a few dozen answers on; NPS moves in steps of
    :math:`100/n` points, which it ignores.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review
    81(12), 46-54. Keiningham, T. L., Cooil, B., Andreassen, T. W., & Aksoy, L. (2007).
    A longitudinal examination of net promoter and firm revenue growth. Journal of
    Marketing 71(3), 39-51.

    Examples
    --------
    Half promoters and half detractors: :math:`\sigma = 1`, so with 400 answers the SE is
    5 points and a 5-point change between two such surveys is common noise:

    >>> import pandas as pd
    >>> surveys = pd.DataFrame({"nps_score": [10, 0] * 50})
    >>> noise = nps_noise(surveys, n=400)
    >>> row = noise.table.loc[400]
    >>> [round(float(row[k]), 2) for k in ("se", "margin_difference", "p_noise")]
    [5.0, 13.86, 0.48]
    >>> noise.n_needed
    3074
    """
    pf, dt = _check_nps_thresholds(promoters_from, detractors_to)
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    delta = check_number(change, "change", lo=0, lo_open=True, why="a change in NPS points")
    check_frame(data, _TABLE, {score: _nps_rule()}, params={score: "score"})
    sizes = [len(data)] if n is None else ([n] if np.isscalar(n) else list(n))
    if not sizes:
        raise ValueError("argument 'n' is empty; give one survey size or a list of them.")
    sizes = [
        int(check_number(k, "n", lo=2, integer=True, why="a survey size in respondents"))
        for k in sizes
    ]
    codes = _nps_codes(data[score].to_numpy(dtype=float), pf, dt)
    p_pro, p_det = float(np.mean(codes == 1)), float(np.mean(codes == -1))
    sd = float(np.sqrt(max(p_pro + p_det - (p_pro - p_det) ** 2, 0.0)))
    if sd == 0:
        raise ValueError(
            f"column '{score}' in table '{_TABLE}' puts every answer in one NPS band, so the "
            f"NPS has no sampling spread to estimate; use a sample with more than one kind "
            f"of answer."
        )
    z = z_value(level)
    size = np.asarray(sizes, dtype=float)
    se = 100.0 * sd / np.sqrt(size)
    se_diff = np.sqrt(2.0) * se
    table = pd.DataFrame(
        {
            "se": se,
            "margin": z * se,
            "se_difference": se_diff,
            "margin_difference": z * se_diff,
            "p_noise": 2.0 * stats.norm.sf(delta / se_diff),
        },
        index=pd.Index(sizes, name="n"),
    )
    needed = int(np.ceil(2.0 * (100.0 * z * sd / delta) ** 2 - 1e-9))
    return NPSNoise(table=table, change=float(delta), ci=level, n_needed=needed, sd=100.0 * sd)


# ----------------------------------------------------------------------------- CSI and IPA


@dataclass(frozen=True)
class CSIResult:
    """Importance-weighted customer satisfaction index.

    Attributes
    ----------
    index : float
        The CSI, 0-100.
    weights : pandas.Series
        Weight per attribute (sum 1).
    performance : pandas.Series
        Mean performance per attribute rescaled to 0-100.
    """

    index: float
    weights: pd.Series
    performance: pd.Series


def csi(
    data: pd.DataFrame,
    attributes: Sequence[str] = ATTRIBUTES,
    *,
    importance: str = "imp_{}",
    performance: str = "perf_{}",
    weights: Mapping[str, float] | pd.Series | None = None,
    scale: tuple[int, int] = (1, 5),
) -> CSIResult:
    r"""Importance-weighted customer satisfaction index (CSI) on 0-100.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per survey response (table ``surveys``).
    attributes : sequence of str, default ATTRIBUTES
        The rated attributes.
    importance : str, default "imp_{}"
        Template of the importance columns; ``{}`` is replaced by each attribute. Not used
        when ``weights`` is given.
    performance : str, default "perf_{}"
        Template of the performance (satisfaction with the attribute) columns.
    weights : mapping or pandas.Series, optional
        Explicit weight per attribute (non-negative, summing to 1). Default: the stated
        importance, normalised (see Notes).
    scale : tuple of int, default (1, 5)
        The lowest and highest points of the importance and performance scales.

    Returns
    -------
    CSIResult
        ``index`` (0-100), ``weights`` (Series summing to 1), ``performance`` (Series, 0-100).

    Raises
    ------
    ValueError
        If a column is missing or off the scale, has missing values, the table is empty, or
        explicit ``weights`` do not cover the attributes, are negative or do not sum to 1.

    Notes
    -----
    With mean importance :math:`\bar I_k` and mean performance :math:`\bar P_k` of
    attribute :math:`k` on a scale from :math:`a` to :math:`b`,

    .. math::

        w_k = \frac{\bar I_k}{\sum_j \bar I_j}, \qquad
        \mathrm{CSI} = \sum_k w_k \, \frac{\bar P_k - a}{b - a} \cdot 100.

    References
    ----------
    Hill, N., & Alexander, J. (2006). The Handbook of Customer Satisfaction and Loyalty
    Measurement (3rd ed.), ch. 11. Gower. Hill, N., Roche, G., & Allen, R. (2007). Customer
    Satisfaction: The Customer Experience through the Customer's Eyes. Cogent.

    Examples
    --------
    >>> import pandas as pd
    >>> surveys = pd.DataFrame({"imp_price": [5, 3], "perf_price": [3, 3],
    ...                         "imp_delivery": [1, 3], "perf_delivery": [5, 4]})
    >>> r = csi(surveys, ["price", "delivery"])
    >>> r.weights.round(3).tolist(), r.performance.tolist(), round(r.index, 2)
    ([0.667, 0.333], [50.0, 87.5], 62.5)
    >>> csi(surveys, ["price", "delivery"], weights={"price": 0.5, "delivery": 0.5}).index
    68.75
    """
    names = _check_names(attributes, "attributes")
    lo, hi = _check_scale(scale)
    _check_template(performance, "performance", 1)
    why = f"ratings are expected on the {scale} scale"
    perf_cols = {performance.format(a): a for a in names}
    rules = {c: Numeric(lo, hi, why=why) for c in perf_cols}
    params = dict.fromkeys(perf_cols, "performance")
    if weights is None:
        _check_template(importance, "importance", 1)
        imp_cols = {importance.format(a): a for a in names}
        rules.update({c: Numeric(lo, hi, why=why) for c in imp_cols})
        params.update(dict.fromkeys(imp_cols, "importance"))
    check_frame(data, _TABLE, rules, params=params)

    if weights is None:
        mean_imp = data[list(imp_cols)].mean().to_numpy()
        w = pd.Series(mean_imp / mean_imp.sum(), index=list(names), name="weight")
    else:
        w = _check_weights(weights, names)
    perf = pd.Series(
        (data[list(perf_cols)].mean().to_numpy() - lo) / (hi - lo) * 100.0,
        index=list(names),
        name="performance",
    )
    return CSIResult(index=float((w * perf).sum()), weights=w, performance=perf)


def _check_weights(weights: object, names: tuple[str, ...]) -> pd.Series:
    if not isinstance(weights, (Mapping, pd.Series)):
        raise TypeError(
            f"argument 'weights' must be a dict or Series of attribute -> weight but is "
            f"{type(weights).__name__}."
        )
    given = pd.Series(dict(weights.items()), dtype="object")
    missing = [a for a in names if a not in given.index]
    extra = [a for a in given.index if a not in names]
    if missing or extra:
        raise ValueError(
            f"argument 'weights' must give one weight per attribute {list(names)}; "
            f"missing {missing}, unexpected {extra}."
        )
    values = pd.to_numeric(given[list(names)], errors="coerce").astype(float)
    if values.isna().any() or not np.isfinite(values).all():
        bad = values.index[~np.isfinite(values.fillna(np.inf))][0]
        raise ValueError(f"argument 'weights' has a non-numeric weight for {bad!r}.")
    if (values < 0).any():
        bad = values.index[values < 0][0]
        raise ValueError(
            f"argument 'weights' has a negative weight for {bad!r} ({values[bad]:g}); "
            f"importance weights must be 0 or more."
        )
    total = float(values.sum())
    if abs(total - 1.0) > 1e-6:
        raise ValueError(
            f"argument 'weights' sums to {total:.6g}, not 1; divide each weight by their sum "
            f"(w / w.sum()) so they are shares of the total importance."
        )
    return pd.Series(values.to_numpy(), index=list(names), name="weight")


def ipa(
    data: pd.DataFrame,
    attributes: Sequence[str] = ATTRIBUTES,
    *,
    importance: str = "imp_{}",
    performance: str = "perf_{}",
    centre: str = "mean",
    scale: tuple[int, int] = (1, 5),
) -> pd.DataFrame:
    r"""Importance-performance analysis (IPA): each attribute's quadrant.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per survey response (table ``surveys``).
    attributes : sequence of str, default ATTRIBUTES
        The rated attributes.
    importance, performance : str, default "imp_{}" and "perf_{}"
        Templates of the importance and performance columns.
    centre : {"mean", "scale"}, default "mean"
        Where the cross-hairs go: "mean" at the grand means of the attributes' mean
        importance and mean performance (data-centred, Martilla & James 1977 discuss the
        choice); "scale" at the scale midpoint :math:`(a + b) / 2`.
    scale : tuple of int, default (1, 5)
        The lowest and highest scale points.

    Returns
    -------
    pandas.DataFrame
        One row per attribute with columns ``attribute``, ``importance`` and
        ``performance`` (means), and ``quadrant``: "concentrate here" (important, low
        performance), "keep up the good work" (important, high performance), "low
        priority" (less important, low performance), "possible overkill" (less important,
        high performance). A mean exactly on a cross-hair counts as high. The cross-hairs
        are in ``result.attrs["centre"]`` as (importance, performance).

    Raises
    ------
    ValueError
        If a column is missing or off the scale, has missing values, or the table is empty.

    Notes
    -----
    With attribute means :math:`\bar I_k, \bar P_k` and cross-hairs :math:`(c_I, c_P)`,
    attribute :math:`k` is important if :math:`\bar I_k \ge c_I` and performs well if
    :math:`\bar P_k \ge c_P`; for ``centre="mean"``,
    :math:`c_I = \frac{1}{K}\sum_k \bar I_k` and :math:`c_P = \frac{1}{K}\sum_k \bar P_k`.

    References
    ----------
    Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. Journal of
    Marketing 41(1), 77-79.

    Examples
    --------
    >>> import pandas as pd
    >>> surveys = pd.DataFrame({"imp_price": [5, 5], "perf_price": [2, 3],
    ...                         "imp_delivery": [2, 3], "perf_delivery": [5, 4]})
    >>> ipa(surveys, ["price", "delivery"])
      attribute  importance  performance           quadrant
    0     price         5.0          2.5   concentrate here
    1  delivery         2.5          4.5  possible overkill
    """
    names = _check_names(attributes, "attributes")
    lo, hi = _check_scale(scale)
    check_choice(centre, "centre", ["mean", "scale"])
    _check_template(importance, "importance", 1)
    _check_template(performance, "performance", 1)
    imp_cols = [importance.format(a) for a in names]
    perf_cols = [performance.format(a) for a in names]
    why = f"ratings are expected on the {scale} scale"
    rules = {c: Numeric(lo, hi, why=why) for c in imp_cols + perf_cols}
    params = {**dict.fromkeys(imp_cols, "importance"), **dict.fromkeys(perf_cols, "performance")}
    check_frame(data, _TABLE, rules, params=params)

    imp = data[imp_cols].mean().to_numpy()
    perf = data[perf_cols].mean().to_numpy()
    if centre == "mean":
        c_imp, c_perf = float(imp.mean()), float(perf.mean())
    else:
        c_imp = c_perf = (lo + hi) / 2
    high_imp, high_perf = imp >= c_imp, perf >= c_perf
    quadrant = np.select(
        [high_imp & ~high_perf, high_imp & high_perf, ~high_imp & ~high_perf],
        ["concentrate here", "keep up the good work", "low priority"],
        default="possible overkill",
    )
    out = pd.DataFrame(
        {"attribute": list(names), "importance": imp, "performance": perf, "quadrant": quadrant}
    )
    out.attrs["centre"] = (c_imp, c_perf)
    return out


# ----------------------------------------------------------------------------- ACSI (PLS)


@dataclass(frozen=True)
class ACSIResult:
    """ACSI-style indices and the PLS path model behind them.

    Attributes
    ----------
    index : float
        The 0-100 index of the ``target`` construct (satisfaction: the ACSI).
    construct_indices : pandas.Series
        0-100 index of every construct with the estimated weights.
    equal_weight_indices : pandas.Series
        0-100 index of every construct with equal item weights (plain item means).
    weights : pandas.DataFrame
        One row per item: ``construct``, ``item``, ``outer_weight`` (standardised PLS
        weight), ``loading`` (correlation of item and construct score) and ``weight``
        (unstandardised weight rescaled to sum 1 within the construct; used by the index).
    paths : pandas.DataFrame
        Inner model: ``source``, ``target``, ``coefficient`` (standardised).
    r2 : pandas.Series
        R squared of each endogenous construct.
    method : str
        "pls" or "equal".
    n_iter : int
        Iterations of the PLS algorithm (0 for "equal").
    target : str
        The construct reported as ``index``.
    """

    index: float
    construct_indices: pd.Series
    equal_weight_indices: pd.Series
    weights: pd.DataFrame
    paths: pd.DataFrame
    r2: pd.Series
    method: str
    n_iter: int
    target: str


def _check_model(
    blocks: object, paths: object
) -> tuple[list[str], list[tuple[str, ...]], list[tuple[int, int]]]:
    """Validate the measurement and structural model; return constructs, items, edges."""
    if not isinstance(blocks, Mapping) or not blocks:
        raise TypeError(
            "argument 'blocks' must be a non-empty dict of construct -> list of item columns, "
            "such as ACSI_BLOCKS."
        )
    constructs = [str(c) for c in blocks]
    items: list[tuple[str, ...]] = []
    seen: dict[str, str] = {}
    for c in constructs:
        cols = blocks[c]
        if isinstance(cols, str):
            cols = (cols,)
        cols = tuple(cols)
        if not cols or not all(isinstance(x, str) for x in cols):
            raise ValueError(
                f"argument 'blocks' gives construct {c!r} no item columns; list at least one."
            )
        for x in cols:
            if x in seen:
                raise ValueError(
                    f"argument 'blocks' puts column {x!r} in both {seen[x]!r} and {c!r}; "
                    f"each item measures one construct."
                )
            seen[x] = c
        items.append(cols)
    if isinstance(paths, str) or not isinstance(paths, Sequence) or not paths:
        raise TypeError(
            "argument 'paths' must be a non-empty list of (cause, effect) pairs, such as "
            "ACSI_PATHS."
        )
    pos = {c: i for i, c in enumerate(constructs)}
    edges: list[tuple[int, int]] = []
    for p in paths:
        if not isinstance(p, (tuple, list)) or len(p) != 2:
            raise ValueError(f"argument 'paths' has {p!r}; each path is a (cause, effect) pair.")
        src, dst = p
        for c in (src, dst):
            if c not in pos:
                raise ValueError(
                    f"argument 'paths' names construct {c!r}, which is not in 'blocks' "
                    f"({', '.join(map(repr, constructs))}); add its items to blocks or fix the "
                    f"name."
                )
        if src == dst:
            raise ValueError(f"argument 'paths' has the self-loop {p!r}; remove it.")
        if (pos[src], pos[dst]) not in edges:
            edges.append((pos[src], pos[dst]))
    linked = {i for e in edges for i in e}
    lonely = [c for c in constructs if pos[c] not in linked]
    if lonely:
        raise ValueError(
            f"construct {lonely[0]!r} of 'blocks' has no path in 'paths'; connect it or "
            f"remove it from blocks."
        )
    # the inner model must be recursive (no feedback loops): Kahn's topological sort
    indeg = np.zeros(len(constructs), dtype=int)
    for _, d in edges:
        indeg[d] += 1
    queue = [i for i in range(len(constructs)) if indeg[i] == 0]
    done = 0
    while queue:
        i = queue.pop()
        done += 1
        for s, d in edges:
            if s == i:
                indeg[d] -= 1
                if indeg[d] == 0:
                    queue.append(d)
    if done < len(constructs):
        raise ValueError(
            "argument 'paths' contains a feedback loop (a cycle); PLS path modelling here "
            "needs a recursive model in which no construct causes itself."
        )
    return constructs, items, edges


def _standardise(x: np.ndarray) -> np.ndarray:
    return (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)


def _pls_path(
    z: np.ndarray,
    blocks: list[np.ndarray],
    pred: list[list[int]],
    succ: list[list[int]],
    max_iter: int,
    tol: float,
) -> tuple[list[np.ndarray], int]:
    """Lohmöller's PLS algorithm: Mode A outer, path weighting inner; standardised data."""
    n = z.shape[0]

    def normalise(w: np.ndarray, b: np.ndarray) -> np.ndarray:
        return w / (z[:, b] @ w).std(ddof=1)

    weights = [normalise(np.ones(b.size), b) for b in blocks]
    for it in range(1, max_iter + 1):
        scores = np.column_stack([z[:, b] @ w for b, w in zip(blocks, weights, strict=True)])
        corr = scores.T @ scores / (n - 1)
        inner = np.zeros_like(corr)
        for j in range(len(blocks)):
            if succ[j]:
                inner[j, succ[j]] = corr[j, succ[j]]
            if pred[j]:
                p = pred[j]
                inner[j, p] = np.linalg.solve(corr[np.ix_(p, p)], corr[p, j])
        proxies = scores @ inner.T
        new = [normalise(z[:, b].T @ proxies[:, j] / (n - 1), b) for j, b in enumerate(blocks)]
        change = max(float(np.max(np.abs(a - b))) for a, b in zip(new, weights, strict=True))
        weights = new
        if change < tol:
            return weights, it
    raise ValueError(
        f"PLS path modelling did not converge in max_iter={max_iter} iterations (last change "
        f"in the outer weights {change:.2g} > tol={tol:g}); raise max_iter, loosen tol, or "
        f"check the blocks: items of one construct should correlate positively."
    )


def acsi_index(
    data: pd.DataFrame,
    blocks: Mapping[str, Sequence[str]] = ACSI_BLOCKS,
    paths: Sequence[tuple[str, str]] = ACSI_PATHS,
    *,
    method: str = "pls",
    scale: tuple[int, int] = (1, 10),
    target: str = "satisfaction",
    max_iter: int = 300,
    tol: float = 1e-7,
) -> ACSIResult:
    r"""ACSI-style 0-100 satisfaction index with item weights from PLS path modelling.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per survey response (table ``surveys``).
    blocks : mapping of str to sequence of str, default ACSI_BLOCKS
        Construct -> its item columns (reflective, all coded so that higher is more).
    paths : sequence of (str, str), default ACSI_PATHS
        The structural model as (cause, effect) pairs; it must have no cycles.
    method : {"pls", "equal"}, default "pls"
        "pls": outer weights from PLS path modelling (Mode A outer estimation, path
        weighting inner scheme, standardised items). "equal": every item of a construct
        weighs the same (the index is the plain mean of the item means); construct scores
        are the standardised item means and the paths are estimated on them.
    scale : tuple of int, default (1, 10)
        The lowest and highest points of the item scale (ACSI uses 1-10).
    target : str, default "satisfaction"
        The construct reported as ``index``.
    max_iter : int, default 300
        Most PLS iterations before giving up.
    tol : float, default 1e-7
        Convergence: stop when no standardised outer weight changes by more than ``tol``.

    Returns
    -------
    ACSIResult
        ``index``, ``construct_indices``, ``equal_weight_indices``, ``weights``,
        ``paths``, ``r2``, ``method``, ``n_iter``, ``target``.

    Raises
    ------
    ValueError
        If an item column is missing, off the scale, constant or has missing values; if
        the model is malformed (unknown construct, cycle, construct without paths); if an
        item gets a negative weight (reverse-coded item); or if PLS does not converge.

    Notes
    -----
    PLS (Lohmöller 1989; Tenenhaus et al. 2005) on standardised items :math:`X_j` of block
    :math:`j`: start from :math:`w_j = 1`; repeat

    1. outer estimate :math:`Y_j = X_j w_j`, scaled to unit variance;
    2. inner estimate :math:`\tilde Z_j = \sum_i e_{ji} Y_i` with (path scheme)
       :math:`e_{ji} = \operatorname{cor}(Y_j, Y_i)` if :math:`j \to i`, and
       :math:`e_{ji}` the multiple regression coefficients of :math:`Y_j` on its causes if
       :math:`i \to j`;
    3. Mode A: :math:`w_j \propto \operatorname{cov}(X_j, \tilde Z_j)`;

    until the weights change by less than ``tol``. Path coefficients are the OLS
    coefficients of each construct's score on its causes' scores. The index (Fornell et
    al. 1996) rescales the unstandardised weights :math:`w_{jk} / s_{jk}` (:math:`s_{jk}`
    the item's standard deviation) to :math:`\tilde w_{jk}` summing to 1 and applies

    .. math:: \mathrm{Index}_j = 100 \cdot \frac{\sum_k \tilde w_{jk} \bar x_{jk} - a}{b - a},

    with :math:`(a, b)` the scale, so :math:`(\bar x - 1)/9 \cdot 100` on 1-10.

    References
    ----------
    Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J., & Bryant, B. E. (1996). The
    American Customer Satisfaction Index: nature, purpose, and findings. Journal of
    Marketing 60(4), 7-18. Lohmöller, J.-B. (1989). Latent Variable Path Modeling with
    Partial Least Squares. Physica. Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M., &
    Lauro, C. (2005). PLS path modeling. Computational Statistics & Data Analysis 48,
    159-205.

    Examples
    --------
    A block with one item has weight 1, and with one cause the path is the correlation:

    >>> import pandas as pd
    >>> surveys = pd.DataFrame({"q": [6, 7, 8, 9, 10, 5], "s": [5, 8, 7, 10, 9, 4]})
    >>> r = acsi_index(surveys, {"quality": ["q"], "satisfaction": ["s"]},
    ...                [("quality", "satisfaction")])
    >>> round(r.index, 2), r.weights["weight"].tolist()
    (68.52, [1.0, 1.0])
    >>> round(float(r.paths["coefficient"].iloc[0]), 4)
    0.8999
    """
    constructs, items, edges = _check_model(blocks, paths)
    check_choice(method, "method", ["pls", "equal"])
    lo, hi = _check_scale(scale)
    check_choice(target, "target", constructs)
    iters = check_number(max_iter, "max_iter", lo=1, integer=True)
    tol = check_number(tol, "tol", lo=0, lo_open=True)
    pred = [[s for s, d in edges if d == j] for j in range(len(constructs))]
    succ = [[d for s, d in edges if s == j] for j in range(len(constructs))]
    columns = [c for block in items for c in block]
    why = f"ACSI items are expected on the {scale} scale"
    check_frame(
        data,
        _TABLE,
        {c: Numeric(lo, hi, why=why) for c in columns},
        min_rows=max(3, max(len(p) for p in pred) + 2),
    )
    x = data[columns].to_numpy(dtype=float)
    sd = x.std(axis=0, ddof=1)
    if (sd == 0).any():
        col = columns[int(np.argmax(sd == 0))]
        raise ValueError(
            f"column '{col}' in table '{_TABLE}' has the same value ({x[0, columns.index(col)]:g})"
            f" in every row; a constant item carries no information for the weights, so "
            f"remove it from blocks."
        )
    z = _standardise(x)
    bounds = np.cumsum([0] + [len(b) for b in items])
    idx = [np.arange(bounds[j], bounds[j + 1]) for j in range(len(items))]

    if method == "pls":
        try:
            std_w, n_iter = _pls_path(z, idx, pred, succ, iters, tol)
        except np.linalg.LinAlgError:
            raise ValueError(
                "the construct scores are perfectly collinear, so the path coefficients "
                "cannot be estimated; check 'blocks' for duplicated items."
            ) from None
        raw_w = [w / sd[b] for w, b in zip(std_w, idx, strict=True)]
    else:
        n_iter = 0
        raw_w = [np.full(b.size, 1.0 / b.size) for b in idx]
        std_w = []
        for w, b in zip(raw_w, idx, strict=True):
            ws = w * sd[b]
            std_w.append(ws / (z[:, b] @ ws).std(ddof=1))

    rescaled = []
    for j, (w, b) in enumerate(zip(raw_w, idx, strict=True)):
        if (w <= 0).any():
            bad = columns[b[int(np.argmax(w <= 0))]]
            raise ValueError(
                f"item '{bad}' gets a negative weight in construct {constructs[j]!r}; it "
                f"probably runs the other way from the construct's other items. Reverse-code "
                f"it ({lo:g} + {hi:g} - x) or remove it from blocks."
            )
        rescaled.append(w / w.sum())
    means = x.mean(axis=0)
    scores = np.column_stack([z[:, b] @ w for b, w in zip(idx, std_w, strict=True)])
    n = x.shape[0]
    corr = scores.T @ scores / (n - 1)

    def to_100(v: float) -> float:
        return float((v - lo) / (hi - lo) * 100.0)

    construct_idx = pd.Series(
        [to_100(float(w @ means[b])) for w, b in zip(rescaled, idx, strict=True)],
        index=constructs,
        name="index",
    )
    equal_idx = pd.Series(
        [to_100(float(means[b].mean())) for b in idx], index=constructs, name="index"
    )
    loadings = np.concatenate([z[:, b].T @ scores[:, j] / (n - 1) for j, b in enumerate(idx)])
    weights = pd.DataFrame(
        {
            "construct": [c for c, b in zip(constructs, items, strict=True) for _ in b],
            "item": columns,
            "outer_weight": np.concatenate(std_w),
            "loading": loadings,
            "weight": np.concatenate(rescaled),
        }
    )
    coef, r2 = {}, {}
    for j, p in enumerate(pred):
        if p:
            beta = np.linalg.solve(corr[np.ix_(p, p)], corr[p, j])
            r2[constructs[j]] = float(beta @ corr[p, j])
            coef.update({(i, j): float(b) for i, b in zip(p, beta, strict=True)})
    path_df = pd.DataFrame(
        [(constructs[s], constructs[d], coef[(s, d)]) for s, d in edges],
        columns=["source", "target", "coefficient"],
    )
    return ACSIResult(
        index=float(construct_idx[target]),
        construct_indices=construct_idx,
        equal_weight_indices=equal_idx,
        weights=weights,
        paths=path_df,
        r2=pd.Series(r2, name="r2"),
        method=method,
        n_iter=int(n_iter),
        target=target,
    )


# ----------------------------------------------------------------------------- SERVQUAL


def servqual_gaps(
    data: pd.DataFrame,
    dimensions: Sequence[str] = SERVQUAL_DIMENSIONS,
    *,
    expectation: str = "sq_exp_{}_{}",
    perception: str = "sq_perc_{}_{}",
    items: int = 2,
    ci: float = 0.95,
    scale: tuple[int, int] = (1, 7),
) -> pd.DataFrame:
    r"""SERVQUAL gap scores (perception minus expectation) per dimension, with intervals.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per survey response (table ``surveys``).
    dimensions : sequence of str, default SERVQUAL_DIMENSIONS
        The service-quality dimensions.
    expectation, perception : str, default "sq_exp_{}_{}" and "sq_perc_{}_{}"
        Column templates; the first ``{}`` is the dimension, the second the item number
        1..``items``.
    items : int, default 2
        Items per dimension.
    ci : float, default 0.95
        Confidence level of the paired t interval of each gap.
    scale : tuple of int, default (1, 7)
        The lowest and highest scale points.

    Returns
    -------
    pandas.DataFrame
        Index: the dimensions, then "overall" (the unweighted mean of the dimension scores).
        Columns ``n``, ``expectation``, ``perception``, ``gap`` (P - E; negative means
        expectations are not met), ``ci_low``, ``ci_high``.

    Raises
    ------
    ValueError
        If a column is missing, off the scale or has missing values, the table has fewer
        than 2 rows, or an option is out of range.

    Notes
    -----
    For respondent :math:`i` and dimension :math:`d` with items :math:`k = 1..K`,
    :math:`E_{id} = \frac{1}{K}\sum_k E_{idk}`, :math:`P_{id}` likewise, and the gap
    :math:`G_{id} = P_{id} - E_{id}`. The interval is the paired t interval

    .. math:: \bar G_d \pm t_{1-\alpha/2,\,n-1}\, s_{G_d} / \sqrt{n}.

    The overall gap is :math:`G_i = \frac{1}{D} \sum_d G_{id}` (unweighted SERVQUAL).

    References
    ----------
    Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: a multiple-item
    scale for measuring consumer perceptions of service quality. Journal of Retailing
    64(1), 12-40.

    Examples
    --------
    >>> import pandas as pd
    >>> surveys = pd.DataFrame({"sq_exp_tangibles_1": [6, 7, 5], "sq_perc_tangibles_1": [5, 6, 5],
    ...                         "sq_exp_empathy_1": [7, 7, 6], "sq_perc_empathy_1": [4, 5, 3]})
    >>> servqual_gaps(surveys, ["tangibles", "empathy"], items=1)[["expectation", "perception",
    ...                                                            "gap"]].round(3)
               expectation  perception    gap
    dimension
    tangibles        6.000       5.333 -0.667
    empathy          6.667       4.000 -2.667
    overall          6.333       4.667 -1.667
    """
    names = _check_names(dimensions, "dimensions")
    k = check_number(items, "items", lo=1, integer=True)
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    lo, hi = _check_scale(scale)
    _check_template(expectation, "expectation", 2)
    _check_template(perception, "perception", 2)
    exp_cols = [[expectation.format(d, i) for i in range(1, k + 1)] for d in names]
    perc_cols = [[perception.format(d, i) for i in range(1, k + 1)] for d in names]
    why = f"SERVQUAL items are expected on the {scale} scale"
    flat_e = [c for cols in exp_cols for c in cols]
    flat_p = [c for cols in perc_cols for c in cols]
    check_frame(
        data,
        _TABLE,
        {c: Numeric(lo, hi, why=why) for c in flat_e + flat_p},
        params={**dict.fromkeys(flat_e, "expectation"), **dict.fromkeys(flat_p, "perception")},
        min_rows=2,
    )
    n = len(data)
    e = data[flat_e].to_numpy(dtype=float).reshape(n, len(names), k).mean(axis=2)
    p = data[flat_p].to_numpy(dtype=float).reshape(n, len(names), k).mean(axis=2)
    e = np.column_stack([e, e.mean(axis=1)])
    p = np.column_stack([p, p.mean(axis=1)])
    rows = []
    for j in range(e.shape[1]):
        gap, g_lo, g_hi = mean_interval(p[:, j] - e[:, j], ci=level)
        rows.append(
            {
                "n": n,
                "expectation": float(e[:, j].mean()),
                "perception": float(p[:, j].mean()),
                "gap": gap,
                "ci_low": g_lo,
                "ci_high": g_hi,
            }
        )
    return pd.DataFrame(rows, index=pd.Index([*names, "overall"], name="dimension"))


# ----------------------------------------------------------------------------- outcomes


def satisfaction_vs_repurchase(
    surveys: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    score: str = "csat",
    measure: str = "repurchase",
    window_days: float = 90,
    observation_end: str | pd.Timestamp | None = None,
    ci: float = 0.95,
    customer: str = "customer_id",
    date: str = "survey_date",
    order_date: str = "order_date",
) -> pd.DataFrame:
    r"""Share of respondents who repurchased, or were retained, per satisfaction level.

    Parameters
    ----------
    surveys : pandas.DataFrame
        One row per survey response (table ``surveys``).
    order_lines : pandas.DataFrame
        The ``order_lines`` table (one row per order line; several lines of one order count
        once).
    score : str, default "csat"
        Column whose levels form the rows (whole numbers), such as "csat" or "nps_score".
    measure : {'repurchase', 'retention'}, default 'repurchase'
        ``'repurchase'``: the respondent has an order dated after the survey day and at
        most ``window_days`` days later. ``'retention'``: the respondent is still a customer
        at the end, i.e. has an order in the last ``window_days`` days before
        ``observation_end`` (every response must predate that window).
    window_days : float, default 90
        Length of the repurchase window, or of the activity window that defines retention.
    observation_end : str or Timestamp, optional
        The last day orders are observed; default the latest ``order_date``. For
        repurchase, every response's window must end by then, or the repurchase would be
        undercounted.
    ci : float, default 0.95
        Confidence level of the Wilson intervals.
    customer, date, order_date : str
        Key and date columns (defaults from the data contract).

    Returns
    -------
    pandas.DataFrame
        One row per observed level of ``score`` (sorted), with columns ``n``,
        ``repurchased`` or ``retained`` (count, named after ``measure``), ``share`` (0-1),
        ``ci_low`` and ``ci_high`` (Wilson).

    Raises
    ------
    ValueError
        If a column is missing, has the wrong type or missing values, a table is empty,
        ``window_days`` is not positive, or some response's window ends after
        ``observation_end`` (filter those responses, e.g. an early wave, or shorten the
        window).

    Notes
    -----
    For level :math:`s` with :math:`n_s` respondents of whom :math:`r_s` repurchased,
    :math:`\hat p_s = r_s / n_s`, with the Wilson (1927) interval

    .. math:: \frac{\hat p + z^2/2n \pm z\sqrt{\hat p(1-\hat p)/n + z^2/4n^2}}{1 + z^2/n}.

    References
    ----------
    Mittal, V., & Kamakura, W. A. (2001). Satisfaction, repurchase intent, and repurchase
    behavior. Journal of Marketing Research 38(1), 131-142. Wilson, E. B. (1927).
    Probable inference, the law of succession, and statistical inference. JASA 22, 209-212.

    Examples
    --------
    >>> import pandas as pd
    >>> surveys = pd.DataFrame({"customer_id": ["A", "B", "C"], "csat": [5, 2, 5],
    ...                         "survey_date": pd.to_datetime(["2024-01-01"] * 3)})
    >>> orders = pd.DataFrame({"customer_id": ["A", "B", "C"],
    ...                        "order_date": pd.to_datetime(["2024-02-01", "2024-09-01",
    ...                                                      "2024-12-31"])})
    >>> satisfaction_vs_repurchase(surveys, orders)[["n", "repurchased", "share"]]
          n  repurchased  share
    csat
    2     1            0    0.0
    5     2            1    0.5
    """
    days = check_number(window_days, "window_days", lo=0, lo_open=True)
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    measure = check_choice(measure, "measure", ["repurchase", "retention"])
    check_frame(
        surveys,
        _TABLE,
        {customer: Text(), date: Dates(), score: Numeric(integer=True)},
        params={customer: "customer", date: "date", score: "score"},
    )
    check_frame(
        order_lines,
        "order_lines",
        {customer: Text(), order_date: Dates()},
        params={customer: "customer", order_date: "order_date"},
    )
    if observation_end is None:
        end = pd.Timestamp(order_lines[order_date].max())
    else:
        end = check_date(observation_end, "observation_end")
    bought = order_outcome(
        surveys,
        order_lines,
        measure=measure,
        window_days=days,
        observation_end=end,
        customer=customer,
        date=date,
        order_date=order_date,
    )
    counts = (
        pd.DataFrame({"level": surveys[score].to_numpy(), "bought": bought})
        .groupby("level", sort=True)["bought"]
        .agg(["size", "sum"])
    )
    size = counts["size"].to_numpy(dtype=float)
    hits = counts["sum"].to_numpy(dtype=float)
    w_lo, w_hi = wilson_interval(hits, size, ci=level)
    return pd.DataFrame(
        {
            "n": size.astype("int64"),
            "repurchased" if measure == "repurchase" else "retained": hits.astype("int64"),
            "share": hits / size,
            "ci_low": w_lo,
            "ci_high": w_hi,
        },
        index=pd.Index(counts.index.astype(int), name=score),
    )


def compare_groups(
    data: pd.DataFrame,
    value: str,
    by: str,
    *,
    table: str = _TABLE,
    customers: pd.DataFrame | None = None,
    customer: str = "customer_id",
    reference: object = None,
    ci: float = 0.95,
) -> pd.DataFrame:
    r"""Mean of a score per group (segment, wave, ...) and each group's difference from one.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation, such as the ``surveys`` table.
    value : str
        Numeric column to compare, such as "csat".
    by : str
        Column that defines the groups. If ``data`` lacks it and ``customers`` is given, it
        is taken from ``customers`` by ``customer`` (so ``by="segment"`` works on surveys).
    table : str, default "surveys"
        The table's name, used in error messages.
    customers : pandas.DataFrame, optional
        The ``customers`` table, used only when ``by`` is not a column of ``data``.
    customer : str, default "customer_id"
        Key that links ``data`` to ``customers``.
    reference : object, optional
        The group the others are compared with; default the first group in sorted order.
    ci : float, default 0.95
        Confidence level of the t intervals.

    Returns
    -------
    pandas.DataFrame
        One row per group (index named ``by``) with ``n``, ``mean``, ``ci_low``,
        ``ci_high`` (t interval of the mean), and ``diff``, ``diff_low``, ``diff_high``:
        the group's mean minus the reference group's with a Welch interval (NaN on the
        reference row itself).

    Raises
    ------
    ValueError
        If a column is missing, not numeric or has missing values, a group has fewer than
        2 rows or no spread, or ``reference`` is not a group.

    Notes
    -----
    With group means :math:`\bar x_g`, variances :math:`s_g^2` and sizes :math:`n_g`, the
    Welch (1947) interval for :math:`\bar x_g - \bar x_r` is

    .. math::

        \bar x_g - \bar x_r \pm t_{1-\alpha/2,\,\nu}\,
        \sqrt{\frac{s_g^2}{n_g} + \frac{s_r^2}{n_r}},\qquad
        \nu = \frac{(s_g^2/n_g + s_r^2/n_r)^2}
                   {\frac{(s_g^2/n_g)^2}{n_g - 1} + \frac{(s_r^2/n_r)^2}{n_r - 1}}.

    References
    ----------
    Welch, B. L. (1947). The generalization of 'Student's' problem when several different
    population variances are involved. Biometrika 34(1-2), 28-35.

    Examples
    --------
    >>> import pandas as pd
    >>> surveys = pd.DataFrame({"wave": [1, 1, 1, 2, 2, 2], "csat": [3, 4, 2, 5, 4, 4]})
    >>> compare_groups(surveys, "csat", "wave")[["n", "mean", "diff"]].round(3)
          n   mean   diff
    wave
    1     3  3.000    NaN
    2     3  4.333  1.333
    """
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    if not isinstance(table, str):
        raise TypeError(f"argument 'table' must be a table name (str) but is {table!r}.")
    check_frame(data, table, {value: Numeric()}, params={value: "value"})
    labels = _group_labels(data, by, table, customers, customer)
    groups = _groups(labels)
    ref = _pick_reference(groups, reference, by)
    x = data[value].to_numpy(dtype=float)
    stats_rows = []
    for key, pos in groups:
        if pos.size < 2:
            raise ValueError(
                f"group {key!r} of column '{by}' has {pos.size} row; an interval needs at "
                f"least 2 per group. Merge small groups or drop them first."
            )
        m, m_lo, m_hi = mean_interval(x[pos], ci=level)
        stats_rows.append((pos.size, m, m_lo, m_hi, float(np.var(x[pos], ddof=1))))
    n_g, mean_g, lo_g, hi_g, var_g = (
        np.array(c, dtype=float) for c in zip(*stats_rows, strict=True)
    )
    se2 = var_g / n_g
    se = np.sqrt(se2 + se2[ref])
    if (se == 0).any():
        key = groups[int(np.argmax(se == 0))][0]
        raise ValueError(
            f"column '{value}' in table '{table}' has no spread in group {key!r} nor in the "
            f"reference group, so a Welch interval cannot be formed."
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        dof = (se2 + se2[ref]) ** 2 / (se2**2 / (n_g - 1) + se2[ref] ** 2 / (n_g[ref] - 1))
    t = stats.t.ppf(0.5 + level / 2, dof)
    diff = mean_g - mean_g[ref]
    out = pd.DataFrame(
        {
            "n": n_g.astype(int),
            "mean": mean_g,
            "ci_low": lo_g,
            "ci_high": hi_g,
            "diff": diff,
            "diff_low": diff - t * se,
            "diff_high": diff + t * se,
        },
        index=pd.Index([k for k, _ in groups], name=by),
    )
    out.iloc[ref, out.columns.get_indexer(["diff", "diff_low", "diff_high"])] = np.nan
    return out


def wave_change(
    data: pd.DataFrame,
    value: str = "csat",
    *,
    statistic: str = "mean",
    wave: str = "wave",
    first: object = None,
    second: object = None,
    customer: str = "customer_id",
    ci: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
    promoters_from: int = 9,
    detractors_to: int = 6,
) -> pd.DataFrame:
    r"""Change of a score between two survey waves: all respondents, and the same customers.

    Two waves of a survey are answered by different people: customers who left between
    the waves cannot answer the second, and new customers can only answer the second. So
    the change of the raw wave means mixes a real change with a change of *who answers*.
    The customers who answered both waves show the change without that mix.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per survey response (table ``surveys``); a customer answers a wave at
        most once.
    value : str, default "csat"
        The score column, such as "csat" or "nps_score".
    statistic : {"mean", "nps"}, default "mean"
        "mean": the mean score, with t intervals (Welch for all respondents, paired for
        the same customers). "nps": the Net Promoter Score of ``value`` (0-10), with
        bootstrap intervals (waves resampled independently for all respondents; customers
        resampled, both answers together, for the same customers).
    wave : str, default "wave"
        Column with the wave.
    first, second : optional
        The two waves to compare; default the two waves in ``data`` (there must be two).
    customer : str, default "customer_id"
        Key that identifies the same customer in both waves.
    ci : float, default 0.95
        Confidence level.
    n_boot : int, default 2000
        Bootstrap resamples (``statistic="nps"`` only).
    seed : int, default 0
        Seed of the bootstrap (``statistic="nps"`` only).
    promoters_from, detractors_to : int, default 9 and 6
        NPS bands (``statistic="nps"`` only).

    Returns
    -------
    pandas.DataFrame
        Two rows, ``"all respondents"`` and ``"answered both waves"`` (index
        ``respondents``), with columns ``n_first``, ``n_second`` (answers in each wave),
        ``first``, ``second`` (the statistic in each wave), ``change`` (second minus
        first), ``ci_low``, ``ci_high`` (interval of the change). If ``first`` of the
        second row exceeds ``first`` of the first row, the customers still answering at
        the second wave were already more satisfied at the first: the raw change is then
        partly a change of who answers.

    Raises
    ------
    ValueError
        If a column is missing or invalid, a customer answers a wave twice, the waves are
        not two (or ``first``/``second`` are not waves of the data), fewer than two
        customers answered both waves, or an option is out of range.

    Notes
    -----
    With :math:`S_1, S_2` the respondents of the two waves and :math:`B = S_1 \cap S_2`,
    the raw change is :math:`\bar x_{S_2,2} - \bar x_{S_1,1}` with the Welch interval of
    :func:`compare_groups`, and the change of the same customers is
    :math:`\bar d = \frac{1}{|B|}\sum_{c \in B} (x_{c,2} - x_{c,1})` with the paired
    interval :math:`\bar d \pm t_{1-\alpha/2,\,|B|-1}\, s_d/\sqrt{|B|}`. The difference
    between the two has a known cause in customer surveys: the less satisfied leave
    first (Mittal & Kamakura 2001), so the second wave over-represents survivors.

    References
    ----------
    Mittal, V., & Kamakura, W. A. (2001). Satisfaction, repurchase intent, and repurchase
    behavior. Journal of Marketing Research 38(1), 131-142. Student (1908). The probable
    error of a mean. Biometrika 6(1), 1-25.

    Examples
    --------
    Customer C answers only the first wave and is the least satisfied; A and B answer
    both and rise by one point each:

    >>> import pandas as pd
    >>> surveys = pd.DataFrame({"customer_id": ["A", "B", "C", "A", "B"],
    ...                         "wave": [1, 1, 1, 2, 2], "csat": [3, 4, 1, 4, 5]})
    >>> wave_change(surveys)[["n_first", "n_second", "first", "second", "change"]]
                         n_first  n_second     first  second    change
    respondents
    all respondents            3         2  2.666667     4.5  1.833333
    answered both waves        2         2  3.500000     4.5  1.000000
    """
    statistic = check_choice(statistic, "statistic", ["mean", "nps"])
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    boots = check_number(n_boot, "n_boot", lo=100, integer=True)
    seed = check_number(seed, "seed", lo=0, integer=True)
    rule = _nps_rule() if statistic == "nps" else Numeric()
    check_frame(
        data,
        _TABLE,
        {value: rule, wave: Category(), customer: Text()},
        params={value: "value", wave: "wave", customer: "customer"},
        unique=[customer, wave],
    )
    waves = sorted(pd.unique(data[wave]).tolist())
    if first is None and second is None:
        if len(waves) != 2:
            raise ValueError(
                f"column '{wave}' in table '{_TABLE}' has {len(waves)} waves "
                f"({', '.join(map(repr, waves))}); name the two to compare with first=... "
                f"and second=..."
            )
        first, second = waves
    for name, w in (("first", first), ("second", second)):
        if w not in waves:
            raise ValueError(
                f"argument '{name}' is {w!r} but column '{wave}' has the waves "
                f"{', '.join(map(repr, waves))}; pick one of them."
            )
    if first == second:
        raise ValueError(f"arguments 'first' and 'second' are both {first!r}; pick two waves.")
    one = data.loc[(data[wave] == first).to_numpy(), [customer, value]]
    two = data.loc[(data[wave] == second).to_numpy(), [customer, value]]
    both = one.merge(two, on=customer, suffixes=("_1", "_2"))
    if len(both) < 2:
        raise ValueError(
            f"only {len(both)} customer(s) of table '{_TABLE}' answered both wave {first!r} "
            f"and wave {second!r}; a paired change needs at least 2."
        )
    x1, x2 = one[value].to_numpy(dtype=float), two[value].to_numpy(dtype=float)
    b1 = both[f"{value}_1"].to_numpy(dtype=float)
    b2 = both[f"{value}_2"].to_numpy(dtype=float)
    alpha = (1 - level) / 2
    if statistic == "mean":
        raw_lo, raw_hi = _welch_interval(x1, x2, level)
        _, pair_lo, pair_hi = mean_interval(b2 - b1, ci=level)
    else:
        pf, dt = _check_nps_thresholds(promoters_from, detractors_to)
        x1, x2 = _nps_codes(x1, pf, dt) * 100.0, _nps_codes(x2, pf, dt) * 100.0
        b1, b2 = _nps_codes(b1, pf, dt) * 100.0, _nps_codes(b2, pf, dt) * 100.0
        d = _nps_draws(x2 / 100.0, boots, seed + 1) - _nps_draws(x1 / 100.0, boots, seed)
        raw_lo, raw_hi = np.quantile(d, [alpha, 1 - alpha])
        pair_lo, pair_hi = bootstrap_interval(
            lambda s: s.mean(axis=1), b2 - b1, n_boot=boots, ci=level, seed=seed
        )
    rows = [
        (x1.size, x2.size, x1.mean(), x2.mean(), raw_lo, raw_hi),
        (b1.size, b2.size, b1.mean(), b2.mean(), pair_lo, pair_hi),
    ]
    out = pd.DataFrame(
        [
            {
                "n_first": int(a),
                "n_second": int(b),
                "first": float(m1),
                "second": float(m2),
                "change": float(m2 - m1),
                "ci_low": float(lo),
                "ci_high": float(hi),
            }
            for a, b, m1, m2, lo, hi in rows
        ],
        index=pd.Index(["all respondents", "answered both waves"], name="respondents"),
    )
    return out


def _welch_interval(x1: np.ndarray, x2: np.ndarray, level: float) -> tuple[float, float]:
    """Welch interval of mean(x2) - mean(x1)."""
    v1, v2 = np.var(x1, ddof=1) / x1.size, np.var(x2, ddof=1) / x2.size
    se = np.sqrt(v1 + v2)
    if se == 0:
        raise ValueError(
            "the score has no spread in either wave, so the interval of the change cannot "
            "be formed."
        )
    dof = (v1 + v2) ** 2 / (v1**2 / (x1.size - 1) + v2**2 / (x2.size - 1))
    t = stats.t.ppf(0.5 + level / 2, dof)
    diff = float(x2.mean() - x1.mean())
    return diff - t * se, diff + t * se
