"""crmkit.data.overview: the 'tables at a glance' of notebook 00."""

import pandas as pd
import pytest

from crmkit import data
from crmkit.data._overview import GRAIN, overview


def test_every_schema_table_has_a_grain_sentence():
    assert set(GRAIN) == set(data.TABLES)


def test_overview_counts_rows_and_date_range_of_the_committed_data():
    tables = data.load_all()
    table = overview(tables)
    assert list(table.index) == list(tables)
    for name, frame in tables.items():
        assert table.loc[name, "rows"] == len(frame)
        assert table.loc[name, "columns"] == frame.shape[1]
    # Hand check: the order lines' period is the first and last order_date.
    orders = tables["order_lines"]
    assert table.loc["order_lines", "first date"] == f"{orders['order_date'].min():%Y-%m-%d}"
    assert table.loc["order_lines", "last date"] == f"{orders['order_date'].max():%Y-%m-%d}"
    # products carry no dates
    assert table.loc["products", "first date"] == ""


def test_overview_takes_the_latest_of_several_date_columns():
    tickets = pd.DataFrame(
        {
            "opened_at": pd.to_datetime(["2024-01-01", "2024-02-01"]),
            "closed_at": pd.to_datetime(["2024-01-03", "2024-03-09"]),
        }
    )
    row = overview({"tickets": tickets}).loc["tickets"]
    assert (row["first date"], row["last date"]) == ("2024-01-01", "2024-03-09")


def test_overview_rejects_empty_input_and_non_frames():
    with pytest.raises(ValueError, match="no tables were given"):
        overview({})
    with pytest.raises(TypeError, match="table 'surveys' should be a pandas DataFrame"):
        overview({"surveys": [1, 2, 3]})
