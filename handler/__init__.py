"""Segmint: Next.js-style metadata image routes, rendered in Python and served from AWS.

What a segment module imports::

    from handler import ImageResponse, h

    def image(params, id):
        return ImageResponse(h("div", {"style": {"display": "flex"}}, f"Icon {id}"))
"""

from __future__ import annotations

import importlib
import typing

from handler.exceptions import (
    ConfigError,
    FontError,
    ImageSourceError,
    InvalidElement,
    LimitExceeded,
    RenderError,
    SegmentError,
    SegmintError,
    StoreError,
    UnsupportedStyle,
)

if typing.TYPE_CHECKING:
    from handler.render.elements import Element, div, h, h1, h2, h3, h4, h5, h6, img, p, span, svg
    from handler.render.html import parse_html
    from handler.render.response import ImageResponse
    from handler.render.text.specs import Font, FontSpec

_ELEMENTS = ("Element", "div", "h", "h1", "h2", "h3", "h4", "h5", "h6", "img", "p", "span", "svg")
_LAZY = {
    **dict.fromkeys(_ELEMENTS, "handler.render.elements"),
    "parse_html": "handler.render.html",
    "ImageResponse": "handler.render.response",
    "Font": "handler.render.text.specs",
    "FontSpec": "handler.render.text.specs",
}
"""The public surface's modules, each imported when a name of it is first asked for: a cold start
(`handler.lambda_entry`) imports this package before anything, and pays only for what it uses
(the HTML parser and tinycss2, say, only for a segment that calls `parse_html`)."""


def __getattr__(name: str) -> typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'handler' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "ConfigError",
    "Element",
    "Font",
    "FontError",
    "FontSpec",
    "ImageResponse",
    "ImageSourceError",
    "InvalidElement",
    "LimitExceeded",
    "RenderError",
    "SegmentError",
    "SegmintError",
    "StoreError",
    "UnsupportedStyle",
    "div",
    "h",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "img",
    "p",
    "parse_html",
    "span",
    "svg",
]
