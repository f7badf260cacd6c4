"""Gradient pixels on designs of our own: radial palettes, stops at the ends, alpha."""

from __future__ import annotations

from PIL import Image

from handler.render.elements import h
from handler.render.paint.backgrounds import GRADIENT_TILES
from handler.render.pipeline import render_image

RGBA = tuple[int, int, int, int]


def paint(background: str, width: int, height: int) -> Image.Image:
    style = {"display": "flex", "width": "100%", "height": "100%", "backgroundImage": background}
    return render_image(h("div", {"style": style}), width=width, height=height)


def px(image: Image.Image, x: int, y: int) -> RGBA:
    value = image.getpixel((x, y))
    assert isinstance(value, tuple)
    return (value[0], value[1], value[2], value[3])


def close(a: RGBA, b: RGBA, tolerance: int) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b, strict=True))


def test_a_fine_repeating_radial_ramp_stays_smooth_and_in_phase_far_from_its_centre() -> None:
    # centre at the left edge: along the top row the distance is x + 0.5 (y is 0.5 away);
    # 10 px periods over a 1200 px reach once had ~4 palette colours each and drifted
    image = paint("repeating-radial-gradient(circle at 0 0, #000, #fff 10px)", 1200, 4)
    period = [px(image, x, 0)[0] for x in range(1100, 1110)]
    assert len(set(period)) == 10
    for x in range(1100, 1110):
        expected = 255 * ((x + 0.5) % 10) / 10
        assert abs(px(image, x, 0)[0] - expected) <= 4, x


def test_a_hard_radial_stop_far_out_lands_on_its_radius() -> None:
    image = paint("radial-gradient(circle at 0 0, #f00 600px, #00f 600px)", 1200, 4)
    assert px(image, 598, 0) == (255, 0, 0, 255)
    assert px(image, 600, 0) == (0, 0, 255, 255)


def test_radial_hard_stops_at_the_first_and_last_stop_keep_their_outer_colours() -> None:
    inner = paint("radial-gradient(circle at 0 0, #0000 30px, #f00 30px, #f00 60px, #0000 60px)",
                  100, 4)  # fmt: skip
    assert px(inner, 20, 0)[3] == 0
    assert px(inner, 45, 0) == (255, 0, 0, 255)
    assert px(inner, 80, 0)[3] == 0


def test_a_fade_to_transparent_loses_opacity_not_lightness() -> None:
    # premultiplied, as browsers: half-way is half-opaque blue, not half-opaque navy
    style = {
        "display": "flex",
        "width": "100%",
        "height": "100%",
        "backgroundColor": "#fff",
        "backgroundImage": "linear-gradient(to right, #00f, transparent)",
    }
    image = render_image(h("div", {"style": style}), width=101, height=4)
    assert close(px(image, 50, 1), (127, 127, 255, 255), 4)


GRADIENT = "linear-gradient(135deg, #0f172a, #7c3aed)"


def _card(child: bool) -> Image.Image:
    box = h("div", {"style": {"width": 40, "height": 40, "backgroundColor": "#000"}})
    style = {"display": "flex", "width": "100%", "height": "100%", "backgroundImage": GRADIENT}
    return render_image(h("div", {"style": style}, *([box] if child else [])), width=80, height=60)


def test_a_kept_gradient_tile_is_not_painted_over_by_the_render_that_used_it() -> None:
    GRADIENT_TILES.clear()
    alone = _card(child=False).tobytes()
    assert len(GRADIENT_TILES) == 1
    _card(child=True)  # paints a black box over the same gradient, from the kept tile
    again = _card(child=False)
    assert again.tobytes() == alone
    assert px(again, 10, 10) != (0, 0, 0, 255)


def test_the_same_gradient_at_another_size_is_drawn_for_that_size() -> None:
    GRADIENT_TILES.clear()
    small = paint(GRADIENT, 40, 30).tobytes()
    paint(GRADIENT, 80, 60)
    assert len(GRADIENT_TILES) == 2
    assert paint(GRADIENT, 40, 30).tobytes() == small  # from the kept tile: the same pixels
