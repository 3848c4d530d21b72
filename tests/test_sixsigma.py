"""Tests of crmkit.sixsigma against independent values.

Sources, cited at each test:

- [M-VI]  Montgomery, D. C. (2009). Introduction to Statistical Quality Control, 6th ed.,
          Wiley, Appendix VI "Factors for constructing variables control charts",
          n = 2 to 25, all fourteen factors (the same values are in the NIST/SEMATECH
          e-Handbook, Section 6.3.2).
- [SIGMA] The Six Sigma conversion table with the 1.5 sigma shift (Harry 1988; Breyfogle,
          Implementing Six Sigma, 2nd ed. 2003, Table 9.2): 6 -> 3.4, 5 -> 233, 4 -> 6,210,
          3 -> 66,807, 2 -> 308,538, 1 -> 691,462 DPMO. Without the shift the one-sided
          normal tail: 3 sigma -> 1,350 DPMO, 2 -> 22,750, 1 -> 158,655 (any normal table).
- [M-6-1] Montgomery, Introduction to Statistical Quality Control, 5th ed. (2005),
          solutions to Exercise 6-1 (p chart, chapter 6 solutions p. 6-1): 20 samples of
          n = 100 with 117 nonconforming in all: p-bar = 0.0585, UCL = 0.1289, LCL = 0;
          sample 12 out of control; without it p-bar = 0.0537, UCL = 0.1213.
- [SAS]   SAS/QC User's Guide, IRCHART statement, "Details": measurements 3.4, 3.7, 3.6
          give moving ranges (missing), 0.3, 0.1.
- [NEW]   Newcombe (1998), Statistics in Medicine 17, Table I: Wilson 81/263 = 0.2553 to
          0.3662.
- scipy 1.17.1: scipy.stats.ttest_ind(equal_var=False) and mannwhitneyu for the tests;
  scipy.integrate.quad and dblquad for d2 and d3 (a second method), and a Monte Carlo
  simulation of subgroup ranges (numpy) for both.
- [TIP]   Tippett, L. H. C. (1925). On the extreme individuals and the range of samples
          taken from a normal population. Biometrika 17(3/4), 364-387 (the range's
          moments as integrals of the normal distribution function).
- Hand calculations written out in the comments.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from crmkit import sixsigma as ss

# --------------------------------------------------------------------------- fixtures


def make_tickets(hours, target=48.0, opened="2024-03-01 09:00", channel=None):
    """A tiny tickets table with the given resolution hours."""
    hours = np.asarray(hours, dtype=float)
    opened_at = pd.Series(pd.Timestamp(opened), index=range(len(hours)))
    n = len(hours)
    return pd.DataFrame(
        {
            "ticket_id": [f"T{i + 1:06d}" for i in range(n)],
            "ticket_type": pd.Categorical(["complaint"] * n),
            "cause": pd.Categorical(["late_delivery"] * n),
            "channel": pd.Categorical(channel if channel is not None else ["web"] * n),
            "opened_at": opened_at,
            "closed_at": opened_at + pd.to_timedelta(hours, unit="h"),
            "target_hours": np.full(n, float(target)),
        }
    )


# ------------------------------------------------------------------ control constants

# [M-VI] Montgomery (2009), Appendix VI, typed row by row: n, then
#   A, A2, A3, c4, B3, B4, B5, B6, d2, d3, D1, D2, D3, D4.
_FACTORS = ("A", "A2", "A3", "c4", "B3", "B4", "B5", "B6", "d2", "d3", "D1", "D2", "D3", "D4")
MONTGOMERY_VI_TEXT = """
2  2.121 1.880 2.659 0.7979 0     3.267 0     2.606 1.128 0.853 0     3.686 0     3.267
3  1.732 1.023 1.954 0.8862 0     2.568 0     2.276 1.693 0.888 0     4.358 0     2.574
4  1.500 0.729 1.628 0.9213 0     2.266 0     2.088 2.059 0.880 0     4.698 0     2.282
5  1.342 0.577 1.427 0.9400 0     2.089 0     1.964 2.326 0.864 0     4.918 0     2.114
6  1.225 0.483 1.287 0.9515 0.030 1.970 0.029 1.874 2.534 0.848 0     5.078 0     2.004
7  1.134 0.419 1.182 0.9594 0.118 1.882 0.113 1.806 2.704 0.833 0.204 5.204 0.076 1.924
8  1.061 0.373 1.099 0.9650 0.185 1.815 0.179 1.751 2.847 0.820 0.388 5.306 0.136 1.864
9  1.000 0.337 1.032 0.9693 0.239 1.761 0.232 1.707 2.970 0.808 0.547 5.393 0.184 1.816
10 0.949 0.308 0.975 0.9727 0.284 1.716 0.276 1.669 3.078 0.797 0.687 5.469 0.223 1.777
11 0.905 0.285 0.927 0.9754 0.321 1.679 0.313 1.637 3.173 0.787 0.811 5.535 0.256 1.744
12 0.866 0.266 0.886 0.9776 0.354 1.646 0.346 1.610 3.258 0.778 0.922 5.594 0.283 1.717
13 0.832 0.249 0.850 0.9794 0.382 1.618 0.374 1.585 3.336 0.770 1.025 5.647 0.307 1.693
14 0.802 0.235 0.817 0.9810 0.406 1.594 0.399 1.563 3.407 0.763 1.118 5.696 0.328 1.672
15 0.775 0.223 0.789 0.9823 0.428 1.572 0.421 1.544 3.472 0.756 1.203 5.741 0.347 1.653
16 0.750 0.212 0.763 0.9835 0.448 1.552 0.440 1.526 3.532 0.750 1.282 5.782 0.363 1.637
17 0.728 0.203 0.739 0.9845 0.466 1.534 0.458 1.511 3.588 0.744 1.356 5.820 0.378 1.622
18 0.707 0.194 0.718 0.9854 0.482 1.518 0.475 1.496 3.640 0.739 1.424 5.856 0.391 1.608
19 0.688 0.187 0.698 0.9862 0.497 1.503 0.490 1.483 3.689 0.734 1.487 5.891 0.403 1.597
20 0.671 0.180 0.680 0.9869 0.510 1.490 0.504 1.470 3.735 0.729 1.549 5.921 0.415 1.585
21 0.655 0.173 0.663 0.9876 0.523 1.477 0.516 1.459 3.778 0.724 1.605 5.951 0.425 1.575
22 0.640 0.167 0.647 0.9882 0.534 1.466 0.528 1.448 3.819 0.720 1.659 5.979 0.434 1.566
23 0.626 0.162 0.633 0.9887 0.545 1.455 0.539 1.438 3.858 0.716 1.710 6.006 0.443 1.557
24 0.612 0.157 0.619 0.9892 0.555 1.445 0.549 1.429 3.895 0.712 1.759 6.031 0.451 1.548
25 0.600 0.153 0.606 0.9896 0.565 1.435 0.559 1.420 3.931 0.708 1.806 6.056 0.459 1.541
"""
MONTGOMERY_VI = {
    int(row.split()[0]): dict(zip(_FACTORS, map(float, row.split()[1:]), strict=True))
    for row in MONTGOMERY_VI_TEXT.strip().splitlines()
}


@pytest.mark.parametrize("n", range(2, 26))
def test_spc_constants_match_montgomery_appendix_vi(n):
    # [M-VI] to the table's decimals: half a unit of the last digit (c4: 4 decimals,
    # the rest 3), plus 1e-4 for the table's own rounding (its d3 for n = 19 is 0.734,
    # the exact value 0.73348). D1-D4 are printed from d2 and d3 rounded to three
    # decimals, e.g. n = 10: D1 = 3.078 - 3 x 0.797 = 0.687 where the exact d2 - 3 d3
    # is 0.6864, so they get 1.6e-3 (3 x 0.0005, plus the same 1e-4).
    published = MONTGOMERY_VI[n]
    computed = ss.spc_constants(n)
    table = ss.SPC_CONSTANTS.loc[n]
    for factor, value in published.items():
        if factor == "c4":
            tol = 6e-5
        elif factor in ("D1", "D2", "D3", "D4"):
            tol = 1.6e-3
        else:
            tol = 6e-4
        assert computed[factor] == pytest.approx(value, abs=tol), (n, factor)
        assert table[factor] == computed[factor]


def test_spc_constants_table_is_built_from_the_functions():
    table = ss.SPC_CONSTANTS
    assert list(table.index) == list(range(2, 26)) and table.index.name == "n"
    assert list(table.columns) == list(_FACTORS)
    table.loc[2, "d2"] = 0.0  # a copy: the module's table cannot be damaged
    assert ss.SPC_CONSTANTS.loc[2, "d2"] == pytest.approx(1.1284, abs=1e-4)


@pytest.mark.parametrize("n", [2, 3, 5, 10, 25, 60])
def test_d2_d3_agree_with_a_second_method(n):
    # A second method, independent of the module's range distribution: scipy.integrate
    # (quad and dblquad, with scipy.special.ndtr as Phi).
    #   d2 = E[W] = integral of 1 - Phi(t)^n - (1 - Phi(t))^n dt
    #   E[W^2] = 2 * double integral over s < t of
    #            1 - (1 - Phi(s))^n - Phi(t)^n + (Phi(t) - Phi(s))^n ds dt,
    # since W = integral of 1{X(1) <= t < X(n)} dt, so W^2 is the double integral of
    # 1{X(1) <= s, t < X(n)} (Tippett 1925). Beyond +-9 the integrands are below 1e-17.
    from scipy.special import ndtr as cdf

    d2, _ = integrate.quad(lambda t: 1 - cdf(t) ** n - (1 - cdf(t)) ** n, -9, 9)
    second, _ = integrate.dblquad(
        lambda s, t: 2 * (1 - (1 - cdf(s)) ** n - cdf(t) ** n + (cdf(t) - cdf(s)) ** n),
        -9,
        9,
        -9,
        lambda t: t,
        epsabs=1e-9,
    )
    assert ss.d2(n) == pytest.approx(d2, abs=1e-9)
    assert ss.d3(n) == pytest.approx(math.sqrt(second - d2**2), abs=1e-7)


@pytest.mark.parametrize("n", [4, 12, 40])
def test_d2_d3_by_simulation(n):
    # Monte Carlo: 100,000 subgroups of n standard normal values. The SE of the mean range
    # is d3 / sqrt(N) < 0.003; of its SD about d3 / sqrt(2N) < 0.002. Tolerance 0.01 and
    # 0.008: about 4 SE.
    rng = np.random.default_rng(20240101)
    ranges = np.ptp(rng.standard_normal((100_000, n)), axis=1)
    assert ss.d2(n) == pytest.approx(ranges.mean(), abs=0.01)
    assert ss.d3(n) == pytest.approx(ranges.std(ddof=1), abs=0.008)


def test_moving_range_constants_by_hand():
    # Hand calculation for n = 2: |Z1 - Z2| with Z1 - Z2 ~ N(0, 2) is half-normal, so
    #   d2 = E|Z1 - Z2| = sqrt(2) * sqrt(2/pi) = 2/sqrt(pi) = 1.12838
    #   d3 = sd|Z1 - Z2| = sqrt(2 - 4/pi) = 0.85250
    #   D4 = 1 + 3 d3/d2 = 1 + 3 * 0.85250 / 1.12838 = 3.26653 -> 3.267
    d2 = 2 / math.sqrt(math.pi)
    d3 = math.sqrt(2 - 4 / math.pi)
    assert ss.d2(2) == pytest.approx(d2, abs=1e-10)
    assert ss.d3(2) == pytest.approx(d3, abs=1e-9)
    assert ss.spc_constants(2)["D4"] == pytest.approx(1 + 3 * d3 / d2, abs=1e-9)


def test_c4_by_hand_and_its_large_n_approximation():
    # c4 = sqrt(2/(n-1)) Gamma(n/2) / Gamma((n-1)/2):
    #   n = 2: sqrt(2) Gamma(1) / Gamma(1/2) = sqrt(2/pi) = 0.797885
    #   n = 3: Gamma(3/2) / Gamma(1) = sqrt(pi)/2 = 0.886227
    # and for large n c4 ~ 4(n-1)/(4n-3) (Montgomery 2009, Section 6.3), within 1e-6 at 200.
    assert ss.c4(2) == pytest.approx(math.sqrt(2 / math.pi), abs=1e-12)
    assert ss.c4(3) == pytest.approx(math.sqrt(math.pi) / 2, abs=1e-12)
    assert ss.c4(200) == pytest.approx(4 * 199 / 797, abs=1e-6)
    assert ss.c4(100_000) == pytest.approx(1.0, abs=1e-5)  # log-gamma: no overflow


def test_spc_constants_for_large_subgroups_and_other_widths():
    # Beyond any printed table: n = 500 (d2 = 6.0734, d3 = 0.5235 from the module's own
    # grid refined 4 times, x on [-12, 12], 400 Gauss-Legendre nodes), and k = 2 limits
    # by hand: A2(k=2) = 2 / (d2 sqrt(n)).
    big = ss.spc_constants(500)
    assert big["d2"] == pytest.approx(6.073399, abs=1e-5)
    assert big["d3"] == pytest.approx(0.523482, abs=1e-5)
    assert ss.spc_constants(5, k=2)["A2"] == pytest.approx(2 / (ss.d2(5) * math.sqrt(5)))
    assert ss.spc_constants(5, k=2)["D4"] == pytest.approx(1 + 2 * ss.d3(5) / ss.d2(5))


def test_spc_constants_bad_sizes():
    with pytest.raises(ValueError, match="argument 'n' must be at least 2 but is 1"):
        ss.spc_constants(1)
    with pytest.raises(ValueError, match="argument 'n' must be a whole number"):
        ss.d2(2.5)
    with pytest.raises(TypeError, match="argument 'n' must be a whole number but is the str"):
        ss.c4("5")
    with pytest.raises(ValueError, match="argument 'k' must be greater than 0"):
        ss.spc_constants(5, k=0)


# ----------------------------------------------------------- sigma conversion table

# [SIGMA] sigma level -> DPMO with the 1.5 shift, as published (rounded)
SIGMA_TABLE_SHIFTED = [(6, 3.4), (5, 233), (4, 6210), (3, 66807), (2, 308538), (1, 691462)]
# [SIGMA] without the shift: the one-sided normal tail, in DPMO
SIGMA_TABLE_UNSHIFTED = [(3, 1350), (2, 22750), (1, 158655)]


@pytest.mark.parametrize(("sigma", "published"), SIGMA_TABLE_SHIFTED)
def test_dpmo_from_sigma_matches_published_table_with_shift(sigma, published):
    # [SIGMA] the published values are rounded to the unit (to 0.1 for 3.4)
    tol = 0.05 if published < 10 else 0.5
    assert ss.dpmo_from_sigma(sigma) == pytest.approx(published, abs=tol)
    assert ss.dpmo_from_sigma(sigma, shift=1.5) == pytest.approx(published, abs=tol)


@pytest.mark.parametrize(("sigma", "published"), SIGMA_TABLE_SHIFTED)
def test_sigma_level_inverts_published_table_with_shift(sigma, published):
    # [SIGMA]: the published DPMO maps back to the sigma level (rounding of the DPMO moves
    # the level by less than 0.005 sigma)
    assert ss.sigma_level(published) == pytest.approx(sigma, abs=5e-3)


@pytest.mark.parametrize(("sigma", "published"), SIGMA_TABLE_UNSHIFTED)
def test_sigma_without_shift_is_the_normal_tail(sigma, published):
    # [SIGMA] normal table: 1 - Phi(3) = 0.0013499 -> 1,350 DPMO
    assert ss.dpmo_from_sigma(sigma, shift=0) == pytest.approx(published, abs=0.5)
    assert ss.sigma_level(published, shift=0) == pytest.approx(sigma, abs=5e-3)


def test_shift_is_the_difference_between_the_two_conventions():
    # Same DPMO, sigma level with shift = sigma level without + 1.5 (definition).
    x = np.array([3.4, 233.0, 66807.0])
    assert np.allclose(ss.sigma_level(x) - ss.sigma_level(x, shift=0), 1.5)


def test_sigma_level_keeps_the_kind_of_its_input():
    s = pd.Series([66807.0, 6210.0], index=["a", "b"], name="dpmo")
    out = ss.sigma_level(s)
    assert isinstance(out, pd.Series) and list(out.index) == ["a", "b"]
    assert isinstance(ss.sigma_level([66807.0, 6210.0]), np.ndarray)
    assert isinstance(ss.sigma_level(66807), float)


def test_sigma_level_of_zero_and_all_defects_is_infinite_not_nan():
    assert ss.sigma_level(0) == math.inf
    assert ss.sigma_level(1e6) == -math.inf


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0.01, max_value=999_999.0), st.floats(min_value=0, max_value=3))
def test_sigma_level_and_dpmo_from_sigma_are_inverse(x, shift):
    assert ss.dpmo_from_sigma(ss.sigma_level(x, shift=shift), shift=shift) == pytest.approx(
        x, rel=1e-6
    )


# ------------------------------------------------------------- DPU, DPMO, yield


def test_dpu_dpmo_yield_hand_calculation():
    # Hand calculation: 30 defects on 200 units with 5 opportunities each.
    #   DPU  = 30 / 200 = 0.15
    #   DPO  = 30 / (200 * 5) = 0.03;  DPMO = 30,000
    #   yield (dpo)     = 1 - 0.03 = 0.97
    #   yield (poisson) = exp(-0.15) = 0.860708
    assert ss.dpu(30, 200) == pytest.approx(0.15)
    assert ss.dpmo(30, 200, 5) == pytest.approx(30_000)
    assert ss.process_yield(30, 200, 5) == pytest.approx(0.97)
    assert ss.process_yield(30, 200, 5, method="poisson") == pytest.approx(0.860708, abs=1e-6)
    # and element-wise on arrays
    assert np.allclose(ss.dpmo([1, 2], [10, 10]), [100_000, 200_000])


def test_defects_summary_hand_calculation():
    # Hand calculation: 8 tickets, target 48 h; hours 10, 20, 47.9, 48 (exactly on target:
    # on time), 48.5, 60, 30, 100 -> defects = 3 (48.5, 60, 100).
    #   DPU = DPO = 3/8 = 0.375; DPMO = 375,000; yield = 0.625
    #   sigma (no shift) = Phi^-1(0.625) = 0.318639; with the shift 1.818639
    t = make_tickets([10, 20, 47.9, 48, 48.5, 60, 30, 100])
    s = ss.defects_summary(t)
    assert (s.units, s.defects, s.opportunities) == (8, 3, 1)
    assert s.dpu == pytest.approx(0.375)
    assert s.dpmo == pytest.approx(375_000)
    assert s.process_yield == pytest.approx(0.625)
    assert s.sigma_level_no_shift == pytest.approx(0.318639, abs=1e-6)
    assert s.sigma_level == pytest.approx(1.818639, abs=1e-6)
    # two opportunities per ticket halve the DPMO: 3 / 16 = 187,500
    assert ss.defects_summary(t, opportunities=2).dpmo == pytest.approx(187_500)


def test_defects_summary_is_frozen():
    s = ss.defects_summary(make_tickets([10, 60]))
    with pytest.raises(AttributeError):
        s.defects = 0


# ------------------------------------------------------------- resolution, service


def test_resolution_hours_hand_calculation():
    t = make_tickets([12.5, 0.0, 48.25])
    assert ss.resolution_hours(t).tolist() == pytest.approx([12.5, 0.0, 48.25])
    assert ss.resolution_hours(t).name == "resolution_hours"


def test_service_level_per_channel_hand_calculation():
    # web: 3 tickets, 2 within 48 h -> 2/3; phone: 2 tickets, 1 within -> 1/2
    t = make_tickets([10, 48, 49, 5, 72], channel=["web", "web", "web", "phone", "phone"])
    out = ss.service_level(t)
    assert out.loc["web", "tickets"] == 3 and out.loc["web", "within_target"] == 2
    assert out.loc["web", "share"] == pytest.approx(2 / 3)
    assert out.loc["phone", "share"] == pytest.approx(0.5)
    overall = ss.service_level(t, by=None)
    assert overall.loc["all", "share"] == pytest.approx(3 / 5)


def test_service_level_interval_is_wilson():
    # [NEW] Newcombe (1998) Table I: 81 of 263 -> Wilson 95% interval 0.2553 to 0.3662
    hours = [10.0] * 81 + [100.0] * (263 - 81)
    out = ss.service_level(make_tickets(hours), by=None)
    assert out.loc["all", "ci_low"] == pytest.approx(0.2553, abs=5e-5)
    assert out.loc["all", "ci_high"] == pytest.approx(0.3662, abs=5e-5)


# --------------------------------------------------------------------------- Pareto


def test_pareto_table_hand_calculation():
    # counts: late 5, damaged 3, billing 1, other 1 (total 10)
    # shares 0.5, 0.3, 0.1, 0.1; cumulative 0.5, 0.8, 0.9, 1.0
    # vital few at 0.8: late (0 before), damaged (0.5 before < 0.8); billing has 0.8 before
    causes = ["late"] * 5 + ["damaged"] * 3 + ["other", "billing"]
    out = ss.pareto_table(pd.DataFrame({"cause": causes}))
    assert out.index.tolist() == ["late", "damaged", "other", "billing"]  # tie: first seen
    assert out["count"].tolist() == [5, 3, 1, 1]
    assert out["share"].tolist() == pytest.approx([0.5, 0.3, 0.1, 0.1])
    assert out["cumulative_share"].tolist() == pytest.approx([0.5, 0.8, 0.9, 1.0])
    assert out["vital_few"].tolist() == [True, True, False, False]
    # vital_share=0.6: damaged crosses 0.6 and is included
    assert ss.pareto_table(pd.DataFrame({"cause": causes}), vital_share=0.6)[
        "vital_few"
    ].tolist() == [True, True, False, False]
    assert ss.pareto_table(pd.DataFrame({"cause": causes}), vital_share=0.5)[
        "vital_few"
    ].tolist() == [True, False, False, False]


def test_pareto_table_weighted_and_unseen_categories():
    # weight: cost per cause late 1+1 = 2, damaged 10 -> damaged first (10/12)
    d = pd.DataFrame(
        {
            "cause": pd.Categorical(
                ["late", "late", "damaged"], categories=["late", "damaged", "billing"]
            ),
            "handling_cost": [1.0, 1.0, 10.0],
        }
    )
    out = ss.pareto_table(d, weight="handling_cost")
    assert out.index.tolist() == ["damaged", "late", "billing"]
    assert out["handling_cost"].tolist() == pytest.approx([10.0, 2.0, 0.0])
    assert out["count"].tolist() == [1, 2, 0]
    assert out["share"].tolist() == pytest.approx([10 / 12, 2 / 12, 0.0])
    assert out["vital_few"].tolist() == [True, False, False]


# ----------------------------------------------------------------------- capability


def test_capability_overall_hand_calculation():
    # x = 9, 11, 10, 12, 8: mean 10; squares of deviations 1+1+0+4+4 = 10;
    # s = sqrt(10/4) = 1.581139
    # LSL 4, USL 16: Cp = 12 / (6 * 1.581139) = 1.264911
    # USL 14: Cpu = (14-10)/(3 s) = 0.843274, Cpl = (10-4)/(3 s) = 1.264911, Cpk = 0.843274
    d = pd.DataFrame({"x": [9.0, 11.0, 10.0, 12.0, 8.0]})
    c = ss.capability(d, "x", lsl=4, usl=16, sigma="overall")
    assert c.sigma == pytest.approx(1.581139, abs=1e-6)
    assert c.cp == pytest.approx(1.264911, abs=1e-6)
    c = ss.capability(d, "x", lsl=4, usl=14, sigma="overall")
    assert c.cpu == pytest.approx(0.843274, abs=1e-6)
    assert c.cpl == pytest.approx(1.264911, abs=1e-6)
    assert c.cpk == pytest.approx(0.843274, abs=1e-6)


def test_capability_within_hand_calculation():
    # moving ranges of 9, 11, 10, 12, 8: 2, 1, 2, 4 -> MR-bar 2.25; sigma = 2.25 / 1.128
    #   = 1.994681; Cp = 12 / (6 * 1.994681) = 1.002667
    d = pd.DataFrame({"x": [9.0, 11.0, 10.0, 12.0, 8.0]})
    c = ss.capability(d, "x", lsl=4, usl=16)
    assert c.sigma_method == "within"
    assert c.sigma == pytest.approx(1.994681, abs=1e-6)
    assert c.cp == pytest.approx(1.002667, abs=1e-6)
    # order: the same values shuffled with a time column give the same answer
    shuffled = pd.DataFrame({"x": [12.0, 9.0, 8.0, 11.0, 10.0], "t": [4, 1, 5, 2, 3]})
    assert ss.capability(shuffled, "x", lsl=4, usl=16, order="t").cp == pytest.approx(c.cp)


def test_capability_one_sided_has_no_cp():
    d = pd.DataFrame({"x": [9.0, 11.0, 10.0, 12.0, 8.0]})
    c = ss.capability(d, "x", usl=16, sigma="overall")
    assert c.cp is None and c.cpl is None
    assert c.cpk == pytest.approx(c.cpu) == pytest.approx(6 / (3 * 1.581139), abs=1e-6)


# ---------------------------------------------------------------------- control charts


def test_imr_chart_moving_range_convention_sas_example():
    # [SAS] 3.4, 3.7, 3.6 -> MR missing, 0.3, 0.1
    out = ss.imr_chart(pd.DataFrame({"x": [3.4, 3.7, 3.6]}), "x")
    assert np.isnan(out["mr"].iloc[0])
    assert out["mr"].iloc[1:].tolist() == pytest.approx([0.3, 0.1])


def test_imr_chart_hand_calculation():
    # x = 10, 12, 11, 13: mean 11.5; MR = 2, 1, 2 -> MR-bar = 5/3
    # sigma = (5/3)/1.128 = 1.477541; limits 11.5 -+ 4.432624 = 7.067376, 15.932624
    # MR chart: UCL = 3.267 * 5/3 = 5.445, LCL 0
    out = ss.imr_chart(pd.DataFrame({"x": [10.0, 12.0, 11.0, 13.0]}), "x")
    row = out.iloc[0]
    assert row["x_centre"] == pytest.approx(11.5)
    assert row["x_sigma"] == pytest.approx(1.477541, abs=1e-6)
    assert row["x_lcl"] == pytest.approx(7.067376, abs=1e-6)
    assert row["x_ucl"] == pytest.approx(15.932624, abs=1e-6)
    assert row["mr_centre"] == pytest.approx(5 / 3)
    assert row["mr_ucl"] == pytest.approx(5.445, abs=1e-9)
    assert row["mr_lcl"] == 0


def test_xbar_r_chart_hand_calculation():
    # 3 subgroups of n = 5:
    #   A: 1 2 3 4 5 -> mean 3, range 4;  B: 2 2 2 2 7 -> mean 3, range 5;
    #   C: 5 6 6 6 7 -> mean 6, range 2
    # grand mean 4, R-bar 11/3; [M-VI] n = 5: A2 0.577, D3 0, D4 2.114
    #   X-bar limits 4 -+ 0.577 * 11/3 = 4 -+ 2.115667 -> 1.884333, 6.115667
    #   R limits 0 and 2.114 * 11/3 = 7.751333
    # The constants are computed (A2 = 0.576810, D4 = 2.114513), so the limits agree with
    # the table's to its rounding: 11/3 x 0.0005 = 0.0018.
    d = pd.DataFrame(
        {
            "g": list("AAAAABBBBBCCCCC"),
            "x": [1, 2, 3, 4, 5, 2, 2, 2, 2, 7, 5, 6, 6, 6, 7],
        }
    )
    out = ss.xbar_r_chart(d, "x", "g")
    assert out["xbar"].tolist() == pytest.approx([3, 3, 6])
    assert out["r"].tolist() == pytest.approx([4, 5, 2])
    assert out["xbar_lcl"].iloc[0] == pytest.approx(1.884333, abs=2e-3)
    assert out["xbar_ucl"].iloc[0] == pytest.approx(6.115667, abs=2e-3)
    assert out["r_lcl"].iloc[0] == 0
    assert out["r_ucl"].iloc[0] == pytest.approx(7.751333, abs=2e-3)
    # exactly: A2 = 3 / (d2 sqrt 5), D4 = 1 + 3 d3 / d2
    a2 = 3 / (ss.d2(5) * math.sqrt(5))
    assert out["xbar_ucl"].iloc[0] == pytest.approx(4 + a2 * 11 / 3, abs=1e-12)
    assert out["xbar_sigma"].iloc[0] == pytest.approx(11 / 3 / ss.d2(5) / math.sqrt(5))


def test_xbar_r_chart_d3_is_used_from_n_7():
    # [M-VI] n = 7: D3 = 0.076, D4 = 1.924. Two subgroups with ranges 6 and 2 -> R-bar 4
    # -> R limits 0.304 and 7.696 (to the table's rounding, 4 x 0.0005)
    d = pd.DataFrame({"g": [1] * 7 + [2] * 7, "x": list(range(7)) + [0, 1, 2, 1, 1, 1, 1]})
    out = ss.xbar_r_chart(d, "x", "g")
    assert out["r_lcl"].iloc[0] == pytest.approx(0.304, abs=2e-3)
    assert out["r_ucl"].iloc[0] == pytest.approx(7.696, abs=2e-3)


def test_xbar_r_chart_takes_any_subgroup_size():
    # n = 12, beyond the old 2-10 table: [M-VI] A2 = 0.266, D3 = 0.283, D4 = 1.717.
    # Subgroup 1 is 0..11 (mean 5.5, range 11), subgroup 2 is 0..11 + 1 (mean 6.5, range
    # 11): grand mean 6, R-bar 11 -> X-bar limits 6 -+ 0.266 x 11 = 3.074, 8.926.
    d = pd.DataFrame({"g": [1] * 12 + [2] * 12, "x": list(range(12)) + list(range(1, 13))})
    out = ss.xbar_r_chart(d, "x", "g")
    assert out["xbar_lcl"].iloc[0] == pytest.approx(3.074, abs=11 * 6e-4)
    assert out["xbar_ucl"].iloc[0] == pytest.approx(8.926, abs=11 * 6e-4)
    assert out["r_lcl"].iloc[0] == pytest.approx(0.283 * 11, abs=11 * 6e-4)
    assert out["r_ucl"].iloc[0] == pytest.approx(1.717 * 11, abs=11 * 6e-4)


def test_xbar_s_chart_hand_calculation():
    # 3 subgroups of n = 4:
    #   A: 1 2 3 4 -> mean 2.5, s = sqrt(((1.5^2 + 0.5^2) * 2) / 3) = sqrt(5/3) = 1.290994
    #   B: 2 2 2 6 -> mean 3,   s = sqrt((1 + 1 + 1 + 9) / 3) = 2
    #   C: 4 5 5 6 -> mean 5,   s = sqrt((1 + 0 + 0 + 1) / 3) = 0.816497
    # grand mean 3.5, s-bar = (1.290994 + 2 + 0.816497) / 3 = 1.369164
    # [M-VI] n = 4: A3 = 1.628, B3 = 0, B4 = 2.266
    #   X-bar limits 3.5 -+ 1.628 x 1.369164 = 3.5 -+ 2.228999 -> 1.271001, 5.728999
    #   S limits 0 and 2.266 x 1.369164 = 3.102526
    d = pd.DataFrame({"g": list("AAAABBBBCCCC"), "x": [1, 2, 3, 4, 2, 2, 2, 6, 4, 5, 5, 6]})
    out = ss.xbar_s_chart(d, "x", "g")
    assert out["xbar"].tolist() == pytest.approx([2.5, 3, 5])
    assert out["s"].tolist() == pytest.approx([math.sqrt(5 / 3), 2, math.sqrt(2 / 3)])
    s_bar = (math.sqrt(5 / 3) + 2 + math.sqrt(2 / 3)) / 3
    assert out["s_centre"].iloc[0] == pytest.approx(s_bar)
    tol = s_bar * 6e-4  # the table's rounding
    assert out["xbar_lcl"].iloc[0] == pytest.approx(1.271001, abs=tol)
    assert out["xbar_ucl"].iloc[0] == pytest.approx(5.728999, abs=tol)
    assert out["s_lcl"].iloc[0] == 0
    assert out["s_ucl"].iloc[0] == pytest.approx(3.102526, abs=tol)
    # sigma of a subgroup mean: s-bar / c4 / sqrt(n), with c4(4) = 0.9213 [M-VI]
    assert out["xbar_sigma"].iloc[0] == pytest.approx(s_bar / 0.9213 / 2, abs=1e-4)


def test_xbar_s_chart_lower_limit_from_n_6():
    # [M-VI] n = 6: B3 = 0.030, B4 = 1.970. Subgroups 0..5 and 0..5 * 2: s = 1.870829 and
    # 3.741657 (0..5 has variance 3.5), s-bar = 2.806243 -> S limits 0.0842 and 5.528
    d = pd.DataFrame({"g": [1] * 6 + [2] * 6, "x": list(range(6)) + [2 * i for i in range(6)]})
    out = ss.xbar_s_chart(d, "x", "g")
    s_bar = (math.sqrt(3.5) + 2 * math.sqrt(3.5)) / 2
    assert out["s_lcl"].iloc[0] == pytest.approx(0.030 * s_bar, abs=s_bar * 6e-4)
    assert out["s_ucl"].iloc[0] == pytest.approx(1.970 * s_bar, abs=s_bar * 6e-4)


def test_p_chart_montgomery_exercise_6_1():
    # [M-6-1] 20 samples of n = 100, 117 nonconforming in all, sample 12 (index 11) has 15.
    # The limits depend only on the total for equal n, so the other 19 counts are chosen to
    # sum to 102 (each below the UCL).
    others = [5] * 12 + [6] * 7  # 60 + 42 = 102
    counts = others[:11] + [15] + others[11:]
    assert sum(counts) == 117
    data = pd.DataFrame({"defectives": counts, "size": [100] * 20})
    out = ss.p_chart(data)
    assert out["centre"].iloc[0] == pytest.approx(0.0585)
    assert out["ucl"].iloc[0] == pytest.approx(0.1289, abs=5e-5)
    assert out["lcl"].iloc[0] == 0  # 0.0585 - 0.0705 < 0, clipped
    flags = ss.western_electric(out["p"], out["centre"], out["sigma"])
    assert out.index[flags["rule_1"]].tolist() == [11]  # "sample 12"
    # revised limits without sample 12: p-bar 0.0537, UCL 0.1213
    revised = ss.p_chart(data.drop(index=11))
    assert revised["centre"].iloc[0] == pytest.approx(0.0537, abs=5e-5)
    assert revised["ucl"].iloc[0] == pytest.approx(0.1213, abs=5e-5)


def test_p_chart_variable_sizes_hand_calculation():
    # defectives 5 of 50 and 10 of 200: p-bar = 15/250 = 0.06
    #   n = 50:  sigma = sqrt(0.06*0.94/50) = 0.0335857; UCL 0.1607571; LCL -0.04 -> 0
    #   n = 200: sigma = 0.0167929; UCL 0.1103786; LCL 0.0096214
    out = ss.p_chart(pd.DataFrame({"defectives": [5, 10], "size": [50, 200]}))
    assert out["centre"].tolist() == pytest.approx([0.06, 0.06])
    assert out["ucl"].tolist() == pytest.approx([0.1607571, 0.1103786], abs=1e-7)
    assert out["lcl"].tolist() == pytest.approx([0.0, 0.0096214], abs=1e-7)


# ---------------------------------------------------------------- Western Electric


def flagged(values, rule, centre=0.0, sigma=1.0):
    out = ss.western_electric(values, centre, sigma)
    return out.index[out[rule]].tolist()


def test_rule_1_one_point_beyond_three_sigma():
    # 3.2 and -3.01 are beyond; exactly 3.0 is on the limit, not beyond
    assert flagged([0, 0.5, 3.2, -0.3, -3.01, 3.0], "rule_1") == [2, 4]


def test_rule_2_two_of_three_beyond_two_sigma_same_side():
    # index 2 completes (2.5, 0, 2.1); index 7 completes (-2.2, 0.5, -2.3);
    # index 5 (-2.2) alone is not a pattern
    assert flagged([2.5, 0, 2.1, 0, 0, -2.2, 0.5, -2.3], "rule_2") == [2, 7]
    # opposite sides never combine
    assert flagged([2.5, -2.5, 0, 0, -2.5, 2.5], "rule_2") == []


def test_rule_3_four_of_five_beyond_one_sigma_same_side():
    # index 4 completes 1.5 1.5 0 1.5 1.5; index 5 (0) is not itself beyond
    values = [1.5, 1.5, 0, 1.5, 1.5, 0, 0, 0]
    assert flagged(values, "rule_3") == [4]
    assert flagged([-v for v in values], "rule_3") == [4]
    assert flagged(values, "rule_2") == [] and flagged(values, "rule_1") == []


def test_rule_4_eight_in_a_row_same_side():
    # nine points above: the 8th (index 7) and the 9th (index 8) complete a run of 8
    values = [0.5] * 9 + [-0.5] * 3
    assert flagged(values, "rule_4") == [7, 8]
    # a point on the centre line breaks the run
    assert flagged([0.5] * 4 + [0.0] + [0.5] * 4, "rule_4") == []
    assert flagged([-0.2] * 8, "rule_4") == [7]


def test_western_electric_scales_and_keeps_index():
    z = np.array([0, 0.5, 3.2, -0.3, -3.01, 3.0, 2.5, 2.5])
    values = pd.Series(10 + 2 * z, index=list("abcdefgh"))
    out = ss.western_electric(values, 10, 2)
    assert out.index.tolist() == list("abcdefgh")
    assert out.index[out["rule_1"]].tolist() == ["c", "e"]
    assert out["out_of_control"].equals(out[["rule_1", "rule_2", "rule_3", "rule_4"]].any(axis=1))


def naive_rules(z):
    """Loop implementation of the documented rules, written independently of the module."""
    n = len(z)
    r = np.zeros((n, 4), dtype=bool)
    for i in range(n):
        r[i, 0] = abs(z[i]) > 3
        for col, (zone, k, m) in ((1, (2, 3, 2)), (2, (1, 5, 4))):
            win = z[max(0, i - k + 1) : i + 1]
            up = z[i] > zone and sum(v > zone for v in win) >= m
            down = z[i] < -zone and sum(v < -zone for v in win) >= m
            r[i, col] = up or down
        if i >= 7:
            win = z[i - 7 : i + 1]
            r[i, 3] = all(v > 0 for v in win) or all(v < 0 for v in win)
    return r


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from([-3.5, -2.5, -1.5, -0.5, 0.0, 0.5, 1.5, 2.5, 3.5]), max_size=40, min_size=1
    )
)
def test_western_electric_matches_a_naive_loop(z):
    out = ss.western_electric(z, 0, 1)
    expected = naive_rules(np.array(z))
    assert (out[["rule_1", "rule_2", "rule_3", "rule_4"]].to_numpy() == expected).all()


# ----------------------------------------------------------------------- before/after


@pytest.fixture(scope="module")
def before_after_tickets():
    rng = np.random.default_rng(7)
    before = np.round(36 * np.exp(0.7 * rng.standard_normal(60)), 1)
    after = np.round(22 * np.exp(0.7 * rng.standard_normal(80)), 1)
    before[:5] = after[:5] = 24.0  # ties across groups
    t_before = make_tickets(before, opened="2023-10-01 10:00")
    t_after = make_tickets(after, opened="2024-02-01 10:00")
    t = pd.concat([t_before, t_after], ignore_index=True)
    return t, before, after


def test_before_after_welch_log_matches_scipy(before_after_tickets):
    t, before, after = before_after_tickets
    r = ss.before_after(t)
    ref = stats.ttest_ind(np.log(after), np.log(before), equal_var=False)
    assert r.statistic == pytest.approx(ref.statistic, rel=1e-9)
    assert r.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    lo, hi = ref.confidence_interval(0.95)
    assert (r.ci_low, r.ci_high) == pytest.approx((math.exp(lo), math.exp(hi)), rel=1e-9)
    geo = math.exp(np.log(after).mean() - np.log(before).mean())
    assert r.effect == pytest.approx(geo)
    assert (r.n_before, r.n_after) == (60, 80)
    assert r.median_ratio == pytest.approx(np.median(after) / np.median(before), rel=1e-6)


def test_before_after_welch_matches_scipy(before_after_tickets):
    t, before, after = before_after_tickets
    r = ss.before_after(t, test="welch", ci=0.9)
    ref = stats.ttest_ind(after, before, equal_var=False)
    assert r.statistic == pytest.approx(ref.statistic, rel=1e-9)
    assert r.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    lo, hi = ref.confidence_interval(0.9)
    assert (r.ci_low, r.ci_high) == pytest.approx((lo, hi), rel=1e-7)
    assert r.effect == pytest.approx(after.mean() - before.mean(), abs=1e-6)


def test_before_after_mann_whitney_matches_scipy(before_after_tickets):
    t, before, after = before_after_tickets
    r = ss.before_after(t, test="mann-whitney")
    ref = stats.mannwhitneyu(
        after, before, alternative="two-sided", method="asymptotic", use_continuity=True
    )
    assert r.statistic == pytest.approx(ref.statistic, rel=1e-9)
    assert r.p_value == pytest.approx(ref.pvalue, rel=1e-6)
    assert r.effect == pytest.approx(np.median(after) / np.median(before), rel=1e-6)
    assert r.ci_low < r.effect < r.ci_high


def test_before_after_with_a_value_column_hand_calculation():
    # before 40, 50, 60 (mean 50, var 100); after 20, 25, 30 (mean 25, var 25)
    # t = (25 - 50) / sqrt(100/3 + 25/3) = -25 / 6.454972 = -3.872983
    t = pd.DataFrame(
        {
            "opened_at": pd.to_datetime(["2023-12-01"] * 3 + ["2024-02-01"] * 3),
            "hours": [40.0, 50.0, 60.0, 20.0, 25.0, 30.0],
        }
    )
    r = ss.before_after(t, value="hours", test="welch")
    assert r.statistic == pytest.approx(-3.872983, abs=1e-6)
    assert r.effect == pytest.approx(-25.0)


# ------------------------------------------------------------------------ bad inputs


def test_resolution_hours_names_the_ticket_closed_before_opening():
    t = make_tickets([5, 5, 5])
    t.loc[1, "closed_at"] = t.loc[1, "opened_at"] - pd.Timedelta(hours=2)
    with pytest.raises(ValueError, match=r"earlier than 'opened_at'.*ticket 'T000002' \(row 1\)"):
        ss.resolution_hours(t)
    with pytest.raises(ValueError, match="T000002"):
        ss.service_level(t)


def test_missing_column_says_which_argument_to_use():
    t = make_tickets([5]).drop(columns="closed_at")
    with pytest.raises(ValueError, match=r"table 'tickets' has no column 'closed_at'.*closed="):
        ss.defects_summary(t)


def test_wrong_dtype_says_how_to_convert():
    t = make_tickets([5, 6])
    t["opened_at"] = t["opened_at"].astype(str)
    with pytest.raises(ValueError, match=r"'opened_at' in table 'tickets'.*pd.to_datetime"):
        ss.resolution_hours(t)


def test_missing_target_is_not_dropped_silently():
    t = make_tickets([5, 6])
    t.loc[1, "target_hours"] = np.nan
    with pytest.raises(ValueError, match=r"'target_hours' in table 'tickets' has 1 missing"):
        ss.service_level(t)


def test_zero_target_is_rejected():
    t = make_tickets([5, 6], target=0)
    with pytest.raises(ValueError, match=r"target of 0 hours \(row 0\)"):
        ss.defects_summary(t)


def test_empty_table_is_rejected():
    with pytest.raises(ValueError, match=r"table 'tickets' is empty"):
        ss.service_level(make_tickets([]))
    with pytest.raises(ValueError, match=r"table 'tickets' is empty"):
        ss.pareto_table(pd.DataFrame({"cause": pd.Series([], dtype="category")}))


def test_not_a_dataframe():
    with pytest.raises(TypeError, match="should be a pandas DataFrame"):
        ss.resolution_hours([1, 2])


def test_counts_out_of_range():
    with pytest.raises(ValueError, match=r"argument 'dpmo' must be between 0 and 1000000"):
        ss.sigma_level(2e6)
    with pytest.raises(ValueError, match=r"argument 'dpmo' has values outside 0-1000000"):
        ss.sigma_level([10.0, -1.0])
    with pytest.raises(ValueError, match=r"have 2, 3 and 1 values"):
        ss.dpmo([1, 2], [10, 10, 10])
    with pytest.raises(ValueError, match=r"'units' has 3 values but 'defects' has 2"):
        ss.dpu([1, 2], [10, 10, 10])
    with pytest.raises(ValueError, match="at most one defect"):
        ss.dpmo(11, 10, 1)
    with pytest.raises(ValueError, match="must be at least 1"):
        ss.dpu(1, 0)
    with pytest.raises(ValueError, match="whole number"):
        ss.dpu(1.5, 10)
    with pytest.raises(ValueError, match="argument 'shift' must be at least 0"):
        ss.sigma_level(100, shift=-1.5)
    with pytest.raises(ValueError, match="argument 'method' must be one of 'dpo', 'poisson'"):
        ss.process_yield(1, 10, method="binomial")


def test_capability_bad_inputs():
    d = pd.DataFrame({"x": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="needs a specification limit"):
        ss.capability(d, "x")
    with pytest.raises(ValueError, match=r"'lsl' \(5\) must be below 'usl' \(4\)"):
        ss.capability(d, "x", lsl=5, usl=4)
    with pytest.raises(ValueError, match="no variation"):
        ss.capability(pd.DataFrame({"x": [2.0, 2.0]}), "x", usl=4)
    with pytest.raises(ValueError, match="argument 'sigma' must be one of 'within', 'overall'"):
        ss.capability(d, "x", usl=4, sigma="population")
    with pytest.raises(ValueError, match=r"table 'data' has 1 row but this needs at least 2"):
        ss.capability(d.iloc[:1], "x", usl=4)


def test_xbar_r_chart_bad_subgroups():
    d = pd.DataFrame({"g": [1, 1, 1, 2, 2], "x": [1.0, 2.0, 3.0, 4.0, 5.0]})
    with pytest.raises(ValueError, match=r"unequal size \(2, 3; e.g. subgroup 2 has 2\)"):
        ss.xbar_r_chart(d, "x", "g")
    with pytest.raises(ValueError, match="X-bar/S limits need one size n"):
        ss.xbar_s_chart(d, "x", "g")
    single = pd.DataFrame({"g": [1, 2, 3, 4], "x": np.arange(4.0)})
    for chart in (ss.xbar_r_chart, ss.xbar_s_chart):
        with pytest.raises(ValueError, match="subgroups of size 1; .* imr_chart"):
            chart(single, "x", "g")
    one = pd.DataFrame({"g": [1] * 4, "x": np.arange(4.0)})
    with pytest.raises(ValueError, match="single subgroup"):
        ss.xbar_r_chart(one, "x", "g")
    with pytest.raises(ValueError, match="has no column 'hours'.*value="):
        ss.xbar_s_chart(one, "hours", "g")


def test_p_chart_names_the_row_with_too_many_defectives():
    d = pd.DataFrame({"defectives": [1, 12], "size": [10, 10]}, index=[5, 6])
    with pytest.raises(ValueError, match=r"larger than 'size' in row 6 \(12 of 10\)"):
        ss.p_chart(d)
    with pytest.raises(ValueError, match=r"'defectives' in table 'data' should hold whole"):
        ss.p_chart(pd.DataFrame({"defectives": [1.5], "size": [10]}))


def test_western_electric_bad_inputs():
    with pytest.raises(ValueError, match="'sigma' must be positive"):
        ss.western_electric([1.0, 2.0], 0, 0)
    with pytest.raises(ValueError, match="'centre' has 3 values but 'values' has 2"):
        ss.western_electric([1.0, 2.0], [0, 0, 0], 1)
    with pytest.raises(ValueError, match="has 1 missing value"):
        ss.western_electric([1.0, np.nan], 0, 1)


def test_before_after_default_change_is_the_contract_date():
    # data/README.md: service process change 2024-01-01 (crmkit.data.PROCESS_CHANGE)
    import inspect

    from crmkit.data import PROCESS_CHANGE

    default = inspect.signature(ss.before_after).parameters["change"].default
    assert pd.Timestamp(default) == PROCESS_CHANGE


def test_before_after_bad_inputs(before_after_tickets):
    t, _, _ = before_after_tickets
    zero = t.copy()
    zero.loc[3, "closed_at"] = zero.loc[3, "opened_at"]
    with pytest.raises(ValueError, match=r"values of 0 or below \(e.g. 0 in row 3\).*mann-whitney"):
        ss.before_after(zero)
    with pytest.raises(ValueError, match=r"puts 0 rows after the change on 2030-01-01"):
        ss.before_after(t, change="2030-01-01")
    with pytest.raises(ValueError, match="argument 'test' must be one of"):
        ss.before_after(t, test="t")
    with pytest.raises(ValueError, match="must be a date"):
        ss.before_after(t, change="soon")
    with pytest.raises(ValueError, match="argument 'change' must be a date without a time zone"):
        ss.before_after(t, change=pd.Timestamp("2024-01-01", tz="UTC"))


def test_pareto_bad_inputs():
    d = pd.DataFrame({"cause": ["a", None, "b"]})
    with pytest.raises(ValueError, match=r"'cause' in table 'tickets' has 1 missing value"):
        ss.pareto_table(d)
    with pytest.raises(ValueError, match=r"has no column 'reason'.*category="):
        ss.pareto_table(pd.DataFrame({"cause": ["a"]}), "reason")
    with pytest.raises(ValueError, match="'vital_share' must be"):
        ss.pareto_table(pd.DataFrame({"cause": ["a"]}), vital_share=0)
    neg = pd.DataFrame({"cause": ["a", "b"], "cost": [1.0, -1.0]})
    with pytest.raises(ValueError, match=r"'cost' in table 'tickets' has values below 0"):
        ss.pareto_table(neg, weight="cost")


def test_inputs_are_never_modified(before_after_tickets):
    t, _, _ = before_after_tickets
    copy = t.copy(deep=True)
    ss.resolution_hours(t)
    ss.service_level(t)
    ss.defects_summary(t)
    ss.pareto_table(t)
    ss.before_after(t)
    ss.before_after(t, test="mann-whitney")
    pd.testing.assert_frame_equal(t, copy)
    d = pd.DataFrame({"x": [3.0, 1.0, 2.0], "t": [3, 1, 2]})
    dc = d.copy()
    ss.imr_chart(d, "x", order="t")
    ss.capability(d, "x", usl=5, order="t")
    pd.testing.assert_frame_equal(d, dc)


# --------------------------------------------------------------- planted truths (T2, T3)

SEEDS = (1, 2, 3)


@pytest.fixture(scope="module")
def generated():
    from crmkit import data

    return {s: data.generate(seed=s, n_customers=2000)["tickets"] for s in SEEDS}


@pytest.fixture(scope="module")
def planted():
    from crmkit.data import PLANTED

    return PLANTED


@pytest.mark.parametrize("seed", SEEDS)
def test_planted_t2_pareto_of_complaint_causes(generated, planted, seed):
    # T2: late_delivery ~50% and damaged_item ~25% of complaints, recovered by the
    # *default* call on the whole tickets table (it counts the complaints). About 1,500
    # complaints per seed: the SE of a share near 0.5 is sqrt(0.25/1500) = 0.013, so 0.05
    # is ~4 SE.
    tickets = generated[seed]
    out = ss.pareto_table(tickets, "cause")
    complaints = tickets["ticket_type"] == "complaint"
    assert out["count"].sum() == complaints.sum()
    shares = dict(planted.complaint_cause_shares)
    top_two = sorted(shares, key=shares.get, reverse=True)[:2]
    assert out.index[:2].tolist() == top_two
    assert out["share"].iloc[0] == pytest.approx(shares[top_two[0]], abs=0.05)
    assert out["cumulative_share"].iloc[1] == pytest.approx(
        shares[top_two[0]] + shares[top_two[1]], abs=0.05
    )
    # every share against the plain count of complaint causes (pandas value_counts)
    by_hand = tickets.loc[complaints, "cause"].value_counts(normalize=True)
    pd.testing.assert_series_equal(
        out["share"], by_hand.reindex(out.index), check_names=False, check_index_type=False
    )


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_pareto_of_every_ticket_is_flatter(generated, planted, seed):
    # ticket_type=None counts every ticket: service requests (mostly 'other' and billing,
    # data card T2) dilute the complaints' concentration, so the top share falls well
    # below the planted 50% and every ticket is counted.
    tickets = generated[seed]
    every = ss.pareto_table(tickets, "cause", ticket_type=None)
    assert every["count"].sum() == len(tickets)
    by_hand = tickets["cause"].value_counts()
    assert every["count"].to_dict() == by_hand.to_dict()
    assert every["share"].iloc[0] < dict(planted.complaint_cause_shares)["late_delivery"] - 0.1
    services = ss.pareto_table(tickets, ticket_type="service")
    assert services["count"].sum() == (tickets["ticket_type"] == "service").sum()


def test_pareto_ticket_type_rules():
    t = pd.DataFrame(
        {
            "ticket_type": ["complaint", "complaint", "complaint", "service", "service"],
            "cause": ["late", "late", "damaged", "billing", "billing"],
        }
    )
    # default: complaints only; explicit "complaint" is the same
    assert ss.pareto_table(t)["count"].to_dict() == {"late": 2, "damaged": 1}
    assert ss.pareto_table(t, ticket_type="complaint")["count"].to_dict() == {
        "late": 2,
        "damaged": 1,
    }
    # a table without the column is counted whole by default ...
    bare = t.drop(columns="ticket_type")
    assert ss.pareto_table(bare)["count"].sum() == 5
    # ... but asking for a ticket type on it is an error
    with pytest.raises(ValueError, match=r"no column 'ticket_type'.*ticket_type=None"):
        ss.pareto_table(bare, ticket_type="complaint")
    with pytest.raises(
        ValueError, match=r"no row of type 'refund' \(it has 'complaint', 'service'\)"
    ):
        ss.pareto_table(t, ticket_type="refund")
    with pytest.raises(TypeError, match="argument 'ticket_type' must be a ticket type"):
        ss.pareto_table(t, ticket_type=1)
    # another column name for the type
    renamed = t.rename(columns={"ticket_type": "kind"})
    assert ss.pareto_table(renamed, type_column="kind")["count"].sum() == 3
    # weights are summed over the chosen rows only
    w = t.assign(cost=[1.0, 1.0, 5.0, 100.0, 100.0])
    assert ss.pareto_table(w, weight="cost")["cost"].to_dict() == {"damaged": 5.0, "late": 2.0}


@pytest.mark.parametrize("seed", SEEDS)
def test_planted_t3_process_change_cuts_resolution_time(generated, planted, seed):
    # T3: lognormal times, median 36 h before and 21.6 h after 2024-01-01 (factor 0.6),
    # log-sd 0.7. With ~1,000 tickets per side the SE of the log ratio of geometric means
    # is 0.7 * sqrt(1/1000 + 1/1400) = 0.029, of the log ratio of medians ~1.25 times
    # that; tolerances 0.07 and 0.1 on the ratio are about 4 SE.
    factor = planted.resolution_median_hours_after / planted.resolution_median_hours_before
    r = ss.before_after(generated[seed], change="2024-01-01")
    assert r.effect == pytest.approx(factor, abs=0.07)
    assert r.median_ratio == pytest.approx(factor, abs=0.1)
    assert r.p_value < 0.001
    assert r.median_before == pytest.approx(planted.resolution_median_hours_before, rel=0.1)


@pytest.mark.parametrize("seed", SEEDS)
def test_planted_t3_service_level_before_and_after(generated, planted, seed):
    # Service level implied by the planted lognormal: P(T <= 48) = Phi(ln(48/m) / 0.7)
    #   before: Phi(ln(48/36)/0.7) = Phi(0.411) = 0.659; after: Phi(1.141) = 0.873.
    tickets = generated[seed]
    target = planted.service_target_hours
    sd = planted.resolution_log_sd
    after = tickets["opened_at"] >= pd.Timestamp("2024-01-01")
    for mask, median in (
        (~after, planted.resolution_median_hours_before),
        (after, planted.resolution_median_hours_after),
    ):
        expected = stats.norm.cdf(math.log(target / median) / sd)
        got = ss.service_level(tickets[mask], by=None).loc["all", "share"]
        assert got == pytest.approx(expected, abs=0.05)


def test_before_after_zone_aware_column_against_a_naive_change():
    from crmkit import data

    t = data.load("tickets")
    aware = t.assign(
        opened_at=t["opened_at"].dt.tz_localize("UTC"),
        closed_at=t["closed_at"].dt.tz_localize("UTC"),
    )
    with pytest.raises(ValueError, match="mix time-zone-aware and naive"):
        ss.before_after(aware, change="2024-01-01")


# ------------------------------------------------------------- chart data from tickets


def test_ticket_periods_hand_calculation():
    # Week of 2024-01-01: tickets of 24 h and 72 h (late: 72 > 48) -> 2 tickets, 1 late,
    # mean 48, median 48. Week of 2024-01-08: one of 24 h. The week of 2024-01-15 has a
    # ticket opened on the 15th, outside end="2024-01-14".
    opened = pd.to_datetime(
        ["2024-01-01 09:00", "2024-01-07 23:00", "2024-01-08 00:00", "2024-01-15 00:00"]
    )
    t = pd.DataFrame(
        {
            "opened_at": opened,
            "closed_at": opened + pd.to_timedelta([24, 72, 24, 10], unit="h"),
            "target_hours": [48.0] * 4,
        }
    )
    out = ss.ticket_periods(t, end="2024-01-14")
    assert [str(p)[:10] for p in out.index] == ["2024-01-01", "2024-01-08"]
    assert out["tickets"].tolist() == [2, 1] and out["late"].tolist() == [1, 0]
    assert out["share_late"].tolist() == [0.5, 0.0]
    assert out["mean_hours"].tolist() == [48.0, 24.0]
    monthly = ss.ticket_periods(t, freq="M", start="2024-01-08")
    assert monthly["tickets"].tolist() == [2] and monthly["median_hours"].tolist() == [17.0]


def test_ticket_periods_match_pandas_on_the_kit_data():
    # Independent: pandas groupby on the week of opening, late = hours > target.
    from crmkit.data import DATA_DIR

    t = pd.read_csv(DATA_DIR / "tickets.csv", parse_dates=["opened_at", "closed_at"])
    hours = (t["closed_at"] - t["opened_at"]).dt.total_seconds() / 3600
    week = t["opened_at"].dt.to_period("W")
    by_hand = (hours > t["target_hours"]).groupby(week).agg(["size", "sum"])
    out = ss.ticket_periods(t)
    assert out["tickets"].tolist() == by_hand["size"].tolist()
    assert out["late"].tolist() == by_hand["sum"].tolist()
    np.testing.assert_allclose(out["median_hours"], hours.groupby(week).median())


def test_ticket_samples_take_the_first_tickets_of_each_period():
    # Week 1: 3 tickets (the first 2 are taken), week 2: 2 tickets, week 3: 1 (left out).
    opened = pd.to_datetime(
        ["2024-01-03", "2024-01-01", "2024-01-02", "2024-01-08", "2024-01-09", "2024-01-15"]
    )
    t = pd.DataFrame(
        {"opened_at": opened, "closed_at": opened + pd.to_timedelta([3, 1, 2, 4, 5, 6], unit="h")}
    )
    s = ss.ticket_samples(t, size=2)
    assert s.index.tolist() == [1, 2, 3, 4]  # time order, the input's labels
    assert s["hours"].tolist() == [1.0, 2.0, 4.0, 5.0]
    chart = ss.xbar_r_chart(s, "hours", "period")
    assert chart["xbar"].tolist() == [1.5, 4.5] and chart["n"].tolist() == [2, 2]
    with pytest.raises(ValueError, match="fewer than two weeks with 3 tickets"):
        ss.ticket_samples(t, size=3)
    with pytest.raises(ValueError, match="argument 'size' must be at least 2"):
        ss.ticket_samples(t, size=1)
    with pytest.raises(ValueError, match="argument 'freq' must be one of 'D', 'W', 'M'"):
        ss.ticket_samples(t, freq="Q")
    with pytest.raises(ValueError, match="no ticket in table 'tickets' was opened between"):
        ss.ticket_samples(t, start="2025-01-01")
