"""clip-path values: basic shapes, `shape()` commands and the reference box they use.

    clip-path: circle(20% at left top)   -> ClipPath(CircleShape(Pct(20), (Pct(0), Pct(0))))
    clip-path: inset(8px round 4px) content-box
        -> ClipPath(InsetShape(8, 8, 8, 8, ((4, 4),) * 4), ReferenceBox.CONTENT_BOX)

Lengths stay relative (`Pct`) until paint knows the reference box; style/clip_shapes.py makes
these values and paint/clip.py draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

from handler.render.units import Length
from handler.render.units import ReferenceBox as ReferenceBox

Corner = tuple[Length, Length]
"""A corner's horizontal and vertical radii."""


ShapeRadius = Length | str  # a length, or "closest-side" / "farthest-side"


@dataclass(frozen=True, slots=True)
class CircleShape:
    """`circle(radius at x y)`."""

    radius: ShapeRadius  # a percentage is of sqrt(w^2 + h^2) / sqrt(2)
    center: tuple[Length, Length]


@dataclass(frozen=True, slots=True)
class EllipseShape:
    """`ellipse(rx ry at x y)`."""

    rx: ShapeRadius
    ry: ShapeRadius
    center: tuple[Length, Length]


@dataclass(frozen=True, slots=True)
class InsetShape:
    """`inset(top right bottom left round radii)`; a rectangle of the reference box."""

    top: Length
    right: Length
    bottom: Length
    left: Length
    radii: tuple[Corner, Corner, Corner, Corner]  # top-left, top-right, bottom-right, bottom-left


@dataclass(frozen=True, slots=True)
class PolygonShape:
    """`polygon([evenodd,] x y, ...)`."""

    points: tuple[tuple[Length, Length], ...]
    evenodd: bool = False


@dataclass(frozen=True, slots=True)
class PathStep:
    """One command of `shape()`: an SVG path letter and its arguments.

    `points` are (x, y) pairs of lengths, the end point first; `origins` says what each control
    point is from: "origin" (the reference box's top-left), "start" (the command's start) or
    "end" (its end point)."""

    command: str  # M L H V C S Q T A Z, upper case: absolute, lower case: relative ("by")
    points: tuple[tuple[Length, Length], ...] = ()
    origins: tuple[str, ...] = ()  # one per point after the end point (control points)
    numbers: tuple[float, ...] = ()  # A: rotation, large-arc, sweep; H / V: unused
    radii: tuple[Length, Length] | None = None  # A: the ellipse's radii


@dataclass(frozen=True, slots=True)
class PathShape:
    """CSS `shape(...)`: commands in lengths of the reference box."""

    steps: tuple[PathStep, ...]
    evenodd: bool = False


@dataclass(frozen=True, slots=True)
class SvgPathShape:
    """`path("M 0 0 L 10 0 ...")`: SVG path data in px of the reference box."""

    d: str
    evenodd: bool = False


ClipShape = CircleShape | EllipseShape | InsetShape | PolygonShape | PathShape | SvgPathShape


@dataclass(frozen=True, slots=True)
class ClipPath:
    """A `clip-path`: a basic shape (or none) on a reference box."""

    shape: ClipShape | None  # None: the reference box itself (`clip-path: content-box`)
    box: ReferenceBox = ReferenceBox.BORDER_BOX
