"""HTML strings -> element trees, as satori-html turns a template into Satori's VNodes.

The standard library's `html.parser` tokenizes (entities decoded, comments and doctype
dropped); inline `style="..."` goes through tinycss2 into a dict of kebab-case properties.

Whitespace follows satori-html: each text node is trimmed, and text that is only whitespace
(the indentation between tags) is dropped; inside `<pre>` text is kept as written.
A full document (`<html><body>...`) renders its body's first element. A fragment with one
element renders that element; several top-level nodes are wrapped in a
`display:flex; flex-direction:column; width:100%; height:100%` div, as satori-html does.
`<head>`, `<title>`, `<meta>`, `<link>` and `<script>` are skipped, as is a `<style>` in the head.
`<br>` raises `InvalidElement`: Satori ignores it, so honouring it would differ from Satori and
dropping it would be a silent wrong picture (use `white-space: pre-line` and a newline).
"""

from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser

import tinycss2

from handler.exceptions import InvalidElement, LimitExceeded
from handler.render.elements import KNOWN_TAGS, SVG_TAGS, Element, Node
from handler.render.limits import current_limits

VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
SKIPPED_TAGS = frozenset({"head", "title", "meta", "link", "script", "noscript", "template"})
DOCUMENT_TAGS = frozenset({"html", "body"})

_SVG_TAG_CASE = {tag.lower(): tag for tag in SVG_TAGS}
SVG_CAMEL_ATTRIBUTES: frozenset[str] = frozenset(
    (
        "attributeName", "baseFrequency", "clipPathUnits", "diffuseConstant", "edgeMode",
        "filterUnits", "glyphRef", "gradientTransform", "gradientUnits", "kernelMatrix",
        "kernelUnitLength", "keyPoints", "keySplines", "keyTimes", "lengthAdjust",
        "limitingConeAngle", "markerHeight", "markerUnits", "markerWidth", "maskContentUnits",
        "maskUnits", "numOctaves", "pathLength", "patternContentUnits", "patternTransform",
        "patternUnits", "pointsAtX", "pointsAtY", "pointsAtZ", "preserveAlpha",
        "preserveAspectRatio", "primitiveUnits", "refX", "refY", "repeatCount", "repeatDur",
        "requiredExtensions", "requiredFeatures", "specularConstant", "specularExponent",
        "spreadMethod", "startOffset", "stdDeviation", "stitchTiles", "surfaceScale",
        "systemLanguage", "tableValues", "targetX", "targetY", "textLength", "viewBox",
        "viewTarget", "xChannelSelector", "yChannelSelector", "zoomAndPan",
    )
)  # fmt: skip
"""SVG attributes spelled in camelCase (html.parser lowercases them; SVG is case-sensitive)."""
_SVG_ATTRIBUTE_CASE = {name.lower(): name for name in SVG_CAMEL_ATTRIBUTES}


def parse_style_attribute(css: str) -> dict[str, str]:
    """`"font-size: 64px; Color: red"` -> `{"font-size": "64px", "color": "red"}`."""
    style: dict[str, str] = {}
    for decl in tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True):
        if decl.type == "declaration":
            style[decl.lower_name] = tinycss2.serialize(decl.value).strip()
        elif decl.type == "error":
            raise InvalidElement(f"style attribute {css!r}: {decl.message}")
        else:
            raise InvalidElement(f"style attribute {css!r}: expected declarations only")
    return style


class _Open:
    __slots__ = ("children", "props", "tag", "text")

    def __init__(self, tag: str, props: dict[str, object]) -> None:
        self.tag = tag
        self.props = props
        self.children: list[Node] = []
        self.text: list[str] = []


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.document = _Open("#document", {})
        self.stack: list[_Open] = [self.document]
        self.skipping = 0  # depth inside skipped tags (head, script, ...)
        self.elements = 0
        self.body: _Open | None = None

    # --- html.parser callbacks ---
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, closes=tag in VOID_TAGS)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, closes=True)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if self.skipping:
            self.skipping -= 1
            return
        if tag in DOCUMENT_TAGS:
            return
        tag = self._svg_case(tag)
        if self.stack[-1].tag != tag:
            open_tags = " > ".join(o.tag for o in self.stack[1:]) or "nothing"
            raise InvalidElement(f"closing </{tag}> does not match the open {open_tags}")
        self._close()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.stack[-1].text.append(data)

    # --- building ---
    def _open(self, tag: str, attrs: list[tuple[str, str | None]], *, closes: bool) -> None:
        if self.skipping or tag in SKIPPED_TAGS:
            if not closes:
                self.skipping += 1
            return
        if tag in DOCUMENT_TAGS:
            if tag == "body":
                self.body = self.stack[-1]
            return
        self._check_size(tag)
        in_svg = any(o.tag == "svg" for o in self.stack)
        tag = self._svg_case(tag) if in_svg else tag
        self._check_tag(tag, in_svg)
        self._flush_text()
        node = _Open(tag, self._props(attrs, in_svg or tag == "svg"))
        self.stack.append(node)
        if closes:
            self._close()

    def _check_size(self, tag: str) -> None:
        """The tree limits, checked while parsing: the parse itself is quadratic in the depth,
        and a megabyte of markup takes most of a second (`check_tree` counts again after)."""
        limits = current_limits()
        depth = len(self.stack)  # the document is stack[0]: this element's depth
        if depth > limits.max_depth:
            raise LimitExceeded(
                f"element tree: <{tag}> is nested {depth} deep, over max_depth={limits.max_depth}"
            )
        self.elements += 1
        if self.elements > limits.max_elements:
            raise LimitExceeded(f"element tree: more than max_elements={limits.max_elements:,}")

    def _check_tag(self, tag: str, in_svg: bool) -> None:
        if tag == "br":
            raise InvalidElement(
                "<br> is not supported (Satori ignores it): use separate flex children, or "
                "white-space: pre-line with a newline in the text"
            )
        if tag in SVG_TAGS and not in_svg and tag not in ("style", "title", "filter"):
            raise InvalidElement(f"<{tag}> is an SVG tag: it is allowed only inside <svg>")
        if tag == "style" and not in_svg:
            raise InvalidElement("<style> elements are not supported: use inline style=")
        if tag not in KNOWN_TAGS:
            raise InvalidElement(f"unknown tag <{tag}>")

    @staticmethod
    def _svg_case(tag: str) -> str:
        return _SVG_TAG_CASE.get(tag, tag)

    @staticmethod
    def _props(attrs: list[tuple[str, str | None]], svg: bool) -> dict[str, object]:
        props: dict[str, object] = {}
        for name, value in attrs:
            key = _SVG_ATTRIBUTE_CASE.get(name, name) if svg else name
            if key == "style" and not svg:
                props["style"] = parse_style_attribute(value or "")
            else:
                props[key] = True if value is None else value
        return props

    def _flush_text(self) -> None:
        top = self.stack[-1]
        if not top.text:
            return
        text = "".join(top.text)
        top.text.clear()
        if not any(o.tag == "pre" for o in self.stack):
            text = text.strip()
        if text:
            top.children.append(text)

    def _close(self) -> None:
        self._flush_text()
        node = self.stack.pop()
        self.stack[-1].children.append(Element(node.tag, node.props, tuple(node.children)))

    def finish(self) -> Element:
        self.close()
        if len(self.stack) > 1:
            raise InvalidElement(f"<{self.stack[-1].tag}> is never closed")
        self._flush_text()
        children = self.document.children
        if self.body is not None:
            first = next((c for c in children if isinstance(c, Element)), None)
            if first is None:
                raise InvalidElement("the document's <body> has no element to render")
            return first
        if len(children) == 1 and isinstance(children[0], Element):
            return children[0]
        return Element("div", {"style": dict(_FRAGMENT_ROOT_STYLE)}, tuple(children))


_FRAGMENT_ROOT_STYLE = (
    ("display", "flex"),
    ("flex-direction", "column"),
    ("width", "100%"),
    ("height", "100%"),
)


@lru_cache(maxsize=128)
def parse_html(markup: str) -> Element:
    """Parse HTML (a fragment or a full document) into an element tree.

    `parse_html('<div style="font-size: 32px">Hi &amp; bye</div>')` is
    `Element("div", {"style": {"font-size": "32px"}}, ("Hi & bye",))`. Plain text becomes the
    text of a root div; several top-level nodes are wrapped in a full-size column div.
    Memoised by markup: the same template string is parsed once (treat the tree as read-only).
    """
    builder = _TreeBuilder()
    builder.feed(markup)
    return builder.finish()


def to_element(x: Element | str) -> Element:
    """An Element as is; a str is HTML (see `parse_html`).

    Text with no tags becomes the text of a root `div` (a full-size flex column, as
    satori-html wraps fragments).
    """
    if isinstance(x, Element):
        return x
    if isinstance(x, str):
        return parse_html(x)
    raise InvalidElement(f"expected an Element or an HTML string, got {type(x).__name__}: {x!r}")
