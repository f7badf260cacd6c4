"""The renderer's one entry point: element tree in, pixels out, through pure stages."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image

from handler.render.elements import Element
from handler.render.html import to_element
from handler.render.layout.layout import layout
from handler.render.limits import check_canvas, check_tree
from handler.render.paint.images import load_image_source
from handler.render.paint.paint import paint
from handler.render.style.style import compute_tree
from handler.render.text.emoji import emoji_set
from handler.render.text.text import FontBook, FontSpec, TextEngine


def render_image(
    element: Element | str,
    *,
    width: int,
    height: int,
    fonts: Sequence[FontSpec] | None = None,
    emoji: str | None = None,
    debug: bool = False,
) -> Image.Image:
    """Render an element tree (or an HTML string) to an RGBA image of `width` x `height`.

    The canvas and the tree are held to the limits (`handler.render.limits`) first:
    `LimitExceeded` names the one passed before any styling, layout or drawing.
    """
    check_canvas(width, height)
    root = to_element(element)
    check_tree(root)
    emojis = emoji_set(emoji)
    text = TextEngine(FontBook.for_specs(fonts), emojis)
    styled = compute_tree(root, canvas=(width, height), load_image=load_image_source)
    boxes = layout(styled, width=width, height=height, text=text)
    return paint(boxes, width=width, height=height, debug=debug, emoji=emojis)
