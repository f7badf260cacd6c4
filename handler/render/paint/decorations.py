"""Text decorations: underline, overline and line-through, solid, double, dashed or dotted.

Placed as Chromium places them (measured on Geist at 40 and 100 px): `auto` thickness is a
tenth of the font size; the underline is centred the font's `post.underlinePosition` below the
baseline; line-through is centred a third of the ascent above it; an overline sits on top of
the ascent. `double` adds a second line of the same thickness one px past the first (below an
underline or a line-through, above an overline), as Chromium and Satori do; `dashed` is dashes
two thicknesses long, one apart, and `dotted` round dots one thickness apart, as borders are.
Underlines and overlines skip the glyphs' ink unless `text-decoration-skip-ink: none`.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from handler.render.cache import BoundedCache
from handler.render.computed import BorderStyle, ComputedStyle, TextDecorationLine
from handler.render.nodes import TextLayout
from handler.render.paint.skipink import skip_ink

__all__ = ["DecorationMetrics", "decoration_metrics", "draw_decorations"]

Band = tuple[float, float, float, float]
"""One line of decoration in mask px: left, top, right, bottom (inclusive)."""


def draw_decorations(
    draw: ImageDraw.ImageDraw,
    style: ComputedStyle,
    layout: TextLayout,
    ox: float,
    oy: float,
    glyphs: Image.Image | None = None,
) -> bool:
    """Draw the text's decorations at full coverage into `draw`'s mask, whose (0, 0) is
    canvas (-ox, -oy) from the text origin; False when there are none. `glyphs` (the text's
    coverage in the same px): underlines and overlines skip its ink (skipink.py)."""
    bands = _bands(style, layout, ox, oy)
    skips = style.text_decoration_skip_ink
    pieces: list[Band] = []
    for band, skippable in bands:
        if glyphs is not None and skips and skippable:
            pieces += skip_ink(band, glyphs)
        else:
            pieces.append(band)
    decoration = style.text_decoration_style
    for x0, y0, x1, y1 in pieces:
        thickness = y1 - y0 + 1
        if decoration is BorderStyle.DASHED:
            x = x0
            while x <= x1:
                draw.rectangle((x, y0, min(x + 2 * thickness - 1, x1), y1), fill=255)
                x += 3 * thickness
        elif decoration is BorderStyle.DOTTED:
            x = x0
            while x + thickness - 1 <= x1:
                draw.ellipse((x, y0, x + thickness - 1, y1), fill=255)
                x += 2 * thickness
        else:
            draw.rectangle((x0, y0, x1, y1), fill=255)
    return bool(bands)


def _bands(
    style: ComputedStyle, layout: TextLayout, ox: float, oy: float
) -> list[tuple[Band, bool]]:
    """The rectangles of every line's decorations (two per kind when double), each with
    whether it may skip ink (underlines and overlines)."""
    kinds = style.text_decoration_line
    if not kinds:
        return []
    size = style.font_size
    thickness = float(max(1, round(size / 10)))
    double = style.text_decoration_style is BorderStyle.DOUBLE
    out: list[tuple[Band, bool]] = []
    for line in layout.lines:
        font = next((run.font for run in line.runs if run.font is not None), None)
        if font is None and not line.runs:
            continue
        metrics = decoration_metrics(font)
        ascent = math.floor(metrics.ascent * size + 0.5 + 1e-6)  # half up, as Skia rounds
        x0 = ox + line.x
        x1 = x0 + line.width - 1
        base = round(oy + line.y + line.baseline)
        # (top, where a double's second line goes, whether it skips ink)
        tops: list[tuple[float, float, bool]] = []
        if TextDecorationLine.UNDERLINE in kinds:
            tops.append((base + metrics.underline * size - thickness / 2, 1.0, True))
        if TextDecorationLine.LINE_THROUGH in kinds:
            tops.append((base - ascent / 3 - thickness / 2, 1.0, False))
        if TextDecorationLine.OVERLINE in kinds:
            tops.append((base - ascent - thickness, -1.0, True))
        for top, direction, skips in tops:
            y0 = round(top)
            out.append(((x0, y0, x1, y0 + thickness - 1), skips))
            if double:
                y0 += round(direction * (thickness + 1))
                out.append(((x0, y0, x1, y0 + thickness - 1), skips))
    return out


@dataclass(frozen=True, slots=True)
class DecorationMetrics:
    """What decorations need of a font, in em: its ascent and the underline's offset below
    the baseline (positive down)."""

    ascent: float = 0.9
    underline: float = 0.1


_DECORATION_METRICS: BoundedCache[int, tuple[object, DecorationMetrics]] = BoundedCache(64)


def decoration_metrics(font: ImageFont.FreeTypeFont | None) -> DecorationMetrics:
    """The font's ascent (hhea, or OS/2 typo with USE_TYPO_METRICS, as Chromium) and
    `post.underlinePosition`, read once per font file from its table directory."""
    if font is None:
        return DecorationMetrics()
    source: object = getattr(font, "font_bytes", None) or font.path
    found = _DECORATION_METRICS.get(id(source))
    if found is not None and found[0] is source:
        return found[1]
    metrics = _read_decoration_metrics(source)
    _DECORATION_METRICS.put(id(source), (source, metrics))
    return metrics


def _read_decoration_metrics(source: object) -> DecorationMetrics:
    try:
        if isinstance(source, bytes):
            data = source
        elif isinstance(source, str | Path):
            data = Path(source).read_bytes()
        else:
            return DecorationMetrics()
        tables = _sfnt_tables(data)
        upem = float(_u16(data, tables[b"head"] + 18))
        ascent = float(_i16(data, tables[b"hhea"] + 4))
        os2 = tables.get(b"OS/2")
        if os2 is not None and _u16(data, os2 + 62) & (1 << 7):  # USE_TYPO_METRICS
            ascent = float(_i16(data, os2 + 68))
        post = tables.get(b"post")
        position = float(_i16(data, post + 8)) if post is not None else 0.0
    except (KeyError, struct.error, OSError, ZeroDivisionError):
        return DecorationMetrics()  # WOFF or a broken file: Chromium-like defaults
    if upem <= 0:
        return DecorationMetrics()
    return DecorationMetrics(ascent / upem, -position / upem if position else 0.1)


def _sfnt_tables(data: bytes) -> dict[bytes, int]:
    """Offsets of the tables of an OpenType/TrueType file (the first font of a collection)."""
    base = 0
    if data[:4] == b"ttcf":
        base = struct.unpack_from(">I", data, 12)[0]
    count = _u16(data, base + 4)
    out: dict[bytes, int] = {}
    for i in range(count):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, base + 12 + 16 * i)
        out[tag] = offset
    return out


def _u16(data: bytes, at: int) -> int:
    return int(struct.unpack_from(">H", data, at)[0])


def _i16(data: bytes, at: int) -> int:
    return int(struct.unpack_from(">h", data, at)[0])
