"""The generating model of Caspian Home's CRM data (private; use ``crmkit.data.generate``).

Every number and date comes from numpy generators spawned from one ``SeedSequence``, one
per concern, so that adding a column to one table does not shift another table's numbers.
Faker is used only for identity fields (names, cities, phone numbers), seeded per instance,
and draws from its own stream: the numbers are identical in every locale.

Time is counted in whole days since ``OBSERVATION_START`` (day 0 = 2022-01-01) and in
calendar months (month 0 = January 2022, month 35 = December 2024).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ._planted import (
    CAMPAIGN_1_START,
    CAMPAIGN_2_START,
    CRM_LAUNCH,
    LOYALTY_LAUNCH,
    OBSERVATION_END,
    OBSERVATION_START,
    PLANTED,
    PROCESS_CHANGE,
    WAVE_1_START,
    WAVE_2_START,
    Planted,
)
from ._schema import (
    ACSI_ITEMS,
    CATEGORIES,
    ID_PREFIX,
    IPA_ATTRIBUTES,
    RELATIONSHIP_DIMENSIONS,
    SERVQUAL_DIMENSIONS,
    TABLES,
)

LOCALES = ("en_US", "fa_IR", "ru_RU")

# ----------------------------------------------------------------------------- calendar
_MONTH_STARTS = pd.date_range(OBSERVATION_START, periods=37, freq="MS")
MONTH_START_DAY = ((_MONTH_STARTS - OBSERVATION_START).days).to_numpy().astype(np.int64)
N_DAYS = int((OBSERVATION_END - OBSERVATION_START).days) + 1  # 1096
N_MONTHS = 36
MONTH_LEN = np.diff(MONTH_START_DAY)
CALENDAR_MONTH = np.arange(N_MONTHS) % 12  # 0 = January


def _day(ts: pd.Timestamp) -> int:
    return int((ts - OBSERVATION_START).days)


def _month_of_day(day: np.ndarray) -> np.ndarray:
    return np.searchsorted(MONTH_START_DAY, day, side="right") - 1


# Seasonality of purchases by calendar month (peaks in March and November-December).
SEASON = np.array([0.80, 0.85, 1.25, 1.00, 0.95, 0.90, 0.85, 0.85, 0.95, 1.00, 1.35, 1.50])

SEGMENTS = CATEGORIES[("customers", "segment")]
SEGMENT_SHARE = np.array([0.60, 0.28, 0.12])
ACQ_CHANNELS = CATEGORIES[("customers", "acquisition_channel")]
ACQ_SHARE = np.array([0.30, 0.35, 0.10, 0.15, 0.10])
ACQ_COST = np.array([25.0, 40.0, 35.0, 15.0, 30.0])  # USD, household
SEGMENT_COST_MULT = np.array([1.0, 1.6, 3.0])
# orders per active month (before seasonality and engagement), lines and extra units
ORDER_RATE = np.array([0.53, 0.80, 0.43])
EXTRA_LINES = np.array([0.6, 1.1, 2.2])  # lines per order = 1 + Poisson(this)
EXTRA_UNITS = np.array([0.25, 1.0, 4.0])  # units per line = 1 + Poisson(this)
WALLET_ORDER_VALUE = np.array([170.0, 520.0, 1700.0])  # rough mean order value, USD
DEAL_SEEKER_Z = 0.8416  # price sensitivity above its 80th percentile: deal seekers

SALES_CHANNELS = CATEGORIES[("order_lines", "channel")]  # store, web, phone, marketplace
SALES_MIX = np.array([0.35, 0.40, 0.10, 0.15])
# preferred sales channel from the acquisition channel (referral -> store)
ACQ_TO_SALES = np.array([0, 1, 2, 0, 3])

PRODUCT_CATEGORIES = CATEGORIES[("products", "category")]
PRODUCT_MEDIAN_PRICE = np.array([25.0, 220.0, 60.0, 30.0, 45.0, 90.0])
PRODUCTS_PER_CATEGORY = 20
_PRODUCT_WORDS = {
    "kitchen": (
        ["Classic", "Nordic", "Copper", "Enamel", "Bamboo", "Granite", "Chef's", "Compact"],
        ["Saucepan", "Knife Set", "Cutting Board", "Kettle", "Mixing Bowls", "Frying Pan"],
    ),
    "furniture": (
        ["Oak", "Walnut", "Pine", "Rattan", "Velvet", "Loft", "Scandi", "Folding"],
        ["Dining Table", "Armchair", "Bookshelf", "Sofa", "Desk", "Bed Frame"],
    ),
    "lighting": (
        ["Brass", "Linen", "Glass", "Arc", "Dimmable", "Industrial", "Paper", "Smart"],
        ["Floor Lamp", "Pendant", "Desk Lamp", "Wall Light", "String Lights", "Lantern"],
    ),
    "textiles": (
        ["Cotton", "Wool", "Linen", "Jacquard", "Waffle", "Silk", "Boucle", "Hemp"],
        ["Throw", "Cushion", "Towel Set", "Curtains", "Rug", "Duvet Cover"],
    ),
    "garden": (
        ["Teak", "Terracotta", "Galvanised", "Cedar", "Solar", "Wicker", "Stone", "Hanging"],
        ["Planter", "Bench", "Watering Can", "Parasol", "Bird Feeder", "Hose Reel"],
    ),
    "electronics": (
        ["Wireless", "Compact", "Pro", "Smart", "Retro", "Quiet", "Digital", "Portable"],
        ["Speaker", "Air Purifier", "Coffee Maker", "Blender", "Vacuum", "Radio"],
    ),
}

# channels table: channel, sells, serves, markets, cost_per_order, cost_per_contact,
# cost_per_ticket (USD)
CHANNELS = (
    ("store", True, True, False, 10.00, 0.00, 12.00),
    ("web", True, True, False, 8.00, 0.00, 6.00),
    ("phone", True, True, True, 12.00, 1.50, 15.00),
    ("marketplace", True, False, False, 18.00, 0.00, 0.00),
    ("email", False, True, True, 0.00, 0.10, 8.00),
    ("sms", False, False, True, 0.00, 0.08, 0.00),
)
SERVICE_CHANNELS = CATEGORIES[("tickets", "channel")]  # store, web, phone, email
INTERACTION_CHANNELS = CATEGORIES[("interactions", "channel")]
# staff cost of one interaction: rows inquiry, complaint, service; columns store, web,
# phone, email (USD)
HANDLING_COST = np.array(
    [
        [3.00, 0.80, 4.00, 2.00],
        [6.00, 3.00, 7.00, 5.00],
        [5.00, 2.50, 6.00, 4.00],
    ]
)
INQUIRY_RATE = 0.10  # per active month
SERVICE_PER_ORDER = 0.04

CAMPAIGNS = (
    # id, name, turn, start, channel, segments
    ("K01", "Spring refresh (email)", 1, CAMPAIGN_1_START, "email", SEGMENTS),
    ("K02", "Summer home (sms)", 2, CAMPAIGN_2_START, "sms", SEGMENTS[:2]),
)

# Iranian cities (Persian spelling) with weights roughly proportional to population.
FA_CITIES = (
    ("تهران", 90),
    ("مشهد", 33),
    ("اصفهان", 20),
    ("کرج", 19),
    ("شیراز", 16),
    ("تبریز", 16),
    ("قم", 12),
    ("اهواز", 11),
    ("کرمانشاه", 10),
    ("ارومیه", 7),
    ("رشت", 7),
    ("زاهدان", 6),
    ("کرمان", 5),
    ("یزد", 5),
    ("همدان", 5),
    ("اردبیل", 5),
    ("بندرعباس", 5),
    ("اراک", 5),
    ("ساری", 4),
    ("قزوین", 4),
    ("زنجان", 4),
    ("گرگان", 4),
)
_PERSIAN_FIX = {0x64A: 0x6CC, 0x643: 0x6A9}  # Arabic yeh/kaf -> Persian yeh/keheh

# Spawn keys: one independent numpy stream per concern (never reorder, only append).
_STREAMS = (
    "products",
    "customers",
    "churn",
    "orders",
    "lines",
    "campaigns",
    "interactions",
    "tickets",
    "surveys",
    "loyalty",
    "staff",
    "identity",
)


# ----------------------------------------------------------------------------- helpers
def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def make_ids(column: str, n: int) -> np.ndarray:
    """Zero-padded string keys ``C00001, ...`` (more digits when ``n`` needs them).

    Parameters
    ----------
    column : str
        A key column of ``ID_PREFIX`` (its prefix letter and minimum number of digits).
    n : int
        Number of keys.

    Returns
    -------
    numpy.ndarray
        An object array of ``n`` distinct ``str``.
    """
    prefix, width = ID_PREFIX[column]
    width = max(width, len(str(n)))
    # The ASCII text "C00001\nC00002\n..." is written as a byte matrix (a row per key, the
    # digits by divmod), decoded once and split: Python makes the n strings in one C loop,
    # several times faster than numpy's int -> str -> object conversions.
    chars = np.empty((n, width + 2), dtype=np.uint8)
    chars[:, 0] = ord(prefix)
    chars[:, -1] = ord("\n")
    rest = np.arange(1, n + 1, dtype=np.int64)
    for pos in range(width, 0, -1):
        rest, digit = np.divmod(rest, 10)
        chars[:, pos] = digit + ord("0")
    keys = np.empty(n, dtype=object)
    keys[:] = chars.tobytes().decode("ascii").split("\n")[:-1]
    return keys


def _argsort_stable(key: np.ndarray) -> np.ndarray:
    """``np.argsort(key, kind="stable")`` for non-negative integer keys, several times faster.

    The values ``key * size + position`` are distinct and ordered like ``(key, position)``,
    so sorting them (numpy sorts plain integers much faster than it argsorts them) and
    taking ``% size`` gives the stable order. Falls back to ``argsort`` if they could
    overflow int64.
    """
    size = key.size
    if size == 0 or key.min() < 0 or int(key.max()) >= np.iinfo(np.int64).max // size - 1:
        return np.argsort(key, kind="stable")
    packed = key.astype(np.int64) * size
    packed += np.arange(size, dtype=np.int64)
    packed.sort()
    np.remainder(packed, size, out=packed)
    return packed


def _poisson_days(
    rng: np.random.Generator,
    rate: np.ndarray,
    start_day: np.ndarray,
    end_day: np.ndarray,
    month_factor: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Events of a Poisson process per customer, active on days [start_day, end_day).

    ``rate`` is per customer and month (shape ``(n,)``), ``month_factor`` a multiplier per
    calendar month of the observation period. Only the customer-months in which a
    customer is active are drawn (a flat array of cells, built with ``np.repeat``).
    Returns the customer index and the day of each event, grouped by customer then month.
    """
    n = start_day.size
    end_day = np.maximum(end_day, start_day)
    first = _month_of_day(np.minimum(start_day, N_DAYS - 1))
    last = _month_of_day(np.clip(end_day - 1, 0, N_DAYS - 1))
    n_cells = np.where(end_day > start_day, last - first + 1, 0)
    # month of each cell: the customer's first month plus the cell's rank for the customer
    month = np.arange(int(n_cells.sum()))
    month -= np.repeat(np.cumsum(n_cells) - n_cells - first, n_cells)
    lo = np.maximum(MONTH_START_DAY[month], np.repeat(start_day, n_cells))
    active = np.minimum(MONTH_START_DAY[month + 1], np.repeat(end_day, n_cells))
    active -= lo
    # expected events of each cell, rate * factor * active / month length, in place
    mean = np.repeat(rate, n_cells)
    if month_factor is not None:
        mean *= month_factor[month]
    mean *= active
    mean /= MONTH_LEN[month]
    del month
    counts = rng.poisson(mean)
    del mean
    # a uniform day in the active part of the cell: lo + floor(u * active)
    day = rng.random(int(counts.sum()))
    day *= np.repeat(active, counts)
    np.floor(day, out=day)
    day = day.astype(np.int64)
    day += np.repeat(lo, counts)
    cust = np.repeat(np.repeat(np.arange(n), n_cells), counts)
    return cust, day


def _month_share(start: np.ndarray) -> np.ndarray:
    """Share of each month on or after day ``start``: ``(n, N_MONTHS)``, from 0 to 1."""
    days = np.maximum(MONTH_START_DAY[None, :-1], start[:, None])
    np.subtract(MONTH_START_DAY[None, 1:], days, out=days)
    np.clip(days, 0, None, out=days)
    return days / MONTH_LEN


def _likert(latent: np.ndarray, loading: float, cuts: np.ndarray, rng) -> np.ndarray:
    """Ordinal item 1..len(cuts)+1: a noisy measure of ``latent`` cut at ``cuts``."""
    y = loading * latent + np.sqrt(1.0 - loading**2) * rng.standard_normal(latent.shape)
    return 1 + np.searchsorted(cuts, y).astype(np.int64)


def _scale(values: np.ndarray, lo: int, hi: int) -> np.ndarray:
    return np.clip(np.rint(values), lo, hi).astype(np.int64)


def _group_sum(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(index, weights=values, minlength=n)


# ----------------------------------------------------------------------------- model
def generate_tables(
    seed: int,
    n_customers: int,
    locale: str,
    step: Callable[[str], None] | None = None,
    planted: Planted = PLANTED,
) -> dict[str, pd.DataFrame]:
    """Run the model; ``step(name)`` is called after each stage (for a progress bar)."""
    step = step or (lambda name: None)
    root = np.random.SeedSequence(seed)
    rngs = {
        name: np.random.default_rng(s)
        for name, s in zip(_STREAMS, root.spawn(len(_STREAMS)), strict=True)
    }
    P = planted
    n = n_customers

    # ---------------------------------------------------------------- products, channels
    rng = rngs["products"]
    prod_cat = np.repeat(np.arange(len(PRODUCT_CATEGORIES)), PRODUCTS_PER_CATEGORY)
    names = []
    for cat in PRODUCT_CATEGORIES:
        adjectives, nouns = _PRODUCT_WORDS[cat]
        combos = [f"{a} {b}" for a in adjectives for b in nouns]
        pick = rng.choice(len(combos), PRODUCTS_PER_CATEGORY, replace=False)
        names.extend(combos[i] for i in np.sort(pick))
    list_price = np.round(
        PRODUCT_MEDIAN_PRICE[prod_cat] * np.exp(0.45 * rng.standard_normal(prod_cat.size)), 2
    )
    list_price = np.maximum(list_price, 2.0)
    # unit cost as a share of list price, spread evenly over each category's 20 products in
    # a random order (the rank of a uniform draw), so that every seed has the same margins;
    # the promoted lines are the ones with the highest cost share (the thinnest margins)
    cost_lo, cost_hi = P.unit_cost_share_range
    cost_rank = np.argsort(np.lexsort((rng.random(prod_cat.size), prod_cat)), kind="stable")
    cost_rank %= PRODUCTS_PER_CATEGORY
    cost_share = cost_lo + (cost_hi - cost_lo) * (cost_rank + 0.5) / PRODUCTS_PER_CATEGORY
    unit_cost = np.round(list_price * cost_share, 2)
    promoted = np.flatnonzero(cost_rank >= PRODUCTS_PER_CATEGORY - P.promoted_lines_per_category)
    popularity = rng.gamma(1.5, 1.0, prod_cat.size)
    n_products = prod_cat.size
    product_ids = make_ids("product_id", n_products)
    products = _typed(
        "products",
        {
            "product_id": product_ids,
            "product_name": names,
            "category": np.asarray(PRODUCT_CATEGORIES, dtype=object)[prod_cat],
            "unit_price": list_price,
            "unit_cost": unit_cost,
        },
    )
    channels = _typed("channels", pd.DataFrame(CHANNELS, columns=list(TABLES["channels"])))
    step("products")

    # ---------------------------------------------------------------- customers: latents
    rng = rngs["customers"]
    z = rng.standard_normal((n, 12))
    # ACSI chain: expectations -> quality -> value -> satisfaction
    expect = z[:, 0]
    quality = P.acsi_exp_to_qual * expect + np.sqrt(1 - P.acsi_exp_to_qual**2) * z[:, 1]
    value_sys = P.acsi_exp_to_value * expect + P.acsi_qual_to_value * quality
    cov_eq = P.acsi_exp_to_qual
    var_v = (
        P.acsi_exp_to_value**2
        + P.acsi_qual_to_value**2
        + 2 * P.acsi_exp_to_value * P.acsi_qual_to_value * cov_eq
    )
    value = value_sys + np.sqrt(1 - var_v) * z[:, 2]
    cov = np.array(
        [
            [1.0, cov_eq, P.acsi_exp_to_value + P.acsi_qual_to_value * cov_eq],
            [cov_eq, 1.0, P.acsi_exp_to_value * cov_eq + P.acsi_qual_to_value],
            [0.0, 0.0, 1.0],
        ]
    )
    cov[2, :2] = cov[:2, 2]
    paths = np.array([P.acsi_exp_to_sat, P.acsi_qual_to_sat, P.acsi_value_to_sat])
    sat = (
        np.column_stack([expect, quality, value]) @ paths
        + np.sqrt(1 - paths @ cov @ paths) * z[:, 3]
    )
    relational = z[:, 4]  # a common relationship factor, independent of satisfaction
    trust = 0.55 * sat + 0.45 * relational + np.sqrt(1 - 0.55**2 - 0.45**2) * z[:, 5]
    bonding = 0.35 * sat + 0.55 * relational + np.sqrt(1 - 0.35**2 - 0.55**2) * z[:, 6]
    reciprocity = 0.25 * sat + 0.45 * relational + np.sqrt(1 - 0.25**2 - 0.45**2) * z[:, 7]
    empathy = 0.15 * sat + 0.45 * relational + np.sqrt(1 - 0.15**2 - 0.45**2) * z[:, 8]
    engagement = 0.30 * sat + 0.10 * relational + np.sqrt(1 - 0.30**2 - 0.10**2) * z[:, 9]
    price_sens = z[:, 10]

    segment = rng.choice(3, n, p=SEGMENT_SHARE)
    # signup day: acquisition rate 30% higher from the CRM launch on
    weight = np.where(np.arange(N_DAYS) >= _day(CRM_LAUNCH), P.crm_acquisition_factor, 1.0)
    cdf = np.cumsum(weight) / weight.sum()
    signup = np.searchsorted(cdf, rng.random(n), side="right").astype(np.int64)
    signup = np.minimum(signup, N_DAYS - 1)
    acq = rng.choice(len(ACQ_CHANNELS), n, p=ACQ_SHARE)
    acq_cost = np.round(
        ACQ_COST[acq] * SEGMENT_COST_MULT[segment] * np.exp(0.3 * rng.standard_normal(n)), 2
    )
    order_rate = ORDER_RATE[segment] * np.exp(0.7 * engagement - 0.245)
    share_of_wallet = _sigmoid(-0.6 + 0.6 * engagement + 0.3 * sat + 0.3 * z[:, 11])
    wallet = np.round(12 * order_rate * WALLET_ORDER_VALUE[segment] / share_of_wallet, -1)
    step("customers")

    # ---------------------------------------------------------------- loyalty joining
    rng = rngs["loyalty"]
    p_join = _sigmoid(P.loyalty_join_logit_intercept + P.loyalty_join_logit_engagement * engagement)
    wants = rng.random(n) < p_join
    launch = _day(LOYALTY_LAUNCH)
    join_day = np.where(
        signup < launch,
        launch + rng.integers(0, 90, n),
        signup + rng.integers(0, 30, n),
    )
    join_day = np.where(wants, join_day, np.iinfo(np.int64).max // 4)

    # ---------------------------------------------------------------- churn
    rng = rngs["churn"]
    seg_hr = np.array([dict(P.churn_segment_hr)[s] for s in SEGMENTS])
    lp = (
        P.churn_loghr_satisfaction * sat
        + P.churn_loghr_trust * trust
        + P.churn_loghr_bonding * bonding
        + P.churn_loghr_reciprocity * reciprocity
        + P.churn_loghr_empathy * empathy
        + P.churn_loghr_engagement * engagement
    )
    base = P.churn_base_monthly * np.exp(lp) * seg_hr[segment]
    crm = np.where(np.arange(N_MONTHS) >= _month_of_day(np.array([_day(CRM_LAUNCH)]))[0], 1, 0)
    month_hr = np.where(crm == 1, P.crm_churn_hr, 1.0)
    # share of each month the customer is a member (for the loyalty hazard ratio)
    # (customer x month matrices, computed in place: the same operations as
    # rate = base * month_hr * (1 - member_frac * (1 - hr)), cum = cumsum(rate * exposure))
    loyal = _month_share(join_day)
    loyal *= 1 - P.loyalty_churn_hr
    np.subtract(1, loyal, out=loyal)
    rate = base[:, None] * month_hr[None, :]
    rate *= loyal
    del loyal
    cum = _month_share(signup)  # exposure: share of the month as a customer
    cum *= rate
    np.cumsum(cum, axis=1, out=cum)
    e = rng.exponential(1.0, n)
    churn_month = (cum < e[:, None]).sum(axis=1)  # 36 = survives the period
    churned = churn_month < N_MONTHS
    cm = np.minimum(churn_month, N_MONTHS - 1)
    prev = np.where(cm > 0, cum[np.arange(n), cm - 1], 0.0)
    prev = np.where(cm == 0, 0.0, prev)
    # within the churn month, the hazard is constant: solve linearly for the day
    r_m = rate[np.arange(n), cm] / MONTH_LEN[cm]
    del rate, cum
    start_m = np.maximum(MONTH_START_DAY[cm], signup)
    churn_day = start_m + np.floor((e - prev) / np.maximum(r_m, 1e-12)).astype(np.int64)
    churn_day = np.where(churned, np.clip(churn_day, signup + 1, None), N_DAYS)
    churn_day = np.minimum(churn_day, N_DAYS)  # day N_DAYS = still a customer at the end
    member = join_day < np.minimum(churn_day, N_DAYS)
    join_day = np.where(member, join_day, -1)
    step("churn")

    # ---------------------------------------------------------------- campaigns
    rng = rngs["campaigns"]
    base_rate = dict(P.campaign_base_rate)
    uplift = dict(P.campaign_uplift)
    contacts = []
    extra_orders = []  # (customer, day) of response orders
    for cid, _name, _turn, start, _channel, segs in CAMPAIGNS:
        d0 = _day(start)
        seg_codes = [SEGMENTS.index(s) for s in segs]
        eligible = (signup < d0) & (churn_day > d0) & np.isin(segment, seg_codes)
        idx = np.flatnonzero(eligible)
        # randomise 50/50 within segment: a random permutation, alternate assignment
        key = rng.random(idx.size)
        order = np.lexsort((key, segment[idx]))
        idx = idx[order]
        rank = np.arange(idx.size) - np.searchsorted(segment[idx], segment[idx], side="left")
        treated = rank % 2 == 0
        flip = rng.random(3) < 0.5  # which half of each segment is treated
        treated = treated ^ flip[segment[idx]]
        b = np.array([base_rate[s] for s in SEGMENTS])[segment[idx]]
        u = np.array([uplift[s] for s in SEGMENTS])[segment[idx]]
        p = b + u * treated
        resp_day = d0 + rng.integers(0, P.campaign_response_window_days, idx.size)
        responded = (rng.random(idx.size) < p) & (churn_day[idx] > resp_day)
        contacts.append((cid, idx, treated, responded, resp_day))
        extra_orders.append((idx[responded], resp_day[responded]))
    step("campaigns")

    # ---------------------------------------------------------------- orders
    rng = rngs["orders"]
    crm_month = _month_of_day(np.array([_day(CRM_LAUNCH)]))[0]
    month_factor = SEASON[CALENDAR_MONTH] * np.where(
        np.arange(N_MONTHS) >= crm_month, P.crm_repeat_rate_factor, 1.0
    )
    o_cust, o_day = _poisson_days(rng, order_rate, signup + 1, churn_day, month_factor)
    first = rng.random(n) < 0.75  # most customers buy on the day they sign up
    f_cust = np.flatnonzero(first)
    r_cust = np.concatenate([c for c, _ in extra_orders])
    r_day = np.concatenate([d for _, d in extra_orders])
    cust = np.concatenate([f_cust, o_cust, r_cust])
    day = np.concatenate([signup[f_cust], o_day, r_day])
    kind = np.concatenate(
        [np.zeros(f_cust.size, int), np.ones(o_cust.size, int), np.full(r_cust.size, 2)]
    )
    srt = _argsort_stable((day * n + cust) * 3 + kind)
    cust, day, kind = cust[srt], day[srt], kind[srt]
    n_orders = cust.size
    pref = ACQ_TO_SALES[acq][cust]
    o_channel = np.where(
        rng.random(n_orders) < 0.75, pref, rng.choice(len(SALES_CHANNELS), n_orders, p=SALES_MIX)
    )
    # discounts: deal seekers (the most price-sensitive fifth) buy almost only in the
    # promotion (PLANTED.deal_seeker_discount off); the others get an occasional 5-15%
    deal = (price_sens > DEAL_SEEKER_Z)[cust]
    discounted = rng.random(n_orders) < np.where(deal, P.deal_seeker_discounted_share, 0.15)
    depth = 1 + rng.binomial(2, 0.3, n_orders)
    o_discount = np.where(discounted, np.where(deal, P.deal_seeker_discount, depth * 0.05), 0.0)
    o_discount = o_discount.round(2)
    promo_order = deal & discounted  # a deal seeker's promotion order
    step("orders")

    # ---------------------------------------------------------------- order lines
    rng = rngs["lines"]
    seg_o = segment[cust]
    n_lines = 1 + rng.poisson(EXTRA_LINES[seg_o])
    n_total = int(n_lines.sum())
    line_order = np.repeat(np.arange(n_orders), n_lines)
    # the numeric columns are computed into the two blocks pandas keeps them in
    ints = np.empty((2, n_total), dtype=np.int64)
    floats = np.empty((4, n_total))
    line_no, quantity = ints
    price, disc, revenue, cost = floats
    # line numbers 1, 2, ... within each order: the position minus the order's first one
    np.subtract(np.arange(n_total), np.cumsum(n_lines)[line_order], out=line_no)
    line_no += n_lines[line_order] + 1
    pop = popularity / popularity.sum()
    product = rng.choice(n_products, n_total, p=pop)
    quantity[:] = rng.poisson(EXTRA_UNITS[seg_o][line_order])
    quantity += 1
    # a deal seeker's promotion order holds only promoted lines (any of them alike), and
    # they stock up: deal_seeker_stock_up times as many units a line. Drawn after the
    # other lines' numbers, which stay as they were.
    promo_line = np.flatnonzero(promo_order[line_order])
    product[promo_line] = promoted[rng.integers(0, promoted.size, promo_line.size)]
    extra_units = (P.deal_seeker_stock_up - 1.0) * (
        1.0 + EXTRA_UNITS[seg_o[line_order[promo_line]]]
    )
    quantity[promo_line] += rng.poisson(extra_units)
    del promo_line, extra_units
    np.take(list_price, product, out=price)
    np.take(o_discount, line_order, out=disc)
    # in place, with the same operations in the same order as the formulas
    # revenue = round(quantity * price * (1 - disc), 2) and cost = round(quantity * unit_cost, 2)
    np.multiply(quantity, price, out=revenue)
    revenue *= 1 - disc
    np.round(revenue, 2, out=revenue)
    np.take(unit_cost, product, out=cost)
    cost *= quantity
    np.round(cost, 2, out=cost)
    order_revenue = _group_sum(line_order, revenue, n_orders).round(2)
    customer_ids = make_ids("customer_id", n)
    order_lines = _typed(
        "order_lines",
        {
            "order_id": make_ids("order_id", n_orders)[line_order],
            "customer_id": customer_ids[cust][line_order],
            "order_date": _stamps(day)[line_order],
            "channel": o_channel.astype(np.int8)[line_order],
            "product_id": product_ids[product],
        },
        blocks=(
            (ints, ("line_no", "quantity")),
            (floats, ("unit_price", "discount", "revenue", "cost")),
        ),
    )
    del line_order, product, ints, floats, line_no, quantity, price, disc, revenue, cost
    # order arrays no later stage needs: free them for the next stages to reuse
    del pref, deal, discounted, depth, promo_order, srt, o_cust, o_day, seg_o, n_lines
    del o_channel, o_discount
    del f_cust, r_cust, r_day
    step("order_lines")

    # ---------------------------------------------------------------- campaign tables
    campaign_rows = []
    contact_frames = []
    contact_inter = []  # (customer, day, channel) for interactions
    chan_cost = {c[0]: c[5] for c in CHANNELS}
    # map (customer, day, kind=2) to its order, for the response revenue
    resp_key = cust[kind == 2] * (N_DAYS + 1) + day[kind == 2]
    resp_rev = order_revenue[kind == 2]
    key_sort = np.argsort(resp_key, kind="stable")
    for cid, name, turn, start, channel, segs in CAMPAIGNS:
        campaign_rows.append(
            (
                cid,
                name,
                turn,
                start,
                channel,
                ";".join(segs),
                chan_cost[channel],
                P.campaign_response_window_days,
            )
        )
    for (cid, idx, treated, responded, resp_day), camp in zip(contacts, CAMPAIGNS, strict=True):
        k = idx * (N_DAYS + 1) + resp_day
        pos = np.searchsorted(resp_key[key_sort], k)
        pos = np.clip(pos, 0, max(resp_key.size - 1, 0))
        rev = np.where(responded, resp_rev[key_sort][pos] if resp_key.size else 0.0, 0.0)
        srt_c = np.argsort(idx, kind="stable")
        contact_frames.append(
            pd.DataFrame(
                {
                    "campaign_id": cid,
                    "customer_id": customer_ids[idx[srt_c]],
                    "group": np.where(treated[srt_c], "treatment", "control"),
                    "responded": responded[srt_c],
                    "response_date": np.where(responded, resp_day, -1)[srt_c],
                    "response_revenue": rev[srt_c].round(2),
                }
            )
        )
        contact_inter.append((idx[treated], np.full(int(treated.sum()), _day(camp[3])), camp[4]))
    campaigns = _typed("campaigns", pd.DataFrame(campaign_rows, columns=list(TABLES["campaigns"])))
    campaign_contacts = _typed("campaign_contacts", pd.concat(contact_frames, ignore_index=True))

    # ---------------------------------------------------------------- interactions
    rng = rngs["interactions"]
    # inquiries: a Poisson process while the customer is active
    q_cust, q_day = _poisson_days(rng, np.full(n, INQUIRY_RATE), signup, churn_day)
    q_chan = rng.choice(4, q_cust.size, p=[0.25, 0.30, 0.30, 0.15])
    # complaints: after an order, less often from satisfied customers
    p_compl = _sigmoid(-2.6 - 0.6 * sat[cust])
    c_ord = np.flatnonzero(rng.random(n_orders) < p_compl)
    c_day = day[c_ord] + 1 + rng.poisson(4, c_ord.size)
    c_chan = rng.choice(4, c_ord.size, p=[0.15, 0.20, 0.40, 0.25])
    s_ord = np.flatnonzero(rng.random(n_orders) < SERVICE_PER_ORDER)
    s_day = day[s_ord] + 3 + rng.poisson(10, s_ord.size)
    s_chan = rng.choice(4, s_ord.size, p=[0.30, 0.25, 0.30, 0.15])
    keep_c, keep_s = c_day < N_DAYS, s_day < N_DAYS
    c_ord, c_day, c_chan = c_ord[keep_c], c_day[keep_c], c_chan[keep_c]
    s_ord, s_day, s_chan = s_ord[keep_s], s_day[keep_s], s_chan[keep_s]
    chan_code = {c: i for i, c in enumerate(INTERACTION_CHANNELS)}
    k_cust = np.concatenate([c for c, _, _ in contact_inter])
    k_day = np.concatenate([d for _, d, _ in contact_inter])
    k_chan = np.concatenate([np.full(c.size, chan_code[ch]) for c, _, ch in contact_inter])
    k_cost = np.concatenate([np.full(c.size, chan_cost[ch]) for c, _, ch in contact_inter])
    # service channels (store, web, phone, email) are codes 0-3 of the interaction channels
    i_cust = np.concatenate([q_cust, cust[c_ord], cust[s_ord], k_cust])
    i_day = np.concatenate([q_day, c_day, s_day, k_day])
    i_type = np.concatenate(
        [
            np.zeros(q_cust.size, int),
            np.ones(c_ord.size, int),
            np.full(s_ord.size, 2),
            np.full(k_cust.size, 3),
        ]
    )
    i_chan = np.concatenate([q_chan, c_chan, s_chan, k_chan])
    i_cost = np.concatenate(
        [HANDLING_COST[0, q_chan], HANDLING_COST[1, c_chan], HANDLING_COST[2, s_chan], k_cost]
    )
    i_minute = np.where(i_type == 3, 9 * 60, 8 * 60 + rng.integers(0, 12 * 60, i_cust.size))
    i_time = i_day * 1440 + i_minute
    srt = _argsort_stable((i_time * n + i_cust) * 4 + i_type)
    i_cust, i_time, i_type, i_chan, i_cost = (
        a[srt] for a in (i_cust, i_time, i_type, i_chan, i_cost)
    )
    interaction_ids = make_ids("interaction_id", i_cust.size)
    minute = np.timedelta64(1, "m")
    start64 = np.datetime64(OBSERVATION_START, "m")
    interactions = _typed(
        "interactions",
        {
            "interaction_id": interaction_ids,
            "customer_id": customer_ids[i_cust],
            "interaction_date": start64 + i_time * minute,
            "channel": i_chan,
            "interaction_type": np.asarray(
                CATEGORIES[("interactions", "interaction_type")], dtype=object
            )[i_type],
            "handling_cost": i_cost.round(2),
        },
    )
    step("interactions")

    # ---------------------------------------------------------------- tickets
    rng = rngs["tickets"]
    t_pos = np.flatnonzero((i_type == 1) | (i_type == 2))
    t_type = i_type[t_pos]  # 1 complaint, 2 service
    causes = CATEGORIES[("tickets", "cause")]
    c_share = dict(P.complaint_cause_shares)
    complaint_p = np.array([c_share[c] for c in causes])
    service_p = np.array([0.0, 0.10, 0.20, 0.15, 0.0, 0.15, 0.40])
    u = rng.random(t_pos.size)
    cause = np.where(
        t_type == 1,
        np.searchsorted(np.cumsum(complaint_p), u * complaint_p.sum(), side="right"),
        np.searchsorted(np.cumsum(service_p), u * service_p.sum(), side="right"),
    )
    opened = i_time[t_pos]
    after = opened >= _day(PROCESS_CHANGE) * 1440
    median = np.where(after, P.resolution_median_hours_after, P.resolution_median_hours_before)
    hours = median * np.exp(P.resolution_log_sd * rng.standard_normal(t_pos.size))
    closed = opened + np.maximum(np.rint(hours * 60), 1).astype(np.int64)
    # The extract is taken at the end of the observation end's day (EXTRACT_END): a ticket
    # that closes only after it is still open in the extract, with no closed_at, and its
    # handling cost is the cost of the work done up to the extract.
    extract_end = N_DAYS * 1440
    still_open = closed >= extract_end
    worked = np.where(still_open, extract_end, closed)
    t_chan = i_chan[t_pos]
    cost_per_ticket = np.array([dict((c[0], c[6]) for c in CHANNELS)[c] for c in SERVICE_CHANNELS])
    t_cost = np.round(cost_per_ticket[t_chan] * (0.6 + 0.4 * (worked - opened) / 60 / 36), 2)
    closed_at = start64 + closed * minute
    closed_at[still_open] = np.datetime64("NaT")
    tickets = _typed(
        "tickets",
        {
            "ticket_id": make_ids("ticket_id", t_pos.size),
            "interaction_id": interaction_ids[t_pos],
            "customer_id": customer_ids[i_cust[t_pos]],
            "ticket_type": np.where(t_type == 1, "complaint", "service"),
            "cause": cause,
            "channel": t_chan,
            "opened_at": start64 + opened * minute,
            "closed_at": closed_at,
            "target_hours": np.full(t_pos.size, P.service_target_hours),
            "handling_cost": t_cost,
        },
    )
    step("tickets")

    # ---------------------------------------------------------------- surveys
    rng = rngs["surveys"]
    frames = []
    for wave, first_day, shift in (
        (1, _day(WAVE_1_START), 0.0),
        (2, _day(WAVE_2_START), P.wave2_satisfaction_shift),
    ):
        s_day = first_day + rng.integers(0, 30, n)
        answers = (signup < s_day) & (churn_day > s_day) & (rng.random(n) < 0.65)
        idx = np.flatnonzero(answers)
        m = idx.size
        cols: dict[str, object] = {
            "customer_id": customer_ids[idx],
            "wave": np.full(m, wave, dtype=np.int64),
            "survey_date": s_day[idx],
        }
        s_t = sat[idx] + shift
        latent = {
            "bonding": bonding[idx],
            "empathy": empathy[idx],
            "reciprocity": reciprocity[idx],
            "trust": trust[idx],
        }
        cuts5 = np.array([-1.8, -0.9, 0.1, 1.1])
        for dim in RELATIONSHIP_DIMENSIONS:
            for i in (1, 2, 3):
                lam = P.weak_item_loading if f"{dim}_{i}" == P.weak_item else P.relationship_loading
                cols[f"{dim}_{i}"] = _likert(latent[dim], lam, cuts5, rng)
        cols["csat"] = _likert(s_t, 0.85, np.array([-2.0, -1.2, -0.2, 1.0]), rng)
        nps_y = 0.85 * s_t + np.sqrt(1 - 0.85**2) * rng.standard_normal(m)
        cols["nps_score"] = _scale(7.3 + 1.9 * nps_y, 0, 10)
        imp = dict(P.ipa_importance)
        perf = dict(P.ipa_performance)
        for attr in IPA_ATTRIBUTES:
            cols[f"imp_{attr}"] = _scale(imp[attr] + 0.75 * rng.standard_normal(m), 1, 5)
        for attr in IPA_ATTRIBUTES:
            cols[f"perf_{attr}"] = _scale(
                perf[attr] + 0.4 * s_t + 0.7 * rng.standard_normal(m), 1, 5
            )
        acsi_latent = {
            "exp": expect[idx],
            "qual": quality[idx],
            "value": value[idx],
            "sat": s_t,
            "complaint": P.acsi_sat_to_complaint * s_t
            + np.sqrt(1 - P.acsi_sat_to_complaint**2) * rng.standard_normal(m),
            "loyalty": P.acsi_sat_to_loyalty * s_t
            + np.sqrt(1 - P.acsi_sat_to_loyalty**2) * rng.standard_normal(m),
        }
        acsi_mean = {"exp": 7.8, "qual": 7.4, "value": 6.8, "sat": 7.2, "complaint": 3.2}
        lam = P.acsi_loading
        for construct, k in ACSI_ITEMS.items():
            for i in range(1, k + 1):
                y = lam * acsi_latent[construct] + np.sqrt(1 - lam**2) * rng.standard_normal(m)
                cols[f"acsi_{construct}_{i}"] = _scale(
                    acsi_mean.get(construct, 7.0) + 1.6 * y, 1, 10
                )
        gap = dict(P.servqual_gap)
        exp_person = 0.5 * rng.standard_normal(m)
        perc_items = {}
        for dim in SERVQUAL_DIMENSIONS:
            for i in (1, 2):
                cols[f"sq_exp_{dim}_{i}"] = _scale(
                    P.servqual_expectation + exp_person + 0.6 * rng.standard_normal(m), 1, 7
                )
        for dim in SERVQUAL_DIMENSIONS:
            for i in (1, 2):
                perc_items[f"sq_perc_{dim}_{i}"] = _scale(
                    P.servqual_expectation
                    + gap[dim]
                    + 0.5 * s_t
                    + 0.3 * exp_person
                    + 0.6 * rng.standard_normal(m),
                    1,
                    7,
                )
        cols.update(perc_items)
        cols["_customer"] = idx
        frames.append(cols)
    surveys = {key: np.concatenate([f[key] for f in frames]) for key in frames[0]}
    order = np.lexsort((surveys.pop("_customer"), surveys["survey_date"]))
    surveys = {key: values[order] for key, values in surveys.items()}
    surveys["response_id"] = make_ids("response_id", order.size)
    surveys = _typed("surveys", surveys)
    step("surveys")

    # ---------------------------------------------------------------- loyalty events
    rng = rngs["loyalty"]
    loyalty_events = _typed(
        "loyalty_events",
        _loyalty_events(rng, P, member, join_day, cust, day, order_revenue, n, customer_ids),
    )
    step("loyalty_events")

    # ---------------------------------------------------------------- staff survey
    staff_survey = _typed("staff_survey", _staff_survey(rngs["staff"], P, max(40, n // 25)))
    step("staff_survey")

    # ---------------------------------------------------------------- identity (Faker)
    name, city, phone = _identity(rngs["identity"], seed, locale, n)
    customers = _typed(
        "customers",
        {
            "customer_id": customer_ids,
            "name": name,
            "city": city,
            "phone": phone,
            "signup_date": signup,
            "acquisition_channel": acq,
            "acquisition_cost": acq_cost,
            "segment": segment,
            "est_annual_wallet": wallet,
            "loyalty_member": member,
            "loyalty_join_date": join_day,
        },
    )
    step("identity")

    return {
        "customers": customers,
        "products": products,
        "channels": channels,
        "order_lines": order_lines,
        "interactions": interactions,
        "tickets": tickets,
        "surveys": surveys,
        "campaigns": campaigns,
        "campaign_contacts": campaign_contacts,
        "loyalty_events": loyalty_events,
        "staff_survey": staff_survey,
    }


_DAY_COLUMNS = {
    ("customers", "signup_date"),
    ("customers", "loyalty_join_date"),
    ("order_lines", "order_date"),
    ("surveys", "survey_date"),
    ("campaign_contacts", "response_date"),
    ("loyalty_events", "event_date"),
}


_NS_PER_DAY = 86_400 * 10**9
_START_NS = int(np.datetime64(OBSERVATION_START, "D").astype("datetime64[ns]").astype(np.int64))


def _stamps(days: np.ndarray) -> np.ndarray:
    """Day numbers (day 0 = ``OBSERVATION_START``) as ``datetime64[ns]``; negative: NaT."""
    days = np.asarray(days)
    ns = days.astype(np.int64) * _NS_PER_DAY
    ns += _START_NS
    negative = days < 0
    if negative.any():
        ns[negative] = np.iinfo(np.int64).min  # NaT
    return ns.view("datetime64[ns]")


_STRING = pd.StringDtype()  # the default storage, the one read_csv(dtype="string") gives


def _typed(
    table: str,
    frame: pd.DataFrame | dict,
    blocks: tuple[tuple[np.ndarray, tuple[str, ...]], ...] = (),
) -> pd.DataFrame:
    """Order the columns as in the contract and give each its dtype.

    ``blocks`` are 2-D arrays whose rows already are final columns of one dtype (in the
    contract's column order), as pandas stores them: with pandas' block constructor they
    become the frame's blocks without a copy (``pd.DataFrame`` copies every numeric column
    into such a block).
    """
    out = {}
    in_blocks = {column for _, columns in blocks for column in columns}
    for column, dtype in TABLES[table].items():
        if column in in_blocks:
            continue
        values = frame[column]
        if (table, column) in _DAY_COLUMNS:
            values = np.asarray(values)
            out[column] = values if values.dtype == "datetime64[ns]" else _stamps(values)
        elif dtype == "category":
            labels = list(CATEGORIES[(table, column)])
            values = np.asarray(values)
            if values.dtype.kind in "iu":  # integer codes
                out[column] = pd.Categorical.from_codes(values, categories=labels)
            else:
                out[column] = pd.Categorical(values, categories=labels)
        elif dtype == "string":
            values = np.asarray(values)
            if _STRING.storage != "python":  # e.g. pyarrow strings: as read_csv gives them
                out[column] = pd.array(values, dtype=_STRING)
                continue
            if values.dtype != object or not values.flags.writeable:
                values = np.array(values, dtype=object)
            out[column] = _string_array(values)
        elif dtype.startswith("datetime64"):
            out[column] = pd.Series(values).astype("datetime64[ns]")
        else:
            out[column] = np.asarray(values, dtype=dtype)
    if not blocks:
        return pd.DataFrame(out)
    names = list(TABLES[table])
    create = getattr(getattr(pd.api, "internals", None), "create_dataframe_from_blocks", None)
    if create is None:  # pragma: no cover - pandas < 3: the usual constructor (copies)
        for values, columns in blocks:
            out.update(zip(columns, values, strict=True))
        return pd.DataFrame({column: out[column] for column in names})
    place = {column: i for i, column in enumerate(names)}
    parts = [(values, np.array([place[c] for c in columns])) for values, columns in blocks]
    for column, values in out.items():
        if isinstance(values, np.ndarray):
            values = values.reshape(1, -1)  # a one-column numpy block
        parts.append((values, np.array([place[column]])))
    n_rows = len(blocks[0][0][0])
    return create(parts, index=pd.RangeIndex(n_rows), columns=pd.Index(names))


def _string_array(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A pandas string array over an object array that holds only ``str`` values.

    The generator builds every string itself, so pandas' element-by-element validation
    (a third of the conversion time for two million order lines) is skipped when the
    private constructor is available, with the public one as the fallback.
    """
    simple_new = getattr(pd.arrays.StringArray, "_simple_new", None)
    if simple_new is not None:
        try:
            return simple_new(values, _STRING)
        except TypeError:  # pragma: no cover - another pandas internals layout
            pass
    return pd.arrays.StringArray(values)  # pragma: no cover


def _loyalty_events(rng, P, member, join_day, cust, day, order_revenue, n, customer_ids):
    """Join, earn, redeem and tier-change events of the members (vectorised)."""
    members = np.flatnonzero(member)
    # all orders by customer, then day (stable: orders come sorted by day, so this is the
    # order by customer then position)
    key = cust.astype(np.int64) * (N_DAYS + 400) + day
    k_sort = _argsort_stable(key)
    key_s = key[k_sort]
    # earn: 1 point per USD of each member order on or after the join day, by customer and day
    is_member_order = member[cust] & (day >= join_day[cust])
    e_idx = k_sort[is_member_order[k_sort]]
    e_cust, e_day = cust[e_idx], day[e_idx]
    points = np.floor(order_revenue[e_idx] * P.loyalty_points_per_usd + 1e-9).astype(np.int64)
    # cumulative points per member (groups are contiguous)
    cum = np.cumsum(points)
    group_start = np.r_[0, np.flatnonzero(np.diff(e_cust)) + 1] if e_cust.size else np.array([])
    offsets = np.zeros(e_cust.size, dtype=np.int64)
    if e_cust.size:
        before = np.r_[0, cum[:-1]]
        offsets[group_start] = before[group_start]
        offsets = np.maximum.accumulate(offsets)
    cum = cum - offsets
    prev = cum - points
    block = P.loyalty_redeem_block
    crossings = cum // block - prev // block
    n_redeem = rng.binomial(crossings, P.loyalty_redeem_probability)
    # tier after each earn: trailing 365-day spend of the customer's orders (all orders)
    cum_rev = np.cumsum(order_revenue[k_sort])
    e_key = key[e_idx]
    hi = np.searchsorted(key_s, e_key, side="right")
    lo = np.searchsorted(key_s, e_key - 364, side="left")
    spend = cum_rev[hi - 1] - np.where(lo > 0, cum_rev[np.maximum(lo - 1, 0)], 0.0)
    tier = np.where(spend >= P.tier_gold_usd, 2, np.where(spend >= P.tier_silver_usd, 1, 0))
    prev_tier = np.r_[0, tier[:-1]] if tier.size else tier
    if tier.size:
        prev_tier[group_start] = 0
    changed = tier != prev_tier
    # assemble: kind 0 join, 1 earn, 2 tier_change, 3 redeem (order within a day); seq is
    # the earn the event belongs to. The sort key ((day * n + customer) * (earns + 1) + seq)
    # * 4 + kind holds every column, so the keys are sorted and decoded (no argsort and
    # gathers); equal keys are repeated redeems, identical rows.
    del key, k_sort, key_s, is_member_order, e_idx, cum, offsets, prev, crossings
    del cum_rev, e_key, hi, lo, spend, prev_tier
    n_earn = e_cust.size
    r_rep = np.repeat(np.arange(n_earn), n_redeem)
    ev_cust = np.concatenate([members, e_cust, e_cust[changed], e_cust[r_rep]])
    ev_day = np.concatenate([join_day[members], e_day, e_day[changed], e_day[r_rep]])
    ev_seq = np.concatenate(
        [np.zeros(members.size, int), np.arange(n_earn), np.flatnonzero(changed), r_rep]
    )
    ev_kind = np.repeat(np.arange(4), [members.size, n_earn, int(changed.sum()), r_rep.size])
    ev_key = ((ev_day * n + ev_cust) * (n_earn + 1) + ev_seq) * 4 + ev_kind
    del ev_cust, ev_day, ev_seq, ev_kind
    ev_key.sort()
    ev_key, ev_kind = np.divmod(ev_key, 4)
    ev_key, ev_seq = np.divmod(ev_key, n_earn + 1)
    ev_day, ev_cust = np.divmod(ev_key, n)
    del ev_key
    # points: earned on an earn, -block on a redeem; tier: the earn's (0 on joining)
    ev_points = np.where(ev_kind == 1, points[ev_seq] if n_earn else 0, 0)
    ev_points[ev_kind == 3] = -block
    ev_tier = np.where(ev_kind == 0, 0, tier[ev_seq] if n_earn else 0)
    del ev_seq, points, tier, e_cust, e_day, r_rep
    # codes of CATEGORIES[("loyalty_events", "event_type")]: join, earn, redeem, tier_change
    types = np.array([0, 1, 3, 2])
    return {
        "event_id": make_ids("event_id", ev_kind.size),
        "customer_id": customer_ids[ev_cust],
        "event_date": ev_day,
        "event_type": types[ev_kind],
        "points": ev_points.astype(np.int64),
        "tier": ev_tier,
    }


def _staff_survey(rng, P, n_staff: int) -> pd.DataFrame:
    functions = CATEGORIES[("staff_survey", "function")]
    # fixed head counts (largest remainder) and exact shares trained / with access
    share = np.array([0.2, 0.3, 0.3, 0.1, 0.1])
    counts = np.floor(share * n_staff).astype(np.int64)
    counts[np.argsort(-(share * n_staff - counts), kind="stable")[: n_staff - counts.sum()]] += 1
    func = np.repeat(np.arange(len(functions)), counts)
    trained_p = np.array([dict(P.staff_trained)[f] for f in functions])
    access_p = np.array([dict(P.staff_info_access)[f] for f in functions])

    def exact(p: np.ndarray) -> np.ndarray:
        rank = np.empty(n_staff)
        for f in range(len(functions)):  # five functions, not a loop over staff
            members = np.flatnonzero(func == f)
            rank[members] = rng.permutation(members.size)
        return rank < np.rint(p[func] * counts[func])

    trained = exact(trained_p)
    access = exact(access_p)
    competencies = rng.binomial(5, np.where(trained, 0.7, 0.35))
    satisfaction = _scale(
        3.2 + 0.4 * trained + 0.5 * access + 0.8 * rng.standard_normal(n_staff), 1, 5
    )
    return pd.DataFrame(
        {
            "staff_id": make_ids("staff_id", n_staff),
            "function": func,
            "satisfaction": satisfaction,
            "trained_in_crm": trained,
            "competencies_held": competencies.astype(np.int64),
            "crm_info_access": access,
        }
    )


# ----------------------------------------------------------------------------- identity
def _unique(draw: Callable[[], str], k: int) -> list[str]:
    """Up to ``k`` distinct values of ``draw()`` in first-seen order (a finite pool)."""
    seen: dict[str, None] = {}
    for _ in range(4 * k):
        seen.setdefault(draw(), None)
        if len(seen) >= k:
            break
    return list(seen)


def _identity(
    rng: np.random.Generator, seed: int, locale: str, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Names, cities and phone numbers from a small Faker pool, indexed with numpy."""
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed)
    pool = 200
    female = rng.random(n) < 0.5
    if locale == "ru_RU":
        parts_m = [
            _unique(fake.last_name_male, pool),
            _unique(fake.first_name_male, pool),
            _unique(fake.middle_name_male, pool),
        ]
        parts_f = [
            _unique(fake.last_name_female, pool),
            _unique(fake.first_name_female, pool),
            _unique(fake.middle_name_female, pool),
        ]
    else:
        last = _unique(fake.last_name, pool)
        parts_m = [_unique(fake.first_name_male, pool), last]
        parts_f = [_unique(fake.first_name_female, pool), last]
    if locale == "fa_IR":  # Faker mixes Arabic yeh/kaf into Persian names
        parts_m = [[s.translate(_PERSIAN_FIX) for s in p] for p in parts_m]
        parts_f = [[s.translate(_PERSIAN_FIX) for s in p] for p in parts_f]
    name = np.full(n, "", dtype=object)
    for parts, mask in ((parts_m, ~female), (parts_f, female)):
        k = int(mask.sum())
        pieces = [np.asarray(p, dtype=object)[rng.integers(0, len(p), k)] for p in parts]
        joined = pieces[0]
        for piece in pieces[1:]:
            joined = joined + " " + piece
        name[mask] = joined
    # cities: a weighted pool (Zipf-like weights); real Iranian cities for fa_IR
    if locale == "fa_IR":
        cities = np.asarray([c for c, _ in FA_CITIES], dtype=object)
        weights = np.array([w for _, w in FA_CITIES], dtype=float)
    else:
        draw = fake.city_name if locale == "ru_RU" else fake.city
        cities = np.asarray(_unique(draw, 25), dtype=object)
        weights = 1.0 / np.arange(1, cities.size + 1)
    city = cities[rng.choice(cities.size, n, p=weights / weights.sum())]
    # phones: Faker's formats, with the last four digits drawn by numpy (unique per customer)
    templates = [t for t in _unique(fake.phone_number, 60) if "x" not in t]
    width = max(len(t) for t in templates)
    arr = np.array([t.ljust(width) for t in templates])
    chars = arr.view(np.uint32).reshape(len(templates), width).copy()
    digit_pos = np.zeros((len(templates), 4), dtype=np.int64)
    for i, t in enumerate(templates):
        digit_pos[i] = [j for j, ch in enumerate(t) if ch.isdigit()][-4:]
    combo = rng.choice(len(templates) * 10_000, n, replace=n > len(templates) * 5_000)
    tpl, suffix = combo // 10_000, combo % 10_000
    out = chars[tpl]
    digits = (suffix[:, None] // np.array([1000, 100, 10, 1])) % 10
    out[np.arange(n)[:, None], digit_pos[tpl]] = (digits + ord("0")).astype(np.uint32)
    phone = np.char.rstrip(out.view(f"U{width}").ravel()).astype(object)
    return name, city, phone
