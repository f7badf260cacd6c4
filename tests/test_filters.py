"""filter and backdrop-filter functions on pixels (paint/filters.py, paint/backdrop.py)."""

from __future__ import annotations

import pytest
from PIL import Image

from handler.render.computed import Blur, ColorFilter, Filter
from handler.render.elements import h
from handler.render.paint.filters import apply_filters
from handler.render.pipeline import render_image

ORANGE = (200, 100, 50, 255)


def one_pixel(filters: tuple[Filter, ...], colour: tuple[int, ...] = ORANGE) -> tuple[int, ...]:
    out = apply_filters(Image.new("RGBA", (1, 1), colour), filters)
    value = out.getpixel((0, 0))
    assert isinstance(value, tuple)
    return value


def near(actual: tuple[int, ...], expected: tuple[int, ...]) -> bool:
    return all(abs(a - e) <= 1 for a, e in zip(actual, expected, strict=True))


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        pytest.param(ColorFilter("brightness", 2.0), (255, 200, 100, 255), id="brightness"),
        pytest.param(ColorFilter("contrast", 2.0), (255, 72, 0, 255), id="contrast"),
        pytest.param(ColorFilter("invert", 1.0), (55, 155, 205, 255), id="invert"),
        pytest.param(ColorFilter("grayscale", 1.0), (117, 117, 117, 255), id="grayscale"),
        pytest.param(ColorFilter("sepia", 1.0), (165, 147, 115, 255), id="sepia"),
        pytest.param(ColorFilter("saturate", 0.0), (117, 117, 117, 255), id="saturate-0"),
        pytest.param(ColorFilter("hue-rotate", 0.0), ORANGE, id="hue-rotate-0"),
        pytest.param(ColorFilter("opacity", 0.5), (200, 100, 50, 128), id="opacity"),
    ],
)
def test_colour_filter_functions(function: ColorFilter, expected: tuple[int, ...]) -> None:
    assert near(one_pixel((function,)), expected)


def test_hue_rotate_turns_red_towards_green() -> None:
    r, g, b, _ = one_pixel((ColorFilter("hue-rotate", 120.0),), (255, 0, 0, 255))
    assert g > r
    assert g > b


def test_filters_apply_in_the_order_written() -> None:
    invert_then_bright = (ColorFilter("invert", 1.0), ColorFilter("brightness", 2.0))
    assert near(one_pixel(invert_then_bright), (110, 255, 255, 255))
    assert near(one_pixel(invert_then_bright[::-1]), (0, 55, 155, 255))


def test_colour_filters_keep_transparent_pixels_transparent() -> None:
    assert one_pixel((ColorFilter("invert", 1.0),), (0, 0, 0, 0))[3] == 0


def test_blur_spreads_a_pixel() -> None:
    image = Image.new("RGBA", (21, 21), (0, 0, 0, 0))
    image.putpixel((10, 10), (255, 0, 0, 255))
    out = apply_filters(image, (Blur(2.0),))
    neighbour = out.getpixel((12, 10))
    assert isinstance(neighbour, tuple)
    assert neighbour[0] == 255
    assert 0 < neighbour[3] < 255


def test_filter_property_recolours_the_element_and_its_children() -> None:
    child = h("div", {"style": {"width": 10, "height": 10, "background": "rgb(200,100,50)"}})
    style = {"width": 20, "height": 10, "filter": "grayscale(100%)", "background": "red"}
    image = render_image(h("div", {"style": style}, child), width=20, height=10)
    assert near(image.getpixel((5, 5)), (117, 117, 117, 255))  # type: ignore[arg-type]
    assert near(image.getpixel((15, 5)), (54, 54, 54, 255))  # type: ignore[arg-type]


def backdrop_scene(panel: dict[str, object]) -> Image.Image:
    """A red left half and a white right half under an absolutely placed 20x20 panel."""
    halves = {"display": "flex", "width": 40, "height": 40, "position": "relative"}
    red = h("div", {"style": {"width": 20, "height": 40, "background": "red"}})
    white = h("div", {"style": {"width": 20, "height": 40, "background": "white"}})
    place = {"position": "absolute", "left": 10, "top": 10, "width": 20, "height": 20}
    box = h("div", {"style": {**place, **panel}})
    return render_image(h("div", {"style": halves}, red, white, box), width=40, height=40)


def test_backdrop_filter_recolours_what_is_behind_the_box_only() -> None:
    image = backdrop_scene({"backdropFilter": "invert(100%)"})
    assert image.getpixel((15, 20)) == (0, 255, 255, 255)  # red behind the panel, inverted
    assert image.getpixel((25, 20)) == (0, 0, 0, 255)  # white behind it
    assert image.getpixel((5, 20)) == (255, 0, 0, 255)  # outside: untouched
    assert image.getpixel((35, 20)) == (255, 255, 255, 255)


def test_backdrop_filter_is_under_the_boxs_own_background_and_inside_its_radius() -> None:
    panel = {
        "backdropFilter": "invert(100%)",
        "background": "rgba(0, 0, 255, 0.5)",
        "borderRadius": 10,
    }
    image = backdrop_scene(panel)
    assert near(image.getpixel((25, 20)), (0, 0, 128, 255))  # type: ignore[arg-type]
    assert image.getpixel((11, 11)) == (255, 0, 0, 255)  # the rounded corner: untouched


def test_backdrop_blur_reads_across_the_boxs_edge() -> None:
    image = backdrop_scene({"backdropFilter": "blur(3px)"})
    r, g, _, _ = image.getpixel((20, 20))  # type: ignore[misc]
    assert r == 255
    assert 60 < g < 200  # red and white mixed at the seam
    assert image.getpixel((11, 20))[1] < 30  # type: ignore[index]
