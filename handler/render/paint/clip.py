"""clip-path: a box's basic shape as anti-aliased coverage over the pixels of its layer.

    clip_coverage(box, bounds) -> ("L" image, region)   255 inside the shape, region <= bounds

The shape is resolved against the reference box (border box unless the value names another):
percentages of its width and height, a circle's percentage radius of sqrt(w^2 + h^2) / sqrt(2)
(CSS's normalised diagonal), `closest-side` / `farthest-side` from the centre. An inset is a
rounded rectangle drawn by shapes.py; every other shape becomes an SVG path that resvg fills.
"""

from __future__ import annotations

import math
from dataclasses import replace

from PIL import Image

from handler.render.computed import (
    INITIAL,
    CircleShape,
    ClipPath,
    EllipseShape,
    InsetShape,
    PathShape,
    PolygonShape,
    ReferenceBox,
    ShapeRadius,
    SvgPathShape,
)
from handler.render.nodes import Box, StyledElement
from handler.render.paint.images import rasterise_svg
from handler.render.paint.path_data import path_data, svg_number
from handler.render.paint.shapes import Rect, Region, corner_radii, resolve, shape_mask

SVG_NS = "http://www.w3.org/2000/svg"


def reference_rect(box: Box, which: ReferenceBox) -> Rect:
    """The border, padding or content box of `box`, in canvas px."""
    rect = Rect(box.x, box.y, box.width, box.height)
    if which is ReferenceBox.BORDER_BOX:
        return rect
    b = box.border
    rect = rect.inset(b.top, b.right, b.bottom, b.left)
    if which is ReferenceBox.PADDING_BOX:
        return rect
    p = box.padding
    return rect.inset(p.top, p.right, p.bottom, p.left)


def clip_coverage(box: Box, clip: ClipPath, bounds: Region) -> tuple[Image.Image, Region]:
    """Coverage of the clip over (part of) `bounds`: zero outside the returned region."""
    ref = reference_rect(box, clip.box)
    shape = clip.shape
    if shape is None or isinstance(shape, InsetShape):
        return _inset(ref, shape, bounds)
    if isinstance(shape, CircleShape | EllipseShape):
        cx, cy, rx, ry = _ellipse(shape, ref)
        outline = Rect(cx - rx, cy - ry, 2 * rx, 2 * ry)
        region = _outer(outline).intersection(bounds)
        cx_, cy_, rx_, ry_ = (svg_number(n) for n in (cx, cy, rx, ry))
        element = f'<ellipse cx="{cx_}" cy="{cy_}" rx="{rx_}" ry="{ry_}"'
        return _svg(element, False, region, _where(box)), region
    if isinstance(shape, PolygonShape):
        points = [
            (ref.x + resolve(x, ref.width), ref.y + resolve(y, ref.height)) for x, y in shape.points
        ]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        region = _outer(Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
        region = region.intersection(bounds)
        d = "M" + " L".join(f"{svg_number(x)} {svg_number(y)}" for x, y in points) + " Z"
        return _svg(f'<path d="{d}"', shape.evenodd, region, _where(box)), region
    if isinstance(shape, PathShape):
        d = path_data(shape.steps, ref)
        return _svg(f'<path d="{d}"', shape.evenodd, bounds, _where(box)), bounds
    assert isinstance(shape, SvgPathShape)
    element = f'<path transform="translate({svg_number(ref.x)} {svg_number(ref.y)})" d="{shape.d}"'
    return _svg(element, shape.evenodd, bounds, _where(box)), bounds


def _inset(ref: Rect, shape: InsetShape | None, bounds: Region) -> tuple[Image.Image, Region]:
    if shape is None:
        rect, radii = ref, corner_radii(INITIAL, ref.width, ref.height)
    else:
        w, h = ref.width, ref.height
        top, bottom = resolve(shape.top, h), resolve(shape.bottom, h)
        left, right = resolve(shape.left, w), resolve(shape.right, w)
        rect = ref.inset(top, right, bottom, left)
        corners = replace(
            INITIAL,
            border_top_left_radius=shape.radii[0],
            border_top_right_radius=shape.radii[1],
            border_bottom_right_radius=shape.radii[2],
            border_bottom_left_radius=shape.radii[3],
        )
        radii = corner_radii(corners, rect.width, rect.height)
    mask, region = shape_mask(rect, radii)
    visible = region.intersection(bounds)
    if visible.empty:
        return Image.new("L", (1, 1), 0), visible
    x, y = visible.x - region.x, visible.y - region.y
    return mask.crop((x, y, x + visible.width, y + visible.height)), visible


def _ellipse(shape: CircleShape | EllipseShape, ref: Rect) -> tuple[float, float, float, float]:
    cx = ref.x + resolve(shape.center[0], ref.width)
    cy = ref.y + resolve(shape.center[1], ref.height)
    sides_x = (abs(cx - ref.x), abs(ref.right - cx))
    sides_y = (abs(cy - ref.y), abs(ref.bottom - cy))
    if isinstance(shape, CircleShape):
        diagonal = math.hypot(ref.width, ref.height) / math.sqrt(2)
        r = _radius(shape.radius, diagonal, (*sides_x, *sides_y))
        return cx, cy, r, r
    rx = _radius(shape.rx, ref.width, sides_x)
    ry = _radius(shape.ry, ref.height, sides_y)
    return cx, cy, rx, ry


def _radius(radius: ShapeRadius, reference: float, sides: tuple[float, ...]) -> float:
    if radius == "closest-side":
        return min(sides)
    if radius == "farthest-side":
        return max(sides)
    assert not isinstance(radius, str)
    return max(0.0, resolve(radius, reference))


def _outer(rect: Rect) -> Region:
    """Every pixel `rect` touches (an anti-aliased edge included)."""
    x0, y0 = math.floor(rect.x), math.floor(rect.y)
    return Region(x0, y0, math.ceil(rect.right) - x0, math.ceil(rect.bottom) - y0)


def _svg(element: str, evenodd: bool, region: Region, where: str) -> Image.Image:
    """The coverage of one filled SVG element over `region` (canvas px)."""
    if region.empty:
        return Image.new("L", (1, 1), 0)
    rule = "evenodd" if evenodd else "nonzero"
    view = f"{region.x} {region.y} {region.width} {region.height}"
    markup = (
        f'<svg xmlns="{SVG_NS}" width="{region.width}" height="{region.height}" '
        f'viewBox="{view}">{element} fill="#fff" fill-rule="{rule}"/></svg>'
    )
    pixels = rasterise_svg(markup.encode(), region.width, region.height, f"clip-path on <{where}>")
    return pixels.getchannel("A")


def _where(box: Box) -> str:
    node = box.node
    return node.where if isinstance(node, StyledElement) else "text"
