"""CSS value grammar: tokens -> lengths, angles, positions, gradients, shadows, transforms.

Every function takes tinycss2 component values (whitespace and comments removed unless
said otherwise) and a `Context` that resolves relative units, and raises `ValueProblem`
with a reason; style.py turns that into `UnsupportedStyle` naming the property and element.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import tinycss2
from tinycss2.ast import (
    DimensionToken,
    FunctionBlock,
    IdentToken,
    LiteralToken,
    Node,
    NumberToken,
    PercentageToken,
    URLToken,
)

from handler.render.computed import (
    AUTO,
    RGBA,
    Auto,
    BackgroundImage,
    ColorStop,
    Length,
    LengthOrAuto,
    LinearGradient,
    Pct,
    RadialGradient,
    RadialShape,
    Rotate,
    Scale,
    Shadow,
    Skew,
    Transform,
    Translate,
    UrlImage,
)
from handler.render.style.colors import ColorError, parse_color

ROOT_FONT_SIZE = 16.0


class ValueProblem(ValueError):
    """A value outside the supported grammar; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class Context:
    """What relative values resolve against (hashable: parsed values are memoised on it)."""

    font_size: float  # em
    canvas: tuple[int, int]  # vw / vh
    color: RGBA  # currentColor
    weight: int = 400  # font-weight: bolder / lighter


_ABSOLUTE_UNITS = {
    "px": 1.0,
    "pt": 96 / 72,
    "pc": 16.0,
    "in": 96.0,
    "cm": 96 / 2.54,
    "mm": 96 / 25.4,
    "q": 96 / 101.6,
}
_ANGLE_UNITS = {"deg": 1.0, "rad": 180 / math.pi, "grad": 0.9, "turn": 360.0}


def tokens(value: str) -> list[Node]:
    """The component values of `value`, without whitespace and comments."""
    if "url(" in value.lower():
        value = quote_bare_urls(value)
    return [
        t
        for t in tinycss2.parse_component_value_list(value, skip_comments=True)
        if t.type != "whitespace"
    ]


_BARE_URL = re.compile(r"url\(\s*(?![\s\"'])", re.IGNORECASE)
_BAD_IN_BARE_URL = re.compile(r"[\s\"'(]")


def quote_bare_urls(value: str) -> str:
    """Quote an unquoted `url(...)` holding quotes, spaces or brackets, as Satori reads it.

    `url(data:image/svg+xml,%3Csvg viewBox='0 0 1 1'...)` is a bad URL to a CSS tokenizer but
    a common React style value; its contents run to the matching `)`.
    """
    out: list[str] = []
    at = 0
    while (match := _BARE_URL.search(value, at)) is not None:
        start, depth, end = match.end(), 1, match.end()
        while end < len(value) and depth:
            depth += {"(": 1, ")": -1}.get(value[end], 0)
            end += 1
        if depth:
            break  # unbalanced: leave it to the tokenizer's error
        body = value[start : end - 1].strip()
        if not _BAD_IN_BARE_URL.search(body):
            out.append(value[at:end])  # a well-formed bare URL: the tokenizer reads it
            at = end
            continue
        escaped = body.replace("\\", "\\\\").replace('"', '\\"')
        out.append(f'{value[at : match.start()]}url("{escaped}")')
        at = end
    out.append(value[at:])
    return "".join(out)


def split_commas(nodes: Sequence[Node]) -> list[list[Node]]:
    """Split at top-level commas; whitespace is dropped from each part."""
    parts: list[list[Node]] = [[]]
    for node in nodes:
        if isinstance(node, LiteralToken) and node.value == ",":
            parts.append([])
        elif node.type not in ("whitespace", "comment"):
            parts[-1].append(node)
    if any(not part for part in parts):
        raise ValueProblem("empty item in a comma-separated list")
    return parts


def function_args(node: FunctionBlock) -> list[Node]:
    return [t for t in node.arguments if t.type not in ("whitespace", "comment")]


def ident(node: Node) -> str | None:
    return node.lower_value if isinstance(node, IdentToken) else None


def is_literal(node: Node, char: str) -> bool:
    return isinstance(node, LiteralToken) and node.value == char


_MATH_FUNCTIONS = frozenset({"calc", "min", "max", "clamp"})


def _refuse_math(node: Node) -> None:
    if isinstance(node, FunctionBlock) and node.lower_name in _MATH_FUNCTIONS:
        raise ValueProblem(
            f"{node.lower_name}() is not supported (nor by Satori): compute the value in Python "
            "or use a percentage"
        )


def number(node: Node) -> float:
    if isinstance(node, NumberToken):
        return float(node.value)
    _refuse_math(node)
    raise ValueProblem(f"expected a number, got {tinycss2.serialize([node])!r}")


def length(node: Node, ctx: Context) -> float:
    """A length in px; a bare number counts as px (Satori reads style numbers as px)."""
    if isinstance(node, NumberToken):
        return float(node.value)
    if isinstance(node, DimensionToken):
        unit = node.lower_unit
        if unit in _ABSOLUTE_UNITS:
            return float(node.value) * _ABSOLUTE_UNITS[unit]
        if unit == "em":
            return float(node.value) * ctx.font_size
        if unit == "rem":
            return float(node.value) * ROOT_FONT_SIZE
        width, height = ctx.canvas
        per_cent = {"vw": width, "vh": height, "vmin": min(width, height)}
        per_cent["vmax"] = max(width, height)
        if unit in per_cent:
            return float(node.value) * per_cent[unit] / 100
        raise ValueProblem(f"unit {node.unit!r} is not supported")
    _refuse_math(node)
    raise ValueProblem(f"expected a length, got {tinycss2.serialize([node])!r}")


def length_pct(node: Node, ctx: Context) -> Length:
    if isinstance(node, PercentageToken):
        return Pct(float(node.value))
    return length(node, ctx)


def length_pct_auto(node: Node, ctx: Context) -> LengthOrAuto:
    if ident(node) == "auto":
        return AUTO
    return length_pct(node, ctx)


def angle(node: Node) -> float:
    """An angle in degrees; `0` may be unitless."""
    if isinstance(node, DimensionToken) and node.lower_unit in _ANGLE_UNITS:
        return float(node.value) * _ANGLE_UNITS[node.lower_unit]
    if isinstance(node, NumberToken) and node.value == 0:
        return 0.0
    _refuse_math(node)
    raise ValueProblem(f"expected an angle (deg, rad, grad, turn), got {serialize(node)!r}")


def color(node: Node, ctx: Context) -> RGBA:
    try:
        return parse_color(node, ctx.color)
    except ColorError as error:
        raise ValueProblem(f"{serialize(node)!r}: {error}") from None


def is_color(node: Node) -> bool:
    try:
        parse_color(node, (0, 0, 0, 0))
    except ColorError:
        return False
    return True


def serialize(node: Node) -> str:
    return str(tinycss2.serialize([node]))


def four_sides[T](values: Sequence[T]) -> tuple[T, T, T, T]:
    """CSS's 1-4 value box shorthand: top, right, bottom, left."""
    if len(values) == 1:
        return (values[0], values[0], values[0], values[0])
    if len(values) == 2:
        return (values[0], values[1], values[0], values[1])
    if len(values) == 3:
        return (values[0], values[1], values[2], values[1])
    if len(values) == 4:
        return (values[0], values[1], values[2], values[3])
    raise ValueProblem(f"expected 1 to 4 values, got {len(values)}")


# --- positions (background-position, object-position, transform-origin, `at ...`) ---

_X_KEYWORDS = {"left": Pct(0.0), "center": Pct(50.0), "right": Pct(100.0)}
_Y_KEYWORDS = {"top": Pct(0.0), "center": Pct(50.0), "bottom": Pct(100.0)}


def position(nodes: Sequence[Node], ctx: Context) -> tuple[Length, Length]:
    """One or two values: keywords, lengths or percentages (`right top`, `20px 50%`)."""
    if len(nodes) == 1:
        word = ident(nodes[0])
        if word in ("top", "bottom"):
            return (Pct(50.0), _Y_KEYWORDS[word])
        return (_axis(nodes[0], _X_KEYWORDS, ctx), Pct(50.0))
    if len(nodes) == 2:
        first, second = ident(nodes[0]), ident(nodes[1])
        if first in ("top", "bottom") or second in ("left", "right"):
            nodes = [nodes[1], nodes[0]]
        return (_axis(nodes[0], _X_KEYWORDS, ctx), _axis(nodes[1], _Y_KEYWORDS, ctx))
    raise ValueProblem("expected a position of one or two values")


def _axis(node: Node, keywords: dict[str, Pct], ctx: Context) -> Length:
    word = ident(node)
    if word is not None:
        if word not in keywords:
            raise ValueProblem(f"{word!r} is not a position on this axis")
        return keywords[word]
    return length_pct(node, ctx)


# --- gradients and background images ---

_SIDES = {"top": 0.0, "right": 90.0, "bottom": 180.0, "left": 270.0}


def background_image(node: Node, ctx: Context) -> BackgroundImage:
    if isinstance(node, URLToken):
        return UrlImage(node.value)
    if isinstance(node, FunctionBlock):
        name = node.lower_name
        if name == "url":
            args = function_args(node)
            if len(args) == 1 and args[0].type == "string":
                return UrlImage(str(args[0].value))
        if name in ("linear-gradient", "repeating-linear-gradient"):
            return linear_gradient(node, ctx, repeating=name.startswith("repeating"))
        if name in ("radial-gradient", "repeating-radial-gradient"):
            return radial_gradient(node, ctx, repeating=name.startswith("repeating"))
        raise ValueProblem(f"{node.name}() is not a supported image")
    raise ValueProblem(f"expected an image (gradient or url()), got {serialize(node)!r}")


def linear_gradient(node: FunctionBlock, ctx: Context, *, repeating: bool) -> LinearGradient:
    parts = split_commas(node.arguments)
    direction = parts[0]
    degrees, corner = 180.0, None
    if ident(direction[0]) == "to":
        words = [ident(n) for n in direction[1:]]
        if not 1 <= len(words) <= 2 or any(w not in _SIDES for w in words):
            raise ValueProblem(f"bad gradient direction {tinycss2.serialize(direction)!r}")
        sides = [w for w in words if w is not None]
        if len(sides) == 1:
            degrees = _SIDES[sides[0]]
        else:
            vertical = next((s for s in sides if s in ("top", "bottom")), None)
            horizontal = next((s for s in sides if s in ("left", "right")), None)
            if vertical is None or horizontal is None:
                raise ValueProblem(f"bad gradient corner {tinycss2.serialize(direction)!r}")
            corner = (vertical, horizontal)
            degrees = {"top": 0.0, "bottom": 180.0}[vertical]
            degrees += (45.0 if horizontal == "right" else -45.0) * (1 if vertical == "top" else -1)
            degrees %= 360.0
        parts = parts[1:]
    elif len(direction) == 1 and not is_color(direction[0]):
        degrees = angle(direction[0])
        parts = parts[1:]
    return LinearGradient(degrees, color_stops(parts, ctx), repeating, corner)


_RADIAL_SIZES = frozenset({"closest-side", "closest-corner", "farthest-side", "farthest-corner"})


def radial_gradient(node: FunctionBlock, ctx: Context, *, repeating: bool) -> RadialGradient:
    parts = split_commas(node.arguments)
    shape_name: str | None = None
    size: str | tuple[Length, Length] = "farthest-corner"
    center: tuple[Length, Length] = (Pct(50.0), Pct(50.0))
    head = parts[0]
    if not is_color(head[0]):
        parts = parts[1:]
        at = next((i for i, n in enumerate(head) if ident(n) == "at"), len(head))
        if at < len(head):
            center = position(head[at + 1 :], ctx)
        radii: list[Length] = []
        for item in head[:at]:
            word = ident(item)
            if word in ("circle", "ellipse"):
                shape_name = word
            elif word in _RADIAL_SIZES:
                size = word
            else:
                radii.append(length_pct(item, ctx))
        if radii:
            if len(radii) == 1 and not isinstance(radii[0], Pct) and shape_name != "ellipse":
                shape_name, size = "circle", (radii[0], radii[0])
            elif len(radii) == 2 and shape_name != "circle":
                size = (radii[0], radii[1])
            else:
                raise ValueProblem("a circle takes one length, an ellipse two lengths")
    shape = RadialShape.CIRCLE if shape_name == "circle" else RadialShape.ELLIPSE
    return RadialGradient(shape, size, center, color_stops(parts, ctx), repeating)


def color_stops(parts: Sequence[Sequence[Node]], ctx: Context) -> tuple[ColorStop, ...]:
    """`#fff 10%`, `red`, `blue 20px 40px` (two stops); a lone position (a hint) is refused."""
    stops: list[ColorStop] = []
    for part in parts:
        if not is_color(part[0]):
            raise ValueProblem(
                f"colour stop {tinycss2.serialize(part)!r}: expected a colour first "
                "(interpolation hints are not supported)"
            )
        rgba = color(part[0], ctx)
        if len(part) == 1:
            stops.append(ColorStop(rgba, None))
        elif len(part) <= 3:
            stops.extend(ColorStop(rgba, length_pct(n, ctx)) for n in part[1:])
        else:
            raise ValueProblem(f"colour stop {tinycss2.serialize(part)!r} has too many values")
    if len(stops) < 2:
        raise ValueProblem("a gradient needs at least two colour stops")
    return tuple(stops)


# --- shadows, transforms, filters ---


def shadows(nodes: Sequence[Node], ctx: Context, *, text: bool) -> tuple[Shadow, ...]:
    """box-shadow / text-shadow lists; the colour defaults to currentColor."""
    if len(nodes) == 1 and ident(nodes[0]) == "none":
        return ()
    result = []
    for part in split_commas(nodes):
        inset = False
        lengths: list[float] = []
        rgba = ctx.color
        for node in part:
            if ident(node) == "inset" and not text:
                inset = True
            elif isinstance(node, NumberToken | DimensionToken):
                lengths.append(length(node, ctx))
            else:
                rgba = color(node, ctx)
        most = 3 if text else 4
        if not 2 <= len(lengths) <= most:
            raise ValueProblem(f"a shadow takes 2 to {most} lengths, got {len(lengths)}")
        x, y, blur, spread = [*lengths, 0.0, 0.0][:4]
        if blur < 0:
            raise ValueProblem("a shadow's blur radius cannot be negative")
        result.append(Shadow(x, y, blur, spread, rgba, inset))
    return tuple(result)


def transforms(nodes: Sequence[Node], ctx: Context) -> tuple[Transform, ...]:
    if len(nodes) == 1 and ident(nodes[0]) == "none":
        return ()
    result: list[Transform] = []
    for node in nodes:
        if not isinstance(node, FunctionBlock):
            raise ValueProblem(f"expected a transform function, got {serialize(node)!r}")
        result.append(_transform(node, ctx))
    return tuple(result)


def _transform(node: FunctionBlock, ctx: Context) -> Transform:
    name = node.lower_name
    args = [a for a in function_args(node) if not is_literal(a, ",")]
    count = len(args)
    if name == "translate" and count in (1, 2):
        return Translate(length_pct(args[0], ctx), length_pct(args[1], ctx) if count == 2 else 0.0)
    if name == "translatex" and count == 1:
        return Translate(length_pct(args[0], ctx), 0.0)
    if name == "translatey" and count == 1:
        return Translate(0.0, length_pct(args[0], ctx))
    if name == "rotate" and count == 1:
        return Rotate(angle(args[0]))
    if name == "scale" and count in (1, 2):
        return Scale(_factor(args[0]), _factor(args[-1]))
    if name == "scalex" and count == 1:
        return Scale(_factor(args[0]), 1.0)
    if name == "scaley" and count == 1:
        return Scale(1.0, _factor(args[0]))
    if name == "skew" and count in (1, 2):
        return Skew(angle(args[0]), angle(args[1]) if count == 2 else 0.0)
    if name == "skewx" and count == 1:
        return Skew(angle(args[0]), 0.0)
    if name == "skewy" and count == 1:
        return Skew(0.0, angle(args[0]))
    raise ValueProblem(f"transform {serialize(node)!r} is not supported")


def _factor(node: Node) -> float:
    if isinstance(node, PercentageToken):
        return float(node.value) / 100
    return number(node)


def lengths_or_auto(nodes: Sequence[Node], ctx: Context) -> list[LengthOrAuto]:
    return [length_pct_auto(n, ctx) for n in nodes]


def not_auto(value: LengthOrAuto) -> Length:
    if isinstance(value, Auto):
        raise ValueProblem("auto is not allowed here")
    return value
