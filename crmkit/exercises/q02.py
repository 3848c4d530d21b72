"""Exercises 02, Relationship marketing: reliability, the driver of retention, the 98% claim.

The questions practise Cronbach's alpha and the corrected item-total correlation on the
reciprocity scale (whose third item is weak), reading a multiple logistic regression of
retention on the four dimensions (odds ratios per standard deviation), and testing the claim
that up to 98 % of strongly dissatisfied customers leave against the company's own data.
"""

from __future__ import annotations

import numpy as np

from crmkit import relationship, satisfaction
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

RECIPROCITY = list(relationship.DIMENSIONS["reciprocity"])
#: The retention outcome of 02.3: still ordering in the last 180 days of the extract.
RETENTION = {"measure": "retention", "window_days": 180, "observation_end": "2024-12-31"}


def _alpha(t):
    return relationship.cronbach_alpha(t["surveys"], RECIPROCITY).alpha


@shared
def _items(t):
    return relationship.item_analysis(t["surveys"], RECIPROCITY)


def _weakest(t):
    return _items(t)["item_total_r"].idxmin()


def _weakest_r(t):
    return float(_items(t)["item_total_r"].min())


def _uncorrected_r(t):
    answers = t["surveys"][RECIPROCITY].astype("float64")
    return float(np.corrcoef(answers[_weakest(t)], answers.sum(axis=1))[0, 1])


def _mean_inter_item_r(t):
    r = t["surveys"][RECIPROCITY].astype("float64").corr().to_numpy()
    return float(r[np.triu_indices_from(r, k=1)].mean())


def _wave1(t):
    surveys = t["surveys"]
    return surveys[surveys["wave"] == 1]


@shared
def _drivers(t):
    return relationship.loyalty_drivers(_wave1(t), t["order_lines"], **RETENTION)


def _driver(t):
    return _drivers(t)["coef"].idxmax()


def _odds_ratio(t):
    return float(_drivers(t).loc[_driver(t), "odds_ratio"])


def _per_point(t):
    fit = relationship.loyalty_drivers(_wave1(t), t["order_lines"], **RETENTION, standardise=False)
    return float(fit.loc[_driver(t), "odds_ratio"])


def _repurchase(t):
    fit = relationship.loyalty_drivers(
        _wave1(t), t["order_lines"], window_days=180, observation_end="2024-12-31"
    )
    return float(fit.loc[_driver(t), "odds_ratio"])


@shared
def _by_csat(t):
    return satisfaction.satisfaction_vs_repurchase(
        t["surveys"], t["order_lines"], window_days=90, observation_end="2024-12-31"
    )


def _left(table):
    return float(1 - table["repurchased"].sum() / table["n"].sum())


def _left_dissatisfied(t):
    table = _by_csat(t)
    return _left(table[table.index <= 2])


def _left_satisfied(t):
    table = _by_csat(t)
    return _left(table[table.index >= 4])


def _claim_reading(t):
    dissatisfied = _left_dissatisfied(t)
    if dissatisfied >= 0.9:
        return "a"
    return "b" if dissatisfied > _left_satisfied(t) else "c"


Q1 = Number(
    id="02.1",
    title="Cronbach's alpha of the reciprocity scale",
    unit="one number (Cronbach's alpha, at most 1)",
    expected=_alpha,
    mistakes=(
        Mistake(
            "no_k_correction",
            lambda t: _alpha(t) * (len(RECIPROCITY) - 1) / len(RECIPROCITY),
            "You left out the factor k / (k - 1) in front of the bracket: with three items "
            "alpha is 3/2 x (1 - sum of the item variances / variance of the total).",
        ),
        Mistake(
            "weak_item_deleted",
            lambda t: float(_items(t)["alpha_if_deleted"].max()),
            "That is alpha with one item deleted; the question asks about the full "
            "three-item scale.",
        ),
        Mistake(
            "mean_inter_item_r",
            _mean_inter_item_r,
            "That is the average correlation between the items; alpha also grows with the "
            "number of items, which the formula takes into account.",
        ),
    ),
    takeaway="Below 0.7, the usual threshold, the three items do not yet measure one "
    "thing reliably: 02.2 finds out why.",
    hints=(
        "Cronbach's alpha compares the variances of the items with the variance of their "
        "total: the more the items move together, the closer alpha is to 1.",
        "`relationship.DIMENSIONS['reciprocity']` lists the scale's three item columns of "
        "`tables['surveys']`; `crmkit.relationship` has a function named after Cronbach.",
        "`relationship.cronbach_alpha(tables['surveys'], items)` returns a result whose "
        "field `alpha` is the answer (use all survey answers, both waves).",
    ),
)

Q2 = Number(
    id="02.2",
    title="The weak item: its corrected item-total correlation",
    unit="one correlation (between -1 and 1)",
    expected=_weakest_r,
    mistakes=(
        Mistake(
            "item_total_not_corrected",
            _uncorrected_r,
            "That correlation includes the item in the total it is compared with "
            "(uncorrected); correlate the item with the sum of the other items only.",
        ),
        Mistake(
            "alpha_if_deleted",
            lambda t: float(_items(t).loc[_weakest(t), "alpha_if_deleted"]),
            "That is alpha if the item is deleted; the question asks for the item's corrected "
            "item-total correlation.",
        ),
        Mistake(
            "strongest_item",
            lambda t: float(_items(t)["item_total_r"].max()),
            "That is the item that fits its scale best; the weak item is the one with the "
            "lowest corrected item-total correlation.",
        ),
    ),
    takeaway="An item that correlates this weakly with the rest of its scale measures "
    "something else: reword it or leave it out.",
    hints=(
        "An item that belongs to its scale moves with the other items; the corrected "
        "item-total correlation measures that, leaving the item itself out of the total.",
        "`relationship.item_analysis(tables['surveys'], items)` gives one row per item with "
        "`item_total_r` (corrected) and `alpha_if_deleted`.",
        "Find the item with the lowest `item_total_r` (`.idxmin()`) and give that value "
        "(`.min()`).",
    ),
)

Q3 = Number(
    id="02.3",
    title="The driver of retention: its odds ratio",
    unit="one odds ratio (above 1 means a higher chance of staying)",
    expected=_odds_ratio,
    abs_tol=0.005,
    mistakes=(
        Mistake(
            "log_odds_for_odds_ratio",
            lambda t: float(_drivers(t).loc[_driver(t), "coef"]),
            "That is the coefficient, a log-odds; the odds ratio is exp(coefficient).",
        ),
        Mistake(
            "per_scale_point",
            _per_point,
            "That is the odds ratio per point of the 1-5 scale; the question asks per "
            "standard deviation (standardise=True, the default), which makes the four "
            "dimensions comparable.",
        ),
        Mistake(
            "repurchase_for_retention",
            _repurchase,
            "That model explains buying again within 180 days of the survey (the default "
            "measure, repurchase); the question asks about retention, still buying in the last "
            "180 days of the extract (measure='retention').",
        ),
    ),
    takeaway="One standard deviation more of the driver multiplies the odds of staying by "
    "this factor, the other three dimensions held fixed.",
    hints=(
        "Retention depends on all four dimensions at once, and they are correlated: fit them "
        "together in one logistic regression, so that each effect holds the others fixed.",
        "`relationship.loyalty_drivers(wave1, tables['order_lines'], measure='retention', "
        "window_days=180, observation_end='2024-12-31')` on the wave-1 answers "
        "(`surveys[surveys['wave'] == 1]`).",
        "The driver is the dimension with the largest `coef` (`fit['coef'].idxmax()`); give "
        "its `odds_ratio` from the same table.",
    ),
)

Q4 = Number(
    id="02.4",
    title="How many dissatisfied customers leave?",
    unit="a proportion between 0 and 1",
    expected=_left_dissatisfied,
    mistakes=(
        Mistake(
            "stayed_for_left",
            lambda t: 1 - _left_dissatisfied(t),
            "That is the share who did buy again; the question asks for the share who did not.",
        ),
        Mistake(
            "all_respondents",
            lambda t: _left(_by_csat(t)),
            "That is the share of all respondents; the claim is about dissatisfied customers, "
            "those who answered CSAT 1 or 2.",
        ),
        Mistake(
            "averaged_levels",
            lambda t: float(1 - _by_csat(t).loc[lambda s: s.index <= 2, "share"].mean()),
            "You averaged the shares of CSAT 1 and CSAT 2; pool the answers instead (add the "
            "counts, then divide), since the two levels have very different numbers of "
            "answers.",
        ),
        percent_for_proportion(_left_dissatisfied),
    ),
    takeaway="Compare it with the 98 % of the claim, and with the satisfied customers, before "
    "answering 02.5.",
    hints=(
        "'Leaving' has to be seen in behaviour: a survey answer not followed by any order "
        "within 90 days.",
        "`satisfaction.satisfaction_vs_repurchase(tables['surveys'], tables['order_lines'], "
        "window_days=90, observation_end='2024-12-31')` gives, per CSAT level, the answers "
        "`n` and how many `repurchased`.",
        "Keep the rows of CSAT 1 and 2, add up `n` and `repurchased`, and give 1 - "
        "repurchased / n.",
    ),
)

Q5 = Choice(
    id="02.5",
    title="What the data say about the 98% claim",
    options={
        "a": "The claim holds for Caspian Home: nearly all dissatisfied customers leave at once.",
        "b": "Far fewer than 98% of dissatisfied customers leave within 90 days, but they "
        "leave more often than satisfied customers do.",
        "c": "Dissatisfied customers leave no more often than satisfied ones (CSAT 4 or 5), so "
        "satisfaction does not matter.",
        "d": "The survey proves that dissatisfaction causes customers to leave.",
    },
    expected=_claim_reading,
    mistakes=(
        Mistake(
            "claim_at_face_value",
            option("a"),
            "Your own number from 02.4 says otherwise: compare it with 98%.",
        ),
        Mistake(
            "no_comparison_group",
            option("c"),
            "Compare the dissatisfied with the satisfied customers (CSAT 4 or 5) before "
            "concluding that satisfaction makes no difference.",
        ),
        Mistake(
            "causal_claim",
            option("d"),
            "A survey shows an association, not a cause: dissatisfied customers may differ in "
            "other ways, such as how often they buy.",
        ),
    ),
    takeaway="Treat a striking number from the literature as a claim to test on your own "
    "data, with a comparison group.",
    hints=(
        "Put your answer to 02.4 next to the claim's 98%.",
        "A claim about the dissatisfied needs a comparison: compute the same share for the "
        "answers with CSAT 4 or 5.",
        "Pick the statement that matches both comparisons (with 98% and with the satisfied), "
        "and says no more than a survey can show.",
    ),
)

Q6 = Reflection(
    id="02.6",
    title="What to do with the weak item",
    hints=(
        "A low item-total correlation means the item moves differently from the others: it "
        "may measure something else, or be worded so that customers read it differently.",
        "Deleting an item raises alpha, but a scale with fewer items may also cover less of "
        "what reciprocity means.",
        "Say what you would change before the next wave, and how you would check that the "
        "change worked (alpha, item-total correlations).",
    ),
)

EXERCISE = Exercise(
    id="02",
    file="02_relationship_marketing.ipynb",
    title="Relationship marketing and its four dimensions",
    questions=(Q1, Q2, Q3, Q4, Q5, Q6),
)
