"""Border properties: the `border` shorthands, per-side widths, styles and colours, radii.

Satori draws solid and dashed borders (we add dotted); `double`, `groove` and the other 3D
styles are refused by name. A border whose style is `none` has no width (style.py applies it);
as in Satori, one given no style is solid (`border: '1px'`, `borderWidth: 2`), where CSS draws
nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from tinycss2.ast import DimensionToken, FunctionBlock, Node, NumberToken

from handler.render.computed import BorderStyle, Length, Pct, Radius
from handler.render.style import css_values as v
from handler.render.style.css_values import Context, ValueProblem, ident
from handler.render.style.props_base import CORNERS, SIDES, Fields, Property, one

_WIDTHS = {"thin": 1.0, "medium": 3.0, "thick": 5.0}
_STYLES = {s.value: s for s in BorderStyle if s is not BorderStyle.DOUBLE} | {
    "hidden": BorderStyle.NONE
}  # double: text decorations only
_PARTS = ("width", "style", "color")


def _width(node: Node, ctx: Context) -> float:
    found = ident(node)
    if found is not None and found in _WIDTHS:
        return _WIDTHS[found]
    width = v.length(node, ctx)
    if width < 0:
        raise ValueProblem("a border width cannot be negative")
    return width


def _style(node: Node) -> BorderStyle:
    found = ident(node)
    if found is None or found not in _STYLES:
        raise ValueProblem(f"border style {v.serialize(node)!r}: expected solid, dashed or dotted")
    return _STYLES[found]


def _fields_of(sides: Sequence[str], parts: Sequence[str] = _PARTS) -> tuple[str, ...]:
    return tuple(f"border_{side}_{part}" for side in sides for part in parts)


def _sides(sides: Sequence[str]) -> Property:
    """`border` / `border-top`: width || style || colour (unset parts take initial values)."""

    def parse(nodes: list[Node], ctx: Context) -> Fields:
        width, style, rgba = 3.0, BorderStyle.SOLID, ctx.color  # Satori: no style is solid
        for node in nodes:
            found = ident(node)
            if isinstance(node, NumberToken | DimensionToken) or found in _WIDTHS:
                width = _width(node, ctx)
            elif found in _STYLES:
                style = _style(node)
            else:
                rgba = v.color(node, ctx)
        values = {"width": width, "style": style, "color": rgba}
        return tuple((f"border_{side}_{part}", values[part]) for side in sides for part in _PARTS)

    return Property(parse, _fields_of(sides))


def _part(part: str, sides: Sequence[str]) -> Property:
    """border-width / -style / -color (1-4 values) and border-top-width and friends."""

    def parse(nodes: list[Node], ctx: Context) -> Fields:
        if part == "width":
            values: Sequence[object] = [_width(n, ctx) for n in nodes]
        elif part == "style":
            values = [_style(n) for n in nodes]
        else:
            values = [v.color(n, ctx) for n in nodes]
        if len(sides) == 1:
            return ((f"border_{sides[0]}_{part}", one(values)),)
        spread = v.four_sides(values)
        return tuple((f"border_{s}_{part}", x) for s, x in zip(sides, spread, strict=True))

    return Property(parse, _fields_of(sides, (part,)))


def _radii(nodes: Sequence[Node], ctx: Context) -> list[Length]:
    values = [v.length_pct(n, ctx) for n in nodes]
    if any(not isinstance(x, Pct) and x < 0 for x in values):
        raise ValueProblem("a radius cannot be negative")
    return values


def _radius(nodes: list[Node], ctx: Context) -> Fields:
    """1-4 radii, optionally `/` and 1-4 vertical radii (`10px 20px / 5px`)."""
    slash = next((i for i, n in enumerate(nodes) if v.is_literal(n, "/")), None)
    horizontal = v.four_sides(_radii(nodes[:slash], ctx))
    vertical = horizontal
    if slash is not None:
        vertical = v.four_sides(_radii(nodes[slash + 1 :], ctx))
    return tuple(
        (f"border_{corner}_radius", Radius(x, y))
        for corner, x, y in zip(CORNERS, horizontal, vertical, strict=True)
    )


def _corner(corner: str) -> Property:
    field = f"border_{corner}_radius"

    def parse(nodes: list[Node], ctx: Context) -> Fields:
        values = _radii(nodes, ctx)
        if len(values) not in (1, 2):
            raise ValueProblem("expected one or two radii")
        return ((field, Radius(values[0], values[-1])),)

    return Property(parse, (field,))


_CORNER_SHAPES = {
    "round": 1.0,
    "squircle": 2.0,
    "bevel": 0.0,
    "scoop": -1.0,
    "square": math.inf,
    "notch": -math.inf,
}
_INFINITIES = {"infinity": math.inf, "-infinity": -math.inf}


def _corner_shape(node: Node) -> float:
    """`squircle` -> 2.0; `superellipse(1.5)` -> 1.5 (CSS Borders 4's parameter K)."""
    found = ident(node)
    if found is not None and found in _CORNER_SHAPES:
        return _CORNER_SHAPES[found]
    if isinstance(node, FunctionBlock) and node.lower_name == "superellipse":
        args = v.function_args(node)
        if len(args) == 1:
            infinite = ident(args[0])
            if infinite in _INFINITIES:
                return _INFINITIES[infinite]
            return v.number(args[0])
    raise ValueProblem(
        f"corner shape {v.serialize(node)!r}: expected round, squircle, bevel, scoop, notch, "
        "square or superellipse(<number>)"
    )


def _corner_shapes(nodes: list[Node], ctx: Context) -> Fields:
    """1-4 shapes, corners in border-radius order: `corner-shape: squircle bevel`."""
    return (("corner_shape", v.four_sides([_corner_shape(n) for n in nodes])),)


BORDERS: dict[str, Property] = {
    "corner-shape": Property(_corner_shapes, ("corner_shape",)),
    "border": _sides(SIDES),
    "border-radius": Property(_radius, tuple(f"border_{c}_radius" for c in CORNERS)),
    **{f"border-{part}": _part(part, SIDES) for part in _PARTS},
    **{f"border-{side}": _sides((side,)) for side in SIDES},
    **{f"border-{side}-{part}": _part(part, (side,)) for side in SIDES for part in _PARTS},
    **{f"border-{c.replace('_', '-')}-radius": _corner(c) for c in CORNERS},
}
"""Border properties by kebab-case name."""
