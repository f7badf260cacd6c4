"""box-shadow: outer shadows (outside the border box only) and inset ones (inside the padding box).

The CSS blur radius is twice the Gaussian's standard deviation. Shadows follow the box's
radii and corner-shape.
"""

from __future__ import annotations

import math

from PIL import Image, ImageChops, ImageFilter

from handler.render.computed import ROUND_CORNERS, CornerShapes, Shadow
from handler.render.limits import check_pixels
from handler.render.paint.corners import box_mask
from handler.render.paint.shapes import Corners, Rect, Region, inner_radii, outer_radii
from handler.render.paint.surface import Surface


def shadow_reach(shadow: Shadow) -> float:
    """How far past the box a shadow can paint (for layer bounds)."""
    return (
        abs(shadow.spread)
        + blur_margin(shadow.blur)
        + max(abs(shadow.offset_x), abs(shadow.offset_y))
    )


def blur_margin(blur: float) -> int:
    """Pixels a Gaussian of CSS blur radius `blur` spreads a shape by (3 sigma)."""
    return math.ceil(1.5 * blur) if blur > 0 else 0


def blurred(mask: Image.Image, region: Region, blur: float) -> tuple[Image.Image, Region]:
    """`mask` padded by the blur's reach and blurred, with its grown region."""
    margin = blur_margin(blur)
    if margin == 0:
        return mask, region
    check_pixels(mask.width + 2 * margin, mask.height + 2 * margin, f"a shadow blurred {blur:g}px")
    padded = Image.new("L", (mask.width + 2 * margin, mask.height + 2 * margin), 0)
    padded.paste(mask, (margin, margin))
    return padded.filter(ImageFilter.GaussianBlur(blur / 2)), region.grown(margin)


def paint_outer(
    surface: Surface,
    rect: Rect,
    radii: Corners,
    shadow: Shadow,
    shapes: CornerShapes = ROUND_CORNERS,
) -> None:
    grown = rect.outset(shadow.spread).moved(shadow.offset_x, shadow.offset_y)
    mask, region = box_mask(grown, outer_radii(radii, shadow.spread), shapes)
    if region.empty:
        return
    mask, region = blurred(mask, region, shadow.blur)
    own, own_region = box_mask(rect, radii, shapes)
    dx, dy = own_region.x - region.x, own_region.y - region.y
    area = (dx, dy, dx + own_region.width, dy + own_region.height)
    # the shadow is never drawn under the box itself (CSS clips it to outside the border box)
    hole = Image.new("L", mask.size, 255)
    hole.paste(ImageChops.invert(own), area)
    surface.fill(region, shadow.color, ImageChops.multiply(mask, hole))


def paint_inset(
    surface: Surface,
    padding: Rect,
    radii: Corners,
    shadow: Shadow,
    shapes: CornerShapes = ROUND_CORNERS,
) -> None:
    clip, region = box_mask(padding, radii, shapes)
    if region.empty:
        return
    shape = padding.inset(shadow.spread, shadow.spread, shadow.spread, shadow.spread)
    shape = shape.moved(shadow.offset_x, shadow.offset_y)
    s = shadow.spread
    hole, hole_region = box_mask(shape, inner_radii(radii, s, s, s, s), shapes)
    margin = blur_margin(shadow.blur)
    big = region.grown(margin).union(hole_region.grown(margin))
    check_pixels(big.width, big.height, f"an inset shadow blurred {shadow.blur:g}px")
    field = Image.new("L", (big.width, big.height), 255)
    if not hole_region.empty:
        dx, dy = hole_region.x - big.x, hole_region.y - big.y
        area = (dx, dy, dx + hole_region.width, dy + hole_region.height)
        field.paste(ImageChops.subtract(field.crop(area), hole), area)
    if shadow.blur > 0:
        field = field.filter(ImageFilter.GaussianBlur(shadow.blur / 2))
    x0, y0 = region.x - big.x, region.y - big.y
    field = field.crop((x0, y0, x0 + region.width, y0 + region.height))
    surface.fill(region, shadow.color, ImageChops.multiply(field, clip))
