"""Benchmark: crmkit.value.rfm_summary on >= 1 million order lines.

Compares, in one process and on the same data:

(a) ``crmkit.value.rfm_summary`` (vectorised: one sort and a few ``reduceat`` calls);
(b) a straightforward per-customer reference: split the lines by customer and compute
    each customer's recency, frequency, monetary value and tenure in a Python loop;
(c) ``lifetimes.utils.summary_data_from_transaction_data`` (lifetimes 0.11.3), if it
    imports, with lifetimes's conventions on both sides: repeat purchases only, the mean
    value of repeat purchases, same-day purchases merged (``order=None``).

Results are asserted identical (same customers, frequencies equal, times and values equal
to 1e-9 relative: float sums in another order differ in the last bits) before anything is
timed. Times are the best of ``--repeats`` runs (time.perf_counter); peak memory is the
tracemalloc peak of one further run. The reference loop is timed on the first
``--subset`` customers and scaled linearly to all customers (its cost is one iteration
per customer).

Run (lifetimes is not a crmkit dependency, so it lives in a separate venv)::

    python3.11 -m venv /tmp/benchvenv_value
    /tmp/benchvenv_value/bin/pip install -e . -r benchmarks/requirements-compare.txt
    /tmp/benchvenv_value/bin/python benchmarks/bench_rfm.py

With the project's own venv (``.venv/bin/python benchmarks/bench_rfm.py``) part (c) is
reported as unavailable. The script prints a markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
import pandas as pd

from crmkit.value import rfm_summary

START = np.datetime64("2022-01-01")
END = "2024-12-31"
N_DAYS = 1096  # 2022-01-01 .. 2024-12-31


def make_lines(n_customers: int, n_lines: int, seed: int) -> pd.DataFrame:
    """Order lines in the kit's schema (order_id, customer_id, order_date, revenue).

    Customers differ in how often they buy (gamma weights); an order has 1 + Poisson(1.5)
    lines; dates are uniform over 2022-2024; line revenue is lognormal, in cents.
    """
    rng = np.random.default_rng(seed)
    n_orders = int(n_lines / 2.5 * 1.02)
    weight = rng.gamma(0.8, 1.0, n_customers)
    cust = rng.choice(n_customers, size=n_orders, p=weight / weight.sum())
    day = rng.integers(0, N_DAYS, n_orders)
    order_key = np.lexsort((cust, day))  # order ids in date order
    cust, day = cust[order_key], day[order_key]
    per_order = 1 + rng.poisson(1.5, n_orders)
    line_order = np.repeat(np.arange(n_orders), per_order)
    revenue = np.round(rng.lognormal(4.0, 0.9, line_order.size), 2)
    return pd.DataFrame(
        {
            "order_id": pd.array([f"O{k:07d}" for k in line_order], dtype="string"),
            "customer_id": pd.array([f"C{c:06d}" for c in cust[line_order]], dtype="string"),
            "order_date": (START + day[line_order]).astype("datetime64[ns]"),
            "revenue": revenue,
        }
    )


def reference_rfm(lines: pd.DataFrame, end: str) -> pd.DataFrame:
    """Straightforward per-customer RFM: a Python loop over customers.

    Same conventions as ``rfm_summary(lines, observation_end=end)``: purchases are orders
    (lines added up), recency and tenure in days to the observation end, frequency counts
    every order, monetary is the mean order value.
    """
    end_ts = pd.Timestamp(end)
    rows = []
    for cid, g in lines.groupby("customer_id", sort=True):
        order_value: dict[str, float] = {}
        order_day: dict[str, pd.Timestamp] = {}
        for oid, day, rev in zip(g["order_id"], g["order_date"], g["revenue"], strict=True):
            order_value[oid] = order_value.get(oid, 0.0) + rev
            order_day[oid] = day
        first = min(order_day.values())
        last = max(order_day.values())
        n = len(order_value)
        rows.append(
            (
                cid,
                (end_ts - last) / pd.Timedelta(days=1),
                n,
                sum(order_value.values()) / n,
                (end_ts - first) / pd.Timedelta(days=1),
            )
        )
    out = pd.DataFrame(rows, columns=["customer_id", "recency", "frequency", "monetary", "tenure"])
    return out.set_index("customer_id")


def best_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def peak_mib(fn: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def assert_same(ours: pd.DataFrame, theirs: pd.DataFrame, pairs: dict[str, str]) -> None:
    assert ours.index.astype(str).tolist() == theirs.index.astype(str).tolist(), "customers"
    for a, b in pairs.items():
        np.testing.assert_allclose(
            ours[a].to_numpy(dtype=float), theirs[b].to_numpy(dtype=float), rtol=1e-9, atol=1e-9
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--subset", type=int, default=2_000, help="customers for the loop")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    lines = make_lines(args.customers, args.lines, args.seed)
    assert len(lines) >= args.lines, f"only {len(lines)} lines"
    n_cust = lines["customer_id"].nunique()
    n_orders = lines["order_id"].nunique()
    print(f"data: {len(lines):,} order lines, {n_orders:,} orders, {n_cust:,} customers")
    print(f"python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}")

    # (a) against (b): identical on the subset first, then timed
    ours = rfm_summary(lines, observation_end=END)
    keep_ids = ours.index[: args.subset]
    subset = lines[lines["customer_id"].isin(keep_ids)]
    ref = reference_rfm(subset, END)
    assert_same(
        ours.loc[keep_ids],
        ref,
        {c: c for c in ("recency", "frequency", "monetary", "tenure")},
    )
    ours_sub = rfm_summary(subset, observation_end=END)
    assert_same(ours_sub, ref, {c: c for c in ("recency", "frequency", "monetary", "tenure")})
    print(f"(a) == (b) on {len(keep_ids):,} customers ({len(subset):,} lines): identical")

    t_a = best_time(lambda: rfm_summary(lines, observation_end=END), args.repeats)
    m_a = peak_mib(lambda: rfm_summary(lines, observation_end=END))
    t_a_sub = best_time(lambda: rfm_summary(subset, observation_end=END), args.repeats)
    t_b_sub = best_time(lambda: reference_rfm(subset, END), 1)
    m_b_sub = peak_mib(lambda: reference_rfm(subset, END))
    t_b = t_b_sub * n_cust / len(keep_ids)

    rows = [
        ("(a) crmkit rfm_summary, all lines", t_a, m_a, "1"),
        (
            f"(b) per-customer loop, {len(keep_ids):,} customers",
            t_b_sub,
            m_b_sub,
            f"{t_b_sub / t_a_sub:.0f}x (a) on the same subset ({t_a_sub * 1000:.1f} ms)",
        ),
        ("(b) scaled to all customers", t_b, float("nan"), f"{t_b / t_a:.0f}x"),
    ]

    # (c) lifetimes, if it imports here
    try:
        import lifetimes
        from lifetimes.utils import summary_data_from_transaction_data
    except Exception as err:
        print(f"(c) lifetimes unavailable: {type(err).__name__}: {err}")
    else:
        no_id = lines.drop(columns="order_id")

        def theirs() -> pd.DataFrame:
            return summary_data_from_transaction_data(
                no_id, "customer_id", "order_date", "revenue", observation_period_end=END
            )

        def ours_lt() -> pd.DataFrame:
            return rfm_summary(no_id, order=None, observation_end=END, frequency="repeat")

        a, b = ours_lt(), theirs().sort_index()
        a = a.assign(lt_recency=a["tenure"] - a["recency"])
        assert_same(
            a,
            b,
            {
                "frequency": "frequency",
                "lt_recency": "recency",
                "tenure": "T",
                "monetary": "monetary_value",
            },
        )
        print(f"(c) lifetimes {lifetimes.__version__} == crmkit(order=None, repeat): identical")
        t_c = best_time(theirs, args.repeats)
        m_c = peak_mib(theirs)
        t_a2 = best_time(ours_lt, args.repeats)
        m_a2 = peak_mib(ours_lt)
        rows += [
            ("(a') crmkit, lifetimes conventions", t_a2, m_a2, "1"),
            (f"(c) lifetimes {lifetimes.__version__}", t_c, m_c, f"{t_c / t_a2:.1f}x (a')"),
        ]

    print()
    print("| run | time (s) | peak memory (MiB) | ratio |")
    print("|---|---:|---:|---|")
    for name, t, m, ratio in rows:
        mem = "-" if np.isnan(m) else f"{m:.0f}"
        print(f"| {name} | {t:.3f} | {mem} | {ratio} |")
    print(f"\ncommand: {sys.executable} {' '.join(sys.argv)}")


if __name__ == "__main__":
    main()
