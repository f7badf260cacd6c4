"""`text-wrap-style`: balanced and pretty line breaking over the greedy fill of linebreak.py.

`balance` keeps the paragraph's line count and narrows the width it is filled at as far as
that count allows (a binary search, as Satori does), so the lines come out of near-equal length:
"a a a a a a a a" in a box that fits six is "a a a a / a a a a", not "a a a a a a / a a".

`pretty` only avoids an orphan: when the last line holds one word (one ideograph in CJK), the
paragraph is filled again a little narrower (down to three quarters of the width), keeping the
count, until the last line has company. Both leave single-line paragraphs alone; neither makes
a line wider than the box.
"""

from __future__ import annotations

from handler.render.computed import TextWrapStyle
from handler.render.text.linebreak import Breaking, Line, Measure, Segment, fill

__all__ = ["wrap_paragraph"]

BALANCE_STEP = 0.25  # px: the search stops when the bounds are this close
PRETTY_STEPS = (0.95, 0.9, 0.85, 0.8, 0.75)  # fractions of the width pretty tries


def wrap_paragraph(
    paragraph: list[Segment], measure: Measure, how: Breaking, style: TextWrapStyle
) -> list[Line]:
    """The paragraph's lines under `style` (greedy for `auto` and `stable`)."""
    lines = fill(paragraph, measure, how)
    limit = how.max_width
    if limit is None or len(lines) < 2:
        return lines
    if style is TextWrapStyle.BALANCE:
        return _balanced(paragraph, measure, how, limit, len(lines)) or lines
    if style is TextWrapStyle.PRETTY and _orphan(lines[-1], paragraph):
        return _pretty(paragraph, measure, how, limit, len(lines)) or lines
    return lines


def _at(paragraph: list[Segment], measure: Measure, how: Breaking, width: float) -> list[Line]:
    return fill(paragraph, measure, Breaking(width, how.break_words, how.indent))


def _balanced(
    paragraph: list[Segment], measure: Measure, how: Breaking, limit: float, count: int
) -> list[Line] | None:
    """The lines at the narrowest width that still gives `count` lines."""
    low, high = 0.0, limit  # `count` lines at high; more (or unknown) at low
    best: list[Line] | None = None
    while high - low > BALANCE_STEP:
        middle = (low + high) / 2
        lines = _at(paragraph, measure, how, middle)
        if len(lines) <= count:
            high, best = middle, lines
        else:
            low = middle
    return best


def _pretty(
    paragraph: list[Segment], measure: Measure, how: Breaking, limit: float, count: int
) -> list[Line] | None:
    for step in PRETTY_STEPS:
        lines = _at(paragraph, measure, how, limit * step)
        if len(lines) > count:
            return None
        if not _orphan(lines[-1], paragraph):
            return lines
    return None


def _orphan(line: Line, paragraph: list[Segment]) -> bool:
    """Whether the (last) line holds only the paragraph's last word (or ideograph)."""
    return len(paragraph) > 1 and line.text == paragraph[-1].body
