"""Exercises 06, Customer value: RFM conventions, CLV, cohorts, profitability, the whale curve.

The questions practise stating RFM's conventions (purchases per calendar month, repeat
purchases only), the margin multiple's timing conventions (the first margin certain, for an
acquisition budget), reading a cohort's empirical CLV at the right age (ages count from 0),
the height of the whale curve (not where it peaks, and after every traced cost), what
dropping the unprofitable customers would really change when some of their costs stay, and
who the unprofitable customers are.
"""

from __future__ import annotations

from crmkit import value
from crmkit.exercises._questions import (
    Choice,
    Exercise,
    Mistake,
    Number,
    Reflection,
    option,
    shared,
)

#: The extract's observation end, for RFM, CLV and the cohorts.
END = "2024-12-31"
#: The cohort of 06.3 and its age after one year (quarters 0..3).
COHORT, AGE = "2022Q1", 3
#: The costs that stay in 06.5: all of the service staff, half of the cost of sale.
KEPT = {"service_cost": 1.0, "cost_of_sale": 0.5}
#: The kinds of unprofitable customer, and the options of 06.6 that name them.
KIND_LETTER = {"deal seeker": "b", "one order or none": "c", "other unprofitable": "d"}


def _frequency(t, **conventions):
    return float(
        value.rfm_summary(t["order_lines"], observation_end=END, **conventions)["frequency"].mean()
    )


@shared
def _clv_inputs(t):
    return value.clv_from_data(t["order_lines"], observation_end=END).loc["all"]


def _clv(t, timing="perpetuity", churn=False):
    base = _clv_inputs(t)
    retention = 1 - base["retention"] if churn else base["retention"]
    return float(value.clv_simple(base["margin"], retention, base["discount_rate"], timing=timing))


def _cohort(t, age=AGE, **options):
    curves = value.cohort_clv(t["order_lines"], t["customers"], observation_end=END, **options)
    return float(curves.loc[COHORT, age])


def _profitability(t, costs=True):
    if not costs:
        return value.customer_profitability(t["order_lines"], customers=t["customers"])
    return value.customer_profitability(
        t["order_lines"],
        channels=t["channels"],
        customers=t["customers"],
        interactions=t["interactions"],
        tickets=t["tickets"],
    )


@shared
def _prof(t):
    return _profitability(t)


def _peak(t):
    return float(value.unprofitable_tail(_prof(t)).peak_profit_pct)


def _peak_position(t):
    return 100 * float(value.unprofitable_tail(_prof(t)).peak_customer_share)


def _drop(t, kept):
    prof = _prof(t)
    return value.profit_without(prof, prof["profit"] < 0, kept=kept)


def _change(t):
    return float(_drop(t, KEPT).change)


def _main_kind(t):
    kinds = value.unprofitable_kinds(_prof(t), t["order_lines"])
    return KIND_LETTER[kinds[kinds != "profitable"].value_counts().idxmax()]


Q1 = Number(
    id="06.1",
    title="RFM frequency, as lifetime-value models count it",
    unit="a mean number of purchases per customer",
    expected=lambda t: _frequency(t, period="M", frequency="repeat"),
    abs_tol=0.005,
    mistakes=(
        Mistake(
            "first_purchase_counted",
            lambda t: _frequency(t, period="M"),
            "That counts the first purchase too; lifetime-value models count repeat purchases "
            "only (frequency='repeat'), so a one-time buyer has frequency 0.",
        ),
        Mistake(
            "orders_not_months",
            lambda t: _frequency(t, frequency="repeat"),
            "That counts every order; the question counts calendar months with an order "
            "(period='M'), so two orders in one month are one purchase.",
        ),
        Mistake(
            "calendar_weeks",
            lambda t: _frequency(t, period="W", frequency="repeat"),
            "That counts calendar weeks with an order; the question asks for calendar months.",
        ),
        Mistake(
            "no_convention",
            lambda t: _frequency(t),
            "That is the plain number of orders per customer; state both conventions of the "
            "question: calendar months, and repeat purchases only.",
        ),
    ),
    takeaway="Every RFM number hides conventions: what counts as a purchase and whether the "
    "first one counts change the frequency a lot.",
    hints=(
        "Two conventions are asked for at once: a purchase is a calendar month with at least "
        "one order, and the first purchase does not count.",
        "`value.rfm_summary(tables['order_lines'], observation_end='2024-12-31', ...)` takes "
        "the conventions as arguments (`period`, `frequency`).",
        "Pass `period='M'` and `frequency='repeat'`, then take the mean of the column "
        "`frequency` over the customers in the table.",
    ),
)

Q2 = Number(
    id="06.2",
    title="CLV for an acquisition budget: the first margin certain",
    unit="USD per customer",
    expected=_clv,
    abs_tol=0.5,
    mistakes=(
        Mistake(
            "end_timing",
            lambda t: _clv(t, timing="end"),
            "That is the margin multiple with margins at the end of each year the customer "
            "survives (timing='end'), where even the first margin is uncertain; once acquired, "
            "the first margin is certain.",
        ),
        Mistake(
            "start_timing",
            lambda t: _clv(t, timing="start"),
            "That counts the first margin today, undiscounted (timing='start'); the question's "
            "first margin arrives at the end of the first year.",
        ),
        Mistake(
            "churn_for_retention",
            lambda t: _clv(t, churn=True),
            "That uses the churn rate where the formula needs retention, the share of a "
            "year's buyers who buy again the next year.",
        ),
    ),
    takeaway="The three timings differ by constant factors (r and 1 + i): always say which "
    "one a CLV uses.",
    hints=(
        "The margin multiple needs a margin per year, a yearly retention and a discount rate; "
        "the timing convention says when the margins arrive.",
        "`value.clv_from_data(tables['order_lines'], observation_end='2024-12-31')` estimates "
        "the inputs from the orders (row 'all'); `value.clv_simple(...)` takes a `timing`.",
        "Pass the row's `margin`, `retention` and `discount_rate` to `value.clv_simple` with "
        "the timing whose first margin is received at the end of the first period, for sure.",
    ),
)

Q3 = Number(
    id="06.3",
    title="The empirical CLV of the first cohort after one year",
    unit="USD per acquired customer",
    expected=_cohort,
    abs_tol=0.5,
    mistakes=(
        Mistake(
            "age_off_by_one",
            lambda t: _cohort(t, AGE + 1),
            "That is one quarter too many: ages count from 0 (the acquisition quarter), so one "
            "year is the ages 0 to 3.",
        ),
        Mistake(
            "not_discounted",
            lambda t: _cohort(t, discount_rate=0),
            "Those margins are not discounted; the empirical CLV discounts each quarter's "
            "margin to the acquisition quarter (the default rate of 10% a year).",
        ),
    ),
    takeaway="A cohort's curve needs no assumption about retention; its last point is a "
    "lower bound of what a customer is worth.",
    hints=(
        "The empirical CLV groups customers by the quarter they signed up and adds up the "
        "discounted margin they brought, per acquired customer, quarter by quarter.",
        "`value.cohort_clv(tables['order_lines'], tables['customers'], "
        "observation_end='2024-12-31')` returns one row per cohort and one column per age.",
        "Read the row '2022Q1' at the age that ends one year after acquisition, counting the "
        "acquisition quarter as age 0.",
    ),
)

Q4 = Number(
    id="06.4",
    title="The height of the whale curve",
    unit="a percentage of total profit (100 is all of it)",
    expected=_peak,
    abs_tol=0.05,
    mistakes=(
        Mistake(
            "peak_position",
            _peak_position,
            "That is where the curve peaks, the percentage of customers up to the peak; the "
            "question asks how high it peaks, in percent of total profit.",
        ),
        Mistake(
            "gross_margin_only",
            lambda t: float(
                value.unprofitable_tail(_profitability(t, costs=False)).peak_profit_pct
            ),
            "That profit is revenue minus the cost of goods only; take off the cost of sale "
            "(channels) and the cost to serve (interactions and tickets) too.",
        ),
        Mistake(
            "proportion",
            lambda t: _peak(t) / 100,
            "That looks like a proportion; the question asks for a percentage of total profit "
            "(150, not 1.5).",
            scale=0.01,
        ),
    ),
    takeaway="The hump above 100% is the profit the unprofitable customers give back: what "
    "the company would earn if they cost nothing and brought nothing.",
    hints=(
        "Sort the customers from the most to the least profitable and add up their profit: "
        "the curve rises above total profit and falls back at the end.",
        "`value.customer_profitability(...)` with the channels, interactions, tickets and "
        "customers tables gives each customer's profit; `value.unprofitable_tail(...)` "
        "summarises the tail.",
        "The field `peak_profit_pct` of `value.unprofitable_tail(profitability)` is the top "
        "of the curve, in percent of total profit.",
    ),
)

Q5 = Number(
    id="06.5",
    title="Dropping the unprofitable customers when some costs stay",
    unit="a change in USD (after minus now)",
    expected=_change,
    abs_tol=0.5,
    mistakes=(
        Mistake(
            "all_costs_leave",
            lambda t: float(_drop(t, ()).change),
            "That assumes every cost traced to the dropped customers leaves with them; the "
            "question keeps all of their service cost and half of their cost of sale.",
        ),
        Mistake(
            "kept_costs_added",
            lambda t: float(_drop(t, ()).change + _drop(t, KEPT).costs_kept),
            "The costs that stay were added to profit; they are still paid after the customers "
            "leave, so they reduce the gain.",
        ),
        Mistake(
            "all_cost_of_sale_kept",
            lambda t: float(_drop(t, {"service_cost": 1.0, "cost_of_sale": 1.0}).change),
            "That keeps all of the cost of sale; the question keeps half of it (a share of 0.5).",
        ),
    ),
    takeaway="The whale curve's gain assumes every traced cost leaves with the customer; "
    "state which costs stay before counting the gain.",
    hints=(
        "Dropping customers removes their revenue and the costs that really go with them; "
        "costs fixed in the short run stay.",
        "`value.profit_without(profitability, drop, kept=...)` computes total profit after "
        "dropping the customers in `drop`, keeping the costs named in `kept`.",
        "Drop `profitability['profit'] < 0`, pass `kept={'service_cost': 1, "
        "'cost_of_sale': 0.5}` and read the field `change`.",
    ),
)

Q6 = Choice(
    id="06.6",
    title="Who are the unprofitable customers?",
    options={
        "a": "Drop them all: the whale curve's peak is what Caspian Home would earn without them.",
        "b": "Most of them are deal seekers whose promotion orders sell below cost: reprice the "
        "promotion, and keep their other orders.",
        "c": "Most of them placed one order or none: they are new, so wait and develop them.",
        "d": "Most of them cost too much to serve: move them to cheaper channels.",
    },
    expected=_main_kind,
    mistakes=(
        Mistake(
            "drop_them_all",
            option("a"),
            "The peak assumes that every traced cost leaves with them and that they would "
            "never become profitable; find the cause of each loss first.",
        ),
        Mistake(
            "one_order_majority",
            option("c"),
            "Count the kinds: the customers with one order or none are not the largest group "
            "of the unprofitable.",
        ),
    ),
    takeaway="A loss has a cause, and each cause its remedy: letting a customer go comes last.",
    hints=(
        "A customer can lose money because of the price they buy at, the cost they cause, or "
        "too little time as a customer.",
        "`value.unprofitable_kinds(profitability, tables['order_lines'])` names the kind of "
        "each customer; `value.unprofitable_profile(...)` summarises the kinds.",
        "Among the customers whose kind is not 'profitable', find the most common kind "
        "(`.value_counts()`), and pick the option that names it and its remedy.",
    ),
)

Q7 = Reflection(
    id="06.7",
    title="Should Caspian Home cut its unprofitable customers?",
    hints=(
        "The seminar names cutting unprofitable customers as an aim of CRM, 'unless other "
        "considerations weigh against it': which considerations?",
        "Your answers to 06.5 and 06.6 say which costs really leave and why the customers "
        "lose money; 06.3 says what a new customer brings over the following years.",
        "Recommend an action for each kind of unprofitable customer, and say which number you "
        "would watch to know it worked.",
    ),
)

EXERCISE = Exercise(
    id="06",
    file="06_customer_value.ipynb",
    title="Customer value: RFM, CLV and profitability",
    questions=(Q1, Q2, Q3, Q4, Q5, Q6, Q7),
)
