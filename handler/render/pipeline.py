"""The renderer's one entry point: element tree in, pixels out, through pure stages."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PIL import Image

from handler.render.elements import Element
from handler.render.html import to_element
from handler.render.layout.layout import layout_canvas
from handler.render.limits import check_canvas, check_tree
from handler.render.paint.images import load_image_source
from handler.render.paint.paint import paint
from handler.render.style.style import compute_tree
from handler.render.text.emoji import emoji_set
from handler.render.text.specs import FontSpec
from handler.render.text.text import FontBook, TextEngine


def render_image(
    element: Element | str,
    *,
    width: int | None,
    height: int | None,
    fonts: Sequence[FontSpec] | None = None,
    emoji: str | None = None,
    debug: bool = False,
) -> Image.Image:
    """Render an element tree (or an HTML string) to an RGBA image of `width` x `height`.

    A `None` width or height is the content's, as Satori sizes its canvas (`vw` / `vh` are
    then of 0). The canvas and the tree are held to the limits (`handler.render.limits`)
    first, and a canvas sized from the content again before drawing: `LimitExceeded` names
    the limit passed.
    """
    check_canvas(width or 1, height or 1)
    root = to_element(element)
    check_tree(root)
    emojis = emoji_set(emoji)
    text = TextEngine(FontBook.for_specs(fonts), emojis)
    canvas = (width or 0, height or 0)
    styled = compute_tree(root, canvas=canvas, load_image=load_image_source)
    boxes, w, h = layout_canvas(styled, width=width, height=height, text=text)
    out_w = max(1, math.ceil(w)) if width is None else width
    out_h = max(1, math.ceil(h)) if height is None else height
    check_canvas(out_w, out_h)
    return paint(boxes, width=out_w, height=out_h, debug=debug, emoji=emojis)
