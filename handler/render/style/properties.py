"""The CSS property table: every supported property by kebab-case name, by family in
props_layout / props_border / props_background / props_text / props_paint / props_mask.

Also here: what a CSS-wide keyword (`inherit`, `initial`, `unset`) sets for a property, the
properties accepted and ignored because they cannot change a still image, and the reason
given for a property we do not support (`float` -> use flexbox; `backgroundColour` -> did you
mean background-color?).
"""

from __future__ import annotations

import difflib
from enum import Enum

from handler.render.computed import INHERITED_FIELDS, INITIAL, ComputedStyle
from handler.render.style.props_background import BACKGROUNDS
from handler.render.style.props_base import (
    CORNERS,
    SIDES,
    Fields,
    Parse,
    Property,
    keyword,
)
from handler.render.style.props_border import BORDERS
from handler.render.style.props_layout import LAYOUT
from handler.render.style.props_mask import MASKS
from handler.render.style.props_paint import PAINT
from handler.render.style.props_text import (
    PARENT_RELATIVE,
    TEXT,
    font_family,
    font_size,
    font_weight,
    line_height,
)

__all__ = [
    "CORNERS",
    "IGNORED",
    "NO_OP_VALUES",
    "PARENT_RELATIVE",
    "PROPERTIES",
    "RESET",
    "SIDES",
    "WIDE_KEYWORDS",
    "Fields",
    "Parse",
    "Property",
    "font_family",
    "font_size",
    "font_weight",
    "is_no_op",
    "keyword",
    "line_height",
    "unknown_property_reason",
    "wide_keyword_fields",
]

PROPERTIES: dict[str, Property] = LAYOUT | BORDERS | BACKGROUNDS | TEXT | PAINT | MASKS
"""Every supported property (kebab-case) except the PARENT_RELATIVE ones."""

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

WIDE_KEYWORDS = frozenset({"inherit", "initial", "unset"})

NO_OP_VALUES: dict[str, frozenset[str]] = {
    name: frozenset(values.split())
    for name, values in {
        "backdrop-filter": "none",
        "-webkit-backdrop-filter": "none",
        "font-variant": "normal",
        "font-variant-ligatures": "normal",
        "font-variant-numeric": "normal",
        "font-variant-caps": "normal",
        "font-kerning": "auto normal",
        "font-stretch": "normal 100%",
        "font-synthesis": "none",
        "outline": "none 0 0px",
        "outline-style": "none",
        "outline-width": "0 0px",
        "corner-shape": "round",
        "mix-blend-mode": "normal",
        "background-blend-mode": "normal",
        "isolation": "auto",
        "visibility": "visible",
        "unicode-bidi": "normal",
        "writing-mode": "horizontal-tb",
        "text-justify": "auto",
        "word-spacing": "normal 0 0px",
        "vertical-align": "baseline",
        "order": "0",
    }.items()
}
"""Values of properties we do not draw that mean there is nothing to draw: accepted, ignored.

The initial values (`backdrop-filter: none`, `tab-size: 8`, `font-feature-settings: normal`),
and what the renderer does anyway (`font-kerning: auto`: HarfBuzz kerns; `font-synthesis: none`).
"""


def is_no_op(prop: str, value: str) -> bool:
    """Whether `prop: value` (kebab-case name) asks for nothing the renderer would draw."""
    values = NO_OP_VALUES.get(prop)
    return values is not None and " ".join(value.lower().split()) in values


class _Reset(Enum):
    RESET = "reset"


RESET = _Reset.RESET
"""A field value meaning "back to the initial value": style.py drops the field."""


_LAYER_ATTRIBUTES = {"images": "image", "sizes": "size", "positions": "position"}


def _layer_values(style: ComputedStyle, field: str) -> tuple[object, ...]:
    """A `_bg_*` or `_mask_*` list as the style's layers hold it."""
    kind = field.rsplit("_", 1)[-1]
    name = _LAYER_ATTRIBUTES.get(kind, "repeat")
    if field.startswith("_mask_"):
        if kind in ("modes", "origins", "clips"):
            return tuple(getattr(mask, kind[:-1]) for mask in style.mask_layers)
        return tuple(getattr(mask.layer, name) for mask in style.mask_layers)
    return tuple(getattr(layer, name) for layer in style.background_layers)


def _inherited_value(parent: ComputedStyle, field: str) -> object:
    if field.startswith(("_bg_", "_mask_")):
        return _layer_values(parent, field)
    if field in ("_overflow_x", "_overflow_y"):
        return parent.overflow
    return getattr(parent, field)


def wide_keyword_fields(prop: str, keyword_: str, parent: ComputedStyle) -> Fields:
    """What `<prop>: inherit | initial | unset` sets: the parent's values or initial ones.

    `unset` inherits the inherited properties (font-size, color...) and resets the others.
    Initial values of inherited fields are given as values; others as `RESET`, so that the
    style's own defaults apply (a border colour's initial value is the text colour).
    """
    spec = PARENT_RELATIVE.get(prop) or PROPERTIES[prop]
    fields: list[tuple[str, object]] = []
    for field in spec.fields:
        inherited = field in INHERITED_FIELDS
        if keyword_ == "inherit" or (keyword_ == "unset" and inherited):
            fields.append((field, _inherited_value(parent, field)))
        else:
            fields.append((field, getattr(INITIAL, field) if inherited else RESET))
    return tuple(fields)


_GRID = "grid layout is not supported (Satori lays out with flexbox only): use display: flex"
_NOT_YET = "Satori supports it, this renderer does not yet"
_HINTS = {
    "float": "floats are not supported: use display: flex",
    "clear": "floats are not supported: use display: flex",
    "vertical-align": "use align-items or align-self on a flex container",
    "outline": _NOT_YET,
}


def unknown_property_reason(prop: str) -> str:
    """Why `prop` (kebab-case) is refused, with a hint when we have one."""
    if prop in _HINTS:
        return _HINTS[prop]
    if prop.startswith("grid"):
        return _GRID
    known = [*PROPERTIES, *PARENT_RELATIVE]
    close = difflib.get_close_matches(prop, known, n=1, cutoff=0.8)
    if close:
        return f"unknown or unsupported property (did you mean {close[0]}?)"
    return "unknown or unsupported property"
