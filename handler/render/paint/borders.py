"""Borders: per-side widths, colours and styles (solid, dashed, dotted), following the radii."""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

from handler.render.computed import RGBA, BorderStyle, ComputedStyle
from handler.render.paint.corners import box_ring
from handler.render.paint.shapes import SUPERSAMPLE, Corners, Rect, Region, inner_radii
from handler.render.paint.surface import Surface


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a border: width, style and colour."""

    width: float
    style: BorderStyle
    color: RGBA

    @property
    def visible(self) -> bool:
        return self.width > 0 and self.style is not BorderStyle.NONE and self.color[3] > 0


def sides(style: ComputedStyle) -> tuple[Side, Side, Side, Side]:
    """Top, right, bottom, left; a side with `border-style: none` has no width (as in CSS)."""
    return (
        _side(style.border_top_width, style.border_top_style, style.border_top_color),
        _side(style.border_right_width, style.border_right_style, style.border_right_color),
        _side(style.border_bottom_width, style.border_bottom_style, style.border_bottom_color),
        _side(style.border_left_width, style.border_left_style, style.border_left_color),
    )


def _side(width: float, style: BorderStyle, color: RGBA) -> Side:
    return Side(0.0 if style is BorderStyle.NONE else width, style, color)


def paint_borders(surface: Surface, rect: Rect, radii: Corners, style: ComputedStyle) -> None:
    top, right, bottom, left = all_sides = sides(style)
    if not any(s.visible for s in all_sides):
        return
    inner = rect.inset(top.width, right.width, bottom.width, left.width)
    inner_r = inner_radii(radii, top.width, right.width, bottom.width, left.width)
    widths = (top.width, right.width, bottom.width, left.width)
    ring, region = box_ring(rect, radii, inner, inner_r, style.corner_shape, widths)
    if region.empty:
        return
    uniform = all(
        s.color == top.color and s.style is BorderStyle.SOLID for s in all_sides if s.width > 0
    )
    if uniform:
        surface.fill(region, top.color, ring)
        return
    ox, oy = region.x, region.y
    w, h = region.width, region.height
    # Each side owns the part of the ring between the lines from the outer corners to the
    # inner corners of the corner areas (the border, or the radius when it is larger), so a
    # rounded corner's whole arc is shared out between its two sides.
    (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = radii
    x0, y0 = rect.x - ox, rect.y - oy
    x1, y1 = rect.right - ox, rect.bottom - oy
    tl = (x0 + max(left.width, tlx), y0 + max(top.width, tly))
    tr = (x1 - max(right.width, trx), y0 + max(top.width, try_))
    br = (x1 - max(right.width, brx), y1 - max(bottom.width, bry))
    bl = (x0 + max(left.width, blx), y1 - max(bottom.width, bly))
    wedges = (
        [(0, 0), (w, 0), tr, tl],
        [(w, 0), (w, h), br, tr],
        [(w, h), (0, h), bl, br],
        [(0, h), (0, 0), tl, bl],
    )
    centre = rect.inset(top.width / 2, right.width / 2, bottom.width / 2, left.width / 2)
    centre_r = inner_radii(radii, top.width / 2, right.width / 2, bottom.width / 2, left.width / 2)
    path = perimeter(centre, centre_r)
    patterns: dict[tuple[BorderStyle, float], Image.Image] = {}
    for side, wedge in zip(all_sides, wedges, strict=True):
        if not side.visible:
            continue
        part = Image.new("L", (w, h), 0)
        ImageDraw.Draw(part).polygon(wedge, fill=255)
        part = ImageChops.multiply(part, ring)
        if side.style is not BorderStyle.SOLID:
            key = (side.style, side.width)
            if key not in patterns:
                patterns[key] = dash_mask(path, side, Region(ox, oy, w, h))
            part = ImageChops.multiply(part, patterns[key])
        surface.fill(region, side.color, part)


Point = tuple[float, float]


def perimeter(rect: Rect, radii: Corners) -> list[Point]:
    """Points along a rounded rectangle, clockwise from the top edge's start, at most ~1px apart.

    The border's centre line: dashes and dots are laid along it, so they turn the corners.
    """
    (tl, tr, br, bl) = radii
    x0, y0, x1, y1 = rect.x, rect.y, rect.right, rect.bottom
    points: list[Point] = [(x0 + tl[0], y0)]
    corners = (
        ((x1 - tr[0], y0 + tr[1]), tr, -90.0, (x1, y1 - br[1])),
        ((x1 - br[0], y1 - br[1]), br, 0.0, (x0 + bl[0], y1)),
        ((x0 + bl[0], y1 - bl[1]), bl, 90.0, (x0, y0 + tl[1])),
        ((x0 + tl[0], y0 + tl[1]), tl, 180.0, (x0 + tl[0], y0)),
    )
    for (cx, cy), (rx, ry), start, edge_end in corners:
        steps = max(1, math.ceil(math.pi / 2 * max(rx, ry)))
        for i in range(steps + 1):
            a = math.radians(start + 90.0 * i / steps)
            points.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
        points.append(edge_end)
    return points


def dash_mask(path: list[Point], side: Side, region: Region) -> Image.Image:
    """Dashes (2 widths long, 1 apart) or round dots (1 apart) along `path`, as an "L" mask
    of `region`; the period is stretched so a whole number of them closes the loop."""
    width = max(1.0, side.width)
    on = 0.0 if side.style is BorderStyle.DOTTED else 2 * width
    period = (on or width) + width
    lengths = [0.0]
    for (ax, ay), (bx, by) in itertools.pairwise(path):
        lengths.append(lengths[-1] + math.hypot(bx - ax, by - ay))
    total = lengths[-1]
    count = max(1, round(total / period))
    period = total / count
    if on:
        on = period * 2 / 3
    scale = SUPERSAMPLE if region.width * region.height <= 1_000_000 else 2
    big = Image.new("L", (region.width * scale, region.height * scale), 0)
    draw = ImageDraw.Draw(big)

    def at(s: float) -> Point:
        i = min(max(bisect.bisect_right(lengths, s) - 1, 0), len(path) - 2)
        span = lengths[i + 1] - lengths[i]
        t = (s - lengths[i]) / span if span > 0 else 0.0
        (ax, ay), (bx, by) = path[i], path[i + 1]
        return ((ax + (bx - ax) * t - region.x) * scale, (ay + (by - ay) * t - region.y) * scale)

    for k in range(count):
        start = k * period
        if not on:  # a round dot, its diameter the border width
            cx, cy = at(start + period / 2)
            r = width * scale / 2
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
            continue
        inside = [at(start)]
        first = bisect.bisect_right(lengths, start)
        last = bisect.bisect_left(lengths, start + on)
        inside += [at(lengths[i]) for i in range(first, last)]
        inside.append(at(start + on))
        kept = [p for i, p in enumerate(inside) if i == 0 or math.dist(p, inside[i - 1]) > 0.01]
        if len(kept) > 1:
            draw.polygon(_band(kept, width * scale), fill=255)
    return big.reduce(scale)


def _band(line: list[Point], half: float) -> list[Point]:
    """A polygon `half` px either side of a polyline (square ends): one dash, before the ring
    mask trims it to the border."""
    left: list[Point] = []
    right: list[Point] = []
    for i, (x, y) in enumerate(line):
        (ax, ay), (bx, by) = line[max(i - 1, 0)], line[min(i + 1, len(line) - 1)]
        length = math.hypot(bx - ax, by - ay) or 1.0
        nx, ny = -(by - ay) / length * half, (bx - ax) / length * half
        left.append((x + nx, y + ny))
        right.append((x - nx, y - ny))
    return left + right[::-1]
