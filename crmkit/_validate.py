"""Input checks shared by every public function, so that every error reads the same way.

Each check raises :class:`ValueError` (or :class:`TypeError` for a value of the wrong
kind) whose message says *what* was wrong, *where* (table and column), *what was
expected* and *how to fix it*, for example::

    column 'nps_score' in table 'surveys' has values outside 0-10 (e.g. 11 in row 17);
    NPS expects the 0-10 likelihood-to-recommend scale.

Checks never modify their input. ``check_frame`` returns the frame it was given (not a
copy) so that a function can write ``data = check_frame(data, ...)`` and go on.

The column rules are small frozen dataclasses:

>>> import pandas as pd
>>> surveys = pd.DataFrame({"nps_score": [10, 7, 11]})
>>> check_frame(surveys, "surveys",
...             {"nps_score": Numeric(0, 10, integer=True,
...                                   why="NPS expects the 0-10 likelihood-to-recommend scale")})
Traceback (most recent call last):
...
ValueError: column 'nps_score' in table 'surveys' has values outside 0-10 (e.g. 11 in row 2); NPS expects the 0-10 likelihood-to-recommend scale.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "Numeric",
    "Dates",
    "Category",
    "Flag",
    "Text",
    "check_frame",
    "check_number",
    "check_choice",
    "check_columns_exist",
    "check_date",
    "check_known",
]


def _fmt(value: object) -> str:
    """Format a number or label for a message: integers without '.0', floats short."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else f"{v:.6g}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)
    return repr(value)


def _where(column: str, table: str) -> str:
    return f"column '{column}' in table '{table}'"


def _first_bad(series: pd.Series, mask: pd.Series | np.ndarray) -> str:
    """'e.g. 11 in row 17' for the first value where ``mask`` is True."""
    mask = np.asarray(mask, dtype=bool)
    pos = int(np.argmax(mask))
    label = series.index[pos]
    return f"e.g. {_fmt(series.iloc[pos])} in row {_fmt(label)}"


def _with_why(message: str, why: str) -> str:
    return f"{message}; {why}." if why else f"{message}."


@dataclass(frozen=True)
class Numeric:
    """A numeric column, optionally bounded (inclusive) and whole-numbered.

    Parameters
    ----------
    lo, hi : float, optional
        Inclusive bounds. ``None`` means unbounded on that side.
    integer : bool
        Whether every value must be a whole number (Likert items, counts).
    allow_nan : bool
        Whether missing values are allowed. Off by default: a metric never
        drops rows silently.
    why : str
        The domain reason, appended to the message ("NPS expects ...").
    """

    lo: float | None = None
    hi: float | None = None
    integer: bool = False
    allow_nan: bool = False
    why: str = ""

    def expected(self) -> str:
        kind = "whole numbers" if self.integer else "numbers"
        if self.lo is not None and self.hi is not None:
            return f"{kind} from {_fmt(self.lo)} to {_fmt(self.hi)}"
        if self.lo is not None:
            return f"{kind} of at least {_fmt(self.lo)}"
        if self.hi is not None:
            return f"{kind} of at most {_fmt(self.hi)}"
        return kind

    def check(self, series: pd.Series, column: str, table: str) -> None:
        where = _where(column, table)
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            converted = pd.to_numeric(series, errors="coerce")
            bad = converted.isna() & series.notna()
            example = f" ({_first_bad(series, bad)})" if bad.any() else ""
            raise ValueError(
                _with_why(
                    f"{where} should hold {self.expected()} but has dtype "
                    f"'{series.dtype}'{example}; convert it with pd.to_numeric() or pick "
                    f"the numeric column",
                    self.why,
                )
            )
        _check_missing(series, column, table, self.allow_nan, self.why)
        values = series.astype("float64")
        finite = values.notna()
        if np.isinf(values[finite]).any():
            mask = finite & np.isinf(values.where(finite, 0.0))
            raise ValueError(
                _with_why(f"{where} has infinite values ({_first_bad(series, mask)})", self.why)
            )
        if self.integer:
            mask = finite & (values != np.round(values))
            if mask.any():
                raise ValueError(
                    _with_why(
                        f"{where} should hold whole numbers but has fractions "
                        f"({_first_bad(series, mask)})",
                        self.why,
                    )
                )
        lo = -np.inf if self.lo is None else self.lo
        hi = np.inf if self.hi is None else self.hi
        mask = finite & ((values < lo) | (values > hi))
        if mask.any():
            if self.lo is not None and self.hi is not None:
                rng = f"outside {_fmt(self.lo)}-{_fmt(self.hi)}"
            elif self.lo is not None:
                rng = f"below {_fmt(self.lo)}"
            else:
                rng = f"above {_fmt(self.hi)}"
            raise ValueError(
                _with_why(f"{where} has values {rng} ({_first_bad(series, mask)})", self.why)
            )


@dataclass(frozen=True)
class Dates:
    """A datetime column (``datetime64``), optionally without missing values."""

    allow_nan: bool = False
    why: str = ""

    def check(self, series: pd.Series, column: str, table: str) -> None:
        if not pd.api.types.is_datetime64_any_dtype(series):
            raise ValueError(
                _with_why(
                    f"{_where(column, table)} should hold dates (datetime64) but has dtype "
                    f"'{series.dtype}'; convert it with pd.to_datetime(data['{column}'])",
                    self.why,
                )
            )
        _check_missing(series, column, table, self.allow_nan, self.why)


@dataclass(frozen=True)
class Category:
    """A label column; with ``allowed`` every value must be one of those labels."""

    allowed: tuple | None = None
    allow_nan: bool = False
    why: str = ""

    def check(self, series: pd.Series, column: str, table: str) -> None:
        _check_missing(series, column, table, self.allow_nan, self.why)
        if self.allowed is None:
            return
        present = series.notna()
        mask = present & ~series.isin(list(self.allowed))
        if mask.any():
            allowed = ", ".join(repr(a) for a in self.allowed)
            raise ValueError(
                _with_why(
                    f"{_where(column, table)} has unexpected labels "
                    f"({_first_bad(series, mask)}); expected one of {allowed}",
                    self.why,
                )
            )


@dataclass(frozen=True)
class Flag:
    """A yes/no column: booleans, or 0/1 numbers."""

    allow_nan: bool = False
    why: str = ""

    def check(self, series: pd.Series, column: str, table: str) -> None:
        _check_missing(series, column, table, self.allow_nan, self.why)
        if pd.api.types.is_bool_dtype(series):
            return
        present = series.notna()
        ok = series[present].isin([0, 1, True, False])
        if not pd.api.types.is_numeric_dtype(series) or not ok.all():
            mask = present.copy()
            mask[present] = ~ok.to_numpy()
            if not pd.api.types.is_numeric_dtype(series):
                mask = present
            raise ValueError(
                _with_why(
                    f"{_where(column, table)} should be yes/no (True/False or 1/0) "
                    f"({_first_bad(series, mask)}); map it with .map({{'yes': True, 'no': False}})"
                    f" or .astype(bool)",
                    self.why,
                )
            )


@dataclass(frozen=True)
class Text:
    """Any column (identifiers, names); only missing values are checked."""

    allow_nan: bool = False
    why: str = ""

    def check(self, series: pd.Series, column: str, table: str) -> None:
        _check_missing(series, column, table, self.allow_nan, self.why)


def _check_missing(series: pd.Series, column: str, table: str, allow: bool, why: str) -> None:
    if allow:
        return
    missing = series.isna()
    if missing.any():
        count = int(missing.sum())
        label = series.index[int(np.argmax(missing.to_numpy()))]
        raise ValueError(
            _with_why(
                f"{_where(column, table)} has {count} missing value{'s' if count > 1 else ''} "
                f"(first in row {_fmt(label)}); fill or drop them explicitly before calling, "
                f"for example data.dropna(subset=['{column}'])",
                why,
            )
        )


Rule = Numeric | Dates | Category | Flag | Text


def check_columns_exist(
    data: pd.DataFrame, table: str, columns: Iterable[str], params: Mapping[str, str] | None = None
) -> None:
    """Raise if any of ``columns`` is missing from ``data``.

    ``params`` maps a column name to the keyword argument that chose it, so the message
    can say which argument to change.

    >>> check_columns_exist(pd.DataFrame({"a": [1]}), "orders", ["revenue"], {"revenue": "amount"})
    Traceback (most recent call last):
    ...
    ValueError: table 'orders' has no column 'revenue' (it has: 'a'); pass your column's name with amount='...' or rename it to 'revenue'.
    """
    params = params or {}
    for column in columns:
        if column not in data.columns:
            have = ", ".join(repr(str(c)) for c in list(data.columns)[:12])
            if len(data.columns) > 12:
                have += ", ..."
            fix = (
                f"pass your column's name with {params[column]}='...' or rename it to '{column}'"
                if column in params
                else f"add the column '{column}' or rename yours to it"
            )
            raise ValueError(f"table '{table}' has no column '{column}' (it has: {have}); {fix}.")


def check_frame(
    data: object,
    table: str,
    columns: Mapping[str, Rule],
    *,
    params: Mapping[str, str] | None = None,
    min_rows: int = 1,
    unique: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Check that ``data`` is a DataFrame with the given columns, each obeying its rule.

    Parameters
    ----------
    data : object
        What the caller passed.
    table : str
        The table's name in the kit's schema ('surveys', 'order_lines', ...), used in messages.
    columns : mapping of str to rule
        Column name to a rule (:class:`Numeric`, :class:`Dates`, :class:`Category`,
        :class:`Flag`, :class:`Text`).
    params : mapping of str to str, optional
        Column name to the keyword argument that named it, for the "how to fix" part.
    min_rows : int
        The fewest rows the computation needs.
    unique : str or iterable of str, optional
        Column(s) whose values (or combinations) must not repeat, such as an ID.

    Returns
    -------
    pandas.DataFrame
        ``data`` itself, unchanged.

    Raises
    ------
    TypeError
        If ``data`` is not a DataFrame.
    ValueError
        If a column is missing or breaks its rule, or there are too few rows.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["C1", "C1"], "revenue": [10.0, -3.0]})
    >>> check_frame(orders, "order_lines", {"revenue": Numeric(lo=0)})
    Traceback (most recent call last):
    ...
    ValueError: column 'revenue' in table 'order_lines' has values below 0 (e.g. -3 in row 1).
    >>> check_frame(orders.iloc[:0], "order_lines", {"revenue": Numeric()})
    Traceback (most recent call last):
    ...
    ValueError: table 'order_lines' is empty; this needs at least 1 row.
    """
    if isinstance(data, pd.Series):
        raise TypeError(
            f"table '{table}' should be a pandas DataFrame but a Series was given; "
            f"pass the whole table, or series.to_frame()."
        )
    if not isinstance(data, pd.DataFrame):
        raise TypeError(
            f"table '{table}' should be a pandas DataFrame but a {type(data).__name__} was "
            f"given; build one with pd.DataFrame(...) or load it with crmkit.data.load('{table}')."
        )
    check_columns_exist(data, table, columns, params)
    if len(data) < min_rows:
        if len(data) == 0:
            raise ValueError(
                f"table '{table}' is empty; this needs at least {min_rows} "
                f"row{'s' if min_rows > 1 else ''}."
            )
        raise ValueError(
            f"table '{table}' has {len(data)} row{'s' if len(data) > 1 else ''} but this needs "
            f"at least {min_rows}; use more data."
        )
    for column, rule in columns.items():
        rule.check(data[column], column, table)
    if unique is not None:
        keys = [unique] if isinstance(unique, str) else list(unique)
        check_columns_exist(data, table, keys, params)
        dup = data.duplicated(subset=keys, keep="first")
        if dup.any():
            pos = int(np.argmax(dup.to_numpy()))
            value = data[keys].iloc[pos].tolist()
            shown = _fmt(value[0]) if len(value) == 1 else "(" + ", ".join(map(_fmt, value)) + ")"
            what = f"column '{keys[0]}'" if len(keys) == 1 else f"columns {keys}"
            raise ValueError(
                f"{what} in table '{table}' should identify each row but {shown} repeats "
                f"(row {_fmt(data.index[pos])}); remove the duplicates, "
                f"e.g. data.drop_duplicates(subset={keys})."
            )
    return data


def check_number(
    value: object,
    name: str,
    *,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    hi_open: bool = False,
    integer: bool = False,
    why: str = "",
) -> float:
    """Check a scalar argument and return it as a float (or int when ``integer``).

    Examples
    --------
    >>> check_number(0.95, "ci", lo=0, hi=1, lo_open=True, hi_open=True)
    0.95
    >>> check_number(1.2, "retention", lo=0, hi=1, why="a retention rate is a share")
    Traceback (most recent call last):
    ...
    ValueError: argument 'retention' must be between 0 and 1 (inclusive) but is 1.2; a retention rate is a share.
    >>> check_number("5", "n_boot", integer=True)
    Traceback (most recent call last):
    ...
    TypeError: argument 'n_boot' must be a whole number but is the str '5'.
    """
    kind = "a whole number" if integer else "a number"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise TypeError(
            f"argument '{name}' must be {kind} but is the {type(value).__name__} {value!r}."
        )
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(_with_why(f"argument '{name}' must be finite but is {value}", why))
    if integer and not number.is_integer():
        raise ValueError(_with_why(f"argument '{name}' must be {kind} but is {value}", why))
    below = lo is not None and (number <= lo if lo_open else number < lo)
    above = hi is not None and (number >= hi if hi_open else number > hi)
    if below or above:
        if lo is not None and hi is not None:
            inc = "exclusive" if (lo_open or hi_open) else "inclusive"
            rule = f"between {_fmt(lo)} and {_fmt(hi)} ({inc})"
        elif lo is not None:
            rule = f"greater than {_fmt(lo)}" if lo_open else f"at least {_fmt(lo)}"
        else:
            rule = f"less than {_fmt(hi)}" if hi_open else f"at most {_fmt(hi)}"
        raise ValueError(_with_why(f"argument '{name}' must be {rule} but is {value}", why))
    return int(number) if integer else number


def check_choice(value: object, name: str, choices: Iterable[object]) -> object:
    """Check that ``value`` is one of ``choices`` and return it.

    >>> check_choice("left", "tail", ["two-sided", "greater", "less"])
    Traceback (most recent call last):
    ...
    ValueError: argument 'tail' must be one of 'two-sided', 'greater', 'less' but is 'left'.
    """
    options = list(choices)
    if value not in options:
        shown = ", ".join(repr(c) for c in options)
        raise ValueError(f"argument '{name}' must be one of {shown} but is {value!r}.")
    return value


def check_date(value: object, name: str) -> pd.Timestamp:
    """Check a date argument (an observation end, a launch day, a period bound) and return it.

    Accepts a string such as ``'2024-12-31'``, a ``datetime.date``/``datetime``, a
    ``pd.Timestamp`` or a ``numpy.datetime64``. The kit's dates carry no time zone, so a
    zone-aware value is refused rather than compared wrongly.

    Examples
    --------
    >>> check_date("2024-12-31", "observation_end")
    Timestamp('2024-12-31 00:00:00')
    >>> check_date("end of 2024", "observation_end")
    Traceback (most recent call last):
    ...
    ValueError: argument 'observation_end' must be a date such as '2024-12-31' but is 'end of 2024'; write it as 'YYYY-MM-DD'.
    >>> check_date(2024, "launch")
    Traceback (most recent call last):
    ...
    TypeError: argument 'launch' must be a date such as '2024-12-31' but is the int 2024; pass a string 'YYYY-MM-DD' or a pd.Timestamp.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (str, _dt.date, np.datetime64)):
        raise TypeError(
            f"argument '{name}' must be a date such as '2024-12-31' but is the "
            f"{type(value).__name__} {value!r}; pass a string 'YYYY-MM-DD' or a pd.Timestamp."
        )
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(
            f"argument '{name}' must be a date such as '2024-12-31' but is {value!r}; "
            f"write it as 'YYYY-MM-DD'."
        )
    if stamp.tzinfo is not None:
        raise ValueError(
            f"argument '{name}' must be a date without a time zone (the kit's dates are "
            f"naive local times) but is {stamp}; drop the zone with .tz_localize(None)."
        )
    return stamp


def check_known(
    keys: pd.Series,
    known: Iterable[object],
    *,
    column: str,
    table: str,
    other: str,
    fix: str | None = None,
) -> None:
    """Check that every value of a key column appears in another table (a foreign key).

    Parameters
    ----------
    keys : pandas.Series
        The key column, e.g. ``order_lines["customer_id"]``.
    known : iterable
        The keys of the other table, e.g. ``customers["customer_id"]``.
    column, table, other : str
        The key's column and table, and the table it points into, for the message.
    fix : str, optional
        How to fix it; by default "pass the full <other> table".

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["C1", "C9"]})
    >>> check_known(orders["customer_id"], ["C1", "C2"], column="customer_id",
    ...             table="order_lines", other="customers")
    Traceback (most recent call last):
    ...
    ValueError: column 'customer_id' in table 'order_lines' has 1 value(s) not found in table 'customers' (e.g. 'C9' in row 1); pass the full customers table.
    """
    bad = ~keys.isin(pd.Index(known))
    if bad.any():
        pos = int(np.argmax(bad.to_numpy()))
        raise ValueError(
            f"column '{column}' in table '{table}' has {int(bad.sum())} value(s) not found in "
            f"table '{other}' (e.g. {keys.iloc[pos]!r} in row {_fmt(keys.index[pos])}); "
            f"{fix or f'pass the full {other} table'}."
        )
