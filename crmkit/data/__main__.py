"""Command line: ``python -m crmkit.data generate --seed 42 --customers 2000 --out DIR``.

Exit codes: 0 on success, 2 on a bad argument or when files would be overwritten without
``--force`` (the error is one line on stderr).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

PROGRESS_FROM = 20_000  # show a progress bar from this many customers on


class _ArgumentError(Exception):
    """A bad command-line argument (reported as one line, exit code 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line instead of usage + message
        raise _ArgumentError(message)


def _folder(text: str) -> Path:
    """--out: a non-empty folder name (an empty one would write into the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "is empty; name the folder to write into, e.g. --out my_data"
        )
    return Path(text)


def _check_out(out: Path, *, force: bool) -> str | None:
    """Why the tables cannot be written to ``out`` (checked before generating), or None."""
    from . import TABLES

    if out.exists() and not out.is_dir():
        return f"--out {out} is a file, not a folder"
    existing = [out / f"{name}.csv" for name in TABLES if (out / f"{name}.csv").exists()]
    if existing and not force:
        return (
            f"{existing[0]} already exists ({len(existing)} of {len(TABLES)} files); "
            "pass --force to overwrite."
        )
    parent = out
    while not parent.exists():
        if parent.parent == parent:
            break
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        return f"--out {out} cannot be a folder: {parent} is a file"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"--out {out}: no permission to write in {parent}"
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        return f"--out {out}: cannot write there ({exc.strerror or exc})"
    finally:
        if created and out.is_dir() and not any(out.iterdir()):
            out.rmdir()  # made only to try: generation has not started yet
    return None


def _parser() -> argparse.ArgumentParser:
    from . import LOCALES

    parser = _Parser(
        prog="python -m crmkit.data",
        description="Generate Caspian Home's CRM tables as UTF-8 CSV files.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    gen = sub.add_parser("generate", help="generate the tables into a folder")
    gen.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    gen.add_argument(
        "--customers", type=int, default=2000, help="number of customers (default 2000)"
    )
    gen.add_argument(
        "--locale", default="en_US", help=f"one of {', '.join(LOCALES)} (default en_US)"
    )
    gen.add_argument("--out", required=True, type=_folder, help="folder to write into")
    gen.add_argument("--force", action="store_true", help="overwrite existing files")
    gen.add_argument(
        "--progress",
        choices=("auto", "on", "off"),
        default="auto",
        help=f"progress bar (auto: from {PROGRESS_FROM:,} customers on)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 on a bad argument or a refused overwrite.

    Examples
    --------
    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> main(["generate", "--customers", "50", "--seed", "3", "--out", out])
    wrote 11 tables (50 customers, seed 3, en_US) to ...
    0
    >>> main(["generate", "--customers", "50", "--out", out])  # refuses: files exist
    2
    """
    from . import _check_args, generate, save

    def fail(message: str) -> int:
        print(f"crmkit-data: error: {message}", file=sys.stderr)
        return 2

    try:
        args = _parser().parse_args(argv)
    except _ArgumentError as exc:
        return fail(str(exc))
    try:
        seed, n_customers, locale = _check_args(args.seed, args.customers, args.locale)
    except (TypeError, ValueError) as exc:
        message = str(exc)
        for name, option in (
            ("n_customers", "--customers"),
            ("seed", "--seed"),
            ("locale", "--locale"),
        ):
            message = message.replace(f"argument '{name}'", option)
        return fail(message)
    out: Path = args.out
    problem = _check_out(out, force=args.force)
    if problem:
        return fail(problem)
    progress = args.progress == "on" or (args.progress == "auto" and n_customers >= PROGRESS_FROM)
    tables = generate(seed=seed, n_customers=n_customers, locale=locale, progress=progress)
    try:
        save(tables, out, force=args.force)
    except OSError as exc:  # the folder was checked, but the disk can still fill up
        return fail(f"--out {out}: cannot write the files ({exc.strerror or exc})")
    print(f"wrote {len(tables)} tables ({n_customers:,} customers, seed {seed}, {locale}) to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
