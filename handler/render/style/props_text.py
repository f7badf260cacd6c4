"""Text properties: fonts (size, weight, family, the `font` shorthand), spacing, decoration,
wrapping and clamping.

`font-size`, `font-weight`, `color` and `font` resolve against the parent (`em`/`%` sizes,
`bolder`, `currentColor`): they are in `PARENT_RELATIVE`, computed before the rest so that the
element's other `em` lengths use its own new font size.
"""

from __future__ import annotations

import tinycss2
from tinycss2.ast import DimensionToken, Node, NumberToken, PercentageToken

from handler.render.computed import (
    BorderStyle,
    FontStyle,
    Multiplier,
    TextAlign,
    TextDecorationLine,
    TextOverflow,
    TextTransform,
    TextWrapMode,
    TextWrapStyle,
    WhiteSpace,
    WordBreak,
)
from handler.render.style import css_values as v
from handler.render.style.css_values import Context, ValueProblem, ident
from handler.render.style.props_base import (
    Fields,
    Property,
    color_field,
    keyword,
    one,
    simple,
    word,
)

ELLIPSIS = "\u2026"

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
_WEIGHTS = {"normal": 400, "bold": 700}
_WEIGHT_HELP = "expected normal, bold, bolder, lighter or a number from 1 to 1000"


def font_size(nodes: list[Node], parent: Context) -> float:
    """px; em and % against the parent's size (`parent`), as CSS does for font-size."""
    node = one(nodes)
    found = ident(node)
    if found is not None:
        if found in _FONT_SIZES:
            return _FONT_SIZES[found]
        if found in ("larger", "smaller"):
            return parent.font_size * 1.2 if found == "larger" else parent.font_size / 1.2
        raise ValueProblem("expected a length or a size keyword (small, large, larger...)")
    if isinstance(node, PercentageToken):
        return parent.font_size * float(node.value) / 100
    size = v.length(node, parent)
    if size < 0:
        raise ValueProblem("a font size cannot be negative")
    return size


def font_weight(nodes: list[Node], parent: Context) -> int:
    """`bold` -> 700; `bolder`/`lighter` step from the parent's weight as CSS's table does."""
    node = one(nodes)
    found = ident(node)
    if found in _WEIGHTS:
        return _WEIGHTS[found]
    if found == "bolder":
        return 400 if parent.weight < 350 else 700 if parent.weight < 550 else 900
    if found == "lighter":
        return 100 if parent.weight < 550 else 400 if parent.weight < 750 else 700
    if not isinstance(node, NumberToken) or not 1 <= node.value <= 1000:
        raise ValueProblem(_WEIGHT_HELP)
    return round(float(node.value))


def line_height(nodes: list[Node], ctx: Context) -> float | Multiplier | None:
    node = one(nodes)
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


def _font(nodes: list[Node], parent: Context) -> Fields:
    """`[style] [weight] <size>[/<line-height>] <family>`: unset parts reset to initial."""
    style, weight = FontStyle.NORMAL, 400
    index = 0
    while index < len(nodes):
        node = nodes[index]
        found = ident(node)
        if isinstance(node, DimensionToken | PercentageToken) or found in _FONT_SIZES:
            break
        if found in ("larger", "smaller"):
            break
        if found in ("italic", "oblique"):
            style = FontStyle.ITALIC
        elif found != "normal":
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


def _text_indent(nodes: list[Node], ctx: Context) -> object:
    if len(nodes) != 1:
        raise ValueProblem(
            "expected one length or percentage (hanging and each-line are not supported)"
        )
    return v.length_pct(nodes[0], ctx)


def _tab_size(nodes: list[Node], ctx: Context) -> object:
    node = one(nodes)
    size: float | Multiplier = (
        Multiplier(float(node.value)) if isinstance(node, NumberToken) else v.length(node, ctx)
    )
    if (size.value if isinstance(size, Multiplier) else size) < 0:
        raise ValueProblem("a tab size cannot be negative")
    return size


def _font_features(nodes: list[Node], ctx: Context) -> object:
    """`"smcp", "liga" off, "salt" 2` -> `("smcp", "-liga", "salt=2")`; `normal` -> ()."""
    if len(nodes) == 1 and ident(nodes[0]) == "normal":
        return ()
    features = []
    for part in v.split_commas(nodes):
        tag = part[0] if part else None
        if tag is None or tag.type != "string" or len(tag.value) != 4 or not tag.value.isascii():
            raise ValueProblem("expected a four-letter tag in quotes, then 1, 0, on or off")
        value = 1
        if len(part) == 2 and ident(part[1]) in ("on", "off"):
            value = 1 if ident(part[1]) == "on" else 0
        elif len(part) == 2 and isinstance(part[1], NumberToken) and part[1].is_integer:
            value = max(0, int(part[1].value))
        elif len(part) != 1:
            raise ValueProblem(f"{tag.value!r}: expected 1, 0, on or off after the tag")
        name = str(tag.value)
        features.append(name if value == 1 else f"-{name}" if value == 0 else f"{name}={value}")
    return tuple(features)


def _letter_spacing(nodes: list[Node], ctx: Context) -> object:
    if ident(one(nodes)) == "normal":
        return 0.0
    return v.length(nodes[0], ctx)


_LINES = {d.value: d for d in TextDecorationLine}
_LINE_STYLES = ("solid", "double", "dashed", "dotted")


def _text_decoration(nodes: list[Node], ctx: Context) -> Fields:
    """`underline`, `underline dashed red`, `none`: line(s) || style || colour."""
    lines: set[TextDecorationLine] = set()
    style = BorderStyle.SOLID
    rgba = None
    for node in nodes:
        found = ident(node)
        if found in _LINES:
            lines.add(_LINES[found])
        elif found in _LINE_STYLES:
            style = BorderStyle(found)
        elif found != "none":
            rgba = v.color(node, ctx)
    return (
        ("text_decoration_line", frozenset(lines)),
        ("text_decoration_style", style),
        ("text_decoration_color", rgba),
    )


def _decoration_line(nodes: list[Node], ctx: Context) -> object:
    words = [ident(n) for n in nodes]
    if words == ["none"]:
        return frozenset()
    if any(w not in _LINES for w in words):
        raise ValueProblem("expected none, underline, overline or line-through")
    return frozenset(_LINES[str(w)] for w in words)


def _decoration_style(nodes: list[Node], ctx: Context) -> object:
    found = word(nodes)
    if found not in _LINE_STYLES:
        raise ValueProblem("expected solid, double, dashed or dotted")
    return BorderStyle(found)


def _line_clamp(nodes: list[Node], ctx: Context) -> Fields:
    """`2`, `none`, or Satori's `2 "… more"`: the lines kept and what ends the last one.

    It acts only on `display: block` (or `-webkit-box`) elements, as in Satori (style.py drops
    it elsewhere); an ellipsis wider than the text box falls back to `…` (text stage).
    """
    ellipsis = ELLIPSIS
    if len(nodes) == 2 and nodes[1].type == "string":
        ellipsis = str(nodes[1].value)
        nodes = nodes[:1]
    if ident(one(nodes)) == "none":
        return (("line_clamp", None), ("line_clamp_ellipsis", ELLIPSIS))
    count = v.number(nodes[0])
    if count < 1 or not count.is_integer():
        raise ValueProblem("expected a whole number of lines, at least 1 (then an ellipsis)")
    return (("line_clamp", int(count)), ("line_clamp_ellipsis", ellipsis))


def _overflow_wrap(nodes: list[Node], ctx: Context) -> Fields:
    found = word(nodes)
    if found in ("break-word", "anywhere"):
        return (("word_break", WordBreak.BREAK_WORD),)
    if found == "normal":
        return ()
    raise ValueProblem("expected normal, break-word or anywhere")


_WRAP_MODES = {m.value: m for m in TextWrapMode}
_WRAP_STYLES = {m.value: m for m in TextWrapStyle}


def _text_wrap(nodes: list[Node], ctx: Context) -> Fields:
    """`balance`, `nowrap`, `wrap pretty`: text-wrap-mode || text-wrap-style (unset: initial)."""
    modes = [_WRAP_MODES[w] for n in nodes if (w := ident(n)) in _WRAP_MODES]
    styles = [_WRAP_STYLES[w] for n in nodes if (w := ident(n)) in _WRAP_STYLES]
    if not nodes or len(modes) > 1 or len(styles) > 1 or len(modes) + len(styles) != len(nodes):
        raise ValueProblem("expected wrap or nowrap, and/or auto, balance, pretty or stable")
    return (
        ("text_wrap_mode", modes[0] if modes else TextWrapMode.WRAP),
        ("text_wrap_style", styles[0] if styles else TextWrapStyle.AUTO),
    )


def _skip_ink(nodes: list[Node], ctx: Context) -> bool:
    found = word(nodes)
    if found not in ("auto", "all", "none"):
        raise ValueProblem("expected auto, all or none")
    return found != "none"


_STROKE_WIDTHS = {"thin": 1.0, "medium": 3.0, "thick": 5.0}


def _stroke_width(nodes: list[Node], ctx: Context) -> float:
    node = one(nodes)
    found = ident(node)
    if found in _STROKE_WIDTHS:
        return _STROKE_WIDTHS[found]
    width = v.length(node, ctx)
    if width < 0:
        raise ValueProblem("a stroke width cannot be negative")
    return width


def _text_stroke(nodes: list[Node], ctx: Context) -> Fields:
    """`-webkit-text-stroke: 4px #000`: width || colour (unset: 0 and currentColor)."""
    width, rgba = 0.0, None
    for node in nodes:
        if isinstance(node, DimensionToken | NumberToken) or ident(node) in _STROKE_WIDTHS:
            width = _stroke_width([node], ctx)
        else:
            rgba = v.color(node, ctx)
    return (("text_stroke_width", width), ("text_stroke_color", rgba))


_CLAMP_FIELDS = ("line_clamp", "line_clamp_ellipsis")

PARENT_RELATIVE: dict[str, Property] = {
    "font-size": simple("font_size", font_size),
    "font-weight": simple("font_weight", font_weight),
    "color": color_field("color"),
    "font": Property(
        _font, ("font_style", "font_weight", "font_size", "line_height", "font_family")
    ),
}
"""Properties resolved against the parent's values (em sizes, bolder, currentColor)."""

TEXT: dict[str, Property] = {
    "font-family": Property(font_family, ("font_family",)),
    "font-style": keyword("font_style", FontStyle, oblique=FontStyle.ITALIC),
    "line-height": simple("line_height", line_height),
    "letter-spacing": simple("letter_spacing", _letter_spacing),
    "text-indent": simple("text_indent", _text_indent),
    "tab-size": simple("tab_size", _tab_size),
    "font-feature-settings": simple("font_feature_settings", _font_features),
    "-moz-tab-size": simple("tab_size", _tab_size),
    "text-align": keyword("text_align", TextAlign),
    "text-transform": keyword("text_transform", TextTransform),
    "text-shadow": simple("text_shadow", lambda n, c: v.shadows(n, c, text=True)),
    "white-space": keyword("white_space", WhiteSpace),
    "word-break": keyword("word_break", WordBreak),
    "overflow-wrap": Property(_overflow_wrap, ("word_break",)),
    "word-wrap": Property(_overflow_wrap, ("word_break",)),
    "text-overflow": keyword("text_overflow", TextOverflow),
    "-webkit-text-stroke": Property(_text_stroke, ("text_stroke_width", "text_stroke_color")),
    "-webkit-text-stroke-width": simple("text_stroke_width", _stroke_width),
    "-webkit-text-stroke-color": color_field("text_stroke_color"),
    "-webkit-text-fill-color": color_field("text_fill_color"),
    "text-wrap": Property(_text_wrap, ("text_wrap_mode", "text_wrap_style")),
    "text-wrap-mode": keyword("text_wrap_mode", TextWrapMode),
    "text-wrap-style": keyword("text_wrap_style", TextWrapStyle),
    "line-clamp": Property(_line_clamp, _CLAMP_FIELDS),
    "-webkit-line-clamp": Property(_line_clamp, _CLAMP_FIELDS),
    "text-decoration": Property(
        _text_decoration,
        ("text_decoration_line", "text_decoration_style", "text_decoration_color"),
    ),
    "text-decoration-line": simple("text_decoration_line", _decoration_line),
    "text-decoration-color": color_field("text_decoration_color"),
    "text-decoration-style": simple("text_decoration_style", _decoration_style),
    "text-decoration-skip-ink": simple("text_decoration_skip_ink", _skip_ink),
}
"""Text properties (other than PARENT_RELATIVE) by kebab-case name."""
