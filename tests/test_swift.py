"""Tests of crmkit.swift against independent values.

Sources used below (each test names its own):
- Newcombe, R. G. (1998). Interval estimation for the difference between independent
  proportions: comparison of eleven methods. Statistics in Medicine 17, 873-890,
  Table II, method 10 (hybrid score), examples (a), (b), (d), (e), (h);
- statsmodels 0.15.0 ``statsmodels.stats.proportion.proportions_ztest`` (pooled z test);
- hand calculations written out in the tests;
- the planted truths of ``crmkit.data`` (``crmkit.data.PLANTED``) on generated data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportions_ztest

import crmkit.data
from crmkit import swift


def contacts_from_counts(x_t, n_t, x_c, n_c, **extra) -> pd.DataFrame:
    """A campaign_contacts-shaped table with x_t of n_t treated and x_c of n_c controls
    responding."""
    return pd.DataFrame(
        {
            "group": ["treatment"] * n_t + ["control"] * n_c,
            "responded": [True] * x_t
            + [False] * (n_t - x_t)
            + [True] * x_c
            + [False] * (n_c - x_c),
            **extra,
        }
    )


# --------------------------------------------------------------------------- campaign_lift


@pytest.mark.parametrize(
    ("x_t", "n_t", "x_c", "n_c", "low", "high"),
    [
        # Newcombe (1998), Table II, method 10, examples (a), (b), (d), (e), (h).
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (0, 10, 0, 20, -0.1611, 0.2775),
        (10, 10, 0, 10, 0.6075, 1.0000),
    ],
)
def test_lift_interval_newcombe_table_ii(x_t, n_t, x_c, n_c, low, high):
    out = swift.campaign_lift(contacts_from_counts(x_t, n_t, x_c, n_c))
    row = out.loc["all"]
    assert row["ci_low"] == pytest.approx(low, abs=5e-5)
    assert row["ci_high"] == pytest.approx(high, abs=5e-5)


def test_lift_rates_and_incremental_responses_by_hand():
    # Hand: treatment 56/70 = 0.8, control 48/80 = 0.6, lift = 0.2 (20 percentage points);
    # incremental responses = n_T * lift = 70 * 0.2 = 14 (= 56 - 70 * 0.6).
    row = swift.campaign_lift(contacts_from_counts(56, 70, 48, 80)).loc["all"]
    assert (row["n_treatment"], row["n_control"]) == (70, 80)
    assert (row["responses_treatment"], row["responses_control"]) == (56, 48)
    assert row["rate_treatment"] == pytest.approx(0.8)
    assert row["rate_control"] == pytest.approx(0.6)
    assert row["lift"] == pytest.approx(0.2)
    assert row["incremental_responses"] == pytest.approx(14.0)


@pytest.mark.parametrize(
    ("x_t", "n_t", "x_c", "n_c"), [(56, 70, 48, 80), (12, 300, 9, 310), (3, 40, 7, 35)]
)
def test_lift_p_value_matches_statsmodels(x_t, n_t, x_c, n_c):
    # statsmodels 0.15.0 proportions_ztest (pooled variance, two-sided).
    z, p = proportions_ztest([x_t, x_c], [n_t, n_c])
    row = swift.campaign_lift(contacts_from_counts(x_t, n_t, x_c, n_c)).loc["all"]
    assert row["z"] == pytest.approx(z, abs=1e-10)
    assert row["p_value"] == pytest.approx(p, abs=1e-10)


def test_lift_no_variance_gives_p_one():
    # Hand: no response in either group -> pooled p = 0, lift exactly 0: z = 0, p = 1
    # (documented convention; statsmodels returns nan here).
    row = swift.campaign_lift(contacts_from_counts(0, 10, 0, 20)).loc["all"]
    assert (row["z"], row["p_value"]) == (0.0, 1.0)


def test_lift_by_segment_from_customers_matches_per_segment_calls():
    # Hand-built segments: A = 56/70 vs 48/80, B = 9/10 vs 3/10; the per-segment rows must equal
    # the pooled calculation on each segment alone (Newcombe Table II (a) and (b)).
    a = contacts_from_counts(56, 70, 48, 80)
    b = contacts_from_counts(9, 10, 3, 10)
    contacts = pd.concat([a, b], ignore_index=True)
    contacts["customer_id"] = [f"C{i}" for i in range(len(contacts))]
    customers = pd.DataFrame(
        {"customer_id": contacts["customer_id"][::-1], "segment": ["B"] * 20 + ["A"] * 150}
    )
    out = swift.campaign_lift(contacts, by="segment", customers=customers)
    assert list(out.index) == ["A", "B"]
    assert out.loc["A", "ci_low"] == pytest.approx(0.0524, abs=5e-5)
    assert out.loc["B", "ci_high"] == pytest.approx(0.8090, abs=5e-5)
    assert out.loc["B", "lift"] == pytest.approx(0.6)


def test_lift_by_two_columns_of_contacts():
    contacts = pd.concat(
        [
            contacts_from_counts(5, 10, 2, 10, campaign_id="K01", region="n"),
            contacts_from_counts(3, 10, 3, 10, campaign_id="K01", region="s"),
            contacts_from_counts(8, 10, 1, 10, campaign_id="K02", region="n"),
            contacts_from_counts(4, 10, 4, 10, campaign_id="K02", region="s"),
        ],
        ignore_index=True,
    )
    out = swift.campaign_lift(contacts, by=["campaign_id", "region"])
    # Hand: K02/n lift = 8/10 - 1/10 = 0.7; K01/s = 0.
    assert out.loc[("K02", "n"), "lift"] == pytest.approx(0.7)
    assert out.loc[("K01", "s"), "lift"] == pytest.approx(0.0)
    assert len(out) == 4


# --------------------------------------------------------------------------- touchpoints


INTER = pd.DataFrame(
    {
        "customer_id": ["A", "A", "A", "B", "C", "C"],
        "channel": pd.Categorical(
            ["web", "phone", "web", "email", "store", "web"],
            categories=["store", "web", "phone", "email", "sms"],
        ),
        "interaction_type": [
            "inquiry",
            "complaint",
            "inquiry",
            "campaign_contact",
            "service",
            "inquiry",
        ],
    }
)
CUSTOMERS = pd.DataFrame(
    {
        "customer_id": ["A", "B", "C", "D"],
        "segment": pd.Categorical(
            ["household", "corporate", "household", "corporate"],
            categories=["household", "small_business", "corporate"],
        ),
    }
)


def test_touchpoint_matrix_counts_by_hand():
    # Hand counts: A web 2, phone 1; B email 1; C store 1, web 1; sms never used (kept as 0).
    m = swift.touchpoint_matrix(INTER)
    assert list(m.columns) == ["store", "web", "phone", "email", "sms"]
    assert list(m.index) == ["A", "B", "C"]
    assert m.loc["A"].tolist() == [0, 2, 1, 0, 0]
    assert m.loc["C"].tolist() == [1, 1, 0, 0, 0]
    assert m.to_numpy().sum() == len(INTER)


def test_touchpoint_matrix_all_customers_zero_filled_and_kind():
    m = swift.touchpoint_matrix(INTER, customers=CUSTOMERS)
    assert list(m.index) == ["A", "B", "C", "D"]
    assert m.loc["D"].sum() == 0
    inquiries = swift.touchpoint_matrix(INTER, kind="inquiry", customers=CUSTOMERS)
    # Hand: inquiries are A web x2 and C web x1.
    assert inquiries["web"].tolist() == [2, 0, 1, 0]
    assert inquiries.to_numpy().sum() == 3


def test_touchpoint_matrix_by_segment_shares_by_hand():
    # Hand: household = A + C = store 1, web 3, phone 1 (5 touchpoints); corporate = B: email 1;
    # small_business has no customer with touchpoints (row of zeros in counts).
    counts = swift.touchpoint_matrix(INTER, customers=CUSTOMERS, by="segment")
    assert list(counts.index) == ["household", "small_business", "corporate"]
    assert counts.loc["household"].tolist() == [1, 3, 1, 0, 0]
    assert counts.loc["small_business"].sum() == 0
    shares = swift.touchpoint_matrix(
        INTER,
        customers=CUSTOMERS[CUSTOMERS["customer_id"] != "D"],
        by="segment",
        normalize="all",
    )
    assert shares.loc["household", "web"] == pytest.approx(3 / 6)
    cols = swift.touchpoint_matrix(INTER, customers=CUSTOMERS, by="segment", normalize="columns")
    assert cols.loc["household", "web"] == pytest.approx(1.0)
    assert cols.loc["corporate", "email"] == pytest.approx(1.0)


# --------------------------------------------------------------------------- economics


def test_campaign_economics_by_hand():
    # Hand: K01 treatment 4 customers, 2 respond (revenue 50 + 30), control 4, 1 responds (40).
    #   cost = 4 contacts x 2.5 = 10 USD; lift = 2/4 - 1/4 = 0.25; incremental responses = 1;
    #   revenue per treated = 80/4 = 20, per control = 40/4 = 10; incremental revenue =
    #   4 x (20 - 10) = 40; cost per incremental response = 10 / 1 = 10; revenue per cost = 4.
    # K02: treatment 1/2 respond, control 1/2: no lift -> cost per incremental response = inf.
    contacts = pd.DataFrame(
        {
            "campaign_id": ["K01"] * 8 + ["K02"] * 4,
            "group": ["treatment"] * 4
            + ["control"] * 4
            + ["treatment", "treatment", "control", "control"],
            "responded": [
                True,
                True,
                False,
                False,
                True,
                False,
                False,
                False,
                True,
                False,
                True,
                False,
            ],
            "response_revenue": [50.0, 30.0, 0, 0, 40.0, 0, 0, 0, 10.0, 0, 10.0, 0],
        }
    )
    campaigns = pd.DataFrame({"campaign_id": ["K01", "K02"], "cost_per_contact": [2.5, 0.1]})
    econ = swift.campaign_economics(contacts, campaigns)
    k1 = econ.loc["K01"]
    assert k1["cost"] == pytest.approx(10.0)
    assert k1["incremental_responses"] == pytest.approx(1.0)
    assert k1["incremental_revenue"] == pytest.approx(40.0)
    assert k1["cost_per_incremental_response"] == pytest.approx(10.0)
    assert k1["revenue_per_cost"] == pytest.approx(4.0)
    assert econ.loc["K02", "cost_per_incremental_response"] == np.inf


# --------------------------------------------------------------------------- refine / loop


LIFT = pd.DataFrame(
    {"lift": [0.04, 0.10, 0.01], "ci_low": [0.005, 0.06, -0.03]},
    index=["household", "small_business", "corporate"],
)


def test_refine_targets_rules_by_hand():
    # Hand: ci_low > 0 for household (0.005) and small_business (0.06), sorted by lift.
    assert swift.refine_targets(LIFT) == ("small_business", "household")
    # ci_low > 0.02 only for small_business; lift > 0.02 for small_business (0.10) and
    # household (0.04), not corporate (0.01).
    assert swift.refine_targets(LIFT, rule="ci_low>min_lift", min_lift=0.02) == ("small_business",)
    assert swift.refine_targets(LIFT, rule="lift>min_lift", min_lift=0.02) == (
        "small_business",
        "household",
    )
    assert swift.refine_targets(LIFT, min_lift=0.05) == ("small_business",)
    assert swift.refine_targets(LIFT.assign(ci_low=-0.1)) == ()


def test_loop_turn_by_hand():
    # Hand: corporate 30/100 treated vs 30/100 control -> lift 0, dropped;
    # household 100/100 vs 0/100 -> lift 1, kept. Pooled: 130/200 vs 30/200 -> lift 0.5,
    # incremental responses 200 x 0.5 = 100. Rows of another campaign are ignored.
    n = 400
    contacts = pd.DataFrame(
        {
            "campaign_id": "K01",
            "customer_id": [f"C{i}" for i in range(n)],
            "group": ["treatment", "control"] * 200,
            "responded": [True] * 60 + [False] * 140 + [True, False] * 100,
        }
    )
    other = contacts.assign(campaign_id="K02", responded=False)
    customers = pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(n)],
            "segment": ["corporate"] * 200 + ["household"] * 200,
        }
    )
    turn = swift.loop_turn(pd.concat([contacts, other]), customers, campaign_id="K01")
    assert turn.campaign_id == "K01"
    assert (turn.n_treatment, turn.n_control) == (200, 200)
    assert turn.overall_lift == pytest.approx(0.5)
    assert turn.incremental_responses == pytest.approx(100.0)
    assert turn.next_targets == ("household",)
    assert turn.dropped == ("corporate",)
    assert turn.lift.loc["corporate", "lift"] == pytest.approx(0.0)


def test_inputs_are_not_modified():
    contacts = contacts_from_counts(5, 20, 2, 20)
    contacts["customer_id"] = [f"C{i}" for i in range(40)]
    contacts["campaign_id"] = "K01"
    contacts["response_revenue"] = np.where(contacts["responded"], 25.0, 0.0)
    customers = pd.DataFrame({"customer_id": contacts["customer_id"], "segment": "household"})
    campaigns = pd.DataFrame({"campaign_id": ["K01"], "cost_per_contact": [1.0]})
    saved = [t.copy(deep=True) for t in (contacts, customers, campaigns, INTER)]
    swift.campaign_lift(contacts, by="segment", customers=customers)
    swift.campaign_economics(contacts, campaigns, by="segment", customers=customers)
    swift.loop_turn(contacts, customers, campaign_id="K01")
    swift.touchpoint_matrix(INTER, customers=CUSTOMERS, by="segment", normalize="columns")
    for before, after in zip(saved, (contacts, customers, campaigns, INTER), strict=True):
        pd.testing.assert_frame_equal(before, after)


# --------------------------------------------------------------------------- bad input


def test_unknown_group_label():
    contacts = contacts_from_counts(1, 3, 1, 3)
    contacts.loc[2, "group"] = "holdout"
    with pytest.raises(
        ValueError,
        match=r"column 'group' in table 'campaign_contacts' has unexpected labels "
        r"\(e\.g\. 'holdout' in row 2\); expected one of 'treatment', 'control'",
    ):
        swift.campaign_lift(contacts)


def test_missing_response_column_names_keyword():
    contacts = contacts_from_counts(1, 3, 1, 3).rename(columns={"responded": "resp"})
    with pytest.raises(ValueError, match=r"no column 'responded' .*response='\.\.\.'"):
        swift.campaign_lift(contacts)


def test_missing_response_value_is_not_dropped():
    contacts = contacts_from_counts(1, 3, 1, 3).astype({"responded": "object"})
    contacts.loc[1, "responded"] = None
    with pytest.raises(ValueError, match=r"column 'responded' .* 1 missing value .*row 1"):
        swift.campaign_lift(contacts)


def test_segment_without_control():
    contacts = contacts_from_counts(1, 3, 1, 3, segment=["a"] * 5 + ["b"])
    contacts.loc[5, "group"] = "treatment"
    with pytest.raises(ValueError, match=r"has no 'control' customer in group 'b'"):
        swift.campaign_lift(contacts, by="segment")


def test_by_needs_customers_and_known_customers():
    contacts = contacts_from_counts(1, 3, 1, 3, customer_id=list("ABCDEF"))
    with pytest.raises(ValueError, match=r"no column 'segment'; pass customers="):
        swift.campaign_lift(contacts, by="segment")
    customers = pd.DataFrame({"customer_id": list("ABCDE"), "segment": "household"})
    with pytest.raises(ValueError, match=r"not found in table 'customers' \(e\.g\. 'F'"):
        swift.campaign_lift(contacts, by="segment", customers=customers)


def test_empty_contacts_and_bad_ci():
    with pytest.raises(ValueError, match=r"table 'campaign_contacts' is empty"):
        swift.campaign_lift(contacts_from_counts(0, 0, 0, 0))
    with pytest.raises(ValueError, match=r"argument 'ci' must be between 0 and 1"):
        swift.campaign_lift(contacts_from_counts(1, 3, 1, 3), ci=95)


def test_touchpoint_bad_inputs():
    with pytest.raises(ValueError, match=r"argument 'normalize' must be one of"):
        swift.touchpoint_matrix(INTER, normalize="rows")
    with pytest.raises(ValueError, match=r"no touchpoint .* interaction_type in \['refund'\]"):
        swift.touchpoint_matrix(INTER, kind="refund")
    with pytest.raises(ValueError, match=r"row 'D' of the touchpoint matrix has no touchpoints"):
        swift.touchpoint_matrix(INTER, customers=CUSTOMERS, normalize="index")
    with pytest.raises(ValueError, match=r"by='segment' needs the customers table"):
        swift.touchpoint_matrix(INTER, by="segment")
    with pytest.raises(ValueError, match=r"no column 'channel' .*channel='\.\.\.'"):
        swift.touchpoint_matrix(INTER.drop(columns="channel"))


def test_economics_and_loop_bad_inputs():
    contacts = contacts_from_counts(1, 3, 1, 3, campaign_id="K09", response_revenue=0.0)
    campaigns = pd.DataFrame({"campaign_id": ["K01"], "cost_per_contact": [1.0]})
    with pytest.raises(
        ValueError,
        match=r"'campaign_id' in table 'campaign_contacts' has 6 value\(s\) not found in table 'campaigns' \(e\.g\. 'K09'",
    ):
        swift.campaign_economics(contacts, campaigns)
    with pytest.raises(ValueError, match=r"campaign 'K01' has no rows .* \(it has 'K09'\)"):
        swift.loop_turn(contacts, pd.DataFrame({"customer_id": ["A"]}), campaign_id="K01")
    neg = contacts.assign(response_revenue=-1.0)
    with pytest.raises(ValueError, match=r"column 'response_revenue' .* below 0"):
        swift.campaign_economics(neg, campaigns.assign(campaign_id="K09"))
    with pytest.raises(ValueError, match=r"argument 'rule' must be one of"):
        swift.refine_targets(LIFT, rule="p<0.05")
    with pytest.raises(ValueError, match=r"table 'lift_table' has no column 'ci_low'"):
        swift.refine_targets(LIFT.drop(columns="ci_low"))


# --------------------------------------------------------------------------- planted truths

# Seeds 1 and 2 and the default dataset's 42. Over seeds 1-12 and 42, the pooled
# small_business interval held the planted +10 pp and excluded 0 in 12 of 13 (seed 3 missed:
# (-0.017, 0.091)); a 95% interval is expected to miss about 1 time in 20.
SEEDS = (1, 2, 42)


@pytest.fixture(scope="module")
def generated():
    """The kit's dataset for three seeds (2,000 customers each)."""
    return {s: crmkit.data.generate(seed=s, n_customers=2000) for s in SEEDS}


@pytest.mark.parametrize("seed", SEEDS)
def test_planted_t4_uplift_recovered(generated, seed):
    # Planted truth T4 (crmkit.data.PLANTED.campaign_uplift): small_business +0.10,
    # household +0.04, corporate 0, the same in both turns. Pooling both turns (about 300
    # customers per arm for small_business) gives power of about 0.9 to exclude 0.
    tables = generated[seed]
    uplift = dict(crmkit.data.PLANTED.campaign_uplift)
    pooled = swift.campaign_lift(
        tables["campaign_contacts"], by="segment", customers=tables["customers"]
    )
    sb = pooled.loc["small_business"]
    assert sb["ci_low"] <= uplift["small_business"] <= sb["ci_high"]
    assert sb["ci_low"] > 0
    hh = pooled.loc["household"]
    assert hh["ci_low"] <= uplift["household"] <= hh["ci_high"]
    # Turn 1 (K01) is the only campaign that contacted corporate buyers.
    turn1 = swift.loop_turn(tables["campaign_contacts"], tables["customers"], campaign_id="K01")
    corp = turn1.lift.loc["corporate"]
    assert corp["ci_low"] <= uplift["corporate"] <= corp["ci_high"]
    assert "corporate" not in turn1.next_targets
    assert "corporate" in turn1.dropped


def test_planted_campaign_design(generated):
    # The data card: turn 1 (K01, from 2024-03-01) targets all three segments, turn 2 (K02,
    # from 2024-06-01) household and small_business; control groups are about half.
    tables = generated[SEEDS[0]]
    camp = tables["campaigns"].set_index("campaign_id")
    assert camp.loc["K01", "start_date"] == crmkit.data.CAMPAIGN_1_START
    lift2 = swift.loop_turn(tables["campaign_contacts"], tables["customers"], campaign_id="K02")
    assert sorted(lift2.lift.index) == ["household", "small_business"]
    share = lift2.n_control / (lift2.n_treatment + lift2.n_control)
    assert share == pytest.approx(0.5, abs=0.02)


# --------------------------------------------------------------------------- compare / plan


def two_turns():
    # Turn 1 (K01): segment a 2 of 2 treated respond vs 0 of 2 controls (lift 1); segment b
    # 1 of 2 vs 1 of 2 (lift 0). Turn 2 (K02) targets only a: 1 of 2 vs 0 of 2 (lift 0.5).
    contacts = pd.DataFrame(
        {
            "campaign_id": ["K01"] * 8 + ["K02"] * 4,
            "customer_id": [f"C{i}" for i in range(12)],
            "group": ["treatment", "control"] * 6,
            "responded": [True, False, True, False, False, False, True, True]
            + [True, False, False, False],
            "response_revenue": [10.0, 0, 10.0, 0, 0, 0, 10.0, 10.0, 10.0, 0, 0, 0],
        }
    )
    customers = pd.DataFrame(
        {"customer_id": [f"C{i}" for i in range(12)], "segment": ["a"] * 4 + ["b"] * 4 + ["a"] * 4}
    )
    campaigns = pd.DataFrame(
        {"campaign_id": ["K01", "K02"], "loop_turn": [1, 2], "cost_per_contact": [1.0, 0.5]}
    )
    return contacts, campaigns, customers


def test_compare_turns_by_hand():
    contacts, campaigns, customers = two_turns()
    turns = swift.compare_turns(contacts, campaigns, customers)
    assert list(turns.index) == [(1, "a"), (1, "b"), (2, "a"), (2, "b")]
    assert turns["campaign_id"].tolist() == ["K01", "K01", "K02", "K02"]
    assert turns["targeted"].tolist() == [True, True, True, False]
    # Hand: lifts 1, 0, 0.5; costs 2 x 1.0, 2 x 1.0, 2 x 0.5 USD; cost per incremental
    # response 2 / (2 x 1) = 1, none for a lift of 0 (inf), 1 / (2 x 0.5) = 1
    np.testing.assert_allclose(turns["lift"].iloc[:3], [1.0, 0.0, 0.5])
    np.testing.assert_allclose(turns["cost"].iloc[:3], [2.0, 2.0, 1.0])
    assert turns["cost_per_incremental_response"].iloc[:3].tolist() == [1.0, np.inf, 1.0]
    assert turns.iloc[3][["lift", "ci_low", "cost"]].isna().all()


def test_compare_turns_rows_equal_per_campaign_lift():
    # An independent route: campaign_lift of each campaign alone, by segment.
    t = crmkit.data.load_all()
    cc, cu = t["campaign_contacts"], t["customers"]
    turns = swift.compare_turns(cc, t["campaigns"], cu)
    for turn, camp in t["campaigns"][["loop_turn", "campaign_id"]].itertuples(index=False):
        alone = swift.campaign_lift(cc[cc["campaign_id"] == camp], by="segment", customers=cu)
        for seg, row in alone.iterrows():
            for col in ("lift", "ci_low", "ci_high", "p_value", "incremental_responses"):
                assert turns.loc[(turn, seg), col] == pytest.approx(row[col])
    assert not turns.loc[(2, "corporate"), "targeted"]  # K02 went to two segments


def test_plan_next_turn_by_hand():
    # Hand (the loop_turn example): household lift 1 (kept), corporate lift 0 (dropped).
    # 100 household customers were contacted; at 0.5 USD each the next turn costs 50 USD
    # and adds 100 x 1 = 100 responses, 0.5 USD each. At 0.2 USD a contact: 20 USD, 0.2.
    n = 400
    contacts = pd.DataFrame(
        {
            "campaign_id": "K01",
            "customer_id": [f"C{i}" for i in range(n)],
            "group": ["treatment", "control"] * 200,
            "responded": [True] * 60 + [False] * 140 + [True, False] * 100,
        }
    )
    customers = pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(n)],
            "segment": ["corporate"] * 200 + ["household"] * 200,
        }
    )
    campaigns = pd.DataFrame({"campaign_id": ["K01"], "cost_per_contact": [0.5]})
    plan = swift.plan_next_turn(contacts, campaigns, customers, campaign_id="K01")
    assert plan.targets == ("household",)
    assert (plan.contacts, plan.cost, plan.expected_incremental_responses) == (100, 50.0, 100.0)
    assert plan.cost_per_incremental_response == pytest.approx(0.5)
    seg = plan.segments
    assert seg["target"].tolist() == [False, True]  # corporate, household
    assert seg.loc["corporate", ["contacts", "cost", "expected_incremental"]].tolist() == [0, 0, 0]
    # lower_incremental: 100 x the lower end of household's Newcombe interval
    low = swift.campaign_lift(
        contacts[customers["segment"] == "household"], customers=customers
    ).iloc[0]["ci_low"]
    assert seg.loc["household", "lower_incremental"] == pytest.approx(100 * low)
    cheaper = swift.plan_next_turn(
        contacts, campaigns, customers, campaign_id="K01", cost_per_contact=0.2
    )
    assert cheaper.cost == pytest.approx(20.0)
    assert cheaper.cost_per_incremental_response == pytest.approx(0.2)
    none = swift.plan_next_turn(
        contacts, campaigns, customers, campaign_id="K01", rule="ci_low>min_lift", min_lift=0.99
    )
    assert (
        none.targets == () and none.contacts == 0 and np.isnan(none.cost_per_incremental_response)
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_planted_t4_loop_drops_corporate(generated, seed):
    # T4: true uplift small_business +0.10, household +0.04, corporate 0. After turn 1 the
    # plan never keeps corporate (its interval covers 0 on these seeds, see above); it
    # keeps what loop_turn keeps, priced at K01's cost per contact. The comparison shows
    # turn 2 left corporate out, and turn 2's lifts cover the planted ones within about
    # three standard errors (a 99.7% interval).
    t = generated[seed]
    cc, ca, cu = t["campaign_contacts"], t["campaigns"], t["customers"]
    plan = swift.plan_next_turn(cc, ca, cu, campaign_id="K01")
    turn = swift.loop_turn(cc, cu, campaign_id="K01")
    assert "corporate" not in plan.targets and plan.targets == turn.next_targets
    unit = float(ca.set_index("campaign_id").loc["K01", "cost_per_contact"])
    kept = turn.lift.loc[list(turn.next_targets), "n_treatment"].sum()
    assert plan.cost == pytest.approx(unit * kept)
    turns = swift.compare_turns(cc, ca, cu, ci=0.997)
    assert turns.loc[(1, "corporate"), "targeted"] and not turns.loc[(2, "corporate"), "targeted"]
    uplift = dict(crmkit.data.PLANTED.campaign_uplift)
    for seg in ("household", "small_business"):
        row = turns.loc[(2, seg)]
        assert row["ci_low"] <= uplift[seg] <= row["ci_high"]


def test_compare_and_plan_bad_inputs():
    contacts, campaigns, customers = two_turns()
    with pytest.raises(ValueError, match="gives turn 1 to several campaigns"):
        swift.compare_turns(contacts, campaigns.assign(loop_turn=1), customers)
    with pytest.raises(ValueError, match="loop_turn"):
        swift.compare_turns(contacts, campaigns.drop(columns="loop_turn"), customers)
    with pytest.raises(ValueError, match="K02"):
        swift.compare_turns(contacts, campaigns.iloc[:1], customers)
    with pytest.raises(ValueError, match="cost_per_contact"):
        swift.plan_next_turn(contacts, campaigns, customers, campaign_id="K01", cost_per_contact=-1)
    with pytest.raises(ValueError, match="'K09'"):
        swift.plan_next_turn(contacts, campaigns, customers, campaign_id="K09")
    with pytest.raises(ValueError, match="not in column 'campaign_id' of table 'campaigns'"):
        swift.plan_next_turn(contacts, campaigns.iloc[1:], customers, campaign_id="K01")


def test_lift_verdict_by_hand():
    # Hand: [0.04, 0.13] is above zero; [-0.19, 0.04] covers it; [-0.05, -0.01] is below;
    # [0, 0.1] touches zero, so it is not clear; a row without an interval has no verdict.
    lift = pd.DataFrame(
        {"ci_low": [0.04, -0.19, -0.05, 0.0, np.nan], "ci_high": [0.13, 0.04, -0.01, 0.1, np.nan]}
    )
    verdicts = swift.lift_verdict(lift)
    assert verdicts.iloc[:4].tolist() == [
        swift.VERDICTS[0],
        swift.VERDICTS[1],
        swift.VERDICTS[2],
        swift.VERDICTS[1],
    ]
    assert pd.isna(verdicts.iloc[4])
    turns = swift.compare_turns(*two_turns())  # works on a compare_turns table too
    assert swift.lift_verdict(turns).index.equals(turns.index)
    with pytest.raises(ValueError, match="ci_low above ci_high"):
        swift.lift_verdict(pd.DataFrame({"ci_low": [0.2], "ci_high": [0.1]}))
    with pytest.raises(ValueError, match="ci_high"):
        swift.lift_verdict(pd.DataFrame({"ci_low": [0.2]}))
