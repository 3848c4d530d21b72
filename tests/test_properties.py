"""Property-based tests (hypothesis) of the core measures.

Bounds (NPS in [-100, 100], indices in [0, 100], rates and shares in [0, 1]), invariance
to the order of the rows and of the categories, agreement of the per-group results with
the overall one where they must agree, and the kit's rules for labels, numbers and dates
(the same label spelt several ways is one group; Persian digits and Jalali dates read
back exactly). Examples are few and small, so the file runs in a few seconds.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from crmkit import data as kd
from crmkit import lifecycle as lc
from crmkit import satisfaction as sat
from crmkit import sixsigma as ss
from crmkit import swift as sw
from crmkit import value as va
from crmkit._validate import check_number, clean_label, group_labels

FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scores = st.lists(st.integers(0, 10), min_size=2, max_size=40)
ratings = st.integers(1, 5)
SEGMENTS = ("household", "small_business", "corporate")

#: Ways of writing the same labels: Arabic letter forms, spaces, ZWNJ (U+200C).
SPELLINGS = {
    "کیان": ["کیان", "كيان", "كیان", " کیان ", "کیان\u00a0"],
    "تهران": ["تهران", "تهران ", "  تهران"],
    "می\u200cخواهم": ["می\u200cخواهم", "میخواهم", "می\u200c\u200cخواهم "],
}


def surveys_from(values: list[int], seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "nps_score": values,
            "csat": rng.integers(1, 6, len(values)),
            "segment": rng.choice(SEGMENTS, len(values)),
        }
    )


def shuffled(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    return frame.sample(frac=1.0, random_state=seed)


# ---------------------------------------------------------------------------- bounds


@FAST
@given(scores, st.sampled_from(["normal", "bootstrap"]))
def test_nps_is_between_minus_100_and_100_and_its_parts_add_up(values, method):
    r = sat.nps(pd.DataFrame({"nps_score": values}), method=method, n_boot=100)
    assert -100 <= r.score <= 100
    assert -100 <= r.ci_low <= r.ci_high <= 100 or method == "normal"
    assert r.promoters + r.passives + r.detractors == pytest.approx(100)
    assert r.score == pytest.approx(r.promoters - r.detractors)


@FAST
@given(st.lists(ratings, min_size=1, max_size=40), st.integers(1, 5))
def test_csat_is_a_percentage(values, top):
    assert 0 <= sat.csat(pd.DataFrame({"csat": values}), satisfied_from=top) <= 100


@FAST
@given(st.integers(1, 30), st.integers(2, 4), st.integers(0, 10_000))
def test_csi_and_performance_are_between_0_and_100(n, k, seed):
    rng = np.random.default_rng(seed)
    attrs = [f"a{j}" for j in range(k)]
    frame = pd.DataFrame(
        {f"{p}_{a}": rng.integers(1, 6, n) for a in attrs for p in ("imp", "perf")}
    )
    r = sat.csi(frame, attrs)
    assert 0 <= r.index <= 100
    assert r.weights.sum() == pytest.approx(1)
    assert ((r.performance >= 0) & (r.performance <= 100)).all()


@FAST
@given(st.integers(6, 40), st.integers(0, 10_000))
def test_acsi_indices_are_between_0_and_100(n, seed):
    rng = np.random.default_rng(seed)
    quality = rng.integers(1, 11, n)
    frame = pd.DataFrame(
        {
            "q1": quality,
            "q2": np.clip(quality + rng.integers(-1, 2, n), 1, 10),
            "s1": np.clip(quality + rng.integers(-2, 3, n), 1, 10),
        }
    )
    assume((frame.std() > 0).all())
    r = sat.acsi_index(
        frame, {"quality": ["q1", "q2"], "satisfaction": ["s1"]}, [("quality", "satisfaction")],
        method="equal",
    )  # fmt: skip
    assert 0 <= r.index <= 100
    assert ((r.construct_indices >= 0) & (r.construct_indices <= 100)).all()


@FAST
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 400)), min_size=1, max_size=30))
def test_retention_and_its_interval_are_shares(orders):
    customers = [f"C{c}" for c, _ in orders]
    days = pd.Timestamp("2023-01-01") + pd.to_timedelta([d for _, d in orders], unit="D")
    lines = pd.DataFrame({"customer_id": customers, "order_date": days})
    assume(((days >= "2023-01-01") & (days <= "2023-06-30")).any())
    r = lc.retention_rate(
        lines, base_start="2023-01-01", base_end="2023-06-30",
        next_start="2023-07-01", next_end="2024-12-31",
    )  # fmt: skip
    assert 0 <= r.ci_low <= r.retention <= r.ci_high <= 1
    assert r.churn == pytest.approx(1 - r.retention)


@FAST
@given(
    st.lists(
        st.tuples(st.floats(0, 200), st.sampled_from(["web", "phone"])), min_size=1, max_size=40
    )
)
def test_service_level_shares_and_groups_add_up(tickets):
    opened = pd.Timestamp("2024-03-01 09:00")
    frame = pd.DataFrame(
        {
            "opened_at": opened,
            "closed_at": opened + pd.to_timedelta([h for h, _ in tickets], unit="h"),
            "target_hours": 48.0,
            "channel": [c for _, c in tickets],
        }
    )
    per = ss.service_level(frame)
    overall = ss.service_level(frame, by=None)
    assert ((per["share"] >= 0) & (per["share"] <= 1)).all()
    assert per["tickets"].sum() == overall["tickets"].iloc[0] == len(frame)
    assert per["within_target"].sum() == overall["within_target"].iloc[0]


# ---------------------------------------------------------------------------- invariances


@FAST
@given(scores, st.integers(0, 1000))
def test_measures_do_not_depend_on_the_order_of_the_rows(values, seed):
    frame = surveys_from(values, seed)
    other = shuffled(frame, seed)
    assert sat.nps(frame, method="normal") == sat.nps(other, method="normal")
    assert sat.csat(frame) == sat.csat(other)
    by = (
        sat.nps_by(frame, "segment", n_boot=100)
        if frame["segment"].value_counts().min() >= 2
        else None
    )
    if by is not None:
        again = sat.nps_by(other, "segment", n_boot=100)
        pd.testing.assert_series_equal(by["nps"], again["nps"])


@FAST
@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 700), st.floats(1, 500)),
        min_size=1,
        max_size=30,
    ),
    st.integers(0, 1000),
)
def test_rfm_does_not_depend_on_the_order_of_the_rows(orders, seed):
    lines = pd.DataFrame(
        {
            "customer_id": [f"C{c}" for c, _, _ in orders],
            "order_date": pd.Timestamp("2023-01-01")
            + pd.to_timedelta([d for _, d, _ in orders], unit="D"),
            "revenue": [round(r, 2) for _, _, r in orders],
        }
    )
    a = va.rfm_summary(lines, order=None, observation_end="2024-12-31")
    b = va.rfm_summary(shuffled(lines, seed), order=None, observation_end="2024-12-31")
    pd.testing.assert_frame_equal(a, b)


@FAST
@given(scores, st.integers(0, 1000), st.permutations(list(SEGMENTS)))
def test_group_results_do_not_depend_on_the_order_of_the_categories(values, seed, order):
    frame = surveys_from(values, seed)
    assume(frame["segment"].value_counts().min() >= 2)
    a = frame.assign(segment=pd.Categorical(frame["segment"], categories=list(SEGMENTS)))
    b = frame.assign(segment=pd.Categorical(frame["segment"], categories=order))
    na = sat.nps_by(a, "segment", n_boot=100)
    nb = sat.nps_by(b, "segment", n_boot=100)
    labels = list(na.index.astype(str))
    for column in ("n", "nps", "promoters", "detractors"):
        left = na[column].set_axis(labels)
        right = nb[column].set_axis(nb.index.astype(str)).reindex(labels)
        pd.testing.assert_series_equal(left, right, check_names=False)
    assert list(nb.index.astype(str)) == [s for s in order if s in labels]  # category order kept


# ---------------------------------------------------------------------------- groups and overall


@FAST
@given(scores, st.integers(0, 1000))
def test_per_group_nps_and_csat_agree_with_the_overall_ones(values, seed):
    frame = surveys_from(values, seed)
    assume(frame["segment"].value_counts().min() >= 2)
    by = sat.nps_by(frame, "segment", n_boot=100)
    overall = sat.nps(frame, method="normal")
    assert by["n"].sum() == overall.n
    assert (by["nps"] * by["n"]).sum() / by["n"].sum() == pytest.approx(overall.score)
    weighted = sum(sat.csat(g) * len(g) for _, g in frame.groupby("segment")) / len(frame)
    assert weighted == pytest.approx(sat.csat(frame))


@FAST
@given(
    st.lists(
        st.tuples(st.sampled_from(SEGMENTS), st.booleans(), st.booleans()), min_size=12, max_size=60
    )
)
def test_campaign_groups_add_up_to_the_campaign(rows):
    contacts = pd.DataFrame(
        {
            "segment": [s for s, _, _ in rows],
            "group": ["treatment" if t else "control" for _, t, _ in rows],
            "responded": [r for _, _, r in rows],
        }
    )
    sizes = contacts.groupby(["segment", "group"]).size()
    assume(len(sizes) == 2 * contacts["segment"].nunique())
    per = sw.campaign_lift(contacts, by="segment")
    total = sw.campaign_lift(contacts).iloc[0]
    for column in ("n_treatment", "n_control", "responses_treatment", "responses_control"):
        assert per[column].sum() == total[column]


@FAST
@given(st.lists(st.sampled_from(["late", "damaged", "billing", "other"]), min_size=1, max_size=50))
def test_pareto_counts_add_up_and_shares_reach_one(causes):
    table = ss.pareto_table(pd.DataFrame({"cause": causes}))
    assert table["count"].sum() == len(causes)
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1)
    assert table["count"].is_monotonic_decreasing


# ---------------------------------------------------------------------------- the kit's rules


@FAST
@given(
    st.lists(
        st.sampled_from([(k, v) for k, vs in SPELLINGS.items() for v in vs]),
        min_size=4,
        max_size=40,
    ),
    st.integers(0, 1000),
)
def test_one_label_spelt_several_ways_is_one_group(pairs, seed):
    canonical = [k for k, _ in pairs]
    spelt = [v for _, v in pairs]
    frame = surveys_from(list(np.random.default_rng(seed).integers(0, 11, len(pairs))), seed)
    assume(pd.Series(canonical).value_counts().min() >= 2)
    a = sat.nps_by(frame.assign(city=spelt), "city", n_boot=100)
    b = sat.nps_by(frame.assign(city=canonical), "city", n_boot=100)
    # one group per label; its name is the cleaned spelling (with the ZWNJ if any has it)
    key = [str(x).replace("\u200c", "") for x in a.index]
    assert key == [str(x).replace("\u200c", "") for x in b.index]
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    assert all(clean_label(x) == x for x in a.index)
    pareto = ss.pareto_table(pd.DataFrame({"cause": spelt}))
    assert pareto["count"].sum() == len(spelt) and len(pareto) == len(set(canonical))


@FAST
@given(st.text(max_size=20))
def test_cleaning_a_label_twice_changes_nothing(label):
    once = clean_label(label)
    assert clean_label(once) == once
    series = pd.Series([label, once])
    assert group_labels(group_labels(series)).tolist() == group_labels(series).tolist()


@FAST
@given(st.lists(st.integers(-(10**6), 10**6), min_size=1, max_size=20))
def test_persian_and_arabic_digits_read_back_exactly(numbers):
    persian = pd.Series(
        [str(n).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) for n in numbers]
    )
    arabic = pd.Series(
        [str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) for n in numbers]
    )
    assert kd.parse_numbers(persian).tolist() == numbers
    assert kd.parse_numbers(arabic).tolist() == numbers


days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2026, 1, 1))


@FAST
@given(
    st.lists(days, min_size=1, max_size=20),
    st.sampled_from(["%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d"]),
)
def test_dates_read_back_in_the_order_they_are_written(values, fmt):
    text = pd.Series([d.strftime(fmt) for d in values])
    order = "DMY" if fmt.startswith("%d") else None
    parsed = kd.parse_dates(text, order=order)
    assert parsed.dt.date.tolist() == values


@FAST
@given(st.lists(days, min_size=1, max_size=20))
def test_jalali_dates_read_back_as_the_same_days(values):
    jdatetime = pytest.importorskip("persiantools.jdatetime")
    text = pd.Series([jdatetime.JalaliDate(d).strftime("%Y/%m/%d") for d in values])
    parsed = kd.parse_dates(text, calendar="jalali")
    assert parsed.dt.date.tolist() == values


@FAST
@given(st.integers(0, 2**200))
def test_whole_numbers_stay_exact(seed):
    assert check_number(seed, "seed", lo=0, integer=True) == seed
