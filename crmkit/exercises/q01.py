"""Exercises 01, What CRM is: the HSE (2007) indicators of Caspian Home's CRM launch.

The questions practise reading the before/after indicators of notebook 01 (customer loss,
repeat sales, customer count growth), the difference between churn and retention, between
percentage points and percent, and what a before/after comparison cannot prove.
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
    proportion_for_points,
    shared,
)


@shared
def _hse(t):
    """The HSE indicators with the kit's defaults: 12 months before and after 2023-07-01."""
    return lifecycle.hse_indicators(t["customers"], t["order_lines"])


def _churn_after(t):
    return float(_hse(t).loc["churn_rate", "after"])


def _repeat_points(t):
    return 100 * float(_hse(t).loc["repeat_sales_share", "change"])


def _repeat_relative(t):
    row = _hse(t).loc["repeat_sales_share"]
    return 100 * float(row["after"] / row["before"] - 1)


def _growth(t):
    row = _hse(t).loc["new_customers_per_month"]
    return float(row["after"] / row["before"])


Q1 = Number(
    id="01.1",
    title="Customer loss (churn) after the launch",
    unit="a proportion between 0 and 1",
    expected=_churn_after,
    mistakes=(
        Mistake(
            "retention_for_churn",
            lambda t: 1 - _churn_after(t),
            "That is the retention rate, the share of customers who came back; churn is the "
            "share who did not.",
        ),
        Mistake(
            "before_for_after",
            lambda t: float(_hse(t).loc["churn_rate", "before"]),
            "That is the churn of the twelve months before the launch; the question asks "
            "about the twelve months after it.",
        ),
        percent_for_proportion(_churn_after),
    ),
    takeaway="Churn is the share of a period's buyers who did not buy again in the next "
    "period; retention is the rest.",
    hints=(
        "Customer loss is one of the HSE (2007) effectiveness indicators, and crmkit computes "
        "all of them, before and after the CRM launch, in one call of `crmkit.lifecycle`.",
        "`lifecycle.hse_indicators(tables['customers'], tables['order_lines'])` returns one "
        "row per indicator with the columns `before`, `after` and `change`; its defaults are "
        "the launch day 2023-07-01 and twelve-month windows.",
        "Take the row `churn_rate` and the column `after`: "
        "`hse.loc['churn_rate', 'after']`, a proportion.",
    ),
)

Q2 = Number(
    id="01.2",
    title="Repeat sales: the change in percentage points",
    unit="a change in percentage points (after minus before)",
    expected=_repeat_points,
    abs_tol=0.05,
    mistakes=(
        proportion_for_points(_repeat_points),
        Mistake(
            "relative_change",
            _repeat_relative,
            "That is the relative change in percent (after / before - 1); the question asks "
            "for the difference in percentage points (after - before).",
        ),
        Mistake(
            "reversed_sign",
            lambda t: -_repeat_points(t),
            "The sign is reversed: a change is after minus before, so a share that rose has a "
            "positive change.",
        ),
    ),
    takeaway="A share that moves from 0.20 to 0.25 rises by 5 percentage points, which is a "
    "relative rise of 25 %.",
    hints=(
        "The share of repeat ('secondary') sales is revenue from orders that are not a "
        "customer's first, over all revenue; the HSE table has it before and after the launch.",
        "Use the row `repeat_sales_share` of `lifecycle.hse_indicators(...)`; its `change` "
        "column is after minus before, as a proportion.",
        "Percentage points are the difference of two percentages: multiply the change of the "
        "proportions by 100 (do not divide by the before value).",
    ),
)

Q3 = Number(
    id="01.3",
    title="Customer count growth: new customers per month, after / before",
    unit="a ratio (1.0 means no change)",
    expected=_growth,
    abs_tol=0.005,
    mistakes=(
        Mistake(
            "inverted_ratio",
            lambda t: 1 / _growth(t),
            "That is the ratio upside down (before / after); divide the after value by the "
            "before value.",
        ),
        Mistake(
            "difference_for_ratio",
            lambda t: float(_hse(t).loc["new_customers_per_month", "change"]),
            "That is the difference in new customers per month; the question asks for the "
            "ratio after / before.",
            scale=100,
        ),
        Mistake(
            "percent_growth",
            lambda t: 100 * (_growth(t) - 1),
            "That is the growth in percent; the question asks for the ratio itself (a rise "
            "of 30 % is a ratio of 1.3).",
            scale=100,
        ),
    ),
    takeaway="A ratio above 1 means more new customers per month after the launch than before it.",
    hints=(
        "Customer count growth is measured as new customers (sign-ups) per month, in the "
        "year before and the year after the CRM launch.",
        "The row `new_customers_per_month` of `lifecycle.hse_indicators(...)` has both "
        "values, in its `before` and `after` columns.",
        "Divide the after value by the before value: `row['after'] / row['before']` for "
        "`row = hse.loc['new_customers_per_month']`.",
    ),
)

Q4 = Choice(
    id="01.4",
    title="What the before/after comparison can prove",
    options={
        "a": "The CRM system caused the change in churn: the before/after indicators prove "
        "that the project paid off.",
        "b": "The indicators show what changed around the launch but not why: other things "
        "changed at the same time, so the comparison alone cannot attribute the change to "
        "the CRM system.",
        "c": "Churn cannot have fallen, because retention rose at the same time.",
        "d": "Nothing can be learned, because the two windows contain different customers.",
    },
    expected=option("b"),
    mistakes=(
        Mistake(
            "causal_claim",
            option("a"),
            "A before/after comparison shows a change, not its cause: anything else that "
            "changed around the launch is mixed into it.",
        ),
        Mistake(
            "churn_vs_retention",
            option("c"),
            "Churn and retention are two sides of one number (churn = 1 - retention), so "
            "retention rising is churn falling, not a contradiction.",
        ),
        Mistake(
            "nothing_learned",
            option("d"),
            "Different customers in the two windows are a caveat, not a reason to learn "
            "nothing: the indicators still describe what changed.",
        ),
    ),
    takeaway="To attribute a change to the CRM system you need a comparison group that did "
    "not get it, or a launch staggered at random.",
    hints=(
        "Look at the company's timeline (notebook 00): what else started in 2023, besides "
        "the CRM system?",
        "A before/after comparison is not an experiment: no customers were kept without the "
        "CRM system to show what would have happened anyway.",
        "Keep the statement that describes the change without claiming to know its cause, and "
        "reject the ones that misread churn and retention or throw the data away.",
    ),
)

Q5 = Reflection(
    id="01.5",
    title="A fairer test of the CRM launch",
    hints=(
        "Think of how a medicine is tested: who gets it, who does not, and who decides.",
        "What if the CRM system had gone live in some stores, regions or customer groups "
        "first, chosen at random?",
        "Name the two groups you would compare, over which months, on which indicator, and "
        "what else (the loyalty programme, the season) the design keeps equal.",
    ),
)

EXERCISE = Exercise(
    id="01",
    file="01_what_is_crm.ipynb",
    title="What CRM is",
    questions=(Q1, Q2, Q3, Q4, Q5),
)
