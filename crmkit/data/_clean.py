"""Preparing your own data for the kit: numbers, dates and labels written as people write them.

The kit's functions refuse text where they need numbers or dates and say which call fixes
it; these are those calls. Each returns a new Series and never modifies its input.
"""

from __future__ import annotations

import pandas as pd

from .._validate import group_labels, parse_date_values, parse_number_values

__all__ = ["parse_numbers", "parse_dates", "clean_labels"]


def parse_numbers(values: pd.Series, *, errors: str = "raise") -> pd.Series:
    """Numbers written as text, also with Persian or Arabic-Indic digits, as numbers.

    Parameters
    ----------
    values : pandas.Series
        Text such as ``'12'``, ``'۱۲'`` (Persian digits), ``'١٢'`` (Arabic-Indic digits) or
        ``'٣٫٥'`` (with the Arabic decimal separator). Numbers are returned as they are.
    errors : {'raise', 'coerce'}, default 'raise'
        What to do with text that is not a number (``'N/A'``, ``'-'``): raise a
        ``ValueError`` naming the row, or make it a missing value. Empty cells are always
        missing values.

    Returns
    -------
    pandas.Series
        The numbers (int64 when all are whole and none is missing, else float64), with the
        index and name of ``values``.

    Raises
    ------
    ValueError
        With ``errors='raise'``, if a value is not a number.

    Notes
    -----
    Digits ``۰-۹`` (U+06F0-U+06F9) and ``٠-٩`` (U+0660-U+0669) are read as 0-9, ``٫``
    (U+066B) as the decimal point, ``٬`` (U+066C) is dropped as a thousands separator and
    ``−`` (U+2212) is a minus sign; then :func:`pandas.to_numeric` reads the text. Unlike
    ``pd.to_numeric`` alone, this works on Persian digits.

    Examples
    --------
    >>> import pandas as pd
    >>> parse_numbers(pd.Series(["۹", "۱۰", "٧"])).tolist()
    [9, 10, 7]
    >>> parse_numbers(pd.Series(["4", "N/A", ""]), errors="coerce").tolist()
    [4.0, nan, nan]
    """
    return parse_number_values(values, errors=errors, name="values")


def parse_dates(
    values: pd.Series,
    *,
    order: str | None = None,
    calendar: str = "gregorian",
    errors: str = "raise",
) -> pd.Series:
    """Dates written as text, by the kit's rules, as naive ``datetime64[ns]``.

    Parameters
    ----------
    values : pandas.Series
        Text dates (with Latin, Persian or Arabic-Indic digits, an optional time
        ``HH:MM[:SS]``), Python dates or timestamps. Empty cells and missing values
        become NaT.
    order : {None, 'YMD', 'DMY', 'MDY'}, default None
        How numeric dates are written. ``None`` (or ``'YMD'``) accepts only year-first
        dates (``'2024-12-31'``, ``'2024/12/31'``), which cannot be misread; ``'DMY'``
        reads ``'01/02/2023'`` as 1 February, ``'MDY'`` as 2 January. Year-first dates are
        accepted with every order. Dates with the month's name (``'31 Dec 2024'``) are
        always accepted.
    calendar : {'gregorian', 'jalali'}, default 'gregorian'
        ``'jalali'`` reads the dates in the Persian solar (Jalali) calendar and converts
        them to Gregorian days with the ``persiantools`` package (years 1200-1499).
    errors : {'raise', 'coerce'}, default 'raise'
        What to do with a value that cannot be read: raise a ``ValueError`` naming the row
        and why, or make it NaT.

    Returns
    -------
    pandas.Series
        ``datetime64[ns]`` without a time zone, with the index and name of ``values``.

    Raises
    ------
    ValueError
        With ``errors='raise'``, if a value cannot be read: a day/month-first date without
        ``order``, a Jalali year without ``calendar='jalali'``, a two-digit year, a day
        that does not exist (``'2024-02-30'``, ``'1403/12/31'``), a time-zone offset, or
        text that is not a date. Also if ``values`` is zone-aware.

    Notes
    -----
    A Jalali year is told from a Gregorian one by its size: CRM records have Gregorian
    years from 1900 on and Jalali years 13xx or 14xx (1403 is March 2024 to March 2025),
    so the two never overlap. The kit's dates carry no time zone: convert zone-aware data
    with ``.dt.tz_convert('Asia/Tehran').dt.tz_localize(None)`` first.

    Examples
    --------
    >>> import pandas as pd
    >>> parse_dates(pd.Series(["2024-01-05", "۲۰۲۴/۰۲/۰۱"])).dt.strftime("%Y-%m-%d").tolist()
    ['2024-01-05', '2024-02-01']
    >>> parse_dates(pd.Series(["01/02/2023"]), order="DMY").dt.strftime("%Y-%m-%d").tolist()
    ['2023-02-01']
    >>> jalali = pd.Series(["1402/10/11"])
    >>> parse_dates(jalali, calendar="jalali").dt.strftime("%Y-%m-%d").tolist()  # doctest: +SKIP
    ['2024-01-01']
    >>> parse_dates(pd.Series(["01/02/2023"]))
    Traceback (most recent call last):
    ...
    ValueError: values has 1 value(s) that cannot be read as dates: '01/02/2023' in row 0 puts the day and the month first, so it is '2023-02-01' or '2023-01-02' depending on which comes first; pass order='DMY' or order='MDY'.
    """
    return parse_date_values(values, order=order, calendar=calendar, errors=errors, name="values")


def clean_labels(values: pd.Series) -> pd.Series:
    """Labels with one spelling each: Persian letter forms, spaces and ZWNJs made consistent.

    Parameters
    ----------
    values : pandas.Series
        Labels (segments, cities, causes ...). Values that are not text are kept.

    Returns
    -------
    pandas.Series
        The cleaned labels, with the index, name and (categorical) dtype of ``values``: the
        labels every crmkit function groups by.

    Notes
    -----
    Each label is normalised (Unicode NFKC), Arabic ي ى ك become Persian ی ک, invisible
    marks (tatweel, zero-width space and joiner, bidi marks) are dropped, runs of spaces
    become one space and the ends are stripped; labels that then differ only by a
    zero-width non-joiner (ZWNJ, as in ``'می‌خواهم'`` against ``'میخواهم'``) become the
    spelling with the ZWNJ. See :func:`crmkit._validate.clean_label`.

    Examples
    --------
    >>> import pandas as pd
    >>> labels = pd.Series(["تهران", " تهران", "كيان", "کیان"])
    >>> clean_labels(labels).nunique()
    2
    >>> clean_labels(pd.Series(["web ", "web"])).tolist()
    ['web', 'web']
    """
    if not isinstance(values, pd.Series):
        raise TypeError(
            f"argument 'values' must be a pandas Series (a column, e.g. customers['segment']) "
            f"but is a {type(values).__name__}."
        )
    return group_labels(values)
