"""crmkit.widgets: each widget builds, updates when a control moves, shows exactly the pure
function's result for the new value, and rejects bad input before building anything."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from crmkit import data as kit_data
from crmkit import lifecycle, satisfaction, sixsigma, value, widgets


@pytest.fixture(scope="module")
def d():
    return kit_data.load_all()


def png_of(box):
    image = box.children[-1]
    assert image.value[:8] == b"\x89PNG\r\n\x1a\n"
    return image.value


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
    after = t[(t["opened_at"] >= "2024-01-01") & t["closed_at"].notna()]
    after = after.sort_values("opened_at", kind="stable")
    hours = sixsigma.resolution_hours(after).to_numpy()
    hours = hours + 15 * (after["opened_at"] >= "2024-07-01").to_numpy()
    n = len(hours) // 8 * 8
    np.testing.assert_allclose(chart["xbar"], hours[:n].reshape(-1, 8).mean(axis=1))


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


def test_clv_calculator_equals_clv_simple():
    box = widgets.clv_calculator()
    margin, retention, discount = box.children[:3]
    margin.value, retention.value, discount.value = 200.0, 0.9, 0.12
    expected = value.clv_simple(200.0, 0.9, 0.12)
    assert box.result() == pytest.approx(expected)
    assert f"CLV = ${expected:,.0f}" in box.summary.value
    assert f"{value.clv_simple(1.0, 0.9, 0.12):.2f} &times;" in box.summary.value
    assert box.figure is None


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
