r"""The CRM plan: the seminar's six questions answered with the measures of the course.

Notebook 09 closes the course with a one-page CRM plan for the company. Every number in
it comes from the function of the notebook that teaches it, called here with the same
conventions, so the plan stays true when the data change:

- Q1 *what CRM has done*: the HSE (2007) indicators before and after the CRM launch
  (:func:`crmkit.lifecycle.hse_indicators`, notebook 01);
- Q2 *which activities build the relationship*: the relationship dimension that drives
  retention (:func:`crmkit.relationship.loyalty_drivers`, notebook 02) and the campaign
  lift per segment (:func:`crmkit.swift.campaign_lift`, notebook 04);
- Q3 *how it is measured*: retention with its interval
  (:func:`crmkit.lifecycle.retention_rate`), NPS with its interval, CSI and ACSI
  (:mod:`crmkit.satisfaction`, notebook 05) and the scorecard's share of measures on
  target (:mod:`crmkit.scorecard`);
- Q4 *with whom*: profit and CLV per segment, the RFM segments worth keeping and the
  unprofitable tail (:mod:`crmkit.value`, notebook 06);
- Q5 *how to improve*: the vital few complaint causes, the effect of the process change
  (:mod:`crmkit.sixsigma`, notebook 08) and the loyalty programme's effect, naive and
  adjusted (:func:`crmkit.loyalty.programme_effect`, notebook 07);
- Q6 *the strategy*: the Kalakota & Robinson phase mix and the strategy each phase calls
  for (:func:`crmkit.lifecycle.assign_phase`, notebook 03), the staff's readiness
  (:func:`readiness`) and the scorecard's off-target measures as priorities.

:func:`crm_plan` returns a :class:`CRMPlan`; ``plan.to_markdown()`` renders the page.
No new statistic is computed here: the module only selects, joins and formats.

References
----------
Kim, J., Suh, E., & Hwang, H. (2003). A model for evaluating the effectiveness of CRM
using the balanced scorecard. *Journal of Interactive Marketing* 17(2), 5-19.
Kaplan, R. S., & Norton, D. P. (1996). *The Balanced Scorecard: Translating Strategy into
Action*. Harvard Business School Press. Kalakota, R., & Robinson, M. (2001). *e-Business
2.0: Roadmap for Success*. Addison-Wesley.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmkit._validate import Category, Dates, Numeric, Text, check_date, check_frame, check_number

__all__ = [
    "PHASE_STRATEGIES",
    "PEOPLE_MEASURES",
    "TABLES_NEEDED",
    "CRMPlan",
    "readiness",
    "crm_plan",
]

#: Each Kalakota & Robinson phase's organisational focus and strategy (the seminar's
#: table, read row by row); *lapsed* is the kit's fourth state, outside the three phases.
PHASE_STRATEGIES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "acquisition": ("innovation: new products and services", "differentiation"),
        "enhancement": (
            "cost reduction and customer service",
            "bundling (cross-selling, up-selling)",
        ),
        "retention": ("listening to customers, new products", "adaptation"),
        "lapsed": ("winning back lost customers", "win-back offers"),
    }
)

#: The scorecard's people and information measures, the staff's CRM readiness.
PEOPLE_MEASURES: tuple[str, ...] = (
    "staff_trained",
    "competency_coverage",
    "info_access",
    "staff_highly_satisfied",
)

#: The tables :func:`crm_plan` reads.
TABLES_NEEDED: tuple[str, ...] = (
    "customers",
    "products",
    "channels",
    "order_lines",
    "interactions",
    "tickets",
    "surveys",
    "campaigns",
    "campaign_contacts",
    "staff_survey",
)

_DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class CRMPlan:
    """The facts of a one-page CRM plan, one group of fields per seminar question.

    The results of the course's functions are kept as they are (``nps`` is the
    :class:`~crmkit.satisfaction.NPSResult`, ``process`` the
    :class:`~crmkit.sixsigma.BeforeAfter`, ...), so each number carries its interval.
    :meth:`to_markdown` writes the page.

    Attributes
    ----------
    company : str
        The company's name, for the title.
    period : (pandas.Timestamp, pandas.Timestamp)
        The period the scorecard and retention measure (both days included).
    ci : float
        The confidence level of every interval.
    hse : pandas.DataFrame
        Q1. :func:`crmkit.lifecycle.hse_indicators` (``before``, ``after``, ``change``).
    crm_launch : pandas.Timestamp
        Q1. The CRM launch day the indicators compare around.
    drivers : pandas.DataFrame
        Q2. :func:`crmkit.relationship.loyalty_drivers` of retention on the dimensions.
    top_driver : str
        Q2. The dimension with the largest coefficient (rank 1).
    campaign_lift : pandas.DataFrame
        Q2. :func:`crmkit.swift.campaign_lift` per segment, both turns of the loop pooled.
    lift_by_campaign : pandas.DataFrame
        Q2. The same per campaign and segment.
    best_segment : str
        Q2. The segment with the largest pooled lift.
    next_targets : tuple
        Q2. :func:`crmkit.swift.refine_targets` on the pooled lift (interval above 0).
    retention : crmkit.lifecycle.RetentionResult
        Q3. Retention from the previous period to ``period``, with its Wilson interval.
    nps : crmkit.satisfaction.NPSResult
        Q3. NPS of the latest survey wave, with its bootstrap interval.
    nps_wave : int
        Q3. That wave.
    nps_change : pandas.Series
        Q3. The latest wave's row of :func:`crmkit.satisfaction.nps_by` by wave:
        ``nps``, ``diff`` (against the first wave), ``diff_low``, ``diff_high``.
    csi, acsi : float
        Q3. CSI and ACSI (0-100) of the latest wave.
    card : pandas.DataFrame
        Q3, Q6. The scorecard (:func:`crmkit.scorecard.scorecard`).
    summary : pandas.DataFrame
        Q3. :func:`crmkit.scorecard.scorecard_summary` of ``card``.
    on_target, scored : int
        Q3. Company-wide measures on target, and measures with data.
    segments : pandas.DataFrame
        Q4. Per segment: ``customers``, ``profit``, ``profit_per_customer``,
        ``profit_share`` (%), ``unprofitable_share`` (%) and ``clv`` (the scorecard's).
    profitable_segments : tuple
        Q4. Segments with a positive profit per customer, highest first.
    rfm : pandas.DataFrame
        Q4. Per named RFM segment: ``customers``, ``profit``, ``profit_share`` (%),
        ``mean_profit``, ``unprofitable_share`` (%) and ``keep``.
    keep : tuple
        Q4. The RFM segments whose mean profit is above the mean of all buyers, by
        profit share.
    tail : crmkit.value.UnprofitableTail
        Q4. The unprofitable customers and the height of the whale curve.
    tail_profile : pandas.DataFrame
        Q4. Unprofitable against profitable customers: ``customers``, ``mean_profit``,
        ``discount`` (% below list price they paid) and the % in each segment.
    pareto : pandas.DataFrame
        Q5. :func:`crmkit.sixsigma.pareto_table` of the complaint causes.
    vital_few : tuple
        Q5. The causes flagged ``vital_few``.
    process : crmkit.sixsigma.BeforeAfter
        Q5. Resolution times before and after the process change.
    process_change : pandas.Timestamp
        Q5. The day of the change.
    service_level : pandas.DataFrame
        Q5. Share of tickets solved within target before and after the change
        (``tickets``, ``share``, ``ci_low``, ``ci_high``; index ``before``, ``after``) and
        the ``sigma_level`` of each (with the 1.5 shift).
    loyalty : crmkit.loyalty.ProgrammeEffect
        Q5. The loyalty programme's effect on churn, naive and adjusted.
    phases : pandas.DataFrame
        Q6. Per phase: ``customers``, ``share`` (%), ``focus`` and ``strategy``, largest
        first.
    readiness : pandas.DataFrame
        Q6. :func:`readiness`: the people measures per function.
    priorities : pandas.DataFrame
        Q6. The company-wide measures off target, furthest first: ``measure``,
        ``perspective``, ``unit``, ``value``, ``target``, ``shortfall`` (% of the target)
        and the group furthest off, ``worst_group``, with its ``worst_value`` and
        ``worst_target``.
    """

    company: str
    period: tuple[pd.Timestamp, pd.Timestamp]
    ci: float
    hse: pd.DataFrame = field(repr=False)
    crm_launch: pd.Timestamp
    drivers: pd.DataFrame = field(repr=False)
    top_driver: str
    campaign_lift: pd.DataFrame = field(repr=False)
    lift_by_campaign: pd.DataFrame = field(repr=False)
    best_segment: str
    next_targets: tuple
    retention: object = field(repr=False)
    nps: object = field(repr=False)
    nps_wave: int
    nps_change: pd.Series = field(repr=False)
    csi: float
    acsi: float
    card: pd.DataFrame = field(repr=False)
    summary: pd.DataFrame = field(repr=False)
    on_target: int
    scored: int
    segments: pd.DataFrame = field(repr=False)
    profitable_segments: tuple
    rfm: pd.DataFrame = field(repr=False)
    keep: tuple
    tail: object = field(repr=False)
    tail_profile: pd.DataFrame = field(repr=False)
    pareto: pd.DataFrame = field(repr=False)
    vital_few: tuple
    process: object = field(repr=False)
    process_change: pd.Timestamp
    service_level: pd.DataFrame = field(repr=False)
    loyalty: object = field(repr=False)
    phases: pd.DataFrame = field(repr=False)
    readiness: pd.DataFrame = field(repr=False)
    priorities: pd.DataFrame = field(repr=False)

    def to_markdown(self, *, priorities: int = 4) -> str:
        """The one-page CRM plan as Markdown: one paragraph per seminar question.

        Parameters
        ----------
        priorities : int, default 4
            How many off-target measures to list as priorities (furthest first).

        Returns
        -------
        str
            Markdown with a title, the six answers (Q1-Q6) and the priorities; every
            number is formatted from the plan's fields.

        Examples
        --------
        >>> from crmkit import data
        >>> plan = crm_plan(data.generate(seed=1, n_customers=300))
        >>> page = plan.to_markdown()
        >>> [line[:6] for line in page.splitlines() if line.startswith("**Q")]
        ['**Q1 W', '**Q2 W', '**Q3 H', '**Q4 W', '**Q5 H', '**Q6 H']
        """
        top = check_number(priorities, "priorities", lo=1, integer=True)
        return "\n\n".join(
            [
                f"### CRM plan for {self.company}, {self.period[1].year + 1}",
                self._q1(),
                self._q2(),
                self._q3(),
                self._q4(),
                self._q5(),
                self._q6(top),
            ]
        )

    # -- one paragraph per question ------------------------------------------------------

    def _q1(self) -> str:
        h = self.hse["before"], self.hse["after"]

        def pair(key: str, fmt: str) -> str:
            return f"{format(h[0][key], fmt)} → {format(h[1][key], fmt)}"

        parts = [
            f"new customers a month {pair('new_customers_per_month', ',.1f')}",
            f"churn {pair('churn_rate', '.1%')}",
            f"repeat (secondary) sales {pair('repeat_sales_share', '.1%')} of revenue",
            f"unprofitable buyers {pair('unprofitable_share', '.1%')}",
        ]
        if "staff_cost_per_customer" in self.hse.index:
            parts.append(
                f"staff cost per customer {_usd_pair(self.hse, 'staff_cost_per_customer')}"
            )
        months = _months(self.hse)
        return (
            f"**Q1 What CRM has done for the company.** In the {months} months after the CRM "
            f"launch on {self.crm_launch.date()} against the {months} before: "
            + "; ".join(parts)
            + ". A before/after comparison, not an experiment: the season and the loyalty "
            "programme are mixed in."
        )

    def _q2(self) -> str:
        d, level = self.drivers, f"{self.ci:.0%} CI"
        top = d.loc[self.top_driver]
        low = d.sort_values("coef").index[0]
        lift = self.campaign_lift.loc[self.best_segment]
        targets = _and(self.next_targets) if self.next_targets else "no segment"
        return (
            f"**Q2 Which activities build the relationship.** {_cap(self.top_driver)} drives "
            f"retention most: one standard deviation more {_nice(self.top_driver)} multiplies "
            f"the odds of staying by {_or(top, level)}; {_nice(low)} matters least "
            f"(odds × {_or(d.loc[low], level)}). Build {_nice(self.top_driver)} first. Campaigns work "
            f"best for {_nice(self.best_segment)}: {_pp(lift['lift'])} response against the "
            f"control group ({level} {_pp_ci(lift)}, both turns of the loop); the next turn "
            f"targets {targets}."
        )

    def _q3(self) -> str:
        r, n, c = self.retention, self.nps, self.nps_change
        diff = (
            f", {_signed(c['diff'], '.1f')} points on wave 1 "
            f"({n.ci:.0%} CI {c['diff_low']:.1f} to {c['diff_high']:.1f})"
            if pd.notna(c.get("diff", np.nan))
            else ""
        )
        return (
            f"**Q3 How the relationship is measured.** Retention {r.retention:.1%} "
            f"({r.ci:.0%} CI {r.ci_low:.1%} to {r.ci_high:.1%}); NPS {n.score:.1f} in wave "
            f"{self.nps_wave} ({n.ci:.0%} CI {n.ci_low:.1f} to {n.ci_high:.1f}){diff}; CSI "
            f"{self.csi:.1f} and ACSI {self.acsi:.1f} of 100. The scorecard: "
            f"{self.on_target} of {self.scored} measures on target company-wide."
        )

    def _q4(self) -> str:
        s = self.segments
        per = ", ".join(
            f"{_nice(g)} {_usd(s.loc[g, 'profit_per_customer'])} (CLV {_usd(s.loc[g, 'clv'])})"
            for g in s.sort_values("profit_per_customer", ascending=False).index
        )
        keep = self.rfm.loc[list(self.keep)]
        t, p = self.tail, self.tail_profile
        lost, kept = p.loc["unprofitable", "discount"], p.loc["profitable", "discount"]
        peak = (
            f" (the whale curve peaks at {t.peak_profit_pct:.0f}% of profit)"
            if (t.peak_profit_pct is not None)
            else ""
        )
        return (
            f"**Q4 With which customers.** Profit per customer: {per}. Keep "
            f"the RFM segments {_and(self.keep)} ({keep['customers'].sum():,} customers, "
            f"{keep['profit_share'].sum():.0f}% of profit). {t.n_unprofitable:,} customers "
            f"({t.share_unprofitable:.1%}) lose {_usd(-t.loss)}{peak}; they paid "
            f"{lost:.0f}% below list price, the others {kept:.0f}%: "
            + (
                "reprice the promotions before cutting anyone."
                if lost > 2 * kept
                else "look at what they cost to serve before cutting anyone."
            )
        )

    def _q5(self) -> str:
        pareto, b, sl, e = self.pareto, self.process, self.service_level, self.loyalty
        two = list(pareto.index[:2])
        covered = pareto["cumulative_share"].iloc[1]
        return (
            f"**Q5 How to improve the relationship.** {_cap(_and(two))} cause "
            f"{covered:.0%} of complaints (the vital few: {_and(self.vital_few)}). The "
            f"process change of {self.process_change.date()} multiplied resolution times by "
            f"{b.effect:.2f} ({b.ci:.0%} CI {b.ci_low:.2f} to {b.ci_high:.2f}); "
            f"tickets solved within target went from {sl.loc['before', 'share']:.0%} to "
            f"{sl.loc['after', 'share']:.0%} (sigma level {sl.loc['before', 'sigma_level']:.1f}"
            f" → {sl.loc['after', 'sigma_level']:.1f}). The loyalty programme: members' churn "
            f"minus non-members' is {_pp(e.naive)} naively, {_pp(e.adjusted)} once pre-launch "
            f"engagement is compared ({e.ci:.0%} CI {100 * e.adjusted_ci_low:.1f} to "
            f"{100 * e.adjusted_ci_high:.1f} pp): credit the programme with the adjusted gap at "
            "most, since some self-selection remains."
        )

    def _q6(self, top: int) -> str:
        ph, ready = self.phases, self.readiness.drop(index="all", errors="ignore")
        lead = ph.index[0]
        mix = ", ".join(f"{_nice(k)} {ph.loc[k, 'share']:.0f}%" for k in ph.index)
        least_access = ready["info_access"].idxmin()
        least_trained = ready["staff_trained"].idxmin()
        access = f"{ready.loc[least_access, 'info_access']:.0f}%"
        trained = f"{ready.loc[least_trained, 'staff_trained']:.0f}%"
        if least_access == least_trained:
            weakest = (
                f"{_nice(least_access)} has the least CRM information access ({access}) and "
                f"the fewest staff trained ({trained})"
            )
        else:
            weakest = (
                f"{_nice(least_access)} has the least CRM information access ({access}), "
                f"{_nice(least_trained)} the fewest staff trained ({trained})"
            )
        items = [
            f"{i}. {_cap(row.measure)}: {_value(row.value, row.unit)} against "
            f"{_value(row.target, row.unit)}"
            + (
                f" (furthest off: {_nice(row.worst_group)}, {_value(row.worst_value, row.unit)}"
                f" against {_value(row.worst_target, row.unit)})"
                if isinstance(row.worst_group, str)
                else ""
            )
            for i, row in enumerate(self.priorities.head(top).itertuples(), start=1)
        ]
        priorities = (
            "Priorities, the measures furthest off target:\n\n" + "\n".join(items)
            if items
            else "Every company-wide measure is on or near its target."
        )
        return (
            f"**Q6 How the CRM strategy is designed.** Phase mix: {mix}. The largest phase, "
            f"{_nice(lead)}, calls for {ph.loc[lead, 'strategy']}. Readiness: {weakest}. "
            + priorities
        )


# ----------------------------------------------------------------------------- formatting


def _nice(label: object) -> str:
    return str(label).replace("_", " ")


def _cap(label: object) -> str:
    text = _nice(label)
    return text[:1].upper() + text[1:]


def _and(names) -> str:
    names = [_nice(n) for n in names]
    if not names:
        return "none"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _signed(x: float, fmt: str) -> str:
    return ("+" if x > 0 else "") + format(x, fmt)


def _pp(share: float, *, signed: bool = True) -> str:
    """0.0412 -> '+4.1 pp' (percentage points)."""
    value = 100 * share if signed else abs(100 * share)
    return (_signed(value, ".1f") if signed else f"{value:.1f}") + " pp"


def _pp_ci(row: pd.Series) -> str:
    return f"{100 * row['ci_low']:.1f} to {100 * row['ci_high']:.1f} pp"


def _or(row: pd.Series, level: str) -> str:
    """Odds ratio and its interval from a loyalty_drivers row (coefficients on log-odds)."""
    return (
        f"{np.exp(row['coef']):.2f}, {level} {np.exp(row['ci_low']):.2f} to "
        f"{np.exp(row['ci_high']):.2f}"
    )


def _usd(x: float) -> str:
    return f"-${-x:,.0f}" if x < 0 else f"${x:,.0f}"


def _usd_pair(hse: pd.DataFrame, key: str) -> str:
    return f"${hse.loc[key, 'before']:,.2f} → ${hse.loc[key, 'after']:,.2f}"


def _months(hse: pd.DataFrame) -> int:
    return int(hse.attrs.get("window_months", 12))


def _value(x: float, unit: str) -> str:
    """A scorecard value in its unit: 67.5%, $1,200, $0.74 per success, 61.2 per 100."""
    if unit.startswith("%"):
        return f"{x:.1f}%"
    if unit == "USD":
        return _usd(x)
    if unit.startswith("USD per"):
        return f"${x:,.2f} {unit[4:]}"
    return f"{x:,.1f} {unit}"


# ----------------------------------------------------------------------------- readiness


def readiness(
    data: Mapping[str, pd.DataFrame] | pd.DataFrame,
    *,
    highly_satisfied_from: int = 5,
) -> pd.DataFrame:
    r"""The staff's CRM readiness per function: the scorecard's people measures side by side.

    Parameters
    ----------
    data : mapping of str to pandas.DataFrame, or pandas.DataFrame
        The kit's tables (only ``staff_survey`` is read), or a table from
        :func:`crmkit.scorecard.compute_measures` or :func:`crmkit.scorecard.scorecard`
        holding the people measures.
    highly_satisfied_from : int, default 5
        Lowest job satisfaction (1-5) counted as highly satisfied (used with tables).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``function`` (``"all"`` first, then each function), with the columns
        of :data:`PEOPLE_MEASURES` in percent and ``staff`` (the people answering).

    Raises
    ------
    ValueError
        If ``staff_survey`` is missing or malformed, or a measures table lacks the
        people measures.
    TypeError
        If ``data`` is neither tables nor a DataFrame.

    Notes
    -----
    For the staff :math:`S_f` of function :math:`f`: trained
    :math:`= 100\,|\{s \in S_f: \text{trained}\}|/|S_f|`, competency coverage
    :math:`= 100\,\overline{k_s/5}` (:math:`k_s` core competencies held of 5),
    information access and highly satisfied alike (shares of :math:`S_f`). The HSE
    (2007) deck names staff training and complete customer information among the
    conditions of a successful CRM; these are the two the data can measure.

    References
    ----------
    Kim, J., Suh, E., & Hwang, H. (2003). A model for evaluating the effectiveness of CRM
    using the balanced scorecard. *Journal of Interactive Marketing* 17(2), 5-19.

    Examples
    --------
    >>> staff = pd.DataFrame({"staff_id": ["S1", "S2", "S3", "S4"],
    ...     "function": ["sales", "sales", "service", "service"],
    ...     "satisfaction": [5, 3, 4, 5], "trained_in_crm": [True, False, True, True],
    ...     "competencies_held": [5, 1, 4, 3], "crm_info_access": [True, True, False, True]})
    >>> table = readiness({"staff_survey": staff})
    >>> table[["staff_trained", "competency_coverage", "info_access", "staff"]]
              staff_trained  competency_coverage  info_access  staff
    function
    all                75.0                 65.0         75.0      4
    sales              50.0                 60.0        100.0      2
    service           100.0                 70.0         50.0      2
    """
    from crmkit.scorecard import compute_measures

    if isinstance(data, pd.DataFrame):
        check_frame(
            data,
            "measures",
            {"measure_id": Text(), "group": Text(), "value": Numeric(allow_nan=True)},
        )
        measures = data[data["measure_id"].isin(PEOPLE_MEASURES)]
        lacking = [m for m in PEOPLE_MEASURES if m not in set(measures["measure_id"])]
        if lacking:
            raise ValueError(
                f"table 'measures' lacks the people measure(s) {', '.join(map(repr, lacking))}; "
                f"pass the kit's tables or compute_measures() with them."
            )
    elif isinstance(data, Mapping):
        measures = compute_measures(
            data, measures=PEOPLE_MEASURES, highly_satisfied_from=highly_satisfied_from
        )
    else:
        raise TypeError(
            f"argument 'data' must be the kit's tables (a dict, e.g. crmkit.data.load_all()) "
            f"or a table of compute_measures(), but is a {type(data).__name__}."
        )
    order = list(dict.fromkeys(measures["group"].astype(str)))
    table = measures.pivot(index="group", columns="measure_id", values="value")
    table = table.reindex(index=order, columns=list(PEOPLE_MEASURES))
    if "n" in measures.columns:
        staff = measures[measures["measure_id"] == PEOPLE_MEASURES[0]].set_index("group")["n"]
        table["staff"] = staff.reindex(order).astype("int64")
    table.index.name = "function"
    table.columns.name = None
    return table


# ----------------------------------------------------------------------------- the plan


def _check_tables(tables: object) -> Mapping[str, pd.DataFrame]:
    if not isinstance(tables, Mapping):
        raise TypeError(
            f"argument 'tables' must be a dict of the kit's tables by name, such as "
            f"crmkit.data.load_all(), but is a {type(tables).__name__}."
        )
    missing = [t for t in TABLES_NEEDED if t not in tables]
    if missing:
        raise ValueError(
            f"argument 'tables' lacks table(s) {', '.join(map(repr, missing))}; the CRM plan "
            f"reads the measures of every notebook: pass crmkit.data.load_all() (or "
            f"generate())."
        )
    return tables


def _segment_profit(profit: pd.DataFrame, segment: pd.Series, card: pd.DataFrame) -> pd.DataFrame:
    grouped = profit["profit"].groupby(segment.reindex(profit.index).to_numpy())
    total = profit["profit"].sum()
    clv = card[card["measure_id"] == "clv"].set_index("group")["value"]
    out = pd.DataFrame(
        {
            "customers": grouped.size(),
            "profit": grouped.sum(),
            "profit_per_customer": grouped.mean(),
            "profit_share": 100 * grouped.sum() / total,
            "unprofitable_share": 100 * grouped.apply(lambda p: float((p < 0).mean())),
        }
    )
    out["clv"] = clv.reindex(out.index.astype(str)).to_numpy()
    levels = segment.cat.categories if isinstance(segment.dtype, pd.CategoricalDtype) else None
    if levels is not None:
        out = out.reindex([c for c in levels if c in out.index])
    out.index.name = segment.name
    return out


def _rfm_profit(lines: pd.DataFrame, profit: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    from crmkit.value import rfm_scores, rfm_segments, rfm_summary

    segments = rfm_segments(rfm_scores(rfm_summary(lines, observation_end=end)))
    p = profit["profit"].reindex(segments.index)
    grouped = p.groupby(segments.to_numpy())
    out = pd.DataFrame(
        {
            "customers": grouped.size(),
            "profit": grouped.sum(),
            "profit_share": 100 * grouped.sum() / profit["profit"].sum(),
            "mean_profit": grouped.mean(),
            "unprofitable_share": 100 * grouped.apply(lambda v: float((v < 0).mean())),
        }
    )
    out = out.reindex([c for c in segments.cat.categories if c in out.index])
    out["keep"] = out["mean_profit"] > p.mean()
    out.index.name = "rfm_segment"
    return out


def _tail_profile(lines: pd.DataFrame, profit: pd.DataFrame, segment: pd.Series) -> pd.DataFrame:
    check_frame(
        lines,
        "order_lines",
        {
            "quantity": Numeric(lo=0, why="quantities are counts of units"),
            "unit_price": Numeric(lo=0, why="list prices are USD amounts"),
        },
    )
    losing = profit["profit"] < 0
    label = np.where(losing, "unprofitable", "profitable")
    who = pd.Series(label, index=profit.index)
    line_group = who.reindex(lines["customer_id"].astype(str).to_numpy()).to_numpy()
    listed = (lines["quantity"] * lines["unit_price"]).groupby(line_group).sum()
    paid = lines["revenue"].groupby(line_group).sum()
    out = pd.DataFrame(
        {
            "customers": who.value_counts(),
            "mean_profit": profit["profit"].groupby(label).mean(),
            "discount": 100 * (1 - paid / listed),
        }
    ).reindex(["unprofitable", "profitable"])
    mix = pd.crosstab(label, segment.reindex(profit.index).to_numpy(), normalize="index") * 100
    if isinstance(segment.dtype, pd.CategoricalDtype):
        mix = mix.reindex(columns=[c for c in segment.cat.categories if c in mix.columns])
    out = out.join(mix.reindex(out.index))
    out.index.name = "customers_are"
    return out


def _priorities(card: pd.DataFrame) -> pd.DataFrame:
    sign = np.where(card["direction"].to_numpy() == "higher", 1.0, -1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        short = 100 * sign * (card["target"] - card["value"]) / card["target"].abs()
    card = card.assign(shortfall=short)
    company = card[(card["group"] == "all") & (card["status"] == "off target")]
    groups = card[card["group"] != "all"].dropna(subset=["shortfall"])
    worst = groups.loc[groups.groupby("measure_id")["shortfall"].idxmax()].set_index("measure_id")
    out = company.set_index("measure_id")[
        ["measure", "perspective", "unit", "value", "target", "shortfall"]
    ].sort_values("shortfall", ascending=False, kind="stable")
    out["worst_group"] = worst["group"].reindex(out.index)
    out["worst_value"] = worst["value"].reindex(out.index)
    out["worst_target"] = worst["target"].reindex(out.index)
    return out


def crm_plan(
    tables: Mapping[str, pd.DataFrame],
    *,
    card: pd.DataFrame | None = None,
    targets: Mapping[str, object] | pd.DataFrame | None = None,
    tolerance: float = 0.05,
    period: tuple[object, object] = ("2024-01-01", "2024-12-31"),
    crm_launch: str | pd.Timestamp = "2023-07-01",
    loyalty_launch: str | pd.Timestamp = "2023-01-01",
    process_change: str | pd.Timestamp = "2024-01-01",
    observation_end: str | pd.Timestamp = "2024-12-31",
    by: str = "segment",
    driver_wave: int = 1,
    driver_window_days: float = 180,
    ci: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
    company: str = "Caspian Home",
) -> CRMPlan:
    r"""The facts of a one-page CRM plan, computed with the measures of notebooks 01-08.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        The kit's tables (``crmkit.data.load_all()`` or ``generate()``); every table of
        :data:`TABLES_NEEDED` must be present.
    card : pandas.DataFrame, optional
        A scorecard already computed (:func:`crmkit.scorecard.scorecard`) for ``period``,
        so the plan and the notebook share one. Default ``None``: computed here from
        ``tables`` with ``targets`` and ``tolerance``.
    targets, tolerance
        Passed to :func:`crmkit.scorecard.scorecard` when ``card`` is ``None`` (default
        targets, 0.05); give them *or* ``card``, not both.
    period : (date-like, date-like), default ("2024-01-01", "2024-12-31")
        The period of the scorecard and of retention (against the period before it).
    crm_launch, loyalty_launch, process_change : date-like
        The CRM launch (HSE indicators), the loyalty programme's launch and the service
        process change (the kit's 2023-07-01, 2023-01-01 and 2024-01-01).
    observation_end : date-like, default "2024-12-31"
        The last day of the data.
    by : str, default "segment"
        The column of ``customers`` that groups profit, CLV and campaign lift.
    driver_wave : int, default 1
        The survey wave whose answers are related to later retention.
    driver_window_days : float, default 180
        Retention of a respondent is an order in the last ``driver_window_days`` before
        ``observation_end`` (:func:`crmkit.relationship.loyalty_drivers`,
        ``measure="retention"``).
    ci : float, default 0.95
        Confidence level of every interval.
    n_boot, seed : int
        Bootstrap resamples and seed of the NPS intervals.
    company : str, default "Caspian Home"
        The name in the plan's title.

    Returns
    -------
    CRMPlan
        The facts, grouped by question, with ``to_markdown()`` for the page.

    Raises
    ------
    TypeError
        If ``tables`` is not a mapping of tables, or an argument has the wrong type.
    ValueError
        If a table is missing, both ``card`` and ``targets`` (or ``tolerance``) are given,
        ``card`` lacks the scorecard's columns, an argument is out of range, or one of
        the course's functions rejects its input (its message says what to fix).

    Notes
    -----
    Conventions added to those of the functions called:

    - the profitable segments are those with a positive mean profit per customer,
      :math:`\bar\pi_g = \frac{1}{n_g}\sum_{i \in g}\pi_i`, over all orders and contacts up to
      ``observation_end`` (:func:`crmkit.value.customer_profitability`);
    - an RFM segment is kept when its mean profit exceeds the mean over all buyers;
    - the discount a group paid is :math:`1 - \sum \text{revenue} / \sum
      \text{quantity} \times \text{unit price}` over its order lines (the share below list
      price);
    - a measure's shortfall is :math:`100\,s\,(t - v)/|t|` with :math:`s = 1` where higher
      is better and :math:`-1` where lower is: the priorities are the company-wide
      measures off target, largest shortfall first;
    - the campaign lift pools both turns of the loop (each turn randomised within
      segment).

    References
    ----------
    Kim, J., Suh, E., & Hwang, H. (2003). A model for evaluating the effectiveness of CRM
    using the balanced scorecard. *Journal of Interactive Marketing* 17(2), 5-19.
    Kalakota, R., & Robinson, M. (2001). *e-Business 2.0: Roadmap for Success*.
    Addison-Wesley.

    Examples
    --------
    >>> from crmkit import data
    >>> plan = crm_plan(data.generate(seed=1, n_customers=300))
    >>> plan.top_driver, plan.vital_few[0]
    ('trust', 'late_delivery')
    >>> plan.nps.ci_low < plan.nps.score < plan.nps.ci_high
    True
    >>> list(plan.phases.columns)
    ['customers', 'share', 'focus', 'strategy']
    """
    from crmkit import lifecycle, loyalty, relationship, satisfaction, sixsigma, swift, value
    from crmkit import scorecard as sc

    tables = _check_tables(tables)
    start, end = sc._check_period(period)
    launch = check_date(crm_launch, "crm_launch")
    joined = check_date(loyalty_launch, "loyalty_launch")
    change = check_date(process_change, "process_change")
    last = check_date(observation_end, "observation_end")
    level = check_number(ci, "ci", lo=0, hi=1, lo_open=True, hi_open=True, why="a confidence level")
    window = check_number(driver_window_days, "driver_window_days", lo=0, lo_open=True)
    if not isinstance(company, str):
        raise TypeError(f"argument 'company' must be a str but is {type(company).__name__}.")
    customers = check_frame(
        tables["customers"],
        "customers",
        {"customer_id": Text(), by: Category(why="every customer needs a group")},
        params={by: "by"},
        unique="customer_id",
    )
    lines, surveys, tickets = tables["order_lines"], tables["surveys"], tables["tickets"]

    if card is None:
        card = sc.scorecard(
            sc.compute_measures(tables, period=(start, end), by=by),
            targets=targets,
            tolerance=tolerance,
        )
    elif targets is not None or tolerance != 0.05:
        raise ValueError(
            "pass either 'card' (a scorecard already computed) or 'targets'/'tolerance' "
            "(to compute one here), not both; set the targets when you make the card."
        )
    check_frame(
        card,
        "scorecard",
        {
            "measure_id": Text(),
            "group": Text(),
            "value": Numeric(allow_nan=True),
            "target": Numeric(),
            "direction": Category(allowed=("higher", "lower")),
            "status": Category(allowed=sc.STATUSES),
        },
    )

    # Q1: the HSE indicators around the CRM launch
    hse = lifecycle.hse_indicators(
        customers,
        lines,
        launch=launch,
        observation_end=last,
        channels=tables["channels"],
        interactions=tables["interactions"],
        tickets=tickets,
    )
    hse.attrs["window_months"] = 12

    # Q2: the dimension behind retention; the campaign lift per segment
    check_frame(surveys, "surveys", {"wave": Numeric(integer=True)})
    answers = surveys[surveys["wave"] == driver_wave]
    drivers = relationship.loyalty_drivers(
        answers,
        lines,
        measure="retention",
        window_days=window,
        observation_end=last,
        ci=level,
    )
    top_driver = str(drivers["rank"].idxmin())
    contacts = tables["campaign_contacts"]
    pooled = swift.campaign_lift(contacts, by=by, customers=customers, ci=level)
    per_campaign = swift.campaign_lift(
        contacts, by=["campaign_id", by], customers=customers, ci=level
    )
    best = str(pooled["lift"].idxmax())
    next_targets = swift.refine_targets(pooled)

    # Q3: retention, NPS, CSI, ACSI, the scorecard's share on target
    base_start = sc._previous_start(start, end)
    retention = lifecycle.retention_rate(
        lines, base_start=base_start, base_end=start - _DAY, next_start=start, next_end=end,
        ci=level,
    )  # fmt: skip
    latest = int(surveys["wave"].max())
    wave = surveys[surveys["wave"] == latest]
    nps = satisfaction.nps(wave, ci=level, n_boot=n_boot, seed=seed)
    by_wave = satisfaction.nps_by(surveys, "wave", ci=level, n_boot=n_boot, seed=seed)
    csi = satisfaction.csi(wave).index
    acsi = satisfaction.acsi_index(wave).index
    summary = sc.scorecard_summary(card)
    on_target = int(summary["on_target"].sum())
    scored = int((summary["measures"] - summary["no_data"]).sum())

    # Q4: profit per segment and RFM segment, the unprofitable tail
    in_time = lines[lines["order_date"] < last + _DAY]
    profit = value.customer_profitability(
        in_time,
        channels=tables["channels"],
        interactions=tables["interactions"],
        tickets=tickets,
        customers=customers,
    )
    segment = customers.set_index(customers["customer_id"].astype(str))[by]
    segments = _segment_profit(profit, segment, card)
    profitable = tuple(
        segments.index[segments["profit_per_customer"] > 0][
            np.argsort(-segments["profit_per_customer"][segments["profit_per_customer"] > 0])
        ]
    )
    rfm = _rfm_profit(in_time, profit, last)
    keep = tuple(rfm[rfm["keep"]].sort_values("profit_share", ascending=False).index)
    tail = value.unprofitable_tail(profit)
    tail_profile = _tail_profile(in_time, profit, segment)

    # Q5: Pareto of complaints, the process change, the loyalty programme
    check_frame(tickets, "tickets", {"ticket_type": Category(), "opened_at": Dates()})
    complaints = tickets[tickets["ticket_type"].astype(str) == "complaint"]
    pareto = sixsigma.pareto_table(complaints)
    vital_few = tuple(pareto.index[pareto["vital_few"]])
    process = sixsigma.before_after(tickets, change=change, ci=level)
    halves = {"before": tickets[tickets["opened_at"] < change]}
    halves["after"] = tickets[tickets["opened_at"] >= change]
    service = pd.concat(
        {k: sixsigma.service_level(t, by=None, ci=level).iloc[0] for k, t in halves.items()},
        axis=1,
    ).T
    service["sigma_level"] = [sixsigma.defects_summary(t).sigma_level for t in halves.values()]
    programme = loyalty.programme_effect(
        customers, lines, launch=joined, observation_end=last, ci=level
    )

    # Q6: the phase mix and its strategies; readiness; the priorities
    phase = lifecycle.assign_phase(
        lines, customers, products=tables["products"], observation_end=last
    )["phase"]
    counts = phase.value_counts().sort_values(ascending=False, kind="stable")
    phases = pd.DataFrame(
        {
            "customers": counts,
            "share": 100 * counts / counts.sum(),
            "focus": [PHASE_STRATEGIES[str(p)][0] for p in counts.index],
            "strategy": [PHASE_STRATEGIES[str(p)][1] for p in counts.index],
        }
    )
    phases.index = phases.index.astype(str)
    phases.index.name = "phase"
    people = card[card["measure_id"].isin(PEOPLE_MEASURES)]
    ready = readiness(people if len(people) else tables)

    return CRMPlan(
        company=company,
        period=(start, end),
        ci=level,
        hse=hse,
        crm_launch=launch,
        drivers=drivers,
        top_driver=top_driver,
        campaign_lift=pooled,
        lift_by_campaign=per_campaign,
        best_segment=best,
        next_targets=tuple(next_targets),
        retention=retention,
        nps=nps,
        nps_wave=latest,
        nps_change=by_wave.loc[latest],
        csi=float(csi),
        acsi=float(acsi),
        card=card,
        summary=summary,
        on_target=on_target,
        scored=scored,
        segments=segments,
        profitable_segments=profitable,
        rfm=rfm,
        keep=keep,
        tail=tail,
        tail_profile=tail_profile,
        pareto=pareto,
        vital_few=vital_few,
        process=process,
        process_change=change,
        service_level=service,
        loyalty=programme,
        phases=phases,
        readiness=ready,
        priorities=_priorities(card),
    )
