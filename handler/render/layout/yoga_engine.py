"""The Yoga engine (yoga-python): Satori's own flexbox engine behind our `LayoutEngine`.

Nodes live for one `compute` call and are freed before it returns, whatever happens: a
yoga-python node keeps its measure callback (and what it closes over) until freed. Layout
is rounded to whole pixels as Satori's Yoga does (point scale factor 1; measured leaves
round their size up so text still fits).
"""

from __future__ import annotations

from typing import Any

import yoga

from handler.render.computed import (
    AUTO,
    INITIAL,
    Align,
    BoxSizing,
    ComputedStyle,
    FlexDirection,
    FlexWrap,
    Justify,
    Length,
    LengthOrAuto,
    Overflow,
    Pct,
    Position,
)
from handler.render.layout.engine import FlexNode, Frame, MeasureFunc, MeasureMode
from handler.render.nodes import Edges

_DIRECTION = {
    FlexDirection.ROW: yoga.FlexDirection.Row,
    FlexDirection.ROW_REVERSE: yoga.FlexDirection.RowReverse,
    FlexDirection.COLUMN: yoga.FlexDirection.Column,
    FlexDirection.COLUMN_REVERSE: yoga.FlexDirection.ColumnReverse,
}
_WRAP = {
    FlexWrap.NOWRAP: yoga.Wrap.NoWrap,
    FlexWrap.WRAP: yoga.Wrap.Wrap,
    FlexWrap.WRAP_REVERSE: yoga.Wrap.WrapReverse,
}
_ALIGN = {
    Align.AUTO: yoga.Align.Auto,
    Align.STRETCH: yoga.Align.Stretch,
    Align.FLEX_START: yoga.Align.FlexStart,
    Align.FLEX_END: yoga.Align.FlexEnd,
    Align.CENTER: yoga.Align.Center,
    Align.BASELINE: yoga.Align.Baseline,
    Align.SPACE_BETWEEN: yoga.Align.SpaceBetween,
    Align.SPACE_AROUND: yoga.Align.SpaceAround,
    Align.SPACE_EVENLY: yoga.Align.SpaceEvenly,
}
_JUSTIFY = {
    Justify.FLEX_START: yoga.Justify.FlexStart,
    Justify.FLEX_END: yoga.Justify.FlexEnd,
    Justify.CENTER: yoga.Justify.Center,
    Justify.SPACE_BETWEEN: yoga.Justify.SpaceBetween,
    Justify.SPACE_AROUND: yoga.Justify.SpaceAround,
    Justify.SPACE_EVENLY: yoga.Justify.SpaceEvenly,
}
_MODE = {
    yoga.MeasureMode.Undefined: MeasureMode.UNDEFINED,
    yoga.MeasureMode.Exactly: MeasureMode.EXACTLY,
    yoga.MeasureMode.AtMost: MeasureMode.AT_MOST,
}
_TOP, _RIGHT, _BOTTOM, _LEFT = yoga.Edge.Top, yoga.Edge.Right, yoga.Edge.Bottom, yoga.Edge.Left


def _value(length: Length) -> Any:
    """A px float as is, a percentage as a YGValue (what yoga-python's setters take)."""
    if isinstance(length, Pct):
        return yoga.YGValue(length.value, yoga.Unit.Percent)
    return length


class YogaEngine:
    """Lays out FlexNode trees with Yoga, one fresh node tree per call."""

    def __init__(self) -> None:
        self._config = yoga.Config()
        self._config.point_scale_factor = 1.0

    def compute(self, root: FlexNode, width: float, height: float) -> Frame:
        owned: list[yoga.Node] = []  # yoga-python frees a node when its Python object dies
        yoga_root = self._build(root, owned)
        try:
            yoga_root.calculate_layout(width, height, yoga.Direction.LTR)
            return _frame(root, yoga_root, owned, iter(range(1, len(owned))))
        finally:
            yoga_root.free_recursive()

    def _build(self, flex: FlexNode, owned: list[yoga.Node]) -> yoga.Node:
        node = yoga.Node(self._config)
        owned.append(node)
        _apply_style(node, flex.style)
        if flex.measure is not None:
            node.set_measure_func(_measure_adapter(flex.measure))
        children = [self._build(child, owned) for child in flex.children]
        if children:
            node.set_children(children)
        return node


def _measure_adapter(measure: MeasureFunc) -> Any:
    def call(
        _node: yoga.Node,
        width: float,
        width_mode: yoga.MeasureMode,
        height: float,
        height_mode: yoga.MeasureMode,
    ) -> tuple[float, float]:
        return measure(width, _MODE[width_mode], height, _MODE[height_mode])

    return call


def _frame(flex: FlexNode, node: yoga.Node, owned: list[yoga.Node], order: Any) -> Frame:
    """Read the layout back, walking FlexNodes and `owned` (pre-order) side by side."""
    children = []
    for child in flex.children:
        child_node = owned[next(order)]
        children.append(_frame(child, child_node, owned, order))
    return Frame(
        node.layout_left,
        node.layout_top,
        node.layout_width,
        node.layout_height,
        Edges(
            node.layout_border(_TOP),
            node.layout_border(_RIGHT),
            node.layout_border(_BOTTOM),
            node.layout_border(_LEFT),
        ),
        Edges(
            node.layout_padding(_TOP),
            node.layout_padding(_RIGHT),
            node.layout_padding(_BOTTOM),
            node.layout_padding(_LEFT),
        ),
        tuple(children),
    )


def _apply_style(node: yoga.Node, s: ComputedStyle) -> None:
    """Set every layout field of `s` on `node`; fields at Yoga's own defaults are skipped."""
    # Yoga's defaults differ from CSS's (and Satori's) on these three: always set them.
    node.flex_direction = _DIRECTION[s.flex_direction]
    node.align_content = _ALIGN[s.align_content]
    node.flex_shrink = s.flex_shrink
    if s is INITIAL:
        return
    if s.position is Position.ABSOLUTE:
        node.position_type = yoga.PositionType.Absolute
    if s.flex_wrap is not FlexWrap.NOWRAP:
        node.flex_wrap = _WRAP[s.flex_wrap]
    if s.align_items is not Align.STRETCH:
        node.align_items = _ALIGN[s.align_items]
    if s.align_self is not Align.AUTO:
        node.align_self = _ALIGN[s.align_self]
    if s.justify_content is not Justify.FLEX_START:
        node.justify_content = _JUSTIFY[s.justify_content]
    if s.flex_grow:
        node.flex_grow = s.flex_grow
    if s.flex_basis is not AUTO:
        node.flex_basis = _value(s.flex_basis)
    if s.box_sizing is BoxSizing.CONTENT_BOX:
        node.box_sizing = yoga.BoxSizing.ContentBox
    if s.overflow is Overflow.HIDDEN:
        node.overflow = yoga.Overflow.Hidden
    if s.aspect_ratio is not None:
        node.aspect_ratio = s.aspect_ratio
    _apply_sizes(node, s)
    _apply_edges(node, s)


def _apply_sizes(node: yoga.Node, s: ComputedStyle) -> None:
    if s.width is not AUTO:
        node.width = _value(s.width)
    if s.height is not AUTO:
        node.height = _value(s.height)
    if s.min_width is not AUTO:
        node.min_width = _value(s.min_width)
    if s.min_height is not AUTO:
        node.min_height = _value(s.min_height)
    if s.max_width is not None:
        node.max_width = _value(s.max_width)
    if s.max_height is not None:
        node.max_height = _value(s.max_height)
    if s.row_gap:
        node.set_gap(yoga.Gutter.Row, _value(s.row_gap))
    if s.column_gap:
        node.set_gap(yoga.Gutter.Column, _value(s.column_gap))


def _apply_edges(node: yoga.Node, s: ComputedStyle) -> None:
    for edge, margin, padding, border, inset in (
        (_TOP, s.margin_top, s.padding_top, s.border_top_width, s.top),
        (_RIGHT, s.margin_right, s.padding_right, s.border_right_width, s.right),
        (_BOTTOM, s.margin_bottom, s.padding_bottom, s.border_bottom_width, s.bottom),
        (_LEFT, s.margin_left, s.padding_left, s.border_left_width, s.left),
    ):
        _set_margin(node, edge, margin)
        if padding:
            node.set_padding(edge, _value(padding))
        if border:
            node.set_border(edge, border)
        if inset is not AUTO:
            node.set_position(edge, _value(inset))


def _set_margin(node: yoga.Node, edge: yoga.Edge, margin: LengthOrAuto) -> None:
    if margin is AUTO:
        node.set_margin_auto(edge)
    elif margin:
        node.set_margin(edge, _value(margin))
