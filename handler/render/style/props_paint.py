"""Paint properties that are not borders or backgrounds: shadows, opacity, transforms,
filters and how replaced content (`<img>`, `<svg>`) fits its box."""

from __future__ import annotations

from tinycss2.ast import FunctionBlock, Node, PercentageToken

from handler.render.computed import Blur, ColorFilter, Filter, ObjectFit
from handler.render.style import css_values as v
from handler.render.style.css_values import Context, ValueProblem, ident
from handler.render.style.props_base import Property, keyword, one, simple


def _opacity(nodes: list[Node], ctx: Context) -> object:
    node = one(nodes)
    value = float(node.value) / 100 if isinstance(node, PercentageToken) else v.number(node)
    return min(max(value, 0.0), 1.0)


_COLOR_FILTERS = frozenset(
    {"brightness", "contrast", "grayscale", "invert", "opacity", "saturate", "sepia"}
)
_AT_MOST_ONE = frozenset({"grayscale", "invert", "opacity", "sepia"})


def _filter(nodes: list[Node], ctx: Context) -> object:
    """`blur(4px) grayscale(50%)` -> (Blur(4.0), ColorFilter("grayscale", 0.5)), in order."""
    if len(nodes) == 1 and ident(nodes[0]) == "none":
        return ()
    return tuple(_filter_function(node, ctx) for node in nodes)


def _filter_function(node: Node, ctx: Context) -> Filter:
    args = v.function_args(node) if isinstance(node, FunctionBlock) else []
    name = node.lower_name if isinstance(node, FunctionBlock) else ""
    if len(args) > 1 or not (name in _COLOR_FILTERS or name in ("blur", "hue-rotate")):
        raise ValueProblem(
            f"filter {v.serialize(node)!r}: expected blur(), brightness(), contrast(), "
            "grayscale(), hue-rotate(), invert(), opacity(), saturate() or sepia()"
        )
    if name == "blur":
        return Blur(v.length(args[0], ctx) if args else 0.0)
    if name == "hue-rotate":
        return ColorFilter(name, v.angle(args[0]) if args else 0.0)
    amount = 1.0
    if args:
        arg = args[0]
        amount = float(arg.value) / 100 if isinstance(arg, PercentageToken) else v.number(arg)
    if amount < 0:
        raise ValueProblem(f"filter {v.serialize(node)!r}: the amount cannot be negative")
    return ColorFilter(name, min(amount, 1.0) if name in _AT_MOST_ONE else amount)


PAINT: dict[str, Property] = {
    "box-shadow": simple("box_shadow", lambda n, c: v.shadows(n, c, text=False)),
    "opacity": simple("opacity", _opacity),
    "transform": simple("transform", v.transforms),
    "transform-origin": simple("transform_origin", v.position),
    "object-fit": keyword("object_fit", ObjectFit),
    "object-position": simple("object_position", v.position),
    "filter": simple("filter", _filter),
    "backdrop-filter": simple("backdrop_filter", _filter),
    "-webkit-backdrop-filter": simple("backdrop_filter", _filter),
}
"""Paint properties by kebab-case name."""
