"""Exercises 04, Swift's CRM process model: touchpoints, lift against a control group, refine.

The questions practise Swift's *connection* (the customer-by-channel touchpoint matrix:
channels are not touchpoints), one turn of his loop on campaign K01 (the lift is the
treatment's response rate minus the randomised control group's, not the treatment's rate
alone), what each response the campaign *added* cost, reading a lift's interval before the
refine step (a point estimate below zero is not proof of harm) and planning the next turn.
"""

from __future__ import annotations

from crmkit import swift
from crmkit.exercises._questions import (
    Choice,
    Exercise,
    Mistake,
    Number,
    Reflection,
    option,
    shared,
)

#: The campaign of turn 1 of the loop, which 04.2-04.4 measure.
TURN_1 = "K01"


@shared
def _reach(t):
    """Channels with at least one touchpoint, per customer (every customer of the table)."""
    matrix = swift.touchpoint_matrix(t["interactions"], customers=t["customers"])
    return (matrix > 0).sum(axis="columns"), matrix.sum(axis="columns")


def _channels(t):
    reach, _ = _reach(t)
    return float(reach[reach > 0].mean())


@shared
def _turn1(t):
    return swift.loop_turn(t["campaign_contacts"], t["customers"], campaign_id=TURN_1)


def _small_business(t):
    return _turn1(t).lift.loc["small_business"]


def _sb_lift(t):
    return float(_small_business(t)["lift"])


@shared
def _economics(t):
    return swift.campaign_economics(t["campaign_contacts"], t["campaigns"]).loc[TURN_1]


def _cpir(t):
    return float(_economics(t)["cost_per_incremental_response"])


def _per_response(t):
    responses = swift.campaign_lift(
        t["campaign_contacts"][t["campaign_contacts"]["campaign_id"] == TURN_1]
    ).loc["all", "responses_treatment"]
    return float(_economics(t)["cost"] / responses)


def _control_paid(t):
    row = _economics(t)
    per_contact = row["cost"] / row["n_treatment"]
    return float(
        per_contact * (row["n_treatment"] + row["n_control"]) / row["incremental_responses"]
    )


#: Options of 04.4, keyed by the verdict of :func:`crmkit.swift.lift_verdict` they state.
_VERDICT_LETTER = dict(zip(swift.VERDICTS, ("a", "b", "c"), strict=True))


def _corporate_reading(t):
    return _VERDICT_LETTER[swift.lift_verdict(_turn1(t).lift)["corporate"]]


Q1 = Number(
    id="04.1",
    title="Connection: channels per reached customer",
    unit="a mean number of channels (between 1 and 5)",
    expected=_channels,
    abs_tol=0.005,
    mistakes=(
        Mistake(
            "all_customers",
            lambda t: float(_reach(t)[0].mean()),
            "That average includes the customers with no recorded touchpoint at all (zero "
            "channels); the question asks about the customers with at least one.",
        ),
        Mistake(
            "touchpoints_for_channels",
            lambda t: float(_reach(t)[1][_reach(t)[0] > 0].mean()),
            "That is the number of touchpoints per customer; count the channels with at least "
            "one touchpoint instead (a customer who phoned three times used one channel).",
        ),
    ),
    takeaway="Swift's connection maps where each customer meets the company: a channel mix "
    "is read from the matrix's zeros as much as from its counts.",
    hints=(
        "Swift's connection component starts with a map of which customer meets the company "
        "through which channel: one row per customer, one column per channel.",
        "`swift.touchpoint_matrix(tables['interactions'], customers=tables['customers'])` "
        "counts every touchpoint per customer and channel, with a row of zeros for a "
        "customer who has none.",
        "`(matrix > 0).sum(axis='columns')` is each customer's number of channels; keep the "
        "customers for whom it is above 0 and take the mean.",
    ),
)

Q2 = Number(
    id="04.2",
    title="Turn 1: the lift for small businesses",
    unit="a lift in proportion units (0.04 for 4 percentage points)",
    expected=_sb_lift,
    mistakes=(
        Mistake(
            "treatment_rate_only",
            lambda t: float(_small_business(t)["rate_treatment"]),
            "That is the response rate of the contacted customers alone; some of them would "
            "have ordered anyway, so subtract the rate of the held-out control group.",
        ),
        Mistake(
            "relative_lift",
            lambda t: float(
                _small_business(t)["rate_treatment"] / _small_business(t)["rate_control"] - 1
            ),
            "That is the relative lift (treatment rate / control rate - 1); the question asks "
            "for the difference of the two rates.",
        ),
        Mistake(
            "reversed_sign",
            lambda t: -_sb_lift(t),
            "The sign is reversed: the lift is the treatment's rate minus the control's, so a "
            "campaign that added responses has a positive lift.",
        ),
        Mistake(
            "points",
            lambda t: 100 * _sb_lift(t),
            "That looks like percentage points; give the lift in proportion units (a lift of "
            "4 points is 0.04).",
            scale=100,
        ),
    ),
    takeaway="Only the difference from a randomly held-out group estimates what the contact "
    "caused; the interval says how much of it could be chance.",
    hints=(
        "A campaign's effect is what the contacted customers did beyond what the held-out "
        "customers did anyway, segment by segment.",
        "`swift.loop_turn(tables['campaign_contacts'], tables['customers'], "
        "campaign_id='K01')` runs one turn of the loop; its `lift` table has one row per "
        "segment.",
        "Read the column `lift` in the row `small_business` (in proportion units, the "
        "treatment's rate minus the control's).",
    ),
)

Q3 = Number(
    id="04.3",
    title="Turn 1: what each extra response cost",
    unit="USD per incremental response",
    expected=_cpir,
    abs_tol=0.005,
    mistakes=(
        Mistake(
            "all_responses",
            _per_response,
            "That divides the cost by every response of the contacted customers; some of them "
            "would have ordered without the contact, so divide by the responses the campaign "
            "added over the control group's rate.",
        ),
        Mistake(
            "control_group_paid",
            _control_paid,
            "That charges the held-out customers too; the control group was not contacted, so "
            "only the treatment group's contacts cost money.",
        ),
    ),
    takeaway="The cost per incremental response is what the campaign paid for each response "
    "it caused; counting all responses makes a campaign look cheaper than it was.",
    hints=(
        "Only contacted customers cost money, and only the responses above the control "
        "group's rate were caused by the contact.",
        "`swift.campaign_economics(tables['campaign_contacts'], tables['campaigns'])` has one "
        "row per campaign with its cost, its incremental responses and their ratio.",
        "Read the row 'K01' of the column `cost_per_incremental_response` (the whole "
        "campaign, all segments together).",
    ),
)

Q4 = Choice(
    id="04.4",
    title="Turn 1: reading the corporate lift",
    options={
        "a": "A real gain: the whole interval lies above zero, so keep corporate buyers in the "
        "next turn.",
        "b": "Not clear: the interval covers zero, so this is no evidence of an effect either "
        "way; drop corporate from the next turn and test it again with a larger group.",
        "c": "A real loss: the whole interval lies below zero, so the contact lowered their "
        "response; drop them and find out why.",
        "d": "The point estimate decides: below zero the campaign drove corporate buyers away "
        "for good, above zero it worked for them.",
        "e": "It cannot be judged: the control group was never contacted, so it says nothing "
        "about the campaign.",
    },
    expected=_corporate_reading,
    mistakes=(
        Mistake(
            "point_estimate_only",
            option("d"),
            "A point estimate from a few dozen customers per group moves a lot by chance; read "
            "the interval before deciding anything about the segment.",
        ),
        Mistake(
            "control_group_useless",
            option("e"),
            "The control group is what makes the campaign measurable: it shows how many "
            "customers respond without a contact, so the difference is the campaign's effect.",
        ),
    ),
    takeaway="Read a lift by its interval: wholly above zero a real gain, wholly below a real "
    "loss, across zero no evidence either way, which is not proof of no effect.",
    hints=(
        "Look at where the corporate interval lies relative to zero, not only at its point "
        "estimate, and at how many customers it rests on.",
        "The `lift` table of `swift.loop_turn(...)` for K01 has `ci_low` and `ci_high` per "
        "segment; `swift.lift_verdict(turn.lift)` says in words what each interval shows.",
        "Take the corporate row: is its lower end above zero, its upper end below zero, or "
        "neither? Choose the reading (and the action) that matches.",
    ),
)

Q5 = Reflection(
    id="04.5",
    title="Turn 3: keep the households?",
    hints=(
        "One turn's interval is one piece of evidence; the loop keeps a memory of every turn "
        "against its own control group.",
        "`swift.compare_turns(...)` shows both turns side by side; "
        "`swift.campaign_lift(tables['campaign_contacts'], by='segment', "
        "customers=tables['customers'])` pools them.",
        "Weigh the pooled lift and its interval, the cost per incremental response against "
        "what a response order brings (and its margin), and say what turn 3 would measure.",
    ),
)

EXERCISE = Exercise(
    id="04",
    file="04_swift_process_model.ipynb",
    title="Swift's CRM process model",
    questions=(Q1, Q2, Q3, Q4, Q5),
)
