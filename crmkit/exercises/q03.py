"""Exercises 03, The Kalakota & Robinson CRM lifecycle: phases, cohorts, cross-sell, funnel.

The questions practise placing customers in K&R's phases by the kit's documented rules,
reading a cohort retention matrix (ages count from 0), the cross-sell rate of the
enhancement phase against the up-sell rate, the funnel's share of sign-ups against its
stage conversions, and matching a customer's story to a phase and its strategy.
"""

from __future__ import annotations

from crmkit import lifecycle
from crmkit.exercises._questions import (
    Choice,
    Exercise,
    Mistake,
    Number,
    Reflection,
    option,
    percent_for_proportion,
    shared,
)

#: The period of 03.3 (and the year before it, for the wrong-window mistake).
YEAR = {"start": "2024-01-01", "end": "2024-12-31"}
YEAR_BEFORE = {"start": "2023-01-01", "end": "2023-12-31"}


@shared
def _phases(t):
    return lifecycle.assign_phase(t["order_lines"], t["customers"], products=t["products"])["phase"]


def _enhancement(t):
    return float((_phases(t) == "enhancement").mean())


def _enhancement_without_products(t):
    phase = lifecycle.assign_phase(t["order_lines"], t["customers"])["phase"]
    return float((phase == "enhancement").mean())


def _enhancement_of_active(t):
    phase = _phases(t)
    return float((phase == "enhancement").sum() / (phase != "lapsed").sum())


@shared
def _cohorts(t):
    return lifecycle.cohort_retention(t["order_lines"], period="Y").rates


def _cohort_2022(t):
    return float(_cohorts(t).loc["2022", 2])


def _signup_cohort_2022(t):
    rates = lifecycle.cohort_retention(
        t["order_lines"], t["customers"], period="Y", cohort="signup"
    ).rates
    return float(rates.loc["2022", 2])


def _kpis(t, period):
    return lifecycle.phase_kpis(t["order_lines"], t["customers"], products=t["products"], **period)


@shared
def _kpis_2024(t):
    return _kpis(t, YEAR)


def _cross_sell(t):
    return float(_kpis_2024(t).loc["cross_sell_rate", "value"])


@shared
def _funnel(t):
    return lifecycle.funnel(t["customers"], t["order_lines"], products=t["products"])


def _reach(t):
    return float(_funnel(t)["share_of_signups"].iloc[-1])


Q1 = Number(
    id="03.1",
    title="Customers in the enhancement phase",
    unit="a proportion between 0 and 1",
    expected=_enhancement,
    mistakes=(
        Mistake(
            "without_products",
            _enhancement_without_products,
            "Without the products table the rules cannot see a new category (cross-selling), "
            "only spend growth; pass products=tables['products'].",
        ),
        Mistake(
            "share_of_active",
            _enhancement_of_active,
            "That is the share of the active (not lapsed) customers; the question asks for "
            "the share of all customers who have a phase.",
        ),
        Mistake(
            "count_for_share",
            lambda t: float((_phases(t) == "enhancement").sum()),
            "That is a number of customers; the question asks for their share of all customers.",
            scale=1000,
        ),
        percent_for_proportion(_enhancement),
    ),
    takeaway="Enhancement, K&R's bundling phase, is where an existing customer broadens "
    "(a new category) or deepens (more spend).",
    hints=(
        "Kalakota & Robinson's phases are read from behaviour: how recent the first and last "
        "orders are, and whether spend or the range of categories grew in the last year.",
        "`lifecycle.assign_phase(tables['order_lines'], tables['customers'], "
        "products=tables['products'])` gives each customer's phase on 2024-12-31 (the "
        "default observation end).",
        "Compare its `phase` column with 'enhancement' and take the mean of the result: the "
        "mean of True/False values is a share.",
    ),
)

Q2 = Number(
    id="03.2",
    title="Cohort retention two years on",
    unit="a proportion between 0 and 1",
    expected=_cohort_2022,
    mistakes=(
        Mistake(
            "age_off_by_one",
            lambda t: float(_cohorts(t).loc["2022", 1]),
            "That is the share who ordered in 2023, one year on; ages count from 0 (the year of "
            "the first order), so 2024 is age 2.",
        ),
        Mistake(
            "signup_cohort",
            _signup_cohort_2022,
            "Those are sign-up cohorts; the question groups customers by the year of their "
            "first order (cohort='first_order', the default).",
        ),
        Mistake(
            "churn_for_retention",
            lambda t: 1 - _cohort_2022(t),
            "That is the share who did not order in 2024; cohort retention counts those who did.",
        ),
        percent_for_proportion(_cohort_2022),
    ),
    takeaway="A cohort matrix follows one group of customers over time, so the seasons and "
    "the newcomers of later years do not blur it.",
    hints=(
        "A cohort is the group of customers who started in the same period; its retention "
        "at age k is the share of it that ordered k periods later.",
        "`lifecycle.cohort_retention(tables['order_lines'], period='Y')` returns a result "
        "whose `rates` table has one row per cohort and one column per age.",
        "Read the row '2022' at the age that is 2024: count the ages from 0, the cohort's "
        "own year.",
    ),
)

Q3 = Number(
    id="03.3",
    title="Cross-selling in 2024",
    unit="a proportion between 0 and 1",
    expected=_cross_sell,
    mistakes=(
        Mistake(
            "up_sell_for_cross_sell",
            lambda t: float(_kpis_2024(t).loc["up_sell_rate", "value"]),
            "That is the up-sell rate (a higher average order value); cross-selling is buying "
            "a category that is new to the customer.",
        ),
        Mistake(
            "wrong_year",
            lambda t: float(_kpis(t, YEAR_BEFORE).loc["cross_sell_rate", "value"]),
            "That is the rate for 2023; the question asks about 2024 (start='2024-01-01', "
            "end='2024-12-31').",
        ),
        percent_for_proportion(_cross_sell),
    ),
    takeaway="Cross-selling broadens the relationship, up-selling deepens it: K&R's bundling "
    "strategy needs both, measured apart.",
    hints=(
        "Cross-selling is an enhancement KPI: among existing customers who bought in the "
        "period, the share who bought a category they had never bought before.",
        "`lifecycle.phase_kpis(tables['order_lines'], tables['customers'], "
        "start='2024-01-01', end='2024-12-31', products=tables['products'])` has one row per "
        "KPI.",
        "Read the `value` of the row `cross_sell_rate` (not `up_sell_rate`, the row below it).",
    ),
)

Q4 = Number(
    id="03.4",
    title="The funnel: from sign-up to active repeat buyer",
    unit="a proportion between 0 and 1",
    expected=_reach,
    mistakes=(
        Mistake(
            "stage_conversion",
            lambda t: float(_funnel(t)["conversion"].iloc[-1]),
            "That is the conversion from the stage before; the question asks for the share of "
            "all sign-ups that reach the last stage.",
        ),
        Mistake(
            "share_of_buyers",
            lambda t: float(_funnel(t)["customers"].iloc[-1] / _funnel(t)["customers"].iloc[1]),
            "That divides by the customers who ordered at least once; the funnel's share is of "
            "everyone who signed up.",
        ),
        percent_for_proportion(_reach),
    ),
    takeaway="The share of sign-ups multiplies all the stage conversions: a weak stage early "
    "in the funnel costs every stage after it.",
    hints=(
        "The funnel follows customers from sign-up through their first and second order to a "
        "broad repeat buyer who is still active.",
        "`lifecycle.funnel(tables['customers'], tables['order_lines'], "
        "products=tables['products'])` has one row per stage, with `conversion` (from the "
        "stage before) and `share_of_signups`.",
        "Take the last row's `share_of_signups` (`.iloc[-1]`).",
    ),
)

Q5 = Choice(
    id="03.5",
    title="Which phase, which strategy?",
    options={
        "a": "Acquisition: win her with differentiation (new, distinctive products).",
        "b": "Enhancement: bundling, that is cross-selling and up-selling, to make the "
        "relationship more profitable.",
        "c": "Retention: adaptation to what she wants, because she has been a customer for two "
        "years.",
        "d": "Lapsed: send her a win-back offer.",
    },
    expected=option("b"),
    mistakes=(
        Mistake(
            "tenure_is_retention",
            option("c"),
            "Two years of buying is not what decides the phase here: a new category and "
            "growing spend are bundling at work.",
        ),
        Mistake(
            "new_products_is_acquisition",
            option("a"),
            "New products for an existing customer are not acquisition: acquisition wins "
            "customers who have not bought yet, or have only just started.",
        ),
        Mistake(
            "recent_buyer_lapsed",
            option("d"),
            "She bought in the last twelve months, so the relationship has not gone quiet.",
        ),
    ),
    takeaway="Each phase has its strategy: differentiation to acquire, bundling to enhance, "
    "adaptation to retain.",
    hints=(
        "Go through the kit's rules in their order: lapsed, then acquisition, then "
        "enhancement, and retention for everyone else.",
        "Her first order is two years old and her last one recent; what changed in the last "
        "twelve months?",
        "A category new to the customer, or more spend than the year before, is the rule of "
        "one phase; the syllabus table gives that phase's strategy.",
    ),
)

Q6 = Reflection(
    id="03.6",
    title="Where the funnel leaks, and what to do",
    hints=(
        "Look at the `conversion` column of the funnel: which stage keeps the smallest share "
        "of the stage before it?",
        "Which of K&R's phases is a customer in at that stage, and which strategy belongs to "
        "that phase?",
        "Propose one action, the KPI of notebook 03 that would show it worked, and the "
        "comparison that would prove it (a control group).",
    ),
)

EXERCISE = Exercise(
    id="03",
    file="03_kalakota_lifecycle.ipynb",
    title="The Kalakota & Robinson CRM lifecycle",
    questions=(Q1, Q2, Q3, Q4, Q5, Q6),
)
