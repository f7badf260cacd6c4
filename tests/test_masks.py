"""mask-image painted (paint/masks.py): alpha ramps, tiles, SVG masks, modes, what is covered."""

from __future__ import annotations

import base64

import pytest

from handler.exceptions import ImageSourceError
from handler.render.elements import h
from tests.helpers import alpha, png_bytes
from tests.helpers import red_box as box
from tests.helpers import render_square as render

RED = (255, 0, 0, 255)
BLUE = (0, 0, 255, 255)
SOLID = "linear-gradient(black, black)"
CIRCLE_SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'>"
    "<circle cx='5' cy='5' r='5' fill='white'/></svg>"
)


def test_a_linear_gradient_mask_fades_the_box_along_its_alpha() -> None:
    image = render(box({"maskImage": "linear-gradient(to right, blue, transparent)"}))
    ramp = [alpha(image, x, 50) for x in (2, 25, 50, 75, 97)]
    assert ramp == sorted(ramp, reverse=True)
    assert ramp[0] > 245
    assert ramp[-1] < 10
    assert abs(ramp[2] - 128) <= 3
    colour = image.getpixel((2, 50))
    assert isinstance(colour, tuple)
    assert colour[:3] == (255, 0, 0)  # the colour stays, only alpha changes


def test_a_radial_mask_is_opaque_in_the_middle() -> None:
    image = render(box({"maskImage": "radial-gradient(circle, black, transparent 50px)"}))
    assert alpha(image, 50, 50) > 245
    assert alpha(image, 50, 25) < alpha(image, 50, 45)
    assert alpha(image, 2, 2) == 0


def test_mask_size_repeats_the_mask() -> None:
    image = render(
        box({"maskImage": "linear-gradient(to right, black, transparent)", "maskSize": "50% 100%"})
    )
    assert abs(alpha(image, 5, 50) - alpha(image, 55, 50)) <= 1
    assert alpha(image, 45, 50) < 40 < alpha(image, 55, 50)


def test_mask_position_places_an_unrepeated_tile() -> None:
    image = render(box({"mask": f"{SOLID} 30px 40px / 20px 10px no-repeat"}))
    assert image.getpixel((35, 45)) == RED
    assert alpha(image, 25, 45) == 0
    assert alpha(image, 35, 55) == 0


def test_an_svg_url_mask_is_drawn_at_the_tile_size() -> None:
    uri = "data:image/svg+xml;base64," + base64.b64encode(CIRCLE_SVG.encode()).decode()
    image = render(box({"maskImage": f"url({uri})", "maskSize": "100% 100%"}))
    assert image.getpixel((50, 50)) == RED
    assert image.getpixel((50, 3)) == RED
    assert alpha(image, 4, 4) == 0


def test_an_unquoted_percent_encoded_svg_mask() -> None:
    svg = CIRCLE_SVG.replace("<", "%3C").replace(">", "%3E")
    image = render(box({"maskImage": f"url(data:image/svg+xml,{svg})", "maskSize": "cover"}))
    assert image.getpixel((50, 50)) == RED
    assert alpha(image, 4, 96) == 0


def test_alpha_mode_reads_alpha_and_luminance_mode_reads_brightness() -> None:
    dark = render(box({"mask": f"{SOLID} alpha"}))
    assert alpha(dark, 50, 50) == 255  # black is opaque
    hidden = render(box({"mask": f"{SOLID} luminance"}))
    assert alpha(hidden, 50, 50) == 0  # black is dark
    grey = render(box({"mask": "linear-gradient(#808080, #808080) luminance"}))
    assert abs(alpha(grey, 50, 50) - 128) <= 2


def test_mask_layers_add_up() -> None:
    image = render(
        box({"mask": f"{SOLID} 0 0 / 20px 20px no-repeat, {SOLID} 60px 60px / 20px 20px no-repeat"})
    )
    assert image.getpixel((10, 10)) == RED
    assert image.getpixel((70, 70)) == RED
    assert alpha(image, 40, 40) == 0


def test_the_mask_covers_the_children_and_ends_at_the_border_box() -> None:
    outside = h(
        "div",
        {
            "style": {
                "position": "absolute",
                "left": 60,
                "top": 0,
                "width": 40,
                "height": 40,
                "background": "blue",
            }
        },
    )
    inside = h("div", {"style": {"width": 20, "height": 20, "background": "blue"}})
    parent = box({"width": 50, "height": 50, "maskImage": SOLID}, inside, outside)
    image = render(h("div", {"style": {"width": 100, "height": 100}}, parent))
    assert image.getpixel((10, 10)) == BLUE
    assert image.getpixel((40, 40)) == RED
    assert alpha(image, 70, 10) == 0  # the child painted past the masked box


def test_a_mask_on_an_img() -> None:
    uri = "data:image/png;base64," + base64.b64encode(png_bytes(10, 10, (0, 0, 255))).decode()
    img = h(
        "img",
        {
            "src": uri,
            "width": 100,
            "height": 100,
            "style": {"mask": f"{SOLID} 0 0 / 50% 100% no-repeat"},
        },
    )
    image = render(h("div", {"style": {"width": 100, "height": 100}}, img))
    assert image.getpixel((25, 50)) == BLUE
    assert alpha(image, 75, 50) == 0


def test_opacity_multiplies_a_masked_box() -> None:
    image = render(box({"maskImage": SOLID, "opacity": 0.5}))
    assert abs(alpha(image, 50, 50) - 128) <= 1


def test_a_mask_and_a_clip_together() -> None:
    image = render(
        box(
            {
                "clipPath": "inset(0 0 50% 0)",
                "maskImage": "linear-gradient(to right, black 50%, transparent 50%)",
            }
        )
    )
    assert image.getpixel((25, 25)) == RED
    assert alpha(image, 75, 25) == 0  # masked
    assert alpha(image, 25, 75) == 0  # clipped


def test_mask_clip_content_box_leaves_the_padding_unmasked_out() -> None:
    image = render(box({"padding": 20, "maskImage": SOLID, "maskClip": "content-box"}))
    assert image.getpixel((50, 50)) == RED
    assert alpha(image, 10, 50) == 0


def test_mask_origin_positions_the_tile_from_the_content_box() -> None:
    image = render(box({"padding": 20, "mask": f"{SOLID} 0 0 / 10px 10px no-repeat content-box"}))
    assert image.getpixel((25, 25)) == RED
    assert alpha(image, 5, 5) == 0
    assert alpha(image, 35, 35) == 0


def test_no_clip_masks_children_past_the_border_box_too() -> None:
    outside = h(
        "div",
        {"style": {"position": "absolute", "left": 60, "top": 0, "width": 40, "height": 40,
                   "background": "blue"}},
    )  # fmt: skip
    parent = box({"width": 50, "height": 50, "mask": f"{SOLID} 0 0 / 100% 100% no-clip"}, outside)
    image = render(h("div", {"style": {"width": 100, "height": 100}}, parent))
    assert image.getpixel((70, 10)) == BLUE  # the repeated tile reaches it


def test_a_mask_url_that_cannot_load_names_mask_image() -> None:
    with pytest.raises(ImageSourceError, match="mask-image url\\(\\) on <div>"):
        render(box({"maskImage": "url(data:image/png;base64,AAAA)"}))
