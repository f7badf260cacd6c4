"""Paint properties that are not borders or backgrounds: shadows, opacity, transforms,
filters and how replaced content (`<img>`, `<svg>`) fits its box."""

from __future__ import annotations

from tinycss2.ast import FunctionBlock, Node, PercentageToken

from handler.render.computed import Blur, ObjectFit
from handler.render.style import css_values as v
from handler.render.style.css_values import Context, ValueProblem, ident
from handler.render.style.props_base import Property, keyword, one, simple


def _opacity(nodes: list[Node], ctx: Context) -> object:
    node = one(nodes)
    value = float(node.value) / 100 if isinstance(node, PercentageToken) else v.number(node)
    return min(max(value, 0.0), 1.0)


def _filter(nodes: list[Node], ctx: Context) -> object:
    if len(nodes) == 1 and ident(nodes[0]) == "none":
        return ()
    filters = []
    for node in nodes:
        args = v.function_args(node) if isinstance(node, FunctionBlock) else []
        if not isinstance(node, FunctionBlock) or node.lower_name != "blur" or len(args) > 1:
            raise ValueProblem(f"filter {v.serialize(node)!r}: only blur(<length>) is supported")
        filters.append(Blur(v.length(args[0], ctx) if args else 0.0))
    return tuple(filters)


PAINT: dict[str, Property] = {
    "box-shadow": simple("box_shadow", lambda n, c: v.shadows(n, c, text=False)),
    "opacity": simple("opacity", _opacity),
    "transform": simple("transform", v.transforms),
    "transform-origin": simple("transform_origin", v.position),
    "object-fit": keyword("object_fit", ObjectFit),
    "object-position": simple("object_position", v.position),
    "filter": simple("filter", _filter),
}
"""Paint properties by kebab-case name."""
