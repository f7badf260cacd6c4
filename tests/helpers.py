"""What many test modules need: the styled-element shorthand, PNG bytes in and out, segment trees.

Import from here (`from tests.helpers import styled, decode_png`) rather than defining them again.
"""

from __future__ import annotations

import dataclasses
import io
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PIL import Image

from handler.render.computed import INITIAL
from handler.render.elements import Element, h
from handler.render.nodes import StyledElement, StyledNode, StyledText


def styled(*children: StyledNode | str, tag: str = "div", **style: Any) -> StyledElement:
    """A styled element: `INITIAL` with `style` replaced; str children become text leaves.

    `styled("hi", font_size=20.0)` is a div with one text leaf, both at 20 px.
    """
    computed = dataclasses.replace(INITIAL, **style)
    nodes = tuple(StyledText(c, computed) if isinstance(c, str) else c for c in children)
    return StyledElement(tag, computed, nodes, tag)


def png_bytes(width: int, height: int, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A solid RGB PNG of `width` x `height`."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def decode_png(data: bytes) -> Image.Image:
    """Image bytes (PNG, JPEG, WebP) decoded and loaded, so the buffer may go."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of encoded image bytes."""
    return decode_png(data).size


def write_segment_tree(root: Path, files: Mapping[str, str]) -> Path:
    """Write `{relative path: source}` under `root` and return `root`.

    Sources are dedented; `.png` paths get a 40x20 PNG whatever the text says.
    """
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".png":
            path.write_bytes(png_bytes(40, 20))
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    root.mkdir(parents=True, exist_ok=True)
    return root


PNG_SEGMENT = """
    import io
    from PIL import Image

    def _png(w, h):
        buf = io.BytesIO()
        Image.new("RGB", (w, h), (0, 128, 255)).save(buf, "PNG")
        return buf.getvalue()
"""
"""The start of a test segment's source (for `write_segment_tree`): `_png(w, h)` makes the
bytes of a solid w x h PNG; the test adds `generate_image_metadata` and `image`."""


def red_box(style: Mapping[str, object], *children: Element) -> Element:
    """A 100x100 red `div` with `style` over it: the subject of the clip and mask tests."""
    return h(
        "div", {"style": {"width": 100, "height": 100, "background": "red", **style}}, *children
    )


def render_square(element: Element, width: int = 100, height: int = 100) -> Image.Image:
    """`element` rendered on a canvas of 100x100 unless told."""
    from handler.render.pipeline import render_image

    return render_image(element, width=width, height=height)


def alpha(image: Image.Image, x: int, y: int) -> int:
    """The alpha of one pixel of an RGBA image."""
    value = image.getpixel((x, y))
    assert isinstance(value, tuple)
    return int(value[3])
