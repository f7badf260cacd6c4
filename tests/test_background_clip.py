"""background-clip: text: the background shows only through the glyphs of the element's text."""

from __future__ import annotations

import pytest
from PIL import Image

from handler.exceptions import UnsupportedStyle
from handler.render.computed import BackgroundClip
from handler.render.elements import Element, h
from handler.render.pipeline import render_image

GRADIENT = "linear-gradient(to right, #ff0000, #0000ff)"


def _render(style: dict[str, object], child: Element | str = "HH") -> Image.Image:
    base = {"fontSize": 80, "backgroundImage": GRADIENT, "color": "transparent"}
    image = render_image(h("div", {"style": base | style}, child), width=200, height=110)
    white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, image).convert("RGB")


def _coloured(image: Image.Image) -> list[tuple[int, int]]:
    """Pixels that are clearly not white (red, blue or their mix)."""
    w, h_ = image.size
    return [(x, y) for y in range(h_) for x in range(w) if min(image.getpixel((x, y))) < 128]  # type: ignore[arg-type]


def test_the_background_fills_only_the_glyphs() -> None:
    full = _render({})
    clipped = _render({"backgroundClip": "text"})
    inked = _coloured(clipped)
    assert len(_coloured(full)) > 2 * len(inked) > 0
    # inside the box but below the glyphs: white
    assert clipped.getpixel((3, 100)) == (255, 255, 255)
    # the gradient still runs across the box: reddish on the left, bluish on the right
    left = min(inked)
    right = max(inked)
    assert clipped.getpixel(left)[0] > clipped.getpixel(left)[2]  # type: ignore[index]
    assert clipped.getpixel(right)[2] > clipped.getpixel(right)[0]  # type: ignore[index]


def test_text_of_children_clips_the_background_too() -> None:
    vendor = _render({"WebkitBackgroundClip": "text"}, h("span", {}, "HH"))
    assert vendor.tobytes() == _render({"backgroundClip": "text"}).tobytes()


def test_background_clip_values() -> None:
    from tests.test_style import style_of

    assert style_of({"backgroundClip": "text"}).background_clip is BackgroundClip.TEXT
    assert style_of({"backgroundClip": "border-box"}).background_clip is BackgroundClip.BORDER_BOX
    with pytest.raises(UnsupportedStyle, match="padding-box"):
        style_of({"backgroundClip": "padding-box"})


def test_text_fill_color_transparent_is_the_same_idiom() -> None:
    fill = _render(
        {"backgroundClip": "text", "color": "black", "WebkitTextFillColor": "transparent"}
    )
    assert fill.tobytes() == _render({"backgroundClip": "text"}).tobytes()


def test_text_fill_color_paints_the_glyphs_over_the_color() -> None:
    green = _render({"backgroundImage": "none", "color": "red", "WebkitTextFillColor": "#00ff00"})
    colours = {green.getpixel(p) for p in _coloured(green)}
    assert (0, 255, 0) in colours
    assert (255, 0, 0) not in colours
