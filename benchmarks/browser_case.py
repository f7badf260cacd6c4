"""A Satori suite case as an HTML page, for Chromium to draw a third opinion on a failing case.

`make conformance` scores Segmint against Satori's snapshots, and a render that differs fails
even where Satori is the one that departs from CSS. Chromium settles which side a difference
is on: the case's tree becomes a page with the same fonts (`@font-face` from the suite's
assets), Satori's defaults written out (every element a flex container, border-box) and the
canvas a `width` x `height` box that clips. Fonts are never synthesised (`font-synthesis:
none`): @vercel/og draws a weight it was not given with the nearest loaded face, and so do we.

The page is for measuring, not a faithful HTML export: React's unitless properties are the
common ones, and props other than `style` are written as attributes as they are.
"""

from __future__ import annotations

import html
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PIL import Image

from benchmarks.chromium import screenshot
from benchmarks.satori_suite import Case, canvas_size, font_specs

UNITLESS = frozenset(
    {
        "flex",
        "flexGrow",
        "flexShrink",
        "fontWeight",
        "lineClamp",
        "lineHeight",
        "opacity",
        "order",
        "tabSize",
        "zIndex",
    }
)
"""React style keys whose numbers stay bare; every other number is px, as React writes it."""

REPLACED = frozenset({"img", "svg"})
"""Elements that keep their own display (Satori lays every other element out as flex)."""

MIN_WINDOW = 500
"""Headless Chromium draws a smaller window only partly: screenshot at least this, then crop."""


def css_name(key: str) -> str:
    """A React style key as a CSS property: `fontSize` -> `font-size`, `WebkitX` -> `-webkit-x`.

    >>> css_name("WebkitBackgroundClip"), css_name("borderTopLeftRadius")
    ('-webkit-background-clip', 'border-top-left-radius')
    """
    name = re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), key)
    return "-" + name if name.startswith(("webkit-", "moz-", "ms-")) else name


def css_text(style: Mapping[str, Any], fallbacks: str = "") -> str:
    """A React style object as an inline `style` attribute's text; `fallbacks` (CSS family
    names) follow every `fontFamily`, as Satori falls back to each loaded font in turn."""
    parts = []
    for key, value in style.items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float) and key not in UNITLESS:
            value = f"{value}px"
        if key == "fontFamily" and fallbacks:
            value = f"{value},{fallbacks}"
        parts.append(f"{css_name(key)}:{value}")
    return ";".join(parts)


def markup(node: Any, fallbacks: str = "") -> str:
    """One suite node (`{"type", "props", "children"}` or a text) as HTML."""
    if isinstance(node, str):
        return html.escape(node, quote=False)
    tag = str(node["type"])
    props = dict(node.get("props") or {})
    style = dict(props.pop("style", None) or {})
    if tag not in REPLACED:
        style.setdefault("display", "flex")
    attributes = "".join(
        f' {name}="{html.escape(str(value))}"'
        for name, value in props.items()
        if name != "children" and value is not None and not isinstance(value, Mapping)
    )
    if style:
        attributes += f' style="{html.escape(css_text(style, fallbacks))}"'
    inner = "".join(markup(child, fallbacks) for child in node.get("children") or ())
    return f"<{tag}{attributes}>{inner}</{tag}>"


def page(case: Case, assets: Path) -> str:
    """The case as a standalone page: its fonts, Satori's defaults and a clipping canvas."""
    fonts = font_specs(case, assets)  # the fonts Segmint renders the case with, in order
    faces = "".join(
        "@font-face{"
        f'font-family:"{f["name"]}";font-weight:{f.get("weight", 400)};'
        f"font-style:{f.get('style', 'normal')};"
        f'src:url("{Path(f["path"]).resolve().as_uri()}")'
        "}"
        for f in fonts
    )
    families = ",".join(f'"{name}"' for name in dict.fromkeys(f["name"] for f in fonts))
    width, height = canvas_size(case)
    size = "".join(
        f"{axis}:{value}px;" for axis, value in (("width", width), ("height", height)) if value
    )
    body = "".join(markup(node, families) for node in case.tree)
    return (
        '<!doctype html><html><head><meta charset="utf-8"><style>'
        f"{faces}*{{box-sizing:border-box}}"
        f"body{{margin:0;font-family:{families or 'sans-serif'};font-synthesis:none}}"
        f"#canvas{{display:flex;flex-wrap:wrap;overflow:hidden;{size}}}"
        f'</style></head><body><div id="canvas">{body}</div></body></html>'
    )


def chromium_picture(binary: str, case: Case, assets: Path) -> Image.Image:
    """Chromium's screenshot of the case's page, cropped to its canvas (RGB)."""
    width, height = canvas_size(case)
    if width is None or height is None:
        raise ValueError(f"case {case.name}: a canvas sized from its content has no fixed page")
    with tempfile.TemporaryDirectory(prefix="segmint-case-") as scratch:
        source = Path(scratch) / "case.html"
        source.write_text(page(case, assets), encoding="utf-8")
        shot = screenshot(
            binary,
            source,
            Path(scratch) / "case.png",
            max(width, MIN_WINDOW),
            max(height, MIN_WINDOW),
        )
        with Image.open(shot) as image:
            return image.convert("RGB").crop((0, 0, width, height))
