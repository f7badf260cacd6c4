"""Box geometry for paint: resolved corner radii, pixel regions and anti-aliased shape masks.

Rounded corners are drawn on a 4x supersampled patch per corner and reduced, so the cost grows
with the corner area, not the box area; straight edges snap to whole pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw

from handler.render.computed import ComputedStyle, Length, Pct, Radius
from handler.render.limits import check_pixels

SUPERSAMPLE = 4


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle in canvas px (floats)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def inset(self, top: float, right: float, bottom: float, left: float) -> Rect:
        return Rect(
            self.x + left,
            self.y + top,
            max(0.0, self.width - left - right),
            max(0.0, self.height - top - bottom),
        )

    def outset(self, d: float) -> Rect:
        return Rect(
            self.x - d, self.y - d, max(0.0, self.width + 2 * d), max(0.0, self.height + 2 * d)
        )

    def moved(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.width, self.height)

    def region(self) -> Region:
        """The whole pixels this rectangle touches, edges rounded to the nearest pixel."""
        x0, y0 = round(self.x), round(self.y)
        return Region(x0, y0, max(0, round(self.right) - x0), max(0, round(self.bottom) - y0))


@dataclass(frozen=True, slots=True)
class Region:
    """Whole pixels: the integer rectangle a layer or a mask covers."""

    x: int
    y: int
    width: int
    height: int

    @property
    def empty(self) -> bool:
        return self.width <= 0 or self.height <= 0

    def union(self, other: Region) -> Region:
        if other.empty:
            return self
        if self.empty:
            return other
        x0, y0 = min(self.x, other.x), min(self.y, other.y)
        x1 = max(self.x + self.width, other.x + other.width)
        y1 = max(self.y + self.height, other.y + other.height)
        return Region(x0, y0, x1 - x0, y1 - y0)

    def intersection(self, other: Region) -> Region:
        """The pixels in both (empty, with a zero size, when they do not meet)."""
        x0, y0 = max(self.x, other.x), max(self.y, other.y)
        x1 = min(self.x + self.width, other.x + other.width)
        y1 = min(self.y + self.height, other.y + other.height)
        return Region(x0, y0, max(0, x1 - x0), max(0, y1 - y0))

    def contains(self, other: Region) -> bool:
        return (
            not self.empty
            and self.x <= other.x
            and self.y <= other.y
            and other.x + other.width <= self.x + self.width
            and other.y + other.height <= self.y + self.height
        )

    def grown(self, d: int) -> Region:
        return Region(self.x - d, self.y - d, self.width + 2 * d, self.height + 2 * d)


Corner = tuple[float, float]
Corners = tuple[Corner, Corner, Corner, Corner]
"""Radii (horizontal, vertical) of the top-left, top-right, bottom-right, bottom-left corners."""

SQUARE: Corners = ((0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0))


def resolve(length: Length, reference: float) -> float:
    """px of a length: a percentage is of `reference`."""
    if isinstance(length, Pct):
        return length.value * reference / 100.0
    return float(length)


def corner_radii(style: ComputedStyle, width: float, height: float) -> Corners:
    """Border-box radii, scaled down together when adjacent ones overlap (as CSS does)."""
    radii = (
        style.border_top_left_radius,
        style.border_top_right_radius,
        style.border_bottom_right_radius,
        style.border_bottom_left_radius,
    )
    if all(r == _ZERO for r in radii):
        return SQUARE
    tl, tr, br, bl = (_corner(r, width, height) for r in radii)
    factor = 1.0
    for side, a, b in (
        (width, tl[0], tr[0]),
        (width, bl[0], br[0]),
        (height, tl[1], bl[1]),
        (height, tr[1], br[1]),
    ):
        if a + b > side > 0:
            factor = min(factor, side / (a + b))
    if factor < 1.0:
        tl, tr, br, bl = (
            (c[0] * factor, c[1] * factor) for c in (tl, tr, br, bl)
        )  # fmt: skip
    return (tl, tr, br, bl)


_ZERO = Radius()


def _corner(radius: Radius, width: float, height: float) -> Corner:
    rx, ry = resolve(radius.x, width), resolve(radius.y, height)
    if rx <= 0 or ry <= 0:
        return (0.0, 0.0)
    return (rx, ry)


def inner_radii(radii: Corners, top: float, right: float, bottom: float, left: float) -> Corners:
    """Radii of a box inset by the given edges (the padding box inside a border, ...)."""
    tl, tr, br, bl = radii
    return (
        _shrink(tl, left, top),
        _shrink(tr, right, top),
        _shrink(br, right, bottom),
        _shrink(bl, left, bottom),
    )


def outer_radii(radii: Corners, spread: float) -> Corners:
    """Radii of a box grown by `spread` (box-shadow spread): square corners stay square."""
    return tuple(  # type: ignore[return-value]
        (max(0.0, rx + spread), max(0.0, ry + spread)) if rx > 0 and ry > 0 else (0.0, 0.0)
        for rx, ry in radii
    )


def _shrink(corner: Corner, dx: float, dy: float) -> Corner:
    rx, ry = corner[0] - dx, corner[1] - dy
    if rx <= 0 or ry <= 0:
        return (0.0, 0.0)
    return (rx, ry)


def is_square(radii: Corners) -> bool:
    return radii == SQUARE


def shape_mask(rect: Rect, radii: Corners) -> tuple[Image.Image, Region]:
    """An "L" mask (255 inside) of a rounded rectangle and the pixel region it covers."""
    region = rect.region()
    check_pixels(region.width, region.height, "the shape of a box (background, shadow or clip)")
    mask = Image.new("L", (max(region.width, 0), max(region.height, 0)), 255)
    if region.empty or is_square(radii):
        return mask, region
    w, h = region.width, region.height
    for index, (rx, ry) in enumerate(radii):
        if rx <= 0 or ry <= 0:
            continue
        patch = _corner_patch(round(rx * 64) / 64, round(ry * 64) / 64)
        pw, ph = min(patch.width, w), min(patch.height, h)
        patch = _orient(patch, index).crop(_orient_box(index, patch.width, patch.height, pw, ph))
        x = 0 if index in (0, 3) else w - pw
        y = 0 if index in (0, 1) else h - ph
        area = (x, y, x + pw, y + ph)
        mask.paste(ImageChops.darker(mask.crop(area), patch), area)
    return mask, region


def _orient(patch: Image.Image, index: int) -> Image.Image:
    if index == 1:
        return patch.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if index == 2:
        return patch.transpose(Image.Transpose.ROTATE_180)
    if index == 3:
        return patch.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    return patch


def _orient_box(index: int, w: int, h: int, pw: int, ph: int) -> tuple[int, int, int, int]:
    """The part of an oriented patch that fits the mask (the corner side of it)."""
    x0 = 0 if index in (0, 3) else w - pw
    y0 = 0 if index in (0, 1) else h - ph
    return (x0, y0, x0 + pw, y0 + ph)


@lru_cache(maxsize=256)
def _corner_patch(rx: float, ry: float) -> Image.Image:
    """Coverage of a top-left elliptical corner of radii (rx, ry), anti-aliased."""
    s = SUPERSAMPLE
    pw, ph = math.ceil(rx), math.ceil(ry)
    big = Image.new("L", (pw * s, ph * s), 0)
    draw = ImageDraw.Draw(big)
    draw.ellipse((0, 0, 2 * rx * s - 1, 2 * ry * s - 1), fill=255)
    if rx * s < pw * s:
        draw.rectangle((math.ceil(rx * s), 0, pw * s, ph * s), fill=255)
    if ry * s < ph * s:
        draw.rectangle((0, math.ceil(ry * s), pw * s, ph * s), fill=255)
    return big.reduce(s)


def ring_mask(
    outer: Rect, outer_r: Corners, inner: Rect, inner_r: Corners
) -> tuple[Image.Image, Region]:
    """Mask of the area between two rounded rectangles (a border), over the outer's region."""
    mask, region = shape_mask(outer, outer_r)
    hole, hole_region = shape_mask(inner, inner_r)
    if hole_region.empty:
        return mask, region
    dx, dy = hole_region.x - region.x, hole_region.y - region.y
    area = (dx, dy, dx + hole_region.width, dy + hole_region.height)
    cut = ImageChops.subtract(mask.crop(area), hole)
    mask.paste(cut, area)
    return mask, region
