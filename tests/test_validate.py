"""The shared input checks every public function uses (crmkit._validate, crmkit._customers)."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crmkit._customers import customer_attribute
from crmkit._validate import check_date, check_known


@pytest.mark.parametrize(
    "value",
    [
        "2024-12-31",
        dt.date(2024, 12, 31),
        dt.datetime(2024, 12, 31),
        pd.Timestamp("2024-12-31"),
        np.datetime64("2024-12-31"),
    ],
)
def test_check_date_accepts_every_way_of_writing_a_day(value):
    assert check_date(value, "observation_end") == pd.Timestamp("2024-12-31")


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (True, TypeError, "but is the bool True"),
        (None, TypeError, "but is the NoneType None"),
        (20241231, TypeError, "but is the int 20241231"),
        ("soon", ValueError, "but is 'soon'; write it as 'YYYY-MM-DD'"),
        ("", ValueError, "but is ''; write it as"),
        (pd.NaT, ValueError, "but is NaT; write it as"),
        (pd.Timestamp("2024-12-31", tz="UTC"), ValueError, "without a time zone"),
    ],
)
def test_check_date_names_the_argument_and_the_fix(value, error, message):
    with pytest.raises(error, match=rf"argument 'observation_end' must be a date.*{message}"):
        check_date(value, "observation_end")


def test_check_known_passes_when_every_key_is_known_and_names_the_first_unknown_row():
    keys = pd.Series(["C1", "C2", "C9", "C8"], index=[10, 11, 12, 13])
    check_known(keys.iloc[:2], ["C1", "C2"], column="customer_id", table="t", other="customers")
    with pytest.raises(
        ValueError,
        match=r"column 'customer_id' in table 'surveys' has 2 value\(s\) not found in table "
        r"'customers' \(e\.g\. 'C9' in row 12\); pass the full customers table\.",
    ):
        check_known(keys, ["C1", "C2"], column="customer_id", table="surveys", other="customers")


def test_customer_attribute_keeps_order_index_and_category_and_refuses_strangers():
    customers = pd.DataFrame(
        {"customer_id": ["A", "B"], "segment": pd.Categorical(["household", "corporate"])}
    )
    keys = pd.Series(["B", "A", "B"], index=[5, 6, 7])
    out = customer_attribute(keys, customers, "segment", table="surveys")
    assert out.tolist() == ["corporate", "household", "corporate"]
    assert list(out.index) == [5, 6, 7]
    assert isinstance(out.dtype, pd.CategoricalDtype)
    with pytest.raises(
        ValueError, match=r"table 'surveys' has 1 value\(s\) not found .*'Z' in row 8"
    ):
        customer_attribute(
            pd.Series(["A", "Z"], index=[7, 8]), customers, "segment", table="surveys"
        )
    with pytest.raises(
        ValueError, match=r"column 'customer_id' in table 'customers' should identify"
    ):
        customer_attribute(keys, pd.concat([customers, customers]), "segment", table="surveys")
