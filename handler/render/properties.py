"""The CSS property table: one parser per property (shorthands expand to longhands).

Each parser takes the value's tokens and a `Context` and returns the `ComputedStyle` fields
it sets. Fields starting with `_` are gathered by style.py before the style is built
(background layers come from four comma lists; `display: block` picks a column direction).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum

import tinycss2
from tinycss2.ast import DimensionToken, FunctionBlock, Node, NumberToken, PercentageToken, URLToken

from handler.render import css_values as v
from handler.render.computed import (
    AUTO,
    Align,
    BackgroundRepeat,
    Blur,
    BorderStyle,
    BoxSizing,
    Display,
    FlexDirection,
    FlexWrap,
    FontStyle,
    Justify,
    Length,
    LengthOrAuto,
    Multiplier,
    ObjectFit,
    Overflow,
    Pct,
    Position,
    Radius,
    TextAlign,
    TextDecorationLine,
    TextOverflow,
    TextTransform,
    WhiteSpace,
    WordBreak,
)
from handler.render.css_values import Context, ValueProblem, ident

Fields = tuple[tuple[str, object], ...]
Parser = Callable[[list[Node], Context], Fields]

IGNORED: frozenset[str] = frozenset(
    {
        "cursor", "pointer-events", "user-select", "-webkit-user-select", "-moz-user-select",
        "-ms-user-select", "will-change", "-webkit-font-smoothing", "-moz-osx-font-smoothing",
        "text-rendering", "-webkit-box-orient", "-webkit-tap-highlight-color", "touch-action",
        "scroll-behavior", "resize", "caret-color", "transition", "transition-property",
        "transition-duration", "transition-timing-function", "transition-delay",
        "transition-behavior", "animation", "animation-name", "animation-duration",
        "animation-timing-function", "animation-delay", "animation-iteration-count",
        "animation-direction", "animation-fill-mode", "animation-play-state",
    }
)  # fmt: skip
"""Properties that cannot change a still image: accepted and ignored."""

SIDES = ("top", "right", "bottom", "left")
CORNERS = ("top_left", "top_right", "bottom_right", "bottom_left")


def _one(nodes: Sequence[Node]) -> Node:
    if len(nodes) != 1:
        raise ValueProblem(f"expected one value, got {len(nodes)}")
    return nodes[0]


def _word(nodes: Sequence[Node]) -> str:
    word = ident(_one(nodes))
    if word is None:
        raise ValueProblem("expected a keyword")
    return word


def keyword[E: Enum](field: str, enum: type[E], **aliases: E) -> Parser:
    """A keyword property: `keyword("overflow", Overflow, clip=Overflow.HIDDEN)`."""
    table: dict[str, E] = {str(member.value): member for member in enum}
    table.update({name.replace("_", "-"): member for name, member in aliases.items()})

    def parse(nodes: list[Node], ctx: Context) -> Fields:
        word = _word(nodes)
        if word not in table:
            raise ValueProblem(f"expected one of {', '.join(sorted(table))}")
        return ((field, table[word]),)

    return parse


def _length_field(field: str, *, auto: bool = True) -> Parser:
    def parse(nodes: list[Node], ctx: Context) -> Fields:
        value = v.length_pct_auto(_one(nodes), ctx)
        return ((field, value if auto else v.not_auto(value)),)

    return parse


def _max_length(field: str) -> Parser:
    def parse(nodes: list[Node], ctx: Context) -> Fields:
        if ident(_one(nodes)) == "none":
            return ((field, None),)
        return ((field, v.length_pct(nodes[0], ctx)),)

    return parse


def _number_field(field: str, *, minimum: float = float("-inf")) -> Parser:
    def parse(nodes: list[Node], ctx: Context) -> Fields:
        value = v.number(_one(nodes))
        if value < minimum:
            raise ValueProblem(f"must be at least {minimum:g}")
        return ((field, value),)

    return parse


def _box(prefix: str, *, auto: bool) -> Parser:
    def parse(nodes: list[Node], ctx: Context) -> Fields:
        values = v.four_sides(v.lengths_or_auto(nodes, ctx))
        if not auto:
            values = tuple(v.not_auto(x) for x in values)  # type: ignore[assignment]
        return tuple((f"{prefix}{side}", value) for side, value in zip(SIDES, values, strict=True))

    return parse


# --- layout ---


def _display(nodes: list[Node], ctx: Context) -> Fields:
    word = _word(nodes)
    if word in ("flex", "inline-flex", "inline", "inline-block", "list-item", "-webkit-box"):
        return (("display", Display.FLEX),)
    if word == "block":
        return (("display", Display.FLEX), ("_block", True))
    if word in ("none", "contents"):
        return (("display", Display(word)),)
    raise ValueProblem("expected flex, block, none or contents")


def _position(nodes: list[Node], ctx: Context) -> Fields:
    word = _word(nodes)
    if word == "static":
        return (("position", Position.RELATIVE), ("_static", True))
    if word in ("relative", "absolute"):
        return (("position", Position(word)),)
    raise ValueProblem("expected relative, absolute or static")


def _aspect_ratio(nodes: list[Node], ctx: Context) -> Fields:
    if len(nodes) == 1 and ident(nodes[0]) == "auto":
        return (("aspect_ratio", None),)
    if len(nodes) == 3 and v.is_literal(nodes[1], "/"):
        width, height = v.number(nodes[0]), v.number(nodes[2])
    else:
        width, height = v.number(_one(nodes)), 1.0
    if width <= 0 or height <= 0:
        raise ValueProblem("the ratio must be positive")
    return (("aspect_ratio", width / height),)


def _flex(nodes: list[Node], ctx: Context) -> Fields:
    """`none` = 0 0 auto, `auto` = 1 1 auto, `1` = 1 1 0, `2 200px`, `1 1 0%`, ..."""
    word = ident(nodes[0]) if len(nodes) == 1 else None
    if word in ("none", "auto", "initial"):
        grow, shrink = {"none": (0.0, 0.0), "auto": (1.0, 1.0), "initial": (0.0, 1.0)}[word]
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


def _flex_flow(nodes: list[Node], ctx: Context) -> Fields:
    fields: list[tuple[str, object]] = []
    for node in nodes:
        word = ident(node) or ""
        if word in {d.value for d in FlexDirection}:
            fields.append(("flex_direction", FlexDirection(word)))
        elif word in {w.value for w in FlexWrap}:
            fields.append(("flex_wrap", FlexWrap(word)))
        else:
            raise ValueProblem(f"{v.serialize(node)!r} is not a direction or wrap")
    return tuple(fields)


def _gap(nodes: list[Node], ctx: Context) -> Fields:
    if len(nodes) not in (1, 2):
        raise ValueProblem("expected <row-gap> <column-gap>?")
    row = v.length_pct(nodes[0], ctx)
    return (("row_gap", row), ("column_gap", v.length_pct(nodes[-1], ctx)))


def _overflow(nodes: list[Node], ctx: Context) -> Fields:
    words = {ident(n) for n in nodes}
    hidden = {"hidden", "clip", "scroll", "auto"}
    if len(nodes) in (1, 2) and words <= hidden:
        return (("overflow", Overflow.HIDDEN),)
    if len(nodes) in (1, 2) and words == {"visible"}:
        return (("overflow", Overflow.VISIBLE),)
    raise ValueProblem("expected visible or hidden (the same on both axes)")


# --- borders ---

_BORDER_WIDTHS = {"thin": 1.0, "medium": 3.0, "thick": 5.0}
_BORDER_STYLES = {s.value: s for s in BorderStyle} | {"hidden": BorderStyle.NONE}


def _border_width(node: Node, ctx: Context) -> float:
    word = ident(node)
    if word is not None and word in _BORDER_WIDTHS:
        return _BORDER_WIDTHS[word]
    width = v.length(node, ctx)
    if width < 0:
        raise ValueProblem("a border width cannot be negative")
    return width


def _border_style(node: Node) -> BorderStyle:
    word = ident(node)
    if word is None or word not in _BORDER_STYLES:
        raise ValueProblem(f"border style {v.serialize(node)!r}: expected solid, dashed or dotted")
    return _BORDER_STYLES[word]


def _border_sides(sides: Sequence[str]) -> Parser:
    """`border` / `border-top`: width || style || colour (unset parts take initial values)."""

    def parse(nodes: list[Node], ctx: Context) -> Fields:
        width, style, rgba = 3.0, BorderStyle.NONE, ctx.color
        for node in nodes:
            word = ident(node)
            if isinstance(node, NumberToken | DimensionToken) or word in _BORDER_WIDTHS:
                width = _border_width(node, ctx)
            elif word in _BORDER_STYLES:
                style = _border_style(node)
            else:
                rgba = v.color(node, ctx)
        fields: list[tuple[str, object]] = []
        for side in sides:
            fields += [(f"border_{side}_width", width), (f"border_{side}_style", style)]
            fields.append((f"border_{side}_color", rgba))
        return tuple(fields)

    return parse


def _border_part(part: str, sides: Sequence[str]) -> Parser:
    """border-width / -style / -color (1-4 values) and border-top-width and friends."""

    def parse(nodes: list[Node], ctx: Context) -> Fields:
        if part == "width":
            values: Sequence[object] = [_border_width(n, ctx) for n in nodes]
        elif part == "style":
            values = [_border_style(n) for n in nodes]
        else:
            values = [v.color(n, ctx) for n in nodes]
        if len(sides) == 1:
            return ((f"border_{sides[0]}_{part}", _one(values)),)
        spread = v.four_sides(values)
        return tuple((f"border_{s}_{part}", x) for s, x in zip(sides, spread, strict=True))

    return parse


def _radius_values(nodes: Sequence[Node], ctx: Context) -> list[Length]:
    values = [v.length_pct(n, ctx) for n in nodes]
    if any(not isinstance(x, Pct) and x < 0 for x in values):
        raise ValueProblem("a radius cannot be negative")
    return values


def _border_radius(nodes: list[Node], ctx: Context) -> Fields:
    """1-4 radii, optionally `/` and 1-4 vertical radii (`10px 20px / 5px`)."""
    slash = next((i for i, n in enumerate(nodes) if v.is_literal(n, "/")), None)
    horizontal = v.four_sides(_radius_values(nodes[:slash], ctx))
    vertical = horizontal
    if slash is not None:
        vertical = v.four_sides(_radius_values(nodes[slash + 1 :], ctx))
    return tuple(
        (f"border_{corner}_radius", Radius(x, y))
        for corner, x, y in zip(CORNERS, horizontal, vertical, strict=True)
    )


def _corner_radius(corner: str) -> Parser:
    def parse(nodes: list[Node], ctx: Context) -> Fields:
        values = _radius_values(nodes, ctx)
        if len(values) not in (1, 2):
            raise ValueProblem("expected one or two radii")
        return ((f"border_{corner}_radius", Radius(values[0], values[-1])),)

    return parse


# --- backgrounds ---

_REPEATS = {r.value: r for r in BackgroundRepeat}
_POSITION_WORDS = frozenset({"left", "right", "top", "bottom", "center"})


def _is_image(node: Node) -> bool:
    return isinstance(node, URLToken) or (
        isinstance(node, FunctionBlock) and node.lower_name.endswith(("gradient", "url"))
    )


def _bg_size(nodes: Sequence[Node], ctx: Context) -> str | tuple[LengthOrAuto, LengthOrAuto]:
    if len(nodes) == 1 and ident(nodes[0]) in ("cover", "contain"):
        return str(ident(nodes[0]))
    if len(nodes) in (1, 2):
        values = v.lengths_or_auto(nodes, ctx)
        return (values[0], values[1] if len(values) == 2 else AUTO)
    raise ValueProblem("background-size: expected cover, contain or one or two lengths")


def _bg_repeat(nodes: Sequence[Node]) -> BackgroundRepeat:
    words = [ident(n) or "" for n in nodes]
    if len(words) == 1 and words[0] in _REPEATS:
        return _REPEATS[words[0]]
    if len(words) == 2 and set(words) <= {"repeat", "no-repeat"}:
        pairs = {("repeat", "no-repeat"): "repeat-x", ("no-repeat", "repeat"): "repeat-y"}
        return _REPEATS[pairs.get((words[0], words[1]), words[0])]
    raise ValueProblem("background-repeat: expected repeat, no-repeat, repeat-x or repeat-y")


def _background(nodes: list[Node], ctx: Context) -> Fields:
    """Layers `image || position [/ size] || repeat`, the last may carry a colour."""
    images, sizes, positions, repeats = [], [], [], []
    rgba = (0, 0, 0, 0)
    layers = v.split_commas(nodes)
    for index, layer in enumerate(layers):
        image = None
        place: list[Node] = []
        size: list[Node] = []
        repeat: list[Node] = []
        at = 0
        while at < len(layer):
            node = layer[at]
            word = ident(node)
            at += 1
            if _is_image(node):
                image = v.background_image(node, ctx)
            elif v.is_literal(node, "/"):
                while at < len(layer) and len(size) < 2 and _is_size(layer[at]):
                    size.append(layer[at])
                    at += 1
            elif word in _REPEATS:
                repeat.append(node)
            elif _is_position(node):
                place.append(node)
            elif word == "none":
                continue
            elif index == len(layers) - 1:
                rgba = v.color(node, ctx)
            else:
                raise ValueProblem(f"{v.serialize(node)!r} in a background layer")
        if image is None:
            if index != len(layers) - 1 or size or place or repeat:
                raise ValueProblem("a background layer without an image")
            continue
        images.append(image)
        sizes.append(_bg_size(size, ctx) if size else (AUTO, AUTO))
        positions.append(v.position(place, ctx) if place else (Pct(0.0), Pct(0.0)))
        repeats.append(_bg_repeat(repeat) if repeat else BackgroundRepeat.REPEAT)
    return (
        ("background_color", rgba),
        ("_bg_images", tuple(images)),
        ("_bg_sizes", tuple(sizes)),
        ("_bg_positions", tuple(positions)),
        ("_bg_repeats", tuple(repeats)),
    )


def _is_size(node: Node) -> bool:
    return ident(node) in ("auto", "cover", "contain") or _is_position(node)


def _is_position(node: Node) -> bool:
    if isinstance(node, NumberToken):
        return bool(node.value == 0)
    return ident(node) in _POSITION_WORDS or isinstance(node, PercentageToken | DimensionToken)


def _bg_list(field: str, item: Callable[[list[Node], Context], object]) -> Parser:
    def parse(nodes: list[Node], ctx: Context) -> Fields:
        if field == "_bg_images" and len(nodes) == 1 and ident(nodes[0]) == "none":
            return ((field, ()),)
        return ((field, tuple(item(part, ctx) for part in v.split_commas(nodes))),)

    return parse


# --- text ---

_FONT_SIZES = {
    "xx-small": 9.0,
    "x-small": 10.0,
    "small": 13.0,
    "medium": 16.0,
    "large": 18.0,
    "x-large": 24.0,
    "xx-large": 32.0,
    "xxx-large": 48.0,
}


def font_size(nodes: list[Node], parent: Context) -> float:
    """px; em and % against the parent's size (`parent`), as CSS does for font-size."""
    node = _one(nodes)
    word = ident(node)
    if word is not None:
        if word in _FONT_SIZES:
            return _FONT_SIZES[word]
        if word in ("larger", "smaller"):
            return parent.font_size * 1.2 if word == "larger" else parent.font_size / 1.2
        raise ValueProblem("unknown font-size keyword")
    if isinstance(node, PercentageToken):
        return parent.font_size * float(node.value) / 100
    size = v.length(node, parent)
    if size < 0:
        raise ValueProblem("a font size cannot be negative")
    return size


def font_weight(nodes: list[Node], parent: Context) -> int:
    node = _one(nodes)
    word = ident(node)
    named = {"normal": 400, "bold": 700}
    if word in named:
        return named[word]
    if word == "bolder":
        return 400 if parent.weight < 350 else 700 if parent.weight < 550 else 900
    if word == "lighter":
        return 100 if parent.weight < 550 else 400 if parent.weight < 750 else 700
    weight = v.number(node)
    if not 1 <= weight <= 1000:
        raise ValueProblem("a font weight is a number from 1 to 1000")
    return round(weight)


def line_height(nodes: list[Node], ctx: Context) -> float | Multiplier | None:
    node = _one(nodes)
    if ident(node) == "normal":
        return None
    if isinstance(node, NumberToken):
        return Multiplier(float(node.value))
    if isinstance(node, PercentageToken):
        return ctx.font_size * float(node.value) / 100
    return v.length(node, ctx)


def font_family(nodes: list[Node], ctx: Context) -> Fields:
    names = []
    for part in v.split_commas(nodes):
        if len(part) == 1 and part[0].type == "string":
            names.append(str(part[0].value))
        elif all(ident(n) is not None for n in part):
            names.append(" ".join(str(n.value) for n in part))
        else:
            raise ValueProblem(f"bad font family {tinycss2.serialize(part)!r}")
    return (("font_family", tuple(names)),)


def _letter_spacing(nodes: list[Node], ctx: Context) -> Fields:
    if ident(_one(nodes)) == "normal":
        return (("letter_spacing", 0.0),)
    return (("letter_spacing", v.length(nodes[0], ctx)),)


_DECORATION_LINES = {d.value: d for d in TextDecorationLine}


def _text_decoration(nodes: list[Node], ctx: Context) -> Fields:
    """`underline`, `underline dashed red`, `none`: line(s) || style || colour."""
    lines: set[TextDecorationLine] = set()
    style = BorderStyle.SOLID
    rgba = None
    for node in nodes:
        word = ident(node)
        if word in _DECORATION_LINES:
            lines.add(_DECORATION_LINES[word])
        elif word in ("solid", "dashed", "dotted"):
            style = BorderStyle(word)
        elif word != "none":
            rgba = v.color(node, ctx)
    return (
        ("text_decoration_line", frozenset(lines)),
        ("text_decoration_style", style),
        ("text_decoration_color", rgba),
    )


def _decoration_line(nodes: list[Node], ctx: Context) -> Fields:
    words = [ident(n) for n in nodes]
    if words == ["none"]:
        return (("text_decoration_line", frozenset()),)
    if any(w not in _DECORATION_LINES for w in words):
        raise ValueProblem("expected none, underline, overline or line-through")
    return (("text_decoration_line", frozenset(_DECORATION_LINES[str(w)] for w in words)),)


def _line_clamp(nodes: list[Node], ctx: Context) -> Fields:
    if ident(_one(nodes)) == "none":
        return (("line_clamp", None),)
    count = v.number(nodes[0])
    if count < 1 or not count.is_integer():
        raise ValueProblem("expected a whole number of lines, at least 1")
    return (("line_clamp", int(count)),)


def _overflow_wrap(nodes: list[Node], ctx: Context) -> Fields:
    word = _word(nodes)
    if word in ("break-word", "anywhere"):
        return (("word_break", WordBreak.BREAK_WORD),)
    if word == "normal":
        return ()
    raise ValueProblem("expected normal, break-word or anywhere")


# --- paint ---


def _opacity(nodes: list[Node], ctx: Context) -> Fields:
    node = _one(nodes)
    value = float(node.value) / 100 if isinstance(node, PercentageToken) else v.number(node)
    return (("opacity", min(max(value, 0.0), 1.0)),)


def _filter(nodes: list[Node], ctx: Context) -> Fields:
    if len(nodes) == 1 and ident(nodes[0]) == "none":
        return (("filter", ()),)
    filters = []
    for node in nodes:
        args = v.function_args(node) if isinstance(node, FunctionBlock) else []
        if not isinstance(node, FunctionBlock) or node.lower_name != "blur" or len(args) > 1:
            raise ValueProblem(f"filter {v.serialize(node)!r}: only blur(<length>) is supported")
        filters.append(Blur(v.length(args[0], ctx) if args else 0.0))
    return (("filter", tuple(filters)),)


def _origin(field: str) -> Parser:
    def parse(nodes: list[Node], ctx: Context) -> Fields:
        return ((field, v.position(nodes, ctx)),)

    return parse


def _simple(field: str, read: Callable[[list[Node], Context], object]) -> Parser:
    def parse(nodes: list[Node], ctx: Context) -> Fields:
        return ((field, read(nodes, ctx)),)

    return parse


def _font(nodes: list[Node], parent: Context) -> Fields:
    """`[style] [weight] <size>[/<line-height>] <family>`: unset parts reset to initial."""
    style, weight = FontStyle.NORMAL, 400
    index = 0
    while index < len(nodes):
        node = nodes[index]
        word = ident(node)
        if isinstance(node, DimensionToken | PercentageToken) or word in _FONT_SIZES:
            break
        if word in ("larger", "smaller"):
            break
        if word in ("italic", "oblique"):
            style = FontStyle.ITALIC
        elif word != "normal":
            weight = font_weight([node], parent)
        index += 1
    if index >= len(nodes):
        raise ValueProblem("font needs a size and a family")
    size = font_size([nodes[index]], parent)
    own = Context(size, parent.canvas, parent.color, weight)
    height: float | Multiplier | None = None
    index += 1
    if index < len(nodes) and v.is_literal(nodes[index], "/"):
        height = line_height(nodes[index + 1 : index + 2], own)
        index += 2
    return (
        ("font_style", style),
        ("font_weight", weight),
        ("font_size", size),
        ("line_height", height),
        *font_family(nodes[index:], own),
    )


PARENT_RELATIVE: dict[str, Parser] = {
    "font-size": _simple("font_size", font_size),
    "font-weight": _simple("font_weight", font_weight),
    "color": _simple("color", lambda nodes, ctx: v.color(_one(nodes), ctx)),
    "font": _font,
}
"""Properties resolved against the parent's values (em sizes, bolder, currentColor)."""


def _build_table() -> dict[str, Parser]:
    table: dict[str, Parser] = {
        "display": _display,
        "position": _position,
        "box-sizing": keyword("box_sizing", BoxSizing),
        "overflow": _overflow,
        "aspect-ratio": _aspect_ratio,
        "flex-direction": keyword("flex_direction", FlexDirection),
        "flex-wrap": keyword("flex_wrap", FlexWrap),
        "flex-flow": _flex_flow,
        "flex-grow": _number_field("flex_grow", minimum=0),
        "flex-shrink": _number_field("flex_shrink", minimum=0),
        "flex-basis": _length_field("flex_basis"),
        "flex": _flex,
        "align-items": keyword("align_items", Align, start=Align.FLEX_START, end=Align.FLEX_END),
        "align-self": keyword("align_self", Align, start=Align.FLEX_START, end=Align.FLEX_END),
        "align-content": keyword(
            "align_content", Align, start=Align.FLEX_START, end=Align.FLEX_END
        ),
        "justify-content": keyword(
            "justify_content", Justify, start=Justify.FLEX_START, end=Justify.FLEX_END
        ),
        "gap": _gap,
        "row-gap": _length_field("row_gap", auto=False),
        "column-gap": _length_field("column_gap", auto=False),
        "inset": _box("", auto=True),
        "margin": _box("margin_", auto=True),
        "padding": _box("padding_", auto=False),
        "border": _border_sides(SIDES),
        "border-width": _border_part("width", SIDES),
        "border-style": _border_part("style", SIDES),
        "border-color": _border_part("color", SIDES),
        "border-radius": _border_radius,
        "background": _background,
        "background-color": _simple("background_color", lambda n, c: v.color(_one(n), c)),
        "background-image": _bg_list("_bg_images", lambda n, c: v.background_image(_one(n), c)),
        "background-size": _bg_list("_bg_sizes", _bg_size),
        "background-position": _bg_list("_bg_positions", v.position),
        "background-repeat": _bg_list("_bg_repeats", lambda n, c: _bg_repeat(n)),
        "box-shadow": _simple("box_shadow", lambda n, c: v.shadows(n, c, text=False)),
        "text-shadow": _simple("text_shadow", lambda n, c: v.shadows(n, c, text=True)),
        "opacity": _opacity,
        "transform": _simple("transform", v.transforms),
        "transform-origin": _origin("transform_origin"),
        "object-fit": keyword("object_fit", ObjectFit),
        "object-position": _origin("object_position"),
        "filter": _filter,
        "text-decoration": _text_decoration,
        "text-decoration-line": _decoration_line,
        "text-decoration-color": _simple("text_decoration_color", lambda n, c: v.color(_one(n), c)),
        "text-decoration-style": _simple(
            "text_decoration_style", lambda n, c: _text_decoration_style(n)
        ),
        "text-overflow": keyword("text_overflow", TextOverflow),
        "line-clamp": _line_clamp,
        "-webkit-line-clamp": _line_clamp,
        "font-family": font_family,
        "font-style": keyword("font_style", FontStyle, oblique=FontStyle.ITALIC),
        "line-height": _simple("line_height", line_height),
        "letter-spacing": _letter_spacing,
        "text-align": keyword("text_align", TextAlign),
        "text-transform": keyword("text_transform", TextTransform),
        "white-space": keyword("white_space", WhiteSpace),
        "word-break": keyword("word_break", WordBreak),
        "overflow-wrap": _overflow_wrap,
        "word-wrap": _overflow_wrap,
    }
    for side in SIDES:
        table[side] = _length_field(side)
        table[f"margin-{side}"] = _length_field(f"margin_{side}")
        table[f"padding-{side}"] = _length_field(f"padding_{side}", auto=False)
        table[f"border-{side}"] = _border_sides((side,))
        for part in ("width", "style", "color"):
            table[f"border-{side}-{part}"] = _border_part(part, (side,))
    for corner in CORNERS:
        table[f"border-{corner.replace('_', '-')}-radius"] = _corner_radius(corner)
    for axis in ("width", "height"):
        table[axis] = _length_field(axis)
        table[f"min-{axis}"] = _length_field(f"min_{axis}")
        table[f"max-{axis}"] = _max_length(f"max_{axis}")
    return table


def _text_decoration_style(nodes: list[Node]) -> BorderStyle:
    word = _word(nodes)
    if word not in ("solid", "dashed", "dotted"):
        raise ValueProblem("expected solid, dashed or dotted")
    return BorderStyle(word)


PROPERTIES: dict[str, Parser] = _build_table()
"""Every supported property (kebab-case) except the PARENT_RELATIVE ones."""
