"""Small statistical building blocks shared by the measurement modules.

Intervals for a proportion, a difference of proportions, a Poisson count, a ratio of sums
and a mean, and a vectorised percentile bootstrap. Every function takes plain numbers or numpy arrays and returns
plain floats, so the modules can wrap them in their own validated, documented API.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import numpy as np

__all__ = [
    "stats",
    "z_value",
    "wilson_interval",
    "newcombe_interval",
    "poisson_interval",
    "ratio_interval",
    "mean_interval",
    "bootstrap_interval",
]


def _special() -> ModuleType:
    import scipy.special  # about 0.2 s on first use; scipy.stats would take about 1 s

    return scipy.special


class _Norm:
    """The standard normal distribution (what the measures use of ``scipy.stats.norm``)."""

    @staticmethod
    def cdf(x):
        return _special().ndtr(x)

    @staticmethod
    def sf(x):
        return _special().ndtr(np.negative(x))

    @staticmethod
    def ppf(q):
        return _special().ndtri(q)

    @staticmethod
    def isf(q):
        return np.negative(_special().ndtri(q))


class _T:
    """Student's t (``scipy.stats.t``); ``df`` may be an array, or infinite (the normal)."""

    @staticmethod
    def cdf(x, df):
        return _special().stdtr(df, x)

    @staticmethod
    def sf(x, df):
        return _special().stdtr(df, np.negative(x))

    @staticmethod
    def ppf(q, df):
        return _special().stdtrit(df, q)


class _Chi2:
    """The chi-squared distribution (``scipy.stats.chi2``)."""

    @staticmethod
    def ppf(q, df):
        return _special().chdtri(df, np.subtract(1, q))


class _F:
    """Fisher's F distribution (``scipy.stats.f``)."""

    @staticmethod
    def isf(q, dfn, dfd):
        return _special().fdtri(dfn, dfd, np.subtract(1, q))


class _Distributions:
    """The few distribution functions the measures need, with ``scipy.stats``' names.

    They call ``scipy.special`` directly: importing ``scipy.stats`` costs about a second,
    paid again in every notebook's kernel, while ``scipy.special`` costs about a fifth of it
    (benchmarks/README.md, "Notebook execution"). ``tests/test_stats.py`` checks every one
    against ``scipy.stats`` itself.
    """

    norm = _Norm()
    t = _T()
    chi2 = _Chi2()
    f = _F()

    @staticmethod
    def rankdata(values) -> np.ndarray:
        """Ranks from 1, ties sharing their mean rank (``scipy.stats.rankdata``)."""
        import pandas as pd

        return pd.Series(np.asarray(values)).rank(method="average").to_numpy()


#: The distributions, as ``stats.norm.ppf(...)`` etc. Modules write
#: ``from crmkit._stats import stats``.
stats = _Distributions()


def z_value(ci: float) -> float:
    """Two-sided normal quantile for a confidence level.

    >>> round(z_value(0.95), 4)
    1.96
    """
    return float(stats.norm.ppf(0.5 + ci / 2))


def wilson_interval(successes, n, ci: float = 0.95):
    r"""Wilson score interval for a proportion (numbers, or arrays element by element).

    Notes
    -----
    .. math:: \frac{\hat p + z^2/2n \pm z\sqrt{\hat p(1-\hat p)/n + z^2/4n^2}}{1 + z^2/n}

    A group with ``n = 0`` gets NaN bounds (its callers report such groups explicitly).

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. JASA 22(158), 209-212. Newcombe, R. G. (1998). Two-sided confidence
    intervals for the single proportion. Statistics in Medicine 17, 857-872.

    Examples
    --------
    Newcombe (1998), Table I, example 81/263: 0.2553 to 0.3662.

    >>> lo, hi = wilson_interval(81, 263)
    >>> round(lo, 4), round(hi, 4)
    (0.2553, 0.3662)
    >>> lo, hi = wilson_interval(np.array([81, 15]), np.array([263, 148]))
    >>> np.round(hi, 4).tolist()  # the second is Newcombe's 15/148: 0.0624 to 0.1605
    [0.3662, 0.1605]
    """
    x = np.asarray(successes, dtype=float)
    size = np.asarray(n, dtype=float)
    z = z_value(ci)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / size
        denom = 1 + z**2 / size
        centre = (p + z**2 / (2 * size)) / denom
        half = z * np.sqrt(p * (1 - p) / size + z**2 / (4 * size**2)) / denom
    lo = np.where(size > 0, centre - half, np.nan)
    hi = np.where(size > 0, centre + half, np.nan)
    if lo.ndim == 0:
        return (float(lo), float(hi))
    return (lo, hi)


def newcombe_interval(
    x1: float, n1: float, x2: float, n2: float, ci: float = 0.95
) -> tuple[float, float]:
    """Newcombe's hybrid score interval for p1 - p2 (method 10 of Newcombe 1998b).

    References
    ----------
    Newcombe, R. G. (1998b). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Statistics in Medicine 17, 873-890.

    Examples
    --------
    Newcombe (1998b), Table II, example (a) 56/70 - 48/80: 0.0524 to 0.3339.

    >>> lo, hi = newcombe_interval(56, 70, 48, 80)
    >>> round(lo, 4), round(hi, 4)
    (0.0524, 0.3339)
    """
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson_interval(x1, n1, ci)
    l2, u2 = wilson_interval(x2, n2, ci)
    d = p1 - p2
    lo = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return (float(lo), float(hi))


def poisson_interval(count: float, ci: float = 0.95) -> tuple[float, float]:
    r"""Exact (Garwood) interval for the mean of a Poisson count.

    Notes
    -----
    .. math:: \left[\tfrac12 \chi^2_{\gamma/2}(2x),\ \tfrac12 \chi^2_{1-\gamma/2}(2x + 2)\right],
              \quad \gamma = 1 - \text{ci},

    with the lower bound 0 when :math:`x = 0`. Divide by the exposure (months, customers)
    for a rate.

    References
    ----------
    Garwood, F. (1936). Fiducial limits for the Poisson distribution. Biometrika 28(3/4),
    437-442.

    Examples
    --------
    The standard table value for 10 events: 4.795 to 18.390.

    >>> lo, hi = poisson_interval(10)
    >>> round(lo, 3), round(hi, 3)
    (4.795, 18.39)
    >>> poisson_interval(0)[0]
    0.0
    """
    tail = (1 - ci) / 2
    lo = 0.0 if count == 0 else float(stats.chi2.ppf(tail, 2 * count)) / 2
    hi = float(stats.chi2.ppf(1 - tail, 2 * count + 2)) / 2
    return (lo, hi)


def ratio_interval(y: np.ndarray, x: np.ndarray, ci: float = 0.95) -> tuple[float, float, float]:
    r"""A ratio of sums over units, :math:`R = \sum y / \sum x`, with its linearised interval.

    ``y`` and ``x`` hold one value per unit (a customer); 2-D arrays of two columns give
    the *difference* :math:`R_2 - R_1` of two ratios measured on the same units, which
    keeps the covariance of units counted in both.

    Notes
    -----
    With :math:`e_i = (y_i - \hat R x_i) / \sum_j x_j` the linearised contribution of unit
    :math:`i` (they sum to 0) and :math:`N` units,

    .. math:: \widehat{\operatorname{Var}}(\hat R) = \frac{N}{N - 1} \sum_i e_i^2,

    the usual variance of a ratio estimator (Cochran 1977, section 6.3), and the interval
    is :math:`\hat R \pm z \sqrt{\widehat{\operatorname{Var}}}`. For a difference
    :math:`e_i` is replaced by :math:`e_{i2} - e_{i1}`.

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.). Wiley, ch. 6.

    Examples
    --------
    Two customers with repeat revenue 1 of 2 and 3 of 6: the share is 0.5 and every
    customer has the same share, so the interval has no width.

    >>> ratio_interval(np.array([1.0, 3.0]), np.array([2.0, 6.0]))
    (0.5, 0.5, 0.5)
    """
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float)
    n = y.shape[0]
    totals = x.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = y.sum(axis=0) / totals
        e = (y - r * x) / totals
    if e.ndim == 2:
        e = e[:, 1] - e[:, 0]
        r = r[1] - r[0]
    var = n / (n - 1) * float(np.sum(e**2)) if n > 1 else float("nan")
    half = z_value(ci) * np.sqrt(var)
    return (float(r), float(r - half), float(r + half))


def mean_interval(values: np.ndarray, ci: float = 0.95) -> tuple[float, float, float]:
    """Mean and its t interval (sample standard deviation, ddof=1).

    >>> m, lo, hi = mean_interval(np.array([1.0, 2.0, 3.0, 4.0]))
    >>> m, round(lo, 3), round(hi, 3)
    (2.5, 0.446, 4.554)
    """
    values = np.asarray(values, dtype=float)
    n = values.size
    mean = float(values.mean())
    if n < 2:
        return (mean, float("nan"), float("nan"))
    se = values.std(ddof=1) / np.sqrt(n)
    t = stats.t.ppf(0.5 + ci / 2, df=n - 1)
    return (mean, float(mean - t * se), float(mean + t * se))


def bootstrap_interval(
    statistic: Callable[[np.ndarray], np.ndarray],
    values: np.ndarray,
    *,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic`` over resamples of ``values``.

    ``statistic`` receives a 2-D array (one resample per row) and returns one number per
    row, so the whole bootstrap is a single vectorised call. Resampling is done on
    indices drawn from ``numpy.random.default_rng(seed)``, so results are reproducible.

    Examples
    --------
    >>> x = np.arange(10.0)
    >>> lo, hi = bootstrap_interval(lambda s: s.mean(axis=1), x, n_boot=500, seed=1)
    >>> lo < 4.5 < hi
    True
    """
    values = np.asarray(values)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, values.shape[0], size=(n_boot, values.shape[0]))
    draws = np.asarray(statistic(values[idx]), dtype=float)
    alpha = (1 - ci) / 2
    lo, hi = np.quantile(draws, [alpha, 1 - alpha])
    return (float(lo), float(hi))
