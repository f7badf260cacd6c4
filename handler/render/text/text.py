"""Text: measuring and laying out a text node with real shaped advances.

`TextEngine.measure` answers the layout engine's measure callbacks; `TextEngine.layout` turns a
text node into lines of glyph runs for paint. Both break lines the same way (linebreak.py), with
the same memoised word widths, so a box sized by `measure` gets exactly those lines back.

Widths come from Pillow's `getlength`, shaped by raqm (HarfBuzz, kerning, as browsers) when
`PIL.features.check("raqm")` is true, else Pillow's basic layout (no kerning, no RTL reordering
inside a run).

Letter-spacing: measured as CSS does (added after every grapheme cluster, ligatures off), and
drawn by giving paint one `GlyphRun` per cluster at its spaced x (kerning kept: each x is the
shaped length of the text before it), so paint needs nothing special for it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from handler.render.cache import BoundedCache
from handler.render.computed import (
    ComputedStyle,
    Multiplier,
    Pct,
    TextAlign,
    TextOverflow,
    TextWrapMode,
    TextWrapStyle,
    WhiteSpace,
    WordBreak,
)
from handler.render.nodes import GlyphRun, StyledText, TextLayout, TextLine
from handler.render.text.bidi import bidi_levels, drawn_text, is_rtl, visual_order
from handler.render.text.emoji import EmojiSet, clusters, is_emoji
from handler.render.text.fonts import (
    RAQM,
    FontBook,
    FontFile,
    UsedFont,
    freetype,
)
from handler.render.text.linebox import line_metrics
from handler.render.text.linebreak import (
    ELLIPSIS,
    EPSILON,
    Breaking,
    Line,
    Segment,
    expand_tabs,
    fill,
    paragraphs,
    segments,
    transform,
    truncate,
    wraps,
)
from handler.render.text.specs import AnySpec, Font, FontSpec
from handler.render.text.wrapstyle import wrap_paragraph

__all__ = ["AnySpec", "Font", "FontBook", "FontSpec", "TextEngine"]

NO_LIGATURES = ["-liga", "-clig", "-dlig"]  # CSS turns optional ligatures off when spaced
COLLAPSING = frozenset({WhiteSpace.NORMAL, WhiteSpace.NOWRAP, WhiteSpace.PRE_LINE})

TextKey = tuple[object, ...]
"""The part of a `ComputedStyle` that shaping and line breaking read (see `text_key`)."""


def text_key(style: ComputedStyle) -> TextKey:
    """The style fields that decide a text node's shaping and its lines, as one memo key.

    Hashing a whole `ComputedStyle` (~100 fields, Enums hashed in Python) cost more than the
    memo saved; both memos of `TextEngine` key on this, so they cannot disagree. Enums enter
    by value (their `__hash__` is Python code; their values are plain str/int).
    """
    return (
        style.font_family,
        style.font_weight,
        style.font_style.value,
        style.font_size,
        style.letter_spacing,
        style.text_transform.value,
        style.white_space.value,
        style.word_break.value,
        style.text_indent,
        style.tab_size,
        style.font_feature_settings,
        style.text_wrap_mode.value,
        style.text_wrap_style.value,
    )


@lru_cache(maxsize=16384)
def _advance(
    file: FontFile, weight: int, size: float, text: str, spaced: bool, own: tuple[str, ...] = ()
) -> float:
    """Shaped advance of `text` in one font (`own`: font-feature-settings, after the
    ligatures letter-spacing turns off): the memo shared by every render."""
    features = [*(NO_LIGATURES if spaced else ()), *own] if RAQM else []
    return float(freetype(file, size, weight).getlength(text, features=features or None))


@dataclass(frozen=True, slots=True)
class Piece:
    """Text drawn with one font (or one emoji cluster when `font` is None), and its bidi level."""

    text: str
    font: UsedFont | None
    level: int = 0


class Shaper:
    """Measures text in one style: font per cluster (fallback), letter-spacing, emoji."""

    def __init__(self, style: ComputedStyle, fonts: FontBook, emoji: EmojiSet) -> None:
        self.size = round(style.font_size * 64) / 64
        self.spacing = style.letter_spacing
        self.features = style.font_feature_settings if RAQM else ()
        self.chain = fonts.chain(style.font_family, style.font_weight, style.font_style)
        self.last_resort = fonts.last_resort(self.chain)
        self.emoji = emoji
        self._fonts: dict[str, UsedFont | None] = {}
        self._widths: dict[str, float] = {}
        self._fallbacks: dict[str, tuple[UsedFont, ...]] = {}

    @property
    def primary(self) -> UsedFont:
        return self.chain[0]

    def font_for(self, cluster: str) -> UsedFont | None:
        """The first font in the chain that has the cluster (None: draw it as an emoji)."""
        if cluster in self._fonts:
            return self._fonts[cluster]
        found: UsedFont | None
        if is_emoji(cluster) and self.emoji.covers(cluster):
            found = None
        else:
            found = next((f for f in self.chain if f.face.covers(cluster)), None)
            if found is None:  # no font has it: a text-style emoji (❤) as a picture, else tofu
                found = None if self.emoji.covers(cluster) else self.last_resort
        self._fonts[cluster] = found
        return found

    def fallbacks_in(self, text: str) -> tuple[UsedFont, ...]:
        """The fonts other than the primary that draw some of `text` (memoised per text)."""
        found = self._fallbacks.get(text)
        if found is None:
            used = {self.font_for(cluster) for cluster in set(clusters(text))}
            found = tuple(f for f in used if f is not None and f != self.primary)
            self._fallbacks[text] = found
        return found

    def pieces(self, text: str) -> list[Piece]:
        """`text` cut where the font changes; every emoji cluster is a piece of its own."""
        out: list[Piece] = []
        for cluster in clusters(text):
            font = self.font_for(cluster)
            if out and font is not None and out[-1].font == font:
                out[-1] = Piece(out[-1].text + cluster, font)
            else:
                out.append(Piece(cluster, font))
        return out

    def piece_width(self, piece: Piece) -> float:
        count = len(clusters(piece.text))
        if piece.font is None or self.size <= 0:  # emoji: 1em; font-size 0: no glyph advance
            return count * (self.size + self.spacing)
        face = piece.font
        spaced = self.spacing != 0
        advance = _advance(
            face.face.file, face.weight, self.size, piece.text, spaced, self.features
        )
        return advance + count * self.spacing

    def width(self, text: str) -> float:
        """Width of `text` on one line, in px (memoised per word: renders repeat text)."""
        found = self._widths.get(text)
        if found is None:
            found = sum(self.piece_width(p) for p in self.pieces(text))
            self._widths[text] = found
        return found


LineKey = tuple[FontBook, EmojiSet, str, TextKey, float | None]
_LINES = BoundedCache[LineKey, tuple[Line, ...]](8192)
"""A text's lines by fonts, emoji set, text, style and width, across renders: a template
breaks the same labels at the same widths in every render. FontBook.for_specs keeps one book
per set of fonts, so a book's identity stands for its fonts."""


class TextEngine:
    """Measures and lays out text nodes for one render (memoised; word widths and line breaks
    across renders)."""

    def __init__(self, fonts: FontBook, emoji: EmojiSet) -> None:
        self.fonts = fonts
        self.emoji = emoji
        self._shapers: dict[TextKey, Shaper] = {}
        self._keys: dict[int, tuple[ComputedStyle, TextKey]] = {}
        self._cuts: dict[tuple[str, TextKey], list[list[Segment]]] = {}

    def _key(self, style: ComputedStyle) -> TextKey:
        """`text_key(style)`, once per style object (held here, so its id stays its own)."""
        found = self._keys.get(id(style))
        if found is None:
            found = (style, text_key(style))
            self._keys[id(style)] = found
        return found[1]

    def shaper(self, style: ComputedStyle) -> Shaper:
        key = self._key(style)
        found = self._shapers.get(key)
        if found is None:
            found = Shaper(style, self.fonts, self.emoji)
            self._shapers[key] = found
        return found

    def lines(self, node: StyledText, max_width: float | None) -> tuple[Line, ...]:
        """The node's lines when wrapped at `max_width` (None: only forced breaks)."""
        style = node.style
        wrapping = wraps(style.white_space) and style.text_wrap_mode is TextWrapMode.WRAP
        limit = max_width if wrapping else None
        key = (self.fonts, self.emoji, node.text, self._key(style), limit)
        found = _LINES.get(key)
        if found is None:
            found = tuple(self._break(node, limit))
            _LINES.put(key, found)
        return found

    def _break(self, node: StyledText, limit: float | None) -> list[Line]:
        style = node.style
        shaper = self.shaper(style)
        break_words = style.word_break is WordBreak.BREAK_WORD
        how = Breaking(limit, break_words, indent=text_indent(style, limit))
        out: list[Line] = []
        wrap_style = style.text_wrap_style
        for paragraph in self._paragraphs(node):
            if wrap_style is TextWrapStyle.AUTO or limit is None:
                out += fill(paragraph, shaper.width, how)
            else:
                out += wrap_paragraph(paragraph, shaper.width, how, wrap_style)
            how = Breaking(limit, break_words)  # text-indent: the first line only
        return out

    def _paragraphs(self, node: StyledText) -> list[list[Segment]]:
        """The node's paragraphs cut at break opportunities (the same for every width)."""
        style = node.style
        key = (node.text, self._key(style))
        found = self._cuts.get(key)
        if found is None:
            text = transform(node.text, style.text_transform)
            parts = paragraphs(text, style.white_space, self._tabs(style))
            if parts == [""] and style.white_space in COLLAPSING:
                found = []  # white space only: it collapses away, as between elements in CSS
            else:
                found = [segments(part, style.word_break) for part in parts]
            self._cuts[key] = found
        return found

    def _tabs(self, style: ComputedStyle) -> Callable[[str], str]:
        """Tabs to spaces for `style`: stops every tab-size (spaces of the font, or px)."""
        shaper = self.shaper(style)
        size = style.tab_size
        tab = size.value * shaper.width(" ") if isinstance(size, Multiplier) else size
        return lambda line: expand_tabs(line, shaper.width, tab)

    def measure(self, node: StyledText, max_width: float | None) -> tuple[float, float]:
        """Size of the text wrapped at `max_width` (None: max-content), in whole px up: the box
        layout gives back is then never narrower than the lines.

        Text that wraps takes the whole `max_width` (fit-content, as Chromium's anonymous flex
        item and Satori do), so `text-align` and `justify` have the width to work in. As in
        Satori (not CSS), a line that wrapped counts with the spaces hanging after it: "Hello,
        World" wrapped at 100 px, "Hello," 99.8 px and its space 10 px, is 110 px wide.
        """
        lines = self._measured_lines(node, max_width)
        width = self._width(node, lines, max_width, hanging=True)
        shaper = self.shaper(node.style)
        height = sum(self._line_box(node.style, shaper, line.text)[0] for line in lines)
        return width, height

    def min_content_width(self, node: StyledText) -> float:
        """The widest line when wrapped at every opportunity, as CSS's min-content: without
        the spaces hanging after the lines (`measure` at 0 px counts them, as Satori)."""
        return self._width(node, self._measured_lines(node, 0.0), 0.0, hanging=False)

    def _measured_lines(self, node: StyledText, max_width: float | None) -> tuple[Line, ...]:
        lines = self.lines(node, max_width)
        clamp = node.style.line_clamp
        return lines if clamp is None else lines[:clamp]

    def _width(
        self,
        node: StyledText,
        lines: tuple[Line, ...],
        max_width: float | None,
        *,
        hanging: bool,
    ) -> float:
        style = node.style
        wrapped = max_width is not None and len(self.lines(node, max_width)) > len(
            self.lines(node, None)
        )
        indent = text_indent(style, max_width)
        hangs = hanging and wrapped
        width = max(
            (
                line.width + (line.hang if hangs else 0.0) + (indent if i == 0 else 0.0)
                for i, line in enumerate(lines)
            ),
            default=0.0,
        )
        if wrapped and max_width is not None:
            width = max(width, max_width)
        if max_width is not None and style.text_overflow is TextOverflow.ELLIPSIS:
            width = min(width, max_width)
        return float(math.ceil(width - EPSILON))

    def layout(self, node: StyledText, width: float) -> TextLayout:
        """Lines of glyph runs for a text box `width` px wide (text-align applied)."""
        style = node.style
        shaper = self.shaper(style)
        lines = self._fit(node, width, shaper)
        rtl = is_rtl(node.text)
        out = []
        top = 0.0
        justify = style.text_align is TextAlign.JUSTIFY
        for index, line in enumerate(lines):
            indent = text_indent(style, width) if index == 0 else 0.0
            extra = 0.0
            if justify and not line.last:
                extra = justified_space(line.text, width - indent - line.width)
            if shaper.size > 0:
                runs, line_width = self._runs(line.text, shaper, rtl, extra)
            else:  # font-size 0: nothing to draw (FreeType has no size-0 font)
                runs, line_width = (), 0.0
            start = _align(style.text_align, rtl, width - indent - line_width)
            x = start if rtl else start + indent  # the indent is on the line's start side
            height, baseline = self._line_box(style, shaper, line.text)
            out.append(TextLine(runs, x, top, line_width, height, baseline))
            top += height
        return TextLayout(tuple(out), width, top)

    @staticmethod
    def _line_box(style: ComputedStyle, shaper: Shaper, text: str) -> tuple[float, float]:
        if style.line_height is not None:
            return line_metrics(style, shaper.primary)
        return line_metrics(style, shaper.primary, *shaper.fallbacks_in(text))

    def _fit(self, node: StyledText, width: float, shaper: Shaper) -> list[Line]:
        style = node.style
        lines = list(self.lines(node, width))
        clamp = style.line_clamp
        if clamp is not None and len(lines) > clamp:
            lines = lines[:clamp]
            ellipsis = style.line_clamp_ellipsis
            if shaper.width(ellipsis) > width + EPSILON:  # too wide: the default, as Satori
                ellipsis = ELLIPSIS
            last = truncate(lines[-1].text, shaper.width, width, ellipsis)
            lines[-1] = Line(last, shaper.width(last), last=True)
        if style.text_overflow is TextOverflow.ELLIPSIS:
            lines = [self._ellipsis(line, width, shaper) for line in lines]
        return lines

    @staticmethod
    def _ellipsis(line: Line, width: float, shaper: Shaper) -> Line:
        if line.width <= width + EPSILON:
            return line
        cut = truncate(line.text, shaper.width, width)
        return Line(cut, shaper.width(cut), last=True)

    def _runs(
        self, text: str, shaper: Shaper, rtl: bool, extra: float = 0.0
    ) -> tuple[tuple[GlyphRun, ...], float]:
        """The line's runs in visual order, and its width; `extra` px is added to every space."""
        parts = clusters(text)
        levels = bidi_levels(parts, rtl)
        pieces: list[Piece] = []
        for cluster, level in zip(parts, levels, strict=True):
            font = shaper.font_for(cluster)
            last = pieces[-1] if pieces else None
            if last and font is not None and last.font == font and last.level == level:
                pieces[-1] = Piece(last.text + cluster, font, level)
            else:
                pieces.append(Piece(cluster, font, level))
        runs: list[GlyphRun] = []
        x = 0.0
        for piece in visual_order(pieces, [p.level for p in pieces]):
            piece = Piece(drawn_text(piece.text, piece.level), piece.font, piece.level)
            x = self._emit(piece, x, shaper, runs, extra)
        return tuple(runs), x

    def _emit(
        self, piece: Piece, x: float, shaper: Shaper, runs: list[GlyphRun], extra: float
    ) -> float:
        width = shaper.piece_width(piece) + extra * _spaces(piece.text)
        if piece.font is None:
            runs.append(GlyphRun(piece.text, x, width, None, emoji=piece.text))
            return x + width
        font = piece.font.freetype(shaper.size)
        own = shaper.features
        if shaper.spacing == 0 and (extra == 0 or not _spaces(piece.text)):
            runs.append(GlyphRun(piece.text, x, width, font, features=own))
            return x + width
        parts = clusters(piece.text) if shaper.spacing else _words(piece.text)
        if piece.level % 2 == 0:
            for i, part in enumerate(parts):
                # At the shaped length of the text before it (kerning kept) plus its spacing.
                before = "".join(parts[:i])
                offset = shaper.piece_width(Piece(before, piece.font)) if i else 0.0
                offset += extra * _spaces(before)
                advance = shaper.piece_width(Piece(part, piece.font))
                runs.append(GlyphRun(part, x + offset, advance, font, features=own))
            return x + width
        for part in reversed(parts):  # right-to-left: drawn one by one in visual order
            advance = shaper.piece_width(Piece(part, piece.font))
            runs.append(GlyphRun(part, x, advance, font, features=own))
            x += advance + extra * _spaces(part)
        return x


JUSTIFIABLE = frozenset(" \u00a0")
"""Word separators that `text-align: justify` widens (CSS Text 3 justification opportunities)."""


def _spaces(text: str) -> int:
    return sum(1 for ch in text if ch in JUSTIFIABLE)


def _words(text: str) -> list[str]:
    """`text` cut after each run of separators: "a b  c" -> ["a ", "b  ", "c"]."""
    out: list[str] = []
    for ch in text:
        if out and out[-1][-1] in JUSTIFIABLE and ch not in JUSTIFIABLE:
            out.append(ch)
        elif out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def justified_space(text: str, free: float) -> float:
    """px added to each word separator of a justified line with `free` px left over.

    >>> justified_space("a b c", 10.0)
    5.0

    A line without separators, or one that overflows, is not stretched (it stays at start).
    """
    count = _spaces(text)
    if count == 0 or free <= 0:
        return 0.0
    return free / count


def text_indent(style: ComputedStyle, width: float | None) -> float:
    """The first line's indent in px: a percentage is of the width the text is laid out in
    (none when it is sized to its content, as CSS resolves it for intrinsic sizes)."""
    indent = style.text_indent
    if isinstance(indent, Pct):
        return indent.value * width / 100.0 if width is not None else 0.0
    return indent


def _align(align: TextAlign, rtl: bool, free: float) -> float:
    if align is TextAlign.JUSTIFY:  # a stretched line has nothing free; the last aligns at start
        align = TextAlign.START
    if align is TextAlign.CENTER:
        return free / 2
    right = align is TextAlign.RIGHT or (align is TextAlign.START and rtl)
    right = right or (align is TextAlign.END and not rtl)
    return free if right else 0.0
