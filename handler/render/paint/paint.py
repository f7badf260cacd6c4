"""Boxes -> pixels: the only stage that draws.

    paint(root_box, width=1200, height=630, debug=False, emoji=emojis) -> RGBA image

Boxes are border boxes at canvas px, painted in document order (later on top). Each element
paints, in CSS order: outer shadows, background colour, background layers (last first), inset
shadows, borders, its image (`<img>`), then its children; `overflow: hidden` clips the children
to the padding box with the inner radii. Opacity, transform and filter apply to the element and
its subtree as one layer, in that CSS order: filter, clip-path and mask-image (masks.py), then
opacity, then the transform.
"""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from handler.render.computed import (
    BackgroundClip,
    Blur,
    ComputedStyle,
    Display,
    ObjectFit,
    Overflow,
    Rotate,
    Scale,
    Skew,
    Translate,
)
from handler.render.limits import check_pixels
from handler.render.nodes import Box, ImageSource, StyledElement
from handler.render.paint.backgrounds import fit_source, layer_image
from handler.render.paint.borders import paint_borders
from handler.render.paint.corners import box_mask
from handler.render.paint.glyphs import EmojiImages, paint_text, text_region
from handler.render.paint.shadows import paint_inset, paint_outer, shadow_reach
from handler.render.paint.shapes import (
    Corners,
    Rect,
    Region,
    corner_radii,
    inner_radii,
    is_square,
    resolve,
)
from handler.render.paint.surface import Surface, apply_opacity

Matrix = tuple[float, float, float, float, float, float]
"""An affine map (a, b, c, d, e, f): x' = a x + b y + c, y' = d x + e y + f."""

DEBUG_COLOR = (255, 0, 0, 160)

__all__ = ["EmojiImages", "paint"]


def paint(root: Box, *, width: int, height: int, debug: bool, emoji: EmojiImages) -> Image.Image:
    """Paint a laid-out box tree on a transparent `width` x `height` RGBA canvas."""
    canvas = Surface.blank(Region(0, 0, width, height))
    _Painter(debug, emoji).box(canvas, root)
    return canvas.image


class _Painter:
    def __init__(self, debug: bool, emoji: EmojiImages) -> None:
        self.debug = debug
        self.emoji = emoji

    def box(self, surface: Surface, box: Box) -> None:
        style = box.style
        if style.display is Display.NONE:
            return
        if isinstance(box.node, StyledElement) and _needs_group(style):
            self.group(surface, box)
        else:
            self.content(surface, box)

    def group(self, surface: Surface, box: Box) -> None:
        # filters, clip-path and masks: imported where a design uses them, so that the
        # designs that do not pay nothing for them at start-up (`make bench`)
        style = box.style
        reach = 1  # the anti-aliased edge, what blur_reach gives without a blur
        if style.filter:
            from handler.render.paint.filters import apply_filters, blur_reach

            reach = blur_reach(style.filter)
        bounds = subtree_region(box).grown(reach)
        layer = Surface.blank(bounds)
        self.content(layer, box)
        image = layer.image
        if style.filter:
            image = apply_filters(image, style.filter)
        if style.clip_path is not None or style.mask_layers:
            from handler.render.paint.masks import clipped_and_masked

            image, bounds = clipped_and_masked(image, bounds, box)
            if bounds.empty:
                return
        if style.opacity < 1:
            apply_opacity(image, style.opacity)
        if style.transform:
            matrix = _multiply(transform_matrix(box), _snap_residue(box))
            image, bounds = _transformed(image, bounds, matrix)
        surface.draw(image, bounds.x, bounds.y)

    def content(self, surface: Surface, box: Box) -> None:
        if box.text is not None:
            paint_text(surface, box, self.emoji)
            self._outline(surface, box)
            return
        style = box.style
        rect = Rect(box.x, box.y, box.width, box.height)
        radii = corner_radii(style, rect.width, rect.height)
        b = box.border
        padding_rect = rect.inset(b.top, b.right, b.bottom, b.left)
        padding_radii = inner_radii(radii, b.top, b.right, b.bottom, b.left)
        for shadow in reversed(style.box_shadow):
            if not shadow.inset:
                paint_outer(surface, rect, radii, shadow, style.corner_shape)
        if style.backdrop_filter:
            from handler.render.paint.backdrop import paint_backdrop

            paint_backdrop(surface, rect, radii, style)
        if style.background_clip is BackgroundClip.TEXT:
            from handler.render.paint.textclip import paint_through_text

            paint_through_text(
                surface, box, lambda layer: self._background(layer, box, rect, radii, padding_rect)
            )
        else:
            self._background(surface, box, rect, radii, padding_rect)
        for shadow in reversed(style.box_shadow):
            if shadow.inset:
                paint_inset(surface, padding_rect, padding_radii, shadow, style.corner_shape)
        paint_borders(surface, rect, radii, style)
        node = box.node
        if isinstance(node, StyledElement) and node.source is not None:
            self._image(surface, box, node.source, padding_rect, padding_radii)
        self._children(surface, box, padding_rect, padding_radii)
        self._outline(surface, box)

    def _background(
        self, surface: Surface, box: Box, rect: Rect, radii: Corners, origin: Rect
    ) -> None:
        style = box.style
        if style.background_color[3] == 0 and not style.background_layers:
            return
        if is_square(radii):
            region, mask = rect.region(), None
        else:
            mask, region = box_mask(rect, radii, style.corner_shape)
        if region.empty:
            return
        surface.fill(region, style.background_color, mask)
        where = _where(box)
        for layer in reversed(style.background_layers):
            image, opaque = layer_image(layer, region, origin, where)
            surface.draw(image, region.x, region.y, mask, opaque=opaque, own=opaque)

    def _image(
        self, surface: Surface, box: Box, source: ImageSource, padding: Rect, radii: Corners
    ) -> None:
        p = box.padding
        content = padding.inset(p.top, p.right, p.bottom, p.left)
        clip_radii = inner_radii(radii, p.top, p.right, p.bottom, p.left)
        placed = object_rect(box.style, content, source)
        region = placed.region()
        if region.empty or content.region().empty:
            return
        pixels = fit_source(source, region.width, region.height, _where(box))
        clip_mask, clip = box_mask(content, clip_radii, box.style.corner_shape)
        layer = Surface.blank(clip)
        layer.draw(pixels, region.x, region.y)
        surface.draw(layer.image, clip.x, clip.y, clip_mask)

    def _children(self, surface: Surface, box: Box, padding: Rect, radii: Corners) -> None:
        if not box.children:
            return
        if box.style.overflow is not Overflow.HIDDEN:
            for child in box.children:
                self.box(surface, child)
            return
        clip_mask, clip = box_mask(padding, radii, box.style.corner_shape)
        if clip.empty:
            return
        layer = Surface.blank(clip)
        for child in box.children:
            self.box(layer, child)
        surface.draw(layer.image, clip.x, clip.y, None if is_square(radii) else clip_mask)

    def _outline(self, surface: Surface, box: Box) -> None:
        if not self.debug:
            return
        region = Rect(box.x, box.y, box.width, box.height).region()
        if region.empty:
            return
        outline = Image.new("RGBA", (region.width, region.height), (0, 0, 0, 0))
        ImageDraw.Draw(outline).rectangle(
            (0, 0, region.width - 1, region.height - 1), outline=DEBUG_COLOR
        )
        surface.draw(outline, region.x, region.y)


def _needs_group(style: ComputedStyle) -> bool:
    return (
        style.opacity < 1
        or bool(style.transform)
        or bool(style.filter)
        or style.clip_path is not None
        or bool(style.mask_layers)
    )


def _where(box: Box) -> str:
    node = box.node
    return node.where if isinstance(node, StyledElement) else "text"


def object_rect(style: ComputedStyle, content: Rect, source: ImageSource) -> Rect:
    """Where an `<img>`'s pixels land for its object-fit and object-position."""
    iw, ih = source.width, source.height
    cw, ch = content.width, content.height
    fit = style.object_fit
    if fit is ObjectFit.FILL or iw <= 0 or ih <= 0:
        return content
    contain = min(cw / iw, ch / ih)
    if fit is ObjectFit.CONTAIN:
        scale = contain
    elif fit is ObjectFit.COVER:
        scale = max(cw / iw, ch / ih)
    elif fit is ObjectFit.NONE:
        scale = 1.0
    else:
        scale = min(1.0, contain)
    w, h = iw * scale, ih * scale
    x = content.x + resolve(style.object_position[0], cw - w)
    y = content.y + resolve(style.object_position[1], ch - h)
    return Rect(x, y, w, h)


def subtree_region(box: Box) -> Region:
    """Pixels a box and its descendants may paint (shadows and text overhangs included)."""
    if box.text is not None:
        return text_region(box, box.text)
    region = Rect(box.x, box.y, box.width, box.height).region()
    reach = max((shadow_reach(s) for s in box.style.box_shadow), default=0.0)
    region = region.grown(math.ceil(reach))
    if box.style.overflow is Overflow.HIDDEN:
        return region
    for child in box.children:
        if child.style.display is not Display.NONE:
            region = region.union(_child_region(child))
    return region


def _child_region(child: Box) -> Region:
    region = subtree_region(child)
    if child.style.transform:
        corners = _corners(region)
        matrix = transform_matrix(child)
        points = [_apply(matrix, x, y) for x, y in corners]
        return _bounds(points)
    blur = sum(f.radius for f in child.style.filter if isinstance(f, Blur))
    return region.grown(math.ceil(3 * blur))


def transform_matrix(box: Box) -> Matrix:
    """The box's CSS transform as a canvas-space affine map, about its transform-origin."""
    style = box.style
    ox = box.x + resolve(style.transform_origin[0], box.width)
    oy = box.y + resolve(style.transform_origin[1], box.height)
    m: Matrix = (1.0, 0.0, ox, 0.0, 1.0, oy)
    for t in style.transform:
        m = _multiply(m, _step(t, box))
    return _multiply(m, (1.0, 0.0, -ox, 0.0, 1.0, -oy))


def _snap_residue(box: Box) -> Matrix:
    """The shift from where the box was painted (edges snapped to whole px) to where it is.

    A transformed layer keeps its sub-pixel offset, as browsers do, so a box at x = 50.5 rotates
    about its true centre instead of wobbling by half a pixel.
    """
    return (1.0, 0.0, box.x - round(box.x), 0.0, 1.0, box.y - round(box.y))


def _step(t: Translate | Rotate | Scale | Skew, box: Box) -> Matrix:
    if isinstance(t, Translate):
        return (1.0, 0.0, resolve(t.x, box.width), 0.0, 1.0, resolve(t.y, box.height))
    if isinstance(t, Rotate):
        r = math.radians(t.degrees)
        c, s = math.cos(r), math.sin(r)
        return (c, -s, 0.0, s, c, 0.0)
    if isinstance(t, Scale):
        return (t.x, 0.0, 0.0, 0.0, t.y, 0.0)
    return (
        1.0,
        math.tan(math.radians(t.x_degrees)),
        0.0,
        math.tan(math.radians(t.y_degrees)),
        1.0,
        0.0,
    )


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then applied after n: (m . n)(p) = m(n(p))."""
    a, b, c, d, e, f = m
    g, h, i, j, k, l = n  # noqa: E741
    return (
        a * g + b * j,
        a * h + b * k,
        a * i + b * l + c,
        d * g + e * j,
        d * h + e * k,
        d * i + e * l + f,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5])


def _invert(m: Matrix) -> Matrix | None:
    a, b, c, d, e, f = m
    det = a * e - b * d
    if abs(det) < 1e-12:
        return None
    ia, ib, id_, ie = e / det, -b / det, -d / det, a / det
    return (ia, ib, -(ia * c + ib * f), id_, ie, -(id_ * c + ie * f))


def _corners(region: Region) -> list[tuple[float, float]]:
    x0, y0 = float(region.x), float(region.y)
    x1, y1 = x0 + region.width, y0 + region.height
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _bounds(points: list[tuple[float, float]]) -> Region:
    x0 = math.floor(min(p[0] for p in points))
    y0 = math.floor(min(p[1] for p in points))
    x1 = math.ceil(max(p[0] for p in points))
    y1 = math.ceil(max(p[1] for p in points))
    return Region(x0, y0, x1 - x0, y1 - y0)


def _transformed(image: Image.Image, region: Region, m: Matrix) -> tuple[Image.Image, Region]:
    """A layer at `region` mapped through `m`, and the region it lands on."""
    inverse = _invert(m)
    out = _bounds([_apply(m, x, y) for x, y in _corners(region)])
    if inverse is None or out.empty:
        return Image.new("RGBA", (1, 1), (0, 0, 0, 0)), Region(0, 0, 1, 1)
    check_pixels(out.width, out.height, "a transformed layer")
    if m[:2] == (1.0, 0.0) and m[3:5] == (0.0, 1.0) and m[2].is_integer() and m[5].is_integer():
        return image, Region(
            region.x + int(m[2]), region.y + int(m[5]), region.width, region.height
        )
    a, b, c, d, e, f = inverse
    # output pixel (u, v) is canvas (u + out.x, v + out.y); input pixel is canvas - region origin
    coefficients = (
        a,
        b,
        a * out.x + b * out.y + c - region.x,
        d,
        e,
        d * out.x + e * out.y + f - region.y,
    )
    premultiplied = image.convert("RGBa")
    moved = premultiplied.transform(
        (out.width, out.height),
        Image.Transform.AFFINE,
        coefficients,
        Image.Resampling.BILINEAR,
    )
    return moved.convert("RGBA"), out
