"""Exercises 05, Customer satisfaction measurement: NPS and its noise, CSI, ACSI, SERVQUAL, IPA.

The questions practise the NPS of the latest wave (promoters answer 9 or 10), how many answers
a survey needs before a 5-point change is more than noise (two surveys, not one), the
importance-weighted CSI (weights that sum to 1, performance rescaled from the scale's lowest
point), which driver the ACSI's estimated paths say moves satisfaction (paths, not indices),
the widest SERVQUAL gap (perception minus expectation), what the importance-performance grid
says about delivery, and the change in NPS of the customers who answered both waves (like with
like, not all respondents).
"""

from __future__ import annotations

import numpy as np

from crmkit import satisfaction
from crmkit.exercises._questions import (
    Choice,
    Exercise,
    Mistake,
    Number,
    Reflection,
    option,
    shared,
)

#: The change in NPS points that 05.2 asks to tell from noise.
CHANGE = 5.0
#: The ACSI drivers of customer satisfaction, and the options of 05.4 that name them.
DRIVER_LETTER = {"expectations": "a", "quality": "b", "value": "c"}
#: The IPA quadrants, and the options of 05.6 that name them.
QUADRANT_LETTER = {
    "concentrate here": "a",
    "keep up the good work": "b",
    "low priority": "c",
    "possible overkill": "d",
}


def _wave2(t):
    surveys = t["surveys"]
    return surveys[surveys["wave"] == 2]


@shared
def _nps2(t):
    return satisfaction.nps(_wave2(t))


def _nps(t):
    return float(_nps2(t).score)


def _needed(t, change=CHANGE):
    return float(satisfaction.nps_noise(t["surveys"], change=change).n_needed)


@shared
def _csi(t):
    return satisfaction.csi(_wave2(t))


def _csi_index(t):
    return float(_csi(t).index)


def _csi_unnormalised(t):
    columns = [f"imp_{a}" for a in satisfaction.ATTRIBUTES]
    importance = _wave2(t)[columns].mean().to_numpy()
    return float((importance * _csi(t).performance.to_numpy()).sum())


def _csi_from_zero(t):
    columns = [f"perf_{a}" for a in satisfaction.ATTRIBUTES]
    performance = _wave2(t)[columns].mean().to_numpy()
    return float((_csi(t).weights.to_numpy() * performance / 5 * 100).sum())


@shared
def _acsi(t):
    return satisfaction.acsi_index(t["surveys"])


def _strongest_driver(t):
    paths = _acsi(t).paths
    into = paths[paths["target"] == "satisfaction"].set_index("source")["coefficient"]
    return DRIVER_LETTER[into.idxmax()]


def _highest_index(t):
    return DRIVER_LETTER[_acsi(t).construct_indices[list(DRIVER_LETTER)].idxmax()]


@shared
def _gaps(t):
    return satisfaction.servqual_gaps(_wave2(t))["gap"]


def _widest_gap(t):
    return float(_gaps(t).drop("overall").min())


def _delivery(t, **options):
    grid = satisfaction.ipa(_wave2(t), **options).set_index("attribute")
    return QUADRANT_LETTER[grid.loc["delivery", "quadrant"]]


@shared
def _nps_change(t):
    return satisfaction.wave_change(t["surveys"], "nps_score", statistic="nps")["change"]


def _same_customers(t):
    return float(_nps_change(t)["answered both waves"])


Q1 = Number(
    id="05.1",
    title="The net promoter score of the latest wave",
    unit="a score from -100 to 100",
    expected=_nps,
    abs_tol=0.05,
    mistakes=(
        Mistake(
            "promoters_from_7",
            lambda t: float(satisfaction.nps(_wave2(t), promoters_from=7).score),
            "Promoters are those who answer 9 or 10; counting from 7 takes in the passives.",
        ),
        Mistake(
            "promoters_only",
            lambda t: float(_nps2(t).promoters),
            "That is the share of promoters; the NPS subtracts the share of detractors from it.",
        ),
        Mistake(
            "all_waves",
            lambda t: float(satisfaction.nps(t["surveys"]).score),
            "That is the NPS of both waves together; the question asks about the latest wave, "
            "wave 2.",
        ),
        Mistake(
            "proportion",
            lambda t: _nps(t) / 100,
            "That looks like a difference of proportions; the NPS is in points, the percentage "
            "of promoters minus the percentage of detractors.",
            scale=0.01,
        ),
    ),
    takeaway="The NPS counts only the extremes (promoters 9-10, detractors 0-6), which is "
    "why it is noisy: 05.2 measures how noisy.",
    hints=(
        "Reichheld's NPS sorts the 0-10 answers into promoters, passives and detractors and "
        "subtracts one share from another.",
        "`satisfaction.nps(...)` on the answers of wave 2 (`surveys[surveys['wave'] == 2]`) "
        "returns a result with the score, its parts and its interval.",
        "Take the field `score` of the result (the promoters and detractors fields are its "
        "parts, in percent).",
    ),
)

Q2 = Number(
    id="05.2",
    title="How many answers tell a 5-point change from noise?",
    unit="a number of answers per survey",
    expected=_needed,
    abs_tol=0.5,
    mistakes=(
        Mistake(
            "one_survey",
            lambda t: _needed(t, CHANGE * np.sqrt(2)),
            "That many answers make the margin of one NPS 5 points; a change is the "
            "difference of two surveys, whose noise is larger by a factor of the square root "
            "of 2.",
        ),
        Mistake(
            "whole_width",
            lambda t: _needed(t, CHANGE / 2),
            "That makes the whole interval of the difference 5 points wide; the question asks "
            "for a margin (half the width) of 5 points.",
        ),
    ),
    takeaway="A difference between two surveys is noisier than either of them: a few "
    "hundred answers cannot tell a 5-point move from chance.",
    hints=(
        "Each answer counts +1, 0 or -1, so the NPS is a noisy mean; two surveys of customers "
        "who feel exactly the same still differ by chance.",
        "`satisfaction.nps_noise(tables['surveys'], change=5)` computes the noise from the "
        "shares of promoters and detractors of all answers.",
        "Its field `n_needed` is the number of answers per survey for which the 95% margin of "
        "the difference of two NPS is the change you name.",
    ),
)

Q3 = Number(
    id="05.3",
    title="The importance-weighted CSI of the latest wave",
    unit="an index from 0 to 100",
    expected=_csi_index,
    abs_tol=0.05,
    mistakes=(
        Mistake(
            "equal_weights",
            lambda t: float(_csi(t).performance.mean()),
            "That weighs every attribute the same; the CSI weights each by its share of the "
            "stated importance.",
        ),
        Mistake(
            "weights_not_normalised",
            _csi_unnormalised,
            "Your weights do not sum to 1: divide each attribute's mean importance by the sum "
            "of them all before weighting.",
        ),
        Mistake(
            "rescaled_from_zero",
            _csi_from_zero,
            "The scale starts at 1, not 0: rescale a mean performance P as (P - 1) / (5 - 1) x "
            "100, so that the lowest answer is 0.",
        ),
    ),
    takeaway="The CSI is a weighted mean of the attributes' performance: a weak attribute "
    "with a heavy weight pulls it down most.",
    hints=(
        "The CSI rescales each attribute's mean performance to 0-100 and weights it by how "
        "important customers say the attribute is.",
        "`satisfaction.csi(...)` on the answers of wave 2 computes it from the `imp_` and "
        "`perf_` columns.",
        "The result's field `index` is the CSI; its `weights` (summing to 1) and "
        "`performance` (0-100) show how it was built.",
    ),
)

Q4 = Choice(
    id="05.4",
    title="ACSI: which driver moves satisfaction most?",
    options={
        "a": "Customer expectations: what customers expected before buying.",
        "b": "Perceived quality: how good customers found the products and the service.",
        "c": "Perceived value: quality against the price paid.",
        "d": "None more than the others: the estimated item weights are nearly equal, so the "
        "three drivers matter about the same.",
    },
    expected=_strongest_driver,
    mistakes=(
        Mistake(
            "index_for_path",
            _highest_index,
            "That driver has the highest 0-100 index, a level; which driver *moves* "
            "satisfaction is read from the path coefficients of the arrows into it.",
        ),
        Mistake(
            "weights_for_paths",
            option("d"),
            "The near-equal numbers are the items' weights within each construct; the paths "
            "between the constructs are what say which driver moves satisfaction.",
        ),
    ),
    takeaway="The ACSI's paths are estimated from how the answers hang together, so they say "
    "where an improvement would move satisfaction most.",
    hints=(
        "In the ACSI model three constructs point at customer satisfaction; the estimated "
        "strength of each arrow is what the question is about.",
        "`satisfaction.acsi_index(tables['surveys'])` estimates the model by PLS on all "
        "answers; its `paths` table has one row per arrow (source, target, coefficient).",
        "Keep the rows whose target is 'satisfaction' and find the source with the largest "
        "coefficient (`.idxmax()` on a Series indexed by source).",
    ),
)

Q5 = Number(
    id="05.5",
    title="SERVQUAL: the widest gap",
    unit="a gap on the 1-7 scale (perception minus expectation)",
    expected=_widest_gap,
    abs_tol=0.005,
    mistakes=(
        Mistake(
            "expectation_minus_perception",
            lambda t: -_widest_gap(t),
            "The sign is reversed: a SERVQUAL gap is perception minus expectation, so a "
            "dimension that falls short has a negative gap.",
        ),
        Mistake(
            "overall_gap",
            lambda t: float(_gaps(t)["overall"]),
            "That is the overall gap, the mean of the five dimensions; the question asks for "
            "the dimension that falls shortest.",
        ),
        Mistake(
            "smallest_gap",
            lambda t: float(_gaps(t).drop("overall").max()),
            "That is the dimension whose gap is closest to zero; the widest gap is the most "
            "negative one.",
        ),
    ),
    takeaway="A negative gap says where service falls short of what customers expect, and "
    "so where to act first.",
    hints=(
        "SERVQUAL compares, on five dimensions, what customers expect with what they perceive; "
        "the gap is the difference.",
        "`satisfaction.servqual_gaps(...)` on the answers of wave 2 gives one row per "
        "dimension (and one for the overall score) with the column `gap`.",
        "Leave out the row 'overall' and take the most negative `gap` (`.min()`).",
    ),
)

Q6 = Choice(
    id="05.6",
    title="IPA: what to do about delivery",
    options={
        "a": "Concentrate here: customers find delivery important and it performs below the "
        "average, so improve it first.",
        "b": "Keep up the good work: delivery is important and performs above the average.",
        "c": "Low priority: delivery matters less than the average and performs below it.",
        "d": "Possible overkill: delivery matters less than the average but performs above "
        "it, so effort could move elsewhere.",
    },
    expected=_delivery,
    mistakes=(
        Mistake(
            "axes_swapped",
            lambda t: _delivery(t, importance="perf_{}", performance="imp_{}"),
            "That reading swaps the axes: importance is read from the `imp_` answers and "
            "performance from the `perf_` answers.",
        ),
        Mistake(
            "importance_only",
            option("b"),
            "Importance alone does not place an attribute in that quadrant: it also needs a "
            "mean performance above the average of the attributes.",
        ),
    ),
    takeaway="The grid's quadrants turn two ratings into a priority: important and "
    "under-performing is where improvement pays.",
    hints=(
        "The importance-performance grid places each attribute by its mean importance and "
        "its mean performance, with cross-hairs at the averages.",
        "`satisfaction.ipa(...)` on the answers of wave 2 gives one row per attribute with its "
        "`quadrant`.",
        "Read the quadrant of the attribute 'delivery' and pick the option that states it.",
    ),
)

Q7 = Number(
    id="05.7",
    title="Two waves: the change of the same customers",
    unit="a change in NPS points",
    expected=_same_customers,
    abs_tol=0.05,
    mistakes=(
        Mistake(
            "all_respondents",
            lambda t: float(_nps_change(t)["all respondents"]),
            "That compares everybody who answered each wave; the customers who left between "
            "the waves answered only the first, so compare the customers who answered both.",
        ),
        Mistake(
            "mean_for_nps",
            lambda t: float(
                satisfaction.wave_change(t["surveys"], "nps_score").loc[
                    "answered both waves", "change"
                ]
            ),
            "That is the change of the mean answer on the 0-10 scale; the question asks for the "
            "change of the NPS (statistic='nps').",
        ),
        Mistake(
            "reversed_sign",
            lambda t: -_same_customers(t),
            "The sign is reversed: a change is the second wave minus the first.",
        ),
    ),
    takeaway="A survey's average moves when who answers moves: compare the same customers "
    "with themselves before crediting a project with the change.",
    hints=(
        "Wave 2 could only be answered by customers who were still customers in September "
        "2024; the honest measure of a change compares customers with themselves.",
        "`satisfaction.wave_change(tables['surveys'], 'nps_score', statistic='nps')` gives the "
        "change for all respondents and for the customers who answered both waves.",
        "Read the column `change` in the row 'answered both waves'.",
    ),
)

Q8 = Reflection(
    id="05.8",
    title="A note to the board on the rise between the waves",
    hints=(
        "Two things can make a wave-to-wave rise look bigger than it is: chance, and a change "
        "of who answers.",
        "Your answers to 05.2 and 05.7 measure each of them; the lecture's `wave_change` "
        "table shows both rows with their intervals.",
        "Say how large the rise is for the same customers, with its interval, what part of "
        "the raw rise is a change of respondents, and what the board may and may not "
        "conclude about the CRM project.",
    ),
)

EXERCISE = Exercise(
    id="05",
    file="05_customer_satisfaction.ipynb",
    title="Customer satisfaction measurement",
    questions=(Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8),
)
