"""`corner-shape` (CSS Borders 4): corners drawn as superellipses inside their border-radius.

    box_mask(rect, radii, (2.0, 2.0, 2.0, 2.0))   squircle corners: an "L" mask and its region

A corner's shape is the superellipse parameter K of the curve |x|^(2^K) + |y|^(2^K) = 1 in the
corner's radius box: round is 1, squircle 2, bevel 0 (a straight cut), square infinity (no
rounding); negative K curves inwards (scoop -1, notch -infinity, an inward square). Round
corners (the common case) go to `shapes.shape_mask`'s cached corner patches; shaped ones are
drawn as a supersampled polygon of the contour. A border follows the contour at a constant
thickness: its inner edge is the outer contour offset inwards by the side widths.
"""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from handler.render.computed import ROUND_CORNERS, CornerShapes
from handler.render.limits import check_pixels
from handler.render.paint.shapes import (
    SUPERSAMPLE,
    Corners,
    Rect,
    Region,
    is_square,
    ring_mask,
    shape_mask,
)

Point = tuple[float, float]
Widths = tuple[float, float, float, float]
"""Border widths: top, right, bottom, left."""

_SQUARE = math.inf


def box_mask(rect: Rect, radii: Corners, shapes: CornerShapes) -> tuple[Image.Image, Region]:
    """`shape_mask` for corners of any shape."""
    if shapes == ROUND_CORNERS or is_square(radii):
        return shape_mask(rect, radii)
    region = rect.region()
    return _polygon_mask(region, [contour(rect, radii, shapes)]), region


def box_ring(
    outer: Rect,
    outer_r: Corners,
    inner: Rect,
    inner_r: Corners,
    shapes: CornerShapes,
    widths: Widths,
) -> tuple[Image.Image, Region]:
    """`ring_mask` (a border's area) for corners of any shape."""
    if shapes == ROUND_CORNERS or is_square(outer_r):
        return ring_mask(outer, outer_r, inner, inner_r)
    region = outer.region()
    outline = contour(outer, outer_r, shapes)
    hole = _inset(outline, outer, widths)
    return _polygon_mask(region, [outline, hole]), region


def contour(rect: Rect, radii: Corners, shapes: CornerShapes) -> list[Point]:
    """The shaped box's outline, clockwise from the top-left corner's lower end."""
    x0, y0, x1, y1 = rect.x, rect.y, rect.right, rect.bottom
    frames = (
        ((x0, y0), (1.0, 1.0), False),
        ((x1, y0), (-1.0, 1.0), True),
        ((x1, y1), (-1.0, -1.0), False),
        ((x0, y1), (1.0, -1.0), True),
    )
    points: list[Point] = []
    for ((ox, oy), (sx, sy), backwards), (rx, ry), k in zip(frames, radii, shapes, strict=True):
        if rx <= 0 or ry <= 0:
            points.append((ox, oy))
            continue
        curve = corner_curve(k, max(rx, ry))
        if backwards:
            curve = curve[::-1]
        points.extend((ox + sx * u * rx, oy + sy * v * ry) for u, v in curve)
    return [p for i, p in enumerate(points) if p != points[i - 1]] or points[:1]


def corner_curve(k: float, radius: float) -> list[Point]:
    """The curve of shape `k` in a unit corner box whose outer corner is (0, 0): from the
    vertical edge's point (0, 1) to the horizontal edge's (1, 0)."""
    if k == _SQUARE:
        return [(0.0, 1.0), (0.0, 0.0), (1.0, 0.0)]
    if k == -_SQUARE:
        return [(0.0, 1.0), (1.0, 1.0), (1.0, 0.0)]
    if k == 0:
        return [(0.0, 1.0), (1.0, 0.0)]
    power = 2.0 / 2.0 ** abs(k)
    steps = max(8, math.ceil(radius * 1.5))
    curve: list[Point] = []
    for i in range(steps + 1):
        t = math.pi / 2 * i / steps
        c = 0.0 if i == steps else abs(math.cos(t)) ** power
        s = 0.0 if i == 0 else abs(math.sin(t)) ** power
        # convex: centred on the inner corner (1, 1); concave: on the outer corner (0, 0)
        curve.append((1.0 - c, 1.0 - s) if k > 0 else (s, c))
    return curve


def _inset(outline: list[Point], rect: Rect, widths: Widths) -> list[Point]:
    """`outline` moved inwards by the border widths along its normals, kept in the inner box."""
    top, right, bottom, left = widths
    lo_x, hi_x = rect.x + left, rect.right - right
    lo_y, hi_y = rect.y + top, rect.bottom - bottom
    count = len(outline)
    lines = [_offset_line(outline[i], outline[(i + 1) % count], widths) for i in range(count)]
    inner: list[Point] = []
    for i in range(count):
        x, y = _meet(lines[i - 1], lines[i], outline[i])
        inner.append((min(max(x, lo_x), hi_x), min(max(y, lo_y), hi_y)))
    return inner


Line = tuple[float, float, float]
"""n_x, n_y, c: the points p with n . p = c (n the unit inward normal)."""


def _offset_line(a: Point, b: Point, widths: Widths) -> Line:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return (0.0, 0.0, 0.0)
    nx, ny = -dy / length, dx / length  # clockwise on screen (y down): inside is on the right
    top, right, bottom, left = widths
    across = left if nx > 0 else right
    down = top if ny > 0 else bottom
    distance = nx * nx * across + ny * ny * down
    return (nx, ny, nx * a[0] + ny * a[1] + distance)


def _meet(first: Line, second: Line, at: Point) -> Point:
    """Where two offset edges meet (a mitred corner); along one of them where they are parallel."""
    n1x, n1y, c1 = first
    n2x, n2y, c2 = second
    det = n1x * n2y - n1y * n2x
    if abs(det) < 1e-6:
        nx, ny, c = second if (n2x or n2y) else first
        shift = c - (nx * at[0] + ny * at[1])
        return (at[0] + nx * shift, at[1] + ny * shift)
    return ((c1 * n2y - c2 * n1y) / det, (n1x * c2 - n2x * c1) / det)


def _polygon_mask(region: Region, polygons: list[list[Point]]) -> Image.Image:
    """Coverage of the first polygon less the others, anti-aliased by supersampling."""
    check_pixels(region.width, region.height, "the shape of a box (background, border or clip)")
    w, h = max(region.width, 0), max(region.height, 0)
    if w == 0 or h == 0:
        return Image.new("L", (w, h), 0)
    s = SUPERSAMPLE
    big = Image.new("L", (w * s, h * s), 0)
    draw = ImageDraw.Draw(big)
    for index, polygon in enumerate(polygons):
        scaled = [((x - region.x) * s, (y - region.y) * s) for x, y in polygon]
        draw.polygon(scaled, fill=0 if index else 255)
    return big.reduce(s)
