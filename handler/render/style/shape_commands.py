"""The CSS `shape()` function: comma-separated drawing commands -> `PathShape` steps.

    shape(from 50% 0, line to 100% 100%, hline by -100%, close)
    shape(from left top, line to right center, vline to bottom, hline to left, close)
    shape(evenodd from 0 0, curve to 100% 0 with 50% -20%, smooth by 0 50% with 0 10% from end,
          arc to 0 100% of 50% cw large rotate 10deg, vline to 0, close)

Each command keeps CSS's own coordinates (percentages of the reference box, `by` relative to
the current point); paint turns them into SVG path data once the box is known.
"""

from __future__ import annotations

from collections.abc import Sequence

from tinycss2.ast import Node

from handler.render.computed import Length, Pct
from handler.render.masking import PathShape, PathStep
from handler.render.style import css_values as v
from handler.render.style.css_values import Context, ValueProblem, ident

_LETTERS = {"move": "M", "line": "L", "hline": "H", "vline": "V", "curve": "C", "smooth": "S"}
_LETTERS["arc"] = "A"
_ORIGINS = frozenset({"start", "end", "origin"})
_X_WORDS = {"left": Pct(0.0), "center": Pct(50.0), "right": Pct(100.0)}
_Y_WORDS = {"top": Pct(0.0), "center": Pct(50.0), "bottom": Pct(100.0)}

Point = tuple[Length, Length]


def shape_function(args: Sequence[Node], ctx: Context) -> PathShape:
    """`shape()`'s arguments (without the function) -> the shape."""
    parts = v.split_commas(args) if args else [[]]
    first = list(parts[0])
    evenodd = False
    if first and ident(first[0]) in ("evenodd", "nonzero"):
        evenodd = ident(first[0]) == "evenodd"
        first = first[1:]
    if len(first) not in (2, 3) or ident(first[0]) != "from":
        raise ValueProblem("shape() starts with `from <x> <y>`")
    steps = [PathStep("M", (_position(first[1:], ctx),))]
    for part in parts[1:]:
        steps.append(_command(part, ctx))
    if len(steps) < 2:
        raise ValueProblem("shape() needs at least one command after from")
    return PathShape(tuple(steps), evenodd)


def _pair(nodes: Sequence[Node], ctx: Context) -> Point:
    if len(nodes) != 2:
        raise ValueProblem(f"expected an x y pair, got {' '.join(map(v.serialize, nodes))!r}")
    return (v.length_pct(nodes[0], ctx), v.length_pct(nodes[1], ctx))


def _position(nodes: Sequence[Node], ctx: Context) -> Point:
    """A `to` point: a position, keywords allowed (`to right top`, `to 50% 0`)."""
    if not nodes or len(nodes) > 2:
        raise ValueProblem("expected a point of one or two values after `to`")
    return v.position(nodes, ctx)


def _line_end(node: Node, name: str, relative: bool, ctx: Context) -> Length:
    word = ident(node)
    keywords = _X_WORDS if name == "hline" else _Y_WORDS
    if word is not None and not relative:
        if word not in keywords:
            raise ValueProblem(f"{name} to {word!r}: expected {', '.join(keywords)} or a length")
        return keywords[word]
    return v.length_pct(node, ctx)


def _command(nodes: list[Node], ctx: Context) -> PathStep:
    name = ident(nodes[0])
    if name == "close":
        if len(nodes) != 1:
            raise ValueProblem("close takes no arguments")
        return PathStep("Z")
    if name not in _LETTERS:
        raise ValueProblem(
            f"{v.serialize(nodes[0])!r} is not a shape() command (move, line, hline, vline, "
            "curve, smooth, arc, close)"
        )
    if len(nodes) < 3 or ident(nodes[1]) not in ("to", "by"):
        raise ValueProblem(f"{name} needs `to` or `by` and a point")
    relative = ident(nodes[1]) == "by"
    letter = _LETTERS[name].lower() if relative else _LETTERS[name]
    rest = nodes[2:]
    if name in ("hline", "vline"):
        if len(rest) != 1:
            raise ValueProblem(f"{name} takes one length")
        value = _line_end(rest[0], name, relative, ctx)
        return PathStep(letter, ((value, 0.0) if name == "hline" else (0.0, value),))
    cut = next((i for i, n in enumerate(rest) if ident(n) in ("with", "of")), len(rest))
    end = _pair(rest[:cut], ctx) if relative else _position(rest[:cut], ctx)
    rest = rest[cut:]
    if name in ("move", "line"):
        if rest:
            raise ValueProblem(f"{name} takes one point")
        return PathStep(letter, (end,))
    if name == "arc":
        return _arc(letter, end, rest, ctx)
    return _curve(name, letter, end, rest, relative, ctx)


def _curve(
    name: str, letter: str, end: Point, rest: list[Node], relative: bool, ctx: Context
) -> PathStep:
    """curve ... with c1 [/ c2]; smooth ... [with c2]. One control makes it quadratic."""
    default = "start" if relative else "origin"
    if not rest:
        if name == "curve":
            raise ValueProblem("curve needs `with` and a control point")
        return PathStep("t" if relative else "T", (end,))
    if ident(rest[0]) != "with":
        raise ValueProblem(f"expected `with` before the control points of {name}")
    groups: list[list[Node]] = [[]]
    for node in rest[1:]:
        if v.is_literal(node, "/"):
            groups.append([])
        else:
            groups[-1].append(node)
    if len(groups) > (2 if name == "curve" else 1):
        raise ValueProblem(f"too many control points for {name}")
    controls, origins = [], []
    for group in groups:
        origin = default
        if any(ident(n) == "from" for n in group):
            if len(group) != 4 or ident(group[2]) != "from" or ident(group[3]) not in _ORIGINS:
                raise ValueProblem("a control point is `<x> <y> from start | end | origin`")
            origin = str(ident(group[3]))
            controls.append(_pair(group[:2], ctx))
        elif any(ident(n) is not None for n in group):  # a position: from the box's origin
            origin = "origin"
            controls.append(_position(group, ctx))
        else:
            controls.append(_pair(group, ctx))
        origins.append(origin)
    if name == "curve" and len(controls) == 1:
        letter = "q" if relative else "Q"
    return PathStep(letter, (end, *controls), tuple(origins))


def _arc(letter: str, end: Point, rest: list[Node], ctx: Context) -> PathStep:
    """arc ... of rx [ry] [cw | ccw] [large | small] [rotate <angle>]."""
    if not rest or ident(rest[0]) != "of":
        raise ValueProblem("arc needs `of` and one or two radii")
    at = 1
    radii: list[Length] = []
    while at < len(rest) and len(radii) < 2 and ident(rest[at]) is None:
        radii.append(v.length_pct(rest[at], ctx))
        at += 1
    if not radii:
        raise ValueProblem("arc needs one or two radii after `of`")
    sweep, large, rotation = 0.0, 0.0, 0.0
    while at < len(rest):
        word = ident(rest[at])
        if word in ("cw", "ccw"):
            sweep = 1.0 if word == "cw" else 0.0
        elif word in ("large", "small"):
            large = 1.0 if word == "large" else 0.0
        elif word == "rotate" and at + 1 < len(rest):
            at += 1
            rotation = v.angle(rest[at])
        else:
            raise ValueProblem(f"{v.serialize(rest[at])!r} in an arc command")
        at += 1
    pair = (radii[0], radii[-1])
    return PathStep(letter, (end,), numbers=(rotation, large, sweep), radii=pair)
