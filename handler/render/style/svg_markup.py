"""Inline `<svg>` elements back to standalone markup for the rasteriser.

React-style props become SVG attributes (`strokeWidth` -> `stroke-width`, `className` ->
`class`, the camelCase SVG attributes such as `viewBox` kept), and the computed style supplies
the size and the `color` that `fill="currentColor"` paints with.

An `<svg>` without a viewBox keeps px user units clipped at its size, as browsers and
@vercel/og 1.0.1 draw it. Satori's own snapshots of that case show a 100x100 user space
stretched over the box: Satori writes `width="Infinity" height="NaN"` on the inner image and
the resvg of its test run fell back to 100x100; resvg 2.4 (in @vercel/og) does not.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from handler.exceptions import InvalidElement
from handler.render.computed import RGBA, ComputedStyle
from handler.render.elements import SVG_TAGS, Element
from handler.render.html import SVG_CAMEL_ATTRIBUTES
from handler.render.style.props_base import property_name


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
