"""Tests of crmkit.scorecard against hand calculations and the planted truths.

Every measure is checked on a tiny hand-built set of tables (six customers, eleven orders,
a few contacts, tickets and staff) against the calculation written out next to it; the
status logic against hand-worked values; the planted truths of ``crmkit.data`` on
generated data (``PLANTED`` in ``crmkit/data/_planted.py``, lognormal probabilities with
scipy.stats 1.x).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from crmkit import data
from crmkit import scorecard as sc
from crmkit.data import PLANTED

TS = pd.to_datetime

# ----------------------------------------------------------------------------- the table


def test_measures_cover_the_syllabus_table():
    # The syllabus's scorecard table (seed 002): 6 perspectives, 17 measures; its
    # "penetration rate (categories or share of wallet)" is kept as its two forms.
    syllabus = {
        "Financial": ["customer lifetime value"],
        "Customer": [
            "retention %",
            "penetration rate",
            "win-back %",
            "acquisitions",
            "% fully satisfied customers",
        ],
        "Operations: marketing": [
            "successful contacts per marketing channel",
            "cost per success per channel",
        ],
        "Operations: sales": [
            "conversion rate per sales channel %",
            "revenue per conversion per channel",
            "cost of sale per channel",
        ],
        "Operations: service": ["service level per channel %", "cost of service per channel"],
        "People and information": [
            "% highly satisfied staff",
            "coverage of core CRM competencies by function %",
            "% staff trained in CRM",
            "CRM information access rate by function %",
        ],
    }
    table = sc.measure_table()
    assert tuple(table["perspective"].unique()) == sc.PERSPECTIVES
    assert set(syllabus) == set(sc.PERSPECTIVES)
    for perspective, names in syllabus.items():
        mine = table.loc[table["perspective"] == perspective, "measure"].tolist()
        for name in names:
            assert any(m.startswith(name) for m in mine), (perspective, name)
    assert sum(len(v) for v in syllabus.values()) == 17
    assert len(sc.MEASURES) == 18  # penetration: categories and share of wallet
    assert set(table["direction"]) == {"higher", "lower"}
    assert set(table["grain"]) == {"segment", "channel", "function"}
    # every measure has a default target
    assert set(sc.DEFAULT_TARGETS) == set(table.index)
    assert (
        table.loc[["cost_per_success", "cost_of_sale", "cost_of_service"], "direction"]
        .eq("lower")
        .all()
    )


# ----------------------------------------------------------------------------- tiny data


@pytest.fixture(scope="module")
def tiny() -> dict[str, pd.DataFrame]:
    """Six customers; the period measured is 2024 and the previous period 2023."""
    segments = pd.CategoricalDtype(["household", "small_business", "corporate"])
    customers = pd.DataFrame(
        {
            "customer_id": list("ABCDEF"),
            "signup_date": TS(
                ["2022-01-10", "2022-02-01", "2022-03-01", "2023-02-01", "2024-03-01", "2022-01-05"]
            ),
            "acquisition_cost": [20.0, 20.0, 60.0, 60.0, 20.0, 20.0],
            "segment": pd.Series(
                ["household", "household", "corporate", "corporate", "household", "household"],
                dtype=segments,
            ),
            "est_annual_wallet": [1000.0, 2000.0, 10000.0, 5000.0, 1000.0, 1000.0],
        }
    )
    products = pd.DataFrame(
        {
            "product_id": ["P1", "P2", "P3", "P4"],
            "category": pd.Categorical(["kitchen", "lighting", "garden", "textiles"]),
        }
    )
    # order, customer, date, channel, product, revenue; cost is 60% of revenue
    rows = [
        ("O01", "A", "2022-06-01", "store", "P1", 100.0),
        ("O02", "A", "2023-10-01", "web", "P1", 100.0),
        ("O03", "A", "2024-02-10", "web", "P2", 200.0),
        ("O04", "B", "2023-06-01", "store", "P1", 50.0),
        ("O05", "C", "2023-11-01", "phone", "P3", 1000.0),
        ("O06", "C", "2024-04-01", "phone", "P3", 600.0),
        ("O06", "C", "2024-04-01", "phone", "P4", 400.0),
        ("O07", "D", "2023-03-01", "web", "P2", 300.0),
        ("O08", "E", "2024-03-05", "store", "P1", 80.0),
        ("O09", "F", "2022-03-01", "store", "P1", 60.0),
        ("O10", "F", "2024-07-01", "web", "P4", 120.0),
        ("O11", "D", "2024-09-01", "web", "P2", 300.0),
    ]
    lines = pd.DataFrame(
        rows, columns=["order_id", "customer_id", "order_date", "channel", "product_id", "revenue"]
    )
    lines["order_date"] = TS(lines["order_date"])
    lines["cost"] = (lines["revenue"] * 0.6).round(2)
    lines["channel"] = lines["channel"].astype("category")
    channels = pd.DataFrame(
        {
            "channel": ["store", "web", "phone", "marketplace", "email", "sms"],
            "cost_per_order": [10.0, 8.0, 12.0, 18.0, 0.0, 0.0],
        }
    )
    campaigns = pd.DataFrame(
        {
            "campaign_id": ["K0", "K1", "K2"],
            "start_date": TS(["2023-05-01", "2024-03-01", "2024-06-01"]),
            "channel": ["email", "email", "sms"],
            "cost_per_contact": [0.5, 0.5, 0.1],
        }
    )
    contacts = pd.DataFrame(
        [
            ("K0", "A", "treatment", True),
            ("K0", "B", "control", False),
            ("K1", "A", "treatment", True),
            ("K1", "B", "treatment", False),
            ("K1", "C", "treatment", True),
            ("K1", "D", "treatment", False),
            ("K1", "E", "control", True),
            ("K1", "F", "control", False),
            ("K2", "A", "treatment", False),
            ("K2", "F", "treatment", False),
            ("K2", "B", "control", False),
        ],
        columns=["campaign_id", "customer_id", "group", "responded"],
    )
    contacts["response_revenue"] = np.where(contacts["responded"], 50.0, 0.0)
    interactions = pd.DataFrame(
        [
            ("I01", "A", "2024-02-05 10:00", "web", "inquiry", 0.8),
            ("I02", "B", "2024-05-01 09:00", "phone", "inquiry", 4.0),
            ("I03", "C", "2024-04-01 15:00", "phone", "inquiry", 4.0),
            ("I04", "D", "2024-07-01 12:00", "web", "inquiry", 0.8),
            ("I05", "E", "2023-12-20 12:00", "store", "inquiry", 3.0),
            ("I06", "F", "2024-06-20 11:00", "store", "inquiry", 3.0),
            ("I07", "A", "2024-03-01 09:00", "email", "campaign_contact", 0.5),
            ("I08", "F", "2024-06-01 16:00", "phone", "inquiry", 4.0),
            ("I09", "A", "2024-02-20 08:00", "phone", "complaint", 7.0),
            ("I10", "C", "2024-05-01 08:00", "phone", "service", 6.0),
            ("I11", "D", "2024-08-01 08:00", "web", "complaint", 3.0),
            ("I12", "B", "2023-06-10 08:00", "web", "complaint", 3.0),
        ],
        columns=[
            "interaction_id",
            "customer_id",
            "interaction_date",
            "channel",
            "interaction_type",
            "handling_cost",
        ],
    )
    interactions["interaction_date"] = TS(interactions["interaction_date"])
    interactions["channel"] = interactions["channel"].astype("category")
    interactions["interaction_type"] = interactions["interaction_type"].astype("category")
    tickets = pd.DataFrame(
        [
            ("T1", "I09", "A", "phone", "2024-02-20 08:00", "2024-02-21 08:00", 10.0),
            ("T2", "I10", "C", "phone", "2024-05-01 08:00", "2024-05-04 08:00", 20.0),
            ("T3", "I11", "D", "web", "2024-08-01 08:00", "2024-08-03 08:00", 5.0),
            ("T4", "I12", "B", "web", "2023-06-10 08:00", "2023-06-14 12:00", 9.0),
        ],
        columns=[
            "ticket_id",
            "interaction_id",
            "customer_id",
            "channel",
            "opened_at",
            "closed_at",
            "handling_cost",
        ],
    )
    tickets["opened_at"] = TS(tickets["opened_at"])
    tickets["closed_at"] = TS(tickets["closed_at"])
    tickets["target_hours"] = 48.0
    surveys = pd.DataFrame(
        {
            "response_id": ["R1", "R2", "R3", "R4", "R5"],
            "customer_id": ["A", "C", "D", "E", "B"],
            "survey_date": TS(
                ["2024-09-02", "2024-09-03", "2024-09-04", "2024-09-05", "2023-03-02"]
            ),
            "csat": [5, 5, 5, 4, 5],
        }
    )
    staff = pd.DataFrame(
        {
            "staff_id": ["S1", "S2", "S3", "S4", "S5"],
            "function": pd.Categorical(
                ["sales", "sales", "service", "service", "marketing"],
                categories=["marketing", "sales", "service", "it", "management"],
            ),
            "satisfaction": [5, 4, 5, 3, 2],
            "trained_in_crm": [True, False, True, True, False],
            "competencies_held": [5, 2, 4, 3, 0],
            "crm_info_access": [True, True, False, True, False],
        }
    )
    return {
        "customers": customers,
        "products": products,
        "channels": channels,
        "order_lines": lines,
        "interactions": interactions,
        "tickets": tickets,
        "surveys": surveys,
        "campaigns": campaigns,
        "campaign_contacts": contacts,
        "staff_survey": staff,
    }


@pytest.fixture(scope="module")
def tiny_measures(tiny) -> pd.DataFrame:
    return sc.compute_measures(tiny, period=("2024-01-01", "2024-12-31"))


def values(measures: pd.DataFrame, measure_id: str) -> dict[str, float]:
    part = measures[measures["measure_id"] == measure_id]
    return dict(zip(part["group"], part["value"], strict=True))


def bases(measures: pd.DataFrame, measure_id: str) -> dict[str, int]:
    part = measures[measures["measure_id"] == measure_id]
    return dict(zip(part["group"], part["n"], strict=True))


def check(measures, measure_id, expected: dict[str, float], n: dict[str, int] | None = None):
    got = values(measures, measure_id)
    assert list(got) == list(expected), (measure_id, list(got))
    for group, value in expected.items():
        if math.isnan(value):
            assert math.isnan(got[group]), (measure_id, group, got[group])
        else:
            assert got[group] == pytest.approx(value, rel=1e-12), (measure_id, group)
    if n is not None:
        assert bases(measures, measure_id) == n


NAN = float("nan")


def test_tiny_layout(tiny_measures):
    assert list(tiny_measures.columns) == [
        "perspective",
        "measure_id",
        "measure",
        "unit",
        "group",
        "value",
        "n",
    ]
    assert tiny_measures["measure_id"].unique().tolist() == [m.measure_id for m in sc.MEASURES]


def test_clv_by_hand(tiny_measures):
    # Yearly activity (2022, 2023, 2024); margin = 40% of revenue.
    # all: active {A,F}, {A,B,C,D}, {A,C,D,E,F} -> 11 customer-years;
    # margins 64 + 580 + 680 = 1324 -> m = 1324/11; retention (1 + 3)/(2 + 4) = 2/3;
    # CLV = m r / (1 + 0.1 - r).
    m_all, r_all = 1324 / 11, 4 / 6
    # household {A,B,E,F}: active 2 + 2 + 3 = 7, margin 64 + 60 + 160 = 284, r = (1+1)/(2+2)
    m_h, r_h = 284 / 7, 2 / 4
    # corporate {C,D}: active 0 + 2 + 2 = 4, margin 520 + 520, r = 2/2
    m_c, r_c = 1040 / 4, 1.0
    expected = {
        "all": m_all * r_all / (1.1 - r_all),
        "household": m_h * r_h / (1.1 - r_h),
        "small_business": NAN,
        "corporate": m_c * r_c / (1.1 - r_c),
    }
    check(tiny_measures, "clv", expected, {"all": 6, "household": 4, "small_business": 0,
                                           "corporate": 2})  # fmt: skip


def test_retention_by_hand(tiny_measures):
    # 2023 buyers A, B, C, D; of them A, C, D bought in 2024.
    check(
        tiny_measures,
        "retention",
        {"all": 75.0, "household": 50.0, "small_business": NAN, "corporate": 100.0},
        {"all": 4, "household": 2, "small_business": 0, "corporate": 2},
    )


def test_penetration_by_hand(tiny_measures):
    # 2024 buyers and categories (of 4): A 1, C 2, D 1, E 1, F 1
    check(
        tiny_measures,
        "penetration_categories",
        {"all": 100 * 6 / 4 / 5, "household": 25.0, "small_business": NAN, "corporate": 37.5},
        {"all": 5, "household": 3, "small_business": 0, "corporate": 2},
    )


def test_share_of_wallet_by_hand(tiny_measures):
    # 2024 has 366 days: wallet x 366/365.25. Spend A 200, E 80, F 120 (wallets 1000
    # each); C 1000 (10000), D 300 (5000).
    years = 366 / 365.25
    check(
        tiny_measures,
        "share_of_wallet",
        {
            "all": 100 * 1700 / (18000 * years),
            "household": 100 * 400 / (3000 * years),
            "small_business": NAN,
            "corporate": 100 * 1300 / (15000 * years),
        },
    )


def test_win_back_by_hand(tiny_measures):
    # On 2023-12-31 (lapse 180 days): A last ordered 91 days before, C 60 days: active.
    # B (213 days), D (305 days), F (670 days) lapsed; D and F ordered in 2024.
    check(
        tiny_measures,
        "win_back",
        {"all": 200 / 3, "household": 50.0, "small_business": NAN, "corporate": 100.0},
        {"all": 3, "household": 2, "small_business": 0, "corporate": 1},
    )


def test_acquisitions_by_hand(tiny_measures):
    # First orders in 2024: E only (household); per 100 buyers of 2023 (A, B | C, D).
    check(
        tiny_measures,
        "acquisitions",
        {"all": 25.0, "household": 50.0, "small_business": NAN, "corporate": 0.0},
        {"all": 4, "household": 2, "small_business": 0, "corporate": 2},
    )


def test_fully_satisfied_by_hand(tiny_measures):
    # 2024 responses: A 5, E 4 (household); C 5, D 5 (corporate); B's is from 2023.
    check(
        tiny_measures,
        "fully_satisfied",
        {"all": 75.0, "household": 50.0, "small_business": NAN, "corporate": 100.0},
        {"all": 4, "household": 2, "small_business": 0, "corporate": 2},
    )


def test_campaign_measures_by_hand(tiny_measures):
    # 2024 campaigns: K1 email, 4 treated, 2 responded, cost 4 x 0.5;
    # K2 sms, 2 treated, none responded, cost 2 x 0.1. K0 (2023) is left out; control
    # customers are neither contacts nor successes.
    check(
        tiny_measures,
        "successful_contacts",
        {"all": 100 * 2 / 6, "email": 50.0, "sms": 0.0},
        {"all": 6, "email": 4, "sms": 2},
    )
    check(
        tiny_measures,
        "cost_per_success",
        {"all": 2.2 / 2, "email": 1.0, "sms": math.inf},
        {"all": 2, "email": 2, "sms": 0},
    )


def test_conversion_by_hand(tiny_measures):
    # 2024 inquiries: I01 web A -> order 5 days later (200); I02 phone B -> none;
    # I03 phone C -> order the same day (1000); I04 web D -> next order 62 days later;
    # I06 store F -> 11 days (120); I08 phone F -> exactly 30 days (120). I05 is 2023.
    check(
        tiny_measures,
        "conversion_rate",
        {"all": 100 * 4 / 6, "store": 100.0, "web": 50.0, "phone": 100 * 2 / 3},
        {"all": 6, "store": 1, "web": 2, "phone": 3},
    )
    check(
        tiny_measures,
        "revenue_per_conversion",
        {"all": 1440 / 4, "store": 120.0, "web": 200.0, "phone": 560.0},
        {"all": 4, "store": 1, "web": 1, "phone": 2},
    )


def test_conversion_window_is_an_argument(tiny):
    # With 29 days, I08 (30 days before F's order) no longer converts: 3 of 6.
    m = sc.compute_measures(tiny, measures=["conversion_rate"], conversion_days=29)
    assert values(m, "conversion_rate")["all"] == pytest.approx(50.0)


def test_cost_of_sale_by_hand(tiny_measures):
    # 2024 orders: web O03, O10, O11 (3 x 8 over 620); phone O06 (12 over 1000, two lines
    # but one order); store O08 (10 over 80); all: 24 + 12 + 10 over 1700.
    check(
        tiny_measures,
        "cost_of_sale",
        {"all": 100 * 46 / 1700, "store": 12.5, "web": 100 * 24 / 620, "phone": 1.2},
        {"all": 5, "store": 1, "web": 3, "phone": 1},
    )


def test_service_by_hand(tiny_measures):
    # 2024 tickets: T1 phone 24 h, T2 phone 72 h, T3 web exactly 48 h (within target);
    # cost = ticket + opening interaction: 10 + 7, 20 + 6, 5 + 3.
    check(
        tiny_measures,
        "service_level",
        {"all": 200 / 3, "web": 100.0, "phone": 50.0},
        {"all": 3, "web": 1, "phone": 2},
    )
    check(
        tiny_measures,
        "cost_of_service",
        {"all": 51 / 3, "web": 8.0, "phone": 21.5},
        {"all": 3, "web": 1, "phone": 2},
    )


def test_staff_measures_by_hand(tiny_measures):
    groups = ["all", "marketing", "sales", "service", "it", "management"]

    def row(*v):
        return dict(zip(groups, v, strict=True))

    # satisfaction 5: S1, S3 of 5; competencies (5+2+4+3+0)/25; trained S1, S3, S4;
    # access S1, S2, S4
    check(tiny_measures, "staff_highly_satisfied", row(40.0, 0.0, 50.0, 50.0, NAN, NAN))
    check(tiny_measures, "competency_coverage", row(56.0, 0.0, 70.0, 70.0, NAN, NAN))
    check(tiny_measures, "staff_trained", row(60.0, 0.0, 50.0, 100.0, NAN, NAN))
    check(
        tiny_measures,
        "info_access",
        row(60.0, 0.0, 100.0, 50.0, NAN, NAN),
        row(5, 1, 2, 2, 0, 0),
    )


def test_highly_satisfied_threshold_is_an_argument(tiny):
    # satisfaction >= 4: S1, S2, S3 of 5
    staff = {"staff_survey": tiny["staff_survey"]}
    m = sc.compute_measures(staff, measures=["staff_highly_satisfied"], highly_satisfied_from=4)
    assert values(m, "staff_highly_satisfied")["all"] == pytest.approx(60.0)


def test_by_another_customer_column(tiny):
    # Retention by acquisition year instead of segment: the groups are that column's.
    tables = dict(tiny)
    tables["customers"] = tiny["customers"].assign(
        cohort=tiny["customers"]["signup_date"].dt.year.astype(str)
    )
    m = sc.compute_measures(tables, measures=["retention"], by="cohort")
    # 2023 buyers: A, B, C (signed up 2022) -> A, C back; D (2023) -> back
    assert values(m, "retention") == {
        "all": 75.0,
        "2022": pytest.approx(100 * 2 / 3),
        "2023": 100.0,
        "2024": pytest.approx(NAN, nan_ok=True),
    }


def test_a_period_without_data_gives_nan(tiny):
    # Nothing happened in 2021 except the staff survey (which has no date).
    m = sc.compute_measures(
        tiny,
        period=("2021-01-01", "2021-12-31"),
        measures=["retention", "win_back", "successful_contacts", "service_level"],
    )
    assert m.groupby("measure_id")["value"].apply(lambda v: v.isna().all()).all()
    card = sc.scorecard(m)
    assert set(card["status"]) == {"no data"}


# ----------------------------------------------------------------------------- status


def test_status_by_hand():
    # Targets: retention 80 (higher is better), cost of service 15 (lower is better);
    # tolerance 5% -> near band 76 to 80 and 15 to 15.75.
    measures = pd.DataFrame(
        {
            "measure_id": ["retention"] * 5 + ["cost_of_service"] * 5,
            "group": ["all", "a", "b", "c", "d"] * 2,
            "value": [80.0, 85.0, 76.5, 75.9, NAN, 15.0, 14.0, 15.7, 15.8, 30.0],
        }
    )
    card = sc.scorecard(measures, targets={"retention": 80.0, "cost_of_service": 15.0})
    assert card["status"].tolist() == [
        "on target",  # 80 = 80
        "on target",  # 85 > 80
        "near target",  # 76.5 >= 76
        "off target",  # 75.9 < 76
        "no data",
        "on target",  # 15 = 15
        "on target",  # 14 < 15: lower is better
        "near target",  # 15.7 <= 15.75
        "off target",  # 15.8 > 15.75
        "off target",
    ]
    assert card["gap"].tolist()[:4] == [0.0, 5.0, -3.5, pytest.approx(-4.1)]
    assert card["direction"].tolist() == ["higher"] * 5 + ["lower"] * 5
    # a wider band: 75.9 is within 10% of 80, 15.8 within 10% of 15
    wide = sc.scorecard(measures, targets={"retention": 80.0, "cost_of_service": 15.0},
                        tolerance=0.10)  # fmt: skip
    assert wide["status"].tolist()[3] == "near target"
    assert wide["status"].tolist()[8] == "near target"
    # zero tolerance: nothing is near
    strict = sc.scorecard(measures, targets={"retention": 80.0, "cost_of_service": 15.0},
                          tolerance=0)  # fmt: skip
    assert "near target" not in set(strict["status"])


def test_targets_per_group_and_as_a_frame(tiny_measures):
    part = tiny_measures[tiny_measures["measure_id"] == "retention"]
    by_mapping = sc.scorecard(
        part, targets={"retention": {"all": 70.0, "corporate": 100.0, "*": 60.0}}
    )
    assert by_mapping["target"].tolist() == [70.0, 60.0, 60.0, 100.0]
    assert by_mapping["status"].tolist() == ["on target", "off target", "no data", "on target"]
    frame = pd.DataFrame(
        {"measure_id": ["retention", "retention"], "group": ["*", "household"],
         "target": [70.0, 52.0]}
    )  # fmt: skip
    by_frame = sc.scorecard(part, targets=frame)
    assert by_frame["target"].tolist() == [70.0, 52.0, 70.0, 70.0]
    assert by_frame.loc[1, "status"] == "near target"  # 50 >= 52 - 2.6


def test_scorecard_order_and_summary(tiny, tiny_measures):
    card = sc.scorecard(tiny_measures)
    assert card["perspective"].tolist() == sorted(card["perspective"], key=sc.PERSPECTIVES.index)
    assert (card.groupby("measure_id", sort=False)["group"].first() == "all").all()
    from_tables = sc.scorecard(tiny)  # the tables themselves: default period 2024
    pd.testing.assert_frame_equal(card, from_tables)
    summary = sc.scorecard_summary(card)
    assert summary.index.tolist() == list(sc.PERSPECTIVES)
    assert summary["measures"].tolist() == [1, 6, 2, 3, 2, 4]
    alls = card[card["group"] == "all"].set_index("measure_id")
    for perspective, row in summary.iterrows():
        status = alls.loc[alls["perspective"] == perspective, "status"]
        assert row["on_target"] == (status == "on target").sum()
        assert row["share_on_target"] == pytest.approx(
            100 * (status == "on target").sum() / (status != "no data").sum()
        )
    every = sc.scorecard_summary(card, groups="every")
    assert every["measures"].sum() == len(card)


# ----------------------------------------------------------------------------- bad input


def test_missing_table_is_named(tiny):
    tables = {k: v for k, v in tiny.items() if k not in ("tickets", "staff_survey")}
    with pytest.raises(ValueError, match="'tickets', 'staff_survey'") as err:
        sc.compute_measures(tables)
    assert "service_level" in str(err.value) and "info_access" in str(err.value)
    # a measure that needs none of them still works
    sc.compute_measures(tables, measures=["retention"])


def test_unknown_and_wrong_targets_are_named(tiny_measures):
    with pytest.raises(ValueError, match="unknown measure ids \\('retension'\\)"):
        sc.scorecard(tiny_measures, targets={**sc.DEFAULT_TARGETS, "retension": 80.0})
    with pytest.raises(ValueError, match="not numbers \\('clv' \\(group '\\*'\\): 'high'\\)"):
        sc.scorecard(tiny_measures, targets={**sc.DEFAULT_TARGETS, "clv": "high"})
    with pytest.raises(ValueError, match="'retention' \\(group 'household'\\): None"):
        sc.scorecard(tiny_measures, targets={**sc.DEFAULT_TARGETS,
                                             "retention": {"household": None, "*": 1.0}})  # fmt: skip
    with pytest.raises(ValueError, match="no target for 'staff_trained' \\(group 'all'\\)"):
        sc.scorecard(tiny_measures, targets={**sc.DEFAULT_TARGETS,
                                             "staff_trained": {"sales": 1.0}})  # fmt: skip
    with pytest.raises(ValueError, match="no target for 'win_back'"):
        targets = dict(sc.DEFAULT_TARGETS)
        del targets["win_back"]
        sc.scorecard(tiny_measures, targets=targets)
    with pytest.raises(ValueError, match="finite"):
        sc.scorecard(tiny_measures, targets={**sc.DEFAULT_TARGETS, "clv": math.inf})
    with pytest.raises(TypeError, match="'targets' must be a dict"):
        sc.scorecard(tiny_measures, targets=[("clv", 1.0)])


def test_other_bad_arguments(tiny, tiny_measures):
    with pytest.raises(ValueError, match="unknown measure ids \\('nps'\\)"):
        sc.compute_measures(tiny, measures=["retention", "nps"])
    with pytest.raises(ValueError, match="ends \\(2024-01-01\\) before it starts"):
        sc.compute_measures(tiny, period=("2024-12-31", "2024-01-01"))
    with pytest.raises(TypeError, match="'period' must be a \\(start, end\\) pair"):
        sc.compute_measures(tiny, period="2024")
    with pytest.raises(TypeError, match="dict of the kit's tables"):
        sc.compute_measures(tiny["customers"])
    with pytest.raises(ValueError, match="'customers' has no column 'region'"):
        sc.compute_measures(tiny, measures=["retention"], by="region")
    with pytest.raises(ValueError, match="'tolerance' must be between 0 and 1"):
        sc.scorecard(tiny_measures, tolerance=5)
    with pytest.raises(ValueError, match="unknown measure ids \\('nps'\\)"):
        sc.scorecard(pd.DataFrame({"measure_id": ["nps"], "group": ["all"], "value": [1.0]}))
    with pytest.raises(ValueError, match="'groups' must be one of"):
        sc.scorecard_summary(sc.scorecard(tiny_measures), groups="some")
    broken = dict(tiny)
    broken["tickets"] = tiny["tickets"].assign(interaction_id=["I09", "I10", "I99", "I12"])
    with pytest.raises(ValueError, match="'I99'"):
        sc.compute_measures(broken, measures=["cost_of_service"])


# ----------------------------------------------------------------------------- planted truths

SEEDS = (1, 2)


@pytest.fixture(scope="module", params=SEEDS)
def generated(request) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    tables = data.generate(seed=request.param, n_customers=2000)
    m2023 = sc.compute_measures(tables, period=("2023-01-01", "2023-12-31"))
    m2024 = sc.compute_measures(tables, period=("2024-01-01", "2024-12-31"))
    return tables, m2023, m2024


def test_service_level_rises_after_the_process_change(generated):
    # T3: lognormal resolution times with medians 36 h before and 21.6 h after
    # 2024-01-01, log-sd 0.7, target 48 h: P(h <= 48) = Phi(ln(48/median)/0.7).
    _, m2023, m2024 = generated
    before, after = values(m2023, "service_level"), values(m2024, "service_level")
    n_before, n_after = bases(m2023, "service_level"), bases(m2024, "service_level")
    p = {
        when: 100 * stats.norm.cdf(np.log(PLANTED.service_target_hours / med) / 0.7)
        for when, med in (
            ("before", PLANTED.resolution_median_hours_before),
            ("after", PLANTED.resolution_median_hours_after),
        )
    }
    assert p["before"] == pytest.approx(65.9, abs=0.1) and p["after"] == pytest.approx(
        87.3, abs=0.1
    )
    assert set(before) == {"all", "store", "web", "phone", "email"}
    for channel in before:
        assert after[channel] > before[channel], channel
    for got, n, planted in ((before, n_before, p["before"]), (after, n_after, p["after"])):
        for channel, value in got.items():
            se = 100 * math.sqrt(planted / 100 * (1 - planted / 100) / n[channel])
            assert abs(value - planted) < 4 * se, (channel, value, planted)


def test_successful_contacts_match_planted_response_rates(generated):
    # T4: a treated customer responds with probability base + uplift of their segment
    # (less a little for those who churn within the 30-day window). The expected share per
    # channel is that probability averaged over the channel's treated customers.
    tables, _, m2024 = generated
    rate = {s: b + dict(PLANTED.campaign_uplift)[s] for s, b in PLANTED.campaign_base_rate}
    contacts = tables["campaign_contacts"].merge(
        tables["campaigns"][["campaign_id", "channel"]], on="campaign_id"
    )
    treated = contacts[contacts["group"] == "treatment"].merge(
        tables["customers"][["customer_id", "segment"]], on="customer_id"
    )
    p = treated["segment"].astype(str).map(rate)
    got = values(m2024, "successful_contacts")
    n = bases(m2024, "successful_contacts")
    for channel, part in [("all", p), *p.groupby(treated["channel"].astype(str))]:
        expected = part.mean()
        se = math.sqrt((part * (1 - part)).sum()) / len(part)
        assert n[channel] == len(part)
        assert abs(got[channel] / 100 - expected) < 4 * se, (channel, got[channel], expected)
    # the campaigns ran in 2024 only
    m2023 = generated[1]
    assert math.isnan(values(m2023, "successful_contacts")["all"])
    assert bases(m2023, "successful_contacts") == {"all": 0}


def test_staff_measures_match_planted_shares(generated):
    # T13: the generator trains and gives access to exactly round(p x head count) staff
    # of each function.
    tables, _, m2024 = generated
    heads = tables["staff_survey"]["function"].astype(str).value_counts()
    trained, access = values(m2024, "staff_trained"), values(m2024, "info_access")
    for function, p in PLANTED.staff_trained:
        assert trained[function] == pytest.approx(
            100 * round(p * heads[function]) / heads[function]
        )
    for function, p in PLANTED.staff_info_access:
        assert access[function] == pytest.approx(100 * round(p * heads[function]) / heads[function])
    by_function = {k: v for k, v in trained.items() if k != "all"}
    assert max(by_function, key=by_function.get) == "service"
    by_function = {k: v for k, v in access.items() if k != "all"}
    assert min(by_function, key=by_function.get) == "marketing"


def test_other_measures_are_plausible(generated):
    # Not planted directly: ranges that any sane run of the generator gives.
    _, _, m2024 = generated
    assert m2024["measure_id"].nunique() == 18
    alls = m2024[m2024["group"] == "all"].set_index("measure_id")["value"]
    pct = [m.measure_id for m in sc.MEASURES if m.unit.startswith("%")]
    assert alls[pct].between(0, 100).all()
    clv = values(m2024, "clv")
    assert clv["household"] < clv["small_business"] < clv["corporate"]
    assert alls["cost_per_success"] > 0 and np.isfinite(alls["cost_per_success"])
    card = sc.scorecard(m2024)
    assert set(card["status"]) <= set(sc.STATUSES)


@pytest.mark.parametrize("seed", SEEDS)
def test_retention_higher_for_corporate_than_household(seed):
    # T1: the monthly churn hazard ratio is 0.7 for corporate against 1.0 for households
    # (0.9 for small business). In the yearly retention % the corporate-household gap is
    # about 3-5 points: with 2,000 customers (about 125 corporate buyers) that is about one
    # standard error and the order flips on some seeds, so this test uses 20,000 (gap of
    # 2.6-4.1 standard errors on these seeds; asserted at 1.5).
    tables = data.generate(seed=seed, n_customers=20_000)
    m = sc.compute_measures(tables, measures=["retention"])
    r, n = values(m, "retention"), bases(m, "retention")
    hr = dict(PLANTED.churn_segment_hr)
    assert hr["corporate"] < hr["small_business"] < hr["household"]
    se = 100 * math.sqrt(
        sum(r[g] / 100 * (1 - r[g] / 100) / n[g] for g in ("corporate", "household"))
    )
    assert r["corporate"] - r["household"] > 1.5 * se
    # "highest": corporate above small business too. The planted gap (0.7 against 0.9) is
    # only 1-3 points here (1-2.5 standard errors), so this holds on these seeds without
    # a margin; a change of the generator may flip it before it flips anything real.
    assert r["corporate"] == max(r[g] for g in ("household", "small_business", "corporate"))


def test_clv_needs_two_complete_years(tiny):
    # Up to 2023-06-30 the orders cover one complete year (2022): no yearly retention.
    m = sc.compute_measures(tiny, period=("2023-01-01", "2023-06-30"), measures=["clv"])
    assert m["value"].isna().all() and (m["n"] == 0).all()


def test_service_level_judges_open_tickets_at_the_extract():
    # The committed extract has open tickets (data/README.md). Those opened in 2024 and
    # not yet past their 48 h target have no outcome: the measure's base leaves them out;
    # one already past it counts as a miss (sixsigma.service_level, hand count below).
    tables = data.load_all()
    tickets = tables["tickets"]
    in_2024 = tickets[tickets["opened_at"] >= "2024-01-01"]
    is_open = in_2024["closed_at"].isna()
    age = (data.EXTRACT_END - in_2024["opened_at"]).dt.total_seconds() / 3600
    not_due = int((is_open & (age <= in_2024["target_hours"])).sum())
    late_open = int((is_open & (age > in_2024["target_hours"])).sum())
    assert not_due > 0 and late_open > 0
    closed = in_2024[~is_open]
    hours = (closed["closed_at"] - closed["opened_at"]).dt.total_seconds() / 3600
    within = int((hours <= closed["target_hours"]).sum())
    m = sc.compute_measures(tables, measures=["service_level"], period=("2024-01-01", "2024-12-31"))
    assert bases(m, "service_level")["all"] == len(in_2024) - not_due
    assert values(m, "service_level")["all"] == pytest.approx(
        100 * within / (len(in_2024) - not_due)
    )
