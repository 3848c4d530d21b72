"""The fictional company's CRM data: generate it with planted truths, or load the saved copy.

Caspian Home is a home-goods retailer that opened on 2022-01-01; its CRM extract covers
2022-2024 (see ``data/README.md``, the data card, for every table and column).

- :func:`generate` builds all tables from a seed (numpy for numbers, Faker for names).
- :func:`load` and :func:`load_all` read the committed default dataset (seed 42, 2,000
  customers, ``en_US``) or any folder written by ``python -m crmkit.data generate``.
- :data:`PLANTED` holds the truths built into the model, for lecturers and tests.

``import crmkit.data`` imports neither Faker nor tqdm; they are loaded when needed.

Examples
--------
>>> from crmkit import data
>>> tables = data.generate(seed=1, n_customers=50)
>>> sorted(tables) == sorted(data.TABLES)
True
>>> data.load("customers").shape
(2000, 11)
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .._validate import check_choice, check_columns_exist, check_frame, check_number
from ._overview import overview
from ._planted import (
    CAMPAIGN_1_START,
    CAMPAIGN_2_START,
    CRM_LAUNCH,
    LOYALTY_LAUNCH,
    OBSERVATION_END,
    OBSERVATION_START,
    PLANTED,
    PROCESS_CHANGE,
    WAVE_1_START,
    WAVE_2_START,
    Planted,
)
from ._schema import CATEGORIES, TABLES, TIMESTAMP_COLUMNS

__all__ = [
    "generate",
    "load",
    "load_all",
    "save",
    "overview",
    "TABLES",
    "PLANTED",
    "Planted",
    "DATA_DIR",
    "LOCALES",
    "OBSERVATION_START",
    "OBSERVATION_END",
    "CRM_LAUNCH",
    "LOYALTY_LAUNCH",
    "PROCESS_CHANGE",
    "WAVE_1_START",
    "WAVE_2_START",
    "CAMPAIGN_1_START",
    "CAMPAIGN_2_START",
]

#: The folder of the committed default dataset (``data/`` at the top of the repository).
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
#: Locales of the identity fields (names, cities, phone numbers).
LOCALES = ("en_US", "fa_IR", "ru_RU")
#: Fewest customers :func:`generate` accepts.
MIN_CUSTOMERS = 10


def _check_args(seed: object, n_customers: object, locale: object) -> tuple[int, int, str]:
    seed = check_number(seed, "seed", lo=0, integer=True, why="seeds are whole numbers >= 0")
    n_customers = check_number(
        n_customers,
        "n_customers",
        lo=MIN_CUSTOMERS,
        integer=True,
        why=f"the model needs at least {MIN_CUSTOMERS} customers",
    )
    check_choice(locale, "locale", LOCALES)
    return int(seed), int(n_customers), str(locale)


def generate(
    seed: int = 42,
    n_customers: int = 2000,
    locale: str = "en_US",
    progress: bool = False,
    planted: Planted | None = None,
) -> dict[str, pd.DataFrame]:
    """Generate Caspian Home's CRM tables from a seed.

    Parameters
    ----------
    seed : int, default 42
        Seed of every random number (``numpy.random.SeedSequence(seed)``) and of Faker
        (``Faker(locale).seed_instance(seed)``). The same seed gives identical tables.
    n_customers : int, default 2000
        Number of customers (at least 10). 2,000 customers give about 40,000 order lines.
    locale : {'en_US', 'fa_IR', 'ru_RU'}, default 'en_US'
        Language of names, cities and phone numbers. Every number and date is the same in
        every locale for the same seed; money is always in US dollars.
    progress : bool, default False
        Show a tqdm progress bar over the generation stages.
    planted : Planted, optional
        The truths to build into the data; ``None`` (default) uses :data:`PLANTED`. Pass
        a changed copy to see the same company in another world: with the same seed,
        ``dataclasses.replace(PLANTED, loyalty_churn_hr=1.0)`` gives the same customers
        (traits, signups, who wants to join the programme) with a programme that no
        longer lowers churn, so comparing the two datasets shows the programme's true
        effect (notebook 07). Every random draw comes from the same seeded streams, so
        what the change does not touch stays the same, or is redrawn from the same
        distribution where it depends on the change (orders of customers who now churn
        at another time).

    Returns
    -------
    dict of str to pandas.DataFrame
        One DataFrame per table of :data:`TABLES`, with the columns in the contract's order
        and dtypes: keys and text as pandas ``string``, labels as ``category``, dates as
        ``datetime64[ns]``, flags as ``bool``, counts as ``int64``, money as ``float64``
        rounded to cents.

    Raises
    ------
    TypeError
        If ``seed`` or ``n_customers`` is not a whole number, or ``planted`` is not a
        :class:`Planted`.
    ValueError
        If ``seed`` is negative, ``n_customers`` is below 10 or ``locale`` is unknown.

    Notes
    -----
    The generating model and its planted truths (:data:`PLANTED`) are described in the
    data card, ``data/README.md``. No wall-clock time enters the data.

    Examples
    --------
    >>> from crmkit.data import generate
    >>> tables = generate(seed=7, n_customers=50)
    >>> tables["customers"].shape
    (50, 11)
    >>> list(tables["order_lines"].columns[:4])
    ['order_id', 'line_no', 'customer_id', 'order_date']
    >>> fa = generate(seed=7, n_customers=50, locale="fa_IR")
    >>> fa["order_lines"].equals(tables["order_lines"])
    True
    >>> generate(n_customers=5)
    Traceback (most recent call last):
    ...
    ValueError: argument 'n_customers' must be at least 10 but is 5; the model needs at least 10 customers.

    The same company without the loyalty programme's effect on churn:

    >>> import dataclasses
    >>> no_effect = dataclasses.replace(PLANTED, loyalty_churn_hr=1.0)
    >>> without = generate(seed=7, n_customers=50, planted=no_effect)
    >>> without["customers"]["signup_date"].equals(tables["customers"]["signup_date"])
    True
    >>> generate(seed=7, n_customers=50, planted={"loyalty_churn_hr": 1.0})
    Traceback (most recent call last):
    ...
    TypeError: argument 'planted' must be a crmkit.data.Planted (e.g. dataclasses.replace(crmkit.data.PLANTED, loyalty_churn_hr=1.0)) or None but is the dict {'loyalty_churn_hr': 1.0}.
    """
    seed, n_customers, locale = _check_args(seed, n_customers, locale)
    check_choice(progress, "progress", [True, False])
    if planted is None:
        planted = PLANTED
    elif not isinstance(planted, Planted):
        raise TypeError(
            f"argument 'planted' must be a crmkit.data.Planted (e.g. dataclasses.replace("
            f"crmkit.data.PLANTED, loyalty_churn_hr=1.0)) or None but is the "
            f"{type(planted).__name__} {planted!r}."
        )
    from ._generate import generate_tables

    if not progress:
        return generate_tables(seed, n_customers, locale, planted=planted)
    from tqdm.auto import tqdm

    with tqdm(total=12, desc=f"crmkit.data ({n_customers:,} customers)", unit="step") as bar:

        def step(name: str) -> None:
            bar.set_postfix_str(name)
            bar.update(1)

        return generate_tables(seed, n_customers, locale, step=step, planted=planted)


def _check_name(name: object) -> str:
    if not isinstance(name, str) or name not in TABLES:
        shown = ", ".join(repr(t) for t in TABLES)
        raise ValueError(f"unknown table {name!r}; the tables are {shown}.")
    return name


def load(name: str, path: str | Path | None = None) -> pd.DataFrame:
    """Load one table as a typed DataFrame.

    Parameters
    ----------
    name : str
        The table's name, one of :data:`TABLES` ('customers', 'order_lines', ...).
    path : str or pathlib.Path, optional
        The folder holding ``<name>.csv``; by default :data:`DATA_DIR`, the committed
        dataset (seed 42, 2,000 customers, ``en_US``).

    Returns
    -------
    pandas.DataFrame
        The table with the dtypes of the data contract (the same as :func:`generate`).

    Raises
    ------
    ValueError
        If ``name`` is not a table of the contract.
    FileNotFoundError
        If the folder has no ``<name>.csv``.

    Examples
    --------
    >>> from crmkit.data import load
    >>> customers = load("customers")
    >>> customers["signup_date"].dtype
    dtype('<M8[ns]')
    >>> load("clients")
    Traceback (most recent call last):
    ...
    ValueError: unknown table 'clients'; the tables are 'customers', 'products', ...
    """
    name = _check_name(name)
    folder = DATA_DIR if path is None else Path(path)
    file = folder / f"{name}.csv"
    if not file.is_file():
        raise FileNotFoundError(
            f"no file {file}; generate the data with "
            f"'python -m crmkit.data generate --out {folder}'."
        )
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
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601").astype("datetime64[ns]")
    for (table, column), labels in CATEGORIES.items():
        if table == name:
            frame[column] = pd.Categorical(frame[column].astype(object), categories=list(labels))
    return frame[list(columns)]


def load_all(path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Load every table (see :func:`load`) into a dict keyed by table name.

    Parameters
    ----------
    path : str or Path, optional
        A folder written by :func:`save` or ``python -m crmkit.data generate``; by default
        the committed dataset in ``data/``.

    Returns
    -------
    dict of str to pandas.DataFrame
        Every table of :data:`TABLES`, typed, in the schema's order.

    Raises
    ------
    FileNotFoundError
        If a table's CSV file is missing from ``path``.

    Examples
    --------
    >>> from crmkit.data import load_all
    >>> tables = load_all()
    >>> len(tables["customers"])
    2000
    """
    return {name: load(name, path) for name in TABLES}


def save(tables: dict[str, pd.DataFrame], path: str | Path, force: bool = False) -> list[Path]:
    """Write tables as UTF-8 CSV files ``<path>/<table>.csv`` (ISO dates, no index).

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        Output of :func:`generate`.
    path : str or pathlib.Path
        Folder to write into (created if missing).
    force : bool, default False
        Overwrite existing files. Without it, nothing is written if any file exists.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    FileExistsError
        If a file exists and ``force`` is False.

    Examples
    --------
    >>> import tempfile
    >>> from crmkit.data import generate, load, save
    >>> folder = tempfile.mkdtemp()
    >>> files = save(generate(n_customers=50), folder)
    >>> load("products", folder).shape
    (120, 5)
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"argument 'path' must be a folder name (str or pathlib.Path) but is the "
            f"{type(path).__name__} {path!r}."
        )
    folder = Path(path)
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        _check_name(unknown[0])
    for name, frame in tables.items():
        # Same columns as the schema, so load() can read the files back.
        check_frame(frame, name, {}, min_rows=0)
        check_columns_exist(frame, name, TABLES[name])
    files = [folder / f"{name}.csv" for name in tables]
    existing = [f for f in files if f.exists()]
    if existing and not force:
        raise FileExistsError(
            f"{existing[0]} already exists ({len(existing)} of {len(files)} files); "
            f"pass force=True (--force) to overwrite."
        )
    folder.mkdir(parents=True, exist_ok=True)
    for (name, frame), file in zip(tables.items(), files, strict=True):
        out = frame.copy()
        stamps = TIMESTAMP_COLUMNS.get(name, ())
        for column, dtype in TABLES[name].items():
            if dtype.startswith("datetime64"):
                fmt = "%Y-%m-%d %H:%M:%S" if column in stamps else "%Y-%m-%d"
                out[column] = out[column].dt.strftime(fmt)
        out.to_csv(file, index=False, encoding="utf-8", lineterminator="\n")
    return files
