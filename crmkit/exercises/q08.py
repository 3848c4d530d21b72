"""Exercises 08, Six Sigma and DMAIC: the complaint process of Caspian Home, step by step.

The questions practise the Pareto of complaint causes (complaints only, not every ticket),
DPMO of the 2023 baseline (one opportunity per ticket), the sigma level with the
conventional 1.5 sigma shift, Cpk on the log scale with both specification limits, the
upper control limit of an X-bar chart (of means of five, not of single tickets), reading a
run with the Western Electric rules, and the before/after test of the process change as a
ratio of geometric means.
"""

from __future__ import annotations

import numpy as np

from crmkit import sixsigma
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

#: The target of every ticket (48 hours) and the four-hour lower limit of notebook 08.
LSL_HOURS, USL_HOURS = 4.0, 48.0


def _year(t, year):
    tickets = t["tickets"]
    return tickets[tickets["opened_at"].dt.year == year]


@shared
def _pareto(t):
    return sixsigma.pareto_table(t["tickets"])


def _top_two(t):
    return float(_pareto(t)["cumulative_share"].iloc[1])


@shared
def _baseline(t):
    """Defects of the 2023 tickets (the old process), one opportunity per ticket."""
    return sixsigma.defects_summary(_year(t, 2023))


@shared
def _baseline_three(t):
    return sixsigma.defects_summary(_year(t, 2023), opportunities=3)


def _dpmo(t):
    return _baseline(t).dpmo


def _sigma(t):
    return _baseline(t).sigma_level


def _logged(tickets):
    return tickets.assign(log_hours=np.log(sixsigma.resolution_hours(tickets)))


@shared
def _capability(t):
    spec = {"lsl": np.log(LSL_HOURS), "usl": np.log(USL_HOURS)}
    return sixsigma.capability(_logged(_year(t, 2023)), "log_hours", **spec, order="opened_at")


def _raw_cpk(t):
    before = _year(t, 2023)
    hours = before.assign(hours=sixsigma.resolution_hours(before))
    return sixsigma.capability(hours, "hours", lsl=LSL_HOURS, usl=USL_HOURS, order="opened_at").cpk


@shared
def _xbar_r(t):
    """Each week's first five tickets of 2024, on an X-bar/R chart."""
    samples = sixsigma.ticket_samples(_year(t, 2024), size=5, freq="W")
    return sixsigma.xbar_r_chart(samples, "hours", "period")


def _ucl(t):
    return float(_xbar_r(t)["xbar_ucl"].iloc[0])


def _xbar_row(t):
    return _xbar_r(t).iloc[0]


@shared
def _change(t):
    return sixsigma.before_after(t["tickets"], change="2024-01-01")


def _ratio(t):
    return _change(t).effect


Q1 = Number(
    id="08.1",
    title="The vital few: the top two causes of complaints",
    unit="a proportion between 0 and 1",
    expected=_top_two,
    mistakes=(
        Mistake(
            "all_tickets",
            lambda t: float(
                sixsigma.pareto_table(t["tickets"], ticket_type=None)["cumulative_share"].iloc[1]
            ),
            "That counts every ticket, service requests too, whose causes are of their own; "
            "the question asks about the complaints (pareto_table's default).",
        ),
        Mistake(
            "three_causes",
            lambda t: float(_pareto(t)["cumulative_share"].iloc[2]),
            "That is the cumulative share of the top three causes; the question asks for the "
            "top two.",
        ),
        percent_for_proportion(_top_two),
    ),
    takeaway="A few causes produce most of the complaints: the Analyze step attacks them "
    "first, and asks why with a fishbone diagram and five whys.",
    hints=(
        "A Pareto chart sorts the causes by how often they occur and adds up their shares; "
        "only complaints count here, not service requests.",
        "`sixsigma.pareto_table(tables['tickets'])` counts the complaint tickets by `cause` "
        "(its default), sorted with the most frequent first.",
        "Its column `cumulative_share` adds the shares row by row: read it in the second row "
        "(`.iloc[1]`).",
    ),
)

Q2 = Number(
    id="08.2",
    title="DPMO of the old process",
    unit="defects per million opportunities",
    expected=_dpmo,
    abs_tol=1.0,
    mistakes=(
        Mistake(
            "dpu_for_dpmo",
            lambda t: _baseline(t).dpu,
            "That is DPU, defects per unit; DPMO counts defects per million opportunities, "
            "10**6 x D / (U x O).",
        ),
        Mistake(
            "yield_per_million",
            lambda t: 1e6 * _baseline(t).process_yield,
            "That counts the tickets solved in time per million, the yield; DPMO counts the "
            "defects, the tickets solved late.",
        ),
        Mistake(
            "three_opportunities",
            lambda t: _baseline_three(t).dpmo,
            "That spreads the defects over three opportunities per ticket; here a ticket has "
            "one opportunity for the defect (solved after its target).",
        ),
        Mistake(
            "after_for_before",
            lambda t: sixsigma.defects_summary(_year(t, 2024)).dpmo,
            "That is 2024, the new process; the baseline is 2023, the last full year before "
            "the change.",
        ),
    ),
    takeaway="Counting opportunities is a convention: more opportunities per ticket lower "
    "DPMO without any customer noticing.",
    hints=(
        "A ticket solved after its target is a defect; each ticket is a unit with one "
        "opportunity for that defect. The baseline is the tickets opened in 2023.",
        "`sixsigma.defects_summary(tickets)` counts the defects and gives DPU, DPMO, yield and "
        "the sigma level; select the 2023 tickets with `tickets['opened_at'].dt.year == 2023`.",
        "Read the field `dpmo` (with the default `opportunities=1`).",
    ),
)

Q3 = Number(
    id="08.3",
    title="The sigma level of the old process",
    unit="a sigma level (with the 1.5 sigma shift)",
    expected=_sigma,
    abs_tol=0.005,
    mistakes=(
        Mistake(
            "no_shift",
            lambda t: _baseline(t).sigma_level_no_shift,
            "That is the sigma level without the shift; by Motorola's convention the 1.5 "
            "sigma shift is added (shift=1.5).",
        ),
        Mistake(
            "dpo_for_dpmo",
            lambda t: float(sixsigma.sigma_level(_baseline(t).dpo)),
            "You passed the share of defects to sigma_level, which expects DPMO, defects per "
            "million opportunities.",
        ),
        Mistake(
            "three_opportunities",
            lambda t: _baseline_three(t).sigma_level,
            "That counts three opportunities per ticket, which inflates the sigma level; here a "
            "ticket has one opportunity for the defect.",
        ),
    ),
    takeaway="Say which convention a sigma level uses: with the shift, a six sigma process "
    "makes 3.4 defects per million; without it, about one per billion.",
    hints=(
        "The sigma level is the normal quantile of the yield, plus a conventional shift for "
        "the drift of the process mean in the long run.",
        "`sixsigma.defects_summary(...)` of the 2023 tickets has `sigma_level` (with the "
        "shift) and `sigma_level_no_shift`; `sixsigma.sigma_level(dpmo)` converts a DPMO.",
        "Keep the default shift of 1.5 and one opportunity per ticket.",
    ),
)

Q4 = Number(
    id="08.4",
    title="Cpk of the old process, on the log scale",
    unit="a capability index (Cpk)",
    expected=lambda t: _capability(t).cpk,
    abs_tol=0.005,
    mistakes=(
        Mistake(
            "cp_for_cpk",
            lambda t: _capability(t).cp,
            "That is Cp, which compares the spread with the width of the specification only; "
            "Cpk also asks how far the mean is from the nearer limit.",
        ),
        Mistake(
            "lower_side",
            lambda t: _capability(t).cpl,
            "That is the index of the lower limit (Cpl); Cpk is the smaller of the two sides, "
            "the nearer limit.",
        ),
        Mistake(
            "not_logged",
            _raw_cpk,
            "That is computed on the hours themselves; resolution times are skewed, so take "
            "the logarithm of the hours and of both limits first.",
        ),
    ),
    takeaway="Far below the 1.33 an existing process should reach: the old process was too "
    "slow for its target, and too variable.",
    hints=(
        "Cpk counts, in units of three short-term standard deviations, how far the process "
        "mean is from the nearer specification limit.",
        "`sixsigma.capability(data, 'log_hours', lsl=..., usl=..., order='opened_at')` on the "
        "2023 tickets, with a column `log_hours = np.log(sixsigma.resolution_hours(...))`.",
        "The limits are logged too: `lsl=np.log(4)`, `usl=np.log(48)`; read the field `cpk`.",
    ),
)

Q5 = Number(
    id="08.5",
    title="The X-bar chart's upper control limit",
    unit="hours (a limit for the mean of five tickets)",
    expected=_ucl,
    abs_tol=0.05,
    mistakes=(
        Mistake(
            "individuals_limit",
            lambda t: float(
                _xbar_row(t)["xbar_centre"] + 3 * _xbar_row(t)["xbar_sigma"] * np.sqrt(5)
            ),
            "That limit is three standard deviations of a single ticket; the mean of five "
            "tickets varies less, by the square root of 5, so its limits are closer.",
        ),
        Mistake(
            "range_chart_limit",
            lambda t: float(_xbar_row(t)["r_ucl"]),
            "That is the upper limit of the R chart, for the range of a subgroup; the question "
            "asks for the limit of the subgroup means.",
        ),
        Mistake(
            "two_sigma",
            lambda t: float(_xbar_row(t)["xbar_centre"] + 2 * _xbar_row(t)["xbar_sigma"]),
            "That is two standard deviations above the centre line, where rule 2 looks; the "
            "control limit is three.",
        ),
    ),
    takeaway="The limits of a chart of means narrow with the square root of the subgroup "
    "size: a larger subgroup sees a smaller shift.",
    hints=(
        "A control limit sits three standard deviations of the plotted statistic above the "
        "centre line; here the statistic is the mean of a subgroup of five tickets.",
        "`sixsigma.ticket_samples(tickets_2024, size=5, freq='W')` takes each week's first "
        "five tickets of 2024; `sixsigma.xbar_r_chart(samples, 'hours', 'period')` charts them.",
        "Read the column `xbar_ucl` (the same in every row): the centre plus A2 times the mean "
        "range.",
    ),
)

Q6 = Choice(
    id="08.6",
    title="Eight in a row",
    options={
        "a": "The process is in control, because no point lies beyond the control limits.",
        "b": "Rule 4 flags the eighth point: a run that long on one side is a sign of a "
        "special cause, such as a shift of the process mean, to be found and explained.",
        "c": "It is a chance pattern of a stable process; only a point beyond three sigma "
        "would be a signal.",
        "d": "The control limits are wrong; recompute them with these subgroups included and the "
        "run disappears.",
    },
    expected=option("b"),
    mistakes=(
        Mistake(
            "rule_1_only",
            option("a"),
            "Points inside the limits can still form a pattern that chance rarely makes; the "
            "Western Electric rules 2 to 4 look for those patterns.",
        ),
        Mistake(
            "chance_pattern",
            option("c"),
            "In a stable process each point falls above or below the centre about half the "
            "time, so eight in a row on one side happens by chance less than once in a hundred "
            "runs.",
        ),
        Mistake(
            "recompute_limits",
            option("d"),
            "Limits are recomputed after a change has been explained and made part of the "
            "process, not to make a signal disappear.",
        ),
    ),
    takeaway="The runs rules catch a moderate shift long before a point crosses a limit: "
    "that is why the Western Electric rules exist.",
    hints=(
        "The Western Electric rules flag patterns, not only points beyond the limits.",
        "`sixsigma.western_electric(values, centre, sigma)` checks four rules; read the "
        "notebook's table of what each rule looks for.",
        "What is the chance that eight points of a stable process in a row all fall on the "
        "same side of the centre line? And what did the monthly X-bar chart of 2023 and 2024 "
        "show around the change?",
    ),
)

Q7 = Number(
    id="08.7",
    title="Did the process change work?",
    unit="a ratio, after / before (below 1: faster after the change)",
    expected=_ratio,
    abs_tol=0.005,
    mistakes=(
        Mistake(
            "inverted_ratio",
            lambda t: 1 / _ratio(t),
            "That is the ratio upside down (before / after); the effect is after over before.",
        ),
        Mistake(
            "reduction_for_ratio",
            lambda t: 1 - _ratio(t),
            "That is the reduction (1 - ratio); the question asks for the ratio itself.",
        ),
        Mistake(
            "difference_of_means",
            lambda t: sixsigma.before_after(t["tickets"], test="welch").effect,
            "That is the difference of the mean hours; resolution times are skewed, so the "
            "test compares their logarithms, and the effect is a ratio of geometric means.",
            scale=100,
        ),
    ),
    takeaway="On the log scale the change multiplied every ticket's time by about the same "
    "factor: short and long tickets alike became faster.",
    hints=(
        "Resolution times are skewed: compare their logarithms before and after the change "
        "of 1 January 2024, and turn the difference back into a ratio.",
        "`sixsigma.before_after(tables['tickets'], change='2024-01-01')` runs Welch's test on "
        "the log hours (its default test).",
        "Read the field `effect`, the ratio of geometric means after / before (its "
        "`effect_label` says so).",
    ),
)

Q8 = Reflection(
    id="08.8",
    title="The next DMAIC project",
    hints=(
        "Compute Cp and Cpk for 2024 as in 08.4: which of them rose after the change, and "
        "what does that say about the centre and the spread of the process?",
        "Strategic Six Sigma improves both the mean and the variation; which of the two is "
        "left for the next project?",
        "Name the CTQ and the defect, the DMAIC step each of this notebook's tools belongs "
        "to, and the chart that would watch the gain in Control; say whether DMAIC or DFSS "
        "fits.",
    ),
)

EXERCISE = Exercise(
    id="08",
    file="08_six_sigma_dmaic.ipynb",
    title="Six Sigma and DMAIC for CRM processes",
    questions=(Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8),
)
