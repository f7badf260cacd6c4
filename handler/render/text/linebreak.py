"""Line breaking: white-space processing, break opportunities and greedy line filling.

Pure text logic, no fonts: widths come from a `measure(text) -> px` callback, so the same
breaks are found when layout asks for a size and when it asks for the lines.

Break opportunities follow UAX #14 in the common cases, as browsers do: after spaces, at zero-width
spaces, after a hyphen between letters, after `!` or `?` before a letter, between CJK ideographs
and around emoji (never before closing punctuation or after opening punctuation), and anywhere
with `word-break: break-all`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from handler.render.computed import TextTransform, WhiteSpace, WordBreak
from handler.render.text.emoji import clusters, is_emoji

EPSILON = 0.01  # px: widths are sums of floats; a line that fits exactly must fit
ELLIPSIS = "…"
TAB_SIZE = 8

Measure = Callable[[str], float]

SPACES = frozenset(" \t\u3000")
ZWSP = "\u200b"
HYPHENS = frozenset("-\u2010\u2013\u2014")
EXCLAMATIONS = frozenset("!?")
NO_BREAK_BEFORE = frozenset(
    ")]}!?,.:;%\u00bb\u2019\u201d\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\uff09"
    "\u300d\u300f\u3011\u3015\u3009\u300b\u30fc\u3005\u3041\u3043\u3045\u3047\u3049\u3063"
    "\u3083\u3085\u3087\u308e\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee"
    "\u30f5\u30f6\u2026"
)
NO_BREAK_AFTER = frozenset("([{\u00ab\u2018\u201c\uff08\u300c\u300e\u3010\u3014\u3008\u300a")


def wraps(white_space: WhiteSpace) -> bool:
    """Whether lines may wrap at soft break opportunities."""
    return white_space not in (WhiteSpace.NOWRAP, WhiteSpace.PRE)


def transform(text: str, how: TextTransform) -> str:
    """Apply `text-transform`.

    >>> transform("hello big-world", TextTransform.CAPITALIZE)
    'Hello Big-World'
    """
    if how is TextTransform.UPPERCASE:
        return text.upper()
    if how is TextTransform.LOWERCASE:
        return text.lower()
    if how is TextTransform.CAPITALIZE:
        out = []
        previous = " "
        for ch in text:
            starts_word = ch.isalpha() and not (previous.isalnum() or previous in "'\u2019")
            out.append(ch.upper() if starts_word else ch)
            previous = ch
        return "".join(out)
    return text


FORCED_BREAKS = "\v\f\x85\u2028\u2029"
"""UAX #14's BK and NL characters (VT, FF, NEL, LINE and PARAGRAPH SEPARATOR): CSS Text 3
§5.5 makes them forced line breaks "regardless of the white-space value", so they end a line
even where a newline collapses to a space."""

_COLLAPSIBLE = re.compile(r"[ \t\n]+")
_SPACES_TABS = re.compile(r"[ \t]+")
_FORCED = re.compile(f"[{FORCED_BREAKS}]")
_BREAKS = re.compile(f"[\n{FORCED_BREAKS}]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
"""Control characters (Cc) other than tab, LF, CR and the forced breaks: drawn as nothing,
zero-width, and no break opportunity (UAX #14 gives them class CM). The information separators
U+001C-U+001E are among them: CSS Text 3 counts only space, tab and segment breaks as white
space, so they neither collapse nor break a line. CSS Text 3 §4 asks for a visible glyph
(WebKit draws .notdef, Firefox a hex box; all three drop NUL); we keep them invisible, and out
of the shaper: raqm fails on the bidi paragraph separators (class B) among them."""


def paragraphs(
    text: str, white_space: WhiteSpace, tabs: Callable[[str], str] | None = None
) -> list[str]:
    """Split `text` at forced breaks and collapse white space as `white-space` says; where
    tabs are kept (pre, pre-wrap), `tabs` turns each line's into spaces (default: stops every
    8 characters).

    >>> paragraphs("  a \\n  b  ", WhiteSpace.NORMAL), paragraphs("a \\n  b", WhiteSpace.PRE_LINE)
    (['a b'], ['a', 'b'])
    >>> paragraphs("a \\u2029 b\\x1cc", WhiteSpace.NORMAL)
    ['a', 'bc']
    """
    text = _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if white_space in (WhiteSpace.NORMAL, WhiteSpace.NOWRAP):
        return [_COLLAPSIBLE.sub(" ", part).strip(" ") for part in _FORCED.split(text)]
    lines = _BREAKS.split(text)
    if white_space is WhiteSpace.PRE_LINE:
        return [_SPACES_TABS.sub(" ", line).strip(" ") for line in lines]
    return [(tabs or _expand_tabs)(line) for line in lines]


def _expand_tabs(line: str) -> str:
    if "\t" not in line:
        return line
    out: list[str] = []
    for ch in line:
        if ch == "\t":
            out.append(" " * (TAB_SIZE - len(out) % TAB_SIZE))
        else:
            out.append(ch)
    return "".join(out)


def expand_tabs(line: str, measure: Measure, tab: float) -> str:
    """`line` with each tab replaced by the spaces that reach the next tab stop, stops being
    every `tab` px from the line's start (CSS tab-size); a zero `tab` drops tabs.

    >>> expand_tabs("ab\\tc", len, 4.0), expand_tabs("\\t\\tc", len, 3.0)
    ('ab  c', '      c')
    """
    if "\t" not in line:
        return line
    if tab <= 0:
        return line.replace("\t", "")
    space = measure(" ") or 1.0
    out = ""
    for part in line.split("\t")[:-1]:
        out += part
        x = measure(out)
        stop = (math.floor(x / tab + EPSILON) + 1) * tab
        out += " " * max(1, round((stop - x) / space))
    return out + line.rsplit("\t", 1)[1]


@dataclass(frozen=True, slots=True)
class Segment:
    """Text between two break opportunities: a body and the spaces after it (which hang)."""

    body: str
    space: str = ""


def _is_ideographic(cluster: str) -> bool:
    if is_emoji(cluster):
        return True
    first = cluster[0]
    return unicodedata.east_asian_width(first) in ("W", "F") and first not in SPACES


def _may_break(before: str, after: str, word_break: WordBreak) -> bool:
    """Whether a line may break between the clusters `before` and `after` (neither a space)."""
    if before.endswith(ZWSP):
        return True
    if after[0] in NO_BREAK_BEFORE or before[-1] in NO_BREAK_AFTER or after[0] == ZWSP:
        return False
    if word_break is WordBreak.BREAK_ALL:
        return True
    if before[-1] in HYPHENS and after[0].isalpha():
        return True
    if before[-1] in EXCLAMATIONS and after[0].isalpha():
        return True  # UAX #14's EX ÷ AL: "Wait!what" may break after the "!"
    if word_break is WordBreak.KEEP_ALL:
        return False
    return _is_ideographic(before) or _is_ideographic(after)


def segments(paragraph: str, word_break: WordBreak) -> list[Segment]:
    """Cut a paragraph at its break opportunities.

    >>> [(s.body, s.space) for s in segments("big-data  rocks", WordBreak.NORMAL)]
    [('big-', ''), ('data', '  '), ('rocks', '')]
    """
    out: list[Segment] = []
    body: list[str] = []
    space: list[str] = []
    previous = ""
    for cluster in clusters(paragraph):
        if cluster[0] in SPACES:
            space.append(cluster)
        elif space or (body and _may_break(previous, cluster, word_break)):
            out.append(Segment("".join(body), "".join(space)))
            body, space = [cluster], []
        else:
            body.append(cluster)
        previous = cluster
    if body or space:
        out.append(Segment("".join(body), "".join(space)))
    return out


@dataclass(frozen=True, slots=True)
class Line:
    """One line in logical order, without its hanging spaces, and the width it takes.

    `last` marks the line that ends its paragraph (at a forced break or the text's end):
    `text-align: justify` leaves it unstretched, as browsers do. `hang` is the width of the
    spaces after a line that ended at a soft wrap (they hang past its end, undrawn).
    """

    text: str
    width: float
    last: bool = False
    hang: float = 0.0


@dataclass(frozen=True, slots=True)
class Breaking:
    """How lines are filled: the width limit (None: never wrap) and how words may split."""

    max_width: float | None
    break_words: bool  # overflow-wrap: break-word / word-break: break-word
    indent: float = 0.0  # text-indent of the first line (px; may be negative)


def fill(paragraph: list[Segment], measure: Measure, how: Breaking) -> list[Line]:
    """Greedy line filling, as browsers do: put each segment on the current line if its body
    fits (the spaces after it hang), else start a new line; split a word only when it alone
    overflows an empty line and `break_words` is on. The first line has `indent` px less room
    (its `Line.width` leaves the indent out)."""
    lines: list[Line] = []
    text, width, hang = "", 0.0, ""
    # The body before this one when no space came between (a break inside a word: break-all,
    # CJK): shaped together with it, so the pair's kerning counts. That one body, not the
    # whole word: a line of 4,000 ideographs measured its growing start 4,000 times (24 s).
    word = ""
    limit = how.max_width
    indent = how.indent
    for seg in paragraph:
        if lines:
            indent = 0.0
        if not seg.body:  # leading spaces (pre-wrap): kept before the first word
            hang += seg.space
            continue
        body_width = measure(seg.body)
        hang_width = measure(hang) if hang else 0.0
        if text and not hang:
            body_width = measure(word + seg.body) - measure(word)
        fits = limit is None or indent + width + hang_width + body_width <= limit + EPSILON
        if text and not fits:
            lines.append(Line(text, width, hang=hang_width))
            text, width, hang = "", 0.0, ""
            hang_width = 0.0
            body_width = measure(seg.body)
            word = ""
        if lines:
            indent = 0.0
        room = None if limit is None else limit - indent
        if not text and how.break_words and room is not None and body_width > room + EPSILON:
            pieces = split_word(seg.body, measure, room)
            for piece in pieces[:-1]:
                lines.append(Line(piece, measure(piece)))
            body = pieces[-1]
            body_width = measure(body)
        else:
            body = seg.body
        word = body
        text = text + hang + body
        width = width + hang_width + body_width
        hang = seg.space
    if text or not lines:
        lines.append(Line(text, width))
    lines[-1] = Line(lines[-1].text, lines[-1].width, last=True, hang=lines[-1].hang)
    return lines


def split_word(word: str, measure: Measure, limit: float) -> list[str]:
    """Cut an overflowing word between grapheme clusters into pieces that fit (at least one
    cluster each)."""
    pieces: list[str] = []
    current = ""
    for cluster in clusters(word):
        if current and measure(current + cluster) > limit + EPSILON:
            pieces.append(current)
            current = cluster
        else:
            current += cluster
    pieces.append(current)
    return pieces


def truncate(text: str, measure: Measure, limit: float, ellipsis: str = ELLIPSIS) -> str:
    """The longest start of `text` that fits in `limit` with `ellipsis` after it, ending in it.

    Trailing spaces before the ellipsis are dropped, as Chromium does.
    """
    parts = clusters(text)
    low, high = 0, len(parts)
    while low < high:  # binary search on the cluster count: widths grow with it
        mid = (low + high + 1) // 2
        if measure("".join(parts[:mid]).rstrip(" ") + ellipsis) <= limit + EPSILON:
            low = mid
        else:
            high = mid - 1
    return "".join(parts[:low]).rstrip(" ") + ellipsis
