"""Line boxes: how tall a line of text is and where its baseline sits, in whole px."""

from __future__ import annotations

import math

from handler.render.computed import ComputedStyle, Multiplier
from handler.render.text.fonts import UsedFont


def line_metrics(style: ComputedStyle, font: UsedFont, *fallbacks: UsedFont) -> tuple[float, float]:
    """(line box height, baseline from its top), in whole px as Satori computes them.

    `normal` is the font's ascent + descent, rounded once: Roboto at 20px is round(18.55 +
    4.88) = 23 (Chromium rounds each, 19 + 5 = 24, and adds the line gap, which Satori leaves
    out). A number or px line height is rounded too (1.5 x 15px: 23); the baseline sits half
    the leading below the top, then the ascent, rounded. Under `normal`, a fallback font
    drawing some of the line's glyphs sets the line when its own is taller (as browsers and
    Satori do: a CJK glyph in a Latin line), its baseline with it.
    """
    size = style.font_size
    if style.line_height is None:
        tallest = max((font, *fallbacks), key=lambda used: _content_height(used, size))
        return _content_height(tallest, size), _half_up(tallest.face.metrics.ascent * size)
    if isinstance(style.line_height, Multiplier):
        height = style.line_height.value * size
    else:
        height = float(style.line_height)
    m = font.face.metrics
    leading = height - (m.ascent + m.descent) * size
    return _half_up(height), _half_up(m.ascent * size + leading / 2)


def _content_height(font: UsedFont, size: float) -> float:
    m = font.face.metrics
    return _half_up((m.ascent + m.descent) * size)


def _half_up(px: float) -> float:
    """`px` to the nearest whole px, halves up, as JavaScript's Math.round (Python's round
    goes to even: 22.5 -> 22)."""
    return float(math.floor(px + 0.5))
