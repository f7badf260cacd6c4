"""-webkit-text-stroke: parsed longhands and shorthand, and a ring drawn over the glyph fill."""

from __future__ import annotations

from PIL import Image

from handler.render.elements import h
from handler.render.pipeline import render_image

BLUE = (0, 0, 255)


def _render(style: dict[str, object]) -> Image.Image:
    base = {"fontSize": 80, "color": "#00ff00", "backgroundColor": "white", "padding": 10}
    return render_image(h("div", {"style": base | style}, "IO"), width=160, height=120)


def _near(px: object, colour: tuple[int, int, int]) -> bool:
    assert isinstance(px, tuple)
    return max(abs(int(a) - b) for a, b in zip(px[:3], colour, strict=True)) < 60


def _count(image: Image.Image, colour: tuple[int, int, int]) -> int:
    return sum(1 for px in image.convert("RGB").get_flattened_data() if _near(px, colour))


def test_text_stroke_rings_the_glyphs_in_its_colour() -> None:
    plain = _render({})
    stroked = _render({"WebkitTextStroke": "4px #0000ff"})
    assert _count(plain, BLUE) == 0
    assert _count(stroked, BLUE) > 300
    # centred on the outline: the ring reaches past the unstroked glyphs
    plain_ink = [y for y in range(120) if _row_has(plain, y, (0, 255, 0))]
    stroked_ink = [y for y in range(120) if _row_has(stroked, y, BLUE)]
    assert min(stroked_ink) < min(plain_ink)
    assert max(stroked_ink) > max(plain_ink)


def test_text_stroke_longhands_and_current_colour() -> None:
    longhands = _render({"WebkitTextStrokeWidth": 4, "WebkitTextStrokeColor": "#0000ff"})
    assert _count(longhands, BLUE) == _count(_render({"WebkitTextStroke": "#0000ff 4px"}), BLUE)
    own = _render({"WebkitTextStrokeWidth": "4px", "color": "#0000ff"})
    assert _count(own, BLUE) > _count(_render({"color": "#0000ff"}), BLUE)


def _row_has(image: Image.Image, y: int, colour: tuple[int, int, int]) -> bool:
    rgb = image.convert("RGB")
    return any(_near(rgb.getpixel((x, y)), colour) for x in range(image.width))


def test_text_shadow_is_cast_by_the_stroke_too() -> None:
    shadow: dict[str, object] = {"textShadow": "0 30px 0 #0000ff", "color": "transparent"}
    plain = _count(_render(shadow), BLUE)
    stroked = _count(_render(shadow | {"WebkitTextStroke": "6px #00ff00"}), BLUE)
    assert stroked > plain > 0
