"""The data contract in code: table -> ordered column -> dtype (see ``data/README.md``).

``load`` uses it to type the CSV files, ``generate`` to order and type its output, and a
test checks that the data card documents every column listed here.
"""

from __future__ import annotations

__all__ = ["TABLES", "CATEGORIES", "TIMESTAMP_COLUMNS", "MAY_BE_MISSING", "ID_PREFIX"]

_STR, _CAT, _DATE, _BOOL, _INT, _FLOAT = (
    "string",
    "category",
    "datetime64[ns]",
    "bool",
    "int64",
    "float64",
)

RELATIONSHIP_DIMENSIONS = ("bonding", "empathy", "reciprocity", "trust")
IPA_ATTRIBUTES = ("product_quality", "price", "delivery", "staff_service", "after_sales", "website")
SERVQUAL_DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
ACSI_ITEMS = {"exp": 3, "qual": 3, "value": 2, "sat": 3, "complaint": 1, "loyalty": 2}


def _survey_columns() -> dict[str, str]:
    cols: dict[str, str] = {
        "response_id": _STR,
        "customer_id": _STR,
        "wave": _INT,
        "survey_date": _DATE,
    }
    for dim in RELATIONSHIP_DIMENSIONS:
        for i in (1, 2, 3):
            cols[f"{dim}_{i}"] = _INT
    cols["csat"] = _INT
    cols["nps_score"] = _INT
    for attr in IPA_ATTRIBUTES:
        cols[f"imp_{attr}"] = _INT
    for attr in IPA_ATTRIBUTES:
        cols[f"perf_{attr}"] = _INT
    for construct, k in ACSI_ITEMS.items():
        for i in range(1, k + 1):
            cols[f"acsi_{construct}_{i}"] = _INT
    for part in ("exp", "perc"):
        for dim in SERVQUAL_DIMENSIONS:
            for i in (1, 2):
                cols[f"sq_{part}_{dim}_{i}"] = _INT
    return cols


TABLES: dict[str, dict[str, str]] = {
    "customers": {
        "customer_id": _STR,
        "name": _STR,
        "city": _STR,
        "phone": _STR,
        "signup_date": _DATE,
        "acquisition_channel": _CAT,
        "acquisition_cost": _FLOAT,
        "segment": _CAT,
        "est_annual_wallet": _FLOAT,
        "loyalty_member": _BOOL,
        "loyalty_join_date": _DATE,
    },
    "products": {
        "product_id": _STR,
        "product_name": _STR,
        "category": _CAT,
        "unit_price": _FLOAT,
        "unit_cost": _FLOAT,
    },
    "channels": {
        "channel": _STR,
        "sells": _BOOL,
        "serves": _BOOL,
        "markets": _BOOL,
        "cost_per_order": _FLOAT,
        "cost_per_contact": _FLOAT,
        "cost_per_ticket": _FLOAT,
    },
    "order_lines": {
        "order_id": _STR,
        "line_no": _INT,
        "customer_id": _STR,
        "order_date": _DATE,
        "channel": _CAT,
        "product_id": _STR,
        "quantity": _INT,
        "unit_price": _FLOAT,
        "discount": _FLOAT,
        "revenue": _FLOAT,
        "cost": _FLOAT,
    },
    "interactions": {
        "interaction_id": _STR,
        "customer_id": _STR,
        "interaction_date": _DATE,
        "channel": _CAT,
        "interaction_type": _CAT,
        "handling_cost": _FLOAT,
    },
    "tickets": {
        "ticket_id": _STR,
        "interaction_id": _STR,
        "customer_id": _STR,
        "ticket_type": _CAT,
        "cause": _CAT,
        "channel": _CAT,
        "opened_at": _DATE,
        "closed_at": _DATE,
        "target_hours": _FLOAT,
        "handling_cost": _FLOAT,
    },
    "surveys": _survey_columns(),
    "campaigns": {
        "campaign_id": _STR,
        "campaign_name": _STR,
        "loop_turn": _INT,
        "start_date": _DATE,
        "channel": _CAT,
        "target_segments": _STR,
        "cost_per_contact": _FLOAT,
        "response_window_days": _INT,
    },
    "campaign_contacts": {
        "campaign_id": _STR,
        "customer_id": _STR,
        "group": _CAT,
        "responded": _BOOL,
        "response_date": _DATE,
        "response_revenue": _FLOAT,
    },
    "loyalty_events": {
        "event_id": _STR,
        "customer_id": _STR,
        "event_date": _DATE,
        "event_type": _CAT,
        "points": _INT,
        "tier": _CAT,
    },
    "staff_survey": {
        "staff_id": _STR,
        "function": _CAT,
        "satisfaction": _INT,
        "trained_in_crm": _BOOL,
        "competencies_held": _INT,
        "crm_info_access": _BOOL,
    },
}

# The labels of every category column, in a fixed order (so that generated and loaded
# tables have identical categoricals).
CATEGORIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("customers", "acquisition_channel"): ("store", "web", "phone", "referral", "marketplace"),
    ("customers", "segment"): ("household", "small_business", "corporate"),
    ("products", "category"): (
        "kitchen",
        "furniture",
        "lighting",
        "textiles",
        "garden",
        "electronics",
    ),
    ("order_lines", "channel"): ("store", "web", "phone", "marketplace"),
    ("interactions", "channel"): ("store", "web", "phone", "email", "sms"),
    ("interactions", "interaction_type"): ("inquiry", "complaint", "service", "campaign_contact"),
    ("tickets", "ticket_type"): ("complaint", "service"),
    ("tickets", "cause"): (
        "late_delivery",
        "damaged_item",
        "billing_error",
        "wrong_item",
        "staff_attitude",
        "website_issue",
        "other",
    ),
    ("tickets", "channel"): ("store", "web", "phone", "email"),
    ("campaigns", "channel"): ("email", "phone", "sms"),
    ("campaign_contacts", "group"): ("treatment", "control"),
    ("loyalty_events", "event_type"): ("join", "earn", "redeem", "tier_change"),
    ("loyalty_events", "tier"): ("bronze", "silver", "gold"),
    ("staff_survey", "function"): ("marketing", "sales", "service", "it", "management"),
}

# Datetime columns that carry a time of day; every other datetime column is a calendar day
# (written as YYYY-MM-DD).
TIMESTAMP_COLUMNS: dict[str, tuple[str, ...]] = {
    "interactions": ("interaction_date",),
    "tickets": ("opened_at", "closed_at"),
}

# The only columns that may hold missing values (NaT), and what a missing value means;
# every other column of every table is always filled.
MAY_BE_MISSING: dict[tuple[str, str], str] = {
    ("customers", "loyalty_join_date"): "not a member",
    ("tickets", "closed_at"): "still open when the extract was taken (an open ticket)",
    ("campaign_contacts", "response_date"): "did not respond",
}

# Key prefixes and the contract's minimum digit count (more digits when a table is larger).
ID_PREFIX: dict[str, tuple[str, int]] = {
    "customer_id": ("C", 5),
    "product_id": ("P", 3),
    "order_id": ("O", 7),
    "interaction_id": ("I", 7),
    "ticket_id": ("T", 6),
    "response_id": ("R", 5),
    "campaign_id": ("K", 2),
    "event_id": ("E", 7),
    "staff_id": ("S", 3),
}
