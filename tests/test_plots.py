"""crmkit.plots: every figure returns its Axes, has a finding title and labelled axes, draws
the numbers of the crmkit function it wraps (recomputed here independently where cheap) and
rejects bad input with a message naming the column."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmkit import data as kit_data
from crmkit import lifecycle, loyalty, plots, relationship, satisfaction, sixsigma, swift, value


@pytest.fixture(scope="module")
def d():
    return kit_data.load_all()


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def by_gid(ax, gid):
    """The scatter a plot function tagged with ``gid`` (error bars draw collections too)."""
    return next(c for c in ax.collections if c.get_gid() == gid)


def labelled(ax):
    assert isinstance(ax, matplotlib.axes.Axes)
    assert ax.get_title().strip() and ax.get_xlabel().strip() and ax.get_ylabel().strip()
    return ax.get_title().replace("\n", " ")


def test_nps_bars_stack_the_nps_by_shares(d):
    ax = plots.nps_bars(d["surveys"], customers=d["customers"])
    title = labelled(ax)
    table = satisfaction.nps_by(d["surveys"], "segment", customers=d["customers"], n_boot=200)
    widths = np.array([p.get_width() for p in ax.patches]).reshape(3, -1)
    # row order: detractors, passives, promoters; each row one bar per segment
    np.testing.assert_allclose(widths[0], table["detractors"])
    np.testing.assert_allclose(widths[2], table["promoters"])
    best = table["nps"].idxmax()
    assert best.replace("_", " ").capitalize() in title


def test_nps_bars_shares_by_hand():
    # hand count: wave 1 has 2 promoters of 3 (67%), 1 detractor (33%)
    s = pd.DataFrame({"wave": [1, 1, 1, 2, 2], "nps_score": [10, 9, 0, 7, 7]})
    ax = plots.nps_bars(s, by="wave")
    widths = [round(p.get_width(), 1) for p in ax.patches]
    assert widths == [33.3, 0.0, 0.0, 100.0, 66.7, 0.0]


def test_ipa_grid_points_are_the_means_and_labels_do_not_overlap(d):
    ax = plots.ipa_grid(d["surveys"])
    title = labelled(ax)
    offsets = ax.collections[0].get_offsets()
    table = satisfaction.ipa(d["surveys"])
    np.testing.assert_allclose(offsets[:, 0], table["performance"])
    np.testing.assert_allclose(offsets[:, 1], table["importance"])
    # independent: mean of the raw columns
    np.testing.assert_allclose(
        offsets[2], [d["surveys"]["perf_delivery"].mean(), d["surveys"]["imp_delivery"].mean()]
    )
    assert "need" in title and "attention" in title
    ax.figure.canvas.draw()
    r = ax.figure.canvas.get_renderer()
    boxes = [
        t.get_window_extent(r)
        for t in ax.texts
        if t.get_text() in set(table["attribute"].str.replace("_", " "))
    ]
    assert len(boxes) == 6
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_servqual_and_csi_draw_the_module_numbers(d):
    ax = plots.servqual_gaps(d["surveys"])
    labelled(ax)
    gaps = satisfaction.servqual_gaps(d["surveys"])
    drawn = sorted(p.get_width() for p in ax.patches)
    np.testing.assert_allclose(drawn, sorted(gaps["gap"]))
    plt.close("all")
    w = {a: 1 / 6 for a in satisfaction.ATTRIBUTES}
    ax = plots.csi_weights(d["surveys"], weights=w)
    title = labelled(ax)
    result = satisfaction.csi(d["surveys"], weights=w)
    assert f"CSI {result.index:.0f}" in title
    heights = sorted(round(p.get_width(), 6) for p in ax.patches)
    expected = sorted([round(100 / 6, 6)] * 6 + [round(v, 6) for v in result.performance])
    np.testing.assert_allclose(heights, expected)


def test_relationship_plots(d):
    ax = plots.dimension_profile(d["surveys"], d["customers"])
    labelled(ax)
    prof = relationship.dimension_profile(d["surveys"], d["customers"])
    means = np.concatenate([c.lines[0].get_ydata() for c in ax.containers])
    np.testing.assert_allclose(sorted(means), sorted(prof["mean"]))
    plt.close("all")
    items = ["trust_1", "trust_2", "trust_3"]
    ax = plots.alpha_if_deleted(d["surveys"], items)
    labelled(ax)
    stats = relationship.item_analysis(d["surveys"], items)
    np.testing.assert_allclose([p.get_height() for p in ax.patches], stats["alpha_if_deleted"])
    alpha = relationship.cronbach_alpha(d["surveys"], items).alpha
    assert any(np.allclose(line.get_ydata(), alpha) for line in ax.lines)


def test_lifecycle_plots(d):
    o, c = d["order_lines"], d["customers"]
    ax = plots.cohort_heatmap(o, c)
    labelled(ax)
    rates = lifecycle.cohort_retention(o, c).rates * 100
    np.testing.assert_allclose(
        ax.images[0].get_array().filled(np.nan), rates.to_numpy(float), equal_nan=True
    )
    plt.close("all")
    ax = plots.funnel(c, o, products=d["products"])
    labelled(ax)
    table = lifecycle.funnel(c, o, products=d["products"])
    np.testing.assert_allclose([p.get_width() for p in ax.patches], table["customers"])
    plt.close("all")
    phases = lifecycle.assign_phase(o, c)
    ax = plots.phase_counts(phases)
    labelled(ax)
    counts = phases["phase"].astype(str).value_counts()  # independent count
    assert [p.get_height() for p in ax.patches] == [counts.get(p, 0) for p in lifecycle.PHASES]


def test_swift_plots(d):
    ax = plots.lift_forest(d["campaign_contacts"], customers=d["customers"])
    title = labelled(ax)
    lift = swift.campaign_lift(d["campaign_contacts"], by="segment", customers=d["customers"])
    points = ax.collections[-1].get_offsets()[:, 0]
    np.testing.assert_allclose(points[:-1], lift["lift"] * 100)
    bars = ax.collections[0].get_segments()  # error bars: one segment per row
    np.testing.assert_allclose([s[0][0] for s in bars][:-1], lift["ci_low"] * 100)
    np.testing.assert_allclose([s[1][0] for s in bars][:-1], lift["ci_high"] * 100)
    assert "lift" in title
    plt.close("all")
    ax = plots.touchpoint_heatmap(d["interactions"], customers=d["customers"], normalize=False)
    labelled(ax)
    m = swift.touchpoint_matrix(d["interactions"], customers=d["customers"], by="segment")
    np.testing.assert_array_equal(ax.images[0].get_array(), m.to_numpy(float))


def test_value_plots(d):
    o, c = d["order_lines"], d["customers"]
    summary = value.rfm_summary(o)
    ax = plots.rfm_segment_bars(summary)
    labelled(ax)
    segs = value.rfm_segments(value.rfm_scores(summary)).astype(str).value_counts()
    drawn = {
        t.get_text(): p.get_width() for t, p in zip(ax.get_yticklabels(), ax.patches, strict=True)
    }
    assert {k: v for k, v in drawn.items() if v} == segs.to_dict()
    plt.close("all")
    prof = value.customer_profitability(
        o, channels=d["channels"], interactions=d["interactions"], tickets=d["tickets"]
    )
    ax = plots.whale_curve(prof)
    title = labelled(ax)
    # independent: cumulative profit of customers sorted best first
    p = prof["profit"].sort_values(ascending=False)
    cum = p.cumsum() / p.sum() * 100
    np.testing.assert_allclose(ax.lines[0].get_ydata()[1:], cum.to_numpy())
    assert f"{cum.max():.0f}% of profit" in title
    plt.close("all")
    ax = plots.clv_curves(o, c)
    labelled(ax)
    table = value.cohort_clv(o, c)
    np.testing.assert_allclose(ax.lines[-1].get_ydata(), table.mean(axis=0))


def test_loyalty_plots(d):
    ax = plots.effect_forest(d["customers"], d["order_lines"])
    labelled(ax)
    eff = loyalty.programme_effect(d["customers"], d["order_lines"])
    np.testing.assert_allclose(
        ax.collections[-1].get_offsets()[:, 0], [eff.naive * 100, eff.adjusted * 100]
    )
    plt.close("all")
    # with the true effect: the regeneration without the programme's effect
    import dataclasses

    w = kit_data.generate(
        42, 2000, planted=dataclasses.replace(kit_data.PLANTED, loyalty_churn_hr=1)
    )
    ax = plots.effect_forest(d["customers"], d["order_lines"], order_lines_without=w["order_lines"])
    title = labelled(ax)
    cmp = loyalty.compare_with_truth(d["customers"], d["order_lines"], w["order_lines"])
    np.testing.assert_allclose(
        ax.collections[-1].get_offsets()[:, 0], cmp.table["effect"].to_numpy() * 100
    )
    assert [t.get_text().split()[0] for t in ax.get_yticklabels()] == ["naive", "adjusted", "true"]
    assert title.startswith(f"Stratifying removes {cmp.bias_removed:.0%} of the selection bias")
    assert f"true {cmp.true * 100:+.0f} pp" in title
    plt.close("all")
    ax = plots.effect_forest(
        d["customers"], d["order_lines"], order_lines_without=w["order_lines"], outcome="spend"
    )
    spend = loyalty.compare_with_truth(
        d["customers"], d["order_lines"], w["order_lines"], outcome="spend"
    )
    np.testing.assert_allclose(ax.collections[-1].get_offsets()[:, 0], spend.table["effect"])
    assert "USD" in ax.get_xlabel() and f"{spend.adjusted:+,.0f} USD" in ax.get_title()
    plt.close("all")
    ax = plots.tier_migration_heatmap(
        d["loyalty_events"], start="2024-01-01", end="2024-12-31", normalize=False
    )
    labelled(ax)
    t = loyalty.tier_migration(d["loyalty_events"], start="2024-01-01", end="2024-12-31")
    np.testing.assert_array_equal(ax.images[0].get_array(), t.to_numpy(float))


def test_sixsigma_plots(d):
    t = d["tickets"]
    ax = plots.pareto_chart(t)
    title = labelled(ax)
    complaints = t[t["ticket_type"] == "complaint"]
    shares = complaints["cause"].value_counts(normalize=True) * 100  # not pareto_table
    np.testing.assert_allclose([p.get_height() for p in ax.patches], shares.to_numpy())
    np.testing.assert_allclose(ax.right_ax.lines[0].get_ydata(), shares.cumsum().to_numpy())
    assert any(np.allclose(line.get_ydata(), 80) for line in ax.right_ax.lines)
    assert title.startswith(f"{shares.index[0].replace('_', ' ').capitalize()} causes ")
    assert f"{shares.iloc[0]:.0f}% of complaints" in title
    assert ax.get_ylabel() == "Share of complaints (%)"
    plt.close("all")
    ax = plots.pareto_chart(t, ticket_type=None)  # every ticket: a flatter Pareto
    every = t["cause"].value_counts(normalize=True) * 100
    np.testing.assert_allclose([p.get_height() for p in ax.patches], every.to_numpy())
    assert "% of tickets" in ax.get_title() and ax.get_ylabel() == "Share of tickets (%)"
    plt.close("all")
    ax = plots.pareto_chart(t, ticket_type="service")
    assert "of service tickets" in ax.get_title().replace("\n", " ")
    plt.close("all")
    chart = sixsigma.imr_chart(pd.DataFrame({"x": [10.0, 12, 11, 13, 11, 12, 10, 30, 11, 12]}), "x")
    ax = plots.control_chart(chart, ylabel="Hours")
    title = labelled(ax)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), chart["value"])
    np.testing.assert_allclose(ax.lines[2].get_ydata(), chart["x_ucl"])
    marked = ax.collections[-1].get_offsets()
    rules = sixsigma.western_electric(chart["value"], chart["x_centre"], chart["x_sigma"])
    assert len(marked) == rules["out_of_control"].sum() == 1 and marked[0][1] == 30
    assert title.startswith("1 of 10 points")
    plt.close("all")
    ax = plots.control_chart(chart, kind="mr")  # the moving ranges: beyond-limit points only
    title = labelled(ax)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), chart["mr"].iloc[1:])
    beyond = (chart["mr"] > chart["mr_ucl"]).sum()  # |30 - 10| and |11 - 30| = 19 > 3.27 MR-bar
    assert len(ax.collections[-1].get_offsets()) == beyond
    assert title.startswith(f"{beyond} of 9 moving ranges beyond")
    plt.close("all")
    groups = pd.DataFrame({"g": np.repeat(np.arange(6), 4), "x": np.tile([1.0, 2, 3, 4], 6)})
    groups.loc[20:, "x"] = [1.0, 9.0, 1.0, 9.0]  # the last subgroup spreads much more
    xs = sixsigma.xbar_s_chart(groups, "x", "g")
    ax = plots.control_chart(xs, kind="s", ylabel="Hours")
    title = labelled(ax)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), xs["s"])
    np.testing.assert_allclose(ax.lines[2].get_ydata(), xs["s_ucl"])
    assert (xs["s"] > xs["s_ucl"]).sum() == 1 and title.startswith("1 of 6 subgroup standard")
    plt.close("all")
    ax = plots.control_chart(xs)  # auto: the X-bar part of an X-bar/S frame
    np.testing.assert_allclose(ax.lines[2].get_ydata(), xs["xbar_ucl"])
    plt.close("all")
    xr = sixsigma.xbar_r_chart(groups, "x", "g")
    ax = plots.control_chart(xr, kind="r")
    np.testing.assert_allclose(ax.lines[0].get_ydata(), xr["r"])
    plt.close("all")
    p = sixsigma.p_chart(pd.DataFrame({"defectives": [5, 10, 15, 8], "size": [100, 100, 100, 90]}))
    ax = plots.control_chart(p)
    labelled(ax)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), p["p"] * 100)
    plt.close("all")
    ax = plots.before_after(t)
    title = labelled(ax)
    ba = sixsigma.before_after(t)
    hours = (t["closed_at"] - t["opened_at"]).dt.total_seconds() / 3600
    before = hours[t["opened_at"] < "2024-01-01"]
    assert np.isclose(ba.median_before, before.median())
    medians = [line.get_xdata()[0] for line in ax.lines]
    np.testing.assert_allclose(medians, [ba.median_before, ba.median_after])
    assert ax.get_xscale() == "log" and "Median fell" in title


# ------------------------------------------------------------------- notebooks 01 and 02


def test_hse_indicators_draws_the_lifecycle_values_and_states_the_change(d):
    c, o = d["customers"], d["order_lines"]
    ax = plots.hse_indicators(c, o)
    title = labelled(ax)
    hse = lifecycle.hse_indicators(c, o)
    rows = ["churn_rate", "repeat_sales_share", "unprofitable_share"]
    before, after = ax.containers  # the two errorbar series, in that order
    np.testing.assert_allclose(
        np.asarray(before.lines[0].get_xdata(), float), hse.loc[rows, "before"] * 100
    )
    np.testing.assert_allclose(
        np.asarray(after.lines[0].get_xdata(), float), hse.loc[rows, "after"] * 100
    )
    # independent: churn before the launch by hand, customers who ordered in
    # 2022-07..2022-12 and not in 2023-01..2023-06
    when = o["order_date"]
    base = set(o.loc[(when >= "2022-07-01") & (when < "2023-01-01"), "customer_id"])
    later = set(o.loc[(when >= "2023-01-01") & (when < "2023-07-01"), "customer_id"])
    assert before.lines[0].get_xdata()[0] == pytest.approx(100 * len(base - later) / len(base))
    # T6: churn falls and repeat sales rise beyond the noise on the committed data
    assert "churn fell" in title and "repeat sales rose" in title
    assert "2023-07-01" in title
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].startswith("before: 2022-07-01") and labels[1].endswith("2024-06-30")
    with pytest.raises(ValueError, match="indicators"):
        plots.hse_indicators(c, o, indicators=["new_customers_per_month"])


def test_scale_alphas_draws_cronbach_alpha_and_names_the_weak_scale(d):
    import pingouin

    s = d["surveys"]
    ax = plots.scale_alphas(s)
    title = labelled(ax)
    x = by_gid(ax, "alpha").get_offsets()[:, 0]
    expected = [
        relationship.cronbach_alpha(s, list(i)).alpha for i in relationship.DIMENSIONS.values()
    ]
    np.testing.assert_allclose(x, expected)
    # independent: pingouin 0.7 cronbach_alpha of the reciprocity items
    alpha, _ = pingouin.cronbach_alpha(s[list(relationship.DIMENSIONS["reciprocity"])])
    assert x[2] == pytest.approx(alpha)
    # T10: reciprocity (with its weak third item) is the scale below 0.7
    assert title.startswith("Reciprocity falls short of alpha 0.7")
    two = plots.scale_alphas(s, {"reciprocity": ["reciprocity_1", "reciprocity_2"]})
    assert "reaches alpha 0.7" in two.get_title().replace("\n", " ")


def test_loyalty_drivers_draws_odds_ratios_of_the_logit(d):
    import statsmodels.api as sm

    s, o = d["surveys"], d["order_lines"]
    wave1 = s[s["wave"] == 1]
    common = {"measure": "retention", "window_days": 184, "observation_end": "2024-12-31"}
    ax = plots.loyalty_drivers(wave1, o, **common)
    title = labelled(ax)
    fit = relationship.loyalty_drivers(wave1, o, **common)
    odds = by_gid(ax, "odds").get_offsets()[:, 0]
    np.testing.assert_allclose(odds, np.exp(fit["coef"]))
    # independent: statsmodels 0.15 Logit on the standardised scale means
    scores = relationship.scale_scores(wave1)
    z = (scores - scores.mean()) / scores.std(ddof=1)
    active = o.loc[o["order_date"] > pd.Timestamp("2024-12-31") - pd.Timedelta(days=184)]
    y = wave1["customer_id"].isin(active["customer_id"]).astype(float)
    logit = sm.Logit(y.to_numpy(), sm.add_constant(z.to_numpy())).fit(disp=0)
    np.testing.assert_allclose(odds, np.exp(logit.params[1:]), rtol=1e-6)
    # T1: trust drives retention; empathy has no effect of its own
    assert title.startswith("Trust drives retention most") and "empathy" in title
    assert ax.get_xscale() == "log"


def test_repurchase_by_satisfaction_draws_the_shares_and_the_claim(d):
    s, o = d["surveys"], d["order_lines"]
    ax = plots.repurchase_by_satisfaction(s, o, observation_end="2024-12-31", claim={1: 0.02})
    title = labelled(ax)
    table = satisfaction.satisfaction_vs_repurchase(s, o, observation_end="2024-12-31")
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_allclose(heights, table["share"] * 100)
    # independent: CSAT 1 respondents with an order in the 90 days after their survey day
    ones = s[s["csat"] == 1]
    bought = [
        (
            (o["customer_id"] == r.customer_id)
            & (o["order_date"] > r.survey_date)
            & (o["order_date"] <= r.survey_date + pd.Timedelta(days=90))
        ).any()
        for r in ones.itertuples()
    ]
    assert heights[0] == pytest.approx(100 * np.mean(bought))
    assert ax.collections[-1].get_offsets()[0, 1] == pytest.approx(2.0)  # the claim's cross
    assert title.startswith(f"At CSAT 1, {100 * np.mean(bought):.0f}% bought again")
    assert "the claim implies 2%" in title
    with pytest.raises(ValueError, match="claim"):
        plots.repurchase_by_satisfaction(s, o, observation_end="2024-12-31", claim={9: 0.1})


@pytest.mark.parametrize(
    ("call", "column"),
    [
        (lambda d: plots.nps_bars(d["surveys"].drop(columns="nps_score"), by="wave"), "nps_score"),
        (lambda d: plots.ipa_grid(d["surveys"].drop(columns="perf_price")), "perf_price"),
        (
            lambda d: plots.servqual_gaps(d["surveys"].drop(columns="sq_exp_empathy_1")),
            "sq_exp_empathy_1",
        ),
        (lambda d: plots.csi_weights(d["surveys"].drop(columns="imp_website")), "imp_website"),
        (
            lambda d: plots.alpha_if_deleted(d["surveys"], ["trust_1", "trust_2", "trust_9"]),
            "trust_9",
        ),
        (lambda d: plots.phase_counts(pd.DataFrame({"phase": ["acquisition", "gone"]})), "phase"),
        (lambda d: plots.cohort_heatmap(d["order_lines"].drop(columns="order_date")), "order_date"),
        (
            lambda d: plots.lift_forest(d["campaign_contacts"].drop(columns="responded")),
            "responded",
        ),
        (lambda d: plots.whale_curve(pd.DataFrame({"profit": ["a", "b"]})), "profit"),
        (lambda d: plots.pareto_chart(d["tickets"], "reason"), "reason"),
        (lambda d: plots.control_chart(pd.DataFrame({"x": [1.0, 2.0]})), "chart"),
        (lambda d: plots.before_after(d["tickets"], value="hours"), "hours"),
    ],
)
def test_bad_input_names_the_column(d, call, column):
    with pytest.raises(ValueError, match=column):
        call(d)


def test_title_must_be_text(d):
    with pytest.raises(TypeError, match="title"):
        plots.pareto_chart(d["tickets"], title=3)


def test_phase_outcomes_bars_are_the_measures(d):
    o, c, p = d["order_lines"], d["customers"], d["products"]
    table = lifecycle.phase_outcomes(o, c, products=p)
    ax = plots.phase_outcomes(table)
    title = labelled(ax)
    measures = ["repeat_rate", "cross_sell_rate", "up_sell_rate"]
    # bars: phase by phase, each phase's three measures in order
    expected = [table.loc[(ph, m), "value"] * 100 for ph in lifecycle.PHASES for m in measures]
    np.testing.assert_allclose([b.get_height() for b in ax.patches], expected)
    rates = table.xs("repeat_rate", level="measure")["value"]
    assert rates.idxmax().capitalize() in title and f"({rates.max():.0%})" in title
    with pytest.raises(ValueError, match="no measure 'cross_sell_rate'"):
        plots.phase_outcomes(lifecycle.phase_outcomes(o, c))
    with pytest.raises(ValueError, match="phase_outcomes"):
        plots.phase_outcomes(table.reset_index())


def test_loop_turns_and_next_turn_plan_draw_the_swift_numbers(d):
    cc, ca, cu = d["campaign_contacts"], d["campaigns"], d["customers"]
    turns = swift.compare_turns(cc, ca, cu)
    ax = plots.loop_turns(turns)
    title = labelled(ax)
    # points: turn 1's three segments then turn 2's two (corporate was not targeted)
    points = np.concatenate([col.get_offsets()[:, 0] for col in ax.collections[1::2]])
    np.testing.assert_allclose(points, turns["lift"].dropna() * 100)
    assert "not targeted" in " ".join(t.get_text() for t in ax.texts)
    assert "dropped corporate" in title
    covers = turns.loc[2][turns.loc[2, "ci_low"] <= 0].index  # turn 2 intervals covering 0
    for seg in covers:
        assert seg.replace("_", " ") in title.split("covers zero in")[1]
    plt.close("all")
    plan = swift.plan_next_turn(cc, ca, cu, campaign_id="K01")
    ax = plots.next_turn_plan(plan)
    title = labelled(ax)
    np.testing.assert_allclose(ax.collections[-1].get_offsets()[:, 0], plan.segments["lift"] * 100)
    assert f"{plan.contacts:,} contacts" in title
    with pytest.raises(TypeError, match="TurnPlan"):
        plots.next_turn_plan(plan.segments)
    with pytest.raises(ValueError, match="compare_turns"):
        plots.loop_turns(turns.reset_index())


def test_wave_change_draws_both_changes(d):
    s = d["surveys"]
    ax = plots.wave_change(s, "csat")
    title = labelled(ax)
    table = satisfaction.wave_change(s, "csat")
    # independent of wave_change: the raw wave means, recomputed here
    raw = s.loc[s.wave == 2, "csat"].mean() - s.loc[s.wave == 1, "csat"].mean()
    drawn = [c.lines[0].get_xdata()[0] for c in ax.containers]  # the errorbars' points
    np.testing.assert_allclose(drawn, table["change"])
    assert drawn[0] == pytest.approx(raw)
    word = "overstates" if raw > table["change"].iloc[1] else "understates"
    assert word in title and f"{raw:+.2f}" in title


def test_satisfaction_outcomes_draw_the_shares(d):
    s, o = d["surveys"], d["order_lines"]
    wave1 = s[s.wave == 1]
    ax = plots.satisfaction_outcomes(wave1, o, observation_end="2024-12-31")
    title = labelled(ax)
    ret = satisfaction.satisfaction_vs_repurchase(
        wave1, o, measure="retention", window_days=180, observation_end="2024-12-31"
    )
    rep = satisfaction.satisfaction_vs_repurchase(wave1, o, observation_end="2024-12-31")
    lines = [c.lines[0] for c in ax.containers]  # the errorbars' data lines
    np.testing.assert_allclose(np.asarray(lines[0].get_ydata(), float), ret["share"] * 100)
    np.testing.assert_allclose(np.asarray(lines[1].get_ydata(), float), rep["share"] * 100)
    # the title compares the extreme levels with at least 20 respondents
    big = ret.index[ret["n"] >= 20]
    assert f"{ret.loc[big.max(), 'share']:.0%} at {big.max()}" in title
    assert f"{ret.loc[big.min(), 'share']:.0%} at CSAT {big.min()}" in title


def test_margin_multiple_draws_the_three_conventions():
    ax = plots.margin_multiple(0.8, 0.1, timing="perpetuity")
    title = labelled(ax)
    curves = ax.lines[:3]
    r = curves[0].get_xdata() / 100
    # hand formulas, independent of clv_simple: r/(1.1-r), 1.1/(1.1-r), 1/(1.1-r)
    np.testing.assert_allclose(curves[0].get_ydata(), r / (1.1 - r))
    np.testing.assert_allclose(curves[1].get_ydata(), 1.1 / (1.1 - r))
    np.testing.assert_allclose(curves[2].get_ydata(), 1 / (1.1 - r))
    assert ax.lines[3].get_ydata()[0] == pytest.approx(1 / 0.3)
    assert "3.33 periods of margin" in title
    with pytest.raises(ValueError, match="argument 'timing' must be one of"):
        plots.margin_multiple(timing="middle")


def test_profit_deciles_draw_the_shares(d):
    prof = value.customer_profitability(
        d["order_lines"], channels=d["channels"], interactions=d["interactions"],
        tickets=d["tickets"], customers=d["customers"],
    )  # fmt: skip
    ax = plots.profit_deciles(prof)
    title = labelled(ax)
    # independent: sort profits best first, cut into ten groups of equal size
    p = np.sort(prof["profit"].to_numpy())[::-1]
    shares = p.reshape(10, -1).sum(axis=1) / p.sum() * 100
    np.testing.assert_allclose([bar.get_height() for bar in ax.patches], shares)
    assert f"earn {shares[0]:.0f}% of profit" in title and f"lose {-shares[-1]:.0f}%" in title


# ----------------------------------------------------------------------------- notebook 09


def test_scorecard_tiles_draw_each_value_with_its_status(d):
    from crmkit import scorecard as sc

    card = sc.scorecard(sc.compute_measures(d))
    ax = plots.scorecard_tiles(card, perspectives=["People and information"])
    title = labelled(ax)
    people = card[card["perspective"] == "People and information"]
    assert set(ax.tiles) == set(zip(people["measure_id"], people["group"], strict=True))
    texts = [t.get_text() for t in ax.texts]
    for row in people.itertuples():
        fill, edge, _, symbol = plots.STATUS_STYLE[row.status]
        # the value and the status symbol are written in, not only the colour
        assert f"{row.value:.1f}% {symbol}" in texts
        tile = ax.tiles[(row.measure_id, row.group)]
        assert matplotlib.colors.to_hex(tile.get_facecolor()) == fill.lower()
    # the title counts the company-wide rows on target (hand count from the card)
    company = people[people["group"] == "all"]
    on = (company["status"] == "on target").sum()
    assert title.startswith(f"{on} of {len(company)} company-wide measures on target")
    # and names the tile furthest below its target: shortfall (target - value) / target
    short = (people["target"] - people["value"]) / people["target"]
    worst = people.loc[short.idxmax()]
    assert f"furthest off: {worst['group']} on {worst['measure']}" in title
    # every text sits inside the tile under its centre
    ax.figure.canvas.draw()
    r = ax.figure.canvas.get_renderer()
    for t in ax.texts:
        box = t.get_window_extent(r)
        centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        tile = next(v for v in ax.tiles.values() if v.get_window_extent(r).contains(*centre))
        outer = tile.get_window_extent(r)
        assert outer.x0 <= box.x0 and box.x1 <= outer.x1 and outer.y0 <= box.y0, t.get_text()
        assert box.y1 <= outer.y1, t.get_text()


def test_scorecard_tiles_by_hand_and_bad_input():
    card = pd.DataFrame(
        {
            "perspective": ["Customer"] * 2,
            "measure_id": ["retention"] * 2,
            "measure": ["retention %"] * 2,
            "unit": ["%"] * 2,
            "group": ["all", "household"],
            "value": [79.0, 81.0],
            "direction": ["higher"] * 2,
            "target": [80.0, 80.0],
            "status": ["near target", "on target"],
        }
    )
    ax = plots.scorecard_tiles(card)
    texts = [t.get_text() for t in ax.texts]
    assert "79.0% \u2248" in texts and "81.0% \u2713" in texts and "target 80%" in texts
    # hand count: 0 of 1 company rows on target; household is above target, so the row
    # furthest off is the company's (shortfall (80 - 79) / 80 > 0)
    assert ax.get_title().replace("\n", " ") == (
        "0 of 1 company-wide measures on target; furthest off: company-wide on retention %"
    )
    with pytest.raises(ValueError, match="leave no row of the scorecard"):
        plots.scorecard_tiles(card, measures=["clv"])
    with pytest.raises(ValueError, match="table 'scorecard' has no column 'status'"):
        plots.scorecard_tiles(card.drop(columns="status"))


def test_before_after_leaves_open_tickets_out_and_says_so(d):
    t = d["tickets"]
    n_open = int(t["closed_at"].isna().sum())  # data/README.md: 9 open tickets, late 2024
    ax = plots.before_after(t)
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert legend[0].startswith("before 2024-01-01 (n = ") and "open" not in legend[0]
    assert legend[1].endswith(f"; {n_open} still open, left out)")
    ba = sixsigma.before_after(t)
    assert ba.n_open == n_open
    closed = t.dropna(subset=["closed_at"])
    hours = (closed["closed_at"] - closed["opened_at"]).dt.total_seconds() / 3600
    assert np.isclose(ba.median_after, hours[closed["opened_at"] >= "2024-01-01"].median())


def test_control_chart_marks_events_before_their_point():
    chart = sixsigma.imr_chart(pd.DataFrame({"x": [10.0, 12, 11, 13, 11, 12, 10, 30]}), "x")
    ax = plots.control_chart(chart, events={5: "change"})
    marks = [line for line in ax.lines if line.get_gid() == "event"]
    assert len(marks) == 1 and marks[0].get_xdata()[0] == 4.5
    assert "change" in [t.get_text() for t in ax.texts]
    with pytest.raises(ValueError, match="'events' names 99"):
        plots.control_chart(chart, events={99: "x"})
