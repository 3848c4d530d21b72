"""crmkit.widgets: each widget builds, updates when a control moves, shows exactly the pure
function's result for the new value, replaces a chart that is no longer true by the error
and what to change, and rejects bad input before building anything."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re

import numpy as np
import pandas as pd
import pytest

from crmkit import data as kit_data
from crmkit import lifecycle, relationship, satisfaction, sixsigma, swift, value, widgets
from crmkit.sixsigma import SPC_CONSTANTS


@pytest.fixture(scope="module")
def d():
    return kit_data.load_all()


def png_of(box):
    image = box.children[-1]
    assert image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert image.layout.display in (None, "")  # shown
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


def cells(html: str) -> list[str]:
    """The text of every table cell of a summary, in order."""
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html)]


def assert_error_state(box, message):
    assert box.error is not None and re.search(message, box.error)
    assert "No result for these settings" in box.summary.value
    assert box.children[-1].layout.display == "none"  # the stale chart is hidden
    assert box.figure is None
    with pytest.raises(ValueError):
        box.result()


# --------------------------------------------------------------------------- helpers


def test_labels_are_written_in_words():
    assert widgets._label("small_business") == "Small business"
    assert widgets._label("nps") == "NPS"
    assert widgets._label("ci_low") == "CI low"
    assert widgets._label("acquisition_channel") == "Acquisition channel"
    assert widgets._label(2, by="wave") == "Wave 2"
    assert widgets._label("Mean (hours)") == "Mean (hours)"  # already in words: kept


def test_table_formats_each_column_and_aligns_numbers_right():
    frame = pd.DataFrame(
        {"n": [1200, 35], "nps": [12.345, -3.0], "note": ["a_b", "c"]},
        index=pd.Index(["small_business", "corporate"], name="segment"),
    )
    html = widgets._table(frame, formats={"nps": "{:+.1f}"})
    assert cells(html) == [
        "Segment", "N", "NPS", "Note",
        "Small business", "1,200", "+12.3", "A b",
        "Corporate", "35", "\u22123.0", "C",
    ]  # fmt: skip
    numbers = re.findall(r"<td style='([^']*)'>(1,200|\+12\.3)</td>", html)
    assert len(numbers) == 2 and all("text-align:right" in s for s, _ in numbers)
    assert "tabular-nums" in numbers[0][0]


def test_every_slider_track_starts_at_the_same_place(d):
    boxes = [
        widgets.csi_weights(d["surveys"]),
        widgets.control_chart_whatif(d["tickets"]),
        widgets.lifecycle_thresholds(d["order_lines"], d["customers"]),
        widgets.clv_calculator(),
        widgets.nps_explorer(d["surveys"], d["customers"]),
    ]
    import ipywidgets

    kinds = (ipywidgets.IntSlider, ipywidgets.FloatSlider, ipywidgets.Dropdown)
    controls = [c for box in boxes for c in box.children if isinstance(c, kinds)]
    assert len(controls) == 6 + 2 + 2 + 4 + 2  # clv: 3 sliders and the timing menu
    widths = {c.style.description_width for c in controls}
    assert widths == {widgets._DESCRIPTION_WIDTH}
    for box in boxes:  # fits a 1280 x 720 projector and a notebook
        assert box.layout.max_width == widgets._MAX_WIDTH == "900px"


# --------------------------------------------------------------------------- CSI weights


def test_csi_weights_matches_csi_with_normalised_slider_weights(d):
    s = d["surveys"]
    box = widgets.csi_weights(s)
    sliders = box.children[: len(satisfaction.ATTRIBUTES)]
    assert f"CSI = {satisfaction.csi(s).index:.1f} of 100" in box.summary.value
    before = png_of(box)
    sliders[0].value = 1.0  # product quality weighs most
    raw = pd.Series({a: sl.value for a, sl in zip(satisfaction.ATTRIBUTES, sliders, strict=True)})
    expected = satisfaction.csi(s, weights=raw / raw.sum())
    assert box.result().index == pytest.approx(expected.index)
    assert f"CSI = {expected.index:.1f} of 100" in box.summary.value
    assert png_of(box) != before
    assert "CSI" in box.figure.axes[0].get_title()
    # no raw readout: each slider names its attribute and its share of the total
    for attribute, slider in zip(satisfaction.ATTRIBUTES, sliders, strict=True):
        assert slider.readout is False
        share = expected.weights[attribute]
        assert slider.description == f"{widgets._label(attribute)}: {share:.0%}"


def test_csi_weights_error_replaces_the_chart_and_goes_away(d):
    box = widgets.csi_weights(d["surveys"])
    sliders = box.children[:6]
    for slider in sliders:  # every weight at 0: a message, not an exception
        slider.value = 0.0
    assert_error_state(box, "Every weight is 0.*move at least one slider above 0")
    assert all(slider.description.endswith(": \u2013") for slider in sliders)
    sliders[2].value = 0.4  # fixed: all weight on delivery
    assert box.error is None and "No result" not in box.summary.value
    png_of(box)
    assert box.result().index == pytest.approx(
        satisfaction.csi(d["surveys"]).performance["delivery"]
    )
    assert sliders[2].description == "Delivery: 100%"


# --------------------------------------------------------------------------- NPS explorer


def test_nps_explorer_shows_nps_by_of_the_chosen_wave(d):
    s, c = d["surveys"], d["customers"]
    box = widgets.nps_explorer(s, c)
    assert [label for label, _ in box.children[0].options][:2] == ["Segment", "Acquisition channel"]
    box.children[1].value = 2
    expected = satisfaction.nps_by(s[s["wave"] == 2], "segment", customers=c)
    pd.testing.assert_frame_equal(box.result(), expected)
    table = cells(box.summary.value)
    assert table[:6] == ["Segment", "Respondents", "NPS", "95 % interval", "Promoters (%)", "Detractors (%)"]  # fmt: skip
    first = expected.iloc[0]
    assert table[6:12] == [
        "Household",
        f"{int(first['n']):,}",
        f"{first['nps']:+.1f}".replace("-", "\u2212"),
        f"{first['ci_low']:+.1f} to {first['ci_high']:+.1f}".replace("-", "\u2212"),
        f"{first['promoters']:.1f}",
        f"{first['detractors']:.1f}",
    ]
    assert "Small business" in table and "small_business" not in box.summary.value
    box.children[0].value = "wave"
    box.children[1].value = "all"
    assert list(box.result().index) == [1, 2]
    assert "Wave 1" in cells(box.summary.value)
    png_of(box)


def test_nps_explorer_error_state(d):
    s, c = d["surveys"], d["customers"]
    odd = s.assign(wave=s["wave"].where(s.index % 500 != 0, 3))  # a wave of 3 answers
    box = widgets.nps_explorer(odd, c)
    box.children[1].value = 3
    assert_error_state(box, "has 1 response")
    box.children[1].value = 1
    assert box.error is None
    png_of(box)


# --------------------------------------------------------------------------- control chart


def whatif_tickets():
    """Twenty tickets a week apart from 2024-01-01; the first 10 (before 2024-03-11) are
    the baseline, with resolution hours 10, 14 | 12, 12 | 9, 13 | 11, 15 | 10, 12."""
    opened = pd.date_range("2024-01-01", periods=20, freq="7D")
    hours = [10, 14, 12, 12, 9, 13, 11, 15, 10, 12] + [12, 11, 13, 10, 12, 12, 11, 13, 12, 12]
    return pd.DataFrame(
        {"opened_at": opened, "closed_at": opened + pd.to_timedelta(hours, unit="h")}
    )


def test_shifted_xbar_chart_keeps_the_baseline_limits_hand_calculation():
    # Baseline subgroups of 2: means 12, 12, 11, 13, 11 (x-double-bar 11.8), ranges 4, 0,
    # 4, 4, 2 (R-bar 2.8); A2 = 1.880 for n = 2 (Montgomery App. VI), so the limits are
    # 11.8 -/+ 1.880 * 2.8 = 6.536 to 17.064, whatever the shift.
    t = whatif_tickets()
    a2 = SPC_CONSTANTS.loc[2, "A2"]
    for shift in (0.0, 8.0):
        chart = widgets.shifted_xbar_chart(
            t, shift_hours=shift, subgroup_size=2, start="2024-01-01", shift_from="2024-03-11"
        )
        assert chart["period"].tolist() == ["baseline"] * 5 + ["shifted"] * 5
        assert chart["xbar"].iloc[:5].tolist() == [12.0, 12.0, 11.0, 13.0, 11.0]
        np.testing.assert_allclose(
            chart["xbar"].iloc[5:], np.array([11.5, 11.5, 12, 12, 12]) + shift
        )
        assert chart["xbar_centre"].unique() == pytest.approx([11.8])
        assert chart["xbar_lcl"].unique() == pytest.approx([11.8 - a2 * 2.8])
        assert chart["xbar_ucl"].unique() == pytest.approx([11.8 + a2 * 2.8])
    # shifted by 8 h, every later mean (19.5-20) lies above the baseline's UCL 17.064
    assert chart["out_of_control"].tolist() == [False] * 5 + [True] * 5
    assert chart["rule_1"].iloc[5:].all()
    # limits from all the data (the old behaviour) would have moved with the shift
    every = sixsigma.xbar_r_chart(
        pd.DataFrame({"x": np.r_[t["closed_at"] - t["opened_at"]] / np.timedelta64(1, "h")
                      + 8.0 * (np.arange(20) >= 10), "g": np.arange(20) // 2}),
        "x", "g",
    )  # fmt: skip
    assert every["xbar_centre"].iloc[0] == pytest.approx((11.8 + 19.8) / 2)


def test_shifted_xbar_chart_never_mixes_the_periods_and_leaves_open_tickets_out():
    t = whatif_tickets()
    t.loc[[3, 15], "closed_at"] = pd.NaT  # two open tickets
    chart = widgets.shifted_xbar_chart(t, subgroup_size=3, shift_from="2024-03-11")
    # baseline: 9 closed tickets -> 3 subgroups; later: 9 closed -> 3 subgroups
    assert chart["period"].tolist() == ["baseline"] * 3 + ["shifted"] * 3
    assert chart.loc[4, "first_opened"] >= pd.Timestamp("2024-03-11")
    assert chart.attrs["open_left_out"] == 2
    with pytest.raises(ValueError, match=r"baseline .* has 1 complete subgroup of 5"):
        widgets.shifted_xbar_chart(t, subgroup_size=5, shift_from="2024-03-11")


def test_control_chart_whatif_shows_the_scenario_with_baseline_limits(d):
    t = d["tickets"]
    box = widgets.control_chart_whatif(t)
    shift, size = box.children[:2]
    limits = box.result()[["xbar_lcl", "xbar_ucl"]].iloc[0].tolist()
    shift.value = 15
    size.value = 8
    chart = widgets.shifted_xbar_chart(t, shift_hours=15, subgroup_size=8)
    pd.testing.assert_frame_equal(box.result(), chart)
    later = chart[chart["period"] == "shifted"]
    assert (
        f"{int(later['out_of_control'].sum())} of {len(later)} later subgroups out of control"
        in box.summary.value
    )
    assert f"{chart.attrs['open_left_out']} open tickets" in box.summary.value
    assert chart.attrs["open_left_out"] == t["closed_at"].isna().sum() == 9
    png_of(box)
    ax = box.figure.axes[0]
    marks = [line for line in ax.lines if line.get_gid() == "event"]
    assert [m.get_xdata()[0] for m in marks] == [-0.5, chart.index.get_loc(later.index[0]) - 0.5]
    circled = ax.collections[-1].get_offsets()
    assert len(circled) == chart["out_of_control"].sum()
    # the baseline's limits for subgroups of 8: the closed tickets of 2024-01-01..06-30 in
    # time order, 8 at a time, and A2 for n = 8 (0.373 in Montgomery's App. VI; the kit
    # computes it, 0.3725, and tests the constants against the table in test_sixsigma)
    base = t[(t["opened_at"] >= "2024-01-01") & (t["opened_at"] < "2024-07-01")].dropna()
    base = base.sort_values("opened_at", kind="stable")
    hours = ((base["closed_at"] - base["opened_at"]).dt.total_seconds() / 3600).to_numpy()
    groups = hours[: len(hours) // 8 * 8].reshape(-1, 8)
    centre, r_bar = groups.mean(axis=1).mean(), np.ptp(groups, axis=1).mean()
    assert chart["xbar_centre"].iloc[-1] == pytest.approx(centre)
    a2 = sixsigma.spc_constants(8)["A2"]
    assert a2 == pytest.approx(0.373, abs=5e-4)
    assert chart["xbar_ucl"].iloc[-1] == pytest.approx(centre + a2 * r_bar)
    size.value = 5  # and back: the limits of the default chart again
    shift.value = 0
    assert box.result()[["xbar_lcl", "xbar_ucl"]].iloc[0].tolist() == pytest.approx(limits)


def test_control_chart_whatif_error_state(d):
    box = widgets.control_chart_whatif(d["tickets"], shift_from="2024-01-08")
    box.children[1].value = 10  # 16 baseline tickets: one subgroup of 10
    assert_error_state(box, "1 complete subgroup of 10.*smaller subgroup size")
    box.children[1].value = 5
    assert box.error is None
    png_of(box)


# --------------------------------------------------------------------------- lifecycle, CLV


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
    # the panel writes a true minus sign (U+2212)
    assert f"{ten.adjusted * 100:+,.1f}".replace("-", "\u2212") in box.summary.value
    assert f"{ten.true * 100:+,.1f}".replace("-", "\u2212") in box.summary.value
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
    counts = phases["phase"].value_counts()
    table = cells(box.summary.value)
    assert table[:3] == ["Phase", "Customers", "Share (%)"]
    for phase in lifecycle.PHASES:
        row = table.index(phase.capitalize())
        assert table[row + 1] == f"{counts[phase]:,}"  # whole numbers, not 406.0
        assert table[row + 2] == f"{100 * counts[phase] / len(phases):.1f}"
    assert table[-3:] == ["All customers", f"{len(phases):,}", "100.0"]
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
    margin.value, retention.value, discount.value = 200.0, 0.9, 0.1
    expected = value.clv_simple(200.0, 0.9, 0.1)
    assert box.result() == pytest.approx(expected)
    assert f"CLV = ${expected:,.0f}" in box.summary.value
    assert f"{value.clv_simple(1.0, 0.9, 0.1):.2f} &times;" in box.summary.value
    assert png_of(box) != before
    # the grid cell of the current rates is marked and holds the same multiple
    marked = re.findall(r"background:#fde9c8[^>]*>([^<]+)<", box.summary.value)
    assert marked == [f"{value.clv_simple(1.0, 0.9, 0.1):.2f}"]
    assert retention.readout_format == ".0%" and discount.readout_format == ".0%"
    # the timing menu switches the convention: the first margin certain, m / (1 + i - r)
    timing.value = "perpetuity"
    assert box.result() == pytest.approx(200.0 / (1.1 - 0.9))
    assert "the first margin certain" in box.summary.value
    marked = re.findall(r"background:#fde9c8[^>]*>([^<]+)<", box.summary.value)
    assert marked == [f"{1 / (1.1 - 0.9):.2f}"]  # the grid follows the timing
    # its figure is plots.margin_multiple at the sliders' values
    title = box.figure.axes[0].get_title().replace("\n", " ")
    assert f"{1 / (1.1 - 0.9):.2f} periods of margin" in title


# --------------------------------------------------------------------------- bad input


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
        (
            lambda d: widgets.shifted_xbar_chart(d["tickets"], shift_from="2023-12-01"),
            "shift_from",
        ),
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
