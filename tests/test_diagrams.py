"""Tests for crmkit.diagrams: boxes where asked, arrows that join the right boxes, no text
outside its box, and clear errors."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from crmkit import diagrams


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _inside(ax, text, patch) -> bool:
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    t = text.get_window_extent(renderer)
    p = patch.get_window_extent(renderer)
    return p.x0 <= t.x0 and t.x1 <= p.x1 and p.y0 <= t.y0 and t.y1 <= p.y1


def test_box_diagram_places_boxes_and_arrows():
    ax = diagrams.box_diagram(
        {
            "a": {"xy": (2, 3), "text": "Customer", "colour": "grey"},
            "b": {"xy": (8, 3), "text": "Company", "detail": "sales, service, marketing"},
        },
        [("a", "b", "orders"), ("b", "a", "service", {"rad": 0.3})],
        title="Two sides",
    )
    assert set(ax.boxes) == {"a", "b"}
    assert len(ax.arrows) == 2
    # the box centred at x=2 lies left of the one at x=8
    a, b = ax.boxes["a"], ax.boxes["b"]
    assert a.get_x() + a.get_width() / 2 == pytest.approx(2)
    assert b.get_x() + b.get_width() / 2 == pytest.approx(8)
    texts = [t.get_text() for t in ax.texts]
    assert "Customer" in texts and "orders" in texts and "service" in texts
    assert ax.get_title() == "Two sides"


def test_long_text_wraps_and_stays_inside_its_box():
    detail = "demand forecasting, sales statistics, profitability, segmentation and offers"
    ax = diagrams.box_diagram(
        {"a": {"xy": (5, 3), "text": "Analytical CRM", "detail": detail, "size": (3, 1.2)}}
    )
    label, body = ax.texts
    assert "\n" in body.get_text()  # wrapped
    assert _inside(ax, label, ax.boxes["a"]) and _inside(ax, body, ax.boxes["a"])


def test_cycle_diagram_joins_each_step_to_the_next():
    steps = ["Define", "Measure", "Analyze", "Improve", "Control"]
    ax = diagrams.cycle_diagram(steps, centre="DMAIC", details=[""] * 5)
    assert list(ax.boxes) == steps
    assert len(ax.arrows) == len(steps)
    # first step at the top, the rest clockwise: Measure lies right of Define's centre
    centre_x = {k: p.get_x() + p.get_width() / 2 for k, p in ax.boxes.items()}
    centre_y = {k: p.get_y() + p.get_height() / 2 for k, p in ax.boxes.items()}
    assert centre_y["Define"] == max(centre_y.values())
    assert centre_x["Measure"] > centre_x["Define"] > centre_x["Control"]
    for step in steps:
        text = next(t for t in ax.texts if t.get_text().replace("\n", " ") == step)
        assert _inside(ax, text, ax.boxes[step])


def test_bad_input_says_what_to_fix():
    with pytest.raises(ValueError, match="box 'a' needs 'xy'"):
        diagrams.box_diagram({"a": {"text": "x"}})
    with pytest.raises(ValueError, match="does not fit the canvas"):
        diagrams.box_diagram({"a": {"xy": (0, 0), "text": "x"}})
    with pytest.raises(ValueError, match="names the box 'c', which does not exist"):
        diagrams.box_diagram({"a": {"xy": (2, 2), "text": "x"}}, [("a", "c")])
    with pytest.raises(ValueError, match="colour 'red'; choose one of"):
        diagrams.box_diagram({"a": {"xy": (2, 2), "text": "x", "colour": "red"}})
    with pytest.raises(TypeError, match="must be a non-empty mapping"):
        diagrams.box_diagram([("a", (1, 1))])
    with pytest.raises(ValueError, match="at least 2 distinct steps"):
        diagrams.cycle_diagram(["Define", "Define"])
    with pytest.raises(ValueError, match="one detail per step"):
        diagrams.cycle_diagram(["a", "b"], details=["x"])


# --------------------------------------------------------------------------- 07


def test_loyalty_matrix_places_dick_and_basu_cells():
    ax = diagrams.loyalty_matrix()
    assert set(ax.boxes) == {"loyalty", "latent", "spurious", "none"}
    cx = {k: p.get_x() + p.get_width() / 2 for k, p in ax.boxes.items()}
    cy = {k: p.get_y() + p.get_height() / 2 for k, p in ax.boxes.items()}
    # high patronage on the right, high relative attitude on top (Dick & Basu 1994)
    assert cx["loyalty"] > cx["latent"] and cx["spurious"] > cx["none"]
    assert cy["loyalty"] > cy["spurious"] and cy["latent"] > cy["none"]
    labels = {t.get_text() for t in ax.texts}
    assert {"Loyalty", "Latent loyalty", "Spurious loyalty", "No loyalty"} <= labels
    assert {"Repeat patronage (behaviour)", "Relative attitude"} <= labels
    assert len(ax.arrows) == 2
    for key, (label, _) in zip(
        ("loyalty", "latent", "spurious", "none"), diagrams.LOYALTY_MATRIX.values(), strict=True
    ):
        text = next(t for t in ax.texts if t.get_text() == label)
        assert _inside(ax, text, ax.boxes[key])
    spurious = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert "price or convenience (distribution) loyalty" in spurious


# --------------------------------------------------------------------------- 08


def test_dmaic_is_a_loop_of_five_steps_on_the_complaint_process():
    ax = diagrams.dmaic()
    steps = ["Define", "Measure", "Analyze", "Improve", "Control"]
    assert list(ax.boxes) == steps and len(ax.arrows) == 5
    text = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    for word in ("complaint", "DPMO", "Cp and Cpk", "Pareto", "Western Electric"):
        assert word in text
    for step in steps:
        label = next(t for t in ax.texts if t.get_text() == step)
        assert _inside(ax, label, ax.boxes[step])
    assert "DMAIC" in ax.get_title()


def test_dfss_chains_dmadv_and_says_when():
    ax = diagrams.dfss()
    assert list(ax.boxes) == ["when", "Define", "Measure", "Analyze", "Design", "Verify"]
    assert len(ax.arrows) == 4
    xs = [ax.boxes[k].get_x() for k in ["Define", "Measure", "Analyze", "Design", "Verify"]]
    assert xs == sorted(xs)  # left to right
    text = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert "no process exists" in text and "cannot reach" in text
    for key in ax.boxes:
        patch = ax.boxes[key]
        for other in ax.boxes.values():
            if other is not patch:
                a, b = patch.get_extents(), other.get_extents()
                assert not a.overlaps(b), key  # no box covers another
