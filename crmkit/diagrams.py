"""The course's frameworks drawn by code: boxes, arrows and cycles on a matplotlib Axes.

The lecture notebooks draw their frameworks (the structure of CRM, the Kalakota & Robinson
lifecycle, Swift's loop, DMAIC, the scorecard) with the two building blocks here, so every
diagram shares one look: rounded boxes in the course's colour-blind-safe palette, text
sized to be read from the back of a room, arrows that stop at the box edges.

- :func:`box_diagram`: boxes placed on a grid, joined by labelled arrows.
- :func:`cycle_diagram`: steps around a loop, each arrow to the next, with a centre label.

Each function takes ``ax=`` (or makes a new figure) and returns the Axes, like the figures of
:mod:`crmkit.plots`. A framework of a notebook is a small public function below that
calls one of them with the framework's own boxes, so its wording lives in one place.

matplotlib is imported when a function draws, not when the module is imported.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "box_diagram",
    "cycle_diagram",
    "KALAKOTA_TABLE",
    "kalakota_lifecycle",
    "SWIFT_COMPONENTS",
    "SWIFT_LOOP",
    "swift_model",
    "CRM_WORK_CYCLE",
    "crm_work_cycle",
    "CRM_FEEDBACK",
    "crm_structure",
    "expectation_disconfirmation",
    "acsi_model",
    "unprofitable_options",
    "crm_scorecard",
    "loyalty_matrix",
    "dmaic",
    "dfss",
]

#: Fill colours of boxes, light tints of the Okabe-Ito palette (dark text stays legible).
TINTS: dict[str, str] = {
    "blue": "#CCE3F0",
    "orange": "#FAE7C2",
    "green": "#C2E8DD",
    "purple": "#F2DCE8",
    "sky": "#D9EEFA",
    "vermillion": "#F6D5C2",
    "grey": "#E6E6E6",
}
#: Edge colours: the palette's own colours (Okabe & Ito 2008), one per tint.
EDGES: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "vermillion": "#D55E00",
    "grey": "#666666",
}
_CYCLE_COLOURS = ("blue", "orange", "green", "purple", "sky", "vermillion")


def _canvas(ax: Axes | None, width: float, height: float) -> Axes:
    """An Axes with a ``width`` x ``height`` drawing area in data units and no axes lines."""
    if ax is None:
        import matplotlib.pyplot as plt

        fig_w = 11.0
        _, ax = plt.subplots(figsize=(fig_w, min(8.0, max(3.5, fig_w * height / width))))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    ax.grid(False)
    return ax


def _check_colour(colour: object, where: str) -> str:
    if colour not in TINTS:
        raise ValueError(
            f"{where} has the colour {colour!r}; choose one of {', '.join(map(repr, TINTS))}."
        )
    return str(colour)


def _points_per_unit(ax) -> tuple[float, float]:
    """Printer's points per data unit across and up the Axes (from its size in the figure)."""
    fig_w, fig_h = ax.figure.get_size_inches()
    pos = ax.get_position()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return fig_w * pos.width * 72 / (x1 - x0), fig_h * pos.height * 72 / (y1 - y0)


def _wrap_text(ax, text: str, width: float, fontsize: float) -> str:
    """Wrap each paragraph of ``text`` so it fits a box ``width`` data units wide.

    An average character of DejaVu Sans is about 0.6 of the font size wide.
    """
    chars = max(6, int(0.88 * width * _points_per_unit(ax)[0] / (0.6 * fontsize)))
    return "\n".join(
        textwrap.fill(part, chars, break_long_words=False) if part else ""
        for part in text.split("\n")
    )


def _box(ax, x, y, text, *, width, height, colour, fontsize, detail=None, detail_size=None):
    """Draw one rounded box centred on (x, y) with a bold label and optional detail text.

    The box grows taller when its text would not fit ``height``, so no text spills out.
    """
    from matplotlib.patches import FancyBboxPatch

    label = _wrap_text(ax, text, width, fontsize)
    size = detail_size or fontsize - 2
    detail = _wrap_text(ax, detail, width, size) if detail else ""
    per_y = _points_per_unit(ax)[1]
    # text block: the label (bold), a gap, the detail; 1.25 and 1.3 are the line spacings
    label_h = (label.count("\n") + 1) * fontsize * 1.3 / per_y
    gap = 0.4 * fontsize / per_y if detail else 0.0
    detail_h = (detail.count("\n") + 1) * size * 1.35 / per_y if detail else 0.0
    block = label_h + gap + detail_h
    height = max(height, block + 1.2 * fontsize / per_y)
    pad = 0.08
    patch = FancyBboxPatch(
        (x - width / 2 + pad, y - height / 2 + pad),
        width - 2 * pad,
        height - 2 * pad,
        boxstyle=f"round,pad={pad}",
        facecolor=TINTS[colour],
        edgecolor=EDGES[colour],
        linewidth=2.0,
        zorder=2,
    )
    ax.add_patch(patch)
    top = y + block / 2
    ax.text(x, top, label, ha="center", va="top", fontsize=fontsize, fontweight="bold", zorder=3)
    if detail:
        ax.text(
            x,
            top - label_h - gap,
            detail,
            ha="center",
            va="top",
            fontsize=size,
            color="#222222",
            zorder=3,
            linespacing=1.3,
        )
    return patch


def _fit(ax, patches) -> None:
    """Widen the Axes limits when a box grew past the canvas, so nothing is cut off."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for p in patches:
        pad = 0.12
        x0, x1 = min(x0, p.get_x() - pad), max(x1, p.get_x() + p.get_width() + pad)
        y0, y1 = min(y0, p.get_y() - pad), max(y1, p.get_y() + p.get_height() + pad)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)


def _arrow(ax, start, end, *, text=None, rad=0.0, fontsize=12, colour="#333333", both=False):
    """An arrow from patch ``start`` to patch ``end`` that stops at their edges."""
    from matplotlib.patches import FancyArrowPatch

    a = start.get_x() + start.get_width() / 2, start.get_y() + start.get_height() / 2
    b = end.get_x() + end.get_width() / 2, end.get_y() + end.get_height() / 2
    arrow = FancyArrowPatch(
        a,
        b,
        patchA=start,
        patchB=end,
        arrowstyle="<|-|>" if both else "-|>",
        mutation_scale=18,
        connectionstyle=f"arc3,rad={rad}",
        color=colour,
        linewidth=1.8,
        shrinkA=4,
        shrinkB=4,
        zorder=1,
    )
    ax.add_patch(arrow)
    if text:
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        # an arc3 curve bulges by rad x half the chord, perpendicular to it
        dx, dy = b[0] - a[0], b[1] - a[1]
        mx, my = mx + rad * dy / 2, my - rad * dx / 2
        ax.text(
            mx,
            my,
            text,
            ha="center",
            va="center",
            fontsize=fontsize,
            color=colour,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
        )
    return arrow


def box_diagram(
    boxes: Mapping[str, Mapping[str, object]],
    arrows: Sequence[Sequence[object]] = (),
    *,
    size: tuple[float, float] = (10.0, 6.0),
    fontsize: float = 14,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw boxes at given places and the arrows between them.

    Parameters
    ----------
    boxes : mapping of str to mapping
        One entry per box, keyed by a short name. Each value holds ``xy`` (the centre, in
        the canvas's units), ``text`` (the bold label) and optionally ``detail`` (smaller
        text under the label), ``size`` (width, height; default (2.6, 1.2)) and
        ``colour`` (a key of :data:`TINTS`, default "blue").
    arrows : sequence of (start, end) or (start, end, label) or (start, end, label, options)
        Arrows between boxes, by key. ``options`` is a mapping that may hold ``rad`` (the
        curvature, 0 for a straight arrow) and ``both`` (True for a two-headed arrow).
    size : (float, float), default (10, 6)
        Width and height of the canvas in data units.
    fontsize : float, default 14
        Size of the box labels; details are 2 points smaller.
    title : str, optional
        The figure's title (state what the diagram shows).
    ax : matplotlib Axes, optional
        Where to draw; a new figure sized to the canvas by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, with ``ax.boxes`` (key -> patch) and ``ax.arrows`` (list of patches).

    Raises
    ------
    ValueError
        If a box lacks ``xy`` or ``text``, lies outside the canvas, has an unknown colour,
        or an arrow names a box that does not exist.
    TypeError
        If ``boxes`` is not a mapping.

    Examples
    --------
    >>> ax = box_diagram(
    ...     {"a": {"xy": (2, 3), "text": "Customer"}, "b": {"xy": (8, 3), "text": "Company"}},
    ...     [("a", "b", "orders"), ("b", "a", "service", {"rad": 0.3})],
    ...     title="Two sides of a relationship",
    ... )
    >>> sorted(ax.boxes), len(ax.arrows)
    (['a', 'b'], 2)
    >>> [t.get_text() for t in ax.texts][:2]
    ['Customer', 'Company']
    """
    if not isinstance(boxes, Mapping) or not boxes:
        raise TypeError(
            "argument 'boxes' must be a non-empty mapping of name -> {'xy': (x, y), 'text': ...}"
            f" but is {type(boxes).__name__}."
        )
    width, height = size
    ax = _canvas(ax, width, height)
    patches = {}
    for key, spec in boxes.items():
        if not isinstance(spec, Mapping) or "xy" not in spec or "text" not in spec:
            raise ValueError(f"box {key!r} needs 'xy' (its centre) and 'text' (its label).")
        x, y = spec["xy"]
        w, h = spec.get("size", (2.6, 1.2))
        if not (w / 2 <= x <= width - w / 2 and h / 2 <= y <= height - h / 2):
            raise ValueError(
                f"box {key!r} at {(x, y)} with size {(w, h)} does not fit the canvas "
                f"{width} x {height}; move it or enlarge 'size'."
            )
        colour = _check_colour(spec.get("colour", "blue"), f"box {key!r}")
        patches[key] = _box(
            ax,
            x,
            y,
            str(spec["text"]),
            width=w,
            height=h,
            colour=colour,
            fontsize=fontsize,
            detail=spec.get("detail"),
        )
    drawn = []
    for arrow in arrows:
        start, end, *rest = arrow
        for key in (start, end):
            if key not in patches:
                raise ValueError(
                    f"an arrow names the box {key!r}, which does not exist; boxes are "
                    f"{', '.join(map(repr, patches))}."
                )
        label = rest[0] if rest else None
        options = dict(rest[1]) if len(rest) > 1 else {}
        drawn.append(
            _arrow(
                ax,
                patches[start],
                patches[end],
                text=label,
                rad=float(options.get("rad", 0.0)),
                both=bool(options.get("both", False)),
            )
        )
    _fit(ax, patches.values())
    ax.boxes, ax.arrows = patches, drawn
    if title:
        ax.set_title(title)
    return ax


def cycle_diagram(
    steps: Sequence[str],
    *,
    details: Sequence[str] | None = None,
    centre: str | None = None,
    size: tuple[float, float] = (12.0, 7.0),
    box_size: tuple[float, float] = (3.2, 1.5),
    fontsize: float = 14,
    start_angle: float = 90.0,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw steps around a loop, clockwise from the top, each arrow to the next.

    Parameters
    ----------
    steps : sequence of str
        The steps' labels, in order (at least 2).
    details : sequence of str, optional
        A line of smaller text under each step's label (same length as ``steps``).
    centre : str, optional
        A label in the middle of the loop (what the loop serves).
    size : (float, float), default (12, 7)
        Width and height of the canvas.
    box_size : (float, float), default (3.2, 1.5)
        Width and height of each step's box.
    fontsize : float, default 14
        Size of the labels.
    start_angle : float, default 90
        Where the first step sits, in degrees counter-clockwise from the right (90 = top).
    title : str, optional
        The figure's title.
    ax : matplotlib Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, with ``ax.boxes`` (step -> patch) and ``ax.arrows``.

    Raises
    ------
    ValueError
        If there are fewer than 2 steps, repeated steps, or ``details`` has another length.

    Examples
    --------
    >>> ax = cycle_diagram(["Define", "Measure", "Analyze", "Improve", "Control"],
    ...                    centre="DMAIC")
    >>> len(ax.boxes), len(ax.arrows)
    (5, 5)
    """
    import math

    steps = [str(s) for s in steps]
    if len(steps) < 2 or len(set(steps)) != len(steps):
        raise ValueError(
            f"argument 'steps' needs at least 2 distinct steps in order, got {steps!r}."
        )
    if details is not None and len(details) != len(steps):
        raise ValueError(
            f"argument 'details' has {len(details)} entries for {len(steps)} steps; give "
            "one detail per step (an empty string for none)."
        )
    width, height = size
    ax = _canvas(ax, width, height)
    w, h = box_size
    rx, ry = (width - w) / 2 - 0.1, (height - h) / 2 - 0.1
    cx, cy = width / 2, height / 2
    patches = {}
    for i, step in enumerate(steps):
        angle = math.radians(start_angle - 360.0 * i / len(steps))
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        patches[step] = _box(
            ax,
            x,
            y,
            step,
            width=w,
            height=h,
            colour=_CYCLE_COLOURS[i % len(_CYCLE_COLOURS)],
            fontsize=fontsize,
            detail=details[i] if details is not None and details[i] else None,
        )
    arrows = [
        _arrow(ax, patches[a], patches[b], rad=-0.25)
        for a, b in zip(steps, steps[1:] + steps[:1], strict=True)
    ]
    if centre:
        ax.text(
            cx,
            cy,
            _wrap_text(ax, centre, width / 3, fontsize + 2),
            ha="center",
            va="center",
            fontsize=fontsize + 2,
            fontweight="bold",
            color="#333333",
        )
    _fit(ax, patches.values())
    ax.boxes, ax.arrows = patches, arrows
    if title:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------------------------------
# 03 The Kalakota & Robinson CRM lifecycle
# ---------------------------------------------------------------------------------------

#: The Kalakota & Robinson (1999, 2001) table as the course reads it: phase, its goal, the
#: organisation's focus in it (with what that means) and the strategy it calls for.
KALAKOTA_TABLE: tuple[dict[str, str], ...] = (
    {
        "phase": "Acquisition",
        "goal": "win new customers with leading products and services",
        "focus": "innovation",
        "focus_detail": "new products; new services on existing ones; products "
        "defined by what customers want",
        "strategy": "differentiation",
        "strategy_detail": "stand out from competitors",
    },
    {
        "phase": "Enhancement",
        "goal": "make existing customers more profitable",
        "focus": "cost reduction, service",
        "focus_detail": "serve each segment at the right cost, and serve it well",
        "strategy": "bundling",
        "strategy_detail": "cross-selling and up-selling",
    },
    {
        "phase": "Retention",
        "goal": "keep profitable customers: deliver what they want, not what the market wants",
        "focus": "listening",
        "focus_detail": "listen to customers and offer them new products",
        "strategy": "adaptation",
        "strategy_detail": "to the customer and the market",
    },
)


def kalakota_lifecycle(*, lapsed: bool = True, ax: Axes | None = None) -> Axes:
    """The Kalakota & Robinson CRM lifecycle: each phase with its focus and its strategy.

    One column per phase (acquisition, enhancement, retention), read top to bottom as a
    row of their table: the phase and its goal, the organisation's focus, the strategy.
    Arrows join the phases in the order a relationship passes through them. With
    ``lapsed``, a grey strip underneath adds the state the kit's phase rules also assign
    (:func:`crmkit.lifecycle.assign_phase`): a relationship gone quiet, which can happen
    in any phase and is not one of Kalakota & Robinson's phases.

    Parameters
    ----------
    lapsed : bool, default True
        Draw the lapsed strip.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, with ``ax.boxes`` (keys ``acquisition``, ``acquisition_focus``,
        ``acquisition_strategy``, the same for ``enhancement`` and ``retention``, and
        ``lapsed``) and ``ax.arrows``.

    Raises
    ------
    TypeError
        If ``lapsed`` is not True or False.

    References
    ----------
    Kalakota, R., & Robinson, M. (1999). *e-Business: Roadmap for Success*.
    Addison-Wesley (2nd ed. *e-Business 2.0*, 2001).

    Examples
    --------
    >>> ax = kalakota_lifecycle()
    >>> [k for k in ax.boxes if "_" not in k]
    ['acquisition', 'enhancement', 'retention', 'lapsed']
    >>> ax.boxes["enhancement_strategy"] is not None, len(ax.arrows)
    (True, 2)
    """
    if not isinstance(lapsed, bool):
        raise TypeError(f"argument 'lapsed' must be True or False but is {lapsed!r}.")
    colours = ("blue", "green", "orange")
    top = 11.8 if lapsed else 9.4
    boxes: dict[str, dict[str, object]] = {}
    for k, (row, colour) in enumerate(zip(KALAKOTA_TABLE, colours, strict=True)):
        x = 2.25 + 4.75 * k
        key = row["phase"].lower()
        boxes[key] = {
            "xy": (x, top - 1.3),
            "text": row["phase"],
            "detail": row["goal"],
            "size": (4.2, 2.4),
            "colour": colour,
        }
        boxes[f"{key}_focus"] = {
            "xy": (x, top - 4.75),
            "text": f"Focus: {row['focus']}",
            "detail": row["focus_detail"],
            "size": (4.2, 2.8),
            "colour": "grey",
        }
        boxes[f"{key}_strategy"] = {
            "xy": (x, top - 8.0),
            "text": f"Strategy: {row['strategy']}",
            "detail": row["strategy_detail"],
            "size": (4.2, 2.0),
            "colour": colour,
        }
    if lapsed:
        boxes["lapsed"] = {
            "xy": (7.0, 1.0),
            "text": "Lapsed: no recent order",
            "detail": "a relationship can go quiet in any phase (the kit's fourth state)",
            "size": (13.6, 1.6),
            "colour": "grey",
        }
    arrows = [("acquisition", "enhancement"), ("enhancement", "retention")]
    return box_diagram(
        boxes,
        arrows,
        size=(14.0, top),
        fontsize=15,
        title="Kalakota & Robinson: each phase calls for its own strategy",
        ax=ax,
    )


# ---------------------------------------------------------------------------------------
# 04 Swift's CRM process model, the CRM work cycle
# ---------------------------------------------------------------------------------------

#: Swift's (2001) four components, as (name, what it is).
SWIFT_COMPONENTS: tuple[tuple[str, str], ...] = (
    (
        "Knowledge",
        "insight from analysing the data: learning about customers, products, "
        "channels, markets, competitors",
    ),
    (
        "Relationship",
        "using that insight in valuable interactions with customers, channels, suppliers, partners",
    ),
    ("Interaction", "the exchanges of every contact and the data they leave"),
    ("Connection", "mapping and managing the touchpoints of customer, channel and company"),
)
#: Swift's (2001) CRM process loop, as (step, what it does).
SWIFT_LOOP: tuple[tuple[str, str], ...] = (
    ("Knowledge discovery", "identification, segmentation, prediction"),
    ("Market planning", "market, offer, marketing and communication plans"),
    (
        "Customer interaction",
        "the right information at the right time, through a range of channels",
    ),
    ("Analysis and refinement", "continuous learning from the responses"),
)


def swift_model(*, ax: Axes | None = None) -> Axes:
    """Swift's four CRM components around his CRM process loop, in one diagram.

    The loop (knowledge discovery, market planning, customer interaction, analysis and
    refinement) runs clockwise in the middle; each of the four components (knowledge,
    relationship, interaction, connection) sits in a corner, joined by a two-headed arrow
    to the step of the loop where it does its work: knowledge is built in knowledge
    discovery, relationships are planned in market planning, interactions happen in
    customer interaction, and the connection (the mapped touchpoints) is where analysis
    and refinement collects the responses it learns from.

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, with ``ax.boxes`` (keys ``discovery``, ``planning``, ``interaction``,
        ``refinement`` for the loop and ``knowledge``, ``relationship``,
        ``interaction_component``, ``connection`` for the components) and ``ax.arrows``
        (four around the loop, then four component links).

    References
    ----------
    Swift, R. S. (2001). *Accelerating Customer Relationships: Using CRM and Relationship
    Technologies*. Prentice Hall.

    Examples
    --------
    >>> ax = swift_model()
    >>> len(ax.boxes), len(ax.arrows)
    (8, 8)
    >>> sorted(t.get_text().replace("\\n", " ") for t in ax.texts)[:3]
    ['Analysis and refinement', 'Connection', 'Customer interaction']
    """
    loop_keys = ("discovery", "planning", "interaction", "refinement")
    component_keys = ("knowledge", "relationship", "interaction_component", "connection")
    # loop: top, right, bottom, left (clockwise); each component in the corner before
    # its step, so the picture turns the same way as the loop
    loop_xy = ((8.5, 8.1), (13.0, 5.7), (8.5, 3.3), (4.0, 5.7))
    component_xy = ((2.6, 10.2), (14.4, 10.2), (14.4, 1.2), (2.6, 1.2))
    boxes: dict[str, dict[str, object]] = {}
    for key, xy, (step, detail), colour in zip(
        loop_keys, loop_xy, SWIFT_LOOP, _CYCLE_COLOURS, strict=False
    ):
        boxes[key] = {
            "xy": xy,
            "text": step,
            "detail": detail,
            "size": (4.0, 2.0),
            "colour": colour,
        }
    for key, xy, (name, detail) in zip(component_keys, component_xy, SWIFT_COMPONENTS, strict=True):
        boxes[key] = {
            "xy": xy,
            "text": name,
            "detail": detail,
            "size": (5.0, 2.2),
            "colour": "grey",
        }
    ring = list(zip(loop_keys, loop_keys[1:] + loop_keys[:1], strict=True))
    arrows: list[tuple] = [(a, b, None, {"rad": -0.3}) for a, b in ring]
    arrows += [(c, s, None, {"both": True}) for c, s in zip(component_keys, loop_keys, strict=True)]
    ax = box_diagram(
        boxes,
        arrows,
        size=(17.0, 11.4),
        fontsize=15,
        title="Swift: four components (grey) at work in the CRM process loop",
        ax=ax,
    )
    return ax


#: The CRM work cycle of the seminar's slides, in the order they list it, as (step, what
#: it means there).
CRM_WORK_CYCLE: tuple[tuple[str, str], ...] = (
    ("Preparation", "know the customers, the equipment, the people and the market"),
    ("Effectiveness", "the part advertising plays"),
    ("Capacity measurement", "what the organisation can take on"),
    ("Programming", "writing the programme: part of preparing"),
    ("Persuasion", "incentive policies"),
    ("Value proposition", "an exchange or special terms that make the offer work better"),
    ("Research", "study the market and the customers"),
    ("Identification", "find the opportunities and the potential"),
    ("Agreement", "agree to carry out the plan and the next one"),
    ("Launch and correction", "the offer is born, then corrected"),
    ("Optimisation", "the offer is optimised"),
    ("Culture", "fit the target market's cultural norms and beliefs"),
    ("Processing", "the hands-on experience to run the project"),
    ("Technology", "quality, speed of service and price through technology"),
    ("Automation", "what worked runs automatically the next time"),
    ("Measurement", "results lead to expansion, or back to an earlier step for review"),
)


def crm_work_cycle(*, ax: Axes | None = None) -> Axes:
    """The CRM work cycle of the seminar's slides: sixteen steps around one loop.

    The steps run clockwise around a rectangle, from preparation (top left) to
    measurement (orange), whose arrow closes the loop: measuring the results either widens the
    programme or sends the team back to an earlier step to revise it. The centre says
    so. :data:`CRM_WORK_CYCLE` holds each step with what it means.

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, with ``ax.boxes`` (one per step, keyed by the step's name, and
        ``"centre"``) and ``ax.arrows`` (one from each step to the next, the last back to
        the first).

    Examples
    --------
    >>> ax = crm_work_cycle()
    >>> len(ax.arrows), list(ax.boxes)[:2], list(ax.boxes)[15]
    (16, ['Preparation', 'Effectiveness'], 'Measurement')
    """
    steps = [s for s, _ in CRM_WORK_CYCLE]
    xs = [1.8 + 3.6 * k for k in range(5)]
    places = [(x, 9.0) for x in xs]  # top row, left to right
    places += [(xs[-1], y) for y in (7.0, 5.0, 3.0)]  # right column, down
    places += [(x, 1.0) for x in xs[::-1]]  # bottom row, right to left
    places += [(xs[0], y) for y in (3.0, 5.0, 7.0)]  # left column, up
    boxes: dict[str, dict[str, object]] = {
        step: {
            "xy": xy,
            "text": step,
            "size": (2.9, 1.4),
            "colour": "orange" if step == "Measurement" else "sky",
        }
        for step, xy in zip(steps, places, strict=True)
    }
    boxes["centre"] = {
        "xy": (9.0, 5.0),
        "text": "Measure, then widen or revise",
        "detail": "measurement either widens the programme or sends it back to an earlier "
        "step for review",
        "size": (9.4, 2.6),
        "colour": "grey",
    }
    arrows = list(zip(steps, steps[1:] + steps[:1], strict=True))
    return box_diagram(
        boxes,
        arrows,
        size=(18.0, 10.0),
        fontsize=14,
        title="The CRM work cycle: from preparation to measurement, and round again",
        ax=ax,
    )


# ---------------------------------------------------------------------------------------
# Notebook 01: the structure of CRM and how a CRM system works
# ---------------------------------------------------------------------------------------

#: What a CRM system's analytics feed back (HSE 2007, slide 5), in the diagram's order.
CRM_FEEDBACK: tuple[str, ...] = (
    "demand forecasting",
    "sales statistics and profitability",
    "segmentation",
    "individualised offers",
    "resource allocation",
    "communication effectiveness",
)


def crm_structure(*, fontsize: float = 14, ax: Axes | None = None) -> Axes:
    """Operational, analytical and collaborative CRM in the loop of a working CRM system.

    One diagram of the HSE (2007) deck's two slides on CRM's structure: the customer,
    the manager and the analytics joined by what flows between them, each box naming the
    kind of CRM that serves it, and the feedback the analytics return to the manager.

    - **Collaborative CRM** serves the customer: it lets customers shape new and modified
      products, service and delivery.
    - **Operational CRM** serves the manager: the customer information base used at every
      step of work with a customer (first contract, sale, service, support).
    - **Analytical CRM** serves the analytics: customer and interaction data processed
      into reports for management decisions.
    - **Feedback**: demand forecasting, sales statistics and profitability, segmentation,
      individualised offers, resource allocation and communication effectiveness
      (:data:`CRM_FEEDBACK`).

    Parameters
    ----------
    fontsize : float, default 14
        Size of the box labels (details are 2 points smaller).
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes of :func:`box_diagram`, with ``ax.boxes`` keyed ``customer``,
        ``manager``, ``analytics``, ``feedback`` and ``ax.arrows``.

    References
    ----------
    Higher School of Economics (HSE) (2007). Построение отношений клиентоориентированной
    компании [Building the relationships of a customer-oriented company]. Lecture slides,
    Moscow: HSE (slides 4 and 5).

    Examples
    --------
    >>> ax = crm_structure()
    >>> sorted(ax.boxes), len(ax.arrows)
    (['analytics', 'customer', 'feedback', 'manager'], 5)
    >>> [t.get_text() for t in ax.texts][0:6:2]
    ['Customer', 'Manager', 'Analytics']
    """
    boxes = {
        "customer": {
            "xy": (2.1, 5.6),
            "size": (3.9, 2.2),
            "colour": "sky",
            "text": "Customer",
            "detail": "Collaborative CRM: customers shape products, service and delivery",
        },
        "manager": {
            "xy": (7.5, 9.6),
            "size": (6.4, 1.6),
            "colour": "blue",
            "text": "Manager",
            "detail": "Operational CRM: the customer base at contract, sale, service and support",
        },
        "analytics": {
            "xy": (12.9, 5.6),
            "size": (3.9, 2.2),
            "colour": "green",
            "text": "Analytics",
            "detail": "Analytical CRM: customer data turned into reports for decisions",
        },
        "feedback": {
            "xy": (7.5, 1.4),
            "size": (12.0, 2.2),
            "colour": "orange",
            "text": "Feedback",
            "detail": "\n".join(
                " · ".join(CRM_FEEDBACK[k : k + 2]) for k in range(0, len(CRM_FEEDBACK), 2)
            ),
        },
    }
    arrows = [
        ("customer", "manager", "contacts, orders,\ncomplaints", {"rad": 0.25}),
        ("manager", "analytics", "data from\nevery contact", {"rad": 0.25}),
        ("analytics", "feedback", "reports", {"rad": 0.25}),
        ("feedback", "manager", "decisions"),
        ("feedback", "customer", "individualised\noffers", {"rad": 0.25}),
    ]
    return box_diagram(
        boxes,
        arrows,
        size=(15.0, 11.0),
        fontsize=fontsize,
        title="How a CRM system works: three kinds of CRM in one loop",
        ax=ax,
    )


# ---------------------------------------------------------------------------------------
# Notebook 05: expectation disconfirmation (Oliver 1980) and the ACSI model (Fornell et al.)
# ---------------------------------------------------------------------------------------


def expectation_disconfirmation(*, title: str | None = None, ax: Axes | None = None) -> Axes:
    """Oliver's (1980) expectation-disconfirmation model of satisfaction.

    Expectations and perceived performance are compared (the disconfirmation);
    satisfaction follows from the disconfirmation and from the expectations themselves
    (the level a customer adapts to), and it shapes attitude and the intention to buy
    again.

    Parameters
    ----------
    title : str, optional
        The figure's title; by default it states the model in one line.
    ax : matplotlib Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
        With ``ax.boxes`` keyed ``expectations``, ``performance``, ``disconfirmation``,
        ``satisfaction``, ``intention`` and ``ax.arrows``.

    Examples
    --------
    >>> ax = expectation_disconfirmation()
    >>> list(ax.boxes), len(ax.arrows)
    (['expectations', 'performance', 'disconfirmation', 'satisfaction', 'intention'], 5)
    """
    size = (3.3, 1.3)
    boxes = {
        "expectations": {
            "xy": (1.9, 5.5),
            "text": "Expectations",
            "detail": "what the customer expects before buying",
            "colour": "grey",
            "size": size,
        },
        "performance": {
            "xy": (1.9, 1.5),
            "text": "Perceived performance",
            "detail": "what the customer gets",
            "colour": "grey",
            "size": size,
        },
        "disconfirmation": {
            "xy": (6.4, 3.5),
            "text": "Disconfirmation",
            "detail": "better (+), as (0) or worse (-) than expected",
            "colour": "orange",
            "size": (3.3, 1.3),
        },
        "satisfaction": {
            "xy": (10.1, 3.5),
            "text": "Satisfaction",
            "colour": "blue",
            "size": (2.4, 1.2),
        },
        "intention": {
            "xy": (13.2, 3.5),
            "text": "Attitude and repurchase intention",
            "colour": "green",
            "size": (2.8, 1.3),
        },
    }
    arrows = [
        ("expectations", "disconfirmation"),
        ("performance", "disconfirmation"),
        ("disconfirmation", "satisfaction"),
        ("expectations", "satisfaction", "adaptation level", {"rad": -0.2}),
        ("satisfaction", "intention"),
    ]
    return box_diagram(
        boxes,
        arrows,
        size=(14.7, 7.0),
        title=title or "Satisfaction is performance judged against expectations (Oliver 1980)",
        ax=ax,
    )


#: Where each ACSI construct sits in :func:`acsi_model` (centre, label).
_ACSI_LAYOUT = {
    "expectations": ((2.0, 5.6), "Customer expectations"),
    "quality": ((2.0, 1.4), "Perceived quality"),
    "value": ((5.4, 3.5), "Perceived value"),
    "satisfaction": ((8.8, 3.5), "Customer satisfaction (ACSI)"),
    "complaints": ((12.0, 5.6), "Customer complaints"),
    "loyalty": ((12.0, 1.4), "Customer loyalty"),
}
_ACSI_EDGES = (
    ("expectations", "quality", 0.0),
    ("expectations", "value", 0.0),
    ("quality", "value", 0.0),
    ("expectations", "satisfaction", -0.2),
    ("quality", "satisfaction", 0.2),
    ("value", "satisfaction", 0.0),
    ("satisfaction", "complaints", 0.0),
    ("satisfaction", "loyalty", 0.0),
    ("complaints", "loyalty", 0.0),
)


def acsi_model(paths: object = None, *, title: str | None = None, ax: Axes | None = None) -> Axes:
    """The ACSI model of Fornell et al. (1996), optionally with estimated path coefficients.

    Six constructs: customer expectations, perceived quality and perceived value drive
    customer satisfaction (the ACSI), which drives complaints (down) and loyalty (up);
    complaints also act on loyalty.

    Parameters
    ----------
    paths : pandas.DataFrame, optional
        The ``paths`` table of :func:`crmkit.satisfaction.acsi_index` (columns
        ``source``, ``target``, ``coefficient``): each arrow is labelled with its
        standardised coefficient. Default: arrows without labels.
    title : str, optional
        The figure's title.
    ax : matplotlib Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
        With ``ax.boxes`` keyed by construct (``expectations``, ``quality``, ``value``,
        ``satisfaction``, ``complaints``, ``loyalty``) and ``ax.arrows`` (nine).

    Raises
    ------
    ValueError
        If ``paths`` lacks a column, or names a path that is not in the ACSI model.

    Examples
    --------
    >>> import pandas as pd
    >>> paths = pd.DataFrame({"source": ["quality"], "target": ["satisfaction"],
    ...                       "coefficient": [0.44]})
    >>> ax = acsi_model(paths)
    >>> len(ax.boxes), len(ax.arrows), "+0.44" in [t.get_text() for t in ax.texts]
    (6, 9, True)
    """
    labels: dict[tuple[str, str], str] = {}
    if paths is not None:
        from crmkit._validate import Numeric, Text, check_frame

        check_frame(
            paths,
            "paths",
            {"source": Text(), "target": Text(), "coefficient": Numeric()},
        )
        known = {(s, t) for s, t, _ in _ACSI_EDGES}
        for s, t, c in paths[["source", "target", "coefficient"]].itertuples(index=False):
            if (s, t) not in known:
                raise ValueError(
                    f"table 'paths' has the path {s!r} -> {t!r}, which is not in the ACSI "
                    f"model; pass the paths of acsi_index() with the default ACSI_PATHS."
                )
            labels[(s, t)] = f"{float(c):+.2f}"
    boxes = {
        key: {
            "xy": xy,
            "text": text,
            "size": (2.6, 1.2),
            "colour": "blue" if key == "satisfaction" else "grey",
        }
        for key, (xy, text) in _ACSI_LAYOUT.items()
    }
    arrows = []
    for s, t, rad in _ACSI_EDGES:
        label = labels.get((s, t))
        arrows.append((s, t, label, {"rad": rad}))
    default = (
        "The ACSI model, with standardised path coefficients estimated on the survey"
        if labels
        else "The ACSI model (Fornell et al. 1996)"
    )
    return box_diagram(boxes, arrows, size=(14.0, 7.0), title=title or default, ax=ax)


# ---------------------------------------------------------------------------------------
# Notebook 06: what to do about an unprofitable customer
# ---------------------------------------------------------------------------------------


def unprofitable_options(*, title: str | None = None, ax: Axes | None = None) -> Axes:
    """Before dropping an unprofitable customer: find the cause, then the remedy.

    Each cause of a loss has its own remedy (in the spirit of Kaplan & Narayanan 2001:
    process improvements, pricing that reflects the cost to serve, managing the
    relationship); letting the customer go is the last one, and it pays only if the
    costs traced to the customer really leave with them.

    Parameters
    ----------
    title : str, optional
        The figure's title.
    ax : matplotlib Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
        With ``ax.boxes`` keyed ``customer``, ``price``, ``cost``, ``new``, ``none``
        (the causes) and ``reprice``, ``serve``, ``develop``, ``let_go`` (the remedies),
        and ``ax.arrows``.

    Examples
    --------
    >>> ax = unprofitable_options()
    >>> len(ax.boxes), len(ax.arrows)
    (9, 8)
    """
    cause, remedy = (4.0, 1.5), (4.4, 1.5)
    rows = [
        ("price", "Sells below cost", "deep promotions on thin-margin goods",
         "reprice", "Reprice the offer", "change the promotion, not the customer"),
        ("cost", "Costly to serve", "many contacts, many small orders",
         "serve", "Serve differently", "cheaper channels, minimum order sizes"),
        ("new", "Too new to judge", "one order so far",
         "develop", "Develop and wait", "judge by lifetime value, not the first order"),
        ("none", "No remedy pays", "the loss stays after the other steps",
         "let_go", "Let go", "only if the costs really leave with the customer"),
    ]  # fmt: skip
    ys = (8.8, 6.3, 3.8, 1.3)
    boxes: dict[str, dict[str, object]] = {
        "customer": {
            "xy": (1.7, 5.05),
            "text": "Unprofitable customer",
            "detail": "profit after the costs they cause < 0",
            "colour": "vermillion",
            "size": (3.0, 1.8),
        }
    }
    arrows = []
    for y, (ck, ct, cd, rk, rt, rd) in zip(ys, rows, strict=True):
        boxes[ck] = {"xy": (7.3, y), "text": ct, "detail": cd, "colour": "orange", "size": cause}
        boxes[rk] = {
            "xy": (12.4, y),
            "text": rt,
            "detail": rd,
            "colour": "grey" if rk == "let_go" else "green",
            "size": remedy,
        }
        arrows.append(("customer", ck))
        arrows.append((ck, rk))
    return box_diagram(
        boxes,
        arrows,
        size=(14.7, 10.1),
        title=title or "Find why a customer loses money before deciding to let them go",
        ax=ax,
    )


# ---------------------------------------------------------------------------------------
# Notebook 09: the CRM scorecard and its link to Strategic Six Sigma
# ---------------------------------------------------------------------------------------

#: Where each perspective of the CRM scorecard sits (x, y) and its colour: people and
#: information at the bottom, the financial result at the top (the cause-and-effect
#: chain of a balanced scorecard reads upwards).
_SCORECARD_LAYOUT: dict[str, tuple[tuple[float, float], str]] = {
    "Financial": ((5.3, 10.4), "green"),
    "Customer": ((5.3, 7.55), "blue"),
    "Operations: marketing": ((1.8, 4.6), "orange"),
    "Operations: sales": ((5.3, 4.6), "orange"),
    "Operations: service": ((8.8, 4.6), "orange"),
    "People and information": ((5.3, 1.4), "purple"),
}


def crm_scorecard(*, six_sigma: bool = True, ax: Axes | None = None) -> Axes:
    """Draw the CRM scorecard: its perspectives, their success factors and how they link.

    The perspectives and success factors are those of :data:`crmkit.scorecard.MEASURES`
    (the seminar's scorecard table, after Kim, Suh & Hwang 2003), so the diagram and the
    computed scorecard share one wording. Arrows run up the balanced scorecard's chain of
    cause and effect (Kaplan & Norton 1996): people and information enable the three
    operations perspectives, which serve the customer, who brings the financial result.
    With ``six_sigma`` a box beside the operations shows Strategic Six Sigma improving
    the processes behind the off-target measures (as DMAIC did for service in notebook
    08).

    Parameters
    ----------
    six_sigma : bool, default True
        Draw the Strategic Six Sigma box and its arrow to the operations perspectives.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, with ``ax.boxes`` (perspective, and ``"Strategic Six Sigma"``, ->
        patch) and ``ax.arrows``.

    References
    ----------
    Kaplan, R. S., & Norton, D. P. (1996). *The Balanced Scorecard: Translating Strategy
    into Action*. Harvard Business School Press. Kim, J., Suh, E., & Hwang, H. (2003). A
    model for evaluating the effectiveness of CRM using the balanced scorecard. *Journal
    of Interactive Marketing* 17(2), 5-19.

    Examples
    --------
    >>> ax = crm_scorecard()
    >>> list(ax.boxes)[:2], len(ax.boxes), len(ax.arrows)
    (['Financial', 'Customer'], 7, 8)
    >>> len(crm_scorecard(six_sigma=False).arrows)
    7
    """
    from crmkit.scorecard import MEASURES, PERSPECTIVES

    factors: dict[str, list[str]] = {p: [] for p in PERSPECTIVES}
    counts: dict[str, int] = dict.fromkeys(PERSPECTIVES, 0)
    for m in MEASURES:
        if m.success_factor not in factors[m.perspective]:
            factors[m.perspective].append(m.success_factor)
        counts[m.perspective] += 1
    boxes: dict[str, dict[str, object]] = {}
    for perspective, (xy, colour) in _SCORECARD_LAYOUT.items():
        wide = perspective in ("Financial", "Customer", "People and information")
        n = counts[perspective]
        boxes[perspective] = {
            "xy": xy,
            "text": perspective.replace("Operations: ", "Operations:\n"),
            "detail": "; ".join(factors[perspective]) + f"\n({n} measure{'s' if n > 1 else ''})",
            "size": (5.6 if wide else 3.3, 1.5),
            "colour": colour,
        }
    ops = ("Operations: marketing", "Operations: sales", "Operations: service")
    arrows: list[tuple] = [("People and information", o) for o in ops]
    arrows += [(o, "Customer") for o in ops]
    arrows.append(("Customer", "Financial"))
    if six_sigma:
        boxes["Strategic Six Sigma"] = {
            "xy": (11.8, 8.9),
            "text": "Strategic Six Sigma",
            "detail": "DMAIC projects on the processes behind off-target measures",
            "size": (3.4, 1.5),
            "colour": "grey",
        }
        arrows.append(("Strategic Six Sigma", "Operations: service", "improves"))
    ax = box_diagram(
        boxes,
        arrows,
        size=(13.6, 11.8),
        fontsize=14,
        title="The CRM scorecard, a chain of cause and effect: people enable\n"
        "processes, processes serve customers, customers bring value",
        ax=ax,
    )
    for artist in (*ax.texts, *ax.patches):  # all inside the canvas: layout skips them
        artist.set_in_layout(False)
    return ax


# ---------------------------------------------------------------------------------------
# Notebook 07: loyalty as attitude and behaviour (Dick & Basu 1994)
# ---------------------------------------------------------------------------------------

#: The four cells of Dick & Basu's loyalty matrix: (attitude, patronage) -> label, detail.
LOYALTY_MATRIX: dict[tuple[str, str], tuple[str, str]] = {
    ("high", "high"): (
        "Loyalty",
        "likes us more than the alternatives and keeps buying: brand and relationship loyalty",
    ),
    ("high", "low"): (
        "Latent loyalty",
        "likes us but buys little: price, distance or habit stand in the way",
    ),
    ("low", "high"): (
        "Spurious loyalty",
        "buys often without preferring us: price or convenience (distribution) loyalty, "
        "gone when a rival is cheaper or closer",
    ),
    ("low", "low"): ("No loyalty", "neither prefers us nor buys again"),
}


def loyalty_matrix(*, title: str | None = None, ax: Axes | None = None) -> Axes:
    """Dick & Basu's (1994) loyalty matrix: relative attitude against repeat patronage.

    Loyalty is both an attitude (how much more the customer likes us than the
    alternatives) and a behaviour (how often they come back). The four cells say what a
    loyalty programme can hope for in each: rewards raise patronage, but only a better
    relative attitude makes it last.

    Parameters
    ----------
    title : str, optional
        The figure's title; by default it states the matrix's point.
    ax : matplotlib Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
        With ``ax.boxes`` keyed ``"loyalty"``, ``"latent"``, ``"spurious"``, ``"none"``
        and ``ax.arrows`` (the two axes of the matrix).

    References
    ----------
    Dick, A. S., & Basu, K. (1994). Customer loyalty: Toward an integrated conceptual
    framework. *Journal of the Academy of Marketing Science*, 22(2), 99-113.

    Examples
    --------
    >>> ax = loyalty_matrix()
    >>> sorted(ax.boxes)
    ['latent', 'loyalty', 'none', 'spurious']
    >>> [t.get_text() for t in ax.texts if t.get_text().startswith("Repeat")]
    ['Repeat patronage (behaviour)']
    """
    keys = {
        ("high", "high"): ("loyalty", (8.2, 5.0), "green"),
        ("high", "low"): ("latent", (4.0, 5.0), "sky"),
        ("low", "high"): ("spurious", (8.2, 1.9), "orange"),
        ("low", "low"): ("none", (4.0, 1.9), "grey"),
    }
    boxes = {}
    for cell, (text, detail) in LOYALTY_MATRIX.items():
        key, xy, colour = keys[cell]
        boxes[key] = {
            "xy": xy,
            "text": text,
            "detail": detail,
            "size": (3.9, 2.6),
            "colour": colour,
        }
    # two invisible anchors carry the matrix's axes as arrows
    ax = box_diagram(
        boxes,
        size=(10.5, 6.6),
        fontsize=15,
        title=title or "Loyalty needs both: a relative attitude and repeat buying",
        ax=ax,
    )
    from matplotlib.patches import FancyArrowPatch

    axis = {"color": "#333333", "linewidth": 2.0, "mutation_scale": 20, "arrowstyle": "-|>"}
    across = FancyArrowPatch((1.9, 0.25), (10.35, 0.25), **axis)
    up = FancyArrowPatch((1.75, 0.4), (1.75, 6.5), **axis)
    ax.add_patch(across)
    ax.add_patch(up)
    ax.arrows = [across, up]
    ax.text(6.1, -0.05, "Repeat patronage (behaviour)", ha="center", va="top", fontsize=14)
    ax.text(0.75, 3.45, "Relative attitude", ha="center", va="center", rotation=90, fontsize=14)
    for x, label in ((4.0, "low"), (8.2, "high")):
        ax.text(x, 0.35, label, ha="center", va="bottom", fontsize=12, color="#555555")
    for y, label in ((1.9, "low"), (5.0, "high")):
        ax.text(1.6, y, label, ha="right", va="center", fontsize=12, color="#555555")
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    ax.set_xlim(min(x0, 0.4), x1)
    ax.set_ylim(min(y0, -0.6), y1)
    return ax


# ---------------------------------------------------------------------------------------
# Notebook 08: DMAIC on the complaint process, and DFSS
# ---------------------------------------------------------------------------------------

#: The DMAIC steps with what each does on Caspian Home's complaint process.
DMAIC_STEPS: tuple[tuple[str, str], ...] = (
    ("Define", "the opportunity: complaints solved late; CTQ = solved within target"),
    ("Measure", "today's process: DPU, DPMO, yield, sigma level, Cp and Cpk"),
    ("Analyze", "root causes: a Pareto of complaint causes, the vital few"),
    ("Improve", "change the process, then test before against after"),
    ("Control", "keep the gain: control charts and Western Electric rules"),
)
#: The DFSS (DMADV) steps, for a process designed anew.
DFSS_STEPS: tuple[tuple[str, str], ...] = (
    ("Define", "goals from the voice of the customer"),
    ("Measure", "the CTQs and their targets (QFD)"),
    ("Analyze", "design concepts against the CTQs"),
    ("Design", "the new process in detail"),
    ("Verify", "a pilot; hand over to Control"),
)


def dmaic(*, title: str | None = None, ax: Axes | None = None) -> Axes:
    """The DMAIC cycle of Six Sigma, each step with what it does on the complaint process.

    Define, Measure, Analyze, Improve and Control, drawn as a loop (Control hands the
    process back to a new Define when the next opportunity is chosen).

    Parameters
    ----------
    title : str, optional
        The figure's title; by default it names the project.
    ax : matplotlib Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
        With ``ax.boxes`` keyed by step and ``ax.arrows`` (one to the next step each).

    References
    ----------
    Pande, P. S., Neuman, R. P., & Cavanagh, R. R. (2000). *The Six Sigma Way*.
    McGraw-Hill. Pyzdek, T., & Keller, P. (2014). *The Six Sigma Handbook* (4th ed.).
    McGraw-Hill.

    Examples
    --------
    >>> ax = dmaic()
    >>> list(ax.boxes), len(ax.arrows)
    (['Define', 'Measure', 'Analyze', 'Improve', 'Control'], 5)
    """
    return cycle_diagram(
        [step for step, _ in DMAIC_STEPS],
        details=[detail for _, detail in DMAIC_STEPS],
        centre="DMAIC on the complaint process",
        size=(13.0, 8.0),
        box_size=(3.9, 1.9),
        fontsize=15,
        title=title or "DMAIC: five steps from a late complaint to a controlled process",
        ax=ax,
    )


def dfss(*, title: str | None = None, ax: Axes | None = None) -> Axes:
    """Design for Six Sigma (DMADV): when it replaces DMAIC, and its five steps.

    Parameters
    ----------
    title : str, optional
        The figure's title; by default it says when DFSS applies.
    ax : matplotlib Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
        With ``ax.boxes`` keyed ``"when"`` (the condition) and by step (``"Define"`` ...
        ``"Verify"``), and ``ax.arrows`` (the chain of steps).

    References
    ----------
    Pyzdek, T., & Keller, P. (2014). *The Six Sigma Handbook* (4th ed.), Chapter on
    Design for Six Sigma. McGraw-Hill.

    Examples
    --------
    >>> ax = dfss()
    >>> list(ax.boxes)
    ['when', 'Define', 'Measure', 'Analyze', 'Design', 'Verify']
    >>> len(ax.arrows)
    4
    """
    boxes: dict[str, dict[str, object]] = {
        "when": {
            "xy": (8.7, 5.35),
            "text": "DFSS instead of DMAIC when",
            "detail": "no process exists yet, or improving the existing one cannot reach "
            "the level the customers need: it must be redesigned",
            "size": (12.0, 1.9),
            "colour": "vermillion",
        }
    }
    colours = ("blue", "orange", "green", "purple", "sky")
    for i, ((step, detail), colour) in enumerate(zip(DFSS_STEPS, colours, strict=True)):
        boxes[step] = {
            "xy": (1.7 + 3.5 * i, 1.65),
            "text": step,
            "detail": detail,
            "size": (3.0, 3.0),
            "colour": colour,
        }
    steps = [step for step, _ in DFSS_STEPS]
    arrows = list(zip(steps, steps[1:], strict=False))
    return box_diagram(
        boxes,
        arrows,
        size=(17.4, 6.5),
        fontsize=15,
        title=title or "DFSS designs a process anew: Define, Measure, Analyze, Design, Verify",
        ax=ax,
    )
