"""`text-decoration-skip-ink: auto`: an underline or overline breaks where glyph ink crosses it.

As Chromium does: the columns where a glyph's coverage falls inside the line's band are cut out
of the line, widened by the line's thickness (at most 13 px) on either side, so the line stops
short of a descender instead of running through it (`g`, `p`, `y`). Line-through never skips.
"""

from __future__ import annotations

import math

from PIL import Image, ImageChops

__all__ = ["skip_ink"]

Band = tuple[float, float, float, float]

INK = 64  # coverage (of 255) that counts as ink: anti-aliased fringes do not
MAX_DILATION = 13.0  # px, Chromium's kDecorationClipMaxDilation


def skip_ink(band: Band, glyphs: Image.Image) -> list[Band]:
    """The parts of `band` (left, top, right, bottom, inclusive, in `glyphs` px) clear of ink."""
    x0, y0, x1, y1 = band
    left, top = max(0, math.floor(x0)), max(0, round(y0))
    right, bottom = min(glyphs.width, math.ceil(x1) + 1), min(glyphs.height, round(y1) + 1)
    if right <= left or bottom <= top:
        return [band]
    strip = glyphs.crop((left, top, right, bottom))
    column = strip.crop((0, 0, strip.width, 1))
    for row in range(1, strip.height):
        column = ImageChops.lighter(column, strip.crop((0, row, strip.width, row + 1)))
    inked = column.tobytes()
    if max(inked) < INK:
        return [band]
    dilation = min(y1 - y0 + 1, MAX_DILATION)
    gaps: list[tuple[float, float]] = []
    start = None
    for i, value in enumerate([*inked, 0]):
        if value >= INK and start is None:
            start = i
        elif value < INK and start is not None:
            gap = (left + start - dilation, left + i - 1 + dilation)
            if gaps and gap[0] <= gaps[-1][1] + 1:
                gaps[-1] = (gaps[-1][0], gap[1])
            else:
                gaps.append(gap)
            start = None
    pieces: list[Band] = []
    cursor = x0
    for gap_start, gap_end in gaps:
        if gap_start - 1 >= cursor:
            pieces.append((cursor, y0, gap_start - 1, y1))
        cursor = max(cursor, gap_end + 1)
    if cursor <= x1:
        pieces.append((cursor, y0, x1, y1))
    return pieces
