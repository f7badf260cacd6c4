"""`backdrop-filter`: filter functions on what is already painted behind an element.

The pixels under the element's border box (rounded by its radii and corner shape) are read
from the surface, run through the filters (`filters.apply_filters`, as `filter` is) and
composited back over themselves, before the element paints its own background: a
`backdrop-filter: blur(8px)` on a translucent panel frosts what shows through it. The
backdrop is the surface being painted: inside an opacity, transform or filter group, what
that group has painted so far.
"""

from __future__ import annotations

from handler.render.computed import ComputedStyle
from handler.render.paint.corners import box_mask
from handler.render.paint.filters import apply_filters, blur_reach
from handler.render.paint.shapes import Corners, Rect
from handler.render.paint.surface import Surface


def paint_backdrop(surface: Surface, rect: Rect, radii: Corners, style: ComputedStyle) -> None:
    """Filter the surface's pixels under `rect` with `style.backdrop_filter`, in place."""
    mask, region = box_mask(rect, radii, style.corner_shape)
    visible = region.intersection(surface.region)
    if visible.empty:
        return
    # a blur reads the pixels around the box too (as far as the surface goes)
    source = visible.grown(blur_reach(style.backdrop_filter)).intersection(surface.region)
    sx, sy = source.x - surface.region.x, source.y - surface.region.y
    backdrop = surface.image.crop((sx, sy, sx + source.width, sy + source.height))
    filtered = apply_filters(backdrop, style.backdrop_filter)
    dx, dy = region.x - source.x, region.y - source.y
    part = filtered.crop((dx, dy, dx + region.width, dy + region.height))
    surface.draw(part, region.x, region.y, mask)
