"""Tables at a glance: rows, columns, key and period of each table of the dataset."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .._validate import check_frame

__all__ = ["GRAIN", "overview"]

#: What one row of each table is, in words (the data card says the same).
GRAIN: dict[str, str] = {
    "customers": "a customer",
    "products": "a product",
    "channels": "a sales, service or marketing channel",
    "order_lines": "a product line of an order",
    "interactions": "a touchpoint (inquiry, complaint, service, campaign contact)",
    "tickets": "a complaint or service request",
    "surveys": "a survey answer (one per customer and wave)",
    "campaigns": "a campaign",
    "campaign_contacts": "a customer assigned to a campaign's treatment or control group",
    "loyalty_events": "a loyalty programme event",
    "staff_survey": "a staff member's survey answer",
}


def overview(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Summarise each table: what a row is, how many rows and columns, and the dates covered.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        Tables by name, as returned by :func:`crmkit.data.load_all` or
        :func:`crmkit.data.generate`. Names outside the kit's schema are listed too.

    Returns
    -------
    pandas.DataFrame
        Indexed by table name, with columns ``one row is``, ``rows``, ``columns``,
        ``first date`` and ``last date`` (the earliest and latest value over all date
        columns; empty for tables without dates).

    Raises
    ------
    TypeError
        If a table is not a DataFrame.
    ValueError
        If ``tables`` is empty.

    Examples
    --------
    >>> orders = pd.DataFrame({"order_id": ["O1", "O2"],
    ...                        "order_date": pd.to_datetime(["2022-01-03", "2024-12-30"])})
    >>> overview({"order_lines": orders})  # doctest: +NORMALIZE_WHITESPACE
                                 one row is  rows  columns  first date   last date
    order_lines  a product line of an order     2        2  2022-01-03  2024-12-30
    """
    if not tables:
        raise ValueError(
            "no tables were given; pass the dict from crmkit.data.load_all() or generate()."
        )
    rows = {}
    for name, frame in tables.items():
        check_frame(frame, name, {}, min_rows=0)
        dates = frame.select_dtypes(include=["datetime64"])
        first = dates.min().min() if dates.shape[1] else pd.NaT
        last = dates.max().max() if dates.shape[1] else pd.NaT
        rows[name] = {
            "one row is": GRAIN.get(name, "(not in the kit's schema)"),
            "rows": len(frame),
            "columns": frame.shape[1],
            "first date": "" if pd.isna(first) else f"{first:%Y-%m-%d}",
            "last date": "" if pd.isna(last) else f"{last:%Y-%m-%d}",
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = None
    return out
