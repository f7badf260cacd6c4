"""Layout properties: display, position, the flexbox family, sizes, margins, padding, overflow.

Satori lays out with flexbox only: `display: block` is a flex column (style.py turns the
`_block` mark into `flex-direction: column` unless one is set), `inline`/`inline-block` are
flex rows, and grid and table layouts are refused with a message saying so.
"""

from __future__ import annotations

from tinycss2.ast import Node, NumberToken

from handler.render.computed import (
    AUTO,
    Align,
    BoxSizing,
    Display,
    FlexDirection,
    FlexWrap,
    Justify,
    LengthOrAuto,
    Overflow,
    Position,
)
from handler.render.style import css_values as v
from handler.render.style.css_values import Context, ValueProblem, ident
from handler.render.style.props_base import (
    SIDES,
    Fields,
    Property,
    box,
    keyword,
    length_field,
    max_length,
    number_field,
    one,
    word,
)

_AS_FLEX = frozenset({"flex", "inline-flex", "inline", "inline-block", "list-item", "-webkit-box"})
_NOT_FLEX = {
    "grid": "grid layout is not supported (Satori lays out with flexbox only): use flex",
    "inline-grid": "grid layout is not supported (Satori lays out with flexbox only): use flex",
    "table": "table layout is not supported: use flex rows and columns",
}


def _display(nodes: list[Node], ctx: Context) -> Fields:
    found = word(nodes)
    if found == "-webkit-box":
        return (("display", Display.FLEX), ("_clamps", True))
    if found in _AS_FLEX:
        return (("display", Display.FLEX),)
    if found == "block":
        return (("display", Display.FLEX), ("_block", True), ("_clamps", True))
    if found in ("none", "contents"):
        return (("display", Display(found)),)
    if found in _NOT_FLEX or found.startswith("table-"):
        raise ValueProblem(_NOT_FLEX.get(found, _NOT_FLEX["table"]))
    raise ValueProblem("expected flex, block, none or contents")


def _position(nodes: list[Node], ctx: Context) -> Fields:
    found = word(nodes)
    if found == "static":
        return (("position", Position.RELATIVE), ("_static", True))
    if found in ("relative", "absolute"):
        return (("position", Position(found)),)
    if found in ("fixed", "sticky"):
        raise ValueProblem(f"{found} positioning is not supported in an image: use absolute")
    raise ValueProblem("expected relative, absolute or static")


def _aspect_ratio(nodes: list[Node], ctx: Context) -> Fields:
    if len(nodes) == 1 and ident(nodes[0]) == "auto":
        return (("aspect_ratio", None),)
    if len(nodes) == 3 and v.is_literal(nodes[1], "/"):
        width, height = v.number(nodes[0]), v.number(nodes[2])
    else:
        width, height = v.number(one(nodes)), 1.0
    if width <= 0 or height <= 0:
        raise ValueProblem("the ratio must be positive")
    return (("aspect_ratio", width / height),)


_FLEX_KEYWORDS = {"none": (0.0, 0.0), "auto": (1.0, 1.0)}


def _flex(nodes: list[Node], ctx: Context) -> Fields:
    """`none` = 0 0 auto, `auto` = 1 1 auto, `1` = 1 1 0, `2 200px`, `1 1 0%`, ..."""
    found = ident(nodes[0]) if len(nodes) == 1 else None
    if found in _FLEX_KEYWORDS:
        grow, shrink = _FLEX_KEYWORDS[found]
        return (("flex_grow", grow), ("flex_shrink", shrink), ("flex_basis", AUTO))
    numbers = [n for n in nodes if isinstance(n, NumberToken)]
    rest = [n for n in nodes if not isinstance(n, NumberToken)]
    if len(numbers) == 3 and not rest:  # `1 1 0`: the unitless zero is the basis
        numbers, rest = numbers[:2], numbers[2:]
    if len(numbers) > 2 or len(rest) > 1 or not nodes:
        raise ValueProblem("expected <grow> <shrink>? <basis>?")
    grow = float(numbers[0].value) if numbers else 1.0
    shrink = float(numbers[1].value) if len(numbers) > 1 else 1.0
    basis: LengthOrAuto = v.length_pct_auto(rest[0], ctx) if rest else 0.0
    if grow < 0 or shrink < 0:
        raise ValueProblem("flex-grow and flex-shrink cannot be negative")
    return (("flex_grow", grow), ("flex_shrink", shrink), ("flex_basis", basis))


_DIRECTIONS = {d.value: d for d in FlexDirection}
_WRAPS = {w.value: w for w in FlexWrap}


def _flex_flow(nodes: list[Node], ctx: Context) -> Fields:
    fields: list[tuple[str, object]] = []
    for node in nodes:
        found = ident(node) or ""
        if found in _DIRECTIONS:
            fields.append(("flex_direction", _DIRECTIONS[found]))
        elif found in _WRAPS:
            fields.append(("flex_wrap", _WRAPS[found]))
        else:
            raise ValueProblem(f"{v.serialize(node)!r} is not a direction or wrap")
    return tuple(fields)


def _gap(nodes: list[Node], ctx: Context) -> Fields:
    if len(nodes) not in (1, 2):
        raise ValueProblem("expected <row-gap> <column-gap>?")
    row = _gap_length(nodes[0], ctx)
    return (("row_gap", row), ("column_gap", _gap_length(nodes[-1], ctx)))


_OVERFLOWS = {"visible": Overflow.VISIBLE} | dict.fromkeys(
    ("hidden", "clip", "scroll", "auto"), Overflow.HIDDEN
)


def _overflow_value(node: Node) -> Overflow:
    found = ident(node)
    if found is None or found not in _OVERFLOWS:
        raise ValueProblem(f"{v.serialize(node)!r}: expected visible, hidden or clip")
    return _OVERFLOWS[found]


def _overflow(nodes: list[Node], ctx: Context) -> Fields:
    """`overflow: <x> <y>?`. Like Satori, a box that clips on either axis clips on both."""
    if len(nodes) not in (1, 2):
        raise ValueProblem("expected one or two values (x, then y)")
    x, y = _overflow_value(nodes[0]), _overflow_value(nodes[-1])
    return (("_overflow_x", x), ("_overflow_y", y))


def _overflow_axis(field: str) -> Property:
    def parse(nodes: list[Node], ctx: Context) -> Fields:
        return ((field, _overflow_value(one(nodes))),)

    return Property(parse, (field,))


def _z_index(nodes: list[Node], ctx: Context) -> Fields:
    """Checked, then ignored: as in Satori, later siblings paint over earlier ones."""
    node = one(nodes)
    if ident(node) != "auto" and not (isinstance(node, NumberToken) and node.is_integer):
        raise ValueProblem("expected an integer or auto")
    return ()


def _align(field: str, normal: Align) -> Property:
    """`normal` is the keyword's meaning for flex items (Satori: `auto` for align-self)."""
    return keyword(field, Align, start=Align.FLEX_START, end=Align.FLEX_END, normal=normal)


def _gap_length(node: Node, ctx: Context) -> object:
    return 0.0 if ident(node) == "normal" else v.length_pct(node, ctx)  # normal: 0 in flexbox


def _gap_field(field: str) -> Property:
    return Property(lambda nodes, ctx: ((field, _gap_length(one(nodes), ctx)),), (field,))


LAYOUT: dict[str, Property] = {
    "display": Property(_display, ("display",)),
    "position": Property(_position, ("position",)),
    "box-sizing": keyword("box_sizing", BoxSizing),
    "overflow": Property(_overflow, ("_overflow_x", "_overflow_y")),
    "overflow-x": _overflow_axis("_overflow_x"),
    "overflow-y": _overflow_axis("_overflow_y"),
    "z-index": Property(_z_index, ()),
    "aspect-ratio": Property(_aspect_ratio, ("aspect_ratio",)),
    "flex-direction": keyword("flex_direction", FlexDirection),
    "flex-wrap": keyword("flex_wrap", FlexWrap),
    "flex-flow": Property(_flex_flow, ("flex_direction", "flex_wrap")),
    "flex-grow": number_field("flex_grow", minimum=0),
    "flex-shrink": number_field("flex_shrink", minimum=0),
    "flex-basis": length_field("flex_basis"),
    "flex": Property(_flex, ("flex_grow", "flex_shrink", "flex_basis")),
    "align-items": _align("align_items", Align.STRETCH),
    "align-self": _align("align_self", Align.AUTO),
    "align-content": _align("align_content", Align.FLEX_START),  # as Satori's initial value
    "justify-content": keyword(
        "justify_content",
        Justify,
        start=Justify.FLEX_START,
        end=Justify.FLEX_END,
        normal=Justify.FLEX_START,
    ),
    "gap": Property(_gap, ("row_gap", "column_gap")),
    "row-gap": _gap_field("row_gap"),
    "column-gap": _gap_field("column_gap"),
    "inset": box("", auto=True),
    "margin": box("margin_", auto=True),
    "padding": box("padding_", auto=False),
}
"""Layout properties by kebab-case name."""
for _side in SIDES:
    LAYOUT[_side] = length_field(_side)
    LAYOUT[f"margin-{_side}"] = length_field(f"margin_{_side}")
    LAYOUT[f"padding-{_side}"] = length_field(f"padding_{_side}", auto=False)
for _axis in ("width", "height"):
    LAYOUT[_axis] = length_field(_axis)
    LAYOUT[f"min-{_axis}"] = length_field(f"min_{_axis}")
    LAYOUT[f"max-{_axis}"] = max_length(f"max_{_axis}")
