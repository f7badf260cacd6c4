"""Pixel tests of paint: boxes built by hand, colours checked at points."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest
from PIL import Image, ImageFont

from handler.render.computed import (
    INITIAL,
    RGBA,
    BackgroundLayer,
    BorderStyle,
    ColorStop,
    ComputedStyle,
    FontStyle,
    LinearGradient,
    ObjectFit,
    Overflow,
    Pct,
    RadialGradient,
    RadialShape,
    Radius,
    Rotate,
    Shadow,
    TextDecorationLine,
    Translate,
)
from handler.render.elements import h
from handler.render.nodes import (
    Box,
    Edges,
    GlyphRun,
    ImageSource,
    StyledElement,
    StyledText,
    TextLayout,
    TextLine,
)
from handler.render.paint.paint import paint
from handler.render.paint.shapes import Region
from handler.render.paint.surface import Surface
from handler.render.pipeline import render_image
from handler.render.text.fonts import GEIST_DIR, GEIST_FILES

RED: RGBA = (255, 0, 0, 255)
BLUE: RGBA = (0, 0, 255, 255)
GREEN: RGBA = (0, 128, 0, 255)
WHITE: RGBA = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)
FONT_PATH = GEIST_DIR / GEIST_FILES[FontStyle.NORMAL]


class SolidEmoji:
    """A fake emoji set: every cluster is a green square."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def image(self, cluster: str, size: int) -> Image.Image:
        self.calls.append((cluster, size))
        return Image.new("RGBA", (size, size), GREEN)


def el(
    x: float,
    y: float,
    w: float,
    h: float,
    children: tuple[Box, ...] = (),
    source: ImageSource | None = None,
    **style: Any,
) -> Box:
    computed = replace(INITIAL, **style)
    border = Edges(
        computed.border_top_width,
        computed.border_right_width,
        computed.border_bottom_width,
        computed.border_left_width,
    )
    node = StyledElement("div", computed, (), "div", source)
    return Box(node, x, y, w, h, border, Edges(), children)


def draw(root: Box, width: int = 100, height: int = 100, debug: bool = False) -> Image.Image:
    return paint(root, width=width, height=height, debug=debug, emoji=SolidEmoji())


def close(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 3) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def px(image: Image.Image, x: int, y: int) -> tuple[int, ...]:
    value = image.getpixel((x, y))
    assert isinstance(value, tuple)
    return value


def test_canvas_is_transparent_where_nothing_is_painted() -> None:
    image = draw(el(10, 10, 20, 20, background_color=RED))
    assert image.mode == "RGBA"
    assert image.size == (100, 100)
    assert px(image, 5, 5) == CLEAR
    assert px(image, 15, 15) == RED
    assert px(image, 30, 30) == CLEAR


def test_translucent_background_composites_over_the_parent() -> None:
    child = el(0, 0, 50, 50, background_color=(255, 255, 255, 128))
    image = draw(el(0, 0, 100, 100, (child,), background_color=BLUE))
    assert close(px(image, 10, 10), (128, 128, 255, 255), 2)
    assert px(image, 70, 70) == BLUE


def _gradient(angle: float, *stops: ColorStop, **kw: Any) -> tuple[BackgroundLayer, ...]:
    return (BackgroundLayer(LinearGradient(angle, tuple(stops), **kw)),)


def test_linear_gradient_to_right_start_middle_end() -> None:
    layers = _gradient(90, ColorStop(RED, None), ColorStop(BLUE, None))
    image = draw(el(0, 0, 100, 10, background_layers=layers))
    assert close(px(image, 0, 5), RED, 4)
    assert close(px(image, 50, 5), (127, 0, 128, 255), 4)
    assert close(px(image, 99, 5), BLUE, 4)


def test_linear_gradient_135deg_reaches_its_colours_in_the_corners() -> None:
    layers = _gradient(135, ColorStop(RED, Pct(0)), ColorStop(BLUE, Pct(100)))
    image = draw(el(0, 0, 100, 50, background_layers=layers))
    assert close(px(image, 0, 0), RED, 6)
    assert close(px(image, 99, 49), BLUE, 6)
    # gradient line 75 * sqrt(2) long; the top-right corner sits at 2/3 of it, bottom-left 1/3
    assert close(px(image, 99, 0), (85, 0, 170, 255), 4)
    assert close(px(image, 0, 49), (170, 0, 85, 255), 4)


def test_linear_gradient_hard_stop_in_px_and_repeating() -> None:
    stops = (
        ColorStop(RED, 0.0),
        ColorStop(RED, 10.0),
        ColorStop(BLUE, 10.0),
        ColorStop(BLUE, 20.0),
    )
    image = draw(el(0, 0, 100, 10, background_layers=_gradient(90, *stops, repeating=True)))
    assert px(image, 5, 5) == RED
    assert px(image, 15, 5) == BLUE
    assert px(image, 45, 5) == RED
    assert px(image, 95, 5) == BLUE


def test_linear_gradient_to_corner() -> None:
    gradient = LinearGradient(
        180, (ColorStop(RED, None), ColorStop(BLUE, None)), False, ("top", "right")
    )
    image = draw(el(0, 0, 100, 40, background_layers=(BackgroundLayer(gradient),)))
    assert close(px(image, 0, 39), RED, 6)
    assert close(px(image, 99, 0), BLUE, 6)
    # with a corner, the 50% line joins the other two corners
    assert close(px(image, 0, 0), (127, 0, 128, 255), 6)
    assert close(px(image, 99, 39), (127, 0, 128, 255), 6)


def test_radial_gradient_centre_and_edge() -> None:
    gradient = RadialGradient(
        RadialShape.CIRCLE,
        "closest-side",
        (Pct(50), Pct(50)),
        (ColorStop(WHITE, None), ColorStop(RED, None)),
    )
    image = draw(el(0, 0, 100, 100, background_layers=(BackgroundLayer(gradient),)))
    assert close(px(image, 50, 50), WHITE, 6)
    assert close(px(image, 75, 50), (255, 128, 128, 255), 8)
    assert close(px(image, 2, 2), RED, 3)


def test_borders_per_side_colours() -> None:
    box = el(
        10, 10, 60, 60,
        background_color=WHITE,
        border_top_width=5.0, border_right_width=5.0,
        border_bottom_width=5.0, border_left_width=5.0,
        border_top_style=BorderStyle.SOLID, border_right_style=BorderStyle.SOLID,
        border_bottom_style=BorderStyle.SOLID, border_left_style=BorderStyle.SOLID,
        border_top_color=RED, border_right_color=BLUE, border_bottom_color=GREEN,
        border_left_color=(0, 0, 0, 255),
    )  # fmt: skip
    image = draw(box)
    assert px(image, 40, 12) == RED
    assert px(image, 67, 40) == BLUE
    assert px(image, 40, 67) == GREEN
    assert px(image, 12, 40) == (0, 0, 0, 255)
    assert px(image, 40, 40) == WHITE
    assert px(image, 8, 40) == CLEAR


def test_dashed_border_has_gaps() -> None:
    box = el(
        0, 0, 100, 20,
        border_top_width=4.0, border_top_style=BorderStyle.DASHED, border_top_color=RED,
    )  # fmt: skip
    row = [px(draw(box), x, 1) for x in range(40)]
    assert RED in row
    assert CLEAR in row


def _rounded(r: float) -> dict[str, Any]:
    radius = Radius(r, r)
    return {
        "border_top_left_radius": radius,
        "border_top_right_radius": radius,
        "border_bottom_right_radius": radius,
        "border_bottom_left_radius": radius,
    }


def test_rounded_corners_are_transparent_outside_the_radius() -> None:
    image = draw(el(0, 0, 80, 80, background_color=RED, **_rounded(20)))
    assert px(image, 1, 1) == CLEAR
    assert px(image, 78, 78) == CLEAR
    assert px(image, 40, 1) == RED
    assert px(image, 10, 10) == RED
    edge = px(image, 6, 6)  # on the arc: partly covered (anti-aliased)
    assert 0 < edge[3] < 255 or edge == RED


def test_elliptical_corner_radius() -> None:
    image = draw(el(0, 0, 80, 80, background_color=RED, border_top_left_radius=Radius(40.0, 10.0)))
    assert px(image, 2, 1) == CLEAR  # inside the ellipse's box, outside it
    assert px(image, 2, 15) == RED  # below the vertical radius
    assert px(image, 30, 2)[3] > 0


def test_overflow_hidden_clips_children_to_the_rounded_padding_box() -> None:
    child = el(0, 0, 100, 100, background_color=BLUE)
    parent = el(10, 10, 60, 60, (child,), overflow=Overflow.HIDDEN, **_rounded(20))
    image = draw(parent)
    assert px(image, 40, 40) == BLUE
    assert px(image, 5, 5) == CLEAR  # outside the parent
    assert px(image, 11, 11) == CLEAR  # inside the parent's box, outside its corner
    assert px(image, 80, 40) == CLEAR


def test_overflow_visible_lets_children_out() -> None:
    child = el(0, 0, 100, 100, background_color=BLUE)
    image = draw(el(10, 10, 60, 60, (child,)))
    assert px(image, 5, 5) == BLUE


def test_box_shadow_outside_the_box_and_fading() -> None:
    shadow = Shadow(0.0, 0.0, 20.0, 0.0, (0, 0, 0, 255))
    image = draw(el(30, 30, 40, 40, background_color=WHITE, box_shadow=(shadow,)))
    assert px(image, 50, 50) == WHITE
    near, far = px(image, 28, 50)[3], px(image, 15, 50)[3]
    assert near > far > 0
    assert px(image, 0, 50)[3] < far


def test_box_shadow_offset_and_spread_without_blur() -> None:
    shadow = Shadow(10.0, 0.0, 0.0, 5.0, RED)
    image = draw(el(30, 30, 20, 20, box_shadow=(shadow,)))
    assert px(image, 62, 40) == RED  # 30 + 20 + 10 + 5 = 65 is the shadow's right edge
    assert px(image, 66, 40) == CLEAR
    assert px(image, 40, 40) == CLEAR  # never under the box itself


def test_inset_shadow_paints_inside_the_edges() -> None:
    shadow = Shadow(0.0, 0.0, 0.0, 10.0, RED, inset=True)
    image = draw(el(0, 0, 60, 60, background_color=WHITE, box_shadow=(shadow,)))
    assert px(image, 3, 30) == RED
    assert px(image, 30, 30) == WHITE


def test_opacity_halves_alpha_of_the_group() -> None:
    child = el(0, 0, 20, 20, background_color=BLUE)
    image = draw(el(0, 0, 40, 40, (child,), background_color=RED, opacity=0.5))
    assert close(px(image, 30, 30), (255, 0, 0, 128), 1)
    assert close(px(image, 10, 10), (0, 0, 255, 128), 1)


def test_rotate_90_moves_a_coloured_corner() -> None:
    corner = el(20, 20, 10, 10, background_color=RED)
    square = el(20, 20, 40, 40, (corner,), background_color=BLUE, transform=(Rotate(90.0),))
    image = draw(square)
    # clockwise about the centre (40, 40): the top-left corner goes to the top-right
    assert close(px(image, 55, 25), RED, 10)
    assert close(px(image, 25, 25), BLUE, 10)


def test_translate_percent_of_the_box() -> None:
    box = el(0, 0, 20, 20, background_color=RED, transform=(Translate(Pct(100), 10.0),))
    image = draw(box)
    assert px(image, 30, 20) == RED
    assert px(image, 10, 10) == CLEAR


def test_filter_blur_softens_edges() -> None:
    from handler.render.computed import Blur

    image = draw(el(40, 40, 20, 20, background_color=RED, filter=(Blur(4.0),)))
    assert 0 < px(image, 38, 50)[3] < 255
    assert px(image, 50, 50)[3] > 200


def _source(width: int, height: int) -> ImageSource:
    image = Image.new("RGBA", (width, height), RED)
    image.paste(BLUE, (0, 0, width // 2, height))
    return ImageSource(image, float(width), float(height))


@pytest.mark.parametrize(
    ("fit", "inside", "outside"),
    [
        pytest.param(ObjectFit.CONTAIN, (50, 30), (50, 5), id="contain-letterboxes"),
        pytest.param(ObjectFit.COVER, (50, 5), None, id="cover-fills"),
        pytest.param(ObjectFit.FILL, (5, 5), None, id="fill-stretches"),
    ],
)
def test_object_fit(
    fit: ObjectFit, inside: tuple[int, int], outside: tuple[int, int] | None
) -> None:
    box = el(0, 0, 100, 100, source=_source(40, 20), object_fit=fit)
    image = draw(box)
    assert px(image, *inside)[3] == 255
    if outside is not None:
        assert px(image, *outside) == CLEAR


def test_object_fit_cover_crops_the_sides() -> None:
    image = draw(el(0, 0, 100, 100, source=_source(40, 20), object_fit=ObjectFit.COVER))
    # scaled to 200x100 and centred: x 0..100 shows the source's middle (blue left, red right)
    assert px(image, 40, 50) == BLUE
    assert px(image, 60, 50) == RED


def test_img_is_clipped_by_its_radius() -> None:
    image = draw(el(0, 0, 60, 60, source=_source(60, 60), **_rounded(30)))
    assert px(image, 1, 1) == CLEAR
    assert px(image, 30, 30)[3] == 255


def _text_box(text: str, style: ComputedStyle, emoji: str | None = None) -> Box:
    font = ImageFont.truetype(str(FONT_PATH), 32)
    width = font.getlength(text)
    runs = (GlyphRun(text, 0.0, width, None if emoji else font, emoji=emoji),)
    line = TextLine(runs, 0.0, 0.0, width, 40.0, 30.0)
    layout = TextLayout((line,), width, 40.0)
    node = StyledText(text, style)
    return Box(node, 10, 10, width, 40, Edges(), Edges(), (), layout)


def test_text_pixels_lie_within_the_run() -> None:
    style = replace(INITIAL, font_size=32.0, color=RED)
    box = _text_box("Hello", style)
    image = draw(el(0, 0, 200, 80, (box,)), 200, 80)
    bbox = image.getbbox()
    assert bbox is not None
    left, top, right, bottom = bbox
    assert 10 <= left <= 14
    assert right <= 10 + box.width + 2
    assert top >= 10
    assert bottom <= 10 + 30 + 9  # baseline at 40, descent below it is small
    reds = [image.getpixel((x, y)) for x in range(left, right) for y in range(top, bottom)]
    assert RED in reds


def test_text_shadow_is_drawn_offset() -> None:
    style = replace(
        INITIAL, font_size=32.0, color=RED, text_shadow=(Shadow(0.0, 30.0, 0.0, 0.0, BLUE),)
    )
    image = draw(el(0, 0, 200, 100, (_text_box("Hi", style),)), 200, 100)
    blues = [image.getpixel((x, y)) for x in range(100) for y in range(45, 75)]
    assert BLUE in blues


def test_underline_under_the_baseline() -> None:
    style = replace(
        INITIAL,
        font_size=32.0,
        color=RED,
        text_decoration_line=frozenset({TextDecorationLine.UNDERLINE}),
        text_decoration_color=BLUE,
    )
    image = draw(el(0, 0, 200, 80, (_text_box("ooo", style),)), 200, 80)
    row = [image.getpixel((x, 43)) for x in range(12, 50)]
    assert row.count(BLUE) > 30


def test_emoji_runs_are_images_the_size_of_the_font() -> None:
    style = replace(INITIAL, font_size=32.0)
    emoji = SolidEmoji()
    box = _text_box("😀", style, emoji="😀")
    image = paint(el(0, 0, 100, 100, (box,)), width=100, height=100, debug=False, emoji=emoji)
    assert emoji.calls == [("😀", 32)]
    assert px(image, 20, 30) == GREEN  # the 32px square centred on the 40px line at (10, 10)
    assert px(image, 20, 12) == CLEAR


def test_debug_outlines_boxes() -> None:
    image = draw(el(10, 10, 30, 30), debug=True)
    assert px(image, 10, 20)[3] > 0
    assert px(image, 20, 20) == CLEAR


def test_card_like_tree_paints() -> None:
    gradient = LinearGradient(
        135, (ColorStop((15, 23, 42, 255), Pct(0)), ColorStop((124, 58, 237, 255), Pct(100)))
    )
    badge = el(
        64, 500, 300, 70,
        background_color=(255, 255, 255, 20),
        border_top_width=2.0, border_right_width=2.0,
        border_bottom_width=2.0, border_left_width=2.0,
        border_top_style=BorderStyle.SOLID, border_right_style=BorderStyle.SOLID,
        border_bottom_style=BorderStyle.SOLID, border_left_style=BorderStyle.SOLID,
        border_top_color=(255, 255, 255, 153), border_right_color=(255, 255, 255, 153),
        border_bottom_color=(255, 255, 255, 153), border_left_color=(255, 255, 255, 153),
        **_rounded(24),
    )  # fmt: skip
    root = el(0, 0, 1200, 630, (badge,), background_layers=(BackgroundLayer(gradient),))
    image = draw(root, 1200, 630)
    assert image.getchannel("A").getextrema() == (255, 255)
    border = px(image, 200, 501)
    inside = px(image, 200, 535)
    assert border[0] > inside[0] + 60  # the translucent white border is lighter than the fill
    assert px(image, 64, 500)[0] < 100  # the rounded corner leaves the gradient showing


def _coverage(
    x: int, y: int, centre: tuple[float, float], half: tuple[float, float], degrees: float
) -> float:
    """Exact share of pixel (x, y) inside a rectangle rotated about its centre (8x8 samples
    near the edges; whole pixels away from them)."""
    angle = math.radians(-degrees)
    cos, sin = math.cos(angle), math.sin(angle)

    def local(px_: float, py_: float) -> tuple[float, float]:
        dx, dy = px_ - centre[0], py_ - centre[1]
        return abs(dx * cos - dy * sin), abs(dx * sin + dy * cos)

    u, v = local(x + 0.5, y + 0.5)
    if u < half[0] - 1 and v < half[1] - 1:
        return 1.0
    if u > half[0] + 1 or v > half[1] + 1:
        return 0.0
    inside = 0
    for i in range(8):
        for j in range(8):
            u, v = local(x + (i + 0.5) / 8, y + (j + 0.5) / 8)
            inside += u <= half[0] and v <= half[1]
    return inside / 64


def _worst_coverage_error(
    image: Image.Image, centre: tuple[float, float], half: tuple[float, float], degrees: float
) -> float:
    worst = 0.0
    for y in range(image.height):
        for x in range(image.width):
            alpha = px(image, x, y)[3] / 255
            worst = max(worst, abs(alpha - _coverage(x, y, centre, half, degrees)))
    return worst


def test_rotate_45_square_has_its_corners_on_the_exact_geometry() -> None:
    image = draw(el(50, 50, 100, 100, background_color=RED, transform=(Rotate(45.0),)), 200, 200)
    top = 100 - 50 * math.sqrt(2)  # the top corner: (100, 29.29)
    assert px(image, 99, math.floor(top))[3] == pytest.approx(255 * 0.26, abs=20)
    assert px(image, 99, math.floor(top) - 1)[3] == 0
    assert px(image, math.floor(top), 99)[3] == pytest.approx(255 * 0.26, abs=20)
    assert px(image, 200 - math.ceil(top), 100)[3] == pytest.approx(255 * 0.26, abs=20)
    assert _worst_coverage_error(image, (100, 100), (50, 50), 45) < 0.08


def test_rotated_box_at_a_fractional_position_keeps_its_sub_pixel_offset() -> None:
    box = el(50.5, 40.25, 100, 60, background_color=RED, transform=(Rotate(30.0),))
    image = draw(box, 200, 200)
    assert _worst_coverage_error(image, (100.5, 70.25), (50, 30), 30) < 0.1


def _edge_profile(image: Image.Image, x: int, ys: range) -> list[float]:
    return [px(image, x, y)[3] / 255 for y in ys]


def test_box_shadow_blur_is_a_gaussian_of_half_the_blur_radius() -> None:
    shadow = Shadow(0.0, 0.0, 20.0, 0.0, (0, 0, 0, 255))
    image = draw(el(60, 60, 80, 80, box_shadow=(shadow,)), 200, 200)
    sigma = 10.0  # CSS: blur radius = 2 sigma
    for d in (2, 5, 10, 15, 20):
        expected = 0.5 * math.erfc((d + 0.5) / (sigma * math.sqrt(2)))  # pixel centre d + .5 out
        assert px(image, 100, 140 + d)[3] / 255 == pytest.approx(expected, abs=0.03), d


def test_text_shadow_carries_as_much_ink_as_the_text() -> None:
    colour = (0, 0, 255, 255)
    style = replace(
        INITIAL, font_size=32.0, color=RED, text_shadow=(Shadow(0.0, 60.0, 12.0, 0.0, colour),)
    )
    image = draw(el(0, 0, 200, 160, (_text_box("Glow", style),)), 200, 160)
    text_ink = sum(px(image, x, y)[3] for x in range(200) for y in range(62))
    shadow_ink = sum(px(image, x, y)[3] for x in range(200) for y in range(62, 160))
    assert shadow_ink == pytest.approx(text_ink, rel=0.08)  # a blur moves ink, never loses it
    assert max(px(image, x, y)[3] for x in range(200) for y in range(62, 160)) > 60


def _decorated(kind: TextDecorationLine) -> Image.Image:
    style = replace(INITIAL, font_size=100.0, color=RED, text_decoration_line=frozenset({kind}))
    font = ImageFont.truetype(str(FONT_PATH), 100)
    width = font.getlength("xx")
    line = TextLine((GlyphRun("xx", 0.0, width, font),), 0.0, 0.0, width, 120.0, 95.0)
    text = Box(
        StyledText("xx", style),
        20,
        20,
        width,
        120,
        Edges(),
        Edges(),
        (),
        TextLayout((line,), width, 120.0),
    )
    return draw(el(0, 0, 200, 200, (text,)), 200, 200)


@pytest.mark.parametrize(
    ("kind", "rows"),
    [
        pytest.param(TextDecorationLine.UNDERLINE, range(120, 130), id="underline"),
        pytest.param(TextDecorationLine.LINE_THROUGH, range(76, 86), id="line-through"),
        pytest.param(TextDecorationLine.OVERLINE, range(4, 14), id="overline"),
    ],
)
def test_decorations_sit_where_chromium_draws_them(kind: TextDecorationLine, rows: range) -> None:
    # Chromium 14x, Geist 100px, line-height 120px, baseline at y = 115: 10px thick lines
    # (font size / 10), underline centred post.underlinePosition (0.1em) below the baseline,
    # line-through centred ascent / 3 above it, overline resting on the ascent (101px).
    image = _decorated(kind)
    full = [y for y in range(200) if all(px(image, x, y) == RED for x in range(22, 100))]
    assert full == list(rows)


def _dash_runs(image: Image.Image, points: list[tuple[float, float]]) -> list[bool]:
    """Whether each point along a path is on a dash, with repeats merged into runs."""
    on = [px(image, math.floor(x), math.floor(y))[3] > 128 for x, y in points]
    return [v for i, v in enumerate(on) if i == 0 or v != on[i - 1]]


@pytest.mark.parametrize("style", [BorderStyle.DASHED, BorderStyle.DOTTED])
def test_dashes_follow_a_rounded_corner_evenly(style: BorderStyle) -> None:
    width = 6.0
    box = el(
        0, 0, 200, 120,
        border_top_width=width, border_right_width=width,
        border_bottom_width=width, border_left_width=width,
        border_top_style=style, border_right_style=style,
        border_bottom_style=style, border_left_style=style,
        border_top_color=RED, border_right_color=RED,
        border_bottom_color=RED, border_left_color=RED,
        **_rounded(40),
    )  # fmt: skip
    image = draw(box, 200, 120)
    # the centre line of the border: straight edges and quarter circles of radius 37
    r = 40 - width / 2
    points: list[tuple[float, float]] = []
    corners = ((160, 40, -90), (160, 80, 0), (40, 80, 90), (40, 40, 180))
    for (cx, cy, start), (nx, ny, _) in zip(corners, corners[1:] + corners[:1], strict=True):
        for step in range(180):
            a = math.radians(start + step / 2)
            points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
        ex, ey = (
            cx + r * math.cos(math.radians(start + 90)),
            cy + r * math.sin(math.radians(start + 90)),
        )
        fx, fy = (
            nx + r * math.cos(math.radians(start + 90)),
            ny + r * math.sin(math.radians(start + 90)),
        )
        steps = round(2 * math.hypot(fx - ex, fy - ey))
        points += [(ex + (fx - ex) * i / steps, ey + (fy - ey) * i / steps) for i in range(steps)]
    length = 2 * (120 + 40) + 2 * math.pi * r
    period = 3 * width if style is BorderStyle.DASHED else 2 * width
    runs = _dash_runs(image, points)
    # as many dashes or dots as the loop holds, evenly: none lost or cut up at the corners
    assert runs.count(True) == pytest.approx(length / period, abs=1.5)


def test_a_fill_hanging_off_the_surface_paints_only_its_visible_part() -> None:
    surface = Surface.blank(Region(10, 10, 20, 20))
    surface.fill(Region(10, 10, 20, 20), (0, 0, 0, 255))
    mask = Image.new("L", (40, 40), 0)
    mask.paste(255, (0, 0, 20, 20))  # the mask's top-left quarter: canvas (0..20, 0..20)
    surface.fill(Region(0, 0, 40, 40), (255, 0, 0, 128), mask)
    surface.fill(Region(25, 5, 10, 10), (0, 0, 255, 200))  # corner: canvas (25..30, 10..15)
    image = surface.image
    assert image.size == (20, 20)
    assert image.getpixel((2, 2)) == (128, 0, 0, 255)  # canvas (12, 12): red at half over black
    assert image.getpixel((12, 12)) == (0, 0, 0, 255)  # outside the mask's quarter
    assert image.getpixel((17, 2)) == (0, 0, 200, 255)  # the blue corner on the surface
    assert image.getpixel((17, 7)) == (0, 0, 0, 255)


def test_a_layer_hanging_off_the_surface_is_cropped_with_its_mask() -> None:
    surface = Surface.blank(Region(0, 0, 10, 10))
    layer = Image.new("RGBA", (10, 10), (0, 255, 0, 255))
    mask = Image.new("L", (10, 10), 0)
    mask.paste(255, (5, 5, 10, 10))
    surface.draw(layer, 0, 0, mask)  # mask covers canvas (5..10, 5..10)
    surface.draw(layer, -5, -5, mask)  # mask covers canvas (0..5, 0..5)
    surface.draw(layer, 20, 20)  # nowhere on the surface
    image = surface.image
    assert image.getpixel((2, 2)) == (0, 255, 0, 255)
    assert image.getpixel((7, 7)) == (0, 255, 0, 255)
    assert image.getpixel((7, 2)) == (0, 0, 0, 0)


def test_an_opaque_owned_layer_over_the_whole_surface_becomes_its_pixels() -> None:
    surface = Surface.blank(Region(0, 0, 8, 4))
    layer = Image.new("RGBA", (8, 4), (1, 2, 3, 255))
    surface.draw(layer, 0, 0, opaque=True, own=True)
    assert surface.image is layer
    surface.fill(Region(0, 0, 2, 2), (9, 9, 9, 255))
    assert surface.image.getpixel((1, 1)) == (9, 9, 9, 255)
    assert surface.image.getpixel((5, 3)) == (1, 2, 3, 255)


def test_a_borrowed_layer_is_copied_never_kept() -> None:
    surface = Surface.blank(Region(0, 0, 8, 4))
    layer = Image.new("RGBA", (8, 4), (1, 2, 3, 255))
    surface.draw(layer, 0, 0, opaque=True)
    surface.fill(Region(0, 0, 8, 4), (200, 0, 0, 100), Image.new("L", (8, 4), 255))
    assert surface.image is not layer
    assert layer.getpixel((0, 0)) == (1, 2, 3, 255)


def test_an_opaque_fill_over_everything_paints_over_what_was_there() -> None:
    surface = Surface.blank(Region(5, 5, 4, 4))
    surface.fill(Region(5, 5, 2, 2), (0, 0, 255, 255))
    surface.fill(Region(0, 0, 20, 20), (0, 255, 0, 255))
    assert surface.image.getpixel((0, 0)) == (0, 255, 0, 255)
    assert surface.image.getpixel((3, 3)) == (0, 255, 0, 255)


def test_glyph_runs_are_drawn_with_their_font_features() -> None:
    def ink(features: str) -> tuple[int, int, int, int] | None:
        style = {"fontSize": 40, "fontFeatureSettings": features, "color": "#000"}
        return render_image(h("div", {"style": style}, "office"), width=200, height=60).getbbox()

    with_ligature, without = ink("normal"), ink('"liga" off')
    assert with_ligature is not None
    assert without is not None
    assert without[2] > with_ligature[2]  # "f f i" drawn apart is wider than the "ffi" glyph


def test_img_that_cannot_be_loaded_draws_nothing_inside_its_parent() -> None:
    frame = {"display": "flex", "width": 40, "height": 40, "border": "2px solid red"}
    missing = {"src": "/nowhere/missing.png", "width": "100%", "height": "100%"}
    image = render_image(h("div", {"style": frame}, h("img", missing)), width=60, height=60)
    assert px(image, 1, 1) == RED
    assert px(image, 20, 20) == CLEAR
    assert image.getbbox() == (0, 0, 40, 40)


def test_glyph_coverage_is_kept_in_eighths_and_other_paint_in_full() -> None:
    # white text on black: every pixel is its coverage; the gradient below keeps all levels
    style = {
        "display": "flex",
        "flexDirection": "column",
        "width": "100%",
        "height": "100%",
        "background": "#000",
        "color": "#fff",
        "fontSize": 22,
    }
    ramp = {
        "width": 256,
        "height": 4,
        "marginTop": 12,
        "background": "linear-gradient(to right, #000, #fff)",
    }
    picture = render_image(
        h("div", {"style": style}, h("div", {}, "Glyph edges, 22px"), h("div", {"style": ramp})),
        width=260,
        height=50,
    ).convert("L")
    text = picture.crop((0, 0, 260, 34))
    levels = {value for value, count in enumerate(text.histogram()) if count}
    eighths = {round(k * 255 / 8) for k in range(9)}
    assert levels <= eighths
    assert len(levels) >= 7  # still antialiased, not thresholded
    gradient = picture.crop((0, 42, 256, 46))
    assert sum(1 for count in gradient.histogram() if count) > 200
