"""CSS gradients as pixels: linear-gradient and radial-gradient, plain and repeating.

Built in C, never per pixel in Python: colour stops become a 1-px strip of premultiplied colours
(each segment a ramp composited between its two colours), which an affine transform stretches
across the tile along the gradient line. Radial gradients compute the distance field with
ImageMath and map it through a 256-entry palette.

Colours interpolate premultiplied by alpha, as CSS Images 4 and every browser do, so a fade to
`transparent` (rgba(0, 0, 0, 0)) only loses opacity. Satori (resvg's SVG stops) interpolates
unpremultiplied and darkens the middle of such a fade; its users report that as a bug
(vercel/satori#594, with `#ffffff00` as the workaround, which paints the same both ways), so we
keep the browsers' colours and differ from Satori's pictures there.
"""

from __future__ import annotations

import itertools
import math
from array import array
from functools import lru_cache

from PIL import Image, ImageMath

from handler.render.computed import RGBA, ColorStop, LinearGradient, RadialGradient, RadialShape
from handler.render.paint.shapes import resolve

Stop = tuple[float, RGBA]
"""A colour stop resolved to px along the gradient line."""

_PAD = 2
_STRIP_ROWS = 3
_MAX_STRIP = 4096
_PALETTE = 256
_MIN_PERIOD = 1e-3
"""A repeating radial gradient with a shorter period (px) is painted in its last colour."""


def linear_tile(gradient: LinearGradient, width: int, height: int) -> Image.Image:
    """The gradient painted over a `width` x `height` tile (RGBA)."""
    dx, dy = _direction(gradient, width, height)
    length = abs(width * dx) + abs(height * dy)
    if length <= 0:
        return Image.new("RGBA", (width, height), gradient.stops[-1].color)
    stops = resolve_stops(gradient.stops, length)
    step = max(0.5, length / _MAX_STRIP)
    strip = _strip(stops, 0.0, length, step, gradient.repeating)
    if abs(dx) >= abs(dy):
        tile = _sheared(strip, step, length, dx, dy, width, height)
    else:
        tile = _sheared(strip, step, length, dy, dx, height, width)
        tile = tile.transpose(Image.Transpose.TRANSPOSE)
    return tile if tile.mode == "RGBA" else tile.convert("RGBA")


def _sheared(
    strip: Image.Image, step: float, length: float, dx: float, dy: float, width: int, height: int
) -> Image.Image:
    """Rows that are whole-pixel shifts of one sampled row (|dx| >= |dy|).

    The colour at pixel (u, v) is the strip's at dx (u + 0.5) + dy (v + 0.5) + k; each row is
    the base row moved by round((v + 0.5) dy / dx) px, off by at most half a pixel along the
    line. Exact shifts make the rows repeat, which deflate then finds: a 1200x630 card gradient
    compresses to a few KB instead of ~65 KB.
    """
    ends = (math.floor(0.5 * dy / dx + 0.5), math.floor((height - 0.5) * dy / dx + 0.5))
    low = min(ends)
    span = width + max(ends) - low + 1
    k = length / 2 - dx * width / 2 - dy * height / 2
    # base pixel j stands for u + shift = j + low: position dx (j + low + 0.5) + k
    base = strip.transform(
        (span, 1),
        Image.Transform.AFFINE,
        (dx / step, 0.0, _PAD + (dx * low + k) / step, 0.0, 0.0, _STRIP_ROWS / 2),
        Image.Resampling.BILINEAR,
    )
    # a = 1 exactly, so every row is the base row moved by a whole pixel (done in C)
    return base.transform(
        (width, height),
        Image.Transform.AFFINE,
        (1.0, dy / dx, -float(low), 0.0, 0.0, 0.5),
        Image.Resampling.NEAREST,
    )


def _direction(gradient: LinearGradient, width: float, height: float) -> tuple[float, float]:
    if gradient.to_corner is not None:
        sx = 1.0 if "right" in gradient.to_corner else -1.0
        sy = 1.0 if "bottom" in gradient.to_corner else -1.0
        norm = math.hypot(width, height) or 1.0
        return (sx * height / norm, sy * width / norm)
    rad = math.radians(gradient.angle)
    return (math.sin(rad), -math.cos(rad))


def resolve_stops(stops: tuple[ColorStop, ...], length: float) -> list[Stop]:
    """Stop positions in px, as CSS fixes them: missing ends at 0 and 100%, never going back,
    unpositioned stops spread evenly between their positioned neighbours.

    >>> from handler.render.computed import Pct
    >>> red, blue = (255, 0, 0, 255), (0, 0, 255, 255)
    >>> resolve_stops((ColorStop(red, None), ColorStop(blue, Pct(50)), ColorStop(red, None)), 200.0)
    [(0.0, (255, 0, 0, 255)), (100.0, (0, 0, 255, 255)), (200.0, (255, 0, 0, 255))]
    """
    positions: list[float | None] = [
        None if s.position is None else resolve(s.position, length) for s in stops
    ]
    if positions[0] is None:
        positions[0] = 0.0
    if positions[-1] is None:
        positions[-1] = length
    highest = -math.inf
    for i, p in enumerate(positions):
        if p is not None:
            highest = max(highest, p)
            positions[i] = highest
    i = 0
    while i < len(positions):
        if positions[i] is None:
            j = i
            while positions[j] is None:
                j += 1
            before, after = positions[i - 1], positions[j]
            assert before is not None
            assert after is not None
            for k in range(i, j):
                positions[k] = before + (after - before) * (k - i + 1) / (j - i + 1)
            i = j
        i += 1
    return [(p if p is not None else 0.0, s.color) for p, s in zip(positions, stops, strict=True)]


def _strip(stops: list[Stop], lo: float, hi: float, step: float, repeating: bool) -> Image.Image:
    """Premultiplied colours ("RGBa") sampled every `step` px over [lo, hi], padded each side."""
    n = max(1, math.ceil((hi - lo) / step))
    mode = "RGBA" if all(c[3] == 255 for _, c in stops) else "RGBa"
    strip = Image.new(mode, (n + 2 * _PAD, _STRIP_ROWS), _premul(stops[0][1]))
    first, last = stops[0][0], stops[-1][0]
    if repeating and last - first > step / 4:
        period = last - first
        k0 = math.floor((lo - last) / period)
        k1 = math.ceil((hi - first) / period)
        for k in range(k0, k1 + 1):
            shifted = [(p + k * period, c) for p, c in stops]
            _segments(strip, shifted, lo, step, n)
        return strip
    if repeating:
        return Image.new(mode, strip.size, _premul(stops[-1][1]))
    _segments(strip, stops, lo, step, n)
    tail = _index(last, lo, step)
    if tail < n + 2 * _PAD:
        strip.paste(_premul(stops[-1][1]), (max(0, tail), 0, n + 2 * _PAD, _STRIP_ROWS))
    return strip


def _index(position: float, lo: float, step: float) -> int:
    """The first strip pixel whose centre lies at or after `position`."""
    return _PAD + math.ceil((position - lo) / step - 0.5)


def _segments(strip: Image.Image, stops: list[Stop], lo: float, step: float, n: int) -> None:
    end = n + 2 * _PAD
    for (p0, c0), (p1, c1) in itertools.pairwise(stops):
        a, b = max(0, _index(p0, lo, step)), min(end, _index(p1, lo, step))
        if b <= a:
            continue
        if p1 - p0 <= 0:
            continue
        # ramp value v at strip pixel i: 255 * (centre(i) - p0) / (p1 - p0)
        centre_a = lo + (a - _PAD + 0.5) * step
        t0 = (centre_a - p0) / (p1 - p0)
        dt = step / (p1 - p0)
        left = min(255.5, max(0.0, 0.5 + 255 * (t0 - dt / 2)))
        right = min(256.0, max(left + 1e-3, 0.5 + 255 * (t0 + dt * (b - a - 0.5))))
        ramp = _ramp().resize(
            (b - a, _STRIP_ROWS), Image.Resampling.BILINEAR, box=(left, 0, right, 1)
        )
        lo_img = Image.new(strip.mode, ramp.size, _premul(c0))
        hi_img = Image.new(strip.mode, ramp.size, _premul(c1))
        strip.paste(Image.composite(hi_img, lo_img, ramp), (a, 0))


@lru_cache(maxsize=1)
def _ramp() -> Image.Image:
    """A 256 x 1 "L" image whose pixel i holds i."""
    return Image.linear_gradient("L").transpose(Image.Transpose.TRANSPOSE).crop((0, 0, 256, 1))


def _premul(color: RGBA) -> tuple[int, int, int, int]:
    r, g, b, a = color
    return (r * a // 255, g * a // 255, b * a // 255, a) if a < 255 else color


def radial_tile(gradient: RadialGradient, width: int, height: int) -> Image.Image:
    """The radial gradient painted over a `width` x `height` tile (RGBA).

    The distance field indexes a 256-entry palette that spans only the stops' range (one
    period for a repeating gradient), not the whole radius: over a 677 px card radius a
    palette of the whole reach has one entry per 2.6 px, which posterises a 10 px repeating
    ramp and lets its rings drift off their radii.
    """
    cx = resolve(gradient.center[0], width)
    cy = resolve(gradient.center[1], height)
    rx, ry = _radii(gradient, cx, cy, width, height)
    if rx <= 0 or ry <= 0:
        return Image.new("RGBA", (width, height), gradient.stops[-1].color)
    stops = resolve_stops(gradient.stops, rx)
    first, last = stops[0][0], stops[-1][0]
    if gradient.repeating and last - first < _MIN_PERIOD:
        return Image.new("RGBA", (width, height), stops[-1][1])
    xs = _field_row([((i + 0.5 - cx) / rx) ** 2 for i in range(width)], (width, height), False)
    ys = _field_row([((j + 0.5 - cy) / ry) ** 2 for j in range(height)], (width, height), True)
    if gradient.repeating:
        lo, span = first, last - first
        shift = (math.ceil(first / span) + 1) * span - first  # keeps fmod's operand positive
        field = ImageMath.lambda_eval(
            lambda e: ((e["x"] + e["y"]) ** 0.5 * rx + shift) % span * (_PALETTE / span),
            x=xs,
            y=ys,
        )
    else:
        corners = [(0, 0), (width, 0), (0, height), (width, height)]
        reach = max(math.hypot((x - cx) / rx, (y - cy) / ry) for x, y in corners) * rx
        start = min(max(first, 0.0), reach)
        inner = max(min(max(last, 0.0), reach) - start, 1.0)
        # one entry each side of the stops' range, so that a hard stop at either end falls
        # between two entries: d < first takes the first colour, d > last the last one
        step = inner / (_PALETTE - 2)
        lo, span = start - step, inner + 2 * step
        scale = _PALETTE / span
        field = ImageMath.lambda_eval(
            lambda e: (e["x"] + e["y"]) ** 0.5 * (rx * scale) - lo * scale, x=xs, y=ys
        )
    # "F" -> "L" truncates and clamps to 0..255: entry i holds the colour at the centre of
    # [lo + i step, lo + (i + 1) step)
    index = field.convert("L") if isinstance(field, Image.Image) else Image.new("L", (1, 1))
    strip = _strip(stops, lo, lo + span, span / _PALETTE, gradient.repeating)
    palette = strip.crop((_PAD, 1, _PAD + _PALETTE, 2)).convert("RGBA").tobytes()
    index = index.convert("P")
    index.putpalette(palette, rawmode="RGBA")
    return index.convert("RGBA")


def _field_row(values: list[float], size: tuple[int, int], vertical: bool) -> Image.Image:
    n = len(values)
    row = Image.frombytes("F", (n, 1), array("f", values).tobytes())
    if vertical:
        row = row.transpose(Image.Transpose.TRANSPOSE)
    return row.resize(size, Image.Resampling.NEAREST)


def _radii(g: RadialGradient, cx: float, cy: float, w: float, h: float) -> tuple[float, float]:
    if isinstance(g.size, tuple):
        rx = resolve(g.size[0], w)
        ry = rx if g.shape is RadialShape.CIRCLE else resolve(g.size[1], h)
        return (rx, ry)
    sides_x, sides_y = (abs(cx), abs(w - cx)), (abs(cy), abs(h - cy))
    closest = g.size.startswith("closest")
    pick = min if closest else max
    sx, sy = pick(sides_x), pick(sides_y)
    if g.shape is RadialShape.CIRCLE:
        if g.size.endswith("side"):
            r = pick(min(sides_x), min(sides_y)) if closest else max(max(sides_x), max(sides_y))
            return (r, r)
        r = math.hypot(sx, sy)
        return (r, r)
    if g.size.endswith("side"):
        return (sx, sy)
    # ellipse through the corner, keeping the closest/farthest-side aspect ratio
    if sx <= 0 or sy <= 0:
        return (0.0, 0.0)
    return (sx * math.sqrt(2), sy * math.sqrt(2))
