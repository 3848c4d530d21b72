"""The planted truths: the numbers the generating model is built on.

The tests recover each of them from generated data, and the notebooks may quote them
(``crmkit.data.PLANTED.campaign_uplift``) when they ask students to find them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = [
    "PLANTED",
    "Planted",
    "OBSERVATION_START",
    "OBSERVATION_END",
    "EXTRACT_END",
    "CRM_LAUNCH",
    "LOYALTY_LAUNCH",
    "PROCESS_CHANGE",
    "WAVE_1_START",
    "WAVE_2_START",
    "CAMPAIGN_1_START",
    "CAMPAIGN_2_START",
]

#: The company opens and its CRM database starts.
OBSERVATION_START = pd.Timestamp("2022-01-01")
#: The last day covered by the extract.
OBSERVATION_END = pd.Timestamp("2024-12-31")
#: The moment the extract was taken: the end of the observation end's day (2025-01-01
#: 00:00). Every timestamp of every table is before it; a ticket not closed by then is
#: open (its ``closed_at`` is missing).
EXTRACT_END = OBSERVATION_END + pd.Timedelta(days=1)
#: The CRM system goes live (notebook 01).
CRM_LAUNCH = pd.Timestamp("2023-07-01")
#: The loyalty programme starts (notebook 07).
LOYALTY_LAUNCH = pd.Timestamp("2023-01-01")
#: The service process change of the DMAIC project (notebook 08).
PROCESS_CHANGE = pd.Timestamp("2024-01-01")
#: First day of survey wave 1 (March 2023) and wave 2 (September 2024).
WAVE_1_START = pd.Timestamp("2023-03-01")
WAVE_2_START = pd.Timestamp("2024-09-01")
#: Start of the campaigns of turn 1 and turn 2 of Swift's loop.
CAMPAIGN_1_START = pd.Timestamp("2024-03-01")
CAMPAIGN_2_START = pd.Timestamp("2024-06-01")


@dataclass(frozen=True)
class Planted:
    """The known truths built into the generated data (see the data card's lecturers' section).

    Hazards are monthly; ``churn_loghr_*`` are log hazard ratios per standard deviation of
    the latent trait (0 means no direct effect). Tuples of ``(label, value)`` pairs keep
    the instance immutable; turn one into a dict with ``dict(PLANTED.campaign_uplift)``.

    Examples
    --------
    >>> from crmkit.data import PLANTED
    >>> dict(PLANTED.campaign_uplift)["small_business"]
    0.1
    >>> PLANTED.resolution_median_hours_after / PLANTED.resolution_median_hours_before
    0.6
    """

    # T1 retention drivers: monthly churn hazard = base * exp(sum of loghr * latent) * ...
    churn_base_monthly: float = 0.022
    churn_loghr_satisfaction: float = -0.45
    churn_loghr_trust: float = -0.55
    churn_loghr_bonding: float = -0.25
    churn_loghr_reciprocity: float = -0.10
    churn_loghr_empathy: float = 0.0
    churn_loghr_engagement: float = -0.50
    churn_segment_hr: tuple[tuple[str, float], ...] = (
        ("household", 1.0),
        ("small_business", 0.9),
        ("corporate", 0.7),
    )
    # T2 complaint causes (shares of complaint tickets)
    complaint_cause_shares: tuple[tuple[str, float], ...] = (
        ("late_delivery", 0.50),
        ("damaged_item", 0.25),
        ("billing_error", 0.08),
        ("wrong_item", 0.07),
        ("staff_attitude", 0.04),
        ("website_issue", 0.03),
        ("other", 0.03),
    )
    # T3 process change: lognormal resolution times, median before/after, log-sd
    resolution_median_hours_before: float = 36.0
    resolution_median_hours_after: float = 21.6
    resolution_log_sd: float = 0.7
    service_target_hours: float = 48.0
    # T4 campaigns: response rate of the control group and the true uplift (treatment - control)
    campaign_base_rate: tuple[tuple[str, float], ...] = (
        ("household", 0.06),
        ("small_business", 0.08),
        ("corporate", 0.10),
    )
    campaign_uplift: tuple[tuple[str, float], ...] = (
        ("household", 0.04),
        ("small_business", 0.10),
        ("corporate", 0.0),
    )
    campaign_response_window_days: int = 30
    # T5 loyalty programme
    loyalty_churn_hr: float = 0.7
    loyalty_join_logit_intercept: float = -1.0
    loyalty_join_logit_engagement: float = 2.0
    loyalty_points_per_usd: int = 1
    loyalty_redeem_block: int = 500
    loyalty_redeem_probability: float = 0.5
    tier_silver_usd: float = 1000.0
    tier_gold_usd: float = 3000.0
    # T6 CRM launch
    crm_churn_hr: float = 0.85
    crm_repeat_rate_factor: float = 1.2
    crm_acquisition_factor: float = 1.3
    # T7 ACSI structural paths (standardised latents) and item loading
    acsi_exp_to_qual: float = 0.5
    acsi_exp_to_value: float = 0.1
    acsi_qual_to_value: float = 0.5
    acsi_exp_to_sat: float = 0.05
    acsi_qual_to_sat: float = 0.55
    acsi_value_to_sat: float = 0.30
    acsi_sat_to_complaint: float = -0.6
    acsi_sat_to_loyalty: float = 0.7
    acsi_loading: float = 0.85
    # T8 importance-performance: mean importance and mean performance (1-5)
    ipa_importance: tuple[tuple[str, float], ...] = (
        ("product_quality", 4.3),
        ("price", 4.0),
        ("delivery", 4.5),
        ("staff_service", 3.8),
        ("after_sales", 3.6),
        ("website", 2.9),
    )
    ipa_performance: tuple[tuple[str, float], ...] = (
        ("product_quality", 4.0),
        ("price", 3.5),
        ("delivery", 3.1),
        ("staff_service", 3.9),
        ("after_sales", 3.4),
        ("website", 4.3),
    )
    # T9 SERVQUAL: expectation mean (1-7) and perception - expectation gap per dimension
    servqual_expectation: float = 5.6
    servqual_gap: tuple[tuple[str, float], ...] = (
        ("tangibles", -0.45),
        ("reliability", -0.9),
        ("responsiveness", -1.4),
        ("assurance", -0.7),
        ("empathy", -0.8),
    )
    # T10 relationship scales
    relationship_loading: float = 0.8
    weak_item: str = "reciprocity_3"
    weak_item_loading: float = 0.3
    # T11 survey wave 2: shift of latent satisfaction (SD units) at wave 2 (CRM effect)
    wave2_satisfaction_shift: float = 0.35
    # expected gains of the mean scores for the same customers (from the item model)
    wave2_csat_gain: float = 0.28
    wave2_nps_score_gain: float = 0.52
    # T12 profitability: share of customers unprofitable after COGS, cost of sale, service
    unprofitable_share_range: tuple[float, float] = (0.15, 0.25)
    # the cost model behind it: unit cost as a share of list price (spread evenly over each
    # category's products); deal seekers (the most price-sensitive fifth) buy this share of
    # their orders in the promotion, at this discount, made only of the promoted lines (the
    # products of each category with the highest cost share, i.e. the thinnest margins),
    # and stock up on them (this many times the units a line of their other orders)
    unit_cost_share_range: tuple[float, float] = (0.64, 0.84)
    deal_seeker_discounted_share: float = 0.9
    deal_seeker_discount: float = 0.30
    promoted_lines_per_category: int = 7
    deal_seeker_stock_up: float = 3.0
    # the whale curve's peak (% of total profit earned by the profitable customers): the
    # range seeds 1-3 and 42 fall in at 2,000 customers
    whale_peak_pct_range: tuple[float, float] = (130.0, 200.0)
    # T13 staff survey: probability of CRM training and of CRM information access
    staff_trained: tuple[tuple[str, float], ...] = (
        ("marketing", 0.45),
        ("sales", 0.65),
        ("service", 0.90),
        ("it", 0.60),
        ("management", 0.55),
    )
    staff_info_access: tuple[tuple[str, float], ...] = (
        ("marketing", 0.35),
        ("sales", 0.70),
        ("service", 0.80),
        ("it", 0.90),
        ("management", 0.75),
    )


#: The planted truths of the default model.
PLANTED = Planted()
