"""Reading one table's CSV file with the contract's dtypes, and saying what is wrong with it.

``read_table`` first reads the file the fast way (pandas with the dtypes of the contract).
If that fails, or the typed table breaks the contract (a label the schema does not know, an
impossible date, an empty key), the file is read again as text and checked cell by cell, so
the error names the file, the column, the line and the fix instead of a pandas traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import (
    EARLIEST_DATE,
    _classify_date_text,
    _column_list,
    _did_you_mean,
    _has_eastern_digits,
    _latest_allowed,
    _today,
    clean_label,
    group_labels,
    suggest,
)
from ._schema import CATEGORIES, MAY_BE_MISSING, TABLES, TIMESTAMP_COLUMNS

#: Date columns that may be empty (NaT) in a valid file: the schema's MAY_BE_MISSING.
OPTIONAL_DATES = set(MAY_BE_MISSING)


class _Problem(Exception):
    """A contract breach found after the fast read (diagnosed from the text)."""


def _regenerate(folder: Path) -> str:
    return f"or regenerate the folder with 'python -m crmkit.data generate --out {folder} --force'"


def _fast(file: Path, name: str) -> pd.DataFrame:
    columns = TABLES[name]
    dates = [c for c, t in columns.items() if t.startswith("datetime64")]
    read_types = {
        c: ("string" if t in ("string", "category") else t)
        for c, t in columns.items()
        if c not in dates
    }
    frame = pd.read_csv(
        file,
        dtype=read_types,
        encoding="utf-8",
        keep_default_na=False,
        na_values={c: [""] for c in dates},
    )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise _Problem
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601").astype("datetime64[ns]")
        when = frame[column]
        if ((when < EARLIEST_DATE) | (when > _latest_allowed())).any():
            raise _Problem
        if (name, column) not in OPTIONAL_DATES and when.isna().any():
            raise _Problem
    for column, dtype in columns.items():
        if dtype == "string" and column.endswith("_id") and (frame[column] == "").any():
            raise _Problem
    for (table, column), labels in CATEGORIES.items():
        if table != name:
            continue
        raw = frame[column].astype(object)
        if not raw.isin(labels).all():
            cleaned = group_labels(raw)
            if not cleaned.isin(labels).all():
                raise _Problem
            raw = cleaned  # 'web ' is 'web' (labels are compared after cleaning)
        frame[column] = pd.Categorical(raw, categories=list(labels))
    return frame[list(columns)]


def read_table(file: Path, name: str) -> pd.DataFrame:
    """The typed table of ``file`` (table ``name``), or a ValueError that says what to fix."""
    try:
        return _fast(file, name)
    except _Problem:
        reason = "it breaks the data contract"
    except (ValueError, TypeError, OverflowError, KeyError, pd.errors.ParserError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
    _diagnose(file, name)
    raise ValueError(
        f"file {file} cannot be read as table '{name}' ({reason}); compare it with the "
        f"table's columns and types in the data card (data/README.md), "
        f"{_regenerate(file.parent)}."
    )


def _line(index: object) -> int:
    """The file's line of a row label (line 1 is the header)."""
    return int(index) + 2


def _fail(file: Path, message: str) -> None:
    raise ValueError(f"file {file}: {message}")


def _diagnose(file: Path, name: str) -> None:
    folder = file.parent
    again = _regenerate(folder)
    try:
        text = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as err:
        _fail(
            file,
            f"is not UTF-8 text (byte {err.start} cannot be read); save it again as UTF-8 "
            f"(in Excel: 'CSV UTF-8'), {again}.",
        )
    except pd.errors.EmptyDataError:
        _fail(file, f"is empty; it needs the header line and the table's rows, {again}.")
    except pd.errors.ParserError as err:
        found = re.search(r"line (\d+)", str(err))
        where = f"line {found.group(1)}" if found else "a line"
        _fail(
            file,
            f"{where} has a different number of fields from the header (a stray comma? text "
            f"with commas must be in double quotes); correct it, {again}.",
        )
    columns = TABLES[name]
    have = list(text.columns)
    for column in columns:
        if column not in text.columns:
            near = suggest(column, have)
            fix = (
                f"{_did_you_mean(near)} Rename the header cell {near[0]!r} to {column!r}"
                if near
                else f"add the column {column!r} (see the data card, data/README.md)"
            )
            lead = f"table '{name}' has no column {column!r}"
            _fail(file, f"{lead}; {fix}, {again}. The file has {_column_list(have)}.")
    labels_of = {c: labels for (t, c), labels in CATEGORIES.items() if t == name}
    for column, dtype in columns.items():
        cells = text[column]
        problem = _first_problem(cells, name, column, dtype, labels_of.get(column))
        if problem is not None:
            row, message = problem
            _fail(
                file,
                f"column '{column}', line {_line(row)} (row {row}): {message}; correct the "
                f"cell, {again}.",
            )


def _first_problem(
    cells: pd.Series, table: str, column: str, dtype: str, labels: tuple | None
) -> tuple[object, str] | None:
    """(row, what is wrong) for the first bad cell of a text column, or None."""
    stripped = cells.str.strip()
    empty = stripped == ""
    if dtype in ("int64", "float64"):
        values = pd.to_numeric(cells.where(~empty), errors="coerce")
        if dtype == "int64":
            bad = empty | values.isna() | (values != np.round(values))
            what = "a whole number"
        else:
            bad = empty | values.isna()
            what = "a number (such as 12.5)"
        if bad.any():
            row = cells.index[int(np.argmax(bad.to_numpy()))]
            value = cells[row]
            if value.strip() == "":
                return row, f"the cell is empty but must hold {what} (write 0 for zero)"
            if _has_eastern_digits(value):
                return row, (
                    f"{value!r} is written with Persian or Arabic digits; the kit's files use "
                    f"the digits 0-9 (read such a file yourself and convert the column with "
                    f"crmkit.data.parse_numbers)"
                )
            if "," in value:
                return (
                    row,
                    f"{value!r} has a comma; write numbers with a decimal point and no thousands separator",
                )
            return row, f"{value!r} is not {what}"
        return None
    if dtype == "bool":
        bad = ~stripped.isin(["True", "False"])
        if bad.any():
            row = cells.index[int(np.argmax(bad.to_numpy()))]
            return row, f"{cells[row]!r} is not True or False (the kit writes flags as True/False)"
        return None
    if dtype.startswith("datetime64"):
        stamps = (table, column) in {(t, c) for t, cols in TIMESTAMP_COLUMNS.items() for c in cols}
        form = "YYYY-MM-DD HH:MM:SS" if stamps else "YYYY-MM-DD"
        # each distinct text once (a few thousand days), in the order the rows first use them
        firsts = pd.Series(cells.index, index=cells.to_numpy()).groupby(level=0, sort=False).first()
        for value, row in sorted(firsts.items(), key=lambda item: cells.index.get_loc(item[1])):
            if value.strip() == "":
                if (table, column) in OPTIONAL_DATES:
                    continue
                return row, "the cell is empty but every row needs this date"
            kind, parts = _classify_date_text(value)
            if kind == "jalali":
                return row, (
                    f"{value!r} is a Persian (Jalali) date; the kit's files hold Gregorian "
                    f"dates written {form} (convert Jalali dates with "
                    f"crmkit.data.parse_dates(..., calendar='jalali'))"
                )
            if kind == "xyy":
                return row, (
                    f"{value!r} puts the day and the month first, which can be read two ways; "
                    f"the kit's files write dates year first, {form}"
                )
            if kind != "ymd" or value != value.strip() or "/" in value:
                return row, f"{value!r} is not a date written {form}"
            y, m, d, _ = parts
            try:
                stamp = pd.Timestamp(year=y, month=m, day=d)
            except ValueError:
                return row, f"{value!r} is not a day of the calendar (check the day and the month)"
            if stamp < EARLIEST_DATE:
                return row, f"{value!r} is before 1900-01-01, an impossible date (a typo?)"
            if stamp > _latest_allowed():
                return (
                    row,
                    f"{value!r} is in the future (today is {_today()}), an impossible date (a typo?)",
                )
            try:
                pd.to_datetime(value, format="ISO8601")
            except ValueError:
                return row, f"{value!r} is not a date written {form} (check the time)"
        return None
    if labels is not None:
        cleaned = cells.map(clean_label)
        bad = ~cleaned.isin(labels)
        if bad.any():
            row = cells.index[int(np.argmax(bad.to_numpy()))]
            value = cells[row]
            near = suggest(value, labels, n=1)
            dym = f" (did you mean {near[0]!r}?)" if near and value.strip() else ""
            shown = ", ".join(repr(x) for x in labels)
            if value.strip() == "":
                return row, f"the cell is empty but must hold one of {shown}"
            return row, f"{value!r} is not a label of this column{dym}; the labels are {shown}"
        return None
    if column.endswith("_id"):
        if empty.any():
            row = cells.index[int(np.argmax(empty.to_numpy()))]
            return row, "the key is empty; every row needs its key"
    return None
