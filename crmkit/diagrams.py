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

__all__ = ["box_diagram", "cycle_diagram", "loyalty_matrix", "dmaic", "dfss"]

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
