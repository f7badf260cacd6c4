"""Satori's tag presets: the user-agent styles some tags carry (picked from Chromium's).

Every element is a flex box, so the presets leave out Chromium's `display: block`; the rest
(`h1` is 2em bold with .67em margins, `b` is bold, `p` has 1em vertical margins...) is applied
before the element's own style, which overrides it declaration by declaration. As in Satori,
a preset's `em` lengths are of the preset's font size, whatever `fontSize` the element sets
(see `style.computed_style`).
"""

from __future__ import annotations

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
