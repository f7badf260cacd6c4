"""Element tree -> styled tree: each element's `ComputedStyle`, inheritance, images resolved.

Styles come from the `style` prop: a Mapping (`{"fontSize": 64}` or `{"font-size": "64px"}`;
numbers are px except for unitless properties) or a CSS declaration string. Before the
element's own style come Satori's tag presets (presets.py), minus their `display: block`:
every element is a flex box, row by default, as in Satori. An explicit `display: block` is
laid out as a flex column.

Also supported: the CSS-wide keywords `inherit`, `initial` and `unset` on every property, and
custom properties (`--brand: red`, inherited) used through `var(--brand, fallback)`
(custom_properties.py). `z-index` is checked and ignored, as in Satori: later siblings paint
on top. Properties that cannot affect a still image (`cursor`, `transition`, ...) are ignored;
any other unknown property or unsupported value raises `UnsupportedStyle` naming the property
as written, the value and the element (`div > div[2] > span`), with a hint where we have one
(`float` -> use flexbox, `backgroundColour` -> did you mean background-color?). Parsing is
memoised per (property, value, context) and per (declarations, parent style, canvas, vars).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any

import tinycss2
from tinycss2.ast import LiteralToken, Node

from handler.exceptions import ImageSourceError, InvalidElement, UnsupportedStyle
from handler.render.computed import (
    AUTO,
    INHERITED_FIELDS,
    INITIAL,
    BackgroundLayer,
    BackgroundRepeat,
    BorderStyle,
    ComputedStyle,
    FlexDirection,
    MaskLayer,
    MaskMode,
    Overflow,
    Pct,
)
from handler.render.elements import BOX_TAGS, IMAGE_TAGS, SVG_TAGS, Element
from handler.render.nodes import ImageSource, StyledElement, StyledNode, StyledText
from handler.render.style.css_values import Context, ValueProblem, ident, tokens
from handler.render.style.custom_properties import (
    Variables,
    VarProblem,
    define,
    is_custom,
    substitute,
)
from handler.render.style.presets import TAG_PRESETS, Declarations
from handler.render.style.properties import (
    IGNORED,
    PARENT_RELATIVE,
    PROPERTIES,
    RESET,
    SIDES,
    WIDE_KEYWORDS,
    Fields,
    is_no_op,
    unknown_property_reason,
    wide_keyword_fields,
)
from handler.render.style.props_base import property_name
from handler.render.style.svg_markup import svg_markup
from handler.render.units import ReferenceBox

__all__ = [
    "TAG_PRESETS",
    "Declarations",
    "LoadImage",
    "compute_tree",
    "computed_style",
    "declarations",
    "property_name",
    "svg_markup",
]

LoadImage = Callable[[str | bytes], ImageSource]


class _StyleProblem(Exception):
    def __init__(self, prop: str, value: object, reason: str) -> None:
        super().__init__(prop, value, reason)
        self.prop, self.value, self.reason = prop, value, reason


def _value_text(name: str, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _StyleProblem(name, value, "a style value is a string or a number")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _css_declarations(css: str) -> Declarations:
    """`"Font-Size: 64px; --Brand: red"` -> `(("font-size", "64px"), ("--Brand", "red"))`.

    Names are lowercased except custom properties' (case-sensitive); order and repeats are
    kept, so a later declaration wins as in the cascade.
    """
    found: list[tuple[str, str]] = []
    for decl in tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True):
        if decl.type == "error":
            raise _StyleProblem("style", css, str(decl.message))
        if decl.type != "declaration":
            raise _StyleProblem("style", css, "expected declarations only")
        name = decl.name if is_custom(decl.name) else decl.lower_name
        found.append((name, tinycss2.serialize(decl.value).strip()))
    return tuple(found)


def declarations(tag: str, props: Mapping[str, object]) -> Declarations:
    """The element's declarations in cascade order: tag preset, then its own style."""
    style = props.get("style")
    own: Declarations
    if style is None:
        own = ()
    elif isinstance(style, str):
        own = _css_declarations(style)
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


def _without_important(nodes: list[Node]) -> list[Node]:
    if len(nodes) >= 2 and isinstance(nodes[-2], LiteralToken) and nodes[-2].value == "!":
        return nodes[:-2] if ident(nodes[-1]) == "important" else nodes
    return nodes


@lru_cache(maxsize=8192)
def _resolve(prop: str, value: str, ctx: Context) -> Fields:
    nodes = _without_important(tokens(value))
    if not nodes:
        raise ValueProblem("empty value")
    parser = PARENT_RELATIVE.get(prop) or PROPERTIES[prop]
    return parser(nodes, ctx)


def _wide_keyword(value: str) -> str | None:
    """`inherit`, `initial` or `unset` when `value` is one of them alone, else None."""
    text = value.strip().lower()
    if text.endswith("important"):
        text = text.removesuffix("important").rstrip().removesuffix("!").rstrip()
    if text in WIDE_KEYWORDS:
        return text
    if text in ("revert", "revert-layer"):
        raise ValueProblem(f"{text} is not supported: use initial, inherit or unset")
    return None


def _fields(name: str, prop: str, value: str, ctx: Context, parent: ComputedStyle) -> Fields:
    try:
        keyword = _wide_keyword(value)
        if keyword is not None:
            return wide_keyword_fields(prop, keyword, parent)
        return _resolve(prop, value, ctx)
    except ValueProblem as problem:
        raise _StyleProblem(name, value, str(problem)) from None


def _substituted(decls: Declarations, variables: Variables) -> list[tuple[str, str, str]]:
    """(name as written, value as written, value with var() replaced) for each declaration."""
    found = []
    for name, value in decls:
        if is_custom(name):
            continue
        try:
            found.append((name, value, substitute(value, variables)))
        except VarProblem as problem:
            raise _StyleProblem(name, value, str(problem)) from None
    return found


@lru_cache(maxsize=2048)
def computed_style(
    decls: Declarations,
    parent: ComputedStyle,
    canvas: tuple[int, int],
    variables: Variables = (),
    preset: int = 0,
) -> ComputedStyle:
    """One element's style from its declarations (see `declarations`) and its parent's.

    `variables` are the element's custom properties (see `custom_properties.define`); custom
    property declarations in `decls` are skipped here. The first `preset` declarations are the
    tag's preset: as Satori expands a preset on its own, their `em` lengths are of the preset's
    font size (`<h1 style={{fontSize: 16}}>` keeps `margin: .67em` of 2em = 21.44 px).
    """
    parent_ctx = Context(parent.font_size, canvas, parent.color, parent.font_weight)
    staged: list[tuple[int, Fields]] = []
    own: list[tuple[int, str, str, str, str]] = []
    for index, (name, written, value) in enumerate(_substituted(decls, variables)):
        prop = property_name(name)
        if not value.strip():
            continue  # `{"color": ""}`: React sets no declaration for an empty string
        try:
            if prop in PARENT_RELATIVE:
                staged.append((index, _fields(name, prop, value, parent_ctx, parent)))
            elif prop in PROPERTIES:
                own.append((index, name, prop, written, value))
            elif prop not in IGNORED and not is_no_op(prop, value):
                raise _StyleProblem(name, written, unknown_property_reason(prop))
        except _StyleProblem as problem:
            raise _named(problem, written, value) from None
    early = dict(field for _, fields in staged for field in fields)
    preset_size = dict(f for i, fields in staged if i < preset for f in fields).get("font_size")
    ctx = Context(
        float(early.get("font_size", parent.font_size)),  # type: ignore[arg-type]
        canvas,
        early.get("color", parent.color),  # type: ignore[arg-type]
        int(early.get("font_weight", parent.font_weight)),  # type: ignore[call-overload]
    )
    preset_em = float(preset_size) if isinstance(preset_size, int | float) else parent.font_size
    preset_ctx = replace(ctx, font_size=preset_em)
    for index, name, prop, written, value in own:
        try:
            at = preset_ctx if index < preset else ctx
            staged.append((index, _fields(name, prop, value, at, parent)))
        except _StyleProblem as problem:
            raise _named(problem, written, value) from None
    staged.sort(key=lambda item: item[0])
    fields: dict[str, Any] = {name: getattr(parent, name) for name in INHERITED_FIELDS}
    for _, update in staged:
        for field, field_value in update:
            if field_value is RESET:
                fields.pop(field, None)
            else:
                fields[field] = field_value
    return ComputedStyle(**_finish(fields))


def _named(problem: _StyleProblem, written: str, value: str) -> _StyleProblem:
    """The problem with the value as the user wrote it (and what var() made of it)."""
    reason = problem.reason
    if value != written:
        reason = f"{reason} (with var() replaced: {value!r})"
    return _StyleProblem(problem.prop, written, reason)


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
    fields["mask_layers"] = _mask_layers(fields)
    # Satori clips the whole box when either axis is not visible.
    axes = (
        fields.pop("_overflow_x", Overflow.VISIBLE),
        fields.pop("_overflow_y", Overflow.VISIBLE),
    )
    fields["overflow"] = Overflow.HIDDEN if Overflow.HIDDEN in axes else Overflow.VISIBLE
    if not fields.pop("_clamps", False):  # line-clamp needs a block (or -webkit-box), as Satori
        fields.pop("line_clamp", None)
        fields.pop("line_clamp_ellipsis", None)
    if fields.pop("_block", False) and "flex_direction" not in fields:
        fields["flex_direction"] = FlexDirection.COLUMN
    if fields.pop("_static", False):
        fields.update(dict.fromkeys(SIDES, AUTO))
    for side in SIDES:
        fields.setdefault(f"border_{side}_color", fields["color"])  # initial: currentColor
        if fields.get(f"border_{side}_style", BorderStyle.SOLID) is BorderStyle.NONE:
            fields[f"border_{side}_width"] = 0.0  # style none: no width (unset: solid, Satori)
    return fields


def _mask_layers(fields: dict[str, Any]) -> tuple[MaskLayer, ...]:
    """The mask lists zipped into layers (shorter lists repeat); `none` images are dropped."""
    images = fields.pop("_mask_images", ())
    sizes = fields.pop("_mask_sizes", None) or ((AUTO, AUTO),)
    positions = fields.pop("_mask_positions", None) or ((Pct(0.0), Pct(0.0)),)
    repeats = fields.pop("_mask_repeats", None) or (BackgroundRepeat.REPEAT,)
    modes = fields.pop("_mask_modes", None) or (MaskMode.ALPHA,)
    origins = fields.pop("_mask_origins", None) or (ReferenceBox.BORDER_BOX,)
    clips = fields.pop("_mask_clips", None) or (ReferenceBox.BORDER_BOX,)
    return tuple(
        MaskLayer(
            BackgroundLayer(
                image,
                sizes[i % len(sizes)],
                positions[i % len(positions)],
                repeats[i % len(repeats)],
            ),
            modes[i % len(modes)],
            origins[i % len(origins)],
            clips[i % len(clips)],
        )
        for i, image in enumerate(images)
        if image is not None
    )


# --- the tree walk ---


def compute_tree(root: Element, *, canvas: tuple[int, int], load_image: LoadImage) -> StyledElement:
    """Compute every element's style, inheriting from `INITIAL` at the root.

    Text children become `StyledText(text, parent_style)`; `<img src>` and inline `<svg>`
    (serialised back to markup) go through `load_image` into `StyledElement.source`.
    """
    return _styled(root, INITIAL, (), root.tag, canvas, load_image)


def _styled(
    element: Element,
    parent: ComputedStyle,
    inherited: Variables,
    where: str,
    canvas: tuple[int, int],
    load_image: LoadImage,
) -> StyledElement:
    if element.tag in SVG_TAGS:
        raise InvalidElement(f"<{where}>: <{element.tag}> is allowed only inside <svg>")
    if element.tag not in BOX_TAGS and element.tag not in IMAGE_TAGS:
        raise InvalidElement(f"<{where}>: unknown tag <{element.tag}>")
    try:
        decls = declarations(element.tag, element.props)
        variables = _variables(decls, inherited)
        preset = len(TAG_PRESETS.get(element.tag, ()))
        style = computed_style(decls, parent, canvas, variables, preset)
    except _StyleProblem as problem:
        raise UnsupportedStyle(problem.prop, problem.value, where, problem.reason) from None
    if element.tag == "img":
        if element.children:
            raise InvalidElement(f"<{where}>: an img has no children")
        source = _loaded_or_none(load_image, _image_src(element, where), where)
        return StyledElement("img", style, (), where, source)
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
        children.append(_styled(child, style, variables, place, canvas, load_image))
    return StyledElement(element.tag, style, tuple(children), where)


def _image_src(element: Element, where: str) -> str | bytes:
    src = element.props.get("src")
    if not isinstance(src, str | bytes) or not src:
        raise InvalidElement(f"<{where}>: img needs a src (a path, URL, data: URI or bytes)")
    return src


def _loaded_or_none(load_image: LoadImage, src: str | bytes, where: str) -> ImageSource | None:
    """The decoded source; None when it cannot be read, fetched or decoded (as Satori and
    browsers do, the img keeps its styled size and draws nothing; the reason is logged)."""
    try:
        return load_image(src)
    except ImageSourceError as exc:
        logging.getLogger("segmint").warning("<%s>: image not drawn: %s", where, exc)
        return None


def _variables(decls: Declarations, inherited: Variables) -> Variables:
    own = [(name, value) for name, value in decls if is_custom(name)]
    return define(own, inherited) if own else inherited
