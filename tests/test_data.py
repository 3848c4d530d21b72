"""Tests of crmkit.data: schema, coherence, planted truths, reproducibility, locales, CLI.

Every planted truth (data/README.md, "For lecturers") is recovered from generated data for
three seeds (1, 2, 3; 2,000 customers each, generated once per module). The tolerances are
stated next to each check; where a sampling error can be computed they are about three
standard errors, so a failure means the model is wrong, not that the seed was unlucky.
The statistics are computed here with plain pandas / numpy / statsmodels, independently of
the measurement library.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmkit import data
from crmkit.data import PLANTED, TABLES, generate, load, load_all
from crmkit.data._generate import generate_tables

SEEDS = (1, 2, 3)
N = 2000
ROOT = Path(__file__).resolve().parents[1]
_CACHE: dict[tuple, dict[str, pd.DataFrame]] = {}


def tables(seed: int, n: int = N, locale: str = "en_US") -> dict[str, pd.DataFrame]:
    """Generate once per (seed, n, locale) in this test module."""
    key = (seed, n, locale)
    if key not in _CACHE:
        _CACHE[key] = generate(seed, n, locale)
    return _CACHE[key]


@pytest.fixture(scope="module", params=SEEDS, ids=lambda s: f"seed{s}")
def t(request) -> dict[str, pd.DataFrame]:
    return tables(request.param)


# --------------------------------------------------------------------------- schema


def test_tables_columns_and_dtypes(t):
    assert list(t) == list(TABLES)
    for name, columns in TABLES.items():
        frame = t[name]
        assert list(frame.columns) == list(columns), name
        for column, dtype in columns.items():
            got = frame[column].dtype
            if dtype == "string":
                assert isinstance(got, pd.StringDtype), (name, column, got)
            else:
                assert str(got) == dtype, (name, column, got)
        assert not frame.empty, name


def test_keys_unique_and_foreign_keys(t):
    keys = {
        "customers": "customer_id",
        "products": "product_id",
        "channels": "channel",
        "interactions": "interaction_id",
        "tickets": "ticket_id",
        "surveys": "response_id",
        "campaigns": "campaign_id",
        "loyalty_events": "event_id",
        "staff_survey": "staff_id",
    }
    for name, key in keys.items():
        assert t[name][key].is_unique, name
    assert not t["order_lines"].duplicated(["order_id", "line_no"]).any()
    assert not t["campaign_contacts"].duplicated(["campaign_id", "customer_id"]).any()
    assert not t["surveys"].duplicated(["customer_id", "wave"]).any()
    customers = set(t["customers"]["customer_id"])
    for name in (
        "order_lines",
        "interactions",
        "tickets",
        "surveys",
        "campaign_contacts",
        "loyalty_events",
    ):
        assert set(t[name]["customer_id"]) <= customers, name
    assert set(t["order_lines"]["product_id"]) <= set(t["products"]["product_id"])
    assert set(t["tickets"]["interaction_id"]) <= set(t["interactions"]["interaction_id"])
    assert set(t["campaign_contacts"]["campaign_id"]) <= set(t["campaigns"]["campaign_id"])
    sells = set(t["channels"].query("sells")["channel"])
    assert set(t["order_lines"]["channel"].astype(str)) <= sells
    # id formats of the contract
    assert t["customers"]["customer_id"].str.fullmatch(r"C\d{5}").all()
    assert t["order_lines"]["order_id"].str.fullmatch(r"O\d{7}").all()
    assert t["tickets"]["ticket_id"].str.fullmatch(r"T\d{6}").all()


def test_ranges(t):
    start, end = data.OBSERVATION_START, data.OBSERVATION_END
    ol = t["order_lines"]
    assert ol["order_date"].between(start, end).all()
    assert (ol["quantity"] >= 1).all()
    assert ol["discount"].between(0, 0.3).all()
    assert (ol["unit_price"] > 0).all() and (ol["cost"] > 0).all()
    assert t["interactions"]["interaction_date"].between(start, end + pd.Timedelta(days=1)).all()
    tk = t["tickets"]
    assert (tk["closed_at"] > tk["opened_at"]).all()
    assert (tk["target_hours"] == PLANTED.service_target_hours).all()
    s = t["surveys"]
    for column in TABLES["surveys"]:
        if column.startswith(("bonding", "empathy", "reciprocity", "trust", "imp_", "perf_")):
            assert s[column].between(1, 5).all(), column
        elif column.startswith("acsi_"):
            assert s[column].between(1, 10).all(), column
        elif column.startswith("sq_"):
            assert s[column].between(1, 7).all(), column
    assert s["csat"].between(1, 5).all() and s["nps_score"].between(0, 10).all()
    assert s.loc[s["wave"] == 1, "survey_date"].dt.strftime("%Y-%m").eq("2023-03").all()
    assert s.loc[s["wave"] == 2, "survey_date"].dt.strftime("%Y-%m").eq("2024-09").all()
    st = t["staff_survey"]
    assert len(st) == max(40, N // 25)
    assert st["satisfaction"].between(1, 5).all() and st["competencies_held"].between(0, 5).all()
    c = t["customers"]
    assert c["signup_date"].between(start, end).all()
    assert (c["loyalty_join_date"].notna() == c["loyalty_member"]).all()
    assert (c["loyalty_join_date"].dropna() >= data.LOYALTY_LAUNCH).all()
    share = c["segment"].value_counts(normalize=True)
    assert abs(share["household"] - 0.60) < 0.05 and abs(share["corporate"] - 0.12) < 0.03


# --------------------------------------------------------------------------- coherence


def test_order_lines_coherent(t):
    ol, products = t["order_lines"], t["products"].set_index("product_id")
    expected = (ol["quantity"] * ol["unit_price"] * (1 - ol["discount"])).round(2)
    assert np.abs(ol["revenue"] - expected).max() < 0.005 + 1e-9  # to the cent
    cost = (ol["quantity"] * ol["product_id"].map(products["unit_cost"])).round(2)
    assert np.abs(ol["cost"] - cost).max() < 0.005 + 1e-9
    assert (ol["unit_price"] == ol["product_id"].map(products["unit_price"])).all()
    # one customer, date, channel and discount per order; lines numbered 1..k
    per_order = ol.groupby("order_id", observed=True)
    assert (
        (per_order[["customer_id", "order_date", "channel", "discount"]].nunique() == 1).all().all()
    )
    assert (per_order["line_no"].max() == per_order.size()).all()
    assert (per_order["line_no"].min() == 1).all()
    # no order before signup or after the observation end
    signup = ol["customer_id"].map(t["customers"].set_index("customer_id")["signup_date"])
    assert (ol["order_date"] >= signup).all()
    assert (ol["order_date"] <= data.OBSERVATION_END).all()
    # order ids follow the order dates
    first = per_order["order_date"].first()
    assert first.sort_index().is_monotonic_increasing


def test_tickets_have_their_interaction(t):
    tk = t["tickets"].merge(t["interactions"], on="interaction_id", suffixes=("", "_i"))
    assert len(tk) == len(t["tickets"])
    assert (tk["customer_id"] == tk["customer_id_i"]).all()
    assert (tk["opened_at"] == tk["interaction_date"]).all()
    assert (tk["ticket_type"].astype(str) == tk["interaction_type"].astype(str)).all()
    assert (tk["channel"].astype(str) == tk["channel_i"].astype(str)).all()
    it = t["interactions"]
    n_ticket_types = it["interaction_type"].isin(["complaint", "service"]).sum()
    assert n_ticket_types == len(t["tickets"])  # every complaint / service opens one ticket


def test_campaign_responses_are_orders_and_contacts_are_interactions(t):
    cc = t["campaign_contacts"].merge(t["campaigns"], on="campaign_id")
    orders = (
        t["order_lines"]
        .groupby(["customer_id", "order_id", "order_date"], observed=True)["revenue"]
        .sum()
        .reset_index()
    )
    resp = cc[cc["responded"]]
    assert (resp["response_date"] >= resp["start_date"]).all()
    window = pd.to_timedelta(resp["response_window_days"], unit="D")
    assert (resp["response_date"] < resp["start_date"] + window).all()
    m = resp.merge(
        orders, left_on=["customer_id", "response_date"], right_on=["customer_id", "order_date"]
    )
    m = m[np.isclose(m["revenue"], m["response_revenue"])]
    assert m[["campaign_id", "customer_id"]].drop_duplicates().shape[0] == len(resp)
    no = cc[~cc["responded"]]
    assert no["response_date"].isna().all() and (no["response_revenue"] == 0).all()
    # every treatment contact is a campaign_contact interaction on the start day
    it = t["interactions"]
    it = it[it["interaction_type"] == "campaign_contact"].assign(
        day=lambda d: d["interaction_date"].dt.normalize()
    )
    treat = cc[cc["group"] == "treatment"]
    got = it.merge(treat, left_on=["customer_id", "day"], right_on=["customer_id", "start_date"])
    assert len(got) == len(treat) == len(it)
    assert (got["channel_x"].astype(str) == got["channel_y"].astype(str)).all()
    # randomised 50/50 within segment
    seg = cc.merge(t["customers"][["customer_id", "segment"]], on="customer_id")
    counts = seg.groupby(["campaign_id", "segment", "group"], observed=True).size().unstack()
    assert (np.abs(counts["treatment"] - counts["control"]) <= 1).all()


def test_loyalty_events_match_member_orders(t):
    c = t["customers"].set_index("customer_id")
    ev = t["loyalty_events"]
    members = c.index[c["loyalty_member"]]
    joins = ev[ev["event_type"] == "join"]
    assert set(joins["customer_id"]) == set(members) and joins["customer_id"].is_unique
    assert (
        joins.set_index("customer_id")["event_date"]
        == c.loc[joins["customer_id"], "loyalty_join_date"]
    ).all()
    assert set(ev["customer_id"]) <= set(members)
    orders = (
        t["order_lines"]
        .groupby(["order_id", "customer_id", "order_date"], observed=True)["revenue"]
        .sum()
        .reset_index()
    )
    orders["join"] = orders["customer_id"].map(c["loyalty_join_date"])
    member_orders = orders[orders["order_date"] >= orders["join"]]
    points = np.floor(member_orders["revenue"] * PLANTED.loyalty_points_per_usd + 1e-9)
    earn = ev[ev["event_type"] == "earn"]
    assert len(earn) == len(member_orders)
    assert earn["points"].sum() == int(points.sum())
    assert (
        earn.groupby("customer_id")["points"]
        .sum()
        .sort_index()
        .equals(points.groupby(member_orders["customer_id"]).sum().astype("int64").sort_index())
    )
    red = ev[ev["event_type"] == "redeem"]
    assert (red["points"] == -PLANTED.loyalty_redeem_block).all()
    balance = ev.sort_values("event_id").groupby("customer_id")["points"].cumsum()
    assert (balance >= 0).all()  # never redeems points a member does not have
    assert (ev.loc[ev["event_type"].isin(["join", "tier_change"]), "points"] == 0).all()
    assert set(ev["event_date"].dt.year) <= {2023, 2024}
    assert ev["event_id"].is_monotonic_increasing


# --------------------------------------------------------------------------- planted truths


def _scale_mean(s: pd.DataFrame, prefix: str) -> pd.Series:
    return s.filter(regex=f"^{prefix}_[0-9]$").mean(axis=1)


def test_t1_trust_drives_retention_empathy_does_not(t):
    """T1: logistic regression of 12-month retention of wave-1 respondents on the scales."""
    import statsmodels.api as sm

    s = t["surveys"]
    w1 = s[s["wave"] == 1]
    last = t["order_lines"].groupby("customer_id")["order_date"].max()
    retained = w1["customer_id"].map(last) >= w1["survey_date"] + pd.Timedelta(days=365)
    dims = ["bonding", "empathy", "reciprocity", "trust"]
    x = pd.DataFrame({d: _scale_mean(w1, d) for d in dims})
    fit = sm.Logit(retained.astype(float), sm.add_constant(x)).fit(disp=0)
    b, se = fit.params, fit.bse
    # trust: strong and significant; empathy: no effect (|b| < 2.5 SE around 0)
    assert b["trust"] > 0.5 and b["trust"] / se["trust"] > 3
    assert abs(b["empathy"]) < 2.5 * se["empathy"]
    assert b["trust"] > b["empathy"] + 0.5
    # empathy is nevertheless correlated with trust (so a bivariate look misleads)
    assert x["empathy"].corr(x["trust"]) > 0.15


def test_t2_complaint_causes_pareto(t):
    tk = t["tickets"]
    share = tk.loc[tk["ticket_type"] == "complaint", "cause"].value_counts(normalize=True)
    truth = dict(PLANTED.complaint_cause_shares)
    n = (tk["ticket_type"] == "complaint").sum()
    tol = 3 * np.sqrt(0.25 / n)  # 3 SE of a share near 0.5
    assert abs(share["late_delivery"] - truth["late_delivery"]) < tol
    assert abs(share["damaged_item"] - truth["damaged_item"]) < tol
    assert abs(share.iloc[:2].sum() - 0.75) < tol
    assert list(share.index[:2]) == ["late_delivery", "damaged_item"]


def test_t3_process_change_cuts_resolution_time(t):
    tk = t["tickets"]
    hours = (tk["closed_at"] - tk["opened_at"]).dt.total_seconds() / 3600
    after = tk["opened_at"] >= data.PROCESS_CHANGE
    before_med, after_med = hours[~after].median(), hours[after].median()
    # lognormal with log-sd 0.7: the SE of a log median is about 1.25 * 0.7 / sqrt(n)
    for med, truth, k in (
        (before_med, PLANTED.resolution_median_hours_before, (~after).sum()),
        (after_med, PLANTED.resolution_median_hours_after, after.sum()),
    ):
        assert abs(np.log(med / truth)) < 3 * 1.25 * PLANTED.resolution_log_sd / np.sqrt(k)
    # share beyond the 48 h target falls
    assert (hours[after] > 48).mean() < (hours[~after] > 48).mean() - 0.1


def test_t4_campaign_uplift_by_segment(t):
    cc = t["campaign_contacts"].merge(t["customers"][["customer_id", "segment"]])
    uplift = dict(PLANTED.campaign_uplift)
    for segment in ("household", "small_business", "corporate"):
        d = cc[cc["segment"] == segment]
        rate = d.groupby("group", observed=True)["responded"].agg(["mean", "size"])
        p1, n1 = rate.loc["treatment"]
        p0, n0 = rate.loc["control"]
        se = np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
        assert abs((p1 - p0) - uplift[segment]) < 3 * se + 0.005, segment
    base = dict(PLANTED.campaign_base_rate)
    ctrl = cc[cc["group"] == "control"].groupby("segment", observed=True)["responded"]
    rate, size = ctrl.mean(), ctrl.size()
    for s in base:  # 3 SE of a share, plus the few who churn within the window
        assert abs(rate[s] - base[s]) < 3 * np.sqrt(base[s] * (1 - base[s]) / size[s]) + 0.01
    k02 = t["campaigns"].set_index("campaign_id").loc["K02", "target_segments"]
    assert k02 == "household;small_business"


def _loyalty_population(tb: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Customers of the first half of 2022 still ordering in 2023; churned = no order
    from 2024-07-01 on; 2022 order frequency per month of tenure (before the launch)."""
    c, ol = tb["customers"], tb["order_lines"]
    pop = c[c["signup_date"] < "2022-07-01"].set_index("customer_id")
    pop = pop[pop.index.isin(ol.loc[ol["order_date"] >= "2023-01-01", "customer_id"])]
    late = set(ol.loc[ol["order_date"] >= "2024-07-01", "customer_id"])
    pop["churned"] = ~pop.index.isin(late)
    orders22 = ol[ol["order_date"] < "2023-01-01"].drop_duplicates("order_id")
    tenure = (data.LOYALTY_LAUNCH - pop["signup_date"]).dt.days / 30.4
    pop["freq_2022"] = orders22.groupby("customer_id").size().reindex(pop.index).fillna(0) / tenure
    return pop


def test_t5_loyalty_selection_effect(t):
    seed = next(s for s in SEEDS if tables(s) is t)
    pop = _loyalty_population(t)
    mem = pop["loyalty_member"]
    naive = pop.loc[~mem, "churned"].mean() - pop.loc[mem, "churned"].mean()
    # the causal effect on the members: the same seed without the programme's effect
    no_effect = dataclasses.replace(PLANTED, loyalty_churn_hr=1.0)
    cf = _loyalty_population(generate_tables(seed, N, "en_US", planted=no_effect))
    members = pop.index[mem]
    causal = cf["churned"].reindex(members).fillna(True).mean() - pop.loc[mem, "churned"].mean()
    assert causal > 0
    assert naive > 2 * causal  # selection: at least twice the causal gap
    # spotting it: future members already bought more often before the launch
    assert pop.loc[mem, "freq_2022"].mean() > 1.3 * pop.loc[~mem, "freq_2022"].mean()
    # reducing it: compare within quintiles of 2022 purchase frequency
    q = pd.qcut(pop["freq_2022"].rank(method="first"), 5, labels=False)
    rates = pop.groupby([q, mem])["churned"].mean().unstack()
    stratified = ((rates[False] - rates[True]) * q.value_counts(normalize=True)).sum()
    assert stratified < naive


def test_t6_crm_launch_raises_repeat_purchases(t):
    c, ol = t["customers"], t["order_lines"]
    cohort = c.loc[c["signup_date"] < "2022-07-01", "customer_id"]
    alive = set(ol.loc[ol["order_date"] >= "2024-01-01", "customer_id"])
    orders = ol[ol["customer_id"].isin(cohort) & ol["customer_id"].isin(alive)].drop_duplicates(
        "order_id"
    )
    h2_22 = orders["order_date"].between("2022-07-01", "2022-12-31").sum()
    h2_23 = orders["order_date"].between("2023-07-01", "2023-12-31").sum()
    # same customers, same season, one year apart: ratio = the repeat-rate factor (+-0.2)
    assert abs(h2_23 / h2_22 - PLANTED.crm_repeat_rate_factor) < 0.2
    signups = c["signup_date"].dt.to_period("M").value_counts()
    before = signups[signups.index < pd.Period("2023-07")].mean()
    after = signups[signups.index >= pd.Period("2023-07")].mean()
    assert abs(after / before - PLANTED.crm_acquisition_factor) < 0.15


def test_t7_acsi_structure(t):
    import statsmodels.api as sm

    s = t["surveys"]
    a = pd.DataFrame(
        {
            k: _scale_mean(s, f"acsi_{k}")
            for k in ("exp", "qual", "value", "sat", "complaint", "loyalty")
        }
    )
    drivers = a[["exp", "qual", "value"]]
    fit = sm.OLS(a["sat"], sm.add_constant((drivers - drivers.mean()) / drivers.std())).fit()
    b = fit.params
    assert b["qual"] > b["value"] > b["exp"] and b["value"] > 0
    assert a["sat"].corr(a["complaint"]) < -0.25 and a["sat"].corr(a["loyalty"]) > 0.35
    assert a["exp"].corr(a["qual"]) > 0.25 and a["qual"].corr(a["value"]) > 0.35
    # items of one construct agree (loading ~0.85 each -> inter-item r ~0.6-0.7)
    for k in ("exp", "qual", "sat"):
        assert s[f"acsi_{k}_1"].corr(s[f"acsi_{k}_2"]) > 0.5


def test_t8_importance_performance(t):
    s = t["surveys"]
    imp = s.filter(regex="^imp_").mean().rename(lambda c: c[4:])
    perf = s.filter(regex="^perf_").mean().rename(lambda c: c[5:])
    assert imp.idxmax() == "delivery" and perf["delivery"] < perf.mean()
    assert imp.idxmin() == "website" and perf["website"] > perf.mean()


def test_t9_servqual_gaps(t):
    s = t["surveys"]
    dims = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
    gap = pd.Series(
        {d: (_scale_mean(s, f"sq_perc_{d}") - _scale_mean(s, f"sq_exp_{d}")).mean() for d in dims}
    )
    assert (gap < 0).all()
    assert gap.idxmin() == "responsiveness" and gap.idxmax() == "tangibles"


def _alpha(items: pd.DataFrame) -> float:
    # Cronbach (1951): k/(k-1) * (1 - sum of item variances / variance of the sum)
    k = items.shape[1]
    return k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))


def test_t10_relationship_scale_reliability(t):
    s = t["surveys"]
    for d in ("bonding", "empathy", "trust"):
        assert 0.7 <= _alpha(s[[f"{d}_{i}" for i in (1, 2, 3)]]) <= 0.9, d
    with_weak = _alpha(s[["reciprocity_1", "reciprocity_2", "reciprocity_3"]])
    without = _alpha(s[["reciprocity_1", "reciprocity_2"]])
    assert without > with_weak + 0.05 and without > 0.65


def test_t11_wave_2_above_wave_1(t):
    s = t["surveys"]
    paired = s.pivot_table(
        index="customer_id", columns="wave", values=["csat", "nps_score"]
    ).dropna()
    for column, truth, sd in (
        ("csat", PLANTED.wave2_csat_gain, 0.9),
        ("nps_score", PLANTED.wave2_nps_score_gain, 1.9),
    ):
        gain = (paired[column][2] - paired[column][1]).mean()
        assert abs(gain - truth) < 3 * sd / np.sqrt(len(paired)), column
    means = s.groupby("wave")[["csat", "nps_score"]].mean()
    assert (means.loc[2] > means.loc[1]).all()
    # CSAT, NPS and ACSI satisfaction measure the same thing
    assert s["csat"].corr(s["nps_score"]) > 0.4
    assert s["csat"].corr(_scale_mean(s, "acsi_sat")) > 0.4


def test_t12_whale_curve(t):
    ol, it, tk = t["order_lines"], t["interactions"], t["tickets"]
    per_order = t["channels"].set_index("channel")["cost_per_order"]
    orders = ol.drop_duplicates("order_id")
    profit = (ol["revenue"] - ol["cost"]).groupby(ol["customer_id"]).sum()
    profit = profit.sub(
        orders["channel"].astype(str).map(per_order).groupby(orders["customer_id"]).sum(),
        fill_value=0,
    )
    service = it[it["interaction_type"] != "campaign_contact"]
    profit = (
        profit.reindex(t["customers"]["customer_id"], fill_value=0)
        .sub(service.groupby("customer_id")["handling_cost"].sum(), fill_value=0)
        .sub(tk.groupby("customer_id")["handling_cost"].sum(), fill_value=0)
    )
    lo, hi = PLANTED.unprofitable_share_range
    assert lo - 0.03 < (profit < 0).mean() < hi + 0.03
    # a whale curve: cumulative profit of customers ranked best-first peaks above the total
    cum = profit.sort_values(ascending=False).cumsum()
    assert cum.max() > 1.01 * cum.iloc[-1]


def test_t13_staff_survey(t):
    st = t["staff_survey"]
    by = st.groupby("function", observed=True)[["trained_in_crm", "crm_info_access"]].mean()
    assert by["trained_in_crm"].idxmax() == "service"
    assert by["crm_info_access"].idxmin() == "marketing"
    trained = dict(PLANTED.staff_trained)
    counts = st["function"].value_counts()
    for f, share in by["trained_in_crm"].items():
        assert abs(share - trained[f]) <= 0.5 / counts[f] + 1e-9  # exact up to rounding


# --------------------------------------------------------------------------- reproducibility

_HASH_SCRIPT = """
import hashlib, json
from crmkit.data import generate
tables = generate(seed=7, n_customers=300, locale="fa_IR")
print(json.dumps({k: hashlib.sha256(v.to_csv(index=False).encode("utf-8")).hexdigest()
                  for k, v in tables.items()}))
"""


def _hashes_in_subprocess(hash_seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run(
        [sys.executable, "-c", _HASH_SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)


def test_same_seed_same_tables_across_processes():
    first, second = _hashes_in_subprocess("0"), _hashes_in_subprocess("12345")
    assert list(first) == list(TABLES)
    assert first == second
    here = generate(seed=7, n_customers=300, locale="fa_IR")
    assert first == {
        k: hashlib.sha256(v.to_csv(index=False).encode("utf-8")).hexdigest()
        for k, v in here.items()
    }


def test_different_seeds_differ():
    a, b = tables(1), tables(2)
    assert not a["order_lines"]["revenue"].equals(b["order_lines"]["revenue"])


def test_import_is_light():
    code = "import sys, crmkit.data; print('faker' in sys.modules, 'tqdm' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# --------------------------------------------------------------------------- locales


def test_locales_same_numbers_localised_identity():
    by = {loc: tables(5, 300, loc) for loc in data.LOCALES}
    en = by["en_US"]
    for loc in ("fa_IR", "ru_RU"):
        for name in TABLES:
            frame = by[loc][name]
            if name == "customers":
                same = [c for c in TABLES[name] if c not in ("name", "city", "phone")]
                pd.testing.assert_frame_equal(frame[same], en[name][same])
                assert (frame["name"] != en[name]["name"]).all()
            else:
                pd.testing.assert_frame_equal(frame, en[name])
    fa, ru = by["fa_IR"]["customers"], by["ru_RU"]["customers"]
    persian = r"[\u0622-\u06CC\u200c ]+"
    assert fa["name"].str.fullmatch(persian).all() and fa["city"].str.fullmatch(persian).all()
    for column in ("name", "city", "phone"):
        assert not fa[column].str.contains("[\u064a\u0643]").any()  # no Arabic yeh / kaf
    assert fa["city"].isin(["تهران", "مشهد", "اصفهان", "شیراز", "تبریز"]).mean() > 0.4
    assert ru["name"].str.fullmatch(r"[А-Яа-яЁё\- ]+").all()
    assert ru["name"].str.split().str.len().eq(3).all()  # surname, name, patronymic
    assert ru["city"].str.fullmatch(r"[А-Яа-яЁё\-\.() ]+").all()
    assert en["customers"]["name"].str.fullmatch(r"[A-Za-z'\-\. ]+").all()
    for frame in (fa, ru, en["customers"]):
        assert frame["phone"].str.contains(r"\d{2}").all()
        assert frame["phone"].is_unique


# --------------------------------------------------------------------------- committed data


def test_committed_csvs_equal_fresh_generation():
    fresh = generate(42, 2000, "en_US")
    committed = load_all()
    for name in TABLES:
        pd.testing.assert_frame_equal(committed[name], fresh[name], check_exact=True)
    size = sum((data.DATA_DIR / f"{name}.csv").stat().st_size for name in TABLES)
    assert size < 15 * 1024 * 1024


def test_load_unknown_table_lists_names():
    with pytest.raises(ValueError, match="unknown table 'orders'; the tables are 'customers'"):
        load("orders")
    with pytest.raises(FileNotFoundError, match="python -m crmkit.data generate"):
        load("customers", ROOT / "no-such-folder")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_customers": 5}, ValueError, "argument 'n_customers' must be at least 10"),
        ({"n_customers": 20.5}, ValueError, "must be a whole number"),
        ({"n_customers": "100"}, TypeError, "must be a whole number"),
        ({"seed": -1}, ValueError, "argument 'seed' must be at least 0"),
        ({"locale": "de_DE"}, ValueError, "argument 'locale' must be one of 'en_US'"),
        ({"planted": {"loyalty_churn_hr": 1.0}}, TypeError, "argument 'planted' must be a"),
        ({"planted": "PLANTED"}, TypeError, r"crmkit.data.Planted \(e.g. dataclasses.replace"),
    ],
)
def test_generate_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        generate(**kwargs)


def test_generate_with_planted_is_the_same_company_in_another_world():
    # planted=None and planted=PLANTED are the default model; a changed Planted changes only
    # what depends on it. Without the loyalty effect (hazard ratio 1) the same customers
    # sign up with the same traits and the same wish to join, and the private generator
    # gives the same tables as the public function.
    base = generate(5, 300)
    same = generate(5, 300, planted=PLANTED)
    for name in base:
        pd.testing.assert_frame_equal(base[name], same[name])
    no_effect = dataclasses.replace(PLANTED, loyalty_churn_hr=1.0)
    other = generate(5, 300, planted=no_effect)
    private = generate_tables(5, 300, "en_US", planted=no_effect)
    for name in other:
        pd.testing.assert_frame_equal(other[name], private[name])
    keep = ["customer_id", "signup_date", "segment", "acquisition_channel", "est_annual_wallet"]
    pd.testing.assert_frame_equal(base["customers"][keep], other["customers"][keep])
    pd.testing.assert_frame_equal(base["products"], other["products"])
    assert not base["order_lines"].equals(other["order_lines"])  # churn times moved


# --------------------------------------------------------------------------- CLI


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crmkit.data", *args], capture_output=True, text=True, cwd=cwd
    )


def test_cli_generates_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "fa"
    done = _cli(
        "generate", "--seed", "3", "--customers", "60", "--locale", "fa_IR", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.stem for p in out.glob("*.csv")) == sorted(TABLES)
    pd.testing.assert_frame_equal(load("order_lines", out), generate(3, 60, "fa_IR")["order_lines"])
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = _cli("generate", "--seed", "4", "--customers", "60", "--out", str(out))
    assert again.returncode == 2
    assert len(again.stderr.strip().splitlines()) == 1 and "--force" in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before  # untouched
    from crmkit.data.__main__ import main

    forced = main(["generate", "--seed", "4", "--customers", "60", "--out", str(out), "--force"])
    assert forced == 0
    pd.testing.assert_frame_equal(load("customers", out), generate(4, 60)["customers"])


@pytest.mark.parametrize(
    "args",
    [
        ["generate", "--locale", "de_DE"],
        ["generate", "--customers", "-5"],
        ["generate", "--customers", "ten"],
        ["generate", "--seed", "-1"],
        ["frobnicate"],
    ],
)
def test_cli_bad_argument_one_line_exit_2(args, tmp_path, capsys):
    from crmkit.data.__main__ import main

    out = tmp_path / "out"
    full = [*args, "--out", str(out)] if args[0] == "generate" else args
    assert main(full) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("crmkit-data: error:")
    assert not out.exists()


def test_cli_module_exit_code():
    done = _cli("generate", "--customers", "3", "--out", "unused")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert not (ROOT / "unused").exists()


# --------------------------------------------------------------------------- data card


def test_data_card_documents_every_column():
    card = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    sections = re.split(r"^### ", card, flags=re.M)[1:]
    documented: dict[str, list[str]] = {}
    for section in sections:
        title = section.split("\n", 1)[0].split(" ")[0]
        cells = re.findall(r"^\| ([^|]+?) \|", section, flags=re.M)
        documented[title] = [c for c in cells if c not in ("column", "---")]
    for name, columns in TABLES.items():
        assert name in documented, f"data card has no section '### {name}'"
        patterns = []
        for cell in documented[name]:
            for part in cell.split(", "):
                rx = re.escape(part.strip())
                rx = re.sub(r"\\<\w+\\>|<\w+>", "[a-z_]+", rx)
                rx = re.sub(r"(\d)\\\.\\\.(\d)", r"[\1-\2]", rx)
                patterns.append(re.compile(rx))
        for column in columns:
            assert any(p.fullmatch(column) for p in patterns), f"{name}.{column} undocumented"


def test_save_rejects_a_bad_path_or_table_before_writing(tmp_path):
    with pytest.raises(TypeError, match="argument 'path' must be a folder name"):
        data.save({}, 1.0)
    with pytest.raises(ValueError, match="table 'customers' has no column 'customer_id'"):
        data.save({"customers": pd.DataFrame({"a": [1]})}, tmp_path / "out")
    with pytest.raises(TypeError, match="table 'customers' should be a pandas DataFrame"):
        data.save({"customers": [1]}, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing written on a refused call
