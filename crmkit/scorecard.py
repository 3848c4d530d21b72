r"""The CRM scorecard: every measure of the balanced scorecard, per group, against targets.

Notebook 09 closes the course with the question *is our CRM working?* Kim, Suh & Hwang
(2003) answer it with a balanced scorecard (Kaplan & Norton 1996) of CRM: four
perspectives (financial, customer, operations, people and information), each with its
success factors and measures. The syllabus adopts the reading of seed 002 below; this
module computes every one of its measures from the kit's tables, per segment (customer
measures), per channel (operations) or per function (people), sets them against targets
and gives each a status.

- :data:`MEASURES`: the measures (:class:`Measure`: id, perspective, success factor,
  unit, direction, grain, the tables it needs and the convention it follows), and
  :func:`measure_table`, the same as a DataFrame;
- :data:`DEFAULT_TARGETS` and :func:`default_targets`: illustrative targets;
- :func:`compute_measures`: the tidy table of values;
- :func:`scorecard`: values against targets, gap and status;
- :func:`scorecard_summary`: the share of measures on target in each perspective.

Each measure reuses the kit's own function where one exists (``value.clv_from_data``,
``lifecycle.retention_rate``, ``lifecycle.phase_kpis``, ``lifecycle.assign_phase``,
``satisfaction.csat``, ``swift.campaign_lift``, ``swift.campaign_economics``,
``value.customer_profitability``, ``sixsigma.service_level``), so a number on the
scorecard is the number of the notebook that teaches it. The rest (penetration, win-back
among lapsed customers, inquiry conversion, cost of service, the staff measures) are small
vectorised helpers here.

References
----------
Kim, J., Suh, E., & Hwang, H. (2003). A model for evaluating the effectiveness of CRM
using the balanced scorecard. *Journal of Interactive Marketing* 17(2), 5-19.
Kaplan, R. S., & Norton, D. P. (1996). *The Balanced Scorecard: Translating Strategy into
Action*. Harvard Business School Press.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from crmkit._customers import customer_attribute
from crmkit._validate import (
    Category,
    Dates,
    Flag,
    Numeric,
    Text,
    _norm_name,
    _short,
    calls_public,
    check_choice,
    check_column_names,
    check_date,
    check_frame,
    check_known,
    check_number,
    clean_label,
    group_labels,
    suggest,
)

__all__ = [
    "PERSPECTIVES",
    "Measure",
    "MEASURES",
    "DEFAULT_TARGETS",
    "STATUSES",
    "measure_table",
    "default_targets",
    "compute_measures",
    "scorecard",
    "scorecard_summary",
]

#: The perspectives of the scorecard, in the order the scorecard lists them.
PERSPECTIVES: tuple[str, ...] = (
    "Financial",
    "Customer",
    "Operations: marketing",
    "Operations: sales",
    "Operations: service",
    "People and information",
)

#: The statuses of :func:`scorecard`, best first.
STATUSES: tuple[str, ...] = ("on target", "near target", "off target", "no data")


@dataclass(frozen=True)
class Measure:
    """One measure of the CRM scorecard.

    Attributes
    ----------
    measure_id : str
        Short key used in every table and in targets (``"retention"``).
    perspective : str
        One of :data:`PERSPECTIVES`.
    success_factor : str
        What the measure shows progress on (seed 002's "success factor").
    measure : str
        The measure's name as the scorecard prints it.
    unit : str
        ``"%"``, ``"USD"``, ``"USD per ticket"``, ...
    direction : str
        ``"higher"`` or ``"lower"``: which way is better.
    grain : str
        ``"segment"`` (or the ``by`` column of :func:`compute_measures`), ``"channel"`` or
        ``"function"``: the groups it is reported for (always with an ``"all"`` row).
    tables : tuple of str
        The tables of the kit it is computed from.
    base : str
        What the ``n`` column of :func:`compute_measures` counts for it.
    definition : str
        The convention, in one sentence.
    """

    measure_id: str
    perspective: str
    success_factor: str
    measure: str
    unit: str
    direction: str
    grain: str
    tables: tuple[str, ...]
    base: str
    definition: str


_F, _C, _M, _S, _V, _P = PERSPECTIVES

#: Every measure of the syllabus's scorecard table (seed 002), in scorecard order. The
#: table's "penetration rate (categories or share of wallet)" is kept as its two forms,
#: so its 17 measures are 18 rows here.
MEASURES: tuple[Measure, ...] = (
    Measure(
        "clv", _F, "maximise customer lifetime value", "customer lifetime value", "USD",
        "higher", "segment", ("order_lines", "customers"),
        "customers who ordered by the period end",
        "margin multiple CLV (value.clv_from_data: yearly margin and retention estimated "
        "from all orders up to the period end, discount_rate 10% a year; NaN with fewer "
        "than two complete years of orders)",
    ),
    Measure(
        "retention", _C, "maximise retention", "retention %", "%", "higher", "segment",
        ("order_lines", "customers"),
        "customers who ordered in the previous period",
        "share of the customers who ordered in the previous period (the year before, for a "
        "year) who ordered again in the period (lifecycle.retention_rate)",
    ),
    Measure(
        "penetration_categories", _C, "maximise penetration",
        "penetration rate: categories", "%", "higher", "segment",
        ("order_lines", "customers", "products"),
        "customers who ordered in the period",
        "mean share of the product categories on offer that a customer who ordered in the "
        "period bought in it",
    ),
    Measure(
        "share_of_wallet", _C, "maximise penetration", "penetration rate: share of wallet",
        "%", "higher", "segment", ("order_lines", "customers"),
        "customers who ordered in the period",
        "spend in the period of the customers who ordered in it over their estimated wallet "
        "for the period (est_annual_wallet x years), ratio of sums",
    ),
    Measure(
        "win_back", _C, "maximise retention", "win-back %", "%", "higher", "segment",
        ("order_lines", "customers"),
        "customers lapsed at the period start",
        "share of the customers lapsed on the day before the period (ordered before, but "
        "not in the last lapse_days days: lifecycle.assign_phase) who ordered in the period",
    ),
    Measure(
        "acquisitions", _C, "maximise penetration",
        "acquisitions per 100 customers of the previous period",
        "per 100 customers", "higher", "segment", ("order_lines", "customers"),
        "customers who ordered in the previous period",
        "customers whose first order falls in the period (lifecycle.phase_kpis), per 100 "
        "customers who ordered in the previous period",
    ),
    Measure(
        "fully_satisfied", _C, "maximise retention", "% fully satisfied customers", "%",
        "higher", "segment", ("surveys", "customers"),
        "survey responses in the period",
        "share of the period's survey responses with the top csat rating, 5 of 5 "
        "(satisfaction.csat with satisfied_from=5)",
    ),
    Measure(
        "successful_contacts", _M, "maximise marketing productivity",
        "successful contacts per marketing channel", "% of contacts", "higher", "channel",
        ("campaign_contacts", "campaigns"),
        "treatment contacts of campaigns started in the period",
        "share of the contacted (treatment) customers of the period's campaigns who "
        "responded (ordered in the response window), by the campaign's channel "
        "(swift.campaign_lift)",
    ),
    Measure(
        "cost_per_success", _M, "maximise marketing productivity",
        "cost per success per channel", "USD per success", "lower", "channel",
        ("campaign_contacts", "campaigns"),
        "successful contacts",
        "contact cost of the period's campaigns (contacts x cost_per_contact: "
        "swift.campaign_economics) over their successful contacts; inf if none succeeded",
    ),
    Measure(
        "conversion_rate", _S, "maximise sales productivity",
        "conversion rate per sales channel %", "%", "higher", "channel",
        ("interactions", "order_lines"),
        "inquiries in the period",
        "share of the period's inquiries (interactions of type inquiry) through the channel "
        "after which the customer ordered, through any channel, on the inquiry's day or in "
        "the conversion_days days after it",
    ),
    Measure(
        "revenue_per_conversion", _S, "maximise sales productivity",
        "revenue per conversion per channel", "USD", "higher", "channel",
        ("interactions", "order_lines"),
        "converted inquiries",
        "mean revenue of the converting order day (the customer's orders on the first day "
        "they ordered within the conversion window) per converted inquiry of the channel",
    ),
    Measure(
        "cost_of_sale", _S, "maximise sales productivity", "cost of sale per channel",
        "% of revenue", "lower", "channel", ("order_lines", "channels"),
        "orders in the period",
        "cost of sale (cost_per_order of the channel per order: "
        "value.customer_profitability) over the revenue of the channel's orders in the "
        "period",
    ),
    Measure(
        "service_level", _V, "maximise service quality", "service level per channel %",
        "%", "higher", "channel", ("tickets",),
        "tickets opened in the period with an outcome",
        "share of the tickets opened in the period that were solved within their "
        "target_hours (sixsigma.service_level); a ticket still open at the extract counts "
        "as a miss once past its target and is left out before",
    ),
    Measure(
        "cost_of_service", _V, "maximise service quality", "cost of service per channel",
        "USD per ticket", "lower", "channel", ("tickets", "interactions"),
        "tickets opened in the period",
        "mean cost of a ticket opened in the period: its handling_cost (for a ticket "
        "still open at the extract, the cost so far) plus the handling_cost of the "
        "interaction that opened it",
    ),
    Measure(
        "staff_highly_satisfied", _P, "raise staff satisfaction", "% highly satisfied staff",
        "%", "higher", "function", ("staff_survey",), "staff who answered",
        "share of staff with job satisfaction 5 of 5 (the data card's 'highly satisfied'; "
        "highly_satisfied_from changes it)",
    ),
    Measure(
        "competency_coverage", _P, "raise strategic competencies",
        "coverage of core CRM competencies by function %", "%", "higher", "function",
        ("staff_survey",), "staff who answered",
        "mean share of the 5 core CRM competencies held (competencies_held / 5)",
    ),
    Measure(
        "staff_trained", _P, "raise strategic competencies", "% staff trained in CRM", "%",
        "higher", "function", ("staff_survey",), "staff who answered",
        "share of staff who completed the CRM training",
    ),
    Measure(
        "info_access", _P, "raise knowledge", "CRM information access rate by function %",
        "%", "higher", "function", ("staff_survey",), "staff who answered",
        "share of staff who can open the customer information they need in the CRM system",
    ),
)  # fmt: skip

_BY_ID: dict[str, Measure] = {m.measure_id: m for m in MEASURES}
_ORDER = {m.measure_id: i for i, m in enumerate(MEASURES)}

#: Illustrative targets a CRM strategy team might set for Caspian Home for 2024, one per
#: measure (a number for every group) or per group (a mapping; ``"*"`` is any group not
#: named), in each measure's unit. Like a real team's, they sit a little above the
#: company's recent performance, so the default scorecard shows all three statuses. They
#: are teaching values, not benchmarks: set your own with ``scorecard(targets=...)``.
DEFAULT_TARGETS: Mapping[str, float | Mapping[str, float]] = MappingProxyType(
    {
        "clv": MappingProxyType(
            {"all": 1200.0, "household": 500.0, "small_business": 1800.0,
             "corporate": 4500.0, "*": 1200.0}
        ),
        "retention": MappingProxyType(
            {"all": 80.0, "household": 78.0, "small_business": 82.0, "corporate": 85.0,
             "*": 80.0}
        ),
        "penetration_categories": 75.0,
        "share_of_wallet": 30.0,
        "win_back": 15.0,
        "acquisitions": 60.0,
        "fully_satisfied": 30.0,
        "successful_contacts": 12.0,
        "cost_per_success": 0.75,
        "conversion_rate": 50.0,
        "revenue_per_conversion": 400.0,
        "cost_of_sale": 3.0,
        "service_level": 85.0,
        "cost_of_service": 15.0,
        "staff_highly_satisfied": 20.0,
        "competency_coverage": 62.0,
        "staff_trained": 80.0,
        "info_access": 80.0,
    }
)  # fmt: skip

_DAY = pd.Timedelta(days=1)
_COLUMNS = ["perspective", "measure_id", "measure", "unit", "group", "value", "n"]


# ----------------------------------------------------------------------------- tables


def measure_table() -> pd.DataFrame:
    """The scorecard's measures as a table, one row per measure, in scorecard order.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``measure_id``, with the fields of :class:`Measure` as columns
        (``tables`` joined with ", ").

    Examples
    --------
    >>> t = measure_table()
    >>> t.loc["retention", ["perspective", "unit", "direction", "grain"]].tolist()
    ['Customer', '%', 'higher', 'segment']
    >>> t["perspective"].nunique(), len(t)
    (6, 18)
    """
    rows = [{**m.__dict__, "tables": ", ".join(m.tables)} for m in MEASURES]
    return pd.DataFrame(rows).set_index("measure_id")


def default_targets() -> pd.DataFrame:
    """:data:`DEFAULT_TARGETS` as a table (``measure_id``, ``group``, ``target``).

    Returns
    -------
    pandas.DataFrame
        One row per measure and group named in :data:`DEFAULT_TARGETS`; group ``"*"``
        stands for every group without its own row. Edit it and pass it to
        :func:`scorecard` as ``targets``.

    Examples
    --------
    >>> t = default_targets()
    >>> t[t["measure_id"] == "retention"]["target"].tolist()
    [80.0, 78.0, 82.0, 85.0, 80.0]
    >>> t.loc[t["measure_id"] == "service_level", ["group", "target"]].values.tolist()
    [['*', 85.0]]
    """
    rows = []
    for measure_id, target in DEFAULT_TARGETS.items():
        if isinstance(target, Mapping):
            rows.extend((measure_id, group, float(t)) for group, t in target.items())
        else:
            rows.append((measure_id, "*", float(target)))
    return pd.DataFrame(rows, columns=["measure_id", "group", "target"])


# ----------------------------------------------------------------------------- helpers


def _check_period(period: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    if (
        isinstance(period, (str, bytes))
        or not isinstance(period, Iterable)
        or len(period := tuple(period)) != 2
    ):
        raise TypeError(
            f"argument 'period' must be a (start, end) pair of dates such as "
            f"('2024-01-01', '2024-12-31') but is {_short(period)}."
        )
    start, end = check_date(period[0], "period start"), check_date(period[1], "period end")
    if end < start:
        raise ValueError(
            f"argument 'period' ends ({end.date()}) before it starts ({start.date()}); swap "
            f"the two dates."
        )
    return start, end


def _previous_start(start: pd.Timestamp, end: pd.Timestamp) -> pd.Timestamp:
    """First day of the period just before ``start..end`` and as long.

    A period of whole calendar months (2024-01-01 to 2024-12-31) is preceded by the same
    number of calendar months (2023-01-01 to 2023-12-31); any other period by the same
    number of days.
    """
    after = end + _DAY
    if start.day == 1 and after.day == 1:
        months = (after.year - start.year) * 12 + after.month - start.month
        return start - pd.DateOffset(months=months)
    return start - (after - start)


def _levels(series: pd.Series) -> list:
    """Group labels in their natural order: the categories, else sorted unique values."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return list(series.cat.categories)
    return sorted(series.dropna().unique().tolist(), key=str)


def _rows(
    measure_id: str,
    overall: tuple[float, float],
    groups: pd.DataFrame | None,
    levels: list,
) -> list[tuple]:
    """Tidy rows: the 'all' row then one row per level (NaN value and n 0 if absent)."""
    m = _BY_ID[measure_id]
    out = [(m.perspective, measure_id, m.measure, m.unit, "all", *overall)]
    for level in levels:
        if groups is not None and level in groups.index:
            value, n = groups.loc[level, "value"], groups.loc[level, "n"]
        else:
            value, n = np.nan, 0
        out.append((m.perspective, measure_id, m.measure, m.unit, str(level), value, n))
    return out


def _present(levels: list[str], index: pd.Index) -> list[str]:
    """The groups of ``index`` in the order of ``levels``, then any others sorted."""
    found = [str(x) for x in index]
    return [c for c in levels if c in found] + sorted(c for c in found if c not in levels)


def _in_period(when: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Dates or timestamps on the days start..end (both included)."""
    return (when >= start) & (when < end + _DAY)


def _segment_of(ids: pd.Series, customers: pd.DataFrame, by: str, table: str) -> np.ndarray:
    """``customers[by]`` of each customer id (raise naming the first unknown customer)."""
    return customer_attribute(ids, customers, by, table=table).astype(object).to_numpy()


def _share_by(values: np.ndarray, groups: np.ndarray | None, scale: float = 100.0):
    """('all' (value, n), per-group frame of value and n) for the mean of ``values``."""
    values = np.asarray(values, dtype="float64")
    n = values.size
    overall = (scale * float(values.mean()) if n else np.nan, n)
    if groups is None:
        return overall, None
    frame = pd.DataFrame({"g": groups, "v": values})
    grouped = frame.groupby("g", sort=False)["v"].agg(["mean", "size"])
    per = pd.DataFrame({"value": scale * grouped["mean"], "n": grouped["size"]})
    return overall, per


# ----------------------------------------------------------------------------- measures


def _clv(ctx: dict) -> list[tuple]:
    from crmkit.value import clv_from_data

    lines, customers, by, end = ctx["lines_to_end"], ctx["customers"], ctx["by"], ctx["end"]
    # clv_from_data estimates retention from year pairs: it needs two complete years
    last_complete = end.year if (end + _DAY).year > end.year else end.year - 1
    if lines.empty or last_complete - int(lines["order_date"].min().year) + 1 < 2:
        return _rows("clv", (np.nan, 0), None, ctx["levels"])
    kwargs = {"period": "Y", "discount_rate": ctx["discount_rate"], "observation_end": end}
    overall = clv_from_data(lines, **kwargs)
    per = clv_from_data(lines, customers=customers, by=by, **kwargs)
    seg = _segment_of(lines["customer_id"], customers, by, "order_lines")
    n = pd.Series(lines["customer_id"].to_numpy()).groupby(seg).nunique()
    groups = pd.DataFrame({"value": per["clv"], "n": n.reindex(per.index).to_numpy()})
    return _rows(
        "clv",
        (float(overall["clv"].iloc[0]), lines["customer_id"].nunique()),
        groups,
        ctx["levels"],
    )


def _retention(ctx: dict) -> list[tuple]:
    from crmkit.lifecycle import retention_rate

    start, end, prev = ctx["start"], ctx["end"], ctx["prev_start"]
    lines = ctx["lines_to_end"]
    dates = dict(base_start=prev, base_end=start - _DAY, next_start=start, next_end=end)
    if not _in_period(lines["order_date"], prev, start - _DAY).any():
        return _rows("retention", (np.nan, 0), None, ctx["levels"])
    overall = retention_rate(lines, **dates)
    per = retention_rate(lines, customers=ctx["customers"], by=ctx["by"], **dates)
    groups = pd.DataFrame({"value": 100.0 * per["retention"], "n": per["n_base"]})
    return _rows("retention", (100.0 * overall.retention, overall.n_base), groups, ctx["levels"])


def _penetration(ctx: dict) -> list[tuple]:
    lines, products = ctx["lines_period"], ctx["tables"]["products"]
    check_frame(
        products,
        "products",
        {"product_id": Text(), "category": Category()},
        unique="product_id",
    )
    n_categories = products["category"].nunique()
    category = lines["product_id"].map(
        pd.Series(products["category"].astype(object).to_numpy(), index=products["product_id"])
    )
    check_known(
        lines["product_id"], products["product_id"], column="product_id", table="order_lines",
        other="products",
    )  # fmt: skip
    bought = (
        pd.DataFrame({"c": lines["customer_id"].to_numpy(), "k": category.to_numpy()})
        .groupby("c")["k"]
        .nunique()
    )
    seg = _segment_of(pd.Series(bought.index), ctx["customers"], ctx["by"], "order_lines")
    overall, per = _share_by(bought.to_numpy() / n_categories, seg)
    return _rows("penetration_categories", overall, per, ctx["levels"])


def _share_of_wallet(ctx: dict) -> list[tuple]:
    lines, customers = ctx["lines_period"], ctx["customers"]
    years = ((ctx["end"] - ctx["start"]) / _DAY + 1) / 365.25
    spend = lines.groupby(lines["customer_id"].astype(str))["revenue"].sum()
    wallet = pd.Series(
        customers["est_annual_wallet"].to_numpy(dtype="float64"),
        index=customers["customer_id"].astype(str).to_numpy(),
    ).reindex(spend.index)
    seg = _segment_of(pd.Series(spend.index), customers, ctx["by"], "order_lines")
    frame = pd.DataFrame({"g": seg, "s": spend.to_numpy(), "w": wallet.to_numpy() * years})
    overall = (100.0 * frame["s"].sum() / frame["w"].sum() if len(frame) else np.nan, len(frame))
    grouped = frame.groupby("g", sort=False).agg(s=("s", "sum"), w=("w", "sum"), n=("s", "size"))
    per = pd.DataFrame({"value": 100.0 * grouped["s"] / grouped["w"], "n": grouped["n"]})
    return _rows("share_of_wallet", overall, per, ctx["levels"])


def _win_back(ctx: dict) -> list[tuple]:
    from crmkit.lifecycle import assign_phase

    lines, customers, start = ctx["lines_to_end"], ctx["customers"], ctx["start"]
    before = lines[lines["order_date"] < start]
    if before.empty:
        return _rows("win_back", (np.nan, 0), None, ctx["levels"])
    phase = assign_phase(
        before, customers, observation_end=start - _DAY, lapse_days=ctx["lapse_days"]
    )
    lapsed = phase.index[(phase["phase"] == "lapsed") & (phase["n_orders"] > 0)]
    back = pd.Index(lapsed).isin(ctx["lines_period"]["customer_id"].unique())
    seg = _segment_of(pd.Series(lapsed), customers, ctx["by"], "order_lines")
    overall, per = _share_by(back, seg)
    return _rows("win_back", overall, per, ctx["levels"])


def _acquisitions(ctx: dict) -> list[tuple]:
    from crmkit.lifecycle import phase_kpis

    lines, customers, by = ctx["lines_to_end"], ctx["customers"], ctx["by"]
    kpis = phase_kpis(lines, customers, start=ctx["start"], end=ctx["end"], by=by)
    acquired = kpis.xs("acquisitions", level="kpi")["value"]
    acquired.index = acquired.index.astype(str)
    prev = lines[_in_period(lines["order_date"], ctx["prev_start"], ctx["start"] - _DAY)]
    buyers = pd.Series(prev["customer_id"].unique())
    seg = _segment_of(buyers, customers, by, "order_lines")
    base = buyers.groupby(seg).size().reindex(acquired.index, fill_value=0)
    value = np.divide(
        100.0 * acquired.to_numpy(),
        base.to_numpy(),
        out=np.full(len(base), np.nan),
        where=base.to_numpy() > 0,
    )
    per = pd.DataFrame({"value": value, "n": base.to_numpy()}, index=acquired.index)
    total = float(acquired.sum())
    overall = (100.0 * total / len(buyers) if len(buyers) else np.nan, len(buyers))
    return _rows("acquisitions", overall, per, ctx["levels"])


def _fully_satisfied(ctx: dict) -> list[tuple]:
    from crmkit.satisfaction import csat

    surveys = ctx["tables"]["surveys"]
    check_frame(
        surveys, "surveys", {"customer_id": Text(), "survey_date": Dates(), "csat": Numeric()}
    )
    part = surveys[_in_period(surveys["survey_date"], ctx["start"], ctx["end"])]
    if part.empty:
        return _rows("fully_satisfied", (np.nan, 0), None, ctx["levels"])
    top = ctx["fully_satisfied_from"]
    seg = _segment_of(part["customer_id"], ctx["customers"], ctx["by"], "surveys")
    rows = {
        key: (csat(group, satisfied_from=top), len(group))
        for key, group in part.groupby(seg, sort=False)
    }
    per = pd.DataFrame.from_dict(rows, orient="index", columns=["value", "n"])
    return _rows("fully_satisfied", (csat(part, satisfied_from=top), len(part)), per, ctx["levels"])


def _campaigns(ctx: dict) -> list[tuple]:
    """Successful contacts and cost per success, per campaign channel."""
    from crmkit.swift import campaign_economics, campaign_lift

    contacts, campaigns = ctx["tables"]["campaign_contacts"], ctx["tables"]["campaigns"]
    check_frame(
        campaigns,
        "campaigns",
        {"campaign_id": Text(), "start_date": Dates(), "channel": Category()},
        unique="campaign_id",
    )
    check_frame(contacts, "campaign_contacts", {"campaign_id": Text()})
    chosen = campaigns[_in_period(campaigns["start_date"], ctx["start"], ctx["end"])]
    part = contacts[contacts["campaign_id"].isin(chosen["campaign_id"])]
    levels = ctx["channel_levels"]
    if part.empty:
        empty = (np.nan, 0)
        return [
            *_rows("successful_contacts", empty, None, []),
            *_rows("cost_per_success", empty, None, []),
        ]
    lift = campaign_lift(part, by="campaign_id")
    econ = campaign_economics(part, chosen).reindex(lift.index)
    channel = (
        group_labels(chosen["channel"]).astype(str).set_axis(chosen["campaign_id"].to_numpy())
    ).reindex(lift.index)
    per_campaign = pd.DataFrame(
        {
            "channel": channel.to_numpy(),
            "contacts": lift["n_treatment"].to_numpy(),
            "successes": lift["responses_treatment"].to_numpy(),
            "cost": econ["cost"].to_numpy(),
        }
    )
    sums = per_campaign.groupby("channel", sort=False)[["contacts", "successes", "cost"]].sum()
    total = sums.sum()

    def cost_per(cost, successes):
        return np.divide(
            cost, successes, out=np.full(np.shape(cost), np.inf), where=np.asarray(successes) > 0
        )

    present = _present(levels, sums.index)
    rate = pd.DataFrame(
        {"value": 100.0 * sums["successes"] / sums["contacts"], "n": sums["contacts"]}
    )
    cost = pd.DataFrame(
        {
            "value": cost_per(sums["cost"].to_numpy(float), sums["successes"].to_numpy()),
            "n": sums["successes"],
        },
        index=sums.index,
    )
    return [
        *_rows(
            "successful_contacts",
            (100.0 * total["successes"] / total["contacts"], int(total["contacts"])),
            rate,
            present,
        ),
        *_rows(
            "cost_per_success",
            (
                float(cost_per(np.array(total["cost"]), np.array(total["successes"]))),
                int(total["successes"]),
            ),
            cost,
            present,
        ),
    ]


def _inquiry_conversions(
    inquiries: pd.DataFrame, lines: pd.DataFrame, window_days: float
) -> pd.DataFrame:
    """For each inquiry: whether it converted and the revenue of the converting order day.

    The converting day is the customer's first order day on or after the inquiry's day and
    at most ``window_days`` days after it (order dates carry no time of day, so an order
    on the inquiry's own day counts); its revenue is that of all the customer's orders on
    that day. Vectorised with :func:`pandas.merge_asof` (no loop over customers).
    """
    days = (
        lines.groupby([lines["customer_id"].astype(str), lines["order_date"]])["revenue"]
        .sum()
        .rename("revenue")
        .reset_index()
    )
    days.columns = ["_key", "_t", "revenue"]
    days["_order_day"] = days["_t"]
    left = pd.DataFrame(
        {
            "_key": inquiries["customer_id"].astype(str).to_numpy(),
            "_t": inquiries["interaction_date"].dt.normalize().astype("datetime64[ns]").to_numpy(),
            "_pos": np.arange(len(inquiries)),
        }
    ).sort_values("_t", kind="stable")
    days["_t"] = days["_t"].astype("datetime64[ns]")
    merged = pd.merge_asof(
        left,
        days.sort_values("_t", kind="stable"),
        on="_t",
        by="_key",
        direction="forward",
        allow_exact_matches=True,
    ).sort_values("_pos")
    gap = (merged["_order_day"] - merged["_t"]) / _DAY
    converted = (gap <= window_days).fillna(False).to_numpy(dtype=bool)
    revenue = np.where(converted, merged["revenue"].to_numpy(dtype="float64"), np.nan)
    return pd.DataFrame({"converted": converted, "revenue": revenue}, index=inquiries.index)


def _conversion(ctx: dict) -> list[tuple]:
    interactions = ctx["tables"]["interactions"]
    check_frame(
        interactions,
        "interactions",
        {
            "customer_id": Text(),
            "interaction_date": Dates(),
            "channel": Category(),
            "interaction_type": Category(),
        },
    )
    is_inquiry = (
        group_labels(interactions["interaction_type"]).astype(object) == "inquiry"
    ).to_numpy()
    when = _in_period(interactions["interaction_date"], ctx["start"], ctx["end"]).to_numpy()
    inquiries = interactions[is_inquiry & when]
    lines = ctx["order_lines"]
    if inquiries.empty:
        empty = (np.nan, 0)
        return [
            *_rows("conversion_rate", empty, None, []),
            *_rows("revenue_per_conversion", empty, None, []),
        ]
    conv = _inquiry_conversions(inquiries, lines, ctx["conversion_days"])
    channel = group_labels(inquiries["channel"]).astype(str).to_numpy()
    overall, per = _share_by(conv["converted"].to_numpy(), channel)
    hit = conv["converted"].to_numpy()
    rev_all, rev_per = _share_by(conv["revenue"].to_numpy()[hit], channel[hit], scale=1.0)
    present = _present(ctx["channel_levels"], per.index)
    return [
        *_rows("conversion_rate", overall, per, present),
        *_rows("revenue_per_conversion", rev_all, rev_per, present),
    ]


def _cost_of_sale(ctx: dict) -> list[tuple]:
    from crmkit.value import customer_profitability

    lines, channels = ctx["lines_period"], ctx["tables"]["channels"]
    check_frame(lines, "order_lines", {"channel": Category()})
    if lines.empty:
        return _rows("cost_of_sale", (np.nan, 0), None, [])

    def ratio(part: pd.DataFrame) -> tuple[float, int]:
        profit = customer_profitability(part, channels=channels)
        return 100.0 * profit["cost_of_sale"].sum() / profit["revenue"].sum(), int(
            profit["orders"].sum()
        )

    channel = group_labels(lines["channel"]).astype(str)
    rows = {key: ratio(part) for key, part in lines.groupby(channel.to_numpy(), sort=False)}
    per = pd.DataFrame.from_dict(rows, orient="index", columns=["value", "n"])
    present = _present(ctx["channel_levels"], per.index)
    return _rows("cost_of_sale", ratio(lines), per, present)


def _service(ctx: dict) -> list[tuple]:
    from crmkit.sixsigma import service_level

    tickets = ctx["tables"]["tickets"]
    check_frame(
        tickets,
        "tickets",
        {
            "interaction_id": Text(),
            "opened_at": Dates(),
            "channel": Category(),
            "handling_cost": Numeric(lo=0, why="costs are USD amounts of 0 or more"),
        },
    )
    part = tickets[_in_period(tickets["opened_at"], ctx["start"], ctx["end"])]
    if part.empty:
        empty = (np.nan, 0)
        return [
            *_rows("service_level", empty, None, []),
            *_rows("cost_of_service", empty, None, []),
        ]
    part = part.assign(channel=group_labels(part["channel"]).astype(str))
    overall = service_level(part, by=None)
    per = service_level(part, by="channel")
    levels = _present(ctx["channel_levels"], per.index)
    sl = pd.DataFrame({"value": 100.0 * per["share"], "n": per["tickets"]})
    rows = _rows(
        "service_level",
        (100.0 * float(overall["share"].iloc[0]), int(overall["tickets"].iloc[0])),
        sl,
        levels,
    )
    interactions = ctx["tables"]["interactions"]
    check_frame(
        interactions,
        "interactions",
        {"interaction_id": Text(), "handling_cost": Numeric(lo=0, why="costs are USD amounts")},
    )
    taking = pd.Series(
        interactions["handling_cost"].to_numpy(dtype="float64"),
        index=interactions["interaction_id"].astype(str).to_numpy(),
    )
    opened_by = taking.reindex(part["interaction_id"].astype(str).to_numpy())
    missing = opened_by.isna().to_numpy()
    if missing.any():
        pos = int(np.argmax(missing))
        raise ValueError(
            f"column 'interaction_id' in table 'tickets' has {int(missing.sum())} ticket(s) "
            f"whose interaction is not in table 'interactions' (e.g. "
            f"{part['interaction_id'].iloc[pos]!r} in row {part.index[pos]}); pass the full "
            f"interactions table."
        )
    cost = part["handling_cost"].to_numpy(dtype="float64") + opened_by.to_numpy()
    overall_cost, per_cost = _share_by(cost, part["channel"].to_numpy(), scale=1.0)
    return [*rows, *_rows("cost_of_service", overall_cost, per_cost, levels)]


def _staff(ctx: dict) -> list[tuple]:
    staff = ctx["tables"]["staff_survey"]
    check_frame(
        staff,
        "staff_survey",
        {
            "function": Category(),
            "satisfaction": Numeric(1, 5, integer=True, why="job satisfaction is rated 1 to 5"),
            "trained_in_crm": Flag(),
            "competencies_held": Numeric(
                0, 5, integer=True, why="it counts the 5 core CRM competencies"
            ),
            "crm_info_access": Flag(),
        },
    )
    function = group_labels(staff["function"]).astype(str).to_numpy()
    levels = [str(x) for x in _levels(group_labels(staff["function"]))]
    values = {
        "staff_highly_satisfied": staff["satisfaction"].to_numpy() >= ctx["highly_satisfied_from"],
        "competency_coverage": staff["competencies_held"].to_numpy(dtype="float64") / 5.0,
        "staff_trained": staff["trained_in_crm"].to_numpy(dtype=bool),
        "info_access": staff["crm_info_access"].to_numpy(dtype=bool),
    }
    rows = []
    for measure_id, v in values.items():
        overall, per = _share_by(v, function)
        rows.extend(_rows(measure_id, overall, per, levels))
    return rows


#: measure ids -> the function computing them (some compute two measures at once).
_COMPUTE = (
    (("clv",), _clv),
    (("retention",), _retention),
    (("penetration_categories",), _penetration),
    (("share_of_wallet",), _share_of_wallet),
    (("win_back",), _win_back),
    (("acquisitions",), _acquisitions),
    (("fully_satisfied",), _fully_satisfied),
    (("successful_contacts", "cost_per_success"), _campaigns),
    (("conversion_rate", "revenue_per_conversion"), _conversion),
    (("cost_of_sale",), _cost_of_sale),
    (("service_level", "cost_of_service"), _service),
    (
        ("staff_highly_satisfied", "competency_coverage", "staff_trained", "info_access"),
        _staff,
    ),
)


def _check_measure_ids(ids: object, name: str) -> list[str]:
    if isinstance(ids, str):
        ids = [ids]
    if not isinstance(ids, Iterable):
        raise TypeError(
            f"argument '{name}' must be a list of measure ids such as ['retention', 'clv'] "
            f"but is {_short(ids)}."
        )
    ids = list(ids)
    unknown = [m for m in ids if m not in _BY_ID]
    if unknown:
        raise ValueError(
            f"argument '{name}' names unknown measure ids ({', '.join(map(repr, unknown))}); "
            f"the scorecard's measures are {', '.join(map(repr, _BY_ID))}."
        )
    return ids


# ----------------------------------------------------------------------------- public API


@calls_public
def compute_measures(
    tables: Mapping[str, pd.DataFrame],
    *,
    period: tuple[object, object] = ("2024-01-01", "2024-12-31"),
    by: str = "segment",
    measures: Iterable[str] | None = None,
    lapse_days: float = 180,
    conversion_days: float = 30,
    discount_rate: float = 0.1,
    fully_satisfied_from: int = 5,
    highly_satisfied_from: int = 5,
) -> pd.DataFrame:
    r"""Every measure of the CRM scorecard in a period, per group, as one tidy table.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        The kit's tables by name, as returned by ``crmkit.data.load_all()`` or
        ``crmkit.data.generate()``. Only the tables the chosen ``measures`` need must be
        present (see ``measure_table()["tables"]``).
    period : (date-like, date-like), default ("2024-01-01", "2024-12-31")
        The period measured, both days included. Measures that compare with the previous
        period (retention, acquisitions) use the period just before it: as many calendar
        months for a period of whole months (2023 for 2024), else as many days.
    by : str, default "segment"
        The column of ``customers`` that groups the customer measures (financial and
        customer perspectives).
    measures : iterable of str, optional
        Measure ids to compute (default: all of :data:`MEASURES`).
    lapse_days : float, default 180
        A customer with no order in this many days is lapsed (win-back %).
    conversion_days : float, default 30
        An inquiry converts if the customer orders within this many days (conversion rate,
        revenue per conversion).
    discount_rate : float, default 0.1
        Annual discount rate of the CLV.
    fully_satisfied_from : int, default 5
        Lowest csat rating (1-5) counted as fully satisfied: 5 is the top box.
    highly_satisfied_from : int, default 5
        Lowest staff job satisfaction (1-5) counted as highly satisfied.

    Returns
    -------
    pandas.DataFrame
        One row per measure and group, in scorecard order, with columns ``perspective``,
        ``measure_id``, ``measure``, ``unit``, ``group`` (``"all"`` first, then each
        segment, channel or function with data), ``value`` (float; NaN where the group has
        no data) and ``n`` (the base the value is computed over, see
        ``measure_table()["base"]``).

    Raises
    ------
    TypeError
        If ``tables`` is not a mapping of tables or an argument has the wrong type.
    ValueError
        If a table a chosen measure needs is missing (the message names the tables and the
        measures), a measure id is unknown, an argument is out of range, or a table is
        malformed (the message of the check that failed).

    Notes
    -----
    With :math:`P` the period and :math:`P'` the period of equal length before it, the
    customer measures are, for the customers :math:`i` of a group:

    .. math::

        \text{retention} &= 100\,|B' \cap B| / |B'|,\quad B, B' = \text{buyers in } P, P' \\
        \text{penetration (categories)} &= \tfrac{100}{|B|}\sum_{i \in B} k_i / K \\
        \text{share of wallet} &= 100\,\textstyle\sum_{i\in B} S_i \big/
            \sum_{i \in B} W_i\,|P|/365.25 \\
        \text{win-back} &= 100\,|L \cap B| / |L| \\
        \text{acquisitions} &= 100\,|A| / |B'|

    with :math:`k_i` the categories customer :math:`i` bought in :math:`P` out of the
    :math:`K` on offer, :math:`S_i` spend in :math:`P`, :math:`W_i` the estimated annual
    wallet, :math:`L` the customers lapsed on the day before :math:`P` and :math:`A` those
    whose first order falls in :math:`P`. Each measure's convention is in
    ``measure_table()["definition"]``; the staff survey has no date and is used whole.
    The CLV uses every order up to the period's end; conversions of inquiries late in the
    period may fall after it and count if the data has them.

    References
    ----------
    Kim, J., Suh, E., & Hwang, H. (2003). A model for evaluating the effectiveness of CRM
    using the balanced scorecard. *Journal of Interactive Marketing* 17(2), 5-19.

    Examples
    --------
    >>> from crmkit import data
    >>> tables = data.generate(seed=1, n_customers=60)
    >>> m = compute_measures(tables)
    >>> m["measure_id"].nunique(), m["perspective"].nunique()
    (18, 6)
    >>> trained = m[m["measure_id"] == "staff_trained"].set_index("group")
    >>> trained.loc[["all", "marketing", "service"], ["value", "n"]].round(1)
               value   n
    group
    all         67.5  40
    marketing   50.0   8
    service     91.7  12

    Only the staff measures, from the one table they need:

    >>> staff = {"staff_survey": tables["staff_survey"]}
    >>> compute_measures(staff, measures=["info_access"])["group"].tolist()
    ['all', 'marketing', 'sales', 'service', 'it', 'management']
    """
    check_column_names(by=by)
    if not isinstance(tables, Mapping):
        raise TypeError(
            f"argument 'tables' must be a dict of the kit's tables by name, such as "
            f"crmkit.data.load_all(), but is a {type(tables).__name__}."
        )
    start, end = _check_period(period)
    chosen = list(_BY_ID) if measures is None else _check_measure_ids(measures, "measures")
    needed: dict[str, list[str]] = {}
    for measure_id in chosen:
        for table in _BY_ID[measure_id].tables:
            needed.setdefault(table, []).append(measure_id)
    missing = [t for t in needed if t not in tables]
    if missing:
        users = sorted({m for t in missing for m in needed[t]}, key=_ORDER.get)
        near = [
            f"{n[0]!r} for {t!r}"
            for t in missing
            if (n := suggest(t, [k for k in tables if isinstance(k, str) and k not in needed]))
        ]
        hint = f" (the dict has {', '.join(near)}: rename the key)" if near else ""
        raise ValueError(
            f"argument 'tables' lacks table(s) {', '.join(map(repr, missing))}{hint}, needed "
            f"by measure(s) {', '.join(map(repr, users))}; pass crmkit.data.load_all() (or "
            f"generate()), or choose measures=... that your tables support."
        )
    lapse = check_number(lapse_days, "lapse_days", lo=0, lo_open=True, why="a number of days")
    window = check_number(
        conversion_days, "conversion_days", lo=0, why="a number of days after the inquiry"
    )
    rate = check_number(
        discount_rate, "discount_rate", lo=0, hi=1, why="an annual rate such as 0.1 for 10%"
    )
    top = check_number(
        fully_satisfied_from, "fully_satisfied_from", lo=1, hi=5, integer=True,
        why="it is a rating on the 1-5 csat scale",
    )  # fmt: skip
    high = check_number(
        highly_satisfied_from, "highly_satisfied_from", lo=1, hi=5, integer=True,
        why="it is a rating on the 1-5 job satisfaction scale",
    )  # fmt: skip
    if not isinstance(by, str):
        raise TypeError(
            f"argument 'by' must be a column name of table 'customers' but is {_short(by)}."
        )

    ctx: dict = {
        "tables": tables,
        "start": start,
        "end": end,
        "prev_start": _previous_start(start, end),
        "by": by,
        "lapse_days": lapse,
        "conversion_days": window,
        "discount_rate": rate,
        "fully_satisfied_from": top,
        "highly_satisfied_from": high,
    }
    if "customers" in needed:
        customers = check_frame(
            tables["customers"],
            "customers",
            {"customer_id": Text(), by: Category(why="every customer needs a group")},
            params={by: "by"},
            unique="customer_id",
        )
        ctx["customers"] = customers
        ctx["levels"] = [str(x) for x in _levels(group_labels(customers[by]))]
    if "order_lines" in needed:
        lines = check_frame(
            tables["order_lines"],
            "order_lines",
            {
                "customer_id": Text(),
                "order_date": Dates(),
                "revenue": Numeric(lo=0, why="revenue is an amount of 0 or more USD"),
            },
        )
        ctx["order_lines"] = lines
        ctx["lines_to_end"] = lines[lines["order_date"] < end + _DAY]
        ctx["lines_period"] = lines[_in_period(lines["order_date"], start, end)]
    channel_levels: list[str] = []
    if "channels" in tables and isinstance(tables["channels"], pd.DataFrame):
        if "channel" in tables["channels"].columns:
            channel_levels = list(
                dict.fromkeys(str(c) for c in group_labels(tables["channels"]["channel"]))
            )
    ctx["channel_levels"] = channel_levels
    rows: list[tuple] = []
    for ids, compute in _COMPUTE:
        if any(m in chosen for m in ids):
            rows.extend(r for r in compute(ctx) if r[1] in chosen)
    out = pd.DataFrame(rows, columns=_COLUMNS)
    out["value"] = out["value"].astype("float64")
    out["n"] = out["n"].astype("int64")
    order = out["measure_id"].map(_ORDER).to_numpy()
    out = out.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)
    return out


def _targets_frame(targets: object) -> pd.DataFrame:
    """Targets as rows of (measure_id, group, target), '*' for any group; validated."""
    if targets is None:
        return default_targets()
    if isinstance(targets, pd.DataFrame):
        check_frame(targets, "targets", {"measure_id": Text(), "target": Text()})
        frame = targets.copy()
        if "group" not in frame.columns:
            frame["group"] = "*"
        frame = frame[["measure_id", "group", "target"]]
    elif isinstance(targets, Mapping):
        rows = []
        for measure_id, target in targets.items():
            if isinstance(target, Mapping):
                rows.extend((measure_id, group, t) for group, t in target.items())
            else:
                rows.append((measure_id, "*", target))
        frame = pd.DataFrame(rows, columns=["measure_id", "group", "target"], dtype=object)
    else:
        raise TypeError(
            f"argument 'targets' must be a dict such as {{'retention': 75.0, 'clv': "
            f"{{'household': 300.0, '*': 700.0}}}} or a DataFrame with columns measure_id, "
            f"group and target, but is a {type(targets).__name__}."
        )
    frame = frame.astype({"measure_id": object, "group": object})
    frame["measure_id"] = frame["measure_id"].astype(str)
    frame["group"] = frame["group"].fillna("*").astype(str).map(clean_label)
    unknown = sorted(set(frame["measure_id"]) - set(_BY_ID))
    if unknown:
        raise ValueError(
            f"argument 'targets' has unknown measure ids ({', '.join(map(repr, unknown))}); "
            f"the scorecard's measures are {', '.join(map(repr, _BY_ID))}."
        )

    def is_number(t: object) -> bool:
        return isinstance(t, (int, float, np.integer, np.floating)) and not isinstance(
            t, (bool, np.bool_)
        )

    bad = [(m, g, t) for m, g, t in frame.itertuples(index=False) if not is_number(t)]
    if bad:
        shown = ", ".join(f"{m!r} (group {g!r}): {t!r}" for m, g, t in bad[:5])
        raise ValueError(
            f"argument 'targets' has targets that are not numbers ({shown}); each target is "
            f"a number in the measure's unit (see measure_table()['unit']), e.g. 75.0 for "
            f"75%."
        )
    frame["target"] = frame["target"].astype("float64")
    infinite = ~np.isfinite(frame["target"].to_numpy())
    if infinite.any():
        m, g, t = frame[infinite].iloc[0]
        raise ValueError(
            f"argument 'targets' has a target of {t} for {m!r} (group {g!r}); a target must "
            f"be a finite number."
        )
    dup = frame.duplicated(subset=["measure_id", "group"])
    if dup.any():
        m, g, _ = frame[dup].iloc[0]
        raise ValueError(
            f"argument 'targets' gives measure {m!r} (group {g!r}) more than one target; keep one."
        )
    return frame


def _near_miss(label: str, others: Iterable[str]) -> str | None:
    """The one of ``others`` that ``label`` is a near miss of (case, spaces, a typo), or None."""
    others = [o for o in others if o != label]
    same = [o for o in others if _norm_name(o) == _norm_name(label)]
    if same:
        return same[0]
    close = difflib.get_close_matches(label, others, n=1, cutoff=0.85)
    return close[0] if close else None


def _check_target_groups(
    frame: pd.DataFrame, measure_ids: pd.Series, groups: pd.Series, default: bool
) -> None:
    """Refuse targets whose group labels are near misses of the data's groups (either way).

    Without this, a segment spelt differently from its target ('Household' against
    'household') would silently get the '*' target and perhaps another status.
    """
    present = pd.DataFrame({"m": measure_ids.to_numpy(), "g": groups.to_numpy()})
    for measure_id, part in present.groupby("m", sort=False):
        have = set(part["g"])
        named = set(frame.loc[frame["measure_id"] == measure_id, "group"]) - {"*"}
        for target_group in sorted(named - have):
            near = _near_miss(target_group, have)
            if near is not None:
                who = "the default targets (DEFAULT_TARGETS)" if default else "argument 'targets'"
                fix = (
                    "spell the group as the targets do, or pass your own targets=..."
                    if default
                    else "spell the group as the measures do"
                )
                raise ValueError(
                    f"{who} names the group {target_group!r} for measure {measure_id!r}, but "
                    f"the measures have {near!r} and no {target_group!r}; the target would "
                    f"never apply and {near!r} would get the '*' target instead: {fix}."
                )
        for data_group in sorted(have - named - {"all"}):
            near = _near_miss(data_group, named - {"all"})
            if near is not None:
                raise ValueError(
                    f"group {data_group!r} of measure {measure_id!r} has no target of its own "
                    f"but the targets name {near!r}; it would silently get the '*' target "
                    f"instead: spell the groups alike (in the data or in targets=...)."
                )


def _status(
    value: np.ndarray, target: np.ndarray, higher: np.ndarray, tolerance: float
) -> np.ndarray:
    """'on target' / 'near target' / 'off target' / 'no data', direction-aware."""
    sign = np.where(higher, 1.0, -1.0)
    with np.errstate(invalid="ignore"):
        ahead = sign * (value - target)  # >= 0: meets the target
        band = tolerance * np.abs(target)
        status = np.where(
            ahead >= 0, "on target", np.where(ahead >= -band, "near target", "off target")
        )
    return np.where(np.isnan(value), "no data", status).astype(object)


@calls_public
def scorecard(
    data: Mapping[str, pd.DataFrame] | pd.DataFrame,
    *,
    targets: Mapping[str, object] | pd.DataFrame | None = None,
    tolerance: float = 0.05,
) -> pd.DataFrame:
    r"""The CRM scorecard: each measure against its target, with the gap and a status.

    Parameters
    ----------
    data : mapping of str to pandas.DataFrame, or pandas.DataFrame
        Either the kit's tables (``crmkit.data.load_all()``; the measures are then
        computed by :func:`compute_measures` with its defaults: the year 2024, per
        segment) or the result of :func:`compute_measures` (to choose its options).
    targets : mapping or pandas.DataFrame, optional
        The targets, in each measure's unit. A mapping from measure id to a number (every
        group) or to a mapping from group to number, where the group ``"*"`` covers every
        group not named; or a DataFrame with columns ``measure_id``, ``target`` and,
        optionally, ``group`` (missing or ``"*"``: every group). Default ``None``:
        :data:`DEFAULT_TARGETS`.
    tolerance : float, default 0.05
        Width of the "near target" band, relative to the target: 0.05 means within 5% of
        the target on the wrong side.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`compute_measures` in scorecard order (perspective, measure,
        ``"all"`` then the groups) with the added columns ``direction``, ``target``,
        ``gap`` (value - target, in the measure's unit) and ``status`` (one of
        :data:`STATUSES`).

    Raises
    ------
    TypeError
        If ``data`` or ``targets`` is of the wrong kind.
    ValueError
        If ``targets`` names an unknown measure id, gives a target that is not a number,
        or lacks a target for a measure (and group) of ``data`` (the message names them);
        if ``data`` is a malformed measures table or ``tolerance`` is outside 0-1.

    Notes
    -----
    With value :math:`v`, target :math:`t` and tolerance :math:`\tau`, for a measure where
    higher is better

    .. math::

        \text{status} = \begin{cases}
            \text{on target} & v \ge t \\
            \text{near target} & t - \tau |t| \le v < t \\
            \text{off target} & v < t - \tau |t|
        \end{cases}

    and mirrored (:math:`v \le t`, :math:`v \le t + \tau|t|`) where lower is better
    (costs). A value of NaN (a group without data) is "no data". The band is relative so
    that one tolerance suits percentages and dollars alike.

    References
    ----------
    Kaplan, R. S., & Norton, D. P. (1996). *The Balanced Scorecard*. Harvard Business
    School Press. Kim, J., Suh, E., & Hwang, H. (2003). A model for evaluating the
    effectiveness of CRM using the balanced scorecard. *Journal of Interactive Marketing*
    17(2), 5-19.

    Examples
    --------
    >>> import pandas as pd
    >>> staff = pd.DataFrame({"staff_id": ["S1", "S2", "S3", "S4"],
    ...     "function": ["sales", "sales", "service", "service"],
    ...     "satisfaction": [5, 3, 4, 5], "trained_in_crm": [True, False, True, True],
    ...     "competencies_held": [5, 1, 4, 3], "crm_info_access": [True, True, False, True]})
    >>> m = compute_measures({"staff_survey": staff}, measures=["staff_trained"])
    >>> card = scorecard(m, targets={"staff_trained": {"service": 90.0, "*": 70.0}})
    >>> card[["group", "value", "target", "gap", "status"]]
         group  value  target   gap       status
    0      all   75.0    70.0   5.0    on target
    1    sales   50.0    70.0 -20.0   off target
    2  service  100.0    90.0  10.0    on target
    """
    tol = check_number(tolerance, "tolerance", lo=0, hi=1, why="a share of the target")
    if isinstance(data, pd.DataFrame):
        check_frame(
            data,
            "measures",
            {"measure_id": Text(), "group": Text(), "value": Text(allow_nan=True)},
            unique=["measure_id", "group"],
            min_rows=1,
        )
        kind = data["value"].dtype
        if pd.api.types.is_bool_dtype(kind) or not pd.api.types.is_numeric_dtype(kind):
            raise ValueError(
                f"column 'value' in table 'measures' should hold numbers but has dtype "
                f"'{kind}'; pass the result of compute_measures() or convert it with "
                f"pd.to_numeric()."
            )
        measures = data.copy()
        _check_measure_ids(measures["measure_id"].unique().tolist(), "data's measure_id")
        for column in ("perspective", "measure", "unit"):
            if column not in measures.columns:
                measures[column] = [getattr(_BY_ID[m], column) for m in measures["measure_id"]]
        if "n" not in measures.columns:
            measures["n"] = 0
    elif isinstance(data, Mapping):
        measures = compute_measures(data)
    else:
        raise TypeError(
            f"argument 'data' must be the kit's tables (a dict, e.g. crmkit.data.load_all()) "
            f"or the DataFrame of compute_measures(), but is a {type(data).__name__}."
        )
    frame = _targets_frame(targets)
    exact = frame.set_index(["measure_id", "group"])["target"]
    groups = measures["group"].astype(str).map(clean_label)
    _check_target_groups(frame, measures["measure_id"].astype(str), groups, targets is None)
    keys = pd.MultiIndex.from_arrays([measures["measure_id"].astype(str), groups])
    target = exact.reindex(keys).to_numpy()
    fallback = exact.reindex(
        pd.MultiIndex.from_arrays([measures["measure_id"].astype(str), ["*"] * len(measures)])
    ).to_numpy()
    target = np.where(np.isnan(target), fallback, target)
    lacking = np.isnan(target)
    if lacking.any():
        shown = sorted(
            {f"{m!r} (group {g!r})" for m, g in keys[lacking]},
            key=lambda s: (_ORDER[s.split("'")[1]], s),
        )
        raise ValueError(
            f"argument 'targets' has no target for {', '.join(shown[:8])}"
            f"{', ...' if len(shown) > 8 else ''}; add them, or a '*' target for every group "
            f"of the measure (e.g. {{'{keys[lacking][0][0]}': {{'*': ...}}}})."
        )
    direction = np.array([_BY_ID[m].direction for m in measures["measure_id"]], dtype=object)
    value = measures["value"].to_numpy(dtype="float64")
    out = measures[["perspective", "measure_id", "measure", "unit", "group", "value", "n"]].copy()
    out["direction"] = direction
    out["target"] = target
    with np.errstate(invalid="ignore"):
        out["gap"] = value - target
    out["status"] = _status(value, target, direction == "higher", tol)
    rank = out["measure_id"].map(_ORDER).to_numpy()
    group_rank = np.where(out["group"].to_numpy() == "all", 0, 1)
    order = np.lexsort((np.arange(len(out)), group_rank, rank))
    return out.iloc[order].reset_index(drop=True)


def scorecard_summary(card: pd.DataFrame, *, groups: str = "all") -> pd.DataFrame:
    """The share of measures on target in each perspective of a scorecard.

    Parameters
    ----------
    card : pandas.DataFrame
        The result of :func:`scorecard`.
    groups : {"all", "every"}, default "all"
        ``"all"`` counts each measure once, by its company-wide (``"all"``) row;
        ``"every"`` counts every measure x group row.

    Returns
    -------
    pandas.DataFrame
        Indexed by perspective (in :data:`PERSPECTIVES` order; perspectives absent from
        ``card`` are left out), with the counts ``measures``, ``on_target``,
        ``near_target``, ``off_target``, ``no_data`` and ``share_on_target`` (percent of the
        rows with data that are on target; NaN if none has data).

    Raises
    ------
    ValueError
        If ``card`` lacks the columns of a scorecard, or ``groups`` is not "all" or
        "every".

    Examples
    --------
    >>> import pandas as pd
    >>> staff = pd.DataFrame({"staff_id": ["S1", "S2"], "function": ["sales", "service"],
    ...     "satisfaction": [5, 3], "trained_in_crm": [True, False],
    ...     "competencies_held": [5, 1], "crm_info_access": [True, True]})
    >>> card = scorecard(compute_measures({"staff_survey": staff},
    ...                                   measures=["staff_trained", "info_access"]))
    >>> scorecard_summary(card)[["measures", "on_target", "off_target", "share_on_target"]]
                            measures  on_target  off_target  share_on_target
    perspective
    People and information         2          1           1             50.0
    """
    groups = check_choice(groups, "groups", ["all", "every"])
    check_frame(
        card,
        "scorecard",
        {"perspective": Category(), "group": Text(), "status": Category(allowed=STATUSES)},
    )
    labels = pd.DataFrame(
        {
            c: group_labels(card[c].astype(object)).astype(str).to_numpy()
            for c in ("perspective", "group", "status")
        }
    )  # labels compared after cleaning, as the check above did
    rows = labels[labels["group"] == "all"] if groups == "all" else labels
    counts = pd.crosstab(rows["perspective"], rows["status"])
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    counts = counts.reindex(
        [p for p in PERSPECTIVES if p in counts.index]
        + sorted(p for p in counts.index if p not in PERSPECTIVES)
    )
    out = pd.DataFrame(
        {
            "measures": counts.sum(axis=1),
            "on_target": counts["on target"],
            "near_target": counts["near target"],
            "off_target": counts["off target"],
            "no_data": counts["no data"],
        }
    ).astype("int64")
    scored = out["measures"] - out["no_data"]
    out["share_on_target"] = np.where(
        scored > 0, 100.0 * out["on_target"] / scored.where(scored > 0, 1), np.nan
    )
    out.index.name = "perspective"
    return out
