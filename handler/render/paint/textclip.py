"""`background-clip: text`: an element's background painted only where its text's glyphs are.

The glyphs of every text box in the element's subtree (not hidden by `display: none`) make one
coverage mask over the border box; the background (colour and layers, as paint.py draws them)
goes into a layer of that box, composited through the mask. The text itself paints afterwards,
as usual: with `color: transparent` only the background shows, as in browsers and Satori.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PIL import Image

from handler.render.computed import Display
from handler.render.nodes import Box
from handler.render.paint.glyphs import draw_glyphs
from handler.render.paint.shapes import Rect
from handler.render.paint.surface import Surface

__all__ = ["paint_through_text"]


def paint_through_text(
    surface: Surface, box: Box, paint_background: Callable[[Surface], None]
) -> None:
    """Run `paint_background` on a layer of the box, then draw it through the text's glyphs."""
    region = Rect(box.x, box.y, box.width, box.height).region().intersection(surface.region)
    if region.empty:
        return
    mask = Image.new("L", (region.width, region.height), 0)
    for text in _text_boxes(box):
        draw_glyphs(mask, region, text)
    if mask.getbbox() is None:
        return
    layer = Surface.blank(region)
    paint_background(layer)
    surface.draw(layer.image, region.x, region.y, mask)


def _text_boxes(box: Box) -> Iterator[Box]:
    for child in box.children:
        if child.style.display is Display.NONE:
            continue
        if child.text is not None:
            yield child
        else:
            yield from _text_boxes(child)
