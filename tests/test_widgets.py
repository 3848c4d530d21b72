"""crmkit.widgets: each widget builds, updates when a control moves, shows exactly the pure
function's result for the new value, and rejects bad input before building anything."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from crmkit import data as kit_data
from crmkit import lifecycle, relationship, satisfaction, sixsigma, swift, value, widgets


@pytest.fixture(scope="module")
def d():
    return kit_data.load_all()


def png_of(box):
    image = box.children[-1]
    assert image.value[:8] == b"\x89PNG\r\n\x1a\n"
    return image.value


def test_hse_launch_window_shows_hse_indicators_of_the_moved_launch(d):
    c, o = d["customers"], d["order_lines"]
    box = widgets.hse_launch_window(c, o)
    shift, months = box.children[:2]
    pd.testing.assert_frame_equal(box.result(), lifecycle.hse_indicators(c, o))
    assert "(the real launch)" in box.summary.value
    before = png_of(box)
    shift.value = -6  # a pretend launch on 2023-01-01
    months.value = 6
    expected = lifecycle.hse_indicators(c, o, launch="2023-01-01", window_months=6)
    pd.testing.assert_frame_equal(box.result(), expected)
    assert "Launch 2023-01-01, 6 months before and after (a pretend launch)" in box.summary.value
    churn = expected.loc["churn_rate"]
    assert f"{100 * churn['before']:.1f}%" in box.summary.value
    low, high = 100 * churn["change_low"], 100 * churn["change_high"]
    assert f"{low:+.1f} pp to {high:+.1f} pp" in box.summary.value
    assert f"{expected.loc['new_customers_per_month', 'after']:,.1f}" in box.summary.value
    assert png_of(box) != before
    assert "6 months before and after 2023-01-01" in box.figure.axes[0].get_title().replace(
        "\n", " "
    )


def test_hse_launch_window_reports_a_window_past_the_data(d):
    box = widgets.hse_launch_window(d["customers"], d["order_lines"], observation_end="2024-03-31")
    assert "runs past observation_end 2024-03-31" in box.summary.value
    box.children[1].value = 10
    box.children[0].value = -4  # 2023-03-01 + 10 months ends 2023-12-31: fits
    assert "Launch 2023-03-01, 10 months" in box.summary.value


def test_alpha_items_shows_cronbach_alpha_of_the_ticked_items(d):
    s = d["surveys"]
    box = widgets.alpha_items(s, dimension="reciprocity")
    menu, *ticks = box.children[:4]
    assert [t.description for t in ticks] == list(relationship.DIMENSIONS["reciprocity"])
    full = relationship.cronbach_alpha(s, list(relationship.DIMENSIONS["reciprocity"]))
    assert box.result() == full
    assert "Reciprocity falls short" in box.figure.axes[0].get_title()
    before = png_of(box)
    ticks[2].value = False  # drop the weak item (T10)
    expected = relationship.cronbach_alpha(s, ["reciprocity_1", "reciprocity_2"])
    assert box.result() == expected
    assert f"alpha = {expected.alpha:.2f} (95% CI {expected.ci_low:.2f}-" in box.summary.value
    assert "with 2 of 3 items" in box.summary.value
    assert png_of(box) != before
    assert "Every scale reaches alpha 0.7" in box.figure.axes[0].get_title()
    ticks[1].value = False  # one item left: the library's message, not an exception
    assert "at least 2" in box.summary.value
    menu.value = "trust"  # a new scale: its items, all ticked again
    assert [t.description for t in ticks] == list(relationship.DIMENSIONS["trust"])
    assert all(t.value for t in ticks)
    assert box.result() == relationship.cronbach_alpha(s, list(relationship.DIMENSIONS["trust"]))


def test_csi_weights_matches_csi_with_normalised_slider_weights(d):
    s = d["surveys"]
    box = widgets.csi_weights(s)
    sliders = box.children[: len(satisfaction.ATTRIBUTES)]
    assert box.summary.value.startswith(f"<h3>CSI = {satisfaction.csi(s).index:.1f}")
    before = png_of(box)
    sliders[0].value = 1.0  # product quality weighs most
    raw = pd.Series({a: sl.value for a, sl in zip(satisfaction.ATTRIBUTES, sliders, strict=True)})
    expected = satisfaction.csi(s, weights=raw / raw.sum())
    assert box.result().index == pytest.approx(expected.index)
    assert f"CSI = {expected.index:.1f} of 100" in box.summary.value
    assert png_of(box) != before
    assert "CSI" in box.figure.axes[0].get_title()
    for slider in sliders:  # every weight at 0: a message, not an exception
        slider.value = 0.0
    assert "Every weight is 0" in box.summary.value


def test_nps_explorer_shows_nps_by_of_the_chosen_wave(d):
    s, c = d["surveys"], d["customers"]
    box = widgets.nps_explorer(s, c)
    box.children[1].value = 2
    expected = satisfaction.nps_by(s[s["wave"] == 2], "segment", customers=c)
    pd.testing.assert_frame_equal(box.result(), expected)
    assert f"{expected['nps'].iloc[0]:.1f}" in box.summary.value
    box.children[0].value = "wave"
    box.children[1].value = "all"
    assert list(box.result().index) == [1, 2]
    png_of(box)


def test_control_chart_whatif_counts_out_of_control_points(d):
    t = d["tickets"]
    box = widgets.control_chart_whatif(t)
    shift, size = box.children[:2]
    shift.value = 15
    size.value = 8
    chart = widgets.shifted_xbar_chart(t, shift_hours=15, subgroup_size=8)
    assert (
        f"<h3>{int(chart['out_of_control'].sum())} of {len(chart)} subgroups" in box.summary.value
    )
    pd.testing.assert_frame_equal(box.result(), chart)
    png_of(box)
    # the scenario is xbar_r_chart on time-ordered resolution hours, shifted from July
    after = t[t["opened_at"] >= "2024-01-01"].sort_values("opened_at", kind="stable")
    hours = sixsigma.resolution_hours(after).to_numpy()
    hours = hours + 15 * (after["opened_at"] >= "2024-07-01").to_numpy()
    n = len(hours) // 8 * 8
    np.testing.assert_allclose(chart["xbar"], hours[:n].reshape(-1, 8).mean(axis=1))


def test_loyalty_strata_moves_towards_but_not_to_the_true_effect(d):
    import dataclasses

    from crmkit import loyalty

    c, o = d["customers"], d["order_lines"]
    w = kit_data.generate(
        42, 2000, planted=dataclasses.replace(kit_data.PLANTED, loyalty_churn_hr=1)
    )
    box = widgets.loyalty_strata(c, o, w["order_lines"])
    strata, count = box.children[:2]
    start = loyalty.compare_with_truth(c, o, w["order_lines"])
    assert box.result() == start
    assert f"removes {start.bias_removed:.0%} of the selection bias" in box.summary.value
    before = png_of(box)
    count.value = 1  # one stratum: the adjusted comparison is the naive one
    one = box.result()
    assert one.adjusted == pytest.approx(one.naive)
    assert "One stratum" in box.summary.value
    count.value = 10
    ten = loyalty.compare_with_truth(c, o, w["order_lines"], n_strata=10)
    assert box.result() == ten
    assert f"{ten.adjusted * 100:+,.1f}" in box.summary.value
    assert f"{ten.true * 100:+,.1f}" in box.summary.value
    assert ten.naive < ten.adjusted < ten.true  # closer, never there (T5)
    assert png_of(box) != before
    assert "selection bias" in box.figure.axes[0].get_title()
    strata.value = "segment"
    assert box.result() == loyalty.compare_with_truth(
        c, o, w["order_lines"], strata="segment", n_strata=10
    )
    # without the regenerated data: the plain adjusted effect, no true row
    plain = widgets.loyalty_strata(c, o, outcome="spend")
    expected = loyalty.spend_effect(c, o)
    assert (plain.result().naive, plain.result().adjusted) == (expected.naive, expected.adjusted)
    assert "true" not in plain.summary.value


def test_lifecycle_thresholds_shows_assign_phase_counts(d):
    o, c = d["order_lines"], d["customers"]
    box = widgets.lifecycle_thresholds(o, c)
    box.children[0].value = 90
    box.children[1].value = 360
    phases = lifecycle.assign_phase(o, c, new_days=90, lapse_days=360)
    pd.testing.assert_frame_equal(box.result(), phases)
    for count in phases["phase"].value_counts():
        assert f"{count:,}" in box.summary.value
    assert "phase" in box.figure.axes[0].get_title()


def test_loop_refinement_shows_plan_next_turn_for_the_controls(d):
    cc, ca, cu = d["campaign_contacts"], d["campaigns"], d["customers"]
    box = widgets.loop_refinement(cc, ca, cu)
    campaign, rule, min_lift = box.children[:3]
    default = swift.plan_next_turn(cc, ca, cu, campaign_id="K01")
    assert box.result().targets == default.targets
    assert f"{default.contacts:,} contacts for ${default.cost:,.2f}" in box.summary.value
    before = png_of(box)
    campaign.value, rule.value, min_lift.value = "K02", "lift>min_lift", 1.0
    expected = swift.plan_next_turn(
        cc, ca, cu, campaign_id="K02", rule="lift>min_lift", min_lift=0.01
    )
    pd.testing.assert_frame_equal(box.result().segments, expected.segments)
    assert box.result().cost == pytest.approx(expected.cost)
    assert png_of(box) != before
    assert "K02" in box.figure.axes[0].get_title()
    rule.value, min_lift.value = "ci_low>min_lift", 10.0  # nothing clears 10 points
    assert "No segment passes the rule" in box.summary.value


def test_clv_calculator_equals_clv_simple():
    box = widgets.clv_calculator()
    margin, retention, discount, timing = box.children[:4]
    before = png_of(box)
    margin.value, retention.value, discount.value = 200.0, 0.9, 0.12
    expected = value.clv_simple(200.0, 0.9, 0.12)
    assert box.result() == pytest.approx(expected)
    assert f"CLV = ${expected:,.0f}" in box.summary.value
    assert f"{value.clv_simple(1.0, 0.9, 0.12):.2f} &times;" in box.summary.value
    assert png_of(box) != before
    # the timing menu switches the convention: the first margin certain, m / (1 + i - r)
    timing.value = "perpetuity"
    assert box.result() == pytest.approx(200.0 / (1.12 - 0.9))
    assert "timing 'perpetuity'" in box.summary.value
    # its figure is plots.margin_multiple at the sliders' values
    title = box.figure.axes[0].get_title().replace("\n", " ")
    assert f"{1 / (1.12 - 0.9):.2f} periods of margin" in title


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda d: widgets.csi_weights(d["surveys"].drop(columns="perf_price")), "perf_price"),
        (lambda d: widgets.nps_explorer(d["surveys"].drop(columns="wave"), d["customers"]), "wave"),
        (
            lambda d: widgets.control_chart_whatif(d["tickets"].drop(columns="closed_at")),
            "closed_at",
        ),
        (
            lambda d: widgets.lifecycle_thresholds(
                d["order_lines"].drop(columns="order_date"), d["customers"]
            ),
            "order_date",
        ),
        (lambda d: widgets.clv_calculator(retention=1.2), "retention"),
        (
            lambda d: widgets.loop_refinement(
                d["campaign_contacts"], d["campaigns"], d["customers"], campaign_id="K07"
            ),
            "K07",
        ),
        (
            lambda d: widgets.hse_launch_window(
                d["customers"].drop(columns="signup_date"), d["order_lines"]
            ),
            "signup_date",
        ),
        (lambda d: widgets.alpha_items(d["surveys"].drop(columns="trust_2")), "trust_2"),
        (lambda d: widgets.alpha_items(d["surveys"], dimension="loyalty"), "dimension"),
        (
            lambda d: widgets.loyalty_strata(
                d["customers"].drop(columns="loyalty_member"), d["order_lines"]
            ),
            "loyalty_member",
        ),
        (
            lambda d: widgets.loyalty_strata(d["customers"], d["order_lines"], outcome="x"),
            "outcome",
        ),
        (lambda d: widgets.shifted_xbar_chart(d["tickets"], subgroup_size=12), "subgroup_size"),
    ],
)
def test_bad_input_raises_before_any_widget(d, build, message, monkeypatch):
    import ipywidgets

    built = []
    monkeypatch.setattr(ipywidgets.VBox, "__init__", lambda *a, **k: built.append(1))
    with pytest.raises(ValueError, match=message):
        build(d)
    assert not built


def test_scorecard_targets_equals_scorecard_with_shifted_targets(d):
    from crmkit import scorecard as sc

    m = sc.compute_measures(d)
    box = widgets.scorecard_targets(m)
    # default: exactly the default scorecard
    pd.testing.assert_frame_equal(box.result(), sc.scorecard(m))
    before = png_of(box)
    retention, _, service, _, tolerance = box.children[:5]
    retention.value, service.value, tolerance.value = 84.0, 90.0, 0.1
    # hand: the default retention targets (all 80, household 78, small_business 82,
    # corporate 85) move up by 84 - 80 = 4 points; service level from 85 to 90 everywhere
    targets = sc.default_targets()
    ret = targets["measure_id"] == "retention"
    targets.loc[ret, "target"] += 4.0
    targets.loc[targets["measure_id"] == "service_level", "target"] = 90.0
    expected = sc.scorecard(m, targets=targets, tolerance=0.1)
    pd.testing.assert_frame_equal(box.result(), expected)
    rows = expected[expected["measure_id"] == "retention"].set_index("group")["target"]
    assert rows.to_dict() == {"all": 84.0, "household": 82.0, "small_business": 86.0,
                              "corporate": 89.0}  # fmt: skip
    on = int(sc.scorecard_summary(expected)["on_target"].sum())
    assert f"<h3>{on} of 18 measures on target company-wide</h3>" in box.summary.value
    assert png_of(box) != before
    assert "company-wide measures on target" in box.figure.axes[0].get_title()


def test_shifted_targets_keeps_the_groups_distance():
    t = pd.DataFrame(
        {"measure_id": ["service_level", "clv"], "group": ["*", "*"], "target": [85.0, 1200.0]}
    )
    out = widgets.shifted_targets(t, {"service_level": 80.0})
    assert out["target"].tolist() == [80.0, 1200.0]
    assert t["target"].tolist() == [85.0, 1200.0]  # the input is not changed
    with pytest.raises(ValueError, match="no target for measure 'retention'"):
        widgets.shifted_targets(t, {"retention": 80.0})


def test_scorecard_targets_rejects_an_unknown_measure_before_building(d, monkeypatch):
    import ipywidgets

    from crmkit import scorecard as sc

    m = sc.compute_measures(d, measures=["staff_trained"])
    built = []
    monkeypatch.setattr(ipywidgets.VBox, "__init__", lambda *a, **k: built.append(1))
    with pytest.raises(ValueError, match="argument 'moved' names measure\\(s\\) 'retention'"):
        widgets.scorecard_targets(m)
    assert not built
