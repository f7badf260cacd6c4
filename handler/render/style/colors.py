"""CSS colours -> RGBA: hex (3/4/6/8), rgb()/rgba()/hsl()/hsla()/hwb() in comma and space
syntax with `/ alpha`, every CSS named colour, `transparent` and `currentColor`.

tinycss2's CSS Color 4 parser does the reading; we keep only the sRGB-based spaces (what
Satori supports) and round to 8 bits per channel.
"""

from __future__ import annotations

from tinycss2 import color4
from tinycss2.ast import Node

from handler.render.computed import RGBA

_SRGB_SPACES = frozenset({"srgb", "hsl", "hwb"})


class ColorError(ValueError):
    """A value that is not a colour we can paint (the caller names the property)."""


def _channel(value: float) -> int:
    return round(min(max(value, 0.0), 1.0) * 255)


def parse_color(value: str | Node, current: RGBA) -> RGBA:
    """`"#0f172a"` -> `(15, 23, 42, 255)`; `"rgba(255 255 255 / 60%)"` -> `(255, 255, 255, 153)`.

    `currentColor` resolves to `current`, the element's `color`.
    """
    color = color4.parse_color(value)
    if color == "currentcolor":
        return current
    if color is None or isinstance(color, str):
        raise ColorError("not a colour")
    if color.space not in _SRGB_SPACES:
        raise ColorError(f"colour space {color.space} is not supported (use rgb, hsl or hex)")
    red, green, blue = color.to("srgb").coordinates
    return (_channel(red), _channel(green), _channel(blue), _channel(color.alpha))
