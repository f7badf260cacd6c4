"""clip-path and mask-image on a painted layer: its alpha times the clip's coverage and the
masks' alpha (or luminance), in CSS's order (after filters, before opacity and transforms).

    clipped_and_masked(layer, bounds, box) -> (layer, region)   region <= bounds

Mask layers are painted as backgrounds are (backgrounds.py: size, position, repeat; gradients
and url() images, SVGs rasterised at the tile size), positioned over their mask-origin box and
painted within their mask-clip box (both the border box by default): outside every layer's clip
box the mask is empty. Layers combine with mask-composite: add (source-over of their alphas).
"""

from __future__ import annotations

from PIL import Image, ImageChops

from handler.render.computed import MaskLayer, MaskMode
from handler.render.nodes import Box, StyledElement
from handler.render.paint.backgrounds import layer_image
from handler.render.paint.clip import clip_coverage, reference_rect
from handler.render.paint.shapes import Region
from handler.render.paint.surface import with_mask


def clipped_and_masked(image: Image.Image, bounds: Region, box: Box) -> tuple[Image.Image, Region]:
    """The layer (RGBA at `bounds`) cut by the box's clip-path and mask-image, cropped to
    what may still show; the region is empty when nothing does."""
    style = box.style
    if style.clip_path is not None:
        coverage, region = clip_coverage(box, style.clip_path, bounds)
        image, bounds = _cut(image, bounds, coverage, region)
    if style.mask_layers and not bounds.empty:
        coverage, region = mask_coverage(box, style.mask_layers, bounds)
        image, bounds = _cut(image, bounds, coverage, region)
    return image, bounds


def _cut(
    image: Image.Image, bounds: Region, coverage: Image.Image, region: Region
) -> tuple[Image.Image, Region]:
    if region.empty:
        return image, region
    if region != bounds:
        x, y = region.x - bounds.x, region.y - bounds.y
        image = image.crop((x, y, x + region.width, y + region.height))
    return with_mask(image, coverage), region


def mask_coverage(
    box: Box, masks: tuple[MaskLayer, ...], bounds: Region
) -> tuple[Image.Image, Region]:
    """The masks' combined coverage over the pixels of `bounds` their clip boxes reach."""
    areas = [_painting_area(box, mask, bounds) for mask in masks]
    visible = Region(0, 0, 0, 0)
    for area in areas:
        visible = visible.union(area)
    if visible.empty:
        return Image.new("L", (1, 1), 0), visible
    where = box.node.where if isinstance(box.node, StyledElement) else "text"
    total: Image.Image | None = None
    for mask, area in reversed(list(zip(masks, areas, strict=True))):  # the last is the bottom
        if area.empty:
            continue
        origin = reference_rect(box, mask.origin)
        pixels, _ = layer_image(mask.layer, area, origin, where, "mask-image")
        alpha = _alpha(pixels, mask.mode)
        if area != visible:
            placed = Image.new("L", (visible.width, visible.height), 0)
            placed.paste(alpha, (area.x - visible.x, area.y - visible.y))
            alpha = placed
        total = alpha if total is None else ImageChops.screen(total, alpha)
    assert total is not None  # `visible` is the union of the areas: one is not empty
    return total, visible


def _painting_area(box: Box, mask: MaskLayer, bounds: Region) -> Region:
    if mask.clip is None:  # no-clip: wherever the layer has pixels
        return bounds
    return reference_rect(box, mask.clip).region().intersection(bounds)


def _alpha(pixels: Image.Image, mode: MaskMode) -> Image.Image:
    alpha = pixels.getchannel("A")
    if mode is MaskMode.ALPHA:
        return alpha
    return ImageChops.multiply(pixels.convert("RGB").convert("L"), alpha)
