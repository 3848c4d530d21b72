"""Benchmark: vectorised ``crmkit.data.generate`` against a row-by-row Faker baseline.

Run from the repository root::

    .venv/bin/python benchmarks/bench_generate.py            # 100,000 customers
    .venv/bin/python benchmarks/bench_generate.py --customers 20000 --sample 1000

One run times (1) ``generate(n_customers=N)``, all eleven tables, and (2) a row-by-row
baseline written the way a first version usually is: a Python loop over customers that
calls Faker for each name, city and phone number, draws the latent traits, the churn
month and the orders with the ``random`` module, and appends one dict per order line.
The baseline produces the same columns of the two biggest tables (``customers`` and
``order_lines``) from the same model, so it does *less* work than ``generate``. It is
timed on ``--sample`` customers and scaled linearly to N (its cost is linear in the
number of customers: every loop is per customer, per month or per order line). Its fixed
set-up (the Faker instance and the product catalogue, which it takes from ``generate``) is
timed once and not scaled: scaling it too would credit the baseline with fifty catalogues.

Timing is wall-clock and CPU time (``time.process_time``; less sensitive to other jobs on
a shared machine). Peak memory of the vectorised run: the process's maximum resident set
size (``ru_maxrss``) right after it, since it is the first large allocation of the run.
Peak memory of the baseline: tracemalloc's peak on a quarter of the sample, scaled (traced
separately because tracemalloc slows allocation-heavy Python code several-fold).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import resource
import sys
import time
import tracemalloc

import pandas as pd

from crmkit.data import _generate as model
from crmkit.data import generate


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: the usual hand-written Poisson draw."""
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def baseline_setup(seed: int = 42, locale: str = "en_US") -> tuple[object, pd.DataFrame]:
    """The baseline's fixed cost: a seeded Faker instance and the product catalogue."""
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake, generate(seed, 10, locale)["products"]  # the same catalogue


def baseline(
    n_customers: int,
    seed: int = 42,
    locale: str = "en_US",
    setup: tuple[object, pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame]:
    """Row-by-row generation of ``customers`` and ``order_lines`` (same columns)."""
    fake, products = setup if setup is not None else baseline_setup(seed, locale)
    rng = random.Random(seed)
    product_ids = list(products["product_id"])
    prices = list(products["unit_price"])
    costs = list(products["unit_cost"])
    weights = [1.0] * len(product_ids)
    segments = list(model.SEGMENTS)
    month_starts = [int(d) for d in model.MONTH_START_DAY]
    start = dt.date(2022, 1, 1)
    customers, lines = [], []
    order_no = 0
    for i in range(n_customers):
        segment = rng.choices(range(3), weights=list(model.SEGMENT_SHARE))[0]
        signup = rng.randrange(model.N_DAYS)
        acq = rng.choices(range(5), weights=list(model.ACQ_SHARE))[0]
        sat, trust, bond = rng.gauss(0, 1), rng.gauss(0, 1), rng.gauss(0, 1)
        engagement, price_sens = rng.gauss(0, 1), rng.gauss(0, 1)
        member = rng.random() < 1 / (1 + math.exp(1.0 - 2.0 * engagement))
        hazard = 0.022 * math.exp(-0.45 * sat - 0.55 * trust - 0.25 * bond - 0.5 * engagement)
        rate = model.ORDER_RATE[segment] * math.exp(0.7 * engagement - 0.245)
        customers.append(
            {
                "customer_id": f"C{i + 1:05d}",
                "name": fake.name(),
                "city": fake.city(),
                "phone": fake.phone_number(),
                "signup_date": start + dt.timedelta(days=signup),
                "acquisition_channel": model.ACQ_CHANNELS[acq],
                "acquisition_cost": round(model.ACQ_COST[acq] * rng.lognormvariate(0, 0.3), 2),
                "segment": segments[segment],
                "est_annual_wallet": round(12 * rate * 170 / 0.4, -1),
                "loyalty_member": member,
                "loyalty_join_date": (
                    start + dt.timedelta(days=max(signup, 365)) if member else None
                ),
            }
        )
        deal = price_sens > model.DEAL_SEEKER_Z
        for m in range(36):
            lo, hi = max(month_starts[m], signup), month_starts[m + 1]
            if hi <= lo:
                continue
            if rng.random() < hazard:  # churned this month
                break
            for _ in range(_poisson(rng, rate * model.SEASON[m % 12] * (hi - lo) / 30.4)):
                order_no += 1
                day = rng.randrange(lo, hi)
                channel = rng.choice(model.SALES_CHANNELS)
                discount = 0.0
                if rng.random() < (0.9 if deal else 0.15):
                    discount = round(
                        0.05 * (5 + rng.randrange(2) if deal else 1 + rng.randrange(3)), 2
                    )
                for line_no in range(1, 2 + _poisson(rng, model.EXTRA_LINES[segment])):
                    p = rng.choices(range(len(product_ids)), weights=weights)[0]
                    qty = 1 + _poisson(rng, model.EXTRA_UNITS[segment])
                    lines.append(
                        {
                            "order_id": f"O{order_no:07d}",
                            "line_no": line_no,
                            "customer_id": f"C{i + 1:05d}",
                            "order_date": start + dt.timedelta(days=day),
                            "channel": channel,
                            "product_id": product_ids[p],
                            "quantity": qty,
                            "unit_price": prices[p],
                            "discount": discount,
                            "revenue": round(qty * prices[p] * (1 - discount), 2),
                            "cost": round(qty * costs[p], 2),
                        }
                    )
    customers, lines = pd.DataFrame(customers), pd.DataFrame(lines)
    for frame, column in (
        (customers, "signup_date"),
        (customers, "loyalty_join_date"),
        (lines, "order_date"),
    ):
        frame[column] = pd.to_datetime(frame[column])
    return {"customers": customers, "order_lines": lines}


def _measure(func, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    result = func(*args)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return result, wall, cpu


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000, help="baseline sample size")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    generate(args.seed, 50)  # warm up imports (Faker, pandas internals) for both sides
    baseline(20, args.seed)

    rss_before = _max_rss_mb()
    tables, wall_v, cpu_v = _measure(generate, args.seed, args.customers)
    rss_v = _max_rss_mb()  # the vectorised run is the first big allocation: its peak
    n_lines = len(tables["order_lines"])
    size_v = sum(t.memory_usage(deep=True).sum() for t in tables.values())
    del tables
    setup, wall_s, cpu_s = _measure(baseline_setup, args.seed)
    base, wall_b, cpu_b = _measure(baseline, args.sample, args.seed, "en_US", setup)
    # peak memory of the baseline, traced on a smaller sample (tracemalloc slows it down)
    setup = baseline_setup(args.seed)
    tracemalloc.start()
    baseline(max(args.sample // 4, 10), args.seed, "en_US", setup)
    peak_b = tracemalloc.get_traced_memory()[1] * 4
    tracemalloc.stop()
    scale = args.customers / args.sample
    lines_b = len(base["order_lines"])
    mb = 1024 * 1024
    print(f"python {sys.version.split()[0]}, pandas {pd.__version__}")
    print(
        f"vectorised generate({args.customers:,}): {wall_v:.1f} s wall, {cpu_v:.1f} s CPU, "
        f"{n_lines:,} order lines, all 11 tables ({size_v / mb:.0f} MB in pandas); "
        f"peak RSS {rss_v:.0f} MB (+{rss_v - rss_before:.0f} MB over the warmed-up process)"
    )
    print(f"baseline set-up (Faker, catalogue; not scaled): {wall_s:.2f} s wall, {cpu_s:.2f} s CPU")
    print(
        f"row-by-row baseline({args.sample:,}): {wall_b:.2f} s wall, {cpu_b:.2f} s CPU, "
        f"{lines_b:,} order lines, 2 tables; traced peak about {peak_b / mb:.0f} MB "
        f"(scaled x{scale:g}: about {peak_b * scale / mb / 1024:.1f} GB)"
    )
    wall_b, cpu_b = wall_s + wall_b * scale, cpu_s + cpu_b * scale
    print(
        f"baseline scaled x{scale:g} to {args.customers:,} (plus set-up): {wall_b:.0f} s wall, "
        f"{cpu_b:.0f} s CPU"
    )
    print(f"speed-up: {wall_b / wall_v:.1f}x (wall), {cpu_b / cpu_v:.1f}x (CPU); target >= 20x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
