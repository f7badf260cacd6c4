"""CSS filter functions on RGBA pixels, for `filter` and `backdrop-filter`.

    apply_filters(image, (Blur(4.0), ColorFilter("grayscale", 1.0)))  -> a new image

Functions apply in the order written, each clamping to 0-255 as the Filter Effects spec's
matrices do, on straight (not premultiplied) sRGB values; `blur()` works on premultiplied
pixels so transparent neighbours do not darken an edge.
"""

from __future__ import annotations

import math

from PIL import Image, ImageFilter

from handler.render.computed import Blur, ColorFilter, Filter
from handler.render.paint.surface import apply_opacity

Matrix = tuple[float, float, float, float, float, float, float, float, float, float, float, float]
"""Pillow's RGB conversion matrix: R' = m0 R + m1 G + m2 B + m3, then G', then B'."""


def blur_reach(filters: tuple[Filter, ...]) -> int:
    """How far (px) the filters can spread a pixel: 3 standard deviations of all blurs, and
    one pixel more for the anti-aliased edge."""
    sigma = sum(f.radius for f in filters if isinstance(f, Blur))
    return math.ceil(3 * sigma) + 1


def apply_filters(image: Image.Image, filters: tuple[Filter, ...]) -> Image.Image:
    """`image` (RGBA) through each filter function in turn."""
    for function in filters:
        if isinstance(function, Blur):
            if function.radius > 0:
                # CSS blur() takes the standard deviation itself
                blurred = image.convert("RGBa").filter(ImageFilter.GaussianBlur(function.radius))
                image = blurred.convert("RGBA")
        elif function.name == "opacity":
            image = image.copy()
            apply_opacity(image, function.amount)
        else:
            image = _recoloured(image, colour_matrix(function))
    return image


def _recoloured(image: Image.Image, matrix: Matrix) -> Image.Image:
    out = image.convert("RGB").convert("RGB", matrix)
    out.putalpha(image.getchannel("A"))
    return out


def colour_matrix(function: ColorFilter) -> Matrix:
    """The RGB matrix (with 0-255 offsets) of a colour filter function."""
    a = function.amount
    name = function.name
    if name == "brightness":
        return (a, 0, 0, 0, 0, a, 0, 0, 0, 0, a, 0)
    if name == "contrast":
        offset = (0.5 - 0.5 * a) * 255
        return (a, 0, 0, offset, 0, a, 0, offset, 0, 0, a, offset)
    if name == "invert":
        scale, offset = 1 - 2 * a, a * 255
        return (scale, 0, 0, offset, 0, scale, 0, offset, 0, 0, scale, offset)
    if name == "hue-rotate":
        return _hue_rotate(a)
    if name == "saturate":
        return _saturate(a)
    if name == "grayscale":
        return _saturate(1 - a)
    if name == "sepia":
        return _sepia(a)
    raise ValueError(f"unknown colour filter {name!r}")


def _saturate(s: float) -> Matrix:
    return (
        0.213 + 0.787 * s, 0.715 - 0.715 * s, 0.072 - 0.072 * s, 0,
        0.213 - 0.213 * s, 0.715 + 0.285 * s, 0.072 - 0.072 * s, 0,
        0.213 - 0.213 * s, 0.715 - 0.715 * s, 0.072 + 0.928 * s, 0,
    )  # fmt: skip


def _sepia(a: float) -> Matrix:
    k = 1 - a
    return (
        0.393 + 0.607 * k, 0.769 - 0.769 * k, 0.189 - 0.189 * k, 0,
        0.349 - 0.349 * k, 0.686 + 0.314 * k, 0.168 - 0.168 * k, 0,
        0.272 - 0.272 * k, 0.534 - 0.534 * k, 0.131 + 0.869 * k, 0,
    )  # fmt: skip


def _hue_rotate(degrees: float) -> Matrix:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return (
        0.213 + c * 0.787 - s * 0.213,
        0.715 - c * 0.715 - s * 0.715,
        0.072 - c * 0.072 + s * 0.928,
        0,
        0.213 - c * 0.213 + s * 0.143,
        0.715 + c * 0.285 + s * 0.140,
        0.072 - c * 0.072 - s * 0.283,
        0,
        0.213 - c * 0.213 - s * 0.787,
        0.715 - c * 0.715 + s * 0.715,
        0.072 + c * 0.928 + s * 0.072,
        0,
    )
