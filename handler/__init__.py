"""Segmint: Next.js-style metadata image routes, rendered in Python and served from AWS.

What a segment module imports::

    from handler import ImageResponse, h

    def image(params, id):
        return ImageResponse(h("div", {"style": {"display": "flex"}}, f"Icon {id}"))
"""

from __future__ import annotations

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
from handler.render.elements import Element, div, h, h1, h2, h3, h4, h5, h6, img, p, span, svg
from handler.render.html import parse_html
from handler.render.response import ImageResponse
from handler.render.text.specs import Font, FontSpec

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
