"""Element tree -> boxes, through a flexbox engine (Yoga by default); no Pillow here.

    layout(root, width=1200, height=630, text=engine) -> Box   # absolute canvas px

The stage prepares an engine-neutral tree (`FlexNode`), hands it to a `LayoutEngine`, and
turns the engine's relative `Frame`s into `Box`es with absolute positions. What Satori does
around Yoga happens here, so every engine sees the same tree:

- the root element is the only child of a canvas node (`width` x `height`, row, wrap,
  `align-items: flex-start`, overflow hidden), so `width: 100%` on it means the canvas width;
- `display: none` elements are left out, `display: contents` ones are replaced by their
  children;
- `<img>` gets its size from its `ImageSource` when the style leaves it open;
- a text leaf is an anonymous flex item measured through `TextMeasurer.measure`; as CSS's
  `min-width: auto`, it does not shrink below its min-content width in a row.

An exception raised while measuring text (a missing glyph, a bad font) leaves `layout()` as
itself, after the engine's nodes are freed: engines swallow callback errors into NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from handler.render.computed import (
    AUTO,
    INITIAL,
    Align,
    BoxSizing,
    ComputedStyle,
    Display,
    FlexWrap,
    Multiplier,
    Overflow,
    Pct,
)
from handler.render.layout.engine import (
    FlexNode,
    Frame,
    LayoutEngine,
    MeasureFunc,
    MeasureMode,
    TextMeasurer,
)
from handler.render.layout.yoga_engine import YogaEngine
from handler.render.nodes import (
    Box,
    ImageSource,
    StyledElement,
    StyledNode,
    StyledText,
    TextLayout,
    TextLine,
)

CANVAS_STYLE = replace(
    INITIAL,
    flex_wrap=FlexWrap.WRAP,
    align_items=Align.FLEX_START,
    align_content=Align.AUTO,
    overflow=Overflow.HIDDEN,
)
"""Satori's canvas node, the parent of the root element (its `width`/`height` are set)."""

TEXT_STYLE = INITIAL
"""A text leaf is an anonymous flex item: initial values, whatever its parent's style."""


def layout(
    root: StyledElement,
    *,
    width: float,
    height: float,
    text: TextMeasurer,
    engine: LayoutEngine | None = None,
) -> Box:
    """Lay out `root` inside a `width` x `height` canvas; return its box, in canvas px.

    `display: none` boxes are absent, `display: contents` boxes are replaced by their
    children's, text boxes carry their `TextLayout`.
    """
    box, _, _ = layout_canvas(root, width=width, height=height, text=text, engine=engine)
    return box


def layout_canvas(
    root: StyledElement,
    *,
    width: float | None,
    height: float | None,
    text: TextMeasurer,
    engine: LayoutEngine | None = None,
) -> tuple[Box, float, float]:
    """`layout`, where a missing `width` or `height` is the content's (as Satori sizes its
    canvas); returns the root's box and the canvas width and height."""
    builder = _TreeBuilder(text)
    if root.style.display is not Display.FLEX:
        # The root has no parent to hoist into or hide from: as CSS, it is then a flex box.
        root = replace(root, style=replace(root.style, display=Display.FLEX))
    flex_root, sources = builder.build_element(root)
    w = AUTO if width is None else float(width)
    h = AUTO if height is None else float(height)
    canvas = FlexNode(replace(CANVAS_STYLE, width=w, height=h), (flex_root,))
    frame = (engine or default_engine()).compute(
        canvas,
        math.nan if width is None else float(width),
        math.nan if height is None else float(height),
    )
    builder.raise_pending()
    (root_frame,) = frame.children
    return _to_box(sources, root_frame, frame.left, frame.top, text), frame.width, frame.height


_default: LayoutEngine | None = None


def default_engine() -> LayoutEngine:
    """The process-wide Yoga engine (Satori's own), created on first use."""
    global _default
    if _default is None:
        _default = YogaEngine()
    return _default


# --- the tree the engine sees -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Source:
    """The styled node behind a FlexNode, and the sources behind its children."""

    node: StyledNode
    children: tuple[_Source, ...]


class _TreeBuilder:
    """Turns StyledElements into FlexNodes; keeps the first error a measure callback raised."""

    def __init__(self, text: TextMeasurer) -> None:
        self.text = text
        self.error: BaseException | None = None

    def raise_pending(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def build_element(self, element: StyledElement) -> tuple[FlexNode, _Source]:
        style = element.style
        if element.source is not None:
            style = image_style(style, element.source)
            return FlexNode(style), _Source(element, ())
        row = style.flex_direction.value.startswith("row")
        nodes: list[FlexNode] = []
        sources: list[_Source] = []
        for child in _flow_children(element.children):
            if isinstance(child, StyledText):
                node, source = self.build_text(child, row)
            else:
                node, source = self.build_element(child)
            nodes.append(node)
            sources.append(source)
        return FlexNode(style, tuple(nodes)), _Source(element, tuple(sources))

    def build_text(self, node: StyledText, row_parent: bool) -> tuple[FlexNode, _Source]:
        measure = self.measure_func(node)
        style = TEXT_STYLE
        if row_parent:
            # CSS's min-width: auto for a flex item in a row: its min-content width.
            min_width = self.min_content_width(node)
            if min_width > 0.0:
                style = replace(style, min_width=min_width)
        return FlexNode(style, (), measure), _Source(node, ())

    def min_content_width(self, node: StyledText) -> float:
        try:
            return self.text.min_content_width(node)
        except BaseException as error:  # raised again after layout, as measure errors are
            self.error = self.error or error
            return 0.0

    def measure_func(self, node: StyledText) -> MeasureFunc:
        measure_text = self.text.measure

        def measure(
            width: float, width_mode: MeasureMode, height: float, height_mode: MeasureMode
        ) -> tuple[float, float]:
            if self.error is not None:
                return 0.0, 0.0
            limit = None if width_mode is MeasureMode.UNDEFINED or math.isnan(width) else width
            try:
                measured_width, measured_height = measure_text(node, limit)
            except BaseException as error:  # the engine would turn it into NaN: keep it
                self.error = error
                return 0.0, 0.0
            if width_mode is MeasureMode.EXACTLY:
                measured_width = width
            if height_mode is MeasureMode.EXACTLY:
                measured_height = height
            return measured_width, measured_height

        return measure


def _flow_children(children: tuple[StyledNode, ...]) -> list[StyledNode]:
    """Children that take part in layout: `none` dropped, `contents` replaced by its own."""
    flow: list[StyledNode] = []
    for child in children:
        if isinstance(child, StyledText) or child.style.display is Display.FLEX:
            flow.append(child)
        elif child.style.display is Display.CONTENTS and child.source is None:
            flow.extend(_flow_children(child.children))
    return flow


def image_style(style: ComputedStyle, source: ImageSource) -> ComputedStyle:
    """The size of an `<img>` whose style leaves width or height open, from its source.

    Both open: the containing block's full width at the image's ratio (Satori's rule, so a
    small image under `max-width: 100%` grows to fit; browsers would keep the intrinsic size).
    One set in px: the other from the image's ratio (padding and border kept out of the
    ratio). One set in %: `aspect-ratio` keeps the ratio. An `aspect-ratio` in the style
    wins over the image's own.
    """
    if source.width <= 0 or source.height <= 0:
        return style
    ratio = style.aspect_ratio or source.width / source.height  # width / height
    extra_x, extra_y = _border_box_extras(style)
    width, height = style.width, style.height
    if width is AUTO and height is AUTO:
        return replace(style, width=Pct(100.0), aspect_ratio=ratio)
    if height is AUTO and isinstance(width, float):
        return replace(style, height=(width - extra_x) / ratio + extra_y)
    if width is AUTO and isinstance(height, float):
        return replace(style, width=(height - extra_y) * ratio + extra_x)
    if width is AUTO or height is AUTO:
        return replace(style, aspect_ratio=ratio)
    return style


def _border_box_extras(style: ComputedStyle) -> tuple[float, float]:
    """Padding + border per axis when sizes are of the border box (px paddings only)."""
    if style.box_sizing is BoxSizing.CONTENT_BOX:
        return 0.0, 0.0

    def px(value: float | Pct) -> float:
        return value if isinstance(value, float) else 0.0

    x = (
        px(style.padding_left)
        + px(style.padding_right)
        + style.border_left_width
        + style.border_right_width
    )
    y = (
        px(style.padding_top)
        + px(style.padding_bottom)
        + style.border_top_width
        + style.border_bottom_width
    )
    return x, y


# --- frames -> boxes ----------------------------------------------------------------------


def _to_box(
    source: _Source, frame: Frame, parent_x: float, parent_y: float, text: TextMeasurer
) -> Box:
    x = parent_x + frame.left
    y = parent_y + frame.top
    node = source.node
    if isinstance(node, StyledText):
        return Box(
            node,
            x,
            y,
            frame.width,
            frame.height,
            frame.border,
            frame.padding,
            text=text.layout(node, frame.width),
        )
    children = tuple(
        _to_box(child, child_frame, x, y, text)
        for child, child_frame in zip(source.children, frame.children, strict=True)
    )
    return Box(node, x, y, frame.width, frame.height, frame.border, frame.padding, children)


# --- the seam's fake ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FixedMeasurer:
    """A TextMeasurer for tests: every character `advance` em wide, simple greedy wrapping.

    Lines are `line_height` em tall unless the style sets `line-height`. Words break at
    spaces; a word longer than the line overflows it, as in CSS. At the initial 16px:
    `FixedMeasurer().measure(StyledText("ab cd", INITIAL), 30)` -> (16.0, 40.0).
    """

    advance: float = 0.5
    line_height: float = 1.25

    def lines(self, node: StyledText, max_width: float | None) -> list[str]:
        advance = self.advance * node.style.font_size
        lines: list[str] = []
        current = ""
        for word in node.text.split():
            candidate = f"{current} {word}" if current else word
            too_wide = max_width is not None and len(candidate) * advance > max_width
            if current and too_wide:
                lines.append(current)
                current = word
            else:
                current = candidate
        return [*lines, current]

    def line_box(self, style: ComputedStyle) -> float:
        if isinstance(style.line_height, Multiplier):
            return style.line_height.value * style.font_size
        if style.line_height is None:
            return self.line_height * style.font_size
        return style.line_height

    def measure(self, node: StyledText, max_width: float | None) -> tuple[float, float]:
        lines = self.lines(node, max_width)
        width = max(len(line) for line in lines) * self.advance * node.style.font_size
        return width, len(lines) * self.line_box(node.style)

    def min_content_width(self, node: StyledText) -> float:
        return self.measure(node, 0.0)[0]

    def layout(self, node: StyledText, width: float) -> TextLayout:
        line_height = self.line_box(node.style)
        advance = self.advance * node.style.font_size
        lines = tuple(
            TextLine((), 0.0, i * line_height, len(line) * advance, line_height, line_height * 0.8)
            for i, line in enumerate(self.lines(node, width))
        )
        return TextLayout(lines, width, len(lines) * line_height)
