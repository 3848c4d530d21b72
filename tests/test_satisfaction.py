"""Tests of crmkit.satisfaction.

Every number is checked against an independent source, cited in a comment: a hand
calculation written out in the test, or a second library (versions used when the
reference values were checked: scipy 1.17.1, statsmodels 0.15.0, scikit-learn 1.9.1,
pingouin 0.7.0; the tests call those libraries live, so they keep checking).

A note on plspm (PyPI 0.5.7, GoogleCloudPlatform/plspm-python): it was tried as the
reference for acsi_index in a scratch venv. It fails under pandas 3; under pandas 2.3.3
its Mode A / path-scheme solution is not a fixed point of Lohmöller's algorithm (one more
step of the algorithm moves its weights), the disagreement with SEMinR/SmartPLS reported
in plspm-python issue #15. So the PLS checks below use closed forms instead: one-item
blocks (weight 1, paths = standardised OLS, statsmodels), two blocks (Mode A = first pair
of singular vectors of the cross-covariance, Tenenhaus et al. 2005 sec. 3.4; computed by
scikit-learn's PLSSVD) and the stationarity equations of the algorithm written out with
statsmodels OLS.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from sklearn.cross_decomposition import PLSSVD
from statsmodels.stats.proportion import proportion_confint

from crmkit import satisfaction as sat

# ----------------------------------------------------------------------------- fixtures


def make_acsi_data(seed: int = 2026, n: int = 300) -> pd.DataFrame:
    """A fixed ACSI-shaped survey (1-10 items) from a known latent path model."""
    rng = np.random.default_rng(seed)
    e = rng.normal(size=n)
    q = 0.6 * e + rng.normal(size=n) * 0.8
    v = 0.2 * e + 0.5 * q + rng.normal(size=n) * 0.8
    s = 0.1 * e + 0.5 * q + 0.3 * v + rng.normal(size=n) * 0.6
    c = -0.5 * s + rng.normal(size=n) * 0.85
    loy = 0.6 * s - 0.2 * c + rng.normal(size=n) * 0.7
    lat = {
        "exp": (e, 3),
        "qual": (q, 3),
        "value": (v, 2),
        "sat": (s, 3),
        "complaint": (c, 1),
        "loyalty": (loy, 2),
    }
    loads = [0.9, 0.7, 0.5]
    cols = {}
    for name, (f, k) in lat.items():
        for i in range(k):
            raw = 6 + 1.5 * (loads[i] * f + rng.normal(size=n) * 0.6)
            cols[f"acsi_{name}_{i + 1}"] = np.clip(np.rint(raw), 1, 10).astype(int)
    return pd.DataFrame(cols)


@pytest.fixture
def acsi_data() -> pd.DataFrame:
    return make_acsi_data()


@pytest.fixture
def ipa_data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "imp_price": [5, 4, 5, 4],
            "perf_price": [2, 3, 2, 3],
            "imp_delivery": [5, 5, 4, 4],
            "perf_delivery": [4, 5, 4, 5],
            "imp_website": [2, 2, 3, 1],
            "perf_website": [5, 4, 5, 4],
            "imp_after_sales": [2, 3, 2, 3],
            "perf_after_sales": [2, 2, 3, 1],
        }
    )


# ----------------------------------------------------------------------------- CSAT


def test_csat_hand_calculation():
    # Hand: ratings 5,4,3,5,2,4,1,5 -> at or above 4: 5,4,5,4,5 = 5 of 8 = 62.5 %;
    # at 5 ("% fully satisfied", top box): 3 of 8 = 37.5 %.
    data = pd.DataFrame({"csat": [5, 4, 3, 5, 2, 4, 1, 5]})
    assert sat.csat(data) == pytest.approx(62.5)
    assert sat.csat(data, satisfied_from=5) == pytest.approx(37.5)
    # Hand on a 1-7 scale with threshold 6: 7 and 6 of [7, 6, 5, 2] = 2 of 4 = 50 %.
    data7 = pd.DataFrame({"sat7": [7, 6, 5, 2]})
    assert sat.csat(data7, "sat7", satisfied_from=6, scale=(1, 7)) == pytest.approx(50.0)


def test_csat_bad_input():
    with pytest.raises(ValueError, match=r"table 'surveys' has no column 'csat'.*score="):
        sat.csat(pd.DataFrame({"overall": [5]}))
    with pytest.raises(
        ValueError, match=r"column 'csat' in table 'surveys' has values outside 1-5"
    ):
        sat.csat(pd.DataFrame({"csat": [5, 6]}))
    with pytest.raises(ValueError, match=r"column 'csat' .* 1 missing value.*dropna"):
        sat.csat(pd.DataFrame({"csat": [5, np.nan]}))
    with pytest.raises(ValueError, match=r"should hold whole numbers from 1 to 5 but has dtype"):
        sat.csat(pd.DataFrame({"csat": ["5", "very"]}))
    with pytest.raises(ValueError, match=r"table 'surveys' is empty"):
        sat.csat(pd.DataFrame({"csat": pd.Series([], dtype="int64")}))
    with pytest.raises(ValueError, match=r"argument 'satisfied_from' must be between 1 and 5"):
        sat.csat(pd.DataFrame({"csat": [5]}), satisfied_from=6)
    with pytest.raises(ValueError, match=r"argument 'scale' must be \(lowest, highest\)"):
        sat.csat(pd.DataFrame({"csat": [5]}), scale=(5, 1))


# ----------------------------------------------------------------------------- NPS


def test_nps_hand_calculation():
    # Hand: 10 answers; promoters (9-10): 10, 9, 9, 10, 9 = 5 -> 50 %; detractors (0-6):
    # 6, 3, 0 = 3 -> 30 %; passives (7-8): 8, 7 = 2 -> 20 %; NPS = 50 - 30 = 20.
    # Analytic SE (Notes): var = pP + pD - (pP - pD)^2 = 0.5 + 0.3 - 0.04 = 0.76;
    # SE = 100 * sqrt(0.76 / 10) = 27.5681; z(0.975) = 1.959964; half-width = 54.0324.
    data = pd.DataFrame({"nps_score": [10, 9, 9, 8, 7, 6, 3, 10, 9, 0]})
    r = sat.nps(data, method="normal")
    assert (r.score, r.promoters, r.passives, r.detractors, r.n) == pytest.approx(
        (20.0, 50.0, 20.0, 30.0, 10)
    )
    assert r.ci_low == pytest.approx(20 - 54.0324, abs=1e-3)
    assert r.ci_high == pytest.approx(20 + 54.0324, abs=1e-3)
    assert r.method == "normal"


def test_nps_custom_bands_hand():
    # Hand: promoters_from=8, detractors_to=5 on [8, 9, 6, 5, 2]: promoters 8, 9 (40 %),
    # detractors 5, 2 (40 %), passive 6 (20 %); NPS = 0.
    r = sat.nps(pd.DataFrame({"nps_score": [8, 9, 6, 5, 2]}), promoters_from=8, detractors_to=5)
    assert (r.score, r.promoters, r.passives, r.detractors) == pytest.approx((0, 40, 20, 40))


def test_nps_bootstrap_agrees_with_analytic_interval():
    # 1000 answers: 450 promoters, 350 passives, 200 detractors (NPS = 25).
    # Analytic SE = 100 * sqrt((0.45 + 0.2 - 0.25**2) / 1000) = 2.4238, so the normal
    # 95 % interval is 25 -/+ 4.7506; the percentile bootstrap should agree within ~0.6.
    scores = np.repeat([10, 9, 8, 7, 5, 0], [250, 200, 200, 150, 100, 100])
    data = pd.DataFrame({"nps_score": scores})
    normal = sat.nps(data, method="normal")
    boot = sat.nps(data, n_boot=4000, seed=3)
    assert normal.score == pytest.approx(25.0)
    assert normal.ci_high - normal.score == pytest.approx(4.7506, abs=1e-3)
    assert boot.ci_low == pytest.approx(normal.ci_low, abs=0.6)
    assert boot.ci_high == pytest.approx(normal.ci_high, abs=0.6)
    # reproducible with the seed
    assert sat.nps(data, n_boot=4000, seed=3) == boot


def test_nps_bad_input():
    with pytest.raises(ValueError, match=r"'nps_score' in table 'surveys' has values outside 0-10"):
        sat.nps(pd.DataFrame({"nps_score": [10, 7, 11]}))
    with pytest.raises(ValueError, match=r"has fractions"):
        sat.nps(pd.DataFrame({"nps_score": [9.5, 7]}))
    with pytest.raises(ValueError, match=r"'detractors_to' \(9\) must be below 'promoters_from'"):
        sat.nps(pd.DataFrame({"nps_score": [9]}), detractors_to=9)
    with pytest.raises(ValueError, match=r"argument 'method' must be one of"):
        sat.nps(pd.DataFrame({"nps_score": [9]}), method="jackknife")
    with pytest.raises(ValueError, match=r"argument 'ci' must be between 0 and 1"):
        sat.nps(pd.DataFrame({"nps_score": [9]}), ci=95)


def test_nps_by_matches_nps_per_group_and_hand():
    # Hand: wave 1 [10, 6, 3, 8, 9, 9]: promoters 3/6, detractors 2/6 -> NPS 16.667;
    # wave 2 [10, 9, 9, 7, 5, 10]: promoters 4/6, detractors 1/6 -> NPS 50; diff 33.333.
    data = pd.DataFrame(
        {"wave": [1] * 6 + [2] * 6, "nps_score": [10, 6, 3, 8, 9, 9, 10, 9, 9, 7, 5, 10]}
    )
    table = sat.nps_by(data, "wave", n_boot=1000, seed=5)
    assert table.loc[1, "nps"] == pytest.approx(100 / 6)
    assert table.loc[2, "nps"] == pytest.approx(50.0)
    assert table.loc[2, "diff"] == pytest.approx(50 - 100 / 6)
    assert np.isnan(table.loc[1, "diff"])
    # documented seeding: group k is resampled with seed + k, as nps() would do
    for k, wave in enumerate([1, 2]):
        alone = sat.nps(data[data["wave"] == wave], n_boot=1000, seed=5 + k)
        assert table.loc[wave, "ci_low"] == pytest.approx(alone.ci_low)
        assert table.loc[wave, "ci_high"] == pytest.approx(alone.ci_high)
    assert table.loc[2, "diff_low"] < table.loc[2, "diff"] < table.loc[2, "diff_high"]
    with pytest.raises(ValueError, match=r"argument 'reference' is 3 but column 'wave' has"):
        sat.nps_by(data, "wave", reference=3)


def test_nps_by_segment_joined_from_customers():
    surveys = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"], "nps_score": [10, 9, 0, 8]})
    customers = pd.DataFrame(
        {"customer_id": ["C1", "C2", "C3", "C4"], "segment": ["a", "b", "a", "b"]}
    )
    # Hand: segment a = [10, 0] -> 50 - 50 = 0; segment b = [9, 8] -> 50 - 0 = 50.
    table = sat.nps_by(surveys, "segment", customers=customers, n_boot=200)
    assert table["nps"].tolist() == pytest.approx([0.0, 50.0])
    with pytest.raises(ValueError, match=r"has no column 'segment'.*customers="):
        sat.nps_by(surveys, "segment")
    with pytest.raises(ValueError, match=r"not found in table 'customers' \(e.g. 'C4'"):
        sat.nps_by(surveys, "segment", customers=customers.iloc[:3])


# ----------------------------------------------------------------------------- CSI


def test_csi_hand_calculation():
    # Hand: mean importance price (5+3+4)/3 = 4, delivery (3+3+3)/3 = 3, website 1 ->
    # weights 4/8, 3/8, 1/8. Mean performance price 3 -> (3-1)/4*100 = 50; delivery
    # (5+4+3)/3 = 4 -> 75; website 5 -> 100. CSI = 0.5*50 + 0.375*75 + 0.125*100 = 65.625.
    data = pd.DataFrame(
        {
            "imp_price": [5, 3, 4],
            "perf_price": [3, 3, 3],
            "imp_delivery": [3, 3, 3],
            "perf_delivery": [5, 4, 3],
            "imp_website": [1, 1, 1],
            "perf_website": [5, 5, 5],
        }
    )
    r = sat.csi(data, ["price", "delivery", "website"])
    assert r.weights.tolist() == pytest.approx([0.5, 0.375, 0.125])
    assert r.weights.sum() == pytest.approx(1.0)
    assert r.performance.tolist() == pytest.approx([50.0, 75.0, 100.0])
    assert r.index == pytest.approx(65.625)
    # Hand, explicit weights 0.2/0.3/0.5: 0.2*50 + 0.3*75 + 0.5*100 = 82.5
    w = {"price": 0.2, "delivery": 0.3, "website": 0.5}
    assert sat.csi(data, ["price", "delivery", "website"], weights=w).index == pytest.approx(82.5)


def test_csi_weights_errors():
    data = pd.DataFrame({"perf_price": [3], "perf_delivery": [4]})
    attrs = ["price", "delivery"]
    with pytest.raises(ValueError, match=r"'weights' sums to 0.9, not 1; divide each weight"):
        sat.csi(data, attrs, weights={"price": 0.5, "delivery": 0.4})
    with pytest.raises(ValueError, match=r"negative weight for 'price'"):
        sat.csi(data, attrs, weights={"price": -0.5, "delivery": 1.5})
    with pytest.raises(ValueError, match=r"missing \['delivery'\]"):
        sat.csi(data, attrs, weights={"price": 1.0})
    with pytest.raises(ValueError, match=r"no column 'imp_price'.*importance="):
        sat.csi(data, attrs)
    with pytest.raises(ValueError, match=r"'importance' must be a column-name template"):
        sat.csi(data, attrs, importance="imp")
    with pytest.raises(TypeError, match=r"'attributes' must be a list or tuple"):
        sat.csi(data, "price")


# ----------------------------------------------------------------------------- IPA


def test_ipa_quadrants_hand(ipa_data):
    # Hand means: importance price 4.5, delivery 4.5, website 2.0, after_sales 2.5;
    # performance price 2.5, delivery 4.5, website 4.5, after_sales 2.0.
    # Cross-hairs (centre="mean"): importance (4.5+4.5+2+2.5)/4 = 3.375; performance
    # (2.5+4.5+4.5+2)/4 = 3.375. Martilla & James (1977), Fig. 1: price = high importance,
    # low performance -> "concentrate here"; delivery -> "keep up the good work"; website ->
    # "possible overkill"; after_sales -> "low priority".
    attrs = ["price", "delivery", "website", "after_sales"]
    out = sat.ipa(ipa_data, attrs)
    assert out["importance"].tolist() == pytest.approx([4.5, 4.5, 2.0, 2.5])
    assert out["performance"].tolist() == pytest.approx([2.5, 4.5, 4.5, 2.0])
    assert out["quadrant"].tolist() == [
        "concentrate here",
        "keep up the good work",
        "possible overkill",
        "low priority",
    ]
    assert out.attrs["centre"] == pytest.approx((3.375, 3.375))
    # centre="scale": cross-hairs at (1+5)/2 = 3; after_sales performance 2.0 < 3 and
    # importance 2.5 < 3 -> still "low priority"; same quadrants here.
    out_scale = sat.ipa(ipa_data, attrs, centre="scale")
    assert out_scale.attrs["centre"] == (3.0, 3.0)
    assert out_scale["quadrant"].tolist() == out["quadrant"].tolist()


def test_ipa_does_not_modify_input(ipa_data):
    before = ipa_data.copy(deep=True)
    sat.ipa(ipa_data, ["price", "delivery", "website", "after_sales"])
    pd.testing.assert_frame_equal(ipa_data, before)


def test_ipa_bad_input(ipa_data):
    with pytest.raises(ValueError, match=r"argument 'centre' must be one of 'mean', 'scale'"):
        sat.ipa(ipa_data, ["price"], centre="median")
    bad = ipa_data.assign(perf_price=[2, 3, 2, 0])
    with pytest.raises(ValueError, match=r"'perf_price' in table 'surveys' has values outside 1-5"):
        sat.ipa(bad, ["price"])


# ----------------------------------------------------------------------------- ACSI


def test_acsi_one_item_blocks_hand_and_statsmodels():
    # One item per construct: every weight is 1 (hand: a one-item composite is the item).
    # Index = (mean - 1) / 9 * 100: q mean = 45/6 = 7.5 -> 72.222; s mean = 43/6 -> 68.519.
    data = pd.DataFrame(
        {"q": [6, 7, 8, 9, 10, 5], "v": [5, 7, 6, 9, 9, 4], "s": [5, 8, 7, 10, 9, 4]}
    )
    blocks = {"quality": ["q"], "value": ["v"], "satisfaction": ["s"]}
    paths = [("quality", "value"), ("quality", "satisfaction"), ("value", "satisfaction")]
    r = sat.acsi_index(data, blocks, paths)
    assert r.weights["weight"].tolist() == [1.0, 1.0, 1.0]
    assert r.construct_indices["quality"] == pytest.approx((7.5 - 1) / 9 * 100)
    assert r.index == pytest.approx((43 / 6 - 1) / 9 * 100)
    # Paths = OLS on z-scores (statsmodels 0.15.0 OLS, no constant on centred data).
    z = (data - data.mean()) / data.std()
    fit = sm.OLS(z["s"], z[["q", "v"]]).fit()
    got = r.paths.set_index(["source", "target"])["coefficient"]
    assert got[("quality", "satisfaction")] == pytest.approx(fit.params["q"], abs=1e-10)
    assert got[("value", "satisfaction")] == pytest.approx(fit.params["v"], abs=1e-10)
    assert got[("quality", "value")] == pytest.approx(np.corrcoef(data.q, data.v)[0, 1])
    assert r.r2["satisfaction"] == pytest.approx(fit.rsquared, abs=1e-10)


def test_acsi_two_blocks_equal_pls_svd(acsi_data):
    # Two blocks in Mode A: the fixed point w1 ~ X1'X2 w2, w2 ~ X2'X1 w1 is the first pair
    # of singular vectors of the cross-covariance X1'X2 (Tenenhaus, Esposito Vinzi, Chatelin
    # & Lauro 2005, CSDA 48, sec. 3.4: Tucker's inter-battery analysis / PLS-SVD).
    # Reference: scikit-learn 1.9.1 PLSSVD(n_components=1, scale=True).
    x1 = acsi_data[["acsi_qual_1", "acsi_qual_2", "acsi_qual_3"]]
    x2 = acsi_data[["acsi_sat_1", "acsi_sat_2", "acsi_sat_3"]]
    r = sat.acsi_index(
        acsi_data,
        {"quality": list(x1.columns), "satisfaction": list(x2.columns)},
        [("quality", "satisfaction")],
    )
    ref = PLSSVD(n_components=1, scale=True).fit(x1, x2)
    for block, expected in (
        ("quality", ref.x_weights_[:, 0]),
        ("satisfaction", ref.y_weights_[:, 0]),
    ):
        w = r.weights.loc[r.weights["construct"] == block, "outer_weight"].to_numpy()
        w = w / np.linalg.norm(w)
        expected = expected * np.sign(expected.sum())
        np.testing.assert_allclose(w, expected, atol=1e-6)
    # the path is the correlation of the two composites (scikit-learn's scores)
    xs, ys = ref.transform(x1, x2)
    rho = abs(np.corrcoef(xs[:, 0], ys[:, 0])[0, 1])
    assert r.paths["coefficient"].iloc[0] == pytest.approx(rho, abs=1e-6)
    # index: unstandardised weights w/sd rescaled to sum 1, applied to the item means
    # (Fornell et al. 1996); recomputed here from scikit-learn's weights.
    raw = np.abs(ref.y_weights_[:, 0]) / x2.std().to_numpy()
    raw = raw / raw.sum()
    assert r.index == pytest.approx((raw @ x2.mean().to_numpy() - 1) / 9 * 100, abs=1e-6)


def test_acsi_full_model_is_a_fixed_point_of_lohmoller(acsi_data):
    # The converged weights must satisfy the algorithm's equations (Lohmöller 1989;
    # Tenenhaus et al. 2005, sec. 2.2): with standardised composites Y, the path-scheme
    # proxy of a construct is sum(OLS coefficients on its causes * causes) + sum(corr with
    # its effects * effects), and Mode A weights are proportional to cov(items, proxy).
    # Written out here with statsmodels OLS, independent of the module's numpy code.
    r = sat.acsi_index(acsi_data, tol=1e-10)
    blocks = {c: list(items) for c, items in sat.ACSI_BLOCKS.items()}
    z = (acsi_data - acsi_data.mean()) / acsi_data.std()
    scores = {}
    for c, items in blocks.items():
        w = r.weights.set_index("item").loc[items, "outer_weight"].to_numpy()
        scores[c] = z[items].to_numpy() @ w
    y = pd.DataFrame(scores)
    assert y.std().to_numpy() == pytest.approx(np.ones(6))  # unit-variance composites
    for c, items in blocks.items():
        causes = [s for s, t in sat.ACSI_PATHS if t == c]
        effects = [t for s, t in sat.ACSI_PATHS if s == c]
        proxy = np.zeros(len(y))
        if causes:
            proxy += y[causes].to_numpy() @ sm.OLS(y[c], y[causes]).fit().params.to_numpy()
        for e in effects:
            proxy += np.corrcoef(y[c], y[e])[0, 1] * y[e].to_numpy()
        w_new = z[items].to_numpy().T @ proxy
        w_new = w_new / (z[items].to_numpy() @ w_new).std(ddof=1)
        w_old = r.weights.set_index("item").loc[items, "outer_weight"].to_numpy()
        np.testing.assert_allclose(w_new, w_old, atol=1e-7)
    # inner model = OLS of each construct's score on its causes (statsmodels)
    got = r.paths.set_index(["source", "target"])["coefficient"]
    for target in ["value", "satisfaction", "loyalty"]:
        causes = [s for s, t in sat.ACSI_PATHS if t == target]
        fit = sm.OLS(y[target], y[causes]).fit()
        for s in causes:
            assert got[(s, target)] == pytest.approx(fit.params[s], abs=1e-8)
        assert r.r2[target] == pytest.approx(fit.rsquared, abs=1e-8)
    # the fixed model's signs: satisfaction lowers complaints, raises loyalty
    assert got[("satisfaction", "complaints")] < 0 < got[("satisfaction", "loyalty")]
    # rescaled weights sum to 1 within each construct
    sums = r.weights.groupby("construct")["weight"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0)


def test_acsi_equal_weights_hand(acsi_data):
    # method="equal": every item weighs the same; the index is the mean of the item means
    # rescaled, (mean - 1)/9*100 (hand formula, Fornell et al. 1996).
    r = sat.acsi_index(acsi_data, method="equal")
    sat_items = list(sat.ACSI_BLOCKS["satisfaction"])
    expected = (acsi_data[sat_items].mean().mean() - 1) / 9 * 100
    assert r.index == pytest.approx(expected)
    assert r.n_iter == 0
    assert r.weights.loc[r.weights.construct == "satisfaction", "weight"].tolist() == (
        pytest.approx([1 / 3] * 3)
    )
    # and the PLS result reports the same equal-weight indices beside its own
    pls = sat.acsi_index(acsi_data)
    pd.testing.assert_series_equal(pls.equal_weight_indices, r.construct_indices)
    assert pls.method == "pls" and pls.n_iter >= 1


def test_acsi_does_not_modify_input(acsi_data):
    before = acsi_data.copy(deep=True)
    sat.acsi_index(acsi_data)
    pd.testing.assert_frame_equal(acsi_data, before)


def test_acsi_errors(acsi_data):
    with pytest.raises(ValueError, match=r"did not converge in max_iter=1 iterations"):
        sat.acsi_index(acsi_data, max_iter=1)
    reversed_item = acsi_data.assign(acsi_exp_2=11 - acsi_data["acsi_exp_2"])
    with pytest.raises(ValueError, match=r"item 'acsi_exp_2' gets a negative weight.*Reverse-code"):
        sat.acsi_index(reversed_item)
    with pytest.raises(
        ValueError, match=r"'acsi_sat_1' in table 'surveys' has values outside 1-10"
    ):
        sat.acsi_index(acsi_data.assign(acsi_sat_1=0))
    with pytest.raises(ValueError, match=r"'acsi_sat_1' .* same value \(7\) in every row"):
        sat.acsi_index(acsi_data.assign(acsi_sat_1=7))
    with pytest.raises(ValueError, match=r"names construct 'trust', which is not in 'blocks'"):
        sat.acsi_index(acsi_data, paths=[*sat.ACSI_PATHS, ("trust", "loyalty")])
    with pytest.raises(ValueError, match=r"feedback loop"):
        sat.acsi_index(acsi_data, paths=[*sat.ACSI_PATHS, ("loyalty", "expectations")])
    with pytest.raises(ValueError, match=r"no column 'acsi_exp_1'"):
        sat.acsi_index(acsi_data.drop(columns="acsi_exp_1"))
    with pytest.raises(ValueError, match=r"argument 'target' must be one of"):
        sat.acsi_index(acsi_data, target="delight")


# ----------------------------------------------------------------------------- SERVQUAL


def test_servqual_gaps_hand_and_pingouin():
    data = pd.DataFrame(
        {
            "sq_exp_tangibles_1": [6, 7, 5, 6],
            "sq_exp_tangibles_2": [6, 5, 5, 6],
            "sq_perc_tangibles_1": [5, 6, 5, 6],
            "sq_perc_tangibles_2": [6, 6, 4, 5],
            "sq_exp_empathy_1": [7, 7, 6, 6],
            "sq_exp_empathy_2": [7, 6, 6, 7],
            "sq_perc_empathy_1": [4, 5, 3, 5],
            "sq_perc_empathy_2": [5, 5, 4, 4],
        }
    )
    out = sat.servqual_gaps(data, ["tangibles", "empathy"])
    # Hand: tangibles E per respondent (6,6,5,6) mean 5.75; P (5.5,6,4.5,5.5) mean 5.375;
    # gap -0.375. Empathy E (7,6.5,6,6.5) = 6.5; P (4.5,5,3.5,4.5) = 4.375; gap -2.125.
    # Overall: unweighted mean of the two gaps = -1.25.
    assert out.loc["tangibles", ["expectation", "perception", "gap"]].tolist() == pytest.approx(
        [5.75, 5.375, -0.375]
    )
    assert out.loc["empathy", "gap"] == pytest.approx(-2.125)
    assert out.loc["overall", "gap"] == pytest.approx(-1.25)
    # Interval = paired t interval of P - E: pingouin 0.7.0 ttest(paired=True) CI95.
    for dim in ("tangibles", "empathy"):
        p = data[[f"sq_perc_{dim}_1", f"sq_perc_{dim}_2"]].mean(axis=1)
        e = data[[f"sq_exp_{dim}_1", f"sq_exp_{dim}_2"]].mean(axis=1)
        ref = pg.ttest(p, e, paired=True)["CI95"].iloc[0]  # pingouin rounds to 2 decimals
        assert out.loc[dim, "ci_low"] == pytest.approx(ref[0], abs=0.005)
        assert out.loc[dim, "ci_high"] == pytest.approx(ref[1], abs=0.005)
        # and to full precision: scipy 1.17.1 ttest_rel(...).confidence_interval(0.95)
        exact = stats.ttest_rel(p, e).confidence_interval(0.95)
        assert out.loc[dim, "ci_low"] == pytest.approx(exact.low, abs=1e-10)
        assert out.loc[dim, "ci_high"] == pytest.approx(exact.high, abs=1e-10)


def test_servqual_bad_input():
    data = pd.DataFrame({"sq_exp_tangibles_1": [6, 8], "sq_perc_tangibles_1": [5, 6]})
    with pytest.raises(ValueError, match=r"'sq_exp_tangibles_1' .* values outside 1-7"):
        sat.servqual_gaps(data, ["tangibles"], items=1)
    with pytest.raises(ValueError, match=r"no column 'sq_exp_tangibles_2'.*expectation="):
        sat.servqual_gaps(data.assign(sq_exp_tangibles_1=6), ["tangibles"])
    with pytest.raises(ValueError, match=r"table 'surveys' has 1 row but this needs at least 2"):
        sat.servqual_gaps(data.iloc[:1].assign(sq_exp_tangibles_1=6), ["tangibles"], items=1)


# ----------------------------------------------------------------------------- repurchase


def test_satisfaction_vs_repurchase_hand_and_statsmodels():
    surveys = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D", "E"],
            "csat": [5, 5, 5, 2, 2],
            "survey_date": pd.to_datetime(["2024-01-01"] * 5),
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "C", "D", "E"],
            "order_date": pd.to_datetime(
                ["2024-01-10", "2024-01-10", "2024-03-01", "2023-12-01", "2024-06-30", "2024-12-31"]
            ),
        }
    )
    out = sat.satisfaction_vs_repurchase(surveys, orders, window_days=90)
    # Hand, 90-day window from 2024-01-01 (to 2024-03-31): A yes (Jan 10, two lines count
    # once), B yes (Mar 1), C no (ordered before the survey) -> 2 of 3; D no (Jun 30),
    # E no -> 0 of 2.
    assert out["n"].tolist() == [2, 3]
    assert out["repurchased"].tolist() == [0, 2]
    assert out["share"].tolist() == pytest.approx([0.0, 2 / 3])
    # Wilson intervals: statsmodels 0.15.0 proportion_confint(method="wilson")
    lo, hi = proportion_confint(2, 3, alpha=0.05, method="wilson")
    assert out.loc[5, "ci_low"] == pytest.approx(lo)
    assert out.loc[5, "ci_high"] == pytest.approx(hi)
    surveys_before = surveys.copy(deep=True)
    # a window that runs past the last order day is refused (undercounted repurchase)
    with pytest.raises(
        ValueError,
        match=r"5 survey response\(s\) in table 'surveys' have a 400-day window that runs past",
    ):
        sat.satisfaction_vs_repurchase(surveys, orders, window_days=400)
    with pytest.raises(ValueError, match=r"'survey_date' in table 'surveys' should hold dates"):
        sat.satisfaction_vs_repurchase(surveys.assign(survey_date="2024-01-01"), orders)
    with pytest.raises(ValueError, match=r"table 'order_lines' has no column 'order_date'"):
        sat.satisfaction_vs_repurchase(surveys, orders.rename(columns={"order_date": "day"}))
    with pytest.raises(ValueError, match=r"argument 'window_days' must be greater than 0"):
        sat.satisfaction_vs_repurchase(surveys, orders, window_days=0)
    pd.testing.assert_frame_equal(surveys, surveys_before)


# ----------------------------------------------------------------------------- groups


def test_compare_groups_against_scipy():
    rng = np.random.default_rng(7)
    data = pd.DataFrame(
        {
            "wave": np.repeat([1, 2, 3], [40, 55, 30]),
            "csat": np.concatenate(
                [rng.integers(1, 6, 40), rng.integers(2, 6, 55), rng.integers(1, 5, 30)]
            ),
        }
    )
    before = data.copy(deep=True)
    out = sat.compare_groups(data, "csat", "wave")
    ref_values = data.loc[data.wave == 1, "csat"]
    for wave in (1, 2, 3):
        values = data.loc[data.wave == wave, "csat"]
        # mean interval: scipy 1.17.1 stats.t.interval with the standard error of the mean
        lo, hi = stats.t.interval(0.95, len(values) - 1, values.mean(), stats.sem(values))
        assert out.loc[wave, ["n", "mean"]].tolist() == pytest.approx([len(values), values.mean()])
        assert (out.loc[wave, "ci_low"], out.loc[wave, "ci_high"]) == pytest.approx((lo, hi))
        if wave == 1:
            assert np.isnan(out.loc[wave, "diff"])
            continue
        # Welch: scipy 1.17.1 ttest_ind(equal_var=False).confidence_interval
        ci = stats.ttest_ind(values, ref_values, equal_var=False).confidence_interval(0.95)
        assert out.loc[wave, "diff"] == pytest.approx(values.mean() - ref_values.mean())
        assert out.loc[wave, "diff_low"] == pytest.approx(ci.low)
        assert out.loc[wave, "diff_high"] == pytest.approx(ci.high)
    pd.testing.assert_frame_equal(data, before)
    # another reference group
    out2 = sat.compare_groups(data, "csat", "wave", reference=2)
    assert np.isnan(out2.loc[2, "diff"]) and not np.isnan(out2.loc[1, "diff"])


def test_compare_groups_bad_input():
    data = pd.DataFrame({"wave": [1, 1, 2], "csat": [3, 4, 5]})
    with pytest.raises(ValueError, match=r"group 2 of column 'wave' has 1 row"):
        sat.compare_groups(data, "csat", "wave")
    with pytest.raises(ValueError, match=r"'wave' in table 'surveys' has 1 missing value"):
        sat.compare_groups(data.assign(wave=[1, 2, None]), "csat", "wave")
    with pytest.raises(ValueError, match=r"table 'surveys' has no column 'score'.*value="):
        sat.compare_groups(data, "score", "wave")
    with pytest.raises(ValueError, match=r"'csat' in table 'surveys' should hold numbers"):
        sat.compare_groups(data.assign(csat=["a", "b", "c"]), "csat", "wave")


# ----------------------------------------------------------------------------- planted truths
# crmkit.data.generate plants known effects (crmkit.data.PLANTED, data/README.md). Each test
# below runs the measures on generated data for three seeds and checks that the planted
# truth comes back, within a tolerance stated (and argued) in the test.

SEEDS = (1, 2, 3)


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def generated(request) -> dict[str, pd.DataFrame]:
    from crmkit.data import generate

    return generate(seed=request.param, n_customers=2000)


def test_planted_t7_acsi_paths(generated):
    from crmkit.data import PLANTED

    r = sat.acsi_index(generated["surveys"])
    got = r.paths.set_index(["source", "target"])["coefficient"]
    # T7 ordering: perceived quality has the largest path to satisfaction, then value.
    to_sat = got.xs("satisfaction", level="target")
    assert to_sat.idxmax() == "quality"
    assert to_sat["quality"] > to_sat["value"] > to_sat["expectations"]
    # Satisfaction lowers complaints and raises loyalty; complaints -> loyalty is not planted
    # (0), so its estimate must be small.
    assert got[("satisfaction", "complaints")] < 0 < got[("satisfaction", "loyalty")]
    assert abs(got[("complaints", "loyalty")]) < 0.1
    # Magnitudes: PLS composites carry measurement error (item loading
    # PLANTED.acsi_loading = 0.85, items rounded to 1-10), which biases paths toward 0
    # (Dijkstra & Henseler 2015, "Consistent PLS"). So each substantial planted path
    # (|b| >= 0.3) must be recovered with the right sign at 60-100 % of its size.
    planted = {
        ("expectations", "quality"): PLANTED.acsi_exp_to_qual,
        ("quality", "value"): PLANTED.acsi_qual_to_value,
        ("quality", "satisfaction"): PLANTED.acsi_qual_to_sat,
        ("value", "satisfaction"): PLANTED.acsi_value_to_sat,
        ("satisfaction", "complaints"): PLANTED.acsi_sat_to_complaint,
        ("satisfaction", "loyalty"): PLANTED.acsi_sat_to_loyalty,
    }
    for path, b in planted.items():
        assert 0.6 <= got[path] / b <= 1.0, (path, got[path], b)
    # Equal loadings were planted, so PLS weights should be near equal within a block
    # (each rescaled weight within 0.05 of 1/k) and the two indices within 0.5 points.
    k = r.weights.groupby("construct")["item"].transform("size")
    assert np.all(np.abs(r.weights["weight"] - 1 / k) < 0.05)
    assert np.all(np.abs(r.construct_indices - r.equal_weight_indices) < 0.5)
    assert 0 < r.index < 100


def test_planted_t8_ipa(generated):
    from crmkit.data import PLANTED

    surveys = generated["surveys"]
    out = sat.ipa(surveys).set_index("attribute")
    # T8: delivery is important but underperforms; the website performs well but matters little.
    assert out.loc["delivery", "quadrant"] == "concentrate here"
    assert out.loc["website", "quadrant"] == "possible overkill"
    # Means against the planted ones, on wave 1 (wave 2 perceptions are lifted by the planted
    # satisfaction shift). Tolerance 0.2: SE of a mean is ~0.04 with ~370 answers; rounding
    # and clipping at 1 and 5 move means near the ends by up to ~0.1.
    wave1 = sat.ipa(surveys[surveys["wave"] == 1]).set_index("attribute")
    imp = pd.Series(dict(PLANTED.ipa_importance))
    perf = pd.Series(dict(PLANTED.ipa_performance))
    assert np.all(np.abs(wave1["importance"] - imp[wave1.index]) < 0.2)
    assert np.all(np.abs(wave1["performance"] - perf[wave1.index]) < 0.2)


def test_planted_t9_servqual(generated):
    from crmkit.data import PLANTED

    surveys = generated["surveys"]
    out = sat.servqual_gaps(surveys)
    gaps = out["gap"].drop("overall")
    # T9: all gaps negative (their intervals too), responsiveness the largest gap and
    # tangibles the smallest.
    assert (out["ci_high"] < 0).all()
    assert gaps.idxmin() == "responsiveness"
    assert gaps.idxmax() == "tangibles"
    # Sizes on wave 1 (perceptions also load on satisfaction, which shifts at wave 2):
    # within 0.2 of the planted gap (SE ~0.05; rounding and clipping at 1-7).
    wave1 = sat.servqual_gaps(surveys[surveys["wave"] == 1])
    planted = pd.Series(dict(PLANTED.servqual_gap))
    assert np.all(np.abs(wave1["gap"].drop("overall") - planted[gaps.index]) < 0.2)
    assert np.all(np.abs(wave1["expectation"] - PLANTED.servqual_expectation) < 0.2)


def test_planted_t11_wave2_above_wave1(generated):
    from crmkit.data import PLANTED

    surveys = generated["surveys"]
    # NPS: wave 2 above wave 1, bootstrap interval of the difference excludes 0.
    table = sat.nps_by(surveys, "wave", reference=1)
    assert table.loc[2, "diff_low"] > 0
    # CSAT and the 0-10 answer: mean higher at wave 2 (Welch interval excludes 0).
    csat_cmp = sat.compare_groups(surveys, "csat", "wave")
    nps_cmp = sat.compare_groups(surveys, "nps_score", "wave")
    assert csat_cmp.loc[2, "diff_low"] > 0
    assert nps_cmp.loc[2, "diff_low"] > 0
    # Sizes: the planted gains (PLANTED.wave2_csat_gain, wave2_nps_score_gain) must lie in
    # the 99 % / 99.9 % Welch intervals. Why so wide: seed 3 draws an nps_score gain of
    # 0.83, ~3 SE above the planted 0.52 (over seeds 4-15 the mean paired gain was 0.53 and
    # 0.25 for CSAT, so the generator is right and seed 3 is a tail draw); the waves are also
    # not the same customers (survivors answer wave 2), which the planted gain ignores.
    csat99 = sat.compare_groups(surveys, "csat", "wave", ci=0.99)
    nps999 = sat.compare_groups(surveys, "nps_score", "wave", ci=0.999)
    assert csat99.loc[2, "diff_low"] < PLANTED.wave2_csat_gain < csat99.loc[2, "diff_high"]
    assert nps999.loc[2, "diff_low"] < PLANTED.wave2_nps_score_gain < nps999.loc[2, "diff_high"]
    # and the CSAT % (top-2-box) too
    assert sat.csat(surveys[surveys.wave == 2]) > sat.csat(surveys[surveys.wave == 1])


def test_planted_satisfaction_goes_with_repurchase(generated):
    rep = sat.satisfaction_vs_repurchase(generated["surveys"], generated["order_lines"])
    # Higher CSAT goes with more repurchase (satisfaction lowers the planted churn hazard,
    # PLANTED.churn_loghr_satisfaction < 0): the logistic trend of the per-level shares
    # (statsmodels 0.15.0 binomial GLM weighted by n) has a slope whose 95 % CI is above 0,
    # and the top box repurchases more than the bottom two boxes together.
    x = sm.add_constant(rep.index.to_numpy(dtype=float))
    fit = sm.GLM(rep["share"], x, family=sm.families.Binomial(), var_weights=rep["n"]).fit()
    assert fit.conf_int().iloc[1, 0] > 0
    bottom = rep.loc[[1, 2]]
    assert rep.loc[5, "share"] > bottom["repurchased"].sum() / bottom["n"].sum()


def test_compare_groups_category_order_and_duplicate_index():
    # Groups follow the category order (not alphabetical); a repeated index is not aligned on.
    # Hand: household [3, 5] mean 4; corporate [4, 2] mean 3; diff 3 - 4 = -1.
    data = pd.DataFrame(
        {
            "segment": pd.Categorical(
                ["household", "corporate", "household", "corporate"],
                categories=["household", "small_business", "corporate"],
            ),
            "csat": [3, 4, 5, 2],
        },
        index=[0, 0, 1, 1],
    )
    out = sat.compare_groups(data, "csat", "segment")
    assert out.index.tolist() == ["household", "corporate"]
    assert out["mean"].tolist() == pytest.approx([4.0, 3.0])
    assert out.loc["corporate", "diff"] == pytest.approx(-1.0)


@given(st.lists(st.integers(0, 10), min_size=1, max_size=60))
@settings(max_examples=60, deadline=None)
def test_nps_properties(scores):
    # Definition (Reichheld 2003): the three shares add to 100 and NPS = promoters -
    # detractors, so it lies in [-100, 100]; the normal interval contains the estimate.
    r = sat.nps(pd.DataFrame({"nps_score": scores}), method="normal")
    assert r.promoters + r.passives + r.detractors == pytest.approx(100.0)
    assert r.score == pytest.approx(r.promoters - r.detractors)
    assert -100 <= r.score <= 100
    assert r.ci_low <= r.score <= r.ci_high


@given(
    st.lists(
        st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(1, 5)),
        min_size=1,
        max_size=30,
    )
)
@settings(max_examples=60, deadline=None)
def test_csi_properties(rows):
    # The CSI is a weighted mean of 0-100 performances with weights summing to 1, so it
    # lies between the lowest and highest attribute performance.
    data = pd.DataFrame(rows, columns=["imp_a", "perf_a", "imp_b", "perf_b"])
    r = sat.csi(data, ["a", "b"])
    assert r.weights.sum() == pytest.approx(1.0)
    assert r.performance.min() - 1e-9 <= r.index <= r.performance.max() + 1e-9


# ----------------------------------------------------------------------------- retention


def test_satisfaction_vs_retention_hand():
    surveys = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C"],
            "csat": [5, 5, 2],
            "survey_date": pd.to_datetime(["2024-01-01"] * 3),
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C"],
            "order_date": pd.to_datetime(["2024-11-15", "2024-05-01", "2024-12-30"]),
        }
    )
    out = sat.satisfaction_vs_repurchase(
        surveys, orders, measure="retention", window_days=90, observation_end="2024-12-31"
    )
    # Hand: the retention window is the 90 days before 2024-12-31, from 2024-10-02 on.
    # A ordered 2024-11-15 -> retained; B last ordered 2024-05-01 -> not; C 2024-12-30 -> yes.
    # CSAT 2: 1 of 1; CSAT 5: 1 of 2.
    assert out["n"].tolist() == [1, 2]
    assert out["retained"].tolist() == [1, 1]
    assert out["share"].tolist() == pytest.approx([1.0, 0.5])
    lo, hi = proportion_confint(1, 2, alpha=0.05, method="wilson")  # statsmodels 0.15.0
    assert (out.loc[5, "ci_low"], out.loc[5, "ci_high"]) == pytest.approx((lo, hi))
    # An answer given inside the retention window cannot be followed up: refused.
    late = surveys.assign(survey_date=pd.to_datetime(["2024-01-01", "2024-12-01", "2024-01-01"]))
    with pytest.raises(ValueError, match=r"answered after the retention window opened"):
        sat.satisfaction_vs_repurchase(
            late, orders, measure="retention", window_days=90, observation_end="2024-12-31"
        )
    with pytest.raises(ValueError, match=r"argument 'measure' must be one of"):
        sat.satisfaction_vs_repurchase(surveys, orders, measure="loyalty")


def test_planted_t1_satisfied_customers_are_retained_more(generated):
    # T1: the churn hazard falls with latent satisfaction (PLANTED.churn_loghr_satisfaction
    # < 0), which CSAT measures, so wave-1 respondents with CSAT 5 are still customers at the
    # observation end more often than those with CSAT 1-2 (Newcombe interval above 0).
    from crmkit._stats import newcombe_interval
    from crmkit.data import OBSERVATION_END, PLANTED

    assert PLANTED.churn_loghr_satisfaction < 0
    wave1 = generated["surveys"][generated["surveys"]["wave"] == 1]
    out = sat.satisfaction_vs_repurchase(
        wave1,
        generated["order_lines"],
        measure="retention",
        window_days=180,
        observation_end=OBSERVATION_END,
    )
    top = out.loc[out.index >= 5, ["n", "retained"]].sum()
    low = out.loc[out.index <= 2, ["n", "retained"]].sum()
    lo, _ = newcombe_interval(top["retained"], top["n"], low["retained"], low["n"])
    assert lo > 0


# ----------------------------------------------------------------------------- NPS noise


def test_nps_noise_hand_calculation():
    # Hand calculation: 30 promoters, 50 passives, 20 detractors of 100.
    # sigma^2 = pP + pD - (pP - pD)^2 = 0.3 + 0.2 - 0.1^2 = 0.49, sigma = 0.7.
    # n = 196: SE = 100 * 0.7 / 14 = 5; margin = 1.959964 * 5 = 9.79982.
    # Difference of two surveys: SE = 5 * sqrt(2) = 7.071068; margin = 13.85903.
    # P(|D| >= 5) = 2 * (1 - Phi(5 / 7.071068)) = 2 * (1 - Phi(0.707107)) = 2 * 0.239750
    #             = 0.479500.
    # n_needed for a 5-point change: 2 * (100 * 1.959964 * 0.7 / 5)^2 = 2 * 27.43950^2
    #             = 1505.85 -> 1506.
    surveys = pd.DataFrame({"nps_score": [10] * 30 + [8] * 50 + [3] * 20})
    noise = sat.nps_noise(surveys, n=196)
    row = noise.table.loc[196]
    assert row["se"] == pytest.approx(5.0)
    assert row["margin"] == pytest.approx(9.79982, abs=1e-5)
    assert row["se_difference"] == pytest.approx(7.071068, abs=1e-6)
    assert row["margin_difference"] == pytest.approx(13.85903, abs=1e-5)
    assert row["p_noise"] == pytest.approx(0.479500, abs=1e-6)
    assert noise.n_needed == 1506
    assert noise.sd == pytest.approx(70.0)
    # default n: the data's own size (100 answers: SE = 7)
    assert sat.nps_noise(surveys).table.loc[100, "se"] == pytest.approx(7.0)
    # the SE is the one nps(method="normal") uses for its interval
    r = sat.nps(surveys, method="normal")
    assert (r.ci_high - r.ci_low) / 2 == pytest.approx(
        sat.nps_noise(surveys).table["margin"].iloc[0]
    )


def test_nps_noise_agrees_with_a_simulation():
    # Independent check by simulation (numpy 2.4.6): draw 20,000 pairs of surveys of 360
    # answers each from the same population (shares 0.40 / 0.39 / 0.21, close to the kit's)
    # and count how often their NPS differ by at least 5 points. Monte Carlo SE of a share
    # near 0.4 with 20,000 pairs is 0.0035; tolerance 0.015 also covers the normal
    # approximation and the discreteness of NPS (steps of 100/360 points).
    rng = np.random.default_rng(5)
    shares = np.array([0.40, 0.39, 0.21])
    surveys = pd.DataFrame({"nps_score": [10] * 40 + [7] * 39 + [2] * 21})
    n, pairs = 360, 20_000
    a = rng.multinomial(n, shares, size=pairs)
    b = rng.multinomial(n, shares, size=pairs)
    diff = 100 * ((a[:, 0] - a[:, 2]) - (b[:, 0] - b[:, 2])) / n
    simulated = np.mean(np.abs(diff) >= 5 - 1e-9)
    noise = sat.nps_noise(surveys, n=[n, 4 * n])
    assert noise.table.loc[n, "p_noise"] == pytest.approx(simulated, abs=0.015)
    # four times the answers halve the SE
    assert noise.table.loc[4 * n, "se"] == pytest.approx(noise.table.loc[n, "se"] / 2)
    assert np.std(diff) == pytest.approx(noise.table.loc[n, "se_difference"], rel=0.02)


def test_nps_noise_bad_input():
    surveys = pd.DataFrame({"nps_score": [10, 3, 8]})
    with pytest.raises(ValueError, match="argument 'n' must be at least 2 but is 1"):
        sat.nps_noise(surveys, n=1)
    with pytest.raises(ValueError, match="argument 'change' must be greater than 0"):
        sat.nps_noise(surveys, change=0)
    with pytest.raises(ValueError, match="every answer in one NPS band"):
        sat.nps_noise(pd.DataFrame({"nps_score": [10, 9, 10]}))
    with pytest.raises(ValueError, match="has values outside 0-10|above 10"):
        sat.nps_noise(pd.DataFrame({"nps_score": [11, 3]}))


# ----------------------------------------------------------------------------- wave change


def _waves() -> pd.DataFrame:
    # A, B, C, D answer both waves; E and F only the first (and were the least satisfied),
    # G and H only the second.
    return pd.DataFrame(
        {
            "customer_id": list("ABCDEF") + list("ABCDGH"),
            "wave": [1] * 6 + [2] * 6,
            "csat": [3, 4, 4, 5, 1, 2] + [4, 4, 5, 5, 3, 4],
            "nps_score": [8, 9, 7, 10, 2, 4] + [9, 10, 8, 10, 6, 9],
        }
    )


def test_wave_change_means_against_scipy():
    s = _waves()
    out = sat.wave_change(s, "csat")
    assert out.index.tolist() == ["all respondents", "answered both waves"]
    # all respondents: wave 1 mean 19/6 = 3.1667, wave 2 mean 25/6 = 4.1667, change 1.0;
    # interval: scipy 1.17.1 Welch t test of wave 2 against wave 1.
    raw = out.loc["all respondents"]
    assert (raw["n_first"], raw["n_second"]) == (6, 6)
    assert raw["first"] == pytest.approx(19 / 6) and raw["change"] == pytest.approx(1.0)
    w1, w2 = s.loc[s.wave == 1, "csat"], s.loc[s.wave == 2, "csat"]
    ref = stats.ttest_ind(w2, w1, equal_var=False).confidence_interval(0.95)
    assert (raw["ci_low"], raw["ci_high"]) == pytest.approx((ref.low, ref.high))
    # same customers A-D: 3, 4, 4, 5 -> 4, 4, 5, 5; differences 1, 0, 1, 0: mean 0.5;
    # interval: scipy's paired t test.
    same = out.loc["answered both waves"]
    assert (same["n_first"], same["n_second"]) == (4, 4)
    assert (same["first"], same["second"], same["change"]) == pytest.approx((4.0, 4.5, 0.5))
    ref = stats.ttest_rel([4, 4, 5, 5], [3, 4, 4, 5]).confidence_interval(0.95)
    assert (same["ci_low"], same["ci_high"]) == pytest.approx((ref.low, ref.high))
    # the customers who stayed were more satisfied at the first wave than all respondents
    assert same["first"] > raw["first"]


def test_wave_change_nps_hand_and_normal_interval():
    s = _waves()
    out = sat.wave_change(s, "nps_score", statistic="nps", n_boot=4000)
    # Hand: wave 1 answers 8, 9, 7, 10, 2, 4 -> 2 promoters, 2 detractors: NPS 0;
    # wave 2: 9, 10, 8, 10, 6, 9 -> 4 promoters, 1 detractor: NPS 50.
    # Same customers A-D: wave 1 8, 9, 7, 10 -> 2 promoters: 50; wave 2 9, 10, 8, 10 -> 3
    # promoters: 75; change 25.
    assert out["first"].tolist() == pytest.approx([0.0, 50.0])
    assert out["second"].tolist() == pytest.approx([50.0, 75.0])
    assert out["change"].tolist() == pytest.approx([50.0, 25.0])
    for _, row in out.iterrows():
        assert row["ci_low"] <= row["change"] <= row["ci_high"]


def test_wave_change_paired_bootstrap_matches_the_paired_normal_interval():
    # On the kit's surveys: the paired bootstrap interval of the NPS change of the same
    # customers is close to the normal interval of the mean of the paired code differences
    # d_c = 100 (code_2 - code_1), computed here by hand: mean(d) +- 1.96 sd(d) / sqrt(n).
    # Tolerance 1.5 NPS points (bootstrap percentiles with 2,000 resamples).
    from crmkit.data import load

    s = load("surveys")
    out = sat.wave_change(s, "nps_score", statistic="nps")
    w = s.pivot(index="customer_id", columns="wave", values="nps_score").dropna()
    code = np.where(w >= 9, 100, np.where(w <= 6, -100, 0))
    d = code[:, 1] - code[:, 0]
    half = 1.959964 * d.std(ddof=1) / np.sqrt(d.size)
    same = out.loc["answered both waves"]
    assert same["change"] == pytest.approx(d.mean())
    assert same["ci_low"] == pytest.approx(d.mean() - half, abs=1.5)
    assert same["ci_high"] == pytest.approx(d.mean() + half, abs=1.5)
    # the raw row equals nps_by's wave difference
    by = sat.nps_by(s, "wave")
    assert out.loc["all respondents", "change"] == pytest.approx(by.loc[2, "diff"])


def test_wave_change_bad_input():
    s = _waves()
    with pytest.raises(ValueError, match=r"columns \['customer_id', 'wave'\] .* repeats"):
        sat.wave_change(pd.concat([s, s.iloc[[0]]]))
    with pytest.raises(ValueError, match="has 3 waves"):
        sat.wave_change(s.assign(wave=[1] * 6 + [2] * 5 + [3]))
    with pytest.raises(ValueError, match="argument 'first' is 5 but column 'wave' has the waves"):
        sat.wave_change(s, first=5, second=2)
    with pytest.raises(ValueError, match="only 0 customer"):
        sat.wave_change(s.assign(customer_id=list("ABCDEFGHIJKL")))
    with pytest.raises(ValueError, match="argument 'statistic' must be one of"):
        sat.wave_change(s, statistic="median")
    with pytest.raises(ValueError, match="table 'surveys' has no column 'score'"):
        sat.wave_change(s, "score")


def test_planted_t11_survivors_answer_the_second_wave(generated):
    from crmkit.data import PLANTED

    s = generated["surveys"]
    out = sat.wave_change(s, "csat")
    raw, same = out.loc["all respondents"], out.loc["answered both waves"]
    # T11: wave 2 answers come from survivors, who were already more satisfied at wave 1
    # than the wave-1 average (seeds 1-3, 42: +0.04 to +0.25 on CSAT), so the raw change
    # overstates the change of the same customers (seeds 1-5 and 42 all show it).
    assert same["first"] > raw["first"]
    assert raw["change"] > same["change"]
    # the same customers' change recovers the planted gain within 3 SE of the paired mean
    # (SE ~0.055 with ~180 customers; the 95 % half-width is 1.97 SE)
    se = (same["ci_high"] - same["ci_low"]) / 2 / 1.97
    assert abs(same["change"] - PLANTED.wave2_csat_gain) < 3 * se
    # and for the 0-10 answer, survivors' first answers are higher too
    nps = sat.wave_change(s, "nps_score")
    assert nps.loc["answered both waves", "first"] > nps.loc["all respondents", "first"]
