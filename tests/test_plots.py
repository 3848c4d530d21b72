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
    shares = t["cause"].value_counts(normalize=True) * 100  # independent of pareto_table
    np.testing.assert_allclose([p.get_height() for p in ax.patches], shares.to_numpy())
    np.testing.assert_allclose(ax.right_ax.lines[0].get_ydata(), shares.cumsum().to_numpy())
    assert any(np.allclose(line.get_ydata(), 80) for line in ax.right_ax.lines)
    assert shares.index[0].replace("_", " ").capitalize() in title
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
