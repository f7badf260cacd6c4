"""clip-path: a box's basic shape as anti-aliased coverage over the pixels of its layer.

    clip_coverage(box, bounds) -> ("L" image, region)   255 inside the shape, region <= bounds

The shape is resolved against the reference box (border box unless the value names another):
percentages of its width and height, a circle's percentage radius of sqrt(w^2 + h^2) / sqrt(2)
(CSS's normalised diagonal), `closest-side` / `farthest-side` from the centre. An inset is a
rounded rectangle drawn by shapes.py; circles, ellipses and polygons are filled by Pillow on a
supersampled patch over their bounding box; `path()`, `shape()` and self-crossing `nonzero`
polygons (Pillow fills even-odd) become an SVG path that resvg fills.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from PIL import Image, ImageDraw

from handler.render.computed import INITIAL, Radius
from handler.render.limits import check_pixels
from handler.render.masking import (
    CircleShape,
    ClipPath,
    EllipseShape,
    InsetShape,
    PathShape,
    PolygonShape,
    ReferenceBox,
    ShapeRadius,
)
from handler.render.nodes import Box, StyledElement
from handler.render.paint.images import rasterise_svg
from handler.render.paint.path_data import path_data, svg_number
from handler.render.paint.shapes import (
    SUPERSAMPLE,
    Rect,
    Region,
    corner_radii,
    resolve,
    shape_mask,
)

SVG_NS = "http://www.w3.org/2000/svg"
FINE_AREA = 1_000_000
"""Up to this many px a shape is drawn at 4x4 samples a pixel, up to 4x as many at 2x2, past
that at one (the patch stays under 16 Mpx, well within `max_image_pixels`)."""


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
        return _oval_coverage(shape, ref, bounds)
    if isinstance(shape, PolygonShape):
        return _polygon(shape, ref, bounds, _where(box))
    if isinstance(shape, PathShape):
        d, reach = path_data(shape.steps, ref)
        region = _outer(reach).intersection(bounds)
        return _svg(f'<path d="{d}"', shape.evenodd, region, _where(box)), region
    moved = f"translate({svg_number(ref.x)} {svg_number(ref.y)})"
    element = f'<path transform="{moved}" d="{shape.d}"'
    return _svg(element, shape.evenodd, bounds, _where(box)), bounds


def _oval_coverage(
    shape: CircleShape | EllipseShape, ref: Rect, bounds: Region
) -> tuple[Image.Image, Region]:
    cx, cy, rx, ry = _ellipse(shape, ref)
    region = _outer(Rect(cx - rx, cy - ry, 2 * rx, 2 * ry)).intersection(bounds)
    coverage = _drawn(region, lambda draw, at: draw.ellipse(_oval(cx, cy, rx, ry, at), fill=255))
    return coverage, region


def _polygon(
    shape: PolygonShape, ref: Rect, bounds: Region, where: str
) -> tuple[Image.Image, Region]:
    points = [
        (ref.x + resolve(x, ref.width), ref.y + resolve(y, ref.height)) for x, y in shape.points
    ]
    region = _outer(_hull(points)).intersection(bounds)
    if shape.evenodd or not crosses_itself(points):  # Pillow fills even-odd
        return _drawn(region, lambda draw, at: draw.polygon(at(points), fill=255)), region
    d = "M" + " L".join(f"{svg_number(x)} {svg_number(y)}" for x, y in points) + " Z"
    return _svg(f'<path d="{d}"', False, region, where), region


Scale = Callable[[list[tuple[float, float]]], list[tuple[float, float]]]


def _drawn(region: Region, paint: Callable[[ImageDraw.ImageDraw, Scale], None]) -> Image.Image:
    """Coverage drawn by `paint` on a supersampled patch over `region`, reduced (anti-aliased).

    `paint` gets the drawing and a function mapping canvas points to the patch's.
    """
    if region.empty:
        return Image.new("L", (1, 1), 0)
    area = region.width * region.height
    s = SUPERSAMPLE if area <= FINE_AREA else 2 if area <= 4 * FINE_AREA else 1
    check_pixels(region.width * s, region.height * s, "a clip-path shape")
    big = Image.new("L", (region.width * s, region.height * s), 0)

    def at(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [((x - region.x) * s, (y - region.y) * s) for x, y in points]

    paint(ImageDraw.Draw(big), at)
    return big.reduce(s)


def _oval(cx: float, cy: float, rx: float, ry: float, at: Scale) -> tuple[float, ...]:
    (x0, y0), (x1, y1) = at([(cx - rx, cy - ry), (cx + rx, cy + ry)])
    return (x0, y0, max(x0, x1 - 1), max(y0, y1 - 1))  # Pillow's box includes its last pixel


def _hull(points: list[tuple[float, float]]) -> Rect:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def crosses_itself(points: list[tuple[float, float]]) -> bool:
    """Whether two non-adjacent edges of the closed polygon cross (then fill rules differ)."""
    edges = list(zip(points, points[1:] + points[:1], strict=True))
    n = len(edges)
    for i in range(n):
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue  # they share the first point
            if _cross(*edges[i], *edges[j]):
                return True
    return False


def _cross(
    a: tuple[float, float], b: tuple[float, float], c: tuple[float, float], d: tuple[float, float]
) -> bool:
    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def _inset(ref: Rect, shape: InsetShape | None, bounds: Region) -> tuple[Image.Image, Region]:
    if shape is None:
        rect, radii = ref, corner_radii(INITIAL, ref.width, ref.height)
    else:
        w, h = ref.width, ref.height
        top, bottom = resolve(shape.top, h), resolve(shape.bottom, h)
        left, right = resolve(shape.left, w), resolve(shape.right, w)
        rect = ref.inset(top, right, bottom, left)
        tl, tr, br, bl = (Radius(x, y) for x, y in shape.radii)
        corners = replace(
            INITIAL,
            border_top_left_radius=tl,
            border_top_right_radius=tr,
            border_bottom_right_radius=br,
            border_bottom_left_radius=bl,
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
