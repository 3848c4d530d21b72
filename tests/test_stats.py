"""The distribution functions of crmkit._stats against scipy.stats, the library they replace.

The measures call scipy.special directly because importing scipy.stats costs about a second
in every notebook's kernel; these tests hold each function to scipy.stats' own answer.
"""

import subprocess
import sys

import numpy as np
import pytest
from scipy import stats as scipy_stats

from crmkit._stats import stats

P = np.array([1e-9, 1e-6, 0.001, 0.025, 0.05, 0.3, 0.5, 0.7, 0.95, 0.975, 0.999, 1 - 1e-9])
X = np.array([-40.0, -6.0, -2.5, -1.96, -0.3, 0.0, 0.3, 1.0, 1.96, 3.0, 6.0, 40.0])
DF = [1, 2, 3, 5, 9.5, 29, 120, 1e6, np.inf]


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-300)


def test_normal_against_scipy():
    close(stats.norm.cdf(X), scipy_stats.norm.cdf(X))
    close(stats.norm.sf(X), scipy_stats.norm.sf(X))
    close(stats.norm.ppf(P), scipy_stats.norm.ppf(P))
    close(stats.norm.isf(P), scipy_stats.norm.isf(P))
    # by hand: the two-sided 95 % quantile, and the 3.4 DPMO of a six-sigma process
    assert float(stats.norm.ppf(0.975)) == pytest.approx(1.959964, abs=1e-6)
    assert float(stats.norm.isf(3.4e-6)) == pytest.approx(4.5, abs=1e-3)


@pytest.mark.parametrize("df", DF)
def test_student_t_against_scipy(df):
    close(stats.t.cdf(X, df), scipy_stats.t.cdf(X, df))
    close(stats.t.sf(X, df), scipy_stats.t.sf(X, df))
    np.testing.assert_allclose(stats.t.ppf(P, df), scipy_stats.t.ppf(P, df), rtol=1e-8)


def test_student_t_takes_an_array_of_degrees_of_freedom():
    df = np.array([1, 4, 19, 99])
    np.testing.assert_allclose(stats.t.ppf(0.975, df), scipy_stats.t.ppf(0.975, df), rtol=1e-10)
    # Published: t(0.975; 4) = 2.776 and t(0.975; 19) = 2.093 (any t table)
    assert stats.t.ppf(0.975, df)[1:3] == pytest.approx([2.776, 2.093], abs=5e-4)


@pytest.mark.parametrize("df", [1, 2, 7, 30, 200])
def test_chi2_against_scipy(df):
    q = P[(P > 1e-8) & (P < 1 - 1e-8)]
    np.testing.assert_allclose(stats.chi2.ppf(q, df), scipy_stats.chi2.ppf(q, df), rtol=1e-8)


@pytest.mark.parametrize(("dfn", "dfd"), [(1, 1), (5, 10), (299, 1196), (40, 3)])
def test_f_against_scipy(dfn, dfd):
    q = np.array([0.001, 0.025, 0.5, 0.975, 0.999])
    np.testing.assert_allclose(stats.f.isf(q, dfn, dfd), scipy_stats.f.isf(q, dfn, dfd), rtol=1e-8)


def test_rankdata_against_scipy():
    rng = np.random.default_rng(3)
    values = rng.integers(0, 20, 500).astype(float)  # many ties
    np.testing.assert_array_equal(stats.rankdata(values), scipy_stats.rankdata(values))
    assert list(stats.rankdata([10, 20, 20, 5])) == [2.0, 3.5, 3.5, 1.0]  # by hand


def test_the_measures_do_not_import_scipy_stats():
    # The point of the module: computing the course's measures leaves scipy.stats unloaded.
    code = (
        "import sys\n"
        "from crmkit import data, lifecycle, relationship, satisfaction, sixsigma, swift\n"
        "t = data.load_all()\n"
        "satisfaction.nps(t['surveys'], method='normal')\n"
        "relationship.reliability(t['surveys'])\n"
        "sixsigma.before_after(t['tickets'], test='mann-whitney')\n"
        "sixsigma.before_after(t['tickets'])\n"
        "sixsigma.sigma_level(6210)\n"
        "swift.campaign_lift(t['campaign_contacts'])\n"
        "lifecycle.hse_indicators(t['customers'], t['order_lines'])\n"
        "print('scipy.stats' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr
