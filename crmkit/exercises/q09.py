"""Exercises 09, the capstone: readiness, the CRM scorecard against targets, the CRM plan.

The questions practise reading the staff's readiness per function (a gap in percentage
points, on the right measure), counting the company-wide measures on target (one row per
measure, counted by status), the status rule with its tolerance band for a measure where
lower is better, the shortfall of the measure furthest off target (as a share
of its target), a number of the one-page plan (the service level before and after the
process change) and the plan's answer on the unprofitable customers.
"""

from __future__ import annotations

from crmkit import plan, scorecard
from crmkit.exercises._questions import (
    Choice,
    Exercise,
    Mistake,
    Number,
    Reflection,
    option,
    proportion_for_points,
    shared,
)


@shared
def _ready(t):
    return plan.readiness(t)


def _gap(t, column):
    ready = _ready(t)
    return float(ready.loc["all", column] - ready.drop(index="all")[column].min())


def _access_gap(t):
    return _gap(t, "info_access")


def _least_access(t):
    return float(_ready(t).drop(index="all")["info_access"].min())


@shared
def _card(t):
    return scorecard.scorecard(scorecard.compute_measures(t))


def _company(t):
    card = _card(t)
    return card[card["group"] == "all"]


def _on_target(t):
    return float((_company(t)["status"] == "on target").sum())


@shared
def _plan(t):
    return plan.crm_plan(t, card=_card(t))


def _top(t):
    return _plan(t).priorities.iloc[0]


def _shortfall(t):
    return float(_top(t)["shortfall"])


def _service(t):
    return _plan(t).service_level


def _service_points(t):
    service = _service(t)
    return float(100 * (service.loc["after", "share"] - service.loc["before", "share"]))


def _tail_reading(t):
    profile = _plan(t).tail_profile
    return (
        "b"
        if profile.loc["unprofitable", "discount"] > 3 * profile.loc["profitable", "discount"]
        else "a"
    )


Q1 = Number(
    id="09.1",
    title="Readiness: the gap in access to customer information",
    unit="a difference in percentage points",
    expected=_access_gap,
    abs_tol=0.05,
    mistakes=(
        proportion_for_points(_access_gap),
        Mistake(
            "relative_gap",
            lambda t: 100 * _access_gap(t) / float(_ready(t).loc["all", "info_access"]),
            "That is the gap relative to the company-wide share, in percent; the question asks "
            "for the difference of the two shares in percentage points.",
        ),
        Mistake(
            "function_share",
            _least_access,
            "That is the least-informed function's own share; the question asks how many "
            "points it lies below the company-wide share.",
        ),
        Mistake(
            "training_for_access",
            lambda t: _gap(t, "staff_trained"),
            "That is the gap in CRM training; the question asks about access to customer "
            "information (info_access).",
        ),
    ),
    takeaway="A team that cannot open the customer data cannot run the knowledge-discovery "
    "step of Swift's loop, however well trained it is.",
    hints=(
        "Readiness is measured per function from the staff survey: training, competencies, "
        "access to customer information and job satisfaction.",
        "`plan.readiness(tables)` gives one row per function (and `all` for the company), in "
        "percent of the staff.",
        "In the column `info_access`, find the lowest function (leave out the row `all`) and "
        "subtract its share from the row `all`.",
    ),
)

Q2 = Number(
    id="09.2",
    title="How many measures are on target?",
    unit="a number of measures (out of the 18 company-wide ones)",
    expected=_on_target,
    abs_tol=0.05,
    mistakes=(
        Mistake(
            "every_row",
            lambda t: float((_card(t)["status"] == "on target").sum()),
            "That counts every row of the scorecard, each segment, channel and function too; "
            "the question asks about the company-wide rows (group 'all'), one per measure.",
        ),
        Mistake(
            "share_for_count",
            lambda t: _on_target(t) / len(_company(t)),
            "That is the share of the company-wide measures on target; the question asks how "
            "many there are.",
        ),
        Mistake(
            "all_measures",
            lambda t: float(len(_company(t))),
            "That is the number of company-wide measures; count only those whose status is "
            "'on target' (the summary's column on_target, not measures).",
        ),
    ),
    takeaway="A company-wide value on target can hide a segment, channel or function off "
    "target: read the rows below it too.",
    hints=(
        "Each measure has a company-wide row (group `all`) and one row per segment, channel or "
        "function, each with its own status.",
        "The plan of the first code cell holds the scorecard of 2024 against the default "
        "targets, `caspian_plan.card` (`scorecard.scorecard(scorecard.compute_measures(tables))` "
        "computes the same); `scorecard.scorecard_summary(card)` counts per perspective.",
        "Count the company-wide rows whose `status` is 'on target' (or add up the summary's "
        "`on_target` column).",
    ),
)

Q3 = Choice(
    id="09.3",
    title="On, near or off target?",
    options={
        "a": "On target: 15.50 is above 15.00.",
        "b": "Near target: it misses the target, but by less than 5% of it (the band reaches "
        "15.75).",
        "c": "Off target: any value on the wrong side of the target is off target.",
        "d": "Off target: the band is 0.05 USD wide, and 15.50 lies 0.50 beyond the target.",
    },
    expected=option("b"),
    mistakes=(
        Mistake(
            "direction_ignored",
            option("a"),
            "For a cost lower is better: a value above the target misses it.",
        ),
        Mistake(
            "band_forgotten",
            option("c"),
            "Between on and off target lies the near-target band, the tolerance times the "
            "target on the wrong side of it.",
        ),
        Mistake(
            "absolute_band",
            option("d"),
            "The tolerance is relative to the target (0.05 of 15.00), so that one tolerance "
            "suits percentages and dollars alike.",
        ),
    ),
    takeaway="The status depends on the direction of the measure, the target and the band: "
    "all three are choices of the strategy team.",
    hints=(
        "First decide which way is better for a cost per ticket.",
        "`scorecard.scorecard(...)` takes `tolerance=0.05`: read the status rule in the "
        "notebook (or in the function's Notes), for a measure where lower is better.",
        "Compute the edge of the band: the target plus the tolerance times the target.",
    ),
)

Q4 = Number(
    id="09.4",
    title="The top priority: how far off target?",
    unit="a shortfall in percent of the target",
    expected=_shortfall,
    abs_tol=0.05,
    mistakes=(
        Mistake(
            "relative_to_value",
            lambda t: float(100 * (_top(t)["target"] - _top(t)["value"]) / _top(t)["value"]),
            "You divided by the measure's value; the shortfall is a share of the target, "
            "100 x (target - value) / target.",
        ),
        Mistake(
            "gap_in_unit",
            lambda t: float(_top(t)["target"] - _top(t)["value"]),
            "That is the gap in the measure's own unit; the question asks for it as a "
            "percentage of the target, so that measures in different units compare.",
        ),
        Mistake(
            "proportion",
            lambda t: _shortfall(t) / 100,
            "That looks like a proportion; the question asks for a percentage of the target "
            "(25, not 0.25).",
            scale=0.01,
        ),
    ),
    takeaway="The measure furthest off target is the strategy team's first candidate for a "
    "Strategic Six Sigma project.",
    hints=(
        "Measures come in different units (USD, %, per 100 customers); to rank them, express "
        "each shortfall as a share of its target.",
        "The plan of the first code cell (`caspian_plan`, from `plan.crm_plan(tables)`) lists "
        "the company-wide measures off target in its `priorities` table, furthest first.",
        "Take the `shortfall` of its first row; or compute 100 x (target - value) / target "
        "yourself for each company-wide measure off target (where higher is better).",
    ),
)

Q5 = Number(
    id="09.5",
    title="The plan's service level: before and after the process change",
    unit="a change in percentage points (after minus before)",
    expected=_service_points,
    abs_tol=0.05,
    mistakes=(
        proportion_for_points(_service_points),
        Mistake(
            "relative_change",
            lambda t: float(
                100 * (_service(t).loc["after", "share"] / _service(t).loc["before", "share"] - 1)
            ),
            "That is the relative change in percent (after / before - 1); the question asks "
            "for the difference in percentage points (after - before).",
        ),
        Mistake(
            "sigma_difference",
            lambda t: float(
                _service(t).loc["after", "sigma_level"] - _service(t).loc["before", "sigma_level"]
            ),
            "That is the change of the sigma level; the question asks for the change of the "
            "share of tickets solved within target.",
        ),
    ),
    takeaway="Every number of the plan is the number of the notebook that teaches it, here "
    "notebook 08's service level, before and after the change.",
    hints=(
        "The plan's answer to Q5 (how is the relationship improved?) reports the share of "
        "tickets solved within their target before and after the change of 1 January 2024.",
        "The plan of the first code cell (`caspian_plan`) keeps it in the field "
        "`service_level`, a table with the rows `before` and `after`.",
        "Subtract the `share` of the row `before` from that of the row `after`, and multiply "
        "by 100.",
    ),
)

Q6 = Choice(
    id="09.6",
    title="Should Caspian Home cut its unprofitable customers?",
    options={
        "a": "Yes: they are a kind of customer that loses money, and dropping them raises "
        "profit at once.",
        "b": "Not before repricing: they paid far more below list price than the others, so a "
        "discount policy, not a kind of customer, loses the money.",
        "c": "No: every customer brings revenue, so no customer is unprofitable.",
        "d": "Yes, but by segment: drop the corporate customers, who are most of the "
        "unprofitable ones.",
    },
    expected=_tail_reading,
    mistakes=(
        Mistake(
            "cut_them",
            option("a"),
            "Look at what the unprofitable customers paid against list price: the loss comes "
            "with the discount, which the company sets.",
        ),
        Mistake(
            "revenue_not_profit",
            option("c"),
            "Revenue is not profit: after the cost of goods, of sale and of service, some "
            "customers lose money.",
        ),
        Mistake(
            "segment_blamed",
            option("d"),
            "Compare the segment mix of the unprofitable customers with that of the others: "
            "it is much the same.",
        ),
    ),
    takeaway="Before eliminating unprofitable customers, as the seminar's CRM goals suggest, "
    "find out why they are unprofitable.",
    hints=(
        "Compare the unprofitable customers with the profitable ones: what they paid, and "
        "which segments they come from.",
        "The plan of the first code cell (`caspian_plan`) has the field `tail_profile`, one "
        "row for each group.",
        "Read its columns `discount` (percent below list price) and the segment shares, row "
        "by row.",
    ),
)

Q7 = Reflection(
    id="09.7",
    title="One page of the plan: the top priority",
    hints=(
        "Start from your answer to 09.4: which measure, which group is furthest off, and "
        "which notebook of the course measures it.",
        "Strategic Six Sigma takes on the process behind a measure off target; the roles "
        "table says who chooses the project and who leads it.",
        "Write the goal (a target), the project (DMAIC or DFSS, and its first step), who does "
        "what, and the comparison that would show the change worked.",
    ),
)

EXERCISE = Exercise(
    id="09",
    file="09_capstone_scorecard.ipynb",
    title="Capstone: a CRM plan and its scorecard",
    questions=(Q1, Q2, Q3, Q4, Q5, Q6, Q7),
)
