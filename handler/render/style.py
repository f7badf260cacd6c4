"""Element tree -> styled tree: each element's `ComputedStyle`, inheritance, images resolved.

Styles come from the `style` prop: a Mapping (`{"fontSize": 64}` or `{"font-size": "64px"}`;
numbers are px except for unitless properties) or a CSS declaration string. Before the
element's own style come Satori's tag presets (`h1` is 2em bold with 0.67em margins, `b` is
bold, `p` has 1em vertical margins...), minus their `display: block`: every element is a flex
box, row by default, as in Satori. An explicit `display: block` is laid out as a flex column.

Properties that cannot affect a still image (`cursor`, `transition`, ...) are ignored; any
other unknown property or unsupported value raises `UnsupportedStyle` naming the property as
written, the value and the element (`div > div[2] > span`). Parsing is memoised per
(property, value, context) and per (tag, declarations, parent style, canvas).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from tinycss2.ast import LiteralToken

from handler.exceptions import InvalidElement, UnsupportedStyle
from handler.render.computed import (
    AUTO,
    INHERITED_FIELDS,
    INITIAL,
    RGBA,
    BackgroundLayer,
    BackgroundRepeat,
    BorderStyle,
    ComputedStyle,
    FlexDirection,
    Pct,
)
from handler.render.css_values import Context, ValueProblem, ident, tokens
from handler.render.elements import BOX_TAGS, IMAGE_TAGS, SVG_TAGS, Element
from handler.render.html import SVG_CAMEL_ATTRIBUTES, parse_style_attribute
from handler.render.nodes import ImageSource, StyledElement, StyledNode, StyledText
from handler.render.properties import IGNORED, PARENT_RELATIVE, PROPERTIES, SIDES, Fields

LoadImage = Callable[[str | bytes], ImageSource]
Declarations = tuple[tuple[str, str], ...]

_MARGINS_0 = (("margin-left", "0"), ("margin-right", "0"))
TAG_PRESETS: dict[str, Declarations] = {
    "p": (("margin-top", "1em"), ("margin-bottom", "1em")),
    "blockquote": (("margin", "1em 40px"),),
    "figure": (("margin", "1em 40px"),),
    "center": (("text-align", "center"),),
    "h1": (("font-size", "2em"), ("margin-top", ".67em"), ("margin-bottom", ".67em")),
    "h2": (("font-size", "1.5em"), ("margin-top", ".83em"), ("margin-bottom", ".83em")),
    "h3": (("font-size", "1.17em"), ("margin-top", "1em"), ("margin-bottom", "1em")),
    "h4": (("margin-top", "1.33em"), ("margin-bottom", "1.33em")),
    "h5": (("font-size", ".83em"), ("margin-top", "1.67em"), ("margin-bottom", "1.67em")),
    "h6": (("font-size", ".67em"), ("margin-top", "2.33em"), ("margin-bottom", "2.33em")),
    "ul": (("margin-top", "1em"), ("margin-bottom", "1em"), ("padding-left", "40px")),
    "ol": (("margin-top", "1em"), ("margin-bottom", "1em"), ("padding-left", "40px")),
    "dl": (("margin-top", "1em"), ("margin-bottom", "1em")),
    "dd": (("margin-left", "40px"),),
    "u": (("text-decoration", "underline"),),
    "s": (("text-decoration", "line-through"),),
    "strong": (("font-weight", "bold"),),
    "b": (("font-weight", "bold"),),
    "i": (("font-style", "italic"),),
    "em": (("font-style", "italic"),),
    "code": (("font-family", "monospace"),),
    "kbd": (("font-family", "monospace"),),
    "pre": (
        ("font-family", "monospace"),
        ("white-space", "pre"),
        ("margin-top", "1em"),
        ("margin-bottom", "1em"),
    ),
    "mark": (("background-color", "yellow"), ("color", "black")),
    "big": (("font-size", "larger"),),
    "small": (("font-size", "smaller"),),
}
"""Satori's preset styles (picked from Chromium's), applied before the element's own."""
for _heading in ("h1", "h2", "h3", "h4", "h5", "h6"):
    TAG_PRESETS[_heading] += (*_MARGINS_0, ("font-weight", "bold"))


class _StyleProblem(Exception):
    def __init__(self, prop: str, value: object, reason: str) -> None:
        super().__init__(prop, value, reason)
        self.prop, self.value, self.reason = prop, value, reason


_CAMEL_HUMP = re.compile(r"[A-Z]")


def property_name(key: str) -> str:
    """`fontSize` -> `font-size`, `WebkitLineClamp` -> `-webkit-line-clamp`, `msX` -> `-ms-x`."""
    if "-" in key or key.islower():
        return key.lower()
    if key.startswith("ms") and key[2:3].isupper():
        key = "Ms" + key[2:]
    return _CAMEL_HUMP.sub(lambda m: "-" + m.group(0).lower(), key)


def _value_text(name: str, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _StyleProblem(name, value, "a style value is a string or a number")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def declarations(tag: str, props: Mapping[str, object]) -> Declarations:
    """The element's declarations in cascade order: tag preset, then its own style."""
    style = props.get("style")
    own: Declarations
    if style is None:
        own = ()
    elif isinstance(style, str):
        try:
            own = tuple(parse_style_attribute(style).items())
        except InvalidElement as error:
            raise _StyleProblem("style", style, str(error)) from None
    elif isinstance(style, Mapping):
        own = tuple(
            (str(k), _value_text(str(k), val)) for k, val in style.items() if val is not None
        )
    else:
        raise _StyleProblem("style", style, "expected a mapping or a CSS string")
    if tag in IMAGE_TAGS:
        own = _size_attributes(props, own)
    return TAG_PRESETS.get(tag, ()) + own


def _size_attributes(props: Mapping[str, object], own: Declarations) -> Declarations:
    """`<img width=... height=...>` (and `<svg>`) size the image when its style does not."""
    written = {property_name(name) for name, _ in own}
    extra = tuple(
        (axis, _value_text(axis, props[axis]))
        for axis in ("width", "height")
        if axis in props and axis not in written
    )
    return extra + own


@lru_cache(maxsize=8192)
def _resolve(prop: str, value: str, ctx: Context) -> Fields:
    nodes = tokens(value)
    if len(nodes) >= 2 and isinstance(nodes[-2], LiteralToken) and nodes[-2].value == "!":
        nodes = nodes[:-2] if ident(nodes[-1]) == "important" else nodes
    if not nodes:
        raise ValueProblem("empty value")
    parser = PARENT_RELATIVE.get(prop) or PROPERTIES[prop]
    return parser(nodes, ctx)


def _fields(name: str, prop: str, value: str, ctx: Context) -> Fields:
    try:
        return _resolve(prop, value, ctx)
    except ValueProblem as problem:
        raise _StyleProblem(name, value, str(problem)) from None


@lru_cache(maxsize=2048)
def computed_style(
    decls: Declarations, parent: ComputedStyle, canvas: tuple[int, int]
) -> ComputedStyle:
    """One element's style from its declarations (see `declarations`) and its parent's."""
    parent_ctx = Context(parent.font_size, canvas, parent.color, parent.font_weight)
    staged: list[tuple[int, Fields]] = []
    own: list[tuple[int, str, str, str]] = []
    for index, (name, value) in enumerate(decls):
        prop = property_name(name)
        if prop in PARENT_RELATIVE:
            staged.append((index, _fields(name, prop, value, parent_ctx)))
        elif prop in PROPERTIES:
            own.append((index, name, prop, value))
        elif prop not in IGNORED:
            raise _StyleProblem(name, value, "unknown or unsupported property")
    early = dict(field for _, fields in staged for field in fields)
    ctx = Context(
        float(early.get("font_size", parent.font_size)),  # type: ignore[arg-type]
        canvas,
        early.get("color", parent.color),  # type: ignore[arg-type]
        int(early.get("font_weight", parent.font_weight)),  # type: ignore[call-overload]
    )
    staged += [(index, _fields(name, prop, value, ctx)) for index, name, prop, value in own]
    staged.sort(key=lambda item: item[0])
    fields: dict[str, Any] = {name: getattr(parent, name) for name in INHERITED_FIELDS}
    for _, update in staged:
        fields.update(update)
    return ComputedStyle(**_finish(fields))


def _finish(fields: dict[str, Any]) -> dict[str, Any]:
    """Gather the `_` fields and apply CSS's computed-value rules."""
    images = fields.pop("_bg_images", ())
    sizes = fields.pop("_bg_sizes", None) or ((AUTO, AUTO),)
    positions = fields.pop("_bg_positions", None) or ((Pct(0.0), Pct(0.0)),)
    repeats = fields.pop("_bg_repeats", None) or (BackgroundRepeat.REPEAT,)
    fields["background_layers"] = tuple(
        BackgroundLayer(
            image, sizes[i % len(sizes)], positions[i % len(positions)], repeats[i % len(repeats)]
        )
        for i, image in enumerate(images)
    )
    if fields.pop("_block", False) and "flex_direction" not in fields:
        fields["flex_direction"] = FlexDirection.COLUMN
    if fields.pop("_static", False):
        fields.update(dict.fromkeys(SIDES, AUTO))
    for side in SIDES:
        fields.setdefault(f"border_{side}_color", fields["color"])  # initial: currentColor
        if fields.get(f"border_{side}_style", BorderStyle.NONE) is BorderStyle.NONE:
            fields[f"border_{side}_width"] = 0.0  # CSS: no style, no width
    return fields


# --- the tree walk ---


def compute_tree(root: Element, *, canvas: tuple[int, int], load_image: LoadImage) -> StyledElement:
    """Compute every element's style, inheriting from `INITIAL` at the root.

    Text children become `StyledText(text, parent_style)`; `<img src>` and inline `<svg>`
    (serialised back to markup) go through `load_image` into `StyledElement.source`.
    """
    return _styled(root, INITIAL, root.tag, canvas, load_image)


def _styled(
    element: Element,
    parent: ComputedStyle,
    where: str,
    canvas: tuple[int, int],
    load_image: LoadImage,
) -> StyledElement:
    if element.tag in SVG_TAGS:
        raise InvalidElement(f"<{where}>: <{element.tag}> is allowed only inside <svg>")
    if element.tag not in BOX_TAGS and element.tag not in IMAGE_TAGS:
        raise InvalidElement(f"<{where}>: unknown tag <{element.tag}>")
    try:
        style = computed_style(declarations(element.tag, element.props), parent, canvas)
    except _StyleProblem as problem:
        raise UnsupportedStyle(problem.prop, problem.value, where, problem.reason) from None
    if element.tag == "img":
        if element.children:
            raise InvalidElement(f"<{where}>: an img has no children")
        return StyledElement("img", style, (), where, load_image(_image_src(element, where)))
    if element.tag == "svg":
        markup = svg_markup(element, style, where)
        return StyledElement("svg", style, (), where, load_image(markup.encode()))
    kids = [c for c in element.children if isinstance(c, Element)]
    numbered = len(kids) > 1
    children: list[StyledNode] = []
    for child in element.children:
        if isinstance(child, str):
            children.append(StyledText(child, style))
            continue
        place = f"{where} > {child.tag}"
        if numbered:
            place += f"[{kids.index(child) + 1}]"
        children.append(_styled(child, style, place, canvas, load_image))
    return StyledElement(element.tag, style, tuple(children), where)


def _image_src(element: Element, where: str) -> str | bytes:
    src = element.props.get("src")
    if not isinstance(src, str | bytes) or not src:
        raise InvalidElement(f"<{where}>: img needs a src (a path, URL, data: URI or bytes)")
    return src


# --- inline SVG back to markup ---


def _rgba_text(color: RGBA) -> str:
    red, green, blue, alpha = color
    return f"rgba({red},{green},{blue},{alpha / 255:.4g})"


def _attribute_name(name: str) -> str:
    if name == "className":
        return "class"
    if name == "xlinkHref":
        return "href"
    if name in SVG_CAMEL_ATTRIBUTES or name.islower() or ":" in name:
        return name
    return property_name(name)


def _attributes(props: Mapping[str, object]) -> str:
    parts = []
    for name, value in props.items():
        if value is None or value is False or name in ("children", "key"):
            continue
        if name == "style" and isinstance(value, Mapping):
            value = ";".join(f"{property_name(str(k))}:{v}" for k, v in value.items())
        text = _attribute_name(name) if value is True else str(value)
        parts.append(f' {_attribute_name(name)}="{html.escape(text, quote=True)}"')
    return "".join(parts)


def _svg_node(node: Element | str) -> str:
    if isinstance(node, str):
        return html.escape(node, quote=False)
    inner = "".join(_svg_node(child) for child in node.children)
    return f"<{node.tag}{_attributes(node.props)}>{inner}</{node.tag}>"


def svg_markup(element: Element, style: ComputedStyle, where: str) -> str:
    """An inline `<svg>` as standalone markup: xmlns added, px size from the style when the
    attributes give none, and `color` set so `fill="currentColor"` paints the text colour."""
    props: dict[str, object] = {"xmlns": "http://www.w3.org/2000/svg"}
    props.update({k: v for k, v in element.props.items() if k != "style"})
    for axis, value in (("width", style.width), ("height", style.height)):
        if isinstance(value, float):
            props[axis] = f"{value:g}"  # CSS wins over the attribute, as in browsers
    props.setdefault("color", _rgba_text(style.color))
    for child in element.children:
        if isinstance(child, Element) and child.tag not in SVG_TAGS:
            raise InvalidElement(f"<{where}>: <{child.tag}> is not an SVG tag")
    inner = "".join(_svg_node(child) for child in element.children)
    return f"<svg{_attributes(props)}>{inner}</svg>"
