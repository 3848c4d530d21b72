"""Customer-level facts shared by several modules (private; validated by the callers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["next_order_within"]


def next_order_within(
    events: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    date: str,
    window_days: float,
    customer: str = "customer_id",
    order_date: str = "order_date",
) -> pd.Series:
    """Whether each event's customer placed an order in the ``window_days`` after it.

    For every row of ``events`` (a survey answer, a campaign contact, ...) this is True when
    the same customer has an order dated strictly after ``events[date]`` and at most
    ``window_days`` days later. Vectorised with :func:`pandas.merge_asof` (no loop over
    customers). Returns a boolean Series aligned with ``events.index``.

    Examples
    --------
    >>> ev = pd.DataFrame({"customer_id": ["A", "B"],
    ...                    "survey_date": pd.to_datetime(["2024-01-01", "2024-01-01"])})
    >>> ol = pd.DataFrame({"customer_id": ["A", "B", "B"],
    ...                    "order_date": pd.to_datetime(["2024-01-20", "2023-12-01", "2024-06-01"])})
    >>> next_order_within(ev, ol, date="survey_date", window_days=30).tolist()
    [True, False]
    """
    left = pd.DataFrame(
        {
            "_key": events[customer].astype(str).to_numpy(),
            "_t": events[date].astype("datetime64[ns]").to_numpy(),
            "_pos": np.arange(len(events)),
        }
    ).sort_values("_t", kind="stable")
    right = (
        pd.DataFrame(
            {
                "_key": order_lines[customer].astype(str).to_numpy(),
                "_t": order_lines[order_date].astype("datetime64[ns]").to_numpy(),
            }
        )
        .drop_duplicates()
        .sort_values("_t", kind="stable")
    )
    right["_next"] = right["_t"]
    merged = pd.merge_asof(
        left, right, on="_t", by="_key", direction="forward", allow_exact_matches=False
    )
    gap = (merged["_next"] - merged["_t"]).dt.total_seconds() / 86400.0
    hit = (gap <= window_days).fillna(False).to_numpy(dtype=bool)
    out = np.zeros(len(events), dtype=bool)
    out[merged["_pos"].to_numpy()] = hit
    return pd.Series(out, index=events.index, name="ordered_within")
