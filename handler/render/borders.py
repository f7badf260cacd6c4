"""Borders: per-side widths, colours and styles (solid, dashed, dotted), following the radii."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

from handler.render.computed import RGBA, BorderStyle, ComputedStyle
from handler.render.shapes import Corners, Rect, inner_radii, ring_mask
from handler.render.surface import Surface


@dataclass(frozen=True, slots=True)
class Side:
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
    ring, region = ring_mask(rect, radii, inner, inner_r)
    if region.empty:
        return
    uniform = all(
        s.color == top.color and s.style is BorderStyle.SOLID for s in all_sides if s.width > 0
    )
    if uniform:
        surface.fill(region, top.color, ring)
        return
    ox, oy = region.x, region.y
    ix0, iy0 = inner.x - ox, inner.y - oy
    ix1, iy1 = inner.right - ox, inner.bottom - oy
    w, h = region.width, region.height
    wedges = (
        [(0, 0), (w, 0), (ix1, iy0), (ix0, iy0)],
        [(w, 0), (w, h), (ix1, iy1), (ix1, iy0)],
        [(w, h), (0, h), (ix0, iy1), (ix1, iy1)],
        [(0, h), (0, 0), (ix0, iy0), (ix0, iy1)],
    )
    for index, (side, wedge) in enumerate(zip(all_sides, wedges, strict=True)):
        if not side.visible:
            continue
        part = Image.new("L", (w, h), 0)
        ImageDraw.Draw(part).polygon(wedge, fill=255)
        part = ImageChops.multiply(part, ring)
        if side.style is not BorderStyle.SOLID:
            part = ImageChops.multiply(part, _dashes(side, index % 2 == 1, w, h))
        surface.fill(region, side.color, part)


def _dashes(side: Side, vertical: bool, w: int, h: int) -> Image.Image:
    """Stripes across a side: dashes 2x the width long with a 1x gap; dots as long as wide."""
    width = max(1, round(side.width))
    on = width if side.style is BorderStyle.DOTTED else 2 * width
    off = width
    length = h if vertical else w
    period = on + off
    row = (b"\xff" * on + b"\x00" * off) * (math.ceil(length / period) + 1)
    line = Image.frombytes("L", (length, 1), row[:length])
    if vertical:
        return line.transpose(Image.Transpose.TRANSPOSE).resize((w, h), Image.Resampling.NEAREST)
    return line.resize((w, h), Image.Resampling.NEAREST)
