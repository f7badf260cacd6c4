"""`shape()` commands resolved against a reference box -> absolute SVG path data.

    path_data((M 50% 0, L 100% 100%, h -100%, Z), Rect(10, 10, 100, 50))
        -> "M60 10 L110 60 L10 60 Z"

`by` commands move from the current point; a control point is from the reference box's
origin, the command's start or its end, as its step says. Percentages are of the box's width
(x) and height (y).
"""

from __future__ import annotations

from collections.abc import Sequence

from handler.render.computed import Length
from handler.render.masking import PathStep
from handler.render.paint.shapes import Rect, resolve

Point = tuple[float, float]


def path_data(steps: Sequence[PathStep], ref: Rect) -> tuple[str, Rect]:
    """SVG `d` for the steps, every coordinate absolute canvas px, and a rectangle the path
    stays within (its points and control points, arcs with room for their bulge)."""
    current: Point = (ref.x, ref.y)
    start = current
    out: list[str] = []
    reach: list[Point] = [current]
    for step in steps:
        letter = step.command.upper()
        relative = step.command.islower()
        if letter == "Z":
            out.append("Z")
            current = start
            continue
        end = _end(step, letter, relative, current, ref)
        controls = [
            _control(point, origin, current, end, ref)
            for point, origin in zip(step.points[1:], step.origins, strict=True)
        ]
        out.append(_command(letter, step, end, controls, ref))
        reach.extend((end, *controls))
        if letter == "A":
            reach.extend(_arc_room(step, current, end, ref))
        if letter == "M":
            start = end
        current = end
    xs, ys = [p[0] for p in reach], [p[1] for p in reach]
    return " ".join(out), Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _arc_room(step: PathStep, start: Point, end: Point, ref: Rect) -> list[Point]:
    """Corners of a square the arc cannot leave: its ellipse (radii grown to the chord when
    too small, as SVG does) passes through both ends."""
    assert step.radii is not None
    rx, ry = _offset(step.radii, ref)
    room = 2 * max(abs(rx), abs(ry), abs(end[0] - start[0]), abs(end[1] - start[1]))
    return [(start[0] - room, start[1] - room), (start[0] + room, start[1] + room)]


def _offset(point: tuple[Length, Length], ref: Rect) -> Point:
    return (resolve(point[0], ref.width), resolve(point[1], ref.height))


def _end(step: PathStep, letter: str, relative: bool, current: Point, ref: Rect) -> Point:
    dx, dy = _offset(step.points[0], ref)
    base = current if relative else (ref.x, ref.y)
    x, y = base[0] + dx, base[1] + dy
    if letter == "H":
        return (x, current[1])
    if letter == "V":
        return (current[0], y)
    return (x, y)


def _control(
    point: tuple[Length, Length], origin: str, start: Point, end: Point, ref: Rect
) -> Point:
    dx, dy = _offset(point, ref)
    base = {"start": start, "end": end}.get(origin, (ref.x, ref.y))
    return (base[0] + dx, base[1] + dy)


def _command(letter: str, step: PathStep, end: Point, controls: list[Point], ref: Rect) -> str:
    if letter in ("H", "V"):
        letter = "L"
    if letter == "A":
        assert step.radii is not None
        rx, ry = _offset(step.radii, ref)
        rotation, large, sweep = step.numbers
        radii = f"{svg_number(abs(rx))} {svg_number(abs(ry))}"
        arc = f"{radii} {svg_number(rotation)} {int(large)} {int(sweep)}"
        return f"A{arc} {_p(end)}"
    points = [*controls, end]  # SVG puts the control points first
    return letter + " ".join(_p(p) for p in points)


def _p(point: Point) -> str:
    return f"{svg_number(point[0])} {svg_number(point[1])}"


def svg_number(value: float) -> str:
    """`12.5` -> "12.5", `3.0` -> "3", `-0.0001` -> "0": short, exact to 1/1000 px."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
