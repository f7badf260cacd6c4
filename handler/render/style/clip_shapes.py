"""clip-path values: basic shapes and reference boxes -> a `ClipPath`.

    circle(20% at bottom left)                  -> CircleShape(Pct(20), (Pct(0), Pct(100)))
    polygon(evenodd, 0 0, 100% 0, 50% 100%)     -> PolygonShape(..., evenodd=True)
    inset(10px 20px round 8px)                  -> InsetShape(10, 20, 10, 20, radii)
    path("M 0 0 L 100 0 L 50 80 Z")            -> SvgPathShape(d)
    shape(from 0 0, line to 100% 0, close)      -> PathShape(steps)  (see shape_commands.py)
    ellipse() padding-box, content-box          -> the shape, or the box alone

Percentages stay relative: paint resolves them against the reference box.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tinycss2.ast import FunctionBlock, Node, StringToken

from handler.render.computed import Length, Pct, Radius
from handler.render.masking import (
    CircleShape,
    ClipPath,
    ClipShape,
    EllipseShape,
    InsetShape,
    PolygonShape,
    ReferenceBox,
    ShapeRadius,
    SvgPathShape,
)
from handler.render.style import css_values as v
from handler.render.style.css_values import Context, ValueProblem, ident
from handler.render.style.props_border import BORDERS
from handler.render.style.shape_commands import shape_function

_BOXES = {box.value: box for box in ReferenceBox}
_RADIUS_WORDS = frozenset({"closest-side", "farthest-side"})
_CENTER = (Pct(50.0), Pct(50.0))
_PATH_DATA = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9eE.,+\-\s]*$")


def clip_path(nodes: Sequence[Node], ctx: Context) -> ClipPath | None:
    """`none`, a basic shape, a reference box, or a shape and a box (either order)."""
    if len(nodes) == 1 and ident(nodes[0]) == "none":
        return None
    shape: ClipShape | None = None
    box: ReferenceBox | None = None
    for node in nodes:
        word = ident(node)
        if word in _BOXES and box is None:
            box = _BOXES[word]
        elif node.type == "url" or (isinstance(node, FunctionBlock) and node.lower_name == "url"):
            raise ValueProblem("url() references are not supported: use a shape")
        elif isinstance(node, FunctionBlock) and shape is None:
            shape = basic_shape(node, ctx)
        elif word in ("margin-box", "fill-box", "stroke-box", "view-box"):
            raise ValueProblem(f"the {word} reference box is not supported: use border-box")
        else:
            raise ValueProblem(f"{v.serialize(node)!r} is not a clip-path shape or box")
    if shape is None and box is None:
        raise ValueProblem("expected a shape or a reference box")
    return ClipPath(shape, box or ReferenceBox.BORDER_BOX)


def basic_shape(node: FunctionBlock, ctx: Context) -> ClipShape:
    name = node.lower_name
    args = v.function_args(node)
    try:
        if name == "circle":
            return _circle(args, ctx)
        if name == "ellipse":
            return _ellipse(args, ctx)
        if name == "inset":
            return _inset(args, ctx)
        if name == "polygon":
            return _polygon(args, ctx)
        if name == "path":
            return _path(args)
        if name == "shape":
            return shape_function(args, ctx)
    except ValueProblem as problem:
        raise ValueProblem(f"{v.serialize(node)}: {problem}") from None
    raise ValueProblem(
        f"{node.name}() is not a supported shape: use circle(), ellipse(), inset(), "
        "polygon(), path() or shape()"
    )


def _radius(node: Node, ctx: Context) -> ShapeRadius:
    word = ident(node)
    if word in _RADIUS_WORDS:
        return str(word)
    value = v.length_pct(node, ctx)
    if not isinstance(value, Pct) and value < 0:
        raise ValueProblem("a radius cannot be negative")
    return value


def _centre(args: Sequence[Node], ctx: Context) -> tuple[list[Node], tuple[Length, Length]]:
    at = next((i for i, n in enumerate(args) if ident(n) == "at"), None)
    if at is None:
        return list(args), _CENTER
    return list(args[:at]), v.position(args[at + 1 :], ctx)


def _circle(args: Sequence[Node], ctx: Context) -> CircleShape:
    radii, center = _centre(args, ctx)
    if len(radii) > 1:
        raise ValueProblem("circle() takes one radius")
    radius = _radius(radii[0], ctx) if radii else "closest-side"
    return CircleShape(radius, center)


def _ellipse(args: Sequence[Node], ctx: Context) -> EllipseShape:
    radii, center = _centre(args, ctx)
    if len(radii) not in (0, 2):
        raise ValueProblem("ellipse() takes two radii or none")
    if not radii:
        return EllipseShape("closest-side", "closest-side", center)
    return EllipseShape(_radius(radii[0], ctx), _radius(radii[1], ctx), center)


def _inset(args: Sequence[Node], ctx: Context) -> InsetShape:
    at = next((i for i, n in enumerate(args) if ident(n) == "round"), None)
    sides = args if at is None else args[:at]
    if not sides:
        raise ValueProblem("inset() needs 1 to 4 lengths")
    top, right, bottom, left = v.four_sides([v.length_pct(n, ctx) for n in sides])
    if at is None:
        return InsetShape(top, right, bottom, left, ((0.0, 0.0),) * 4)
    corners = BORDERS["border-radius"](list(args[at + 1 :]), ctx)  # the shorthand's grammar
    tl, tr, br, bl = ((r.x, r.y) for _, r in corners if isinstance(r, Radius))
    return InsetShape(top, right, bottom, left, (tl, tr, br, bl))


def fill_rule(parts: list[list[Node]]) -> tuple[bool, list[list[Node]]]:
    """Whether a leading `evenodd,` / `nonzero,` asks for even-odd, and the other parts."""
    first = parts[0]
    if len(first) == 1 and ident(first[0]) in ("evenodd", "nonzero"):
        return ident(first[0]) == "evenodd", parts[1:]
    return False, parts


def _polygon(args: Sequence[Node], ctx: Context) -> PolygonShape:
    if not args:
        raise ValueProblem("polygon() needs points")
    evenodd, parts = fill_rule(v.split_commas(args))
    points = []
    for part in parts:
        if len(part) != 2:
            raise ValueProblem(f"a polygon point is two lengths, got {len(part)} values")
        points.append((v.length_pct(part[0], ctx), v.length_pct(part[1], ctx)))
    if len(points) < 3:
        raise ValueProblem("a polygon needs at least 3 points")
    return PolygonShape(tuple(points), evenodd)


def _path(args: Sequence[Node]) -> SvgPathShape:
    if not args:
        raise ValueProblem("path() needs a path string")
    evenodd, parts = fill_rule(v.split_commas(args))
    if len(parts) != 1 or len(parts[0]) != 1 or not isinstance(parts[0][0], StringToken):
        raise ValueProblem('path() takes a quoted string of SVG path data: path("M 0 0 ...")')
    data = str(parts[0][0].value)
    if not _PATH_DATA.match(data) or data.strip()[:1] not in ("M", "m"):
        raise ValueProblem(f"{data!r} is not SVG path data (starting with M)")
    return SvgPathShape(data, evenodd)
