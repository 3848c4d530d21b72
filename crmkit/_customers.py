"""Customer-level facts shared by several modules (private; validated by the callers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit._validate import Category, Text, check_frame, check_known, group_labels

__all__ = ["customer_attribute", "next_order_within", "order_outcome"]


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
    # one key dtype on both sides, also when a side is empty (merge_asof insists)
    left["_key"] = left["_key"].astype(str)
    right["_key"] = right["_key"].astype(str)
    merged = pd.merge_asof(
        left, right, on="_t", by="_key", direction="forward", allow_exact_matches=False
    )
    gap = (merged["_next"] - merged["_t"]).dt.total_seconds() / 86400.0
    hit = (gap <= window_days).fillna(False).to_numpy(dtype=bool)
    out = np.zeros(len(events), dtype=bool)
    out[merged["_pos"].to_numpy()] = hit
    return pd.Series(out, index=events.index, name="ordered_within")


def order_outcome(
    surveys: pd.DataFrame,
    order_lines: pd.DataFrame,
    *,
    measure: str,
    window_days: float,
    observation_end: pd.Timestamp | None,
    customer: str = "customer_id",
    date: str = "survey_date",
    order_date: str = "order_date",
) -> np.ndarray:
    """Each survey response's behavioural outcome, read from the orders (validated by callers).

    ``measure="repurchase"``: the customer ordered in the ``window_days`` after answering.
    ``measure="retention"``: the customer ordered in the last ``window_days`` before
    ``observation_end`` (still active at the end; ``None`` means the last order day).

    A response whose outcome cannot be seen in full raises ``ValueError`` instead of being
    counted as a "no": for repurchase, a window running past ``observation_end`` (when it is
    given); for retention, an answer given after the retention window opened.

    Examples
    --------
    >>> sv = pd.DataFrame({"customer_id": ["A", "B"],
    ...                    "survey_date": pd.to_datetime(["2024-01-01", "2024-01-01"])})
    >>> ol = pd.DataFrame({"customer_id": ["A", "B", "B"],
    ...                    "order_date": pd.to_datetime(["2024-01-20", "2024-02-01", "2024-12-01"])})
    >>> order_outcome(sv, ol, measure="retention", window_days=90,
    ...               observation_end=pd.Timestamp("2024-12-31")).tolist()
    [False, True]
    """
    end = observation_end
    if measure == "retention":
        if end is None:
            if len(order_lines) == 0:
                raise ValueError(
                    "table 'order_lines' is empty, so the observation end cannot be read from "
                    "it; pass observation_end='2024-12-31' or the full order_lines table."
                )
            end = order_lines[order_date].max()
        start = end - pd.to_timedelta(window_days, unit="D")
        late = surveys[date] > start
        if late.any():
            first = surveys.index[int(np.argmax(late.to_numpy()))]
            raise ValueError(
                f"{int(late.sum())} survey response(s) in table 'surveys' were answered after "
                f"the retention window opened on {start:%Y-%m-%d} ({window_days:g} days before "
                f"{end:%Y-%m-%d}; first in row {first}, answered "
                f"{surveys[date][first]:%Y-%m-%d}); retention must be measured after the "
                f"survey. Keep earlier responses (e.g. surveys[surveys['wave'] == 1]) or "
                f"shorten window_days."
            )
        starts = pd.DataFrame(
            {customer: surveys[customer], "_start": start}, index=surveys.index
        ).astype({"_start": "datetime64[ns]"})
        return next_order_within(
            starts,
            order_lines,
            date="_start",
            window_days=window_days,
            customer=customer,
            order_date=order_date,
        ).to_numpy()
    if end is not None:
        late = surveys[date] + pd.to_timedelta(window_days, unit="D") > end
        if late.any():
            first = surveys.index[int(np.argmax(late.to_numpy()))]
            raise ValueError(
                f"{int(late.sum())} survey response(s) in table 'surveys' have a "
                f"{window_days:g}-day window that runs past observation_end {end:%Y-%m-%d} "
                f"(first in row {first}, answered {surveys[date][first]:%Y-%m-%d}); their "
                f"outcome is cut short. Keep earlier responses (e.g. "
                f"surveys[surveys['wave'] == 1]) or shorten window_days."
            )
    return next_order_within(
        surveys,
        order_lines,
        date=date,
        window_days=window_days,
        customer=customer,
        order_date=order_date,
    ).to_numpy()


def customer_attribute(
    keys: pd.Series,
    customers: pd.DataFrame,
    by: str,
    *,
    customer: str = "customer_id",
    table: str,
) -> pd.Series:
    """``customers[by]`` (a segment, a channel ...) for each customer key of another table.

    Validates the customers table (the key unique, ``by`` a label column without gaps) and
    raises, naming ``table``, if a key has no customer: nothing is dropped. The result is
    aligned with ``keys``, keeps ``customers[by]``'s categorical dtype and has its labels
    cleaned for grouping (:func:`crmkit._validate.group_labels`).

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["A", "B"], "segment": ["household", "corporate"]})
    >>> surveys = pd.DataFrame({"customer_id": ["B", "A", "B"]})
    >>> customer_attribute(surveys["customer_id"], customers, "segment", table="surveys").tolist()
    ['corporate', 'household', 'corporate']
    """
    check_frame(
        customers,
        "customers",
        {customer: Text(), by: Category()},
        params={customer: "customer", by: "by"},
        unique=customer,
    )
    check_known(keys, customers[customer], column=customer, table=table, other="customers")
    lookup = pd.Series(customers[by].to_numpy(), index=customers[customer].to_numpy())
    out = pd.Series(keys.map(lookup).to_numpy(), index=keys.index, name=by)
    if isinstance(customers[by].dtype, pd.CategoricalDtype):
        out = out.astype(customers[by].dtype)
    return group_labels(out)
