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

import numpy as np

from crmkit._validate import _short, check_ax, check_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["box_diagram", "cycle_diagram"]

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


def _pair(value: object, name: str) -> tuple[float, float]:
    """A (width, height) or (x, y) pair of finite numbers (positive for a size)."""
    if (
        isinstance(value, (str, bytes))
        or not isinstance(value, Sequence)
        or len(value) != 2
        or any(isinstance(v, bool) or not isinstance(v, (int, float, np.number)) for v in value)
        or not all(np.isfinite(float(v)) for v in value)
    ):
        raise TypeError(f"{name} must be a pair of numbers such as (10, 6) but is {_short(value)}.")
    return float(value[0]), float(value[1])


def _check_common(size: object, fontsize: object, title: object, ax: object) -> tuple[float, float]:
    width, height = _pair(size, "argument 'size'")
    if width <= 0 or height <= 0:
        raise ValueError(f"argument 'size' must be positive but is {_short(size)}.")
    check_number(fontsize, "fontsize", lo=1, hi=200, why="a font size in points")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"argument 'title' must be a str or None but is {_short(title)}.")
    check_ax(ax)
    return width, height


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
    width, height = _check_common(size, fontsize, title, ax)
    for key, spec in boxes.items():
        if not isinstance(spec, Mapping) or "xy" not in spec or "text" not in spec:
            raise ValueError(f"box {key!r} needs 'xy' (its centre) and 'text' (its label).")
        _pair(spec["xy"], f"box {key!r}: 'xy'")
        w, h = _pair(spec.get("size", (2.6, 1.2)), f"box {key!r}: 'size'")
        if w <= 0 or h <= 0:
            raise ValueError(f"box {key!r}: 'size' must be positive but is {(w, h)}.")
    if isinstance(arrows, (str, bytes)) or not isinstance(arrows, Sequence):
        raise TypeError(
            f"argument 'arrows' must be a list of (start, end[, label[, options]]) tuples but "
            f"is {_short(arrows)}."
        )
    for arrow in arrows:
        if (
            isinstance(arrow, (str, bytes))
            or not isinstance(arrow, Sequence)
            or not 2 <= len(arrow) <= 4
        ):
            raise ValueError(
                f"argument 'arrows' has {_short(arrow)}; each arrow is (start, end), "
                f"(start, end, label) or (start, end, label, {{'rad': 0.3}})."
            )
        if len(arrow) == 4 and not isinstance(arrow[3], Mapping):
            raise TypeError(
                f"the options of arrow {_short(arrow)} must be a dict such as {{'rad': 0.3}}."
            )
    ax = _canvas(ax, width, height)
    patches = {}
    for key, spec in boxes.items():
        x, y = _pair(spec["xy"], f"box {key!r}: 'xy'")
        w, h = _pair(spec.get("size", (2.6, 1.2)), f"box {key!r}: 'size'")
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

    if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence):
        raise TypeError(
            f"argument 'steps' must be a list of step names such as ['Define', 'Measure'] "
            f"but is {_short(steps)}."
        )
    steps = [str(s) for s in steps]
    if details is not None and (isinstance(details, str) or not isinstance(details, Sequence)):
        raise TypeError(
            f"argument 'details' must be a list of str or None but is {_short(details)}."
        )
    width, height = _check_common(size, fontsize, title, ax)
    w, h = _pair(box_size, "argument 'box_size'")
    if w <= 0 or h <= 0 or w >= width or h >= height:
        raise ValueError(
            f"argument 'box_size' {box_size!r} must be positive and smaller than 'size' {size!r}."
        )
    check_number(start_angle, "start_angle")
    if len(steps) < 2 or len(set(steps)) != len(steps):
        raise ValueError(
            f"argument 'steps' needs at least 2 distinct steps in order, got {_short(steps)}."
        )
    if details is not None and len(details) != len(steps):
        raise ValueError(
            f"argument 'details' has {len(details)} entries for {len(steps)} steps; give "
            "one detail per step (an empty string for none)."
        )
    ax = _canvas(ax, width, height)
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
