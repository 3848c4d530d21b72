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


def _centre(patch):
    return patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height() / 2


def _joins(ax, arrow, a, b) -> bool:
    """The arrow starts at box ``a`` and ends at box ``b`` (its patchA and patchB)."""
    return arrow.patchA is ax.boxes[a] and arrow.patchB is ax.boxes[b]


def _texts(ax) -> list[str]:
    return [t.get_text().replace("\n", " ") for t in ax.texts]


# 03 ------------------------------------------------------------------------------------


def test_kalakota_lifecycle_reads_the_table_row_by_row():
    ax = diagrams.kalakota_lifecycle()
    texts = _texts(ax)
    # each phase column: phase, focus and strategy of the Kalakota & Robinson table
    for phase, focus, strategy in [
        ("Acquisition", "Focus: innovation", "Strategy: differentiation"),
        ("Enhancement", "Focus: cost reduction, service", "Strategy: bundling"),
        ("Retention", "Focus: listening", "Strategy: adaptation"),
    ]:
        assert {phase, focus, strategy} <= set(texts)
        key = phase.lower()
        x = [_centre(ax.boxes[k])[0] for k in (key, f"{key}_focus", f"{key}_strategy")]
        y = [_centre(ax.boxes[k])[1] for k in (key, f"{key}_focus", f"{key}_strategy")]
        assert x[0] == pytest.approx(x[1]) == pytest.approx(x[2])  # one column
        assert y[0] > y[1] > y[2]  # phase above focus above strategy
        for k, text in ((key, phase), (f"{key}_focus", focus), (f"{key}_strategy", strategy)):
            label = next(t for t in ax.texts if t.get_text().replace("\n", " ") == text)
            assert _inside(ax, label, ax.boxes[k])
    assert "cross-selling and up-selling" in texts
    assert "Lapsed: no recent order" in texts
    assert len(ax.arrows) == 2
    assert _joins(ax, ax.arrows[0], "acquisition", "enhancement")
    assert _joins(ax, ax.arrows[1], "enhancement", "retention")
    plt.close("all")
    assert "lapsed" not in diagrams.kalakota_lifecycle(lapsed=False).boxes
    with pytest.raises(TypeError, match="lapsed"):
        diagrams.kalakota_lifecycle(lapsed="yes")


# 04 ------------------------------------------------------------------------------------


def test_swift_model_joins_each_component_to_its_step_of_the_loop():
    ax = diagrams.swift_model()
    texts = _texts(ax)
    steps = ["Knowledge discovery", "Market planning", "Customer interaction"]
    steps.append("Analysis and refinement")
    components = ["Knowledge", "Relationship", "Interaction", "Connection"]
    assert set(steps + components) <= set(texts)
    loop = ["discovery", "planning", "interaction", "refinement"]
    # the loop: four arrows, each step to the next, the last back to the first
    for arrow, a, b in zip(ax.arrows[:4], loop, loop[1:] + loop[:1], strict=True):
        assert _joins(ax, arrow, a, b)
    # each component joined (both ways) to its step
    pairs = zip(
        ["knowledge", "relationship", "interaction_component", "connection"], loop, strict=True
    )
    for arrow, (c, s) in zip(ax.arrows[4:], pairs, strict=True):
        assert _joins(ax, arrow, c, s)
        assert type(arrow.get_arrowstyle()).__name__ == "CurveFilledAB"  # two heads
    assert all(type(a.get_arrowstyle()).__name__ == "CurveFilledB" for a in ax.arrows[:4])
    # clockwise from the top: discovery top, planning right, interaction bottom
    (xd, yd), (xp, _), (_, yi), (xr, _) = (_centre(ax.boxes[k]) for k in loop)
    assert yd > yi and xp > xd > xr
    # no two boxes overlap
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    extents = [p.get_window_extent(renderer) for p in ax.boxes.values()]
    for i, a in enumerate(extents):
        for b in extents[i + 1 :]:
            assert not a.overlaps(b)


def test_crm_work_cycle_runs_through_every_step_and_back():
    ax = diagrams.crm_work_cycle()
    steps = [s for s, _ in diagrams.CRM_WORK_CYCLE]
    assert steps[0] == "Preparation" and steps[-2:] == ["Automation", "Measurement"]
    assert len(steps) == len(set(steps)) == 16
    assert set(steps) <= set(_texts(ax))
    for arrow, a, b in zip(ax.arrows, steps, steps[1:] + steps[:1], strict=True):
        assert _joins(ax, arrow, a, b)
    assert len(ax.arrows) == 16
    # the centre box says what the last step does
    assert "Measure, then widen or revise" in _texts(ax)


# ------------------------------------------------------------------- notebook 01


def test_crm_structure_names_the_three_kinds_of_crm_and_the_loop():
    ax = diagrams.crm_structure()
    assert set(ax.boxes) == {"customer", "manager", "analytics", "feedback"}
    assert len(ax.arrows) == 5
    texts = [t.get_text().replace("\n", " ") for t in ax.texts]
    joined = " ".join(texts)
    # the three kinds of CRM (HSE 2007, slide 4), each in the box of what it serves
    for kind in ("Collaborative CRM", "Operational CRM", "Analytical CRM"):
        assert kind in joined
    # the six outputs of the feedback (slide 5), every one in the feedback box
    feedback = next(t for t in ax.texts if "demand forecasting" in t.get_text())
    for item in diagrams.CRM_FEEDBACK:
        assert item in feedback.get_text().replace("\n", " ")
    assert len(diagrams.CRM_FEEDBACK) == 6
    assert _inside(ax, feedback, ax.boxes["feedback"])
    for key, label in (
        ("customer", "Customer"),
        ("manager", "Manager"),
        ("analytics", "Analytics"),
    ):
        text = next(t for t in ax.texts if t.get_text() == label)
        assert _inside(ax, text, ax.boxes[key])
    # the arrows join customer -> manager -> analytics -> feedback -> manager and customer
    assert "contacts, orders, complaints" in texts and "individualised offers" in texts
    centre_y = {k: p.get_y() + p.get_height() / 2 for k, p in ax.boxes.items()}
    assert centre_y["manager"] > centre_y["customer"] > centre_y["feedback"]
    assert "three kinds of CRM" in ax.get_title()
    # no two boxes overlap
    ax.figure.canvas.draw()
    r = ax.figure.canvas.get_renderer()
    extents = [p.get_window_extent(r) for p in ax.boxes.values()]
    assert not any(a.overlaps(b) for i, a in enumerate(extents) for b in extents[i + 1 :])


# ----------------------------------------------------------------------------- notebooks 05, 06


def _centre(patch):
    return patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height() / 2


def test_expectation_disconfirmation_boxes_and_arrows():
    ax = diagrams.expectation_disconfirmation()
    assert list(ax.boxes) == [
        "expectations", "performance", "disconfirmation", "satisfaction", "intention"
    ]  # fmt: skip
    texts = [t.get_text().replace("\n", " ") for t in ax.texts]
    for label in ("Expectations", "Perceived performance", "Disconfirmation", "Satisfaction"):
        assert label in texts
    assert "adaptation level" in texts
    assert len(ax.arrows) == 5
    # the flow runs left to right: expectations and performance, then disconfirmation ...
    x = {k: _centre(p)[0] for k, p in ax.boxes.items()}
    assert x["expectations"] == x["performance"] < x["disconfirmation"] < x["satisfaction"]
    assert x["satisfaction"] < x["intention"]
    assert "Oliver 1980" in ax.get_title()


def test_acsi_model_labels_each_path_with_its_coefficient():
    import pandas as pd

    from crmkit import satisfaction

    ax = diagrams.acsi_model()
    assert set(ax.boxes) == set(satisfaction.ACSI_BLOCKS)
    assert len(ax.arrows) == len(satisfaction.ACSI_PATHS) == 9
    assert not any(t.get_text().startswith(("+", "-")) for t in ax.texts)
    plt.close("all")
    paths = pd.DataFrame(
        [(s, t, 0.1 * k - 0.4) for k, (s, t) in enumerate(satisfaction.ACSI_PATHS)],
        columns=["source", "target", "coefficient"],
    )
    ax = diagrams.acsi_model(paths)
    labels = [t.get_text() for t in ax.texts if t.get_text()[:1] in "+-"]
    assert labels == [f"{c:+.2f}" for c in paths["coefficient"]]
    # satisfaction sits between its causes and its consequences
    x = {k: _centre(p)[0] for k, p in ax.boxes.items()}
    assert x["quality"] < x["value"] < x["satisfaction"] < x["loyalty"]
    with pytest.raises(ValueError, match="'loyalty' -> 'quality', which is not in the ACSI"):
        diagrams.acsi_model(pd.DataFrame({"source": ["loyalty"], "target": ["quality"],
                                          "coefficient": [0.1]}))  # fmt: skip


def test_unprofitable_options_pairs_each_cause_with_its_remedy():
    ax = diagrams.unprofitable_options()
    assert len(ax.boxes) == 9 and len(ax.arrows) == 8
    texts = [t.get_text().replace("\n", " ") for t in ax.texts]
    for label in ("Unprofitable customer", "Sells below cost", "Reprice the offer", "Let go"):
        assert label in texts
    centre = {k: _centre(p) for k, p in ax.boxes.items()}
    # each remedy is level with its cause, right of it; "let go" is last (lowest)
    for cause, remedy in (("price", "reprice"), ("cost", "serve"), ("new", "develop"),
                          ("none", "let_go")):  # fmt: skip
        assert centre[remedy][1] == pytest.approx(centre[cause][1])
        assert centre[remedy][0] > centre[cause][0] > centre["customer"][0]
    assert centre["let_go"][1] == min(y for _, y in centre.values())
    for key, patch in ax.boxes.items():
        label = next(t for t in ax.texts if t.get_position()[0] == pytest.approx(_centre(patch)[0])
                     and t.get_fontweight() == "bold" and _inside(ax, t, patch))  # fmt: skip
        assert label, key


def test_crm_scorecard_has_every_perspective_and_its_success_factors():
    from crmkit.scorecard import MEASURES, PERSPECTIVES

    ax = diagrams.crm_scorecard()
    assert list(ax.boxes) == [*PERSPECTIVES, "Strategic Six Sigma"]
    texts = [t.get_text().replace("\n", " ") for t in ax.texts]
    for perspective in PERSPECTIVES:
        factors = {m.success_factor for m in MEASURES if m.perspective == perspective}
        detail = next(
            t for t in texts if all(f in t for f in factors) and "measure" in t
        )  # the wording of crmkit.scorecard, wrapped
        n = sum(m.perspective == perspective for m in MEASURES)
        assert f"({n} measure" in detail
    # people -> 3 operations -> customer -> financial, and Six Sigma -> service: 8 arrows
    assert len(ax.arrows) == 8
    centre = {k: p.get_y() + p.get_height() / 2 for k, p in ax.boxes.items()}
    assert (
        centre["People and information"]
        < centre["Operations: sales"]
        < centre["Customer"]
        < centre["Financial"]
    )
    for key, patch in ax.boxes.items():
        label = next(t for t in ax.texts if t.get_text().replace("\n", " ") == key)
        assert _inside(ax, label, patch), key
    assert "cause and effect" in ax.get_title()
    assert len(diagrams.crm_scorecard(six_sigma=False).boxes) == len(PERSPECTIVES)


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
