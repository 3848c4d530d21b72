"""Exercises 07, Loyalty and loyalty programmes: the programme's effect, points and tiers.

The questions practise the naive comparison of members with non-members (a difference of
churn shares, members minus non-members), the selection effect behind it (future members
already ordered more often before the launch), the Mantel-Haenszel comparison within strata
of pre-launch engagement, how much of the naive estimate's bias that adjustment removes
against the true effect of a regenerated company without the programme, the same three
estimates for spend, the points liability after breakage and the tier migration table.
"""

from __future__ import annotations

import dataclasses

from crmkit import data, loyalty
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

#: The day of 07.6 and 07.7, and the programme's conventions of notebook 07.
YEAR_END = "2024-12-31"
POINT_VALUE, BREAKAGE = 0.01, 0.2
TIERS = {"start": "2023-12-31", "end": "2024-12-31"}


@shared
def _effect(t):
    """The churn comparison with the kit's defaults (launch 2023-01-01, 180 days, 5 strata)."""
    return loyalty.programme_effect(t["customers"], t["order_lines"])


def _naive(t):
    return _effect(t).naive


def _adjusted(t):
    return _effect(t).adjusted


def _rate(t):
    return _effect(t).selection["pre_launch_order_rate"]


def _rate_ratio(t):
    rate = _rate(t)
    return float(rate["members"] / rate["non_members"])


def _orders_ratio(t):
    orders = _effect(t).selection["pre_launch_orders"]
    return float(orders["members"] / orders["non_members"])


@shared
def _without(t):
    """The same company regenerated with the programme's effect on churn switched off."""
    no_programme = dataclasses.replace(data.PLANTED, loyalty_churn_hr=1.0)
    return data.generate(t.seed, len(t["customers"]), planted=no_programme)["order_lines"]


@shared
def _truth(t):
    return loyalty.compare_with_truth(t["customers"], t["order_lines"], _without(t))


@shared
def _spend_truth(t):
    return loyalty.compare_with_truth(
        t["customers"], t["order_lines"], _without(t), outcome="spend"
    )


def _bias_removed(t):
    return _truth(t).bias_removed


def _spend_reading(t):
    truth = _spend_truth(t)
    return "b" if truth.true < truth.naive / 2 else "a"


def _liability(t, breakage=BREAKAGE):
    return loyalty.points_liability(
        t["loyalty_events"], as_of=YEAR_END, point_value=POINT_VALUE, breakage=breakage
    )


def _points(t):
    return float(loyalty.points_balance(t["loyalty_events"], as_of=YEAR_END).sum())


@shared
def _moves(t):
    return loyalty.tier_migration(t["loyalty_events"], **TIERS)


def _climbed(t):
    row = _moves(t).loc["bronze"]
    return float(row[["silver", "gold"]].sum() / row.sum())


def _climbed_by_column(t):
    moves = _moves(t)
    return float(
        moves.loc["bronze", ["silver", "gold"]].sum() / moves[["silver", "gold"]].sum().sum()
    )


def _climbed_of_all(t):
    moves = _moves(t)
    return float(moves.loc["bronze", ["silver", "gold"]].sum() / moves.to_numpy().sum())


Q1 = Number(
    id="07.1",
    title="The naive gap in churn",
    unit="a difference of two proportions (members minus non-members)",
    expected=_naive,
    mistakes=(
        Mistake(
            "reversed_sign",
            lambda t: -_naive(t),
            "The sign is reversed: take the members' churn minus the non-members' churn, so "
            "a gap in the members' favour is negative.",
        ),
        Mistake(
            "percentage_points",
            lambda t: 100 * _naive(t),
            "That looks like percentage points; the question asks for the difference of the "
            "two proportions (0.20 - 0.25 = -0.05, not -5).",
            scale=100,
        ),
        Mistake(
            "adjusted_for_naive",
            _adjusted,
            "That is the gap within strata of pre-launch engagement (the adjusted one, 07.3); "
            "the naive gap compares all members with all non-members.",
        ),
    ),
    takeaway="Members churn far less than non-members; whether the programme made them stay "
    "is what the next questions test.",
    hints=(
        "The naive test compares the customers who bought before the launch and joined with "
        "those who bought before the launch and did not join, on churn at the end of 2024.",
        "`loyalty.programme_effect(tables['customers'], tables['order_lines'])` uses the "
        "programme's launch (2023-01-01) and churn as no order in the last 180 days; its "
        "`selection` table has each group's churn.",
        "The result's field `naive` is the members' churn minus the non-members' churn, a "
        "difference of proportions (not multiplied by 100).",
    ),
)

Q2 = Number(
    id="07.2",
    title="Selection: how much more often future members ordered",
    unit="a ratio (1.0 means no difference)",
    expected=_rate_ratio,
    mistakes=(
        Mistake(
            "inverted_ratio",
            lambda t: 1 / _rate_ratio(t),
            "That is the ratio upside down (non-members over members); divide the members' "
            "rate by the non-members' rate.",
        ),
        Mistake(
            "counts_for_rate",
            _orders_ratio,
            "That is the ratio of the numbers of orders before the launch, which also grow with "
            "how long a customer had been buying; compare the orders a month instead.",
        ),
        Mistake(
            "percent_more",
            lambda t: 100 * (_rate_ratio(t) - 1),
            "That is how many percent more often members ordered; the question asks for the "
            "ratio itself (twice as often is 2.0, not 100).",
            scale=100,
        ),
    ),
    takeaway="The programme did not exist yet, so this gap is who joined, not what the "
    "programme did: the selection effect.",
    hints=(
        "Look at behaviour *before* the programme existed: if future members already bought "
        "more, they were different customers from the start.",
        "The `selection` table of `loyalty.programme_effect(...)` has one row for members and "
        "one for non-members, with their mean pre-launch orders, order rate and spend.",
        "Divide the column `pre_launch_order_rate` (orders a month) of the row `members` by "
        "that of the row `non_members`.",
    ),
)

Q3 = Number(
    id="07.3",
    title="The gap within strata of pre-launch engagement",
    unit="a difference of two proportions (members minus non-members)",
    expected=_adjusted,
    mistakes=(
        Mistake(
            "naive_for_adjusted",
            _naive,
            "That is the naive gap over all customers; the question asks for the gap within "
            "strata, pooled over the strata.",
        ),
        Mistake(
            "reversed_sign",
            lambda t: -_adjusted(t),
            "The sign is reversed: within each stratum take the members' churn minus the "
            "non-members' churn, so a gap in the members' favour is negative.",
        ),
        Mistake(
            "percentage_points",
            lambda t: 100 * _adjusted(t),
            "That looks like percentage points; the question asks for the difference of the "
            "two proportions (0.20 - 0.25 = -0.05, not -5).",
            scale=100,
        ),
    ),
    takeaway="Comparing like with like shrinks the gap, but only by as much as pre-launch "
    "orders measure the engagement that makes customers join and stay.",
    hints=(
        "Compare members with non-members who were equally engaged before the launch, then "
        "pool those comparisons into one number.",
        "`loyalty.programme_effect(...)` cuts the customers into five strata of their "
        "pre-launch order rate (its defaults) and pools them with Mantel-Haenszel weights.",
        "The result's field `adjusted` is the pooled gap; its `strata` table shows each "
        "stratum's difference and weight.",
    ),
)

Q4 = Number(
    id="07.4",
    title="How much of the bias did stratifying remove?",
    unit="a share between 0 and 1 (1: all of the bias)",
    expected=_bias_removed,
    mistakes=(
        Mistake(
            "bias_remaining",
            lambda t: 1 - _bias_removed(t),
            "That is the share of the bias that remains after stratifying; the question asks "
            "for the share that stratifying removed.",
        ),
        Mistake(
            "share_of_naive",
            lambda t: 1 - _truth(t).adjusted / _truth(t).naive,
            "That compares the adjusted gap with the naive one only; the bias of an estimate is "
            "its distance from the true effect, so subtract the true effect from both first.",
        ),
        Mistake(
            "true_effect",
            lambda t: _truth(t).true,
            "That is the true effect itself; the question asks what share of the naive "
            "estimate's bias (naive minus true) the adjustment removed.",
        ),
        percent_for_proportion(_bias_removed),
    ),
    takeaway="A company never sees the true effect: it has one world. Only a randomised "
    "launch would measure it on real data.",
    hints=(
        "The naive estimate's bias is its distance from the true effect; the adjusted "
        "estimate's bias is what is left of it. Generated data can show the true effect: "
        "regenerate your company without the programme's effect on churn.",
        "`without = data.generate(ex.dataset_seed(), len(tables['customers']), "
        "planted=dataclasses.replace(data.PLANTED, loyalty_churn_hr=1.0))` is your company "
        "without it; `loyalty.compare_with_truth(tables['customers'], tables['order_lines'], "
        "without['order_lines'])` sets the three estimates side by side.",
        "Its property `bias_removed` is 1 - (adjusted - true) / (naive - true).",
    ),
)

Q5 = Choice(
    id="07.5",
    title="And spend?",
    options={
        "a": "The programme raised members' yearly spend by about the naive difference: "
        "joining made them spend thousands of USD more.",
        "b": "Most of the members' extra spend is selection: they were the bigger spenders "
        "before the launch, and the true effect is a small fraction of the naive difference.",
        "c": "Stratifying on pre-launch engagement removes the selection, so the adjusted "
        "difference is the programme's effect on spend.",
        "d": "Nothing can be said about spend, because members chose to join the programme.",
    },
    expected=_spend_reading,
    mistakes=(
        Mistake(
            "naive_at_face_value",
            option("a"),
            "The naive difference mixes the programme's effect with who joined: compare it "
            "with the true effect from the regenerated data.",
        ),
        Mistake(
            "adjustment_is_enough",
            option("c"),
            "Put the adjusted difference next to the true one: within strata the members are "
            "still the more engaged customers, so much of the selection remains.",
        ),
        Mistake(
            "nothing_learned",
            option("d"),
            "Self-selection biases the naive comparison, but the regenerated data show the "
            "true effect, so something can be said.",
        ),
    ),
    takeaway="Churn and spend tell the same story: the programme's true effect is a small "
    "part of what the naive comparison credits it with.",
    hints=(
        "Compute the three estimates for spend as well: naive, within strata and true.",
        "`loyalty.compare_with_truth(...)` takes `outcome='spend'` (yearly spend after the "
        "launch, USD); use the regenerated order lines of 07.4.",
        "Read its `table`: compare the true effect with the naive difference, and the adjusted "
        "difference with the true one.",
    ),
)

Q6 = Number(
    id="07.6",
    title="The points liability",
    unit="an amount in USD",
    expected=_liability,
    abs_tol=0.5,
    mistakes=(
        Mistake(
            "no_breakage",
            lambda t: _liability(t, breakage=0.0),
            "That books every point; a fifth of the points are expected never to be redeemed "
            "(breakage=0.2), and IFRS 15 books the liability net of them.",
        ),
        Mistake(
            "breakage_booked",
            lambda t: POINT_VALUE * BREAKAGE * _points(t),
            "That is the value of the points expected never to be redeemed; the liability is "
            "the value of the rest, the points that will be redeemed.",
        ),
        Mistake(
            "points_not_usd",
            lambda t: (1 - BREAKAGE) * _points(t),
            "That is a number of points; multiply by the value of a point (one cent) to get USD.",
            scale=100,
        ),
    ),
    takeaway="Every outstanding point is a promise to give something later: a liability on "
    "the books that grows with the programme.",
    hints=(
        "The liability is what the outstanding points will cost when they are redeemed: their "
        "number, times the value of a point, less the points never redeemed (breakage).",
        "`loyalty.points_liability(tables['loyalty_events'], as_of=..., point_value=..., "
        "breakage=...)` does it; `loyalty.points_balance` shows each member's points.",
        "Use `as_of='2024-12-31'`, `point_value=0.01` (one cent) and `breakage=0.2`.",
    ),
)

Q7 = Number(
    id="07.7",
    title="Tier migration: how many bronze members climbed?",
    unit="a proportion between 0 and 1",
    expected=_climbed,
    mistakes=(
        Mistake(
            "column_shares",
            _climbed_by_column,
            "That divides by the members who were silver or gold at the end (a column share); "
            "the question asks about the members who were bronze at the start (a row share).",
        ),
        Mistake(
            "share_of_all_members",
            _climbed_of_all,
            "That divides by all the members in the table; the question asks about the "
            "members who were bronze at the end of 2023 (the row of bronze).",
        ),
        percent_for_proportion(_climbed),
    ),
    takeaway="Tiers move with spend, and spend with engagement: a high climbing rate is no "
    "more proof of the programme's effect than the churn gap was.",
    hints=(
        "A transition table sets each member's tier on one day against their tier a year "
        "later; each row is a starting tier.",
        "`loyalty.tier_migration(tables['loyalty_events'], start='2023-12-31', "
        "end='2024-12-31')` counts members; `normalize=True` turns each row into shares.",
        "In the row `bronze`, add the shares of the columns `silver` and `gold` (the row "
        "shares add up to 1).",
    ),
)

Q8 = Reflection(
    id="07.8",
    title="What the programme buys, and how to test it",
    hints=(
        "Which of the six types of loyalty does a point per USD reward, and where does that "
        "put it in Dick & Basu's matrix of relative attitude and repeat patronage?",
        "Randomisation balances engagement and everything else nobody measured; a company "
        "can randomise the offer even if it cannot force customers to join.",
        "Name who would get the offer, who would not, over which months, on which outcome "
        "(churn, spend), and what the comparison of the two groups would measure.",
    ),
)

EXERCISE = Exercise(
    id="07",
    file="07_loyalty.ipynb",
    title="Loyalty and loyalty programmes",
    questions=(Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8),
)
