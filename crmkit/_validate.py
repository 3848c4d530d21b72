"""Input checks shared by every public function, so that every error reads the same way.

Each check raises :class:`ValueError` (or :class:`TypeError` for a value of the wrong
kind) whose message says *what* was wrong, *where* (table and column), *what was
expected* and *how to fix it*, for example::

    column 'nps_score' in table 'surveys' has values outside 0-10 (e.g. 11 in row 17);
    NPS expects the 0-10 likelihood-to-recommend scale.

Checks never modify their input. ``check_frame`` returns the frame it was given (not a
copy) so that a function can write ``data = check_frame(data, ...)`` and go on. A fix
that a message proposes as code is written with the table's own name
(``surveys.dropna(subset=['csat'])``) and works when it is run.

The column rules are small frozen dataclasses:

>>> import pandas as pd
>>> surveys = pd.DataFrame({"nps_score": [10, 7, 11]})
>>> check_frame(surveys, "surveys",
...             {"nps_score": Numeric(0, 10, integer=True,
...                                   why="NPS expects the 0-10 likelihood-to-recommend scale")})
Traceback (most recent call last):
...
ValueError: column 'nps_score' in table 'surveys' has values outside 0-10 (e.g. 11 in row 2); NPS expects the 0-10 likelihood-to-recommend scale.

The kit's rules for awkward input, decided once here and used by every module
-----------------------------------------------------------------------------

Missing or misspelt columns
    The message names the table and the column, suggests the nearest real names
    ("did you mean 'nps_score'?", found with :mod:`difflib` after ignoring case, spaces
    and hyphens), gives the fix in the right direction (pass ``score='your_column'``, or
    rename *your* column to the kit's name) and lists every column of the table (at most
    100 names; the message says how many more there are).
Dates
    Date columns must be ``datetime64`` without a time zone. Text is refused with the
    call that converts it, :func:`crmkit.data.parse_dates`. Text dates must be
    year-first (ISO ``'2024-12-31'``): a day/month-first string such as ``'01/02/2023'``
    is refused with both readings shown in ISO form, because nothing in it says which one
    is meant (``parse_dates(..., order='DMY')`` says it). Persian (Jalali) dates are
    recognised by their 13xx/14xx years and converted by
    ``parse_dates(..., calendar='jalali')`` (with the ``persiantools`` package). Persian
    and Arabic-Indic digits are read as digits.
Time zones
    The kit's dates are naive local times. A zone-aware column or argument is refused
    everywhere with the fix ``.dt.tz_localize(None)`` (keep the local clock time) or
    ``.dt.tz_convert('Asia/Tehran').dt.tz_localize(None)`` (first move to a zone).
Impossible dates
    A date before 1900-01-01 or after tomorrow is a typo (``'2204-01-05'`` for 2024) and
    is refused, naming the row. An observation end in the future, or before the first
    date of the data, is refused too. Rows dated after an observation end that is given
    are not yet known on that day and are left out (every measure is computed *as of*
    its observation end); with no observation end, the last date of the data is the end.
Labels
    Group labels (segments, channels, causes, waves written as text ...) are compared
    after cleaning with :func:`clean_label`: Unicode NFKC, Arabic ي/ى/ك as Persian ی/ک,
    invisible marks (tatweel, zero-width space and joiner, bidi marks, BOM) dropped,
    runs of white space as one space, none at either end, and the zero-width non-joiner
    (ZWNJ, U+200C) ignored when comparing (``'می‌خواهم'`` and ``'میخواهم'`` are one
    label, shown in the spelling with the ZWNJ). The input is never modified; the
    cleaned labels are what results show. Labels from a fixed list (treatment/control,
    tiers, phases) are matched the same way. Keys (``customer_id``, ``order_id``) are
    never cleaned: a key that matches only after cleaning is named with the fix.
Duplicated rows
    A kit table's natural key (``order_id`` and ``line_no`` of ``order_lines``,
    ``customer_id`` of ``customers``, ``response_id`` of ``surveys``, ...; see
    :data:`NATURAL_KEYS`) must not repeat when its columns are present: a duplicated
    order line is an error naming the rows and the fix (``drop_duplicates(...)``),
    never summed twice.
Arguments
    Options that take True/False accept only booleans; an option from a list is matched
    exactly (``0`` is not ``False``), with the nearest choice suggested; arrays that go
    together must have the same length; a figure's ``ax`` must be one matplotlib Axes.
    Messages show a long argument in short (its type and size), never in full.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import difflib
import functools
import inspect
import keyword
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "Numeric",
    "Dates",
    "Category",
    "Flag",
    "Text",
    "NATURAL_KEYS",
    "check_frame",
    "check_number",
    "check_choice",
    "check_column_names",
    "check_table_name",
    "check_flag",
    "check_columns_exist",
    "check_date",
    "check_observation_end",
    "check_known",
    "calls_public",
    "check_ax",
    "check_same_length",
    "clean_label",
    "group_labels",
    "suggest",
    "parse_date_values",
    "parse_number_values",
]

#: The columns that identify a row of each kit table. :func:`check_frame` refuses a
#: repeat when every column of the key is present in the table it checks.
NATURAL_KEYS: Mapping[str, tuple[str, ...]] = {
    "customers": ("customer_id",),
    "products": ("product_id",),
    "channels": ("channel",),
    "order_lines": ("order_id", "line_no"),
    "interactions": ("interaction_id",),
    "tickets": ("ticket_id",),
    "surveys": ("response_id",),
    "campaigns": ("campaign_id",),
    "campaign_contacts": ("campaign_id", "customer_id"),
    "loyalty_events": ("event_id",),
    "staff_survey": ("staff_id",),
}

#: Dates before this day are typos (the kit's data are CRM records).
EARLIEST_DATE = pd.Timestamp("1900-01-01")
_MAX_COLUMNS_SHOWN = 100
_MAX_REPR = 60


# ----------------------------------------------------------------------------- showing


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
        if value is pd.NaT:
            return "NaT"
        return value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)
    return _short(value)


def _short(value: object) -> str:
    """``repr(value)``, shortened: a long argument is shown by its kind and size."""
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame of {len(value)} rows and {value.shape[1]} columns"
    if isinstance(value, pd.Series):
        return f"a Series of {len(value)} values"
    if isinstance(value, np.ndarray) and value.size > 10:
        return f"an array of shape {value.shape}"
    if isinstance(value, np.generic):
        value = value.item()
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real error
        text = f"<{type(value).__name__}>"
    if len(text) <= _MAX_REPR:
        return text
    size = ""
    try:
        size = f" ({len(value)} {'characters' if isinstance(value, str) else 'items'})"
    except TypeError:
        pass
    return text[: _MAX_REPR - 10] + "..." + size


def _kind(value: object) -> str:
    """'the str '5'' or 'a DataFrame of 3 rows ...', for 'but is ...' messages."""
    if isinstance(value, (pd.DataFrame, pd.Series)) or (
        isinstance(value, np.ndarray) and value.size > 10
    ):
        return _short(value)
    return f"the {type(value).__name__} {_short(value)}"


def _where(column: str, table: str | None) -> str:
    if table is None:
        return f"argument '{column}'"
    return f"column {_name(column)} in table '{table}'"


def _name(column: object) -> str:
    return f"'{column}'" if isinstance(column, str) else repr(column)


def _first_bad(series: pd.Series, mask: pd.Series | np.ndarray) -> str:
    """'e.g. 11 in row 17' for the first value where ``mask`` is True."""
    mask = np.asarray(mask, dtype=bool)
    pos = int(np.argmax(mask))
    label = series.index[pos]
    return f"e.g. {_fmt(series.iloc[pos])} in row {_fmt(label)}"


def _with_why(message: str, why: str) -> str:
    return f"{message}; {why}." if why else f"{message}."


def _col_code(table: str, column: str) -> str:
    return f"{table}[{column!r}]"


def _assign(table: str, column: str, expr: str) -> str:
    """Code that replaces one column of a table: ``surveys.assign(csat=...)``."""
    if column.isidentifier() and not keyword.iskeyword(column):
        return f"{table}.assign({column}={expr})"
    return f"{table}.assign(**{{{column!r}: {expr}}})"


# ----------------------------------------------------------------------------- names


def _norm_name(name: object) -> str:
    text = clean_label(str(name)).replace("\u200c", "").casefold()
    return re.sub(r"[\s\-.]+", "_", text).strip("_")


def suggest(name: object, candidates: Iterable[object], n: int = 3) -> list:
    """The candidates nearest to ``name``: same name but for case/spaces first, then close.

    >>> suggest("NPS Score", ["customer_id", "nps_score", "csat"])
    ['nps_score']
    >>> suggest("nps_scor", ["customer_id", "nps_score", "csat"])
    ['nps_score']
    >>> suggest("zzz", ["customer_id"])
    []
    """
    cands = list(dict.fromkeys(candidates))
    key = _norm_name(name)
    same = [c for c in cands if _norm_name(c) == key]
    if same:
        return same[:n]
    normed: dict[str, object] = {}
    for c in cands:
        normed.setdefault(_norm_name(c), c)
    close = [normed[k] for k in difflib.get_close_matches(key, list(normed), n=n, cutoff=0.75)]
    if len(close) < n and len(key) >= 3:
        close += [
            c for k, c in normed.items() if (key in k or k in key) and min(len(k), len(key)) >= 3
        ]
    return list(dict.fromkeys(close))[:n]


def _did_you_mean(near: Sequence[object]) -> str:
    if not near:
        return ""
    rest = f" (or {', '.join(_name(c) for c in near[1:])})" if len(near) > 1 else ""
    return f"did you mean {_name(near[0])}{rest}?"


def _column_list(columns: Sequence[object]) -> str:
    names = [_name(c) for c in columns]
    if not names:
        return "it has no columns"
    shown = ", ".join(names[:_MAX_COLUMNS_SHOWN])
    more = (
        f", and {len(names) - _MAX_COLUMNS_SHOWN} more (see .columns)"
        if len(names) > _MAX_COLUMNS_SHOWN
        else ""
    )
    word = "column" if len(names) == 1 else "columns"
    return f"its {len(names)} {word}: {shown}{more}"


def _kit_columns() -> tuple[dict[str, dict[str, str]], set[str]]:
    from crmkit.data._schema import TABLES

    return TABLES, {c for cols in TABLES.values() for c in cols}


def _looks_like(data: pd.DataFrame, table: str) -> str:
    """' (its columns are those of table 'customers')' when the wrong kit table was passed."""
    tables, _ = _kit_columns()
    have = set(map(str, data.columns))
    for other, cols in tables.items():
        if other != table and len(have & set(cols)) >= max(2, 0.8 * len(cols)):
            return f" Its columns are those of table '{other}': was that table passed by mistake?"
    return ""


#: The public function the user called, when it calls other public functions: (name, its
#: parameter names). A message then only offers arguments the user can actually pass.
_CALLER: contextvars.ContextVar[tuple[str, frozenset] | None] = contextvars.ContextVar(
    "crmkit_caller", default=None
)


def calls_public(fn):
    """Mark a public function that calls other public ones (a figure, a widget, the scorecard).

    Inside it, a message that would advise an argument of the inner function the user did
    not call (``pass order_date='...'`` from inside ``plots.funnel``) advises renaming the
    column to the kit's name instead.
    """
    names = frozenset(inspect.signature(fn).parameters)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if _CALLER.get() is not None:
            return fn(*args, **kwargs)
        token = _CALLER.set((fn.__name__, names))
        try:
            return fn(*args, **kwargs)
        finally:
            _CALLER.reset(token)

    return wrapper


def check_columns_exist(
    data: pd.DataFrame, table: str, columns: Iterable[str], params: Mapping[str, str] | None = None
) -> None:
    """Raise if any of ``columns`` is missing from ``data``.

    ``params`` maps a column name to the keyword argument that chose it, so the message
    can say which argument to change. The fix goes the right way: a misspelt argument is
    corrected to the table's nearest column; a kit column the table lacks is found among
    the table's columns and either passed by keyword or renamed to the kit's name.

    >>> check_columns_exist(pd.DataFrame({"a": [1]}), "orders", ["revenue"], {"revenue": "amount"})
    Traceback (most recent call last):
    ...
    ValueError: table 'orders' has no column 'revenue'; pass amount='<your column>' with the name of your column that holds it, or rename yours to the kit's name 'revenue' (orders.rename(columns={'<your column>': 'revenue'})). The table has its 1 column: 'a'.
    >>> surveys = pd.DataFrame({"nps_score": [9], "customer_id": ["C1"]})
    >>> check_columns_exist(surveys, "surveys", ["nps_scor"], {"nps_scor": "score"})
    Traceback (most recent call last):
    ...
    ValueError: table 'surveys' has no column 'nps_scor'; did you mean 'nps_score'? Pass score='nps_score'. The table has its 2 columns: 'nps_score', 'customer_id'.
    """
    params = params or {}
    have = list(data.columns)
    for column in columns:
        if column in data.columns:
            continue
        tables, kit = _kit_columns()
        # a column the kit defines for this table has its own meaning: never offered instead
        schema = set(tables.get(table, ()))
        own = schema - {column} if column in schema else set()
        near = [
            c
            for c in suggest(column, have)
            if c != column and (c not in own or _norm_name(c) == _norm_name(column))
        ]
        param = params.get(column)
        caller = _CALLER.get()
        if param and caller is not None and param not in caller[1]:
            param = None  # the user called caller[0], which has no such argument
        is_kit = column in kit or table not in tables
        theirs = near[0] if near else None
        if param and theirs is not None and not is_kit:
            fix = f"Pass {param}={theirs!r}."
        elif param and theirs is not None:
            fix = (
                f"Pass {param}={theirs!r} (your column's name), or rename your column to the "
                f"kit's name: {table}.rename(columns={{{theirs!r}: {column!r}}})."
            )
        elif param and is_kit:
            fix = (
                f"pass {param}='<your column>' with the name of your column that holds it, "
                f"or rename yours to the kit's name {column!r} "
                f"({table}.rename(columns={{'<your column>': {column!r}}}))."
            )
        elif param:
            fix = f"pass {param}= the name of one of the table's columns."
        elif theirs is not None and not is_kit:
            fix = f"Correct the column's name in the call: {theirs!r}."
        elif theirs is not None:
            fix = (
                f"Rename your column to the kit's name: "
                f"{table}.rename(columns={{{theirs!r}: {column!r}}})."
            )
        elif is_kit:
            fix = f"add the column {column!r} (the data card, data/README.md, describes it)."
        else:
            fix = "pass the name of one of the table's columns."
        lead = f"table '{table}' has no column {_name(column)}"
        sep = f"; {_did_you_mean(near)} " if near else "; "
        raise ValueError(
            f"{lead}{sep}{fix} The table has {_column_list(have)}.{_looks_like(data, table)}"
        )


# ----------------------------------------------------------------------------- labels

_LETTER_FORMS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})
_INVISIBLE = re.compile("[\u0640\u200b\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ZWNJ = "\u200c"


def clean_label(value: object) -> object:
    """A label as the kit compares it: one spelling for the same label (strings only).

    Unicode NFKC (Arabic presentation forms and no-break spaces become ordinary letters and
    spaces), Arabic yeh/alef maksura and kaf (ي ى ك) as Persian ی ک, invisible marks
    (tatweel, zero-width space and joiner, bidi marks, byte-order mark) removed, white
    space collapsed to single spaces and stripped, zero-width non-joiners (ZWNJ) kept
    between letters but not repeated nor next to a space or at either end. Other values
    are returned unchanged.

    >>> clean_label("  كيان\u00a0 ") == "کیان"
    True
    >>> clean_label("می\u200c\u200cخواهم\u200c") == "می\u200cخواهم"
    True
    >>> clean_label(3)
    3
    """
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).translate(_LETTER_FORMS)
    text = _INVISIBLE.sub("", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(f"{_ZWNJ}+", _ZWNJ, text)
    text = re.sub(f" ?{_ZWNJ} ?", lambda m: " " if " " in m.group(0) else _ZWNJ, text)
    return text.strip(" " + _ZWNJ)


def _label_key(value: object) -> object:
    cleaned = clean_label(value)
    return cleaned.replace(_ZWNJ, "") if isinstance(cleaned, str) else cleaned


def _merge_spellings(uniques: Sequence[object], counts: np.ndarray) -> tuple[list, bool]:
    """Cleaned label per unique value, one spelling per key; and whether anything changed."""
    cleaned = [clean_label(u) for u in uniques]
    keys = [c.replace(_ZWNJ, "") if isinstance(c, str) else c for c in cleaned]
    best: dict[object, tuple] = {}
    for c, k, n in zip(cleaned, keys, counts, strict=True):
        # the spelling with ZWNJs first, then the most frequent, then the first in sort order
        rank = (-(c.count(_ZWNJ) if isinstance(c, str) else 0), -int(n), str(c))
        try:
            current = best.get(k)
        except TypeError:  # unhashable label: leave it alone
            continue
        if current is None or rank < current[0]:
            best[k] = (rank, c)
    out = []
    for c, k in zip(cleaned, keys, strict=True):
        try:
            out.append(best[k][1])
        except (KeyError, TypeError):
            out.append(c)
    changed = any(
        not (isinstance(o, type(u)) and o == u) for o, u in zip(out, uniques, strict=True)
    )
    return out, changed


def group_labels(series: pd.Series) -> pd.Series:
    """``series`` with its labels cleaned for grouping (see :func:`clean_label`).

    Spellings of one label (Arabic or Persian letter forms, stray or doubled spaces, with
    or without a ZWNJ) become one label, shown in its cleaned form (the spelling with the
    ZWNJ when the variants differ only by it). A categorical keeps its dtype, its order
    and its unused categories (merged where they are the same label). When no label needs
    cleaning the series itself is returned, so clean data give exactly what they gave.

    >>> s = pd.Series(["تهران", "تهران ", "كيان", "کیان"])
    >>> group_labels(s).nunique()
    2
    >>> group_labels(pd.Series([1, 2])).tolist()
    [1, 2]
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = list(series.cat.categories)
        if not any(isinstance(c, str) for c in cats):
            return series
        counts = np.bincount(series.cat.codes[series.cat.codes >= 0], minlength=len(cats))
        cleaned, changed = _merge_spellings(cats, counts)
        if not changed:
            return series
        new_cats = list(dict.fromkeys(cleaned))
        position = {c: i for i, c in enumerate(new_cats)}
        remap = np.array([position[c] for c in cleaned] + [-1], dtype=np.int64)
        codes = remap[series.cat.codes.to_numpy()]  # code -1 maps to the last entry, -1
        values = pd.Categorical.from_codes(codes, categories=new_cats, ordered=series.cat.ordered)
        return pd.Series(values, index=series.index, name=series.name)
    if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
        return series
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # unhashable values (lists in cells): no grouping is possible anyway
        return series
    uniques = list(uniques)
    if not any(isinstance(u, str) for u in uniques):
        return series
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    cleaned, changed = _merge_spellings(uniques, counts)
    if not changed:
        return series
    table = np.array([*cleaned, None], dtype=object)
    values = table[codes]  # code -1 (missing) picks None
    out = pd.Series(values, index=series.index, name=series.name, dtype=object)
    out[codes < 0] = series[codes < 0]
    if pd.api.types.is_string_dtype(series) and not pd.api.types.is_object_dtype(series):
        out = out.astype(series.dtype)
    return out


# ----------------------------------------------------------------------------- digits

_EASTERN_DIGITS = "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
_TO_LATIN = str.maketrans(
    {
        **{d: str(i % 10) for i, d in enumerate(_EASTERN_DIGITS)},
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": "",  # Arabic thousands separator
        "\u2212": "-",  # minus sign
        "\u200e": "",
        "\u200f": "",
        "\u00a0": " ",
    }
)


def _has_eastern_digits(text: str) -> bool:
    return any(ch in _EASTERN_DIGITS for ch in text)


def parse_number_values(
    values: object, *, errors: str = "raise", name: str = "values"
) -> pd.Series:
    """Numbers written as text (also with Persian or Arabic-Indic digits) as numbers.

    The engine of :func:`crmkit.data.parse_numbers`. Empty cells become missing values;
    text that is not a number raises ``ValueError`` naming the row (``errors='raise'``) or
    becomes missing (``errors='coerce'``).

    >>> parse_number_values(pd.Series(["۱۲", "٣٫٥", " 7 "])).tolist()
    [12.0, 3.5, 7.0]
    """
    check_choice(errors, "errors", ["raise", "coerce"])
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    if pd.api.types.is_bool_dtype(series):
        return series.astype("int64")
    if pd.api.types.is_numeric_dtype(series) and not isinstance(series.dtype, pd.CategoricalDtype):
        return series
    raw = series.astype(object)
    text = raw.map(lambda v: v.translate(_TO_LATIN).strip() if isinstance(v, str) else v)
    text = text.map(lambda v: np.nan if isinstance(v, str) and v == "" else v)
    out = pd.to_numeric(text, errors="coerce")
    bad = out.isna() & text.notna()
    if bad.any() and errors == "raise":
        pos = int(np.argmax(bad.to_numpy()))
        raise ValueError(
            f"{name} has text that is not a number ({_short(raw.iloc[pos])} in row "
            f"{_fmt(series.index[pos])}); correct it, or pass errors='coerce' to turn such "
            f"cells into missing values."
        )
    return out.rename(series.name)


# ----------------------------------------------------------------------------- dates

_TIME = r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
_YMD = re.compile(rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}$")
_XYY = re.compile(rf"^(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}|\d{{2}}){_TIME}$")
_MONTH_NAME = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE
)
_ZONED = re.compile(
    r"^\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$"
)


def _is_jalali_year(year: int) -> bool:
    return 1200 <= year <= 1499


def _jalali_to_gregorian(y: int, m: int, d: int) -> _dt.date:
    from persiantools.jdatetime import JalaliDate

    return JalaliDate(y, m, d).to_gregorian()


def _have_persiantools() -> bool:
    try:
        import persiantools.jdatetime  # noqa: F401
    except ImportError:
        return False
    return True


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _jalali_iso(y: int, m: int, d: int) -> str | None:
    if not _have_persiantools():
        return None
    try:
        return _jalali_to_gregorian(y, m, d).isoformat()
    except ValueError:
        return None


_PERSIANTOOLS_HINT = " (this needs the persiantools package: pip install persiantools)"


def _classify_date_text(text: str) -> tuple[str, tuple]:
    """('ymd'|'xyy'|'jalali'|'zoned'|'other', parts) of one date string (digits made Latin)."""
    t = text.translate(_TO_LATIN).strip()
    if _ZONED.match(t):
        return "zoned", ()
    m = _YMD.match(t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return ("jalali" if _is_jalali_year(y) else "ymd"), (y, mo, d, m.groups()[3:])
    m = _XYY.match(t)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), m.group(3)
        if len(y) == 4 and _is_jalali_year(int(y)):
            return "jalali", (int(y), b, a, m.groups()[3:])
        return "xyy", (a, b, y, m.groups()[3:])
    return "other", ()


def _describe_date_values(series: pd.Series, where: str, fix_for) -> str:
    """Why a column (or list of dates) is not datetime64, and the call that converts it.

    ``fix_for(code)`` turns a conversion expression into the advice (an ``assign``).
    """
    present = series[series.notna()]
    dtype = series.dtype
    if isinstance(dtype, pd.PeriodDtype):
        return (
            f"{where} holds periods (dtype '{dtype}'), not dates; convert them to their "
            f"first day: {fix_for('....dt.to_timestamp()')}"
        )
    if pd.api.types.is_timedelta64_dtype(dtype):
        return f"{where} holds durations (dtype '{dtype}'), not dates; pass a date column"
    if pd.api.types.is_bool_dtype(dtype) or (
        pd.api.types.is_numeric_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype)
    ):
        return (
            f"{where} holds numbers (dtype '{dtype}'), not dates; pass a date column, or "
            f"convert the numbers if they stand for dates (Unix seconds: "
            f"pd.to_datetime(..., unit='s'); Excel serial days: pd.to_datetime(..., unit='D', "
            f"origin='1899-12-30'))"
        )
    if len(present) == 0:
        return f"{where} should hold dates (datetime64) but has only missing values"
    values = present.astype(object)
    kinds: dict[str, list] = {}
    uniques = pd.unique(values.to_numpy())
    for u in uniques[:5000]:
        if isinstance(u, str):
            kind, parts = _classify_date_text(u)
        elif isinstance(u, (_dt.date, np.datetime64)):
            stamp = pd.Timestamp(u)
            kind, parts = ("aware" if stamp.tzinfo is not None else "python"), ()
        else:
            kind, parts = "nontext", ()
        kinds.setdefault(kind, []).append((u, parts))

    def row_of(value: object) -> str:
        pos = int(np.argmax((values == value).to_numpy()))
        return _fmt(values.index[pos])

    def example(kind: str) -> tuple[object, tuple, str]:
        value, parts = kinds[kind][0]
        return value, parts, row_of(value)

    if "aware" in kinds:
        value, _, row = example("aware")
        return (
            f"{where} holds time-zone-aware timestamps (e.g. {value} in row {row}); the kit's "
            f"dates are naive local times: convert with "
            f"{fix_for('pd.to_datetime(..., utc=True).dt.tz_localize(None)')}, or to local "
            f"time first with .dt.tz_convert('Asia/Tehran').dt.tz_localize(None)"
        )
    if "nontext" in kinds:
        value, _, row = example("nontext")
        return (
            f"{where} should hold dates (datetime64) but has {_kind(value)} in row {row}; "
            f"correct or drop such rows, then convert with "
            f"{fix_for('crmkit.data.parse_dates(...)')}"
        )
    if "zoned" in kinds:
        value, _, row = example("zoned")
        return (
            f"{where} holds timestamps with a time-zone offset as text (e.g. {value!r} in "
            f"row {row}); the kit's dates are naive local times: convert with "
            f"{fix_for('pd.to_datetime(..., utc=True).dt.tz_localize(None)')}, or to local "
            f"time first with .dt.tz_convert('Asia/Tehran').dt.tz_localize(None)"
        )
    if "other" in kinds:
        value, _, row = example("other")
        clean = [k for k in kinds if k != "other" and k != "python"]
        rest = (
            f"; turn such cells into missing values and leave those rows out with "
            f"{fix_for(_parse_call(clean, coerce=True), dropna=True)}"
            if clean
            else "; correct such rows, then convert the column with crmkit.data.parse_dates"
        )
        return (
            f"{where} has text that is not a date the kit can read ({value!r} in row {row}){rest}"
        )
    if "jalali" in kinds:
        value, (y, m, d, _), row = example("jalali")
        gregorian = _jalali_iso(y, m, d)
        shown = f" (= {gregorian} in the Gregorian calendar)" if gregorian else ""
        hint = "" if _have_persiantools() else _PERSIANTOOLS_HINT
        return (
            f"{where} holds Persian (Jalali) calendar dates as text (e.g. {value!r} in row "
            f"{row}{shown}); the kit counts days in the Gregorian calendar: convert them with "
            f"{fix_for(_parse_call(['jalali']))}{hint}"
        )
    if "xyy" in kinds:
        entries = kinds["xyy"]
        if any(len(p[2]) == 2 for _, p in entries):
            value = next(v for v, p in entries if len(p[2]) == 2)
            return (
                f"{where} holds dates with two-digit years (e.g. {value!r} in row "
                f"{row_of(value)}); write the years with four digits (2024, not 24), then "
                f"convert with crmkit.data.parse_dates(..., order='DMY' or 'MDY')"
            )
        day_first = [v for v, p in entries if p[0] > 12]
        month_first = [v for v, p in entries if p[1] > 12]
        if day_first and month_first:
            a, b = day_first[0], month_first[0]
            return (
                f"{where} mixes day-first ({a!r} in row {row_of(a)}) and month-first "
                f"({b!r} in row {row_of(b)}) dates; correct the rows written the other way, "
                f"then convert with crmkit.data.parse_dates(..., order='DMY')"
            )
        if day_first or month_first:
            order = "DMY" if day_first else "MDY"
            value = (day_first or month_first)[0]
            _, (a, b, y, _) = next(e for e in entries if e[0] == value)
            iso = _iso(int(y), b, a) if order == "DMY" else _iso(int(y), a, b)
            word = "day" if order == "DMY" else "month"
            return (
                f"{where} holds dates as text written {word} first (e.g. {value!r} in row "
                f"{row_of(value)} = {iso}); convert them with "
                f"{fix_for(_parse_call([], order=order))}"
            )
        value, (a, b, y, _) = entries[0]
        dmy, mdy = _iso(int(y), b, a), _iso(int(y), a, b)
        return (
            f"{where} holds dates as text with the day and the month first (e.g. {value!r} in "
            f"row {row_of(value)}), which is {dmy} if the day comes first and {mdy} if the "
            f"month does; nothing in the column says which, so say it: "
            f"{fix_for(_parse_call([], order='DMY'))} (or order='MDY')"
        )
    if "ymd" in kinds:
        value, _, row = example("ymd")
        return (
            f"{where} holds dates as text (dtype '{dtype}', e.g. {value!r} in row {row}); "
            f"convert them with {fix_for(_parse_call([]))}"
        )
    value, _, row = example("python")
    return (
        f"{where} holds Python dates (dtype '{dtype}', e.g. {value!r} in row {row}); convert "
        f"them with {fix_for('pd.to_datetime(...)')}"
    )


def _parse_call(kinds: Sequence[str], *, order: str | None = None, coerce: bool = False) -> str:
    args = ["..."]
    if "jalali" in kinds:
        args.append("calendar='jalali'")
    if order is not None:
        args.append(f"order={order!r}")
    if coerce:
        args.append("errors='coerce'")
    return f"crmkit.data.parse_dates({', '.join(args)})"


def _parse_one_date(
    text: str, *, order: str | None, calendar: str
) -> tuple[pd.Timestamp | None, str | None]:
    """Parse one date string by the kit's rules; (timestamp, None) or (None, why not)."""
    kind, parts = _classify_date_text(text)
    if kind == "zoned":
        return None, "has a time-zone offset; the kit's dates are naive local times"
    if kind == "other":
        t = text.translate(_TO_LATIN).strip()
        # a month's name with a day and a 4-digit year ('31 Dec 2024') cannot be misread;
        # without the day or the year pandas would fill them in silently
        if _MONTH_NAME.search(t) and re.search(r"\b\d{4}\b", t) and re.search(r"\b\d{1,2}\b", t):
            try:  # month names ('31 Dec 2024', 'December 31, 2024') are unambiguous
                stamp = pd.Timestamp(t)
            except (ValueError, TypeError):
                stamp = pd.NaT
            if stamp is not pd.NaT and not pd.isna(stamp) and stamp.tzinfo is None:
                return stamp, None
        return None, "is not a date the kit can read"
    if kind == "xyy":
        a, b, y, time = parts
        if len(y) == 2:
            return None, "has a two-digit year; write the year with four digits"
        if order is None or order == "YMD":
            dmy, mdy = _iso(int(y), b, a), _iso(int(y), a, b)
            readings = " or ".join(f"'{r}'" for r in dict.fromkeys(x for x in (dmy, mdy) if x))
            return None, (
                f"puts the day and the month first, so it is {readings or 'no valid date'} "
                f"depending on which comes first; pass order='DMY' or order='MDY'"
            )
        y, m, d = (int(y), b, a) if order == "DMY" else (int(y), a, b)
    else:
        y, m, d, time = parts
    if kind == "jalali" and calendar != "jalali":
        shown = _jalali_iso(y, m, d)
        return None, (
            f"has the year {y}, a Persian (Jalali) year{f' (it is {shown})' if shown else ''};"
            f" pass calendar='jalali'"
        )
    if calendar == "jalali":
        if not _is_jalali_year(y):
            return None, f"has the year {y}, which is not a Jalali year (1200-1499)"
        if not _have_persiantools():
            return (
                None,
                "is a Jalali date and converting it needs persiantools (pip install persiantools)",
            )
        try:
            day = _jalali_to_gregorian(y, m, d)
        except ValueError:
            return None, "is not a valid day of the Jalali calendar"
        y, m, d = day.year, day.month, day.day
    hh, mm, ss = (int(x) if x else 0 for x in time) if time else (0, 0, 0)
    try:
        return pd.Timestamp(_dt.datetime(y, m, d, hh, mm, ss)), None
    except ValueError:
        return None, "is not a valid day (check the day and the month)"


def parse_date_values(
    values: object,
    *,
    order: str | None = None,
    calendar: str = "gregorian",
    errors: str = "raise",
    name: str = "values",
) -> pd.Series:
    """Dates written as text, by the kit's rules, as ``datetime64[ns]``.

    The engine of :func:`crmkit.data.parse_dates` (see it for the rules).

    >>> parse_date_values(pd.Series(["2024-01-05", "۲۰۲۴/۰۲/۰۱", None])).tolist()
    [Timestamp('2024-01-05 00:00:00'), Timestamp('2024-02-01 00:00:00'), NaT]
    """
    check_choice(order, "order", [None, "YMD", "DMY", "MDY"])
    check_choice(calendar, "calendar", ["gregorian", "jalali"])
    check_choice(errors, "errors", ["raise", "coerce"])
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        raise ValueError(
            f"{name} are time-zone-aware ({series.dtype}); the kit's dates are naive local "
            f"times: use .dt.tz_localize(None), or .dt.tz_convert('Asia/Tehran')"
            f".dt.tz_localize(None) to move to a zone first."
        )
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.astype("datetime64[ns]")
    raw = series.astype(object)
    parsed: dict[object, object] = {}
    problems: dict[object, str] = {}
    for u in pd.unique(raw[raw.notna()].to_numpy()):
        if isinstance(u, str):
            if not u.strip():
                parsed[u] = pd.NaT
                continue
            stamp, why = _parse_one_date(u, order=order, calendar=calendar)
        elif isinstance(u, (_dt.date, np.datetime64)):
            stamp, why = pd.Timestamp(u), None
            if stamp.tzinfo is not None:
                stamp, why = None, "has a time zone; the kit's dates are naive local times"
        else:
            stamp, why = None, f"is a {type(u).__name__}, not a date"
        if why is None:
            parsed[u] = stamp
        else:
            problems[u] = why
            parsed[u] = pd.NaT
    if problems and errors == "raise":
        first = next(iter(problems))
        pos = int(np.argmax((raw == first).to_numpy()))
        raise ValueError(
            f"{name} has {len(problems)} value(s) that cannot be read as dates: "
            f"{_short(first)} in row {_fmt(series.index[pos])} {problems[first]}."
        )
    out = raw.map(lambda v: parsed.get(v, pd.NaT) if pd.notna(v) else pd.NaT)
    return pd.Series(pd.to_datetime(out.to_numpy()), index=series.index, name=series.name).astype(
        "datetime64[ns]"
    )


def _latest_allowed() -> pd.Timestamp:
    """The last instant a recorded date may have: the end of tomorrow (local clock)."""
    return pd.Timestamp.now().normalize() + pd.Timedelta(days=2) - pd.Timedelta(1, "ns")


def _today() -> str:
    return pd.Timestamp.now().strftime("%Y-%m-%d")


def _check_date_range(series: pd.Series, column: str, table: str | None, why: str) -> None:
    present = series.dropna()
    if len(present) == 0:
        return
    early = (series < EARLIEST_DATE).to_numpy()
    late = (series > _latest_allowed()).to_numpy()
    for mask, what, keep in (
        (early, "before 1900-01-01", f"~({_col_code(table, column)} < '1900-01-01')"),
        (
            late,
            f"in the future (today is {_today()})",
            f"~({_col_code(table, column)} > '{_today()}')",
        ),
    ):
        if mask.any():
            pos = int(np.argmax(mask))
            count = int(mask.sum())
            fix = (
                f"; correct {'it' if count == 1 else 'them'} (a typo such as 2204 for 2024?) "
                f"or leave such rows out: {table}[{keep}]"
                if table is not None
                else "; correct it"
            )
            raise ValueError(
                _with_why(
                    f"{_where(column, table)} has {count} impossible date"
                    f"{'s' if count > 1 else ''} {what} (e.g. {_fmt(series.iloc[pos])} in row "
                    f"{_fmt(series.index[pos])}){fix}",
                    why,
                )
            )


# ----------------------------------------------------------------------------- rules


def _text_number_problem(series: pd.Series, column: str, table: str | None, expected: str) -> str:
    """Why a non-numeric column is not numbers, and the conversion that works."""
    where = _where(column, table)
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        fix = (
            f"; if they stand for 1 and 0, convert them: {_assign(table, column, _col_code(table, column) + '.astype(int)')}"
            if table
            else ""
        )
        return f"{where} should hold {expected} but holds True/False values{fix}"
    if pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype):
        return (
            f"{where} should hold {expected} but holds "
            f"{'durations' if pd.api.types.is_timedelta64_dtype(dtype) else 'dates'} "
            f"(dtype '{dtype}'); pass a numeric column (a duration in hours is "
            f".dt.total_seconds() / 3600)"
        )
    if pd.api.types.is_complex_dtype(dtype):
        return f"{where} should hold {expected} but holds complex numbers; pass real numbers"
    values = series.astype(object) if isinstance(dtype, pd.CategoricalDtype) else series
    present = values[values.notna()]
    texts = present.map(lambda v: v.translate(_TO_LATIN).strip() if isinstance(v, str) else v)
    converted = pd.to_numeric(
        texts.map(lambda v: np.nan if isinstance(v, str) and v == "" else v), errors="coerce"
    )
    bad = converted.isna()
    eastern = present.map(lambda v: isinstance(v, str) and _has_eastern_digits(v))
    code = _col_code(table, column) if table else ""
    if bad.any():
        value = present[bad].iloc[0]
        row = _fmt(present.index[int(np.argmax(bad.to_numpy()))])
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+,\d+\s*", value.translate(_TO_LATIN)):
            if not table:
                return f"{where} should hold {expected} but has {value!r}, a number with a comma"
            decimal = f"pd.to_numeric({code}.str.replace(',', '.'))"
            thousands = f"pd.to_numeric({code}.str.replace(',', ''))"
            return (
                f"{where} should hold {expected} but has numbers with a comma as text (e.g. "
                f"{value!r} in row {row}); if the comma is the decimal mark convert with "
                f"{_assign(table, column, decimal)}, if it separates thousands with "
                f"{_assign(table, column, thousands)}"
            )
        if not table:
            return f"{where} should hold {expected} but has {_kind(value)} at position {row}"
        helper = f"crmkit.data.parse_numbers({code}, errors='coerce')"
        return (
            f"{where} should hold {expected} but has {_kind(value)} in row {row} (dtype "
            f"'{dtype}'); correct such cells, or turn them into missing values and leave "
            f"those rows out: {_assign(table, column, helper)}.dropna(subset=[{column!r}])"
        )
    if not table:
        return f"{where} should hold {expected} but holds numbers as text; convert them first"
    if eastern.any():
        value = present[eastern].iloc[0]
        row = _fmt(present.index[int(np.argmax(eastern.to_numpy()))])
        return (
            f"{where} holds numbers written as text with Persian or Arabic digits (e.g. "
            f"{value!r} in row {row}); convert them with "
            f"{_assign(table, column, f'crmkit.data.parse_numbers({code})')}"
        )
    if isinstance(dtype, pd.CategoricalDtype):
        return (
            f"{where} should hold {expected} but is categorical; convert it with "
            f"{_assign(table, column, f'pd.to_numeric({code}.astype(str))')}"
        )
    value = present.iloc[0]
    if not any(isinstance(v, str) for v in present.iloc[:1000]):
        return (
            f"{where} holds numbers in a column of dtype '{dtype}' (e.g. {_short(value)} in row "
            f"{_fmt(present.index[0])}); convert it with "
            f"{_assign(table, column, f'pd.to_numeric({code})')}"
        )
    return (
        f"{where} holds numbers stored as text (dtype '{dtype}', e.g. {_short(value)} in row "
        f"{_fmt(present.index[0])}); convert them with "
        f"{_assign(table, column, f'pd.to_numeric({code})')}"
    )


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

    def check(self, series: pd.Series, column: str, table: str | None) -> None:
        where = _where(column, table)
        dtype = series.dtype
        if (
            pd.api.types.is_bool_dtype(dtype)
            or not pd.api.types.is_numeric_dtype(dtype)
            or pd.api.types.is_complex_dtype(dtype)
            or isinstance(dtype, pd.CategoricalDtype)
        ):
            raise ValueError(
                _with_why(_text_number_problem(series, column, table, self.expected()), self.why)
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
    """A datetime column (``datetime64``, no time zone, 1900 to tomorrow), optionally with gaps."""

    allow_nan: bool = False
    why: str = ""

    def check(self, series: pd.Series, column: str, table: str | None) -> None:
        where = _where(column, table)
        code = _col_code(table, column) if table else None

        def fix_for(expr: str, dropna: bool = False) -> str:
            if table is None:
                return expr.replace("...", f"{column}")
            call = _assign(table, column, expr.replace("...", code))
            return f"{call}.dropna(subset=[{column!r}])" if dropna else call

        if isinstance(series.dtype, pd.DatetimeTZDtype):
            local = fix_for("....dt.tz_localize(None)")
            raise ValueError(
                _with_why(
                    f"{where} holds time-zone-aware timestamps (dtype '{series.dtype}'); the "
                    f"kit's dates are naive local times: drop the zone and keep the clock "
                    f"time with {local}, or move to another zone first with "
                    f".dt.tz_convert('Asia/Tehran').dt.tz_localize(None)",
                    self.why,
                )
            )
        if not pd.api.types.is_datetime64_any_dtype(series):
            raise ValueError(_with_why(_describe_date_values(series, where, fix_for), self.why))
        _check_missing(series, column, table, self.allow_nan, self.why)
        _check_date_range(series, column, table, self.why)


@dataclass(frozen=True)
class Category:
    """A label column; with ``allowed`` every value must be one of those labels.

    Labels are compared after :func:`clean_label`, so ``'treatment '`` is ``'treatment'``.
    """

    allowed: tuple | None = None
    allow_nan: bool = False
    why: str = ""

    def check(self, series: pd.Series, column: str, table: str | None) -> None:
        _check_missing(series, column, table, self.allow_nan, self.why)
        if self.allowed is None:
            return
        present = series.notna()
        allowed = [_label_key(a) for a in self.allowed]
        keys = group_labels(series).map(_label_key)
        mask = present & ~keys.isin(allowed)
        if mask.any():
            shown = ", ".join(repr(a) for a in self.allowed)
            bad = pd.unique(series[mask].astype(object).to_numpy())
            near = {b: suggest(b, self.allowed, n=1) for b in bad[:20]}
            hint = f"; did you mean {near[bad[0]][0]!r}?" if near[bad[0]] else ""
            fix = ""
            if table is not None and all(near.values()) and len(bad) <= 20:
                mapping = ", ".join(f"{b!r}: {n[0]!r}" for b, n in near.items())
                fix = (
                    f" Relabel with "
                    f"{_assign(table, column, f'{_col_code(table, column)}.replace({{{mapping}}})')}"
                )
            raise ValueError(
                _with_why(
                    f"{_where(column, table)} has unexpected labels "
                    f"({_first_bad(series, mask)}{hint}); expected one of {shown}.{fix}".rstrip(
                        "."
                    ),
                    self.why,
                )
            )


_YES = {"yes", "y", "true", "t", "1", "بله", "آره", "да", "oui", "ja", "si", "sí"}
_NO = {"no", "n", "false", "f", "0", "خیر", "نه", "нет", "non", "nein"}


@dataclass(frozen=True)
class Flag:
    """A yes/no column: booleans, or 0/1 numbers."""

    allow_nan: bool = False
    why: str = ""

    def check(self, series: pd.Series, column: str, table: str | None) -> None:
        _check_missing(series, column, table, self.allow_nan, self.why)
        if pd.api.types.is_bool_dtype(series):
            return
        present = series.notna()
        numeric = pd.api.types.is_numeric_dtype(series) and not isinstance(
            series.dtype, pd.CategoricalDtype
        )
        if numeric:
            ok = series[present].isin([0, 1])
            if ok.all():
                return
            mask = present.copy()
            mask[present] = ~ok.to_numpy()
            raise ValueError(
                _with_why(
                    f"{_where(column, table)} should be yes/no (True/False or 1/0) but has "
                    f"other numbers ({_first_bad(series, mask)})",
                    self.why,
                )
            )
        labels = pd.unique(series[present].astype(object).to_numpy())
        mapping = {}
        for label in labels[:50]:
            word = str(clean_label(label)).casefold() if isinstance(label, str) else None
            if word in _YES:
                mapping[label] = True
            elif word in _NO:
                mapping[label] = False
            elif isinstance(label, (bool, np.bool_)):
                mapping[label] = bool(label)
        fix = ""
        if table is not None and len(mapping) == len(labels) and mapping:
            shown = ", ".join(f"{k!r}: {v}" for k, v in mapping.items())
            fix = (
                f"; map the labels to True/False: "
                f"{_assign(table, column, f'{_col_code(table, column)}.map({{{shown}}}).astype(bool)')}"
            )
        elif table is not None:
            fix = f"; map each of its labels to True or False with {_col_code(table, column)}.map({{...}})"
        raise ValueError(
            _with_why(
                f"{_where(column, table)} should be yes/no (True/False or 1/0) but holds "
                f"labels ({_first_bad(series, present)}; it has "
                f"{', '.join(_short(x) for x in labels[:6])}{', ...' if len(labels) > 6 else ''})"
                f"{fix}",
                self.why,
            )
        )


@dataclass(frozen=True)
class Text:
    """Any column (identifiers, names); only missing values are checked."""

    allow_nan: bool = False
    why: str = ""

    def check(self, series: pd.Series, column: str, table: str | None) -> None:
        _check_missing(series, column, table, self.allow_nan, self.why)


def _check_missing(
    series: pd.Series, column: str, table: str | None, allow: bool, why: str
) -> None:
    if allow:
        return
    missing = series.isna()
    if missing.any():
        count = int(missing.sum())
        label = series.index[int(np.argmax(missing.to_numpy()))]
        fix = (
            f"; fill or drop them explicitly before calling, for example "
            f"{table}.dropna(subset=[{column!r}])"
            if table is not None
            else "; fill or drop them before calling"
        )
        raise ValueError(
            _with_why(
                f"{_where(column, table)} has {count} missing value{'s' if count > 1 else ''} "
                f"(first in row {_fmt(label)}){fix}",
                why,
            )
        )


Rule = Numeric | Dates | Category | Flag | Text


def _check_natural_key(data: pd.DataFrame, table: str) -> None:
    keys = list(NATURAL_KEYS.get(table, ()))
    if not keys or len(data) < 2 or not all(k in data.columns for k in keys):
        return
    try:
        dup = data.duplicated(subset=keys, keep=False)
    except TypeError:  # unhashable cells
        return
    if not dup.any():
        return
    first = data[dup].iloc[0]
    value = tuple(first[k] for k in keys)
    same = (data[keys] == pd.Series(value, index=keys)).all(axis=1).to_numpy()
    labels = data.index[same][:5]
    if labels.has_duplicates:  # the index repeats too (after a concat): give positions
        rows = "positions " + ", ".join(str(p) for p in np.flatnonzero(same)[:5])
    else:
        rows = "rows " + ", ".join(_fmt(r) for r in labels)
    copies = int(data.duplicated(subset=keys, keep="first").sum())
    shown = _fmt(value[0]) if len(keys) == 1 else "(" + ", ".join(map(_fmt, value)) + ")"
    what = f"column '{keys[0]}'" if len(keys) == 1 else f"columns {keys}"
    noun = {
        "order_lines": "order line",
        "customers": "customer",
        "surveys": "survey response",
        "campaign_contacts": "campaign contact",
    }.get(table, "row")
    raise ValueError(
        f"{what} in table '{table}' should identify each row but {shown} repeats ({rows}; "
        f"{copies} repeated row{'s' if copies > 1 else ''} in all); "
        f"{'an' if noun[0] in 'aeiou' else 'a'} {noun} is counted once, so remove the copies: "
        f"{table}.drop_duplicates(subset={keys}) (if they are different {noun}s, give them "
        f"their own keys instead)."
    )


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
        Column(s) whose values (or combinations) must not repeat, such as an ID. The
        natural key of a kit table (:data:`NATURAL_KEYS`) is checked as well whenever its
        columns are present.

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
        hint = (
            f"load it with crmkit.data.load('{table}')"
            if table in NATURAL_KEYS
            else "build one with pd.DataFrame(...)"
        )
        raise TypeError(
            f"table '{table}' should be a pandas DataFrame but {_kind(data)} was given; {hint}."
        )
    params = params or {}
    for column in columns:
        if column is None or isinstance(column, (float, bool, np.bool_)):
            raise TypeError(
                f"argument '{params.get(column, 'column')}' must be a column name (str) of "
                f"table '{table}' but is {_kind(column)}."
            )
    check_columns_exist(data, table, columns, params)
    if data.columns.has_duplicates:
        twice = [c for c in columns if (data.columns == c).sum() > 1]
        if twice:
            raise ValueError(
                f"table '{table}' has {int((data.columns == twice[0]).sum())} columns named "
                f"{_name(twice[0])}; keep one: {table}.loc[:, ~{table}.columns.duplicated()]."
            )
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
    _check_natural_key(data, table)
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
                f"e.g. {table}.drop_duplicates(subset={keys})."
            )
    return data


# ----------------------------------------------------------------------------- arguments


def check_table_name(table: object) -> str:
    """Check a ``table=`` argument (the name messages use and their code refers to).

    >>> check_table_name("hours")
    'hours'
    >>> check_table_name("my data")
    Traceback (most recent call last):
    ...
    ValueError: argument 'table' must be the table's name as a Python name, such as 'tickets' or 'hours', but is 'my data'.
    """
    if not isinstance(table, str):
        raise TypeError(
            f"argument 'table' must be the table's name (str), such as 'tickets', but is "
            f"{_kind(table)}."
        )
    if not table.isidentifier() or keyword.iskeyword(table):
        raise ValueError(
            f"argument 'table' must be the table's name as a Python name, such as 'tickets' "
            f"or 'hours', but is {table!r}."
        )
    return table


def check_column_names(**names: object) -> None:
    """Check that each keyword names a column: a non-empty str (or another plain label).

    >>> check_column_names(score="nps_score")
    >>> check_column_names(order=None)
    Traceback (most recent call last):
    ...
    TypeError: argument 'order' must be a column name (str) but is the NoneType None; pass the name of the column, such as order='order_id'.
    """
    for name, value in names.items():
        ok = isinstance(value, str) and value != ""
        ok = ok or (isinstance(value, (int, np.integer)) and not isinstance(value, bool))
        if not ok:
            example = {
                "order": "order_id",
                "revenue": "revenue",
                "customer": "customer_id",
                "product": "product_id",
                "order_date": "order_date",
                "by": "segment",
            }.get(name, "the column's name")
            example = f"{name}={example!r}" if example != "the column's name" else f"{name}='...'"
            raise TypeError(
                f"argument '{name}' must be a column name (str) but is {_kind(value)}; pass "
                f"the name of the column, such as {example}."
            )


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

    Whole numbers are kept exact (a seed of 2**70 stays 2**70), never passed through a
    float.

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
    TypeError: argument 'n_boot' must be a whole number but is the str '5'; write it without quotes: n_boot=5.
    >>> check_number(2**70 + 1, "seed", integer=True) == 2**70 + 1
    True
    """
    kind = "a whole number" if integer else "a number"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        hint = ""
        if isinstance(value, str):
            try:
                float(value.translate(_TO_LATIN))
                hint = f"; write it without quotes: {name}={value.translate(_TO_LATIN).strip()}"
            except ValueError:
                pass
        raise TypeError(f"argument '{name}' must be {kind} but is {_kind(value)}{hint}.")
    if isinstance(value, np.complexfloating):
        raise TypeError(f"argument '{name}' must be {kind} but is the complex {value}.")
    exact = int(value) if isinstance(value, (int, np.integer)) else None
    if exact is None:
        number = float(value)
        if not np.isfinite(number):
            raise ValueError(_with_why(f"argument '{name}' must be finite but is {value}", why))
        if integer and not number.is_integer():
            raise ValueError(_with_why(f"argument '{name}' must be {kind} but is {value}", why))
        if integer:
            exact = int(number)
    compared = exact if exact is not None else number
    below = lo is not None and (compared <= lo if lo_open else compared < lo)
    above = hi is not None and (compared >= hi if hi_open else compared > hi)
    if below or above:
        if lo is not None and hi is not None:
            inc = "exclusive" if (lo_open or hi_open) else "inclusive"
            rule = f"between {_fmt(lo)} and {_fmt(hi)} ({inc})"
        elif lo is not None:
            rule = f"greater than {_fmt(lo)}" if lo_open else f"at least {_fmt(lo)}"
        else:
            rule = f"less than {_fmt(hi)}" if hi_open else f"at most {_fmt(hi)}"
        raise ValueError(_with_why(f"argument '{name}' must be {rule} but is {value}", why))
    if integer:
        return exact
    try:
        return float(value)
    except OverflowError:
        raise ValueError(
            _with_why(f"argument '{name}' is too large to compute with ({_short(value)})", why)
        ) from None


def _same_choice(value: object, choice: object) -> bool:
    """Equality that keeps booleans apart from numbers and never raises."""
    if isinstance(value, (bool, np.bool_)) or isinstance(choice, (bool, np.bool_)):
        return (
            isinstance(value, (bool, np.bool_))
            and isinstance(choice, (bool, np.bool_))
            and bool(value) == bool(choice)
        )
    if value is None or choice is None:
        return value is choice
    if isinstance(choice, str) != isinstance(value, str):
        return False
    try:
        equal = value == choice
    except Exception:
        return False
    return isinstance(equal, (bool, np.bool_)) and bool(equal)


def check_choice(value: object, name: str, choices: Iterable[object]) -> object:
    """Check that ``value`` is one of ``choices`` and return the matching choice.

    Booleans are not numbers here (``0`` is not ``False``); a near miss is suggested.

    >>> check_choice("left", "tail", ["two-sided", "greater", "less"])
    Traceback (most recent call last):
    ...
    ValueError: argument 'tail' must be one of 'two-sided', 'greater', 'less' but is 'left'.
    >>> check_choice("Mean", "centre", ["mean", "scale"])
    Traceback (most recent call last):
    ...
    ValueError: argument 'centre' must be one of 'mean', 'scale' but is 'Mean'; did you mean 'mean'?
    """
    options = list(choices)
    for option in options:
        if _same_choice(value, option):
            return option
    shown = ", ".join(repr(c) for c in options)
    hint = ""
    if isinstance(value, str):
        near = suggest(value, [o for o in options if isinstance(o, str)], n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
    kind = ValueError if isinstance(value, (str, bool, int, float, type(None))) else TypeError
    raise kind(f"argument '{name}' must be one of {shown} but is {_short(value)}{hint or '.'}")


def check_flag(value: object, name: str) -> bool:
    """Check a True/False option and return it as a bool (strings and numbers are refused).

    >>> check_flag(True, "share")
    True
    >>> check_flag("no", "share")
    Traceback (most recent call last):
    ...
    TypeError: argument 'share' must be True or False but is the str 'no'; pass share=False.
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    hint = ""
    word = str(value).strip().casefold() if isinstance(value, (str, int)) else None
    if word in _YES:
        hint = f"; pass {name}=True"
    elif word in _NO:
        hint = f"; pass {name}=False"
    raise TypeError(f"argument '{name}' must be True or False but is {_kind(value)}{hint}.")


def check_same_length(values: Mapping[str, object], *, what: str = "values") -> int:
    """Check that the array arguments (not the scalars) in ``values`` have one length.

    >>> check_same_length({"defects": [1, 2], "units": [10, 20, 30]})
    Traceback (most recent call last):
    ...
    ValueError: arguments 'defects' (2 values) and 'units' (3 values) must have the same length; each position pairs one value of each, so pass values of one length (or a single number for one of them).
    """
    sizes = {
        k: len(v)
        for k, v in values.items()
        if isinstance(v, (list, tuple, np.ndarray, pd.Series, pd.Index)) and np.ndim(v) > 0
    }
    if len(set(sizes.values())) > 1:
        (a, na), *rest = sizes.items()
        b, nb = next((k, n) for k, n in rest if n != na)
        raise ValueError(
            f"arguments '{a}' ({na} {what}) and '{b}' ({nb} {what}) must have the same length; "
            f"each position pairs one value of each, so pass {what} of one length (or a single "
            f"number for one of them)."
        )
    return next(iter(sizes.values()), 1)


def _parse_date_argument(value: str, name: str) -> pd.Timestamp:
    stamp, why = _parse_one_date(value, order=None, calendar="gregorian")
    if stamp is not None:
        return stamp
    kind, parts = _classify_date_text(value)
    if kind == "xyy" and len(parts[2]) == 4:
        a, b, y, _ = parts
        readings = [r for r in dict.fromkeys((_iso(int(y), b, a), _iso(int(y), a, b))) if r]
        if len(readings) == 2:
            raise ValueError(
                f"argument '{name}' is {value!r}, which is {readings[0]} if the day comes "
                f"first and {readings[1]} if the month does; write it year first: "
                f"'{readings[0]}' or '{readings[1]}'."
            )
        if readings:
            raise ValueError(
                f"argument '{name}' is {value!r}; write it year first, as '{readings[0]}'."
            )
    if kind == "jalali":
        y, m, d, _ = parts
        shown = _jalali_iso(y, m, d)
        how = (
            f"write it as '{shown}'"
            if shown
            else (
                "convert it first, e.g. with persiantools: "
                f"JalaliDate({y}, {m}, {d}).to_gregorian()"
            )
        )
        raise ValueError(
            f"argument '{name}' is {value!r}, a Persian (Jalali) calendar date; the kit "
            f"counts days in the Gregorian calendar: {how}."
        )
    if kind == "zoned":
        raise ValueError(
            f"argument '{name}' must be a date without a time zone (the kit's dates are "
            f"naive local times) but is {value!r}; write the local time without the offset."
        )
    raise ValueError(
        f"argument '{name}' must be a date such as '2024-12-31' but is {_short(value)}; "
        f"write it as 'YYYY-MM-DD'."
    )


def check_date(value: object, name: str) -> pd.Timestamp:
    """Check a date argument (an observation end, a launch day, a period bound) and return it.

    Accepts a year-first string such as ``'2024-12-31'`` (also ``'2024/12/31'``, with a
    time, or with Persian digits), a date with the month's name (``'31 Dec 2024'``), a
    ``datetime.date``/``datetime``, a ``pd.Timestamp`` or a ``numpy.datetime64``. A
    day/month-first string is refused with both readings shown, a Persian (Jalali) date
    with its Gregorian form, a zone-aware value (the kit's dates are naive local times)
    and a day before 1900 as impossible.

    Examples
    --------
    >>> check_date("2024-12-31", "observation_end")
    Timestamp('2024-12-31 00:00:00')
    >>> check_date("end of 2024", "observation_end")
    Traceback (most recent call last):
    ...
    ValueError: argument 'observation_end' must be a date such as '2024-12-31' but is 'end of 2024'; write it as 'YYYY-MM-DD'.
    >>> check_date("01/02/2023", "launch")
    Traceback (most recent call last):
    ...
    ValueError: argument 'launch' is '01/02/2023', which is 2023-02-01 if the day comes first and 2023-01-02 if the month does; write it year first: '2023-02-01' or '2023-01-02'.
    >>> check_date(2024, "launch")
    Traceback (most recent call last):
    ...
    TypeError: argument 'launch' must be a date such as '2024-12-31' but is the int 2024; pass a string 'YYYY-MM-DD' or a pd.Timestamp.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (str, _dt.date, np.datetime64)):
        raise TypeError(
            f"argument '{name}' must be a date such as '2024-12-31' but is "
            f"{_kind(value)}; pass a string 'YYYY-MM-DD' or a pd.Timestamp."
        )
    if isinstance(value, str):
        stamp = _parse_date_argument(value, name)
    else:
        try:
            stamp = pd.Timestamp(value)
        except (TypeError, ValueError, OverflowError):
            stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(
            f"argument '{name}' must be a date such as '2024-12-31' but is {_short(value)}; "
            f"write it as 'YYYY-MM-DD'."
        )
    if stamp.tzinfo is not None:
        raise ValueError(
            f"argument '{name}' must be a date without a time zone (the kit's dates are "
            f"naive local times) but is {stamp}; drop the zone with .tz_localize(None)."
        )
    if stamp < EARLIEST_DATE:
        raise ValueError(
            f"argument '{name}' is {_fmt(stamp)}, before 1900-01-01: not a date of CRM "
            f"records (a typo?); write it as 'YYYY-MM-DD'."
        )
    return stamp


def check_observation_end(
    end: pd.Timestamp,
    dates: Iterable[tuple[pd.Series, str, str]],
    name: str = "observation_end",
) -> pd.Timestamp:
    """Refuse an observation end in the future or before the first date of the data.

    ``dates`` holds ``(series, table, column)`` triples: the dates the measure reads.

    >>> orders = pd.Series(pd.to_datetime(["2023-05-01", "2024-01-01"]))
    >>> check_observation_end(pd.Timestamp("2020-01-01"), [(orders, "order_lines", "order_date")])
    Traceback (most recent call last):
    ...
    ValueError: argument 'observation_end' (2020-01-01) is before the first date of the data (2023-05-01, column 'order_date' of table 'order_lines'), so nothing is observed by then; pass a day from 2023-05-01 to 2024-01-01.
    """
    if end > _latest_allowed():
        raise ValueError(
            f"argument '{name}' ({_fmt(end)}) is in the future (today is {_today()}); a "
            f"measure can only use what has been observed: pass a day up to today, such as "
            f"the last day of the data."
        )
    firsts = []
    lasts = []
    for series, table, column in dates:
        present = series.dropna()
        if len(present):
            firsts.append((present.min(), table, column))
            lasts.append(present.max())
    if firsts:
        first, table, column = min(firsts, key=lambda x: x[0])
        if end < first.normalize():
            raise ValueError(
                f"argument '{name}' ({_fmt(end)}) is before the first date of the data "
                f"({_fmt(first.normalize())}, column '{column}' of table '{table}'), so nothing "
                f"is observed by then; pass a day from {_fmt(first.normalize())} to "
                f"{_fmt(max(lasts).normalize())}."
            )
    return end


def check_ax(ax: object, name: str = "ax") -> object:
    """Check a figure's ``ax`` argument: ``None`` or one matplotlib Axes.

    >>> check_ax(None) is None
    True
    >>> check_ax("left")
    Traceback (most recent call last):
    ...
    TypeError: argument 'ax' must be one matplotlib Axes (e.g. fig, ax = plt.subplots()) or None for a new figure, but is the str 'left'.
    """
    if ax is None:
        return None
    import matplotlib.axes
    import matplotlib.figure

    if isinstance(ax, matplotlib.axes.Axes):
        return ax
    if isinstance(ax, (matplotlib.figure.Figure, matplotlib.figure.SubFigure)):
        pick = "fig.axes[0]" if ax.axes else "fig.add_subplot()"
        raise TypeError(
            f"argument '{name}' must be one matplotlib Axes but is a Figure; pass one of its "
            f"Axes: {name}={pick}."
        )
    if isinstance(ax, (np.ndarray, list, tuple)):
        arr = np.asarray(ax, dtype=object)
        if arr.size and all(isinstance(a, matplotlib.axes.Axes) for a in arr.ravel()):
            index = ", ".join("0" for _ in range(arr.ndim))
            raise TypeError(
                f"argument '{name}' must be one matplotlib Axes but is {arr.size} Axes "
                f"(shape {arr.shape}, as plt.subplots(...) returns for a grid); pass one of "
                f"them, e.g. {name}=axes[{index}]."
            )
    raise TypeError(
        f"argument '{name}' must be one matplotlib Axes (e.g. fig, ax = plt.subplots()) or "
        f"None for a new figure, but is {_kind(ax)}."
    )


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

    Keys are compared exactly. A key that would match after trimming spaces or unifying
    letter forms, or after turning a number into text, is named with that fix.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["C1", "C9"]})
    >>> check_known(orders["customer_id"], ["C1", "C2"], column="customer_id",
    ...             table="order_lines", other="customers")
    Traceback (most recent call last):
    ...
    ValueError: column 'customer_id' in table 'order_lines' has 1 value(s) not found in table 'customers' (e.g. 'C9' in row 1); pass the full customers table.
    """
    known_index = pd.Index(known)
    bad = ~keys.isin(known_index)
    if not bad.any():
        return
    pos = int(np.argmax(bad.to_numpy()))
    value = keys.iloc[pos]
    known_text = pd.Index(
        [clean_label(k) if isinstance(k, str) else str(k) for k in known_index[:200_000]]
    )
    hint = fix or f"pass the full {other} table"
    cleaned = clean_label(value) if isinstance(value, str) else str(value)
    if cleaned in known_text:
        if not isinstance(value, str) or not all(isinstance(k, str) for k in known_index[:50]):
            hint = (
                f"the keys are numbers in one table and text in the other; make both text, "
                f"e.g. {_assign(table, column, f'{_col_code(table, column)}.astype(str)')}"
            )
        else:
            hint = (
                f"{value!r} matches {cleaned!r} of table '{other}' but for spaces or letter "
                f"forms: keys must match exactly, so clean them with "
                f"{_assign(table, column, f'crmkit.data.clean_labels({_col_code(table, column)})')}"
            )
    raise ValueError(
        f"column '{column}' in table '{table}' has {int(bad.sum())} value(s) not found in "
        f"table '{other}' (e.g. {_short(value)} in row {_fmt(keys.index[pos])}); {hint}."
    )
