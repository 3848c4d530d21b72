"""Bad and awkward input to every public module, table-driven.

Each row of ``CASES`` is one call with one bad input, the exception it must raise and the
words its message must contain: the table, column or argument that is wrong, and the fix.
Around every call (the valid ones of ``VALID`` too) a deep copy of the inputs is compared
with the inputs afterwards, so no function modifies what it was given; and the exception
must be raised by crmkit itself, not surface from inside pandas, numpy, scipy or
matplotlib. ``FIXES`` then applies the advice of each kind of message and checks that the
call works: advice that fails when followed is a bug too.

The kit's rules for awkward input are documented in ``crmkit/_validate.py``.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import importlib.util
import inspect
from collections.abc import Callable
from pathlib import Path

import matplotlib.axes
import matplotlib.figure
import numpy as np
import pandas as pd
import pytest

import crmkit
from crmkit import data as kd
from crmkit import diagrams as dg
from crmkit import lifecycle as lc
from crmkit import loyalty as ly
from crmkit import plots as pl
from crmkit import relationship as rel
from crmkit import satisfaction as sat
from crmkit import scorecard as sc
from crmkit import sixsigma as ss
from crmkit import swift as sw
from crmkit import value as va
from crmkit import widgets as wd
from crmkit.data.__main__ import main as cli

# ---------------------------------------------------------------------------- the data

T = kd.generate(seed=5, n_customers=80)
C, OL, S, TK, IN, CC, CA, LE, P, CH, ST = (
    T[k]
    for k in (
        "customers",
        "order_lines",
        "surveys",
        "tickets",
        "interactions",
        "campaign_contacts",
        "campaigns",
        "loyalty_events",
        "products",
        "channels",
        "staff_survey",
    )
)
W1 = S[S["wave"] == 1]
K01 = CC[CC["campaign_id"] == "K01"]
RFM = va.rfm_summary(OL, observation_end="2024-12-31")
SCORES = va.rfm_scores(RFM)
PROF = va.customer_profitability(OL)
LIFT = sw.campaign_lift(K01, by="segment", customers=C)
MEAS = sc.compute_measures({"staff_survey": ST}, measures=["staff_trained", "info_access"])
CARD = sc.scorecard(MEAS)
PHASES = lc.assign_phase(OL, C)
HOURS = pd.DataFrame({"hours": np.arange(40.0) % 7 + 10, "week": np.arange(40) // 4})
SAMPLES = pd.DataFrame({"defectives": [3, 5, 2, 4], "size": [50, 60, 40, 55]})
CHART = ss.xbar_r_chart(HOURS, "hours", "week")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
TODAY = pd.Timestamp.now().strftime("%Y-%m-%d")
#: Converting Jalali dates needs persiantools; recognising them and saying how does not.
HAVE_PERSIANTOOLS = importlib.util.find_spec("persiantools") is not None
NEEDS_PERSIANTOOLS = pytest.mark.skipif(not HAVE_PERSIANTOOLS, reason="persiantools not installed")


def cell(frame: pd.DataFrame, column: str, value: object, row: int = 0) -> pd.DataFrame:
    """A copy of ``frame`` with one cell changed (the column made float or object if needed)."""
    out = frame.copy()
    if isinstance(value, float) and pd.api.types.is_integer_dtype(out[column]):
        out[column] = out[column].astype(float)
    try:
        out.loc[out.index[row], column] = value
    except (TypeError, ValueError):
        out[column] = out[column].astype(object)
        out.loc[out.index[row], column] = value
    return out


def text(frame: pd.DataFrame, column: str, fmt: str | None = None, digits=None) -> pd.DataFrame:
    """``frame`` with ``column`` written as text: dates with ``fmt``, numbers with ``digits``."""
    values = frame[column].dt.strftime(fmt) if fmt is not None else frame[column].astype(str)
    if digits is not None:
        values = values.str.translate(digits)
    return frame.assign(**{column: values.astype(object)})


def relabel(frame: pd.DataFrame, column: str, mapping: dict) -> pd.DataFrame:
    return frame.assign(**{column: frame[column].astype(object).replace(mapping)})


def dated(frame: pd.DataFrame, column: str, when: str, row: int = 0, unit: str = "ns"):
    """A copy of ``frame`` with one date changed (``unit='s'`` reaches years before 1677)."""
    values = frame[column].to_numpy(dtype=f"datetime64[{unit}]").copy()
    values[row] = np.datetime64(when, unit)
    return frame.assign(**{column: pd.Series(values, index=frame.index)})


def figure():
    """A Figure with one Axes, outside pyplot (nothing to close)."""
    fig = matplotlib.figure.Figure()
    fig.add_subplot()
    return fig


def grid(rows: int, cols: int):
    return matplotlib.figure.Figure().subplots(rows, cols)


# ---------------------------------------------------------------------------- the table


@dataclasses.dataclass
class Case:
    id: str
    call: Callable
    args: tuple
    kwargs: dict
    error: type
    words: tuple[str, ...]


CASES: list[Case] = []


def case(id, call, *args, error=ValueError, words=(), **kwargs):
    CASES.append(Case(id, call, args, kwargs, error, tuple(words)))


# fmt: off
# --- missing and misspelt columns: did-you-mean, the fix the right way, the table's name
case("typo argument", sat.nps, S, score="nps_scor",
     words=["table 'surveys' has no column 'nps_scor'", "did you mean 'nps_score'?", "Pass score='nps_score'."])
case("kit column named otherwise", sat.nps, S.rename(columns={"nps_score": "NPS"}),
     words=["no column 'nps_score'", "did you mean 'NPS'?", "Pass score='NPS'", "surveys.rename(columns={'NPS': 'nps_score'})"])
case("kit column missing, full list", sat.csat, S.drop(columns="csat"),
     words=["no column 'csat'", "pass score='<your column>'", "its 63 columns", "'sq_perc_empathy_2'"])
case("case and spaces", va.rfm_summary, OL.rename(columns={"revenue": " Revenue "}),
     words=["table 'order_lines'", "did you mean ' Revenue '?", "Pass amount=' Revenue '"])
case("signup named otherwise", lc.assign_phase, OL, C.rename(columns={"signup_date": "signup"}),
     words=["table 'customers'", "did you mean 'signup'?", "Pass signup='signup'"])
case("response named otherwise", sw.campaign_lift, CC.rename(columns={"responded": "response"}),
     words=["table 'campaign_contacts'", "did you mean 'response'?", "response='response'"])
case("by typo in tickets", ss.service_level, TK, by="chanel",
     words=["table 'tickets' has no column 'chanel'", "did you mean 'channel'?", "by='channel'"])
case("category typo", ss.pareto_table, TK, "caus", words=["did you mean 'cause'?", "Pass category='cause'"])
case("by typo joined from customers", sat.nps_by, S, "segmnt", customers=C, n_boot=100,
     words=["table 'customers' has no column 'segmnt'", "did you mean 'segment'?", "by='segment'"])
case("by without customers", sat.nps_by, S, "segment", n_boot=100,
     words=["table 'surveys' has no column 'segment'", "customers=...",
            "surveys.merge(customers[['customer_id', 'segment']], on='customer_id')"])
case("wrong table passed", lc.assign_phase, C, C,
     words=["table 'order_lines' has no column", "columns are those of table 'customers'"])
case("own table name", sat.compare_groups, S.drop(columns="csat"), "csat", "wave", table="answers",
     words=["table 'answers' has no column 'csat'", "answers.rename("])
case("wide table counted", sat.csat, pd.DataFrame(np.ones((2, 150)), columns=[f"q{i}" for i in range(150)]),
     words=["its 150 columns", "and 50 more (see .columns)"])
case("item typo", rel.cronbach_alpha, S, ["trust_1", "trust_2", "trst_3"],
     words=["no column 'trst_3'", "did you mean 'trust_3'", "Correct the column's name in the call: 'trust_3'."])
case("tables key typo", sc.compute_measures, {"staff_surveys": ST}, measures=["staff_trained"],
     words=["lacks table(s) 'staff_survey'", "'staff_surveys' for 'staff_survey'", "rename the key"])
case("count column typo", pl.count_bar, C, "segmnt", words=["did you mean 'segment'?"])
case("capability own table", ss.capability, HOURS, "hour", usl=20, table="hours",
     words=["table 'hours' has no column 'hour'", "did you mean 'hours'?", "value='hours'"])
case("unknown table name", kd.load, "order_line", words=["unknown table 'order_line'", "did you mean 'order_lines'?"])
case("dimension items typo", rel.scale_scores, S, {"trust": ["trust_1", "trust_2", "trust3"]},
     words=["no column 'trust3'", "did you mean 'trust_3'"])
case("servqual template", sat.servqual_gaps, S, expectation="sq_expect_{}_{}",
     words=["no column 'sq_expect_tangibles_1'", "expectation="])
case("ipa template", sat.ipa, S, importance="importance_{}", words=["no column 'importance_product_quality'", "importance="])
case("membership missing", ly.programme_effect, C.drop(columns="loyalty_member"), OL,
     words=["table 'customers' has no column 'loyalty_member'", "member="])
case("ticket target missing", ss.service_level, TK.drop(columns="target_hours"), words=["no column 'target_hours'", "target="])
case("xbar subgroup typo", ss.xbar_r_chart, HOURS, "hours", "weeks", table="hours",
     words=["table 'hours' has no column 'weeks'", "did you mean 'week'?", "subgroup='week'"])

# advice names only arguments of the function the user called (not of the ones it calls)
case("figure lacks the inner argument", pl.funnel, C, OL.rename(columns={"order_date": "date"}),
     words=["did you mean 'date'? Rename your column to the kit's name: order_lines.rename(columns={'date': 'order_date'})"])
case("widget lacks the inner argument", wd.nps_explorer, S.rename(columns={"nps_score": "nps"}), C,
     words=["surveys.rename(columns={'nps': 'nps_score'})"])
case("scorecard lacks the inner argument", sc.compute_measures, {**T, "tickets": TK.drop(columns="target_hours")},
     measures=["service_level"], words=["no column 'target_hours'; add the column 'target_hours'"])
case("figure passes its own argument on", pl.nps_bars, S.rename(columns={"nps_score": "nps"}), customers=C,
     words=["Pass score='nps'"])
case("discount rate as a percent", va.clv_simple, 100, 0.8, 10, words=["argument 'discount_rate' must be between 0 and 1", "0.1 for 10%"])
case("annual rate as a percent", va.clv_from_data, OL, discount_rate=10, words=["argument 'discount_rate' must be between 0 and 1"])
case("month without a day", lc.assign_phase, OL, C, observation_end="Dec-2024", words=["'Dec-2024'", "'YYYY-MM-DD'"])
case("date without a year", lc.assign_phase, OL, C, observation_end="Dec 31", words=["'Dec 31'", "'YYYY-MM-DD'"])
case("date from the clock", va.rfm_summary, OL, observation_end="today", words=["'today'", "'YYYY-MM-DD'"])
case("save force as text", kd.save, T, "/tmp/never_written", force="yes", error=TypeError, words=["argument 'force' must be True or False", "pass force=True"])

# --- numbers written as text, Persian digits
case("numbers as text", sat.nps, text(S, "nps_score"),
     words=["column 'nps_score' in table 'surveys' holds numbers stored as text",
            "surveys.assign(nps_score=pd.to_numeric(surveys['nps_score']))"])
case("Persian digits", sat.nps, text(S, "nps_score", digits=PERSIAN),
     words=["Persian or Arabic digits", "crmkit.data.parse_numbers(surveys['nps_score'])"])
case("Arabic-Indic digits", sat.csat, text(S, "csat", digits=ARABIC),
     words=["Persian or Arabic digits", "parse_numbers(surveys['csat'])"])
case("N/A in ratings", sat.csat, cell(S, "csat", "N/A", 3),
     words=["column 'csat'", "'N/A'", "errors='coerce')).dropna(subset=['csat'])"])
case("N/A in money", va.rfm_summary, cell(OL, "revenue", "N/A", 2),
     words=["column 'revenue' in table 'order_lines'", "'N/A' in row 2",
            "order_lines.assign(revenue=crmkit.data.parse_numbers(order_lines['revenue'], errors='coerce'))"])
case("decimal comma", va.customer_profitability, text(OL, "revenue").assign(revenue=lambda d: d["revenue"].str.replace(".", ",")),
     words=["with a comma", "str.replace(',', '.')", "str.replace(',', '')"])
case("True/False as ratings", sat.csat, S.assign(csat=S["csat"] > 3), words=["holds True/False values", "surveys['csat'].astype(int)"])
case("dates as ratings", sat.csat, S.assign(csat=S["survey_date"]), words=["holds dates", "numeric column"])
case("categorical ratings", sat.csat, S.assign(csat=S["csat"].astype(str).astype("category")),
     words=["is categorical", "pd.to_numeric(surveys['csat'].astype(str))"])
case("missing rating", sat.nps, cell(S, "nps_score", np.nan, 1),
     words=["column 'nps_score' in table 'surveys' has 1 missing value (first in row 1)", "surveys.dropna(subset=['nps_score'])"])
case("infinite revenue", va.rfm_summary, cell(OL, "revenue", np.inf), words=["column 'revenue'", "infinite values"])
case("NPS of 11", sat.nps, cell(S, "nps_score", 11), words=["outside 0-10", "e.g. 11 in row 0", "0-10 likelihood"])
case("fractional CSAT", sat.csat, cell(S, "csat", 4.5, 2), words=["whole numbers", "4.5 in row 2"])
case("negative revenue", lc.assign_phase, cell(OL, "revenue", -5.0), C, words=["below 0", "never negative"])
case("complex numbers", sat.csat, S.assign(csat=S["csat"].astype(complex)), words=["complex numbers"])
case("nullable missing", sat.csat, S.assign(csat=S["csat"].astype("Float64").where(S.index != S.index[0])),
     words=["1 missing value", "surveys.dropna(subset=['csat'])"])
case("numbers in an object column", sat.csat, S.assign(csat=S["csat"].astype(object)),
     words=["holds numbers in a column of dtype 'object'", "pd.to_numeric(surveys['csat'])"])
case("handling cost text", va.customer_profitability, OL, interactions=text(IN, "handling_cost"),
     words=["table 'interactions'", "pd.to_numeric(interactions['handling_cost'])"])
case("defectives Persian", ss.p_chart, text(SAMPLES, "defectives", digits=PERSIAN),
     words=["table 'samples'", "parse_numbers(samples['defectives'])"])
case("wallet text", lc.phase_kpis, OL, text(C, "est_annual_wallet"), start="2024-01-01", end="2024-12-31",
     words=["est_annual_wallet", "pd.to_numeric(customers['est_annual_wallet'])"])

# --- dates: text, local habits, Jalali, time zones, impossible days
case("ISO text dates", sat.satisfaction_vs_repurchase, text(W1, "survey_date", "%Y-%m-%d"), OL,
     words=["column 'survey_date' in table 'surveys' holds dates as text",
            "surveys.assign(survey_date=crmkit.data.parse_dates(surveys['survey_date']))"])
case("ambiguous day/month", va.rfm_summary, OL.assign(order_date="01/02/2023"),
     words=["'01/02/2023'", "2023-02-01 if the day comes first", "2023-01-02 if the", "order='DMY'"])
case("ambiguous day first everywhere", lc.retention_rate,
     OL.assign(order_date=OL["order_date"].dt.strftime("%d/%m/%Y").where(OL["order_date"].dt.day <= 12, "05/06/2023")),
     base_start="2023-01-01", base_end="2023-12-31", next_start="2024-01-01", next_end="2024-12-31",
     words=["day and the month first", "order='DMY'", "(or order='MDY')"])
case("day first", va.rfm_summary, text(OL, "order_date", "%d/%m/%Y"),
     words=["written day first", "= 20", "crmkit.data.parse_dates(order_lines['order_date'], order='DMY')"])
case("month first", va.rfm_summary, text(OL, "order_date", "%m/%d/%Y"), words=["written month first", "order='MDY'"])
case("mixed orders", va.rfm_summary, text(OL, "order_date", "%d/%m/%Y").pipe(cell, "order_date", "12/31/2023", 5),
     words=["mixes day-first", "month-first ('12/31/2023'", "correct the rows"])
case("two-digit years", va.rfm_summary, text(OL, "order_date", "%d/%m/%y"), words=["two-digit years", "four digits"])
case("Jalali dates", sat.satisfaction_vs_repurchase, W1.assign(survey_date="1402/10/11"), OL,
     words=["Persian (Jalali) calendar dates", "'1402/10/11'", "calendar='jalali'",
            "(= 2024-01-01 in the Gregorian calendar)" if HAVE_PERSIANTOOLS else "pip install persiantools"])
case("Jalali with Persian digits", lc.cohort_retention, OL.assign(order_date="۱۴۰۲/۱۰/۱۱"),
     words=["Persian (Jalali)", "calendar='jalali'", "order_lines.assign(order_date=crmkit.data.parse_dates("])
case("zone-aware column", ss.resolution_hours, TK.assign(opened_at=TK["opened_at"].dt.tz_localize("Asia/Tehran")),
     words=["column 'opened_at' in table 'tickets' holds time-zone-aware timestamps",
            "tickets.assign(opened_at=tickets['opened_at'].dt.tz_localize(None))", "tz_convert("])
case("zone-aware UTC orders", va.rfm_summary, OL.assign(order_date=OL["order_date"].dt.tz_localize("UTC")),
     words=["time-zone-aware", ".dt.tz_localize(None)"])
case("zone-aware in scorecard", sc.compute_measures,
     {**T, "tickets": TK.assign(opened_at=TK["opened_at"].dt.tz_localize("UTC"))}, measures=["service_level"],
     words=["time-zone-aware", "tickets.assign(opened_at="])
case("offset text", ss.before_after, TK.assign(opened_at=TK["opened_at"].dt.strftime("%Y-%m-%dT%H:%M:%S+03:30")),
     words=["time-zone offset", "utc=True"])
case("order decades ahead", va.rfm_summary, dated(OL, "order_date", "2099-03-01", 4),
     words=["impossible date", "in the future", "2099-03-01 in row 4", "order_lines[~(order_lines['order_date'] >"])
case("date before 1900", va.rfm_summary, dated(OL, "order_date", "1023-01-05", 2, unit="s"),
     words=["before 1900-01-01", "1023-01-05", "order_lines[~(order_lines['order_date'] < '1900-01-01')]"])
case("signup in the future", lc.funnel, dated(C, "signup_date", "2204-01-01", unit="s"), OL,
     words=["table 'customers'", "in the future", "2204"])
case("event in the future", ly.points_balance, dated(LE, "event_date", "2300-01-01", unit="s"),
     words=["table 'loyalty_events'", "in the future"])
case("missing date", lc.assign_phase, cell(OL, "order_date", pd.NaT), C,
     words=["column 'order_date'", "1 missing value", "order_lines.dropna(subset=['order_date'])"])
case("not a date", va.rfm_summary, text(OL, "order_date", "%Y-%m-%d").pipe(cell, "order_date", "N/A", 3),
     words=["not a date the kit can read", "'N/A' in row 3", "errors='coerce'", ".dropna(subset=['order_date'])"])
case("numbers as dates", va.rfm_summary, OL.assign(order_date=np.arange(len(OL))), words=["holds numbers", "unit='s'"])
case("periods as dates", va.rfm_summary, OL.assign(order_date=OL["order_date"].dt.to_period("D")),
     words=["holds periods", "order_lines['order_date'].dt.to_timestamp()"])
case("ticket closed date text", ss.service_level, text(TK, "closed_at", "%Y-%m-%d %H:%M:%S"),
     words=["column 'closed_at'", "parse_dates(tickets['closed_at'])"])

# --- date arguments and observation ends
case("ambiguous observation end", va.rfm_summary, OL, observation_end="01/02/2024",
     words=["argument 'observation_end' is '01/02/2024'", "2024-02-01 if the day comes first", "'2024-01-02'"])
case("day-first observation end", lc.assign_phase, OL, C, observation_end="31/12/2024",
     words=["argument 'observation_end'", "write it year first, as '2024-12-31'"])
case("Jalali observation end", lc.funnel, C, OL, observation_end="1403-10-11",
     words=["Persian (Jalali) calendar date",
            "write it as '2024-12-31'" if HAVE_PERSIANTOOLS else "JalaliDate(1403, 10, 11).to_gregorian()"])
case("zone-aware observation end", va.clv_from_data, OL, observation_end=pd.Timestamp("2024-12-31", tz="UTC"),
     words=["without a time zone", "tz_localize(None)"])
case("offset observation end", lc.cohort_retention, OL, observation_end="2024-12-31T00:00:00+03:30", words=["without a time zone"])
case("number as date", lc.assign_phase, OL, C, observation_end=20241231, error=TypeError,
     words=["argument 'observation_end' must be a date", "the int 20241231", "'YYYY-MM-DD'"])
case("words as date", lc.assign_phase, OL, C, observation_end="end of 2024", words=["'end of 2024'", "'YYYY-MM-DD'"])
case("date before 1900 argument", lc.retention_rate, OL, base_start="0202-01-01", base_end="2023-12-31",
     next_start="2024-01-01", next_end="2024-12-31", words=["argument 'base_start'", "before 1900-01-01"])
case("launch ambiguous", lc.hse_indicators, C, OL, launch="07/01/2023", words=["argument 'launch'", "'2023-01-07'", "'2023-07-01'"])
case("scorecard period day first", sc.compute_measures, T, period=("2024-01-01", "31/12/2024"),
     words=["argument 'period end'", "'2024-12-31'"])
case("tier start Jalali", ly.tier_migration, LE, start="1402-10-10", end="2024-12-31", words=["argument 'start'", "Jalali"])
case("change zone-aware", ss.before_after, TK, change=pd.Timestamp("2024-01-01", tz="UTC"), words=["argument 'change'", "time zone"])
for name, call, args, kwargs in [
    ("assign_phase", lc.assign_phase, (OL, C), {}),
    ("cohort_retention", lc.cohort_retention, (OL,), {}),
    ("funnel", lc.funnel, (C, OL), {}),
    ("hse_indicators", lc.hse_indicators, (C, OL), {"launch": "2018-07-01", "window_months": 6}),
    ("rfm_summary", va.rfm_summary, (OL,), {}),
    ("clv_from_data", va.clv_from_data, (OL,), {}),
    ("cohort_clv", va.cohort_clv, (OL, C), {}),
    ("programme_effect", ly.programme_effect, (C, OL), {"launch": "2018-06-01"}),
    ("spend_effect", ly.spend_effect, (C, OL), {"launch": "2018-06-01"}),
    ("satisfaction_vs_repurchase", sat.satisfaction_vs_repurchase, (W1, OL), {}),
    ("loyalty_drivers", rel.loyalty_drivers, (W1, OL), {}),
    ("lifecycle_thresholds widget", wd.lifecycle_thresholds, (OL, C), {}),
    ("cohort_heatmap figure", pl.cohort_heatmap, (OL,), {}),
]:
    case(f"observation end before the data: {name}", call, *args, observation_end="2019-01-01", **kwargs,
         words=["argument 'observation_end' (2019-01-01) is before the first date of the data",
                "nothing is observed by then", "pass a day from 20"])
    case(f"observation end in the future: {name}", call, *args, observation_end="2099-12-31",
         **{k: v for k, v in kwargs.items() if k != "launch"},
         words=["argument 'observation_end' (2099-12-31) is in the future", "pass a day up to today"])
case("as_of before the events", ly.points_balance, LE, as_of="2019-01-01",
     words=["argument 'as_of' (2019-01-01) is before the first date", "loyalty_events"])
case("as_of in the future", ly.points_liability, LE, as_of="2099-01-01", words=["argument 'as_of'", "in the future"])

# --- labels: the same label spelt two ways, near misses, keys
case("group near miss", sw.campaign_lift, relabel(CC, "group", {"treatment": "tretment"}),
     words=["column 'group' in table 'campaign_contacts' has unexpected labels", "did you mean 'treatment'?",
            "campaign_contacts.assign(group=campaign_contacts['group'].replace({'tretment': 'treatment'}))"])
case("phase near miss", pl.phase_counts, relabel(PHASES, "phase", {"lapsed": "Lapsed"}),
     words=["table 'phases'", "did you mean 'lapsed'?"])
case("tier near miss", ly.tier_migration, relabel(LE, "tier", {"gold": "Gold"}), start="2023-12-31", end="2024-12-31",
     words=["column 'tier' in table 'loyalty_events'", "did you mean 'gold'?"])
case("tier unknown", ly.tier_migration, relabel(LE, "tier", {"gold": "platinum"}), start="2023-12-31", end="2024-12-31",
     words=["'platinum'", "expected one of 'bronze', 'silver', 'gold'", "tiers=(...)"])
case("target group near miss", sc.scorecard, MEAS, targets={"staff_trained": {"Sales": 70.0, "*": 80.0}},
     words=["argument 'targets' names the group 'Sales'", "measures have 'sales'", "'*' target"])
case("data group near miss", sc.scorecard,
     sc.compute_measures({"staff_survey": relabel(ST, "function", {"sales": "Sales"})}, measures=["staff_trained"]),
     targets={"staff_trained": {"sales": 70.0, "*": 80.0}},
     words=["names the group 'sales' for measure 'staff_trained'", "the measures have 'Sales'", "'*' target"])
case("default targets, segments spelt otherwise", sc.scorecard, {**T, "customers": relabel(C, "segment", {"household": "Household"})},
     words=["the default targets (DEFAULT_TARGETS) names the group 'household' for measure 'clv'",
            "the measures have 'Household'", "pass your own targets=..."])
case("key with a space", sat.nps_by, S.assign(customer_id=S["customer_id"] + " "), "segment", customers=C, n_boot=100,
     words=["column 'customer_id' in table 'surveys'", "not found in table 'customers'", "but for spaces",
            "surveys.assign(customer_id=crmkit.data.clean_labels(surveys['customer_id']))"])
case("keys as numbers and text", va.customer_profitability, OL.assign(customer_id=OL["customer_id"].str[1:].astype(int)),
     customers=C.assign(customer_id=C["customer_id"].str[1:].astype(int).astype(str)),
     words=["numbers in one table and text in the other", "order_lines.assign(customer_id=order_lines['customer_id'].astype(str))"])
case("unknown customer", lc.assign_phase,
     pd.concat([OL, OL.iloc[:1].assign(customer_id="C99999", order_id="O9999999")], ignore_index=True), C,
     words=["not found in table 'customers'", "'C99999'", "pass the customers table the orders belong to"])
case("yes/no labels", ly.programme_effect, C.assign(loyalty_member=C["loyalty_member"].map({True: "yes", False: "no"})), OL,
     words=["should be yes/no", "customers.assign(loyalty_member=customers['loyalty_member'].map({"])
case("Persian yes/no", ly.spend_effect, C.assign(loyalty_member=C["loyalty_member"].map({True: "بله", False: "خیر"})), OL,
     words=["should be yes/no", "'بله': True", "'خیر': False"])
case("flag of 2", sw.campaign_lift, CC.assign(responded=CC["responded"].astype(int) * 2),
     words=["column 'responded'", "other numbers", "2 in row"])
case("flag of free text", sw.campaign_lift, relabel(CC.assign(responded=CC["responded"].astype(object)), "responded", {True: "bought", False: "not yet"}),
     words=["should be yes/no", "'bought'", "campaign_contacts['responded'].map({...})"])
case("kind near miss", sw.touchpoint_matrix, IN, kind="complain", words=["did you mean 'complaint'?", "interaction_type"])
case("campaign near miss", sw.loop_turn, CC, C, campaign_id="K1", words=["campaign 'K1' has no rows", "did you mean 'K01'?"])
case("reference near miss", sat.nps_by, S, "segment", customers=C, reference="Household", n_boot=100,
     words=["argument 'reference' is 'Household'", "did you mean 'household'?"])
case("missing segment", sat.compare_groups, S, "csat", "segment", customers=cell(C, "segment", np.nan, 3),
     words=["column 'segment' in table 'customers' has 1 missing value", "customers.dropna(subset=['segment'])"])
case("channel the channels table lacks", va.customer_profitability, relabel(OL, "channel", {"web": "online"}), channels=CH,
     words=["channels that table 'channels' does not list", "'online'"])

# --- duplicated and impossible rows
case("order line twice", va.rfm_summary, pd.concat([OL, OL.iloc[[3]]], ignore_index=True),
     words=["columns ['order_id', 'line_no'] in table 'order_lines' should identify each row", "repeats",
            "order_lines.drop_duplicates(subset=['order_id', 'line_no'])"])
case("order line twice, profitability", va.customer_profitability, pd.concat([OL, OL.iloc[[0]]]),
     words=["should identify each row", "positions", "drop_duplicates(subset=['order_id', 'line_no'])"])
case("order line twice, phases", lc.assign_phase, pd.concat([OL, OL.iloc[[5, 6]]], ignore_index=True), C,
     words=["2 repeated rows", "drop_duplicates"])
case("order line twice, clv", va.clv_from_data, pd.concat([OL, OL.iloc[[7]]], ignore_index=True), words=["drop_duplicates"])
case("order line twice, figure", pl.monthly_revenue, pd.concat([OL, OL.iloc[[7]]], ignore_index=True), words=["drop_duplicates"])
case("order line twice, scorecard", sc.compute_measures, {**T, "order_lines": pd.concat([OL, OL.iloc[[7]]], ignore_index=True)},
     measures=["retention"], words=["table 'order_lines'", "drop_duplicates"])
case("customer twice", lc.funnel, pd.concat([C, C.iloc[[0]]], ignore_index=True), OL,
     words=["column 'customer_id' in table 'customers' should identify each row", "customers.drop_duplicates(subset=['customer_id'])"])
case("response twice", sat.nps, pd.concat([S, S.iloc[[0]]], ignore_index=True),
     words=["column 'response_id' in table 'surveys'", "surveys.drop_duplicates(subset=['response_id'])"])
case("ticket twice", ss.service_level, pd.concat([TK, TK.iloc[[0]]], ignore_index=True), words=["'ticket_id'", "tickets.drop_duplicates("])
case("contact twice", sw.campaign_lift, pd.concat([CC, CC.iloc[[0]]], ignore_index=True),
     words=["columns ['campaign_id', 'customer_id']", "campaign_contacts.drop_duplicates("])
case("event twice", ly.points_balance, pd.concat([LE, LE.iloc[[0]]], ignore_index=True), words=["'event_id'", "loyalty_events.drop_duplicates("])
case("two columns of one name", sat.csat, pd.concat([S, S[["csat"]]], axis=1),
     words=["table 'surveys' has 2 columns named 'csat'", "surveys.loc[:, ~surveys.columns.duplicated()]"])
case("ticket closed before opened", ss.resolution_hours, TK.assign(closed_at=TK["opened_at"] - pd.Timedelta(hours=1)),
     words=["earlier than 'opened_at'", "swap the two timestamps"])
case("order before signup", va.cohort_clv, OL, C.assign(signup_date=pd.Timestamp("2024-12-31")), words=["orders before", "signup"])
case("empty table", sat.csat, S.iloc[:0], words=["table 'surveys' is empty"])
case("one row", rel.cronbach_alpha, S.iloc[:1], ["trust_1", "trust_2"], words=["table 'surveys' has 1 row", "at least 2"])

# --- arguments that do not fit each other
case("vectors of three lengths", va.clv_simple, [100, 200], [0.8, 0.9, 0.7], 0.1,
     words=["'margin', 'retention' and 'discount_rate'", "do not broadcast", "one length"])
case("counts of two lengths", ss.dpmo, [1, 2, 3], [10, 20], words=["'defects', 'units' and 'opportunities'", "3, 2"])
case("units of another length", ss.dpu, [1, 2, 3], [10, 20], words=["argument 'units' has 2 values but 'defects' has 3"])
case("centre of another length", ss.western_electric, [0, 1, 2, 3], [0, 0, 0], 1, words=["argument 'centre' has 3 values"])
case("series paired by position", ss.dpu, pd.Series([1, 2], index=["jan", "feb"]), pd.Series([10, 20], index=["feb", "jan"]),
     words=["'defects' and 'units' are Series with different indexes", "units.reindex(defects.index)"])
case("chart series misaligned", ss.western_electric, pd.Series([0.0, 1, 2]), pd.Series([0.0, 0, 0], index=[3, 4, 5]), 1,
     words=["'values' and 'centre'", "centre.reindex(values.index)"])
case("five-level names on three-level scores", va.rfm_segments, va.rfm_scores(RFM, bins=3),
     words=["names segments for scores 1-5", "run 1-3 (bins=3)", "rfm_scores(summary, bins=5)"])
case("five-level names in the figure", pl.rfm_segment_bars, RFM, bins=3, words=["names segments for scores 1-5", "bins=3"])
case("scheme for other levels", va.rfm_segments, SCORES, scheme=[("top", (3, 3), (1, 3)), ("rest", (1, 2), (1, 3))],
     words=["argument 'scheme' names segments for scores 1-3", "run 1-5"])
case("reversed scheme range", va.rfm_segments, SCORES, scheme=[("top", (5, 1), (1, 5))], words=["'top'", "(lowest, highest)"])
case("weights all zero", sat.csi, S, weights=dict.fromkeys(sat.ATTRIBUTES, 0.0),
     words=["argument 'weights' gives every attribute a weight of 0", "positive weight"])
case("importance all zero", sat.csi, S.assign(**{f"imp_{a}": 0 for a in sat.ATTRIBUTES}), scale=(0, 5),
     words=["every importance rating in table 'surveys' is 0", "weights={...}"])
case("weights not summing to 1", sat.csi, S, weights=dict.fromkeys(sat.ATTRIBUTES, 1.0), words=["sums to 6", "w / w.sum()"])
case("weights as flags", sat.csi, S, weights=dict.fromkeys(sat.ATTRIBUTES, True), words=["True/False", "'product_quality'"])
case("weights missing one", sat.csi, S, weights={"price": 1.0}, words=["one weight per attribute", "missing ["])
case("weights in the figure", pl.csi_weights, S, weights=dict.fromkeys(sat.ATTRIBUTES, 0.0), words=["weight of 0"])
case("flag as a string", pl.count_bar, C, "segment", horizontal="no", error=TypeError,
     words=["argument 'horizontal' must be True or False", "the str 'no'", "pass horizontal=False"])
case("share as a string", pl.count_bar, C, "segment", share="yes", error=TypeError, words=["pass share=True"])
case("share as a number", pl.count_bar, C, "segment", share=1, error=TypeError,
     words=["argument 'share' must be True or False", "pass share=True"])
case("normalize as a string", ly.tier_migration, LE, start="2023-12-31", end="2024-12-31", normalize="yes", error=TypeError,
     words=["argument 'normalize' must be True or False"])
case("normalize True for touchpoints", sw.touchpoint_matrix, IN, normalize=True,
     words=["argument 'normalize' must be one of False, 'index', 'columns', 'all' but is True"])
case("normalize 0 is not False", sw.touchpoint_matrix, IN, normalize=0, words=["argument 'normalize' must be one of", "but is 0"])
case("standardise as a string", rel.loyalty_drivers, W1, OL, standardise="no", error=TypeError, words=["argument 'standardise'"])
case("choice near miss", sat.ipa, S, centre="Mean", words=["argument 'centre' must be one of 'mean', 'scale'", "did you mean 'mean'?"])
case("choice prefix", sat.nps, S, method="boot", words=["did you mean 'bootstrap'?"])
case("period lower case", lc.cohort_retention, OL, period="q", words=["argument 'period'", "did you mean 'Q'?"])
case("number in quotes", sat.nps, S, n_boot="2000", error=TypeError,
     words=["argument 'n_boot' must be a whole number", "write it without quotes: n_boot=2000"])
case("Persian number in quotes", sat.nps, S, n_boot="۲۰۰۰", error=TypeError, words=["n_boot=2000"])
case("too many resamples", sat.nps, S, n_boot=10**9, words=["argument 'n_boot' must be between 100 and 100000"])
case("ci as a percent", sat.nps, S, ci=95, words=["argument 'ci' must be between 0 and 1 (exclusive) but is 95"])
case("bands overlap", sat.nps, S, promoters_from=6, detractors_to=6, words=["'detractors_to' (6) must be below 'promoters_from' (6)"])
case("scale reversed", sat.csat, S, scale=(5, 1), words=["argument 'scale'", "lowest < highest"])
case("scale as text", sat.csat, S, scale="1-5", error=TypeError, words=["argument 'scale' must be a pair"])
case("one attribute not in a list", sat.csi, S, "price", error=TypeError, words=["argument 'attributes'", "wrap a single name in a list"])
case("attribute twice", sat.ipa, S, ["price", "price"], words=["names 'price' twice"])
case("huge item count", sat.servqual_gaps, S, items=10**30, words=["argument 'items' must be between 1 and 20"])
case("huge window", lc.hse_indicators, C, OL, window_months=10**30, words=["argument 'window_months' must be between 2 and 120"])
case("huge strata", ly.programme_effect, C, OL, n_strata=10**9, words=["argument 'n_strata' must be between 1 and 50"])
case("huge iterations", sat.acsi_index, S, max_iter=10**12, words=["argument 'max_iter'"])
case("same labels for both groups", sw.campaign_lift, CC, treatment="control", words=["'treatment' and 'control' are both 'control'"])
case("group label not text", sw.campaign_lift, CC, treatment=1, error=TypeError, words=["argument 'treatment' must be the label"])
case("column name None", lc.assign_phase, OL, C, order=None, error=TypeError,
     words=["argument 'order' must be a column name (str)", "order='order_id'"])
case("column name a table", sat.nps, S, score=S, error=TypeError,
     words=["argument 'score' must be a column name (str)", "a DataFrame of 47 rows and 64 columns"])
case("by a list of numbers", sw.touchpoint_matrix, IN, customers=C, by=[1, 2], error=TypeError, words=["argument 'by' must be a column name"])
case("by a number", ss.service_level, TK, by=5, error=TypeError,
     words=["argument 'by' must be a column name, a list of column names or None"])
case("by None for a profile", rel.dimension_profile, S, C, by=None, error=TypeError, words=["argument 'by'"])
case("option a huge table", sat.nps, S, method=S, error=TypeError,
     words=["argument 'method' must be one of 'bootstrap', 'normal'", "a DataFrame of 47 rows"])
case("table name with a space", sat.compare_groups, S, "csat", "wave", table="my surveys", words=["argument 'table'", "Python name"])
case("tiers twice", ly.tier_migration, LE, start="2023-12-31", end="2024-12-31", tiers=("gold", "gold"),
     words=["argument 'tiers' must name each tier once"])
case("tiers a list", ly.tier_migration, LE, start="2023-12-31", end="2024-12-31", tiers=["bronze"], error=TypeError,
     words=["argument 'tiers' must be a tuple"])
case("kind a number", sw.touchpoint_matrix, IN, kind=3, error=TypeError, words=["argument 'kind'"])
case("order a string", pl.count_bar, C, "segment", order="household", error=TypeError, words=["argument 'order' must be a list"])
case("targets unknown measure", sc.scorecard, MEAS, targets={"retension": 80.0}, words=["unknown measure ids ('retension')"])
case("targets not numbers", sc.scorecard, MEAS, targets={"staff_trained": "80%"}, words=["not numbers", "'80%'"])
case("lift without intervals", sw.refine_targets, LIFT.drop(columns="ci_low"), words=["table 'lift_table' has no column 'ci_low'"])
case("period ends before it starts", sc.compute_measures, T, period=("2024-12-31", "2024-01-01"), words=["swap"])
case("retention periods overlap", lc.retention_rate, OL, base_start="2023-01-01", base_end="2023-12-31",
     next_start="2023-06-01", next_end="2024-06-30", words=["'next_start' (2023-06-01) must come after 'base_end' (2023-12-31)"])

# --- not a table at all
for name, call, args in [
    ("csat", sat.csat, ()), ("nps", sat.nps, ()), ("scale_scores", rel.scale_scores, ()),
    ("rfm_summary", va.rfm_summary, ()), ("resolution_hours", ss.resolution_hours, ()),
    ("points_balance", ly.points_balance, ()), ("touchpoint_matrix", sw.touchpoint_matrix, ()),
    ("cohort_retention", lc.cohort_retention, ()), ("monthly_revenue figure", pl.monthly_revenue, ()),
]:
    case(f"a dict for a table: {name}", call, {"a": [1]}, *args, error=TypeError,
         words=["should be a pandas DataFrame", "the dict", "crmkit.data.load("])
    case(f"a Series for a table: {name}", call, pd.Series([1, 2]), *args, error=TypeError,
         words=["should be a pandas DataFrame but a Series was given", "series.to_frame()"])

# --- figures: ax and the arguments every figure shares
FIGURES = [
    ("monthly_revenue", pl.monthly_revenue, (OL,), {}),
    ("count_bar", pl.count_bar, (C, "segment"), {}),
    ("nps_bars", pl.nps_bars, (S,), {"customers": C}),
    ("ipa_grid", pl.ipa_grid, (S,), {}),
    ("servqual_gaps", pl.servqual_gaps, (S,), {}),
    ("csi_weights", pl.csi_weights, (S,), {}),
    ("dimension_profile", pl.dimension_profile, (S, C), {}),
    ("alpha_if_deleted", pl.alpha_if_deleted, (S, ["trust_1", "trust_2", "trust_3"]), {}),
    ("cohort_heatmap", pl.cohort_heatmap, (OL,), {}),
    ("funnel", pl.funnel, (C, OL), {}),
    ("phase_counts", pl.phase_counts, (PHASES,), {}),
    ("lift_forest", pl.lift_forest, (K01,), {"customers": C}),
    ("touchpoint_heatmap", pl.touchpoint_heatmap, (IN,), {"customers": C}),
    ("rfm_segment_bars", pl.rfm_segment_bars, (RFM,), {}),
    ("whale_curve", pl.whale_curve, (PROF,), {}),
    ("clv_curves", pl.clv_curves, (OL, C), {}),
    ("effect_forest", pl.effect_forest, (C, OL), {}),
    ("tier_migration_heatmap", pl.tier_migration_heatmap, (LE,), {"start": "2023-12-31", "end": "2024-12-31"}),
    ("pareto_chart", pl.pareto_chart, (TK,), {}),
    ("control_chart", pl.control_chart, (CHART,), {}),
    ("before_after", pl.before_after, (TK,), {}),
]
for name, call, args, kwargs in FIGURES:
    case(f"ax a Figure: {name}", call, *args, ax=figure(), **kwargs, error=TypeError,
         words=["argument 'ax' must be one matplotlib Axes but is a Figure", "ax=fig.axes[0]"])
case("ax a grid", pl.monthly_revenue, OL, ax=grid(2, 2), error=TypeError, words=["is 4 Axes (shape (2, 2)", "ax=axes[0, 0]"])
case("ax a list", pl.count_bar, C, "segment", ax=list(grid(1, 2)), error=TypeError, words=["2 Axes", "ax=axes[0]"])
case("ax a string", pl.pareto_chart, TK, ax="left", error=TypeError, words=["argument 'ax' must be one matplotlib Axes", "plt.subplots()"])
case("ax an empty figure", pl.whale_curve, PROF, ax=matplotlib.figure.Figure(), error=TypeError, words=["ax=fig.add_subplot()"])
case("title not text", pl.funnel, C, OL, title=5, error=TypeError, words=["argument 'title' must be a str or None"])
case("axis label a table", pl.control_chart, CHART, xlabel=CHART, error=TypeError,
     words=["argument 'xlabel' must be a str or None", "a DataFrame of 10 rows"])
case("heatmap normalize a table", pl.tier_migration_heatmap, LE, start="2023-12-31", end="2024-12-31", normalize=CHART,
     error=TypeError, words=["argument 'normalize' must be True or False"])
case("diagram steps a word", dg.cycle_diagram, "DMAIC", error=TypeError, words=["argument 'steps' must be a list of step names"])
case("diagram size a number", dg.box_diagram, {"a": {"xy": (2, 3), "text": "A"}}, size=10, error=TypeError,
     words=["argument 'size' must be a pair"])
case("diagram box xy", dg.box_diagram, {"a": {"xy": "centre", "text": "A"}}, error=TypeError, words=["box 'a': 'xy' must be a pair"])
case("diagram arrow", dg.box_diagram, {"a": {"xy": (2, 3), "text": "A"}}, [("a",)], words=["argument 'arrows' has ('a',)", "(start, end)"])
case("diagram ax", dg.cycle_diagram, ["Define", "Measure"], ax=figure(), error=TypeError, words=["ax=fig.axes[0]"])
case("diagram font", dg.cycle_diagram, ["Define", "Measure"], fontsize=-3, words=["argument 'fontsize' must be between 1 and 200"])

# --- widgets (their input checks; the panels themselves belong to the widgets' redesign)
case("widget attributes a word", wd.csi_weights, S, "price", error=TypeError, words=["argument 'attributes'"])
case("widget groups a word", wd.nps_explorer, S, C, groups="segment", error=TypeError,
     words=["argument 'groups' must be a list of column names"])
case("widget groups typo", wd.nps_explorer, S, C, groups=["segmnt"], words=["'segmnt'", "did you mean 'segment'?"])
case("widget start ambiguous", wd.shifted_xbar_chart, TK, start="01/02/2024", words=["argument 'start' is '01/02/2024'"])
case("widget shift Jalali", wd.control_chart_whatif, TK, shift_from="1403/04/10", words=["argument 'shift_from'", "Jalali"])
case("widget subgroup size", wd.shifted_xbar_chart, TK, subgroup_size=11, words=["argument 'subgroup_size' must be between 2 and 10"])
case("widget start after the shift", wd.shifted_xbar_chart, TK, start="2025-06-01", words=["argument 'shift_from' (2024-07-01) must be after 'start'", "the baseline"])
case("widget retention", wd.clv_calculator, retention=1.5, words=["argument 'retention' must be between 0 and 0.95"])
case("widget timing", wd.clv_calculator, timing="begin", words=["argument 'timing' must be one of 'end', 'start'"])
case("widget tickets text", wd.control_chart_whatif, text(TK, "opened_at", "%Y-%m-%d %H:%M:%S"), words=["parse_dates(tickets['opened_at'])"])
case("widget phases", wd.lifecycle_thresholds, OL, C.drop(columns="signup_date"), words=["table 'customers' has no column 'signup_date'"])

# --- the data module's helpers and readers
case("parse_dates ambiguous", kd.parse_dates, pd.Series(["01/02/2023"]), words=["'01/02/2023' in row 0", "order='DMY' or order='MDY'"])
case("parse_dates Jalali unasked", kd.parse_dates, pd.Series(["1402/10/11"]), words=["Persian (Jalali) year", "calendar='jalali'"])
case("parse_dates impossible Jalali", kd.parse_dates, pd.Series(["1403/12/31"]), calendar="jalali",
     words=["not a valid day of the Jalali calendar" if HAVE_PERSIANTOOLS else "pip install persiantools"])
case("parse_dates impossible day", kd.parse_dates, pd.Series(["2024-02-30"]), words=["not a valid day"])
case("parse_dates Gregorian as Jalali", kd.parse_dates, pd.Series(["2024-01-01"]), calendar="jalali", words=["not a Jalali year"])
case("parse_dates zone-aware", kd.parse_dates, pd.Series(pd.to_datetime(["2024-01-01"]).tz_localize("UTC")),
     words=["time-zone-aware", "tz_localize(None)"])
case("parse_dates order typo", kd.parse_dates, pd.Series(["2024-01-01"]), order="dmy", words=["argument 'order'", "did you mean 'DMY'?"])
case("parse_numbers text", kd.parse_numbers, pd.Series(["4", "four"]), words=["'four' in row 1", "errors='coerce'"])
case("clean_labels a list", kd.clean_labels, ["a"], error=TypeError, words=["must be a pandas Series"])
case("generate customers as text", kd.generate, n_customers="100", error=TypeError, words=["n_customers=100"])
case("generate locale", kd.generate, locale="fa", words=["argument 'locale'", "'fa_IR'"])
case("load path empty", kd.load, "customers", path="", words=["argument 'path' is empty"])
case("load path missing", kd.load, "customers", path="/no/such/folder", error=FileNotFoundError,
     words=["/no/such/folder does not exist", "python -m crmkit.data generate"])
case("load path a number", kd.load, "customers", path=5, error=TypeError, words=["argument 'path' must be a folder name"])
# fmt: on


@pytest.mark.parametrize("row", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_named_with_its_fix(row: Case):
    before = copy.deepcopy((row.args, row.kwargs))
    with pytest.raises(row.error) as info:
        row.call(*row.args, **row.kwargs)
    message = str(info.value)
    for words in row.words:
        assert words in message, f"{words!r} not in: {message}"
    assert len(message) < 2500, "a message must not echo a huge argument"
    raised_in = str(info.traceback[-1].path)
    assert "crmkit" in raised_in, f"raised inside {raised_in}, not by crmkit: {message}"
    assert info.value.__cause__ is None, "no library traceback chained to the message"
    assert_unchanged(before, (row.args, row.kwargs))


def assert_unchanged(before: object, after: object) -> None:
    """Deep comparison: frames and series exactly (values, dtypes, index, attrs)."""
    if isinstance(before, pd.DataFrame):
        pd.testing.assert_frame_equal(after, before, check_exact=True)
        assert after.attrs == before.attrs
    elif isinstance(before, pd.Series):
        pd.testing.assert_series_equal(after, before, check_exact=True)
    elif isinstance(before, np.ndarray) and before.dtype == object:
        pass  # arrays of Axes (a wrong ax=) are not data
    elif isinstance(before, np.ndarray):
        assert np.array_equal(after, before, equal_nan=before.dtype.kind == "f")
    elif isinstance(before, dict):
        assert list(after) == list(before)
        for key in before:
            assert_unchanged(before[key], after[key])
    elif isinstance(before, (list, tuple)) and any(
        isinstance(x, matplotlib.axes.Axes) for x in before
    ):
        pass
    elif isinstance(before, (list, tuple)):
        assert type(after) is type(before) and len(after) == len(before)
        for x, y in zip(before, after, strict=True):
            assert_unchanged(x, y)
    elif isinstance(before, float) and np.isnan(before):
        assert isinstance(after, float) and np.isnan(after)
    elif isinstance(before, (matplotlib.figure.Figure, matplotlib.axes.Axes)):
        pass  # drawing on a given Axes is the point
    else:
        assert after == before


# ---------------------------------------------------------------------------- valid calls

# fmt: off
VALID = [
    ("nps", sat.nps, (S,), {"n_boot": 200}),
    ("nps_by with customers", sat.nps_by, (S, "segment"), {"customers": C, "n_boot": 200}),
    ("csi", sat.csi, (S,), {}),
    ("acsi", sat.acsi_index, (S,), {}),
    ("compare groups", sat.compare_groups, (S, "csat", "wave"), {}),
    ("repurchase", sat.satisfaction_vs_repurchase, (W1, OL), {}),
    ("reliability", rel.reliability, (S,), {}),
    ("phases", lc.assign_phase, (OL, C), {"products": P}),
    ("phases as of 2023", lc.assign_phase, (OL, C), {"observation_end": "31 December 2023"}),
    ("funnel", lc.funnel, (C, OL), {"products": P}),
    ("kpis", lc.phase_kpis, (OL, C), {"start": "2024-01-01", "end": "2024-12-31", "by": "segment"}),
    ("touchpoints", sw.touchpoint_matrix, (IN,), {"customers": C, "by": "segment"}),
    ("loop", sw.loop_turn, (CC, C), {"campaign_id": "K01"}),
    ("economics", sw.campaign_economics, (CC, CA), {}),
    ("rfm", va.rfm_summary, (OL,), {"observation_end": "2024-12-31"}),
    ("rfm as of 2023", va.rfm_summary, (OL,), {"observation_end": "2023-12-31"}),
    ("segments", va.rfm_segments, (SCORES,), {}),
    ("clv", va.clv_from_data, (OL,), {"customers": C, "by": "segment"}),
    ("cohort clv as of", va.cohort_clv, (OL, C), {"observation_end": "2023-06-30"}),
    ("profitability", va.customer_profitability, (OL,), {"channels": CH, "interactions": IN, "tickets": TK}),
    ("programme effect", ly.programme_effect, (C, OL), {}),
    ("tiers", ly.tier_migration, (LE,), {"start": "2023-12-31", "end": "2024-12-31"}),
    ("service level", ss.service_level, (TK,), {}),
    ("pareto", ss.pareto_table, (TK,), {}),
    ("before/after", ss.before_after, (TK,), {}),
    ("scorecard", sc.scorecard, (T,), {}),
    ("figure on a given Axes", pl.nps_bars, (S,), {"customers": C, "ax": figure().axes[0]}),
    ("seed beyond a float", sat.nps, (S,), {"seed": 2**70, "n_boot": 100}),
    ("load", kd.load, ("channels",), {}),
]
# fmt: on


@pytest.mark.parametrize(("name", "call", "args", "kwargs"), VALID, ids=[v[0] for v in VALID])
def test_valid_calls_do_not_modify_their_input(name, call, args, kwargs):
    before = copy.deepcopy((args, kwargs))
    call(*args, **kwargs)
    assert_unchanged(before, (args, kwargs))


# ---------------------------------------------------------------------------- labels

SPACED = {"treatment": "treatment ", "control": " control"}
# fmt: off
SAME_LABELS = [
    # (id, the call, the table as given, the same table with labels spelt another way)
    ("lift with spaced groups", lambda t: sw.campaign_lift(t, by="campaign_id"), CC, relabel(CC, "group", SPACED)),
    ("tiers with spaces", lambda t: ly.tier_migration(t, start="2023-12-31", end="2024-12-31"), LE, relabel(LE, "tier", {"gold": "gold "})),
    ("phase counts", lambda t: pl.phase_counts(t).patches[0].get_height(), PHASES, relabel(PHASES, "phase", {"lapsed": " lapsed"})),
    ("scorecard summary", lambda t: sc.scorecard_summary(t), CARD, relabel(CARD, "status", {"on target": "on  target"})),
    ("segments via customers", lambda t: sat.nps_by(S, "segment", customers=t, n_boot=100), relabel(C, "segment", {}),
     relabel(C, "segment", {"household": "household\u00a0"})),
    ("Persian segments", lambda t: sat.compare_groups(S, "csat", "segment", customers=t), relabel(C, "segment", {"household": "کیان"}),
     relabel(C, "segment", {"household": "كيان"})),
    ("channels of the order lines", lambda t: va.customer_profitability(t, channels=CH), OL, relabel(OL, "channel", {"web": "web "})),
    # (rows that occur: a categorical column also lists its unseen categories with count 0)
    ("pareto causes", lambda t: ss.pareto_table(t).query("count > 0"), TK, relabel(TK, "cause", {"late_delivery": "late_delivery "})),
    ("service level by channel", lambda t: ss.service_level(t), TK, relabel(TK, "channel", {"web": " web"})),
    ("touchpoints by segment", lambda t: sw.touchpoint_matrix(IN, customers=t, by="segment"), C, relabel(C, "segment", {"corporate": "corporate "})),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "call", "clean", "spelt"), SAME_LABELS, ids=[s[0] for s in SAME_LABELS]
)
def test_a_label_spelt_another_way_gives_the_same_result(name, call, clean, spelt):
    before = copy.deepcopy(spelt)
    a, b = call(clean), call(spelt)
    if isinstance(a, pd.DataFrame):  # same labels and values (a relabelled column loses its
        # categorical order, so rows and columns are compared in sorted label order)
        a, b = (x.set_axis(x.index.astype(str)).sort_index() for x in (a, b))
        if not isinstance(a.columns, pd.MultiIndex):
            a, b = (x.set_axis(x.columns.astype(str), axis=1).sort_index(axis=1) for x in (a, b))
        pd.testing.assert_frame_equal(
            a, b, check_dtype=False, check_categorical=False, check_index_type=False
        )
    else:
        assert a == b
    assert_unchanged(before, spelt)  # the input keeps its own spelling


# ---------------------------------------------------------------------------- advice works

# fmt: off
# (id, call taking the table, the bad table, its name, the advice the message must give)
FIXES = [
    ("rename your column", lambda t: sat.nps(t), S.rename(columns={"nps_score": "NPS"}), "surveys",
     "surveys.rename(columns={'NPS': 'nps_score'})"),
    ("numbers as text", lambda t: sat.nps(t), text(S, "nps_score"), "surveys",
     "surveys.assign(nps_score=pd.to_numeric(surveys['nps_score']))"),
    ("numbers in an object column", lambda t: sat.csat(t), S.assign(csat=S["csat"].astype(object)), "surveys",
     "surveys.assign(csat=pd.to_numeric(surveys['csat']))"),
    ("Persian digits", lambda t: sat.csat(t), text(S, "csat", digits=PERSIAN), "surveys",
     "surveys.assign(csat=crmkit.data.parse_numbers(surveys['csat']))"),
    ("N/A in money", lambda t: va.rfm_summary(t), cell(OL, "revenue", "N/A", 2), "order_lines",
     "order_lines.assign(revenue=crmkit.data.parse_numbers(order_lines['revenue'], errors='coerce')).dropna(subset=['revenue'])"),
    ("decimal comma", lambda t: va.rfm_summary(t),
     text(OL, "revenue").assign(revenue=lambda d: d["revenue"].str.replace(".", ",")), "order_lines",
     "order_lines.assign(revenue=pd.to_numeric(order_lines['revenue'].str.replace(',', '.')))"),
    ("True/False as numbers", lambda t: sat.csat(t, scale=(0, 1), satisfied_from=1), S.assign(csat=S["csat"] > 3), "surveys",
     "surveys.assign(csat=surveys['csat'].astype(int))"),
    ("categorical numbers", lambda t: sat.csat(t), S.assign(csat=S["csat"].astype(str).astype("category")), "surveys",
     "surveys.assign(csat=pd.to_numeric(surveys['csat'].astype(str)))"),
    ("missing values", lambda t: sat.nps(t, n_boot=100), cell(S, "nps_score", np.nan, 1), "surveys",
     "surveys.dropna(subset=['nps_score'])"),
    ("ISO text dates", lambda t: va.rfm_summary(t), text(OL, "order_date", "%Y-%m-%d"), "order_lines",
     "order_lines.assign(order_date=crmkit.data.parse_dates(order_lines['order_date']))"),
    ("day-first dates", lambda t: va.rfm_summary(t), text(OL, "order_date", "%d/%m/%Y"), "order_lines",
     "order_lines.assign(order_date=crmkit.data.parse_dates(order_lines['order_date'], order='DMY'))"),
    ("ambiguous dates", lambda t: va.rfm_summary(t),
     text(OL, "order_date", "%d/%m/%Y").assign(order_date=lambda d: d["order_date"].where(OL["order_date"].dt.day <= 12, "05/06/2023")),
     "order_lines", "order_lines.assign(order_date=crmkit.data.parse_dates(order_lines['order_date'], order='DMY'))"),
    pytest.param("Jalali dates", lambda t: sat.satisfaction_vs_repurchase(t, OL), W1.assign(survey_date="1402/10/11"), "surveys",
                 "surveys.assign(survey_date=crmkit.data.parse_dates(surveys['survey_date'], calendar='jalali'))",
                 marks=NEEDS_PERSIANTOOLS),
    ("not a date", lambda t: va.rfm_summary(t), text(OL, "order_date", "%Y-%m-%d").pipe(cell, "order_date", "N/A", 3), "order_lines",
     "order_lines.assign(order_date=crmkit.data.parse_dates(order_lines['order_date'], errors='coerce')).dropna(subset=['order_date'])"),
    ("zone-aware", lambda t: ss.resolution_hours(t), TK.assign(opened_at=TK["opened_at"].dt.tz_localize("Asia/Tehran")), "tickets",
     "tickets.assign(opened_at=tickets['opened_at'].dt.tz_localize(None))"),
    ("offset text", lambda t: ss.resolution_hours(t),
     TK.assign(opened_at=TK["opened_at"].dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")), "tickets",
     "tickets.assign(opened_at=pd.to_datetime(tickets['opened_at'], utc=True).dt.tz_localize(None))"),
    ("periods", lambda t: va.rfm_summary(t), OL.assign(order_date=OL["order_date"].dt.to_period("D")), "order_lines",
     "order_lines.assign(order_date=order_lines['order_date'].dt.to_timestamp())"),
    ("future date", lambda t: va.rfm_summary(t), dated(OL, "order_date", "2099-03-01", 4), "order_lines",
     f"order_lines[~(order_lines['order_date'] > '{TODAY}')]"),
    ("ancient date", lambda t: va.rfm_summary(t), dated(OL, "order_date", "1023-01-05", 2, unit="s"), "order_lines",
     "order_lines[~(order_lines['order_date'] < '1900-01-01')]"),
    ("duplicated order line", lambda t: va.rfm_summary(t), pd.concat([OL, OL.iloc[[3]]], ignore_index=True), "order_lines",
     "order_lines.drop_duplicates(subset=['order_id', 'line_no'])"),
    ("duplicated column", lambda t: sat.csat(t), pd.concat([S, S[["csat"]]], axis=1), "surveys",
     "surveys.loc[:, ~surveys.columns.duplicated()]"),
    ("relabel a near miss", lambda t: sw.campaign_lift(t), relabel(CC, "group", {"treatment": "tretment"}), "campaign_contacts",
     "campaign_contacts.assign(group=campaign_contacts['group'].replace({'tretment': 'treatment'}))"),
    ("yes/no labels", lambda t: ly.programme_effect(t, OL),
     C.assign(loyalty_member=C["loyalty_member"].map({True: "yes", False: "no"})), "customers",
     "customers.assign(loyalty_member=customers['loyalty_member'].map({'no': False, 'yes': True}).astype(bool))"),
    ("key with a space", lambda t: sat.nps_by(t, "segment", customers=C, n_boot=100),
     S.assign(customer_id=S["customer_id"] + " "), "surveys",
     "surveys.assign(customer_id=crmkit.data.clean_labels(surveys['customer_id']))"),
    ("keys as numbers", lambda t: va.customer_profitability(t, customers=C.assign(customer_id=C["customer_id"].str[1:].astype(int).astype(str))),
     OL.assign(customer_id=OL["customer_id"].str[1:].astype(int)), "order_lines",
     "order_lines.assign(customer_id=order_lines['customer_id'].astype(str))"),
    ("merge the segment", lambda t: sat.nps_by(t, "segment", n_boot=100), S, "surveys",
     "surveys.merge(customers[['customer_id', 'segment']], on='customer_id')"),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "call", "bad", "table", "advice"),
    FIXES,
    ids=[f.values[0] if isinstance(f, type(pytest.param())) else f[0] for f in FIXES],
)
def test_following_the_advice_makes_the_call_work(name, call, bad, table, advice):
    with pytest.raises((ValueError, TypeError)) as info:
        call(bad)
    assert advice in str(info.value), str(info.value)
    fixed = eval(advice, {"pd": pd, "np": np, "crmkit": crmkit, "customers": C, table: bad})
    call(fixed)  # works now


# fmt: off
ARGUMENT_FIXES = [
    # (the call with the bad argument, the advice, the call with the advice applied)
    (lambda: sat.nps(S, score="nps_scor"), "score='nps_score'", lambda: sat.nps(S, score="nps_score", n_boot=100)),
    (lambda: sat.nps(S, n_boot="200"), "n_boot=200", lambda: sat.nps(S, n_boot=200)),
    (lambda: pl.count_bar(C, "segment", share="yes"), "share=True", lambda: pl.count_bar(C, "segment", share=True)),
    (lambda: sat.ipa(S, centre="Mean"), "'mean'", lambda: sat.ipa(S, centre="mean")),
    (lambda: va.rfm_summary(OL, observation_end="31/12/2024"), "'2024-12-31'", lambda: va.rfm_summary(OL, observation_end="2024-12-31")),
    (lambda: va.rfm_segments(va.rfm_scores(RFM, bins=3)), "bins=5", lambda: va.rfm_segments(va.rfm_scores(RFM, bins=5))),
    (lambda: pl.monthly_revenue(OL, ax=figure()), "ax=fig.axes[0]", lambda: pl.monthly_revenue(OL, ax=figure().axes[0])),
    (lambda: pl.monthly_revenue(OL, ax=grid(2, 2)), "ax=axes[0, 0]", lambda: pl.monthly_revenue(OL, ax=grid(2, 2)[0, 0])),
    (lambda: sat.nps_by(S, "segmnt", customers=C), "by='segment'", lambda: sat.nps_by(S, "segment", customers=C, n_boot=100)),
    (lambda: lc.assign_phase(OL, C, observation_end="2019-01-01"), "pass a day from 2022",
     lambda: lc.assign_phase(OL, C, observation_end="2022-06-30")),
]
# fmt: on


@pytest.mark.parametrize(
    ("bad", "advice", "good"), ARGUMENT_FIXES, ids=[a[1] for a in ARGUMENT_FIXES]
)
def test_argument_advice_works(bad, advice, good):
    with pytest.raises((ValueError, TypeError)) as info:
        bad()
    assert advice in str(info.value)
    good()


# ---------------------------------------------------------------------------- CSV files


def edit(lines: list[str], line: int, column: str, value: str) -> list[str]:
    header = lines[0].split(",")
    parts = lines[line].split(",")
    parts[header.index(column)] = value
    return [*lines[:line], ",".join(parts), *lines[line + 1 :]]


# fmt: off
EDITS = [
    # (id, table, edit of the file's lines (None: not UTF-8), words)
    ("missing column", "order_lines", lambda L: [L[0].replace("revenue", "Revenue"), *L[1:]],
     ["order_lines.csv", "no column 'revenue'", "did you mean 'Revenue'?", "Rename the header cell 'Revenue' to 'revenue'"]),
    ("impossible date", "order_lines", lambda L: edit(L, 3, "order_date", "2023-02-30"),
     ["order_lines.csv: column 'order_date', line 4 (row 2)", "'2023-02-30' is not a day of the calendar", "correct the cell"]),
    ("N/A money", "order_lines", lambda L: edit(L, 5, "revenue", "N/A"),
     ["column 'revenue', line 6 (row 4)", "'N/A' is not a number", "python -m crmkit.data generate"]),
    ("empty money", "order_lines", lambda L: edit(L, 2, "cost", ""), ["column 'cost', line 3", "the cell is empty", "write 0"]),
    ("unknown label", "order_lines", lambda L: edit(L, 7, "channel", "online"),
     ["column 'channel', line 8", "'online' is not a label of this column", "'store', 'web', 'phone', 'marketplace'"]),
    ("near-miss label", "tickets", lambda L: edit(L, 2, "cause", "late delivery"), ["did you mean 'late_delivery'?"]),
    ("day-first date", "surveys", lambda L: edit(L, 2, "survey_date", "01/03/2023"),
     ["'01/03/2023' puts the day and the month first", "YYYY-MM-DD"]),
    ("Jalali date", "customers", lambda L: edit(L, 2, "signup_date", "1401-01-15"), ["Persian (Jalali) date", "calendar='jalali'"]),
    ("future date", "interactions", lambda L: edit(L, 4, "interaction_date", "2099-01-01 10:00:00"), ["in the future", "line 5"]),
    ("flag", "customers", lambda L: edit(L, 3, "loyalty_member", "yes"), ["column 'loyalty_member', line 4", "'yes' is not True or False"]),
    ("whole number", "order_lines", lambda L: edit(L, 3, "quantity", "2.5"), ["column 'quantity'", "'2.5' is not a whole number"]),
    ("Persian digits", "order_lines", lambda L: edit(L, 3, "quantity", "۲"), ["Persian or Arabic digits", "0-9"]),
    ("empty key", "order_lines", lambda L: edit(L, 3, "order_id", ""), ["column 'order_id', line 4", "the key is empty"]),
    ("ragged line", "products", lambda L: [*L[:3], L[3] + ",extra", *L[4:]], ["line 4 has a different number of fields", "double quotes"]),
    ("not UTF-8", "customers", None, ["is not UTF-8 text", "CSV UTF-8"]),
    ("empty file", "channels", lambda L: [], ["is empty"]),
]
# fmt: on


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("csv")
    kd.save(T, out)
    return out


@pytest.mark.parametrize(("name", "table", "change", "words"), EDITS, ids=[e[0] for e in EDITS])
def test_an_edited_csv_names_file_column_line_and_fix(folder, name, table, change, words):
    file = folder / f"{table}.csv"
    original = file.read_bytes()
    try:
        if change is None:  # a Persian city saved by a Windows program in its own code page
            file.write_bytes(original + "C99999,تهران\n".encode("cp1256"))
        else:
            lines = change(original.decode("utf-8").splitlines())
            file.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
        with pytest.raises(ValueError) as info:
            kd.load(table, folder)
        message = str(info.value)
        for w in words:
            assert w in message, message
        assert "crmkit" in str(info.traceback[-1].path)
    finally:
        file.write_bytes(original)


def test_labels_with_stray_spaces_load_as_the_label(folder):
    file = folder / "order_lines.csv"
    original = file.read_bytes()
    try:
        lines = original.decode("utf-8").splitlines()
        file.write_text("\n".join(edit(lines, 3, "channel", " web ")) + "\n", encoding="utf-8")
        loaded = kd.load("order_lines", folder)
        assert loaded["channel"].iloc[2] == "web"
        assert list(loaded["channel"].cat.categories) == list(OL["channel"].cat.categories)
    finally:
        file.write_bytes(original)


# ---------------------------------------------------------------------------- command line

# fmt: off
CLI = [
    ("out is a file", ["--out", "{file}"], ["--out", "is a file, not a folder"]),
    ("out under a file", ["--out", "{file}/sub"], ["cannot be a folder", "is a file"]),
    ("out empty", ["--out", ""], ["--out: is empty", "--out my_data"]),
    ("out blank", ["--out", "   "], ["is empty"]),
    ("negative seed", ["--out", "{dir}", "--seed", "-1"], ["--seed must be at least 0"]),
    ("float seed", ["--out", "{dir}", "--seed", "1e3"], ["--seed", "invalid int value"]),
    ("too few customers", ["--out", "{dir}", "--customers", "5"], ["--customers must be at least 10"]),
    ("unknown locale", ["--out", "{dir}", "--locale", "fa"], ["--locale must be one of", "'fa_IR'"]),
    ("would overwrite", ["--out", "{full}"], ["already exists", "--force"]),
]
# fmt: on


@pytest.mark.parametrize(("name", "args", "words"), CLI, ids=[c[0] for c in CLI])
def test_command_line_errors_are_one_line_and_come_before_the_work(
    tmp_path, capsys, monkeypatch, name, args, words
):
    file = tmp_path / "a_file.txt"
    file.write_text("x")
    full = tmp_path / "full"
    full.mkdir()
    (full / "customers.csv").write_text("x")
    args = [a.format(file=file, dir=tmp_path / "new", full=full) for a in args]

    def no_generation(*a, **k):
        raise AssertionError("generated data although the arguments are wrong")

    monkeypatch.setattr(kd, "generate", no_generation)
    code = cli(["generate", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("crmkit-data: error: ")
    for w in words:
        assert w in err, err
    assert not (tmp_path / "new").exists()


def test_jalali_dates_are_recognised_without_persiantools(monkeypatch):
    monkeypatch.setattr(crmkit._validate, "_have_persiantools", lambda: False)
    with pytest.raises(
        ValueError, match=r"Persian \(Jalali\) calendar dates.*pip install persiantools"
    ):
        sat.satisfaction_vs_repurchase(W1.assign(survey_date="1402/10/11"), OL)
    with pytest.raises(ValueError, match=r"Jalali.*JalaliDate\(1403, 10, 11\)\.to_gregorian\(\)"):
        lc.funnel(C, OL, observation_end="1403-10-11")
    with pytest.raises(ValueError, match=r"needs persiantools \(pip install persiantools\)"):
        kd.parse_dates(pd.Series(["1402/10/11"]), calendar="jalali")


def test_huge_seeds_are_exact_so_two_seeds_give_two_datasets():
    a = kd.generate(seed=2**64, n_customers=10)
    b = kd.generate(seed=2**64 + 1, n_customers=10)
    assert not a["order_lines"].equals(b["order_lines"])
    assert crmkit._validate.check_number(2**70 + 1, "seed", lo=0, integer=True) == 2**70 + 1


# ---------------------------------------------------------------------------- the package


def test_every_module_lists_every_public_function_in_all():
    for name in crmkit._SUBMODULES:
        module = importlib.import_module(f"crmkit.{name}")
        public = [
            n
            for n, obj in vars(module).items()
            if not n.startswith("_")
            and (inspect.isfunction(obj) or inspect.isclass(obj))
            and obj.__module__.startswith(module.__name__)
        ]
        missing = sorted(set(public) - set(module.__all__))
        assert not missing, f"crmkit.{name}.__all__ lacks {missing}"
    figures = [n for n in pl.__all__ if inspect.isfunction(getattr(pl, n))]
    assert len(figures) >= 22  # the 22 figures of the library's first release, and the new


def test_the_suite_tries_at_least_200_bad_inputs():
    assert len(CASES) + len(FIXES) + len(ARGUMENT_FIXES) + len(EDITS) + len(CLI) >= 200
