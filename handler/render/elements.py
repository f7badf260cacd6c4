"""The element tree a segment author builds: `h("div", {"style": {...}}, "Hi")` or HTML.

Tags are Satori's: every HTML tag is a flex box (`div`, `span`, `p`, `h1`-`h6`, the sectioning
and inline tags in `BOX_TAGS`), `img` and `svg` are images, and the SVG tags in `SVG_TAGS` live
only inside an `svg`. Some tags carry Satori's preset styles (`h1` is 2em bold with margins,
`b` is bold, `p` has 1em vertical margins); see `handler.render.style.style.TAG_PRESETS`. Any other
tag raises `InvalidElement` naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from handler.exceptions import InvalidElement

BOX_TAGS: frozenset[str] = frozenset(
    {
        "div", "span", "p", "h1", "h2", "h3", "h4", "h5", "h6",
        "a", "abbr", "address", "article", "aside", "b", "big", "blockquote", "center", "cite",
        "code", "dd", "del", "details", "dfn", "dl", "dt", "em", "figcaption", "figure",
        "footer", "header", "hgroup", "i", "ins", "kbd", "label", "li", "main", "mark", "nav",
        "ol", "pre", "q", "s", "samp", "section", "small", "strong", "sub", "summary", "sup",
        "time", "u", "ul", "var",
    }
)  # fmt: skip
"""Tags laid out as plain flex boxes (Satori gives none of them special layout)."""

IMAGE_TAGS: frozenset[str] = frozenset({"img", "svg"})

SVG_TAGS: frozenset[str] = frozenset(
    {
        "animate", "circle", "clipPath", "defs", "desc", "ellipse", "feBlend", "feColorMatrix",
        "feComposite", "feFlood", "feGaussianBlur", "feMerge", "feMergeNode", "feOffset",
        "filter", "g", "image", "line", "linearGradient", "marker", "mask", "metadata", "path",
        "pattern", "polygon", "polyline", "radialGradient", "rect", "stop", "style", "symbol",
        "text", "textPath", "title", "tspan", "use",
    }
)  # fmt: skip
"""Tags allowed only inside an `<svg>`; the subtree goes to the SVG rasteriser as markup."""

KNOWN_TAGS: frozenset[str] = BOX_TAGS | IMAGE_TAGS | SVG_TAGS


@dataclass(frozen=True, slots=True)
class Element:
    """One element: `Element("div", {"style": {"color": "red"}}, ("Hi",))`."""

    tag: str
    props: Mapping[str, object] = field(default_factory=dict)
    children: tuple[Node, ...] = ()


Node = Element | str

Child = Element | str | int | float | bool | None | Iterable["Child"]
"""What `h` accepts as a child: nested iterables are flattened, None/True/False skipped."""


def _flatten(children: Iterable[object]) -> Iterator[Element | str]:
    for child in children:
        if child is None or isinstance(child, bool):
            continue
        if isinstance(child, Element | str):
            yield child
        elif isinstance(child, int | float):
            yield _number_text(child)
        elif isinstance(child, Iterable) and not isinstance(child, bytes | Mapping):
            yield from _flatten(child)
        else:
            raise InvalidElement(
                f"child {child!r} of type {type(child).__name__} is not an element, text, "
                "number, None or a list of them"
            )


def _number_text(value: int | float) -> str:
    """Numbers as JavaScript prints them in JSX: `3.0` -> "3", `0.5` -> "0.5"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _merge_text(nodes: Iterable[Element | str]) -> tuple[Node, ...]:
    merged: list[Node] = []
    for node in nodes:
        if isinstance(node, str):
            if not node:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] = merged[-1] + node
                continue
        merged.append(node)
    return tuple(merged)


def h(tag: str, props: Mapping[str, object] | None = None, *children: Child) -> Element:
    """Build an element as JSX does.

    `h("div", {"style": {"fontSize": 32}}, "Icon ", 3)` is a div with one text node "Icon 3":
    numbers become text, adjacent text merges, None/True/False are skipped and lists (or any
    iterable) are flattened. A `children` prop is used when no positional children are given.
    """
    if tag not in KNOWN_TAGS:
        raise InvalidElement(f"unknown tag <{tag}>: supported are {', '.join(sorted(KNOWN_TAGS))}")
    attrs = dict(props or {})
    prop_children = attrs.pop("children", None)
    kids: Iterable[object] = children if children else (prop_children,)
    return Element(tag, attrs, _merge_text(_flatten(kids)))


class _Builder(Protocol):
    """The type of the tag shortcuts below."""

    def __call__(self, *children: Child, style: object = None, **props: object) -> Element: ...


def _builder(tag: str) -> _Builder:
    def build(*children: Child, style: object = None, **props: object) -> Element:
        if style is not None:
            props["style"] = style
        return h(tag, props, *children)

    build.__name__ = tag
    build.__qualname__ = tag
    build.__doc__ = f'`{tag}("text", style={{...}}, **props)`: `h("{tag}", props, *children)`.'
    return build


div = _builder("div")
span = _builder("span")
p = _builder("p")
h1 = _builder("h1")
h2 = _builder("h2")
h3 = _builder("h3")
h4 = _builder("h4")
h5 = _builder("h5")
h6 = _builder("h6")
img = _builder("img")
svg = _builder("svg")
