"""The Taffy engine (stretchable 1.1.8) behind our `LayoutEngine`: measured against Yoga.

Not the default, not shipped (benchmarks/layout_engines.py chose Yoga). Its wrapper's traps,
handled here: nodes live in one process-wide Taffy tree and are never freed unless dropped
(`taffylib.node_drop`), nodes with a measure function stay in a module dict until the
function is unset, `import stretchable` adds a handler to the root logger (removed again),
and `LengthBase._check_scale` walks `dir()` of an enum on every length (cached here, for a
fair comparison). Measure errors are only logged by stretchable: `layout()` keeps and
raises them, whatever the engine.
"""

from __future__ import annotations

import functools
import logging
import math
from typing import Any

_root_handlers = list(logging.getLogger().handlers)
import stretchable  # noqa: E402
from stretchable import taffylib  # noqa: E402
from stretchable.context import taffy  # noqa: E402
from stretchable.style import PCT, Rect, Size, Style  # noqa: E402
from stretchable.style import core as style_core  # noqa: E402
from stretchable.style.geometry import length as st_length  # noqa: E402
from stretchable.style.geometry.size import SizePoints  # noqa: E402

logging.getLogger().handlers[:] = _root_handlers

from handler.render.computed import (  # noqa: E402
    AUTO,
    Align,
    BoxSizing,
    ComputedStyle,
    FlexDirection,
    FlexWrap,
    Justify,
    LengthOrAuto,
    Overflow,
    Pct,
    Position,
)
from handler.render.layout.engine import FlexNode, Frame, MeasureFunc, MeasureMode  # noqa: E402
from handler.render.nodes import Edges  # noqa: E402

_check_scale = functools.cache(st_length.LengthBase._check_scale)
st_length.LengthBase._check_scale = staticmethod(_check_scale)

_DIRECTION = {d: getattr(style_core.FlexDirection, d.name) for d in FlexDirection}
_WRAP = {w: getattr(style_core.FlexWrap, w.name.replace("NOWRAP", "NO_WRAP")) for w in FlexWrap}
_JUSTIFY = {j: getattr(style_core.JustifyContent, j.name) for j in Justify}


def _align(enum: Any, value: Align) -> Any:
    """Our Align in one of stretchable's align enums; None for `auto` (its default)."""
    return None if value is Align.AUTO else getattr(enum, value.name)


def _length(value: LengthOrAuto | None) -> Any:
    if value is None or value is AUTO:  # None: no max-width, which Taffy spells auto
        return stretchable.style.AUTO
    if isinstance(value, Pct):
        return value.value * PCT  # stretchable scales PCT by 1/100 itself
    return value


def _style(s: ComputedStyle) -> Style:
    def rect(top: Any, right: Any, bottom: Any, left: Any) -> Rect:
        # Positional: stretchable reads all-zero keyword values as "not given".
        return Rect(_length(top), _length(right), _length(bottom), _length(left))

    return Style(
        position=style_core.Position.ABSOLUTE
        if s.position is Position.ABSOLUTE
        else style_core.Position.RELATIVE,
        inset=rect(s.top, s.right, s.bottom, s.left),
        size=Size(_length(s.width), _length(s.height)),
        min_size=Size(_length(s.min_width), _length(s.min_height)),
        max_size=Size(_length(s.max_width), _length(s.max_height)),
        aspect_ratio=s.aspect_ratio,
        flex_direction=_DIRECTION[s.flex_direction],
        flex_wrap=_WRAP[s.flex_wrap],
        flex_grow=s.flex_grow,
        flex_shrink=s.flex_shrink,
        flex_basis=_length(s.flex_basis),
        align_items=_align(style_core.AlignItems, s.align_items),
        align_self=_align(style_core.AlignSelf, s.align_self),
        align_content=_align(style_core.AlignContent, s.align_content),
        justify_content=_JUSTIFY[s.justify_content],
        gap=Size(_length(s.column_gap), _length(s.row_gap)),
        margin=rect(s.margin_top, s.margin_right, s.margin_bottom, s.margin_left),
        padding=rect(s.padding_top, s.padding_right, s.padding_bottom, s.padding_left),
        border=rect(
            s.border_top_width, s.border_right_width, s.border_bottom_width, s.border_left_width
        ),
        box_sizing=style_core.BoxSizing.CONTENT
        if s.box_sizing is BoxSizing.CONTENT_BOX
        else style_core.BoxSizing.BORDER,
        overflow_x=style_core.Overflow.HIDDEN
        if s.overflow is Overflow.HIDDEN
        else style_core.Overflow.VISIBLE,
        overflow_y=style_core.Overflow.HIDDEN
        if s.overflow is Overflow.HIDDEN
        else style_core.Overflow.VISIBLE,
    )


def _axis(known: Any, available: Any) -> tuple[float, MeasureMode]:
    """Taffy's (known size, available space) for one axis as a Yoga-style (size, mode)."""
    if known is not None and not math.isnan(known.value):
        return known.value, MeasureMode.EXACTLY
    if available.scale == st_length.AvailableSpace.DEFINITE:
        return available.value, MeasureMode.AT_MOST
    if available.scale == st_length.AvailableSpace.MIN_CONTENT:
        return 0.0, MeasureMode.AT_MOST
    return math.nan, MeasureMode.UNDEFINED


def _measure_adapter(measure: MeasureFunc) -> Any:
    def call(_node: Any, known: Any, available: Any) -> Any:
        width, width_mode = _axis(known.width, available.width)
        height, height_mode = _axis(known.height, available.height)
        measured_width, measured_height = measure(width, width_mode, height, height_mode)
        return SizePoints(width=measured_width, height=measured_height)

    return call


class StretchableEngine:
    """Lays out FlexNode trees with Taffy through stretchable; drops every node after."""

    def compute(self, root: FlexNode, width: float, height: float) -> Frame:
        owned: list[stretchable.Node] = []
        node = self._build(root, owned)
        try:
            node.compute_layout((width, height), use_rounding=True)
            return _frame(root, node)
        finally:
            for each in owned:
                if each.measure is not None:
                    each.measure = None
                taffylib.node_drop(taffy._ptr, each._node_id)

    def _build(self, flex: FlexNode, owned: list[stretchable.Node]) -> stretchable.Node:
        children = [self._build(child, owned) for child in flex.children]
        measure = _measure_adapter(flex.measure) if flex.measure is not None else None
        node = stretchable.Node(*children, style=_style(flex.style), measure=measure)
        owned.append(node)
        return node


def _frame(flex: FlexNode, node: stretchable.Node) -> Frame:
    layout = node._taffy_layout
    box = node.border_box
    return Frame(
        box.x,
        box.y,
        box.width,
        box.height,
        Edges(layout.border_top, layout.border_right, layout.border_bottom, layout.border_left),
        Edges(layout.padding_top, layout.padding_right, layout.padding_bottom, layout.padding_left),
        tuple(
            _frame(child, child_node) for child, child_node in zip(flex.children, node, strict=True)
        ),
    )
